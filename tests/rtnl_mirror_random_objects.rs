//! A hostile, randomized differential test of the mirror's links, addresses and neighbours
//! (ARP, NDP and bridge forwarding entries) against the kernel: seeded random batches of
//! changes that collide over a few names and addresses, applied while the mirror reads or
//! while it is paused with a small receive buffer (so that it overruns and re-dumps), then
//! the mirror compared with `ip -j` and `bridge -j`, with what its change reports say, and
//! with its own lookups. `NLRS_SEED=N` runs seed N alone; a failure names its seed and round.

mod common;

use common::objects::{kernel_view, mirror_view, Batch};
use common::rng::Rng;
use common::{private_netns, wait_readable};
use nlrs::rtnl::mirror::{ChangeKind, Flow, Mirror, Object, Selection};
use nlrs::rtnl::neigh::Neigh;
use nlrs::rtnl::IfIndex;
use nlrs::wire::consts::*;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Rounds per seed: each a batch of changes, then the comparisons.
const ROUNDS: u32 = 30;

/// How long the mirror may differ from the kernel after a round: carrier changes are
/// announced by linkwatch up to a second after they happen, bridges learn MACs from the
/// traffic of their ports whenever it comes.
const CONVERGE: Duration = Duration::from_secs(4);

/// What identifies an object as the kernel tells them apart (routes are left out): a link by
/// index; an IPv4 address by interface, local address, prefix length and the prefix of its
/// peer (`__inet_insert_ifa` keeps two that differ only there), an IPv6 one by interface
/// and address (`ipv6_add_addr` refuses a second one whatever its prefix length); an ARP or
/// NDP entry by interface and destination (proxy entries apart), a bridge's forwarding entry
/// by bridge, MAC and VLAN, a VXLAN device's by device and MAC, and also by remote (address,
/// VNI, port, interface) for the all-zeros or a multicast MAC, which may have several.
fn identity(o: &Object) -> Option<String> {
    Some(match o {
        Object::Link(l) => format!("link {}", l.index),
        Object::Addr(a) if a.family == AF_INET => {
            let peer = a.address.map(|p| masked(p, a.prefixlen));
            format!("addr4 {} {:?}/{} {peer:?}", a.index, a.ip(), a.prefixlen)
        }
        Object::Addr(a) => format!("addr{} {} {:?}", a.family, a.index, a.ip()),
        Object::Neigh(n) => neigh_identity(n),
        _ => return None,
    })
}

fn neigh_identity(n: &Neigh) -> String {
    let proxy = n.flags & ntf::PROXY != 0;
    if n.family != AF_BRIDGE {
        return format!("neigh{} {proxy} {} {:?}", n.family, n.ifindex, n.dst);
    }
    let several = n.lladdr.is_some_and(|l| {
        let b = l.as_bytes();
        b[0] & 1 == 1 || b.iter().all(|&x| x == 0)
    });
    match n.master {
        Some(br) => format!("fdb br{br} {:?} {:?}", n.lladdr, n.vlan),
        None if !several => format!("fdb dev{} {:?} {:?}", n.ifindex, n.lladdr, n.vlan),
        None => format!(
            "fdb dev{} {:?} {:?} {:?} {:?} {:?} {:?}",
            n.ifindex, n.lladdr, n.vlan, n.dst, n.vni, n.port, n.remote_ifindex
        ),
    }
}

/// `ip` with the host bits of `ip` beyond `len` cleared.
fn masked(ip: IpAddr, len: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v) => {
            let m = u32::MAX
                .checked_shl(32 - u32::from(len.min(32)))
                .unwrap_or(0);
            IpAddr::V4((u32::from(v) & m).into())
        }
        v6 => v6,
    }
}

/// The mirror's contents as its change reports tell them, checked as they come: an addition
/// of something new, a change of something there with other values, a removal of something
/// there as it was.
#[derive(Default)]
struct Model {
    objects: BTreeMap<String, Object>,
    errors: Vec<String>,
}

impl Model {
    fn report(&mut self, k: ChangeKind, o: &Object) {
        let Some(id) = identity(o) else { return };
        let old = self.objects.get(&id);
        let wrong = match k {
            ChangeKind::Add => old.map(|old| format!("added {o:?} over {old:?}")),
            ChangeKind::Change => match old {
                None => Some(format!("changed {o:?}, never added")),
                Some(old) if old == o => Some(format!("changed {o:?} to itself")),
                Some(_) => None,
            },
            ChangeKind::Remove => match old {
                None => Some(format!("removed {o:?}, never added")),
                Some(old) if old != o => Some(format!("removed {o:?}, known as {old:?}")),
                Some(_) => None,
            },
            _ => Some(format!("unknown change {k:?}")),
        };
        self.errors.extend(wrong);
        if k == ChangeKind::Remove {
            self.objects.remove(&id);
        } else {
            self.objects.insert(id, o.clone());
        }
    }
}

