//! A seeded randomized differential test of the typed rtnetlink objects against iproute2, both
//! ways, each seed in private network namespaces:
//!
//! - made by iproute2, read by nlrs: random links of every kind the kernel has, with random
//!   attributes, addresses, routes and neighbours, made with `ip -force -batch`; then nlrs's
//!   dumps and gets (Rust, and the C API's getters) must say what `ip -j -d` says, field by
//!   field, for every field the typed API has a getter for;
//! - made by nlrs, read by iproute2: random specs and changes with every setter, each one
//!   sent by nlrs (the Rust API or the C API; routes with metrics, locks, type of service,
//!   `onlink`, source prefixes, realms, preferences and expiry) in one namespace and by `ip`
//!   in a twin that started the same; both must end alike (`ip -j` of both), and fail alike (the kernel's
//!   errno and extended ACK text, as `ip` prints them).
//!
//! `NLRS_SEED=N` runs seed N alone; a failure names its seed and prints what was done.

mod common;

use common::capi::*;
use common::objects::{addr_flags_of_ip, link_flags_of_ip};
use common::rng::Rng;
use common::{ip, NamedNetns};
use nlrs::conn::{Error, Socket};
use nlrs::rtnl::addr::{self, Addr, AddrFilter, AddrSpec};
use nlrs::rtnl::link::{
    self, BondMode, IpvlanMode, Link, LinkChange, LinkData, LinkFilter, LinkKind, MacvlanMode,
    VlanProtocol, Vxlan,
};
use nlrs::rtnl::neigh::{self, state_names, Neigh, NeighFilter, NeighSpec};
use nlrs::rtnl::route::{self, Nexthop, Route, RouteFilter, RouteMetrics, RouteSpec, RouteType};
use nlrs::rtnl::{HwAddr, IfIndex, IpBytes, IpPrefix, Mode, RouteProtocol, Scope, Spec};
use nlrs::wire::consts::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::CString;
use std::net::IpAddr;
use std::os::fd::AsRawFd;
use std::process::Command;
use std::time::{Duration, Instant};

/// The seeds a default run tries.
const SEEDS: [u64; 2] = [1, 2];

/// The seeds to run: `NLRS_SEED` alone when set.
fn seeds() -> Vec<u64> {
    match std::env::var("NLRS_SEED").ok().and_then(|s| s.parse().ok()) {
        Some(seed) => vec![seed],
        None => SEEDS.to_vec(),
    }
}

fn sock() -> Socket {
    Socket::open(proto::ROUTE).unwrap()
}

/// Runs `ip ARGS` (with `-n NETNS` first when given): stdout, or the first line of stderr.
fn ip_in(netns: Option<&str>, args: &[String]) -> Result<String, String> {
    let mut cmd = Command::new("ip");
    if let Some(ns) = netns {
        cmd.args(["-n", ns]);
    }
    let out = cmd.args(args).output().expect("run ip");
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        // The error, after any warnings about what ip sends anyway.
        let err = String::from_utf8_lossy(&out.stderr);
        let mut lines = err.lines().filter(|l| !l.starts_with("Warning:"));
        Err(lines.next().unwrap_or("").trim().to_string())
    }
}

/// `ip -j ARGS` in `netns` (or this thread's), parsed.
fn ip_json_in(netns: Option<&str>, args: &[&str]) -> Value {
    let mut full = vec!["-j".to_string()];
    full.extend(args.iter().map(|a| a.to_string()));
    let out = ip_in(netns, &full).unwrap_or_else(|e| panic!("ip {args:?}: {e}"));
    if out.trim().is_empty() {
        return Value::Array(vec![]);
    }
    serde_json::from_str(&out).expect("ip -j prints JSON")
}

/// Sets sysctl `path` (under /proc/sys/net) of this thread's namespace.
fn sysctl(path: &str, value: &str) {
    std::fs::write(format!("/proc/sys/net/{path}"), value)
        .unwrap_or_else(|e| panic!("sysctl {path}: {e}"));
}

/// No IPv6 link-local addresses, which the kernel would make (and change) on its own.
fn quiet_kernel() {
    sysctl("ipv6/conf/default/addr_gen_mode", "1");
    sysctl("ipv6/conf/all/addr_gen_mode", "1");
}

/// The text `ip` prints for a kernel error: the extended ACK's message, else the errno's.
fn ip_error_text(e: &Error) -> String {
    match e.kernel() {
        Some(k) => kernel_error_text(k.errno, k.ext.message.as_deref()),
        None => format!("not a kernel error: {e}"),
    }
}

/// As iproute2 6.1 prints an error: `Error: MSG.` or `RTNETLINK answers: STRERROR`.
fn kernel_error_text(errno: i32, message: Option<&str>) -> String {
    match message {
        // ip ends the message with a full stop unless it has one.
        Some(m) if m.ends_with('.') => format!("Error: {m}"),
        Some(m) => format!("Error: {m}."),
        None => {
            let text = std::io::Error::from_raw_os_error(errno).to_string();
            let text = text.split(" (os error").next().unwrap_or("").to_string();
            format!("RTNETLINK answers: {text}")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Made by iproute2, read by nlrs.

/// The link kinds of the test, each with what `ip link add` needs after `type KIND`; the
/// ones this kernel lacks are left out (see [`kinds_present`]).
const KINDS: [&str; 14] = [
    "dummy",
    "veth",
    "bridge",
    "vlan",
    "macvlan",
    "vxlan",
    "bond",
    "ifb",
    "ipip",
    "gre",
    "sit",
    "vrf",
    "wireguard",
    "veth",
];

/// The kinds of [`KINDS`] this kernel can make.
fn kinds_present() -> Vec<&'static str> {
    ip(&["link", "add", "kp", "type", "veth", "peer", "name", "kq"]);
    let mut out: Vec<&str> = KINDS
        .into_iter()
        .filter(|k| {
            let extra: &[&str] = match *k {
                "vlan" => &["id", "9"],
                "vxlan" => &["id", "9", "dstport", "4789"],
                "vrf" => &["table", "9"],
                _ => &[],
            };
            let mut args = vec!["link", "add"];
            if matches!(*k, "vlan" | "macvlan") {
                args.extend(["link", "kp"]);
            }
            args.extend(["probe0", "type", k]);
            args.extend(extra);
            let ok = Command::new("ip")
                .args(&args)
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap()
                .success();
            let _ = Command::new("ip")
                .args(["link", "del", "probe0"])
                .stderr(std::process::Stdio::null())
                .status();
            ok
        })
        .collect();
    ip(&["link", "del", "kp"]);
    out.dedup();
    out
}

const LINKS: [&str; 8] = ["l0", "l1", "l2", "l3", "l4", "l5", "p0", "p1"];

fn mac(rng: &mut Rng) -> String {
    format!(
        "02:00:00:{:02x}:{:02x}:{:02x}",
        rng.below(4),
        rng.below(4),
        rng.below(256)
    )
}

fn v4(rng: &mut Rng) -> String {
    format!("10.{}.{}.{}", rng.below(3), rng.below(3), rng.below(4) + 1)
}

fn v6(rng: &mut Rng) -> String {
    format!("2001:db8:{}::{}", rng.below(3), rng.below(4) + 1)
}

/// A random `link add` line.
fn link_add(rng: &mut Rng, kinds: &[&str]) -> String {
    let name = rng.pick(&LINKS);
    let other = rng.pick(&LINKS);
    let kind = rng.pick(kinds);
    let mut l = "link add ".to_string();
    if matches!(kind, "vlan" | "macvlan") {
        l += &format!("link {other} ");
    }
    l += name;
    if rng.one_in(2) {
        l += &format!(
            " mtu {}",
            rng.pick(&[68, 1280, 1400, 1500, 9000, 65535, 70000])
        );
    }
    if rng.one_in(3) && !matches!(kind, "ipip" | "gre" | "sit" | "wireguard") {
        l += &format!(" address {}", mac(rng));
    }
    if rng.one_in(3) {
        l += &format!(" txqueuelen {}", rng.pick(&[0, 10, 500, 5000]));
    }
    if rng.one_in(4) {
        l += &format!(" gso_max_size {}", rng.pick(&[16384, 32768, 65536]));
    }
    if rng.one_in(4) {
        l += &format!(" gro_max_size {}", rng.pick(&[16384, 32768, 65536]));
    }
    l += &format!(" type {kind}");
    l += &match kind {
        "veth" => {
            let peer = rng.pick(&LINKS);
            match rng.below(3) {
                0 => format!(" peer name {peer} address {}", mac(rng)),
                1 => format!(" peer name {peer} mtu {}", rng.pick(&[1400, 9000])),
                _ => format!(" peer name {peer}"),
            }
        }
        "bridge" => {
            let mut o = String::new();
            for (opt, vals) in [
                ("stp_state", &[0, 1][..]),
                ("vlan_filtering", &[0, 1]),
                ("forward_delay", &[200, 1500]),
                ("ageing_time", &[1000, 30000]),
                ("mcast_snooping", &[0, 1]),
                ("vlan_default_pvid", &[0, 1, 7]),
            ] {
                if rng.one_in(3) {
                    o += &format!(" {opt} {}", rng.pick(vals));
                }
            }
            o
        }
        "vlan" => format!(" id {}", rng.below(5) + 1),
        "macvlan" => format!(
            " mode {}",
            rng.pick(&["bridge", "private", "vepa", "passthru"])
        ),
        "vxlan" => {
            let mut o = format!(
                " id {} dstport {}",
                rng.below(4) + 1,
                rng.pick(&[4789, 8472])
            );
            if rng.one_in(2) {
                o += &format!(" local {}", v4(rng));
            }
            if rng.one_in(3) {
                o += &format!(" remote {}", v4(rng));
            }
            o
        }
        "bond" => format!(
            " mode {}",
            rng.pick(&["active-backup", "balance-rr", "802.3ad"])
        ),
        "ipip" | "gre" | "sit" => format!(" local {} remote {}", v4(rng), v4(rng)),
        "vrf" => format!(" table {}", rng.pick(&[10, 1000, 100000])),
        _ => String::new(),
    };
    l
}

/// A random `link set` (or `link property`, `link del`) line.
fn link_set(rng: &mut Rng, away: &str) -> String {
    let dev = rng.pick(&LINKS);
    let other = rng.pick(&LINKS);
    match rng.below(17) {
        0..=2 => format!("link set {dev} {}", rng.pick(&["up", "down"])),
        3 => format!("link set {dev} master {other}"),
        4 => format!("link set {dev} nomaster"),
        5 => format!("link set {dev} mtu {}", rng.pick(&[68, 1280, 1500, 9000])),
        6 => format!("link set {dev} address {}", mac(rng)),
        7 => format!("link set {dev} txqueuelen {}", rng.pick(&[0, 100, 3000])),
        8 => format!("link set {dev} alias a{}", rng.below(3)),
        9 => format!("link set {dev} group {}", rng.below(4)),
        // Alternative names up to 127 bytes: past 15, a request names the link by one
        // in IFLA_ALT_IFNAME.
        10 => {
            let long = rng.pick(&["", "-an-alternative-name-longer-than-ifnamsiz"]);
            format!(
                "link property add dev {dev} altname {other}x{}{long}",
                rng.below(3)
            )
        }
        11 => format!("link set {dev} gso_max_size {}", rng.pick(&[8192, 65536])),
        12 => format!("link set {dev} gro_max_size {}", rng.pick(&[8192, 65536])),
        13 => {
            let flag = rng.pick(&["arp", "promisc", "allmulticast", "multicast", "dynamic"]);
            format!("link set {dev} {flag} {}", rng.pick(&["on", "off"]))
        }
        14 => format!("link set {dev} down\nlink set {dev} name {other}"),
        15 if rng.one_in(2) => format!("link set {dev} broadcast {}", mac(rng)),
        // Gone for good (from here): a veth's peer left behind points at another namespace.
        15 => format!("link set {dev} netns {away}"),
        _ => format!("link del {dev}"),
    }
}

/// A random `addr` line.
fn addr_line(rng: &mut Rng) -> String {
    let dev = rng.pick(&LINKS);
    let verb = rng.pick(&["add", "add", "add", "replace", "change", "del"]);
    let mut l = if rng.one_in(2) {
        let mut l = format!("addr {verb} {}", v4(rng));
        match rng.below(3) {
            0 => l += &format!(" peer {}/{}", v4(rng), rng.pick(&[24, 32, 16])),
            _ => l += &format!("/{}", rng.pick(&[8, 24, 30, 32])),
        }
        match rng.below(4) {
            0 => l += &format!(" broadcast {}", v4(rng)),
            1 => l += " brd +",
            _ => {}
        }
        if rng.one_in(3) {
            l += &format!(" label {dev}:{}", rng.below(3));
        }
        l
    } else {
        let mut l = format!("addr {verb} {}", v6(rng));
        match rng.below(4) {
            0 => l += &format!(" peer {}/128", v6(rng)),
            _ => l += &format!("/{}", rng.pick(&[48, 64, 128])),
        }
        for f in ["nodad", "home", "mngtmpaddr", "optimistic"] {
            if rng.one_in(3) {
                l += &format!(" {f}");
            }
        }
        l
    };
    if rng.one_in(3) {
        l += " noprefixroute";
    }
    if rng.one_in(3) {
        l += &format!(
            " scope {}",
            rng.pick(&["global", "site", "link", "host", "100"])
        );
    }
    if rng.one_in(3) {
        let valid = rng.pick(&[100, 1000, 4000]);
        let preferred = rng.pick(&[0, 50, 100]);
        l += &format!(" valid_lft {valid} preferred_lft {preferred}");
    }
    l + &format!(" dev {dev}")
}

/// A random `route` line.
fn route_line(rng: &mut Rng) -> String {
    let verb = rng.pick(&[
        "add", "add", "add", "replace", "append", "prepend", "change", "del",
    ]);
    let six = rng.one_in(3);
    let rtype = rng.pick(&[
        "unicast",
        "unicast",
        "unicast",
        "blackhole",
        "unreachable",
        "prohibit",
        "throw",
        "local",
        "broadcast",
        "anycast",
        "multicast",
    ]);
    let dst = match (six, rng.below(4)) {
        (false, 0) => "default".to_string(),
        (false, _) => format!(
            "10.{}.{}.0/{}",
            100 + rng.below(3),
            rng.below(2),
            rng.pick(&[24, 16, 32])
        ),
        (true, 0) => "default".to_string(),
        (true, _) => format!(
            "2001:db8:{}::/{}",
            100 + rng.below(3),
            rng.pick(&[48, 64, 128])
        ),
    };
    let mut l = format!("route {verb} {rtype} {dst}");
    if !six && rng.one_in(5) {
        l += &format!(" tos 0x{:x}", rng.pick(&[4, 8, 16]));
    }
    let dev = rng.pick(&LINKS);
    // Paths go last: `ip route` reads nothing after them.
    let mut paths = String::new();
    if rng.one_in(4) {
        for _ in 0..=rng.below(3) {
            let gw = if six { v6(rng) } else { v4(rng) };
            paths += &format!(
                " nexthop via {gw} dev {} weight {}",
                rng.pick(&LINKS),
                rng.below(5) + 1
            );
            if rng.one_in(3) {
                paths += " onlink";
            }
        }
    } else {
        match rng.below(4) {
            0 => l += &format!(" via {}", if six { v6(rng) } else { v4(rng) }),
            1 if !six => l += &format!(" via inet6 {}", rng.pick(&["fe80::1", "2001:db8:1::2"])),
            _ => {}
        }
        if rng.below(4) > 0 {
            l += &format!(" dev {dev}");
        }
        if rng.one_in(4) {
            l += " onlink";
        }
    }
    if rng.one_in(2) {
        l += &format!(
            " table {}",
            rng.pick(&["main", "local", "10", "255", "1000", "100000"])
        );
    }
    if rng.one_in(3) {
        l += &format!(" metric {}", rng.pick(&[0, 7, 1024, 4294967295u32]));
    }
    if rng.one_in(4) {
        l += &format!(
            " scope {}",
            rng.pick(&["global", "link", "host", "site", "7"])
        );
    }
    if rng.one_in(3) {
        l += &format!(
            " proto {}",
            rng.pick(&["static", "kernel", "bird", "99", "17", "250"])
        );
    }
    if rng.one_in(5) {
        l += &format!(" src {}", if six { v6(rng) } else { v4(rng) });
    }
    if !six && rng.one_in(5) {
        l += &format!(" realm {}", rng.pick(&["5", "1/5", "7/0"]));
    }
    for (m, vals) in [
        ("mtu", &["1300", "lock 1400"][..]),
        ("advmss", &["1200"]),
        ("window", &["1000"]),
        ("rtt", &["80ms"]),
        ("rttvar", &["40ms"]),
        ("ssthresh", &["3"]),
        ("cwnd", &["9"]),
        ("reordering", &["4"]),
        ("hoplimit", &["9", "64"]),
        ("initcwnd", &["5"]),
        ("initrwnd", &["7"]),
        ("rto_min", &["300ms"]),
        ("quickack", &["0", "1"]),
        ("fastopen_no_cookie", &["1"]),
        ("congctl", &["cubic", "lock reno"]),
        ("features", &["ecn"]),
    ] {
        if rng.one_in(12) {
            l += &format!(" {m} {}", rng.pick(vals));
        }
    }
    if six && rng.one_in(3) {
        l += &format!(" pref {}", rng.pick(&["low", "medium", "high"]));
    }
    // Lifetimes long enough to outlast a seed (a route past its time reads as 0 seconds,
    // `ip` prints its negative count until the kernel removes it), up to one of 46 days (400
    // million clock ticks), and the infinite one (0xffffffff: no expiry).
    if six && rng.one_in(4) {
        l += &format!(
            " expires {}",
            rng.pick(&[1000, 86_400, 4_000_000, u32::MAX])
        );
    }
    // IPv6 source routing: RTA_SRC.
    if six && rng.one_in(5) {
        l += &format!(
            " from 2001:db8:{}::/{}",
            rng.below(2),
            rng.pick(&[48, 64, 128])
        );
    }
    l + &paths
}

/// A random `neigh` line.
fn neigh_line(rng: &mut Rng) -> String {
    let dev = rng.pick(&LINKS);
    let dst = if rng.one_in(2) { v4(rng) } else { v6(rng) };
    let verb = rng.pick(&["add", "add", "replace", "change", "del"]);
    if rng.one_in(6) {
        return format!("neigh {verb} proxy {dst} dev {dev}");
    }
    let mut l = format!("neigh {verb} {dst}");
    if rng.below(4) > 0 {
        l += &format!(" lladdr {}", mac(rng));
    }
    l += &format!(" dev {dev}");
    if rng.below(4) > 0 {
        let state = rng.pick(&[
            "permanent",
            "noarp",
            "reachable",
            "stale",
            "delay",
            "probe",
            "failed",
            "incomplete",
            "none",
        ]);
        l += &format!(" nud {state}");
    }
    if rng.one_in(3) {
        l += " router";
    }
    if rng.one_in(3) {
        l += " extern_learn";
    }
    l
}

/// `n` random lines making and changing links, addresses, routes and neighbours.
fn ip_batch_lines(rng: &mut Rng, n: usize, kinds: &[&str], away: &str) -> String {
    let mut out = String::new();
    // Links first, so that the rest mostly has something to be on.
    for _ in 0..8 {
        out += &link_add(rng, kinds);
        out += "\n";
    }
    for name in LINKS {
        out += &format!("link set {name} up\n");
    }
    for _ in 0..n {
        out += &match rng.below(10) {
            0 => link_add(rng, kinds),
            1 | 2 => link_set(rng, away),
            3 | 4 => addr_line(rng),
            5..=7 => route_line(rng),
            _ => neigh_line(rng),
        };
        out += "\n";
    }
    out
}

/// Runs each of `lines` with `ip` (lines that fail are expected: their errors are shown only
/// with `NLRS_SHOW_IP_ERRORS` set). One `ip` a line, not a batch: `ip -batch` ends at the first
/// line it cannot parse, even with `-force`.
fn ip_lines(lines: &str) {
    for line in lines.lines() {
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        if let Err(e) = ip_in(None, &args) {
            if std::env::var_os("NLRS_SHOW_IP_ERRORS").is_some() {
                println!("ip {line}: {e}");
            }
        }
    }
}

/// The interface indexes by name, and the names by index, as `ip` sees them.
struct Names(BTreeMap<String, u32>);

impl Names {
    fn of(links: &Value) -> Names {
        Names(
            links
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    (
                        l["ifname"].as_str().unwrap().to_string(),
                        l["ifindex"].as_u64().unwrap() as u32,
                    )
                })
                .collect(),
        )
    }

    /// The index of the link `ip` names in `v`, 0 when none.
    fn index(&self, v: &Value) -> u32 {
        v.as_str().and_then(|n| self.0.get(n).copied()).unwrap_or(0)
    }
}

