//! Writing outputs so that a crash never leaves a half-written file: the one
//! place where plotmill's front ends (the command line, the batch engine,
//! the Python package) write a file.
//!
//! Every output is written under a temporary name and renamed into place
//! when complete: a reader, a crash of the process or a kill never sees
//! half a file. [`Durability::Durable`] also waits until the file and the
//! rename are on the disk, so that a power cut cannot lose or empty it;
//! that costs a disk flush per file (0.2 ms on a fast SSD, more on network
//! storage), which is why it is asked for (`--durable`), not the default.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write '{}': {}", path.display(), why(error))]
pub struct WriteError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// Why it failed (part of the message, so not a separate source).
    pub error: io::Error,
}

/// Why a write failed, and what to do, in words: a full disk, a quota or
/// a size limit is said as such (not as the temporary file's path, which
/// the error of a failed write to it carries).
fn why(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::StorageFull => {
            "no space left on its disk; free some space, or write elsewhere".to_owned()
        }
        io::ErrorKind::QuotaExceeded => {
            "the disk quota is exceeded; free some space, or write elsewhere".to_owned()
        }
        io::ErrorKind::FileTooLarge => {
            "the file is larger than its file system or `ulimit -f` allows".to_owned()
        }
        _ => format!("{error}; check that its folder exists and is writable"),
    }
}

/// How long a write waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// Renamed into place when complete: no reader and no crash of the
    /// process sees half a file (the default, as matplotlib's `savefig`
    /// does not flush either).
    #[default]
    Atomic,
    /// As `Atomic`, and flushed to the disk (the file, then its folder's
    /// entry) before the write returns, so a power cut cannot lose it.
    Durable,
}

/// Moves the complete temporary file `tmp` (open as `file`) over `target`,
/// flushing both to the disk first when `durability` asks: the one rename
/// of every writer.
pub fn publish(file: &File, tmp: &Path, target: &Path, durability: Durability) -> io::Result<()> {
    let durable = durability == Durability::Durable;
    if durable {
        file.sync_data()?;
    }
    std::fs::rename(tmp, target)?;
    if durable {
        // The rename itself is on disk only once the folder is.
        File::open(folder_of(target))?.sync_all()?;
    }
    Ok(())
}

/// Writes `path` atomically: `write` fills a temporary file in the same
/// folder, which is renamed over `path` only once it is complete (and
/// flushed to the disk, if `durability` says so).
/// If `write` fails, `path` is untouched and the temporary file is removed.
/// The temporary file is a hidden `.NAME.PID.RANDOM.tmp` that no reader
/// mistakes for the output: a process stopped by a signal can remove its
/// own ([`remove_temps`]), and those of processes that died can be swept
/// ([`sweep_stale_temps`]; the command line does before it writes, a
/// program writing many files into one folder would rather not list the
/// folder for each).
pub fn write_atomic(
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let folder = folder_of(path);
    let fail = |error: io::Error| WriteError {
        path: path.to_path_buf(),
        error,
    };
    let prefix = temp_prefix(path, std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A temporary file is private (0600); the output gets the usual
    // permissions (0666 less the umask), as any other file the user writes.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temp = builder
        .tempfile_in(folder)
        .map_err(|e| fail(without_temp_path(e, folder)))?;
    let mut out = BufWriter::new(temp);
    write(&mut out).map_err(fail)?;
    let temp = out.into_inner().map_err(|e| fail(e.into_error()))?;
    let (file, temp) = temp.into_parts();
    publish(&file, &temp, path, durability).map_err(fail)?;
    // Renamed: there is nothing left for the guard to remove.
    let _ = temp.keep();
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `.NAME.PID.`: how the temporary files of `path` written by process
/// `pid` begin.
fn temp_prefix(path: &Path, pid: u32) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(format!(".{pid}."));
    prefix
}

/// Folder entries looked at, at most, when sweeping: a command run once per
/// file into a folder of a million files must not list it whole each time.
const SWEEP_SCAN: usize = 10_000;

/// The temporary files of `path` among the first `scan` entries of its
/// folder, with the process that wrote each.
fn temps_of(path: &Path, scan: usize) -> Vec<(PathBuf, u32)> {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".");
    let (Some(name), Ok(entries)) = (name.to_str(), std::fs::read_dir(folder_of(path))) else {
        return Vec::new();
    };
    entries
        .take(scan)
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file = entry.file_name();
            let rest = file.to_str()?.strip_prefix(name)?.strip_suffix(".tmp")?;
            let pid = rest.split_once('.')?.0.parse().ok()?;
            Some((entry.path(), pid))
        })
        .collect()
}

