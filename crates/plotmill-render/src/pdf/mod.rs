//! PDF output: a scene as vector paths on a page as large as the figure
//! (points are PDF's units), text as text in embedded font subsets with a
//! ToUnicode map (searchable, copyable), each marker shape a form XObject
//! drawn at every centre, colours in DeviceRGB (sRGB values, as
//! matplotlib writes them), translucency by graphics states.
//!
//! [`PdfWriter`] streams a document of any number of pages to a writer:
//! each page's objects are written when the page is added, and only what
//! the end of the file needs (object offsets, the page list, the fonts'
//! glyph subsets) is kept. [`render_pdf`] is one page.
//!
//! Equal scenes give equal bytes: no dates (unless `SOURCE_DATE_EPOCH`
//! asks for one), no random ids, numbers to a thousandth of a point.

mod font;

use std::io::{self, Write};

use pdf_writer::types::{LineCapStyle, LineJoinStyle};
use pdf_writer::{Chunk, Content, Date, Filter, Finish, Name, Rect as PdfRect, Ref, Str, TextStr};
use plotmill_scene::marker::{Cap, Join};
use plotmill_scene::{Color, Item, Marker, Scene, Stroke, TextRun};
use plotmill_text::FontBook;

use font::Fonts;
pub use font::{FontSource, FontTable};

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// Writing to the output failed.
    #[error("cannot write the PDF: {0}")]
    Io(#[from] io::Error),
    /// A font could not be read or subset for embedding.
    #[error("font '{font}' cannot be embedded in the PDF: {reason}")]
    Font {
        /// The font's name or file.
        font: String,
        /// Why.
        reason: String,
    },
}

/// Writes `scene` as a one-page PDF into `out` (appended).
pub fn render_pdf(scene: &Scene, fonts: &FontBook, out: &mut Vec<u8>) -> Result<(), PdfError> {
    let mut doc = PdfWriter::new(out)?;
    doc.page(scene, fonts, None)?;
    doc.finish()?;
    Ok(())
}

/// A page's outline entry.
#[derive(Debug, Clone, Copy)]
pub struct Bookmark<'a> {
    /// What pages are ordered by (with [`PdfWriter::order_by_bookmark`]).
    pub key: &'a str,
    /// The entry's text.
    pub title: &'a str,
}

/// The objects written so far and where each starts.
struct Objects<W> {
    out: W,
    pos: u64,
    /// By object number − 1; 0 for an object reserved but never written.
    offsets: Vec<u64>,
}

impl<W: Write> Objects<W> {
    fn alloc(&mut self) -> Ref {
        self.offsets.push(0);
        Ref::new(self.offsets.len() as i32)
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    /// Writes a chunk holding exactly one object.
    fn put(&mut self, chunk: Chunk) -> Result<(), PdfError> {
        debug_assert_eq!(chunk.refs().len(), 1, "one object per chunk");
        for r in chunk.refs() {
            if let Some(slot) = self.offsets.get_mut(r.get() as usize - 1) {
                *slot = self.pos;
            }
        }
        self.raw(chunk.as_bytes())?;
        Ok(())
    }
}

/// A PDF document written page by page to `W`.
pub struct PdfWriter<W: Write> {
    objects: Objects<W>,
    catalog: Ref,
    pages: Ref,
    /// Each page: what it is ordered by, its bookmark's title (empty for
    /// none), and its object.
    kids: Vec<(String, String, Ref)>,
    by_bookmark: bool,
    fonts: Fonts,
    /// Graphics states for (fill, stroke) opacities, written once each.
    states: Vec<((u8, u8), Ref)>,
}

impl<W: Write> std::fmt::Debug for PdfWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfWriter")
            .field("pages", &self.kids.len())
            .field("bytes", &self.objects.pos)
            .finish_non_exhaustive()
    }
}

impl<W: Write> PdfWriter<W> {
    /// Starts a document: writes the header.
    pub fn new(out: W) -> Result<Self, PdfError> {
        let mut objects = Objects {
            out,
            pos: 0,
            offsets: Vec::new(),
        };
        let catalog = objects.alloc();
        let pages = objects.alloc();
        // The binary comment tells transfer tools the file is not text.
        objects.raw(b"%PDF-1.7\n%\xc2\xb5\xc2\xb6\n")?;
        Ok(PdfWriter {
            objects,
            catalog,
            pages,
            kids: Vec::new(),
            by_bookmark: false,
            fonts: Fonts::default(),
            states: Vec::new(),
        })
    }

