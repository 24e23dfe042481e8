//! Asking the mirror: links, addresses, neighbours and routes found by what names them, and
//! the longest-prefix match agreeing with the kernel's own choice (`ip route get fibmatch`)
//! on tables of overlapping prefixes of every length, IPv4 and IPv6, changed by events; the
//! same answers through the C API (`tests/c/mirror_lookup.c`, built with the sanitizers); and
//! the routes a C start reports, each read whole into the object it lends.

mod common;

use common::capi;
use common::cbuild::Mode;
use common::rng::Rng;
use common::routes::{c_route_line, route_line};
use common::{
    ifindex, in_netns, ip, ip_batch, ip_batch_out, ip_json, link_index, output_with_input,
    private_netns, quiet_veth, veth, wait_local_routes, wait_readable,
};
use nlrs::rtnl::mirror::{Mirror, Object, RouteId, Selection};
use nlrs::rtnl::route::Route;
use nlrs::rtnl::{IfIndex, IpPrefix};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The top `len` of `width` bits of `v` (kept in the low `width` bits).
fn prefix(v: u128, len: u32, width: u32) -> u128 {
    if len == 0 {
        0
    } else {
        v & (u128::MAX >> (128 - width)) & !((1u128 << (width - len)) - 1)
    }
}

/// The address of `width` bits `v`.
fn addr(v: u128, width: u32) -> IpAddr {
    if width == 32 {
        IpAddr::V4(Ipv4Addr::from(v as u32))
    } else {
        IpAddr::V6(Ipv6Addr::from(v))
    }
}

/// A usable unicast address of `width` bits: IPv4 in 1.0.0.0 to 223.255.255.255 without
/// 127/8 (the local table has those), IPv6 in 2000::/3 (no link-local, no multicast).
fn unicast(v: u128, width: u32) -> u128 {
    if width == 32 {
        let a = (v as u32) % (223 << 24);
        let a = a + (1 << 24);
        u128::from(if a >> 24 == 127 { a ^ (1 << 30) } else { a })
    } else {
        (v & (u128::MAX >> 3)) | (1u128 << 125)
    }
}

/// Routes to add: for seed addresses, prefixes of every length (each one kept with some
/// chance), some with a second route of another metric on the other device, some IPv4 ones
/// with a TOS (which a lookup with TOS 0 never takes). Lines for `ip -batch` and the seeds.
fn table(rng: &mut Rng, width: u32, seeds: usize) -> (Vec<String>, Vec<u128>) {
    let mut lines = BTreeSet::new();
    let mut seed_list = Vec::new();
    for _ in 0..seeds {
        let seed = unicast(rng.wide(), width);
        seed_list.push(seed);
        for len in 0..=width {
            if rng.below(3) != 0 {
                continue;
            }
            let dst = format!("{}/{len}", addr(prefix(seed, len, width), width));
            let metric = 10 + rng.below(4) * 10;
            lines.insert(format!("route add {dst} dev la metric {metric}"));
            match rng.below(6) {
                0 => {
                    let other = metric + 5 - 10 * rng.below(2);
                    lines.insert(format!("route add {dst} dev lb metric {other}"));
                }
                1 if width == 32 => {
                    lines.insert(format!("route add {dst} tos 0x10 dev lb metric 1"));
                }
                _ => {}
            }
        }
    }
    (lines.into_iter().collect(), seed_list)
}

/// Addresses to look up: near the seeds (a random suffix after a random prefix length of the
/// seed), so every prefix length gets hits, and some anywhere.
fn queries(rng: &mut Rng, width: u32, seeds: &[u128], n: usize) -> Vec<IpAddr> {
    (0..n)
        .map(|i| {
            let noise = unicast(rng.wide(), width);
            let v = if i % 8 == 0 {
                noise
            } else {
                let seed = seeds[rng.below(seeds.len())];
                let keep = rng.below(width as usize + 1) as u32;
                let low = if keep == width {
                    0
                } else {
                    (noise & (u128::MAX >> (128 - width))) >> keep
                };
                unicast(prefix(seed, keep, width) | low, width)
            };
            addr(v, width)
        })
        .collect()
}

