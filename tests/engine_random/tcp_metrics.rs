//! TCP metrics (`tcp_metrics`) of connections over loopback, as `ip -j tcp_metrics` lists
//! them.

use super::*;

/// A connection from `from` to a listener on `to` (loopback addresses), `bytes` sent, then
/// closed: the kernel keeps the metrics of the path (`tcp_update_metrics`).
fn tcp_exchange(from: std::net::IpAddr, to: std::net::IpAddr, bytes: usize) {
    use std::io::Read;
    let l = TcpListener::bind(SocketAddr::new(to, 0)).unwrap();
    let mut c = connect_from(from, l.local_addr().unwrap());
    let (mut a, _) = l.accept().unwrap();
    c.write_all(&vec![1; bytes]).unwrap();
    let mut got = vec![0; bytes];
    a.read_exact(&mut got).unwrap();
    drop(c);
    drop(a);
}

/// A TCP connection from address `from` (port chosen by the kernel) to `to`: std connects
/// from the address routing picks, so the socket is made and bound with libc.
fn connect_from(from: std::net::IpAddr, to: SocketAddr) -> TcpStream {
    let domain = if to.is_ipv6() {
        libc::AF_INET6
    } else {
        libc::AF_INET
    };
    // SAFETY: plain socket calls on a descriptor owned here, then handed to TcpStream.
    unsafe {
        let fd = libc::socket(domain, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        assert!(fd >= 0);
        let (sa, len) = sockaddr(SocketAddr::new(from, 0));
        assert_eq!(libc::bind(fd, sa.as_ptr().cast(), len), 0);
        let (sa, len) = sockaddr(to);
        assert_eq!(libc::connect(fd, sa.as_ptr().cast(), len), 0);
        <TcpStream as std::os::fd::FromRawFd>::from_raw_fd(fd)
    }
}

/// An entry of the engine's dump as `ip -j tcp_metrics` prints it, but its age (which runs
/// between the two dumps), returned apart in seconds.
fn metrics_view(m: &Tree) -> (Value, f64) {
    let addr = |v4: &str, v6: &str| {
        m.get(v4)
            .or_else(|| m.get(v6))
            .map(|a| a.as_str().expect("an address as text").to_owned())
    };
    let mut o = Map::new();
    o.insert("dst".into(), json!(addr("addr-ipv4", "addr-ipv6").unwrap()));
    let vals = &m["vals"];
    let val = |k: &str| vals.get(k).map(num);
    // ip prints microseconds when the kernel gives them (as seconds in JSON).
    let us = |k: &str, scale: u64| val(k).map(|v| (v / scale) as f64 / 1e6);
    if let Some(c) = val("cwnd") {
        o.insert("cwnd".into(), json!(c));
    }
    if let Some(r) = us("rtt-us", 8) {
        o.insert("rtt".into(), json!(r));
    }
    if let Some(r) = us("rttvar-us", 4) {
        o.insert("rttvar".into(), json!(r));
    }
    if let Some(t) = val("ssthresh") {
        o.insert("ssthresh".into(), json!(t));
    }
    if let Some(r) = val("reodering") {
        o.insert("reordering".into(), json!(r));
    }
    if let Some(src) = addr("saddr-ipv4", "saddr-ipv6") {
        o.insert("source".into(), json!(src));
    }
    (Value::Object(o), num(&m["age"]) as f64 / 1000.0)
}

/// `ip -j tcp_metrics` and the engine's dump agree, ages within a second.
fn check_metrics(c: &mut Client, what: &str) {
    // A closed connection's metrics are saved when its socket goes, which may come a moment
    // after close(): a difference is looked at again before it counts.
    for tries in 1.. {
        let mut theirs: Vec<(Value, f64)> = ip_json_list(&["tcp_metrics", "show"])
            .into_iter()
            .map(|mut e| {
                let age = e.as_object_mut().unwrap().remove("age").unwrap();
                (e, age.as_f64().unwrap())
            })
            .collect();
        let mut ours: Vec<(Value, f64)> = c
            .dump("get", &Value::Null)
            .unwrap()
            .map(|m| metrics_view(&m.unwrap()))
            .collect();
        let key = |e: &(Value, f64)| format!("{} {}", e.0["dst"], e.0["source"]);
        theirs.sort_by_key(key);
        ours.sort_by_key(key);
        let strip = |l: &[(Value, f64)]| l.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
        let same = strip(&ours) == strip(&theirs)
            && ours
                .iter()
                .zip(&theirs)
                .all(|(o, t)| (o.1 - t.1).abs() < 1.0);
        if same {
            return;
        }
        assert!(tries < 5, "{what}\nengine: {ours:?}\nip: {theirs:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// `ip -j ARGS` as a list (ip prints nothing at all for an empty one).
fn ip_json_list(args: &[&str]) -> Vec<Value> {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    let out = ip(&full);
    if out.trim().is_empty() {
        return Vec::new();
    }
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn random_tcp_metrics(seed: u64) {
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    let mut rng = Rng::new(seed);
    let mut c = Client::builtin("tcp_metrics").unwrap();
    let v4 = |n: u8| std::net::IpAddr::V4(Ipv4Addr::new(127, 0, 0, n));
    let v6 = std::net::IpAddr::V6(Ipv6Addr::LOCALHOST);
    let mut log = Vec::new();
    for round in 0..6 {
        for _ in 0..4 {
            let (from, to) = if rng.one_in(4) {
                (v6, v6)
            } else {
                (v4(1 + rng.below(3) as u8), v4(1 + rng.below(4) as u8))
            };
            let bytes = rng.pick(&[1, 1000, 100_000]);
            tcp_exchange(from, to, bytes);
            log.push(format!("{from} -> {to}: {bytes} bytes"));
        }
        let what = format!("seed {seed} round {round}\nchanges:\n{}", log.join("\n"));
        check_metrics(&mut c, &what);
        // Deletions: one destination (with or without its source), or all.
        for _ in 0..2 {
            let dst = if rng.one_in(4) {
                v6
            } else {
                v4(1 + rng.below(4) as u8)
            };
            let src = rng.one_in(2).then(|| {
                if dst.is_ipv6() {
                    v6
                } else {
                    v4(1 + rng.below(3) as u8)
                }
            });
            let flush = rng.one_in(6);
            if rng.one_in(2) {
                let mut args = vec!["tcp_metrics".to_owned()];
                if flush {
                    args.extend(["flush".into(), "all".into()]);
                } else {
                    // ip 6.1 deletes by destination only (every source).
                    args.extend(["delete".into(), dst.to_string()]);
                }
                let out = Command::new("ip").args(&args).output().unwrap();
                log.push(format!("ip {}: {:?}", args.join(" "), ip_outcome(&out)));
            } else {
                let mut req = Map::new();
                if !flush {
                    let k = if dst.is_ipv6() {
                        "addr-ipv6"
                    } else {
                        "addr-ipv4"
                    };
                    req.insert(k.into(), json!(dst.to_string()));
                    if let Some(s) = src {
                        let k = if s.is_ipv6() {
                            "saddr-ipv6"
                        } else {
                            "saddr-ipv4"
                        };
                        req.insert(k.into(), json!(s.to_string()));
                    }
                }
                let r = engine_outcome(c.do_op("del", &Value::Object(req.clone()), 0));
                log.push(format!("engine del {req:?}: {r:?}"));
            }
        }
        let what = format!("seed {seed} round {round}\nchanges:\n{}", log.join("\n"));
        check_metrics(&mut c, &what);
    }
}

#[test]
fn random_tcp_metrics_equal_ip() {
    each_seed(&[1, 2], random_tcp_metrics);
}
