//! The kinds of link nlrs creates ([`LinkKind`], with their settings) and the kind-specific
//! data it reads back ([`LinkData`]): both speak of the same modes and protocols.

use crate::rtnl::common::put_ip;
use crate::rtnl::{IfIndex, Name};
use crate::wire::consts::*;
use crate::wire::{Attr, BuildError, IfInfoMsg, MsgBuilder, ParseError};
use std::net::IpAddr;

/// `macvlan` modes (`MACVLAN_MODE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MacvlanMode {
    /// Private.
    Private = macvlan_mode::PRIVATE as isize,
    /// VEPA.
    Vepa = macvlan_mode::VEPA as isize,
    /// Bridge.
    Bridge = macvlan_mode::BRIDGE as isize,
    /// Passthru.
    Passthru = macvlan_mode::PASSTHRU as isize,
    /// Source.
    Source = macvlan_mode::SOURCE as isize,
}

/// Declares a mode enum over the kernel's numbers, with iproute2's name for each and the
/// conversion from the number (`None` for one nlrs does not know).
macro_rules! modes {
    ($(#[$doc:meta])* $name:ident: $ty:ty { $($(#[$vdoc:meta])* $v:ident = $n:expr, $text:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $v,)*
        }

        impl $name {
            /// The kernel's number.
            pub fn number(self) -> $ty {
                match self {
                    $($name::$v => $n,)*
                }
            }

            /// The value of the kernel's number `n`, `None` for one nlrs does not know.
            pub fn from_number(n: $ty) -> Option<Self> {
                match n {
                    $(n if n == $n => Some($name::$v),)*
                    _ => None,
                }
            }

            /// The name iproute2 gives it (`ip -d link`'s, and what `ip link add` takes).
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$v => $text,)*
                }
            }
        }
    };
}

modes! {
    /// The protocol of a VLAN device (`IFLA_VLAN_PROTOCOL`, an ethertype).
    VlanProtocol: u16 {
        /// IEEE 802.1Q (`ETH_P_8021Q`), the default.
        Dot1Q = ETH_P_8021Q, "802.1Q";
        /// IEEE 802.1ad, "QinQ" (`ETH_P_8021AD`).
        Dot1Ad = ETH_P_8021AD, "802.1ad";
    }
}

modes! {
    /// Bonding modes (`IFLA_BOND_MODE`, `BOND_MODE_*`).
    BondMode: u8 {
        /// Round robin (`balance-rr`), the kernel's default.
        BalanceRr = BOND_MODE_ROUNDROBIN, "balance-rr";
        /// One port active, the others standing by.
        ActiveBackup = BOND_MODE_ACTIVEBACKUP, "active-backup";
        /// By a hash of the packet.
        BalanceXor = BOND_MODE_XOR, "balance-xor";
        /// Every packet on every port.
        Broadcast = BOND_MODE_BROADCAST, "broadcast";
        /// IEEE 802.3ad link aggregation (LACP).
        Lacp = BOND_MODE_8023AD, "802.3ad";
        /// Adaptive transmit load balancing.
        BalanceTlb = BOND_MODE_TLB, "balance-tlb";
        /// Adaptive load balancing, transmit and receive.
        BalanceAlb = BOND_MODE_ALB, "balance-alb";
    }
}

modes! {
    /// ipvlan modes (`IFLA_IPVLAN_MODE`, `IPVLAN_MODE_*`).
    IpvlanMode: u16 {
        /// Layer 2: the parent switches by MAC.
        L2 = ipvlan_mode::L2, "l2";
        /// Layer 3: the parent routes; the kernel's default.
        L3 = ipvlan_mode::L3, "l3";
        /// Layer 3 through the parent's netfilter hooks.
        L3s = ipvlan_mode::L3S, "l3s";
    }
}

/// VXLAN settings: made by [`Vxlan::new`], the addresses and the parent set with the setters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Vxlan {
    /// VNI.
    pub id: u32,
    /// UDP destination port (4789 is IANA's).
    pub port: u16,
    /// Local address.
    pub local: Option<IpAddr>,
    /// Remote address (unicast).
    pub remote: Option<IpAddr>,
    /// Multicast group.
    pub group: Option<IpAddr>,
    /// Underlying device.
    pub parent: Option<IfIndex>,
}

