//! The panic boundary, NULL checks and handle plumbing shared by every file in `src/ffi/`.
//!
//! Nothing here is exported to C. There is one way to do each thing:
//!
//! | need                                              | use                                  |
//! |---------------------------------------------------|--------------------------------------|
//! | `int` call on no handle (a constructor)           | [`guard`]                            |
//! | pointer/size/bool result on no handle             | [`guard_or`]                         |
//! | `int` call on a handle                            | [`call`] / [`call_mut`]              |
//! | pointer/size/bool result from a handle (getter)   | [`get`]                              |
//! | the handle among other pointers converted at once | [`arg_ref`] / [`arg_mut`], then as above |
//! | a second handle inside the closure                | [`arg_ref`] + [`HandleRef::live`]    |
//! | a second handle, mutably                          | [`arg_mut`] + [`HandleMut::live_mut`] |
//! | `T *` to a small `repr(C)` struct, `&T` / `&mut T`| [`arg_struct`] / [`arg_struct_mut`]  |
//! | `(ptr, len)` to a slice                           | [`arg_slice`] / [`arg_slice_mut`]    |
//! | C string to `&CStr` (bytes) / `&str` (UTF-8)      | [`arg_cstr`] / [`arg_str`]           |
//! | out-parameter, written only on success            | [`arg_out`] then [`Out::set`]        |
//! | optional result: 1 and `*out`, or 0               | [`arg_out`] then [`Out::set_some`]   |
//! | new handle / free                                 | [`into_raw`] / [`free`]              |
//! | a handle the call owns, filled while no C runs    | [`fill_unlent`]                      |
//! | required callback                                 | `cb.ok_or(-libc::EINVAL)?`           |
//!
//! Closures return [`FfiResult`]: `Ok(n)` is returned to C as is (`Ok(())` as 0), `Err(code)`
//! carries a *negative* code. `?` works on `conn::Error`, `wire::BuildError` and `wire::ParseError`
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
//! /// Joins multicast group `group`. Returns 0, or `-EINVAL` (NULL `sock`), ...
//! #[no_mangle]
//! pub extern "C" fn nlrs_socket_join_group(sock: *mut nlrs_socket, group: u32) -> c_int {
//!     call_mut(sock, |s| Ok(s.join_group(group)?))
//! }
//!
//! /// Sends `len` bytes ... Errors: `-EINVAL` (NULL `sock`, NULL `buf` with `len > 0`), ...
//! #[no_mangle]
//! pub extern "C" fn nlrs_socket_send(sock: *mut nlrs_socket, buf: *const u8, len: usize) -> c_int {
//!     // SAFETY: `(buf, len)` is NULL/0 or readable (the API contract).
//!     let data = unsafe { arg_slice(buf, len) };
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
//! closure, so the closure body itself stays safe code; a handle pointer alone goes to the
//! guard as it is ([`HandleParam`] converts it). Their shared contract, which is the C
//! API's contract: a pointer is NULL or valid for the access for the duration of the call, and a
//! handle pointer came from [`into_raw`] and was not freed.
//!
//! Callbacks may call back in. So no reference to a handle is ever made from a C pointer:
//! [`arg_ref`] / [`arg_mut`] keep the pointer, and the guards lend the object out only after
//! checking, through the pointer, how it is lent already ([`Handle`] keeps `RefCell`-style
//! counts in cells beside the object). A call that changes a handle ([`call_mut`],
//! [`HandleMut::live_mut`]) while any call has it, or one that reads it while a call changes
//! it, gets `-EBUSY` (a getter its fallback); reads under a read may share it. `_free` of a
//! lent handle ([`free`]) only marks it: it is freed when the last borrow ends. A panic poisons
//! every handle the call had borrowed, the second ones too.

use std::cell::Cell;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::os::raw::{c_char, c_int};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use super::error::{NLRS_E_CONSUMED, NLRS_E_PANIC};

/// What FFI closures return: `Ok(value)` for C, or `Err(negative code)`.
pub(crate) type FfiResult<T = c_int> = Result<T, c_int>;

/// The state behind every opaque C handle: the Rust object, and what the guards keep beside it.
///
/// The state is read and written only through the raw handle pointer and [`Cell`]s, never
/// through a reference to the whole handle, so checking it cannot alias the object while a
/// call has it lent out (a callback calling back in). Handles are used by one thread at a time,
/// as the C API documents, so plain cells suffice.
pub(crate) struct Handle<T> {
    inner: T,
    state: State,
}

