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
    check_genl_ctrl_bad_arguments, check_genl_ctrl_list_and_get, check_genl_ctrl_policy,
    check_genl_ctrl_unknown_family, check_mirror_bad_arguments, check_mirror_churn,
    check_mirror_live, check_mirror_overrun, Running,
};
use common::{huge_link, in_netns, ip, ip_batch, quiet_veth};

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
// Generic netlink: genl_ctrl (its checks, shared with its C++ twin, are in `common::examples`).

#[test]
fn genl_ctrl_list_and_get_agree_with_genl() {
    check_genl_ctrl_list_and_get(Mode::Plain, "genl_ctrl");
}

#[test]
fn genl_ctrl_unknown_family_is_enoent() {
    check_genl_ctrl_unknown_family(Mode::Plain, "genl_ctrl");
}

#[test]
fn genl_ctrl_policy_of_nlctrl_has_no_unknown_kinds() {
    check_genl_ctrl_policy(Mode::Plain, "genl_ctrl");
}

#[test]
fn genl_ctrl_bad_arguments_print_usage() {
    check_genl_ctrl_bad_arguments(Mode::Plain, "genl_ctrl");
}

#[test]
fn genl_ctrl_under_valgrind() {
    if !Mode::Valgrind.available() {
        return;
    }
    check_genl_ctrl_list_and_get(Mode::Valgrind, "genl_ctrl");
    check_genl_ctrl_unknown_family(Mode::Valgrind, "genl_ctrl");
    check_genl_ctrl_policy(Mode::Valgrind, "genl_ctrl");
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
