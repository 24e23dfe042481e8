//! Route metrics (`RTA_METRICS`), realms (`RTA_FLOW`) and the 8-bit `rtm_table`, read from real
//! routes made with `ip route add ... mtu lock 1400 advmss 1300 realm 5 table 300` and the like,
//! through the Rust API and through the C API (`tests/c/route_metrics.c`, plainly and with
//! ASan/UBSan), each compared with `ip -j route show table all` (and `ip route show`'s text for
//! locked metrics, which the JSON leaves out). And written: the same routes, and routes of a
//! type of service, `onlink`, a source prefix, a preference and an expiry, added through a
//! Rust `RouteSpec` and through C's `nlrs_route_spec` setters, read back by `ip` as the routes
//! `ip` made, and deleted by their specs.

mod common;

use common::cbuild::Mode;
use common::{in_netns, ip, ip_json, link_index, veth};
use nlrs::conn::Socket;
use nlrs::rtnl::route::{self, table, Route, RouteFilter, RouteMetrics, RouteSpec};
use nlrs::rtnl::{IpPrefix, Spec};
use nlrs::wire::consts::{proto, rtax, rtnh_f};
use serde_json::Value;
use std::collections::BTreeMap;

/// The routes: each destination is unique across tables, and every metric iproute2 sets is
/// used at least once.
const ROUTES: &[&[&str]] = &[
    &[
        "198.51.100.0/24",
        "via",
        "10.9.0.2",
        "dev",
        "m0",
        "mtu",
        "lock",
        "1400",
        "advmss",
        "1300",
        "realm",
        "5",
        "table",
        "300",
        "hoplimit",
        "7",
        "initcwnd",
        "10",
        "congctl",
        "cubic",
        "rtt",
        "100ms",
    ],
    &[
        "198.51.101.0/24",
        "dev",
        "m0",
        "realms",
        "3/7",
        "window",
        "2000",
        "quickack",
        "1",
        "features",
        "ecn",
        "rttvar",
        "20ms",
        "ssthresh",
        "5",
        "cwnd",
        "9",
        "reordering",
        "4",
        "initrwnd",
        "12",
        "rto_min",
        "300ms",
        "fastopen_no_cookie",
        "1",
    ],
    &["198.51.102.0/24", "dev", "m0", "table", "42"],
    &[
        "2001:db8:1::/64",
        "dev",
        "m0",
        "mtu",
        "1500",
        "table",
        "300",
        "hoplimit",
        "9",
    ],
    &["2001:db8:2::/64", "dev", "m0", "advmss", "1220"],
];

/// The destinations of [`ROUTES`].
fn ours(dst: &str) -> bool {
    ROUTES.iter().any(|r| r[0] == dst)
}

/// The u32 metrics: iproute2's name, the metric, the divisor `ip` prints it with.
const METRICS: &[(&str, u16, u32)] = &[
    ("mtu", rtax::MTU, 1),
    ("window", rtax::WINDOW, 1),
    ("rtt", rtax::RTT, 8),
    ("rttvar", rtax::RTTVAR, 4),
    ("ssthresh", rtax::SSTHRESH, 1),
    ("cwnd", rtax::CWND, 1),
    ("advmss", rtax::ADVMSS, 1),
    ("reordering", rtax::REORDERING, 1),
    ("hoplimit", rtax::HOPLIMIT, 1),
    ("initcwnd", rtax::INITCWND, 1),
    ("rto_min", rtax::RTO_MIN, 1),
    ("initrwnd", rtax::INITRWND, 1),
    ("quickack", rtax::QUICKACK, 1),
    ("fastopen_no_cookie", rtax::FASTOPEN_NO_COOKIE, 1),
];

/// Routes of the header's fields and the IPv6 attributes: type of service, `onlink`, source
/// prefix, preference, expiry. Each pair shares a destination, told apart by type of service
/// or source prefix; the first of each is deleted alone.
const FIELD_ROUTES: &[&[&str]] = &[
    &[
        "192.0.2.0/24",
        "via",
        "10.7.7.7",
        "dev",
        "m0",
        "onlink",
        "tos",
        "0x10",
    ],
    &[
        "192.0.2.0/24",
        "via",
        "10.9.0.2",
        "dev",
        "m0",
        "tos",
        "0x08",
    ],
    &[
        "2001:db8:5::/64",
        "from",
        "2001:db8:6::/48",
        "via",
        "2001:db8:3::2",
        "dev",
        "m0",
        "pref",
        "high",
        "expires",
        "300",
    ],
    &[
        "2001:db8:5::/64",
        "from",
        "2001:db8:7::/48",
        "dev",
        "m0",
        "pref",
        "low",
    ],
];

