//! The built-in descriptions decode as the kernel's own description files do, so that
//! `nlynl --family F` and `nlynl --family F --spec KERNEL/F.yaml` print the same thing.
//!
//! Each case is a construct where the two once differed: an excerpt written for this test in
//! the kernel's format (the kernel's names, types and display hints for that construct, with
//! explicit attribute numbers from the uapi headers), bytes as the kernel sends them, and
//! the value both must give. No kernel file is needed: the excerpts state the facts.

use nlrs::engine::Decoder;
use nlrs::schema::{builtin, load_str, Spec};
use serde_json::{json, Value};

/// One netlink attribute: header and payload, padded to 4 bytes.
fn attr(kind: u16, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(4 + payload.len()).unwrap();
    let mut b = [len.to_ne_bytes(), kind.to_ne_bytes()].concat();
    b.extend_from_slice(payload);
    b.resize(b.len().next_multiple_of(4), 0);
    b
}

fn u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_ne_bytes()).collect()
}

/// A kernel-format excerpt: `protocol` and `body` (definitions and attribute sets).
fn excerpt(name: &str, protocol: &str, body: &str) -> Spec {
    let text = format!("name: {name}\n{protocol}\n{body}");
    load_str(&text, "excerpt").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

const RAW: &str = "protocol: netlink-raw\nprotonum: 0";
const GENL: &str = "protocol: genetlink-legacy";

/// Decodes `body` with the built-in `family` and with `kernel`, and checks both give `want`.
fn same(family: &str, kernel: &Spec, header: Option<&str>, set: &str, body: &[u8], want: Value) {
    let ours = builtin(family).expect(family).expect("loads");
    let decode = |s: &Spec| {
        Decoder::new(s)
            .body(header, Some(set), body)
            .unwrap_or_else(|e| panic!("{family} {set}: {e}"))
            .to_json()
    };
    assert_eq!(
        decode(kernel),
        want,
        "{family} {set}: the kernel-format excerpt"
    );
    assert_eq!(
        decode(&ours),
        want,
        "{family} {set}: the built-in description"
    );
}

#[test]
fn rt_neigh_cacheinfo_fields_have_the_kernels_names() {
    let kernel = excerpt(
        "rt-neigh",
        RAW,
        "
definitions:
  -
    name: nda-cacheinfo
    type: struct
    members:
      - {name: confirmed, type: u32}
      - {name: used, type: u32}
      - {name: updated, type: u32}
      - {name: refcnt, type: u32}
attribute-sets:
  -
    name: neighbour-attrs
    attributes:
      - {name: cacheinfo, type: binary, struct: nda-cacheinfo, value: 3}
",
    );
    same(
        "rt-neigh",
        &kernel,
        None,
        "neighbour-attrs",
        &attr(3, &u32s(&[10, 20, 30, 1])),
        json!({"cacheinfo": {"confirmed": 10, "used": 20, "updated": 30, "refcnt": 1}}),
    );
}

#[test]
fn rt_link_inet6_arrays_and_plain_numbers_as_the_kernel_describes_them() {
    let kernel = excerpt(
        "rt-link",
        RAW,
        "
attribute-sets:
  -
    name: ifla6-attrs
    attributes:
      - {name: conf, type: binary, sub-type: u32, value: 2}
      - {name: stats, type: binary, sub-type: u64}
      - {name: icmp6stats, type: binary, sub-type: u64, value: 6}
      - {name: token, type: binary}
      - {name: addr-gen-mode, type: u8}
",
    );
    let mut body = attr(2, &u32s(&[0, 64, 1500]));
    body.extend(attr(3, &[7u64.to_ne_bytes(), 9u64.to_ne_bytes()].concat()));
    body.extend(attr(6, &5u64.to_ne_bytes()));
    body.extend(attr(7, &[0; 16]));
    body.extend(attr(8, &[1]));
    same(
        "rt-link",
        &kernel,
        None,
        "ifla6-attrs",
        &body,
        json!({"conf": [0, 64, 1500], "stats": [7, 9], "icmp6stats": [5],
               "token": "00000000000000000000000000000000", "addr-gen-mode": 1}),
    );
}

#[test]
fn rt_link_header_change_mask_and_dpll_pin_as_the_kernel_describes_them() {
    let kernel = excerpt(
        "rt-link",
        RAW,
        "
definitions:
  -
    name: ifinfo-flags
    type: flags
    entries: [up, broadcast]
  -
    name: ifinfomsg
    type: struct
    members:
      - {name: ifi-family, type: u8}
      - {name: pad, type: pad, len: 1}
      - {name: ifi-type, type: u16}
      - {name: ifi-index, type: s32}
      - {name: ifi-flags, type: u32, enum: ifinfo-flags, enum-as-flags: true}
      - {name: ifi-change, type: u32}
attribute-sets:
  -
    name: link-attrs
    attributes:
      - {name: dpll-pin, type: nest, nested-attributes: link-dpll-pin-attrs, value: 65}
  -
    name: link-dpll-pin-attrs
    attributes:
      - {name: id, type: u32}
",
    );
    let mut body = vec![0, 0, 1, 0];
    body.extend(u32s(&[2, 1, 3]));
    body.extend(attr(65 | 0x8000, &attr(1, &u32s(&[9]))));
    same(
        "rt-link",
        &kernel,
        Some("ifinfomsg"),
        "link-attrs",
        &body,
        json!({"ifi-family": 0, "ifi-type": 1, "ifi-index": 2, "ifi-flags": ["up"],
               "ifi-change": 3, "dpll-pin": {"id": 9}}),
    );
}

#[test]
fn rt_rule_suppress_prefixlen_in_hex_as_the_kernel_describes_it() {
    let kernel = excerpt(
        "rt-rule",
        RAW,
        "
attribute-sets:
  -
    name: fib-rule-attrs
    attributes:
      - {name: suppress-prefixlen, type: u32, display-hint: hex, value: 14}
",
    );
    same(
        "rt-rule",
        &kernel,
        None,
        "fib-rule-attrs",
        &attr(14, &u32::MAX.to_ne_bytes()),
        json!({"suppress-prefixlen": "0xffffffff"}),
    );
}

#[test]
fn rt_route_cacheinfo_has_the_kernels_fields() {
    let kernel = excerpt(
        "rt-route",
        RAW,
        "
definitions:
  -
    name: rta-cacheinfo
    type: struct
    members:
      - {name: rta-clntref, type: u32}
      - {name: rta-lastuse, type: u32}
      - {name: rta-expires, type: u32}
      - {name: rta-error, type: u32}
      - {name: rta-used, type: u32}
attribute-sets:
  -
    name: route-attrs
    attributes:
      - {name: cacheinfo, type: binary, struct: rta-cacheinfo, value: 12}
",
    );
    // The kernel sends all eight u32 of struct rta_cacheinfo; the description names five.
    same(
        "rt-route",
        &kernel,
        None,
        "route-attrs",
        &attr(12, &u32s(&[1, 2, 3, 4, 5, 6, 7, 8])),
        json!({"cacheinfo": {"rta-clntref": 1, "rta-lastuse": 2, "rta-expires": 3,
                             "rta-error": 4, "rta-used": 5}}),
    );
}

#[test]
fn mptcp_pm_endpoint_address_port_and_flags_as_the_kernel_describes_them() {
    let kernel = excerpt(
        "mptcp_pm",
        GENL,
        "
attribute-sets:
  -
    name: address
    attributes:
      - {name: family, type: u16, value: 1}
      - {name: id, type: u8}
      - {name: addr4, type: u32, byte-order: big-endian}
      - {name: addr6, type: binary}
      - {name: port, type: u16}
      - {name: flags, type: u32}
",
    );
    let mut body = attr(1, &2u16.to_ne_bytes());
    body.extend(attr(3, &[10, 0, 0, 1]));
    // The port is in host order: 1234, whatever the machine.
    body.extend(attr(5, &1234u16.to_ne_bytes()));
    body.extend(attr(6, &u32s(&[5])));
    same(
        "mptcp_pm",
        &kernel,
        None,
        "address",
        &body,
        json!({"family": 2, "addr4": 0x0a00_0001, "port": 1234, "flags": 5}),
    );
}

#[test]
fn ethtool_module_flash_status_has_the_kernels_entry_names() {
    let kernel = excerpt(
        "ethtool",
        GENL,
        "
definitions:
  -
    name: module-fw-flash-status
    type: enum
    entries: [started, in-progress, completed, error]
attribute-sets:
  -
    name: module-fw-flash
    attributes:
      - {name: status, type: u32, enum: module-fw-flash-status, value: 4}
",
    );
    same(
        "ethtool",
        &kernel,
        None,
        "module-fw-flash",
        &attr(4, &u32s(&[1])),
        json!({"status": "in-progress"}),
    );
}
