//! Routes: `RTM_NEWROUTE`, `RTM_DELROUTE`, `RTM_GETROUTE`, IPv4 and IPv6, multipath included.

use super::common::{family_of, host_len, ip_from_attr, put_ip, IpBytes, Spec};
use super::dump::typed_dump;
use crate::conn::{Result, Socket};
use crate::wire::consts::*;
use crate::wire::{
    align, Attr, AttrIter, BuildError, FixedHeader, Msg, MsgBuilder, ParseError, RtMsg, RtNexthop,
};
use std::net::IpAddr;

mod metrics;
pub use metrics::RouteMetrics;

pub use crate::wire::consts::{rt_scope as scope, rt_table as table, rtn, rtprot};

/// The name iproute2 6.1 gives route type `rtype` (`RTN_*`: "unicast", "blackhole", ...), or
/// `None` for a type it prints as a number.
pub fn type_name(rtype: u8) -> Option<&'static str> {
    const NAMES: [&str; 12] = [
        "none",
        "unicast",
        "local",
        "broadcast",
        "anycast",
        "multicast",
        "blackhole",
        "unreachable",
        "prohibit",
        "throw",
        "nat",
        "xresolve",
    ];
    NAMES.get(usize::from(rtype)).copied()
}

/// The name iproute2 6.1 gives route origin `protocol` (`RTPROT_*`: "kernel", "boot",
/// "static", ..., with the names of its stock `rt_protos` file), or `None` for an origin it
/// prints as a number.
pub fn protocol_name(protocol: u8) -> Option<&'static str> {
    Some(match protocol {
        0 => "unspec",
        1 => "redirect",
        2 => "kernel",
        3 => "boot",
        4 => "static",
        8 => "gated",
        9 => "ra",
        10 => "mrt",
        11 => "zebra",
        12 => "bird",
        13 => "dnrouted",
        14 => "xorp",
        15 => "ntk",
        16 => "dhcp",
        18 => "keepalived",
        42 => "babel",
        99 => "openr",
        186 => "bgp",
        187 => "isis",
        188 => "ospf",
        189 => "rip",
        192 => "eigrp",
        _ => return None,
    })
}

/// The name iproute2 6.1 gives scope `scope` (`RT_SCOPE_*`: "global", "link", "host", ...;
/// routes and addresses alike), or `None` for a scope it prints as a number.
pub fn scope_name(scope: u8) -> Option<&'static str> {
    Some(match scope {
        0 => "global",
        200 => "site",
        253 => "link",
        254 => "host",
        255 => "nowhere",
        _ => return None,
    })
}

/// The name iproute2 6.1 gives routing table `table` with its stock `rt_tables` file ("main",
/// "local", "default", "unspec"), or `None` for a table it prints as a number.
pub fn table_name(table: u32) -> Option<&'static str> {
    Some(match table {
        0 => "unspec",
        253 => "default",
        254 => "main",
        255 => "local",
        _ => return None,
    })
}

/// Reads a name or number as iproute2 accepts it: a name `name` gives, or a decimal number up
/// to `max`.
fn from_name(text: &str, max: u32, name: impl Fn(u32) -> Option<&'static str>) -> Option<u32> {
    match text.parse::<u32>() {
        Ok(n) => (n <= max).then_some(n),
        Err(_) => (0..=max.min(255)).find(|&n| name(n) == Some(text)),
    }
}

/// The route type named `text` ("blackhole", ...) or numbered (`"6"`), as `ip route` reads it.
pub fn type_from_name(text: &str) -> Option<u8> {
    from_name(text, 255, |n| type_name(n as u8)).map(|n| n as u8)
}

/// The route origin named `text` ("static", "boot", ...) or numbered, as `ip route` reads it.
pub fn protocol_from_name(text: &str) -> Option<u8> {
    from_name(text, 255, |n| protocol_name(n as u8)).map(|n| n as u8)
}

/// The scope named `text` ("link", "host", ...) or numbered, as `ip route` reads it.
pub fn scope_from_name(text: &str) -> Option<u8> {
    from_name(text, 255, |n| scope_name(n as u8)).map(|n| n as u8)
}

/// The routing table named `text` ("main", "local", "default") or numbered (any 32-bit id),
/// as `ip route` reads it.
pub fn table_from_name(text: &str) -> Option<u32> {
    from_name(text, u32::MAX, table_name)
}

