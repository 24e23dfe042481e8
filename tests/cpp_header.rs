//! The C++ header `include/nlrs.hpp` against the real kernel, with iproute2 as the oracle.
//!
//! `tests/cpp/hpp_api.cpp` and the examples' C++ twins `c-examples/*.cpp` are built (C++17,
//! `-Wall -Wextra -Werror -pedantic`, plainly and with ASan and UBSan) with the C examples
//! (`common::cbuild`), and run in a private network namespace plainly, under valgrind and with
//! the sanitizers. Each twin goes through the checks of its C program (`common::examples`:
//! `ip -j` as the oracle, the same output, exit codes and error texts). What hpp_api prints is
//! compared with `ip -j`; hpp_api checks errors, moves and
//! views itself, and the socket's options against its descriptor (getsockopt, fcntl), and exits
//! 1 when a check fails. It also prints the links of a mirror, more of each link (by a dump and
//! by the mirror's view) and of each address (against `ip -j -d`), the generic families of
//! nlctrl's dump with their operations and groups (against `genl ctrl list`) and rt-link's
//! getlink dump of the description engine (JSON, against `ip -j link`), and the routes of a
//! table read whole (metrics, realm, paths: route_object, against `ip -j -d route`).
//! `tests/cpp/hpp_make.cpp` makes and deletes addresses, routes, neighbours and links through
//! the header, checking the kernel's refusals itself; what it leaves is compared with `ip -j
//! -d`. The header is also compiled as C++17 and C++20, by clang++ too when it is installed,
//! with a strict build's warnings, and each of its parts (`include/nlrs/*.hpp`) alone.

mod common;

use common::cbuild::{built, manifest_dir, Mode, CXX_STRICT};
use common::examples::{
    check_bad_arguments, check_genl_ctrl_bad_arguments, check_genl_ctrl_list_and_get,
    check_genl_ctrl_policy, check_genl_ctrl_unknown_family, check_mirror_bad_arguments,
    check_mirror_churn, check_mirror_live, check_mirror_overrun, check_monitor,
    check_monitor_overrun, check_nlynl_bad_arguments, check_nlynl_check,
    check_nlynl_ethtool_errors, check_nlynl_lists, check_nlynl_netdev_dev_get,
    check_nlynl_notifications, check_nlynl_rule_dump, check_nlynl_rules_added,
    check_set_mtu_and_link_dump, check_set_mtu_below_minimum, check_set_mtu_unknown_device, Nlynl,
};
use common::genl_ctrl::genl_ctrl_list;
use common::{ifindex, in_netns, ip, ip_json, ip_link_lines, veth};

use std::process::Command;

/// Runs a built program in `mode`; asserts success, nothing on stderr, and that the tool
/// (valgrind, the sanitizers) found nothing. Returns stdout.
fn run(mode: Mode, name: &str) -> String {
    let out = mode.command(name, &[]).output().expect("run the program");
    let stderr = String::from_utf8_lossy(&out.stderr);
    mode.check_tool(name, out.status, &stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "{name} ({mode:?}) failed ({}):\n{stderr}",
        out.status
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn fixture() {
    veth("cx0", "cx1");
    ip(&["link", "set", "cx1", "down"]);
    ip(&[
        "link",
        "property",
        "add",
        "dev",
        "cx0",
        "altname",
        "cx0-alternative-name",
    ]);
    ip(&["addr", "add", "10.7.7.1/24", "brd", "+", "dev", "cx0"]);
    ip(&[
        "route",
        "add",
        "10.1.0.0/16",
        "via",
        "10.7.7.2",
        "table",
        "100",
        "metric",
        "5",
    ]);
    ip(&["route", "add", "10.2.0.1", "dev", "cx0", "table", "100"]);
    ip(&["route", "add", "default", "via", "10.7.7.3", "table", "100"]);
    // A route through a nexthop object, in a table of its own (the header's mirror check
    // looks for its id there).
    ip(&["nexthop", "add", "id", "7", "blackhole"]);
    ip(&["route", "add", "10.3.0.0/16", "nhid", "7", "table", "101"]);
    // Routes with what a dump's route value leaves out (metrics, congestion control, a realm;
    // paths), in a table of their own: hpp_api reads them whole (route_object).
    for route in [
        "10.24.0.0/16 via 10.7.7.2 table 104 mtu 1400 advmss 1300 congctl cubic realm 5",
        "10.25.0.0/16 table 104 nexthop via 10.7.7.2 weight 2 nexthop via 10.7.7.3",
    ] {
        let words: Vec<&str> = ["route", "add"]
            .into_iter()
            .chain(route.split(' '))
            .collect();
        ip(&words);
    }
    // IPv6 routes with a preference, one expiring, in a table of their own.
    for route in [
        "2001:db8:7::/64 dev cx0 table 102 pref high expires 300",
        "2001:db8:8::/64 dev cx0 table 102 pref low",
    ] {
        let words: Vec<&str> = ["-6", "route", "add"]
            .into_iter()
            .chain(route.split(' '))
            .collect();
        ip(&words);
    }
    ip(&[
        "neigh",
        "add",
        "10.7.7.9",
        "lladdr",
        "02:00:00:00:00:09",
        "dev",
        "cx0",
    ]);
    ip(&["neigh", "add", "proxy", "10.7.7.10", "dev", "cx0"]);
    ip(&["-6", "neigh", "add", "proxy", "2001:db8::10", "dev", "cx0"]);
}

/// The lines of `lines` that start with `prefix`, without it.
fn prefixed<'a>(lines: &[&'a str], prefix: &str) -> Vec<&'a str> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix(prefix))
        .collect()
}

