//! Neighbours (ARP and NDP entries): `RTM_NEWNEIGH`, `RTM_DELNEIGH`, `RTM_GETNEIGH`.

use super::common::{family_of, ip_of_family, put_ip, HwAddr, Spec};
use super::dump::typed_dump;
use super::IfIndex;
use crate::conn::{Result, Socket};
use crate::wire::consts::*;
use crate::wire::{BuildError, Msg, MsgBuilder, NdMsg, ParseError};
use std::net::IpAddr;

pub use crate::wire::consts::nud;

/// The state's name as iproute2 prints it (one bit; "NONE" for anything else).
pub fn state_name(state: u16) -> &'static str {
    state_bit_name(state).unwrap_or("NONE")
}

/// The name iproute2 6.1 gives the single `NUD_*` bit `state`, or `None` when `state` is not
/// exactly one of the eight named bits. iproute2 prints an entry's `state` as the names of its
/// bits from the lowest up (`["REACHABLE"]`, `["PERMANENT"]`), skipping unnamed bits, and
/// nothing at all for state 0: see [`state_names`].
pub fn state_bit_name(state: u16) -> Option<&'static str> {
    Some(match state {
        nud::INCOMPLETE => "INCOMPLETE",
        nud::REACHABLE => "REACHABLE",
        nud::STALE => "STALE",
        nud::DELAY => "DELAY",
        nud::PROBE => "PROBE",
        nud::FAILED => "FAILED",
        nud::NOARP => "NOARP",
        nud::PERMANENT => "PERMANENT",
        _ => return None,
    })
}

/// The names of the bits of `state`, in the order iproute2 prints them.
pub fn state_names(state: u16) -> impl Iterator<Item = &'static str> {
    (0..8).filter_map(move |i| state_bit_name(state & (1 << i)))
}

/// A neighbour entry as the kernel describes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Neigh {
    /// `AF_INET`, `AF_INET6` (or `AF_BRIDGE` for forwarding entries).
    pub family: u8,
    /// Interface index.
    pub ifindex: IfIndex,
    /// `NUD_*` state bits.
    pub state: u16,
    /// `NTF_*` flags.
    pub flags: u8,
    /// Neighbour type.
    pub ntype: u8,
    /// The neighbour's network address.
    pub dst: Option<IpAddr>,
    /// Its link-layer address.
    pub lladdr: Option<HwAddr>,
    /// The VLAN of a bridge forwarding entry (`NDA_VLAN`).
    pub vlan: Option<u16>,
    /// The VXLAN network identifier of a forwarding entry's remote (`NDA_VNI`).
    pub vni: Option<u32>,
    /// The UDP port of a forwarding entry's VXLAN remote (`NDA_PORT`), when not the
    /// device's.
    pub port: Option<u16>,
    /// The interface through which a forwarding entry's VXLAN remote is reached
    /// (`NDA_IFINDEX`).
    pub remote_ifindex: Option<IfIndex>,
    /// The bridge whose forwarding table holds the entry (`NDA_MASTER`).
    pub master: Option<IfIndex>,
}

impl Neigh {
    /// Decodes an `RTM_NEWNEIGH`/`RTM_DELNEIGH` message.
    pub fn parse(msg: &Msg<'_>) -> Result<Self, ParseError> {
        let h: NdMsg = msg.fixed()?;
        let mut n = Neigh {
            family: h.family,
            ifindex: IfIndex::from_c_int(h.ifindex),
            state: h.state,
            flags: h.flags,
            ntype: h.ty,
            ..Neigh::default()
        };
        for a in msg.attrs::<NdMsg>()? {
            let a = a?;
            match a.kind() {
                nda::DST => n.dst = Some(ip_of_family(&a, h.family)?),
                nda::LLADDR => n.lladdr = Some(HwAddr::from_attr(&a)?),
                nda::VLAN => n.vlan = Some(a.u16()?),
                nda::VNI => n.vni = Some(a.u32()?),
                nda::PORT => n.port = Some(a.u16_be()?),
                nda::IFINDEX => n.remote_ifindex = Some(a.u32()?.into()),
                nda::MASTER => n.master = Some(a.u32()?.into()),
                _ => {}
            }
        }
        Ok(n)
    }
}

/// What a neighbour dump asks for; `Default` asks for every entry but the proxy entries. With
/// strict checking (the default) the kernel itself filters by interface; the dump checks
/// family, interface and proxy again, so the result is right on kernels without it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NeighFilter {
    /// `AF_INET`, `AF_INET6`, `AF_BRIDGE` (forwarding entries), or `AF_UNSPEC` for IPv4 and
    /// IPv6.
    pub family: u8,
    /// Only the entries of this interface (`NDA_IFINDEX`).
    pub ifindex: Option<IfIndex>,
    /// The proxy ARP and NDP entries instead of the others (`ndm_flags` [`ntf::PROXY`], `ip
    /// neigh show proxy`): the kernel keeps them in a table of their own, which it dumps
    /// alone. They have the flag, no state and no link-layer address.
    pub proxy: bool,
}

impl NeighFilter {
    setters! {
        /// Only entries of `family`.
        set family: u8;
        /// Only the entries of interface `ifindex`.
        opt ifindex: IfIndex;
        /// The proxy entries (`true`) instead of the others.
        set proxy: bool;
    }