/// `ip -j`'s `link_type` for the `ARPHRD_*` numbers it names here.
fn link_type_name(t: u16) -> String {
    match t {
        1 => "ether".into(),
        768 => "ipip".into(),
        776 => "sit".into(),
        778 => "gre".into(),
        772 => "loopback".into(),
        65534 => "none".into(),
        n => format!("[{n}]"),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or("-".into(), |v| v.to_string())
}

fn js(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A kind's settings as [`link_of_nlrs`] and [`link_of_ip`] write them.
fn data_text(d: &LinkData) -> String {
    match d {
        LinkData::Vlan { id, protocol } => format!("vlan {id} {}", protocol.name()),
        LinkData::Vrf { table } => format!("vrf {table}"),
        LinkData::Bond { mode } => format!("bond {}", mode.name()),
        LinkData::Ipvlan { mode } => format!("ipvlan {}", mode.name()),
        _ => unreachable!(),
    }
}

/// The carrier as compared: ip shows it (`LOWER_UP`) only for a link that is up.
fn carrier_text(up: bool, carrier: Option<bool>) -> String {
    if up {
        opt(carrier)
    } else {
        "-".into()
    }
}

/// A link's line, from what nlrs decoded.
fn link_of_nlrs(l: &Link) -> String {
    let altnames: Vec<String> = l
        .altnames
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    format!(
        "{} {} type={} <{}> mtu={} min={} max={} qlen={} oper={} addr={} brd={} master={} \
         link={} netnsid={} kind={} alias={} altnames={:?} promisc={} group={} txq={} rxq={} \
         carrier={} data={}",
        l.index,
        l.name,
        link_type_name(l.ifi_type),
        l.flags,
        opt(l.mtu),
        opt(l.min_mtu),
        opt(l.max_mtu),
        // ip leaves a queue length of 0 out.
        opt(l.txqlen.filter(|&q| q != 0)),
        opt(l.operstate),
        opt(l.address),
        opt(l.broadcast),
        opt(l.master),
        opt(l.link),
        opt(l.link_netnsid),
        opt(l.kind.as_deref()),
        opt(l.alias.as_ref()),
        altnames,
        opt(l.promiscuity),
        opt(l.group),
        opt(l.num_tx_queues),
        opt(l.num_rx_queues),
        carrier_text(l.is_up(), l.carrier),
        opt(l.data.as_ref().map(data_text)),
    )
}

/// A link's line, from `ip -j -d link`.
fn link_of_ip(l: &Value, names: &Names) -> String {
    // `link` is the peer's name, or its index ("link_index") when ip cannot name it; ip
    // leaves an IFLA_LINK equal to the link's own index out, or of 0.
    let link = if l.get("link").is_some_and(|v| !v.is_null()) {
        names.index(&l["link"]).to_string()
    } else {
        js(&l["link_index"])
    };
    let oper = match (&l["operstate"], &l["operstate_index"]) {
        (Value::String(s), _) => s.clone(),
        (_, n) => js(n),
    };
    let master = match l.get("master") {
        Some(m) => names.index(m).to_string(),
        None => "-".into(),
    };
    let flags: Vec<&str> = l["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let altnames: Vec<&str> = l["altnames"].as_array().map_or(Vec::new(), |a| {
        a.iter().map(|n| n.as_str().unwrap()).collect()
    });
    let group = match &l["group"] {
        Value::String(g) if g == "default" => "0".to_string(),
        g => js(g),
    };
    let info = &l["linkinfo"];
    let data = &info["info_data"];
    let data = match info["info_kind"].as_str() {
        Some("vlan") => format!("vlan {} {}", data["id"], js(&data["protocol"])),
        Some("vrf") => format!("vrf {}", data["table"]),
        Some("bond") => format!("bond {}", js(&data["mode"])),
        Some("ipvlan") => format!("ipvlan {}", js(&data["mode"])),
        _ => "-".into(),
    };
    format!(
        "{} {} type={} <{}> mtu={} min={} max={} qlen={} oper={} addr={} brd={} master={} \
         link={} netnsid={} kind={} alias={} altnames={:?} promisc={} group={} txq={} rxq={} \
         carrier={} data={}",
        js(&l["ifindex"]),
        js(&l["ifname"]),
        js(&l["link_type"]),
        link_flags_of_ip(l),
        js(&l["mtu"]),
        js(&l["min_mtu"]),
        js(&l["max_mtu"]),
        js(&l["txqlen"]),
        oper,
        js(&l["address"]),
        js(&l["broadcast"]),
        master,
        link,
        js(&l["link_netnsid"]),
        js(&l["linkinfo"]["info_kind"]),
        js(&l["ifalias"]),
        altnames,
        js(&l["promiscuity"]),
        group,
        js(&l["num_tx_queues"]),
        js(&l["num_rx_queues"]),
        carrier_text(flags.contains(&"UP"), Some(flags.contains(&"LOWER_UP"))),
        data,
    )
}

/// nlrs's links with the `link` ip leaves out: that of a link pointing at itself, or at 0.
fn link_shown(l: &Link) -> Link {
    let mut l = l.clone();
    if l.link == Some(l.index) || l.link == Some(IfIndex::new(0)) && l.link_netnsid.is_none() {
        l.link = None;
    }
    l
}

/// A lifetime as compared: forever, or rounded down to 10 seconds (the two reads are a
/// moment apart).
fn lifetime(v: Option<u64>) -> String {
    match v {
        Some(0xffff_ffff) => "forever".into(),
        Some(n) => format!("{}0s", n / 10),
        None => "-".into(),
    }
}

fn addr_of_nlrs(a: &Addr) -> String {
    let peer = a
        .address
        .filter(|p| a.local.is_some() && Some(*p) != a.local)
        .map(|p| p.to_string());
    // The bits ip names.
    let flags = a.flags & 0xfff;
    format!(
        "{} af{} {}/{} peer={} brd={} scope={} label={} flags={flags:#x} valid={} pref={}",
        a.index,
        a.family,
        opt(a.ip()),
        a.prefixlen,
        opt(peer),
        opt(a.broadcast),
        a.scope,
        opt(a.label.as_ref()),
        lifetime(a.valid_lft.map(u64::from)),
        lifetime(a.preferred_lft.map(u64::from)),
    )
}

fn addr_of_ip(index: u64, a: &Value) -> String {
    let family = if a["family"] == "inet" {
        AF_INET
    } else {
        AF_INET6
    };
    let flags = addr_flags_of_ip(a);
    format!(
        "{index} af{family} {}/{} peer={} brd={} scope={} label={} flags={flags:#x} valid={} \
         pref={}",
        js(&a["local"]),
        js(&a["prefixlen"]),
        js(&a["address"]),
        js(&a["broadcast"]),
        js(&a["scope"]),
        js(&a["label"]),
        lifetime(a["valid_life_time"].as_u64()),
        lifetime(a["preferred_life_time"].as_u64()),
    )
}

/// The route flags iproute2 names, from `rtm_flags` (nexthop flags included), sorted.
fn route_flags(flags: u32) -> String {
    let mut names: Vec<&str> = [
        (1, "dead"),
        (2, "pervasive"),
        (4, "onlink"),
        (8, "offload"),
        (16, "linkdown"),
        (32, "unresolved"),
        (64, "trap"),
        (0x100, "notify"),
        (0x4000, "rt_offload"),
        (0x8000, "rt_trap"),
        (0x2000_0000, "rt_offload_failed"),
    ]
    .iter()
    .filter(|(bit, _)| flags & bit != 0)
    .map(|(_, n)| *n)
    .collect();
    names.sort();
    names.join(",")
}

fn ip_flags(v: &Value) -> String {
    let mut names: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    names.sort();
    names.join(",")
}

/// The metrics as `ip -j route` names them, `name=value` sorted.
fn metrics_of_nlrs(r: &Route) -> String {
    let Some(m) = &r.metrics else {
        return String::new();
    };
    let mut out: Vec<String> = [
        ("mtu", m.mtu),
        ("window", m.window),
        ("rtt", m.rtt.map(|v| v / 8)),
        ("rttvar", m.rttvar.map(|v| v / 4)),
        ("ssthresh", m.ssthresh),
        ("cwnd", m.cwnd),
        ("advmss", m.advmss),
        ("reordering", m.reordering),
        ("hoplimit", m.hoplimit),
        ("initcwnd", m.initcwnd),
        ("rto_min", m.rto_min),
        ("initrwnd", m.initrwnd),
        ("quickack", m.quickack),
        ("fastopen_no_cookie", m.fastopen_no_cookie),
    ]
    .iter()
    .filter_map(|(n, v)| v.map(|v| format!("{n}={v}")))
    .collect();
    if m.features.unwrap_or(0) & 1 != 0 {
        out.push("ecn=null".into());
    }
    if let Some(cc) = &m.cc_algo {
        out.push(format!("congestion={cc}"));
    }
    out.sort();
    out.join(",")
}

fn metrics_of_ip(v: &Value) -> String {
    let Some(m) = v
        .as_array()
        .and_then(|a| a.first())
        .and_then(Value::as_object)
    else {
        return String::new();
    };
    // A flag metric (`ecn`) is a key with a null value.
    let text = |v: &Value| if v.is_null() { "null".into() } else { js(v) };
    let mut out: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", text(v))).collect();
    out.sort();
    out.join(",")
}

fn route_of_nlrs(r: &Route) -> String {
    let table = route::table_name(r.table).map_or(r.table.to_string(), str::to_string);
    let gw = match r.gateway {
        Some(g) if (r.family == AF_INET) != g.is_ipv4() => format!("via={g}"),
        Some(g) => g.to_string(),
        None => "-".into(),
    };
    let flow = r.flow.map_or("-".into(), |f| match f >> 16 {
        0 => format!("to={}", f & 0xffff),
        from => format!("from={from},to={}", f & 0xffff),
    });
    let nexthops: Vec<String> = r
        .multipath
        .iter()
        .map(|n| {
            format!(
                "[{} dev={} w={} <{}>]",
                opt(n.gateway),
                n.ifindex,
                u32::from(n.hops) + 1,
                route_flags(u32::from(n.flags))
            )
        })
        .collect();
    // iproute2's names of the preferences (`print_rt_pref`), a number for any other.
    let pref = r.pref.map_or("-".into(), |p| match p {
        route::pref::LOW => "low".into(),
        route::pref::MEDIUM => "medium".into(),
        route::pref::HIGH => "high".into(),
        other => other.to_string(),
    });
    format!(
        "af{} {:#} from={} tos={} table={table} {} proto={} scope={} <{}> gw={gw} oif={} \
         src={} metric={} nhid={} flow={flow} {} metrics={} pref={pref} expires={}",
        r.family,
        r.dst,
        r.src.map_or("-".into(), |s| format!("{s:#}")),
        r.tos,
        r.rtype,
        r.protocol,
        r.scope,
        route_flags(r.flags),
        opt(r.oif),
        opt(r.prefsrc),
        opt(r.priority),
        opt(r.nh_id),
        nexthops.join(""),
        metrics_of_nlrs(r),
        opt(r.expires),
    )
}

fn route_of_ip(r: &Value, names: &Names) -> String {
    // Set by the caller, who asked for one family.
    let family = r["_family"].as_u64().unwrap();
    let tos = match r["tos"].as_str() {
        Some(t) => u8::from_str_radix(t.trim_start_matches("0x"), 16).unwrap_or(255),
        None => 0,
    };
    let gw = match (&r["gateway"], &r["via"]) {
        (Value::String(g), _) => g.clone(),
        (_, Value::Object(v)) => format!("via={}", js(&v["host"])),
        _ => "-".into(),
    };
    // iproute2's stock rt_realms names realm 0 "cosmos".
    let realm = |v: &Value| js(v).replace("cosmos", "0");
    let flow = match r.get("flow") {
        Some(f) if f.get("from").is_some() => {
            format!("from={},to={}", realm(&f["from"]), realm(&f["to"]))
        }
        Some(f) => format!("to={}", realm(&f["to"])),
        None => "-".into(),
    };
    let dev = match r.get("dev") {
        Some(d) => names.index(d).to_string(),
        None => "-".into(),
    };
    let nexthops: Vec<String> = r["nexthops"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|n| {
                    format!(
                        "[{} dev={} w={} <{}>]",
                        js(&n["gateway"]),
                        names.index(&n["dev"]),
                        n["weight"].as_u64().unwrap_or(1),
                        ip_flags(&n["flags"])
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!(
        "af{family} {} from={} tos={tos} table={} {} proto={} scope={} <{}> gw={gw} oif={dev} \
         src={} metric={} nhid={} flow={flow} {} metrics={} pref={} expires={}",
        js(&r["dst"]),
        js(&r["from"]),
        js(&r["table"]),
        js(&r["type"]),
        js(&r["protocol"]),
        js(&r["scope"]),
        ip_flags(&r["flags"]),
        js(&r["prefsrc"]),
        js(&r["metric"]),
        js(&r["nhid"]),
        nexthops.join(""),
        metrics_of_ip(&r["metrics"]),
        js(&r["pref"]),
        js(&r["expires"]),
    )
}

fn neigh_of_nlrs(n: &Neigh) -> String {
    let state: Vec<&str> = state_names(n.state).collect();
    format!(
        "{} {} lladdr={} <{}> router={} proxy={} extern_learn={}",
        n.ifindex,
        opt(n.dst),
        opt(n.lladdr),
        state.join(","),
        n.flags & ntf::ROUTER != 0,
        n.flags & ntf::PROXY != 0,
        n.flags & ntf::EXT_LEARNED != 0,
    )
}

fn neigh_of_ip(n: &Value, names: &Names) -> String {
    let state: Vec<&str> = n["state"]
        .as_array()
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    format!(
        "{} {} lladdr={} <{}> router={} proxy={} extern_learn={}",
        names.index(&n["dev"]),
        js(&n["dst"]),
        js(&n["lladdr"]),
        state.join(","),
        n.get("router").is_some(),
        n.get("proxy").is_some(),
        n.get("extern_learn").is_some(),
    )
}

/// What is compared, by kind, each a sorted list of lines.
#[derive(Debug, PartialEq, Eq, Default)]
struct View(BTreeMap<&'static str, Vec<String>>);

impl View {
    fn put(&mut self, kind: &'static str, line: String) {
        self.0.entry(kind).or_default().push(line);
    }

    fn sorted(mut self) -> View {
        for v in self.0.values_mut() {
            v.sort();
        }
        self
    }

    /// The lines only one side has, `self` being nlrs's.
    fn diff(&self, ip: &View) -> String {
        let mut out = String::new();
        let empty = Vec::new();
        for kind in ["link", "addr", "route", "neigh"] {
            let (ours, theirs) = (
                self.0.get(kind).unwrap_or(&empty),
                ip.0.get(kind).unwrap_or(&empty),
            );
            for l in ours.iter().filter(|l| !theirs.contains(l)) {
                out += &format!("  nlrs only: {l}\n");
            }
            for l in theirs.iter().filter(|l| !ours.contains(l)) {
                out += &format!("  ip only:   {l}\n");
            }
        }
        out
    }
}

/// iproute2's view of this thread's namespace.
fn ip_view() -> View {
    let mut v = View::default();
    let links = ip_json_in(None, &["-d", "link", "show"]);
    let names = Names::of(&links);
    for l in links.as_array().unwrap() {
        v.put("link", link_of_ip(l, &names));
    }
    for l in ip_json_in(None, &["addr", "show"]).as_array().unwrap() {
        let index = l["ifindex"].as_u64().unwrap();
        for a in l["addr_info"].as_array().unwrap() {
            v.put("addr", addr_of_ip(index, a));
        }
    }
    for (family, flag) in [(AF_INET, "-4"), (AF_INET6, "-6")] {
        for r in ip_json_in(None, &[flag, "-d", "route", "show", "table", "all"])
            .as_array()
            .unwrap()
        {
            let mut r = r.clone();
            r["_family"] = Value::from(family);
            v.put("route", route_of_ip(&r, &names));
        }
    }
    for n in ip_json_in(None, &["neigh", "show", "nud", "all"])
        .as_array()
        .unwrap()
    {
        v.put("neigh", neigh_of_ip(n, &names));
    }
    for n in ip_json_in(None, &["neigh", "show", "proxy"])
        .as_array()
        .unwrap()
    {
        v.put("proxy", neigh_of_ip(n, &names));
    }
    v.sorted()
}

/// nlrs's view of this thread's namespace, through the Rust API's dumps.
fn nlrs_view(s: &mut Socket) -> View {
    let mut v = View::default();
    for l in link::list(s, &LinkFilter::default()).unwrap() {
        v.put("link", link_of_nlrs(&link_shown(&l)));
    }
    for a in addr::list(s, &AddrFilter::default()).unwrap() {
        v.put("addr", addr_of_nlrs(&a));
    }
    for r in route::list(s, &RouteFilter::default()).unwrap() {
        // The multicast families' routes are `ip mroute`'s.
        if r.family == AF_INET || r.family == AF_INET6 {
            v.put("route", route_of_nlrs(&r));
        }
    }
    for n in neigh::list(s, &NeighFilter::default()).unwrap() {
        v.put("neigh", neigh_of_nlrs(&n));
    }
    for n in neigh::list(s, &NeighFilter::default().proxy(true)).unwrap() {
        v.put("proxy", neigh_of_nlrs(&n));
    }
    v.sorted()
}

/// Asserts nlrs and `ip` see the same, retrying a few seconds while the kernel still
/// changes on its own (carrier, DAD, neighbour states).
fn check_same(s: &mut Socket, what: &str, log: &str) {
    let deadline = Instant::now() + Duration::from_secs(4);
    loop {
        let ours = nlrs_view(s);
        let theirs = ip_view();
        if ours == theirs {
            let n: Vec<String> = ours
                .0
                .iter()
                .map(|(k, v)| format!("{} {k}s", v.len()))
                .collect();
            println!("{what}: nlrs and ip agree on {}", n.join(", "));
            return;
        }
        if Instant::now() > deadline {
            panic!(
                "{what}: nlrs and ip differ:\n{}\nafter:\n{log}",
                ours.diff(&theirs)
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The gets agree with the dump: each link by index and by name, and the route to random
/// destinations with `ip route get`.
fn check_gets(s: &mut Socket, rng: &mut Rng, what: &str) {
    // Counters move between the reads, and linkwatch may settle an operational state
    // between them (seed 478): a few tries.
    let quiet = |mut l: Link| {
        l.stats = None;
        l
    };
    for attempt in 0.. {
        let links: Vec<Link> = link::list(s, &LinkFilter::default()).unwrap();
        let by_index: Vec<Link> = links
            .iter()
            .map(|l| link::get(s, l.index).unwrap())
            .collect();
        let by_name: Vec<Link> = links
            .iter()
            .map(|l| link::get(s, &l.name).unwrap())
            .collect();
        let links: Vec<Link> = links.into_iter().map(quiet).collect();
        let by_index: Vec<Link> = by_index.into_iter().map(quiet).collect();
        let by_name: Vec<Link> = by_name.into_iter().map(quiet).collect();
        if (by_index == links && by_name == links) || attempt == 3 {
            assert_eq!(by_index, links, "{what}: link::get by index");
            assert_eq!(by_name, links, "{what}: link::get by name");
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    // Each alternative name finds its link, as `ip link show NAME` finds it.
    let links = ip_json_in(None, &["-d", "link", "show"]);
    for l in links.as_array().unwrap() {
        for alt in l["altnames"].as_array().into_iter().flatten() {
            let alt = alt.as_str().unwrap();
            let found = link::get(s, alt).map(|l| l.index.get());
            assert_eq!(
                found.ok(),
                l["ifindex"].as_u64().map(|i| i as u32),
                "{what}: link::get({alt})"
            );
        }
    }
    for _ in 0..10 {
        let to: IpAddr = if rng.one_in(2) { v4(rng) } else { v6(rng) }
            .parse()
            .unwrap();
        let ours = route::get(s, &to).map(|r| {
            format!(
                "{} gw={} oif={} src={} table={} {}",
                r.dst.addr(),
                opt(r.gateway),
                opt(r.oif),
                opt(r.prefsrc),
                r.table,
                r.rtype
            )
        });
        let theirs = ip_in(
            None,
            &["-j".into(), "route".into(), "get".into(), to.to_string()],
        );
        match (ours, theirs) {
            (Ok(ours), Ok(j)) => {
                let j: Value = serde_json::from_str(&j).unwrap();
                let j = &j[0];
                let names = Names::of(&ip_json_in(None, &["link", "show"]));
                let table = j["table"]
                    .as_str()
                    .map_or(254, |t| route::table_from_name(t).unwrap());
                let theirs = format!(
                    "{} gw={} oif={} src={} table={table} {}",
                    js(&j["dst"]),
                    js(&j["gateway"]),
                    j.get("dev")
                        .map_or("-".into(), |d| names.index(d).to_string()),
                    js(&j["prefsrc"]),
                    j["type"].as_str().unwrap_or("unicast"),
                );
                assert_eq!(ours, theirs, "{what}: route get {to}");
            }
            (Err(e), Err(t)) => assert_eq!(ip_error_text(&e), t, "{what}: route get {to}"),
            (ours, theirs) => panic!("{what}: route get {to}: nlrs {ours:?}, ip {theirs:?}"),
        }
    }
}

/// The filtered dumps hold what the whole dump holds of the objects the filter selects,
/// for random filters: the kernel's filtering (asked for in the request) takes nothing that
/// passes. Where the kernel refuses a filter (an IPv4 table that does not exist: `ENOENT`,
/// as `ip route show table N` says; an interface that does not exist: `ENODEV`), nothing
/// passes.
fn check_filters(s: &mut Socket, rng: &mut Rng, what: &str) {
    let links = link::list(s, &LinkFilter::default()).unwrap();
    let mut indexes: Vec<IfIndex> = links.iter().map(|l| l.index).collect();
    indexes.push(IfIndex::new(77));
    let index = |rng: &mut Rng| (!rng.one_in(3)).then(|| rng.pick(&indexes));
    let family = |rng: &mut Rng| rng.pick(&[AF_UNSPEC, AF_INET, AF_INET6]);
    let of_family = |f: u8, of: u8| f == AF_UNSPEC || of == f;
    for _ in 0..8 {
        let mut f = RouteFilter::default().family(family(rng));
        if rng.one_in(2) {
            f = f.table(rng.pick(&[254, 255, 10, 1000, 100_000]));
        }
        if rng.one_in(3) {
            f = f.protocol(rng.pick(&[
                RouteProtocol::Kernel,
                RouteProtocol::Boot,
                RouteProtocol::from(99),
            ]));
        }
        if rng.one_in(3) {
            f = f.rtype(rng.pick(&[RouteType::Unicast, RouteType::Local, RouteType::Blackhole]));
        }
        if let Some(oif) = index(rng) {
            f = f.oif(oif);
        }
        let selects = |r: &Route| {
            of_family(f.family, r.family)
                && f.table.is_none_or(|t| r.table == t)
                && f.protocol.is_none_or(|p| r.protocol == p)
                && f.rtype.is_none_or(|t| r.rtype == t)
                && f.oif
                    .is_none_or(|o| r.oif == Some(o) || r.multipath.iter().any(|n| n.ifindex == o))
        };
        // The multicast families' routes are `ip mroute`'s.
        let ip = |r: &Route| r.family == AF_INET || r.family == AF_INET6;
        let all = |s: &mut Socket| {
            let all = route::list(s, &RouteFilter::default()).unwrap();
            all.into_iter().filter(ip).collect()
        };
        let got = |s: &mut Socket| route::list(s, &f).map(|v| v.into_iter().filter(ip).collect());
        assert_selects(what, &f, s, got, all, selects, route_of_nlrs);

        let mut f = AddrFilter::default().family(family(rng));
        if let Some(i) = index(rng) {
            f = f.index(i);
        }
        let selects =
            |a: &Addr| of_family(f.family, a.family) && f.index.is_none_or(|i| a.index == i);
        let all = |s: &mut Socket| addr::list(s, &AddrFilter::default()).unwrap();
        let got = |s: &mut Socket| addr::list(s, &f);
        assert_selects(what, &f, s, got, all, selects, addr_of_nlrs);

        let mut f = NeighFilter::default().family(family(rng));
        if let Some(i) = index(rng) {
            f = f.ifindex(i);
        }
        let selects =
            |n: &Neigh| of_family(f.family, n.family) && f.ifindex.is_none_or(|i| n.ifindex == i);
        let all = |s: &mut Socket| neigh::list(s, &NeighFilter::default()).unwrap();
        let got = |s: &mut Socket| neigh::list(s, &f);
        assert_selects(what, &f, s, got, all, selects, neigh_of_nlrs);

        let mut f = LinkFilter::default();
        if let Some(m) = index(rng) {
            f = f.master(m);
        }
        if rng.one_in(2) {
            f = f.kind(rng.pick(&["veth", "bridge", "vxlan", "macvlan", "ifb", "dummy"]));
        }
        let selects = |l: &Link| {
            f.master.is_none_or(|m| l.master == Some(m))
                && f.kind
                    .as_deref()
                    .is_none_or(|k| l.kind.as_deref() == Some(k))
        };
        let line = |l: &Link| l.name.to_string();
        let got = |s: &mut Socket| link::list(s, &f);
        assert_selects(what, &f, s, got, |_| links.clone(), selects, line);
    }
}

/// Asserts the dump filtered by `filter` (`got`) holds, in order, the objects of the whole
/// dump (`all`) that `selects`, compared by their `line`s; a filter the kernel refused
/// (`ENOENT`, `ENODEV`) must select none. The whole dump is made before and after the
/// filtered one, again until both agree (a few times at most): the kernel adds some objects
/// on its own, a moment after what made them (an IPv6 address's solicited-node multicast
/// neighbour entry), so two dumps apart may differ by them.
fn assert_selects<T>(
    what: &str,
    filter: &dyn std::fmt::Debug,
    s: &mut Socket,
    got: impl Fn(&mut Socket) -> nlrs::conn::Result<Vec<T>>,
    all: impl Fn(&mut Socket) -> Vec<T>,
    selects: impl Fn(&T) -> bool,
    line: impl Fn(&T) -> String,
) {
    let want = |s: &mut Socket| -> Vec<String> {
        all(s)
            .into_iter()
            .filter(|o| selects(o))
            .map(|o| line(&o))
            .collect()
    };
    for attempt in 1.. {
        let before = want(s);
        let got = match got(s) {
            Ok(v) => v,
            Err(e) if matches!(e.errno(), Some(libc::ENOENT | libc::ENODEV)) => Vec::new(),
            Err(e) => panic!("{what}: {filter:?}: {e}"),
        };
        let got: Vec<String> = got.iter().map(&line).collect();
        if want(s) == before || attempt == 5 {
            assert_eq!(got, before, "{what}: {filter:?}");
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Seed `seed` of the first direction: random batches made with ip, read by nlrs.
fn made_by_ip(seed: u64) {
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    quiet_kernel();
    let kinds = kinds_present();
    println!("link kinds: {kinds:?}");
    let away = NamedNetns::new("away");
    let mut rng = Rng::new(seed);
    let mut s = sock();
    let mut log = String::new();
    for round in 0..4 {
        let lines = ip_batch_lines(&mut rng, 60, &kinds, &away.name);
        log += &lines;
        ip_lines(&lines);
        let what = format!("seed {seed} round {round}");
        check_same(&mut s, &what, &log);
        check_gets(&mut s, &mut rng, &what);
        check_c_getters(&mut s, &what);
        check_filters(&mut s, &mut rng, &what);
    }
}

#[test]
fn made_by_iproute2_read_by_nlrs() {
    for seed in seeds() {
        common::in_netns(move || made_by_ip(seed));
    }
}

// ---------------------------------------------------------------------------------------------
// The C API's getters: the same objects, read through `nlrs_*_dump` and the accessors.

/// The objects of a C dump started by `start`, each read by `read` from an object `new` made
/// and `free` frees.
fn c_dump<O, T>(
    start: impl FnOnce(*mut *mut nlrs_dump) -> i32,
    new: extern "C" fn(*mut *mut O) -> i32,
    parse: extern "C" fn(*mut O, nlrs_rmsg) -> i32,
    read: fn(*mut O) -> T,
    free: extern "C" fn(*mut O),
) -> Vec<T> {
    let mut obj = std::ptr::null_mut();
    assert_eq!(new(&mut obj), 0);
    let mut d = std::ptr::null_mut();
    assert_eq!(start(&mut d), 0);
    let mut out = Vec::new();
    loop {
        let mut m = nlrs_rmsg {
            ptr: std::ptr::null(),
            len: 0,
        };
        let rc = nlrs_dump_next(d, &mut m);
        assert!(rc >= 0, "nlrs_dump_next: {rc}");
        if rc == 0 {
            break;
        }
        assert_eq!(parse(obj, m), 0);
        out.push(read(obj));
    }
    nlrs_dump_free(d);
    free(obj);
    out
}

/// The value an optional getter writes, `None` when it returns 0.
fn c_opt<T: Default>(f: impl FnOnce(*mut T) -> i32) -> Option<T> {
    let mut v = T::default();
    match f(&mut v) {
        1 => Some(v),
        0 => None,
        rc => panic!("getter: {rc}"),
    }
}

fn c_hw(f: impl FnOnce(*mut nlrs_bytes) -> i32) -> Option<HwAddr> {
    let mut b = nlrs_bytes {
        ptr: std::ptr::null(),
        len: 0,
    };
    // SAFETY: the getter lends `len` bytes at `ptr`.
    (f(&mut b) == 1)
        .then(|| HwAddr::new(unsafe { std::slice::from_raw_parts(b.ptr, b.len) }).unwrap())
}

fn c_ipaddr(a: nlrs_ipaddr) -> Option<IpAddr> {
    IpBytes {
        family: a.family,
        addr: a.addr,
    }
    .ip()
}

fn c_ip_opt(f: impl FnOnce(*mut nlrs_ipaddr) -> i32) -> Option<IpAddr> {
    c_opt(f).and_then(c_ipaddr)
}

fn c_text(p: *const std::ffi::c_char) -> Option<Vec<u8>> {
    // SAFETY: non-NULL strings from nlrs are NUL-terminated.
    (!p.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes().to_vec())
}

fn read_c_link(l: *mut nlrs_link) -> Link {
    let mut o = Link::default();
    o.family = nlrs_link_family(l);
    o.index = nlrs_link_ifindex(l).into();
    o.ifi_type = nlrs_link_type(l);
    o.flags = link::LinkFlags::from_bits_retain(nlrs_link_flags(l));
    o.name = c_text(nlrs_link_name(l))
        .unwrap_or_default()
        .as_slice()
        .into();
    o.mtu = c_opt(|p| nlrs_link_mtu(l, p));
    o.min_mtu = c_opt(|p| nlrs_link_min_mtu(l, p));
    o.max_mtu = c_opt(|p| nlrs_link_max_mtu(l, p));
    o.operstate = c_opt(|p| nlrs_link_operstate(l, p)).map(u8::into);
    o.address = c_hw(|p| nlrs_link_address(l, p));
    o.broadcast = c_hw(|p| nlrs_link_broadcast(l, p));
    o.txqlen = c_opt(|p| nlrs_link_txqlen(l, p));
    o.master = c_opt(|p| nlrs_link_master(l, p)).map(IfIndex::new);
    o.link = c_opt(|p| nlrs_link_link(l, p)).map(IfIndex::new);
    o.link_netnsid = c_opt(|p| nlrs_link_link_netnsid(l, p));
    o.kind = c_text(nlrs_link_kind(l)).map(|k| String::from_utf8(k).unwrap());
    o.alias = c_text(nlrs_link_alias(l)).map(|a| a.as_slice().into());
    o.altnames = (0..nlrs_link_altname_count(l))
        .map(|i| c_text(nlrs_link_altname_at(l, i)).unwrap())
        .collect();
    assert!(nlrs_link_altname_at(l, o.altnames.len()).is_null());
    o.promiscuity = c_opt(|p| nlrs_link_promiscuity(l, p));
    o.group = c_opt(|p| nlrs_link_group(l, p));
    o.num_tx_queues = c_opt(|p| nlrs_link_num_tx_queues(l, p));
    o.num_rx_queues = c_opt(|p| nlrs_link_num_rx_queues(l, p));
    o.carrier = c_opt(|p| nlrs_link_carrier(l, p));
    let vlan = c_opt(|p| nlrs_link_vlan_id(l, p)).zip(c_opt(|p| nlrs_link_vlan_protocol(l, p)));
    o.data = vlan
        .map(|(id, p)| LinkData::Vlan {
            id,
            protocol: VlanProtocol::from_number(p).unwrap(),
        })
        .or(c_opt(|p| nlrs_link_vrf_table(l, p)).map(|table| LinkData::Vrf { table }))
        .or(
            c_opt(|p| nlrs_link_bond_mode(l, p)).map(|m| LinkData::Bond {
                mode: BondMode::from_number(m).unwrap(),
            }),
        )
        .or(
            c_opt(|p| nlrs_link_ipvlan_mode(l, p)).map(|m| LinkData::Ipvlan {
                mode: IpvlanMode::from_number(m).unwrap(),
            }),
        );
    o
}

fn read_c_addr(a: *mut nlrs_addr) -> Addr {
    let mut o = Addr::default();
    o.family = nlrs_addr_family(a);
    o.prefixlen = nlrs_addr_prefixlen(a);
    o.flags = nlrs_addr_flags(a);
    o.scope = nlrs_addr_scope(a).into();
    o.index = nlrs_addr_ifindex(a).into();
    o.address = c_ip_opt(|p| nlrs_addr_address(a, p));
    o.local = c_ip_opt(|p| nlrs_addr_local(a, p));
    o.broadcast = c_ip_opt(|p| nlrs_addr_broadcast(a, p));
    o.label = c_text(nlrs_addr_label(a)).map(|l| l.as_slice().into());
    let (mut valid, mut preferred) = (0, 0);
    if nlrs_addr_lifetimes(a, &mut valid, &mut preferred) == 1 {
        (o.valid_lft, o.preferred_lft) = (Some(valid), Some(preferred));
    }
    assert_eq!(c_ip_opt(|p| nlrs_addr_ip(a, p)), o.ip(), "nlrs_addr_ip");
    o
}

fn read_c_route(r: *mut nlrs_route) -> Route {
    let mut o = Route::default();
    o.family = nlrs_route_family(r);
    let unspecified = |f: u8| {
        if f == AF_INET6 || f == 129 {
            IpAddr::from([0u8; 16])
        } else {
            IpAddr::from([0u8; 4])
        }
    };
    let dst = c_ip_opt(|p| nlrs_route_dst(r, p)).unwrap_or(unspecified(o.family));
    o.dst = IpPrefix::new(dst, nlrs_route_dst_len(r)).unwrap();
    let src = c_ip_opt(|p| nlrs_route_src(r, p));
    let src_len = nlrs_route_src_len(r);
    if src.is_some() || src_len > 0 {
        o.src = Some(IpPrefix::new(src.unwrap_or(unspecified(o.family)), src_len).unwrap());
    }
    o.tos = nlrs_route_tos(r);
    o.table = nlrs_route_table(r);
    o.rtm_table = nlrs_route_rtm_table(r);
    o.protocol = nlrs_route_protocol(r).into();
    o.scope = nlrs_route_scope(r).into();
    o.rtype = nlrs_route_type(r).into();
    o.flags = nlrs_route_flags(r);
    o.gateway = c_ip_opt(|p| nlrs_route_gateway(r, p));
    o.prefsrc = c_ip_opt(|p| nlrs_route_prefsrc(r, p));
    o.oif = c_opt(|p| nlrs_route_oif(r, p)).map(IfIndex::new);
    o.iif = c_opt(|p| nlrs_route_iif(r, p)).map(IfIndex::new);
    o.priority = c_opt(|p| nlrs_route_priority(r, p));
    o.flow = c_opt(|p| nlrs_route_flow(r, p));
    o.nh_id = c_opt(|p| nlrs_route_nh_id(r, p));
    o.pref = c_opt(|p| nlrs_route_pref(r, p));
    o.expires = c_opt(|p| nlrs_route_expires(r, p));
    o.multipath = (0..nlrs_route_nexthop_count(r))
        .map(|i| {
            let mut nh = nlrs_route_nexthop::default();
            assert_eq!(nlrs_route_nexthop_at(r, i, &mut nh), 0);
            let mut n = Nexthop::new(nh.ifindex.into())
                .hops(nh.hops)
                .flags(nh.flags);
            n.gateway = c_ipaddr(nh.gateway);
            n
        })
        .collect();
    let mut m = nlrs::rtnl::route::RouteMetrics::default();
    let mut any = false;
    for rtax in 0..=nlrs::wire::consts::rtax::FASTOPEN_NO_COOKIE {
        if let Some(v) = c_opt(|p| nlrs_route_metric(r, rtax, p)) {
            any = true;
            let slot = match rtax {
                rtax::LOCK => &mut m.lock,
                rtax::MTU => &mut m.mtu,
                rtax::WINDOW => &mut m.window,
                rtax::RTT => &mut m.rtt,
                rtax::RTTVAR => &mut m.rttvar,
                rtax::SSTHRESH => &mut m.ssthresh,
                rtax::CWND => &mut m.cwnd,
                rtax::ADVMSS => &mut m.advmss,
                rtax::REORDERING => &mut m.reordering,
                rtax::HOPLIMIT => &mut m.hoplimit,
                rtax::INITCWND => &mut m.initcwnd,
                rtax::FEATURES => &mut m.features,
                rtax::RTO_MIN => &mut m.rto_min,
                rtax::INITRWND => &mut m.initrwnd,
                rtax::QUICKACK => &mut m.quickack,
                _ => &mut m.fastopen_no_cookie,
            };
            *slot = Some(v);
        }
    }
    m.cc_algo = c_text(nlrs_route_congctl(r)).map(|c| String::from_utf8(c).unwrap());
    if any || m.cc_algo.is_some() {
        o.metrics = Some(m);
    }
    o
}

fn read_c_neigh(n: *mut nlrs_neigh) -> Neigh {
    let mut o = Neigh::default();
    o.family = nlrs_neigh_family(n);
    o.ifindex = nlrs_neigh_ifindex(n).into();
    o.state = nlrs_neigh_state(n);
    o.flags = nlrs_neigh_flags(n);
    o.ntype = nlrs_neigh_type(n);
    o.dst = c_ip_opt(|p| nlrs_neigh_dst(n, p));
    o.lladdr = c_hw(|p| nlrs_neigh_lladdr(n, p));
    o.vlan = c_opt(|p| nlrs_neigh_vlan(n, p));
    o.vni = c_opt(|p| nlrs_neigh_vni(n, p));
    o.port = c_opt(|p| nlrs_neigh_port(n, p));
    o.remote_ifindex = c_opt(|p| nlrs_neigh_remote_ifindex(n, p)).map(IfIndex::new);
    o.master = c_opt(|p| nlrs_neigh_master(n, p)).map(IfIndex::new);
    o
}

/// The C API's dumps and getters give what the Rust API's give, object by object (a second
/// try when they differ: an address's lifetimes tick between the two dumps).
fn check_c_getters(s: &mut Socket, what: &str) {
    let c = route_socket();
    for attempt in 0.. {
        let mut rust_links = link::list(s, &LinkFilter::default()).unwrap();
        let mut c_links = c_dump(
            |d| nlrs_link_dump(c, d),
            nlrs_link_new,
            nlrs_link_parse,
            read_c_link,
            nlrs_link_free,
        );
        // Counters move between the dumps (`nlrs_link_stats` is the field's copy).
        for l in rust_links.iter_mut().chain(&mut c_links) {
            l.stats = None;
        }
        let addrs = (
            addr::list(s, &AddrFilter::default()).unwrap(),
            c_dump(
                |d| nlrs_addr_dump(c, 0, 0, d),
                nlrs_addr_new,
                nlrs_addr_parse,
                read_c_addr,
                nlrs_addr_free,
            ),
        );
        let routes = (
            route::list(s, &RouteFilter::default()).unwrap(),
            c_dump(
                |d| nlrs_route_dump(c, std::ptr::null(), d),
                nlrs_route_new,
                nlrs_route_parse,
                read_c_route,
                nlrs_route_free,
            ),
        );
        let neighs = (
            neigh::list(s, &NeighFilter::default()).unwrap(),
            c_dump(
                |d| nlrs_neigh_dump(c, 0, 0, d),
                nlrs_neigh_new,
                nlrs_neigh_parse,
                read_c_neigh,
                nlrs_neigh_free,
            ),
        );
        let proxies = (
            neigh::list(s, &NeighFilter::default().proxy(true)).unwrap(),
            c_dump(
                |d| nlrs_neigh_proxy_dump(c, 0, 0, d),
                nlrs_neigh_new,
                nlrs_neigh_parse,
                read_c_neigh,
                nlrs_neigh_free,
            ),
        );
        if rust_links == c_links
            && addrs.0 == addrs.1
            && routes.0 == routes.1
            && neighs.0 == neighs.1
            && proxies.0 == proxies.1
        {
            break;
        }
        if attempt == 2 {
            assert_eq!(rust_links, c_links, "{what}: links, Rust and C");
            assert_eq!(addrs.0, addrs.1, "{what}: addresses, Rust and C");
            assert_eq!(routes.0, routes.1, "{what}: routes, Rust and C");
            assert_eq!(neighs.0, neighs.1, "{what}: neighbours, Rust and C");
            assert_eq!(proxies.0, proxies.1, "{what}: proxy entries, Rust and C");
        }
    }
    nlrs_socket_free(c);
}

// ---------------------------------------------------------------------------------------------
// Made by nlrs, read by iproute2: twin namespaces.

/// The links both twins start with: veth pairs and a bridge, each with a fixed MAC.
const TWIN_SETUP: &str = "\
link set lo up
link add t0 address 02:00:00:00:01:00 type veth peer name t1 address 02:00:00:00:01:01
link add t2 address 02:00:00:00:01:02 type veth peer name t3 address 02:00:00:00:01:03
link add br0 address 02:00:00:00:01:04 type bridge
link set t0 up
link set t1 up
link set t2 up
link set t3 up
addr add 10.0.0.1/24 dev t0
addr add 10.0.1.1/24 dev t2
addr add 2001:db8::1/64 dev t0 nodad
nexthop add id 5 via 10.0.0.2 dev t0
nexthop add id 6 dev t2
";

const TWIN_LINKS: [&str; 6] = ["t0", "t1", "t2", "t3", "br0", "n0"];

/// One change, as nlrs makes it and as `ip` makes it.
enum Op {
    Addr(AddrSpec, Option<Mode>),
    Route(RouteSpec, Option<Mode>),
    Neigh(NeighSpec, Option<Mode>),
    LinkChange(LinkChange, u32),
    LinkCreate(String, LinkKind),
    LinkDelete(u32),
    /// Adds (`true`) or deletes an alternative name of a link.
    AltName(bool, u32, String),
}

fn mode_verb(mode: Option<Mode>) -> &'static str {
    match mode {
        None => "del",
        Some(Mode::Create) => "add",
        Some(Mode::Replace) => "change",
        Some(Mode::Upsert) => "replace",
        Some(Mode::Append) => "append",
        Some(_) => unreachable!(),
    }
}

fn scope_arg(s: Scope) -> String {
    s.name().map_or(u8::from(s).to_string(), str::to_string)
}

impl Op {
    /// The same change as `ip` arguments, links named by `name` (index to name), the
    /// namespace links move to by `away`.
    fn ip_args(&self, name: &dyn Fn(u32) -> String, away: &str) -> Vec<String> {
        let mut a: Vec<String> = Vec::new();
        let mut push = |s: String| a.extend(s.split(' ').map(str::to_string));
        match self {
            Op::Addr(spec, mode) => {
                let local = spec.prefix.addr();
                // The peer (or the local address itself, as nlrs sends it) carries the length.
                push(format!(
                    "addr {} {local} peer {}/{} dev {}",
                    mode_verb(*mode),
                    spec.peer.unwrap_or(local),
                    spec.prefix.len(),
                    name(spec.index.get())
                ));
                if let Some(b) = spec.broadcast {
                    push(format!("broadcast {b}"));
                }
                if let Some(l) = &spec.label {
                    push(format!("label {l}"));
                }
                push(format!("scope {}", scope_arg(spec.scope)));
                for (bit, f) in [
                    (addr::flags::NODAD, "nodad"),
                    (addr::flags::OPTIMISTIC, "optimistic"),
                    (addr::flags::HOMEADDRESS, "home"),
                    (addr::flags::MANAGETEMPADDR, "mngtmpaddr"),
                    (addr::flags::NOPREFIXROUTE, "noprefixroute"),
                    (addr::flags::MCAUTOJOIN, "autojoin"),
                ] {
                    if spec.flags & bit != 0 {
                        push(f.to_string());
                    }
                }
                if let Some((valid, preferred)) = spec.lifetimes {
                    let t = |v: u32| {
                        if v == INFINITY_LIFE_TIME {
                            "forever".to_string()
                        } else {
                            v.to_string()
                        }
                    };
                    push(format!(
                        "valid_lft {} preferred_lft {}",
                        t(valid),
                        t(preferred)
                    ));
                }
            }
            Op::Route(spec, mode) => {
                let family = if spec.dst.family() == AF_INET {
                    "-4"
                } else {
                    "-6"
                };
                let rtype = match (mode, spec.rtype) {
                    (None, RouteType::Unspec) => String::new(),
                    (_, t) => format!("{t} "),
                };
                push(format!(
                    "{family} route {} {rtype}{}",
                    mode_verb(*mode),
                    spec.dst
                ));
                push(format!("table {}", spec.table));
                let via = |g: IpAddr| match (g.is_ipv4(), spec.dst.family() == AF_INET) {
                    (false, true) => format!("via inet6 {g}"),
                    _ => format!("via {g}"),
                };
                if let Some(g) = spec.gateway {
                    push(via(g));
                }
                if let Some(o) = spec.oif {
                    push(format!("dev {}", name(o.get())));
                }
                if let Some(p) = spec.priority {
                    push(format!("metric {p}"));
                }
                if let Some(s) = spec.scope {
                    push(format!("scope {}", scope_arg(s)));
                }
                if mode.is_some() {
                    push(format!("proto {}", u8::from(spec.protocol)));
                }
                if let Some(p) = spec.prefsrc {
                    push(format!("src {p}"));
                }
                if let Some(id) = spec.nh_id {
                    push(format!("nhid {id}"));
                }
                if spec.tos != 0 {
                    push(format!("tos 0x{:x}", spec.tos));
                }
                if let Some(src) = spec.src {
                    push(format!("from {src}"));
                }
                for m in spec.metrics.iter().flat_map(metrics_args) {
                    push(m);
                }
                if let Some(f) = spec.flow {
                    push(format!("realms {}/{}", f >> 16, f & 0xffff));
                }
                if let Some(p) = spec.pref {
                    let name = match p {
                        route::pref::LOW => "low",
                        route::pref::HIGH => "high",
                        _ => "medium",
                    };
                    push(format!("pref {name}"));
                }
                if let Some(e) = spec.expires {
                    push(format!("expires {e}"));
                }
                // The route's own flags, before the paths (whose own follow each).
                if spec.flags & u32::from(rtnh_f::ONLINK) != 0 {
                    push("onlink".into());
                }
                for n in &spec.multipath {
                    push("nexthop".into());
                    if let Some(g) = n.gateway {
                        push(via(g));
                    }
                    push(format!(
                        "dev {} weight {}",
                        name(n.ifindex.get()),
                        u32::from(n.hops) + 1
                    ));
                    if n.flags & 4 != 0 {
                        push("onlink".into());
                    }
                }
            }
            Op::Neigh(spec, mode) => {
                let proxy = if spec.flags & ntf::PROXY != 0 {
                    "proxy "
                } else {
                    ""
                };
                push(format!("neigh {} {proxy}{}", mode_verb(*mode), spec.dst));
                if let Some(ll) = spec.lladdr {
                    push(format!("lladdr {ll}"));
                }
                push(format!("dev {}", name(spec.ifindex.get())));
                if mode.is_some() {
                    push(format!("nud {}", spec.state));
                }
                for (flag, word) in [(ntf::ROUTER, "router"), (ntf::EXT_LEARNED, "extern_learn")] {
                    if spec.flags & flag != 0 {
                        push(word.into());
                    }
                }
            }
            Op::LinkChange(c, index) => {
                push(format!("link set dev {}", name(*index)));
                if let Some(up) = c.up {
                    push(if up { "up" } else { "down" }.into());
                }
                if let Some(mtu) = c.mtu {
                    push(format!("mtu {mtu}"));
                }
                if let Some(n) = &c.name {
                    push(format!("name {n}"));
                }
                if let Some(a) = c.address {
                    push(format!("address {a}"));
                }
                if let Some(q) = c.txqlen {
                    push(format!("txqueuelen {q}"));
                }
                match c.master {
                    Some(m) if m.get() == 0 => push("nomaster".into()),
                    Some(m) => push(format!("master {}", name(m.get()))),
                    None => {}
                }
                if c.netns_fd.is_some() {
                    push(format!("netns {away}"));
                }
                if let Some(alias) = &c.alias {
                    push(format!("alias {alias}"));
                }
            }
            Op::AltName(add, index, n) => push(format!(
                "link property {} dev {} altname {n}",
                if *add { "add" } else { "del" },
                name(*index)
            )),
            Op::LinkCreate(n, kind) => match kind {
                LinkKind::Veth { peer } => push(format!("link add {n} type veth peer name {peer}")),
                LinkKind::Bridge => push(format!("link add {n} type bridge")),
                LinkKind::Ifb => push(format!("link add {n} type ifb")),
                LinkKind::Macvlan { parent, mode } => {
                    let mode = match mode {
                        MacvlanMode::Private => "private",
                        MacvlanMode::Vepa => "vepa",
                        MacvlanMode::Bridge => "bridge",
                        MacvlanMode::Passthru => "passthru",
                        _ => "source",
                    };
                    push(format!(
                        "link add link {} {n} type macvlan mode {mode}",
                        name(parent.get())
                    ))
                }
                LinkKind::Vxlan(v) => {
                    push(format!(
                        "link add {n} type vxlan id {} dstport {}",
                        v.id, v.port
                    ));
                    if let Some(l) = v.local {
                        push(format!("local {l}"));
                    }
                    if let Some(r) = v.remote {
                        push(format!("remote {r}"));
                    }
                    if let Some(g) = v.group {
                        push(format!("group {g}"));
                    }
                    if let Some(p) = v.parent {
                        push(format!("dev {}", name(p.get())));
                    }
                }
                LinkKind::Dummy => push(format!("link add {n} type dummy")),
                LinkKind::Vlan {
                    parent,
                    id,
                    protocol,
                } => push(format!(
                    "link add link {} name {n} type vlan id {id} protocol {}",
                    name(parent.get()),
                    protocol.name()
                )),
                LinkKind::Vrf { table } => push(format!("link add {n} type vrf table {table}")),
                LinkKind::Bond { mode } => {
                    push(format!("link add {n} type bond mode {}", mode.name()))
                }
                LinkKind::Ipvlan { parent, mode } => push(format!(
                    "link add link {} name {n} type ipvlan mode {}",
                    name(parent.get()),
                    mode.name()
                )),
                _ => unreachable!(),
            },
            Op::LinkDelete(index) => push(format!("link del dev {}", name(*index))),
        }
        a
    }

    /// Makes the change with nlrs's Rust API on `s`, or, when `c` is given, its C API.
    fn nlrs(&self, s: &mut Socket, c: Option<*mut nlrs_socket>) -> Result<(), String> {
        if let Some(c) = c {
            return self.nlrs_c(c);
        }
        let r = match self {
            Op::Addr(spec, Some(m)) => spec.add(s, *m),
            Op::Addr(spec, None) => spec.delete(s),
            Op::Route(spec, Some(m)) => spec.add(s, *m),
            Op::Route(spec, None) => spec.delete(s),
            Op::Neigh(spec, Some(m)) => spec.add(s, *m),
            Op::Neigh(spec, None) => spec.delete(s),
            Op::LinkChange(c, index) => c.apply(s, *index),
            Op::LinkCreate(n, kind) => link::create(s, n.as_str(), kind),
            Op::LinkDelete(index) => link::delete(s, *index),
            Op::AltName(true, index, n) => link::add_altname(s, *index, n),
            Op::AltName(false, index, n) => link::delete_altname(s, *index, n),
        };
        r.map_err(|e| ip_error_text(&e))
    }

    /// The change through the C API.
    fn nlrs_c(&self, c: *mut nlrs_socket) -> Result<(), String> {
        let cstr = |n: &[u8]| CString::new(n).unwrap();
        let rc = match self {
            Op::Addr(spec, mode) => c_addr(c, spec, *mode),
            Op::Route(spec, mode) => c_route(c, spec, *mode),
            Op::Neigh(spec, mode) => {
                let dst = c_ip(&spec.dst);
                let ll = spec.lladdr.as_ref().map_or(&[][..], HwAddr::as_bytes);
                match mode {
                    Some(m) => nlrs_neigh_add_flags(
                        c,
                        spec.ifindex.get(),
                        &dst,
                        ll.as_ptr(),
                        ll.len(),
                        spec.state,
                        spec.flags,
                        c_mode(*m),
                    ),
                    None => nlrs_neigh_delete_flags(c, spec.ifindex.get(), &dst, spec.flags),
                }
            }
            Op::LinkChange(change, index) => c_link_change(c, change, *index),
            Op::LinkCreate(n, kind) => {
                let n = cstr(n.as_bytes());
                match kind {
                    LinkKind::Veth { peer } => {
                        nlrs_link_create_veth(c, n.as_ptr(), cstr(peer.as_bytes()).as_ptr())
                    }
                    LinkKind::Bridge => nlrs_link_create_bridge(c, n.as_ptr()),
                    LinkKind::Ifb => nlrs_link_create_ifb(c, n.as_ptr()),
                    LinkKind::Macvlan { parent, mode } => {
                        nlrs_link_create_macvlan(c, n.as_ptr(), parent.get(), *mode as u32)
                    }
                    LinkKind::Vxlan(v) => {
                        let ip = |a: Option<IpAddr>| a.map_or(nlrs_ipaddr::default(), |a| c_ip(&a));
                        let vx = nlrs_vxlan {
                            id: v.id,
                            parent: v.parent.map_or(0, IfIndex::get),
                            port: v.port,
                            local: ip(v.local),
                            remote: ip(v.remote),
                            group: ip(v.group),
                        };
                        nlrs_link_create_vxlan(c, n.as_ptr(), &vx)
                    }
                    LinkKind::Dummy => nlrs_link_create_dummy(c, n.as_ptr()),
                    LinkKind::Vlan {
                        parent,
                        id,
                        protocol,
                    } => nlrs_link_create_vlan(c, n.as_ptr(), parent.get(), *id, protocol.number()),
                    LinkKind::Vrf { table } => nlrs_link_create_vrf(c, n.as_ptr(), *table),
                    LinkKind::Bond { mode } => nlrs_link_create_bond(c, n.as_ptr(), mode.number()),
                    LinkKind::Ipvlan { parent, mode } => {
                        nlrs_link_create_ipvlan(c, n.as_ptr(), parent.get(), mode.number())
                    }
                    _ => unreachable!(),
                }
            }
            Op::LinkDelete(index) => nlrs_link_delete(c, *index),
            Op::AltName(add, index, n) => {
                let n = cstr(n.as_bytes());
                if *add {
                    nlrs_link_add_altname(c, *index, n.as_ptr())
                } else {
                    nlrs_link_delete_altname(c, *index, n.as_ptr())
                }
            }
        };
        match rc {
            0 => Ok(()),
            rc => Err(kernel_error_text(
                -rc,
                c_string(nlrs_socket_ext_msg(c)).as_deref(),
            )),
        }
    }
}

fn c_ip(ip: &IpAddr) -> nlrs_ipaddr {
    IpBytes::new(ip).into()
}

fn c_mode(mode: Mode) -> i32 {
    match mode {
        Mode::Create => NLRS_MODE_CREATE,
        Mode::Replace => NLRS_MODE_REPLACE,
        Mode::Upsert => NLRS_MODE_UPSERT,
        _ => NLRS_MODE_APPEND,
    }
}

/// `change` applied to link `index` with the C API, every setter used that it sets.
fn c_link_change(c: *mut nlrs_socket, change: &LinkChange, index: u32) -> i32 {
    let mut h = std::ptr::null_mut();
    assert_eq!(nlrs_link_change_new(&mut h), 0);
    if let Some(mtu) = change.mtu {
        assert_eq!(nlrs_link_change_set_mtu(h, mtu), 0);
    }
    if let Some(up) = change.up {
        assert_eq!(nlrs_link_change_set_up(h, up), 0);
    }
    if let Some(n) = &change.name {
        let n = CString::new(n.as_bytes()).unwrap();
        assert_eq!(nlrs_link_change_set_name(h, n.as_ptr()), 0);
    }
    if let Some(a) = change.address {
        let b = a.as_bytes();
        assert_eq!(nlrs_link_change_set_address(h, b.as_ptr(), b.len()), 0);
    }
    if let Some(q) = change.txqlen {
        assert_eq!(nlrs_link_change_set_txqlen(h, q), 0);
    }
    if let Some(m) = change.master {
        assert_eq!(nlrs_link_change_set_master(h, m.get()), 0);
    }
    if let Some(fd) = change.netns_fd {
        assert_eq!(nlrs_link_change_set_netns_fd(h, fd), 0);
    }
    if let Some(alias) = &change.alias {
        let a = CString::new(alias.as_bytes()).unwrap();
        assert_eq!(nlrs_link_change_set_alias(h, a.as_ptr()), 0);
    }
    let rc = nlrs_link_change_apply(c, index, h);
    nlrs_link_change_free(h);
    rc
}

/// `spec` added (or deleted) with the C API, every setter used that the spec sets.
fn c_addr(c: *mut nlrs_socket, spec: &AddrSpec, mode: Option<Mode>) -> i32 {
    let mut s = std::ptr::null_mut();
    let local = c_ip(&spec.prefix.addr());
    assert_eq!(
        nlrs_addr_spec_new(spec.index.get(), &local, spec.prefix.len(), &mut s),
        0
    );
    if let Some(p) = spec.peer {
        assert_eq!(nlrs_addr_spec_set_peer(s, &c_ip(&p)), 0);
    }
    if let Some(b) = spec.broadcast {
        assert_eq!(nlrs_addr_spec_set_broadcast(s, &c_ip(&b)), 0);
    }
    if let Some(l) = &spec.label {
        let l = CString::new(l.as_str()).unwrap();
        assert_eq!(nlrs_addr_spec_set_label(s, l.as_ptr()), 0);
    }
    assert_eq!(nlrs_addr_spec_set_scope(s, spec.scope.into()), 0);
    assert_eq!(nlrs_addr_spec_set_flags(s, spec.flags), 0);
    if let Some((valid, preferred)) = spec.lifetimes {
        assert_eq!(nlrs_addr_spec_set_lifetimes(s, valid, preferred), 0);
    }
    let rc = match mode {
        Some(m) => nlrs_addr_add(c, s, c_mode(m)),
        None => nlrs_addr_delete(c, s),
    };
    nlrs_addr_spec_free(s);
    rc
}

/// `spec` added (or deleted) with the C API, every setter used that the spec sets.
fn c_route(c: *mut nlrs_socket, spec: &RouteSpec, mode: Option<Mode>) -> i32 {
    let mut s = std::ptr::null_mut();
    assert_eq!(nlrs_route_spec_new(spec.dst.family(), &mut s), 0);
    assert_eq!(
        nlrs_route_spec_set_dst(s, &c_ip(&spec.dst.addr()), spec.dst.len()),
        0
    );
    if let Some(g) = spec.gateway {
        assert_eq!(nlrs_route_spec_set_gateway(s, &c_ip(&g)), 0);
    }
    if let Some(o) = spec.oif {
        assert_eq!(nlrs_route_spec_set_oif(s, o.get()), 0);
    }
    assert_eq!(nlrs_route_spec_set_table(s, spec.table), 0);
    if let Some(p) = spec.priority {
        assert_eq!(nlrs_route_spec_set_priority(s, p), 0);
    }
    if let Some(id) = spec.nh_id {
        assert_eq!(nlrs_route_spec_set_nh_id(s, id), 0);
    }
    if let Some(sc) = spec.scope {
        assert_eq!(nlrs_route_spec_set_scope(s, sc.into()), 0);
    }
    assert_eq!(nlrs_route_spec_set_protocol(s, spec.protocol.into()), 0);
    assert_eq!(nlrs_route_spec_set_type(s, spec.rtype.into()), 0);
    if let Some(p) = spec.prefsrc {
        assert_eq!(nlrs_route_spec_set_prefsrc(s, &c_ip(&p)), 0);
    }
    if let Some(src) = spec.src {
        assert_eq!(nlrs_route_spec_set_src(s, &c_ip(&src.addr()), src.len()), 0);
    }
    assert_eq!(nlrs_route_spec_set_tos(s, spec.tos), 0);
    assert_eq!(nlrs_route_spec_set_flags(s, spec.flags), 0);
    if let Some(m) = &spec.metrics {
        for kind in 1..=rtax::MAX {
            if let Some(v) = m.get(kind) {
                assert_eq!(nlrs_route_spec_set_metric(s, kind, v), 0);
            }
        }
        if let Some(cc) = &m.cc_algo {
            let cc = CString::new(cc.as_str()).unwrap();
            assert_eq!(nlrs_route_spec_set_congctl(s, cc.as_ptr()), 0);
        }
    }
    if let Some(f) = spec.flow {
        assert_eq!(nlrs_route_spec_set_flow(s, f), 0);
    }
    if let Some(p) = spec.pref {
        assert_eq!(nlrs_route_spec_set_pref(s, p), 0);
    }
    if let Some(e) = spec.expires {
        assert_eq!(nlrs_route_spec_set_expires(s, e), 0);
    }
    for n in &spec.multipath {
        let nh = nlrs_route_nexthop {
            ifindex: n.ifindex.get(),
            hops: n.hops,
            flags: n.flags,
            gateway: n.gateway.map_or(nlrs_ipaddr::default(), |g| c_ip(&g)),
        };
        assert_eq!(nlrs_route_spec_add_nexthop(s, &nh), 0);
    }
    let rc = match mode {
        Some(m) => nlrs_route_add(c, s, c_mode(m)),
        None => nlrs_route_delete(c, s),
    };
    nlrs_route_spec_free(s);
    rc
}

/// Twin pools: addresses and destinations that collide.
fn twin_v4(rng: &mut Rng) -> IpAddr {
    format!("10.0.{}.{}", rng.below(2), rng.pick(&[1, 2, 3, 255]))
        .parse()
        .unwrap()
}

fn twin_v6(rng: &mut Rng) -> IpAddr {
    format!("2001:db8::{}", rng.below(3) + 1).parse().unwrap()
}

fn twin_ip(rng: &mut Rng, six: bool) -> IpAddr {
    if six {
        twin_v6(rng)
    } else {
        twin_v4(rng)
    }
}

/// A gateway of a route of family `six`: an IPv4 route's is IPv6 at times.
fn twin_gateway(rng: &mut Rng, six: bool) -> IpAddr {
    if !six && rng.one_in(4) {
        return rng.pick(&["fe80::1", "2001:db8::2"]).parse().unwrap();
    }
    twin_ip(rng, six)
}

/// A random mode, `None` for a delete.
fn twin_mode(rng: &mut Rng, append: bool) -> Option<Mode> {
    match rng.below(if append { 6 } else { 5 }) {
        0 | 1 => Some(Mode::Create),
        2 => Some(Mode::Replace),
        3 => Some(Mode::Upsert),
        4 => None,
        _ => Some(Mode::Append),
    }
}

/// The `u32` metrics a twin's routes get: the metric, `ip`'s name, the value nlrs sends, the
/// words `ip` reads it from (times in milliseconds: `rtt` goes times 8, `rttvar` times 4), and
/// whether `ip` takes `lock` before it.
const TWIN_METRICS: &[(u16, &str, u32, &str, bool)] = &[
    (rtax::MTU, "mtu", 1400, "1400", true),
    (rtax::ADVMSS, "advmss", 1300, "1300", true),
    (rtax::HOPLIMIT, "hoplimit", 64, "64", true),
    (rtax::WINDOW, "window", 1000, "1000", true),
    (rtax::RTT, "rtt", 80, "10ms", true),
    (rtax::RTTVAR, "rttvar", 40, "10ms", true),
    (rtax::SSTHRESH, "ssthresh", 3, "3", true),
    (rtax::CWND, "cwnd", 9, "9", true),
    (rtax::REORDERING, "reordering", 4, "4", true),
    (rtax::INITCWND, "initcwnd", 5, "5", true),
    (rtax::INITRWND, "initrwnd", 7, "7", true),
    (rtax::RTO_MIN, "rto_min", 300, "300ms", false),
    (rtax::FEATURES, "features", rtax::FEATURE_ECN, "ecn", false),
    (rtax::QUICKACK, "quickack", 1, "1", false),
    (
        rtax::FASTOPEN_NO_COOKIE,
        "fastopen_no_cookie",
        1,
        "1",
        false,
    ),
];

/// Random metrics of a twin's route, some locked.
fn twin_metrics(rng: &mut Rng) -> RouteMetrics {
    let mut m = RouteMetrics::default();
    let mut lock = 0;
    for &(kind, _, value, _, lockable) in TWIN_METRICS {
        if rng.one_in(4) {
            m.set(kind, value);
            if lockable && rng.one_in(3) {
                lock |= 1 << kind;
            }
        }
    }
    if rng.one_in(4) {
        m.cc_algo = Some(rng.pick(&["reno", "cubic"]).into());
        if rng.one_in(2) {
            lock |= 1 << rtax::CC_ALGO;
        }
    }
    m.lock = (lock != 0).then_some(lock);
    m
}

/// `metrics` as `ip route` words.
fn metrics_args(metrics: &RouteMetrics) -> Vec<String> {
    let lock = |kind: u16| if metrics.is_locked(kind) { "lock " } else { "" };
    let mut out: Vec<String> = TWIN_METRICS
        .iter()
        .filter(|&&(kind, ..)| metrics.get(kind).is_some())
        .map(|&(kind, name, _, text, _)| format!("{name} {}{text}", lock(kind)))
        .collect();
    if let Some(cc) = &metrics.cc_algo {
        out.push(format!("congctl {}{cc}", lock(rtax::CC_ALGO)));
    }
    out
}

/// A random change, on links of `indexes`; a link moves away to the namespace of `away_fd`.
fn twin_op(rng: &mut Rng, indexes: &[u32], away_fd: i32) -> Op {
    let index = rng.pick(indexes);
    match rng.below(12) {
        0..=2 => {
            let six = rng.one_in(2);
            let ip = twin_ip(rng, six);
            let len = if six {
                rng.pick(&[64, 128, 48])
            } else {
                rng.pick(&[24, 32, 16])
            };
            let mut spec = AddrSpec::new(index.into(), IpPrefix::new(ip, len).unwrap());
            if rng.one_in(4) {
                spec = spec.peer(twin_ip(rng, six));
            }
            if !six && rng.one_in(3) {
                spec = spec.broadcast(twin_v4(rng));
            }
            if !six && rng.one_in(4) {
                spec = spec.label(format!("t{}:{}", rng.below(2), rng.below(2)));
            }
            if rng.one_in(4) {
                spec =
                    spec.scope(rng.pick(&[Scope::Site, Scope::Link, Scope::Host, Scope::from(7)]));
            }
            let mut flags = 0;
            for f in [
                addr::flags::NODAD,
                addr::flags::NOPREFIXROUTE,
                addr::flags::HOMEADDRESS,
                addr::flags::MANAGETEMPADDR,
                addr::flags::OPTIMISTIC,
            ] {
                if rng.one_in(4) {
                    flags |= f;
                }
            }
            // Without duplicate address detection, whose outcome on a veth pair depends on
            // timing (its other end may have the address too).
            if six {
                flags |= addr::flags::NODAD;
            }
            spec = spec.flags(flags);
            if rng.one_in(3) {
                let valid = rng.pick(&[100, 4000, INFINITY_LIFE_TIME]);
                let preferred = rng.pick(&[0, 50, 100]).min(valid);
                spec = spec.lifetimes((valid, preferred));
            }
            Op::Addr(spec, twin_mode(rng, false))
        }
        3..=6 => {
            let six = rng.one_in(3);
            let dst = match (six, rng.below(4)) {
                (false, 0) => IpPrefix::DEFAULT_V4,
                (true, 0) => IpPrefix::DEFAULT_V6,
                (false, _) => format!("10.9.{}.0/{}", rng.below(2), rng.pick(&[24, 32]))
                    .parse()
                    .unwrap(),
                (true, _) => format!("2001:db8:9:{}::/64", rng.below(2)).parse().unwrap(),
            };
            let mut spec = RouteSpec::new(dst);
            let rtype = rng.pick(&[
                RouteType::Unicast,
                RouteType::Unicast,
                RouteType::Unicast,
                RouteType::Blackhole,
                RouteType::Unreachable,
                RouteType::Prohibit,
                RouteType::Local,
                RouteType::Throw,
                RouteType::Unspec,
            ]);
            spec = spec.rtype(rtype);
            match rng.below(5) {
                0 => spec = spec.gateway(twin_gateway(rng, six)).oif(index.into()),
                1 => spec = spec.oif(index.into()),
                2 => {
                    let paths = (0..=rng.below(2))
                        .map(|_| {
                            let mut n =
                                Nexthop::new(rng.pick(indexes).into()).hops(rng.below(3) as u8);
                            if rng.below(3) > 0 {
                                n = n.gateway(twin_gateway(rng, six));
                            }
                            if rng.one_in(4) {
                                n = n.flags(4);
                            }
                            n
                        })
                        .collect();
                    spec = spec.multipath(paths);
                }
                3 if !six => spec = spec.nh_id(rng.pick(&[5, 6, 7])),
                _ => spec = spec.gateway(twin_gateway(rng, six)),
            }
            if rng.one_in(2) {
                spec = spec.table(rng.pick(&[254, 10, 255, 1000, 100_000]));
            }
            if rng.one_in(3) {
                spec = spec.priority(rng.pick(&[0, 7, 1024]));
            }
            if rng.one_in(5) {
                spec =
                    spec.scope(rng.pick(&[Scope::Universe, Scope::Link, Scope::Host, Scope::Site]));
            }
            if rng.one_in(3) {
                spec = spec.protocol(rng.pick(&[RouteProtocol::Static, RouteProtocol::from(99)]));
            }
            if rng.one_in(5) {
                spec = spec.prefsrc(twin_ip(rng, six));
            }
            if !six && rng.one_in(5) {
                spec = spec.tos(rng.pick(&[0x08, 0x10, 0x03]));
            }
            if rng.one_in(5) {
                spec = spec.flags(rtnh_f::ONLINK.into());
            }
            // IPv6 source routing; the kernel refuses an IPv4 source prefix.
            if rng.one_in(if six { 4 } else { 12 }) {
                let len = rng.pick(&[48, 64]);
                let src = twin_ip(rng, six);
                spec = spec.src(IpPrefix::new(src, if six { len } else { 24 }).unwrap());
            }
            if rng.one_in(3) {
                spec = spec.metrics(twin_metrics(rng));
            }
            if !six && rng.one_in(6) {
                spec = spec.flow(rng.pick(&[5, 0x10005, 0x70000]));
            }
            // Not medium, the kernel's default, which no twin could tell from none.
            if six && rng.one_in(2) {
                spec = spec.pref(rng.pick(&[route::pref::LOW, route::pref::HIGH]));
            }
            if six && rng.one_in(4) {
                spec = spec.expires(rng.pick(&[1000, 5000]));
            }
            let mode = twin_mode(rng, true);
            // `ip route` adds no route of type none; it deletes one of any type.
            if mode.is_some() && spec.rtype == RouteType::Unspec {
                spec = spec.rtype(RouteType::Unicast);
            }
            Op::Route(spec, mode)
        }
        7 | 8 => {
            let six = rng.one_in(2);
            let lladdr = (rng.below(4) > 0)
                .then(|| HwAddr::parse(&format!("02:00:00:00:0b:0{}", rng.below(3))).unwrap());
            // Destinations nothing else uses: the kernel makes entries of its own for the
            // others (gateways it resolves), when its timing falls (seed 255).
            let dst = if six {
                format!("2001:db8:5::{}", rng.below(2) + 1)
            } else {
                format!("10.0.5.{}", rng.below(3) + 1)
            };
            let state = rng.pick(&[
                neigh::nud::PERMANENT,
                neigh::nud::REACHABLE,
                neigh::nud::STALE,
                neigh::nud::NOARP,
                neigh::nud::FAILED,
                neigh::nud::INCOMPLETE,
                neigh::nud::DELAY,
            ]);
            // The kernel flushes the entries that are not permanent when a link's carrier goes
            // down, in linkwatch's own time, up to a second later: the twins, whose steps take
            // different times, lost them at different steps (seeds 119, 312, 378). Those go on
            // the loopback, whose carrier never changes.
            let index = if state == neigh::nud::PERMANENT {
                index
            } else {
                1
            };
            let mut flags = 0;
            for (flag, odds) in [(ntf::ROUTER, 4), (ntf::EXT_LEARNED, 6)] {
                if rng.one_in(odds) {
                    flags |= flag;
                }
            }
            // A proxy entry: no link-layer address, on any link (the kernel keeps no state
            // for it).
            if rng.one_in(5) {
                let spec = NeighSpec::new(rng.pick(indexes).into(), dst.parse().unwrap(), None)
                    .flags(flags | ntf::PROXY);
                return Op::Neigh(spec, twin_mode(rng, false));
            }
            let spec = NeighSpec::new(index.into(), dst.parse().unwrap(), lladdr)
                .state(state)
                .flags(flags);
            Op::Neigh(spec, twin_mode(rng, false))
        }
        9 | 10 => {
            let mut c = LinkChange::default();
            if rng.one_in(2) {
                c = c.up(rng.one_in(2));
            }
            if rng.one_in(3) {
                c = c.mtu(rng.pick(&[67, 68, 1280, 1500, 9000, 65535, 65536]));
            }
            if rng.one_in(6) {
                c = c.name(rng.pick(&TWIN_LINKS).into());
            }
            if rng.one_in(4) {
                c = c.address(
                    HwAddr::parse(rng.pick(&[
                        "02:00:00:00:0c:01",
                        "01:00:00:00:00:01",
                        "00:00:00:00:00:00",
                    ]))
                    .unwrap(),
                );
            }
            if rng.one_in(4) {
                c = c.txqlen(rng.pick(&[0, 10, 1000]));
            }
            if rng.one_in(4) {
                c = c.master(IfIndex::new(if rng.one_in(3) {
                    0
                } else {
                    rng.pick(indexes)
                }));
            }
            if rng.one_in(10) {
                c = c.netns_fd(away_fd);
            }
            if rng.one_in(5) {
                c = c.alias(rng.pick(&["", "a0", "a1"]).into());
            }
            if rng.one_in(6) {
                let name = rng.pick(&["alt0", "alt1", "an-alternative-name-longer-than-ifnamsiz"]);
                return Op::AltName(rng.one_in(2), index, name.into());
            }
            Op::LinkChange(c, index)
        }
        _ => {
            if rng.one_in(3) {
                return Op::LinkDelete(index);
            }
            let name = rng.pick(&TWIN_LINKS).to_string();
            let kind = match rng.below(10) {
                0 => LinkKind::Veth {
                    peer: rng.pick(&["n1", "n0", "t1"]).into(),
                },
                1 => LinkKind::Bridge,
                2 => LinkKind::Ifb,
                3 => LinkKind::Macvlan {
                    parent: index.into(),
                    mode: rng.pick(&[
                        MacvlanMode::Bridge,
                        MacvlanMode::Private,
                        MacvlanMode::Vepa,
                        MacvlanMode::Passthru,
                    ]),
                },
                5 => LinkKind::Dummy,
                6 => LinkKind::Vlan {
                    parent: index.into(),
                    id: rng.pick(&[1, 7, 4094, 4095]),
                    protocol: rng.pick(&[VlanProtocol::Dot1Q, VlanProtocol::Dot1Ad]),
                },
                7 => LinkKind::Vrf {
                    table: rng.pick(&[10, 11, 1000]),
                },
                8 => LinkKind::Bond {
                    mode: rng.pick(&[BondMode::BalanceRr, BondMode::ActiveBackup, BondMode::Lacp]),
                },
                9 => LinkKind::Ipvlan {
                    parent: index.into(),
                    mode: rng.pick(&[IpvlanMode::L2, IpvlanMode::L3, IpvlanMode::L3s]),
                },
                _ => {
                    let mut v = Vxlan::new(rng.below(3) as u32 + 1, 4789);
                    if rng.one_in(2) {
                        v = v.local(twin_v4(rng));
                    }
                    if rng.one_in(3) {
                        v = v.remote(twin_v4(rng));
                    }
                    if rng.one_in(4) {
                        v = v.parent(index.into());
                    }
                    LinkKind::Vxlan(v)
                }
            };
            Op::LinkCreate(name, kind)
        }
    }
}

/// What is compared of a twin: its `ip -j` views, MACs of links made without one set left
/// out (each twin's kernel picks its own at random), and lifetimes rounded (the twins are a moment apart).
fn twin_state(netns: Option<&str>) -> String {
    let mut out = String::new();
    let mut links = ip_json_in(netns, &["-d", "link", "show"]);
    for l in links.as_array_mut().unwrap() {
        let o = l.as_object_mut().unwrap();
        let fixed = o["address"]
            .as_str()
            .is_some_and(|a| a.starts_with("02:00:00:00:"));
        for k in ["stats64", "promiscuity", "allmulti"] {
            o.remove(k);
        }
        if !fixed {
            o.remove("address");
            o.remove("perm_address");
        }
        // The kernel takes the index of a link's IFLA_LINK device in another namespace for one
        // of its own namespace when it sets the operational state, as linkwatch's timing falls
        // (seed 421).
        if o.contains_key("link_netnsid") {
            o.remove("operstate");
        }
        if let Some(info) = o
            .get_mut("linkinfo")
            .and_then(|i| i.get_mut("info_data"))
            .and_then(Value::as_object_mut)
        {
            for k in [
                "bridge_id",
                "root_id",
                "hello_timer",
                "tcn_timer",
                "topology_change_timer",
                "gc_timer",
                "mcast_router",
                "designated_root",
                "fdb_n_learned",
            ] {
                info.remove(k);
            }
        }
        if let Some(info) = o
            .get_mut("linkinfo")
            .and_then(|i| i.get_mut("info_slave_data"))
            .and_then(Value::as_object_mut)
        {
            for k in [
                "bridge_id",
                "root_id",
                "designated_root",
                "designated_bridge",
                "hold_timer",
                "message_age_timer",
                "forward_delay_timer",
                "id",
                "no",
                "designated_port",
                "port_id",
                "port_no",
            ] {
                info.remove(k);
            }
        }
        out += &format!("link {l}\n");
    }
    let mut addrs = ip_json_in(netns, &["addr", "show"]);
    for l in addrs.as_array_mut().unwrap() {
        let ifname = l["ifname"].clone();
        for a in l["addr_info"].as_array_mut().unwrap() {
            let o = a.as_object_mut().unwrap();
            for k in ["valid_life_time", "preferred_life_time"] {
                let v = lifetime(o[k].as_u64());
                o.insert(k.into(), Value::from(v));
            }
            out += &format!("addr {ifname} {a}\n");
        }
    }
    for fam in ["-4", "-6"] {
        for r in ip_json_in(netns, &[fam, "-d", "route", "show", "table", "all"])
            .as_array()
            .unwrap()
        {
            // Not IPv6's multicast route, which the kernel adds when a link first has its
            // carrier: a bridge's comes and goes with its ports as the timing falls (seed 272).
            if r["dst"] == "ff00::/8" {
                continue;
            }
            // The twins' routes expire a moment apart.
            let mut r = r.clone();
            if let Some(e) = r.get_mut("expires") {
                *e = "set".into();
            }
            // Not whether a path is marked linkdown: the kernel marks the routes through a link
            // when it loses its carrier, in linkwatch's own time, and a route made on a link
            // without carrier at once, but for an IPv4 route through an IPv6 gateway (marked
            // only at the link's next change). A bridge's carrier falls as the timing does
            // (seed 773: one twin's bridge came up with its carrier and lost it a moment after
            // such a route was made, the other's came up without).
            let up = |p: &mut Value| {
                if let Some(flags) = p.get_mut("flags").and_then(Value::as_array_mut) {
                    flags.retain(|f| f != "linkdown");
                }
            };
            up(&mut r);
            if let Some(paths) = r.get_mut("nexthops").and_then(Value::as_array_mut) {
                paths.iter_mut().for_each(up);
            }
            out += &format!("route {r}\n");
        }
    }
    for n in ip_json_in(netns, &["neigh", "show", "nud", "all"])
        .as_array()
        .unwrap()
    {
        // Not the entries the kernel makes on its own, when it will: of multicast groups
        // (NOARP), and of resolutions its own traffic starts (no link-layer address yet).
        let ll = js(&n["lladdr"]);
        if ll == "-" || ll.starts_with("33:33:") || ll.starts_with("01:00:5e:") {
            continue;
        }
        out += &format!("neigh {n}\n");
    }
    for n in ip_json_in(netns, &["neigh", "show", "proxy"])
        .as_array()
        .unwrap()
    {
        out += &format!("proxy {n}\n");
    }
    // In one order: the kernel lists routes of one prefix in the order they came.
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort();
    lines.join("\n")
}

/// The lines of `a` not in `b`, and of `b` not in `a`.
fn line_diff(a: &str, b: &str) -> String {
    let mut out = String::new();
    for l in a.lines().filter(|l| !b.lines().any(|m| m == *l)) {
        out += &format!("  nlrs's twin only: {l}\n");
    }
    for l in b.lines().filter(|l| !a.lines().any(|m| m == *l)) {
        out += &format!("  ip's twin only:   {l}\n");
    }
    out
}

/// Seed `seed` of the second direction: random changes made by nlrs in this thread's
/// namespace and by `ip` in a twin.
fn made_by_nlrs(seed: u64) {
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    quiet_kernel();
    let twin = NamedNetns::new("twin");
    let tw = Some(twin.name.as_str());
    // In the order this thread's namespace had: lo up, then no link-local addresses.
    ip_in(tw, &["link".into(), "set".into(), "lo".into(), "up".into()]).unwrap();
    let path = twin.path();
    std::thread::spawn(move || {
        let ns = std::fs::File::open(&path).unwrap();
        // SAFETY: plain system call affecting only this thread, which joins the twin.
        assert_eq!(
            unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) },
            0
        );
        quiet_kernel();
    })
    .join()
    .unwrap();
    common::ip_batch(TWIN_SETUP);
    let out = common::output_with_input(
        {
            let mut c = Command::new("ip");
            c.args(["-n", &twin.name, "-batch", "-"]);
            c
        },
        TWIN_SETUP,
    );
    assert!(out.status.success(), "the twin's setup");
    // Where links move: one namespace for each twin.
    let (away_a, away_b) = (NamedNetns::new("away-a"), NamedNetns::new("away-b"));
    let away_fd = std::fs::File::open(away_a.path()).unwrap();
    let mut rng = Rng::new(seed);
    let mut s = sock();
    let c = route_socket();
    let mut log = String::new();
    for step in 0..150 {
        let links = ip_json_in(None, &["link", "show"]);
        let names = Names::of(&links);
        let mut indexes: Vec<u32> = names.0.values().copied().collect();
        indexes.push(77);
        let name = |i: u32| {
            names
                .0
                .iter()
                .find(|(_, &v)| v == i)
                .map_or(format!("if{i}"), |(n, _)| n.clone())
        };
        let mut op = twin_op(&mut rng, &indexes, away_fd.as_raw_fd());
        // ip leaves a rename to the link's own name out of its request, which then differs
        // from nlrs's when the link also moves (the kernel takes the name as the one to have
        // over there, seed 793): so does the test.
        if let Op::LinkChange(c, i) = &mut op {
            if c.name.as_ref().is_some_and(|n| *n == name(*i).as_str()) {
                c.name = None;
            }
        }
        // A link the twins cannot name (77) is left to the Rust API alone.
        let args = op.ip_args(&name, &away_b.name);
        if args.iter().any(|a| a.starts_with("if")) {
            continue;
        }
        let use_c = rng.one_in(2);
        let ours = op.nlrs(&mut s, use_c.then_some(c));
        let theirs = ip_in(tw, &args).map(drop);
        log += &format!(
            "{step}: ip {} ({}): nlrs {ours:?}, ip {theirs:?}\n",
            args.join(" "),
            if use_c { "C" } else { "Rust" }
        );
        let what = format!("seed {seed} step {step}");
        assert_eq!(ours, theirs, "{what}: ip {}\n{log}", args.join(" "));
        if step % 10 == 9 {
            let deadline = Instant::now() + Duration::from_secs(3);
            loop {
                let (a, b) = (twin_state(None), twin_state(tw));
                if a == b {
                    break;
                }
                if Instant::now() > deadline {
                    panic!("{what}: the twins differ:\n{}\n{log}", line_diff(&a, &b));
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
    nlrs_socket_free(c);
    println!("{log}");
}

#[test]
fn made_by_nlrs_read_by_iproute2() {
    for seed in seeds() {
        common::in_netns(move || made_by_nlrs(seed));
    }
}
