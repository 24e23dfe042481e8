//! Property tests of the wire codec over random and mutated input.
//!
//! No fuzzing crate: a fixed-seed SplitMix64 makes every run see the same inputs, so a failure
//! is reproducible from its printed hex. Every reader in layer 1 is run over each input and
//! must neither panic nor loop: each iterator is held to a step bound proportional to the input
//! length, and the whole run to a wall-clock deadline that catches loops no counter can see.
//! Well-formed messages are also built from random attribute trees and compared against an
//! independent encoder and parsed back.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)] // the fuzz targets' entry points: only their attribute checks are used here
mod fuzz;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use nlrs::wire::ack::attr_path_at;
use nlrs::wire::consts::*;
use nlrs::wire::{
    Attr, AttrIter, DoneMsg, ErrorMsg, FixedHeader, GenlMsgHdr, IfAddrMsg, IfInfoMsg, Msg,
    MsgBuilder, MsgIter, NdMsg, NlMsgErr, NlMsgHdr, ParseError, Reply, RtGenMsg, RtMsg,
};

/// Far above the few seconds a debug build needs; only a loop gets near it.
const DEADLINE: Duration = Duration::from_secs(120);
const MAX_DEPTH: usize = 4;

thread_local! {
    /// How often each outcome was reached on this thread, so a generator that stops reaching
    /// the deep paths fails instead of passing vacuously.
    static HITS: RefCell<BTreeMap<&'static str, u64>> = const { RefCell::new(BTreeMap::new()) };
}

fn hit(what: &'static str) {
    HITS.with(|h| *h.borrow_mut().entry(what).or_default() += 1);
}

fn assert_reached(label: &str, wanted: &[(&str, u64)]) {
    HITS.with(|h| {
        let h = h.borrow();
        for &(what, min) in wanted {
            let got = h.get(what).copied().unwrap_or(0);
            assert!(
                got >= min,
                "{label}: {what} reached {got} times, want {min}: {h:?}"
            );
        }
    });
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs `f` on another thread and fails if it does not finish within [`DEADLINE`].
fn with_deadline(name: &str, f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(f));
        let _ = tx.send(());
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(()) => {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(_) => panic!("{name}: still running after {DEADLINE:?}: a parser loops"),
    }
}

/// Runs every reader over `buf`, reporting the input if any of them panics.
fn check(label: &str, i: usize, buf: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| exercise(buf))).is_err() {
        panic!("{label} input #{i} failed: {}", hex(buf));
    }
}

fn exercise(buf: &[u8]) {
    walk_msgs(buf);
    // The same bytes seen as attributes, and from unaligned starts.
    for skip in 0..4.min(buf.len() + 1) {
        walk_attrs(
            AttrIter::new(&buf[skip..]),
            buf.len() - skip,
            0,
            &mut Vec::new(),
        );
    }
    for skip in [1, 2, 3, 4, 8] {
        if let Some(rest) = buf.get(skip..) {
            if let Ok(m) = Msg::parse(rest) {
                check_msg(rest, m);
            }
        }
    }
}

fn walk_msgs(buf: &[u8]) {
    let mut it = MsgIter::new(buf);
    // Every Ok consumes at least a header; at most one Err ends the walk.
    let bound = buf.len() / 16 + 1;
    let mut steps = 0;
    loop {
        let before = it.remaining().len();
        let Some(item) = it.next() else { break };
        steps += 1;
        assert!(
            steps <= bound,
            "MsgIter took {steps} steps over {} bytes",
            buf.len()
        );
        match item {
            Ok(m) => {
                hit("msg");
                assert!(m.bytes().len() >= 16 && m.bytes().len() <= before);
                assert_eq!(m.header().len as usize, m.bytes().len());
                assert!(it.remaining().len() < before);
                check_msg(buf, m);
            }
            Err(e) => {
                hit("msg error");
                match e {
                    ParseError::HeaderTruncated { have } => {
                        assert_eq!(have, before);
                        assert!(have < 16);
                    }
                    ParseError::MsgLen { nlmsg_len, have } => {
                        assert_eq!(have, before);
                        assert!((nlmsg_len as usize) < 16 || nlmsg_len as usize > have);
                    }
                    other => panic!("MsgIter gave {other:?}"),
                }
                assert!(it.next().is_none(), "MsgIter went on after an error");
                break;
            }
        }
    }
    assert!(it.next().is_none());
}

