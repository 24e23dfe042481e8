//! The fuzz targets' entry points: one function per part of nlrs that reads untrusted bytes.
//!
//! Each takes arbitrary bytes, mostly read as one datagram (the messages [`MsgIter`] finds in
//! it), and runs one reader over them. Malformed input must come back as errors: a panic here
//! is a finding, either a reader that panicked or an invariant checked here that broke.
//! libFuzzer adds what AddressSanitizer sees (over-reads, use after free), inputs that run too
//! long (a loop) and memory that grows without bound.
//!
//! Shared by the targets in `fuzz_targets/` (libFuzzer, nightly) and `tests/fuzz_corpus.rs`,
//! which replays the checked-in corpus through these same functions on the stable toolchain.
//! Only `nlrs`, `libc` and `std` are used (all three are the test's too), so that test includes
//! this file as a module.

mod engine;
pub use engine::{engine, spec};

use std::ffi::{c_char, CStr};
use std::net::IpAddr;

use nlrs::genl::{Family, Policy};
use nlrs::rtnl::addr::Addr;
use nlrs::rtnl::events::{Event, EventKind};
use nlrs::rtnl::link::Link;
use nlrs::rtnl::mirror::{Applied, ChangeKind, Flow, Object, RouteId, Selection, Table};
use nlrs::rtnl::neigh::Neigh;
use nlrs::rtnl::route::{has, Route, RouteInfo};
use nlrs::rtnl::IpPrefix;
use nlrs::wire::ack::attr_path_at;
use nlrs::wire::consts::{ntf, NLA_HDRLEN, NLA_TYPE_MASK, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN};
use nlrs::wire::{Attr, AttrIter, DoneMsg, ErrorMsg, Msg, MsgIter, ParseError, Reply};

/// A target's entry point.
pub type Entry = fn(&[u8]);

/// Every target: its name (its file in `fuzz_targets/`, its folder in `corpus/`) and entry.
pub const TARGETS: &[(&str, Entry)] = &[
    ("wire", wire),
    ("ack", ack),
    ("link", link),
    ("addr", addr),
    ("route", route),
    ("neigh", neigh),
    ("events", events),
    ("genl_family", genl_family),
    ("genl_policy", genl_policy),
    ("mirror", mirror),
    ("c_rmsg", c_rmsg),
    ("c_objects", c_objects),
    ("engine", engine),
    ("spec", spec),
];

/// How deep the nested attribute walks go: deeper levels only repeat the same code.
const MAX_DEPTH: usize = 4;

/// The family header lengths of rtnetlink and generic netlink messages (rtgenmsg and genlmsghdr
/// 4, ifaddrmsg 8, rtmsg and ndmsg 12, ifinfomsg 16), and none.
const FIXED_LENS: [usize; 5] = [0, 4, 8, 12, 16];

/// The whole messages at the start of `data`, read as one datagram.
fn msgs(data: &[u8]) -> impl Iterator<Item = Msg<'_>> {
    MsgIter::new(data).map_while(Result::ok)
}

/// Whether `inner` lies within `outer`.
fn within(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    i >= o && i + inner.len() <= o + outer.len()
}

// ---------------------------------------------------------------------------------------------
// Layer 1: messages, attributes, ACKs.

/// The message and attribute parsers: [`MsgIter`], [`Msg`], [`AttrIter`] (nested too), every
/// typed attribute getter.
pub fn wire(data: &[u8]) {
    let mut steps = 0;
    for m in MsgIter::new(data) {
        // Each message takes at least a header; one error ends the walk.
        steps += 1;
        assert!(steps <= data.len() / NLMSG_HDRLEN + 1, "MsgIter loops");
        let Ok(m) = m else { break };
        assert!(within(data, m.bytes()));
        assert_eq!(m.bytes().len(), m.header().len as usize);
        assert_eq!(m.payload().len() + NLMSG_HDRLEN, m.bytes().len());
        for fixed in FIXED_LENS {
            match m.attrs_after(fixed) {
                Ok(it) => attrs(m.bytes(), it, 0),
                Err(_) => assert!(m.payload().len() < fixed),
            }
        }
    }
    attrs(data, AttrIter::new(data), 0);
}

/// Walks `it` and every nested block below it, checking each attribute's getters.
fn attrs(outer: &[u8], it: AttrIter<'_>, depth: usize) {
    let len = it.remaining().len();
    let mut steps = 0;
    for a in it {
        steps += 1;
        assert!(steps <= len / NLA_HDRLEN + 1, "AttrIter loops");
        let Ok(a) = a else { break };
        assert!(within(outer, a.payload()));
        check_attr(a);
        if depth < MAX_DEPTH {
            attrs(outer, a.nested(), depth + 1);
        }
    }
}

