//! `c-examples/build/nlip` (ip for links, addresses, routes and neighbours, written on the C
//! API) against iproute2 6.1 in private network namespaces.
//!
//! - Every `show`: `nlip -j` equals `ip -j` on the fields the issue lists, per object and in
//!   the same order, in a fixture with veth pairs, a bridge with a member, macvlan, vxlan, ifb,
//!   a tun device, IPv4 and IPv6 addresses, routes in the main table and tables 100 and 100000
//!   (blackhole, unreachable, prohibit, multipath) and permanent neighbours.
//! - Every nlip change is checked with `ip -j`, and every change made with ip is seen by nlip.
//! - Errors: the kernel's text as ip prints it, exit status 2.
//!
//! nlip is built once per test binary with the other C examples (`common::cbuild`). The
//! fixture turns IPv6 link-local addresses off (`addr_gen_mode` 1), so nothing appears in the
//! kernel's tables on its own between ip's dump and nlip's.

mod common;

use common::cbuild::built;
use common::fixture::{fixture, settle};
use common::{ip, ip_batch, ip_json};
use serde_json::Value;

use std::path::PathBuf;
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// Running nlip and ip.

/// What a program printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 output"),
    }
}

/// The nlip binary: plain, or built with ASan and UBSan.
fn nlip_bin(sanitized: bool) -> PathBuf {
    let b = built();
    let dir = if sanitized { &b.asan } else { &b.plain };
    dir.join("nlip")
}

fn nlip_run(sanitized: bool, args: &[&str]) -> Run {
    let mut cmd = Command::new(nlip_bin(sanitized));
    if sanitized {
        cmd.env(
            "ASAN_OPTIONS",
            "detect_leaks=1:exitcode=98:abort_on_error=0",
        )
        .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
    }
    run(cmd.args(args))
}

fn nlip(args: &[&str]) -> Run {
    nlip_run(false, args)
}

/// `nlip ARGS`, which must succeed silently on stderr; its stdout.
fn nlip_ok(args: &[&str]) -> String {
    let r = nlip(args);
    assert!(
        r.code == 0 && r.stderr.is_empty(),
        "nlip {} failed ({}): {}",
        args.join(" "),
        r.code,
        r.stderr
    );
    r.stdout
}

/// `nlip -j ARGS`, parsed.
fn nlip_json(args: &[&str]) -> Value {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    let text = nlip_ok(&full);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("nlip -j {}: bad JSON ({e}): {text}", args.join(" ")))
}

/// `ip ARGS`, which must fail; what it printed on stderr.
fn ip_fails(args: &[&str]) -> String {
    let r = run(Command::new("ip").args(args));
    assert_ne!(r.code, 0, "ip {} should fail", args.join(" "));
    r.stderr
}

// ---------------------------------------------------------------------------------------------
// Comparing JSON on chosen fields.

/// Member `path` (`"a.b"` for a nested member) of an object, or `None` when absent: a member
/// that is JSON `null` is present.
fn member<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for key in path.split('.') {
        match cur {
            Value::Object(m) => cur = m.get(key)?,
            _ => return None,
        }
    }
    Some(cur)
}

/// The members `keys` of object `v` that are present, with their values.
fn restrict(v: &Value, keys: &[&str]) -> Vec<(String, Value)> {
    keys.iter()
        .filter_map(|k| member(v, k).map(|x| (k.to_string(), x.clone())))
        .collect()
}

/// The fields compared for each kind of object.
const LINK: &[&str] = &[
    "ifindex",
    "ifname",
    "flags",
    "mtu",
    "operstate",
    "txqlen",
    "address",
    "broadcast",
    "master",
    "link",
];
const LINK_DETAILS: &[&str] = &["min_mtu", "max_mtu", "linkinfo.info_kind"];
const ADDR_LINK: &[&str] = &["ifindex", "ifname"];
const ADDR_INFO: &[&str] = &[
    "family",
    "local",
    "prefixlen",
    "scope",
    "label",
    "broadcast",
];
const ROUTE: &[&str] = &[
    "type", "dst", "gateway", "via", "dev", "table", "protocol", "scope", "metric", "prefsrc",
];
const NEIGH: &[&str] = &["dst", "dev", "lladdr", "state"];

/// One object restricted to the fields of its kind (with `addr_info` for addresses).
fn object_view(args: &[&str], o: &Value) -> Vec<(String, Value)> {
    let details = args.contains(&"-d");
    let object = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .copied()
        .unwrap_or("");
    match object {
        "link" if details => restrict(o, &[LINK, LINK_DETAILS].concat()),
        "link" => restrict(o, LINK),
        "addr" => {
            let mut v = restrict(o, ADDR_LINK);
            let infos = member(o, "addr_info")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            let infos = infos
                .iter()
                .map(|a| Value::Array(restrict(a, ADDR_INFO).into_iter().map(pair).collect()))
                .collect();
            v.push(("addr_info".into(), Value::Array(infos)));
            v
        }
        "route" => restrict(o, ROUTE),
        "neigh" => restrict(o, NEIGH),
        other => panic!("no fields for {other}"),
    }
}

