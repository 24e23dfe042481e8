//! A route to add, replace or delete: [`RouteSpec`], what `ip route add|replace|del` sends.

#[cfg(doc)]
use super::pref;
use super::{table, Nexthop, RouteMetrics, RouteProtocol, RouteType, Scope};
use crate::rtnl::common::{put_ip, Spec};
use crate::rtnl::{IfIndex, IpPrefix};
use crate::wire::consts::*;
use crate::wire::{align, BuildError, FixedHeader, MsgBuilder, RtMsg, RtNexthop};
use std::net::IpAddr;

/// A route to add, replace or delete: made by [`RouteSpec::new`], the rest set with the
/// setters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteSpec {
    /// Destination: [`IpPrefix::DEFAULT_V4`] or [`IpPrefix::DEFAULT_V6`] for a default route.
    /// Its family is the route's.
    pub dst: IpPrefix,
    /// Gateway: of the route's family, or an IPv6 one for an IPv4 route (sent as `RTA_VIA`,
    /// as `ip route ... via inet6` does).
    pub gateway: Option<IpAddr>,
    /// Output interface index.
    pub oif: Option<IfIndex>,
    /// Table id (any 32-bit id; [`table::MAIN`] by default).
    pub table: u32,
    /// Priority (metric).
    pub priority: Option<u32>,
    /// Scope; `None` picks what iproute2 picks (host for local routes, link for routes with
    /// no gateway, paths or nexthop object, universe otherwise; "any" when deleting).
    pub scope: Option<Scope>,
    /// Origin ([`RouteProtocol::Boot`] by default, as iproute2).
    pub protocol: RouteProtocol,
    /// Type ([`RouteType::Unicast`] by default; for a delete, [`RouteType::Unspec`] matches a
    /// route of any type).
    pub rtype: RouteType,
    /// Preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// Paths of a multipath route (instead of `gateway`/`oif`).
    pub multipath: Vec<Nexthop>,
    /// The nexthop object to go through (`RTA_NH_ID`, `ip`'s `nhid`; instead of `gateway`,
    /// `oif` and `multipath`, which the kernel refuses beside it).
    pub nh_id: Option<u32>,
    /// Source prefix (`RTA_SRC` and `rtm_src_len`, `ip`'s `from`): IPv6 source routing (the
    /// kernel refuses it for IPv4). A delete matches on it.
    pub src: Option<IpPrefix>,
    /// Type of service (`rtm_tos`, IPv4; the kernel refuses the two ECN bits). A delete
    /// matches on it.
    pub tos: u8,
    /// `RTNH_F_*` flags of the route's path (`rtm_flags`): [`rtnh_f::ONLINK`] for `ip`'s
    /// `onlink`, a gateway taken as on the link without a matching prefix.
    pub flags: u32,
    /// Metrics (`RTA_METRICS`: MTU, advertised MSS, locks, congestion control ...).
    pub metrics: Option<RouteMetrics>,
    /// Realms (`RTA_FLOW`, `ip`'s `realm`, IPv4): the destination realm in the low 16 bits,
    /// the source realm in the high 16.
    pub flow: Option<u32>,
    /// Preference of an IPv6 route (`RTA_PREF`, `ip`'s `pref`): [`pref::LOW`],
    /// [`pref::MEDIUM`] (the kernel's default) or [`pref::HIGH`].
    pub pref: Option<u8>,
    /// Lifetime of an IPv6 route in seconds (`RTA_EXPIRES`, `ip`'s `expires`); the kernel
    /// removes the route when it runs out. [`Route::expires`](super::Route::expires) reads
    /// what is left.
    pub expires: Option<u32>,
}

impl RouteSpec {
    /// A unicast route to `dst` in the main table, nothing else set
    /// (`RouteSpec::new(IpPrefix::DEFAULT_V6)` for IPv6's default route).
    pub fn new(dst: IpPrefix) -> Self {
        Self {
            dst,
            gateway: None,
            oif: None,
            table: table::MAIN,
            priority: None,
            scope: None,
            protocol: RouteProtocol::Boot,
            rtype: RouteType::Unicast,
            prefsrc: None,
            multipath: Vec::new(),
            nh_id: None,
            src: None,
            tos: 0,
            flags: 0,
            metrics: None,
            flow: None,
            pref: None,
            expires: None,
        }
    }