/// The answers of `tests/c/mirror_lookup.c` (built with ASan and UBSan) to `questions`, one
/// a line, from a mirror it starts in the calling thread's namespace.
fn ask_c(questions: &str) -> Vec<String> {
    let mode = Mode::Sanitizers;
    let mut cmd = mode.command("mirror_lookup", &[]);
    cmd.stderr(std::process::Stdio::piped());
    let out = output_with_input(cmd, questions);
    let stderr = String::from_utf8_lossy(&out.stderr);
    mode.check_tool("mirror_lookup", out.status, &stderr);
    assert!(out.status.success(), "mirror_lookup failed: {stderr}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Applies events until none has come for a while.
fn drain(m: &mut Mirror) {
    while wait_readable(m.fd(), 300) {
        m.process_readable(|_, _| {}, || {}).unwrap();
    }
}

/// A route as `ip route get fibmatch` prints its choice: destination, device, metric.
fn view(r: &Route, names: &BTreeMap<u32, &str>) -> String {
    // The alternate form is ip's: `default`, host routes without their length.
    let dev = r
        .oif
        .and_then(|i| names.get(&i.get()).copied())
        .unwrap_or("?");
    format!("{:#} {dev} {}", r.dst, r.priority.unwrap_or(0))
}

/// The kernel's answers to `ip -j route get fibmatch` for each of `addrs`, which all have a
/// route.
fn fibmatch(addrs: &[impl std::fmt::Display]) -> Vec<Value> {
    let lines: String = addrs
        .iter()
        .map(|a| format!("route get fibmatch {a}\n"))
        .collect();
    let out = ip_batch_out(&["-j"], &lines);
    let answers: Vec<Value> = out
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Value>(l).expect("ip -j prints JSON"))
        .collect();
    assert_eq!(answers.len(), addrs.len(), "one answer per question");
    answers
}

/// The same view of one answer of `ip -j route get fibmatch`.
fn ip_view(j: &Value) -> String {
    format!(
        "{} {} {}",
        j["dst"].as_str().unwrap_or("?"),
        j["dev"].as_str().unwrap_or("?"),
        j["metric"].as_i64().unwrap_or(0)
    )
}

#[test]
fn longest_prefix_match_is_the_kernels_choice() {
    std::thread::spawn(|| {
        private_netns();
        veth("la", "lb");
        let names: BTreeMap<u32, &str> =
            [(ifindex("la") as u32, "la"), (ifindex("lb") as u32, "lb")].into();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (v4, seeds4) = table(&mut rng, 32, 40);
        let (v6, seeds6) = table(&mut rng, 128, 24);
        let all: Vec<String> = v4.iter().chain(&v6).cloned().collect();
        // Half before the mirror starts (it dumps them), half after (it gets them as events).
        let (before, after) = all.split_at(all.len() / 2);
        ip_batch(&(before.join("\n") + "\n"));
        let sel = Selection::default().routes(true);
        let mut m = Mirror::start(sel, Some(1 << 22), |_, _| {}).unwrap();
        ip_batch(&(after.join("\n") + "\n"));
        // Then some go away again, so the index forgets prefixes too.
        let gone: Vec<String> = all
            .iter()
            .filter(|_| rng.below(5) == 0)
            .map(|l| l.replacen("route add", "route del", 1))
            .collect();
        ip_batch(&(gone.join("\n") + "\n"));
        drain(&mut m);
        assert_eq!(m.resyncs(), 0, "events applied one by one");

        let mut asked = queries(&mut rng, 32, &seeds4, 2500);
        asked.extend(queries(&mut rng, 128, &seeds6, 2500));
        let answers = fibmatch(&asked);
        let mut lengths = BTreeSet::new();
        for (a, j) in asked.iter().zip(&answers) {
            let Some(Object::Route(r)) = m.route_lookup(254, *a) else {
                panic!("no route for {a}, ip says {}", ip_view(&j[0]));
            };
            assert_eq!(view(&r, &names), ip_view(&j[0]), "lookup of {a}");
            lengths.insert((r.family, r.dst.len()));
        }
        // The questions reached prefixes of many lengths, not only the default routes.
        assert!(lengths.len() > 80, "{} lengths matched", lengths.len());
        // The same answers through C, for every fourth question.
        let some: Vec<(&IpAddr, &Value)> = asked.iter().zip(&answers).step_by(4).collect();
        let lines: String = some
            .iter()
            .map(|(a, _)| format!("lookup 254 {a}\n"))
            .collect();
        let from_c = ask_c(&lines);
        assert_eq!(from_c.len(), some.len());
        for ((a, j), c) in some.iter().zip(&from_c) {
            assert_eq!(*c, ip_view(&j[0]), "C lookup of {a}");
        }
        // Another table has nothing.
        assert!(m.route_lookup(100, asked[0]).is_none());
    })
    .join()
    .unwrap();
}

#[test]
fn objects_are_found_by_what_names_them() {
    std::thread::spawn(|| {
        private_netns();
        veth("fa", "fb");
        ip_batch(
            "link property add dev fa altname fa-alternative-name
addr add 10.7.0.1/24 dev fa
addr add 10.7.0.1/16 dev fa
addr add 2001:db8:7::1/64 dev fa nodad
neigh add 10.7.0.9 lladdr 02:00:00:00:00:09 dev fa
route add 10.8.0.0/16 via 10.7.0.2 metric 5
route append 10.8.0.0/16 via 10.7.0.3 metric 5
route add 10.8.0.0/16 tos 0x10 via 10.7.0.4
",
        );
        let fa = link_index("fa");
        let sel = Selection::ALL;
        let mut m = Mirror::start(sel, None, |_, _| {}).unwrap();
        let ipa = |s: &str| s.parse::<IpAddr>().unwrap();

        let Some(Object::Link(l)) = m.link_by_name(b"fa") else {
            panic!("no link fa")
        };
        assert_eq!(l.index, fa);
        assert_eq!(m.link(fa).unwrap(), m.link_by_name(b"fa").unwrap());
        assert!(m.link_by_name(b"nosuch").is_none());
        // By an alternative name too, as the kernel finds a link.
        assert_eq!(m.link(fa), m.link_by_name(b"fa-alternative-name"));

        let Some(Object::Addr(a)) = m.addr(fa, ipa("10.7.0.1")) else {
            panic!("no address")
        };
        assert_eq!(a.prefixlen, 16, "the shortest of the two prefix lengths");
        assert!(m.addr(fa, ipa("2001:db8:7::1")).is_some());
        assert!(m
            .addr(IfIndex::new(fa.get() + 1), ipa("10.7.0.1"))
            .is_none());

        let Some(Object::Neigh(n)) = m.neigh(fa, ipa("10.7.0.9")) else {
            panic!("no neighbour")
        };
        assert_eq!(n.dst, Some(ipa("10.7.0.9")));

        // Host bits past the length do not count.
        let id = RouteId::new(254, IpPrefix::new(ipa("10.8.1.1"), 16).unwrap()).priority(5);
        for gw in ["10.7.0.2", "10.7.0.3"] {
            let Some(Object::Route(r)) = m.route(&id, Some(ipa(gw))) else {
                panic!("no route via {gw}")
            };
            assert_eq!(r.gateway, Some(ipa(gw)));
        }
        assert!(m.route(&id, Some(ipa("10.7.0.4"))).is_none());
        let tos = id.tos(0x10).priority(0);
        assert!(m.route(&tos, None).is_some());

        let questions = format!(
            "name fa\nname fa-alternative-name\nname nosuch\nlink {fa}\naddr {fa} 10.7.0.1\naddr {fa} 2001:db8:7::1\n\
             addr {fa} 10.7.0.2\nneigh {fa} 10.7.0.9\nneigh {fa} 10.7.0.8\n\
             route 254 10.8.9.9 16 0 5 10.7.0.3\nroute 254 10.8.0.0 16 0 5 10.7.0.4\n\
             route 254 10.8.0.0 16 16 0 -\nlookup 254 10.8.7.7\nlookup 254 10.9.0.1\n"
        );
        assert_eq!(
            ask_c(&questions),
            [
                &fa.to_string(),
                &fa.to_string(),
                "none",
                "fa",
                "10.7.0.1/16",
                "2001:db8:7::1/64",
                "none",
                "10.7.0.9",
                "none",
                "10.7.0.3",
                "none",
                "10.7.0.4",
                "10.8.0.0/16 fa 5",
                "none",
            ]
        );

        // Renamed and removed by events, the indexes follow.
        ip(&["link", "set", "fa", "name", "fc"]);
        ip(&["link", "property", "del", "dev", "fc", "altname", "fa-alternative-name"]);
        ip(&["link", "property", "add", "dev", "fc", "altname", "fc-alt"]);
        ip(&["addr", "del", "10.7.0.1/16", "dev", "fc"]);
        drain(&mut m);
        assert!(m.link_by_name(b"fa").is_none());
        assert!(m.link_by_name(b"fc").is_some());
        assert!(m.link_by_name(b"fa-alternative-name").is_none());
        assert_eq!(m.link(fa), m.link_by_name(b"fc-alt"));
        let Some(Object::Addr(a)) = m.addr(fa, ipa("10.7.0.1")) else {
            panic!("no address left")
        };
        assert_eq!(a.prefixlen, 24);
    })
    .join()
    .unwrap();
}

/// What the start's callback saw: each route's line, and after how many routes it stops.
struct Seen {
    lines: Vec<String>,
    stop_after: usize,
}

unsafe extern "C" fn see(
    ud: *mut std::ffi::c_void,
    change: i32,
    obj: *const capi::nlrs_object,
) -> i32 {
    let seen = unsafe { &mut *ud.cast::<Seen>() };
    seen.lines.push(match change {
        capi::NLRS_CHANGE_ADD => c_route_line(obj),
        _ => format!("change {change}"),
    });
    i32::from(seen.lines.len() == seen.stop_after)
}

#[test]
fn the_c_start_lends_each_route_as_the_mirror_holds_it() {
    in_netns(|| {
        // Two starts are compared: nothing may change between them (no link-local address
        // ends its duplicate address detection, no local route comes late).
        quiet_veth("sa", "sb");
        ip_batch(
            "addr add 10.6.0.1/24 dev sa
addr add 2001:db8:6::1/64 dev sa nodad
route add 10.60.0.0/16 via 10.6.0.2 metric 7 congctl cubic
route append 10.60.0.0/16 via 10.6.0.3 metric 7
route add 10.61.0.0/16 table 100 nexthop via 10.6.0.2 nexthop via 10.6.0.4
route add unreachable 10.62.0.0/24 table 100
route add 2001:db8:60::/48 via 2001:db8:6::2 dev sa
route add 2001:db8:61::/48 dev sa metric 3 table 100
",
        );
        wait_local_routes(&["2001:db8:6::1"]);
        let mut want = Vec::new();
        let sel = Selection::default().routes(true);
        Mirror::start(sel, None, |_, o| {
            if let Object::Route(r) = o {
                want.push(route_line(r));
            }
        })
        .unwrap();
        want.sort();
        assert!(want.len() >= 8, "{want:?}");
        // Reported whole by the start, and stopped after two (the rest is reported by
        // nlrs_mirror_process(), as the table's object is).
        for stop_after in [0, 2] {
            let mut seen = Seen {
                lines: Vec::new(),
                stop_after,
            };
            let ud = (&mut seen as *mut Seen).cast();
            let mut m = std::ptr::null_mut();
            let rc = capi::nlrs_mirror_start(capi::NLRS_MIRROR_ROUTES, 0, Some(see), ud, &mut m);
            assert_eq!(rc, i32::from(stop_after != 0));
            assert_eq!(
                seen.lines.len(),
                if stop_after != 0 { 2 } else { want.len() }
            );
            while capi::nlrs_mirror_process(m, Some(see), ud) != 0 {}
            seen.lines.sort();
            assert_eq!(seen.lines, want);
            capi::nlrs_mirror_free(m);
        }
    });
}

/// Random appends, prepends, replaces and deletes of IPv4 routes to a few /24s, as `ip
/// -force -batch` lines (those the kernel refuses are refused: it stays the oracle).
fn alias_ops(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| {
            let dst = format!("10.20.{}.0/24", rng.below(12));
            let gw = format!("10.0.{}.{}", rng.below(2), 2 + rng.below(6));
            let metric = rng.pick(&[0, 0, 10]);
            let verb = rng.pick(&["add", "append", "append", "prepend", "prepend", "replace"]);
            match rng.below(8) {
                0 => format!("route del {dst} metric {metric}\n"),
                1 => format!("route del {dst} via {gw} metric {metric}\n"),
                _ => format!("route {verb} {dst} via {gw} metric {metric}\n"),
            }
        })
        .collect()
}

