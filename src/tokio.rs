//! Async sockets and monitors on tokio (the `tokio` cargo feature, off by default).
//!
//! [`AsyncSocket`] runs requests and dumps and [`AsyncMonitor`] waits for events without
//! blocking a thread: each wraps its blocking counterpart, made non-blocking, in tokio's
//! [`AsyncFd`] and waits for readability on the runtime's reactor. The conversations are the
//! same as the blocking ones, with the same errors, save that no `SO_RCVTIMEO` timeout
//! applies: bound a wait with the runtime's own (`tokio::time::timeout`). Only tokio's `net`
//! part is used, so any runtime flavour works; the caller brings the runtime.
//!
//! ```no_run
//! # async fn run() -> nlrs::conn::Result<()> {
//! use nlrs::rtnl::{events::Event, route::RouteFilter};
//! use nlrs::tokio::{AsyncMonitor, AsyncSocket};
//! use nlrs::wire::consts::{proto, rtnlgrp};
//!
//! let mut sock = AsyncSocket::open(proto::ROUTE)?;
//! let mut routes = sock.objects(&RouteFilter::default()).await?;
//! while let Some(route) = routes.next().await {
//!     println!("{:#}", route?.dst);
//! }
//! let mut mon = AsyncMonitor::new(&[rtnlgrp::LINK])?;
//! loop {
//!     if let Event::NewLink(link) = mon.next_event().await? {
//!         println!("{} changed", link.name);
//!     }
//! }
//! # }
//! ```

use crate::conn::{Error, Replies, Result, Socket, SocketOptions};
use crate::rtnl::dump::Decoding;
use crate::rtnl::events::{Event, Monitor};
use crate::rtnl::Filter;
use crate::wire::{Msg, MsgBuilder};
use ::tokio::io::unix::AsyncFd;
use std::os::fd::AsRawFd;

/// Runs `op` until it does not fail with [`Error::WouldBlock`], waiting for `fd` to be
/// readable between tries. The first try comes before any wait: what the wrapped object has
/// already received (a datagram partly read) is no readiness the reactor can see.
async fn retry<S: AsRawFd, T>(
    fd: &mut AsyncFd<S>,
    mut op: impl FnMut(&mut S) -> Result<T>,
) -> Result<T> {
    match op(fd.get_mut()) {
        Err(Error::WouldBlock) => {}
        other => return other,
    }
    loop {
        let mut guard = fd
            .readable_mut()
            .await
            .map_err(|e| Error::io("epoll_wait", &e))?;
        match op(guard.get_inner_mut()) {
            // Clears only the readiness this guard saw, so a datagram that came meanwhile
            // still wakes the next wait.
            Err(Error::WouldBlock) => guard.clear_ready(),
            other => return other,
        }
    }
}

/// Registers `inner`, whose socket nlrs opened itself, with the current runtime's reactor.
///
/// # Safety
///
/// `inner`'s descriptor is that of a [`NetlinkTransport`](crate::conn::NetlinkTransport),
/// which owns it from its opening to its drop and never changes it, so it stays open and
/// the same while the `AsyncFd` owns `inner`. (Not so for a socket over a transport the
/// caller wrote, which is why there is no way to wrap one.)
unsafe fn register<S: AsRawFd>(inner: S) -> Result<AsyncFd<S>> {
    // SAFETY: as this function's contract says.
    unsafe { AsyncFd::register(inner) }.map_err(|e| Error::io("epoll_ctl", &e.into()))
}

/// A netlink socket whose requests and dumps wait on tokio's reactor instead of blocking.
///
/// Made inside a tokio runtime (with its I/O driver enabled); it panics otherwise, as
/// [`AsyncFd::register`] does. One conversation at a time, as a [`Socket`]: a dump borrows the
/// socket until it is dropped, and one dropped before its end is drained before the next
/// conversation.
///
/// A future dropped before it completes (cut short by a timeout, say) leaves the socket
/// usable, as an [`Error::Timeout`] does: the late answer is skipped by the next
/// conversation, and a dump that was running is drained before it.
#[derive(Debug)]
pub struct AsyncSocket {
    fd: AsyncFd<Socket>,
}

impl AsyncSocket {
    /// Opens a socket of netlink protocol `protocol` with the default options.
    pub fn open(protocol: i32) -> Result<Self> {
        Self::open_with(protocol, &SocketOptions::default())
    }

    /// Opens a socket of protocol `protocol` with `opts` (`opts.nonblocking` is implied).
    pub fn open_with(protocol: i32, opts: &SocketOptions) -> Result<Self> {
        let mut sock = Socket::open_with(protocol, opts)?;
        sock.set_nonblocking(true)?;
        // SAFETY: a socket `Socket::open_with` opened is over a `NetlinkTransport`.
        Ok(Self {
            fd: unsafe { register(sock)? },
        })
    }

    /// The socket, for its options and state (its warning, its extended-ACK support).
    pub fn get_ref(&self) -> &Socket {
        self.fd.get_ref()
    }

    /// The socket itself, given back (still non-blocking).
    pub fn into_inner(self) -> Socket {
        self.fd.into_inner()
    }

