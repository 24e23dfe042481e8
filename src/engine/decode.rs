//! Decoding any message of a family into a value tree keyed by the description's names.
//!
//! Fixed-header fields come first at the top level (but one an attribute of the same name in
//! the message stands for), then every attribute by name: nests and
//! sub-messages by the description, multi-attributes and indexed arrays as lists (an indexed
//! array's nests as `{"INDEX": {...}}`, as the kernel's ynl prints them), enums and
//! flags by name, addresses as text. An attribute the description lacks is kept as
//! `"unknown-N"` with its bytes in hex; a sub-message whose selector names no known format
//! is kept as hex. Malformed framing or a payload that does not fit its declared type is an
//! error naming the attribute, never a panic or a read past the buffer.

use super::sink::{JsonSink, Name, Plain, PlainRun, Scratch, Sink, TreeSink};
use super::tree::{intern, Tree};
use super::value::{big_endian, bytes_out, int_out, read_bits, read_int, AttrError, EnumNames};
use crate::schema::{ArrayItem, AttrSpec, AttrType, Hint, IntFormat, MemberKind, Spec, StructDef};
use crate::wire::{AttrIter, ParseError};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// How deep nests may go: far beyond any real message, low enough that a hostile message
/// of nests inside nests cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

/// Decodes messages of one family.
pub struct Decoder<'s> {
    spec: &'s Spec,
    prep: Prep<'s>,
}

/// A decoder's tables, its own or a client's (which keeps them from message to message).
enum Prep<'s> {
    Own(Box<Prepared>),
    Lent(&'s Prepared),
}

/// What decoding needs worked out once per description rather than once per attribute:
/// every name ready for output, every reference between definitions resolved to an index;
/// and the buffers it reuses from message to message.
pub(super) struct Prepared {
    /// Per attribute set (in the description's order): its attributes by type number.
    sets: Vec<SetIndex>,
    /// Attribute sets by name.
    by_name: Names<usize>,
    /// The description's structs, and their indices by name.
    structs: Vec<PreparedStruct>,
    struct_index: Names<usize>,
    /// The description's enums and flags.
    enums: Vec<EnumNames>,
    /// The attributes of the levels being decoded (taken during a walk).
    items: Cell<Vec<Item>>,
    /// The value sink's stacks (taken while it builds a tree).
    scratch: Cell<Scratch>,
    /// The struct and the set looked up by name last: every message of a dump asks for
    /// the same again, found then by comparing a name rather than hashing it.
    last_struct: Cell<usize>,
    last_set: Cell<usize>,
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("sets", &self.sets.len())
            .finish_non_exhaustive()
    }
}

/// Maps keyed by the description's names, hashed with FNV-1a: a few times faster than the
/// default SipHash on short names, and the keys come from the description, not from messages,
/// so hash flooding is not a concern.
type Names<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

/// The FNV-1a hash.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// One attribute set's lookup table.
struct SetIndex {
    name: String,
    /// Whether it has multi-attributes (whose levels need grouping by key).
    multi: bool,
    /// Type number → index of the attribute in the set, plus one (0: none).
    by_type: Vec<u16>,
    /// Per attribute (in the set's order): its name and references.
    attrs: Vec<PreparedAttr>,
}

/// An attribute (or struct member) made ready: its name, and what its type refers to.
struct PreparedAttr {
    name: Name,
    refs: Refs,
    /// Whether a sub-message chooses its format by it.
    selector: bool,
    /// How to decode it without its description, when it is of a common kind and one
    /// value (not a multi-attribute, not a selector, which need their description).
    scalar: Option<Scalar>,
}

/// The common kinds of attribute and struct member (most of what a message holds), worked
/// out once so that the walk decodes them with a test or two rather than by their
/// description's types. Only the values that fit are decoded so; the others go the general
/// way, which says what is wrong with them.
#[derive(Clone, Copy)]
enum Scalar {
    /// An integer shown as a number (no enum, no hint) of `size` bytes (0: `uint` or
    /// `sint`, 4 or 8).
    Int { size: u8, big: bool, signed: bool },
    /// An unsigned integer naming an entry of enum `en` (not flags, no hint), as `Int`.
    Enum { size: u8, big: bool, en: u32 },
    /// Bytes hinted as an IPv4 (or either) address: four of them shown as one.
    Ipv4,
}

impl Scalar {
    /// An integer's, when its format and references `refs` (to `enums`) make it plain.
    fn int(fmt: &IntFormat, refs: Refs, enums: &[EnumNames]) -> Option<Self> {
        let size = fmt.ty.size().map_or(0, |n| n as u8);
        let (big, signed) = (big_endian(fmt.order), fmt.ty.signed());
        match refs.en {
            _ if fmt.hint.is_some() => None,
            None => Some(Scalar::Int { size, big, signed }),
            Some(en) if !signed && !fmt.as_flags && !enums[en].is_flags() => Some(Scalar::Enum {
                size,
                big,
                en: u32::try_from(en).ok()?,
            }),
            Some(_) => None,
        }
    }

    /// An attribute's, of type `ty`.
    fn attr(ty: &AttrType, refs: Refs, enums: &[EnumNames]) -> Option<Self> {
        match ty {
            AttrType::Int(fmt) => Scalar::int(fmt, refs, enums),
            AttrType::Binary {
                struct_def: None,
                sub_type: None,
                hint: Some(Hint::Ipv4 | Hint::Ipv4OrV6),
            } => Some(Scalar::Ipv4),
            _ => None,
        }
    }
}

