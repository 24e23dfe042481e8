//! Decoding any message of a family into a value tree keyed by the description's names.
//!
//! Fixed-header fields come first at the top level, then every attribute by name: nests and
//! sub-messages by the description, multi-attributes and indexed arrays as lists (an indexed
//! array's nests as `{"INDEX": {...}}`, as the kernel's ynl prints them), enums and
//! flags by name, addresses as text. An attribute the description lacks is kept as
//! `"unknown-N"` with its bytes in hex; a sub-message whose selector names no known format
//! is kept as hex. Malformed framing or a payload that does not fit its declared type is an
//! error naming the attribute, never a panic or a read past the buffer.

use super::sink::{JsonSink, Name, Plain, Scratch, Sink, TreeSink};
use super::tree::{intern, Tree};
use super::value::{big_endian, bytes_out, int_out, read_bits, read_int, AttrError, EnumNames};
use crate::schema::{ArrayItem, AttrType, Hint, IntFormat, MemberKind, Spec, StructDef};
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
    /// Whether it is a multi-attribute.
    multi: bool,
    /// How to decode it without its description, when it is of a common kind.
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

/// A struct made ready: the definition, and per member its name, references and place.
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
    /// Padding, never shown.
    pad: bool,
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
                        PreparedAttr {
                            name: Name::new(&a.name),
                            refs,
                            selector: selectors.contains(&a.name.as_str()),
                            multi: a.multi,
                            scalar: Scalar::attr(&a.ty, refs, &enums),
                        }
                    })
                    .collect();
                SetIndex {
                    name: s.name.clone(),
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
                    .map(|m| {
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
                                multi: false,
                                scalar: match &m.kind {
                                    MemberKind::Int(fmt) => Scalar::int(fmt, refs, &enums),
                                    _ => None,
                                },
                            },
                            offset: m.offset,
                            len: m.len,
                            pad: matches!(m.kind, MemberKind::Pad),
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
        let last = self.last_struct.get();
        if self.structs.get(last).is_some_and(|s| s.def.name == name) {
            return Ok(&self.structs[last]);
        }
        let i = *self
            .struct_index
            .get(name)
            .ok_or_else(|| format!("no struct '{name}'"))?;
        self.last_struct.set(i);
        Ok(&self.structs[i])
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

    /// Builds a tree with `f`, on the stacks kept for it, in the memory of `reuse`.
    fn tree<E>(
        &self,
        reuse: Tree,
        f: impl FnOnce(&mut TreeSink) -> Result<(), E>,
    ) -> Result<Tree, E> {
        let mut sink = TreeSink::new(self.scratch.take(), reuse);
        let r = f(&mut sink);
        let (tree, scratch) = sink.finish();
        self.scratch.set(scratch);
        r.map(|()| tree)
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

impl Level {
    /// How many attributes the level holds.
    fn len<S>(&self, walk: &Walk<'_, '_, S>) -> usize {
        walk.items.len() - self.base
    }
}

/// Marks an attribute the set does not describe (its type number in the low 16 bits).
const UNKNOWN: u32 = 1 << 16;
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
        self.tree(Tree::Null, |out| self.body_into(header, set, payload, out))
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
        self.body_into(header, set, payload, &mut JsonSink::new(out))
    }

    /// Builds a tree with `f`, on the stacks the decoder keeps for it, in the memory of
    /// `reuse` (a tree no longer wanted, or `Null`).
    pub(super) fn tree<E>(
        &self,
        reuse: Tree,
        f: impl FnOnce(&mut TreeSink) -> Result<(), E>,
    ) -> Result<Tree, E> {
        self.prep().tree(reuse, f)
    }

    /// The one walk over a message body, into any sink.
    pub(super) fn body_into<S: Sink>(
        &self,
        header: Option<&str>,
        set: Option<&str>,
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
        let r = walk.body(header, set, payload);
        let mut items = walk.items;
        items.clear();
        prep.items.set(items);
        r
    }
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
    fn body(
        &mut self,
        header: Option<&str>,
        set: Option<&str>,
        payload: &[u8],
    ) -> Result<(), AttrError> {
        let def = header
            .map(|h| self.prep.struct_named(h).map_err(|e| at(Trail::TOP, e)))
            .transpose()?;
        let rest = match def {
            Some(def) => &payload[crate::wire::align(def.def.size).min(payload.len())..],
            None => payload,
        };
        let set = set
            .map(|s| self.prep.set(s).map_err(|e| at(Trail::TOP, e)))
            .transpose()?;
        let level = self.collect(set, rest, Trail::TOP, 0)?;
        self.out
            .begin_object(def.map_or(0, |d| d.members.len()) + level.len(self));
        if let Some(def) = def {
            self.struct_into(def, payload, Trail::TOP)?;
        }
        self.attrs_into(level, set, rest, Trail::TOP, 0)?;
        self.out.end_object();
        Ok(())
    }

    /// Reads the attributes in `bytes`, members of set number `set`, onto the item stack
    /// (then written by [`Walk::attrs_into`]; their count sizes the object around them).
    fn collect(
        &mut self,
        set: Option<usize>,
        bytes: &[u8],
        path: Trail<'_>,
        depth: usize,
    ) -> Result<Level, AttrError> {
        if depth > MAX_DEPTH {
            return Err(at(path, format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let index = set.map(|s| &self.prep.sets[s]);
        let base = self.items.len();
        // Whether a key may repeat: type numbers below 256 are tracked exactly, others
        // counted as repeats (and then looked for).
        let mut seen = [0u64; 4];
        let mut repeats = false;
        for attr in AttrIter::new(bytes) {
            let attr = attr.map_err(|e| parse_err(path, e))?;
            let kind = attr.kind();
            let known = index.and_then(|x| x.by_type.get(usize::from(kind)).copied());
            let key = match known {
                Some(i) if i > 0 => u32::from(i - 1),
                _ => UNKNOWN | u32::from(kind),
            };
            if kind < 256 {
                let (w, bit) = (usize::from(kind / 64), 1u64 << (kind % 64));
                repeats |= seen[w] & bit != 0;
                seen[w] |= bit;
            } else {
                repeats = true;
            }
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
            // The common kinds, straight from their plan.
            if let (0, Some(set)) = (it.key & UNKNOWN, set) {
                let p = &self.prep.sets[set].attrs[it.key as usize];
                if let (Some(sc), false, false) = (p.scalar, p.multi, p.selector) {
                    if let Some(v) = plain(sc, payload(last), &self.prep.enums) {
                        self.out.plain_member(&p.name, v);
                    } else {
                        // Said what is wrong with by the general way.
                        self.out.name_key(&p.name);
                        let a = &self.spec.attr_sets[set].attrs[it.key as usize];
                        let apath = Trail {
                            up: Some(&path),
                            name: &a.name,
                        };
                        self.value(&a.ty, p.refs, payload(last), apath, depth)?;
                    }
                    continue;
                }
            }
            let ty = if it.key & UNKNOWN != 0 {
                // Kept whole: the kernel is newer than any description.
                self.out
                    .plain_key(intern(&format!("unknown-{}", it.key & 0xffff)));
                None
            } else {
                let set = set.expect("known: a set");
                let a = &self.spec.attr_sets[set].attrs[it.key as usize];
                if matches!(a.ty, AttrType::Pad | AttrType::Unused) {
                    continue;
                }
                let p = &self.prep.sets[set].attrs[it.key as usize];
                self.out.name_key(&p.name);
                Some((a, p))
            };
            let apath = Trail {
                up: Some(&path),
                name: ty.map_or("", |(a, _)| &a.name),
            };
            // A multi-attribute, or an unknown one that repeats, is the list of its values.
            let list = ty.map_or(count > 1, |(a, _)| a.multi);
            if !list {
                match ty {
                    Some((a, p)) => match p
                        .scalar
                        .and_then(|sc| plain(sc, payload(last), &self.prep.enums))
                    {
                        Some(v) => self.out.plain(v),
                        None => self.value(&a.ty, p.refs, payload(last), apath, depth)?,
                    },
                    None => bytes_out(None, payload(it), self.out),
                }
            } else {
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
            }
            let Some((a, p)) = ty else { continue };
            if p.selector {
                // Decoded again on its own: the sub-message needs its value as text.
                let mut v = TreeSink::new(Scratch::default(), Tree::Null);
                let mut inner = Walk {
                    spec: self.spec,
                    prep: self.prep,
                    out: &mut v,
                    items: std::mem::take(&mut self.items),
                    sels: std::mem::take(&mut self.sels),
                };
                let r = inner.value(&a.ty, p.refs, payload(last), apath, depth);
                self.items = inner.items;
                self.sels = inner.sels;
                r?;
                if let Some(text) = selector_text(&v.finish().0.to_json()) {
                    self.sels.push((&a.name, text));
                }
            }
        }
        self.items.truncate(base);
        self.sels.truncate(sels);
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
            AttrType::Flag => self.out.bool(true),
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
                    self.struct_into(def, b, path)?;
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
                let level = self.collect(set, b, path, depth + 1)?;
                self.out.begin_object(level.len(self));
                self.attrs_into(level, set, b, path, depth + 1)?;
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
                    let level = self.collect(set, inner.payload(), path, depth + 1)?;
                    self.out.begin_object(kinds.len() + level.len(self));
                    for (name, kind) in type_value.iter().zip(kinds) {
                        self.out.key(intern(name));
                        self.out.u64(u64::from(kind));
                    }
                    self.attrs_into(level, set, inner.payload(), path, depth + 1)?;
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
                let level = self.collect(set, rest, path, depth + 1)?;
                self.out
                    .begin_object(def.map_or(0, |d| d.members.len()) + level.len(self));
                if let Some(def) = def {
                    self.struct_into(def, b, path)?;
                }
                self.attrs_into(level, set, rest, path, depth + 1)?;
                self.out.end_object();
            }
        }
        Ok(())
    }

    /// Decodes struct `def` from the start of `b` into the open object. Bytes beyond it are
    /// a newer kernel's additions and are left alone; fewer bytes than it needs are an error.
    fn struct_into(
        &mut self,
        prepared: &PreparedStruct,
        b: &[u8],
        path: Trail<'_>,
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
        for (i, pm) in prepared.members.iter().enumerate() {
            if pm.pad {
                continue;
            }
            let (p, raw) = (&pm.attr, &b[pm.offset..pm.offset + pm.len]);
            if let Some(v) = p.scalar.and_then(|sc| plain(sc, raw, &self.prep.enums)) {
                self.out.plain_member(&p.name, v);
                continue;
            }
            self.out.name_key(&p.name);
            match &def.members[i].kind {
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
                    self.struct_into(def, raw, path)?;
                    self.out.end_object();
                }
            }
        }
        Ok(())
    }
}

/// `b` decoded as `sc`: `None` when it does not fit (left to the general way, which says
/// what is wrong with it).
/// `enums` are the prepared description's.
#[inline(always)]
fn plain<'p>(sc: Scalar, b: &[u8], enums: &'p [EnumNames]) -> Option<Plain<'p>> {
    let fits = |size: u8| {
        let len = b.len();
        usize::from(size) == len || size == 0 && (len == 4 || len == 8)
    };
    match sc {
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
