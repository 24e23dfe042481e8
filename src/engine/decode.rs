//! Decoding any message of a family into a value tree keyed by the description's names.
//!
//! Fixed-header fields come first at the top level, then every attribute by name: nests and
//! sub-messages by the description, multi-attributes and indexed arrays as lists, enums and
//! flags by name, addresses as text. An attribute the description lacks is kept as
//! `"unknown-N"` with its bytes in hex; a sub-message whose selector names no known format
//! is kept as hex. Malformed framing or a payload that does not fit its declared type is an
//! error naming the attribute, never a panic or a read past the buffer.

use super::value::{bytes_value, hex, int_value, read_int, set_of, struct_of, AttrError};
use crate::schema::{AttrSet, AttrType, IntFormat, MemberKind, Spec, StructDef};
use crate::wire::{AttrIter, ParseError};
use serde_json::{Map, Value};

/// How deep nests may go: far beyond any real message, low enough that a hostile message
/// of nests inside nests cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

/// Decodes messages of one family.
pub struct Decoder<'s> {
    spec: &'s Spec,
}

/// The decoded levels around the attribute being decoded, innermost last: where a
/// sub-message looks for its selector.
type Parents<'a> = [&'a Map<String, Value>];

impl<'s> Decoder<'s> {
    /// A decoder for `spec`.
    pub fn new(spec: &'s Spec) -> Self {
        Self { spec }
    }

    /// Decodes a message body: `payload` is everything after the netlink (and genetlink)
    /// header, starting with the fixed header `header` (a struct of the description), then
    /// attributes of set `set` (when the operation has one; without, attributes are kept
    /// as unknown).
    pub fn body(
        &self,
        header: Option<&str>,
        set: Option<&str>,
        payload: &[u8],
    ) -> Result<Map<String, Value>, AttrError> {
        let mut out = Map::new();
        let mut rest = payload;
        if let Some(h) = header {
            let def = struct_of(self.spec, h).map_err(|e| at(Trail::TOP, e))?;
            self.struct_into(def, payload, Trail::TOP, &mut out)?;
            rest = &payload[crate::wire::align(def.size).min(payload.len())..];
        }
        let set = set
            .map(|s| set_of(self.spec, s).map_err(|e| at(Trail::TOP, e)))
            .transpose()?;
        self.attrs_into(set, rest, &[], Trail::TOP, 0, &mut out)?;
        Ok(out)
    }

    /// Decodes the attributes in `bytes` as members of `set` into `out`.
    fn attrs_into(
        &self,
        set: Option<&AttrSet>,
        bytes: &[u8],
        parents: &Parents<'_>,
        path: Trail<'_>,
        depth: usize,
        out: &mut Map<String, Value>,
    ) -> Result<(), AttrError> {
        if depth > MAX_DEPTH {
            return Err(at(path, format!("nested deeper than {MAX_DEPTH} levels")));
        }
        for attr in AttrIter::new(bytes) {
            let attr = attr.map_err(|e| parse_err(path, e))?;
            let spec_attr = set.and_then(|s| s.by_value(attr.kind()));
            let Some(a) = spec_attr else {
                // Kept whole: the kernel is newer than any description. A repeated one becomes
                // a list.
                let key = format!("unknown-{}", attr.kind());
                let v = Value::String(hex(attr.payload()));
                match out.get_mut(&key) {
                    Some(Value::Array(list)) => list.push(v),
                    Some(old) => *old = Value::Array(vec![old.take(), v]),
                    None => {
                        out.insert(key, v);
                    }
                }
                continue;
            };
            if matches!(a.ty, AttrType::Pad | AttrType::Unused) {
                continue;
            }
            let apath = Trail {
                up: Some(&path),
                name: &a.name,
            };
            // Only what holds attributes looks at the levels around it (for a sub-message's
            // selector): a scalar costs no list of them.
            let v = if a.ty.holds_attrs() {
                let mut chain = parents.to_vec();
                chain.push(out);
                self.value(&a.ty, attr.payload(), &chain, apath, depth)?
            } else {
                self.value(&a.ty, attr.payload(), &[], apath, depth)?
            };
            push(out, a.name.clone(), v, a.multi);
        }
        Ok(())
    }

