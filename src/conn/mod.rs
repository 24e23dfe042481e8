//! Layer 2: sockets and conversations with the kernel.
//!
//! A [`Socket`] opens with the defaults NETLINK.md asks for (kernel-assigned port id, connected
//! to the kernel, extended and capped ACKs, strict checking on route sockets, 1 MiB receive
//! buffer, a timeout) and runs one conversation at a time: [`Socket::request`],
//! [`Socket::dump`], [`Socket::batch`], or notifications with [`Socket::recv_notifications`].
//!
//! A socket moves its datagrams through a [`Transport`]: the real [`NetlinkTransport`], or a
//! [`FakeTransport`] that plays a script, so that tests can make the kernel misbehave without
//! root ([`Socket::with_transport`]).

mod batch;
pub mod code;
mod dump;
mod error;
mod fake;
mod inbox;
mod io;
mod multicast;
mod netns;
mod request;
mod socket;
mod transport;

pub use batch::BatchResult;
pub use dump::Dump;
pub use error::{code_text, errno_text, Error, KernelError, Result};
pub use fake::{FakeStep, FakeTransport};
pub use request::Replies;
pub use socket::{Socket, SocketOptions, Support, DEFAULT_RCVBUF, DEFAULT_TIMEOUT};
pub use transport::{Datagram, NetlinkTransport, Transport};
