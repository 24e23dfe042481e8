//! The mirror's routes, kept compactly: each route's decoded fields in one fixed-size record
//! (what a single-path route has), the rare ones (source prefix, preferred source, input
//! interface, realms, paths of a multipath route, metrics) out of line, and one open-addressing
//! hash index of record numbers ([`Slots`]), hashed by the route's prefix (family, table,
//! destination and its length) as the record itself gives it. That one index finds a route by
//! identity (the routes of one prefix are few and sit in one probe run), the routes of a
//! group, and the routes a longest-prefix match may give: a lookup probes only the prefix
//! lengths the table has, longest first. No key is stored beside the records.

use super::huge;
use super::key::{RouteGroup, RouteKey};
use super::slots::Slots;
use crate::rtnl::route::{has as info_has, prefix_of, Nexthop, Route, RouteInfo, RouteMetrics};
use crate::rtnl::{IfIndex, IpPrefix};
use crate::wire::consts::*;
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::net::IpAddr;

/// How far ahead of the record at hand a walk prefetches (see [`Routes::prefetch_home`]):
/// enough records to cover a memory access's latency.
pub(super) const AHEAD: Record = 16;

/// The number of a route's record in its [`Routes`].
pub(super) type Record = u32;

/// Which optional fields of a [`Packed`] route are present, and its state.
mod has {
    pub const DST: u8 = 0x01;
    pub const GATEWAY: u8 = 0x02;
    pub const OIF: u8 = 0x04;
    pub const PRIORITY: u8 = 0x08;
    /// Its rare fields are in [`super::Routes::extras`].
    pub const EXTRA: u8 = 0x10;
    /// It is in the hash table: a route of the mirror. A record without it is free, or
    /// dumped and not applied yet.
    pub const LIVE: u8 = 0x20;

    /// The bits whose flag is set, without branches: a route's optional fields are present
    /// or not at random.
    #[inline]
    pub fn of(bits: [(u8, bool); 5]) -> u8 {
        bits.iter()
            .fold(0, |has, &(b, on)| has | (b * u8::from(on)))
    }
}

/// One route's common fields: 64 bytes, aligned to a cache line so that reading a record is
/// one cache miss, not two (a 16-byte aligned record straddles two lines three times in
/// four). Addresses are left-aligned 128-bit values (an IPv4 address in the top 32 bits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(align(64))]
struct Packed {
    dst: u128,
    gateway: u128,
    table: u32,
    oif: u32,
    priority: u32,
    flags: u32,
    family: u8,
    dst_len: u8,
    src_len: u8,
    tos: u8,
    protocol: u8,
    scope: u8,
    rtype: u8,
    rtm_table: u8,
    has: u8,
}

// One record, one cache line: what the alignment above is for.
const _: () = assert!(std::mem::size_of::<Packed>() == 64);

/// A route's rare fields, kept out of line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Extra {
    src: Option<IpPrefix>,
    prefsrc: Option<IpAddr>,
    iif: Option<IfIndex>,
    flow: Option<u32>,
    multipath: Vec<Nexthop>,
    metrics: Option<Box<RouteMetrics>>,
}

impl Extra {
    /// The rare fields of `r`, `None` when it has none (most routes). The test is inlined
    /// and the copy kept out of line: a call that builds nothing then costs a few
    /// instructions, not the frame of one that clones.
    #[inline]
    fn of(r: &Route) -> Option<Extra> {
        let needed = r.src.is_some()
            || r.prefsrc.is_some()
            || r.iif.is_some()
            || r.flow.is_some()
            || !r.multipath.is_empty()
            || r.metrics.is_some();
        needed.then(|| Extra::copied(r))
    }

    #[inline(never)]
    fn copied(r: &Route) -> Extra {
        Extra {
            src: r.src,
            prefsrc: r.prefsrc,
            iif: r.iif,
            flow: r.flow,
            multipath: r.multipath.clone(),
            metrics: r.metrics.clone().map(Box::new),
        }
    }
}

