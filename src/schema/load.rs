//! The YNL loader: a kernel-format description (YAML) into a checked [`Spec`].
//!
//! Numbers the file leaves implicit are worked out as the kernel's own tools do: attributes
//! count from 1 (or on from an explicit `value`), enum entries from `value-start` (0), flags
//! entries are bit positions, operations count from 1 in the `unified` model and separately
//! for requests and replies in the `directional` one. Keys that only shape generated C code
//! (`doc`, `name-prefix`, `enum-name`, `attr-cnt-name`, ...) are accepted and ignored; any
//! other unknown key, a dangling reference or a value of the wrong kind is an error naming
//! the line, never a table built on a guess.

use super::model::*;
use super::yaml::{Ctx, LoadError, Map, Node};
use std::collections::HashMap;

const TOP_KEYS: &[&str] = &[
    "name",
    "kernel-family",
    "doc",
    "protocol",
    "protonum",
    "uapi-header",
    "c-family-name",
    "c-version-name",
    "max-by-define",
    "cmd-max-name",
    "cmd-cnt-name",
    "kernel-policy",
    "version",
    "definitions",
    "attribute-sets",
    "sub-messages",
    "operations",
    "mcast-groups",
];
const DEF_KEYS: &[&str] = &[
    "name",
    "header",
    "type",
    "doc",
    "value",
    "value-start",
    "entries",
    "render-max",
    "enum-name",
    "name-prefix",
    "enum-cnt-name",
    "scope",
    "members",
];
const ENTRY_KEYS: &[&str] = &["name", "value", "doc"];
const MEMBER_KEYS: &[&str] = &[
    "name",
    "type",
    "len",
    "byte-order",
    "doc",
    "enum",
    "enum-as-flags",
    "display-hint",
    "struct",
];
const SET_KEYS: &[&str] = &[
    "name",
    "name-prefix",
    "enum-name",
    "doc",
    "subset-of",
    "attr-cnt-name",
    "attr-max-name",
    "header",
    "attributes",
];
const ATTR_KEYS: &[&str] = &[
    "name",
    "type",
    "doc",
    "value",
    "type-value",
    "byte-order",
    "multi-attr",
    "nested-attributes",
    "enum",
    "enum-as-flags",
    "checks",
    "sub-type",
    "display-hint",
    "name-prefix",
    "struct",
    "sub-message",
    "selector",
];
const CHECK_KEYS: &[&str] = &[
    "flags-mask",
    "min",
    "max",
    "min-len",
    "max-len",
    "exact-len",
    "unterminated-ok",
];
const SUBMSG_KEYS: &[&str] = &["name", "formats"];
const FORMAT_KEYS: &[&str] = &["value", "fixed-header", "attribute-set"];
const OPS_KEYS: &[&str] = &[
    "enum-model",
    "name-prefix",
    "enum-name",
    "async-prefix",
    "async-enum",
    "fixed-header",
    "list",
];
const OP_KEYS: &[&str] = &[
    "name",
    "doc",
    "value",
    "attribute-set",
    "flags",
    "dont-validate",
    "config-cond",
    "fixed-header",
    "do",
    "dump",
    "notify",
    "event",
    "mcgrp",
];
const MODE_KEYS: &[&str] = &["request", "reply", "pre", "post"];
const MSG_KEYS: &[&str] = &["attributes", "value", "fixed-header"];
const EVENT_KEYS: &[&str] = &["attributes"];
const GROUPS_KEYS: &[&str] = &["list"];
const GROUP_KEYS: &[&str] = &["name", "c-define-name", "flags", "value"];

/// Loads a description from YAML `text`; `source` names it in errors (a file name).
pub fn load_str(text: &str, source: &str) -> Result<Spec, LoadError> {
    let ctx = Ctx { file: source };
    let root = ctx.parse(text)?;
    Loader {
        ctx,
        consts: HashMap::new(),
    }
    .spec(&root, source)
}

/// Loads a description from the file at `path`.
pub fn load_file(path: &std::path::Path) -> Result<Spec, LoadError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| LoadError {
        file: name.clone(),
        line: 0,
        construct: String::new(),
        message: format!("cannot read: {e}"),
    })?;
    load_str(&text, &name)
}

