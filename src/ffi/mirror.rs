//! The `nlrs_mirror` handle: a mirror of links, addresses, routes and neighbours that never
//! silently drifts from the kernel ([`Mirror`]), and the `nlrs_object`s it holds.
//!
//! The mirror subscribes first, then dumps, applies the events that arrive during and after
//! the dump, and after lost events (the kernel's `ENOBUFS`, a notification larger than the
//! receive buffer), an event it cannot apply, or an inconsistent dump re-dumps and reports
//! exactly the differences. C sees every difference through one callback, called with
//! `NLRS_CHANGE_ADD`, `NLRS_CHANGE_CHANGE` or `NLRS_CHANGE_REMOVE` and the object, and with
//! `NLRS_CHANGE_RESYNC` (and no object) when such a re-dump is complete.

use std::cell::Cell;
use std::net::IpAddr;
use std::os::raw::{c_char, c_int, c_void};

use super::consts::{
    NLRS_CHANGE_ADD, NLRS_CHANGE_CHANGE, NLRS_CHANGE_REMOVE, NLRS_CHANGE_RESYNC, NLRS_MIRROR_ADDRS,
    NLRS_MIRROR_LINKS, NLRS_MIRROR_NEIGHS, NLRS_MIRROR_ROUTES, NLRS_OBJECT_ADDR, NLRS_OBJECT_LINK,
    NLRS_OBJECT_NEIGH, NLRS_OBJECT_ROUTE,
};
use super::error::write_bytes;
use super::macros::{
    arg_mut, arg_out, arg_ref, arg_slice_mut, arg_struct, call, call_mut, ffi_handle, free, get,
    guard, guard_or, into_raw, FfiResult, Handle, Out,
};
use super::rmsg::nlrs_bytes;
use super::rtnl::{nlrs_ipaddr, opt_out};
use crate::rtnl::addr::Addr;
use crate::rtnl::link::Link;
use crate::rtnl::mirror::{ChangeKind, Flow, Mirror, Object, Selection};
use crate::rtnl::neigh::Neigh;
use crate::rtnl::route::Route;

const ALL_KINDS: u32 =
    NLRS_MIRROR_LINKS | NLRS_MIRROR_ADDRS | NLRS_MIRROR_ROUTES | NLRS_MIRROR_NEIGHS;

/// A mirror of kernel state: links, addresses, routes and/or neighbours, kept equal to the
/// kernel's through events, and re-dumped whenever events were lost.
///
/// Objects are told apart as the kernel tells them apart: two IPv4 routes appended to one
/// prefix that differ only in gateway (or type, protocol, scope, preferred source) are two
/// objects; routes differ by table, family, destination, source, TOS and priority too; an
/// IPv6 multipath route is one object; a bridge's forwarding entry is one object per bridge,
/// MAC and VLAN, whichever port it moves to. What the kernel changes without any
/// notification shows only at the next re-dump (neighbour entries it makes for multicast
/// addresses, `NLRS_NUD_NOARP`, are such a change).
///
/// Made with `nlrs_mirror_start()`, freed with `nlrs_mirror_free()`. Poll `nlrs_mirror_fd()`
/// and call `nlrs_mirror_process()` when it is readable. Read the table with
/// `nlrs_mirror_first()` / `nlrs_mirror_next()` (or `nlrs_mirror_foreach()`) and
/// `nlrs_mirror_len()`; `nlrs_mirror_resyncs()` counts the recoveries from lost events.
/// Other calls: `nlrs_mirror_resync()`, `nlrs_mirror_set_attempts()`.
///
/// It uses two route sockets of its own (events, and dumps), and memory in proportion to the
/// objects mirrored. A mirror may be used from any thread, one thread at a time.
pub struct nlrs_mirror(Handle<Mirror>);
ffi_handle!(nlrs_mirror => Mirror);

/// One mirrored object: a link, an address, a route or a neighbour entry. Opaque; read it
/// with `nlrs_object_kind()` and the `nlrs_object_*()` getters of its kind.
///
/// Objects belong to their mirror. One handed to a callback is valid only during the call;
/// one from `nlrs_mirror_first()` / `nlrs_mirror_next()` until the next call that changes, or
/// frees, the mirror.
pub struct nlrs_object {
    _opaque: [u8; 0],
}

/// Called with each change of a mirror: `userdata` as given, the change
/// (`NLRS_CHANGE_ADD`, `NLRS_CHANGE_CHANGE`, `NLRS_CHANGE_REMOVE`, or `NLRS_CHANGE_RESYNC` with
/// a NULL `obj`) and the object, valid only during the call. Return 0 to continue, a positive
/// value to stop early, a negative value to abort with that code; either way the change
/// reported is applied and the rest is reported by the next call. Must not call functions on
/// the mirror: they return `-EBUSY` (getters 0 or NULL) and change nothing; the
/// `nlrs_object_*()` getters on `obj` are fine. `nlrs_mirror_free()` is safe here: it takes
/// effect when the call running the callback returns, and calls until then return
/// `-NLRS_E_CONSUMED`.
pub type nlrs_mirror_cb = Option<
    unsafe extern "C" fn(userdata: *mut c_void, change: c_int, obj: *const nlrs_object) -> c_int,
