//! The fonts plotmill draws with, and shaping.

use std::borrow::Cow;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use plotmill_scene::Glyph;
use ttf_parser::{Face, GlyphId};

use crate::hinted::{HintedGlyph, Hinter, hinted_ppem, scaled, units_scale};
use crate::ligature::{liga_lookups, ligate};
use crate::{BoundedCache, GlyphCache, GlyphMask, MaskCache, MaskKey, Outline};

/// DejaVu Sans, matplotlib's default font (licence: fonts/LICENSE_DEJAVU).
static DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Outlines kept at most; a chart uses a few dozen distinct glyphs.
const CACHE_CAPACITY: usize = 1024;
/// Rasterised glyphs kept at most (a few hundred bytes each).
const MASK_CAPACITY: usize = 4096;
/// Hinted glyphs' metrics kept at most (a few dozen bytes each).
const HINTED_CAPACITY: usize = 4096;
/// Fonts at a size ready to hint kept at most (a few kilobytes each): a
/// chart uses two or three text sizes.
const HINTER_CAPACITY: usize = 8;

/// A font that could not be added.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FontError {
    /// The file could not be read.
    #[error("cannot read font '{path}': {error}")]
    Io {
        /// The font file.
        path: String,
        /// Why (part of the message, so not a separate source).
        error: std::io::Error,
    },
    /// The bytes are not a TrueType/OpenType font.
    #[error(
        "'{name}' is not a TrueType or OpenType font plotmill can read ({reason}); give a .ttf, .otf or .ttc file"
    )]
    Parse {
        /// The font's file name or given name.
        name: String,
        /// The parser's complaint.
        reason: String,
    },
}

struct Font {
    name: String,
    data: FontData,
}

/// A font's bytes: the embedded font parsed once (its bytes live as long as
/// the program), an added font kept as bytes and parsed when used.
enum FontData {
    // Boxed: a parsed face is 1.6 KB, and there is one.
    Embedded(Box<Face<'static>>),
    Added(Arc<[u8]>),
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Font {
    fn face(&self) -> Cow<'_, Face<'_>> {
        match &self.data {
            FontData::Embedded(face) => Cow::Borrowed(face),
            // Checked when the font was added; the bytes never change.
            FontData::Added(data) => {
                Cow::Owned(Face::parse(data, 0).expect("font data was validated when added"))
            }
        }
    }
}

/// A font file's bytes, shared rather than copied (the embedded font's
/// live as long as the program).
#[derive(Clone)]
pub struct FontBytes(Bytes);

#[derive(Clone)]
enum Bytes {
    Static(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Bytes::Static(b) => b,
            Bytes::Shared(b) => b,
        }
    }
}

impl std::fmt::Debug for FontBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontBytes({} bytes)", self.len())
    }
}

/// The ink box of shaped text, in points, with y up from the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ink {
    /// Left edge, from the text's origin.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom (negative below the baseline).
    pub y_min: f64,
    /// Top.
    pub y_max: f64,
}

/// Glyphs of one font in a shaped string.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    /// Which font of the book.
    pub font: u32,
    /// The glyphs, offsets from the string's origin.
    pub glyphs: Vec<Glyph>,
}

/// A shaped string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shaped {
    /// Glyph runs, one per change of font, in order.
    pub runs: Vec<ShapedRun>,
    /// The advance width of the whole string, in points.
    pub advance: f64,
    /// The ink box; all zero for a string with no ink.
    pub ink: Ink,
    /// Characters no font of the book has (drawn as the missing-glyph box).
    pub missing: Vec<char>,
}

/// The fonts to draw with: DejaVu Sans first, then added fonts as fallbacks,
/// with a bounded cache of glyph outlines shared by all.
#[derive(Debug)]
pub struct FontBook {
    fonts: Vec<Font>,
    cache: Mutex<GlyphCache>,
    masks: Mutex<MaskCache>,
    /// Hinted glyphs by (font, glyph, pixels per em in 1/64 pixels);
    /// `None` for one that cannot be hinted.
    hinted: Mutex<BoundedCache<(u32, u16, u32), Option<HintedGlyph>>>,
    /// Hinting instances, the newest last.
    hinters: Mutex<Vec<Hinter>>,
    /// The embedded font's ligature lookups (see [`crate::ligature`]).
    ligatures: Vec<u16>,
}

