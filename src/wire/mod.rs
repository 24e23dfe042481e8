//! Layer 1: the netlink wire codec, sans-IO.
//!
//! Bytes in, bytes out, no system calls. [`MsgBuilder`] and [`Batch`] write requests;
//! [`MsgIter`] and [`AttrIter`] read datagrams without copying; [`ack`] decodes `NLMSG_ERROR`
//! and `NLMSG_DONE` with their extended-ACK attributes. Every malformed input becomes a [`ParseError`]; nothing
//! here panics, over-reads or loops on bad lengths.

pub mod ack;
mod attr;
mod batch;
mod builder;
pub mod consts;
mod error;
mod header;
mod msg;
pub mod names;

pub use ack::{DoneMsg, ErrorMsg, ExtAck, ExtAckInfo, Reply};
pub use attr::{Attr, AttrIter};
pub use batch::Batch;
pub use builder::{MsgBuilder, Nest};
pub use error::{BuildError, ParseError};
pub use header::{
    FixedHeader, GenlMsgHdr, IfAddrMsg, IfInfoMsg, NdMsg, NlMsgErr, NlMsgHdr, RtGenMsg, RtMsg,
    RtNexthop,
};
pub use msg::{Msg, MsgIter};

/// Netlink's alignment: messages and attributes start on 4-byte boundaries.
pub const ALIGNTO: usize = 4;

/// Rounds `len` up to the next multiple of [`ALIGNTO`].
#[inline]
pub const fn align(len: usize) -> usize {
    (len + ALIGNTO - 1) & !(ALIGNTO - 1)
}
