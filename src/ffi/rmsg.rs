//! Received messages and attribute cursors: small plain structs passed by value, read with the
//! wire layer's parser ([`Msg::parse`], [`MsgIter`], [`AttrIter`]).
//!
//! None of these structs owns memory. Each points into a buffer that belongs to a handle (a
//! socket's receive buffer, an `nlrs_replies`) and is valid exactly as long as the result it
//! came from: until the next call that changes, or frees, that handle. Every function here
//! checks lengths before reading: malformed bytes give `-EBADMSG`, never an over-read or a
//! loop.

use std::os::raw::{c_char, c_int};

use super::macros::{
    arg_out, arg_slice, arg_struct, arg_struct_mut, call_mut, guard, guard_or, FfiResult, Out,
};
use super::socket::nlrs_socket;
use crate::wire::{Attr, AttrIter, Msg, MsgIter, ParseError};

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// A borrowed run of bytes: `len` bytes at `ptr`.
///
/// `ptr` is never NULL when `len > 0`. The bytes belong to the handle they came from and stay
/// valid until the next call that changes, or frees, that handle.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct nlrs_bytes {
    /// The first byte.
    pub ptr: *const u8,
    /// How many bytes.
    pub len: usize,
}

/// One whole received netlink message (`struct nlmsghdr` and everything after it, `nlmsg_len`
/// bytes), passed by value.
///
/// Filled in by `nlrs_replies_get()`, `nlrs_dump_next()` and `nlrs_msg_iter_next()`; the bytes
/// belong to the handle it came from and stay valid until the next call that changes, or
/// frees, that handle. Read it with `nlrs_rmsg_type()`, `nlrs_rmsg_flags()`,
/// `nlrs_rmsg_seq()`, `nlrs_rmsg_port()`, `nlrs_rmsg_header()` and `nlrs_rmsg_attrs()`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct nlrs_rmsg {
    /// The message's first byte (its `struct nlmsghdr`).
    pub ptr: *const u8,
    /// The message's length, `nlmsg_len`.
    pub len: usize,
}

/// A cursor over packed attributes, passed by value: `left` bytes at `pos` not yet read.
///
/// Made by `nlrs_rmsg_attrs()` or `nlrs_attr_nested()`, advanced by `nlrs_attr_next()`. It
/// points into the message it came from and is valid as long as that message is.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct nlrs_attr_iter {
    /// The next attribute's first byte.
    pub pos: *const u8,
    /// Bytes not yet read; 0 when the cursor is exhausted.
    pub left: usize,
}

/// One attribute read by `nlrs_attr_next()` or `nlrs_attr_find()`, passed by value.
///
/// `data` points into the message it came from and is valid as long as that message is.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct nlrs_attr {
    /// The attribute type with `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` masked off
    /// (`NLRS_NLA_TYPE_MASK` applied): compare this with `NLRS_IFLA_*` and friends.
    pub r#type: u16,
    /// The type exactly as on the wire, flags included.
    pub raw_type: u16,
    /// The payload, without the 4-byte attribute header and without padding.
    pub data: *const u8,
    /// Length of the payload in bytes.
    pub len: usize,
}

/// A cursor over the messages of one received datagram, passed by value: `left` bytes at
/// `pos` not yet read.
///
/// Filled in by `nlrs_socket_recv()`, advanced by `nlrs_msg_iter_next()`. It points into the
/// socket's receive buffer and is valid until the next call on that socket.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct nlrs_msg_iter {
    /// The next message's first byte.
    pub pos: *const u8,
    /// Bytes not yet read; 0 when the cursor is exhausted.
    pub left: usize,
}

// The C side checks the same sizes (tests/c/ffi_smoke.c).
const PTR: usize = std::mem::size_of::<usize>();
const _: () = {
    assert!(std::mem::size_of::<nlrs_bytes>() == 2 * PTR);
    assert!(std::mem::size_of::<nlrs_rmsg>() == 2 * PTR);
    assert!(std::mem::size_of::<nlrs_attr_iter>() == 2 * PTR);
    assert!(std::mem::size_of::<nlrs_msg_iter>() == 2 * PTR);
    assert!(std::mem::size_of::<nlrs_attr>() == 3 * PTR);
    assert!(std::mem::offset_of!(nlrs_attr, raw_type) == 2);
    assert!(std::mem::offset_of!(nlrs_attr, data) == PTR);
};