/// One path of a multipath route (`struct rtnexthop` and its attributes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nexthop {
    /// Gateway.
    pub gateway: Option<IpAddr>,
    /// Output interface index.
    pub ifindex: u32,
    /// Weight minus one (`rtnh_hops`).
    pub hops: u8,
    /// `RTNH_F_*` flags.
    pub flags: u8,
}

/// A route as the kernel describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route {
    /// `AF_INET` or `AF_INET6`.
    pub family: u8,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Source prefix length.
    pub src_len: u8,
    /// Type of service.
    pub tos: u8,
    /// Table id, all 32 bits (`RTA_TABLE` when sent).
    pub table: u32,
    /// The header's 8-bit table field (`rtm_table`): `table` when below 256, else
    /// [`table::COMPAT`].
    pub rtm_table: u8,
    /// Origin (`RTPROT_*`).
    pub protocol: u8,
    /// Scope (`RT_SCOPE_*`).
    pub scope: u8,
    /// Type (`RTN_*`).
    pub rtype: u8,
    /// `RTM_F_*` flags.
    pub flags: u32,
    /// Destination; `None` for the default route.
    pub dst: Option<IpAddr>,
    /// Source prefix.
    pub src: Option<IpAddr>,
    /// Gateway.
    pub gateway: Option<IpAddr>,
    /// Preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// Output interface index.
    pub oif: Option<u32>,
    /// Input interface index.
    pub iif: Option<u32>,
    /// Priority (metric).
    pub priority: Option<u32>,
    /// Paths of a multipath route.
    pub multipath: Vec<Nexthop>,
    /// Realms (`RTA_FLOW`, `ip`'s `realm`): the destination realm in the low 16 bits, the
    /// source realm in the high 16.
    pub flow: Option<u32>,
    /// Metrics (`RTA_METRICS`: MTU, advertised MSS, ...), when the route has any.
    pub metrics: Option<RouteMetrics>,
}

impl Route {
    /// Decodes an `RTM_NEWROUTE`/`RTM_DELROUTE` message.
    pub fn parse(msg: &Msg<'_>) -> Result<Self, ParseError> {
        let mut r = Route::default();
        r.parse_into(msg)?;
        Ok(r)
    }

    /// Decodes into `self`, reusing its multipath buffer: decoding a dump into one `Route`
    /// allocates nothing once the buffer has grown (but for a congestion control name, a
    /// metric few routes have). Of an attribute repeated, the last counts, as in the kernel's
    /// `nla_parse`. On failure `self` holds what was decoded so far.
    pub fn parse_into(&mut self, msg: &Msg<'_>) -> Result<(), ParseError> {
        let h: RtMsg = msg.fixed()?;
        let mut info = RouteInfo::EMPTY;
        let mut multipath = std::mem::take(&mut self.multipath);
        multipath.clear();
        let (mut flow, mut metrics) = (None, None);
        let r = info.walk(msg, |a| {
            match a.kind() {
                rta::MULTIPATH => {
                    multipath.clear();
                    parse_multipath(a.payload(), &mut multipath)?;
                }
                rta::FLOW => flow = Some(a.u32()?),
                rta::METRICS => metrics = Some(RouteMetrics::parse(a.payload())?),
                _ => {}
            }
            Ok(())
        });
        let opt = |bit: u8, v: u32| (info.has & bit != 0).then_some(v);
        *self = Route {
            family: info.family,
            dst_len: info.dst_len,
            src_len: info.src_len,
            tos: info.tos,
            table: info.table,
            rtm_table: h.table,
            protocol: info.protocol,
            scope: info.scope,
            rtype: info.rtype,
            flags: info.flags,
            dst: info.dst.ip(),
            src: info.src.ip(),
            gateway: info.gateway.ip(),
            prefsrc: info.prefsrc.ip(),
            oif: opt(has::OIF, info.oif),
            iif: opt(has::IIF, info.iif),
            priority: opt(has::PRIORITY, info.priority),
            multipath,
            flow,
            metrics,
        };
        r
    }
}

pub mod has;