/// The guards' bookkeeping of one handle.
#[derive(Default)]
struct State {
    /// A panic left the object in an unknown state: every later call returns
    /// `-NLRS_E_CONSUMED`, or the getter's fallback.
    poisoned: Cell<bool>,
    /// How the object is lent now, as `RefCell` counts it: 0 not at all, `n > 0` to `n` calls
    /// that only read it (`const nlrs_x *`), [`EXCLUSIVE`] to one call that may change it.
    borrows: Cell<isize>,
    /// `_free` came while the object was lent: it is freed when the
    /// last borrow ends, and refused by every call until then.
    doomed: Cell<bool>,
}

/// [`State::borrows`] of an object lent to a call that may change it.
const EXCLUSIVE: isize = -1;

impl State {
    /// [`State::borrows`] once the object is lent to one more call (`exclusive`: one that
    /// may change it), or why it cannot be: `-NLRS_E_CONSUMED` poisoned or freed, `-EBUSY`
    /// lent already in a way that excludes it.
    fn next_borrow(&self, exclusive: bool) -> FfiResult<isize> {
        if self.poisoned.get() || self.doomed.get() {
            return Err(-NLRS_E_CONSUMED);
        }
        match (exclusive, self.borrows.get()) {
            (true, 0) => Ok(EXCLUSIVE),
            (false, n) if n >= 0 => Ok(n + 1),
            _ => Err(-libc::EBUSY),
        }
    }
}

impl<T> Handle<T> {
    /// Wraps a live object.
    pub(crate) fn new(inner: T) -> Self {
        Handle {
            inner,
            state: State::default(),
        }
    }
}

/// An opaque C handle type: a tuple struct `pub struct nlrs_x(Handle<X>);`. Implement it with
/// [`ffi_handle!`], never by hand.
pub(crate) trait FfiHandle: Sized {
    /// The Rust object behind the handle.
    type Inner;
    /// Wraps a [`Handle`].
    fn wrap(handle: Handle<Self::Inner>) -> Self;
    /// The wrapped [`Handle`] of the handle at `ptr`, without making a reference to either.
    ///
    /// # Safety
    /// `ptr` points at a live handle.
    unsafe fn project(ptr: *mut Self) -> *mut Handle<Self::Inner>;
}

/// Implements [`FfiHandle`] for an opaque handle tuple struct:
/// `pub struct nlrs_socket(Handle<Socket>); ffi_handle!(nlrs_socket => Socket);`.
macro_rules! ffi_handle {
    ($name:ident => $inner:ty) => {
        impl $crate::ffi::macros::FfiHandle for $name {
            type Inner = $inner;
            fn wrap(handle: $crate::ffi::macros::Handle<$inner>) -> Self {
                $name(handle)
            }
            unsafe fn project(ptr: *mut Self) -> *mut $crate::ffi::macros::Handle<$inner> {
                // SAFETY: per the contract `ptr` points at a live handle; no reference is made.
                unsafe { ::std::ptr::addr_of_mut!((*ptr).0) }
            }
        }
    };
}
pub(crate) use ffi_handle;

/// The guards' state of the live handle at `ptr`.
///
/// # Safety
/// `ptr` points at a live handle, alive during `'a`.
unsafe fn state<'a, H: FfiHandle>(ptr: NonNull<H>) -> &'a State {
    // SAFETY: per the contract; only the `state` field is borrowed (shared, all cells), so
    // this never aliases the object a call has lent out.
    unsafe { &(*H::project(ptr.as_ptr())).state }
}

// ---------------------------------------------------------------------------------------------
// Handle arguments and their borrows.

/// A handle argument checked for NULL, not yet a reference: a `const nlrs_x *` ([`HandleRef`],
/// from [`arg_ref`]) or a `nlrs_x *` ([`HandleMut`], from [`arg_mut`]). Borrow it with
/// [`HandleRef::live`] / [`HandleMut::live_mut`], or hand it to [`call`], [`get`], ...
pub(crate) struct HandleArg<'a, H, const MUT: bool> {
    ptr: NonNull<H>,
    _borrow: PhantomData<&'a mut H>,
}