impl Default for FontBook {
    fn default() -> Self {
        FontBook::new()
    }
}

impl FontBook {
    /// A book with the embedded DejaVu Sans only.
    pub fn new() -> Self {
        // The embedded file, checked by the tests.
        let face = Face::parse(DEJAVU_SANS, 0).expect("the embedded DejaVu Sans parses");
        FontBook {
            ligatures: liga_lookups(&face),
            fonts: vec![Font {
                name: "DejaVu Sans".to_owned(),
                data: FontData::Embedded(Box::new(face)),
            }],
            cache: Mutex::new(GlyphCache::new(CACHE_CAPACITY)),
            masks: Mutex::new(MaskCache::new(MASK_CAPACITY)),
            hinted: Mutex::new(BoundedCache::new(HINTED_CAPACITY)),
            hinters: Mutex::new(Vec::new()),
        }
    }

    /// Adds a font from its bytes; it serves characters the earlier fonts
    /// lack. Returns its index.
    pub fn add_font_data(&mut self, name: &str, data: Vec<u8>) -> Result<u32, FontError> {
        Face::parse(&data, 0).map_err(|e| FontError::Parse {
            name: name.to_owned(),
            reason: e.to_string(),
        })?;
        self.fonts.push(Font {
            name: name.to_owned(),
            data: FontData::Added(Arc::from(data)),
        });
        Ok((self.fonts.len() - 1) as u32)
    }

    /// Adds a font file (`.ttf`, `.otf`, `.ttc`) as a fallback.
    pub fn add_font_file(&mut self, path: &Path) -> Result<u32, FontError> {
        let data = std::fs::read(path).map_err(|error| FontError::Io {
            path: path.display().to_string(),
            error,
        })?;
        self.add_font_data(&path.display().to_string(), data)
    }

    /// Adds, as fallbacks, the fonts under the font folders (see
    /// [`font_folders`]) that have a glyph for one of `chars` and are not in
    /// the book yet. Returns how many were added.
    pub fn add_system_fallbacks(&mut self, chars: &[char]) -> usize {
        let mut added = 0;
        let mut wanted: Vec<char> = chars
            .iter()
            .copied()
            .filter(|&c| !self.has_char(c))
            .collect();
        for dir in font_folders() {
            for path in font_files(&dir) {
                if wanted.is_empty() {
                    return added;
                }
                let Ok(data) = std::fs::read(&path) else {
                    continue;
                };
                let Ok(face) = Face::parse(&data, 0) else {
                    continue;
                };
                if !wanted.iter().any(|&c| face.glyph_index(c).is_some()) {
                    continue;
                }
                wanted.retain(|&c| face.glyph_index(c).is_none());
                if self
                    .add_font_data(&path.display().to_string(), data)
                    .is_ok()
                {
                    tracing::debug!(font = %path.display(), "added a fallback font");
                    added += 1;
                }
            }
        }
        added
    }

