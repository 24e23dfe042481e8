//! `nlynl` (c-examples/nlynl.c) with the built-in descriptions of `specs/`, against the real
//! kernel, with the usual tools as oracles: `ip rule`, `ip mptcp`, `ethtool`, `ip link`,
//! `genl ctrl list` and `ss`. Every check runs in a private network namespace of its own
//! (children inherit the test thread's namespace); nlynl runs as built. The checks its C++
//! twin goes through too (`tests/cpp_header.rs`) are in `common::examples`, run here first.
//!
//! Needs make, gcc, iproute2 (ip, genl, ss) and ethtool.

mod common;

use common::cbuild::Mode;
use common::examples::{
    check_nlynl_bad_arguments, check_nlynl_check, check_nlynl_ethtool_errors, check_nlynl_lists,
    check_nlynl_netdev_dev_get, check_nlynl_notifications, check_nlynl_rule_dump,
    check_nlynl_rules_added, ethtool_header, notifications, number, Nlynl,
};
use common::genl_ctrl::{genl_ctrl_list, Printed};
use common::{ifindex, in_netns, ip, veth};

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{Ipv4Addr, Ipv6Addr, TcpListener, UdpSocket};
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// Running nlynl.

/// nlynl as built (its runs under valgrind and the sanitizers are `tests/engine_kernel.rs`'s).
const NLYNL: Nlynl = Nlynl {
    mode: Mode::Plain,
    name: "nlynl",
};

// ---------------------------------------------------------------------------------------------
// The checks shared with the C++ twin (`common::examples`).

#[test]
fn bad_usage_exits_2() {
    check_nlynl_bad_arguments(NLYNL);
}

#[test]
fn lists_families_and_operations() {
    check_nlynl_lists(NLYNL);
}

#[test]
fn rule_dump_equals_ip_rule() {
    in_netns(|| check_nlynl_rule_dump(NLYNL));
}

#[test]
fn rules_added_with_nlynl_are_seen_by_ip_and_back() {
    in_netns(|| check_nlynl_rules_added(NLYNL));
}

#[test]
fn netdev_dev_get_lists_every_ifindex() {
    in_netns(|| check_nlynl_netdev_dev_get(NLYNL));
}

#[test]
fn ethtool_errors_name_the_attribute() {
    in_netns(|| check_nlynl_ethtool_errors(NLYNL));
}

#[test]
fn check_agrees_for_builtin_genl_families_and_names_planted_mistakes() {
    in_netns(|| check_nlynl_check(NLYNL));
}

#[test]
fn notifications_of_rules_and_links_decode_by_name() {
    in_netns(|| check_nlynl_notifications(NLYNL));
}

// ---------------------------------------------------------------------------------------------
// Oracles and values.

/// `ip -j ARGS`, parsed.
fn ip_j(args: &[&str]) -> Value {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    serde_json::from_str(&ip(&full)).expect("ip -j prints JSON")
}

