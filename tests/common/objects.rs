//! The randomized test of the mirror's links, addresses and neighbours: its random changes,
//! made with `ip` and `bridge` batches over a few colliding names and addresses, and the
//! views of the kernel (`ip -j`, `bridge -j`) and of a mirror it compares, in the same terms.

use super::ip_json;
use super::rng::Rng;
use nlrs::rtnl::mirror::{Mirror, Object, Selection};
use nlrs::rtnl::neigh::state_names;
use nlrs::wire::consts::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::process::Command;

/// The link names the changes use, whatever the kind of link that holds them (renames move
/// them around). The kernel here has veth, bridge, ifb, macvlan and VXLAN links.
pub const NAMES: [&str; 9] = ["v0", "v1", "v2", "v3", "v4", "b0", "b1", "i0", "q0"];

/// The addresses the changes put on links.
const V4: [&str; 4] = ["10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.1.1"];
const V6: [&str; 3] = ["2001:db8:1::1", "2001:db8:1::2", "2001:db8:2::1"];

/// The neighbours' destinations.
const DSTS: [&str; 5] = [
    "10.1.0.5",
    "10.1.0.6",
    "10.1.1.5",
    "2001:db8:1::5",
    "2001:db8:1::6",
];

/// Every address the changes may put on a link (peers are not the link's own).
pub fn addr_pool() -> impl Iterator<Item = IpAddr> {
    V4.iter()
        .chain(&V6)
        .chain(&["10.2.0.1", "2001:db8:3::1"])
        .map(|a| a.parse().unwrap())
}

/// Every neighbour destination the changes use.
pub fn neigh_pool() -> impl Iterator<Item = IpAddr> {
    DSTS.iter().map(|a| a.parse().unwrap())
}

