//! Error codes for C: the `NLRS_E_*` constants and [`nlrs_strerror`].
//!
//! Every fallible nlrs function returns `int`: `0` success, `> 0` only where documented, `< 0`
//! an error. An error is a negative errno wherever one fits (`-ENODEV`, `-EINVAL`, `-ENOBUFS`
//! for a receive overrun, `-EMSGSIZE` for a too-small buffer, `-EBADMSG` for malformed kernel
//! input) or a negative `NLRS_E_*` code below. The codes start at 4096, above Linux's
//! `MAX_ERRNO`, so they never collide with an errno.

use std::ffi::CString;
use std::os::raw::{c_char, c_int};

// The error codes are reachable here, next to what they mean (`nlrs_strerror`).
pub(super) use super::consts::{NLRS_E_BUILD, NLRS_E_CONSUMED, NLRS_E_PANIC};
use super::macros::{arg_slice_mut, guard, FfiResult};
use crate::conn::{self, code_text};
use crate::wire::{BuildError, ParseError};

// The values are literals because cbindgen can only write literals into `#define`s; the
// assertions below tie each to its source of truth, `crate::conn::code`, at compile time.

/// Lets `?` turn a failed conversation into its negative code inside FFI closures.
impl From<conn::Error> for c_int {
    fn from(e: conn::Error) -> c_int {
        e.code()
    }
}

/// Lets `?` turn a build failure into `-NLRS_E_BUILD` inside FFI closures.
impl From<BuildError> for c_int {
    fn from(_: BuildError) -> c_int {
        -NLRS_E_BUILD
    }
}

/// Lets `?` turn malformed input into `-EBADMSG` inside FFI closures.
impl From<ParseError> for c_int {
    fn from(_: ParseError) -> c_int {
        -libc::EBADMSG
    }
}

/// Describes any code an nlrs function returns, like `snprintf`.
///
/// `err` is a negative errno or a negative `NLRS_E_*` code (the sign is ignored, so `ENODEV`
/// works too; `0` is "Success"). The text is written into `buf`, truncated to `len - 1` bytes
/// (at a UTF-8 character boundary) and always NUL-terminated when `len > 0`. `buf` may be NULL
/// only when `len` is 0, to ask for the size.
///
/// Returns the length of the full text without its NUL (so the text was truncated when the
/// result is `>= len`), or `-EINVAL` when `buf` is NULL and `len > 0`. Needs no handle; may be
/// called from any thread.
#[no_mangle]
pub extern "C" fn nlrs_strerror(err: c_int, buf: *mut c_char, len: usize) -> c_int {
    // SAFETY: `(buf, len)` is NULL/0 or writable for `len` bytes (the API contract).
    let buf = unsafe { arg_slice_mut(buf.cast::<u8>(), len) };
    guard(|| write_text(buf?, &code_text(err)))
}

/// `text` for C, cut at its first NUL (C could not see past it). The texts nlrs hands out hold
/// none: the kernel's are NUL-terminated, JSON escapes it, the others are made here.
pub(crate) fn c_text(text: &str) -> CString {
    CString::new(text.split('\0').next().unwrap_or_default()).unwrap_or_default()
}

/// Copies `text` into `buf` like `snprintf`: truncated to `buf.len() - 1` bytes at a UTF-8
/// character boundary and NUL-terminated when `buf` is not empty. Returns the full text's
/// length without its NUL. The body of every function that writes text into a C buffer.
pub(crate) fn write_text(buf: &mut [u8], text: &str) -> FfiResult {
    let mut n = text.len().min(buf.len().saturating_sub(1));
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    if !buf.is_empty() {
        buf[..n].copy_from_slice(&text.as_bytes()[..n]);
        buf[n] = 0;
    }
    c_int::try_from(text.len()).map_err(|_| -libc::EOVERFLOW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::consts::NLRS_E_TIMEOUT;
    use std::ffi::CStr;
    use std::ptr;

    fn text(err: c_int, len: usize) -> (c_int, String) {
        let mut buf = vec![0x55u8; len + 1];
        let rc = nlrs_strerror(err, buf.as_mut_ptr().cast(), len);
        assert_eq!(buf[len], 0x55, "wrote past len");
        let s = if len > 0 {
            CStr::from_bytes_until_nul(&buf)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        } else {
            String::new()
        };
        (rc, s)
    }

    #[test]
    fn full_text_and_length() {
        let want = code_text(-libc::ENODEV);
        let (rc, s) = text(-libc::ENODEV, 256);
        assert_eq!(s, want);
        assert_eq!(rc as usize, want.len());
        let (rc, s) = text(-NLRS_E_PANIC, 256);
        assert!(s.contains("panic"), "{s}");
        assert_eq!(rc as usize, s.len());
        assert_eq!(text(0, 64).1, "Success");
    }

    #[test]
    fn truncates_and_terminates() {
        let full = code_text(-NLRS_E_TIMEOUT);
        let (rc, s) = text(-NLRS_E_TIMEOUT, 5);
        assert_eq!(s, full[..4]);
        assert_eq!(rc as usize, full.len());
        let (rc, s) = text(-NLRS_E_TIMEOUT, 1);
        assert_eq!((rc as usize, s.as_str()), (full.len(), ""));
    }

    #[test]
    fn null_buffer() {
        let need = nlrs_strerror(-libc::EINVAL, ptr::null_mut(), 0);
        assert_eq!(need as usize, code_text(-libc::EINVAL).len());
        assert_eq!(
            nlrs_strerror(-libc::EINVAL, ptr::null_mut(), 8),
            -libc::EINVAL
        );
    }

    #[test]
    fn question_mark_conversions() {
        let e: c_int = conn::Error::Overrun.into();
        assert_eq!(e, -libc::ENOBUFS);
        assert_eq!(c_int::from(conn::Error::Timeout), -NLRS_E_TIMEOUT);
    }
}
