//! Where the memory is: reading the allocation profiles that
//! `plotmill mem where`'s preload library writes (one `<pid>.where` file per
//! process), and turning them into views by call stack.
//!
//! Three views, each a set of stacks with bytes:
//!
//! - **peak**: what was live when the estimated live bytes were highest;
//! - **leak**: what was still live at the program's end (for Python, when
//!   its `atexit` handlers ran, before the interpreter frees its modules);
//! - **growth**: what was live at the end minus what was live at the end of
//!   the run's first third, per stack (what kept growing).
//!
//! Each sampled allocation stands for the bytes the sampler says (an
//! unbiased estimate), so the views are estimates too; their error shrinks
//! as the bytes grow beyond the sampling rate.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Why a profile could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// Which.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The folder holds no profile.
    #[error(
        "{0}: no allocation profile (*.where) here; was the program dynamically linked and run by `plotmill mem where`?"
    )]
    Empty(PathBuf),
    /// A line is not what the preload library writes.
    #[error("{path}: line {line}: not a profile line ({text:?})")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The line number, from 1.
        line: usize,
        /// The line's start.
        text: String,
    },
}

/// The views of one run (all its processes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Views {
    /// Frame texts; a stack is a list of indices, outermost first.
    pub frames: Vec<String>,
    /// The peak view: stack → bytes.
    pub peak: BTreeMap<Vec<u32>, u64>,
    /// Estimated live bytes at the peak.
    pub peak_bytes: u64,
    /// When the peak was, ms from the start of its process.
    pub peak_ms: u64,
    /// The leak view: stack → bytes live at the end.
    pub leak: BTreeMap<Vec<u32>, u64>,
    /// The growth view: stack → bytes grown from the end of the first third
    /// to the end (only stacks that grew).
    pub growth: BTreeMap<Vec<u32>, u64>,
    /// Estimated bytes allocated in all (freed or not).
    pub allocated: u64,
    /// Sampled allocations.
    pub samples: u64,
    /// The sampling rate (mean bytes between samples).
    pub rate: u64,
    /// Processes profiled.
    pub processes: usize,
    /// Run length, ms (the longest process).
    pub duration_ms: u64,
    /// What the profiled processes' libraries warned about (once each).
    pub warnings: Vec<String>,
}

/// One process's file, parsed.
struct Events {
    frames: HashMap<u32, String>,
    stacks: HashMap<u32, Vec<u32>>,
    /// (ms, address, bytes or 0 for a free, stack).
    events: Vec<(u64, u64, u64, u32)>,
    /// Where the program's own end is among the events (the file's order:
    /// threads stamp their times before they take turns writing, so an
    /// event just after the mark may carry the same millisecond).
    exit_at: Option<usize>,
    warnings: Vec<String>,
    end_ms: u64,
    rate: u64,
    pid: String,
}

fn read_events(path: &Path) -> Result<Events, ProfileError> {
    let io = |source| ProfileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut out = Events {
        frames: HashMap::new(),
        stacks: HashMap::new(),
        events: Vec::new(),
        exit_at: None,
        warnings: Vec::new(),
        end_ms: 0,
        rate: 0,
        pid: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let mut lines = BufReader::new(file).split(b'\n').enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        // Lossy: a last line cut inside a character by a crash or a full
        // disk is still read (and then left out as cut).
        let line = String::from_utf8_lossy(&line.map_err(io)?).into_owned();
        if parse_line(&mut out, &line, i == 0).is_none() {
            // The last line cut by a crash mid-write: the profile ends
            // before it. Anywhere else, the file is not a profile.
            if lines.peek().is_none() && i > 0 {
                out.warnings.push(format!(
                    "process {}: its profile ends in a cut line (the process was killed while writing it, or the disk was full); the views stop there",
                    out.pid
                ));
                break;
            }
            return Err(ProfileError::Malformed {
                path: path.to_path_buf(),
                line: i + 1,
                text: line.chars().take(60).collect(),
            });
        }
    }
    Ok(out)
}

