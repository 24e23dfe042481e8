//! Multicast: joining groups and receiving notifications.

use super::error::{Error, Result};
use super::socket::Socket;
use super::transport::opt_bytes;
use crate::wire::consts::{NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, SOL_NETLINK};
use crate::wire::MsgIter;

impl Socket {
    /// Joins multicast group `group` (any number, including those above 32 that do not fit
    /// the bind-time mask). Keep notifications on a socket of their own, apart from requests.
    pub fn join_group(&mut self, group: u32) -> Result<()> {
        self.transport
            .setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, opt_bytes(&group))
            .map_err(|e| Error::io("setsockopt(NETLINK_ADD_MEMBERSHIP)", &e))
    }

    /// Leaves multicast group `group`.
    pub fn leave_group(&mut self, group: u32) -> Result<()> {
        self.transport
            .setsockopt(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, opt_bytes(&group))
            .map_err(|e| Error::io("setsockopt(NETLINK_DROP_MEMBERSHIP)", &e))
    }

    /// The datagram the last [`Socket::recv_notifications`] received (all of it, as that call
    /// returned it). Valid until the next call on this socket.
    pub fn last_datagram(&self) -> &[u8] {
        self.inbox.bytes(self.last.clone())
    }

    /// The datagrams of notifications received together with the one the last
    /// [`Socket::recv_notifications`] returned, when that one was the first of its receive
    /// (else none): what the next calls will return, for a caller to look ahead at once per
    /// receive (to start loading what applying them will read).
    pub(crate) fn received_with_last(&self) -> impl Iterator<Item = &[u8]> {
        self.inbox.rest_of_fresh_receive()
    }

    /// Receives the next datagram of notifications and returns its messages, borrowed from the
    /// receive buffer until the next call on this socket.
    ///
    /// A blocking socket waits as long as it takes (the request timeout does not apply); a
    /// non-blocking one returns [`Error::WouldBlock`] when nothing is queued. When the receive
    /// queue overflowed, notifications were lost: that is [`Error::Overrun`] (`ENOBUFS`), the
    /// socket keeps working, and the caller must re-read the state it follows with a dump. A
    /// signal during the wait is [`Error::Interrupted`] (`EINTR`), so that a handler installed
    /// without `SA_RESTART` gets control back; the socket keeps working.
    ///
    /// A dump still running on the socket is first read to its end and discarded, as before
    /// any conversation: its datagrams are not notifications.
    ///
    /// Datagrams already queued are received many at a time (one `recvmmsg` for up to 64),
    /// and handed out one per call, in order: a burst of notifications costs a system call
    /// per batch, not per notification.
    pub fn recv_notifications(&mut self) -> Result<MsgIter<'_>> {
        // The buffer is about to hold other bytes than the last datagram.
        self.last = 0..0;
        self.drain_pending()?;
        let at = loop {
            match self.recv_notification() {
                // SO_RCVTIMEO bounds answers to requests, not the wait for events.
                Err(Error::Timeout) => continue,
                other => break other?,
            }
        };
        self.last = at;
        Ok(MsgIter::new(self.last_datagram()))
    }
}
