//! Request/ACK conversations: send one request, collect its answers, read its ACK or error.

use super::error::{Error, KernelError, Result};
use super::socket::{Socket, Support};
use crate::wire::consts::{NLM_F_ACK, NLM_F_DUMP_INTR, NLM_F_REQUEST};
use crate::wire::{align, ExtAck, Msg, MsgBuilder, MsgIter, Reply};

/// The messages the kernel answered a request with, copied out of the receive buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replies {
    buf: Vec<u8>,
    count: usize,
    interrupted: bool,
}

impl Replies {
    /// The messages, in the order they arrived.
    pub fn iter(&self) -> MsgIter<'_> {
        MsgIter::new(&self.buf)
    }

    /// How many messages there are.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the kernel answered with an ACK alone.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The first message, for requests the kernel answers with one object before its ACK;
    /// [`Error::MissingReply`] when it sent the ACK alone.
    pub fn first(&self) -> Result<Msg<'_>> {
        match self.iter().next() {
            Some(m) => Ok(m?),
            None => Err(Error::MissingReply),
        }
    }

    /// Whether any message was flagged `NLM_F_DUMP_INTR` (when the request was a dump).
    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    fn push(&mut self, msg: &Msg<'_>) {
        let bytes = msg.bytes();
        let at = self.buf.len();
        self.buf.extend_from_slice(bytes);
        self.buf.resize(at + align(bytes.len()), 0);
        self.count += 1;
        self.interrupted |= msg.flags() & NLM_F_DUMP_INTR != 0;
    }
}

/// What one received message means for the conversation with sequence number `seq`.
pub(super) enum Step<'a> {
    /// Not part of this conversation (a stale answer or a notification).
    Foreign,
    /// An answer message.
    Data(Msg<'a>),
    /// The conversation ended successfully; the ACK's extended attributes, if any.
    Finished(Option<ExtAck<'a>>),
    /// The conversation ended with the kernel's error.
    Failed(Error),
}

impl Socket {
    /// Classifies `msg` for the conversation `seq`, whose request was `request` (a whole
    /// message with a `fixed_len`-byte family header).
    pub(super) fn step<'a>(
        &self,
        msg: Msg<'a>,
        seq: u32,
        request: (&[u8], usize),
    ) -> Result<Step<'a>> {
        if msg.seq() != seq || msg.pid() != self.port_id {
            return Ok(Step::Foreign);
        }
        let req_type = u16::from_ne_bytes([request.0[4], request.0[5]]);
        let fail = |errno: i32, ext: &ExtAck<'_>, in_done: bool| {
            Step::Failed(Error::Kernel(Box::new(KernelError {
                errno,
                ext: ext.to_info(Some(request)),
                in_done,
                request: (self.protocol, req_type),
            })))
        };
        Ok(match Reply::classify(msg)? {
            Reply::Data(m) => Step::Data(m),
            Reply::Ack(e) => Step::Finished(Some(*e.ext_ack())),
            Reply::Error(e) => fail(e.errno(), e.ext_ack(), false),
            Reply::Done(d) if d.errno() != 0 => fail(d.errno(), d.ext_ack(), true),
            Reply::Done(d) => Step::Finished(Some(*d.ext_ack())),
            Reply::Noop => Step::Foreign,
            Reply::Overrun => Step::Failed(Error::Overrun),
        })
    }

    /// Copies `msg` into the socket's request buffer with `NLM_F_REQUEST | NLM_F_ACK | extra`
    /// and a fresh sequence number, and sends it. Returns the sequence number.
    pub(crate) fn send_request(&mut self, msg: &MsgBuilder, extra_flags: u16) -> Result<u32> {
        self.drain_pending()?;
        let bytes = msg.bytes()?;
        let seq = self.next_seq();
        self.req.clear();
        self.req.extend_from_slice(bytes);
        self.req_fixed_len = msg.fixed_len();
        let flags = msg.flags() | NLM_F_REQUEST | NLM_F_ACK | extra_flags;
        self.req[6..8].copy_from_slice(&flags.to_ne_bytes());
        self.req[8..12].copy_from_slice(&seq.to_ne_bytes());
        self.warning = None;
        if self.cap_ack != Support::Enabled {
            self.reserve_for_ack_of(self.req.len());
        }
        super::io::send(self.transport.as_mut(), &self.req)?;
        Ok(seq)
    }

    /// Sends `msg` as a request with `NLM_F_REQUEST | NLM_F_ACK` and a fresh sequence number,
    /// and waits for its ACK, collecting any answer messages that come before it.
    ///
    /// A dump request (with `NLM_F_DUMP`) is read to its `NLMSG_DONE` and collected whole; use
    /// [`Socket::dump`] to stream large ones instead. The kernel's refusal is
    /// [`Error::Kernel`], with its text and the path of the offending attribute; a warning on a
    /// successful ACK is kept in [`Socket::warning`].
    ///
    /// When the wait ends early ([`Error::Interrupted`] by a signal, [`Error::Timeout`],
    /// [`Error::Overrun`], [`Error::Truncated`] for an answer larger than the buffer), the
    /// kernel may still carry the request out and answer it: the next conversation skips that
    /// late answer by its sequence number. Answers from any sender but the kernel, and
    /// messages with another sequence number, are never taken for this request's.
    pub fn request(&mut self, msg: &MsgBuilder) -> Result<Replies> {
        let seq = self.send_request(msg, 0)?;
        let mut replies = Replies::default();
        while !self.request_step(seq, &mut replies)? {}
        Ok(replies)
    }

    /// Reads one datagram of the answer to request `seq` into `replies`; whether the answer is
    /// complete. On a non-blocking socket [`Error::WouldBlock`] leaves the conversation where
    /// it was, to be taken up when the socket is readable (what the async sockets do).
    pub(crate) fn request_step(&mut self, seq: u32, replies: &mut Replies) -> Result<bool> {
        let n = self.recv_datagram()?;
        let request = (self.req.as_slice(), self.req_fixed_len);
        for m in MsgIter::new(&self.buf[..n]) {
            match self.step(m?, seq, request)? {
                Step::Foreign => {}
                Step::Data(m) => replies.push(&m),
                Step::Finished(ext) => {
                    self.warning = warning_of(ext, request);
                    return Ok(true);
                }
                Step::Failed(e) => return Err(e),
            }
        }
        Ok(false)
    }
}

/// The warning an ACK carries, if it carries any text or attribute pointer.
pub(super) fn warning_of(
    ext: Option<ExtAck<'_>>,
    request: (&[u8], usize),
) -> Option<crate::wire::ExtAckInfo> {
    ext.filter(|e| e.message.is_some() || e.offset.is_some())
        .map(|e| e.to_info(Some(request)))
}
