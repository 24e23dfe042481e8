//! Routes: `RTM_NEWROUTE`, `RTM_DELROUTE`, `RTM_GETROUTE`, IPv4 and IPv6, multipath included.

use super::common::{host_len, ip_from_attr, other_family, put_ip, IpBytes};
use super::dump::typed_dump;
use super::{IfIndex, IpPrefix};
use crate::conn::{Result, Socket};
use crate::wire::consts::*;
use crate::wire::{
    align, Attr, AttrIter, BuildError, FixedHeader, Msg, MsgBuilder, ParseError, RtMsg, RtNexthop,
};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

mod metrics;
pub use metrics::RouteMetrics;
mod spec;
pub use spec::RouteSpec;

pub use super::codes::{RouteProtocol, RouteType, Scope};
pub use crate::wire::consts::icmpv6_router_pref as pref;
pub use crate::wire::consts::rt_table as table;

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

/// The routing table named `text` ("main", "local", "default") or numbered (any 32-bit id),
/// as `ip route` reads it.
pub fn table_from_name(text: &str) -> Option<u32> {
    match text.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => [0, 253, 254, 255]
            .into_iter()
            .find(|&n| table_name(n) == Some(text)),
    }
}

/// One path of a multipath route (`struct rtnexthop` and its attributes): made by
/// [`Nexthop::new`], the rest set with the setters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Nexthop {
    /// Gateway: of the route's family (`RTA_GATEWAY`), or an IPv6 one of an IPv4 route
    /// (`RTA_VIA`).
    pub gateway: Option<IpAddr>,
    /// Output interface index.
    pub ifindex: IfIndex,
    /// Weight minus one (`rtnh_hops`).
    pub hops: u8,
    /// `RTNH_F_*` flags.
    pub flags: u8,
}

impl Nexthop {
    /// A path out of interface `ifindex`, weight 1, no gateway, no flags.
    pub fn new(ifindex: IfIndex) -> Self {
        Nexthop {
            gateway: None,
            ifindex,
            hops: 0,
            flags: 0,
        }
    }

    setters! {
        /// Through gateway `gateway`.
        opt gateway: IpAddr;
        /// With weight `hops` + 1.
        set hops: u8;
        /// With `RTNH_F_*` flags `flags`.
        set flags: u8;
    }
}

/// `RTNL_FAMILY_IP6MR`: the family of IPv6 multicast routes, whose addresses are IPv6.
const RTNL_FAMILY_IP6MR: u8 = 129;

/// Whether a route message of `family` has IPv6 addresses when it has none (IPv6 routes),
/// rather than IPv4 ones (any other).
pub(crate) fn v6_family(family: u8) -> bool {
    family == AF_INET6 || family == RTNL_FAMILY_IP6MR
}

/// The unspecified address of a route message's family: its address when the message has
/// none.
pub(crate) fn unspecified(family: u8) -> IpAddr {
    if v6_family(family) {
        IpAddr::V6(Ipv6Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    }
}

/// The prefix of a route message's destination or source (attribute `attr`): the address
/// attribute (when absent, the family's [`unspecified`] address) without the bits past the
/// header's length, which must fit it (the kernel takes no bits past the length: IPv4 refuses
/// them, IPv6 clears them, and neither sends any). The address must be of the family's kind,
/// IPv6 for an IPv6 route and IPv4 for any other, as the kernel's policies require of what it
/// is sent (the kernel never sends another). So a route's destination names its prefix alone,
/// read from its message as from a mirror's record.
pub(crate) fn prefix_of(
    family: u8,
    addr: Option<IpAddr>,
    len: u8,
    attr: u16,
) -> Result<IpPrefix, ParseError> {
    let addr = match addr {
        Some(a) if a.is_ipv6() != v6_family(family) => return Err(other_family(attr, a)),
        Some(a) => a,
        None => unspecified(family),
    };
    match IpPrefix::new(addr, len) {
        Ok(p) => Ok(p.network()),
        Err(_) => Err(ParseError::PrefixLen {
            len,
            max: host_len(&addr),
        }),
    }
}

/// A route as the kernel describes it.
#[derive(Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route {
    /// The message's family (`rtm_family`): `AF_INET` or `AF_INET6` (or, in a dump of every
    /// family, `RTNL_FAMILY_IPMR` (128) and `RTNL_FAMILY_IP6MR` (129) for multicast routes).
    pub family: u8,
    /// Destination (`RTA_DST` and `rtm_dst_len`): `0.0.0.0/0` or `::/0` for a default route.
    pub dst: IpPrefix,
    /// Source prefix (`RTA_SRC` and `rtm_src_len`, IPv6 source routing); none for a length
    /// of 0.
    pub src: Option<IpPrefix>,
    /// Type of service.
    pub tos: u8,
    /// Table id, all 32 bits (`RTA_TABLE` when sent).
    pub table: u32,
    /// The header's 8-bit table field (`rtm_table`): `table` when below 256, else
    /// [`table::COMPAT`].
    pub rtm_table: u8,
    /// Origin (`RTPROT_*`).
    pub protocol: RouteProtocol,
    /// Scope (`RT_SCOPE_*`).
    pub scope: Scope,
    /// Type (`RTN_*`).
    pub rtype: RouteType,
    /// `RTM_F_*` flags.
    pub flags: u32,
    /// Gateway: of the route's family (`RTA_GATEWAY`), or an IPv6 one of an IPv4 route
    /// (`RTA_VIA`, `ip`'s `via inet6`).
    pub gateway: Option<IpAddr>,
    /// Preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// Output interface index.
    pub oif: Option<IfIndex>,
    /// Input interface index.
    pub iif: Option<IfIndex>,
    /// Priority (metric).
    pub priority: Option<u32>,
    /// Paths of a multipath route.
    pub multipath: Vec<Nexthop>,
    /// Realms (`RTA_FLOW`, `ip`'s `realm`): the destination realm in the low 16 bits, the
    /// source realm in the high 16.
    pub flow: Option<u32>,
    /// Metrics (`RTA_METRICS`: MTU, advertised MSS, ...), when the route has any.
    pub metrics: Option<RouteMetrics>,
    /// The nexthop object the route goes through (`RTA_NH_ID`, `ip`'s `nhid`; an id of 0,
    /// which the kernel takes for none, decodes as `None`). The kernel also sends that
    /// object's gateway and interface (or paths) in `gateway`, `oif` and `multipath` when
    /// `net.ipv4.nexthop_compat_mode` is set (the default).
    pub nh_id: Option<u32>,
    /// Preference of an IPv6 route (`RTA_PREF`, `ip`'s `pref`): [`pref::LOW`],
    /// [`pref::MEDIUM`] or [`pref::HIGH`]. The kernel sends it with every IPv6 route (medium
    /// unless set, or learnt from a router advertisement) and with no IPv4 one.
    pub pref: Option<u8>,
    /// Remaining lifetime in seconds of a route that expires (`RTA_CACHEINFO`'s
    /// `rta_expires`, `ip`'s `expires`): an IPv6 route added with one (`RouteSpec::expires`)
    /// or learnt from a router advertisement, or an IPv4 route's cached exception (`get`).
    /// `None` when it does not expire (the kernel's count of 0). Seconds, as
    /// `RouteSpec::expires` sets it (so a route read can be written back) and as `ip` prints
    /// it: the kernel counts in clock ticks of 1/100 s, cut to whole seconds here as iproute2
    /// cuts them, so 0 means less than a second left, or a route past its time that the
    /// kernel has not removed yet (its count is then negative).
    pub expires: Option<u32>,
}

