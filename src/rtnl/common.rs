//! Pieces every rtnetlink object uses: addresses and the NEW-request modes.

use crate::wire::consts::{
    AF_INET, AF_INET6, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE,
};
use crate::wire::{Attr, BuildError, MsgBuilder, ParseError};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// How a NEW request treats an object that already exists. Chosen explicitly by the caller:
/// the kernel's answer (EEXIST, ENOENT) follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Add only: `NLM_F_CREATE | NLM_F_EXCL`, `EEXIST` when present.
    Create,
    /// Change only: `NLM_F_REPLACE`, an error when absent.
    Replace,
    /// Add or change: `NLM_F_CREATE | NLM_F_REPLACE`.
    Upsert,
    /// Add another entry beside existing ones: `NLM_F_CREATE | NLM_F_APPEND`.
    Append,
}

impl Mode {
    /// The `nlmsg_flags` bits of this mode.
    pub fn flags(self) -> u16 {
        match self {
            Mode::Create => NLM_F_CREATE | NLM_F_EXCL,
            Mode::Replace => NLM_F_REPLACE,
            Mode::Upsert => NLM_F_CREATE | NLM_F_REPLACE,
            Mode::Append => NLM_F_CREATE | NLM_F_APPEND,
        }
    }
}

/// A link-layer (hardware) address of up to 32 bytes (`MAX_ADDR_LEN`), stored inline so
/// decoding allocates nothing.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HwAddr {
    len: u8,
    bytes: [u8; 32],
}

impl HwAddr {
    /// The address from `bytes`; `None` when longer than 32 bytes.
    pub fn new(bytes: &[u8]) -> Option<Self> {
        let mut out = HwAddr {
            len: u8::try_from(bytes.len()).ok().filter(|&l| l <= 32)?,
            bytes: [0; 32],
        };
        out.bytes[..bytes.len()].copy_from_slice(bytes);
        Some(out)
    }

    /// The address's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (any number of hex bytes separated by colons).
    pub fn parse(text: &str) -> Option<Self> {
        let mut out = HwAddr::default();
        for part in text.split(':') {
            if out.len == 32 || part.is_empty() || part.len() > 2 {
                return None;
            }
            out.bytes[usize::from(out.len)] = u8::from_str_radix(part, 16).ok()?;
            out.len += 1;
        }
        Some(out)
    }

    pub(crate) fn from_attr(a: &Attr<'_>) -> Result<Self, ParseError> {
        HwAddr::new(a.payload()).ok_or(ParseError::PayloadLen {
            attr_type: a.kind(),
            expected: 32,
            have: a.payload().len(),
        })
    }
}

impl std::fmt::Display for HwAddr {
    /// Lower-case hex bytes separated by colons, as iproute2 prints them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, b) in self.as_bytes().iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for HwAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HwAddr({self})")
    }
}

/// An IPv4 or IPv6 address attribute: 4 or 16 bytes.
pub(crate) fn ip_from_attr(a: &Attr<'_>) -> Result<IpAddr, ParseError> {
    ip_payload(a).map(ip_from_bytes)
}

/// The payload of an address attribute, checked to be 4 or 16 bytes.
pub(crate) fn ip_payload<'a>(a: &Attr<'a>) -> Result<&'a [u8], ParseError> {
    match a.payload().len() {
        4 | 16 => Ok(a.payload()),
        have => Err(ParseError::PayloadLen {
            attr_type: a.kind(),
            expected: 4,
            have,
        }),
    }
}

/// An address from its 4 or 16 bytes, as [`ip_payload`] checked them.
pub(crate) fn ip_from_bytes(b: &[u8]) -> IpAddr {
    match <[u8; 16]>::try_from(b) {
        Ok(v6) => IpAddr::V6(Ipv6Addr::from(v6)),
        Err(_) => IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])),
    }
}

/// Appends `ip` as an attribute of type `ty`: its 4 or 16 bytes.
pub(crate) fn put_ip(m: &mut MsgBuilder, ty: u16, ip: &IpAddr) -> Result<(), BuildError> {
    match ip {
        IpAddr::V4(a) => m.put(ty, &a.octets()),
        IpAddr::V6(a) => m.put(ty, &a.octets()),
    }
    .map(drop)
}

/// The address family of `ip`.
pub(crate) fn family_of(ip: &IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => AF_INET,
        IpAddr::V6(_) => AF_INET6,
    }
}

/// The full prefix length of `ip`'s family (32 or 128).
pub(crate) fn host_len(ip: &IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}
