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
    // The glyphs of each face first: a subset's glyph ids are what the
    // content streams write. Faces are numbered family * 2 + weight, so a
    // Latin document's are F0 and F1 as they always were.
    let (sets, conflicts) = glyph_sets(doc);
    let mut fonts: Vec<Option<Arc<Embedded>>> = Vec::with_capacity(sets.len());
    for (i, set) in sets.iter().enumerate() {
        let face = (!set.is_empty()).then(|| face_of(doc, i)).flatten();
        fonts.push(match face {
            Some(face) => Some(font::embed(face, set)?),
            None => None,
        });
    }
    let embedded: Vec<Option<&Embedded>> = fonts.iter().map(|f| f.as_deref()).collect();
    // Each face's file, for the letters of a cluster's glyphs.
    let data: Vec<&[u8]> = (0..sets.len())
        .map(|i| face_of(doc, i).map_or(&[][..], |f| f.data()))
        .collect();
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
        let faces = Faces {
            embedded: &embedded,
            maps: &sets,
            conflicts: &conflicts,
            data: &data,
        };
        let content = draw_page(page, i, &faces, &images, &mut tagger);
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
                    f.reference(&format!("F{i}"), *r);
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

/// A face's number in the document: its family's id twice, plus its
/// weight.
fn face_index(run: &GlyphRun) -> usize {
    run.font as usize * 2 + run.weight as usize
}

/// The face numbered `i` (see [`face_index`]).
fn face_of(doc: &Document, i: usize) -> Option<&crate::text::Font> {
    let family = doc.fonts.family(u8::try_from(i / 2).ok()?)?;
    Some(family.font(if i.is_multiple_of(2) {
        Weight::Regular
    } else {
        Weight::Bold
    }))
}

/// The document's faces, by face number, as drawing needs them.
struct Faces<'a> {
    /// Each face's subset.
    embedded: &'a [Option<&'a Embedded>],
    /// Each face's glyphs with the text its Unicode map gives them.
    maps: &'a [GlyphSet<'a>],
    /// True for a face with a glyph drawn for two texts: only then can a
    /// run of single-glyph clusters be mapped other than exactly.
    conflicts: &'a [bool],
    /// Each face's font file.
    data: &'a [&'a [u8]],
}

/// The glyphs drawn in each face, with the text each stands for, and for
/// each face whether a glyph of it was drawn for different texts.
fn glyph_sets(doc: &Document) -> (Vec<GlyphSet<'_>>, Vec<bool>) {
    let mut sets = vec![GlyphSet::new(), GlyphSet::new()];
    let mut conflicts = vec![false, false];
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        let Item::Text(run) = item else { continue };
        let i = face_index(run);
        if sets.len() <= i {
            sets.resize_with(i + 1, GlyphSet::new);
            conflicts.resize(i + 1, false);
        }
        let set = &mut sets[i];
        let conflict = &mut conflicts[i];
        let own = face_of(doc, i).and_then(|f| own_texts(run, f.data()));
        for (k, g) in run.glyphs.iter().enumerate() {
            let text = match &own {
                Some(own) => own[k],
                None => run
                    .text
                    .get(g.text.0 as usize..g.text.1 as usize)
                    .unwrap_or(""),
            };
            let text = mapped(text);
            let t = set.entry(g.id).or_insert(text);
            if *t != text {
                *conflict = true;
            }
            // A glyph first seen as the tail of a cluster (no text of its
            // own) takes the first text it is drawn with.
            if t.is_empty() {
                *t = text;
            }
        }
    }
    (sets, conflicts)
}

