//! The `nlrs_monitor` handle: rtnetlink notifications read in the caller's own event loop,
//! with [`Monitor`].
//!
//! Each event says what it is about (`NLRS_EVENT_*`) and carries the message as it arrived
//! (an `nlrs_rmsg`), which C decodes with the typed parsers or the attribute cursors. Lost
//! events (the kernel's `ENOBUFS`, a notification larger than the receive buffer) are an
//! event too, `NLRS_EVENT_OVERRUN`, never an error: the monitor keeps working.

use std::os::raw::{c_int, c_void};

use super::consts::{
    NLRS_EVENT_DELADDR, NLRS_EVENT_DELLINK, NLRS_EVENT_DELNEIGH, NLRS_EVENT_DELROUTE,
    NLRS_EVENT_NEWADDR, NLRS_EVENT_NEWLINK, NLRS_EVENT_NEWNEIGH, NLRS_EVENT_NEWROUTE,
    NLRS_EVENT_OTHER, NLRS_EVENT_OVERRUN, NLRS_MONITOR_NONBLOCK,
};
use super::macros::{
    arg_out, arg_slice, call, call_mut, ffi_handle, free, guard, into_raw, FfiResult, Handle,
};
use super::rmsg::nlrs_rmsg;
use crate::conn::SocketOptions;
use crate::rtnl::events::{EventKind, Monitor, RawEvent};

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

const ALL_FLAGS: u32 = NLRS_MONITOR_NONBLOCK;

/// One notification, passed by value: what it is about, and the message as it arrived.
///
/// Filled in by `nlrs_monitor_next()` and handed to `nlrs_monitor_process()`'s callback.
/// `msg` borrows from the monitor's receive buffer: valid until the next call on the monitor
/// (or until it is freed); for `NLRS_EVENT_OVERRUN` it is `{NULL, 0}`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct nlrs_event {
    /// `NLRS_EVENT_NEWLINK`, ..., `NLRS_EVENT_OTHER` or `NLRS_EVENT_OVERRUN`.
    pub kind: c_int,
    /// The message; read it with `nlrs_rmsg_type()`, `nlrs_rmsg_header()`,
    /// `nlrs_rmsg_attrs()`, or a typed parser such as `nlrs_link_parse()`.
    pub msg: nlrs_rmsg,
}

// The C side checks the same size (tests/c/events_monitor.c).
const _: () = {
    let ptr = std::mem::size_of::<usize>();
    assert!(std::mem::size_of::<nlrs_event>() == 3 * ptr);
    assert!(std::mem::offset_of!(nlrs_event, msg) == ptr);
};

impl nlrs_event {
    fn new(ev: &RawEvent<'_>) -> Self {
        let msg = match ev {
            RawEvent::Msg(m) => nlrs_rmsg::new(m),
            RawEvent::Overrun => nlrs_rmsg {
                ptr: std::ptr::null(),
                len: 0,
            },
        };
        nlrs_event {
            kind: kind_code(ev.kind()),
            msg,
        }
    }
}

/// The `NLRS_EVENT_*` value of `k`.
fn kind_code(k: EventKind) -> c_int {
    match k {
        EventKind::NewLink => NLRS_EVENT_NEWLINK,
        EventKind::DelLink => NLRS_EVENT_DELLINK,
        EventKind::NewAddr => NLRS_EVENT_NEWADDR,
        EventKind::DelAddr => NLRS_EVENT_DELADDR,
        EventKind::NewRoute => NLRS_EVENT_NEWROUTE,
        EventKind::DelRoute => NLRS_EVENT_DELROUTE,
        EventKind::NewNeigh => NLRS_EVENT_NEWNEIGH,
        EventKind::DelNeigh => NLRS_EVENT_DELNEIGH,
        EventKind::Other => NLRS_EVENT_OTHER,
        EventKind::Overrun => NLRS_EVENT_OVERRUN,
    }
}

