//! Any family from its description: the `nlrs_family` handle, with JSON text in and out,
//! over [`crate::engine::Client`].

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};

use super::consts::{NLRS_FAMILY_OP_DO, NLRS_FAMILY_OP_DUMP};
use super::error::{c_text, write_text};
use super::macros::{
    arg_out, arg_slice_mut, arg_str, call, call_mut, ffi_handle, free, get, guard, guard_or,
    into_raw, FfiResult, Handle,
};
use crate::engine::{Client, Error, Tree};
use crate::schema::builtin_names;
use serde_json::Value;

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// A netlink family driven by its description (a built-in one, or a kernel YNL file):
/// requests by operation name with JSON text in, replies as JSON text out, errors that name
/// the attribute.
///
/// Made by `nlrs_family_open()` (built-in) or `nlrs_family_load()` (a file), freed with
/// `nlrs_family_free()`. Requests: `nlrs_family_do()`, `nlrs_family_dump()` then
/// `nlrs_family_dump_next()`. Notifications: `nlrs_family_subscribe()`, then poll
/// `nlrs_family_fd()` and call `nlrs_family_process()`. Its operations: `nlrs_family_op()`;
/// how it compares with the kernel: `nlrs_family_check()`. After a failure:
/// `nlrs_family_error()` and `nlrs_family_error_attr()`.
///
/// The family's socket is opened (and a generic family's id resolved by name) at the first
/// request in the caller's network namespace. JSON text a call hands out is borrowed from
/// the handle: valid until the next call on the handle (or until it is freed).
///
/// A family may be used from any thread, one thread at a time.
pub struct nlrs_family(Handle<FamilyState>);
ffi_handle!(nlrs_family => FamilyState);

/// The client, its operation names for C, the text last handed out, and the last error.
pub(crate) struct FamilyState {
    client: Client,
    /// The operations that take requests: name, index in the description.
    ops: Vec<(CString, usize)>,
    text: CString,
    /// A dump's message as JSON text and a NUL, its capacity reused message to message.
    json: String,
    error: Option<CString>,
    error_attr: Option<CString>,
}

/// Called by `nlrs_family_process()` with each notification: `userdata` as given and the
/// notification as JSON text, `{"name": OPERATION, "msg": {...}}`, valid only during the
/// call. Return 0 to continue, a positive value to stop early (the rest stays queued), a
/// negative value to abort with that code. Must not call functions on the family.
pub type nlrs_family_cb =
    Option<unsafe extern "C" fn(userdata: *mut c_void, json: *const c_char) -> c_int>;

impl FamilyState {
    fn new(client: Client) -> Self {
        let ops = client
            .spec()
            .ops
            .iter()
            .enumerate()
            .filter(|(_, o)| o.do_mode.is_some() || o.dump_mode.is_some())
            .map(|(i, o)| (c_text(&o.name), i))
            .collect();
        FamilyState {
            client,
            ops,
            text: CString::default(),
            json: String::new(),
            error: None,
            error_attr: None,
        }
    }

    /// Keeps the error of `r` (or clears the last one) and gives its code.
    fn record<T>(&mut self, r: Result<T, Error>) -> FfiResult<T> {
        match r {
            Ok(v) => {
                self.error = None;
                self.error_attr = None;
                Ok(v)
            }
            Err(e) => {
                self.error = Some(c_text(&e.to_string()));
                self.error_attr = e.attr_path().map(c_text);
                Err(e.code())
            }
        }
    }

    /// Hands `text` out, borrowed until the next call.
    fn hand_out(&mut self, text: String, out: super::macros::Out<'_, *const c_char>) {
        self.text = c_text(&text);
        out.set(self.text.as_ptr());
    }
}

/// The request JSON: NULL for an empty request, else an object as text.
fn parse_request(json: *const c_char) -> Result<Value, Error> {
    if json.is_null() {
        return Ok(Value::Null);
    }
    // SAFETY: non-NULL (checked) and NUL-terminated (the API contract).
    let text = unsafe { CStr::from_ptr(json) };
    let text = text
        .to_str()
        .map_err(|_| Error::Usage("the request JSON is not UTF-8".into()))?;
    serde_json::from_str(text)
        .map_err(|e| Error::Usage(format!("the request is not valid JSON: {e}")))
}

/// The name of built-in description number `index` (0, 1, ... in sorted order), or NULL past
/// the last. The string is static: valid for the life of the program. Needs no handle.
#[no_mangle]
pub extern "C" fn nlrs_family_builtin(index: usize) -> *const c_char {
    guard_or(std::ptr::null(), || {
        Ok(builtin_names()
            .nth(index)
            .map_or(std::ptr::null(), CStr::as_ptr))
    })
}