/// Each glyph's own text in a left-to-right run where a cluster has
/// several glyphs, each the glyph of one of its letters (a Bengali
/// consonant and its vowel sign): that letter, so that a reader finds a
/// letter under every glyph (a glyph with no text of its own leaves a gap
/// that poppler reads as a space inside the word). A cluster whose glyphs
/// are not its letters one by one keeps its text on its first glyph.
/// `None` (the same as each glyph's cluster text) when every cluster is
/// one glyph, as in every Latin run, or when the run is right to left.
fn own_texts<'a>(run: &'a GlyphRun, font: &[u8]) -> Option<Vec<&'a str>> {
    if run.glyphs.iter().all(|g| g.text.1 > g.text.0)
        || run.text.chars().any(crate::text::script::maybe_rtl)
    {
        return None;
    }
    let face = rustybuzz::ttf_parser::Face::parse(font, 0).ok()?;
    let glyphs = &run.glyphs;
    let text_of = |g: &crate::layout::Glyph| {
        run.text
            .get(g.text.0 as usize..g.text.1 as usize)
            .unwrap_or("")
    };
    let mut out: Vec<&str> = glyphs.iter().map(text_of).collect();
    let mut i = 0;
    while i < glyphs.len() {
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].text.0 == glyphs[i].text.0 {
            j += 1;
        }
        let cluster: &str = glyphs[i..j]
            .iter()
            .map(text_of)
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let start = glyphs[i].text.0 as usize;
        let letters: Vec<(usize, char)> = cluster.char_indices().collect();
        if j - i > 1 && letters.len() == j - i {
            let mut used = vec![false; letters.len()];
            let mut own: Vec<&str> = Vec::with_capacity(j - i);
            for g in &glyphs[i..j] {
                let found = letters.iter().enumerate().find(|(k, (_, c))| {
                    !used[*k] && face.glyph_index(*c).map(|id| id.0) == Some(g.id)
                });
                let Some((k, &(at, c))) = found else { break };
                used[k] = true;
                let from = start + at;
                own.push(run.text.get(from..from + c.len_utf8()).unwrap_or(""));
            }
            if own.len() == j - i {
                out[i..j].copy_from_slice(&own);
            }
        }
        i = j;
    }
    Some(out)
}

/// The text a glyph's Unicode map gives for a cluster: the cluster's own,
/// except an Arabic ligature (lam-alef, lam-alef maksura, ...), which maps
/// to its presentation form: one character, such as ﻻ, that NFKC gives
/// back as its letters. Readers put right-to-left words in reading order
/// character by character, and would turn a two-letter mapping round
/// ("ال" for "لا").
fn mapped(text: &str) -> &str {
    if text.len() < 4 || !text.chars().all(|c| ('\u{600}'..='\u{6FF}').contains(&c)) {
        return text;
    }
    presentation_forms().get(text).map_or(text, |s| s.as_str())
}

