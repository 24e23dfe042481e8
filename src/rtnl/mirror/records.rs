//! The mirror's route records: each route's common fields in one fixed-size record, in one of
//! two arrays by size. A plain IPv4 route (most of a full table) takes 32 bytes, any other
//! (IPv6, another family, an IPv4 route with a longer address or a nexthop object) 64: a
//! million IPv4 routes fill half the memory they did in 64-byte records, and the memory a
//! mirror first touches costs more than its size (the kernel clears every page, and a virtual
//! machine's host may back it only then). Either size is aligned to its own, so no record
//! straddles two cache lines. Both read and write as one [`Packed`]; which optional fields a
//! record has, and whether it is live, is its [`has`] byte.

use super::huge::Chunked;
use crate::rtnl::route::{has as info_has, v6_family, Route, RouteInfo};
use crate::wire::consts::*;
use std::net::IpAddr;

/// The number of a route's record in its [`Records`]: [`WIDE`] set for a wide record, the
/// rest its place in the array of its size.
pub(super) type Record = u32;

/// The bit of a [`Record`] that says the record is wide.
const WIDE: Record = 1 << 31;

/// Which optional fields of a [`Packed`] route are present, and its state.
pub(super) mod has {
    pub const DST: u8 = 0x01;
    pub const GATEWAY: u8 = 0x02;
    pub const OIF: u8 = 0x04;
    pub const PRIORITY: u8 = 0x08;
    /// Its rare fields are kept apart (by [`super::super::routes::Routes`]).
    pub const EXTRA: u8 = 0x10;
    /// It is in the hash table: a route of the mirror. A record without it is free, or
    /// dumped and not applied yet.
    pub const LIVE: u8 = 0x20;
    /// Its gateway is an IPv6 address (the route's own family does not say: an IPv4 route
    /// may have one).
    pub const GATEWAY6: u8 = 0x40;
    /// It has a preference (`RTA_PREF`: every IPv6 route, which is wide).
    pub const PREF: u8 = 0x80;

    /// The bits whose flag is set, without branches: a route's optional fields are present
    /// or not at random.
    #[inline]
    pub fn of<const N: usize>(bits: [(u8, bool); N]) -> u8 {
        bits.iter()
            .fold(0, |has, &(b, on)| has | (b * u8::from(on)))
    }
}

/// One route's common fields, as a wide record holds them: 64 bytes, aligned to a cache line
/// so that reading a record is one cache miss, not two (a 16-byte aligned record straddles
/// two lines three times in four). Addresses are left-aligned 128-bit values (an IPv4
/// address in the top 32 bits). What every record reads as, whatever its size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(align(64))]
pub(super) struct Packed {
    pub(super) dst: u128,
    pub(super) gateway: u128,
    pub(super) table: u32,
    pub(super) oif: u32,
    pub(super) priority: u32,
    pub(super) flags: u32,
    /// The nexthop object, 0 for none (the kernel numbers them from 1, and takes an
    /// `RTA_NH_ID` of 0 for none: so does `Route::parse`). In the room the alignment leaves
    /// (a wide record is 57 bytes without it), so a record through one stays one cache line.
    /// No [`has`] bit: a narrow record's 0 then reads as none with no test, which kept the
    /// lending of a plain route as cheap as before the field.
    pub(super) nh_id: u32,
    /// The preference of an IPv6 route ([`has::PREF`]), in a byte the alignment leaves
    /// spare (62 of the 64 bytes are used with it).
    pub(super) pref: u8,
    pub(super) family: u8,
    pub(super) dst_len: u8,
    pub(super) src_len: u8,
    pub(super) tos: u8,
    pub(super) protocol: u8,
    pub(super) scope: u8,
    pub(super) rtype: u8,
    pub(super) rtm_table: u8,
    pub(super) has: u8,
}

// One record, one cache line: what the alignment above is for.
const _: () = assert!(std::mem::size_of::<Packed>() == 64);

/// `ip` as a left-aligned 128-bit value.
pub(super) fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)) << 96,
        IpAddr::V6(a) => u128::from(a),
    }
}