/// Runs `lines` with `ip -force -batch`, whatever each line's outcome.
fn ip_force_batch(lines: &str) {
    let mut cmd = std::process::Command::new("ip");
    cmd.args(["-force", "-batch", "-"])
        .stderr(std::process::Stdio::null());
    output_with_input(cmd, lines);
}

/// Checks that a lookup of an address of each of the /24s of `alias_ops` that has routes
/// gives the route the kernel's own lookup takes (`ip route get fibmatch`: of several
/// routes of one prefix and metric, the one first in its list), and so does asking for the
/// route of that prefix and metric without a gateway.
fn check_aliases(m: &Mirror, what: &str) {
    let asked: Vec<String> = (0..12)
        .map(|i| format!("10.20.{i}.9"))
        .filter(|a| {
            let held = ip_json(&["route", "show", "match", a.as_str()]);
            held.as_array()
                .unwrap()
                .iter()
                .any(|r| r["dst"] == *a.replace(".9", ".0/24"))
        })
        .collect();
    let answers = fibmatch(&asked);
    for (a, j) in asked.iter().zip(&answers) {
        let Some(Object::Route(r)) = m.route_lookup(254, a.parse().unwrap()) else {
            panic!("{what}: no route for {a}, ip says {}", j[0]);
        };
        let mine = (r.gateway.map(|g| g.to_string()), r.priority.unwrap_or(0));
        let kernel = (
            j[0]["gateway"].as_str().map(str::to_string),
            j[0]["metric"].as_u64().unwrap_or(0) as u32,
        );
        assert_eq!(mine, kernel, "{what}: lookup of {a}");
        // Asked by its prefix and metric alone, the same route.
        let dst = IpPrefix::new(a.parse().unwrap(), 24).unwrap();
        let id = RouteId::new(254, dst).priority(kernel.1);
        let Some(Object::Route(r)) = m.route(&id, None) else {
            panic!("{what}: no route {dst} metric {}", kernel.1);
        };
        assert_eq!(r.gateway.map(|g| g.to_string()), kernel.0, "{what}: {dst}");
    }
}

