//! Where the decoder's one walk over a message goes: a value tree ([`TreeSink`]) or JSON
//! text written straight into a reused buffer ([`JsonSink`]), so that text output builds no
//! tree and both outputs come from the same decoding code.

use super::tree::{intern, Text, Tree};

/// Receives a decoded message as a stream of JSON events, in order: objects of keys and
/// values, arrays of values, scalars.
pub(super) trait Sink {
    /// A place in the output, to go back to.
    type Mark: Copy;
    /// Where the output is now: in an object, between members.
    fn mark(&self) -> Self::Mark;
    /// Takes back what was written since `mark` (in the object open then, which is still
    /// open; what was opened since may not be closed: an error stopped it).
    fn rewind(&mut self, mark: Self::Mark);
    /// Opens an object (as a value: after a key, in an array, or at the top) of about `len`
    /// keys (a capacity hint).
    fn begin_object(&mut self, len: usize);
    /// The key of the next value of the open object (interned, see [`intern`]).
    fn key(&mut self, k: &'static str);
    /// A key known to hold nothing JSON escapes.
    fn plain_key(&mut self, k: &'static str) {
        self.key(k);
    }
    /// A key that is a name of the description, prepared once for every message.
    fn name_key(&mut self, k: &Name);
    /// Closes the open object.
    fn end_object(&mut self);
    /// Opens an array.
    fn begin_array(&mut self);
    /// Closes the open array.
    fn end_array(&mut self);
    /// `null`.
    fn null(&mut self);
    /// A boolean.
    fn bool(&mut self, b: bool);
    /// An unsigned number.
    fn u64(&mut self, n: u64);
    /// A signed number.
    fn i64(&mut self, n: i64);
    /// A string, any text.
    fn str(&mut self, s: &str);
    /// A string that is a name of the description (an enum entry's).
    fn name(&mut self, s: &Name);
    /// A string that `f` writes, holding nothing JSON escapes (digits, hex, `.`, `:`, `-`):
    /// written in place, with no copy.
    fn text(&mut self, f: impl FnOnce(&mut String));
    /// An IPv4 address, in dotted decimal.
    fn ipv4(&mut self, a: [u8; 4]);
    /// A plain value.
    #[inline(always)]
    fn plain(&mut self, v: Plain<'_>) {
        match v {
            Plain::Name(s) => self.name(s),
            Plain::Uint(n) => self.u64(n),
            Plain::Int(n) => self.i64(n),
            Plain::Ipv4(a) => self.ipv4(a),
        }
    }
    /// A member of the open object holding a plain value: [`Sink::name_key`], then the
    /// value (for a tree, both stored at once).
    #[inline(always)]
    fn plain_member(&mut self, k: &Name, v: Plain<'_>) {
        self.name_key(k);
        self.plain(v);
    }
    /// Members of the open object holding plain values, as many as `run` gives: a
    /// struct's or a level's run of common values, for which a tree finds the open object
    /// once rather than per member.
    #[inline(always)]
    fn plain_members<'p>(&mut self, run: &mut impl PlainRun<'p>) {
        while let Some((k, v)) = run.next() {
            self.plain_member(k, v);
        }
    }
}

/// Plain members, one after the other, until one that is not plain (or the end).
///
/// A trait of the decoder's runs rather than a closure, so that each `next` can be
/// inlined into the sink's loop (a closure was not, and its calls cost more than its
/// work).
pub(super) trait PlainRun<'p> {
    /// The next member's name and value, if it is plain.
    fn next(&mut self) -> Option<(&'p Name, Plain<'p>)>;
}

/// A value of the common kinds the decoder reads without its description.
#[derive(Clone, Copy)]
pub(super) enum Plain<'p> {
    /// An enum entry's name.
    Name(&'p Name),
    Uint(u64),
    Int(i64),
    Ipv4([u8; 4]),
}

/// A name of the description (an attribute's, a member's, an enum entry's) made ready for
/// both sinks when the description is prepared: interned, and as the JSON text of a key.
#[derive(Clone)]
pub(super) struct Name {
    text: &'static str,
    /// `"name":`, escaped.
    json: Box<str>,
}

impl Name {
    /// `name`, prepared.
    pub(super) fn new(name: &str) -> Self {
        let mut json = String::with_capacity(name.len() + 3);
        quoted(&mut json, name);
        json.push(':');
        Name {
            text: intern(name),
            json: json.into(),
        }
    }

