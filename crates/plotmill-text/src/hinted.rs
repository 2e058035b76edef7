//! Text measured as matplotlib's Agg backend measures it: each glyph
//! hinted at the output's resolution, as FreeType hints it by default
//! (FT_LOAD_DEFAULT, matplotlib 3.11's `text.hinting: default`).
//!
//! A hinted glyph's advance is a whole number of pixels and its outline is
//! snapped to the pixel rows (a `l` at 10 pt and 100 dpi reaches 11 px
//! above the baseline where its outline reaches 10.55). matplotlib sizes a
//! rasterised text's box by these: its width is the sum of the hinted
//! advances and the kerning between them (not grid-fitted), its height the
//! hinted ink's. The font's own bytecode hints it (DejaVu Sans has them);
//! a font without them is autohinted, as FreeType does.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{
    DrawSettings, Engine, HintingInstance, HintingOptions, OutlinePen, SmoothMode, Target,
};
use skrifa::{FontRef, GlyphId, MetadataProvider};

use crate::Outline;

/// A font size as FreeType sets it for matplotlib (`FT_Set_Char_Size` with
/// the size in 1/64 points and the dpi as whole numbers): pixels per em in
/// 1/64 pixels, rounded as FreeType rounds it. 0 for a size or dpi that is
/// not a positive number.
pub fn ppem_26_6(size: f64, dpi: f64) -> u32 {
    let char_size = (size * 64.0) as u64;
    let resolution = dpi as u64;
    ((char_size * resolution + 36) / 72).min(u64::from(u32::MAX)) as u32
}

/// [`ppem_26_6`] for a size and dpi that can be hinted (both finite, the
/// size above 0, the dpi at least 1); `None` for others.
pub(crate) fn hinted_ppem(size: f64, dpi: f64) -> Option<u32> {
    (dpi.is_finite() && dpi >= 1.0 && size.is_finite() && size > 0.0).then(|| ppem_26_6(size, dpi))
}

/// FreeType's scale from font units to 1/64 pixels, in 16.16 fixed point
/// (`FT_DivFix(ppem, units_per_em)`).
pub(crate) fn units_scale(ppem: u32, units_per_em: u16) -> i64 {
    let upem = i64::from(units_per_em.max(1));
    ((i64::from(ppem) << 16) + upem / 2) / upem
}

/// Font units in 1/64 pixels at `scale`, rounded half up (as matplotlib's
/// text layout rounds kerning: -31.5/64 px is -31/64, where `FT_MulFix`
/// would make it -32/64).
pub(crate) fn scaled(units: i64, scale: i64) -> i64 {
    (units * scale + 0x8000) >> 16
}

/// One glyph hinted at one size: its advance in 1/64 pixels and its
/// control box in pixels (y up), empty for a glyph without an outline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct HintedGlyph {
    pub(crate) advance: i64,
    pub(crate) ink: Option<[f32; 4]>,
}

/// A glyph's hinting instance at one size of one font (its fpgm and prep
/// programs run once; kept by the book for reuse).
pub(crate) struct Hinter {
    pub(crate) font: u32,
    pub(crate) ppem: u32,
    instance: HintingInstance,
}

impl std::fmt::Debug for Hinter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hinter")
            .field("font", &self.font)
            .field("ppem", &self.ppem)
            .finish_non_exhaustive()
    }
}

/// FreeType's default hinting: the font's bytecode if it has any (as the
/// v40 interpreter runs it, hinting across the rows only), else the
/// autohinter; rendered in shades of grey.
fn options() -> HintingOptions {
    HintingOptions {
        engine: Engine::AutoFallback,
        target: Target::Smooth {
            mode: SmoothMode::Normal,
            symmetric_rendering: true,
            preserve_linear_metrics: false,
        },
    }
}