/// The strings of a JSON array of strings (`ip -j`'s flags, states).
fn texts(array: &serde_json::Value) -> Vec<&str> {
    array
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect()
}

fn check_hpp_api(mode: Mode) {
    fixture();
    let out = run(mode, "hpp_api");
    let lines: Vec<&str> = out.lines().collect();

    let links: Vec<&str> = prefixed(&lines, "link ");
    assert_eq!(links, ip_link_lines(), "links differ from ip -j link");
    assert_eq!(
        ip_json(&["link", "show", "cx0"])[0]["ifalias"],
        "set-from-c++",
        "the alias the program set"
    );
    assert_eq!(
        ip_json(&["link", "show", "cx1"])[0]["address"],
        "02:00:00:00:00:aa",
        "the hardware address the program set"
    );

    // More of each link: its type, operational state, MTU bounds, queues, the link it is on
    // and its broadcast address, by a dump and by the mirror's view.
    let type_numbers = [("ether", 1), ("loopback", 772), ("none", 65534)];
    let oper_numbers = [
        "UNKNOWN",
        "NOTPRESENT",
        "DOWN",
        "LOWERLAYERDOWN",
        "TESTING",
        "DORMANT",
        "UP",
    ];
    let want: Vec<String> = ip_json(&["-d", "link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let kind = l["link_type"].as_str().unwrap();
            let oper = l["operstate"].as_str().unwrap();
            format!(
                "{} {} {} {} {} {} {} {} {}",
                l["ifindex"],
                type_numbers.iter().find(|(n, _)| *n == kind).expect(kind).1,
                oper_numbers.iter().position(|n| *n == oper).expect(oper),
                l["min_mtu"],
                l["max_mtu"],
                l["num_tx_queues"],
                l["num_rx_queues"],
                l["link"]
                    .as_str()
                    .map(|peer| ifindex(peer).to_string())
                    .unwrap_or_else(|| "-".into()),
                l["broadcast"].as_str().unwrap()
            )
        })
        .collect();
    for prefix in ["linkx ", "mirrorx "] {
        let got = prefixed(&lines, prefix);
        assert_eq!(got, want, "{prefix}lines differ from ip -j -d link");
    }

    // Names as ip prints them: each link's flags (ip adds M-DOWN from the peer, which nlrs
    // leaves to the caller) and operational state, each IPv4 route's type, table, origin and
    // scope (each neighbour's state is on its neigh line).
    let want: Vec<String> = ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let mut flags = texts(&l["flags"]);
            flags.retain(|f| *f != "M-DOWN");
            format!(
                "{} {} {}",
                l["ifindex"],
                flags.join(","),
                l["operstate"].as_str().unwrap()
            )
        })
        .collect();
    let got: Vec<&str> = prefixed(&lines, "names ");
    assert_eq!(got, want, "link names differ from ip -j link");
    let mut want: Vec<String> = ip_json(&["-4", "-d", "route", "show", "table", "all"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = |key: &str| r[key].as_str().unwrap().to_owned();
            format!(
                "{} {} {} {} {}",
                name("dst"),
                name("type"),
                name("table"),
                name("protocol"),
                name("scope")
            )
        })
        .collect();
    let mut got: Vec<&str> = prefixed(&lines, "rnames ");
    want.sort();
    got.sort();
    assert_eq!(
        got, want,
        "route names differ from ip -j -d route show table all"
    );

    // The route the kernel would take, as `ip route get` shows it.
    let r = &ip_json(&["route", "get", "10.7.7.5"])[0];
    let want = format!(
        "{} {} {} {}",
        r["dst"].as_str().unwrap(),
        r["gateway"].as_str().unwrap_or("-"),
        ifindex(r["dev"].as_str().unwrap()),
        r["prefsrc"].as_str().unwrap()
    );
    let got: Vec<&str> = prefixed(&lines, "routeget ");
    assert_eq!(got, [want], "route_get differs from ip -j route get");

    // More of each IPv4 address: IFA_LOCAL, its label, lifetimes and broadcast address.
    let mut want: Vec<String> = Vec::new();
    for link in ip_json(&["-4", "addr", "show"]).as_array().unwrap() {
        for a in link["addr_info"].as_array().unwrap() {
            want.push(format!(
                "{} {} {} {} {} {}",
                link["ifindex"],
                a["local"].as_str().unwrap(),
                a["label"].as_str().unwrap(),
                a["valid_life_time"],
                a["preferred_life_time"],
                a["broadcast"].as_str().unwrap_or("-")
            ));
        }
    }
    let got: Vec<&str> = prefixed(&lines, "addrx ");
    assert_eq!(got, want, "addrx lines differ from ip -j addr");

    let mut addrs: Vec<String> = Vec::new();
    for link in ip_json(&["-4", "addr", "show"]).as_array().unwrap() {
        for a in link["addr_info"].as_array().unwrap() {
            addrs.push(format!(
                "addr {} {}/{}",
                link["ifindex"].as_i64().unwrap(),
                a["local"].as_str().unwrap(),
                a["prefixlen"].as_i64().unwrap()
            ));
        }
    }
    let got: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("addr "))
        .copied()
        .collect();
    assert_eq!(got, addrs, "addresses differ from ip -j addr");

    let cx0 = ifindex("cx0");
    let mut routes: Vec<String> = ip_json(&["route", "show", "table", "100"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let dst = r["dst"].as_str().unwrap();
            let dst = if dst == "default" || dst.contains('/') {
                dst.to_owned()
            } else {
                format!("{dst}/32")
            };
            let dev = r["dev"].as_str().map(|d| assert_eq!(d, "cx0"));
            format!(
                "route {dst} {} {} {}",
                r["gateway"].as_str().unwrap_or("-"),
                dev.map(|_| cx0.to_string()).unwrap_or_else(|| "-".into()),
                r["metric"]
                    .as_i64()
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "-".into())
            )
        })
        .collect();
    let neighs: Vec<String> = ip_json(&["-4", "neigh", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "neigh {} {} {} {}",
                ifindex(n["dev"].as_str().unwrap()),
                n["dst"].as_str().unwrap(),
                n["lladdr"].as_str().unwrap_or(""),
                texts(&n["state"]).join(",")
            )
        })
        .collect();
    let got_neighs: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("neigh "))
        .copied()
        .collect();
    assert_eq!(got_neighs, neighs, "neighbours differ from ip -j neigh");
    let mut proxies: Vec<String> = ip_json(&["neigh", "show", "proxy"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "proxy {} {}",
                ifindex(n["dev"].as_str().unwrap()),
                n["dst"].as_str().unwrap()
            )
        })
        .collect();
    let mut got_proxies: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("proxy "))
        .copied()
        .collect();
    proxies.sort();
    got_proxies.sort();
    assert_eq!(proxies.len(), 2, "ip shows both proxy entries");
    assert_eq!(
        got_proxies, proxies,
        "proxy entries differ from ip -j neigh show proxy"
    );

    let mut got: Vec<String> = lines
        .iter()
        .filter(|l| l.starts_with("route "))
        .map(|l| l.to_string())
        .collect();
    routes.sort();
    got.sort();
    assert_eq!(got, routes, "routes differ from ip -j route");

    // The routes of table 104 read whole, each setting as `ip -d` shows it.
    let dash = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "-".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    let mut want: Vec<String> = ip_json(&["-d", "route", "show", "table", "104"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let m = &r["metrics"][0];
            let paths: Vec<String> = r["nexthops"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    assert_eq!(p["dev"], "cx0");
                    format!("{cx0}:{}:{}", dash(&p["gateway"]), p["weight"])
                })
                .collect();
            format!(
                "{} {} {} {} {} {}",
                r["dst"].as_str().unwrap(),
                dash(&m["mtu"]),
                dash(&m["advmss"]),
                dash(&m["congestion"]),
                dash(&r["flow"]["to"]),
                if paths.is_empty() {
                    "-".to_owned()
                } else {
                    paths.join(",")
                }
            )
        })
        .collect();
    let mut got: Vec<String> = prefixed(&lines, "routex ")
        .iter()
        .map(|l| l.to_string())
        .collect();
    want.sort();
    got.sort();
    assert_eq!(want.len(), 2, "the fixture's routes of table 104");
    assert_eq!(
        got, want,
        "routes read whole differ from ip -j -d route show table 104"
    );

    // IPv6 routes, each with its preference and, read before `ip` (by a program that may run
    // under valgrind, seconds before), an expiry at least as long as `ip`'s and at most the
    // 300 seconds set.
    let pref_names = ["medium", "high", "-", "low"];
    let v6 = ip_json(&["-6", "-d", "route", "show", "table", "102"]);
    let mut want: Vec<(String, String, Option<u64>)> = v6
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let pref = r["pref"].as_str().unwrap().to_owned();
            (
                r["dst"].as_str().unwrap().to_owned(),
                pref,
                r["expires"].as_u64(),
            )
        })
        .collect();
    let mut got6: Vec<(String, String, Option<u64>)> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("route6 "))
        .map(|l| {
            let w: Vec<&str> = l.split(' ').collect();
            let pref = pref_names[w[1].parse::<usize>().unwrap()].to_owned();
            (w[0].to_owned(), pref, w[2].parse().ok())
        })
        .collect();
    want.sort();
    got6.sort();
    assert_eq!(want.len(), 2, "{v6}");
    assert_eq!(got6.len(), 2, "{out}");
    for ((dst, pref, expires), (want_dst, want_pref, theirs)) in got6.iter().zip(&want) {
        assert_eq!((dst, pref), (want_dst, want_pref));
        assert_eq!(expires.is_some(), theirs.is_some(), "{dst}");
        if let (Some(ours), Some(theirs)) = (expires, theirs) {
            assert!(theirs <= ours && *ours <= 300, "{ours} {theirs}");
        }
    }

    // The mirror's links, as link_dump prints them.
    let mirror: Vec<&str> = prefixed(&lines, "mirror ");
    assert_eq!(
        mirror,
        ip_link_lines(),
        "the mirror differs from ip -j link"
    );

    // nlctrl's GETFAMILY dump, built on nlrs::genl_family.
    let mut genl: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("genl "))
        .map(str::to_owned)
        .collect();
    let mut want: Vec<String> = genl_ctrl_list()
        .iter()
        .map(|f| format!("{} {}", f.name, f.id))
        .collect();
    genl.sort();
    want.sort();
    assert_eq!(genl, want, "the genl dump differs from genl ctrl list");

    // Each family's operations and groups, by genl_resolve(). iproute2 prints an operation's
    // flags for families of version 2 and up only (see common::genl_ctrl): where it printed
    // none, ours are left out of the comparison.
    let mut genlx: Vec<String> = Vec::new();
    let mut want: Vec<String> = Vec::new();
    let listed = genl_ctrl_list();
    for l in lines.iter().filter_map(|l| l.strip_prefix("genlx ")) {
        let w: Vec<&str> = l.split(' ').collect();
        let theirs = listed
            .iter()
            .find(|f| f.name == w[0])
            .unwrap_or_else(|| panic!("{} in genl ctrl list", w[0]));
        let ops: Vec<String> = w[1]
            .split(',')
            .filter(|op| *op != "-")
            .zip(theirs.ops.iter().map(Some).chain(std::iter::repeat(None)))
            .map(|(op, their)| match their {
                Some((_, None)) => format!("{}:-", op.split(':').next().unwrap()),
                _ => op.to_owned(),
            })
            .collect();
        genlx.push(format!("{} {} {}", w[0], ops.join(","), w[2]));
    }
    for f in &listed {
        let ops: Vec<String> = f
            .ops
            .iter()
            .map(|(id, flags)| format!("{id}:{}", flags.map_or("-".to_owned(), |x| x.to_string())))
            .collect();
        let groups: Vec<String> = f.groups.iter().map(|(n, id)| format!("{n}:{id}")).collect();
        let groups = if groups.is_empty() {
            "-".to_owned()
        } else {
            groups.join(",")
        };
        want.push(format!("{} {} {}", f.name, ops.join(","), groups));
    }
    genlx.sort();
    want.sort();
    assert_eq!(
        genlx, want,
        "genl_family's operations and groups differ from genl ctrl list"
    );

    // rt-link's getlink dump through nlrs::family, one JSON message a line.
    let ynl: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("ynl "))
        .map(|text| {
            let m = serde_json::from_str::<serde_json::Value>(text).expect("a JSON message");
            format!(
                "{} {} {}",
                m["ifi-index"].as_i64().expect("ifi-index"),
                m["ifname"].as_str().expect("ifname"),
                m["mtu"].as_i64().expect("mtu")
            )
        })
        .collect();
    let want: Vec<String> = ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} {} {}",
                l["ifindex"].as_i64().unwrap(),
                l["ifname"].as_str().unwrap(),
                l["mtu"].as_i64().unwrap()
            )
        })
        .collect();
    assert_eq!(ynl, want, "nlrs::family's getlink differs from ip -j link");
}