/// A `const nlrs_x *` handle argument (see [`HandleArg`]).
pub(crate) type HandleRef<'a, H> = HandleArg<'a, H, false>;
/// A `nlrs_x *` handle argument (see [`HandleArg`]).
pub(crate) type HandleMut<'a, H> = HandleArg<'a, H, true>;

/// The object of a handle, lent out: for reading (`MUT = false`, [`HandleRef::live`]), where
/// other readers may share it and nothing may change it meanwhile, or to one call that may
/// change it (`MUT = true`, [`HandleMut::live_mut`]). Derefs to the object (mutably when
/// `MUT`); ends the borrow when dropped.
pub(crate) struct Lent<'a, H: FfiHandle, const MUT: bool> {
    ptr: NonNull<H>,
    _borrow: PhantomData<&'a mut H::Inner>,
}

impl<'a, H: FfiHandle> HandleRef<'a, H> {
    /// Lends the object for reading: `-NLRS_E_CONSUMED` when a panic poisoned the handle (or it
    /// was freed during the call that has it), `-EBUSY` when a call that may change it has it
    /// (a callback calling back into the handle it runs under). For a second handle argument
    /// inside another handle's closure: `let m = msg?.live()?;`.
    pub(crate) fn live(self) -> FfiResult<Lent<'a, H, false>> {
        lend(Ok(self))
    }
}

impl<'a, H: FfiHandle> HandleMut<'a, H> {
    /// Lends the object to change it: `-NLRS_E_CONSUMED` as [`HandleRef::live`], `-EBUSY` when
    /// any call has it now. Dropped during a panic, the borrow poisons the handle, so every
    /// handle a panicking call had is poisoned. For a second handle argument:
    /// `let mut l = link?.live_mut()?;`.
    pub(crate) fn live_mut(self) -> FfiResult<Lent<'a, H, true>> {
        lend(Ok(self))
    }
}

/// The handle argument of [`call`], [`get`] and [`call_mut`]: the pointer C passed, checked
/// there under the API contract (NULL, or a live handle from [`into_raw`] during the call), or
/// the result of [`arg_ref`] / [`arg_mut`] when the handle comes among other pointer arguments
/// converted together.
pub(crate) trait HandleParam<const MUT: bool> {
    /// The handle type.
    type H: FfiHandle;
    /// The handle, checked for NULL (`-EINVAL`).
    fn checked(self) -> FfiResult<NonNull<Self::H>>;
}

impl<H: FfiHandle> HandleParam<false> for *const H {
    type H = H;
    fn checked(self) -> FfiResult<NonNull<H>> {
        NonNull::new(self.cast_mut()).ok_or(-libc::EINVAL)
    }
}

impl<H: FfiHandle> HandleParam<true> for *mut H {
    type H = H;
    fn checked(self) -> FfiResult<NonNull<H>> {
        NonNull::new(self).ok_or(-libc::EINVAL)
    }
}

impl<H: FfiHandle, const MUT: bool> HandleParam<MUT> for FfiResult<HandleArg<'_, H, MUT>> {
    type H = H;
    fn checked(self) -> FfiResult<NonNull<H>> {
        self.map(|h| h.ptr)
    }
}

/// Lends the object of a handle argument (see [`Lent::new`] for what it refuses).
fn lend<'a, P: HandleParam<MUT>, const MUT: bool>(h: P) -> FfiResult<Lent<'a, P::H, MUT>> {
    // SAFETY: a handle pointer is live during the call: the API contract for one C passed,
    // `arg_ref`'s and `arg_mut`'s for theirs.
    unsafe { Lent::new(h.checked()?) }
}

/// What a closure given to [`guard`], [`call`] or [`call_mut`] succeeds with: the `int` for
/// C as it is, or `()` for 0 (`Ok(sock.join_group(group)?)`).
pub(crate) trait Status {
    /// The value for C.
    fn code(self) -> c_int;
}

impl Status for c_int {
    fn code(self) -> c_int {
        self
    }
}

impl Status for () {
    fn code(self) -> c_int {
        0
    }
}

