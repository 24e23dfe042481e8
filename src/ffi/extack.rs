//! The kernel's last error on a socket, with its extended ACK, and the last ACK's warning.
//!
//! A failed request, dump or batch keeps the kernel's error on its socket (YNL-style, no
//! thread-local state) until the next request, dump or batch on that socket.

use std::os::raw::{c_char, c_int};

use super::error::write_text;
use super::macros::{arg_out, arg_slice_mut, call, get};
use super::socket::nlrs_socket;
use crate::conn::code_text;

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// Writes the path of the attribute the kernel's last error on `sock` points at, in the
/// request that was sent, as text: `"IFLA_LINKINFO > IFLA_INFO_KIND"` (outermost first; types
/// nlrs has no name for are written as numbers). Like `snprintf`: truncated to `len - 1` bytes
/// and always NUL-terminated when `len > 0`; `buf` may be NULL when `len` is 0, to ask for the
/// size.
///
/// Returns the full text's length without its NUL (truncated when `>= len`); 0, with an empty
/// string, when the error names no attribute or there is no error. `-EINVAL` for a NULL `sock`
/// or a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_socket_ext_path(
    sock: *const nlrs_socket,
    buf: *mut c_char,
    len: usize,
) -> c_int {
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    let buf = unsafe { arg_slice_mut(buf.cast::<u8>(), len) };
    call(sock, |st| {
        let text = st
            .last()
            .and_then(|k| k.attr_path_text())
            .unwrap_or_default();
        write_text(buf?, &text)
    })
}

/// Copies the types of the attributes on the path the kernel's last error on `sock` points at
/// (outermost first, flags masked off; e.g. `{NLRS_IFLA_LINKINFO, NLRS_IFLA_INFO_KIND}`) into
/// `types`, at most `max` of them. `types` may be NULL when `max` is 0, to ask for the depth.
///
/// Returns the full depth of the path (so `types` was too small when the result is `> max`);
/// 0 when the error names no attribute, there is no error, `sock` is NULL, or `types` is NULL
/// with `max > 0`.
#[no_mangle]
pub extern "C" fn nlrs_socket_ext_path_types(
    sock: *const nlrs_socket,
    types: *mut u16,
    max: usize,
) -> usize {
    // SAFETY: `(types, max)` is NULL/0 or writable (the API contract).
    let types = unsafe { arg_slice_mut(types, max) };
    get(sock, 0, |st| {
        let types = types?;
        let path = st.last().map_or(&[][..], |k| &k.ext.attr_path[..]);
        let n = path.len().min(types.len());
        types[..n].copy_from_slice(&path[..n]);
        Ok(path.len())
    })
}

/// Describes `err`, a code an nlrs call on `sock` returned, like `nlrs_strerror()` but with
/// what the kernel said: when `err` is the socket's last kernel error (`err == -errno`), the
/// text is `"<errno text>: <kernel text> (attribute <path>)"`, e.g. `"Numerical result out of
/// range: Attribute failed policy validation (attribute IFLA_MTU)"`, each part present only
/// when the kernel gave it; otherwise it is `nlrs_strerror()`'s text.
///
/// Like `snprintf`: truncated to `len - 1` bytes (at a UTF-8 character boundary) and always
/// NUL-terminated when `len > 0`; `buf` may be NULL when `len` is 0, to ask for the size.
/// Returns the full text's length without its NUL (truncated when `>= len`), or `-EINVAL` for a
/// NULL `sock` or a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_socket_error_text(
    sock: *const nlrs_socket,
    err: c_int,
    buf: *mut c_char,
    len: usize,
) -> c_int {
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    let buf = unsafe { arg_slice_mut(buf.cast::<u8>(), len) };
    call(sock, |st| {
        let buf = buf?;
        let text = match st.last() {
            Some(k) if err.checked_neg() == Some(k.errno) => k.to_string(),
            _ => code_text(err),
        };
        write_text(buf, &text)
    })
}
