//! The `nlrs_batch` handle: many requests sent with few system calls, one result each.

use std::ffi::CString;
use std::os::raw::{c_char, c_int};

use super::macros::arg_out;
use super::macros::{arg_mut, arg_ref, call_mut, ffi_handle, free, get, guard, into_raw, Handle};
use super::msg::nlrs_msg;
use super::socket::nlrs_socket;
use crate::wire::Batch;

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// Requests to send together with `nlrs_socket_batch()`, and their results once sent.
///
/// Made with `nlrs_batch_new()`, freed with `nlrs_batch_free()`. Add copies of messages with
/// `nlrs_batch_add()`; after `nlrs_socket_batch()`, read each request's outcome with
/// `nlrs_batch_result()` and `nlrs_batch_result_msg()`. A batch can be sent again; each send
/// replaces the results. `nlrs_batch_clear()` empties it for reuse.
///
/// A batch may be used from any thread, one thread at a time.
pub struct nlrs_batch(Handle<BatchState>);
ffi_handle!(nlrs_batch => BatchState);

/// The requests and the results of their last send.
pub(crate) struct BatchState {
    batch: Batch,
    /// Per request: 0 or a negative code, and the kernel's text.
    results: Vec<(c_int, Option<CString>)>,
}

/// Makes an empty batch.
///
/// On success returns 0 and writes a new batch to `*out`, which the caller owns and frees with
/// `nlrs_batch_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`).
#[no_mangle]
pub extern "C" fn nlrs_batch_new(out: *mut *mut nlrs_batch) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        out?.set(into_raw(BatchState {
            batch: Batch::new(),
            results: Vec::new(),
        }));
        Ok(0)
    })
}

/// Appends a copy of `msg` to the batch; `msg` is unchanged and stays the caller's. Forgets
/// the results of an earlier send.
///
/// Returns 0, or `-NLRS_E_BUILD` (a nest of `msg` is still open), `-EINVAL` (NULL `batch` or
/// `msg`).
#[no_mangle]
pub extern "C" fn nlrs_batch_add(batch: *mut nlrs_batch, msg: *const nlrs_msg) -> c_int {
    // SAFETY: `batch` and `msg` are NULL or live (the API contract).
    let msg = unsafe { arg_ref(msg) };
    call_mut(batch, |b| {
        let m = msg?.live()?;
        b.batch.push(&m.builder)?;
        b.results.clear();
        Ok(0)
    })
}

/// Empties the batch and forgets its results, keeping its memory for reuse. Returns 0, or
/// `-EINVAL` (NULL `batch`).
#[no_mangle]
pub extern "C" fn nlrs_batch_clear(batch: *mut nlrs_batch) -> c_int {
    call_mut(batch, |b| {
        b.batch.clear();
        b.results.clear();
        Ok(0)
    })
}

/// Sends every request of `batch` on `sock` (each with `NLRS_NLM_F_REQUEST | NLRS_NLM_F_ACK`
/// and its own fresh sequence number, in as few datagrams as the kernel accepts) and waits
/// for every ACK. The requests run in order; one failing does not stop the others.
///
/// Returns the number of requests the kernel refused (0 when all succeeded); read each
/// request's outcome with `nlrs_batch_result()`. When some failed, the socket keeps the first
/// failure's error for `nlrs_socket_last_errno()` and friends. A negative result is a failure
/// of the socket itself, and then no result is available: `-NLRS_E_TIMEOUT` (ACKs missing
/// after the socket's timeout), `-EAGAIN` (non-blocking socket), `-ENOBUFS`, `-EBADMSG`, or
/// another negative errno; `-EINVAL` for a NULL `sock` or `batch`. A dump still running on
/// `sock` is read to its end and discarded first.
#[no_mangle]
pub extern "C" fn nlrs_socket_batch(sock: *mut nlrs_socket, batch: *mut nlrs_batch) -> c_int {
    // SAFETY: `sock` and `batch` are NULL or live, and distinct objects (the API contract).
    let batch = unsafe { arg_mut(batch) };
    call_mut(sock, |st| {
        let mut b = batch?.live_mut()?;
        b.results.clear();
        let results = st.converse(|s| s.batch(&mut b.batch))?;
        let (mut failed, mut first_err): (c_int, _) = (0, None);
        for r in results {
            let (code, text) = match r {
                Ok(warning) => (0, warning.and_then(|w| w.message)),
                Err(e) => {
                    failed = failed.saturating_add(1);
                    first_err = first_err.or_else(|| e.kernel().cloned());
                    let text = e.kernel().and_then(|k| k.ext.message.clone());
                    (e.code(), text)
                }
            };
            b.results
                .push((code, text.and_then(|m| CString::new(m).ok())));
        }
        if let Some(k) = first_err {
            st.set_last(k);
        }
        Ok(failed)
    })
}

/// Returns the outcome of request `i` (counted from 0, in the order added) of the batch's last
/// send: 0 when the kernel acknowledged it, else its negative errno (`-EEXIST`, `-ENODEV`,
/// ...). `-EINVAL` when `batch` is NULL, `i` is out of range, or the batch was not sent since
/// it last changed.
#[no_mangle]
pub extern "C" fn nlrs_batch_result(batch: *const nlrs_batch, i: usize) -> c_int {
    get(batch, -libc::EINVAL, |b| {
        b.results.get(i).map(|r| r.0).ok_or(-libc::EINVAL)
    })
}

/// Returns the kernel's text for request `i` of the batch's last send: for a failure its
/// extended ACK message (e.g. "Nexthop device is not up"), for a success the warning the
/// kernel attached to the ACK, if any. NULL when the kernel gave no text, `batch` is NULL or
/// `i` is out of range.
///
/// The string belongs to the batch and is valid until the next call that changes, or frees,
/// the batch.
#[no_mangle]
pub extern "C" fn nlrs_batch_result_msg(batch: *const nlrs_batch, i: usize) -> *const c_char {
    get(batch, std::ptr::null(), |b| {
        Ok(b.results
            .get(i)
            .and_then(|r| r.1.as_ref())
            .map_or(std::ptr::null(), |m| m.as_ptr()))
    })
}