>;

/// Called by `nlrs_mirror_foreach()` with each object: `userdata` as given and the object,
/// valid only during the call. Return 0 to continue, a positive value to stop early, a
/// negative value to abort with that code. May call functions that only read the mirror
/// (`nlrs_mirror_len()`, `nlrs_mirror_first()`, ...); those that change it return `-EBUSY` and
/// change nothing. `nlrs_mirror_free()` is safe here: it takes effect when
/// `nlrs_mirror_foreach()` returns, and calls until then return `-NLRS_E_CONSUMED`.
pub type nlrs_object_cb =
    Option<unsafe extern "C" fn(userdata: *mut c_void, obj: *const nlrs_object) -> c_int>;

/// The object `o` as C sees it.
pub(super) fn obj_ptr(o: &Object) -> *const nlrs_object {
    (o as *const Object).cast()
}

/// The object behind `p`; `-EINVAL` for NULL.
///
/// # Safety
/// `p` is NULL or came from [`obj_ptr`] on an object that is still alive during `'a`.
unsafe fn obj_of<'a>(p: *const nlrs_object) -> FfiResult<&'a Object> {
    // SAFETY: per the contract, `p` points at an `Object`.
    unsafe { arg_struct(p.cast::<Object>()) }
}

fn change_code(k: ChangeKind) -> c_int {
    match k {
        ChangeKind::Add => NLRS_CHANGE_ADD,
        ChangeKind::Change => NLRS_CHANGE_CHANGE,
        ChangeKind::Remove => NLRS_CHANGE_REMOVE,
    }
}

/// A C callback with its userdata, and the first non-zero value it returned.
struct Reporter {
    cb: unsafe extern "C" fn(*mut c_void, c_int, *const nlrs_object) -> c_int,
    userdata: *mut c_void,
    rc: Cell<c_int>,
}

impl Reporter {
    fn new(cb: nlrs_mirror_cb, userdata: *mut c_void) -> FfiResult<Self> {
        Ok(Reporter {
            cb: cb.ok_or(-libc::EINVAL)?,
            userdata,
            rc: Cell::new(0),
        })
    }

    fn call(&self, change: c_int, obj: *const nlrs_object) -> Flow {
        // SAFETY: the caller's callback, called as its type says (the API contract).
        let rc = unsafe { (self.cb)(self.userdata, change, obj) };
        if rc == 0 {
            Flow::Continue(())
        } else {
            self.rc.set(rc);
            Flow::Break(())
        }
    }

    fn change(&self, k: ChangeKind, o: &Object) -> Flow {
        self.call(change_code(k), obj_ptr(o))
    }

    fn resync(&self) -> Flow {
        self.call(NLRS_CHANGE_RESYNC, std::ptr::null())
    }
}

/// Starts a mirror of what `selection` names (`NLRS_MIRROR_LINKS`, `NLRS_MIRROR_ADDRS`,
/// `NLRS_MIRROR_ROUTES`, `NLRS_MIRROR_NEIGHS`, or'ed) in the caller's network namespace:
/// subscribes to their events, with a receive buffer of `rcvbuf` bytes (0 for the default,
/// 1 MiB), then dumps them, calling `cb(userdata, NLRS_CHANGE_ADD, obj)` for every object.
///
/// On success returns 0 and writes a new mirror to `*out`, which the caller owns and frees
/// with `nlrs_mirror_free()`. When `cb` stops early (a positive value), the mirror is written
/// to `*out` all the same and that value returned: the rest of the objects are reported by
/// the next `nlrs_mirror_process()`. When `cb` aborts (a negative value), that value is
/// returned and no mirror is made. Errors: `-EINVAL` (NULL `cb` or `out`, an empty selection
/// or unknown bits, `rcvbuf` above `INT_MAX`), `-NLRS_E_DUMP_INTR` (every dump attempt was
/// inconsistent), the kernel's errno for a refused dump, or another negative errno of the
/// socket calls. `*out` is untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_mirror_start(
    selection: u32,
    rcvbuf: usize,
    cb: nlrs_mirror_cb,
    userdata: *mut c_void,
    out: *mut *mut nlrs_mirror,
) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        let out = out?;
        let r = Reporter::new(cb, userdata)?;
        if selection == 0 || selection & !ALL_KINDS != 0 || c_int::try_from(rcvbuf).is_err() {
            return Err(-libc::EINVAL);
        }
        let sel = Selection {
            links: selection & NLRS_MIRROR_LINKS != 0,
            addrs: selection & NLRS_MIRROR_ADDRS != 0,
            routes: selection & NLRS_MIRROR_ROUTES != 0,
            neighs: selection & NLRS_MIRROR_NEIGHS != 0,
        };
        let rcvbuf = (rcvbuf != 0).then_some(rcvbuf);
        let (m, _) = Mirror::start_until(sel, rcvbuf, |k, o| r.change(k, o))?;
        let rc = r.rc.get();
        if rc >= 0 {
            out.set(into_raw(m));
        }
        Ok(rc)
    })
}

