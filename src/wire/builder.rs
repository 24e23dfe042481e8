//! Writing messages: one growable buffer, a family header, attributes and nests of any depth.

use super::consts::{NLA_F_NESTED, NLA_HDRLEN, NLMSG_HDRLEN};
use super::error::BuildError;
use super::header::{FixedHeader, NlMsgHdr};
use super::{align, ALIGNTO};

/// An open nest, returned by [`MsgBuilder::nest_start`] and handed back to
/// [`MsgBuilder::nest_end`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a nest must be closed with nest_end"]
pub struct Nest {
    at: usize,
    depth: usize,
}

/// Builds one netlink message in a growable buffer.
///
/// `nlmsg_len` is kept current after every call, so [`MsgBuilder::bytes`] is always a complete
/// message (once every nest is closed). A call that fails leaves the message as it was.
#[derive(Debug, Clone)]
pub struct MsgBuilder {
    buf: Vec<u8>,
    fixed_len: usize,
    open: Vec<usize>,
}

impl MsgBuilder {
    /// A message of type `ty` with flags `flags`, sequence number 0 and port id 0. The
    /// conversation engine adds `NLM_F_REQUEST | NLM_F_ACK` and a fresh sequence number.
    pub fn new(ty: u16, flags: u16) -> Self {
        let mut b = Self {
            buf: Vec::with_capacity(256),
            fixed_len: 0,
            open: Vec::new(),
        };
        b.reset(ty, flags);
        b
    }

    /// Starts over with an empty message of type `ty` and flags `flags`, as
    /// [`MsgBuilder::new`] makes one, keeping the buffer's memory: building many messages one
    /// after the other with one builder allocates nothing.
    pub fn reset(&mut self, ty: u16, flags: u16) -> &mut Self {
        let mut hdr = [0u8; NLMSG_HDRLEN];
        NlMsgHdr {
            len: NLMSG_HDRLEN as u32,
            ty,
            flags,
            seq: 0,
            pid: 0,
        }
        .write(&mut hdr);
        // A fixed-size copy, not a resize and a fill: this is most of a small message's cost.
        self.buf.clear();
        self.buf.extend_from_slice(&hdr);
        self.fixed_len = 0;
        self.open.clear();
        self
    }

    /// A message of type `ty` whose family header is `hdr`.
    pub fn with_header<H: FixedHeader>(ty: u16, flags: u16, hdr: &H) -> Self {
        let mut b = Self::new(ty, flags);
        // The kernel's family headers are a few bytes: stack scratch space, no allocation.
        let mut small = [0u8; 32];
        let mut large = Vec::new();
        let raw = if H::LEN <= small.len() {
            &mut small[..H::LEN]
        } else {
            large.resize(H::LEN, 0);
            &mut large[..]
        };
        hdr.write(raw);
        b.write_fixed(raw);
        b
    }

    /// Sets the family header from raw bytes (e.g. a C struct). Must come before any attribute,
    /// and only once.
    pub fn fixed_bytes(&mut self, hdr: &[u8]) -> Result<&mut Self, BuildError> {
        if self.buf.len() != NLMSG_HDRLEN || self.fixed_len != 0 {
            return Err(BuildError::FixedHeaderOrder);
        }
        self.check_total(hdr.len())?;
        self.write_fixed(hdr);
        Ok(self)
    }

    fn write_fixed(&mut self, hdr: &[u8]) {
        self.buf.truncate(NLMSG_HDRLEN);
        self.buf.extend_from_slice(hdr);
        self.buf
            .extend_from_slice(&[0; ALIGNTO][..align(hdr.len()) - hdr.len()]);
        self.fixed_len = hdr.len();
        self.sync_len();
    }

    fn sync_len(&mut self) {
        // `put` and `nest_start` refuse anything that would not fit, so this cannot truncate.
        let len = self.buf.len() as u32;
        self.buf[..4].copy_from_slice(&len.to_ne_bytes());
    }

    fn check_len(&self, attr_type: u16, attr_len: usize) -> Result<(), BuildError> {
        if attr_len > usize::from(u16::MAX) {
            return Err(BuildError::AttrTooLong {
                attr_type,
                len: attr_len,
            });
        }
        self.check_total(attr_len)
    }

    /// Refuses `len` more bytes (padded) when the message would outgrow `nlmsg_len`.
    fn check_total(&self, len: usize) -> Result<(), BuildError> {
        let total = self.buf.len().saturating_add(align(len));
        if total > u32::MAX as usize {
            return Err(BuildError::MsgTooLong { len: total });
        }
        Ok(())
    }

    fn put_parts(&mut self, ty: u16, parts: &[&[u8]]) -> Result<&mut Self, BuildError> {
        let payload_len: usize = parts.iter().map(|p| p.len()).sum();
        let len = NLA_HDRLEN + payload_len;
        self.check_len(ty, len)?;
        self.buf.reserve(align(len));
        self.buf.extend_from_slice(&(len as u16).to_ne_bytes());
        self.buf.extend_from_slice(&ty.to_ne_bytes());
        for part in parts {
            self.buf.extend_from_slice(part);
        }
        self.buf.resize(self.buf.len() + align(len) - len, 0);
        self.sync_len();
        Ok(self)
    }

