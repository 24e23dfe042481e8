//! The indexes that answer a mirror's questions without walking it: links by name, addresses
//! by (interface, address), and the prefixes of each routing table by length for the
//! longest-prefix match. Kept beside the table by identity, changed with it object by object.

use super::key::{Key, RouteGroup};
use super::Object;
use crate::rtnl::route::Route;
use crate::wire::consts::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hasher};
use std::net::IpAddr;

/// Where an object is kept in a [`Table`](super::Table)'s store.
pub(super) type Slot = usize;

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
    /// The prefixes of each table that a lookup may match, by family and table id (a few
    /// tables: cheaper to search than to hash).
    prefixes: BTreeMap<(u8, u32), Prefixes>,
}

/// The destinations of one routing table's routes that a lookup may match (no source prefix,
/// TOS 0), as left-aligned 128-bit values, by prefix length, each with the slot of its route
/// of the lowest priority: the route a lookup gives.
#[derive(Debug, Default)]
struct Prefixes {
    /// Bit `len` is set when `by_len[len]` is not empty.
    lens: [u64; 3],
    /// For each prefix length (0 to 128), the best route of each destination.
    by_len: Vec<HashMap<u128, Slot, PrefixHashing>>,
}

/// How prefixes are hashed: one wide multiplication by a key drawn at random for each map, its
/// halves folded together. A lookup is a hash per prefix length tried, so the hash must cost a
/// few nanoseconds (SipHash costs several times more); the random key keeps whoever picks the
/// routes from predicting which ones collide.
#[derive(Debug, Clone, Copy)]
struct PrefixHashing {
    key: u64,
}

impl Default for PrefixHashing {
    fn default() -> Self {
        PrefixHashing {
            key: std::collections::hash_map::RandomState::new().hash_one(0u64) | 1,
        }
    }
}

impl BuildHasher for PrefixHashing {
    type Hasher = PrefixHasher;

    fn build_hasher(&self) -> PrefixHasher {
        PrefixHasher {
            key: self.key,
            state: 0,
        }
    }
}

/// The hasher of [`PrefixHashing`].
#[derive(Debug)]
struct PrefixHasher {
    key: u64,
    state: u64,
}

impl PrefixHasher {
    fn mix(&mut self, v: u64) {
        let m = u128::from(self.state ^ v) * u128::from(self.key);
        self.state = (m as u64) ^ ((m >> 64) as u64);
    }
}

impl Hasher for PrefixHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_ne_bytes(word));
        }
    }

    fn write_u128(&mut self, v: u128) {
        self.mix(v as u64);
        self.mix((v >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.state
    }
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

/// The prefix group of route `r` (priority 0) when a lookup may give it: the kernel's lookup
/// for a destination alone (no source address, TOS 0) never takes a route with a source
/// prefix or a TOS.
pub(super) fn prefix_of(r: &Route) -> Option<RouteGroup> {
    let matchable = r.src_len == 0 && r.tos == 0 && (r.family == AF_INET || r.family == AF_INET6);
    matchable.then_some(RouteGroup {
        family: r.family,
        table: r.table,
        dst: r.dst,
        dst_len: r.dst_len,
        ..RouteGroup::default()
    })
}

/// The priority of the route in `slot` of `store`.
fn priority(store: &[Option<Object>], slot: Slot) -> u32 {
    match store.get(slot) {
        Some(Some(Object::Route(r))) => r.priority.unwrap_or(0),
        _ => u32::MAX,
    }
}

impl Index {
    /// Records `obj`, just stored in `slot` of `store`.
    pub(super) fn insert(&mut self, obj: &Object, slot: Slot, store: &[Option<Object>]) {
        match obj {
            Object::Link(l) => {
                self.names.insert(l.name.as_bytes().to_vec(), l.index);
            }
            Object::Addr(a) => {
                if let Some(ip) = a.ip() {
                    self.addrs.insert((a.index, ip, a.family, a.prefixlen));
                }
            }
            Object::Route(r) => {
                let Some(g) = prefix_of(r) else { return };
                let p = self.prefixes.entry((g.family, g.table)).or_default();
                let dst = g.dst.map_or(0, bits);
                // Of equal priorities the first one stays (the kernel keeps the order in
                // which routes were appended, which the mirror does not know).
                let best = p.best(dst, g.dst_len);
                if best.is_none_or(|b| priority(store, b) > r.priority.unwrap_or(0)) {
                    p.set(dst, g.dst_len, Some(slot));
                }
            }
            Object::Neigh(_) => {}
        }
    }

    /// Forgets `obj`, just taken out of `slot`. When it was the route a lookup of its prefix
    /// gives, returns that prefix: then [`Index::set_best`] must say which route is next.
    pub(super) fn remove(&mut self, obj: &Object, slot: Slot) -> Option<RouteGroup> {
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
            Object::Route(r) => {
                let g = prefix_of(r)?;
                let p = self.prefixes.get(&(g.family, g.table))?;
                let best = p.best(g.dst.map_or(0, bits), g.dst_len);
                return (best == Some(slot)).then_some(g);
            }
            Object::Neigh(_) => {}
        }
        None
    }

    /// Makes `slot` (or nothing) the route a lookup of prefix `g` gives.
    pub(super) fn set_best(&mut self, g: RouteGroup, slot: Option<Slot>) {
        let key = (g.family, g.table);
        let p = self.prefixes.entry(key).or_default();
        if p.set(g.dst.map_or(0, bits), g.dst_len, slot) {
            self.prefixes.remove(&key);
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

    /// The slot of the route a lookup of `ip` in table `table` gives: the best route of the
    /// longest prefix holding `ip`.
    pub(super) fn longest_match(&self, table: u32, ip: IpAddr) -> Option<Slot> {
        self.prefixes
            .get(&(family_of(&ip), table))?
            .longest(bits(ip))
    }
}

impl Prefixes {
    /// The best route of `dst/len`.
    fn best(&self, dst: u128, len: u8) -> Option<Slot> {
        let map = self.by_len.get(usize::from(len.min(128)))?;
        map.get(&masked(dst, len)).copied()
    }

    /// Makes `slot` (or nothing) the best route of `dst/len`; whether no prefix is left.
    fn set(&mut self, dst: u128, len: u8, slot: Option<Slot>) -> bool {
        let len = len.min(128);
        let (word, bit) = (usize::from(len / 64), len % 64);
        if self.by_len.is_empty() {
            self.by_len.resize_with(129, HashMap::default);
        }
        let map = &mut self.by_len[usize::from(len)];
        match slot {
            Some(s) => {
                map.insert(masked(dst, len), s);
                self.lens[word] |= 1 << bit;
            }
            None => {
                map.remove(&masked(dst, len));
                if map.is_empty() {
                    self.lens[word] &= !(1 << bit);
                }
            }
        }
        self.lens == [0; 3]
    }

    /// The best route of the longest prefix holding `v`.
    fn longest(&self, v: u128) -> Option<Slot> {
        for word in (0..3).rev() {
            let mut w = self.lens[word];
            while w != 0 {
                let bit = 63 - w.leading_zeros();
                w &= !(1 << bit);
                let len = (word as u32 * 64 + bit) as u8;
                if let Some(&slot) = self.by_len[usize::from(len)].get(&masked(v, len)) {
                    return Some(slot);
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
