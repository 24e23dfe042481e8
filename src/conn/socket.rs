//! Opening a netlink socket with the defaults a careful program wants, and its options.

use super::error::{Error, Result};
use crate::wire::consts::*;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

/// Receive buffer asked for by default: room for a burst of notifications and dump datagrams.
pub const DEFAULT_RCVBUF: usize = 1 << 20;
/// How long a request waits for each datagram of its answer by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Initial size of the buffer each datagram is received into, with one `recvmsg` per datagram.
/// Dump datagrams are capped near 32 KiB by the kernel and ACKs are small; a larger datagram
/// fails with `Error::Truncated` and grows the buffer.
const INITIAL_RECV_BUF: usize = 64 * 1024;

/// How the socket is opened. `Default` gives every protective default.
#[derive(Debug, Clone, PartialEq, Eq)]
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
/// sockets is refused; datagrams whose sender is not the kernel are dropped as well.
/// Usable from any thread, one thread at a time.
#[derive(Debug)]
pub struct Socket {
    pub(super) fd: OwnedFd,
    pub(super) protocol: i32,
    pub(super) port_id: u32,
    pub(super) seq: u32,
    pub(super) nonblocking: bool,
    pub(super) timeout: Option<Duration>,
    /// Receive buffer; holds the last datagram.
    pub(super) buf: Vec<u8>,
    /// Length of the last notification datagram in `buf`.
    pub(super) last_len: usize,
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

pub(super) fn setsockopt<T>(fd: RawFd, level: i32, name: i32, value: &T) -> std::io::Result<()> {
    // SAFETY: value points to a live T of the size passed.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (value as *const T).cast(),
            std::mem::size_of::<T>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(())
    }
}

fn enable(fd: RawFd, wanted: bool, name: i32) -> Result<Support> {
    if !wanted {
        return Ok(Support::Disabled);
    }
    match setsockopt(fd, SOL_NETLINK, name, &1i32) {
        Ok(()) => Ok(Support::Enabled),
        Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => Ok(Support::Unsupported),
        Err(e) => Err(Error::Sys {
            op: "setsockopt",
            errno: e.raw_os_error().unwrap_or(libc::EIO),
        }),
    }
}

impl Socket {
    /// Opens a socket of netlink protocol `protocol` (e.g. [`proto::ROUTE`]) with the default
    /// options.
    pub fn open(protocol: i32) -> Result<Self> {
        Self::open_with(protocol, &SocketOptions::default())
    }

    /// Opens a socket of netlink protocol `protocol` with `opts`.
    pub fn open_with(protocol: i32, opts: &SocketOptions) -> Result<Self> {
        let mut ty = if opts.dgram {
            libc::SOCK_DGRAM
        } else {
            libc::SOCK_RAW
        };
        ty |= libc::SOCK_CLOEXEC;
        if opts.nonblocking {
            ty |= libc::SOCK_NONBLOCK;
        }
        // SAFETY: plain system call.
        let raw = unsafe { libc::socket(libc::AF_NETLINK, ty, protocol) };
        if raw < 0 {
            return Err(Error::last_os("socket"));
        }
        // SAFETY: raw is a fresh descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        Self::setup(fd, protocol, opts)
    }

