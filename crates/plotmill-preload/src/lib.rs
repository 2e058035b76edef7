//! The preload library of `plotmill mem where`.
//!
//! Loaded with `LD_PRELOAD` into any dynamically linked program, it defines
//! `malloc`, `calloc`, `realloc`, `free`, `posix_memalign`, `aligned_alloc`,
//! `memalign` and `valloc`, each forwarding to glibc's own entry point
//! (`__libc_malloc`, …: no `dlsym` at start-up), and `mmap`/`munmap`
//! (anonymous mappings only, forwarded as system calls), for programs and
//! allocators that map memory themselves. Allocations are sampled by
//! bytes, as tcmalloc and jemalloc profile heaps: a per-thread countdown
//! drawn from an exponential distribution of mean `PLOTMILL_WHERE_RATE`
//! bytes, so an allocation of `s` bytes is sampled with probability
//! `1 − exp(−s / rate)` and stands for `s / (1 − exp(−s / rate))` bytes: an
//! unbiased estimate whatever the sizes. A sampled allocation records its
//! stack: the Python frames of the thread when the program is Python
//! (walked through Python's public C API at sample time; see `py`), and
//! the native frames with `PLOTMILL_WHERE_NATIVE=1`, and always in a program
//! that is not Python. Frees of sampled blocks
//! are matched through a lock-free table keyed by address.
//!
//! Events go to `PLOTMILL_WHERE_DIR/<pid>.where` as text lines, each
//! written as it happens, so a crash or an `_exit` keeps every sample:
//!
//! ```text
//! plotmill-where 1 rate=524288 pid=4242 native=0
//! F 3 scatter_matrix_pyplot (seed_workload.py:88)   a frame
//! S 7 1 2 3                                          a stack, outermost first
//! A 1520 7f3a2c001000 1048576 7                      ms, address, bytes it stands for, stack
//! D 1610 7f3a2c001000                                ms, address freed
//! X 2290                                             the program's own end (Python starts finalising)
//! W Python 3.9.2 lacks …                             a warning for the user
//! E 2301                                             the end
//! ```
//!
//! A sampled mapping that is partly unmapped is written as freed, and the
//! pieces left as new samples (same stack, the weight in proportion to
//! their length), so the views keep exactly what is still mapped.
//!
//! What it keeps is bounded: frames and stacks are interned (at most
//! [`MAX_INTERNED`] each, then a catch-all), the address table has a fixed
//! size, sampled mappings at most [`MAX_INTERNED`], the buffer holds one
//! event.
//!
//! Re-entrancy: everything the library does itself (interning, the buffer,
//! `dladdr`, Python's API) may allocate; a per-thread flag makes those
//! allocations pass straight to glibc, never sampled and never recursing.

#![allow(unsafe_code)] // Interposing the allocator is unsafe by nature; each block says why it is sound.
#![allow(clippy::missing_safety_doc)] // The exported functions are the C allocator's, with its contract.

use std::cell::{Cell, UnsafeCell};
use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, AtomicU64, AtomicUsize, Ordering};

unsafe extern "C" {
    fn __libc_malloc(size: usize) -> *mut c_void;
    fn __libc_calloc(n: usize, size: usize) -> *mut c_void;
    fn __libc_realloc(p: *mut c_void, size: usize) -> *mut c_void;
    fn __libc_free(p: *mut c_void);
    fn __libc_memalign(align: usize, size: usize) -> *mut c_void;
    fn backtrace(buffer: *mut *mut c_void, size: c_int) -> c_int;
}

/// Frames, and stacks, interned at most by default; beyond, they count
/// under one catch-all entry. `PLOTMILL_WHERE_MAX_INTERNED` lowers it (the
/// tests show the bound holds with a small one).
pub const MAX_INTERNED: usize = 1 << 16;

static LIMIT: AtomicUsize = AtomicUsize::new(MAX_INTERNED);

/// The bound on every cache of frames, stacks and names.
fn max_interned() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

const UNINIT: u8 = 0;
const STARTING: u8 = 1;
const ON: u8 = 2;
const OFF: u8 = 3;

static STATE: AtomicU8 = AtomicU8::new(UNINIT);
static RATE: AtomicU64 = AtomicU64::new(512 * 1024);
static NATIVE: AtomicBool = AtomicBool::new(false);
static FD: AtomicI32 = AtomicI32::new(-1);
static START_NS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread is inside the library: its allocations pass through.
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// Bytes left before the next sample; 0: not drawn yet.
    static COUNTDOWN: Cell<i64> = const { Cell::new(0) };
    static RNG: Cell<u64> = const { Cell::new(0) };
}

/// A spin lock that holds no memory of its own and can be taken around
/// `fork` (std's mutex cannot be left locked across the atfork handlers).
struct Spin<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the value is only reached through `with`, which holds the lock,
// so at most one thread touches it at a time.
unsafe impl<T: Send> Sync for Spin<T> {}