/// A route decoded flat: fixed size, `Copy`, no allocation, multipath paths only counted: what
/// the C API hands out for each route of a dump. [`RouteInfo::parse_into`] is the one walk over
/// a route message's attributes that nlrs has; [`Route::parse_into`] builds on it (adding the
/// paths, metrics and realms). Optional fields are valid when their [`has`] bit is set.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    /// Address family.
    pub family: u8,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Source prefix length.
    pub src_len: u8,
    /// Type of service.
    pub tos: u8,
    /// Origin (`RTPROT_*`).
    pub protocol: u8,
    /// Scope (`RT_SCOPE_*`).
    pub scope: u8,
    /// Type (`RTN_*`).
    pub rtype: u8,
    /// [`has`] bits.
    pub has: u8,
    /// Table id, all 32 bits.
    pub table: u32,
    /// `RTM_F_*` flags.
    pub flags: u32,
    /// Output interface index ([`has::OIF`]).
    pub oif: u32,
    /// Input interface index ([`has::IIF`]).
    pub iif: u32,
    /// Priority, the metric ([`has::PRIORITY`]).
    pub priority: u32,
    /// Number of multipath paths.
    pub nexthops: u32,
    /// Destination ([`has::DST`]; absent for a default route).
    pub dst: IpBytes,
    /// Source prefix ([`has::SRC`]).
    pub src: IpBytes,
    /// Gateway ([`has::GATEWAY`]).
    pub gateway: IpBytes,
    /// Preferred source ([`has::PREFSRC`]).
    pub prefsrc: IpBytes,
}

impl RouteInfo {
    /// A constant rather than `Default::default()`, which the compiler builds on the stack
    /// and copies field by field: this one is written in place with a few wide stores, once
    /// per route of a dump.
    const EMPTY: RouteInfo = RouteInfo {
        family: 0,
        dst_len: 0,
        src_len: 0,
        tos: 0,
        protocol: 0,
        scope: 0,
        rtype: 0,
        has: 0,
        table: 0,
        flags: 0,
        oif: 0,
        iif: 0,
        priority: 0,
        nexthops: 0,
        dst: IpBytes::NONE,
        src: IpBytes::NONE,
        gateway: IpBytes::NONE,
        prefsrc: IpBytes::NONE,
    };

    /// Decodes an `RTM_NEWROUTE`/`RTM_DELROUTE` message into `self`, which it overwrites. Of
    /// an attribute repeated, the last counts, as in the kernel's `nla_parse`.
    #[inline]
    pub fn parse_into(&mut self, msg: &Msg<'_>) -> Result<(), ParseError> {
        self.walk(msg, |_| Ok(()))
    }

    /// Decodes the header and the attributes `RouteInfo` holds into `self` (which it
    /// overwrites; on failure, what was decoded so far), handing every other attribute, and
    /// `RTA_MULTIPATH` (whose paths it only counts), to `other`.
    #[inline]
    fn walk<'a>(
        &mut self,
        msg: &Msg<'a>,
        mut other: impl FnMut(&Attr<'a>) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        let h: RtMsg = msg.fixed()?;
        *self = RouteInfo::EMPTY;
        self.family = h.family;
        self.dst_len = h.dst_len;
        self.src_len = h.src_len;
        self.tos = h.tos;
        self.protocol = h.protocol;
        self.scope = h.scope;
        self.rtype = h.ty;
        self.table = u32::from(h.table);
        self.flags = h.flags;
        for a in msg.attrs::<RtMsg>()? {
            let a = a?;
            let bit = match a.kind() {
                rta::DST => self.dst.read(&a).map(|()| has::DST)?,
                rta::SRC => self.src.read(&a).map(|()| has::SRC)?,
                rta::GATEWAY => self.gateway.read(&a).map(|()| has::GATEWAY)?,
                rta::PREFSRC => self.prefsrc.read(&a).map(|()| has::PREFSRC)?,
                rta::OIF => set(&mut self.oif, a.u32()?, has::OIF),
                rta::IIF => set(&mut self.iif, a.u32()?, has::IIF),
                rta::PRIORITY => set(&mut self.priority, a.u32()?, has::PRIORITY),
                rta::TABLE => set(&mut self.table, a.u32()?, 0),
                rta::MULTIPATH => {
                    self.nexthops = count_nexthops(a.payload())?;
                    other(&a)?;
                    0
                }
                _ => {
                    other(&a)?;
                    0
                }
            };
            self.has |= bit;
        }
        Ok(())
    }
}

/// Sets `slot` to `v` and returns `bit`.
#[inline]
fn set<T>(slot: &mut T, v: T, bit: u8) -> u8 {
    *slot = v;
    bit
}