    /// Orders the pages by their bookmarks' sort keys (byte order; pages
    /// without one first; pages of one key in the order they were added)
    /// rather than in the order they were added.
    pub fn order_by_bookmark(&mut self) {
        self.by_bookmark = true;
    }

    /// How many pages the document has.
    pub fn len(&self) -> usize {
        self.kids.len()
    }

    /// Whether no page was added.
    pub fn is_empty(&self) -> bool {
        self.kids.is_empty()
    }

    /// The bytes written so far.
    pub fn written(&self) -> u64 {
        self.objects.pos
    }

    /// Adds `scene` as a page, its text in the fonts of `book` (the font
    /// book it was laid out with, or a [`FontTable`] of it), with an
    /// outline entry (bookmark) if given: its title and the key pages are
    /// ordered by. The page's objects are written now.
    pub fn page(
        &mut self,
        scene: &Scene,
        book: &dyn FontSource,
        bookmark: Option<Bookmark<'_>>,
    ) -> Result<(), PdfError> {
        let mut page = Page::new(scene.height);
        page.draw(scene, book, &mut self.fonts, &mut self.objects)?;
        let Page {
            content,
            fonts,
            states,
            forms,
            images,
            ..
        } = page;

        let mut form_refs = Vec::with_capacity(forms.len());
        for form in &forms {
            let id = self.objects.alloc();
            let (body, extent) = marker_form(form);
            let body = deflate(&body);
            let mut chunk = new_chunk();
            let mut x = chunk.form_xobject(id, &body);
            x.bbox(PdfRect::new(-extent, -extent, extent, extent));
            x.filter(Filter::FlateDecode);
            x.finish();
            self.objects.put(chunk)?;
            form_refs.push(id);
        }
        let mut image_refs = Vec::with_capacity(images.len());
        for (width, height, samples) in &images {
            let id = self.objects.alloc();
            let body = deflate(samples);
            let mut chunk = new_chunk();
            let mut image = chunk.image_xobject(id, &body);
            image
                .width(*width as i32)
                .height(*height as i32)
                .color_space_name(Name(b"DeviceRGB"))
                .bits_per_component(8)
                .interpolate(false);
            image.filter(Filter::FlateDecode);
            image.finish();
            self.objects.put(chunk)?;
            image_refs.push(id);
        }
        let mut state_refs = Vec::with_capacity(states.len());
        for &(fill, stroke) in &states {
            let id = match self.states.iter().find(|(k, _)| *k == (fill, stroke)) {
                Some(&(_, id)) => id,
                None => {
                    let id = self.objects.alloc();
                    let mut chunk = new_chunk();
                    chunk
                        .ext_graphics(id)
                        .non_stroking_alpha(f32::from(fill) / 255.0)
                        .stroking_alpha(f32::from(stroke) / 255.0);
                    self.objects.put(chunk)?;
                    self.states.push(((fill, stroke), id));
                    id
                }
            };
            state_refs.push((state_name(fill, stroke), id));
        }

        let contents = self.objects.alloc();
        let body = deflate(&content.finish());
        let mut chunk = new_chunk();
        chunk.stream(contents, &body).filter(Filter::FlateDecode);
        self.objects.put(chunk)?;

        let id = self.objects.alloc();
        let mut chunk = new_chunk();
        let mut p = chunk.page(id);
        p.parent(self.pages)
            .media_box(PdfRect::new(0.0, 0.0, pt(scene.width), pt(scene.height)))
            .contents(contents);
        let mut resources = p.resources();
        if !fonts.is_empty() {
            let mut dict = resources.fonts();
            for &slot in &fonts {
                let name = format!("F{slot}");
                dict.pair(Name(name.as_bytes()), self.fonts.slots[slot].reference);
            }
        }
        if !state_refs.is_empty() {
            let mut dict = resources.ext_g_states();
            for (name, id) in &state_refs {
                dict.pair(Name(name.as_bytes()), *id);
            }
        }
        if !form_refs.is_empty() || !image_refs.is_empty() {
            let mut dict = resources.x_objects();
            for (i, id) in form_refs.iter().enumerate() {
                let name = format!("M{i}");
                dict.pair(Name(name.as_bytes()), *id);
            }
            for (i, id) in image_refs.iter().enumerate() {
                let name = format!("I{i}");
                dict.pair(Name(name.as_bytes()), *id);
            }
        }
        resources.finish();
        p.finish();
        self.objects.put(chunk)?;
        let (key, title) = bookmark.map_or((String::new(), String::new()), |b| {
            (b.key.to_owned(), b.title.to_owned())
        });
        self.kids.push((key, title, id));
        Ok(())
    }

