//! The codec and conversation engine against the real kernel, each test in its own private
//! network namespace, with iproute2 as the independent oracle.

mod common;

use common::{ifindex, ip, ip_batch, ip_json, private_netns, veth, NamedNetns};
use nlrs::conn::{Error, Socket, SocketOptions};
use nlrs::wire::consts::*;
use nlrs::wire::{Batch, IfAddrMsg, IfInfoMsg, Msg, MsgBuilder, RtMsg};

fn link_msg(ty: u16, flags: u16, index: i32) -> MsgBuilder {
    MsgBuilder::with_header(
        ty,
        flags,
        &IfInfoMsg {
            index,
            ..Default::default()
        },
    )
}

/// Name and MTU of a link message.
fn name_mtu(m: &Msg<'_>) -> (String, u32) {
    let mut name = String::new();
    let mut mtu = 0;
    for a in m.attrs::<IfInfoMsg>().unwrap() {
        let a = a.unwrap();
        match a.kind() {
            ifla::IFNAME => name = a.str().unwrap().to_owned(),
            ifla::MTU => mtu = a.u32().unwrap(),
            _ => {}
        }
    }
    (name, mtu)
}

fn kernel_err(e: Error) -> Box<nlrs::conn::KernelError> {
    match e {
        Error::Kernel(k) => k,
        other => panic!("expected a kernel error, got {other:?}"),
    }
}

#[test]
fn set_mtu_then_read_back_by_dump_and_get() {
    private_netns();
    veth("nv0", "nv1");
    let idx = ifindex("nv0");
    let mut sock = Socket::open(proto::ROUTE).unwrap();

    let mut set = link_msg(RTM_NEWLINK, 0, idx);
    set.put_u32(ifla::MTU, 1000).unwrap();
    let replies = sock.request(&set).unwrap();
    assert!(
        replies.is_empty(),
        "a successful set answers with an ACK alone"
    );
    // ifi_change 0: the flags, and so the link's UP state, are untouched.
    let oracle = ip_json(&["link", "show", "dev", "nv0"]);
    assert_eq!(oracle[0]["mtu"].as_i64(), Some(1000));
    assert!(oracle[0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f.as_str() == Some("UP")));

    let mut seen = Vec::new();
    let mut dump = sock.dump(&link_msg(RTM_GETLINK, 0, 0)).unwrap();
    while let Some(m) = dump.next() {
        seen.push(name_mtu(&m.unwrap()));
    }
    assert!(seen.contains(&("nv0".to_owned(), 1000)), "{seen:?}");
    let names: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
    let ip_names: Vec<String> = ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ip_names, "dump order and content match ip's");

    let got = sock.request(&link_msg(RTM_GETLINK, 0, idx)).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        name_mtu(&got.iter().next().unwrap().unwrap()),
        ("nv0".into(), 1000)
    );
}

#[test]
fn enodev_reads_well_without_extack_text() {
    private_netns();
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let e = sock.request(&link_msg(RTM_GETLINK, 0, 9999)).unwrap_err();
    assert_eq!(e.code(), -libc::ENODEV);
    assert_eq!(e.to_string(), "No such device");
}

#[test]
fn unknown_link_kind_carries_kernel_text() {
    private_netns();
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let mut m = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
    m.put_str(ifla::IFNAME, "nlrsbad0").unwrap();
    let info = m.nest_start(ifla::LINKINFO).unwrap();
    m.put_str(ifla::INFO_KIND, "no-such-kind").unwrap();
    m.nest_end(info).unwrap();
    let k = kernel_err(sock.request(&m).unwrap_err());
    assert_eq!(k.errno, libc::EOPNOTSUPP);
    assert_eq!(k.ext.message.as_deref(), Some("Unknown device type"));
    assert!(k.to_string().contains("Unknown device type"), "{k}");
}

#[test]
fn mtu_as_u16_points_back_at_ifla_mtu() {
    private_netns();
    veth("nv0", "nv1");
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let mut m = link_msg(RTM_NEWLINK, 0, ifindex("nv0"));
    m.put_str(ifla::IFNAME, "nv0").unwrap();
    m.put_u16(ifla::MTU, 1000).unwrap();
    let k = kernel_err(sock.request(&m).unwrap_err());
    // The policy wants 4 bytes; fewer is out of range.
    assert_eq!(k.errno, libc::ERANGE);
    // The offset is of the IFLA_MTU attribute: after the 16-byte header, the 16-byte
    // ifinfomsg and the 8-byte IFLA_IFNAME "nv0".
    assert_eq!(k.ext.offset, Some(16 + 16 + 8));
    assert_eq!(k.ext.attr_path, vec![ifla::MTU]);
    assert_eq!(k.attr_path_text().as_deref(), Some("IFLA_MTU"));
}

