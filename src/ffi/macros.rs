//! The panic boundary, NULL checks and handle plumbing shared by every file in `src/ffi/`.
//!
//! Nothing here is exported to C. There is one way to do each thing:
//!
//! | need                                              | use                                  |
//! |---------------------------------------------------|--------------------------------------|
//! | `int` call on no handle (a constructor)           | [`guard`]                            |
//! | pointer/size/bool result on no handle             | [`guard_or`]                         |
//! | `int` call on a handle                            | [`call`] / [`call_mut`]              |
//! | pointer/size/bool result from a handle (getter)   | [`get`] / [`get_mut`]                |
//! | a second handle inside the closure                | [`arg_ref`] + [`FfiHandle::live`]    |
//! | a second handle, mutably, on a hot path           | [`arg_mut`] + [`nested_mut`]         |
//! | `T *` argument to `&T` / `&mut T`                 | [`arg_ref`] / [`arg_mut`]            |
//! | `(ptr, len)` to a slice                           | [`arg_slice`] / [`arg_slice_mut`]    |
//! | C string to `&CStr` (bytes) / `&str` (UTF-8)      | [`arg_cstr`] / [`arg_str`]           |
//! | out-parameter, written only on success            | [`arg_out`] then [`Out::set`]        |
//! | new handle / free / consume                       | [`into_raw`] / [`free`] / [`take`]   |
//! | required callback                                 | `cb.ok_or(-libc::EINVAL)?`           |
//!
//! Closures return [`FfiResult`]: `Ok(n)` is returned to C as is, `Err(code)` carries a
//! *negative* code. `?` works on `conn::Error`, `wire::BuildError` and `wire::ParseError`
//! (converted by the `From` impls in `error.rs`), and on every `arg_*` helper.
//!
//! A handle type is an opaque tuple struct around [`Handle`], declared literally (cbindgen must
//! see it) and wired up with [`ffi_handle!`]:
//!
//! ```ignore
//! /// A netlink socket. ... (C documentation: functions, thread rules.)
//! pub struct nlrs_socket(Handle<Socket>);
//! ffi_handle!(nlrs_socket => Socket);
//!
//! /// Opens a socket ... Writes `*out` only on success. Errors: `-EINVAL` (NULL `out`), ...
//! #[no_mangle]
//! pub extern "C" fn nlrs_socket_open(protocol: c_int, out: *mut *mut nlrs_socket) -> c_int {
//!     // SAFETY: `out` is NULL or writable (the API contract).
//!     let out = unsafe { arg_out(out) };
//!     guard(|| {
//!         let out = out?;
//!         out.set(into_raw(Socket::open(protocol)?));
//!         Ok(0)
//!     })
//! }
//!
//! /// Sends `len` bytes ... Errors: `-EINVAL` (NULL `sock`, NULL `buf` with `len > 0`), ...
//! #[no_mangle]
//! pub extern "C" fn nlrs_socket_send(sock: *mut nlrs_socket, buf: *const u8, len: usize) -> c_int {
//!     // SAFETY: `sock` is NULL or live, `(buf, len)` is readable (the API contract).
//!     let (sock, data) = unsafe { (arg_mut(sock), arg_slice(buf, len)) };
//!     call_mut(sock, |s| Ok(s.send(data?)? as c_int))
//! }
//!
//! /// Frees the socket. NULL is a no-op; freeing twice is undefined.
//! #[no_mangle]
//! pub extern "C" fn nlrs_socket_free(sock: *mut nlrs_socket) {
//!     // SAFETY: `sock` is NULL or a live handle the caller gives up (the API contract).
//!     unsafe { free(sock) }
//! }
//! ```
//!
//! The pointer conversions are `unsafe fn`s called in a one-line `unsafe` block before the
//! closure, so the closure body itself stays safe code. Their shared contract, which is the C
//! API's contract: a pointer is NULL or valid for the access for the duration of the call, and a
//! handle pointer came from [`into_raw`] and was not freed.

// The kit is complete on purpose; a given build may not use every helper yet.
#![allow(dead_code)]

