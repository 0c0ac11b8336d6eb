//! QR codes as vector squares: sharp at any size and in any renderer, with
//! the quiet zone scanners need.

use qrcode::{Color as Module, EcLevel, QrCode};

use super::document::{Frame, Path, PathOp, Shape};
use crate::colour::Colour;
use crate::units::{Point, Pt, Rect, Size};

/// Modules of empty space a scanner needs around the code.
pub const QUIET_ZONE: usize = 4;

/// Why data could not be encoded.
#[derive(Debug, thiserror::Error)]
#[error("cannot make a QR code of {0:?}: it is too long")]
pub struct QrError(pub String);

/// A QR code of `data`, `size` wide and high including its quiet zone,
/// dark modules in `ink` on a square of `paper`.
pub fn qr(data: &str, size: Pt, ink: Colour, paper: Colour) -> Result<Frame, QrError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|_| QrError(data.to_string()))?;
    let n = code.width();
    let modules = code.to_colors();
    let cell = size / (n + QUIET_ZONE * 2) as f32;
    let mut frame = Frame::new(Size::new(size, size));
    frame.shape(Shape::filled(
        Path::rect(Rect::new(Pt::ZERO, Pt::ZERO, size, size)),
        paper,
    ));
    // One rectangle per horizontal run of dark modules keeps the path small.
    let mut ops = Vec::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if modules[y * n + x] != Module::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && modules[y * n + x] == Module::Dark {
                x += 1;
            }
            let r = Rect::new(
                cell * (start + QUIET_ZONE) as f32,
                cell * (y + QUIET_ZONE) as f32,
                cell * (x - start) as f32,
                cell,
            );
            ops.extend([
                PathOp::Move(Point::new(r.x, r.y)),
                PathOp::Line(Point::new(r.right(), r.y)),
                PathOp::Line(Point::new(r.right(), r.bottom())),
                PathOp::Line(Point::new(r.x, r.bottom())),
                PathOp::Close,
            ]);
        }
    }
    frame.shape(Shape::filled(Path { ops }, ink));
    Ok(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_makes_a_square_code_with_a_quiet_zone() {
        let f = qr(
            "https://example.org/e2ee",
            Pt::mm(25.0),
            Colour::BLACK,
            Colour::WHITE,
        )
        .unwrap();
        assert_eq!(f.size.width, Pt::mm(25.0));
        assert_eq!(f.items.len(), 2);
        let crate::layout::Item::Shape(dark) = &f.items[1] else {
            panic!("a shape")
        };
        // Nothing dark in the quiet zone.
        let cell = Pt::mm(25.0) / (25 + 8) as f32;
        for op in &dark.path.ops {
            if let PathOp::Move(p) = op {
                assert!(p.x >= cell * 4.0 - Pt(0.01) && p.y >= cell * 4.0 - Pt(0.01));
            }
        }
    }

    #[test]
    fn data_too_long_is_an_error_not_a_panic() {
        assert!(qr(&"x".repeat(5000), Pt(72.0), Colour::BLACK, Colour::WHITE).is_err());
    }
}