/// What hpp_make starts from: a veth pair, both up, and a nexthop object.
fn make_fixture() {
    veth("mk0", "mk1");
    ip(&["link", "set", "mk1", "up"]);
    ip(&["nexthop", "add", "id", "9", "blackhole"]);
}

/// The address `local` of link `dev` as `ip -j -d addr` shows it, if it has it.
fn ip_addr_info(dev: &str, local: &str) -> Option<serde_json::Value> {
    ip_json(&["-d", "addr", "show", "dev", dev])[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["local"] == local)
        .cloned()
}

/// The addresses hpp_make made, with every setting it gave them, and none it deleted.
fn check_made_addresses() {
    let a = ip_addr_info("mk0", "10.9.0.1").expect("10.9.0.1 on mk0");
    assert_eq!(
        (&a["prefixlen"], &a["broadcast"], &a["label"]),
        (&24.into(), &"10.9.0.255".into(), &"mk0:web".into()),
        "{a}"
    );
    // The upsert's lifetimes, counting down since.
    let valid = a["valid_life_time"].as_u64().unwrap();
    let preferred = a["preferred_life_time"].as_u64().unwrap();
    assert!((7000..=7200).contains(&valid), "{a}");
    assert!((5200..=5400).contains(&preferred), "{a}");
    let a = ip_addr_info("mk0", "2001:db8:9::1").expect("2001:db8:9::1 on mk0");
    assert_eq!(
        (&a["prefixlen"], &a["nodad"]),
        (&64.into(), &true.into()),
        "{a}"
    );
    let a = ip_addr_info("mk1", "10.9.1.1").expect("10.9.1.1 on mk1");
    assert_eq!(
        (&a["address"], &a["prefixlen"]),
        (&"10.9.1.2".into(), &32.into()),
        "{a}"
    );
    let a = ip_addr_info("mk1", "10.9.3.1").expect("10.9.3.1 on mk1");
    assert_eq!(
        (&a["prefixlen"], &a["scope"]),
        (&24.into(), &"link".into()),
        "{a}"
    );
    for gone in ["10.9.2.1", "10.9.4.1"] {
        assert_eq!(ip_addr_info("mk1", gone), None, "{gone} deleted or refused");
    }
}

