//! Notifications received many at a time: the datagrams one receive took, handed out one by
//! one (see [`Socket::recv_notifications`](super::Socket::recv_notifications)).

use super::transport::Datagram;

/// The first size of a slot, as the socket's own receive buffer: larger than any
/// notification but a link's with many virtual functions, for which the slots grow.
const INITIAL_SLOT: usize = 64 * 1024;

/// Datagrams received and not handed out yet, each in a slot of one buffer.
///
/// The buffer is allocated at the first receive (a socket that never receives notifications
/// never has one). It is `SLOTS` slots long, but the kernel writes only the datagrams'
/// bytes: pages past a small notification's end are never touched, so stay unbacked.
#[derive(Debug, Default)]
pub(super) struct Inbox {
    buf: Vec<u8>,
    slot: usize,
    got: Vec<Datagram>,
    /// How many of `got` the last receive filled, and the next to hand out.
    filled: usize,
    next: usize,
}

impl Inbox {
    /// The most datagrams one receive takes. A burst of notifications (a table being
    /// loaded) then costs one system call per this many instead of one each, and a reader
    /// looking ahead at a receive's datagrams (the mirror prefetching the hash table entries
    /// of their routes) sees all but the first of every this many. The system call itself
    /// is a small part beyond 16 (the kernel's work per datagram remains); the buffer is
    /// 4 MiB of address space, of which only the pages datagrams were written to (one per
    /// slot used, 256 KiB at most for small notifications) are ever backed.
    pub(super) const SLOTS: usize = 64;

    /// The size of a slot: no datagram larger fits.
    pub(super) fn slot(&self) -> usize {
        self.slot
    }

    /// The next datagram received and not handed out: where it starts in the buffer, and
    /// what the receive said of it.
    pub(super) fn next(&mut self) -> Option<(usize, Datagram)> {
        if self.next >= self.filled {
            return None;
        }
        let i = self.next;
        self.next += 1;
        Some((i * self.slot, self.got[i]))
    }

    /// The whole datagrams from the kernel that the last receive took after its first, when
    /// [`Inbox::next`] has given only that first one (so each receive's are shown once);
    /// else none.
    pub(super) fn rest_of_fresh_receive(&self) -> impl Iterator<Item = &[u8]> {
        let from = if self.next == 1 { 1 } else { self.filled };
        self.got[from..self.filled]
            .iter()
            .zip(from..)
            .filter(|(d, _)| d.sender == 0 && d.flags & libc::MSG_TRUNC == 0)
            .filter_map(|(d, i)| {
                self.buf
                    .get(i * self.slot..i * self.slot + d.len.min(self.slot))
            })
    }

    /// The buffer, slot size and records of an empty inbox, for a receive (what was received
    /// before and not handed out is dropped: call when [`Inbox::next`] gives none).
    pub(super) fn empty_for_receive(&mut self) -> (&mut [u8], usize, &mut [Datagram]) {
        if self.buf.is_empty() {
            self.slot = INITIAL_SLOT;
            self.buf = vec![0; Self::SLOTS * self.slot];
            self.got = vec![Datagram::default(); Self::SLOTS];
        }
        self.filled = 0;
        self.next = 0;
        (&mut self.buf, self.slot, &mut self.got)
    }

    /// Records that the receive into [`Inbox::empty_for_receive`]'s buffer took `n` datagrams.
    pub(super) fn filled(&mut self, n: usize) {
        self.filled = n.min(self.got.len());
        self.next = 0;
    }

    /// The bytes of a datagram [`Inbox::next`] gave: `range`, as the caller kept it.
    pub(super) fn bytes(&self, range: std::ops::Range<usize>) -> &[u8] {
        self.buf.get(range).unwrap_or_default()
    }

    /// Makes every slot hold `len` bytes, keeping the datagrams not handed out yet (a
    /// datagram was too large: the next one that large fits).
    pub(super) fn grow(&mut self, len: usize) {
        if len <= self.slot {
            return;
        }
        let mut buf = vec![0; Self::SLOTS * len];
        for i in self.next..self.filled {
            let n = self.got[i].len.min(self.slot);
            buf[i * len..i * len + n].copy_from_slice(&self.buf[i * self.slot..i * self.slot + n]);
        }
        self.buf = buf;
        self.slot = len;
    }
}
