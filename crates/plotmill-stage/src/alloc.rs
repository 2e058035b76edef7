//! A counting global allocator, the one plotmill has: the system
//! allocator, counting live and peak heap bytes by pipeline stage (parse,
//! statistics, layout, text, raster, encode, write) and in total. The
//! `plotmill` binary installs it for `--mem-report` (as fil-profile did for
//! the Python service); the memory tests install it to prove that live
//! bytes stay flat.
//!
//! Each block carries its stage in a 16-byte header in front of it, so the
//! bytes are taken off the stage that allocated them when they are freed,
//! whichever stage frees them. It costs 16 bytes per allocation and a few
//! uncontended atomic additions; `plotmill bench` measures the difference
//! (see the README).

// A GlobalAlloc must be an unsafe impl. Each block says why it is sound;
// the test at the end exercises every method.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicU64, Ordering};

use crate::Stage;

/// Bytes in front of each block; the stage is the last of them.
const HEADER: usize = 16;

/// The system allocator, with stage counts. `Counting<true>` also keeps
/// the peak of all stages together ([`total`]`().peak`), for tests that
/// bound it; that costs two more atomic operations per allocation (5-8% of
/// a small chart's time, measured), so the binary's `Counting` does not.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting<const TOTAL_PEAK: bool = false>;

struct Counters {
    live: AtomicIsize,
    peak: AtomicIsize,
    allocated: AtomicU64,
    count: AtomicU64,
}

static STAGES: [Counters; 8] = [const {
    Counters {
        live: AtomicIsize::new(0),
        peak: AtomicIsize::new(0),
        allocated: AtomicU64::new(0),
        count: AtomicU64::new(0),
    }
}; 8];

/// Every stage together: live bytes and their peak (kept by
/// `Counting<true>` only).
static TOTAL_LIVE: AtomicIsize = AtomicIsize::new(0);
static TOTAL_PEAK: AtomicIsize = AtomicIsize::new(0);

/// The block the system allocates for `layout`, and where the caller's
/// part starts in it. The offset is a multiple of `layout.align()` (it is
/// the larger of the alignment and 16, both powers of two), and the outer
/// alignment is at least that, so the caller's pointer is aligned.
#[inline]
fn outer(layout: Layout) -> Option<(Layout, usize)> {
    let offset = layout.align().max(HEADER);
    let size = layout.size().checked_add(offset)?;
    let outer = Layout::from_size_align(size, offset).ok()?;
    Some((outer, offset))
}

/// Allocates the block for `layout` with `system`, writes the current
/// stage into its header and returns the caller's part of it.
#[inline]
fn with_header<const TOTAL: bool>(
    layout: Layout,
    system: impl FnOnce(Layout) -> *mut u8,
) -> *mut u8 {
    let Some((outer, offset)) = outer(layout) else {
        return std::ptr::null_mut();
    };
    // `outer` has a non-zero size (at least 16).
    let base = system(outer);
    if base.is_null() {
        return base;
    }
    let stage = crate::current() as u8;
    // SAFETY: `base` is valid for `outer.size() >= offset` bytes, so both
    // `base + offset - 1` (the header's last byte) and `base + offset` are
    // in (or one past) the block.
    unsafe {
        base.add(offset - 1).write(stage);
        count::<TOTAL>(stage, layout.size() as isize);
        base.add(offset)
    }
}

#[inline]
fn count<const TOTAL: bool>(stage: u8, delta: isize) {
    let c = &STAGES[usize::from(stage) & 7];
    let live = c.live.fetch_add(delta, Ordering::Relaxed) + delta;
    if delta > 0 {
        c.allocated.fetch_add(delta as u64, Ordering::Relaxed);
        c.count.fetch_add(1, Ordering::Relaxed);
        c.peak.fetch_max(live, Ordering::Relaxed);
    }
    if TOTAL {
        let live = TOTAL_LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
        if delta > 0 {
            TOTAL_PEAK.fetch_max(live, Ordering::Relaxed);
        }
    }
}

// SAFETY: every block handed out lies inside a block from `System`
// allocated with `outer(layout)`, at `offset` bytes, so it is valid for
// `layout.size()` bytes and aligned to `layout.align()` (see `outer`);
// `dealloc` and `realloc` recompute the same `outer` from the same layout
// (GlobalAlloc's contract: the caller passes the layout it allocated with)
// and give `System` back exactly the block it handed out. The header is
// never seen by callers.
unsafe impl<const TOTAL: bool> GlobalAlloc for Counting<TOTAL> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: `System.alloc` is called with a non-zero-sized layout.
        with_header::<TOTAL>(layout, |outer| unsafe { System.alloc(outer) })
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        with_header::<TOTAL>(layout, |outer| unsafe { System.alloc_zeroed(outer) })
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // `outer` succeeded when this block was allocated with `layout`.
        let Some((outer, offset)) = outer(layout) else {
            return;
        };
        // SAFETY: `ptr` came from `alloc` with this layout, so it is
        // `offset` bytes into a `System` block of layout `outer`, whose
        // header byte we wrote.
        unsafe {
            let stage = ptr.sub(1).read();
            count::<TOTAL>(stage, -(layout.size() as isize));
            System.dealloc(ptr.sub(offset), outer);
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some((outer, offset)) = outer(layout) else {
            return std::ptr::null_mut();
        };
        let Some(new_outer) = new_size.checked_add(offset) else {
            return std::ptr::null_mut();
        };
        if Layout::from_size_align(new_outer, outer.align()).is_err() {
            return std::ptr::null_mut();
        }
        // SAFETY: `ptr - offset` is the `System` block allocated with
        // `outer`; the new size is non-zero and valid with its alignment
        // (checked above). `System.realloc` keeps the first
        // min(old, new) bytes, the header among them, so the stage byte
        // moves with the block. On failure the old block stays as it was.
        unsafe {
            let stage = ptr.sub(1).read();
            let base = System.realloc(ptr.sub(offset), outer, new_outer);
            if base.is_null() {
                return base;
            }
            count::<TOTAL>(stage, new_size as isize - layout.size() as isize);
            base.add(offset)
        }
    }
}

