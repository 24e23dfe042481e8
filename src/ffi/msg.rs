//! The `nlrs_msg` handle: building one netlink request with [`MsgBuilder`].

use std::os::raw::{c_char, c_int, c_void};

use super::input::Input;
use super::macros::{
    arg_out, call, call_mut, ffi_handle, free, guard, into_raw, FfiResult, Handle,
};
use super::rmsg::nlrs_bytes;
use crate::wire::{BuildError, MsgBuilder, Nest};

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// A netlink message being built: a header, an optional family header, then attributes and
/// nests of any depth.
///
/// Made with `nlrs_msg_new()`, freed with `nlrs_msg_free()`. Fill it with
/// `nlrs_msg_put_header()` (the family header, first), the `nlrs_msg_put_*()` attribute
/// functions, and `nlrs_msg_nest_start()` / `nlrs_msg_nest_end()`; read it with
/// `nlrs_msg_bytes()`. Send it with `nlrs_socket_request()` or `nlrs_socket_dump()`, or add it
/// to an `nlrs_batch`; sending never changes it, so it can be sent again. A call that fails
/// leaves the message as it was. Bytes given to these calls may be the message's own (from
/// `nlrs_msg_bytes()`): they are copied before the message changes (bytes reaching past the
/// message's end into its buffer are refused with `-EINVAL`).
///
/// A message may be used from any thread, one thread at a time.
pub struct nlrs_msg(Handle<MsgState>);
ffi_handle!(nlrs_msg => MsgState);

/// The builder and its open nests, innermost last.
pub(crate) struct MsgState {
    /// The message.
    pub(crate) builder: MsgBuilder,
    nests: Vec<Nest>,
}

impl MsgState {
    /// A message around `builder`, with no nest open: for calls that start a message of
    /// their own, such as `nlrs_genl_msg_new()`.
    pub(crate) fn new(builder: MsgBuilder) -> Self {
        MsgState {
            builder,
            nests: Vec::new(),
        }
    }
}

/// The common body of the attribute functions: runs `f` on the message.
fn put(
    msg: *mut nlrs_msg,
    f: impl FnOnce(&mut MsgBuilder) -> Result<&mut MsgBuilder, BuildError>,
) -> c_int {
    call_mut(msg, |m| Ok(f(&mut m.builder).map(drop)?))
}

/// The common body of the functions appending bytes from C: runs `f` on the message with the
/// bytes of `input`, which may lie in the message itself (e.g. from `nlrs_msg_bytes()`): they
/// are then copied first, since appending may move the message's buffer.
fn put_input(
    msg: *mut nlrs_msg,
    input: FfiResult<Input>,
    f: impl for<'b> FnOnce(&'b mut MsgBuilder, &[u8]) -> Result<&'b mut MsgBuilder, BuildError>,
) -> c_int {
    call_mut(msg, |m| {
        // SAFETY: `input` is NULL/0 or readable (the API contract of every caller).
        let bytes = unsafe { input?.read(m.builder.buffer()) }?;
        Ok(f(&mut m.builder, &bytes).map(drop)?)
    })
}

/// Starts a message of type `msg_type` (e.g. `NLRS_RTM_NEWLINK`, or a generic netlink family id)
/// with flags `flags` (e.g. `NLRS_NLM_F_CREATE | NLRS_NLM_F_EXCL`, or 0). Sending adds
/// `NLRS_NLM_F_REQUEST | NLRS_NLM_F_ACK` and a fresh sequence number; a dump adds
/// `NLRS_NLM_F_DUMP`.
///
/// On success returns 0 and writes a new message to `*out`, which the caller owns and frees
/// with `nlrs_msg_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`).
#[no_mangle]
pub extern "C" fn nlrs_msg_new(msg_type: u16, flags: u16, out: *mut *mut nlrs_msg) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        out?.set(into_raw(MsgState::new(MsgBuilder::new(msg_type, flags))));
        Ok(0)
    })
}

/// Empties the message and starts it again as a message of type `msg_type` with flags `flags`,
/// as `nlrs_msg_new()` would, keeping its memory: building many messages with one handle
/// allocates nothing. Bytes borrowed from it with `nlrs_msg_bytes()` are invalid afterwards.
///
/// Returns 0, or `-EINVAL` (NULL `msg`).
#[no_mangle]
pub extern "C" fn nlrs_msg_reset(msg: *mut nlrs_msg, msg_type: u16, flags: u16) -> c_int {
    call_mut(msg, |m| {
        m.builder.reset(msg_type, flags);
        m.nests.clear();
        Ok(0)
    })
}