impl<T> Spin<T> {
    const fn new(value: T) -> Self {
        Spin {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    fn lock(&self) {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }

    fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        self.lock();
        // SAFETY: the lock is held until `unlock` below, so this is the
        // only reference to the value.
        let r = f(unsafe { &mut *self.value.get() });
        self.unlock();
        r
    }
}

/// What the writer keeps: the interned frames and stacks, and the buffer.
struct Writer {
    frames: Option<HashMap<(usize, u32), u32>>,
    /// The last frame id given (ids are never reused).
    frame_ids: u32,
    stacks: Option<HashMap<Vec<u32>, u32>>,
    /// Code object → its `name (file` text (the code object is kept
    /// alive, so its address stays its own).
    code_names: Option<HashMap<usize, String>>,
    buffer: Vec<u8>,
}

static WRITER: Spin<Writer> = Spin::new(Writer {
    frames: None,
    frame_ids: 0,
    stacks: None,
    code_names: None,
    buffer: Vec::new(),
});

/// Marks this thread busy for the guard's life.
struct Busy;

impl Busy {
    /// `None` if the thread is busy already (a nested call: pass through).
    fn enter() -> Option<Busy> {
        BUSY.with(|b| {
            if b.get() {
                None
            } else {
                b.set(true);
                Some(Busy)
            }
        })
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.with(|b| b.set(false));
    }
}

fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn millis() -> u64 {
    now_ns().saturating_sub(START_NS.load(Ordering::Relaxed)) / 1_000_000
}

/// An environment variable's bytes, read without allocating.
fn env(name: &'static [u8]) -> Option<&'static [u8]> {
    // SAFETY: `name` is NUL-terminated (every caller passes a b"...\0"
    // literal); getenv returns a pointer into the environment or NULL, and
    // the environment outlives the library's use of it.
    let p = unsafe { libc::getenv(name.as_ptr().cast()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: a non-NULL getenv result is a NUL-terminated C string.
    Some(unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes())
}

fn parse_u64(bytes: &[u8]) -> Option<u64> {
    std::str::from_utf8(bytes).ok()?.trim().parse().ok()
}

/// Starts the library on its first allocation: on when
/// `PLOTMILL_WHERE_DIR` is set, off (pass-through only) otherwise.
#[cold]
fn start() {
    if STATE
        .compare_exchange(UNINIT, STARTING, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        return;
    }
    let Some(dir) = env(b"PLOTMILL_WHERE_DIR\0") else {
        STATE.store(OFF, Ordering::Release);
        return;
    };
    if let Some(n) = env(b"PLOTMILL_WHERE_MAX_INTERNED\0").and_then(parse_u64) {
        LIMIT.store((n as usize).clamp(1, MAX_INTERNED), Ordering::Relaxed);
    }
    if let Some(rate) = env(b"PLOTMILL_WHERE_RATE\0").and_then(parse_u64) {
        RATE.store(rate.max(1), Ordering::Relaxed);
    }
    NATIVE.store(
        env(b"PLOTMILL_WHERE_NATIVE\0") == Some(b"1"),
        Ordering::Relaxed,
    );
    START_NS.store(now_ns(), Ordering::Relaxed);
    if open_file(dir).is_err() {
        STATE.store(OFF, Ordering::Release);
        return;
    }
    // SAFETY: registering plain extern "C" functions of this library,
    // which stays loaded for the life of the process.
    unsafe {
        libc::atexit(at_exit);
        libc::pthread_atfork(
            Some(before_fork),
            Some(after_fork_parent),
            Some(after_fork_child),
        );
    }
    // Before Python starts (if this is Python): its allocator is hooked
    // while nothing runs inside it.
    py::hook();
    STATE.store(ON, Ordering::Release);
}

/// Opens `<dir>/<pid>.where` (or `<pid>.<n>.where` if an earlier image of
/// this process, before an exec, has it) and writes the header.
fn open_file(dir: &[u8]) -> Result<(), ()> {
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() };
    let rate = RATE.load(Ordering::Relaxed);
    let native = u8::from(NATIVE.load(Ordering::Relaxed));
    for n in 0..100u32 {
        let mut path = [0u8; 4096];
        let mut w = Cursor {
            buf: &mut path,
            len: 0,
        };
        w.put(dir);
        if n == 0 {
            let _ = write!(w, "/{pid}.where");
        } else {
            let _ = write!(w, "/{pid}.{n}.where");
        }
        if w.len >= path.len() - 1 {
            return Err(());
        }
        // SAFETY: `path` is NUL-terminated (zero-filled beyond `len`).
        let fd = unsafe {
            libc::open(
                path.as_ptr().cast(),
                libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC,
                0o644,
            )
        };
        if fd >= 0 {
            let mut head = [0u8; 128];
            let mut w = Cursor {
                buf: &mut head,
                len: 0,
            };
            let _ = writeln!(w, "plotmill-where 1 rate={rate} pid={pid} native={native}");
            let len = w.len;
            if write_all(fd, &head[..len]).is_err() {
                // SAFETY: closing the descriptor just opened, used nowhere.
                unsafe { libc::close(fd) };
                return Err(());
            }
            FD.store(fd, Ordering::Relaxed);
            return Ok(());
        }
        // SAFETY: reading errno right after the failed call.
        if unsafe { *libc::__errno_location() } != libc::EEXIST {
            return Err(());
        }
    }
    Err(())
}

/// Formats into a fixed buffer (no allocation).
struct Cursor<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl Cursor<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let n = bytes.len().min(self.buf.len().saturating_sub(self.len + 1));
        self.buf[self.len..self.len + n].copy_from_slice(&bytes[..n]);
        self.len += n;
    }
}

impl std::fmt::Write for Cursor<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.put(s.as_bytes());
        Ok(())
    }
}

/// Writes all of `bytes`; the error number if the file cannot take them
/// (a full disk, a file size limit, a broken file system).
fn write_all(fd: c_int, mut bytes: &[u8]) -> Result<(), c_int> {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a valid slice for its length.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n <= 0 {
            // SAFETY: reading errno right after the failed call.
            let errno = if n < 0 {
                unsafe { *libc::__errno_location() }
            } else {
                libc::ENOSPC
            };
            if errno == libc::EINTR {
                continue;
            }
            return Err(errno);
        }
        bytes = &bytes[n as usize..];
    }
    Ok(())
}

/// Writes the buffer out. Called after every event: a sampled event is rare
/// (one per `rate` bytes), a write costs a microsecond, and a program that
/// ends with `_exit` (as multiprocessing's workers do) or is killed keeps
/// everything up to its last sample.
///
/// When the file cannot take it, the profile ends there: the library turns
/// itself off (the program goes on, unprofiled), and says so once on the
/// program's standard error; the report reads the profile up to the cut.
fn flush(w: &mut Writer) {
    let fd = FD.load(Ordering::Relaxed);
    if fd >= 0
        && !w.buffer.is_empty()
        && let Err(errno) = write_all(fd, &w.buffer)
    {
        STATE.store(OFF, Ordering::Release);
        FD.store(-1, Ordering::Relaxed);
        // SAFETY: closing the profile's own descriptor, which no other
        // code uses (FD is -1 from now on); getpid has no preconditions.
        let pid = unsafe {
            libc::close(fd);
            libc::getpid()
        };
        let why = match errno {
            libc::ENOSPC => "no space left on the device",
            libc::EFBIG => "the file size limit (ulimit -f) is reached",
            libc::EDQUOT => "the disk quota is reached",
            _ => "a write failed",
        };
        let mut text = [0u8; 256];
        let mut c = Cursor {
            buf: &mut text,
            len: 0,
        };
        let _ = writeln!(
            c,
            "plotmill mem where: process {pid}'s profile stops at {:.1} s: {why} (errno {errno}); the program goes on unprofiled",
            millis() as f64 / 1000.0
        );
        let len = c.len;
        let _ = write_all(2, &text[..len]);
    }
    w.buffer.clear();
}

extern "C" fn at_exit() {
    let Some(_busy) = Busy::enter() else { return };
    WRITER.with(|w| {
        let _ = writeln!(Text(&mut w.buffer), "E {}", millis());
        flush(w);
    });
}

extern "C" fn before_fork() {
    NAMES.lock();
    WRITER.lock();
    MAPS.lock();
    // SAFETY: the lock is held; this thread is the only one touching it.
    flush(unsafe { &mut *WRITER.value.get() });
}

extern "C" fn after_fork_parent() {
    MAPS.unlock();
    WRITER.unlock();
    NAMES.unlock();
}

