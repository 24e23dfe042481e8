//! Family descriptions without a kernel: what the loader works out from a YNL file, the
//! errors malformed files give (file, line, construct), encode/decode round trips, and
//! random bytes fed to the decoder of every description.

use nlrs::engine::{Decoder, Encoder};
use nlrs::schema::{builtin, builtin_names, load_str, AttrType, Protocol, Spec};
use serde_json::{json, Value};

/// A description using most of the format: constants, enums and flags, structs with
/// padding, nests, subsets, indexed arrays, sub-messages, anchors, both operation models.
const FULL: &str = r#"
# SPDX-License-Identifier: MIT OR Apache-2.0
---
name: sample
protocol: netlink-raw
protonum: 0
uapi-header: linux/sample.h
doc: >-
  A sample family.
definitions:
  -
    name: name-len
    type: const
    value: 8
  -
    name: color
    type: enum
    name-prefix: color-
    value-start: 1
    entries:
      - red
      - {name: green, doc: The second.}
      - {name: blue, value: 10}
  -
    name: opts
    type: flags
    enum-name:
    entries: [a, b, c]
  -
    name: hdr
    type: struct
    members:
      - {name: family, type: u8}
      - {name: pad, type: pad, len: 3}
      - {name: index, type: s32}
      - {name: color, type: u16, enum: color}
      - {name: opts, type: u16, enum: opts}
  -
    name: pair
    type: struct
    members:
      - {name: lo, type: u16}
      - {name: hi, type: u16, byte-order: big-endian}
      - {name: tag, type: string, len: name-len}
attribute-sets:
  -
    name: main
    name-prefix: sample-a-
    attr-cnt-name: __sample-a-max
    attributes:
      - {name: unspec, type: unused, value: 0}
      - {name: name, type: string}
      - {name: mtu, type: u32, checks: {min: 68, max: 65535}}
      - {name: addr, type: u32, byte-order: big-endian, display-hint: ipv4}
      - {name: addr6, type: binary, display-hint: ipv6}
      - {name: mac, type: binary, display-hint: mac}
      - {name: pair, type: binary, struct: pair}
      - {name: inner, type: nest, nested-attributes: inner}
      - {name: list, type: u32, multi-attr: true}
      - {name: array, type: indexed-array, sub-type: nest, nested-attributes: inner-small}
      - {name: kind, type: string}
      - {name: data, type: sub-message, sub-message: kind-data, selector: kind}
      - {name: big, type: uint, value: 20}
      - {name: neg, type: s32}
      - {name: on, type: flag}
      - {name: color, type: u8, enum: color}
      - {name: opts, type: u32, enum: opts}
      - {name: bits, type: bitfield32, enum: opts}
      - {name: pad, type: pad}
  -
    name: inner
    attributes:
      - {name: x, type: u8}
      - {name: y, type: s64}
      - {name: hex, type: u32, display-hint: hex}
  -
    name: inner-small
    subset-of: inner
    attributes:
      - name: x
  -
    name: veth-data
    attributes:
      - {name: peer, type: string}
sub-messages:
  -
    name: kind-data
    formats:
      - {value: veth, attribute-set: veth-data}
      - {value: hdr-only, fixed-header: pair}
operations:
  enum-model: directional
  fixed-header: hdr
  list:
    -
      name: newthing
      attribute-set: main
      do:
        request:
          value: 16
          attributes: &all [name, mtu, addr, addr6, mac, pair, inner, list, array, kind, data, big, neg, on, color, opts, bits]
    -
      name: newthing-ntf
      value: 16
      notify: getthing
    -
      name: delthing
      attribute-set: main
      do:
        request:
          attributes: *all
    -
      name: getthing
      attribute-set: main
      dump:
        request:
          value: 18
        reply:
          value: 16
          attributes: *all
mcast-groups:
  list:
    - {name: things, value: 7}
"#;