/// Runs `tool ARGS` and returns its stdout, or its stderr as the error when it fails.
fn tool(tool: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {tool} (is it installed? see .ci/run): {e}"));
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).expect("UTF-8"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn tool_ok(name: &str, args: &[&str]) -> String {
    tool(name, args).unwrap_or_else(|e| panic!("{name} {} failed: {e}", args.join(" ")))
}

/// The names of a flags value the engine printed as a list of names.
fn flag_names(v: &Value) -> BTreeSet<String> {
    match v {
        Value::Null => BTreeSet::new(),
        Value::Array(a) => a
            .iter()
            .map(|n| n.as_str().expect("flag name").to_owned())
            .collect(),
        other => panic!("not a list of flag names: {other}"),
    }
}

/// The interface name of `index` in this namespace.
fn ifname(index: u64) -> String {
    let links = ip_j(&["link", "show"]);
    links
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["ifindex"].as_u64() == Some(index))
        .and_then(|l| l["ifname"].as_str())
        .unwrap_or_else(|| panic!("no link {index}"))
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// mptcp_pm.

/// The endpoint flags of linux/mptcp.h by bit, as iproute2 names them. The kernel's
/// description (and so the built-in one) gives `flags` as a plain u32.
const MPTCP_FLAGS: [&str; 6] = [
    "signal", "subflow", "backup", "fullmesh", "implicit", "laminar",
];

/// The u32 `flags` of an endpoint with the named bits.
fn mptcp_flags(names: &[&str]) -> u32 {
    names
        .iter()
        .map(|n| 1 << MPTCP_FLAGS.iter().position(|f| f == n).expect(n))
        .sum()
}

/// An IPv4 address as the kernel's description gives `addr4`: a big-endian u32, no display
/// hint, so a number.
fn addr4(a: &str) -> u32 {
    a.parse::<Ipv4Addr>().expect("address").into()
}

/// An endpoint as nlynl prints it, in the shape of `ip -j mptcp endpoint show`.
fn nlynl_endpoint_view(msg: &Value) -> Value {
    let a = &msg["addr"];
    let mut o = serde_json::Map::new();
    let address = match (a.get("addr4"), a.get("addr6").and_then(Value::as_str)) {
        (Some(v4), _) => Ipv4Addr::from(number(v4) as u32).to_string(),
        (None, Some(hex)) => {
            let bytes: Vec<u8> = (0..16)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex"))
                .collect();
            Ipv6Addr::from(<[u8; 16]>::try_from(bytes).expect("16 bytes")).to_string()
        }
        other => panic!("no address: {other:?}"),
    };
    o.insert("address".into(), json!(address));
    // The kernel sends port 0 for none; iproute2 prints a port only when there is one.
    if let Some(port) = a.get("port").filter(|p| **p != 0) {
        o.insert("port".into(), port.clone());
    }
    o.insert("id".into(), a["id"].clone());
    let flags = a.get("flags").map_or(0, number);
    for (bit, flag) in MPTCP_FLAGS.iter().enumerate() {
        if flags & 1 << bit != 0 {
            o.insert((*flag).into(), json!(true));
        }
    }
    if let Some(idx) = a.get("if-idx").and_then(Value::as_u64).filter(|i| *i != 0) {
        o.insert("dev".into(), json!(ifname(idx)));
    }
    Value::Object(o)
}

fn endpoints_by_id(list: Vec<Value>) -> BTreeMap<u64, Value> {
    list.into_iter()
        .map(|e| (e["id"].as_u64().expect("id"), e))
        .collect()
}

fn ip_endpoints() -> BTreeMap<u64, Value> {
    endpoints_by_id(
        ip_j(&["mptcp", "endpoint", "show"])
            .as_array()
            .unwrap()
            .clone(),
    )
}

fn nlynl_endpoints() -> BTreeMap<u64, Value> {
    endpoints_by_id(
        NLYNL
            .dump("mptcp_pm", "get-addr", None)
            .iter()
            .map(nlynl_endpoint_view)
            .collect(),
    )
}

/// `ip mptcp limits show` (iproute2 6.1 prints it as text even with -j): the two numbers.
fn ip_limits() -> (u64, u64) {
    let text = ip(&["mptcp", "limits", "show"]);
    let words: Vec<&str> = text.split_whitespace().collect();
    let get = |key: &str| -> u64 {
        let at = words.iter().position(|w| *w == key).expect(key);
        words[at + 1].parse().expect("number")
    };
    (get("add_addr_accepted"), get("subflows"))
}

#[test]
fn mptcp_endpoints_and_limits_equal_ip_mptcp() {
    in_netns(|| {
        veth("mp0", "mp1");
        let idx = ifindex("mp0");
        ip(&["addr", "add", "10.0.0.4/32", "dev", "mp0"]);
        let requests = [
            json!({"addr": {"family": 2, "addr4": addr4("10.0.0.1"), "id": 5,
                            "flags": mptcp_flags(&["signal"]), "if-idx": idx}}),
            json!({"addr": {"family": 2, "addr4": addr4("10.0.0.3"), "id": 6,
                            "flags": mptcp_flags(&["subflow", "backup"])}}),
            json!({"addr": {"family": 10, "addr6": "20010db8000000000000000000000001", "id": 9,
                            "flags": mptcp_flags(&["subflow", "fullmesh"]), "if-idx": idx}}),
            // The port is in host order (the kernel's own description says so too). A signal
            // endpoint with a port listens on it, so its address is one of the namespace's.
            json!({"addr": {"family": 2, "addr4": addr4("10.0.0.4"), "id": 10, "port": 1234,
                            "flags": mptcp_flags(&["signal"])}}),
        ];
        for r in &requests {
            assert!(NLYNL.do_op("mptcp_pm", "add-addr", r).is_empty());
        }
        let ours = nlynl_endpoints();
        assert_eq!(ours.len(), 4, "{ours:#?}");
        assert_eq!(
            ours[&5],
            json!({"address": "10.0.0.1", "id": 5, "signal": true, "dev": "mp0"})
        );
        assert_eq!(
            ours[&10],
            json!({"address": "10.0.0.4", "port": 1234, "id": 10, "signal": true})
        );
        assert_eq!(ours, ip_endpoints());

        // The reverse, and a deletion by id.
        ip(&["mptcp", "endpoint", "add", "10.0.0.7", "id", "12", "signal"]);
        assert!(NLYNL
            .do_op("mptcp_pm", "del-addr", &json!({"addr": {"id": 6}}))
            .is_empty());
        let ours = nlynl_endpoints();
        assert!(
            ours.contains_key(&12) && !ours.contains_key(&6),
            "{ours:#?}"
        );
        assert_eq!(ours, ip_endpoints());

        // Limits, both ways.
        let set = json!({"rcv-add-addrs": 3, "subflows": 4});
        assert!(NLYNL.do_op("mptcp_pm", "set-limits", &set).is_empty());
        assert_eq!(ip_limits(), (3, 4));
        ip(&[
            "mptcp",
            "limits",
            "set",
            "subflows",
            "2",
            "add_addr_accepted",
            "1",
        ]);
        assert_eq!(
            NLYNL.do_op("mptcp_pm", "get-limits", &json!({})),
            [json!({"rcv-add-addrs": 1, "subflows": 2})]
        );
    });
}

// ---------------------------------------------------------------------------------------------
// ethtool.

/// The names of the bits set in a verbose ethtool bitset (`bits.bit[]`): every bit listed
/// when it has `nomask`, else the bits listed with `value` (the others are in the mask only).
fn bitset_names(bitset: &Value) -> BTreeSet<String> {
    let Some(bits) = bitset.get("bits").and_then(|b| b.get("bit")) else {
        return BTreeSet::new();
    };
    let nomask = bitset.get("nomask") == Some(&json!(true));
    bits.as_array()
        .expect("bit is multi-attr")
        .iter()
        .filter(|b| nomask || b.get("value") == Some(&json!(true)))
        .map(|b| b["name"].as_str().expect("bit name").to_owned())
        .collect()
}

#[test]
fn ethtool_features_equal_ethtool_k() {
    in_netns(|| {
        veth("ef0", "ef1");
        // One feature away from its default, so that wanted and active are not all alike.
        tool_ok("ethtool", &["-K", "ef0", "tx-checksum-ip-generic", "off"]);

        // The kernel's feature names (string set ETH_SS_FEATURES, 4), through strset-get.
        let strings = NLYNL.do_op(
            "ethtool",
            "strset-get",
            &json!({"header": {"dev-name": "ef0"},
                    "stringsets": {"stringset": [{"id": 4}]}}),
        );
        let set = &strings[0]["stringsets"]["stringset"][0];
        assert_eq!(number(&set["id"]), 4);
        let strings = set["strings"][0]["string"].as_array().expect("strings");
        assert_eq!(strings.len() as u64, number(&set["count"]));
        // Bits without a feature have empty names.
        let names: BTreeSet<String> = strings
            .iter()
            .filter_map(|s| s.get("value")?.as_str())
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();

        let reply = NLYNL.do_op("ethtool", "features-get", &ethtool_header("ef0"));
        assert_eq!(reply.len(), 1, "{reply:#?}");
        let f = &reply[0];
        assert_eq!(f["header"]["dev-name"], "ef0");
        let hw = bitset_names(&f["hw"]);
        let wanted = bitset_names(&f["wanted"]);
        let active = bitset_names(&f["active"]);
        let nochange = bitset_names(&f["nochange"]);
        assert!(!active.contains("tx-checksum-ip-generic"));

        let k = serde_json::from_str::<Value>(&tool_ok("ethtool", &["--json", "-k", "ef0"]))
            .expect("ethtool --json prints JSON");
        let k = &k[0];
        assert_eq!(k["ifname"], "ef0");
        let mut compared = 0;
        for name in &names {
            let Some(e) = k.get(name.as_str()) else {
                continue;
            };
            let want = json!({
                "active": active.contains(name),
                "fixed": !hw.contains(name) || nochange.contains(name),
                "requested": wanted.contains(name),
            });
            assert_eq!(e, &want, "feature {name}");
            compared += 1;
        }
        assert!(compared > 40, "only {compared} features compared");
    });
}

/// `ethtool -l DEV` or `ethtool -g DEV` as (section, key) → value; `n/a` is left out.
fn ethtool_sections(text: &str) -> BTreeMap<(String, String), u64> {
    let mut out = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        if let Some(s) = line.strip_suffix(':') {
            section = s.to_owned();
        } else if let Some((k, v)) = line.split_once(':') {
            if let Ok(n) = v.trim().parse() {
                out.insert((section.clone(), k.trim().to_owned()), n);
            }
        }
    }
    out
}

