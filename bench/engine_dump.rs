//! The description engine's dump and decode (`make bench`, section 8 of `bench/run.sh`): the
//! routes of one table through an rt-route description, into value trees
//! ([`Client::dump_next`], each lent until the next) and into JSON text ([`Client::dump_next_json`], what
//! `nlrs_family_dump_next()` hands to C), beside the floor (receive until `NLMSG_DONE`,
//! reading only message headers, as `bench/dump_c.c` does) and `ip -j route show` of the
//! same table, all in one process taking turns (see `bench/dump.c` for why).
//!
//!   engine_dump TABLE ROUNDS NAME...
//!
//! Uses the built-in rt-route description. Prints `sample NAME NS` (ns per route) for every
//! timed dump, then `NAME_routes=` lines.
//! Contenders: floor, values, json, ip_json.

use nlrs::conn::Socket;
use nlrs::engine::Client;
use nlrs::wire::consts::proto;
use serde_json::{json, Value};
use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::Instant;

const NLMSG_DONE: u16 = 3;
const NLMSG_ERROR: u16 = 2;
const RTM_GETROUTE: u16 = 26;
const NLM_F_REQUEST_ACK_DUMP: u16 = 0x1 | 0x4 | 0x300;
const RTA_TABLE: u16 = 15;

/// One contender's state.
enum Contender {
    /// The floor: a socket with nlrs's defaults, read by hand.
    Floor {
        sock: Socket,
        buf: Vec<u8>,
        seq: u32,
    },
    /// The engine into value trees.
    Values(Client),
    /// The engine into JSON text.
    Json(Client, String),
    /// iproute2's JSON, its output thrown away.
    IpJson,
}

fn die(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("engine_dump: {what}: {e}");
    std::process::exit(1)
}

/// The rt-route family, as the library describes it.
fn family() -> Client {
    Client::builtin("rt-route").unwrap_or_else(|e| die("rt-route", e))
}

/// The dump request of the table, as the description names its fields.
fn request(table: u32) -> Value {
    json!({"rtm-family": 2, "rtm-table": if table < 256 { table } else { 0 }, "table": table})
}

impl Contender {
    fn open(name: &str) -> Self {
        match name {
            "floor" => Contender::Floor {
                sock: Socket::open(proto::ROUTE).unwrap_or_else(|e| die("socket", e)),
                buf: vec![0; 64 * 1024],
                seq: 0,
            },
            "values" => Contender::Values(family()),
            "json" => Contender::Json(family(), String::new()),
            "ip_json" => Contender::IpJson,
            _ => die(name, "no such contender (floor, values, json, ip_json)"),
        }
    }

    /// One whole dump of `table`: the routes seen (for `ip_json`, the objects it printed
    /// when `count_ip` is set, else 0).
    fn dump(&mut self, table: u32, count_ip: bool) -> usize {
        match self {
            Contender::Floor { sock, buf, seq } => {
                *seq += 1;
                floor(sock, buf, table, *seq)
            }
            Contender::Values(c) => {
                let mut n = 0;
                c.dump_start("getroute", &request(table))
                    .unwrap_or_else(|e| die("dump", e));
                while let Some(v) = c.dump_next() {
                    black_box(v.unwrap_or_else(|e| die("dump", e)));
                    n += 1;
                }
                n
            }
            Contender::Json(c, text) => {
                let mut n = 0;
                c.dump_start("getroute", &request(table))
                    .unwrap_or_else(|e| die("dump", e));
                while let Some(r) = c.dump_next_json(text) {
                    r.unwrap_or_else(|e| die("dump", e));
                    black_box(text.as_bytes());
                    n += 1;
                }
                n
            }
            Contender::IpJson => {
                let mut cmd = Command::new("ip");
                cmd.args(["-j", "route", "show", "table", &table.to_string()]);
                if !count_ip {
                    let st = cmd.stdout(Stdio::null()).status();
                    if !st.is_ok_and(|s| s.success()) {
                        die("ip -j route show", "failed");
                    }
                    return 0;
                }
                let out = cmd.output().unwrap_or_else(|e| die("ip", e));
                let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| die("ip", e));
                v.as_array().map_or(0, Vec::len)
            }
        }
    }
}

/// The floor: the dump request, then every datagram until `NLMSG_DONE`, reading only the
/// message headers. Returns the data messages.
fn floor(sock: &Socket, buf: &mut [u8], table: u32, seq: u32) -> usize {
    let mut req = Vec::with_capacity(36);
    req.extend_from_slice(&36u32.to_ne_bytes());
    req.extend_from_slice(&RTM_GETROUTE.to_ne_bytes());
    req.extend_from_slice(&NLM_F_REQUEST_ACK_DUMP.to_ne_bytes());
    req.extend_from_slice(&seq.to_ne_bytes());
    req.extend_from_slice(&0u32.to_ne_bytes());
    // rtmsg: family AF_INET, the table when it fits.
    req.extend_from_slice(&[
        2,
        0,
        0,
        0,
        if table < 256 { table as u8 } else { 0 },
        0,
        0,
        0,
    ]);
    req.extend_from_slice(&0u32.to_ne_bytes());
    req.extend_from_slice(&8u16.to_ne_bytes());
    req.extend_from_slice(&RTA_TABLE.to_ne_bytes());
    req.extend_from_slice(&table.to_ne_bytes());
    // SAFETY: a valid descriptor and a buffer of the given length.
    if unsafe { libc::send(sock.fd(), req.as_ptr().cast(), req.len(), 0) } < 0 {
        die("send", std::io::Error::last_os_error());
    }
    let mut count = 0;
    loop {
        // SAFETY: as above, into `buf`.
        let n = unsafe { libc::recv(sock.fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 0 {
            die("recv", std::io::Error::last_os_error());
        }
        let mut b = &buf[..n as usize];
        while b.len() >= 16 {
            let len = u32::from_ne_bytes(b[..4].try_into().expect("4 bytes")) as usize;
            let ty = u16::from_ne_bytes(b[4..6].try_into().expect("2 bytes"));
            match ty {
                NLMSG_DONE => return count,
                NLMSG_ERROR => die("dump", "the kernel refused it"),
                _ => count += 1,
            }
            let step = (len + 3) & !3;
            if len < 16 || step > b.len() {
                break;
            }
            b = &b[step..];
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: {} TABLE ROUNDS NAME...", args[0]);
        std::process::exit(2);
    }
    let num = |s: &str, what| s.parse::<u32>().unwrap_or_else(|e| die(what, e));
    let table = num(&args[1], "table");
    let rounds = num(&args[2], "rounds") as usize;
    let names = &args[3..];
    let mut cs: Vec<Contender> = names.iter().map(|n| Contender::open(n)).collect();
    // One untimed dump each, which also counts the routes (ip's by its output).
    let routes: Vec<usize> = cs.iter_mut().map(|c| c.dump(table, true)).collect();
    let floor_routes = names
        .iter()
        .position(|n| n == "floor")
        .map_or(routes[0], |i| routes[i]);
    for r in 0..rounds {
        for k in 0..cs.len() {
            let i = (k + r) % cs.len();
            let t0 = Instant::now();
            let got = cs[i].dump(table, false);
            let ns = t0.elapsed().as_nanos() as f64;
            if !matches!(cs[i], Contender::IpJson) && got != routes[i] {
                die(&names[i], "the table changed under the benchmark");
            }
            println!("sample {} {:.2}", names[i], ns / floor_routes.max(1) as f64);
        }
    }
    for (n, r) in names.iter().zip(&routes) {
        println!("{n}_routes={r}");
    }
}
