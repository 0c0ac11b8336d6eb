//! Writes a [`Document`] as PDF with printpdf, exactly as laid out: every
//! glyph where layout put it, fonts subset and embedded with a Unicode map,
//! and nothing taken from the clock or a random source.

use std::collections::BTreeSet;

use printpdf::{
    Codepoint, Color, FontId, ImageCompression, ImageOptimizationOptions, LinePoint, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Polygon, PolygonRing,
    Pt as PdfPt, RawImage, RawImageData, RawImageFormat, Rect as PdfRect, Rgb, TextItem,
    TextMatrix, WindingOrder, XObject, XObjectId, XObjectTransform,
};
use rustybuzz::ttf_parser;
use sha2::{Digest, Sha256};

use crate::colour::Colour;
use crate::layout::{Document, GlyphRun, Item, Page, PathOp, Shape};
use crate::text::{Font, Weight};
use crate::units::{Point, Pt};

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// printpdf could not read one of the document's fonts.
    #[error("the font {0} could not be prepared for embedding")]
    Font(String),
    /// Writing the PDF failed.
    #[error("writing the PDF failed: {0}")]
    Write(String),
}

/// Stands in for the trailer's /ID until the file's own hash replaces it.
const ID_PLACEHOLDER: &[u8; 32] = b"packpress-id-placeholder-0000000";

/// Renders a document to PDF bytes. The same document gives the same bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    set_info(&mut pdf, doc);

    // Register only the weights used; each id is a hash of the glyphs drawn
    // with it, so its first six letters make a proper subset tag.
    let fonts: Vec<(Weight, FontId)> = [Weight::Regular, Weight::Bold]
        .into_iter()
        .filter_map(|w| {
            let used = used_glyphs(doc, w);
            (!used.is_empty()).then(|| (w, font_id(doc.fonts.font(w), &used)))
        })
        .collect();
    for (weight, id) in &fonts {
        let font = doc.fonts.font(*weight);
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(font.data(), 0, &mut warnings)
            .ok_or_else(|| RenderError::Font(font.postscript_name.clone()))?;
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
    }
    let widths = PdfWidths::new(doc);
    // Each image once per document, named by its content hash.
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Image(p) = item {
            let id = image_id(&p.image);
            pdf.resources
                .xobjects
                .map
                .entry(id)
                .or_insert_with(|| XObject::Image(raw_image(&p.image)));
        }
    }

    pdf.pages = doc
        .pages
        .iter()
        .map(|page| render_page(page, &fonts, &widths))
        .collect();

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        // Never resized (printpdf's defaults downsample anything over
        // 2 MB) and left raw here: `compress` below deflates the pixels
        // once per process however many documents carry the logo.
        image_optimization: Some(ImageOptimizationOptions {
            quality: None,
            max_image_size: None,
            dither_greyscale: Some(false),
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::None),
        }),
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    finish(&mut lo, doc);
    attach_soft_masks(&mut lo, doc);
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| RenderError::Write(e.to_string()))?;
    stamp_id(&mut bytes);
    Ok(bytes)
}

fn set_info(pdf: &mut PdfDocument, doc: &Document) {
    let info = &mut pdf.metadata.info;
    info.author = doc.meta.author.clone();
    info.subject = doc.meta.subject.clone();
    info.keywords = doc.meta.keywords.clone();
    info.creator = "packpress".into();
    info.producer = concat!("packpress ", env!("CARGO_PKG_VERSION"), " (printpdf)").into();
    // The pack's reviewed date stands in for the clock.
    if let Ok(t) = printpdf::OffsetDateTime::from_unix_timestamp(doc.meta.date.unix_seconds()) {
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }
}

