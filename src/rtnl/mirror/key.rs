//! What identifies a mirrored object across changes: the fields the kernel itself uses to
//! tell two objects apart, so that two objects the kernel keeps are two objects in the mirror,
//! and a change the kernel makes in place is a change of one object.

use super::Object;
use crate::rtnl::addr::Addr;
use crate::rtnl::common::HwAddr;
use crate::rtnl::neigh::Neigh;
use crate::rtnl::route::{Route, RouteMetrics};
use crate::rtnl::{IfIndex, IpPrefix};
use crate::wire::consts::*;
use std::net::IpAddr;

/// The identity of a mirrored link, address or neighbour (routes are found by their
/// [`RouteKey`] in the route store). Ordered by kind first (links, addresses, neighbours),
/// then by the fields below.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key {
    /// A link: its index, which the kernel never reuses while the link exists.
    Link(IfIndex),
    /// An address: family, interface, prefix length, address and, for IPv4, the prefix of
    /// its peer (`IFA_ADDRESS`, which is the address itself without one): `ipv6_add_addr`
    /// refuses a second IPv6 address with the same address on one interface, and
    /// `__inet_insert_ifa` a second IPv4 one with the same address, prefix length and peer
    /// prefix, but keeps two that differ in their peer's prefix alone
    /// (`10.2.0.1 peer 10.2.0.2/32` and `10.2.0.1 peer 10.2.0.3/32`).
    Addr(u8, IfIndex, u8, Option<IpAddr>, Option<IpAddr>),
    /// A neighbour entry.
    Neigh(NeighKey),
}

impl Key {
    /// The key of `obj`; `None` for a route.
    pub(super) fn of(obj: &Object) -> Option<Key> {
        Some(match obj {
            Object::Link(l) => Key::Link(l.index),
            Object::Addr(a) => addr_key(a),
            Object::Route(_) => return None,
            Object::Neigh(n) => Key::Neigh(NeighKey::of(n)),
        })
    }
}

fn addr_key(a: &Addr) -> Key {
    Key::Addr(a.family, a.index, a.prefixlen, a.ip(), peer_prefix(a))
}

/// The prefix of the peer of IPv4 address `a` (`None` for IPv6), as [`Key::Addr`] has it.
pub(super) fn peer_prefix(a: &Addr) -> Option<IpAddr> {
    if a.family != AF_INET {
        return None;
    }
    let peer = IpPrefix::new(a.address?, a.prefixlen).ok()?;
    Some(peer.network().addr())
}

/// The fields that place a route in the kernel's tables: the routes sharing them are the
/// ones an `NLM_F_REPLACE` may replace, and those the kernel may merge (IPv6 multipath).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct RouteGroup {
    /// Family: IPv4 and IPv6 routes live in different tables (`fib_table`, `fib6_table`).
    pub family: u8,
    /// Table id: each table is a tree of its own.
    pub table: u32,
    /// Destination and its length: the node of the tree (the trie leaf and its `fa_slen` in
    /// IPv4, the `fib6_node` in IPv6).
    pub dst: Option<IpAddr>,
    pub dst_len: u8,
    /// Source prefix and its length: IPv6 source routing hangs a subtree per source prefix
    /// under the destination's node (always empty in IPv4).
    pub src: Option<IpAddr>,
    pub src_len: u8,
    /// TOS: IPv4 aliases of one prefix differ by `fa_dscp` (always 0 in IPv6).
    pub tos: u8,
    /// Priority (metric): IPv4 aliases with a different `fib_priority`, and IPv6 routes with a
    /// different `fib6_metric`, are always distinct routes. An absent `RTA_PRIORITY` is 0.
    pub priority: u32,
}

/// What tells the routes of one [`RouteGroup`] apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RouteRest {
    /// IPv4: `fib_table_insert` keeps aliases of one group apart by type (`fa_type`) and by
    /// `fib_info`, which holds the protocol, the scope, the preferred source, the metrics and
    /// the next hops with their realms (`fib_find_info`: two aliases that differ only in an
    /// MTU or a realm are two routes). IPv6 refuses to add a route with the next hops of
    /// another (`rt6_duplicate_nexthop`), but a replace puts a route in place of the first
    /// one of its metric whatever the others are: a blackhole and a prohibit route, both
    /// through `lo`, or a route through a nexthop object and another through its gateway,
    /// live side by side. So IPv6 routes are told apart by the same fields.
    pub rtype: u8,
    pub protocol: u8,
    pub scope: u8,
    pub prefsrc: Option<IpAddr>,
    pub metrics: Option<RouteMetrics>,
    pub flow: Option<u32>,
    /// The next hops: gateway, output interface, weight (`rtnh_hops`) and the flags the
    /// kernel compares (`RTNH_F_ONLINK`, IPv4 only). In the kernel's order for IPv4, where
    /// `fib_info` compares them pairwise; sorted for IPv6, whose multipath route is a set of
    /// sibling routes that notifications list starting from the sibling that changed.
    pub nexthops: Vec<Hop>,
    /// The nexthop object: `fib_find_info` compares `fib_info`s' `nh`, and IPv6's
    /// `rt6_duplicate_nexthop` compares the ids when either route has one, so a route through
    /// an object and one through its gateway and interface (which the kernel sends for both,
    /// `net.ipv4.nexthop_compat_mode`) are two routes.
    pub nh_id: Option<u32>,
}

