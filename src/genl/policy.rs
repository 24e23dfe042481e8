//! What a family accepts: its attribute policies, from a `CTRL_CMD_GETPOLICY` dump.
//!
//! The kernel numbers the policies a family uses (0, 1, …) and describes each attribute of
//! each policy in its own message; other messages say which policy each command's do and dump
//! handlers validate against. Nested attributes point to the policy of their contents.

use super::family::resolve;
use super::msg::{check_generic, ctrl_msg};
use crate::conn::{Result, Socket};
use crate::wire::consts::genl::*;
use crate::wire::{AttrIter, GenlMsgHdr, Msg, ParseError};
use std::fmt;

/// The type a policy declares for an attribute (`enum netlink_attribute_type`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttrKind {
    /// `NL_ATTR_TYPE_INVALID`: no type (also what an entry without a type reads as).
    #[default]
    Invalid,
    /// Present or absent, no payload.
    Flag,
    /// 8-bit unsigned.
    U8,
    /// 16-bit unsigned.
    U16,
    /// 32-bit unsigned.
    U32,
    /// 64-bit unsigned.
    U64,
    /// 8-bit signed.
    S8,
    /// 16-bit signed.
    S16,
    /// 32-bit signed.
    S32,
    /// 64-bit signed.
    S64,
    /// Bytes, with optional length limits.
    Binary,
    /// A string, NUL optional, with optional length limits.
    String,
    /// A NUL-terminated string, with optional length limits (not counting the NUL).
    NulString,
    /// Attributes nested inside, validated by another policy.
    Nested,
    /// An array of nests, each validated by another policy.
    NestedArray,
    /// A `struct nla_bitfield32` (value and selector).
    Bitfield32,
    /// A signed integer of 32 or 64 bits (Linux 6.7+).
    Sint,
    /// An unsigned integer of 32 or 64 bits (Linux 6.7+).
    Uint,
    /// A type newer than nlrs, kept as its number.
    Unknown(u32),
}

impl AttrKind {
    /// The kind for the kernel's `NL_ATTR_TYPE_*` value `raw`.
    pub fn from_raw(raw: u32) -> Self {
        match raw {
            NL_ATTR_TYPE_INVALID => Self::Invalid,
            NL_ATTR_TYPE_FLAG => Self::Flag,
            NL_ATTR_TYPE_U8 => Self::U8,
            NL_ATTR_TYPE_U16 => Self::U16,
            NL_ATTR_TYPE_U32 => Self::U32,
            NL_ATTR_TYPE_U64 => Self::U64,
            NL_ATTR_TYPE_S8 => Self::S8,
            NL_ATTR_TYPE_S16 => Self::S16,
            NL_ATTR_TYPE_S32 => Self::S32,
            NL_ATTR_TYPE_S64 => Self::S64,
            NL_ATTR_TYPE_BINARY => Self::Binary,
            NL_ATTR_TYPE_STRING => Self::String,
            NL_ATTR_TYPE_NUL_STRING => Self::NulString,
            NL_ATTR_TYPE_NESTED => Self::Nested,
            NL_ATTR_TYPE_NESTED_ARRAY => Self::NestedArray,
            NL_ATTR_TYPE_BITFIELD32 => Self::Bitfield32,
            NL_ATTR_TYPE_SINT => Self::Sint,
            NL_ATTR_TYPE_UINT => Self::Uint,
            other => Self::Unknown(other),
        }
    }

    /// The kernel's `NL_ATTR_TYPE_*` value.
    pub fn raw(self) -> u32 {
        match self {
            Self::Invalid => NL_ATTR_TYPE_INVALID,
            Self::Flag => NL_ATTR_TYPE_FLAG,
            Self::U8 => NL_ATTR_TYPE_U8,
            Self::U16 => NL_ATTR_TYPE_U16,
            Self::U32 => NL_ATTR_TYPE_U32,
            Self::U64 => NL_ATTR_TYPE_U64,
            Self::S8 => NL_ATTR_TYPE_S8,
            Self::S16 => NL_ATTR_TYPE_S16,
            Self::S32 => NL_ATTR_TYPE_S32,
            Self::S64 => NL_ATTR_TYPE_S64,
            Self::Binary => NL_ATTR_TYPE_BINARY,
            Self::String => NL_ATTR_TYPE_STRING,
            Self::NulString => NL_ATTR_TYPE_NUL_STRING,
            Self::Nested => NL_ATTR_TYPE_NESTED,
            Self::NestedArray => NL_ATTR_TYPE_NESTED_ARRAY,
            Self::Bitfield32 => NL_ATTR_TYPE_BITFIELD32,
            Self::Sint => NL_ATTR_TYPE_SINT,
            Self::Uint => NL_ATTR_TYPE_UINT,
            Self::Unknown(raw) => raw,
        }
    }
}

