//! Typed rtnetlink objects against the real kernel, checked with iproute2 in both directions.

mod common;

use common::{ip, ip_json, link_index, private_netns, veth};
use nlrs::conn::{Error, Socket};
use nlrs::rtnl::addr::{self, AddrFilter, AddrSpec};
use nlrs::rtnl::link::{self, LinkChange, LinkFilter, LinkFlags, LinkKind, MacvlanMode, Vxlan};
use nlrs::rtnl::neigh::{self, NeighFilter, NeighSpec};
use nlrs::rtnl::route::{self, RouteFilter, RouteSpec, RouteType};
use nlrs::rtnl::{HwAddr, IfIndex, Mode, Spec};
use nlrs::wire::consts::*;
use std::net::IpAddr;

fn sock() -> Socket {
    Socket::open(proto::ROUTE).unwrap()
}

fn ipaddr(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn links_match_ip_and_changes_are_seen_by_ip() {
    private_netns();
    let mut s = sock();
    link::create(&mut s, "v0", &LinkKind::Veth { peer: "v1".into() }).unwrap();
    link::create(&mut s, "br0", &LinkKind::Bridge).unwrap();
    link::create(&mut s, "ifb0", &LinkKind::Ifb).unwrap();
    let v0 = link_index("v0");
    link::create(
        &mut s,
        "mv0",
        &LinkKind::Macvlan {
            parent: v0,
            mode: MacvlanMode::Bridge,
        },
    )
    .unwrap();
    link::create(
        &mut s,
        "vx0",
        &LinkKind::Vxlan(Vxlan::new(42, 4789).local(ipaddr("10.0.0.1")).parent(v0)),
    )
    .unwrap();
    let ours = link::list(&mut s, &LinkFilter::default()).unwrap();
    let theirs = ip_json(&["-d", "link", "show"]);
    assert_eq!(ours.len(), theirs.as_array().unwrap().len());
    for (l, j) in ours.iter().zip(theirs.as_array().unwrap()) {
        assert_eq!(Some(i64::from(l.index.get())), j["ifindex"].as_i64());
        // iproute2 adds M-DOWN for a link whose IFLA_LINK device is down, which is no flag.
        let flags: Vec<_> = j["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .filter(|&f| f != "M-DOWN")
            .collect();
        assert_eq!(
            l.flags.to_string(),
            flags.join(","),
            "flags as ip -j names them"
        );
        assert_eq!(l.name.to_str(), j["ifname"].as_str());
        assert_eq!(l.mtu.map(i64::from), j["mtu"].as_i64());
        assert_eq!(l.min_mtu.map(i64::from), j["min_mtu"].as_i64());
        assert_eq!(l.txqlen.map(i64::from), j["txqlen"].as_i64());
        assert_eq!(
            l.address.map(|a| a.to_string()).as_deref(),
            j["address"].as_str()
        );
        assert_eq!(l.kind.as_deref(), j["linkinfo"]["info_kind"].as_str());
        assert_eq!(
            l.operstate.map(|o| o.to_string()).as_deref(),
            j["operstate"].as_str()
        );
    }
    let mv = ours.iter().find(|l| l.name == "mv0").unwrap();
    assert_eq!(mv.link, Some(v0), "a macvlan's IFLA_LINK is its parent");

    // v0 carries a macvlan, whose receive hook keeps it out of a bridge: change its peer.
    let v1 = link_index("v1");
    let br = link_index("br0");
    let change = LinkChange::default()
        .mtu(1400)
        .up(true)
        .name("v1new".into())
        .address(HwAddr::parse("02:00:00:00:00:42").unwrap())
        .txqlen(77)
        .master(br);
    change.apply(&mut s, v1).unwrap();
    let j = ip_json(&["link", "show", "dev", "v1new"]);
    let j = &j[0];
    assert_eq!(j["mtu"].as_i64(), Some(1400));
    assert_eq!(j["txqlen"].as_i64(), Some(77));
    assert_eq!(j["address"].as_str(), Some("02:00:00:00:00:42"));
    assert_eq!(j["master"].as_str(), Some("br0"));
    assert!(j["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f.as_str() == Some("UP")));
    // Down changes IFF_UP alone; nomaster releases.
    LinkChange::default()
        .up(false)
        .master(IfIndex::new(0))
        .apply(&mut s, v1)
        .unwrap();
    let l = link::get(&mut s, "v1new").unwrap();
    assert!(!l.is_up());
    assert_eq!(l.master, None);
    assert!(
        l.flags.contains(LinkFlags::MULTICAST),
        "other flags untouched"
    );

    // A change made with ip is seen.
    ip(&["link", "set", "dev", "ifb0", "mtu", "1234"]);
    assert_eq!(
        link::get(&mut s, link_index("ifb0")).unwrap().mtu,
        Some(1234)
    );

    let e = LinkChange::default().mtu(10).apply(&mut s, v0).unwrap_err();
    let k = e.kernel().expect("kernel error");
    assert_eq!(k.errno, libc::EINVAL);
    assert!(
        k.ext.message.as_deref().unwrap_or("").contains("minimum"),
        "{k}"
    );

    link::delete(&mut s, link_index("ifb0")).unwrap();
    assert_eq!(link::get(&mut s, "ifb0").unwrap_err().code(), -libc::ENODEV);
}

#[test]
fn addresses_add_replace_delete_and_errors() {
    private_netns();
    veth("a0", "a1");
    let idx = link_index("a0");
    let mut s = sock();
    let mut v4 = AddrSpec::new(idx, "192.0.2.1/24".parse().unwrap());
    v4.broadcast = Some(ipaddr("192.0.2.255"));
    v4.label = Some("a0:x".into());
    v4.add(&mut s, Mode::Create).unwrap();
    let mut v6 = AddrSpec::new(idx, "2001:db8::1/64".parse().unwrap());
    v6.flags = addr::flags::NODAD;
    v6.add(&mut s, Mode::Create).unwrap();

    let e = v4.add(&mut s, Mode::Create).unwrap_err();
    assert_eq!(e.code(), -libc::EEXIST);
    v4.add(&mut s, Mode::Replace).unwrap();

    let ours = addr::list(&mut s, &AddrFilter::default().index(idx)).unwrap();
    let theirs = ip_json(&["addr", "show", "dev", "a0"]);
    let infos = theirs[0]["addr_info"].as_array().unwrap();
    // The kernel's own link-local address is there too, in both views.
    assert_eq!(ours.len(), infos.len());
    for j in infos {
        let local = ipaddr(j["local"].as_str().unwrap());
        let a = ours
            .iter()
            .find(|a| a.ip() == Some(local))
            .expect("seen by nlrs");
        assert_eq!(Some(i64::from(a.prefixlen)), j["prefixlen"].as_i64());
        let printed = format!("{}/{}", j["local"].as_str().unwrap(), j["prefixlen"]);
        assert_eq!(a.prefix().map(|p| p.to_string()), Some(printed));
        assert_eq!(a.scope.to_string(), j["scope"].as_str().unwrap());
        assert_eq!(
            a.label.as_ref().and_then(|l| l.to_str()),
            j["label"].as_str()
        );
        assert_eq!(
            a.broadcast.map(|b| b.to_string()).as_deref(),
            j["broadcast"].as_str()
        );
    }
    v4.delete(&mut s).unwrap();
    assert_eq!(v4.delete(&mut s).unwrap_err().code(), -libc::EADDRNOTAVAIL);
    ip(&["addr", "add", "198.51.100.7/32", "dev", "a0"]);
    let v4s = addr::list(&mut s, &AddrFilter::default().family(AF_INET).index(idx)).unwrap();
    assert_eq!(v4s.len(), 1);
    assert_eq!(v4s[0].ip(), Some(ipaddr("198.51.100.7")));
}

#[test]
fn routes_in_tables_multipath_and_types() {
    private_netns();
    veth("r0", "r1");
    veth("r2", "r3");
    ip(&["addr", "add", "10.1.0.1/24", "dev", "r0"]);
    ip(&["addr", "add", "10.2.0.1/24", "dev", "r2"]);
    let (r0, r2) = (link_index("r0"), link_index("r2"));
    let mut s = sock();

    let mut gw = RouteSpec::new("203.0.113.0/24".parse().unwrap());
    gw.gateway = Some(ipaddr("10.1.0.2"));
    gw.priority = Some(50);
    gw.add(&mut s, Mode::Create).unwrap();
    assert_eq!(
        gw.add(&mut s, Mode::Create).unwrap_err().code(),
        -libc::EEXIST
    );

    let mut hole = RouteSpec::new("198.51.100.0/24".parse().unwrap());
    hole.rtype = RouteType::Blackhole;
    hole.table = 100;
    hole.add(&mut s, Mode::Create).unwrap();
    let mut unreach = RouteSpec::new("198.51.101.0/24".parse().unwrap());
    unreach.rtype = RouteType::Unreachable;
    unreach.table = 100_000;
    unreach.add(&mut s, Mode::Create).unwrap();

    let mut mp = RouteSpec::new("192.0.2.0/24".parse().unwrap());
    mp.table = 100_000;
    mp.multipath = vec![
        route::Nexthop::new(r0).gateway(ipaddr("10.1.0.2")),
        route::Nexthop::new(r2).gateway(ipaddr("10.2.0.2")).hops(1),
    ];
    mp.add(&mut s, Mode::Create).unwrap();

    let t = route::list(
        &mut s,
        &RouteFilter::default().family(AF_INET).table(100_000),
    )
    .unwrap();
    let j = ip_json(&["route", "show", "table", "100000"]);
    assert_eq!(t.len(), j.as_array().unwrap().len());
    // Destinations, types and origins as `ip -j route` prints them.
    for (r, j) in t.iter().zip(j.as_array().unwrap()) {
        assert_eq!(format!("{:#}", r.dst), j["dst"].as_str().unwrap());
        assert_eq!(r.rtype == RouteType::Unicast, j["type"].is_null());
        if !j["type"].is_null() {
            assert_eq!(r.rtype.to_string(), j["type"].as_str().unwrap());
        }
        // `ip` leaves out the protocol of `boot` routes.
        let protocol = j["protocol"].as_str().unwrap_or("boot");
        assert_eq!(r.protocol.to_string(), protocol);
    }
    let m = t.iter().find(|r| !r.multipath.is_empty()).unwrap();
    assert_eq!(m.multipath, mp.multipath);
    assert!(t
        .iter()
        .any(|r| r.rtype == RouteType::Unreachable && r.table == 100_000));

    let main = route::list(
        &mut s,
        &RouteFilter::default().family(AF_INET).table(254).oif(r0),
    )
    .unwrap();
    let jm = ip_json(&["route", "show", "table", "main", "dev", "r0"]);
    assert_eq!(main.len(), jm.as_array().unwrap().len());
    assert!(main
        .iter()
        .any(|r| r.gateway == Some(ipaddr("10.1.0.2")) && r.priority == Some(50)));

    let got = route::get(&mut s, &ipaddr("203.0.113.9")).unwrap();
    assert_eq!(got.gateway, Some(ipaddr("10.1.0.2")));
    assert_eq!(got.oif, Some(r0));

    hole.delete(&mut s).unwrap();
    assert_eq!(hole.delete(&mut s).unwrap_err().code(), -libc::ESRCH);
    let mut replace = gw.clone();
    replace.gateway = Some(ipaddr("10.1.0.3"));
    replace.add(&mut s, Mode::Replace).unwrap();
    let j = ip_json(&["route", "show", "203.0.113.0/24"]);
    assert_eq!(j[0]["gateway"].as_str(), Some("10.1.0.3"));
}

/// Routes through nexthop objects, added and deleted by nlrs, as `ip` sees them; the
/// kernel keeps a route through an object beside one through its gateway and interface, and
/// nlrs reads both back with and without the id.
#[test]
fn routes_through_nexthop_objects() {
    private_netns();
    veth("h0", "h1");
    ip(&["addr", "add", "10.1.0.1/24", "dev", "h0"]);
    ip(&["addr", "add", "2001:db8:1::1/64", "dev", "h0", "nodad"]);
    ip(&["nexthop", "add", "id", "5", "via", "10.1.0.2", "dev", "h0"]);
    ip(&[
        "nexthop",
        "add",
        "id",
        "6",
        "via",
        "2001:db8:1::2",
        "dev",
        "h0",
    ]);
    let h0 = link_index("h0");
    let mut s = sock();
    for (family, af, dst, id, gw) in [
        (AF_INET, "-4", "10.9.0.0/16", 5, "10.1.0.2"),
        (AF_INET6, "-6", "2001:db8:9::/48", 6, "2001:db8:1::2"),
    ] {
        let through = RouteSpec::new(dst.parse().unwrap()).nh_id(id);
        through.add(&mut s, Mode::Create).unwrap();
        let direct = RouteSpec::new(dst.parse().unwrap())
            .gateway(ipaddr(gw))
            .oif(h0);
        direct.add(&mut s, Mode::Append).unwrap();
        let mut j = ip_json(&[af, "route", "show", dst])
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(j.len(), 2, "{j:?}");
        j.sort_by_key(|r| r["nhid"].as_u64());
        assert_eq!(
            (j[0]["nhid"].as_u64(), j[1]["nhid"].as_u64()),
            (None, Some(id.into()))
        );
        let filter = RouteFilter::default().family(family).table(254);
        let ours: Vec<_> = route::list(&mut s, &filter)
            .unwrap()
            .into_iter()
            .filter(|r| r.dst == dst.parse().unwrap())
            .collect();
        let mut ids: Vec<_> = ours.iter().map(|r| r.nh_id).collect();
        ids.sort();
        assert_eq!(ids, [None, Some(id)]);
        // With `nexthop_compat_mode` (the default) the kernel names the object's gateway.
        assert!(
            ours.iter().all(|r| r.gateway == Some(ipaddr(gw))),
            "{ours:?}"
        );
        through.delete(&mut s).unwrap();
        let j = ip_json(&[af, "route", "show", dst]);
        assert_eq!(j.as_array().unwrap().len(), 1, "{j:?}");
        assert!(j[0]["nhid"].is_null());
    }
}

/// The name `ip -j` gives preference `p` (`pref` of an IPv6 route).
fn pref_name(p: u8) -> &'static str {
    match p {
        route::pref::LOW => "low",
        route::pref::HIGH => "high",
        _ => "medium",
    }
}

/// An IPv6 route's preference and remaining lifetime both ways: made by `ip` and read by
/// nlrs (the flat decoding of a dump and `route::get` alike), and made by nlrs and read by
/// `ip`; the lifetime within a second of `ip`'s, read just after it, and of what was set. An
/// IPv6 route without either reads the kernel's medium preference and no expiry; an IPv4
/// route neither field.
#[test]
fn ipv6_route_preference_and_expiry_both_ways() {
    private_netns();
    veth("p0", "p1");
    ip(&[
        "-6",
        "route",
        "add",
        "2001:db8:1::/64",
        "dev",
        "p0",
        "pref",
        "high",
        "expires",
        "300",
    ]);
    ip(&["-6", "route", "add", "2001:db8:2::/64", "dev", "p0"]);
    ip(&["route", "add", "10.9.0.0/16", "dev", "p0"]);
    let mut s = sock();
    RouteSpec::new("2001:db8:3::/64".parse().unwrap())
        .oif(link_index("p0"))
        .pref(route::pref::LOW)
        .expires(600)
        .add(&mut s, Mode::Create)
        .unwrap();
    let theirs = ip_json(&["-d", "-6", "route", "show", "dev", "p0"]);
    let ours = route::list(&mut s, &RouteFilter::default().oif(link_index("p0"))).unwrap();
    let mut checked = 0;
    for (dst, pref, set) in [
        ("2001:db8:1::/64", route::pref::HIGH, Some(300)),
        ("2001:db8:2::/64", route::pref::MEDIUM, None),
        ("2001:db8:3::/64", route::pref::LOW, Some(600)),
    ] {
        let r = ours.iter().find(|r| r.dst.to_string() == dst).unwrap();
        let j = theirs
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["dst"] == dst)
            .unwrap();
        assert_eq!(
            (r.pref, j["pref"].as_str()),
            (Some(pref), Some(pref_name(pref)))
        );
        let theirs = j["expires"].as_u64().map(|e| u32::try_from(e).unwrap());
        assert_eq!(r.expires.is_some(), theirs.is_some(), "{r:?} {j}");
        assert_eq!(set.is_some(), theirs.is_some(), "{j}");
        if let (Some(ours), Some(theirs), Some(set)) = (r.expires, theirs, set) {
            assert!(ours <= theirs && theirs <= ours + 1, "{ours} {theirs}");
            assert!(set - 2 <= theirs && theirs <= set, "{set} {theirs}");
        }
        checked += 1;
    }
    assert_eq!(checked, 3);
    let v4 = ours.iter().find(|r| r.family == AF_INET).unwrap();
    assert_eq!((v4.pref, v4.expires), (None, None));
    // A route lookup's answer (a clone of the route) has its preference, and the expiry
    // `ip route get` shows (none: the clone's own, which does not count down).
    let got = route::get(&mut s, &ipaddr("2001:db8:1::5")).unwrap();
    let j = ip_json(&["-d", "-6", "route", "get", "2001:db8:1::5"]);
    assert_eq!(got.pref, Some(route::pref::HIGH));
    assert_eq!(j[0]["pref"].as_str(), Some("high"));
    assert_eq!(
        got.expires.map(u64::from),
        j[0]["expires"].as_u64(),
        "{got:?} {j}"
    );
}

#[test]
fn neighbours_add_replace_delete() {
    private_netns();
    veth("n0", "n1");
    let idx = link_index("n0");
    let mut s = sock();
    let n = NeighSpec::new(idx, ipaddr("10.5.0.9"), HwAddr::parse("02:11:22:33:44:55"));
    n.add(&mut s, Mode::Create).unwrap();
    assert_eq!(
        n.add(&mut s, Mode::Create).unwrap_err().code(),
        -libc::EEXIST
    );
    let n6 = NeighSpec::new(
        idx,
        ipaddr("2001:db8::9"),
        HwAddr::parse("02:11:22:33:44:66"),
    );
    n6.add(&mut s, Mode::Upsert).unwrap();
    let mut ours = neigh::list(&mut s, &NeighFilter::default().ifindex(idx)).unwrap();
    // `ip neigh show` hides NOARP entries, such as the IPv6 multicast ones that come and go
    // as the new link sends its first MLD reports.
    ours.retain(|n| n.state & neigh::nud::NOARP == 0);
    let theirs = ip_json(&["neigh", "show", "dev", "n0"]);
    assert_eq!(ours.len(), theirs.as_array().unwrap().len());
    for j in theirs.as_array().unwrap() {
        let dst = ipaddr(j["dst"].as_str().unwrap());
        let o = ours.iter().find(|o| o.dst == Some(dst)).unwrap();
        assert_eq!(
            o.lladdr.map(|l| l.to_string()).as_deref(),
            j["lladdr"].as_str()
        );
        assert_eq!(Some(neigh::state_name(o.state)), j["state"][0].as_str());
    }
    n.delete(&mut s).unwrap();
    let e = n.delete(&mut s).unwrap_err();
    assert!(matches!(e, Error::Kernel(_)));
    assert_eq!(e.code(), -libc::ENOENT);
}

/// Neighbour flags (`router`, `extern_learn`) and proxy entries made by nlrs read the same in
/// `ip -j neigh show (proxy)`, and made by `ip` read the same through nlrs; a proxy entry is
/// in the proxy dump alone, and a delete finds it by its flag.
#[test]
fn neighbour_flags_and_proxy_entries() {
    private_netns();
    veth("p0", "p1");
    let idx = link_index("p0");
    let mut s = sock();
    ip(&[
        "-6",
        "neigh",
        "add",
        "2001:db8::5",
        "lladdr",
        "02:00:00:00:00:05",
        "dev",
        "p0",
        "router",
    ]);
    ip(&["neigh", "add", "proxy", "10.5.0.50", "dev", "p0"]);
    let router = NeighSpec::new(
        idx,
        ipaddr("2001:db8::6"),
        HwAddr::parse("02:00:00:00:00:06"),
    )
    .flags(ntf::ROUTER | ntf::EXT_LEARNED);
    router.add(&mut s, Mode::Create).unwrap();
    let proxy = NeighSpec::new(idx, ipaddr("2001:db8::51"), None).flags(ntf::PROXY);
    proxy.add(&mut s, Mode::Create).unwrap();

    let flags_of = |j: &serde_json::Value| {
        let mut f = 0;
        for (name, bit) in [
            ("router", ntf::ROUTER),
            ("extern_learn", ntf::EXT_LEARNED),
            ("proxy", ntf::PROXY),
        ] {
            if j.get(name).is_some() {
                f |= bit;
            }
        }
        (ipaddr(j["dst"].as_str().unwrap()), f)
    };
    let mut theirs: Vec<_> = ip_json(&["-6", "neigh", "show", "dev", "p0"])
        .as_array()
        .unwrap()
        .iter()
        .map(flags_of)
        .collect();
    let mut ours: Vec<_> = neigh::list(&mut s, &NeighFilter::default().family(AF_INET6))
        .unwrap()
        .iter()
        .filter(|n| n.state & neigh::nud::NOARP == 0)
        .map(|n| (n.dst.unwrap(), n.flags))
        .collect();
    theirs.sort();
    ours.sort();
    assert_eq!(ours, theirs);
    assert_eq!(
        theirs,
        [
            (ipaddr("2001:db8::5"), ntf::ROUTER),
            (ipaddr("2001:db8::6"), ntf::ROUTER | ntf::EXT_LEARNED)
        ]
    );

    let proxies = |s: &mut Socket| {
        let mut p: Vec<_> = neigh::list(s, &NeighFilter::default().proxy(true))
            .unwrap()
            .iter()
            .map(|n| (n.ifindex, n.dst.unwrap(), n.flags, n.lladdr, n.state))
            .collect();
        p.sort();
        p
    };
    let mut want: Vec<_> = ip_json(&["neigh", "show", "proxy"])
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            let (dst, flags) = flags_of(j);
            (link_index(j["dev"].as_str().unwrap()), dst, flags, None, 0)
        })
        .collect();
    want.sort();
    assert_eq!(proxies(&mut s), want);
    assert_eq!(want.len(), 2);
    // A proxy entry is no ordinary neighbour: the flag finds it.
    let plain = NeighSpec::new(idx, ipaddr("2001:db8::51"), None);
    assert_eq!(plain.delete(&mut s).unwrap_err().code(), -libc::ENOENT);
    proxy.delete(&mut s).unwrap();
    assert_eq!(proxies(&mut s).len(), 1);
    assert!(neigh::list(&mut s, &NeighFilter::default())
        .unwrap()
        .iter()
        .all(|n| n.flags & ntf::PROXY == 0));
}

