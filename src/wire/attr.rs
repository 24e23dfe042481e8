//! Reading attributes: a zero-copy iterator and typed, length-checked getters.

use super::align;
use super::consts::{NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK};
use super::error::ParseError;

/// One attribute, borrowed from the buffer it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    raw_type: u16,
    payload: &'a [u8],
}

impl<'a> Attr<'a> {
    /// An attribute of wire type `raw_type` (flags included) with `payload`, e.g. one handed
    /// back by a C caller as a type and a payload slice.
    #[inline]
    pub fn new(raw_type: u16, payload: &'a [u8]) -> Self {
        Self { raw_type, payload }
    }

    /// The attribute's type with `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` masked off.
    #[inline]
    pub fn kind(&self) -> u16 {
        self.raw_type & NLA_TYPE_MASK
    }

    /// The type as it was on the wire, flags included.
    #[inline]
    pub fn raw_type(&self) -> u16 {
        self.raw_type
    }

    /// Whether the sender flagged this attribute as a nest.
    #[inline]
    pub fn is_nested(&self) -> bool {
        self.raw_type & NLA_F_NESTED != 0
    }

    /// Whether the sender flagged the payload as network byte order.
    #[inline]
    pub fn is_net_byteorder(&self) -> bool {
        self.raw_type & NLA_F_NET_BYTEORDER != 0
    }

    /// The payload, without header or padding.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }

    #[inline]
    fn fixed<const N: usize>(&self) -> Result<[u8; N], ParseError> {
        self.payload.try_into().map_err(|_| ParseError::PayloadLen {
            attr_type: self.kind(),
            expected: N,
            have: self.payload.len(),
        })
    }

    /// The payload as a `u8`; its length must be exactly 1.
    #[inline]
    pub fn u8(&self) -> Result<u8, ParseError> {
        self.fixed::<1>().map(|b| b[0])
    }

    /// The payload as a native-endian `u16`; its length must be exactly 2.
    #[inline]
    pub fn u16(&self) -> Result<u16, ParseError> {
        self.fixed().map(u16::from_ne_bytes)
    }

    /// The payload as a big-endian (network order) `u16`, e.g. a port.
    #[inline]
    pub fn u16_be(&self) -> Result<u16, ParseError> {
        self.fixed().map(u16::from_be_bytes)
    }

    /// The payload as a native-endian `u32`; its length must be exactly 4.
    #[inline]
    pub fn u32(&self) -> Result<u32, ParseError> {
        self.fixed().map(u32::from_ne_bytes)
    }

    /// The payload as a big-endian (network order) `u32`.
    #[inline]
    pub fn u32_be(&self) -> Result<u32, ParseError> {
        self.fixed().map(u32::from_be_bytes)
    }

    /// The payload as a native-endian `i32`; its length must be exactly 4.
    #[inline]
    pub fn i32(&self) -> Result<i32, ParseError> {
        self.fixed().map(i32::from_ne_bytes)
    }

    /// The payload as a native-endian `u64`; its length must be exactly 8. Netlink aligns
    /// 64-bit payloads to 4 bytes only, so the read makes no alignment assumption.
    #[inline]
    pub fn u64(&self) -> Result<u64, ParseError> {
        self.fixed().map(u64::from_ne_bytes)
    }

    /// The payload as a NUL-terminated string, without the NUL. Bytes after the first NUL are
    /// ignored, as the kernel does (`nla_strscpy`).
    pub fn cstr_bytes(&self) -> Result<&'a [u8], ParseError> {
        match self.payload.iter().position(|&b| b == 0) {
            Some(nul) => Ok(&self.payload[..nul]),
            None => Err(ParseError::StringNotTerminated {
                attr_type: self.kind(),
            }),
        }
    }

    /// The payload as a NUL-terminated UTF-8 string, without the NUL.
    pub fn str(&self) -> Result<&'a str, ParseError> {
        let bytes = self.cstr_bytes()?;
        core::str::from_utf8(bytes).map_err(|_| ParseError::StringNotUtf8 {
            attr_type: self.kind(),
        })
    }

    /// The attributes nested in this one's payload.
    ///
    /// Works whether or not the sender set `NLA_F_NESTED`: older kernel code omits it.
    #[inline]
    pub fn nested(&self) -> AttrIter<'a> {
        AttrIter::new(self.payload)
    }
}

