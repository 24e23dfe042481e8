//! Building generic netlink requests: the netlink header, then `genlmsghdr`.

use crate::conn::{Error, Result, Socket};
use crate::wire::consts::{genl, proto};
use crate::wire::{GenlMsgHdr, MsgBuilder};

/// A message to generic netlink family `id` with command `cmd`, carrying the family's
/// `version` in its header (`reserved` is 0) and `flags` in `nlmsg_flags`.
///
/// Add attributes, then send it with [`Socket::request`] or [`Socket::dump`]: they add
/// `NLM_F_REQUEST | NLM_F_ACK` (and `NLM_F_DUMP`) and a fresh sequence number.
pub fn genl_msg(id: u16, version: u8, cmd: u8, flags: u16) -> MsgBuilder {
    MsgBuilder::with_header(
        id,
        flags,
        &GenlMsgHdr {
            cmd,
            version,
            reserved: 0,
        },
    )
}

/// A request to the controller itself.
pub(super) fn ctrl_msg(cmd: u8) -> MsgBuilder {
    genl_msg(genl::ID_CTRL, genl::CTRL_VERSION, cmd, 0)
}

/// Refuses sockets of other protocols, where a generic family id means something else: the
/// controller's 0x10 is `RTM_NEWLINK` on a route socket.
pub(super) fn check_generic(sock: &Socket) -> Result<()> {
    if sock.protocol() == proto::GENERIC {
        Ok(())
    } else {
        Err(Error::Invalid(
            "generic netlink needs a NETLINK_GENERIC socket",
        ))
    }
}
