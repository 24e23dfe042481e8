//! Checking a generic family's description against the running kernel's policy dump:
//! operations or attributes the kernel lacks, attributes whose types differ, and attributes
//! the kernel accepts that the description lacks.

use super::client::Client;
use super::error::Error;
use crate::genl::{self, AttrKind, Policy};
use crate::schema::{ArrayItem, AttrSet, AttrType, IntType, Protocol, Spec};
use crate::wire::consts::genl::{CMD_CAP_DO, CMD_CAP_DUMP};
use std::collections::HashSet;
use std::fmt;

/// One difference between the description and the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mismatch {
    /// The operation concerned, if any.
    pub op: Option<String>,
    /// The attribute concerned, as a path of names (or `type N` for one the description
    /// lacks).
    pub attr: Option<String>,
    /// What differs.
    pub problem: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = &self.op {
            write!(f, "operation {op}: ")?;
        }
        if let Some(a) = &self.attr {
            write!(f, "attribute {a}: ")?;
        }
        f.write_str(&self.problem)
    }
}

/// Whether the kernel's type `k` fits the description's type `t`.
fn fits(t: &AttrType, k: AttrKind) -> bool {
    use AttrKind as K;
    if matches!(k, K::Invalid | K::Unknown(_)) {
        // The kernel states no type (NLA_UNSPEC and the like): nothing to compare.
        return true;
    }
    match t {
        AttrType::Pad | AttrType::Unused => true,
        AttrType::Flag => k == K::Flag,
        AttrType::Int(f) => match f.ty {
            IntType::U8 => k == K::U8,
            IntType::U16 => k == K::U16,
            IntType::U32 => k == K::U32,
            IntType::U64 => k == K::U64,
            IntType::S8 => k == K::S8,
            IntType::S16 => k == K::S16,
            IntType::S32 => k == K::S32,
            IntType::S64 => k == K::S64,
            IntType::Uint => matches!(k, K::Uint | K::U32 | K::U64),
            IntType::Sint => matches!(k, K::Sint | K::S32 | K::S64),
        },
        AttrType::String => matches!(k, K::String | K::NulString),
        AttrType::Binary { .. } => k == K::Binary,
        AttrType::Bitfield32 { .. } => k == K::Bitfield32,
        AttrType::Nest(_) | AttrType::NestTypeValue { .. } | AttrType::SubMessage { .. } => {
            matches!(k, K::Nested | K::NestedArray)
        }
        AttrType::IndexedArray(_) => matches!(k, K::NestedArray | K::Nested),
    }
}

/// The description's name of a type, for reports.
fn type_name(t: &AttrType) -> &'static str {
    match t {
        AttrType::Pad => "pad",
        AttrType::Unused => "unused",
        AttrType::Flag => "flag",
        AttrType::Int(f) => f.ty.name(),
        AttrType::String => "string",
        AttrType::Binary { .. } => "binary",
        AttrType::Bitfield32 { .. } => "bitfield32",
        AttrType::Nest(_) => "nest",
        AttrType::IndexedArray(_) => "indexed-array",
        AttrType::NestTypeValue { .. } => "nest-type-value",
        AttrType::SubMessage { .. } => "sub-message",
    }
}

