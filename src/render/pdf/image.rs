//! Images as PDF image XObjects (the logo, the QR code), packed and
//! cached across a batch.

use pdf_writer::{Filter, Name, Ref};

use super::compress::{deflate, Cache};
use super::object::{int, Pdf};
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
    let (width, height) = (
        int(image.width, "an image's width")?,
        int(image.height, "an image's height")?,
    );
    let r = pdf.alloc()?;
    let mask = match &packed.alpha {
        Some(alpha) => {
            let m = pdf.alloc()?;
            pdf.stream(m, alpha)?
                .image_xobject(m, alpha)
                .width(width)
                .height(height)
                .color_space_name(Name(b"DeviceGray"))
                .bits_per_component(8)
                .filter(Filter::FlateDecode);
            Some(m)
        }
        None => None,
    };
    let mut x = pdf.stream(r, &packed.rgb)?.image_xobject(r, &packed.rgb);
    x.width(width)
        .height(height)
        .color_space_name(Name(b"DeviceRGB"))
        .bits_per_component(8)
        .filter(Filter::FlateDecode);
    if let Some(m) = mask {
        x.s_mask(m);
    }
    Ok(r)
}