/// Adds one line's content; `None` if it is not a profile line.
fn parse_line(out: &mut Events, line: &str, first: bool) -> Option<()> {
    let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<u64>().ok());
    let hex = |s: Option<&str>| s.and_then(|s| u64::from_str_radix(s, 16).ok());
    if first != (tag == "plotmill-where") {
        return None;
    }
    match tag {
        "plotmill-where" => {
            for field in rest.split(' ') {
                if let Some(r) = field.strip_prefix("rate=") {
                    out.rate = r.parse().ok()?;
                }
            }
        }
        "F" => {
            let (id, text) = rest.split_once(' ')?;
            out.frames.insert(id.parse().ok()?, text.to_owned());
        }
        "S" => {
            let mut ids = rest.split(' ').filter(|s| !s.is_empty());
            let id = num(ids.next())? as u32;
            let frames = ids
                .map(|f| f.parse::<u32>().ok())
                .collect::<Option<Vec<_>>>()?;
            out.stacks.insert(id, frames);
        }
        "A" => {
            let mut f = rest.split(' ');
            let ms = num(f.next())?;
            let addr = hex(f.next())?;
            let bytes = num(f.next())?;
            let stack = num(f.next())? as u32;
            out.end_ms = out.end_ms.max(ms);
            out.events.push((ms, addr, bytes.max(1), stack));
        }
        "D" => {
            let mut f = rest.split(' ');
            let ms = num(f.next())?;
            let addr = hex(f.next())?;
            out.end_ms = out.end_ms.max(ms);
            out.events.push((ms, addr, 0, 0));
        }
        "X" => {
            num(Some(rest))?;
            out.exit_at = Some(out.events.len());
        }
        "E" => out.end_ms = out.end_ms.max(num(Some(rest))?),
        "W" => out.warnings.push(rest.to_owned()),
        _ => return None,
    }
    Some(())
}

/// The profile files of a run folder, in name order.
pub fn profile_files(dir: &Path) -> Result<Vec<PathBuf>, ProfileError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ProfileError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "where"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(ProfileError::Empty(dir.to_path_buf()));
    }
    Ok(files)
}

/// Reads every process's profile in `dir` and computes the views, with
/// the native frames named as the folder's
/// [`crate::symbols::SYMBOLS_FILE`] names them, when it has them.
pub fn read_views(dir: &Path) -> Result<Views, ProfileError> {
    Ok(read_unnamed_views(dir)?.named(&crate::symbols::read(dir)?))
}

