//! A batch's report: every chart of the run in one PDF, a page each, in
//! key order, each job's key an outline entry (bookmark).
//!
//! Pages are written as jobs finish, so a report of any length holds no
//! pages in memory: only each page's place in the file and its key (tens
//! of bytes a page). Jobs finish out of order; their pages are written in
//! the order the jobs were read (held back only until the jobs before
//! them finish), so that the file is the same bytes whatever the number
//! of workers, and the page tree lists them by key. The file is written
//! beside the target under a temporary name and renamed into place when
//! complete; a run killed midway leaves the report as it was, and a
//! resumed run draws the jobs an earlier run finished again for the report
//! (their outputs are not rewritten), so that it is whole.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use plotmill_engine::output::{Durability, publish};
use plotmill_render::{Bookmark, FontTable, PdfWriter};
use plotmill_scene::Scene;

/// One job's pages.
#[derive(Debug)]
pub(crate) struct Pages {
    pub(crate) key: String,
    /// Each chart's kind and scene.
    pub(crate) charts: Vec<(String, Scene)>,
    /// The fonts the scenes were laid out with.
    pub(crate) fonts: FontTable,
}

/// The report being written.
pub(crate) struct Report {
    target: PathBuf,
    tmp: PathBuf,
    writer: Option<PdfWriter<BufWriter<File>>>,
    durability: Durability,
    /// The next job (in reading order) whose pages go in.
    next: u64,
    /// Jobs that finished before the ones read earlier: their pages, or
    /// `None` for a job without (failed).
    waiting: BTreeMap<u64, Option<Pages>>,
    error: Option<String>,
    pages: u64,
    /// Renamed into place.
    published: bool,
}

impl std::fmt::Debug for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Report")
            .field("target", &self.target)
            .field("pages", &self.pages)
            .field("waiting", &self.waiting.len())
            .finish_non_exhaustive()
    }
}

impl Drop for Report {
    /// A run that ends without finishing its report (an error, a panic)
    /// leaves no temporary file behind.
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl Report {
    /// Starts the report that will be `target`.
    pub(crate) fn create(target: &Path, durability: Durability) -> io::Result<Self> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&folder)?;
        let name = target
            .file_name()
            .map_or_else(|| "report.pdf".into(), |n| n.to_string_lossy().into_owned());
        let tmp = folder.join(format!(".{name}.partial"));
        let file = File::create(&tmp)?;
        let mut writer =
            PdfWriter::new(BufWriter::with_capacity(256 << 10, file)).map_err(io::Error::other)?;
        writer.order_by_bookmark();
        Ok(Report {
            target: target.to_path_buf(),
            tmp,
            writer: Some(writer),
            durability,
            next: 0,
            waiting: BTreeMap::new(),
            error: None,
            pages: 0,
            published: false,
        })
    }

    /// Job `seq` (its place in reading order) finished, with these pages
    /// (`None` when it failed).
    pub(crate) fn arrive(&mut self, seq: u64, pages: Option<Pages>) {
        self.waiting.insert(seq, pages);
        while let Some(pages) = self.waiting.remove(&self.next) {
            self.next += 1;
            if let Some(p) = pages {
                self.write(&p);
            }
        }
    }

    fn write(&mut self, pages: &Pages) {
        let Some(writer) = self.writer.as_mut() else {
            return;
        };
        for (kind, scene) in &pages.charts {
            let title = if pages.charts.len() == 1 {
                pages.key.clone()
            } else {
                format!("{} ({kind})", pages.key)
            };
            let mark = Bookmark {
                key: &pages.key,
                title: &title,
            };
            if let Err(e) = writer.page(scene, &pages.fonts, Some(mark)) {
                self.error = Some(format!("page of '{}': {e}", pages.key));
                self.writer = None;
                return;
            }
            self.pages += 1;
        }
    }

    /// Writes anything still waiting (every job handed to a worker comes
    /// back, done or failed, so nothing should be; if one did not, the
    /// pages after it still go in, in order), ends the file and renames
    /// it into place. Returns the pages written.
    pub(crate) fn finish(mut self) -> Result<u64, String> {
        let rest = std::mem::take(&mut self.waiting);
        for pages in rest.into_values().flatten() {
            self.write(&pages);
        }
        // Dropped on failure: the temporary file goes with it.
        let fail = |e: String| Err(format!("report '{}': {e}", self.target.display()));
        if let Some(e) = self.error.take() {
            return fail(e);
        }
        let Some(writer) = self.writer.take() else {
            return fail("not written".into());
        };
        let file = match writer.finish() {
            Ok(buffered) => buffered
                .into_inner()
                .map_err(|e| e.into_error().to_string()),
            Err(e) => Err(e.to_string()),
        };
        let file = match file {
            Ok(f) => f,
            Err(e) => return fail(e),
        };
        if let Err(e) = publish(&file, &self.tmp, &self.target, self.durability) {
            return fail(e.to_string());
        }
        self.published = true;
        Ok(self.pages)
    }
}