impl Default for RouteInfo {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// How many paths a multipath payload holds, checking their framing.
fn count_nexthops(mut p: &[u8]) -> Result<u32, ParseError> {
    let mut n = 0u32;
    while !p.is_empty() {
        p = &p[nexthop_len(p)?..];
        n = n.saturating_add(1);
    }
    Ok(n)
}

/// The length of the first path in `p` (a multipath payload), padding included and clamped
/// to what is left, after checking its framing.
fn nexthop_len(p: &[u8]) -> Result<usize, ParseError> {
    let hdr = RtNexthop::parse(p)?;
    let len = usize::from(hdr.len);
    if len < RtNexthop::LEN || len > p.len() {
        return Err(ParseError::AttrLen {
            attr_type: rta::MULTIPATH,
            nla_len: hdr.len,
            have: p.len(),
        });
    }
    Ok(align(len).min(p.len()))
}

fn parse_multipath(mut p: &[u8], out: &mut Vec<Nexthop>) -> Result<(), ParseError> {
    while !p.is_empty() {
        let next = nexthop_len(p)?;
        let hdr = RtNexthop::parse(p)?;
        let attrs = &p[RtNexthop::LEN..usize::from(hdr.len)];
        let gateway = match AttrIter::new(attrs).find(rta::GATEWAY)? {
            Some(a) => Some(ip_from_attr(&a)?),
            None => None,
        };
        out.push(Nexthop {
            gateway,
            ifindex: hdr.ifindex as u32,
            hops: hdr.hops,
            flags: hdr.flags,
        });
        p = &p[next..];
    }
    Ok(())
}

/// What a route dump asks for. With strict checking (the default) the kernel itself filters
/// by table, protocol, type and output interface; the dump checks them again, so the
/// result is right on kernels without it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteFilter {
    /// `AF_INET`, `AF_INET6`, or `AF_UNSPEC` for both.
    pub family: u8,
    /// Only this table (`None`: all tables).
    pub table: Option<u32>,
    /// Only this origin.
    pub protocol: Option<u8>,
    /// Only this type.
    pub rtype: Option<u8>,
    /// Only routes through this output interface.
    pub oif: Option<u32>,
}

impl RouteFilter {
    setters! {
        /// Only routes of `family` (`AF_INET` or `AF_INET6`).
        set family: u8;
        /// Only the routes of table `table`.
        opt table: u32;
        /// Only routes of origin `protocol` (`RTPROT_*`).
        opt protocol: u8;
        /// Only routes of type `rtype` (`RTN_*`).
        opt rtype: u8;
        /// Only routes through output interface `oif`.
        opt oif: u32;
    }

    /// The dump request. The header carries nothing but the filter fields, which is what
    /// strict checking demands.
    pub fn dump_request(&self) -> Result<MsgBuilder, BuildError> {
        let mut m = MsgBuilder::with_header(
            RTM_GETROUTE,
            0,
            &RtMsg {
                family: self.family,
                protocol: self.protocol.unwrap_or(0),
                ty: self.rtype.unwrap_or(0),
                table: self.table.map_or(0, |t| u8::try_from(t).unwrap_or(0)),
                ..RtMsg::default()
            },
        );
        if let Some(t) = self.table {
            m.put_u32(rta::TABLE, t)?;
        }
        if let Some(oif) = self.oif {
            m.put_u32(rta::OIF, oif)?;
        }
        Ok(m)
    }

    /// Whether `r` passes the filter.
    pub fn matches(&self, r: &Route) -> bool {
        (self.family == AF_UNSPEC || r.family == self.family)
            && self.table.is_none_or(|t| r.table == t)
            && self.protocol.is_none_or(|p| r.protocol == p)
            && self.rtype.is_none_or(|t| r.rtype == t)
            && self
                .oif
                .is_none_or(|o| r.oif == Some(o) || r.multipath.iter().any(|n| n.ifindex == o))
    }
}

typed_dump!(
    RouteFilter,
    Route,
    (),
    |_: &mut (), m: &Msg<'_>| Route::parse(m),
    RouteDump,
    "routes"
);

/// The request asking the kernel which route it would use to reach `to`.
pub fn get_request(to: &IpAddr) -> Result<MsgBuilder, BuildError> {
    let mut m = MsgBuilder::with_header(
        RTM_GETROUTE,
        0,
        &RtMsg {
            family: family_of(to),
            dst_len: host_len(to),
            ..RtMsg::default()
        },
    );
    put_ip(&mut m, rta::DST, to)?;
    Ok(m)
}