impl nlrs_bytes {
    /// Borrows `bytes` for C.
    pub(crate) fn new(bytes: &[u8]) -> Self {
        nlrs_bytes {
            ptr: bytes.as_ptr(),
            len: bytes.len(),
        }
    }
}

impl nlrs_rmsg {
    /// Borrows the message `m` for C.
    pub(crate) fn new(m: &Msg<'_>) -> Self {
        let b = m.bytes();
        nlrs_rmsg {
            ptr: b.as_ptr(),
            len: b.len(),
        }
    }
}

impl nlrs_attr_iter {
    fn new(rest: &[u8]) -> Self {
        nlrs_attr_iter {
            pos: rest.as_ptr(),
            left: rest.len(),
        }
    }
}

impl nlrs_msg_iter {
    /// A cursor over the messages in `rest`.
    pub(crate) fn new(rest: &[u8]) -> Self {
        nlrs_msg_iter {
            pos: rest.as_ptr(),
            left: rest.len(),
        }
    }
}

impl nlrs_attr {
    fn new(a: &Attr<'_>) -> Self {
        nlrs_attr {
            r#type: a.kind(),
            raw_type: a.raw_type(),
            data: a.payload().as_ptr(),
            len: a.payload().len(),
        }
    }
}

/// The message `m` points at, parsed; `-EINVAL` for a NULL pointer with a length, `-EBADMSG`
/// for bytes that are not one whole message.
///
/// # Safety
/// `m` points at `m.len` readable bytes (or is NULL with `len == 0`), alive during `'a`.
unsafe fn msg_of<'a>(m: nlrs_rmsg) -> Result<Msg<'a>, c_int> {
    // SAFETY: per the contract.
    let bytes = unsafe { arg_slice(m.ptr, m.len) }?;
    Ok(Msg::parse(bytes)?)
}

/// The attribute `a` describes, after its pointer was checked.
///
/// # Safety
/// `a.data` points at `a.len` readable bytes (or is NULL with `len == 0`), alive during `'a`.
unsafe fn attr_of<'a>(a: &nlrs_attr) -> Result<Attr<'a>, c_int> {
    // SAFETY: per the contract.
    let payload = unsafe { arg_slice(a.data, a.len) }?;
    Ok(Attr::new(a.raw_type, payload))
}

// ---------------------------------------------------------------------------------------------
// Messages.

/// Borrows the family header of `msg`: the first `hdr_len` bytes after the netlink header
/// (e.g. `sizeof(nlrs_ifinfomsg)` for `NLRS_RTM_NEWLINK`). Copy it into the struct with
/// `memcpy`: the bytes are only 4-byte aligned.
///
/// `*out` borrows from `msg` and is valid as long as `msg` is. Returns 0 and writes `*out` on
/// success; `-EBADMSG` when the message is shorter than its header claims or its payload is
/// shorter than `hdr_len`; `-EINVAL` for a NULL `out`. `*out` is untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_rmsg_header(msg: nlrs_rmsg, hdr_len: usize, out: *mut nlrs_bytes) -> c_int {
    // SAFETY: `msg` came from nlrs and is still valid; `out` is NULL or writable.
    let (m, out) = unsafe { (msg_of(msg), arg_out(out)) };
    guard(|| {
        let out = out?;
        let m = m?;
        // Checks that the payload holds `hdr_len` bytes.
        m.attrs_after(hdr_len)?;
        out.set(nlrs_bytes::new(&m.payload()[..hdr_len]));
        Ok(0)
    })
}

/// Starts a cursor over the attributes of `msg`, which follow its `hdr_len`-byte family header
/// (padded to 4 bytes). Read them with `nlrs_attr_next()` or `nlrs_attr_find()`.
///
/// The cursor points into `msg` and is valid as long as `msg` is. Returns 0 and writes `*out`
/// on success; `-EBADMSG` when the message is shorter than its header claims or its payload is
/// shorter than `hdr_len`; `-EINVAL` for a NULL `out`. `*out` is untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_rmsg_attrs(
    msg: nlrs_rmsg,
    hdr_len: usize,
    out: *mut nlrs_attr_iter,
) -> c_int {
    // SAFETY: `msg` came from nlrs and is still valid; `out` is NULL or writable.
    let (m, out) = unsafe { (msg_of(msg), arg_out(out)) };
    guard(|| {
        let out = out?;
        let attrs = m?.attrs_after(hdr_len)?;
        out.set(nlrs_attr_iter::new(attrs.remaining()));
        Ok(0)
    })
}

// ---------------------------------------------------------------------------------------------
// Attributes.