use std::cell::Cell;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::os::raw::{c_char, c_int};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use super::error::{NLRS_E_CONSUMED, NLRS_E_PANIC};

/// What FFI closures return: `Ok(value)` for C, or `Err(negative code)`.
pub(crate) type FfiResult<T = c_int> = Result<T, c_int>;

/// The state behind every opaque C handle: the Rust object, and whether a panic left it
/// unusable (then every later call returns `-NLRS_E_CONSUMED`, or the getter's fallback).
///
/// The flag is a [`Cell`] so a panic under a `const` handle can poison it too; handles are used
/// by one thread at a time, as the C API documents.
pub(crate) struct Handle<T> {
    inner: T,
    poisoned: Cell<bool>,
}

impl<T> Handle<T> {
    /// Wraps a live object.
    pub(crate) fn new(inner: T) -> Self {
        Handle {
            inner,
            poisoned: Cell::new(false),
        }
    }

    /// Whether a panic made the handle unusable.
    pub(crate) fn is_poisoned(&self) -> bool {
        self.poisoned.get()
    }

    /// Marks the handle unusable (done by the guards when a panic is caught).
    pub(crate) fn poison(&self) {
        self.poisoned.set(true);
    }
}

/// An opaque C handle type: a tuple struct `pub struct nlrs_x(Handle<X>);`. Implement it with
/// [`ffi_handle!`], never by hand.
pub(crate) trait FfiHandle: Sized {
    /// The Rust object behind the handle.
    type Inner;
    /// Wraps a [`Handle`].
    fn wrap(handle: Handle<Self::Inner>) -> Self;
    /// The wrapped [`Handle`].
    fn handle(&self) -> &Handle<Self::Inner>;
    /// The wrapped [`Handle`], mutably.
    fn handle_mut(&mut self) -> &mut Handle<Self::Inner>;
    /// Unwraps the [`Handle`].
    fn unwrap(self) -> Handle<Self::Inner>;

    /// The object, or `-NLRS_E_CONSUMED` when a panic poisoned the handle. For a second handle
    /// argument inside another handle's closure: `let m = msg?.live()?;`.
    fn live(&self) -> FfiResult<&Self::Inner> {
        let h = self.handle();
        if h.is_poisoned() {
            return Err(-NLRS_E_CONSUMED);
        }
        Ok(&h.inner)
    }

    /// The object mutably, or `-NLRS_E_CONSUMED` when a panic poisoned the handle.
    fn live_mut(&mut self) -> FfiResult<&mut Self::Inner> {
        let h = self.handle_mut();
        if h.is_poisoned() {
            return Err(-NLRS_E_CONSUMED);
        }
        Ok(&mut h.inner)
    }
}

/// Implements [`FfiHandle`] for an opaque handle tuple struct:
/// `pub struct nlrs_socket(Handle<Socket>); ffi_handle!(nlrs_socket => Socket);`.
#[allow(unused_macros)] // until the first handle file
macro_rules! ffi_handle {
    ($name:ident => $inner:ty) => {
        impl $crate::ffi::macros::FfiHandle for $name {
            type Inner = $inner;
            fn wrap(handle: $crate::ffi::macros::Handle<$inner>) -> Self {
                $name(handle)
            }
            fn handle(&self) -> &$crate::ffi::macros::Handle<$inner> {
                &self.0
            }
            fn handle_mut(&mut self) -> &mut $crate::ffi::macros::Handle<$inner> {
                &mut self.0
            }
            fn unwrap(self) -> $crate::ffi::macros::Handle<$inner> {
                self.0
            }
        }
    };
}
#[allow(unused_imports)] // until the first handle file
pub(crate) use ffi_handle;

// ---------------------------------------------------------------------------------------------
// Panic boundary.

/// Runs an `int`-returning body with no handle inside the panic boundary: `Ok(n)` gives `n`,
/// `Err(code)` gives `code`, a panic gives `-NLRS_E_PANIC`.
#[inline]
pub(crate) fn guard(f: impl FnOnce() -> FfiResult) -> c_int {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(n) | Err(n)) => n,
        Err(payload) => {
            drop_payload(payload);
            -NLRS_E_PANIC
        }
    }
}