/// One next hop in a route's key: gateway, output interface, weight - 1, compared flags.
pub(super) type Hop = (Option<IpAddr>, IfIndex, u8, u8);

/// The identity of a route: where it lives, and what tells it from its neighbours there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RouteKey {
    pub group: RouteGroup,
    pub rest: RouteRest,
}

impl RouteGroup {
    /// The group of route `r`.
    pub(super) fn of(r: &Route) -> Self {
        RouteGroup {
            family: r.family,
            table: r.table,
            dst: r.dst_attr(),
            dst_len: r.dst.len(),
            src: r.src.map(|p| p.addr()),
            src_len: r.src.map_or(0, |p| p.len()),
            tos: r.tos,
            priority: r.priority.unwrap_or(0),
        }
    }
}

impl RouteKey {
    pub(super) fn of(r: &Route) -> Self {
        let v4 = r.family == AF_INET;
        let group = RouteGroup::of(r);
        // `RTNH_F_ONLINK` is part of what makes two IPv4 routes different (the kernel compares
        // next-hop flags other than the ones it changes itself, such as `RTNH_F_DEAD` and
        // `RTNH_F_LINKDOWN`).
        let nh_flags = |f: u8| if v4 { f & rtnh_f::ONLINK } else { 0 };
        let mut nexthops: Vec<Hop> = if r.multipath.is_empty() {
            vec![(
                r.gateway,
                r.oif.unwrap_or_default(),
                0,
                nh_flags(r.flags as u8),
            )]
        } else {
            r.multipath
                .iter()
                .map(|h| (h.gateway, h.ifindex, h.hops, nh_flags(h.flags)))
                .collect()
        };
        if !v4 {
            nexthops.sort_unstable();
        }
        let rest = RouteRest {
            rtype: r.rtype.into(),
            protocol: r.protocol.into(),
            scope: r.scope.into(),
            prefsrc: r.prefsrc,
            metrics: r.metrics.clone(),
            flow: r.flow,
            nexthops,
            nh_id: r.nh_id,
        };
        RouteKey { group, rest }
    }
}

/// The identity of a neighbour entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct NeighKey {
    /// Family: each has its own table (ARP, NDP, and the bridges' forwarding databases).
    family: u8,
    /// ARP and NDP: an entry is found by (device, address) in its table (`neigh_lookup`),
    /// and proxy entries live in a table of their own (`pneigh_lookup`).
    proxy: bool,
    /// A bridge's forwarding entry (`NDA_MASTER` set) is found by (MAC, VLAN) in that
    /// bridge's table (`br_fdb_find`): its port is not part of it, because a MAC that moves
    /// to another port is the same entry changed (`RTM_NEWNEIGH` with the new port). Other
    /// entries (ARP, NDP, a device's own forwarding entries) belong to their interface.
    domain: Domain,
    /// The network address (ARP, NDP; a VXLAN remote of a forwarding entry for the all-zeros
    /// or a multicast MAC, which may have several remotes: see [`NeighKey::of`]).
    dst: Option<IpAddr>,
    /// The MAC of a forwarding entry (for ARP and NDP it is data, not identity: `None`).
    lladdr: Option<HwAddr>,
    /// The VLAN of a forwarding entry: one MAC may be learnt once per VLAN.
    vlan: Option<u16>,
    /// The VNI, UDP port and interface of a VXLAN remote: one MAC may have several remotes,
    /// told apart by address and these (`vxlan_fdb_find_rdst`).
    vni: Option<u32>,
    port: Option<u16>,
    remote_ifindex: Option<IfIndex>,
}

/// Where a neighbour entry lives: a bridge's forwarding table, or an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Domain {
    Bridge(IfIndex),
    Interface(IfIndex),
}