/// Frees the mirror, its sockets and every object. NULL is a no-op; freeing twice is
/// undefined.
#[no_mangle]
pub extern "C" fn nlrs_mirror_free(mirror: *mut nlrs_mirror) {
    // SAFETY: `mirror` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(mirror) }
}

/// Returns the descriptor to poll for readability (`POLLIN`), then call
/// `nlrs_mirror_process()`. It stays owned by the mirror: do not close it or read from it.
/// `-EINVAL` for a NULL `mirror`.
#[no_mangle]
pub extern "C" fn nlrs_mirror_fd(mirror: *const nlrs_mirror) -> c_int {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_ref(mirror) };
    call(mirror, |m| Ok(m.fd()))
}

/// Applies every event queued now, without waiting, and calls `cb(userdata, change, obj)` for
/// each real difference it makes. After lost events (or an event it cannot apply, see
/// `NLRS_CHANGE_RESYNC`) it discards what is queued, re-dumps
/// (retrying inconsistent dumps, see `nlrs_mirror_set_attempts()`), reports exactly the
/// differences, then calls `cb(userdata, NLRS_CHANGE_RESYNC, NULL)`.
///
/// Returns 0 when everything queued was applied; the callback's positive value when it
/// stopped early, or its negative value when it aborted: the change reported is applied, and
/// the next call reports the rest before reading anything new (call it again without waiting
/// for the descriptor). Errors: `-EINVAL` (NULL `mirror` or `cb`), `-NLRS_E_DUMP_INTR` (every
/// re-dump attempt was inconsistent), the kernel's errno for a refused dump, `-EBADMSG`
/// (a dumped object that does not decode), or another negative errno of the socket calls; after a failed re-dump
/// the next call dumps again. Lost events are never an error.
#[no_mangle]
pub extern "C" fn nlrs_mirror_process(
    mirror: *mut nlrs_mirror,
    cb: nlrs_mirror_cb,
    userdata: *mut c_void,
) -> c_int {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_mut(mirror) };
    call_mut(mirror, |m| {
        let r = Reporter::new(cb, userdata)?;
        // Whether it stopped shows in `r.rc`: the callback's value.
        let _ = m.process_until(|k, o| r.change(k, o), || r.resync())?;
        Ok(r.rc.get())
    })
}

/// Re-dumps now, as after lost events, reporting the differences (if any) to `cb` and then
/// `NLRS_CHANGE_RESYNC`; counts in `nlrs_mirror_resyncs()`. Returns and fails like
/// `nlrs_mirror_process()`.
#[no_mangle]
pub extern "C" fn nlrs_mirror_resync(
    mirror: *mut nlrs_mirror,
    cb: nlrs_mirror_cb,
    userdata: *mut c_void,
) -> c_int {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_mut(mirror) };
    call_mut(mirror, |m| {
        let r = Reporter::new(cb, userdata)?;
        // Whether it stopped shows in `r.rc`: the callback's value.
        let _ = m.resync_until(|k, o| r.change(k, o), || r.resync())?;
        Ok(r.rc.get())
    })
}

/// Sets how many dumps a re-dump tries before it gives up with `-NLRS_E_DUMP_INTR` when each
/// is inconsistent (the kernel's table changed during it); 5 by default, at least 1.
/// Returns 0, or `-EINVAL` for a NULL `mirror`.
#[no_mangle]
pub extern "C" fn nlrs_mirror_set_attempts(mirror: *mut nlrs_mirror, attempts: u32) -> c_int {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_mut(mirror) };
    call_mut(mirror, |m| {
        m.set_attempts(attempts);
        Ok(0)
    })
}

/// Returns how many times the mirror re-dumped to catch up with the kernel, each reported as
/// `NLRS_CHANGE_RESYNC` (0 for a NULL `mirror`).
#[no_mangle]
pub extern "C" fn nlrs_mirror_resyncs(mirror: *const nlrs_mirror) -> u64 {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_ref(mirror) };
    get(mirror, 0, |m| Ok(m.resyncs()))
}

/// Returns how many objects the mirror holds (0 for a NULL `mirror`).
#[no_mangle]
pub extern "C" fn nlrs_mirror_len(mirror: *const nlrs_mirror) -> usize {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_ref(mirror) };
    get(mirror, 0, |m| Ok(m.len()))
}

/// Returns the mirror's first object: links first (by index), then addresses (by family,
/// interface index, prefix length and address: not the order in which the kernel lists an
/// interface's addresses; an IPv4 secondary address has `NLRS_IFA_F_SECONDARY` in
/// `nlrs_object_addr_flags()`), routes and neighbours. NULL when the mirror is empty or NULL. The object is valid until the next call
/// that changes, or frees, the mirror. Walk the table with
/// `for (o = nlrs_mirror_first(m); o != NULL; o = nlrs_mirror_next(m, o))`.
#[no_mangle]
pub extern "C" fn nlrs_mirror_first(mirror: *const nlrs_mirror) -> *const nlrs_object {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_ref(mirror) };
    get(mirror, std::ptr::null(), |m| {
        Ok(m.first().map_or(std::ptr::null(), obj_ptr))
    })
}

