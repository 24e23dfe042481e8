//! The value tree decoded messages come as: [`Tree`], keyed by the description's names.
//!
//! Cheaper to build than a `serde_json::Value` (a dump makes one per message): an object is
//! one vector of its members in the description's order, with no hashing; its keys, and
//! enum names, are the description's names, interned ([`intern`]) rather than copied; short
//! strings (addresses, MACs) are held inline. [`Tree::to_json`] gives a `serde_json::Value` when one
//! is wanted; `Display` writes the same JSON text the C API hands out.

use super::sink::{JsonSink, Sink};
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::fmt;
use std::ops::{Deref, Index};
use std::sync::{Arc, Mutex, PoisonError};

/// A decoded value: what JSON can say, with integers kept as the integers they were.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Tree {
    /// Nothing (a padding attribute).
    #[default]
    Null,
    /// A flag, or a boolean.
    Bool(bool),
    /// An unsigned integer.
    Uint(u64),
    /// A signed integer.
    Int(i64),
    /// Text: a string, an enum entry's name, an address, hex bytes.
    Str(Text),
    /// A multi-attribute, an indexed array, a list of flags.
    Array(Vec<Tree>),
    /// A message, nest or struct: its members in order, keyed by name, each key once.
    Object(Vec<(&'static str, Tree)>),
}

/// What a missing key or index gives, as with `serde_json::Value`.
static NULL: Tree = Tree::Null;

impl Tree {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Tree> {
        match self {
            Tree::Object(m) => m.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An integer that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Tree::Uint(n) => Some(n),
            Tree::Int(n) => u64::try_from(n).ok(),
            _ => None,
        }
    }

    /// An integer that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Tree::Uint(n) => i64::try_from(n).ok(),
            Tree::Int(n) => Some(n),
            _ => None,
        }
    }

    /// A boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Tree::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The items of a list.
    pub fn as_array(&self) -> Option<&[Tree]> {
        match self {
            Tree::Array(l) => Some(l),
            _ => None,
        }
    }

    /// The members of an object.
    pub fn as_object(&self) -> Option<&[(&'static str, Tree)]> {
        match self {
            Tree::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Whether dropping it frees memory (otherwise forgetting it is the same).
    #[inline(always)]
    pub(super) fn holds_memory(&self) -> bool {
        match self {
            Tree::Array(_) | Tree::Object(_) => true,
            Tree::Str(t) => matches!(t.0, Repr::Shared(_)),
            _ => false,
        }
    }

    /// Whether it is [`Tree::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Tree::Null)
    }

    /// The same value as a `serde_json::Value`.
    pub fn to_json(&self) -> Json {
        match self {
            Tree::Null => Json::Null,
            Tree::Bool(b) => Json::Bool(*b),
            Tree::Uint(n) => Json::from(*n),
            Tree::Int(n) => Json::from(*n),
            Tree::Str(s) => Json::String(s.to_string()),
            Tree::Array(l) => Json::Array(l.iter().map(Tree::to_json).collect()),
            Tree::Object(m) => Json::Object(
                m.iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// Feeds the value to `out`, as the decoder would have.
    pub(super) fn feed(&self, out: &mut impl Sink) {
        match self {
            Tree::Null => out.null(),
            Tree::Bool(b) => out.bool(*b),
            Tree::Uint(n) => out.u64(*n),
            Tree::Int(n) => out.i64(*n),
            Tree::Str(s) => out.str(s),
            Tree::Array(l) => {
                out.begin_array();
                l.iter().for_each(|v| v.feed(out));
                out.end_array();
            }
            Tree::Object(m) => {
                out.begin_object(m.len());
                for (k, v) in m {
                    out.key(k);
                    v.feed(out);
                }
                out.end_object();
            }
        }
    }
}

/// The same value: numbers by value, objects whatever the order of their keys.
impl PartialEq<Json> for Tree {
    fn eq(&self, other: &Json) -> bool {
        match (self, other) {
            (Tree::Null, Json::Null) => true,
            (Tree::Bool(a), Json::Bool(b)) => a == b,
            (Tree::Uint(a), Json::Number(b)) => b.as_u64() == Some(*a),
            (Tree::Int(a), Json::Number(b)) => b.as_i64() == Some(*a),
            (Tree::Str(a), Json::String(b)) => **a == **b,
            (Tree::Array(a), Json::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
            }
            (Tree::Object(a), Json::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(*k).is_some_and(|w| v == w))
            }
            _ => false,
        }
    }
}

impl From<Tree> for Json {
    fn from(t: Tree) -> Json {
        t.to_json()
    }
}

/// Compact JSON text, as the C API hands a message out.
impl fmt::Display for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.feed(&mut JsonSink::new(&mut s));
        f.write_str(&s)
    }
}

impl Index<&str> for Tree {
    type Output = Tree;

    /// The member `key`, or `Null` when there is none (or this is not an object).
    fn index(&self, key: &str) -> &Tree {
        self.get(key).unwrap_or(&NULL)
    }
}

impl Index<usize> for Tree {
    type Output = Tree;

    /// Item `i` of a list, or `Null` when there is none (or this is not a list).
    fn index(&self, i: usize) -> &Tree {
        self.as_array().and_then(|l| l.get(i)).unwrap_or(&NULL)
    }
}

/// The one copy of `s` kept for the life of the process: a tree's keys and enum names. The
/// names interned are those of the descriptions decoded by (and `unknown-N` for attributes
/// they lack), so they are few and bounded however many messages are decoded; interning
/// makes a key two words copied, where a copy of its text cost more than the rest of
/// building a tree.
pub(super) fn intern(s: &str) -> &'static str {
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(n) = names.get(s) {
        return n;
    }
    let n: &'static str = Box::leak(s.into());
    names.insert(n);
    n
}

