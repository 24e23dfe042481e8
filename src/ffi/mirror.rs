//! The `nlrs_mirror` handle: a mirror of links, addresses, routes and neighbours that never
//! silently drifts from the kernel ([`Mirror`]), and the `nlrs_object`s it lends: each one of
//! the typed objects (`nlrs_link`, `nlrs_addr`, `nlrs_route`, `nlrs_neigh`), filled from what the
//! mirror keeps and read with their own getters.
//!
//! The mirror subscribes first, then dumps, applies the events that arrive during and after
//! the dump, and after lost events (the kernel's `ENOBUFS`, a notification larger than the
//! receive buffer), an event it cannot apply, or an inconsistent dump re-dumps and reports
//! exactly the differences. C sees every difference through one callback, called with
//! `NLRS_CHANGE_ADD`, `NLRS_CHANGE_CHANGE` or `NLRS_CHANGE_REMOVE` and the object, and with
//! `NLRS_CHANGE_RESYNC` (and no object) when such a re-dump is complete.

use std::cell::Cell;
use std::os::raw::{c_int, c_void};
use std::ptr::NonNull;

use super::consts::{
    NLRS_CHANGE_ADD, NLRS_CHANGE_CHANGE, NLRS_CHANGE_REMOVE, NLRS_CHANGE_RESYNC, NLRS_MIRROR_ADDRS,
    NLRS_MIRROR_LINKS, NLRS_MIRROR_NEIGHS, NLRS_MIRROR_ROUTES, NLRS_OBJECT_ADDR, NLRS_OBJECT_LINK,
    NLRS_OBJECT_NEIGH, NLRS_OBJECT_ROUTE,
};
use super::macros::{
    arg_out, arg_struct, call, call_mut, ffi_handle, fill_unlent, free, get, guard, guard_or,
    into_raw, FfiHandle, FfiResult, Handle,
};
use super::rtnl_addr::nlrs_addr;
use super::rtnl_link::nlrs_link;
use super::rtnl_neigh::nlrs_neigh;
use super::rtnl_route::nlrs_route;
use crate::rtnl::mirror::{ChangeKind, Flow, Mirror, Object, Place, Report, Selection, Table};
use crate::rtnl::route::Route;

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

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
/// `nlrs_mirror_first()` / `nlrs_mirror_next()` (or `nlrs_mirror_foreach()`), the lookups
/// (`nlrs_mirror_link()`, `nlrs_mirror_route_lookup()`, ...) and `nlrs_mirror_len()`;
/// `nlrs_mirror_resyncs()` counts the recoveries from lost events. Other calls:
/// `nlrs_mirror_resync()`, `nlrs_mirror_set_attempts()`.
///
/// It uses two route sockets of its own (events, and dumps), and memory in proportion to the
/// objects mirrored (routes are kept compactly: about 100 bytes each). A mirror may be used
/// from any thread, one thread at a time.
pub struct nlrs_mirror(Handle<CMirror>);
ffi_handle!(nlrs_mirror => CMirror);

/// A mirror and the objects it lends to C.
pub(crate) struct CMirror {
    mirror: Mirror,
    /// What the walk and the lookups lend: each of those calls fills it anew.
    shown: Shown,
    /// What the callbacks of `nlrs_mirror_process()`, `nlrs_mirror_resync()` and
    /// `nlrs_mirror_foreach()` are given (a `foreach` callback may look objects up).
    reported: Shown,
}

/// One mirrored object as C reads it: an `nlrs_object`, whose kind says which of the typed
/// objects it lends (`nlrs_object_link()`, ...). Opaque.
///
/// Objects belong to their mirror and must not be freed. One handed to a callback is valid
/// only during the call; one from `nlrs_mirror_first()`, `nlrs_mirror_next()` or a lookup (and
/// the typed object it lends) until the next call on the mirror: each such call fills the
/// mirror's one lent object anew.
pub struct nlrs_object {
    _opaque: [u8; 0],
}

