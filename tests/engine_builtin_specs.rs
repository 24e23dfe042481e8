//! The built-in descriptions of `specs/` against the running kernel through the engine's
//! Rust API: `Client::check` finds no mismatch for each built-in generic family, and finds
//! each mismatch planted in a wrong description; the rtnetlink descriptions decode the
//! fixture of `tests/c_nlip.rs` as the typed decoders do.

mod common;

use nlrs::engine::{Client, Mismatch};
use std::io::Write;

fn check(client: &mut Client) -> Vec<Mismatch> {
    client.check().expect("policy dump")
}

/// Every built-in generic family describes all the kernel's commands and the attributes
/// their requests take, with the kernel's types.
#[test]
fn builtin_generic_families_agree_with_the_kernel() {
    common::in_netns(|| {
        for name in ["nlctrl", "netdev", "ethtool", "mptcp_pm", "tcp_metrics"] {
            let mut c = Client::builtin(name).expect(name);
            let found = check(&mut c);
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
    });
}

/// tcp_metrics with four planted mistakes: a type, an attribute left out, a command the
/// kernel lacks and a request attribute past the kernel's last one.
const WRONG_TCP_METRICS: &str = "
name: tcp_metrics
protocol: genetlink-legacy
doc: tcp_metrics, wrongly described on purpose.
attribute-sets:
  -
    name: tcp-metrics
    attributes:
      - {name: addr-ipv4, type: u16}
      - {name: addr-ipv6, type: binary}
      - {name: age, type: u64}
      - {name: tw-tsval, type: u32}
      - {name: tw-ts-stamp, type: s32}
      - {name: vals, type: binary}
      - {name: fopen-mss, type: u16}
      - {name: fopen-syn-drops, type: u16}
      - {name: fopen-syn-drop-ts, type: u64}
      - {name: fopen-cookie, type: binary}
      - {name: saddr-ipv4, type: u32, byte-order: big-endian}
      - {name: bogus, type: u32, value: 20}
operations:
  list:
    -
      name: get
      doc: Get.
      attribute-set: tcp-metrics
      do:
        request:
          attributes: [addr-ipv4, addr-ipv6, saddr-ipv4, bogus]
    -
      name: del
      doc: Delete.
      attribute-set: tcp-metrics
      do:
        request:
          attributes: [addr-ipv4]
    -
      name: bogus
      doc: A command the kernel lacks.
      value: 9
      attribute-set: tcp-metrics
      do:
        request:
          attributes: [age]
";

#[test]
fn check_reports_the_mismatches_of_a_wrong_description() {
    common::in_netns(|| {
        let dir = std::env::temp_dir().join(format!("nlrs-ynl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tcp_metrics.yaml");
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(WRONG_TCP_METRICS.as_bytes()))
            .unwrap();
        let mut c = Client::from_file(&path).expect("the wrong description still loads");
        let found: Vec<String> = check(&mut c).iter().map(ToString::to_string).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        let has = |op: Option<&str>, attr: Option<&str>| {
            found.iter().any(|m| {
                op.is_none_or(|o| m.contains(&format!("operation {o}:")))
                    && attr.is_none_or(|a| m.contains(&format!("attribute {a}:")))
            })
        };
        assert!(
            has(Some("get"), Some("addr-ipv4")),
            "type u16 vs u32: {found:#?}"
        );
        assert!(
            has(Some("get"), Some("bogus")),
            "bogus (20) is past the last attribute, 13: {found:#?}"
        );
        assert!(has(Some("bogus"), None), "no command 9: {found:#?}");
        assert!(
            found.iter().any(|m| m.contains("type 12")),
            "saddr-ipv6 (12) is left out: {found:#?}"
        );
    });
}

// ---------------------------------------------------------------------------------------------
// Differential: the rt-link, rt-addr and rt-neigh descriptions against the typed decoders.

use nlrs::conn::Socket;
use nlrs::rtnl::{addr, link, neigh, route};
use nlrs::wire::consts::proto;
use serde_json::{json, Value};

/// The flag names of rt-link's `ifinfo-flags`, bit 0 first.
const IFF: &[&str] = &[
    "up",
    "broadcast",
    "debug",
    "loopback",
    "point-to-point",
    "no-trailers",
    "running",
    "no-arp",
    "promisc",
    "all-multi",
    "master",
    "slave",
    "multicast",
    "portsel",
    "auto-media",
    "dynamic",
    "lower-up",
    "dormant",
    "echo",
];

/// Route type `t` as the descriptions name it: iproute2's names (`RouteType::name`) but
/// for 0, which the kernel's enum calls "unspec"; the number past the names.
fn rtn_name(t: impl Into<route::RouteType>) -> Value {
    let t = t.into();
    match t.name() {
        Some("none") => json!("unspec"),
        Some(name) => json!(name),
        None => json!(u8::from(t)),
    }
}

fn engine_dump(family: &str, op: &str, request: Value) -> Vec<Value> {
    let mut c = Client::builtin(family).unwrap();
    let msgs = c
        .dump(op, &request)
        .expect("dump")
        .map(|m| m.map(|t| t.to_json()))
        .collect::<Result<_, _>>();
    msgs.expect("every message decodes")
}

fn opt<T: Into<Value>>(v: Option<T>) -> Value {
    v.map_or(Value::Null, Into::into)
}

fn get(m: &Value, key: &str) -> Value {
    m.get(key).cloned().unwrap_or(Value::Null)
}

/// Runs `f` on a thread of its own, in a namespace holding the fixture of `tests/c_nlip.rs`,
/// with a routing socket there.
fn in_fixture(f: impl FnOnce(&mut Socket) + Send + 'static) {
    let handle = std::thread::spawn(move || {
        common::fixture::fixture();
        f(&mut Socket::open(proto::ROUTE).unwrap())
    });
    if let Err(panic) = handle.join() {
        std::panic::resume_unwind(panic);
    }
}

/// `getstats` (struct if_stats_msg, then the stats attributes) reports the link's 64-bit
/// counters, those `getlink` reports too: equal for the links that are down, whose counters
/// cannot move between the two dumps.
#[test]
fn rt_link_getstats_reports_the_counters_getlink_does() {
    in_fixture(|_| {
        let links = engine_dump("rt-link", "getlink", json!({}));
        // filter-mask bit 0: IFLA_STATS_LINK_64.
        let stats = engine_dump("rt-link", "getstats", json!({"filter-mask": 1}));
        assert_eq!(stats.len(), links.len(), "{stats:#?}");
        for l in links
            .iter()
            .filter(|l| !get(l, "ifi-flags").to_string().contains("\"up\""))
        {
            let s = stats
                .iter()
                .find(|s| s["ifindex"] == l["ifi-index"])
                .unwrap_or_else(|| panic!("no stats for {l}"));
            assert_eq!(s["link-64"], l["stats64"], "{}", l["ifname"]);
        }
    });
}

/// `getneightbl` dumps the neighbour tables by name, IPv4's and IPv6's, each with its
/// configuration and one `parms` per device.
#[test]
fn rt_neigh_getneightbl_dumps_the_tables() {
    in_fixture(|_| {
        let tables = engine_dump("rt-neigh", "getneightbl", json!({"family": 0}));
        let by_family = |name: &str| -> Vec<Value> {
            tables
                .iter()
                .filter(|t| t["name"] == name)
                .map(|t| t["family"].clone())
                .collect()
        };
        assert!(by_family("arp_cache").iter().all(|f| *f == 2));
        assert!(by_family("ndisc_cache").iter().all(|f| *f == 10));
        let with_config = |name: &str| {
            tables
                .iter()
                .any(|t| t["name"] == name && t["config"]["key-len"].is_u64())
        };
        assert!(
            with_config("arp_cache") && with_config("ndisc_cache"),
            "{tables:#?}"
        );
        let v0 = common::ifindex("v0");
        assert!(
            tables
                .iter()
                .any(|t| t["name"] == "arp_cache" && t["parms"]["ifindex"] == v0),
            "{tables:#?}"
        );
    });
}

/// Links: every field of link::Link; the counters only of links that are down, whose
/// counters cannot move between the two dumps.
#[test]
fn rt_link_getlink_agrees_with_the_typed_link_decoder() {
    in_fixture(|sock| {
        let typed: Vec<Value> = link::list(sock, &link::LinkFilter::default())
            .unwrap()
            .iter()
            .map(|l| {
                let flags: Vec<&str> = (0..IFF.len())
                    .filter(|b| l.flags.bits() & (1 << b) != 0)
                    .map(|b| IFF[b])
                    .collect();
                let quiet = !l.is_up();
                json!({
                    "ifi-family": l.family, "ifi-index": l.index.get(), "ifi-type": l.ifi_type,
                    "ifi-flags": flags, "ifname": l.name.to_string(), "mtu": opt(l.mtu),
                    "min-mtu": opt(l.min_mtu), "max-mtu": opt(l.max_mtu),
                    "operstate": opt(l.operstate.map(u8::from)),
                    "address": opt(l.address.map(|a| a.to_string())),
                    "broadcast": opt(l.broadcast.map(|a| a.to_string())),
                    "txqlen": opt(l.txqlen), "master": opt(l.master.map(u32::from)),
                    "link": opt(l.link.map(u32::from)),
                    "link-netnsid": opt(l.link_netnsid), "kind": opt(l.kind.clone()),
                    "stats": if quiet { opt(l.stats.as_deref().map(|s| json!([s.rx_packets, s.tx_packets,
                        s.rx_bytes, s.tx_bytes, s.rx_errors, s.tx_errors, s.rx_dropped,
                        s.tx_dropped]))) } else { Value::Null },
                })
            })
            .collect();
        let ours: Vec<Value> = engine_dump("rt-link", "getlink", json!({}))
            .iter()
            .map(|m| {
                let quiet = !m["ifi-flags"].as_array().unwrap().contains(&json!("up"));
                let s = &m["stats64"];
                json!({
                    "ifi-family": m["ifi-family"], "ifi-index": m["ifi-index"],
                    "ifi-type": m["ifi-type"], "ifi-flags": m["ifi-flags"],
                    "ifname": m["ifname"], "mtu": get(m, "mtu"), "min-mtu": get(m, "min-mtu"),
                    "max-mtu": get(m, "max-mtu"), "operstate": get(m, "operstate"),
                    "address": get(m, "address"), "broadcast": get(m, "broadcast"),
                    "txqlen": get(m, "txqlen"), "master": get(m, "master"),
                    "link": get(m, "link"), "link-netnsid": get(m, "link-netnsid"),
                    "kind": m.get("linkinfo").map_or(Value::Null, |i| get(i, "kind")),
                    "stats": if quiet && !s.is_null() { json!([s["rx-packets"],
                        s["tx-packets"], s["rx-bytes"], s["tx-bytes"], s["rx-errors"],
                        s["tx-errors"], s["rx-dropped"], s["tx-dropped"]]) } else { Value::Null },
                })
            })
            .collect();
        assert_eq!(ours.len(), 10);
        assert_eq!(ours, typed);
    });
}

/// Addresses: every field of addr::Addr.
#[test]
fn rt_addr_getaddr_agrees_with_the_typed_addr_decoder() {
    in_fixture(|sock| {
        let typed: Vec<Value> = addr::list(sock, &addr::AddrFilter::default())
            .unwrap()
            .iter()
            .map(|a| {
                json!([
                    a.family,
                    a.prefixlen,
                    u8::from(a.scope),
                    a.index.get(),
                    opt(a.address.map(|x| x.to_string())),
                    opt(a.local.map(|x| x.to_string())),
                    opt(a.broadcast.map(|x| x.to_string())),
                    opt(a.label.as_ref().map(|n| n.to_string())),
                    opt(a.valid_lft),
                    opt(a.preferred_lft)
                ])
            })
            .collect();
        let ours: Vec<Value> = engine_dump("rt-addr", "getaddr", json!({"ifa-family": 0}))
            .iter()
            .map(|m| {
                let ci = &m["cacheinfo"];
                json!([
                    m["ifa-family"],
                    m["ifa-prefixlen"],
                    m["ifa-scope"],
                    m["ifa-index"],
                    get(m, "address"),
                    get(m, "local"),
                    get(m, "broadcast"),
                    get(m, "label"),
                    get(ci, "ifa-valid"),
                    get(ci, "ifa-prefered")
                ])
            })
            .collect();
        assert!(ours.len() >= 6, "{ours:#?}");
        assert_eq!(ours, typed);
    });
}

/// The bits of flag names `v` (a list of `names`, bit 0 first); 0 when `v` is not a list.
fn bits(v: &Value, names: &[&str]) -> u64 {
    v.as_array().map_or(0, |a| {
        a.iter()
            .map(|n| 1u64 << names.iter().position(|x| Some(*x) == n.as_str()).unwrap())
            .sum()
    })
}

/// Neighbour states (`NUD_*`), bit 0 first.
const NUD: &[&str] = &[
    "incomplete",
    "reachable",
    "stale",
    "delay",
    "probe",
    "failed",
    "noarp",
    "permanent",
];

/// Neighbour flags (`NTF_*`), bit 0 first.
const NTF: &[&str] = &[
    "use",
    "self",
    "master",
    "proxy",
    "ext-learned",
    "offloaded",
    "sticky",
    "router",
];

/// Neighbours: every field of neigh::Neigh.
#[test]
fn rt_neigh_getneigh_agrees_with_the_typed_neigh_decoder() {
    in_fixture(|sock| {
        let typed: Vec<Value> = neigh::list(sock, &neigh::NeighFilter::default())
            .unwrap()
            .iter()
            .map(|n| {
                json!([
                    n.family,
                    n.ifindex.get(),
                    n.state,
                    n.flags,
                    rtn_name(n.ntype),
                    opt(n.dst.map(|x| x.to_string())),
                    opt(n.lladdr.map(|x| x.to_string()))
                ])
            })
            .collect();
        let ours: Vec<Value> = engine_dump("rt-neigh", "getneigh", json!({"ndm-family": 0}))
            .iter()
            .map(|m| {
                json!([
                    m["ndm-family"],
                    m["ndm-ifindex"],
                    bits(&m["ndm-state"], NUD),
                    bits(&m["ndm-flags"], NTF),
                    m["ndm-type"],
                    get(m, "dst"),
                    get(m, "lladdr")
                ])
            })
            .collect();
        // The kernel makes and drops entries for multicast groups on its own (MLD, IGMP), so
        // one may come or go between the two dumps: compare the fixture's unicast entries.
        let unicast = |v: Vec<Value>| -> Vec<Value> {
            v.into_iter().filter(|n| n[4] != "multicast").collect()
        };
        let (ours, typed) = (unicast(ours), unicast(typed));
        assert!(ours.len() >= 3, "{ours:#?}");
        assert_eq!(ours, typed);
    });
}

/// Routes of every table: every field of route::Route but the paths of a multipath
/// route, which rt-route (like the kernel's description) keeps as bytes.
#[test]
fn rt_route_getroute_agrees_with_the_typed_route_decoder() {
    in_fixture(|sock| {
        let ip = |a: Option<std::net::IpAddr>| opt(a.map(|x| x.to_string()));
        let typed: Vec<Value> = route::list(sock, &route::RouteFilter::default())
            .unwrap()
            .iter()
            .map(|r| {
                json!([
                    r.family,
                    r.dst.len(),
                    r.src.map_or(0, |p| p.len()),
                    r.tos,
                    r.table,
                    u8::from(r.protocol),
                    u8::from(r.scope),
                    rtn_name(r.rtype),
                    r.flags,
                    // The description gives `RTA_DST` as sent: none for a default route.
                    ip((!r.dst.is_default()).then(|| r.dst.addr())),
                    ip(r.src.map(|p| p.addr())),
                    ip(r.gateway),
                    ip(r.prefsrc),
                    opt(r.oif.map(u32::from)),
                    opt(r.iif.map(u32::from)),
                    opt(r.priority),
                    !r.multipath.is_empty()
                ])
            })
            .collect();
        let ours: Vec<Value> = engine_dump("rt-route", "getroute", json!({"rtm-family": 0}))
            .iter()
            .map(|m| {
                let table = m.get("table").unwrap_or(&m["rtm-table"]).clone();
                json!([
                    m["rtm-family"],
                    m["rtm-dst-len"],
                    m["rtm-src-len"],
                    m["rtm-tos"],
                    table,
                    m["rtm-protocol"],
                    m["rtm-scope"],
                    m["rtm-type"],
                    m["rtm-flags"],
                    get(m, "dst"),
                    get(m, "src"),
                    get(m, "gateway"),
                    get(m, "prefsrc"),
                    get(m, "oif"),
                    get(m, "iif"),
                    get(m, "priority"),
                    m.get("multipath").is_some()
                ])
            })
            .collect();
        assert!(ours.len() >= 10, "{ours:#?}");
        assert_eq!(ours, typed);
    });
}

/// nlctrl's policy dump read through the description gives every attribute's mask where the
/// typed decoder (`genl::get_policy`, on linux/netlink.h's numbers) finds one: mask is
/// `NL_POLICY_TYPE_ATTR_MASK` 12 and pad 11 (numbered the other way round, a mask was
/// decoded as padding and dropped).
#[test]
fn nlctrl_policy_dump_gives_the_masks_the_typed_decoder_finds() {
    common::in_netns(|| {
        let mut sock = nlrs::conn::Socket::open(nlrs::wire::consts::proto::GENERIC).unwrap();
        let typed = nlrs::genl::get_policy(&mut sock, "ethtool", None).unwrap();
        let want: Vec<(u64, u64, u64)> = typed
            .attrs
            .iter()
            .filter_map(|a| {
                let m = a.policy.mask?;
                Some((u64::from(a.policy_idx), u64::from(a.attr_type), m))
            })
            .collect();
        assert!(
            !want.is_empty(),
            "ethtool's policies have masks (its header flags)"
        );
        let mut c = Client::builtin("nlctrl").unwrap();
        let req = serde_json::json!({"family-name": "ethtool"});
        let got: Vec<(u64, u64, u64)> = c
            .dump("getpolicy", &req)
            .unwrap()
            .filter_map(|m| {
                let m = m.unwrap();
                let p = m.get("policy")?;
                let mask = p.get("mask")?.as_u64()?;
                Some((p["policy-id"].as_u64()?, p["attr-id"].as_u64()?, mask))
            })
            .collect();
        assert_eq!(got, want);
    });
}

/// The kernel writes vxlan's ttl-inherit (a flag in requests) as a u8 of 0 or 1 in dumps:
/// through rt-link it reads as that value, as `ip -d link` shows it (`ttl inherit` or not).
#[test]
fn rt_link_vxlan_ttl_inherit_reads_as_the_kernel_writes_it() {
    common::in_netns(|| {
        common::ip(&[
            "link", "add", "vx0", "type", "vxlan", "id", "1", "dstport", "4789", "ttl", "9",
        ]);
        common::ip(&[
            "link", "add", "vx1", "type", "vxlan", "id", "2", "dstport", "4789", "ttl", "inherit",
        ]);
        let links = engine_dump("rt-link", "getlink", serde_json::json!({}));
        let inherit = |name: &str| {
            let l = links.iter().find(|l| l["ifname"] == name).unwrap();
            l["linkinfo"]["data"]["ttl-inherit"].clone()
        };
        for (name, want) in [("vx0", false), ("vx1", true)] {
            let shown = common::ip(&["-d", "link", "show", name]).contains("ttl inherit");
            assert_eq!(
                (inherit(name), shown),
                (serde_json::json!(want), want),
                "{name}"
            );
        }
    });
}
