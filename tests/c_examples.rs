//! The C examples of `c-examples/` against the real kernel, with iproute2 as the oracle.
//!
//! The examples are built once per test binary (`cargo build --release --lib`, then `make -C
//! c-examples`, plainly and with `SANITIZE=1`) into this target directory's `c-examples/`, so
//! the source tree's `c-examples/build/` is left alone (`common::cbuild`, shared with
//! `tests/c_nlip.rs`). Every check runs in a private network namespace of its own with a veth
//! pair (children inherit the test thread's namespace), and runs three times: plainly, under
//! valgrind (no errors, no definite leaks) and built with `-fsanitize=address,undefined` (with
//! leak detection).
//!
//! Needs make, gcc and iproute2; valgrind is optional locally, but with `CI` set in the
//! environment a missing valgrind fails the tests. The Python examples are tested by
//! `python/tests/test_examples.py`.

mod common;

use common::cbuild::{built, Mode};
use common::{ifindex, in_netns, ip, ip_json, ip_link_lines, veth};

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Running.

/// What one run of an example did.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs example `name` to its end.
fn run(mode: Mode, name: &str, args: &[&str]) -> Run {
    let what = format!("{name} {} ({mode:?})", args.join(" "));
    let out = mode
        .command(name, args)
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    let run = Run {
        status: out.status,
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    };
    mode.check_tool(&what, run.status, &run.stderr);
    run
}

impl Run {
    /// Asserts success with nothing on stderr; returns stdout.
    fn success(&self, what: &str) -> &str {
        assert!(
            self.status.success() && self.stderr.is_empty(),
            "{what}: expected success and no stderr, got {}:\n--- stdout\n{}--- stderr\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        &self.stdout
    }

    /// Asserts failure (exit 1), nothing on stdout and one line on stderr; returns that line.
    fn failure(&self, what: &str) -> &str {
        assert!(
            self.status.code() == Some(1) && self.stdout.is_empty(),
            "{what}: expected exit status 1 and no stdout, got {}:\n--- stdout\n{}--- stderr\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        let line = self.stderr.strip_suffix('\n').unwrap_or_else(|| {
            panic!(
                "{what}: stderr does not end in a newline: {:?}",
                self.stderr
            )
        });
        assert!(
            !line.contains('\n'),
            "{what}: expected one line on stderr:\n{}",
            self.stderr
        );
        line
    }
}

// ---------------------------------------------------------------------------------------------
// The oracle.

fn ip_mtu(dev: &str) -> i64 {
    ip_json(&["link", "show", "dev", dev])[0]["mtu"]
        .as_i64()
        .expect("mtu")
}
// ---------------------------------------------------------------------------------------------
// The checks, one function each, run by the tests below in every mode.

/// set_mtu sets the MTU (as ip sees it), prints nothing, and changes no flag; link_dump reads
/// it back, and its whole output equals `ip -j link`.
fn check_set_mtu_and_link_dump(mode: Mode) {
    veth("ex0", "ex1");
    ip(&["link", "set", "ex1", "down"]); // one link DOWN, for the UP|DOWN column

    run(mode, "set_mtu", &["ex0", "1400"]).success("set_mtu ex0 1400");
    assert_eq!(ip_mtu("ex0"), 1400);
    assert_eq!(ip_mtu("ex1"), 1500);

    let out = run(mode, "link_dump", &[]).success("link_dump").to_owned();
    let lines: Vec<&str> = out.lines().collect();
    let want = ip_link_lines();
    assert_eq!(lines, want, "link_dump differs from ip -j link");
    let ex0 = format!("{} ex0 mtu 1400 UP", ifindex("ex0"));
    assert!(lines.contains(&ex0.as_str()), "no `{ex0}` in:\n{out}");

    // The manpage's ifi_change = 0xffffffff would have taken the link down; nlrs's must not.
    run(mode, "set_mtu", &["ex0", "1280"]).success("set_mtu ex0 1280");
    assert_eq!(ip_mtu("ex0"), 1280);
    assert!(
        ip_link_lines().contains(&format!("{} ex0 mtu 1280 UP", ifindex("ex0"))),
        "set_mtu changed more than the MTU: {:?}",
        ip_link_lines()
    );
}

/// `set_mtu nosuchdev 1000` fails with "No such device".
fn check_set_mtu_unknown_device(mode: Mode) {
    let run = run(mode, "set_mtu", &["nosuchdev", "1000"]);
    let line = run.failure("set_mtu nosuchdev 1000");
    assert!(
        line == "error: No such device" || line.starts_with("error: No such device: "),
        "unexpected error line: {line:?}"
    );
}

/// `set_mtu <veth> 10` fails, printing the kernel's own text about the device minimum.
fn check_set_mtu_below_minimum(mode: Mode) {
    veth("ex0", "ex1");
    let before = ip_mtu("ex0");
    let run = run(mode, "set_mtu", &["ex0", "10"]);
    let line = run.failure("set_mtu ex0 10");
    let kernel = line
        .strip_prefix("error: Invalid argument: ")
        .unwrap_or_else(|| panic!("expected `error: Invalid argument: <kernel text>`: {line:?}"));
    assert!(
        kernel.contains("minimum"),
        "expected the kernel's text about the device minimum: {line:?}"
    );
    assert_eq!(ip_mtu("ex0"), before, "a failed set_mtu changed the MTU");
}

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