/// The typed getters agree with the payload's length and bytes (also `tests/wire_fuzz.rs`'s).
pub fn check_attr(a: Attr<'_>) {
    let p = a.payload();
    let n = p.len();
    assert_eq!(a.kind(), a.raw_type() & NLA_TYPE_MASK);
    assert_eq!(a.u8().ok(), (n == 1).then(|| p[0]));
    assert_eq!(a.u16().is_ok(), n == 2);
    assert_eq!(a.u16_be().is_ok(), n == 2);
    assert_eq!(a.u32().is_ok(), n == 4);
    assert_eq!(a.u32_be().is_ok(), n == 4);
    assert_eq!(a.i32().is_ok(), n == 4);
    let want_u64 = match p.try_into() {
        Ok(b) => Ok(u64::from_ne_bytes(b)),
        Err(_) => Err(ParseError::PayloadLen {
            attr_type: a.kind(),
            expected: 8,
            have: n,
        }),
    };
    assert_eq!(a.u64(), want_u64);
    match a.cstr_bytes() {
        Ok(s) => {
            assert_eq!(p.get(s.len()), Some(&0));
            assert!(!s.contains(&0));
            assert_eq!(a.str().is_ok(), std::str::from_utf8(s).is_ok());
        }
        Err(e) => {
            assert!(!p.contains(&0));
            let unterminated = ParseError::StringNotTerminated {
                attr_type: a.kind(),
            };
            assert_eq!(e, unterminated);
            assert_eq!(a.str(), Err(e));
        }
    }
}

/// The `NLMSG_ERROR` / `NLMSG_DONE` decoders and extended ACKs, on every message whatever its
/// type says, with the message itself as the request an offset points into.
pub fn ack(data: &[u8]) {
    for m in msgs(data) {
        match Reply::classify(m) {
            Ok(Reply::Ack(e)) => assert_eq!((m.ty(), e.errno()), (NLMSG_ERROR, 0)),
            Ok(Reply::Error(e)) => assert_eq!((m.ty(), e.errno() == 0), (NLMSG_ERROR, false)),
            Ok(Reply::Done(_)) => assert_eq!(m.ty(), NLMSG_DONE),
            Ok(Reply::Data(d)) => assert_eq!(d, m),
            Ok(_) => {}
            Err(_) => assert!([NLMSG_ERROR, NLMSG_DONE].contains(&m.ty())),
        }
        if let Ok(e) = ErrorMsg::decode(&m) {
            ext_ack(m, e.ext_ack().to_info(None).offset, |req| {
                e.ext_ack().to_info(req).attr_path
            });
        }
        if let Ok(d) = DoneMsg::decode(&m) {
            ext_ack(m, d.ext_ack().to_info(None).offset, |req| {
                d.ext_ack().to_info(req).attr_path
            });
        }
    }
}

