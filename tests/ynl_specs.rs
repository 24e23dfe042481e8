//! The built-in descriptions of `specs/` against the running kernel through the engine's
//! Rust API: `Client::check` finds no mismatch for each built-in generic family, and finds
//! each mismatch planted in a wrong description; the rtnetlink descriptions decode the
//! fixture of `tests/nlip.rs` as the typed decoders do.

mod common;

use nlrs::engine::{Client, Mismatch};
use std::io::Write;

fn check(client: &mut Client) -> Vec<Mismatch> {
    client.check().expect("policy dump")
}

/// Every built-in generic family but ethtool describes all the kernel's commands; ethtool's
/// description stops at pause-set (command 22), so the kernel's later commands are all that
/// may be reported for it.
#[test]
fn builtin_generic_families_agree_with_the_kernel() {
    common::in_netns(|| {
        for name in ["nlctrl", "netdev", "mptcp_pm", "tcp_metrics"] {
            let mut c = Client::builtin(name).expect(name);
            let found = check(&mut c);
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
        let mut c = Client::builtin("ethtool").unwrap();
        for m in check(&mut c) {
            let cmd: u32 = m
                .problem
                .strip_prefix("the kernel has command ")
                .and_then(|r| r.strip_suffix(", the description lacks it"))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("ethtool: {m}"));
            assert!(
                cmd > 22,
                "ethtool lacks command {cmd}, which it should describe"
            );
        }
    });
}

/// tcp_metrics with four planted mistakes: a type, an attribute left out, a command the
/// kernel lacks and a request attribute the kernel does not accept.
const WRONG_TCP_METRICS: &str = "
name: tcp_metrics
protocol: genetlink-legacy
doc: tcp_metrics, wrongly described on purpose.
attribute-sets:
  -
    name: tcp-metrics
    attributes:
      - {name: addr-ipv4, type: u16}
      - {name: addr-ipv6, type: binary}
      - {name: age, type: u64}
      - {name: tw-tsval, type: u32}
      - {name: tw-ts-stamp, type: s32}
      - {name: vals, type: binary}
      - {name: fopen-mss, type: u16}
      - {name: fopen-syn-drops, type: u16}
      - {name: fopen-syn-drop-ts, type: u64}
      - {name: fopen-cookie, type: binary}
      - {name: saddr-ipv4, type: u32, byte-order: big-endian}
operations:
  list:
    -
      name: get
      doc: Get.
      attribute-set: tcp-metrics
      do:
        request:
          attributes: [addr-ipv4, addr-ipv6, saddr-ipv4, age]
    -
      name: del
      doc: Delete.
      attribute-set: tcp-metrics
      do:
        request:
          attributes: [addr-ipv4]
    -
      name: bogus
      doc: A command the kernel lacks.
      value: 9
      attribute-set: tcp-metrics
      do:
        request:
          attributes: [age]
";

#[test]
fn check_reports_the_mismatches_of_a_wrong_description() {
    common::in_netns(|| {
        let dir = std::env::temp_dir().join(format!("nlrs-ynl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tcp_metrics.yaml");
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(WRONG_TCP_METRICS.as_bytes()))
            .unwrap();
        let mut c = Client::from_file(&path).expect("the wrong description still loads");
        let found: Vec<String> = check(&mut c).iter().map(ToString::to_string).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        let has = |op: Option<&str>, attr: Option<&str>| {
            found.iter().any(|m| {
                op.is_none_or(|o| m.contains(&format!("operation {o}:")))
                    && attr.is_none_or(|a| m.contains(&format!("attribute {a}:")))
            })
        };
        assert!(
            has(Some("get"), Some("addr-ipv4")),
            "type u16 vs u32: {found:#?}"
        );
        assert!(
            has(Some("get"), Some("age")),
            "age is not accepted: {found:#?}"
        );
        assert!(has(Some("bogus"), None), "no command 9: {found:#?}");
        assert!(
            found.iter().any(|m| m.contains("type 12")),
            "saddr-ipv6 (12) is left out: {found:#?}"
        );
    });
}