/// `ip` as a left-aligned 128-bit value.
pub(super) fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)) << 96,
        IpAddr::V6(a) => u128::from(a),
    }
}

/// The address of `family` whose left-aligned value is `v`.
pub(super) fn ip_of(family: u8, v: u128) -> IpAddr {
    if family == AF_INET {
        IpAddr::from(((v >> 96) as u32).to_be_bytes())
    } else {
        IpAddr::from(v.to_be_bytes())
    }
}

/// The top `len` bits of a left-aligned value.
pub(super) fn masked(v: u128, len: u8) -> u128 {
    match len {
        0 => 0,
        l if l >= 128 => v,
        l => v & !(u128::MAX >> l),
    }
}

impl Packed {
    /// The record of `r` (`extra`: its rare fields are kept apart). Inlined where a route is
    /// found or stored (twice an event): the record is then built in place, not in a call's
    /// frame and copied out.
    #[inline(always)]
    fn of(r: &Route, extra: bool) -> Packed {
        let dst = r.dst_attr();
        let has = has::of([
            (has::DST, dst.is_some()),
            (has::GATEWAY, r.gateway.is_some()),
            (has::OIF, r.oif.is_some()),
            (has::PRIORITY, r.priority.is_some()),
            (has::EXTRA, extra),
        ]);
        Packed {
            dst: dst.map_or(0, bits),
            gateway: r.gateway.map_or(0, bits),
            table: r.table,
            oif: r.oif.map_or(0, u32::from),
            priority: r.priority.unwrap_or(0),
            flags: r.flags,
            family: r.family,
            dst_len: r.dst.len(),
            src_len: r.src.map_or(0, |p| p.len()),
            tos: r.tos,
            protocol: r.protocol.into(),
            scope: r.scope.into(),
            rtype: r.rtype.into(),
            rtm_table: r.rtm_table,
            has,
        }
    }

    /// [`Packed::of`] the `Route` that a plain route's message decodes to (see
    /// [`RouteInfo::parse_plain`]), from its decoding `i` and its header's table field,
    /// without building the `Route`.
    fn of_plain(i: &RouteInfo, rtm_table: u8) -> Packed {
        let opt = |bit: u8, v: u32| if i.has & bit != 0 { v } else { 0 };
        let gateway = i.gateway.ip();
        // `Route::dst_attr`: an address exactly when the length is not 0 (the unspecified
        // one when the message has none).
        let dst = (i.dst_len != 0).then(|| i.dst.ip().map_or(0, bits));
        let has = has::of([
            (has::DST, dst.is_some()),
            (has::GATEWAY, gateway.is_some()),
            (has::OIF, i.has & info_has::OIF != 0),
            (has::PRIORITY, i.has & info_has::PRIORITY != 0),
            (has::EXTRA, false),
        ]);
        Packed {
            dst: dst.unwrap_or(0),
            gateway: gateway.map_or(0, bits),
            table: i.table,
            oif: opt(info_has::OIF, i.oif),
            priority: opt(info_has::PRIORITY, i.priority),
            flags: i.flags,
            family: i.family,
            dst_len: i.dst_len,
            src_len: 0,
            tos: i.tos,
            protocol: i.protocol,
            scope: i.scope,
            rtype: i.rtype,
            rtm_table,
            has,
        }
    }

    fn is(&self, bit: u8) -> bool {
        self.has & bit != 0
    }

    /// The value of an optional address field, by its family.
    fn ip(&self, bit: u8, v: u128) -> Option<IpAddr> {
        self.is(bit).then(|| ip_of(self.family, v))
    }

    /// Whether a lookup of a destination alone may give this route: no source prefix, TOS 0
    /// (the kernel's lookup for a flow with TOS 0 never takes others).
    fn matchable(&self) -> bool {
        self.src_len == 0 && self.tos == 0
    }