/// channels-get as the (section, key) pairs of `ethtool -l`.
fn nlynl_channels(dev: &str) -> BTreeMap<(String, String), u64> {
    let reply = NLYNL.do_op("ethtool", "channels-get", &ethtool_header(dev));
    let c = &reply[0];
    let mut out = BTreeMap::new();
    for (section, suffix) in [
        ("Pre-set maximums", "max"),
        ("Current hardware settings", "count"),
    ] {
        for (key, name) in [
            ("RX", "rx"),
            ("TX", "tx"),
            ("Other", "other"),
            ("Combined", "combined"),
        ] {
            if let Some(v) = c.get(format!("{name}-{suffix}")) {
                out.insert((section.to_owned(), key.to_owned()), number(v));
            }
        }
    }
    out
}

#[test]
fn ethtool_channels_equal_ethtool_l_and_rings_fail_like_ethtool_g() {
    in_netns(|| {
        veth("ec0", "ec1");
        let ethtool_l = || ethtool_sections(&tool_ok("ethtool", &["-l", "ec0"]));
        let before = nlynl_channels("ec0");
        assert!(!before.is_empty());
        assert_eq!(before, ethtool_l());

        // A change through nlynl, seen by ethtool.
        let max = before[&("Pre-set maximums".to_owned(), "RX".to_owned())];
        let set = json!({"header": {"dev-name": "ec0"}, "rx-count": max});
        assert!(NLYNL.do_op("ethtool", "channels-set", &set).is_empty());
        let after = ethtool_l();
        assert_eq!(
            after[&("Current hardware settings".to_owned(), "RX".to_owned())],
            max
        );
        assert_eq!(nlynl_channels("ec0"), after);

        // No device kind this test can make (veth, bridge, ifb, macvlan, vxlan, tun/tap) has
        // ring parameters: ethtool -g and rings-get must fail alike.
        let g = tool("ethtool", &["-g", "ec0"]).expect_err("veth has no ring parameters");
        assert!(g.contains("Operation not supported"), "ethtool -g: {g}");
        let line = NLYNL.do_error("ethtool", "rings-get", &ethtool_header("ec0"));
        assert!(line.starts_with("error: Operation not supported"), "{line}");
    });
}

