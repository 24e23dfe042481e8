//! The description engine against the real kernel, with descriptions written here in the
//! kernel's YNL format for families that have no built-in one (TASKSTATS, a subset of
//! nlctrl): requests by name, replies by name, errors naming attributes, the policy check.

mod common;

use common::in_netns;
use nlrs::engine::{Client, Error, Tree};
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
        // An indexed array's nests keep their index, as the kernel's ynl prints them.
        let ops = r["ops"].as_array().expect("ops is a list");
        let getfamily = ops
            .iter()
            .find(|o| o["1"]["id"] == json!(3))
            .map(|o| &o["1"])
            .expect("CTRL_CMD_GETFAMILY listed first, index 1");
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
        assert_eq!(r["mcast-groups"][0]["1"]["name"], json!("notify"));

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

/// A dump read with `dump_next`, each message lent and the next one built in its memory,
/// gives what the iterator hands over and what `dump_next_json` writes. The controller's
/// families differ in shape (with and without groups, many operations or few), so nothing
/// of one message may stay in the next.
#[test]
fn lent_dump_messages_equal_those_handed_over() {
    in_netns(|| {
        let mut c = Client::builtin("nlctrl").unwrap();
        let owned: Vec<Value> = c
            .dump("getfamily", &Value::Null)
            .unwrap()
            .map(|m| m.unwrap().to_json())
            .collect();
        c.dump_start("getfamily", &Value::Null).unwrap();
        let mut lent = Vec::new();
        while let Some(m) = c.dump_next() {
            lent.push(m.unwrap().to_json());
        }
        c.dump_start("getfamily", &Value::Null).unwrap();
        let (mut text, mut json) = (String::new(), Vec::new());
        while let Some(r) = c.dump_next_json(&mut text) {
            r.unwrap();
            json.push(serde_json::from_str::<Value>(&text).unwrap());
        }
        assert!(owned.len() > 3, "{owned:?}");
        assert!(owned.iter().any(|m| m.get("mcast-groups").is_none()));
        assert!(owned.iter().any(|m| m.get("mcast-groups").is_some()));
        assert_eq!(lent, owned);
        assert_eq!(json, owned);
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

// ---------------------------------------------------------------------------------------------
// nlynl, the C example on the C API, with descriptions written here.

/// A netlink-raw subset of rt-link: enough to dump links and follow their notifications.
const RT_LINK: &str = r#"
name: rt-link
protocol: netlink-raw
protonum: 0
doc: A subset of rtnetlink links.
definitions:
  -
    name: ifinfomsg
    type: struct
    members:
      - {name: ifi-family, type: u8}
      - {name: pad, type: pad, len: 1}
      - {name: ifi-type, type: u16}
      - {name: ifi-index, type: s32}
      - {name: ifi-flags, type: u32}
      - {name: ifi-change, type: u32}
attribute-sets:
  -
    name: link-attrs
    attributes:
      - {name: address, type: binary, display-hint: mac}
      - {name: broadcast, type: binary, display-hint: mac}
      - {name: ifname, type: string}
      - {name: mtu, type: u32}
operations:
  enum-model: directional
  fixed-header: ifinfomsg
  list:
    -
      name: getlink
      attribute-set: link-attrs
      dump:
        request:
          value: 18
        reply:
          value: 16
          attributes: [ifname, mtu, address]
    -
      name: newlink-ntf
      value: 16
      notify: getlink
mcast-groups:
  list:
    - {name: rtnlgrp-link, value: 1}
"#;

mod nlynl {
    use super::{NLCTRL, RT_LINK};
    use crate::common::cbuild::Mode;
    use crate::common::examples::{check_nlynl_bad_arguments, Nlynl};
    use crate::common::{in_netns, ip, veth};
    use serde_json::{json, Value};
    use std::path::PathBuf;
    use std::process::{Output, Stdio};

    /// The descriptions, written to files of this process.
    fn spec_file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nlrs-nlynl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(mode: Mode, args: &[&str]) -> Output {
        let out = mode.command("nlynl", args).output().expect("run nlynl");
        let what = format!("nlynl {}", args.join(" "));
        mode.check_tool(&what, out.status, &String::from_utf8_lossy(&out.stderr));
        out
    }

    fn stdout_json(out: &Output) -> Value {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("stdout is JSON")
    }

    fn args(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    fn check(mode: Mode) {
        let ctrl = spec_file("nlctrl.yaml", NLCTRL);
        let ctrl = ctrl.to_str().unwrap();
        let base = ["--family", "nlctrl", "--spec", ctrl];
        let with = |more: &[&str]| -> Vec<String> {
            base.iter().chain(more).map(|s| s.to_string()).collect()
        };

        let a = with(&[
            "--do",
            "getfamily",
            "--json",
            r#"{"family-name": "nlctrl"}"#,
            "--output-json",
        ]);
        let v = stdout_json(&run(mode, &args(&a)));
        assert_eq!(v[0]["family-id"], json!(16), "{v}");

        let a = with(&["--dump", "getfamily", "--output-json"]);
        let v = stdout_json(&run(mode, &args(&a)));
        let names: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["family-name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"nlctrl") && names.len() > 3, "{names:?}");

        let a = with(&["--list-ops"]);
        let out = run(mode, &args(&a));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "getfamily [do, dump]\n"
        );

        let long = format!(r#"{{"family-name": "{}"}}"#, "x".repeat(40));
        let a = with(&["--do", "getfamily", "--json", &long]);
        let out = run(mode, &args(&a));
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error: Invalid argument: ")
                && err.contains("(attribute family-name")
                && err.ends_with(")\n"),
            "{err}"
        );

        let wrong = spec_file("wrong.yaml", &NLCTRL.replace("type: u16", "type: u32"));
        let out = run(
            mode,
            &[
                "--family",
                "nlctrl",
                "--spec",
                wrong.to_str().unwrap(),
                "--check",
            ],
        );
        assert_eq!(out.status.code(), Some(1));
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            report.contains("attribute family-id: type u32 in the description, u16 in the kernel"),
            "{report}"
        );

        let broken = spec_file("broken.yaml", "name: x\nattribute-sets:\n  - name: a\n    attributes:\n      - {name: b, type: u33}\n");
        let out = run(
            mode,
            &[
                "--family",
                "x",
                "--spec",
                broken.to_str().unwrap(),
                "--list-ops",
            ],
        );
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("broken.yaml:5: attribute-sets[a].attributes[b].type: unknown type 'u33'"),
            "{err}"
        );

        check_nlynl_bad_arguments(Nlynl {
            mode,
            name: "nlynl",
        });

        // Notifications of a netlink-raw family, by group name.
        // The subscription is in place some time after start (long under valgrind): the
        // change is repeated until the program's time is nearly up.
        let link = spec_file("rt-link.yaml", RT_LINK);
        let (wait, step) = if mode == Mode::Plain {
            ("3", 300)
        } else {
            ("12", 1500)
        };
        let child = mode
            .command(
                "nlynl",
                &[
                    "--family",
                    "rt-link",
                    "--spec",
                    link.to_str().unwrap(),
                    "--subscribe",
                    "rtnlgrp-link",
                    "--sleep",
                    wait,
                ],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        veth("ynl0", "ynl1");
        for _ in 0..6 {
            std::thread::sleep(std::time::Duration::from_millis(step));
            ip(&["link", "set", "ynl0", "mtu", "1300"]);
            ip(&["link", "set", "ynl0", "mtu", "1400"]);
        }
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let seen = text.lines().any(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["name"] == json!("newlink-ntf")
                && v["msg"]["ifname"] == json!("ynl0")
                && v["msg"]["mtu"] == json!(1400)
        });
        assert!(seen, "no notification of ynl0 with mtu 1400:\n{text}");
    }

    #[test]
    fn nlynl_plain() {
        in_netns(|| check(Mode::Plain));
    }

    #[test]
    fn nlynl_under_valgrind_and_sanitizers() {
        for mode in [Mode::Valgrind, Mode::Sanitizers] {
            if mode.available() {
                in_netns(move || check(mode));
            }
        }
    }
}

#[test]
fn notifications_stopped_early_stay_for_the_next_call() {
    in_netns(|| {
        let mut c = client(RT_LINK, "rt-link-subset.yaml");
        assert!(c.notify_fd().is_none());
        c.subscribe("rtnlgrp-link").unwrap();
        assert!(c.subscribe("no-such-group").is_err());
        assert!(c.notify_fd().is_some());
        common::veth("nt0", "nt1");
        let mut first = Vec::new();
        assert_eq!(
            c.notifications(|v| {
                first.push(v);
                false
            })
            .unwrap(),
            1
        );
        let mut rest = Vec::new();
        let n = c
            .notifications(|v| {
                rest.push(v);
                true
            })
            .unwrap();
        assert_eq!(n, rest.len());
        let names: Vec<&Tree> = first
            .iter()
            .chain(&rest)
            .map(|v| &v["msg"]["ifname"])
            .collect();
        let has = |n: &str| names.iter().any(|v| **v == json!(n));
        assert!(has("nt0") && has("nt1"), "{names:?}");
        assert!(first
            .iter()
            .chain(&rest)
            .all(|v| v["name"] == json!("newlink-ntf")));
    });
}

/// A deletion comes as RTM_DELLINK, which the kernel's rt-link file (like this subset)
/// describes only as the request of `dellink`: the notification is decoded by that
/// operation, fixed header included, rather than failing on the header read as attributes.
#[test]
fn deletions_decode_by_the_request_of_their_type() {
    in_netns(|| {
        let dellink = "    -
      name: dellink
      attribute-set: link-attrs
      do:
        request:
          value: 17
          attributes: [ifname]
mcast-groups:";
        let text = RT_LINK.replace("mcast-groups:", dellink);
        let mut c = client(&text, "rt-link-with-dellink.yaml");
        c.subscribe("rtnlgrp-link").unwrap();
        common::veth("nd0", "nd1");
        common::ip(&["link", "del", "nd0"]);
        let mut got = Vec::new();
        c.notifications(|v| {
            got.push(v.to_json());
            true
        })
        .unwrap();
        let deleted: Vec<&serde_json::Value> = got
            .iter()
            .filter(|v| v["name"] == json!("dellink"))
            .map(|v| &v["msg"])
            .collect();
        assert!(
            deleted
                .iter()
                .any(|m| m["ifname"] == json!("nd0") && m["ifi-index"].is_u64()),
            "{got:#?}"
        );
    });
}