/// Reads the next attribute at `iter` into `*out` and advances `iter` past it.
///
/// Returns 1 when `*out` holds an attribute, 0 when the cursor is exhausted, `-EBADMSG` when
/// the bytes at the cursor are not an attribute (a truncated header, `nla_len` below 4 or past
/// the end): the cursor is then exhausted, so a loop `while ((rc = nlrs_attr_next(&it, &a)) >
/// 0)` always ends. `-EINVAL` for a NULL `iter` or `out`, or a NULL `iter->pos` with
/// `iter->left > 0`. `*out` is written only when 1 is returned. The attribute points into the
/// same message as `iter`.
#[no_mangle]
pub extern "C" fn nlrs_attr_next(iter: *mut nlrs_attr_iter, out: *mut nlrs_attr) -> c_int {
    // SAFETY: `iter` and `out` are NULL or valid (the API contract).
    let (iter, out) = unsafe { (arg_struct_mut(iter), arg_out(out)) };
    advance(iter.map(|i| (&mut i.pos, &mut i.left)), out, |rest| {
        let mut attrs = AttrIter::new(rest);
        let next = attrs.next().map(|a| a.map(|a| nlrs_attr::new(&a)));
        (next, attrs.remaining())
    })
}

/// The body of `nlrs_attr_next()` and `nlrs_msg_iter_next()`: reads the next item of the
/// cursor's bytes with `step` (the item, and the bytes after it: none after malformed bytes),
/// moves the cursor past it and writes it to `out`; 1, or 0 at the end.
fn advance<'a, T>(
    cursor: FfiResult<(&mut *const u8, &mut usize)>,
    out: FfiResult<Out<'_, T>>,
    step: impl FnOnce(&'a [u8]) -> (Option<Result<T, ParseError>>, &'a [u8]),
) -> c_int {
    guard(|| {
        let ((pos, left), out) = (cursor?, out?);
        // SAFETY: the cursor came from nlrs and its bytes are still valid (the API contract).
        let (next, rest) = step(unsafe { arg_slice(*pos, *left) }?);
        (*pos, *left) = (rest.as_ptr(), rest.len());
        out.set_some(next.transpose()?)
    })
}

/// Finds the first attribute of type `attr_type` (compared with flags masked off) from `iter` on,
/// without changing the caller's cursor (`iter` is passed by value).
///
/// Returns 1 and writes `*out` when found, 0 when there is none, `-EBADMSG` when malformed
/// bytes come before it, `-EINVAL` for a NULL `out` or a NULL `iter.pos` with `iter.left > 0`.
/// `*out` is written only when 1 is returned; it points into the same message as `iter`.
#[no_mangle]
pub extern "C" fn nlrs_attr_find(
    iter: nlrs_attr_iter,
    attr_type: u16,
    out: *mut nlrs_attr,
) -> c_int {
    // SAFETY: the cursor came from nlrs and its message is still valid; `out` is NULL or
    // writable (the API contract).
    let (rest, out) = unsafe { (arg_slice(iter.pos, iter.left), arg_out(out)) };
    guard(|| {
        let (rest, out) = (rest?, out?);
        out.set_some(
            AttrIter::new(rest)
                .find(attr_type)?
                .map(|a| nlrs_attr::new(&a)),
        )
    })
}

/// Starts a cursor over the attributes nested in `attr`'s payload (whether or not the sender
/// set `NLA_F_NESTED`; older kernel code omits it). The cursor points into the same message as
/// `attr`.
///
/// Returns 0 and writes `*out`; `-EINVAL` for a NULL `attr` or `out`, or a NULL `attr->data`
/// with `attr->len > 0`. Malformed nested bytes are reported by `nlrs_attr_next()`.
#[no_mangle]
pub extern "C" fn nlrs_attr_nested(attr: *const nlrs_attr, out: *mut nlrs_attr_iter) -> c_int {
    // SAFETY: `attr` and `out` are NULL or valid (the API contract).
    let (attr, out) = unsafe { (arg_struct(attr), arg_out(out)) };
    guard(|| {
        let out = out?;
        // SAFETY: the attribute came from nlrs and its message is still valid (the contract).
        let a = unsafe { attr_of(attr?) }?;
        out.set(nlrs_attr_iter::new(a.nested().remaining()));
        Ok(0)
    })
}