/// Reads every process's profile in `dir` and computes the views, the
/// native frames as the preload library wrote them. With more than one
/// process, each stack starts with a `process <pid>` frame.
pub fn read_unnamed_views(dir: &Path) -> Result<Views, ProfileError> {
    // Processes that sampled nothing (a shell, a wrapper that exec'd the
    // program) are left out of the count and of the stacks' prefixes.
    let mut profiles = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    for path in profile_files(dir)? {
        let ev = read_events(&path)?;
        for w in &ev.warnings {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        if !ev.events.is_empty() {
            profiles.push(ev);
        }
    }
    let mut views = Views {
        processes: profiles.len(),
        warnings,
        ..Views::default()
    };
    let mut frame_ids: HashMap<String, u32> = HashMap::new();
    let mut intern = |views: &mut Views, text: &str| -> u32 {
        if let Some(id) = frame_ids.get(text) {
            return *id;
        }
        let id = views.frames.len() as u32;
        views.frames.push(text.to_owned());
        frame_ids.insert(text.to_owned(), id);
        id
    };
    let several = profiles.len() > 1;
    for ev in &profiles {
        views.rate = views.rate.max(ev.rate);
        views.duration_ms = views.duration_ms.max(ev.end_ms);
        // This process's stacks in the run's frame numbering.
        let prefix = several.then(|| format!("process {}", ev.pid));
        let mut stacks: HashMap<u32, Vec<u32>> = HashMap::new();
        // In the file's numbering, so that the run's numbering (and the
        // order of what is written from it) is the same every time.
        let mut ordered: Vec<(&u32, &Vec<u32>)> = ev.stacks.iter().collect();
        ordered.sort_unstable_by_key(|(id, _)| **id);
        for (id, frames) in ordered {
            let mut s = Vec::with_capacity(frames.len() + 1);
            if let Some(p) = &prefix {
                s.push(intern(&mut views, p));
            }
            for f in frames {
                let text = ev
                    .frames
                    .get(f)
                    .map_or("<more frames than the profile keeps>", String::as_str);
                s.push(intern(&mut views, text));
            }
            if frames.is_empty() {
                s.push(intern(
                    &mut views,
                    "<no Python frames: before Python started, or a thread without the GIL (--native shows its C frames)>",
                ));
            }
            stacks.insert(*id, s);
        }
        let unknown = vec![intern(&mut views, "<more stacks than the profile keeps>")];
        let stack_of = |id: u32| stacks.get(&id).cloned().unwrap_or_else(|| unknown.clone());
        fold(ev, &stack_of, &mut views);
    }
    Ok(views)
}

/// Replays one process's events into the views.
fn fold(ev: &Events, stack_of: &dyn Fn(u32) -> Vec<u32>, views: &mut Views) {
    let third = ev.end_ms / 3;
    let end = ev.exit_at.unwrap_or(ev.events.len());
    let mut live: HashMap<u64, (u64, u32)> = HashMap::new();
    let mut by_stack: HashMap<u32, i64> = HashMap::new();
    let mut total: u64 = 0;
    let mut peak: u64 = 0;
    let mut peak_ms: u64 = 0;
    let mut peak_view: HashMap<u32, i64> = HashMap::new();
    let mut at_third: Option<HashMap<u32, i64>> = None;
    let mut at_end: Option<HashMap<u32, i64>> = None;
    for (i, &(ms, addr, bytes, stack)) in ev.events.iter().enumerate() {
        if at_third.is_none() && ms > third {
            at_third = Some(by_stack.clone());
        }
        if i == end {
            at_end = Some(by_stack.clone());
        }
        if bytes > 0 {
            if let Some((b, s)) = live.insert(addr, (bytes, stack)) {
                // An address sampled again without its free (realloc in
                // place): the old sample ends here.
                total = total.saturating_sub(b);
                *by_stack.entry(s).or_default() -= b as i64;
            }
            total += bytes;
            *by_stack.entry(stack).or_default() += bytes as i64;
            views.allocated += bytes;
            views.samples += 1;
            // A new peak, by at least 0.5%: take its picture.
            if total > peak + peak / 200 {
                peak = total;
                peak_ms = ms;
                peak_view = by_stack.clone();
            }
        } else if let Some((b, s)) = live.remove(&addr) {
            total = total.saturating_sub(b);
            *by_stack.entry(s).or_default() -= b as i64;
        }
    }
    let at_end = at_end.unwrap_or_else(|| by_stack.clone());
    let at_third = at_third.unwrap_or_else(|| by_stack.clone());
    let add = |view: &mut BTreeMap<Vec<u32>, u64>, stack: u32, bytes: i64| {
        if bytes > 0 {
            *view.entry(stack_of(stack)).or_default() += bytes as u64;
        }
    };
    if peak > views.peak_bytes {
        views.peak_bytes = peak;
        views.peak_ms = peak_ms;
        views.peak.clear();
        for (s, b) in &peak_view {
            add(&mut views.peak, *s, *b);
        }
    }
    for (s, b) in &at_end {
        add(&mut views.leak, *s, *b);
        let grown = b - at_third.get(s).copied().unwrap_or(0);
        add(&mut views.growth, *s, grown);
    }
}

/// One line of the table: a site (a stack's innermost frame) and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// The innermost frame's text.
    pub frame: String,
    /// The frame above it (who called), if any.
    pub caller: Option<String>,
    /// Bytes.
    pub bytes: u64,
    /// Share of the view's total, 0..1.
    pub share: f64,
}

