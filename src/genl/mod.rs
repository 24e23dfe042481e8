//! Layer 3: generic netlink.
//!
//! Generic netlink families get their ids, and their multicast groups get theirs, when they
//! register, so nothing here is hard-coded: [`resolve`] asks the controller (`nlctrl`, the one
//! fixed id, 0x10) for a family by name and returns its id, version, operations and groups;
//! [`list`] streams every family; [`join_group`] subscribes to a group by name;
//! [`get_policy`] asks what each attribute of a family's commands may hold. Requests to a
//! family are built with [`genl_msg`] or [`Family::msg`] and sent with
//! [`Socket::request`](crate::conn::Socket::request) or
//! [`Socket::dump`](crate::conn::Socket::dump), which match the answers and decode errors and
//! extended ACKs as for any other protocol.
//!
//! Every function takes a socket of protocol [`proto::GENERIC`](crate::wire::consts::proto)
//! and refuses any other.

mod family;
mod msg;
mod policy;

pub use family::{join_group, list, resolve, Family, McastGroup, Op};
pub use msg::genl_msg;
pub use policy::{get_policy, AttrKind, AttrPolicy, OpPolicy, Policy, PolicyAttr};
