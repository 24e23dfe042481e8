//! The numbered kinds of rtnetlink objects that iproute2 names: route types (`RTN_*`), route
//! origins (`RTPROT_*`), scopes (`RT_SCOPE_*`) and operational states (`IF_OPER_*`). Each is an
//! enum with a variant per known value and `Other(u8)` for the rest, so every byte the kernel
//! sends has a value and goes back unchanged (`u8::from(Kind::from(b)) == b`).

use crate::wire::consts::{if_oper, rt_scope, rtn, rtprot};

/// Defines one kind: the enum, its conversions from and to `u8`, its iproute2 names
/// (`Display` writes the name, or the number when iproute2 prints a number; `FromStr` reads
/// either, as `ip` does), and equality by value (`Other(n)` equals the variant of `n`).
macro_rules! codes {
    ($(#[$doc:meta])* $name:ident, $what:literal {
        $($(#[$vdoc:meta])* $variant:ident = $value:expr, $text:expr;)*
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value without a variant here (made by `From<u8>`; a variant's own value in
            /// `Other` still equals that variant).
            Other(u8),
        }

        impl From<u8> for $name {
            /// Read from a table made at compile time: comparing `v` with every variant's
            /// value at run time cost each decoded route some 30 instructions.
            #[inline]
            fn from(v: u8) -> Self {
                static OF: [$name; 256] = {
                    let mut t = [$name::Other(0); 256];
                    let mut v = 0;
                    while v < 256 {
                        t[v] = $name::of_u8(v as u8);
                        v += 1;
                    }
                    t
                };
                OF[usize::from(v)]
            }
        }

        impl $name {
            /// The variant of `v`, `Other(v)` when none has it.
            const fn of_u8(v: u8) -> Self {
                $(if v == $value {
                    return Self::$variant;
                })*
                Self::Other(v)
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> u8 {
                match v {
                    $($name::$variant => $value,)*
                    $name::Other(v) => v,
                }
            }
        }

        impl $name {
            /// The name iproute2 6.1 gives this value, or `None` where it prints the number.
            pub fn name(self) -> Option<&'static str> {
                let v = u8::from(self);
                $(if v == $value {
                    return $text;
                })*
                None
            }
        }

        impl Default for $name {
            /// The value 0.
            fn default() -> Self {
                Self::from(0)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                u8::from(*self) == u8::from(*other)
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
                u8::from(*self).hash(h)
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            /// By value.
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                u8::from(*self).cmp(&u8::from(*other))
            }
        }

        impl std::fmt::Display for $name {
            /// The name as iproute2 prints it, or the decimal number where it prints one.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "{}", u8::from(*self)),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownName;

            /// A name as iproute2 prints it, or a decimal number up to 255, as `ip` reads it.
            fn from_str(text: &str) -> Result<Self, UnknownName> {
                match text.parse::<u8>() {
                    Ok(n) => Ok(Self::from(n)),
                    Err(_) => (0..=u8::MAX)
                        .map(Self::from)
                        .find(|k| k.name() == Some(text))
                        .ok_or(UnknownName { what: $what }),
                }
            }
        }
    };
}

/// A text that names no value of a kind, and is no number up to 255 either.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a {what} name or number")]
#[non_exhaustive]
pub struct UnknownName {
    /// The kind looked for: "route type", "scope", ...
    pub what: &'static str,
}

codes! {
    /// A route's type (`rtm_type`, `RTN_*`): what the kernel does with a packet that matches.
    RouteType, "route type" {
        /// `RTN_UNSPEC`: none; in a filter or a delete, any type ("none").
        Unspec = rtn::UNSPEC, Some("none");
        /// `RTN_UNICAST`: a gateway or direct route.
        Unicast = rtn::UNICAST, Some("unicast");
        /// `RTN_LOCAL`: a local interface address.
        Local = rtn::LOCAL, Some("local");
        /// `RTN_BROADCAST`: broadcast, sent as broadcast.
        Broadcast = rtn::BROADCAST, Some("broadcast");
        /// `RTN_ANYCAST`: local broadcast, sent as unicast.
        Anycast = rtn::ANYCAST, Some("anycast");
        /// `RTN_MULTICAST`.
        Multicast = rtn::MULTICAST, Some("multicast");
        /// `RTN_BLACKHOLE`: dropped silently.
        Blackhole = rtn::BLACKHOLE, Some("blackhole");
        /// `RTN_UNREACHABLE`: destination unreachable.
        Unreachable = rtn::UNREACHABLE, Some("unreachable");
        /// `RTN_PROHIBIT`: administratively prohibited.
        Prohibit = rtn::PROHIBIT, Some("prohibit");
        /// `RTN_THROW`: the lookup goes on in another table.
        Throw = rtn::THROW, Some("throw");
        /// `RTN_NAT` (no longer used by the kernel).
        Nat = rtn::NAT, Some("nat");
        /// `RTN_XRESOLVE` (no longer used by the kernel).
        Xresolve = rtn::XRESOLVE, Some("xresolve");
    }
}

codes! {
    /// A route's origin (`rtm_protocol`, `RTPROT_*`), named as in iproute2's stock
    /// `rt_protos` file.
    RouteProtocol, "route protocol" {
        /// `RTPROT_UNSPEC`: unknown.
        Unspec = rtprot::UNSPEC, Some("unspec");
        /// `RTPROT_REDIRECT`: an ICMP redirect (no longer used).
        Redirect = rtprot::REDIRECT, Some("redirect");
        /// `RTPROT_KERNEL`: the kernel.
        Kernel = rtprot::KERNEL, Some("kernel");
        /// `RTPROT_BOOT`: at boot (iproute2's default).
        Boot = rtprot::BOOT, Some("boot");
        /// `RTPROT_STATIC`: the administrator.
        Static = rtprot::STATIC, Some("static");
        /// `RTPROT_GATED`: GateD.
        Gated = rtprot::GATED, Some("gated");
        /// `RTPROT_RA`: router advertisements.
        Ra = rtprot::RA, Some("ra");
        /// `RTPROT_MRT`: Merit MRT.
        Mrt = rtprot::MRT, Some("mrt");
        /// `RTPROT_ZEBRA`: Zebra.
        Zebra = rtprot::ZEBRA, Some("zebra");
        /// `RTPROT_BIRD`: BIRD.
        Bird = rtprot::BIRD, Some("bird");
        /// `RTPROT_DNROUTED`: the DECnet routing daemon.
        Dnrouted = rtprot::DNROUTED, Some("dnrouted");
        /// `RTPROT_XORP`: XORP.
        Xorp = rtprot::XORP, Some("xorp");
        /// `RTPROT_NTK`: Netsukuku.
        Ntk = rtprot::NTK, Some("ntk");
        /// `RTPROT_DHCP`: a DHCP client.
        Dhcp = rtprot::DHCP, Some("dhcp");
        /// `RTPROT_MROUTED`: the multicast daemon (iproute2 prints its number, 17).
        Mrouted = rtprot::MROUTED, None;
        /// `RTPROT_KEEPALIVED`: Keepalived.
        Keepalived = rtprot::KEEPALIVED, Some("keepalived");
        /// `RTPROT_BABEL`: Babel.
        Babel = rtprot::BABEL, Some("babel");
        /// `RTPROT_OPENR`: Open/R.
        Openr = rtprot::OPENR, Some("openr");
        /// `RTPROT_BGP`: BGP.
        Bgp = rtprot::BGP, Some("bgp");
        /// `RTPROT_ISIS`: IS-IS.
        Isis = rtprot::ISIS, Some("isis");
        /// `RTPROT_OSPF`: OSPF.
        Ospf = rtprot::OSPF, Some("ospf");
        /// `RTPROT_RIP`: RIP.
        Rip = rtprot::RIP, Some("rip");
        /// `RTPROT_EIGRP`: EIGRP.
        Eigrp = rtprot::EIGRP, Some("eigrp");
    }
}

codes! {
    /// The scope of a route or an address (`RT_SCOPE_*`): how far away its destination is.
    Scope, "scope" {
        /// `RT_SCOPE_UNIVERSE`: everywhere ("global").
        Universe = rt_scope::UNIVERSE, Some("global");
        /// `RT_SCOPE_SITE`: interior.
        Site = rt_scope::SITE, Some("site");
        /// `RT_SCOPE_LINK`: on this link.
        Link = rt_scope::LINK, Some("link");
        /// `RT_SCOPE_HOST`: on this host.
        Host = rt_scope::HOST, Some("host");
        /// `RT_SCOPE_NOWHERE`: nowhere (in a delete: any scope).
        Nowhere = rt_scope::NOWHERE, Some("nowhere");
    }
}

codes! {
    /// A link's RFC 2863 operational state (`IFLA_OPERSTATE`, `IF_OPER_*`), named as
    /// iproute2 prints it (`ip -j`'s `operstate`; past `Up` it prints the number as
    /// `operstate_index`).
    OperState, "operational state" {
        /// `IF_OPER_UNKNOWN`.
        Unknown = if_oper::UNKNOWN, Some("UNKNOWN");
        /// `IF_OPER_NOTPRESENT`.
        NotPresent = if_oper::NOTPRESENT, Some("NOTPRESENT");
        /// `IF_OPER_DOWN`.
        Down = if_oper::DOWN, Some("DOWN");
        /// `IF_OPER_LOWERLAYERDOWN`.
        LowerLayerDown = if_oper::LOWERLAYERDOWN, Some("LOWERLAYERDOWN");
        /// `IF_OPER_TESTING`.
        Testing = if_oper::TESTING, Some("TESTING");
        /// `IF_OPER_DORMANT`.
        Dormant = if_oper::DORMANT, Some("DORMANT");
        /// `IF_OPER_UP`.
        Up = if_oper::UP, Some("UP");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte goes through each kind and back unchanged, and reads back from its text.
    #[test]
    fn every_byte_round_trips() {
        for b in 0..=u8::MAX {
            assert_eq!(u8::from(RouteType::from(b)), b);
            assert_eq!(u8::from(RouteProtocol::from(b)), b);
            assert_eq!(u8::from(Scope::from(b)), b);
            assert_eq!(u8::from(OperState::from(b)), b);
            let t = RouteProtocol::from(b).to_string();
            assert_eq!(
                t.parse::<RouteProtocol>(),
                Ok(RouteProtocol::from(b)),
                "{t}"
            );
            let s = Scope::from(b).to_string();
            assert_eq!(s.parse::<Scope>().map(u8::from), Ok(b), "{s}");
        }
    }

    #[test]
    fn other_holds_the_values_without_a_variant() {
        assert_eq!(RouteType::from(12), RouteType::Other(12));
        assert!(matches!(RouteType::from(12), RouteType::Other(12)));
        assert!(matches!(RouteType::from(6), RouteType::Blackhole));
        // A variant's value in `Other` is that variant.
        assert_eq!(RouteType::Other(6), RouteType::Blackhole);
        assert_eq!(Scope::Other(253).name(), Some("link"));
        assert!(matches!(RouteProtocol::from(77), RouteProtocol::Other(77)));
        assert!(matches!(OperState::from(7), OperState::Other(7)));
        assert_eq!(RouteType::default(), RouteType::Unspec);
    }

    /// The texts iproute2 6.1 prints (`ip -j route`'s `type`, `protocol` and `scope`, `ip -j
    /// link`'s `operstate`), numbers where it has no name.
    #[test]
    fn names_as_iproute2_prints_and_reads_them() {
        assert_eq!(RouteType::Blackhole.to_string(), "blackhole");
        assert_eq!(RouteType::Unspec.to_string(), "none");
        assert_eq!(RouteType::from(12).to_string(), "12");
        assert_eq!(RouteProtocol::Static.to_string(), "static");
        assert_eq!(RouteProtocol::Openr.to_string(), "openr");
        assert_eq!(RouteProtocol::Mrouted.to_string(), "17");
        assert_eq!(RouteProtocol::from(77).to_string(), "77");
        assert_eq!(Scope::Universe.to_string(), "global");
        assert_eq!(Scope::from(7).to_string(), "7");
        assert_eq!(OperState::Up.to_string(), "UP");
        assert_eq!(OperState::LowerLayerDown.to_string(), "LOWERLAYERDOWN");
        assert_eq!(OperState::from(7).name(), None);
        assert_eq!("boot".parse(), Ok(RouteProtocol::Boot));
        assert_eq!("unreachable".parse(), Ok(RouteType::Unreachable));
        assert_eq!("link".parse(), Ok(Scope::Link));
        assert_eq!("200".parse(), Ok(Scope::Site));
        assert_eq!(
            "300".parse::<RouteProtocol>(),
            Err(UnknownName {
                what: "route protocol"
            })
        );
        assert!("nope".parse::<RouteType>().is_err());
        assert!("Link".parse::<Scope>().is_err());
    }
}