    /// Appends an attribute with a fixed-size payload: one resize and three copies, for the
    /// integer attributes that most messages are made of.
    fn put_array<const N: usize>(
        &mut self,
        ty: u16,
        payload: [u8; N],
    ) -> Result<&mut Self, BuildError> {
        let len = NLA_HDRLEN + N;
        self.check_len(ty, len)?;
        let at = self.buf.len();
        self.buf.resize(at + align(len), 0);
        let attr = &mut self.buf[at..at + len];
        attr[..2].copy_from_slice(&(len as u16).to_ne_bytes());
        attr[2..4].copy_from_slice(&ty.to_ne_bytes());
        attr[NLA_HDRLEN..].copy_from_slice(&payload);
        self.sync_len();
        Ok(self)
    }

    /// Appends an attribute with a raw payload.
    pub fn put(&mut self, ty: u16, payload: &[u8]) -> Result<&mut Self, BuildError> {
        self.put_parts(ty, &[payload])
    }

    /// Appends a `u8` attribute.
    pub fn put_u8(&mut self, ty: u16, v: u8) -> Result<&mut Self, BuildError> {
        self.put_array(ty, [v])
    }

    /// Appends a native-endian `u16` attribute.
    pub fn put_u16(&mut self, ty: u16, v: u16) -> Result<&mut Self, BuildError> {
        self.put_array(ty, v.to_ne_bytes())
    }

    /// Appends a big-endian (network order) `u16` attribute, e.g. a port.
    pub fn put_u16_be(&mut self, ty: u16, v: u16) -> Result<&mut Self, BuildError> {
        self.put_array(ty, v.to_be_bytes())
    }

    /// Appends a native-endian `u32` attribute.
    pub fn put_u32(&mut self, ty: u16, v: u32) -> Result<&mut Self, BuildError> {
        self.put_array(ty, v.to_ne_bytes())
    }

    /// Appends a native-endian `i32` attribute.
    pub fn put_i32(&mut self, ty: u16, v: i32) -> Result<&mut Self, BuildError> {
        self.put_array(ty, v.to_ne_bytes())
    }

    /// Appends a native-endian `u64` attribute.
    pub fn put_u64(&mut self, ty: u16, v: u64) -> Result<&mut Self, BuildError> {
        self.put_array(ty, v.to_ne_bytes())
    }

    /// Appends a NUL-terminated string attribute (the NUL is added here).
    pub fn put_str(&mut self, ty: u16, s: &str) -> Result<&mut Self, BuildError> {
        self.put_cstr(ty, s.as_bytes())
    }

    /// Appends a NUL-terminated string attribute from bytes without NUL.
    pub fn put_cstr(&mut self, ty: u16, s: &[u8]) -> Result<&mut Self, BuildError> {
        self.put_parts(ty, &[s, &[0]])
    }

    /// Appends a flag attribute (no payload).
    pub fn put_flag(&mut self, ty: u16) -> Result<&mut Self, BuildError> {
        self.put(ty, &[])
    }

    /// Appends a whole family header where an attribute would go: some nests (veth's
    /// `VETH_INFO_PEER`) start with one.
    pub fn put_header<H: FixedHeader>(&mut self, hdr: &H) -> Result<&mut Self, BuildError> {
        self.check_len(0, H::LEN)?;
        let at = self.buf.len();
        self.buf.resize(at + align(H::LEN), 0);
        hdr.write(&mut self.buf[at..at + H::LEN]);
        self.sync_len();
        Ok(self)
    }

    /// Appends `bytes` (padded to 4) where an attribute would go: [`MsgBuilder::put_header`]
    /// for a header given as bytes, e.g. a C struct from the C API.
    pub fn put_header_bytes(&mut self, bytes: &[u8]) -> Result<&mut Self, BuildError> {
        self.check_len(0, bytes.len())?;
        let at = self.buf.len();
        self.buf.extend_from_slice(bytes);
        self.buf.resize(at + align(bytes.len()), 0);
        self.sync_len();
        Ok(self)
    }

    /// Opens a nest of type `ty`; `NLA_F_NESTED` is set. Close it with [`MsgBuilder::nest_end`].
    pub fn nest_start(&mut self, ty: u16) -> Result<Nest, BuildError> {
        self.check_len(ty, NLA_HDRLEN)?;
        let at = self.buf.len();
        self.buf
            .extend_from_slice(&(NLA_HDRLEN as u16).to_ne_bytes());
        self.buf
            .extend_from_slice(&(ty | NLA_F_NESTED).to_ne_bytes());
        self.open.push(at);
        self.sync_len();
        Ok(Nest {
            at,
            depth: self.open.len(),
        })
    }