    /// The name as a JSON string (without the key's colon).
    fn json_str(&self) -> &str {
        &self.json[..self.json.len() - 1]
    }
}

/// Builds a [`Tree`]: each object straight into a vector of the size the decoder
/// announces, its slots filled with `null` at once, so that an object costs one allocation
/// and a key and then its value are each stored into their slot in place (building a member
/// elsewhere and moving it in cost several times as much: the processor stalls reading back
/// a member written piecemeal). The stack of objects and arrays open ([`Scratch`]) is kept
/// from message to message.
pub(super) struct TreeSink {
    s: Scratch,
    /// Whether the last member of the open object is a key still waiting for its value.
    keyed: bool,
    /// The finished top-level value.
    done: Option<Tree>,
    /// The members of a tree no longer wanted, where the top-level object goes: their
    /// slots are overwritten in place.
    spare: Vec<(&'static str, Tree)>,
}

/// A [`TreeSink`]'s buffers, kept by their owner between messages.
#[derive(Default)]
pub(super) struct Scratch {
    /// The objects and arrays open, innermost last.
    open: Vec<Open>,
    /// Where [`Sink::text`] writes, before the text is copied into the tree.
    text: String,
}

/// An object or array being built.
enum Open {
    /// An object's slots, and how many of them hold members.
    Object(Vec<(&'static str, Tree)>, usize),
    Array(Vec<Tree>),
}

impl TreeSink {
    /// A sink building with the buffers of `s` (left empty by the last tree built), and
    /// in the memory of `reuse` (a tree no longer wanted, or `Null`).
    pub(super) fn new(s: Scratch, reuse: Tree) -> Self {
        Self {
            s,
            keyed: false,
            done: None,
            spare: match reuse {
                Tree::Object(m) => m,
                _ => Vec::new(),
            },
        }
    }

    /// The tree built (`Null` when nothing was), and the buffers for the next.
    pub(super) fn finish(mut self) -> (Tree, Scratch) {
        // Only a walk stopped by an error leaves anything open.
        self.s.open.clear();
        (self.done.unwrap_or_default(), self.s)
    }

    /// A key: a member of the open object, its value to come.
    #[inline(always)]
    fn put_key(&mut self, k: &'static str) {
        if let Some(Open::Object(m, n)) = self.s.open.last_mut() {
            match m.get_mut(*n) {
                Some(slot) => slot.0 = k,
                None => m.push((k, Tree::Null)),
            }
            *n += 1;
            self.keyed = true;
        }
    }

    // Always inlined: the value is then built in its slot, not moved through the stack.
    #[inline(always)]
    fn put(&mut self, v: Tree) {
        match self.s.open.last_mut() {
            Some(Open::Object(m, n)) => match m.get_mut(n.wrapping_sub(1)) {
                Some(slot) if self.keyed => fill(&mut slot.1, v),
                // A value without a key (no caller makes one): under an empty key.
                _ => {
                    m.insert(*n, ("", v));
                    *n += 1;
                }
            },
            Some(Open::Array(a)) => a.push(v),
            None => self.done = Some(v),
        }
        self.keyed = false;
    }

    /// A key and its value at once, stored into the open object's next slot with one look
    /// at the stack.
    #[inline(always)]
    fn put_member(&mut self, k: &'static str, v: Tree) {
        if let Some(Open::Object(m, n)) = self.s.open.last_mut() {
            if let Some(slot) = m.get_mut(*n) {
                slot.0 = k;
                fill(&mut slot.1, v);
                *n += 1;
                self.keyed = false;
                return;
            }
        }
        self.put_key(k);
        self.put(v);
    }

    fn open(&mut self, o: Open) {
        self.s.open.push(o);
        self.keyed = false;
    }

    /// Closes the innermost object or array, if it is of the kind `object` says.
    fn close(&mut self, object: bool) {
        if self
            .s
            .open
            .last()
            .is_none_or(|o| matches!(o, Open::Object(..)) != object)
        {
            return;
        }
        let v = match self.s.open.pop() {
            Some(Open::Object(mut m, n)) => {
                // The slots left over: the announced size counts what the walk then skips
                // (padding, repeats).
                m.truncate(n);
                Tree::Object(m)
            }
            Some(Open::Array(a)) => Tree::Array(a),
            None => return,
        };
        // The parent's key, if it is an object, is its last member.
        self.keyed = matches!(self.s.open.last(), Some(Open::Object(..)));
        self.put(v);
    }
}

/// Stores `v` into `slot`. What the slot held (`null`, or a value of the tree reused) is
/// dropped only when it holds memory: the test here, rather than in a call.
#[inline(always)]
fn fill(slot: &mut Tree, v: Tree) {
    if slot.holds_memory() {
        *slot = v;
    } else {
        // Tested first, so that the old value is not copied out to be forgotten.
        std::mem::forget(std::mem::replace(slot, v));
    }
}

/// An IPv4 address as the text of a tree, written as bytes straight into its inline buffer.
#[inline(always)]
fn ipv4_text(a: [u8; 4]) -> Text {
    let d = Dotted::new(a);
    Text::short_ascii(d.buf, d.len)
}

/// Where a [`TreeSink`] is: how many objects and arrays are open, and the members of the
/// innermost.
#[derive(Clone, Copy)]
pub(super) struct TreeMark {
    open: usize,
    members: usize,
    keyed: bool,
}

impl Sink for TreeSink {
    type Mark = TreeMark;
    fn mark(&self) -> TreeMark {
        TreeMark {
            open: self.s.open.len(),
            members: match self.s.open.last() {
                Some(Open::Object(_, n)) => *n,
                _ => 0,
            },
            keyed: self.keyed,
        }
    }
    fn rewind(&mut self, mark: TreeMark) {
        self.s.open.truncate(mark.open);
        // The slots after the mark keep their values, overwritten (or dropped) as slots
        // are.
        if let Some(Open::Object(_, n)) = self.s.open.last_mut() {
            *n = mark.members;
        }
        self.keyed = mark.keyed;
    }
    #[inline]
    fn begin_object(&mut self, len: usize) {
        let mut m = if self.s.open.is_empty() {
            std::mem::take(&mut self.spare)
        } else {
            Vec::new()
        };
        if m.len() < len {
            m.resize_with(len, || ("", Tree::Null));
        }
        self.open(Open::Object(m, 0));
    }
    #[inline]
    fn key(&mut self, k: &'static str) {
        self.put_key(k);
    }
    #[inline]
    fn name_key(&mut self, k: &Name) {
        self.put_key(k.text);
    }
    #[inline]
    fn end_object(&mut self) {
        self.close(true);
    }
    #[inline]
    fn begin_array(&mut self) {
        self.open(Open::Array(Vec::new()));
    }
    #[inline]
    fn end_array(&mut self) {
        self.close(false);
    }
    #[inline(always)]
    fn null(&mut self) {
        self.put(Tree::Null);
    }
    #[inline(always)]
    fn bool(&mut self, b: bool) {
        self.put(Tree::Bool(b));
    }
    #[inline(always)]
    fn u64(&mut self, n: u64) {
        self.put(Tree::Uint(n));
    }
    #[inline(always)]
    fn i64(&mut self, n: i64) {
        self.put(Tree::Int(n));
    }
    #[inline(always)]
    fn str(&mut self, s: &str) {
        self.put(Tree::Str(Text::new(s)));
    }
    #[inline(always)]
    fn name(&mut self, s: &Name) {
        self.put(Tree::Str(Text::name(s.text)));
    }
    #[inline(always)]
    fn text(&mut self, f: impl FnOnce(&mut String)) {
        let mut buf = std::mem::take(&mut self.s.text);
        buf.clear();
        f(&mut buf);
        self.put(Tree::Str(Text::new(&buf)));
        self.s.text = buf;
    }
    #[inline(always)]
    fn ipv4(&mut self, a: [u8; 4]) {
        self.put(Tree::Str(ipv4_text(a)));
    }
    #[inline(always)]
    fn plain_member(&mut self, k: &Name, v: Plain<'_>) {
        self.put_member(k.text, plain_tree(v));
    }
    #[inline(always)]
    fn plain_members<'p>(&mut self, run: &mut impl PlainRun<'p>) {
        let Some(Open::Object(m, n)) = self.s.open.last_mut() else {
            // Not in an object (no caller does that): member by member.
            while let Some((k, v)) = run.next() {
                self.plain_member(k, v);
            }
            return;
        };
        let start = *n;
        while let Some((k, v)) = run.next() {
            let v = plain_tree(v);
            match m.get_mut(*n) {
                Some(slot) => {
                    slot.0 = k.text;
                    fill(&mut slot.1, v);
                }
                None => m.push((k.text, v)),
            }
            *n += 1;
        }
        if *n != start {
            self.keyed = false;
        }
    }
}

/// A plain value as a tree's.
#[inline(always)]
fn plain_tree(v: Plain<'_>) -> Tree {
    match v {
        Plain::Name(s) => Tree::Str(Text::name(s.text)),
        Plain::Uint(n) => Tree::Uint(n),
        Plain::Int(n) => Tree::Int(n),
        Plain::Ipv4(a) => Tree::Str(ipv4_text(a)),
    }
}

/// Writes compact JSON text, as `serde_json::to_string` would, into a borrowed buffer.
pub(super) struct JsonSink<'o> {
    out: &'o mut String,
    /// Whether the next value or key needs a comma before it.
    comma: bool,
}

impl<'o> JsonSink<'o> {
    /// A sink appending to `out`.
    pub(super) fn new(out: &'o mut String) -> Self {
        Self { out, comma: false }
    }