impl fmt::Display for AttrKind {
    /// The names the kernel's YAML specs use (`nul-string`, `nested-array`, …).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Invalid => "invalid",
            Self::Flag => "flag",
            Self::U8 => "u8",
            Self::U16 => "u16",
            Self::U32 => "u32",
            Self::U64 => "u64",
            Self::S8 => "s8",
            Self::S16 => "s16",
            Self::S32 => "s32",
            Self::S64 => "s64",
            Self::Binary => "binary",
            Self::String => "string",
            Self::NulString => "nul-string",
            Self::Nested => "nested",
            Self::NestedArray => "nested-array",
            Self::Bitfield32 => "bitfield32",
            Self::Sint => "sint",
            Self::Uint => "uint",
            Self::Unknown(raw) => return write!(f, "type-{raw}"),
        })
    }
}

/// What one attribute may hold. Each limit is `None` when the kernel did not state it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttrPolicy {
    /// The attribute's type.
    pub kind: AttrKind,
    /// Smallest value of a signed integer.
    pub min_value_s: Option<i64>,
    /// Largest value of a signed integer.
    pub max_value_s: Option<i64>,
    /// Smallest value of an unsigned integer.
    pub min_value_u: Option<u64>,
    /// Largest value of an unsigned integer.
    pub max_value_u: Option<u64>,
    /// Shortest payload of a binary or string attribute.
    pub min_len: Option<u32>,
    /// Longest payload of a binary or string attribute.
    pub max_len: Option<u32>,
    /// The policy index that validates a nest's contents.
    pub nested_policy: Option<u32>,
    /// The highest attribute type accepted inside the nest.
    pub nested_maxtype: Option<u32>,
    /// The bits a bitfield32 may select.
    pub bitfield32_mask: Option<u32>,
    /// The bits an unsigned integer may have set.
    pub mask: Option<u64>,
    /// Properties nlrs does not know: type and payload. Kept because the kernel may be newer
    /// than nlrs.
    pub unknown: Vec<(u16, Vec<u8>)>,
}

impl AttrPolicy {
    /// Reads the properties of one attribute (the contents of its nest in the dump).
    pub fn parse(props: AttrIter<'_>) -> Result<AttrPolicy, ParseError> {
        let mut p = AttrPolicy::default();
        for a in props {
            let a = a?;
            match a.kind() {
                NL_POLICY_TYPE_ATTR_TYPE => p.kind = AttrKind::from_raw(a.u32()?),
                // Sent as s64: the bits of a u64 read as two's complement.
                NL_POLICY_TYPE_ATTR_MIN_VALUE_S => p.min_value_s = Some(a.u64()? as i64),
                NL_POLICY_TYPE_ATTR_MAX_VALUE_S => p.max_value_s = Some(a.u64()? as i64),
                NL_POLICY_TYPE_ATTR_MIN_VALUE_U => p.min_value_u = Some(a.u64()?),
                NL_POLICY_TYPE_ATTR_MAX_VALUE_U => p.max_value_u = Some(a.u64()?),
                NL_POLICY_TYPE_ATTR_MIN_LENGTH => p.min_len = Some(a.u32()?),
                NL_POLICY_TYPE_ATTR_MAX_LENGTH => p.max_len = Some(a.u32()?),
                NL_POLICY_TYPE_ATTR_POLICY_IDX => p.nested_policy = Some(a.u32()?),
                NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE => p.nested_maxtype = Some(a.u32()?),
                NL_POLICY_TYPE_ATTR_BITFIELD32_MASK => p.bitfield32_mask = Some(a.u32()?),
                NL_POLICY_TYPE_ATTR_MASK => p.mask = Some(a.u64()?),
                // Only aligns the 64-bit values that follow; it says nothing.
                NL_POLICY_TYPE_ATTR_PAD => {}
                other => p.unknown.push((other, a.payload().to_vec())),
            }
        }
        Ok(p)
    }
}

