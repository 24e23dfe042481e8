//! The mirror's routes, kept compactly: each route's decoded fields in one fixed-size record
//! ([`Records`]: 32 bytes for a plain IPv4 route, 64 for another), the rare ones (source
//! prefix, preferred source, input interface, realms, paths of a multipath route, metrics)
//! out of line, and one open-addressing hash index of record numbers ([`Slots`]), hashed by
//! the route's prefix (family, table, destination and its length) as the record itself gives
//! it. That one index finds a route by identity (the routes of one prefix are few and sit in
//! one probe run), the routes of a group, and the routes a longest-prefix match may give: a
//! lookup probes only the prefix lengths its address's block has ([`super::lens`]), longest
//! first. No key is stored beside the records.

use super::key::{RouteGroup, RouteKey};
use super::lens::{table_id, TableLens};
use super::order::{v4_prefix_of, v4_prefix_of_info, Order, Position, Runs};
use super::records::{bits, has, masked, Packed, Prefix, RecordSet, Records};
use super::slots::Slots;
use crate::rtnl::route::{unspecified, Nexthop, Route, RouteInfo, RouteMetrics};
use crate::rtnl::{IfIndex, IpBytes, IpPrefix};
use crate::wire::consts::*;
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::net::IpAddr;

/// How far ahead of the record at hand a walk prefetches (see [`Routes::prefetch_home`]):
/// enough records to cover a memory access's latency.
pub(super) const AHEAD: Record = 16;

pub(super) use super::records::Record;

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

/// The routes of a mirror (see the module's documentation).
#[derive(Debug)]
pub(super) struct Routes {
    records: Records,
    extras: HashMap<Record, Extra, Seeded>,
    /// The live records by the hash of their prefix.
    slots: Slots,
    /// Records in `slots`: the live routes.
    live: usize,
    /// The prefix lengths each table has.
    lens: TableLens,
    /// Which of the IPv4 routes of one prefix, TOS and priority the kernel lists first.
    order: Order,
    hashing: Seeded,
}

impl Default for Routes {
    fn default() -> Self {
        let hashing = Seeded::default();
        Routes {
            records: Records::default(),
            extras: HashMap::with_hasher(hashing),
            slots: Slots::default(),
            live: 0,
            lens: TableLens::default(),
            order: Order::default(),
            hashing,
        }
    }
}

impl Routes {
    /// How many routes are live.
    pub(super) fn len(&self) -> usize {
        self.live
    }

    /// How many records there are, live or not.
    pub(super) fn records(&self) -> usize {
        self.records.len()
    }

    /// The first record, live or not, at or after record `s` in the order of a walk over
    /// them (the next one after `s` is the first from `s + 1`).
    pub(super) fn record_from(&self, s: Record) -> Option<Record> {
        self.records.first_from(s, 0)
    }

    /// Stores `r` without making it live (see [`Routes::make_live`]): how a dump is taken in.
    pub(super) fn push(&mut self, r: &Route) -> Record {
        let extra = Extra::of(r);
        self.store(&Packed::of(r, extra.is_some()), extra)
    }

    /// [`Routes::push`] of a plain route, from its decoding `i` and its header's table field
    /// (see [`RouteInfo::parse_plain`]).
    pub(super) fn push_plain(&mut self, i: &RouteInfo, rtm_table: u8) -> Record {
        self.store(&Packed::of_plain(i, rtm_table), None)
    }

    /// Stores record `p` and its rare fields `extra` in a free record of its size or a new
    /// one. Inlined, as `store_live` is: each a call with a 64-byte record, they cost an
    /// event some 30 instructions.
    #[inline(always)]
    fn store(&mut self, p: &Packed, extra: Option<Extra>) -> Record {
        let s = self.records.store(p);
        // A free record has no rare fields left (`remove` and `drop_pending` took them).
        if let Some(e) = extra {
            self.extras.insert(s, e);
        }
        s
    }

    /// Makes record `s` (stored by [`Routes::push`]) a live route: findable and counted.
    pub(super) fn make_live(&mut self, s: Record) {
        // Grown first: growing places every live route again, and this one is not yet (one
        // already live grows the index one route early at worst).
        self.reserve(self.live + 1);
        if let Some(p) = self.records.set_live(s) {
            self.place_live(s, &p);
        }
    }