impl Clone for Route {
    fn clone(&self) -> Self {
        let mut r = Route::default();
        r.clone_from(self);
        r
    }

    /// Field by field, reusing `self`'s multipath buffer: how the C API lends each route a
    /// mirror reports (a million at a start). The derived one built a whole new `Route` (some
    /// 300 bytes, most of them the rare metrics) and dropped the old. The pattern names every
    /// field, so that a new one cannot be forgotten here.
    fn clone_from(&mut self, source: &Self) {
        let Route {
            family,
            dst,
            src,
            tos,
            table,
            rtm_table,
            protocol,
            scope,
            rtype,
            flags,
            gateway,
            prefsrc,
            oif,
            iif,
            priority,
            multipath,
            flow,
            metrics,
            nh_id,
            pref,
            expires,
        } = self;
        *family = source.family;
        *dst = source.dst;
        *src = source.src;
        *tos = source.tos;
        *table = source.table;
        *rtm_table = source.rtm_table;
        *protocol = source.protocol;
        *scope = source.scope;
        *rtype = source.rtype;
        *flags = source.flags;
        *gateway = source.gateway;
        *prefsrc = source.prefsrc;
        *oif = source.oif;
        *iif = source.iif;
        *priority = source.priority;
        multipath.clone_from(&source.multipath);
        *flow = source.flow;
        metrics.clone_from(&source.metrics);
        *nh_id = source.nh_id;
        *pref = source.pref;
        *expires = source.expires;
    }
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
        // A route without paths, realms or metrics (all of a full table's but a few) is
        // whole in its flat decoding: set from it, in a third fewer instructions than the
        // walk below (whose state is scattered over registers and the stack). Any other,
        // and a malformed one, is decoded again below, as if this had not been tried.
        if info.parse_flat(msg) == Ok(true) {
            self.multipath.clear();
            self.flow = None;
            self.metrics = None;
            return self.set_flat(&info, h.table);
        }
        let mut multipath = std::mem::take(&mut self.multipath);
        multipath.clear();
        let mut flow = None;
        // Decoded straight into place: the metrics are most of a `Route`'s bytes.
        let metrics = &mut self.metrics;
        *metrics = None;
        let r = info.walk(msg, |a| {
            match a.kind() {
                rta::MULTIPATH => {
                    multipath.clear();
                    parse_multipath(a.payload(), &mut multipath)?;
                }
                rta::FLOW => flow = Some(a.u32()?),
                rta::METRICS => *metrics = Some(RouteMetrics::parse(a.payload())?),
                _ => {}
            }
            Ok(())
        });
        let flat = self.set_flat(&info, h.table);
        self.multipath = multipath;
        self.flow = flow;
        r.and(flat)
    }

    /// Sets every field a [`RouteInfo`] holds from `info` (`rtm_table`: the header's 8-bit
    /// table field), field by field in place: a whole new `Route` written over `self` (some
    /// 300 bytes, most of them the rare metrics) cost more than the decoding of a plain
    /// route. An error when a prefix length does not fit its address (the destination's
    /// first), that prefix then the default one.
    fn set_flat(&mut self, info: &RouteInfo, rtm_table: u8) -> Result<(), ParseError> {
        // The call first, while nothing else is held in registers.
        self.protocol = info.protocol.into();
        self.scope = info.scope.into();
        self.rtype = info.rtype.into();
        self.family = info.family;
        self.tos = info.tos;
        self.table = info.table;
        self.rtm_table = rtm_table;
        self.flags = info.flags;
        self.gateway = info.gateway.ip();
        self.prefsrc = info.prefsrc.ip();
        let opt = |bit: u32, v: u32| (info.has & bit != 0).then_some(v);
        self.oif = opt(has::OIF, info.oif).map(IfIndex::from);
        self.iif = opt(has::IIF, info.iif).map(IfIndex::from);
        self.priority = opt(has::PRIORITY, info.priority);
        // An id of 0 names no object: the kernel takes it for none.
        self.nh_id = opt(has::NH_ID, info.nh_id).filter(|&id| id != 0);
        self.pref = (info.has & has::PREF != 0).then_some(info.pref);
        self.expires = opt(has::EXPIRES, info.expires);
        let dst = prefix_of(info.family, info.dst.ip(), info.dst_len, rta::DST);
        // A source prefix of length 0 restricts nothing: none (the kernel sends `RTA_SRC`
        // only with a length).
        let src = (info.src_len > 0)
            .then(|| prefix_of(info.family, info.src.ip(), info.src_len, rta::SRC))
            .transpose();
        // Copied out of the results, not cloned with them: a clone of an error, or the forms
        // through `ok()`, cost a decoded route some 20 instructions.
        self.dst = dst.as_ref().map_or(IpPrefix::default(), |&d| d);
        self.src = src.as_ref().map_or(None, |&s| s);
        dst.and(src).map(drop)
    }

    /// The destination address as `RTA_DST` carries it: absent for a default route (the
    /// kernel sends `RTA_DST` exactly when the length is not 0).
    pub(crate) fn dst_attr(&self) -> Option<IpAddr> {
        (!self.dst.is_default()).then(|| self.dst.addr())
    }
}