fn within(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    i >= o && i + inner.len() <= o + outer.len()
}

fn check_msg(buf: &[u8], m: Msg<'_>) {
    assert!(within(buf, m.bytes()));
    let payload = m.payload();
    assert_eq!(payload.len() + 16, m.bytes().len());

    assert_eq!(
        m.fixed::<NlMsgErr>().is_ok(),
        payload.len() >= NlMsgErr::LEN
    );
    assert_eq!(
        m.fixed::<IfInfoMsg>().is_ok(),
        payload.len() >= IfInfoMsg::LEN
    );
    assert_eq!(
        m.fixed::<IfAddrMsg>().is_ok(),
        payload.len() >= IfAddrMsg::LEN
    );
    assert_eq!(m.fixed::<RtMsg>().is_ok(), payload.len() >= RtMsg::LEN);
    assert_eq!(m.fixed::<NdMsg>().is_ok(), payload.len() >= NdMsg::LEN);
    assert_eq!(
        m.fixed::<RtGenMsg>().is_ok(),
        payload.len() >= RtGenMsg::LEN
    );
    assert_eq!(
        m.fixed::<GenlMsgHdr>().is_ok(),
        payload.len() >= GenlMsgHdr::LEN
    );
    assert_eq!(
        m.fixed::<NlMsgHdr>().is_ok(),
        payload.len() >= NlMsgHdr::LEN
    );

    match Reply::classify(m) {
        Ok(Reply::Ack(e)) | Ok(Reply::Error(e)) => {
            hit("error decoded");
            if !e.ext_ack().is_empty() {
                hit("ext ack");
            }
            if e.ext_ack().offset.is_some() {
                hit("ext ack offset");
            }
            assert_eq!(m.ty(), NLMSG_ERROR);
            check_ext_ack_paths(&e, m);
        }
        Ok(Reply::Done(d)) => {
            hit("done decoded");
            assert_eq!(m.ty(), NLMSG_DONE);
            assert!(d.errno() >= 0);
            let _ = d.ext_ack().to_info(Some((m.bytes(), 0)));
        }
        Ok(Reply::Noop) => assert_eq!(m.ty(), NLMSG_NOOP),
        Ok(Reply::Overrun) => assert_eq!(m.ty(), NLMSG_OVERRUN),
        Ok(Reply::Data(d)) => {
            assert_eq!(d, m);
            assert!(![NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN].contains(&m.ty()));
        }
        Ok(other) => panic!("a reply this test does not know: {other:?}"),
        Err(e) => {
            hit("control error");
            assert!([NLMSG_ERROR, NLMSG_DONE].contains(&m.ty()), "{e:?}");
            assert!(!matches!(
                e,
                ParseError::HeaderTruncated { .. } | ParseError::MsgLen { .. }
            ));
        }
    }
    // Decoders must cope with any message, whatever its type says.
    if let Ok(e) = ErrorMsg::decode(&m) {
        check_ext_ack_paths(&e, m);
    }
    if let Ok(d) = DoneMsg::decode(&m) {
        assert!(d.errno() >= 0);
    }

    for fixed_len in [0, 1, 4, 12, 16, 20] {
        let mut starts = Vec::new();
        match m.attrs_after(fixed_len) {
            Ok(iter) => {
                assert!(payload.len() >= fixed_len);
                walk_attrs(iter, payload.len(), 0, &mut starts);
            }
            Err(e) => {
                assert!(payload.len() < fixed_len);
                assert_eq!(
                    e,
                    ParseError::FixedHeaderTruncated {
                        need: fixed_len,
                        have: payload.len()
                    }
                );
            }
        }
        let msg_start = m.bytes().as_ptr() as usize;
        let mut offsets: Vec<u32> = starts
            .iter()
            .filter_map(|&p| p.checked_sub(msg_start))
            .map(|o| o as u32)
            .collect();
        offsets.extend([0, 16, 20, 32, m.bytes().len() as u32, u32::MAX]);
        for offs in offsets {
            let path = attr_path_at(m.bytes(), fixed_len, offs);
            if path.len() >= 2 {
                hit("nested path");
            }
            // Each level of a path is at least an attribute header deep.
            assert!(path.len() <= m.bytes().len() / 4, "path {path:?}");
        }
    }
}

