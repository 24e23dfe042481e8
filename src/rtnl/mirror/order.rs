//! The kernel's order among IPv4 routes of one prefix, TOS and priority (those `ip route
//! append` and `ip route prepend` add beside one another): its lookup takes the first of
//! them, so a longest-prefix match that is to give the kernel's route must know which that
//! is. The order is kept only for the routes that were put before or after others: by the
//! notification of an append (`NLM_F_APPEND`: last) or a prepend (neither `NLM_F_EXCL` nor
//! `NLM_F_REPLACE`: first), and, from a dump (which lists such routes in the kernel's order),
//! for every route dumped right after one of its prefix. A route without a rank ranks 0.
//!
//! Ranks come from one clock that only goes forward: a route put last gets a rank above any
//! given before, one put first a rank below any, so ranks never need renumbering. A dump's
//! order is kept as appends are: each route that follows one of its prefix is put last,
//! behind the one it follows, whatever that one's rank.

use super::records::Record;
use crate::rtnl::route::{Route, RouteInfo};
use crate::wire::consts::*;
use std::collections::HashMap;

/// Where a notification says the kernel put a new route among those of its prefix, TOS and
/// priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Position {
    /// Alone (`NLM_F_EXCL`), in place of another (`NLM_F_REPLACE`), or not a route the
    /// order matters for.
    Any,
    /// Before the others (`ip route prepend`).
    First,
    /// After the others (`ip route append`).
    Last,
}

impl Position {
    /// Where the notification of a new route `r` with header flags `nlflags` says it went.
    /// The kernel's IPv4 insert sends `NLM_F_APPEND` for an append into a group of routes,
    /// neither `NLM_F_EXCL` nor `NLM_F_REPLACE` for a prepend, and `NLM_F_EXCL` for the first
    /// route of a group. IPv6 routes of one metric are not taken in an order (the kernel
    /// picks among them by their next hops' state), nor merged ones placed: only IPv4 counts.
    pub(super) fn of(r: &Route, nlflags: u16) -> Position {
        if r.family != AF_INET {
            Position::Any
        } else if nlflags & NLM_F_APPEND != 0 {
            Position::Last
        } else if nlflags & (NLM_F_EXCL | NLM_F_REPLACE) == 0 {
            Position::First
        } else {
            Position::Any
        }
    }
}

/// The ranks of the routes whose order is known (see the module's documentation).
#[derive(Debug, Default)]
pub(super) struct Order {
    ranks: HashMap<Record, i64>,
    clock: i64,
}

impl Order {
    /// Ranks route record `s`, just made live, as `place` says.
    pub(super) fn place(&mut self, s: Record, place: Position) {
        let rank = match place {
            Position::Any => return,
            Position::First => -self.tick(),
            Position::Last => self.tick(),
        };
        self.ranks.insert(s, rank);
    }

    /// The next reading of the clock.
    fn tick(&mut self) -> i64 {
        self.clock += 1;
        self.clock
    }

    /// The rank of route record `s`: lower goes first.
    pub(super) fn rank(&self, s: Record) -> i64 {
        self.ranks.get(&s).copied().unwrap_or(0)
    }

    /// Forgets record `s`, taken out (its record may be reused), and gives its rank, if it
    /// had one. Most tables rank nothing: then a removal costs one test.
    #[inline]
    pub(super) fn forget(&mut self, s: Record) -> Option<i64> {
        if self.ranks.is_empty() {
            return None;
        }
        self.ranks.remove(&s)
    }

    /// Gives record `s` the rank `rank` that [`Order::forget`] gave of another (a route moved
    /// to a record of another size keeps its place).
    pub(super) fn restore(&mut self, s: Record, rank: Option<i64>) {
        if let Some(rank) = rank {
            self.ranks.insert(s, rank);
        }
    }
}

/// An IPv4 route's destination (network byte order) and prefix length in one word, and its
/// table: what a dumped route is compared with the one before by, in a few instructions a
/// route of a full table. [`NOT_V4`] for a route of another family.
pub(super) type V4Prefix = (u64, u32);

/// The [`V4Prefix`] of every route not IPv4: its length, 255, is no IPv4 prefix's.
pub(super) const NOT_V4: V4Prefix = (u64::MAX, 0);

/// The [`V4Prefix`] of destination `dst`/`len` in table `table` of an `AF_INET` route.
#[inline(always)]
fn v4_prefix(dst: [u8; 4], len: u8, table: u32) -> V4Prefix {
    (
        (u64::from(u32::from_ne_bytes(dst)) << 8) | u64::from(len),
        table,
    )
}

/// The [`V4Prefix`] of decoded route `i`.
#[inline(always)]
pub(super) fn v4_prefix_of_info(i: &RouteInfo) -> V4Prefix {
    let [a, b, c, d, ..] = i.dst.addr;
    if i.family == AF_INET {
        v4_prefix([a, b, c, d], i.dst_len, i.table)
    } else {
        NOT_V4
    }
}

/// The [`V4Prefix`] of route `r` (as [`v4_prefix_of_info`], by the route's family: an IPv4
/// multicast route's addresses are IPv4 too).
pub(super) fn v4_prefix_of(r: &Route) -> V4Prefix {
    match r.dst.addr() {
        std::net::IpAddr::V4(a) if r.family == AF_INET => {
            v4_prefix(a.octets(), r.dst.len(), r.table)
        }
        _ => NOT_V4,
    }
}

/// The IPv4 routes of a dump that followed a route of their prefix, in the dump's order: each
/// is put last once the dump is applied, which orders every group of routes of one prefix as
/// the kernel listed it (its first route, not among these, ranks below any rank given after).
#[derive(Debug)]
pub(super) struct Runs {
    /// The prefix of the route read last.
    last: V4Prefix,
    /// The routes that followed one of their prefix.
    pub(super) followers: Vec<Route>,
}

impl Default for Runs {
    fn default() -> Self {
        Runs {
            last: NOT_V4,
            followers: Vec::new(),
        }
    }
}

impl Runs {
    /// Notes the dumped route of prefix `p`; `route` makes it, when it follows one of its
    /// prefix (rarely: most prefixes have one route).
    #[inline(always)]
    pub(super) fn read(&mut self, p: V4Prefix, route: impl FnOnce() -> Route) {
        if p == self.last && p != NOT_V4 {
            self.followers.push(route());
        }
        self.last = p;
    }
}
