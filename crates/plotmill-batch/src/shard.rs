//! Splitting a manifest among machines by a stable hash of each job's key.

use std::fmt;
use std::io;
use std::path::Path;
use std::str::FromStr;

use plotmill_engine::hash;

/// Shard `index` of `count`: the jobs whose key hashes to `index` modulo
/// `count` (FNV-1a 64 of the key's UTF-8 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// From 0 to count − 1.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl Shard {
    /// Whether the job with `key` belongs to this shard.
    pub fn contains(&self, key: &str) -> bool {
        hash(key.as_bytes()) % self.count == self.index
    }

    /// A suffix for this shard's own files in a shared output folder.
    pub fn suffix(&self) -> String {
        format!("-shard-{}-of-{}", self.index, self.count)
    }
}

/// The file in an output folder's state directory that holds how many
/// shards share the folder, once a sharded run has started there.
pub(crate) const COUNT_FILE: &str = "shards";

/// A sharded run into a folder that other runs split another way.
#[derive(Debug, thiserror::Error)]
#[error(
    "output folder '{}' is shared by {recorded} shards (recorded in '{}'), but this run is shard {shard}; give --shard INDEX/{recorded} as the other runs do, or use another --output (to split the folder's jobs anew, remove '{}' first: finished charts stay)",
    folder.display(),
    file.display(),
    state.display()
)]
pub struct ShardCountError {
    /// The output folder.
    pub folder: std::path::PathBuf,
    /// The count file.
    pub file: std::path::PathBuf,
    /// The state directory.
    pub state: std::path::PathBuf,
    /// The count the folder records.
    pub recorded: u64,
    /// This run's shard.
    pub shard: Shard,
}

/// Records `shard.count` in `state` (the output folder's state directory)
/// if no run has, or checks it against what is recorded: every shard's
/// journal and failures are named by the count, so shards of two splits
/// would each draw part of the jobs and never all of them. The record is
/// made whole before it appears (a hard link of a finished file, which
/// fails if another run made it first), so two shards starting at once
/// agree.
pub(crate) fn claim_count(out_dir: &Path, state: &Path, shard: Shard) -> Result<(), ClaimError> {
    let file = state.join(COUNT_FILE);
    // Staged under a name no other machine's process picks: the folder
    // may be shared, and process ids repeat across machines.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let staged = state.join(format!("{COUNT_FILE}.{}.{nanos}.tmp", std::process::id()));
    std::fs::write(&staged, format!("{}\n", shard.count))?;
    let linked = std::fs::hard_link(&staged, &file);
    let _ = std::fs::remove_file(&staged);
    match linked {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e.into()),
    }
    match recorded_count(state)? {
        Some(n) if n == shard.count => Ok(()),
        Some(recorded) => Err(ClaimError::Count(ShardCountError {
            folder: out_dir.to_path_buf(),
            file,
            state: state.to_path_buf(),
            recorded,
            shard,
        })),
        None => Err(ClaimError::Unreadable(file)),
    }
}

/// The shard count recorded in `state`, if any run recorded one (`None`
/// too when the file does not say a count).
pub(crate) fn recorded_count(state: &Path) -> io::Result<Option<u64>> {
    match std::fs::read_to_string(state.join(COUNT_FILE)) {
        Ok(text) => Ok(text.trim().parse().ok().filter(|&n| n > 0)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Why the shard count could not be claimed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ClaimError {
    #[error(transparent)]
    Count(ShardCountError),
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(
        "'{}' does not hold a shard count; remove it if no shard of this folder is running",
        .0.display()
    )]
    Unreadable(std::path::PathBuf),
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let err = || {
            format!("'{s}' is not a shard; give INDEX/COUNT with 0 <= INDEX < COUNT, such as 3/64")
        };
        let (i, n) = s.split_once('/').ok_or_else(err)?;
        let (index, count): (u64, u64) = (
            i.trim().parse().map_err(|_| err())?,
            n.trim().parse().map_err(|_| err())?,
        );
        if count == 0 || index >= count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(hash(b""), 0xcbf29ce484222325);
        assert_eq!(hash(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(hash(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn shards_cover_every_key_once() {
        let shards: Vec<Shard> = (0..7).map(|i| Shard { index: i, count: 7 }).collect();
        let mut sizes = [0; 7];
        for k in 0..7000 {
            let key = format!("job-{k}");
            let hits: Vec<usize> = (0..7).filter(|&i| shards[i].contains(&key)).collect();
            assert_eq!(hits.len(), 1);
            sizes[hits[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 850), "{sizes:?}");
    }

    #[test]
    fn a_folder_keeps_the_count_of_its_first_sharded_run() {
        let dir = tempfile::tempdir().unwrap();
        let shard = |index, count| Shard { index, count };
        assert_eq!(recorded_count(dir.path()).unwrap(), None);
        claim_count(dir.path(), dir.path(), shard(0, 4)).unwrap();
        claim_count(dir.path(), dir.path(), shard(3, 4)).unwrap();
        assert_eq!(recorded_count(dir.path()).unwrap(), Some(4));
        let e = claim_count(dir.path(), dir.path(), shard(1, 8)).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("shared by 4 shards") && text.contains("this run is shard 1/8"),
            "{text}"
        );
        assert!(text.contains("--shard INDEX/4"), "{text}");
        // No staging file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [COUNT_FILE]);
    }

    #[test]
    fn parses() {
        assert_eq!(
            "3/64".parse(),
            Ok(Shard {
                index: 3,
                count: 64
            })
        );
        assert!("64/64".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
