//! Writing outputs atomically: each file is written under a temporary name
//! in the output folder's state directory and renamed into place when
//! complete ([`publish`], as every other output), so a reader (or a crash)
//! never sees half a file.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use plotmill_engine::output::{Durability, publish};

/// A worker's writer into the output folder.
#[derive(Debug)]
pub(crate) struct Sink {
    out_dir: PathBuf,
    tmp_dir: PathBuf,
    durability: Durability,
    worker: usize,
    seq: u64,
}

impl Sink {
    pub(crate) fn new(
        out_dir: &Path,
        tmp_dir: &Path,
        durability: Durability,
        worker: usize,
    ) -> Self {
        Sink {
            out_dir: out_dir.to_path_buf(),
            tmp_dir: tmp_dir.to_path_buf(),
            durability,
            worker,
            seq: 0,
        }
    }

    /// Writes `bytes` to `name` (relative to the output folder).
    pub(crate) fn write(&mut self, name: &Path, bytes: &[u8]) -> io::Result<()> {
        self.seq += 1;
        let tmp = self
            .tmp_dir
            .join(format!("{}-{}.tmp", self.worker, self.seq));
        let target = self.out_dir.join(name);
        let result = self.write_then_rename(&tmp, &target, bytes);
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    fn write_then_rename(&self, tmp: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = File::create(tmp)?;
        file.write_all(bytes)?;
        let folder = target.parent().unwrap_or(&self.out_dir);
        if folder != self.out_dir {
            std::fs::create_dir_all(folder)?;
        }
        publish(&file, tmp, target, self.durability)
    }
}