/// Of several IPv4 routes of one prefix and metric (`ip route append`, `prepend`), a lookup
/// gives the one the kernel's lookup takes, the first it lists: as the mirror follows the
/// appends, prepends, replaces and deletes, after a re-dump, and from its first dump.
#[test]
fn a_lookup_among_appended_routes_is_the_kernels_choice() {
    for seed in [1u64, 2, 3] {
        let seed = std::env::var("NLRS_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(seed);
        std::thread::spawn(move || {
            private_netns();
            veth("la", "lb");
            ip(&["addr", "add", "10.0.0.1/24", "dev", "la"]);
            ip(&["addr", "add", "10.0.1.1/24", "dev", "lb"]);
            let mut rng = Rng::new(seed);
            ip_force_batch(&alias_ops(&mut rng, 150));
            let sel = Selection::default().routes(true);
            let mut m = Mirror::start(sel, Some(1 << 22), |_, _| {}).unwrap();
            check_aliases(&m, &format!("seed {seed}, first dump"));
            for round in 0..4 {
                ip_force_batch(&alias_ops(&mut rng, 60));
                drain(&mut m);
                check_aliases(&m, &format!("seed {seed}, events of round {round}"));
            }
            // A re-dump of a table whose order the events set is in step.
            let resyncs = m.resyncs();
            m.resync(|_, _| {}).unwrap();
            assert!(m.resyncs() > resyncs);
            check_aliases(&m, &format!("seed {seed}, re-dumped"));
            // A re-dump after changes the mirror did not see orders the routes it keeps.
            let mut behind = Mirror::start(sel, Some(1 << 22), |_, _| {}).unwrap();
            ip_force_batch(&alias_ops(&mut rng, 100));
            behind.resync(|_, _| {}).unwrap();
            check_aliases(
                &behind,
                &format!("seed {seed}, re-dumped after unseen changes"),
            );
        })
        .join()
        .unwrap();
        if std::env::var("NLRS_SEED").is_ok() {
            break;
        }
    }
}