/// Asserts that `routes` (of `ip -j -d route`) hold one route to `dst` and that it has the
/// fields `want` (`ip`'s names and values).
fn assert_route(routes: &serde_json::Value, dst: &str, want: serde_json::Value) {
    let found: Vec<&serde_json::Value> = routes
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["dst"] == dst)
        .collect();
    assert_eq!(found.len(), 1, "one route to {dst}: {routes}");
    for (key, value) in want.as_object().unwrap() {
        assert_eq!(
            &found[0][key], value,
            "{key} of the route to {dst}: {}",
            found[0]
        );
    }
}

/// The routes hpp_make made in table 200, with every setting it gave them, and none it
/// deleted or the kernel refused.
fn check_made_routes() {
    use serde_json::json;
    let v4 = ip_json(&["-d", "route", "show", "table", "200"]);
    assert_route(
        &v4,
        "10.10.0.0/16",
        json!({"gateway": "10.9.0.2", "dev": "mk0", "metric": 7, "protocol": "static",
               "prefsrc": "10.9.0.1", "flow": {"from": "2", "to": "1"},
               "metrics": [{"mtu": 1400, "advmss": 1300, "congestion": "reno"}]}),
    );
    // ip -j leaves the lock out; its text has it.
    let text = ip(&["route", "show", "table", "200", "10.10.0.0/16"]);
    assert!(text.contains("mtu lock 1400"), "{text}");
    assert_route(
        &v4,
        "10.11.0.0/16",
        json!({"nexthops": [
            {"gateway": "10.9.0.2", "dev": "mk0", "weight": 2, "flags": []},
            {"gateway": "10.9.1.2", "dev": "mk1", "weight": 1, "flags": []}]}),
    );
    assert_route(&v4, "10.12.0.0/16", json!({"gateway": "10.9.0.5"}));
    // Of the two appended, the one not deleted.
    assert_route(&v4, "10.13.0.0/16", json!({"gateway": "10.9.0.2"}));
    assert_route(&v4, "10.14.0.0/16", json!({"gateway": "10.9.0.4"}));
    assert_route(
        &v4,
        "10.15.0.0/16",
        json!({"gateway": "192.0.2.1", "dev": "mk0", "flags": ["onlink"]}),
    );
    assert_route(
        &v4,
        "10.16.0.0/16",
        json!({"tos": "0x10", "dev": "mk0", "scope": "link"}),
    );
    assert_route(&v4, "10.17.0.0/16", json!({"type": "blackhole"}));
    assert_route(&v4, "10.18.0.0/16", json!({"nhid": 9}));
    assert_route(
        &v4,
        "default",
        json!({"gateway": "10.9.0.254", "scope": "global", "protocol": "boot", "type": "unicast"}),
    );
    assert_eq!(v4.as_array().unwrap().len(), 10, "no other route: {v4}");

    let v6 = ip_json(&["-6", "-d", "route", "show", "table", "200"]);
    assert_route(
        &v6,
        "2001:db8:50::/48",
        json!({"from": "2001:db8:9::/64", "gateway": "2001:db8:9::2", "pref": "high"}),
    );
    let expires = v6[0]["expires"].as_u64().expect("expires");
    assert!((500..=600).contains(&expires), "{v6}");
    assert_eq!(v6.as_array().unwrap().len(), 1, "no other route: {v6}");
}