    /// The dump request.
    pub fn dump_request(&self) -> Result<MsgBuilder, BuildError> {
        let mut m = MsgBuilder::with_header(
            RTM_GETNEIGH,
            0,
            &NdMsg {
                family: self.family,
                flags: if self.proxy { ntf::PROXY } else { 0 },
                ..NdMsg::default()
            },
        );
        if let Some(ifindex) = self.ifindex {
            m.put_u32(nda::IFINDEX, ifindex.get())?;
        }
        Ok(m)
    }

    /// Whether `n` passes the filter.
    pub fn matches(&self, n: &Neigh) -> bool {
        (self.family == AF_UNSPEC || n.family == self.family)
            && self.ifindex.is_none_or(|i| n.ifindex == i)
            && (n.flags & ntf::PROXY != 0) == self.proxy
    }
}

typed_dump!(
    NeighFilter,
    Neigh,
    (),
    |_: &mut (), m: &Msg<'_>| Neigh::parse(m),
    NeighDump,
    "neighbour entries"
);

/// A neighbour entry to add, replace or delete: made by [`NeighSpec::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NeighSpec {
    /// Interface index.
    pub ifindex: IfIndex,
    /// The neighbour's network address.
    pub dst: IpAddr,
    /// Its link-layer address (not needed to delete).
    pub lladdr: Option<HwAddr>,
    /// `NUD_*` state ([`nud::PERMANENT`] by default).
    pub state: u16,
    /// `NTF_*` flags (`ndm_flags`, none by default): [`ntf::ROUTER`] for an IPv6 router
    /// (`ip neigh ... router`), [`ntf::EXT_LEARNED`] for an entry an agent learnt
    /// (`extern_learn`), [`ntf::USE`] to mark it used, [`ntf::PROXY`] for a proxy ARP or NDP
    /// entry (`ip neigh add proxy ADDR dev DEV`: no link-layer address; a delete of one needs
    /// the flag too).
    pub flags: u8,
}

impl NeighSpec {
    /// A permanent entry `dst` at `lladdr` on `ifindex`.
    pub fn new(ifindex: IfIndex, dst: IpAddr, lladdr: Option<HwAddr>) -> Self {
        Self {
            ifindex,
            dst,
            lladdr,
            state: nud::PERMANENT,
            flags: 0,
        }
    }

    setters! {
        /// In state `state` (`NUD_*`) rather than permanent.
        set state: u16;
        /// With `NTF_*` flags `flags` (`ntf::PROXY` for a proxy entry).
        set flags: u8;
    }
}

impl Spec for NeighSpec {
    const NEW: u16 = RTM_NEWNEIGH;
    const DEL: u16 = RTM_DELNEIGH;

    fn request(&self, ty: u16, flags: u16) -> Result<MsgBuilder, BuildError> {
        let mut m = MsgBuilder::with_header(
            ty,
            flags,
            &NdMsg {
                family: family_of(&self.dst),
                ifindex: self.ifindex.c_int(),
                state: self.state,
                flags: self.flags,
                ..NdMsg::default()
            },
        );
        put_ip(&mut m, nda::DST, &self.dst)?;
        if let Some(ll) = &self.lladdr {
            m.put(nda::LLADDR, ll.as_bytes())?;
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::addr::Addr;
    use crate::rtnl::route::tests::route_msg;

    /// An ARP entry's destination, and an IPv4 address's addresses, are IPv4 ones, and IPv6
    /// entries' and addresses' IPv6 ones (a bridge's forwarding entry's remote may be
    /// either): another is an error, as the kernel's policies make it.
    #[test]
    fn an_address_of_the_other_family_is_an_error() {
        let v4 = vec![192, 0, 2, 1];
        let v6 = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1].to_vec();
        for (family, addr, want) in [
            (AF_INET, &v4, Ok(())),
            (AF_INET, &v6, Err((4, 16))),
            (AF_INET6, &v4, Err((16, 4))),
            (AF_INET6, &v6, Ok(())),
            (AF_BRIDGE, &v6, Ok(())),
        ] {
            let err = |attr_type| {
                want.map_err(|(expected, have)| ParseError::PayloadLen {
                    attr_type,
                    expected,
                    have,
                })
            };
            let ndmsg = [family, 0, 0, 0, 2, 0, 0, 0, 0x80, 0, 0, 0];
            let bytes = route_msg(&ndmsg, &[(nda::DST, addr.clone())]);
            let got = Neigh::parse(&Msg::parse(&bytes).unwrap()).map(drop);
            assert_eq!(got, err(nda::DST), "neighbour of family {family}");
            if family == AF_BRIDGE {
                continue;
            }
            let ifaddrmsg = [family, 24, 0, 0, 2, 0, 0, 0];
            for attr in [ifa::ADDRESS, ifa::LOCAL, ifa::BROADCAST] {
                let bytes = route_msg(&ifaddrmsg, &[(attr, addr.clone())]);
                let got = Addr::parse(&Msg::parse(&bytes).unwrap()).map(drop);
                assert_eq!(got, err(attr), "address of family {family}");
            }
        }
    }

    #[test]
    fn state_names_in_iproute2_order() {
        assert_eq!(state_bit_name(nud::PERMANENT), Some("PERMANENT"));
        assert_eq!(state_bit_name(nud::PERMANENT | nud::NOARP), None);
        assert_eq!(state_bit_name(0), None);
        let all: Vec<_> = state_names(nud::PERMANENT | nud::STALE | 0x100).collect();
        assert_eq!(all, ["STALE", "PERMANENT"]);
        assert_eq!(state_names(0).count(), 0);
    }
}