/// A mirror under test, the model of its reports, and the random choices of its reading.
struct Subject {
    m: Mirror,
    sel: Selection,
    model: Model,
    /// The chance, in 1/256, that a report callback stops the reporting.
    stop: u32,
    /// Where the callbacks' stops are drawn from: a stream of its own, since how often the
    /// mirror is drained depends on timing, and the batches drawn from the seed's stream
    /// must not (a seed replays its batches).
    stops: Rng,
    resyncs: u64,
}

impl Subject {
    /// A mirror of `sel` with event receive buffer `rcvbuf` (or the default).
    fn start(sel: Selection, rcvbuf: Option<usize>, rng: &mut Rng) -> Self {
        let stop = rng.pick(&[0, 8, 64]);
        let mut model = Model::default();
        let mut state = Rng::new(rng.next());
        let m = match Mirror::start_until(sel, rcvbuf, |k, o| {
            model.report(k, o);
            stop_now(&mut state, stop)
        }) {
            Ok((m, _)) => m,
            Err(e) => panic!("mirror start: {e}"),
        };
        let mut s = Subject {
            m,
            sel,
            model,
            stop,
            stops: Rng::new(rng.next()),
            resyncs: 0,
        };
        // A stopped start leaves the rest for the next call.
        s.drain();
        s.m.set_attempts(20);
        s
    }

    /// Applies everything queued, callbacks stopping at random.
    fn drain(&mut self) {
        let mut state = Rng::new(self.stops.next());
        let mut resync_state = Rng::new(self.stops.next());
        let stop = self.stop;
        loop {
            let model = &mut self.model;
            let mut resynced = 0;
            let r = self.m.process_until(
                |k, o| {
                    model.report(k, o);
                    stop_now(&mut state, stop)
                },
                || {
                    resynced += 1;
                    stop_now(&mut resync_state, stop)
                },
            );
            self.resyncs += resynced;
            match r {
                Ok((_, Flow::Break(()))) => {}
                Ok((_, Flow::Continue(()))) => return,
                Err(e) => panic!("process: {e}"),
            }
        }
    }

    /// Re-dumps at once, as a caller may, callbacks stopping at random (the rest is reported
    /// by the next [`Subject::drain`]).
    fn resync(&mut self) {
        let model = &mut self.model;
        let mut state = Rng::new(self.stops.next());
        let stop = self.stop;
        let report = |k, o: &Object| {
            model.report(k, o);
            stop_now(&mut state, stop)
        };
        // Stopped or not: the next drain reports whatever is left.
        let _ = self.m.resync_until(report, || Flow::Continue(())).unwrap();
    }
}

/// Whether a callback stops now, with chance `stop`/256.
fn stop_now(rng: &mut Rng, stop: u32) -> Flow {
    if (rng.below(256) as u32) < stop {
        Flow::Break(())
    } else {
        Flow::Continue(())
    }
}

/// `tool -force -batch FILE` running with `lines` in FILE (a file, not a pipe: nothing to
/// feed while the mirror is read). Lines that fail are the point (names taken, links gone):
/// their errors are not shown.
struct Running {
    child: Child,
    file: std::path::PathBuf,
}

