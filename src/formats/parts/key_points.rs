//! Key points: numbered lines, each after a numbered circle.

use crate::colour::Colour;
use crate::layout::{Align, Frame, Item, Path, Role, Shape, TextStyle};
use crate::text::Weight;
use crate::units::{Point, Pt, Size};

use crate::formats::Context;

/// The radius of a numbered circle beside text of `size`, `k` times the
/// size, but large enough that its digits are never under the style's
/// smallest type.
pub fn marker_radius(ctx: &Context, size: Pt, k: f32) -> Pt {
    (size * k).max(ctx.typo.small_min / 1.15)
}

/// A filled circle with a number in it, centred on `centre`.
pub fn number_marker(
    ctx: &Context,
    n: usize,
    centre: Point,
    radius: Pt,
    fill: Colour,
    ink: Colour,
) -> Vec<Item> {
    let size = radius * 1.15;
    let style = TextStyle::new(size, 1.0, ink).aligned(Align::Centre);
    let block = ctx.ts().line(&n.to_string(), Weight::Bold, &style);
    // Centre the digits' cap height (digits are cap-high) on the circle.
    let x = centre.x - block.max_line_width() / 2.0;
    let y = centre.y + block.cap_height / 2.0 - block.first_baseline;
    let mut items = vec![Item::Shape(Shape::filled(
        Path::circle(centre, radius),
        fill,
    ))];
    items.extend(
        block
            .into_frame()
            .items
            .into_iter()
            .map(|i| i.translated(x, y)),
    );
    items
}

/// A list of points, each after a numbered circle; returns the frame.
pub fn numbered_points(
    ctx: &Context,
    points: &[&str],
    width: Pt,
    style: &TextStyle,
    gap: Pt,
) -> Frame {
    numbered_points_from(ctx, points, 1, width, style, gap)
}

/// As [`numbered_points`], numbering from `first` (the rest of a list
/// whose first points stand elsewhere).
pub fn numbered_points_from(
    ctx: &Context,
    points: &[&str],
    first: usize,
    width: Pt,
    style: &TextStyle,
    gap: Pt,
) -> Frame {
    let radius = marker_radius(ctx, style.size, 0.78);
    let indent = radius * 2.0 + style.size * 0.6;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;
    // A list of items, each its number (Lbl) and its text (LBody).
    ctx.tags.group(Role::L, |_| {
        for (i, point) in points.iter().enumerate() {
            if i > 0 {
                y += gap;
            }
            let block = ctx.ts().text(point, Weight::Regular, style, width - indent);
            let centre = Point::new(radius, y + block.first_baseline - block.cap_height / 2.0);
            let h = block.height().max(radius * 2.0);
            ctx.tags.group(Role::LI, |_| {
                let mut marker = Frame::new(Size::new(width, Pt::ZERO));
                marker.items = number_marker(
                    ctx,
                    i + first,
                    centre,
                    radius,
                    ctx.palette.accent,
                    ctx.palette.on_accent,
                );
                f.items
                    .extend(marker.tagged(ctx.tags.node(Role::Lbl)).items);
                f.place(
                    Point::new(indent, y),
                    block.into_frame().tagged(ctx.tags.node(Role::LBody)),
                );
            });
            y += h;
        }
    });
    f.size.height = y;
    f
}

/// One point of a list, after its numbered circle `n`, `width` wide: an
/// item (LI) of the list that is the current parent, its number (Lbl) and
/// its words (LBody). A list whose points are placed one by one (a
/// bilingual edition pairs each with its translation) is made of these.
pub fn numbered_point(ctx: &Context, n: usize, point: &str, width: Pt, style: &TextStyle) -> Frame {
    let radius = marker_radius(ctx, style.size, 0.78);
    let indent = radius * 2.0 + style.size * 0.6;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let block = ctx.ts().text(point, Weight::Regular, style, width - indent);
    let centre = Point::new(radius, block.first_baseline - block.cap_height / 2.0);
    let h = block.height().max(radius * 2.0);
    ctx.tags.group(Role::LI, |_| {
        let mut marker = Frame::new(Size::new(width, Pt::ZERO));
        marker.items = number_marker(
            ctx,
            n,
            centre,
            radius,
            ctx.palette.accent,
            ctx.palette.on_accent,
        );
        f.items
            .extend(marker.tagged(ctx.tags.node(Role::Lbl)).items);
        f.place(
            Point::new(indent, Pt::ZERO),
            block.into_frame().tagged(ctx.tags.node(Role::LBody)),
        );
    });
    f.size.height = h;
    f
}