/// The Rust side of an `nlrs_object`: which kind it shows, where that object is in the table
/// (when it came from the table), and one typed object of each kind, made once and filled
/// anew for each object shown. The typed objects are handles of their own, so their getters
/// (and their borrow checks) work on them as on any other.
struct Shown {
    kind: Cell<c_int>,
    place: Cell<Option<Place>>,
    link: *mut nlrs_link,
    addr: *mut nlrs_addr,
    route: *mut nlrs_route,
    neigh: *mut nlrs_neigh,
}

impl Shown {
    fn new() -> Self {
        Shown {
            kind: Cell::new(0),
            place: Cell::new(None),
            link: into_raw(Default::default()),
            addr: into_raw(Default::default()),
            route: into_raw(Default::default()),
            neigh: into_raw(Default::default()),
        }
    }

    /// The object as C sees it.
    fn ptr(&self) -> *const nlrs_object {
        (self as *const Shown).cast()
    }

    /// Fills the typed object of `obj`'s kind with `obj`, and returns the object for C.
    fn show(&self, obj: &Object, place: Option<Place>) -> FfiResult<*const nlrs_object> {
        self.kind.set(0);
        let kind = match obj {
            Object::Link(l) => {
                fill(self.link, |o| o.show(|v| v.clone_from(l)))?;
                NLRS_OBJECT_LINK
            }
            Object::Addr(a) => {
                fill(self.addr, |o| o.show(|v| v.clone_from(a)))?;
                NLRS_OBJECT_ADDR
            }
            Object::Route(r) => {
                fill(self.route, |o| o.show(|v| v.clone_from(r)))?;
                NLRS_OBJECT_ROUTE
            }
            Object::Neigh(n) => {
                fill(self.neigh, |o| o.show(|v| v.clone_from(n)))?;
                NLRS_OBJECT_NEIGH
            }
        };
        self.kind.set(kind);
        self.place.set(place);
        Ok(self.ptr())
    }

    /// Shows the object at `place` of `table` (a route straight from where the table keeps
    /// it); NULL for none. Inlined, so that a lookup that finds nothing ends here.
    #[inline]
    fn show_at(&self, table: &Table, place: Option<Place>) -> FfiResult<*const nlrs_object> {
        let Some(p) = place else {
            return Ok(std::ptr::null());
        };
        if let Place::Route(_) = p {
            return self.show_kept_route(table, p);
        }
        match table.object(p) {
            Some(o) => self.show(&o, Some(p)),
            None => Ok(std::ptr::null()),
        }
    }

    /// Shows route `p` of `table`. Out of line: a lookup that finds nothing does not pay for
    /// the registers that reading a route takes.
    #[inline(never)]
    fn show_kept_route(&self, table: &Table, p: Place) -> FfiResult<*const nlrs_object> {
        self.show_route(Some(p), |r| table.route_into(p, r))
    }

    /// Shows the route that `read` writes into the typed route (false: there is none, and
    /// NULL is returned); `place` is where the table keeps it (for `nlrs_mirror_next()`),
    /// `None` for a route reported to a callback.
    fn show_route(
        &self,
        place: Option<Place>,
        read: impl FnOnce(&mut Route) -> bool,
    ) -> FfiResult<*const nlrs_object> {
        self.kind.set(0);
        let mut found = false;
        fill(self.route, |o| o.show(|r| found = read(r)))?;
        if !found {
            return Ok(std::ptr::null());
        }
        self.kind.set(NLRS_OBJECT_ROUTE);
        self.place.set(place);
        Ok(self.ptr())
    }
}

/// Fills the typed object `h` (one of a [`Shown`]'s) through `f`; `-EBUSY` when a call has it.
fn fill<H: FfiHandle>(h: *mut H, f: impl FnOnce(&mut H::Inner)) -> FfiResult<()> {
    let h = NonNull::new(h).ok_or(-libc::EINVAL)?;
    // SAFETY: `h` is one of a live `Shown`'s handles, made by `into_raw` and never freed
    // before the `Shown` is dropped; C only ever reads it, through getters, which call no
    // C code, so nothing lends it while `f` writes it.
    unsafe { fill_unlent(h, f) }
}

