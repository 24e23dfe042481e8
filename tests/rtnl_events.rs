//! Notifications as typed events, and the mirror that survives lost events, against changes
//! made with iproute2.

mod common;

use common::{ifindex, ip, ip_batch, ip_json, private_netns, veth, wait_readable};
use nlrs::rtnl::events::{Event, EventKind, Monitor, RawEvent};
use nlrs::rtnl::mirror::{ChangeKind, Flow, Mirror, Object, Selection};
use nlrs::wire::consts::*;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// Events as short strings, read until `want` of them matched or a deadline passed.
fn collect(mon: &mut Monitor, want: usize) -> Vec<String> {
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while out.len() < want && Instant::now() < deadline {
        wait_readable(mon.fd(), 100);
        mon.process_readable(|ev| {
            let s = match ev {
                Event::NewLink(l) => format!(
                    "newlink {} {}",
                    l.name,
                    if l.is_up() { "up" } else { "down" }
                ),
                Event::DelLink(l) => format!("dellink {}", l.name),
                Event::NewAddr(a) => format!("newaddr {}/{}", a.ip().unwrap(), a.prefixlen),
                Event::DelAddr(a) => format!("deladdr {}/{}", a.ip().unwrap(), a.prefixlen),
                Event::NewRoute(r) => format!("newroute {} t{}", r.dst, r.table),
                Event::DelRoute(r) => format!("delroute {} t{}", r.dst, r.table),
                Event::NewNeigh(n) => format!("newneigh {:?}", n.dst),
                Event::DelNeigh(n) => format!("delneigh {:?}", n.dst),
                Event::Other(m) => format!("other {}", m.ty()),
                Event::Undecodable(m) => format!("undecodable {}", m.ty()),
                Event::Overrun => "overrun".into(),
                ev => format!("unknown {:?}", ev.kind()),
            };
            out.push(s);
            true
        })
        .unwrap();
    }
    out
}

#[test]
fn changes_made_with_ip_arrive_as_typed_events_in_order() {
    private_netns();
    veth("e0", "e1");
    let mut mon = Monitor::new(&[
        rtnlgrp::LINK,
        rtnlgrp::IPV4_IFADDR,
        rtnlgrp::IPV4_ROUTE,
        rtnlgrp::NEIGH,
    ])
    .unwrap();
    common::ordered_changes();
    let got = collect(&mut mon, 12);
    let want_in_order = [
        "newaddr 10.7.0.1/24",
        "newroute 10.8.0.0/16 t77",
        "newneigh Some(10.7.0.9)",
        "delroute 10.8.0.0/16 t77",
        "delneigh Some(10.7.0.9)",
        "deladdr 10.7.0.1/24",
        "newlink e0 down",
        "dellink e0",
    ];
    let mut it = got.iter();
    for w in want_in_order {
        assert!(
            it.any(|g| g == w),
            "missing or out of order: {w}\nall events: {got:?}"
        );
    }
}

/// The mirror's view in the terms `ip -j` gives: links and addresses.
fn mirror_view(m: &Mirror) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut links = BTreeSet::new();
    let mut addrs = BTreeSet::new();
    for o in m.objects() {
        match o {
            Object::Link(l) => {
                links.insert(format!(
                    "{} {} {} {}",
                    l.index,
                    l.name,
                    l.mtu.unwrap_or(0),
                    l.is_up()
                ));
            }
            Object::Addr(a) => {
                addrs.insert(format!("{} {}/{}", a.index, a.ip().unwrap(), a.prefixlen));
            }
            _ => {}
        }
    }
    (links, addrs)
}

fn ip_view() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut links = BTreeSet::new();
    for l in ip_json(&["link", "show"]).as_array().unwrap() {
        let up = l["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str() == Some("UP"));
        links.insert(format!(
            "{} {} {} {}",
            l["ifindex"].as_i64().unwrap(),
            l["ifname"].as_str().unwrap(),
            l["mtu"].as_i64().unwrap(),
            up
        ));
    }
    let mut addrs = BTreeSet::new();
    for l in ip_json(&["addr", "show"]).as_array().unwrap() {
        for a in l["addr_info"].as_array().unwrap() {
            addrs.insert(format!(
                "{} {}/{}",
                l["ifindex"].as_i64().unwrap(),
                a["local"].as_str().unwrap(),
                a["prefixlen"].as_i64().unwrap()
            ));
        }
    }
    (links, addrs)
}

/// Asserts the mirror equals ip's view, printing only the differences.
fn assert_same(m: &Mirror, what: &str) {
    let (ml, ma) = mirror_view(m);
    let (il, ia) = ip_view();
    let only_mirror: Vec<_> = ml.difference(&il).chain(ma.difference(&ia)).collect();
    let only_ip: Vec<_> = il.difference(&ml).chain(ia.difference(&ma)).collect();
    assert!(
        only_mirror.is_empty() && only_ip.is_empty(),
        "{what}: only in the mirror: {only_mirror:?}; only in ip: {only_ip:?}"
    );
}