    /// The prefix the route is hashed by.
    fn prefix(&self) -> Prefix {
        Prefix {
            family: self.family,
            table: self.table,
            len: self.dst_len,
            dst: masked(self.dst, self.dst_len),
        }
    }
}

/// What a route is hashed by: its family, table, destination prefix length and destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Prefix {
    family: u8,
    table: u32,
    len: u8,
    dst: u128,
}

impl Prefix {
    /// The prefix of `r`, as its record's ([`Packed::prefix`]): what a search for `r` probes
    /// with, without building the whole record.
    fn of(r: &Route) -> Prefix {
        let len = r.dst.len();
        Prefix {
            family: r.family,
            table: r.table,
            len,
            dst: masked(r.dst_attr().map_or(0, bits), len),
        }
    }
}

/// The prefix lengths one table (family, id) has among the routes a lookup may give.
#[derive(Debug, Default)]
struct Lens {
    /// How many such routes each length (0 to 128) has.
    count: Vec<u32>,
    /// The lengths whose count is not 0, longest first: what a lookup walks, a few bytes
    /// (a full IPv4 table has about 25 lengths, a table of host routes one).
    longest_first: Vec<u8>,
}

impl Lens {
    fn add(&mut self, len: u8) {
        let len = len.min(128);
        if self.count.is_empty() {
            self.count.resize(129, 0);
        }
        self.count[usize::from(len)] += 1;
        if self.count[usize::from(len)] == 1 {
            let at = self.longest_first.partition_point(|&l| l > len);
            self.longest_first.insert(at, len);
        }
    }

    /// Whether no length is left.
    fn sub(&mut self, len: u8) -> bool {
        let len = len.min(128);
        if let Some(c) = self.count.get_mut(usize::from(len)) {
            *c = c.saturating_sub(1);
            if *c == 0 {
                self.longest_first.retain(|&l| l != len);
            }
        }
        self.longest_first.is_empty()
    }
}

/// A table: its family and id.
type TableId = (u8, u32);

/// The [`Lens`] of each table that has routes a lookup may give, by table in a sorted vector
/// of ids beside them: a mirror has a few tables, and a dump or a burst of events adds one
/// route after another to the same one, which is remembered.
#[derive(Debug, Default)]
struct TableLens {
    ids: Vec<TableId>,
    lens: Vec<Lens>,
    /// Where the table last added to is, if still there (checked before use).
    last: usize,
}

impl TableLens {
    /// The lengths of table `t`.
    fn get(&self, t: TableId) -> Option<&Lens> {
        self.lens.get(self.ids.binary_search(&t).ok()?)
    }

    /// Counts a route of length `len` in table `t`.
    fn add(&mut self, t: TableId, len: u8) {
        if self.ids.get(self.last) != Some(&t) {
            self.last = self.ids.binary_search(&t).unwrap_or_else(|i| {
                self.ids.insert(i, t);
                self.lens.insert(i, Lens::default());
                i
            });
        }
        self.lens[self.last].add(len);
    }

    /// Uncounts a route of length `len` in table `t`, forgetting the table when it has no
    /// length left.
    fn sub(&mut self, t: TableId, len: u8) {
        if let Ok(i) = self.ids.binary_search(&t) {
            if self.lens[i].sub(len) {
                self.ids.remove(i);
                self.lens.remove(i);
            }
        }
    }
}

/// The routes of a mirror (see the module's documentation).
#[derive(Debug)]
pub(super) struct Routes {
    records: huge::Chunked<Packed>,
    extras: HashMap<Record, Extra, Seeded>,
    /// Records that are neither live nor pending, for reuse.
    free: Vec<Record>,
    /// The live records by the hash of their prefix.
    slots: Slots,
    /// Records in `slots`: the live routes.
    live: usize,
    /// The prefix lengths each table has.
    lens: TableLens,
    hashing: Seeded,
}

impl Default for Routes {
    fn default() -> Self {
        let hashing = Seeded::default();
        Routes {
            records: huge::Chunked::default(),
            extras: HashMap::with_hasher(hashing),
            free: Vec::new(),
            slots: Slots::default(),
            live: 0,
            lens: TableLens::default(),
            hashing,
        }
    }
}

