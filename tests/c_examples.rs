//! The C examples of `c-examples/` against the real kernel, with iproute2 as the oracle.
//!
//! The examples are built once per test binary (`cargo build --release --lib`, then `make -C
//! c-examples`, plainly and with `SANITIZE=1`) into this target directory's `c-examples/`, so
//! the source tree's `c-examples/build/` is left alone (`common::cbuild`, shared with
//! `tests/c_nlip.rs`). The checks of the examples are `common::examples`, which
//! `tests/cpp_header.rs` runs on their C++ twins too. Every check runs in a private network namespace of its own with a veth
//! pair (children inherit the test thread's namespace), and runs three times: plainly, under
//! valgrind (no errors, no definite leaks) and built with `-fsanitize=address,undefined` (with
//! leak detection).
//!
//! Needs make, gcc and iproute2; valgrind is optional locally, but with `CI` set in the
//! environment a missing valgrind fails the tests. The Python examples are tested by
//! `python/tests/test_examples.py`.

mod common;

use common::cbuild::{built, Mode};
use common::examples::{
    check_bad_arguments, check_monitor, check_monitor_overrun, check_set_mtu_and_link_dump,
    check_set_mtu_below_minimum, check_set_mtu_unknown_device, ip_mtu, run,
};
use common::{ifindex, in_netns, ip_json, ip_link_lines, veth};

// ---------------------------------------------------------------------------------------------
// The checks of README.md's programs (those of the examples, shared with their C++ twins, are
// in `common::examples`), run by the tests below in every mode.

/// README.md's `mtu.c` (built by `common::cbuild` from the README itself) lists the links as
/// ip sees them, sets an MTU, and prints the kernel's text for one below the minimum.
fn check_readme_mtu(mode: Mode) {
    veth("ex0", "ex1");
    let before = ip_link_lines(); // what it lists: the links before its change
    let out = run(mode, "mtu", &["ex0", "1400"])
        .success("mtu ex0 1400")
        .to_owned();
    assert_eq!(out.lines().collect::<Vec<_>>(), before);
    assert_eq!(ip_mtu("ex0"), 1400);
    // It lists the links, then fails: exit status 1 and the error on stderr.
    let refused = |args: &[&str]| {
        let r = run(mode, "mtu", args);
        assert_eq!(
            r.status.code(),
            Some(1),
            "mtu {}: {}",
            args.join(" "),
            r.stderr
        );
        r.stderr
    };
    let e = refused(&["ex0", "10"]);
    assert!(
        e.starts_with("error: Invalid argument: ") && e.contains("minimum"),
        "{e}"
    );
    let e = refused(&["nosuchdev", "1000"]);
    assert!(e.starts_with("error: No such device"), "{e}");
    assert_eq!(ip_mtu("ex0"), 1400);
}

/// README.md's `family.c`: a do and a dump of a built-in description, and an error that
/// names its attribute.
fn check_readme_family(mode: Mode) {
    veth("ex0", "ex1");
    let out = run(mode, "family", &["rt-link", "dump", "getlink"])
        .success("family dump")
        .to_owned();
    let names: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("one JSON object a line")["ifname"]
                .as_str()
                .expect("ifname")
                .to_owned()
        })
        .collect();
    let theirs = ip_json(&["link", "show"]);
    let want: Vec<&str> = theirs
        .as_array()
        .expect("ip's links")
        .iter()
        .filter_map(|l| l["ifname"].as_str())
        .collect();
    assert_eq!(names, want, "{out}");
    let req = format!("{{\"ifi-index\": {}}}", ifindex("ex0"));
    let out = run(mode, "family", &["rt-link", "do", "getlink", &req])
        .success("family do")
        .to_owned();
    let replies: serde_json::Value = serde_json::from_str(out.trim_end()).expect("a JSON array");
    assert_eq!(replies[0]["ifname"].as_str(), Some("ex0"), "{out}");
    let bad = r#"{"header": {"dev-name": "nosuchdev"}}"#;
    let line = run(mode, "family", &["ethtool", "do", "channels-get", bad])
        .failure("family ethtool do channels-get")
        .to_owned();
    assert!(
        line.starts_with("error: No such device: ")
            && line.ends_with("(attribute header.dev-name)"),
        "{line}"
    );
    let line = run(mode, "family", &["nosuch", "dump", "x"])
        .failure("family nosuch")
        .to_owned();
    assert_eq!(line, "error: no such family");
}

// ---------------------------------------------------------------------------------------------
// The tests.

fn all_checks(mode: Mode) {
    if !mode.available() {
        return;
    }
    built();
    in_netns(move || check_set_mtu_and_link_dump(mode, "set_mtu", "link_dump"));
    in_netns(move || check_set_mtu_unknown_device(mode, "set_mtu"));
    in_netns(move || check_set_mtu_below_minimum(mode, "set_mtu"));
    in_netns(move || check_bad_arguments(mode, "set_mtu", "monitor"));
    in_netns(move || check_readme_mtu(mode));
    in_netns(move || check_readme_family(mode));
    in_netns(move || check_monitor(mode, "monitor"));
}

#[test]
fn set_mtu_sets_and_link_dump_matches_ip() {
    in_netns(|| check_set_mtu_and_link_dump(Mode::Plain, "set_mtu", "link_dump"));
}

#[test]
fn set_mtu_unknown_device_is_no_such_device() {
    in_netns(|| check_set_mtu_unknown_device(Mode::Plain, "set_mtu"));
}

#[test]
fn set_mtu_below_minimum_prints_kernel_text() {
    in_netns(|| check_set_mtu_below_minimum(Mode::Plain, "set_mtu"));
}

#[test]
fn readme_mtu_program_lists_links_and_sets_mtu() {
    in_netns(|| check_readme_mtu(Mode::Plain));
}

#[test]
fn readme_family_program_does_and_dumps() {
    in_netns(|| check_readme_family(Mode::Plain));
}

#[test]
fn bad_arguments_print_usage() {
    in_netns(|| check_bad_arguments(Mode::Plain, "set_mtu", "monitor"));
}

#[test]
fn monitor_sees_link_and_address_changes() {
    in_netns(|| check_monitor(Mode::Plain, "monitor"));
}

#[test]
fn monitor_reports_overrun_and_continues() {
    in_netns(|| check_monitor_overrun(Mode::Plain, "monitor"));
}

#[test]
fn examples_under_valgrind() {
    all_checks(Mode::Valgrind);
}

#[test]
fn examples_with_address_and_undefined_sanitizers() {
    all_checks(Mode::Sanitizers);
}