fn check_ext_ack_paths(e: &ErrorMsg<'_>, m: Msg<'_>) {
    assert_eq!(e.raw().error == 0, e.errno() == 0);
    let info = e.ext_ack().to_info(Some((m.bytes(), 16)));
    assert_eq!(info.offset, e.ext_ack().offset);
    assert!(info.attr_path.len() <= m.bytes().len() / 4);
    assert!(e.ext_ack().to_info(None).attr_path.is_empty());
}

/// Walks attributes, recursing into every payload as if nested, recording where each starts.
fn walk_attrs(mut iter: AttrIter<'_>, len: usize, depth: usize, starts: &mut Vec<usize>) {
    let bound = len / 4 + 1;
    let mut steps = 0;
    while let Some(item) = iter.next() {
        steps += 1;
        assert!(
            steps <= bound,
            "AttrIter took {steps} steps over {len} bytes"
        );
        match item {
            Ok(a) => {
                hit([
                    "attr",
                    "attr depth 1",
                    "attr depth 2",
                    "attr depth 3",
                    "attr depth 4",
                ][depth]);
                assert!(a.payload().len() + 4 <= len);
                starts.push(a.payload().as_ptr() as usize - 4);
                fuzz::check_attr(a);
                if depth < MAX_DEPTH {
                    walk_attrs(a.nested(), a.payload().len(), depth + 1, starts);
                }
            }
            Err(e) => {
                hit("attr error");
                assert!(
                    matches!(
                        e,
                        ParseError::AttrHeaderTruncated { .. } | ParseError::AttrLen { .. }
                    ),
                    "AttrIter gave {e:?}"
                );
                assert!(iter.next().is_none(), "AttrIter went on after an error");
                return;
            }
        }
    }
}

// ---- seeds: valid messages of every shape the codec reads ----

