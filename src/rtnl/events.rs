//! Notifications: rtnetlink changes as typed events, read in the caller's own event loop.

use super::addr::Addr;
use super::link::Link;
use super::neigh::Neigh;
use super::route::Route;
use crate::conn::{Error, Result, Socket, SocketOptions};
use crate::wire::consts::*;
use crate::wire::{align, Msg, ParseError};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A link appeared or changed (`RTM_NEWLINK`).
    NewLink(Link),
    /// A link went away (`RTM_DELLINK`).
    DelLink(Link),
    /// An address was added or changed.
    NewAddr(Addr),
    /// An address was removed.
    DelAddr(Addr),
    /// A route was added or changed.
    NewRoute(Route),
    /// A route was removed.
    DelRoute(Route),
    /// A neighbour entry was added or changed.
    NewNeigh(Neigh),
    /// A neighbour entry was removed.
    DelNeigh(Neigh),
    /// Any other message, raw, borrowed from the receive buffer.
    Other(Msg<'a>),
    /// A notification of one of the types above that does not decode (malformed, or from
    /// a kernel that changed its layout), raw: what it changed is unknown, so whatever state
    /// the caller follows must be re-read with a dump, as after [`Event::Overrun`]. The
    /// stream goes on.
    Undecodable(Msg<'a>),
    /// Events were lost: the receive queue overflowed (`ENOBUFS`), a notification was larger
    /// than the receive buffer, or a datagram's messages were not framed correctly. Whatever
    /// state the caller follows must be re-read with a dump. The events that were still
    /// queued when the loss was found predate it and are discarded (applied after a fresh
    /// dump they would move state backwards); the stream goes on with newer ones.
    Overrun,
}

impl<'a> Event<'a> {
    /// Decodes one notification message; an error for a typed message that does not decode
    /// (which [`Monitor::next_event`] hands on as [`Event::Undecodable`]).
    pub fn decode(msg: Msg<'a>) -> Result<Self, ParseError> {
        Ok(match msg.ty() {
            RTM_NEWLINK => Event::NewLink(Link::parse(&msg)?),
            RTM_DELLINK => Event::DelLink(Link::parse(&msg)?),
            RTM_NEWADDR => Event::NewAddr(Addr::parse(&msg)?),
            RTM_DELADDR => Event::DelAddr(Addr::parse(&msg)?),
            RTM_NEWROUTE => Event::NewRoute(Route::parse(&msg)?),
            RTM_DELROUTE => Event::DelRoute(Route::parse(&msg)?),
            RTM_NEWNEIGH => Event::NewNeigh(Neigh::parse(&msg)?),
            RTM_DELNEIGH => Event::DelNeigh(Neigh::parse(&msg)?),
            _ => Event::Other(msg),
        })
    }

    /// The event `msg` is: decoded, or [`Event::Undecodable`] when it does not decode.
    fn typed(msg: Msg<'a>) -> Self {
        Event::decode(msg).unwrap_or(Event::Undecodable(msg))
    }

    /// What the event is about (for [`Event::Undecodable`], what its message type says).
    pub fn kind(&self) -> EventKind {
        match self {
            Event::NewLink(_) => EventKind::NewLink,
            Event::DelLink(_) => EventKind::DelLink,
            Event::NewAddr(_) => EventKind::NewAddr,
            Event::DelAddr(_) => EventKind::DelAddr,
            Event::NewRoute(_) => EventKind::NewRoute,
            Event::DelRoute(_) => EventKind::DelRoute,
            Event::NewNeigh(_) => EventKind::NewNeigh,
            Event::DelNeigh(_) => EventKind::DelNeigh,
            Event::Other(_) => EventKind::Other,
            Event::Undecodable(m) => EventKind::of(m.ty()),
            Event::Overrun => EventKind::Overrun,
        }
    }
}

/// What a notification is about, told from its message type alone, without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventKind {
    /// `RTM_NEWLINK`.
    NewLink,
    /// `RTM_DELLINK`.
    DelLink,
    /// `RTM_NEWADDR`.
    NewAddr,
    /// `RTM_DELADDR`.
    DelAddr,
    /// `RTM_NEWROUTE`.
    NewRoute,
    /// `RTM_DELROUTE`.
    DelRoute,
    /// `RTM_NEWNEIGH`.
    NewNeigh,
    /// `RTM_DELNEIGH`.
    DelNeigh,
    /// Any other message type.
    Other,
    /// Events were lost ([`Event::Overrun`]).
    Overrun,
}

impl EventKind {
    /// The kind of a notification of message type `msg_type`.
    pub fn of(msg_type: u16) -> Self {
        match msg_type {
            RTM_NEWLINK => Self::NewLink,
            RTM_DELLINK => Self::DelLink,
            RTM_NEWADDR => Self::NewAddr,
            RTM_DELADDR => Self::DelAddr,
            RTM_NEWROUTE => Self::NewRoute,
            RTM_DELROUTE => Self::DelRoute,
            RTM_NEWNEIGH => Self::NewNeigh,
            RTM_DELNEIGH => Self::DelNeigh,
            _ => Self::Other,
        }
    }
}