/// A batch of changes: lines for `ip` or `bridge`, in order.
pub struct Batch(Vec<(&'static str, String)>);

impl Batch {
    /// `n` random changes; links leave for namespace `away` (for good: gone, for the
    /// mirror).
    pub fn random(rng: &mut Rng, n: usize, away: &str) -> Self {
        Batch((0..n).map(|_| change(rng, away)).collect())
    }

    /// Adds 200 changes of the loopback's MTU, back to its own at the end: more events than a
    /// small receive buffer holds.
    pub fn flood(&mut self) {
        let mtus = (0..200).map(|i| format!("link set lo mtu {}\n", 1280 + i));
        let back = "link set lo mtu 65536\n".to_string();
        self.0.extend(mtus.chain([back]).map(|l| ("ip", l)));
    }

    /// The batch as runs of lines for one tool.
    pub fn segments(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        for (tool, line) in &self.0 {
            match out.last_mut() {
                Some((t, lines)) if t == tool => *lines += line,
                _ => out.push((tool, line.clone())),
            }
        }
        out
    }
}

/// One random change, as a line for `ip` or `bridge`.
fn change(rng: &mut Rng, away: &str) -> (&'static str, String) {
    let dev = rng.pick(&NAMES);
    let other = rng.pick(&NAMES);
    let n = rng.below(4);
    let line = match rng.below(30) {
        0..=2 => format!("link add {dev} type veth peer name {other}"),
        3 => format!("link add {dev} type bridge"),
        4 => format!("link add {dev} type ifb"),
        5 => {
            let mode = ["bridge", "private", "vepa", "bridge"][n];
            format!("link add {dev} link {other} type macvlan mode {mode}")
        }
        6 => format!(
            "link add {dev} type vxlan id {} dstport 4789 local 127.0.0.1",
            n + 1
        ),
        7 => format!("link del {dev}"),
        8 => format!("link set {dev} down\nlink set {dev} name {other}"),
        9 | 10 => format!("link set {dev} {}", rng.pick(&["up", "down"])),
        11 => format!("link set {dev} mtu {}", [1280, 1400, 1500, 2000][n]),
        12 => format!("link set {dev} address 02:00:00:00:0a:0{n}"),
        13 => format!("link set {dev} master {other}"),
        14 => format!("link set {dev} nomaster"),
        15 => format!("link set {dev} alias a{n}"),
        16 => {
            let flag = rng.pick(&["arp", "promisc", "allmulticast", "multicast"]);
            format!("link set {dev} {flag} {}", rng.pick(&["on", "off"]))
        }
        17 if n == 0 => format!("link set {dev} netns {away}"),
        17 => format!("link set {dev} txqueuelen {}", 100 * (n + 1)),
        18 => format!("link set {dev} type bridge vlan_filtering {}", n % 2),
        19 | 20 => v4_addr(rng, dev),
        21 => v6_addr(rng, dev),
        22 => peer_addr(rng, dev),
        23 => format!("addr flush dev {dev}"),
        24..=26 => neigh(rng, dev),
        _ => return ("bridge", fdb(rng, dev)),
    };
    ("ip", line + "\n")
}

fn v4_addr(rng: &mut Rng, dev: &str) -> String {
    let verb = rng.pick(&["add", "add", "del", "replace", "change"]);
    let ip = rng.pick(&V4);
    let len = rng.pick(&[24, 24, 16]);
    let label = match rng.below(3) {
        0 => format!(" label {dev}:{}", rng.below(2)),
        _ => String::new(),
    };
    // Lifetimes that run out while the test runs: the address turns deprecated, then goes.
    let extra = rng.pick(&["", "", " scope link", " valid_lft 2 preferred_lft 1"]);
    format!("addr {verb} {ip}/{len} dev {dev}{label}{extra}")
}

fn v6_addr(rng: &mut Rng, dev: &str) -> String {
    let verb = rng.pick(&["add", "add", "del", "replace", "change"]);
    let ip = rng.pick(&V6);
    let len = rng.pick(&[64, 64, 48]);
    let extra = rng.pick(&[
        "",
        " noprefixroute",
        " valid_lft 1000 preferred_lft 1000",
        " valid_lft 1000 preferred_lft 0",
        " valid_lft 2 preferred_lft 1",
    ]);
    // Mostly without duplicate address detection, which ends a second or two later (or
    // fails, the same address being on the other end of a veth).
    let dad = rng.pick(&[" nodad", " nodad", " nodad", "", " optimistic"]);
    format!("addr {verb} {ip}/{len} dev {dev}{dad}{extra}")
}

/// Addresses with a peer: one local address, several peers (IPv4 keeps each apart when
/// their prefixes differ).
fn peer_addr(rng: &mut Rng, dev: &str) -> String {
    let verb = rng.pick(&["add", "add", "del"]);
    let n = rng.below(3) + 2;
    match rng.below(3) {
        0 => format!("addr {verb} 2001:db8:3::1 peer 2001:db8:3::{n}/128 dev {dev} nodad"),
        1 => format!("addr {verb} 10.2.0.1 peer 10.2.{n}.0/24 dev {dev}"),
        _ => format!("addr {verb} 10.2.0.1 peer 10.2.0.{n}/32 dev {dev}"),
    }
}

fn neigh(rng: &mut Rng, dev: &str) -> String {
    let dst = rng.pick(&DSTS);
    let verb = rng.pick(&["add", "replace", "replace", "change", "del"]);
    if verb == "del" {
        return format!("neigh del {dst} dev {dev}");
    }
    let state = rng.pick(&["permanent", "reachable", "stale", "noarp"]);
    let router = if dst.contains(':') && rng.below(2) == 0 {
        " router"
    } else {
        ""
    };
    let learnt = rng.pick(&["", "", " extern_learn"]);
    let mac = rng.below(3);
    format!("neigh {verb} {dst} lladdr 02:00:00:00:0b:0{mac} dev {dev} nud {state}{router}{learnt}")
}

fn fdb(rng: &mut Rng, dev: &str) -> String {
    if rng.below(3) == 0 {
        // A VXLAN device's remotes: one MAC, several remotes.
        let verb = rng.pick(&["append", "append", "del", "replace"]);
        let mac = rng.pick(&["00:00:00:00:00:00", "02:00:00:00:0d:01"]);
        let dst = rng.below(3) + 1;
        let port = rng.pick(&["", " port 4790"]);
        return format!("fdb {verb} {mac} dev {dev} dst 10.0.0.{dst}{port} self\n");
    }
    let mac = format!("02:00:00:00:0c:0{}", rng.below(3));
    let vlan = match rng.below(3) {
        0 => " vlan 1",
        _ => "",
    };
    match rng.below(4) {
        0 => format!("fdb del {mac} dev {dev} master{vlan}\n"),
        n => {
            let verb = if n == 1 { "add" } else { "replace" };
            let state = rng.pick(&["static", "dynamic", "permanent"]);
            format!("fdb {verb} {mac} dev {dev} master {state}{vlan}\n")
        }
    }
}

/// What is compared of the kernel and of a mirror, one line per object, by kind.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct View {
    pub links: Lines,
    pub addrs: Lines,
    pub neighs: Lines,
    pub fdb: Lines,
    /// The IPv6 addresses the kernel has tentative, by interface (see [`addr_flags`]).
    pub tentative: BTreeSet<(u64, String)>,
    /// The links the kernel has down, by index (see [`View::only_unannounced`]).
    pub down: BTreeSet<u64>,
}

/// Lines, each as many times as it was added: two objects that show as one line are two.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Lines(BTreeMap<String, usize>);

impl Lines {
    fn insert(&mut self, line: String) {
        *self.0.entry(line).or_default() += 1;
    }

    pub fn len(&self) -> usize {
        self.0.values().sum()
    }

    /// The lines `other` has fewer times.
    fn beyond<'a>(&'a self, other: &'a Lines) -> impl Iterator<Item = &'a String> {
        let fewer = |(l, n): &(&String, &usize)| other.0.get(*l).is_none_or(|m| m < *n);
        self.0.iter().filter(fewer).map(|(l, _)| l)
    }
}

impl View {
    /// The view of the kinds `sel` names.
    pub fn of(mut self, sel: Selection) -> View {
        if !sel.links {
            self.links = Lines::default();
        }
        if !sel.addrs {
            self.addrs = Lines::default();
        }
        if !sel.neighs {
            self.neighs = Lines::default();
            self.fdb = Lines::default();
        }
        self
    }

    /// Whether `self` (the mirror) differs from `kernel` only by IPv6 addresses without
    /// duplicate address detection (`nodad`) on links that are down, which the kernel has
    /// and the mirror lacks: the kernel may hold such an address unannounced until its link
    /// comes up again (see [`Mirror`]'s documentation), and a mirror then knows it only as of
    /// its next dump.
    pub fn only_unannounced(&self, kernel: &View) -> bool {
        let unannounced = |l: &String| {
            let words: Vec<&str> = l.split(' ').collect();
            let index: u64 = words[0].parse().unwrap();
            let flags = words.last().and_then(|w| w.strip_prefix("flags=0x"));
            let flags = u32::from_str_radix(flags.unwrap(), 16).unwrap();
            words[1] == format!("af{AF_INET6}") && flags & 0x02 != 0 && kernel.down.contains(&index)
        };
        let mut missing = kernel.addrs.beyond(&self.addrs).peekable();
        self.links == kernel.links
            && self.neighs == kernel.neighs
            && self.fdb == kernel.fdb
            && self.addrs.beyond(&kernel.addrs).next().is_none()
            && missing.peek().is_some()
            && missing.all(unannounced)
    }

    /// The lines only one of `self` (the mirror) and `kernel` has.
    pub fn diff(&self, kernel: &View) -> String {
        let mut out = String::new();
        for (ours, theirs) in [
            (&self.links, &kernel.links),
            (&self.addrs, &kernel.addrs),
            (&self.neighs, &kernel.neighs),
            (&self.fdb, &kernel.fdb),
        ] {
            for l in ours.beyond(theirs) {
                out += &format!("  more in the mirror: {l}\n");
            }
            for l in theirs.beyond(ours) {
                out += &format!("  more in the kernel: {l}\n");
            }
        }
        out
    }
}

/// The `IFA_F_*` flags by the names `ip -j addr` gives them (`secondary` is `temporary` for
/// IPv6; `permanent` is shown as `dynamic` when absent).
const ADDR_FLAGS: [(u32, &str); 11] = [
    (0x01, "secondary"),
    (0x02, "nodad"),
    (0x04, "optimistic"),
    (0x08, "dadfailed"),
    (0x10, "home"),
    (0x20, "deprecated"),
    (0x40, "tentative"),
    (0x100, "mngtmpaddr"),
    (0x200, "noprefixroute"),
    (0x400, "autojoin"),
    (0x800, "stable-privacy"),
];

/// The flags of a link of `ip -j link`, as `LinkFlags` writes them: comma-separated, without
/// `M-DOWN` (ip's own note that the link's lower device is down, not a flag).
pub fn link_flags_of_ip(l: &Value) -> String {
    let flags: Vec<&str> = l["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|f| *f != "M-DOWN")
        .collect();
    flags.join(",")
}

/// The `IFA_F_*` flags of an address of `ip -j addr` (an element of `addr_info`), those it
/// names.
pub fn addr_flags_of_ip(a: &Value) -> u32 {
    let mut flags = ADDR_FLAGS
        .iter()
        .filter(|(_, name)| a[*name] == true)
        .fold(0, |f, (bit, _)| f | bit);
    if a["temporary"] == true {
        flags |= 0x01;
    }
    if a["dynamic"] != true {
        flags |= 0x80;
    }
    flags
}

/// The `NTF_*` flags of a forwarding entry by the names `bridge -j fdb` gives them.
const FDB_FLAGS: [(u8, &str); 6] = [
    (0x02, "self"),
    (0x80, "router"),
    (0x10, "extern_learn"),
    (0x20, "offload"),
    (0x04, "master"),
    (0x40, "sticky"),
];

#[allow(clippy::too_many_arguments)]
/// The `IFA_F_*` flags compared of an address: those `ip` names, none for an IPv6 address
/// the kernel has `tentative`. The kernel announces no change of a tentative address until
/// its duplicate address detection ends (`inet6_addr_modify`), which never happens while its
/// link is down, and makes the addresses a link keeps when it goes down tentative without a
/// notification (`keep_addr_on_down`, `addrconf_ifdown`).
fn addr_flags(flags: u32, tentative: bool) -> u32 {
    if tentative {
        0
    } else {
        flags & 0xfff
    }
}

#[allow(clippy::too_many_arguments)]
fn link_line(
    idx: u64,
    name: &str,
    mtu: u64,
    flags: &str,
    oper: &str,
    mac: &str,
    master: u64,
    txqlen: u64,
    kind: &str,
) -> String {
    format!("{idx} {name} mtu {mtu} <{flags}> {oper} {mac} master={master} qlen={txqlen} {kind}")
}

#[allow(clippy::too_many_arguments)]
fn addr_line(
    idx: u64,
    family: u8,
    local: &str,
    len: u64,
    peer: &str,
    brd: &str,
    scope: &str,
    label: &str,
    flags: u32,
) -> String {
    format!(
        "{idx} af{family} {local}/{len} peer={peer} brd={brd} scope={scope} label={label} \
         flags={flags:#x}"
    )
}

/// A neighbour entry's line; `flags`: whether it is a router's, and learnt by an external
/// agent.
fn neigh_line(idx: u64, dst: &str, ll: &str, state: &str, flags: [bool; 2]) -> String {
    let [router, learnt] = flags;
    format!("{idx} {dst} {ll} <{state}> router={router} extern_learn={learnt}")
}

/// A forwarding entry's line. The port of a bridge's local entry (`permanent`: its own MAC,
/// or a port's) is left out: when the link it points at leaves the bridge or changes its MAC,
/// and another one has the same MAC, the kernel points the entry at that one without any
/// notification (`fdb_delete_local`).
#[allow(clippy::too_many_arguments)]
fn fdb_line(
    mac: &str,
    dev: u64,
    master: u64,
    vlan: u64,
    dst: &str,
    vni: u64,
    port: u64,
    state: &str,
    flags: &str,
) -> String {
    let dev = if master != 0 && state == "permanent" {
        "local".to_string()
    } else {
        dev.to_string()
    };
    format!(
        "{mac} dev={dev} master={master} vlan={vlan} dst={dst} vni={vni} port={port} {state} \
         <{flags}>"
    )
}

/// A forwarding entry's state as `bridge` names it.
fn fdb_state(s: u16) -> String {
    if s & nlrs::rtnl::neigh::nud::PERMANENT != 0 {
        "permanent".into()
    } else if s & nlrs::rtnl::neigh::nud::NOARP != 0 {
        "static".into()
    } else if s & nlrs::rtnl::neigh::nud::STALE != 0 {
        "stale".into()
    } else if s & nlrs::rtnl::neigh::nud::REACHABLE != 0 {
        String::new()
    } else {
        s.to_string()
    }
}

/// Whether a neighbour entry is compared: not one the kernel makes silently for a multicast
/// or broadcast destination (`NUD_NOARP`, see [`Mirror`]'s documentation), which a mirror
/// knows only as of its last dump. The changes use unicast destinations only.
fn compared_neigh(dst: &str, noarp: bool) -> bool {
    !noarp || neigh_pool().any(|p| p.to_string() == dst)
}

/// The kernel's view, from `ip -j` and `bridge -j`.
pub fn kernel_view() -> View {
    let mut v = View::default();
    let links = ip_json(&["-d", "link", "show"]);
    let index: BTreeMap<&str, u64> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["ifname"].as_str().unwrap(),
                l["ifindex"].as_u64().unwrap(),
            )
        })
        .collect();
    let idx = |name: &Value| {
        name.as_str()
            .and_then(|n| index.get(n).copied())
            .unwrap_or(0)
    };
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    for l in links.as_array().unwrap() {
        if !l["flags"].as_array().unwrap().iter().any(|f| f == "UP") {
            v.down.insert(l["ifindex"].as_u64().unwrap());
        }
        v.links.insert(link_line(
            l["ifindex"].as_u64().unwrap(),
            l["ifname"].as_str().unwrap(),
            l["mtu"].as_u64().unwrap(),
            &link_flags_of_ip(l),
            &s(&l["operstate"]),
            &s(&l["address"]),
            idx(&l["master"]),
            l["txqlen"].as_u64().unwrap_or(0),
            &s(&l["linkinfo"]["info_kind"]),
        ));
    }
    for l in ip_json(&["addr", "show"]).as_array().unwrap() {
        let index = l["ifindex"].as_u64().unwrap();
        for a in l["addr_info"].as_array().unwrap() {
            let family = if a["family"] == "inet" {
                AF_INET
            } else {
                AF_INET6
            };
            let flags = addr_flags_of_ip(a);
            if family == AF_INET6 && a["tentative"] == true {
                v.tentative.insert((index, s(&a["local"])));
            }
            v.addrs.insert(addr_line(
                index,
                family,
                &s(&a["local"]),
                a["prefixlen"].as_u64().unwrap(),
                &s(&a["address"]),
                &s(&a["broadcast"]),
                &s(&a["scope"]),
                &s(&a["label"]),
                addr_flags(flags, v.tentative.contains(&(index, s(&a["local"])))),
            ));
        }
    }
    for n in ip_json(&["neigh", "show", "nud", "all"])
        .as_array()
        .unwrap()
    {
        let state: Vec<&str> = n["state"]
            .as_array()
            .map(|s| s.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let dst = s(&n["dst"]);
        if compared_neigh(&dst, state.contains(&"NOARP")) {
            v.neighs.insert(neigh_line(
                idx(&n["dev"]),
                &dst,
                &s(&n["lladdr"]),
                &state.join(","),
                [n.get("router").is_some(), n.get("extern_learn").is_some()],
            ));
        }
    }
    let out = Command::new("bridge")
        .args(["-j", "fdb", "show"])
        .output()
        .expect("run bridge (iproute2)");
    assert!(out.status.success(), "bridge fdb show failed");
    let fdb: Value = serde_json::from_slice(&out.stdout).unwrap();
    // A bridge's own table and VXLAN remotes only: the other entries a dump lists are the
    // devices' address lists (their multicast groups, which change with their addresses
    // without any notification).
    let announced = |e: &&Value| e.get("master").is_some() || e.get("dst").is_some();
    for e in fdb.as_array().unwrap().iter().filter(announced) {
        let flags: Vec<&str> = FDB_FLAGS
            .iter()
            .filter(|(_, name)| e["flags"].as_array().unwrap().iter().any(|f| f == name))
            .map(|(_, name)| *name)
            .collect();
        v.fdb.insert(fdb_line(
            &s(&e["mac"]),
            idx(&e["ifname"]),
            idx(&e["master"]),
            e["vlan"].as_u64().unwrap_or(0),
            &s(&e["dst"]),
            e["vni"].as_u64().unwrap_or(0),
            e["port"].as_u64().unwrap_or(0),
            &s(&e["state"]),
            &flags.join(","),
        ));
    }
    v
}