/// Returns the object after `prev` in the mirror's order, or NULL after the last one (or for
/// a NULL argument). `prev` must come from `nlrs_mirror_first()` or `nlrs_mirror_next()` on
/// the same mirror with no call that changed it since. The object is valid until the next
/// call that changes, or frees, the mirror.
#[no_mangle]
pub extern "C" fn nlrs_mirror_next(
    mirror: *const nlrs_mirror,
    prev: *const nlrs_object,
) -> *const nlrs_object {
    // SAFETY: `mirror` is NULL or live, `prev` NULL or an object of it (the API contract).
    let (mirror, prev) = unsafe { (arg_ref(mirror), obj_of(prev)) };
    get(mirror, std::ptr::null(), |m| {
        Ok(m.after(prev?).map_or(std::ptr::null(), obj_ptr))
    })
}

/// Calls `cb(userdata, obj)` for each object of the mirror, in the order of
/// `nlrs_mirror_first()`, on the calling thread. Built on the same walk.
///
/// Returns 0 after the last object; the callback's positive value when it stopped early, or
/// its negative value when it aborted. `-EINVAL` for a NULL `mirror` or `cb`.
#[no_mangle]
pub extern "C" fn nlrs_mirror_foreach(
    mirror: *const nlrs_mirror,
    cb: nlrs_object_cb,
    userdata: *mut c_void,
) -> c_int {
    // SAFETY: `mirror` is NULL or live (the API contract).
    let mirror = unsafe { arg_ref(mirror) };
    call(mirror, |m| {
        let cb = cb.ok_or(-libc::EINVAL)?;
        let mut next = m.first();
        while let Some(o) = next {
            // SAFETY: the caller's callback, called as its type says (the API contract).
            let rc = unsafe { cb(userdata, obj_ptr(o)) };
            if rc != 0 {
                return Ok(rc);
            }
            next = m.after(o);
        }
        Ok(0)
    })
}

// ---------------------------------------------------------------------------------------------
// Objects.

/// Reads a field of a link object: `fallback` for NULL or another kind.
fn link<T>(obj: FfiResult<&Object>, fallback: T, f: impl FnOnce(&Link) -> T) -> T {
    guard_or(fallback, || match obj? {
        Object::Link(l) => Ok(f(l)),
        _ => Err(-libc::EINVAL),
    })
}

/// Reads a field of an address object: `fallback` for NULL or another kind.
fn addr<T>(obj: FfiResult<&Object>, fallback: T, f: impl FnOnce(&Addr) -> T) -> T {
    guard_or(fallback, || match obj? {
        Object::Addr(a) => Ok(f(a)),
        _ => Err(-libc::EINVAL),
    })
}

/// Reads a field of a route object: `fallback` for NULL or another kind.
fn route<T>(obj: FfiResult<&Object>, fallback: T, f: impl FnOnce(&Route) -> T) -> T {
    guard_or(fallback, || match obj? {
        Object::Route(r) => Ok(f(r)),
        _ => Err(-libc::EINVAL),
    })
}

/// Reads a field of a neighbour object: `fallback` for NULL or another kind.
fn neigh<T>(obj: FfiResult<&Object>, fallback: T, f: impl FnOnce(&Neigh) -> T) -> T {
    guard_or(fallback, || match obj? {
        Object::Neigh(n) => Ok(f(n)),
        _ => Err(-libc::EINVAL),
    })
}

/// The body of the optional-field getters: `field` of the object `pick` chooses (`None` when
/// it is another kind: `-EINVAL`), into `out` as [`opt_out`] does (1 present, 0 absent).
fn opt_field<T>(
    obj: FfiResult<&Object>,
    out: FfiResult<Out<'_, T>>,
    pick: impl FnOnce(&Object) -> Option<Option<T>>,
) -> c_int {
    guard(|| {
        let v = pick(obj?).ok_or(-libc::EINVAL)?;
        opt_out(out, v)
    })
}

/// `ip` for C.
fn ip_out(ip: Option<IpAddr>) -> Option<nlrs_ipaddr> {
    ip.as_ref().map(nlrs_ipaddr::new)
}

/// Returns what `obj` is: `NLRS_OBJECT_LINK`, `NLRS_OBJECT_ADDR`, `NLRS_OBJECT_ROUTE` or
/// `NLRS_OBJECT_NEIGH`; 0 for a NULL `obj`.
#[no_mangle]
pub extern "C" fn nlrs_object_kind(obj: *const nlrs_object) -> c_int {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    guard_or(0, || {
        Ok(match obj? {
            Object::Link(_) => NLRS_OBJECT_LINK,
            Object::Addr(_) => NLRS_OBJECT_ADDR,
            Object::Route(_) => NLRS_OBJECT_ROUTE,
            Object::Neigh(_) => NLRS_OBJECT_NEIGH,
        })
    })
}