#[test]
fn strict_route_dump_error_comes_in_done() {
    private_netns();
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let m = MsgBuilder::with_header(
        RTM_GETROUTE,
        0,
        &RtMsg {
            family: AF_INET,
            dst_len: 8,
            ..Default::default()
        },
    );
    let mut dump = sock.dump(&m).unwrap();
    let first = dump
        .next()
        .expect("the dump must not end as an empty success");
    let k = kernel_err(first.unwrap_err());
    assert!(
        k.in_done,
        "strict mode reports a rejected dump in NLMSG_DONE"
    );
    assert_eq!(k.errno, libc::EINVAL);
    assert!(k.ext.message.is_some(), "the kernel explains: {k}");
    assert!(dump.next().is_none());
    // The socket works afterwards.
    sock.request(&link_msg(RTM_GETLINK, 0, 1)).unwrap();
}

#[test]
fn forged_ack_is_never_taken_as_a_reply() {
    private_netns();
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    // A second, plain netlink socket forges an ACK for the next request of `sock`.
    let forger = unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW, 0) };
    assert!(forger >= 0);
    let mut ack = MsgBuilder::new(NLMSG_ERROR, NLM_F_CAPPED);
    let seq = sock.last_seq().wrapping_add(1);
    ack.set_seq(seq);
    let mut err = [0u8; 20];
    err[4..8].copy_from_slice(&16u32.to_ne_bytes());
    err[8..10].copy_from_slice(&RTM_GETLINK.to_ne_bytes());
    err[12..16].copy_from_slice(&seq.to_ne_bytes());
    err[16..20].copy_from_slice(&sock.port_id().to_ne_bytes());
    ack.fixed_bytes(&err).unwrap();
    let bytes = ack.bytes().unwrap();
    let mut to: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    to.nl_family = libc::AF_NETLINK as u16;
    to.nl_pid = sock.port_id();
    let rc = unsafe {
        libc::sendto(
            forger,
            bytes.as_ptr().cast(),
            bytes.len(),
            0,
            (&to as *const libc::sockaddr_nl).cast(),
            std::mem::size_of::<libc::sockaddr_nl>() as u32,
        )
    };
    let errno = std::io::Error::last_os_error().raw_os_error();
    unsafe { libc::close(forger) };
    // A connected socket refuses unicast from anyone but the kernel.
    assert_eq!(rc, -1, "the kernel must refuse the forged datagram");
    assert_eq!(errno, Some(libc::ECONNREFUSED));
    // The real answer is an error: a forged ACK taken for it would make this succeed.
    let e = sock.request(&link_msg(RTM_GETLINK, 0, 9999)).unwrap_err();
    assert_eq!(e.code(), -libc::ENODEV);
}

fn addr_msg(ty: u16, flags: u16, index: u32, a: [u8; 4]) -> MsgBuilder {
    let mut m = MsgBuilder::with_header(
        ty,
        flags,
        &IfAddrMsg {
            family: AF_INET,
            prefixlen: 32,
            index,
            ..Default::default()
        },
    );
    m.put(ifa::LOCAL, &a).unwrap();
    m
}

