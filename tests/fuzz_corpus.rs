//! The fuzz targets' entry points (`fuzz/src/lib.rs`, included here as a module) on the stable
//! toolchain, without libFuzzer, so that every test run exercises them:
//!
//! - the checked-in corpus (`fuzz/corpus/<target>/`) replayed through each target;
//! - messages fresh from this kernel (dumps, notifications, ACKs and errors, generic netlink),
//!   recorded in a private network namespace on a raw socket and run through every target.
//!   With `NLRS_BLESS=1` they are also written as the corpus's seeds (`kernel-*`), next to a
//!   few crafted ones (`crafted-*`);
//! - an input the fuzzer finds a crash with joins the checked-in corpus, named after the fault
//!   (`fuzz/corpus/<target>/found-*`), once the fault is fixed: replayed with the rest.

mod common;
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::fs;
use std::net::IpAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use nlrs::genl::genl_msg;
use nlrs::rtnl::mirror::{Applied, Flow, Object, Selection, Table};
use nlrs::rtnl::route::RouteFilter;
use nlrs::rtnl::{addr, link, neigh};
use nlrs::wire::consts::*;
use nlrs::wire::{FixedHeader, GenlMsgHdr, IfInfoMsg, MsgBuilder, MsgIter, NlMsgErr, RtMsg};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

