//! The indexes that answer a mirror's questions without walking it: links by name, addresses
//! by (interface, address), and the prefixes of each routing table by length for the
//! longest-prefix match. Kept beside the table by identity, changed with it object by object.

use super::key::{Key, RouteGroup};
use super::Object;
use crate::rtnl::route::Route;
use crate::wire::consts::*;
use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

/// The secondary indexes of a [`Table`](super::Table).
#[derive(Debug, Default)]
pub(super) struct Index {
    /// Link index by name. Two links may hold one name for a moment while a re-dump is
    /// applied (one renamed, the other not yet): the latest holder wins, and a link leaving
    /// a name takes it away only when it still points at that link.
    names: HashMap<Vec<u8>, i32>,
    /// Every address by interface, address, family and prefix length (IPv4 allows one
    /// address twice on an interface with different prefix lengths).
    addrs: BTreeSet<(u32, IpAddr, u8, u8)>,
    /// The prefixes of each table that a lookup may match, by family and table id.
    prefixes: HashMap<(u8, u32), Prefixes>,
}

/// The destinations of one routing table's routes that a lookup may match (no source prefix,
/// TOS 0), as left-aligned 128-bit values, by prefix length.
#[derive(Debug, Default)]
struct Prefixes {
    /// Bit `len` is set when `by_len[len]` is not empty.
    lens: [u64; 3],
    /// For each prefix length (0 to 128), how many routes each destination has.
    by_len: Vec<HashMap<u128, u32>>,
}

/// `ip` as a left-aligned 128-bit value: an IPv4 address in the top 32 bits, so that a prefix
/// of length `len` is the top `len` bits in both families.
fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)) << 96,
        IpAddr::V6(a) => u128::from(a),
    }
}

/// The top `len` bits of a left-aligned value.
fn masked(v: u128, len: u8) -> u128 {
    match len {
        0 => 0,
        l if l >= 128 => v,
        l => v & !(u128::MAX >> l),
    }
}

/// The address of `family` whose left-aligned value is `v`.
fn ip_of(family: u8, v: u128) -> IpAddr {
    if family == AF_INET {
        IpAddr::from(((v >> 96) as u32).to_be_bytes())
    } else {
        IpAddr::from(v.to_be_bytes())
    }
}

/// The family of `ip`.
pub(super) fn family_of(ip: &IpAddr) -> u8 {
    if ip.is_ipv4() {
        AF_INET
    } else {
        AF_INET6
    }
}

/// Whether a lookup may give route `r`: the kernel's lookup for a destination alone (no
/// source address, TOS 0) never takes a route with a source prefix or a TOS.
fn matchable(r: &Route) -> bool {
    r.src_len == 0 && r.tos == 0 && (r.family == AF_INET || r.family == AF_INET6)
}

impl Index {
    /// Records `obj`, which was just stored.
    pub(super) fn insert(&mut self, obj: &Object) {
        match obj {
            Object::Link(l) => {
                self.names.insert(l.name.as_bytes().to_vec(), l.index);
            }
            Object::Addr(a) => {
                if let Some(ip) = a.ip() {
                    self.addrs.insert((a.index, ip, a.family, a.prefixlen));
                }
            }
            Object::Route(r) if matchable(r) => {
                let p = self.prefixes.entry((r.family, r.table)).or_default();
                p.add(r.dst.map_or(0, bits), r.dst_len);
            }
            Object::Route(_) | Object::Neigh(_) => {}
        }
    }

    /// Forgets `obj`, which was just removed (or replaced).
    pub(super) fn remove(&mut self, obj: &Object) {
        match obj {
            Object::Link(l) => {
                let name = l.name.as_bytes();
                if self.names.get(name) == Some(&l.index) {
                    self.names.remove(name);
                }
            }
            Object::Addr(a) => {
                if let Some(ip) = a.ip() {
                    self.addrs.remove(&(a.index, ip, a.family, a.prefixlen));
                }
            }
            Object::Route(r) if matchable(r) => {
                let key = (r.family, r.table);
                if let Some(p) = self.prefixes.get_mut(&key) {
                    if p.remove(r.dst.map_or(0, bits), r.dst_len) {
                        self.prefixes.remove(&key);
                    }
                }
            }
            Object::Route(_) | Object::Neigh(_) => {}
        }
    }

