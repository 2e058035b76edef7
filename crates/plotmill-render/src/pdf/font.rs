//! Fonts in a PDF: each font a page draws with becomes a Type 0 font over a
//! subset of its glyphs (TrueType outlines as `FontFile2`, CFF outlines as
//! an OpenType `FontFile3`), with the glyphs renumbered in order of first
//! use and a ToUnicode map, so that text can be searched and copied.
//!
//! A document keeps one subset per font file however many pages draw with
//! it; the subsets are written when the document ends, when every glyph is
//! known. The state is bounded by the fonts' glyph counts.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Rect, Ref, Str};
use plotmill_text::{BoundedCache, FontBook, FontBytes};

/// Where a page's fonts come from: the font book it was laid out with, or
/// a [`FontTable`] taken of one (a page drawn on another thread).
pub trait FontSource {
    /// The font's name (the book's; equal names are one font).
    fn name(&self, font: u32) -> &str;
    /// The font file's bytes.
    fn data(&self, font: u32) -> Option<FontBytes>;
}

impl FontSource for FontBook {
    fn name(&self, font: u32) -> &str {
        self.font_name(font)
    }
    fn data(&self, font: u32) -> Option<FontBytes> {
        self.font_data(font)
    }
}

/// A font book's fonts, shared (no font is copied): to write pages laid
/// out by another thread's book.
#[derive(Debug, Clone, Default)]
pub struct FontTable(Vec<(String, FontBytes)>);

impl FontTable {
    /// The fonts of `book`, by the same indices.
    pub fn of(book: &FontBook) -> Self {
        FontTable(
            (0..book.len() as u32)
                .filter_map(|i| Some((book.font_name(i).to_owned(), book.font_data(i)?)))
                .collect(),
        )
    }
}

impl FontSource for FontTable {
    fn name(&self, font: u32) -> &str {
        self.0.get(font as usize).map_or("", |f| f.0.as_str())
    }
    fn data(&self, font: u32) -> Option<FontBytes> {
        self.0.get(font as usize).map(|f| f.1.clone())
    }
}
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use super::{Objects, PdfError, new_chunk};

/// One font file's subset.
pub(super) struct Slot {
    /// The font book's name (the embedded font's, or a file's path): a
    /// document's pages may come from different font books.
    name: String,
    data: FontBytes,
    /// The Type 0 font's object, reserved when the font is first used.
    pub(super) reference: Ref,
    units_per_em: f64,
    remap: GlyphRemapper,
    /// By new glyph id: the advance in font units and the character it
    /// stands for (the first one seen; none for the missing glyph).
    glyphs: Vec<(u16, Option<char>)>,
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot")
            .field("name", &self.name)
            .field("glyphs", &self.glyphs.len())
            .finish_non_exhaustive()
    }
}

/// The fonts a document draws with.
#[derive(Debug, Default)]
pub(super) struct Fonts {
    pub(super) slots: Vec<Slot>,
}

/// A run's glyphs in a slot: new ids and advances in thousandths of an em.
pub(super) struct Mapped {
    pub(super) slot: usize,
    pub(super) glyphs: Vec<(u16, f64)>,
}