impl<H: FfiHandle, const MUT: bool> Lent<'_, H, MUT> {
    /// Records the borrow in the handle's state, or refuses it.
    ///
    /// # Safety
    /// `ptr` is a live handle during the borrow.
    unsafe fn new(ptr: NonNull<H>) -> FfiResult<Self> {
        // SAFETY: per the contract.
        let st = unsafe { state(ptr) };
        st.borrows.set(st.next_borrow(MUT)?);
        Ok(Lent {
            ptr,
            _borrow: PhantomData,
        })
    }

    /// Marks the handle unusable (done by the guards when a panic is caught).
    fn poison(&self) {
        // SAFETY: borrowed, so live.
        unsafe { state(self.ptr) }.poisoned.set(true);
    }
}

impl<H: FfiHandle, const MUT: bool> std::ops::Deref for Lent<'_, H, MUT> {
    type Target = H::Inner;
    fn deref(&self) -> &H::Inner {
        // SAFETY: live, and lent: nothing changes it while `self` lives but through `self`.
        unsafe { &(*H::project(self.ptr.as_ptr())).inner }
    }
}

impl<H: FfiHandle> std::ops::DerefMut for Lent<'_, H, true> {
    fn deref_mut(&mut self) -> &mut H::Inner {
        // SAFETY: live, and lent to this borrow alone; only the `inner` field is borrowed.
        unsafe { &mut (*H::project(self.ptr.as_ptr())).inner }
    }
}