fn load(text: &str) -> Spec {
    load_str(text, "sample.yaml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn loader_works_out_the_numbers_as_the_kernel_does() {
    let s = load(FULL);
    assert_eq!(s.protocol, Protocol::Raw { protonum: 0 });
    assert_eq!(s.consts["name-len"], 8);
    let color = &s.enums["color"];
    let values: Vec<u64> = color.entries.iter().map(|e| e.value).collect();
    assert_eq!(values, [1, 2, 10]);
    let opts = &s.enums["opts"];
    assert!(opts.flags);
    assert_eq!(opts.wire_value(&opts.entries[2], false), Some(4));
    let hdr = &s.structs["hdr"];
    assert_eq!(hdr.size, 12);
    let pair = &s.structs["pair"];
    assert_eq!(
        (pair.size, pair.members[2].offset, pair.members[2].len),
        (12, 4, 8)
    );

    let main = s.set("main").unwrap();
    let num = |n: &str| main.by_name(n).unwrap().value;
    assert_eq!(
        (
            num("unspec"),
            num("name"),
            num("mtu"),
            num("big"),
            num("neg"),
            num("pad")
        ),
        (0, 1, 2, 20, 21, 26)
    );
    let small = s.set("inner-small").unwrap();
    assert_eq!(small.attrs.len(), 1);
    assert_eq!(small.attrs[0].value, 1);
    assert!(matches!(small.attrs[0].ty, AttrType::Int(_)));

    let op = |n: &str| s.op(n).unwrap();
    assert_eq!(
        (op("newthing").req_value, op("newthing").rsp_value),
        (Some(16), None)
    );
    assert_eq!(
        (op("newthing-ntf").req_value, op("newthing-ntf").rsp_value),
        (None, Some(16))
    );
    assert_eq!(op("newthing-ntf").attr_set.as_deref(), Some("main"));
    assert_eq!(op("delthing").req_value, Some(17));
    assert_eq!(
        (op("getthing").req_value, op("getthing").rsp_value),
        (Some(18), Some(16))
    );
    assert_eq!(op("getthing").fixed_header.as_deref(), Some("hdr"));
    assert_eq!(s.op_by_rsp(16).unwrap().name, "newthing-ntf");
    assert_eq!(s.groups[0].value, Some(7));

    // Requests and replies may each start with a header of their own (sock_diag's differ).
    let two = load(
        "name: t\nprotocol: netlink-raw\nprotonum: 4\ndefinitions:\n  - {name: req, type: struct, members: [{name: a, type: u8}]}\n  - {name: rsp, type: struct, members: [{name: b, type: u16}]}\noperations:\n  enum-model: directional\n  list:\n    - name: by-family\n      dump:\n        request: {value: 20, fixed-header: req}\n        reply: {value: 20, fixed-header: rsp}\n",
    );
    let o = two.op("by-family").unwrap();
    assert_eq!(
        (
            o.request_header(true),
            o.reply_header(Some(true)),
            o.reply_header(None)
        ),
        (Some("req"), Some("rsp"), Some("rsp"))
    );
    assert_eq!(
        (o.request_header(false), o.fixed_header.as_deref()),
        (None, None)
    );

    // The unified model counts every operation from 1.
    let unified = load(
        "name: u\noperations:\n  list:\n    - {name: a, do: {}}\n    - {name: b, value: 5, dump: {reply: {}}}\n    - {name: c, notify: b}\n",
    );
    let vals: Vec<_> = unified
        .ops
        .iter()
        .map(|o| (o.req_value, o.rsp_value))
        .collect();
    assert_eq!(vals, [(Some(1), None), (Some(5), Some(5)), (None, Some(6))]);
}

/// A value using every type of the sample's main set, as the decoder gives it back.
fn sample_value() -> Value {
    json!({
        "family": 2, "index": -3, "color": "green", "opts": ["a", "c"],
        "name": "eth0",
        "mtu": 1500,
        "addr": "192.0.2.1",
        "addr6": "2001:db8::1",
        "mac": "02:00:00:00:00:01",
        "pair": {"lo": 1, "hi": 2, "tag": "t"},
        "inner": {"x": 7, "y": -9_000_000_000i64, "hex": "0x1f"},
        "list": [1, 2, 3],
        "array": [{"1": {"x": 1}}, {"5": {"x": 2}}],
        "kind": "veth",
        "data": {"peer": "eth1"},
        "big": 5_000_000_000u64,
        "neg": -1,
        "on": true
    })
}

#[test]
fn encode_then_decode_gives_the_value_back() {
    let s = load(FULL);
    let v = sample_value();
    let enc = Encoder::request(&s, Some("hdr"), Some("main"), &v).unwrap();
    assert_eq!(enc.header.len(), 12);
    let mut body = enc.header.clone();
    body.extend_from_slice(&enc.attrs);
    let back = Decoder::new(&s)
        .body(Some("hdr"), Some("main"), &body)
        .unwrap();
    assert_eq!(back.to_json(), v);

    // An indexed array's nests keep their index (the nest's type number), as ynl prints
    // them: the one of type 5 is the second element.
    let array = enc.placed.iter().find(|p| p.path == "array[1]").unwrap();
    assert_eq!(
        &enc.attrs[array.start + 2..array.start + 4],
        &(5u16 | 0x8000).to_ne_bytes()
    );

    // Where each attribute lies, by name.
    let inner = enc.placed.iter().find(|p| p.path == "inner.hex").unwrap();
    assert_eq!(enc.at(inner.start + 5).unwrap().path, "inner.hex");
    assert_eq!(
        enc.starting_at(enc.placed.iter().find(|p| p.path == "inner").unwrap().start)
            .unwrap()
            .inner_set
            .as_deref(),
        Some("inner")
    );

    // Flags and bitfields by name, unknown attributes kept as hex.
    let v = json!({"opts": ["b"], "bits": {"value": ["a"], "selector": ["a", "b"]}});
    let enc = Encoder::request(&s, None, Some("main"), &v).unwrap();
    let mut attrs = enc.attrs.clone();
    attrs.extend_from_slice(&[6, 0, 99, 0, 0xab, 0xcd, 0, 0]);
    let back = Decoder::new(&s).body(None, Some("main"), &attrs).unwrap();
    assert_eq!(
        back.to_json(),
        json!({"opts": ["b"], "bits": {"value": ["a"], "selector": ["a", "b"]}, "unknown-99": "abcd"})
    );

    // A payload that does not fit its type is an error naming the attribute.
    let bad = [12, 0, 7, 0x80, 6, 0, 1, 0, 0xff, 0xff, 0, 0];
    let e = Decoder::new(&s).body(None, Some("main"), &bad).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        ("inner.x", "2 bytes do not hold a u8")
    );

    // A sub-message with a format the description lacks cannot be built.
    let v = json!({"kind": "other", "data": {"peer": "x"}});
    assert!(Encoder::request(&s, None, Some("main"), &v)
        .unwrap_err()
        .to_string()
        .contains("no format for kind 'other'"));
}

