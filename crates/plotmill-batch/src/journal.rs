//! The journal: an append-only record, in the output folder, of each job
//! whose outputs are all in place. A resumed run skips what it lists.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The header line of a journal.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    plotmill_journal: u32,
    /// What the jobs came from (for messages).
    source: String,
    /// Hash of the manifest's first 64 KiB (empty for --inputs runs, which
    /// resume by key).
    fingerprint: String,
}

/// One finished job.
#[derive(Debug, Serialize, Deserialize)]
struct Entry<'a> {
    line: u64,
    key: std::borrow::Cow<'a, str>,
    outputs: Vec<std::borrow::Cow<'a, str>>,
}

/// Why the journal could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Another run holds it.
    #[error(
        "another plotmill batch is writing to this output folder ('{}' is locked); wait for it, or give this run another --output or --shard",
        .0.display()
    )]
    Locked(PathBuf),
    /// It belongs to another manifest.
    #[error(
        "the journal '{}' belongs to a different manifest ({manifest}); resume with that manifest, use another output folder, or run without --resume to start over",
        path.display()
    )]
    OtherManifest {
        /// The journal.
        path: PathBuf,
        /// The manifest it was written for.
        manifest: String,
    },
    /// An I/O error.
    #[error("journal '{}': {error}", path.display())]
    Io {
        /// The journal.
        path: PathBuf,
        /// The error.
        error: io::Error,
    },
}

/// What an earlier run finished: manifest lines, or keys for runs whose
/// jobs come from a file listing.
#[derive(Debug, Default)]
pub struct Done {
    lines: Vec<u64>,
    keys: HashSet<u64>,
    by_key: bool,
    count: u64,
}

impl Done {
    /// Whether the job on `line` with `key` is finished.
    pub fn contains(&self, line: u64, key: &str) -> bool {
        if self.by_key {
            return self.keys.contains(&plotmill_engine::hash(key.as_bytes()));
        }
        let (word, bit) = ((line / 64) as usize, line % 64);
        self.lines.get(word).is_some_and(|w| w & (1 << bit) != 0)
    }

    /// How many finished jobs the journal lists.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// Whether it lists none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn insert(&mut self, line: u64, key: &str) {
        self.count += 1;
        if self.by_key {
            self.keys.insert(plotmill_engine::hash(key.as_bytes()));
            return;
        }
        // One bit per manifest line: 10 million lines take 1.25 MB.
        let (word, bit) = ((line / 64) as usize, line % 64);
        if self.lines.len() <= word {
            self.lines.resize(word + 1, 0);
        }
        self.lines[word] |= 1 << bit;
    }
}

/// An open, locked journal.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    durable: bool,
    line: Vec<u8>,
}

impl Journal {
    /// Opens (and locks) the journal at `path`. With `resume`, reads what it
    /// lists; otherwise starts it anew. `fingerprint` identifies the
    /// manifest; empty means jobs are matched by key.
    pub fn open(
        path: &Path,
        source: &str,
        fingerprint: &str,
        resume: bool,
        durable: bool,
    ) -> Result<(Journal, Done), JournalError> {
        let io_err = |error| JournalError::Io {
            path: path.to_path_buf(),
            error,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(JournalError::Locked(path.to_path_buf()));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_err(e)),
        }
        let mut done = Done {
            by_key: fingerprint.is_empty(),
            ..Done::default()
        };
        let mut keep = 0u64;
        if resume {
            let mut reader = BufReader::new(&file);
            let mut buf = String::new();
            let mut first = true;
            loop {
                buf.clear();
                let n = reader.read_line(&mut buf).map_err(io_err)?;
                // A last line without its newline was cut off by a crash.
                if n == 0 || !buf.ends_with('\n') {
                    break;
                }
                if first {
                    first = false;
                    let header: Option<Header> = serde_json::from_str(&buf).ok();
                    match header {
                        Some(h) if h.fingerprint == fingerprint => {}
                        Some(h) => {
                            return Err(JournalError::OtherManifest {
                                path: path.to_path_buf(),
                                manifest: h.source,
                            });
                        }
                        None => break,
                    }
                } else {
                    let Ok(entry) = serde_json::from_str::<Entry>(&buf) else {
                        break;
                    };
                    done.insert(entry.line, &entry.key);
                }
                keep += n as u64;
            }
        }
        // Drop whatever follows the last whole entry (or everything, when
        // starting anew), and append from there.
        file.set_len(keep).map_err(io_err)?;
        file.seek(SeekFrom::Start(keep)).map_err(io_err)?;
        let mut journal = Journal {
            file,
            path: path.to_path_buf(),
            durable,
            line: Vec::new(),
        };
        if keep == 0 {
            let header = Header {
                plotmill_journal: 1,
                source: source.to_owned(),
                fingerprint: fingerprint.to_owned(),
            };
            journal.append_json(&header).map_err(io_err)?;
        }
        Ok((journal, done))
    }

    /// Records that the job on `line` wrote `outputs`. One write per entry,
    /// so a crash loses at most the entry being written (and its job is
    /// redone).
    pub fn record(
        &mut self,
        line: u64,
        key: &str,
        outputs: &[PathBuf],
    ) -> Result<(), JournalError> {
        let entry = Entry {
            line,
            key: key.into(),
            outputs: outputs.iter().map(|p| p.to_string_lossy()).collect(),
        };
        self.append_json(&entry).map_err(|error| JournalError::Io {
            path: self.path.clone(),
            error,
        })
    }

    fn append_json<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, value)?;
        self.line.push(b'\n');
        self.file.write_all(&self.line)?;
        if self.durable {
            self.file.sync_data()?;
        }
        Ok(())
    }
}