/// What a type names, resolved: its enum (of an integer, a list of integers, a bitfield32,
/// or an indexed array's items), and its set (nests) or struct (binary).
#[derive(Clone, Copy, Default)]
struct Refs {
    en: Option<usize>,
    inner: Option<usize>,
}

/// A struct made ready: the definition, and per member shown (padding is never shown, so
/// left out here) its name, references and place.
struct PreparedStruct {
    def: StructDef,
    members: Vec<PreparedMember>,
}

/// A struct member made ready: where it lies copied out of its definition, so that the walk
/// over a struct reads one small record per member and touches the definition only for the
/// uncommon kinds.
struct PreparedMember {
    attr: PreparedAttr,
    /// Its bytes: `offset..offset + len` of the struct's.
    offset: usize,
    len: usize,
    /// Its index in the definition's members.
    index: usize,
}

impl Prepared {
    /// The tables of `spec`.
    pub(super) fn new(spec: &Spec) -> Self {
        let selectors: Vec<&str> = spec
            .attr_sets
            .iter()
            .flat_map(|s| &s.attrs)
            .filter_map(|a| match &a.ty {
                AttrType::SubMessage { selector, .. } => Some(selector.as_str()),
                _ => None,
            })
            .collect();
        let by_name: Names<usize> = spec
            .attr_sets
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        let (struct_names, struct_index) = numbered(spec.structs.keys());
        let (enum_names, enum_index) = numbered(spec.enums.keys());
        let en = |fmt: &IntFormat| {
            fmt.enum_def
                .as_deref()
                .and_then(|e| enum_index.get(e).copied())
        };
        let refs = |ty: &AttrType| {
            let item;
            let ty = match ty {
                AttrType::IndexedArray(i) => {
                    item = i.attr_type();
                    &item
                }
                ty => ty,
            };
            match ty {
                AttrType::Int(fmt)
                | AttrType::Binary {
                    sub_type: Some(fmt),
                    ..
                } => Refs {
                    en: en(fmt),
                    inner: None,
                },
                AttrType::Binary {
                    struct_def: Some(s),
                    ..
                } => Refs {
                    en: None,
                    inner: struct_index.get(s).copied(),
                },
                AttrType::Bitfield32 { enum_def } => Refs {
                    en: en(&IntFormat::bitfield32_half(enum_def.clone())),
                    inner: None,
                },
                AttrType::Nest(set) | AttrType::NestTypeValue { set, .. } => Refs {
                    en: None,
                    inner: by_name.get(set).copied(),
                },
                _ => Refs::default(),
            }
        };
        let enums = enum_names
            .iter()
            .map(|n| EnumNames::new(&spec.enums[*n]))
            .collect::<Vec<_>>();
        let sets = spec
            .attr_sets
            .iter()
            .map(|s| {
                let len = s.attrs.iter().map(|a| usize::from(a.value) + 1).max();
                let mut by_type = vec![0u16; len.unwrap_or(0)];
                for (i, a) in s.attrs.iter().enumerate() {
                    // The first of two attributes of one number wins, as `by_value` finds it.
                    let slot = &mut by_type[usize::from(a.value)];
                    if *slot == 0 {
                        *slot = u16::try_from(i + 1).unwrap_or(0);
                    }
                }
                let attrs = s
                    .attrs
                    .iter()
                    .map(|a| {
                        let refs = refs(&a.ty);
                        let selector = selectors.contains(&a.name.as_str());
                        PreparedAttr {
                            name: Name::new(&a.name),
                            refs,
                            selector,
                            scalar: Scalar::attr(&a.ty, refs, &enums)
                                .filter(|_| !a.multi && !selector),
                        }
                    })
                    .collect();
                SetIndex {
                    name: s.name.clone(),
                    multi: s.attrs.iter().any(|a| a.multi),
                    by_type,
                    attrs,
                }
            })
            .collect();
        let structs = struct_names
            .iter()
            .map(|n| {
                let def = &spec.structs[*n];
                let members = def
                    .members
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| !matches!(m.kind, MemberKind::Pad))
                    .map(|(index, m)| {
                        let refs = match &m.kind {
                            MemberKind::Int(fmt) => Refs {
                                en: en(fmt),
                                inner: None,
                            },
                            MemberKind::Struct(s) => Refs {
                                en: None,
                                inner: struct_index.get(s).copied(),
                            },
                            _ => Refs::default(),
                        };
                        PreparedMember {
                            attr: PreparedAttr {
                                name: Name::new(&m.name),
                                refs,
                                selector: false,
                                scalar: match &m.kind {
                                    MemberKind::Int(fmt) => Scalar::int(fmt, refs, &enums),
                                    _ => None,
                                },
                            },
                            offset: m.offset,
                            len: m.len,
                            index,
                        }
                    })
                    .collect();
                PreparedStruct {
                    def: def.clone(),
                    members,
                }
            })
            .collect();
        Prepared {
            sets,
            by_name,
            structs,
            struct_index,
            enums,
            items: Cell::new(Vec::new()),
            scratch: Cell::new(Scratch::default()),
            last_struct: Cell::new(0),
            last_set: Cell::new(0),
        }
    }

    /// Struct `name`, as [`Prepared::set`].
    fn struct_named(&self, name: &str) -> Result<&PreparedStruct, String> {
        self.struct_number(name).map(|i| &self.structs[i])
    }

    /// The index of struct `name`, as [`Prepared::set`].
    fn struct_number(&self, name: &str) -> Result<usize, String> {
        let last = self.last_struct.get();
        if self.structs.get(last).is_some_and(|s| s.def.name == name) {
            return Ok(last);
        }
        let i = *self
            .struct_index
            .get(name)
            .ok_or_else(|| format!("no struct '{name}'"))?;
        self.last_struct.set(i);
        Ok(i)
    }

    /// The struct a type refers to (`name`, for the error).
    fn struct_of(&self, refs: Refs, name: &str) -> Result<&PreparedStruct, String> {
        match refs.inner {
            Some(i) => Ok(&self.structs[i]),
            None => Err(format!("no struct '{name}'")),
        }
    }

    /// The set a type refers to (`name`, for the error).
    fn set_of(&self, refs: Refs, name: &str) -> Result<usize, String> {
        refs.inner
            .ok_or_else(|| format!("no attribute set '{name}'"))
    }

    /// The enum or flags names a type refers to, if any.
    fn enum_of(&self, refs: Refs) -> Option<&EnumNames> {
        refs.en.map(|i| &self.enums[i])
    }

    /// The index of set `name`; the loader checked every reference, so the error means a
    /// description changed under the codec.
    fn set(&self, name: &str) -> Result<usize, String> {
        let last = self.last_set.get();
        if self.sets.get(last).is_some_and(|s| s.name == name) {
            return Ok(last);
        }
        let i = *self
            .by_name
            .get(name)
            .ok_or_else(|| format!("no attribute set '{name}'"))?;
        self.last_set.set(i);
        Ok(i)
    }

    /// Builds a tree with `f` into `target`, on the stacks kept for it, in the memory of
    /// the tree `target` held. In place, so that a dump's message is not moved from call
    /// to call on its way out.
    fn tree_into<E>(
        &self,
        target: &mut Tree,
        f: impl FnOnce(&mut TreeSink) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut sink = TreeSink::new(self.scratch.take(), std::mem::take(target));
        let r = f(&mut sink);
        let (tree, scratch) = sink.finish();
        // `target` holds the `Null` taken above: nothing to drop, so no call to drop it.
        std::mem::forget(std::mem::replace(target, tree));
        self.scratch.set(scratch);
        r
    }
}

