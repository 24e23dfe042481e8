//! Events, the mirror and generic netlink through the C API, against the real kernel with
//! iproute2 (`ip`, `genl`) as the oracle: the examples `c-examples/mirror.c` and
//! `c-examples/genl_ctrl.c`, and `tests/c/events_monitor.c` for the `nlrs_monitor` calls.
//!
//! The library and the programs are built once per test binary (`common::cbuild`). Checks
//! that change links or addresses run in a private network namespace of their own (children
//! inherit the test thread's namespace). The examples also run under valgrind when it is
//! installed (required when `CI` is set).

mod common;

use common::cbuild::{built, Mode};
use common::examples::{
    check_mirror_bad_arguments, check_mirror_churn, check_mirror_live, check_mirror_overrun, run,
    Run, Running,
};
use common::{huge_link, in_netns, ip, ip_batch, quiet_veth};

use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// The mirror (its checks, shared with its C++ twin, are in `common::examples`).

#[test]
fn mirror_resyncs_after_overrun_and_equals_ip_ten_times() {
    built();
    in_netns(|| check_mirror_overrun(Mode::Plain, "mirror", 10));
}

#[test]
fn mirror_started_during_churn_converges() {
    built();
    in_netns(|| check_mirror_churn(Mode::Plain, "mirror"));
}

#[test]
fn mirror_bad_arguments_print_usage() {
    check_mirror_bad_arguments(Mode::Plain, "mirror");
}

#[test]
fn mirror_under_valgrind() {
    if !Mode::Valgrind.available() {
        return;
    }
    built();
    in_netns(|| check_mirror_overrun(Mode::Valgrind, "mirror", 1));
    // Changes as they happen, then a clean exit on SIGTERM.
    in_netns(|| check_mirror_live(Mode::Valgrind, "mirror"));
}

// ---------------------------------------------------------------------------------------------
// Generic netlink.

/// One family as `genl ctrl list` prints it, in genl_ctrl's line format.
fn genl_ctrl_list() -> Vec<String> {
    let out = Command::new("genl")
        .args(["ctrl", "list"])
        .output()
        .expect("run genl (iproute2)");
    assert!(out.status.success(), "genl ctrl list failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let hex = |s: &str| u32::from_str_radix(s.trim_start_matches("0x"), 16).unwrap();
    let mut fams = Vec::new();
    let mut cur: Option<(String, Vec<String>)> = None;
    let mut flush = |cur: &mut Option<(String, Vec<String>)>| {
        if let Some((head, groups)) = cur.take() {
            let g = if groups.is_empty() {
                "-".to_owned()
            } else {
                groups.join(",")
            };
            fams.push(format!("{head} groups {g}"));
        }
    };
    let mut name = String::new();
    for line in text.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.first() == Some(&"Name:") {
            flush(&mut cur);
            name = t[1].to_owned();
        } else if t.first() == Some(&"ID:") {
            // ID: 0x10  Version: 0x2  header size: 0  max attribs: 0
            let head = format!(
                "{name} id {:#x} version {} hdrsize {} maxattr {}",
                hex(t[1]),
                hex(t[3]),
                t[6],
                t[9]
            );
            cur = Some((head, Vec::new()));
        } else if t.len() == 4 && t[1].starts_with("ID-") && t[2] == "name:" {
            // #1:  ID-0x10  name: notify
            let id = hex(t[1].trim_start_matches("ID-"));
            if let Some((_, groups)) = cur.as_mut() {
                groups.push(format!("{}:{id:#x}", t[3]));
            }
        }
    }
    flush(&mut cur);
    fams
}

#[test]
fn genl_ctrl_list_agrees_with_genl() {
    let Run {
        status,
        stdout: out,
        stderr: err,
    } = run(Mode::Plain, "genl_ctrl", &["list"]);
    assert!(status.success() && err.is_empty(), "{status}: {err}");
    let ours: Vec<String> = out.lines().map(str::to_owned).collect();
    let theirs = genl_ctrl_list();
    assert!(
        theirs.len() > 3,
        "genl ctrl list printed too little: {theirs:?}"
    );
    assert_eq!(ours, theirs, "genl_ctrl list and genl ctrl list disagree");
    // With no argument it lists too.
    assert_eq!(run(Mode::Plain, "genl_ctrl", &[]).stdout, out);
}

