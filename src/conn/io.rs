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

    /// Receives the next datagram from the kernel into the socket's buffer and returns its
    /// length. Datagrams from any sender other than the kernel are dropped.
    ///
    /// One `recvmsg` per datagram, straight into the buffer, which is larger than anything the
    /// kernel sends in answer to a conversation (dump datagrams are capped near 32 KiB, ACKs
    /// are small, and larger requests grow the buffer before they are sent). Sizing each
    /// datagram first with a `MSG_PEEK | MSG_TRUNC` receive would cost a second system call
    /// per datagram, which is one per request when reading the ACKs of a batch (about 15% of
    /// a route insert on a machine where system calls are dear). A datagram that still did not
    /// fit (`MSG_TRUNC`: the kernel reports its real length and drops the rest) is never parsed
    /// and never skipped silently: the call fails with [`Error::Truncated`], and the buffer
    /// grows to that length, so the same answer fits when asked again.
    pub(super) fn recv_datagram(&mut self) -> Result<usize> {
        loop {
            let cap = self.buf.len();
            let (n, sender) = self.recv_into(cap, 0)?;
            if sender != 0 {
                continue;
            }
            if n > cap {
                self.buf.resize(n, 0);
                return Err(Error::Truncated);
            }
            return Ok(n);
        }
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