    /// Before a value: the comma that separates it from the one before.
    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// Opens an object or array with `c`.
    fn open(&mut self, c: char) {
        self.sep();
        self.out.push(c);
        self.comma = false;
    }

    /// Closes an object or array with `c`.
    fn close(&mut self, c: char) {
        self.out.push(c);
        self.comma = true;
    }
}

impl Sink for JsonSink<'_> {
    /// The length of the text, and whether a comma was due.
    type Mark = (usize, bool);
    fn mark(&self) -> (usize, bool) {
        (self.out.len(), self.comma)
    }
    fn rewind(&mut self, (len, comma): (usize, bool)) {
        self.out.truncate(len);
        self.comma = comma;
    }
    fn begin_object(&mut self, _len: usize) {
        self.open('{');
    }
    fn key(&mut self, k: &'static str) {
        if self.comma {
            self.out.push(',');
        }
        quoted(self.out, k);
        self.out.push(':');
        self.comma = false;
    }
    fn plain_key(&mut self, k: &'static str) {
        if self.comma {
            self.out.push(',');
        }
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\":");
        self.comma = false;
    }
    fn name_key(&mut self, k: &Name) {
        if self.comma {
            self.out.push(',');
        }
        self.out.push_str(&k.json);
        self.comma = false;
    }
    fn end_object(&mut self) {
        self.close('}');
    }
    fn begin_array(&mut self) {
        self.open('[');
    }
    fn end_array(&mut self) {
        self.close(']');
    }
    fn null(&mut self) {
        self.sep();
        self.out.push_str("null");
    }
    fn bool(&mut self, b: bool) {
        self.sep();
        self.out.push_str(if b { "true" } else { "false" });
    }
    fn u64(&mut self, n: u64) {
        self.sep();
        decimal(self.out, n);
    }
    fn i64(&mut self, n: i64) {
        self.sep();
        if n < 0 {
            self.out.push('-');
        }
        decimal(self.out, n.unsigned_abs());
    }
    fn str(&mut self, s: &str) {
        self.sep();
        quoted(self.out, s);
    }
    fn name(&mut self, s: &Name) {
        self.sep();
        self.out.push_str(s.json_str());
    }
    fn text(&mut self, f: impl FnOnce(&mut String)) {
        self.sep();
        self.out.push('"');
        f(self.out);
        self.out.push('"');
    }
    /// Copied in at once, rather than character by character.
    fn ipv4(&mut self, a: [u8; 4]) {
        self.sep();
        self.out.push('"');
        self.out.push_str(Dotted::new(a).as_str());
        self.out.push('"');
    }
}

