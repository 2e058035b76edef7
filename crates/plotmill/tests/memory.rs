//! Memory stays flat: rendering thousands of charts in one process leaves
//! live heap bytes exactly where they were after warm-up.
//!
//! This is its own test binary because it installs a global allocator that
//! counts live bytes, which would see every other test's allocations too.

#![allow(unsafe_code)] // The counting allocator below; see its SAFETY notes.
#![allow(clippy::print_stderr)] // The test reports its measurements.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

use plotmill::chart::{HeatmapOptions, Matrix, ScatterMatrixOptions, heatmap, scatter_matrix};
use plotmill::data::{CorrOptions, CsvOptions, corr, read_csv_path};
use plotmill::text::FontBook;
use plotmill::{Format, RenderOptions, encode};

/// The system allocator, counting live bytes and calls.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged, so `System`'s guarantees hold as they are; the counters are
// atomics and never affect what is returned.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            CALLS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is; `ptr` came from this allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            CALLS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is; `ptr` and `layout` describe a block from
        // this allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
            CALLS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

#[test]
fn the_counter_sees_allocations() {
    let before = live();
    let v: Vec<u8> = Vec::with_capacity(1 << 20);
    assert!(live() - before >= 1 << 20);
    drop(v);
    assert!(live() - before < 1 << 20);
}

#[test]
fn thousands_of_charts_leave_the_heap_where_it_was() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seed = read_csv_path(
        &root.join("examples/data/seed_4x8.csv"),
        &CsvOptions::default(),
    )
    .unwrap()
    .table;
    let m = corr(&seed, &CorrOptions::default()).unwrap();
    let matrix = Matrix {
        rows: m.names().to_vec(),
        columns: m.names().to_vec(),
        values: m.values().to_vec(),
    };
    let fonts = FontBook::new();
    let options = RenderOptions::default();
    let mut out = Vec::new();
    let render_all = |n: usize, out: &mut Vec<u8>| {
        for _ in 0..n {
            for format in [Format::Png, Format::Svg] {
                let chart =
                    scatter_matrix(&seed, &ScatterMatrixOptions::default(), &fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = heatmap(&matrix, &HeatmapOptions::default(), &fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
            }
        }
    };
    // Warm up: the glyph cache fills, the output buffer reaches its size.
    render_all(20, &mut out);
    let baseline = live();
    let calls = CALLS.load(Ordering::Relaxed);
    render_all(1000, &mut out);
    let after = live();
    let per_chart = (CALLS.load(Ordering::Relaxed) - calls) / 4000;
    eprintln!(
        "live heap: {baseline} bytes after warm-up, {after} after 4000 more charts; {per_chart} allocations per chart"
    );
    assert_eq!(
        after,
        baseline,
        "live heap bytes grew by {} over 4000 charts",
        after - baseline
    );
    let (cached, capacity) = fonts.cache_usage();
    assert!(cached <= capacity);
}
