//! Draws a [`Document`]'s pages as PNG images, exactly as the PDF renderer
//! draws them: glyphs rasterised by fontdue at the positions layout gave
//! them (sub-pixel positions kept), shapes and QR squares filled and stroked
//! by tiny-skia, pictures scaled into their rectangles, on white paper. The
//! whole media box is drawn, as a PDF viewer draws it.
//!
//! fontdue prepares every glyph outline of a font when it parses it (34 to
//! 70 ms a face), so faces are parsed only here, once per process per font,
//! and only when a build asks for PNGs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use sha2::{Digest, Sha256};
use tiny_skia::{
    FillRule, FilterQuality, LineCap, LineJoin, Paint, PathBuilder, Pixmap, PixmapPaint, Stroke,
    Transform,
};

use crate::colour::Colour;
use crate::images::Image;
use crate::layout::{Document, GlyphRun, Item, Page, PathOp, Picture, Shape};
use crate::text::{Font, Weight};
use crate::units::{Point, Rect};

/// The most pixels one page may have: A2 at 600 DPI (140 megapixels, 560
/// MB to draw) still fits; A2 at 1200 DPI is refused with a message rather
/// than exhausting memory.
pub const MAX_PAGE_PIXELS: u64 = 150_000_000;

/// Lowest and highest resolutions accepted, in dots per inch.
pub const DPI_RANGE: std::ops::RangeInclusive<u32> = 18..=1200;

/// Why a page could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// fontdue could not read one of the document's fonts.
    #[error("the font {0} could not be read to draw the PNG")]
    Font(String),
    /// The page would be too large an image.
    #[error(
        "a page at {dpi} DPI would be {width} x {height} pixels; choose a lower --png resolution"
    )]
    TooLarge {
        /// The resolution asked for.
        dpi: u32,
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// Encoding the PNG failed.
    #[error("encoding the PNG failed: {0}")]
    Encode(String),
}

/// A page drawn: width, height and RGB pixels, row by row.
pub struct Bitmap {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Three bytes a pixel (sRGB), rows top to bottom.
    pub rgb: Vec<u8>,
}

/// Renders every page of `doc` at `dpi` and encodes each as PNG bytes. The
/// same document gives the same bytes.
pub fn render(doc: &Document, dpi: u32) -> Result<Vec<Vec<u8>>, PngError> {
    use rayon::prelude::*;
    // Pages are drawn in turn (they share the glyph cache), then encoded
    // in parallel: compression is most of the time, and a build of one
    // site otherwise makes its outputs on one core.
    let bitmaps = rasterize(doc, dpi)?;
    bitmaps.par_iter().map(|b| encode(b, dpi)).collect()
}

/// Draws every page of `doc` at `dpi` without encoding (for tests and
/// callers that want pixels).
pub fn rasterize(doc: &Document, dpi: u32) -> Result<Vec<Bitmap>, PngError> {
    let mut painter = Painter::new(doc, dpi)?;
    doc.pages.iter().map(|page| painter.page(page)).collect()
}