fn entry(name: &str) -> fuzz::Entry {
    fuzz::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
        .1
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs target `name` on `input`, naming the input when it fails.
fn run(name: &str, what: &str, input: &[u8]) {
    let f = entry(name);
    if catch_unwind(AssertUnwindSafe(|| f(input))).is_err() {
        panic!("fuzz target {name} failed on {what}: {}", hex(input));
    }
}

#[test]
fn checked_in_corpus_passes_every_target() {
    let mut total = 0;
    for (name, _) in fuzz::TARGETS {
        let dir = fuzz_dir().join("corpus").join(name);
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no corpus", dir.display());
        for f in &files {
            run(name, &f.display().to_string(), &fs::read(f).unwrap());
        }
        total += files.len();
    }
    eprintln!("{total} corpus inputs replayed");
}

/// Every target has its libFuzzer binary, declared in `fuzz/Cargo.toml`, calling its entry.
#[test]
fn every_target_is_a_fuzz_binary() {
    let manifest = fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let bins = manifest.matches("[[bin]]").count();
    assert_eq!(bins, fuzz::TARGETS.len(), "fuzz/Cargo.toml's [[bin]]s");
    for (name, _) in fuzz::TARGETS {
        let path = format!("fuzz_targets/{name}.rs");
        assert!(manifest.contains(&format!("path = \"{path}\"")), "{path}");
        let src = fs::read_to_string(fuzz_dir().join(&path)).unwrap();
        assert!(src.contains(&format!("nlrs_fuzz::{name}(data)")), "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// Fresh kernel messages.

/// A raw netlink socket: the kernel's datagrams exactly as they arrive, read apart from nlrs.
struct Raw(i32);

impl Raw {
    fn open(protocol: i32, groups: &[u32]) -> Raw {
        // SAFETY: plain system calls on a descriptor this struct owns.
        unsafe {
            let fd = libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                protocol,
            );
            assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
            let mut sa: libc::sockaddr_nl = std::mem::zeroed();
            sa.nl_family = libc::AF_NETLINK as u16;
            let len = std::mem::size_of::<libc::sockaddr_nl>() as u32;
            assert_eq!(
                libc::bind(fd, (&sa as *const libc::sockaddr_nl).cast(), len),
                0
            );
            let on: libc::c_int = 1;
            for opt in [libc::NETLINK_EXT_ACK, libc::NETLINK_GET_STRICT_CHK] {
                libc::setsockopt(
                    fd,
                    libc::SOL_NETLINK,
                    opt,
                    (&on as *const libc::c_int).cast(),
                    std::mem::size_of::<libc::c_int>() as u32,
                );
            }
            // Room for every notification of `record` (veth and bridge links are large), so
            // that none is lost to ENOBUFS under load; as root in the tests' namespace.
            let rcvbuf: libc::c_int = 4 << 20;
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_RCVBUFFORCE,
                (&rcvbuf as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as u32,
            );
            for g in groups {
                let rc = libc::setsockopt(
                    fd,
                    libc::SOL_NETLINK,
                    libc::NETLINK_ADD_MEMBERSHIP,
                    (g as *const u32).cast(),
                    4,
                );
                assert_eq!(rc, 0, "join group {g}");
            }
            Raw(fd)
        }
    }

    fn send(&self, msg: &mut MsgBuilder, flags: u16) {
        msg.set_flags(msg.flags() | NLM_F_REQUEST | flags)
            .set_seq(1);
        let bytes = msg.bytes().unwrap();
        // SAFETY: sends `bytes` to the kernel (the default address of a netlink socket).
        let n = unsafe { libc::send(self.0, bytes.as_ptr().cast(), bytes.len(), 0) };
        assert_eq!(n, bytes.len() as isize);
    }

    /// One datagram; `None` when nothing is queued (with `MSG_DONTWAIT`). Any other failure
    /// (ENOBUFS: notifications were lost) fails the test, which would otherwise check a
    /// recording with a hole in it.
    fn recv(&self, flags: i32) -> Option<Vec<u8>> {
        let mut buf = vec![0u8; 1 << 16];
        // SAFETY: receives into `buf`, which is large enough for any datagram the kernel sends.
        let n = unsafe { libc::recv(self.0, buf.as_mut_ptr().cast(), buf.len(), flags) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            assert_eq!(e.raw_os_error(), Some(libc::EAGAIN), "recv: {e}");
            return None;
        }
        buf.truncate(n as usize);
        Some(buf)
    }

    /// Sends `msg` and returns every datagram of the answer, up to its `NLMSG_DONE` or
    /// `NLMSG_ERROR`, back to back.
    fn converse(&self, mut msg: MsgBuilder, flags: u16) -> Vec<u8> {
        self.send(&mut msg, flags);
        let mut all = Vec::new();
        loop {
            let d = self.recv(0).expect("an answer");
            let end = MsgIter::new(&d)
                .map(Result::unwrap)
                .any(|m| m.ty() == NLMSG_DONE || m.ty() == NLMSG_ERROR);
            all.extend_from_slice(&d);
            if end {
                return all;
            }
        }
    }

    /// Every datagram queued now, back to back.
    fn drain(&self) -> Vec<u8> {
        let mut all = Vec::new();
        while let Some(d) = self.recv(libc::MSG_DONTWAIT) {
            all.extend_from_slice(&d);
        }
        all
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        // SAFETY: closes the descriptor this struct owns.
        unsafe { libc::close(self.0) };
    }
}

/// Messages (what the kernel said, or crafted), and the targets they are seeds of.
struct Recording {
    what: &'static str,
    bytes: Vec<u8>,
    targets: &'static [&'static str],
}

fn rec(what: &'static str, bytes: Vec<u8>, targets: &'static [&'static str]) -> Recording {
    Recording {
        what,
        bytes,
        targets,
    }
}

/// Configures a namespace with links of several kinds, addresses, routes (one multipath) and
/// neighbours, and records the notifications of that, every dump, an ACK, an error with an
/// extended ACK, and the generic netlink controller describing itself and its policy.
fn record() -> Vec<Recording> {
    use common::ip;
    let monitor = Raw::open(
        proto::ROUTE,
        &[
            rtnlgrp::LINK,
            rtnlgrp::NEIGH,
            rtnlgrp::IPV4_IFADDR,
            rtnlgrp::IPV6_IFADDR,
            rtnlgrp::IPV4_ROUTE,
            rtnlgrp::IPV6_ROUTE,
        ],
    );
    common::veth("fz0", "fz1");
    ip(&["link", "add", "fzbr", "type", "bridge"]);
    ip(&["link", "set", "fz1", "master", "fzbr"]);
    ip(&["addr", "add", "10.9.0.1/24", "dev", "fz0"]);
    ip(&["addr", "add", "2001:db8::1/64", "dev", "fz0", "nodad"]);
    ip(&[
        "route",
        "add",
        "10.10.0.0/16",
        "via",
        "10.9.0.2",
        "metric",
        "7",
    ]);
    ip(&[
        "route",
        "add",
        "10.11.0.0/16",
        "nexthop",
        "via",
        "10.9.0.2",
        "weight",
        "2",
        "nexthop",
        "via",
        "10.9.0.3",
    ]);
    ip(&[
        "neigh",
        "add",
        "10.9.0.2",
        "lladdr",
        "02:00:00:00:00:02",
        "dev",
        "fz0",
        "nud",
        "permanent",
    ]);
    ip(&["route", "del", "10.10.0.0/16"]);
    ip(&["addr", "del", "10.9.0.1/24", "dev", "fz0"]);
    let events = monitor.drain();

    let route = Raw::open(proto::ROUTE, &[]);
    let dump = |req: MsgBuilder| route.converse(req, NLM_F_DUMP);
    let links = dump(link::dump_request());
    let addrs = dump(addr::AddrFilter::default().dump_request().unwrap());
    let routes = dump(RouteFilter::default().dump_request().unwrap());
    let neighs = dump(neigh::NeighFilter::default().dump_request().unwrap());
    // An MTU below the minimum: an error with the kernel's text and the attribute's offset.
    let fz0 = IfInfoMsg {
        index: common::ifindex("fz0"),
        ..Default::default()
    };
    let mut bad = MsgBuilder::with_header(RTM_NEWLINK, 0, &fz0);
    bad.put_u32(ifla::MTU, 10).unwrap();
    let mut ok = MsgBuilder::with_header(RTM_NEWLINK, 0, &fz0);
    ok.put_u32(ifla::MTU, 1400).unwrap();
    let mut acks = route.converse(bad, NLM_F_ACK);
    acks.extend(route.converse(ok, NLM_F_ACK));

    let gen = Raw::open(proto::GENERIC, &[]);
    let mut fam = genl_msg(genl::ID_CTRL, 1, genl::CTRL_CMD_GETFAMILY, 0);
    fam.put_str(genl::CTRL_ATTR_FAMILY_NAME, "nlctrl").unwrap();
    let family = gen.converse(fam, NLM_F_ACK);
    let mut pol = genl_msg(genl::ID_CTRL, 1, genl::CTRL_CMD_GETPOLICY, 0);
    pol.put_str(genl::CTRL_ATTR_FAMILY_NAME, "nlctrl").unwrap();
    let policy = gen.converse(pol, NLM_F_DUMP);

    vec![
        rec("events", events, &["events", "mirror"]),
        rec("links", links, &["link", "wire", "c_rmsg", "c_objects"]),
        rec("addrs", addrs, &["addr", "c_objects", "mirror"]),
        rec("routes", routes, &["route", "c_objects", "mirror", "ack"]),
        rec("neighs", neighs, &["neigh", "c_objects", "mirror"]),
        rec("acks", acks, &["ack", "wire", "c_rmsg"]),
        rec("family", family, &["genl_family", "wire"]),
        rec("policy", policy, &["genl_policy", "wire"]),
    ]
}

/// Messages no kernel sent, on the edges the decoders must hold: what the review of issue 11
/// found, and framings a fuzzer takes long to reach.
fn crafted() -> Vec<Recording> {
    let err = |flags: u16, error: i32, req_len: u32, tail: &[u8]| {
        let mut b = MsgBuilder::with_header(
            NLMSG_ERROR,
            flags,
            &NlMsgErr {
                error,
                req_len,
                ..Default::default()
            },
        );
        b.put_header_bytes(tail).unwrap();
        b.bytes().unwrap().to_vec()
    };
    // An error whose echoed request does not fit, without NLM_F_CAPPED (kernels before 4.12),
    // and one with a positive error.
    let mut acks = err(0, -22, 64, &[]);
    acks.extend(err(NLM_F_CAPPED, 5, 16, &[]));
    // A route with two RTA_MULTIPATH attributes.
    let mut route = MsgBuilder::with_header(
        RTM_NEWROUTE,
        0,
        &RtMsg {
            family: AF_INET,
            ..Default::default()
        },
    );
    let nexthop = [8, 0, 0, 0, 1, 0, 0, 0];
    route.put(rta::MULTIPATH, &nexthop).unwrap();
    route
        .put(rta::MULTIPATH, &[nexthop, nexthop].concat())
        .unwrap();
    // A link whose name is not UTF-8, as Linux allows.
    let mut link = MsgBuilder::with_header(RTM_NEWLINK, 0, &IfInfoMsg::default());
    link.put(ifla::IFNAME, b"f\xffz\0").unwrap();
    vec![
        rec("acks", acks, &["ack"]),
        rec(
            "route-two-multipath",
            route.bytes().unwrap().to_vec(),
            &["route", "c_objects"],
        ),
        rec(
            "link-name-not-utf8",
            link.bytes().unwrap().to_vec(),
            &["link", "c_objects", "mirror"],
        ),
    ]
}

#[test]
fn kernel_messages_pass_every_target() {
    common::in_netns(|| {
        let recorded = record();
        let bless = std::env::var_os("NLRS_BLESS").is_some();
        for r in &recorded {
            assert!(
                MsgIter::new(&r.bytes).all(|m| m.is_ok()),
                "{}: the kernel's messages are whole",
                r.what
            );
            assert!(!r.bytes.is_empty(), "{}: recorded nothing", r.what);
            for (name, _) in fuzz::TARGETS {
                run(name, r.what, &r.bytes);
            }
        }
        mirror_table_follows(&recorded[0].bytes);
        if bless {
            for (prefix, list) in [("kernel", &recorded), ("crafted", &crafted())] {
                for r in list {
                    for t in r.targets {
                        let path = fuzz_dir()
                            .join("corpus")
                            .join(t)
                            .join(format!("{prefix}-{}", r.what));
                        fs::create_dir_all(path.parent().unwrap()).unwrap();
                        fs::write(&path, &r.bytes).unwrap();
                    }
                }
            }
            for (target, what, bytes) in engine_seeds(&recorded) {
                let path = fuzz_dir().join("corpus").join(target);
                fs::create_dir_all(&path).unwrap();
                fs::write(path.join(format!("kernel-{what}")), bytes).unwrap();
            }
        }
        for (target, what, bytes) in engine_seeds(&recorded) {
            run(target, what, &bytes);
        }
    });
}

/// Seeds of the `engine` and `spec` targets: the first message of each recorded dump, as a
/// reply of the operation that asked for it in its family's built-in description. For
/// `engine`, the description, operation and header chosen by number, then the body; for
/// `spec`, the description's text, a NUL, then the body.
fn engine_seeds(recorded: &[Recording]) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    /// The recordings that are dumps, the description and operation of each.
    const DUMPS: [(&str, &str, &str); 6] = [
        ("links", "rt-link", "getlink"),
        ("addrs", "rt-addr", "getaddr"),
        ("routes", "rt-route", "getroute"),
        ("neighs", "rt-neigh", "getneigh"),
        ("family", "nlctrl", "getfamily"),
        ("policy", "nlctrl", "getpolicy"),
    ];
    /// Which of `fuzz::engine`'s headers of an operation: a dump's replies'.
    const DUMP_REPLY: u8 = 3;
    let names: Vec<_> = nlrs::schema::builtin_names().collect();
    let mut seeds = Vec::new();
    for r in recorded {
        let Some(&(_, family, op)) = DUMPS.iter().find(|(what, ..)| *what == r.what) else {
            continue;
        };
        let spec = nlrs::schema::builtin(family).unwrap().unwrap();
        let s = names.iter().position(|n| n.to_bytes() == family.as_bytes());
        let o = spec.ops.iter().position(|x| x.name == op);
        let m = MsgIter::new(&r.bytes).next().unwrap().unwrap();
        let body = match spec.protocol {
            nlrs::schema::Protocol::Genetlink => &m.payload()[GenlMsgHdr::LEN..],
            _ => m.payload(),
        };
        let mut engine = vec![s.unwrap() as u8, o.unwrap() as u8, DUMP_REPLY];
        engine.extend_from_slice(body);
        seeds.push(("engine", r.what, engine));
        let text =
            fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("specs/{family}.yaml")));
        let mut spec_seed = text.unwrap();
        spec_seed.push(0);
        spec_seed.extend_from_slice(body);
        seeds.push(("spec", r.what, spec_seed));
    }
    seeds
}