impl Drop for Shown {
    fn drop(&mut self) {
        // SAFETY: made by `into_raw` in `Shown::new`, freed only here. C must not free
        // them (the API contract); one a call still has is freed when it is done with it.
        unsafe {
            free(self.link);
            free(self.addr);
            free(self.route);
            free(self.neigh);
        }
    }
}

/// Called with each change of a mirror: `userdata` as given, the change
/// (`NLRS_CHANGE_ADD`, `NLRS_CHANGE_CHANGE`, `NLRS_CHANGE_REMOVE`, or `NLRS_CHANGE_RESYNC` with
/// a NULL `obj`) and the object, valid only during the call. Return 0 to continue, a positive
/// value to stop early, a negative value to abort with that code; either way the change
/// reported is applied and the rest is reported by the next call. Must not call functions on
/// the mirror: they return `-EBUSY` (getters 0 or NULL) and change nothing; `obj`, and the
/// typed object `nlrs_object_link()` (...) lends from it, are fine to read. `nlrs_mirror_free()`
/// is safe here: it takes effect when the call running the callback returns, and calls until
/// then return `-NLRS_E_CONSUMED`.
pub type nlrs_mirror_cb = Option<
    unsafe extern "C" fn(userdata: *mut c_void, change: c_int, obj: *const nlrs_object) -> c_int,
>;

/// Called by `nlrs_mirror_foreach()` with each object: `userdata` as given and the object,
/// valid only during the call. Return 0 to continue, a positive value to stop early, a
/// negative value to abort with that code. May call functions that only read the mirror
/// (`nlrs_mirror_len()`, `nlrs_mirror_first()`, the lookups, ...: what they return is another
/// object, `obj` stays as it is); those that change it return `-EBUSY` and change nothing.
/// `nlrs_mirror_free()` is safe here: it takes effect when `nlrs_mirror_foreach()` returns,
/// and calls until then return `-NLRS_E_CONSUMED`.
pub type nlrs_object_cb =
    Option<unsafe extern "C" fn(userdata: *mut c_void, obj: *const nlrs_object) -> c_int>;

/// The object behind `p`; `-EINVAL` for NULL.
///
/// # Safety
/// `p` is NULL or came from a live mirror's [`Shown`], alive during `'a`.
unsafe fn shown_of<'a>(p: *const nlrs_object) -> FfiResult<&'a Shown> {
    // SAFETY: per the contract, `p` points at a `Shown`.
    unsafe { arg_struct(p.cast::<Shown>()) }
}

fn change_code(k: ChangeKind) -> c_int {
    match k {
        ChangeKind::Add => NLRS_CHANGE_ADD,
        ChangeKind::Change => NLRS_CHANGE_CHANGE,
        ChangeKind::Remove => NLRS_CHANGE_REMOVE,
    }
}

/// A C callback with its userdata, the object it is shown objects in, and the first non-zero
/// value it returned.
struct Reporter<'a> {
    cb: unsafe extern "C" fn(*mut c_void, c_int, *const nlrs_object) -> c_int,
    userdata: *mut c_void,
    shown: &'a Shown,
    rc: Cell<c_int>,
}