/// Returns a link's interface index; 0 for NULL or an object that is not a link.
#[no_mangle]
pub extern "C" fn nlrs_object_link_ifindex(obj: *const nlrs_object) -> i32 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    link(obj, 0, |l| l.index)
}

/// Writes a link's name (its bytes as the kernel sent them, UTF-8 or not) into `buf` like
/// `snprintf`: truncated to `len - 1` bytes and always
/// NUL-terminated when `len > 0`; `buf` may be NULL when `len` is 0, to ask for the size (a
/// buffer of 16 bytes, `IFNAMSIZ`, always suffices). Returns the name's length without its
/// NUL, or `-EINVAL` (NULL `obj`, not a link, NULL `buf` with `len > 0`).
#[no_mangle]
pub extern "C" fn nlrs_object_link_name(
    obj: *const nlrs_object,
    buf: *mut c_char,
    len: usize,
) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `(buf, len)` NULL/0 or writable (the contract).
    let (obj, buf) = unsafe { (obj_of(obj), arg_slice_mut(buf.cast::<u8>(), len)) };
    guard(|| match obj? {
        Object::Link(l) => write_bytes(buf?, l.name.as_bytes()),
        _ => Err(-libc::EINVAL),
    })
}

/// Writes a link's MTU (`IFLA_MTU`) to `*out`. Returns 1 when the kernel sent it, 0 when not
/// (then `*out` is untouched), `-EINVAL` (NULL `obj` or `out`, not a link).
#[no_mangle]
pub extern "C" fn nlrs_object_link_mtu(obj: *const nlrs_object, out: *mut u32) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Link(l) => Some(l.mtu),
        _ => None,
    })
}

/// Returns a link's flags (`ifi_flags`: `NLRS_IFF_UP`, ...); 0 for NULL or an object that is
/// not a link.
#[no_mangle]
pub extern "C" fn nlrs_object_link_flags(obj: *const nlrs_object) -> u32 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    link(obj, 0, |l| l.flags)
}

/// Writes a link's operational state (`IFLA_OPERSTATE`, `IF_OPER_*`: 6 up, 2 down, ...) to
/// `*out`. Returns 1 when the kernel sent it, 0 when not (then `*out` is untouched), `-EINVAL`
/// (NULL `obj` or `out`, not a link).
#[no_mangle]
pub extern "C" fn nlrs_object_link_operstate(obj: *const nlrs_object, out: *mut u8) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Link(l) => Some(l.operstate),
        _ => None,
    })
}

/// Returns an address's family, `NLRS_AF_INET` or `NLRS_AF_INET6`; 0 for NULL or an object
/// that is not an address.
#[no_mangle]
pub extern "C" fn nlrs_object_addr_family(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    addr(obj, 0, |a| a.family)
}

/// Returns the interface index of an address; 0 for NULL or an object that is not an
/// address.
#[no_mangle]
pub extern "C" fn nlrs_object_addr_ifindex(obj: *const nlrs_object) -> u32 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    addr(obj, 0, |a| a.index)
}

/// Returns an address's prefix length; 0 for NULL or an object that is not an address.
#[no_mangle]
pub extern "C" fn nlrs_object_addr_prefixlen(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    addr(obj, 0, |a| a.prefixlen)
}

/// Returns an address's flags (`IFA_F_*`, all 32 bits); 0 for NULL or an object that is not
/// an address.
#[no_mangle]
pub extern "C" fn nlrs_object_addr_flags(obj: *const nlrs_object) -> u32 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    addr(obj, 0, |a| a.flags)
}

/// Returns an address's scope (`RT_SCOPE_*`: 0 global, 253 link, 254 host); 0 for NULL or an
/// object that is not an address.
#[no_mangle]
pub extern "C" fn nlrs_object_addr_scope(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    addr(obj, 0, |a| a.scope)
}

/// Writes the interface's own address to `*out`: `IFA_LOCAL` when the kernel sent it, else
/// `IFA_ADDRESS` (IPv6 sends only that), as `ip address` shows it (`local` in `ip -j addr`),
/// like `nlrs_addr_ip()`. Print it with `inet_ntop(out->family, out->addr, ...)`.
///
/// Returns 1 when present, 0 when neither was sent (then `*out` is untouched), `-EINVAL` (NULL
/// `obj` or `out`, not an address).
#[no_mangle]
pub extern "C" fn nlrs_object_addr_ip(obj: *const nlrs_object, out: *mut nlrs_ipaddr) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Addr(a) => Some(ip_out(a.ip())),
        _ => None,
    })
}

/// Returns a route's family, `NLRS_AF_INET` or `NLRS_AF_INET6`; 0 for NULL or an object that
/// is not a route.
#[no_mangle]
pub extern "C" fn nlrs_object_route_family(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    route(obj, 0, |r| r.family)
}

/// Returns a route's table id, all 32 bits (254 main, 255 local); 0 for NULL or an object
/// that is not a route.
#[no_mangle]
pub extern "C" fn nlrs_object_route_table(obj: *const nlrs_object) -> u32 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    route(obj, 0, |r| r.table)
}