/// `names` in a fixed (sorted) order, and each one's index in it.
fn numbered<'n>(names: impl Iterator<Item = &'n String>) -> (Vec<&'n String>, Names<usize>) {
    let mut sorted: Vec<&String> = names.collect();
    sorted.sort();
    let index = sorted
        .iter()
        .enumerate()
        .map(|(i, n)| ((*n).clone(), i))
        .collect();
    (sorted, index)
}

/// One attribute of the level being decoded: what it is and where its payload lies.
#[derive(Clone, Copy)]
struct Item {
    /// The attribute's index in its set, or [`UNKNOWN`] with its type number; [`DONE`]
    /// added once written.
    key: u32,
    /// Its payload, as offsets in the level's bytes.
    start: u32,
    end: u32,
}

/// The attributes of one level on the item stack, from `base` to its top.
#[derive(Clone, Copy)]
struct Level {
    base: usize,
    /// Whether a key may appear more than once.
    repeats: bool,
}

/// Marks an attribute the set does not describe (its type number in the low 16 bits).
const UNKNOWN: u32 = 1 << 16;

impl SetIndex {
    /// The key of an attribute of type number `kind` in set `index` (none: every one
    /// unknown), as an [`Item`] holds it.
    #[inline(always)]
    fn key(index: Option<&SetIndex>, kind: u16) -> u32 {
        match index.and_then(|x| x.by_type.get(usize::from(kind)).copied()) {
            Some(i) if i > 0 => u32::from(i - 1),
            _ => UNKNOWN | u32::from(kind),
        }
    }
}

/// Type numbers seen in a level, below 256 (beyond, a level is read by the grouping pass).
#[derive(Default)]
struct Seen([u64; 4]);

impl Seen {
    /// Whether type number `kind` is below 256 and not seen yet.
    #[inline(always)]
    fn fresh(&self, kind: u16) -> bool {
        kind < 256 && self.0[usize::from(kind / 64)] & (1 << (kind % 64)) == 0
    }

    /// Whether `kind` is fresh; it is seen from now on.
    #[inline(always)]
    fn first(&mut self, kind: u16) -> bool {
        let fresh = self.fresh(kind);
        if kind < 256 {
            self.0[usize::from(kind / 64)] |= 1 << (kind % 64);
        }
        fresh
    }
}
/// Marks an attribute already written with an earlier one of the same key.
const DONE: u32 = 1 << 31;

impl<'s> Decoder<'s> {
    /// A decoder for `spec`.
    pub fn new(spec: &'s Spec) -> Self {
        Self {
            spec,
            prep: Prep::Own(Box::new(Prepared::new(spec))),
        }
    }

    /// A decoder for `spec` with the tables `prep` made from it.
    pub(super) fn with(spec: &'s Spec, prep: &'s Prepared) -> Self {
        Self {
            spec,
            prep: Prep::Lent(prep),
        }
    }