fn pair((k, v): (String, Value)) -> Value {
    Value::Array(vec![Value::String(k), v])
}

/// Asserts that `nlip -j ARGS` and `ip -j ARGS` list the same objects in the same order with
/// the same listed fields; returns how many objects there were.
fn same_as_ip(args: &[&str]) -> usize {
    let theirs = ip_json(args);
    let ours = nlip_json(args);
    let (t, o) = (theirs.as_array().unwrap(), ours.as_array().unwrap());
    let view = |list: &[Value]| {
        list.iter()
            .map(|x| object_view(args, x))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        view(o),
        view(t),
        "nlip -j {0} (left) differs from ip -j {0} (right)",
        args.join(" ")
    );
    assert_eq!(o.len(), t.len());
    t.len()
}

/// Every show nlip has, compared with ip; `route get` for several destinations.
fn all_shows_match() {
    assert_eq!(same_as_ip(&["link", "show"]), 10);
    assert_eq!(same_as_ip(&["-d", "link", "show"]), 10);
    for dev in ["lo", "v0", "v1", "v3", "br0", "mv0", "vx0", "ifb0", "tun0"] {
        assert_eq!(same_as_ip(&["link", "show", "dev", dev]), 1);
        assert_eq!(same_as_ip(&["-d", "link", "show", "dev", dev]), 1);
    }
    assert_eq!(same_as_ip(&["addr", "show"]), 10);
    for dev in ["lo", "v0", "br0", "tun0", "ifb0"] {
        assert_eq!(same_as_ip(&["addr", "show", "dev", dev]), 1);
    }
    assert_eq!(same_as_ip(&["route", "show"]), 5);
    assert_eq!(same_as_ip(&["-d", "route", "show"]), 5);
    for table in ["main", "local", "100", "100000", "254"] {
        assert!(same_as_ip(&["route", "show", "table", table]) > 0);
        assert!(same_as_ip(&["-d", "route", "show", "table", table]) > 0);
    }
    assert!(same_as_ip(&["route", "show", "table", "all"]) > 20);
    assert!(same_as_ip(&["-d", "route", "show", "table", "all"]) > 20);
    route_filters_match();
    for to in [
        "203.0.113.9",
        "10.1.0.1",
        "10.1.0.77",
        "198.18.3.4",
        "8.8.8.8",
        "192.168.7.1",
        "2001:db8::5",
        "2001:db8::1",
    ] {
        assert_eq!(same_as_ip(&["route", "get", to]), 1);
    }
    assert_eq!(same_as_ip(&["neigh", "show"]), 2);
    assert_eq!(same_as_ip(&["neigh", "show", "dev", "v0"]), 2);
    assert_eq!(same_as_ip(&["neigh", "show", "dev", "v1"]), 0);
}