    /// Stores record `p` and its rare fields `extra` as a live route at once: a route
    /// applied is not stored, then read back to be made live as a dumped one is.
    #[inline(always)]
    fn store_live(&mut self, mut p: Packed, extra: Option<Extra>) -> Record {
        // Grown first, as in `make_live`.
        self.reserve(self.live + 1);
        // Marked in place: a copy of the record with the mark cost a tenth of an insert.
        p.has |= has::LIVE;
        let s = self.store(&p, extra);
        self.place_live(s, &p);
        s
    }

    /// Places live record `s`, whose fields are `p`, in the index and counts it; the index
    /// has room for it.
    #[inline(always)]
    fn place_live(&mut self, s: Record, p: &Packed) {
        let prefix = p.prefix();
        self.slots.place(self.hash(&prefix), s);
        self.live += 1;
        if p.matchable() && (p.family == AF_INET || p.family == AF_INET6) {
            self.lens
                .add(table_id(p.family, p.table), prefix.len, prefix.dst);
        }
    }

    /// Starts loading the index slot where the prefix of record `s` of `of` is placed
    /// or found here, when there is such a record: a walk over the records in order that
    /// places or finds each calls it for the record [`AHEAD`] of the one at hand, so that
    /// the table's memory (random reads, tens of megabytes at a full table, each a cache
    /// miss) is read many slots at a time instead of one after the other. Only a hint.
    pub(super) fn prefetch_home(&self, of: &Routes, s: Record) {
        if let Some(p) = of.records.prefix(s) {
            self.slots.prefetch(self.hash(&p));
        }
    }

    /// Starts loading the index slot where the routes of destination `dst`/`len` in
    /// table `table` of `family` are found (a burst of events looks ahead), `dst` as a
    /// message's decoding holds it. Only a hint.
    pub(super) fn prefetch_prefix(&self, family: u8, table: u32, dst: &IpBytes, len: u8) {
        // Its bytes, in network order, are the left-aligned value that `bits` makes of
        // `dst.ip()` (the bytes past an IPv4 address are 0; none at all without one),
        // without making the address: a tenth of the look-ahead.
        self.slots.prefetch(self.hash(&Prefix {
            family,
            table,
            len,
            dst: masked(u128::from_be_bytes(dst.addr), len),
        }));
    }

    /// Frees the records that are not live (dumped routes not applied yet, when that dump
    /// is abandoned).
    pub(super) fn drop_pending(&mut self) {
        // Most often there are none (every record live or free): then no walk over them all.
        if self.live + self.records.free_len() == self.records.len() {
            return;
        }
        self.records.free_all_but_live();
        let records = &self.records;
        self.extras.retain(|&s, _| records.has(s) & has::LIVE != 0);
    }

    /// Stores and makes live `r`, put among the routes of its prefix, TOS and priority as
    /// `place` says.
    pub(super) fn insert(&mut self, r: &Route, place: Position) -> Record {
        let extra = Extra::of(r);
        let s = self.store_live(Packed::of(r, extra.is_some()), extra);
        self.order.place(s, place);
        s
    }

    /// The rank of route `s` among the IPv4 routes of its prefix, TOS and priority: lower is
    /// listed first by the kernel.
    pub(super) fn rank(&self, s: Record) -> i64 {
        self.order.rank(s)
    }

    /// Puts each of `followers`, routes of a dump just applied that followed a route of their
    /// prefix there, after the routes of its prefix (see [`Runs`]).
    pub(super) fn order_as_dumped(&mut self, followers: &[Route]) {
        for r in followers {
            if let Some(s) = self.find(r) {
                self.order.place(s, Position::Last);
            }
        }
    }