impl Fonts {
    /// Maps a run's glyphs (`font` of `book`) into the document's subset
    /// of that font; `chars` are the characters they stand for, one per
    /// glyph, when known. `alloc` reserves an object for a new font.
    pub(super) fn map(
        &mut self,
        book: &dyn FontSource,
        font: u32,
        glyphs: &[plotmill_scene::Glyph],
        chars: &mut dyn Iterator<Item = char>,
        alloc: &mut dyn FnMut() -> Ref,
    ) -> Result<Mapped, PdfError> {
        let name = book.name(font);
        let slot = match self.slots.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                let data = book.data(font).ok_or_else(|| PdfError::Font {
                    font: format!("#{font}"),
                    reason: "the font book has no such font".into(),
                })?;
                let face = parse(name, &data)?;
                self.slots.push(Slot {
                    name: name.to_owned(),
                    units_per_em: f64::from(face.units_per_em()),
                    data: data.clone(),
                    reference: alloc(),
                    remap: GlyphRemapper::new(),
                    glyphs: vec![(face.glyph_hor_advance(GlyphId(0)).unwrap_or(0), None)],
                });
                self.slots.len() - 1
            }
        };
        let s = &mut self.slots[slot];
        let mut face = None;
        let mut out = Vec::with_capacity(glyphs.len());
        for g in glyphs {
            let c = chars.next();
            let id = s.remap.remap(g.id);
            if usize::from(id) == s.glyphs.len() {
                if face.is_none() {
                    face = Some(parse(&s.name, &s.data)?);
                }
                let advance = face
                    .as_ref()
                    .and_then(|f| f.glyph_hor_advance(GlyphId(g.id)))
                    .unwrap_or(0);
                s.glyphs.push((advance, None));
            }
            let entry = &mut s.glyphs[usize::from(id)];
            if entry.1.is_none() && g.id != 0 {
                entry.1 = c.filter(|c| !c.is_control());
            }
            out.push((id, f64::from(entry.0) * 1000.0 / s.units_per_em));
        }
        Ok(Mapped { slot, glyphs: out })
    }

    /// Writes every font's objects.
    pub(super) fn write<W: Write>(&self, objects: &mut Objects<W>) -> Result<(), PdfError> {
        for s in &self.slots {
            s.write(objects)?;
        }
        Ok(())
    }
}

fn parse<'a>(name: &str, data: &'a [u8]) -> Result<Face<'a>, PdfError> {
    Face::parse(data, 0).map_err(|e| PdfError::Font {
        font: name.to_owned(),
        reason: e.to_string(),
    })
}

