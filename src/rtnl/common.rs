//! Pieces every rtnetlink object uses: addresses and the NEW-request modes.

use crate::conn::Socket;
use crate::wire::consts::{
    AF_INET, AF_INET6, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE,
};
use crate::wire::{Attr, BuildError, MsgBuilder, ParseError};
use std::net::{IpAddr, Ipv4Addr};

/// An object to add, replace or delete: what address, route and neighbour specs share. Each
/// builds its request; adding and deleting work the same for all of them, alone
/// ([`Spec::add`], [`Spec::delete`]) or in a batch ([`Spec::add_request`] into a
/// [`Batch`](crate::wire::Batch)).
pub trait Spec {
    /// The message type that adds (`RTM_NEW*`).
    const NEW: u16;
    /// The message type that deletes (`RTM_DEL*`).
    const DEL: u16;

    /// The request of type `ty` (`NEW` or `DEL`) with `flags`.
    fn request(&self, ty: u16, flags: u16) -> Result<MsgBuilder, BuildError>;

    /// The add request, with `mode` deciding what happens when the object exists.
    fn add_request(&self, mode: Mode) -> Result<MsgBuilder, BuildError> {
        self.request(Self::NEW, mode.flags())
    }

    /// The delete request.
    fn delete_request(&self) -> Result<MsgBuilder, BuildError> {
        self.request(Self::DEL, 0)
    }

    /// Adds (or replaces, per `mode`) the object.
    fn add(&self, sock: &mut Socket, mode: Mode) -> crate::conn::Result<()> {
        sock.request(&self.add_request(mode)?).map(drop)
    }

    /// Deletes the object.
    fn delete(&self, sock: &mut Socket) -> crate::conn::Result<()> {
        sock.request(&self.delete_request()?).map(drop)
    }
}

/// How a NEW request treats an object that already exists. Chosen explicitly by the caller:
/// the kernel's answer (EEXIST, ENOENT) follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

/// A name as the kernel keeps it: bytes. Linux allows any bytes in an interface name (but
/// `/`, `:`, whitespace and NUL), UTF-8 or not, so names are never refused for their encoding.
/// Read it as bytes ([`Name::as_bytes`]), as text when it is UTF-8 ([`Name::to_str`]), or as
/// text with U+FFFD for what is not ([`Name::to_string_lossy`], and `Display`).
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Vec<u8>);

impl Name {
    /// The bytes, without a NUL.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The name as text, or `None` when it is not UTF-8.
    pub fn to_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The name as text, bytes that are not UTF-8 replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }

    /// Whether the name is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Replaces the name with `bytes`, reusing its buffer.
    pub(crate) fn set(&mut self, bytes: &[u8]) {
        self.0.clear();
        self.0.extend_from_slice(bytes);
    }
}

impl AsRef<[u8]> for Name {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(s.as_bytes().to_vec())
    }
}

impl From<&[u8]> for Name {
    fn from(b: &[u8]) -> Self {
        Name(b.to_vec())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl std::fmt::Display for Name {
    /// The name as text, bytes that are not UTF-8 replaced by U+FFFD.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

impl std::fmt::Debug for Name {
    /// The name in quotes, bytes that are not printable ASCII escaped (`"\xff0"`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}\"", self.0.escape_ascii())
    }
}

/// A link-layer (hardware) address of up to 32 bytes (`MAX_ADDR_LEN`), stored inline so
/// decoding allocates nothing.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
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
    let b = IpBytes::from_attr(a)?;
    // from_attr gives AF_INET or AF_INET6 only.
    Ok(b.ip().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
}

/// An address attribute of a message of `family`: for `AF_INET` an IPv4 one, for `AF_INET6`
/// an IPv6 one (as the kernel's policies require of what it is sent; it never sends another),
/// for any other family either.
pub(crate) fn ip_of_family(a: &Attr<'_>, family: u8) -> Result<IpAddr, ParseError> {
    let ip = ip_from_attr(a)?;
    match (family, ip) {
        (AF_INET, IpAddr::V6(_)) | (AF_INET6, IpAddr::V4(_)) => Err(other_family(a.kind(), ip)),
        _ => Ok(ip),
    }
}

/// The error of attribute `attr` holding `addr`, an address of the other family than its
/// message's: its length is not the one expected. Out of line: never taken with the kernel's
/// messages.
#[cold]
#[inline(never)]
pub(crate) fn other_family(attr: u16, addr: IpAddr) -> ParseError {
    let (expected, have) = if addr.is_ipv6() { (4, 16) } else { (16, 4) };
    ParseError::PayloadLen {
        attr_type: attr,
        expected,
        have,
    }
}

/// An IPv4 or IPv6 address kept as its bytes, fixed-size and `Copy`, as a flat decode keeps
/// it: `family` is `AF_INET` (the first 4 bytes count), `AF_INET6`, or `AF_UNSPEC` for none.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IpBytes {
    /// `AF_INET`, `AF_INET6`, or `AF_UNSPEC` (0) when absent.
    pub family: u8,
    /// The address, network byte order.
    pub addr: [u8; 16],
}

impl IpBytes {
    /// No address.
    pub(crate) const NONE: IpBytes = IpBytes {
        family: 0,
        addr: [0; 16],
    };

