//! The prefix lengths a longest-prefix match tries. Per table (family and id): how many of
//! its matchable routes each length has, and per block of addresses (the 65536 blocks an
//! address's top 16 bits name) the lengths of the routes that hold addresses of that block.
//! A lookup tries only the lengths of its address's block, longest first: a full IPv4 table
//! has some 25 lengths but a block of it a few, and an address in a block no route holds is
//! answered without a probe of the route index (whose every probe is a cache miss at a full
//! table, where the block's lengths are one cached word).
//!
//! A block's lengths are those of every route it ever had until the table empties: a route
//! taken out does not take its length away from its block (another route of that length
//! may still hold addresses there, and finding out would mean probing every prefix of that
//! length in the block). So they are a superset, filtered at each lookup by the lengths the
//! table still has: never more probes than trying every length of the table.

use crate::wire::consts::AF_INET;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// A table: its family and id, in one word (compared in one instruction: a lookup finds its
/// table's lengths first).
pub(super) type TableId = u64;

/// The [`TableId`] of table `table` of `family`.
pub(super) fn table_id(family: u8, table: u32) -> TableId {
    u64::from(family) << 32 | u64::from(table)
}

/// A set of lengths 1 to 128: bit `len - 1` for length `len`. Length 0 (a default route,
/// which holds every address) is counted apart. A block keeps its set in 32-bit words (one
/// for IPv4), bit `(len - 1) % 32` of word `(len - 1) / 32`.
type LenSet = u128;

/// The bit of length `len` (1 to 128) in a [`LenSet`].
fn bit(len: u8) -> LenSet {
    1 << (len.clamp(1, 128) - 1)
}

/// The lengths of one table (see the module's documentation).
#[derive(Debug)]
struct Lens {
    /// How many matchable routes each length (0 to 128) has.
    count: [u32; 129],
    /// The lengths 1 to 128 whose count is not 0.
    present: LenSet,
    /// The lengths of each block: by the address's top byte, the 256 blocks under it, each
    /// `words` words long; allocated when a route first holds an address of one of them (a
    /// table of a few routes has a few kilobytes of them, a full IPv4 table 256 KiB).
    blocks: Box<[Box<[u32]>; 256]>,
    /// Words a block takes: the longest length of the family (32 for IPv4, 128 for IPv6)
    /// over 32.
    words: usize,
}

impl Lens {
    /// The lengths of a table of `family`, none yet.
    fn new(family: u8) -> Lens {
        Lens {
            count: [0; 129],
            present: 0,
            blocks: Box::new([(); 256].map(|()| Box::default())),
            words: if family == AF_INET { 1 } else { 4 },
        }
    }

    /// Counts a route of length `len` to left-aligned destination `dst`. Inlined (once per
    /// route made live), the rare paths not: a few instructions a route.
    #[inline(always)]
    fn add(&mut self, len: u8, dst: u128) {
        let len = len.min(128);
        let c = &mut self.count[usize::from(len)];
        *c += 1;
        if *c == 1 {
            self.first_of(len);
        }
        if len >= 16 {
            // Within one block.
            self.mark((dst >> 112) as usize, len);
        } else {
            self.mark_blocks(len, dst);
        }
    }

    /// Adds length `len`, just counted for the first time, to the table's.
    #[cold]
    fn first_of(&mut self, len: u8) {
        if len > 0 {
            self.present |= bit(len);
        }
    }

    /// Adds length `len` (1 to 128) to block `b`.
    #[inline(always)]
    fn mark(&mut self, b: usize, len: u8) {
        let i = usize::from(len - 1);
        let at = (b & 0xff) * self.words + i / 32;
        match self.blocks[(b >> 8) & 0xff].get_mut(at) {
            Some(w) => *w |= 1 << (i % 32),
            None => self.mark_fresh(b, len),
        }
    }

    /// [`Lens::mark`] of a block whose 256 have no lengths yet.
    #[cold]
    fn mark_fresh(&mut self, b: usize, len: u8) {
        self.blocks[(b >> 8) & 0xff] = vec![0; 256 * self.words].into_boxed_slice();
        self.mark(b, len);
    }

    /// Adds length `len` (0 to 15), that of a prefix to `dst`, to every block the prefix
    /// holds (none for 0: length 0 is counted apart).
    #[cold]
    fn mark_blocks(&mut self, len: u8, dst: u128) {
        if len == 0 {
            return;
        }
        let n = 1 << (16 - usize::from(len));
        let first = (dst >> 112) as usize & !(n - 1);
        for b in first..first + n {
            self.mark(b, len);
        }
    }

