//! A seeded, randomized differential test of the description engine against the kernel, with
//! iproute2 and ss as the oracle.
//!
//! - Rules (`rt-rule`): random rules of both families, each added or deleted by `ip` in one
//!   namespace and by a request built from the description in another (which one is drawn per
//!   change): both must end the same (`ip -j rule` alike, an error with the same errno or
//!   extack text), and the engine's dump of each namespace, decoded through the description,
//!   must equal `ip -j rule` field by field. A quarter of the engine's changes go through the
//!   C API (`c-examples/nlynl`), whose dumps must equal the Rust API's; the rule
//!   notifications, decoded and applied to the first dump, must give the last one.
//! - Addresses (`rt-addr`), the same way: random IPv4 and IPv6 addresses of a link (peers,
//!   flags, labels, broadcast, metrics, lifetimes; add, change, replace, delete), `ip -j
//!   addr` alike in both namespaces and equal to the engine's dumps.
//! - Neighbours (`rt-neigh`), the same way: ARP and NDP entries (permanent, stale, noarp,
//!   router, extern_learn) and proxy entries, `ip -j neigh` alike and equal to the dumps.
//! - MPTCP endpoints and limits (`mptcp_pm`): random endpoints (flags, ids, ports, devices)
//!   added, deleted and flushed, and limits set, the same way: `ip -j mptcp endpoint` and `ip
//!   mptcp limits` alike in both namespaces, and equal to the engine's dumps and gets.
//!   MPTCP connections over loopback: the events decoded from `mptcp_pm_events` must be
//!   those `ip mptcp monitor` prints, field by field.
//! - ethtool on a veth: random features toggled by `ethtool -K` or the engine's
//!   `features-set`, channel counts set by `ethtool -L` or `channels-set`; the engine's
//!   `features-get` (its four bitsets) and `channels-get` must read as `ethtool -k`/`-l`.
//! - TCP metrics (`tcp_metrics`): connections over loopback between random addresses leave
//!   metrics, deleted (by destination, and source) or flushed by `ip tcp_metrics` or the
//!   engine; the engine's dump must equal `ip -j tcp_metrics` (ages within a second).
//! - Sockets (`sock-diag`): random TCP and UDP sockets over loopback (listening, connected,
//!   bound, both families) listed through the description must equal `ss`.
//!
//! `NLRS_SEED=N` runs seed N alone; `NLRS_SEEDS=N` runs seeds 1..=N. A failure names its seed
//! and round and prints every change made. One module per family (`tests/engine_random/`);
//! `pair` holds the two namespaces that ip and the engine change alike.

mod common;
#[path = "engine_random/ethtool.rs"]
mod ethtool;
#[path = "engine_random/mptcp.rs"]
mod mptcp;
#[path = "engine_random/objects.rs"]
mod objects;
#[path = "engine_random/pair.rs"]
mod pair;
#[path = "engine_random/rules.rs"]
mod rules;
#[path = "engine_random/sockets.rs"]
mod sockets;
#[path = "engine_random/tcp_metrics.rs"]
mod tcp_metrics;

use common::rng::Rng;
use common::{ip, table_name, NamedNetns};
use nlrs::engine::{Client, Error, Tree};
use pair::{
    either_family, engine_outcome, ip_outcome, listed, modify, ns_ip, Change, Objects, Pair,
};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::process::Command;

/// The seeds a test runs: `NLRS_SEED` alone, `1..=NLRS_SEEDS`, or `fixed`.
fn seeds(fixed: &[u64]) -> Vec<u64> {
    let var = |name| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    match (var("NLRS_SEED"), var("NLRS_SEEDS")) {
        (Some(s), _) => vec![s],
        (None, Some(n)) => (1..=n).collect(),
        (None, None) => fixed.to_vec(),
    }
}

/// Runs `f` for each seed of [`seeds`], each in a private namespace of its own.
fn each_seed(fixed: &[u64], f: fn(u64)) {
    for seed in seeds(fixed) {
        common::in_netns(move || f(seed));
    }
}

/// A number of the engine's tree (a hex display hint gives text).
fn num(t: &Tree) -> u64 {
    t.as_u64()
        .or_else(|| {
            let s = t.as_str()?;
            u64::from_str_radix(s.strip_prefix("0x")?, 16).ok()
        })
        .unwrap_or_else(|| panic!("not a number: {t}"))
}

/// `s` split at its spaces, as a command's arguments.
fn split(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_owned).collect()
}

/// Bytes as hex text, as the engine shows bytes without a hint.
fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The bytes of a hex string.
fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `a` as a `sockaddr_in`/`sockaddr_in6`, in bytes, and its length.
fn sockaddr(a: SocketAddr) -> (Vec<u8>, libc::socklen_t) {
    let mut b = vec![0u8; std::mem::size_of::<libc::sockaddr_in6>()];
    match a {
        SocketAddr::V4(v) => {
            b[..2].copy_from_slice(&(libc::AF_INET as u16).to_ne_bytes());
            b[2..4].copy_from_slice(&v.port().to_be_bytes());
            b[4..8].copy_from_slice(&v.ip().octets());
            (
                b,
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            )
        }
        SocketAddr::V6(v) => {
            b[..2].copy_from_slice(&(libc::AF_INET6 as u16).to_ne_bytes());
            b[2..4].copy_from_slice(&v.port().to_be_bytes());
            b[8..24].copy_from_slice(&v.ip().octets());
            let len = b.len() as libc::socklen_t;
            (b, len)
        }
    }
}
