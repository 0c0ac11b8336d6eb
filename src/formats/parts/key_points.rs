//! Key points: numbered lines, each after a numbered circle.

use crate::colour::Colour;
use crate::layout::{Align, Frame, Item, Path, Role, Shape, Tags, TextStyle};
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Size};

use crate::formats::{Context, Languages};
use crate::layout::NodeId;

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
    let style = TextStyle::new(TypeRole::Marker, size, 1.0, ink).aligned(Align::Centre);
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
    tags: &mut Tags,
    points: &[&str],
    width: Pt,
    style: &TextStyle,
    gap: Pt,
) -> Frame {
    numbered_points_from(ctx, tags, points, 1, width, style, gap)
}

/// As [`numbered_points`], numbering from `first` (the rest of a list
/// whose first points stand elsewhere).
pub fn numbered_points_from(
    ctx: &Context,
    tags: &mut Tags,
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
    ctx.group(tags, Role::L, |tags, _| {
        for (i, point) in points.iter().enumerate() {
            if i > 0 {
                y += gap;
            }
            let block = ctx.ts().text(point, Weight::Regular, style, width - indent);
            let centre = Point::new(radius, y + block.first_baseline - block.cap_height / 2.0);
            let h = block.height().max(radius * 2.0);
            ctx.group(tags, Role::LI, |tags, _| {
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
                    .extend(marker.tagged(ctx.tag(tags, Role::Lbl)).items);
                f.place(
                    Point::new(indent, y),
                    block.into_frame().tagged(ctx.tag(tags, Role::LBody)),
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
pub fn numbered_point(
    ctx: &Context,
    tags: &mut Tags,
    n: usize,
    point: &str,
    width: Pt,
    style: &TextStyle,
) -> Frame {
    let radius = marker_radius(ctx, style.size, 0.78);
    let indent = radius * 2.0 + style.size * 0.6;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let block = ctx.ts().text(point, Weight::Regular, style, width - indent);
    let centre = Point::new(radius, block.first_baseline - block.cap_height / 2.0);
    let h = block.height().max(radius * 2.0);
    ctx.group(tags, Role::LI, |tags, _| {
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
            .extend(marker.tagged(ctx.tag(tags, Role::Lbl)).items);
        f.place(
            Point::new(indent, Pt::ZERO),
            block.into_frame().tagged(ctx.tag(tags, Role::LBody)),
        );
    });
    f.size.height = h;
    f
}

/// Every language's key points side by side, paired row by row (a
/// bilingual edition), or one language's list: language `i`'s list in
/// the column `columns[i]` (its x and width), each row as tall as its
/// tallest point and `gap` below the one before, numbered from `first`.
/// Each language's list (L) is tagged under `parts[i]`. Returns the frame
/// and how tall each language's own list would be alone.
#[allow(clippy::too_many_arguments)]
pub fn numbered_rows(
    langs: &Languages,
    tags: &mut Tags,
    lists: &[Vec<&str>],
    first: usize,
    columns: &[(Pt, Pt)],
    style: &TextStyle,
    gap: Pt,
    parts: &[NodeId],
) -> (Frame, Vec<Pt>) {
    let width = columns.last().map_or(Pt::ZERO, |(x, w)| *x + *w);
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let nodes: Vec<NodeId> = langs
        .iter()
        .zip(parts)
        .map(|(c, &part)| tags.within(part, |tags| c.tag(tags, Role::L)))
        .collect();
    let rows = lists.iter().map(Vec::len).max().unwrap_or(0);
    let mut own = vec![Pt::ZERO; lists.len()];
    let mut y = Pt::ZERO;
    for r in 0..rows {
        if r > 0 {
            y += gap;
        }
        let mut h = Pt::ZERO;
        for (i, c) in langs.iter().enumerate() {
            let (Some(point), Some(&(x, w)), Some(&list)) = (
                lists.get(i).and_then(|l| l.get(r)),
                columns.get(i),
                nodes.get(i),
            ) else {
                continue;
            };
            let frame = tags.within(list, |tags| {
                numbered_point(c, tags, first + r, point, w, style)
            });
            h = h.max(frame.height());
            own[i] += frame.height() + if r > 0 { gap } else { Pt::ZERO };
            f.place(Point::new(x, y), langs.place(i, frame));
        }
        y += h;
    }
    f.size.height = y;
    (f, own)
}