impl NeighKey {
    /// The key of the ARP or NDP entry (not a proxy entry) for `dst` on interface `index`.
    pub(super) fn at(index: IfIndex, dst: IpAddr) -> Self {
        NeighKey {
            family: if dst.is_ipv4() { AF_INET } else { AF_INET6 },
            proxy: false,
            domain: Domain::Interface(index),
            dst: Some(dst),
            lladdr: None,
            vlan: None,
            vni: None,
            port: None,
            remote_ifindex: None,
        }
    }

    /// Whether the entry belongs to link `index`: its interface, or its bridge.
    pub(super) fn on_link(&self, index: IfIndex) -> bool {
        match self.domain {
            Domain::Bridge(i) | Domain::Interface(i) => i == index,
        }
    }

    fn of(n: &Neigh) -> Self {
        let fdb = n.family == AF_BRIDGE;
        // A VXLAN device's entry for a unicast MAC has one remote, which a replace changes in
        // place, announcing the new remote alone (`vxlan_fdb_update_existing`): its remote
        // (address, VNI, port and interface) is data. Only the all-zeros and multicast MACs
        // may have several remotes (`append`), each an entry of its own.
        let one_remote = fdb && n.master.is_none() && n.lladdr.is_some_and(|l| is_unicast(&l));
        NeighKey {
            family: n.family,
            // A proxy entry is held in a table of its own beside the ordinary entries.
            proxy: n.flags & ntf::PROXY != 0,
            domain: match n.master {
                Some(br) if fdb => Domain::Bridge(br),
                _ => Domain::Interface(n.ifindex),
            },
            dst: n.dst.filter(|_| !one_remote),
            // The rest names forwarding entries alone: an ARP or NDP entry is its interface's
            // entry for its address, whatever else its message carries.
            lladdr: n.lladdr.filter(|_| fdb),
            vlan: n.vlan.filter(|_| fdb),
            vni: n.vni.filter(|_| fdb && !one_remote),
            port: n.port.filter(|_| fdb && !one_remote),
            remote_ifindex: n.remote_ifindex.filter(|_| fdb && !one_remote),
        }
    }
}

/// Whether `mac` is a unicast MAC: neither all zeros nor a multicast (or broadcast) one.
fn is_unicast(mac: &HwAddr) -> bool {
    let b = mac.as_bytes();
    b.first().is_some_and(|f| f & 1 == 0) && b.iter().any(|&x| x != 0)
}

#[cfg(test)]
mod tests {
    use super::super::{ChangeKind, Flow, Selection, Table};
    use super::*;
    use crate::rtnl::common::put_ip;
    use crate::rtnl::route::{RouteProtocol, RouteType};
    use crate::wire::{IfInfoMsg, Msg, MsgBuilder, NdMsg};

    #[test]
    fn ipv4_aliases_that_differ_in_metrics_or_realms_are_two_routes() {
        let v4 = Route {
            family: AF_INET,
            dst: IpPrefix::new("10.9.0.0".parse().unwrap(), 16).unwrap(),
            gateway: Some("10.1.0.2".parse().unwrap()),
            ..Route::default()
        };
        let mtu = Some(RouteMetrics {
            mtu: Some(1300),
            ..RouteMetrics::default()
        });
        let key = |r: &Route| RouteKey::of(r);
        let with_mtu = Route {
            metrics: mtu.clone(),
            ..v4.clone()
        };
        assert_ne!(key(&v4), key(&with_mtu));
        let in_realm = Route {
            flow: Some(5),
            ..v4.clone()
        };
        assert_ne!(key(&v4), key(&in_realm));
    }

    #[test]
    fn ipv6_routes_through_the_same_next_hops_may_be_two_routes() {
        // What an IPv6 replace leaves side by side: two reject routes through `lo`.
        let blackhole = Route {
            family: AF_INET6,
            dst: IpPrefix::new("2001:db8:9::".parse().unwrap(), 48).unwrap(),
            rtype: RouteType::Blackhole,
            protocol: RouteProtocol::Static,
            oif: Some(IfIndex::new(1)),
            ..Route::default()
        };
        let prohibit = Route {
            rtype: RouteType::Prohibit,
            ..blackhole.clone()
        };
        assert_ne!(RouteKey::of(&blackhole), RouteKey::of(&prohibit));
        let boot = Route {
            protocol: RouteProtocol::Boot,
            ..blackhole.clone()
        };
        assert_ne!(RouteKey::of(&blackhole), RouteKey::of(&boot));
    }

