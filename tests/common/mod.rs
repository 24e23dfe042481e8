//! Fixtures for tests against the real kernel: a private network namespace per test thread,
//! iproute2 as the oracle, its `ip -j` output read with serde_json.
#![allow(dead_code)] // each test crate uses a different part

pub mod capi;
pub mod cbuild;
pub mod examples;
pub mod fixture;
pub mod genl_ctrl;
pub mod objects;
pub mod rng;
pub mod routes;

use std::process::Command;

/// The calling thread's own network namespace, made with `unshare(CLONE_NEWNET)`. Every test
/// runs in one, so tests running in parallel threads never see each other's links. A test
/// that cannot get one fails loudly: nothing is skipped.
pub fn private_netns() {
    // SAFETY: plain system call affecting only the calling thread.
    let rc = unsafe { libc::unshare(libc::CLONE_NEWNET) };
    assert_eq!(
        rc,
        0,
        "cannot create a private network namespace ({}): run the tests as root, or as a \
         normal user inside `unshare -rn` (the README's test command does that)",
        std::io::Error::last_os_error()
    );
    ip(&["link", "set", "lo", "up"]);
}

/// Runs `f` on a thread of its own in a private network namespace, so that the checks of one
/// test never see another's links; panics are passed on.
pub fn in_netns(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::spawn(move || {
        private_netns();
        f()
    });
    if let Err(panic) = handle.join() {
        std::panic::resume_unwind(panic);
    }
}

/// Runs `ip ARGS` in the calling thread's namespace (a child inherits it) and returns stdout;
/// panics with ip's stderr when it fails.
pub fn ip(args: &[&str]) -> String {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("run ip (is iproute2 installed?)");
    assert!(
        out.status.success(),
        "ip {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("ip prints UTF-8")
}

/// The changes whose events the monitor tests expect in this order, made with ip on the
/// veth end `e0` (the pair is made by the caller): an address, a route in table 77 and a
/// neighbour added, then the route, the neighbour and the address removed, then `e0` down
/// and deleted.
pub fn ordered_changes() {
    ip(&["addr", "add", "10.7.0.1/24", "dev", "e0"]);
    ip(&["route", "add", "10.8.0.0/16", "dev", "e0", "table", "77"]);
    ip(&[
        "neigh",
        "add",
        "10.7.0.9",
        "lladdr",
        "02:00:00:00:00:09",
        "dev",
        "e0",
    ]);
    ip(&["route", "del", "10.8.0.0/16", "dev", "e0", "table", "77"]);
    ip(&["neigh", "del", "10.7.0.9", "dev", "e0"]);
    ip(&["addr", "del", "10.7.0.1/24", "dev", "e0"]);
    ip(&["link", "set", "e0", "down"]);
    ip(&["link", "del", "e0"]);
}

/// `ip -j ARGS`, parsed.
pub fn ip_json(args: &[&str]) -> serde_json::Value {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    serde_json::from_str(&ip(&full)).expect("ip -j prints JSON")
}

/// Runs `ip -batch -` with `lines` on standard input.
pub fn ip_batch(lines: &str) {
    ip_batch_out(&[], lines);
}

/// Runs `ip FLAGS -batch -` with `lines` on standard input and returns stdout; panics when
/// a line fails.
pub fn ip_batch_out(flags: &[&str], lines: &str) -> String {
    let mut cmd = Command::new("ip");
    cmd.args(flags).args(["-batch", "-"]);
    let out = output_with_input(cmd, lines);
    assert!(out.status.success(), "ip -batch failed");
    String::from_utf8(out.stdout).expect("ip prints UTF-8")
}

/// Runs `cmd` with `input` on its standard input, to its end: its status, stdout and stderr
/// (stderr passed through unless `cmd` says otherwise).
pub fn output_with_input(mut cmd: Command, input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    // Written from a thread of its own, so that a full stdout pipe cannot block both sides.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

/// Waits until `fd` is readable or `ms` milliseconds pass; whether it is readable.
pub fn wait_readable(fd: i32, ms: i32) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut p, 1, ms) > 0 }
}

/// The name iproute2 gives routing table `t` (`rtnl_rttable_n2a`).
pub fn table_name(t: u64) -> String {
    match t {
        253 => "default".into(),
        254 => "main".into(),
        255 => "local".into(),
        n => n.to_string(),
    }
}

