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

use crate::layout::{Document, Duplex, Item};
use crate::units::Rect;

use draw::draw_page;
use faces::{face_of, glyph_sets, Faces};
use font::Embedded;
use image::write_image;
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
