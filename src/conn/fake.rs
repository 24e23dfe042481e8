//! A scripted [`Transport`] for tests: it plays back datagrams and failures in order, records
//! what was sent, and needs neither root nor a kernel.

use super::transport::{Datagram, Transport};
use crate::wire::consts::{
    NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, NLMSG_DONE, NLMSG_ERROR, NLM_F_CAPPED,
    NLM_F_MULTI, SOL_NETLINK,
};
use crate::wire::{align, BuildError, MsgBuilder};
use std::collections::{BTreeSet, VecDeque};
use std::io;
use std::os::fd::BorrowedFd;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Length of a netlink message header.
const HDR: usize = 16;

/// What one receive on a [`FakeTransport`] gives.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FakeStep {
    /// A datagram from the kernel answering request `to`: the requests are numbered from 0 in
    /// the order they were sent on the transport, message by message (a batch of three counts
    /// three). Each message of `bytes` gets that request's sequence number and the socket's
    /// port id, and the header an `NLMSG_ERROR` echoes (when it has room for one) becomes the
    /// request's header, as in the kernel's answers.
    Reply {
        /// Which request it answers.
        to: usize,
        /// The sender's port id: 0 for the kernel, another for a forged answer.
        sender: u32,
        /// The messages, back to back.
        bytes: Vec<u8>,
    },
    /// A datagram delivered as given, from port `sender` (0 is the kernel): notifications,
    /// stale answers, forged ones.
    Datagram {
        /// The sender's port id.
        sender: u32,
        /// The datagram.
        bytes: Vec<u8>,
    },
    /// The receive fails with this errno (`EINTR`, `EAGAIN`, `ENOBUFS`, ...).
    Fail(i32),
}

#[derive(Debug, Default)]
struct State {
    script: VecDeque<FakeStep>,
    send_faults: VecDeque<i32>,
    sent: Vec<Vec<u8>>,
    /// The header of every message sent, in order: what [`FakeStep::Reply`] answers.
    requests: Vec<[u8; HDR]>,
    nonblocking: bool,
    /// The last value set for each option.
    options: Vec<((i32, i32), Vec<u8>)>,
    groups: BTreeSet<u32>,
}

/// A [`Transport`] that plays a script: each receive takes the next [`FakeStep`]; each send
/// succeeds (unless a failure was queued with [`FakeTransport::fail_send`]) and is recorded.
/// Socket options are recorded (the receive buffer reads back doubled, as from the kernel),
/// and multicast memberships kept.
///
/// Clones share one script, so a test keeps a clone to add steps and look at what was sent
/// while a [`Socket`](super::Socket) owns the other:
///
/// ```
/// use nlrs::conn::{FakeTransport, Socket, SocketOptions};
/// use nlrs::wire::consts::{proto, RTM_GETLINK};
/// use nlrs::wire::MsgBuilder;
///
/// let fake = FakeTransport::new();
/// // No timeout: a signal ends a wait (with a timeout, the wait would go on to its deadline).
/// let opts = SocketOptions::default().timeout(None);
/// let mut sock = Socket::with_transport(Box::new(fake.clone()), proto::ROUTE, &opts).unwrap();
/// fake.fail(libc::EINTR); // a signal during the wait: the request returns, interrupted
/// fake.reply(0, &[&FakeTransport::ack(0)]).unwrap(); // the first request's ACK, late
/// fake.reply(1, &[&FakeTransport::ack(0)]).unwrap(); // the second one's, in time
/// let get = MsgBuilder::new(RTM_GETLINK, 0);
/// assert!(matches!(sock.request(&get), Err(nlrs::conn::Error::Interrupted)));
/// assert!(sock.request(&get).unwrap().is_empty()); // the stale ACK was skipped
/// assert_eq!(fake.sent().len(), 2);
/// ```
///
/// When the script has run out, a receive fails with `EAGAIN` in non-blocking mode (nothing
/// queued) and with `ENODATA` in blocking mode, where a real socket would wait forever. A
/// [`FakeStep::Reply`] to a request not sent yet fails with `ENOMSG`. The transport has no
/// descriptor to poll (-1).
#[derive(Debug, Clone, Default)]
pub struct FakeTransport {
    state: Arc<Mutex<State>>,
}

