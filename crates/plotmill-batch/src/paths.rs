//! Where a job may write and read: output names that stay inside the output
//! folder, input paths that stay inside the manifest's folder.

use std::path::{Component, Path, PathBuf};

/// Names plotmill keeps for itself at the top of an output folder.
pub(crate) const STATE_DIR: &str = ".plotmill";

/// The files one run (or one shard's runs: `suffix` is
/// [`crate::Shard::suffix`], empty without `--shard`) keeps in an output
/// folder: named here once, for the run that writes them and the merge
/// that reads them.
pub(crate) struct RunFiles {
    /// The journal, in the state folder.
    pub(crate) journal: PathBuf,
    /// The summary of the last run that ended, in the state folder.
    pub(crate) summary: PathBuf,
    /// The failed jobs, in the output folder itself.
    pub(crate) failures: PathBuf,
}

impl RunFiles {
    pub(crate) fn new(out_dir: &Path, suffix: &str) -> RunFiles {
        let state = out_dir.join(STATE_DIR);
        RunFiles {
            journal: state.join(format!("journal{suffix}.jsonl")),
            summary: state.join(format!("summary{suffix}.json")),
            failures: out_dir.join(format!("failures{suffix}.jsonl")),
        }
    }
}

/// Why an output name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// Empty, or an empty part (`a//b`).
    #[error("output name '{0}' is empty or has an empty part")]
    Empty(String),
    /// Absolute, or a Windows drive or UNC path.
    #[error(
        "output name '{0}' is an absolute path; outputs are named relative to the output folder"
    )]
    Absolute(String),
    /// `.` or `..` as a part.
    #[error("output name '{0}' has a '.' or '..' part and could leave the output folder")]
    Dots(String),
    /// A NUL, control character or backslash.
    #[error("output name {0:?} has a NUL, control character or backslash")]
    BadCharacter(String),
    /// A name Windows reserves (CON, NUL, COM1, …) or one ending in a dot or space.
    #[error(
        "output name '{0}' has a part that Windows reserves ({1}); rename the key or the template"
    )]
    Reserved(String, String),
    /// Too long a file name.
    #[error("output name '{0}' has a part longer than 255 bytes")]
    TooLong(String),
    /// One of plotmill's own files.
    #[error("output name '{0}' is one of plotmill's own files in the output folder")]
    Own(String),
}

/// Checks an output name (relative, `/`-separated) and returns it as a path
/// under the output folder. The check is lexical and strict: it refuses
/// anything that could leave the folder or that some OS would read
/// differently, so the same manifest behaves the same everywhere.
pub fn safe_output_name(name: &str) -> Result<PathBuf, PathError> {
    let fail = |f: fn(String) -> PathError| Err(f(name.to_owned()));
    if name.is_empty() {
        return fail(PathError::Empty);
    }
    if name
        .chars()
        .any(|c| c == '\0' || c == '\\' || c.is_control())
    {
        return fail(PathError::BadCharacter);
    }
    let bytes = name.as_bytes();
    if name.starts_with('/') || (bytes.len() >= 2 && bytes[1] == b':') {
        return fail(PathError::Absolute);
    }
    let parts: Vec<&str> = name.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            return fail(PathError::Empty);
        }
        if *part == "." || *part == ".." {
            return fail(PathError::Dots);
        }
        if part.len() > 255 {
            return fail(PathError::TooLong);
        }
        if let Some(why) = reserved(part) {
            return Err(PathError::Reserved(name.to_owned(), why));
        }
        if i == 0 && (part.starts_with(STATE_DIR) || part.starts_with("failures")) {
            return fail(PathError::Own);
        }
    }
    Ok(parts.iter().collect())
}

