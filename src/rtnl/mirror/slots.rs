//! The hash index of the mirror's route records: open addressing with linear probing, each slot
//! a one-byte tag (from the key's hash; 0 for an empty slot) in one array and a record number in
//! another. A probe reads tags until an empty one and a record number only where the tag
//! matches, so a search that finds nothing (half of the lookups of a table that does not hold
//! the address, and every length but one of a longest-prefix match) reads the tag array alone:
//! one byte a slot, small enough to stay in the cache while the records, which are read only
//! on a tag match, do not. What a record's key is, and so whether a candidate is the one
//! sought, is the caller's business ([`super::routes`]).

use super::huge::Zeroed;
use super::routes::Record;

/// The tag of a hash: its top byte, never 0 (which marks an empty slot).
fn tag(h: u64) -> u8 {
    ((h >> 56) as u8).max(1)
}

/// The index (see the module's documentation): a power of two long, or empty.
#[derive(Debug, Default)]
pub(super) struct Slots {
    tags: Zeroed<u8>,
    records: Zeroed<Record>,
}

impl Slots {
    /// An empty index of `size` slots (a power of two).
    pub(super) fn with_size(size: usize) -> Slots {
        Slots {
            tags: Zeroed::new(size),
            records: Zeroed::new(size),
        }
    }

    /// How many slots there are.
    pub(super) fn size(&self) -> usize {
        self.tags.len()
    }

    /// The slot where a search for hash `h` starts.
    fn home(&self, h: u64) -> usize {
        h as usize & self.tags.len().wrapping_sub(1)
    }

    /// Starts loading the slot where a search for hash `h` starts, tag and record number
    /// (which a search reads only when the tag matches: loaded at once, so that a match
    /// does not wait for a second miss). Only a hint.
    pub(super) fn prefetch(&self, h: u64) {
        if self.tags.is_empty() {
            return;
        }
        let i = self.home(h);
        prefetch(&self.tags[i]);
        prefetch(&self.records[i]);
    }

    /// The records placed with a hash whose tag is that of `h`, in probe order from its home
    /// slot until an empty slot: every record placed with hash `h` is among them.
    pub(super) fn candidates(&self, h: u64) -> impl Iterator<Item = Record> + '_ {
        let mask = self.tags.len().wrapping_sub(1);
        let want = tag(h);
        let mut i = self.home(h);
        let mut done = self.tags.is_empty();
        if !done {
            // The record number is wanted only on a tag match, but then at once: its load
            // started beside the tag's, the two misses overlap (the tag's branch is a coin
            // toss for a table that holds half the addresses asked, and a mispredicted one
            // would start it only after the tag came).
            prefetch(&self.records[i]);
        }
        std::iter::from_fn(move || {
            while !done {
                let t = self.tags[i];
                let at = i;
                i = (i + 1) & mask;
                if t == want {
                    return Some(self.records[at]);
                }
                done = t == 0;
            }
            None
        })
    }

    /// Places record `s`, whose key hashes to `h`: the caller keeps the index at most three
    /// quarters full, so there is an empty slot.
    pub(super) fn place(&mut self, h: u64, s: Record) {
        let mask = self.tags.len() - 1;
        let mut i = self.home(h);
        while self.tags[i] != 0 {
            i = (i + 1) & mask;
        }
        self.tags[i] = tag(h);
        self.records[i] = s;
    }

    /// Takes out record `s`, whose key hashes to `h`, shifting back the records after it that
    /// would no longer be found (linear probing needs no tombstones); `hash_of` gives the hash
    /// of a placed record's key.
    pub(super) fn unplace(&mut self, h: u64, s: Record, hash_of: impl Fn(Record) -> u64) {
        let mask = self.tags.len() - 1;
        let want = tag(h);
        let mut i = self.home(h);
        while self.tags[i] != 0 && (self.tags[i] != want || self.records[i] != s) {
            i = (i + 1) & mask;
        }
        if self.tags[i] == 0 {
            return;
        }
        let mut hole = i;
        let mut j = i;
        loop {
            j = (j + 1) & mask;
            if self.tags[j] == 0 {
                break;
            }
            let home = self.home(hash_of(self.records[j]));
            // Moved into the hole when its home is not cyclically within (hole, j].
            let within = if hole <= j {
                hole < home && home <= j
            } else {
                hole < home || home <= j
            };
            if !within {
                self.tags[hole] = self.tags[j];
                self.records[hole] = self.records[j];
                hole = j;
            }
        }
        self.tags[hole] = 0;
    }
}

/// Starts loading the cache line of `x`. Only a hint.
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing the program sees and cannot fault.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(x).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hash whose home slot is `home` and whose tag is `tag`.
    fn h(home: u64, tag: u8) -> u64 {
        u64::from(tag) << 56 | home
    }

    fn found(s: &Slots, hash: u64) -> Vec<Record> {
        let mut v: Vec<Record> = s.candidates(hash).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn runs_that_wrap_around_and_collide_survive_removals() {
        let mut s = Slots::with_size(64);
        // Record r hashes to `hashes[r]`: three with home 62 (a run that wraps past the end),
        // two with home 63, one with home 0, tags colliding across homes; tag 0 is stored
        // as 1.
        let hashes = [h(62, 7), h(62, 7), h(62, 9), h(63, 7), h(63, 0), h(0, 9)];
        let hash_of = |r: Record| hashes[r as usize];
        for (r, &hash) in hashes.iter().enumerate() {
            s.place(hash, r as Record);
        }
        // The candidates of a hash: the records of its tag from its home to an empty slot.
        assert_eq!(found(&s, h(62, 7)), [0, 1, 3]);
        assert_eq!(found(&s, h(62, 9)), [2, 5]);
        assert_eq!(found(&s, h(63, 0)), [4]);
        // Record 2 sits in slot 0, its run's end: a candidate there too (a caller tells
        // them apart by their keys).
        assert_eq!(found(&s, h(0, 9)), [2, 5]);
        assert_eq!(found(&s, h(5, 7)), [] as [Record; 0]);
        // Each taken out in turn (one not there changes nothing): the others shift back
        // and each is still among its own hash's candidates.
        let mut left: Vec<Record> = (0..6).collect();
        for r in [0, 2, 2, 4, 1, 5, 3] {
            s.unplace(hash_of(r), r, hash_of);
            left.retain(|&x| x != r);
            for &x in &left {
                assert!(found(&s, hash_of(x)).contains(&x), "{x} lost after {r}");
            }
            assert_eq!(s.tags.iter().filter(|&&t| t != 0).count(), left.len());
        }
        assert_eq!(found(&Slots::default(), h(0, 1)), [] as [Record; 0]);
    }

    #[test]
    fn a_big_index_starts_zeroed_on_aligned_memory() {
        let s = Slots::with_size(4 << 20);
        assert_eq!(s.size(), 4 << 20);
        assert!(s.tags.iter().all(|&t| t == 0));
        assert_eq!(s.tags.as_ptr() as usize % (2 << 20), 0);
        assert_eq!(s.records.as_ptr() as usize % (2 << 20), 0);
    }
}
