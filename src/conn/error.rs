//! The error type of conversations with the kernel (the numeric codes C callers see are in
//! [`super::code`]).

use super::code;
use crate::wire::consts::MAX_ERRNO;
use crate::wire::{names, BuildError, ExtAckInfo, ParseError};
use thiserror::Error;

/// An error from the kernel, with what its extended ACK said.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KernelError {
    /// The positive errno (`ENODEV`, …).
    pub errno: i32,
    /// What the extended ACK said, with the offending attribute's path resolved against the
    /// request that was sent.
    pub ext: ExtAckInfo,
    /// Whether the error came in `NLMSG_DONE` (a dump's error) rather than `NLMSG_ERROR`.
    pub in_done: bool,
    /// Protocol and message type of the request, to name the attribute path.
    pub request: (i32, u16),
}

impl KernelError {
    /// The offending attribute's path as text, e.g. `IFLA_LINKINFO > IFLA_INFO_KIND`, or
    /// `None` when the kernel named no attribute.
    pub fn attr_path_text(&self) -> Option<String> {
        if self.ext.attr_path.is_empty() {
            return None;
        }
        Some(names::attr_path_text(
            self.request.0,
            self.request.1,
            &self.ext.attr_path,
        ))
    }
}

impl std::fmt::Display for KernelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&errno_text(self.errno))?;
        if let Some(msg) = &self.ext.message {
            write!(f, ": {msg}")?;
        }
        if let Some(path) = self.attr_path_text() {
            write!(f, " (attribute {path})")?;
        }
        Ok(())
    }
}

impl std::error::Error for KernelError {}