/// A level of a set without multi-attributes is read in one pass; a key that repeats takes
/// it back to the grouping pass, which gives what it always gave: each key once where it
/// first came, a repeated one by its last value, an unknown one as the list of its values,
/// and the framing error of the whole level before a value's.
#[test]
fn repeated_keys_in_a_level_read_in_one_pass() {
    let s = load(FULL);
    let d = Decoder::new(&s);
    // `main` has a multi-attribute, `inner` (type 7, nested) has none.
    let nest = |inner: &[u8]| {
        let mut b = ((4 + inner.len()) as u16).to_ne_bytes().to_vec();
        b.extend_from_slice(&(7u16 | 0x8000).to_ne_bytes());
        b.extend_from_slice(inner);
        b
    };
    let x = |v: u8| [5, 0, 1, 0, v, 0, 0, 0];
    let bad_x = [6, 0, 1, 0, 0xff, 0xff, 0, 0];
    let unknown = |v: u8| [5, 0, 9, 0, v, 0, 0, 0];
    let y = [12, 0, 2, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    let decode = |inner: &[u8]| {
        let body = nest(inner);
        let mut text = String::new();
        let r = d.body_json(None, Some("main"), &body, &mut text);
        let tree = d.body(None, Some("main"), &body);
        assert_eq!(r, tree.as_ref().map(|_| ()).map_err(Clone::clone));
        tree.map(|t| {
            assert_eq!(t.to_string(), text);
            text
        })
    };

    let parts = [&x(1)[..], &y, &unknown(0xaa), &x(2), &unknown(0xbb)].concat();
    assert_eq!(
        decode(&parts).unwrap(),
        r#"{"inner":{"x":2,"y":-1,"unknown-9":["aa","bb"]}}"#
    );
    assert_eq!(
        decode(&[x(3), x(4)].concat()).unwrap(),
        r#"{"inner":{"x":4}}"#
    );
    // A value that does not fit, repeated by one that does: the last is kept.
    assert_eq!(
        decode(&[bad_x, x(7)].concat()).unwrap(),
        r#"{"inner":{"x":7}}"#
    );
    // Not repeated: its error.
    let e = decode(&[&bad_x[..], &y].concat()).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        ("inner.x", "2 bytes do not hold a u8")
    );
    // Before malformed framing later in the level: the framing's error.
    let e = decode(&[&bad_x[..], &[3, 0, 1, 0]].concat()).unwrap_err();
    assert_eq!(e.path, "inner");
    assert!(
        e.message.starts_with("malformed attributes"),
        "{}",
        e.message
    );
}

