//! Building a request from a value tree keyed by the description's names.
//!
//! The top-level object holds the fixed header's fields and the attributes side by side, as
//! the kernel's ynl takes them; a name both have is sent as the attribute (and in the header
//! where it fits). Attributes are written in the object's order into a buffer of
//! their own, and where each one lies is recorded with its path of names, so that the byte
//! offset of an attribute the kernel rejects can be named (`header.dev-index`).

use super::decode::{join, selector_value};
use super::value::{parse_bytes, parse_int, set_of, struct_of, what, write_int, AttrError};
use crate::schema::{ArrayItem, AttrSet, AttrType, IntFormat, MemberKind, Spec, StructDef};
use crate::wire::consts::{NLA_F_NESTED, NLA_HDRLEN};
use crate::wire::{align, ALIGNTO};
use serde_json::{Map, Value};

/// Where one attribute of an encoded request lies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Placed {
    /// Offset of its header from the start of the attributes.
    pub start: usize,
    /// Offset just past its payload.
    pub end: usize,
    /// Its path of names.
    pub path: String,
    /// For a nest, the set of what it holds.
    pub inner_set: Option<String>,
}

/// An encoded request body: the fixed header, the attributes, and where each attribute is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Encoded {
    /// The fixed header's bytes (empty without one).
    pub header: Vec<u8>,
    /// The attributes.
    pub attrs: Vec<u8>,
    /// Every attribute written, outer ones before the ones inside them.
    pub placed: Vec<Placed>,
}

impl Encoded {
    /// The innermost attribute containing offset `at` of the attributes.
    pub fn at(&self, at: usize) -> Option<&Placed> {
        self.placed
            .iter()
            .filter(|p| p.start <= at && at < p.end.max(p.start + NLA_HDRLEN))
            .max_by_key(|p| p.start)
    }

    /// The attribute whose header starts at offset `start` of the attributes.
    pub fn starting_at(&self, start: usize) -> Option<&Placed> {
        self.placed.iter().rev().find(|p| p.start == start)
    }
}

/// How deep a value tree may nest: as for decoding.
const MAX_DEPTH: usize = 32;

/// Builds requests of one family.
pub struct Encoder<'s> {
    spec: &'s Spec,
    out: Encoded,
}

impl<'s> Encoder<'s> {
    /// Encodes `value` (an object, or null for an empty request) as a message with fixed
    /// header `header` and attributes of set `set`.
    pub fn request(
        spec: &'s Spec,
        header: Option<&str>,
        set: Option<&str>,
        value: &Value,
    ) -> Result<Encoded, AttrError> {
        let empty = Map::new();
        let obj = match value {
            Value::Object(m) => m,
            Value::Null => &empty,
            other => {
                return Err(AttrError::new(
                    "",
                    format!("a request is an object, not {}", what(other)),
                ))
            }
        };
        let mut enc = Encoder {
            spec,
            out: Encoded::default(),
        };
        let set = set
            .map(|s| set_of(spec, s).map_err(|e| AttrError::new("", e)))
            .transpose()?;
        let mut skip: Vec<&str> = Vec::new();
        if let Some(h) = header {
            let def = struct_of(spec, h).map_err(|e| AttrError::new("", e))?;
            let shared = |k: &str| set.is_some_and(|s| s.by_name(k).is_some());
            // A name the header shares with an attribute is one value (rt-rule's `table`):
            // sent as the attribute, which holds any value, and in the header where it fits
            // (else the field is left 0, as iproute2 leaves a rule's byte for table 1000).
            let fits = |k: &String, v: &Value| {
                let one = Map::from_iter([(k.clone(), v.clone())]);
                enc.struct_bytes(def, &one, "", true).is_ok()
            };
            enc.out.header = if obj.iter().any(|(k, v)| shared(k) && !fits(k, v)) {
                let mut fields = obj.clone();
                fields.retain(|k, v| !shared(k) || fits(k, v));
                enc.struct_bytes(def, &fields, "", true)?
            } else {
                enc.struct_bytes(def, obj, "", true)?
            };
            skip = def
                .members
                .iter()
                .map(|m| m.name.as_str())
                .filter(|n| !shared(n))
                .collect();
        }
        enc.attrs(set, obj, &skip, &[], "", 0)?;
        Ok(enc.out)
    }