impl<H: FfiHandle, const MUT: bool> Drop for Lent<'_, H, MUT> {
    /// Ends the borrow: poisons the handle when a panic is unwinding, and frees it when `_free`
    /// came during the borrow and this was the last one.
    fn drop(&mut self) {
        // SAFETY: borrowed, so live.
        let st = unsafe { state(self.ptr) };
        let unwinding = std::thread::panicking();
        if unwinding {
            st.poisoned.set(true);
        }
        let left = if MUT { 0 } else { st.borrows.get() - 1 };
        st.borrows.set(left);
        // While unwinding, a doomed handle is leaked instead: a panic in its `Drop` would abort.
        if left == 0 && st.doomed.get() && !unwinding {
            // SAFETY: the last borrow ended (nothing it lent is used any more), and the caller
            // gave the handle, made by `into_raw`, up with `_free`.
            drop_caught(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}

/// Lends the handle `h` and runs `body` on it inside the panic boundary: its value;
/// `refused(code)` when the handle cannot be lent (see [`Lent::new`]); `panicked` after a
/// panic, which poisons the handle (the handles `body` borrowed poison themselves).
#[inline]
fn boundary<P: HandleParam<MUT>, const MUT: bool, R>(
    h: P,
    refused: impl FnOnce(c_int) -> R,
    panicked: R,
    body: impl FnOnce(&mut Lent<'_, P::H, MUT>) -> R,
) -> R {
    let mut lent = match lend(h) {
        Ok(lent) => lent,
        Err(code) => return refused(code),
    };
    match catch_unwind(AssertUnwindSafe(|| body(&mut lent))) {
        Ok(r) => r,
        Err(payload) => {
            lent.poison();
            drop_payload(payload);
            panicked
        }
    }
}

/// Changes the object of a handle through `f` without recording a borrow, for a handle that
/// its owner fills while no C code runs (the typed objects a mirror lends, filled anew for
/// each object: recording a borrow, and ending it with its check for an unwinding panic,
/// cost about 25 instructions per object lent, a twentieth of a route lookup).
/// Refused as [`HandleMut::live_mut`] refuses; a panic in `f` poisons the handle, as it would
/// a borrowed one.
///
/// # Safety
/// `ptr` is a live handle from [`into_raw`] that nothing lends during `f`.
#[inline]
pub(crate) unsafe fn fill_unlent<H: FfiHandle>(
    ptr: NonNull<H>,
    f: impl FnOnce(&mut H::Inner),
) -> FfiResult<()> {
    // SAFETY: per the contract.
    let st = unsafe { state(ptr) };
    st.next_borrow(true)?;
    // SAFETY: live, lent to no call (checked) and lent by nothing during `f` (the
    // contract); only the `inner` field is borrowed.
    let inner = unsafe { &mut (*H::project(ptr.as_ptr())).inner };
    let unwinding = PoisonOnUnwind(&st.poisoned);
    f(inner);
    std::mem::forget(unwinding);
    Ok(())
}

/// Poisons a handle when dropped, which [`fill_unlent`] lets happen only while a panic
/// unwinds: on the way out it is forgotten, so that costs nothing.
struct PoisonOnUnwind<'a>(&'a Cell<bool>);

impl Drop for PoisonOnUnwind<'_> {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

// ---------------------------------------------------------------------------------------------
// Panic boundary.

/// Runs an `int`-returning body with no handle inside the panic boundary: `Ok(n)` gives `n`
/// (`Ok(())` 0), `Err(code)` gives `code`, a panic gives `-NLRS_E_PANIC`.
#[inline]
pub(crate) fn guard<R: Status>(f: impl FnOnce() -> FfiResult<R>) -> c_int {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => flatten(r),
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

/// Runs an `int`-returning body on a handle (a `const nlrs_x *`, see [`HandleParam`]) inside
/// the panic boundary: `Ok(n)` gives `n` (`Ok(())` 0), `Err(code)` gives `code`. NULL gives
/// `-EINVAL`; a poisoned (or freed) handle gives `-NLRS_E_CONSUMED` and a handle some call is
/// changing gives `-EBUSY`, both without running `f`; a panic poisons the handle (and every
/// other handle the call had borrowed) and gives `-NLRS_E_PANIC`.
#[inline]
pub(crate) fn call<P: HandleParam<false>, R: Status>(
    h: P,
    f: impl FnOnce(&<P::H as FfiHandle>::Inner) -> FfiResult<R>,
) -> c_int {
    boundary(h, |code| code, -NLRS_E_PANIC, |o| flatten(f(o)))
}

/// [`call`] for a body that changes the object (`nlrs_x *` rather than `const nlrs_x *`):
/// `-EBUSY` when any call has the handle now.
#[inline]
pub(crate) fn call_mut<P: HandleParam<true>, R: Status>(
    h: P,
    f: impl FnOnce(&mut <P::H as FfiHandle>::Inner) -> FfiResult<R>,
) -> c_int {
    boundary(h, |code| code, -NLRS_E_PANIC, |o| flatten(f(o)))
}

/// A getter on a handle (as [`call`]'s) inside the panic boundary: `Ok(v)` gives `v`; NULL, a
/// poisoned, freed or busy handle, an error or a panic give `fallback` (a panic also poisons
/// the handle).
#[inline]
pub(crate) fn get<P: HandleParam<false>, T>(
    h: P,
    fallback: T,
    f: impl FnOnce(&<P::H as FfiHandle>::Inner) -> FfiResult<T>,
) -> T {
    boundary(h, |_| None, None, |o| f(o).ok()).unwrap_or(fallback)
}

/// The `int` C gets for a closure's result: the value, or the negative code.
fn flatten<R: Status>(r: FfiResult<R>) -> c_int {
    match r {
        Ok(v) => v.code(),
        Err(n) => n,
    }
}

/// Drops a panic payload without letting a panicking `Drop` escape to C (then it is leaked).
fn drop_payload(payload: Box<dyn std::any::Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(again);
    }
}

/// Drops `value` (a handle); a panic while dropping is caught and the rest is leaked.
fn drop_caught<T>(value: T) {
    guard_or((), move || {
        drop(value);
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// Handles: create, free.

/// Boxes `inner` into a new handle for C. The caller (C) owns it and frees it with the type's
/// `_free` function, which calls [`free`].
pub(crate) fn into_raw<H: FfiHandle>(inner: H::Inner) -> *mut H {
    Box::into_raw(Box::new(H::wrap(Handle::new(inner))))
}

/// Frees a handle made by [`into_raw`]. NULL is a no-op; a panic while dropping is caught and
/// the rest is leaked. A handle a call has borrowed now (`_free` from a callback) is freed
/// when that call is done with it; every call on it until then returns `-NLRS_E_CONSUMED`.
///
/// # Safety
/// `ptr` is NULL or a live handle from [`into_raw`] that is not used again.
pub(crate) unsafe fn free<H: FfiHandle>(ptr: *mut H) {
    let Some(ptr) = NonNull::new(ptr) else {
        return;
    };
    // SAFETY: per the contract, a live handle.
    let st = unsafe { state(ptr) };
    if st.borrows.get() != 0 {
        st.doomed.set(true);
        return;
    }
    // SAFETY: per the contract, `ptr` came from `Box::into_raw`, is given up, and no call has
    // it borrowed.
    drop_caught(unsafe { Box::from_raw(ptr.as_ptr()) });
}

// ---------------------------------------------------------------------------------------------
// Arguments: pointers from C to references.

/// A `const nlrs_x *` handle argument; NULL gives `-EINVAL`. No reference to the handle is made
/// here: [`call`], [`get`] or [`HandleRef::live`] check, through the pointer, that no call is
/// changing it (a callback calling back in) before they lend the object out.
///
/// # Safety
/// `ptr` is NULL or a live handle from [`into_raw`], alive during `'a`.
pub(crate) unsafe fn arg_ref<'a, H: FfiHandle>(ptr: *const H) -> FfiResult<HandleRef<'a, H>> {
    let (ptr, _borrow) = (ptr.checked()?, PhantomData);
    Ok(HandleArg { ptr, _borrow })
}

/// A `nlrs_x *` handle argument; NULL gives `-EINVAL`. As [`arg_ref`], for [`call_mut`] and
/// [`HandleMut::live_mut`].
///
/// # Safety
/// As [`arg_ref`].
pub(crate) unsafe fn arg_mut<'a, H: FfiHandle>(ptr: *mut H) -> FfiResult<HandleMut<'a, H>> {
    let (ptr, _borrow) = (ptr.checked()?, PhantomData);
    Ok(HandleArg { ptr, _borrow })
}

/// `const T *` to `&T` for a small `repr(C)` struct (not a handle: [`arg_ref`]); NULL or a
/// misaligned pointer gives `-EINVAL`.
///
/// # Safety
/// `ptr` is NULL or valid for reads, and not written through elsewhere during `'a`.
pub(crate) unsafe fn arg_struct<'a, T>(ptr: *const T) -> FfiResult<&'a T> {
    check_slice::<T>(ptr.cast(), 1)?;
    // SAFETY: non-NULL and aligned (checked), readable (contract).
    Ok(unsafe { &*ptr })
}

/// `T *` to `&mut T` for a small `repr(C)` struct (not a handle: [`arg_mut`]); NULL or a
/// misaligned pointer gives `-EINVAL`.
///
/// # Safety
/// `ptr` is NULL or valid for reads and writes, and not aliased during `'a`.
pub(crate) unsafe fn arg_struct_mut<'a, T>(ptr: *mut T) -> FfiResult<&'a mut T> {
    check_slice::<T>(ptr.cast_const().cast(), 1)?;
    // SAFETY: non-NULL and aligned (checked), writable (contract).
    Ok(unsafe { &mut *ptr })
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
        // SAFETY: `arg_out` checked the alignment; valid for writes (its contract).
        unsafe { self.ptr.as_ptr().write(value) }
    }

    /// The tail of a call with an optional result: writes `value` and gives 1 when there is
    /// one, gives 0 and writes nothing when there is none.
    pub(crate) fn set_some(self, value: Option<T>) -> FfiResult {
        Ok(value.map_or(0, |v| {
            self.set(v);
            1
        }))
    }
}

/// `T *out` to an [`Out`]; NULL or a misaligned pointer gives `-EINVAL`. Nothing is written
/// until [`Out::set`].
///
/// # Safety
/// `ptr` is NULL or valid for writes of a `T`, not aliased during `'a`.
pub(crate) unsafe fn arg_out<'a, T>(ptr: *mut T) -> FfiResult<Out<'a, T>> {
    check_slice::<T>(ptr.cast_const().cast(), 1)?;
    let ptr = NonNull::new(ptr).ok_or(-libc::EINVAL)?;
    Ok(Out {
        ptr,
        _borrow: PhantomData,
    })
}

/// A fault point for the unit tests: after [`fault::arm`], the next [`fault::point`] on the
/// same thread panics, so a test can make a call panic in the middle of its work and check what
/// the guards do. Compiled only with `cfg(test)` (the library's own unit tests): no build that C
/// links against contains it, so C can never reach it.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;

    thread_local! {
        static ARMED: Cell<bool> = const { Cell::new(false) };
    }

    /// Makes the next [`point`] on this thread panic.
    pub(crate) fn arm() {
        ARMED.with(|a| a.set(true));
    }

    /// Panics (without printing) when armed; otherwise nothing.
    pub(crate) fn point() {
        if ARMED.with(|a| a.replace(false)) {
            std::panic::resume_unwind(Box::new("injected fault"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr;
    use std::rc::Rc;

    struct Thing(Handle<Vec<u8>>);
    ffi_handle!(Thing => Vec<u8>);

    /// Counts its drops, to see when a handle is really freed.
    struct Tracked(Rc<Cell<u32>>);
    impl Drop for Tracked {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    struct Obj(Handle<Tracked>);
    ffi_handle!(Obj => Tracked);

    fn quiet_panic() -> ! {
        std::panic::resume_unwind(Box::new("test panic"))
    }

    fn len(p: *const Thing) -> usize {
        get(p, 0usize, |v| Ok(v.len()))
    }

    fn push(p: *mut Thing) -> c_int {
        call_mut(p, |v| {
            v.push(3);
            Ok(v.len() as c_int)
        })
    }

    fn read(p: *const Thing) -> c_int {
        call(p, |v| Ok(v.len() as c_int))
    }

    #[test]
    fn guard_maps_ok_err_and_panic() {
        assert_eq!(guard(|| Ok(5)), 5);
        assert_eq!(guard(|| -> FfiResult { Err(-libc::ENODEV) }), -libc::ENODEV);
        assert_eq!(guard(|| -> FfiResult { quiet_panic() }), -NLRS_E_PANIC);
        assert_eq!(guard_or(7u32, || Ok(1)), 1);
        assert_eq!(guard_or(7u32, || Err(-1)), 7);
        assert_eq!(guard_or(7u32, || quiet_panic()), 7);
    }

    #[test]
    fn handle_lifecycle_and_poisoning() {
        let p: *mut Thing = into_raw(vec![1, 2]);
        assert_eq!(len(p), 2);
        assert_eq!(push(p), 3);
        assert_eq!(push(ptr::null_mut()), -libc::EINVAL);
        assert_eq!(len(ptr::null()), 0);
        // A panic poisons the handle; every later call refuses it.
        assert_eq!(
            call(p.cast_const(), |_| -> FfiResult { quiet_panic() }),
            -NLRS_E_PANIC
        );
        assert_eq!(push(p), -NLRS_E_CONSUMED);
        assert_eq!(len(p), 0);
        unsafe { free(p) };
        unsafe { free::<Thing>(ptr::null_mut()) };
    }

    #[test]
    fn reentry_is_busy() {
        let p: *mut Thing = into_raw(vec![1]);
        // Under a call that changes the handle, every call on it is refused.
        let rc = call_mut(unsafe { arg_mut(p) }, |v| {
            assert_eq!(push(p), -libc::EBUSY);
            assert_eq!(read(p), -libc::EBUSY);
            assert_eq!(len(p), 0);
            assert_eq!(
                unsafe { arg_mut(p) }.and_then(|h| h.live_mut().map(|_| ())),
                Err(-libc::EBUSY)
            );
            v.push(2);
            Ok(0)
        });
        assert_eq!(rc, 0);
        // Under a call that reads it, reads share it and changes are refused.
        let rc = call(unsafe { arg_ref(p) }, |v| {
            assert_eq!(len(p), 2);
            assert_eq!(read(p), 2);
            assert_eq!(push(p), -libc::EBUSY);
            Ok(v.len() as c_int)
        });
        assert_eq!(rc, 2);
        // Afterwards it works normally.
        assert_eq!(push(p), 3);
        assert_eq!(len(p), 3);
        unsafe { free(p) };
    }

    #[test]
    fn free_during_a_call_waits_for_its_end() {
        let drops = Rc::new(Cell::new(0));
        let p: *mut Obj = into_raw(Tracked(drops.clone()));
        let rc = call_mut(unsafe { arg_mut(p) }, |t| {
            unsafe { free(p) };
            assert_eq!(drops.get(), 0, "freed under the running call");
            // Still there for the running call, refused to every other.
            assert_eq!(t.0.get(), 0);
            assert_eq!(call(unsafe { arg_ref(p) }, |_| Ok(0)), -NLRS_E_CONSUMED);
            Ok(5)
        });
        assert_eq!(rc, 5);
        assert_eq!(drops.get(), 1);

        // Freed under shared borrows: when the last one ends.
        let p: *mut Obj = into_raw(Tracked(drops.clone()));
        call(unsafe { arg_ref(p) }, |_| {
            call(unsafe { arg_ref(p) }, |_| {
                unsafe { free(p) };
                Ok(0)
            });
            assert_eq!(drops.get(), 1);
            Ok(0)
        });
        assert_eq!(drops.get(), 2);

        // A second handle freed inside the call goes when the call is done with it.
        let a: *mut Thing = into_raw(vec![]);
        let b: *mut Obj = into_raw(Tracked(drops.clone()));
        call_mut(unsafe { arg_mut(a) }, |_| {
            let _lent = unsafe { arg_mut(b) }?.live_mut()?;
            unsafe { free(b) };
            assert_eq!(drops.get(), 2);
            Ok(0)
        });
        assert_eq!(drops.get(), 3);
        unsafe { free(a) };
    }

    #[test]
    fn panic_poisons_every_handle_of_the_call() {
        let (a, b, c) = (
            into_raw::<Thing>(vec![]),
            into_raw::<Thing>(vec![]),
            into_raw::<Thing>(vec![]),
        );
        let rc = call_mut(unsafe { arg_mut(a) }, |_| -> FfiResult {
            let _b = unsafe { arg_mut(b) }?.live_mut()?;
            let _c = unsafe { arg_ref(c) }?.live()?;
            quiet_panic()
        });
        assert_eq!(rc, -NLRS_E_PANIC);
        for p in [a, b, c] {
            assert_eq!(read(p), -NLRS_E_CONSUMED);
            assert_eq!(
                unsafe { arg_ref(p) }.and_then(|h| h.live().map(|_| ())),
                Err(-NLRS_E_CONSUMED)
            );
            unsafe { free(p) };
        }
        // A handle lent and given back before the panic is not involved.
        let (a, b) = (into_raw::<Thing>(vec![]), into_raw::<Thing>(vec![]));
        get(unsafe { arg_ref(a) }, (), |_| {
            drop(unsafe { arg_mut(b) }?.live_mut()?);
            quiet_panic()
        });
        assert_eq!(read(a), -NLRS_E_CONSUMED);
        assert_eq!(read(b), 0);
        unsafe { free(a) };
        unsafe { free(b) };
    }

    #[test]
    fn fill_unlent_is_refused_as_a_borrow_and_poisons_on_a_panic() {
        let p: *mut Thing = into_raw(vec![1]);
        let h = NonNull::new(p).unwrap();
        assert_eq!(unsafe { fill_unlent(h, |v| v.push(2)) }, Ok(()));
        assert_eq!(len(p), 2);
        // Refused while a call has the handle, and then changes nothing.
        let rc = call(unsafe { arg_ref(p) }, |_| {
            Ok(unsafe { fill_unlent(h, |v| v.clear()) }.unwrap_err())
        });
        assert_eq!(rc, -libc::EBUSY);
        assert_eq!(len(p), 2);
        // A panic while filling poisons the handle (the boundary catching it is the call's).
        assert_eq!(
            guard(|| unsafe { fill_unlent(h, |_| quiet_panic()) }),
            -NLRS_E_PANIC
        );
        assert_eq!(read(p), -NLRS_E_CONSUMED);
        assert_eq!(
            unsafe { fill_unlent(h, |v| v.clear()) },
            Err(-NLRS_E_CONSUMED)
        );
        unsafe { free(p) };
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
    fn structs() {
        let mut v = [5u32, 6];
        assert_eq!(unsafe { arg_struct(v.as_ptr()) }, Ok(&5));
        *unsafe { arg_struct_mut(v.as_mut_ptr()) }.unwrap() = 7;
        assert_eq!(v[0], 7);
        let misaligned = (v.as_mut_ptr() as *mut u8).wrapping_add(2) as *mut u32;
        assert_eq!(
            unsafe { arg_struct(misaligned.cast_const()) },
            Err(-libc::EINVAL)
        );
        assert_eq!(unsafe { arg_struct_mut(misaligned) }, Err(-libc::EINVAL));
        assert_eq!(
            unsafe { arg_struct::<u32>(ptr::null()) },
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
        assert_eq!(guard(|| -> FfiResult { Err(-libc::EIO) }), -libc::EIO);
        out.set(42);
        assert_eq!(x, 42);
        assert!(unsafe { arg_out::<i32>(ptr::null_mut()) }.is_err());
    }

    #[test]
    fn out_refuses_a_misaligned_pointer() {
        let mut v = [0u64; 2];
        let misaligned = (v.as_mut_ptr() as *mut u8).wrapping_add(4) as *mut u64;
        assert_eq!(unsafe { arg_out(misaligned) }.err(), Some(-libc::EINVAL));
        assert_eq!(v, [0, 0]);
    }
}