/// The child writes its own file, with its own definitions.
extern "C" fn after_fork_child() {
    let busy = Busy::enter();
    // SAFETY: the child has one thread, which holds the lock from
    // `before_fork`.
    let w = unsafe { &mut *WRITER.value.get() };
    w.frames = None;
    w.frame_ids = 0;
    w.stacks = None;
    w.buffer.clear();
    // The parent's sampled mappings are the parent's: this file starts
    // with none.
    // SAFETY: as above, the lock from `before_fork` is this thread's.
    unsafe { *MAPS.value.get() = None };
    MAPPED.store(0, Ordering::Release);
    let old = FD.swap(-1, Ordering::Relaxed);
    if old >= 0 {
        // SAFETY: closing the child's copy of the parent's descriptor.
        unsafe { libc::close(old) };
    }
    MAPS.unlock();
    WRITER.unlock();
    NAMES.unlock();
    let ok = env(b"PLOTMILL_WHERE_DIR\0").is_some_and(|dir| open_file(dir).is_ok());
    drop(busy);
    if !ok {
        STATE.store(OFF, Ordering::Release);
    }
}

/// Writes a warning line for the report to show (called while busy).
fn warn(text: std::fmt::Arguments<'_>) {
    WRITER.with(|w| {
        let _ = writeln!(Text(&mut w.buffer), "W {text}");
        flush(w);
    });
}

/// `write!` into a Vec (which allocates: only while busy).
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

// ---- the table of sampled addresses ----

/// Live sampled blocks the table holds: 131,072, which at the default
/// rate is about 64 GiB of live memory (1 MiB of table, touched as used).
/// A sample that finds no slot is not recorded, so that no block whose
/// free could not be matched shows as a leak.
const SLOTS: usize = 1 << 17;
const EMPTY: usize = 0;
const GONE: usize = 1;
/// Cells of the counting filter in front of the table: 32 KiB, small
/// enough to stay in the processor's cache (a larger one missed the cache
/// on most frees, which cost 3% of a Python program's time).
const CELLS: usize = 1 << 15;
/// A cell's count that sticks: more live samples than this hash there, and
/// the cell always sends its frees on to the table (still exact).
const STUCK: u8 = u8::MAX;

/// Open addressing over a fixed, lazily mapped array: inserts and removes
/// by compare-and-swap, so `free` checks it without a lock.
///
/// A removed entry leaves a tombstone (GONE), which a lookup must step
/// over, so a lookup of an address that is not there would grow slower as
/// samples come and go. Every `free` is such a lookup, almost always: so
/// in front of the table, a counting filter (per cell, how many sampled
/// blocks live whose address hashes there) answers "not sampled" in one
/// load for all but about `live samples / CELLS` of the frees (1% with
/// 300 MiB live at the default rate).
static TABLE: AtomicUsize = AtomicUsize::new(0);

/// The table's slots and the filter's cells, mapped on first use.
fn table() -> Option<(&'static [AtomicUsize], &'static [AtomicU8])> {
    let bytes = SLOTS * std::mem::size_of::<AtomicUsize>() + CELLS;
    let mut p = TABLE.load(Ordering::Acquire);
    if p == 0 {
        // SAFETY: an anonymous private mapping, zero-filled (EMPTY slots,
        // zero counts); the kernel commits pages only when touched.
        let m = unsafe {
            sys_mmap(
                std::ptr::null_mut(),
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if m == libc::MAP_FAILED {
            return None;
        }
        match TABLE.compare_exchange(0, m as usize, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => p = m as usize,
            Err(other) => {
                // SAFETY: unmapping our own mapping, which nobody else saw.
                unsafe { sys_munmap(m, bytes) };
                p = other;
            }
        }
    }
    Some(published(p))
}

/// The slots and cells of the published mapping at `p`.
fn published(p: usize) -> (&'static [AtomicUsize], &'static [AtomicU8]) {
    // SAFETY: `p` is the start of a live, page-aligned mapping of SLOTS
    // AtomicUsize then CELLS AtomicU8 (zero is a valid value of both),
    // never unmapped once published.
    unsafe {
        (
            std::slice::from_raw_parts(p as *const AtomicUsize, SLOTS),
            std::slice::from_raw_parts(
                (p + SLOTS * std::mem::size_of::<AtomicUsize>()) as *const AtomicU8,
                CELLS,
            ),
        )
    }
}

fn slot_of(addr: usize) -> usize {
    (addr.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) & (SLOTS - 1)
}

fn cell_of(addr: usize) -> usize {
    (addr.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) >> 44) & (CELLS - 1)
}

fn table_insert(addr: usize) -> bool {
    let Some((t, cells)) = table() else {
        return false;
    };
    // Counted before the block is returned to the program, so before any
    // free of it can look.
    let cell = &cells[cell_of(addr)];
    let _ = cell.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
        (n < STUCK).then_some(n + 1)
    });
    let start = slot_of(addr);
    for i in 0..SLOTS.min(4096) {
        let s = &t[(start + i) & (SLOTS - 1)];
        let v = s.load(Ordering::Relaxed);
        if (v == EMPTY || v == GONE)
            && s.compare_exchange(v, addr, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        {
            return true;
        }
    }
    uncount(cell);
    false
}

/// One sampled block fewer in `cell` (a stuck count stays).
fn uncount(cell: &AtomicU8) {
    let _ = cell.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
        (n > 0 && n < STUCK).then(|| n - 1)
    });
}

/// Whether `addr` may be a sampled block: false for almost every free, in
/// one load of a cached cell.
#[inline]
fn table_maybe(addr: usize) -> bool {
    let p = TABLE.load(Ordering::Acquire);
    p != 0 && published(p).1[cell_of(addr)].load(Ordering::Acquire) != 0
}

fn table_remove(addr: usize) -> bool {
    let p = TABLE.load(Ordering::Acquire);
    if p == 0 {
        return false;
    }
    let (t, cells) = published(p);
    let cell = &cells[cell_of(addr)];
    if cell.load(Ordering::Acquire) == 0 {
        return false;
    }
    let start = slot_of(addr);
    for i in 0..SLOTS.min(4096) {
        let s = &t[(start + i) & (SLOTS - 1)];
        let v = s.load(Ordering::Acquire);
        if v == EMPTY {
            return false;
        }
        if v == addr {
            if s.compare_exchange(addr, GONE, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                uncount(cell);
                return true;
            }
            return false;
        }
    }
    false
}

// ---- sampling ----

