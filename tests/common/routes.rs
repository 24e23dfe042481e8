//! Routes as iproute2 shows them, for tests that compare a mirror's routes with `ip -j route`
//! and with a fresh dump.

use super::ip_json;
use nlrs::conn::Socket;
use nlrs::rtnl::route::{self, Route, RouteFilter};
use nlrs::rtnl::IfIndex;
use nlrs::wire::consts::proto;
use serde_json::Value;
use std::collections::BTreeMap;

/// Interface names by index, as ip lists them.
pub fn names() -> BTreeMap<IfIndex, String> {
    ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                IfIndex::new(l["ifindex"].as_i64().unwrap() as u32),
                l["ifname"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A route in the terms `ip -j route` uses: destination, metric, type, protocol, preferred
/// source and its paths (gateway@device, sorted).
pub fn route_view(r: &Route, names: &BTreeMap<IfIndex, String>) -> String {
    let dev = |i: IfIndex| names.get(&i).cloned().unwrap_or_default();
    let gw = |g: Option<std::net::IpAddr>| g.map(|g| g.to_string()).unwrap_or_default();
    let mut hops: Vec<String> = if r.multipath.is_empty() {
        vec![format!(
            "{}@{}",
            gw(r.gateway),
            r.oif.map(dev).unwrap_or_default()
        )]
    } else {
        r.multipath
            .iter()
            .map(|h| format!("{}@{}", gw(h.gateway), dev(h.ifindex)))
            .collect()
    };
    hops.sort();
    // The alternate form is ip's: the length of a host route left out, `default`.
    format!(
        "{:#} m{} {} {} src={} [{}]",
        r.dst,
        r.priority.unwrap_or(0),
        r.rtype,
        r.protocol,
        r.prefsrc.map(|p| p.to_string()).unwrap_or_default(),
        hops.join(",")
    )
}

/// The same view of one route of `ip -j route` (which leaves out unicast, boot and metric 0).
pub fn ip_route_view(j: &Value) -> String {
    let s = |k: &str, dflt: &str| j[k].as_str().unwrap_or(dflt).to_string();
    let mut hops: Vec<String> = if j["nexthops"].is_null() {
        vec![format!("{}@{}", s("gateway", ""), s("dev", ""))]
    } else {
        j["nexthops"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                format!(
                    "{}@{}",
                    h["gateway"].as_str().unwrap_or(""),
                    h["dev"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    hops.sort();
    // Blackhole routes have no device in ip's view; the kernel reports none for IPv4.
    format!(
        "{} m{} {} {} src={} [{}]",
        s("dst", ""),
        j["metric"].as_i64().unwrap_or(0),
        s("type", "unicast"),
        s("protocol", "boot"),
        s("prefsrc", ""),
        hops.join(",")
    )
}

/// Every route of family `af` (`AF_INET`, `AF_INET6`) in a fresh dump, every table, as
/// `{:?}` strings, sorted: what a mirror's routes must equal field for field. Not the route
/// cache (`RTM_F_CLONED`), which a mirror does not keep.
pub fn dumped_routes(af: u8) -> Vec<String> {
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let filter = RouteFilter::default().family(af);
    let mut v: Vec<String> = route::list(&mut sock, &filter)
        .unwrap()
        .iter()
        .filter(|r: &&Route| r.flags & 0x200 == 0)
        .map(|r| format!("{r:?}"))
        .collect();
    v.sort();
    v
}