impl fmt::Display for AttrPolicy {
    /// The kind followed by each stated limit, e.g. `nul-string max_len 15` or
    /// `u32 min 0 max 4294967295`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(v) = self.min_value_s {
            write!(f, " min {v}")?;
        }
        if let Some(v) = self.max_value_s {
            write!(f, " max {v}")?;
        }
        if let Some(v) = self.min_value_u {
            write!(f, " min {v}")?;
        }
        if let Some(v) = self.max_value_u {
            write!(f, " max {v}")?;
        }
        if let Some(v) = self.min_len {
            write!(f, " min_len {v}")?;
        }
        if let Some(v) = self.max_len {
            write!(f, " max_len {v}")?;
        }
        if let Some(v) = self.nested_policy {
            write!(f, " policy {v}")?;
        }
        if let Some(v) = self.nested_maxtype {
            write!(f, " maxtype {v}")?;
        }
        if let Some(v) = self.bitfield32_mask {
            write!(f, " bitfield32_mask {v:#x}")?;
        }
        if let Some(v) = self.mask {
            write!(f, " mask {v:#x}")?;
        }
        for (ty, payload) in &self.unknown {
            write!(f, " property-{ty} ({} bytes)", payload.len())?;
        }
        Ok(())
    }
}

/// One attribute of one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PolicyAttr {
    /// The policy it belongs to (the index the kernel gave it in this dump).
    pub policy_idx: u32,
    /// The attribute's type within that policy.
    pub attr_type: u16,
    /// What it may hold.
    pub policy: AttrPolicy,
}

/// Which policies a command validates its requests against.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OpPolicy {
    /// The command number. [`get_policy`] repairs what the kernel sends for a command that
    /// has only a dump handler: 0, not its number (see there); [`Policy::add`] alone cannot.
    pub op: u32,
    /// The policy index for a do request, if the command has a do handler with a policy.
    pub do_policy: Option<u32>,
    /// The policy index for a dump request, if the command has a dump handler with a policy.
    pub dump_policy: Option<u32>,
}

/// A family's policies, as one `CTRL_CMD_GETPOLICY` dump described them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// The family's id.
    pub family_id: u16,
    /// Every attribute of every policy, in the kernel's order (by policy, then attribute).
    pub attrs: Vec<PolicyAttr>,
    /// The policies of each command, in the kernel's order.
    pub ops: Vec<OpPolicy>,
    /// Top-level attributes nlrs does not know: type and payload. Kept because the kernel may
    /// be newer than nlrs.
    pub unknown: Vec<(u16, Vec<u8>)>,
}

impl Policy {
    /// Adds what one message of a `CTRL_CMD_GETPOLICY` dump says.
    pub fn add(&mut self, msg: &Msg<'_>) -> Result<(), ParseError> {
        for a in msg.attrs::<GenlMsgHdr>()? {
            let a = a?;
            match a.kind() {
                CTRL_ATTR_FAMILY_ID => self.family_id = a.u16()?,
                // policy index { attribute type { properties } }
                CTRL_ATTR_POLICY => {
                    for pol in a.nested() {
                        let pol = pol?;
                        for attr in pol.nested() {
                            let attr = attr?;
                            self.attrs.push(PolicyAttr {
                                policy_idx: pol.kind().into(),
                                attr_type: attr.kind(),
                                policy: AttrPolicy::parse(attr.nested())?,
                            });
                        }
                    }
                }
                // command { CTRL_ATTR_POLICY_DO, CTRL_ATTR_POLICY_DUMP }
                CTRL_ATTR_OP_POLICY => {
                    for op in a.nested() {
                        let op = op?;
                        let mut entry = OpPolicy {
                            op: op.kind().into(),
                            do_policy: None,
                            dump_policy: None,
                        };
                        for p in op.nested() {
                            let p = p?;
                            match p.kind() {
                                CTRL_ATTR_POLICY_DO => entry.do_policy = Some(p.u32()?),
                                CTRL_ATTR_POLICY_DUMP => entry.dump_policy = Some(p.u32()?),
                                // The only two the kernel defines (CTRL_ATTR_POLICY_DUMP_MAX).
                                _ => {}
                            }
                        }
                        self.ops.push(entry);
                    }
                }
                other => self.unknown.push((other, a.payload().to_vec())),
            }
        }
        Ok(())
    }