    /// Ends the document: the fonts, the page tree, the outline, the
    /// cross-reference table. Returns the writer.
    pub fn finish(mut self) -> Result<W, PdfError> {
        let o = &mut self.objects;
        self.fonts.write(o)?;
        if self.by_bookmark {
            self.kids.sort_by(|a, b| a.0.cmp(&b.0));
        }

        let mut chunk = new_chunk();
        chunk
            .pages(self.pages)
            .kids(self.kids.iter().map(|k| k.2))
            .count(self.kids.len() as i32);
        o.put(chunk)?;

        let marked: Vec<&(String, String, Ref)> =
            self.kids.iter().filter(|k| !k.1.is_empty()).collect();
        let outline = if marked.is_empty() {
            None
        } else {
            let root = o.alloc();
            let items: Vec<Ref> = marked.iter().map(|_| o.alloc()).collect();
            for (i, (title, page)) in marked.iter().map(|k| (&k.1, k.2)).enumerate() {
                let mut chunk = new_chunk();
                let mut item = chunk.outline_item(items[i]);
                item.title(TextStr(title)).parent(root);
                if i > 0 {
                    item.prev(items[i - 1]);
                }
                if let Some(&next) = items.get(i + 1) {
                    item.next(next);
                }
                item.dest().page(page).fit();
                item.finish();
                o.put(chunk)?;
            }
            let mut chunk = new_chunk();
            chunk
                .outline(root)
                .first(items[0])
                .last(items[items.len() - 1])
                .count(items.len() as i32);
            o.put(chunk)?;
            Some(root)
        };

        let mut chunk = new_chunk();
        let mut cat = chunk.indirect(self.catalog).dict();
        cat.pair(Name(b"Type"), Name(b"Catalog"));
        cat.pair(Name(b"Pages"), self.pages);
        if let Some(root) = outline {
            cat.pair(Name(b"Outlines"), root);
            cat.pair(Name(b"PageMode"), Name(b"UseOutlines"));
        }
        cat.finish();
        o.put(chunk)?;

        let info = o.alloc();
        let mut chunk = new_chunk();
        let mut dict = chunk.indirect(info).dict();
        let producer = concat!("plotmill ", env!("CARGO_PKG_VERSION"));
        dict.pair(Name(b"Producer"), TextStr(producer));
        if let Some(date) = source_date() {
            dict.pair(Name(b"CreationDate"), date);
        }
        dict.finish();
        o.put(chunk)?;

        let xref = o.pos;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f\r\n", o.offsets.len() + 1);
        for &at in &o.offsets {
            if at == 0 {
                table.push_str("0000000000 65535 f\r\n");
            } else {
                table.push_str(&format!("{at:010} 00000 n\r\n"));
            }
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            o.offsets.len() + 1,
            self.catalog.get(),
            info.get()
        ));
        o.raw(table.as_bytes())?;
        o.out.flush()?;
        Ok(self.objects.out)
    }
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) as a PDF date, if set.
fn source_date() -> Option<Date> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    civil(secs).map(|(year, month, day, hour, minute, second)| {
        Date::new(year)
            .month(month)
            .day(day)
            .hour(hour)
            .minute(minute)
            .second(second)
            .utc_offset_hour(0)
    })
}

