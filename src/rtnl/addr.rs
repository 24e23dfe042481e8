//! Addresses: `RTM_NEWADDR`, `RTM_DELADDR`, `RTM_GETADDR`, IPv4 and IPv6.

use super::common::{ip_of_family, put_ip, Name, Spec};
use super::dump::typed_dump;
use super::{IfIndex, IpPrefix, Scope};
use crate::conn::{Result, Socket};
use crate::wire::consts::*;
use crate::wire::{BuildError, IfAddrMsg, Msg, MsgBuilder, ParseError};
use std::net::IpAddr;

pub use crate::wire::consts::{ifa_f as flags, INFINITY_LIFE_TIME};

/// An address as the kernel describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Addr {
    /// `AF_INET` or `AF_INET6`.
    pub family: u8,
    /// Prefix length (`ifa_prefixlen`; [`Addr::prefix`] gives it with the address).
    pub prefixlen: u8,
    /// `IFA_F_*` flags, all 32 bits (`IFA_FLAGS` when sent, else the header's 8).
    pub flags: u32,
    /// Scope.
    pub scope: Scope,
    /// Interface index.
    pub index: IfIndex,
    /// `IFA_ADDRESS`: the peer on point-to-point links, else the same as `local`.
    pub address: Option<IpAddr>,
    /// `IFA_LOCAL`: the local address (IPv4).
    pub local: Option<IpAddr>,
    /// Broadcast address.
    pub broadcast: Option<IpAddr>,
    /// Label (IPv4): the interface's name or one starting with it, so bytes, not always
    /// UTF-8.
    pub label: Option<Name>,
    /// Valid lifetime in seconds ([`INFINITY_LIFE_TIME`] for forever).
    pub valid_lft: Option<u32>,
    /// Preferred lifetime in seconds.
    pub preferred_lft: Option<u32>,
}

impl Addr {
    /// Whether this is an IPv4 secondary address (`IFA_F_SECONDARY`): one of a prefix that
    /// the interface already has a primary address in.
    pub fn is_secondary(&self) -> bool {
        self.flags & flags::SECONDARY != 0
    }

    /// Decodes an `RTM_NEWADDR`/`RTM_DELADDR` message.
    pub fn parse(msg: &Msg<'_>) -> Result<Self, ParseError> {
        let mut a = Addr::default();
        a.parse_into(msg)?;
        Ok(a)
    }

    /// Decodes into `self`, reusing its label buffer (see [`Addr::parse_into_spare`] for
    /// dumps mixing addresses with and without a label, such as IPv4 and IPv6).
    pub fn parse_into(&mut self, msg: &Msg<'_>) -> Result<(), ParseError> {
        self.parse_into_spare(msg, &mut Name::default())
    }

    /// [`Addr::parse_into`] that keeps the label's buffer in `spare` while the address has no
    /// label, so decoding any sequence of addresses into one `Addr` (and one `spare`)
    /// allocates nothing once the buffer has grown. On failure `self` holds what was decoded
    /// so far.
    pub fn parse_into_spare(&mut self, msg: &Msg<'_>, spare: &mut Name) -> Result<(), ParseError> {
        let mut label = self.label.take().unwrap_or_else(|| std::mem::take(spare));
        label.set(&[]);
        let r = self.fill(msg, &mut label);
        match r {
            Ok(true) => self.label = Some(label),
            _ => *spare = label,
        }
        r.map(drop)
    }

    /// Decodes the header and attributes into `self`, the label into `label`; returns whether
    /// a label was found.
    fn fill(&mut self, msg: &Msg<'_>, label: &mut Name) -> Result<bool, ParseError> {
        *self = Addr::default();
        let h: IfAddrMsg = msg.fixed()?;
        self.family = h.family;
        self.prefixlen = h.prefixlen;
        self.flags = u32::from(h.flags);
        self.scope = h.scope.into();
        self.index = h.index.into();
        let mut has_label = false;
        for at in msg.attrs::<IfAddrMsg>()? {
            let at = at?;
            match at.kind() {
                ifa::ADDRESS => self.address = Some(ip_of_family(&at, h.family)?),
                ifa::LOCAL => self.local = Some(ip_of_family(&at, h.family)?),
                ifa::BROADCAST => self.broadcast = Some(ip_of_family(&at, h.family)?),
                ifa::LABEL => {
                    label.set(at.cstr_bytes()?);
                    has_label = true;
                }
                ifa::FLAGS => self.flags = at.u32()?,
                ifa::CACHEINFO => {
                    let p = at.payload();
                    if p.len() < 8 {
                        return Err(ParseError::PayloadLen {
                            attr_type: ifa::CACHEINFO,
                            expected: 16,
                            have: p.len(),
                        });
                    }
                    self.preferred_lft = Some(u32::from_ne_bytes([p[0], p[1], p[2], p[3]]));
                    self.valid_lft = Some(u32::from_ne_bytes([p[4], p[5], p[6], p[7]]));
                }
                _ => {}
            }
        }
        Ok(has_label)
    }