/// The neighbour entries hpp_make made on mk0 (the proxy entries apart), with their
/// states and flags, and none it deleted or nlrs refused.
fn check_made_neighbours() {
    use serde_json::json;
    let mut entries = ip_json(&["-d", "neigh", "show", "dev", "mk0"]);
    let entries = entries.as_array_mut().unwrap();
    entries.sort_by_key(|n| n["dst"].as_str().unwrap().to_owned());
    assert_eq!(
        serde_json::Value::Array(entries.clone()),
        json!([
            {"dst": "10.9.0.13", "lladdr": "02:00:00:00:00:05", "state": ["STALE"]},
            {"dst": "10.9.0.5", "lladdr": "02:00:00:00:00:06", "state": ["PERMANENT"]},
            {"dst": "10.9.0.9", "lladdr": "02:00:00:00:00:06", "extern_learn": null,
             "state": ["PERMANENT"]},
            {"dst": "2001:db8:9::5", "lladdr": "02:00:00:00:00:05", "router": null,
             "state": ["PERMANENT"]},
        ]),
        "neighbours differ from ip -j -d neigh"
    );
    assert_eq!(
        ip_json(&["neigh", "show", "proxy"]),
        json!([{"dst": "10.9.0.10", "dev": "mk0", "proxy": null}]),
        "proxy entries differ from ip -j neigh show proxy"
    );
}

