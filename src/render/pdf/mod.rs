//! Writes a [`Document`] as PDF, exactly as laid out, straight to bytes in
//! one pass over the pages: every glyph where layout put it, fonts subset
//! and embedded with exact widths and a Unicode map, each run of content
//! marked as a structure element's or as an artifact (tagged PDF), and
//! nothing taken from the clock or a random source.
//!
//! pdf-writer writes the PDF syntax and xmp-writer the XMP; what goes
//! where is decided here. The pieces: `object` (the file around the
//! objects: the object stream and the cross-reference stream, which
//! pdf-writer lacks), `draw` (a page's content stream), `font`
//! (subsetting, widths, ToUnicode; cached by glyph set), `tags` (structure
//! tree, parent tree, XMP) and `compress` (Flate, and the process-wide
//! cache of what repeats across a batch).

pub mod compress;
mod draw;
mod faces;
pub mod font;
mod image;
pub mod object;
#[cfg(test)]
#[path = "../../../tests/support/tagged_walk.rs"]
mod tagged_walk;
mod tags;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use pdf_writer::types::TabOrder;
use pdf_writer::writers::{Catalog, DocumentInfo, Page, Pages, Resources};
use pdf_writer::{Date, Filter, Finish, Name, Rect, Ref, TextStr};

use crate::layout::{Document, Duplex, Item};

