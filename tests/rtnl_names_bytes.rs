//! Interface names that are not UTF-8. Linux takes any bytes in a name (but `/`, `:`,
//! whitespace and NUL), so one such link must not make a listing fail, a parse fail, or the
//! mirror skip it: names are bytes ([`nlrs::rtnl::Name`]) in Rust and reach C as they are.
//!
//! Each test names a link in a private network namespace with bytes that are not UTF-8 and
//! compares what nlrs reads, or made, with `ip -o link` (read as bytes).
mod common;

use std::ffi::{CStr, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::process::Command;
use std::ptr;

use common::capi::*;
use common::{in_netns, veth};
use nlrs::conn::Socket;
use nlrs::rtnl::link::{self, LinkChange};
use nlrs::rtnl::mirror::{Mirror, Object, Selection};
use nlrs::rtnl::{addr, Name};
use nlrs::wire::consts::proto;

/// A name that is not UTF-8.
const ODD: &[u8] = b"n\xffu\xfe0";

/// Runs `ip` with arguments that may be any bytes; returns stdout as bytes.
fn ip_bytes(args: &[&[u8]]) -> Vec<u8> {
    let out = Command::new("ip")
        .args(args.iter().map(|a| OsStr::from_bytes(a)))
        .output()
        .expect("run ip");
    assert!(
        out.status.success(),
        "ip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `(ifindex, name)` of every link, from `ip -o link` ("2: NAME@PEER: <...>" per line).
fn ip_links() -> Vec<(i32, Vec<u8>)> {
    ip_bytes(&[b"-o", b"link", b"show"])
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|line| {
            let colon = line.iter().position(|&b| b == b':').unwrap();
            let index = std::str::from_utf8(&line[..colon])
                .unwrap()
                .parse()
                .unwrap();
            let rest = &line[colon + 2..];
            let end = rest.iter().position(|&b| b == b':' || b == b'@').unwrap();
            (index, rest[..end].to_vec())
        })
        .collect()
}

/// A veth `nu0`/`nu1` with `nu0` renamed to [`ODD`] and given 192.0.2.1/24.
fn odd_link() {
    veth("nu0", "nu1");
    ip_bytes(&[b"link", b"set", b"nu0", b"down"]);
    ip_bytes(&[b"link", b"set", b"nu0", b"name", ODD]);
    ip_bytes(&[b"addr", b"add", b"192.0.2.1/24", b"dev", ODD]);
    assert!(
        ip_links().iter().any(|(_, n)| n == ODD),
        "ip shows the name"
    );
}

#[test]
fn rust_listings_read_names_as_bytes() {
    in_netns(|| {
        odd_link();
        let mut sock = Socket::open(proto::ROUTE).unwrap();
        let ours: Vec<(i32, Vec<u8>)> = link::list(&mut sock, &link::LinkFilter::default())
            .expect("a non-UTF-8 name does not fail the listing")
            .iter()
            .map(|l| (l.index.get() as i32, l.name.as_bytes().to_vec()))
            .collect();
        assert_eq!(ours, ip_links());

        let odd = link::get(&mut sock, ODD).unwrap();
        assert_eq!(odd.name, Name::from(ODD));
        assert_eq!(odd.name.to_str(), None);
        assert_eq!(odd.name.to_string(), "n\u{fffd}u\u{fffd}0");

        // The IPv4 address's label is the interface's name.
        let addrs = addr::list(
            &mut sock,
            &addr::AddrFilter::default()
                .family(libc::AF_INET as u8)
                .index(odd.index),
        )
        .unwrap();
        let labels: Vec<&[u8]> = addrs
            .iter()
            .filter_map(|a| a.label.as_ref().map(Name::as_bytes))
            .collect();
        assert_eq!(labels, [ODD]);

        // The mirror holds the link and its address.
        let sel = Selection::default().links(true).addrs(true);
        let m = Mirror::start(sel, None, |_, _| {}).unwrap();
        let named: Vec<Vec<u8>> = m
            .objects()
            .filter_map(|o| match o {
                Object::Link(l) if l.index == odd.index => Some(l.name.as_bytes().to_vec()),
                Object::Addr(a) if a.index == odd.index => {
                    a.label.as_ref().map(|n| n.as_bytes().to_vec())
                }
                _ => None,
            })
            .collect();
        assert_eq!(named, [ODD, ODD]);
    });
}

#[test]
fn the_mirror_follows_a_rename_to_bytes() {
    in_netns(|| {
        veth("nu0", "nu1");
        let sel = Selection::default().links(true);
        let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
        ip_bytes(&[b"link", b"set", b"nu0", b"down"]);
        ip_bytes(&[b"link", b"set", b"nu0", b"name", ODD]);
        let renamed = |m: &Mirror| {
            m.objects()
                .any(|o| matches!(o, Object::Link(l) if l.name.as_bytes() == ODD))
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !renamed(&m) && std::time::Instant::now() < deadline {
            let mut p = libc::pollfd {
                fd: m.fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            unsafe { libc::poll(&mut p, 1, 100) };
            m.process_readable(|_, _| {}, || {}).unwrap();
        }
        assert!(renamed(&m), "the rename reached the mirror");
        assert_eq!(m.resyncs(), 0, "no event was lost or skipped");
    });
}

#[test]
fn rust_renames_to_bytes() {
    in_netns(|| {
        veth("nu0", "nu1");
        let mut sock = Socket::open(proto::ROUTE).unwrap();
        let index = link::get(&mut sock, "nu0").unwrap().index;
        let change = LinkChange::default()
            .up(false)
            .name(Name::from(&b"r\xfe1"[..]));
        change.apply(&mut sock, index).unwrap();
        assert!(ip_links().contains(&(index.get() as i32, b"r\xfe1".to_vec())));
    });
}

#[test]
fn c_gets_names_as_they_are() {
    in_netns(|| unsafe {
        odd_link();
        let mut sock = ptr::null_mut();
        assert_eq!(nlrs_socket_open(0, 0, &mut sock), 0);
        let mut l = ptr::null_mut();
        assert_eq!(nlrs_link_new(&mut l), 0);
        let mut d = ptr::null_mut();
        assert_eq!(nlrs_link_dump(sock, &mut d), 0);
        let mut msg = nlrs_rmsg {
            ptr: ptr::null(),
            len: 0,
        };
        let mut ours = Vec::new();
        let rc = loop {
            let rc = nlrs_dump_next(d, &mut msg);
            if rc <= 0 {
                break rc;
            }
            assert_eq!(nlrs_link_parse(l, msg), 0);
            let name = CStr::from_ptr(nlrs_link_name(l)).to_bytes().to_vec();
            ours.push((nlrs_link_ifindex(l) as i32, name));
        };
        assert_eq!(rc, 0);
        nlrs_dump_free(d);
        assert_eq!(ours, ip_links());

        // The name as C got it finds the link again.
        let odd = ours.iter().find(|(_, n)| n == ODD).unwrap().0;
        let mut again = ptr::null_mut();
        assert_eq!(nlrs_link_new(&mut again), 0);
        let name = std::ffi::CString::new(ODD).unwrap();
        assert_eq!(nlrs_link_get_by_name(sock, name.as_ptr(), again), 0);
        assert_eq!(nlrs_link_ifindex(again) as i32, odd);
        nlrs_link_free(again);

        // And makes a link by any bytes.
        let bridge = std::ffi::CString::new(&b"b\xfb\xfc"[..]).unwrap();
        assert_eq!(nlrs_link_create_bridge(sock, bridge.as_ptr()), 0);
        assert!(ip_links().iter().any(|(_, n)| n == b"b\xfb\xfc"));
        nlrs_link_free(l);
        nlrs_socket_free(sock);
    });
}
