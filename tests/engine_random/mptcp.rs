//! MPTCP (`mptcp_pm`): endpoints and limits made by ip and by the engine; the events of
//! connections over loopback as `ip mptcp monitor` prints them.

use super::*;

/// Addresses endpoints are made of: those of `a0` (a port needs one), and one it lacks.
const MPTCP_ADDRS: &[&str] = &[
    "10.0.0.1",
    "10.0.0.2",
    "2001:db8::1",
    "2001:db8::2",
    "10.9.9.9",
];

/// The endpoint flags ip names, by bit.
const MPTCP_FLAGS: &[(&str, u32)] = &[
    ("signal", 1),
    ("subflow", 2),
    ("backup", 4),
    ("fullmesh", 8),
];

/// A random endpoint change: ip's arguments, the engine's operation and request.
fn mptcp_change(rng: &mut Rng, a0: u32) -> (Vec<String>, &'static str, Value) {
    let id = rng.pick(&[None, Some(1u8), Some(2), Some(5), Some(200)]);
    match rng.below(10) {
        0..=5 => {
            let addr = rng.pick(MPTCP_ADDRS);
            let mut args = format!("mptcp endpoint add {addr}");
            let mut a = match addr.parse::<std::net::IpAddr>().unwrap() {
                std::net::IpAddr::V4(v) => json!({"family": 2, "addr4": u32::from(v)}),
                std::net::IpAddr::V6(v) => json!({"family": 10, "addr6": hex(&v.octets())}),
            };
            let mut flags = 0;
            for (name, bit) in MPTCP_FLAGS {
                // ip refuses signal with fullmesh itself.
                let clash = (bit | flags) & 9 == 9;
                if rng.one_in(3) && !clash {
                    flags |= bit;
                    args += &format!(" {name}");
                }
            }
            if flags != 0 {
                a["flags"] = json!(flags);
            }
            if let Some(id) = id {
                args += &format!(" id {id}");
                a["id"] = json!(id);
            }
            if rng.one_in(2) {
                args += " dev a0";
                a["if-idx"] = json!(a0);
            }
            if flags & 1 != 0 && rng.one_in(3) {
                let port = rng.pick(&[1234u16, 8080]);
                args += &format!(" port {port}");
                a["port"] = json!(port);
            }
            (split(&args), "add-addr", json!({ "addr": a }))
        }
        6 => {
            // The backup and fullmesh flags of an endpoint, changed by id.
            let id = id.unwrap_or(1);
            let (backup, fullmesh) = (rng.one_in(2), rng.one_in(2));
            let args = format!(
                "mptcp endpoint change id {id} {}backup {}fullmesh",
                if backup { "" } else { "no" },
                if fullmesh { "" } else { "no" }
            );
            let flags = u32::from(backup) * 4 + u32::from(fullmesh) * 8;
            let req = json!({"addr": {"id": id, "flags": flags}});
            (split(&args), "set-flags", req)
        }
        7 => {
            let id = id.unwrap_or(3);
            let args = format!("mptcp endpoint delete id {id}");
            (split(&args), "del-addr", json!({"addr": {"id": id}}))
        }
        8 => {
            let (sub, acc) = (rng.below(10), rng.below(10));
            let args = format!("mptcp limits set subflows {sub} add_addr_accepted {acc}");
            let req = json!({"subflows": sub, "rcv-add-addrs": acc});
            (split(&args), "set-limits", req)
        }
        _ => (
            split("mptcp endpoint flush"),
            "flush-addrs",
            json!({"addr": {}}),
        ),
    }
}

/// The endpoints of the engine's dump as `ip -j mptcp endpoint` prints them
/// (`print_mptcp_addrinfo`), then the limits as `ip -j mptcp limits`.
fn engine_mptcp(c: &mut Client) -> Vec<Value> {
    let names = link_names();
    let mut all = Vec::new();
    for e in c.dump("get-addr", &Value::Null).unwrap() {
        let a = &e.unwrap()["addr"];
        let mut o = Map::new();
        let address = match (a.get("addr4"), a.get("addr6")) {
            (Some(v4), _) => Ipv4Addr::from(num(v4) as u32).to_string(),
            (_, Some(v6)) => {
                let b: [u8; 16] = unhex(v6.as_str().unwrap()).try_into().unwrap();
                Ipv6Addr::from(b).to_string()
            }
            _ => panic!("an endpoint without an address: {a}"),
        };
        o.insert("address".into(), json!(address));
        if let Some(p) = a.get("port").map(num).filter(|&p| p != 0) {
            o.insert("port".into(), json!(p));
        }
        o.insert("id".into(), json!(num(&a["id"])));
        let flags = a.get("flags").map_or(0, num);
        for (name, bit) in MPTCP_FLAGS {
            if flags & u64::from(*bit) != 0 {
                o.insert((*name).into(), json!(true));
            }
        }
        if let Some(i) = a.get("if-idx").map(num).filter(|&i| i != 0) {
            o.insert("dev".into(), json!(names[&i]));
        }
        all.push(Value::Object(o));
    }
    all
}