/// Seconds since 1970-01-01 UTC as year, month, day, hour, minute, second
/// (years 0 to 9999; others `None`).
fn civil(secs: i64) -> Option<(u16, u8, u8, u8, u8, u8)> {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (year, month, day) = plotmill_scene::civil_from_days(days);
    let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
    Some((
        year,
        month as u8,
        day as u8,
        (rest / 3600) as u8,
        (rest % 3600 / 60) as u8,
        (rest % 60) as u8,
    ))
}

/// A chunk for one object, written compactly (no indentation).
pub(crate) fn new_chunk() -> Chunk {
    Chunk::with_settings(pdf_writer::Settings { pretty: false })
}

/// zlib at a middle level: content streams of charts are small and
/// repetitive; fonts are compressed once per document.
pub(crate) fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6)
}

/// A length in points to a thousandth, as written.
fn pt(v: f64) -> f32 {
    let r = ((v * 1000.0).round() / 1000.0) as f32;
    if r == 0.0 { 0.0 } else { r }
}

/// A colour channel (0–255) as PDF's 0–1, to four decimals: each of the
/// 256 levels stays apart, and the stream stays short.
fn channel(v: u8) -> f32 {
    (f32::from(v) / 255.0 * 10_000.0).round() / 10_000.0
}

fn state_name(fill: u8, stroke: u8) -> String {
    format!("G{fill}_{stroke}")
}

fn rgb(c: Color) -> [u8; 3] {
    let [r, g, b, _] = c.to_rgba8();
    [r, g, b]
}

fn alpha(c: Color) -> u8 {
    c.to_rgba8()[3]
}

/// What a marker's form holds (the colours come from where it is drawn).
fn form_key(m: Marker) -> Marker {
    match m.resolved() {
        Marker::Circle { radius, edge, .. } => Marker::Circle {
            radius,
            edge,
            edge_color: None,
        },
        Marker::Shape {
            shape, size, edge, ..
        } => Marker::Shape {
            shape,
            size,
            edge,
            edge_color: None,
        },
    }
}

/// A marker's form: its path about the origin (y up), filled and, when it
/// has an edge, outlined; and how far it reaches.
fn marker_form(m: &Marker) -> (Vec<u8>, f32) {
    let mut c = Content::with_settings(pdf_writer::Settings { pretty: false });
    let (edge, _) = m.edge();
    let reach = match *m {
        Marker::Circle { radius, .. } => {
            // Four cubic arcs, each a quarter of the circle.
            let r = radius;
            let k = r * 0.552_284_749_830_793_4;
            c.move_to(pt(r), 0.0);
            c.cubic_to(pt(r), pt(k), pt(k), pt(r), 0.0, pt(r));
            c.cubic_to(pt(-k), pt(r), pt(-r), pt(k), pt(-r), 0.0);
            c.cubic_to(pt(-r), pt(-k), pt(-k), pt(-r), 0.0, pt(-r));
            c.cubic_to(pt(k), pt(-r), pt(r), pt(-k), pt(r), 0.0);
            c.close_path();
            r
        }
        Marker::Shape { shape, size, .. } => {
            c.set_line_join(join_style(shape.join()));
            let corners = shape.outline().unwrap_or_default();
            let mut reach: f64 = 0.0;
            for (i, (x, y)) in corners.iter().enumerate() {
                let (x, y) = (x * size, y * size);
                reach = reach.max(x.abs()).max(y.abs());
                if i == 0 {
                    c.move_to(pt(x), pt(y));
                } else {
                    c.line_to(pt(x), pt(y));
                }
            }
            c.close_path();
            reach
        }
    };
    if edge > 0.0 {
        c.set_line_width(pt(edge));
        c.fill_nonzero_and_stroke();
    } else {
        c.fill_nonzero();
    }
    // A mitred corner reaches at most the miter limit (4) times half the
    // edge past the outline.
    (c.finish().to_vec(), pt(reach + 2.0 * edge + 1.0))
}

/// How far (points) an opaque mesh cell reaches under its neighbours.
const SEAM_OVERLAP: f64 = 0.25;

/// Cells at least this many in one row or column make an image (the count
/// from which matplotlib rasterises a colorbar's solids).
const STRIP_CELLS: usize = 50;