#[test]
fn values_that_do_not_fit_name_the_attribute() {
    let s = load(FULL);
    let cases = [
        (json!({"mtu": -1}), "mtu", "does not fit a u32"),
        (
            json!({"color": "purple"}),
            "color",
            "neither a number nor an entry of 'color'",
        ),
        (json!({"inner": {"x": 256}}), "inner.x", "does not fit a u8"),
        (
            json!({"inner": {"z": 1}}),
            "inner.z",
            "no such attribute in set 'inner'",
        ),
        (json!({"addr6": "192.0.2.1"}), "addr6", "not an address"),
        (json!({"mac": "zz"}), "mac", "not hex bytes"),
        (
            json!({"pair": {"lo": 1, "nope": 2}}),
            "pair.nope",
            "no such field",
        ),
        (
            json!({"pair": {"tag": "much-too-long"}}),
            "pair.tag",
            "longer than 7 bytes",
        ),
        (json!({"name": 5}), "name", "expected a string"),
        (
            json!({"array": [{"x": 1}]}),
            "array[0]",
            "an element is {\"INDEX\": {...}}",
        ),
        (
            json!({"data": {"peer": "x"}}),
            "data",
            "needs attribute 'kind'",
        ),
        (json!({"on": 1}), "on", "a flag is true or false"),
        (json!({"pad": 1}), "pad", "padding cannot be set"),
    ];
    for (v, path, msg) in cases {
        let e = Encoder::request(&s, Some("hdr"), Some("main"), &v).unwrap_err();
        assert_eq!(e.path, path, "{v}: {e}");
        assert!(e.message.contains(msg), "{v}: {e}");
    }
    let e = Encoder::request(&s, Some("hdr"), Some("main"), &json!([1])).unwrap_err();
    assert!(e.message.contains("a request is an object"), "{e}");
}