    /// Whether some font of the book has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.fonts.iter().any(|f| f.face().glyph_index(c).is_some())
    }

    /// The font's name (or file).
    pub fn font_name(&self, font: u32) -> &str {
        self.fonts
            .get(font as usize)
            .map_or("", |f| f.name.as_str())
    }

    /// The font's file bytes (a document backend embeds a subset of
    /// them); `None` for an unknown font. The face is the file's first.
    pub fn font_data(&self, font: u32) -> Option<FontBytes> {
        Some(match &self.fonts.get(font as usize)?.data {
            FontData::Embedded(_) => FontBytes(Bytes::Static(DEJAVU_SANS)),
            FontData::Added(data) => FontBytes(Bytes::Shared(Arc::clone(data))),
        })
    }

    /// How many fonts the book has.
    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    /// Never: the book always has DejaVu Sans.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// DejaVu Sans, parsed when the book was made.
    fn embedded(&self) -> &Face<'static> {
        match self.fonts.first().map(|f| &f.data) {
            Some(FontData::Embedded(face)) => face,
            _ => unreachable!("FontBook::new puts the embedded font first"),
        }
    }

    /// The height of a line of text at `size` points above and below its
    /// baseline (ascent, descent; both positive), as matplotlib (3.11)
    /// sizes a text's box at the least: the first font's typographic
    /// ascender and descender (its OS/2 table's, else its hhea table's).
    /// DejaVu Sans': 0.76 and 0.24 of the size.
    pub fn line_metrics(&self, size: f64) -> (f64, f64) {
        let face = self.embedded();
        let (ascender, descender) =
            match (face.typographic_ascender(), face.typographic_descender()) {
                (Some(a), Some(d)) => (a, d),
                _ => (face.ascender(), face.descender()),
            };
        let scale = size / f64::from(face.units_per_em());
        (f64::from(ascender) * scale, -f64::from(descender) * scale)
    }

    /// Shapes `text` at `size` points: a glyph per character from the first
    /// font that has it, pair kerning within a font, and metrics, all from
    /// the glyphs' outlines (as matplotlib measures text for SVG and PDF).
    /// One glyph per character keeps a document's text searchable.
    pub fn shape(&self, text: &str, size: f64) -> Shaped {
        self.shape_by(text, false, |face, _, glyph, prev| {
            let scale = size / f64::from(face.units_per_em());
            let kern = prev.map_or(0.0, |p| f64::from(kerning(face, p, glyph)) * scale);
            let (advance, ink) = outline_metrics(face, glyph, size);
            (kern, advance, ink)
        })
    }

    /// [`FontBook::shape`] with each glyph hinted at `dpi` (see
    /// [`crate::hinted`]), as matplotlib's Agg backend measures and places
    /// text in a PNG: the font's standard ligatures (see
    /// [`crate::ligature`]), whole-pixel advances, kerning between them,
    /// and ink snapped to the pixel rows. Lengths are in points, as ever.
    pub fn shape_hinted(&self, text: &str, size: f64, dpi: f64) -> Shaped {
        let Some(ppem) = hinted_ppem(size, dpi) else {
            return self.shape(text, size);
        };
        // 1/64 pixels to points.
        let to_points = 72.0 / (64.0 * dpi);
        self.shape_by(text, true, |face, font, glyph, prev| {
            let scale = units_scale(ppem, face.units_per_em());
            let kern = prev.map_or(0, |p| scaled(i64::from(kerning(face, p, glyph)), scale));
            match self.hinted_glyph(font, glyph.0, ppem) {
                Some(h) => {
                    let px = 64.0 * to_points;
                    let ink = h.ink.map(|[x0, y0, x1, y1]| Ink {
                        x_min: f64::from(x0) * px,
                        x_max: f64::from(x1) * px,
                        y_min: f64::from(y0) * px,
                        y_max: f64::from(y1) * px,
                    });
                    (kern as f64 * to_points, h.advance as f64 * to_points, ink)
                }
                // A font that cannot be hinted is measured by its outline.
                None => {
                    let (advance, ink) = outline_metrics(face, glyph, size);
                    (kern as f64 * to_points, advance, ink)
                }
            }
        })
    }

    /// A glyph hinted at `ppem` (1/64 pixels per em), from the bounded
    /// cache or hinted now.
    fn hinted_glyph(&self, font: u32, glyph: u16, ppem: u32) -> Option<HintedGlyph> {
        let key = (font, glyph, ppem);
        {
            let cache = self.hinted.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(h) = cache.get(&key) {
                return *h;
            }
        }
        let made = self.with_hinter(font, ppem, |hinter, data| hinter.glyph(data, glyph));
        let mut cache = self.hinted.lock().unwrap_or_else(PoisonError::into_inner);
        *cache.get_or_insert(key, || made)
    }

    /// Glyph `glyph` of font `font` hinted at `size` points and `dpi`, as
    /// [`FontBook::shape_hinted`] measures it and matplotlib's Agg backend
    /// draws it: its outline in **pixels** (y up, from the pen position;
    /// `units_per_em` is the pixels per em). `None` for an unknown font or
    /// glyph, a size or dpi that is not one, or a font that cannot be
    /// hinted (draw its [`FontBook::outline`] then).
    pub fn hinted_outline(&self, font: u32, glyph: u16, size: f64, dpi: f64) -> Option<Outline> {
        let ppem = hinted_ppem(size, dpi)?;
        self.with_hinter(font, ppem, |hinter, data| hinter.outline(data, glyph))
    }

    /// `then` with font `font`'s hinting instance at `ppem` (1/64 pixels
    /// per em), from the bounded list or made now, and the font's bytes.
    fn with_hinter<T>(
        &self,
        font: u32,
        ppem: u32,
        then: impl FnOnce(&Hinter, &[u8]) -> Option<T>,
    ) -> Option<T> {
        let data = self.font_data(font)?;
        let mut hinters = self.hinters.lock().unwrap_or_else(PoisonError::into_inner);
        let at = match hinters
            .iter()
            .position(|h| h.font == font && h.ppem == ppem)
        {
            Some(at) => at,
            None => {
                let h = Hinter::new(&data, font, ppem)?;
                if hinters.len() == HINTER_CAPACITY {
                    hinters.remove(0);
                }
                hinters.push(h);
                hinters.len() - 1
            }
        };
        then(&hinters[at], &data)
    }

    /// Shapes `text` (with the fonts' standard ligatures if `ligatures`),
    /// each glyph measured by `measure(face, font, glyph, the glyph before
    /// it in the same font)`: the kerning before it, its advance and its
    /// ink box from its pen position, in points.
    fn shape_by(
        &self,
        text: &str,
        ligatures: bool,
        mut measure: impl FnMut(&Face<'_>, u32, GlyphId, Option<GlyphId>) -> (f64, f64, Option<Ink>),
    ) -> Shaped {
        let _stage = plotmill_stage::enter(plotmill_stage::Stage::Text);
        // The embedded font is parsed already; only added fonts are parsed
        // here (no allocation for a book without them).
        let added: Vec<Face<'_>> = self
            .fonts
            .iter()
            .filter(|f| matches!(f.data, FontData::Added(_)))
            .map(|f| f.face().into_owned())
            .collect();
        let embedded = self.embedded();
        let faces = || std::iter::once(embedded).chain(&added);
        let mut shaped = Shaped::default();
        // Each character's font (the first that has it) and glyph.
        let mut chars: Vec<(u32, GlyphId)> = Vec::with_capacity(text.len());
        for c in text.chars() {
            let found = faces()
                .enumerate()
                .find_map(|(i, f)| f.glyph_index(c).map(|g| (i as u32, g)));
            chars.push(found.unwrap_or_else(|| {
                if !c.is_control() {
                    shaped.missing.push(c);
                }
                (0, GlyphId(0))
            }));
        }
        let face_of = |font: u32| match font {
            0 => embedded,
            i => &added[i as usize - 1],
        };
        // Ligatures within each run of one font.
        let glyphs = if ligatures {
            let mut glyphs: Vec<(u32, GlyphId)> = Vec::with_capacity(chars.len());
            let mut run: Vec<GlyphId> = Vec::new();
            for same in chars.chunk_by(|a, b| a.0 == b.0) {
                let font = same[0].0;
                let face = face_of(font);
                run.clear();
                run.extend(same.iter().map(|&(_, g)| g));
                match font {
                    0 => ligate(face, &self.ligatures, &mut run),
                    _ => ligate(face, &liga_lookups(face), &mut run),
                }
                glyphs.extend(run.iter().map(|&g| (font, g)));
            }
            glyphs
        } else {
            chars
        };
        let mut pen = 0.0;
        let mut prev: Option<(u32, GlyphId)> = None;
        let mut ink: Option<Ink> = None;
        for (font, glyph) in glyphs {
            let face = face_of(font);
            let before = prev.filter(|(f, _)| *f == font).map(|(_, g)| g);
            let (kern, advance, glyph_ink) = measure(face, font, glyph, before);
            pen += kern;
            match shaped.runs.last_mut() {
                Some(run) if run.font == font => run.glyphs.push(Glyph {
                    id: glyph.0,
                    x: pen,
                }),
                _ => shaped.runs.push(crate::ShapedRun {
                    font,
                    glyphs: vec![Glyph {
                        id: glyph.0,
                        x: pen,
                    }],
                }),
            }
            if let Some(b) = glyph_ink {
                let g = Ink {
                    x_min: pen + b.x_min,
                    x_max: pen + b.x_max,
                    ..b
                };
                ink = Some(match ink {
                    None => g,
                    Some(i) => Ink {
                        x_min: i.x_min.min(g.x_min),
                        x_max: i.x_max.max(g.x_max),
                        y_min: i.y_min.min(g.y_min),
                        y_max: i.y_max.max(g.y_max),
                    },
                });
            }
            pen += advance;
            prev = Some((font, glyph));
        }
        shaped.advance = pen;
        shaped.ink = ink.unwrap_or_default();
        shaped
    }

    /// The outline of a glyph, from the cache or the font. `None` for an
    /// unknown font; an empty outline for a glyph without one (a space).
    pub fn outline(&self, font: u32, glyph: u16) -> Option<Arc<Outline>> {
        let f = self.fonts.get(font as usize)?;
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        Some(cache.get_or_insert((font, glyph), || {
            let face = f.face();
            let mut outline = Outline {
                segments: Vec::new(),
                units_per_em: f32::from(face.units_per_em()),
            };
            face.outline_glyph(GlyphId(glyph), &mut outline);
            outline
        }))
    }

    /// A rasterised glyph from the bounded mask cache, made by `make` (the
    /// raster backend's rasteriser) when it is not cached.
    pub fn glyph_mask(&self, key: MaskKey, make: impl FnOnce() -> GlyphMask) -> Arc<GlyphMask> {
        let mut masks = self.masks.lock().unwrap_or_else(PoisonError::into_inner);
        masks.get_or_insert(key, make)
    }

    /// How many glyph masks the cache holds now, and at most.
    pub fn mask_usage(&self) -> (usize, usize) {
        let masks = self.masks.lock().unwrap_or_else(PoisonError::into_inner);
        (masks.len(), masks.capacity())
    }

    /// How many hinted glyphs' metrics the cache holds now, and at most.
    pub fn hinted_usage(&self) -> (usize, usize) {
        let cache = self.hinted.lock().unwrap_or_else(PoisonError::into_inner);
        (cache.len(), cache.capacity())
    }

    /// How many fonts at a size are ready to hint now, and at most.
    pub fn hinter_usage(&self) -> (usize, usize) {
        let hinters = self.hinters.lock().unwrap_or_else(PoisonError::into_inner);
        (hinters.len(), HINTER_CAPACITY)
    }

    /// How many outlines the cache holds now, and at most.
    pub fn cache_usage(&self) -> (usize, usize) {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        (cache.len(), cache.capacity())
    }
}