/// One stage's heap use (or every stage's, from [`total`]).
#[derive(Debug, Clone, Copy)]
pub struct StageUse {
    /// The stage ([`Stage::Other`] for the total).
    pub stage: Stage,
    /// Bytes allocated in this stage and not freed yet.
    pub live: i64,
    /// The most such bytes at any moment since the last reset.
    pub peak: i64,
    /// Bytes allocated (in total) since the last reset.
    pub allocated: u64,
    /// Allocations since the last reset.
    pub count: u64,
}

impl StageUse {
    fn of(stage: Stage, c: &Counters) -> StageUse {
        StageUse {
            stage,
            live: c.live.load(Ordering::Relaxed) as i64,
            peak: c.peak.load(Ordering::Relaxed) as i64,
            allocated: c.allocated.load(Ordering::Relaxed),
            count: c.count.load(Ordering::Relaxed),
        }
    }
}

/// Every stage's heap use together, since the last reset (all zero unless
/// [`Counting`] is the global allocator; `peak` is kept by `Counting<true>`
/// only, and is 0 otherwise).
pub fn total() -> StageUse {
    let stages = usage();
    StageUse {
        stage: Stage::Other,
        live: stages.iter().map(|u| u.live).sum(),
        peak: TOTAL_PEAK.load(Ordering::Relaxed) as i64,
        allocated: stages.iter().map(|u| u.allocated).sum(),
        count: stages.iter().map(|u| u.count).sum(),
    }
}

/// Starts a measurement: totals to zero, peaks to the current live bytes.
pub fn reset() {
    for c in &STAGES {
        c.allocated.store(0, Ordering::Relaxed);
        c.count.store(0, Ordering::Relaxed);
        c.peak
            .store(c.live.load(Ordering::Relaxed), Ordering::Relaxed);
    }
    TOTAL_PEAK.store(TOTAL_LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// Each stage's use since the last reset, in pipeline order.
pub fn usage() -> Vec<StageUse> {
    Stage::ALL
        .iter()
        .map(|&stage| StageUse::of(stage, &STAGES[stage as usize]))
        .collect()
}

/// The report table of `--mem-report`: allocations and bytes per `unit`
/// (`per` of them since the last reset), and each stage's peak.
pub fn report(per: u64, unit: &str) -> String {
    fn size(b: f64) -> String {
        if b.abs() >= 1048576.0 {
            format!("{:.1} MiB", b / 1048576.0)
        } else if b.abs() >= 1024.0 {
            format!("{:.1} KiB", b / 1024.0)
        } else {
            format!("{b:.0} B")
        }
    }
    let per = per.max(1) as f64;
    let mut out = format!("heap by stage        allocs/{unit}    bytes/{unit}      peak live\n");
    for u in usage() {
        if u.count == 0 && u.peak == 0 {
            continue;
        }
        out.push_str(&format!(
            "  {:<12} {:>14.0} {:>14} {:>14}\n",
            u.stage.name(),
            u.count as f64 / per,
            size(u.allocated as f64 / per),
            size(u.peak as f64),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Installed for this crate's tests, so that `Vec` below is counted.
    #[global_allocator]
    static ALLOCATOR: Counting<true> = Counting;

    #[test]
    fn blocks_are_aligned_hold_their_bytes_and_are_counted_by_stage() {
        let raster_live = || {
            usage()
                .iter()
                .find(|u| u.stage == Stage::Raster)
                .map_or(0, |u| u.live)
        };
        let before = raster_live();
        let _raster = crate::enter(Stage::Raster);
        for align in [1usize, 2, 8, 16, 32, 64, 4096] {
            for size in [1usize, 7, 16, 100, 5000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: non-zero size; the block is used within its size
                // and freed with its layout.
                unsafe {
                    let p = ALLOCATOR.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    for i in 0..size {
                        p.add(i).write(i as u8);
                    }
                    let q = ALLOCATOR.realloc(p, layout, size * 3);
                    assert!(!q.is_null());
                    assert_eq!(q as usize % align, 0);
                    for i in 0..size {
                        assert_eq!(q.add(i).read(), i as u8);
                    }
                    let grown = Layout::from_size_align(size * 3, align).unwrap();
                    ALLOCATOR.dealloc(q, grown);
                    let z = ALLOCATOR.alloc_zeroed(layout);
                    assert!((0..size).all(|i| z.add(i).read() == 0));
                    ALLOCATOR.dealloc(z, layout);
                }
            }
        }
        // The peak of all stages together (kept by `Counting<true>`).
        reset();
        let start = total().live;
        drop(Vec::<u8>::with_capacity(2 << 20));
        // (Reading the totals allocates a few hundred bytes of its own.)
        assert!(total().peak - start >= (2 << 20) - 4096, "{:?}", total());
        // A block allocated in one stage and freed in another leaves both
        // where they were.
        let v: Vec<u8> = Vec::with_capacity(1 << 20);
        let after_alloc = raster_live();
        assert!(after_alloc - before >= 1 << 20);
        drop(_raster);
        let _write = crate::enter(Stage::Write);
        drop(v);
        let raster = raster_live();
        assert!(raster - before < 1 << 20, "{raster} {before}");
    }
}