/// A mesh that is one opaque column (or row) of equal, abutting cells, of
/// at least [`STRIP_CELLS`]: its bounds and an image of it, a pixel per
/// cell (width, height, RGB rows from the top).
fn strip(
    cells: &[(plotmill_scene::Rect, Color)],
) -> Option<(plotmill_scene::Rect, u32, u32, Vec<u8>)> {
    if cells.len() < STRIP_CELLS || cells.iter().any(|(_, c)| alpha(*c) != 255) {
        return None;
    }
    let (first, _) = cells[0];
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()));
    let column = cells
        .iter()
        .all(|(r, _)| near(r.x, first.x) && near(r.w, first.w));
    let row = cells
        .iter()
        .all(|(r, _)| near(r.y, first.y) && near(r.h, first.h));
    let mut order: Vec<usize> = (0..cells.len()).collect();
    let along = |r: &plotmill_scene::Rect| if column { (r.y, r.h) } else { (r.x, r.w) };
    if !(column || row) {
        return None;
    }
    order.sort_by(|&a, &b| along(&cells[a].0).0.total_cmp(&along(&cells[b].0).0));
    let (start, size) = along(&cells[order[0]].0);
    for (k, &i) in order.iter().enumerate() {
        let (at, extent) = along(&cells[i].0);
        if !near(extent, size) || !near(at, start + k as f64 * size) {
            return None;
        }
    }
    let samples: Vec<u8> = order.iter().flat_map(|&i| rgb(cells[i].1)).collect();
    let n = cells.len() as f64;
    let n_cells = cells.len() as u32;
    Some(if column {
        (
            plotmill_scene::Rect::new(first.x, start, first.w, size * n),
            1,
            n_cells,
            samples,
        )
    } else {
        (
            plotmill_scene::Rect::new(start, first.y, size * n, first.h),
            n_cells,
            1,
            samples,
        )
    })
}

/// PDF's line join for a join style.
fn join_style(join: Join) -> LineJoinStyle {
    match join {
        Join::Miter => LineJoinStyle::MiterJoin,
        Join::Bevel => LineJoinStyle::BevelJoin,
        Join::Round => LineJoinStyle::RoundJoin,
    }
}

/// The current colours and opacities, to write an operator only when one
/// changes.
#[derive(Clone, Copy, PartialEq)]
struct State {
    fill: Option<[u8; 3]>,
    stroke: Option<[u8; 3]>,
    width: Option<f32>,
    alpha: (u8, u8),
    /// How strokes join: round for open lines and matplotlib's
    /// collections, as the PNG draws them; mitred otherwise.
    join: Join,
    /// How open lines end (a closed path has no ends).
    cap: Cap,
}

/// One page's content stream and the resources it names.
struct Page {
    content: Content,
    height: f64,
    state: State,
    saved: Vec<State>,
    /// Font slots used, in order of first use.
    fonts: Vec<usize>,
    /// (fill, stroke) opacities used.
    states: Vec<(u8, u8)>,
    /// Marker forms, named `M{index}`.
    forms: Vec<Marker>,
    /// Images, named `I{index}`: width, height and RGB samples.
    images: Vec<(u32, u32, Vec<u8>)>,
    /// The characters of a label whose glyphs are split among runs of
    /// several fonts (the first run carries the text).
    chars: Vec<char>,
    next_char: usize,
}

impl Page {
    fn new(height: f64) -> Self {
        let mut content = Content::with_settings(pdf_writer::Settings { pretty: false });
        // tiny-skia's (and so the PNG's) miter limit.
        content.set_miter_limit(4.0);
        Page {
            content,
            height,
            state: State {
                fill: None,
                stroke: None,
                width: None,
                alpha: (255, 255),
                join: Join::Miter,
                // PDF's default.
                cap: Cap::Butt,
            },
            saved: Vec::new(),
            fonts: Vec::new(),
            states: Vec::new(),
            forms: Vec::new(),
            images: Vec::new(),
            chars: Vec::new(),
            next_char: 0,
        }
    }

    /// A y on the page (down from the top) in PDF's space (up from the
    /// bottom).
    fn y(&self, y: f64) -> f32 {
        pt(self.height - y)
    }

