//! IP prefixes: an address and a prefix length that fits it, as routes and addresses carry
//! them.

use crate::wire::consts::{AF_INET, AF_INET6};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An IPv4 or IPv6 prefix: an address and a length of at most 32 or 128 bits. The address is
/// kept as given (an interface address keeps its host bits: `192.0.2.1/24`); a route's
/// destination has none ([`IpPrefix::network`] clears them). The default route is
/// `0.0.0.0/0` or `::/0`, which keep the family apart.
///
/// `Display` writes `addr/len` as `ip addr` prints addresses; the alternate form (`{:#}`)
/// writes a route's destination as `ip route` prints it: `default` for a length of 0, the
/// bare address for a host prefix. `FromStr` reads `addr/len`, or a bare address as a host
/// prefix, as `ip` reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpPrefix {
    addr: IpAddr,
    len: u8,
}

/// Why a prefix could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PrefixError {
    /// The length is longer than the address (32 bits for IPv4, 128 for IPv6).
    #[error("prefix length {len} is longer than the address's {max} bits")]
    Len {
        /// The length asked for.
        len: u8,
        /// The address's bits.
        max: u8,
    },
    /// The text is not `addr/len` or an address.
    #[error("not an IP prefix: {0:?}")]
    Syntax(String),
}

impl IpPrefix {
    /// The IPv4 default route's destination, `0.0.0.0/0`.
    pub const DEFAULT_V4: IpPrefix = IpPrefix {
        addr: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        len: 0,
    };

    /// The IPv6 default route's destination, `::/0`.
    pub const DEFAULT_V6: IpPrefix = IpPrefix {
        addr: IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        len: 0,
    };

    /// `addr/len`; an error when `len` is longer than the address.
    pub fn new(addr: IpAddr, len: u8) -> Result<Self, PrefixError> {
        let max = max_len(&addr);
        if len > max {
            return Err(PrefixError::Len { len, max });
        }
        Ok(IpPrefix { addr, len })
    }

    /// The prefix of `addr` alone: `addr/32` or `addr/128`.
    pub fn host(addr: IpAddr) -> Self {
        IpPrefix {
            len: max_len(&addr),
            addr,
        }
    }

    /// The address, as given.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length.
    // A length in bits, not a count of items: a prefix is never "empty" (a length of 0 is
    // [`IpPrefix::is_default`]).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u8 {
        self.len
    }

    /// Whether the length is 0: the whole family, a default route's destination.
    pub fn is_default(&self) -> bool {
        self.len == 0
    }

    /// Whether this is a host prefix (length 32 or 128).
    pub fn is_host(&self) -> bool {
        self.len == max_len(&self.addr)
    }

    /// The address family: `AF_INET` or `AF_INET6`.
    pub fn family(&self) -> u8 {
        match self.addr {
            IpAddr::V4(_) => AF_INET,
            IpAddr::V6(_) => AF_INET6,
        }
    }

    /// The prefix with the host bits of its address cleared (`192.0.2.1/24` gives
    /// `192.0.2.0/24`).
    pub fn network(&self) -> IpPrefix {
        let addr = match self.addr {
            IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask32(self.len))),
            IpAddr::V6(a) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask128(self.len))),
        };
        IpPrefix {
            addr,
            len: self.len,
        }
    }

    /// Whether `ip` is in the prefix (of the same family, with the same leading `len` bits).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(a), IpAddr::V4(b)) => (u32::from(a) ^ u32::from(b)) & mask32(self.len) == 0,
            (IpAddr::V6(a), IpAddr::V6(b)) => {
                (u128::from(a) ^ u128::from(b)) & mask128(self.len) == 0
            }
            _ => false,
        }
    }
}

impl Default for IpPrefix {
    /// `0.0.0.0/0`, IPv4's default route.
    fn default() -> Self {
        IpPrefix::DEFAULT_V4
    }
}

/// The bits of `addr`: 32 or 128.
fn max_len(addr: &IpAddr) -> u8 {
    match addr {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

/// The mask of the first `len` (at most 32) bits.
fn mask32(len: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0)
}

/// The mask of the first `len` (at most 128) bits.
fn mask128(len: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0)
}