impl Views {
    /// The views with frames renamed as `names` says (a native frame's text
    /// → the frames it stands for, innermost first, as
    /// [`crate::symbols::symbolize`] gives them); stacks that become the
    /// same are merged.
    pub fn named(self, names: &crate::symbols::Symbols) -> Views {
        if names.is_empty() {
            return self;
        }
        let mut frames: Vec<String> = Vec::new();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        // Each old frame → its new frames, outermost first.
        let expand: Vec<Vec<u32>> = self
            .frames
            .iter()
            .map(|text| {
                let parts: Vec<&str> = match names.get(text) {
                    Some(named) => named.iter().rev().map(String::as_str).collect(),
                    None => vec![text.as_str()],
                };
                parts
                    .into_iter()
                    .map(|part| {
                        *ids.entry(part).or_insert_with(|| {
                            frames.push(part.to_owned());
                            frames.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let rename = |view: BTreeMap<Vec<u32>, u64>| {
            let mut out: BTreeMap<Vec<u32>, u64> = BTreeMap::new();
            for (stack, bytes) in view {
                let stack = stack
                    .iter()
                    .flat_map(|f| expand[*f as usize].iter().copied())
                    .collect();
                *out.entry(stack).or_default() += bytes;
            }
            out
        };
        Views {
            peak: rename(self.peak),
            leak: rename(self.leak),
            growth: rename(self.growth),
            frames,
            ..self
        }
    }

    /// The `n` sites with the most bytes in `view`, by innermost frame.
    pub fn top(&self, view: &BTreeMap<Vec<u32>, u64>, n: usize) -> Vec<Site> {
        let total: u64 = view.values().sum();
        let mut sites: HashMap<(u32, Option<u32>), u64> = HashMap::new();
        for (stack, bytes) in view {
            let leaf = stack.last().copied().unwrap_or(0);
            let caller = stack.len().checked_sub(2).map(|i| stack[i]);
            *sites.entry((leaf, caller)).or_default() += bytes;
        }
        rank(
            sites.into_iter().map(|((leaf, caller), bytes)| Site {
                frame: self.frame(leaf).to_owned(),
                caller: caller.map(|c| self.frame(c).to_owned()),
                bytes,
                share: 0.0,
            }),
            total,
            n,
        )
    }

    /// The `n` lines of the program's own code with the most bytes in
    /// `view` under them: for each stack, its innermost frame that is not
    /// in a library (Python's standard library, site-packages, frozen
    /// modules, shared libraries under /lib or /usr). This is where a user
    /// changes something.
    pub fn top_own(&self, view: &BTreeMap<Vec<u32>, u64>, n: usize) -> Vec<Site> {
        let total: u64 = view.values().sum();
        let mut sites: HashMap<u32, u64> = HashMap::new();
        for (stack, bytes) in view {
            if let Some(own) = stack.iter().rev().find(|f| !is_library(self.frame(**f))) {
                *sites.entry(*own).or_default() += bytes;
            }
        }
        rank(
            sites.into_iter().map(|(f, bytes)| Site {
                frame: self.frame(f).to_owned(),
                caller: None,
                bytes,
                share: 0.0,
            }),
            total,
            n,
        )
    }

    fn frame(&self, id: u32) -> &str {
        self.frames.get(id as usize).map_or("?", String::as_str)
    }

    /// The view as collapsed stacks (`outer;…;inner bytes` per line), the
    /// text that flame graph tools read.
    pub fn collapsed(&self, view: &BTreeMap<Vec<u32>, u64>) -> String {
        let mut out = String::new();
        for (stack, bytes) in view {
            let names: Vec<&str> = stack.iter().map(|f| self.frame(*f)).collect();
            out.push_str(&names.join(";").replace('\n', " "));
            out.push(' ');
            out.push_str(&bytes.to_string());
            out.push('\n');
        }
        out
    }
}

/// The `n` sites with the most bytes, with their share of `total`.
fn rank(sites: impl Iterator<Item = Site>, total: u64, n: usize) -> Vec<Site> {
    let mut sites: Vec<Site> = sites
        .map(|s| Site {
            share: if total > 0 {
                s.bytes as f64 / total as f64
            } else {
                0.0
            },
            ..s
        })
        .collect();
    sites.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.frame.cmp(&b.frame)));
    sites.truncate(n);
    sites
}

/// Whether a frame's text places it in library code rather than the
/// program's own: the profile's placeholders, a process, Python's standard
/// library and installed packages, shared libraries of the system, Rust's
/// standard library and registry crates (by their source path, or by name
/// when a frame has no line). A script's `<module>`, `<lambda>` and
/// comprehensions are the program's own.
pub fn is_library(frame: &str) -> bool {
    let name = frame.split(" (").next().unwrap_or(frame);
    let rust_std = [
        "std::",
        "core::",
        "alloc::",
        "hashbrown::",
        "__rust",
        "__rdl_",
        "__rg_",
    ]
    .iter()
    .any(|p| name.trim_start_matches(['<', '&']).starts_with(p));
    // A native frame without a symbol: `module+0xoffset`.
    let system_module = ["/usr/", "/lib/", "/lib64/"]
        .iter()
        .any(|p| frame.starts_with(p));
    // The Python interpreter's own native frames, wherever it is installed
    // (pyenv, conda, /opt): its executable or libpython.
    let module = frame
        .rsplit_once("+0x")
        .map(|(m, _)| m.rsplit(['(', '/']).next().unwrap_or(m));
    let interpreter = module.is_some_and(|m| m.starts_with("libpython") || m.starts_with("python"));
    rust_std
        || system_module
        || interpreter
        || frame.starts_with("<no ")
        || frame.starts_with("<more ")
        || frame.starts_with("process ")
        || [
            "/site-packages/",
            "/dist-packages/",
            "<frozen ",
            // Code made from a string: `.pth` lines at start-up, generated
            // classes; the line that ran it is the program's.
            "(<string>:",
            "/lib/python3",
            "(/lib/",
            "(/usr/",
            "(/lib64/",
            // Rust's standard library and crates from a registry.
            "(/rustc/",
            "/.cargo/registry/",
        ]
        .iter()
        .any(|p| frame.contains(p))
}

/// A frame's text with library paths cut to the package's own (for labels:
/// `…/site-packages/matplotlib/figure.py` becomes `matplotlib/figure.py`,
/// `…/lib/python3.11/json/decoder.py` becomes `json/decoder.py`).
pub fn short_frame(frame: &str) -> String {
    let Some(open) = frame.find(" (") else {
        return frame.to_owned();
    };
    let (name, place) = frame.split_at(open + 2);
    for marker in ["/site-packages/", "/dist-packages/"] {
        if let Some(i) = place.rfind(marker) {
            return format!("{name}{}", &place[i + marker.len()..]);
        }
    }
    if let Some(i) = place.find("/lib/python3") {
        // Past the version folder: ".../lib/python3.11/json/decoder.py".
        if let Some(j) = place[i + 1..]
            .find('/')
            .and_then(|j| place[i + 1 + j + 1..].find('/').map(|k| i + 1 + j + 1 + k))
        {
            return format!("{name}{}", &place[j + 1..]);
        }
    }
    frame.to_owned()
}

/// Bytes as people read them: 512 B, 3.2 KiB, 41.0 MiB, 1.20 GiB.
pub fn human_bytes(b: u64) -> String {
    const K: f64 = 1024.0;
    let f = b as f64;
    if f < K {
        format!("{b} B")
    } else if f < K * K {
        format!("{:.1} KiB", f / K)
    } else if f < K * K * K {
        format!("{:.1} MiB", f / K / K)
    } else {
        format!("{:.2} GiB", f / K / K / K)
    }
}

/// A flame graph of `view` as a standalone SVG: frames as boxes (outermost
/// at the bottom), widths in proportion to bytes, a tooltip on each, and a
/// click zooms into a frame (click the bottom bar to zoom out).
pub fn flame_graph(views: &Views, view: &BTreeMap<Vec<u32>, u64>, title: &str) -> String {
    #[derive(Default)]
    struct Node {
        bytes: u64,
        children: BTreeMap<u32, Node>,
    }
    let mut root = Node::default();
    for (stack, bytes) in view {
        root.bytes += bytes;
        let mut node = &mut root;
        for f in stack {
            node = node.children.entry(*f).or_default();
            node.bytes += bytes;
        }
    }
    fn depth(n: &Node) -> usize {
        1 + n.children.values().map(depth).max().unwrap_or(0)
    }
    let rows = depth(&root);
    let (width, row, top) = (1200.0, 17.0, 50.0);
    let height = top + rows as f64 * row + 30.0;
    let mut body = String::new();
    let total = root.bytes.max(1) as f64;
    // Boxes, depth-first; y grows up from the bottom.
    struct Ctx<'a> {
        views: &'a Views,
        body: &'a mut String,
        total: f64,
        width: f64,
        row: f64,
        base: f64,
    }
    fn draw(ctx: &mut Ctx<'_>, name: &str, node: &Node, x: f64, level: usize) {
        let w = node.bytes as f64 / ctx.total * (ctx.width - 20.0);
        if w < 0.3 {
            return;
        }
        let y = ctx.base - (level + 1) as f64 * ctx.row;
        let hash = name
            .bytes()
            .fold(5381u32, |h, b| h.wrapping_mul(33) ^ u32::from(b));
        let (r, g, b) = (
            205 + hash % 50,
            80 + (hash >> 8) % 120,
            40 + (hash >> 16) % 40,
        );
        let label = escape(name);
        let tip = format!(
            "{label} — {} ({:.1}%)",
            human_bytes(node.bytes),
            node.bytes as f64 / ctx.total * 100.0
        );
        let _ = std::fmt::Write::write_fmt(
            ctx.body,
            format_args!(
                "<g class=\"f\" data-x=\"{:.2}\" data-w=\"{:.2}\"><title>{tip}</title><rect x=\"{:.2}\" y=\"{y:.1}\" width=\"{:.2}\" height=\"{:.1}\" rx=\"2\" fill=\"rgb({r},{g},{b})\"/><text x=\"{:.2}\" y=\"{:.1}\">{}</text></g>\n",
                x,
                w,
                x,
                w,
                ctx.row - 1.0,
                x + 3.0,
                y + ctx.row - 5.0,
                escape(&fit(&short_frame(name), w))
            ),
        );
        let mut cx = x;
        for (f, child) in &node.children {
            let text = ctx.views.frame(*f).to_owned();
            draw(ctx, &text, child, cx, level + 1);
            cx += child.bytes as f64 / ctx.total * (ctx.width - 20.0);
        }
    }
    let mut ctx = Ctx {
        views,
        body: &mut body,
        total,
        width,
        row,
        base: height - 20.0,
    };
    draw(
        &mut ctx,
        &format!("all: {}", human_bytes(root.bytes)),
        &root,
        10.0,
        0,
    );
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="11">
<style>.f text {{ pointer-events: none; fill: #000; }} .f:hover rect {{ stroke: #000; stroke-width: 0.6; }}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="{}" y="24" font-size="17" text-anchor="middle">{}</text>
<text x="10" y="42" fill="#555">Widths are bytes. Hover for a frame's bytes; click a frame to zoom in, the bottom bar to zoom out.</text>
{body}<script><![CDATA[
(function () {{
  var gs = Array.prototype.slice.call(document.querySelectorAll('g.f'));
  function zoom(x, w) {{
    var k = {inner} / w;
    gs.forEach(function (g) {{
      var gx = parseFloat(g.dataset.x), gw = parseFloat(g.dataset.w);
      var nx = 10 + (gx - x) * k, nw = gw * k;
      var r = g.querySelector('rect'), t = g.querySelector('text');
      var off = nx + nw < 10 || nx > {right};
      g.style.display = off ? 'none' : '';
      r.setAttribute('x', nx); r.setAttribute('width', Math.max(nw, 0));
      t.setAttribute('x', nx + 3);
      var full = t.dataset.full || t.textContent; t.dataset.full = full;
      var fits = Math.floor((nw - 6) / 6.5);
      t.textContent = fits < 3 ? '' : (full.length > fits ? full.slice(0, fits - 1) + '…' : full);
    }});
  }}
  gs.forEach(function (g) {{
    g.addEventListener('click', function () {{ zoom(parseFloat(g.dataset.x), parseFloat(g.dataset.w)); }});
  }});
}})();
]]></script>
</svg>
"##,
        width / 2.0,
        escape(title),
        inner = width - 20.0,
        right = width - 10.0,
    )
}

/// The label cut to what fits in `w` points (about 6.5 per character).
fn fit(label: &str, w: f64) -> String {
    let fits = ((w - 6.0) / 6.5).floor();
    if fits < 3.0 {
        return String::new();
    }
    let fits = fits as usize;
    if label.chars().count() <= fits {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(fits - 1).collect();
        s.push('…');
        s
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn views_replay_allocations_and_frees() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "1.where",
            "plotmill-where 1 rate=1000 pid=1 native=0
F 1 <module> (app.py:10)
F 2 grow (app.py:3)
F 3 churn (app.py:7)
S 1 1 2
S 2 1 3
A 0 10 500 1
A 1 20 900 2
D 2 20
A 5 30 500 1
A 6 40 900 2
D 7 40
A 8 50 500 1
X 10
D 10 10
D 10 30
D 10 50
W Python 3.9.2 lacks the C API
E 10
",
        );
        let v = read_views(dir.path()).unwrap();
        assert_eq!(v.warnings, ["Python 3.9.2 lacks the C API"]);
        let grow = vec![0u32, 1];
        // Live at X: three grow samples; churn freed each at once. The
        // frees after X in the file count after it, though they carry its
        // millisecond.
        assert_eq!(v.leak.get(&grow), Some(&1500));
        assert_eq!(v.leak.len(), 1);
        // The peak: two grow samples and a churn one, at 6 ms.
        assert_eq!(v.peak_bytes, 1900);
        assert_eq!(v.peak_ms, 6);
        assert_eq!(v.peak.get(&vec![0u32, 2]), Some(&900));
        // Growth from the first third (3 ms: one grow sample live) to X.
        assert_eq!(v.growth.get(&grow), Some(&1000));
        assert_eq!(v.samples, 5);
        assert_eq!(v.allocated, 3300);
        let own = v.top_own(&v.leak, 5);
        assert_eq!(own[0].frame, "grow (app.py:3)");
        assert!(is_library(
            "get_code (<frozen importlib._bootstrap_external>:1069)"
        ));
        assert!(is_library(
            "figure (/v/lib/python3.11/site-packages/matplotlib/pyplot.py:934)"
        ));
        assert!(!is_library("main (/home/me/job.py:12)"));
        // A script's top level and comprehensions are its own code.
        assert!(!is_library("<module> (/home/me/job.py:3)"));
        assert!(!is_library("<listcomp> (/home/me/job.py:4)"));
        assert!(is_library("<no Python frames: before Python started>"));
        assert!(is_library("<module> (<string>:2)"));
        // Rust's standard library, inlined into the program without lines.
        assert!(is_library(
            "<alloc::raw_vec::RawVecInner>::try_allocate_in (/tmp/leak+0x43306)"
        ));
        assert!(is_library(
            "alloc::raw_vec::RawVecInner<A>::with_capacity_in (/rustc/5980/library/alloc/src/raw_vec/mod.rs:433)"
        ));
        assert!(!is_library("leak::leak_here (/tmp/leak.rs:4)"));
        assert!(is_library("/usr/bin/bash+0x321c9"));
        assert!(is_library(
            "PyByteArray_Resize (/root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0+0x14a8c8)"
        ));
        assert!(is_library("/opt/conda/bin/python3.12+0x1951c7"));
        assert!(!is_library("/home/me/worker+0x1170"));
        assert_eq!(
            short_frame("figure (/v/lib/python3.11/site-packages/matplotlib/pyplot.py:934)"),
            "figure (matplotlib/pyplot.py:934)"
        );
        assert_eq!(
            short_frame("decode (/usr/lib/python3.11/json/decoder.py:337)"),
            "decode (json/decoder.py:337)"
        );
        assert_eq!(
            short_frame("main (/home/me/job.py:12)"),
            "main (/home/me/job.py:12)"
        );
        let top = v.top(&v.leak, 5);
        assert_eq!(top[0].frame, "grow (app.py:3)");
        assert_eq!(top[0].caller.as_deref(), Some("<module> (app.py:10)"));
        assert_eq!(
            v.collapsed(&v.leak),
            "<module> (app.py:10);grow (app.py:3) 1500\n"
        );
        let svg = flame_graph(&v, &v.leak, "leak");
        // Labels are cut before they are escaped: no entity is cut in two.
        let narrow = fit("<module> (app.py:10)", 30.0);
        assert_eq!(narrow, "<m…");
        assert_eq!(escape(&narrow), "&lt;m…");
        assert!(svg.contains("grow (app.py:3) — 1.5 KiB (100.0%)"), "{svg}");
    }

    #[test]
    fn naming_expands_inlined_frames_and_merges_the_stacks_that_meet() {
        let views = Views {
            frames: vec!["main".into(), "/p+0x10".into(), "/p+0x20".into()],
            leak: BTreeMap::from([(vec![0, 1], 100), (vec![0, 2], 50)]),
            peak: BTreeMap::from([(vec![0, 2], 7)]),
            ..Views::default()
        };
        // Two return addresses in the same inlined call: innermost first.
        let inlined = vec!["inner (a.c:3)".to_owned(), "outer (a.c:9)".to_owned()];
        let names = crate::symbols::Symbols::from([
            ("/p+0x10".to_owned(), inlined.clone()),
            ("/p+0x20".to_owned(), inlined),
        ]);
        let named = views.named(&names);
        assert_eq!(named.frames, ["main", "outer (a.c:9)", "inner (a.c:3)"]);
        assert_eq!(named.leak, BTreeMap::from([(vec![0, 1, 2], 150)]));
        assert_eq!(named.peak, BTreeMap::from([(vec![0, 1, 2], 7)]));
    }

    #[test]
    fn a_profile_cut_by_a_crash_ends_before_the_cut_line() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "2.where",
            "plotmill-where 1 rate=1000 pid=2 native=0\nS 1\nA 0 10 500 1\nA 1 2",
        );
        let v = read_views(dir.path()).unwrap();
        assert_eq!(v.samples, 1);
        assert!(
            v.warnings[0].contains("process 2: its profile ends in a cut line"),
            "{:?}",
            v.warnings
        );
        // Cut inside a character (a frame named in UTF-8).
        std::fs::write(
            dir.path().join("2.where"),
            b"plotmill-where 1 rate=1000 pid=2 native=0\nS 1\nA 0 10 500 1\nF 1 caf\xc3",
        )
        .unwrap();
        assert_eq!(read_views(dir.path()).unwrap().samples, 1);
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_views(empty.path()),
            Err(ProfileError::Empty(_))
        ));
    }
}