    /// Sends `msg` as a request and waits for its ACK, collecting the answers before it: the
    /// async [`Socket::request`], with its errors (but no timeout of its own).
    pub async fn request(&mut self, msg: &MsgBuilder) -> Result<Replies> {
        // Sending first finishes a dump abandoned on this socket, which may have to wait.
        let seq = retry(&mut self.fd, |s| s.send_request(msg, 0)).await?;
        let mut replies = Replies::default();
        while !retry(&mut self.fd, |s| s.request_step(seq, &mut replies)).await? {}
        Ok(replies)
    }

    /// Starts a dump (`msg` gets `NLM_F_DUMP`) and returns a reader of its raw messages.
    pub async fn dump(&mut self, msg: &MsgBuilder) -> Result<AsyncDump<'_>> {
        retry(&mut self.fd, |s| s.dump_start(msg)).await?;
        Ok(AsyncDump { sock: self })
    }

    /// Starts the dump `filter` asks for (a [`RouteFilter`](crate::rtnl::route::RouteFilter),
    /// a [`LinkFilter`](crate::rtnl::link::LinkFilter), ...) and returns a reader of its
    /// objects, decoded one at a time as they arrive.
    pub async fn objects<F: Filter>(&mut self, filter: &F) -> Result<AsyncObjects<'_, F>> {
        let req = filter.request()?;
        Ok(AsyncObjects {
            dump: self.dump(&req).await?,
            decoding: Decoding::new(filter),
        })
    }

    /// Every object passing `filter`, in the kernel's order; the first error ends it.
    pub async fn list<F: Filter>(&mut self, filter: &F) -> Result<Vec<F::Object>> {
        let mut objects = self.objects(filter).await?;
        let mut out = Vec::new();
        while let Some(obj) = objects.next().await {
            out.push(obj?);
        }
        Ok(out)
    }
}

/// A dump in progress on an [`AsyncSocket`]: its messages, each borrowed from the socket's
/// buffer until the next call.
#[derive(Debug)]
pub struct AsyncDump<'s> {
    sock: &'s mut AsyncSocket,
}

impl AsyncDump<'_> {
    /// The next message, waiting for it without blocking: the async [`Socket::dump_next`],
    /// with its items and errors (`None` after a successful, consistent end).
    pub async fn next(&mut self) -> Option<Result<Msg<'_>>> {
        let fd = &mut self.sock.fd;
        match retry(fd, |s| s.dump_advance().transpose()).await {
            Ok(Some((at, len))) => Some(fd.get_ref().dump_msg_at(at, len)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// Whether any message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.sock.get_ref().dump_interrupted()
    }
}

/// A typed dump in progress on an [`AsyncSocket`]: each object passing the filter, decoded
/// and owned, as it arrives. The items are those of the blocking
/// [`TypedDump`](crate::rtnl::TypedDump).
#[derive(Debug)]
pub struct AsyncObjects<'s, F: Filter> {
    dump: AsyncDump<'s>,
    decoding: Decoding<F>,
}

impl<F: Filter> AsyncObjects<'_, F> {
    /// The next object passing the filter; `None` after a successful, consistent end.
    pub async fn next(&mut self) -> Option<Result<F::Object>> {
        loop {
            if let Some(obj) = self.decoding.take(self.dump.next().await?) {
                return Some(obj);
            }
        }
    }

    /// Whether any message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.dump.interrupted()
    }
}

/// A [`Monitor`] whose events are awaited on tokio's reactor. Made inside a tokio runtime
/// (with its I/O driver enabled); it panics otherwise, as [`AsyncFd::register`] does.
#[derive(Debug)]
pub struct AsyncMonitor {
    fd: AsyncFd<Monitor>,
}

impl AsyncMonitor {
    /// A monitor subscribed to `groups` (`rtnlgrp::*`), as [`Monitor::new`].
    pub fn new(groups: &[u32]) -> Result<Self> {
        Self::with_options(groups, &SocketOptions::default())
    }

    /// A monitor on a socket opened with `opts` (`opts.nonblocking` is implied), as
    /// [`Monitor::with_options`].
    pub fn with_options(groups: &[u32], opts: &SocketOptions) -> Result<Self> {
        let mut monitor = Monitor::with_options(groups, opts)?;
        monitor.socket_mut().set_nonblocking(true)?;
        // SAFETY: a monitor `Monitor::with_options` made is on a `NetlinkTransport`.
        Ok(Self {
            fd: unsafe { register(monitor)? },
        })
    }

    /// Joins one more group.
    pub fn join(&mut self, group: u32) -> Result<()> {
        self.fd.get_mut().join(group)
    }

    /// The next event, waiting for it without blocking: the async
    /// [`Monitor::next_event`], lost events ([`Event::Overrun`]) included.
    pub async fn next_event(&mut self) -> Result<Event<'_>> {
        retry(&mut self.fd, Monitor::fill).await?;
        // `fill` left an event at hand; `None` cannot come, and is no panic if it does.
        self.fd.get_mut().next_event()?.ok_or(Error::WouldBlock)
    }
}