/// The glyph ids drawn in a weight.
fn used_glyphs(doc: &Document, weight: Weight) -> BTreeSet<u16> {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r) if r.weight == weight => Some(r.glyphs.iter().map(|g| g.id)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// A font resource id whose first six characters are an uppercase tag
/// derived from the font and its glyph subset (ISO 32000-1, 9.6.4).
fn font_id(font: &Font, used: &BTreeSet<u16>) -> FontId {
    let mut h = Sha256::new();
    h.update(font.postscript_name.as_bytes());
    for g in used {
        h.update(g.to_be_bytes());
    }
    let digest = h.finalize();
    let tag: String = digest
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    FontId(tag)
}

/// Glyph advances as printpdf writes them into /W: whole thousandths of an
/// em, truncated. Offsets in TJ arrays are computed against these so that a
/// viewer's pen lands exactly where layout placed each glyph.
struct PdfWidths<'a> {
    faces: [(Option<ttf_parser::Face<'a>>, f32); 2],
}

impl<'a> PdfWidths<'a> {
    fn new(doc: &'a Document) -> PdfWidths<'a> {
        let face = |f: &'a Font| (ttf_parser::Face::parse(f.data(), 0).ok(), f.units_per_em);
        PdfWidths {
            faces: [face(&doc.fonts.regular), face(&doc.fonts.bold)],
        }
    }

    fn width(&self, weight: Weight, gid: u16) -> f32 {
        let (face, upem) = &self.faces[weight as usize];
        let adv = face
            .as_ref()
            .and_then(|f| f.glyph_hor_advance(ttf_parser::GlyphId(gid)))
            .unwrap_or(0);
        (adv as f32 * 1000.0 / upem).trunc()
    }
}

fn render_page(page: &Page, fonts: &[(Weight, FontId)], widths: &PdfWidths) -> PdfPage {
    let media = page.media();
    let to_pdf = |p: Point| -> printpdf::Point {
        // Layout: y down from the trim's top-left. PDF: y up from the media's bottom-left.
        printpdf::Point {
            x: PdfPt((p.x - media.x).0),
            y: PdfPt((media.bottom() - p.y).0),
        }
    };
    let mut ops = Vec::new();
    let mut in_text = false;
    let mut font_state: Option<(Weight, Pt)> = None;
    let mut fill_state: Option<Colour> = None;
    for item in &page.items {
        match item {
            // Marked content for the structure tree: not written yet.
            Item::BeginTag(_) | Item::EndTag => {}
            Item::Shape(shape) => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                    font_state = None;
                }
                fill_state = None;
                draw_shape(&mut ops, shape, &to_pdf);
            }
            Item::Image(picture) => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                    font_state = None;
                }
                let r = picture.rect;
                let lower_left = to_pdf(Point::new(r.x, r.bottom()));
                ops.push(Op::UseXobject {
                    id: image_id(&picture.image),
                    transform: XObjectTransform {
                        translate_x: Some(lower_left.x),
                        translate_y: Some(lower_left.y),
                        rotate: None,
                        // An image XObject fills the unit square: scale it to the rectangle.
                        scale_x: Some(r.width.0),
                        scale_y: Some(r.height.0),
                        dpi: None,
                        no_auto_scale: true,
                    },
                });
            }
            Item::Text(run) => {
                if run.glyphs.is_empty() {
                    continue;
                }
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                }
                if font_state != Some((run.weight, run.size)) {
                    let Some((_, id)) = fonts.iter().find(|(w, _)| *w == run.weight) else {
                        continue;
                    };
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: PdfPt(run.size.0),
                    });
                    font_state = Some((run.weight, run.size));
                }
                if fill_state != Some(run.colour) {
                    ops.push(Op::SetFillColor {
                        col: rgb(run.colour),
                    });
                    fill_state = Some(run.colour);
                }
                draw_run(&mut ops, run, widths, &to_pdf);
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    PdfPage::new(
        printpdf::Mm(media.width.to_mm()),
        printpdf::Mm(media.height.to_mm()),
        ops,
    )
}

/// Draws a run as one text object per baseline offset (almost always one):
/// the first glyph placed by an absolute matrix, the rest by TJ offsets.
fn draw_run(
    ops: &mut Vec<Op>,
    run: &GlyphRun,
    widths: &PdfWidths,
    to_pdf: &impl Fn(Point) -> printpdf::Point,
) {
    let size = run.size.0;
    let mut i = 0;
    while i < run.glyphs.len() {
        let y = run.glyphs[i].y;
        let mut j = i + 1;
        while j < run.glyphs.len() && run.glyphs[j].y == y {
            j += 1;
        }
        let group = &run.glyphs[i..j];
        let start = to_pdf(Point::new(run.origin.x + group[0].x, run.origin.y - y));
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(start.x, start.y),
        });
        let codepoints = group
            .iter()
            .enumerate()
            .map(|(k, g)| {
                let next_x = group.get(k + 1).map_or(run.width, |n| n.x);
                let wanted = (next_x - g.x).0 * 1000.0 / size;
                // TJ numbers move the pen left, in thousandths of an em.
                let offset = widths.width(run.weight, g.id) - wanted;
                let text = run
                    .text
                    .get(g.text.0 as usize..g.text.1 as usize)
                    .unwrap_or("");
                Codepoint {
                    gid: g.id,
                    offset: if offset.abs() < 1e-3 { 0.0 } else { offset },
                    cid: Some(text.to_string()),
                }
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints)],
        });
        i = j;
    }
}