    /// The description it decodes by.
    pub fn spec(&self) -> &'s Spec {
        self.spec
    }

    fn prep(&self) -> &Prepared {
        match &self.prep {
            Prep::Own(p) => p,
            Prep::Lent(p) => p,
        }
    }

    /// Decodes a message body into an object ([`Tree::Object`]): `payload` is everything after the netlink (and genetlink)
    /// header, starting with the fixed header `header` (a struct of the description), then
    /// attributes of set `set` (when the operation has one; without, attributes are kept
    /// as unknown).
    pub fn body(
        &self,
        header: Option<&str>,
        set: Option<&str>,
        payload: &[u8],
    ) -> Result<Tree, AttrError> {
        let layout = self.layout(header, set)?;
        self.tree(Tree::Null, |out| self.body_into(layout, payload, out))
    }

    /// Decodes a message body as [`Decoder::body`] does, as JSON text appended to `out`
    /// (the text of the object `body` gives). On error `out` holds part of it.
    pub fn body_json(
        &self,
        header: Option<&str>,
        set: Option<&str>,
        payload: &[u8],
        out: &mut String,
    ) -> Result<(), AttrError> {
        let layout = self.layout(header, set)?;
        self.body_into(layout, payload, &mut JsonSink::new(out))
    }

    /// The layout of a message body with fixed header `header` and attributes of set
    /// `set`, looked up once for every message of its kind.
    pub(super) fn layout(
        &self,
        header: Option<&str>,
        set: Option<&str>,
    ) -> Result<Layout, AttrError> {
        let prep = self.prep();
        let top = |e| at(Trail::TOP, e);
        let header = header
            .map(|h| prep.struct_number(h))
            .transpose()
            .map_err(top)?;
        let set = set.map(|s| prep.set(s)).transpose().map_err(top)?;
        let shared = match (header, set) {
            (Some(h), Some(s)) => prep.structs[h].members.iter().any(|m| {
                let name = &prep.structs[h].def.members[m.index].name;
                self.spec.attr_sets[s].by_name(name).is_some()
            }),
            _ => false,
        };
        Ok(Layout {
            header,
            set,
            shared,
        })
    }

    /// Builds a tree with `f`, on the stacks the decoder keeps for it, in the memory of
    /// `reuse` (a tree no longer wanted, or `Null`).
    pub(super) fn tree<E>(
        &self,
        reuse: Tree,
        f: impl FnOnce(&mut TreeSink) -> Result<(), E>,
    ) -> Result<Tree, E> {
        let mut t = reuse;
        self.tree_into(&mut t, f).map(|()| t)
    }

    /// [`Decoder::tree`], into `target` (in the memory of the tree it held).
    pub(super) fn tree_into<E>(
        &self,
        target: &mut Tree,
        f: impl FnOnce(&mut TreeSink) -> Result<(), E>,
    ) -> Result<(), E> {
        self.prep().tree_into(target, f)
    }

    /// The one walk over a message body of `layout` (from [`Decoder::layout`]), into any
    /// sink.
    pub(super) fn body_into<S: Sink>(
        &self,
        layout: Layout,
        payload: &[u8],
        out: &mut S,
    ) -> Result<(), AttrError> {
        let prep = self.prep();
        let mut walk = Walk {
            spec: self.spec,
            prep,
            out,
            items: prep.items.take(),
            sels: Vec::new(),
        };
        let r = walk.body(layout, payload);
        let mut items = walk.items;
        items.clear();
        prep.items.set(items);
        r
    }
}

/// What a message body holds: its fixed header and its attribute set, as the indices of
/// the prepared tables (the decoder's own: a layout is good only for the description it
/// came from).
#[derive(Clone, Copy, Debug)]
pub(super) struct Layout {
    header: Option<usize>,
    set: Option<usize>,
    /// Whether a field of the header and an attribute of the set share a name (rt-rule's
    /// `table`: the header's byte, and `FRA_TABLE` for any table).
    shared: bool,
}

/// One message being decoded into `out`.
struct Walk<'a, 's, S> {
    spec: &'s Spec,
    prep: &'a Prepared,
    out: &'a mut S,
    /// The attributes of the levels open, outermost first.
    items: Vec<Item>,
    /// The selectors decoded in the levels open, innermost last: name and value as text,
    /// where a sub-message looks for the one that chooses its format.
    sels: Vec<(&'s str, String)>,
}

impl<'s, S: Sink> Walk<'_, 's, S> {
    fn body(&mut self, layout: Layout, payload: &[u8]) -> Result<(), AttrError> {
        let def = layout.header.and_then(|i| self.prep.structs.get(i));
        let rest = match def {
            Some(def) => &payload[crate::wire::align(def.def.size).min(payload.len())..],
            None => payload,
        };
        self.out
            .begin_object(def.map_or(0, |d| d.members.len()) + attrs_hint(rest));
        if let Some(def) = def {
            let skip = match layout.set {
                Some(set) if layout.shared => self.shadowed(def, set, rest),
                _ => 0,
            };
            self.struct_into(def, payload, Trail::TOP, skip)?;
        }
        self.level_into(layout.set, rest, Trail::TOP, 0)?;
        self.out.end_object();
        Ok(())
    }

    /// The header's fields (as a mask of positions in `def.members`) that an attribute of
    /// the same name in `attrs` (of set number `set`) stands for: a name is one key of the
    /// object, and the attribute is the one that holds the whole value (`FRA_TABLE` beyond
    /// the header's byte, which then reads `RT_TABLE_COMPAT`).
    fn shadowed(&self, def: &PreparedStruct, set: usize, attrs: &[u8]) -> u64 {
        let set = &self.spec.attr_sets[set];
        let mut mask = 0;
        for (i, m) in def.members.iter().enumerate().take(64) {
            let Some(a) = set.by_name(&def.def.members[m.index].name) else {
                continue;
            };
            if AttrIter::new(attrs).any(|x| x.is_ok_and(|x| x.kind() == a.value)) {
                mask |= 1 << i;
            }
        }
        mask
    }