/// The limits of the engine's `get-limits` as `ip mptcp limits` prints them (ip 6.1 prints
/// them as text under `-j` too).
fn engine_limits(c: &mut Client) -> String {
    let limits = c.do_op("get-limits", &Value::Null, 0).unwrap();
    let l = &limits[0];
    format!(
        "add_addr_accepted {} subflows {}",
        num(&l["rcv-add-addrs"]),
        num(&l["subflows"])
    )
}

/// Interface index to name, in the calling thread's namespace.
fn link_names() -> std::collections::BTreeMap<u64, String> {
    let links: Value = serde_json::from_str(&ip(&["-j", "link", "show"])).unwrap();
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["ifindex"].as_u64().unwrap(),
                l["ifname"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn random_mptcp(seed: u64) {
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    let mut rng = Rng::new(seed);
    let mut pair = Pair::new(
        "mptcp_pm",
        |c| drop(c.do_op("get-limits", &Value::Null, 0).unwrap()),
        &[
            &["addr", "add", "10.0.0.1/24", "dev", "a0"],
            &["addr", "add", "10.0.0.2/24", "dev", "a0"],
            &["addr", "add", "2001:db8::1/64", "dev", "a0", "nodad"],
            &["addr", "add", "2001:db8::2/64", "dev", "a0", "nodad"],
        ],
    );
    let a0 = common::ifindex("a0") as u32;
    for round in 0..6 {
        for _ in 0..8 {
            let (args, op, req) = mptcp_change(&mut rng, a0);
            let (by_ip, c) = (rng.below(2), rng.one_in(4));
            pair.change(&args, op, &req, 0, by_ip, c);
        }
        let what = format!("seed {seed} round {round}");
        let shows: &[&[&str]] = &[&["mptcp", "endpoint", "show"]];
        // The engine's view names links in the namespace it runs in: the same names, since
        // both namespaces made the same links in the same order.
        pair.check(&what, shows, listed, engine_mptcp);
        pair.check_c_dump(&what, "get-addr", &Value::Null);
        for i in 0..2 {
            let theirs = ns_ip(&pair.ns(i), &["mptcp", "limits", "show"]);
            let ours = engine_limits(&mut pair.clients[i]);
            assert_eq!(ours, theirs.trim(), "{}", pair.report(&what));
        }
    }
}

#[test]
fn random_mptcp_endpoints_equal_ip() {
    if !std::path::Path::new("/proc/sys/net/mptcp").exists() {
        println!("skipped: this kernel has no MPTCP (/proc/sys/net/mptcp)");
        return;
    }
    each_seed(&[1, 2, 3], random_mptcp);
}

/// An MPTCP event the engine decoded, in the `key=value` terms of `ip mptcp monitor`
/// (iproute2 6.1 names events 15 and 16, the listener's, `UNKNOWN`: left out).
fn mptcp_event_view(n: &Tree) -> Option<BTreeMap<String, String>> {
    let name = match n["name"].as_str()? {
        "created" => "CREATED",
        "established" => "ESTABLISHED",
        "closed" => "CLOSED",
        "announced" => "ANNOUNCED",
        "removed" => "REMOVED",
        "sub-established" => "SF_ESTABLISHED",
        "sub-closed" => "SF_CLOSED",
        "sub-priority" => "SF_PRIORITY",
        _ => return None,
    };
    let m = &n["msg"];
    let mut o = BTreeMap::from([("event".to_owned(), name.to_owned())]);
    let mut put = |k: &str, v: String| {
        o.insert(k.to_owned(), v);
    };
    put("token", format!("{:08x}", num(&m["token"])));
    for (attr, key) in [
        ("rem-id", "remid"),
        ("loc-id", "locid"),
        ("sport", "sport"),
        ("dport", "dport"),
        ("backup", "backup"),
        ("if-idx", "ifindex"),
        ("error", "error"),
        ("flags", "flags"),
    ] {
        if let Some(v) = m.get(attr) {
            put(key, num(v).to_string());
        }
    }
    for (attr, key) in [("saddr4", "saddr4"), ("daddr4", "daddr4")] {
        if let Some(v) = m.get(attr) {
            put(key, Ipv4Addr::from(num(v) as u32).to_string());
        }
    }
    for (attr, key) in [("saddr6", "saddr6"), ("daddr6", "daddr6")] {
        if let Some(v) = m.get(attr) {
            let b: [u8; 16] = unhex(v.as_str().unwrap()).try_into().unwrap();
            put(key, Ipv6Addr::from(b).to_string());
        }
    }
    Some(o)
}

/// A line of `ip mptcp monitor`: `[  EVENT] key=value ...`.
fn mptcp_monitor_view(line: &str) -> Option<BTreeMap<String, String>> {
    let (event, rest) = line.trim_start_matches('[').split_once(']')?;
    let event = event.trim();
    if event.starts_with("UNKNOWN") {
        return None;
    }
    let mut o = BTreeMap::from([("event".to_owned(), event.to_owned())]);
    for kv in rest.split_whitespace() {
        let (k, v) = kv.split_once('=')?;
        o.insert(k.to_owned(), v.to_owned());
    }
    Some(o)
}

/// Random MPTCP connections over loopback (both families, closed by either side or left
/// open): the events the engine decodes from `mptcp_pm_events` must be those `ip mptcp
/// monitor` prints, in order, each field `ip` shows with the same value (tokens, ids,
/// addresses, ports in network order, flags).
fn random_mptcp_events(seed: u64) {
    use std::io::Read;
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    let mut rng = Rng::new(seed);
    let mut c = Client::builtin("mptcp_pm").unwrap();
    c.subscribe("mptcp_pm_events").unwrap();
    let mut monitor = Command::new("ip")
        .args(["mptcp", "monitor"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // ip subscribes as it starts; the first events must not come before.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut log = Vec::new();
    let mut kept = Vec::new();
    for _ in 0..4 {
        let v6 = rng.one_in(2);
        let (domain, at) = if v6 {
            (
                libc::AF_INET6,
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), 0),
            )
        } else {
            (
                libc::AF_INET,
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 0),
            )
        };
        let l = mptcp_socket(domain, |fd| {
            let (sa, len) = sockaddr(at);
            // SAFETY: a socket this function owns; a valid address.
            unsafe {
                assert_eq!(libc::bind(fd, sa.as_ptr().cast(), len), 0);
                assert_eq!(libc::listen(fd, 4), 0);
            }
        });
        let l = TcpListener::from(l);
        let to = l.local_addr().unwrap();
        let mut conn = TcpStream::from(mptcp_socket(domain, |fd| {
            let (sa, len) = sockaddr(to);
            // SAFETY: as above.
            unsafe { assert_eq!(libc::connect(fd, sa.as_ptr().cast(), len), 0) };
        }));
        let (mut a, _) = l.accept().unwrap();
        conn.write_all(b"hello").unwrap();
        a.read_exact(&mut [0; 5]).unwrap();
        let how = rng.below(3);
        log.push(format!("connection to {to}, then {how}"));
        match how {
            0 => drop((conn, a)),
            1 => {
                drop(a);
                std::thread::sleep(std::time::Duration::from_millis(20));
                drop(conn);
            }
            _ => kept.push((conn, a, l)),
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: a child this function started.
    unsafe { libc::kill(monitor.id() as i32, libc::SIGTERM) };
    let mut out = String::new();
    monitor
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    monitor.wait().unwrap();
    let theirs: Vec<_> = out.lines().filter_map(mptcp_monitor_view).collect();
    let mut ours = Vec::new();
    c.notifications(|n| {
        ours.extend(mptcp_event_view(&n));
        true
    })
    .unwrap();
    let what = format!("seed {seed}\n{}\nip mptcp monitor:\n{out}", log.join("\n"));
    assert!(!theirs.is_empty(), "{what}");
    assert_eq!(ours.len(), theirs.len(), "{what}\nengine: {ours:?}");
    for (o, t) in ours.iter().zip(&theirs) {
        for (k, v) in t {
            assert_eq!(o.get(k), Some(v), "{k}: {what}\nengine: {o:?}\nip: {t:?}");
        }
    }
}

/// An MPTCP stream socket of `domain`, set up by `f` with its descriptor.
fn mptcp_socket(domain: i32, f: impl FnOnce(i32)) -> std::os::fd::OwnedFd {
    use std::os::fd::FromRawFd;
    // SAFETY: a plain socket call; the descriptor is owned by the result.
    let fd = unsafe { libc::socket(domain, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 262) };
    assert!(
        fd >= 0,
        "socket(IPPROTO_MPTCP): {}",
        std::io::Error::last_os_error()
    );
    // SAFETY: fd was just made and is owned nowhere else.
    let owned = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
    f(fd);
    owned
}

#[test]
fn random_mptcp_events_equal_ip_monitor() {
    if !std::path::Path::new("/proc/sys/net/mptcp").exists() {
        println!("skipped: this kernel has no MPTCP (/proc/sys/net/mptcp)");
        return;
    }
    each_seed(&[1], random_mptcp_events);
}