impl std::fmt::Display for IpPrefix {
    /// `addr/len`; alternate (`{:#}`): `default`, the bare address of a host prefix, or
    /// `addr/len`, as `ip route` prints a destination.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if f.alternate() && self.is_default() {
            f.write_str("default")
        } else if f.alternate() && self.is_host() {
            write!(f, "{}", self.addr)
        } else {
            write!(f, "{}/{}", self.addr, self.len)
        }
    }
}

impl std::str::FromStr for IpPrefix {
    type Err = PrefixError;

    /// `addr/len` (a decimal length), or a bare address as a host prefix.
    fn from_str(text: &str) -> Result<Self, PrefixError> {
        let syntax = || PrefixError::Syntax(text.to_owned());
        let (addr, len) = match text.split_once('/') {
            Some((addr, len)) => (addr, Some(len)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| syntax())?;
        match len {
            None => Ok(IpPrefix::host(addr)),
            Some(len) if len.bytes().all(|b| b.is_ascii_digit()) => {
                IpPrefix::new(addr, len.parse().map_err(|_| syntax())?)
            }
            Some(_) => Err(syntax()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> IpPrefix {
        text.parse().unwrap()
    }

    #[test]
    fn lengths_are_checked_against_the_family() {
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        assert!(IpPrefix::new(v4, 32).is_ok());
        assert_eq!(
            IpPrefix::new(v4, 33),
            Err(PrefixError::Len { len: 33, max: 32 })
        );
        assert!(IpPrefix::new(v6, 128).is_ok());
        assert_eq!(
            IpPrefix::new(v6, 129),
            Err(PrefixError::Len { len: 129, max: 128 })
        );
        assert_eq!(IpPrefix::host(v6).len(), 128);
        assert_eq!(IpPrefix::DEFAULT_V4.family(), AF_INET);
        assert_eq!(IpPrefix::DEFAULT_V6.family(), AF_INET6);
        assert_ne!(IpPrefix::DEFAULT_V4, IpPrefix::DEFAULT_V6);
    }

    /// `ip addr` prints `192.0.2.1/24` and `2001:db8::1/64`; `ip route` prints `default`,
    /// `198.51.100.0/24` and host routes bare (`192.0.2.7`, `2001:db8::7`).
    #[test]
    fn display_and_parse_as_ip_prints_and_reads() {
        for text in [
            "192.0.2.1/24",
            "2001:db8::1/64",
            "0.0.0.0/0",
            "::/0",
            "10.0.0.1/32",
        ] {
            assert_eq!(p(text).to_string(), text);
        }
        assert_eq!(format!("{:#}", IpPrefix::DEFAULT_V4), "default");
        assert_eq!(format!("{:#}", IpPrefix::DEFAULT_V6), "default");
        assert_eq!(format!("{:#}", p("198.51.100.0/24")), "198.51.100.0/24");
        assert_eq!(format!("{:#}", p("192.0.2.7")), "192.0.2.7");
        assert_eq!(format!("{:#}", p("2001:db8::7/128")), "2001:db8::7");
        assert_eq!(p("192.0.2.7"), p("192.0.2.7/32"));
        for bad in [
            "",
            "192.0.2.1/",
            "192.0.2.1/+3",
            "192.0.2.1/33",
            "::/129",
            "x/8",
            "default",
        ] {
            assert!(bad.parse::<IpPrefix>().is_err(), "{bad}");
        }
    }

    #[test]
    fn network_and_contains() {
        assert_eq!(p("192.0.2.77/24").network(), p("192.0.2.0/24"));
        assert_eq!(p("2001:db8::1/32").network(), p("2001:db8::/32"));
        assert_eq!(p("10.1.2.3/0").network(), IpPrefix::DEFAULT_V4);
        assert_eq!(p("10.1.2.3/32").network(), p("10.1.2.3/32"));
        assert!(p("192.0.2.0/24").contains("192.0.2.255".parse().unwrap()));
        assert!(!p("192.0.2.0/24").contains("192.0.3.0".parse().unwrap()));
        assert!(IpPrefix::DEFAULT_V4.contains("8.8.8.8".parse().unwrap()));
        assert!(!IpPrefix::DEFAULT_V4.contains("::1".parse().unwrap()));
        assert!(p("2001:db8::/32").contains("2001:db8:ffff::1".parse().unwrap()));
    }
}
