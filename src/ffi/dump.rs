//! Streaming dumps: the `nlrs_dump` handle reads a dump one message at a time from its
//! socket's receive buffer, never the whole dump in memory.

use std::cell::Cell;
use std::os::raw::{c_int, c_void};

use super::error::NLRS_E_CONSUMED;
use super::macros::{arg_mut, arg_out, arg_ref, call_mut, ffi_handle, free, into_raw, Handle};
use super::macros::{FfiResult, Out};
use super::msg::nlrs_msg;
use super::rmsg::nlrs_rmsg;
use super::socket::{nlrs_socket, SocketState};
use crate::wire::{Msg, MsgBuilder};

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// A dump running on a socket: read its messages with `nlrs_dump_next()` (or
/// `nlrs_dump_foreach()`), then free it with `nlrs_dump_free()`.
///
/// Made by `nlrs_socket_dump()`. The dump borrows its socket: the socket must outlive the dump,
/// and must not be used for anything else until the dump has ended or been freed. A request,
/// dump, batch or receive on the socket ends the dump's access (its next call returns
/// `-NLRS_E_CONSUMED`); a dump freed before its end is read to its end and discarded by the
/// socket's next request, dump or batch.
///
/// A dump may be used from any thread, one thread at a time, together with its socket.
pub struct nlrs_dump(Handle<DumpState>);
ffi_handle!(nlrs_dump => DumpState);

/// Which socket the dump reads, which of its dumps it is, and where in the socket's receive
/// buffer the message the last `_next()` call handed out lies (`nlrs_dump_msg()`).
pub(crate) struct DumpState {
    sock: *mut nlrs_socket,
    id: u64,
    last: Cell<Option<(usize, usize)>>,
}

/// Called by `nlrs_dump_foreach()` with each message of the dump: `userdata` as given, and the
/// message, valid only during the call. Return 0 to continue, a positive value to stop early,
/// a negative value to abort with that code. Must not call functions on the dump or its socket:
/// they return `-EBUSY` (getters 0 or NULL) and change nothing. `nlrs_dump_free()` of the dump,
/// or `nlrs_socket_free()` of its socket, is safe here: it takes effect when
/// `nlrs_dump_foreach()` returns, and calls until then return `-NLRS_E_CONSUMED`.
pub type nlrs_dump_cb =
    Option<unsafe extern "C" fn(userdata: *mut c_void, msg: nlrs_rmsg) -> c_int>;

/// Starts a dump on `sock`: sends `msg` with `NLRS_NLM_F_DUMP` added (and
/// `NLRS_NLM_F_REQUEST | NLRS_NLM_F_ACK`, a fresh sequence number; `msg` itself is not
/// changed). With strict checking (the default on route sockets), the family header in `msg`
/// must be zero except for the filter fields the kernel supports.
///
/// On success returns 0 and writes a new `nlrs_dump` to `*out`, which the caller owns and frees
/// with `nlrs_dump_free()`; it borrows `sock` (see `nlrs_dump`). `*out` is untouched on
/// failure. Errors: `-EINVAL` (NULL `sock`, `msg` or `out`), `-NLRS_E_BUILD` (a nest of `msg` is
/// still open), or a negative errno of sendto(). A dump the kernel refuses is reported by the
/// first `nlrs_dump_next()`. A dump still running on `sock` is read to its end and discarded
/// first.
#[no_mangle]
pub extern "C" fn nlrs_socket_dump(
    sock: *mut nlrs_socket,
    msg: *const nlrs_msg,
    out: *mut *mut nlrs_dump,
) -> c_int {
    let sock_ptr = sock;
    // SAFETY: `msg` is NULL or live, `out` is NULL or writable (the API contract).
    let (msg, out) = unsafe { (arg_ref(msg), arg_out(out)) };
    call_mut(sock, |st| {
        let (m, out) = (msg?.live()?, out?);
        start(sock_ptr, st, &m.builder, out)
    })
}

/// Starts a dump of `req` on the socket `sock_ptr` (whose state is `st`) and writes the new
/// handle to `out`: the body of `nlrs_socket_dump()`, shared with the typed dumps of the
/// `rtnl_*` files, which build `req` with the Rust layer.
pub(crate) fn start(
    sock_ptr: *mut nlrs_socket,
    st: &mut SocketState,
    req: &MsgBuilder,
    out: Out<'_, *mut nlrs_dump>,
) -> FfiResult {
    st.converse(|s| s.dump_start(req))?;
    let id = st.start_dump();
    out.set(into_raw(DumpState {
        sock: sock_ptr,
        id,
        last: Cell::new(None),
    }));
    Ok(0)
}

/// Reads the dump's next message into `*out`.
///
/// Returns 1 when `*out` holds a message: it borrows from the socket's receive buffer and is
/// valid until the next call on the dump or its socket. Returns 0 at the dump's successful end
/// (and again on every later call). Errors:
/// - `-NLRS_E_DUMP_INTR`: the kernel's table changed during the dump (`NLM_F_DUMP_INTR`), so
///   the messages may be inconsistent; returned once, after the last message. Repeat the dump
///   for a consistent view.
/// - the kernel's negative errno when it refused the dump (whether in `NLMSG_ERROR` or in
///   `NLMSG_DONE`); the socket keeps the error with its extended ACK (`nlrs_socket_ext_msg()`,
///   ...). The dump has ended.
/// - `-EAGAIN` on a non-blocking socket with nothing queued yet, `-NLRS_E_TIMEOUT` when
///   nothing arrived within the socket's timeout, `-EINTR` when a signal arrived during the
///   wait (a handler installed without `SA_RESTART`, on a socket without a timeout), `-ENOBUFS` when the receive queue
///   overflowed (the kernel keeps the dump's own messages), `-EMSGSIZE` when one datagram was
///   larger than the buffer (it is lost; the buffer grows): the dump goes on, call again.
/// - `-EBADMSG` (malformed data), another negative errno of recvmsg().
/// - `-NLRS_E_CONSUMED` when the socket was used for something else since the dump started;
///   `-EINVAL` for a NULL `dump` or `out`.
///
/// `*out` is written only when 1 is returned. The usual loop:
/// `while ((rc = nlrs_dump_next(d, &m)) > 0) { ... } if (rc < 0) { ... }`.
#[no_mangle]
pub extern "C" fn nlrs_dump_next(dump: *mut nlrs_dump, out: *mut nlrs_rmsg) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call_mut(dump, |d| {
        out?.set_some(next_map(d, |m| Ok(nlrs_rmsg::new(m)))?)
    })
}