/// Runs a body with no handle that returns a pointer, size or bool inside the panic boundary:
/// `Ok(v)` gives `v`; an error or a panic gives `fallback` (NULL, 0, false).
#[inline]
pub(crate) fn guard_or<T>(fallback: T, f: impl FnOnce() -> FfiResult<T>) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => v,
        Ok(Err(_)) => fallback,
        Err(payload) => {
            drop_payload(payload);
            fallback
        }
    }
}

/// Runs an `int`-returning body on a handle inside the panic boundary. `h` is the result of
/// [`arg_ref`]: its error (`-EINVAL` for NULL) is returned as is; a poisoned handle gives
/// `-NLRS_E_CONSUMED` without running `f`; a panic poisons the handle and gives `-NLRS_E_PANIC`.
#[inline]
pub(crate) fn call<H: FfiHandle>(
    h: FfiResult<&H>,
    f: impl FnOnce(&H::Inner) -> FfiResult,
) -> c_int {
    match h {
        Ok(h) => run(h.handle(), -NLRS_E_CONSUMED, -NLRS_E_PANIC, |inner| {
            flatten(f(inner))
        }),
        Err(code) => code,
    }
}

/// [`call`] for a body that changes the object (`nlrs_x *` rather than `const nlrs_x *`).
#[inline]
pub(crate) fn call_mut<H: FfiHandle>(
    h: FfiResult<&mut H>,
    f: impl FnOnce(&mut H::Inner) -> FfiResult,
) -> c_int {
    match h {
        Ok(h) => run_mut(h.handle_mut(), -NLRS_E_CONSUMED, -NLRS_E_PANIC, |inner| {
            flatten(f(inner))
        }),
        Err(code) => code,
    }
}

/// Runs `f` on a second handle from inside another handle's boundary ([`call`] and friends),
/// without a boundary of its own: a poisoned handle gives `-NLRS_E_CONSUMED`, and a panic in
/// `f` poisons this handle too before the enclosing boundary catches it. For hot paths (a dump
/// reading through its socket) where a second `catch_unwind` per call shows.
#[inline]
pub(crate) fn nested_mut<H: FfiHandle, T>(
    h: FfiResult<&mut H>,
    f: impl FnOnce(&mut H::Inner) -> FfiResult<T>,
) -> FfiResult<T> {
    /// Poisons the handle when dropped during unwinding.
    struct OnUnwind<'a>(&'a Cell<bool>);
    impl Drop for OnUnwind<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0.set(true);
            }
        }
    }
    let Handle { inner, poisoned } = h?.handle_mut();
    if poisoned.get() {
        return Err(-NLRS_E_CONSUMED);
    }
    let _guard = OnUnwind(poisoned);
    f(inner)
}

/// A getter on a handle inside the panic boundary: `Ok(v)` gives `v`; NULL, a poisoned handle,
/// an error or a panic give `fallback` (a panic also poisons the handle).
#[inline]
pub(crate) fn get<H: FfiHandle, T>(
    h: FfiResult<&H>,
    fallback: T,
    f: impl FnOnce(&H::Inner) -> FfiResult<T>,
) -> T {
    match h {
        Ok(h) => match run(h.handle(), None, None, |inner| f(inner).ok()) {
            Some(v) => v,
            None => fallback,
        },
        Err(_) => fallback,
    }
}

/// [`get`] for a body that changes the object.
#[inline]
pub(crate) fn get_mut<H: FfiHandle, T>(
    h: FfiResult<&mut H>,
    fallback: T,
    f: impl FnOnce(&mut H::Inner) -> FfiResult<T>,
) -> T {
    match h {
        Ok(h) => match run_mut(h.handle_mut(), None, None, |inner| f(inner).ok()) {
            Some(v) => v,
            None => fallback,
        },
        Err(_) => fallback,
    }
}

#[inline]
fn flatten(r: FfiResult) -> c_int {
    match r {
        Ok(n) | Err(n) => n,
    }
}

