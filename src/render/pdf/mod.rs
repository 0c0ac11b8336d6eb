//! Writes a [`Document`] as PDF, exactly as laid out, straight to bytes in
//! one pass over the pages: every glyph where layout put it, fonts subset
//! and embedded with exact widths and a Unicode map, each run of content
//! marked as a structure element's or as an artifact (tagged PDF), and
//! nothing taken from the clock or a random source.
//!
//! The pieces: `object` (the file format: numbers, names, strings, object
//! and cross-reference streams), `content` (content stream operators),
//! `font` (subsetting, widths, ToUnicode; cached by glyph set), `tags`
//! (structure tree, parent tree, XMP) and `compress` (Flate, and the
//! process-wide cache of what repeats across a batch).

pub mod compress;
mod content;
pub mod font;
pub mod object;
mod tags;

use std::sync::Arc;

use crate::colour::Colour;
use crate::layout::{Document, Duplex, GlyphRun, Item, Page, PathOp, Shape};
use crate::text::Weight;
use crate::units::{Point, Rect};

use compress::{deflate, Cache};
use content::Content;
use font::{Embedded, GlyphSet};
use object::{Dict, Pdf, Ref};
use tags::Tagger;

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// One of the document's fonts could not be subset for embedding (a
    /// variable CFF2 font, or a damaged file).
    #[error(
        "the font {0} could not be subset for embedding in the PDF: use the family's static \
         TrueType (.ttf) or OpenType (.otf) files, one per weight"
    )]
    Font(String),
}

/// What the file says produced it.
const PRODUCER: &str = concat!("packpress ", env!("CARGO_PKG_VERSION"));

