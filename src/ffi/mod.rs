//! Layer 4: the C ABI.
//!
//! Every file here only translates: it checks arguments, calls one safe method of the layers
//! below, and converts the result (see the C API conventions, `shared/conventions/C-API.md`). `build.rs` runs
//! cbindgen over this module tree only (starting at this file), so only what is declared here
//! reaches `include/libnlrs.h`: `#[no_mangle] pub extern "C" fn nlrs_*` functions, `pub const
//! NLRS_*` constants and the opaque `nlrs_*` handle types.
//!
//! `macros.rs` holds the panic boundary, the NULL checks and the handle plumbing every other
//! file uses.

// C names are the C API's, not Rust's.
#![allow(non_camel_case_types)]

pub(crate) mod macros;

pub mod error;
pub mod version;