/// A route socket subscribed to rtnetlink multicast groups, read without hidden threads:
/// poll `nlrs_monitor_fd()` in any event loop and call `nlrs_monitor_process()` when it is
/// readable, or pull events one at a time with `nlrs_monitor_next()`.
///
/// Made with `nlrs_monitor_new()`, freed with `nlrs_monitor_free()`. More groups:
/// `nlrs_monitor_join()`; receive buffer: `nlrs_monitor_set_rcvbuf()`. The monitor's socket
/// only receives notifications: make requests on an `nlrs_socket` of their own.
///
/// A monitor may be used from any thread, one thread at a time.
pub struct nlrs_monitor(Handle<Monitor>);
ffi_handle!(nlrs_monitor => Monitor);

/// Called by `nlrs_monitor_process()` with each queued event: `userdata` as given, and the
/// event, whose message is valid only during the call. Return 0 to continue, a positive value
/// to stop early (the rest stays queued), a negative value to abort with that code. Must not
/// call functions on the monitor: they return `-EBUSY` (getters 0) and change nothing.
/// `nlrs_monitor_free()` is safe here: it takes effect when `nlrs_monitor_process()` returns,
/// and calls until then return `-NLRS_E_CONSUMED`.
pub type nlrs_event_cb =
    Option<unsafe extern "C" fn(userdata: *mut c_void, event: nlrs_event) -> c_int>;

/// Opens a monitor on a new route socket in the caller's network namespace and joins the `n`
/// multicast groups in `groups` (`NLRS_RTNLGRP_LINK`, `NLRS_RTNLGRP_IPV4_IFADDR`, ...; any
/// group number, including those above 32). `groups` may be NULL when `n` is 0 (join later
/// with `nlrs_monitor_join()`). `flags` is 0 (`nlrs_monitor_next()` waits for an event) or
/// `NLRS_MONITOR_NONBLOCK` (it returns 0 when nothing is queued). The receive buffer is 1 MiB.
///
/// On success returns 0 and writes a new monitor to `*out`, which the caller owns and frees
/// with `nlrs_monitor_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`,
/// NULL `groups` with `n > 0`, unknown flag bits, a group the kernel refuses), or another
/// negative errno of socket(), setsockopt(), bind() or connect().
#[no_mangle]
pub extern "C" fn nlrs_monitor_new(
    groups: *const u32,
    n: usize,
    flags: u32,
    out: *mut *mut nlrs_monitor,
) -> c_int {
    // SAFETY: `(groups, n)` is NULL/0 or readable, `out` is NULL or writable (the contract).
    let (groups, out) = unsafe { (arg_slice(groups, n), arg_out(out)) };
    guard(|| {
        let (groups, out) = (groups?, out?);
        if flags & !ALL_FLAGS != 0 {
            return Err(-libc::EINVAL);
        }
        let opts = SocketOptions {
            nonblocking: flags & NLRS_MONITOR_NONBLOCK != 0,
            ..SocketOptions::default()
        };
        out.set(into_raw(Monitor::with_options(groups, &opts)?));
        Ok(0)
    })
}

/// Reads the next event into `*out`. A monitor waits for one; a non-blocking one
/// (`NLRS_MONITOR_NONBLOCK`) returns 0 when none is queued (poll `nlrs_monitor_fd()`).
///
/// Returns 1 when `*out` holds an event: its message borrows from the monitor and is valid
/// until the next call on the monitor. Lost events are the event `NLRS_EVENT_OVERRUN`, never
/// an error (the events queued before it are discarded, see `NLRS_EVENT_OVERRUN`). Errors:
/// `-EINTR` when a signal arrived while a blocking monitor waited (with a handler installed
/// without `SA_RESTART`, so that e.g. SIGINT can end the loop; nothing was lost, call again to
/// go on), `-EINVAL` (NULL `mon` or `out`), or another negative errno of recvmsg() or fcntl().
/// `*out` is written only when 1 is returned. The usual
/// loop: `while ((rc = nlrs_monitor_next(m, &ev)) > 0) { ... }`.
#[no_mangle]
pub extern "C" fn nlrs_monitor_next(mon: *mut nlrs_monitor, out: *mut nlrs_event) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call_mut(mon, |m| {
        out?.set_some(m.next_raw()?.map(|ev| nlrs_event::new(&ev)))
    })
}

