//! Images as PDF image XObjects (the logo, the QR code), packed and
//! cached across a batch.

use super::compress::{deflate, Cache};
use super::object::{Dict, Pdf, Ref};
use super::RenderError;

/// An image's colour and alpha, deflated once per process (keyed by the
/// image's content hash): a site's logo in every document of a batch is
/// compressed the first time only.
pub(super) struct Packed {
    pub(super) rgb: Vec<u8>,
    pub(super) alpha: Option<Vec<u8>>,
}

pub(super) static IMAGES: Cache<String, Packed> = Cache::new(16);

/// Writes an image XObject (with its alpha as an /SMask); returns it.
pub(super) fn write_image(pdf: &mut Pdf, image: &crate::images::Image) -> Result<Ref, RenderError> {
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

pub(super) fn image_dict(d: &mut Dict, image: &crate::images::Image, space: &str) {
    d.name("Type", "XObject")
        .name("Subtype", "Image")
        .int("Width", i64::from(image.width))
        .int("Height", i64::from(image.height))
        .name("ColorSpace", space)
        .int("BitsPerComponent", 8);
}