/// Renders a document to PDF bytes. The same document gives the same bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    // The glyphs of each weight first: a subset's glyph ids are what the
    // content streams write.
    let sets = glyph_sets(doc);
    let mut fonts: [Option<Arc<Embedded>>; 2] = [None, None];
    for weight in [Weight::Regular, Weight::Bold] {
        let set = &sets[weight as usize];
        if !set.is_empty() {
            fonts[weight as usize] = Some(font::embed(doc.fonts.font(weight), set)?);
        }
    }
    let embedded: [Option<&Embedded>; 2] = [0, 1].map(|i| fonts[i].as_deref());
    // Each image once per document, in order of first use.
    let mut images: Vec<&Arc<crate::images::Image>> = Vec::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Image(p) = item {
            if !images.iter().any(|i| i.id == p.image.id) {
                images.push(&p.image);
            }
        }
    }

    let mut pdf = Pdf::new(32 * 1024);
    let catalog = pdf.alloc();
    let pages_ref = pdf.alloc();
    let info = pdf.alloc();
    let resources = pdf.alloc();
    let page_refs: Vec<Ref> = doc.pages.iter().map(|_| pdf.alloc()).collect();
    let mut tagger = Tagger::new(&doc.structure, doc.pages.len());

    let mut contents = Vec::with_capacity(doc.pages.len());
    for (i, page) in doc.pages.iter().enumerate() {
        let content = draw_page(page, i, &embedded, &images, &mut tagger);
        let r = pdf.alloc();
        pdf.stream(r, &compress::deflate_fast(&content.buf), true, |_| {});
        contents.push(r);
    }
    let tagged = tagger.is_tagged();
    for (i, page) in doc.pages.iter().enumerate() {
        let media = page.media();
        let pdf_box = |r: Rect| {
            [
                (r.x - media.x).0,
                (media.bottom() - r.bottom()).0,
                (r.right() - media.x).0,
                (media.bottom() - r.y).0,
            ]
        };
        let (trim, bleed) = (pdf_box(page.trim()), pdf_box(page.bleed_box()));
        let content = contents[i];
        let page_tagged = tagged && tagger.page_is_tagged(i);
        pdf.object(page_refs[i], |b| {
            let mut d = Dict::new(b);
            d.name("Type", "Page")
                .reference("Parent", pages_ref)
                .rect("MediaBox", [0.0, 0.0, media.width.0, media.height.0])
                .rect("TrimBox", trim)
                .rect("BleedBox", bleed)
                .reference("Resources", resources)
                .reference("Contents", content);
            if page_tagged {
                d.int("StructParents", i as i64);
            }
            if tagged {
                d.name("Tabs", "S");
            }
            d.finish();
        });
    }
    pdf.object(pages_ref, |b| {
        let mut d = Dict::new(b);
        d.name("Type", "Pages")
            .with("Kids", |b| {
                b.push(b'[');
                for (i, r) in page_refs.iter().enumerate() {
                    if i > 0 {
                        b.push(b' ');
                    }
                    object::reference(b, *r);
                }
                b.push(b']');
            })
            .int("Count", page_refs.len() as i64);
        d.finish();
    });

    let font_refs: Vec<(usize, Ref)> = embedded
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.map(|e| (i, e.write(&mut pdf))))
        .collect();
    let image_refs: Vec<Ref> = images
        .iter()
        .map(|image| write_image(&mut pdf, image))
        .collect::<Result<_, _>>()?;
    pdf.object(resources, |b| {
        let mut d = Dict::new(b);
        if !font_refs.is_empty() {
            d.with("Font", |b| {
                let mut f = Dict::new(b);
                for (i, r) in &font_refs {
                    f.reference(if *i == 0 { "F0" } else { "F1" }, *r);
                }
                f.finish();
            });
        }
        if !image_refs.is_empty() {
            d.with("XObject", |b| {
                let mut x = Dict::new(b);
                for (i, r) in image_refs.iter().enumerate() {
                    x.reference(&format!("Im{i}"), *r);
                }
                x.finish();
            });
        }
        d.finish();
    });

    let struct_root = tagged.then(|| tagger.write(&mut pdf, &page_refs));
    let date = &doc.meta.date;
    let xmp_date = format!(
        "{:04}-{:02}-{:02}T00:00:00+00:00",
        date.year, date.month, date.day
    );
    let metadata = pdf.alloc();
    let xmp = tags::xmp(doc, &xmp_date, PRODUCER, tagged);
    // Left uncompressed, as XMP usually is, so that tools that scan files
    // for it find it.
    pdf.stream(metadata, &xmp, false, |d| {
        d.name("Type", "Metadata").name("Subtype", "XML");
    });

    let meta = &doc.meta;
    let pdf_date = format!(
        "D:{:04}{:02}{:02}000000+00'00'",
        date.year, date.month, date.day
    );
    pdf.object(info, |b| {
        Dict::new(b)
            .text("Title", &meta.title)
            .text("Author", &meta.author)
            .text("Subject", &meta.subject)
            .text("Keywords", &meta.keywords.join(", "))
            .text("Creator", "packpress")
            .text("Producer", PRODUCER)
            .text("CreationDate", &pdf_date)
            .text("ModDate", &pdf_date)
            .finish();
    });
    pdf.object(catalog, |b| {
        let mut d = Dict::new(b);
        d.name("Type", "Catalog")
            .reference("Pages", pages_ref)
            .text("Lang", &meta.language)
            .reference("Metadata", metadata)
            .with("ViewerPreferences", |b| {
                let mut v = Dict::new(b);
                v.bool("DisplayDocTitle", true)
                    // Printed at its size: a poster's type sizes and a
                    // card's cut lines mean nothing shrunk to fit.
                    .name("PrintScaling", "None");
                match meta.duplex {
                    Duplex::Unset => {}
                    Duplex::Simplex => {
                        v.name("Duplex", "Simplex");
                    }
                    Duplex::FlipShortEdge => {
                        v.name("Duplex", "DuplexFlipShortEdge");
                    }
                    Duplex::FlipLongEdge => {
                        v.name("Duplex", "DuplexFlipLongEdge");
                    }
                }
                v.finish();
            });
        if let Some(root) = struct_root {
            d.raw("MarkInfo", b"<</Marked true>>")
                .reference("StructTreeRoot", root);
        }
        d.finish();
    });
    Ok(pdf.finish(catalog, info))
}