impl Routes {
    /// How many routes are live.
    pub(super) fn len(&self) -> usize {
        self.live
    }

    /// How many records there are, live or not: the live ones are below.
    pub(super) fn records(&self) -> Record {
        self.records.len() as Record
    }

    /// Stores `r` without making it live (see [`Routes::make_live`]): how a dump is taken in.
    pub(super) fn push(&mut self, r: &Route) -> Record {
        let extra = Extra::of(r);
        self.store(Packed::of(r, extra.is_some()), extra)
    }

    /// [`Routes::push`] of a plain route, from its decoding `i` and its header's table field
    /// (see [`RouteInfo::parse_plain`]).
    pub(super) fn push_plain(&mut self, i: &RouteInfo, rtm_table: u8) -> Record {
        self.store(Packed::of_plain(i, rtm_table), None)
    }

    /// Stores record `p` and its rare fields `extra` in a free record or a new one.
    fn store(&mut self, p: Packed, extra: Option<Extra>) -> Record {
        let s = match self.free.pop() {
            Some(s) => {
                self.records[s as usize] = p;
                s
            }
            None => {
                self.records.push(p);
                (self.records.len() - 1) as Record
            }
        };
        // A free record has no rare fields left (`remove` and `drop_pending` took them).
        if let Some(e) = extra {
            self.extras.insert(s, e);
        }
        s
    }

    /// Makes record `s` (stored by [`Routes::push`]) a live route: findable and counted.
    pub(super) fn make_live(&mut self, s: Record) {
        let Some(p) = self.records.get_mut(s as usize) else {
            return;
        };
        if p.is(has::LIVE) {
            return;
        }
        // Grown first: growing places every live route again, and this one is not yet.
        self.reserve(self.live + 1);
        let p = &mut self.records[s as usize];
        p.has |= has::LIVE;
        let p = *p;
        self.slots.place(self.hash(&p.prefix()), s);
        self.live += 1;
        if p.matchable() && (p.family == AF_INET || p.family == AF_INET6) {
            self.lens.add((p.family, p.table), p.dst_len);
        }
    }

    /// Makes every record live: a dumped table made searchable at once.
    pub(super) fn make_all_live(&mut self) {
        self.reserve(self.records.len());
        for s in 0..self.records() {
            self.prefetch_home(self, s + AHEAD);
            self.make_live(s);
        }
    }

    /// Starts loading the index slot where the prefix of record `s` of `of` is placed
    /// or found here, when there is such a record: a walk over the records in order that
    /// places or finds each calls it for the record [`AHEAD`] of the one at hand, so that
    /// the table's memory (random reads, tens of megabytes at a full table, each a cache
    /// miss) is read many slots at a time instead of one after the other. Only a hint.
    pub(super) fn prefetch_home(&self, of: &Routes, s: Record) {
        if let Some(p) = of.records.get(s as usize) {
            self.slots.prefetch(self.hash(&p.prefix()));
        }
    }

    /// Starts loading the index slot where the routes of destination `dst`/`len` in
    /// table `table` of `family` are found (a burst of events looks ahead). Only a hint.
    pub(super) fn prefetch_prefix(&self, family: u8, table: u32, dst: Option<IpAddr>, len: u8) {
        self.slots.prefetch(self.hash(&Prefix {
            family,
            table,
            len,
            dst: masked(dst.map_or(0, bits), len),
        }));
    }

    /// Frees the records that are not live (dumped routes not applied yet, when that dump
    /// is abandoned).
    pub(super) fn drop_pending(&mut self) {
        self.free = (0..self.records()).filter(|&s| !self.is_live(s)).collect();
        let records = &self.records;
        self.extras
            .retain(|&s, _| records.get(s as usize).is_some_and(|p| p.is(has::LIVE)));
    }