/// Hands every event queued now to `cb(userdata, event)`, on the calling thread, without
/// waiting (also on a blocking monitor): call it when `nlrs_monitor_fd()` is readable. The
/// event and its message are valid only during the call.
///
/// Returns 0 when every queued event was handed over; the callback's positive value when it
/// stopped early (the rest stays queued: call again, without waiting for the descriptor);
/// the callback's negative value when it aborted. Lost events are the event
/// `NLRS_EVENT_OVERRUN`, never an error (the events queued before it are discarded, see
/// `NLRS_EVENT_OVERRUN`). Errors: `-EINVAL` (NULL `mon` or `cb`), or another negative errno of
/// recvmsg() or fcntl().
#[no_mangle]
pub extern "C" fn nlrs_monitor_process(
    mon: *mut nlrs_monitor,
    cb: nlrs_event_cb,
    userdata: *mut c_void,
) -> c_int {
    call_mut(mon, |m| {
        let cb = cb.ok_or(-libc::EINVAL)?;
        let mut rc = 0;
        m.process_raw(|ev| {
            let event = nlrs_event::new(&ev);
            // SAFETY: the caller's callback, called as its type says (the API contract).
            rc = unsafe { cb(userdata, event) };
            rc == 0
        })?;
        FfiResult::Ok(rc)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr;

    unsafe extern "C" fn count(userdata: *mut c_void, _ev: nlrs_event) -> c_int {
        *userdata.cast::<c_int>() += 1;
        0
    }

    #[test]
    fn null_arguments() {
        let einval = -libc::EINVAL;
        let mut m: *mut nlrs_monitor = ptr::null_mut();
        assert_eq!(nlrs_monitor_new(ptr::null(), 0, 0, ptr::null_mut()), einval);
        assert_eq!(nlrs_monitor_new(ptr::null(), 1, 0, &mut m), einval);
        assert_eq!(nlrs_monitor_new(ptr::null(), 0, 0x80, &mut m), einval);
        assert!(m.is_null());
        assert_eq!(nlrs_monitor_join(ptr::null_mut(), 1), einval);
        assert_eq!(nlrs_monitor_fd(ptr::null()), einval);
        assert_eq!(nlrs_monitor_set_rcvbuf(ptr::null_mut(), 4096), einval);
        let mut ev = nlrs_event::new(&RawEvent::Overrun);
        assert_eq!(nlrs_monitor_next(ptr::null_mut(), &mut ev), einval);
        assert_eq!(
            nlrs_monitor_process(ptr::null_mut(), Some(count), ptr::null_mut()),
            einval
        );
        nlrs_monitor_free(ptr::null_mut());
    }

    #[test]
    fn a_live_monitor_refuses_null_outputs_and_callbacks() {
        let einval = -libc::EINVAL;
        let groups = [1u32];
        let mut m: *mut nlrs_monitor = ptr::null_mut();
        assert_eq!(
            nlrs_monitor_new(groups.as_ptr(), 1, NLRS_MONITOR_NONBLOCK, &mut m),
            0
        );
        assert!(nlrs_monitor_fd(m) >= 0);
        assert_eq!(nlrs_monitor_next(m, ptr::null_mut()), einval);
        assert_eq!(nlrs_monitor_process(m, None, ptr::null_mut()), einval);
        // Nothing queued on a fresh non-blocking monitor (a change here would need privileges
        // and a private namespace: tests/c_events.rs does that).
        let mut n: c_int = 0;
        let rc = nlrs_monitor_process(m, Some(count), (&mut n as *mut c_int).cast());
        assert_eq!(rc, 0);
        nlrs_monitor_free(m);
    }

    #[test]
    fn overrun_is_an_empty_message() {
        let ev = nlrs_event::new(&RawEvent::Overrun);
        assert_eq!(ev.kind, NLRS_EVENT_OVERRUN);
        assert!(ev.msg.ptr.is_null());
        assert_eq!(ev.msg.len, 0);
    }
}
