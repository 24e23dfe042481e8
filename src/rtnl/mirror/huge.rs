//! Big arrays on huge pages: the route store of a full routing table is tens of megabytes
//! read at random (a lookup, an event, placing a dumped route), and with 4 KiB pages nearly
//! every such read also misses the TLB, a page walk that costs more than the read itself (in
//! a virtual machine, several times more). Transparent huge pages, when the system allows
//! them only where asked (`madvise` mode, a common default), must be asked for.

/// Below this a vector is not worth advising: it spans few pages.
const WORTH: usize = 4 << 20;

/// Huge pages' size on the platforms that have them at this size (x86-64, arm64 with 4 KiB
/// pages); advice for a range not aligned to it is rounded inwards.
const HUGE_PAGE: usize = 2 << 20;

/// Asks the kernel to back the allocation of `v` with huge pages (`MADV_HUGEPAGE`), from the
/// first huge page boundary inside it. Only advice: nothing changes when the kernel cannot
/// or will not, and the contents never change. Call it right after `v` was allocated or
/// grown, before its new memory is first touched, so that the first touch already faults
/// in a huge page.
pub(super) fn advise<T>(v: &Vec<T>) {
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if bytes < WORTH {
        return;
    }
    let start = v.as_ptr() as usize;
    let from = start.next_multiple_of(HUGE_PAGE);
    let to = (start + bytes) / HUGE_PAGE * HUGE_PAGE;
    if to > from {
        // SAFETY: [from, to) lies inside the vector's own allocation; MADV_HUGEPAGE changes
        // how it is backed, never what it holds. A failure (no THP support) is harmless.
        unsafe {
            libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_HUGEPAGE);
        }
    }
}

/// Pushes `x` onto `v`, growing it (when full) into a new allocation on huge pages: growing
/// in place (`mremap`) would keep the old part on small pages wherever old and new addresses
/// are not aligned alike to huge pages, which is nearly always.
pub(super) fn push<T: Copy>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() && v.capacity() * std::mem::size_of::<T>() >= WORTH / 2 {
        let mut grown = Vec::with_capacity(v.capacity() * 2);
        advise(&grown);
        grown.extend_from_slice(v);
        *v = grown;
    }
    v.push(x);
}