/// One notification as it arrived, not decoded: for callers that decode messages themselves
/// (the C API hands them on as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RawEvent<'a> {
    /// A notification message, borrowed from the receive buffer.
    Msg(Msg<'a>),
    /// Events were lost, as [`Event::Overrun`] (the events still queued were discarded).
    Overrun,
}

impl RawEvent<'_> {
    /// What the notification is about.
    pub fn kind(&self) -> EventKind {
        match self {
            RawEvent::Msg(m) => EventKind::of(m.ty()),
            RawEvent::Overrun => EventKind::Overrun,
        }
    }
}

/// A socket subscribed to rtnetlink groups, read without hidden threads: poll
/// [`Monitor::fd`] in any event loop and call [`Monitor::process_readable`] (or pull with
/// [`Monitor::next_event`]) when it is readable.
#[derive(Debug)]
pub struct Monitor {
    sock: Socket,
    /// Unread part of the last datagram in the socket's buffer.
    pos: usize,
    end: usize,
    /// Events were lost and that is not reported yet (discarding the queue failed).
    lost: bool,
}

impl Monitor {
    /// A non-blocking monitor subscribed to `groups` (`rtnlgrp::*`, any number, including
    /// those above 32), with the default receive buffer.
    pub fn new(groups: &[u32]) -> Result<Self> {
        Self::with_options(
            groups,
            &SocketOptions {
                nonblocking: true,
                ..SocketOptions::default()
            },
        )
    }

    /// A monitor on a socket opened with `opts` (e.g. a larger or smaller receive buffer, or
    /// blocking reads); `opts.timeout` does not apply (see [`Monitor::on_socket`]).
    pub fn with_options(groups: &[u32], opts: &SocketOptions) -> Result<Self> {
        Self::on_socket(Socket::open_with(proto::ROUTE, opts)?, groups)
    }

    /// A monitor on `sock`, a route socket over any transport (a
    /// [`FakeTransport`](crate::conn::FakeTransport) in tests), subscribed to `groups`. The
    /// socket keeps its options, blocking mode included, but for its timeout, which is
    /// cleared: a monitor waits for events as long as it takes.
    pub fn on_socket(mut sock: Socket, groups: &[u32]) -> Result<Self> {
        // Without SO_RCVTIMEO, Linux restarts a wait cut short by a stop and continue
        // (SIGSTOP/SIGCONT) or by a handler with SA_RESTART, and ends it with EINTR only for a
        // handler without SA_RESTART: what a caller expects. With one, every stop and continue
        // would end it (signal(7)), and the thread would wake at each expiry for nothing.
        sock.set_timeout(None)?;
        for &g in groups {
            sock.join_group(g)?;
        }
        Ok(Self {
            sock,
            pos: 0,
            end: 0,
            lost: false,
        })
    }

    /// Joins one more group.
    pub fn join(&mut self, group: u32) -> Result<()> {
        self.sock.join_group(group)
    }

    /// The descriptor to poll for readability.
    pub fn fd(&self) -> RawFd {
        self.sock.fd()
    }

    /// The underlying socket (e.g. to change its receive buffer or blocking mode).
    pub fn socket_mut(&mut self) -> &mut Socket {
        &mut self.sock
    }