/// Returns a route's destination prefix length (0 for a default route); 0 for NULL or an
/// object that is not a route.
#[no_mangle]
pub extern "C" fn nlrs_object_route_dst_len(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    route(obj, 0, |r| r.dst_len)
}

/// Returns a route's type (`RTN_*`: 1 unicast, 2 local, ...); 0 for NULL or an object that is
/// not a route.
#[no_mangle]
pub extern "C" fn nlrs_object_route_type(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    route(obj, 0, |r| r.rtype)
}

/// Returns a route's origin (`RTPROT_*`: 2 kernel, 3 boot, 4 static, ...); 0 for NULL or an
/// object that is not a route.
#[no_mangle]
pub extern "C" fn nlrs_object_route_protocol(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    route(obj, 0, |r| r.protocol)
}

/// Returns a route's scope (`RT_SCOPE_*`); 0 for NULL or an object that is not a route.
#[no_mangle]
pub extern "C" fn nlrs_object_route_scope(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    route(obj, 0, |r| r.scope)
}

/// Writes a route's output interface index (`RTA_OIF`) to `*out`. Returns 1 when the kernel
/// sent it, 0 when not (a multipath or blackhole route; then `*out` is untouched), `-EINVAL`
/// (NULL `obj` or `out`, not a route).
#[no_mangle]
pub extern "C" fn nlrs_object_route_oif(obj: *const nlrs_object, out: *mut u32) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Route(r) => Some(r.oif),
        _ => None,
    })
}

/// Writes a route's priority (metric, `RTA_PRIORITY`) to `*out`. Returns 1 when the kernel sent
/// it, 0 when not (then `*out` is untouched), `-EINVAL` (NULL `obj` or `out`, not a route).
#[no_mangle]
pub extern "C" fn nlrs_object_route_priority(obj: *const nlrs_object, out: *mut u32) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Route(r) => Some(r.priority),
        _ => None,
    })
}

/// Writes a route's destination (`RTA_DST`) to `*out`. Returns 1 when present, 0 when not (a
/// default route; then `*out` is untouched), `-EINVAL` (NULL `obj` or `out`, not a route).
#[no_mangle]
pub extern "C" fn nlrs_object_route_dst(obj: *const nlrs_object, out: *mut nlrs_ipaddr) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Route(r) => Some(ip_out(r.dst)),
        _ => None,
    })
}

/// Writes a route's gateway (`RTA_GATEWAY`) to `*out`. Returns 1 when present, 0 when not (then
/// `*out` is untouched), `-EINVAL` (NULL `obj` or `out`, not a route).
#[no_mangle]
pub extern "C" fn nlrs_object_route_gateway(
    obj: *const nlrs_object,
    out: *mut nlrs_ipaddr,
) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Route(r) => Some(ip_out(r.gateway)),
        _ => None,
    })
}

/// Returns a neighbour entry's family (`NLRS_AF_INET`, `NLRS_AF_INET6`, `NLRS_AF_BRIDGE`); 0
/// for NULL or an object that is not a neighbour.
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_family(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    neigh(obj, 0, |n| n.family)
}

/// Returns a neighbour entry's interface index; 0 for NULL or an object that is not a
/// neighbour.
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_ifindex(obj: *const nlrs_object) -> i32 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    neigh(obj, 0, |n| n.ifindex)
}

/// Returns a neighbour entry's state (`NUD_*` bits: 0x02 reachable, 0x04 stale, 0x80
/// permanent, ...); 0 for NULL or an object that is not a neighbour.
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_state(obj: *const nlrs_object) -> u16 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    neigh(obj, 0, |n| n.state)
}

/// Returns a neighbour entry's flags (`NTF_*`); 0 for NULL or an object that is not a
/// neighbour.
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_flags(obj: *const nlrs_object) -> u8 {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { obj_of(obj) };
    neigh(obj, 0, |n| n.flags)
}

/// Writes a neighbour entry's network address (`NDA_DST`) to `*out`. Returns 1 when present, 0
/// when not (a bridge forwarding entry; then `*out` is untouched), `-EINVAL` (NULL `obj` or
/// `out`, not a neighbour).
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_dst(obj: *const nlrs_object, out: *mut nlrs_ipaddr) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Neigh(n) => Some(ip_out(n.dst)),
        _ => None,
    })
}

/// Writes a neighbour entry's link-layer address (`NDA_LLADDR`, e.g. 6 bytes of MAC) to `*out`,
/// borrowed from the object (valid as long as the object is). Returns 1 when present, 0 when
/// not (an incomplete entry; then `*out` is untouched), `-EINVAL` (NULL `obj` or `out`, not a
/// neighbour).
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_lladdr(obj: *const nlrs_object, out: *mut nlrs_bytes) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Neigh(n) => Some(n.lladdr.as_ref().map(|l| nlrs_bytes::new(l.as_bytes()))),
        _ => None,
    })
}

