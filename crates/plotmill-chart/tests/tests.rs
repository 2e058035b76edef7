//! Integration tests of plotmill-chart.
//!
//! - `ticks`: tick positions equal matplotlib's for 305 view ranges
//!   (fixtures from `scripts/make_tick_fixtures.py`).

mod ticks;
