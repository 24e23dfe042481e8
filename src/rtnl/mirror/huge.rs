//! Big arrays on huge pages: the route store of a full routing table is tens of megabytes
//! read at random (a lookup, an event, placing a dumped route), and with 4 KiB pages nearly
//! every such read also misses the TLB, a page walk that costs more than the read itself (in
//! a virtual machine, several times more). Transparent huge pages, when the system allows
//! them only where asked (`madvise` mode, a common default), must be asked for.

use std::mem::MaybeUninit;

/// Below this a vector is not worth advising: it spans few pages.
const WORTH: usize = 4 << 20;

/// Huge pages' size on the platforms that have them at this size (x86-64, arm64 with 4 KiB
/// pages); advice for a range not aligned to it is rounded inwards.
const HUGE_PAGE: usize = 2 << 20;

/// Asks the kernel to back the allocation of `v` with huge pages (`MADV_HUGEPAGE`), from the
/// first huge page boundary inside it. Only advice: nothing changes when the kernel cannot
/// or will not, and the contents never change. Call it right after `v` was allocated, before
/// its memory is first touched, so that the first touch already faults in a huge page.
pub(super) fn advise<T>(v: &Vec<T>) {
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if bytes >= WORTH {
        advise_range(v.as_ptr() as usize, bytes, libc::MADV_HUGEPAGE);
    }
}

/// Gives `advice` for the huge pages within `bytes` bytes at address `start`.
fn advise_range(start: usize, bytes: usize, advice: libc::c_int) {
    let from = start.next_multiple_of(HUGE_PAGE);
    let to = (start + bytes) / HUGE_PAGE * HUGE_PAGE;
    if to > from {
        // SAFETY: callers pass a range of one of their own allocations; huge page advice
        // changes how it is backed, never what it holds. A failure (no THP support) is
        // harmless.
        unsafe {
            libc::madvise(from as *mut libc::c_void, to - from, advice);
        }
    }
}

/// Values per chunk of a [`Chunked`]: one huge page of cache-line-sized values.
const CHUNK: usize = HUGE_PAGE / 64;

/// One chunk of a [`Chunked`]: a huge page, aligned to one so that it can be backed by one.
#[repr(C, align(2097152))]
struct Chunk<T>([MaybeUninit<T>; CHUNK]);

/// A growable array of 64-byte values kept in chunks of one huge page each: growing never
/// copies what is there, nor touches memory twice (a vector doubling into a fresh allocation
/// copies everything, and the kernel clears every page of both). Every chunk but the first
/// is advised onto a huge page before its first touch; the first is kept on small pages, so
/// that a small array stays small whatever the system's huge page mode.
pub(super) struct Chunked<T: Copy> {
    chunks: Vec<Box<Chunk<T>>>,
    /// Values `0..len` are written; the rest of the last chunk is not.
    len: usize,
}

impl<T: Copy> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunked").field("len", &self.len).finish()
    }
}

impl<T: Copy> Chunked<T> {
    /// One chunk is one huge page.
    const FITS: () = assert!(std::mem::size_of::<T>() == 64);

    /// How many values there are.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The written values of chunk `c`.
    fn chunk(&self, c: usize) -> &[T] {
        let Some(chunk) = self.chunks.get(c) else {
            return &[];
        };
        let n = (self.len - c * CHUNK).min(CHUNK);
        // SAFETY: chunk `c` holds values `c * CHUNK ..` of the array, and those below `len`
        // were written by `push` (which raises `len` only after writing) and are never made
        // uninitialised again; `MaybeUninit<T>` has the layout of `T`.
        unsafe { std::slice::from_raw_parts(chunk.0.as_ptr().cast::<T>(), n) }
    }

    /// The written values of chunk `c`, to change.
    fn chunk_mut(&mut self, c: usize) -> &mut [T] {
        let len = self.len;
        let Some(chunk) = self.chunks.get_mut(c) else {
            return &mut [];
        };
        let n = (len - c * CHUNK).min(CHUNK);
        // SAFETY: as in `chunk`, borrowed mutably from the chunk itself.
        unsafe { std::slice::from_raw_parts_mut(chunk.0.as_mut_ptr().cast::<T>(), n) }
    }

    /// Value `i`.
    pub(super) fn get(&self, i: usize) -> Option<&T> {
        self.chunk(i / CHUNK).get(i % CHUNK)
    }

    /// Value `i`, to change.
    pub(super) fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.chunk_mut(i / CHUNK).get_mut(i % CHUNK)
    }

    /// The values from `i` on, in order.
    pub(super) fn iter_from(&self, i: usize) -> impl Iterator<Item = &T> + '_ {
        let first = self.chunk(i / CHUNK).get(i % CHUNK..).unwrap_or(&[]);
        let rest = (i / CHUNK + 1..self.chunks.len()).flat_map(|c| self.chunk(c));
        first.iter().chain(rest)
    }

    /// Appends `x`, with a new chunk when the last is full.
    pub(super) fn push(&mut self, x: T) {
        let () = Self::FITS;
        let c = self.len / CHUNK;
        if c == self.chunks.len() {
            // SAFETY: a chunk is an array of `MaybeUninit`, which needs no initialisation.
            // Allocated untouched (the allocator does not write a block this large), so
            // the advice below comes before the first touch.
            let chunk = unsafe { Box::<Chunk<T>>::new_uninit().assume_init() };
            let advice = if c == 0 {
                libc::MADV_NOHUGEPAGE
            } else {
                libc::MADV_HUGEPAGE
            };
            advise_range(chunk.0.as_ptr() as usize, HUGE_PAGE, advice);
            self.chunks.push(chunk);
        }
        self.chunks[c].0[self.len % CHUNK].write(x);
        self.len += 1;
    }
}

impl<T: Copy> std::ops::Index<usize> for Chunked<T> {
    type Output = T;

    /// Value `i`; panics when there is none, as a slice does.
    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(x) => x,
            None => panic!("index {i} out of {} values", self.len),
        }
    }
}

impl<T: Copy> std::ops::IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        let len = self.len;
        match self.get_mut(i) {
            Some(x) => x,
            None => panic!("index {i} out of {len} values"),
        }
    }
}