fn setup_links() {
    veth("m0", "m1");
    ip(&["addr", "add", "10.9.0.1/24", "dev", "m0"]);
    ip(&["addr", "add", "2001:db8:3::1/64", "dev", "m0", "nodad"]);
}

/// `ip route VERB` of each route of `routes`.
fn ip_each(verb: &str, routes: &[&[&str]]) {
    for r in routes {
        let mut args = vec!["route", verb];
        args.extend_from_slice(r);
        ip(&args);
    }
}

fn setup() {
    setup_links();
    ip_each("add", ROUTES);
}

/// The spec of the route `ip route add ROUTE` makes, for each `ROUTE` of [`ROUTES`] and
/// [`FIELD_ROUTES`]: its words read as `ip` reads them (times in milliseconds, `rtt` sent
/// times 8 and `rttvar` times 4).
fn spec_of(route: &[&str]) -> RouteSpec {
    let mut spec = RouteSpec::new(route[0].parse::<IpPrefix>().unwrap());
    let mut metrics = RouteMetrics::default();
    let mut words = route[1..].iter().copied();
    while let Some(w) = words.next() {
        if w == "onlink" {
            spec.flags |= u32::from(rtnh_f::ONLINK);
            continue;
        }
        let mut arg = words.next().unwrap();
        let locked = arg == "lock";
        if locked {
            arg = words.next().unwrap();
        }
        let number = |scale: u32| arg.trim_end_matches("ms").parse::<u32>().unwrap() * scale;
        match w {
            "via" => spec.gateway = Some(arg.parse().unwrap()),
            "dev" => spec.oif = Some(link_index(arg)),
            "table" => spec.table = number(1),
            "tos" => spec.tos = u8::from_str_radix(arg.trim_start_matches("0x"), 16).unwrap(),
            "from" => spec.src = Some(arg.parse().unwrap()),
            "expires" => spec.expires = Some(number(1)),
            "pref" => {
                spec.pref = Some(match arg {
                    "low" => route::pref::LOW,
                    "medium" => route::pref::MEDIUM,
                    _ => route::pref::HIGH,
                })
            }
            "realm" | "realms" => {
                let (from, to) = arg.split_once('/').unwrap_or(("0", arg));
                spec.flow = Some(from.parse::<u32>().unwrap() << 16 | to.parse::<u32>().unwrap());
            }
            "congctl" => metrics.cc_algo = Some(arg.to_owned()),
            "features" => metrics.features = Some(rtax::FEATURE_ECN),
            _ => {
                let &(_, kind, scale) = METRICS.iter().find(|m| m.0 == w).expect(w);
                assert!(metrics.set(kind, number(scale)));
            }
        }
        if locked {
            let kind = METRICS
                .iter()
                .find(|m| m.0 == w)
                .map_or(rtax::CC_ALGO, |m| m.1);
            metrics.lock = Some(metrics.lock.unwrap_or(0) | 1 << kind);
        }
    }
    spec.metrics = (metrics != RouteMetrics::default()).then_some(metrics);
    spec
}

/// Deletes the routes of [`ROUTES`] with `ip`, which must find each.
fn ip_delete_all() {
    ip_each("del", ROUTES);
}

/// All `ip -j -d route show` says of the routes to [`FIELD_ROUTES`]' destinations, a line
/// each, sorted; an expiry as "set" (made a moment apart, routes differ by a second).
fn field_view() -> Vec<String> {
    let mut out = Vec::new();
    for family in ["-4", "-6"] {
        for r in ip_json(&[family, "-d", "route", "show", "table", "all"])
            .as_array()
            .unwrap()
        {
            if !FIELD_ROUTES.iter().any(|f| r["dst"] == f[0]) {
                continue;
            }
            let mut r = r.clone();
            if let Some(e) = r.get_mut("expires") {
                assert!((250..=300).contains(&e.as_u64().unwrap()), "{e}");
                *e = "set".into();
            }
            out.push(r.to_string());
        }
    }
    out.sort();
    out
}

