//! Routes as iproute2 shows them, for tests that compare a mirror's routes with `ip -j route`
//! and with a fresh dump.

use super::{capi, ip_json};
use nlrs::conn::Socket;
use nlrs::rtnl::route::{self, Route, RouteFilter};
use nlrs::rtnl::IfIndex;
use nlrs::wire::consts::proto;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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

/// The name `ip -j route` gives preference `p` (`print_rt_pref`), a number for any other.
pub fn pref_name(p: u8) -> String {
    match p {
        route::pref::LOW => "low".into(),
        route::pref::MEDIUM => "medium".into(),
        route::pref::HIGH => "high".into(),
        other => other.to_string(),
    }
}

/// A route in the terms `ip -j route` uses: destination, metric, type, protocol, preferred
/// source, nexthop object, preference (IPv6) and its paths (gateway@device, sorted).
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
        "{:#} m{} {} {} src={}{}{} [{}]",
        r.dst,
        r.priority.unwrap_or(0),
        r.rtype,
        r.protocol,
        r.prefsrc.map(|p| p.to_string()).unwrap_or_default(),
        r.nh_id.map(|n| format!(" nhid={n}")).unwrap_or_default(),
        r.pref
            .map(|p| format!(" pref={}", pref_name(p)))
            .unwrap_or_default(),
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
    let pref = match &j["pref"] {
        Value::Null => String::new(),
        Value::String(p) => format!(" pref={p}"),
        other => format!(" pref={other}"),
    };
    format!(
        "{} m{} {} {} src={}{}{pref} [{}]",
        s("dst", ""),
        j["metric"].as_i64().unwrap_or(0),
        s("type", "unicast"),
        s("protocol", "boot"),
        s("prefsrc", ""),
        j["nhid"]
            .as_i64()
            .map(|n| format!(" nhid={n}"))
            .unwrap_or_default(),
        hops.join(",")
    )
}

/// Every route of family `af` (`AF_INET`, `AF_INET6`) in a fresh dump, every table, as
/// `{:?}` strings, sorted: what a mirror's routes must equal field for field. Not the route
/// cache (`RTM_F_CLONED`), which a mirror does not keep, nor a route's remaining lifetime
/// (`expires`, a countdown the mirror does not keep either).
pub fn dumped_routes(af: u8) -> Vec<String> {
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    let filter = RouteFilter::default().family(af);
    let mut v: Vec<String> = route::list(&mut sock, &filter)
        .unwrap()
        .into_iter()
        .filter(|r| r.flags & 0x200 == 0)
        .map(|mut r| {
            r.expires = None;
            format!("{r:?}")
        })
        .collect();
    v.sort();
    v
}

/// A route as the C getters read it, and as the Rust mirror gives it: what tells routes
/// apart, and what a route object keeps beside (gateway, interface, paths, metrics), then
/// its preference, last: the one field of the line that a change of the route may change
/// (see [`same_route`]).
pub fn route_line(r: &Route) -> String {
    let cc = r.metrics.as_ref().and_then(|m| m.cc_algo.clone());
    format!(
        "{} {} {} {:?} {:?} {:?} {} {} {} {} {:?} {:?} {cc:?} pref={:?}",
        r.table,
        r.family,
        r.dst,
        r.priority,
        r.gateway,
        r.oif.map(IfIndex::get),
        u8::from(r.protocol),
        u8::from(r.scope),
        u8::from(r.rtype),
        r.multipath.len(),
        r.nh_id,
        r.expires,
        r.pref,
    )
}

/// Whether two [`route_line`]s may be one route before and after a change: equal but for
/// the preference, which the mirror keeps as a value of an IPv6 route (a replace that
/// changes it alone is reported as a change, `ChangeKind::Change`); every other field of
/// the line is part of what tells routes apart (or, the expiry, never kept).
pub fn same_route(a: &str, b: &str) -> bool {
    let without_pref = |l: &str| l.rsplit_once(" pref=").map(|(id, _)| id.to_string());
    without_pref(a).is_some() && without_pref(a) == without_pref(b)
}