/// The glyphs drawn in each weight, with the text each stands for.
fn glyph_sets(doc: &Document) -> [GlyphSet<'_>; 2] {
    let mut sets = [GlyphSet::new(), GlyphSet::new()];
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        let Item::Text(run) = item else { continue };
        let set = &mut sets[run.weight as usize];
        for g in &run.glyphs {
            let text = run
                .text
                .get(g.text.0 as usize..g.text.1 as usize)
                .unwrap_or("");
            let t = set.entry(g.id).or_insert(text);
            // A glyph first seen as the tail of a cluster (no text of its
            // own) takes the first text it is drawn with.
            if t.is_empty() {
                *t = text;
            }
        }
    }
    sets
}

/// Which marked-content sequence content belongs in.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Mark {
    /// None open.
    None,
    /// Decoration: `/Artifact BMC`.
    Artifact,
    /// A structure node's content: `/Role <</MCID n>> BDC`.
    Node(crate::layout::NodeId),
}

/// What the content stream has set, so nothing is set twice.
struct State {
    in_text: bool,
    font: Option<(Weight, f32)>,
    fill: Option<Colour>,
    stroke: Option<Colour>,
    line_width: Option<f32>,
    open: Mark,
}

/// Writes one page's content stream. Every painting operator lies inside
/// a marked-content sequence: a structure node's (with an MCID recorded in
/// `tagger`) or an artifact's.
fn draw_page(
    page: &Page,
    index: usize,
    fonts: &[Option<&Embedded>; 2],
    images: &[&Arc<crate::images::Image>],
    tagger: &mut Tagger,
) -> Content {
    let media = page.media();
    // Layout: y down from the trim's top-left. PDF: y up from the media's
    // bottom-left.
    let (ox, oy) = (media.x, media.bottom());
    let at = |p: Point| ((p.x - ox).0, (oy - p.y).0);
    let mut c = Content::with_capacity(page.items.len() * 48 + 256);
    let mut s = State {
        in_text: false,
        font: None,
        fill: None,
        stroke: None,
        line_width: None,
        open: Mark::None,
    };
    let mut want = Mark::Artifact;
    for item in &page.items {
        match item {
            Item::BeginTag(node) => {
                want = match tagger.role(*node) {
                    Some(_) => Mark::Node(*node),
                    None => Mark::Artifact,
                };
            }
            Item::EndTag => want = Mark::Artifact,
            // A turned half page: its own graphics state, which no text
            // object or marked-content sequence straddles.
            Item::BeginTurn(centre) => {
                leave_state(&mut c, &mut s);
                let (x, y) = at(*centre);
                c.begin_turned(x, y);
            }
            Item::EndTurn => {
                leave_state(&mut c, &mut s);
                c.end_turned();
            }
            Item::Text(run) => {
                let Some(font) = fonts[run.weight as usize] else {
                    continue;
                };
                if run.glyphs.is_empty() {
                    continue;
                }
                enter(&mut c, &mut s, want, index, tagger);
                if !s.in_text {
                    c.begin_text();
                    s.in_text = true;
                }
                draw_run(&mut c, &mut s, run, font, &at);
            }
            Item::Shape(shape) => {
                if shape.fill.is_none() && shape.stroke.is_none() || shape.path.ops.is_empty() {
                    continue;
                }
                enter(&mut c, &mut s, want, index, tagger);
                end_text(&mut c, &mut s);
                draw_shape(&mut c, &mut s, shape, &at);
            }
            Item::Image(picture) => {
                let Some(i) = images.iter().position(|im| im.id == picture.image.id) else {
                    continue;
                };
                enter(&mut c, &mut s, want, index, tagger);
                end_text(&mut c, &mut s);
                let r = picture.rect;
                let (x, y) = at(Point::new(r.x, r.bottom()));
                c.image(i, x, y, r.width.0, r.height.0);
            }
        }
    }
    end_text(&mut c, &mut s);
    if s.open != Mark::None {
        c.end_marked();
    }
    c
}