    /// Stores and makes live `r`.
    pub(super) fn insert(&mut self, r: &Route) -> Record {
        let s = self.push(r);
        self.make_live(s);
        s
    }

    /// Replaces the values of live route `s` with those of `r`, which has its identity (and
    /// so its prefix: it stays where it is in the hash table).
    pub(super) fn replace(&mut self, s: Record, r: &Route) {
        let extra = Extra::of(r);
        let p = Packed::of(r, extra.is_some());
        if let Some(rec) = self.records.get_mut(s as usize) {
            *rec = Packed {
                has: p.has | (rec.has & has::LIVE),
                ..p
            };
        }
        match extra {
            Some(e) => self.extras.insert(s, e),
            None => self.extras.remove(&s),
        };
    }

    /// Takes live route `s` out; its record is free for reuse.
    pub(super) fn remove(&mut self, s: Record) {
        let Some(p) = self.records.get(s as usize).copied() else {
            return;
        };
        if !p.is(has::LIVE) {
            return;
        }
        let h = self.hash(&p.prefix());
        let records = &self.records;
        let hashing = self.hashing;
        self.slots
            .unplace(h, s, |t| hash(hashing, &records[t as usize].prefix()));
        self.live -= 1;
        self.records[s as usize].has = 0;
        self.extras.remove(&s);
        self.free.push(s);
        if p.matchable() {
            self.lens.sub((p.family, p.table), p.dst_len);
        }
    }

    /// Whether record `s` is a live route.
    pub(super) fn is_live(&self, s: Record) -> bool {
        self.records
            .get(s as usize)
            .is_some_and(|p| p.is(has::LIVE))
    }

    /// The first live route at or after record `s`.
    pub(super) fn live_from(&self, s: Record) -> Option<Record> {
        let from = s as usize;
        let at = self.records.iter_from(from).position(|p| p.is(has::LIVE))?;
        Some((from + at) as Record)
    }

    /// Route `s` as [`Route::parse`] gave it, written into `out` (whose multipath buffer is
    /// reused). Field by field in place: a whole new `Route` written over `out` (some 300
    /// bytes, most of them its rare metrics) cost more than the record's own fields; the
    /// pattern names every field, so that a new one cannot be forgotten here.
    pub(super) fn read_into(&self, s: Record, out: &mut Route) {
        let Some(p) = self.records.get(s as usize) else {
            return;
        };
        let extra = if p.is(has::EXTRA) {
            self.extras.get(&s)
        } else {
            None
        };
        let Route {
            family,
            dst,
            src,
            tos,
            table,
            rtm_table,
            protocol,
            scope,
            rtype,
            flags,
            gateway,
            prefsrc,
            oif,
            iif,
            priority,
            multipath,
            flow,
            metrics,
        } = out;
        *family = p.family;
        // Stored from a prefix that fitted: it fits again.
        *dst = prefix_of(p.family, p.ip(has::DST, p.dst), p.dst_len).unwrap_or_default();
        *src = extra.and_then(|e| e.src);
        *tos = p.tos;
        *table = p.table;
        *rtm_table = p.rtm_table;
        *protocol = p.protocol.into();
        *scope = p.scope.into();
        *rtype = p.rtype.into();
        *flags = p.flags;
        *gateway = p.ip(has::GATEWAY, p.gateway);
        *prefsrc = extra.and_then(|e| e.prefsrc);
        *oif = p.is(has::OIF).then_some(p.oif.into());
        *iif = extra.and_then(|e| e.iif);
        *priority = p.is(has::PRIORITY).then_some(p.priority);
        multipath.clear();
        *flow = extra.and_then(|e| e.flow);
        match extra {
            Some(e) => {
                multipath.extend_from_slice(&e.multipath);
                *metrics = e.metrics.as_deref().cloned();
            }
            None => *metrics = None,
        }
    }

    /// Route `s`.
    pub(super) fn get(&self, s: Record) -> Route {
        let mut r = Route::default();
        self.read_into(s, &mut r);
        r
    }