/// A route line with its tokens after the destination sorted, so the order of a printer does
/// not matter.
fn normalized(line: &str) -> String {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    words[1..].sort_unstable();
    words.join(" ")
}

/// What `ip` says of our routes, a line each, keyed by destination.
fn ip_lines() -> BTreeMap<String, String> {
    // The JSON has no lock: `ip route show` prints "mtu lock 1400".
    let mut locks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in ip(&["route", "show", "table", "all"])
        .lines()
        .chain(ip(&["-6", "route", "show", "table", "all"]).lines())
    {
        let w: Vec<&str> = line.split_whitespace().collect();
        let locked = w
            .windows(2)
            .filter(|p| p[1] == "lock")
            .map(|p| format!("lock={}", p[0]));
        locks.entry(w[0].to_owned()).or_default().extend(locked);
    }
    let mut out = BTreeMap::new();
    for family in ["-4", "-6"] {
        for r in ip_json(&[family, "route", "show", "table", "all"])
            .as_array()
            .unwrap()
        {
            let Some(dst) = r["dst"].as_str().filter(|d| ours(d)) else {
                continue;
            };
            let t: u32 = match r["table"].as_str() {
                None | Some("main") => 254,
                Some(n) => n.parse().expect("a table number"),
            };
            let rtm_table = if t < 256 { t } else { table::COMPAT };
            let mut line = format!("{dst} table={t} rtm_table={rtm_table}");
            let flow = &r["flow"];
            if !flow.is_null() {
                let realm = |k| flow[k].as_str().unwrap_or("0").to_owned();
                line += &format!(" realms={}/{}", realm("from"), realm("to"));
            }
            if let Value::Object(m) = &r["metrics"][0] {
                for (k, v) in m {
                    line += &match (v.as_i64(), v.as_str()) {
                        (Some(n), _) => format!(" {k}={n}"),
                        (None, Some(s)) => format!(" {k}={s}"),
                        // `"ecn": null`, a feature.
                        (None, None) => format!(" {k}"),
                    };
                }
            }
            for l in locks.get(dst).into_iter().flatten() {
                line += &format!(" {l}");
            }
            out.insert(dst.to_owned(), normalized(&line));
        }
    }
    out
}

/// The line of `r`, as `ip_lines` writes it.
fn line_of(r: &Route) -> String {
    let mut line = format!("{} table={} rtm_table={}", r.dst, r.table, r.rtm_table);
    if let Some(f) = r.flow {
        line += &format!(" realms={}/{}", f >> 16, f & 0xffff);
    }
    if let Some(m) = &r.metrics {
        for &(name, kind, divisor) in METRICS {
            if let Some(v) = m.get(kind) {
                line += &format!(" {name}={}", v / divisor);
            }
            if m.is_locked(kind) {
                line += &format!(" lock={name}");
            }
        }
        if m.features.is_some_and(|f| f & rtax::FEATURE_ECN != 0) {
            line += " ecn";
        }
        if let Some(cc) = &m.cc_algo {
            line += &format!(" congestion={cc}");
        }
    }
    normalized(&line)
}

/// Checks that `got` (destination and line) holds exactly what `ip` says of our routes.
fn compare(got: BTreeMap<String, String>) {
    let want = ip_lines();
    assert_eq!(
        want.len(),
        ROUTES.len(),
        "ip shows all our routes: {want:#?}"
    );
    assert_eq!(got, want);
    // The oracle itself saw what the routes were made with.
    assert!(want["198.51.100.0/24"].contains("lock=mtu"));
    assert!(want["198.51.100.0/24"].contains("rtm_table=252"));
    assert!(want["198.51.101.0/24"].contains("realms=3/7"));
}

#[test]
fn metrics_realms_and_tables_match_ip() {
    in_netns(|| {
        setup();
        let mut sock = Socket::open(proto::ROUTE).unwrap();
        let routes = route::list(&mut sock, &RouteFilter::default()).unwrap();
        let got = routes
            .iter()
            .filter_map(|r| {
                let dst = r.dst.to_string();
                ours(&dst).then(|| (dst, line_of(r)))
            })
            .collect();
        compare(got);
        // A route without metrics or realms has neither.
        let plain = routes.iter().find(|r| r.table == 42).unwrap();
        assert_eq!((plain.metrics.as_ref(), plain.flow), (None, None));
    });
}

