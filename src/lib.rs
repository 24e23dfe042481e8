//! nlrs: a safe netlink library with a C ABI.
//!
//! The crate is built in four layers, each depending only on the ones before it:
//!
//! 1. [`wire`]: the sans-IO codec. Headers, attributes, a message builder, a zero-copy parser and
//!    decoding of `NLMSG_ERROR` / `NLMSG_DONE` with extended ACKs. No system calls.
//! 2. [`conn`]: sockets and conversations with the kernel: requests with ACKs, streaming dumps,
//!    batches, multicast and network namespaces.
//! 3. families (rtnetlink, generic netlink), built on the two layers above.
//! 4. `ffi`: the C ABI declared in `include/libnlrs.h`, a thin translation of the layers above.
//!
//! Every handle may be used from any thread, one thread at a time; the library keeps no global
//! mutable state and starts no threads.

#![warn(missing_docs)]

pub mod conn;
pub mod engine;
pub mod genl;
pub mod rtnl;
pub mod schema;
#[cfg(feature = "tokio")]
pub mod tokio;
pub mod wire;

mod ffi;
