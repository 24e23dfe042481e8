//! Layer 3: any family driven from its description.
//!
//! A [`Client`] takes a [`Spec`](crate::schema::Spec) (built in, or loaded from a kernel YNL
//! file) and speaks the family through the conn layer: [`Client::do_op`] and
//! [`Client::dump`] take a request as a value tree keyed by the description's names
//! (`serde_json::Value`) and give the replies back as [`Tree`]s, keyed the same way (a type
//! of the engine's own, several times cheaper to build than a `serde_json::Value`; see
//! [`Tree::to_json`]); [`Client::subscribe`] joins
//! a multicast group by name and [`Client::notifications`] decodes what arrives;
//! [`Client::check`] compares a generic family's description with the kernel's policies.
//! Errors name attributes by the description ([`Error::attr_path`]).
//!
//! The codec is usable alone: [`Encoder`] builds a request body from a value, [`Decoder`]
//! decodes any message body into one.

mod check;
mod client;
mod decode;
mod encode;
mod error;
mod sink;
mod tree;
mod value;

pub use check::Mismatch;
pub use client::{Client, Dump};
pub use decode::Decoder;
pub use encode::{Encoded, Encoder, Placed};
pub use error::Error;
pub use tree::{Text, Tree};
pub use value::AttrError;