    /// What attribute `attr_type` of policy `policy_idx` may hold.
    pub fn attr(&self, policy_idx: u32, attr_type: u16) -> Option<&AttrPolicy> {
        self.attrs
            .iter()
            .find(|a| a.policy_idx == policy_idx && a.attr_type == attr_type)
            .map(|a| &a.policy)
    }

    /// The policies of command `op`.
    pub fn op(&self, op: u32) -> Option<&OpPolicy> {
        self.ops.iter().find(|o| o.op == op)
    }
}

impl fmt::Display for Policy {
    /// One line per command, then one per attribute, e.g. `op 3: do policy 0, dump policy 0`
    /// and `policy 0 attr 2: nul-string max_len 15`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for o in &self.ops {
            write!(f, "op {}:", o.op)?;
            match (o.do_policy, o.dump_policy) {
                (Some(d), Some(u)) => writeln!(f, " do policy {d}, dump policy {u}")?,
                (Some(d), None) => writeln!(f, " do policy {d}")?,
                (None, Some(u)) => writeln!(f, " dump policy {u}")?,
                (None, None) => writeln!(f, " no policy")?,
            }
        }
        for a in &self.attrs {
            writeln!(
                f,
                "policy {} attr {}: {}",
                a.policy_idx, a.attr_type, a.policy
            )?;
        }
        for (ty, payload) in &self.unknown {
            writeln!(f, "attribute {ty}: {} bytes", payload.len())?;
        }
        Ok(())
    }
}

/// The policies of family `family` (by name) with `CTRL_CMD_GETPOLICY`: of every command, or
/// only of command `op` (and the policies it reaches). Streamed from a dump.
///
/// An unknown family fails with `ENOENT`; an unknown command, or a family without policies,
/// with the kernel's error. When the family has commands with only a dump handler and no `op`
/// is given, one more request (`CTRL_CMD_GETFAMILY`) finds their numbers, which the kernel's
/// answer lacks.
pub fn get_policy(sock: &mut Socket, family: &str, op: Option<u32>) -> Result<Policy> {
    check_generic(sock)?;
    let mut req = ctrl_msg(CTRL_CMD_GETPOLICY);
    req.put_str(CTRL_ATTR_FAMILY_NAME, family)?;
    if let Some(op) = op {
        req.put_u32(CTRL_ATTR_OP, op)?;
    }
    let mut dump = sock.dump(&req)?;
    let mut policy = Policy::default();
    while let Some(msg) = dump.next() {
        policy.add(&msg?)?;
    }
    restore_dump_only_ops(sock, family, op, &mut policy)?;
    Ok(policy)
}

/// The kernel (up to 6.18 at least) numbers each `CTRL_ATTR_OP_POLICY` entry by the command of
/// its do handler (`ctrl_dumppolicy_put_op` nests under `doit->cmd`), so a command with only a
/// dump handler comes as command 0 with no do policy. Put its real number back: the one asked
/// for, or else the one at the same place among the family's commands that have a policy
/// (`CMD_CAP_HASPOL`), which the kernel lists in the same order. If the family changed in
/// between and the two lists no longer line up, the entries are left as the kernel sent them.
fn restore_dump_only_ops(
    sock: &mut Socket,
    family: &str,
    op: Option<u32>,
    policy: &mut Policy,
) -> Result<()> {
    let lost = |o: &OpPolicy| o.op == 0 && o.do_policy.is_none();
    if !policy.ops.iter().any(lost) {
        return Ok(());
    }
    if let Some(op) = op {
        policy
            .ops
            .iter_mut()
            .filter(|o| lost(o))
            .for_each(|o| o.op = op);
        return Ok(());
    }
    let fam = resolve(sock, family)?;
    let with_policy: Vec<u32> = fam
        .ops
        .iter()
        .filter(|o| o.flags & CMD_CAP_HASPOL != 0)
        .map(|o| o.id)
        .collect();
    let lined_up = fam.id == policy.family_id
        && with_policy.len() == policy.ops.len()
        && policy
            .ops
            .iter()
            .zip(&with_policy)
            .all(|(o, &id)| lost(o) || o.op == id);
    if lined_up {
        for (o, &id) in policy.ops.iter_mut().zip(&with_policy) {
            o.op = id;
        }
    }
    Ok(())
}
