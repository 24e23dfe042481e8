//! Sending to and receiving whole datagrams from the kernel.

use super::error::{Error, Result};
use super::socket::Socket;
use super::transport::Transport;
use std::ops::Range;
use std::time::Instant;

/// Sends `bytes` as one datagram over `t`, retrying `EINTR`: nothing was sent then, and a send
/// does not wait for the kernel's answer, so there is no wait for a signal to cut short.
pub(super) fn send(t: &mut dyn Transport, bytes: &[u8]) -> Result<()> {
    loop {
        match t.send(bytes) {
            Ok(()) => return Ok(()),
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => {}
            Err(e) => return Err(Error::io("sendto", &e)),
        }
    }
}

impl Socket {
    /// Receives the next datagram from the kernel into the socket's buffer and returns its
    /// length. Datagrams from any sender other than the kernel are dropped.
    ///
    /// One `recvmsg` per datagram, straight into the buffer, which is larger than anything the
    /// kernel sends in answer to a conversation (dump datagrams are capped near 32 KiB, ACKs
    /// are small, and larger requests grow the buffer before they are sent). Sizing each
    /// datagram first with a `MSG_PEEK | MSG_TRUNC` receive would cost a second system call
    /// per datagram, which is one per request when reading the ACKs of a batch
    /// (docs/performance-notes.md has what it cost). A datagram that still did not
    /// fit (`MSG_TRUNC`: the kernel reports its real length and drops the rest) is never parsed
    /// and never skipped silently: the call fails with [`Error::Truncated`], and the buffer
    /// grows to that length, so the same answer fits when asked again.
    ///
    /// A signal during the wait of a socket without a timeout is [`Error::Interrupted`]
    /// (`EINTR` is not retried: the kernel restarts such a wait by itself unless a handler
    /// installed without `SA_RESTART` ran, which expects the call to return). A socket with a
    /// timeout keeps its deadline instead: with `SO_RCVTIMEO` Linux ends the wait with `EINTR`
    /// for any signal, for a stop and continue and for a freeze of the process, so the wait
    /// goes on until the timeout has passed since the first interruption. `ENOBUFS` is
    /// [`Error::Overrun`]; `EAGAIN` is [`Error::WouldBlock`] on a non-blocking socket and
    /// [`Error::Timeout`] on a blocking one, where only `SO_RCVTIMEO` makes it.
    pub(super) fn recv_datagram(&mut self) -> Result<usize> {
        let mut interrupted_at: Option<Instant> = None;
        loop {
            let cap = self.buf.len();
            let d = match self.transport.recv(&mut self.buf) {
                Ok(d) => d,
                Err(e) => {
                    self.recv_failed(&e, &mut interrupted_at)?;
                    continue;
                }
            };
            if d.sender != 0 {
                continue;
            }
            if d.len > cap || d.flags & libc::MSG_TRUNC != 0 {
                self.buf.resize(d.len.max(cap), 0);
                return Err(Error::Truncated);
            }
            return Ok(d.len);
        }
    }

    /// The next notification datagram from the kernel: where it is in the inbox's buffer.
    /// Notifications are received many at a time (one `recvmmsg` takes up to
    /// `Inbox::SLOTS` datagrams already queued), which saves a system call per
    /// notification when they come in bursts; then handed out one by one, in order, with
    /// the errors and the waiting of [`Socket::recv_datagram`]. An error the kernel met after
    /// the first datagram of a receive (`ENOBUFS`) comes after those received before it.
    pub(super) fn recv_notification(&mut self) -> Result<Range<usize>> {
        let mut interrupted_at: Option<Instant> = None;
        loop {
            if let Some((at, d)) = self.inbox.next() {
                if d.sender != 0 {
                    continue;
                }
                if d.len > self.inbox.slot() || d.flags & libc::MSG_TRUNC != 0 {
                    self.inbox.grow(d.len);
                    return Err(Error::Truncated);
                }
                return Ok(at..at + d.len);
            }
            let (buf, slot, got) = self.inbox.empty_for_receive();
            match self.transport.recv_many(buf, slot, got) {
                Ok(n) => self.inbox.filled(n),
                Err(e) => self.recv_failed(&e, &mut interrupted_at)?,
            }
        }
    }

    /// What a failed receive means: `Ok` to receive again (a socket with a timeout
    /// interrupted before its deadline), else the error (see [`Socket::recv_datagram`]).
    /// `interrupted_at`: when the receive was first interrupted.
    fn recv_failed(&self, e: &std::io::Error, interrupted_at: &mut Option<Instant>) -> Result<()> {
        Err(match e.raw_os_error() {
            Some(libc::EINTR) => match self.timeout {
                None => Error::Interrupted,
                Some(t) if interrupted_at.get_or_insert_with(Instant::now).elapsed() < t => {
                    return Ok(())
                }
                Some(_) => Error::Timeout,
            },
            Some(libc::ENOBUFS) => Error::Overrun,
            Some(libc::EAGAIN) if self.nonblocking => Error::WouldBlock,
            Some(libc::EAGAIN) => Error::Timeout,
            _ => Error::io("recvmsg", e),
        })
    }

    /// Grows the receive buffer to at least `len` bytes plus room for an ACK's own header and
    /// extended-ACK attributes: without `NETLINK_CAP_ACK` an error ACK echoes the whole
    /// request, so the buffer must hold the largest request sent.
    pub(super) fn reserve_for_ack_of(&mut self, len: usize) {
        const ACK_ROOM: usize = 4096;
        if self.buf.len() < len + ACK_ROOM {
            self.buf.resize(len + ACK_ROOM, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::consts::{proto, RTM_GETLINK};
    use crate::wire::{IfInfoMsg, MsgBuilder};

    /// A buffer smaller than the answer: the datagram is reported, never parsed, and the same
    /// request works when asked again; a dump goes on after a lost datagram, and one abandoned
    /// is drained before the next conversation. (Needs no privilege: it only reads the loopback link.)
    #[test]
    fn a_datagram_larger_than_the_buffer_is_reported_and_fits_when_asked_again() {
        let mut sock = Socket::open(proto::ROUTE).expect("open");
        let get_lo = MsgBuilder::with_header(
            RTM_GETLINK,
            0,
            &IfInfoMsg {
                index: 1,
                ..IfInfoMsg::default()
            },
        );
        sock.buf.truncate(64);
        assert!(matches!(sock.request(&get_lo), Err(Error::Truncated)));
        assert!(sock.buf.len() > 64, "the buffer grew");
        assert_eq!(sock.request(&get_lo).expect("fits now").len(), 1);

        sock.buf.truncate(64);
        let mut dump = sock.dump(&crate::rtnl::link::dump_request()).expect("dump");
        assert!(matches!(dump.next(), Some(Err(Error::Truncated))));
        // Each datagram that does not fit is reported in turn (a later one may be larger than
        // the first); the dump still reaches its end.
        while let Some(m) = dump.next() {
            assert!(matches!(m, Ok(_) | Err(Error::Truncated)), "{m:?}");
        }
        assert_eq!(
            sock.request(&get_lo).expect("request after the dump").len(),
            1
        );

        sock.buf.truncate(64);
        sock.dump_start(&crate::rtnl::link::dump_request())
            .expect("dump");
        // The abandoned dump is drained, through the datagrams too large for the buffer.
        assert_eq!(
            sock.request(&get_lo).expect("request after a drain").len(),
            1
        );
    }
}