/// The links hpp_make made (and no other: none it deleted), each of its kind with its
/// settings, and its alternative name. A kind it reports refused must be refused by `ip link
/// add` too, with the kernel's text the C++ call gave; one it made must be there as asked.
fn check_made_links(out: &str) {
    use serde_json::json;
    let links = ip_json(&["-d", "link", "show"]);
    let by_name = |name: &str| -> serde_json::Value {
        links
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["ifname"] == name)
            .unwrap_or_else(|| panic!("{name} in ip -j -d link: {links}"))
            .clone()
    };
    let mut want: Vec<&str> = vec!["lo", "mk0", "mk1", "mkv0", "mkv1", "mkbr0", "mkifb0"];
    want.extend(["mkmv0", "mkvx0"]);
    for (peer, of) in [("mkv0", "mkv1"), ("mkv1", "mkv0")] {
        let l = by_name(peer);
        assert_eq!(
            (&l["linkinfo"]["info_kind"], &l["link"]),
            (&json!("veth"), &json!(of)),
            "{l}"
        );
        assert_eq!(l["operstate"], "DOWN", "{l}");
    }
    assert_eq!(by_name("mkbr0")["linkinfo"]["info_kind"], "bridge");
    assert_eq!(by_name("mkbr0")["altnames"], serde_json::Value::Null);
    assert_eq!(by_name("mkifb0")["linkinfo"]["info_kind"], "ifb");
    let mv = by_name("mkmv0");
    assert_eq!(
        (
            &mv["linkinfo"]["info_kind"],
            &mv["linkinfo"]["info_data"]["mode"],
            &mv["link"]
        ),
        (&json!("macvlan"), &json!("bridge"), &json!("mk0")),
        "{mv}"
    );
    let vx = &by_name("mkvx0")["linkinfo"];
    assert_eq!(vx["info_kind"], "vxlan", "{vx}");
    for (key, value) in [
        ("id", json!(42)),
        ("port", json!(4789)),
        ("local", json!("10.9.0.1")),
        ("link", json!("mk0")),
    ] {
        assert_eq!(vx["info_data"][key], value, "{key}: {vx}");
    }
    assert_eq!(
        by_name("mk0")["altnames"],
        json!(["mk0-given-by-the-cxx-header"])
    );

    // The kinds this kernel may lack: each as `ip link add` makes it, or refuses it.
    let kinds: Vec<Vec<&str>> = out
        .lines()
        .filter_map(|l| l.strip_prefix("kind "))
        .map(|l| l.splitn(5, ' ').collect())
        .collect();
    assert_eq!(kinds.len(), 5, "{out}");
    for k in &kinds {
        let (kind, name) = (k[0], k[1]);
        let (args, setting): (Vec<&str>, _) = match kind {
            "dummy" => (vec![], json!({})),
            "vlan" => (vec!["id", "10"], json!({"id": 10, "protocol": "802.1Q"})),
            "vrf" => (vec!["table", "300"], json!({"table": 300})),
            "bond" => (
                vec!["mode", "active-backup"],
                json!({"mode": "active-backup"}),
            ),
            "ipvlan" => (vec!["mode", "l2"], json!({"mode": "l2"})),
            other => panic!("kind {other}"),
        };
        if k[2] == "ok" {
            want.push(name);
            let l = by_name(name);
            assert_eq!(l["linkinfo"]["info_kind"], kind, "{l}");
            for (key, value) in setting.as_object().unwrap() {
                assert_eq!(&l["linkinfo"]["info_data"][key], value, "{key}: {l}");
            }
            continue;
        }
        assert_eq!(k[2], "error", "{out}");
        let parent: &[&str] = if matches!(kind, "vlan" | "ipvlan") {
            &["link", "mk0"]
        } else {
            &[]
        };
        let probe = Command::new("ip")
            .args(["link", "add"])
            .args(parent)
            .args(["name", "mkprobe", "type", kind])
            .args(&args)
            .output()
            .expect("run ip");
        let stderr = String::from_utf8_lossy(&probe.stderr);
        assert!(
            !probe.status.success(),
            "ip made the {kind} the C++ call could not"
        );
        assert!(
            stderr.contains(&format!("Error: {}.", k[4])),
            "{kind}: {stderr} / {out}"
        );
        assert_eq!(k[3], libc::EOPNOTSUPP.to_string(), "{kind}: {out}");
    }
    let mut have: Vec<String> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    have.sort();
    want.sort();
    assert_eq!(have, want, "the links differ from ip -j link");
}