/// The attribute path an extended ACK's offset names, in `m` taken as the request: never
/// longer than the nesting an offset inside `m` can have.
fn ext_ack(m: Msg<'_>, offset: Option<u32>, path: impl Fn(Option<(&[u8], usize)>) -> Vec<u16>) {
    let req = m.bytes();
    for fixed in FIXED_LENS {
        let p = path(Some((req, fixed)));
        assert!(p.len() <= req.len() / NLA_HDRLEN);
        if let Some(off) = offset {
            assert_eq!(p, attr_path_at(req, fixed, off));
        }
    }
    assert!(path(None).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Layer 3: the typed decoders.

/// [`Link::parse`] on every message; decoding into a reused `Link` gives the same.
pub fn link(data: &[u8]) {
    reuse_gives_fresh(data, Link::parse, Link::parse_into);
}

/// [`Addr::parse`] on every message; decoding into a reused `Addr` gives the same.
pub fn addr(data: &[u8]) {
    reuse_gives_fresh(data, Addr::parse, Addr::parse_into);
}

/// Decodes every message of `data` afresh with `parse` and into one reused object with
/// `parse_into`: both succeed or fail together, with equal objects. Returns each decoded.
fn reuse_gives_fresh<T: Default + PartialEq + std::fmt::Debug, E: std::fmt::Debug>(
    data: &[u8],
    parse: fn(&Msg<'_>) -> Result<T, E>,
    parse_into: fn(&mut T, &Msg<'_>) -> Result<(), E>,
) -> Vec<Result<T, E>> {
    let mut reused = T::default();
    msgs(data)
        .map(|m| {
            let fresh = parse(&m);
            let again = parse_into(&mut reused, &m);
            assert_eq!(fresh.is_ok(), again.is_ok(), "{fresh:?} / {again:?}");
            if let Ok(fresh) = &fresh {
                assert_eq!(&reused, fresh);
            }
            fresh
        })
        .collect()
}

/// [`Route::parse`] and [`RouteInfo`] on every message: a reused `Route` gives what a fresh
/// one gives, and a route decoded whole agrees with its flat decode.
pub fn route(data: &[u8]) {
    let full = reuse_gives_fresh(data, Route::parse, Route::parse_into);
    for (m, full) in msgs(data).zip(full) {
        let mut info = RouteInfo::default();
        let flat = info.parse_into(&m);
        if let Ok(full) = full {
            assert_eq!(flat, Ok(()), "a route whose flat decode failed");
            let oif = (info.has & has::OIF != 0).then_some(info.oif);
            let pref = (info.has & has::PREF != 0).then_some(info.pref);
            let expires = (info.has & has::EXPIRES != 0).then_some(info.expires);
            assert_eq!(
                (
                    full.family,
                    full.table,
                    full.dst.len(),
                    full.gateway,
                    full.oif.map(u32::from),
                    full.pref,
                    full.expires
                ),
                (
                    info.family,
                    info.table,
                    info.dst_len,
                    info.gateway.ip(),
                    oif,
                    pref,
                    expires
                )
            );
            // The destination is the prefix the attribute's address names (no bits past the
            // length), or the family's unspecified one.
            let named = |a| IpPrefix::new(a, info.dst_len).ok().map(|p| p.network());
            assert!(info.dst.ip().is_none_or(|a| named(a) == Some(full.dst)));
            assert!(info.dst.ip().is_some() || full.dst.addr().is_unspecified());
            assert_eq!(full.multipath.len(), info.nexthops as usize);
        }
    }
}

/// [`Neigh::parse`] on every message.
pub fn neigh(data: &[u8]) {
    for m in msgs(data) {
        if let Ok(n) = Neigh::parse(&m) {
            assert_eq!(Neigh::parse(&m), Ok(n));
        }
    }
}

/// [`Event::decode`] on every message: the event's kind is the one its type names.
pub fn events(data: &[u8]) {
    for m in msgs(data) {
        if let Ok(ev) = Event::decode(m) {
            assert_eq!(ev.kind(), EventKind::of(m.ty()));
        }
    }
}

/// [`Family::parse`] on every message: a family always has its id and name.
pub fn genl_family(data: &[u8]) {
    for m in msgs(data) {
        if let Ok(f) = Family::parse(&m) {
            for g in &f.groups {
                assert!(f.group(&g.name).is_some());
            }
            let _ = f.msg(0, 0);
        }
    }
}

/// [`Policy::add`] over every message, as over a `CTRL_CMD_GETPOLICY` dump, then the text.
pub fn genl_policy(data: &[u8]) {
    let mut policy = Policy::default();
    for m in msgs(data) {
        let _ = policy.add(&m);
    }
    for a in &policy.attrs {
        assert!(policy.attr(a.policy_idx, a.attr_type).is_some());
    }
    let _ = policy.to_string();
}

/// What the mirror target follows: every kind of object.
pub const EVERY_KIND: Selection = Selection::ALL;

/// The mirror's apply step ([`Table::apply`]) over every message, for every kind of object:
/// each object reported added or changed is in the table (unless the same message later
/// reported it removed), each one reported removed is not (unless later re-added), nothing is
/// reported when the table asks for a resync, a message applied (without a resync) twice
/// reports nothing the second time, and lookups agree with a walk over the table.
pub fn mirror(data: &[u8]) {
    let mut table = Table::new(EVERY_KIND);
    for m in msgs(data) {
        let mut changes: Vec<(ChangeKind, Object)> = Vec::new();
        let applied = table.apply(&m, &mut |kind, obj| {
            changes.push((kind, obj.clone()));
            Flow::Continue(())
        });
        match applied {
            Applied::Resync => {
                // The mirror re-dumps instead: the table is not the kernel's until it has.
                assert!(changes.is_empty(), "a resync reports nothing");
                continue;
            }
            Applied::Done(flow) => assert!(flow.is_continue()),
            other => panic!("an outcome this oracle does not know: {other:?}"),
        }
        for (i, (kind, o)) in changes.iter().enumerate() {
            if changes[i + 1..].iter().any(|(_, later)| later == o) {
                continue;
            }
            let present = table.objects().any(|x| x == *o);
            match kind {
                ChangeKind::Add | ChangeKind::Change => assert!(present, "{kind:?} {o:?}"),
                ChangeKind::Remove => assert!(!present, "{kind:?} {o:?}"),
                other => panic!("a change this oracle does not know: {other:?}"),
            }
        }
        check_lookups(&table);
        check_finds(&table);
        let mut again = Vec::new();
        let _ = table.apply(&m, &mut |kind, obj| {
            again.push((kind, obj.clone()));
            Flow::Continue(())
        });
        assert!(
            again.is_empty(),
            "a message (type {}, flags {:#x}) applied twice changed the table twice: {changes:?} then {again:?}",
            m.ty(),
            m.flags()
        );
    }
}

/// The longest-prefix match against a walk over the table: a lookup of the destination of
/// each of the first routes gives a route of its table holding the address, with the longest
/// prefix any route that a lookup may give holds it with (no source prefix, TOS 0), and of
/// those the lowest priority; none when no such route holds it.
fn check_lookups(table: &Table) {
    let routes: Vec<Route> = table
        .objects()
        .filter_map(|o| match o {
            Object::Route(r) => Some(r),
            _ => None,
        })
        .filter(|r| {
            let family = i32::from(r.family);
            match r.dst.addr() {
                IpAddr::V4(_) => family == libc::AF_INET,
                IpAddr::V6(_) => family == libc::AF_INET6,
            }
        })
        .collect();
    let matchable = |r: &&Route| r.src.map_or(0, |p| p.len()) == 0 && r.tos == 0;
    for r in routes.iter().take(16) {
        let ip = r.dst.addr();
        let best = routes
            .iter()
            .filter(matchable)
            .filter(|m| m.table == r.table && m.dst.contains(ip))
            .map(|m| (m.dst.len(), std::cmp::Reverse(m.priority.unwrap_or(0))))
            .max();
        match (best, table.route_lookup(r.table, ip)) {
            (None, None) => {}
            (Some((len, std::cmp::Reverse(priority))), Some(Object::Route(got))) => {
                assert!(
                    got.table == r.table && got.dst.contains(ip),
                    "{ip}: {got:?}"
                );
                assert_eq!(
                    (got.dst.len(), got.priority.unwrap_or(0)),
                    (len, priority),
                    "lookup of {ip} in table {}",
                    r.table
                );
            }
            (best, got) => panic!("lookup of {ip} in table {}: {got:?}, not {best:?}", r.table),
        }
    }
}

/// Each object is found by what names it: a link by its index (itself) and by its name and
/// alternative names (a link of that name), an address by interface and address, an ARP or NDP entry by interface
/// and destination, an IPv4 or IPv6 route by table, destination, TOS and priority (with its
/// gateway: one through that gateway).
fn check_finds(table: &Table) {
    for o in table.objects().take(32) {
        match &o {
            Object::Link(l) => {
                assert_eq!(table.link(l.index).as_ref(), Some(&o));
                for name in std::iter::once(l.name.as_bytes()).chain(l.altnames.iter()) {
                    let Some(Object::Link(named)) = table.link_by_name(name) else {
                        panic!("no link named {name:?}, as {l:?} is");
                    };
                    let names = std::iter::once(named.name.as_bytes()).chain(named.altnames.iter());
                    assert!(
                        names.into_iter().any(|n| n == name),
                        "{named:?} is not {name:?}"
                    );
                }
            }
            Object::Addr(a) => {
                let Some(ip) = a.ip() else { continue };
                let Some(Object::Addr(found)) = table.addr(a.index, ip) else {
                    panic!("no address {ip} on {:?}: {a:?}", a.index);
                };
                assert_eq!((found.index, found.ip()), (a.index, Some(ip)));
            }
            Object::Neigh(n) => {
                let (Some(dst), true) = (
                    n.dst,
                    matches!(i32::from(n.family), libc::AF_INET | libc::AF_INET6),
                ) else {
                    continue;
                };
                if n.flags & ntf::PROXY != 0 {
                    continue;
                }
                let Some(Object::Neigh(found)) = table.neigh(n.ifindex, dst) else {
                    panic!("no entry for {dst} on {:?}: {n:?}", n.ifindex);
                };
                assert_eq!((found.ifindex, found.dst), (n.ifindex, Some(dst)));
            }
            // A `RouteId` names an IPv4 or IPv6 route (its family is its destination's).
            Object::Route(r)
                if r.src.map_or(0, |p| p.len()) == 0
                    && i32::from(r.family)
                        == if r.dst.addr().is_ipv4() {
                            libc::AF_INET
                        } else {
                            libc::AF_INET6
                        } =>
            {
                let id = RouteId::new(r.table, r.dst)
                    .tos(r.tos)
                    .priority(r.priority.unwrap_or(0));
                let first = r.multipath.first().and_then(|h| h.gateway);
                for gateway in [None, r.gateway.or(first)] {
                    let Some(Object::Route(found)) = table.route(&id, gateway) else {
                        panic!("no route {id:?} via {gateway:?}: {r:?}");
                    };
                    let key =
                        |x: &Route| (x.table, x.dst.network(), x.tos, x.priority.unwrap_or(0));
                    assert_eq!(key(&found), key(r));
                    if gateway.is_some() {
                        assert_eq!(
                            found
                                .gateway
                                .or(found.multipath.first().and_then(|h| h.gateway)),
                            gateway
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Layer 4: the C API, called as C calls it, with the structs of libnlrs.h.

#[allow(non_camel_case_types)]
mod c {
    use std::ffi::{c_char, c_int};

    use nlrs::rtnl::route::RouteInfo;

    /// `nlrs_bytes`.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct nlrs_bytes {
        pub ptr: *const u8,
        pub len: usize,
    }
    /// `nlrs_rmsg`.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct nlrs_rmsg {
        pub ptr: *const u8,
        pub len: usize,
    }
    /// `nlrs_attr_iter` and `nlrs_msg_iter`, which are alike.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct nlrs_iter {
        pub pos: *const u8,
        pub left: usize,
    }
    /// `nlrs_attr`.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct nlrs_attr {
        pub ty: u16,
        pub raw_type: u16,
        pub data: *const u8,
        pub len: usize,
    }
    /// `nlrs_ipaddr`.
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    pub struct nlrs_ipaddr {
        pub family: u8,
        pub addr: [u8; 16],
    }
    /// `nlrs_route_nexthop`.
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    pub struct nlrs_route_nexthop {
        pub ifindex: u32,
        pub hops: u8,
        pub flags: u8,
        pub gateway: nlrs_ipaddr,
    }
    /// `nlrs_link`, `nlrs_addr`, `nlrs_route`, `nlrs_neigh`: opaque.
    #[repr(C)]
    pub struct Obj {
        _opaque: [u8; 0],
    }

    extern "C" {
        pub fn nlrs_msg_iter_next(iter: *mut nlrs_iter, out: *mut nlrs_rmsg) -> c_int;
        pub fn nlrs_rmsg_type(msg: nlrs_rmsg) -> u16;
        pub fn nlrs_rmsg_flags(msg: nlrs_rmsg) -> u16;
        pub fn nlrs_rmsg_seq(msg: nlrs_rmsg) -> u32;
        pub fn nlrs_rmsg_port(msg: nlrs_rmsg) -> u32;
        pub fn nlrs_rmsg_header(msg: nlrs_rmsg, hdr_len: usize, out: *mut nlrs_bytes) -> c_int;
        pub fn nlrs_rmsg_attrs(msg: nlrs_rmsg, hdr_len: usize, out: *mut nlrs_iter) -> c_int;
        pub fn nlrs_attr_next(iter: *mut nlrs_iter, out: *mut nlrs_attr) -> c_int;
        pub fn nlrs_attr_find(iter: nlrs_iter, attr_type: u16, out: *mut nlrs_attr) -> c_int;
        pub fn nlrs_attr_nested(attr: *const nlrs_attr, out: *mut nlrs_iter) -> c_int;
        pub fn nlrs_attr_get_u8(attr: *const nlrs_attr, out: *mut u8) -> c_int;
        pub fn nlrs_attr_get_u16(attr: *const nlrs_attr, out: *mut u16) -> c_int;
        pub fn nlrs_attr_get_be16(attr: *const nlrs_attr, out: *mut u16) -> c_int;
        pub fn nlrs_attr_get_u32(attr: *const nlrs_attr, out: *mut u32) -> c_int;
        pub fn nlrs_attr_get_s32(attr: *const nlrs_attr, out: *mut i32) -> c_int;
        pub fn nlrs_attr_get_u64(attr: *const nlrs_attr, out: *mut u64) -> c_int;
        pub fn nlrs_attr_get_string(attr: *const nlrs_attr, out: *mut *const c_char) -> c_int;

        pub fn nlrs_link_new(out: *mut *mut Obj) -> c_int;
        pub fn nlrs_link_free(o: *mut Obj);
        pub fn nlrs_link_parse(o: *mut Obj, msg: nlrs_rmsg) -> c_int;
        pub fn nlrs_link_msg(o: *const Obj) -> nlrs_rmsg;
        pub fn nlrs_link_name(o: *const Obj) -> *const c_char;
        pub fn nlrs_link_kind(o: *const Obj) -> *const c_char;
        pub fn nlrs_link_mtu(o: *const Obj, out: *mut u32) -> c_int;
        pub fn nlrs_link_operstate(o: *const Obj, out: *mut u8) -> c_int;
        pub fn nlrs_link_address(o: *const Obj, out: *mut nlrs_bytes) -> c_int;
        pub fn nlrs_link_broadcast(o: *const Obj, out: *mut nlrs_bytes) -> c_int;
        pub fn nlrs_link_stats(o: *const Obj, out: *mut [u64; 8]) -> c_int;

        pub fn nlrs_addr_new(out: *mut *mut Obj) -> c_int;
        pub fn nlrs_addr_free(o: *mut Obj);
        pub fn nlrs_addr_parse(o: *mut Obj, msg: nlrs_rmsg) -> c_int;
        pub fn nlrs_addr_msg(o: *const Obj) -> nlrs_rmsg;
        pub fn nlrs_addr_ip(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_addr_local(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_addr_address(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_addr_broadcast(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_addr_label(o: *const Obj) -> *const c_char;
        pub fn nlrs_addr_lifetimes(o: *const Obj, valid: *mut u32, pref: *mut u32) -> c_int;

        pub fn nlrs_route_new(out: *mut *mut Obj) -> c_int;
        pub fn nlrs_route_free(o: *mut Obj);
        pub fn nlrs_route_parse(o: *mut Obj, msg: nlrs_rmsg) -> c_int;
        pub fn nlrs_route_msg(o: *const Obj) -> nlrs_rmsg;
        pub fn nlrs_route_decode(msg: nlrs_rmsg, out: *mut RouteInfo) -> c_int;
        pub fn nlrs_route_dst(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_route_gateway(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_route_prefsrc(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_route_priority(o: *const Obj, out: *mut u32) -> c_int;
        pub fn nlrs_route_nexthop_count(o: *const Obj) -> usize;
        pub fn nlrs_route_nexthop_at(
            o: *const Obj,
            i: usize,
            out: *mut nlrs_route_nexthop,
        ) -> c_int;

        pub fn nlrs_neigh_new(out: *mut *mut Obj) -> c_int;
        pub fn nlrs_neigh_free(o: *mut Obj);
        pub fn nlrs_neigh_parse(o: *mut Obj, msg: nlrs_rmsg) -> c_int;
        pub fn nlrs_neigh_msg(o: *const Obj) -> nlrs_rmsg;
        pub fn nlrs_neigh_dst(o: *const Obj, out: *mut nlrs_ipaddr) -> c_int;
        pub fn nlrs_neigh_lladdr(o: *const Obj, out: *mut nlrs_bytes) -> c_int;
    }
}

use c::*;

/// The first `len` bits of the address bytes `addr` (network order), the rest cleared.
fn prefix_bits(addr: [u8; 16], len: u8) -> u128 {
    let keep = u128::MAX
        .checked_shl(128 - u32::from(len.min(128)))
        .unwrap_or(0);
    u128::from_be_bytes(addr) & keep
}

/// `NLRS_E_PANIC`: what a C function returns when it caught a panic.
const NLRS_E_PANIC: i32 = 4096;

/// `rc`, checked not to be a caught panic: the C API turns panics into `-NLRS_E_PANIC`, which
/// must never happen (libFuzzer's panic hook aborts on them already; the replay test needs this).
fn c(rc: i32) -> i32 {
    assert_ne!(rc, -NLRS_E_PANIC, "a panic inside the C API");
    rc
}

/// The bytes a borrowed C result points at; empty for NULL.
///
/// # Safety
/// `ptr` is NULL or points at `len` readable bytes.
unsafe fn c_bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() {
        assert_eq!(len, 0, "NULL with a length");
        return &[];
    }
    // SAFETY: per the contract.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Reads a NUL-terminated C string, which must be complete (ASan reports an over-read).
///
/// # Safety
/// `s` is NULL or a NUL-terminated string.
unsafe fn c_str<'a>(s: *const c_char) -> &'a [u8] {
    if s.is_null() {
        return &[];
    }
    // SAFETY: per the contract.
    unsafe { CStr::from_ptr(s) }.to_bytes()
}

/// The C API's message cursor and attribute functions over a datagram: `nlrs_msg_iter_next`,
/// the `nlrs_rmsg_*` getters, `nlrs_attr_next`/`_find`/`_nested` and every `nlrs_attr_get_*`.
/// Every pointer they hand out lies inside the input; every loop ends.
pub fn c_rmsg(data: &[u8]) {
    let mut it = nlrs_iter {
        pos: data.as_ptr(),
        left: data.len(),
    };
    let empty = nlrs_rmsg {
        ptr: std::ptr::null(),
        len: 0,
    };
    let bound = data.len() / NLMSG_HDRLEN;
    c_walk(
        "nlrs_msg_iter_next",
        &mut it,
        empty,
        bound,
        nlrs_msg_iter_next,
        |&m| {
            // SAFETY: `m` was just filled and points into `data`.
            let bytes = unsafe { c_bytes(m.ptr, m.len) };
            assert!(within(data, bytes));
            let parsed = Msg::parse(bytes).expect("the cursor hands out whole messages");
            // SAFETY: `m` is a valid message.
            unsafe {
                assert_eq!(nlrs_rmsg_type(m), parsed.ty());
                assert_eq!(nlrs_rmsg_flags(m), parsed.flags());
                assert_eq!(nlrs_rmsg_seq(m), parsed.seq());
                assert_eq!(nlrs_rmsg_port(m), parsed.pid());
            }
            for fixed in FIXED_LENS {
                let mut hdr = nlrs_bytes {
                    ptr: std::ptr::null(),
                    len: 0,
                };
                // SAFETY: `m` is valid, `hdr` writable.
                if unsafe { c(nlrs_rmsg_header(m, fixed, &mut hdr)) } == 0 {
                    // SAFETY: just filled.
                    assert!(within(bytes, unsafe { c_bytes(hdr.ptr, hdr.len) }));
                }
                let mut attrs = nlrs_iter {
                    pos: std::ptr::null(),
                    left: 0,
                };
                // SAFETY: `m` is valid, `attrs` writable.
                if unsafe { c(nlrs_rmsg_attrs(m, fixed, &mut attrs)) } == 0 {
                    c_attrs(bytes, attrs, 0);
                }
            }
        },
    );
    // The same bytes as one attribute block.
    c_attrs(
        data,
        nlrs_iter {
            pos: data.as_ptr(),
            left: data.len(),
        },
        0,
    );
}

/// Walks the attribute cursor `it` over `outer` with every C getter, and each nested block.
fn c_attrs(outer: &[u8], mut it: nlrs_iter, depth: usize) {
    let start = it;
    let empty = nlrs_attr {
        ty: 0,
        raw_type: 0,
        data: std::ptr::null(),
        len: 0,
    };
    let bound = start.left / NLA_HDRLEN;
    c_walk(
        "nlrs_attr_next",
        &mut it,
        empty,
        bound,
        nlrs_attr_next,
        |&a| {
            // SAFETY: `a` was just filled and points into `outer`.
            let payload = unsafe { c_bytes(a.data, a.len) };
            assert!(within(outer, payload));
            let rust = Attr::new(a.raw_type, payload);
            assert_eq!(a.ty, rust.kind());
            // SAFETY: `a` is a valid attribute, the outs are writable; a string points into it.
            unsafe {
                let (mut v8, mut v16, mut v32, mut s32, mut v64) = (0u8, 0u16, 0u32, 0i32, 0u64);
                assert_eq!(c(nlrs_attr_get_u8(&a, &mut v8)) == 0, rust.u8().is_ok());
                assert_eq!(c(nlrs_attr_get_u16(&a, &mut v16)) == 0, rust.u16().is_ok());
                assert_eq!(
                    c(nlrs_attr_get_be16(&a, &mut v16)) == 0,
                    rust.u16_be().is_ok()
                );
                assert_eq!(c(nlrs_attr_get_u32(&a, &mut v32)) == 0, rust.u32().is_ok());
                assert_eq!(c(nlrs_attr_get_s32(&a, &mut s32)) == 0, rust.i32().is_ok());
                assert_eq!(c(nlrs_attr_get_u64(&a, &mut v64)) == 0, rust.u64().is_ok());
                let mut s: *const c_char = std::ptr::null();
                if c(nlrs_attr_get_string(&a, &mut s)) == 0 {
                    let text = c_str(s);
                    assert!(within(payload, text));
                }
                let mut found = a;
                assert_eq!(c(nlrs_attr_find(start, a.ty, &mut found)), 1);
                assert!(found.data <= a.data);
                if depth < MAX_DEPTH {
                    let mut nested = start;
                    assert_eq!(c(nlrs_attr_nested(&a, &mut nested)), 0);
                    c_attrs(outer, nested, depth + 1);
                }
            }
        },
    );
}

/// Steps a C cursor to its end with `next` (`nlrs_msg_iter_next`, `nlrs_attr_next`), handing
/// each item to `each`: the end is 0 or `-EBADMSG` and leaves the cursor exhausted, within
/// `bound` items.
fn c_walk<T>(
    what: &str,
    it: &mut nlrs_iter,
    mut item: T,
    bound: usize,
    next: unsafe extern "C" fn(*mut nlrs_iter, *mut T) -> i32,
    mut each: impl FnMut(&T),
) {
    let mut steps = 0;
    loop {
        // SAFETY: the cursor points into the caller's input; `item` is writable.
        let rc = c(unsafe { next(it, &mut item) });
        if rc <= 0 {
            assert!(rc == 0 || rc == -libc::EBADMSG, "{what}: {rc}");
            assert_eq!(it.left, 0, "{what}: the cursor is exhausted at the end");
            return;
        }
        steps += 1;
        assert!(steps <= bound, "{what} loops");
        each(&item);
    }
}

/// The C API's typed objects: `nlrs_link_parse`, `nlrs_addr_parse`, `nlrs_route_parse`,
/// `nlrs_neigh_parse` (one object each, reused across the datagram's messages) and
/// `nlrs_route_decode`, then the getters that hand out borrowed bytes and strings.
pub fn c_objects(data: &[u8]) {
    let mut objs = [std::ptr::null_mut(); 4];
    // SAFETY: each constructor writes a new object to its out pointer.
    unsafe {
        assert_eq!(c(nlrs_link_new(&mut objs[0])), 0);
        assert_eq!(c(nlrs_addr_new(&mut objs[1])), 0);
        assert_eq!(c(nlrs_route_new(&mut objs[2])), 0);
        assert_eq!(c(nlrs_neigh_new(&mut objs[3])), 0);
    }
    let [link, addr, route, neigh] = objs;
    for msg in msgs(data) {
        let m = nlrs_rmsg {
            ptr: msg.bytes().as_ptr(),
            len: msg.bytes().len(),
        };
        // SAFETY: the objects are live; `m` points into `data`; every out is writable, and
        // every borrowed result is read before the next call on its object.
        unsafe {
            if c(nlrs_link_parse(link, m)) == 0 {
                own_copy(nlrs_link_msg(link), msg);
                c_str(nlrs_link_name(link));
                c_str(nlrs_link_kind(link));
                let (mut v32, mut v8, mut stats) = (0u32, 0u8, [0u64; 8]);
                c(nlrs_link_mtu(link, &mut v32));
                c(nlrs_link_operstate(link, &mut v8));
                nlrs_link_stats(link, &mut stats);
                let mut b = nlrs_bytes {
                    ptr: std::ptr::null(),
                    len: 0,
                };
                if c(nlrs_link_address(link, &mut b)) == 1 {
                    c_bytes(b.ptr, b.len);
                }
                if c(nlrs_link_broadcast(link, &mut b)) == 1 {
                    c_bytes(b.ptr, b.len);
                }
            }
            if c(nlrs_addr_parse(addr, m)) == 0 {
                own_copy(nlrs_addr_msg(addr), msg);
                let mut ip = nlrs_ipaddr::default();
                c(nlrs_addr_ip(addr, &mut ip));
                c(nlrs_addr_local(addr, &mut ip));
                c(nlrs_addr_address(addr, &mut ip));
                c(nlrs_addr_broadcast(addr, &mut ip));
                c_str(nlrs_addr_label(addr));
                let (mut valid, mut pref) = (0u32, 0u32);
                c(nlrs_addr_lifetimes(addr, &mut valid, &mut pref));
            }
            let mut info = RouteInfo::default();
            let decoded = c(nlrs_route_decode(m, &mut info)) == 0;
            if c(nlrs_route_parse(route, m)) == 0 {
                assert!(
                    decoded,
                    "nlrs_route_parse took what nlrs_route_decode refused"
                );
                own_copy(nlrs_route_msg(route), msg);
                // The one-call decode and the object's getters tell the same route.
                // The flat decode carries RTA_DST as sent, the object the prefix it names (no
                // bits past the length; the unspecified address when absent): one prefix.
                let mut ip = nlrs_ipaddr::default();
                let has_dst = c(nlrs_route_dst(route, &mut ip)) == 1;
                let object = if has_dst { ip.addr } else { [0; 16] };
                let flat = if info.has & has::DST != 0 {
                    info.dst.addr
                } else {
                    [0; 16]
                };
                assert_eq!(
                    prefix_bits(object, info.dst_len),
                    prefix_bits(flat, info.dst_len)
                );
                c(nlrs_route_gateway(route, &mut ip));
                c(nlrs_route_prefsrc(route, &mut ip));
                let mut prio = 0u32;
                let has_prio = c(nlrs_route_priority(route, &mut prio)) == 1;
                assert_eq!(has_prio, info.has & has::PRIORITY != 0);
                assert_eq!(prio, if has_prio { info.priority } else { 0 });
                let n = nlrs_route_nexthop_count(route);
                assert_eq!(n, info.nexthops as usize);
                let mut nh = nlrs_route_nexthop::default();
                for i in 0..n {
                    assert_eq!(c(nlrs_route_nexthop_at(route, i, &mut nh)), 0);
                }
                assert_ne!(c(nlrs_route_nexthop_at(route, n, &mut nh)), 0);
            }
            if c(nlrs_neigh_parse(neigh, m)) == 0 {
                own_copy(nlrs_neigh_msg(neigh), msg);
                let mut ip = nlrs_ipaddr::default();
                c(nlrs_neigh_dst(neigh, &mut ip));
                let mut b = nlrs_bytes {
                    ptr: std::ptr::null(),
                    len: 0,
                };
                if c(nlrs_neigh_lladdr(neigh, &mut b)) == 1 {
                    c_bytes(b.ptr, b.len);
                }
            }
        }
    }
    // SAFETY: each object is live; an empty message is refused (never a panic that would
    // have poisoned the object, which a getter's fallback value hides); each is freed once.
    unsafe {
        let none = nlrs_rmsg {
            ptr: std::ptr::null(),
            len: 0,
        };
        assert!(c(nlrs_link_parse(link, none)) < 0);
        assert!(c(nlrs_addr_parse(addr, none)) < 0);
        assert!(c(nlrs_route_parse(route, none)) < 0);
        assert!(c(nlrs_neigh_parse(neigh, none)) < 0);
        nlrs_link_free(link);
        nlrs_addr_free(addr);
        nlrs_route_free(route);
        nlrs_neigh_free(neigh);
    }
}

/// An object's message copy holds the bytes it was filled from, in memory of its own.
///
/// # Safety
/// `copy` is a valid borrowed result.
unsafe fn own_copy(copy: nlrs_rmsg, msg: Msg<'_>) {
    // SAFETY: per the contract.
    let bytes = unsafe { c_bytes(copy.ptr, copy.len) };
    assert_eq!(bytes, msg.bytes());
    assert!(!within(msg.bytes(), bytes) || bytes.is_empty());
}
