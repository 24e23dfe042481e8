//! The description engine against the real kernel, with descriptions written here in the
//! kernel's YNL format for families that have no built-in one (TASKSTATS, a subset of
//! nlctrl): requests by name, replies by name, errors naming attributes, the policy check.

mod common;

use common::in_netns;
use nlrs::engine::{Client, Error};
use nlrs::schema::load_str;
use serde_json::{json, Value};

/// A subset of the controller, as the kernel's nlctrl.yaml writes it (anchors included).
const NLCTRL: &str = r#"
# SPDX-License-Identifier: MIT OR Apache-2.0
---
name: nlctrl
protocol: genetlink-legacy
doc: |
  A subset of the generic netlink controller.
definitions:
  -
    name: op-flags
    type: flags
    enum-name:
    entries:
      - admin-perm
      - cmd-cap-do
      - cmd-cap-dump
      - cmd-cap-haspol
      - uns-admin-perm
attribute-sets:
  -
    name: ctrl-attrs
    name-prefix: ctrl-attr-
    attributes:
      -
        name: family-id
        type: u16
      -
        name: family-name
        type: string
        checks:
          max-len: 15
      -
        name: version
        type: u32
      -
        name: hdrsize
        type: u32
      -
        name: maxattr
        type: u32
      -
        name: ops
        type: indexed-array
        sub-type: nest
        nested-attributes: op-attrs
      -
        name: mcast-groups
        type: indexed-array
        sub-type: nest
        nested-attributes: mcast-group-attrs
  -
    name: op-attrs
    name-prefix: ctrl-attr-op-
    attr-cnt-name: __ctrl-attr-op-max
    attributes:
      -
        name: id
        type: u32
      -
        name: flags
        type: u32
        enum: op-flags
        enum-as-flags: true
  -
    name: mcast-group-attrs
    name-prefix: ctrl-attr-mcast-grp-
    attributes:
      -
        name: name
        type: string
      -
        name: id
        type: u32
operations:
  enum-model: directional
  name-prefix: ctrl-cmd-
  list:
    -
      name: getfamily
      doc: Get / dump genetlink families
      attribute-set: ctrl-attrs
      do:
        request:
          value: 3
          attributes:
            - family-name
        reply: &all-attrs
          value: 1
          attributes:
            - family-id
            - family-name
            - version
            - hdrsize
            - maxattr
            - ops
            - mcast-groups
      dump:
        reply: *all-attrs
mcast-groups:
  list:
    -
      name: notify
"#;

/// TASKSTATS (linux/taskstats.h), with the start of `struct taskstats`.
const TASKSTATS: &str = r#"
name: TASKSTATS
protocol: genetlink-legacy
doc: Per-task statistics.
definitions:
  -
    name: taskstats
    type: struct
    members:
      - {name: version, type: u16}
      - {name: pad, type: pad, len: 2}
      - {name: ac-exitcode, type: u32}
      - {name: ac-flag, type: u8}
      - {name: ac-nice, type: u8}
attribute-sets:
  -
    name: cmd-attrs
    attributes:
      - {name: pid, type: u32}
      - {name: tgid, type: u32}
      - {name: register-cpumask, type: string}
      - {name: deregister-cpumask, type: string}
  -
    name: type-attrs
    attributes:
      - {name: pid, type: u32}
      - {name: tgid, type: u32}
      - {name: stats, type: binary, struct: taskstats}
      - {name: aggr-pid, type: nest, nested-attributes: type-attrs}
      - {name: aggr-tgid, type: nest, nested-attributes: type-attrs}
      - {name: type-null, type: unused}
operations:
  enum-model: directional
  list:
    -
      name: get
      attribute-set: cmd-attrs
      do:
        request:
          value: 1
          attributes: [pid, tgid]
    -
      name: new
      attribute-set: type-attrs
      value: 2
      event:
        attributes: [aggr-pid]
"#;

