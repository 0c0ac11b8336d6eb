//! Images users give (site logos): read with limits, checked, decoded.
//!
//! Only PNG and JPEG are accepted, judged by their content, not their name.
//! A file over 20 MB or over 40 megapixels is refused before it is decoded,
//! and the decoder's own allocation limit guards against files that claim
//! one size and expand to another. A logo larger than any output draws it
//! is shrunk as it is read ([`kept_size`]).

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

/// Largest image file read.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Most pixels an image may have.
pub const MAX_PIXELS: u64 = 40_000_000;

/// A decoded image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// A hash of the file: the same logo is embedded once per document.
    pub id: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels, four bytes each (sRGB and straight alpha), row by row.
    pub rgba: Vec<u8>,
    /// True if no pixel is transparent.
    pub opaque: bool,
}

impl Image {
    /// Width over height.
    pub fn aspect(&self) -> f32 {
        self.width as f32 / self.height.max(1) as f32
    }
}

/// Why an image could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The file could not be read.
    #[error("cannot read the image {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is too large to be a logo.
    #[error("the image {path} is {megabytes:.1} MB; the limit is 20 MB")]
    TooBig {
        /// The file.
        path: PathBuf,
        /// Its size.
        megabytes: f64,
    },
    /// The image has too many pixels.
    #[error("the image {path} is {width} x {height} pixels; the limit is 40 megapixels")]
    TooManyPixels {
        /// The file.
        path: PathBuf,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Not a PNG or JPEG file.
    #[error("{path} is not a PNG or JPEG image{found}")]
    NotPngOrJpeg {
        /// The file.
        path: PathBuf,
        /// What it looks like instead, if known.
        found: String,
    },
    /// The file is damaged or cut short.
    #[error("the image {path} is damaged or cut short: {why}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        why: String,
    },
}

/// The largest box, in millimetres (width, height), that any output
/// draws a logo in, with a margin: the A2 poster's is the largest, a wide
/// logo drawn up to 148.8 mm across and a tall one up to 44.0 mm high
/// (`tests/reliability.rs` measures every format's from its PDF against
/// this).
pub const LOGO_BOX_MM: (f32, f32) = (160.0, 50.0);

/// How finely a logo is kept at the largest size it is drawn: twice the
/// 300 dots per inch a print shop asks for.
pub const LOGO_DPI: f32 = 600.0;

/// The most pixels a logo is kept at, across and down: [`LOGO_BOX_MM`] at
/// [`LOGO_DPI`] (3779 by 1181). A larger logo is shrunk when it is read,
/// keeping its shape, so every output gets all the detail it can print
/// and the pixels held while a site is built are at most 3779 x 1181 x 4
/// bytes (17.9 MB), whatever the file.
pub fn logo_max_pixels() -> (u32, u32) {
    let px = |mm: f32| (mm / 25.4 * LOGO_DPI).floor() as u32;
    (px(LOGO_BOX_MM.0), px(LOGO_BOX_MM.1))
}

/// The size an image of `width` x `height` is kept at: itself when it
/// fits [`logo_max_pixels`], else shrunk to fit, its shape kept.
pub fn kept_size(width: u32, height: u32) -> (u32, u32) {
    let (max_w, max_h) = logo_max_pixels();
    let scale = (max_w as f64 / width.max(1) as f64)
        .min(max_h as f64 / height.max(1) as f64)
        .min(1.0);
    if scale >= 1.0 {
        return (width, height);
    }
    let side = |n: u32| ((n as f64 * scale).round() as u32).max(1);
    (side(width), side(height))
}

/// Reads and decodes a PNG or JPEG file.
pub fn load(path: &Path) -> Result<Image, ImageError> {
    load_hashed(path).map(|(image, _)| image)
}