/// Bad arguments: a usage message and exit status 2, no netlink traffic needed.
fn check_bad_arguments(mode: Mode) {
    for (name, args) in [
        ("set_mtu", &[][..]),
        ("set_mtu", &["lo"][..]),
        ("set_mtu", &["lo", "12x"][..]),
        ("set_mtu", &["lo", "-1"][..]),
        ("set_mtu", &["lo", "4294967296"][..]),
        ("monitor", &["-n"][..]),
        ("monitor", &["-n", "0"][..]),
        ("monitor", &["extra"][..]),
    ] {
        let r = run(mode, name, args);
        assert!(
            r.status.code() == Some(2) && r.stdout.is_empty() && !r.stderr.is_empty(),
            "{name} {args:?}: expected exit status 2 and a message, got {}: {:?}",
            r.status,
            r.stderr
        );
    }
}

/// A running monitor: its lines arrive on a channel, read by a thread of its own.
struct Monitor {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Monitor {
    fn start(mode: Mode, args: &[&str]) -> Monitor {
        let mut child = mode
            .command("monitor", args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start monitor");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let monitor = Monitor {
            child,
            lines,
            seen: Vec::new(),
        };
        monitor.wait_subscribed();
        monitor
    }

    /// Waits until the monitor's socket has joined its three groups, as the kernel lists it in
    /// the namespace's /proc/net/netlink (protocol 0, groups RTNLGRP_LINK = 1,
    /// RTNLGRP_IPV4_IFADDR = 5 and RTNLGRP_IPV6_IFADDR = 9 in the first 32-bit word).
    fn wait_subscribed(&self) {
        let path = format!("/proc/{}/net/netlink", self.child.id());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let table = std::fs::read_to_string(&path).unwrap_or_default();
            let joined = table.lines().skip(1).any(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.len() > 3
                    && f[1] == "0"
                    && u32::from_str_radix(f[3], 16).is_ok_and(|g| g & 0x111 == 0x111)
            });
            if joined {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "monitor did not join its groups within 60 s:\n{table}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Reads lines until `want` was seen (after everything already matched), or fails after a
    /// deadline showing everything the monitor printed.
    fn expect(&mut self, want: &str) {
        if !self.expect_within(want, Duration::from_secs(30)) {
            panic!(
                "monitor: no `{want}` within 30 s; it printed:\n{:#?}",
                self.seen
            )
        }
    }

    /// Reads lines until `want` was seen (true) or `wait` passed (false); fails when the
    /// monitor ends.
    fn expect_within(&mut self, want: &str, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let hit = line == want;
                    self.seen.push(line);
                    if hit {
                        return true;
                    }
                }
                Err(RecvTimeoutError::Timeout) => return false,
                Err(RecvTimeoutError::Disconnected) => {
                    let stderr = self.stderr();
                    panic!(
                        "monitor: ended before `{want}`; it printed:\n{:#?}\nstderr: {stderr}",
                        self.seen
                    )
                }
            }
        }
    }

    fn stderr(&mut self) -> String {
        let _ = self.child.kill();
        let mut s = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut s);
        }
        s
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `monitor -n N` prints the link and address changes made with ip, in order, then stops by
/// itself after exactly N events.
fn check_monitor(mode: Mode) {
    const COUNT: usize = 60;
    veth("ex0", "ex1");
    let (i0, i1) = (ifindex("ex0"), ifindex("ex1"));
    let mut m = Monitor::start(mode, &["-n", &COUNT.to_string()]);

    ip(&["link", "set", "ex0", "mtu", "1300"]);
    m.expect(&format!("NEWLINK {i0} ex0 mtu 1300 UP"));
    ip(&["addr", "add", "192.0.2.1/24", "dev", "ex0"]);
    m.expect(&format!("NEWADDR {i0} 192.0.2.1/24"));
    ip(&["addr", "add", "2001:db8::1/64", "dev", "ex0", "nodad"]);
    m.expect(&format!("NEWADDR {i0} 2001:db8::1/64"));
    ip(&["addr", "del", "192.0.2.1/24", "dev", "ex0"]);
    m.expect(&format!("DELADDR {i0} 192.0.2.1/24"));
    ip(&["addr", "del", "2001:db8::1/64", "dev", "ex0"]);
    m.expect(&format!("DELADDR {i0} 2001:db8::1/64"));
    ip(&["link", "set", "ex1", "down"]);
    m.expect(&format!("NEWLINK {i1} ex1 mtu 1500 DOWN"));
    ip(&["link", "add", "exbr", "type", "bridge"]);
    let ibr = ifindex("exbr");
    m.expect(&format!("NEWLINK {ibr} exbr mtu 1500 DOWN"));
    ip(&["link", "del", "exbr"]);
    m.expect(&format!("DELLINK {ibr} exbr"));

    // Every line has one of the four forms.
    for line in &m.seen {
        let f: Vec<&str> = line.split(' ').collect();
        let ok = match f[0] {
            "NEWLINK" => f.len() == 6 && f[3] == "mtu" && (f[5] == "UP" || f[5] == "DOWN"),
            "DELLINK" => f.len() == 3,
            "NEWADDR" | "DELADDR" => f.len() == 3 && f[2].contains('/'),
            _ => false,
        };
        assert!(ok, "malformed monitor line {line:?}");
    }

    // Then more events until the monitor has printed COUNT and exits by itself.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut mtu = 1400;
    let status = loop {
        if let Some(status) = m.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "monitor -n {COUNT} did not stop");
        ip(&["link", "set", "ex0", "mtu", &mtu.to_string()]);
        mtu += 1;
        thread::sleep(Duration::from_millis(20));
    };
    m.seen.extend(m.lines.iter()); // the reader ends with the monitor's stdout
    let mut stderr = String::new();
    if let Some(mut e) = m.child.stderr.take() {
        std::io::Read::read_to_string(&mut e, &mut stderr).unwrap();
    }
    mode.check_tool("monitor", status, &stderr);
    assert!(
        status.success() && stderr.is_empty(),
        "monitor -n {COUNT}: {status}, stderr: {stderr}"
    );
    assert_eq!(
        m.seen.len(),
        COUNT,
        "monitor -n {COUNT} printed {} lines:\n{:#?}",
        m.seen.len(),
        m.seen
    );
}

