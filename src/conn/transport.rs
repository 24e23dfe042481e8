//! The seam between conversations and the operating system: a [`Transport`] moves whole
//! datagrams and sets socket options. [`NetlinkTransport`] is the real netlink socket;
//! [`FakeTransport`](super::FakeTransport) plays a script, so that tests can make the kernel
//! misbehave (signals, overruns, truncation, forged or stale answers) without root.
//!
//! A transport reports what the system call reported, errno included, and decides nothing:
//! retrying, timeouts and the meaning of each errno belong to [`Socket`](super::Socket), so
//! they are the same over every transport.

use super::error::{Error, Result};
use super::socket::sockaddr_nl;
use std::fmt;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// What receiving one datagram gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Datagram {
    /// The datagram's whole length. With `MSG_TRUNC` in `flags` it is larger than the buffer,
    /// and only the buffer's length was written.
    pub len: usize,
    /// The `msg_flags` of `recvmsg` (`MSG_TRUNC` when the datagram did not fit).
    pub flags: i32,
    /// The sender's port id: 0 for the kernel.
    pub sender: u32,
}

/// Moves whole netlink datagrams between a socket and the kernel, and sets the socket's
/// options. Every method reports the system call's outcome as it was, `EINTR` and `EAGAIN`
/// included; the caller decides what each means.
///
/// [`NetlinkTransport`] is the real socket; [`FakeTransport`](super::FakeTransport) a
/// scripted one for tests. Open a [`Socket`](super::Socket) over any transport with
/// [`Socket::with_transport`](super::Socket::with_transport).
pub trait Transport: Send + Sync + fmt::Debug {
    /// The port id (`nl_pid`) the socket is bound to, which answers to it carry.
    fn port_id(&self) -> u32;

    /// The descriptor to poll for readability, when there is one (a scripted transport has
    /// none).
    fn fd(&self) -> Option<BorrowedFd<'_>>;

    /// Sends `datagram` to the kernel, whole.
    fn send(&mut self, datagram: &[u8]) -> io::Result<()>;

    /// Receives one datagram into `buf` (as `recvmsg` with `MSG_TRUNC`: the length returned is
    /// the datagram's, which may exceed `buf`).
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<Datagram>;

    /// Receives up to `got.len()` datagrams in one go, datagram `i` into
    /// `buf[i * slot..(i + 1) * slot]` (each as [`Transport::recv`] receives one) and what it
    /// gave into `got[i]`; returns how many, at least one. Waits for the first only as
    /// [`Transport::recv`] would; the others are those already queued (`recvmmsg` with
    /// `MSG_WAITFORONE`). An error met after the first is reported by the next call, so
    /// nothing is reordered. `buf` holds at least `got.len()` slots.
    ///
    /// The default receives one datagram with [`Transport::recv`].
    fn recv_many(
        &mut self,
        buf: &mut [u8],
        slot: usize,
        got: &mut [Datagram],
    ) -> io::Result<usize> {
        let (Some(first), Some(out)) = (buf.get_mut(..slot), got.first_mut()) else {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        };
        *out = self.recv(first)?;
        Ok(1)
    }

    /// Switches non-blocking mode on or off (`O_NONBLOCK`).
    fn set_nonblocking(&mut self, on: bool) -> io::Result<()>;

    /// `setsockopt(level, name, value)`.
    fn setsockopt(&mut self, level: i32, name: i32, value: &[u8]) -> io::Result<()>;

    /// `getsockopt(level, name)` into `value`; returns the length written.
    fn getsockopt(&self, level: i32, name: i32, value: &mut [u8]) -> io::Result<usize>;
}

/// The bytes of a plain-old-data option value (an `int`, a `struct timeval`), for
/// [`Transport::setsockopt`].
pub(super) fn opt_bytes<T: Copy>(value: &T) -> &[u8] {
    // SAFETY: the option values passed are integers and C structs without padding that
    // could be uninitialised (int, u32, timeval), readable for their size.
    unsafe { std::slice::from_raw_parts((value as *const T).cast(), std::mem::size_of::<T>()) }
}

fn check(rc: libc::c_int) -> io::Result<()> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// A real netlink socket: bound to a port id the kernel chose and connected to the kernel.
#[derive(Debug)]
pub struct NetlinkTransport {
    fd: OwnedFd,
    port_id: u32,
}

impl NetlinkTransport {
    /// Opens a blocking socket of netlink protocol `protocol` (`SOCK_DGRAM` when `dgram`, else
    /// `SOCK_RAW`; netlink treats them alike), binds it to a port id the kernel picks and
    /// connects it to the kernel, so that unicast from any other socket is refused (which
    /// stops forged ACKs).
    pub fn open(protocol: i32, dgram: bool) -> Result<Self> {
        let ty = if dgram {
            libc::SOCK_DGRAM
        } else {
            libc::SOCK_RAW
        };
        // SAFETY: plain system call.
        let raw = unsafe { libc::socket(libc::AF_NETLINK, ty | libc::SOCK_CLOEXEC, protocol) };
        check(raw).map_err(|e| Error::io("socket", &e))?;
        // SAFETY: raw is a fresh descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // Port id 0: the kernel picks a unique one, so several sockets per process work.
        let sa = sockaddr_nl(0, 0);
        let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        let sa_ptr = (&sa as *const libc::sockaddr_nl).cast();
        // SAFETY: sa is a valid sockaddr_nl of the length passed.
        check(unsafe { libc::bind(raw, sa_ptr, len) }).map_err(|e| Error::io("bind", &e))?;
        let mut bound = sockaddr_nl(0, 0);
        let mut blen = len;
        let bound_ptr = (&mut bound as *mut libc::sockaddr_nl).cast();
        // SAFETY: bound has room for blen bytes.
        check(unsafe { libc::getsockname(raw, bound_ptr, &mut blen) })
            .map_err(|e| Error::io("getsockname", &e))?;
        // SAFETY: sa is a valid sockaddr_nl of the length passed.
        check(unsafe { libc::connect(raw, sa_ptr, len) }).map_err(|e| Error::io("connect", &e))?;
        Ok(Self {
            fd,
            port_id: bound.nl_pid,
        })
    }
}