fn client(text: &str, name: &str) -> Client {
    Client::new(load_str(text, name).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn nlctrl_do_and_dump_by_name() {
    in_netns(|| {
        let mut c = client(NLCTRL, "nlctrl-subset.yaml");
        let replies = c
            .do_op("getfamily", &json!({"family-name": "nlctrl"}), 0)
            .unwrap();
        assert_eq!(replies.len(), 1);
        let r = &replies[0];
        assert_eq!(r["family-id"], json!(16));
        assert_eq!(r["family-name"], json!("nlctrl"));
        let ops = r["ops"].as_array().expect("ops is a list");
        let getfamily = ops
            .iter()
            .find(|o| o["id"] == json!(3))
            .expect("CTRL_CMD_GETFAMILY listed");
        let flags: Vec<&str> = getfamily["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert!(
            flags.contains(&"cmd-cap-do") && flags.contains(&"cmd-cap-dump"),
            "{flags:?}"
        );
        assert_eq!(r["mcast-groups"][0]["name"], json!("notify"));

        // The dump lists what genl(8) lists.
        let names: Vec<String> = c
            .dump("getfamily", &Value::Null)
            .unwrap()
            .map(|m| m.unwrap()["family-name"].as_str().unwrap().to_owned())
            .collect();
        let genl = std::process::Command::new("genl")
            .args(["ctrl", "list"])
            .output()
            .expect("run genl");
        let text = String::from_utf8_lossy(&genl.stdout);
        let want: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("Name: "))
            .map(str::trim)
            .collect();
        assert_eq!(names, want);
    });
}

#[test]
fn kernel_errors_name_the_attribute() {
    in_netns(|| {
        let mut c = client(NLCTRL, "nlctrl-subset.yaml");
        let e = c
            .do_op("getfamily", &json!({"family-name": "x".repeat(40)}), 0)
            .unwrap_err();
        assert_eq!(e.attr_path(), Some("family-name"), "{e}");
        let Error::Kernel { policy, .. } = &e else {
            panic!("not a kernel error: {e}")
        };
        assert!(
            policy.as_deref().is_some_and(|p| p.contains("max_len")),
            "{e}"
        );
        assert_eq!(e.code(), -libc::EINVAL, "{e}");

        let e = c
            .do_op("getfamily", &json!({"family-name": "no-such-family"}), 0)
            .unwrap_err();
        assert_eq!(e.code(), -libc::ENOENT, "{e}");

        // A value that does not fit its type never reaches the kernel.
        let e = c
            .do_op("getfamily", &json!({"family-id": 70000}), 0)
            .unwrap_err();
        assert!(matches!(e, Error::Encode(_)), "{e}");
        assert_eq!(e.attr_path(), Some("family-id"));
        let e = c.do_op("getfamily", &json!({"no-such": 1}), 0).unwrap_err();
        assert_eq!(e.attr_path(), Some("no-such"), "{e}");
        let e = c.do_op("nothing", &Value::Null, 0).unwrap_err();
        assert_eq!(e.code(), -libc::EINVAL, "{e}");
    });
}

#[test]
fn taskstats_from_a_file_written_here() {
    in_netns(|| {
        let dir = std::env::temp_dir().join(format!("nlrs-engine-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("taskstats.yaml");
        std::fs::write(&path, TASKSTATS).unwrap();
        let mut c = Client::from_file(&path).unwrap();
        let pid = std::process::id();
        let replies = c.do_op("get", &json!({"pid": pid}), 0).unwrap();
        assert_eq!(replies.len(), 1, "{replies:?}");
        let aggr = &replies[0]["aggr-pid"];
        assert_eq!(aggr["pid"], json!(pid), "{replies:?}");
        let version = aggr["stats"]["version"]
            .as_u64()
            .expect("stats decoded by struct");
        assert!(version >= 8, "taskstats version {version}");
        std::fs::remove_dir_all(&dir).unwrap();
    });
}

#[test]
fn check_agrees_and_finds_a_wrong_description() {
    in_netns(|| {
        let mut c = client(NLCTRL, "nlctrl-subset.yaml");
        let report = c.check().unwrap();
        // The subset leaves out commands and attributes the kernel has: those are reported,
        // and nothing else.
        for m in &report {
            let text = m.to_string();
            assert!(text.contains("lacks it"), "unexpected mismatch: {text}");
        }
        assert!(
            report.iter().any(|m| m.to_string().contains("command 10")),
            "{report:?}"
        );

        let wrong = NLCTRL.replace(
            "name: family-id\n        type: u16",
            "name: family-id\n        type: u64",
        );
        let mut c = client(&wrong, "wrong.yaml");
        let report = c.check().unwrap();
        let hit = report
            .iter()
            .find(|m| m.attr.as_deref() == Some("family-id"))
            .unwrap_or_else(|| panic!("no mismatch on family-id: {report:?}"));
        assert!(
            hit.problem.contains("u64") && hit.problem.contains("u16"),
            "{hit}"
        );
    });
}