fn check_hpp_make(mode: Mode) {
    make_fixture();
    let out = run(mode, "hpp_make");
    check_made_links(&out);
    check_made_addresses();
    check_made_routes();
    check_made_neighbours();
}

fn check_link_dump_cpp(mode: Mode) {
    fixture();
    let out = run(mode, "link_dump_cpp");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        ip_link_lines(),
        "link_dump_cpp differs from ip -j link"
    );
}

fn all(mode: Mode) {
    if !mode.available() {
        return;
    }
    built();
    in_netns(move || check_hpp_api(mode));
    in_netns(move || check_link_dump_cpp(mode));
    in_netns(move || check_hpp_make(mode));
}

/// The C++ twins of the C examples, through the checks of their C programs.
fn twins(mode: Mode) {
    if !mode.available() {
        return;
    }
    built();
    in_netns(move || check_set_mtu_and_link_dump(mode, "set_mtu_cpp", "link_dump_cpp"));
    in_netns(move || check_set_mtu_unknown_device(mode, "set_mtu_cpp"));
    in_netns(move || check_set_mtu_below_minimum(mode, "set_mtu_cpp"));
    in_netns(move || check_bad_arguments(mode, "set_mtu_cpp", "monitor_cpp"));
    in_netns(move || check_monitor(mode, "monitor_cpp"));
    in_netns(move || check_monitor_overrun(mode, "monitor_cpp"));
    in_netns(move || check_mirror_overrun(mode, "mirror_cpp", 1));
    in_netns(move || check_mirror_live(mode, "mirror_cpp"));
    check_mirror_bad_arguments(mode, "mirror_cpp");
    // Generic families are the kernel's, the same in every namespace.
    check_genl_ctrl_list_and_get(mode, "genl_ctrl_cpp");
    check_genl_ctrl_unknown_family(mode, "genl_ctrl_cpp");
    check_genl_ctrl_policy(mode, "genl_ctrl_cpp");
    check_genl_ctrl_bad_arguments(mode, "genl_ctrl_cpp");
    let n = Nlynl {
        mode,
        name: "nlynl_cpp",
    };
    check_nlynl_bad_arguments(n);
    check_nlynl_lists(n);
    in_netns(move || check_nlynl_rule_dump(n));
    in_netns(move || check_nlynl_rules_added(n));
    in_netns(move || check_nlynl_netdev_dev_get(n));
    in_netns(move || check_nlynl_ethtool_errors(n));
    in_netns(move || check_nlynl_check(n));
    in_netns(move || check_nlynl_notifications(n));
}