/// Each Arabic presentation form that stands for several letters, by
/// those letters (the first form in code order, where several do).
fn presentation_forms() -> &'static std::collections::HashMap<String, String> {
    use unicode_normalization::UnicodeNormalization;
    static FORMS: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms = std::collections::HashMap::new();
        for cp in (0xFB50..=0xFDFF).chain(0xFE70..=0xFEFF) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let letters: String = std::iter::once(c).nfkc().collect();
            if letters.chars().count() > 1
                && letters
                    .chars()
                    .all(|l| ('\u{600}'..='\u{6FF}').contains(&l))
            {
                forms.entry(letters).or_insert_with(|| c.to_string());
            }
        }
        forms
    })
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
    font: Option<(usize, f32)>,
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
    faces: &Faces,
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
                let face = face_index(run);
                let (Some(Some(font)), Some(map)) =
                    (faces.embedded.get(face), faces.maps.get(face))
                else {
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
                let bytes = faces.data.get(face).copied().unwrap_or(&[]);
                let conflict = faces.conflicts.get(face).copied().unwrap_or(true);
                draw_run(&mut c, &mut s, run, (face, font, map, bytes, conflict), &at);
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
/// puts the next glyph exactly where layout measured it. A cluster whose
/// glyphs the face's Unicode map cannot give back exactly (a glyph that
/// stands for other text elsewhere, as a Bengali vowel sign drawn before
/// its consonant does) is wrapped in an ActualText span of its text, so
/// that copying and searching give the words as written.
fn draw_run(
    c: &mut Content,
    s: &mut State,
    run: &GlyphRun,
    (face, font, map, font_data, conflict): (usize, &Embedded, &GlyphSet, &[u8], bool),
    at: &impl Fn(Point) -> (f32, f32),
) {
    let size = object::rounded(run.size.0);
    if s.font != Some((face, size)) {
        c.font(face, size);
        s.font = Some((face, size));
    }
    if s.fill != Some(run.colour) {
        c.fill_colour(run.colour);
        s.fill = Some(run.colour);
    }
    let glyphs = &run.glyphs;
    let text_of = |g: &crate::layout::Glyph| {
        run.text
            .get(g.text.0 as usize..g.text.1 as usize)
            .unwrap_or("")
    };
    let own = own_texts(run, font_data);
    if own.is_none() && !conflict {
        // Every glyph of the face maps to the one text it is drawn for, and
        // every cluster here is one glyph: the map gives the run back
        // exactly (every Latin run).
        show(c, run, (0, glyphs.len()), None, (font, size), at);
        return;
    }
    let own_text = |k: usize| match &own {
        Some(own) => own[k],
        None => text_of(&glyphs[k]),
    };
    // A cluster is exact when the Unicode map gives back its text, its
    // glyphs' texts in their order, with a letter under every glyph of a
    // cluster of several (else a reader sees a gap, and a space).
    let exact = |i: usize, j: usize| {
        let mapped_right = (i..j).all(|k| {
            let mine = own_text(k);
            map.get(&glyphs[k].id).copied().unwrap_or("") == mapped(mine)
                && !(own.is_some() && j - i > 1 && mine.is_empty())
        });
        // Only where glyphs have their own letters can their order differ
        // from the text's (a vowel sign drawn before its consonant).
        mapped_right
            && (own.is_none()
                || j - i == 1
                || (i..j).map(own_text).collect::<String>()
                    == glyphs[i..j].iter().map(text_of).collect::<String>())
    };
    let mut i = 0;
    while i < glyphs.len() {
        // The glyphs of one cluster: they share their text's start.
        let cluster_end = |i: usize| {
            let mut j = i + 1;
            while j < glyphs.len() && glyphs[j].text.0 == glyphs[i].text.0 {
                j += 1;
            }
            j
        };
        let j = cluster_end(i);
        if exact(i, j) {
            // As many exact clusters as follow.
            let mut k = j;
            while k < glyphs.len() {
                let e = cluster_end(k);
                if !exact(k, e) {
                    break;
                }
                k = e;
            }
            show(c, run, (i, k), None, (font, size), at);
            i = k;
        } else {
            let text: String = glyphs[i..j].iter().map(text_of).collect();
            show(c, run, (i, j), Some(&text), (font, size), at);
            c.end_marked();
            i = j;
        }
    }
}

/// Shows glyphs `from..to` of a run: one text position per baseline
/// offset, then the glyphs. With `actual`, they are one cluster: its
/// ActualText span begins once the pen is at its first glyph (a reader
/// takes the span's place from where the pen is when it begins), and its
/// last glyph moves the pen to where the next glyph of the run starts, so
/// the span covers the cluster and no more. The caller ends the span.
fn show(
    c: &mut Content,
    run: &GlyphRun,
    (from, to): (usize, usize),
    actual: Option<&str>,
    (font, size): (&Embedded, f32),
    at: &impl Fn(Point) -> (f32, f32),
) {
    let part = &run.glyphs[from..to];
    let end_x = match actual {
        Some(_) => run.glyphs.get(to).map_or(run.width, |g| g.x),
        None => run.width,
    };
    let mut i = 0;
    while i < part.len() {
        let y = part[i].y;
        let mut j = i + 1;
        while j < part.len() && part[j].y == y {
            j += 1;
        }
        let group = &part[i..j];
        let (x0, y0) = at(Point::new(run.origin.x + group[0].x, run.origin.y - y));
        c.text_at(x0, y0);
        if let (Some(text), 0) = (actual, i) {
            c.begin_actual_text(text);
        }
        let last_group = j == part.len();
        // How far (thousandths of an em) the pen has run ahead of layout's
        // positions: corrected once it reaches half a thousandth (0.006 pt
        // at 12 pt, 0.05 pt at 100 pt), so rounding of the size leaves no
        // trail of tiny adjustments and never adds up.
        let mut drift = 0.0f32;
        c.show(group.iter().enumerate().map(|(k, g)| {
            // The last glyph of a group is measured to the run's end (the
            // next group starts with its own absolute position anyway), or
            // a cluster's to the next glyph's start.
            let next_x = group
                .get(k + 1)
                .map_or(if last_group { end_x } else { run.width }, |n| n.x);
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
