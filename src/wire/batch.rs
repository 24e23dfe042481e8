//! Several requests in one buffer, to be sent with one `sendmsg`.

use super::align;
use super::builder::MsgBuilder;
use super::error::BuildError;

/// Where one request sits in a [`Batch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    at: usize,
    len: usize,
    fixed_len: usize,
}

/// Several finished messages packed back to back, each keeping its own sequence number.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    buf: Vec<u8>,
    entries: Vec<Entry>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a copy of `msg`. Fails while `msg` has a nest open.
    pub fn push(&mut self, msg: &MsgBuilder) -> Result<&mut Self, BuildError> {
        let bytes = msg.bytes()?;
        let at = self.buf.len();
        self.buf.extend_from_slice(bytes);
        self.buf.resize(at + align(bytes.len()), 0);
        self.entries.push(Entry {
            at,
            len: bytes.len(),
            fixed_len: msg.fixed_len(),
        });
        Ok(self)
    }

    /// Number of messages.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch holds no message.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every message, keeping the buffer's memory.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.entries.clear();
    }

    /// Message `i` and the length of its family header.
    pub fn message(&self, i: usize) -> Option<(&[u8], usize)> {
        let e = self.entries.get(i)?;
        Some((&self.buf[e.at..e.at + e.len], e.fixed_len))
    }

    /// The byte range of messages `range` in [`Batch::bytes`].
    pub fn span(&self, range: core::ops::Range<usize>) -> core::ops::Range<usize> {
        match (self.entries.get(range.start), range.end.checked_sub(1)) {
            (Some(first), Some(last)) if last >= range.start && last < self.entries.len() => {
                let last = &self.entries[last];
                first.at..last.at + align(last.len)
            }
            _ => 0..0,
        }
    }

    /// All messages, back to back.
    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Gives the messages consecutive sequence numbers from `first_seq` and adds `flags` to
    /// each. Returns the sequence number of message `i` as `first_seq + i` (wrapping).
    pub fn stamp(&mut self, first_seq: u32, flags: u16) {
        for (i, e) in self.entries.iter().enumerate() {
            let hdr = &mut self.buf[e.at..e.at + 16];
            let old = u16::from_ne_bytes([hdr[6], hdr[7]]);
            hdr[6..8].copy_from_slice(&(old | flags).to_ne_bytes());
            hdr[8..12].copy_from_slice(&first_seq.wrapping_add(i as u32).to_ne_bytes());
        }
    }
}