/// A glyph's advance and ink box (from its pen position) at `size` points,
/// from its outline.
fn outline_metrics(face: &Face<'_>, glyph: GlyphId, size: f64) -> (f64, Option<Ink>) {
    let scale = size / f64::from(face.units_per_em());
    // The glyf header holds the box; `glyph_bounding_box` would walk the
    // whole outline to find it.
    let ink = face
        .tables()
        .glyf
        .and_then(|g| g.bbox(glyph))
        .or_else(|| face.glyph_bounding_box(glyph))
        .map(|b| Ink {
            x_min: f64::from(b.x_min) * scale,
            x_max: f64::from(b.x_max) * scale,
            y_min: f64::from(b.y_min) * scale,
            y_max: f64::from(b.y_max) * scale,
        });
    let advance = f64::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * scale;
    (advance, ink)
}

/// Horizontal pair kerning from the `kern` table, in font units (what
/// FreeType's `FT_Get_Kerning`, and so matplotlib, uses).
fn kerning(face: &Face<'_>, left: GlyphId, right: GlyphId) -> i16 {
    let Some(kern) = face.tables().kern else {
        return 0;
    };
    kern.subtables
        .into_iter()
        .filter(|s| s.horizontal && !s.variable)
        .find_map(|s| s.glyphs_kerning(left, right))
        .unwrap_or(0)
}