pub mod has;

/// A route decoded flat: fixed size, `Copy`, no allocation, multipath paths only counted,
/// they, metrics and realms only flagged ([`has::MULTIPATH`], [`has::METRICS`],
/// [`has::FLOW`]): what
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
    /// Preference of an IPv6 route ([`has::PREF`]; `RTA_PREF`, `pref::*`).
    pub pref: u8,
    /// [`has`] bits.
    pub has: u32,
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
    /// The nexthop object the route goes through ([`has::NH_ID`]; `ip`'s `nhid`).
    pub nh_id: u32,
    /// Remaining lifetime in seconds ([`has::EXPIRES`]; as [`Route::expires`]).
    pub expires: u32,
    /// Destination ([`has::DST`]; absent for a default route).
    pub dst: IpBytes,
    /// Source prefix ([`has::SRC`]).
    pub src: IpBytes,
    /// Gateway ([`has::GATEWAY`]; `RTA_GATEWAY`, or `RTA_VIA` for an IPv6 one of an IPv4
    /// route).
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
        pref: 0,
        has: 0,
        table: 0,
        flags: 0,
        oif: 0,
        iif: 0,
        priority: 0,
        nexthops: 0,
        nh_id: 0,
        expires: 0,
        dst: IpBytes::NONE,
        src: IpBytes::NONE,
        gateway: IpBytes::NONE,
        prefsrc: IpBytes::NONE,
    };

    /// The flat fields of `r`, as [`RouteInfo::parse_into`] decodes them from its message
    /// (the destination and source as prefixes, host bits clear): one copy for a reader of
    /// routes that come without a message (a mirror's), where field by field took a call each.
    pub fn of(r: &Route) -> RouteInfo {
        let mut info = RouteInfo::EMPTY;
        let mut put = |bit: u32, v: Option<u32>, field: fn(&mut RouteInfo) -> &mut u32| {
            if let Some(v) = v {
                *field(&mut info) = v;
                info.has |= bit;
            }
        };
        put(has::OIF, r.oif.map(IfIndex::get), |i| &mut i.oif);
        put(has::IIF, r.iif.map(IfIndex::get), |i| &mut i.iif);
        put(has::PRIORITY, r.priority, |i| &mut i.priority);
        put(has::NH_ID, r.nh_id, |i| &mut i.nh_id);
        put(has::EXPIRES, r.expires, |i| &mut i.expires);
        let mut ip = |bit: u32, v: Option<IpAddr>, field: fn(&mut RouteInfo) -> &mut IpBytes| {
            if let Some(v) = v {
                *field(&mut info) = IpBytes::new(&v);
                info.has |= bit;
            }
        };
        ip(has::DST, r.dst_attr(), |i| &mut i.dst);
        ip(has::SRC, r.src.map(|p| p.addr()), |i| &mut i.src);
        ip(has::GATEWAY, r.gateway, |i| &mut i.gateway);
        ip(has::PREFSRC, r.prefsrc, |i| &mut i.prefsrc);
        if let Some(pref) = r.pref {
            info.pref = pref;
            info.has |= has::PREF;
        }
        let flag = |bit: u32, present: bool| if present { bit } else { 0 };
        info.has |= flag(has::MULTIPATH, !r.multipath.is_empty())
            | flag(has::METRICS, r.metrics.is_some())
            | flag(has::FLOW, r.flow.is_some());
        info.family = r.family;
        info.dst_len = r.dst.len();
        info.src_len = r.src.map_or(0, |p| p.len());
        info.tos = r.tos;
        info.protocol = r.protocol.into();
        info.scope = r.scope.into();
        info.rtype = r.rtype.into();
        info.table = r.table;
        info.flags = r.flags;
        info.nexthops = u32::try_from(r.multipath.len()).unwrap_or(u32::MAX);
        info
    }

    /// Decodes an `RTM_NEWROUTE`/`RTM_DELROUTE` message into `self`, which it overwrites. Of
    /// an attribute repeated, the last counts, as in the kernel's `nla_parse`.
    #[inline]
    pub fn parse_into(&mut self, msg: &Msg<'_>) -> Result<(), ParseError> {
        self.walk(msg, |_| Ok(()))
    }

    /// Decodes `msg` into `self`, as [`RouteInfo::parse_into`] does, and gives its header's
    /// 8-bit table field when the route is plain: when `self` holds all that
    /// [`Route::parse`] would decode from `msg` (no source prefix, preferred source, input
    /// interface, paths, realms or metrics) and its destination prefix fits
    /// (the one check `Route::parse` adds). `None` for any other route, to be decoded into a
    /// [`Route`]. A mirror's dump stores a plain route (most of a full table) without
    /// building a `Route`.
    pub(crate) fn parse_plain(&mut self, msg: &Msg<'_>) -> Result<Option<u8>, ParseError> {
        let h: RtMsg = msg.fixed()?;
        if !self.parse_flat(msg)?
            || self.src_len > 0
            || self.has & (has::SRC | has::PREFSRC | has::IIF) != 0
        {
            return Ok(None);
        }
        prefix_of(self.family, self.dst.ip(), self.dst_len, rta::DST)?;
        Ok(Some(h.table))
    }

    /// Decodes `msg` into `self`, as [`RouteInfo::parse_into`] does, and tells whether it
    /// holds all of the route: `false` when the message has paths, realms or metrics (which
    /// `RouteInfo`, laid out as C's `nlrs_route_info`, has no room for).
    #[inline]
    fn parse_flat(&mut self, msg: &Msg<'_>) -> Result<bool, ParseError> {
        self.walk(msg, |_| Ok(()))?;
        Ok(self.has & (has::MULTIPATH | has::METRICS | has::FLOW) == 0)
    }

    /// Decodes the header and the attributes `RouteInfo` holds into `self` (which it
    /// overwrites; on failure, what was decoded so far), handing every other attribute, and
    /// `RTA_MULTIPATH` (whose paths it counts and flags), `RTA_METRICS` and `RTA_FLOW` (which it
    /// flags), to `other`. Inlined even where the
    /// compiler would call it (from `parse_plain` and `parse_into`, its two users of the same
    /// closure): called, it cost each route some ten instructions more.
    #[inline(always)]
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
        let mut attrs = msg.attrs::<RtMsg>()?;
        loop {
            // Most attributes of a route carry 4 bytes for a field of `RouteInfo` (table,
            // priority, output interface, IPv4 destination and gateway): told by their
            // header, unflagged type and length, and stored without the general framing and
            // dispatch below, which cost a plain route some 55 instructions more. Any other
            // attribute, a flagged or malformed one included, goes the general way.
            let quick = attrs.peek_u32().and_then(|a| self.store(a.raw_type(), &a));
            let bit = match quick {
                Some(bit) => {
                    attrs.skip_u32();
                    bit?
                }
                None => {
                    let Some(a) = attrs.next() else { break };
                    let a = a?;
                    match self.store(a.kind(), &a) {
                        Some(bit) => bit?,
                        None => {
                            // The rare attributes `RouteInfo` only counts or flags.
                            let bit = match a.kind() {
                                rta::MULTIPATH => {
                                    self.nexthops = count_nexthops(a.payload())?;
                                    has::MULTIPATH
                                }
                                rta::METRICS => has::METRICS,
                                rta::FLOW => has::FLOW,
                                _ => 0,
                            };
                            other(&a)?;
                            bit
                        }
                    }
                }
            };
            self.has |= bit;
        }
        Ok(())
    }

    /// Stores attribute `a` of type `kind` (its type without flags, or with them, which
    /// match none) when it is one of the fields `RouteInfo` holds: its [`has`] bit (0 for
    /// the table), or its error (the field then left as it was); `None` for any other.
    #[inline(always)]
    fn store(&mut self, kind: u16, a: &Attr<'_>) -> Option<Result<u32, ParseError>> {
        Some(match kind {
            rta::DST => self.dst.read(a).map(|()| has::DST),
            rta::SRC => self.src.read(a).map(|()| has::SRC),
            rta::GATEWAY => self.gateway.read(a).map(|()| has::GATEWAY),
            // A gateway of the other family (an IPv4 route through an IPv6 router).
            rta::VIA => self.gateway.read_via(a).map(|()| has::GATEWAY),
            rta::PREFSRC => self.prefsrc.read(a).map(|()| has::PREFSRC),
            rta::OIF => a.u32().map(|v| set(&mut self.oif, v, has::OIF)),
            rta::IIF => a.u32().map(|v| set(&mut self.iif, v, has::IIF)),
            rta::PRIORITY => a.u32().map(|v| set(&mut self.priority, v, has::PRIORITY)),
            rta::NH_ID => a.u32().map(|v| set(&mut self.nh_id, v, has::NH_ID)),
            rta::TABLE => a.u32().map(|v| set(&mut self.table, v, 0)),
            rta::PREF => a.u8().map(|v| set(&mut self.pref, v, has::PREF)),
            rta::CACHEINFO => expires_of(a).map(|e| {
                // No expiry clears one an earlier `RTA_CACHEINFO` gave: the last counts.
                self.has &= !has::EXPIRES;
                e.map_or(0, |secs| set(&mut self.expires, secs, has::EXPIRES))
            }),
            _ => return None,
        })
    }
}

