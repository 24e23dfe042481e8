//! A randomized differential test of the route mirror against the kernel: random batches of
//! colliding route operations (both families, three tables, every verb, types, metrics, TOS,
//! multipath, attributes, IPv6 preferences and lifetimes) and changes that make the kernel
//! drop routes without a word, read as they come or after the mirror's small queue
//! overflowed, with callbacks that stop at random points (a resynchronisation cut in pieces,
//! with more changes made in between). After each round the mirrors must equal `ip -j route`
//! and a fresh dump, and the changes each reported, applied to a model, must give its own
//! contents; a mirror driven through the C API must lend and report the same routes.
//! `NLRS_SEED=N` runs seed N (with a test's name, that test alone).

mod common;

use common::capi;
use common::rng::Rng;
use common::routes::{
    c_route_line, c_seen, dumped_routes, ip_route_view, names, route_line, route_view, CSeen,
};
use common::{ip_batch, ip_json, private_netns, wait_readable, wait_up};
use nlrs::conn::Error;
use nlrs::rtnl::mirror::{ChangeKind, Flow, Mirror, Object, Selection};
use nlrs::rtnl::route::Route;
use nlrs::rtnl::IfIndex;
use nlrs::wire::consts::*;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};

/// The links routes go through: their addresses, the gateways behind each, the prefixes
/// routes are made to (few, so that operations collide).
struct Family {
    /// `ip addr add` lines that give both links their addresses again.
    addrs: &'static str,
    dsts: &'static [&'static str],
    /// Gateways through a0, then through b0.
    via: [&'static [&'static str]; 2],
    srcs: &'static [&'static str],
}

const V4: Family = Family {
    addrs: "addr add 10.1.0.1/24 dev a0\naddr add 10.2.0.1/24 dev b0\n",
    dsts: &["10.9.0.0/16", "10.9.1.0/24", "10.9.1.7/32", "0.0.0.0/0"],
    via: [&["10.1.0.2", "10.1.0.3"], &["10.2.0.2", "10.2.0.3"]],
    srcs: &["10.1.0.1", "10.2.0.1"],
};

const V6: Family = Family {
    addrs: "addr add 2001:db8:1::1/64 dev a0 nodad\naddr add 2001:db8:2::1/64 dev b0 nodad\n",
    dsts: &[
        "2001:db8:9::/64",
        "2001:db8:9::/48",
        "2001:db8:9::7/128",
        "::/0",
    ],
    via: [
        &["2001:db8:1::2", "2001:db8:1::3"],
        &["2001:db8:2::2", "2001:db8:2::3"],
    ],
    srcs: &["2001:db8:1::1", "2001:db8:2::1"],
};

const DEVS: [&str; 2] = ["a0", "b0"];

/// 40 routes added, then deleted: more notifications than the small queue holds.
static BURST: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let routes = |verb: &str| -> String {
        (0..40)
            .map(|i| format!("route {verb} 10.99.{i}.0/24 dev a0\n"))
            .collect()
    };
    routes("add") + &routes("del")
});

/// The nexthop objects routes may use (`nhid`), made again when gone (errors ignored).
const NEXTHOPS: &str =
    "nexthop add id 5 via 10.1.0.2 dev a0\nnexthop add id 6 via 2001:db8:1::2 dev a0\n";

