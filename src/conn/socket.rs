//! Opening a netlink socket with the defaults a careful program wants, and its options.

use super::error::{Error, Result};
use super::transport::{opt_bytes, NetlinkTransport, Transport};
use crate::wire::consts::*;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::time::Duration;

/// Receive buffer asked for by default: room for a burst of notifications and dump datagrams.
pub const DEFAULT_RCVBUF: usize = 1 << 20;
/// How long a request waits for each datagram of its answer by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Initial size of the buffer each datagram is received into, with one `recvmsg` per datagram.
/// Dump datagrams are capped near 32 KiB by the kernel and ACKs are small; a larger datagram
/// fails with `Error::Truncated` and grows the buffer.
const INITIAL_RECV_BUF: usize = 64 * 1024;

/// How the socket is opened. `Default` gives every protective default; the setters change
/// one each: `SocketOptions::default().nonblocking(true)`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SocketOptions {
    /// `SOCK_DGRAM` instead of `SOCK_RAW` (netlink treats them alike).
    pub dgram: bool,
    /// Open in non-blocking mode: receives return [`Error::WouldBlock`] instead of waiting.
    pub nonblocking: bool,
    /// Ask for extended ACKs (`NETLINK_EXT_ACK`): the kernel's error text and offending
    /// attribute.
    pub ext_ack: bool,
    /// Ask the kernel not to echo requests in error messages (`NETLINK_CAP_ACK`).
    pub cap_ack: bool,
    /// Strict checking of dump requests (`NETLINK_GET_STRICT_CHK`, route sockets only), which
    /// also enables kernel-side dump filtering.
    pub strict_check: bool,
    /// Receive buffer size (`SO_RCVBUFFORCE` where allowed, else `SO_RCVBUF`); `None` keeps
    /// the system default.
    pub rcvbuf: Option<usize>,
    /// How long to wait for each datagram of an answer; `None` waits forever.
    pub timeout: Option<Duration>,
}

impl Default for SocketOptions {
    fn default() -> Self {
        Self {
            dgram: false,
            nonblocking: false,
            ext_ack: true,
            cap_ack: true,
            strict_check: true,
            rcvbuf: Some(DEFAULT_RCVBUF),
            timeout: Some(DEFAULT_TIMEOUT),
        }
    }
}

impl SocketOptions {
    setters! {
        /// `SOCK_DGRAM` (`true`) or `SOCK_RAW`.
        set dgram: bool;
        /// Non-blocking mode.
        set nonblocking: bool;
        /// Extended ACKs.
        set ext_ack: bool;
        /// Capped ACKs.
        set cap_ack: bool;
        /// Strict checking of dump requests.
        set strict_check: bool;
        /// The receive buffer size (`None`: the system default).
        set rcvbuf: Option<usize>;
        /// The wait for each datagram of an answer (`None`: forever).
        set timeout: Option<Duration>;
    }

    /// Options with every default turned off: no extended ACK, no capped ACK, no strict
    /// checking, the system's receive buffer, no timeout.
    pub fn bare() -> Self {
        Self {
            ext_ack: false,
            cap_ack: false,
            strict_check: false,
            rcvbuf: None,
            timeout: None,
            ..Self::default()
        }
    }
}

/// Whether a socket option is in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Support {
    /// Asked for and set.
    Enabled,
    /// Not asked for.
    Disabled,
    /// Asked for, but the kernel does not know the option (`ENOPROTOOPT`).
    Unsupported,
}

/// A netlink socket connected to the kernel, with the state of its conversations.
///
/// Bound to a port id the kernel chose and connected to the kernel, so unicast from other
/// sockets is refused; datagrams whose sender is not the kernel are dropped as well. The
/// datagrams move through a [`Transport`]: the real socket ([`Socket::open`]), or any other
/// ([`Socket::with_transport`]), e.g. a scripted one in tests.
/// Usable from any thread, one thread at a time.
#[derive(Debug)]
pub struct Socket {
    /// What moves the datagrams: the kernel's socket, or a script in tests.
    pub(super) transport: Box<dyn Transport>,
    pub(super) protocol: i32,
    pub(super) port_id: u32,
    pub(super) seq: u32,
    pub(super) nonblocking: bool,
    pub(super) timeout: Option<Duration>,
    /// Receive buffer; holds the last datagram.
    pub(super) buf: Vec<u8>,
    /// Notification datagrams received and not handed out yet.
    pub(super) inbox: super::inbox::Inbox,
    /// Where the last notification datagram handed out is in the inbox's buffer.
    pub(super) last: std::ops::Range<usize>,
    /// The last request sent, to map an error's attribute offset back to its path.
    pub(super) req: Vec<u8>,
    pub(super) req_fixed_len: usize,
    /// The current or last dump. One that was abandoned before its end is drained before the
    /// next conversation, because the kernel refuses a new dump (`EBUSY`) while one runs.
    pub(super) dump: Option<super::dump::DumpState>,
    pub(super) ext_ack: Support,
    pub(super) cap_ack: Support,
    pub(super) strict_check: Support,
    pub(super) warning: Option<crate::wire::ExtAckInfo>,
}