    /// The next event. On a non-blocking monitor, `Ok(None)` when nothing is queued; a
    /// blocking one waits, until a signal handler runs ([`Error::Interrupted`]: nothing is
    /// lost, call again). Lost events are an event ([`Event::Overrun`]), and so is a typed
    /// message that does not decode ([`Event::Undecodable`]): neither is an error.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>> {
        Ok(match self.next_raw()? {
            None => None,
            Some(RawEvent::Overrun) => Some(Event::Overrun),
            Some(RawEvent::Msg(m)) => Some(Event::typed(m)),
        })
    }

    /// The next notification, not decoded: as [`Monitor::next_event`], but a typed message is
    /// handed on as it arrived, so a malformed one is the caller's to judge. A datagram whose
    /// framing is broken loses its remaining messages: that is [`RawEvent::Overrun`].
    pub fn next_raw(&mut self) -> Result<Option<RawEvent<'_>>> {
        match self.fill() {
            Err(Error::WouldBlock) => return Ok(None),
            other => other?,
        }
        if !self.lost {
            let at = self.pos;
            match Msg::parse(&self.sock.last_datagram()[at..self.end]) {
                Ok(m) => {
                    let len = m.bytes().len();
                    self.pos = (at + align(len)).min(self.end);
                    return Ok(Some(RawEvent::Msg(Msg::parse(
                        &self.sock.last_datagram()[at..at + len],
                    )?)));
                }
                Err(_) => self.lost = true,
            }
        }
        // The events still queued predate the loss; when discarding them fails, the next
        // call tries again before it reports the loss.
        self.discard_queued()?;
        self.lost = false;
        Ok(Some(RawEvent::Overrun))
    }

    /// The datagrams received together with the one [`Monitor::next_raw`] took its last
    /// event from, when that one was the first of its receive (else none): the events the
    /// next calls will return, to look ahead at once per receive.
    pub(crate) fn received_with_current(&self) -> impl Iterator<Item = &[u8]> {
        self.sock.received_with_last()
    }

    /// Makes sure the next event is at hand, receiving a datagram when none is left: then
    /// [`Monitor::next_raw`] returns one without waiting. [`Error::WouldBlock`] on a
    /// non-blocking monitor with nothing queued.
    pub(crate) fn fill(&mut self) -> Result<()> {
        if !self.lost && self.pos >= self.end {
            match self.sock.recv_notifications() {
                Ok(msgs) => {
                    self.end = msgs.remaining().len();
                    self.pos = 0;
                }
                // A notification larger than the buffer is lost as surely as one that found
                // the queue full (the buffer has grown to fit the next one that large).
                Err(Error::Overrun | Error::Truncated) => self.lost = true,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Throws away every event queued now, without blocking. After an overrun the queue
    /// holds events older than the loss: applied after a fresh dump they would bring back
    /// state that the lost events had changed.
    pub fn discard_queued(&mut self) -> Result<()> {
        self.pos = self.end;
        let was_blocking = !self.sock.is_nonblocking();
        if was_blocking {
            self.sock.set_nonblocking(true)?;
        }
        let out = loop {
            match self.sock.recv_notifications() {
                Ok(_) | Err(Error::Overrun) => {}
                Err(Error::WouldBlock) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        self.end = 0;
        self.pos = 0;
        if was_blocking {
            self.sock.set_nonblocking(false)?;
        }
        out
    }

    /// Hands every event queued now to `f`, without blocking, and returns how many there were.
    /// `f` returns `false` to stop early (the rest stays queued).
    pub fn process_readable(&mut self, mut f: impl FnMut(Event<'_>) -> bool) -> Result<usize> {
        self.drain(|m| match m.next_event()? {
            Some(ev) => Ok(Some(f(ev))),
            None => Ok(None),
        })
    }

    /// [`Monitor::process_readable`] with the notifications not decoded ([`RawEvent`]).
    pub fn process_raw(&mut self, mut f: impl FnMut(RawEvent<'_>) -> bool) -> Result<usize> {
        self.drain(|m| match m.next_raw()? {
            Some(ev) => Ok(Some(f(ev))),
            None => Ok(None),
        })
    }

    /// Runs `step` without blocking until nothing is queued (`Ok(None)`), it says stop
    /// (`Ok(Some(false))`) or fails; counts the events it handled.
    fn drain(&mut self, mut step: impl FnMut(&mut Self) -> Result<Option<bool>>) -> Result<usize> {
        let was_blocking = !self.sock.is_nonblocking();
        if was_blocking {
            self.sock.set_nonblocking(true)?;
        }
        let mut n = 0;
        let out = loop {
            match step(self) {
                Ok(Some(go_on)) => {
                    n += 1;
                    if !go_on {
                        break Ok(n);
                    }
                }
                Ok(None) => break Ok(n),
                Err(e) => break Err(e),
            }
        };
        if was_blocking {
            self.sock.set_nonblocking(false)?;
        }
        out
    }
}

impl AsRawFd for Monitor {
    /// The descriptor to poll for readability, as [`Monitor::fd`] gives it.
    fn as_raw_fd(&self) -> RawFd {
        self.sock.as_raw_fd()
    }
}

impl AsFd for Monitor {
    /// The descriptor to poll for readability, borrowed from the monitor.
    ///
    /// # Panics
    ///
    /// Over a transport without a descriptor, as [`Socket`]'s.
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.sock.as_fd()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wire::{IfInfoMsg, MsgBuilder};

    /// An `RTM_NEWLINK` whose framing is sound but whose attribute overruns the message: a
    /// typed notification that does not decode.
    pub(crate) fn undecodable_link() -> Vec<u8> {
        let mut b = MsgBuilder::with_header(RTM_NEWLINK, 0, &IfInfoMsg::default());
        b.put_u32(ifla::MTU, 1500).unwrap();
        let mut bytes = b.bytes().unwrap().to_vec();
        let at = bytes.len() - 8;
        bytes[at] = 64; // nla_len beyond the end
        bytes
    }

    /// A typed notification that does not decode is handed on, raw, as an event the caller
    /// sees (the real kernel cannot be made to send one).
    #[test]
    fn an_undecodable_notification_is_an_event() {
        let bytes = undecodable_link();
        let msg = Msg::parse(&bytes).unwrap();
        let ev = Event::typed(msg);
        assert_eq!(ev, Event::Undecodable(msg));
        assert_eq!(ev.kind(), EventKind::NewLink);
        let ok = MsgBuilder::with_header(RTM_NEWLINK, 0, &IfInfoMsg::default());
        let msg = Msg::parse(ok.bytes().unwrap()).unwrap();
        assert!(matches!(Event::typed(msg), Event::NewLink(_)));
    }
}