/// Writes a bridge forwarding entry's VLAN (`NDA_VLAN`) to `*out`. Returns 1 when present, 0
/// when not (an entry of no VLAN, or not a forwarding entry; then `*out` is untouched),
/// `-EINVAL` (NULL `obj` or `out`, not a neighbour). The mirror holds one forwarding entry per
/// bridge (`nlrs_object_neigh_master()`), MAC and VLAN.
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_vlan(obj: *const nlrs_object, out: *mut u16) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Neigh(n) => Some(n.vlan),
        _ => None,
    })
}

/// Writes the interface index of the bridge whose forwarding table holds the entry
/// (`NDA_MASTER`) to `*out`; the entry's port is `nlrs_object_neigh_ifindex()`. Returns 1 when
/// present, 0 when not (an entry of an interface's own, or not a forwarding entry; then `*out`
/// is untouched), `-EINVAL` (NULL `obj` or `out`, not a neighbour).
#[no_mangle]
pub extern "C" fn nlrs_object_neigh_master(obj: *const nlrs_object, out: *mut u32) -> c_int {
    // SAFETY: `obj` is NULL or a live object, `out` NULL or writable (the API contract).
    let (obj, out) = unsafe { (obj_of(obj), arg_out(out)) };
    opt_field(obj, out, |o| match o {
        Object::Neigh(n) => Some(n.master),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;
    use std::ptr;

    unsafe extern "C" fn nop(_: *mut c_void, _: c_int, _: *const nlrs_object) -> c_int {
        0
    }

    unsafe extern "C" fn nop_obj(_: *mut c_void, _: *const nlrs_object) -> c_int {
        0
    }

    #[test]
    fn null_mirror_arguments() {
        let mut m: *mut nlrs_mirror = ptr::null_mut();
        let ud = ptr::null_mut();
        assert_eq!(
            nlrs_mirror_start(1, 0, Some(nop), ud, ptr::null_mut()),
            -libc::EINVAL
        );
        assert_eq!(nlrs_mirror_start(1, 0, None, ud, &mut m), -libc::EINVAL);
        assert_eq!(
            nlrs_mirror_start(0, 0, Some(nop), ud, &mut m),
            -libc::EINVAL
        );
        assert_eq!(
            nlrs_mirror_start(16, 0, Some(nop), ud, &mut m),
            -libc::EINVAL
        );
        assert_eq!(
            nlrs_mirror_start(1, usize::MAX, Some(nop), ud, &mut m),
            -libc::EINVAL
        );
        assert!(m.is_null());
        assert_eq!(nlrs_mirror_fd(ptr::null()), -libc::EINVAL);
        assert_eq!(
            nlrs_mirror_process(ptr::null_mut(), Some(nop), ud),
            -libc::EINVAL
        );
        assert_eq!(
            nlrs_mirror_resync(ptr::null_mut(), Some(nop), ud),
            -libc::EINVAL
        );
        assert_eq!(nlrs_mirror_set_attempts(ptr::null_mut(), 3), -libc::EINVAL);
        assert_eq!(nlrs_mirror_resyncs(ptr::null()), 0);
        assert_eq!(nlrs_mirror_len(ptr::null()), 0);
        assert!(nlrs_mirror_first(ptr::null()).is_null());
        assert!(nlrs_mirror_next(ptr::null(), ptr::null()).is_null());
        assert_eq!(
            nlrs_mirror_foreach(ptr::null(), Some(nop_obj), ud),
            -libc::EINVAL
        );
        nlrs_mirror_free(ptr::null_mut());
    }

    #[test]
    fn a_live_mirror_refuses_null_callbacks() {
        let mut m: *mut nlrs_mirror = ptr::null_mut();
        let ud = ptr::null_mut();
        assert_eq!(
            nlrs_mirror_start(NLRS_MIRROR_LINKS, 0, Some(nop), ud, &mut m),
            0
        );
        assert!(nlrs_mirror_fd(m) >= 0);
        // Every namespace has a loopback link.
        assert!(nlrs_mirror_len(m) >= 1);
        let first = nlrs_mirror_first(m);
        assert_eq!(nlrs_object_kind(first), NLRS_OBJECT_LINK);
        assert!(nlrs_mirror_next(m, ptr::null()).is_null());
        assert_eq!(nlrs_mirror_process(m, None, ud), -libc::EINVAL);
        assert_eq!(nlrs_mirror_resync(m, None, ud), -libc::EINVAL);
        assert_eq!(nlrs_mirror_foreach(m, None, ud), -libc::EINVAL);
        assert_eq!(nlrs_mirror_set_attempts(m, 0), 0);
        nlrs_mirror_free(m);
    }

    #[test]
    fn object_getters_check_null_and_kind() {
        let (mut u32v, mut u8v) = (0u32, 0u8);
        let mut ip = nlrs_ipaddr::default();
        let mut bytes = nlrs_bytes::new(&[]);
        let null = ptr::null();
        assert_eq!(nlrs_object_kind(null), 0);
        assert_eq!(nlrs_object_link_ifindex(null), 0);
        assert_eq!(nlrs_object_link_flags(null), 0);
        assert_eq!(nlrs_object_link_mtu(null, &mut u32v), -libc::EINVAL);
        assert_eq!(nlrs_object_link_operstate(null, &mut u8v), -libc::EINVAL);
        assert_eq!(
            nlrs_object_link_name(null, ptr::null_mut(), 0),
            -libc::EINVAL
        );
        assert_eq!(nlrs_object_addr_family(null), 0);
        assert_eq!(nlrs_object_addr_ifindex(null), 0);
        assert_eq!(nlrs_object_addr_prefixlen(null), 0);
        assert_eq!(nlrs_object_addr_flags(null), 0);
        assert_eq!(nlrs_object_addr_scope(null), 0);
        assert_eq!(nlrs_object_addr_ip(null, &mut ip), -libc::EINVAL);
        assert_eq!(nlrs_object_route_family(null), 0);
        assert_eq!(nlrs_object_route_table(null), 0);
        assert_eq!(nlrs_object_route_dst_len(null), 0);
        assert_eq!(nlrs_object_route_type(null), 0);
        assert_eq!(nlrs_object_route_protocol(null), 0);
        assert_eq!(nlrs_object_route_scope(null), 0);
        assert_eq!(nlrs_object_route_oif(null, &mut u32v), -libc::EINVAL);
        assert_eq!(nlrs_object_route_priority(null, &mut u32v), -libc::EINVAL);
        assert_eq!(nlrs_object_route_dst(null, &mut ip), -libc::EINVAL);
        assert_eq!(nlrs_object_route_gateway(null, &mut ip), -libc::EINVAL);
        assert_eq!(nlrs_object_neigh_family(null), 0);
        assert_eq!(nlrs_object_neigh_ifindex(null), 0);
        assert_eq!(nlrs_object_neigh_state(null), 0);
        assert_eq!(nlrs_object_neigh_flags(null), 0);
        assert_eq!(nlrs_object_neigh_dst(null, &mut ip), -libc::EINVAL);
        assert_eq!(nlrs_object_neigh_lladdr(null, &mut bytes), -libc::EINVAL);
        let mut u16v = 0u16;
        assert_eq!(nlrs_object_neigh_vlan(null, &mut u16v), -libc::EINVAL);
        assert_eq!(nlrs_object_neigh_master(null, &mut u32v), -libc::EINVAL);

        let a = Object::Addr(Addr {
            family: 2,
            prefixlen: 24,
            index: 7,
            address: Some(IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3))),
            ..Default::default()
        });
        let p = obj_ptr(&a);
        assert_eq!(nlrs_object_kind(p), NLRS_OBJECT_ADDR);
        assert_eq!(nlrs_object_addr_ifindex(p), 7);
        assert_eq!(nlrs_object_addr_prefixlen(p), 24);
        assert_eq!(nlrs_object_addr_ip(p, &mut ip), 1);
        assert_eq!((ip.family, &ip.addr[..4]), (2, &[10, 1, 2, 3][..]));
        assert_eq!(nlrs_object_addr_ip(p, ptr::null_mut()), -libc::EINVAL);
        // The wrong kind reads as nothing, or is refused.
        assert_eq!(nlrs_object_link_ifindex(p), 0);
        assert_eq!(nlrs_object_link_mtu(p, &mut u32v), -libc::EINVAL);
        assert_eq!(nlrs_object_link_name(p, ptr::null_mut(), 0), -libc::EINVAL);
        assert_eq!(nlrs_object_route_dst(p, &mut ip), -libc::EINVAL);
        assert_eq!(nlrs_object_neigh_lladdr(p, &mut bytes), -libc::EINVAL);
        assert_eq!(nlrs_object_neigh_vlan(p, &mut u16v), -libc::EINVAL);

        let fdb = Object::Neigh(Neigh {
            family: 7,
            ifindex: 4,
            vlan: Some(10),
            master: Some(3),
            ..Default::default()
        });
        let p = obj_ptr(&fdb);
        assert_eq!(nlrs_object_neigh_vlan(p, &mut u16v), 1);
        assert_eq!(nlrs_object_neigh_master(p, &mut u32v), 1);
        assert_eq!((u16v, u32v), (10, 3));
        let arp = Object::Neigh(Neigh::default());
        assert_eq!(nlrs_object_neigh_vlan(obj_ptr(&arp), &mut u16v), 0);
        assert_eq!(nlrs_object_neigh_master(obj_ptr(&arp), &mut u32v), 0);

        let l = Object::Link(Link {
            index: 3,
            name: "veth0".into(),
            ..Default::default()
        });
        let p = obj_ptr(&l);
        assert_eq!(nlrs_object_link_ifindex(p), 3);
        // Absent: 0, and the output untouched.
        u32v = 77;
        assert_eq!(nlrs_object_link_mtu(p, &mut u32v), 0);
        assert_eq!(u32v, 77);
        let mut name = [0x55u8; 4];
        assert_eq!(nlrs_object_link_name(p, name.as_mut_ptr().cast(), 4), 5);
        assert_eq!(&name, b"vet\0");
        assert_eq!(nlrs_object_link_name(p, ptr::null_mut(), 0), 5);
    }
}