/// Links are named by index or by name wherever the kernel looks one up (get, change,
/// delete), and link dumps stream and filter by master and kind as `ip link show` does.
#[test]
fn links_named_by_name_and_link_dumps_filtered() {
    private_netns();
    let mut s = sock();
    link::create(&mut s, "br0", &LinkKind::Bridge).unwrap();
    link::create(&mut s, "ifb0", &LinkKind::Ifb).unwrap();
    veth("p0", "q0");
    veth("p1", "q1");
    ip(&["link", "set", "p0", "master", "br0"]);
    ip(&["link", "set", "p1", "master", "br0"]);
    let names = |links: Vec<nlrs::rtnl::link::Link>| -> Vec<String> {
        links.iter().map(|l| l.name.to_string()).collect()
    };
    let theirs = |args: &[&str]| -> Vec<String> {
        let j = ip_json(args);
        j.as_array()
            .unwrap()
            .iter()
            .map(|l| l["ifname"].as_str().unwrap().to_owned())
            .collect()
    };
    let br0 = link_index("br0");
    let ports = names(link::list(&mut s, &LinkFilter::default().master(br0)).unwrap());
    assert_eq!(ports, ["p0", "p1"]);
    assert_eq!(ports, theirs(&["link", "show", "master", "br0"]));
    let veths = names(link::list(&mut s, &LinkFilter::default().kind("veth")).unwrap());
    assert_eq!(veths, theirs(&["link", "show", "type", "veth"]));
    assert_eq!(veths.len(), 4);

    // The dump yields the links one at a time, as `list` collects them.
    let mut dump = link::dump(&mut s, &LinkFilter::default()).unwrap();
    let first = dump.next().unwrap().unwrap();
    assert_eq!(first.name, "lo");
    let rest: Vec<_> = dump.map(Result::unwrap).collect();
    let mut streamed = vec![first];
    streamed.extend(rest);
    assert_eq!(
        names(streamed),
        theirs(&["link", "show"]),
        "lo, br0, ifb0 and the veths"
    );

    let q1 = link_index("q1");
    assert_eq!(link::get(&mut s, "q1").unwrap().index, q1);
    assert_eq!(link::get(&mut s, q1).unwrap().name, "q1");
    LinkChange::default().mtu(1400).apply(&mut s, "q1").unwrap();
    assert_eq!(
        ip_json(&["link", "show", "q1"])[0]["mtu"].as_i64(),
        Some(1400)
    );
    // An alternative name names the link too, one longer than a name can be as well.
    let alt = "q1-an-alternative-name-longer-than-15-bytes";
    ip(&["link", "property", "add", "dev", "q1", "altname", alt]);
    assert_eq!(link::get(&mut s, alt).unwrap().index, q1);
    LinkChange::default().mtu(1300).apply(&mut s, alt).unwrap();
    assert_eq!(link::get(&mut s, q1).unwrap().mtu, Some(1300));
    // The kernel finds a link named by name by the attribute a new name would take.
    let rename = LinkChange::default().name("q9".into());
    assert!(matches!(rename.apply(&mut s, "q1"), Err(Error::Invalid(_))));
    rename.apply(&mut s, q1).unwrap();
    link::delete(&mut s, "q9").unwrap();
    assert_eq!(
        link::get(&mut s, "p1").unwrap_err().errno(),
        Some(libc::ENODEV),
        "the peer went with it"
    );
}