    /// Decodes the attributes in `bytes`, members of set number `set`, into the open
    /// object: each key once, in the order of its first appearance; a multi-attribute as
    /// the list of its values, another repeated attribute by its last value.
    ///
    /// A level of a set without multi-attributes is read in one pass, each attribute
    /// written as it comes ([`Walk::direct`]): with no key repeated (a message of almost
    /// any family), that is all. Otherwise, and for malformed bytes (whose error is the
    /// grouping pass's to give), what it wrote is taken back and the level is read again,
    /// grouped by key on the item stack ([`Walk::collect`], [`Walk::attrs_into`]).
    fn level_into(
        &mut self,
        set: Option<usize>,
        bytes: &[u8],
        path: Trail<'_>,
        depth: usize,
    ) -> Result<(), AttrError> {
        if depth > MAX_DEPTH {
            return Err(at(path, format!("nested deeper than {MAX_DEPTH} levels")));
        }
        if set.is_none_or(|s| !self.prep.sets[s].multi) {
            let (mark, sels) = (self.out.mark(), self.sels.len());
            let done = self.direct(set, bytes, path, depth);
            self.sels.truncate(sels);
            if done? {
                return Ok(());
            }
            self.out.rewind(mark);
        }
        let level = self.collect(set, bytes, path)?;
        self.attrs_into(level, set, bytes, path, depth)
    }

    /// The one pass of [`Walk::level_into`]: `Ok(false)` when the level needs grouping
    /// (a key repeats, a type number is beyond those tracked, the bytes are malformed),
    /// with part of it written; an error only when the grouping pass would give the same.
    fn direct(
        &mut self,
        set: Option<usize>,
        bytes: &[u8],
        path: Trail<'_>,
        depth: usize,
    ) -> Result<bool, AttrError> {
        let mut seen = Seen::default();
        let mut rest = AttrIter::new(bytes);
        loop {
            if let Some(set) = set {
                // The plain attributes from here on, handed to the sink as one run.
                let mut run = LevelRun {
                    rest,
                    seen: &mut seen,
                    index: &self.prep.sets[set],
                    enums: &self.prep.enums,
                };
                self.out.plain_members(&mut run);
                rest = run.rest;
            }
            let attr = match rest.next() {
                None => return Ok(true),
                Some(Ok(attr)) if seen.first(attr.kind()) => attr,
                Some(_) => return Ok(false),
            };
            let key = SetIndex::key(set.map(|s| &self.prep.sets[s]), attr.kind());
            if let Err(e) = self.one(key, set, attr.payload(), path, depth) {
                // The grouping pass decodes the last of a repeated key (maybe fine), and
                // says first what is wrong with the framing of the whole level.
                let regular = rest.all(|a| a.is_ok_and(|a| seen.first(a.kind())));
                return if regular { Err(e) } else { Ok(false) };
            }
        }
    }

    /// Reads the attributes in `bytes`, members of set number `set`, onto the item stack
    /// (then written by [`Walk::attrs_into`]).
    fn collect(
        &mut self,
        set: Option<usize>,
        bytes: &[u8],
        path: Trail<'_>,
    ) -> Result<Level, AttrError> {
        let index = set.map(|s| &self.prep.sets[s]);
        let base = self.items.len();
        // Whether a key may repeat: type numbers below 256 are tracked exactly, others
        // counted as repeats (and then looked for).
        let mut seen = Seen::default();
        let mut repeats = false;
        for attr in AttrIter::new(bytes) {
            let attr = attr.map_err(|e| parse_err(path, e))?;
            let kind = attr.kind();
            let key = SetIndex::key(index, kind);
            repeats |= !seen.first(kind);
            let p = attr.payload();
            let start = p.as_ptr() as usize - bytes.as_ptr() as usize;
            self.items.push(Item {
                key,
                start: start as u32,
                end: (start + p.len()) as u32,
            });
        }
        Ok(Level { base, repeats })
    }

    /// Decodes the attributes `collect` read from `bytes` into the open object, each key
    /// once in the order of its first appearance: a multi-attribute as the list of its
    /// values, another repeated attribute by its last value.
    fn attrs_into(
        &mut self,
        level: Level,
        set: Option<usize>,
        bytes: &[u8],
        path: Trail<'_>,
        depth: usize,
    ) -> Result<(), AttrError> {
        let Level { base, repeats } = level;
        let top = self.items.len();
        let sels = self.sels.len();
        for i in base..top {
            let it = self.items[i];
            if it.key & DONE != 0 {
                continue;
            }
            // The later attributes of the same key are marked done: counted, the last kept.
            let (mut count, mut last) = (1, it);
            if repeats {
                for j in i + 1..top {
                    if self.items[j].key == it.key {
                        count += 1;
                        last = self.items[j];
                        self.items[j].key |= DONE;
                    }
                }
            }
            let payload = |x: Item| &bytes[x.start as usize..x.end as usize];
            let ty = match set {
                Some(set) if it.key & UNKNOWN == 0 => {
                    let a = &self.spec.attr_sets[set].attrs[it.key as usize];
                    Some((a, &self.prep.sets[set].attrs[it.key as usize]))
                }
                _ => None,
            };
            // A multi-attribute, or an unknown one that repeats, is the list of its values.
            if !ty.map_or(count > 1, |(a, _)| a.multi) {
                self.one(it.key, set, payload(last), path, depth)?;
                continue;
            }
            let apath = Trail {
                up: Some(&path),
                name: ty.map_or("", |(a, _)| &a.name),
            };
            match ty {
                Some((a, _)) if matches!(a.ty, AttrType::Pad | AttrType::Unused) => continue,
                Some((_, p)) => self.out.name_key(&p.name),
                None => self.out.plain_key(unknown_key(it.key)),
            }
            self.out.begin_array();
            for j in i..top {
                let x = self.items[j];
                if j > i && x.key != it.key | DONE {
                    continue;
                }
                match ty {
                    Some((a, p)) => self.value(&a.ty, p.refs, payload(x), apath, depth)?,
                    None => bytes_out(None, payload(x), self.out),
                }
            }
            self.out.end_array();
            if let Some((a, p)) = ty.filter(|(_, p)| p.selector) {
                self.selector(a, p, payload(last), apath, depth)?;
            }
        }
        self.items.truncate(base);
        self.sels.truncate(sels);
        Ok(())
    }

