//! Families as the controller describes them: resolving a name, listing every family, and
//! joining a family's multicast groups by name.

use super::msg::{check_generic, ctrl_msg, genl_msg};
use crate::conn::{Error, Result, Socket};
use crate::wire::consts::genl::*;
use crate::wire::{Attr, GenlMsgHdr, Msg, MsgBuilder, ParseError};

/// One command a family accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Op {
    /// The command number (`genlmsghdr.cmd`).
    pub id: u32,
    /// What the command supports: [`CMD_CAP_DO`], [`CMD_CAP_DUMP`], [`CMD_CAP_HASPOL`] and
    /// whether it needs privileges ([`ADMIN_PERM`], [`UNS_ADMIN_PERM`]); 0 when not sent.
    pub flags: u32,
    /// Whether the controller sent the flags (`CTRL_ATTR_OP_FLAGS`): tells flags 0 from none.
    pub flags_sent: bool,
}

/// One multicast group of a family.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct McastGroup {
    /// The group's name, unique within its family.
    pub name: String,
    /// The group number to join (assigned at registration, not fixed).
    pub id: u32,
}

/// A generic netlink family, as the controller reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Family {
    /// The family's name, e.g. `nlctrl`.
    pub name: String,
    /// The family's id: the `nlmsg_type` of its messages. Assigned at registration.
    pub id: u16,
    /// The family's protocol version, for `genlmsghdr.version`.
    pub version: u32,
    /// Size of the family's own header after `genlmsghdr` (0 for most families).
    pub hdrsize: u32,
    /// The highest attribute type of the family's top-level policy.
    pub maxattr: u32,
    /// Its commands, in the controller's order.
    pub ops: Vec<Op>,
    /// Its multicast groups, in the controller's order.
    pub groups: Vec<McastGroup>,
    /// Top-level attributes nlrs does not know: type (flags masked off) and payload. Kept
    /// because the kernel may be newer than nlrs.
    pub unknown: Vec<(u16, Vec<u8>)>,
}

fn absent(attr_type: u16) -> ParseError {
    ParseError::MissingAttr { attr_type }
}

fn parse_op(entry: Attr<'_>) -> Result<Op, ParseError> {
    let mut id = None;
    let mut flags = None;
    for a in entry.nested() {
        let a = a?;
        match a.kind() {
            CTRL_ATTR_OP_ID => id = Some(a.u32()?),
            CTRL_ATTR_OP_FLAGS => flags = Some(a.u32()?),
            // An op entry has held only these two since generic netlink began.
            _ => {}
        }
    }
    Ok(Op {
        id: id.ok_or(absent(CTRL_ATTR_OP_ID))?,
        flags: flags.unwrap_or(0),
        flags_sent: flags.is_some(),
    })
}

fn parse_group(entry: Attr<'_>) -> Result<McastGroup, ParseError> {
    let mut name = None;
    let mut id = None;
    for a in entry.nested() {
        let a = a?;
        match a.kind() {
            CTRL_ATTR_MCAST_GRP_NAME => name = Some(a.str()?.to_owned()),
            CTRL_ATTR_MCAST_GRP_ID => id = Some(a.u32()?),
            // A group entry has held only these two since groups were added (2.6.23).
            _ => {}
        }
    }
    Ok(McastGroup {
        name: name.ok_or(absent(CTRL_ATTR_MCAST_GRP_NAME))?,
        id: id.ok_or(absent(CTRL_ATTR_MCAST_GRP_ID))?,
    })
}