/// Ends the text object and the marked-content sequence before a
/// graphics state is saved or restored, and forgets what the state held
/// (font, colours, line width): after a restore it is the older state's.
fn leave_state(c: &mut Content, s: &mut State) {
    end_text(c, s);
    if s.open != Mark::None {
        c.end_marked();
        s.open = Mark::None;
    }
    s.font = None;
    s.fill = None;
    s.stroke = None;
    s.line_width = None;
}

fn end_text(c: &mut Content, s: &mut State) {
    if s.in_text {
        c.end_text();
        s.in_text = false;
    }
}

/// Makes `want` the open marked-content sequence. A sequence never
/// straddles a text object: text is ended before and begun after.
fn enter(c: &mut Content, s: &mut State, want: Mark, page: usize, tagger: &mut Tagger) {
    if s.open == want {
        return;
    }
    end_text(c, s);
    if s.open != Mark::None {
        c.end_marked();
    }
    match want {
        Mark::Node(node) => {
            let role = tagger.role(node).map_or("P", tags::role_name);
            let mcid = tagger.mark(page, node);
            c.begin_tagged(role, mcid);
        }
        Mark::Artifact | Mark::None => c.begin_artifact(),
    }
    s.open = want;
}

/// Draws a run: one absolute text position per baseline offset (almost
/// always one), then the glyphs, each followed by the adjustment that
/// puts the next glyph exactly where layout measured it.
fn draw_run(
    c: &mut Content,
    s: &mut State,
    run: &GlyphRun,
    font: &Embedded,
    at: &impl Fn(Point) -> (f32, f32),
) {
    let size = object::rounded(run.size.0);
    if s.font != Some((run.weight, size)) {
        c.font(run.weight as usize, size);
        s.font = Some((run.weight, size));
    }
    if s.fill != Some(run.colour) {
        c.fill_colour(run.colour);
        s.fill = Some(run.colour);
    }
    let glyphs = &run.glyphs;
    let mut i = 0;
    while i < glyphs.len() {
        let y = glyphs[i].y;
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].y == y {
            j += 1;
        }
        let group = &glyphs[i..j];
        let (x0, y0) = at(Point::new(run.origin.x + group[0].x, run.origin.y - y));
        c.text_at(x0, y0);
        // How far (thousandths of an em) the pen has run ahead of layout's
        // positions: corrected once it reaches half a thousandth (0.006 pt
        // at 12 pt, 0.05 pt at 100 pt), so rounding of the size leaves no
        // trail of tiny adjustments and never adds up.
        let mut drift = 0.0f32;
        c.show(group.iter().enumerate().map(|(k, g)| {
            let next_x = group.get(k + 1).map_or(run.width, |n| n.x);
            let wanted = (next_x - g.x).0 * 1000.0 / size;
            drift += font.width(g.id) - wanted;
            // TJ numbers move the pen left, in thousandths of an em.
            let adjust = if drift.abs() >= 0.5 {
                let a = object::rounded(drift);
                drift -= a;
                a
            } else {
                0.0
            };
            (font.cid(g.id), adjust)
        }));
        i = j;
    }
}