/// Processes events until none has arrived for `idle_ms`.
fn settle(m: &mut Mirror, idle_ms: i32, resynced: &mut u32) {
    loop {
        if !wait_readable(m.fd(), idle_ms) {
            return;
        }
        m.process_readable(|_, _| {}, || *resynced += 1).unwrap();
    }
}

#[test]
fn mirror_survives_overruns_and_equals_ip_ten_times() {
    private_netns();
    veth("m0", "m1");
    let sel = Selection::default().links(true).addrs(true);
    for round in 0..10 {
        let mut m = Mirror::start(sel, Some(4096), |_, _| {}).unwrap();
        // 5000 address changes while the consumer is paused: the small queue overflows.
        let mut lines = String::new();
        for i in 0..2500u32 {
            lines += &format!(
                "addr add 10.{}.{}.{}/32 dev m0\n",
                100 + round,
                i / 250,
                i % 250 + 1
            );
        }
        for i in 0..2500u32 {
            if i % 5 != 0 {
                lines += &format!(
                    "addr del 10.{}.{}.{}/32 dev m0\n",
                    100 + round,
                    i / 250,
                    i % 250 + 1
                );
            }
        }
        ip_batch(&lines);
        ip(&["link", "set", "m1", "mtu", &(1300 + round).to_string()]);
        let mut resynced = 0;
        let mut changes = 0;
        m.process_readable(|_, _| changes += 1, || resynced += 1)
            .unwrap();
        settle(&mut m, 200, &mut resynced);
        assert!(
            resynced >= 1,
            "round {round}: the overrun was never reported"
        );
        assert!(changes > 0);
        assert_same(&m, &format!("round {round}"));
        // Leave the next round a clean slate of addresses.
        ip(&["addr", "flush", "dev", "m0", "label", "m0"]);
    }
}

#[test]
fn mirror_started_during_churn_converges() {
    private_netns();
    veth("c0", "c1");
    let idx = ifindex("c0");
    let mut lines = String::new();
    for i in 0..3000u32 {
        let op = if i % 3 == 2 { "del" } else { "add" };
        let n = if op == "del" { i - 1 } else { i };
        lines += &format!("addr {op} 10.50.{}.{}/32 dev c0\n", n / 250, n % 250 + 1);
    }
    // Another process changes addresses while the mirror starts.
    let mut churn = std::process::Command::new("ip")
        .args(["-batch", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = churn.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(lines.as_bytes()).unwrap();
    });
    let sel = Selection::default().links(true).addrs(true);
    let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
    let mut resynced = 0;
    while churn.try_wait().unwrap().is_none() {
        wait_readable(m.fd(), 20);
        m.process_readable(|_, _| {}, || resynced += 1).unwrap();
    }
    writer.join().unwrap();
    settle(&mut m, 200, &mut resynced);
    assert_same(&m, "after churn");
    assert!(
        mirror_view(&m)
            .1
            .iter()
            .filter(|a| a.starts_with(&format!("{idx} 10.50.")))
            .count()
            >= 1000
    );
}

#[test]
fn mirror_reports_exact_changes() {
    private_netns();
    veth("x0", "x1");
    let sel = Selection::default().links(true).addrs(true);
    let mut initial = 0;
    let mut m = Mirror::start(sel, None, |k, _| {
        assert_eq!(k, ChangeKind::Add);
        initial += 1;
    })
    .unwrap();
    assert!(initial >= 3);
    ip(&["addr", "add", "10.60.0.1/24", "dev", "x0"]);
    ip(&["link", "set", "x1", "mtu", "1400"]);
    ip(&["link", "del", "x0"]);
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && !seen.iter().any(|s: &String| s == "- link x1") {
        wait_readable(m.fd(), 100);
        m.process_readable(
            |k, o| {
                let what = match o {
                    Object::Link(l) => format!("link {}", l.name),
                    Object::Addr(a) => format!("addr {}", a.ip().unwrap()),
                    _ => "other".into(),
                };
                let sign = match k {
                    ChangeKind::Add => "+",
                    ChangeKind::Change => "~",
                    ChangeKind::Remove => "-",
                    _ => "?",
                };
                seen.push(format!("{sign} {what}"));
            },
            || {},
        )
        .unwrap();
    }
    // Deleting one end of a veth removes both.
    for w in [
        "+ addr 10.60.0.1",
        "~ link x1",
        "- addr 10.60.0.1",
        "- link x0",
        "- link x1",
    ] {
        assert!(seen.iter().any(|s| s == w), "missing {w}: {seen:?}");
    }
    assert_same(&m, "after changes");
}