#[inline]
fn run<T, R>(h: &Handle<T>, poisoned: R, panicked: R, f: impl FnOnce(&T) -> R) -> R {
    if h.is_poisoned() {
        return poisoned;
    }
    match catch_unwind(AssertUnwindSafe(|| f(&h.inner))) {
        Ok(r) => r,
        Err(payload) => {
            h.poison();
            drop_payload(payload);
            panicked
        }
    }
}

#[inline]
fn run_mut<T, R>(h: &mut Handle<T>, poisoned: R, panicked: R, f: impl FnOnce(&mut T) -> R) -> R {
    if h.is_poisoned() {
        return poisoned;
    }
    match catch_unwind(AssertUnwindSafe(|| f(&mut h.inner))) {
        Ok(r) => r,
        Err(payload) => {
            h.poison();
            drop_payload(payload);
            panicked
        }
    }
}

/// Drops a panic payload without letting a panicking `Drop` escape to C (then it is leaked).
fn drop_payload(payload: Box<dyn std::any::Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(again);
    }
}

// ---------------------------------------------------------------------------------------------
// Handles: create, free, consume.

/// Boxes `inner` into a new handle for C. The caller (C) owns it and frees it with the type's
/// `_free` function, which calls [`free`].
pub(crate) fn into_raw<H: FfiHandle>(inner: H::Inner) -> *mut H {
    Box::into_raw(Box::new(H::wrap(Handle::new(inner))))
}

/// Frees a handle made by [`into_raw`]. NULL is a no-op; a panic while dropping is caught and
/// the rest is leaked.
///
/// # Safety
/// `ptr` is NULL or a live handle from [`into_raw`] that is not used again.
pub(crate) unsafe fn free<H: FfiHandle>(ptr: *mut H) {
    if !ptr.is_null() {
        // SAFETY: per the contract, `ptr` came from `Box::into_raw` and is given up.
        let boxed = unsafe { Box::from_raw(ptr) };
        guard_or((), move || {
            drop(boxed);
            Ok(())
        });
    }
}

/// Takes ownership back from C, for calls that consume a handle (they consume it even when
/// they fail). NULL gives `-EINVAL`; a poisoned handle is freed and gives `-NLRS_E_CONSUMED`.
/// Call it before the guard and use the result inside: `let d = unsafe { take(d) }; guard(||
/// { let d = d?; ... })`.
///
/// # Safety
/// As [`free`].
pub(crate) unsafe fn take<H: FfiHandle>(ptr: *mut H) -> FfiResult<H::Inner> {
    if ptr.is_null() {
        return Err(-libc::EINVAL);
    }
    // SAFETY: per the contract, `ptr` came from `Box::into_raw` and is given up.
    let handle = unsafe { Box::from_raw(ptr) }.unwrap();
    if handle.is_poisoned() {
        guard_or((), move || {
            drop(handle);
            Ok(())
        });
        return Err(-NLRS_E_CONSUMED);
    }
    Ok(handle.inner)
}

// ---------------------------------------------------------------------------------------------
// Arguments: pointers from C to references.

/// `const T *` to `&T`; NULL gives `-EINVAL`. Works for handles and for small `repr(C)`
/// structs alike.
///
/// # Safety
/// `ptr` is NULL or valid for reads, aligned, and not written through elsewhere during `'a`.
pub(crate) unsafe fn arg_ref<'a, T>(ptr: *const T) -> FfiResult<&'a T> {
    // SAFETY: per the contract.
    unsafe { ptr.as_ref() }.ok_or(-libc::EINVAL)
}

/// `T *` to `&mut T`; NULL gives `-EINVAL`.
///
/// # Safety
/// `ptr` is NULL or valid for reads and writes, aligned, and not aliased during `'a`.
pub(crate) unsafe fn arg_mut<'a, T>(ptr: *mut T) -> FfiResult<&'a mut T> {
    // SAFETY: per the contract.
    unsafe { ptr.as_mut() }.ok_or(-libc::EINVAL)
}