#[test]
fn twins_plain() {
    twins(Mode::Plain);
    // As for mirror.c, plainly only: under valgrind the churn can end before the mirror starts.
    in_netns(|| check_mirror_churn(Mode::Plain, "mirror_cpp"));
}

#[test]
fn twins_under_valgrind() {
    twins(Mode::Valgrind);
}

#[test]
fn twins_with_sanitizers() {
    twins(Mode::Sanitizers);
}

#[test]
fn hpp_plain() {
    all(Mode::Plain);
}

#[test]
fn hpp_under_valgrind() {
    all(Mode::Valgrind);
}

#[test]
fn hpp_with_sanitizers() {
    all(Mode::Sanitizers);
}

/// The header compiles without a warning (`-Wall -Wextra -pedantic` and the strict build's
/// `-Wconversion -Wshadow`) as C++17 and C++20, with the C++ compiler and with clang++ when it
/// is installed (C++20 also checks that the ranges model the standard's concepts).
#[test]
fn hpp_compiles_warning_free() {
    let include = manifest_dir().join("include");
    for compiler in ["c++", "clang++"] {
        if Command::new(compiler).arg("--version").output().is_err() {
            eprintln!("{compiler} not installed: skipped");
            continue;
        }
        for std in ["-std=c++17", "-std=c++20"] {
            for src in [
                "tests/cpp/hpp_api.cpp",
                "tests/cpp/hpp_make.cpp",
                "c-examples/link_dump.cpp",
                "c-examples/set_mtu.cpp",
                "c-examples/monitor.cpp",
                "c-examples/mirror.cpp",
                "c-examples/genl_ctrl.cpp",
                "c-examples/nlynl.cpp",
            ] {
                let include = format!("-I{}", include.display());
                let what = format!("{compiler} {std} {src}");
                syntax_check(compiler, &[std, &include], &manifest_dir().join(src), &what);
            }
        }
    }
}

/// Compiles `src` with `compiler` and `args` for its syntax only, with the strict build's
/// warnings as errors; `what` names the check when it fails, with the compiler's message.
fn syntax_check(compiler: &str, args: &[&str], src: &std::path::Path, what: &str) {
    let out = Command::new(compiler)
        .args(["-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only"])
        .args(CXX_STRICT)
        .args(args)
        .arg(src)
        .output()
        .expect("run the compiler");
    assert!(
        out.status.success(),
        "{what}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Each part of the header (`include/nlrs/*.hpp`) compiles alone, first in its translation
/// unit, with the strict build's warnings: it includes what it uses. And nlrs.hpp includes
/// every part, so that none is left out of what users get.
#[test]
fn hpp_parts_compile_alone() {
    let include = manifest_dir().join("include");
    let umbrella = std::fs::read_to_string(include.join("nlrs.hpp")).expect("read nlrs.hpp");
    let mut parts: Vec<_> = std::fs::read_dir(include.join("nlrs"))
        .expect("list include/nlrs")
        .map(|e| e.expect("list include/nlrs").path())
        .collect();
    parts.sort();
    assert!(!parts.is_empty(), "include/nlrs/ holds no part");
    for part in parts {
        let name = part.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            umbrella.contains(&format!("#include \"nlrs/{name}\"")),
            "nlrs.hpp does not include nlrs/{name}"
        );
        let what = format!("nlrs/{name} does not compile alone");
        syntax_check("c++", &["-std=c++17", "-x", "c++"], &part, &what);
    }
}