/// The set a nest-like attribute holds.
fn inner_set(t: &AttrType) -> Option<&str> {
    match t {
        AttrType::Nest(s) | AttrType::NestTypeValue { set: s, .. } => Some(s),
        AttrType::IndexedArray(item) => match &**item {
            ArrayItem::Nest(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

struct Checker<'a> {
    spec: &'a Spec,
    policy: &'a Policy,
    out: Vec<Mismatch>,
    seen: HashSet<(u32, String)>,
}

impl Checker<'_> {
    fn report(&mut self, op: &str, attr: Option<String>, problem: String) {
        self.out.push(Mismatch {
            op: Some(op.to_owned()),
            attr,
            problem,
        });
    }

    /// Compares the kernel's policy `idx` with set `set`: every attribute the kernel has
    /// must be in the set with a fitting type; nests are compared in turn.
    fn compare(&mut self, op: &str, idx: u32, set: &AttrSet, path: &str) {
        if !self.seen.insert((idx, set.name.clone())) {
            return;
        }
        let policy = self.policy;
        for pa in policy.attrs.iter().filter(|a| a.policy_idx == idx) {
            let Some(a) = set.by_value(pa.attr_type) else {
                self.report(
                    op,
                    Some(super::decode::join(path, &format!("type {}", pa.attr_type))),
                    format!(
                        "the kernel accepts it ({}), the description's set '{}' lacks it",
                        pa.policy.kind, set.name
                    ),
                );
                continue;
            };
            let apath = super::decode::join(path, &a.name);
            if !fits(&a.ty, pa.policy.kind) {
                self.report(
                    op,
                    Some(apath.clone()),
                    format!(
                        "type {} in the description, {} in the kernel",
                        type_name(&a.ty),
                        pa.policy.kind
                    ),
                );
                continue;
            }
            if let (Some(inner), Some(pidx)) = (inner_set(&a.ty), pa.policy.nested_policy) {
                if let Some(s) = self.spec.set(inner) {
                    self.compare(op, pidx, s, &apath);
                }
            }
        }
    }
}

impl Client {
    /// Compares the description with the kernel's policy dump of the family: for each
    /// operation, whether the kernel has it with the same modes; for each request, the
    /// attributes the description lists beyond the family's highest attribute; then, through
    /// every nest, attributes the kernel accepts that the description lacks, and types that
    /// differ. Returns the differences (none when the two agree). Only generic families have
    /// policies to compare.
    pub fn check(&mut self) -> Result<Vec<Mismatch>, Error> {
        if self.spec().protocol != Protocol::Genetlink {
            return Err(Error::Usage(
                "only generic netlink families have policies to check against".into(),
            ));
        }
        let name = self.spec().name.clone();
        let policy = genl::get_policy(self.socket()?, &name, None).map_err(Error::Conn)?;
        let fam = self
            .family()
            .cloned()
            .expect("resolved when the socket opened");
        let spec = self.spec();
        let mut c = Checker {
            spec,
            policy: &policy,
            out: Vec::new(),
            seen: HashSet::new(),
        };
        // Operations without do or dump (mptcp_pm's `unspec`) are only names.
        let requests = spec
            .ops
            .iter()
            .filter(|o| o.do_mode.is_some() || o.dump_mode.is_some());
        for op in requests {
            let Some(cmd) = op.req_value else { continue };
            let Some(kop) = fam.ops.iter().find(|k| k.id == cmd) else {
                c.report(&op.name, None, format!("the kernel has no command {cmd}"));
                continue;
            };
            let op_policy = policy.op(cmd);
            for (mode, cap, what, pidx) in [
                (
                    &op.do_mode,
                    CMD_CAP_DO,
                    "do",
                    op_policy.and_then(|p| p.do_policy),
                ),
                (
                    &op.dump_mode,
                    CMD_CAP_DUMP,
                    "dump",
                    op_policy.and_then(|p| p.dump_policy),
                ),
            ] {
                let Some(mode) = mode else { continue };
                if kop.flags != 0 && kop.flags & cap == 0 {
                    c.report(
                        &op.name,
                        None,
                        format!("the kernel's command {cmd} has no {what}"),
                    );
                    continue;
                }
                let (Some(pidx), Some(set)) =
                    (pidx, op.attr_set.as_deref().and_then(|s| spec.set(s)))
                else {
                    continue;
                };
                // An attribute the policy leaves out may be one the kernel ignores or
                // rejects (NLA_UNSPEC, NLA_REJECT are not dumped): only one above the
                // family's highest attribute is certainly unknown to it.
                for name in mode.request.iter().flat_map(|r| &r.attrs) {
                    let Some(a) = set.by_name(name) else { continue };
                    let unknown = fam.maxattr > 0 && u32::from(a.value) > fam.maxattr;
                    if unknown && policy.attr(pidx, a.value).is_none() {
                        c.report(
                            &op.name,
                            Some(name.clone()),
                            format!(
                                "the description's {what} request has it (type {}), the kernel's attributes end at {}",
                                a.value, fam.maxattr
                            ),
                        );
                    }
                }
                c.compare(&op.name, pidx, set, "");
            }
        }
        for kop in &fam.ops {
            let known = spec.ops.iter().any(|o| {
                (o.do_mode.is_some() || o.dump_mode.is_some()) && o.req_value == Some(kop.id)
            });
            if !known {
                c.out.push(Mismatch {
                    op: None,
                    attr: None,
                    problem: format!(
                        "the kernel has command {}, the description lacks it",
                        kop.id
                    ),
                });
            }
        }
        Ok(c.out)
    }
}
