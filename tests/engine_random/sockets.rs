//! Sockets (`sock-diag`): TCP and UDP sockets over loopback as `ss -tanuem` lists them.

use super::*;

/// The sockets a round made, kept open (or closed on purpose) until its end.
#[derive(Default)]
struct Sockets {
    listeners: Vec<TcpListener>,
    streams: Vec<TcpStream>,
    udp: Vec<UdpSocket>,
    /// What was done, for the report of a failure.
    log: Vec<String>,
}

impl Sockets {
    /// A random change: a listener, a connection in some state, a UDP socket.
    fn change(&mut self, rng: &mut Rng) {
        match rng.below(6) {
            0 | 1 if self.listeners.len() < 6 => {
                let at = rng.pick(&["127.0.0.1:0", "0.0.0.0:0", "[::1]:0", "[::]:0"]);
                let l = TcpListener::bind(at).unwrap();
                self.log.push(format!("listen {}", l.local_addr().unwrap()));
                self.listeners.push(l);
            }
            0..=3 if !self.listeners.is_empty() => self.connect(rng),
            _ => {
                let at = rng.pick(&["127.0.0.1:0", "0.0.0.0:0", "[::1]:0", "[::]:0"]);
                let u = UdpSocket::bind(at).unwrap();
                let v6 = at.starts_with('[');
                if rng.one_in(2) {
                    let to = if v6 { "[::1]:53" } else { "127.0.0.1:53" };
                    u.connect(to).unwrap();
                }
                if let Some(other) = self.udp.last().filter(|_| rng.one_in(2)) {
                    // A datagram left unread: the receiver's queue is not empty.
                    let to = loopback(other.local_addr().unwrap());
                    if to.is_ipv6() == v6 && other.peer_addr().is_err() {
                        u.send_to(&[1; 100], to).unwrap();
                    }
                }
                self.log.push(format!(
                    "udp {} {:?}",
                    u.local_addr().unwrap(),
                    u.peer_addr().ok()
                ));
                self.udp.push(u);
            }
        }
    }

    /// A connection to a random listener, left established (maybe with unread data or not
    /// accepted), half closed, or closed on one side.
    fn connect(&mut self, rng: &mut Rng) {
        let l = &self.listeners[rng.below(self.listeners.len())];
        let mut to = loopback(l.local_addr().unwrap());
        if to.ip() == Ipv6Addr::LOCALHOST
            && l.local_addr().unwrap().ip().is_unspecified()
            && rng.one_in(2)
        {
            // IPv4 to a dual-stack listener: the accepted socket is IPv6, v4-mapped.
            to = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), to.port());
        }
        let mut c = TcpStream::connect(to).unwrap();
        let how = rng.below(6);
        self.log.push(format!(
            "connect {} -> {to} ({how})",
            c.local_addr().unwrap()
        ));
        if how == 0 {
            // Left in the listener's queue.
            self.streams.push(c);
            return;
        }
        let (mut s, _) = l.accept().unwrap();
        match how {
            1 => {
                c.write_all(&vec![7; 1 + rng.below(3000)]).unwrap();
                s.write_all(&[7; 10]).unwrap();
            }
            2 => c.shutdown(Shutdown::Write).unwrap(),
            // Closed by the client: it waits in FIN-WAIT-2, the server in CLOSE-WAIT.
            3 => {
                drop(c);
                self.streams.push(s);
                return;
            }
            // Closed by both, the client first: it waits in TIME-WAIT.
            4 => {
                drop(c);
                std::thread::sleep(std::time::Duration::from_millis(5));
                drop(s);
                return;
            }
            _ => {}
        }
        self.streams.extend([c, s]);
    }
}

/// `a` with an unspecified address replaced by loopback of its family.
fn loopback(a: SocketAddr) -> SocketAddr {
    match a {
        SocketAddr::V4(v) if v.ip().is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), v.port())
        }
        SocketAddr::V6(v) if v.ip().is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), v.port())
        }
        a => a,
    }
}