impl Hinter {
    /// The instance for `data`'s first font at `ppem` (1/64 pixels);
    /// `None` if the font cannot be read or hinted (it is then measured
    /// by its outlines).
    pub(crate) fn new(data: &[u8], font: u32, ppem: u32) -> Option<Hinter> {
        let face = FontRef::from_index(data, 0).ok()?;
        let outlines = face.outline_glyphs();
        let size = Size::new(ppem as f32 / 64.0);
        let instance =
            HintingInstance::new(&outlines, size, LocationRef::default(), options()).ok()?;
        Some(Hinter {
            font,
            ppem,
            instance,
        })
    }

    /// Glyph `glyph` of `data`'s first font, hinted; `None` if it has no
    /// glyph of that number or cannot be hinted.
    pub(crate) fn glyph(&self, data: &[u8], glyph: u16) -> Option<HintedGlyph> {
        let face = FontRef::from_index(data, 0).ok()?;
        let outline = face.outline_glyphs().get(GlyphId::new(u32::from(glyph)))?;
        let mut ink = InkBox::default();
        let metrics = outline
            .draw(DrawSettings::hinted(&self.instance, false), &mut ink)
            .ok()?;
        // A hinted advance is whole pixels; a font whose hinting leaves it
        // alone gets its scaled advance rounded, as FreeType rounds it.
        let advance = match metrics.advance_width {
            Some(a) => (f64::from(a) * 64.0).round() as i64,
            None => {
                let size = Size::new(self.ppem as f32 / 64.0);
                let linear = face
                    .glyph_metrics(size, LocationRef::default())
                    .advance_width(GlyphId::new(u32::from(glyph)))
                    .unwrap_or(0.0);
                (f64::from(linear)).round() as i64 * 64
            }
        };
        Some(HintedGlyph {
            advance,
            ink: ink.bounds,
        })
    }

    /// Glyph `glyph` of `data`'s first font, hinted: its outline in pixels
    /// (y up, from the pen position), as FreeType hands it to its
    /// rasteriser. `units_per_em` is the pixels per em.
    pub(crate) fn outline(&self, data: &[u8], glyph: u16) -> Option<Outline> {
        let face = FontRef::from_index(data, 0).ok()?;
        let glyph = face.outline_glyphs().get(GlyphId::new(u32::from(glyph)))?;
        let mut outline = Outline {
            segments: Vec::new(),
            units_per_em: self.ppem as f32 / 64.0,
        };
        glyph
            .draw(DrawSettings::hinted(&self.instance, false), &mut outline)
            .ok()?;
        Some(outline)
    }
}

/// The control box of an outline (every point, on the curve or off it, as
/// FreeType's `FT_Glyph_Get_CBox` takes them).
#[derive(Default)]
struct InkBox {
    bounds: Option<[f32; 4]>,
}

impl InkBox {
    fn add(&mut self, x: f32, y: f32) {
        self.bounds = Some(match self.bounds {
            None => [x, y, x, y],
            Some([x0, y0, x1, y1]) => [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
        });
    }
}

impl OutlinePen for InkBox {
    fn move_to(&mut self, x: f32, y: f32) {
        self.add(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.add(x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.add(cx, cy);
        self.add(x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.add(cx0, cy0);
        self.add(cx1, cy1);
        self.add(x, y);
    }
    fn close(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_freetypes() {
        // 10 pt at 100 dpi: 640 × 100 / 72 = 888.9, FreeType's 889/64 px.
        assert_eq!(ppem_26_6(10.0, 100.0), 889);
        assert_eq!(ppem_26_6(12.0, 100.0), 1067);
        // DejaVu Sans' F-e kerning (-112 units) at 10 pt: -49/64 px, as
        // matplotlib measures "Female" (52.234 px).
        assert_eq!(scaled(-112, units_scale(889, 2048)), -49);
        assert_eq!(scaled(-112, units_scale(1067, 2048)), -58);
        assert_eq!(scaled(112, units_scale(1067, 2048)), 58);
        // 9 pt at 72 dpi: -112 × 9 / 2048 em = -31.5/64 px, rounded up.
        assert_eq!(scaled(-112, units_scale(576, 2048)), -31);
    }
}