pub(super) fn sockaddr_nl(pid: u32, groups: u32) -> libc::sockaddr_nl {
    // SAFETY: sockaddr_nl is plain old data; all-zero is a valid value.
    let mut sa: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    sa.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    sa.nl_pid = pid;
    sa.nl_groups = groups;
    sa
}

/// Sets a `SOL_NETLINK` flag option when `wanted`; `ENOPROTOOPT` (an older kernel) is recorded,
/// not an error.
fn enable(t: &mut dyn Transport, wanted: bool, name: i32) -> Result<Support> {
    if !wanted {
        return Ok(Support::Disabled);
    }
    match t.setsockopt(SOL_NETLINK, name, opt_bytes(&1i32)) {
        Ok(()) => Ok(Support::Enabled),
        Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => Ok(Support::Unsupported),
        Err(e) => Err(Error::io("setsockopt", &e)),
    }
}

/// Sets the receive buffer: `SO_RCVBUFFORCE` lifts the `rmem_max` cap but needs
/// `CAP_NET_ADMIN`; without it, `SO_RCVBUF` quietly.
fn set_rcvbuf(t: &mut dyn Transport, size: usize) -> Result<()> {
    let size = i32::try_from(size).map_err(|_| Error::Invalid("receive buffer too large"))?;
    if t.setsockopt(libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, opt_bytes(&size))
        .is_err()
    {
        t.setsockopt(libc::SOL_SOCKET, libc::SO_RCVBUF, opt_bytes(&size))
            .map_err(|e| Error::io("setsockopt(SO_RCVBUF)", &e))?;
    }
    Ok(())
}

impl Socket {
    /// Opens a socket of netlink protocol `protocol` (e.g. [`proto::ROUTE`]) with the default
    /// options.
    pub fn open(protocol: i32) -> Result<Self> {
        Self::open_with(protocol, &SocketOptions::default())
    }

    /// Opens a socket of netlink protocol `protocol` with `opts`.
    pub fn open_with(protocol: i32, opts: &SocketOptions) -> Result<Self> {
        let t = NetlinkTransport::open(protocol, opts.dgram)?;
        Self::with_transport(Box::new(t), protocol, opts)
    }

    /// A socket speaking netlink protocol `protocol` over `transport` (a real
    /// [`NetlinkTransport`], or a [`FakeTransport`](super::FakeTransport) in tests), with
    /// `opts` applied to it (`opts.dgram` is the transport's business and ignored here).
    pub fn with_transport(
        mut transport: Box<dyn Transport>,
        protocol: i32,
        opts: &SocketOptions,
    ) -> Result<Self> {
        let t = transport.as_mut();
        if let Some(size) = opts.rcvbuf {
            set_rcvbuf(t, size)?;
        }
        let ext_ack = enable(t, opts.ext_ack, NETLINK_EXT_ACK)?;
        let cap_ack = enable(t, opts.cap_ack, NETLINK_CAP_ACK)?;
        let strict_check = enable(
            t,
            opts.strict_check && protocol == proto::ROUTE,
            NETLINK_GET_STRICT_CHK,
        )?;
        let mut sock = Socket {
            port_id: transport.port_id(),
            transport,
            protocol,
            seq: initial_seq(),
            nonblocking: false,
            timeout: None,
            buf: vec![0; INITIAL_RECV_BUF],
            inbox: Default::default(),
            last: 0..0,
            req: Vec::new(),
            req_fixed_len: 0,
            dump: None,
            ext_ack,
            cap_ack,
            strict_check,
            warning: None,
        };
        if opts.nonblocking {
            sock.set_nonblocking(true)?;
        }
        sock.set_timeout(opts.timeout)?;
        Ok(sock)
    }

    /// The netlink protocol the socket speaks.
    pub fn protocol(&self) -> i32 {
        self.protocol
    }

    /// The port id the kernel assigned (`nl_pid`).
    pub fn port_id(&self) -> u32 {
        self.port_id
    }

    /// The file descriptor, for poll/epoll. It stays owned by the socket.
    /// -1 over a transport without one (a [`FakeTransport`](super::FakeTransport)).
    pub fn fd(&self) -> RawFd {
        self.transport.fd().map_or(-1, |fd| fd.as_raw_fd())
    }

    /// Whether extended ACKs are in effect.
    pub fn ext_ack(&self) -> Support {
        self.ext_ack
    }

    /// Whether capped ACKs are in effect.
    pub fn cap_ack(&self) -> Support {
        self.cap_ack
    }

    /// Whether strict checking of dump requests is in effect.
    pub fn strict_check(&self) -> Support {
        self.strict_check
    }

    /// Whether the socket is non-blocking.
    pub fn is_nonblocking(&self) -> bool {
        self.nonblocking
    }