    /// Whether route `s` has exactly the values of `r`.
    pub(super) fn equals(&self, s: Record, r: &Route) -> bool {
        let extra = Extra::of(r);
        self.holds(s, &Packed::of(r, extra.is_some()), extra.as_ref())
    }

    /// Whether route `s` has exactly the values `p` and `extra` pack.
    fn holds(&self, s: Record, p: &Packed, extra: Option<&Extra>) -> bool {
        self.records.get(s as usize).is_some_and(|q| {
            Packed {
                has: q.has & !has::LIVE,
                ..*q
            } == *p
                && self.extras.get(&s) == extra
        })
    }

    /// Whether route `s` here and route `t` of `other` have the same values.
    fn same_values(&self, s: Record, other: &Routes, t: Record) -> bool {
        let (Some(a), Some(b)) = (self.records.get(s as usize), other.records.get(t as usize))
        else {
            return false;
        };
        let strip = |p: &Packed| Packed {
            has: p.has & !has::LIVE,
            ..*p
        };
        strip(a) == strip(b) && self.extras.get(&s) == other.extras.get(&t)
    }

    /// The live route with the identity of `r`.
    pub(super) fn find(&self, r: &Route) -> Option<Record> {
        // Probed by the prefix alone: most finds (a burst of new routes) meet no route of
        // it, and the record of `r` is built only for a candidate, its key only when the
        // candidate's values differ.
        let mut packed = None;
        let mut key = None;
        self.probe(&Prefix::of(r)).find(|&s| {
            let (p, extra) = packed.get_or_insert_with(|| {
                let extra = Extra::of(r);
                (Packed::of(r, extra.is_some()), extra)
            });
            // The same values are the same identity; else compare the identities.
            self.holds(s, p, extra.as_ref())
                || RouteKey::of(&self.get(s)) == *key.get_or_insert_with(|| RouteKey::of(r))
        })
    }

    /// The live route of `other` with the identity of live route `t` here, and whether their
    /// values are the same.
    pub(super) fn find_in(&self, t: Record, other: &Routes) -> Option<(Record, bool)> {
        let p = *self.records.get(t as usize)?;
        let mut key = None;
        for s in other.probe(&p.prefix()) {
            if other.same_values(s, self, t) {
                return Some((s, true));
            }
            let key = key.get_or_insert_with(|| RouteKey::of(&self.get(t)));
            if RouteKey::of(&other.get(s)) == *key {
                return Some((s, false));
            }
        }
        None
    }

    /// The live routes of group `g` (its priority and source included).
    pub(super) fn group(&self, g: &RouteGroup) -> Vec<Record> {
        let prefix = Prefix {
            family: g.family,
            table: g.table,
            len: g.dst_len,
            dst: masked(g.dst.map_or(0, bits), g.dst_len),
        };
        self.probe(&prefix)
            .filter(|&s| {
                let p = &self.records[s as usize];
                let src = self.extras.get(&s).and_then(|e| e.src.map(|p| p.addr()));
                p.dst_len == g.dst_len
                    && p.src_len == g.src_len
                    && p.tos == g.tos
                    && p.priority == g.priority
                    && p.ip(has::DST, p.dst) == g.dst
                    && src == g.src
            })
            .collect()
    }