fn draw_shape(ops: &mut Vec<Op>, shape: &Shape, to_pdf: &impl Fn(Point) -> printpdf::Point) {
    let mode = match (&shape.fill, &shape.stroke) {
        (Some(_), Some(_)) => PaintMode::FillStroke,
        (Some(_), None) => PaintMode::Fill,
        (None, Some(_)) => PaintMode::Stroke,
        (None, None) => return,
    };
    if let Some(c) = shape.fill {
        ops.push(Op::SetFillColor { col: rgb(c) });
    }
    if let Some(s) = shape.stroke {
        ops.push(Op::SetOutlineColor { col: rgb(s.colour) });
        ops.push(Op::SetOutlineThickness {
            pt: PdfPt(s.width.0),
        });
    }
    let mut rings: Vec<PolygonRing> = Vec::new();
    let point = |p: Point, bezier: bool| LinePoint {
        p: to_pdf(p),
        bezier,
    };
    for op in &shape.path.ops {
        match *op {
            PathOp::Move(p) => rings.push(PolygonRing {
                points: vec![point(p, false)],
            }),
            PathOp::Line(p) => {
                if let Some(r) = rings.last_mut() {
                    r.points.push(point(p, false));
                }
            }
            PathOp::Cubic(a, b, c) => {
                if let Some(r) = rings.last_mut() {
                    r.points
                        .extend([point(a, true), point(b, true), point(c, false)]);
                }
            }
            PathOp::Close => {}
        }
    }
    // A stroked open path (a rule, a crop mark) must stay open.
    let closed = shape.path.ops.last() == Some(&PathOp::Close);
    if mode == PaintMode::Stroke && !closed {
        for ring in rings {
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: ring.points,
                    is_closed: false,
                },
            });
        }
        return;
    }
    ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings,
            mode,
            winding_order: WindingOrder::NonZero,
        },
    });
}

/// A rectangle in PDF coordinates of the media box (y up from its bottom).
fn pdf_rect(r: crate::units::Rect, media: crate::units::Rect) -> PdfRect {
    PdfRect {
        x: PdfPt((r.x - media.x).0),
        y: PdfPt((media.bottom() - r.bottom()).0),
        width: PdfPt(r.width.0),
        height: PdfPt(r.height.0),
        mode: None,
        winding_order: None,
    }
}

/// An image's resource name: its content hash, so identical logos share one.
fn image_id(image: &crate::images::Image) -> XObjectId {
    XObjectId(format!("Im{}", image.id))
}

/// An image as printpdf takes it: its colour only. printpdf deflates an
/// alpha channel at its slowest level for every document, so a logo's
/// soft mask is attached afterwards by [`attach_soft_masks`].
fn raw_image(image: &crate::images::Image) -> RawImage {
    let rgb = image
        .rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    RawImage {
        pixels: RawImageData::U8(rgb),
        width: image.width as usize,
        height: image.height as usize,
        data_format: RawImageFormat::RGB8,
        tag: Vec::new(),
    }
}

/// Gives each image with transparency its /SMask: the alpha channel as a
/// grey image, left raw for [`compress`] to deflate (once per process).
fn attach_soft_masks(lo: &mut lopdf::Document, doc: &Document) {
    use lopdf::{Dictionary, Object, Stream};
    let mut seen = BTreeSet::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        let Item::Image(picture) = item else { continue };
        let image = &picture.image;
        if image.opaque || !seen.insert(image.id.clone()) {
            continue;
        }
        let name = image_id(image).0;
        // printpdf lists every image in each page's resources.
        let target = lo.get_pages().into_values().find_map(|page| {
            let (inline, ids) = lo.get_page_resources(page).ok()?;
            // The /XObject entry may be the dictionary or a reference to it.
            let from = |d: &Dictionary| {
                let xobjects = match d.get(b"XObject").ok()? {
                    Object::Reference(id) => lo.get_dictionary(*id).ok()?,
                    other => other.as_dict().ok()?,
                };
                xobjects.get(name.as_bytes()).ok()?.as_reference().ok()
            };
            inline.and_then(from).or_else(|| {
                ids.iter()
                    .find_map(|id| lo.get_dictionary(*id).ok().and_then(from))
            })
        });
        let Some(target) = target else { continue };
        let alpha: Vec<u8> = image.rgba.chunks_exact(4).map(|p| p[3]).collect();
        let mask = Stream::new(
            Dictionary::from_iter([
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Image".to_vec())),
                ("Width", Object::Integer(image.width as i64)),
                ("Height", Object::Integer(image.height as i64)),
                ("ColorSpace", Object::Name(b"DeviceGray".to_vec())),
                ("BitsPerComponent", Object::Integer(8)),
            ]),
            alpha,
        );
        let mask_id = lo.add_object(mask);
        if let Ok(Object::Stream(s)) = lo.get_object_mut(target) {
            s.dict.set("SMask", Object::Reference(mask_id));
        }
    }
}