impl Vxlan {
    /// VNI `id` on UDP port `port`, no address or parent set.
    pub fn new(id: u32, port: u16) -> Self {
        Vxlan {
            id,
            port,
            local: None,
            remote: None,
            group: None,
            parent: None,
        }
    }

    setters! {
        /// With local address `local`.
        opt local: IpAddr;
        /// With unicast remote `remote`.
        opt remote: IpAddr;
        /// With multicast group `group`.
        opt group: IpAddr;
        /// Over the underlying device `parent`.
        opt parent: IfIndex;
    }
}

/// Link kinds nlrs can create.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// A veth pair; the peer gets this name.
    Veth {
        /// The peer's name.
        peer: Name,
    },
    /// A bridge.
    Bridge,
    /// A macvlan on top of `parent`.
    Macvlan {
        /// Index of the parent device.
        parent: IfIndex,
        /// Mode.
        mode: MacvlanMode,
    },
    /// A VXLAN device.
    Vxlan(Vxlan),
    /// An intermediate functional block device.
    Ifb,
    /// A dummy device (`ip link add NAME type dummy`).
    Dummy,
    /// A VLAN device on top of `parent` (`ip link add link PARENT name NAME type vlan id ID
    /// protocol PROTOCOL`).
    Vlan {
        /// Index of the parent device.
        parent: IfIndex,
        /// The VLAN id, 1 to 4094.
        id: u16,
        /// The tag's protocol.
        protocol: VlanProtocol,
    },
    /// A VRF device bound to routing table `table` (`ip link add NAME type vrf table TABLE`).
    Vrf {
        /// The routing table.
        table: u32,
    },
    /// A bond (`ip link add NAME type bond mode MODE`).
    Bond {
        /// The bonding mode.
        mode: BondMode,
    },
    /// An ipvlan on top of `parent` (`ip link add link PARENT name NAME type ipvlan mode
    /// MODE`).
    Ipvlan {
        /// Index of the parent device.
        parent: IfIndex,
        /// Mode.
        mode: IpvlanMode,
    },
}

/// `IFLA_VXLAN_*` attributes used here.
mod vxlan_attr {
    pub const ID: u16 = 1;
    pub const GROUP: u16 = 2;
    pub const LINK: u16 = 3;
    pub const LOCAL: u16 = 4;
    pub const PORT: u16 = 15;
    pub const GROUP6: u16 = 16;
    pub const LOCAL6: u16 = 17;
}
const IFLA_MACVLAN_MODE: u16 = 1;
const VETH_INFO_PEER: u16 = 1;
const IFLA_VLAN_ID: u16 = 1;
const IFLA_VLAN_PROTOCOL: u16 = 5;
const IFLA_VRF_TABLE: u16 = 1;
const IFLA_BOND_MODE: u16 = 1;
const IFLA_IPVLAN_MODE: u16 = 1;
const IFLA_IPVLAN_FLAGS: u16 = 2;