    /// The route the kernel's lookup of `ip` in table `table` alone gives: of the longest
    /// prefix holding `ip`, the matchable route (no source prefix, TOS 0) with the lowest
    /// priority.
    pub(super) fn longest_match(&self, table: u32, ip: IpAddr) -> Option<Record> {
        let family = if ip.is_ipv4() { AF_INET } else { AF_INET6 };
        let lens = self.lens.get((family, table))?;
        let v = bits(ip);
        let prefix = |len| Prefix {
            family,
            table,
            len,
            dst: masked(v, len),
        };
        // The slots of every length are loaded at once (a full table has a score of
        // lengths, each slot a cache miss), then probed longest first (hashing again costs
        // less than keeping the hashes).
        let lens = &lens.longest_first;
        if lens.len() > 1 {
            for &len in lens {
                self.slots.prefetch(self.hash(&prefix(len)));
            }
        }
        for &len in lens {
            let mut best: Option<&Packed> = None;
            let mut found = None;
            for s in self.probe(&prefix(len)) {
                let p = &self.records[s as usize];
                if p.matchable() && best.is_none_or(|b| p.priority < b.priority) {
                    best = Some(p);
                    found = Some(s);
                }
            }
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The live routes of `prefix`: the candidates of its hash whose record has it.
    fn probe<'a>(&'a self, prefix: &Prefix) -> impl Iterator<Item = Record> + 'a {
        let prefix = *prefix;
        self.slots
            .candidates(self.hash(&prefix))
            .filter(move |&s| self.records[s as usize].prefix() == prefix)
    }

    /// Makes the hash table large enough for `n` live routes (at most three quarters full),
    /// placing every live route again when it grows. The test is inlined (once a route made
    /// live), the growth not.
    #[inline]
    pub(super) fn reserve(&mut self, n: usize) {
        if n * 4 > self.slots.size() * 3 {
            self.grow(n);
        }
    }

    #[inline(never)]
    fn grow(&mut self, n: usize) {
        let size = (n * 4 / 3 + 1).next_power_of_two().max(64);
        self.slots = Slots::with_size(size);
        for s in 0..self.records.len() as Record {
            if self.records[s as usize].is(has::LIVE) {
                let h = self.hash(&self.records[s as usize].prefix());
                self.slots.place(h, s);
            }
        }
    }

    fn hash(&self, p: &Prefix) -> u64 {
        hash(self.hashing, p)
    }
}

/// The hash of prefix `p` by `hashing`.
fn hash(hashing: Seeded, p: &Prefix) -> u64 {
    let mut h = hashing.build_hasher();
    h.mix(u64::from(p.family) | u64::from(p.len) << 8 | u64::from(p.table) << 32);
    h.mix(p.dst as u64);
    h.mix((p.dst >> 64) as u64);
    h.finish()
}

/// The hashing of [`Routes`]: one wide multiplication by a key drawn at random per mirror, its
/// halves folded together, per 64-bit word. A lookup hashes once per prefix length it tries,
/// so the hash must cost a few nanoseconds (SipHash costs several times more); the random key
/// keeps whoever picks the routes from predicting which ones collide.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seeded {
    key: u64,
}

impl Default for Seeded {
    fn default() -> Self {
        Seeded {
            key: RandomState::new().hash_one(0u64) | 1,
        }
    }
}

impl BuildHasher for Seeded {
    type Hasher = SeededHasher;

    fn build_hasher(&self) -> SeededHasher {
        SeededHasher {
            key: self.key,
            state: self.key.rotate_left(29),
        }
    }
}

/// The hasher of [`Seeded`].
#[derive(Debug)]
pub(super) struct SeededHasher {
    key: u64,
    state: u64,
}

impl SeededHasher {
    fn mix(&mut self, v: u64) {
        let m = u128::from(self.state ^ v) * u128::from(self.key);
        self.state = (m as u64) ^ ((m >> 64) as u64);
    }
}