/// `-4`, `-6` and `dev NAME`, alone and together, compared with ip.
fn route_filters_match() {
    assert_eq!(same_as_ip(&["-4", "route", "show"]), 5);
    assert_eq!(same_as_ip(&["-6", "route", "show"]), 1);
    for table in ["main", "100", "local", "all"] {
        for family in ["-4", "-6"] {
            same_as_ip(&[family, "route", "show", "table", table]);
            same_as_ip(&[family, "-d", "route", "show", "table", table]);
        }
    }
    assert_eq!(same_as_ip(&["-4", "route", "show", "table", "100000"]), 3);
    // Table 100000 has no IPv6 route, so no IPv6 table: the kernel refuses the dump.
    let r = nlip(&["-6", "route", "show", "table", "100000"]);
    assert_eq!(r.code, 2);
    let theirs = ip_fails(&["-6", "route", "show", "table", "100000"]);
    assert!(
        theirs.starts_with(r.stderr.trim_end()),
        "{} / {theirs}",
        r.stderr
    );
    let all = same_as_ip(&["route", "show", "table", "all"]);
    assert!(same_as_ip(&["-4", "route", "show", "table", "all"]) < all);
    assert!(same_as_ip(&["-6", "route", "show", "table", "all"]) < all);
    assert_eq!(same_as_ip(&["route", "show", "dev", "v0"]), 4);
    assert_eq!(same_as_ip(&["-d", "route", "show", "dev", "v0"]), 4);
    assert_eq!(same_as_ip(&["-6", "route", "show", "dev", "v0"]), 1);
    assert_eq!(same_as_ip(&["route", "show", "dev", "br0"]), 1);
    // Table 100000's multipath route has hops through v0 but no device of its own: the
    // kernel's filter passes it, ip (and nlip) leave it out.
    assert_eq!(
        same_as_ip(&["route", "show", "table", "100000", "dev", "v0"]),
        0
    );
    let v0 = same_as_ip(&["route", "show", "table", "all", "dev", "v0"]);
    assert!(v0 > 4 && v0 < all, "{v0} of {all}");
    same_as_ip(&["-6", "-d", "route", "show", "dev", "v0", "table", "all"]);
    same_as_ip(&["route", "show", "dev", "lo", "table", "local"]);
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[test]
fn every_show_equals_ip_on_the_listed_fields() {
    fixture();
    // The fixture has what the comparisons are about.
    let t = ip_json(&["route", "show", "table", "100000"]);
    assert!(t
        .as_array()
        .unwrap()
        .iter()
        .any(|r| member(r, "nexthops").is_some()));
    assert!(ip_json(&["link", "show", "dev", "v3"])[0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f.as_str() == Some("M-DOWN")));
    all_shows_match();
}

#[test]
fn text_output_is_one_line_per_object() {
    fixture();
    let count = |args: &[&str]| nlip_ok(args).lines().count();
    assert_eq!(count(&["link", "show"]), 10);
    assert_eq!(count(&["route", "show", "table", "100000"]), 3);
    assert_eq!(count(&["neigh", "show"]), 2);
    let links = nlip_ok(&["link", "show"]);
    assert!(
        links.contains("3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 "),
        "{links}"
    );
    let routes = nlip_ok(&["route", "show", "table", "100000"]);
    assert!(routes.contains("unreachable 198.51.101.0/24"), "{routes}");
    assert!(
        routes.contains("prohibit 198.51.102.0/24 proto static"),
        "{routes}"
    );
    let neigh = nlip_ok(&["neigh", "show", "dev", "v0"]);
    assert!(
        neigh.contains("10.1.0.9 lladdr 02:11:22:33:44:55 PERMANENT"),
        "{neigh}"
    );
}

/// The link `name` as `ip -j -d link show` has it.
fn ip_link(name: &str) -> Value {
    ip_json(&["-d", "link", "show", "dev", name])[0].clone()
}

fn flags(link: &Value) -> Vec<String> {
    link["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn link_changes_by_nlip_are_seen_by_ip() {
    fixture();
    nlip_ok(&["link", "add", "n0", "type", "veth", "peer", "name", "n1"]);
    nlip_ok(&["link", "add", "nbr", "type", "bridge"]);
    nlip_ok(&["link", "add", "nifb", "type", "ifb"]);
    nlip_ok(&[
        "link", "add", "nmv", "type", "macvlan", "link", "n0", "mode", "bridge",
    ]);
    nlip_ok(&[
        "link", "add", "nvx", "type", "vxlan", "id", "4242", "dstport", "4790", "dev", "n0",
    ]);
    let n0 = ip_link("n0");
    assert_eq!(n0["linkinfo"]["info_kind"].as_str(), Some("veth"));
    assert_eq!(n0["link"].as_str(), Some("n1"));
    assert_eq!(
        ip_link("nbr")["linkinfo"]["info_kind"].as_str(),
        Some("bridge")
    );
    assert_eq!(
        ip_link("nifb")["linkinfo"]["info_kind"].as_str(),
        Some("ifb")
    );
    let mv = ip_link("nmv");
    assert_eq!(mv["linkinfo"]["info_data"]["mode"].as_str(), Some("bridge"));
    assert_eq!(mv["link"].as_str(), Some("n0"));
    let vx = ip_link("nvx");
    let data = &vx["linkinfo"]["info_data"];
    assert_eq!(data["id"].as_i64(), Some(4242));
    assert_eq!(data["port"].as_i64(), Some(4790));
    assert_eq!(data["link"].as_str(), Some("n0"));

    // Set: everything at once, then each alone.
    nlip_ok(&[
        "link",
        "set",
        "dev",
        "n1",
        "mtu",
        "1400",
        "up",
        "txqueuelen",
        "77",
    ]);
    let n1 = ip_link("n1");
    assert_eq!(n1["mtu"].as_i64(), Some(1400));
    assert_eq!(n1["txqlen"].as_i64(), Some(77));
    assert!(flags(&n1).contains(&"UP".to_owned()));
    nlip_ok(&["link", "set", "dev", "n1", "address", "02:00:00:00:00:42"]);
    assert_eq!(ip_link("n1")["address"].as_str(), Some("02:00:00:00:00:42"));
    nlip_ok(&["link", "set", "dev", "n1", "master", "nbr"]);
    assert_eq!(ip_link("n1")["master"].as_str(), Some("nbr"));
    nlip_ok(&["link", "set", "dev", "n1", "nomaster"]);
    assert!(member(&ip_link("n1"), "master").is_none());
    // Down clears IFF_UP alone: every other flag stays.
    let before = flags(&ip_link("n1"));
    nlip_ok(&["link", "set", "dev", "n1", "down"]);
    let after = flags(&ip_link("n1"));
    assert!(!after.contains(&"UP".to_owned()));
    for f in before
        .iter()
        .filter(|f| !["UP", "LOWER_UP", "NO-CARRIER", "M-DOWN"].contains(&f.as_str()))
    {
        assert!(after.contains(f), "{f} lost: {before:?} -> {after:?}");
    }
    nlip_ok(&["link", "set", "dev", "n1", "name", "n1new"]);
    assert_eq!(ip_link("n1new")["ifname"].as_str(), Some("n1new"));
    assert_eq!(ip_link("n0")["link"].as_str(), Some("n1new"));

    // Delete: a veth takes its peer with it.
    for name in ["nvx", "nmv", "nifb", "nbr", "n0"] {
        nlip_ok(&["link", "del", "dev", name]);
    }
    let names: Vec<_> = ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["ifname"].as_str().map(str::to_owned))
        .collect();
    assert!(!names.iter().any(|n| n.starts_with('n')), "{names:?}");
    settle();
    all_shows_match();
}

/// The address of `dev` whose `local` is `local`, as `ip -j addr` shows it.
fn ip_addr(dev: &str, local: &str) -> Option<Value> {
    ip_json(&["addr", "show", "dev", dev])[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["local"].as_str() == Some(local))
        .cloned()
}

/// The route to `dst` among those `ip -j ARGS` shows.
fn ip_route(args: &[&str], dst: &str) -> Option<Value> {
    ip_json(args)
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dst"].as_str() == Some(dst))
        .cloned()
}

/// The neighbour `dst` of v0, as `ip -j neigh` shows it.
fn ip_neigh(dst: &str) -> Option<Value> {
    ip_json(&["neigh", "show", "dev", "v0"])
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["dst"].as_str() == Some(dst))
        .cloned()
}