    /// Applies a VXLAN forwarding entry of interface 3 for `mac` with remote `dst` (and UDP
    /// port 4790 when `dst` ends with it: `10.0.0.1:4790`); the change reported.
    fn apply(t: &mut Table, ty: u16, mac: [u8; 6], dst: &str) -> Option<ChangeKind> {
        let (dst, port) = dst.split_once(':').unwrap_or((dst, ""));
        let hdr = NdMsg {
            family: AF_BRIDGE,
            ifindex: 3,
            state: nud::PERMANENT | nud::NOARP,
            flags: ntf::SELF,
            ..NdMsg::default()
        };
        let mut b = MsgBuilder::with_header(ty, 0, &hdr);
        b.put(nda::LLADDR, &mac).unwrap();
        put_ip(&mut b, nda::DST, &dst.parse().unwrap()).unwrap();
        if let Ok(port) = port.parse::<u16>() {
            b.put(nda::PORT, &port.to_be_bytes()).unwrap();
        }
        let msg = Msg::parse(b.bytes().unwrap()).unwrap();
        let mut seen = Vec::new();
        t.apply(&msg, &mut |k, _| {
            seen.push(k);
            Flow::Continue(())
        });
        assert!(seen.len() <= 1, "{seen:?}");
        seen.pop()
    }

    #[test]
    fn a_link_that_goes_takes_its_entries_along() {
        use ChangeKind::{Add, Remove};
        let mut t = Table::new(Selection::default().neighs(true));
        assert_eq!(apply(&mut t, RTM_NEWNEIGH, [0; 6], "10.0.0.1"), Some(Add));
        assert_eq!(apply(&mut t, RTM_NEWNEIGH, [0; 6], "10.0.0.2"), Some(Add));
        // A VXLAN device moved to another namespace: its entries go with it, unannounced.
        let hdr = IfInfoMsg {
            index: 3,
            ..IfInfoMsg::default()
        };
        let b = MsgBuilder::with_header(RTM_DELLINK, 0, &hdr);
        let msg = Msg::parse(b.bytes().unwrap()).unwrap();
        let mut seen = Vec::new();
        t.apply(&msg, &mut |k, _| {
            seen.push(k);
            Flow::Continue(())
        });
        assert_eq!(seen, [Remove, Remove]);
        assert!(t.is_empty());
    }

    #[test]
    fn a_vxlan_unicast_entry_has_one_remote_and_the_others_several() {
        use ChangeKind::{Add, Change, Remove};
        let mut t = Table::new(Selection::default().neighs(true));
        let (new, del) = (RTM_NEWNEIGH, RTM_DELNEIGH);
        let unicast = [2, 0, 0, 0, 0xd, 1];
        assert_eq!(apply(&mut t, new, unicast, "10.0.0.1"), Some(Add));
        // `bridge fdb replace ... dst 10.0.0.3`: the kernel announces the new remote alone.
        assert_eq!(apply(&mut t, new, unicast, "10.0.0.3"), Some(Change));
        assert_eq!(t.len(), 1);
        for several in [[0; 6], [1, 0, 0x5e, 0, 0, 1]] {
            assert_eq!(apply(&mut t, new, several, "10.0.0.1"), Some(Add));
            assert_eq!(apply(&mut t, new, several, "10.0.0.2"), Some(Add));
            // Another port of one address is another remote.
            assert_eq!(apply(&mut t, new, several, "10.0.0.2:4790"), Some(Add));
            assert_eq!(apply(&mut t, del, several, "10.0.0.1"), Some(Remove));
        }
        assert_eq!(apply(&mut t, del, unicast, "10.0.0.3"), Some(Remove));
        assert_eq!(t.len(), 4);
    }

    /// In either family, a route through a nexthop object and one through the object's
    /// gateway and interface are two routes, as are routes through two objects.
    #[test]
    fn routes_through_a_nexthop_object_are_told_from_its_paths() {
        for (family, dst, len, gateway) in [
            (AF_INET, "10.9.0.0", 16, "10.1.0.2"),
            (AF_INET6, "2001:db8:9::", 48, "fe80::2"),
        ] {
            let direct = Route {
                family,
                dst: IpPrefix::new(dst.parse().unwrap(), len).unwrap(),
                gateway: Some(gateway.parse().unwrap()),
                oif: Some(IfIndex::new(2)),
                ..Route::default()
            };
            let through = |id| Route {
                nh_id: Some(id),
                ..direct.clone()
            };
            assert_ne!(RouteKey::of(&direct), RouteKey::of(&through(5)));
            assert_ne!(RouteKey::of(&through(5)), RouteKey::of(&through(6)));
            assert_eq!(RouteKey::of(&through(5)), RouteKey::of(&through(5)));
        }
    }
}