    /// Closes `nest`, which must be the innermost open one. A nest longer than 65535 bytes is
    /// an error, and is then removed with everything in it.
    pub fn nest_end(&mut self, nest: Nest) -> Result<&mut Self, BuildError> {
        if self.open.len() != nest.depth || self.open.last() != Some(&nest.at) {
            return Err(BuildError::NestOrder);
        }
        self.open.pop();
        let len = self.buf.len() - nest.at;
        if len > usize::from(u16::MAX) {
            let ty = u16::from_ne_bytes([self.buf[nest.at + 2], self.buf[nest.at + 3]]);
            self.buf.truncate(nest.at);
            self.sync_len();
            return Err(BuildError::AttrTooLong {
                attr_type: ty & !NLA_F_NESTED,
                len,
            });
        }
        self.buf[nest.at..nest.at + 2].copy_from_slice(&(len as u16).to_ne_bytes());
        Ok(self)
    }

    /// The message type.
    pub fn ty(&self) -> u16 {
        u16::from_ne_bytes([self.buf[4], self.buf[5]])
    }

    /// The flags.
    pub fn flags(&self) -> u16 {
        u16::from_ne_bytes([self.buf[6], self.buf[7]])
    }

    /// Replaces the flags.
    pub fn set_flags(&mut self, flags: u16) -> &mut Self {
        self.buf[6..8].copy_from_slice(&flags.to_ne_bytes());
        self
    }

    /// The sequence number.
    pub fn seq(&self) -> u32 {
        u32::from_ne_bytes([self.buf[8], self.buf[9], self.buf[10], self.buf[11]])
    }

    /// Sets the sequence number.
    pub fn set_seq(&mut self, seq: u32) -> &mut Self {
        self.buf[8..12].copy_from_slice(&seq.to_ne_bytes());
        self
    }

    /// Length of the family header set with [`MsgBuilder::with_header`] or
    /// [`MsgBuilder::fixed_bytes`] (0 if none).
    pub fn fixed_len(&self) -> usize {
        self.fixed_len
    }

    /// The buffer the message is built in: the C API checks that input it appends does not
    /// lie in it (bytes from [`MsgBuilder::bytes`] would move as it grows).
    #[cfg(feature = "capi")]
    pub(crate) fn buffer(&self) -> &Vec<u8> {
        &self.buf
    }

    /// The finished message. Fails while a nest is open.
    pub fn bytes(&self) -> Result<&[u8], BuildError> {
        if !self.open.is_empty() {
            return Err(BuildError::NestOpen {
                open: self.open.len(),
            });
        }
        Ok(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::consts::{ifla, RTM_NEWLINK, RTM_NEWROUTE};
    use crate::wire::IfInfoMsg;

    fn set_mtu(b: &mut MsgBuilder) -> Vec<u8> {
        b.fixed_bytes(&[0; IfInfoMsg::LEN]).unwrap();
        b.put_u32(ifla::MTU, 1500).unwrap();
        b.bytes().unwrap().to_vec()
    }

    #[test]
    fn a_reset_builder_builds_what_a_new_one_does() {
        let fresh = set_mtu(&mut MsgBuilder::new(RTM_NEWLINK, 0x5));
        let mut b = MsgBuilder::new(RTM_NEWROUTE, 0);
        b.put_u64(1, 7).unwrap();
        let _open = b.nest_start(2).unwrap();
        b.set_seq(9);
        b.reset(RTM_NEWLINK, 0x5);
        assert_eq!(b.fixed_len(), 0);
        assert_eq!(
            b.bytes().unwrap(),
            MsgBuilder::new(RTM_NEWLINK, 0x5).bytes().unwrap()
        );
        assert_eq!(set_mtu(&mut b), fresh);
    }

    #[test]
    fn integer_attributes_are_laid_out_as_by_put() {
        let mut a = MsgBuilder::new(RTM_NEWLINK, 0);
        let mut b = MsgBuilder::new(RTM_NEWLINK, 0);
        a.put_u8(1, 0xab)
            .unwrap()
            .put_u16(2, 0x1234)
            .unwrap()
            .put_u16_be(3, 0x1234)
            .unwrap()
            .put_u32(4, 0xdead_beef)
            .unwrap()
            .put_i32(5, -2)
            .unwrap()
            .put_u64(6, 0x0102_0304_0506_0708)
            .unwrap();
        b.put(1, &[0xab])
            .unwrap()
            .put(2, &0x1234u16.to_ne_bytes())
            .unwrap()
            .put(3, &0x1234u16.to_be_bytes())
            .unwrap()
            .put(4, &0xdead_beefu32.to_ne_bytes())
            .unwrap()
            .put(5, &(-2i32).to_ne_bytes())
            .unwrap()
            .put(6, &0x0102_0304_0506_0708u64.to_ne_bytes())
            .unwrap();
        assert_eq!(a.bytes().unwrap(), b.bytes().unwrap());
    }
}