/// One random `ip route` batch line.
fn route_op(rng: &mut Rng) -> String {
    let v6 = rng.one_in(2);
    let f = if v6 { &V6 } else { &V4 };
    let verb = rng.pick(&[
        "add", "add", "replace", "replace", "append", "prepend", "change", "del", "del",
    ]);
    let rtype = rng.pick(&["", "", "", "", "blackhole ", "unreachable ", "prohibit "]);
    let dst = rng.pick(f.dsts);
    let mut place = rng.pick(&["", "", " table 100", " table 200"]).to_string();
    if !v6 {
        place += rng.pick(&["", "", "", " tos 0x10", " tos 0x08"]);
    } else if rng.one_in(8) {
        // IPv6 source routing: a subtree per source prefix.
        place += " from 2001:db8:7::/64";
    }
    // The fields that place a route: a `del` often names only some of them, and the kernel
    // takes the first route that matches.
    if verb == "del" && rng.one_in(2) {
        let metric = rng.pick(&["", "", " metric 5", " metric 10", " metric 20"]);
        return format!("route del {rtype}{dst}{place}{metric}\n");
    }
    let dev = rng.below(2);
    let paths = match rng.below(6) {
        _ if !rtype.is_empty() => String::new(),
        0 => format!(" dev {}", DEVS[dev]),
        3 => format!(" nhid {}", if v6 { 6 } else { 5 }),
        1 | 2 => {
            let mut s = String::new();
            for _ in 0..2 + rng.below(2) {
                let dev = rng.below(2);
                s += &format!(" nexthop via {} dev {}", rng.pick(f.via[dev]), DEVS[dev]);
                s += rng.pick(&["", "", " weight 2", " weight 3"]);
            }
            s
        }
        _ => format!(" via {} dev {}", rng.pick(f.via[dev]), DEVS[dev]),
    };
    // The kernel's dump of an IPv6 multipath route skips from its first path to its last
    // (`fib6_dump_node`): a route of the same metric that cannot be a path of it (no
    // gateway, or a nexthop object) and sits between them in the kernel's list (appended
    // before the last path) is in no dump and not in ip's list, though the kernel has it and
    // routes by it. A mirror that follows events has it, one that re-dumped has not: here
    // IPv6 routes that can be paths of a multipath route have metrics of their own.
    let metric = if !v6 {
        rng.pick(&["", "", " metric 5", " metric 10"])
    } else if paths.contains("via") {
        rng.pick(&[" metric 5", " metric 10"])
    } else {
        rng.pick(&["", " metric 20"])
    };
    let mut line = format!("route {verb} {rtype}{dst}{place}{metric}{paths}");
    if rtype.is_empty() && rng.one_in(4) {
        line += &format!(" src {}", rng.pick(f.srcs));
    }
    line += rng.pick(&["", "", "", " proto static", " proto 99"]);
    let mtu = rng.pick(&["", "", "", " mtu 1400", " mtu 1300"]);
    // An IPv6 append or prepend of the next hop of an expiring route of its metric fails
    // (`EEXIST`), but the kernel first gives that route the new route's MTU, and says
    // nothing (`fib6_add_rt2node`): a change a mirror sees only at its next re-dump (as its
    // documentation lists), and no event path to test. The MTU is drawn all the same, so
    // that the other lines of a seed stay what they were.
    if !(v6 && (verb == "append" || verb == "prepend")) {
        line += mtu;
    }
    if !v6 {
        line += rng.pick(&["", "", "", " realm 5"]);
    } else {
        // A preference is a value of the route (a replace that changes it alone is a
        // change); a lifetime is not kept by the mirror (a countdown), long enough to last.
        line += rng.pick(&["", "", " pref low", " pref high", " pref medium"]);
        line += rng.pick(&["", "", "", " expires 3600"]);
    }
    line + "\n"
}

/// A change that makes the kernel remove or mark routes without a route notification, and
/// the lines that bring the links and their addresses back (errors ignored): whether it
/// changes a link's carrier, which linkwatch announces up to a second later.
fn link_op(rng: &mut Rng) -> (String, bool) {
    let dev = rng.pick(&DEVS);
    let peer = if dev == "a0" { "a1" } else { "b1" };
    let (change, carrier) = match rng.below(6) {
        0 => (format!("link set {dev} down\nlink set {dev} up\n"), true),
        1 => (format!("link set {peer} down\nlink set {peer} up\n"), true),
        2 => (format!("addr flush dev {dev}\n"), false),
        // The routes through a nexthop object change with it, or go with it.
        3 => ("nexthop replace id 5 via 10.1.0.3 dev a0\n".into(), false),
        4 => ("nexthop del id 6\n".into(), false),
        _ => {
            let [a4, a6] = if dev == "a0" {
                ["10.1.0.1/24", "2001:db8:1::1/64"]
            } else {
                ["10.2.0.1/24", "2001:db8:2::1/64"]
            };
            (
                format!("addr del {a4} dev {dev}\naddr del {a6} dev {dev}\n"),
                false,
            )
        }
    };
    (change + V4.addrs + V6.addrs + NEXTHOPS, carrier)
}