    setters! {
        /// Through gateway `gateway`.
        opt gateway: IpAddr;
        /// Out of interface `oif`.
        opt oif: IfIndex;
        /// In table `table`.
        set table: u32;
        /// With priority (metric) `priority`.
        opt priority: u32;
        /// With scope `scope` instead of the one iproute2 would pick.
        opt scope: Scope;
        /// Of origin `protocol`.
        set protocol: RouteProtocol;
        /// Of type `rtype`.
        set rtype: RouteType;
        /// With preferred source address `prefsrc`.
        opt prefsrc: IpAddr;
        /// Over the paths `multipath` (instead of a gateway and an output interface).
        set multipath: Vec<Nexthop>;
        /// Through nexthop object `nh_id` (instead of a gateway, an interface or paths).
        opt nh_id: u32;
        /// From source prefix `src` only (IPv6).
        opt src: IpPrefix;
        /// For type of service `tos`.
        set tos: u8;
        /// With `RTNH_F_*` flags `flags` (`rtnh_f::ONLINK`).
        set flags: u32;
        /// With metrics `metrics`.
        opt metrics: RouteMetrics;
        /// In realms `flow` (source realm in the high 16 bits, destination in the low).
        opt flow: u32;
        /// With preference `pref` (`pref::*`, IPv6).
        opt pref: u8;
        /// Expiring in `expires` seconds (IPv6).
        opt expires: u32;
    }
}

impl Spec for RouteSpec {
    const NEW: u16 = RTM_NEWROUTE;
    const DEL: u16 = RTM_DELROUTE;

    fn request(&self, ty: u16, flags: u16) -> Result<MsgBuilder, BuildError> {
        let scope = self.scope.unwrap_or(if ty == RTM_DELROUTE {
            Scope::Nowhere
        } else if self.rtype == RouteType::Local {
            Scope::Host
        } else if self.rtype == RouteType::Unicast
            && self.gateway.is_none()
            && self.multipath.is_empty()
            && self.nh_id.is_none()
        {
            Scope::Link
        } else {
            Scope::Universe
        });
        let mut m = MsgBuilder::with_header(
            ty,
            flags,
            &RtMsg {
                family: self.dst.family(),
                dst_len: self.dst.len(),
                src_len: self.src.map_or(0, |s| s.len()),
                tos: self.tos,
                flags: self.flags,
                table: u8::try_from(self.table).unwrap_or(0),
                protocol: if ty == RTM_DELROUTE {
                    0
                } else {
                    self.protocol.into()
                },
                scope: scope.into(),
                ty: self.rtype.into(),
            },
        );
        // A default route goes without `RTA_DST`, as iproute2 sends it.
        if !self.dst.is_default() {
            put_ip(&mut m, rta::DST, &self.dst.addr())?;
        }
        if let Some(src) = &self.src {
            put_ip(&mut m, rta::SRC, &src.addr())?;
        }
        let mut buf = [0; 18];
        if let Some(gw) = &self.gateway {
            let (ty, payload) = gateway_attr(self.dst.family(), gw, &mut buf);
            m.put(ty, payload)?;
        }
        if let Some(oif) = self.oif {
            m.put_u32(rta::OIF, oif.get())?;
        }
        if let Some(p) = self.priority {
            m.put_u32(rta::PRIORITY, p)?;
        }
        if let Some(src) = &self.prefsrc {
            put_ip(&mut m, rta::PREFSRC, src)?;
        }
        m.put_u32(rta::TABLE, self.table)?;
        if let Some(id) = self.nh_id {
            m.put_u32(rta::NH_ID, id)?;
        }
        if let Some(metrics) = &self.metrics {
            metrics.put(&mut m)?;
        }
        if let Some(f) = self.flow {
            m.put_u32(rta::FLOW, f)?;
        }
        if let Some(p) = self.pref {
            m.put_u8(rta::PREF, p)?;
        }
        if let Some(e) = self.expires {
            m.put_u32(rta::EXPIRES, e)?;
        }
        if !self.multipath.is_empty() {
            let mp = m.nest_start(rta::MULTIPATH)?;
            for nh in &self.multipath {
                // rtnexthop is a header of its own inside the nest, and its length covers the
                // gateway attribute that follows it.
                let gw = nh
                    .gateway
                    .map(|g| gateway_attr(self.dst.family(), &g, &mut buf));
                let gw_len = gw.map_or(0, |(_, p)| align(4 + p.len()));
                m.put_header(&RtNexthop {
                    len: (RtNexthop::LEN + gw_len) as u16,
                    flags: nh.flags,
                    hops: nh.hops,
                    ifindex: nh.ifindex.c_int(),
                })?;
                if let Some((ty, payload)) = gw {
                    m.put(ty, payload)?;
                }
            }
            m.nest_end(mp)?;
        }
        Ok(m)
    }
}