impl FakeTransport {
    /// The port id every fake is bound to.
    pub const PORT_ID: u32 = 0x4e4c_5253;

    /// A fake with an empty script, in blocking mode.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state stays consistent across a panic in a test thread: each change is one step.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends `step` to the script.
    pub fn push(&self, step: FakeStep) -> &Self {
        self.state().script.push_back(step);
        self
    }

    /// Appends a datagram from the kernel answering request `to` with `msgs` (see
    /// [`FakeStep::Reply`]).
    /// Fails only for a builder with a nest left open.
    pub fn reply(&self, to: usize, msgs: &[&MsgBuilder]) -> Result<&Self, BuildError> {
        let bytes = concat(msgs)?;
        Ok(self.push(FakeStep::Reply {
            to,
            sender: 0,
            bytes,
        }))
    }

    /// Appends a datagram of `msgs` from the kernel, as they are (notifications carry
    /// sequence number 0 and port id 0, which a fresh [`MsgBuilder`] has). Fails only for a
    /// builder with a nest left open.
    pub fn notify(&self, msgs: &[&MsgBuilder]) -> Result<&Self, BuildError> {
        let bytes = concat(msgs)?;
        Ok(self.push(FakeStep::Datagram { sender: 0, bytes }))
    }

    /// Appends a receive that fails with `errno`.
    pub fn fail(&self, errno: i32) -> &Self {
        self.push(FakeStep::Fail(errno))
    }

    /// Makes the next send fail with `errno` (queued: one failure per call).
    pub fn fail_send(&self, errno: i32) -> &Self {
        self.state().send_faults.push_back(errno);
        self
    }

    /// An `NLMSG_ERROR` with `errno` (0: an ACK), capped as with `NETLINK_CAP_ACK`; its echoed
    /// header is filled in by [`FakeStep::Reply`].
    pub fn ack(errno: i32) -> MsgBuilder {
        let mut payload = [0u8; 4 + HDR];
        payload[..4].copy_from_slice(&(-errno).to_ne_bytes());
        let mut m = MsgBuilder::new(NLMSG_ERROR, NLM_F_CAPPED);
        m.fixed_bytes(&payload)
            .expect("a fresh builder takes a family header");
        m
    }

    /// The `NLMSG_DONE` that ends a dump, with `errno` (0: success).
    pub fn done(errno: i32) -> MsgBuilder {
        let mut m = MsgBuilder::new(NLMSG_DONE, NLM_F_MULTI);
        m.fixed_bytes(&(-errno).to_ne_bytes())
            .expect("a fresh builder takes a family header");
        m
    }

    /// How many steps of the script are still to come.
    pub fn pending(&self) -> usize {
        self.state().script.len()
    }

    /// Every datagram sent, in order.
    pub fn sent(&self) -> Vec<Vec<u8>> {
        self.state().sent.clone()
    }

    /// How many requests (messages) were sent in all: the next one sent is number
    /// `requests_sent()` for [`FakeStep::Reply`].
    pub fn requests_sent(&self) -> usize {
        self.state().requests.len()
    }

    /// The multicast groups joined and not left.
    pub fn groups(&self) -> Vec<u32> {
        self.state().groups.iter().copied().collect()
    }

    /// Whether the transport is in non-blocking mode.
    pub fn is_nonblocking(&self) -> bool {
        self.state().nonblocking
    }

    /// The receive timeout set last (`SO_RCVTIMEO`), `None` when none or "forever" (0).
    pub fn timeout(&self) -> Option<Duration> {
        let st = self.state();
        let (_, v) = st
            .options
            .iter()
            .find(|(k, _)| *k == (libc::SOL_SOCKET, libc::SO_RCVTIMEO))?;
        let mut tv = [0u8; std::mem::size_of::<libc::timeval>()];
        (v.len() == tv.len()).then_some(())?;
        tv.copy_from_slice(v);
        let (secs, usecs) = tv.split_at(std::mem::size_of::<libc::time_t>());
        let secs = libc::time_t::from_ne_bytes(secs.try_into().ok()?);
        let usecs = libc::suseconds_t::from_ne_bytes(usecs.try_into().ok()?);
        let d = Duration::from_secs(u64::try_from(secs).ok()?)
            + Duration::from_micros(u64::try_from(usecs).ok()?);
        (!d.is_zero()).then_some(d)
    }
}