/// Opens the family of the built-in description `name` (see `nlrs_family_builtin()`), e.g.
/// `"rt-link"`, `"ethtool"`. No socket is opened yet.
///
/// On success returns 0 and writes a new handle to `*out`, which the caller owns and frees
/// with `nlrs_family_free()`; `*out` is untouched on failure. Errors: `-EINVAL` (NULL or
/// non-UTF-8 `name`, NULL `out`), `-ENOENT` (no built-in description of that name).
#[no_mangle]
pub extern "C" fn nlrs_family_open(name: *const c_char, out: *mut *mut nlrs_family) -> c_int {
    // SAFETY: `name` is NULL or a C string, `out` NULL or writable (the API contract).
    let (name, out) = unsafe { (arg_str(name), arg_out(out)) };
    guard(|| {
        let (name, out) = (name?, out?);
        let client = Client::builtin(name).map_err(|e| e.code())?;
        out.set(into_raw(FamilyState::new(client)));
        Ok(0)
    })
}

/// Loads the family description in the kernel's YNL format from the file at `path` (a spec
/// from a kernel tree loads unchanged). No socket is opened yet.
///
/// On success returns 0 and writes a new handle to `*out`, which the caller owns and frees
/// with `nlrs_family_free()`; `*out` is untouched on failure. When the file cannot be read or
/// is malformed, returns a negative code and writes why into `err` like `snprintf` (`FILE:LINE:
/// construct: problem`, truncated to `err_len - 1` bytes and NUL-terminated; `err` may be
/// NULL when `err_len` is 0). Errors: `-EINVAL` (NULL or non-UTF-8 `path`, NULL `out`, NULL
/// `err` with `err_len > 0`, a malformed or unsupported description).
#[no_mangle]
pub extern "C" fn nlrs_family_load(
    path: *const c_char,
    err: *mut c_char,
    err_len: usize,
    out: *mut *mut nlrs_family,
) -> c_int {
    // SAFETY: `path` is NULL or a C string, `(err, err_len)` NULL/0 or writable, `out` NULL or
    // writable (the API contract).
    let (path, err, out) = unsafe {
        (
            arg_str(path),
            arg_slice_mut(err.cast::<u8>(), err_len),
            arg_out(out),
        )
    };
    guard(|| {
        let (path, err, out) = (path?, err?, out?);
        match Client::from_file(std::path::Path::new(path)) {
            Ok(client) => {
                out.set(into_raw(FamilyState::new(client)));
                Ok(0)
            }
            Err(e) => {
                write_text(err, &e.to_string())?;
                Err(e.code())
            }
        }
    })
}

/// Runs operation `op` as a do request built from `json` (an object keyed by the
/// description's names: fixed-header fields and attributes side by side; NULL for none),
/// with `flags` (`NLRS_NLM_F_CREATE`, `NLRS_NLM_F_EXCL`, ... or 0) added to the request's
/// `NLM_F_REQUEST | NLM_F_ACK`, and waits for the kernel's ACK.
///
/// On success returns the number of reply messages and writes to `*out` a JSON array of
/// them (`[]` when the kernel answered with the ACK alone), each an object keyed by names;
/// borrowed from the handle until its next call. Errors (details in `nlrs_family_error()` and
/// `nlrs_family_error_attr()`): `-EINVAL` (NULL `fam`, `op` or `out`; an unknown operation
/// or one without do; JSON that is not valid or does not fit the description), the kernel's
/// negative errno, `-EBADMSG` (a reply that does not fit the description), or another
/// negative code of the conversation (`-NLRS_E_TIMEOUT`, ...).
#[no_mangle]
pub extern "C" fn nlrs_family_do(
    fam: *mut nlrs_family,
    op: *const c_char,
    json: *const c_char,
    flags: u16,
    out: *mut *const c_char,
) -> c_int {
    // SAFETY: `op` is NULL or a C string, `out` NULL or writable (contract).
    let (op, out) = unsafe { (arg_str(op), arg_out(out)) };
    call_mut(fam, |f| {
        let (op, out) = (op?, out?);
        let r = parse_request(json).and_then(|req| f.client.do_op(op, &req, flags));
        let replies = f.record(r)?;
        let n = c_int::try_from(replies.len()).map_err(|_| -libc::EOVERFLOW)?;
        f.hand_out(Tree::Array(replies).to_string(), out);
        Ok(n)
    })
}

/// Starts a dump of operation `op` with a request built from `json` (as for
/// `nlrs_family_do()`; NULL for none). Read it with `nlrs_family_dump_next()`. A dump still
/// running on the family is read to its end and discarded first.
///
/// Returns 0, or `-EINVAL` (NULL `fam` or `op`; an unknown operation or one without dump;
/// JSON that does not fit), or a negative code of the conversation. A dump the kernel
/// refuses is reported by the first `nlrs_family_dump_next()`.
#[no_mangle]
pub extern "C" fn nlrs_family_dump(
    fam: *mut nlrs_family,
    op: *const c_char,
    json: *const c_char,
) -> c_int {
    // SAFETY: `op` is NULL or a C string (the API contract).
    let op = unsafe { arg_str(op) };
    call_mut(fam, |f| {
        let op = op?;
        let r = parse_request(json).and_then(|req| f.client.dump_start(op, &req));
        f.record(r)?;
        Ok(0)
    })
}

