//! Sockets in other network namespaces.

use super::error::{Error, Result};
use super::socket::{Socket, SocketOptions};
use std::ffi::CString;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

fn open_ro(path: &str) -> Result<OwnedFd> {
    let c = CString::new(path).map_err(|_| Error::Invalid("path contains a NUL byte"))?;
    // SAFETY: c is a valid NUL-terminated path.
    let fd = unsafe { libc::open(c.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(Error::last_os("open"));
    }
    // SAFETY: fd is fresh and owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn setns(fd: BorrowedFd<'_>, op: &'static str) -> Result<()> {
    // SAFETY: plain system call on a valid descriptor.
    if unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWNET) } < 0 {
        return Err(Error::last_os(op));
    }
    Ok(())
}

impl Socket {
    /// Opens a socket inside the network namespace at `path` (e.g. `/run/netns/NAME` or
    /// `/proc/PID/ns/net`). The calling thread is back in its own namespace when this returns.
    pub fn open_in_netns_path(path: &str, protocol: i32, opts: &SocketOptions) -> Result<Self> {
        let ns = open_ro(path)?;
        Self::open_in_netns(ns.as_fd(), protocol, opts)
    }

    /// Opens a socket inside the network namespace referred to by `ns`. The calling thread
    /// switches to that namespace only while the socket is created, and is back in its own
    /// namespace when this returns.
    pub fn open_in_netns(ns: BorrowedFd<'_>, protocol: i32, opts: &SocketOptions) -> Result<Self> {
        // A socket belongs to the namespace it was created in, for good; only socket() needs
        // to run inside. The thread's own namespace is where it must return to.
        let home = open_ro("/proc/thread-self/ns/net")?;
        setns(ns, "setns")?;
        let sock = Self::open_with(protocol, opts);
        setns(home.as_fd(), "setns (back to the caller's namespace)")?;
        sock
    }
}