impl<'a> Reporter<'a> {
    fn new(cb: nlrs_mirror_cb, userdata: *mut c_void, shown: &'a Shown) -> FfiResult<Self> {
        Ok(Reporter {
            cb: cb.ok_or(-libc::EINVAL)?,
            userdata,
            shown,
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

    /// Shows `o` and calls the callback with it and `k`.
    fn changed(&self, k: ChangeKind, o: &Object) -> Flow {
        self.shown_to_c(change_code(k), self.shown.show(o, None))
    }

    /// Calls the callback with the object `shown` and `change`.
    fn shown_to_c(&self, change: c_int, shown: FfiResult<*const nlrs_object>) -> Flow {
        match shown {
            Ok(p) => self.call(change, p),
            // The lent object is in use (C kept it from a callback and is reading it now,
            // which the contract forbids): the change is applied unreported.
            Err(_) => Flow::Continue(()),
        }
    }

    fn resync(&self) -> Flow {
        self.call(NLRS_CHANGE_RESYNC, std::ptr::null())
    }
}

/// On a shared reporter: the `on_resync` callback given along with it calls it too.
impl Report for &Reporter<'_> {
    fn change(&mut self, k: ChangeKind, o: &Object) -> Flow {
        self.changed(k, o)
    }

    /// The route is read straight into the route object C is lent, not copied there from
    /// the table's.
    fn add_route(&mut self, _: &mut Object, read: impl FnOnce(&mut Route)) -> Flow {
        let shown = self.shown.show_route(None, |r| {
            read(r);
            true
        });
        self.shown_to_c(NLRS_CHANGE_ADD, shown)
    }

    /// The route is decoded straight into the route object C is lent, not copied there from
    /// the table's. Nothing else is shown while `apply` runs (it reports nothing).
    fn route_event(
        &mut self,
        buf: &mut Object,
        apply: impl FnOnce(&mut Route) -> Option<ChangeKind>,
    ) -> Flow {
        let mut apply = Some(apply);
        let mut change = None;
        let shown = self.shown.show_route(None, |r| {
            change = apply.take().and_then(|f| f(r));
            change.is_some()
        });
        match (apply, change) {
            // The lent route is in use (see `shown_to_c`): the route is applied unreported.
            (Some(apply), _) => {
                if let Object::Route(r) = buf {
                    apply(r);
                }
                Flow::Continue(())
            }
            (None, Some(k)) => self.shown_to_c(change_code(k), shown),
            (None, None) => Flow::Continue(()),
        }
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
        let reported = Shown::new();
        let r = Reporter::new(cb, userdata, &reported)?;
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
        let (mirror, _) = Mirror::start_reporting(sel, rcvbuf, &mut &r)?;
        let rc = r.rc.get();
        if rc >= 0 {
            out.set(into_raw(CMirror {
                mirror,
                shown: Shown::new(),
                reported,
            }));
        }
        Ok(rc)
    })
}

/// Applies every event queued now, without waiting, and calls `cb(userdata, change, obj)` for each
/// real difference it makes. After lost events (or an event it cannot apply, see
/// `NLRS_CHANGE_RESYNC`) it discards what is queued, re-dumps (retrying inconsistent dumps, see
/// `nlrs_mirror_set_attempts()`), reports exactly the differences, then calls `cb(userdata,
/// NLRS_CHANGE_RESYNC, NULL)`.
///
/// Returns 0 when everything queued was applied; the callback's positive value when it stopped
/// early, or its negative value when it aborted: the change reported is applied, and the next call
/// reports the rest before reading anything new (call it again without waiting for the descriptor).
/// Errors: `-EINVAL` (NULL `mirror` or `cb`), `-NLRS_E_DUMP_INTR` (every re-dump attempt was
/// inconsistent), the kernel's errno for a refused dump, `-EBADMSG` (a dumped object that does not
/// decode), or another negative errno of the socket calls; after a failed re-dump the next call
/// dumps again. Lost events are never an error.
#[no_mangle]
pub extern "C" fn nlrs_mirror_process(
    mirror: *mut nlrs_mirror,
    cb: nlrs_mirror_cb,
    userdata: *mut c_void,
) -> c_int {
    report(mirror, cb, userdata, |m, r| {
        Ok(m.process_reporting(&mut &*r, || r.resync()).map(drop)?)
    })
}

/// The body of `nlrs_mirror_process()` and `nlrs_mirror_resync()`: runs `run` on the mirror
/// with a reporter calling `cb`, then gives the callback's value (whether it stopped shows
/// there).
fn report(
    mirror: *mut nlrs_mirror,
    cb: nlrs_mirror_cb,
    userdata: *mut c_void,
    run: impl FnOnce(&mut Mirror, &Reporter<'_>) -> FfiResult<()>,
) -> c_int {
    call_mut(mirror, |m| {
        let r = Reporter::new(cb, userdata, &m.reported)?;
        run(&mut m.mirror, &r)?;
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
    report(mirror, cb, userdata, |m, r| {
        Ok(m.resync_until(|k, o| r.changed(k, o), || r.resync())
            .map(drop)?)
    })
}

/// Returns the mirror's first object: links first (by index), then addresses (by family, interface
/// index, prefix length and address: not the order in which the kernel lists an interface's
/// addresses; an IPv4 secondary address has `NLRS_IFA_F_SECONDARY` in its flags), routes (in no
/// particular order) and neighbours. NULL when the mirror is empty or NULL. The object is valid
/// until the next call on the mirror that lends an object or changes the mirror. Walk the table
/// with `for (o = nlrs_mirror_first(m); o != NULL; o = nlrs_mirror_next(m, o))`.
#[no_mangle]
pub extern "C" fn nlrs_mirror_first(mirror: *const nlrs_mirror) -> *const nlrs_object {
    get(mirror, std::ptr::null(), |m| {
        let t = m.mirror.table();
        m.shown.show_at(t, t.first_place())
    })
}

/// Returns the object after `prev` in the mirror's order, or NULL after the last one (or for a NULL
/// argument). `prev` must come from `nlrs_mirror_first()` or `nlrs_mirror_next()` on the same
/// mirror (or be the object a `nlrs_mirror_foreach()` callback is given), with no call that changed
/// the mirror since. The object is valid until the next call on the mirror that lends an object or
/// changes the mirror.
#[no_mangle]
pub extern "C" fn nlrs_mirror_next(
    mirror: *const nlrs_mirror,
    prev: *const nlrs_object,
) -> *const nlrs_object {
    // SAFETY: `prev` is NULL or an object of it (the API contract).
    let prev = unsafe { shown_of(prev) };
    get(mirror, std::ptr::null(), |m| {
        let t = m.mirror.table();
        let at = prev?.place.get().ok_or(-libc::EINVAL)?;
        m.shown.show_at(t, t.next_place(at))
    })
}

/// Calls `cb(userdata, obj)` for each object of the mirror, in the order of
/// `nlrs_mirror_first()`, on the calling thread.
///
/// Returns 0 after the last object; the callback's positive value when it stopped early, or
/// its negative value when it aborted. `-EINVAL` for a NULL `mirror` or `cb`.
#[no_mangle]
pub extern "C" fn nlrs_mirror_foreach(
    mirror: *const nlrs_mirror,
    cb: nlrs_object_cb,
    userdata: *mut c_void,
) -> c_int {
    call(mirror, |m| {
        let cb = cb.ok_or(-libc::EINVAL)?;
        let t = m.mirror.table();
        for p in t.places() {
            let obj = m.reported.show_at(t, Some(p))?;
            // SAFETY: the caller's callback, called as its type says (the API contract).
            let rc = unsafe { cb(userdata, obj) };
            if rc != 0 {
                return Ok(rc);
            }
        }
        Ok(0)
    })
}

/// Runs a lookup on `mirror` and lends the object found (NULL for none, a NULL or bad
/// argument, a mirror in use by a callback).
pub(super) fn lookup(
    mirror: *const nlrs_mirror,
    find: impl FnOnce(&Table) -> FfiResult<Option<Place>>,
) -> *const nlrs_object {
    get(mirror, std::ptr::null(), |m| {
        let t = m.mirror.table();
        m.shown.show_at(t, find(t)?)
    })
}

// ---------------------------------------------------------------------------------------------
// Objects.

/// Returns what `obj` is: `NLRS_OBJECT_LINK`, `NLRS_OBJECT_ADDR`, `NLRS_OBJECT_ROUTE` or
/// `NLRS_OBJECT_NEIGH`; 0 for a NULL `obj`.
#[no_mangle]
pub extern "C" fn nlrs_object_kind(obj: *const nlrs_object) -> c_int {
    // SAFETY: `obj` is NULL or a live object (the API contract).
    let obj = unsafe { shown_of(obj) };
    guard_or(0, || Ok(obj?.kind.get()))
}

/// The typed object of kind `kind` that `obj` lends; NULL for another kind or NULL.
fn lent<T>(obj: FfiResult<&Shown>, kind: c_int, pick: impl FnOnce(&Shown) -> *mut T) -> *const T {
    guard_or(std::ptr::null(), || {
        let s = obj?;
        Ok(if s.kind.get() == kind {
            pick(s).cast_const()
        } else {
            std::ptr::null()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::rtnl_link::{nlrs_link_ifindex, nlrs_link_name};
    use std::ptr;

    unsafe extern "C" fn nop(_: *mut c_void, _: c_int, _: *const nlrs_object) -> c_int {
        0
    }

    unsafe extern "C" fn nop_obj(_: *mut c_void, _: *const nlrs_object) -> c_int {
        0
    }

    #[test]
    fn null_mirror_arguments() {
        let einval = -libc::EINVAL;
        let mut m: *mut nlrs_mirror = ptr::null_mut();
        let ud = ptr::null_mut();
        assert_eq!(
            nlrs_mirror_start(1, 0, Some(nop), ud, ptr::null_mut()),
            einval
        );
        assert_eq!(nlrs_mirror_start(1, 0, None, ud, &mut m), einval);
        assert_eq!(nlrs_mirror_start(0, 0, Some(nop), ud, &mut m), einval);
        assert_eq!(nlrs_mirror_start(16, 0, Some(nop), ud, &mut m), einval);
        assert_eq!(
            nlrs_mirror_start(1, usize::MAX, Some(nop), ud, &mut m),
            einval
        );
        assert!(m.is_null());
        assert_eq!(nlrs_mirror_fd(ptr::null()), einval);
        assert_eq!(nlrs_mirror_process(ptr::null_mut(), Some(nop), ud), einval);
        assert_eq!(nlrs_mirror_resync(ptr::null_mut(), Some(nop), ud), einval);
        assert_eq!(nlrs_mirror_set_attempts(ptr::null_mut(), 3), einval);
        assert_eq!(nlrs_mirror_resyncs(ptr::null()), 0);
        assert_eq!(nlrs_mirror_len(ptr::null()), 0);
        assert!(nlrs_mirror_first(ptr::null()).is_null());
        assert!(nlrs_mirror_next(ptr::null(), ptr::null()).is_null());
        assert_eq!(nlrs_mirror_foreach(ptr::null(), Some(nop_obj), ud), einval);
        assert_eq!(nlrs_object_kind(ptr::null()), 0);
        assert!(nlrs_object_link(ptr::null()).is_null());
        assert!(nlrs_object_addr(ptr::null()).is_null());
        assert!(nlrs_object_route(ptr::null()).is_null());
        assert!(nlrs_object_neigh(ptr::null()).is_null());
        nlrs_mirror_free(ptr::null_mut());
    }

    #[test]
    fn a_live_mirror_lends_typed_objects() {
        let einval = -libc::EINVAL;
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
        // Only the typed object of its kind is lent.
        let link = nlrs_object_link(first);
        assert!(!link.is_null());
        assert!(nlrs_object_route(first).is_null());
        assert!(nlrs_object_addr(first).is_null());
        assert!(nlrs_object_neigh(first).is_null());
        let index = nlrs_link_ifindex(link);
        assert!(index > 0 && !nlrs_link_name(link).is_null());
        // The lookup by index lends the same link.
        let again = nlrs_object_link(super::super::mirror_lookup::nlrs_mirror_link(m, index));
        assert_eq!(nlrs_link_ifindex(again), index);
        assert!(nlrs_mirror_next(m, ptr::null()).is_null());
        assert_eq!(nlrs_mirror_process(m, None, ud), einval);
        assert_eq!(nlrs_mirror_resync(m, None, ud), einval);
        assert_eq!(nlrs_mirror_foreach(m, None, ud), einval);
        assert_eq!(nlrs_mirror_set_attempts(m, 0), 0);
        nlrs_mirror_free(m);
    }
}
