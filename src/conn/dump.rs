//! Streaming dumps: every message of every datagram up to `NLMSG_DONE`, one receive buffer at a
//! time, never the whole dump in memory.

use super::error::{Error, Result};
use super::request::{warning_of, Step};
use super::socket::Socket;
use crate::wire::consts::{NLMSG_MIN_TYPE, NLM_F_DUMP, NLM_F_DUMP_INTR};
use crate::wire::{align, Msg, MsgBuilder};

/// Where the socket's current dump stands. A socket runs one dump at a time, as the kernel
/// does (it refuses a second with `EBUSY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DumpState {
    seq: u32,
    /// Unread part of the socket's buffer: `pos..end`.
    pos: usize,
    end: usize,
    finished: bool,
    interrupted: bool,
}

/// What reading the dump one step further gave.
enum Next {
    /// A data message at `at..at + len` of the socket's buffer.
    Msg(usize, usize),
    /// The end, successful or not.
    End(Option<Error>),
}

impl DumpState {
    fn new(seq: u32) -> Self {
        Self {
            seq,
            pos: 0,
            end: 0,
            finished: false,
            interrupted: false,
        }
    }

    fn next(&mut self, sock: &mut Socket) -> Next {
        match self.advance(sock) {
            Ok(Some((at, len))) => Next::Msg(at, len),
            Ok(None) => {
                self.finished = true;
                Next::End(self.interrupted.then_some(Error::DumpInterrupted))
            }
            // Nothing arrived (yet), or a signal cut the wait short: the dump goes on at the
            // next call. A datagram too large for the buffer was lost (the caller is told), and
            // an overrun lost what else the socket receives, but the kernel goes on with the
            // dump (it retries what did not fit), so the rest must be read (or drained) to
            // its end: the kernel refuses the next dump while this one runs.
            Err(
                e @ (Error::WouldBlock
                | Error::Timeout
                | Error::Interrupted
                | Error::Overrun
                | Error::Sys { .. }
                | Error::Truncated),
            ) => Next::End(Some(e)),
            Err(e) => {
                self.finished = true;
                Next::End(Some(e))
            }
        }
    }

    /// The next message of the datagram already received, when it is a data message of this
    /// dump (the common case), found without receiving, classifying or moving the state.
    /// `None` sends the caller to [`DumpState::next`].
    fn next_data<'b>(&mut self, buf: &'b [u8], port_id: u32) -> Option<Msg<'b>> {
        if self.finished || self.pos >= self.end {
            return None;
        }
        let msg = Msg::parse(buf.get(self.pos..self.end)?).ok()?;
        if msg.ty() < NLMSG_MIN_TYPE || msg.seq() != self.seq || msg.pid() != port_id {
            return None;
        }
        if msg.flags() & NLM_F_DUMP_INTR != 0 {
            self.interrupted = true;
        }
        self.pos = (self.pos + align(msg.bytes().len())).min(self.end);
        Some(msg)
    }

    /// Finds the next data message of this dump and returns its place in the socket's buffer,
    /// or `None` at a successful `NLMSG_DONE`.
    fn advance(&mut self, sock: &mut Socket) -> Result<Option<(usize, usize)>> {
        loop {
            if self.pos >= self.end {
                self.end = sock.recv_datagram()?;
                self.pos = 0;
            }
            let request = (sock.req.as_slice(), sock.req_fixed_len);
            let msg = match Msg::parse(&sock.buf[self.pos..self.end]) {
                Ok(m) => m,
                Err(e) => {
                    // The rest of this datagram cannot be framed; later ones are skipped by
                    // sequence number if the caller moves on.
                    self.pos = self.end;
                    return Err(e.into());
                }
            };
            let at = self.pos;
            let len = msg.bytes().len();
            self.pos = (at + align(len)).min(self.end);
            if msg.seq() == self.seq && msg.flags() & NLM_F_DUMP_INTR != 0 {
                self.interrupted = true;
            }
            // The common case, a data message of this dump, without the general classification
            // (which gives the same answer for it: `Step::Data`).
            if msg.ty() >= NLMSG_MIN_TYPE && msg.seq() == self.seq && msg.pid() == sock.port_id {
                return Ok(Some((at, len)));
            }
            match sock.step(msg, self.seq, request)? {
                Step::Foreign => {}
                Step::Data(_) => return Ok(Some((at, len))),
                Step::Finished(ext) => {
                    sock.warning = warning_of(ext, request);
                    return Ok(None);
                }
                Step::Failed(e) => return Err(e),
            }
        }
    }
}