/// Removes the temporary files of `path` that process `pid` (this one, from
/// a signal handler's thread) left. Returns how many there were.
pub fn remove_temps(path: &Path, pid: u32) -> usize {
    temps_of(path, usize::MAX)
        .into_iter()
        .filter(|(temp, p)| *p == pid && std::fs::remove_file(temp).is_ok())
        .count()
}

/// Removes the temporary files of `path` left by processes that no longer
/// run (killed with SIGKILL, or by a power cut), among the first 10,000
/// entries of its folder (a best effort that stays cheap in huge folders).
/// Returns how many.
pub fn sweep_stale_temps(path: &Path) -> usize {
    temps_of(path, SWEEP_SCAN)
        .into_iter()
        .filter(|(temp, pid)| !is_running(*pid) && std::fs::remove_file(temp).is_ok())
        .inspect(
            |(temp, _)| tracing::info!(file = %temp.display(), "removed a stale temporary file"),
        )
        .count()
}

/// Whether process `pid` runs (or may: where it cannot be told, yes).
fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // Signal 0 checks the process without touching it; EPERM means it
        // exists but is someone else's.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// tempfile's errors name its random temporary path, which the user never
/// asked for; the message names the output already. Say what is wrong with
/// the folder (it is missing, or not a folder) where that is the cause, and
/// otherwise only the kind of failure.
fn without_temp_path(error: io::Error, folder: &Path) -> io::Error {
    if error.get_ref().is_none() {
        return error;
    }
    match std::fs::metadata(folder) {
        Err(e) => e,
        Ok(m) if !m.is_dir() => {
            io::Error::new(io::ErrorKind::NotADirectory, "its folder is a file")
        }
        Ok(_) => io::Error::from(error.kind()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_said_as_such() {
        let err = |kind| {
            WriteError {
                path: PathBuf::from("/out/x.png"),
                error: io::Error::new(kind, "at path \"/out/.x.png.1.tmp\""),
            }
            .to_string()
        };
        assert_eq!(
            err(io::ErrorKind::StorageFull),
            "cannot write '/out/x.png': no space left on its disk; free some space, or write elsewhere"
        );
        assert!(err(io::ErrorKind::QuotaExceeded).contains("quota"));
        assert!(err(io::ErrorKind::FileTooLarge).contains("ulimit -f"));
        assert!(
            err(io::ErrorKind::NotFound).ends_with("check that its folder exists and is writable")
        );
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        for durability in [Durability::Atomic, Durability::Durable] {
            write_atomic(&path, durability, |w| w.write_all(b"a,b\n")).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
            assert_eq!(files(dir.path()), ["out.csv"]);
        }
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, Durability::Atomic, |w| w.write_all(b"x")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // 0666 less the umask: readable by others unless the umask says no.
        assert_ne!(mode, 0o600, "{mode:o}");
        assert!(mode & 0o600 == 0o600, "{mode:o}");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, b"old").unwrap();
        let err = write_atomic(&path, Durability::Atomic, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("disk on fire"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk on fire"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(files(dir.path()), ["out.csv"]);
    }

    #[test]
    fn temporary_files_of_dead_processes_are_swept_and_a_process_removes_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.csv");
        // A process that has exited: its pid runs no more.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let me = std::process::id();
        for (name, pid) in [("abc", dead), ("def", me)] {
            std::fs::write(
                dir.path().join(format!(".c.csv.{pid}.{name}.tmp")),
                b"partial",
            )
            .unwrap();
        }
        // Another output's temporary file, and one of a running process
        // (pid 1), are left alone.
        std::fs::write(dir.path().join(format!(".d.csv.{dead}.x.tmp")), b"").unwrap();
        std::fs::write(dir.path().join(".c.csv.1.y.tmp"), b"").unwrap();
        assert_eq!(sweep_stale_temps(&path), 1);
        write_atomic(&path, Durability::Atomic, |w| w.write_all(b"x")).unwrap();
        assert_eq!(
            files(dir.path()),
            [
                ".c.csv.1.y.tmp".to_owned(),
                format!(".c.csv.{me}.def.tmp"),
                format!(".d.csv.{dead}.x.tmp"),
                "c.csv".to_owned()
            ]
        );
        assert_eq!(remove_temps(&path, me), 1);
        assert_eq!(
            files(dir.path()),
            [
                ".c.csv.1.y.tmp".to_owned(),
                format!(".d.csv.{dead}.x.tmp"),
                "c.csv".to_owned()
            ]
        );
    }

    #[test]
    fn a_missing_folder_is_named() {
        let err = write_atomic(
            Path::new("/nonexistent-dir/x.csv"),
            Durability::Durable,
            |_| Ok(()),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot write '/nonexistent-dir/x.csv'"),
            "{err}"
        );
    }
}
