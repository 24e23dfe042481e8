//! The C library of nlrs: `libnlrs.so` and `libnlrs.a`.
//!
//! The C ABI itself is the `ffi` module of the `nlrs` crate (its `capi` feature); this package
//! only links it into the two C libraries and generates `include/libnlrs.h` (see `build.rs`),
//! so that Rust programs that depend on `nlrs` build neither the libraries nor cbindgen.

pub use nlrs_rs::ffi::*;
