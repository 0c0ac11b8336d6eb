//! Lengths and geometry. Everything inside packpress is in points (1/72 inch);
//! millimetres appear only at the edges (paper sizes, margins in the CLI).

use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// A length in points (1/72 inch).
#[derive(Copy, Clone, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Pt {
    /// Zero length.
    pub const ZERO: Pt = Pt(0.0);

    /// A length given in millimetres.
    pub fn mm(mm: f32) -> Pt {
        Pt(mm * PT_PER_MM)
    }

    /// This length in millimetres.
    pub fn to_mm(self) -> f32 {
        self.0 / PT_PER_MM
    }

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, k: f32) -> Pt {
        Pt(self.0 * k)
    }
}

impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, k: f32) -> Pt {
        Pt(self.0 / k)
    }
}

/// The ratio of two lengths.
impl Div for Pt {
    type Output = f32;
    fn div(self, o: Pt) -> f32 {
        self.0 / o.0
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}

impl Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        iter.fold(Pt::ZERO, Add::add)
    }
}

/// A point on a page: x to the right, y downwards, from the top-left corner
/// of the trimmed page.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Point {
    /// Distance from the left edge.
    pub x: Pt,
    /// Distance from the top edge.
    pub y: Pt,
}

impl Point {
    /// A point from its coordinates.
    pub fn new(x: Pt, y: Pt) -> Point {
        Point { x, y }
    }

    /// This point moved by `dx`, `dy`.
    pub fn offset(self, dx: Pt, dy: Pt) -> Point {
        Point::new(self.x + dx, self.y + dy)
    }
}

/// A width and a height.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Size {
    /// Horizontal extent.
    pub width: Pt,
    /// Vertical extent.
    pub height: Pt,
}

impl Size {
    /// A size from its width and height.
    pub fn new(width: Pt, height: Pt) -> Size {
        Size { width, height }
    }
}

/// An axis-aligned rectangle: top-left corner and size.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub fn new(x: Pt, y: Pt, width: Pt, height: Pt) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    /// Right edge.
    pub fn right(&self) -> Pt {
        self.x + self.width
    }

    /// Bottom edge.
    pub fn bottom(&self) -> Pt {
        self.y + self.height
    }

    /// This rectangle shrunk by `d` on every side.
    pub fn inset(&self, d: Pt) -> Rect {
        Rect::new(
            self.x + d,
            self.y + d,
            self.width - d * 2.0,
            self.height - d * 2.0,
        )
    }

    /// The top-left corner.
    pub fn origin(&self) -> Point {
        Point::new(self.x, self.y)
    }

    /// Splits off the top `h`, returning (top, rest).
    pub fn split_top(&self, h: Pt) -> (Rect, Rect) {
        (
            Rect::new(self.x, self.y, self.width, h),
            Rect::new(self.x, self.y + h, self.width, self.height - h),
        )
    }

    /// Splits off the bottom `h`, returning (rest, bottom).
    pub fn split_bottom(&self, h: Pt) -> (Rect, Rect) {
        (
            Rect::new(self.x, self.y, self.width, self.height - h),
            Rect::new(self.x, self.bottom() - h, self.width, h),
        )
    }

    /// Divides the width into `n` equal columns separated by `gap`.
    pub fn columns(&self, n: usize, gap: Pt) -> Vec<Rect> {
        let n = n.max(1);
        let w = (self.width - gap * (n as f32 - 1.0)) / n as f32;
        (0..n)
            .map(|i| Rect::new(self.x + (w + gap) * i as f32, self.y, w, self.height))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_width_in_points() {
        assert!((Pt::mm(210.0).0 - 595.2756).abs() < 1e-3);
        assert!((Pt(72.0).to_mm() - 25.4).abs() < 1e-4);
    }

    #[test]
    fn columns_fill_the_width() {
        let r = Rect::new(Pt(10.0), Pt(0.0), Pt(210.0), Pt(100.0));
        let cols = r.columns(2, Pt(10.0));
        assert_eq!(cols[0].width, Pt(100.0));
        assert_eq!(cols[1].x, Pt(120.0));
        assert_eq!(cols[1].right(), r.right());
    }
}