/// The route the kernel would use to reach `to` (`ENETUNREACH` and friends when none).
pub fn get(sock: &mut Socket, to: &IpAddr) -> Result<Route> {
    Ok(Route::parse(&sock.request(&get_request(to)?)?.first()?)?)
}

/// A route to add, replace or delete.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteSpec {
    /// Destination; `None` for the default route (then `family` says which).
    pub dst: Option<IpAddr>,
    /// Destination prefix length.
    pub dst_len: u8,
    /// `AF_INET` or `AF_INET6`; must match `dst` and `gateway` when they are set.
    pub family: u8,
    /// Gateway.
    pub gateway: Option<IpAddr>,
    /// Output interface index.
    pub oif: Option<u32>,
    /// Table id (any 32-bit id; [`table::MAIN`] by default).
    pub table: u32,
    /// Priority (metric).
    pub priority: Option<u32>,
    /// Scope; `None` picks what iproute2 picks (host for local routes, link for routes with
    /// no gateway, universe otherwise; "any" when deleting).
    pub scope: Option<u8>,
    /// Origin ([`rtprot::BOOT`] by default, as iproute2).
    pub protocol: u8,
    /// Type ([`rtn::UNICAST`] by default).
    pub rtype: u8,
    /// Preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// Paths of a multipath route (instead of `gateway`/`oif`).
    pub multipath: Vec<Nexthop>,
}

impl RouteSpec {
    /// A unicast route to `dst/dst_len` in the main table, nothing else set.
    pub fn new(dst: IpAddr, dst_len: u8) -> Self {
        Self {
            family: family_of(&dst),
            dst: Some(dst),
            dst_len,
            gateway: None,
            oif: None,
            table: table::MAIN,
            priority: None,
            scope: None,
            protocol: rtprot::BOOT,
            rtype: rtn::UNICAST,
            prefsrc: None,
            multipath: Vec::new(),
        }
    }

    /// The default route of `family`.
    pub fn default_route(family: u8) -> Self {
        Self {
            family,
            dst: None,
            dst_len: 0,
            ..Self::new(IpAddr::from([0, 0, 0, 0]), 0)
        }
    }

    setters! {
        /// Through gateway `gateway`.
        opt gateway: IpAddr;
        /// Out of interface `oif`.
        opt oif: u32;
        /// In table `table`.
        set table: u32;
        /// With priority (metric) `priority`.
        opt priority: u32;
        /// With scope `scope` (`RT_SCOPE_*`) instead of the one iproute2 would pick.
        opt scope: u8;
        /// Of origin `protocol` (`RTPROT_*`).
        set protocol: u8;
        /// Of type `rtype` (`RTN_*`).
        set rtype: u8;
        /// With preferred source address `prefsrc`.
        opt prefsrc: IpAddr;
        /// Over the paths `multipath` (instead of a gateway and an output interface).
        set multipath: Vec<Nexthop>;
    }
}

impl Spec for RouteSpec {
    const NEW: u16 = RTM_NEWROUTE;
    const DEL: u16 = RTM_DELROUTE;