/// `route_metrics ARGS` (`tests/c/route_metrics.c`) in `mode`, which must succeed; its output.
fn route_metrics(mode: Mode, args: &[&str]) -> String {
    let out = mode
        .command("route_metrics", args)
        .output()
        .expect("run route_metrics");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    mode.check_tool("route_metrics", out.status, &stderr);
    assert!(
        out.status.success(),
        "route_metrics {args:?} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    stdout.into_owned()
}

fn run_c(mode: Mode) {
    in_netns(move || {
        setup();
        let got = route_metrics(mode, &[])
            .lines()
            .filter_map(|l| {
                let dst = l.split_whitespace().next()?;
                ours(dst).then(|| (dst.to_owned(), normalized(l)))
            })
            .collect();
        compare(got);
    });
}

#[test]
fn metrics_realms_and_tables_match_ip_from_c() {
    run_c(Mode::Plain);
}

#[test]
fn metrics_realms_and_tables_match_ip_from_c_with_sanitizers() {
    run_c(Mode::Sanitizers);
}

/// Routes written by nlrs read as `ip`'s: `change(verb, route)` adds ("add") or deletes
/// ("del") the route of `ip route add ROUTE` through nlrs. The routes of [`ROUTES`], made by
/// `ip` then deleted, made again by nlrs, read by `ip` as before, then deleted by nlrs; the
/// routes of [`FIELD_ROUTES`] the same in all `ip -j -d` says (type of service, `onlink`,
/// source prefix, preference, expiry), and a delete by nlrs of the first of each pair (told
/// apart by type of service or source prefix) leaves what `ip` makes of the seconds alone.
fn written_by_nlrs_match_ip(change: impl Fn(&str, &[&str])) {
    setup();
    let want = ip_lines();
    assert!(want["198.51.100.0/24"].contains("lock=mtu"));
    ip_delete_all();
    for r in ROUTES {
        change("add", r);
    }
    assert_eq!(ip_lines(), want);
    for r in ROUTES {
        change("del", r);
    }
    assert!(ip_lines().is_empty());

    ip_each("add", FIELD_ROUTES);
    let want = field_view();
    assert_eq!(want.len(), FIELD_ROUTES.len(), "{want:#?}");
    // The oracle saw what the routes were made with.
    let text = want.join("\n");
    for part in [
        r#""tos":"0x10""#,
        r#""flags":["onlink"]"#,
        r#""from":"2001:db8:6::/48""#,
        r#""pref":"high""#,
        r#""pref":"low""#,
        r#""expires":"set""#,
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    ip_each("del", FIELD_ROUTES);
    assert!(field_view().is_empty());
    for r in FIELD_ROUTES {
        change("add", r);
    }
    assert_eq!(field_view(), want);
    for r in FIELD_ROUTES.iter().step_by(2) {
        change("del", r);
    }
    let left = field_view();
    let seconds: Vec<&[&str]> = FIELD_ROUTES.iter().copied().skip(1).step_by(2).collect();
    ip_each("del", &seconds);
    assert!(field_view().is_empty());
    ip_each("add", &seconds);
    assert_eq!(left, field_view());
}

/// Through the Rust API: a `RouteSpec` each.
#[test]
fn routes_written_by_nlrs_match_ip() {
    in_netns(|| {
        let sock = std::cell::RefCell::new(Socket::open(proto::ROUTE).unwrap());
        written_by_nlrs_match_ip(|verb, r| {
            let mut sock = sock.borrow_mut();
            match verb {
                "add" => spec_of(r).add(&mut sock, nlrs::rtnl::Mode::Create),
                _ => spec_of(r).delete(&mut sock),
            }
            .unwrap_or_else(|e| panic!("{verb} {r:?}: {e}"));
        });
    });
}

/// Through the C API: `route_metrics add|del ROUTE`, C's `nlrs_route_spec` setters.
fn run_c_writer(mode: Mode) {
    in_netns(move || {
        written_by_nlrs_match_ip(|verb, r| {
            let mut args = vec![verb];
            args.extend_from_slice(r);
            route_metrics(mode, &args);
        })
    });
}

#[test]
fn routes_written_from_c_match_ip() {
    run_c_writer(Mode::Plain);
}

#[test]
fn routes_written_from_c_match_ip_with_sanitizers() {
    run_c_writer(Mode::Sanitizers);
}