/// `nla_len` of an attribute with a 4-byte payload.
const U32_ATTR_LEN: u16 = NLA_HDRLEN as u16 + 4;

/// Iterates the attributes in a buffer without copying them.
///
/// Yields `Err` once for malformed input and then stops, so a bad length can never make it loop
/// or read outside the buffer. The last attribute may lack its trailing padding.
#[derive(Debug, Clone)]
pub struct AttrIter<'a> {
    rest: &'a [u8],
}

impl<'a> AttrIter<'a> {
    /// Attributes packed in `buf`, starting at its first byte.
    #[inline]
    pub fn new(buf: &'a [u8]) -> Self {
        Self { rest: buf }
    }

    /// Bytes not yet read: empty once the iterator is exhausted, including after an error.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// The next attribute when it has a 4-byte payload (an integer, an IPv4 address: the
    /// commonest), read without moving on ([`AttrIter::skip_u32`] does): framed with two
    /// comparisons rather than [`Iterator::next`]'s general checks, as it needs no padding.
    #[inline(always)]
    pub(crate) fn peek_u32(&self) -> Option<Attr<'a>> {
        let (head, _) = self.rest.split_first_chunk::<{ U32_ATTR_LEN as usize }>()?;
        let (hdr, payload) = head.split_at(NLA_HDRLEN);
        (u16::from_ne_bytes([hdr[0], hdr[1]]) == U32_ATTR_LEN).then_some(Attr {
            raw_type: u16::from_ne_bytes([hdr[2], hdr[3]]),
            payload,
        })
    }

    /// Moves past the attribute [`AttrIter::peek_u32`] gave.
    #[inline(always)]
    pub(crate) fn skip_u32(&mut self) {
        self.rest = self.rest.get(usize::from(U32_ATTR_LEN)..).unwrap_or(&[]);
    }

    /// The first attribute of type `kind` (flags masked off), or `None`.
    ///
    /// Malformed input before it is an error; malformed input after it is not looked at.
    pub fn find(self, kind: u16) -> Result<Option<Attr<'a>>, ParseError> {
        for attr in self {
            let attr = attr?;
            if attr.kind() == kind {
                return Ok(Some(attr));
            }
        }
        Ok(None)
    }
}

impl<'a> Iterator for AttrIter<'a> {
    type Item = Result<Attr<'a>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(a) = self.peek_u32() {
            self.skip_u32();
            return Some(Ok(a));
        }
        let rest = self.rest;
        // After an error the iterator is exhausted.
        self.rest = &[];
        let Some((head, body)) = rest.split_first_chunk::<NLA_HDRLEN>() else {
            return (!rest.is_empty())
                .then_some(Err(ParseError::AttrHeaderTruncated { have: rest.len() }));
        };
        let nla_len = u16::from_ne_bytes([head[0], head[1]]);
        let raw_type = u16::from_ne_bytes([head[2], head[3]]);
        // One comparison for both bounds (this runs for every attribute of every message): a
        // length below the header's wraps around to one longer than any buffer.
        let Some(payload) = body.get(..usize::from(nla_len).wrapping_sub(NLA_HDRLEN)) else {
            return Some(Err(ParseError::AttrLen {
                attr_type: raw_type & NLA_TYPE_MASK,
                nla_len,
                have: rest.len(),
            }));
        };
        // The header's length is aligned: the padding is the payload's (the last attribute
        // may lack it).
        self.rest = &body[align(payload.len()).min(body.len())..];
        Some(Ok(Attr { raw_type, payload }))
    }
}