    /// Replaces the values of live route `s` with those of `r`, which has its identity (and
    /// so its prefix: it stays where it is in the hash table, unless it needs a record of
    /// the other size, an IPv4 route given a longer gateway, and moves).
    pub(super) fn replace(&mut self, s: Record, r: &Route) {
        let extra = Extra::of(r);
        let p = Packed::of(r, extra.is_some());
        if Records::size(&p) != Records::size_of(s) {
            let rank = self.order.forget(s);
            self.remove(s);
            let t = self.store_live(p, extra);
            self.order.restore(t, rank);
            return;
        }
        let live = self.records.has(s) & has::LIVE;
        self.records.set(
            s,
            &Packed {
                has: p.has | live,
                ..p
            },
        );
        match extra {
            Some(e) => self.extras.insert(s, e),
            None => self.extras.remove(&s),
        };
    }

    /// Takes live route `s` out; its record is free for reuse.
    pub(super) fn remove(&mut self, s: Record) {
        let Some(p) = self.records.get(s) else {
            return;
        };
        if !p.is(has::LIVE) {
            return;
        }
        let h = self.hash(&p.prefix());
        let records = &self.records;
        let hashing = self.hashing;
        self.slots.unplace(h, s, |t| {
            records.get(t).map_or(0, |q| hash(hashing, &q.prefix()))
        });
        self.live -= 1;
        self.records.free(s);
        self.extras.remove(&s);
        self.order.forget(s);
        if p.matchable() {
            self.lens.sub(table_id(p.family, p.table), p.dst_len);
        }
    }

    /// Whether record `s` is a live route.
    pub(super) fn is_live(&self, s: Record) -> bool {
        self.records.has(s) & has::LIVE != 0
    }

    /// The first live route at or after record `s` (in the order of a walk).
    pub(super) fn live_from(&self, s: Record) -> Option<Record> {
        self.records.first_from(s, has::LIVE)
    }

    /// Route `s` as [`Route::parse`] gave it, written into `out` (whose multipath buffer is
    /// reused). Field by field in place: a whole new `Route` written over `out` (some 300
    /// bytes, most of them its rare metrics) cost more than the record's own fields; the
    /// pattern names every field, so that a new one cannot be forgotten here.
    pub(super) fn read_into(&self, s: Record, out: &mut Route) {
        self.records.read(
            s,
            #[inline(always)]
            |p| self.write_into(s, p, out),
        );
    }