/// Reads and decodes a PNG or JPEG file, and gives the SHA-256 of the file
/// as read (hex): a new logo makes the outputs that show it out of date.
pub fn load_hashed(path: &Path) -> Result<(Image, String), ImageError> {
    let io = |source| ImageError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other("not a file")));
    }
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooBig {
            path: path.to_path_buf(),
            megabytes: meta.len() as f64 / (1024.0 * 1024.0),
        });
    }
    let bytes = fs::read(path).map_err(io)?;
    let sha = format!("{:x}", Sha256::digest(&bytes));
    decode(path, &bytes).map(|image| (image, sha))
}

/// Decodes PNG or JPEG bytes read from `path`, shrunk to [`kept_size`].
///
/// Memory: an image that is kept whole is decoded as it always was. One
/// that is shrunk never has its full size in RGBA: a PNG is read row by
/// row into the smaller image (a few rows of the file at a time; an
/// interlaced PNG, whose rows come in seven passes, is decoded whole in
/// its own channels first), and a JPEG is decoded in its own channels
/// (RGB: 3 bytes a pixel, 120 MB at 40 megapixels), one at a time in the
/// process, and shrunk from that.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Image, ImageError> {
    let damaged = |e: &dyn std::fmt::Display| ImageError::Damaged {
        path: path.to_path_buf(),
        why: e.to_string(),
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| damaged(&e))?;
    let format = reader.format();
    match format {
        Some(ImageFormat::Png | ImageFormat::Jpeg) => {}
        other => {
            return Err(ImageError::NotPngOrJpeg {
                path: path.to_path_buf(),
                found: other
                    .map(|f| format!(" (it looks like {f:?})"))
                    .unwrap_or_default(),
            })
        }
    }
    let (width, height) = reader.into_dimensions().map_err(|e| damaged(&e))?;
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(ImageError::TooManyPixels {
            path: path.to_path_buf(),
            width,
            height,
        });
    }
    let kept = kept_size(width, height);
    let rgba = if kept == (width, height) {
        whole(bytes, width, height).map_err(|e| damaged(&e))?
    } else if format == Some(ImageFormat::Png) {
        png_shrunk(bytes, kept).map_err(|e| damaged(&e))?
    } else {
        // A JPEG has no rows to read one by one: it is decoded whole, in
        // RGB (up to 120 MB at 40 megapixels). One at a time, whatever
        // the threads, so that sites built side by side never hold more
        // than one such decode at once; the lock guards nothing else, and
        // a poisoned one (a panic elsewhere) is as good.
        let _one = WHOLE_DECODE.lock().unwrap_or_else(|p| p.into_inner());
        let decoded = decoded(bytes, width, height).map_err(|e| damaged(&e))?;
        let mut shrink = Shrink::new((width, height), kept);
        let channels = decoded.color().channel_count() as usize;
        let Some(raw) = decoded.as_flat_samples_u8() else {
            return Err(damaged(&"its pixels are not 8-bit"));
        };
        let row = width as usize * channels;
        for line in raw.samples.chunks_exact(row) {
            shrink.row(line, channels);
        }
        shrink.finish()
    };
    let opaque = rgba.chunks_exact(4).all(|p| p[3] == 255);
    let digest = Sha256::digest(bytes);
    let id = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    Ok(Image {
        id,
        width: kept.0,
        height: kept.1,
        rgba,
        opaque,
    })
}

/// Held while a large JPEG is decoded whole (see [`decode`]).
static WHOLE_DECODE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The image decoded by the image crate, with its allocation bounded.
fn decoded(bytes: &[u8], width: u32, height: u32) -> image::ImageResult<image::DynamicImage> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // Room for the decoded pixels and the RGBA copy, and no more.
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    reader.decode()
}

/// An image kept at its own size: decoded, as RGBA.
fn whole(bytes: &[u8], width: u32, height: u32) -> image::ImageResult<Vec<u8>> {
    Ok(decoded(bytes, width, height)?.to_rgba8().into_raw())
}