/// The address of a route of `family` whose left-aligned value is `v`: IPv6 for IPv6
/// routes, IPv4 for any other (as a route message's addresses are, `route::v6_family`).
pub(super) fn ip_of(family: u8, v: u128) -> IpAddr {
    if v6_family(family) {
        IpAddr::from(v.to_be_bytes())
    } else {
        IpAddr::from(((v >> 96) as u32).to_be_bytes())
    }
}

/// The top `len` bits of a left-aligned value. One load and two `and`s (a lookup masks the
/// address asked for each length it tries): shifting a 128-bit value by a variable count
/// takes a dozen instructions and two branches.
#[inline]
pub(super) fn masked(v: u128, len: u8) -> u128 {
    v & MASKS[usize::from(len.min(128))]
}

/// The mask of each prefix length, 0 to 128: its top `len` bits set.
static MASKS: [u128; 129] = {
    let mut m = [u128::MAX; 129];
    let mut len = 0;
    while len < 128 {
        m[len] = !(u128::MAX >> len);
        len += 1;
    }
    m
};

impl Packed {
    /// The record of `r` (`extra`: its rare fields are kept apart). Inlined where a route is
    /// found or stored (twice an event): the record is then built in place, not in a call's
    /// frame and copied out.
    #[inline(always)]
    pub(super) fn of(r: &Route, extra: bool) -> Packed {
        let dst = r.dst_attr();
        let has = has::of([
            (has::DST, dst.is_some()),
            (has::GATEWAY, r.gateway.is_some()),
            (has::GATEWAY6, r.gateway.is_some_and(|g| g.is_ipv6())),
            (has::OIF, r.oif.is_some()),
            (has::PRIORITY, r.priority.is_some()),
            (has::PREF, r.pref.is_some()),
            (has::EXTRA, extra),
        ]);
        Packed {
            dst: dst.map_or(0, bits),
            gateway: r.gateway.map_or(0, bits),
            table: r.table,
            oif: r.oif.map_or(0, u32::from),
            priority: r.priority.unwrap_or(0),
            flags: r.flags,
            nh_id: r.nh_id.unwrap_or(0),
            pref: r.pref.unwrap_or(0),
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
    #[inline(always)]
    pub(super) fn of_plain(i: &RouteInfo, rtm_table: u8) -> Packed {
        let opt = |bit: u32, v: u32| if i.has & bit != 0 { v } else { 0 };
        let gateway = i.gateway.ip();
        // `Route::dst_attr`: an address exactly when the length is not 0 (the unspecified
        // one when the message has none), without the bits past the length (`prefix_of`).
        let dst = (i.dst_len != 0).then(|| masked(i.dst.ip().map_or(0, bits), i.dst_len));
        let has = has::of([
            (has::DST, dst.is_some()),
            (has::GATEWAY, gateway.is_some()),
            (has::GATEWAY6, gateway.is_some_and(|g| g.is_ipv6())),
            (has::OIF, i.has & info_has::OIF != 0),
            (has::PRIORITY, i.has & info_has::PRIORITY != 0),
            (has::PREF, i.has & info_has::PREF != 0),
            (has::EXTRA, false),
        ]);
        Packed {
            dst: dst.unwrap_or(0),
            gateway: gateway.map_or(0, bits),
            table: i.table,
            oif: opt(info_has::OIF, i.oif),
            priority: opt(info_has::PRIORITY, i.priority),
            flags: i.flags,
            // 0 when absent (`RouteInfo`'s empty value) and for an id of 0 alike, as for `of`.
            nh_id: i.nh_id,
            // 0 when absent (`RouteInfo`'s empty value), as for `of`.
            pref: i.pref,
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

    pub(super) fn is(&self, bit: u8) -> bool {
        self.has & bit != 0
    }

    /// The gateway, of the family its own bit says.
    pub(super) fn gateway(&self) -> Option<IpAddr> {
        let family = if self.is(has::GATEWAY6) {
            AF_INET6
        } else {
            AF_INET
        };
        self.is(has::GATEWAY).then(|| ip_of(family, self.gateway))
    }

    /// The destination address, when the route has one.
    pub(super) fn dst(&self) -> Option<IpAddr> {
        self.is(has::DST).then(|| ip_of(self.family, self.dst))
    }

    /// Whether a lookup of a destination alone may give this route: no source prefix, TOS 0
    /// (the kernel's lookup for a flow with TOS 0 never takes others).
    pub(super) fn matchable(&self) -> bool {
        self.src_len == 0 && self.tos == 0
    }

    /// The prefix the route is hashed by.
    pub(super) fn prefix(&self) -> Prefix {
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
pub(super) struct Prefix {
    pub(super) family: u8,
    pub(super) table: u32,
    pub(super) len: u8,
    pub(super) dst: u128,
}

impl Prefix {
    /// The prefix of `r`, as its record's ([`Packed::prefix`]): what a search for `r` probes
    /// with, without building the whole record.
    pub(super) fn of(r: &Route) -> Prefix {
        let len = r.dst.len();
        Prefix {
            family: r.family,
            table: r.table,
            len,
            dst: masked(r.dst_attr().map_or(0, bits), len),
        }
    }
}

/// A plain IPv4 route's record: [`Packed`]'s fields in 32 bytes, the addresses in 32 bits and
/// the family implied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(align(32))]
struct Narrow {
    dst: u32,
    gateway: u32,
    table: u32,
    oif: u32,
    priority: u32,
    flags: u32,
    has: u8,
    dst_len: u8,
    src_len: u8,
    tos: u8,
    protocol: u8,
    scope: u8,
    rtype: u8,
    rtm_table: u8,
}

// A narrow record is half a cache line: what the alignment above is for.
const _: () = assert!(std::mem::size_of::<Narrow>() == 32);

impl Narrow {
    /// `p` in 32 bytes, when it fits: an IPv4 route with IPv4 addresses (one may have an
    /// IPv6 gateway, kept whole in a wide record), no nexthop object (no room for its id) and
    /// no preference (which the kernel gives IPv6 routes alone).
    #[inline]
    fn of(p: &Packed) -> Option<Narrow> {
        let fits = p.family == AF_INET
            && p.has & (has::GATEWAY6 | has::PREF) == 0
            && p.nh_id == 0
            && p.dst << 32 == 0;
        fits.then_some(Narrow {
            dst: (p.dst >> 96) as u32,
            gateway: (p.gateway >> 96) as u32,
            table: p.table,
            oif: p.oif,
            priority: p.priority,
            flags: p.flags,
            has: p.has,
            dst_len: p.dst_len,
            src_len: p.src_len,
            tos: p.tos,
            protocol: p.protocol,
            scope: p.scope,
            rtype: p.rtype,
            rtm_table: p.rtm_table,
        })
    }

    /// The prefix the route is hashed by ([`Packed::prefix`]), in 32-bit arithmetic.
    #[inline]
    fn prefix(&self) -> Prefix {
        let dst = match self.dst_len {
            0 => 0,
            l if l >= 32 => self.dst,
            l => self.dst & !(u32::MAX >> l),
        };
        Prefix {
            family: AF_INET,
            table: self.table,
            len: self.dst_len,
            dst: u128::from(dst) << 96,
        }
    }

    /// The record as a [`Packed`].
    #[inline]
    fn packed(&self) -> Packed {
        Packed {
            dst: u128::from(self.dst) << 96,
            gateway: u128::from(self.gateway) << 96,
            table: self.table,
            oif: self.oif,
            priority: self.priority,
            flags: self.flags,
            nh_id: 0,
            pref: 0,
            family: AF_INET,
            dst_len: self.dst_len,
            src_len: self.src_len,
            tos: self.tos,
            protocol: self.protocol,
            scope: self.scope,
            rtype: self.rtype,
            rtm_table: self.rtm_table,
            // Never set in a narrow record (`Narrow::of`): cleared all the same, so that the
            // compiler knows a narrow record's route has no preference, and lends one
            // without reading it (a few instructions a route).
            has: self.has & !has::PREF,
        }
    }
}

/// The records: narrow ones (numbered from 0) and wide ones (from [`WIDE`]). Walked in that
/// order: every narrow record, then every wide one.
#[derive(Debug, Default)]
pub(super) struct Records {
    narrow: Chunked<Narrow>,
    wide: Chunked<Packed>,
    /// Records free for reuse, by size: narrow, then wide.
    free: [Vec<Record>; 2],
}

impl Records {
    /// How many records there are.
    pub(super) fn len(&self) -> usize {
        self.narrow.len() + self.wide.len()
    }

    /// Record `s`.
    #[inline]
    pub(super) fn get(&self, s: Record) -> Option<Packed> {
        if s & WIDE == 0 {
            self.narrow.get(s as usize).map(Narrow::packed)
        } else {
            self.wide.get((s & !WIDE) as usize).copied()
        }
    }

    /// `f` of record `s` ([`Records::get`]), `None` when there is none. Inlined with `f`
    /// into the branch of each size: for a narrow record the compiler then knows the family
    /// and that the addresses' low 96 bits are 0, and reads each field straight from the
    /// record (`f` of a record merged from both sizes reads every field through a pointer
    /// chosen first: some 60 instructions more for a whole route).
    #[inline(always)]
    pub(super) fn read<R>(&self, s: Record, f: impl FnOnce(&Packed) -> R) -> Option<R> {
        if s & WIDE == 0 {
            Some(f(&self.narrow.get(s as usize)?.packed()))
        } else {
            Some(f(self.wide.get((s & !WIDE) as usize)?))
        }
    }

    /// The prefix record `s` is hashed by: [`Packed::prefix`] of [`Records::get`], without
    /// the rest (what a probe compares).
    #[inline]
    pub(super) fn prefix(&self, s: Record) -> Option<Prefix> {
        if s & WIDE == 0 {
            self.narrow.get(s as usize).map(Narrow::prefix)
        } else {
            self.wide.get((s & !WIDE) as usize).map(Packed::prefix)
        }
    }

    /// What a longest-prefix match reads of record `s`: its prefix, its priority, and
    /// whether a lookup of a destination alone may give it ([`Packed::matchable`]).
    #[inline]
    pub(super) fn match_view(&self, s: Record) -> Option<(Prefix, u32, bool)> {
        if s & WIDE == 0 {
            let n = self.narrow.get(s as usize)?;
            Some((n.prefix(), n.priority, n.src_len == 0 && n.tos == 0))
        } else {
            let p = self.wide.get((s & !WIDE) as usize)?;
            Some((p.prefix(), p.priority, p.matchable()))
        }
    }

    /// The [`has`] byte of record `s` (0 when there is none).
    #[inline]
    pub(super) fn has(&self, s: Record) -> u8 {
        self.has_of(s).unwrap_or(0)
    }

    /// The [`has`] byte of record `s`, if there is one.
    #[inline]
    fn has_of(&self, s: Record) -> Option<u8> {
        if s & WIDE == 0 {
            self.narrow.get(s as usize).map(|n| n.has)
        } else {
            self.wide.get((s & !WIDE) as usize).map(|p| p.has)
        }
    }

    /// Marks record `s` live, and gives it as it was when it was not ([`Records::get`];
    /// `None` when it was live, or there is none): one access where a `get` and a
    /// `set_has` took two.
    #[inline]
    pub(super) fn set_live(&mut self, s: Record) -> Option<Packed> {
        let p = if s & WIDE == 0 {
            let n = self.narrow.get_mut(s as usize)?;
            let p = n.packed();
            n.has |= has::LIVE;
            p
        } else {
            let w = self.wide.get_mut((s & !WIDE) as usize)?;
            let p = *w;
            w.has |= has::LIVE;
            p
        };
        (!p.is(has::LIVE)).then_some(p)
    }

    /// Sets the [`has`] byte of record `s`, if there is one.
    pub(super) fn set_has(&mut self, s: Record, has: u8) {
        if s & WIDE == 0 {
            if let Some(n) = self.narrow.get_mut(s as usize) {
                n.has = has;
            }
        } else if let Some(p) = self.wide.get_mut((s & !WIDE) as usize) {
            p.has = has;
        }
    }

    /// Stores record `p` in a free record of its size, or a new one.
    #[inline]
    pub(super) fn store(&mut self, p: &Packed) -> Record {
        match Narrow::of(p) {
            Some(n) => match self.free[0].pop() {
                Some(s) => {
                    self.narrow[s as usize] = n;
                    s
                }
                None => {
                    self.narrow.push(n);
                    (self.narrow.len() - 1) as Record
                }
            },
            None => match self.free[1].pop() {
                Some(s) => {
                    self.wide[(s & !WIDE) as usize] = *p;
                    s
                }
                None => {
                    self.wide.push(*p);
                    (self.wide.len() - 1) as Record | WIDE
                }
            },
        }
    }

    /// Frees record `s` for reuse (its [`has`] byte cleared).
    pub(super) fn free(&mut self, s: Record) {
        if self.has_of(s).is_some() {
            self.set_has(s, 0);
            self.free[usize::from(s & WIDE != 0)].push(s);
        }
    }

    /// How many records are free.
    pub(super) fn free_len(&self) -> usize {
        self.free[0].len() + self.free[1].len()
    }

    /// Frees every record that is not live.
    pub(super) fn free_all_but_live(&mut self) {
        self.free = Default::default();
        let mut at = self.first_from(0, 0);
        while let Some(s) = at {
            if self.has(s) & has::LIVE == 0 {
                self.free(s);
            }
            at = self.first_from(s + 1, 0);
        }
    }

    /// Writes `p` over record `s`; false (nothing written) when there is no record `s` or
    /// `p` needs a record of the other size.
    pub(super) fn set(&mut self, s: Record, p: &Packed) -> bool {
        match (s & WIDE == 0, Narrow::of(p)) {
            (true, Some(n)) => self.narrow.get_mut(s as usize).map(|r| *r = n).is_some(),
            (false, None) => self
                .wide
                .get_mut((s & !WIDE) as usize)
                .map(|r| *r = *p)
                .is_some(),
            _ => false,
        }
    }

    /// The size of the record `p` needs: 0 narrow, 1 wide.
    pub(super) fn size(p: &Packed) -> usize {
        usize::from(Narrow::of(p).is_none())
    }

    /// The size of record `s`: 0 narrow, 1 wide.
    pub(super) fn size_of(s: Record) -> usize {
        usize::from(s & WIDE != 0)
    }

    /// The first record at or after `s` (in the walk's order) whose [`has`] byte has the
    /// bits of `bits` (`0`: any record).
    #[inline]
    pub(super) fn first_from(&self, s: Record, bits: u8) -> Option<Record> {
        // Record `s` itself, most often (a walk over every record, or over a table of live
        // ones): answered without the search below.
        if self.has_of(s).is_some_and(|h| h & bits == bits) {
            return Some(s);
        }
        self.search_from(s, bits)
    }

    /// [`Records::first_from`]'s search.
    #[inline(never)]
    fn search_from(&self, s: Record, bits: u8) -> Option<Record> {
        if s & WIDE == 0 {
            let from = s as usize;
            if let Some(at) = self
                .narrow
                .iter_from(from)
                .position(|n| n.has & bits == bits)
            {
                return Some((from + at) as Record);
            }
        }
        let from = if s & WIDE == 0 {
            0
        } else {
            (s & !WIDE) as usize
        };
        let at = self
            .wide
            .iter_from(from)
            .position(|p| p.has & bits == bits)?;
        Some((from + at) as Record | WIDE)
    }
}

/// A set of records of one [`Records`], a bit each (a million records in 128 KiB: what a
/// walk over a whole table marks, where a hash set would take tens of bytes a record).
#[derive(Debug, Default)]
pub(super) struct RecordSet {
    /// The bits of the narrow records, then of the wide ones, 64 to a word.
    words: [Vec<u64>; 2],
}

impl RecordSet {
    /// The word and the bit of record `s`.
    fn at(s: Record) -> (usize, usize, u64) {
        let i = (s & !WIDE) as usize;
        (usize::from(s & WIDE != 0), i / 64, 1 << (i % 64))
    }

    /// Adds record `s`.
    pub(super) fn insert(&mut self, s: Record) {
        let (size, w, bit) = Self::at(s);
        let words = &mut self.words[size];
        if words.len() <= w {
            words.resize(w + 1, 0);
        }
        words[w] |= bit;
    }

    /// Whether record `s` was added.
    pub(super) fn contains(&self, s: Record) -> bool {
        let (size, w, bit) = Self::at(s);
        self.words[size].get(w).is_some_and(|&x| x & bit != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of `family` to `dst`/`len` by `gateway`.
    fn rec(family: u8, dst: &str, len: u8, gateway: &str) -> Packed {
        let gateway: IpAddr = gateway.parse().unwrap();
        let gateway6 = if gateway.is_ipv6() { has::GATEWAY6 } else { 0 };
        Packed {
            dst: bits(dst.parse().unwrap()),
            gateway: bits(gateway),
            table: 254,
            oif: 2,
            priority: 7,
            flags: 0x200,
            family,
            dst_len: len,
            tos: 4,
            protocol: 3,
            rtype: 1,
            rtm_table: 254,
            has: has::DST | has::GATEWAY | gateway6 | has::OIF | has::PRIORITY,
            ..Packed::default()
        }
    }

    #[test]
    fn a_mask_keeps_the_top_bits_of_its_length() {
        let v = bits("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap());
        for len in 0..=200u8 {
            // Bit by bit: bit 127 is the first of a left-aligned value.
            let want = (0..128)
                .filter(|&b| 127 - b < u32::from(len))
                .fold(0u128, |m, b| m | (v & 1 << b));
            assert_eq!(masked(v, len), want, "/{len}");
        }
    }

    /// The records whose `has` byte has `bits`, in the order of a walk.
    fn walk(r: &Records, bits: u8) -> Vec<Record> {
        std::iter::successors(r.first_from(0, bits), |&s| r.first_from(s + 1, bits)).collect()
    }

    #[test]
    fn records_of_either_size_read_back_and_walk_narrow_ones_first() {
        let v4 = rec(AF_INET, "10.1.2.0", 24, "10.0.0.1");
        let v4b = rec(AF_INET, "10.9.0.0", 16, "10.0.0.2");
        let v6 = rec(AF_INET6, "2001:db8::", 64, "fe80::1");
        // An IPv4 route whose gateway does not fit 32 bits is kept whole.
        let long = rec(AF_INET, "10.3.0.0", 16, "fe80::2");
        let mut r = Records::default();
        let got: Vec<Record> = [v4, v6, v4b, long].iter().map(|p| r.store(p)).collect();
        assert_eq!(got, [0, WIDE, 1, WIDE | 1]);
        assert_eq!(r.len(), 4);
        for (s, p) in got.iter().zip([v4, v6, v4b, long]) {
            assert_eq!(r.get(*s), Some(p));
            assert_eq!(Records::size(&p), Records::size_of(*s));
        }
        assert_eq!(walk(&r, 0), [0, 1, WIDE, WIDE | 1]);
        r.set_has(WIDE, v6.has | has::LIVE);
        r.set_has(1, has::LIVE);
        assert_eq!(walk(&r, has::LIVE), [1, WIDE]);
        assert_eq!(r.has(WIDE), v6.has | has::LIVE);
        // Written over only by a record of its own size.
        assert!(!r.set(0, &v6));
        assert!(!r.set(WIDE, &v4));
        assert!(r.set(0, &v4b));
        assert_eq!(r.get(0), Some(v4b));
        // No such records.
        for s in [2, WIDE | 2, WIDE - 1] {
            assert_eq!((r.get(s), r.has(s)), (None, 0));
            assert!(!r.set(s, &v4));
        }
        assert_eq!(r.first_from(WIDE | 2, 0), None);
        // A freed record is reused by the next record of its size, and only by one.
        r.free(WIDE);
        r.free(7);
        assert_eq!(r.has(WIDE), 0);
        assert_eq!(
            (r.store(&v4), r.store(&v6), r.store(&v6)),
            (2, WIDE, WIDE | 2)
        );
        assert_eq!(r.get(WIDE), Some(v6));
        // Freeing all but the live ones: record 1 stays, the others come back in turn.
        r.set_has(1, has::LIVE);
        r.free_all_but_live();
        let mut again: Vec<Record> = (0..5).map(|_| r.store(&v4)).collect();
        again.sort_unstable();
        assert_eq!(again, [0, 2, 3, 4, 5]);
        assert_eq!(walk(&r, has::LIVE), [1]);
    }

    /// An IPv4 route through a nexthop object takes a wide record, which gives its id back;
    /// the same route without one stays narrow.
    #[test]
    fn a_nexthop_object_takes_a_wide_record_and_reads_back() {
        let plain = rec(AF_INET, "10.1.2.0", 24, "10.0.0.1");
        let through = Packed { nh_id: 5, ..plain };
        let mut r = Records::default();
        assert_eq!((r.store(&plain), r.store(&through)), (0, WIDE));
        assert_eq!(r.get(WIDE), Some(through));
        assert_eq!(r.get(0), Some(plain));
        assert_eq!(Records::size(&through), 1);
    }
}