/// The `idiag-ext` bit that asks for `INET_DIAG_SKMEMINFO` (attribute 7).
const SKMEMINFO: u8 = 1 << (7 - 1);

/// ss's names of the TCP states (by number), and the description's.
const STATES: &[(&str, &str, &str)] = &[
    ("ESTAB", "established", "established"),
    ("SYN-SENT", "syn-sent", "syn-sent"),
    ("SYN-RECV", "syn-recv", "syn-recv"),
    ("FIN-WAIT-1", "fin-wait1", "fin-wait-1"),
    ("FIN-WAIT-2", "fin-wait2", "fin-wait-2"),
    ("TIME-WAIT", "time-wait", "time-wait"),
    ("UNCONN", "close", "closed"),
    ("CLOSE-WAIT", "close-wait", "close-wait"),
    ("LAST-ACK", "last-ack", "last-ack"),
    ("LISTEN", "listen", "listening"),
    ("CLOSING", "closing", "closing"),
];

/// An address and port as `ss -n` prints them (`inet_addr_print`: the unspecified IPv6
/// address is `*`, but for a v6-only socket).
fn ss_addr(family: u64, raw: &str, port: u64, v6only: bool) -> String {
    let b = unhex(raw);
    let port = if port == 0 {
        "*".to_string()
    } else {
        port.to_string()
    };
    if family == 2 {
        return format!("{}:{port}", Ipv4Addr::new(b[0], b[1], b[2], b[3]));
    }
    let a = Ipv6Addr::from(<[u8; 16]>::try_from(b).unwrap());
    if a.is_unspecified() && !v6only {
        format!("*:{port}")
    } else {
        format!("[{a}]:{port}")
    }
}

/// A socket of the engine's dump as `ss -tanuHem` prints it: netid, state, queues, local and
/// peer address, timer, inode, cookie, v6only, shutdown, memory.
fn socket_line(m: &Tree, proto: u8) -> String {
    let family = num(&m["idiag-family"]);
    let id = &m["id"];
    let state = m["idiag-state"].as_str().expect("a state by name");
    let ss_state = STATES
        .iter()
        .find(|s| s.1 == state)
        .expect("a known state")
        .0;
    let v6only = m.get("skv6only").is_some_and(|v| num(v) != 0);
    let addr = |a: &str, p: &str| ss_addr(family, id[a].as_str().unwrap(), num(&id[p]), v6only);
    let (local, peer) = (
        addr("idiag-src", "idiag-sport"),
        addr("idiag-dst", "idiag-dport"),
    );
    let cookie = u64::from_le_bytes(
        unhex(id["idiag-cookie"].as_str().unwrap())
            .try_into()
            .unwrap(),
    );
    let mut line = format!(
        "{} {ss_state} {} {} {local} {peer}",
        if proto == 6 { "tcp" } else { "udp" },
        num(&m["idiag-rqueue"]),
        num(&m["idiag-wqueue"]),
    );
    // ss's `tmr_name`; the time left is left out (it runs between the two dumps).
    let timer = num(&m["idiag-timer"]);
    if timer != 0 {
        let name = ["off", "on", "keepalive", "timewait", "persist"]
            .get(timer as usize)
            .unwrap_or(&"unknown");
        line += &format!(" timer:({name},{})", num(&m["idiag-retrans"]));
    }
    line += &format!(" ino:{} sk:{cookie:x}", num(&m["idiag-inode"]));
    if let Some(v) = m.get("skv6only") {
        line += &format!(" v6only:{}", num(v));
    }
    if let Some(s) = m.get("shutdown").map(num) {
        let c = |bit, yes, no| if s & bit != 0 { yes } else { no };
        line += &format!(" {}-{}", c(1, '-', '<'), c(2, '-', '>'));
    }
    // The SK_MEMINFO_* values, u32s in host order, as `ss -m` prints them (none for a
    // socket in TIME-WAIT).
    if let Some(mem) = m.get("skmeminfo") {
        let mem = unhex(mem.as_str().expect("hex"));
        let names = ["r", "rb", "t", "tb", "f", "w", "o", "bl", "d"];
        let fields: Vec<String> = names
            .iter()
            .zip(mem.chunks(4))
            .map(|(n, v)| format!("{n}{}", u32::from_ne_bytes(v.try_into().unwrap())))
            .collect();
        line += &format!(" skmem:({})", fields.join(","));
    }
    line
}