/// The message the last `nlrs_dump_next()` or typed `_next()` call (`nlrs_route_dump_next()`,
/// ...) of the dump handed out, into `*out`: for a reader of decoded routes that wants the
/// whole message of a few of them (`NLRS_ROUTE_HAS_METRICS`, ...) for an `nlrs_route` object.
///
/// Returns 1 with `*out` valid as the last call's message (until the next call on the dump or
/// its socket), 0 when that call handed out none (or there was none yet; then `*out` is
/// untouched). `-NLRS_E_CONSUMED` when the socket was used for something else since, `-EINVAL`
/// for a NULL `dump` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_dump_msg(dump: *mut nlrs_dump, out: *mut nlrs_rmsg) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call_mut(dump, |d| {
        let out = out?;
        with_socket(d, |st| match d.last.get() {
            Some((at, len)) => out.set_some(Some(nlrs_rmsg::new(&st.sock.dump_msg_at(at, len)?))),
            None => Ok(0),
        })
    })
}

/// Runs `f` on the state of the dump's socket, once the dump is known to still own it. Called
/// inside the dump's own panic boundary, so the socket needs none of its own.
fn with_socket(d: &DumpState, f: impl FnOnce(&mut SocketState) -> FfiResult) -> FfiResult {
    // Lent without a boundary of its own (a panic poisons it all the same): this is the
    // per-message path of a large dump. `-EBUSY` when a callback under the socket got here.
    // SAFETY: the socket outlives the dump (the contract `nlrs_socket_dump` documents); a NULL
    // pointer is refused.
    let mut st = unsafe { arg_mut(d.sock) }?.live_mut()?;
    if !st.dump_is_current(d.id) {
        return Err(-NLRS_E_CONSUMED);
    }
    f(&mut st)
}

/// The dump's next message given to `f`, for readers that decode it on the spot:
/// `Ok(Some(f(msg)))`, `Ok(None)` at the dump's successful end, else the negative code. The
/// socket's error and warning change only at the end, so a message is handed out without
/// touching them (this is the per-route cost of a large dump).
pub(crate) fn next_map<T>(
    d: &DumpState,
    f: impl FnOnce(&Msg<'_>) -> FfiResult<T>,
) -> FfiResult<Option<T>> {
    let mut out = None;
    d.last.set(None);
    let rc = with_socket(d, |st| {
        // `Socket::dump_next`, keeping the message's place for `nlrs_dump_msg()`.
        let next = st
            .sock
            .dump_advance()
            .map(|r| r.and_then(|(at, len)| Ok(((at, len), st.sock.dump_msg_at(at, len)?))));
        match next {
            Some(Ok((place, m))) => {
                d.last.set(Some(place));
                out = Some(f(&m)?);
                Ok(1)
            }
            Some(Err(e)) => st.record(Err(e)),
            None => st.record(Ok(0)),
        }
    });
    match rc? {
        0 => Ok(None),
        _ => Ok(out),
    }
}

/// Reads the dump to its end, calling `cb(userdata, msg)` for each message (`msg` is valid only
/// during the call), on the calling thread. Built on `nlrs_dump_next()`.
///
/// Returns 0 at the dump's successful end; the callback's positive value when it stopped early
/// (the dump can be resumed with another call); the callback's negative value when it aborted;
/// otherwise the negative code `nlrs_dump_next()` returned (`-NLRS_E_DUMP_INTR` after every
/// message was delivered, the kernel's errno, `-EAGAIN` on a non-blocking socket: call again
/// later to go on, ...). `-EINVAL` for a NULL `dump` or `cb`.
#[no_mangle]
pub extern "C" fn nlrs_dump_foreach(
    dump: *mut nlrs_dump,
    cb: nlrs_dump_cb,
    userdata: *mut c_void,
) -> c_int {
    call_mut(dump, |d| {
        let cb = cb.ok_or(-libc::EINVAL)?;
        // SAFETY: the caller's callback, called as its type says (the API contract).
        each(d, |m| unsafe { cb(userdata, nlrs_rmsg::new(m)) })
    })
}

/// Hands each remaining message of the dump to `f` until the dump ends or `f` returns a
/// non-zero value: `Ok(0)` at the successful end, `Err(rc)` with what `f` returned, or the
/// dump's error code. One trip through the socket's checks for the whole loop: the body of
/// the `_foreach` functions.
pub(crate) fn each(d: &DumpState, mut f: impl FnMut(&Msg<'_>) -> c_int) -> FfiResult {
    // Its messages are lent to `f` alone: `nlrs_dump_msg()` has none after it.
    d.last.set(None);
    with_socket(d, |st| {
        let mut rc = 0;
        let run = st.sock.dump_each(|m| {
            rc = f(&m);
            rc == 0
        });
        match run {
            Ok(true) => st.record(Ok(0)),
            Ok(false) => Err(rc),
            Err(e) => st.record(Err(e)),
        }
    })
}