#[test]
fn address_adds_replaces_and_deletes_by_nlip_are_seen_by_ip() {
    fixture();
    nlip_ok(&["addr", "add", "10.7.0.1/24", "dev", "v0"]);
    nlip_ok(&["addr", "add", "2001:db8:7::1/64", "dev", "v0", "nodad"]);
    let a = ip_addr("v0", "10.7.0.1").expect("added");
    assert_eq!(a["prefixlen"].as_i64(), Some(24));
    assert!(ip_addr("v0", "2001:db8:7::1").is_some());
    // Replace changes an existing address (where add says EEXIST) and adds a missing one.
    assert_eq!(nlip(&["addr", "add", "10.7.0.1/24", "dev", "v0"]).code, 2);
    nlip_ok(&["addr", "replace", "10.7.0.1/24", "dev", "v0"]);
    nlip_ok(&[
        "addr",
        "replace",
        "10.7.0.2/24",
        "dev",
        "v0",
        "label",
        "v0:seven",
    ]);
    assert!(ip_addr("v0", "10.7.0.1").is_some());
    let seven = ip_addr("v0", "10.7.0.2").expect("replace adds");
    assert_eq!(seven["label"].as_str(), Some("v0:seven"));
    nlip_ok(&["addr", "del", "10.7.0.2/24", "dev", "v0"]);
    nlip_ok(&["addr", "del", "10.7.0.1/24", "dev", "v0"]);
    nlip_ok(&["addr", "del", "2001:db8:7::1/64", "dev", "v0"]);
    assert!(ip_addr("v0", "10.7.0.1").is_none() && ip_addr("v0", "2001:db8:7::1").is_none());
    all_shows_match();
}

