//! Layer 3: typed rtnetlink objects: links, addresses, routes and neighbours.
//!
//! Each object decodes from a received message into a plain struct (`parse` into a reused
//! value allocates nothing once its buffers have grown), and each change is a small spec type
//! that builds its request, so the same requests work one at a time ([`Socket::request`]) or
//! batched ([`Socket::batch`]). Dumps stream through [`Socket::dump`] with kernel-side
//! filtering where the kernel supports it (strict checking, on by default), typed: each kind's
//! `dump` yields its objects one at a time as they arrive (an [`Iterator`]), and `list`
//! collects them; both take that kind's filter (`Default` for everything).
//!
//! [`Socket::request`]: crate::conn::Socket::request
//! [`Socket::batch`]: crate::conn::Socket::batch
//! [`Socket::dump`]: crate::conn::Socket::dump

pub mod addr;
mod codes;
mod common;
pub(crate) mod dump;
pub mod events;
mod ifindex;
pub mod link;
pub mod mirror;
pub mod neigh;
mod prefix;
pub mod route;

pub use codes::{OperState, RouteProtocol, RouteType, Scope, UnknownName};
pub use common::{HwAddr, IpBytes, Mode, Name, Spec};
pub use dump::{Filter, TypedDump};
pub use ifindex::IfIndex;
pub use prefix::{IpPrefix, PrefixError};
