//! Reading messages: a zero-copy iterator over the messages of a datagram.

use super::align;
use super::attr::AttrIter;
use super::consts::NLMSG_HDRLEN;
use super::error::ParseError;
use super::header::{FixedHeader, NlMsgHdr};

/// One netlink message, borrowed from the datagram it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg<'a> {
    hdr: NlMsgHdr,
    bytes: &'a [u8],
}

impl<'a> Msg<'a> {
    /// Reads the one message at the start of `bytes`; bytes after it are ignored.
    #[inline(always)]
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ParseError> {
        let hdr = NlMsgHdr::parse(bytes)
            .map_err(|_| ParseError::HeaderTruncated { have: bytes.len() })?;
        let len = hdr.len as usize;
        if len < NLMSG_HDRLEN || len > bytes.len() {
            return Err(ParseError::MsgLen {
                nlmsg_len: hdr.len,
                have: bytes.len(),
            });
        }
        Ok(Self {
            hdr,
            bytes: &bytes[..len],
        })
    }

    /// The message header.
    #[inline]
    pub fn header(&self) -> &NlMsgHdr {
        &self.hdr
    }

    /// Message type.
    #[inline]
    pub fn ty(&self) -> u16 {
        self.hdr.ty
    }

    /// `NLM_F_*` flags.
    #[inline]
    pub fn flags(&self) -> u16 {
        self.hdr.flags
    }

    /// Sequence number.
    #[inline]
    pub fn seq(&self) -> u32 {
        self.hdr.seq
    }

    /// Sender's port id (`nlmsg_pid`).
    #[inline]
    pub fn pid(&self) -> u32 {
        self.hdr.pid
    }

    /// The whole message, header included, `nlmsg_len` bytes.
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Everything after the netlink header: family header and attributes.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        &self.bytes[NLMSG_HDRLEN..]
    }

    /// The family header of type `H` at the start of the payload.
    #[inline]
    pub fn fixed<H: FixedHeader>(&self) -> Result<H, ParseError> {
        H::parse(self.payload())
    }

    /// The attributes after a family header of `fixed_len` bytes (padded to 4).
    ///
    /// A payload shorter than the family header is an error.
    #[inline]
    pub fn attrs_after(&self, fixed_len: usize) -> Result<AttrIter<'a>, ParseError> {
        let payload = self.payload();
        if payload.len() < fixed_len {
            return Err(ParseError::FixedHeaderTruncated {
                need: fixed_len,
                have: payload.len(),
            });
        }
        Ok(AttrIter::new(
            &payload[align(fixed_len).min(payload.len())..],
        ))
    }

    /// The attributes after the family header `H`.
    #[inline]
    pub fn attrs<H: FixedHeader>(&self) -> Result<AttrIter<'a>, ParseError> {
        self.attrs_after(H::LEN)
    }
}

/// Iterates the messages of one datagram without copying them.
///
/// Yields `Err` once for malformed input and then stops. The last message may lack its
/// trailing padding.
#[derive(Debug, Clone)]
pub struct MsgIter<'a> {
    rest: &'a [u8],
}

impl<'a> MsgIter<'a> {
    /// The messages packed in `datagram`.
    pub fn new(datagram: &'a [u8]) -> Self {
        Self { rest: datagram }
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }
}

impl<'a> Iterator for MsgIter<'a> {
    type Item = Result<Msg<'a>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest;
        if rest.is_empty() {
            return None;
        }
        self.rest = &[];
        let msg = match Msg::parse(rest) {
            Ok(msg) => msg,
            Err(e) => return Some(Err(e)),
        };
        self.rest = &rest[align(msg.bytes.len()).min(rest.len())..];
        Some(Ok(msg))
    }
}