    /// Sets up a freshly created netlink socket: options, bind, connect.
    pub(super) fn setup(fd: OwnedFd, protocol: i32, opts: &SocketOptions) -> Result<Self> {
        let raw = fd.as_raw_fd();
        if let Some(size) = opts.rcvbuf {
            let size =
                i32::try_from(size).map_err(|_| Error::Invalid("receive buffer too large"))?;
            // FORCE lifts the rmem_max cap but needs CAP_NET_ADMIN; fall back quietly.
            if setsockopt(raw, libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, &size).is_err() {
                setsockopt(raw, libc::SOL_SOCKET, libc::SO_RCVBUF, &size)
                    .map_err(|_| Error::last_os("setsockopt(SO_RCVBUF)"))?;
            }
        }
        let ext_ack = enable(raw, opts.ext_ack, NETLINK_EXT_ACK)?;
        let cap_ack = enable(raw, opts.cap_ack, NETLINK_CAP_ACK)?;
        let strict_check = enable(
            raw,
            opts.strict_check && protocol == proto::ROUTE,
            NETLINK_GET_STRICT_CHK,
        )?;

        // Port id 0: the kernel picks a unique one, so several sockets per process work.
        let sa = sockaddr_nl(0, 0);
        let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        // SAFETY: sa is a valid sockaddr_nl of the length passed.
        if unsafe { libc::bind(raw, (&sa as *const libc::sockaddr_nl).cast(), len) } < 0 {
            return Err(Error::last_os("bind"));
        }
        let mut bound = sockaddr_nl(0, 0);
        let mut blen = len;
        // SAFETY: bound has room for blen bytes.
        if unsafe {
            libc::getsockname(
                raw,
                (&mut bound as *mut libc::sockaddr_nl).cast(),
                &mut blen,
            )
        } < 0
        {
            return Err(Error::last_os("getsockname"));
        }
        // Connected to the kernel: unicast from any other socket is refused, which stops
        // forged ACKs.
        // SAFETY: sa is a valid sockaddr_nl of the length passed.
        if unsafe { libc::connect(raw, (&sa as *const libc::sockaddr_nl).cast(), len) } < 0 {
            return Err(Error::last_os("connect"));
        }
        let mut sock = Socket {
            fd,
            protocol,
            port_id: bound.nl_pid,
            seq: initial_seq(),
            nonblocking: opts.nonblocking,
            timeout: None,
            buf: vec![0; INITIAL_RECV_BUF],
            last_len: 0,
            req: Vec::new(),
            req_fixed_len: 0,
            dump: None,
            ext_ack,
            cap_ack,
            strict_check,
            warning: None,
        };
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
    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
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
        let raw = self.fd();
        // SAFETY: plain fcntl calls on a descriptor we own.
        let flags = unsafe { libc::fcntl(raw, libc::F_GETFL) };
        if flags < 0 {
            return Err(Error::last_os("fcntl"));
        }
        let flags = if on {
            flags | libc::O_NONBLOCK
        } else {
            flags & !libc::O_NONBLOCK
        };
        // SAFETY: as above.
        if unsafe { libc::fcntl(raw, libc::F_SETFL, flags) } < 0 {
            return Err(Error::last_os("fcntl"));
        }
        self.nonblocking = on;
        Ok(())
    }

    /// The current timeout for each datagram of an answer.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Sets how long to wait for each datagram of an answer (`None`: forever). A request the
    /// kernel silently drops then fails with [`Error::Timeout`] instead of hanging.
    pub fn set_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        let tv = match timeout {
            Some(d) if d.is_zero() => return Err(Error::Invalid("timeout must not be zero")),
            Some(d) => libc::timeval {
                tv_sec: d.as_secs().min(i32::MAX as u64) as libc::time_t,
                tv_usec: d.subsec_micros() as libc::suseconds_t,
            },
            None => libc::timeval {
                tv_sec: 0,
                tv_usec: 0,
            },
        };
        setsockopt(self.fd(), libc::SOL_SOCKET, libc::SO_RCVTIMEO, &tv)
            .map_err(|_| Error::last_os("setsockopt(SO_RCVTIMEO)"))?;
        self.timeout = timeout;
        Ok(())
    }

    /// The receive buffer size the kernel reports (`SO_RCVBUF`; the kernel doubles what was
    /// asked for, to account for its bookkeeping).
    pub fn rcvbuf(&self) -> Result<usize> {
        let mut v: i32 = 0;
        let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
        // SAFETY: v has room for len bytes.
        let rc = unsafe {
            libc::getsockopt(
                self.fd(),
                libc::SOL_SOCKET,
                libc::SO_RCVBUF,
                (&mut v as *mut i32).cast(),
                &mut len,
            )
        };
        if rc < 0 {
            return Err(Error::last_os("getsockopt(SO_RCVBUF)"));
        }
        Ok(v.max(0) as usize)
    }

    /// Sets the receive buffer size (`SO_RCVBUFFORCE` where allowed, else `SO_RCVBUF`).
    pub fn set_rcvbuf(&mut self, size: usize) -> Result<()> {
        let size = i32::try_from(size).map_err(|_| Error::Invalid("receive buffer too large"))?;
        if setsockopt(self.fd(), libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, &size).is_err() {
            setsockopt(self.fd(), libc::SOL_SOCKET, libc::SO_RCVBUF, &size)
                .map_err(|_| Error::last_os("setsockopt(SO_RCVBUF)"))?;
        }
        Ok(())
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