/// An IPv4 address in dotted decimal, written in a register without the formatting
/// machinery (a dump of routes writes one or two a message) and copied out at once.
struct Dotted {
    /// The text in its first `len` bytes (then a dot, then zeros).
    buf: [u8; 16],
    len: usize,
}

/// Per byte value: its decimal digits followed by a dot, as the bytes of a little-endian
/// number, and how many of them there are.
const OCTETS: [(u32, u8); 256] = octets();

const fn octets() -> [(u32, u8); 256] {
    let mut t = [(0u32, 0u8); 256];
    let mut i = 0;
    while i < 256 {
        let x = i as u8;
        let (h, d, u) = (b'0' + x / 100, b'0' + x / 10 % 10, b'0' + x % 10);
        t[i] = match x {
            100.. => (u32::from_le_bytes([h, d, u, b'.']), 4),
            10.. => (u32::from_le_bytes([d, u, b'.', 0]), 3),
            _ => (u32::from_le_bytes([u, b'.', 0, 0]), 2),
        };
        i += 1;
    }
    t
}

impl Dotted {
    /// Each byte's text shifted into place in one 128-bit number: no indexing, so no
    /// bounds checks, and no copy of a variable length (16 bytes hold the longest text,
    /// `255.255.255.255.`).
    #[inline(always)]
    fn new(a: [u8; 4]) -> Self {
        let (mut acc, mut len) = (0u128, 0u32);
        for x in a {
            let (text, n) = OCTETS[usize::from(x)];
            acc |= u128::from(text) << (8 * len);
            len += u32::from(n);
        }
        Dotted {
            buf: acc.to_le_bytes(),
            // Without the last dot.
            len: len as usize - 1,
        }
    }