    /// The address, `None` when absent.
    pub fn ip(&self) -> Option<IpAddr> {
        match self.family {
            AF_INET => Some(IpAddr::from([
                self.addr[0],
                self.addr[1],
                self.addr[2],
                self.addr[3],
            ])),
            AF_INET6 => Some(IpAddr::from(self.addr)),
            _ => None,
        }
    }

    /// Builds from an address.
    pub fn new(ip: &IpAddr) -> Self {
        let mut out = IpBytes::default();
        match ip {
            IpAddr::V4(a) => {
                out.family = AF_INET;
                out.addr[..4].copy_from_slice(&a.octets());
            }
            IpAddr::V6(a) => {
                out.family = AF_INET6;
                out.addr = a.octets();
            }
        }
        out
    }

    /// The address attribute `a`: 4 or 16 bytes, else an error.
    pub(crate) fn from_attr(a: &Attr<'_>) -> Result<Self, ParseError> {
        let mut out = IpBytes::NONE;
        out.read(a)?;
        Ok(out)
    }

    /// Reads the address attribute `a` (4 or 16 bytes) into `self`; an error, and `self` left
    /// as it was, for any other length.
    #[inline]
    pub(crate) fn read(&mut self, a: &Attr<'_>) -> Result<(), ParseError> {
        // Fixed-size copies: a copy of the payload's own length is a call to memcpy.
        let p = a.payload();
        if let Ok(v4) = <[u8; 4]>::try_from(p) {
            self.family = AF_INET;
            self.addr = [0; 16];
            self.addr[..4].copy_from_slice(&v4);
        } else if let Ok(v6) = <[u8; 16]>::try_from(p) {
            self.family = AF_INET6;
            self.addr = v6;
        } else {
            return Err(ParseError::PayloadLen {
                attr_type: a.kind(),
                expected: 4,
                have: p.len(),
            });
        }
        Ok(())
    }

    /// Reads a `struct rtvia` attribute (`RTA_VIA`: a 16-bit address family, then the
    /// address; the kernel sends it for an IPv4 route through an IPv6 gateway) into `self`;
    /// an error, and `self` left as it was, unless it holds an IPv4 or IPv6 address of its
    /// family's length.
    pub(crate) fn read_via(&mut self, a: &Attr<'_>) -> Result<(), ParseError> {
        let p = a.payload();
        let family = p.get(..2).map(|f| u16::from_ne_bytes([f[0], f[1]]));
        let addr = p.get(2..).unwrap_or(&[]);
        match (family, addr.len()) {
            (Some(f), 4) if f == u16::from(AF_INET) => {
                self.family = AF_INET;
                self.addr = [0; 16];
                self.addr[..4].copy_from_slice(addr);
            }
            (Some(f), 16) if f == u16::from(AF_INET6) => {
                self.family = AF_INET6;
                self.addr.copy_from_slice(addr);
            }
            _ => {
                return Err(ParseError::PayloadLen {
                    attr_type: a.kind(),
                    expected: 18,
                    have: p.len(),
                })
            }
        }
        Ok(())
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