#[test]
fn crafted_messages_pass_every_target() {
    for r in crafted() {
        for (name, _) in fuzz::TARGETS {
            run(name, r.what, &r.bytes);
        }
    }
}

/// The mirror's apply step ([`Table`]), fed the notifications of [`record`], ends with what
/// `ip` left: the route and address that were deleted are gone, the others are there, and
/// the neighbours are those `ip neigh` shows. Routes are followed by a table of their own:
/// the removal of a link's last IPv4 address flushes routes silently, so a table that follows
/// routes asks for a re-dump there (which this test cannot make) and leaves that address be.
fn mirror_table_follows(events: &[u8]) {
    let mut table = Table::new(fuzz::EVERY_KIND.routes(false));
    let mut route_table = Table::new(Selection::default().routes(true));
    let mut resyncs = 0;
    for m in MsgIter::new(events) {
        let m = m.unwrap();
        assert!(matches!(
            table.apply(&m, &mut |_, _| Flow::Continue(())),
            Applied::Done(_)
        ));
        if let Applied::Resync = route_table.apply(&m, &mut |_, _| Flow::Continue(())) {
            resyncs += 1;
        }
    }
    assert!(
        resyncs > 0,
        "the last IPv4 address went: routes were flushed"
    );
    let objects = table.objects().chain(route_table.objects());
    let (mut routes, mut addrs, mut links, mut neighs) = (vec![], vec![], vec![], vec![]);
    for o in objects {
        match o {
            Object::Route(r) => routes.push(r.dst.addr()),
            Object::Addr(a) => addrs.extend(a.ip()),
            Object::Link(l) => links.push(l.index),
            Object::Neigh(n) => neighs.extend(n.dst),
            o => panic!("an object this test does not know: {o:?}"),
        }
    }
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    assert!(routes.contains(&ip("10.11.0.0")), "{routes:?}");
    assert!(!routes.contains(&ip("10.10.0.0")), "{routes:?}");
    assert!(addrs.contains(&ip("2001:db8::1")), "{addrs:?}");
    assert!(!addrs.contains(&ip("10.9.0.1")), "{addrs:?}");
    assert!(links.contains(&common::link_index("fzbr")), "{links:?}");
    // Removing the last IPv4 address flushed 10.9.0.2 with the rest: as `ip` has them.
    let shown = common::ip_json(&["neigh", "show"]);
    let mut want: Vec<IpAddr> = shown
        .as_array()
        .unwrap()
        .iter()
        .map(|n| ip(n["dst"].as_str().unwrap()))
        .collect();
    neighs.sort();
    want.sort();
    assert_eq!(neighs, want);
}
