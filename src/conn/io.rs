//! Sending to and receiving whole datagrams from the kernel.

use super::error::{Error, Result};
use super::socket::{sockaddr_nl, Socket};

impl Socket {
    /// Sends `bytes` as one datagram to the kernel, retrying `EINTR`.
    pub(super) fn send_raw(&self, bytes: &[u8]) -> Result<()> {
        let sa = sockaddr_nl(0, 0);
        loop {
            // SAFETY: bytes and sa are valid for the lengths passed.
            let n = unsafe {
                libc::sendto(
                    self.fd(),
                    bytes.as_ptr().cast(),
                    bytes.len(),
                    0,
                    (&sa as *const libc::sockaddr_nl).cast(),
                    std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
                )
            };
            if n >= 0 {
                return Ok(());
            }
            let err = Error::last_os("sendto");
            if err.errno() != Some(libc::EINTR) {
                return Err(err);
            }
        }
    }

    fn recv_into(&mut self, len: usize, flags: i32) -> Result<(usize, u32)> {
        let mut sa = sockaddr_nl(0, 0);
        let mut iov = libc::iovec {
            iov_base: self.buf.as_mut_ptr().cast(),
            iov_len: len,
        };
        // SAFETY: msghdr is plain old data; all-zero is valid.
        let mut mh: libc::msghdr = unsafe { std::mem::zeroed() };
        mh.msg_name = (&mut sa as *mut libc::sockaddr_nl).cast();
        mh.msg_namelen = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        mh.msg_iov = &mut iov;
        mh.msg_iovlen = 1;
        loop {
            // SAFETY: every pointer in mh is valid for the lengths given (len <= buf.len()).
            let n = unsafe { libc::recvmsg(self.fd(), &mut mh, flags | libc::MSG_TRUNC) };
            if n >= 0 {
                return Ok((n as usize, sa.nl_pid));
            }
            let errno = std::io::Error::last_os_error()
                .raw_os_error()
                .unwrap_or(libc::EIO);
            match errno {
                libc::EINTR => continue,
                libc::ENOBUFS => return Err(Error::Overrun),
                libc::EAGAIN if self.nonblocking => return Err(Error::WouldBlock),
                // A blocking socket returns EAGAIN only when SO_RCVTIMEO expired.
                libc::EAGAIN => return Err(Error::Timeout),
                _ => {
                    return Err(Error::Sys {
                        op: "recvmsg",
                        errno,
                    })
                }
            }
        }
    }

    /// Receives the next datagram from the kernel whole into the socket's buffer and returns
    /// its length. Sizes it first with `MSG_PEEK | MSG_TRUNC`, so a datagram larger than the
    /// buffer grows the buffer instead of being truncated. Datagrams from any sender other
    /// than the kernel are dropped.
    pub(super) fn recv_datagram(&mut self) -> Result<usize> {
        loop {
            let (size, _) = self.recv_into(0, libc::MSG_PEEK)?;
            if size > self.buf.len() {
                self.buf.resize(size, 0);
            }
            let cap = self.buf.len();
            let (n, sender) = self.recv_into(cap, 0)?;
            if n > cap {
                // Cannot happen after sizing, unless another thread raced us; never parse it.
                return Err(Error::Truncated);
            }
            if sender == 0 {
                return Ok(n);
            }
        }
    }
}