/// Text in a [`Tree`]: an enum entry's name (interned), or a string; read it as a `&str`.
#[derive(Clone)]
pub struct Text(Repr);

/// Up to this many bytes are held inline (every IPv4 address, most names).
const INLINE: usize = 15;

#[derive(Clone)]
enum Repr {
    /// Short text, in place.
    Inline(Inline),
    /// A name of the description ([`intern`]).
    Static(&'static str),
    /// Longer text.
    Shared(Arc<str>),
}

/// Short text: its length and bytes (always whole UTF-8, copied from a `str`). Aligned as
/// a word, so that it is copied as one (copies of odd-placed bytes cost the processor a
/// stall when it reads them back, a measurable part of building a tree).
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Inline {
    len: u8,
    buf: [u8; INLINE],
}

impl Text {
    /// `s`, inline when short, else in a shared allocation of its own.
    pub fn new(s: &str) -> Self {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= INLINE => {
                let mut buf = [0; INLINE];
                buf[..s.len()].copy_from_slice(s.as_bytes());
                Text(Repr::Inline(Inline { len, buf }))
            }
            _ => Text(Repr::Shared(s.into())),
        }
    }

    /// ASCII text of at most [`INLINE`] bytes, `b[..len]` (the bytes after it ignored),
    /// inline: the whole buffer copied as it is, rather than `len` bytes of it.
    #[inline(always)]
    pub(super) fn short_ascii(b: [u8; INLINE + 1], len: usize) -> Self {
        let mut buf = [0; INLINE];
        buf.copy_from_slice(&b[..INLINE]);
        // A longer `len` breaks the promise: the text is then cut short (and reads as "" if
        // that is not whole UTF-8).
        Text(Repr::Inline(Inline {
            len: len.min(INLINE) as u8,
            buf,
        }))
    }

    /// An interned name, shared rather than copied.
    pub(super) fn name(s: &'static str) -> Self {
        Text(Repr::Static(s))
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            // Inline bytes were copied whole from a `str`, so they are UTF-8.
            Repr::Inline(i) => {
                std::str::from_utf8(&i.buf[..usize::from(i.len)]).unwrap_or_default()
            }
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_inline_and_shared() {
        for s in ["", "a", "10.0.0.1", &"x".repeat(INLINE), &"é".repeat(20)] {
            let t = Text::new(s);
            assert_eq!(&*t, s);
            assert_eq!(t.clone(), t);
        }
        assert_eq!(
            &*Text::short_ascii(*b"10.1.2.3.\0\0\0\0\0\0\0", 8),
            "10.1.2.3"
        );
        assert_eq!(
            &*Text::short_ascii(*b"255.255.255.255.", 15),
            "255.255.255.255"
        );
        let n = Text::name(intern("rtm-family"));
        assert_eq!(&*n, "rtm-family");
        assert_eq!(n, Text::new("rtm-family"));
    }

    #[test]
    fn intern_keeps_one_copy() {
        let a = intern(&String::from("dst"));
        let b = intern("dst");
        assert_eq!(a, "dst");
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn tree_reads_like_json() {
        let t = Tree::Object(vec![
            ("a", Tree::Uint(1)),
            ("b", Tree::Array(vec![Tree::Int(-2), Tree::Str("x".into())])),
            ("c", Tree::Object(vec![])),
        ]);
        assert_eq!(t["a"].as_u64(), Some(1));
        assert_eq!(t["b"][0].as_i64(), Some(-2));
        assert_eq!(t["b"][1].as_str(), Some("x"));
        assert!(t["nope"].is_null() && t["b"][9].is_null());
        let j = serde_json::json!({"a": 1, "b": [-2, "x"], "c": {}});
        assert_eq!(t.to_json(), j);
        assert_eq!(t, j);
        assert_ne!(t["b"], serde_json::json!([-2]));
        assert_eq!(t.to_string(), j.to_string());
    }
}