/// The next countdown: exponential with mean RATE.
fn draw() -> i64 {
    let mut x = RNG.with(Cell::get);
    if x == 0 {
        x = (now_ns() ^ ((&raw const x) as usize as u64).rotate_left(32)) | 1;
    }
    // xorshift64*
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    RNG.with(|r| r.set(x));
    let u = ((x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
    let rate = RATE.load(Ordering::Relaxed) as f64;
    (-rate * u.ln()).max(1.0) as i64
}

/// Whether sampling is on for this thread now (starting the library on
/// the first call).
#[inline]
fn active() -> bool {
    match STATE.load(Ordering::Acquire) {
        ON => {}
        UNINIT => start(),
        _ => return false,
    }
    STATE.load(Ordering::Acquire) == ON && !BUSY.with(Cell::get)
}

/// Counts `size` bytes down this thread's countdown: whether they are
/// sampled (then a new countdown is drawn).
#[inline]
fn due(size: usize) -> bool {
    let mut left = COUNTDOWN.with(Cell::get);
    if left == 0 {
        // This thread's first allocation: its countdown starts here (the
        // draw allocates nothing).
        left = draw();
    }
    let left = left.saturating_sub(size.min(i64::MAX as usize) as i64);
    if left > 0 {
        COUNTDOWN.with(|c| c.set(left));
        return false;
    }
    COUNTDOWN.with(|c| c.set(draw()));
    true
}

#[inline]
fn on_alloc(p: *mut c_void, size: usize) {
    if p.is_null() || !active() || !due(size) {
        return;
    }
    let Some(_busy) = Busy::enter() else { return };
    sample(p as usize, size, Block::Heap);
}

#[inline]
fn on_free(p: *mut c_void) {
    // The filter first: one load for almost every free, where the thread's
    // busy flag is a call (thread-local storage in a library).
    if p.is_null() || STATE.load(Ordering::Relaxed) != ON || !table_maybe(p as usize) {
        return;
    }
    if !BUSY.with(Cell::get) && table_remove(p as usize) {
        let Some(_busy) = Busy::enter() else { return };
        // Python's modules are being freed: the program's own end was just
        // before (its atexit handlers have run). Marked once.
        static MARKED: AtomicBool = AtomicBool::new(false);
        if !MARKED.load(Ordering::Relaxed)
            && py::finalizing()
            && !MARKED.swap(true, Ordering::Relaxed)
        {
            WRITER.with(|w| {
                let _ = writeln!(Text(&mut w.buffer), "X {}", millis());
            });
        }
        WRITER.with(|w| {
            let _ = writeln!(Text(&mut w.buffer), "D {} {:x}", millis(), p as usize);
            flush(w);
        });
    }
}

/// What a sampled allocation of `size` bytes stands for.
fn weight(size: usize) -> u64 {
    let rate = RATE.load(Ordering::Relaxed) as f64;
    let s = size.max(1) as f64;
    let p = -(-s / rate).exp_m1();
    (s / p).round() as u64
}

/// One frame before interning.
enum Frame {
    Python {
        code: usize,
        line: u32,
    },
    /// Named before the writer's lock is taken: `dladdr` takes the
    /// loader's lock, and a thread inside `dlopen` (holding it) may be
    /// waiting for the writer's.
    Native {
        ip: usize,
        name: String,
    },
}

/// What a sample is of: a block of the heap (its free is matched through
/// the address table) or a mapping (matched by range on `munmap`).
#[derive(Clone, Copy, PartialEq)]
enum Block {
    Heap,
    Mapping,
}

fn sample(addr: usize, size: usize, block: Block) {
    let mut frames: [Option<Frame>; 192] = [const { None }; 192];
    let mut n = 0;
    // Innermost first: native frames (down to the interpreter's loop when
    // there are Python frames), then Python's.
    let mut py_frames = [(0usize, 0u32); 128];
    // Held to the end of the sample: interning a new frame reads its code
    // object and keeps it alive, with the collector paused.
    let held = py::Held::enter();
    let python = held.as_ref().map_or(0, |h| py::frames(h, &mut py_frames));
    // Native frames when asked, and always in a program that is not
    // Python (they are all it has).
    if NATIVE.load(Ordering::Relaxed) || !py::present() {
        let mut ips = [std::ptr::null_mut::<c_void>(); 64];
        // SAFETY: `ips` has room for the 64 entries asked for.
        let k = unsafe { backtrace(ips.as_mut_ptr(), 64) }.max(0) as usize;
        for ip in ips.iter().take(k) {
            let ip = *ip as usize;
            match native_frame(ip) {
                (Kind::Own, _) => continue,
                (Kind::EvalLoop, _) if python > 0 => break,
                (_, name) if n < frames.len() => {
                    frames[n] = Some(Frame::Native { ip, name });
                    n += 1;
                }
                _ => {}
            }
        }
    }
    for &(code, line) in &py_frames[..python] {
        if n < frames.len() {
            frames[n] = Some(Frame::Python { code, line });
            n += 1;
        }
    }
    if block == Block::Heap && !table_insert(addr) {
        return;
    }
    let ms = millis();
    let bytes = weight(size);
    WRITER.with(|w| {
        let mut ids = Vec::with_capacity(n);
        for f in frames[..n].iter().rev().flatten() {
            ids.push(intern_frame(w, f));
        }
        let stack = intern_stack(w, ids);
        if block == Block::Mapping && !maps_insert(addr, size, bytes, stack) {
            return;
        }
        let _ = writeln!(Text(&mut w.buffer), "A {ms} {addr:x} {bytes} {stack}");
        flush(w);
    });
}

fn intern_frame(w: &mut Writer, f: &Frame) -> u32 {
    let key = match f {
        Frame::Python { code, line } => (*code, *line),
        Frame::Native { ip, .. } => (*ip, u32::MAX),
    };
    let frames = w.frames.get_or_insert_with(HashMap::new);
    if let Some(id) = frames.get(&key) {
        return *id;
    }
    if frames.len() >= max_interned() {
        return 0;
    }
    w.frame_ids += 1;
    let id = w.frame_ids;
    frames.insert(key, id);
    let text = match f {
        Frame::Python { code, line } => {
            let names = w.code_names.get_or_insert_with(HashMap::new);
            let name = names.entry(*code).or_insert_with(|| py::describe(*code));
            format!("{name}:{line})")
        }
        Frame::Native { name, .. } => name.clone(),
    };
    // One line per frame: no line breaks inside.
    let text = text.replace(['\n', '\r'], " ");
    let _ = writeln!(Text(&mut w.buffer), "F {id} {text}");
    id
}

fn intern_stack(w: &mut Writer, ids: Vec<u32>) -> u32 {
    let stacks = w.stacks.get_or_insert_with(HashMap::new);
    if let Some(id) = stacks.get(&ids) {
        return *id;
    }
    if stacks.len() >= max_interned() {
        return 0;
    }
    let id = stacks.len() as u32 + 1;
    let mut line = format!("S {id}");
    for f in &ids {
        let _ = write!(line, " {f}");
    }
    stacks.insert(ids, id);
    line.push('\n');
    w.buffer.extend_from_slice(line.as_bytes());
    id
}

/// What a native frame is, for the stack: this library's own (left out),
/// Python's evaluation loop (where the Python frames take over), or code
/// to show.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Own,
    EvalLoop,
    Shown,
}

/// Native frames seen so far: their kind and name, from one `dladdr` each
/// (bounded like the frames).
static NAMES: Spin<Option<HashMap<usize, (Kind, String)>>> = Spin::new(None);

/// A native frame's kind and name, from the cache or `dladdr` (called with
/// no lock of this library held).
fn native_frame(ip: usize) -> (Kind, String) {
    if let Some(known) = NAMES.with(|m| m.as_ref().and_then(|m| m.get(&ip).cloned())) {
        return known;
    }
    let known = describe_native(ip);
    NAMES.with(|m| {
        let m = m.get_or_insert_with(HashMap::new);
        if m.len() < max_interned() {
            m.insert(ip, known.clone());
        }
    });
    known
}

/// `dladdr`'s answer for `ip`: the module's base and path, and the symbol.
fn dl_info(ip: usize) -> Option<(usize, Option<String>, Option<String>)> {
    let mut info = libc::Dl_info {
        dli_fname: std::ptr::null(),
        dli_fbase: std::ptr::null_mut(),
        dli_sname: std::ptr::null(),
        dli_saddr: std::ptr::null_mut(),
    };
    // SAFETY: `info` is a valid Dl_info to fill; `ip` is only compared.
    if unsafe { libc::dladdr(ip as *const c_void, &mut info) } == 0 {
        return None;
    }
    let text = |p: *const c_char| {
        (!p.is_null()).then(|| {
            // SAFETY: dladdr's strings are NUL-terminated and live as long
            // as the module.
            unsafe { std::ffi::CStr::from_ptr(p) }
                .to_string_lossy()
                .into_owned()
        })
    };
    Some((
        info.dli_fbase as usize,
        text(info.dli_fname),
        text(info.dli_sname),
    ))
}

/// The kind and `symbol (module+0xoffset)` (or `module+0xoffset` without
/// a symbol) of a native frame.
fn describe_native(ip: usize) -> (Kind, String) {
    let Some((base, module, symbol)) = dl_info(ip) else {
        return (Kind::Shown, format!("0x{ip:x}"));
    };
    let kind = if base == own_base() {
        Kind::Own
    } else if symbol
        .as_deref()
        .is_some_and(|s| s.starts_with("_PyEval_EvalFrame") || s.starts_with("PyEval_EvalCode"))
    {
        Kind::EvalLoop
    } else {
        Kind::Shown
    };
    let mut module = module.unwrap_or_default();
    if !module.starts_with('/') {
        // The program itself is named as it was started ("./worker", or
        // nothing): its full path lets the report read its debug
        // information whatever the current folder.
        if let Ok(exe) = std::fs::read_link("/proc/self/exe") {
            module = exe.to_string_lossy().into_owned();
        }
    }
    let offset = ip.wrapping_sub(base);
    let name = match symbol {
        Some(sym) => format!("{sym} ({module}+0x{offset:x})"),
        None => format!("{module}+0x{offset:x}"),
    };
    (kind, name)
}

/// The base address of this library, to leave its own frames out.
fn own_base() -> usize {
    static BASE: AtomicUsize = AtomicUsize::new(0);
    let b = BASE.load(Ordering::Relaxed);
    if b != 0 {
        return b;
    }
    let b = dl_info(own_base as fn() -> usize as usize).map_or(0, |(base, _, _)| base);
    BASE.store(b, Ordering::Relaxed);
    b
}

// ---- mappings ----

/// A sampled anonymous mapping: its end, the bytes it stands for, its
/// stack (keyed by its start).
#[derive(Clone, Copy)]
struct Mapping {
    end: usize,
    bytes: u64,
    stack: u32,
}

/// The sampled mappings still mapped (at most [`max_interned`]; a sample
/// that finds no room is not recorded, as with the address table). Taken
/// only after the writer's lock or alone, never before it.
static MAPS: Spin<Option<std::collections::BTreeMap<usize, Mapping>>> = Spin::new(None);
/// How many sampled mappings are live: `munmap` looks no further when 0.
static MAPPED: AtomicUsize = AtomicUsize::new(0);

fn maps_insert(start: usize, len: usize, bytes: u64, stack: u32) -> bool {
    MAPS.with(|m| {
        let m = m.get_or_insert_with(Default::default);
        if m.len() >= max_interned() {
            return false;
        }
        let end = start.saturating_add(len);
        m.insert(start, Mapping { end, bytes, stack });
        MAPPED.store(m.len(), Ordering::Release);
        true
    })
}

/// Before `[start, start + len)` is unmapped (or mapped over): each
/// sampled mapping it touches is written as freed, and what is left of it
/// on either side as a new sample with the same stack and its share of
/// the bytes.
fn on_unmap(start: usize, len: usize) {
    if len == 0 || MAPPED.load(Ordering::Acquire) == 0 || STATE.load(Ordering::Relaxed) != ON {
        return;
    }
    let Some(_busy) = Busy::enter() else { return };
    let end = start.saturating_add(len);
    let mut changed: Vec<(usize, Mapping)> = Vec::new();
    let mut kept: Vec<(usize, Mapping)> = Vec::new();
    MAPS.with(|m| {
        let Some(m) = m.as_mut() else { return };
        let hit: Vec<usize> = m
            .range(..end)
            .rev()
            .take_while(|(_, v)| v.end > start)
            .map(|(k, _)| *k)
            .collect();
        for k in hit {
            let Some(v) = m.remove(&k) else { continue };
            let whole = (v.end - k).max(1) as u128;
            let share = |a: usize, b: usize| ((v.bytes as u128 * (b - a) as u128) / whole) as u64;
            if k < start {
                kept.push((
                    k,
                    Mapping {
                        end: start,
                        bytes: share(k, start),
                        stack: v.stack,
                    },
                ));
            }
            if end < v.end {
                kept.push((
                    end,
                    Mapping {
                        end: v.end,
                        bytes: share(end, v.end),
                        stack: v.stack,
                    },
                ));
            }
            changed.push((k, v));
        }
        for (k, v) in &kept {
            m.insert(*k, *v);
        }
        MAPPED.store(m.len(), Ordering::Release);
    });
    if changed.is_empty() {
        return;
    }
    let ms = millis();
    WRITER.with(|w| {
        for (k, _) in &changed {
            let _ = writeln!(Text(&mut w.buffer), "D {ms} {k:x}");
        }
        for (k, v) in &kept {
            let _ = writeln!(
                Text(&mut w.buffer),
                "A {ms} {k:x} {} {}",
                v.bytes.max(1),
                v.stack
            );
        }
        flush(w);
    });
}

/// glibc's `mmap`, as the system call it makes (glibc exports no other
/// entry point to forward to).
unsafe fn sys_mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: libc::off_t,
) -> *mut c_void {
    // SAFETY: the caller's arguments, passed unchanged to the kernel,
    // which checks them; on failure `syscall` sets errno and returns -1,
    // which is MAP_FAILED.
    unsafe {
        libc::syscall(libc::SYS_mmap, addr, len, prot, flags, fd, offset) as usize as *mut c_void
    }
}

