//! The checks of the example programs of `c-examples/` against the real kernel, with iproute2
//! as the oracle, each taking the name of the program it runs: the C programs
//! (`tests/c_examples.rs`, `tests/c_events.rs`) and their C++ twins (`tests/cpp_header.rs`,
//! `NAME_cpp`) go through the same checks, so that a twin is held to exactly what its C
//! program is. Every check runs in the calling thread's network namespace (`in_netns`), in the
//! [`Mode`] it is given.

use super::cbuild::Mode;
use super::{ifindex, ip, ip_batch, ip_json, ip_link_lines, quiet_veth, veth};

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
    for (name, args) in [
        (set_mtu, &[][..]),
        (set_mtu, &["lo"][..]),
        (set_mtu, &["lo", "12x"][..]),
        (set_mtu, &["lo", "-1"][..]),
        (set_mtu, &["lo", "4294967296"][..]),
        (monitor, &["-n"][..]),
        (monitor, &["-n", "0"][..]),
        (monitor, &["extra"][..]),
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
    for args in [
        &["--rcvbuf"][..],
        &["--rcvbuf", "0"][..],
        &["--idle-exit", "x"][..],
        &["extra"][..],
    ] {
        let r = run(mode, mirror, args);
        assert!(
            r.status.code() == Some(2) && r.stdout.is_empty() && r.stderr.starts_with("usage: "),
            "{mirror} {args:?}: {} {:?}",
            r.status,
            r.stderr
        );
    }
}