    /// The interface's own address: `IFA_LOCAL` when present, else `IFA_ADDRESS`.
    pub fn ip(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }

    /// The interface's own address with its prefix length, as `ip addr` prints it
    /// (`192.0.2.1/24`); `None` without an address, or with a length longer than it.
    pub fn prefix(&self) -> Option<IpPrefix> {
        IpPrefix::new(self.ip()?, self.prefixlen).ok()
    }
}

/// What an address dump asks for; `Default` asks for every address. With strict checking
/// (the default) the kernel itself filters by family and interface; the dump checks them
/// again, so the result is right on kernels without it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddrFilter {
    /// `AF_INET`, `AF_INET6`, or `AF_UNSPEC` for both.
    pub family: u8,
    /// Only the addresses of this interface.
    pub index: Option<IfIndex>,
}

impl AddrFilter {
    setters! {
        /// Only addresses of `family` (`AF_INET` or `AF_INET6`).
        set family: u8;
        /// Only the addresses of interface `index`.
        opt index: IfIndex;
    }

    /// The dump request (fallible as every filter's, though this one always builds).
    pub fn dump_request(&self) -> Result<MsgBuilder, BuildError> {
        Ok(MsgBuilder::with_header(
            RTM_GETADDR,
            0,
            &IfAddrMsg {
                family: self.family,
                index: self.index.map_or(0, u32::from),
                ..IfAddrMsg::default()
            },
        ))
    }

    /// Whether `a` passes the filter.
    pub fn matches(&self, a: &Addr) -> bool {
        (self.family == AF_UNSPEC || a.family == self.family)
            && self.index.is_none_or(|i| a.index == i)
    }
}

typed_dump!(
    AddrFilter,
    Addr,
    (),
    |_: &mut (), m: &Msg<'_>| Addr::parse(m),
    AddrDump,
    "addresses"
);

/// An address to add, replace or delete: made by [`AddrSpec::new`], its other fields set with
/// the setters (or assigned).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddrSpec {
    /// Interface index.
    pub index: IfIndex,
    /// The address and its prefix length (`192.0.2.1/24`).
    pub prefix: IpPrefix,
    /// Peer address on point-to-point links.
    pub peer: Option<IpAddr>,
    /// Broadcast address (IPv4).
    pub broadcast: Option<IpAddr>,
    /// Label (IPv4; must start with the interface's name).
    pub label: Option<String>,
    /// Scope ([`Scope::Universe`] by default).
    pub scope: Scope,
    /// `IFA_F_*` flags, e.g. [`flags::NODAD`].
    pub flags: u32,
    /// Valid and preferred lifetimes in seconds; `None` for forever.
    pub lifetimes: Option<(u32, u32)>,
}

impl AddrSpec {
    /// `prefix` (the address and its prefix length) on interface `index`, nothing else set.
    pub fn new(index: IfIndex, prefix: IpPrefix) -> Self {
        Self {
            index,
            prefix,
            peer: None,
            broadcast: None,
            label: None,
            scope: Scope::Universe,
            flags: 0,
            lifetimes: None,
        }
    }

    setters! {
        /// With peer `peer` (point-to-point links).
        opt peer: IpAddr;
        /// With broadcast address `broadcast` (IPv4).
        opt broadcast: IpAddr;
        /// With label `label` (IPv4; must start with the interface's name).
        opt label: String;
        /// With scope `scope`.
        set scope: Scope;
        /// With `IFA_F_*` flags `flags`.
        set flags: u32;
        /// With valid and preferred lifetimes in seconds.
        opt lifetimes: (u32, u32);
    }
}

impl Spec for AddrSpec {
    const NEW: u16 = RTM_NEWADDR;
    const DEL: u16 = RTM_DELADDR;

    fn request(&self, ty: u16, flags: u16) -> Result<MsgBuilder, BuildError> {
        let mut m = MsgBuilder::with_header(
            ty,
            flags,
            &IfAddrMsg {
                family: self.prefix.family(),
                prefixlen: self.prefix.len(),
                flags: (self.flags & 0xff) as u8,
                scope: self.scope.into(),
                index: self.index.get(),
            },
        );
        let address = self.prefix.addr();
        put_ip(&mut m, ifa::LOCAL, &address)?;
        put_ip(&mut m, ifa::ADDRESS, self.peer.as_ref().unwrap_or(&address))?;
        if let Some(b) = &self.broadcast {
            put_ip(&mut m, ifa::BROADCAST, b)?;
        }
        if let Some(l) = &self.label {
            m.put_str(ifa::LABEL, l)?;
        }
        if self.flags > 0xff {
            m.put_u32(ifa::FLAGS, self.flags)?;
        }
        if let Some((valid, preferred)) = self.lifetimes {
            let mut ci = [0u8; 16];
            ci[..4].copy_from_slice(&preferred.to_ne_bytes());
            ci[4..8].copy_from_slice(&valid.to_ne_bytes());
            m.put(ifa::CACHEINFO, &ci)?;
        }
        Ok(m)
    }
}