use draw::draw_page;
use faces::{face_of, glyph_sets, Faces};
use font::Embedded;
use image::write_image;
use object::{int, rounded, Pdf};
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
    /// A number the PDF must hold is beyond what a PDF can say (more than
    /// 2^31 - 1 objects, pages or bytes in one stream).
    #[error("the document is too large to write as a PDF: {0} is beyond what a PDF can hold; split the content into smaller documents")]
    TooLarge(&'static str),
    /// A position or size on a page is not a number (infinite or NaN), or
    /// a run of text has no size: layout went wrong, and a PDF cannot say it.
    #[error("page {page} has a position or size that is not a number, so it cannot be written as a PDF: this is a fault in packpress's layout; please report it with the pack and the command that made it")]
    Number {
        /// The page, counted from 1.
        page: usize,
    },
    /// The document's language is not a language tag, and so cannot be
    /// written into its XMP metadata.
    #[error("the language {0:?} cannot be written into the PDF's metadata: give the pack's locale as a language tag such as en-GB or cy")]
    Language(String),
    /// The writer went wrong in a way that would make an invalid file.
    #[error("packpress could not write a valid PDF ({0}): this is a fault in packpress; please report it with the pack and the command that made it")]
    Internal(&'static str),
}

/// What the file says produced it.
const PRODUCER: &str = concat!("packpress ", env!("CARGO_PKG_VERSION"));

/// Renders a document to PDF bytes. The same document gives the same bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    // The glyphs of each face first: a subset's glyph ids are what the
    // content streams write. Faces are numbered family * 2 + weight, so a
    // Latin document's are F0 and F1 as they always were.
    let (sets, layers) = glyph_sets(doc);
    let mut fonts: Vec<Option<Arc<Embedded>>> = Vec::with_capacity(sets.len());
    for (i, set) in sets.iter().enumerate() {
        let face = (!set.is_empty()).then(|| face_of(doc, i)).flatten();
        fonts.push(match face {
            Some(face) => Some(font::embed(face, set)?),
            None => None,
        });
    }
    let embedded: Vec<Option<&Embedded>> = fonts.iter().map(|f| f.as_deref()).collect();
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
    let catalog = pdf.alloc()?;
    let pages_ref = pdf.alloc()?;
    let info = pdf.alloc()?;
    let resources = pdf.alloc()?;
    let page_refs: Vec<Ref> = doc
        .pages
        .iter()
        .map(|_| pdf.alloc())
        .collect::<Result<_, _>>()?;
    let mut tagger = Tagger::new(&doc.structure, doc.pages.len());

    let mut contents = Vec::with_capacity(doc.pages.len());
    for (i, page) in doc.pages.iter().enumerate() {
        let faces = Faces {
            embedded: &embedded,
        };
        let layer = layers.get(i).map_or(&[][..], |l| &l[..]);
        let content =
            compress::deflate_fast(&draw_page(page, i, &faces, layer, &images, &mut tagger)?);
        let r = pdf.alloc()?;
        pdf.stream(r, &content)?
            .stream(r, &content)
            .filter(Filter::FlateDecode);
        contents.push(r);
    }
    let tagged = tagger.is_tagged();
    for (i, (page, (&page_ref, &content))) in doc
        .pages
        .iter()
        .zip(page_refs.iter().zip(&contents))
        .enumerate()
    {
        let media = page.media();
        let pdf_box = |r: crate::units::Rect| {
            Rect::new(
                rounded((r.x - media.x).0),
                rounded((media.bottom() - r.bottom()).0),
                rounded((r.right() - media.x).0),
                rounded((media.bottom() - r.y).0),
            )
        };
        let (trim, bleed) = (pdf_box(page.trim()), pdf_box(page.bleed_box()));
        let struct_parents = int(i, "the number of pages")?;
        let mut p = pdf.object(page_ref).start::<Page>();
        p.parent(pages_ref)
            .media_box(Rect::new(
                0.0,
                0.0,
                rounded(media.width.0),
                rounded(media.height.0),
            ))
            .trim_box(trim)
            .bleed_box(bleed)
            .pair(Name(b"Resources"), resources)
            .pair(Name(b"Contents"), content);
        if tagged && tagger.page_is_tagged(i) {
            p.struct_parents(struct_parents);
        }
        if tagged {
            p.tab_order(TabOrder::StructureOrder);
        }
        p.finish();
    }
    let count = int(page_refs.len(), "the number of pages")?;
    pdf.object(pages_ref)
        .start::<Pages>()
        .kids(page_refs.iter().copied())
        .count(count);

    // One CIDToGIDMap for every face whose CIDs are printable.
    let glyphs = embedded
        .iter()
        .flatten()
        .filter(|e| e.printable)
        .map(|e| e.glyph_count)
        .max();
    let cid_map = match glyphs {
        Some(glyphs) => {
            let map = font::cid_map(glyphs);
            let r = pdf.alloc()?;
            pdf.stream(r, &map)?
                .stream(r, &map)
                .filter(Filter::FlateDecode);
            Some(r)
        }
        None => None,
    };
    let mut font_refs: Vec<(usize, Ref)> = Vec::new();
    for (i, e) in embedded.iter().enumerate() {
        if let Some(e) = e {
            font_refs.push((i, e.write(&mut pdf, cid_map)?));
        }
    }
    let image_refs: Vec<Ref> = images
        .iter()
        .map(|image| write_image(&mut pdf, image))
        .collect::<Result<_, _>>()?;
    let mut name = Vec::with_capacity(8);
    let mut res = pdf.object(resources).start::<Resources>();
    if !font_refs.is_empty() {
        let mut f = res.fonts();
        for (i, r) in &font_refs {
            f.pair(object::resource_name(&mut name, b"F", *i), *r);
        }
    }
    if !image_refs.is_empty() {
        let mut x = res.x_objects();
        for (i, r) in image_refs.iter().enumerate() {
            x.pair(object::resource_name(&mut name, b"Im", i), *r);
        }
    }
    res.finish();

    let struct_root = if tagged {
        Some(tagger.write(&mut pdf, &page_refs)?)
    } else {
        None
    };
    let metadata = pdf.alloc()?;
    let xmp = tags::xmp(doc, PRODUCER, tagged)?;
    // Left uncompressed, as XMP usually is, so that tools that scan files
    // for it find it.
    pdf.stream(metadata, &xmp)?.metadata(metadata, &xmp);

    let meta = &doc.meta;
    let date = Date::new(meta.date.year)
        .month(meta.date.month)
        .day(meta.date.day)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0);
    let keywords = meta.keywords.join(", ");
    pdf.object(info)
        .start::<DocumentInfo>()
        .title(TextStr(&meta.title))
        .author(TextStr(&meta.author))
        .subject(TextStr(&meta.subject))
        .keywords(TextStr(&keywords))
        .creator(TextStr("packpress"))
        .producer(TextStr(PRODUCER))
        .creation_date(date)
        .modified_date(date);
    let mut cat = pdf.object(catalog).start::<Catalog>();
    cat.pages(pages_ref)
        .lang(TextStr(&meta.language))
        .metadata(metadata);
    {
        let mut v = cat.viewer_preferences();
        v.display_doc_title(true);
        // Printed at its size: a poster's type sizes and a card's cut
        // lines mean nothing shrunk to fit.
        v.pair(Name(b"PrintScaling"), Name(b"None"));
        let duplex: Option<&[u8]> = match meta.duplex {
            Duplex::Unset => None,
            Duplex::Simplex => Some(b"Simplex"),
            Duplex::FlipShortEdge => Some(b"DuplexFlipShortEdge"),
            Duplex::FlipLongEdge => Some(b"DuplexFlipLongEdge"),
        };
        if let Some(d) = duplex {
            v.pair(Name(b"Duplex"), Name(d));
        }
    }
    if let Some(root) = struct_root {
        cat.mark_info().marked(true);
        cat.pair(Name(b"StructTreeRoot"), root);
    }
    cat.finish();
    pdf.finish(catalog, info)
}
