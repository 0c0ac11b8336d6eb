//! Printer's marks: crop marks where a sheet is cut, fold marks where it is
//! folded. They are drawn outside what is cut (in the slug around the bleed,
//! or in a sheet's margin), thin and black, as print shops expect.

use crate::colour::Colour;
use crate::layout::{Item, Page, Path, Shape};
use crate::units::{Point, Pt, Rect};

/// Room for marks outside the bleed, when marks are drawn.
pub const SLUG_MM: f32 = 8.0;
/// Length of a crop or fold mark.
const MARK_MM: f32 = 5.0;
/// Gap between the cut line's end and the start of its mark when there is
/// no bleed to keep clear.
const GAP_MM: f32 = 2.0;
/// Mark stroke width: a hairline that still prints.
const STROKE_PT: f32 = 0.25;

fn mark(a: Point, b: Point) -> Item {
    Item::Shape(Shape::stroked(
        Path::line(a, b),
        Colour::BLACK,
        Pt(STROKE_PT),
    ))
}

/// Crop marks at the four corners of the page's trim, in the slug: each
/// starts just outside the bleed, so it never prints on the finished page.
pub fn trim_marks(page: &mut Page) {
    if page.slug <= Pt::ZERO {
        return;
    }
    let start = page.bleed.max(Pt::mm(GAP_MM));
    let trim = page.trim();
    page.items.extend(corner_marks(
        trim,
        start,
        Pt::mm(MARK_MM).min(page.slug + page.bleed - start),
    ));
}

/// Marks at the four corners of `r`, each along the extension of an edge,
/// from `start` to `start + len` away from the corner, pointing outwards.
pub fn corner_marks(r: Rect, start: Pt, len: Pt) -> Vec<Item> {
    let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
    let p = Point::new;
    let mut items = Vec::with_capacity(8);
    for (x, dx) in [(x0, -1.0), (x1, 1.0)] {
        for (y, dy) in [(y0, -1.0), (y1, 1.0)] {
            // Horizontal mark on the line y, out beyond x.
            items.push(mark(p(x + start * dx, y), p(x + (start + len) * dx, y)));
            // Vertical mark on the line x, out beyond y.
            items.push(mark(p(x, y + start * dy), p(x, y + (start + len) * dy)));
        }
    }
    items
}

/// A fold mark at `x` across the page: in the slug above and below the
/// bleed when there is one, else short ticks at the top and bottom edges.
pub fn fold_mark_vertical(page: &mut Page, x: Pt) {
    let h = page.size.height;
    let p = Point::new;
    let (a0, a1, b0, b1) = if page.slug > Pt::ZERO {
        let s = page.bleed.max(Pt::mm(GAP_MM));
        let len = Pt::mm(MARK_MM).min(page.slug + page.bleed - s);
        (-s, -s - len, h + s, h + s + len)
    } else {
        // Inside the unprintable margin: most office printers drop it, and
        // where they do print it, it sits at the very edge of the fold.
        (Pt::ZERO, Pt::mm(3.0), h, h - Pt::mm(3.0))
    };
    page.items.push(mark(p(x, a0), p(x, a1)));
    page.items.push(mark(p(x, b0), p(x, b1)));
}