    fn save(&mut self) {
        self.content.save_state();
        self.saved.push(self.state);
    }

    fn restore(&mut self) {
        self.content.restore_state();
        if let Some(s) = self.saved.pop() {
            self.state = s;
        }
    }

    fn fill(&mut self, c: Color) {
        let rgb = rgb(c);
        if self.state.fill != Some(rgb) {
            let [r, g, b] = rgb.map(channel);
            self.content.set_fill_rgb(r, g, b);
            self.state.fill = Some(rgb);
        }
        self.opacity(Some(alpha(c)), None);
    }

    /// Sets the stroke's colour, width and opacity, and its joins (round
    /// for an open line, as the PNG draws them; a shape's as it says).
    fn stroke(&mut self, s: Stroke, join: Join) {
        if self.state.join != join {
            self.content.set_line_join(join_style(join));
            self.state.join = join;
        }
        let rgb = rgb(s.color);
        if self.state.stroke != Some(rgb) {
            let [r, g, b] = rgb.map(channel);
            self.content.set_stroke_rgb(r, g, b);
            self.state.stroke = Some(rgb);
        }
        let w = pt(s.width);
        if self.state.width != Some(w) {
            self.content.set_line_width(w);
            self.state.width = Some(w);
        }
        self.opacity(None, Some(alpha(s.color)));
    }

    fn opacity(&mut self, fill: Option<u8>, stroke: Option<u8>) {
        let want = (
            fill.unwrap_or(self.state.alpha.0),
            stroke.unwrap_or(self.state.alpha.1),
        );
        if want != self.state.alpha {
            if !self.states.contains(&want) {
                self.states.push(want);
            }
            let name = state_name(want.0, want.1);
            self.content.set_parameters(Name(name.as_bytes()));
            self.state.alpha = want;
        }
    }

    fn path(&mut self, points: &[plotmill_scene::Point], close: bool) {
        for (i, p) in points.iter().enumerate() {
            let (x, y) = (pt(p.x), self.y(p.y));
            if i == 0 {
                self.content.move_to(x, y);
            } else {
                self.content.line_to(x, y);
            }
        }
        if close {
            self.content.close_path();
        }
    }

    /// The outline of a rectangle with round corners as a closed path,
    /// its y turned up as [`Self::y`] turns it. PDF has only cubic curves:
    /// each quadratic corner is written as the cubic that traces it
    /// exactly (its control points two thirds of the way from each end to
    /// the quadratic's).
    fn rounded_path(&mut self, outline: &plotmill_scene::RoundedOutline) {
        let height = self.height;
        let at = |p: plotmill_scene::Point| (pt(p.x), pt(height - p.y));
        let (x, y) = at(outline.start);
        self.content.move_to(x, y);
        for &(end, corner, after) in &outline.sides {
            let ((x, y), (cx, cy), (ax, ay)) = (at(end), at(corner), at(after));
            self.content.line_to(x, y);
            let third = |from: f32, to: f32| from + 2.0 / 3.0 * (to - from);
            self.content.cubic_to(
                third(x, cx),
                third(y, cy),
                third(ax, cx),
                third(ay, cy),
                ax,
                ay,
            );
        }
        self.content.close_path();
    }

