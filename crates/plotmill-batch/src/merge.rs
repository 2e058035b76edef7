//! Folding the shards of one output folder into one account: which shards
//! finished, how many jobs each drew, and every shard's failures in one
//! `failures.jsonl` in manifest order (`plotmill batch merge`).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::Summary;
use crate::paths::{RunFiles, STATE_DIR};
use crate::shard::{COUNT_FILE, Shard, recorded_count};

/// What the shards of an output folder did, together.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Merged {
    /// The output folder.
    pub output: PathBuf,
    /// How many shards share it.
    pub shards: u64,
    /// Shards whose last run went to its end.
    pub finished: u64,
    /// The others, and why each is not finished.
    pub unfinished: Vec<Unfinished>,
    /// Jobs the finished shards read (each job is one shard's).
    pub jobs: u64,
    /// Jobs whose outputs are all in place (the journals' entries).
    pub done: u64,
    /// Jobs that failed, listed in the merged failures file.
    pub failed: u64,
    /// Files the done jobs wrote.
    pub outputs: u64,
    /// The merged failures file.
    pub failures_file: PathBuf,
    /// Journal entries of a key that belongs to another shard (a run with
    /// another split wrote into the folder): never expected.
    pub misplaced: u64,
    /// Jobs a shard's journal lists twice: never expected.
    pub repeated: u64,
    /// The longest of the finished shards' last runs, seconds.
    pub wall_seconds: f64,
}

impl Merged {
    /// Whether every shard finished with every job done.
    pub fn complete(&self) -> bool {
        self.unfinished.is_empty() && self.failed == 0 && self.misplaced == 0 && self.repeated == 0
    }
}

/// A shard that has not finished.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unfinished {
    /// The shard, `i/n`.
    pub shard: String,
    /// Why: never run, still running or killed, or stopped early.
    pub why: String,
}

/// Why the shards could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No sharded run has used the folder.
    #[error(
        "'{}' holds no sharded run ('{}' is missing or holds no count); merge the output folder that `plotmill batch --shard i/n -o FOLDER` wrote",
        folder.display(),
        file.display()
    )]
    NotSharded {
        /// The folder.
        folder: PathBuf,
        /// The count file that is missing.
        file: PathBuf,
    },
    /// A file could not be read or written.
    #[error("'{}': {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
}

/// One failure line's place: its manifest line, its shard's file, and
/// where in that file it is. Sorting these, not the lines, keeps the merge
/// to 24 bytes a failure however long the failed jobs' lines are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    line: u64,
    file: u32,
    offset: u64,
    len: u32,
}

/// Merges the shards of `out_dir`: writes every shard's failures into
/// `out_dir/failures.jsonl` (atomically; ordered by manifest line) and
/// returns the account. Shards still running may be merged: the account
/// lists them as unfinished.
pub fn merge(out_dir: &Path) -> Result<Merged, MergeError> {
    let state = out_dir.join(STATE_DIR);
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |error| MergeError::Io { path, error }
    };
    let count = recorded_count(&state)
        .map_err(io_err(&state.join(COUNT_FILE)))?
        .ok_or_else(|| MergeError::NotSharded {
            folder: out_dir.to_path_buf(),
            file: state.join(COUNT_FILE),
        })?;
    let mut merged = Merged {
        output: out_dir.to_path_buf(),
        shards: count,
        finished: 0,
        unfinished: Vec::new(),
        jobs: 0,
        done: 0,
        failed: 0,
        outputs: 0,
        failures_file: out_dir.join("failures.jsonl"),
        misplaced: 0,
        repeated: 0,
        wall_seconds: 0.0,
    };
    let mut places = Vec::new();
    let mut files = Vec::new();
    let mut seen_lines = Vec::new();
    for index in 0..count {
        let shard = Shard { index, count };
        let RunFiles {
            journal,
            summary,
            failures,
        } = RunFiles::new(out_dir, &shard.suffix());
        let ran = journal.exists();
        match std::fs::read(&summary) {
            Ok(bytes) => {
                let summary: Summary =
                    serde_json::from_slice(&bytes).map_err(|e| MergeError::Io {
                        path: summary.clone(),
                        error: io::Error::new(io::ErrorKind::InvalidData, e),
                    })?;
                match summary.stopped {
                    Some(why) => merged.unfinished.push(Unfinished {
                        shard: shard.to_string(),
                        why: format!(
                            "its last run stopped early ({why}); run it again with --resume"
                        ),
                    }),
                    None => {
                        merged.finished += 1;
                        merged.jobs += summary.jobs;
                        merged.wall_seconds = merged.wall_seconds.max(summary.wall_seconds);
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                merged.unfinished.push(Unfinished {
                    shard: shard.to_string(),
                    why: if ran {
                        "running, or its last run was killed before its end; run it again with --resume".to_owned()
                    } else {
                        "never run".to_owned()
                    },
                });
            }
            Err(e) => return Err(io_err(&summary)(e)),
        }
        if ran {
            read_journal(&journal, shard, &mut merged, &mut seen_lines)
                .map_err(io_err(&journal))?;
        }
        match File::open(&failures) {
            Ok(file) => {
                let before = places.len();
                failure_places(&file, files.len() as u32, &mut places)
                    .map_err(io_err(&failures))?;
                merged.failed += (places.len() - before) as u64;
                files.push(file);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&failures)(e)),
        }
    }
    places.sort_unstable();
    let target = merged.failures_file.clone();
    plotmill_engine::output::write_atomic(
        &target,
        plotmill_engine::output::Durability::Atomic,
        |w| {
            let mut line = Vec::new();
            for p in &places {
                line.resize(p.len as usize, 0);
                let mut file = &files[p.file as usize];
                file.seek(SeekFrom::Start(p.offset))?;
                file.read_exact(&mut line)?;
                w.write_all(&line)?;
                if line.last() != Some(&b'\n') {
                    w.write_all(b"\n")?;
                }
            }
            Ok(())
        },
    )
    .map_err(|e| MergeError::Io {
        path: e.path,
        error: e.error,
    })?;
    Ok(merged)
}

/// Counts a shard's journal entries into `merged`.
fn read_journal(
    path: &Path,
    shard: Shard,
    merged: &mut Merged,
    seen: &mut Vec<u64>,
) -> io::Result<()> {
    seen.clear();
    crate::journal::each_entry(path, |line, key, outputs| {
        // One bit per manifest line, as the journal keeps them.
        let (word, bit) = ((line / 64) as usize, line % 64);
        if seen.len() <= word {
            seen.resize(word + 1, 0);
        }
        if seen[word] & (1 << bit) != 0 {
            merged.repeated += 1;
            return;
        }
        seen[word] |= 1 << bit;
        if !shard.contains(key) {
            merged.misplaced += 1;
        }
        merged.done += 1;
        merged.outputs += outputs as u64;
    })
}

/// The places of a failures file's lines, each with its manifest line.
fn failure_places(file: &File, index: u32, places: &mut Vec<Place>) -> io::Result<()> {
    #[derive(Deserialize)]
    struct Line {
        line: u64,
    }
    let mut reader = BufReader::new(file);
    let mut buf = Vec::new();
    let mut offset = 0u64;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        let line = serde_json::from_slice::<Line>(&buf).map_or(u64::MAX, |l| l.line);
        places.push(Place {
            line,
            file: index,
            offset,
            len: n as u32,
        });
        offset += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsharded_folder_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let e = merge(dir.path()).unwrap_err();
        assert!(e.to_string().contains("holds no sharded run"), "{e}");
    }
}