fn corpus() -> Vec<Vec<u8>> {
    let mut out = Vec::new();

    let mut b = MsgBuilder::with_header(RTM_NEWLINK, NLM_F_REQUEST, &IfInfoMsg::default());
    b.put_str(ifla::IFNAME, "veth0").unwrap();
    b.put_u32(ifla::MTU, 1500).unwrap();
    let li = b.nest_start(ifla::LINKINFO).unwrap();
    b.put_str(ifla::INFO_KIND, "veth").unwrap();
    let data = b.nest_start(ifla::INFO_DATA).unwrap();
    let peer = b.nest_start(1).unwrap();
    b.put_u64(7, u64::MAX).unwrap();
    b.put_u8(8, 1).unwrap();
    b.nest_end(peer).unwrap();
    b.nest_end(data).unwrap();
    b.nest_end(li).unwrap();
    b.put(ifla::ADDRESS, &[2, 0, 0, 0, 0, 1]).unwrap();
    let newlink = b.bytes().unwrap().to_vec();
    out.push(newlink.clone());

    let mut b = MsgBuilder::with_header(RTM_NEWROUTE, NLM_F_MULTI, &RtMsg::default());
    b.put(rta::DST, &[10, 0, 0, 0]).unwrap();
    b.put_u32(rta::TABLE, 254).unwrap();
    b.put_flag(99).unwrap();
    out.push(b.bytes().unwrap().to_vec());

    let mut b = MsgBuilder::with_header(genl::ID_CTRL, 0, &GenlMsgHdr::default());
    b.put_str(genl::CTRL_ATTR_FAMILY_NAME, "nlctrl").unwrap();
    let ops = b.nest_start(genl::CTRL_ATTR_OPS).unwrap();
    for i in 1..4 {
        let op = b.nest_start(i).unwrap();
        b.put_u32(1, u32::from(i)).unwrap();
        b.nest_end(op).unwrap();
    }
    b.nest_end(ops).unwrap();
    out.push(b.bytes().unwrap().to_vec());

    let tlv = |ty: u16, p: &[u8]| {
        let mut v = ((4 + p.len()) as u16).to_ne_bytes().to_vec();
        v.extend_from_slice(&ty.to_ne_bytes());
        v.extend_from_slice(p);
        v.resize(v.len().next_multiple_of(4), 0);
        v
    };
    let tlvs = [
        tlv(NLMSGERR_ATTR_MSG, b"Unknown device type\0"),
        tlv(NLMSGERR_ATTR_OFFS, &56u32.to_ne_bytes()),
        tlv(NLMSGERR_ATTR_MISS_TYPE, &3u32.to_ne_bytes()),
        tlv(NLMSGERR_ATTR_MISS_NEST, &52u32.to_ne_bytes()),
        tlv(NLMSGERR_ATTR_COOKIE, &[1, 2, 3]),
        tlv(NLMSGERR_ATTR_POLICY, &tlv(1, &[0; 4])),
    ]
    .concat();
    let control = |ty: u16, flags: u16, payload: &[u8]| {
        let mut v = ((16 + payload.len()) as u32).to_ne_bytes().to_vec();
        v.extend_from_slice(&ty.to_ne_bytes());
        v.extend_from_slice(&flags.to_ne_bytes());
        v.extend_from_slice(&[0; 8]);
        v.extend_from_slice(payload);
        v
    };
    // Capped error, uncapped error echoing the whole request, ACK with a warning.
    let capped = [&(-95i32).to_ne_bytes()[..], &newlink[..16], &tlvs].concat();
    out.push(control(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, &capped));
    let uncapped = [&(-22i32).to_ne_bytes()[..], &newlink, &tlvs].concat();
    out.push(control(NLMSG_ERROR, NLM_F_ACK_TLVS, &uncapped));
    let ack = [&0i32.to_ne_bytes()[..], &newlink[..16], &tlvs[..24]].concat();
    out.push(control(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, &ack));
    let done = [&(-22i32).to_ne_bytes()[..], &tlvs].concat();
    out.push(control(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, &done));
    out.push(control(NLMSG_DONE, NLM_F_MULTI, &0i32.to_ne_bytes()));
    out.push(control(NLMSG_NOOP, 0, &[]));

    // A dump datagram: several messages, the last one DONE.
    let dump = [out[1].clone(), out[1].clone(), out[6].clone()].concat();
    out.push(dump);
    out
}

/// Values that sit on the edges of every length check.
fn edge_u16(rng: &mut Rng, current: u16) -> u16 {
    let choices = [
        0,
        1,
        3,
        4,
        5,
        8,
        0x7fff,
        0xffff,
        current.wrapping_add(1),
        current.wrapping_sub(1),
        current.wrapping_add(4),
        current.wrapping_sub(4),
        rng.next() as u16,
    ];
    rng.pick(&choices)
}