    #[inline(always)]
    fn as_str(&self) -> &str {
        let b = &self.buf[..self.len];
        // SAFETY: `new`, the only maker of a `Dotted`, writes only ASCII digits and dots into
        // `buf[..len]`, and ASCII is UTF-8. (Checking costs more than writing the address.)
        unsafe { std::str::from_utf8_unchecked(b) }
    }
}

/// `n` in decimal; numbers below 1000 (most in a message: header fields, address bytes)
/// digit by digit.
fn decimal(out: &mut String, n: u64) {
    let digit = |d: u64| char::from(b'0' + (d % 10) as u8);
    if n < 10 {
        out.push(digit(n));
    } else if n < 100 {
        out.push(digit(n / 10));
        out.push(digit(n));
    } else if n < 1000 {
        out.push(digit(n / 100));
        out.push(digit(n / 10));
        out.push(digit(n));
    } else {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = n;
        while n > 0 {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        // Only ASCII digits were written.
        out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
    }
}

/// Whether `s` holds a byte JSON escapes (`"`, `\`, a control character), eight bytes at a
/// time: names and most strings hold none and are copied whole.
fn needs_escape(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of `v` is zero, or (with `n`) below `n`: exact for "any".
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH != 0;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        if below(x, 0x20) || below(x ^ (ONES * 0x22), 1) || below(x ^ (ONES * 0x5c), 1) {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// `s` as a JSON string, escaped as serde_json escapes: `"`, `\` and control characters.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    if !needs_escape(s.as_bytes()) {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Lowercase hex digits.
pub(super) const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    /// Both sinks, fed the same events, agree with serde_json's own text.
    #[test]
    fn json_text_is_serde_jsons() {
        fn feed(s: &mut impl Sink) {
            s.begin_object(2);
            s.key("a\"b");
            s.str("x\u{1}\n\\y\u{7f}é");
            s.key("texts");
            s.begin_array();
            for t in [
                "plain text longer than eight",
                "eight ok",
                "0123456\"",
                "01234567\\",
                "\u{1f}0123456789",
                "éééééééé\u{7f}",
            ] {
                s.str(t);
            }
            s.end_array();
            s.name_key(&Name::new("q\"uoted"));
            s.name(&Name::new("entry-name"));
            s.plain_key("n");
            s.begin_array();
            s.u64(0);
            s.u64(u64::MAX);
            s.i64(i64::MIN);
            s.i64(-5);
            s.bool(true);
            s.null();
            s.begin_object(2);
            s.end_object();
            s.begin_array();
            s.end_array();
            s.text(|t| t.push_str("10.0.0.1"));
            s.ipv4([192, 168, 100, 200]);
            s.ipv4([10, 0, 0, 1]);
            s.end_array();
            s.key("e");
            s.begin_object(2);
            s.key("k");
            s.bool(false);
            s.end_object();
            s.end_object();
        }
        let mut v = TreeSink::new(Scratch::default(), Tree::Null);
        feed(&mut v);
        let mut text = String::new();
        feed(&mut JsonSink::new(&mut text));
        assert_eq!(text, v.finish().0.to_json().to_string());
    }
}
