//! Native frames named from the program's own files.
//!
//! The preload library names a native frame with what `dladdr` knows at
//! sample time: an exported symbol, else only `module+0xoffset` (a
//! program's static functions, and every function of a Rust or C++ program
//! not linked with `-rdynamic`). Once the run ends, and while its files
//! are still the ones that ran, [`symbolize`] looks each such frame up in
//! its module's debug information (DWARF, through gimli's `addr2line`) or,
//! without it, the module's symbol table, and returns the frames it names:
//! `function (file:line)`, one per inlined call, innermost first. The
//! table is saved beside the profile ([`SYMBOLS_FILE`]) so that a report
//! made later, after the program was rebuilt, still shows the lines that
//! ran.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

use crate::sites::ProfileError;

/// The file, in a profile's folder, that holds the native frames' names.
pub const SYMBOLS_FILE: &str = "symbols.txt";

/// Native frame text (as the preload library wrote it) → the frames it
/// stands for, innermost first.
pub type Symbols = BTreeMap<String, Vec<String>>;

/// A native frame's module and offset from its load address, parsed from
/// `symbol (module+0xoffset)` or `module+0xoffset`.
fn module_offset(frame: &str) -> Option<(&str, u64)> {
    let inner = match frame.strip_suffix(')') {
        Some(rest) => &rest[rest.rfind(" (")? + 2..],
        None => frame,
    };
    let (module, offset) = inner.rsplit_once("+0x")?;
    if !module.starts_with('/') {
        return None;
    }
    Some((module, u64::from_str_radix(offset, 16).ok()?))
}

/// Names every native frame among `frames` (a profile's frame texts, as
/// [`crate::sites::read_unnamed_views`] gives them) that its module's debug
/// information or symbol table can name. Modules that are gone or
/// unreadable are left as they are (their frames keep `module+0xoffset`).
pub fn symbolize(frames: &[String]) -> Symbols {
    let mut wanted: BTreeMap<&str, BTreeSet<(u64, &str)>> = BTreeMap::new();
    for frame in frames {
        if frame.contains('\t') {
            continue;
        }
        if let Some((module, offset)) = module_offset(frame) {
            wanted
                .entry(module)
                .or_default()
                .insert((offset, frame.as_str()));
        }
    }
    let mut out = Symbols::new();
    for (module, frames) in wanted {
        let Some(base) = first_load_address(Path::new(module)) else {
            continue;
        };
        let Ok(loader) = addr2line::Loader::new(module) else {
            continue;
        };
        for (offset, text) in frames {
            // A return address: the call is the byte before it.
            let probe = (base + offset).saturating_sub(1);
            let place = format!("{module}+0x{offset:x}");
            // A library's frames keep their module in the text (so that
            // they are told from the program's own) and take only a name;
            // the program's own modules get their source lines.
            let named = if crate::sites::is_library(text) {
                symbol_at(&loader, probe, &place).into_iter().collect()
            } else {
                frames_at(&loader, probe, &place)
            };
            // A name no better than dladdr's is not worth a line.
            if !named.is_empty() && named != [text] {
                out.insert(text.to_owned(), named);
            }
        }
    }
    out
}

/// The frames at `probe` (innermost first), from debug information, else
/// the symbol table; a frame without a source line keeps `module` (its
/// `module+0xoffset`), which tells library code from the program's.
fn frames_at(loader: &addr2line::Loader, probe: u64, module: &str) -> Vec<String> {
    let mut named = Vec::new();
    if let Ok(mut frames) = loader.find_frames(probe) {
        while let Ok(Some(frame)) = frames.next() {
            let Some(function) = frame.function.as_ref().and_then(|f| f.demangle().ok()) else {
                continue;
            };
            let place = frame.location.as_ref().and_then(|l| {
                let file = l.file?;
                Some(match l.line {
                    Some(line) => format!("{file}:{line}"),
                    None => file.to_owned(),
                })
            });
            named.push(match place {
                Some(place) => format!("{function} ({place})"),
                None => format!("{function} ({module})"),
            });
        }
    }
    if named.is_empty() {
        named.extend(symbol_at(loader, probe, module));
    }
    named
        .into_iter()
        .map(|f| f.replace(['\t', '\n'], " "))
        .collect()
}

/// `function (module)` from the symbol table, if it names `probe`.
fn symbol_at(loader: &addr2line::Loader, probe: u64, module: &str) -> Option<String> {
    let symbol = loader.find_symbol(probe)?;
    let function = addr2line::demangle_auto(symbol.into(), None);
    Some(format!("{function} ({module})").replace(['\t', '\n'], " "))
}

/// The address an ELF file's first loadable segment is linked at (page
/// aligned), which is where `dladdr` counts a module's offsets from: 0 for
/// shared libraries and position-independent programs.
fn first_load_address(path: &Path) -> Option<u64> {
    let headers = program_headers(path)?;
    headers
        .iter()
        .filter(|h| h.kind == PT_LOAD)
        .map(|h| h.vaddr & !0xfff)
        .min()
}