#[test]
fn raw_events_carry_their_kind_and_message() {
    private_netns();
    veth("r0", "r1");
    let mut mon = Monitor::new(&[rtnlgrp::LINK, rtnlgrp::IPV4_IFADDR]).unwrap();
    ip(&["addr", "add", "10.61.0.1/24", "dev", "r0"]);
    ip(&["link", "del", "r0"]);
    let mut kinds = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !kinds.contains(&EventKind::DelLink) && Instant::now() < deadline {
        wait_readable(mon.fd(), 100);
        mon.process_raw(|ev| {
            if let RawEvent::Msg(m) = ev {
                assert_eq!(ev.kind(), EventKind::of(m.ty()));
                // The same message decodes to the typed event of the same kind.
                assert_eq!(Event::decode(m).unwrap().kind(), ev.kind());
            }
            kinds.push(ev.kind());
            true
        })
        .unwrap();
    }
    let at = |k| kinds.iter().position(|&x| x == k);
    assert!(
        at(EventKind::NewAddr) < at(EventKind::DelLink) && at(EventKind::NewAddr).is_some(),
        "{kinds:?}"
    );
    assert_eq!(EventKind::of(RTM_NEWROUTE), EventKind::NewRoute);
    // RTM_NEWRULE: not one of the typed events.
    assert_eq!(EventKind::of(32), EventKind::Other);
    assert_eq!(RawEvent::Overrun.kind(), EventKind::Overrun);
}

/// A callback that stops after every change: each call reports one change at most, and
/// nothing is lost, through the first dump, events and a resynchronisation.
#[test]
fn mirror_callbacks_stop_early_and_resume_without_loss() {
    private_netns();
    // Links that change nothing on their own from here: their carrier announced (linkwatch
    // does it up to a second after `up`) and no IPv6 link-local addresses (the kernel adds
    // them when the carrier comes). Either, in the middle of the counting below, would be
    // reported as a change the first dump does not hold.
    common::quiet_veth("s0", "s1");
    let sel = Selection::default().links(true).addrs(true);
    let stop_each = |seen: &mut Vec<String>, k: ChangeKind, o: &Object| {
        seen.push(format!("{k:?} {o:?}"));
        Flow::Break(())
    };
    let mut seen = Vec::new();
    let (mut m, flow) =
        Mirror::start_until(sel, Some(4096), |k, o| stop_each(&mut seen, k, o)).unwrap();
    assert!(flow.is_break());
    assert_eq!((seen.len(), m.len()), (1, 1));
    // The rest of the first dump, one object per call, before any event.
    let mut calls = 0;
    loop {
        let (_, flow) = m
            .process_until(|k, o| stop_each(&mut seen, k, o), || Flow::Continue(()))
            .unwrap();
        calls += 1;
        if flow.is_continue() {
            break;
        }
    }
    assert_eq!(seen.len(), m.len());
    assert!(calls >= m.len() - 1);
    assert!(seen.iter().all(|s| s.starts_with("Add ")));
    // The walk C uses visits the same objects in the same order.
    let mut walk = Vec::new();
    let mut next = m.first();
    while let Some(o) = next {
        next = m.after(&o);
        walk.push(o);
    }
    assert_eq!(walk, m.objects().collect::<Vec<_>>());

    // Lost events: 400 additions overflow the 4 KiB queue; the resynchronisation is reported
    // one change per call too, and `on_resync` only once it is complete.
    let lines: String = (0..400u32)
        .map(|i| format!("addr add 10.62.{}.{}/32 dev s0\n", i / 250, i % 250 + 1))
        .collect();
    ip_batch(&lines);
    let before = m.len();
    let mut resynced = 0;
    let mut changes = 0;
    for _ in 0..10_000 {
        let (_, flow) = m
            .process_until(
                |_, _| {
                    changes += 1;
                    Flow::Break(())
                },
                || {
                    resynced += 1;
                    Flow::Continue(())
                },
            )
            .unwrap();
        if flow.is_continue() && !wait_readable(m.fd(), 200) {
            break;
        }
    }
    assert_eq!(resynced, 1);
    assert_eq!(m.resyncs(), 1);
    assert_eq!(m.len(), before + 400);
    assert!(changes >= 400);
    assert_same(&m, "after stopping at every change");
}

/// Sockets, monitors and mirrors lend their descriptor through `AsFd` and `AsRawFd`, and a
/// change makes it readable, as any event loop polls it.
#[test]
fn socket_monitor_and_mirror_lend_their_descriptor() {
    use nlrs::conn::Socket;
    use std::os::fd::{AsFd, AsRawFd};
    private_netns();
    let sock = Socket::open(proto::ROUTE).unwrap();
    assert_eq!(sock.as_fd().as_raw_fd(), sock.fd());
    assert_eq!(sock.as_raw_fd(), sock.fd());
    let mon = Monitor::new(&[rtnlgrp::LINK]).unwrap();
    let sel = Selection::default().links(true);
    let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
    for fd in [mon.as_fd(), m.as_fd()] {
        assert!(!wait_readable(fd.as_raw_fd(), 0), "nothing happened yet");
    }
    assert_ne!(mon.as_raw_fd(), m.as_raw_fd());
    veth("fd0", "fd1");
    for fd in [mon.as_fd(), m.as_fd()] {
        assert!(
            wait_readable(fd.as_raw_fd(), 5000),
            "the change is readable"
        );
    }
    let mut added = Vec::new();
    m.process_readable(
        |_, o| {
            if let Object::Link(l) = o {
                added.push(l.name.to_string());
            }
        },
        || {},
    )
    .unwrap();
    assert!(added.contains(&"fd0".to_owned()), "{added:?}");
    assert_eq!(m.as_raw_fd(), m.fd());
}