    /// Writes the members of `obj` (but those named in `skip`) as attributes of `set`.
    fn attrs(
        &mut self,
        set: Option<&'s AttrSet>,
        obj: &Map<String, Value>,
        skip: &[&str],
        parents: &[&Map<String, Value>],
        path: &str,
        depth: usize,
    ) -> Result<(), AttrError> {
        if depth > MAX_DEPTH {
            return Err(AttrError::new(
                path,
                format!("nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        let mut chain = parents.to_vec();
        chain.push(obj);
        for (key, v) in obj {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let apath = join(path, key);
            let a = set.and_then(|s| s.by_name(key)).ok_or_else(|| match set {
                Some(s) => AttrError::new(&apath, format!("no such attribute in set '{}'", s.name)),
                None => AttrError::new(&apath, "the operation takes no attributes".into()),
            })?;
            match (a.multi, v) {
                (true, Value::Array(items)) => {
                    for item in items {
                        self.attr(&a.ty, a.value, item, &chain, &apath, depth)?;
                    }
                }
                _ => self.attr(&a.ty, a.value, v, &chain, &apath, depth)?,
            }
        }
        Ok(())
    }

    /// Writes one attribute of type `ty` and number `num` holding `v`.
    fn attr(
        &mut self,
        ty: &AttrType,
        num: u16,
        v: &Value,
        parents: &[&Map<String, Value>],
        path: &str,
        depth: usize,
    ) -> Result<(), AttrError> {
        if let (AttrType::Flag, Value::Bool(false)) = (ty, v) {
            return Ok(());
        }
        let start = self.out.attrs.len();
        let nested = matches!(ty, AttrType::Nest(_) | AttrType::IndexedArray(_));
        let raw_type = if nested { num | NLA_F_NESTED } else { num };
        self.out.attrs.extend_from_slice(&[0, 0]);
        self.out.attrs.extend_from_slice(&raw_type.to_ne_bytes());
        let at = self.out.placed.len();
        self.out.placed.push(Placed {
            start,
            end: start,
            path: path.to_owned(),
            inner_set: None,
        });
        match ty {
            AttrType::Pad | AttrType::Unused => {
                return Err(AttrError::new(path, "padding cannot be set".into()))
            }
            AttrType::Flag => match v {
                Value::Bool(true) | Value::Null => {}
                other => {
                    return Err(AttrError::new(
                        path,
                        format!("a flag is true or false, not {}", what(other)),
                    ))
                }
            },
            AttrType::Int(fmt) => {
                let bits = parse_int(self.spec, fmt, v).map_err(|m| AttrError::new(path, m))?;
                write_int(fmt, bits, &mut self.out.attrs);
            }
            AttrType::String => match v {
                Value::String(s) => {
                    self.out.attrs.extend_from_slice(s.as_bytes());
                    self.out.attrs.push(0);
                }
                other => {
                    return Err(AttrError::new(
                        path,
                        format!("expected a string, found {}", what(other)),
                    ))
                }
            },
            AttrType::Binary {
                struct_def,
                sub_type,
                hint,
            } => match (struct_def, sub_type, v) {
                (Some(s), _, Value::Object(obj)) => {
                    let def = struct_of(self.spec, s).map_err(|e| AttrError::new(path, e))?;
                    let b = self.struct_bytes(def, obj, path, false)?;
                    self.out.attrs.extend_from_slice(&b);
                }
                (None, Some(fmt), Value::Array(items)) => {
                    for item in items {
                        let bits =
                            parse_int(self.spec, fmt, item).map_err(|m| AttrError::new(path, m))?;
                        write_int(fmt, bits, &mut self.out.attrs);
                    }
                }
                _ => {
                    let b = parse_bytes(*hint, v).map_err(|m| AttrError::new(path, m))?;
                    self.out.attrs.extend_from_slice(&b);
                }
            },
            AttrType::Bitfield32 { enum_def } => {
                let Value::Object(obj) = v else {
                    return Err(AttrError::new(
                        path,
                        format!(
                            "a bitfield32 is an object {{value, selector}}, not {}",
                            what(v)
                        ),
                    ));
                };
                let fmt = IntFormat::bitfield32_half(enum_def.clone());
                for key in ["value", "selector"] {
                    let f = obj.get(key).unwrap_or(&Value::Null);
                    let bits = match f {
                        Value::Null => 0,
                        f => parse_int(self.spec, &fmt, f)
                            .map_err(|m| AttrError::new(&join(path, key), m))?,
                    };
                    write_int(&fmt, bits, &mut self.out.attrs);
                }
            }
            AttrType::Nest(set) => {
                let Value::Object(obj) = v else {
                    return Err(AttrError::new(
                        path,
                        format!("a nest is an object, not {}", what(v)),
                    ));
                };
                let set = set_of(self.spec, set).map_err(|e| AttrError::new(path, e))?;
                self.out.placed[at].inner_set = Some(set.name.clone());
                self.attrs(Some(set), obj, &[], parents, path, depth + 1)?;
            }
            AttrType::IndexedArray(item) => {
                let Value::Array(items) = v else {
                    return Err(AttrError::new(
                        path,
                        format!("an indexed array is a list, not {}", what(v)),
                    ));
                };
                let ity = item.attr_type();
                let keyed = matches!(**item, ArrayItem::Nest(_));
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    // A nest comes with its index, `{"N": {...}}`, as decoding gives it; other
                    // elements are numbered by their place.
                    let (idx, item) = if keyed {
                        indexed(item).ok_or_else(|| {
                            AttrError::new(&at, "an element is {\"INDEX\": {...}}".into())
                        })?
                    } else {
                        (i, item)
                    };
                    let idx = u16::try_from(idx)
                        .ok()
                        .filter(|i| *i <= 0x3fff)
                        .ok_or_else(|| AttrError::new(&at, "index out of range".into()))?;
                    self.attr(&ity, idx, item, parents, &at, depth + 1)?;
                }
            }
            AttrType::NestTypeValue { .. } => {
                return Err(AttrError::new(
                    path,
                    "building nest-type-value attributes is not supported".into(),
                ))
            }
            AttrType::SubMessage {
                sub_message,
                selector,
            } => {
                let Value::Object(obj) = v else {
                    return Err(AttrError::new(
                        path,
                        format!("a sub-message is an object, not {}", what(v)),
                    ));
                };
                let sel = selector_value(parents, selector).ok_or_else(|| {
                    AttrError::new(
                        path,
                        format!("needs attribute '{selector}' beside it to choose its format"),
                    )
                })?;
                let format = self
                    .spec
                    .sub_message(sub_message)
                    .and_then(|s| s.formats.iter().find(|f| f.value == sel))
                    .ok_or_else(|| {
                        AttrError::new(
                            path,
                            format!("the description has no format for {selector} '{sel}'"),
                        )
                    })?;
                let mut skip: Vec<&str> = Vec::new();
                if let Some(h) = &format.fixed_header {
                    let def = struct_of(self.spec, h).map_err(|e| AttrError::new(path, e))?;
                    let b = self.struct_bytes(def, obj, path, true)?;
                    self.out.attrs.extend_from_slice(&b);
                    pad(&mut self.out.attrs);
                    skip = def.members.iter().map(|m| m.name.as_str()).collect();
                }
                let set = format
                    .attr_set
                    .as_deref()
                    .map(|s| set_of(self.spec, s).map_err(|e| AttrError::new(path, e)))
                    .transpose()?;
                if let Some(s) = set {
                    self.out.placed[at].inner_set = Some(s.name.clone());
                }
                self.attrs(set, obj, &skip, parents, path, depth + 1)?;
            }
        }
        let len = self.out.attrs.len() - start;
        let len16 = u16::try_from(len).map_err(|_| {
            AttrError::new(path, format!("{len} bytes are too long for an attribute"))
        })?;
        self.out.attrs[start..start + 2].copy_from_slice(&len16.to_ne_bytes());
        self.out.placed[at].end = start + len;
        pad(&mut self.out.attrs);
        Ok(())
    }

    /// The bytes of struct `def` with the fields of `obj` (missing ones 0). With `partial`,
    /// `obj` may hold other keys (the attributes beside a fixed header).
    fn struct_bytes(
        &self,
        def: &StructDef,
        obj: &Map<String, Value>,
        path: &str,
        partial: bool,
    ) -> Result<Vec<u8>, AttrError> {
        if !partial {
            if let Some(k) = obj
                .keys()
                .find(|k| !def.members.iter().any(|m| &m.name == *k))
            {
                return Err(AttrError::new(
                    &join(path, k),
                    format!("no such field in struct '{}'", def.name),
                ));
            }
        }
        let mut b = vec![0u8; def.size];
        for m in &def.members {
            let Some(v) = obj.get(&m.name) else { continue };
            let fpath = join(path, &m.name);
            let field = &mut b[m.offset..m.offset + m.len];
            match &m.kind {
                MemberKind::Pad => {
                    return Err(AttrError::new(&fpath, "padding cannot be set".into()))
                }
                MemberKind::Int(fmt) => {
                    let bits =
                        parse_int(self.spec, fmt, v).map_err(|e| AttrError::new(&fpath, e))?;
                    let mut w = Vec::with_capacity(8);
                    write_int(fmt, bits, &mut w);
                    field.copy_from_slice(&w);
                }
                MemberKind::String => {
                    let Value::String(s) = v else {
                        return Err(AttrError::new(
                            &fpath,
                            format!("expected a string, found {}", what(v)),
                        ));
                    };
                    if s.len() >= m.len {
                        return Err(AttrError::new(
                            &fpath,
                            format!("longer than {} bytes", m.len - 1),
                        ));
                    }
                    field[..s.len()].copy_from_slice(s.as_bytes());
                }
                MemberKind::Binary(hint) => {
                    let bytes = parse_bytes(*hint, v).map_err(|e| AttrError::new(&fpath, e))?;
                    if bytes.len() > m.len {
                        return Err(AttrError::new(
                            &fpath,
                            format!("longer than {} bytes", m.len),
                        ));
                    }
                    field[..bytes.len()].copy_from_slice(&bytes);
                }
                MemberKind::Struct(s) => {
                    let Value::Object(inner) = v else {
                        return Err(AttrError::new(
                            &fpath,
                            format!("expected an object, found {}", what(v)),
                        ));
                    };
                    let inner = self.struct_bytes(
                        struct_of(self.spec, s).map_err(|e| AttrError::new(&fpath, e))?,
                        inner,
                        &fpath,
                        false,
                    )?;
                    field.copy_from_slice(&inner);
                }
            }
        }
        Ok(b)
    }
}

/// Pads `b` to netlink's alignment.
fn pad(b: &mut Vec<u8>) {
    b.resize(align(b.len()), 0);
    debug_assert_eq!(b.len() % ALIGNTO, 0);
}

/// An indexed array's nest element `{"N": value}`: its index and value.
fn indexed(item: &Value) -> Option<(usize, &Value)> {
    let Value::Object(o) = item else { return None };
    let mut entries = o.iter();
    let (k, v) = entries.next()?;
    // An index is written as decimal digits only, the way decoding prints it.
    let digits = !k.is_empty() && k.bytes().all(|c| c.is_ascii_digit());
    (entries.next().is_none() && digits)
        .then(|| k.parse().ok().map(|n| (n, v)))
        .flatten()
}