/// glibc's `munmap`, as its system call.
unsafe fn sys_munmap(addr: *mut c_void, len: usize) -> c_int {
    // SAFETY: as `sys_mmap`: the caller's arguments, checked by the kernel.
    unsafe { libc::syscall(libc::SYS_munmap, addr, len) as c_int }
}

// ---- Python ----

mod py {
    //! Python's C API, found at run time (the library also runs in programs
    //! that are not Python), and the walk of the sampling thread's frames.
    //!
    //! The frames are read at sample time, through the public API, only by
    //! a thread that holds the GIL, only while the interpreter is running
    //! (initialised, not finalising), and with the cyclic garbage collector
    //! paused: Python 3.11 and later create frame objects lazily, and
    //! creating one may otherwise start a collection inside `malloc`. The
    //! frame objects made this way are the interpreter's own (those
    //! `sys._getframe` would return). No profile hook is installed, so the
    //! program runs at full speed between samples.

    use super::*;

    type PyObj = *mut c_void;

    static IS_INITIALIZED: AtomicUsize = AtomicUsize::new(0);
    static IS_FINALIZING: AtomicUsize = AtomicUsize::new(0);
    static GIL_CHECK: AtomicUsize = AtomicUsize::new(0);
    static THIS_THREAD: AtomicUsize = AtomicUsize::new(0);
    static GET_FRAME: AtomicUsize = AtomicUsize::new(0);
    static GET_BACK: AtomicUsize = AtomicUsize::new(0);
    static GET_CODE: AtomicUsize = AtomicUsize::new(0);
    static GET_LINE: AtomicUsize = AtomicUsize::new(0);
    static GET_ATTR: AtomicUsize = AtomicUsize::new(0);
    static AS_UTF8: AtomicUsize = AtomicUsize::new(0);
    static DECREF: AtomicUsize = AtomicUsize::new(0);
    static GC_DISABLE: AtomicUsize = AtomicUsize::new(0);
    static GC_ENABLE: AtomicUsize = AtomicUsize::new(0);
    static INCREF: AtomicUsize = AtomicUsize::new(0);
    static GET_ALLOCATOR: AtomicUsize = AtomicUsize::new(0);
    /// 0: not looked for yet; 1: Python 3.10+ is here; 2: it is not.
    static FOUND: AtomicU8 = AtomicU8::new(0);