    /// [`Routes::read_into`] of route `s`, whose record is `p`: inlined in each size's branch
    /// (see [`Records::read`]).
    #[inline(always)]
    fn write_into(&self, s: Record, p: &Packed, out: &mut Route) {
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
            nh_id,
            pref,
            expires,
        } = out;
        *family = p.family;
        // Stored from a prefix that fitted: it fits again.
        // A record holds what a decoding checked: made again, not checked again.
        let addr = p.dst().unwrap_or(unspecified(p.family));
        *dst = IpPrefix::new(addr, p.dst_len).unwrap_or_default();
        *src = extra.and_then(|e| e.src);
        *tos = p.tos;
        *table = p.table;
        *rtm_table = p.rtm_table;
        *protocol = p.protocol.into();
        *scope = p.scope.into();
        *rtype = p.rtype.into();
        *flags = p.flags;
        *gateway = p.gateway();
        *prefsrc = extra.and_then(|e| e.prefsrc);
        *oif = p.is(has::OIF).then_some(p.oif.into());
        *iif = extra.and_then(|e| e.iif);
        *priority = p.is(has::PRIORITY).then_some(p.priority);
        *nh_id = (p.nh_id != 0).then_some(p.nh_id);
        *pref = p.is(has::PREF).then_some(p.pref);
        // A countdown at the moment of a message: not kept (see `Mirror`).
        *expires = None;
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
        self.records
            .get(s)
            .is_some_and(|q| values(&q) == *p && self.extras.get(&s) == extra)
    }

    /// The live route with the identity of `r`.
    pub(super) fn find(&self, r: &Route) -> Option<Record> {
        // Probed by the prefix alone: most finds (a burst of new routes) meet no route of
        // it, and end here, without the frame that comparing routes takes.
        let mut candidates = self.probe(&Prefix::of(r));
        let first = candidates.next()?;
        self.find_among(r, std::iter::once(first).chain(candidates))
    }

    /// The route of `candidates` (live routes of its prefix) with the identity of `r`: the
    /// record of `r` is built once, its key only when a candidate's values differ.
    #[inline(never)]
    fn find_among(
        &self,
        r: &Route,
        mut candidates: impl Iterator<Item = Record>,
    ) -> Option<Record> {
        let extra = Extra::of(r);
        let p = Packed::of(r, extra.is_some());
        let mut key = None;
        candidates.find(|&s| {
            // The same values are the same identity; else compare the identities.
            self.holds(s, &p, extra.as_ref())
                || RouteKey::of(&self.get(s)) == *key.get_or_insert_with(|| RouteKey::of(r))
        })
    }

    /// The live route of `other` with the identity of route `t` here, and whether their
    /// values are the same, of those not `claimed` (by another route of the dump: the
    /// kernel may hold two IPv6 routes equal in every field, each matched once). Each
    /// candidate's record read once, for its prefix and its values (a whole table is matched
    /// this way in a resynchronisation), the rare fields only for a route that has them, the
    /// identities only for a candidate whose values differ.
    pub(super) fn find_in(
        &self,
        t: Record,
        other: &Routes,
        claimed: &RecordSet,
    ) -> Option<(Record, bool)> {
        let p = values(&self.records.get(t)?);
        let prefix = p.prefix();
        let mut key = None;
        for s in other.slots.candidates(other.hash(&prefix)) {
            let Some(q) = other.records.get(s) else {
                continue;
            };
            if q.prefix() != prefix || claimed.contains(s) {
                continue;
            }
            // The same values, has byte included, say whether both have rare fields.
            if values(&q) == p && (!p.is(has::EXTRA) || other.extras.get(&s) == self.extras.get(&t))
            {
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
                let Some(p) = self.records.get(s) else {
                    return false;
                };
                let src = self.extras.get(&s).and_then(|e| e.src.map(|p| p.addr()));
                p.dst_len == g.dst_len
                    && p.src_len == g.src_len
                    && p.tos == g.tos
                    && p.priority == g.priority
                    && p.dst() == g.dst
                    && src == g.src
            })
            .collect()
    }

    /// The route the kernel's lookup of `ip` in table `table` alone gives: of the longest
    /// prefix holding `ip`, the matchable route (no source prefix, TOS 0) with the lowest
    /// priority, and of several such IPv4 routes the one the kernel lists first.
    pub(super) fn longest_match(&self, table: u32, ip: IpAddr) -> Option<Record> {
        let family = if ip.is_ipv4() { AF_INET } else { AF_INET6 };
        let v = bits(ip);
        let tried = self.lens.tried(table_id(family, table), v)?;
        let prefix = |len| Prefix {
            family,
            table,
            len,
            dst: masked(v, len),
        };
        // The slots of every length tried are loaded at once (a full table's block may
        // have several lengths, each slot a cache miss), then probed longest first (hashing
        // again costs less than keeping the hashes); the first is probed at once.
        for len in tried.skip(1) {
            self.slots.prefetch(self.hash(&prefix(len)));
        }
        for len in tried {
            let want = prefix(len);
            let mut best: Option<(u32, Record)> = None;
            for s in self.slots.candidates(self.hash(&want)) {
                let Some((prefix, priority, matchable)) = self.records.match_view(s) else {
                    continue;
                };
                let better = |(b, bs): (u32, Record)| {
                    priority < b || (priority == b && self.order.rank(s) < self.order.rank(bs))
                };
                if prefix == want && matchable && best.is_none_or(better) {
                    best = Some((priority, s));
                }
            }
            if let Some((_, s)) = best {
                return Some(s);
            }
        }
        None
    }

    /// The live routes of `prefix`: the candidates of its hash whose record has it.
    fn probe<'a>(&'a self, prefix: &Prefix) -> impl Iterator<Item = Record> + 'a {
        let prefix = *prefix;
        let mut candidates = self.slots.candidates(self.hash(&prefix));
        // A loop inlined, not a `filter`, whose search the compiler kept out of line: a call
        // per find (some 45 instructions of an event).
        std::iter::from_fn(
            #[inline(always)]
            move || loop {
                let s = candidates.next()?;
                if self.records.prefix(s) == Some(prefix) {
                    return Some(s);
                }
            },
        )
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
        let mut at = self.live_from(0);
        while let Some(s) = at {
            if let Some(p) = self.records.get(s) {
                self.slots.place(self.hash(&p.prefix()), s);
            }
            at = self.live_from(s + 1);
        }
    }

    fn hash(&self, p: &Prefix) -> u64 {
        hash(self.hashing, p)
    }
}