fn draw_shape(c: &mut Content, s: &mut State, shape: &Shape, at: &impl Fn(Point) -> (f32, f32)) {
    if let Some(fill) = shape.fill {
        if s.fill != Some(fill) {
            c.fill_colour(fill);
            s.fill = Some(fill);
        }
    }
    if let Some(stroke) = shape.stroke {
        if s.stroke != Some(stroke.colour) {
            c.stroke_colour(stroke.colour);
            s.stroke = Some(stroke.colour);
        }
        let w = object::rounded(stroke.width.0);
        if s.line_width != Some(w) {
            c.line_width(w);
            s.line_width = Some(w);
        }
    }
    let ops = &shape.path.ops;
    // An axis-aligned rectangle (the commonest shape: bands, boxes, QR
    // modules) as one `re`.
    if let [PathOp::Move(a), PathOp::Line(b), PathOp::Line(cc), PathOp::Line(d), PathOp::Close] =
        ops[..]
    {
        if a.y == b.y && b.x == cc.x && cc.y == d.y && d.x == a.x {
            let (x0, y0) = at(Point::new(a.x.min(cc.x), a.y.max(cc.y)));
            let (w, h) = ((a.x - cc.x).0.abs(), (a.y - cc.y).0.abs());
            c.rect(x0, y0, w, h);
            c.paint(shape.fill.is_some(), shape.stroke.is_some());
            return;
        }
    }
    // Where the pen is: a line to there draws nothing (a rounded box's
    // corners meet where its sides would be empty) and is left out.
    let mut pen = None;
    for op in ops {
        match *op {
            PathOp::Move(p) => {
                let (x, y) = at(p);
                c.move_to(x, y);
                pen = Some(p);
            }
            PathOp::Line(p) => {
                if pen != Some(p) {
                    let (x, y) = at(p);
                    c.line_to(x, y);
                    pen = Some(p);
                }
            }
            PathOp::Cubic(p1, p2, p3) => {
                let (a, b) = at(p1);
                let (cx, cy) = at(p2);
                let (d, e) = at(p3);
                c.cubic_to([a, b, cx, cy, d, e]);
                pen = Some(p3);
            }
            PathOp::Close => {
                c.close();
                pen = None;
            }
        }
    }
    c.paint(shape.fill.is_some(), shape.stroke.is_some());
}

/// An image's colour and alpha, deflated once per process (keyed by the
/// image's content hash): a site's logo in every document of a batch is
/// compressed the first time only.
struct Packed {
    rgb: Vec<u8>,
    alpha: Option<Vec<u8>>,
}
static IMAGES: Cache<String, Packed> = Cache::new(16);

/// Writes an image XObject (with its alpha as an /SMask); returns it.
fn write_image(pdf: &mut Pdf, image: &crate::images::Image) -> Result<Ref, RenderError> {
    let packed = IMAGES.get_or(image.id.clone(), || {
        let rgb: Vec<u8> = image
            .rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        let alpha = (!image.opaque).then(|| {
            let a: Vec<u8> = image.rgba.chunks_exact(4).map(|p| p[3]).collect();
            deflate(&a)
        });
        Ok::<_, RenderError>(Packed {
            rgb: deflate(&rgb),
            alpha,
        })
    })?;
    let r = pdf.alloc();
    let mask = packed.alpha.as_ref().map(|alpha| {
        let m = pdf.alloc();
        pdf.stream(m, alpha, true, |d| {
            image_dict(d, image, "DeviceGray");
        });
        m
    });
    pdf.stream(r, &packed.rgb, true, |d| {
        image_dict(d, image, "DeviceRGB");
        if let Some(m) = mask {
            d.reference("SMask", m);
        }
    });
    Ok(r)
}

fn image_dict(d: &mut Dict, image: &crate::images::Image, space: &str) {
    d.name("Type", "XObject")
        .name("Subtype", "Image")
        .int("Width", i64::from(image.width))
        .int("Height", i64::from(image.height))
        .name("ColorSpace", space)
        .int("BitsPerComponent", 8);
}

#[cfg(test)]
#[path = "../../../tests/support/tagged_walk.rs"]
mod tagged_walk;

#[cfg(test)]
mod tests;