impl LinkKind {
    /// The kind's name (`IFLA_INFO_KIND`).
    pub fn name(&self) -> &'static str {
        match self {
            LinkKind::Veth { .. } => "veth",
            LinkKind::Bridge => "bridge",
            LinkKind::Macvlan { .. } => "macvlan",
            LinkKind::Vxlan(_) => "vxlan",
            LinkKind::Ifb => "ifb",
            LinkKind::Dummy => "dummy",
            LinkKind::Vlan { .. } => "vlan",
            LinkKind::Vrf { .. } => "vrf",
            LinkKind::Bond { .. } => "bond",
            LinkKind::Ipvlan { .. } => "ipvlan",
        }
    }

    /// The device the new link sits on (`IFLA_LINK`), for the kinds that have one outside
    /// their data.
    pub(super) fn parent(&self) -> Option<IfIndex> {
        match self {
            LinkKind::Macvlan { parent, .. }
            | LinkKind::Vlan { parent, .. }
            | LinkKind::Ipvlan { parent, .. } => Some(*parent),
            _ => None,
        }
    }

    /// Writes the kind's `IFLA_INFO_DATA` (none for the kinds without settings).
    pub(super) fn put_data(&self, m: &mut MsgBuilder) -> Result<(), BuildError> {
        if matches!(self, LinkKind::Bridge | LinkKind::Ifb | LinkKind::Dummy) {
            return Ok(());
        }
        let data = m.nest_start(ifla::INFO_DATA)?;
        match self {
            LinkKind::Veth { peer } => {
                let p = m.nest_start(VETH_INFO_PEER)?;
                // The peer is described by a whole ifinfomsg followed by its attributes.
                m.put_header(&IfInfoMsg::default())?;
                m.put_cstr(ifla::IFNAME, peer.as_bytes())?;
                m.nest_end(p)?;
            }
            LinkKind::Macvlan { mode, .. } => {
                m.put_u32(IFLA_MACVLAN_MODE, *mode as u32)?;
            }
            LinkKind::Vxlan(v) => {
                m.put_u32(vxlan_attr::ID, v.id)?;
                m.put_u16_be(vxlan_attr::PORT, v.port)?;
                for (ip, v4, v6) in [
                    (&v.local, vxlan_attr::LOCAL, vxlan_attr::LOCAL6),
                    (&v.remote, vxlan_attr::GROUP, vxlan_attr::GROUP6),
                    (&v.group, vxlan_attr::GROUP, vxlan_attr::GROUP6),
                ] {
                    match ip {
                        Some(a @ IpAddr::V4(_)) => put_ip(m, v4, a)?,
                        Some(a @ IpAddr::V6(_)) => put_ip(m, v6, a)?,
                        None => {}
                    }
                }
                if let Some(parent) = v.parent {
                    m.put_u32(vxlan_attr::LINK, parent.get())?;
                }
            }
            LinkKind::Vlan { id, protocol, .. } => {
                m.put_u16(IFLA_VLAN_ID, *id)?;
                m.put_u16_be(IFLA_VLAN_PROTOCOL, protocol.number())?;
            }
            LinkKind::Vrf { table } => {
                m.put_u32(IFLA_VRF_TABLE, *table)?;
            }
            LinkKind::Bond { mode } => {
                m.put_u8(IFLA_BOND_MODE, mode.number())?;
            }
            LinkKind::Ipvlan { mode, .. } => {
                m.put_u16(IFLA_IPVLAN_MODE, mode.number())?;
                // No flags: bridge, the kernel's default, sent as iproute2 sends it.
                m.put_u16(IFLA_IPVLAN_FLAGS, 0)?;
            }
            LinkKind::Bridge | LinkKind::Ifb | LinkKind::Dummy => {}
        }
        m.nest_end(data)?;
        Ok(())
    }
}

/// What a link of some kinds says of its kind's settings (`IFLA_LINKINFO` >
/// `IFLA_INFO_DATA`): the few a user most asks for. The rest is in the message, which the
/// description engine (`specs/rt-link.yaml`) reads whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkData {
    /// A VLAN device's.
    Vlan {
        /// The VLAN id.
        id: u16,
        /// The tag's protocol.
        protocol: VlanProtocol,
    },
    /// A VRF device's.
    Vrf {
        /// Its routing table.
        table: u32,
    },
    /// A bond's.
    Bond {
        /// Its mode.
        mode: BondMode,
    },
    /// An ipvlan's.
    Ipvlan {
        /// Its mode.
        mode: IpvlanMode,
    },
}

impl LinkData {
    /// The data of a link of kind `kind` from its `IFLA_INFO_DATA` nest `data`: `None` for
    /// other kinds, and when a setting is missing or has a value nlrs does not know.
    pub(super) fn parse(kind: &str, data: &Attr<'_>) -> Result<Option<Self>, ParseError> {
        let find = |ty: u16| data.nested().find(ty);
        Ok(match kind {
            "vlan" => match (find(IFLA_VLAN_ID)?, find(IFLA_VLAN_PROTOCOL)?) {
                (Some(id), Some(protocol)) => {
                    let id = id.u16()?;
                    VlanProtocol::from_number(protocol.u16_be()?)
                        .map(|protocol| LinkData::Vlan { id, protocol })
                }
                _ => None,
            },
            "vrf" => find(IFLA_VRF_TABLE)?
                .map(|t| t.u32().map(|table| LinkData::Vrf { table }))
                .transpose()?,
            "bond" => match find(IFLA_BOND_MODE)? {
                Some(a) => BondMode::from_number(a.u8()?).map(|mode| LinkData::Bond { mode }),
                None => None,
            },
            "ipvlan" => match find(IFLA_IPVLAN_MODE)? {
                Some(a) => IpvlanMode::from_number(a.u16()?).map(|mode| LinkData::Ipvlan { mode }),
                None => None,
            },
            _ => None,
        })
    }
}