/// Reads the next message of the family's dump into `*out` as a JSON object keyed by names,
/// borrowed from the handle until its next call.
///
/// Returns 1 when `*out` holds a message, 0 at the dump's successful end (and when no dump
/// runs). Errors: `-NLRS_E_DUMP_INTR` once after the last message when the kernel's table
/// changed during the dump; the kernel's negative errno when it refused the dump;
/// `-EBADMSG` for a message that does not fit the description; another negative code of the
/// conversation; `-EINVAL` for NULL `fam` or `out`. The usual loop:
/// `while ((rc = nlrs_family_dump_next(f, &json)) > 0) { ... }`.
#[no_mangle]
pub extern "C" fn nlrs_family_dump_next(fam: *mut nlrs_family, out: *mut *const c_char) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call_mut(fam, |f| {
        let out = out?;
        let next = f.client.dump_next_json(&mut f.json);
        match next {
            None => f.record(Ok(0)),
            Some(r) => {
                f.record(r)?;
                // JSON text holds no NUL: strings escape it.
                f.json.push('\0');
                out.set(f.json.as_ptr().cast());
                Ok(1)
            }
        }
    })
}

/// Joins the family's multicast group `group` by its name in the description (a generic
/// family's group id is resolved through the controller), on a non-blocking socket of its
/// own. Then poll `nlrs_family_fd()` and call `nlrs_family_process()`.
///
/// Returns 0, or `-EINVAL` (NULL `fam` or `group`, a group the family does not have), or a
/// negative errno of socket() or setsockopt().
#[no_mangle]
pub extern "C" fn nlrs_family_subscribe(fam: *mut nlrs_family, group: *const c_char) -> c_int {
    // SAFETY: `group` is NULL or a C string (the API contract).
    let group = unsafe { arg_str(group) };
    call_mut(fam, |f| {
        let group = group?;
        let r = f.client.subscribe(group);
        f.record(r)?;
        Ok(0)
    })
}

/// Decodes every notification queued now and calls `cb(userdata, json)` for each, on the
/// calling thread; never waits. Returns how many were handed to `cb` (0 when none was
/// queued), or the callback's negative value when it aborted. Errors: `-ENOBUFS` when the
/// receive queue overflowed and notifications were lost (the socket goes on; re-read the
/// state with a dump), `-EBADMSG` for a notification that does not fit the description,
/// `-EINVAL` for NULL `fam` or `cb` or before `nlrs_family_subscribe()`.
#[no_mangle]
pub extern "C" fn nlrs_family_process(
    fam: *mut nlrs_family,
    cb: nlrs_family_cb,
    userdata: *mut c_void,
) -> c_int {
    call_mut(fam, |f| {
        let cb = cb.ok_or(-libc::EINVAL)?;
        let mut rc = 0;
        let r = f.client.notifications(|v| {
            let text = c_text(&v.to_string());
            // SAFETY: the caller's callback, called as its type says (the API contract).
            rc = unsafe { cb(userdata, text.as_ptr()) };
            rc == 0
        });
        let n = f.record(r)?;
        if rc < 0 {
            return Err(rc);
        }
        c_int::try_from(n).map_err(|_| -libc::EOVERFLOW)
    })
}

/// Operation number `index` (0, 1, ... in the description's order) among those that take
/// requests: writes its name to `*name` (valid as long as the handle) and returns its modes,
/// `NLRS_FAMILY_OP_DO | NLRS_FAMILY_OP_DUMP` or one of them. Returns 0 past the last
/// operation, `-EINVAL` for NULL `fam` or `name`. Needs no kernel.
#[no_mangle]
pub extern "C" fn nlrs_family_op(
    fam: *const nlrs_family,
    index: usize,
    name: *mut *const c_char,
) -> c_int {
    // SAFETY: `name` is NULL or writable (the API contract).
    let name = unsafe { arg_out(name) };
    call(fam, |f| {
        let name = name?;
        let Some((cname, idx)) = f.ops.get(index) else {
            return Ok(0);
        };
        let op = &f.client.spec().ops[*idx];
        name.set(cname.as_ptr());
        let mut modes = 0;
        if op.do_mode.is_some() {
            modes |= NLRS_FAMILY_OP_DO;
        }
        if op.dump_mode.is_some() {
            modes |= NLRS_FAMILY_OP_DUMP;
        }
        Ok(modes)
    })
}

/// Compares a generic family's description with the kernel's policy dump: operations or
/// attributes the kernel lacks, types that differ, attributes the kernel has that the
/// description lacks. Writes to `*out` the report, one line per difference (`operation OP:
/// attribute PATH: what differs`, each ending in a newline; empty when the two agree),
/// borrowed from the handle until its next call.
///
/// Returns the number of differences (0: the two agree), or `-EINVAL` (NULL `fam` or `out`,
/// a netlink-raw family, which has no policies to compare, a family the kernel does not
/// have), or another negative code of the conversation.
#[no_mangle]
pub extern "C" fn nlrs_family_check(fam: *mut nlrs_family, out: *mut *const c_char) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call_mut(fam, |f| {
        let out = out?;
        let r = f.client.check();
        let report = f.record(r)?;
        let n = c_int::try_from(report.len()).map_err(|_| -libc::EOVERFLOW)?;
        f.hand_out(report.iter().map(|m| format!("{m}\n")).collect(), out);
        Ok(n)
    })
}