    fn request(&self, ty: u16, flags: u16) -> Result<MsgBuilder, BuildError> {
        let scope = self.scope.unwrap_or(if ty == RTM_DELROUTE {
            scope::NOWHERE
        } else if self.rtype == rtn::LOCAL {
            scope::HOST
        } else if self.rtype == rtn::UNICAST && self.gateway.is_none() && self.multipath.is_empty()
        {
            scope::LINK
        } else {
            scope::UNIVERSE
        });
        let mut m = MsgBuilder::with_header(
            ty,
            flags,
            &RtMsg {
                family: self.family,
                dst_len: self.dst_len,
                table: u8::try_from(self.table).unwrap_or(0),
                protocol: if ty == RTM_DELROUTE { 0 } else { self.protocol },
                scope,
                ty: self.rtype,
                ..RtMsg::default()
            },
        );
        if let Some(dst) = &self.dst {
            put_ip(&mut m, rta::DST, dst)?;
        }
        if let Some(gw) = &self.gateway {
            put_ip(&mut m, rta::GATEWAY, gw)?;
        }
        if let Some(oif) = self.oif {
            m.put_u32(rta::OIF, oif)?;
        }
        if let Some(p) = self.priority {
            m.put_u32(rta::PRIORITY, p)?;
        }
        if let Some(src) = &self.prefsrc {
            put_ip(&mut m, rta::PREFSRC, src)?;
        }
        m.put_u32(rta::TABLE, self.table)?;
        if !self.multipath.is_empty() {
            let mp = m.nest_start(rta::MULTIPATH)?;
            for nh in &self.multipath {
                // rtnexthop is a header of its own inside the nest, and its length covers the
                // gateway attribute that follows it.
                let gw_len = nh.gateway.map_or(0, |g| 4 + usize::from(host_len(&g) / 8));
                m.put_header(&RtNexthop {
                    len: (RtNexthop::LEN + gw_len) as u16,
                    flags: nh.flags,
                    hops: nh.hops,
                    ifindex: nh.ifindex as i32,
                })?;
                if let Some(gw) = &nh.gateway {
                    put_ip(&mut m, rta::GATEWAY, gw)?;
                }
            }
            m.nest_end(mp)?;
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_iproute2_prints_and_reads_them() {
        assert_eq!(type_name(rtn::BLACKHOLE), Some("blackhole"));
        assert_eq!(type_name(0), Some("none"));
        assert_eq!(type_name(12), None);
        assert_eq!(protocol_name(rtprot::STATIC), Some("static"));
        assert_eq!(protocol_name(99), Some("openr"));
        assert_eq!(protocol_name(77), None);
        assert_eq!(scope_name(scope::UNIVERSE), Some("global"));
        assert_eq!(scope_name(7), None);
        assert_eq!(table_name(table::MAIN), Some("main"));
        assert_eq!(table_name(100_000), None);
        assert_eq!(table_from_name("main"), Some(254));
        assert_eq!(table_from_name("100000"), Some(100_000));
        assert_eq!(table_from_name("nope"), None);
        assert_eq!(protocol_from_name("boot"), Some(3));
        assert_eq!(protocol_from_name("300"), None);
        assert_eq!(type_from_name("unreachable"), Some(rtn::UNREACHABLE));
        assert_eq!(scope_from_name("link"), Some(scope::LINK));
    }

    /// A whole `RTM_NEWROUTE` message with `rtm` and `attrs` (each padded).
    fn route_msg(rtm: &[u8], attrs: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut m = vec![0u8; NLMSG_HDRLEN];
        m[4..6].copy_from_slice(&RTM_NEWROUTE.to_ne_bytes());
        m.extend_from_slice(rtm);
        for (ty, payload) in attrs {
            m.extend_from_slice(&((payload.len() + 4) as u16).to_ne_bytes());
            m.extend_from_slice(&ty.to_ne_bytes());
            m.extend_from_slice(payload);
            m.resize(align(m.len()), 0);
        }
        let len = m.len() as u32;
        m[..4].copy_from_slice(&len.to_ne_bytes());
        m
    }

    /// Of two `RTA_MULTIPATH` attributes the last counts, as in the kernel's `nla_parse`: for
    /// the count of [`RouteInfo`] and for the paths of [`Route`], fresh or reused alike.
    #[test]
    fn the_last_multipath_attribute_counts_everywhere() {
        let path = |ifindex: u8| {
            let mut p = 8u16.to_ne_bytes().to_vec();
            p.extend_from_slice(&[0, 0, ifindex, 0, 0, 0]);
            p
        };
        let two = [path(7), path(8)].concat();
        let bytes = route_msg(
            &[AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
            &[(rta::MULTIPATH, path(5)), (rta::MULTIPATH, two)],
        );
        let m = Msg::parse(&bytes).unwrap();
        let mut info = RouteInfo::default();
        info.parse_into(&m).unwrap();
        assert_eq!(info.nexthops, 2);
        let route = Route::parse(&m).unwrap();
        let ifindexes: Vec<u32> = route.multipath.iter().map(|n| n.ifindex).collect();
        assert_eq!(ifindexes, [7, 8]);
        let mut reused = Route::parse(
            &Msg::parse(&route_msg(
                &[AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                &[(rta::MULTIPATH, [path(1), path(2), path(3)].concat())],
            ))
            .unwrap(),
        )
        .unwrap();
        reused.parse_into(&m).unwrap();
        assert_eq!(reused, route);
    }
}
