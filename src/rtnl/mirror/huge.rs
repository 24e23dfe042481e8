//! Big arrays on huge pages: the route store of a full routing table is tens of megabytes
//! read at random (a lookup, an event, placing a dumped route), and with 4 KiB pages nearly
//! every such read also misses the TLB, a page walk that costs more than the read itself (in
//! a virtual machine, several times more). Transparent huge pages, when the system allows
//! them only where asked (`madvise` mode, a common default), must be asked for.

use std::mem::MaybeUninit;

/// Huge pages' size on the platforms that have them at this size (x86-64, arm64 with 4 KiB
/// pages); advice for a range not aligned to it is rounded inwards.
const HUGE_PAGE: usize = 2 << 20;

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

/// One chunk of a [`Chunked`]: a huge page, aligned to one so that it can be backed by one.
#[repr(C, align(2097152))]
struct Chunk([MaybeUninit<u8>; HUGE_PAGE]);

/// A growable array of values kept in chunks of one huge page each: growing never
/// copies what is there, nor touches memory twice (a vector doubling into a fresh allocation
/// copies everything, and the kernel clears every page of both). Every chunk but the first
/// is advised onto a huge page before its first touch; the first is kept on small pages, so
/// that a small array stays small whatever the system's huge page mode.
pub(super) struct Chunked<T: Copy> {
    chunks: Vec<Box<Chunk>>,
    /// Values `0..len` are written; the rest of the last chunk is not.
    len: usize,
    values: std::marker::PhantomData<T>,
}

impl<T: Copy> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
            values: std::marker::PhantomData,
        }
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunked").field("len", &self.len).finish()
    }
}

impl<T: Copy> Chunked<T> {
    /// Values per chunk: a value's size divides a huge page (a power of two up to a cache
    /// line, so that no value straddles two lines).
    const CHUNK: usize = {
        let size = std::mem::size_of::<T>();
        assert!(size.is_power_of_two() && size <= 64 && std::mem::align_of::<T>() == size);
        HUGE_PAGE / size
    };

    /// How many values there are.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The written values of chunk `c`.
    fn chunk(&self, c: usize) -> &[T] {
        let Some(chunk) = self.chunks.get(c) else {
            return &[];
        };
        let n = (self.len - c * Self::CHUNK).min(Self::CHUNK);
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
        let n = (len - c * Self::CHUNK).min(Self::CHUNK);
        // SAFETY: as in `chunk`, borrowed mutably from the chunk itself.
        unsafe { std::slice::from_raw_parts_mut(chunk.0.as_mut_ptr().cast::<T>(), n) }
    }

    /// Value `i`.
    pub(super) fn get(&self, i: usize) -> Option<&T> {
        self.chunk(i / Self::CHUNK).get(i % Self::CHUNK)
    }