impl Transport for NetlinkTransport {
    fn port_id(&self) -> u32 {
        self.port_id
    }

    fn fd(&self) -> Option<BorrowedFd<'_>> {
        Some(self.fd.as_fd())
    }

    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        // Connected to the kernel: no address needed.
        // SAFETY: datagram is valid for its length.
        let n = unsafe {
            libc::send(
                self.fd.as_raw_fd(),
                datagram.as_ptr().cast(),
                datagram.len(),
                0,
            )
        };
        if n < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    fn recv(&mut self, buf: &mut [u8]) -> io::Result<Datagram> {
        let mut sa = sockaddr_nl(0, 0);
        let mut iov = libc::iovec {
            iov_base: buf.as_mut_ptr().cast(),
            iov_len: buf.len(),
        };
        // SAFETY: msghdr is plain old data; all-zero is valid.
        let mut mh: libc::msghdr = unsafe { std::mem::zeroed() };
        mh.msg_name = (&mut sa as *mut libc::sockaddr_nl).cast();
        mh.msg_namelen = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        mh.msg_iov = &mut iov;
        mh.msg_iovlen = 1;
        // SAFETY: every pointer in mh is valid for the lengths given.
        let n = unsafe { libc::recvmsg(self.fd.as_raw_fd(), &mut mh, libc::MSG_TRUNC) };
        if n < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Datagram {
            len: n as usize,
            flags: mh.msg_flags,
            sender: sa.nl_pid,
        })
    }

    fn recv_many(
        &mut self,
        into: &mut [u8],
        size: usize,
        out: &mut [Datagram],
    ) -> io::Result<usize> {
        /// The most datagrams one call takes (what a caller asks for beyond is left queued).
        const MAX: usize = 64;
        let n = out
            .len()
            .min(MAX)
            .min(into.len().checked_div(size).unwrap_or(0));
        if n == 0 {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        // Only the first n entries are written and read: zeroing the whole arrays cost more
        // than the rest of this call's user-space work (~6 KiB a call).
        let mut names = [const { MaybeUninit::<libc::sockaddr_nl>::uninit() }; MAX];
        let mut iovs = [const { MaybeUninit::<libc::iovec>::uninit() }; MAX];
        let mut hdrs = [const { MaybeUninit::<libc::mmsghdr>::uninit() }; MAX];
        for (i, chunk) in into.chunks_exact_mut(size).take(n).enumerate() {
            let name = names[i].write(sockaddr_nl(0, 0));
            let iov = iovs[i].write(libc::iovec {
                iov_base: chunk.as_mut_ptr().cast(),
                iov_len: size,
            });
            // SAFETY: mmsghdr is plain old data; all-zero is valid.
            let mut h: libc::mmsghdr = unsafe { std::mem::zeroed() };
            h.msg_hdr.msg_name = (name as *mut libc::sockaddr_nl).cast();
            h.msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
            h.msg_hdr.msg_iov = iov;
            h.msg_hdr.msg_iovlen = 1;
            hdrs[i].write(h);
        }
        // SAFETY: the first n headers point at valid names and iovecs, each iovec at its own
        // slot of `into`, valid for `size` bytes.
        let r = unsafe {
            libc::recvmmsg(
                self.fd.as_raw_fd(),
                hdrs.as_mut_ptr().cast(),
                n as libc::c_uint,
                libc::MSG_TRUNC | libc::MSG_WAITFORONE,
                std::ptr::null_mut(),
            )
        };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        let r = (r as usize).min(n);
        for (d, (h, sa)) in out.iter_mut().zip(hdrs.iter().zip(&names)).take(r) {
            // SAFETY: the first n entries were written above, and the kernel filled r <= n.
            let (h, sa) = unsafe { (h.assume_init_ref(), sa.assume_init_ref()) };
            *d = Datagram {
                len: h.msg_len as usize,
                flags: h.msg_hdr.msg_flags,
                sender: sa.nl_pid,
            };
        }
        Ok(r)
    }

    fn set_nonblocking(&mut self, on: bool) -> io::Result<()> {
        let raw = self.fd.as_raw_fd();
        // SAFETY: plain fcntl calls on a descriptor we own.
        let flags = unsafe { libc::fcntl(raw, libc::F_GETFL) };
        check(flags)?;
        let flags = if on {
            flags | libc::O_NONBLOCK
        } else {
            flags & !libc::O_NONBLOCK
        };
        // SAFETY: as above.
        check(unsafe { libc::fcntl(raw, libc::F_SETFL, flags) })
    }

    fn setsockopt(&mut self, level: i32, name: i32, value: &[u8]) -> io::Result<()> {
        // SAFETY: value is readable for the length passed.
        check(unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                level,
                name,
                value.as_ptr().cast(),
                value.len() as libc::socklen_t,
            )
        })
    }

    fn getsockopt(&self, level: i32, name: i32, value: &mut [u8]) -> io::Result<usize> {
        let mut len = value.len() as libc::socklen_t;
        // SAFETY: value has room for len bytes.
        check(unsafe {
            libc::getsockopt(
                self.fd.as_raw_fd(),
                level,
                name,
                value.as_mut_ptr().cast(),
                &mut len,
            )
        })?;
        Ok(len as usize)
    }
}