    fn draw<W: Write>(
        &mut self,
        scene: &Scene,
        book: &dyn FontSource,
        fonts: &mut Fonts,
        objects: &mut Objects<W>,
    ) -> Result<(), PdfError> {
        if let Some(bg) = scene.background {
            self.fill(bg);
            self.content
                .rect(0.0, 0.0, pt(scene.width), pt(scene.height))
                .fill_nonzero();
        }
        for item in &scene.items {
            match item {
                Item::Rect { rect, fill, stroke } => {
                    let stroke = stroke.filter(|s| s.width > 0.0);
                    if let Some(f) = fill {
                        self.fill(*f);
                    }
                    if let Some(s) = stroke {
                        self.stroke(s, Join::Miter);
                    }
                    self.content
                        .rect(pt(rect.x), self.y(rect.y + rect.h), pt(rect.w), pt(rect.h));
                    match (fill, stroke) {
                        (Some(_), Some(_)) => self.content.fill_nonzero_and_stroke(),
                        (Some(_), None) => self.content.fill_nonzero(),
                        (None, Some(_)) => self.content.stroke(),
                        (None, None) => self.content.end_path(),
                    };
                }
                Item::RoundRect {
                    rect,
                    radius,
                    fill,
                    stroke,
                } => {
                    let stroke = stroke.filter(|s| s.width > 0.0);
                    if fill.is_none() && stroke.is_none() {
                        continue;
                    }
                    if let Some(f) = fill {
                        self.fill(*f);
                    }
                    if let Some(s) = stroke {
                        self.stroke(s, Join::Miter);
                    }
                    self.rounded_path(&rect.rounded(*radius));
                    match fill {
                        Some(_) if stroke.is_some() => self.content.fill_nonzero_and_stroke(),
                        Some(_) => self.content.fill_nonzero(),
                        None => self.content.stroke(),
                    };
                }
                Item::Mesh { cells } => self.mesh(cells),
                Item::Line {
                    points,
                    stroke,
                    cap,
                } => {
                    if points.len() < 2 || stroke.width <= 0.0 {
                        continue;
                    }
                    self.stroke(*stroke, Join::Round);
                    if self.state.cap != *cap {
                        self.content.set_line_cap(match cap {
                            Cap::Butt => LineCapStyle::ButtCap,
                            Cap::Projecting => LineCapStyle::ProjectingSquareCap,
                        });
                        self.state.cap = *cap;
                    }
                    self.path(points, false);
                    self.content.stroke();
                }
                Item::Polygon {
                    points,
                    fill,
                    stroke,
                    join,
                } => {
                    if points.len() < 3 {
                        continue;
                    }
                    let stroke = stroke.filter(|s| s.width > 0.0);
                    self.fill(*fill);
                    if let Some(s) = stroke {
                        self.stroke(s, *join);
                    }
                    self.path(points, true);
                    if stroke.is_some() {
                        self.content.fill_nonzero_and_stroke();
                    } else {
                        self.content.fill_nonzero();
                    }
                }
                Item::Region { rings, fill } => {
                    let rings: Vec<_> = rings.iter().filter(|r| r.len() >= 3).collect();
                    if rings.is_empty() {
                        continue;
                    }
                    self.fill(*fill);
                    for ring in rings {
                        self.path(ring, true);
                    }
                    self.content.fill_even_odd();
                }
                Item::Markers {
                    marker,
                    fill,
                    centers,
                    clip,
                } => {
                    let key = form_key(*marker);
                    let index = match self.forms.iter().position(|m| *m == key) {
                        Some(i) => i,
                        None => {
                            self.forms.push(key);
                            self.forms.len() - 1
                        }
                    };
                    let name = format!("M{index}");
                    self.save();
                    self.content
                        .rect(pt(clip.x), self.y(clip.y + clip.h), pt(clip.w), pt(clip.h))
                        .clip_nonzero()
                        .end_path();
                    self.fill(*fill);
                    let (edge, edge_color) = marker.edge();
                    if edge > 0.0 {
                        self.stroke(
                            Stroke {
                                width: edge,
                                color: edge_color.unwrap_or(*fill),
                            },
                            Join::Miter,
                        );
                    }
                    for p in centers.iter() {
                        let (x, y) = (pt(p.x), self.y(p.y));
                        self.content
                            .save_state()
                            .transform([1.0, 0.0, 0.0, 1.0, x, y])
                            .x_object(Name(name.as_bytes()))
                            .restore_state();
                    }
                    self.restore();
                }
                Item::Text(run) => self.text(run, book, fonts, objects)?,
            }
        }
        Ok(())
    }