    /// The index of the link named `name`.
    pub(super) fn link_named(&self, name: &[u8]) -> Option<i32> {
        self.names.get(name).copied()
    }

    /// The key of the address `ip` on interface `index` (the shortest prefix length when it
    /// is there with several).
    pub(super) fn addr_key(&self, index: u32, ip: IpAddr) -> Option<Key> {
        let (i, a, family, len) = *self.addrs.range((index, ip, 0, 0)..).next()?;
        (i == index && a == ip).then_some(Key::Addr(family, index, len, Some(ip)))
    }

    /// Where the routes the longest-prefix match of `ip` in table `table` gives start: the
    /// group of the longest prefix holding a matchable route, with priority 0.
    pub(super) fn longest_match(&self, table: u32, ip: IpAddr) -> Option<RouteGroup> {
        let family = family_of(&ip);
        let p = self.prefixes.get(&(family, table))?;
        let v = bits(ip);
        let len = p.longest(v)?;
        Some(RouteGroup {
            family,
            table,
            dst: (len > 0).then(|| ip_of(family, masked(v, len))),
            dst_len: len,
            ..RouteGroup::default()
        })
    }
}

impl Prefixes {
    /// Counts one more route to `dst/len`.
    fn add(&mut self, dst: u128, len: u8) {
        let len = len.min(128);
        if self.by_len.is_empty() {
            self.by_len.resize_with(129, HashMap::new);
        }
        *self.by_len[usize::from(len)]
            .entry(masked(dst, len))
            .or_insert(0) += 1;
        self.lens[usize::from(len / 64)] |= 1 << (len % 64);
    }

    /// Counts one route less to `dst/len`; whether no prefix is left.
    fn remove(&mut self, dst: u128, len: u8) -> bool {
        let len = len.min(128);
        let Some(map) = self.by_len.get_mut(usize::from(len)) else {
            return true;
        };
        let dst = masked(dst, len);
        if let Some(n) = map.get_mut(&dst) {
            *n -= 1;
            if *n == 0 {
                map.remove(&dst);
            }
        }
        if map.is_empty() {
            self.lens[usize::from(len / 64)] &= !(1 << (len % 64));
        }
        self.lens == [0; 3]
    }

    /// The longest prefix length with a destination that `v` falls in.
    fn longest(&self, v: u128) -> Option<u8> {
        for word in (0..3).rev() {
            let mut w = self.lens[word];
            while w != 0 {
                let bit = 63 - w.leading_zeros();
                w &= !(1 << bit);
                let len = (word as u32 * 64 + bit) as u8;
                if self.by_len[usize::from(len)].contains_key(&masked(v, len)) {
                    return Some(len);
                }
            }
        }
        None
    }
}

/// Which route to find: the fields that place it in the kernel's tables (a route with a
/// source prefix is never found this way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteId {
    /// Table id.
    pub table: u32,
    /// Destination (any address of the family for a default route, `dst_len` 0); its family
    /// is the route's.
    pub dst: IpAddr,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Type of service (always 0 for IPv6).
    pub tos: u8,
    /// Priority (metric); an absent `RTA_PRIORITY` is 0.
    pub priority: u32,
}

impl RouteId {
    /// The group of routes this identifies.
    pub(super) fn group(&self) -> RouteGroup {
        let family = family_of(&self.dst);
        let dst = ip_of(family, masked(bits(self.dst), self.dst_len));
        RouteGroup {
            family,
            table: self.table,
            dst: (self.dst_len > 0).then_some(dst),
            dst_len: self.dst_len,
            tos: self.tos,
            priority: self.priority,
            ..RouteGroup::default()
        }
    }
}