/// `(const T *ptr, size_t len)` to `&[T]`. NULL is allowed only with `len == 0`; otherwise NULL,
/// a misaligned pointer or a length over `isize::MAX` bytes gives `-EINVAL`.
///
/// # Safety
/// Unless NULL, `ptr` is valid for reads of `len` elements, not written elsewhere during `'a`.
pub(crate) unsafe fn arg_slice<'a, T>(ptr: *const T, len: usize) -> FfiResult<&'a [T]> {
    if len == 0 {
        return Ok(&[]);
    }
    check_slice::<T>(ptr.cast(), len)?;
    // SAFETY: non-NULL, aligned and small enough (checked), readable (contract).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// `(T *ptr, size_t len)` to `&mut [T]`, as [`arg_slice`].
///
/// # Safety
/// Unless NULL, `ptr` is valid for reads and writes of `len` elements, not aliased during `'a`.
pub(crate) unsafe fn arg_slice_mut<'a, T>(ptr: *mut T, len: usize) -> FfiResult<&'a mut [T]> {
    if len == 0 {
        return Ok(&mut []);
    }
    check_slice::<T>(ptr.cast_const().cast(), len)?;
    // SAFETY: non-NULL, aligned and small enough (checked), writable (contract).
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

fn check_slice<T>(ptr: *const u8, len: usize) -> FfiResult<()> {
    let aligned = (ptr as usize) % std::mem::align_of::<T>() == 0;
    let fits = len
        .checked_mul(std::mem::size_of::<T>())
        .is_some_and(|bytes| bytes <= isize::MAX as usize);
    if ptr.is_null() || !aligned || !fits {
        return Err(-libc::EINVAL);
    }
    Ok(())
}

/// NUL-terminated `const char *` to `&CStr` (use `.to_bytes()` for names that need not be
/// UTF-8, such as interface names). NULL gives `-EINVAL`.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string not written elsewhere during `'a`.
pub(crate) unsafe fn arg_cstr<'a>(ptr: *const c_char) -> FfiResult<&'a CStr> {
    if ptr.is_null() {
        return Err(-libc::EINVAL);
    }
    // SAFETY: non-NULL (checked) and NUL-terminated (contract).
    Ok(unsafe { CStr::from_ptr(ptr) })
}

/// NUL-terminated `const char *` to `&str`. NULL or invalid UTF-8 gives `-EINVAL`.
///
/// # Safety
/// As [`arg_cstr`].
pub(crate) unsafe fn arg_str<'a>(ptr: *const c_char) -> FfiResult<&'a str> {
    // SAFETY: per the contract.
    let s = unsafe { arg_cstr(ptr) }?;
    s.to_str().map_err(|_| -libc::EINVAL)
}

/// An out-parameter checked for NULL up front and written at most once, with [`Out::set`],
/// only when the call succeeds.
pub(crate) struct Out<'a, T> {
    ptr: NonNull<T>,
    _borrow: PhantomData<&'a mut T>,
}

impl<T> Out<'_, T> {
    /// Writes the result. The old value is overwritten, never dropped (C may leave it
    /// uninitialised).
    pub(crate) fn set(self, value: T) {
        // SAFETY: `arg_out`'s contract: valid for writes and aligned.
        unsafe { self.ptr.as_ptr().write(value) }
    }
}