impl Running {
    fn spawn(tool: &str, lines: &str) -> Self {
        let thread = format!("{:?}", std::thread::current().id());
        let name = format!(
            "nlrs-batch-{}-{}",
            std::process::id(),
            thread.replace(['(', ')'], "")
        );
        let file = std::env::temp_dir().join(name);
        std::fs::write(&file, lines).unwrap();
        let child = Command::new(tool)
            .args(["-force", "-batch"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
        Running { child, file }
    }

    fn done(&mut self) -> bool {
        self.child.try_wait().unwrap().is_some()
    }

    fn wait(mut self) {
        self.child.wait().unwrap();
        let _ = std::fs::remove_file(&self.file);
    }
}

/// Sets sysctl `path` (under /proc/sys/net) of this thread's namespace.
fn sysctl(path: &str, value: &str) {
    std::fs::write(format!("/proc/sys/net/{path}"), value)
        .unwrap_or_else(|e| panic!("sysctl {path}: {e}"));
}

/// Keeps the kernel from changing what is compared on its own: no IPv6 link-local
/// addresses (made, then changed by DAD, on every link that comes up). Neighbour entries
/// still age (a namespace has no `neigh/default` to change), but the kernel announces it.
fn quiet_kernel() {
    sysctl("ipv6/conf/default/addr_gen_mode", "1");
}

/// Asserts that the mirror, its reports and its lookups agree with the kernel, retrying
/// while the kernel still changes on its own (see [`CONVERGE`]).
fn check(s: &mut Subject, what: &str) {
    let mut deadline = Instant::now() + CONVERGE;
    let mut redumped = false;
    loop {
        s.drain();
        let kernel = kernel_view().of(s.sel);
        s.drain();
        let ours = mirror_view(&s.m, &kernel);
        if ours == kernel {
            println!(
                "{what}: {} links, {} addresses, {} neighbours, {} forwarding entries",
                ours.links.len(),
                ours.addrs.len(),
                ours.neighs.len(),
                ours.fdb.len()
            );
            break;
        }
        if Instant::now() > deadline && !redumped && ours.only_unannounced(&kernel) {
            // Addresses the kernel holds unannounced (`nodad`, their link taken down before
            // the kernel's DAD worker ran): a re-dump, as the mirror's documentation says,
            // brings them, reported as additions.
            println!(
                "{what}: unannounced addresses, re-dumped:\n{}",
                ours.diff(&kernel)
            );
            s.resync();
            redumped = true;
            deadline = Instant::now() + CONVERGE;
            continue;
        }
        if Instant::now() > deadline {
            panic!(
                "{what}: the mirror differs from the kernel:\n{}",
                ours.diff(&kernel)
            );
        }
        wait_readable(s.m.fd(), 100);
    }
    assert!(
        s.model.errors.is_empty(),
        "{what}: wrong change reports: {:#?}",
        s.model.errors
    );
    let held: BTreeMap<String, Object> =
        s.m.objects()
            .filter_map(|o| Some((identity(&o)?, o)))
            .collect();
    if held != s.model.objects {
        let only_model: Vec<_> = s
            .model
            .objects
            .iter()
            .filter(|(k, v)| held.get(*k) != Some(v))
            .collect();
        let only_mirror: Vec<_> = held
            .iter()
            .filter(|(k, v)| s.model.objects.get(*k) != Some(v))
            .collect();
        panic!(
            "{what}: the reports do not add up to the mirror: reported {only_model:#?}, held \
             {only_mirror:#?}"
        );
    }
    check_lookups(&s.m, &held, what);
}

/// Asserts the mirror's lookups find each object it holds, and nothing else of the pools, and
/// that a walk with `first` and `after` meets every object in the order of `objects`.
fn check_lookups(m: &Mirror, held: &BTreeMap<String, Object>, what: &str) {
    let walked: Vec<Object> = std::iter::successors(m.first(), |o| m.after(o)).collect();
    let all: Vec<Object> = m.objects().collect();
    assert!(walked == all, "{what}: the walk differs from objects()");
    let mut addrs: BTreeMap<(IfIndex, IpAddr), u8> = BTreeMap::new();
    for o in held.values() {
        match o {
            Object::Link(l) => {
                assert_eq!(
                    m.link(l.index).as_ref(),
                    Some(o),
                    "{what}: link({})",
                    l.index
                );
                assert_eq!(
                    m.link_by_name(l.name.as_bytes()).as_ref(),
                    Some(o),
                    "{what}: link_by_name({})",
                    l.name
                );
            }
            Object::Addr(a) => {
                let len = addrs
                    .entry((a.index, a.ip().unwrap()))
                    .or_insert(a.prefixlen);
                *len = (*len).min(a.prefixlen);
            }
            Object::Neigh(n) if n.family != AF_BRIDGE && n.flags & ntf::PROXY == 0 => {
                let dst = n.dst.unwrap();
                assert_eq!(
                    m.neigh(n.ifindex, dst).as_ref(),
                    Some(o),
                    "{what}: neigh({}, {dst})",
                    n.ifindex
                );
            }
            _ => {}
        }
    }
    for (&(index, ip), &len) in &addrs {
        match m.addr(index, ip) {
            Some(Object::Addr(a)) => assert_eq!(
                (a.index, a.ip(), a.prefixlen),
                (index, Some(ip), len),
                "{what}: addr({index}, {ip}) is not the one with the shortest prefix"
            ),
            other => panic!("{what}: addr({index}, {ip}) found {other:?}"),
        }
    }
    let indexes: Vec<IfIndex> = held
        .values()
        .filter_map(|o| match o {
            Object::Link(l) => Some(l.index),
            _ => None,
        })
        .collect();
    let top = indexes.iter().map(|i| i.get()).max().unwrap_or(0);
    for i in (1..top + 3).map(IfIndex::new) {
        if !indexes.contains(&i) {
            assert_eq!(m.link(i), None, "{what}: link({i}) is gone");
        }
        for ip in common::objects::addr_pool() {
            if !addrs.contains_key(&(i, ip)) {
                assert_eq!(m.addr(i, ip), None, "{what}: addr({i}, {ip}) is gone");
            }
        }
        for dst in common::objects::neigh_pool() {
            let there = held.values().any(|o| {
                matches!(o, Object::Neigh(n) if n.ifindex == i && n.dst == Some(dst)
                    && n.family != AF_BRIDGE && n.flags & ntf::PROXY == 0)
            });
            if !there {
                assert_eq!(m.neigh(i, dst), None, "{what}: neigh({i}, {dst}) is gone");
            }
        }
    }
    for name in common::objects::NAMES {
        let there = held
            .values()
            .any(|o| matches!(o, Object::Link(l) if l.name == name));
        if !there {
            assert_eq!(
                m.link_by_name(name.as_bytes()),
                None,
                "{what}: link {name} is gone"
            );
        }
    }
}

/// Runs `ROUNDS` rounds of seed `seed` with a mirror of `sel`.
fn run(seed: u64, sel: Selection) {
    let seed = std::env::var("NLRS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(seed);
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    private_netns();
    quiet_kernel();
    let away = common::NamedNetns::new("away");
    let mut rng = Rng::new(seed);
    let buffers = [None, Some(2048), Some(4096), Some(16384)];
    let mut s = Subject::start(sel, rng.pick(&buffers), &mut rng);
    let mut overrun_rounds = 0;
    let mut resyncs = 0;
    for round in 0..ROUNDS {
        let what = format!("seed {seed} round {round}");
        sysctl(
            "ipv4/conf/all/promote_secondaries",
            &rng.below(2).to_string(),
        );
        sysctl("ipv6/conf/all/keep_addr_on_down", &rng.below(2).to_string());
        // One round sure to overrun: a new mirror with a small buffer, paused, and a flood of
        // changes after the batch.
        let flood = round == ROUNDS / 2;
        if flood || rng.below(6) == 0 {
            println!("a new mirror");
            resyncs += s.resyncs;
            let rcvbuf = if flood {
                Some(2048)
            } else {
                rng.pick(&buffers)
            };
            s = Subject::start(sel, rcvbuf, &mut rng);
        }
        let n = 10 + rng.below(120) as usize;
        let mut batch = Batch::random(&mut rng, n, &away.name);
        if flood {
            batch.flood();
        }
        let live = !flood && rng.below(2) == 0;
        overrun_rounds += u32::from(!live);
        // Some live rounds start a new mirror while the first changes are being made: its
        // dumps race with them.
        let mut start_during = live && rng.below(4) == 0;
        for (tool, lines) in batch.segments() {
            // Shown with the failure: what led to it.
            println!("{tool} -force -batch - <<EOF\n{lines}EOF");
            let mut running = Running::spawn(tool, &lines);
            if std::mem::take(&mut start_during) {
                println!("a new mirror, started during the batch");
                resyncs += s.resyncs;
                s = Subject::start(sel, rng.pick(&buffers), &mut rng);
            }
            while live && !running.done() {
                wait_readable(s.m.fd(), 5);
                s.drain();
            }
            running.wait();
        }
        if rng.below(6) == 0 {
            println!("resync");
            s.resync();
        }
        check(
            &mut s,
            &format!("{what} ({})", if live { "live" } else { "paused" }),
        );
    }
    resyncs += s.resyncs;
    println!("{overrun_rounds} paused rounds, {resyncs} re-dumps after overruns");
    assert!(
        resyncs > 0,
        "seed {seed}: no overrun, so no re-dump was tested"
    );
}

#[test]
fn links_addresses_and_neighbours_follow_the_kernel_seed_1() {
    run(1, Selection::default().links(true).addrs(true).neighs(true));
}

/// Without links: neighbour entries still leave with their link.
#[test]
fn addresses_and_neighbours_follow_the_kernel_without_links() {
    run(0x5eed_0002, Selection::default().addrs(true).neighs(true));
}

#[test]
fn links_addresses_and_neighbours_follow_the_kernel_with_routes() {
    run(0x5eed_0003, Selection::ALL);
}