fn edge_u32(rng: &mut Rng, current: u32) -> u32 {
    let choices = [
        0,
        1,
        15,
        16,
        17,
        20,
        u32::MAX,
        u32::MAX - 15,
        0x8000_0000,
        current.wrapping_add(1),
        current.wrapping_sub(1),
        current.wrapping_add(4),
        current.wrapping_sub(4),
        rng.next() as u32,
    ];
    rng.pick(&choices)
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(9) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            // Length and type fields sit at 4-aligned offsets.
            2 | 3 if v.len() >= 2 => {
                let i = rng.below(v.len() / 4 + 1) * 4;
                let i = i.min(v.len() - 2);
                let cur = u16::from_ne_bytes([v[i], v[i + 1]]);
                let new = edge_u16(rng, cur);
                v[i..i + 2].copy_from_slice(&new.to_ne_bytes());
            }
            4 if v.len() >= 4 => {
                let i = (rng.below(v.len() / 4 + 1) * 4).min(v.len() - 4);
                let cur = u32::from_ne_bytes(v[i..i + 4].try_into().unwrap());
                let new = edge_u32(rng, cur);
                v[i..i + 4].copy_from_slice(&new.to_ne_bytes());
            }
            5 => {
                let keep = rng.below(v.len() + 1);
                v.truncate(keep);
            }
            6 => {
                let n = rng.below(24);
                let extra = rng.bytes(n);
                v.extend_from_slice(&extra);
            }
            7 if !v.is_empty() => {
                // Shifts everything after it off its alignment.
                let at = rng.below(v.len());
                let n = 1 + rng.below(3);
                let extra = rng.bytes(n);
                v.splice(at..at, extra);
            }
            8 if !v.is_empty() => {
                let from = rng.below(v.len());
                let to = from + rng.below(v.len() - from + 1);
                let chunk = v[from..to].to_vec();
                let at = rng.below(v.len() + 1);
                v.splice(at..at, chunk);
            }
            _ => {}
        }
    }
    v
}

#[test]
fn random_bytes_never_panic_or_loop() {
    with_deadline("random bytes", || {
        let mut rng = Rng(0x6e6c_7273_0001);
        let n = 80_000;
        for i in 0..n {
            let len = rng.below(97);
            let mut buf = rng.bytes(len);
            // Plausible lengths reach deeper than uniformly random ones.
            if len >= 4 && rng.below(2) == 0 {
                let l = (rng.below(len + 8) as u32).to_ne_bytes();
                buf[..4].copy_from_slice(&l);
            }
            check("random", i, &buf);
        }
        assert_reached(
            "random bytes",
            &[("msg", 10_000), ("msg error", 10_000), ("attr", 10_000)],
        );
    });
}

#[test]
fn mutated_messages_never_panic_or_loop() {
    with_deadline("mutations", || {
        let seeds = corpus();
        let mut rng = Rng(0x6e6c_7273_0002);
        let n = 120_000;
        for i in 0..n {
            let seed = &seeds[rng.below(seeds.len())];
            let buf = mutate(&mut rng, seed);
            check("mutated", i, &buf);
        }
        assert_reached(
            "mutations",
            &[
                ("msg", 80_000),
                ("msg error", 10_000),
                ("attr error", 10_000),
                ("attr depth 3", 10_000),
                ("error decoded", 5_000),
                ("ext ack offset", 2_000),
                ("done decoded", 5_000),
                ("control error", 1_000),
                ("nested path", 10_000),
            ],
        );
    });
}

#[test]
fn systematic_truncations_and_length_edits() {
    with_deadline("systematic", || {
        let seeds = corpus();
        let mut count = 0;
        for seed in &seeds {
            check("seed", count, seed);
            count += 1;
            for cut in 0..seed.len() {
                check("truncated", count, &seed[..cut]);
                count += 1;
            }
            for at in (0..seed.len().saturating_sub(1)).step_by(4) {
                for v in [0u16, 1, 3, 4, 5, 0xffff] {
                    let mut m = seed.clone();
                    m[at..at + 2].copy_from_slice(&v.to_ne_bytes());
                    check("u16 edit", count, &m);
                    count += 1;
                }
            }
        }
        assert!(count > 2_000, "only {count} systematic inputs");
    });
}

// ---- well-formed messages from random attribute trees ----

#[derive(Debug, Clone)]
enum Node {
    Leaf(u16, Vec<u8>),
    Nest(u16, Vec<Node>),
}