impl Family {
    /// Reads a controller message describing a family: an answer to `CTRL_CMD_GETFAMILY`
    /// (`CTRL_CMD_NEWFAMILY`), or a notification of the controller's `notify` group.
    ///
    /// The id and name are required. The other fields are 0 or empty when absent, because
    /// the multicast-group notifications (`CTRL_CMD_NEWMCAST_GRP`, `CTRL_CMD_DELMCAST_GRP`)
    /// carry only the id, the name and the one group concerned.
    pub fn parse(msg: &Msg<'_>) -> Result<Family, ParseError> {
        let mut id = None;
        let mut name = None;
        let mut fam = Family {
            name: String::new(),
            id: 0,
            version: 0,
            hdrsize: 0,
            maxattr: 0,
            ops: Vec::new(),
            groups: Vec::new(),
            unknown: Vec::new(),
        };
        for a in msg.attrs::<GenlMsgHdr>()? {
            let a = a?;
            match a.kind() {
                CTRL_ATTR_FAMILY_ID => id = Some(a.u16()?),
                CTRL_ATTR_FAMILY_NAME => name = Some(a.str()?.to_owned()),
                CTRL_ATTR_VERSION => fam.version = a.u32()?,
                CTRL_ATTR_HDRSIZE => fam.hdrsize = a.u32()?,
                CTRL_ATTR_MAXATTR => fam.maxattr = a.u32()?,
                CTRL_ATTR_OPS => {
                    for e in a.nested() {
                        fam.ops.push(parse_op(e?)?);
                    }
                }
                CTRL_ATTR_MCAST_GROUPS => {
                    for e in a.nested() {
                        fam.groups.push(parse_group(e?)?);
                    }
                }
                other => fam.unknown.push((other, a.payload().to_vec())),
            }
        }
        fam.id = id.ok_or(absent(CTRL_ATTR_FAMILY_ID))?;
        fam.name = name.ok_or(absent(CTRL_ATTR_FAMILY_NAME))?;
        Ok(fam)
    }

    /// The id of multicast group `name`, or `None` when the family has no such group.
    pub fn group(&self, name: &str) -> Option<u32> {
        self.groups.iter().find(|g| g.name == name).map(|g| g.id)
    }

    /// A request to this family with command `cmd`; see [`genl_msg`].
    pub fn msg(&self, cmd: u8, flags: u16) -> MsgBuilder {
        // genlmsghdr.version is 8 bits: the kernel truncates the family's version the same way
        // when it fills in headers (genlmsg_put).
        genl_msg(self.id, self.version as u8, cmd, flags)
    }
}

/// Looks family `name` up with `CTRL_CMD_GETFAMILY`. A family that is not registered (and
/// that the kernel could not load a module for) fails with `ENOENT`.
pub fn resolve(sock: &mut Socket, name: &str) -> Result<Family> {
    check_generic(sock)?;
    let mut req = ctrl_msg(CTRL_CMD_GETFAMILY);
    req.put_str(CTRL_ATTR_FAMILY_NAME, name)?;
    let replies = sock.request(&req)?;
    Ok(Family::parse(&replies.first()?)?)
}

/// Every registered family visible from the socket's network namespace, in the kernel's
/// order, streamed from a `CTRL_CMD_GETFAMILY` dump.
pub fn list(sock: &mut Socket) -> Result<Vec<Family>> {
    check_generic(sock)?;
    let mut dump = sock.dump(&ctrl_msg(CTRL_CMD_GETFAMILY))?;
    let mut families = Vec::new();
    while let Some(msg) = dump.next() {
        families.push(Family::parse(&msg?)?);
    }
    Ok(families)
}

/// Joins `family`'s multicast group named `group` on `sock`. A name the family does not
/// have is [`Error::Invalid`].
pub fn join_group(sock: &mut Socket, family: &Family, group: &str) -> Result<()> {
    check_generic(sock)?;
    let id = family.group(group).ok_or(Error::Invalid(
        "the family has no multicast group of that name",
    ))?;
    sock.join_group(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::consts::NLMSG_HDRLEN;

    /// An op entry holding `build`'s attributes.
    fn op(build: impl FnOnce(&mut MsgBuilder)) -> Result<Op, ParseError> {
        let mut m = MsgBuilder::new(0, 0);
        build(&mut m);
        let payload = m.bytes().unwrap()[NLMSG_HDRLEN..].to_vec();
        parse_op(Attr::new(1, &payload))
    }

    #[test]
    fn flags_zero_are_told_from_no_flags() {
        let none = op(|m| {
            m.put_u32(CTRL_ATTR_OP_ID, 5).unwrap();
        })
        .unwrap();
        assert_eq!((none.id, none.flags, none.flags_sent), (5, 0, false));
        let zero = op(|m| {
            m.put_u32(CTRL_ATTR_OP_ID, 5).unwrap();
            m.put_u32(CTRL_ATTR_OP_FLAGS, 0).unwrap();
        })
        .unwrap();
        assert_eq!((zero.flags, zero.flags_sent), (0, true));
    }
}