/// The prefix a route message is about, read alone: what a reader looking ahead at queued
/// notifications needs (the mirror prefetches where each one's route is kept), without
/// decoding the rest as [`RouteInfo::parse_into`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RoutePrefix {
    /// Address family.
    pub family: u8,
    /// Routing table: `RTA_TABLE`, else the header's.
    pub table: u32,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Destination (absent for a default route).
    pub dst: IpBytes,
}

impl RoutePrefix {
    /// Reads the header of `msg` (an `RTM_NEWROUTE`/`RTM_DELROUTE`) and its attributes up to
    /// `RTA_TABLE` and `RTA_DST`. The kernel puts those two first: the walk stops there, so
    /// the attributes after them are not checked, nor is a repeated one seen (of which the
    /// full decoding takes the last).
    #[inline(always)]
    pub(crate) fn of(msg: &Msg<'_>) -> Result<RoutePrefix, ParseError> {
        let h: RtMsg = msg.fixed()?;
        let mut p = RoutePrefix {
            family: h.family,
            table: u32::from(h.table),
            dst_len: h.dst_len,
            dst: IpBytes::NONE,
        };
        // Which of the two were seen (a default route has no RTA_DST: then every attribute
        // is looked at).
        let (table, dst) = (1u8, 2u8);
        let mut seen = 0;
        for a in msg.attrs::<RtMsg>()? {
            let a = a?;
            seen |= match a.kind() {
                rta::TABLE => set(&mut p.table, a.u32()?, table),
                rta::DST => p.dst.read(&a).map(|()| dst)?,
                _ => continue,
            };
            if seen == table | dst {
                break;
            }
        }
        Ok(p)
    }
}