    /// Decodes one attribute of key `key` (see [`Item`]) in set number `set`, payload `b`,
    /// as a member of the open object (nothing for padding).
    fn one(
        &mut self,
        key: u32,
        set: Option<usize>,
        b: &[u8],
        path: Trail<'_>,
        depth: usize,
    ) -> Result<(), AttrError> {
        let Some(set) = set.filter(|_| key & UNKNOWN == 0) else {
            // Kept whole: the kernel is newer than any description.
            self.out.plain_key(unknown_key(key));
            bytes_out(None, b, self.out);
            return Ok(());
        };
        let a = &self.spec.attr_sets[set].attrs[key as usize];
        let p = &self.prep.sets[set].attrs[key as usize];
        if let Some(v) = p
            .scalar
            .as_ref()
            .and_then(|sc| plain(sc, b, &self.prep.enums))
        {
            self.out.plain_member(&p.name, v);
            return Ok(());
        }
        if matches!(a.ty, AttrType::Pad | AttrType::Unused) {
            return Ok(());
        }
        self.out.name_key(&p.name);
        let apath = Trail {
            up: Some(&path),
            name: &a.name,
        };
        self.value(&a.ty, p.refs, b, apath, depth)?;
        if p.selector {
            self.selector(a, p, b, apath, depth)?;
        }
        Ok(())
    }

    /// Keeps the value of selector `a` (payload `b`) for the sub-messages after it, as text.
    fn selector(
        &mut self,
        a: &'s AttrSpec,
        p: &PreparedAttr,
        b: &[u8],
        path: Trail<'_>,
        depth: usize,
    ) -> Result<(), AttrError> {
        // Decoded again on its own: the sub-message needs its value as text.
        let mut v = TreeSink::new(Scratch::default(), Tree::Null);
        let mut inner = Walk {
            spec: self.spec,
            prep: self.prep,
            out: &mut v,
            items: std::mem::take(&mut self.items),
            sels: std::mem::take(&mut self.sels),
        };
        let r = inner.value(&a.ty, p.refs, b, path, depth);
        self.items = inner.items;
        self.sels = inner.sels;
        r?;
        if let Some(text) = selector_text(&v.finish().0.to_json()) {
            self.sels.push((&a.name, text));
        }
        Ok(())
    }