/// The mirror's view, in the terms of [`kernel_view`], which says which IPv6 addresses the
/// kernel has tentative.
pub fn mirror_view(m: &Mirror, kernel: &View) -> View {
    let mut v = View {
        tentative: kernel.tentative.clone(),
        down: kernel.down.clone(),
        ..View::default()
    };
    let opt = |o: Option<String>| o.unwrap_or_default();
    for o in m.objects() {
        match o {
            Object::Link(l) => {
                v.links.insert(link_line(
                    l.index.get().into(),
                    &l.name.to_string(),
                    l.mtu.unwrap_or(0).into(),
                    &l.flags.to_string(),
                    &opt(l.operstate.map(|s| s.to_string())),
                    &opt(l.address.map(|a| a.to_string())),
                    l.master.map_or(0, |m| m.get().into()),
                    l.txqlen.unwrap_or(0).into(),
                    &opt(l.kind),
                ));
            }
            Object::Addr(a) => {
                let local = a.ip().map(|i| i.to_string()).unwrap_or_default();
                let peer = a
                    .address
                    .filter(|p| a.local.is_some() && Some(*p) != a.local)
                    .map(|p| p.to_string());
                v.addrs.insert(addr_line(
                    a.index.get().into(),
                    a.family,
                    &local,
                    a.prefixlen.into(),
                    &opt(peer),
                    &opt(a.broadcast.map(|b| b.to_string())),
                    &a.scope.to_string(),
                    &opt(a.label.map(|l| l.to_string())),
                    addr_flags(
                        a.flags,
                        v.tentative.contains(&(a.index.get().into(), local.clone())),
                    ),
                ));
            }
            Object::Neigh(n) if n.family == AF_BRIDGE => {
                if n.master.is_none() && n.dst.is_none() {
                    continue;
                }
                let flags: Vec<&str> = FDB_FLAGS
                    .iter()
                    .filter(|(bit, _)| n.flags & bit != 0)
                    .map(|(_, name)| *name)
                    .collect();
                v.fdb.insert(fdb_line(
                    &opt(n.lladdr.map(|l| l.to_string())),
                    n.ifindex.get().into(),
                    n.master.map_or(0, |m| m.get().into()),
                    n.vlan.unwrap_or(0).into(),
                    &opt(n.dst.map(|d| d.to_string())),
                    n.vni.unwrap_or(0).into(),
                    n.port.unwrap_or(0).into(),
                    &fdb_state(n.state),
                    &flags.join(","),
                ));
            }
            Object::Neigh(n) if n.flags & ntf::PROXY == 0 => {
                let dst = opt(n.dst.map(|d| d.to_string()));
                let state: Vec<&str> = state_names(n.state).collect();
                if compared_neigh(&dst, n.state & nlrs::rtnl::neigh::nud::NOARP != 0) {
                    v.neighs.insert(neigh_line(
                        n.ifindex.get().into(),
                        &dst,
                        &opt(n.lladdr.map(|l| l.to_string())),
                        &state.join(","),
                        [n.flags & 0x80 != 0, n.flags & ntf::EXT_LEARNED != 0],
                    ));
                }
            }
            _ => {}
        }
    }
    v
}