impl Hasher for SeededHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_ne_bytes(word));
        }
    }

    fn write_u32(&mut self, v: u32) {
        self.mix(u64::from(v));
    }

    fn finish(&self) -> u64 {
        // One more round, so the high bits (the tag) depend on every input bit.
        let m = u128::from(self.state) * u128::from(self.key);
        (m as u64) ^ ((m >> 64) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::route::tests::route_msg;
    use crate::wire::{Msg, ParseError};

    /// The record of the route `bytes` describes when it is plain, checked against the
    /// record of the `Route` it decodes to (or, when neither decodes, the same error).
    fn plain(bytes: &[u8]) -> Result<Option<Packed>, ParseError> {
        let msg = Msg::parse(bytes).unwrap();
        let mut info = RouteInfo::default();
        let got = info.parse_plain(&msg);
        let route = Route::parse(&msg);
        match (got, route) {
            (Ok(Some(rtm_table)), Ok(r)) => {
                let p = Packed::of_plain(&info, rtm_table);
                assert!(Extra::of(&r).is_none(), "{r:?}");
                assert_eq!(p, Packed::of(&r, false), "{r:?}");
                Ok(Some(p))
            }
            (Ok(None), Ok(_)) => Ok(None),
            (Err(a), Err(b)) => {
                assert_eq!(a, b);
                Err(a)
            }
            other => panic!("{other:?}"),
        }
    }

    /// A route message: rtmsg fields family, dst_len, src_len, table, protocol, scope, type
    /// (tos 0, flags 0), then `attrs`.
    fn msg(rtm: [u8; 7], attrs: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let [family, dst_len, src_len, table, protocol, scope, ty] = rtm;
        route_msg(
            &[
                family, dst_len, src_len, 0, table, protocol, scope, ty, 0, 0, 0, 0,
            ],
            attrs,
        )
    }

    #[test]
    fn a_plain_route_is_packed_as_its_decoded_route_is() {
        let u32a = |v: u32| v.to_ne_bytes().to_vec();
        let v4 = |a: [u8; 4]| a.to_vec();
        let host = [
            (rta::TABLE, u32a(102)),
            (rta::DST, v4([11, 0, 0, 1])),
            (rta::GATEWAY, v4([10, 0, 0, 2])),
            (rta::OIF, u32a(2)),
            (rta::PRIORITY, u32a(20)),
        ];
        let p = plain(&msg([AF_INET, 32, 0, 102, 4, 0, 1], &host))
            .unwrap()
            .unwrap();
        assert_eq!((p.has, p.dst_len, p.oif, p.priority), (0x0f, 32, 2, 20));
        // A default route: no destination; a table beyond 8 bits; another family; odd codes.
        let v6gw = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1].to_vec();
        for (rtm, attrs) in [
            (
                [AF_INET, 0, 0, 254, 3, 0, 1],
                vec![(rta::GATEWAY, v4([10, 0, 0, 1]))],
            ),
            (
                [AF_INET, 24, 0, 252, 186, 200, 7],
                vec![(rta::TABLE, u32a(100_000))],
            ),
            (
                [AF_INET6, 0, 0, 254, 9, 0, 1],
                vec![(rta::GATEWAY, v6gw.clone())],
            ),
            // An IPv4 route whose gateway is 16 bytes long, and one with no attribute.
            ([AF_INET, 8, 0, 254, 0, 253, 1], vec![(rta::GATEWAY, v6gw)]),
            ([AF_INET, 0, 0, 0, 0, 0, 0], vec![]),
        ] {
            assert!(plain(&msg(rtm, &attrs)).unwrap().is_some());
        }
        // Rare fields: decoded as routes.
        let v4_24 = [AF_INET, 24, 0, 254, 3, 0, 1];
        for attrs in [
            vec![(rta::PREFSRC, v4([10, 0, 0, 1]))],
            vec![(rta::IIF, u32a(3))],
            vec![(rta::FLOW, u32a(7))],
            vec![(rta::METRICS, vec![])],
            vec![(rta::MULTIPATH, vec![])],
        ] {
            assert_eq!(plain(&msg(v4_24, &attrs)), Ok(None));
        }
        assert_eq!(plain(&msg([AF_INET6, 64, 48, 254, 3, 0, 1], &[])), Ok(None));
        // What does not decode fails alike.
        assert!(plain(&msg(
            [AF_INET, 33, 0, 254, 3, 0, 1],
            &[(rta::DST, v4([1, 2, 3, 4]))]
        ))
        .is_err());
        assert!(plain(&msg(v4_24, &[(rta::OIF, vec![1, 2])])).is_err());
    }
}