/// A random batch of `n` operations; whether one changed a link's carrier.
fn batch(rng: &mut Rng, n: usize) -> (String, bool) {
    let mut lines = String::new();
    let mut carrier = false;
    for _ in 0..n {
        if rng.one_in(25) {
            let (l, c) = link_op(rng);
            lines += &l;
            carrier |= c;
        } else if rng.one_in(25) {
            lines += &twins_op(rng);
        } else {
            lines += &route_op(rng);
        }
    }
    (lines, carrier)
}

/// Lines that leave the kernel two IPv6 routes equal in every field, when it has a route of
/// the metric to that destination: a reject route of that metric added beside it, then a
/// replace with the same one, which the kernel takes for a replace of the first route.
fn twins_op(rng: &mut Rng) -> String {
    let dst = rng.pick(V6.dsts);
    let kind = rng.pick(&["prohibit", "unreachable", "blackhole"]);
    format!("route prepend {kind} {dst}\nroute change {kind} {dst}\n")
}

/// Starts `ip -force -batch -` with `lines`: the lines that fail (invalid in the state at
/// hand) are skipped, silently.
fn ip_force(lines: &str) -> std::process::Child {
    let mut cmd = Command::new("ip");
    cmd.args(["-force", "-batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("run ip");
    let mut stdin = child.stdin.take().unwrap();
    let lines = lines.to_string();
    std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(lines.as_bytes());
    });
    child
}

/// What tells a route from the others in the kernel (the mirror's own rule, from the
/// kernel's: `fib_table_insert`, `fib_find_info`), for the model of reported changes to find
/// which route a [`ChangeKind::Change`] changed.
fn identity(r: &Route) -> String {
    let v4 = r.family == AF_INET;
    let mut hops: Vec<String> = if r.multipath.is_empty() {
        let onlink = if v4 { r.flags & 4 } else { 0 };
        vec![format!("{:?}@{:?}/0/{onlink}", r.gateway, r.oif)]
    } else {
        r.multipath
            .iter()
            .map(|h| {
                let onlink = if v4 { h.flags & 4 } else { 0 };
                format!("{:?}@{:?}/{}/{onlink}", h.gateway, Some(h.ifindex), h.hops)
            })
            .collect()
    };
    // The paths of an IPv6 multipath route are sibling routes, in no order that matters.
    if !v4 {
        hops.sort();
    }
    format!(
        "{} t{} {} from {:?} tos{} m{} {} {} {} {:?} {:?} {:?} {hops:?} nhid {:?}",
        r.family,
        r.table,
        r.dst,
        r.src,
        r.tos,
        r.priority.unwrap_or(0),
        r.rtype,
        r.protocol,
        r.scope,
        r.prefsrc,
        r.metrics,
        r.flow,
        r.nh_id
    )
}

/// The names `ip` gives the next-hop flags (`RTNH_F_*`) it shows.
fn flag_names(flags: u32) -> String {
    let names = [
        "dead",
        "pervasive",
        "onlink",
        "offload",
        "linkdown",
        "unresolved",
        "trap",
    ];
    let set: Vec<&str> = (0..names.len())
        .filter(|i| flags & 1 << i != 0)
        .map(|i| names[i])
        .collect();
    set.join("+")
}

/// A route in `ip -j route`'s terms, every table: [`route_view`] with the table, TOS,
/// source prefix, MTU and each path's weight and flags.
fn full_view(r: &Route, names: &BTreeMap<IfIndex, String>) -> String {
    let mut paths: Vec<String> = r
        .multipath
        .iter()
        .map(|h| {
            let gw = h.gateway.map(|g| g.to_string()).unwrap_or_default();
            format!(
                "{gw}*{}:{}",
                u32::from(h.hops) + 1,
                flag_names(h.flags.into())
            )
        })
        .collect();
    paths.sort();
    format!(
        "t{} tos{:#x} from={} {} mtu={} flags={} {paths:?}",
        r.table,
        r.tos,
        r.src.map(|s| s.to_string()).unwrap_or_default(),
        route_view(r, names),
        r.metrics.as_ref().and_then(|m| m.mtu).unwrap_or(0),
        flag_names(r.flags & 0xff),
    )
}