fn random_tree(rng: &mut Rng, depth: usize, budget: &mut usize) -> Vec<Node> {
    let mut nodes = Vec::new();
    for _ in 0..rng.below(6) {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let ty = rng.below(0x4000) as u16;
        if depth < 3 && rng.below(4) == 0 {
            nodes.push(Node::Nest(ty, random_tree(rng, depth + 1, budget)));
        } else {
            let len = rng.pick(&[0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 33]);
            nodes.push(Node::Leaf(ty, rng.bytes(len)));
        }
    }
    nodes
}

fn build(b: &mut MsgBuilder, nodes: &[Node]) {
    for node in nodes {
        match node {
            Node::Leaf(ty, p) => {
                b.put(*ty, p).unwrap();
            }
            Node::Nest(ty, kids) => {
                let nest = b.nest_start(*ty).unwrap();
                build(b, kids);
                b.nest_end(nest).unwrap();
            }
        }
    }
}

/// An encoder written from the netlink layout alone, to hold the builder to it.
fn encode(nodes: &[Node]) -> Vec<u8> {
    let mut out = Vec::new();
    for node in nodes {
        let (ty, payload) = match node {
            Node::Leaf(ty, p) => (*ty, p.clone()),
            Node::Nest(ty, kids) => (*ty | NLA_F_NESTED, encode(kids)),
        };
        out.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
        out.extend_from_slice(&ty.to_ne_bytes());
        out.extend_from_slice(&payload);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}

fn compare(nodes: &[Node], iter: AttrIter<'_>) {
    let got: Vec<Attr<'_>> = iter.map(Result::unwrap).collect();
    assert_eq!(got.len(), nodes.len());
    for (node, a) in nodes.iter().zip(got) {
        match node {
            Node::Leaf(ty, p) => {
                assert_eq!((a.kind(), a.is_nested(), a.payload()), (*ty, false, &p[..]));
            }
            Node::Nest(ty, kids) => {
                assert_eq!((a.kind(), a.is_nested()), (*ty, true));
                compare(kids, a.nested());
            }
        }
    }
}

#[test]
fn random_trees_build_and_parse_back() {
    with_deadline("round trips", || {
        let mut rng = Rng(0x6e6c_7273_0003);
        let fixed_lens = [0usize, 1, 4, 12, 16];
        for i in 0..20_000 {
            let tree = random_tree(&mut rng, 0, &mut 24);
            let fixed_len = rng.pick(&fixed_lens);
            let fixed = rng.bytes(fixed_len);
            let ty = (NLMSG_MIN_TYPE as usize + rng.below(200)) as u16;
            let flags = rng.next() as u16;
            let mut b = MsgBuilder::new(ty, flags);
            b.fixed_bytes(&fixed).unwrap();
            build(&mut b, &tree);
            b.set_seq(i as u32);
            let bytes = b.bytes().unwrap();

            let mut expected = vec![0u8; 4];
            expected.extend_from_slice(&ty.to_ne_bytes());
            expected.extend_from_slice(&flags.to_ne_bytes());
            expected.extend_from_slice(&(i as u32).to_ne_bytes());
            expected.extend_from_slice(&0u32.to_ne_bytes());
            expected.extend_from_slice(&fixed);
            expected.resize(expected.len().next_multiple_of(4), 0);
            expected.extend_from_slice(&encode(&tree));
            let total = expected.len() as u32;
            expected[..4].copy_from_slice(&total.to_ne_bytes());
            assert_eq!(bytes, &expected[..], "tree {tree:?}");

            let mut it = MsgIter::new(bytes);
            let m = it.next().unwrap().unwrap();
            assert!(it.next().is_none());
            assert_eq!((m.ty(), m.flags(), m.seq()), (ty, flags, i as u32));
            assert_eq!(&m.payload()[..fixed_len], &fixed[..]);
            compare(&tree, m.attrs_after(fixed_len).unwrap());
            check("round trip", i, bytes);
        }
    });
}