    /// Decodes one attribute's payload of type `ty` as a value of the open object or array.
    fn value(
        &mut self,
        ty: &AttrType,
        refs: Refs,
        b: &[u8],
        path: Trail<'_>,
        depth: usize,
    ) -> Result<(), AttrError> {
        match ty {
            AttrType::Pad | AttrType::Unused => self.out.null(),
            // A flag is its presence; one the kernel writes with a payload (vxlan's
            // ttl-inherit, a u8 0 or 1 in dumps, a flag in requests) is what the payload says.
            AttrType::Flag => self.out.bool(b.iter().any(|&x| x != 0) || b.is_empty()),
            AttrType::Int(fmt) => {
                let bits = read_int(fmt, b).ok_or_else(|| {
                    at(
                        path,
                        format!("{} bytes do not hold a {}", b.len(), fmt.ty.name()),
                    )
                })?;
                int_out(self.prep.enum_of(refs), fmt, bits, self.out);
            }
            AttrType::String => string_out(b, self.out),
            AttrType::Binary {
                struct_def,
                sub_type,
                hint,
            } => match (struct_def, sub_type) {
                (Some(s), _) => {
                    let def = self.prep.struct_of(refs, s).map_err(|e| at(path, e))?;
                    self.out.begin_object(def.members.len());
                    self.struct_into(def, b, path, 0)?;
                    self.out.end_object();
                }
                (None, Some(fmt)) => {
                    let size = fmt.ty.size().unwrap_or(8);
                    if b.len() % size != 0 {
                        return Err(at(
                            path,
                            format!("{} bytes are not a list of {}", b.len(), fmt.ty.name()),
                        ));
                    }
                    self.out.begin_array();
                    for c in b.chunks(size) {
                        int_out(
                            self.prep.enum_of(refs),
                            fmt,
                            read_int(fmt, c).unwrap_or(0),
                            self.out,
                        );
                    }
                    self.out.end_array();
                }
                (None, None) => bytes_out(*hint, b, self.out),
            },
            AttrType::Bitfield32 { enum_def } => {
                if b.len() != 8 {
                    return Err(at(
                        path,
                        format!("{} bytes do not hold a bitfield32", b.len()),
                    ));
                }
                let fmt = IntFormat::bitfield32_half(enum_def.clone());
                self.out.begin_object(2);
                for (key, half) in [("value", &b[..4]), ("selector", &b[4..])] {
                    self.out.plain_key(key);
                    int_out(
                        self.prep.enum_of(refs),
                        &fmt,
                        read_int(&fmt, half).unwrap_or(0),
                        self.out,
                    );
                }
                self.out.end_object();
            }
            AttrType::Nest(set) => {
                let set = Some(self.prep.set_of(refs, set).map_err(|e| at(path, e))?);
                self.out.begin_object(attrs_hint(b));
                self.level_into(set, b, path, depth + 1)?;
                self.out.end_object();
            }
            AttrType::IndexedArray(item) => {
                let ty = item.attr_type();
                // A nest keeps its index, `{"N": {...}}`, as the kernel's ynl prints it;
                // other elements are plain values.
                let keyed = matches!(**item, ArrayItem::Nest(_));
                self.out.begin_array();
                for attr in AttrIter::new(b) {
                    let attr = attr.map_err(|e| parse_err(path, e))?;
                    if keyed {
                        self.out.begin_object(1);
                        self.out.plain_key(intern(&attr.kind().to_string()));
                    }
                    self.value(&ty, refs, attr.payload(), path, depth + 1)?;
                    if keyed {
                        self.out.end_object();
                    }
                }
                self.out.end_array();
            }
            AttrType::NestTypeValue { type_value, set } => {
                let set = Some(self.prep.set_of(refs, set).map_err(|e| at(path, e))?);
                // One entry, all the kernel sends (nlctrl's policy dump writes one a message),
                // is an object, as the kernel's ynl prints it; none or several are a list.
                let many = AttrIter::new(b).count() != 1;
                if many {
                    self.out.begin_array();
                }
                for attr in AttrIter::new(b) {
                    let attr = attr.map_err(|e| parse_err(path, e))?;
                    // The type numbers, outermost first, down to the attributes inside.
                    let mut kinds = Vec::with_capacity(type_value.len());
                    let mut inner = attr;
                    for i in 0..type_value.len() {
                        if i > 0 {
                            inner = match AttrIter::new(inner.payload()).next() {
                                Some(a) => a.map_err(|e| parse_err(path, e))?,
                                None => break,
                            };
                        }
                        kinds.push(inner.kind());
                    }
                    self.out
                        .begin_object(kinds.len() + attrs_hint(inner.payload()));
                    for (name, kind) in type_value.iter().zip(kinds) {
                        self.out.key(intern(name));
                        self.out.u64(u64::from(kind));
                    }
                    self.level_into(set, inner.payload(), path, depth + 1)?;
                    self.out.end_object();
                }
                if many {
                    self.out.end_array();
                }
            }
            AttrType::SubMessage {
                sub_message,
                selector,
            } => {
                let sel = self.sels.iter().rev().find(|(n, _)| n == selector);
                let format = sel.and_then(|(_, sel)| {
                    self.spec
                        .sub_message(sub_message)
                        .and_then(|s| s.formats.iter().find(|f| f.value == *sel))
                });
                let Some(format) = format else {
                    bytes_out(None, b, self.out);
                    return Ok(());
                };
                let def = format
                    .fixed_header
                    .as_deref()
                    .map(|h| self.prep.struct_named(h).map_err(|e| at(path, e)))
                    .transpose()?;
                let rest = match def {
                    Some(def) => &b[crate::wire::align(def.def.size).min(b.len())..],
                    None => b,
                };
                let set = format
                    .attr_set
                    .as_deref()
                    .map(|s| self.prep.set(s).map_err(|e| at(path, e)))
                    .transpose()?;
                self.out
                    .begin_object(def.map_or(0, |d| d.members.len()) + attrs_hint(rest));
                if let Some(def) = def {
                    self.struct_into(def, b, path, 0)?;
                }
                self.level_into(set, rest, path, depth + 1)?;
                self.out.end_object();
            }
        }
        Ok(())
    }

    /// Decodes struct `def` from the start of `b` into the open object, but the members at
    /// the positions of mask `skip` (see [`Walk::shadowed`]). Bytes beyond it are a newer
    /// kernel's additions and are left alone; fewer bytes than it needs are an error.
    fn struct_into(
        &mut self,
        prepared: &PreparedStruct,
        b: &[u8],
        path: Trail<'_>,
        skip: u64,
    ) -> Result<(), AttrError> {
        let def = &prepared.def;
        if b.len() < def.size {
            return Err(at(
                path,
                format!(
                    "{} bytes are too few for struct '{}' ({} bytes)",
                    b.len(),
                    def.name,
                    def.size
                ),
            ));
        }
        let mut run = StructRun {
            members: &prepared.members,
            next: 0,
            b,
            enums: &self.prep.enums,
            skip,
        };
        loop {
            // The plain members from here on, handed to the sink as one run.
            self.out.plain_members(&mut run);
            let Some(pm) = run.members.get(run.next) else {
                break;
            };
            run.next += 1;
            if run.skipped(run.next - 1) {
                continue;
            }
            let p = &pm.attr;
            let raw = pm.raw(b).unwrap_or_default();
            self.out.name_key(&p.name);
            match &def.members[pm.index].kind {
                // Left out when the struct was prepared.
                MemberKind::Pad => {}
                MemberKind::Int(fmt) => int_out(
                    self.prep.enum_of(p.refs),
                    fmt,
                    read_int(fmt, raw).unwrap_or(0),
                    self.out,
                ),
                MemberKind::String => string_out(raw, self.out),
                MemberKind::Binary(hint) => bytes_out(*hint, raw, self.out),
                MemberKind::Struct(s) => {
                    let def = self.prep.struct_of(p.refs, s).map_err(|e| at(path, e))?;
                    self.out.begin_object(def.members.len());
                    self.struct_into(def, raw, path, 0)?;
                    self.out.end_object();
                }
            }
        }
        Ok(())
    }
}