    fn sym(name: &[u8]) -> usize {
        // SAFETY: `name` is NUL-terminated; dlsym with RTLD_DEFAULT only
        // looks the name up.
        unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr().cast()) as usize }
    }

    /// Looks for the API once (called while busy: dlsym may allocate).
    fn found() -> bool {
        match FOUND.load(Ordering::Acquire) {
            1 => return true,
            2 => return false,
            _ => {}
        }
        let all = [
            (&IS_INITIALIZED, &b"Py_IsInitialized\0"[..]),
            (&GIL_CHECK, b"PyGILState_Check\0"),
            (&THIS_THREAD, b"PyGILState_GetThisThreadState\0"),
            (&GET_FRAME, b"PyThreadState_GetFrame\0"),
            (&GET_BACK, b"PyFrame_GetBack\0"),
            (&GET_CODE, b"PyFrame_GetCode\0"),
            (&GET_LINE, b"PyFrame_GetLineNumber\0"),
            (&GET_ATTR, b"PyObject_GetAttrString\0"),
            (&AS_UTF8, b"PyUnicode_AsUTF8\0"),
            (&DECREF, b"Py_DecRef\0"),
            // 3.10 and later: without them no walk (a collection could
            // start inside malloc).
            (&GC_DISABLE, b"PyGC_Disable\0"),
            (&GC_ENABLE, b"PyGC_Enable\0"),
        ]
        .into_iter()
        .all(|(slot, name)| {
            let p = sym(name);
            slot.store(p, Ordering::Relaxed);
            p != 0
        });
        // Finalising: public from 3.13, private (exported) before.
        let fin = [&b"Py_IsFinalizing\0"[..], b"_Py_IsFinalizing\0"]
            .into_iter()
            .map(sym)
            .find(|&p| p != 0)
            .unwrap_or(0);
        IS_FINALIZING.store(fin, Ordering::Relaxed);
        INCREF.store(sym(b"Py_IncRef\0"), Ordering::Relaxed);
        // Looked for once, at the first sample: a program that loads
        // Python later (embedding it with dlopen) gets native frames only.
        FOUND.store(if all { 1 } else { 2 }, Ordering::Release);
        let version = sym(b"Py_GetVersion\0");
        if !all && version != 0 {
            // Python is here, but not the API the walk needs: say so once.
            // SAFETY: Py_GetVersion takes nothing and returns a pointer to
            // a static NUL-terminated string.
            let v = unsafe {
                let f: unsafe extern "C" fn() -> *const c_char = std::mem::transmute(version);
                std::ffi::CStr::from_ptr(f()).to_string_lossy().into_owned()
            };
            let v = v.split_whitespace().next().unwrap_or("?").to_owned();
            warn(format_args!(
                "Python {v} lacks the C API the frame walk needs (3.10 or later); only native frames are recorded"
            ));
        }
        all
    }

    /// Calls a resolved `int f(void)`.
    fn call_int(slot: &AtomicUsize) -> c_int {
        let f = slot.load(Ordering::Relaxed);
        if f == 0 {
            return 0;
        }
        // SAFETY: `f` is one of Python's `int f(void)` functions
        // (Py_IsInitialized, PyGILState_Check, _Py_IsFinalizing,
        // PyGC_Disable, PyGC_Enable), resolved by name.
        unsafe {
            let f: unsafe extern "C" fn() -> c_int = std::mem::transmute(f);
            f()
        }
    }

    /// Whether this program is Python with the API the walk needs.
    pub(super) fn present() -> bool {
        found()
    }

    /// Whether the interpreter is finalising (its modules being freed).
    pub(super) fn finalizing() -> bool {
        FOUND.load(Ordering::Acquire) == 1 && call_int(&IS_FINALIZING) == 1
    }

    /// Python is running on this thread with the GIL, and the cyclic
    /// collector is paused until this is dropped: while it lives, the
    /// library may read frames and make objects (a weak reference) without
    /// a collection starting inside `malloc`.
    pub(super) struct Held {
        resume: bool,
    }

    impl Held {
        pub(super) fn enter() -> Option<Held> {
            if !found()
                || call_int(&IS_INITIALIZED) != 1
                || call_int(&IS_FINALIZING) == 1
                || call_int(&GIL_CHECK) != 1
                || !hooked()
            {
                return None;
            }
            Some(Held {
                resume: call_int(&GC_DISABLE) == 1,
            })
        }
    }

    impl Drop for Held {
        fn drop(&mut self) {
            if self.resume {
                call_int(&GC_ENABLE);
            }
        }
    }

    /// The calling thread's Python frames, innermost first, as (code
    /// object, line).
    pub(super) fn frames(_held: &Held, out: &mut [(usize, u32)]) -> usize {
        // SAFETY: every function was resolved by its Python name (found()
        // saw them all); `Held` proves the thread holds the GIL, the
        // interpreter is running and the collector is paused. Each new
        // reference (the thread state's frame, each frame's back and code)
        // is given back once read; the frames and codes stay alive
        // meanwhile, held by the thread's own stack.
        unsafe {
            let this: unsafe extern "C" fn() -> PyObj =
                std::mem::transmute(THIS_THREAD.load(Ordering::Relaxed));
            let get_frame: unsafe extern "C" fn(PyObj) -> PyObj =
                std::mem::transmute(GET_FRAME.load(Ordering::Relaxed));
            let get_back: unsafe extern "C" fn(PyObj) -> PyObj =
                std::mem::transmute(GET_BACK.load(Ordering::Relaxed));
            let get_code: unsafe extern "C" fn(PyObj) -> PyObj =
                std::mem::transmute(GET_CODE.load(Ordering::Relaxed));
            let get_line: unsafe extern "C" fn(PyObj) -> c_int =
                std::mem::transmute(GET_LINE.load(Ordering::Relaxed));
            let decref: unsafe extern "C" fn(PyObj) =
                std::mem::transmute(DECREF.load(Ordering::Relaxed));
            let tstate = this();
            if tstate.is_null() {
                return 0;
            }
            let mut n = 0;
            let mut frame = get_frame(tstate);
            while !frame.is_null() {
                if n < out.len() {
                    let code = get_code(frame);
                    if !code.is_null() {
                        out[n] = (code as usize, get_line(frame).max(0) as u32);
                        n += 1;
                        decref(code);
                    }
                }
                let back = get_back(frame);
                decref(frame);
                frame = back;
            }
            n
        }
    }

    /// Python's `PyMemAllocatorEx`: an allocator domain's functions and
    /// their context.
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Allocator {
        ctx: *mut c_void,
        malloc: Option<unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void>,
        calloc: Option<unsafe extern "C" fn(*mut c_void, usize, usize) -> *mut c_void>,
        realloc: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, usize) -> *mut c_void>,
        free: Option<unsafe extern "C" fn(*mut c_void, *mut c_void)>,
    }

    /// The allocators the hooks wrap, for `PYMEM_DOMAIN_MEM` and
    /// `PYMEM_DOMAIN_OBJ`: written once, with the GIL held, before the
    /// hooks that read them are installed; never written again.
    struct Saved(UnsafeCell<[Allocator; 2]>);

    // SAFETY: written once before any reader exists (see `hook`), read-only
    // afterwards.
    unsafe impl Sync for Saved {}

    static SAVED: Saved = Saved(UnsafeCell::new(
        [Allocator {
            ctx: std::ptr::null_mut(),
            malloc: None,
            calloc: None,
            realloc: None,
            free: None,
        }; 2],
    ));
    static HOOKED: AtomicBool = AtomicBool::new(false);
    static REPLACED: AtomicBool = AtomicBool::new(false);

    /// Hooks Python's own allocator (pymalloc, for objects and `PyMem_*`)
    /// the way Python documents for profilers: each domain's functions are
    /// wrapped by ones that call them, then count the bytes as `malloc`'s
    /// are counted. So Python keeps its fast allocator (no
    /// `PYTHONMALLOC=malloc`, which costs a Python program about 10% of its
    /// time) and every object's allocation is still seen at its line.
    /// What the wrapped allocator does inside (its arenas' `mmap`, large
    /// blocks' `malloc`) runs busy: passed through, counted once, here.
    ///
    /// Installed when the library starts, at the program's first
    /// allocation: before Python initialises, so no call is ever inside
    /// pymalloc when the hooks go in, and pymalloc is never entered again
    /// from within itself (the frame walk makes frame objects: it runs only
    /// while the hooks are in place, see [`hooked`]). Python keeps hooks
    /// installed before it initialises unless `PYTHONMALLOC` or `-X dev`
    /// asks for another allocator.
    pub(super) fn hook() {
        let (get, set) = (sym(b"PyMem_GetAllocator\0"), sym(b"PyMem_SetAllocator\0"));
        GET_ALLOCATOR.store(get, Ordering::Relaxed);
        if get == 0 || set == 0 || HOOKED.swap(true, Ordering::AcqRel) {
            return;
        }
        // SAFETY: PyMem_GetAllocator and PyMem_SetAllocator, resolved by
        // name, before Python runs (no other thread is inside its
        // allocator), for domains 1 (MEM) and 2 (OBJ); GetAllocator fills
        // a whole PyMemAllocatorEx. Each saved slot is written before
        // SetAllocator publishes the hook that reads it (through its ctx),
        // and only once (HOOKED).
        unsafe {
            let get: unsafe extern "C" fn(c_int, *mut Allocator) = std::mem::transmute(get);
            let set: unsafe extern "C" fn(c_int, *const Allocator) = std::mem::transmute(set);
            let saved = SAVED.0.get().cast::<Allocator>();
            for (i, domain) in [1, 2].into_iter().enumerate() {
                let slot = saved.add(i);
                get(domain, slot);
                if (*slot).malloc.is_none() || (*slot).free.is_none() {
                    continue;
                }
                let ours = Allocator {
                    ctx: slot.cast(),
                    malloc: Some(hook_malloc),
                    calloc: Some(hook_calloc),
                    realloc: Some(hook_realloc),
                    free: Some(hook_free),
                };
                set(domain, &ours);
            }
        }
    }

    /// Whether Python's object allocator is still the hook (Python replaces
    /// it when `PYTHONMALLOC` or `-X dev` asks for another one). Without
    /// the hook, an allocation could be sampled from inside pymalloc,
    /// which must not be entered again: no Python frames are read then.
    fn hooked() -> bool {
        let get = GET_ALLOCATOR.load(Ordering::Relaxed);
        if get == 0 || !HOOKED.load(Ordering::Acquire) {
            return false;
        }
        let mut now = Allocator {
            ctx: std::ptr::null_mut(),
            malloc: None,
            calloc: None,
            realloc: None,
            free: None,
        };
        // SAFETY: PyMem_GetAllocator (resolved by name) fills the struct;
        // called with the GIL held (Held::enter checked it just before).
        unsafe {
            let get: unsafe extern "C" fn(c_int, *mut Allocator) = std::mem::transmute(get);
            get(2, &mut now);
        }
        let hook: unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void = hook_malloc;
        let ours = now.malloc.is_some_and(|f| std::ptr::fn_addr_eq(f, hook));
        if !ours && !REPLACED.swap(true, Ordering::Relaxed) {
            warn(format_args!(
                "Python's allocator was replaced as it started (PYTHONMALLOC or -X dev): Python lines are not recorded; run without them"
            ));
        }
        ours
    }

    /// The wrapped allocator of a hook's `ctx`.
    fn wrapped(ctx: *mut c_void) -> Allocator {
        // SAFETY: every hook is installed with ctx pointing at its saved
        // slot in SAVED, written before and never again.
        unsafe { *ctx.cast::<Allocator>() }
    }

    unsafe extern "C" fn hook_malloc(ctx: *mut c_void, size: usize) -> *mut c_void {
        let old = wrapped(ctx);
        let busy = Busy::enter();
        // SAFETY: the wrapped domain's own malloc, with its context.
        let p = old
            .malloc
            .map_or(std::ptr::null_mut(), |f| unsafe { f(old.ctx, size) });
        drop(busy);
        on_alloc(p, size);
        p
    }

    unsafe extern "C" fn hook_calloc(ctx: *mut c_void, n: usize, size: usize) -> *mut c_void {
        let old = wrapped(ctx);
        let busy = Busy::enter();
        // SAFETY: the wrapped domain's own calloc, with its context.
        let p = old
            .calloc
            .map_or(std::ptr::null_mut(), |f| unsafe { f(old.ctx, n, size) });
        drop(busy);
        on_alloc(p, n.saturating_mul(size));
        p
    }

    unsafe extern "C" fn hook_realloc(
        ctx: *mut c_void,
        ptr: *mut c_void,
        size: usize,
    ) -> *mut c_void {
        let old = wrapped(ctx);
        on_free(ptr);
        let busy = Busy::enter();
        // SAFETY: the wrapped domain's own realloc, with its context, on
        // a block of that domain.
        let p = old
            .realloc
            .map_or(std::ptr::null_mut(), |f| unsafe { f(old.ctx, ptr, size) });
        drop(busy);
        on_alloc(p, size);
        p
    }

    unsafe extern "C" fn hook_free(ctx: *mut c_void, ptr: *mut c_void) {
        let old = wrapped(ctx);
        on_free(ptr);
        let busy = Busy::enter();
        if let Some(f) = old.free {
            // SAFETY: the wrapped domain's own free, on a block of that
            // domain.
            unsafe { f(old.ctx, ptr) };
        }
        drop(busy);
    }

    /// Keeps `code` alive while its name is cached (a strong reference:
    /// no allocation, unlike a weak reference, so it is safe at any point,
    /// even during a collection), so that no other code object can take
    /// its address and its name. Bounded like the cache.
    fn keep(code: usize) {
        let inc = INCREF.load(Ordering::Relaxed);
        if inc != 0 {
            // SAFETY: Py_IncRef (resolved by name) on a live code object
            // (on this thread's stack), with the GIL held.
            unsafe {
                let inc: unsafe extern "C" fn(PyObj) = std::mem::transmute(inc);
                inc(code as PyObj);
            }
        }
    }

    /// `name (file` of a code object, for its frames' text; the code
    /// object is kept alive from then on.
    pub(super) fn describe(code: usize) -> String {
        keep(code);
        describe_text(code)
    }

    fn describe_text(code: usize) -> String {
        let text = |attr: &[u8]| -> String {
            let (ga, au, dec) = (
                GET_ATTR.load(Ordering::Relaxed),
                AS_UTF8.load(Ordering::Relaxed),
                DECREF.load(Ordering::Relaxed),
            );
            // SAFETY: Python's functions (resolved); `code` is alive (a
            // frame on this thread's stack holds it, and the GIL is held:
            // describe runs inside the walk's sample); `attr` is
            // NUL-terminated; co_name and co_filename are plain members (no
            // Python code runs), the new reference is given back after the
            // UTF-8 is copied out.
            unsafe {
                let get_attr: unsafe extern "C" fn(PyObj, *const c_char) -> PyObj =
                    std::mem::transmute(ga);
                let as_utf8: unsafe extern "C" fn(PyObj) -> *const c_char = std::mem::transmute(au);
                let decref: unsafe extern "C" fn(PyObj) = std::mem::transmute(dec);
                let v = get_attr(code as PyObj, attr.as_ptr().cast());
                if v.is_null() {
                    return "?".to_owned();
                }
                let s = as_utf8(v);
                let out = if s.is_null() {
                    "?".to_owned()
                } else {
                    std::ffi::CStr::from_ptr(s).to_string_lossy().into_owned()
                };
                decref(v);
                out
            }
        };
        format!("{} ({}", text(b"co_name\0"), text(b"co_filename\0"))
    }
}