    /// Value `i`, to change.
    pub(super) fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.chunk_mut(i / Self::CHUNK).get_mut(i % Self::CHUNK)
    }

    /// The values from `i` on, in order.
    pub(super) fn iter_from(&self, i: usize) -> impl Iterator<Item = &T> + '_ {
        let first = self
            .chunk(i / Self::CHUNK)
            .get(i % Self::CHUNK..)
            .unwrap_or(&[]);
        let rest = (i / Self::CHUNK + 1..self.chunks.len()).flat_map(|c| self.chunk(c));
        first.iter().chain(rest)
    }

    /// Appends `x`, with a new chunk when the last is full. Out of line: inlined into
    /// [`super::records::Records::store`], the compiler copied the record through the stack
    /// field by field, some 25 instructions a route more than the call.
    #[inline(never)]
    pub(super) fn push(&mut self, x: T) {
        let c = self.len / Self::CHUNK;
        if c == self.chunks.len() {
            // SAFETY: a chunk is an array of `MaybeUninit`, which needs no initialisation.
            // Allocated untouched (the allocator does not write a block this large), so
            // the advice below comes before the first touch.
            let chunk = unsafe { Box::<Chunk>::new_uninit().assume_init() };
            let advice = if c == 0 {
                libc::MADV_NOHUGEPAGE
            } else {
                libc::MADV_HUGEPAGE
            };
            advise_range(chunk.0.as_ptr() as usize, HUGE_PAGE, advice);
            self.chunks.push(chunk);
        }
        let at = self.len % Self::CHUNK;
        // SAFETY: value `at` of chunk `c` lies within it (`CHUNK` values of `T` fill a
        // chunk, aligned for `T`: its size is its alignment and divides the chunk's).
        unsafe { self.chunks[c].0.as_mut_ptr().cast::<T>().add(at).write(x) };
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

/// Values whose all-zero bytes are a value: what a [`Zeroed`] holds.
pub(super) trait Plain: Copy {}

impl Plain for u8 {}
impl Plain for u32 {}

/// A fixed-length array of values, all zero at first. One at least a huge page long is
/// aligned to one and advised onto huge pages before it is first touched (zeroed here), so
/// that all of it is on huge pages: a vector's allocation starts anywhere, its first and
/// last huge pages' worth are left on small pages, and a 2 MiB array then spans no huge page
/// at all. What the hash index of a full table needs: two arrays of 2 and 8 MiB, read at
/// random, a TLB miss a read on small pages.
pub(super) struct Zeroed<T: Plain> {
    ptr: std::ptr::NonNull<T>,
    len: usize,
}

// SAFETY: a `Zeroed` owns its values as a `Box<[T]>` does.
unsafe impl<T: Plain + Send> Send for Zeroed<T> {}
// SAFETY: as above; shared, it only reads.
unsafe impl<T: Plain + Sync> Sync for Zeroed<T> {}

impl<T: Plain> Zeroed<T> {
    /// `len` zero values.
    pub(super) fn new(len: usize) -> Zeroed<T> {
        let Some(layout) = Self::layout(len) else {
            return Zeroed::default();
        };
        // SAFETY: the layout has a non-zero size (`layout` gives none for 0).
        let p = unsafe { std::alloc::alloc(layout) }.cast::<T>();
        let Some(ptr) = std::ptr::NonNull::new(p) else {
            std::alloc::handle_alloc_error(layout);
        };
        if layout.align() == HUGE_PAGE {
            advise_range(p as usize, layout.size(), libc::MADV_HUGEPAGE);
        }
        // SAFETY: `p` holds `len` values of `T` (the layout), for which zero bytes are a
        // value (`Plain`).
        unsafe { std::ptr::write_bytes(p, 0, len) };
        Zeroed { ptr, len }
    }

    /// How `len` values are allocated (none for no bytes): aligned to a huge page when they
    /// fill one at least. Panics when the size overflows, as a vector's does.
    fn layout(len: usize) -> Option<std::alloc::Layout> {
        let layout = std::alloc::Layout::array::<T>(len).expect("array size overflows");
        if layout.size() == 0 {
            return None;
        }
        Some(if layout.size() >= HUGE_PAGE {
            layout.align_to(HUGE_PAGE).expect("huge page alignment")
        } else {
            layout
        })
    }
}

impl<T: Plain> Default for Zeroed<T> {
    fn default() -> Self {
        Zeroed {
            ptr: std::ptr::NonNull::dangling(),
            len: 0,
        }
    }
}

impl<T: Plain> std::ops::Deref for Zeroed<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` holds `len` initialised values (or is dangling for none), owned here.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Plain> std::ops::DerefMut for Zeroed<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as for `deref`, and borrowed mutably through `self`.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Plain> Drop for Zeroed<T> {
    fn drop(&mut self) {
        if let Some(layout) = Self::layout(self.len) {
            // SAFETY: allocated by `new` with this very layout.
            unsafe { std::alloc::dealloc(self.ptr.as_ptr().cast(), layout) };
        }
    }
}

impl<T: Plain> std::fmt::Debug for Zeroed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zeroed").field("len", &self.len).finish()
    }
}