/// The values of record `p`: all but whether it is live.
fn values(p: &Packed) -> Packed {
    Packed {
        has: p.has & !has::LIVE,
        ..*p
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

/// How many dumped routes are read before they are matched against the table's: enough that
/// looking [`AHEAD`] loads the table's memory many routes at a time, few enough that the
/// records they take are reused at once.
const MATCH_BATCH: usize = 256;

/// The routes of a dump, as a table takes them in: all of them (the first dump, which the
/// table adopts), or, matched against the table's routes as they are read (a re-dump), the
/// table's routes the dump has and the dumped routes that differ. A dumped route the table
/// has as it is leaves nothing behind (its record is reused by the next one): a re-dump of a
/// full table keeps its differences alone, not a second copy of the table.
#[derive(Debug, Default)]
pub(super) struct Dumped {
    /// The dumped routes kept, none of them live: every one, or those that differ from the
    /// table's and the last few read (`unmatched`).
    pub(super) routes: Routes,
    /// Records of `routes` read and not matched yet.
    unmatched: Vec<Record>,
    /// The table's routes the dump has, with the same values or not.
    pub(super) kept: RecordSet,
    /// The records of `routes` that the table does not have or has with other values, in
    /// the dump's order, each with the table's route of its identity it replaces (none: it
    /// is added). Paired as they are matched, not found again when applied: a route the
    /// kernel holds twice, equal in every field, must be added as often as the table lacks
    /// it, not taken for the copy already there.
    pub(super) differ: Vec<(Record, Option<Record>)>,
    /// The IPv4 routes that followed one of their prefix, to be ordered so once applied.
    pub(super) runs: Runs,
}

impl Dumped {
    /// Takes in route `r`, matched against `table` (`None`: kept).
    pub(super) fn push(&mut self, r: &Route, table: Option<&Routes>) {
        let t = self.routes.push(r);
        self.runs.read(v4_prefix_of(r), || r.clone());
        self.read(t, table);
    }

    /// [`Dumped::push`] of a plain route (see [`Routes::push_plain`]).
    pub(super) fn push_plain(&mut self, i: &RouteInfo, rtm_table: u8, table: Option<&Routes>) {
        let t = self.routes.push_plain(i, rtm_table);
        let routes = &self.routes;
        self.runs.read(v4_prefix_of_info(i), || routes.get(t));
        self.read(t, table);
    }

    /// Matches what is left unmatched against `table`: the dump is read.
    pub(super) fn finish(&mut self, table: Option<&Routes>) {
        if let Some(table) = table {
            self.match_read(table);
        }
    }

    /// Takes in record `t`, just stored: matched with the next batch when there is a table
    /// to match it against, else kept.
    fn read(&mut self, t: Record, table: Option<&Routes>) {
        if let Some(table) = table {
            self.unmatched.push(t);
            if self.unmatched.len() == MATCH_BATCH {
                self.match_read(table);
            }
        }
    }

    /// Matches the routes read since the last match with `table`'s, freeing the records of
    /// those that it has as they are.
    fn match_read(&mut self, table: &Routes) {
        let mut batch = std::mem::take(&mut self.unmatched);
        for &t in batch.iter().take(AHEAD as usize) {
            table.prefetch_home(&self.routes, t);
        }
        for (i, &t) in batch.iter().enumerate() {
            if let Some(&ahead) = batch.get(i + AHEAD as usize) {
                table.prefetch_home(&self.routes, ahead);
            }
            match self.routes.find_in(t, table, &self.kept) {
                Some((s, true)) => {
                    self.kept.insert(s);
                    if self.routes.records.has(t) & has::EXTRA != 0 {
                        self.routes.extras.remove(&t);
                    }
                    self.routes.records.free(t);
                }
                Some((s, false)) => {
                    self.kept.insert(s);
                    self.differ.push((t, Some(s)));
                }
                None => self.differ.push((t, None)),
            }
        }
        batch.clear();
        self.unmatched = batch;
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
            // Through a nexthop object (an id of 0 names none).
            ([AF_INET, 24, 0, 254, 3, 0, 1], vec![(rta::NH_ID, u32a(5))]),
            ([AF_INET, 24, 0, 254, 3, 0, 1], vec![(rta::NH_ID, u32a(0))]),
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

    #[test]
    fn lookups_that_change_tables_find_each_tables_route() {
        let mut routes = Routes::default();
        let route = |table: u32, dst: &str, len: u8| Route {
            family: if dst.contains(':') { AF_INET6 } else { AF_INET },
            dst: IpPrefix::new(dst.parse().unwrap(), len).unwrap(),
            table,
            ..Route::default()
        };
        let ip = |a: &str| a.parse::<IpAddr>().unwrap();
        let a = routes.insert(&route(10, "10.0.0.0", 8), Position::Any);
        let b = routes.insert(&route(20, "10.1.0.0", 16), Position::Any);
        let c = routes.insert(&route(10, "fd00::", 8), Position::Any);
        // Table 10 comes first among the tables: the one last asked (the hint) moves when
        // it goes, and a lookup of the table that took its place is not misled.
        for _ in 0..2 {
            assert_eq!(routes.longest_match(10, ip("10.1.2.3")), Some(a));
            assert_eq!(routes.longest_match(20, ip("10.1.2.3")), Some(b));
            assert_eq!(routes.longest_match(10, ip("fd00::1")), Some(c));
            assert_eq!(routes.longest_match(20, ip("10.2.0.1")), None);
            assert_eq!(routes.longest_match(30, ip("10.1.2.3")), None);
        }
        assert_eq!(routes.longest_match(10, ip("10.1.2.3")), Some(a));
        routes.remove(a);
        assert_eq!(routes.longest_match(10, ip("10.1.2.3")), None);
        assert_eq!(routes.longest_match(20, ip("10.1.2.3")), Some(b));
        assert_eq!(routes.longest_match(10, ip("fd00::1")), Some(c));
    }

    #[test]
    fn a_route_given_a_gateway_of_another_size_moves_and_stays_found() {
        let mut routes = Routes::default();
        let mut r = Route {
            family: AF_INET,
            dst: IpPrefix::new("10.1.0.0".parse().unwrap(), 16).unwrap(),
            table: 254,
            rtm_table: 254,
            gateway: Some("10.0.0.1".parse().unwrap()),
            priority: Some(5),
            ..Route::default()
        };
        let other = Route {
            dst: IpPrefix::new("10.2.0.0".parse().unwrap(), 16).unwrap(),
            ..r.clone()
        };
        routes.insert(&other, Position::Any);
        routes.insert(&r, Position::Any);
        let ip = "10.1.2.3".parse().unwrap();
        // Narrow, then wide (a gateway longer than 32 bits), then narrow again: the same
        // route each time, found by identity and by a lookup, its values read back whole.
        for gateway in ["fe80::1", "10.0.0.9"] {
            let at = routes.find(&r).unwrap();
            r.gateway = Some(gateway.parse().unwrap());
            assert!(!routes.equals(at, &r));
            routes.replace(at, &r);
            let at = routes.find(&r).unwrap();
            assert!(routes.equals(at, &r));
            assert_eq!(routes.get(at), r);
            assert_eq!(routes.longest_match(254, ip), Some(at));
            assert_eq!(routes.len(), 2);
        }
        routes.remove(routes.find(&r).unwrap());
        assert_eq!(
            (routes.find(&r), routes.longest_match(254, ip)),
            (None, None)
        );
        assert!(routes.find(&other).is_some());
    }

    /// A route reads back as it was decoded whatever its family and destination: the
    /// addresses of families other than IPv4 and IPv6 (IPv4 multicast routes have IPv4 ones),
    /// a destination 0.0.0.0 for a length other than 0, and destinations with bits past their
    /// length (which the kernel never sends), from a plain route's decoding and from a
    /// `Route` alike, and it is found by what names it.
    #[test]
    fn odd_destinations_read_back_as_decoded() {
        let u32a = |v: u32| v.to_ne_bytes().to_vec();
        for (family, len, dst) in [
            (AF_INET, 0, [10, 0, 0, 0]),
            (AF_INET, 8, [0, 0, 0, 0]),
            (AF_INET, 24, [10, 1, 2, 3]),
            (0, 16, [10, 1, 0, 0]),
            (128, 32, [239, 1, 1, 1]),
        ] {
            for extra in [vec![], vec![(rta::IIF, u32a(2))]] {
                let mut attrs = vec![(rta::DST, dst.to_vec()), (rta::OIF, u32a(3))];
                attrs.extend(extra);
                let bytes = msg([family, len, 0, 254, 3, 0, 1], &attrs);
                let want = Route::parse(&Msg::parse(&bytes).unwrap()).unwrap();
                let mut routes = Routes::default();
                let at = routes.insert(&want, Position::Any);
                assert_eq!(routes.get(at), want);
                assert_eq!(routes.find(&want), Some(at));
                let _ = plain(&bytes).unwrap();
            }
        }
    }

    /// An IPv6 route reads back with its preference, from a plain route's decoding and from
    /// a `Route` alike, and without its remaining lifetime (a countdown the mirror does not
    /// keep); another preference is the same route with other values.
    #[test]
    fn a_route_keeps_its_preference_and_drops_its_expiry() {
        let v6 = [0x20, 1, 0xd, 0xb8, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].to_vec();
        let mut ci = vec![0u8; 32];
        ci[8..12].copy_from_slice(&30_000i32.to_ne_bytes());
        let attrs = [
            (rta::DST, v6),
            (rta::OIF, 3u32.to_ne_bytes().to_vec()),
            (rta::CACHEINFO, ci),
            (rta::PREF, vec![crate::rtnl::route::pref::LOW]),
        ];
        let bytes = msg([AF_INET6, 64, 0, 254, 3, 0, 1], &attrs);
        let p = plain(&bytes).unwrap().unwrap();
        assert!(p.is(has::PREF));
        let decoded = Route::parse(&Msg::parse(&bytes).unwrap()).unwrap();
        assert_eq!(decoded.expires, Some(300));
        let kept = Route {
            expires: None,
            ..decoded.clone()
        };
        let mut routes = Routes::default();
        let at = routes.insert(&decoded, Position::Any);
        assert_eq!(routes.get(at), kept);
        assert!(routes.equals(at, &decoded));
        let high = Route {
            pref: Some(crate::rtnl::route::pref::HIGH),
            ..kept.clone()
        };
        assert_eq!(routes.find(&high), Some(at));
        assert!(!routes.equals(at, &high));
        routes.replace(at, &high);
        assert_eq!(routes.get(at), high);
        // An IPv4 route with a preference (the kernel sends none) keeps it in a wide record.
        let v4 = Route {
            family: AF_INET,
            dst: IpPrefix::new("10.9.0.0".parse().unwrap(), 16).unwrap(),
            pref: Some(1),
            ..Route::default()
        };
        let at = routes.insert(&v4, Position::Any);
        assert_eq!(Records::size_of(at), 1);
        assert_eq!(routes.get(at), v4);
    }

    /// A route through a nexthop object reads back with its id, and is another route than
    /// the one through that object's gateway and interface (the kernel keeps both).
    #[test]
    fn a_route_through_a_nexthop_object_keeps_its_id() {
        let mut routes = Routes::default();
        let direct = Route {
            family: AF_INET,
            dst: IpPrefix::new("10.9.0.0".parse().unwrap(), 16).unwrap(),
            table: 254,
            rtm_table: 254,
            gateway: Some("10.1.0.2".parse().unwrap()),
            oif: Some(IfIndex::new(2)),
            ..Route::default()
        };
        let through = Route {
            nh_id: Some(5),
            ..direct.clone()
        };
        let a = routes.insert(&direct, Position::Any);
        assert_eq!(routes.find(&through), None);
        let b = routes.insert(&through, Position::Any);
        assert_eq!(
            (routes.find(&direct), routes.find(&through)),
            (Some(a), Some(b))
        );
        assert_eq!(routes.get(b), through);
        assert_eq!(routes.get(a), direct);
    }
}