/// Calls `f(line, key, outputs)` for each entry of the journal at `path`, in
/// order: whole lines only (a last line cut off by a crash is not an
/// entry), the header passed over. For readers of a journal another run may
/// be writing (`plotmill batch merge`); it takes no lock.
pub(crate) fn each_entry(path: &Path, mut f: impl FnMut(u64, &str, usize)) -> io::Result<()> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut buf = String::new();
    let mut first = true;
    loop {
        buf.clear();
        if reader.read_line(&mut buf)? == 0 || !buf.ends_with('\n') {
            return Ok(());
        }
        if std::mem::take(&mut first) {
            continue;
        }
        let Ok(entry) = serde_json::from_str::<Entry>(&buf) else {
            return Ok(());
        };
        f(entry.line, &entry.key, entry.outputs.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resumes_what_was_recorded_and_drops_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        {
            let (mut j, done) = Journal::open(&path, "m.jsonl", "abc", true, false).unwrap();
            assert!(done.is_empty());
            j.record(1, "a", &[PathBuf::from("a.png")]).unwrap();
            j.record(70, "b", &[PathBuf::from("b.png")]).unwrap();
        }
        // A crash in the middle of a write.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"line\": 3, \"key\": \"c\", \"outp")
            .unwrap();
        drop(f);
        // A reader sees the whole entries only.
        let mut seen = Vec::new();
        each_entry(&path, |line, key, outputs| {
            seen.push((line, key.to_owned(), outputs))
        })
        .unwrap();
        assert_eq!(seen, [(1, "a".to_owned(), 1), (70, "b".to_owned(), 1)]);
        let (mut j, done) = Journal::open(&path, "m.jsonl", "abc", true, false).unwrap();
        assert_eq!(done.len(), 2);
        assert!(done.contains(1, "a") && done.contains(70, "b"));
        assert!(!done.contains(3, "c") && !done.contains(2, "a"));
        j.record(3, "c", &[]).unwrap();
        drop(j);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.ends_with("\"outputs\":[]}\n"), "{text}");

        let e = Journal::open(&path, "other.jsonl", "xyz", true, false).unwrap_err();
        assert!(
            e.to_string()
                .contains("belongs to a different manifest (m.jsonl)"),
            "{e}"
        );
        // Without --resume, it starts anew.
        let (_, done) = Journal::open(&path, "other.jsonl", "xyz", false, false).unwrap();
        assert!(done.is_empty());
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 1);
    }

    #[test]
    fn a_second_run_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let _held = Journal::open(&path, "m", "", false, false).unwrap();
        let e = Journal::open(&path, "m", "", true, false).unwrap_err();
        assert!(matches!(e, JournalError::Locked(_)), "{e}");
    }

    #[test]
    fn by_key_when_there_is_no_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        {
            let (mut j, _) = Journal::open(&path, "*.csv", "", true, false).unwrap();
            j.record(5, "x", &[]).unwrap();
        }
        let (_, done) = Journal::open(&path, "*.csv", "", true, false).unwrap();
        assert!(done.contains(1, "x") && !done.contains(5, "y"));
    }
}