/// Malformed descriptions: each gives an error naming the file, the line and the construct.
#[test]
fn malformed_descriptions_name_file_line_and_construct() {
    let set =
        |attrs: &str| format!("name: f\nattribute-sets:\n  - name: s\n    attributes:\n{attrs}");
    let def = |d: &str| format!("name: f\ndefinitions:\n{d}");
    let ops = |o: &str| {
        format!("name: f\nattribute-sets:\n  - name: s\n    attributes:\n      - {{name: a, type: u32}}\noperations:\n{o}")
    };
    let cases: Vec<(String, usize, &str)> = vec![
        ("name: a\ndoc: [x\n  - b: c\n".into(), 3, "not valid YAML"),
        ("name: a\n---\nname: b\n".into(), 3, "expected one YAML document, found 2"),
        ("- a\n".into(), 1, "expected a mapping, found a list"),
        ("name: a\nfoo: 1\n".into(), 2, "unknown key 'foo'"),
        ("doc: x\n".into(), 1, "missing key 'name'"),
        ("name: 5\n".into(), 1, "name: expected a string, found an integer"),
        ("name: a\nprotocol: genetlink-x\n".into(), 2, "unsupported protocol 'genetlink-x'"),
        ("name: a\nprotocol: netlink-raw\n".into(), 1, "needs 'protonum'"),
        ("name: a\nprotocol: netlink-raw\nprotonum: 99\n".into(), 3, "not a netlink protocol number"),
        ("name: a\nprotonum: 0\n".into(), 2, "only netlink-raw families have a protonum"),
        ("name: a\n1: x\n".into(), 2, "a key must be a string"),
        ("name: a\ndefinitions: {a: 1}\n".into(), 2, "expected a list, found a mapping"),
        (def("  - {name: d, type: union}\n"), 3, "definitions[d].type: unknown definition type 'union'"),
        (def("  - {name: d, type: const}\n"), 3, "a const needs 'value'"),
        (def("  - name: d\n    type: enum\n    entries: [a, b, a]\n"), 5, "entry 'a' appears twice"),
        (def("  - name: d\n    type: flags\n    entries: [{name: a, value: 64}]\n"), 5, "value 64 is out of range"),
        (def("  - name: d\n    type: struct\n    members:\n      - {name: m, type: binary}\n"), 6, "a binary member needs 'len'"),
        (def("  - name: d\n    type: struct\n    members:\n      - {name: m, type: u128}\n"), 6, "definitions[d].members[m].type: unknown type 'u128'"),
        (def("  - name: d\n    type: struct\n    members:\n      - {name: m, type: string, len: NOPE}\n"), 6, "'NOPE' is neither a number nor a constant"),
        (def("  - name: d\n    type: struct\n    members:\n      - {name: m, type: binary, struct: e}\n"), 3, "uses a struct that is not defined"),
        (def("  - {name: d, type: const, value: 1}\n  - {name: d, type: const, value: 2}\n"), 4, "'d' is defined twice"),
        (def("  - name: d\n    type: struct\n    members:\n      - {name: m, type: uint}\n"), 6, "has no fixed size"),
        (set("      - {name: a, type: u33}\n"), 5, "attribute-sets[s].attributes[a].type: unknown type 'u33'"),
        (set("      - {name: a, type: u8, value: 70000}\n"), 5, "out of range"),
        (set("      - {name: a, type: u8, value: 3}\n      - {name: b, type: u8, value: 3}\n"), 6, "attribute 'b' has type 3, as 'a' has"),
        (set("      - {name: a, type: u8}\n      - {name: a, type: u16}\n"), 6, "attribute 'a' appears twice"),
        (set("      - {name: a, type: nest}\n"), 5, "a nest attribute needs 'nested-attributes'"),
        (set("      - {name: a, type: nest, nested-attributes: t}\n"), 5, "no attribute set 't'"),
        (set("      - {name: a, type: u8, enum: e}\n"), 5, "no enum or flags definition 'e'"),
        (set("      - {name: a, type: u8, byte-order: middle}\n"), 5, "unknown byte order 'middle'"),
        (set("      - {name: a, type: binary, display-hint: ipv5}\n"), 5, "unknown display hint 'ipv5'"),
        (set("      - {name: a, type: u8, multi-attr: yes}\n"), 5, "expected true or false, found a string"),
        (set("      - {name: a, type: indexed-array}\n"), 5, "an indexed-array needs 'sub-type'"),
        (set("      - {name: a, type: u8, checks: {maximum: 3}}\n"), 5, "unknown key 'maximum'"),
        (set("      - {name: a, type: binary, struct: nope}\n"), 5, "no struct definition 'nope'"),
        (set("      - {name: a, type: sub-message, sub-message: m, selector: a}\n"), 5, "no sub-message definition 'm'"),
        (
            format!("{}sub-messages:\n  - name: m\n    formats: [{{value: x}}]\n", set("      - {name: a, type: sub-message, sub-message: m, selector: k}\n")),
            5,
            "no attribute 'k' in any set to select by",
        ),
        (format!("{}  - name: t\n    subset-of: nope\n    attributes: [{{name: a}}]\n", set("      - {name: a, type: u8}\n")), 7, "no (full) attribute set 'nope'"),
        (format!("{}  - name: t\n    subset-of: s\n    attributes: [{{name: b}}]\n", set("      - {name: a, type: u8}\n")), 8, "attribute 'b' is not in the set 's'"),
        (ops("  list:\n    - {name: o, attribute-set: t, do: {}}\n"), 8, "no attribute set 't'"),
        (ops("  enum-model: directional\n  list:\n    - name: o\n      attribute-set: s\n      do:\n        request:\n          value: -1\n"), 9, "operation value -1 is out of range"),
        (ops("  enum-model: sideways\n  list: []\n"), 7, "unknown enum model 'sideways'"),
        (ops("  enum-model: directional\n  list:\n    - {name: o}\n"), 9, "needs 'do', 'dump', 'notify' or 'event'"),
        (ops("  list:\n    - {name: o, notify: p}\n"), 8, "no operation 'p'"),
        (ops("  fixed-header: h\n  list: []\n"), 7, "no struct definition 'h'"),
        (ops("  list:\n    - {name: o, do: {}}\n    - {name: o, do: {}}\n"), 9, "operation 'o' is defined twice"),
        (ops("  list:\n    - {name: o, do: {request: {attributes: [a]}}}\n"), 8, "needs 'attribute-set'"),
        ("name: a\nmcast-groups:\n  list:\n    - {name: g, value: 0}\n".into(), 4, "group number 0 is out of range"),
        ("name: a\nmcast-groups:\n  list:\n    - {name: g}\n    - {name: g}\n".into(), 5, "group 'g' appears twice"),
        ("name: a\ndoc: *nowhere\n".into(), 2, "not valid YAML"),
    ];
    assert!(cases.len() >= 30);
    let mut wrong = Vec::new();
    for (i, (text, line, msg)) in cases.iter().enumerate() {
        let shown = match load_str(text, "bad.yaml") {
            Ok(_) => "loaded without error".to_owned(),
            Err(e) => e.to_string(),
        };
        if !shown.starts_with(&format!("bad.yaml:{line}: ")) || !shown.contains(msg) {
            wrong.push(format!(
                "case {i}: got {shown:?}, wanted line {line} and {msg:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_builtin_description_loads() {
    for name in builtin_names() {
        let name = name.to_str().unwrap();
        let spec = builtin(name).unwrap().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.source, format!("builtin:{name}"));
    }
    assert!(builtin("no-such-family").is_none());
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Random bodies, and valid ones with random bytes changed, decoded by every operation of
/// `spec`: each gives a value or an error, never a panic, and the same as JSON text.
fn fuzz(spec: &Spec, valid: &[u8], rounds: usize) {
    let d = Decoder::new(spec);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for op in &spec.ops {
        for round in 0..rounds {
            let body = if round % 2 == 0 || valid.is_empty() {
                let n = (rng.next() % 256) as usize;
                let mut b = rng.bytes(n);
                // Plausible attribute headers now and then, so the walk goes deep.
                if n >= 4 && round % 3 == 0 {
                    let len = (rng.next() % n as u64) as u16;
                    b[..2].copy_from_slice(&len.to_ne_bytes());
                }
                b
            } else {
                let mut b = valid.to_vec();
                for _ in 0..1 + rng.next() % 4 {
                    let at = (rng.next() % b.len() as u64) as usize;
                    b[at] = rng.next() as u8;
                }
                b.truncate((rng.next() % (b.len() as u64 + 1)) as usize);
                b
            };
            let (h, set) = (op.fixed_header.as_deref(), op.attr_set.as_deref());
            // The JSON text output is the value's text, from the same walk.
            let mut text = String::new();
            match d.body(h, set, &body) {
                Ok(v) => {
                    d.body_json(h, set, &body, &mut text).unwrap();
                    assert_eq!(text, v.to_json().to_string());
                }
                Err(e) => assert_eq!(d.body_json(h, set, &body, &mut text), Err(e)),
            }
        }
    }
}

#[test]
fn random_bytes_never_panic_the_decoder() {
    let s = load(FULL);
    let v = sample_value();
    let enc = Encoder::request(&s, Some("hdr"), Some("main"), &v).unwrap();
    let mut valid = enc.header.clone();
    valid.extend_from_slice(&enc.attrs);
    fuzz(&s, &valid, 3000);
    for name in builtin_names() {
        let spec = builtin(name.to_str().unwrap()).unwrap().unwrap();
        fuzz(&spec, &[], 500);
    }
}

/// A nest-type-value attribute (nlctrl's `policy`: nests numbered by policy, inside them
/// nests numbered by attribute) with one entry, all the kernel sends a message, is one
/// object, as the kernel's ynl prints it; with several, a list of them.
#[test]
fn nest_type_value_is_an_object_or_a_list_of_them() {
    let s = load(
        "
name: policies
protocol: genetlink
attribute-sets:
  -
    name: main
    attributes:
      - {name: policy, type: nest-type-value, type-value: [policy-id, attr-id], nested-attributes: policy-attrs}
  -
    name: policy-attrs
    attributes:
      - {name: type, type: u32}
",
    );
    let nla = |kind: u16, payload: &[u8]| -> Vec<u8> {
        let mut b = [(4 + payload.len() as u16).to_ne_bytes(), kind.to_ne_bytes()].concat();
        b.extend_from_slice(payload);
        b
    };
    let entry =
        |policy: u16, attr: u16, ty: u32| nla(policy, &nla(attr, &nla(1, &ty.to_ne_bytes())));
    let decode = |entries: &[Vec<u8>]| {
        let body = nla(1, &entries.concat());
        Decoder::new(&s)
            .body(None, Some("main"), &body)
            .unwrap()
            .to_json()
    };
    assert_eq!(
        decode(&[entry(0, 3, 7)]),
        json!({"policy": {"policy-id": 0, "attr-id": 3, "type": 7}})
    );
    assert_eq!(
        decode(&[entry(0, 3, 7), entry(1, 2, 4)]),
        json!({"policy": [{"policy-id": 0, "attr-id": 3, "type": 7},
                          {"policy-id": 1, "attr-id": 2, "type": 4}]})
    );
}

/// A name the fixed header shares with an attribute is one value: rt-rule's `table` is the
/// header's byte and `FRA_TABLE` (any table). A table beyond the byte is sent as the
/// attribute with the byte left 0 (as iproute2 sends it), one that fits goes in both; a
/// reply gives the key once, the attribute's value (the byte then reads 252,
/// `RT_TABLE_COMPAT`), or the header's when the attribute is absent.
#[test]
fn a_name_shared_by_header_and_attribute_is_one_value() {
    let s = builtin("rt-rule").unwrap().unwrap();
    let d = Decoder::new(&s);
    let table_attr = |t: u32| {
        let mut b = vec![8, 0, 15, 0];
        b.extend_from_slice(&t.to_ne_bytes());
        b
    };
    for (table, byte) in [(1000u32, 0u8), (100, 100), (4_000_000_000, 0)] {
        let v = json!({"family": 2, "action": "to-tbl", "table": table});
        let enc = Encoder::request(&s, Some("fib-rule-hdr"), Some("fib-rule-attrs"), &v).unwrap();
        assert_eq!(enc.header[4], byte, "table {table}");
        assert_eq!(enc.attrs, table_attr(table), "table {table}");
    }
    let bad = json!({"family": 2, "table": "main"});
    let e = Encoder::request(&s, Some("fib-rule-hdr"), Some("fib-rule-attrs"), &bad).unwrap_err();
    assert_eq!(e.path, "table");

    let mut body = vec![2, 0, 0, 0, 252, 0, 0, 1, 0, 0, 0, 0];
    body.extend(table_attr(1000));
    let t = d
        .body(Some("fib-rule-hdr"), Some("fib-rule-attrs"), &body)
        .unwrap();
    let keys: Vec<&str> = t.as_object().unwrap().iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys,
        ["family", "dst-len", "src-len", "tos", "action", "flags", "table"]
    );
    assert_eq!(t["table"], json!(1000));
    let mut text = String::new();
    d.body_json(
        Some("fib-rule-hdr"),
        Some("fib-rule-attrs"),
        &body,
        &mut text,
    )
    .unwrap();
    assert_eq!(text.matches("\"table\"").count(), 1, "{text}");

    let t = d
        .body(Some("fib-rule-hdr"), Some("fib-rule-attrs"), &body[..12])
        .unwrap();
    assert_eq!(t["table"], json!(252));
}

/// rt-route's `expires` is a u32 in a request and a u64 in a multicast route of an
/// RTNL_FAMILY_IPMR dump (`mr_fill_mroute`, what `ip mroute` reads): both decode (the u64
/// made the whole message fail as a u32), and a request still sends 4 bytes.
#[test]
fn rt_route_expires_is_four_bytes_in_requests_and_eight_in_multicast_routes() {
    let s = builtin("rt-route").unwrap().unwrap();
    let hdr = [128u8, 32, 32, 0, 254, 17, 0, 5, 0, 0, 0, 0];
    for payload in [&5000u64.to_ne_bytes()[..], &5000u32.to_ne_bytes()[..]] {
        let mut body = hdr.to_vec();
        body.extend_from_slice(&[4 + payload.len() as u8, 0, 23, 0]);
        body.extend_from_slice(payload);
        let t = Decoder::new(&s)
            .body(Some("rtmsg"), Some("route-attrs"), &body)
            .unwrap();
        assert_eq!(t["expires"], json!(5000));
    }
    let enc = Encoder::request(
        &s,
        Some("rtmsg"),
        Some("route-attrs"),
        &json!({"expires": 100}),
    )
    .unwrap();
    assert_eq!(enc.attrs, [8, 0, 23, 0, 100, 0, 0, 0]);
}