/// The labels of `ethtool -c` and the coalesce attributes they show.
const COALESCE_LABELS: &[(&str, &str)] = &[
    ("rx-usecs", "rx-usecs"),
    ("rx-frames", "rx-max-frames"),
    ("rx-usecs-irq", "rx-usecs-irq"),
    ("rx-frames-irq", "rx-max-frames-irq"),
    ("tx-usecs", "tx-usecs"),
    ("tx-frames", "tx-max-frames"),
    ("tx-usecs-irq", "tx-usecs-irq"),
    ("tx-frames-irq", "tx-max-frames-irq"),
    ("stats-block-usecs", "stats-block-usecs"),
    ("sample-interval", "rate-sample-interval"),
    ("pkt-rate-low", "pkt-rate-low"),
    ("pkt-rate-high", "pkt-rate-high"),
    ("rx-usecs-low", "rx-usecs-low"),
    ("rx-frame-low", "rx-max-frames-low"),
    ("tx-usecs-low", "tx-usecs-low"),
    ("tx-frame-low", "tx-max-frames-low"),
    ("rx-usecs-high", "rx-usecs-high"),
    ("rx-frame-high", "rx-max-frames-high"),
    ("tx-usecs-high", "tx-usecs-high"),
    ("tx-frame-high", "tx-max-frames-high"),
];

/// `ethtool -c DEV` as attribute → value; `n/a` (not supported) is left out.
fn ethtool_coalesce(dev: &str) -> BTreeMap<String, u64> {
    tool_ok("ethtool", &["-c", dev])
        .lines()
        .filter_map(|l| {
            let (label, value) = l.split_once(": ")?;
            let (_, attr) = COALESCE_LABELS.iter().find(|(k, _)| *k == label)?;
            Some(((*attr).to_owned(), value.trim().parse().ok()?))
        })
        .collect()
}

/// coalesce-get, restricted to the attributes `ethtool -c` shows.
fn nlynl_coalesce(dev: &str) -> BTreeMap<String, u64> {
    let reply = NLYNL.do_op("ethtool", "coalesce-get", &ethtool_header(dev));
    COALESCE_LABELS
        .iter()
        .filter_map(|(_, attr)| Some(((*attr).to_owned(), number(reply[0].get(*attr)?))))
        .collect()
}