#[test]
fn dump_interrupted_by_concurrent_changes_is_reported() {
    private_netns();
    veth("nv0", "nv1");
    let mut lines = String::new();
    for i in 0..3000u32 {
        lines += &format!("addr add 10.9.{}.{}/32 dev nv0\n", i / 250, i % 250 + 1);
    }
    ip_batch(&lines);
    // Another thread in the same namespace keeps changing addresses.
    let ns = std::fs::File::open("/proc/thread-self/ns/net").unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let idx = ifindex("nv0") as u32;
    let churn = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            use std::os::fd::AsRawFd;
            assert_eq!(
                unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) },
                0
            );
            let mut s = Socket::open(proto::ROUTE).unwrap();
            let mut i = 0u8;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let a = [10, 8, 0, i];
                s.request(&addr_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, idx, a))
                    .unwrap();
                s.request(&addr_msg(RTM_DELADDR, 0, idx, a)).unwrap();
                i = i.wrapping_add(1);
            }
        })
    };
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let get = MsgBuilder::with_header(
        RTM_GETADDR,
        0,
        &IfAddrMsg {
            family: AF_INET,
            ..Default::default()
        },
    );
    let mut interrupted = false;
    for _ in 0..50 {
        let mut dump = sock.dump(&get).unwrap();
        let mut count = 0;
        while let Some(m) = dump.next() {
            match m {
                Ok(_) => count += 1,
                Err(Error::DumpInterrupted) => interrupted = true,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(
            count >= 3000,
            "the dump was read to its end ({count} messages)"
        );
        if interrupted {
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    assert!(interrupted, "NLM_F_DUMP_INTR was never reported");
    // The next request on the same socket works and reads no stale message.
    let got = sock.request(&link_msg(RTM_GETLINK, 0, idx as i32)).unwrap();
    assert_eq!(name_mtu(&got.iter().next().unwrap().unwrap()).0, "nv0");
    // The opt-in bounded retry gives up with the same error rather than an inconsistent table.
    let r = sock.dump_consistent(
        &get,
        3,
        || 0usize,
        |n, _| {
            *n += 1;
            Ok(())
        },
    );
    assert!(
        r.is_ok(),
        "without churn a retried dump is consistent: {r:?}"
    );
}

#[test]
fn overrun_is_reported_and_socket_keeps_working() {
    private_netns();
    let opts = SocketOptions::default().rcvbuf(Some(1024));
    let mut mon = Socket::open_with(proto::ROUTE, &opts).unwrap();
    mon.join_group(rtnlgrp::LINK).unwrap();
    let mut lines = String::new();
    for i in 0..200 {
        lines += &format!("link add nlb{i} type bridge\n");
    }
    ip_batch(&lines);
    let mut overrun = false;
    mon.set_nonblocking(true).unwrap();
    loop {
        match mon.recv_notifications() {
            Ok(msgs) => drop(msgs.count()),
            Err(Error::Overrun) => overrun = true,
            Err(Error::WouldBlock) => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(overrun, "ENOBUFS must be reported, never hidden");
    // New events still arrive after the overrun.
    ip(&["link", "set", "nlb0", "up"]);
    let mut seen = false;
    for _ in 0..100 {
        match mon.recv_notifications() {
            Ok(mut msgs) => seen |= msgs.any(|m| m.unwrap().ty() == RTM_NEWLINK),
            Err(Error::WouldBlock) => std::thread::sleep(std::time::Duration::from_millis(10)),
            Err(e) => panic!("{e}"),
        }
        if seen {
            break;
        }
    }
    assert!(seen, "the socket keeps working after an overrun");
}

/// Notifications queued in a burst are received many per system call: each still comes out
/// once, in the order the kernel sent them, one datagram per call.
#[test]
fn a_burst_of_notifications_comes_out_whole_and_in_order() {
    private_netns();
    let opts = SocketOptions::default().rcvbuf(Some(8 << 20));
    let mut mon = Socket::open_with(proto::ROUTE, &opts).unwrap();
    mon.join_group(rtnlgrp::LINK).unwrap();
    let n = 150;
    let mut lines = String::new();
    for i in 0..n {
        lines += &format!("link add nlb{i} type bridge\n");
    }
    ip_batch(&lines);
    mon.set_nonblocking(true).unwrap();
    let mut first_seen = Vec::new();
    loop {
        let datagram_len = match mon.recv_notifications() {
            Ok(msgs) => {
                for m in msgs {
                    let m = m.unwrap();
                    let (name, _) = name_mtu(&m);
                    if m.ty() == RTM_NEWLINK && !first_seen.contains(&name) {
                        first_seen.push(name);
                    }
                }
                mon.last_datagram().len()
            }
            Err(Error::WouldBlock) => break,
            Err(e) => panic!("{e}"),
        };
        assert!(datagram_len > 0, "the datagram handed out is the last one");
    }
    let expected: Vec<String> = (0..n).map(|i| format!("nlb{i}")).collect();
    assert_eq!(first_seen, expected);
}

fn route_msg(flags: u16, dst: [u8; 4], oif: i32) -> MsgBuilder {
    let mut m = MsgBuilder::with_header(
        RTM_NEWROUTE,
        flags,
        &RtMsg {
            family: AF_INET,
            dst_len: 32,
            table: 254,
            protocol: 4,
            scope: 253,
            ty: 1,
            ..Default::default()
        },
    );
    m.put(rta::DST, &dst).unwrap();
    m.put_u32(rta::OIF, oif as u32).unwrap();
    m
}

#[test]
fn batch_reports_exactly_the_bad_requests_in_order() {
    private_netns();
    veth("nv0", "nv1");
    let idx = ifindex("nv0");
    let bad_dev = [17usize, 500, 998];
    let dup = [250usize];
    let mut batch = Batch::new();
    for i in 0..1000usize {
        let n = if dup.contains(&i) { i - 1 } else { i };
        let dst = [10, 20, (n / 250) as u8, (n % 250) as u8 + 1];
        let oif = if bad_dev.contains(&i) { 9999 } else { idx };
        batch
            .push(&route_msg(NLM_F_CREATE | NLM_F_EXCL, dst, oif))
            .unwrap();
    }
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let results = sock.batch(&mut batch).unwrap();
    assert_eq!(results.len(), 1000);
    let failed: Vec<(usize, i32)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, -e.code())))
        .collect();
    assert_eq!(
        failed,
        vec![
            (17, libc::ENODEV),
            (250, libc::EEXIST),
            (500, libc::ENODEV),
            (998, libc::ENODEV)
        ]
    );
    let routes = ip_json(&["route", "show", "dev", "nv0", "proto", "static"]);
    assert_eq!(routes.as_array().unwrap().len(), 1000 - 4);
}

#[test]
fn socket_opened_in_namespace_by_path_sees_its_links() {
    let ns = NamedNetns::new("path");
    ip(&[
        "-n", &ns.name, "link", "add", "inside0", "type", "veth", "peer", "name", "inside1",
    ]);
    let mut sock =
        Socket::open_in_netns_path(&ns.path(), proto::ROUTE, &Default::default()).unwrap();
    let mut names = Vec::new();
    let mut dump = sock.dump(&link_msg(RTM_GETLINK, 0, 0)).unwrap();
    while let Some(m) = dump.next() {
        names.push(name_mtu(&m.unwrap()).0);
    }
    assert_eq!(
        names,
        ["lo", "inside1", "inside0"],
        "the namespace's links, in kernel order"
    );
    // The calling thread stayed in its own namespace.
    let here = std::fs::read_link("/proc/thread-self/ns/net").unwrap();
    let there = std::fs::read_link(ns.path()).ok();
    assert_ne!(Some(here), there);
}

#[test]
fn every_netlink_protocol_opens_with_the_defaults_and_bare() {
    private_netns();
    for p in [
        proto::ROUTE,
        proto::GENERIC,
        proto::SOCK_DIAG,
        proto::NETFILTER,
        proto::XFRM,
        proto::KOBJECT_UEVENT,
        proto::AUDIT,
    ] {
        for opts in [SocketOptions::default(), SocketOptions::bare()] {
            let s = Socket::open_with(p, &opts).unwrap_or_else(|e| panic!("protocol {p}: {e}"));
            assert_ne!(
                s.port_id(),
                0,
                "protocol {p}: the kernel assigned a port id"
            );
            assert!(s.fd() >= 0);
        }
        let dgram = SocketOptions::default().dgram(true);
        Socket::open_with(p, &dgram).unwrap_or_else(|e| panic!("protocol {p} as SOCK_DGRAM: {e}"));
    }
    // Each default can be turned off, and says whether it is in effect.
    use nlrs::conn::Support;
    let on = Socket::open(proto::ROUTE).unwrap();
    assert_eq!(
        (on.ext_ack(), on.cap_ack(), on.strict_check()),
        (Support::Enabled, Support::Enabled, Support::Enabled)
    );
    let generic = Socket::open(proto::GENERIC).unwrap();
    assert_eq!(
        generic.strict_check(),
        Support::Disabled,
        "strict checking is for route sockets"
    );
    let mut off = Socket::open_with(proto::ROUTE, &SocketOptions::bare()).unwrap();
    assert_eq!(
        (off.ext_ack(), off.cap_ack(), off.strict_check()),
        (Support::Disabled, Support::Disabled, Support::Disabled)
    );
    assert_eq!(off.timeout(), None);
    // Without extended ACKs the kernel's error has no text, but still its errno.
    let mut m = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
    m.put_str(ifla::IFNAME, "nlrsbad0").unwrap();
    let info = m.nest_start(ifla::LINKINFO).unwrap();
    m.put_str(ifla::INFO_KIND, "no-such-kind").unwrap();
    m.nest_end(info).unwrap();
    let k = kernel_err(off.request(&m).unwrap_err());
    assert_eq!(
        (k.errno, k.ext.message.as_deref()),
        (libc::EOPNOTSUPP, None)
    );

    // The close-on-exec flag is set on every socket.
    let s = Socket::open(proto::ROUTE).unwrap();
    let flags = unsafe { libc::fcntl(s.fd(), libc::F_GETFD) };
    assert!(flags & libc::FD_CLOEXEC != 0);
}

#[test]
fn a_warning_on_a_successful_ack_is_kept_until_the_next_request() {
    private_netns();
    veth("nv0", "nv1");
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let mut set = link_msg(RTM_NEWLINK, 0, ifindex("nv0"));
    set.put_u32(ifla::MTU, 1200).unwrap();
    // Three bytes after the last attribute: the kernel applies the change and says so.
    let mut payload = set.bytes().unwrap()[16..].to_vec();
    payload.extend_from_slice(&[1, 2, 3]);
    let mut odd = MsgBuilder::new(RTM_NEWLINK, 0);
    odd.fixed_bytes(&payload).unwrap();
    sock.request(&odd).unwrap();
    let w = sock.warning().expect("the ACK's warning is kept");
    assert_eq!(
        w.message.as_deref(),
        Some("bytes leftover after parsing attributes")
    );
    assert_eq!(
        ip_json(&["link", "show", "dev", "nv0"])[0]["mtu"].as_i64(),
        Some(1200)
    );
    sock.request(&set).unwrap();
    assert!(sock.warning().is_none(), "a clean ACK clears it");
}

#[test]
fn a_request_the_kernel_drops_times_out_instead_of_hanging() {
    private_netns();
    // nfnetlink silently drops a message too short for its nfgenmsg header: no ACK, no error.
    let mut s = Socket::open(proto::NETFILTER).unwrap();
    s.set_timeout(Some(std::time::Duration::from_millis(200)))
        .unwrap();
    let started = std::time::Instant::now();
    let e = s.request(&MsgBuilder::new(0x10, 0)).unwrap_err();
    assert!(matches!(e, Error::Timeout), "{e:?}");
    assert_eq!(e.code(), -nlrs::conn::code::TIMEOUT);
    assert!(started.elapsed() >= std::time::Duration::from_millis(200));
    // The socket still works: a message the kernel answers gets its answer.
    let mut m = MsgBuilder::new(0x10, 0);
    m.fixed_bytes(&[0; 4]).unwrap(); // an nfgenmsg: family, version, resource id
    let r = s.request(&m);
    assert!(!matches!(r, Err(Error::Timeout)), "{r:?}");
}

/// Notifications read on a socket whose dump was left halfway: the rest of the dump is read
/// and discarded first, so what comes back is never the dump's next datagram (nor its messages
/// read at a position the buffer no longer holds), and the next dump sees every link `ip`
/// sees.
#[test]
fn notifications_after_a_dump_left_halfway_are_not_the_dumps_rest() {
    private_netns();
    // 81 links of about 1.4 KiB each: several dump datagrams (each capped near 32 KiB).
    let lines: String = (0..40)
        .map(|i| format!("link add hv{i} type veth peer name hp{i}\n"))
        .collect();
    ip_batch(&lines);
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    sock.dump_start(&nlrs::rtnl::link::dump_request()).unwrap();
    assert!(sock.dump_next().unwrap().is_ok());
    assert!(sock.dump_running());
    sock.set_nonblocking(true).unwrap();
    // No group joined and the dump drained: nothing is queued.
    match sock.recv_notifications() {
        Err(Error::WouldBlock) => {}
        Ok(msgs) => panic!("got {} bytes of the dump's rest", msgs.remaining().len()),
        Err(e) => panic!("{e}"),
    }
    assert!(!sock.dump_running());
    sock.set_nonblocking(false).unwrap();
    let links =
        nlrs::rtnl::link::list(&mut sock, &nlrs::rtnl::link::LinkFilter::default()).unwrap();
    assert_eq!(
        links.len(),
        ip_json(&["link", "show"]).as_array().unwrap().len()
    );
}
