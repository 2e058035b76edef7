//! plotmill's memory recorder: the tool the original leak hunt needed.
//!
//! - [`record`] samples a process (and its children) from /proc at a fixed
//!   interval and writes each sample as it is taken ([`SampleWriter`]), in
//!   mprof's `.dat` format (which `mprof plot` reads), CSV or JSON lines.
//! - [`Recording::read`] reads all three, and mprof's own files.
//! - [`check`] fits a robust (Theil–Sen) trend after a warm-up and judges
//!   whether memory grows faster than allowed.
//! - [`memory_chart`] lays recordings out as a line chart: memory over time,
//!   the peak marked, the trend and its slope.

#![warn(missing_docs)]

mod analysis;
mod plot;
pub mod proc;
mod recorder;
mod recording;
pub mod sites;
pub mod symbols;

pub use analysis::{
    CheckError, CheckOptions, Trend, Verdict, Warmup, check, parse_duration, parse_growth,
    parse_size, rate, theil_sen,
};
pub use plot::{PlotOptions, memory_chart};
pub use proc::Metric;
pub use recorder::{RecordOptions, record, unix_now};
pub use recording::{Format, FuncMark, ReadError, Recording, Sample, SampleWriter};