// ---- the allocator's entry points ----

#[unsafe(no_mangle)]
pub unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
    // SAFETY: forwarded unchanged to glibc's own malloc.
    let p = unsafe { __libc_malloc(size) };
    on_alloc(p, size);
    p
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
    // SAFETY: forwarded unchanged; glibc checks the overflow itself.
    let p = unsafe { __libc_calloc(n, size) };
    on_alloc(p, n.saturating_mul(size));
    p
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn realloc(old: *mut c_void, size: usize) -> *mut c_void {
    // The old block's sample (if any) ends here, whatever realloc returns:
    // a moved block is freed, a block grown in place is counted anew.
    on_free(old);
    // SAFETY: forwarded unchanged; `old` came from this allocator (glibc's).
    let p = unsafe { __libc_realloc(old, size) };
    if size > 0 {
        on_alloc(p, size);
    }
    p
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn free(p: *mut c_void) {
    on_free(p);
    // SAFETY: forwarded unchanged; `p` came from glibc's allocator.
    unsafe { __libc_free(p) }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn memalign(align: usize, size: usize) -> *mut c_void {
    // SAFETY: forwarded unchanged.
    let p = unsafe { __libc_memalign(align, size) };
    on_alloc(p, size);
    p
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn aligned_alloc(align: usize, size: usize) -> *mut c_void {
    // SAFETY: forwarded unchanged (glibc's aligned_alloc is its memalign).
    let p = unsafe { __libc_memalign(align, size) };
    on_alloc(p, size);
    p
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn valloc(size: usize) -> *mut c_void {
    // SAFETY: sysconf has no preconditions; then forwarded as memalign.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as usize;
    // SAFETY: forwarded to glibc's memalign with a power-of-two alignment.
    let p = unsafe { __libc_memalign(page, size) };
    on_alloc(p, size);
    p
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn posix_memalign(out: *mut *mut c_void, align: usize, size: usize) -> c_int {
    if !align.is_power_of_two() || !align.is_multiple_of(std::mem::size_of::<*mut c_void>()) {
        return libc::EINVAL;
    }
    // SAFETY: forwarded to glibc's memalign with a valid alignment.
    let p = unsafe { __libc_memalign(align, size) };
    if p.is_null() {
        return libc::ENOMEM;
    }
    // SAFETY: the caller passes a valid pointer to store the result in.
    unsafe { *out = p };
    on_alloc(p, size);
    0
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: libc::off_t,
) -> *mut c_void {
    if flags & libc::MAP_FIXED != 0 {
        // Mapped over: what was there is gone.
        on_unmap(addr as usize, len);
    }
    // SAFETY: forwarded unchanged.
    let p = unsafe { sys_mmap(addr, len, prot, flags, fd, offset) };
    if p != libc::MAP_FAILED
        && flags & libc::MAP_ANONYMOUS != 0
        && active()
        && due(len)
        && let Some(_busy) = Busy::enter()
    {
        sample(p as usize, len, Block::Mapping);
    }
    p
}

/// On 64-bit Linux, `mmap64` is `mmap`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmap64(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: libc::off_t,
) -> *mut c_void {
    // SAFETY: the same function, the same contract.
    unsafe { mmap(addr, len, prot, flags, fd, offset) }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn munmap(addr: *mut c_void, len: usize) -> c_int {
    // Written before the pages go, as `free` does: another thread's mmap
    // may get the same address the moment they are gone.
    on_unmap(addr as usize, len);
    // SAFETY: forwarded unchanged.
    unsafe { sys_munmap(addr, len) }
}