/// veth has no coalescing parameters; a tap has one (rx-frames, the NAPI batch).
#[test]
fn ethtool_coalesce_of_a_tap_equals_ethtool_c() {
    in_netns(|| {
        ip(&["tuntap", "add", "et0", "mode", "tap"]);
        let before = nlynl_coalesce("et0");
        assert!(before.contains_key("rx-max-frames"), "{before:?}");
        assert_eq!(before, ethtool_coalesce("et0"));

        let set = json!({"header": {"dev-name": "et0"}, "rx-max-frames": 9});
        assert!(NLYNL.do_op("ethtool", "coalesce-set", &set).is_empty());
        assert_eq!(ethtool_coalesce("et0")["rx-max-frames"], 9);
        assert_eq!(nlynl_coalesce("et0"), ethtool_coalesce("et0"));

        // A parameter the device does not have: the kernel's text, as ethtool -C gets it,
        // and the attribute by name.
        let set = json!({"header": {"dev-name": "et0"}, "tx-usecs": 3});
        let line = NLYNL.do_error("ethtool", "coalesce-set", &set);
        let text = line
            .strip_prefix("error: Invalid argument: ")
            .and_then(|l| l.strip_suffix(" (attribute tx-usecs)"))
            .unwrap_or_else(|| panic!("{line}"));
        let theirs = tool("ethtool", &["-C", "et0", "tx-usecs", "3"]).expect_err("unsupported");
        assert!(
            theirs.contains(text),
            "ethtool -C says {theirs}, nlynl {line}"
        );
    });
}

// ---------------------------------------------------------------------------------------------
// nlctrl.

const OP_FLAGS: &[(&str, u32)] = &[
    ("admin-perm", 1),
    ("cmd-cap-do", 2),
    ("cmd-cap-dump", 4),
    ("cmd-cap-haspol", 8),
    ("uns-admin-perm", 16),
];

/// nlctrl's getfamily dump, in the shape of `genl ctrl list` (`common::genl_ctrl`): iproute2
/// prints the capabilities of the operations of families of version 2 and up only.
#[test]
fn nlctrl_equals_genl_ctrl_list() {
    in_netns(|| {
        let ours: Vec<Printed> = NLYNL
            .dump("nlctrl", "getfamily", None)
            .iter()
            .map(|msg| {
                let version = number(&msg["version"]) as u32;
                // An indexed array's nests come as `{"INDEX": {...}}`, as ynl prints them.
                let list = |key: &str| -> Vec<Value> {
                    let items = msg.get(key).and_then(Value::as_array).cloned();
                    let unwrap = |item: Value| match item {
                        Value::Object(o) if o.len() == 1 => o.into_iter().next().unwrap().1,
                        other => panic!("not an indexed nest: {other}"),
                    };
                    items.unwrap_or_default().into_iter().map(unwrap).collect()
                };
                let ops = list("ops")
                    .iter()
                    .map(|op| {
                        let flags = flag_names(op.get("flags").unwrap_or(&Value::Null))
                            .iter()
                            .map(|n| OP_FLAGS.iter().find(|(f, _)| f == n).expect(n).1)
                            .sum();
                        (number(&op["id"]) as u32, (version >= 2).then_some(flags))
                    })
                    .collect();
                let groups = list("mcast-groups")
                    .iter()
                    .map(|g| {
                        (
                            g["name"].as_str().unwrap().to_owned(),
                            number(&g["id"]) as u32,
                        )
                    })
                    .collect();
                Printed {
                    name: msg["family-name"].as_str().expect("family-name").to_owned(),
                    id: number(&msg["family-id"]) as u16,
                    version,
                    hdrsize: number(&msg["hdrsize"]) as u32,
                    maxattr: number(&msg["maxattr"]) as u32,
                    ops,
                    groups,
                }
            })
            .collect();
        let theirs = genl_ctrl_list();
        assert!(theirs.iter().any(|f| f.name == "ethtool"));
        assert_eq!(ours, theirs);
    });
}

// ---------------------------------------------------------------------------------------------
// tcp_metrics.

/// Makes the kernel save TCP metrics for `addr`: a few short connections to a listener on it.
fn tcp_exchanges(addr: &str) {
    use std::io::{Read, Write};
    let listener = TcpListener::bind(addr).unwrap();
    for _ in 0..3 {
        let mut client = connect_when_routed(listener.local_addr().unwrap());
        let (mut server, _) = listener.accept().unwrap();
        server.write_all(&[7; 1000]).unwrap();
        let mut buf = [0; 1000];
        client.read_exact(&mut buf).unwrap();
    }
}

/// A connection to `to`, waiting (up to 5 s) for its route: even with `nodad` the kernel
/// inserts an IPv6 address's local route from a work queue, after the address is added.
fn connect_when_routed(to: std::net::SocketAddr) -> std::net::TcpStream {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match std::net::TcpStream::connect(to) {
            Err(e)
                if e.kind() == std::io::ErrorKind::NetworkUnreachable
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other.unwrap(),
        }
    }
}

