//! Images users give (site logos): read with limits, checked, decoded.
//!
//! Only PNG and JPEG are accepted, judged by their content, not their name.
//! A file over 20 MB or over 40 megapixels is refused before it is decoded,
//! and the decoder's own allocation limit guards against files that claim
//! one size and expand to another.

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

/// Reads and decodes a PNG or JPEG file.
pub fn load(path: &Path) -> Result<Image, ImageError> {
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
    decode(path, &bytes)
}

/// Decodes PNG or JPEG bytes read from `path`.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Image, ImageError> {
    let damaged = |e: &dyn std::fmt::Display| ImageError::Damaged {
        path: path.to_path_buf(),
        why: e.to_string(),
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| damaged(&e))?;
    match reader.format() {
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
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| damaged(&e))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // Room for the decoded pixels and the RGBA copy, and no more.
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| damaged(&e))?;
    let rgba = decoded.to_rgba8().into_raw();
    let opaque = rgba.chunks_exact(4).all(|p| p[3] == 255);
    let digest = Sha256::digest(bytes);
    let id = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    Ok(Image {
        id,
        width,
        height,
        rgba,
        opaque,
    })
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
/// the logos being built, not of every logo (a 40-megapixel logo is
/// 160 MB decoded).
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