/// Font files under `dir`, recursively, in a stable order.
/// The folders searched for fallback fonts, in order, each once: the
/// user's own first (`$XDG_DATA_HOME/fonts` or `~/.local/share/fonts`,
/// `~/.fonts`, `~/Library/Fonts`), then those fontconfig is configured with
/// (`<dir>` in `/etc/fonts/fonts.conf` and `conf.d/`), then
/// `$XDG_DATA_DIRS/*/fonts`, then the usual system folders of Linux, macOS
/// (`/Library/Fonts`, `/System/Library/Fonts`) and Windows.
pub fn font_folders() -> Vec<PathBuf> {
    let mut conf = String::new();
    let etc = Path::new("/etc/fonts");
    let mut files = vec![etc.join("fonts.conf")];
    if let Ok(entries) = std::fs::read_dir(etc.join("conf.d")) {
        let mut more: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        more.sort();
        files.extend(
            more.into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "conf")),
        );
    }
    for file in files {
        if let Ok(text) = std::fs::read_to_string(file) {
            conf.push_str(&text);
        }
    }
    font_folders_from(&|name| std::env::var_os(name), &conf)
}

/// [`font_folders`] for this environment and fontconfig text.
fn font_folders_from(env: &dyn Fn(&str) -> Option<OsString>, fontconfig: &str) -> Vec<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let home = var("HOME");
    let data_home = var("XDG_DATA_HOME").or_else(|| home.as_ref().map(|h| h.join(".local/share")));
    let mut folders: Vec<PathBuf> = Vec::new();
    folders.extend(data_home.as_ref().map(|d| d.join("fonts")));
    if let Some(home) = &home {
        folders.push(home.join(".fonts"));
        folders.push(home.join("Library/Fonts"));
    }
    for dir in fontconfig_dirs(fontconfig) {
        let path = match (dir.prefix_xdg, dir.path.strip_prefix("~/")) {
            (true, _) => data_home.as_ref().map(|d| d.join(&dir.path)),
            (false, Some(rest)) => home.as_ref().map(|h| h.join(rest)),
            (false, None) if dir.path == "~" => home.clone(),
            (false, None) => Some(PathBuf::from(&dir.path)),
        };
        folders.extend(path);
    }
    let data_dirs = env("XDG_DATA_DIRS")
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| OsString::from("/usr/local/share:/usr/share"));
    folders.extend(std::env::split_paths(&data_dirs).map(|d| d.join("fonts")));
    folders.extend(
        [
            "/usr/share/fonts",
            "/usr/local/share/fonts",
            "/Library/Fonts",
            "/System/Library/Fonts",
            "C:\\Windows\\Fonts",
        ]
        .map(PathBuf::from),
    );
    let mut seen = std::collections::HashSet::new();
    folders.retain(|f| seen.insert(f.clone()));
    folders
}