/// [`full_view`] of a route of `ip -j route`.
fn ip_full_view(j: &Value) -> String {
    let table = match j["table"].as_str() {
        None | Some("main") => 254,
        Some("local") => 255,
        Some("default") => 253,
        Some(t) => t.parse().expect("a table number"),
    };
    let tos = j["tos"].as_str().map_or(0, |t| {
        u8::from_str_radix(t.trim_start_matches("0x"), 16).unwrap()
    });
    let flags = |j: &Value| -> String {
        let mut f: Vec<&str> = j["flags"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // In the order of their bits, as `flag_names` lists them.
        let order = |n: &&str| (0..32).find(|&i| flag_names(1 << i) == *n);
        f.sort_by_key(order);
        f.join("+")
    };
    let mut paths: Vec<String> = j["nexthops"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| {
                    let gw = h["gateway"].as_str().unwrap_or("");
                    format!("{gw}*{}:{}", h["weight"].as_i64().unwrap_or(1), flags(h))
                })
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    let mtu = j["metrics"]
        .as_array()
        .and_then(|m| m.iter().find_map(|m| m["mtu"].as_i64()))
        .unwrap_or(0);
    format!(
        "t{table} tos{tos:#x} from={} {} mtu={mtu} flags={} {paths:?}",
        j["from"].as_str().unwrap_or(""),
        ip_route_view(j),
        flags(j),
    )
}

/// Asserts that `ours` equals `theirs` (both sorted), naming what only one of them has (as
/// many times as it has it more).
fn assert_same(ours: &[String], theirs: &[String], what: &str) {
    let count = |v: &[String]| {
        let mut c: BTreeMap<String, i32> = BTreeMap::new();
        for s in v {
            *c.entry(s.clone()).or_default() += 1;
        }
        c
    };
    let (mut only_ours, theirs_count) = (count(ours), count(theirs));
    for (s, n) in theirs_count {
        *only_ours.entry(s).or_default() -= n;
    }
    only_ours.retain(|_, n| *n != 0);
    assert!(
        ours == theirs,
        "{what}: more in the mirror (positive) or in the other (negative): {only_ours:#?}"
    );
}

/// A mirror and the routes its reports say it has.
struct Watched {
    m: Mirror,
    /// The routes reported, by [`identity`], as `{:?}`.
    model: BTreeMap<String, Vec<String>>,
    /// How many times a callback stopped the reporting.
    stops: usize,
    /// How many of those stops were followed by changes made before the reporting went on.
    changed_mid_report: usize,
}

/// Applies the report that `o` changed as `k` says to `model`, checking that it is possible:
/// an addition of a route the model lacks (or has, equal in every field: the kernel can hold
/// two such IPv6 routes, see `Mirror`), a change or removal of one it has.
fn apply(model: &mut BTreeMap<String, Vec<String>>, k: ChangeKind, o: &Object) {
    let Object::Route(r) = o else {
        panic!("a route mirror reported {o:?}");
    };
    let (id, now) = (identity(r), format!("{r:?}"));
    let held = model.entry(id.clone()).or_default();
    match k {
        ChangeKind::Add => {
            assert!(
                held.iter().all(|old| *old == now) && (held.is_empty() || r.family == AF_INET6),
                "added again: {r:?}, had {held:?}"
            );
            held.push(now);
        }
        ChangeKind::Change => match held.iter_mut().find(|old| **old != now) {
            Some(old) => *old = now,
            None => panic!("changed to {r:?} from {held:?}"),
        },
        ChangeKind::Remove => match held.iter().position(|old| *old == now) {
            Some(i) => {
                held.remove(i);
            }
            None => panic!("removed {r:?}, had {held:?}"),
        },
        _ => panic!("{k:?}"),
    }
    if held.is_empty() {
        model.remove(&id);
    }
}

impl Watched {
    /// A mirror of routes (event queue `rcvbuf`) whose first dump is reported until the
    /// callback stops, once in `stop_in` routes (never when 0): the rest comes first in the
    /// next [`Watched::process`].
    fn start(rng: &mut Rng, rcvbuf: Option<usize>, stop_in: usize) -> Self {
        let mut model = BTreeMap::new();
        let sel = Selection::default().routes(true);
        let (m, _) = Mirror::start_until(sel, rcvbuf, |k, o| {
            assert_eq!(k, ChangeKind::Add);
            apply(&mut model, k, o);
            if stop_in > 0 && rng.one_in(stop_in) {
                Flow::Break(())
            } else {
                Flow::Continue(())
            }
        })
        .unwrap();
        Watched {
            m,
            model,
            stops: 0,
            changed_mid_report: 0,
        }
    }

    /// Processes what is readable, its callback stopping once in `stop_in` changes (never
    /// when 0); when it stopped, `between` may change the kernel before the reporting goes
    /// on. Returns whether the callback stopped. A re-dump interrupted every time is tried
    /// again by the next call, as the mirror promises.
    fn process(
        &mut self,
        rng: &mut Rng,
        stop_in: usize,
        between: &mut dyn FnMut(&mut Rng),
    ) -> bool {
        let model = &mut self.model;
        let mut report = |k: ChangeKind, o: &Object| {
            apply(model, k, o);
            if stop_in > 0 && rng.one_in(stop_in) {
                Flow::Break(())
            } else {
                Flow::Continue(())
            }
        };
        let stopped = match self.m.process_until(&mut report, || Flow::Continue(())) {
            Ok((_, flow)) => flow.is_break(),
            Err(Error::DumpInterrupted) => return true,
            Err(e) => panic!("{e}"),
        };
        if stopped {
            self.stops += 1;
            if rng.one_in(3) {
                between(rng);
                self.changed_mid_report += 1;
            }
        }
        stopped
    }

    /// Processes everything until nothing has arrived for 50 ms.
    fn settle(&mut self, rng: &mut Rng, stop_in: usize, between: &mut dyn FnMut(&mut Rng)) {
        loop {
            if !self.process(rng, stop_in, between) && !wait_readable(self.m.fd(), 50) {
                return;
            }
        }
    }

    /// Asserts the mirror equals ip and a fresh dump, and its reports its contents.
    fn check(&self, what: &str) {
        let names = names();
        let routes: Vec<Route> = self
            .m
            .objects()
            .filter_map(|o| match o {
                Object::Route(r) => Some(r),
                _ => None,
            })
            .collect();
        for (family, af) in [("-4", AF_INET), ("-6", AF_INET6)] {
            let mut ours: Vec<String> = routes
                .iter()
                .filter(|r| r.family == af)
                .map(|r| full_view(r, &names))
                .collect();
            ours.sort();
            let mut theirs: Vec<String> = ip_json(&[family, "route", "show", "table", "all"])
                .as_array()
                .unwrap()
                .iter()
                .map(ip_full_view)
                .collect();
            theirs.sort();
            assert_same(&ours, &theirs, &format!("{what}: {family} against ip"));
            let mut ours: Vec<String> = routes
                .iter()
                .filter(|r| r.family == af)
                .map(|r| format!("{r:?}"))
                .collect();
            ours.sort();
            assert_same(
                &ours,
                &dumped_routes(af),
                &format!("{what}: {family} against a dump"),
            );
        }
        let mut ours: Vec<String> = routes.iter().map(|r| format!("{r:?}")).collect();
        ours.sort();
        let mut reported: Vec<String> = self.model.values().flatten().cloned().collect();
        reported.sort();
        assert_same(&ours, &reported, &format!("{what}: against its reports"));
    }
}

/// A mirror of routes through the C API, with a small queue, whose callback stops every
/// `stop_every` changes.
struct CWatched {
    m: *mut capi::nlrs_mirror,
    seen: Box<CSeen>,
}

impl CWatched {
    fn start(rcvbuf: usize, stop_every: usize) -> Self {
        let mut seen = Box::new(CSeen {
            stop_every,
            ..CSeen::default()
        });
        let ud = (&mut *seen as *mut CSeen).cast();
        let mut m = std::ptr::null_mut();
        let rc =
            capi::nlrs_mirror_start(capi::NLRS_MIRROR_ROUTES, rcvbuf, Some(c_seen), ud, &mut m);
        assert!(rc >= 0, "nlrs_mirror_start: {rc}");
        CWatched { m, seen }
    }

    /// Processes everything until nothing has arrived for 50 ms, going on after each stop
    /// and after a re-dump interrupted every time.
    fn settle(&mut self) {
        let ud = (&mut *self.seen as *mut CSeen).cast();
        loop {
            let rc = capi::nlrs_mirror_process(self.m, Some(c_seen), ud);
            assert!(
                rc >= 0 || rc == -capi::NLRS_E_DUMP_INTR,
                "nlrs_mirror_process: {rc}"
            );
            if rc == 0 && !wait_readable(capi::nlrs_mirror_fd(self.m), 50) {
                return;
            }
        }
    }

    /// Asserts the routes the C walk lends are `want`, and the reports gave them.
    fn check(&self, want: &[String], what: &str) {
        let mut walked = Vec::new();
        let mut o = capi::nlrs_mirror_first(self.m);
        while !o.is_null() {
            walked.push(c_route_line(o));
            o = capi::nlrs_mirror_next(self.m, o);
        }
        walked.sort();
        assert_same(
            &walked,
            want,
            &format!("{what}: the C walk against the mirror"),
        );
        assert!(self.seen.wrong.is_empty(), "{what}: {:?}", self.seen.wrong);
        let reported: Vec<String> = self
            .seen
            .lines
            .iter()
            .flat_map(|(l, &n)| std::iter::repeat_n(l.clone(), n))
            .collect();
        assert_same(
            &reported,
            want,
            &format!("{what}: the C reports against the mirror"),
        );
    }
}

impl Drop for CWatched {
    fn drop(&mut self) {
        capi::nlrs_mirror_free(self.m);
    }
}

/// The links of the test: two veth pairs with addresses of both families, their carrier
/// announced, no IPv6 link-local address (which the kernel would add a while later).
fn links() {
    std::fs::write("/proc/sys/net/ipv6/conf/default/accept_dad", "0").unwrap();
    common::quiet_veth("a0", "a1");
    common::quiet_veth("b0", "b1");
    ip_batch(&format!("{}{}{NEXTHOPS}", V4.addrs, V6.addrs));
}

/// `ip route` of both families, every table, as text.
fn ip_route_lines() -> String {
    common::ip(&["-4", "route", "show", "table", "all"])
        + &common::ip(&["-6", "route", "show", "table", "all"])
}

/// One seed's rounds: two mirrors, one with the default queue that follows events, one with
/// a queue so small that most rounds overflow it; after each round both must equal ip.
/// Returns how many more times the small queue's mirror re-dumped than the other, which
/// re-dumps only when the kernel changed routes unannounced: how many overflows it met, at
/// least.
fn rounds(seed: u64) -> u64 {
    private_netns();
    links();
    let mut rng = Rng(seed);
    let mut events = Watched::start(&mut rng, None, 0);
    let rcvbuf = 1024 << rng.below(2);
    let mut small = Watched::start(&mut rng, Some(rcvbuf), 5);
    let mut c = CWatched::start(rcvbuf, 1 + rng.below(8));
    // Whether a round paused the mirrors yet: the last one does if none did, so that every
    // seed overflows the small queue (one read every round as the batch went).
    let mut paused = false;
    const ROUNDS: usize = 12;
    for round in 0..ROUNDS {
        // Shown with a failure in a callback too (the harness prints what a failed test
        // wrote).
        eprintln!("seed {seed:#x} round {round}");
        let before = ip_route_lines();
        let n = 10 + rng.below(40);
        let (lines, carrier) = batch(&mut rng, n);
        let carrier = Cell::new(carrier);
        // Every line of the round, for the message of a failure.
        let log = RefCell::new(lines.clone());
        let mut between = |rng: &mut Rng| {
            let n = 1 + rng.below(6);
            let (lines, c) = batch(rng, n);
            carrier.set(carrier.get() | c);
            *log.borrow_mut() += &format!("# the reporting stopped\n{lines}");
            ip_force(&lines).wait().unwrap();
        };
        let stop_in = [0, 2, 7][rng.below(3)];
        let as_it_goes = rng.one_in(2);
        if as_it_goes && (paused || round + 1 < ROUNDS) {
            // Read as the batch goes.
            let mut child = ip_force(&lines);
            while child.try_wait().unwrap().is_none() {
                wait_readable(small.m.fd(), 5);
                small.process(&mut rng, stop_in, &mut |_| {});
                events.process(&mut rng, 0, &mut |_| {});
            }
        } else {
            // Paused while it runs: the small queue overflows at some point of it, or of the
            // burst of 80 changes after it.
            paused = true;
            ip_force(&lines).wait().unwrap();
            ip_force(&BURST).wait().unwrap();
        }
        // The carrier comes back up to a second later (linkwatch), and with it the routes
        // the kernel marked `linkdown`: compared before, they would differ from ip's for a
        // moment. Waited for again after changes made while the reporting was stopped.
        if carrier.get() {
            wait_up(&["a0", "a1", "b0", "b1"]);
        }
        small.settle(&mut rng, stop_in, &mut between);
        if carrier.get() {
            wait_up(&["a0", "a1", "b0", "b1"]);
        }
        small.settle(&mut rng, 0, &mut |_| {});
        events.settle(&mut rng, 0, &mut |_| {});
        c.settle();
        let what = format!(
            "seed {seed:#x} round {round}, routes before:\n{before}\nchanges:\n{}\n",
            log.borrow()
        );
        events.check(&format!("{what}default queue"));
        small.check(&format!("{what}small queue"));
        let mut want: Vec<String> = events
            .m
            .objects()
            .filter_map(|o| match o {
                Object::Route(r) => Some(route_line(&r)),
                _ => None,
            })
            .collect();
        want.sort();
        c.check(&want, &format!("{what}C API"));
    }
    eprintln!(
        "seed {seed:#x}: small queue {} resyncs, {} stops, {} cut with changes; default queue \
         {} resyncs; C API {} resyncs; {} routes",
        small.m.resyncs(),
        small.stops,
        small.changed_mid_report,
        events.m.resyncs(),
        c.seen.resyncs,
        small.m.len()
    );
    small.m.resyncs().saturating_sub(events.m.resyncs())
}

/// Runs the rounds of `seed` and checks that the small queue overflowed at least once: the
/// test of the re-dumps did not pass for want of any. With `NLRS_SEED=N` set, the rounds of
/// seed N instead (any number: more seeds than the three below, one test at a time), whose
/// overflows are only counted: the count is a lower bound (an overflow in a round where the
/// kernel also changed routes unannounced counts for none), which the three seeds below,
/// not every seed, keep above 0.
fn random_route_changes(seed: u64) {
    if let Some(n) = std::env::var("NLRS_SEED").ok().and_then(|s| s.parse().ok()) {
        let overflows = rounds(Rng::new(n).0);
        println!("NLRS_SEED={n}: at least {overflows} overflows");
        return;
    }
    let overflows = rounds(seed);
    assert!(
        overflows > 0,
        "seed {seed:#x}: the small queue never overflowed"
    );
}

#[test]
fn random_route_changes_seed_1() {
    random_route_changes(0x9e37_79b9_7f4a_7c15);
}

#[test]
fn random_route_changes_seed_2() {
    random_route_changes(0xd1b5_4a32_d192_ed03);
}

#[test]
fn random_route_changes_seed_3() {
    random_route_changes(0x2545_f491_4f6c_dd1d);
}