    /// Uncounts a route of length `len`; whether the table has no route left.
    fn sub(&mut self, len: u8) -> bool {
        let len = len.min(128);
        let c = &mut self.count[usize::from(len)];
        *c = c.saturating_sub(1);
        if *c == 0 && len > 0 {
            self.present &= !bit(len);
        }
        self.count[0] == 0 && self.present == 0
    }

    /// The lengths a lookup of left-aligned address `v` tries (see [`Tried`]).
    #[inline(always)]
    fn tried(&self, v: u128) -> Tried {
        let b = (v >> 112) as usize;
        let at = (b & 0xff) * self.words;
        // Each family's words by a pattern of their own: a loop over them shifted 128-bit
        // values by a variable count, a dozen instructions each.
        let set = match self.blocks[(b >> 8) & 0xff].get(at..at + self.words) {
            Some(&[w]) => LenSet::from(w),
            Some(&[a, b, c, d]) => {
                LenSet::from(a)
                    | LenSet::from(b) << 32
                    | LenSet::from(c) << 64
                    | LenSet::from(d) << 96
            }
            _ => 0,
        };
        Tried::new(set & self.present, self.count[0] > 0)
    }
}

/// The lengths a lookup tries, longest first: those of the address's block that the table
/// has, then 0 when the table has a default route.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tried {
    /// The lengths 65 to 128 left to try (bit `len - 65`), in a word of its own: a 128-bit
    /// set costs a dozen instructions to take a bit out of, a 64-bit one one.
    high: u64,
    /// The lengths 1 to 64 left to try (bit `len - 1`).
    low: u64,
    /// Whether length 0 is left to try.
    default: bool,
}

impl Tried {
    /// The lengths of `set` and 0 when `default`.
    fn new(set: LenSet, default: bool) -> Tried {
        Tried {
            high: (set >> 64) as u64,
            low: set as u64,
            default,
        }
    }
}

impl Iterator for Tried {
    type Item = u8;

    #[inline]
    fn next(&mut self) -> Option<u8> {
        // Bit `i` of a word, the longest left, is length `i + 1` (+ 64 in `high`).
        let (word, above) = if self.high != 0 {
            (&mut self.high, 64)
        } else if self.low != 0 {
            (&mut self.low, 0)
        } else {
            return std::mem::take(&mut self.default).then_some(0);
        };
        let i = 63 - word.leading_zeros();
        *word ^= 1 << i;
        Some(i as u8 + above + 1)
    }
}

/// The [`Lens`] of each table that has routes a lookup may give, by table in a sorted vector
/// of ids beside them: a mirror has a few tables, a dump or a burst of events adds one route
/// after another to the same one, and lookups mostly ask one table after another; the last
/// of each is remembered.
#[derive(Debug, Default)]
pub(super) struct TableLens {
    ids: Vec<TableId>,
    lens: Vec<Lens>,
    /// Where the table last added to is, if still there (checked before use).
    last: usize,
    /// Where the table last looked up is, if still there (checked before use): a lookup
    /// that finds it there skips the binary search (some 40 instructions of a lookup's 400).
    /// Only a hint, and the lookup takes `&self`: an atomic, so that the mirror stays
    /// `Sync`; written only when it changes, so that lookups of one table from several
    /// threads do not contend for it.
    asked: AtomicUsize,
}

impl TableLens {
    /// The lengths a lookup of left-aligned address `v` in table `t` tries, longest first;
    /// `None` when the table has no route a lookup may give.
    #[inline]
    pub(super) fn tried(&self, t: TableId, v: u128) -> Option<Tried> {
        let at = self.asked.load(Relaxed);
        if self.ids.get(at) == Some(&t) {
            return self.lens.get(at).map(|l| l.tried(v));
        }
        let at = self.ids.binary_search(&t).ok()?;
        self.asked.store(at, Relaxed);
        self.lens.get(at).map(|l| l.tried(v))
    }