/// A tcp_metrics entry as `ip -j tcp_metrics` prints it, without the age (it moves): RTTs
/// in seconds from the microsecond values (times 8 and 4 on the wire).
fn nlynl_metrics_view(m: &Value) -> Value {
    let dst = m
        .get("addr-ipv4")
        .or(m.get("addr-ipv6"))
        .expect("a destination");
    let src = m
        .get("saddr-ipv4")
        .or(m.get("saddr-ipv6"))
        .expect("a source");
    let vals = &m["vals"];
    let mut o = serde_json::Map::new();
    o.insert("dst".into(), dst.clone());
    o.insert("source".into(), src.clone());
    if let Some(cwnd) = vals.get("cwnd") {
        o.insert("cwnd".into(), cwnd.clone());
    }
    if let Some(rtt) = vals.get("rtt-us") {
        o.insert("rtt".into(), json!((number(rtt) >> 3) as f64 / 1e6));
    }
    if let Some(var) = vals.get("rttvar-us") {
        o.insert("rttvar".into(), json!((number(var) >> 2) as f64 / 1e6));
    }
    Value::Object(o)
}

fn ip_metrics() -> Vec<Value> {
    let mut all: Vec<Value> = ip_j(&["tcp_metrics", "show"]).as_array().unwrap().clone();
    for m in &mut all {
        m.as_object_mut().unwrap().remove("age");
    }
    all
}

#[test]
fn tcp_metrics_equal_ip_tcp_metrics() {
    in_netns(|| {
        ip(&["addr", "add", "10.7.0.1/24", "dev", "lo"]);
        ip(&["addr", "add", "2001:db8:7::1/64", "dev", "lo", "nodad"]);
        tcp_exchanges("10.7.0.1:0");
        tcp_exchanges("[2001:db8:7::1]:0");
        let ours: Vec<Value> = NLYNL
            .dump("tcp_metrics", "get", None)
            .iter()
            .map(nlynl_metrics_view)
            .collect();
        assert_eq!(ours.len(), 2, "{ours:#?}");
        assert_eq!(ours, ip_metrics());

        let one = NLYNL.do_op(
            "tcp_metrics",
            "get",
            &json!({"addr-ipv6": "2001:db8:7::1",
                                                      "saddr-ipv6": "2001:db8:7::1"}),
        );
        assert_eq!(one.len(), 1);
        assert_eq!(one[0]["addr-ipv6"], "2001:db8:7::1");

        assert!(NLYNL
            .do_op("tcp_metrics", "del", &json!({"addr-ipv4": "10.7.0.1"}))
            .is_empty());
        let left = ip_metrics();
        assert_eq!(left.len(), 1, "{left:#?}");
        assert_eq!(left[0]["dst"], "2001:db8:7::1");
    });
}

// ---------------------------------------------------------------------------------------------
// sock-diag.

/// The local address of an inet_diag reply: `family`, the first 4 or all 16 bytes of
/// `idiag-src` (printed as hex), and the port.
fn diag_local(msg: &Value) -> String {
    let id = &msg["id"];
    let src = id["idiag-src"].as_str().expect("idiag-src as hex");
    let bytes: Vec<u8> = (0..src.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&src[i..i + 2], 16).expect("hex"))
        .collect();
    let port = id["idiag-sport"].as_u64().expect("port");
    match msg["idiag-family"].as_u64() {
        Some(2) => format!(
            "{}:{port}",
            Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3])
        ),
        Some(10) => {
            let b: [u8; 16] = bytes.try_into().expect("16 bytes");
            format!("[{}]:{port}", Ipv6Addr::from(b))
        }
        other => panic!("family {other:?}"),
    }
}

/// The local addresses `ss -H ARGS` lists (its fourth column).
fn ss_local(args: &[&str]) -> BTreeSet<String> {
    let mut full = vec!["-H"];
    full.extend_from_slice(args);
    tool_ok("ss", &full)
        .lines()
        .map(|l| {
            l.split_whitespace()
                .nth(3)
                .expect("local address")
                .to_owned()
        })
        .collect()
}

fn diag_dump(family: u8, protocol: u8, states: &[&str]) -> BTreeSet<String> {
    let req = json!({"sdiag-family": family, "sdiag-protocol": protocol,
                     "idiag-states": states});
    NLYNL
        .dump("sock-diag", "by-family", Some(&req))
        .iter()
        .map(|m| {
            assert_eq!(m["idiag-family"].as_u64(), Some(u64::from(family)));
            diag_local(m)
        })
        .collect()
}