impl Slot {
    fn write<W: Write>(&self, objects: &mut Objects<W>) -> Result<(), PdfError> {
        let face = parse(&self.name, &self.data)?;
        let subset = self.program();
        let (subset_len, packed) = match &subset.2 {
            Ok((len, packed)) => (*len, packed),
            Err(reason) => {
                return Err(PdfError::Font {
                    font: self.name.clone(),
                    reason: reason.clone(),
                });
            }
        };
        let cff = face.tables().cff.is_some();
        let base = self.base_name(&face);
        let base = Name(base.as_bytes());
        let em = |v: f64| (v * 1000.0 / self.units_per_em) as f32;

        let (cid, descriptor, file, unicode) = (
            objects.alloc(),
            objects.alloc(),
            objects.alloc(),
            objects.alloc(),
        );

        let mut chunk = new_chunk();
        chunk
            .type0_font(self.reference)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(unicode);
        objects.put(chunk)?;

        let mut chunk = new_chunk();
        let mut font = chunk.cid_font(cid);
        font.subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(base)
        .system_info(SYSTEM)
        .font_descriptor(descriptor)
        .default_width(0.0);
        if !cff {
            font.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        font.widths().consecutive(
            0,
            self.glyphs
                .iter()
                .map(|&(advance, _)| round(em(f64::from(advance)))),
        );
        font.finish();
        objects.put(chunk)?;

        let bbox = face.global_bounding_box();
        let ascent = em(f64::from(face.ascender()));
        let descent = em(f64::from(face.descender()));
        let cap = face.capital_height().map_or(ascent, |c| em(f64::from(c)));
        let mut flags = FontFlags::SYMBOLIC;
        if face.is_italic() {
            flags |= FontFlags::ITALIC;
        }
        if face.is_monospaced() {
            flags |= FontFlags::FIXED_PITCH;
        }
        let mut chunk = new_chunk();
        let mut d = chunk.font_descriptor(descriptor);
        d.name(base)
            .flags(flags)
            .bbox(Rect::new(
                em(f64::from(bbox.x_min)),
                em(f64::from(bbox.y_min)),
                em(f64::from(bbox.x_max)),
                em(f64::from(bbox.y_max)),
            ))
            .italic_angle(face.italic_angle())
            .ascent(ascent)
            .descent(descent)
            .cap_height(cap)
            // Not in the font; a regular weight's usual stem.
            .stem_v(80.0);
        if cff {
            d.font_file3(file);
        } else {
            d.font_file2(file);
        }
        d.finish();
        objects.put(chunk)?;

        let mut chunk = new_chunk();
        let mut stream = chunk.stream(file, packed);
        stream.filter(Filter::FlateDecode);
        if cff {
            stream.pair(Name(b"Subtype"), Name(b"OpenType"));
        } else {
            stream.pair(Name(b"Length1"), subset_len as i32);
        }
        stream.finish();
        objects.put(chunk)?;

        let mut map = UnicodeCmap::new(Name(b"Custom"), UCS);
        for (id, &(_, c)) in self.glyphs.iter().enumerate() {
            if let Some(c) = c {
                map.pair(id as u16, c);
            }
        }
        let map = super::deflate(&map.finish());
        let mut chunk = new_chunk();
        chunk
            .cmap(unicode, &map)
            .name(Name(b"Custom"))
            .system_info(UCS)
            .filter(Filter::FlateDecode);
        objects.put(chunk)
    }

    /// The subset font program, compressed, and its length before: from
    /// the process's cache of recent subsets (charts of one kind draw the
    /// same glyphs again and again; subsetting and compressing a font is
    /// most of a PDF's time), made when it is not there.
    fn program(&self) -> Arc<Subset> {
        let glyphs: Vec<u16> = self.remap.remapped_gids().collect();
        let key = (hash(&self.name, &glyphs, 0), hash(&self.name, &glyphs, 1));
        let make = || -> Subset {
            let program = subsetter::subset(&self.data, 0, &self.remap)
                .map(|subset| (subset.len(), super::deflate(&subset)))
                .map_err(|e| format!("subsetting failed: {e}"));
            (self.name.clone(), glyphs.clone(), program)
        };
        let cache = || SUBSETS.lock().unwrap_or_else(PoisonError::into_inner);
        let hit = cache().get(&key);
        // Made outside the lock: two workers that both miss do not wait
        // for each other.
        let cached = match hit {
            Some(c) => c,
            None => {
                let made = make();
                cache().get_or_insert(key, || made)
            }
        };
        // The key is a hash: the entry must be this font's, these glyphs'.
        if cached.0 == self.name && cached.1 == glyphs {
            cached
        } else {
            Arc::new(make())
        }
    }

    /// `ABCDEF+PostScriptName`: a subset's name carries a tag of six
    /// capitals, here taken from a hash of the glyphs it holds (so equal
    /// subsets have equal names and equal documents equal bytes).
    fn base_name(&self, face: &Face<'_>) -> String {
        let ps = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| self.name.clone());
        let ps: String = ps
            .chars()
            .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
            .collect();
        // FNV-1a over the old glyph ids in subset order.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for g in self.remap.remapped_gids() {
            for b in g.to_be_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
        let tag: String = (0..6)
            .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
            .collect();
        format!("{tag}+{ps}")
    }
}

const SYSTEM: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// A cached subset: the font's name, its glyphs in subset order, and the
/// compressed program (or why it could not be made).
type Subset = (String, Vec<u16>, Result<(usize, Vec<u8>), String>);

/// Recent font subsets, by a 128-bit hash of the font's name and glyphs:
/// at most 64 (some 6 KB each for DejaVu Sans), shared by every thread.
static SUBSETS: LazyLock<Mutex<BoundedCache<(u64, u64), Subset>>> =
    LazyLock::new(|| Mutex::new(BoundedCache::new(64)));

/// The subsets cached now (at most the cache's bound).
#[cfg(test)]
pub(super) fn cached_subsets() -> usize {
    SUBSETS.lock().unwrap_or_else(PoisonError::into_inner).len()
}

fn hash(name: &str, glyphs: &[u16], salt: u8) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    salt.hash(&mut h);
    name.hash(&mut h);
    glyphs.hash(&mut h);
    Hasher::finish(&h)
}

/// The ToUnicode map's collection: Unicode.
const UCS: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"UCS"),
    supplement: 0,
};

/// A width to a thousandth of a unit (a shorter file, the same layout).
fn round(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}