    /// Decodes one attribute's payload of type `ty`.
    fn value(
        &self,
        ty: &AttrType,
        b: &[u8],
        parents: &Parents<'_>,
        path: Trail<'_>,
        depth: usize,
    ) -> Result<Value, AttrError> {
        Ok(match ty {
            AttrType::Pad | AttrType::Unused => Value::Null,
            AttrType::Flag => Value::Bool(true),
            AttrType::Int(fmt) => {
                let bits = read_int(fmt, b).ok_or_else(|| {
                    at(
                        path,
                        format!("{} bytes do not hold a {}", b.len(), fmt.ty.name()),
                    )
                })?;
                int_value(self.spec, fmt, bits)
            }
            AttrType::String => string(b),
            AttrType::Binary {
                struct_def,
                sub_type,
                hint,
            } => match (struct_def, sub_type) {
                (Some(s), _) => {
                    let mut m = Map::new();
                    self.struct_into(
                        struct_of(self.spec, s).map_err(|e| at(path, e))?,
                        b,
                        path,
                        &mut m,
                    )?;
                    Value::Object(m)
                }
                (None, Some(fmt)) => {
                    let size = fmt.ty.size().unwrap_or(8);
                    if b.len() % size != 0 {
                        return Err(at(
                            path,
                            format!("{} bytes are not a list of {}", b.len(), fmt.ty.name()),
                        ));
                    }
                    b.chunks(size)
                        .map(|c| int_value(self.spec, fmt, read_int(fmt, c).unwrap_or(0)))
                        .collect()
                }
                (None, None) => bytes_value(*hint, b),
            },
            AttrType::Bitfield32 { enum_def } => {
                if b.len() != 8 {
                    return Err(at(
                        path,
                        format!("{} bytes do not hold a bitfield32", b.len()),
                    ));
                }
                let fmt = IntFormat::bitfield32_half(enum_def.clone());
                let mut m = Map::new();
                m.insert(
                    "value".into(),
                    int_value(self.spec, &fmt, read_int(&fmt, &b[..4]).unwrap_or(0)),
                );
                m.insert(
                    "selector".into(),
                    int_value(self.spec, &fmt, read_int(&fmt, &b[4..]).unwrap_or(0)),
                );
                Value::Object(m)
            }
            AttrType::Nest(set) => {
                let mut m = Map::new();
                self.attrs_into(
                    Some(set_of(self.spec, set).map_err(|e| at(path, e))?),
                    b,
                    parents,
                    path,
                    depth + 1,
                    &mut m,
                )?;
                Value::Object(m)
            }
            AttrType::IndexedArray(item) => {
                let mut list = Vec::new();
                for attr in AttrIter::new(b) {
                    let attr = attr.map_err(|e| parse_err(path, e))?;
                    let ty = item.attr_type();
                    list.push(self.value(&ty, attr.payload(), parents, path, depth + 1)?);
                }
                Value::Array(list)
            }
            AttrType::NestTypeValue { type_value, set } => {
                let set = set_of(self.spec, set).map_err(|e| at(path, e))?;
                let mut list = Vec::new();
                for attr in AttrIter::new(b) {
                    let attr = attr.map_err(|e| parse_err(path, e))?;
                    let mut m = Map::new();
                    let mut inner = attr;
                    for (i, name) in type_value.iter().enumerate() {
                        if i > 0 {
                            inner = match AttrIter::new(inner.payload()).next() {
                                Some(a) => a.map_err(|e| parse_err(path, e))?,
                                None => break,
                            };
                        }
                        m.insert(name.clone(), Value::from(inner.kind()));
                    }
                    self.attrs_into(Some(set), inner.payload(), parents, path, depth + 1, &mut m)?;
                    list.push(Value::Object(m));
                }
                Value::Array(list)
            }
            AttrType::SubMessage {
                sub_message,
                selector,
            } => {
                let Some(sel) = selector_value(parents, selector) else {
                    return Ok(bytes_value(None, b));
                };
                let format = self
                    .spec
                    .sub_message(sub_message)
                    .and_then(|s| s.formats.iter().find(|f| f.value == sel));
                let Some(format) = format else {
                    return Ok(bytes_value(None, b));
                };
                let mut m = Map::new();
                let mut rest = b;
                if let Some(h) = &format.fixed_header {
                    let def = struct_of(self.spec, h).map_err(|e| at(path, e))?;
                    self.struct_into(def, b, path, &mut m)?;
                    rest = &b[crate::wire::align(def.size).min(b.len())..];
                }
                let set = format
                    .attr_set
                    .as_deref()
                    .map(|s| set_of(self.spec, s).map_err(|e| at(path, e)))
                    .transpose()?;
                if set.is_some() || !rest.is_empty() {
                    self.attrs_into(set, rest, parents, path, depth + 1, &mut m)?;
                }
                Value::Object(m)
            }
        })
    }

    /// Decodes struct `def` from the start of `b` into `out`. Bytes beyond it are a newer
    /// kernel's additions and are left alone; fewer bytes than it needs are an error.
    fn struct_into(
        &self,
        def: &StructDef,
        b: &[u8],
        path: Trail<'_>,
        out: &mut Map<String, Value>,
    ) -> Result<(), AttrError> {
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
        for m in &def.members {
            let raw = &b[m.offset..m.offset + m.len];
            let v = match &m.kind {
                MemberKind::Pad => continue,
                MemberKind::Int(fmt) => int_value(self.spec, fmt, read_int(fmt, raw).unwrap_or(0)),
                MemberKind::String => string(raw),
                MemberKind::Binary(hint) => bytes_value(*hint, raw),
                MemberKind::Struct(s) => {
                    let mut inner = Map::new();
                    self.struct_into(
                        struct_of(self.spec, s).map_err(|e| at(path, e))?,
                        raw,
                        path,
                        &mut inner,
                    )?;
                    Value::Object(inner)
                }
            };
            out.insert(m.name.clone(), v);
        }
        Ok(())
    }
}

/// A string payload up to its first NUL (the kernel sometimes omits it), invalid UTF-8
/// replaced.
fn string(b: &[u8]) -> Value {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    Value::String(String::from_utf8_lossy(&b[..end]).into_owned())
}

/// The selector's value, looked up from the innermost level out, as text.
pub(super) fn selector_value(parents: &Parents<'_>, selector: &str) -> Option<String> {
    parents.iter().rev().find_map(|m| match m.get(selector)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Adds `v` under `key`: appended to a list for multi-attributes, replacing an earlier value
/// otherwise.
fn push(out: &mut Map<String, Value>, key: String, v: Value, multi: bool) {
    if !multi {
        out.insert(key, v);
        return;
    }
    match out.get_mut(&key) {
        Some(Value::Array(list)) => list.push(v),
        _ => {
            out.insert(key, Value::Array(vec![v]));
        }
    }
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