    /// Counts a route of length `len` to left-aligned destination `dst` in table `t`.
    /// Inlined (once per route made live), the search for another table than the last not:
    /// a call cost each event some 30 instructions.
    #[inline(always)]
    pub(super) fn add(&mut self, t: TableId, len: u8, dst: u128) {
        if self.ids.get(self.last) != Some(&t) {
            self.last = self.place_of(t);
        }
        if let Some(l) = self.lens.get_mut(self.last) {
            l.add(len, dst);
        }
    }

    /// Where table `t` is, added if new.
    #[inline(never)]
    fn place_of(&mut self, t: TableId) -> usize {
        self.ids.binary_search(&t).unwrap_or_else(|i| {
            self.ids.insert(i, t);
            self.lens.insert(i, Lens::new((t >> 32) as u8));
            i
        })
    }

    /// Uncounts a route of length `len` in table `t`, forgetting the table when it has no
    /// route left.
    pub(super) fn sub(&mut self, t: TableId, len: u8) {
        if let Ok(i) = self.ids.binary_search(&t) {
            if self.lens[i].sub(len) {
                self.ids.remove(i);
                self.lens.remove(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::consts::AF_INET6;

    /// Left-aligned IPv4 address.
    fn v4(a: [u8; 4]) -> u128 {
        u128::from(u32::from_be_bytes(a)) << 96
    }

    fn tried(t: &TableLens, id: TableId, v: u128) -> Vec<u8> {
        t.tried(id, v).map(Iterator::collect).unwrap_or_default()
    }

    #[test]
    fn a_lookup_tries_the_lengths_of_its_block_longest_first() {
        let mut t = TableLens::default();
        let id = table_id(AF_INET, 254);
        t.add(id, 24, v4([10, 1, 2, 0]));
        t.add(id, 32, v4([10, 1, 9, 9]));
        t.add(id, 8, v4([10, 0, 0, 0]));
        t.add(id, 20, v4([192, 168, 16, 0]));
        // Of block 10.1: 32, 24, and 8 (which holds every block of 10/8).
        assert_eq!(tried(&t, id, v4([10, 1, 200, 1])), [32, 24, 8]);
        assert_eq!(tried(&t, id, v4([10, 200, 0, 1])), [8]);
        assert_eq!(tried(&t, id, v4([192, 168, 1, 1])), [20]);
        assert_eq!(tried(&t, id, v4([11, 0, 0, 1])), [] as [u8; 0]);
        // A default route: tried last, everywhere.
        t.add(id, 0, 0);
        assert_eq!(tried(&t, id, v4([11, 0, 0, 1])), [0]);
        assert_eq!(tried(&t, id, v4([10, 1, 0, 0])), [32, 24, 8, 0]);
        // Another table, another family: apart.
        assert!(t.tried(table_id(AF_INET, 255), v4([10, 1, 0, 0])).is_none());
        assert!(t.tried(table_id(AF_INET6, 254), 0).is_none());
    }

    #[test]
    fn a_length_the_table_lost_is_not_tried_and_an_empty_table_is_forgotten() {
        let mut t = TableLens::default();
        let id = table_id(AF_INET, 100);
        t.add(id, 24, v4([10, 1, 2, 0]));
        t.add(id, 24, v4([10, 1, 3, 0]));
        t.add(id, 16, v4([10, 1, 0, 0]));
        t.sub(id, 24);
        assert_eq!(tried(&t, id, v4([10, 1, 2, 1])), [24, 16]);
        t.sub(id, 24);
        assert_eq!(tried(&t, id, v4([10, 1, 2, 1])), [16]);
        t.sub(id, 16);
        assert!(t.tried(id, v4([10, 1, 2, 1])).is_none());
    }

    #[test]
    fn ipv6_lengths_span_the_words_of_a_block() {
        let mut t = TableLens::default();
        let id = table_id(AF_INET6, 254);
        let net: u128 = 0x2001_0db8 << 96;
        for len in [128, 97, 96, 64, 33, 32, 17, 16, 3, 1] {
            t.add(id, len, net);
        }
        assert_eq!(
            tried(&t, id, net | 1),
            [128, 97, 96, 64, 33, 32, 17, 16, 3, 1]
        );
        // The /3 and the /1 hold block 2002::/16, the others do not.
        assert_eq!(tried(&t, id, 0x2002 << 112), [3, 1]);
        // A /1 marks the 32768 blocks of its half, no other.
        assert_eq!(tried(&t, id, u128::MAX), [] as [u8; 0]);
        assert_eq!(tried(&t, id, 0x7fff << 112), [1]);
    }
}
