//! nlrs's builder against the kernel's own uapi macros.
//!
//! `tests/c/wire_msgs.c` builds reference messages with `NLMSG_*`/`RTA_*` and iproute2's
//! attribute helpers; each test builds the same message with [`MsgBuilder`]/[`Batch`] and
//! requires the same bytes, then reads the C bytes back with nlrs's parser. A second reading of
//! the netlink documentation could share nlrs's misunderstandings; the C headers cannot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use nlrs::wire::consts::*;
use nlrs::wire::{
    Attr, AttrIter, Batch, FixedHeader, GenlMsgHdr, IfAddrMsg, IfInfoMsg, Msg, MsgBuilder, MsgIter,
    RtGenMsg, RtMsg,
};

/// Must match `SEQ` in wire_msgs.c.
const SEQ: u32 = 0x0102_0304;
/// Must match `TEST_MSG_TYPE` in wire_msgs.c.
const TEST_MSG_TYPE: u16 = 0x7e;
/// `VETH_INFO_PEER` from <linux/veth.h>; nlrs's layer 1 has no veth constants.
const VETH_INFO_PEER: u16 = 1;
/// `IFA_F_NOPREFIXROUTE`.
const IFA_F_NOPREFIXROUTE: u32 = 0x200;
const RT_TABLE_UNSPEC: u8 = 0;
const RT_TABLE_MAIN: u8 = 254;
const RTPROT_BOOT: u8 = 3;
const RTPROT_STATIC: u8 = 4;
const RTN_UNICAST: u8 = 1;

/// Every message the C program prints; a case added there without a Rust twin fails
/// `c_program_prints_exactly_the_expected_cases`.
const CASES: &[&str] = &[
    "set_mtu",
    "scalars",
    "newlink_veth",
    "newroute4",
    "newroute6",
    "genl_getfamily",
    "getlink_dump",
    "batch",
];

fn target_triple() -> String {
    // Tests get no TARGET from cargo; the C program only has to run on this machine.
    let env = if cfg!(target_env = "musl") {
        "musl"
    } else {
        "gnu"
    };
    format!("{}-unknown-linux-{}", std::env::consts::ARCH, env)
}