/// Everything a conversation with the kernel can fail with.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The kernel refused the request.
    #[error("{0}")]
    Kernel(Box<KernelError>),
    /// A system call failed.
    #[error("{op}: {}", errno_text(*errno))]
    Sys {
        /// The call that failed.
        op: &'static str,
        /// Its errno.
        errno: i32,
    },
    /// The socket's receive queue overflowed and messages were lost (`ENOBUFS`). The socket
    /// still works; state learned from notifications must be re-read with a dump.
    #[error("receive queue overrun: messages were lost, resynchronise with a dump")]
    Overrun,
    /// A non-blocking socket has nothing to read now (`EAGAIN`).
    #[error("no message available now")]
    WouldBlock,
    /// No reply arrived in time.
    #[error("no reply from the kernel within the timeout")]
    Timeout,
    /// A signal arrived while the call waited for a datagram (`EINTR`), and the call returned
    /// so that the caller's handler can act, as a blocking read(2) does. Nothing was lost and
    /// the socket stays usable: a dump or the notifications go on from where they were at the
    /// next call; the answer to an interrupted request (or batch) is skipped by the next
    /// conversation, so the request may have been carried out.
    #[error("interrupted by a signal")]
    Interrupted,
    /// The kernel's table changed during the dump (`NLM_F_DUMP_INTR`).
    #[error("dump interrupted: the kernel's table changed during the dump")]
    DumpInterrupted,
    /// The kernel sent bytes that are not valid netlink.
    #[error("malformed message from the kernel: {0}")]
    Parse(#[from] ParseError),
    /// The request could not be built.
    #[error("cannot build message: {0}")]
    Build(#[from] BuildError),
    /// The kernel acknowledged a request without the answer it must carry (e.g. a GET
    /// answered by an ACK alone).
    #[error("the kernel acknowledged the request without an answer")]
    MissingReply,
    /// A datagram from the kernel was larger than the receive buffer: it was not parsed, and
    /// the kernel dropped it (`EMSGSIZE`). The buffer has grown to its size, so asking again
    /// works. Dump datagrams and ACKs always fit the initial buffer; only a single answer
    /// over 64 KiB (a link with very many VFs) or an event that large can meet this.
    #[error("datagram truncated")]
    Truncated,
    /// An argument was invalid (a description follows).
    #[error("invalid argument: {0}")]
    Invalid(&'static str),
}

impl Error {
    /// The error as a negative code: a negated errno where one fits, else a negated
    /// [`code`] constant.
    ///
    /// Always negative: this is where every failure becomes the number a C caller sees, so
    /// it is also where an errno outside `1..=MAX_ERRNO` (which a `> 0` result or an
    /// `NLRS_E_*` code would otherwise mistake it for) is refused: a kernel's becomes
    /// `-EBADMSG` (the decoder already refuses it; this holds for any `KernelError`), a
    /// system call's `-EIO`.
    pub fn code(&self) -> i32 {
        let errno = |e: i32, otherwise: i32| {
            if (1..=MAX_ERRNO).contains(&e) {
                e
            } else {
                otherwise
            }
        };
        let code = -match self {
            Error::Kernel(k) => errno(k.errno, libc::EBADMSG),
            Error::Sys { errno: e, .. } => errno(*e, libc::EIO),
            Error::Overrun => libc::ENOBUFS,
            Error::WouldBlock => libc::EAGAIN,
            Error::Timeout => code::TIMEOUT,
            Error::Interrupted => libc::EINTR,
            Error::DumpInterrupted => code::DUMP_INTR,
            Error::Parse(_) | Error::MissingReply => libc::EBADMSG,
            Error::Build(_) => code::BUILD,
            Error::Truncated => libc::EMSGSIZE,
            Error::Invalid(_) => libc::EINVAL,
        };
        debug_assert!(code < 0, "{self:?} has the code {code}");
        code
    }

    /// The positive errno, when the error is one.
    pub fn errno(&self) -> Option<i32> {
        let c = -self.code();
        (c < 4096).then_some(c)
    }

    /// The kernel's error, when the kernel sent one.
    pub fn kernel(&self) -> Option<&KernelError> {
        match self {
            Error::Kernel(k) => Some(k),
            _ => None,
        }
    }

    /// The failure `e` of system call `op`.
    pub(crate) fn io(op: &'static str, e: &std::io::Error) -> Self {
        Error::Sys {
            op,
            errno: e.raw_os_error().unwrap_or(libc::EIO),
        }
    }

    pub(crate) fn last_os(op: &'static str) -> Self {
        Error::Sys {
            op,
            errno: std::io::Error::last_os_error()
                .raw_os_error()
                .unwrap_or(libc::EIO),
        }
    }
}

/// The C library's text for `errno` ("No such device").
pub fn errno_text(errno: i32) -> String {
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    // std appends " (os error N)"; the C library's text alone reads like strerror(3).
    match text.rfind(" (os error ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// Text for any code nlrs returns: a negative errno or a negative [`code`] constant (the sign
/// is ignored).
pub fn code_text(code: i32) -> String {
    match code.checked_abs().unwrap_or(i32::MAX) {
        0 => "Success".to_owned(),
        code::PANIC => "internal error: a panic was caught at the C boundary".to_owned(),
        code::DUMP_INTR => Error::DumpInterrupted.to_string(),
        code::TIMEOUT => Error::Timeout.to_string(),
        code::CONSUMED => "handle already consumed or unusable".to_owned(),
        code::BUILD => "message cannot be built (too long, or nests out of order)".to_owned(),
        c if c < 4096 => errno_text(c),
        c => format!("unknown nlrs error {c}"),
    }
}

/// A result of a conversation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn kernel(errno: i32) -> Error {
        Error::Kernel(Box::new(KernelError {
            errno,
            ext: ExtAckInfo::default(),
            in_done: false,
            request: (0, 0),
        }))
    }

    #[test]
    fn every_code_is_negative_and_no_errno_passes_for_an_nlrs_code() {
        assert_eq!(kernel(libc::ENODEV).code(), -libc::ENODEV);
        assert_eq!(kernel(MAX_ERRNO).code(), -MAX_ERRNO);
        // Positive results, `NLRS_E_*` codes and overflow are not what the kernel can mean.
        for bad in [0, -5, code::DUMP_INTR, i32::MAX, i32::MIN] {
            assert_eq!(kernel(bad).code(), -libc::EBADMSG, "errno {bad}");
            let sys = Error::Sys {
                op: "x",
                errno: bad,
            };
            assert_eq!(sys.code(), -libc::EIO, "errno {bad}");
        }
    }
}