#[test]
fn genl_ctrl_get_one_family() {
    let Run {
        status,
        stdout: out,
        stderr: err,
    } = run(Mode::Plain, "genl_ctrl", &["get", "nlctrl"]);
    assert!(status.success() && err.is_empty(), "{status}: {err}");
    let line = genl_ctrl_list()
        .into_iter()
        .find(|l| l.starts_with("nlctrl "))
        .unwrap();
    assert_eq!(out, format!("{line}\n"));
}

#[test]
fn genl_ctrl_get_unknown_family_is_enoent() {
    let Run {
        status,
        stdout: out,
        stderr: err,
    } = run(Mode::Plain, "genl_ctrl", &["get", "nosuchfamily"]);
    assert_eq!(status.code(), Some(2), "{status}: {err}");
    assert!(out.is_empty());
    let enoent = std::io::Error::from_raw_os_error(libc::ENOENT).to_string();
    let enoent = enoent.split(" (os error").next().unwrap();
    assert!(
        err.starts_with(&format!("Error: {enoent}"))
            && err.ends_with('\n')
            && err.lines().count() == 1,
        "unexpected error: {err:?}"
    );
    let Run {
        status,
        stderr: err,
        ..
    } = run(Mode::Plain, "genl_ctrl", &["policy", "nosuchfamily"]);
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.starts_with(&format!("Error: {enoent}")), "{err:?}");
}

#[test]
fn genl_ctrl_policy_of_nlctrl_has_no_unknown_kinds() {
    let Run {
        status,
        stdout: out,
        stderr: err,
    } = run(Mode::Plain, "genl_ctrl", &["policy", "nlctrl"]);
    assert!(status.success() && err.is_empty(), "{status}: {err}");
    // CTRL_CMD_GETFAMILY (3) and CTRL_CMD_GETPOLICY (10) have policies.
    assert!(
        out.lines().any(|l| l.starts_with("op 3: do policy")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("op 10:")), "{out}");
    // CTRL_ATTR_FAMILY_NAME is a nul-string of at most 15 bytes.
    assert!(out.contains("attr 2: nul-string max_len 15"), "{out}");
    for l in out.lines() {
        let ok = l.starts_with("op ") || l.starts_with("policy ");
        assert!(ok, "unexpected line {l:?}");
        assert!(
            !l.contains("type-") && !l.contains("property-"),
            "unknown kind or property: {l:?}"
        );
    }
}

#[test]
fn genl_ctrl_bad_arguments_print_usage() {
    for args in [
        &["get"][..],
        &["bogus"][..],
        &["list", "x"][..],
        &["policy"][..],
    ] {
        let Run {
            status,
            stdout: out,
            stderr: err,
        } = run(Mode::Plain, "genl_ctrl", args);
        assert!(
            status.code() == Some(2) && out.is_empty() && err.starts_with("usage: "),
            "genl_ctrl {args:?}: {status} {err:?}"
        );
    }
}

