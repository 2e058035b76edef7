//! plotmill's text: fonts, shaping and metrics.
//!
//! The principal type is [`FontBook`]: the embedded DejaVu Sans (matplotlib's
//! default font, licence in `fonts/LICENSE_DEJAVU`) plus any fonts a user
//! adds, which serve as fallbacks for characters DejaVu Sans lacks.
//! [`FontBook::shape`] turns a string into positioned glyphs (with the font's
//! kerning) and measures it the way matplotlib does: advance width and the
//! ink box. [`FontBook::outline`] gives a glyph's outline for rasterising,
//! from a cache of bounded size. [`FontBook::shape_hinted`] and
//! [`FontBook::hinted_outline`] measure and draw text as matplotlib's Agg
//! backend does in a PNG: each glyph hinted at the dpi.
//!
//! Shaping is one glyph per character with pair kerning, which is what
//! matplotlib's Agg backend does too; scripts that need contextual shaping
//! (Arabic joining, Indic reordering) are drawn letter by letter.

#![warn(missing_docs)]

mod book;
mod cache;
mod fonts;
mod hinted;
mod ligature;
mod outline;

pub use book::{FontBook, FontBytes, FontError, Ink, Shaped, ShapedRun, font_folders};
pub use cache::{BoundedCache, GlyphCache, GlyphMask, MaskCache, MaskKey};
pub use fonts::Fonts;
pub use hinted::ppem_26_6;
pub use outline::{Outline, Segment};
