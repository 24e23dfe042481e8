//! Codes for conditions that have no errno. They start at 4096, above Linux's `MAX_ERRNO`, so
//! they can never collide with an errno; C callers see them negated, like errnos.
//!
//! A file of its own, with no imports, because build.rs reads it too (for the C API's
//! `NLRS_E_*`).

/// A panic was caught at the C boundary; the handle is unusable.
pub const PANIC: i32 = 4096;
/// The kernel's table changed during a dump (`NLM_F_DUMP_INTR`): the result may be
/// inconsistent. The dump was read to its end.
pub const DUMP_INTR: i32 = 4097;
/// No reply arrived within the socket's timeout.
pub const TIMEOUT: i32 = 4098;
/// The handle was already consumed or made unusable by an earlier failure.
pub const CONSUMED: i32 = 4099;
/// A message could not be built: an attribute or message would be too long, a nest was
/// left open or closed out of order, or the family header came after attributes.
pub const BUILD: i32 = 4100;
/// The largest code nlrs defines.
pub const LAST: i32 = BUILD;