/// A PNG read row by row into an image of `kept` size.
fn png_shrunk(bytes: &[u8], kept: (u32, u32)) -> Result<Vec<u8>, png::DecodingError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info()?;
    let (width, height, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    let channels = reader.output_color_type().0.samples();
    let mut shrink = Shrink::new((width, height), kept);
    if interlaced {
        let size = reader
            .output_buffer_size()
            .ok_or(png::DecodingError::LimitsExceeded)?;
        let mut buf = vec![0u8; size];
        let frame = reader.next_frame(&mut buf)?;
        for line in buf[..frame.buffer_size()].chunks_exact(frame.line_size) {
            shrink.row(line, channels);
        }
    } else {
        while let Some(row) = reader.next_row()? {
            shrink.row(row.data(), channels);
        }
    }
    Ok(shrink.finish())
}

/// An image shrunk as its rows go by: each pixel of the smaller image is
/// the average of the box of pixels it stands for, weighted by their
/// alpha (so a transparent pixel's colour does not bleed into its
/// neighbours). Holds one row of sums, never the large image.
struct Shrink {
    from: (u32, u32),
    to: (u32, u32),
    /// The source row being read.
    y: u32,
    /// The row of the smaller image the sums are for.
    row: u32,
    /// Per pixel of that row: red, green and blue times alpha, alpha, and
    /// how many pixels.
    sums: Vec<[u64; 5]>,
    out: Vec<u8>,
}

impl Shrink {
    fn new(from: (u32, u32), to: (u32, u32)) -> Shrink {
        Shrink {
            from,
            to,
            y: 0,
            row: 0,
            sums: vec![[0; 5]; to.0 as usize],
            out: Vec::with_capacity(to.0 as usize * to.1 as usize * 4),
        }
    }

    /// The next row of the source, `channels` 8-bit samples a pixel (grey,
    /// grey and alpha, RGB or RGBA).
    fn row(&mut self, data: &[u8], channels: usize) {
        if self.y >= self.from.1 || channels == 0 {
            return;
        }
        let target = (self.y as u64 * self.to.1 as u64 / self.from.1 as u64) as u32;
        while self.row < target {
            self.flush();
        }
        for (x, px) in data
            .chunks_exact(channels)
            .take(self.from.0 as usize)
            .enumerate()
        {
            let (r, g, b, a) = match *px {
                [v] => (v, v, v, 255),
                [v, a] => (v, v, v, a),
                [r, g, b] => (r, g, b, 255),
                [r, g, b, a, ..] => (r, g, b, a),
                _ => continue,
            };
            let tx = (x as u64 * self.to.0 as u64 / self.from.0 as u64) as usize;
            let a64 = a as u64;
            let s = &mut self.sums[tx];
            s[0] += r as u64 * a64;
            s[1] += g as u64 * a64;
            s[2] += b as u64 * a64;
            s[3] += a64;
            s[4] += 1;
        }
        self.y += 1;
    }

    /// Writes out the row of sums and starts the next.
    fn flush(&mut self) {
        for s in &mut self.sums {
            let n = s[4].max(1);
            let a = s[3];
            let channel = |sum: u64| (sum + a / 2).checked_div(a).unwrap_or(0) as u8;
            self.out.extend_from_slice(&[
                channel(s[0]),
                channel(s[1]),
                channel(s[2]),
                ((a + n / 2) / n) as u8,
            ]);
            *s = [0; 5];
        }
        self.row += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        while self.row < self.to.1 {
            self.flush();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img =
            image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x * 40) as u8, 80, 120, 255]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_png_decodes_with_a_stable_id() {
        let bytes = png(6, 3);
        let a = decode(Path::new("logo.png"), &bytes).unwrap();
        assert_eq!((a.width, a.height, a.rgba.len()), (6, 3, 72));
        assert!(a.opaque);
        assert_eq!(a.id, decode(Path::new("other.png"), &bytes).unwrap().id);
        assert!((a.aspect() - 2.0).abs() < 1e-6);
    }

