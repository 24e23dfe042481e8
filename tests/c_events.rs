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
use common::{huge_link, ifindex, in_netns, ip, ip_batch, ip_json, ip_link_lines, quiet_veth};

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Running.

fn mode(under_valgrind: bool) -> Mode {
    if under_valgrind {
        Mode::Valgrind
    } else {
        Mode::Plain
    }
}

/// Runs program `name` to its end: status, stdout, stderr.
fn run(name: &str, args: &[&str], under_valgrind: bool) -> (ExitStatus, String, String) {
    let m = mode(under_valgrind);
    let out = m
        .command(name, args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name}: {e}"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    m.check_tool(&format!("{name} {args:?}"), out.status, &stderr);
    (out.status, String::from_utf8(out.stdout).unwrap(), stderr)
}

/// A program running in the background, its stdout and stderr read line by line.
struct Running {
    child: Child,
    out: Receiver<String>,
    err: Receiver<String>,
    stdout: Vec<String>,
    stderr: Vec<String>,
}

fn lines_of(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Running {
    fn start(name: &str, args: &[&str], under_valgrind: bool) -> Running {
        let mut child = mode(under_valgrind)
            .command(name, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let out: ChildStdout = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        Running {
            child,
            out: lines_of(out),
            err: lines_of(err),
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }

    /// Waits for a stderr line starting with `prefix` (valgrind makes starting slow).
    fn wait_stderr(&mut self, prefix: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = self.err.recv_timeout(Duration::from_millis(50)) {
                let hit = line.starts_with(prefix);
                self.stderr.push(line);
                if hit {
                    return;
                }
            }
        }
        panic!("no `{prefix}` on stderr within 60 s: {:?}", self.stderr);
    }

    /// Reads stdout lines until `want` was seen after everything already seen; false after
    /// `wait` without it.
    fn expect_within(&mut self, want: &str, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.out.recv_timeout(left) {
                Ok(line) => {
                    let hit = line == want;
                    self.stdout.push(line);
                    if hit {
                        return true;
                    }
                }
                Err(_) => return false,
            }
        }
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill {sig} failed");
    }

    /// Waits (at most 120 s) for the end; collects the rest of the output.
    fn finish(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(120);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("did not end within 120 s; stderr: {:?}", self.stderr);
            }
            thread::sleep(Duration::from_millis(10));
        };
        self.stdout.extend(self.out.iter());
        self.stderr.extend(self.err.iter());
        status
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// The mirror.

/// `ip -j link` and `ip -j addr` as mirror's final table, sorted as it sorts.
fn ip_table() -> Vec<String> {
    let mut links: Vec<(i64, String)> = ip_link_lines()
        .into_iter()
        .map(|line| {
            let index = line.split(' ').next().unwrap().parse().unwrap();
            (index, format!("LINK {line}"))
        })
        .collect();
    links.sort();
    let mut addrs = Vec::new();
    for l in ip_json(&["addr", "show"]).as_array().unwrap() {
        let index = l["ifindex"].as_i64().unwrap();
        for a in l["addr_info"].as_array().unwrap() {
            let text = format!(
                "{}/{}",
                a["local"].as_str().unwrap(),
                a["prefixlen"].as_i64().unwrap()
            );
            addrs.push((index, text));
        }
    }
    addrs.sort();
    links
        .into_iter()
        .map(|(_, l)| l)
        .chain(addrs.into_iter().map(|(i, a)| format!("ADDR {i} {a}")))
        .collect()
}

/// The final table among mirror's lines: those not starting with +, ~ or -.
fn final_table(stdout: &[String]) -> Vec<String> {
    stdout
        .iter()
        .filter(|l| l.starts_with("LINK ") || l.starts_with("ADDR "))
        .cloned()
        .collect()
}

/// Asserts `got` equals ip's table, showing only the differences.
fn assert_table(got: &[String], what: &str) {
    let want = ip_table();
    if got != want {
        let only_mirror: Vec<_> = got.iter().filter(|l| !want.contains(l)).collect();
        let only_ip: Vec<_> = want.iter().filter(|l| !got.contains(l)).collect();
        panic!(
            "{what}: mirror's final table differs from ip's ({} vs {} lines)\nonly in mirror: \
             {only_mirror:?}\nonly in ip: {only_ip:?}",
            got.len(),
            want.len()
        );
    }
}

/// 5000 address changes made while mirror is stopped with SIGSTOP overflow its 4 KiB queue:
/// it reports `resync`, and its final table equals ip's, ten times in a row.
fn check_mirror_overrun(rounds: u32, under_valgrind: bool) {
    quiet_veth("m0", "m1");
    for round in 0..rounds {
        let mut m = Running::start(
            "mirror",
            &["--rcvbuf", "4096", "--idle-exit", "500"],
            under_valgrind,
        );
        m.wait_stderr("started: ");
        m.signal("-STOP");
        // 3000 additions, then 2000 of them removed: 5000 changes, 1000 addresses stay.
        let net = 100 + round;
        let mut lines = String::new();
        for i in 0..3000u32 {
            lines += &format!("addr add 10.{net}.{}.{}/32 dev m0\n", i / 250, i % 250 + 1);
        }
        for i in (0..3000u32).filter(|i| i % 3 != 0) {
            lines += &format!("addr del 10.{net}.{}.{}/32 dev m0\n", i / 250, i % 250 + 1);
        }
        ip_batch(&lines);
        ip(&["link", "set", "m1", "mtu", &(1300 + round).to_string()]);
        m.signal("-CONT");
        let status = m.finish();
        assert!(
            status.success(),
            "round {round}: mirror failed ({status}): {:?}",
            m.stderr
        );
        assert!(
            m.stderr.iter().any(|l| l == "resync"),
            "round {round}: no resync reported; stderr: {:?}",
            m.stderr
        );
        let table = final_table(&m.stdout);
        assert_table(&table, &format!("round {round}"));
        let kept = table
            .iter()
            .filter(|l| l.contains(&format!(" 10.{net}.")))
            .count();
        assert_eq!(kept, 1000, "round {round}");
        // Every change line has one of the documented forms.
        for l in m.stdout.iter().filter(|l| !table.contains(l)) {
            let f: Vec<&str> = l.split(' ').collect();
            let ok = match f[0] {
                "+LINK" | "~LINK" | "-LINK" => f.len() == 6 && f[3] == "mtu",
                "+ADDR" | "~ADDR" | "-ADDR" => f.len() == 3 && f[2].contains('/'),
                _ => false,
            };
            assert!(ok, "round {round}: malformed line {l:?}");
        }
        ip_batch(
            &(0..3000u32)
                .filter(|i| i % 3 == 0)
                .map(|i| format!("addr del 10.{net}.{}.{}/32 dev m0\n", i / 250, i % 250 + 1))
                .collect::<String>(),
        );
    }
}

#[test]
fn mirror_resyncs_after_overrun_and_equals_ip_ten_times() {
    built();
    in_netns(|| check_mirror_overrun(10, false));
}

#[test]
fn mirror_started_during_churn_converges() {
    built();
    in_netns(|| {
        quiet_veth("c0", "c1");
        let mut lines = String::new();
        for i in 0..4000u32 {
            let (op, n) = if i % 3 == 2 {
                ("del", i - 1)
            } else {
                ("add", i)
            };
            lines += &format!("addr {op} 10.50.{}.{}/32 dev c0\n", n / 250, n % 250 + 1);
        }
        // Another process changes addresses while the mirror starts.
        let mut churn = Command::new("ip")
            .args(["-batch", "-"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = churn.stdin.take().unwrap();
        let writer = thread::spawn(move || {
            use std::io::Write;
            stdin.write_all(lines.as_bytes()).unwrap();
        });
        let mut m = Running::start("mirror", &["--idle-exit", "500"], false);
        m.wait_stderr("started: ");
        writer.join().unwrap();
        assert!(churn.wait().unwrap().success());
        let status = m.finish();
        assert!(status.success(), "mirror failed: {:?}", m.stderr);
        let table = final_table(&m.stdout);
        assert_table(&table, "after the churn");
        let idx = ifindex("c0");
        let ours = table
            .iter()
            .filter(|l| l.starts_with(&format!("ADDR {idx} 10.50.")))
            .count();
        assert!(ours >= 1000, "only {ours} churned addresses");
        // It saw some of the churn as it happened, not only in its first dump.
        assert!(
            m.stdout.iter().any(|l| l.starts_with("-ADDR ")),
            "no removal was reported"
        );
    });
}

#[test]
fn mirror_bad_arguments_print_usage() {
    for args in [
        &["--rcvbuf"][..],
        &["--rcvbuf", "0"][..],
        &["--idle-exit", "x"][..],
        &["extra"][..],
    ] {
        let (status, out, err) = run("mirror", args, false);
        assert!(
            status.code() == Some(2) && out.is_empty() && err.starts_with("usage: "),
            "mirror {args:?}: {status} {err:?}"
        );
    }
}

#[test]
fn mirror_under_valgrind() {
    if !Mode::Valgrind.available() {
        return;
    }
    built();
    in_netns(|| {
        check_mirror_overrun(1, true);
        // Changes as they happen, then a clean exit on SIGTERM.
        let mut m = Running::start("mirror", &[], true);
        m.wait_stderr("started: ");
        let i0 = ifindex("m0");
        ip(&["addr", "add", "192.0.2.1/24", "dev", "m0"]);
        assert!(m.expect_within(&format!("+ADDR {i0} 192.0.2.1/24"), Duration::from_secs(30)));
        ip(&["link", "set", "m0", "mtu", "1280"]);
        assert!(m.expect_within(
            &format!("~LINK {i0} m0 mtu 1280 UP"),
            Duration::from_secs(30)
        ));
        m.signal("-TERM");
        let status = m.finish();
        assert!(status.code() == Some(0), "{status}: {:?}", m.stderr);
        assert!(!m.stderr.iter().any(|l| l.contains("==")), "{:?}", m.stderr);
    });
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
    let (status, out, err) = run("genl_ctrl", &["list"], false);
    assert!(status.success() && err.is_empty(), "{status}: {err}");
    let ours: Vec<String> = out.lines().map(str::to_owned).collect();
    let theirs = genl_ctrl_list();
    assert!(
        theirs.len() > 3,
        "genl ctrl list printed too little: {theirs:?}"
    );
    assert_eq!(ours, theirs, "genl_ctrl list and genl ctrl list disagree");
    // With no argument it lists too.
    assert_eq!(run("genl_ctrl", &[], false).1, out);
}

#[test]
fn genl_ctrl_get_one_family() {
    let (status, out, err) = run("genl_ctrl", &["get", "nlctrl"], false);
    assert!(status.success() && err.is_empty(), "{status}: {err}");
    let line = genl_ctrl_list()
        .into_iter()
        .find(|l| l.starts_with("nlctrl "))
        .unwrap();
    assert_eq!(out, format!("{line}\n"));
}

#[test]
fn genl_ctrl_get_unknown_family_is_enoent() {
    let (status, out, err) = run("genl_ctrl", &["get", "nosuchfamily"], false);
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
    let (status, _, err) = run("genl_ctrl", &["policy", "nosuchfamily"], false);
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.starts_with(&format!("Error: {enoent}")), "{err:?}");
}

#[test]
fn genl_ctrl_policy_of_nlctrl_has_no_unknown_kinds() {
    let (status, out, err) = run("genl_ctrl", &["policy", "nlctrl"], false);
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
        let (status, out, err) = run("genl_ctrl", args, false);
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
        let (status, _, err) = run("genl_ctrl", args, true);
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
    let mut m = Running::start("events_monitor", mode, false);
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
        let mut m = Running::start("events_monitor", &["--blocking", "-n", "1"], false);
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
        let mut m = Running::start("events_monitor", &["--rcvbuf", "4096"], false);
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
        let mut m = Running::start("events_monitor", &[], false);
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