/// Sets the family header: `len` bytes at `hdr`, e.g. an `nlrs_ifinfomsg` for link messages,
/// an `nlrs_genlmsghdr` for generic netlink, padded to 4 bytes. Only once, and before any
/// attribute.
///
/// Returns 0, or `-NLRS_E_BUILD` (a family header already set, attributes already added, or a
/// header that would make the message longer than 4 GiB), `-EINVAL` (NULL `msg`, NULL `hdr`
/// with `len > 0`).
#[no_mangle]
pub extern "C" fn nlrs_msg_put_header(msg: *mut nlrs_msg, hdr: *const c_void, len: usize) -> c_int {
    put_input(msg, Ok(Input::new(hdr.cast(), len)), |b, hdr| {
        b.fixed_bytes(hdr)
    })
}

/// Appends a string attribute of type `attr_type`: the bytes of `value` and its terminating NUL
/// (the bytes need not be UTF-8). Returns 0, or `-NLRS_E_BUILD` (longer than an attribute can
/// be, 65531 bytes), `-EINVAL` (NULL `msg` or `value`).
#[no_mangle]
pub extern "C" fn nlrs_msg_put_string(
    msg: *mut nlrs_msg,
    attr_type: u16,
    value: *const c_char,
) -> c_int {
    // SAFETY: `value` is NULL or NUL-terminated (the API contract).
    let value = unsafe { Input::cstr(value) };
    put_input(msg, value, |b, s| b.put_cstr(attr_type, s))
}

/// Appends an attribute of type `attr_type` whose payload is the `len` bytes at `data` (an address,
/// a binary struct). Returns 0, or `-NLRS_E_BUILD` (longer than an attribute can be),
/// `-EINVAL` (NULL `msg`, NULL `data` with `len > 0`).
#[no_mangle]
pub extern "C" fn nlrs_msg_put_bytes(
    msg: *mut nlrs_msg,
    attr_type: u16,
    data: *const c_void,
    len: usize,
) -> c_int {
    put_input(msg, Ok(Input::new(data.cast(), len)), |b, data| {
        b.put(attr_type, data)
    })
}

/// Appends the `len` bytes at `data`, padded to 4, where the next attribute would go, with no
/// attribute header: for the few nests that start with a struct, such as veth's
/// `VETH_INFO_PEER`, whose payload is an `nlrs_ifinfomsg` followed by the peer's attributes.
///
/// Returns 0, or `-NLRS_E_BUILD` (longer than 65535 bytes, or the message would exceed 4 GiB),
/// `-EINVAL` (NULL `msg`, NULL `data` with `len > 0`).
#[no_mangle]
pub extern "C" fn nlrs_msg_put_raw(msg: *mut nlrs_msg, data: *const c_void, len: usize) -> c_int {
    put_input(msg, Ok(Input::new(data.cast(), len)), |b, data| {
        b.put_header_bytes(data)
    })
}

/// Opens a nest of type `attr_type` (with `NLA_F_NESTED` set, as the kernel's strict validation
/// wants): the attributes added next go inside it until `nlrs_msg_nest_end()`. Nests may be
/// nested to any depth.
///
/// Returns 0, or `-NLRS_E_BUILD` (the message would exceed 4 GiB), `-EINVAL` (NULL `msg`).
#[no_mangle]
pub extern "C" fn nlrs_msg_nest_start(msg: *mut nlrs_msg, attr_type: u16) -> c_int {
    call_mut(msg, |m| {
        let nest = m.builder.nest_start(attr_type)?;
        m.nests.push(nest);
        Ok(0)
    })
}

/// Closes the innermost open nest.
///
/// Returns 0, or `-NLRS_E_BUILD` when no nest is open, or when the nest grew longer than an
/// attribute can be (65535 bytes): it is then closed and removed with everything in it.
/// `-EINVAL` for a NULL `msg`.
#[no_mangle]
pub extern "C" fn nlrs_msg_nest_end(msg: *mut nlrs_msg) -> c_int {
    call_mut(msg, |m| {
        let nest = m.nests.pop().ok_or(BuildError::NestOrder)?;
        m.builder.nest_end(nest)?;
        Ok(0)
    })
}

/// Borrows the finished message's bytes (header included, `nlmsg_len` bytes) as they are now;
/// the sequence number is 0 and the flags are those given to `nlrs_msg_new()` until a socket
/// sends it.
///
/// `*out` borrows from `msg` and is valid until the next call that changes, or frees, `msg`.
/// Returns 0 and writes `*out`, or `-NLRS_E_BUILD` while a nest is open, `-EINVAL` (NULL `msg`
/// or `out`). `*out` is untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_msg_bytes(msg: *const nlrs_msg, out: *mut nlrs_bytes) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call(msg, |m| {
        out?.set(nlrs_bytes::new(m.builder.bytes()?));
        Ok(0)
    })
}