fn rgb(c: Colour) -> Color {
    let [r, g, b] = c.to_f32();
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// What printpdf has no API for: /Lang, /BleedBox, a trailer /ID of our
/// own, and no claim of a PDF/X version the file does not meet.
fn finish(lo: &mut lopdf::Document, doc: &Document) {
    use lopdf::{Object, StringFormat};
    if let Ok(info_id) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(info) = lo.get_object_mut(info_id).and_then(Object::as_dict_mut) {
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Identifier");
            info.remove(b"Trapped");
        }
    }
    if let Ok(root_id) = lo.trailer.get(b"Root").and_then(Object::as_reference) {
        if let Ok(catalog) = lo.get_object_mut(root_id).and_then(Object::as_dict_mut) {
            catalog.set(
                "Lang",
                Object::String(doc.meta.language.as_bytes().to_vec(), StringFormat::Literal),
            );
        }
    }
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    for (page, id) in doc.pages.iter().zip(page_ids) {
        let media = page.media();
        // printpdf writes boxes as [x y width height], which is right only at
        // the origin; PDF boxes are [x0 y0 x1 y1]. So both are written here.
        let pdf_box = |r: crate::units::Rect| {
            let b = pdf_rect(r, media);
            let corners = [b.x.0, b.y.0, b.x.0 + b.width.0, b.y.0 + b.height.0];
            Object::Array(corners.into_iter().map(Object::Real).collect())
        };
        if let Ok(dict) = lo.get_object_mut(id).and_then(Object::as_dict_mut) {
            dict.set("TrimBox", pdf_box(page.trim()));
            dict.set("BleedBox", pdf_box(page.bleed_box()));
        }
    }
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Literal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
}

/// Flate-compresses every stream that may be, as lopdf's `compress` does,
/// but at zlib's default level (lopdf's "best" took half the build time
/// for a percent or two of size) and compressing each large stream once
/// per process: a font subset or logo repeated across the documents of a
/// batch is compressed the first time and copied after.
fn compress(lo: &mut lopdf::Document) {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Cache = Mutex<HashMap<[u8; 32], Arc<Vec<u8>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    // Content streams are unique to their page; fonts and images repeat.
    const WORTH_CACHING: usize = 4096;
    const MAX_ENTRIES: usize = 64;

    for object in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        // printpdf marks its raw image streams as not to be compressed; we
        // want them deflated (losslessly) all the same.
        let image = stream
            .dict
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .is_ok_and(|n| n == b"Image");
        if !(stream.allows_compression || image) || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let packed = if stream.content.len() >= WORTH_CACHING {
            let key: [u8; 32] = Sha256::digest(&stream.content).into();
            let cache = CACHE.get_or_init(Default::default);
            let hit = cache.lock().ok().and_then(|c| c.get(&key).cloned());
            match hit {
                Some(p) => p,
                None => {
                    let p = Arc::new(deflate(&stream.content));
                    if let Ok(mut c) = cache.lock() {
                        if c.len() >= MAX_ENTRIES {
                            c.clear();
                        }
                        c.insert(key, Arc::clone(&p));
                    }
                    p
                }
            }
        } else {
            Arc::new(deflate(&stream.content))
        };
        // As lopdf does: keep the raw stream when Flate would not save the
        // bytes its /Filter entry costs.
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed.to_vec());
        }
    }
}

/// zlib-wrapped Deflate, as PDF's FlateDecode expects.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Replaces the placeholder /ID with a hash of the file itself: the same
/// content always gets the same id, different content a different one.
fn stamp_id(bytes: &mut [u8]) {
    let digest = Sha256::digest(&*bytes);
    let id: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let needle = &ID_PLACEHOLDER[..];
    let mut at = bytes.len();
    while let Some(pos) = find_last(&bytes[..at], needle) {
        bytes[pos..pos + needle.len()].copy_from_slice(id.as_bytes());
        at = pos;
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}
