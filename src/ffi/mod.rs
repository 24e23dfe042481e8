//! Layer 4: the C ABI.
//!
//! Every file here only translates: it checks arguments, calls one safe method of the layers
//! below, and converts the result (see the C API conventions, `docs/C-API.md`). `capi/build.rs` runs
//! cbindgen over this module tree only (starting at this file), so only what is declared here
//! reaches `include/libnlrs.h`: `#[no_mangle] pub extern "C" fn nlrs_*` functions, `pub const
//! NLRS_*` constants and the opaque `nlrs_*` handle types.
//!
//! `macros.rs` holds the panic boundary, the NULL checks and the handle plumbing every other
//! file uses; `input.rs` the one argument helper they need beside it, for input that may lie
//! in the buffer of the handle it is given to.
//!
//! The plain accessors (frees, getters, setters of one value) are not written by hand: they are
//! generated, each from one row of a table, into `<module>/accessors.rs` (from
//! `tests/ffi_handles/table.rs`) and, for the typed objects, `<module>/generated.rs` (from
//! `tests/ffi_generated/table.rs`); the test beside each table checks them and rewrites them
//! with `NLRS_BLESS=1`.

// C names are the C API's, not Rust's.
#![allow(non_camel_case_types)]

pub(crate) mod macros;
// Input that may lie in the buffer of the handle it is given to, copied before that changes.
pub(crate) mod input;

// The order here is the order of libnlrs.h: from the basics to the conversations.

// Error codes and nlrs_strerror().
pub mod error;
// nlrs_version().
pub mod version;
// NLRS_PROTO_*, NLRS_RTM_*, NLRS_IFLA_*, ... and the family header structs.
pub mod consts;
// The nlrs_socket handle: opening sockets, their options.
pub mod socket;
// The kernel's last error and warning kept on a socket.
pub mod extack;
// The nlrs_msg handle: building a request.
pub mod msg;
// Requests with their ACK, and the nlrs_replies handle.
pub mod request;
// The nlrs_dump handle: streaming dumps.
pub mod dump;
// The nlrs_batch handle: many requests at once.
pub mod batch;
// Received messages, attribute cursors and notifications.
pub mod rmsg;
// The nlrs_monitor handle: rtnetlink notifications as events.
pub mod events;
// The nlrs_mirror handle: a mirror of kernel state, and its nlrs_object.
pub mod mirror;
// Asking an nlrs_mirror: objects by what names them, the longest-prefix match.
pub mod mirror_lookup;
// Generic netlink: families, requests to them, their groups and policies.
pub mod genl;
// The nlrs_family handle: any family from its description, JSON in and out.
pub mod family;
// What the typed rtnetlink objects share: nlrs_ipaddr, NLRS_MODE_*.
pub mod rtnl;
// The nlrs_link object, link dumps, gets, changes, creation and deletion.
pub mod rtnl_link;
// The nlrs_addr object, address dumps and the nlrs_addr_spec of changes.
pub mod rtnl_addr;
// The nlrs_route object, filtered route dumps, lookups and the nlrs_route_spec of changes.
pub mod rtnl_route;
// The nlrs_neigh object, neighbour dumps and changes.
pub mod rtnl_neigh;