/// The route `obj` lends, read through the C getters, as [`route_line`] writes it. Called
/// from a C callback, so it never panics (that would abort).
pub fn c_route_line(obj: *const capi::nlrs_object) -> String {
    use std::ffi::CStr;
    let r = capi::nlrs_object_route(obj);
    if r.is_null() {
        return "not a route".into();
    }
    let ip = |a: &capi::nlrs_ipaddr| match a.family {
        2 => IpAddr::V4(Ipv4Addr::new(a.addr[0], a.addr[1], a.addr[2], a.addr[3])),
        _ => IpAddr::V6(Ipv6Addr::from(a.addr)),
    };
    let mut a = capi::nlrs_ipaddr::default();
    // A default route has no destination attribute: the getter says so, where the Rust
    // route holds the prefix of length 0.
    let dst = match capi::nlrs_route_dst(r, &mut a) {
        1 => format!("{}/{}", ip(&a), capi::nlrs_route_dst_len(r)),
        _ if capi::nlrs_route_family(r) == 2 => "0.0.0.0/0".into(),
        _ => "::/0".into(),
    };
    let gateway = (capi::nlrs_route_gateway(r, &mut a) == 1).then(|| ip(&a));
    let mut n = 0u32;
    let priority = (capi::nlrs_route_priority(r, &mut n) == 1).then_some(n);
    let oif = (capi::nlrs_route_oif(r, &mut n) == 1).then_some(n);
    let nh_id = (capi::nlrs_route_nh_id(r, &mut n) == 1).then_some(n);
    let mut p = 0u8;
    let pref = (capi::nlrs_route_pref(r, &mut p) == 1).then_some(p);
    let expires = (capi::nlrs_route_expires(r, &mut n) == 1).then_some(n);
    let cc = capi::nlrs_route_congctl(r);
    let cc = (!cc.is_null()).then(|| unsafe { CStr::from_ptr(cc) }.to_string_lossy().into_owned());
    format!(
        "{} {} {dst} {priority:?} {gateway:?} {oif:?} {} {} {} {} {nh_id:?} {expires:?} {cc:?} \
         pref={pref:?}",
        capi::nlrs_route_table(r),
        capi::nlrs_route_family(r),
        capi::nlrs_route_protocol(r),
        capi::nlrs_route_scope(r),
        capi::nlrs_route_type(r),
        capi::nlrs_route_nexthop_count(r),
    )
}

/// What a C API mirror's callback ([`c_seen`]) keeps: the routes reported, each as
/// [`c_route_line`] reads it, what was wrong with a report (a callback must not panic),
/// after how many changes it stops (never when 0), and how many re-dumps it was told of.
#[derive(Debug, Default)]
pub struct CSeen {
    pub lines: BTreeMap<String, usize>,
    pub wrong: Vec<String>,
    pub changes: usize,
    pub stop_every: usize,
    pub resyncs: usize,
}

/// A C API mirror's callback (`ud`: a [`CSeen`]) that applies each report to the lines it
/// keeps, noting a report it cannot apply: an addition, a change of a route it has, the
/// removal of one it has. A [`capi::NLRS_CHANGE_CHANGE`] passes the route as it is now:
/// it changed the route of its line (flags, next hops' flags, which the line does not show)
/// or, when the line is not held, the route held with another preference ([`same_route`]).
///
/// # Safety
///
/// `ud` is a `CSeen`, alive and not otherwise borrowed for the call; `obj` a C API object.
pub unsafe extern "C" fn c_seen(
    ud: *mut std::ffi::c_void,
    change: i32,
    obj: *const capi::nlrs_object,
) -> i32 {
    // SAFETY: `ud` is the `CSeen` the caller passed, alive for the call.
    let seen = unsafe { &mut *ud.cast::<CSeen>() };
    if change == capi::NLRS_CHANGE_RESYNC {
        seen.resyncs += 1;
        return 0;
    }
    let line = c_route_line(obj);
    let had = seen.lines.get(&line).copied().unwrap_or(0);
    // The line of the route a change changed, when its preference changed.
    let was = (change == capi::NLRS_CHANGE_CHANGE && had == 0)
        .then(|| seen.lines.keys().find(|l| same_route(l, &line)).cloned())
        .flatten();
    match (change, was) {
        (capi::NLRS_CHANGE_ADD, _) => *seen.lines.entry(line).or_default() += 1,
        (capi::NLRS_CHANGE_CHANGE, _) if had > 0 => {}
        (capi::NLRS_CHANGE_CHANGE, Some(was)) => {
            take_line(&mut seen.lines, &was);
            *seen.lines.entry(line).or_default() += 1;
        }
        (capi::NLRS_CHANGE_REMOVE, _) if had > 0 => take_line(&mut seen.lines, &line),
        _ => seen.wrong.push(format!("{change} {line}")),
    }
    seen.changes += 1;
    i32::from(seen.stop_every > 0 && seen.changes % seen.stop_every == 0)
}

/// Takes one of the routes of `line` out of `lines` (which has it).
fn take_line(lines: &mut BTreeMap<String, usize>, line: &str) {
    match lines.get_mut(line) {
        Some(n) if *n > 1 => *n -= 1,
        _ => {
            lines.remove(line);
        }
    }
}