/// Sets `slot` to `v` and returns `bit`.
#[inline]
fn set<T, B>(slot: &mut T, v: T, bit: B) -> B {
    *slot = v;
    bit
}

/// The kernel's clock ticks per second in `rta_expires` (`USER_HZ`, what
/// `jiffies_to_clock_t` counts in): 100 on every architecture Rust targets (iproute2 asks
/// `sysconf(_SC_CLK_TCK)`, which says the same).
const USER_HZ: u32 = 100;

/// The remaining lifetime an `RTA_CACHEINFO` gives (`struct rta_cacheinfo`'s `rta_expires`,
/// a signed count of clock ticks, the third of its 32-bit fields), as [`Route::expires`]
/// holds it: `None` for 0 (no expiry), whole seconds cut as iproute2 cuts them, 0 for a
/// negative count (a route past its time, not removed yet). Only the fields up to
/// `rta_expires` must be there.
fn expires_of(a: &Attr<'_>) -> Result<Option<u32>, ParseError> {
    let p = a.payload();
    let Some(&[b0, b1, b2, b3]) = p.get(8..12) else {
        return Err(ParseError::PayloadLen {
            attr_type: rta::CACHEINFO,
            expected: 32,
            have: p.len(),
        });
    };
    let ticks = i32::from_ne_bytes([b0, b1, b2, b3]);
    Ok((ticks != 0).then(|| u32::try_from(ticks).map_or(0, |t| t / USER_HZ)))
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
        let mut gateway = None;
        for a in AttrIter::new(attrs) {
            let a = a?;
            match a.kind() {
                rta::GATEWAY => gateway = Some(ip_from_attr(&a)?),
                rta::VIA => {
                    let mut via = IpBytes::NONE;
                    via.read_via(&a)?;
                    gateway = via.ip();
                }
                _ => {}
            }
        }
        out.push(Nexthop {
            gateway,
            ifindex: IfIndex::from_c_int(hdr.ifindex),
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
    pub protocol: Option<RouteProtocol>,
    /// Only this type.
    pub rtype: Option<RouteType>,
    /// Only routes through this output interface.
    pub oif: Option<IfIndex>,
}

impl RouteFilter {
    setters! {
        /// Only routes of `family` (`AF_INET` or `AF_INET6`).
        set family: u8;
        /// Only the routes of table `table`.
        opt table: u32;
        /// Only routes of origin `protocol`.
        opt protocol: RouteProtocol;
        /// Only routes of type `rtype`.
        opt rtype: RouteType;
        /// Only routes through output interface `oif`.
        opt oif: IfIndex;
    }

    /// The dump request. The header carries nothing but the filter fields, which is what
    /// strict checking demands.
    pub fn dump_request(&self) -> Result<MsgBuilder, BuildError> {
        let mut m = MsgBuilder::with_header(
            RTM_GETROUTE,
            0,
            &RtMsg {
                family: self.family,
                protocol: self.protocol.map_or(0, u8::from),
                ty: self.rtype.map_or(0, u8::from),
                table: self.table.map_or(0, |t| u8::try_from(t).unwrap_or(0)),
                ..RtMsg::default()
            },
        );
        if let Some(t) = self.table {
            m.put_u32(rta::TABLE, t)?;
        }
        if let Some(oif) = self.oif {
            m.put_u32(rta::OIF, oif.get())?;
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
    let to_prefix = IpPrefix::host(*to);
    let mut m = MsgBuilder::with_header(
        RTM_GETROUTE,
        0,
        &RtMsg {
            family: to_prefix.family(),
            dst_len: to_prefix.len(),
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rtnl::Spec;

    #[test]
    fn tables_as_iproute2_prints_and_reads_them() {
        assert_eq!(table_name(table::MAIN), Some("main"));
        assert_eq!(table_name(100_000), None);
        assert_eq!(table_from_name("main"), Some(254));
        assert_eq!(table_from_name("unspec"), Some(0));
        assert_eq!(table_from_name("100000"), Some(100_000));
        assert_eq!(table_from_name("nope"), None);
    }

    /// The destination and source are prefixes of the message's family, default ones when
    /// absent; a length longer than the address is malformed.
    #[test]
    fn prefixes_of_route_messages() {
        let v4 = |dst_len: u8, attrs: &[(u16, Vec<u8>)]| {
            Route::parse(
                &Msg::parse(&route_msg(
                    &[AF_INET, dst_len, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                    attrs,
                ))
                .unwrap(),
            )
        };
        let r = v4(0, &[]).unwrap();
        assert_eq!(
            (r.dst, r.src, r.dst_attr()),
            (IpPrefix::DEFAULT_V4, None, None)
        );
        let r = v4(24, &[(rta::DST, vec![192, 0, 2, 0])]).unwrap();
        assert_eq!(r.dst.to_string(), "192.0.2.0/24");
        assert_eq!(r.dst_attr(), Some(IpAddr::from([192, 0, 2, 0])));
        assert_eq!(
            v4(33, &[(rta::DST, vec![192, 0, 2, 0])]),
            Err(ParseError::PrefixLen { len: 33, max: 32 })
        );
        let v6 = Route::parse(
            &Msg::parse(&route_msg(
                &[AF_INET6, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                &[],
            ))
            .unwrap(),
        )
        .unwrap();
        assert_eq!(v6.dst, IpPrefix::DEFAULT_V6);
        assert_eq!(format!("{:#}", v6.dst), "default");
    }

    /// `clone_from` (field by field, reusing buffers) gives what `clone` does, whichever
    /// fields either side has.
    #[test]
    fn clone_from_copies_every_field() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let full = Route {
            family: AF_INET6,
            dst: IpPrefix::new(ip("2001:db8::"), 32).unwrap(),
            src: Some(IpPrefix::new(ip("2001:db8:1::"), 48).unwrap()),
            tos: 4,
            table: 1000,
            rtm_table: 252,
            protocol: 186.into(),
            scope: 200.into(),
            rtype: 7.into(),
            flags: 0x200,
            gateway: Some(ip("fe80::1")),
            prefsrc: Some(ip("2001:db8::2")),
            oif: Some(IfIndex::new(3)),
            iif: Some(IfIndex::new(4)),
            priority: Some(1024),
            multipath: vec![Nexthop::new(IfIndex::new(5)), Nexthop::new(IfIndex::new(6))],
            flow: Some(0x10002),
            metrics: Some(RouteMetrics {
                mtu: Some(1400),
                cc_algo: Some("cubic".into()),
                ..RouteMetrics::default()
            }),
            nh_id: Some(5),
            pref: Some(pref::HIGH),
            expires: Some(300),
        };
        let plain = Route::default();
        let mut r = plain.clone();
        r.clone_from(&full);
        assert_eq!(r, full);
        assert_eq!(full.clone(), full);
        r.clone_from(&plain);
        assert_eq!(r, plain);
    }

    /// A whole `RTM_NEWROUTE` message with `rtm` and `attrs` (each padded).
    pub(crate) fn route_msg(rtm: &[u8], attrs: &[(u16, Vec<u8>)]) -> Vec<u8> {
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

    /// The prefix read alone is the full decoding's, whether the table is in the header or
    /// in `RTA_TABLE`, for IPv4, IPv6 and a default route (no `RTA_DST`: every attribute is
    /// walked); a truncated header is an error.
    #[test]
    fn a_route_prefix_read_alone_is_the_decoded_one() {
        let table = |t: u32| (rta::TABLE, t.to_ne_bytes().to_vec());
        let oif = (rta::OIF, 3u32.to_ne_bytes().to_vec());
        let v6 = [0x20, 1, 0xd, 0xb8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].to_vec();
        for (rtm, attrs) in [
            (
                [AF_INET, 24, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                vec![(rta::DST, vec![192, 0, 2, 0]), oif.clone()],
            ),
            (
                [AF_INET, 32, 0, 0, 252, 0, 0, 1, 0, 0, 0, 0],
                vec![table(1000), (rta::DST, vec![11, 0, 0, 1]), oif.clone()],
            ),
            (
                [AF_INET6, 64, 0, 0, 252, 0, 0, 1, 0, 0, 0, 0],
                vec![table(100_000), (rta::DST, v6), oif.clone()],
            ),
            (
                [AF_INET, 0, 0, 0, 252, 0, 0, 1, 0, 0, 0, 0],
                vec![oif.clone(), table(77)],
            ),
        ] {
            let bytes = route_msg(&rtm, &attrs);
            let m = Msg::parse(&bytes).unwrap();
            let mut info = RouteInfo::default();
            info.parse_into(&m).unwrap();
            let want = RoutePrefix {
                family: info.family,
                table: info.table,
                dst_len: info.dst_len,
                dst: info.dst,
            };
            assert_eq!(RoutePrefix::of(&m), Ok(want), "{attrs:?}");
        }
        let bytes = route_msg(&[AF_INET, 24, 0, 0], &[]);
        assert!(RoutePrefix::of(&Msg::parse(&bytes).unwrap()).is_err());
    }

    /// A plain route decoded into a `Route` that held a source prefix, paths, realms,
    /// metrics and a nexthop object keeps none of them, and has every field the message gives.
    #[test]
    fn a_plain_route_decoded_over_a_full_one_is_whole() {
        let u32_attr = |ty: u16, v: u32| (ty, v.to_ne_bytes().to_vec());
        let mut path = 8u16.to_ne_bytes().to_vec();
        path.extend_from_slice(&[0, 0, 7, 0, 0, 0]);
        let mtu = route_msg(&[], &[u32_attr(2, 1400)])[NLMSG_HDRLEN..].to_vec();
        let full = route_msg(
            &[AF_INET, 24, 16, 0, 254, 3, 0, 1, 0, 0, 0, 0],
            &[
                (rta::DST, vec![192, 0, 2, 0]),
                (rta::SRC, vec![198, 51, 0, 0]),
                (rta::MULTIPATH, path),
                u32_attr(rta::FLOW, 0x10002),
                (rta::METRICS, mtu),
                u32_attr(rta::NH_ID, 5),
            ],
        );
        let mut r = Route::parse(&Msg::parse(&full).unwrap()).unwrap();
        assert!(r.src.is_some() && r.flow.is_some() && r.metrics.is_some());
        assert_eq!(r.nh_id, Some(5));
        assert_eq!(r.multipath.len(), 1);
        let plain = route_msg(
            &[AF_INET, 24, 0, 0, 252, 186, 0, 1, 0, 0, 0, 0],
            &[
                u32_attr(rta::TABLE, 1000),
                (rta::DST, vec![192, 0, 2, 0]),
                u32_attr(rta::PRIORITY, 20),
                (rta::GATEWAY, vec![10, 0, 0, 1]),
                u32_attr(rta::OIF, 3),
            ],
        );
        r.parse_into(&Msg::parse(&plain).unwrap()).unwrap();
        let want = Route {
            family: AF_INET,
            dst: "192.0.2.0/24".parse().unwrap(),
            table: 1000,
            rtm_table: 252,
            protocol: 186.into(),
            rtype: RouteType::Unicast,
            gateway: Some(IpAddr::from([10, 0, 0, 1])),
            oif: Some(IfIndex::new(3)),
            priority: Some(20),
            ..Route::default()
        };
        assert_eq!(r, want);
    }

    /// An IPv4 route through an IPv6 gateway (`ip route ... via inet6`): a spec sends it as
    /// `RTA_VIA`, single-path and in its paths, and the route decodes it as its gateway, as
    /// the kernel sends it back; a `struct rtvia` of the wrong size is malformed.
    #[test]
    fn a_gateway_of_the_other_family_goes_as_rta_via() {
        let v6: IpAddr = "fe80::1".parse().unwrap();
        let v4: IpAddr = "10.0.0.1".parse().unwrap();
        let spec = RouteSpec::new("192.0.2.0/24".parse().unwrap())
            .gateway(v6)
            .oif(IfIndex::new(3));
        let req = spec.add_request(crate::rtnl::Mode::Create).unwrap();
        let msg = Msg::parse(req.bytes().unwrap()).unwrap();
        let via = msg
            .attrs::<RtMsg>()
            .unwrap()
            .find(rta::VIA)
            .unwrap()
            .unwrap();
        assert_eq!(&via.payload()[..2], &u16::from(AF_INET6).to_ne_bytes());
        let r = Route::parse(&msg).unwrap();
        assert_eq!((r.gateway, r.oif), (Some(v6), Some(IfIndex::new(3))));
        let mut info = RouteInfo::default();
        info.parse_into(&msg).unwrap();
        assert_eq!(
            (info.gateway.ip(), info.has & has::GATEWAY),
            (Some(v6), has::GATEWAY)
        );

        let paths = vec![
            Nexthop::new(IfIndex::new(3)).gateway(v6).hops(2),
            Nexthop::new(IfIndex::new(4)).gateway(v4),
            Nexthop::new(IfIndex::new(5)),
        ];
        let spec = RouteSpec::new("192.0.2.0/24".parse().unwrap()).multipath(paths.clone());
        let req = spec.add_request(crate::rtnl::Mode::Create).unwrap();
        let r = Route::parse(&Msg::parse(req.bytes().unwrap()).unwrap()).unwrap();
        assert_eq!(r.multipath, paths);

        for bad in [vec![10, 0, 1, 2, 3, 4], vec![2, 0, 1, 2, 3], vec![10]] {
            let bytes = route_msg(
                &[AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                &[(rta::VIA, bad.clone())],
            );
            assert!(
                Route::parse(&Msg::parse(&bytes).unwrap()).is_err(),
                "{bad:?}"
            );
        }
    }

    /// `RTA_NH_ID` names the nexthop object; an id of 0, which the kernel takes for none, is
    /// none (as the mirror's records keep it).
    #[test]
    fn a_nexthop_object_id_of_0_is_none() {
        for (id, want) in [(5u32, Some(5)), (0, None)] {
            let bytes = route_msg(
                &[AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                &[(rta::NH_ID, id.to_ne_bytes().to_vec())],
            );
            let msg = Msg::parse(&bytes).unwrap();
            let r = Route::parse(&msg).unwrap();
            assert_eq!(r.nh_id, want);
            // The flat decoding C's dumps hand out holds it too, the attribute's presence in
            // its bit.
            let mut info = RouteInfo::default();
            info.parse_into(&msg).unwrap();
            assert_eq!((info.nh_id, info.has & has::NH_ID), (id, has::NH_ID));
        }
        let mut info = RouteInfo::default();
        info.parse_into(
            &Msg::parse(&route_msg(
                &[AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                &[],
            ))
            .unwrap(),
        )
        .unwrap();
        assert_eq!((info.nh_id, info.has & has::NH_ID), (0, 0));
    }

    /// `RTA_CACHEINFO` of `ticks` (`rta_expires`) in a whole `struct rta_cacheinfo`.
    fn cacheinfo(ticks: i32) -> (u16, Vec<u8>) {
        let mut ci = vec![0u8; 32];
        ci[8..12].copy_from_slice(&ticks.to_ne_bytes());
        (rta::CACHEINFO, ci)
    }

    /// An IPv6 route's preference (`RTA_PREF`) and remaining lifetime (`rta_expires` of
    /// `RTA_CACHEINFO`, clock ticks of 1/100 s cut to whole seconds as iproute2 cuts them; 0
    /// is none, a negative count 0 seconds) decode alike on the flat path, which a plain IPv6
    /// route still takes (the mirror's dump stores it without a `Route`), and on the walk of a
    /// route with paths; of two `RTA_CACHEINFO` the last counts, no expiry included.
    #[test]
    fn pref_and_expiry_decode_on_either_path() {
        let v6 = [0x20, 1, 0xd, 0xb8, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].to_vec();
        let path = [8u8, 0, 0, 0, 3, 0, 0, 0].to_vec();
        for (ticks, want) in [
            (29_999, Some(299)),
            (30_000, Some(300)),
            (99, Some(0)),
            (0, None),
            (-250, Some(0)),
            (i32::MAX, Some(i32::MAX as u32 / 100)),
        ] {
            for multipath in [false, true] {
                let mut attrs = vec![
                    (rta::DST, v6.clone()),
                    (rta::OIF, 3u32.to_ne_bytes().to_vec()),
                    cacheinfo(ticks),
                    (rta::PREF, vec![pref::HIGH]),
                ];
                if multipath {
                    attrs.push((rta::MULTIPATH, path.clone()));
                }
                let bytes = route_msg(&[AF_INET6, 64, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0], &attrs);
                let msg = Msg::parse(&bytes).unwrap();
                let r = Route::parse(&msg).unwrap();
                assert_eq!((r.pref, r.expires), (Some(pref::HIGH), want), "{ticks}");
                let mut info = RouteInfo::default();
                assert_eq!(info.parse_plain(&msg).unwrap().is_some(), !multipath);
                assert_eq!((info.has & has::PREF, info.pref), (has::PREF, pref::HIGH));
                let expires = (info.has & has::EXPIRES != 0).then_some(info.expires);
                assert_eq!(expires, want, "{ticks}");
            }
        }
        // The last `RTA_CACHEINFO` counts, even one without an expiry; an IPv4 route has
        // neither field.
        for (first, last, want) in [(500, 0, None), (0, 700, Some(7)), (500, 900, Some(9))] {
            let bytes = route_msg(
                &[AF_INET6, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0],
                &[cacheinfo(first), cacheinfo(last)],
            );
            let r = Route::parse(&Msg::parse(&bytes).unwrap()).unwrap();
            assert_eq!((r.pref, r.expires), (None, want));
        }
        // `rta_expires` must be there (the fields up to it); `RTA_PREF` is one byte.
        for (attr, payload) in [
            (rta::CACHEINFO, vec![0u8; 11]),
            (rta::PREF, vec![]),
            (rta::PREF, vec![1, 0]),
        ] {
            let bytes = route_msg(
                &[AF_INET6, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0],
                &[(attr, payload.clone())],
            );
            let msg = Msg::parse(&bytes).unwrap();
            assert!(Route::parse(&msg).is_err(), "{attr} {payload:?}");
            assert!(RouteInfo::default().parse_into(&msg).is_err());
        }
        let bytes = route_msg(
            &[AF_INET6, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0],
            &[(rta::CACHEINFO, cacheinfo(100).1[..12].to_vec())],
        );
        assert_eq!(
            Route::parse(&Msg::parse(&bytes).unwrap()).unwrap().expires,
            Some(1)
        );
    }

    /// An IPv6 route's destination and source are IPv6 addresses, any other route's IPv4
    /// ones, as the kernel's policies require; the bits of an address past its length are
    /// cleared, as the kernel takes them (for a length of 0, the unspecified address).
    #[test]
    fn a_route_address_of_the_other_family_is_an_error() {
        let v6 = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1].to_vec();
        let v4 = vec![192, 0, 2, 0];
        for (family, attr, addr, want) in [
            (AF_INET, rta::DST, &v6, Some((4, 16))),
            (AF_INET6, rta::DST, &v4, Some((16, 4))),
            (AF_INET6, rta::SRC, &v4, Some((16, 4))),
            (0, rta::DST, &v6, Some((4, 16))),
            (0, rta::DST, &v4, None),
        ] {
            // A source prefix makes a route other than plain: its decoding is `Route`'s.
            let src_len = if attr == rta::SRC { 24 } else { 0 };
            let bytes = route_msg(
                &[family, 24, src_len, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                &[(attr, addr.clone())],
            );
            let msg = Msg::parse(&bytes).unwrap();
            let got = Route::parse(&msg).map(drop);
            let want = want.map_or(Ok(()), |(expected, have)| {
                Err(ParseError::PayloadLen {
                    attr_type: attr,
                    expected,
                    have,
                })
            });
            assert_eq!(got, want, "family {family}, attribute {attr}");
            if attr == rta::DST {
                let mut info = RouteInfo::default();
                assert_eq!(info.parse_plain(&msg).map(drop), want.clone());
            }
        }
        let bytes = route_msg(
            &[AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
            &[(rta::DST, v4)],
        );
        let r = Route::parse(&Msg::parse(&bytes).unwrap()).unwrap();
        assert_eq!(r.dst, IpPrefix::new(IpAddr::from([0, 0, 0, 0]), 0).unwrap());
        let host = [192, 0, 2, 77].to_vec();
        let bytes = route_msg(
            &[AF_INET, 24, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
            &[(rta::DST, host)],
        );
        let r = Route::parse(&Msg::parse(&bytes).unwrap()).unwrap();
        assert_eq!(
            r.dst,
            IpPrefix::new(IpAddr::from([192, 0, 2, 0]), 24).unwrap()
        );
    }

    /// A type with a flag bit (`NLA_F_NET_BYTEORDER`, `NLA_F_NESTED`) is decoded as the type
    /// without it, 4-byte attributes (which have a quicker way) and others alike.
    #[test]
    fn flagged_attribute_types_are_decoded_as_unflagged() {
        let decode = |flag: u16| {
            let v6 = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1].to_vec();
            let bytes = route_msg(
                &[AF_INET, 24, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0],
                &[
                    (rta::DST | flag, vec![192, 0, 2, 0]),
                    (rta::OIF | flag, 3u32.to_ne_bytes().to_vec()),
                    (rta::PREFSRC | flag, v6),
                ],
            );
            let mut info = RouteInfo::default();
            info.parse_into(&Msg::parse(&bytes).unwrap()).unwrap();
            info
        };
        let plain = decode(0);
        assert_eq!(plain.has, has::DST | has::OIF | has::PREFSRC);
        assert_eq!(decode(NLA_F_NET_BYTEORDER), plain);
        assert_eq!(decode(NLA_F_NESTED), plain);
    }

    /// Metrics and realms, which `RouteInfo` does not hold, are flagged, each alone (paths
    /// below); a route with either is not plain, and `Route::parse` decodes them.
    #[test]
    fn metrics_and_realms_are_flagged() {
        let mtu = [8u16.to_ne_bytes(), rtax::MTU.to_ne_bytes()].concat();
        let metrics = [mtu, 1400u32.to_ne_bytes().to_vec()].concat();
        let decode = |attrs: &[(u16, Vec<u8>)]| {
            let bytes = route_msg(&[AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0], attrs);
            let m = Msg::parse(&bytes).unwrap();
            let mut info = RouteInfo::default();
            let plain = info.parse_plain(&m).unwrap();
            (info.has, plain.is_some(), Route::parse(&m).unwrap())
        };
        let oif = (rta::OIF, 3u32.to_ne_bytes().to_vec());
        let (bits, plain, _) = decode(std::slice::from_ref(&oif));
        assert_eq!((bits, plain), (has::OIF, true));
        let (bits, plain, r) = decode(&[oif.clone(), (rta::METRICS, metrics)]);
        assert_eq!((bits, plain), (has::OIF | has::METRICS, false));
        assert_eq!(r.metrics.and_then(|m| m.mtu), Some(1400));
        let (bits, plain, r) = decode(&[(rta::FLOW, 0x0002_0001u32.to_ne_bytes().to_vec()), oif]);
        assert_eq!(
            (bits, plain, r.flow),
            (has::OIF | has::FLOW, false, Some(0x0002_0001))
        );
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
        assert_eq!((info.nexthops, info.has), (2, has::MULTIPATH));
        let route = Route::parse(&m).unwrap();
        let ifindexes: Vec<u32> = route.multipath.iter().map(|n| n.ifindex.get()).collect();
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
