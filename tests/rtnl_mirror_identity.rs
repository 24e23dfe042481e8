//! The mirror tells objects apart as the kernel does, keeps up with notifications that are
//! too large or cannot be applied, and agrees with iproute2 (`ip -j route`, `ip -j addr`,
//! `ip -j neigh`, `bridge -j fdb`) after appends, replaces and deletes.

mod common;

use common::capi;
use common::objects::{kernel_view, mirror_view};
use common::routes::{
    c_route_line, c_seen, dumped_routes, ip_route_view, names, route_view, CSeen,
};
use common::{huge_link, ip, ip_batch, ip_json, private_netns, quiet_veth, veth, wait_readable};
use nlrs::conn::SocketOptions;
use nlrs::rtnl::events::{Event, Monitor};
use nlrs::rtnl::mirror::{ChangeKind, Mirror, Object, Selection};
use nlrs::rtnl::neigh::nud;
use nlrs::rtnl::IfIndex;
use nlrs::wire::consts::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

/// The mirror's routes to `prefix`, one line each, as a sorted list (duplicates kept).
fn mirror_routes(m: &Mirror, prefix: &str) -> Vec<String> {
    let names = names();
    let mut v: Vec<String> = m
        .objects()
        .filter_map(|o| match o {
            Object::Route(r) => Some(route_view(&r, &names)),
            _ => None,
        })
        .filter(|s| s.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// ip's routes to `prefix` in every table, as [`mirror_routes`] gives them.
fn ip_routes(family: &str, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = ip_json(&[family, "route", "show", "table", "all"])
        .as_array()
        .unwrap()
        .iter()
        .map(ip_route_view)
        .filter(|s| s.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// Asserts the mirror's routes equal, field for field, those of a fresh dump (every table),
/// and its routes to `prefix` equal ip's.
fn assert_routes(m: &Mirror, family: &str, prefix: &str, what: &str) {
    assert_eq!(
        mirror_routes(m, prefix),
        ip_routes(family, prefix),
        "{what}: mirror against ip"
    );
    let af = if family == "-4" { AF_INET } else { AF_INET6 };
    let fresh = dumped_routes(af);
    let mut ours: Vec<String> = m
        .objects()
        .filter_map(|o| match o {
            Object::Route(r) if r.family == af => Some(format!("{r:?}")),
            _ => None,
        })
        .collect();
    ours.sort();
    let only_ours: Vec<_> = ours.iter().filter(|r| !fresh.contains(r)).collect();
    let only_fresh: Vec<_> = fresh.iter().filter(|r| !ours.contains(r)).collect();
    assert_eq!(
        ours, fresh,
        "{what}: mirror against a fresh dump: only in the mirror {only_ours:#?}, only in the \
         dump {only_fresh:#?}"
    );
}

/// Processes events until none arrived for 300 ms; returns the changes reported as
/// `+`/`~`/`-` and the object in `view`'s terms, and `resync` for each re-dump.
fn settle(m: &mut Mirror, view: impl Fn(&Object) -> Option<String>) -> Vec<String> {
    let mut log = Vec::new();
    while wait_readable(m.fd(), 300) {
        let mut resyncs = 0;
        m.process_readable(
            |k, o| {
                if let Some(v) = view(o) {
                    let sign = match k {
                        ChangeKind::Add => '+',
                        ChangeKind::Change => '~',
                        ChangeKind::Remove => '-',
                        _ => '?',
                    };
                    log.push(format!("{sign} {v}"));
                }
            },
            || resyncs += 1,
        )
        .unwrap();
        log.extend((0..resyncs).map(|_| "resync".to_string()));
    }
    log
}

/// Runs `ip ARGS` (split at spaces).
fn ip_line(args: &str) -> String {
    ip(&args.split(' ').collect::<Vec<_>>())
}

/// Runs `ip ARGS` (split at spaces), then [`settle`]s with the view of routes to `prefix`.
fn ip_settle(m: &mut Mirror, prefix: &'static str, args: &str) -> Vec<String> {
    ip_line(args);
    settle(m, routes_to(prefix))
}

/// The view of routes to `prefix` for [`settle`].
fn routes_to(prefix: &'static str) -> impl Fn(&Object) -> Option<String> {
    let names = names();
    move |o| match o {
        Object::Route(r) => Some(route_view(r, &names)).filter(|s| s.starts_with(prefix)),
        _ => None,
    }
}

fn routes_only() -> Selection {
    Selection::default().routes(true)
}

#[test]
fn ipv4_routes_appended_to_one_prefix_stay_apart() {
    private_netns();
    veth("a0", "a1");
    veth("b0", "b1");
    ip(&["addr", "add", "10.1.0.1/24", "dev", "a0"]);
    ip(&["addr", "add", "10.2.0.1/24", "dev", "b0"]);
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    let p = "10.9.0.0/16";
    // Each differs from the first in one of the fields that make an IPv4 route another
    // route: gateway, protocol, type, preferred source, next hop without gateway, metric, TOS.
    ip_batch(
        "route append 10.9.0.0/16 via 10.1.0.2\n\
         route append 10.9.0.0/16 via 10.2.0.2\n\
         route append 10.9.0.0/16 via 10.1.0.2 proto static\n\
         route append blackhole 10.9.0.0/16\n\
         route append 10.9.0.0/16 via 10.1.0.2 src 10.1.0.1\n\
         route append 10.9.0.0/16 dev a0\n\
         route append 10.9.0.0/16 via 10.1.0.2 metric 7\n\
         route append 10.9.0.0/16 tos 0x10 via 10.1.0.2\n",
    );
    let log = settle(&mut m, routes_to(p));
    assert_eq!(log.len(), 8, "{log:?}");
    assert!(log.iter().all(|l| l.starts_with('+')), "{log:?}");
    assert_eq!(mirror_routes(&m, p).len(), 8);
    assert_routes(&m, "-4", p, "after appends");

    // Deleting one reports that one, and only that one, removed.
    let log = ip_settle(&mut m, p, "route del 10.9.0.0/16 via 10.2.0.2");
    assert_eq!(log, ["- 10.9.0.0/16 m0 unicast boot src= [10.2.0.2@b0]"]);
    assert_routes(&m, "-4", p, "after a delete");

    // A replace with one candidate (metric 7): that one is replaced, without a re-dump.
    let log = ip_settle(&mut m, p, "route replace 10.9.0.0/16 via 10.1.0.9 metric 7");
    assert_eq!(
        log,
        [
            "- 10.9.0.0/16 m7 unicast boot src= [10.1.0.2@a0]",
            "+ 10.9.0.0/16 m7 unicast boot src= [10.1.0.9@a0]"
        ]
    );
    assert_eq!(m.resyncs(), 0);

    // A replace with several candidates: the kernel does not say which it replaced, so the
    // mirror re-dumps, and reports exactly what changed.
    let log = ip_settle(&mut m, p, "route replace 10.9.0.0/16 via 10.2.0.3");
    assert_eq!(log.last().map(String::as_str), Some("resync"), "{log:?}");
    assert_eq!(m.resyncs(), 1);
    assert!(
        log.contains(&"+ 10.9.0.0/16 m0 unicast boot src= [10.2.0.3@b0]".to_string()),
        "{log:?}"
    );
    // Exactly the route replaced and its replacement: the routes the events stored compare
    // equal to the same routes dumped (a dump stores a plain route from its flat decoding,
    // an event through a decoded route).
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log[0].starts_with("- 10.9.0.0/16 m0 "), "{log:?}");
    assert_routes(&m, "-4", p, "after a replace");

    let log = ip_settle(&mut m, p, "route del 10.9.0.0/16 via 10.1.0.2 proto static");
    assert_eq!(log, ["- 10.9.0.0/16 m0 unicast static src= [10.1.0.2@a0]"]);
    assert_routes(&m, "-4", p, "after the last delete");
}

#[test]
fn ipv6_routes_merge_into_multipath_and_split_as_the_kernel_does() {
    private_netns();
    // Link-local addresses (and their routes) at once, not a second later while the test
    // compares the mirror with a dump.
    std::fs::write("/proc/sys/net/ipv6/conf/default/accept_dad", "0").unwrap();
    veth("a0", "a1");
    veth("b0", "b1");
    ip_batch(
        "addr add 2001:db8:1::1/64 dev a0 nodad\n\
         addr add 2001:db8:2::1/64 dev b0 nodad\n",
    );
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    let p = "2001:db8:9::/64";
    ip_batch(
        "route append 2001:db8:9::/64 via 2001:db8:1::2\n\
         route append 2001:db8:9::/64 via 2001:db8:2::2\n\
         route append 2001:db8:9::/64 via 2001:db8:1::3\n\
         route append 2001:db8:9::/64 dev a0\n\
         route append 2001:db8:9::/64 dev b0\n\
         route append 2001:db8:9::/64 via 2001:db8:1::2 metric 10\n",
    );
    // The routes with a gateway merged into one multipath route, which the mirror follows
    // without a re-dump; those without are routes of their own beside it.
    let log = settle(&mut m, routes_to(p));
    assert!(!log.contains(&"resync".to_string()), "{log:?}");
    assert_eq!(mirror_routes(&m, p).len(), 4, "{log:?}");
    // The siblings in the kernel's order, field for field.
    assert_routes(&m, "-6", p, "after appends");

    // One path leaves the multipath route: the kernel reports the path alone, so the mirror
    // re-dumps.
    let log = ip_settle(&mut m, p, "route del 2001:db8:9::/64 via 2001:db8:2::2");
    assert_eq!(log.last().map(String::as_str), Some("resync"), "{log:?}");
    assert_routes(&m, "-6", p, "after a path left");

    let del = "route del 2001:db8:9::/64 via 2001:db8:1::2 metric 10";
    let log = ip_settle(&mut m, p, del);
    assert_eq!(
        log,
        ["- 2001:db8:9::/64 m10 unicast boot src= pref=medium [2001:db8:1::2@a0]"]
    );
    ip_batch(
        "route replace 2001:db8:9::/64 via 2001:db8:1::7 metric 10\n\
         route replace 2001:db8:9::/64 via 2001:db8:2::7 metric 10\n",
    );
    let log = settle(&mut m, routes_to(p));
    assert_eq!(
        log,
        [
            "+ 2001:db8:9::/64 m10 unicast boot src= pref=medium [2001:db8:1::7@a0]",
            "- 2001:db8:9::/64 m10 unicast boot src= pref=medium [2001:db8:1::7@a0]",
            "+ 2001:db8:9::/64 m10 unicast boot src= pref=medium [2001:db8:2::7@b0]"
        ]
    );
    assert_routes(&m, "-6", p, "after replaces");
    // A whole route deleted at once.
    ip_settle(&mut m, p, "route del 2001:db8:9::/64");
    assert_routes(&m, "-6", p, "after deleting a route");
}

/// The kernel can hold two IPv6 routes equal in every field: a replace takes the first route
/// of its metric that is as eligible for multipath as the new one, so `route change
/// prohibit X` beside a route to X and a `prohibit X` of that metric replaces the route to X
/// and leaves two `prohibit X`. The mirror holds both, however it learnt of them (its first
/// dump, a re-dump), and follows what the kernel does to them after.
#[test]
fn ipv6_routes_equal_in_every_field_are_held_as_often_as_the_kernel_holds_them() {
    private_netns();
    std::fs::write("/proc/sys/net/ipv6/conf/default/accept_dad", "0").unwrap();
    quiet_veth("b0", "b1");
    ip_batch("addr add 2001:db8:2::1/64 dev b0 nodad\n");
    let p = "2001:db8:9::7 ";
    let twins = "route add 2001:db8:9::7/128 dev b0\n\
                 route prepend prohibit 2001:db8:9::7/128\n\
                 route change prohibit 2001:db8:9::7/128\n";
    ip_batch(twins);
    assert_eq!(ip_routes("-6", p).len(), 2, "the kernel made no twins");
    // Its first dump.
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    assert_routes(&m, "-6", p, "started beside twins");
    // A re-dump, the twins unchanged.
    m.resync(|_, _| {}).unwrap();
    assert_routes(&m, "-6", p, "re-dumped beside twins");
    // A replace of the first of them: the kernel has one left, beside the new route; the
    // mirror cannot tell which route went and re-dumps.
    ip_settle(&mut m, p, "-6 route replace 2001:db8:9::7/128 dev b0");
    assert_routes(&m, "-6", p, "after a replace");
    // Made again while the mirror follows events (a re-dump: the replace had two candidates).
    ip_settle(&mut m, p, "-6 route change prohibit 2001:db8:9::7/128");
    assert_routes(&m, "-6", p, "twins made while followed");
    assert_eq!(mirror_routes(&m, p).len(), 2);
    // A delete takes one of them, and is followed without a re-dump.
    let log = ip_settle(&mut m, p, "-6 route del prohibit 2001:db8:9::7/128");
    assert!(!log.contains(&"resync".to_string()), "{log:?}");
    assert_routes(&m, "-6", p, "after a delete");
    assert_eq!(mirror_routes(&m, p).len(), 1);
}

/// A forwarding entry as `bridge -j fdb` shows it: MAC, device, master, remote and VNI.
fn fdb_view(mac: &str, dev: &str, master: &str, dst: &str, vni: i64) -> String {
    format!("{mac} {dev} master={master} dst={dst} vni={vni}")
}

/// The mirror's forwarding entries for `macs`, sorted (duplicates kept).
fn mirror_fdb(m: &Mirror, macs: &[&str]) -> Vec<String> {
    let names = names();
    let dev = |i: IfIndex| names.get(&i).cloned().unwrap_or_default();
    let mut v: Vec<String> = m
        .objects()
        .filter_map(|o| match o {
            Object::Neigh(n) if n.family == AF_BRIDGE => {
                let mac = n.lladdr.map(|l| format!("{l}")).unwrap_or_default();
                macs.contains(&mac.as_str()).then(|| {
                    fdb_view(
                        &mac,
                        &dev(n.ifindex),
                        &n.master.map(dev).unwrap_or_default(),
                        &n.dst.map(|d| d.to_string()).unwrap_or_default(),
                        i64::from(n.vni.unwrap_or(0)),
                    )
                })
            }
            _ => None,
        })
        .collect();
    v.sort();
    v
}

/// `bridge -j fdb show`'s entries for `macs`, as [`mirror_fdb`] gives them.
fn bridge_fdb(macs: &[&str]) -> Vec<String> {
    let out = Command::new("bridge")
        .args(["-j", "fdb", "show"])
        .output()
        .expect("run bridge (iproute2)");
    assert!(out.status.success());
    let j = serde_json::from_slice::<Value>(&out.stdout).unwrap();
    let mut v: Vec<String> = j
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| macs.contains(&e["mac"].as_str().unwrap_or("")))
        .map(|e| {
            fdb_view(
                e["mac"].as_str().unwrap(),
                e["ifname"].as_str().unwrap_or(""),
                e["master"].as_str().unwrap_or(""),
                e["dst"].as_str().unwrap_or(""),
                e["vni"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

fn bridge(args: &str) {
    let st = Command::new("bridge")
        .args(args.split(' '))
        .status()
        .unwrap();
    assert!(st.success(), "bridge {args}");
}

#[test]
fn forwarding_entries_are_one_per_bridge_mac_and_remote() {
    private_netns();
    ip(&["link", "add", "br0", "type", "bridge"]);
    ip(&["link", "set", "br0", "up"]);
    veth("p0", "q0");
    veth("p1", "q1");
    ip(&["link", "set", "p0", "master", "br0"]);
    ip(&["link", "set", "p1", "master", "br0"]);
    ip(&[
        "link",
        "add",
        "vx0",
        "type",
        "vxlan",
        "id",
        "5",
        "dstport",
        "4789",
        "local",
        "127.0.0.1",
    ]);
    ip(&["link", "set", "vx0", "up"]);
    veth("n0", "n1");
    ip(&["addr", "add", "10.5.0.1/24", "dev", "n0"]);
    let sel = Selection::default().neighs(true);
    let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
    let macs = ["02:00:00:00:00:aa", "00:00:00:00:00:00"];
    bridge("fdb add 02:00:00:00:00:aa dev p0 master static");
    // One MAC, two remotes: two entries of the VXLAN device.
    bridge("fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.2");
    bridge("fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.3");
    ip(&[
        "neigh",
        "add",
        "10.5.0.9",
        "lladdr",
        "02:00:00:00:00:09",
        "dev",
        "n0",
    ]);
    // Only the entries made here: the bridge learns others from the traffic of its ports.
    let fdb = |o: &Object| match o {
        Object::Neigh(n) if macs.contains(&n.lladdr?.to_string().as_str()) => {
            Some(format!("{:?} {:?} {:?}", n.ifindex, n.lladdr, n.dst))
        }
        _ => None,
    };
    settle(&mut m, fdb);
    assert_eq!(mirror_fdb(&m, &macs).len(), 3);
    assert_eq!(mirror_fdb(&m, &macs), bridge_fdb(&macs));

    // The MAC moves to another port: the same entry, changed.
    bridge("fdb replace 02:00:00:00:00:aa dev p1 master static");
    let log = settle(&mut m, fdb);
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0].starts_with('~'), "{log:?}");
    assert_eq!(mirror_fdb(&m, &macs), bridge_fdb(&macs));

    // Deleting one remote removes that one.
    bridge("fdb del 00:00:00:00:00:00 dev vx0 dst 10.0.0.2");
    let log = settle(&mut m, fdb);
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0].starts_with('-') && log[0].contains("10.0.0.2"),
        "{log:?}"
    );
    assert_eq!(mirror_fdb(&m, &macs), bridge_fdb(&macs));

    // ARP entries agree with ip. Not the NOARP ones (multicast addresses), which ip does not
    // show by default and which the kernel makes without a notification, so that a mirror
    // knows only those that existed at its last dump.
    let ours: BTreeSet<String> = m
        .objects()
        .filter_map(|o| match o {
            Object::Neigh(n) if n.family == AF_INET && n.state != nud::NOARP => Some(format!(
                "{} {}",
                n.dst.unwrap(),
                n.lladdr.map(|l| format!("{l}")).unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    let theirs: BTreeSet<String> = ip_json(&["-4", "neigh", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{} {}",
                n["dst"].as_str().unwrap(),
                n["lladdr"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(ours, theirs);
    assert!(ours.contains("10.5.0.9 02:00:00:00:00:09"));

    // A re-dump, and a mirror started now, hold the forwarding entries too (a neighbour dump
    // of every family lists none of them).
    m.resync(|_, _| {}).unwrap();
    assert_eq!(mirror_fdb(&m, &macs), bridge_fdb(&macs));
    let fresh = Mirror::start(sel, None, |_, _| {}).unwrap();
    assert_eq!(mirror_fdb(&fresh, &macs), bridge_fdb(&macs));
}

/// The addresses of the mirror and of `ip -j addr`: interface, address/prefix, and whether
/// it is an IPv4 secondary.
fn addr_views(m: &Mirror) -> (BTreeSet<String>, BTreeSet<String>) {
    let ours = m
        .objects()
        .filter_map(|o| match o {
            Object::Addr(a) => Some(format!(
                "{} {}/{} {}",
                a.index,
                a.ip().unwrap(),
                a.prefixlen,
                a.is_secondary()
            )),
            _ => None,
        })
        .collect();
    let mut theirs = BTreeSet::new();
    for l in ip_json(&["addr", "show"]).as_array().unwrap() {
        for a in l["addr_info"].as_array().unwrap() {
            theirs.insert(format!(
                "{} {}/{} {}",
                l["ifindex"].as_i64().unwrap(),
                a["local"].as_str().unwrap(),
                a["prefixlen"].as_i64().unwrap(),
                a["family"].as_str() == Some("inet") && a["secondary"] == Value::Bool(true)
            ));
        }
    }
    (ours, theirs)
}

#[test]
fn addresses_carry_the_kernels_primary_and_secondary_status() {
    private_netns();
    quiet_veth("s0", "s1");
    std::fs::write("/proc/sys/net/ipv4/conf/s0/promote_secondaries", "1").unwrap();
    let sel = Selection::default().addrs(true);
    let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
    ip_batch(
        "addr add 10.3.0.1/24 dev s0\n\
         addr add 10.3.0.2/24 dev s0\n\
         addr add 10.3.0.3/24 dev s0\n\
         addr add 10.4.0.1/16 dev s0\n\
         addr add 2001:db8:3::2/64 dev s0 nodad\n\
         addr add 2001:db8:3::1/64 dev s0 nodad\n",
    );
    settle(&mut m, |_| None);
    let (ours, theirs) = addr_views(&m);
    assert_eq!(ours, theirs);
    let idx = common::ifindex("s0");
    assert!(ours.contains(&format!("{idx} 10.3.0.2/24 true")));
    // The primary goes: the kernel promotes the next address, and the mirror follows.
    ip(&["addr", "del", "10.3.0.1/24", "dev", "s0"]);
    settle(&mut m, |_| None);
    let (ours, theirs) = addr_views(&m);
    assert_eq!(ours, theirs);
    assert!(ours.contains(&format!("{idx} 10.3.0.2/24 false")));
    // The documented order: by family, interface, prefix length and address.
    let order: Vec<(u8, IfIndex, u8, std::net::IpAddr)> = m
        .objects()
        .filter_map(|o| match o {
            Object::Addr(a) => Some((a.family, a.index, a.prefixlen, a.ip().unwrap())),
            _ => None,
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

/// The kernel announces an IPv6 address added with `nodad` from its DAD worker, a moment after
/// adding it; when the address's link goes down before the worker ran and keeps the address
/// (`keep_addr_on_down`), the worker is cancelled and the address stays unannounced: a mirror
/// lacks it until a re-dump (as its documentation lists), and the link coming up again
/// announces it. Met once by the random test under heavy load; here `ip` runs pinned to one
/// CPU at a real-time priority, which keeps the worker from running in between most times.
#[test]
fn a_nodad_address_whose_link_goes_down_at_once_is_unannounced_until_a_re_dump() {
    private_netns();
    std::fs::write("/proc/sys/net/ipv6/conf/all/keep_addr_on_down", "1").unwrap();
    ip(&["link", "add", "nd0", "type", "bridge"]);
    let idx = common::ifindex("nd0");
    let ours = |m: &Mirror| {
        m.objects()
            .filter_map(|o| match o {
                Object::Addr(a) if a.index.get() == idx as u32 => {
                    Some(format!("{} {}/{}", a.index, a.ip()?, a.prefixlen))
                }
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let held = vec![format!("{idx} 2001:db8:9::1/64")];
    let sel = Selection::default().addrs(true);
    let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
    // Follows events alone.
    let mut m2 = Mirror::start(sel, None, |_, _| {}).unwrap();
    let mut met = false;
    for _ in 0..20 {
        ip(&["link", "set", "nd0", "up"]);
        let mut c = Command::new("taskset");
        c.args(["-c", "0", "chrt", "-f", "50", "ip", "-batch", "-"]);
        let lines = "addr add 2001:db8:9::1/64 dev nd0 nodad\nlink set nd0 down\n";
        let out = common::output_with_input(c, lines);
        if !out.status.success() {
            // No real-time priority (a user namespace): the race is seldom met.
            eprintln!(
                "skipped: ip at a real-time priority: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        let theirs = ip_json(&["-6", "addr", "show", "dev", "nd0", "scope", "global"]);
        assert_eq!(
            theirs[0]["addr_info"][0]["local"], "2001:db8:9::1",
            "the kernel keeps the address"
        );
        std::thread::sleep(std::time::Duration::from_millis(300));
        settle(&mut m, |_| None);
        settle(&mut m2, |_| None);
        assert_eq!(ours(&m), ours(&m2));
        if ours(&m).is_empty() {
            met = true;
            break;
        }
        // The worker ran first and announced it: again.
        assert_eq!(ours(&m), held);
        ip(&["addr", "del", "2001:db8:9::1/64", "dev", "nd0"]);
        settle(&mut m, |_| None);
        settle(&mut m2, |_| None);
    }
    if !met {
        // A timing the kernel gives, not nlrs: nothing to check this time.
        eprintln!("skipped: the worker always ran before the link went down");
        return;
    }
    // What the random test of the mirror tolerates (and then re-dumps).
    let kernel = kernel_view().of(sel);
    assert!(mirror_view(&m, &kernel).only_unannounced(&kernel));
    let mut added = Vec::new();
    m.resync(|k, o| added.push(format!("{k:?} {o:?}"))).unwrap();
    assert_eq!(ours(&m), held, "a re-dump brings it");
    assert_eq!(added.len(), 1, "{added:?}");
    let kernel = kernel_view().of(sel);
    assert_eq!(mirror_view(&m, &kernel), kernel);
    // Up again: the kernel restarts the worker, which announces the address.
    ip(&["link", "set", "nd0", "up"]);
    let addrs = |o: &Object| matches!(o, Object::Addr(_)).then(|| format!("{o:?}"));
    assert_eq!(settle(&mut m, addrs), Vec::<String>::new());
    settle(&mut m2, |_| None);
    assert_eq!(ours(&m), held);
    assert_eq!(ours(&m2), held, "announced when its link came up");
}

fn link_mtu(m: &Mirror, name: &str) -> Option<u32> {
    m.objects().find_map(|o| match o {
        Object::Link(l) if l.name == name => l.mtu,
        _ => None,
    })
}

#[test]
fn a_notification_larger_than_the_buffer_makes_the_mirror_resync() {
    private_netns();
    huge_link();
    let sel = Selection::default().links(true);
    // The first dump meets a datagram larger than the buffer too, and is made again.
    let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
    assert_eq!(link_mtu(&m, "huge0"), Some(1500));
    ip(&["link", "set", "huge0", "mtu", "1400"]);
    let log = settle(&mut m, |_| None);
    assert_eq!(log, ["resync"]);
    assert_eq!(link_mtu(&m, "huge0"), Some(1400));
    // The buffer grew: the next one is an ordinary event.
    ip(&["link", "set", "huge0", "mtu", "1300"]);
    let log = settle(&mut m, |o| match o {
        Object::Link(l) => Some(l.name.to_string()),
        _ => None,
    });
    assert_eq!(log, ["~ huge0"]);
    assert_eq!(m.resyncs(), 1);
    assert_eq!(link_mtu(&m, "huge0"), Some(1300));
}

#[test]
fn a_notification_larger_than_the_buffer_is_an_overrun_on_the_monitor() {
    private_netns();
    huge_link();
    let mut mon = Monitor::new(&[rtnlgrp::LINK]).unwrap();
    ip(&["link", "set", "huge0", "mtu", "1400"]);
    ip(&["link", "set", "huge1", "mtu", "1400"]);
    assert!(wait_readable(mon.fd(), 5000));
    assert_eq!(mon.next_event().unwrap(), Some(Event::Overrun));
    // The events queued behind it were discarded (huge1's change).
    assert_eq!(mon.next_event().unwrap(), None);
    ip(&["link", "set", "huge0", "mtu", "1300"]);
    assert!(wait_readable(mon.fd(), 5000));
    match mon.next_event().unwrap() {
        Some(Event::NewLink(l)) => {
            assert_eq!((l.name.to_str().unwrap(), l.mtu), ("huge0", Some(1300)))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn after_an_overrun_the_monitor_drops_the_events_that_predate_it() {
    private_netns();
    veth("o0", "o1");
    let opts = SocketOptions::default()
        .nonblocking(true)
        .rcvbuf(Some(4096));
    let mut mon = Monitor::with_options(&[rtnlgrp::LINK, rtnlgrp::IPV4_IFADDR], &opts).unwrap();
    let lines: String = (0..2000u32)
        .map(|i| format!("addr add 10.9.{}.{}/32 dev o0\n", i / 250, i % 250 + 1))
        .collect();
    ip_batch(&lines);
    let mut before = 0;
    loop {
        match mon.next_event().unwrap() {
            Some(Event::Overrun) => break,
            Some(_) => before += 1,
            None => panic!("no overrun after {before} events"),
        }
    }
    // Every address was added before the overrun was read: nothing queued is newer.
    assert_eq!(mon.next_event().unwrap(), None);
    ip(&["link", "set", "o0", "mtu", "1234"]);
    assert!(wait_readable(mon.fd(), 5000));
    match mon.next_event().unwrap() {
        Some(Event::NewLink(l)) => assert_eq!(l.mtu, Some(1234)),
        other => panic!("the first event after the overrun: {other:?}"),
    }
}

/// An IPv6 route's preference is one of its values: a replace that changes it is one change,
/// and the mirror holds the new one, as `ip` and a fresh dump show it. Its remaining lifetime
/// is not kept (it counts down): a replace that changes only the lifetime changes nothing, and
/// the route reported, as the one held, has none.
#[test]
fn an_ipv6_routes_preference_is_a_value_and_its_expiry_is_not_kept() {
    private_netns();
    veth("a0", "a1");
    ip(&["addr", "add", "2001:db8:1::1/64", "dev", "a0", "nodad"]);
    ip(&[
        "-6",
        "route",
        "add",
        "2001:db8:9::/64",
        "via",
        "2001:db8:1::2",
        "pref",
        "high",
    ]);
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    let p = "2001:db8:9::/64";
    assert_routes(&m, "-6", p, "at the start");
    let log = ip_settle(
        &mut m,
        p,
        "-6 route replace 2001:db8:9::/64 via 2001:db8:1::2 pref low expires 600",
    );
    assert_eq!(
        log,
        [format!(
            "~ {p} m1024 unicast boot src= pref=low [2001:db8:1::2@a0]"
        )]
    );
    assert_routes(&m, "-6", p, "after the preference changed");
    let log = ip_settle(
        &mut m,
        p,
        "-6 route replace 2001:db8:9::/64 via 2001:db8:1::2 pref low expires 900",
    );
    assert!(log.is_empty(), "{log:?}");
    // Every route the mirror reports, and holds, is without its lifetime.
    let mut seen = Vec::new();
    ip(&[
        "-6",
        "route",
        "add",
        "2001:db8:8::/64",
        "via",
        "2001:db8:1::2",
        "expires",
        "300",
    ]);
    while wait_readable(m.fd(), 300) {
        m.process_readable(|_, o| seen.push(o.clone()), || {})
            .unwrap();
    }
    assert!(ip(&["-6", "route", "show", "2001:db8:8::/64"]).contains("expires"));
    let held: Vec<Object> = m
        .objects()
        .filter(|o| matches!(o, Object::Route(r) if r.dst.to_string().starts_with("2001:db8:")))
        .collect();
    // The two routes, the link's prefix route and its local address's.
    assert_eq!(held.len(), 4, "{held:?}");
    for o in seen.iter().chain(&held) {
        let Object::Route(r) = o else { continue };
        assert_eq!(r.expires, None, "{r:?}");
        assert!(r.pref.is_some(), "{r:?}");
    }
    assert!(seen
        .iter()
        .any(|o| matches!(o, Object::Route(r) if r.dst.to_string() == "2001:db8:8::/64")));
    assert_routes(&m, "-6", "2001:db8:", "after a route that expires");
}

/// A C API mirror reports a replace that changes an IPv6 route's preference alone as a change
/// of that route, passing it with its new preference: what the random test's model of the C
/// reports ([`c_seen`]) must take for a change of the line it held with the old preference
/// (it took it for a change of a route it did not have: seeds 113 and 152).
#[test]
fn a_c_mirror_reports_a_preference_replaced_as_a_change_of_its_route() {
    private_netns();
    veth("a0", "a1");
    ip(&["addr", "add", "2001:db8:1::1/64", "dev", "a0", "nodad"]);
    ip_line("-6 route add 2001:db8:9::/48 via 2001:db8:1::2 metric 20 pref low");
    let mut seen = Box::new(CSeen::default());
    let ud = (&mut *seen as *mut CSeen).cast();
    let mut m = std::ptr::null_mut();
    let rc = capi::nlrs_mirror_start(capi::NLRS_MIRROR_ROUTES, 0, Some(c_seen), ud, &mut m);
    assert!(rc >= 0, "nlrs_mirror_start: {rc}");
    let lines = |seen: &CSeen| -> Vec<String> {
        let mut v: Vec<String> = seen
            .lines
            .keys()
            .filter(|l| l.contains("2001:db8:9::/48"))
            .cloned()
            .collect();
        v.sort();
        v
    };
    let before = lines(&seen);
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(before[0].ends_with("pref=Some(3)"), "{before:?}");
    ip_line("-6 route replace 2001:db8:9::/48 via 2001:db8:1::2 metric 20 pref high");
    let changes = seen.changes;
    while wait_readable(capi::nlrs_mirror_fd(m), 300) {
        let rc = capi::nlrs_mirror_process(m, Some(c_seen), ud);
        assert!(rc >= 0, "nlrs_mirror_process: {rc}");
    }
    // One change, of the route held: the line it had, with the new preference.
    assert_eq!(seen.changes, changes + 1);
    assert!(seen.wrong.is_empty(), "{:?}", seen.wrong);
    assert_eq!(
        lines(&seen),
        [before[0].replace("pref=Some(3)", "pref=Some(1)")]
    );
    // As the mirror holds its routes, and as ip has the route.
    let mut walked = Vec::new();
    let mut o = capi::nlrs_mirror_first(m);
    while !o.is_null() {
        walked.push(c_route_line(o));
        o = capi::nlrs_mirror_next(m, o);
    }
    walked.sort();
    let held: Vec<String> = seen
        .lines
        .iter()
        .flat_map(|(l, &n)| std::iter::repeat_n(l.clone(), n))
        .collect();
    assert_eq!(walked, held);
    capi::nlrs_mirror_free(m);
    assert!(ip(&["-6", "route", "show", "2001:db8:9::/48"]).contains("pref high"));
}

/// An `ip route append` or `prepend` of an expiring IPv6 route's destination, metric and next
/// hop, with an MTU, fails (`EEXIST`), but not before the kernel gave the route that MTU,
/// unannounced (`fib6_add_rt2node`): a mirror that follows events holds the route without it
/// until a re-dump, as its documentation lists (seeds 157 and 160 of the random test, which
/// no longer makes such lines). Should the kernel ever announce it, this fails, and the
/// documentation and the random test are to be changed.
#[test]
fn an_ipv6_append_onto_an_expiring_route_gives_it_its_mtu_unannounced() {
    private_netns();
    veth("a0", "a1");
    ip(&["addr", "add", "2001:db8:1::1/64", "dev", "a0", "nodad"]);
    let p = "2001:db8:9::/48";
    let route = "2001:db8:9::/48 via 2001:db8:1::2 dev a0 metric 5";
    ip_line(&format!("-6 route add {route} expires 3600"));
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    assert_routes(&m, "-6", p, "at the start");
    let mtu = || ip_json(&["-6", "route", "show", p])[0]["metrics"][0]["mtu"].as_i64();
    // The append keeps the route expiring (a request without a lifetime clears it, and the
    // kernel then changes nothing), the prepend is as the random test made it.
    for (verb, mtu_new, rest) in [("append", "1400", " expires 3600"), ("prepend", "1300", "")] {
        let mtu_was = mtu();
        let out = Command::new("ip")
            .args(format!("-6 route {verb} {route} mtu {mtu_new}{rest}").split(' '))
            .output()
            .unwrap();
        assert!(!out.status.success(), "ip route {verb}: the route exists");
        assert_eq!(mtu().map(|m| m.to_string()).as_deref(), Some(mtu_new));
        assert_ne!(mtu(), mtu_was);
        assert_eq!(settle(&mut m, routes_to(p)), Vec::<String>::new(), "{verb}");
        let held = |m: &Mirror| {
            m.objects()
                .find_map(|o| match o {
                    Object::Route(r) if r.dst.to_string() == p => Some(r),
                    _ => None,
                })
                .unwrap()
        };
        let held_mtu = held(&m).metrics.and_then(|x| x.mtu).map(i64::from);
        assert_eq!(
            held_mtu, mtu_was,
            "{verb}: the mirror keeps what it was told"
        );
        // A re-dump reads it: the MTU is part of an IPv6 route's identity, so the route
        // goes and the one with the MTU comes.
        let mut log = Vec::new();
        m.resync(|k, o| {
            if let Object::Route(r) = o {
                if r.dst.to_string() == p {
                    log.push(format!(
                        "{k:?} {:?}",
                        r.metrics.as_ref().and_then(|x| x.mtu)
                    ));
                }
            }
        })
        .unwrap();
        let mtu_now = mtu_new.parse::<u32>().unwrap();
        let mtu_was = mtu_was.map(|m| m as u32);
        assert_eq!(
            log,
            [
                format!("Remove {mtu_was:?}"),
                format!("Add {:?}", Some(mtu_now))
            ]
        );
        assert_routes(&m, "-6", p, &format!("after the {verb} and a re-dump"));
    }
}

#[test]
fn routes_the_kernel_changes_silently_with_their_link_are_re_read() {
    private_netns();
    veth("a0", "a1");
    ip(&["addr", "add", "10.1.0.1/24", "dev", "a0"]);
    ip(&["route", "add", "10.9.0.0/16", "via", "10.1.0.2"]);
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    let p = "10.9.0.0/16";
    // The peer goes down: a0 loses its carrier, and the kernel marks the route "linkdown"
    // without a route notification.
    ip(&["link", "set", "a1", "down"]);
    // The kernel applies a carrier change up to a second later (linkwatch).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !ip(&["route", "show", p]).contains("linkdown") {
        assert!(std::time::Instant::now() < deadline, "no linkdown");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let log = settle(&mut m, routes_to(p));
    assert!(log.contains(&"resync".to_string()), "{log:?}");
    assert_routes(&m, "-4", p, "after the carrier went");
    // a0 goes down: the kernel flushes the route, again without a route notification.
    ip(&["link", "set", "a0", "down"]);
    settle(&mut m, routes_to(p));
    assert!(mirror_routes(&m, p).is_empty());
    assert_routes(&m, "-4", p, "after the link went down");
}

#[test]
fn routes_through_a_nexthop_object_follow_it() {
    private_netns();
    veth("a0", "a1");
    ip(&["addr", "add", "10.1.0.1/24", "dev", "a0"]);
    ip(&["nexthop", "add", "id", "5", "via", "10.1.0.2", "dev", "a0"]);
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    let p = "10.";
    ip_batch("route add 10.9.0.0/16 nhid 5\nroute add 10.8.0.0/16 nhid 5\n");
    settle(&mut m, routes_to(p));
    assert_routes(&m, "-4", p, "after adds");
    // Replacing the nexthop changes both routes.
    let log = ip_settle(&mut m, p, "nexthop replace id 5 via 10.1.0.3 dev a0");
    assert!(log.contains(&"resync".to_string()), "{log:?}");
    assert_routes(&m, "-4", p, "after a replace");
    // Deleting it deletes them, and the kernel says so only of the nexthop.
    let log = ip_settle(&mut m, p, "nexthop del id 5");
    assert!(log.contains(&"resync".to_string()), "{log:?}");
    assert!(mirror_routes(&m, "10.9.").is_empty());
    assert_routes(&m, "-4", p, "after a delete");
}

#[test]
fn routes_flushed_with_the_last_ipv4_address_of_their_link_are_re_read() {
    private_netns();
    veth("a0", "a1");
    ip_batch("addr add 10.1.0.1/24 dev a0\naddr add 10.3.0.1/24 dev a0\n");
    ip(&["route", "add", "10.8.0.0/16", "via", "10.1.0.2"]);
    let mut m = Mirror::start(routes_only(), None, |_, _| {}).unwrap();
    let p = "10.";
    // Not the last address: the kernel reports every route it removes.
    let log = ip_settle(&mut m, p, "addr del 10.3.0.1/24 dev a0");
    assert!(!log.contains(&"resync".to_string()), "{log:?}");
    assert_routes(&m, "-4", p, "after an address went");
    // The last one: the kernel flushes the route through the link without a word of it.
    let log = ip_settle(&mut m, p, "addr del 10.1.0.1/24 dev a0");
    assert!(log.contains(&"resync".to_string()), "{log:?}");
    assert!(mirror_routes(&m, "10.8.").is_empty());
    assert_routes(&m, "-4", p, "after the last address went");
}

/// The `ip route` batch lines for routes `from..to` of a /32 table: 11.0.0.0 + i via 10.77.0.2
/// in table 200, with `metric`.
fn host_routes(verb: &str, from: u32, to: u32, metric: u32) -> String {
    (from..to)
        .map(|i| {
            let [a, b, c, d] = (0x0b00_0000 + i).to_be_bytes();
            format!("route {verb} {a}.{b}.{c}.{d}/32 via 10.77.0.2 table 200 metric {metric}\n")
        })
        .collect()
}

#[test]
fn a_large_table_converges_after_an_overrun() {
    private_netns();
    veth("ov0", "ov1");
    ip(&["addr", "add", "10.77.0.1/24", "dev", "ov0"]);
    ip_batch(&host_routes("add", 0, 30_000, 5));
    // A small queue: the changes below overflow it while the mirror does not read.
    let mut m = Mirror::start(routes_only(), Some(64 << 10), |_, _| {}).unwrap();
    assert!(m.len() >= 30_000);
    let mut churn = host_routes("add", 30_000, 45_000, 5);
    churn += &host_routes("del", 0, 10_000, 5);
    // Another metric: other routes of the same prefixes.
    churn += &host_routes("add", 20_000, 25_000, 9);
    ip_batch(&churn);
    settle(&mut m, |_| None);
    assert!(m.resyncs() >= 1, "the overrun was never recovered from");
    let ours = mirror_routes(&m, "11.");
    let theirs = ip_routes("-4", "11.");
    assert_eq!((ours.len(), theirs.len()), (40_000, 40_000));
    // Compared whole: a diff of 40 000 lines would say nothing more.
    assert!(
        ours == theirs,
        "the mirror differs from ip after the overrun"
    );
}

/// An alias, an alternative name and a group set or cleared are changes of the link the
/// mirror reports, each once, and it holds what a fresh dump holds; its links carry no
/// carrier (the kernel changes it unannounced on a link that is down).
#[test]
fn a_links_alias_altnames_and_group_are_changes() {
    private_netns();
    quiet_veth("al0", "al1");
    let sel = Selection::default().links(true);
    let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
    let view = |o: &Object| match o {
        Object::Link(l) if l.name == "al0" => Some(format!(
            "{:?} {:?} {:?}",
            l.alias.as_ref().map(|a| a.to_string_lossy().into_owned()),
            l.altnames,
            l.group
        )),
        _ => None,
    };
    let link = |m: &Mirror| {
        m.objects()
            .find_map(|o| match o {
                Object::Link(l) if l.name == "al0" => Some(l.clone()),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(link(&m).carrier, None);
    let steps: [(&[&str], &str); 5] = [
        (
            &["link", "set", "al0", "alias", "up-link"],
            r#"~ Some("up-link") [] Some(0)"#,
        ),
        (
            &[
                "link",
                "property",
                "add",
                "dev",
                "al0",
                "altname",
                "al0-long-alternative",
            ],
            r#"~ Some("up-link") ["al0-long-alternative"] Some(0)"#,
        ),
        (
            &["link", "set", "al0", "group", "3"],
            r#"~ Some("up-link") ["al0-long-alternative"] Some(3)"#,
        ),
        (
            &["link", "set", "al0", "alias", ""],
            r#"~ None ["al0-long-alternative"] Some(3)"#,
        ),
        (
            &[
                "link",
                "property",
                "del",
                "dev",
                "al0",
                "altname",
                "al0-long-alternative",
            ],
            "~ None [] Some(3)",
        ),
    ];
    for (args, want) in steps {
        ip(args);
        assert_eq!(settle(&mut m, view), [want], "ip {}", args.join(" "));
        let mut fresh = Mirror::start(sel, None, |_, _| {}).unwrap();
        assert_eq!(link(&m), link(&fresh), "ip {}", args.join(" "));
        assert_eq!(settle(&mut fresh, |_| None), Vec::<String>::new());
    }
}