/// A dump in progress on a socket, borrowing it until the dump is read or dropped.
///
/// A dump dropped before its end is drained before the socket's next conversation, since the
/// kernel refuses a new dump while one is running.
#[derive(Debug)]
pub struct Dump<'s> {
    sock: &'s mut Socket,
}

impl Dump<'_> {
    /// The next message; see [`Socket::dump_next`].
    #[allow(clippy::should_implement_trait)] // lending: each message borrows the buffer
    pub fn next(&mut self) -> Option<Result<Msg<'_>>> {
        self.sock.dump_next()
    }

    /// Whether any message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.sock.dump_interrupted()
    }
}

impl Socket {
    /// Starts a dump: sends `msg` with `NLM_F_DUMP` added (and `NLM_F_REQUEST | NLM_F_ACK`, a
    /// fresh sequence number). Read it with [`Socket::dump_next`]. A dump still running on
    /// this socket is first read to its end and discarded.
    pub fn dump_start(&mut self, msg: &MsgBuilder) -> Result<()> {
        let seq = self.send_request(msg, NLM_F_DUMP)?;
        self.dump = Some(DumpState::new(seq));
        Ok(())
    }

    /// Starts a dump and returns a reader over its messages.
    pub fn dump(&mut self, msg: &MsgBuilder) -> Result<Dump<'_>> {
        self.dump_start(msg)?;
        Ok(Dump { sock: self })
    }

    /// The next message of the current dump, borrowed from the receive buffer until the next
    /// call on this socket. `None` after a successful, consistent end, or when no dump runs.
    /// An interrupted dump (`NLM_F_DUMP_INTR`) ends with `Err(Error::DumpInterrupted)` once
    /// every message has been delivered; a dump the kernel refused (in `NLMSG_ERROR` or
    /// `NLMSG_DONE`) ends with `Err(Error::Kernel)`.
    ///
    /// Errors after which the dump goes on at the next call, with nothing delivered twice:
    /// [`Error::Interrupted`] (a signal), [`Error::Timeout`], [`Error::WouldBlock`],
    /// [`Error::Truncated`] (that datagram was lost), [`Error::Overrun`] (the socket lost
    /// datagrams; the kernel keeps the dump's own) and [`Error::Sys`].
    pub fn dump_next(&mut self) -> Option<Result<Msg<'_>>> {
        Some(
            self.dump_advance()?
                .and_then(|(at, len)| self.dump_msg_at(at, len)),
        )
    }

    /// [`Socket::dump_next`] giving the message's place in the receive buffer (`at`, `len`)
    /// rather than the message: a result that borrows nothing, for callers that must retry
    /// when the socket would block (the async sockets). Read it with [`Socket::dump_msg_at`].
    pub(crate) fn dump_advance(&mut self) -> Option<Result<(usize, usize)>> {
        let base = self.buf.as_ptr() as usize;
        let fast = self.dump.as_mut()?.next_data(&self.buf, self.port_id);
        // Its place rather than the message: the slow path below needs the whole socket.
        let fast = fast.map(|m| (m.bytes().as_ptr() as usize - base, m.bytes().len()));
        let next = match fast {
            Some((at, len)) => Next::Msg(at, len),
            None => {
                let mut state = self.dump.take()?;
                if state.finished {
                    self.dump = Some(state);
                    return None;
                }
                let next = state.next(self);
                self.dump = Some(state);
                next
            }
        };
        match next {
            Next::Msg(at, len) => Some(Ok((at, len))),
            Next::End(err) => err.map(Err),
        }
    }

    /// The message [`Socket::dump_advance`] found at `at..at + len` of the receive buffer.
    pub(crate) fn dump_msg_at(&self, at: usize, len: usize) -> Result<Msg<'_>> {
        let bytes = self
            .buf
            .get(at..at + len)
            .ok_or(Error::Invalid("no such message in the receive buffer"))?;
        Ok(Msg::parse(bytes)?)
    }

    /// Hands every remaining message of the current dump to `f`, in order, until the dump
    /// ends or `f` returns `false`. Returns `Ok(true)` at the dump's successful, consistent
    /// end, `Ok(false)` when `f` stopped it (the next call goes on from the next message), or
    /// the error [`Socket::dump_next`] would have returned. The same as calling
    /// [`Socket::dump_next`] in a loop, without its per-message overhead: the common case, a
    /// data message of the datagram already received, takes a few comparisons.
    pub fn dump_each(&mut self, mut f: impl FnMut(Msg<'_>) -> bool) -> Result<bool> {
        let Some(mut state) = self.dump.take() else {
            return Ok(true);
        };
        // One call site for `f`, so that the compiler inlines it: behind a call, every message
        // paid for passing the message and the callee's result through memory.
        let out = loop {
            let m = match state.next_data(&self.buf, self.port_id) {
                Some(m) => m,
                None if state.finished => break Ok(true),
                None => match state.next(self) {
                    Next::Msg(at, len) => match Msg::parse(&self.buf[at..at + len]) {
                        Ok(m) => m,
                        Err(e) => break Err(e.into()),
                    },
                    Next::End(None) => break Ok(true),
                    Next::End(Some(e)) => break Err(e),
                },
            };
            if !f(m) {
                break Ok(false);
            }
        };
        self.dump = Some(state);
        out
    }

    /// Whether the current (or last) dump has seen `NLM_F_DUMP_INTR` so far.
    pub fn dump_interrupted(&self) -> bool {
        self.dump.as_ref().is_some_and(|d| d.interrupted)
    }

    /// Whether a dump was started and has not reached its end.
    pub fn dump_running(&self) -> bool {
        self.dump.as_ref().is_some_and(|d| !d.finished)
    }

    /// Runs a dump, folding each message into a state made by `init`, and re-runs it from a
    /// fresh state when the kernel flags it interrupted, up to `attempts` runs in all. Returns
    /// the state of the first consistent run, or [`Error::DumpInterrupted`] when every run was
    /// interrupted.
    pub fn dump_consistent<S>(
        &mut self,
        msg: &MsgBuilder,
        attempts: u32,
        mut init: impl FnMut() -> S,
        mut each: impl FnMut(&mut S, Msg<'_>) -> Result<()>,
    ) -> Result<S> {
        for _ in 0..attempts.max(1) {
            let mut state = init();
            self.dump_start(msg)?;
            let mut interrupted = false;
            // `dump_each` rather than `dump_next` in a loop: a message costs a few
            // comparisons there, and `each` is inlined into its loop (a million routes at a
            // mirror's start). It stops at the errors `dump_next` would return; after an
            // interruption or an overrun the next call reads on to the end.
            loop {
                let mut failed = None;
                let run = self.dump_each(|m| match each(&mut state, m) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
                match run {
                    Ok(_) => break,
                    // Either may have cost messages of this run: run it again.
                    Err(Error::DumpInterrupted | Error::Overrun) => interrupted = true,
                    Err(e) => return Err(e),
                }
            }
            if !interrupted {
                return Ok(state);
            }
        }
        Err(Error::DumpInterrupted)
    }

    /// Reads and discards what is left of an abandoned dump, so the next conversation starts
    /// clean. Inlined, so that the usual case, no such dump, costs a test and not a call (a
    /// burst of notifications asks once per notification).
    #[inline]
    pub(super) fn drain_pending(&mut self) -> Result<()> {
        match self.dump {
            None => Ok(()),
            Some(_) => self.drain_abandoned(),
        }
    }

    /// [`Socket::drain_pending`] of a dump there is.
    #[inline(never)]
    fn drain_abandoned(&mut self) -> Result<()> {
        let Some(mut state) = self.dump.take() else {
            return Ok(());
        };
        while !state.finished {
            if let Next::End(Some(
                e @ (Error::Sys { .. } | Error::Timeout | Error::WouldBlock | Error::Interrupted),
            )) = state.next(self)
            {
                // Not finished: the drain resumes at the next conversation.
                self.dump = Some(state);
                return Err(e);
            }
        }
        Ok(())
    }
}