#[test]
fn sock_diag_listeners_equal_ss() {
    in_netns(|| {
        let tcp4 = [
            TcpListener::bind("127.0.0.1:0").unwrap(),
            TcpListener::bind("127.0.0.1:0").unwrap(),
        ];
        let tcp6 = TcpListener::bind("[::1]:0").unwrap();
        let udp4 = UdpSocket::bind("127.0.0.1:0").unwrap();
        let _udp6 = UdpSocket::bind("[::1]:0").unwrap();

        let ours: BTreeSet<String> = diag_dump(2, 6, &["listen"])
            .into_iter()
            .chain(diag_dump(10, 6, &["listen"]))
            .collect();
        let mine: BTreeSet<String> = tcp4
            .iter()
            .chain([&tcp6])
            .map(|l| match l.local_addr().unwrap() {
                std::net::SocketAddr::V4(a) => a.to_string(),
                std::net::SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
            })
            .collect();
        assert_eq!(ours, mine);
        assert_eq!(ours, ss_local(&["-tln"]));

        // UDP sockets that are bound, not connected, are in state close.
        let ours: BTreeSet<String> = diag_dump(2, 17, &["close"])
            .into_iter()
            .chain(diag_dump(10, 17, &["close"]))
            .collect();
        assert_eq!(ours.len(), 2);
        assert!(ours.contains(&udp4.local_addr().unwrap().to_string()));
        assert_eq!(ours, ss_local(&["-uln"]));
    });
}

// ---------------------------------------------------------------------------------------------
// rt-link's linkinfo sub-messages.

/// Compares what `ip -d -j link` prints of `data` (an `info_data` or `info_slave_data`) with
/// what nlynl decoded, key by key where the names agree (`_` for `-`); numbers must be
/// equal, booleans must match a number's truth, strings must be equal. Returns how many
/// keys were compared.
fn compare_linkinfo(what: &str, theirs: &Value, ours: &Value) -> usize {
    let mut compared = 0;
    for (key, v) in theirs.as_object().expect("ip prints an object") {
        let Some(o) = ours.get(key.replace('_', "-")) else {
            continue;
        };
        let same = match (v, o) {
            (Value::Number(a), Value::Number(b)) if a.is_u64() || a.is_i64() => a == b,
            (Value::Bool(a), Value::Number(b)) => *a == (b.as_u64() != Some(0)),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::String(a), Value::Array(b)) => b == &[json!(a)],
            (Value::Object(_), Value::Object(_)) => v == o,
            // Floats (timers in seconds) and a text against a number: iproute2 prints them
            // in units or names of its own.
            _ => continue,
        };
        assert!(same, "{what}: {key}: ip says {v}, nlynl {o}");
        compared += 1;
    }
    compared
}

#[test]
fn rt_link_sub_messages_equal_ip_details() {
    in_netns(|| {
        veth("sm0", "sm1");
        let idx = ifindex("sm0");
        // Made by nlynl: a bridge, a macvlan and a vxlan, each with kind-specific data.
        for request in [
            json!({"ifname": "sm-br", "linkinfo": {"kind": "bridge",
                   "data": {"stp-state": 1, "priority": 4096, "ageing-time": 12345}}}),
            json!({"ifname": "sm-mv", "link": idx, "linkinfo": {"kind": "macvlan",
                   "data": {"mode": ["vepa"]}}}),
            json!({"ifname": "sm-vx", "linkinfo": {"kind": "vxlan",
                   "data": {"id": 77, "port": 4790, "local": "10.1.0.1",
                            "group": "10.1.0.3", "link": idx, "ttl": 9}}}),
        ] {
            let text = request.to_string();
            let run = NLYNL.run(&[
                "--family", "rt-link", "--do", "newlink", "--create", "--excl", "--json", &text,
            ]);
            run.success("nlynl --do newlink");
        }
        ip(&["link", "set", "sm1", "master", "sm-br"]);

        let details = ip_j(&["-d", "link", "show"]);
        let ours = NLYNL.dump("rt-link", "getlink", None);
        let mut compared = BTreeMap::new();
        for link in details.as_array().unwrap() {
            let name = link["ifname"].as_str().unwrap();
            let mine = ours
                .iter()
                .find(|m| m["ifname"] == name)
                .unwrap_or_else(|| panic!("nlynl lacks {name}"));
            let Some(info) = link.get("linkinfo") else {
                continue;
            };
            assert_eq!(info["info_kind"], mine["linkinfo"]["kind"], "{name}");
            if let Some(data) = info.get("info_data") {
                let n = compare_linkinfo(name, data, &mine["linkinfo"]["data"]);
                *compared.entry(name.to_owned()).or_insert(0) += n;
            }
            if let Some(data) = info.get("info_slave_data") {
                assert_eq!(info["info_slave_kind"], mine["linkinfo"]["slave-kind"]);
                let n = compare_linkinfo(name, data, &mine["linkinfo"]["slave-data"]);
                *compared.entry(format!("{name} port")).or_insert(0) += n;
            }
        }
        let at_least = |name: &str, n: usize| {
            assert!(
                compared.get(name).copied().unwrap_or(0) >= n,
                "{name}: only {compared:?} compared"
            );
        };
        at_least("sm-br", 15);
        at_least("sm1 port", 5);
        at_least("sm-mv", 1);
        at_least("sm-vx", 8);

        // What nlynl asked for is what ip shows.
        // (A unicast "group" is the remote end, which ip calls so.)
        let vx = &ip_j(&["-d", "link", "show", "sm-vx"])[0]["linkinfo"]["info_data"];
        assert_eq!(
            (
                &vx["id"],
                &vx["port"],
                &vx["local"],
                &vx["remote"],
                &vx["link"],
                &vx["ttl"]
            ),
            (
                &json!(77),
                &json!(4790),
                &json!("10.1.0.1"),
                &json!("10.1.0.3"),
                &json!("sm0"),
                &json!(9)
            )
        );
        let br = &ip_j(&["-d", "link", "show", "sm-br"])[0]["linkinfo"]["info_data"];
        assert_eq!(
            (&br["stp_state"], &br["priority"]),
            (&json!(1), &json!(4096))
        );
        let mv = &ip_j(&["-d", "link", "show", "sm-mv"])[0]["linkinfo"]["info_data"];
        assert_eq!(mv["mode"], "vepa");
    });
}