/// A `<dir>` of fontconfig's configuration.
#[derive(Debug, PartialEq)]
struct FontconfigDir {
    path: String,
    /// `prefix="xdg"`: relative to `$XDG_DATA_HOME`.
    prefix_xdg: bool,
}

/// The `<dir>` elements of fontconfig configuration text (a plain scan,
/// enough for the element's simple form).
fn fontconfig_dirs(text: &str) -> Vec<FontconfigDir> {
    let mut dirs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<dir") {
        rest = &rest[start + 4..];
        // `<dir>` or `<dir attr="...">`, not `<dirs>` or `<directory>`.
        if !rest.starts_with(['>', ' ', '\t', '\n']) {
            continue;
        }
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let attributes = &rest[..open_end];
        if attributes.ends_with('/') {
            rest = &rest[open_end + 1..];
            continue;
        }
        let body = &rest[open_end + 1..];
        let Some(close) = body.find("</dir>") else {
            break;
        };
        let path = body[..close].trim();
        if !path.is_empty() {
            dirs.push(FontconfigDir {
                path: path.to_owned(),
                prefix_xdg: attributes.contains("prefix=\"xdg\""),
            });
        }
        rest = &body[close..];
    }
    dirs
}

fn font_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
            {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_folders_cover_user_fontconfig_and_system() {
        let conf = r#"<fontconfig>
            <dir>/usr/share/fonts</dir>
            <dir prefix="xdg">fonts</dir>
            <dir>~/.fonts</dir>
            <dir>/opt/corp/fonts</dir>
            <directory>not a dir</directory>
        </fontconfig>"#;
        let env = |name: &str| match name {
            "HOME" => Some(OsString::from("/home/ann")),
            "XDG_DATA_DIRS" => Some(OsString::from("/app/share:/usr/share")),
            _ => None,
        };
        let folders = font_folders_from(&env, conf);
        let at = |p: &str| {
            folders
                .iter()
                .position(|f| f == Path::new(p))
                .unwrap_or_else(|| panic!("{p} is not searched: {folders:?}"))
        };
        // The user's folders first, then fontconfig's, $XDG_DATA_DIRS and
        // the system's; each once.
        assert_eq!(at("/home/ann/.local/share/fonts"), 0);
        assert!(at("/home/ann/.fonts") < at("/opt/corp/fonts"));
        assert!(at("/opt/corp/fonts") < at("/app/share/fonts"));
        at("/System/Library/Fonts");
        at("/home/ann/Library/Fonts");
        assert_eq!(
            folders
                .iter()
                .filter(|f| f.ends_with("usr/share/fonts"))
                .count(),
            1
        );
        // $XDG_DATA_HOME moves the user's folder.
        let env = |name: &str| match name {
            "HOME" => Some(OsString::from("/home/ann")),
            "XDG_DATA_HOME" => Some(OsString::from("/data")),
            _ => None,
        };
        let folders = font_folders_from(&env, conf);
        assert_eq!(folders[0], Path::new("/data/fonts"));
        assert!(folders.contains(&PathBuf::from("/usr/local/share/fonts")));
    }

    #[test]
    fn shapes_with_dejavu_metrics() {
        let book = FontBook::new();
        let s = book.shape("0.43", 10.0);
        assert_eq!(s.runs.len(), 1);
        assert_eq!(s.runs[0].glyphs.len(), 4);
        assert!(s.missing.is_empty());
        // DejaVu Sans digits advance 1303 units of 2048; the period 651.
        let expected = (3.0 * 1303.0 + 651.0) / 2048.0 * 10.0;
        assert!((s.advance - expected).abs() < 1e-9, "{}", s.advance);
        assert!(s.ink.y_max > 7.0 && s.ink.y_max < 7.5, "{:?}", s.ink);
    }

    #[test]
    fn kerning_applies() {
        let book = FontBook::new();
        let av = book.shape("AV", 10.0);
        let a = book.shape("A", 10.0).advance;
        let v = book.shape("V", 10.0).advance;
        assert!(av.advance < a + v, "{} vs {}", av.advance, a + v);
    }

    #[test]
    fn missing_characters_are_reported() {
        let book = FontBook::new();
        let s = book.shape("價", 10.0);
        assert_eq!(s.missing, ['價']);
        assert_eq!(s.runs[0].glyphs[0].id, 0);
    }

    #[test]
    fn outlines_are_cached_within_bounds() {
        let book = FontBook::new();
        let o = book.outline(0, 20).unwrap();
        assert!(!o.segments.is_empty());
        for g in 0..3000u16 {
            book.outline(0, g);
        }
        let (len, cap) = book.cache_usage();
        assert!(len <= cap && cap == CACHE_CAPACITY);
        assert!(book.outline(9, 1).is_none());
    }

    #[test]
    fn bad_font_data_is_an_error() {
        let mut book = FontBook::new();
        let err = book
            .add_font_data("x.ttf", b"not a font".to_vec())
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("'x.ttf' is not a TrueType or OpenType font"),
            "{err}"
        );
    }
}