/// Routes in main and tables 100 and 100000, of every type, with a protocol, metric, IPv6
/// gateway or several paths.
#[test]
fn route_adds_replaces_and_deletes_by_nlip_are_seen_by_ip() {
    fixture();
    nlip_ok(&[
        "route",
        "add",
        "198.51.110.0/24",
        "via",
        "10.1.0.2",
        "metric",
        "7",
        "proto",
        "static",
    ]);
    let r = ip_route(&["route", "show"], "198.51.110.0/24").expect("added");
    assert_eq!(r["gateway"].as_str(), Some("10.1.0.2"));
    assert_eq!(r["metric"].as_i64(), Some(7));
    assert_eq!(r["protocol"].as_str(), Some("static"));
    nlip_ok(&[
        "route",
        "replace",
        "198.51.110.0/24",
        "via",
        "10.1.0.3",
        "metric",
        "7",
    ]);
    let r = ip_route(&["route", "show"], "198.51.110.0/24").unwrap();
    assert_eq!(r["gateway"].as_str(), Some("10.1.0.3"));
    nlip_ok(&[
        "route",
        "add",
        "198.51.111.0/24",
        "dev",
        "v0",
        "table",
        "100000",
        "proto",
        "99",
    ]);
    let r = ip_route(&["route", "show", "table", "100000"], "198.51.111.0/24").unwrap();
    assert_eq!(r["dev"].as_str(), Some("v0"));
    assert_eq!(r["protocol"].as_str(), Some("openr"));
    for (ty, dst) in [
        ("blackhole", "198.51.112.0/24"),
        ("unreachable", "198.51.113.0/24"),
        ("prohibit", "198.51.114.0/24"),
    ] {
        nlip_ok(&["route", "add", dst, "table", "100", "type", ty]);
        let r = ip_route(&["route", "show", "table", "100"], dst).unwrap();
        assert_eq!(r["type"].as_str(), Some(ty));
        nlip_ok(&["route", "del", dst, "table", "100"]);
        assert!(ip_route(&["route", "show", "table", "100"], dst).is_none());
    }
    nlip_ok(&[
        "route",
        "add",
        "2001:db8:5::/64",
        "via",
        "2001:db8::2",
        "table",
        "100",
    ]);
    assert!(ip_route(&["-6", "route", "show", "table", "100"], "2001:db8:5::/64").is_some());
    nlip_ok(&[
        "route",
        "add",
        "198.51.115.0/24",
        "table",
        "100000",
        "nexthop",
        "via",
        "10.1.0.2",
        "dev",
        "v0",
        "nexthop",
        "via",
        "10.1.0.3",
        "dev",
        "v0",
        "weight",
        "3",
    ]);
    let r = ip_route(&["route", "show", "table", "100000"], "198.51.115.0/24").unwrap();
    let hops = r["nexthops"].as_array().unwrap();
    assert_eq!(hops.len(), 2);
    assert_eq!(hops[1]["gateway"].as_str(), Some("10.1.0.3"));
    assert_eq!(hops[1]["weight"].as_i64(), Some(3));
    nlip_ok(&["route", "del", "default"]);
    assert!(ip_route(&["route", "show"], "default").is_none());
    nlip_ok(&["route", "add", "default", "via", "10.1.0.253"]);
    assert_eq!(
        ip_route(&["route", "show"], "default").unwrap()["gateway"].as_str(),
        Some("10.1.0.253")
    );
    for (dst, table) in [
        ("198.51.110.0/24", "main"),
        ("198.51.111.0/24", "100000"),
        ("198.51.115.0/24", "100000"),
    ] {
        nlip_ok(&["route", "del", dst, "table", table]);
        assert!(ip_route(&["route", "show", "table", table], dst).is_none());
    }
    nlip_ok(&["route", "del", "2001:db8:5::/64", "table", "100"]);

    all_shows_match();
}

/// Routes with metrics (locked too), a congestion control algorithm, TOS, onlink, a source
/// prefix, a preference and an expiry, each made by `ip`, then by nlip with the same words:
/// `ip -j -d` shows the two alike (the seconds left before expiry aside), and nlip deletes
/// them by the words that name them.
#[test]
fn routes_with_every_route_setting_by_nlip_are_as_ip_makes_them() {
    fixture();
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &[
                "198.51.120.0/24",
                "via",
                "10.1.0.2",
                "mtu",
                "lock",
                "1400",
                "advmss",
                "1360",
                "hoplimit",
                "30",
                "initcwnd",
                "10",
                "initrwnd",
                "20",
                "window",
                "65535",
                "ssthresh",
                "100",
                "cwnd",
                "12",
                "reordering",
                "5",
                "quickack",
                "1",
                "fastopen_no_cookie",
                "1",
                "congctl",
                "lock",
                "reno",
            ],
            &["198.51.120.0/24"],
        ),
        (
            &["198.51.121.0/24", "via", "10.1.0.2", "tos", "0x10"],
            &["198.51.121.0/24", "tos", "0x10"],
        ),
        (
            &["198.51.122.0/24", "via", "10.9.9.9", "dev", "v0", "onlink"],
            &["198.51.122.0/24"],
        ),
        (
            &[
                "2001:db8:7::/64",
                "from",
                "2001:db8:8::/64",
                "via",
                "2001:db8::2",
            ],
            &["2001:db8:7::/64", "from", "2001:db8:8::/64"],
        ),
        (
            &["2001:db8:9::/64", "via", "2001:db8::2", "pref", "high"],
            &["2001:db8:9::/64"],
        ),
        (
            &["2001:db8:a::/64", "via", "2001:db8::2", "expires", "300"],
            &["2001:db8:a::/64"],
        ),
    ];
    // The route to `dst` as `ip -j -d` shows it, and as its text shows it (`ip -j` leaves
    // out which metrics are locked), the seconds left before its expiry left out of both.
    let shown = |dst: &str| {
        let family = if dst.contains(':') { "-6" } else { "-4" };
        let mut r = ip_route(&["-d", family, "route", "show", "table", "all"], dst)?;
        if let Some(left) = r.get_mut("expires") {
            *left = Value::Bool(true);
        }
        let text = ip(&[family, "route", "show", "table", "all", dst]);
        let mut words: Vec<&str> = text.split_whitespace().collect();
        if let Some(i) = words.iter().position(|w| *w == "expires") {
            words.remove(i + 1);
        }
        Some((r, words.join(" ")))
    };
    for (add, del) in cases {
        let dst = add[0];
        let mut ip_args = vec!["route", "add"];
        ip_args.extend_from_slice(add);
        ip(&ip_args);
        let by_ip = shown(dst).expect("ip made it");
        ip(&[&["route", "del"][..], del].concat());
        assert!(shown(dst).is_none(), "{dst}: ip deleted it");
        nlip_ok(&ip_args);
        assert_eq!(shown(dst), Some(by_ip), "{add:?}: as ip made it");
        nlip_ok(&[&["route", "del"][..], del].concat());
        assert!(shown(dst).is_none(), "{dst}: nlip deleted it");
    }
}