/// The body of the typed getters: reads `attr` with `read` into `out`.
fn typed<'a, T>(
    attr: *const nlrs_attr,
    out: *mut T,
    read: impl FnOnce(&Attr<'a>) -> Result<T, ParseError>,
) -> c_int {
    // SAFETY: `attr` and `out` are NULL or valid (the API contract).
    let (attr, out) = unsafe { (arg_struct(attr), arg_out(out)) };
    guard(|| {
        let out = out?;
        // SAFETY: the attribute came from nlrs and its message is still valid (the contract).
        let a = unsafe { attr_of(attr?) }?;
        out.set(read(&a)?);
        Ok(0)
    })
}

/// Borrows `attr`'s payload as a NUL-terminated string (bytes after the first NUL are
/// ignored, as the kernel does). The bytes are not checked to be UTF-8: interface names need
/// not be.
///
/// `*out` points into the same message as `attr` and is valid as long as that message is.
/// Returns 0 and writes `*out` on success; `-EBADMSG` when the payload holds no NUL; `-EINVAL`
/// for a NULL `attr` or `out`, or a NULL `attr->data` with `attr->len > 0`. `*out` is
/// untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_attr_get_string(attr: *const nlrs_attr, out: *mut *const c_char) -> c_int {
    // SAFETY: `attr` and `out` are NULL or valid (the API contract).
    let (attr, out) = unsafe { (arg_struct(attr), arg_out(out)) };
    guard(|| {
        let out = out?;
        // SAFETY: the attribute came from nlrs and its message is still valid.
        let a = unsafe { attr_of(attr?) }?;
        // The string starts at the payload and ends at the NUL `cstr_bytes` found.
        out.set(a.cstr_bytes()?.as_ptr().cast());
        Ok(0)
    })
}

// ---------------------------------------------------------------------------------------------
// Datagrams and notifications.

/// Receives one datagram on `sock`, typically notifications after `nlrs_socket_join_group()`,
/// and writes a cursor over its messages to `*out`; read them with `nlrs_msg_iter_next()`.
///
/// A blocking socket waits as long as it takes (the request timeout does not apply). The
/// messages are borrowed from the socket's receive buffer and valid until the next call on
/// `sock` (or until it is freed). Keep notifications on a socket of their own, apart from
/// requests and dumps; a dump still running on `sock` is read to its end and discarded first,
/// and is no longer readable after this call.
///
/// Returns 1 and writes `*out` when a datagram arrived. Errors: `-EAGAIN` on a non-blocking
/// socket with nothing queued (wait with poll() on `nlrs_socket_fd()`); `-ENOBUFS` when the
/// receive queue overflowed and notifications were lost: the socket keeps working, but state
/// followed through notifications must be re-read with a dump; `-EINTR` when a signal arrived
/// during the wait (a handler installed without `SA_RESTART`, on a socket without a timeout;
/// call again, nothing was lost);
/// `-EINVAL` for a NULL `sock` or
/// `out`; another negative errno when recvmsg() fails. `*out` is untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_socket_recv(sock: *mut nlrs_socket, out: *mut nlrs_msg_iter) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call_mut(sock, |st| {
        let out = out?;
        st.end_dump();
        let msgs = st.sock.recv_notifications()?;
        out.set(nlrs_msg_iter::new(msgs.remaining()));
        Ok(1)
    })
}

/// Reads the next message at `iter` into `*out` and advances `iter` past it.
///
/// Returns 1 when `*out` holds a message, 0 when the datagram is exhausted, `-EBADMSG` when the
/// bytes at the cursor are not a whole message (`nlmsg_len` below 16 or past the end): the
/// cursor is then exhausted, so the loop always ends. `-EINVAL` for a NULL `iter` or `out`, or
/// a NULL `iter->pos` with `iter->left > 0`. `*out` is written only when 1 is returned; it
/// points into the same buffer as `iter`.
///
/// Messages here are raw: an `NLRS_NLMSG_ERROR` or `NLRS_NLMSG_DONE` is returned like any other
/// (check `nlrs_rmsg_type()`).
#[no_mangle]
pub extern "C" fn nlrs_msg_iter_next(iter: *mut nlrs_msg_iter, out: *mut nlrs_rmsg) -> c_int {
    // SAFETY: `iter` and `out` are NULL or valid (the API contract).
    let (iter, out) = unsafe { (arg_struct_mut(iter), arg_out(out)) };
    advance(iter.map(|i| (&mut i.pos, &mut i.left)), out, |rest| {
        let mut msgs = MsgIter::new(rest);
        let next = msgs.next().map(|m| m.map(|m| nlrs_rmsg::new(&m)));
        (next, msgs.remaining())
    })
}