fn build_c_program() -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c/wire_msgs.c");
    // Per process, so concurrent `cargo test` runs sharing a target directory do not race.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("wire_c_equality-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let exe = dir.join("wire_msgs");
    let triple = target_triple();
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .cargo_warnings(false)
        .target(&triple)
        .host(&triple)
        .opt_level(0)
        .warnings(true)
        .extra_warnings(true)
        .try_get_compiler()
        .expect("a C compiler is required for the C equality tests");
    let out = compiler
        .to_command()
        .arg("-std=c11")
        .arg("-Werror")
        .arg("-o")
        .arg(&exe)
        .arg(&src)
        .output()
        .expect("run the C compiler");
    assert!(
        out.status.success(),
        "compiling {} failed:\n{}",
        src.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn c_messages() -> &'static BTreeMap<String, Vec<u8>> {
    static MSGS: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    MSGS.get_or_init(|| {
        let exe = build_c_program();
        let out = Command::new(&exe).output().expect("run the C program");
        assert!(
            out.status.success(),
            "C program failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let _ = std::fs::remove_dir_all(exe.parent().unwrap());
        let text = String::from_utf8(out.stdout).expect("C output is ASCII");
        let mut map = BTreeMap::new();
        for line in text.lines() {
            let (name, hex) = line.split_once(' ').expect("line is '<name> <hex>'");
            assert!(
                map.insert(name.to_owned(), unhex(hex)).is_none(),
                "duplicate case {name}"
            );
        }
        map
    })
}

fn c_bytes(name: &str) -> &'static [u8] {
    c_messages()
        .get(name)
        .unwrap_or_else(|| panic!("the C program printed no case {name}"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn assert_same(name: &str, rust: &[u8]) {
    let c = c_bytes(name);
    if rust != c {
        let first = rust
            .iter()
            .zip(c)
            .position(|(a, b)| a != b)
            .unwrap_or(rust.len().min(c.len()));
        panic!(
            "{name}: nlrs and C differ at byte {first} (lengths {} vs {})\nnlrs {}\nC    {}",
            rust.len(),
            c.len(),
            hex(rust),
            hex(c)
        );
    }
}

/// The single message in `bytes`, which must fill it exactly.
fn only_msg(bytes: &[u8]) -> Msg<'_> {
    let mut it = MsgIter::new(bytes);
    let msg = it.next().expect("one message").expect("well-formed");
    assert!(it.next().is_none(), "exactly one message");
    assert_eq!(msg.bytes().len(), bytes.len());
    msg
}

fn attrs(iter: AttrIter<'_>) -> Vec<Attr<'_>> {
    iter.collect::<Result<Vec<_>, _>>()
        .expect("well-formed attributes")
}

fn kinds(list: &[Attr<'_>]) -> Vec<u16> {
    list.iter().map(Attr::kind).collect()
}

#[test]
fn c_program_prints_exactly_the_expected_cases() {
    let names: Vec<&str> = c_messages().keys().map(String::as_str).collect();
    let mut expected = CASES.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
}

fn set_mtu() -> MsgBuilder {
    let hdr = IfInfoMsg {
        family: AF_UNSPEC,
        index: 7,
        change: 0,
        ..Default::default()
    };
    let mut b = MsgBuilder::with_header(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, &hdr);
    b.put_u32(ifla::MTU, 1000).unwrap();
    b.set_seq(SEQ);
    b
}

#[test]
fn set_mtu_matches_rtnetlink_3_example() {
    assert_same("set_mtu", set_mtu().bytes().unwrap());
}

#[test]
fn set_mtu_parses_from_c() {
    let msg = only_msg(c_bytes("set_mtu"));
    assert_eq!(msg.ty(), RTM_NEWLINK);
    assert_eq!(msg.flags(), NLM_F_REQUEST | NLM_F_ACK);
    assert_eq!(msg.seq(), SEQ);
    assert_eq!(msg.pid(), 0);
    assert_eq!(msg.header().len, 40);
    let ifi: IfInfoMsg = msg.fixed().unwrap();
    assert_eq!(
        ifi,
        IfInfoMsg {
            index: 7,
            ..Default::default()
        }
    );
    let list = attrs(msg.attrs::<IfInfoMsg>().unwrap());
    assert_eq!(kinds(&list), [ifla::MTU]);
    assert_eq!(list[0].u32(), Ok(1000));
}

fn scalars() -> MsgBuilder {
    let mut b = MsgBuilder::new(TEST_MSG_TYPE, NLM_F_REQUEST | NLM_F_ACK);
    b.put_u8(1, 0xab)
        .unwrap()
        .put_u16(2, 0xbeef)
        .unwrap()
        .put_u32(3, 0xdead_beef)
        .unwrap()
        .put_u64(4, 0x0123_4567_89ab_cdef)
        .unwrap()
        .put_str(5, "hello")
        .unwrap()
        .put_flag(6)
        .unwrap()
        .put(7, &[0xa1, 0xb2, 0xc3])
        .unwrap()
        .put_cstr(8, b"")
        .unwrap()
        .put_i32(9, -2)
        .unwrap()
        .put_u8(10, 0x5a)
        .unwrap();
    b.set_seq(SEQ);
    b
}

#[test]
fn scalar_attributes_pad_like_addattr_l() {
    let b = scalars();
    // nlrs has no setter for nlmsg_pid (the kernel fills it in); patch it as C set it.
    let mut bytes = b.bytes().unwrap().to_vec();
    bytes[12..16].copy_from_slice(&0x1122_3344u32.to_ne_bytes());
    assert_same("scalars", &bytes);
    // The trailing padding of the last attribute is part of nlmsg_len, as with addattr_l.
    assert_eq!(bytes.len() % 4, 0);
}

#[test]
fn scalars_parse_from_c() {
    let msg = only_msg(c_bytes("scalars"));
    assert_eq!(msg.ty(), TEST_MSG_TYPE);
    assert_eq!(msg.pid(), 0x1122_3344);
    let list = attrs(msg.attrs_after(0).unwrap());
    assert_eq!(kinds(&list), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(list[0].u8(), Ok(0xab));
    assert_eq!(list[1].u16(), Ok(0xbeef));
    assert_eq!(
        list[1].u16_be(),
        Ok(u16::from_be_bytes(0xbeef_u16.to_ne_bytes()))
    );
    assert_eq!(list[2].u32(), Ok(0xdead_beef));
    // The u64 sits at offset 44 of the message: 4-byte aligned only.
    let at = list[3].payload().as_ptr() as usize - msg.bytes().as_ptr() as usize;
    assert_eq!(at, 44);
    assert_eq!(list[3].u64(), Ok(0x0123_4567_89ab_cdef));
    assert_eq!(list[4].str(), Ok("hello"));
    assert_eq!(list[4].payload(), b"hello\0");
    assert_eq!(list[5].payload(), b"");
    assert_eq!(list[6].payload(), [0xa1, 0xb2, 0xc3]);
    assert_eq!(list[7].str(), Ok(""));
    assert_eq!(list[8].i32(), Ok(-2));
    assert_eq!(list[8].u32(), Ok(0xffff_fffe));
    assert_eq!(list[9].u8(), Ok(0x5a));
    assert!(list.iter().all(|a| !a.is_nested() && !a.is_net_byteorder()));
}

fn newlink_veth() -> MsgBuilder {
    let flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    let mut b = MsgBuilder::with_header(RTM_NEWLINK, flags, &IfInfoMsg::default());
    b.put_str(ifla::IFNAME, "veth0").unwrap();
    let linkinfo = b.nest_start(ifla::LINKINFO).unwrap();
    b.put_str(ifla::INFO_KIND, "veth").unwrap();
    let data = b.nest_start(ifla::INFO_DATA).unwrap();
    // The peer's payload is a family header followed by attributes, which a nest cannot
    // start with; a second builder produces it, as a family layer would.
    let mut peer = MsgBuilder::with_header(0, 0, &IfInfoMsg::default());
    peer.put_str(ifla::IFNAME, "veth1")
        .unwrap()
        .put_u32(ifla::MTU, 1400)
        .unwrap();
    b.put(VETH_INFO_PEER | NLA_F_NESTED, &peer.bytes().unwrap()[16..])
        .unwrap();
    b.nest_end(data).unwrap();
    b.nest_end(linkinfo).unwrap();
    b.put_u32(ifla::MTU, 1500).unwrap();
    b.set_seq(SEQ);
    b
}

#[test]
fn nested_linkinfo_matches_addattr_nest() {
    assert_same("newlink_veth", newlink_veth().bytes().unwrap());
}

#[test]
fn nested_linkinfo_parses_from_c() {
    let msg = only_msg(c_bytes("newlink_veth"));
    assert_eq!(
        msg.flags(),
        NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
    );
    let top = attrs(msg.attrs::<IfInfoMsg>().unwrap());
    assert_eq!(kinds(&top), [ifla::IFNAME, ifla::LINKINFO, ifla::MTU]);
    assert_eq!(top[0].str(), Ok("veth0"));
    assert_eq!(top[2].u32(), Ok(1500));

    let linkinfo = top[1];
    assert!(linkinfo.is_nested());
    assert_eq!(linkinfo.raw_type(), ifla::LINKINFO | NLA_F_NESTED);
    let info = attrs(linkinfo.nested());
    assert_eq!(kinds(&info), [ifla::INFO_KIND, ifla::INFO_DATA]);
    assert_eq!(info[0].str(), Ok("veth"));
    assert!(info[1].is_nested());

    let data = attrs(info[1].nested());
    assert_eq!(kinds(&data), [VETH_INFO_PEER]);
    assert!(data[0].is_nested());
    let peer = data[0].payload();
    assert_eq!(IfInfoMsg::parse(peer), Ok(IfInfoMsg::default()));
    let peer_attrs = attrs(AttrIter::new(&peer[IfInfoMsg::LEN..]));
    assert_eq!(kinds(&peer_attrs), [ifla::IFNAME, ifla::MTU]);
    assert_eq!(peer_attrs[0].str(), Ok("veth1"));
    assert_eq!(peer_attrs[1].u32(), Ok(1400));

    // A nest's length covers its children's padding, as addattr_nest_end computes it.
    assert_eq!(linkinfo.payload().len() % 4, 0);
    assert_eq!(
        linkinfo.payload().len(),
        info.iter()
            .map(|a| 4 + a.payload().len().next_multiple_of(4))
            .sum::<usize>()
    );
}

fn route4() -> MsgBuilder {
    let hdr = RtMsg {
        family: AF_INET,
        dst_len: 24,
        table: RT_TABLE_MAIN,
        protocol: RTPROT_STATIC,
        scope: 0,
        ty: RTN_UNICAST,
        ..Default::default()
    };
    let flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    let mut b = MsgBuilder::with_header(RTM_NEWROUTE, flags, &hdr);
    b.put(rta::DST, &[10, 1, 2, 0])
        .unwrap()
        .put(rta::GATEWAY, &[192, 168, 1, 1])
        .unwrap()
        .put_u32(rta::OIF, 3)
        .unwrap()
        .put_u32(rta::TABLE, u32::from(RT_TABLE_MAIN))
        .unwrap();
    b.set_seq(SEQ);
    b
}

fn route6() -> MsgBuilder {
    let hdr = RtMsg {
        family: AF_INET6,
        dst_len: 32,
        table: RT_TABLE_UNSPEC,
        protocol: RTPROT_BOOT,
        scope: 0,
        ty: RTN_UNICAST,
        ..Default::default()
    };
    let flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
    let mut dst = [0u8; 16];
    dst[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
    let mut gw = [0u8; 16];
    gw[0] = 0xfe;
    gw[1] = 0x80;
    gw[15] = 1;
    let mut b = MsgBuilder::with_header(RTM_NEWROUTE, flags, &hdr);
    b.put(rta::DST, &dst)
        .unwrap()
        .put(rta::GATEWAY, &gw)
        .unwrap()
        .put_u32(rta::OIF, 3)
        .unwrap()
        .put_u32(rta::PRIORITY, 1024)
        .unwrap()
        .put_u32(rta::TABLE, 1000)
        .unwrap();
    b.set_seq(SEQ);
    b
}

#[test]
fn route_matches_rtmsg_and_rta_macros() {
    assert_same("newroute4", route4().bytes().unwrap());
    assert_same("newroute6", route6().bytes().unwrap());
}

#[test]
fn route_parses_from_c() {
    let msg = only_msg(c_bytes("newroute4"));
    assert_eq!(msg.ty(), RTM_NEWROUTE);
    let rtm: RtMsg = msg.fixed().unwrap();
    assert_eq!(
        (rtm.family, rtm.dst_len, rtm.table, rtm.protocol, rtm.ty),
        (AF_INET, 24, RT_TABLE_MAIN, RTPROT_STATIC, RTN_UNICAST)
    );
    let list = attrs(msg.attrs::<RtMsg>().unwrap());
    assert_eq!(kinds(&list), [rta::DST, rta::GATEWAY, rta::OIF, rta::TABLE]);
    assert_eq!(list[0].payload(), [10, 1, 2, 0]);
    assert_eq!(list[1].payload(), [192, 168, 1, 1]);
    assert_eq!(list[1].u32_be(), Ok(0xc0a8_0101));
    assert_eq!(list[2].u32(), Ok(3));
    assert_eq!(list[3].u32(), Ok(254));

    let msg = only_msg(c_bytes("newroute6"));
    let rtm: RtMsg = msg.fixed().unwrap();
    assert_eq!((rtm.family, rtm.table), (AF_INET6, RT_TABLE_UNSPEC));
    let list = msg.attrs::<RtMsg>().unwrap();
    let table = list.clone().find(rta::TABLE).unwrap().unwrap();
    assert_eq!(table.u32(), Ok(1000));
    let dst = list.clone().find(rta::DST).unwrap().unwrap();
    assert_eq!(dst.payload().len(), 16);
    assert_eq!(&dst.payload()[..4], [0x20, 0x01, 0x0d, 0xb8]);
    assert_eq!(list.find(rta::MARK), Ok(None));
}

fn genl_getfamily() -> MsgBuilder {
    let hdr = GenlMsgHdr {
        cmd: genl::CTRL_CMD_GETFAMILY,
        version: 2,
        reserved: 0,
    };
    let mut b = MsgBuilder::with_header(genl::ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, &hdr);
    b.put_str(genl::CTRL_ATTR_FAMILY_NAME, "nlctrl")
        .unwrap()
        .put_u16(genl::CTRL_ATTR_FAMILY_ID, genl::ID_CTRL)
        .unwrap();
    b.set_seq(SEQ);
    b
}

#[test]
fn genl_matches_genlmsghdr_macros() {
    assert_same("genl_getfamily", genl_getfamily().bytes().unwrap());
}

#[test]
fn genl_parses_from_c() {
    let msg = only_msg(c_bytes("genl_getfamily"));
    assert_eq!(msg.ty(), genl::ID_CTRL);
    let g: GenlMsgHdr = msg.fixed().unwrap();
    assert_eq!(
        (g.cmd, g.version, g.reserved),
        (genl::CTRL_CMD_GETFAMILY, 2, 0)
    );
    let list = attrs(msg.attrs::<GenlMsgHdr>().unwrap());
    assert_eq!(
        kinds(&list),
        [genl::CTRL_ATTR_FAMILY_NAME, genl::CTRL_ATTR_FAMILY_ID]
    );
    assert_eq!(list[0].str(), Ok("nlctrl"));
    assert_eq!(list[1].u16(), Ok(genl::ID_CTRL));
}

#[test]
fn one_byte_family_header_is_padded_like_nlmsg_space() {
    let mut b = MsgBuilder::with_header(
        RTM_GETLINK,
        NLM_F_REQUEST | NLM_F_DUMP,
        &RtGenMsg { family: AF_UNSPEC },
    );
    b.set_seq(SEQ);
    assert_eq!(b.fixed_len(), 1);
    assert_same("getlink_dump", b.bytes().unwrap());

    let msg = only_msg(c_bytes("getlink_dump"));
    assert_eq!(msg.fixed::<RtGenMsg>(), Ok(RtGenMsg { family: AF_UNSPEC }));
    assert_eq!(msg.attrs::<RtGenMsg>().unwrap().count(), 0);
}

fn batch() -> Batch {
    let link = IfInfoMsg {
        index: 7,
        flags: IFF_UP,
        change: IFF_UP,
        ..Default::default()
    };
    let mut up = MsgBuilder::with_header(RTM_NEWLINK, 0, &link);
    up.put_str(ifla::IFALIAS, "uplink").unwrap();
    let addr = IfAddrMsg {
        family: AF_INET,
        prefixlen: 24,
        index: 7,
        ..Default::default()
    };
    let mut add = MsgBuilder::with_header(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &addr);
    add.put(ifa::LOCAL, &[10, 0, 0, 1])
        .unwrap()
        .put(ifa::ADDRESS, &[10, 0, 0, 1])
        .unwrap()
        .put_str(ifa::LABEL, "eth0:1")
        .unwrap()
        .put_u32(ifa::FLAGS, IFA_F_NOPREFIXROUTE)
        .unwrap();
    let mut batch = Batch::new();
    batch.push(&up).unwrap().push(&add).unwrap();
    batch.stamp(500, NLM_F_REQUEST | NLM_F_ACK);
    batch
}

#[test]
fn batch_matches_nlmsg_next_layout() {
    let batch = batch();
    assert_eq!(batch.len(), 2);
    assert_same("batch", batch.bytes());
    let (first, first_fixed) = batch.message(0).unwrap();
    let (second, second_fixed) = batch.message(1).unwrap();
    assert_eq!(
        (first_fixed, second_fixed),
        (IfInfoMsg::LEN, IfAddrMsg::LEN)
    );
    assert_eq!(batch.span(0..1), 0..first.len());
    assert_eq!(batch.span(1..2), first.len()..first.len() + second.len());
    assert_eq!(batch.span(0..2), 0..batch.bytes().len());
}

#[test]
fn batch_parses_from_c() {
    let msgs = MsgIter::new(c_bytes("batch"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(msgs.len(), 2);
    assert_eq!(
        msgs.iter().map(|m| (m.ty(), m.seq())).collect::<Vec<_>>(),
        [(RTM_NEWLINK, 500), (RTM_NEWADDR, 501)]
    );
    assert_eq!(msgs[0].flags(), NLM_F_REQUEST | NLM_F_ACK);
    assert_eq!(
        msgs[1].flags(),
        NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
    );
    let ifi: IfInfoMsg = msgs[0].fixed().unwrap();
    assert_eq!((ifi.index, ifi.flags, ifi.change), (7, IFF_UP, IFF_UP));
    let alias = msgs[0].attrs::<IfInfoMsg>().unwrap().find(ifla::IFALIAS);
    assert_eq!(alias.unwrap().unwrap().str(), Ok("uplink"));

    let ifa: IfAddrMsg = msgs[1].fixed().unwrap();
    assert_eq!((ifa.family, ifa.prefixlen, ifa.index), (AF_INET, 24, 7));
    let list = attrs(msgs[1].attrs::<IfAddrMsg>().unwrap());
    assert_eq!(
        kinds(&list),
        [ifa::LOCAL, ifa::ADDRESS, ifa::LABEL, ifa::FLAGS]
    );
    assert_eq!(list[2].str(), Ok("eth0:1"));
    assert_eq!(list[3].u32(), Ok(IFA_F_NOPREFIXROUTE));
}

#[test]
fn every_rust_twin_round_trips_through_the_parser() {
    // The builders' own output must parse to the same structure as the C bytes, so a bug
    // shared by builder and parser cannot hide behind the equality tests.
    for (name, b) in [
        ("set_mtu", set_mtu()),
        ("newlink_veth", newlink_veth()),
        ("newroute4", route4()),
        ("newroute6", route6()),
        ("genl_getfamily", genl_getfamily()),
    ] {
        let ours = only_msg(b.bytes().unwrap());
        let theirs = only_msg(c_bytes(name));
        assert_eq!(ours.header(), theirs.header(), "{name}");
        let a = attrs(ours.attrs_after(b.fixed_len()).unwrap());
        let c = attrs(theirs.attrs_after(b.fixed_len()).unwrap());
        assert_eq!(a, c, "{name}");
    }
}