#[test]
fn genl_ctrl_under_valgrind() {
    if !Mode::Valgrind.available() {
        return;
    }
    for args in [
        &["list"][..],
        &["get", "nlctrl"][..],
        &["get", "nosuchfamily"][..],
        &["policy", "nlctrl"][..],
    ] {
        let Run {
            status,
            stderr: err,
            ..
        } = run(Mode::Valgrind, "genl_ctrl", args);
        let want = if args[1..].contains(&"nosuchfamily") {
            2
        } else {
            0
        };
        assert_eq!(status.code(), Some(want), "genl_ctrl {args:?}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// The monitor, through the C API.

/// Changes made with ip arrive as the right events, in order, whether drained with
/// nlrs_monitor_process() or pulled with nlrs_monitor_next().
fn check_monitor_order(mode: &[&str]) {
    quiet_veth("e0", "e1");
    let mut m = Running::start(Mode::Plain, "events_monitor", mode);
    m.wait_stderr("ready");
    common::ordered_changes();
    let want_in_order = [
        "NEWADDR 10.7.0.1/24",
        "NEWROUTE 10.8.0.0/16 table 77",
        "NEWNEIGH 10.7.0.9",
        "DELROUTE 10.8.0.0/16 table 77",
        "DELNEIGH 10.7.0.9",
        "DELADDR 10.7.0.1/24",
        "NEWLINK e0 down",
        "DELLINK e0",
    ];
    for w in want_in_order {
        assert!(
            m.expect_within(w, Duration::from_secs(10)),
            "{mode:?}: missing or out of order: {w}\nall events: {:#?}",
            m.stdout
        );
    }
    m.signal("-TERM");
    let status = m.finish();
    assert!(status.success(), "{mode:?}: {status}: {:?}", m.stderr);
}

#[test]
fn monitor_events_arrive_typed_and_in_order() {
    built();
    in_netns(|| check_monitor_order(&["--pull"]));
    in_netns(|| check_monitor_order(&[]));
}

#[test]
fn monitor_blocking_next_waits_for_an_event() {
    built();
    in_netns(|| {
        quiet_veth("b0", "b1");
        let mut m = Running::start(Mode::Plain, "events_monitor", &["--blocking", "-n", "1"]);
        m.wait_stderr("ready");
        thread::sleep(Duration::from_millis(100));
        assert!(
            m.child.try_wait().unwrap().is_none(),
            "returned without an event"
        );
        ip(&["link", "set", "b0", "mtu", "1400"]);
        let status = m.finish();
        assert!(status.success(), "{status}: {:?}", m.stderr);
        assert_eq!(m.stdout, ["NEWLINK b0 up"]);
    });
}

#[test]
fn monitor_overrun_is_an_event_that_drops_older_events_and_the_stream_goes_on() {
    built();
    in_netns(|| {
        quiet_veth("o0", "o1");
        let mut m = Running::start(Mode::Plain, "events_monitor", &["--rcvbuf", "4096"]);
        m.wait_stderr("ready");
        m.signal("-STOP");
        let lines: String = (0..2000u32)
            .map(|i| format!("addr add 10.9.{}.{}/32 dev o0\n", i / 250, i % 250 + 1))
            .collect();
        ip_batch(&lines);
        m.signal("-CONT");
        assert!(
            m.expect_within("OVERRUN", Duration::from_secs(30)),
            "no OVERRUN: {} lines, stderr {:?}",
            m.stdout.len(),
            m.stderr
        );
        // Still working after the overrun.
        let deadline = Instant::now() + Duration::from_secs(30);
        for mtu in 1234.. {
            ip(&["link", "set", "o0", "mtu", &mtu.to_string()]);
            if m.expect_within("NEWLINK o0 up", Duration::from_millis(300)) {
                break;
            }
            assert!(Instant::now() < deadline, "no event after the overrun");
        }
        let kept = m
            .stdout
            .iter()
            .filter(|l| l.starts_with("NEWADDR "))
            .count();
        assert!(kept < 2000, "no event was lost, yet OVERRUN was reported");
        // Every address was added before the monitor read anything: the events still queued
        // when it reported the overrun predate the loss, and were discarded.
        let overrun = m.stdout.iter().position(|l| l == "OVERRUN").unwrap();
        let stale: Vec<_> = m.stdout[overrun..]
            .iter()
            .filter(|l| l.starts_with("NEWADDR "))
            .collect();
        assert!(stale.is_empty(), "events older than the overrun: {stale:?}");
        m.signal("-TERM");
        assert!(m.finish().success(), "{:?}", m.stderr);
        assert!(
            !m.stderr.iter().any(|l| l.starts_with("error")),
            "{:?}",
            m.stderr
        );
    });
}

#[test]
fn monitor_reports_a_notification_larger_than_its_buffer_as_an_overrun() {
    built();
    in_netns(|| {
        huge_link();
        let mut m = Running::start(Mode::Plain, "events_monitor", &[]);
        m.wait_stderr("ready");
        ip(&["link", "set", "huge0", "mtu", "1400"]);
        assert!(
            m.expect_within("OVERRUN", Duration::from_secs(10)),
            "no OVERRUN: {:?} {:?}",
            m.stdout,
            m.stderr
        );
        // The buffer grew: the next one arrives as an event.
        ip(&["link", "set", "huge0", "mtu", "1300"]);
        assert!(
            m.expect_within("NEWLINK huge0 down", Duration::from_secs(10)),
            "{:?} {:?}",
            m.stdout,
            m.stderr
        );
        m.signal("-TERM");
        assert!(m.finish().success(), "{:?}", m.stderr);
    });
}
