//! The WASM module's memory allocator (the `#[global_allocator]` of the wasm32 build only; the
//! native core keeps the system allocator).
//!
//! The standard library's wasm32 allocator is dlmalloc, ~8 KB of code (`malloc`, `free`,
//! chunk splitting, coalescing, bins, trees) — about 4 KB gzip of every package. A front desk's
//! heap is small and short-lived per call, so a much simpler design serves it: blocks in size
//! classes (four per power of two: 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, … bytes, so a block
//! wastes at most a fifth of itself), one free list per class, and new blocks cut from pages
//! taken with `memory.grow`. A freed block is reused for the next request of its class; blocks are
//! never split or merged (memory is never given back to the host either — a WASM memory cannot
//! shrink). `realloc` within a block's class keeps it in place.
//!
//! Single-threaded: the wasm32 build has no threads (no `atomics` target feature), so the state
//! lives in a plain cell.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

const PAGE: usize = 65536;
/// Classes up to 4 GiB (the whole wasm32 address space).
const CLASSES: usize = 8 * 30;

pub struct Heap(UnsafeCell<State>);

struct State {
    /// Per class, the first free block (each free block holds the address of the next).
    free: [usize; CLASSES],
    /// Where the next new block is cut, and the end of the pages taken so far.
    next: usize,
    end: usize,
}

// SAFETY: the wasm32 build is single-threaded (see the module comment).
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Self {
        Heap(UnsafeCell::new(State {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

/// The class of a request of `size` bytes (any alignment ≤ the size) and the block size it gets:
/// class 0 is 16 bytes; above, `2^e < size ≤ 2^(e+1)` is split in four steps of `2^(e-2)`
/// (classes `4(e-4)+1` to `4(e-4)+4`).
pub fn class(size: usize) -> (usize, usize) {
    if size <= 16 {
        return (0, 16);
    }
    let e = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize; // 2^e < size ≤ 2^(e+1)
    let step = e - 3;
    let sub = ((size - 1) >> step) & 7; // 0..=7
    ((e - 4) * 8 + sub + 1, (9 + sub) << step)
}

unsafe impl GlobalAlloc for Heap {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let st = &mut *self.0.get();
        let (c, block) = class(layout.size().max(layout.align()));
        // Every block is at least 8-aligned: a free block holds the next one's address.
        let align = layout.align().max(8);
        if c >= CLASSES {
            return std::ptr::null_mut();
        }
        let head = st.free[c];
        if head != 0 && head & (align - 1) == 0 {
            st.free[c] = *(head as *const usize);
            return head as *mut u8;
        }
        let mut at = (st.next + align - 1) & !(align - 1);
        if at < st.next || block > st.end.saturating_sub(at) {
            let pages = (block + align).div_ceil(PAGE);
            let first = grow(pages);
            if first == usize::MAX {
                return std::ptr::null_mut();
            }
            let base = first * PAGE;
            if base != st.end {
                st.next = base; // not contiguous with the last pages (someone else grew memory)
            }
            st.end = base + pages * PAGE;
            at = (st.next + align - 1) & !(align - 1);
        }
        st.next = at + block;
        at as *mut u8
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let st = &mut *self.0.get();
        let (c, _) = class(layout.size().max(layout.align()));
        *(ptr as *mut usize) = st.free[c];
        st.free[c] = ptr as usize;
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        let (c, _) = class(layout.size().max(align));
        if class(new_size.max(align)).0 == c {
            return ptr;
        }
        let new = self.alloc(Layout::from_size_align_unchecked(new_size, align));
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> usize {
    core::arch::wasm32::memory_grow(0, pages)
}

/// Natively (tests only: the native build keeps the system allocator) pages come from the system.
#[cfg(not(target_arch = "wasm32"))]
fn grow(pages: usize) -> usize {
    let layout = Layout::from_size_align(pages * PAGE, PAGE).expect("page layout");
    // SAFETY: a non-zero size. Leaked on purpose: a WASM memory is never given back either.
    let p = unsafe { std::alloc::alloc(layout) };
    if p.is_null() {
        usize::MAX
    } else {
        p as usize / PAGE
    }
}

#[cfg(test)]
mod tests {
    use super::{class, Heap};
    use std::alloc::{GlobalAlloc, Layout};

    #[test]
    fn classes_cover_every_size_with_at_most_a_fifth_wasted() {
        let mut last = (0, 16);
        for size in 1..=70_000usize {
            let (c, block) = class(size);
            assert!(block >= size, "{size} -> {block}");
            assert!(
                c == last.0 || c == last.0 + 1,
                "{size}: class {c} after {}",
                last.0
            );
            if size > 16 {
                assert!(block * 8 < size * 9 + 20, "{size} -> {block}");
            }
            // One class, one block size.
            if c == last.0 {
                assert_eq!(block, last.1);
            }
            last = (c, block);
        }
        assert_eq!(class(1 << 31).1, 1 << 31);
    }

    #[test]
    fn blocks_are_aligned_distinct_reused_and_keep_their_bytes() {
        let heap = Heap::new();
        unsafe {
            let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
            for i in 0..2000usize {
                let size = 1 + (i * 37) % 3000;
                let align = [1, 2, 4, 8, 16, 64][i % 6];
                let layout = Layout::from_size_align(size, align).unwrap();
                let p = heap.alloc(layout);
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0);
                std::ptr::write_bytes(p, i as u8, size);
                live.push((p, layout, i as u8));
                if i % 3 == 0 {
                    let (p, l, v) = live.remove(i % live.len());
                    assert!((0..l.size()).all(|k| *p.add(k) == v));
                    heap.dealloc(p, l);
                }
                if i % 5 == 0 && !live.is_empty() {
                    let k = i % live.len();
                    let (p, l, v) = live[k];
                    let new_size = l.size() * 2 + 1;
                    let q = heap.realloc(p, l, new_size);
                    assert!((0..l.size()).all(|j| *q.add(j) == v));
                    std::ptr::write_bytes(q, v, new_size);
                    live[k] = (q, Layout::from_size_align(new_size, l.align()).unwrap(), v);
                }
            }
            // No two live blocks overlap.
            let mut spans: Vec<(usize, usize)> = live
                .iter()
                .map(|(p, l, _)| (*p as usize, *p as usize + class(l.size().max(l.align())).1))
                .collect();
            spans.sort();
            assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
            for (p, l, v) in live {
                assert!((0..l.size()).all(|k| *p.add(k) == v));
                heap.dealloc(p, l);
            }
            // A freed block is handed out again for its class.
            let l = Layout::from_size_align(100, 8).unwrap();
            let a = heap.alloc(l);
            heap.dealloc(a, l);
            assert_eq!(heap.alloc(l), a);
        }
    }
}