/// A loadable segment.
pub const PT_LOAD: u32 = 1;
/// The program interpreter (the dynamic loader).
pub const PT_INTERP: u32 = 3;

/// One ELF program header: its type and the address it is linked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramHeader {
    /// `p_type`.
    pub kind: u32,
    /// `p_vaddr`.
    pub vaddr: u64,
}

/// The program headers of a 64-bit little-endian ELF file; `None` if the
/// file is not one, or its headers lie beyond its first 64 KiB.
pub fn program_headers(path: &Path) -> Option<Vec<ProgramHeader>> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    if head.len() < 64 || &head[..4] != b"\x7fELF" || head[4] != 2 || head[5] != 1 {
        return None;
    }
    let bytes = |o: usize, n: usize| head.get(o..o.checked_add(n)?);
    let u16_at = |o: usize| bytes(o, 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize);
    let u32_at = |o: usize| bytes(o, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let u64_at = |o: usize| {
        bytes(o, 8).map(|b| {
            let mut a = [0u8; 8];
            a.copy_from_slice(b);
            u64::from_le_bytes(a)
        })
    };
    let phoff = usize::try_from(u64_at(32)?).ok()?;
    let (size, count) = (u16_at(54)?, u16_at(56)?);
    (0..count)
        .map(|i| {
            let o = i.checked_mul(size)?.checked_add(phoff)?;
            Some(ProgramHeader {
                kind: u32_at(o)?,
                vaddr: u64_at(o.checked_add(16)?)?,
            })
        })
        .collect()
}

/// The symbol table as saved: one line per native frame, its text then the
/// frames it stands for, separated by tabs.
pub fn to_text(symbols: &Symbols) -> String {
    let mut out = String::new();
    for (raw, named) in symbols {
        out.push_str(raw);
        for n in named {
            out.push('\t');
            out.push_str(n);
        }
        out.push('\n');
    }
    out
}

/// Reads the saved table of a profile's folder (empty when there is none:
/// a profile without native frames, or from before names were saved).
pub fn read(dir: &Path) -> Result<Symbols, ProfileError> {
    let path = dir.join(SYMBOLS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Symbols::new()),
        Err(source) => return Err(ProfileError::Io { path, source }),
    };
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let raw = parts.next()?.to_owned();
            let named: Vec<String> = parts.map(str::to_owned).collect();
            (!named.is_empty()).then_some((raw, named))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_frame_texts_give_their_module_and_offset() {
        assert_eq!(
            module_offset("/usr/bin/prog+0x117c"),
            Some(("/usr/bin/prog", 0x117c))
        );
        assert_eq!(
            module_offset("leak_here (/tmp/a b/leak+0x11b6)"),
            Some(("/tmp/a b/leak", 0x11b6))
        );
        // Python frames and bare addresses are not native module frames.
        assert_eq!(module_offset("grow (/tmp/leaky.py:5)"), None);
        assert_eq!(module_offset("0x7f00"), None);
        assert_eq!(module_offset("./relative+0x10"), None);
    }

    #[test]
    fn the_table_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Symbols::new();
        s.insert(
            "/p+0x10".into(),
            vec!["inner (a.c:3)".into(), "outer (a.c:9)".into()],
        );
        s.insert("/p+0x20".into(), vec!["main".into()]);
        std::fs::write(dir.path().join(SYMBOLS_FILE), to_text(&s)).unwrap();
        let back = read(dir.path()).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back["/p+0x10"], s["/p+0x10"]);
        assert!(read(&dir.path().join("nowhere")).unwrap().is_empty());
    }

    #[test]
    fn this_test_binary_names_its_own_code() {
        // The test executable itself: position independent, with debug
        // information (the test profile's default).
        let exe = std::fs::canonicalize(std::env::current_exe().unwrap()).unwrap();
        assert!(
            program_headers(&exe)
                .unwrap()
                .iter()
                .any(|h| h.kind == PT_LOAD)
        );
        assert_eq!(program_headers(Path::new("/nonexistent")), None);
        assert_eq!(program_headers(Path::new(file!())), None);
        // Where the executable is loaded: its first mapping, as dladdr's
        // base address.
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let exe_text = exe.display().to_string();
        let start = maps
            .lines()
            .find(|l| l.ends_with(&exe_text))
            .and_then(|l| l.split('-').next())
            .and_then(|a| u64::from_str_radix(a, 16).ok())
            .unwrap();
        let here = this_test_binary_names_its_own_code as fn() as usize as u64;
        let probe = first_load_address(&exe).unwrap() + here - start;
        let loader = addr2line::Loader::new(&exe).unwrap();
        let named = frames_at(&loader, probe, "test+0x0");
        assert!(
            named[0].contains("this_test_binary_names_its_own_code (")
                && named[0].contains("symbols.rs:"),
            "{named:?}"
        );
    }
}