impl PreparedMember {
    /// Its bytes in struct `b`.
    #[inline(always)]
    fn raw<'b>(&self, b: &'b [u8]) -> Option<&'b [u8]> {
        b.get(self.offset..self.offset + self.len)
    }
}

/// A struct's plain members from member `next` on.
struct StructRun<'p, 'b> {
    members: &'p [PreparedMember],
    next: usize,
    /// The struct's bytes.
    b: &'b [u8],
    enums: &'p [EnumNames],
    /// The members left out, by position (see [`Walk::shadowed`]).
    skip: u64,
}

impl StructRun<'_, '_> {
    /// Whether the member at position `i` is left out.
    #[inline(always)]
    fn skipped(&self, i: usize) -> bool {
        i < 64 && self.skip & (1 << i) != 0
    }
}

impl<'p> PlainRun<'p> for StructRun<'p, '_> {
    #[inline(always)]
    fn next(&mut self) -> Option<(&'p Name, Plain<'p>)> {
        if self.skipped(self.next) {
            return None;
        }
        let pm = self.members.get(self.next)?;
        let v = plain(pm.attr.scalar.as_ref()?, pm.raw(self.b)?, self.enums)?;
        self.next += 1;
        Some((&pm.attr.name, v))
    }
}

/// A level's plain attributes, each of a key not seen before, from `rest` on.
struct LevelRun<'p, 'b, 's> {
    rest: AttrIter<'b>,
    seen: &'s mut Seen,
    index: &'p SetIndex,
    enums: &'p [EnumNames],
}

impl<'p> PlainRun<'p> for LevelRun<'p, '_, '_> {
    #[inline(always)]
    fn next(&mut self) -> Option<(&'p Name, Plain<'p>)> {
        let mut rest = self.rest.clone();
        let attr = rest.next()?.ok()?;
        let kind = attr.kind();
        let i = self.index.by_type.get(usize::from(kind)).copied()?;
        let p = self.index.attrs.get(usize::from(i).checked_sub(1)?)?;
        let v = plain(p.scalar.as_ref()?, attr.payload(), self.enums)?;
        if !self.seen.first(kind) {
            return None;
        }
        self.rest = rest;
        Some((&p.name, v))
    }
}

/// How many attributes `b` may hold, to size the object they go into: a guess (the
/// common ones take eight bytes), since a level is read as it is written; at most 32, so
/// that a large payload (of a few large attributes, or a hostile one) does not make a large
/// object of empty slots.
fn attrs_hint(b: &[u8]) -> usize {
    (b.len() / 8).min(32)
}

/// The key of an attribute the description lacks, `unknown-N`.
fn unknown_key(key: u32) -> &'static str {
    intern(&format!("unknown-{}", key & 0xffff))
}

/// `b` decoded as `sc`: `None` when it does not fit (left to the general way, which says
/// what is wrong with it).
/// `enums` are the prepared description's. (By reference: a copy of the plan was put
/// together in a register and taken apart again, a tenth of a struct member's cost.)
#[inline(always)]
fn plain<'p>(sc: &Scalar, b: &[u8], enums: &'p [EnumNames]) -> Option<Plain<'p>> {
    let fits = |size: u8| {
        let len = b.len();
        usize::from(size) == len || size == 0 && (len == 4 || len == 8)
    };
    match *sc {
        Scalar::Int { size, big, signed } if fits(size) => {
            let v = read_bits(b, big, signed)?;
            Some(if signed {
                Plain::Int(v as i64)
            } else {
                Plain::Uint(v)
            })
        }
        Scalar::Enum { size, big, en } if fits(size) => {
            let v = read_bits(b, big, false)?;
            let names = enums.get(en as usize)?;
            Some(names.entry(v).map_or(Plain::Uint(v), Plain::Name))
        }
        Scalar::Ipv4 => <[u8; 4]>::try_from(b).ok().map(Plain::Ipv4),
        _ => None,
    }
}

/// A string payload up to its first NUL (the kernel sometimes omits it), invalid UTF-8
/// replaced.
fn string_out(b: &[u8], out: &mut impl Sink) {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    out.str(&String::from_utf8_lossy(&b[..end]));
}

/// A selector's value as the text a sub-message format names: a string, or a number.
fn selector_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The selector's value in a value tree being encoded, looked up from the innermost level
/// out, as text.
pub(super) fn selector_value(parents: &[&Map<String, Value>], selector: &str) -> Option<String> {
    parents
        .iter()
        .rev()
        .find_map(|m| selector_text(m.get(selector)?))
}

/// `path.name`, or `name` at the top.
pub(super) fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Where the decoder is: the names leading there, joined into text only when an error
/// needs them, so that decoding allocates nothing for paths.
#[derive(Clone, Copy)]
struct Trail<'a> {
    up: Option<&'a Trail<'a>>,
    name: &'a str,
}

impl Trail<'_> {
    /// The message itself.
    const TOP: Trail<'static> = Trail { up: None, name: "" };

    /// The path as text, `linkinfo.data.peer`.
    fn text(&self) -> String {
        match self.up {
            None => self.name.to_owned(),
            Some(up) => join(&up.text(), self.name),
        }
    }
}

/// An error at `path`.
fn at(path: Trail<'_>, message: String) -> AttrError {
    AttrError::new(&path.text(), message)
}

fn parse_err(path: Trail<'_>, e: ParseError) -> AttrError {
    at(path, format!("malformed attributes: {e}"))
}