struct Loader<'f> {
    ctx: Ctx<'f>,
    consts: HashMap<String, i64>,
}

/// `list[name]`, the construct of a named list item.
fn item(list: &str, name: &str) -> String {
    format!("{list}[{name}]")
}

impl Loader<'_> {
    fn spec(&mut self, root: &Node<'_>, source: &str) -> Result<Spec, LoadError> {
        let top = self.ctx.map(root, "", TOP_KEYS)?;
        let name = top.req_str("name")?.to_owned();
        let protocol = match top.str("protocol")?.unwrap_or("genetlink") {
            "genetlink" | "genetlink-c" | "genetlink-legacy" => {
                if top.get("protonum").is_some() {
                    return Err(top.err_at("protonum", "only netlink-raw families have a protonum".into()));
                }
                Protocol::Genetlink
            }
            "netlink-raw" => {
                let n = top
                    .int("protonum")?
                    .ok_or_else(|| top.err("a netlink-raw family needs 'protonum'".into()))?;
                let protonum = i32::try_from(n)
                    .ok()
                    .filter(|n| (0..32).contains(n))
                    .ok_or_else(|| top.err_at("protonum", format!("{n} is not a netlink protocol number (0..31)")))?;
                Protocol::Raw { protonum }
            }
            other => {
                return Err(top.err_at(
                    "protocol",
                    format!("unsupported protocol '{other}' (genetlink, genetlink-c, genetlink-legacy or netlink-raw)"),
                ))
            }
        };
        let mut spec = Spec {
            name,
            source: source.to_owned(),
            protocol,
            consts: HashMap::new(),
            enums: HashMap::new(),
            structs: HashMap::new(),
            attr_sets: Vec::new(),
            sub_messages: Vec::new(),
            ops: Vec::new(),
            groups: Vec::new(),
        };
        self.definitions(&top, &mut spec)?;
        self.attr_sets(&top, &mut spec)?;
        self.sub_messages(&top, &mut spec)?;
        self.check_sets(&top, &spec)?;
        self.operations(&top, &mut spec)?;
        self.groups(&top, &mut spec)?;
        spec.consts = std::mem::take(&mut self.consts);
        Ok(spec)
    }

    // -----------------------------------------------------------------------------------------
    // Definitions.

    fn definitions(&mut self, top: &Map<'_, '_>, spec: &mut Spec) -> Result<(), LoadError> {
        let defs = top.seq("definitions")?;
        let mut maps = Vec::new();
        for d in defs {
            let m = self.ctx.map(d, "definitions", DEF_KEYS)?;
            let name = m.req_str("name")?;
            let m = self.ctx.map(d, &item("definitions", name), DEF_KEYS)?;
            let dup = self.consts.contains_key(name)
                || spec.enums.contains_key(name)
                || maps.iter().any(|(n, _): &(&str, Map<'_, '_>)| *n == name);
            if dup {
                return Err(m.err(format!("'{name}' is defined twice")));
            }
            match m.req_str("type")? {
                "const" => {
                    // A string that names no constant is a constant string (a group name,
                    // say): kept out of the numbers, where using it is an error.
                    let value = m
                        .get("value")
                        .ok_or_else(|| m.err("a const needs 'value'".into()))?;
                    match m.int_or_const("value", |n| self.consts.get(n).copied()) {
                        Ok(v) => {
                            self.consts.insert(name.to_owned(), v.unwrap_or_default());
                        }
                        Err(_) if self.ctx.str(value, "").is_ok() => {}
                        Err(e) => return Err(e),
                    }
                }
                t @ ("enum" | "flags") => {
                    let e = self.enum_def(&m, name, t == "flags")?;
                    spec.enums.insert(name.to_owned(), e);
                }
                "struct" => maps.push((name, m)),
                other => {
                    return Err(m.err_at(
                        "type",
                        format!("unknown definition type '{other}' (const, enum, flags or struct)"),
                    ))
                }
            }
        }
        // Structs may use structs defined after them: resolve in rounds until none is left.
        while !maps.is_empty() {
            let before = maps.len();
            let mut waiting = Vec::new();
            for (name, m) in maps {
                match self.struct_def(&m, name, spec)? {
                    Some(s) => {
                        spec.structs.insert(name.to_owned(), s);
                    }
                    None => waiting.push((name, m)),
                }
            }
            if waiting.len() == before {
                let (name, m) = &waiting[0];
                return Err(m.err(format!(
                    "struct '{name}' uses a struct that is not defined (or they use each other)"
                )));
            }
            maps = waiting;
        }
        Ok(())
    }

    fn enum_def(&self, m: &Map<'_, '_>, name: &str, flags: bool) -> Result<EnumDef, LoadError> {
        let start = m
            .int_or_const("value-start", |n| self.consts.get(n).copied())?
            .unwrap_or(0);
        let mut next = start;
        let mut entries: Vec<Entry> = Vec::new();
        let construct = m.at("entries");
        for e in m.seq("entries")? {
            let (ename, value) = match self.ctx.str(e, &construct) {
                Ok(s) => (s, None),
                Err(_) => {
                    let em = self.ctx.map(e, &construct, ENTRY_KEYS)?;
                    (em.req_str("name")?, em.int("value")?)
                }
            };
            let value = value.unwrap_or(next);
            if value < 0 || (flags && value >= 64) {
                return Err(self.ctx.err(
                    e,
                    &item(&construct, ename),
                    format!("value {value} is out of range"),
                ));
            }
            if entries.iter().any(|x| x.name == ename) {
                return Err(self
                    .ctx
                    .err(e, &construct, format!("entry '{ename}' appears twice")));
            }
            entries.push(Entry {
                name: ename.to_owned(),
                value: value as u64,
            });
            next = value + 1;
        }
        Ok(EnumDef {
            name: name.to_owned(),
            flags,
            entries,
        })
    }

    /// A struct, or `None` while a struct it uses is not yet known.
    fn struct_def(
        &self,
        m: &Map<'_, '_>,
        name: &str,
        spec: &Spec,
    ) -> Result<Option<StructDef>, LoadError> {
        let construct = m.at("members");
        let mut members: Vec<Member> = Vec::new();
        let mut offset = 0;
        for node in m.seq("members")? {
            let mm = self.ctx.map(node, &construct, MEMBER_KEYS)?;
            let mname = mm.req_str("name")?;
            let mm = self.ctx.map(node, &item(&construct, mname), MEMBER_KEYS)?;
            if members.iter().any(|x| x.name == mname) {
                return Err(mm.err(format!("member '{mname}' appears twice")));
            }
            let ty = mm.req_str("type")?;
            let len = mm
                .int_or_const("len", |n| self.consts.get(n).copied())?
                .map(|l| {
                    usize::try_from(l)
                        .ok()
                        .filter(|&l| l <= 0xffff)
                        .ok_or_else(|| mm.err_at("len", format!("length {l} is out of range")))
                })
                .transpose()?;
            let hint = self.hint(&mm)?;
            let (kind, size) = match ty {
                "pad" | "binary" | "string" => {
                    let kind = match ty {
                        "pad" => MemberKind::Pad,
                        "string" => MemberKind::String,
                        _ => match mm.str("struct")? {
                            Some(s) => match spec.structs.get(s) {
                                Some(def) => {
                                    let kind = MemberKind::Struct(s.to_owned());
                                    members.push(Member {
                                        name: mname.to_owned(),
                                        kind,
                                        offset,
                                        len: def.size,
                                    });
                                    offset += def.size;
                                    continue;
                                }
                                None => return Ok(None),
                            },
                            None => MemberKind::Binary(hint),
                        },
                    };
                    let len = len.ok_or_else(|| mm.err(format!("a {ty} member needs 'len'")))?;
                    (kind, len)
                }
                t => {
                    let fmt = self.int_format(&mm, t, spec)?;
                    let size = fmt.ty.size().ok_or_else(|| {
                        mm.err_at(
                            "type",
                            format!("type '{t}' has no fixed size for a struct member"),
                        )
                    })?;
                    (MemberKind::Int(fmt), size)
                }
            };
            members.push(Member {
                name: mname.to_owned(),
                kind,
                offset,
                len: size,
            });
            offset += size;
        }
        Ok(Some(StructDef {
            name: name.to_owned(),
            members,
            size: offset,
        }))
    }

    fn hint(&self, m: &Map<'_, '_>) -> Result<Option<Hint>, LoadError> {
        Ok(Some(match m.str("display-hint")? {
            None => return Ok(None),
            Some("hex") => Hint::Hex,
            Some("mac") => Hint::Mac,
            Some("fddi") => Hint::Fddi,
            Some("ipv4") => Hint::Ipv4,
            Some("ipv6") => Hint::Ipv6,
            Some("ipv4-or-v6") => Hint::Ipv4OrV6,
            Some("uuid") => Hint::Uuid,
            Some(other) => {
                return Err(m.err_at("display-hint", format!("unknown display hint '{other}'")))
            }
        }))
    }

    /// The integer format of an attribute or member of integer type `ty`.
    fn int_format(&self, m: &Map<'_, '_>, ty: &str, spec: &Spec) -> Result<IntFormat, LoadError> {
        let int = IntType::from_name(ty)
            .ok_or_else(|| m.err_at("type", format!("unknown type '{ty}'")))?;
        let order = match m.str("byte-order")? {
            None => ByteOrder::Native,
            Some("big-endian") => ByteOrder::Big,
            Some("little-endian") => ByteOrder::Little,
            Some(other) => {
                return Err(m.err_at("byte-order", format!("unknown byte order '{other}'")))
            }
        };
        let enum_def = m.str("enum")?.map(str::to_owned);
        let mut as_flags = m.flag("enum-as-flags")?;
        if let Some(e) = &enum_def {
            let def = spec
                .enums
                .get(e)
                .ok_or_else(|| m.err_at("enum", format!("no enum or flags definition '{e}'")))?;
            as_flags |= def.flags;
        }
        Ok(IntFormat {
            ty: int,
            order,
            enum_def,
            as_flags,
            hint: self.hint(m)?,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Attribute sets.

    fn attr_sets(&self, top: &Map<'_, '_>, spec: &mut Spec) -> Result<(), LoadError> {
        let nodes = top.seq("attribute-sets")?;
        let mut maps = Vec::new();
        for n in nodes {
            let m = self.ctx.map(n, "attribute-sets", SET_KEYS)?;
            let name = m.req_str("name")?;
            let m = self.ctx.map(n, &item("attribute-sets", name), SET_KEYS)?;
            if maps.iter().any(|(x, _): &(&str, Map<'_, '_>)| *x == name) {
                return Err(m.err(format!("attribute set '{name}' is defined twice")));
            }
            maps.push((name, m));
        }
        // Full sets first: subsets take their attributes' definitions from them.
        for (name, m) in maps.iter().filter(|(_, m)| m.get("subset-of").is_none()) {
            let set = self.attr_set(m, name, None, spec)?;
            spec.attr_sets.push(set);
        }
        for (name, m) in maps.iter().filter(|(_, m)| m.get("subset-of").is_some()) {
            let parent = m.req_str("subset-of")?;
            let pset = spec.set(parent).cloned().ok_or_else(|| {
                m.err_at("subset-of", format!("no (full) attribute set '{parent}'"))
            })?;
            let set = self.attr_set(m, name, Some(&pset), spec)?;
            spec.attr_sets.push(set);
        }
        // Keep the file's order, which listings show.
        let order: Vec<&str> = maps.iter().map(|(n, _)| *n).collect();
        spec.attr_sets
            .sort_by_key(|s| order.iter().position(|n| *n == s.name));
        Ok(())
    }

    /// Checks what every set refers to, once sets and sub-messages are all known.
    fn check_sets(&self, top: &Map<'_, '_>, spec: &Spec) -> Result<(), LoadError> {
        for n in top.seq("attribute-sets")? {
            let m = self.ctx.map(n, "attribute-sets", SET_KEYS)?;
            let name = m.req_str("name")?;
            let m = self.ctx.map(n, &item("attribute-sets", name), SET_KEYS)?;
            self.check_set_refs(&m, name, spec)?;
        }
        Ok(())
    }

    fn attr_set(
        &self,
        m: &Map<'_, '_>,
        name: &str,
        parent: Option<&AttrSet>,
        spec: &Spec,
    ) -> Result<AttrSet, LoadError> {
        let construct = m.at("attributes");
        let mut attrs: Vec<AttrSpec> = Vec::new();
        let mut next: i64 = 1;
        for node in m.seq("attributes")? {
            let am = self.ctx.map(node, &construct, ATTR_KEYS)?;
            let aname = am.req_str("name")?;
            let am = self.ctx.map(node, &item(&construct, aname), ATTR_KEYS)?;
            if attrs.iter().any(|a| a.name == aname) {
                // Naming an attribute twice in a subset changes nothing (the kernel's
                // devlink.yaml does it); in a full set it would be two definitions.
                if parent.is_some() {
                    continue;
                }
                return Err(am.err(format!("attribute '{aname}' appears twice")));
            }
            if let Some(c) = am.get("checks") {
                self.ctx.map(c, &am.at("checks"), CHECK_KEYS)?;
            }
            let attr = match parent {
                Some(p) => {
                    let base = p.by_name(aname).ok_or_else(|| {
                        am.err(format!(
                            "attribute '{aname}' is not in the set '{}' this is a subset of",
                            p.name
                        ))
                    })?;
                    let mut a = base.clone();
                    // A subset may narrow what a nest holds.
                    if let Some(nested) = am.str("nested-attributes")? {
                        if let AttrType::Nest(s) = &mut a.ty {
                            *s = nested.to_owned();
                        }
                    }
                    a
                }
                None => {
                    let value = am.int("value")?.unwrap_or(next);
                    let value = u16::try_from(value)
                        .ok()
                        .filter(|v| *v <= 0x3fff)
                        .ok_or_else(|| {
                            am.err_at(
                                "value",
                                format!("attribute type {value} is out of range (0..16383)"),
                            )
                        })?;
                    if let Some(other) = attrs.iter().find(|a| a.value == value) {
                        return Err(am.err(format!(
                            "attribute '{aname}' has type {value}, as '{}' has",
                            other.name
                        )));
                    }
                    next = i64::from(value) + 1;
                    AttrSpec {
                        name: aname.to_owned(),
                        value,
                        ty: self.attr_type(&am, spec)?,
                        multi: am.flag("multi-attr")?,
                    }
                }
            };
            attrs.push(attr);
        }
        Ok(AttrSet {
            name: name.to_owned(),
            attrs,
        })
    }

    fn attr_type(&self, am: &Map<'_, '_>, spec: &Spec) -> Result<AttrType, LoadError> {
        let ty = am
            .str("type")?
            .ok_or_else(|| am.err("missing key 'type'".into()))?;
        let nested = || {
            am.str("nested-attributes")?
                .map(str::to_owned)
                .ok_or_else(|| am.err(format!("a {ty} attribute needs 'nested-attributes'")))
        };
        Ok(match ty {
            "unused" => AttrType::Unused,
            "pad" => AttrType::Pad,
            "flag" => AttrType::Flag,
            "string" => AttrType::String,
            "binary" => AttrType::Binary {
                struct_def: self.struct_ref(am, spec)?,
                sub_type: match am.str("sub-type")? {
                    Some(t) => Some(self.int_format(am, t, spec)?),
                    None => None,
                },
                hint: self.hint(am)?,
            },
            "bitfield32" => AttrType::Bitfield32 {
                enum_def: self.int_format(am, "u32", spec)?.enum_def,
            },
            "nest" => AttrType::Nest(nested()?),
            "indexed-array" => {
                let sub = am
                    .str("sub-type")?
                    .ok_or_else(|| am.err("an indexed-array needs 'sub-type'".into()))?;
                AttrType::IndexedArray(Box::new(match sub {
                    "nest" => ArrayItem::Nest(nested()?),
                    "binary" => ArrayItem::Binary {
                        struct_def: self.struct_ref(am, spec)?,
                        hint: self.hint(am)?,
                    },
                    "string" => ArrayItem::String,
                    t => ArrayItem::Int(self.int_format(am, t, spec)?),
                }))
            }
            "nest-type-value" => AttrType::NestTypeValue {
                type_value: am
                    .strs("type-value")?
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                set: nested()?,
            },
            "sub-message" => AttrType::SubMessage {
                sub_message: am
                    .str("sub-message")?
                    .ok_or_else(|| am.err("a sub-message attribute needs 'sub-message'".into()))?
                    .to_owned(),
                selector: am
                    .str("selector")?
                    .ok_or_else(|| am.err("a sub-message attribute needs 'selector'".into()))?
                    .to_owned(),
            },
            t => AttrType::Int(self.int_format(am, t, spec)?),
        })
    }

    fn struct_ref(&self, am: &Map<'_, '_>, spec: &Spec) -> Result<Option<String>, LoadError> {
        match am.str("struct")? {
            None => Ok(None),
            Some(s) if spec.structs.contains_key(s) => Ok(Some(s.to_owned())),
            Some(s) => Err(am.err_at("struct", format!("no struct definition '{s}'"))),
        }
    }

    /// Checks that the sets, sub-messages and selectors a set's attributes name exist
    /// (after every set is known, since they may refer forward).
    fn check_set_refs(&self, m: &Map<'_, '_>, name: &str, spec: &Spec) -> Result<(), LoadError> {
        let set = spec.set(name).expect("every set was loaded above");
        let construct = m.at("attributes");
        for (node, attr) in m.seq("attributes")?.iter().zip(&set.attrs) {
            let am = self
                .ctx
                .map(node, &item(&construct, &attr.name), ATTR_KEYS)?;
            let set_ref = match &attr.ty {
                AttrType::Nest(s) | AttrType::NestTypeValue { set: s, .. } => Some(s),
                AttrType::IndexedArray(item) => match &**item {
                    ArrayItem::Nest(s) => Some(s),
                    _ => None,
                },
                AttrType::SubMessage {
                    sub_message,
                    selector,
                } => {
                    if spec.sub_message(sub_message).is_none() {
                        return Err(am.err_at(
                            "sub-message",
                            format!("no sub-message definition '{sub_message}'"),
                        ));
                    }
                    // The selector is looked up from the nest outwards at run time (tc's
                    // stats select by the kind of the message around them).
                    if !spec.attr_sets.iter().any(|s| s.by_name(selector).is_some()) {
                        return Err(am.err_at(
                            "selector",
                            format!("no attribute '{selector}' in any set to select by"),
                        ));
                    }
                    None
                }
                _ => None,
            };
            if let Some(s) = set_ref {
                if spec.set(s).is_none() {
                    return Err(am.err_at("nested-attributes", format!("no attribute set '{s}'")));
                }
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Sub-messages.

    fn sub_messages(&self, top: &Map<'_, '_>, spec: &mut Spec) -> Result<(), LoadError> {
        for n in top.seq("sub-messages")? {
            let m = self.ctx.map(n, "sub-messages", SUBMSG_KEYS)?;
            let name = m.req_str("name")?;
            let m = self.ctx.map(n, &item("sub-messages", name), SUBMSG_KEYS)?;
            let construct = m.at("formats");
            let mut formats: Vec<Format> = Vec::new();
            for f in m.seq("formats")? {
                let fm = self.ctx.map(f, &construct, FORMAT_KEYS)?;
                let value = fm.req_str("value")?;
                let fm = self.ctx.map(f, &item(&construct, value), FORMAT_KEYS)?;
                let fixed_header = fm.str("fixed-header")?.map(str::to_owned);
                if let Some(h) = &fixed_header {
                    if !spec.structs.contains_key(h) {
                        return Err(
                            fm.err_at("fixed-header", format!("no struct definition '{h}'"))
                        );
                    }
                }
                let attr_set = fm.str("attribute-set")?.map(str::to_owned);
                if let Some(s) = &attr_set {
                    if spec.set(s).is_none() {
                        return Err(fm.err_at("attribute-set", format!("no attribute set '{s}'")));
                    }
                }
                if formats.iter().any(|x| x.value == value) {
                    return Err(fm.err(format!("format '{value}' appears twice")));
                }
                formats.push(Format {
                    value: value.to_owned(),
                    fixed_header,
                    attr_set,
                });
            }
            spec.sub_messages.push(SubMessage {
                name: name.to_owned(),
                formats,
            });
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Operations.

    fn operations(&self, top: &Map<'_, '_>, spec: &mut Spec) -> Result<(), LoadError> {
        let Some(node) = top.get("operations") else {
            return Ok(());
        };
        let ops = self.ctx.map(node, "operations", OPS_KEYS)?;
        let default_header = self.header_ref(&ops, spec)?;
        let directional = match ops.str("enum-model")?.unwrap_or("unified") {
            "unified" => false,
            "directional" => true,
            other => {
                return Err(ops.err_at(
                    "enum-model",
                    format!("unknown enum model '{other}' (unified or directional)"),
                ))
            }
        };
        let mut maps = Vec::new();
        for n in ops.seq("list")? {
            let m = self.ctx.map(n, "operations.list", OP_KEYS)?;
            let name = m.req_str("name")?;
            let m = self.ctx.map(n, &item("operations.list", name), OP_KEYS)?;
            if maps.iter().any(|(x, _): &(&str, Map<'_, '_>)| *x == name) {
                return Err(m.err(format!("operation '{name}' is defined twice")));
            }
            maps.push((name, m));
        }
        let (mut req_val, mut rsp_val) = (1i64, 1i64);
        for (name, m) in &maps {
            let do_mode = self.mode(m, "do", spec)?;
            let dump_mode = self.mode(m, "dump", spec)?;
            let is_notification = m.get("notify").is_some() || m.get("event").is_some();
            let (req, rsp) = if !directional {
                if let Some(v) = m.int("value")? {
                    req_val = v;
                }
                let v = req_val;
                req_val += 1;
                (
                    (!is_notification).then_some(v),
                    (is_notification || has_reply(&do_mode, &dump_mode)).then_some(v),
                )
            } else if is_notification {
                if let Some(v) = m.int("value")? {
                    rsp_val = v;
                }
                let v = rsp_val;
                rsp_val += 1;
                (None, Some(v))
            } else {
                if do_mode.is_none() && dump_mode.is_none() {
                    return Err(
                        m.err("an operation needs 'do', 'dump', 'notify' or 'event'".into())
                    );
                }
                for mode in ["do", "dump"] {
                    let Some(mn) = m.get(mode) else { continue };
                    let mm = self.ctx.map(mn, &m.at(mode), MODE_KEYS)?;
                    for (dir, val) in [("request", &mut req_val), ("reply", &mut rsp_val)] {
                        if let Some(d) = mm.get(dir) {
                            if let Some(v) = self.ctx.map(d, &mm.at(dir), MSG_KEYS)?.int("value")? {
                                *val = v;
                            }
                        }
                    }
                }
                let has_rsp = has_reply(&do_mode, &dump_mode);
                let out = (Some(req_val), has_rsp.then_some(rsp_val));
                req_val += 1;
                if has_rsp {
                    rsp_val += 1;
                }
                out
            };
            let to_u32 = |v: Option<i64>| {
                v.map(|v| {
                    u32::try_from(v)
                        .ok()
                        .filter(|v| *v <= 0xffff)
                        .ok_or_else(|| m.err(format!("operation value {v} is out of range")))
                })
                .transpose()
            };
            let attr_set = m.str("attribute-set")?.map(str::to_owned);
            if let Some(s) = &attr_set {
                if spec.set(s).is_none() {
                    return Err(m.err_at("attribute-set", format!("no attribute set '{s}'")));
                }
            }
            let fixed_header = self.header_ref(m, spec)?.or(default_header.clone());
            if let Some(ev) = m.get("event") {
                self.ctx.map(ev, &m.at("event"), EVENT_KEYS)?;
            }
            spec.ops.push(Op {
                name: (*name).to_owned(),
                req_value: to_u32(req)?,
                rsp_value: to_u32(rsp)?,
                attr_set,
                fixed_header,
                do_mode,
                dump_mode,
                is_notification,
            });
        }
        // Notifications share the set (and header) of the operation they notify about.
        for (i, (_, m)) in maps.iter().enumerate() {
            if let Some(target) = m.str("notify")? {
                let t = spec
                    .op(target)
                    .ok_or_else(|| m.err_at("notify", format!("no operation '{target}'")))?;
                let (set, header) = (t.attr_set.clone(), t.fixed_header.clone());
                let op = &mut spec.ops[i];
                op.attr_set = op.attr_set.take().or(set);
                op.fixed_header = op.fixed_header.take().or(header);
            }
        }
        for ((_, m), op) in maps.iter().zip(&spec.ops) {
            self.check_op_attrs(m, op)?;
        }
        Ok(())
    }

    fn header_ref(&self, m: &Map<'_, '_>, spec: &Spec) -> Result<Option<String>, LoadError> {
        match m.str("fixed-header")? {
            None => Ok(None),
            Some(h) if spec.structs.contains_key(h) => Ok(Some(h.to_owned())),
            Some(h) => Err(m.err_at("fixed-header", format!("no struct definition '{h}'"))),
        }
    }

    fn mode(&self, m: &Map<'_, '_>, key: &str, spec: &Spec) -> Result<Option<Mode>, LoadError> {
        let Some(n) = m.get(key) else {
            return Ok(None);
        };
        let mm = self.ctx.map(n, &m.at(key), MODE_KEYS)?;
        let msg = |dir: &str| -> Result<Option<MsgSpec>, LoadError> {
            let Some(d) = mm.get(dir) else {
                return Ok(None);
            };
            let dm = self.ctx.map(d, &mm.at(dir), MSG_KEYS)?;
            Ok(Some(MsgSpec {
                fixed_header: self.header_ref(&dm, spec)?,
                attrs: dm
                    .strs("attributes")?
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            }))
        };
        Ok(Some(Mode {
            request: msg("request")?,
            reply: msg("reply")?,
        }))
    }

    /// Checks that an operation whose messages list attributes has a set to find them in.
    /// The names themselves are not checked: the kernel's own files list fixed-header
    /// fields (rt-link) and even names their set lacks (nftables); only the policy check
    /// reads the lists, and it skips what it cannot find.
    fn check_op_attrs(&self, m: &Map<'_, '_>, op: &Op) -> Result<(), LoadError> {
        let listed = [&op.do_mode, &op.dump_mode]
            .into_iter()
            .flatten()
            .flat_map(|mode| [&mode.request, &mode.reply])
            .flatten()
            .any(|msg| !msg.attrs.is_empty());
        if listed && op.attr_set.is_none() {
            return Err(m.err("an operation with attributes needs 'attribute-set'".into()));
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Multicast groups.

    fn groups(&self, top: &Map<'_, '_>, spec: &mut Spec) -> Result<(), LoadError> {
        let Some(node) = top.get("mcast-groups") else {
            return Ok(());
        };
        let gm = self.ctx.map(node, "mcast-groups", GROUPS_KEYS)?;
        for n in gm.seq("list")? {
            let m = self.ctx.map(n, "mcast-groups.list", GROUP_KEYS)?;
            let name = m.req_str("name")?;
            let value = m
                .int("value")?
                .map(|v| {
                    u32::try_from(v).ok().filter(|v| *v > 0).ok_or_else(|| {
                        m.err_at("value", format!("group number {v} is out of range"))
                    })
                })
                .transpose()?;
            if spec.groups.iter().any(|g| g.name == name) {
                return Err(m.err(format!("group '{name}' appears twice")));
            }
            spec.groups.push(Group {
                name: name.to_owned(),
                value,
            });
        }
        Ok(())
    }
}

fn has_reply(do_mode: &Option<Mode>, dump_mode: &Option<Mode>) -> bool {
    [do_mode, dump_mode]
        .into_iter()
        .flatten()
        .any(|m| m.reply.is_some())
}
