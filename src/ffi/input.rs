//! Bytes from C for a call that writes into a buffer of the very handle it is given, where they
//! may lie: `nlrs_msg_put_bytes(m, t, b.ptr, b.len)` with `b` from `nlrs_msg_bytes(m)`, or
//! `nlrs_link_parse(l, nlrs_link_msg(l))`. Growing or refilling the buffer would free or
//! overwrite them while they are read, so such input is copied first; any other input is
//! read in place. The copy costs an allocation only when the input does overlap.
//!
//! Use it instead of [`arg_slice`] for such an argument, and read it inside the closure, once
//! the handle's buffer is known: `let data = Input::new(ptr, len);` before the closure, `let
//! data = unsafe { data.read(&buf) }?;` inside.

use std::borrow::Cow;
use std::ffi::CStr;
use std::os::raw::c_char;

use super::macros::{arg_slice, FfiResult};

/// `len` bytes at `ptr` from C, not read yet: a pointer and a length, no reference, so
/// nothing is borrowed while the handle's buffer changes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Input {
    ptr: *const u8,
    len: usize,
}

impl Input {
    /// The `(ptr, len)` pair a C caller passed; checked (NULL only with `len == 0`, at most
    /// `isize::MAX` bytes) when read.
    pub(crate) fn new(ptr: *const u8, len: usize) -> Self {
        Input { ptr, len }
    }

    /// The bytes of the NUL-terminated string at `ptr`, without its NUL. NULL gives `-EINVAL`.
    ///
    /// # Safety
    /// `ptr` is NULL or a NUL-terminated string, unchanged until the input is read.
    pub(crate) unsafe fn cstr(ptr: *const c_char) -> FfiResult<Self> {
        if ptr.is_null() {
            return Err(-libc::EINVAL);
        }
        // SAFETY: non-NULL (checked) and NUL-terminated (contract); only its length is kept.
        let len = unsafe { CStr::from_ptr(ptr) }.to_bytes().len();
        Ok(Input::new(ptr.cast(), len))
    }

    /// The bytes, checked as [`arg_slice`] checks them: a copy when they lie in `own`, the
    /// buffer the call is about to write; borrowed in place when they lie outside it.
    /// `-EINVAL` when they reach into `own`'s spare capacity, where nothing was handed out and
    /// nothing was written.
    ///
    /// # Safety
    /// As [`arg_slice`]: unless NULL with `len == 0`, `ptr` is valid for reads of `len` bytes,
    /// and, when the bytes lie outside `own`, not written elsewhere during `'a`.
    pub(crate) unsafe fn read<'a>(self, own: &Vec<u8>) -> FfiResult<Cow<'a, [u8]>> {
        // Compared as addresses, before any reference to the bytes exists.
        let (start, end) = (
            self.ptr as usize,
            (self.ptr as usize).saturating_add(self.len),
        );
        let base = own.as_ptr() as usize;
        let overlaps = self.len > 0 && start < base + own.capacity() && base < end;
        if overlaps && end > base + own.len() {
            return Err(-libc::EINVAL);
        }
        // SAFETY: per the contract.
        let bytes = unsafe { arg_slice(self.ptr, self.len) }?;
        Ok(if overlaps {
            Cow::Owned(bytes.to_vec())
        } else {
            Cow::Borrowed(bytes)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_input_is_copied_other_input_borrowed() {
        let mut own = Vec::with_capacity(16);
        own.extend_from_slice(&[1u8, 2, 3, 4]);
        let other = [9u8; 4];
        // SAFETY: every range read is readable and unchanged during the test (those reaching
        // into the spare capacity are refused before they are read).
        unsafe {
            let inside = Input::new(own[1..].as_ptr(), 2).read(&own);
            assert!(matches!(inside, Ok(Cow::Owned(ref v)) if v == &[2, 3]));
            let apart = Input::new(other.as_ptr(), 4).read(&own);
            assert!(matches!(apart, Ok(Cow::Borrowed(b)) if b == other));
            let nothing = Input::new(std::ptr::null(), 0).read(&own);
            assert!(matches!(nothing, Ok(Cow::Borrowed(b)) if b.is_empty()));
            assert_eq!(
                Input::new(std::ptr::null(), 1).read(&own),
                Err(-libc::EINVAL)
            );
            let past = Input::new(own[2..].as_ptr(), 4).read(&own);
            assert_eq!(past, Err(-libc::EINVAL));
            let s = c"eth0";
            let text = Input::cstr(s.as_ptr()).unwrap().read(&own);
            assert_eq!(text.unwrap().as_ref(), b"eth0");
            assert_eq!(Input::cstr(std::ptr::null()).err(), Some(-libc::EINVAL));
        }
    }
}
