//! A [`FontBook`] as one output measures text.

use crate::{FontBook, Shaped};

/// The fonts of a [`FontBook`] as one output measures text with them: by
/// the glyphs' outlines (matplotlib's vector backends: SVG, PDF), or each
/// glyph hinted at the output's resolution (its Agg backend: PNG). The
/// book's other methods are reached through it.
#[derive(Debug, Clone, Copy)]
pub struct Fonts<'a> {
    book: &'a FontBook,
    /// The dots per inch text is hinted at; `None` for outlines.
    hinting: Option<f64>,
}

impl<'a> Fonts<'a> {
    /// Text measured by its outlines.
    pub fn outlines(book: &'a FontBook) -> Self {
        Fonts {
            book,
            hinting: None,
        }
    }

    /// Text hinted at `dpi` dots per inch.
    pub fn hinted(book: &'a FontBook, dpi: f64) -> Self {
        Fonts {
            book,
            hinting: Some(dpi),
        }
    }

    /// The book.
    pub fn book(self) -> &'a FontBook {
        self.book
    }

    /// The resolution text is hinted at, if it is.
    pub fn hinting(self) -> Option<f64> {
        self.hinting
    }

    /// Shapes `text` at `size` points as this output measures it
    /// ([`FontBook::shape`] or [`FontBook::shape_hinted`]).
    pub fn shape(&self, text: &str, size: f64) -> Shaped {
        match self.hinting {
            Some(dpi) => self.book.shape_hinted(text, size, dpi),
            None => self.book.shape(text, size),
        }
    }
}

impl<'a> From<&'a FontBook> for Fonts<'a> {
    fn from(book: &'a FontBook) -> Self {
        Fonts::outlines(book)
    }
}

impl std::ops::Deref for Fonts<'_> {
    type Target = FontBook;
    fn deref(&self) -> &FontBook {
        self.book
    }
}