#[test]
fn neighbour_adds_replaces_and_deletes_by_nlip_are_seen_by_ip() {
    fixture();
    nlip_ok(&[
        "neigh",
        "add",
        "10.1.0.20",
        "lladdr",
        "02:aa:bb:cc:dd:01",
        "dev",
        "v0",
    ]);
    nlip_ok(&[
        "neigh",
        "add",
        "2001:db8::20",
        "lladdr",
        "02:aa:bb:cc:dd:02",
        "dev",
        "v0",
    ]);
    let n = ip_neigh("10.1.0.20").expect("added");
    assert_eq!(n["lladdr"].as_str(), Some("02:aa:bb:cc:dd:01"));
    assert_eq!(n["state"][0].as_str(), Some("PERMANENT"));
    assert!(ip_neigh("2001:db8::20").is_some());
    nlip_ok(&[
        "neigh",
        "replace",
        "10.1.0.20",
        "lladdr",
        "02:aa:bb:cc:dd:03",
        "dev",
        "v0",
    ]);
    assert_eq!(
        ip_neigh("10.1.0.20").unwrap()["lladdr"].as_str(),
        Some("02:aa:bb:cc:dd:03")
    );
    nlip_ok(&[
        "neigh",
        "replace",
        "10.1.0.21",
        "lladdr",
        "02:aa:bb:cc:dd:04",
        "dev",
        "v0",
    ]);
    assert!(ip_neigh("10.1.0.21").is_some(), "replace adds when absent");
    for dst in ["10.1.0.20", "10.1.0.21", "2001:db8::20"] {
        nlip_ok(&["neigh", "del", dst, "dev", "v0"]);
        assert!(ip_neigh(dst).is_none());
    }
    // Flags, and a proxy entry, as ip takes them.
    nlip_ok(&[
        "neigh",
        "add",
        "2001:db8::22",
        "lladdr",
        "02:aa:bb:cc:dd:05",
        "dev",
        "v0",
        "router",
        "extern_learn",
    ]);
    let n = ip_neigh("2001:db8::22").expect("added");
    assert!(
        n.get("router").is_some() && n.get("extern_learn").is_some(),
        "{n}"
    );
    let proxies = || ip_json(&["neigh", "show", "proxy"]);
    nlip_ok(&["neigh", "add", "proxy", "10.1.0.23", "dev", "v0"]);
    assert_eq!(proxies()[0]["dst"].as_str(), Some("10.1.0.23"));
    assert!(
        ip_neigh("10.1.0.23").is_none(),
        "a proxy entry is not a neighbour"
    );
    nlip_ok(&["neigh", "del", "proxy", "10.1.0.23", "dev", "v0"]);
    assert_eq!(proxies(), serde_json::json!([]));
    nlip_ok(&["neigh", "del", "2001:db8::22", "dev", "v0"]);
    all_shows_match();
}