/// The messages of `msgs`, back to back, each padded to 4 bytes.
fn concat(msgs: &[&MsgBuilder]) -> Result<Vec<u8>, BuildError> {
    let mut out = Vec::new();
    for m in msgs {
        out.extend_from_slice(m.bytes()?);
        out.resize(align(out.len()), 0);
    }
    Ok(out)
}

/// Gives every whole message of `bytes` the sequence number of request `hdr` and port id
/// `port`, and an `NLMSG_ERROR` the request's header as its echo. Stops at the first message
/// that is not framed correctly, leaving the rest as it is.
fn stamp(bytes: &mut [u8], hdr: &[u8; HDR], port: u32) {
    let mut at = 0;
    while bytes.len() - at >= HDR {
        let len = u32::from_ne_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        if len < HDR || len > bytes.len() - at {
            break;
        }
        let msg = &mut bytes[at..at + len];
        msg[8..12].copy_from_slice(&hdr[8..12]);
        msg[12..16].copy_from_slice(&port.to_ne_bytes());
        let ty = u16::from_ne_bytes([msg[4], msg[5]]);
        if ty == NLMSG_ERROR && len >= HDR + 4 + HDR {
            msg[HDR + 4..HDR + 4 + HDR].copy_from_slice(hdr);
        }
        at = align(at + len).min(bytes.len());
    }
}

fn errno(e: i32) -> io::Error {
    io::Error::from_raw_os_error(e)
}

impl Transport for FakeTransport {
    fn port_id(&self) -> u32 {
        Self::PORT_ID
    }