    /// Switches non-blocking mode on or off.
    pub fn set_nonblocking(&mut self, on: bool) -> Result<()> {
        self.transport
            .set_nonblocking(on)
            .map_err(|e| Error::io("fcntl", &e))?;
        self.nonblocking = on;
        Ok(())
    }

    /// The current timeout for each datagram of an answer (as set, rounded up to whole
    /// microseconds).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Sets how long to wait for each datagram of an answer (`None`: forever; zero is refused
    /// with [`Error::Invalid`]). A request the kernel silently drops then fails with
    /// [`Error::Timeout`] instead of hanging. The system counts whole microseconds: a timeout is
    /// rounded up to the next one, so that even one below a microsecond expires.
    pub fn set_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        // SO_RCVTIMEO counts whole microseconds and reads 0 as "wait forever": round up, so
        // that a timeout below a microsecond still expires.
        let timeout = match timeout {
            Some(d) if d.is_zero() => return Err(Error::Invalid("timeout must not be zero")),
            Some(d) => Some(Duration::from_micros(
                u64::try_from(d.as_nanos().div_ceil(1000)).unwrap_or(u64::MAX),
            )),
            None => None,
        };
        let tv = timeout.map_or(
            libc::timeval {
                tv_sec: 0,
                tv_usec: 0,
            },
            |d| libc::timeval {
                tv_sec: d.as_secs().min(i32::MAX as u64) as libc::time_t,
                tv_usec: d.subsec_micros() as libc::suseconds_t,
            },
        );
        self.transport
            .setsockopt(libc::SOL_SOCKET, libc::SO_RCVTIMEO, opt_bytes(&tv))
            .map_err(|e| Error::io("setsockopt(SO_RCVTIMEO)", &e))?;
        self.timeout = timeout;
        Ok(())
    }

    /// The receive buffer size the kernel reports (`SO_RCVBUF`; the kernel doubles what was
    /// asked for, to account for its bookkeeping).
    pub fn rcvbuf(&self) -> Result<usize> {
        let mut v = [0u8; 4];
        self.transport
            .getsockopt(libc::SOL_SOCKET, libc::SO_RCVBUF, &mut v)
            .map_err(|e| Error::io("getsockopt(SO_RCVBUF)", &e))?;
        Ok(i32::from_ne_bytes(v).max(0) as usize)
    }

    /// Sets the receive buffer size (`SO_RCVBUFFORCE` where allowed, else `SO_RCVBUF`).
    pub fn set_rcvbuf(&mut self, size: usize) -> Result<()> {
        set_rcvbuf(self.transport.as_mut(), size)
    }

    /// The warning the kernel attached to the last successful ACK, if any (e.g. about
    /// trailing bytes). Valid until the next request.
    pub fn warning(&self) -> Option<&crate::wire::ExtAckInfo> {
        self.warning.as_ref()
    }

    /// The warning of the last successful ACK as text: the kernel's message, then the path of
    /// the attribute it points at, as `"<message> (attribute IFLA_MTU)"`; without a message,
    /// `"attribute IFLA_MTU"`. `None` when there is no warning. For the C API, which hands out
    /// the text.
    pub fn warning_text(&self) -> Option<String> {
        let w = self.warning.as_ref()?;
        let path = (!w.attr_path.is_empty()).then(|| {
            let req_type = self
                .req
                .get(4..6)
                .map_or(0, |t| u16::from_ne_bytes([t[0], t[1]]));
            crate::wire::names::attr_path_text(self.protocol, req_type, &w.attr_path)
        });
        match (&w.message, path) {
            (Some(m), Some(p)) => Some(format!("{m} (attribute {p})")),
            (Some(m), None) => Some(m.clone()),
            (None, Some(p)) => Some(format!("attribute {p}")),
            // An offset that points at no attribute of the request.
            (None, None) => w.offset.map(|o| format!("at byte {o} of the request")),
        }
    }

    /// The sequence number of the last request sent (the first request gets the next one).
    pub fn last_seq(&self) -> u32 {
        self.seq
    }

    /// A fresh sequence number.
    pub(super) fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        if self.seq == 0 {
            // 0 is what notifications carry; never use it for a request.
            self.seq = 1;
        }
        self.seq
    }
}

impl AsRawFd for Socket {
    /// The descriptor, as [`Socket::fd`] gives it (-1 over a transport without one).
    fn as_raw_fd(&self) -> RawFd {
        self.fd()
    }
}

impl AsFd for Socket {
    /// The descriptor, borrowed from the socket (for `poll`, an async reactor, ...).
    ///
    /// # Panics
    ///
    /// Over a transport without a descriptor (a [`FakeTransport`](super::FakeTransport)), which
    /// is only made by tests.
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.transport
            .fd()
            .expect("a socket over a transport without a descriptor has no fd")
    }
}

/// Sequence numbers start at a value that differs between sockets and runs, so a stale
/// answer from an earlier socket with the same port id is unlikely to match.
fn initial_seq() -> u32 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    (ts.tv_nsec as u32) ^ ((ts.tv_sec as u32) << 20)
}