/// When the monitor falls behind (stopped with SIGSTOP while thousands of addresses are
/// added), the kernel drops events: the monitor prints OVERRUN and keeps going.
fn check_monitor_overrun(mode: Mode) {
    veth("ex0", "ex1");
    let i0 = ifindex("ex0");
    let mut m = Monitor::start(mode, &[]);
    let pid = m.child.id().to_string();

    let status = Command::new("kill").args(["-STOP", &pid]).status().unwrap();
    assert!(status.success());
    // Each notification takes about 1 KiB of the 2 MiB (1 MiB doubled) receive queue.
    let mut batch = String::new();
    for i in 0..6000 {
        batch.push_str(&format!(
            "addr add 10.{}.{}.1/32 dev ex0\n",
            i / 250,
            i % 250
        ));
    }
    common::ip_batch(&batch);
    let status = Command::new("kill").args(["-CONT", &pid]).status().unwrap();
    assert!(status.success());

    m.expect("OVERRUN");
    // Still working: once the monitor has read what was queued (until then the kernel goes on
    // dropping events, reported by the one ENOBUFS), a change is seen again.
    let deadline = Instant::now() + Duration::from_secs(30);
    for mtu in 1234.. {
        ip(&["link", "set", "ex0", "mtu", &mtu.to_string()]);
        let want = format!("NEWLINK {i0} ex0 mtu {mtu} UP");
        if m.expect_within(&want, Duration::from_millis(300)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "monitor: no NEWLINK after OVERRUN within 30 s; it printed {} lines, the last: {:?}",
            m.seen.len(),
            &m.seen[m.seen.len().saturating_sub(5)..]
        );
    }
    let prefix = format!("NEWADDR {i0} 10.");
    let kept = m.seen.iter().filter(|l| l.starts_with(&prefix)).count();
    assert!(kept < 6000, "no event was lost, yet OVERRUN was printed");
}

// ---------------------------------------------------------------------------------------------
// The tests.

fn all_checks(mode: Mode) {
    if !mode.available() {
        return;
    }
    built();
    in_netns(move || check_set_mtu_and_link_dump(mode));
    in_netns(move || check_set_mtu_unknown_device(mode));
    in_netns(move || check_set_mtu_below_minimum(mode));
    in_netns(move || check_bad_arguments(mode));
    in_netns(move || check_readme_mtu(mode));
    in_netns(move || check_readme_family(mode));
    in_netns(move || check_monitor(mode));
}

#[test]
fn set_mtu_sets_and_link_dump_matches_ip() {
    in_netns(|| check_set_mtu_and_link_dump(Mode::Plain));
}

#[test]
fn set_mtu_unknown_device_is_no_such_device() {
    in_netns(|| check_set_mtu_unknown_device(Mode::Plain));
}

#[test]
fn set_mtu_below_minimum_prints_kernel_text() {
    in_netns(|| check_set_mtu_below_minimum(Mode::Plain));
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
    in_netns(|| check_bad_arguments(Mode::Plain));
}

#[test]
fn monitor_sees_link_and_address_changes() {
    in_netns(|| check_monitor(Mode::Plain));
}

#[test]
fn monitor_reports_overrun_and_continues() {
    in_netns(|| check_monitor_overrun(Mode::Plain));
}

#[test]
fn examples_under_valgrind() {
    all_checks(Mode::Valgrind);
}

#[test]
fn examples_with_address_and_undefined_sanitizers() {
    all_checks(Mode::Sanitizers);
}
