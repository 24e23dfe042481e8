//! The checks of the example programs of `c-examples/` against the real kernel, with iproute2
//! as the oracle, each taking the name of the program it runs: the C programs
//! (`tests/c_examples.rs`, `tests/c_events.rs`, `tests/c_nlynl.rs`) and their C++ twins (`tests/cpp_header.rs`,
//! `NAME_cpp`) go through the same checks, so that a twin is held to exactly what its C
//! program is. Every check runs in the calling thread's network namespace (`in_netns`), in the
//! [`Mode`] it is given.

use super::cbuild::Mode;
use super::genl_ctrl::genl_ctrl_list;
use super::{ifindex, ip, ip_batch, ip_json, ip_link_lines, quiet_veth, table_name, veth};

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Running.

/// What one run of a program did.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs program `name` to its end, checking what the mode's tool says.
pub fn run(mode: Mode, name: &str, args: &[&str]) -> Run {
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
    pub fn success(&self, what: &str) -> &str {
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
    pub fn failure(&self, what: &str) -> &str {
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

/// A program running in the background, its stdout and stderr read line by line by threads of
/// their own.
pub struct Running {
    pub child: Child,
    /// How and what it runs, for the checks of its end.
    mode: Mode,
    name: String,
    out: Receiver<String>,
    err: Receiver<String>,
    /// The stdout lines read so far.
    pub stdout: Vec<String>,
    /// The stderr lines read so far.
    pub stderr: Vec<String>,
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
    pub fn start(mode: Mode, name: &str, args: &[&str]) -> Running {
        let mut child = mode
            .command(name, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        Running {
            child,
            mode,
            name: name.to_owned(),
            out: lines_of(out),
            err: lines_of(err),
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }

    /// Waits for a stderr line starting with `prefix` (valgrind makes starting slow).
    pub fn wait_stderr(&mut self, prefix: &str) {
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

    /// Waits until the program's netlink socket has joined the multicast groups of `groups`
    /// (bits of the first 32-bit word), as the kernel lists it in the namespace's
    /// /proc/net/netlink (protocol 0: route).
    pub fn wait_joined(&self, groups: u32) {
        let path = format!("/proc/{}/net/netlink", self.child.id());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let table = std::fs::read_to_string(&path).unwrap_or_default();
            let joined = table.lines().skip(1).any(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.len() > 3
                    && f[1] == "0"
                    && u32::from_str_radix(f[3], 16).is_ok_and(|g| g & groups == groups)
            });
            if joined {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the program did not join groups {groups:#x} within 60 s:\n{table}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Reads stdout lines until `want` was seen after everything already seen; false after
    /// `wait` without it. Fails when the program ends first, showing what it printed.
    pub fn expect_within(&mut self, want: &str, wait: Duration) -> bool {
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
                Err(RecvTimeoutError::Timeout) => return false,
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = self.child.kill();
                    self.stderr.extend(self.err.iter());
                    panic!(
                        "ended before `{want}`; it printed:\n{:#?}\nstderr: {:?}",
                        self.stdout, self.stderr
                    )
                }
            }
        }
    }

    /// Reads stdout lines until `want` was seen, or fails after 30 s showing what was printed.
    pub fn expect(&mut self, want: &str) {
        if !self.expect_within(want, Duration::from_secs(30)) {
            panic!("no `{want}` within 30 s; it printed:\n{:#?}", self.stdout)
        }
    }

    pub fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill {sig} failed");
    }

    /// Waits (at most 120 s) for the end; collects the rest of the output and checks what the
    /// mode's tool says.
    pub fn finish(&mut self) -> ExitStatus {
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
        let what = format!("{} ({:?})", self.name, self.mode);
        self.mode.check_tool(&what, status, &self.stderr.join("\n"));
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
// set_mtu and link_dump.

/// The MTU of `dev` as ip sees it.
pub fn ip_mtu(dev: &str) -> i64 {
    ip_json(&["link", "show", "dev", dev])[0]["mtu"]
        .as_i64()
        .expect("mtu")
}

/// `set_mtu` sets the MTU (as ip sees it), prints nothing, and changes no flag; `link_dump`
/// reads it back, and its whole output equals `ip -j link`.
pub fn check_set_mtu_and_link_dump(mode: Mode, set_mtu: &str, link_dump: &str) {
    veth("ex0", "ex1");
    ip(&["link", "set", "ex1", "down"]); // one link DOWN, for the UP|DOWN column

    run(mode, set_mtu, &["ex0", "1400"]).success("set_mtu ex0 1400");
    assert_eq!(ip_mtu("ex0"), 1400);
    assert_eq!(ip_mtu("ex1"), 1500);

    let out = run(mode, link_dump, &[]).success(link_dump).to_owned();
    let lines: Vec<&str> = out.lines().collect();
    let want = ip_link_lines();
    assert_eq!(lines, want, "{link_dump} differs from ip -j link");
    let ex0 = format!("{} ex0 mtu 1400 UP", ifindex("ex0"));
    assert!(lines.contains(&ex0.as_str()), "no `{ex0}` in:\n{out}");

    // The manpage's ifi_change = 0xffffffff would have taken the link down; nlrs's must not.
    run(mode, set_mtu, &["ex0", "1280"]).success("set_mtu ex0 1280");
    assert_eq!(ip_mtu("ex0"), 1280);
    assert!(
        ip_link_lines().contains(&format!("{} ex0 mtu 1280 UP", ifindex("ex0"))),
        "{set_mtu} changed more than the MTU: {:?}",
        ip_link_lines()
    );
}

/// `set_mtu nosuchdev 1000` fails with "No such device".
pub fn check_set_mtu_unknown_device(mode: Mode, set_mtu: &str) {
    let run = run(mode, set_mtu, &["nosuchdev", "1000"]);
    let line = run.failure("set_mtu nosuchdev 1000");
    assert!(
        line == "error: No such device" || line.starts_with("error: No such device: "),
        "unexpected error line: {line:?}"
    );
}

/// `set_mtu <veth> 10` fails, printing the kernel's own text about the device minimum.
pub fn check_set_mtu_below_minimum(mode: Mode, set_mtu: &str) {
    veth("ex0", "ex1");
    let before = ip_mtu("ex0");
    let run = run(mode, set_mtu, &["ex0", "10"]);
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

/// Bad arguments of `set_mtu` and `monitor`: a message and exit status 2, no netlink traffic
/// needed.
pub fn check_bad_arguments(mode: Mode, set_mtu: &str, monitor: &str) {
    let set_mtu_args: [&[&str]; 5] = [
        &[],
        &["lo"],
        &["lo", "12x"],
        &["lo", "-1"],
        &["lo", "4294967296"],
    ];
    check_refused(mode, set_mtu, &set_mtu_args, "");
    check_refused(mode, monitor, &[&["-n"], &["-n", "0"], &["extra"]], "");
}

/// Runs `program` with each argument list of `bad`: each must be refused as bad usage, with
/// exit status 2, nothing on stdout, and a message on stderr that starts with `usage` (any
/// message when `usage` is empty).
fn check_refused(mode: Mode, program: &str, bad: &[&[&str]], usage: &str) {
    for args in bad {
        let r = run(mode, program, args);
        assert!(
            r.status.code() == Some(2)
                && r.stdout.is_empty()
                && !r.stderr.is_empty()
                && r.stderr.starts_with(usage),
            "{program} {args:?}: expected exit status 2 and {usage:?}..., got {}: {:?}",
            r.status,
            r.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// monitor.

/// Starts `monitor` and waits until its socket has joined its three groups: RTNLGRP_LINK = 1,
/// RTNLGRP_IPV4_IFADDR = 5 and RTNLGRP_IPV6_IFADDR = 9.
fn start_monitor(mode: Mode, monitor: &str, args: &[&str]) -> Running {
    let m = Running::start(mode, monitor, args);
    m.wait_joined(0x111);
    m
}

/// `monitor -n N` prints the link and address changes made with ip, in order, then stops by
/// itself after exactly N events.
pub fn check_monitor(mode: Mode, monitor: &str) {
    const COUNT: usize = 60;
    veth("ex0", "ex1");
    let (i0, i1) = (ifindex("ex0"), ifindex("ex1"));
    let mut m = start_monitor(mode, monitor, &["-n", &COUNT.to_string()]);

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
    for line in &m.stdout {
        let f: Vec<&str> = line.split(' ').collect();
        let ok = match f[0] {
            "NEWLINK" => f.len() == 6 && f[3] == "mtu" && (f[5] == "UP" || f[5] == "DOWN"),
            "DELLINK" => f.len() == 3,
            "NEWADDR" | "DELADDR" => f.len() == 3 && f[2].contains('/'),
            _ => false,
        };
        assert!(ok, "malformed {monitor} line {line:?}");
    }

    // Then more events until the monitor has printed COUNT and exits by itself.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut mtu = 1400;
    while m.child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "{monitor} -n {COUNT} did not stop"
        );
        ip(&["link", "set", "ex0", "mtu", &mtu.to_string()]);
        mtu += 1;
        thread::sleep(Duration::from_millis(20));
    }
    let status = m.finish();
    assert!(
        status.success() && m.stderr.is_empty(),
        "{monitor} -n {COUNT}: {status}, stderr: {:?}",
        m.stderr
    );
    assert_eq!(
        m.stdout.len(),
        COUNT,
        "{monitor} -n {COUNT} printed {} lines:\n{:#?}",
        m.stdout.len(),
        m.stdout
    );
}

/// When the monitor falls behind (stopped with SIGSTOP while thousands of addresses are
/// added), the kernel drops events: the monitor prints OVERRUN and keeps going.
pub fn check_monitor_overrun(mode: Mode, monitor: &str) {
    veth("ex0", "ex1");
    let i0 = ifindex("ex0");
    let mut m = start_monitor(mode, monitor, &[]);

    m.signal("-STOP");
    // Each notification takes about 1 KiB of the 2 MiB (1 MiB doubled) receive queue.
    let mut batch = String::new();
    for i in 0..6000 {
        batch.push_str(&format!(
            "addr add 10.{}.{}.1/32 dev ex0\n",
            i / 250,
            i % 250
        ));
    }
    ip_batch(&batch);
    m.signal("-CONT");

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
            "{monitor}: no NEWLINK after OVERRUN within 30 s; it printed {} lines, the last: {:?}",
            m.stdout.len(),
            &m.stdout[m.stdout.len().saturating_sub(5)..]
        );
    }
    let prefix = format!("NEWADDR {i0} 10.");
    let kept = m.stdout.iter().filter(|l| l.starts_with(&prefix)).count();
    assert!(kept < 6000, "no event was lost, yet OVERRUN was printed");
}

// ---------------------------------------------------------------------------------------------
// mirror.

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

/// 5000 address changes made while `mirror` is stopped with SIGSTOP overflow its 4 KiB queue:
/// it reports `resync`, and its final table equals ip's, `rounds` times in a row.
pub fn check_mirror_overrun(mode: Mode, mirror: &str, rounds: u32) {
    quiet_veth("m0", "m1");
    for round in 0..rounds {
        let mut m = Running::start(mode, mirror, &["--rcvbuf", "4096", "--idle-exit", "500"]);
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
            "round {round}: {mirror} failed ({status}): {:?}",
            m.stderr
        );
        assert!(
            m.stderr.iter().any(|l| l == "resync"),
            "round {round}: no resync reported; stderr: {:?}",
            m.stderr
        );
        let table = final_table(&m.stdout);
        assert_table(&table, &format!("{mirror} round {round}"));
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

/// `mirror` started while another process adds and removes 4000 addresses converges to ip's
/// table, and sees some of the churn as it happens.
pub fn check_mirror_churn(mode: Mode, mirror: &str) {
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
    let mut m = Running::start(mode, mirror, &["--idle-exit", "500"]);
    m.wait_stderr("started: ");
    writer.join().unwrap();
    assert!(churn.wait().unwrap().success());
    let status = m.finish();
    assert!(status.success(), "{mirror} failed: {:?}", m.stderr);
    let table = final_table(&m.stdout);
    assert_table(&table, &format!("{mirror} after the churn"));
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
}

/// `mirror` prints changes as they happen, then exits 0 on SIGTERM.
pub fn check_mirror_live(mode: Mode, mirror: &str) {
    quiet_veth("m0", "m1");
    let mut m = Running::start(mode, mirror, &[]);
    m.wait_stderr("started: ");
    let i0 = ifindex("m0");
    ip(&["addr", "add", "192.0.2.1/24", "dev", "m0"]);
    m.expect(&format!("+ADDR {i0} 192.0.2.1/24"));
    ip(&["link", "set", "m0", "mtu", "1280"]);
    m.expect(&format!("~LINK {i0} m0 mtu 1280 UP"));
    m.signal("-TERM");
    let status = m.finish();
    assert!(status.code() == Some(0), "{status}: {:?}", m.stderr);
}

/// Bad arguments of `mirror`: the usage and exit status 2.
pub fn check_mirror_bad_arguments(mode: Mode, mirror: &str) {
    let bad: [&[&str]; 4] = [
        &["--rcvbuf"],
        &["--rcvbuf", "0"],
        &["--idle-exit", "x"],
        &["extra"],
    ];
    check_refused(mode, mirror, &bad, "usage: ");
}

// ---------------------------------------------------------------------------------------------
// genl_ctrl.

/// `genl ctrl list` in genl_ctrl's line format: `NAME id 0xID version V hdrsize H maxattr M
/// groups G1:0xID1,...` (`groups -` when there are none).
fn genl_ctrl_lines() -> Vec<String> {
    genl_ctrl_list()
        .into_iter()
        .map(|f| {
            let groups: Vec<String> = f
                .groups
                .iter()
                .map(|(name, id)| format!("{name}:{id:#x}"))
                .collect();
            format!(
                "{} id {:#x} version {} hdrsize {} maxattr {} groups {}",
                f.name,
                f.id,
                f.version,
                f.hdrsize,
                f.maxattr,
                if groups.is_empty() {
                    "-".to_owned()
                } else {
                    groups.join(",")
                }
            )
        })
        .collect()
}

/// `genl_ctrl list` (and with no argument) prints what `genl ctrl list` does, a line per
/// family; `genl_ctrl get nlctrl` prints nlctrl's line alone.
pub fn check_genl_ctrl_list_and_get(mode: Mode, genl_ctrl: &str) {
    let out = run(mode, genl_ctrl, &["list"])
        .success("genl_ctrl list")
        .to_owned();
    let theirs = genl_ctrl_lines();
    assert!(
        theirs.len() > 3,
        "genl ctrl list printed too little: {theirs:?}"
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        theirs,
        "{genl_ctrl} list and genl ctrl list disagree"
    );
    assert_eq!(run(mode, genl_ctrl, &[]).success("genl_ctrl"), out);

    let line = theirs.iter().find(|l| l.starts_with("nlctrl ")).unwrap();
    let out = run(mode, genl_ctrl, &["get", "nlctrl"]);
    assert_eq!(out.success("genl_ctrl get nlctrl"), format!("{line}\n"));
}

/// `get` and `policy` of a family the kernel does not have print `Error: <ENOENT's text>`
/// alone and exit 2.
pub fn check_genl_ctrl_unknown_family(mode: Mode, genl_ctrl: &str) {
    let enoent = std::io::Error::from_raw_os_error(libc::ENOENT).to_string();
    let enoent = enoent.split(" (os error").next().unwrap();
    for cmd in ["get", "policy"] {
        let r = run(mode, genl_ctrl, &[cmd, "nosuchfamily"]);
        assert!(
            r.status.code() == Some(2)
                && r.stdout.is_empty()
                && r.stderr.starts_with(&format!("Error: {enoent}"))
                && r.stderr.ends_with('\n')
                && r.stderr.lines().count() == 1,
            "{genl_ctrl} {cmd} nosuchfamily: {} {:?}",
            r.status,
            r.stderr
        );
    }
}

/// `genl_ctrl policy nlctrl` lists nlctrl's commands and their attributes, every kind and
/// property known.
pub fn check_genl_ctrl_policy(mode: Mode, genl_ctrl: &str) {
    let out = run(mode, genl_ctrl, &["policy", "nlctrl"])
        .success("genl_ctrl policy nlctrl")
        .to_owned();
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

/// Bad arguments of `genl_ctrl`: the usage and exit status 2.
pub fn check_genl_ctrl_bad_arguments(mode: Mode, genl_ctrl: &str) {
    let bad: [&[&str]; 4] = [&["get"], &["bogus"], &["list", "x"], &["policy"]];
    check_refused(mode, genl_ctrl, &bad, "usage: ");
}

// ---------------------------------------------------------------------------------------------
// nlynl.

/// nlynl (`tests/c_nlynl.rs`) or its twin, run in a mode: the runs the checks of nlynl make.
#[derive(Clone, Copy, Debug)]
pub struct Nlynl {
    pub mode: Mode,
    pub name: &'static str,
}

impl Nlynl {
    /// Runs it with `args` to its end (`run()`).
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.mode, self.name, args)
    }

    /// `--family FAMILY MODE OP [--json JSON] --output-json` (MODE: `--do`, `--dump`): the
    /// messages of the reply.
    pub fn call(&self, family: &str, mode: &str, op: &str, request: Option<&Value>) -> Vec<Value> {
        let text = request.map(Value::to_string);
        let mut args = vec!["--family", family, mode, op];
        if let Some(t) = &text {
            args.extend(["--json", t]);
        }
        args.push("--output-json");
        let what = format!("{} {}", self.name, args.join(" "));
        match serde_json::from_str(self.run(&args).success(&what)) {
            Ok(Value::Array(msgs)) => msgs,
            other => panic!("{what}: stdout is not one JSON array: {other:?}"),
        }
    }

    pub fn dump(&self, family: &str, op: &str, request: Option<&Value>) -> Vec<Value> {
        self.call(family, "--dump", op, request)
    }

    pub fn do_op(&self, family: &str, op: &str, request: &Value) -> Vec<Value> {
        self.call(family, "--do", op, Some(request))
    }

    /// The error line of a `--do` that must fail: exit status 1, one `error: ` line on stderr
    /// and nothing on stdout.
    pub fn do_error(&self, family: &str, op: &str, request: &Value) -> String {
        let text = request.to_string();
        let what = format!("{} --family {family} --do {op} --json {text}", self.name);
        let line = self
            .run(&["--family", family, "--do", op, "--json", &text])
            .failure(&what)
            .to_owned();
        assert!(line.starts_with("error: "), "{what}: {line}");
        line
    }
}

/// A number the engine printed, plainly or as hex text (`display-hint: hex`).
pub fn number(v: &Value) -> u64 {
    match v {
        Value::Number(n) => n.as_u64().expect("unsigned"),
        Value::String(s) => {
            let hex = s
                .strip_prefix("0x")
                .unwrap_or_else(|| panic!("not hex: {s}"));
            u64::from_str_radix(hex, 16).expect("hex number")
        }
        other => panic!("not a number: {other}"),
    }
}

/// Bad usage exits with 2 and the usage, before any netlink traffic.
pub fn check_nlynl_bad_arguments(n: Nlynl) {
    let bad: [&[&str]; 11] = [
        &[],
        &["--list-families", "--check"],
        &["--list-families", "--family", "nlctrl"],
        &["--family", "nlctrl"],
        &["--do"],
        &["--family", "nlctrl", "--dump", "getfamily", "extra"],
        &["--family", "nlctrl", "--list-ops", "--json", "{}"],
        &["--family", "rt-link", "--dump", "getlink", "--sleep", "1"],
        &[
            "--family",
            "rt-link",
            "--subscribe",
            "rtnlgrp-link",
            "--sleep",
            "x",
        ],
        &[
            "--family",
            "rt-link",
            "--subscribe",
            "rtnlgrp-link",
            "--sleep",
            "-1",
        ],
        &["--family", "rt-link", "--bogus"],
    ];
    check_refused(n.mode, n.name, &bad, "usage: nlynl ");
}

/// `--list-families` lists the descriptions of `specs/`, sorted; `--list-ops` a family's
/// operations with their modes; an unknown family is named with the way out.
pub fn check_nlynl_lists(n: Nlynl) {
    let mut specs: Vec<String> = std::fs::read_dir(super::cbuild::manifest_dir().join("specs"))
        .expect("list specs/")
        .filter_map(|e| {
            let name = e.expect("list specs/").file_name().into_string().unwrap();
            name.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    specs.sort();
    let out = n.run(&["--list-families"]);
    let listed: Vec<&str> = out.success("--list-families").lines().collect();
    assert_eq!(listed, specs, "{} --list-families", n.name);

    let out = n.run(&["--family", "netdev", "--list-ops"]);
    let ops = out.success("--list-ops").lines().collect::<Vec<_>>();
    assert!(ops.contains(&"dev-get [do, dump]"), "{ops:?}");
    assert!(
        ops.iter()
            .all(|l| l.ends_with(" [do]") || l.ends_with(" [dump]") || l.ends_with(" [do, dump]")),
        "{ops:?}"
    );

    let out = n.run(&["--family", "nosuch", "--list-ops"]);
    assert_eq!(
        out.failure("--family nosuch"),
        "error: no built-in description of family 'nosuch' (try --spec FILE)"
    );
}

/// The keys of `ip -j rule` the comparison covers.
const RULE_KEYS: &[&str] = &[
    "priority", "src", "srclen", "dst", "dstlen", "iif", "oif", "fwmark", "fwmask", "table",
    "action", "goto", "nop",
];

/// An `ip -j rule` entry reduced to [`RULE_KEYS`].
fn ip_rule_view(r: &Value) -> Value {
    let mut o = serde_json::Map::new();
    for k in RULE_KEYS {
        if let Some(v) = r.get(*k) {
            o.insert((*k).into(), v.clone());
        }
    }
    Value::Object(o)
}

/// A rule as nlynl prints it, in the shape of [`ip_rule_view`] (iproute2's `print_rule`).
fn nlynl_rule_view(r: &Value) -> Value {
    let mut o = serde_json::Map::new();
    o.insert(
        "priority".into(),
        json!(r.get("priority").map_or(0, number)),
    );
    // iproute2 leaves the length out for a host address (32 bits for IPv4).
    match r.get("src") {
        Some(src) => {
            o.insert("src".into(), src.clone());
            if r["src-len"] != 32 {
                o.insert("srclen".into(), r["src-len"].clone());
            }
        }
        None => {
            o.insert("src".into(), json!("all"));
        }
    }
    if let Some(dst) = r.get("dst") {
        o.insert("dst".into(), dst.clone());
        if r["dst-len"] != 32 {
            o.insert("dstlen".into(), r["dst-len"].clone());
        }
    }
    if let Some(iif) = r.get("iifname") {
        o.insert("iif".into(), iif.clone());
    }
    if let Some(oif) = r.get("oifname") {
        o.insert("oif".into(), oif.clone());
    }
    if r.get("fwmark").is_some() || r.get("fwmask").is_some() {
        let mark = r.get("fwmark").map_or(0, number);
        o.insert("fwmark".into(), json!(format!("{mark:#x}")));
        let mask = r.get("fwmask").map_or(0xffff_ffff, number);
        if mask != 0xffff_ffff {
            o.insert("fwmask".into(), json!(format!("{mask:#x}")));
        }
    }
    // The table: the attribute when the kernel sends it, the header's byte otherwise. A
    // description names both "table", so the printed value is one of the two; the tests use
    // tables below 256, where they agree.
    let table = number(&r["table"]);
    if table != 0 {
        o.insert("table".into(), json!(table_name(table)));
    }
    match r["action"].as_str().expect("action by name") {
        "to-tbl" => {}
        "goto" => {
            o.insert("goto".into(), json!(number(&r["goto"])));
        }
        "nop" => {
            o.insert("nop".into(), Value::Null);
        }
        other => {
            o.insert("action".into(), json!(other));
        }
    }
    Value::Object(o)
}

/// `ip -j rule`, each reduced by [`ip_rule_view`].
fn ip_rules() -> Vec<Value> {
    ip_json(&["rule", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(ip_rule_view)
        .collect()
}

/// rt-rule's IPv4 rules as nlynl dumps them, in the shape of [`ip_rule_view`].
fn nlynl_rules(n: Nlynl) -> Vec<Value> {
    n.dump("rt-rule", "getrule", Some(&json!({"family": 2})))
        .iter()
        .map(nlynl_rule_view)
        .collect()
}

/// rt-rule's getrule dump equals `ip -j rule`, for rules of every kind.
pub fn check_nlynl_rule_dump(n: Nlynl) {
    veth("ru0", "ru1");
    for rule in [
        "pref 100 from 10.1.0.0/16 table 100",
        "pref 101 to 10.2.0.0/24 iif lo table 101",
        "pref 102 fwmark 0x10/0xff table main",
        "pref 103 oif ru0 blackhole",
        "pref 104 goto 200",
        "pref 105 fwmark 7 unreachable",
        "pref 106 nop",
        "pref 107 from 192.0.2.1 to 198.51.100.0/25 table 250",
        "pref 200 prohibit",
    ] {
        let mut args = vec!["rule", "add"];
        args.extend(rule.split(' '));
        ip(&args);
    }
    let ours = nlynl_rules(n);
    assert_eq!(ours.len(), 12, "three default rules and ours: {ours:#?}");
    assert_eq!(ours, ip_rules());
}

/// Rules added and deleted with `--do` (a change answered with the ACK alone: `[]`) are seen
/// by ip, and rules ip adds are dumped.
pub fn check_nlynl_rules_added(n: Nlynl) {
    veth("rv0", "rv1");
    let rule = json!({
        "family": 2, "action": "to-tbl", "table": 150, "priority": 300,
        "src": "10.9.0.0", "src-len": 16, "dst": "10.8.1.0", "dst-len": 24,
        "iifname": "rv0", "fwmark": 0x20, "fwmask": 0xf0,
    });
    assert!(n.do_op("rt-rule", "newrule", &rule).is_empty());
    let seen: Vec<Value> = ip_rules()
        .into_iter()
        .filter(|r| r["priority"] == 300)
        .collect();
    assert_eq!(
        seen,
        [json!({
            "priority": 300, "src": "10.9.0.0", "srclen": 16, "dst": "10.8.1.0",
            "dstlen": 24, "iif": "rv0", "fwmark": "0x20", "fwmask": "0xf0", "table": "150",
        })]
    );
    assert_eq!(nlynl_rules(n), ip_rules());

    // Without --output-json, a change answered with the ACK alone prints nothing.
    let text = rule.to_string();
    let args = ["--family", "rt-rule", "--do", "delrule", "--json", &text];
    assert_eq!(n.run(&args).success("--do delrule"), "");
    assert!(ip_rules().iter().all(|r| r["priority"] != 300));

    // The reverse: iproute2 adds and deletes, nlynl sees.
    ip(&["rule", "add", "pref", "310", "oif", "rv1", "table", "151"]);
    assert!(nlynl_rules(n).contains(&json!({
        "priority": 310, "src": "all", "oif": "rv1", "table": "151",
    })));
    assert_eq!(nlynl_rules(n), ip_rules());
    ip(&["rule", "del", "pref", "310"]);
    assert!(nlynl_rules(n).iter().all(|r| r["priority"] != 310));
    assert_eq!(nlynl_rules(n), ip_rules());
}

/// netdev's dev-get dump lists every link ip lists.
pub fn check_nlynl_netdev_dev_get(n: Nlynl) {
    veth("nd0", "nd1");
    ip(&["link", "add", "nd-br", "type", "bridge"]);
    ip(&["link", "add", "nd-mv", "link", "nd0", "type", "macvlan"]);
    let ours: BTreeSet<u64> = n
        .dump("netdev", "dev-get", None)
        .iter()
        .map(|d| number(&d["ifindex"]))
        .collect();
    let theirs: BTreeSet<u64> = ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifindex"].as_u64().expect("ifindex"))
        .collect();
    assert_eq!(theirs.len(), 5);
    assert_eq!(ours, theirs);

    // The two layouts of the same messages: one a line, or the lines as one JSON array's items
    // (`[` before the first, `,` ending every line but the last, `]` after it).
    let lines = n.run(&["--family", "netdev", "--dump", "dev-get"]);
    let lines: Vec<&str> = lines.success("--dump dev-get").lines().collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    let array = n.run(&["--family", "netdev", "--dump", "dev-get", "--output-json"]);
    let array = array.success("--dump dev-get --output-json");
    assert_eq!(array, format!("[{}]\n", lines.join(",\n")));
    // An empty dump is an empty array: no link here has a page pool (veth makes one for XDP
    // only).
    let none = n.run(&[
        "--family",
        "netdev",
        "--dump",
        "page-pool-get",
        "--output-json",
    ]);
    assert_eq!(none.success("--dump page-pool-get --output-json"), "[]\n");
}

/// An ethtool request for device `dev` (its `header`).
pub fn ethtool_header(dev: &str) -> Value {
    json!({"header": {"dev-name": dev}})
}

/// ethtool's refusals name the attribute by the description's names, in the kernel's words
/// or the engine's.
pub fn check_nlynl_ethtool_errors(n: Nlynl) {
    veth("ee0", "ee1");
    let line = n.do_error("ethtool", "channels-get", &ethtool_header("no-such-dev"));
    assert!(line.starts_with("error: No such device"), "{line}");
    assert!(line.ends_with("(attribute header.dev-name)"), "{line}");

    let set = json!({"header": {"dev-name": "ee0"}, "rx-count": 1000});
    let line = n.do_error("ethtool", "channels-set", &set);
    assert!(line.starts_with("error: Invalid argument"), "{line}");
    assert!(line.ends_with("(attribute rx-count)"), "{line}");

    // Values the description rules out never reach the kernel: named by their path.
    for (value, path) in [
        (
            json!({"header": {"dev-name": "ee0"}, "rx-count": 1u64 << 40}),
            "rx-count",
        ),
        (json!({"header": {"dev-index": "one"}}), "header.dev-index"),
    ] {
        let line = n.do_error("ethtool", "channels-set", &value);
        assert!(line.contains(path), "{value}: {line}");
    }
}

/// `--check` agrees for the built-in generic families, and names the mistakes planted in a
/// description.
pub fn check_nlynl_check(n: Nlynl) {
    for family in ["nlctrl", "netdev", "ethtool", "mptcp_pm", "tcp_metrics"] {
        let run = n.run(&["--family", family, "--check"]);
        assert_eq!(
            run.success(&format!("{} --family {family} --check", n.name)),
            "the description agrees with the kernel\n"
        );
    }

    // netdev with its dev-get request attribute typed u16 and queue-get's type left out;
    // and an operation, value 9, that this kernel does not have (page-pool-stats-get
    // needs CONFIG_PAGE_POOL_STATS).
    let wrong = "
name: netdev
protocol: genetlink
doc: netdev, wrongly described on purpose.
attribute-sets:
  - {name: dev, attributes: [{name: ifindex, type: u16}]}
  - {name: queue, attributes: [{name: id, type: u32}, {name: ifindex, type: u32}]}
operations:
  list:
    - {name: dev-get, doc: Get., attribute-set: dev, do: {request: {attributes: [ifindex]}}}
    - {name: page-pool-stats-get, value: 9, doc: Stats., attribute-set: dev,
       do: {request: {attributes: [ifindex]}}}
    - {name: queue-get, value: 10, doc: Get., attribute-set: queue,
       do: {request: {attributes: [ifindex, id]}}}
";
    // A file of this check's own: the checks of nlynl and its twin run at once, in every mode.
    let path = std::env::temp_dir().join(format!(
        "nlrs-{}-{:?}-{}.yaml",
        n.name,
        n.mode,
        std::process::id()
    ));
    std::fs::write(&path, wrong).unwrap();
    let run = n.run(&[
        "--family",
        "netdev",
        "--spec",
        path.to_str().unwrap(),
        "--check",
    ]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{} --check: {}",
        n.name,
        run.stderr
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    let has = |parts: &[&str]| lines.iter().any(|l| parts.iter().all(|p| l.contains(p)));
    assert!(
        has(&["operation dev-get", "attribute ifindex"]),
        "{lines:#?}"
    );
    assert!(
        has(&["operation page-pool-stats-get", "command 9"]),
        "{lines:#?}"
    );
    assert!(has(&["operation queue-get", "type 3"]), "{lines:#?}");
}

/// Runs `--family FAMILY --subscribe GROUP --sleep SECONDS` while `change(i)` runs every
/// step (nlynl says nothing when it has subscribed, so changes go on until it must have: for
/// longer under valgrind, which is slow to start); returns the notifications it printed, one
/// JSON object a line.
pub fn notifications(n: Nlynl, family: &str, group: &str, change: impl Fn(u32)) -> Vec<Value> {
    let (sleep, step) = if n.mode == Mode::Valgrind {
        ("12", 500)
    } else {
        ("3", 100)
    };
    let args = ["--family", family, "--subscribe", group, "--sleep", sleep];
    let mut child = Running::start(n.mode, n.name, &args);
    for i in 0..20 {
        thread::sleep(Duration::from_millis(step));
        change(i);
    }
    let status = child.finish();
    assert!(
        status.success() && child.stderr.is_empty(),
        "{} --subscribe {group}: {status} {:?}",
        n.name,
        child.stderr
    );
    child
        .stdout
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Notifications of rt-rule's and rt-link's groups are decoded by the descriptions' names.
pub fn check_nlynl_notifications(n: Nlynl) {
    let got = notifications(n, "rt-rule", "rtnlgrp-ipv4-rule", |i| {
        let pref = (2000 + i).to_string();
        ip(&[
            "rule", "add", "pref", &pref, "fwmark", "0x42", "table", "120",
        ]);
    });
    let rules: Vec<&Value> = got
        .iter()
        .filter(|ntf| ntf["name"] == "newrule-ntf")
        .map(|ntf| &ntf["msg"])
        .collect();
    assert!(!rules.is_empty(), "{got:#?}");
    for r in rules {
        let pref = number(&r["priority"]);
        assert!((2000..2020).contains(&pref), "{r}");
        assert_eq!((&r["family"], &r["action"]), (&json!(2), &json!("to-tbl")));
        assert_eq!((number(&r["fwmark"]), number(&r["table"])), (0x42, 120));
    }

    let got = notifications(n, "rt-link", "rtnlgrp-link", |i| {
        ip(&["link", "add", &format!("nt{i}"), "type", "bridge"]);
    });
    let links: Vec<&Value> = got
        .iter()
        .filter(|ntf| ntf["name"] == "newlink-ntf")
        .map(|ntf| &ntf["msg"])
        .filter(|m| {
            m["ifname"]
                .as_str()
                .is_some_and(|name| name.starts_with("nt"))
        })
        .collect();
    assert!(!links.is_empty(), "{got:#?}");
    for l in links {
        let name = l["ifname"].as_str().unwrap();
        assert_eq!(number(&l["ifi-index"]), ifindex(name) as u64, "{l}");
        assert_eq!(l["linkinfo"]["kind"], "bridge", "{l}");
    }
}