/// The interface index of `name`, as iproute2 reports it.
pub fn ifindex(name: &str) -> i32 {
    let v = ip_json(&["link", "show", "dev", name]);
    v[0]["ifindex"].as_i64().expect("ifindex") as i32
}

/// The interface index of `name`, as iproute2 reports it, as the Rust API takes it.
pub fn link_index(name: &str) -> nlrs::rtnl::IfIndex {
    nlrs::rtnl::IfIndex::new(ifindex(name) as u32)
}

/// A veth pair `a`/`b`, both up, operationally too: linkwatch announces the carrier (and
/// marks routes) up to a second after `ip link set ... up`, which a mirror started meanwhile
/// would see as a change of the links that asks it to re-dump its routes.
pub fn veth(a: &str, b: &str) {
    ip(&["link", "add", a, "type", "veth", "peer", "name", b]);
    ip(&["link", "set", a, "up"]);
    ip(&["link", "set", b, "up"]);
    wait_up(&[a, b]);
}

/// Waits until the links `names` are operationally up (their carrier is announced by
/// linkwatch, up to a second after `ip link set ... up`), at most 10 s.
pub fn wait_up(names: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        // Asked of ip: /sys shows the namespace it was mounted in, not this thread's.
        let links = ip_json(&["link", "show"]);
        let up = |name: &&str| {
            links.as_array().unwrap().iter().any(|l| {
                l["ifname"].as_str() == Some(name) && l["operstate"].as_str() == Some("UP")
            })
        };
        if names.iter().all(up) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "links did not come up: {links:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Waits until table local has the local route of each IPv6 address `addrs`, at most 10 s:
/// the kernel adds it from a work queue once the address's duplicate address detection ends,
/// even for a `nodad` address, after `ip addr add` has returned.
pub fn wait_local_routes(addrs: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let local = ip_json(&["-6", "route", "show", "table", "local"]);
        let has = |a: &&str| {
            let routes = local.as_array().unwrap();
            routes.iter().any(|r| r["dst"].as_str() == Some(a))
        };
        if addrs.iter().all(has) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no local route for some of {addrs:?}: {local:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A veth pair `a`/`b` that nothing changes on its own once this returns: both up with their
/// carrier (which linkwatch announces up to a second after `up`), and without IPv6 link-local
/// addresses (the kernel would add and announce them when the carrier comes, and again when
/// their duplicate address detection ends). For tests that compare a mirror with `ip`, or
/// count events, after a quiet window.
pub fn quiet_veth(a: &str, b: &str) {
    std::fs::write("/proc/sys/net/ipv6/conf/default/addr_gen_mode", "1").unwrap();
    veth(a, b);
    wait_up(&[a, b]);
}

/// A veth pair `huge0`/`huge1` where huge0 has 496 alternative names of 127 bytes: its
/// messages grow past 64 KiB, the size of a socket's first receive buffer (the kernel refuses
/// more names).
pub fn huge_link() {
    ip(&[
        "link", "add", "huge0", "type", "veth", "peer", "name", "huge1",
    ]);
    let lines: String = (0..496)
        .map(|i| format!("link property add dev huge0 altname a{i:04}{:0>122}\n", 0))
        .collect();
    ip_batch(&lines);
}

/// A named namespace (`ip netns add`), unique to this process and test, removed on drop.
pub struct NamedNetns {
    pub name: String,
}

impl NamedNetns {
    pub fn new(tag: &str) -> Self {
        let name = format!("nlrs-{tag}-{}-{}", std::process::id(), unique());
        ip(&["netns", "add", &name]);
        NamedNetns { name }
    }

    pub fn path(&self) -> String {
        format!("/run/netns/{}", self.name)
    }
}

impl Drop for NamedNetns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// `ip -j link` as link_dump's lines: `INDEX NAME mtu MTU UP|DOWN`.
pub fn ip_link_lines() -> Vec<String> {
    let links = ip_json(&["link", "show"]);
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let up = l["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.as_str() == Some("UP"));
            format!(
                "{} {} mtu {} {}",
                l["ifindex"].as_i64().expect("ifindex"),
                l["ifname"].as_str().expect("ifname"),
                l["mtu"].as_i64().expect("mtu"),
                if up { "UP" } else { "DOWN" }
            )
        })
        .collect()
}