#[test]
fn changes_made_with_ip_are_seen_by_nlip() {
    fixture();
    let ours = |args: &[&str]| nlip_json(args);
    ip(&["link", "set", "dev", "ifb0", "mtu", "1234"]);
    assert_eq!(
        ours(&["link", "show", "dev", "ifb0"])[0]["mtu"].as_i64(),
        Some(1234)
    );
    ip(&["link", "set", "dev", "mv0", "name", "mvx"]);
    assert_eq!(
        ours(&["link", "show", "dev", "mvx"])[0]["link"].as_str(),
        Some("v0")
    );
    ip(&["link", "set", "dev", "v3", "master", "br0"]);
    assert_eq!(
        ours(&["link", "show", "dev", "v3"])[0]["master"].as_str(),
        Some("br0")
    );
    ip(&[
        "link", "add", "vx9", "type", "vxlan", "id", "9", "dstport", "4789",
    ]);
    let vx = ours(&["-d", "link", "show", "dev", "vx9"]);
    assert_eq!(
        member(&vx[0], "linkinfo.info_kind").and_then(Value::as_str),
        Some("vxlan")
    );
    ip(&["addr", "add", "172.16.5.1/16", "brd", "+", "dev", "ifb0"]);
    let a = ours(&["addr", "show", "dev", "ifb0"]);
    let info = &a[0]["addr_info"][0];
    assert_eq!(info["local"].as_str(), Some("172.16.5.1"));
    assert_eq!(info["broadcast"].as_str(), Some("172.16.255.255"));
    ip(&[
        "route",
        "add",
        "blackhole",
        "10.200.0.0/16",
        "table",
        "4000000000",
    ]);
    let r = ours(&["route", "show", "table", "4000000000"]);
    assert_eq!(r[0]["type"].as_str(), Some("blackhole"));
    let all = ours(&["route", "show", "table", "all"]);
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["table"].as_str() == Some("4000000000")));
    ip(&[
        "route",
        "replace",
        "203.0.113.0/24",
        "via",
        "10.1.0.3",
        "metric",
        "50",
    ]);
    let main = ours(&["route", "show"]);
    assert!(main
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["gateway"].as_str() == Some("10.1.0.3")));
    ip(&[
        "neigh",
        "replace",
        "10.1.0.9",
        "lladdr",
        "02:11:22:33:44:99",
        "dev",
        "v0",
    ]);
    // IPv6 gateways of IPv4 routes (RTA_VIA), alone and in a path.
    ip(&[
        "route",
        "add",
        "100.64.1.0/24",
        "via",
        "inet6",
        "fe80::1",
        "dev",
        "v0",
    ]);
    ip_batch(
        "route add 100.64.2.0/24 nexthop via inet6 fe80::2 dev v0 nexthop via 10.1.0.7 dev v0\n",
    );
    let via = |host: &str| serde_json::json!({"family": "inet6", "host": host});
    let theirs = ip_json(&["route", "show"]);
    for r in [ours(&["route", "show"]), theirs] {
        let r = r.as_array().unwrap();
        let one = r.iter().find(|r| r["dst"] == "100.64.1.0/24").unwrap();
        assert_eq!(one["via"], via("fe80::1"), "{one}");
        let two = r.iter().find(|r| r["dst"] == "100.64.2.0/24").unwrap();
        assert_eq!(two["nexthops"][0]["via"], via("fe80::2"), "{two}");
        assert_eq!(two["nexthops"][1]["gateway"], "10.1.0.7", "{two}");
    }
    let n = ours(&["neigh", "show", "dev", "v0"]);
    assert_eq!(n[0]["lladdr"].as_str(), Some("02:11:22:33:44:99"));
    ip(&["neigh", "del", "2001:db8::9", "dev", "v0"]);
    assert_eq!(ours(&["neigh", "show"]).as_array().unwrap().len(), 1);
    ip(&["link", "del", "dev", "vx9"]);
    assert_eq!(ours(&["link", "show"]).as_array().unwrap().len(), 10);
    all_shows_match_after_ip_changes();
}

/// The comparisons that stay meaningful after `changes_made_with_ip_are_seen_by_nlip`.
fn all_shows_match_after_ip_changes() {
    for args in [
        &["link", "show"][..],
        &["-d", "link", "show"],
        &["addr", "show"],
        &["route", "show"],
        &["route", "show", "table", "all"],
        &["-d", "route", "show", "table", "all"],
        &["neigh", "show"],
    ] {
        same_as_ip(args);
    }
}

/// Asserts that nlip refuses `args` with exit status 2 and prints what ip prints for the same
/// command: the kernel's text as `Error: <text>.`, or, where the kernel sent none (ip then
/// says `RTNETLINK answers: <errno text>`), `Error: <errno text>`. Returns nlip's message.
fn fails_like_ip(args: &[&str]) -> String {
    let r = nlip(args);
    assert_eq!(r.code, 2, "nlip {}: {}", args.join(" "), r.stderr);
    let theirs = ip_fails(args);
    let want = match theirs.strip_prefix("RTNETLINK answers: ") {
        Some(errno_text) => format!("Error: {errno_text}"),
        None => theirs,
    };
    assert_eq!(r.stderr, want, "nlip {}", args.join(" "));
    r.stderr
}