/// The attribute carrying gateway `gw` of a route of `family`: its type and its payload (in
/// `buf`). `RTA_GATEWAY` with the address, or for a gateway of the other family (an IPv4
/// route through an IPv6 router) `RTA_VIA` with a `struct rtvia`: the gateway's family, then
/// its address, as `ip route ... via inet6` sends it.
fn gateway_attr<'b>(family: u8, gw: &IpAddr, buf: &'b mut [u8; 18]) -> (u16, &'b [u8]) {
    let (gw_family, bytes) = match gw {
        IpAddr::V4(a) => (AF_INET, &a.octets()[..]),
        IpAddr::V6(a) => (AF_INET6, &a.octets()[..]),
    };
    if gw_family == family {
        buf[..bytes.len()].copy_from_slice(bytes);
        return (rta::GATEWAY, &buf[..bytes.len()]);
    }
    buf[..2].copy_from_slice(&u16::from(gw_family).to_ne_bytes());
    buf[2..2 + bytes.len()].copy_from_slice(bytes);
    (rta::VIA, &buf[..2 + bytes.len()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::route::{pref, Route};
    use crate::wire::Msg;

    /// A spec's header fields and attributes decode as the route they describe: source
    /// prefix (`rtm_src_len` and `RTA_SRC`), type of service, flags, metrics and realms; the
    /// preference is one byte and the expiry a `u32`, as the kernel's policy reads them.
    #[test]
    fn a_spec_sends_what_a_route_reads() {
        let mut metrics = RouteMetrics {
            cc_algo: Some("reno".into()),
            lock: Some(1 << rtax::MTU),
            ..RouteMetrics::default()
        };
        metrics.set(rtax::MTU, 1400);
        let src: IpPrefix = "2001:db8:6::/48".parse().unwrap();
        let spec = RouteSpec::new("2001:db8:5::/64".parse().unwrap())
            .src(src)
            .tos(0x10)
            .flags(rtnh_f::ONLINK.into())
            .metrics(metrics.clone())
            .flow(0x30007)
            .pref(pref::HIGH)
            .expires(300);
        let req = spec.add_request(crate::rtnl::Mode::Create).unwrap();
        let msg = Msg::parse(req.bytes().unwrap()).unwrap();
        let r = Route::parse(&msg).unwrap();
        assert_eq!(
            (r.src, r.tos, r.flags, r.metrics, r.flow),
            (
                Some(src),
                0x10,
                u32::from(rtnh_f::ONLINK),
                Some(metrics),
                Some(0x30007)
            )
        );
        let attr = |kind| {
            msg.attrs::<RtMsg>()
                .unwrap()
                .find(kind)
                .unwrap()
                .unwrap()
                .payload()
                .to_vec()
        };
        assert_eq!(attr(rta::PREF), [pref::HIGH]);
        assert_eq!(attr(rta::EXPIRES), 300u32.to_ne_bytes());
        // Nothing of these is sent unless set.
        let plain = RouteSpec::new("2001:db8:5::/64".parse().unwrap());
        let req = plain.add_request(crate::rtnl::Mode::Create).unwrap();
        let msg = Msg::parse(req.bytes().unwrap()).unwrap();
        for kind in [rta::SRC, rta::METRICS, rta::FLOW, rta::PREF, rta::EXPIRES] {
            assert!(
                msg.attrs::<RtMsg>().unwrap().find(kind).unwrap().is_none(),
                "{kind}"
            );
        }
        let h: RtMsg = msg.fixed().unwrap();
        assert_eq!((h.src_len, h.tos, h.flags), (0, 0, 0));
    }
}
