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

fn setns(fd: BorrowedFd<'_>) -> std::io::Result<()> {
    // SAFETY: plain system call on a valid descriptor.
    if unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWNET) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// What `op` gave when the way back to the caller's namespace failed: the thread is still in
/// the other one, so what was made there is dropped (the caller must not mistake it for its
/// own) and the error says where the thread is.
const STUCK: &str = "setns back to the caller's network namespace failed: \
                     this thread is still in the other namespace";

/// Runs `f` inside namespace `ns`, then switches back to `home`, with `switch` doing each move.
/// When the move back fails, `f`'s result is dropped and the call fails with [`STUCK`]: no
/// caller may go on as if it were home.
fn in_netns<T>(
    ns: BorrowedFd<'_>,
    home: BorrowedFd<'_>,
    mut switch: impl FnMut(BorrowedFd<'_>) -> std::io::Result<()>,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    switch(ns).map_err(|e| Error::io("setns", &e))?;
    let out = f();
    switch(home).map_err(|e| Error::io(STUCK, &e))?;
    out
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
    /// namespace when this returns. Should the way back fail (which leaves the thread in the
    /// other namespace), the socket is closed and the error ([`Error::Sys`]) says so.
    pub fn open_in_netns(ns: BorrowedFd<'_>, protocol: i32, opts: &SocketOptions) -> Result<Self> {
        // A socket belongs to the namespace it was created in, for good; only socket() needs
        // to run inside. The thread's own namespace is where it must return to.
        let home = open_ro("/proc/thread-self/ns/net")?;
        in_netns(ns, home.as_fd(), setns, || Self::open_with(protocol, opts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failed way back is the call's error, naming where the thread is, and what was made in
    /// the other namespace is not handed out. (The system refuses the way back only in setups
    /// a test cannot build, e.g. a namespace whose owner took the capability away meanwhile,
    /// so the move is scripted here.)
    #[test]
    fn a_failed_way_back_fails_the_call_and_says_where_the_thread_is() {
        let here = open_ro("/proc/thread-self/ns/net").expect("own namespace");
        let mut moves = 0;
        let made = std::cell::Cell::new(false);
        let out = in_netns(
            here.as_fd(),
            here.as_fd(),
            |_| {
                moves += 1;
                if moves == 2 {
                    Err(std::io::Error::from_raw_os_error(libc::EPERM))
                } else {
                    Ok(())
                }
            },
            || {
                made.set(true);
                Ok(42)
            },
        );
        assert!(made.get());
        let err = out.expect_err("the way back failed");
        assert_eq!(err.errno(), Some(libc::EPERM));
        assert!(
            err.to_string().contains("still in the other namespace"),
            "{err}"
        );

        // The way in failing: nothing runs there, and the error is the plain setns one.
        let out: Result<()> = in_netns(
            here.as_fd(),
            here.as_fd(),
            |_| Err(std::io::Error::from_raw_os_error(libc::EINVAL)),
            || unreachable!("never runs outside the namespace"),
        );
        assert!(matches!(
            out,
            Err(Error::Sys {
                op: "setns",
                errno: libc::EINVAL
            })
        ));
    }
}
