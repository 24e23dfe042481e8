//! Requests with their ACK, and the `nlrs_replies` handle holding the answer messages.

use std::os::raw::c_int;

use super::macros::Handle;
use super::macros::{arg_out, arg_ref, call, call_mut, ffi_handle, free, get, into_raw};
use super::msg::nlrs_msg;
use super::rmsg::nlrs_rmsg;
use super::socket::nlrs_socket;
use crate::conn::Replies;

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// The messages the kernel answered one request with, copied out of the socket: e.g. the one
/// `NLRS_RTM_NEWLINK` answering an `NLRS_RTM_GETLINK` for one link, or the created object of a
/// request sent with `NLRS_NLM_F_ECHO`. The closing ACK is not among them.
///
/// Made by `nlrs_socket_request()`, freed with `nlrs_replies_free()`; independent of the socket
/// afterwards. Read it with `nlrs_replies_len()` and `nlrs_replies_get()`.
///
/// Replies may be used from any thread, one thread at a time.
pub struct nlrs_replies(Handle<RepliesState>);
ffi_handle!(nlrs_replies => RepliesState);

/// The copied messages and where each one is.
pub(crate) struct RepliesState {
    /// Owns the bytes `msgs` point into (a heap buffer that moves with neither).
    replies: Replies,
    msgs: Vec<nlrs_rmsg>,
}

impl RepliesState {
    fn new(replies: Replies) -> Self {
        // `Socket::request` collected only messages it parsed, so every one parses again.
        let msgs = replies
            .iter()
            .flatten()
            .map(|m| nlrs_rmsg::new(&m))
            .collect();
        RepliesState { replies, msgs }
    }
}

/// Sends `msg` on `sock` as a request (adding `NLRS_NLM_F_REQUEST | NLRS_NLM_F_ACK` and a
/// fresh sequence number; `msg` itself is not changed) and waits for its ACK, collecting the
/// answer messages that come before it. A dump request (`NLRS_NLM_F_DUMP`) is collected whole;
/// stream large dumps with `nlrs_socket_dump()` instead.
///
/// On success returns 0 and, when `out` is not NULL, writes a new `nlrs_replies` to `*out`,
/// which the caller owns and frees with `nlrs_replies_free()`; with a NULL `out` the answers
/// are discarded. The ACK's warning, if any, is then readable with `nlrs_socket_warning()`.
///
/// When the kernel refuses the request, returns its negative errno (`-ENODEV`, `-EEXIST`,
/// `-EINVAL`, ...), and the socket keeps the error with its extended ACK until the next
/// request, dump or batch (`nlrs_socket_ext_msg()`, `nlrs_socket_error_text()`, ...). Other
/// errors: `-NLRS_E_TIMEOUT` (no answer within the socket's timeout), `-NLRS_E_BUILD` (a nest of
/// `msg` is still open), `-EAGAIN` (non-blocking socket; requests want a blocking one),
/// `-EBADMSG` (malformed answer), `-EINVAL` (NULL `sock` or `msg`), or another negative errno
/// of sendto()/recvmsg(). `*out` is untouched on failure. A dump still running on `sock` is
/// read to its end and discarded first.
#[no_mangle]
pub extern "C" fn nlrs_socket_request(
    sock: *mut nlrs_socket,
    msg: *const nlrs_msg,
    out: *mut *mut nlrs_replies,
) -> c_int {
    // SAFETY: `msg` is NULL or live, `out` is NULL or writable (the API contract).
    let (msg, out) = unsafe { (arg_ref(msg), (!out.is_null()).then(|| arg_out(out))) };
    call_mut(sock, |st| {
        let (m, out) = (msg?.live()?, out.transpose()?);
        let replies = st.converse(|s| s.request(&m.builder))?;
        if let Some(out) = out {
            out.set(into_raw(RepliesState::new(replies)));
        }
        Ok(0)
    })
}

/// Writes answer message `i` (counted from 0, in the order received) to `*out`.
///
/// The message borrows from `replies` and is valid until `replies` is freed. Returns 0 and
/// writes `*out`, or `-EINVAL` (NULL `replies` or `out`, `i` out of range). `*out` is untouched
/// on failure.
#[no_mangle]
pub extern "C" fn nlrs_replies_get(
    replies: *const nlrs_replies,
    i: usize,
    out: *mut nlrs_rmsg,
) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call(replies, |r| {
        let out = out?;
        out.set(*r.msgs.get(i).ok_or(-libc::EINVAL)?);
        Ok(0)
    })
}
