//! Writing outputs so that a crash never leaves a half-written file.

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write '{}': {error}; check that its folder exists and is writable", path.display())]
pub struct WriteError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// Why it failed (part of the message, so not a separate source).
    pub error: io::Error,
}

/// Writes `path` atomically: `write` fills a temporary file in the same
/// folder, which is renamed over `path` only once it is complete and flushed.
/// If `write` fails (or the process dies), `path` is untouched and the
/// temporary file is removed (or, after a crash, left as a hidden
/// `.name.*.tmp` file that no reader mistakes for the output).
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |error: io::Error| WriteError {
        path: path.to_path_buf(),
        error,
    };
    let mut prefix = OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
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
    temp.as_file().sync_data().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
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
        write_atomic(&path, |w| w.write_all(b"a,b\n")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        assert_eq!(files(dir.path()), ["out.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, |w| w.write_all(b"x")).unwrap();
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
        let err = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("disk on fire"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk on fire"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(files(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let err = write_atomic(Path::new("/nonexistent-dir/x.csv"), |_| Ok(())).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot write '/nonexistent-dir/x.csv'"),
            "{err}"
        );
    }
}