    #[test]
    fn a_truncated_png_is_damaged_not_a_panic() {
        let bytes = png(40, 40);
        let err = decode(Path::new("logo.png"), &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(matches!(err, ImageError::Damaged { .. }), "{err}");
    }

    #[test]
    fn other_formats_are_refused_by_content() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        let err = decode(Path::new("logo.png"), gif).unwrap_err();
        assert!(
            err.to_string().contains("is not a PNG or JPEG image"),
            "{err}"
        );
        let err = decode(Path::new("logo.png"), b"just text").unwrap_err();
        assert!(matches!(err, ImageError::NotPngOrJpeg { .. }), "{err}");
    }

    #[test]
    fn an_image_claiming_too_many_pixels_is_refused_before_decoding() {
        // A valid PNG header claiming 10000 x 10000 pixels, with no data.
        let mut bytes = png(1, 1);
        // IHDR width and height live at bytes 16..24.
        bytes[16..20].copy_from_slice(&10_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&10_000u32.to_be_bytes());
        // The chunk's CRC covers its type and data (bytes 12..29).
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = decode(Path::new("bomb.png"), &bytes).unwrap_err();
        assert!(
            matches!(
                err,
                ImageError::TooManyPixels {
                    width: 10_000,
                    height: 10_000,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn a_logo_larger_than_any_output_draws_it_is_shrunk_keeping_its_shape() {
        let (max_w, max_h) = logo_max_pixels();
        assert_eq!((max_w, max_h), (3779, 1181));
        assert_eq!(kept_size(480, 200), (480, 200));
        assert_eq!(kept_size(8000, 5000), (1890, 1181));
        assert_eq!(kept_size(12_000, 1000), (3779, 315));
        // A wide PNG, shrunk as it is read: its size, its colour, and a
        // transparent border that does not darken it.
        let img = image::RgbaImage::from_fn(6400, 400, |x, _| {
            if x < 3200 {
                image::Rgba([200, 40, 40, 255])
            } else {
                image::Rgba([0, 0, 0, 0])
            }
        });
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        let logo = decode(Path::new("wide.png"), &bytes).unwrap();
        assert_eq!((logo.width, logo.height), kept_size(6400, 400));
        assert_eq!(logo.rgba.len(), (logo.width * logo.height * 4) as usize);
        assert_eq!(&logo.rgba[..4], &[200, 40, 40, 255]);
        assert!(!logo.opaque);
        // The same as a JPEG.
        let rgb = image::DynamicImage::ImageRgba8(img).to_rgb8();
        let mut jpeg = Vec::new();
        rgb.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        let logo = decode(Path::new("wide.jpg"), &jpeg).unwrap();
        assert_eq!((logo.width, logo.height), kept_size(6400, 400));
        assert!(logo.opaque);
    }

    /// CRC-32 as PNG uses it (ISO 3309).
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}

/// A site's logo. It is decoded (and so checked) when the site is read,
/// then its pixels are let go; they are decoded again while the site's
/// outputs are made. A batch of two hundred sites so holds the pixels of
/// the logos being built, not of every logo, and each at most
/// [`logo_max_pixels`] (17.9 MB), whatever the file.
#[derive(Debug)]
pub struct Logo {
    path: PathBuf,
    decoded: std::sync::Mutex<std::sync::Weak<Image>>,
}

impl Logo {
    /// The logo in the file at `path`, checked already: decoded on first
    /// use.
    pub fn new(path: PathBuf) -> Logo {
        Logo {
            path,
            decoded: Default::default(),
        }
    }

    /// The file the logo is read from.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The decoded logo: shared while anyone holds it, decoded again after.
    pub fn image(&self) -> Result<std::sync::Arc<Image>, ImageError> {
        let mut weak = self.decoded.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(image) = weak.upgrade() {
            return Ok(image);
        }
        let image = std::sync::Arc::new(load(&self.path)?);
        *weak = std::sync::Arc::downgrade(&image);
        Ok(image)
    }
}