/// Encodes a bitmap as an 8-bit RGB PNG, tagged sRGB, with its resolution.
/// Fixed settings, so the bytes depend only on the pixels.
pub fn encode(bitmap: &Bitmap, dpi: u32) -> Result<Vec<u8>, PngError> {
    let mut out = Vec::new();
    let err = |e: png::EncodingError| PngError::Encode(e.to_string());
    {
        let mut enc = png::Encoder::new(&mut out, bitmap.width, bitmap.height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
        enc.set_compression(png::Compression::Balanced);
        enc.set_filter(png::Filter::Adaptive);
        enc.set_pixel_dims(Some(png::PixelDimensions {
            // Pixels per metre: 1 inch is 0.0254 m.
            xppu: (dpi as f64 / 0.0254).round() as u32,
            yppu: (dpi as f64 / 0.0254).round() as u32,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(&bitmap.rgb).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

/// A face parsed by fontdue, shared by every document set in it.
type Shared = Arc<OnceLock<Option<Arc<fontdue::Font>>>>;

/// fontdue faces by the hash of their file: parsed once per process. Keyed
/// by content, not address, so a pack reloaded by `watch` with a changed
/// font never draws with the old one.
fn fontdue_face(font: &Font) -> Option<Arc<fontdue::Font>> {
    static FACES: OnceLock<Mutex<HashMap<[u8; 32], Shared>>> = OnceLock::new();
    let key: [u8; 32] = Sha256::digest(font.data()).into();
    let cell = {
        let mut map = FACES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(map.entry(key).or_default())
    };
    // Parsed outside the map's lock: two threads wanting two different
    // faces parse them at once; two wanting the same one parse it once.
    cell.get_or_init(|| {
        let settings = fontdue::FontSettings {
            collection_index: 0,
            scale: 40.0,
            load_substitutions: false,
        };
        fontdue::Font::from_bytes(font.data(), settings)
            .ok()
            .map(Arc::new)
    })
    .clone()
}

/// A glyph's coverage at one size: where its bitmap sits from the pen, and
/// the bitmap.
struct Coverage {
    /// Whole pixels from the pen to the bitmap's left edge.
    left: i32,
    /// Whole pixels from the baseline up to the bitmap's top edge.
    top: i32,
    width: usize,
    height: usize,
    alpha: Vec<u8>,
}

/// Draws the pages of one document, keeping each glyph's coverage for
/// reuse across its pages.
struct Painter {
    /// The document's families.
    fonts: Arc<crate::text::FontSet>,
    /// fontdue faces by face number (family * 2 + weight), parsed when a
    /// run first needs one: a fallback family costs nothing on a Latin page.
    faces: Vec<Option<Arc<fontdue::Font>>>,
    /// Pixels per point.
    scale: f32,
    dpi: u32,
    glyphs: HashMap<(usize, u16, u32), Coverage>,
    /// Pictures already made ready for tiny-skia (premultiplied), by id
    /// and drawn size.
    pictures: HashMap<(String, u32, u32), Option<Pixmap>>,
}

impl Painter {
    fn new(doc: &Document, dpi: u32) -> Result<Painter, PngError> {
        let mut painter = Painter {
            fonts: Arc::clone(&doc.fonts),
            faces: Vec::new(),
            scale: dpi as f32 / 72.0,
            dpi,
            glyphs: HashMap::new(),
            pictures: HashMap::new(),
        };
        // The theme's faces up front, as every document has text in them.
        painter.face(0)?;
        painter.face(1)?;
        Ok(painter)
    }

    /// The fontdue face numbered `i` (family * 2 + weight), parsed once.
    fn face(&mut self, i: usize) -> Result<Arc<fontdue::Font>, PngError> {
        if let Some(Some(f)) = self.faces.get(i) {
            return Ok(Arc::clone(f));
        }
        let family = u8::try_from(i / 2)
            .ok()
            .and_then(|id| self.fonts.family(id))
            .ok_or_else(|| PngError::Font(format!("font {i}")))?;
        let font = family.font(if i.is_multiple_of(2) {
            Weight::Regular
        } else {
            Weight::Bold
        });
        let face =
            fontdue_face(font).ok_or_else(|| PngError::Font(font.postscript_name.clone()))?;
        if self.faces.len() <= i {
            self.faces.resize(i + 1, None);
        }
        self.faces[i] = Some(Arc::clone(&face));
        Ok(face)
    }

    fn page(&mut self, page: &Page) -> Result<Bitmap, PngError> {
        let media = page.media();
        // Whole pixels, rounded up, as poppler sizes a page.
        let px = |len: f32| (len * self.scale - 1e-3).ceil().max(1.0) as u64;
        let (w, h) = (px(media.width.0), px(media.height.0));
        if w * h > MAX_PAGE_PIXELS {
            return Err(PngError::TooLarge {
                dpi: self.dpi,
                width: w,
                height: h,
            });
        }
        let too_large = || PngError::TooLarge {
            dpi: self.dpi,
            width: w,
            height: h,
        };
        let mut pixmap = Pixmap::new(w as u32, h as u32).ok_or_else(too_large)?;
        // Paper is white unless the document paints it.
        pixmap.fill(tiny_skia::Color::WHITE);
        let ts = Transform::from_row(
            self.scale,
            0.0,
            0.0,
            self.scale,
            -media.x.0 * self.scale,
            -media.y.0 * self.scale,
        );
        // Inside a turned half page, the half turn about its centre (in
        // pixels), applied after the page's own transform.
        let mut turn: Option<Transform> = None;
        for item in &page.items {
            match item {
                Item::Shape(shape) => {
                    draw_shape(&mut pixmap, shape, turn.map_or(ts, |t| ts.post_concat(t)))
                }
                Item::Image(picture) => self.draw_picture(&mut pixmap, picture, media, turn),
                Item::Text(run) => self.draw_run(&mut pixmap, run, media, turn)?,
                Item::BeginTurn(c) => {
                    let (x, y) = (
                        (c.x - media.x).0 * self.scale,
                        (c.y - media.y).0 * self.scale,
                    );
                    turn = Some(Transform::from_row(-1.0, 0.0, 0.0, -1.0, 2.0 * x, 2.0 * y));
                }
                Item::EndTurn => turn = None,
                // Structure is for readers, not pixels.
                Item::BeginTag(_) | Item::EndTag => {}
            }
        }
        // The pixmap is opaque (white first, everything drawn over it), so
        // its premultiplied channels are the colours themselves.
        let rgb = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        Ok(Bitmap {
            width: w as u32,
            height: h as u32,
            rgb,
        })
    }

    /// Draws each glyph where the PDF puts it: the run's origin plus the
    /// glyph's offset, from the media box's top-left corner, in pixels.
    fn draw_run(
        &mut self,
        pixmap: &mut Pixmap,
        run: &GlyphRun,
        media: Rect,
        turn: Option<Transform>,
    ) -> Result<(), PngError> {
        let size_px = run.size.0 * self.scale;
        if size_px.is_nan() || size_px <= 0.0 {
            return Ok(());
        }
        let index = run.font as usize * 2 + run.weight as usize;
        let face = self.face(index)?;
        for g in &run.glyphs {
            let pen_x = (run.origin.x + g.x - media.x).0 * self.scale;
            // Baselines snap down to whole pixels, as poppler's Splash places
            // glyphs (rounding instead put a third of the lines a pixel low
            // against pdftoppm); only the horizontal position keeps its
            // fraction.
            let pen_y = ((run.origin.y - g.y - media.y).0 * self.scale).floor();
            let key = (index, g.id, size_px.to_bits());
            let cov = self.glyphs.entry(key).or_insert_with(|| {
                let (m, alpha) = face.rasterize_indexed(g.id, size_px);
                Coverage {
                    left: m.xmin,
                    top: m.ymin + m.height as i32,
                    width: m.width,
                    height: m.height,
                    alpha,
                }
            });
            match turn {
                None => composite(pixmap, cov, pen_x, pen_y, run.colour),
                // Turned: the coverage upside down and back to front (its
                // pixels in reverse order), its far corner where the turn
                // takes the near one.
                Some(t) => {
                    let turned = Coverage {
                        left: 0,
                        top: 0,
                        width: cov.width,
                        height: cov.height,
                        alpha: cov.alpha.iter().rev().copied().collect(),
                    };
                    let x0 = pen_x + cov.left as f32;
                    let y0 = pen_y - cov.top as f32;
                    let x1 = t.tx - x0 - cov.width as f32 + 1.0;
                    let y1 = t.ty - y0 - cov.height as f32 + 1.0;
                    composite(pixmap, &turned, x1, y1, run.colour);
                }
            }
        }
        Ok(())
    }

    fn draw_picture(
        &mut self,
        pixmap: &mut Pixmap,
        picture: &Picture,
        media: Rect,
        turn: Option<Transform>,
    ) {
        let r = picture.rect;
        let x = (r.x - media.x).0 * self.scale;
        let y = (r.y - media.y).0 * self.scale;
        let (w, h) = (r.width.0 * self.scale, r.height.0 * self.scale);
        if w.is_nan() || h.is_nan() || w < 0.5 || h < 0.5 {
            return;
        }
        let (tw, th) = (w.round().max(1.0) as u32, h.round().max(1.0) as u32);
        let key = (picture.image.id.clone(), tw, th);
        let ready = self
            .pictures
            .entry(key)
            .or_insert_with(|| prepared(&picture.image, tw, th));
        if let Some(img) = ready {
            let sx = w / img.width() as f32;
            let sy = h / img.height() as f32;
            pixmap.draw_pixmap(
                0,
                0,
                img.as_ref(),
                &PixmapPaint {
                    quality: FilterQuality::Bilinear,
                    ..PixmapPaint::default()
                },
                {
                    let place = Transform::from_row(sx, 0.0, 0.0, sy, x, y);
                    turn.map_or(place, |t| place.post_concat(t))
                },
                None,
            );
        }
    }
}

/// An image resampled to the pixels it covers (a box-like filter, so a
/// large logo drawn small is smooth rather than speckled) and
/// premultiplied for tiny-skia.
fn prepared(image: &Image, width: u32, height: u32) -> Option<Pixmap> {
    let src = image::RgbaImage::from_raw(image.width, image.height, image.rgba.clone())?;
    let resized = if (width, height) == (image.width, image.height) {
        src
    } else {
        image::imageops::resize(&src, width, height, image::imageops::FilterType::Triangle)
    };
    let mut data = resized.into_raw();
    for p in data.chunks_exact_mut(4) {
        let a = p[3] as u16;
        for c in &mut p[..3] {
            *c = ((*c as u16 * a + 127) / 255) as u8;
        }
    }
    Pixmap::from_vec(data, tiny_skia::IntSize::from_wh(width, height)?)
}

/// Blends a glyph's coverage into the page in `colour`, shifted by the
/// pen's fraction of a pixel: the coverage is spread over the neighbouring
/// pixels in proportion, which is how the outline itself would fall.
fn composite(pixmap: &mut Pixmap, cov: &Coverage, pen_x: f32, pen_y: f32, colour: Colour) {
    if cov.width == 0 || cov.height == 0 {
        return;
    }
    let (fx, fy) = (pen_x.floor(), pen_y.floor());
    let (dx, dy) = (pen_x - fx, pen_y - fy);
    let x0 = fx as i64 + cov.left as i64;
    let y0 = fy as i64 - cov.top as i64;
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let (cw, ch) = (cov.width as i64, cov.height as i64);
    let at = |x: i64, y: i64| -> f32 {
        if x < 0 || y < 0 || x >= cw || y >= ch {
            0.0
        } else {
            cov.alpha[(y * cw + x) as usize] as f32
        }
    };
    let ink = [colour.r as f32, colour.g as f32, colour.b as f32];
    let data = pixmap.data_mut();
    // The shifted bitmap is one pixel wider and taller than the original.
    for oy in 0..=ch {
        let py = y0 + oy;
        if py < 0 || py >= ph {
            continue;
        }
        for ox in 0..=cw {
            let px = x0 + ox;
            if px < 0 || px >= pw {
                continue;
            }
            let c = at(ox, oy) * (1.0 - dx) * (1.0 - dy)
                + at(ox - 1, oy) * dx * (1.0 - dy)
                + at(ox, oy - 1) * (1.0 - dx) * dy
                + at(ox - 1, oy - 1) * dx * dy;
            if c <= 0.0 {
                continue;
            }
            let a = (c / 255.0).min(1.0);
            let i = ((py * pw + px) * 4) as usize;
            for k in 0..3 {
                let d = data[i + k] as f32;
                data[i + k] = (d + (ink[k] - d) * a).round() as u8;
            }
            data[i + 3] = 255;
        }
    }
}

/// Fills, then strokes, as the PDF's `B` operator does; nonzero winding,
/// butt caps, miter joins with the PDF's default limit of 10.
fn draw_shape(pixmap: &mut Pixmap, shape: &Shape, ts: Transform) {
    let closed = shape.path.ops.last() == Some(&PathOp::Close);
    let mut pb = PathBuilder::new();
    let pt = |p: Point| (p.x.0, p.y.0);
    for op in &shape.path.ops {
        match *op {
            PathOp::Move(p) => {
                let (x, y) = pt(p);
                pb.move_to(x, y);
            }
            PathOp::Line(p) => {
                let (x, y) = pt(p);
                pb.line_to(x, y);
            }
            PathOp::Cubic(a, b, c) => {
                let ((ax, ay), (bx, by), (cx, cy)) = (pt(a), pt(b), pt(c));
                pb.cubic_to(ax, ay, bx, by, cx, cy);
            }
            PathOp::Close => pb.close(),
        }
    }
    let Some(path) = pb.finish() else {
        return;
    };
    if let Some(fill) = shape.fill {
        let mut paint = Paint::default();
        paint.set_color_rgba8(fill.r, fill.g, fill.b, 255);
        paint.anti_alias = true;
        pixmap.fill_path(&path, &paint, FillRule::Winding, ts, None);
    }
    if let Some(s) = shape.stroke {
        let mut paint = Paint::default();
        paint.set_color_rgba8(s.colour.r, s.colour.g, s.colour.b, 255);
        paint.anti_alias = true;
        let stroke = Stroke {
            width: s.width.0,
            miter_limit: 10.0,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Miter,
            dash: None,
        };
        // A closed path printed by the PDF as a polygon: its last side is
        // drawn too, whether or not the path says Close on every ring.
        let path = if closed { close_all(&path) } else { Some(path) };
        if let Some(path) = path {
            pixmap.stroke_path(&path, &paint, &stroke, ts, None);
        }
    }
}

/// The same path with every subpath closed.
fn close_all(path: &tiny_skia::Path) -> Option<tiny_skia::Path> {
    use tiny_skia::PathSegment;
    let mut pb = PathBuilder::new();
    let mut open = false;
    for seg in path.segments() {
        match seg {
            PathSegment::MoveTo(p) => {
                if open {
                    pb.close();
                }
                pb.move_to(p.x, p.y);
                open = true;
            }
            PathSegment::LineTo(p) => pb.line_to(p.x, p.y),
            PathSegment::QuadTo(a, b) => pb.quad_to(a.x, a.y, b.x, b.y),
            PathSegment::CubicTo(a, b, c) => pb.cubic_to(a.x, a.y, b.x, b.y, c.x, c.y),
            PathSegment::Close => {
                pb.close();
                open = false;
            }
        }
    }
    if open {
        pb.close();
    }
    pb.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn white(w: u32, h: u32) -> Pixmap {
        let mut p = Pixmap::new(w, h).unwrap();
        p.fill(tiny_skia::Color::WHITE);
        p
    }

    #[test]
    fn half_pixel_shift_splits_coverage_between_neighbours() {
        let cov = Coverage {
            left: 0,
            top: 1,
            width: 1,
            height: 1,
            alpha: vec![255],
        };
        let mut p = white(4, 2);
        composite(&mut p, &cov, 1.5, 1.0, Colour::BLACK);
        let px = |x: usize| p.data()[x * 4];
        assert_eq!(px(0), 255);
        assert!((126..=129).contains(&px(1)), "{}", px(1));
        assert!((126..=129).contains(&px(2)), "{}", px(2));
        assert_eq!(px(3), 255);
    }

    #[test]
    fn encoding_is_deterministic_and_opaque_rgb() {
        let bmp = Bitmap {
            width: 3,
            height: 2,
            rgb: (0..18).map(|i| (i * 13) as u8).collect(),
        };
        let a = encode(&bmp, 72).unwrap();
        let b = encode(&bmp, 72).unwrap();
        assert_eq!(a, b);
        let decoder = png::Decoder::new(std::io::Cursor::new(&a));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Rgb);
        assert_eq!(reader.info().width, 3);
    }
}