    /// Cells of one colour are one path, so the stream stays small and a
    /// field of like cells shows no seams between them; a strip of many
    /// cells (a colorbar) is an image of a pixel per cell, as matplotlib
    /// rasterises a colorbar's solids.
    fn mesh(&mut self, cells: &[(plotmill_scene::Rect, Color)]) {
        if let Some((bounds, width, height, samples)) = strip(cells) {
            let name = format!("I{}", self.images.len());
            self.images.push((width, height, samples));
            let bottom = self.y(bounds.y + bounds.h);
            self.content
                .save_state()
                .transform([pt(bounds.w), 0.0, 0.0, pt(bounds.h), pt(bounds.x), bottom])
                .x_object(Name(name.as_bytes()))
                .restore_state();
            return;
        }
        // Each colour (as written) with its cells, in order of first use.
        let mut groups: Vec<(Color, Vec<usize>)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (i, (_, c)) in cells.iter().enumerate() {
            let k = *index.entry(c.to_rgba8()).or_insert_with(|| {
                groups.push((*c, Vec::new()));
                groups.len() - 1
            });
            groups[k].1.push(i);
        }
        // Viewers anti-alias each cell's edges on their own, so two
        // abutting cells let the page show through a hairline between
        // them; opaque cells reach a little under their right and lower
        // neighbours (never past the mesh's own edge) to close it.
        let opaque = cells.iter().all(|(_, c)| alpha(*c) == 255);
        let right = cells
            .iter()
            .map(|(r, _)| r.x + r.w)
            .fold(f64::MIN, f64::max);
        let bottom = cells
            .iter()
            .map(|(r, _)| r.y + r.h)
            .fold(f64::MIN, f64::max);
        let reach = |end: f64, edge: f64| {
            if opaque && end < edge - SEAM_OVERLAP {
                SEAM_OVERLAP
            } else {
                0.0
            }
        };
        for (colour, cells_of) in &groups {
            self.fill(*colour);
            for &i in cells_of {
                let r = cells[i].0;
                let w = r.w + reach(r.x + r.w, right);
                let h = r.h + reach(r.y + r.h, bottom);
                self.content.rect(pt(r.x), self.y(r.y + h), pt(w), pt(h));
            }
            self.content.fill_nonzero();
        }
    }

    fn text<W: Write>(
        &mut self,
        run: &TextRun,
        book: &dyn FontSource,
        fonts: &mut Fonts,
        objects: &mut Objects<W>,
    ) -> Result<(), PdfError> {
        if !run.text.is_empty() {
            self.chars = run.text.chars().collect();
            self.next_char = 0;
        }
        let Some(first) = run.glyphs.first() else {
            return Ok(());
        };
        let mut chars = self.chars[self.next_char.min(self.chars.len())..]
            .iter()
            .copied();
        let mapped = fonts.map(book, run.font, &run.glyphs, &mut chars, &mut || {
            objects.alloc()
        })?;
        self.next_char += run.glyphs.len();
        if !self.fonts.contains(&mapped.slot) {
            self.fonts.push(mapped.slot);
        }
        self.fill(run.color);
        let size = run.size;
        let (sin, cos) = run.angle.to_radians().sin_cos();
        // The first glyph's origin, along the rotated baseline.
        let x0 = run.origin.x + cos * first.x;
        let y0 = self.height - run.origin.y + sin * first.x;
        let name = format!("F{}", mapped.slot);
        self.content.begin_text();
        self.content.set_font(Name(name.as_bytes()), pt(size));
        self.content.set_text_matrix([
            cos as f32,
            sin as f32,
            -sin as f32,
            cos as f32,
            pt(x0),
            pt(y0),
        ]);
        {
            let mut shown = self.content.show_positioned();
            let mut items = shown.items();
            let mut bytes: Vec<u8> = Vec::with_capacity(2 * run.glyphs.len());
            for (i, (g, &(id, width))) in run.glyphs.iter().zip(&mapped.glyphs).enumerate() {
                bytes.extend_from_slice(&id.to_be_bytes());
                let Some(next) = run.glyphs.get(i + 1) else {
                    break;
                };
                // The font's advance puts the next glyph at `x + width`;
                // kerning moved it to `next.x`. TJ's numbers are
                // thousandths of the size, subtracted.
                let adjust = (g.x + width * size / 1000.0 - next.x) * 1000.0 / size;
                if adjust.abs() >= 0.05 {
                    items.show(Str(&bytes));
                    bytes.clear();
                    items.adjust(((adjust * 100.0).round() / 100.0) as f32);
                }
            }
            if !bytes.is_empty() {
                items.show(Str(&bytes));
            }
        }
        self.content.end_text();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
