//! Layer 3's description engine: the decoder and encoder driven by a description, over the
//! built-in descriptions (`engine`) and over descriptions the fuzzer writes (`spec`).
//!
//! Beyond "no panic", one oracle: what the decoder reads, the encoder writes back as the same
//! bytes' meaning. A body that decodes is encoded again from its decoded value with the same
//! fixed header and attribute set; when the encoder takes the value, decoding its bytes must
//! give the value back. A decoder that reads a field the encoder does not write the same way
//! (a length, a byte order, a signedness, a name shared by header and attribute) breaks it.
//! And the decoder's JSON text is the text of its value tree.

use std::sync::OnceLock;

use nlrs::engine::{Decoder, Encoder, Tree};
use nlrs::schema::{builtin, builtin_names, load_str, Op, Spec};

/// Every built-in description, loaded once.
fn builtins() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        builtin_names()
            .map(|n| {
                let name = n.to_str().expect("built-in names are ASCII");
                builtin(name)
                    .expect("a listed name is built in")
                    .expect("built-in descriptions load (tests/engine_specs.rs)")
            })
            .collect()
    })
}

/// The fixed headers a body of `op` may start with: its requests' and replies', of a do and
/// of a dump (a description gives each its own).
fn headers(op: &Op) -> [Option<&str>; 4] {
    [
        op.request_header(false),
        op.request_header(true),
        op.reply_header(Some(false)),
        op.reply_header(Some(true)),
    ]
}

/// Decodes `body` as a message of `op` with fixed header `header`, and checks the oracle.
fn round_trip(spec: &Spec, op: &Op, header: Option<&str>, body: &[u8]) {
    let dec = Decoder::new(spec);
    let set = op.attr_set.as_deref();
    let Ok(tree) = dec.body(header, set, body) else {
        return;
    };
    let value = tree.to_json();
    let tree = normal(tree);
    let mut json = String::new();
    dec.body_json(header, set, body, &mut json)
        .expect("the JSON decoding of a body that decodes");
    assert_eq!(
        json,
        value.to_string(),
        "{}: op {}: JSON text",
        spec.name,
        op.name
    );
    let Ok(enc) = Encoder::request(spec, header, set, &value) else {
        return;
    };
    // The attributes start at the header's aligned end, as a message is built.
    let mut again = enc.header;
    again.resize(again.len().next_multiple_of(4), 0);
    again.extend_from_slice(&enc.attrs);
    match dec.body(header, set, &again) {
        Ok(t) => assert_eq!(
            normal(t),
            tree,
            "{}: op {}: decode(encode(decode(body))) differs from decode(body)",
            spec.name,
            op.name
        ),
        Err(e) => panic!(
            "{}: op {}: the encoder's bytes do not decode: {e:?}",
            spec.name, op.name
        ),
    }
}

/// `t` as the round trip keeps it: without the members that are `false` (a flag attribute
/// sent with a zero payload reads `false`, as the kernel means it, and a flag that is `false`
/// is written as no attribute), members sorted by name (a name the fixed header shares with
/// an attribute is given where the attribute was, or with the header's fields without one).
fn normal(t: Tree) -> Tree {
    match t {
        Tree::Object(members) => {
            let mut m: Vec<_> = members
                .into_iter()
                .filter(|(_, v)| *v != Tree::Bool(false))
                .map(|(k, v)| (k, normal(v)))
                .collect();
            m.sort_by_key(|(k, _)| *k);
            Tree::Object(m)
        }
        Tree::Array(items) => Tree::Array(items.into_iter().map(normal).collect()),
        other => other,
    }
}

/// A built-in description's decoder and encoder: byte 0 picks the description, byte 1 the
/// operation, byte 2 which of its fixed headers; the rest is a message body (after the
/// netlink and genetlink headers).
pub fn engine(data: &[u8]) {
    let [s, o, h, body @ ..] = data else { return };
    let specs = builtins();
    let spec = &specs[usize::from(*s) % specs.len()];
    if spec.ops.is_empty() {
        return;
    }
    let op = &spec.ops[usize::from(*o) % spec.ops.len()];
    round_trip(spec, op, headers(op)[usize::from(*h) % 4], body);
}

/// How many of a fuzzed description's operations a body is decoded by: the decoder's code is
/// the same for each, the description's variety is in its sets.
const SPEC_OPS: usize = 8;

/// The description loader on a description the fuzzer writes (the text up to the first NUL
/// byte), then its decoder and encoder on the bytes after it, by each operation.
pub fn spec(data: &[u8]) {
    let (text, body) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let Ok(spec) = load_str(text, "fuzz") else {
        return;
    };
    for op in spec.ops.iter().take(SPEC_OPS) {
        for header in headers(op) {
            round_trip(&spec, op, header, body);
        }
    }
}