#[test]
fn errors_are_the_kernels_text_with_exit_status_2() {
    fixture();
    // An existing address, create-only: EEXIST, with the kernel's text.
    let e = fails_like_ip(&["addr", "add", "10.1.0.1/24", "dev", "v0"]);
    assert!(e.starts_with("Error: ") && e.contains("ssigned"), "{e}");
    // An existing neighbour and link, create-only: EEXIST.
    let e = fails_like_ip(&[
        "neigh",
        "add",
        "10.1.0.9",
        "lladdr",
        "02:11:22:33:44:55",
        "dev",
        "v0",
    ]);
    assert_eq!(e, "Error: File exists\n");
    fails_like_ip(&["link", "add", "v0", "type", "bridge"]);

    // A missing route, IPv4 and IPv6: what the kernel says (ESRCH).
    let e = fails_like_ip(&["route", "del", "198.51.199.0/24"]);
    assert_eq!(e, "Error: No such process\n");
    fails_like_ip(&["route", "del", "2001:db8:99::/64"]);
    // The blackhole route of table 100 is not an unreachable one (ip's way of giving a type).
    fails_like_ip(&[
        "route",
        "del",
        "unreachable",
        "198.51.100.0/24",
        "table",
        "100",
    ]);
    // A missing address, neighbour.
    fails_like_ip(&["addr", "del", "10.9.9.9/24", "dev", "v0"]);
    let e = fails_like_ip(&["neigh", "del", "10.1.0.99", "dev", "v0"]);
    assert_eq!(e, "Error: No such file or directory\n");

    // MTU 10 on a veth: the kernel's minimum-MTU text.
    let e = fails_like_ip(&["link", "set", "dev", "v0", "mtu", "10"]);
    assert!(e.contains("minimum"), "{e}");
    assert_eq!(ip_link("v0")["mtu"].as_i64(), Some(1500));

    // An unreachable gateway; a lookup with no route.
    fails_like_ip(&["route", "add", "198.51.120.0/24", "via", "172.31.0.1"]);
    ip(&["route", "del", "default"]);
    let e = fails_like_ip(&["route", "get", "8.8.8.8"]);
    assert_eq!(e, "Error: Network is unreachable\n");

    // What nlip refuses itself: exit status 1, nothing sent.
    assert_eq!(nlip(&["link", "set", "dev", "nosuch", "up"]).code, 1);
    assert_eq!(nlip(&["addr", "add", "10.1.0.300/24", "dev", "v0"]).code, 1);
    assert_eq!(
        nlip(&["route", "add", "198.51.120.0/24", "proto", "nosuch"]).code,
        1
    );
    assert_eq!(nlip(&["frobnicate"]).code, 1);
    // An unknown device in a filter: ip's complaint and exit status.
    let r = nlip(&["route", "show", "dev", "nosuch"]);
    let theirs = run(Command::new("ip").args(["route", "show", "dev", "nosuch"]));
    assert_eq!((r.code, &r.stderr), (theirs.code, &theirs.stderr));
    assert_eq!(nlip(&["-6", "link", "show"]).code, 1);
    all_shows_match_after_ip_changes();
}

/// Commands run under the sanitizers and valgrind: every show, every kind of change.
const CLEAN_RUNS: &[&[&str]] = &[
    &["-j", "-d", "link", "show"],
    &["link", "show", "dev", "v0"],
    &["-j", "addr", "show"],
    &["addr", "show"],
    &["-j", "-d", "route", "show", "table", "all"],
    &["route", "show", "table", "100000"],
    &["-j", "-6", "route", "show", "table", "all", "dev", "v0"],
    &["-j", "route", "get", "203.0.113.1"],
    &["-j", "neigh", "show"],
    &["link", "add", "s0", "type", "veth", "peer", "name", "s1"],
    &[
        "link",
        "set",
        "dev",
        "s0",
        "mtu",
        "1300",
        "up",
        "address",
        "02:00:00:00:01:01",
    ],
    &["addr", "add", "10.77.0.1/24", "dev", "s0"],
    &[
        "route",
        "add",
        "10.78.0.0/16",
        "via",
        "10.77.0.2",
        "table",
        "100000",
    ],
    &[
        "route",
        "add",
        "10.79.0.0/16",
        "table",
        "5",
        "nexthop",
        "via",
        "10.77.0.2",
        "dev",
        "s0",
        "nexthop",
        "via",
        "10.77.0.3",
        "dev",
        "s0",
    ],
    &[
        "neigh",
        "replace",
        "10.77.0.9",
        "lladdr",
        "02:00:00:00:01:09",
        "dev",
        "s0",
    ],
    &["link", "del", "dev", "s0"],
];

/// Runs `CLEAN_RUNS` and two refusals with `run`, which must report no error of its tool.
fn runs_clean(what: &str, run: impl Fn(&[&str]) -> Run) {
    for args in CLEAN_RUNS {
        let r = run(args);
        assert_eq!(r.code, 0, "{what} nlip {}: {}", args.join(" "), r.stderr);
        assert!(r.stderr.is_empty(), "{what}: {}", r.stderr);
    }
    for args in [
        &["link", "set", "dev", "v0", "mtu", "10"][..],
        &["addr", "add", "10.1.0.1/24", "dev", "v0"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{what} nlip {}: {}", args.join(" "), r.stderr);
    }
}

#[test]
fn runs_clean_under_address_and_undefined_sanitizers() {
    fixture();
    runs_clean("sanitized", |args| nlip_run(true, args));
}

#[test]
fn runs_clean_under_valgrind() {
    let have = Command::new("valgrind").arg("--version").output().is_ok();
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "valgrind is required under CI"
        );
        eprintln!("valgrind not installed: skipped here (required under CI)");
        return;
    }
    fixture();
    runs_clean("valgrind", |args| {
        let r = run(Command::new("valgrind")
            .args([
                "--error-exitcode=99",
                "--leak-check=full",
                "--errors-for-leak-kinds=definite",
                "--quiet",
            ])
            .arg(nlip_bin(false))
            .args(args));
        assert_ne!(r.code, 99, "valgrind found errors: {}", r.stderr);
        r
    });
}