// ---------------------------------------------------------------------------------------------
// Notifications: mptcp_pm's events.

/// An MPTCP socket (IPPROTO_MPTCP, 262) of `AF_INET`.
fn mptcp_socket() -> std::os::fd::OwnedFd {
    use std::os::fd::FromRawFd;
    // SAFETY: plain system call; the descriptor is owned from here on.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 262) };
    assert!(fd >= 0, "MPTCP socket: {}", std::io::Error::last_os_error());
    // SAFETY: `fd` is a new descriptor nothing else owns.
    unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) }
}

/// `sockaddr_in` of 127.0.0.1:`port`.
fn loopback(port: u16) -> libc::sockaddr_in {
    libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: port.to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(Ipv4Addr::LOCALHOST).to_be(),
        },
        sin_zero: [0; 8],
    }
}

/// One MPTCP connection over loopback, closed again; returns the listener's port.
fn mptcp_connection() -> u16 {
    use std::os::fd::AsRawFd;
    let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    let listener = mptcp_socket();
    let addr = loopback(0);
    // SAFETY: `addr` is a valid sockaddr_in of `len` bytes; the descriptor is open.
    let rc = unsafe {
        libc::bind(listener.as_raw_fd(), (&raw const addr).cast(), len)
            | libc::listen(listener.as_raw_fd(), 4)
    };
    assert_eq!(rc, 0, "bind/listen: {}", std::io::Error::last_os_error());
    let listener = TcpListener::from(listener);
    let port = listener.local_addr().unwrap().port();
    let client = mptcp_socket();
    let to = loopback(port);
    // SAFETY: as above.
    let rc = unsafe { libc::connect(client.as_raw_fd(), (&raw const to).cast(), len) };
    assert_eq!(rc, 0, "connect: {}", std::io::Error::last_os_error());
    let (server, _) = listener.accept().unwrap();
    drop((client, server, listener));
    port
}

#[test]
fn mptcp_events_decode_by_name() {
    in_netns(|| {
        let ports = std::sync::Mutex::new(Vec::new());
        let got = notifications(NLYNL, "mptcp_pm", "mptcp_pm_events", |_| {
            ports.lock().unwrap().push(mptcp_connection());
        });
        let ports = ports.into_inner().unwrap();
        let of = |name: &str| -> Vec<&Value> {
            got.iter()
                .filter(|n| n["name"] == name)
                .map(|n| &n["msg"])
                .collect()
        };
        let created = of("created");
        assert!(!created.is_empty(), "{got:#?}");
        for c in &created {
            assert_eq!(c["family"], 2, "{c}");
            let loopback = json!(u32::from(Ipv4Addr::LOCALHOST));
            assert_eq!((&c["saddr4"], &c["daddr4"]), (&loopback, &loopback));
            // Both ends report the connection: the server with the listener's port as its own.
            let listener_port = match c.get("server-side").map(number) {
                Some(1) => &c["sport"],
                _ => &c["dport"],
            };
            assert!(
                ports.contains(&(number(listener_port) as u16)),
                "{c}: {ports:?}"
            );
        }
        // Connections close again, named by the token they were created with (the last
        // ones may close after nlynl has stopped listening).
        let tokens: BTreeSet<u64> = created.iter().map(|c| number(&c["token"])).collect();
        let closed: Vec<u64> = of("closed").iter().map(|c| number(&c["token"])).collect();
        assert!(!closed.is_empty(), "{got:#?}");
        assert!(closed.iter().all(|t| tokens.contains(t)), "{got:#?}");
        let listeners = of("listener-created");
        assert!(
            listeners
                .iter()
                .all(|l| ports.contains(&(number(&l["sport"]) as u16))),
            "{listeners:#?}"
        );
    });
}
