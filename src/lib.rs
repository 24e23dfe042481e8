//! nlrs: a safe netlink library with a C ABI.
//!
//! # Five common tasks
//!
//! Every call talks to the kernel of the calling thread's network namespace; changes need
//! `CAP_NET_ADMIN` (hence `no_run` below). Errors are [`conn::Error`], with the kernel's own
//! text when it sent one.
//!
//! Dump routes, streaming: each route is decoded as its datagram arrives ([`rtnl::route::list`]
//! collects them instead). Fields are typed: the destination is an [`rtnl::IpPrefix`]
//! (`{:#}` prints it as `ip route` does), interfaces are [`rtnl::IfIndex`]es, the type and
//! origin are enums named as iproute2 names them.
//!
//! ```no_run
//! use nlrs::conn::Socket;
//! use nlrs::rtnl::route::{self, RouteFilter, RouteProtocol};
//! use nlrs::wire::consts::{proto, AF_INET};
//!
//! let mut sock = Socket::open(proto::ROUTE)?;
//! let filter = RouteFilter::default().family(AF_INET).protocol(RouteProtocol::Kernel);
//! for r in route::dump(&mut sock, &filter)? {
//!     let r = r?;
//!     println!("{:#} via {:?} dev {:?} type {}", r.dst, r.gateway, r.oif, r.rtype);
//! }
//! # Ok::<(), nlrs::conn::Error>(())
//! ```
//!
//! Get a link by name (or by index: [`rtnl::link::LinkRef`]), and change it.
//!
//! ```no_run
//! use nlrs::conn::Socket;
//! use nlrs::rtnl::link::{self, LinkChange};
//! use nlrs::wire::consts::proto;
//!
//! let mut sock = Socket::open(proto::ROUTE)?;
//! let lo = link::get(&mut sock, "lo")?;
//! println!("{} is {} <{}>, mtu {:?}", lo.name, lo.index, lo.flags, lo.mtu);
//! LinkChange::default().up(true).apply(&mut sock, lo.index)?;
//! # Ok::<(), nlrs::conn::Error>(())
//! ```
//!
//! Add an address: a prefix as `ip addr` writes it, on an interface.
//!
//! ```no_run
//! use nlrs::conn::Socket;
//! use nlrs::rtnl::addr::AddrSpec;
//! use nlrs::rtnl::{link, Mode, Spec};
//! use nlrs::wire::consts::proto;
//!
//! let mut sock = Socket::open(proto::ROUTE)?;
//! let index = link::get(&mut sock, "lo")?.index;
//! AddrSpec::new(index, "192.0.2.1/24".parse()?).add(&mut sock, Mode::Create)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Watch events, in any event loop ([`rtnl::events::Monitor`] implements `AsFd`; with the
//! `tokio` feature, `nlrs::tokio::AsyncMonitor` awaits them).
//!
//! ```no_run
//! use nlrs::conn::SocketOptions;
//! use nlrs::rtnl::events::{Event, Monitor};
//! use nlrs::wire::consts::rtnlgrp;
//!
//! // Blocking here, for brevity; by default a monitor never blocks.
//! let opts = SocketOptions::default().nonblocking(false);
//! let mut mon = Monitor::with_options(&[rtnlgrp::LINK, rtnlgrp::IPV4_IFADDR], &opts)?;
//! while let Some(event) = mon.next_event()? {
//!     match event {
//!         Event::NewLink(l) => println!("link {} is {}", l.name, if l.is_up() { "up" } else { "down" }),
//!         Event::NewAddr(a) => println!("address {:?} on {}", a.ip(), a.index),
//!         // Events were lost: re-read what you follow with a dump.
//!         Event::Overrun => println!("resynchronise"),
//!         _ => {}
//!     }
//! }
//! # Ok::<(), nlrs::conn::Error>(())
//! ```
//!
//! Call a generic netlink family: its id is looked up by name, then requests go to it as to
//! any protocol (here ethtool's link information for `lo`).
//!
//! ```no_run
//! use nlrs::conn::Socket;
//! use nlrs::genl;
//! use nlrs::wire::consts::proto;
//! use nlrs::wire::GenlMsgHdr;
//!
//! const ETHTOOL_MSG_LINKINFO_GET: u8 = 2;
//! const ETHTOOL_A_LINKINFO_HEADER: u16 = 1;
//! const ETHTOOL_A_LINKINFO_PORT: u16 = 2;
//! const ETHTOOL_A_HEADER_DEV_NAME: u16 = 2;
//!
//! let mut sock = Socket::open(proto::GENERIC)?;
//! let ethtool = genl::resolve(&mut sock, "ethtool")?;
//! let mut req = ethtool.msg(ETHTOOL_MSG_LINKINFO_GET, 0);
//! let header = req.nest_start(ETHTOOL_A_LINKINFO_HEADER)?;
//! req.put_str(ETHTOOL_A_HEADER_DEV_NAME, "lo")?;
//! req.nest_end(header)?;
//! let replies = sock.request(&req)?;
//! let answer = replies.first()?;
//! if let Some(port) = answer.attrs::<GenlMsgHdr>()?.find(ETHTOOL_A_LINKINFO_PORT)? {
//!     println!("lo's port type: {}", port.u8()?);
//! }
//! # Ok::<(), nlrs::conn::Error>(())
//! ```
//!
//! # Layers
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
//! With the `tokio` cargo feature (off by default), `nlrs::tokio` runs requests, dumps and
//! event streams on tokio's reactor; without it nothing of tokio is built.
//!
//! Every handle may be used from any thread, one thread at a time; the library keeps no global
//! mutable state and starts no threads.

#![warn(missing_docs)]

/// Builder-style setters, for the structs callers fill in but may not build as literals
/// (`#[non_exhaustive]`): `opt name: T;` sets an `Option<T>` field to `Some`, `set name: T;`
/// a plain one. Each setter carries the doc comment written before it.
macro_rules! setters {
    ($($(#[$doc:meta])* $how:ident $name:ident: $ty:ty;)*) => {
        $(setters!(@one $how $(#[$doc])* $name: $ty);)*
    };
    (@one opt $(#[$doc:meta])* $name:ident: $ty:ty) => {
        $(#[$doc])*
        pub fn $name(mut self, $name: $ty) -> Self {
            self.$name = Some($name);
            self
        }
    };
    (@one set $(#[$doc:meta])* $name:ident: $ty:ty) => {
        $(#[$doc])*
        pub fn $name(mut self, $name: $ty) -> Self {
            self.$name = $name;
            self
        }
    };
}

pub mod conn;
pub mod engine;
pub mod genl;
pub mod rtnl;
pub mod schema;
#[cfg(feature = "tokio")]
pub mod tokio;
pub mod wire;

// The C ABI of `include/libnlrs.h`, compiled in for capi/ (the `capi` feature) and the crate's
// tests; not a Rust API: public only so that the tests call the very functions C calls
// (`nlrs::ffi::...`), with no second copy of their declarations. Its functions take raw pointers under the C API's contract (NULL or valid), checked where
// they can be and documented for C callers; they are not `unsafe fn` because C has no such
// thing, so clippy's lint for Rust APIs does not apply.
#[cfg(feature = "capi")]
#[doc(hidden)]
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub mod ffi;