/// `ss -Htanuem STATES` lines with the fields of [`socket_line`] (cgroup left out).
fn ss_lines(states: &[&str]) -> Vec<String> {
    let mut args = vec!["-Htanuem"];
    for s in states {
        args.extend(["state", s]);
    }
    let out = Command::new("ss").args(&args).output().expect("run ss");
    assert!(out.status.success(), "ss {args:?}: {out:?}");
    // A socket's memory is on a line of its own, indented.
    let text = String::from_utf8(out.stdout).unwrap().replace("\n\t", " ");
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            l.split_whitespace()
                .filter(|w| !w.starts_with("cgroup:"))
                .map(|w| match w.strip_prefix("timer:(") {
                    // The time left is left out, as in `socket_line`.
                    Some(t) => {
                        let t: Vec<&str> = t.trim_end_matches(')').split(',').collect();
                        format!("timer:({},{})", t[0], t[t.len() - 1])
                    }
                    None => w.to_owned(),
                })
                .collect::<Vec<_>>()
        })
        .map(|mut w| {
            // Asked for one state, ss leaves its column out.
            if let [one] = states {
                let name = STATES.iter().find(|s| s.2 == *one).unwrap().0;
                w.insert(1, name.to_owned());
            }
            w.join(" ")
        })
        .collect();
    lines.sort();
    lines
}

/// The engine's dump of TCP and UDP sockets of both families in `states`, as [`ss_lines`].
fn engine_lines(c: &mut Client, states: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    for proto in [6u8, 17] {
        for family in [2u8, 10] {
            let req = json!({"sdiag-family": family, "sdiag-protocol": proto,
                             "idiag-states": states, "idiag-ext": SKMEMINFO});
            for m in c.dump("by-family", &req).unwrap() {
                let m = m.unwrap();
                assert_eq!(num(&m["idiag-family"]), u64::from(family));
                lines.push(socket_line(&m, proto));
            }
        }
    }
    lines.sort();
    lines
}

fn random_sockets(seed: u64) {
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    let mut rng = Rng::new(seed);
    let mut c = Client::builtin("sock-diag").unwrap();
    let mut socks = Sockets::default();
    for round in 0..6 {
        for _ in 0..6 {
            socks.change(&mut rng);
        }
        // The states a dump asks for: all, or a few.
        let mut states: Vec<&str> = STATES.iter().map(|s| s.1).collect();
        if !rng.one_in(3) {
            let few: Vec<&str> = states.iter().copied().filter(|_| rng.one_in(4)).collect();
            if !few.is_empty() {
                states = few;
            }
        }
        let ss_states: Vec<&str> = STATES
            .iter()
            .filter(|s| states.contains(&s.1))
            .map(|s| s.2)
            .collect();
        // Connections settle (FIN exchanges over loopback) within moments; a difference is
        // looked at again before it counts.
        let mut tries = 0;
        loop {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let ours = engine_lines(&mut c, &states);
            let theirs = ss_lines(&ss_states);
            if ours == theirs {
                break;
            }
            tries += 1;
            if tries == 5 {
                panic!(
                    "seed {seed} round {round}, states {states:?}: the engine's dump differs \
                     from ss\nengine:\n{}\nss:\n{}\nchanges:\n{}",
                    ours.join("\n"),
                    theirs.join("\n"),
                    socks.log.join("\n")
                );
            }
        }
    }
}

#[test]
fn random_sockets_equal_ss() {
    each_seed(&[1, 2, 3], random_sockets);
}