/// `T *out` to an [`Out`]; NULL gives `-EINVAL`. Nothing is written until [`Out::set`].
///
/// # Safety
/// `ptr` is NULL or valid for writes of a `T` and aligned, not aliased during `'a`.
pub(crate) unsafe fn arg_out<'a, T>(ptr: *mut T) -> FfiResult<Out<'a, T>> {
    NonNull::new(ptr)
        .map(|ptr| Out {
            ptr,
            _borrow: PhantomData,
        })
        .ok_or(-libc::EINVAL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr;

    struct Thing(Handle<Vec<u8>>);
    ffi_handle!(Thing => Vec<u8>);

    fn quiet_panic() -> ! {
        std::panic::resume_unwind(Box::new("test panic"))
    }

    #[test]
    fn guard_maps_ok_err_and_panic() {
        assert_eq!(guard(|| Ok(5)), 5);
        assert_eq!(guard(|| Err(-libc::ENODEV)), -libc::ENODEV);
        assert_eq!(guard(|| quiet_panic()), -NLRS_E_PANIC);
        assert_eq!(guard_or(7u32, || Ok(1)), 1);
        assert_eq!(guard_or(7u32, || Err(-1)), 7);
        assert_eq!(guard_or(7u32, || quiet_panic()), 7);
    }

    #[test]
    fn handle_lifecycle_and_poisoning() {
        let p: *mut Thing = into_raw(vec![1, 2]);
        let len = |p: *const Thing| get(unsafe { arg_ref(p) }, 0usize, |v| Ok(v.len()));
        assert_eq!(len(p), 2);
        let push = |p: *mut Thing| {
            call_mut(unsafe { arg_mut(p) }, |v| {
                v.push(3);
                Ok(v.len() as c_int)
            })
        };
        assert_eq!(push(p), 3);
        assert_eq!(push(ptr::null_mut()), -libc::EINVAL);
        assert_eq!(len(ptr::null()), 0);
        // A panic poisons the handle; every later call refuses it.
        assert_eq!(
            call(unsafe { arg_ref(p) }, |_| quiet_panic()),
            -NLRS_E_PANIC
        );
        assert_eq!(push(p), -NLRS_E_CONSUMED);
        assert_eq!(len(p), 0);
        assert_eq!(unsafe { take(p) }.unwrap_err(), -NLRS_E_CONSUMED); // and frees it
        assert_eq!(
            unsafe { take::<Thing>(ptr::null_mut()) }.unwrap_err(),
            -libc::EINVAL
        );

        let q: *mut Thing = into_raw(vec![9]);
        assert_eq!(unsafe { take(q) }.unwrap(), vec![9]);
        let r: *mut Thing = into_raw(vec![]);
        unsafe { free(r) };
        unsafe { free::<Thing>(ptr::null_mut()) };
    }

    #[test]
    fn live_refuses_poisoned_second_handle() {
        let t = Thing(Handle::new(vec![1]));
        assert_eq!(t.live().unwrap(), &vec![1]);
        t.handle().poison();
        assert_eq!(t.live().unwrap_err(), -NLRS_E_CONSUMED);
    }

    #[test]
    fn slices() {
        let data = [1u32, 2, 3];
        assert_eq!(unsafe { arg_slice(data.as_ptr(), 3) }.unwrap(), &data);
        assert!(unsafe { arg_slice::<u32>(ptr::null(), 0) }
            .unwrap()
            .is_empty());
        assert_eq!(
            unsafe { arg_slice::<u8>(ptr::null(), 1) },
            Err(-libc::EINVAL)
        );
        let misaligned = (data.as_ptr() as *const u8).wrapping_add(1) as *const u32;
        assert_eq!(unsafe { arg_slice(misaligned, 1) }, Err(-libc::EINVAL));
        assert_eq!(
            unsafe { arg_slice(data.as_ptr(), usize::MAX / 2) },
            Err(-libc::EINVAL)
        );
        let mut buf = [0u8; 2];
        unsafe { arg_slice_mut(buf.as_mut_ptr(), 2) }.unwrap()[1] = 7;
        assert_eq!(buf, [0, 7]);
        assert_eq!(
            unsafe { arg_slice_mut::<u8>(ptr::null_mut(), 3) },
            Err(-libc::EINVAL)
        );
    }

    #[test]
    fn strings() {
        let s = c"eth0";
        assert_eq!(unsafe { arg_str(s.as_ptr()) }, Ok("eth0"));
        assert_eq!(unsafe { arg_cstr(s.as_ptr()) }.unwrap().to_bytes(), b"eth0");
        assert_eq!(unsafe { arg_str(ptr::null()) }, Err(-libc::EINVAL));
        let bad = [0xffu8, 0];
        assert_eq!(unsafe { arg_str(bad.as_ptr().cast()) }, Err(-libc::EINVAL));
    }

    #[test]
    fn out_written_only_by_set() {
        let mut x = 1i32;
        let out = unsafe { arg_out(&mut x) }.unwrap();
        assert_eq!(guard(|| Err(-libc::EIO)), -libc::EIO);
        out.set(42);
        assert_eq!(x, 42);
        assert!(unsafe { arg_out::<i32>(ptr::null_mut()) }.is_err());
    }
}
