//! plotmill's batch engine: many charts, unattended.
//!
//! A batch reads jobs ([`Job`]: a key, its data, its [`ChartSpec`]s and an
//! output name template) from a JSON-lines manifest as a stream, or makes
//! one job per data file, and draws them with the engine's pool of workers
//! ([`plotmill_engine::pool`]), which reuse their buffers. Every output is written atomically;
//! a [`Journal`] in the output folder records finished jobs so that a run
//! killed at any moment resumes where it stopped; failing jobs go to
//! `failures.jsonl` and never stop the others. [`Shard`] splits a manifest
//! among machines by a stable hash of the key, and [`merge`] folds the
//! shards' accounts and failures into one.
//!
//! [`ChartSpec`]: plotmill_chart::ChartSpec

#![warn(missing_docs)]

mod engine;
mod job;
mod journal;
mod merge;
mod paths;
mod report;
mod shard;
mod sink;

pub use engine::{
    BatchError, BatchOptions, Drawn, Failure, MAX_LINE_BYTES, Progress, STOP_JOURNAL,
    STOP_MAX_FAILURES, Source, Summary, draw_job, run,
};
pub use job::{ChartEntry, DEFAULT_TEMPLATE, DataSpec, FileData, Job, JobError, default_charts};
pub use journal::{Done, Journal, JournalError};
pub use merge::{MergeError, Merged, Unfinished, merge};
pub use paths::{InputPathError, PathError, resolve_input, safe_output_name};
pub use shard::{Shard, ShardCountError};

/// The manifest's JSON Schema (one [`Job`] per line), generated from the types.
pub fn manifest_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Job)).unwrap_or_default()
}
