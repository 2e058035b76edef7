//! Which stage of the pipeline the current thread is in.
//!
//! Each stage marks itself with [`enter`]; the guard restores the stage it
//! interrupted when dropped, so stages nest (text shaping inside layout).
//! Reading the stage ([`current`]) is a thread-local load and never
//! allocates, so a global allocator may call it to attribute memory to
//! stages (`plotmill bench --mem-report`). Nothing else is kept: this is one
//! byte per thread.

#![warn(missing_docs)]

pub mod alloc;

use std::cell::Cell;

/// A stage of turning data into an image file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Stage {
    /// Anything outside the stages below.
    Other = 0,
    /// Reading data: CSV parsing, type inference, building columns.
    Parse = 1,
    /// Statistics: correlations, ranks.
    Statistics = 2,
    /// Layout: figure geometry, ticks, labels, the scene.
    Layout = 3,
    /// Text: shaping and glyph outlines.
    Text = 4,
    /// Rasterisation: pixels.
    Raster = 5,
    /// Encoding: PNG compression, SVG text.
    Encode = 6,
    /// Writing the file.
    Write = 7,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 8] = [
        Stage::Parse,
        Stage::Statistics,
        Stage::Layout,
        Stage::Text,
        Stage::Raster,
        Stage::Encode,
        Stage::Write,
        Stage::Other,
    ];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Other => "other",
            Stage::Parse => "parse",
            Stage::Statistics => "statistics",
            Stage::Layout => "layout",
            Stage::Text => "text",
            Stage::Raster => "raster",
            Stage::Encode => "encode",
            Stage::Write => "write",
        }
    }

    /// The stage with this index (`as u8`); `Other` for any other number.
    pub fn from_index(i: u8) -> Stage {
        match i {
            1 => Stage::Parse,
            2 => Stage::Statistics,
            3 => Stage::Layout,
            4 => Stage::Text,
            5 => Stage::Raster,
            6 => Stage::Encode,
            7 => Stage::Write,
            _ => Stage::Other,
        }
    }
}

thread_local! {
    // A const-initialised Cell<u8> has no destructor: using it never
    // allocates or registers anything, even from inside an allocator.
    static CURRENT: Cell<u8> = const { Cell::new(0) };
}

/// The current thread's stage (`Other` while a thread is being torn down).
pub fn current() -> Stage {
    Stage::from_index(CURRENT.try_with(Cell::get).unwrap_or(0))
}

/// Marks the current thread as in `stage` until the guard is dropped.
#[must_use = "the stage ends when the guard is dropped"]
pub fn enter(stage: Stage) -> Guard {
    let previous = CURRENT.try_with(|c| c.replace(stage as u8)).unwrap_or(0);
    Guard { previous }
}

/// Restores the previous stage when dropped.
#[derive(Debug)]
pub struct Guard {
    previous: u8,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = CURRENT.try_with(|c| c.set(self.previous));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_nest_and_are_per_thread() {
        assert_eq!(current(), Stage::Other);
        {
            let _layout = enter(Stage::Layout);
            assert_eq!(current(), Stage::Layout);
            {
                let _text = enter(Stage::Text);
                assert_eq!(current(), Stage::Text);
                std::thread::spawn(|| assert_eq!(current(), Stage::Other))
                    .join()
                    .unwrap();
            }
            assert_eq!(current(), Stage::Layout);
        }
        assert_eq!(current(), Stage::Other);
        for s in Stage::ALL {
            assert_eq!(Stage::from_index(s as u8), s);
        }
    }
}
