//! Integration tests of plotmill-chart.
//!
//! - `ticks`: tick positions equal matplotlib's for 305 view ranges
//!   (fixtures from `scripts/make_tick_fixtures.py`), and tick labels and
//!   offset texts equal matplotlib's ScalarFormatter's for 412 tick sets
//!   (`scripts/make_format_fixtures.py`).

mod layout;
mod ticks;