    fn fd(&self) -> Option<BorrowedFd<'_>> {
        None
    }

    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        let mut st = self.state();
        if let Some(e) = st.send_faults.pop_front() {
            return Err(errno(e));
        }
        let mut at = 0;
        while datagram.len() - at >= HDR {
            let mut hdr = [0u8; HDR];
            hdr.copy_from_slice(&datagram[at..at + HDR]);
            let len = u32::from_ne_bytes(hdr[..4].try_into().expect("4 bytes")) as usize;
            st.requests.push(hdr);
            if len < HDR {
                break;
            }
            at = align(at + len).min(datagram.len());
        }
        st.sent.push(datagram.to_vec());
        Ok(())
    }

    fn recv(&mut self, buf: &mut [u8]) -> io::Result<Datagram> {
        let mut st = self.state();
        let (sender, bytes) = match st.script.pop_front() {
            None if st.nonblocking => return Err(errno(libc::EAGAIN)),
            None => return Err(errno(libc::ENODATA)),
            Some(FakeStep::Fail(e)) => return Err(errno(e)),
            Some(FakeStep::Datagram { sender, bytes }) => (sender, bytes),
            Some(FakeStep::Reply {
                to,
                sender,
                mut bytes,
            }) => {
                let hdr = *st.requests.get(to).ok_or_else(|| errno(libc::ENOMSG))?;
                stamp(&mut bytes, &hdr, Self::PORT_ID);
                (sender, bytes)
            }
        };
        let n = bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&bytes[..n]);
        Ok(Datagram {
            len: bytes.len(),
            flags: if n < bytes.len() { libc::MSG_TRUNC } else { 0 },
            sender,
        })
    }

    fn set_nonblocking(&mut self, on: bool) -> io::Result<()> {
        self.state().nonblocking = on;
        Ok(())
    }

    fn setsockopt(&mut self, level: i32, name: i32, value: &[u8]) -> io::Result<()> {
        let mut st = self.state();
        if level == SOL_NETLINK
            && (name == NETLINK_ADD_MEMBERSHIP || name == NETLINK_DROP_MEMBERSHIP)
        {
            let group = u32::from_ne_bytes(value.try_into().map_err(|_| errno(libc::EINVAL))?);
            if name == NETLINK_ADD_MEMBERSHIP {
                st.groups.insert(group);
            } else {
                st.groups.remove(&group);
            }
            return Ok(());
        }
        let (name, value) = match (level, name) {
            // The receive buffer, forced or not, reads back doubled, as from the kernel (which
            // counts its bookkeeping).
            (libc::SOL_SOCKET, libc::SO_RCVBUF | libc::SO_RCVBUFFORCE) => {
                let size = i32::from_ne_bytes(value.try_into().map_err(|_| errno(libc::EINVAL))?);
                (
                    libc::SO_RCVBUF,
                    size.saturating_mul(2).to_ne_bytes().to_vec(),
                )
            }
            _ => (name, value.to_vec()),
        };
        match st.options.iter_mut().find(|(k, _)| *k == (level, name)) {
            Some((_, v)) => *v = value,
            None => st.options.push(((level, name), value)),
        }
        Ok(())
    }

    /// Gives the value set last (`ENOPROTOOPT` for an option never set).
    fn getsockopt(&self, level: i32, name: i32, value: &mut [u8]) -> io::Result<usize> {
        let st = self.state();
        let (_, v) = st
            .options
            .iter()
            .find(|(k, _)| *k == (level, name))
            .ok_or_else(|| errno(libc::ENOPROTOOPT))?;
        let n = v.len().min(value.len());
        value[..n].copy_from_slice(&v[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conn::{Socket, SocketOptions};
    use crate::wire::consts::proto;

    /// The options a socket sets reach the fake and read back as from the kernel.
    #[test]
    fn a_socket_over_the_fake_sets_and_reads_its_options() {
        let fake = FakeTransport::new();
        let opts = SocketOptions::default().nonblocking(true);
        let mut sock = Socket::with_transport(Box::new(fake.clone()), proto::ROUTE, &opts)
            .expect("socket over the fake");
        assert_eq!(sock.port_id(), FakeTransport::PORT_ID);
        assert_eq!(sock.fd(), -1);
        assert!(fake.is_nonblocking());
        assert_eq!(fake.timeout(), opts.timeout);
        assert_eq!(
            sock.rcvbuf().expect("rcvbuf"),
            2 * crate::conn::DEFAULT_RCVBUF
        );
        sock.set_rcvbuf(4096).expect("set_rcvbuf");
        assert_eq!(sock.rcvbuf().expect("rcvbuf"), 8192);
        sock.join_group(40).expect("join");
        sock.join_group(1).expect("join");
        sock.leave_group(40).expect("leave");
        assert_eq!(fake.groups(), [1]);
        sock.set_nonblocking(false).expect("blocking");
        assert!(!fake.is_nonblocking());
        // An exhausted script: nothing queued, or (blocking) a wait that would never end.
        let err = sock.recv_notifications().expect_err("nothing scripted");
        assert_eq!(err.errno(), Some(libc::ENODATA));
        sock.set_nonblocking(true).expect("non-blocking");
        assert!(matches!(
            sock.recv_notifications(),
            Err(crate::conn::Error::WouldBlock)
        ));
    }

    /// An answer is stamped with its request's sequence number and the socket's port id; an
    /// error's echo becomes the request's header; a reply to a request never sent fails.
    #[test]
    fn replies_are_stamped_with_their_request() {
        let mut fake = FakeTransport::new();
        fake.reply(1, &[&FakeTransport::ack(0)]).expect("built");
        assert_eq!(
            fake.recv(&mut [0; 64]).map_err(|e| e.raw_os_error()),
            Err(Some(libc::ENOMSG))
        );
        let mut req = MsgBuilder::new(18, 0x301);
        req.set_seq(7);
        let mut second = MsgBuilder::new(18, 0x301);
        second.set_seq(8);
        fake.send(&concat(&[&req, &second]).expect("built"))
            .expect("sent");
        assert_eq!(fake.requests_sent(), 2);
        fake.reply(1, &[&FakeTransport::ack(libc::ENODEV)])
            .expect("built");
        let mut buf = [0u8; 64];
        let d = fake.recv(&mut buf).expect("a datagram");
        assert_eq!((d.len, d.flags, d.sender), (36, 0, 0));
        let seq = u32::from_ne_bytes(buf[8..12].try_into().unwrap());
        let port = u32::from_ne_bytes(buf[12..16].try_into().unwrap());
        assert_eq!((seq, port), (8, FakeTransport::PORT_ID));
        assert_eq!(
            i32::from_ne_bytes(buf[16..20].try_into().unwrap()),
            -libc::ENODEV
        );
        assert_eq!(&buf[20..36], second.bytes().expect("built"));
    }
}