/// Why Windows would refuse or rename this file name, if it would.
fn reserved(part: &str) -> Option<String> {
    if part.ends_with('.') || part.ends_with(' ') {
        return Some("a name ending in a dot or space".to_owned());
    }
    if part.contains(['<', '>', ':', '"', '|', '?', '*']) {
        return Some("one of < > : \" | ? *".to_owned());
    }
    let stem = part.split('.').next().unwrap_or(part).trim_end();
    let upper = stem.to_ascii_uppercase();
    let device = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0');
    device.then(|| format!("the device name {stem}"))
}

/// Why an input path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputPathError {
    /// The path leaves the manifest's folder.
    #[error(
        "data '{0}' is outside the manifest's folder; give a path inside it, or pass --allow-outside"
    )]
    Outside(String),
    /// The path could not be resolved.
    #[error("data '{path}': {error}")]
    Unreadable {
        /// The path as given.
        path: String,
        /// Why.
        error: String,
    },
}

/// Resolves a job's data path against the manifest's folder. Unless
/// `allow_outside`, the path must stay inside `base` both as written and
/// after symbolic links are followed.
pub fn resolve_input(
    base: &Path,
    given: &str,
    allow_outside: bool,
) -> Result<PathBuf, InputPathError> {
    let path = base.join(given);
    if allow_outside {
        return Ok(path);
    }
    let lexical_ok = Path::new(given)
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !lexical_ok {
        return Err(InputPathError::Outside(given.to_owned()));
    }
    let unreadable = |e: std::io::Error| InputPathError::Unreadable {
        path: given.to_owned(),
        error: match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            _ => e.to_string(),
        },
    };
    let real = path.canonicalize().map_err(unreadable)?;
    let real_base = base.canonicalize().map_err(unreadable)?;
    if !real.starts_with(&real_base) {
        return Err(InputPathError::Outside(given.to_owned()));
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_pass() {
        assert_eq!(
            safe_output_name("a_scatter_matrix.png"),
            Ok(PathBuf::from("a_scatter_matrix.png"))
        );
        assert_eq!(
            safe_output_name("2024/06/a.png"),
            Ok(PathBuf::from("2024/06/a.png"))
        );
        assert!(safe_output_name("数据_热图.png").is_ok());
        assert!(safe_output_name("console.png").is_ok());
        assert!(safe_output_name("COM0.png").is_ok());
    }

    #[test]
    fn escapes_and_oddities_fail() {
        for bad in [
            "",
            "/etc/x.png",
            "../x.png",
            "a/../../x.png",
            "a/./x.png",
            "a//x.png",
            "C:x.png",
            "a\\..\\x.png",
            "x\0.png",
            "x\n.png",
            "CON.png",
            "nul",
            "com1.txt",
            "Lpt9.png",
            "x.",
            "x ",
            "a?b.png",
            ".plotmill/journal",
            "failures.jsonl",
        ] {
            assert!(safe_output_name(bad).is_err(), "{bad:?} passed");
        }
        assert!(safe_output_name(&"x".repeat(256)).is_err());
        assert!(safe_output_name("sub/failures.jsonl").is_ok());
    }

    #[test]
    fn inputs_stay_inside_the_manifest_folder() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("m");
        std::fs::create_dir(&base).unwrap();
        std::fs::write(base.join("a.csv"), "x\n1\n").unwrap();
        std::fs::write(dir.path().join("secret.csv"), "x\n1\n").unwrap();
        assert!(resolve_input(&base, "a.csv", false).is_ok());
        assert!(matches!(
            resolve_input(&base, "../secret.csv", false),
            Err(InputPathError::Outside(_))
        ));
        assert!(matches!(
            resolve_input(&base, "/etc/passwd", false),
            Err(InputPathError::Outside(_))
        ));
        assert!(resolve_input(&base, "../secret.csv", true).is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.csv"), base.join("link.csv"))
                .unwrap();
            assert!(matches!(
                resolve_input(&base, "link.csv", false),
                Err(InputPathError::Outside(_))
            ));
        }
        let e = resolve_input(&base, "missing.csv", false).unwrap_err();
        assert_eq!(e.to_string(), "data 'missing.csv': no such file");
    }
}
