//! The poster: one portrait sheet for a wall. A band in the theme colour with
//! the headline, the key points as large numbered lines, the call to action,
//! and at the foot a tinted zone with the helplines in boxes, the emergency
//! line apart, and the reviewed date and sources in small type.
//!
//! Everything is designed at A4 and scaled by the paper's width; then one
//! factor shrinks all type together, down to the style's minimum, until the
//! whole poster fits.

use crate::layout::fit;
use crate::layout::{Document, Frame, Item, Page, Path, Shape, TextStyle};
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::parts::{self, HeaderType, HelplineType};
use super::{Context, Format, FormatError, Paper};

/// Key points' size on A4 at full scale.
const KEY_POINT_PT: f32 = 20.0;
/// Posters set their body text this much above the style's A4 minimum.
const POSTER_OVER_BODY: f32 = 1.17;

/// Lays out the poster.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let page = ctx.paper.size();
    let k = page.width / Paper::A4.size().width;
    let min_scale = (ctx.typo.body_min.0 * POSTER_OVER_BODY / KEY_POINT_PT).min(1.0);
    let (_, layout) =
        fit::largest(min_scale, 1.0, |s| attempt(ctx, page, s * k, k)).map_err(|overflow| {
            ctx.does_not_fit(
                Format::Poster,
                "the poster's headline, key points and helplines",
                overflow,
            )
        })?;
    let mut p = Page::new(page, ctx.bleed);
    p.items = layout;
    Ok(Document {
        meta: ctx.metadata(Format::Poster),
        fonts: ctx.fonts.clone(),
        pages: vec![p],
    })
}

/// Lays the poster out with type scaled by `s` (paper included); the items,
/// or how much height is missing.
fn attempt(ctx: &Context, page: Size, s: f32, k: f32) -> Result<Vec<Item>, Pt> {
    let p = &ctx.palette;
    let a = &ctx.audience.spec.audience;
    let margin = Pt::mm(15.0) * k;
    let w = page.width - margin * 2.0;
    let pt = |x: f32| Pt(x * s);
    let small = Pt(8.5 * k).max(ctx.typo.small_min);

    // The band.
    let header = parts::header(
        ctx,
        w,
        &HeaderType {
            tag: pt(13.0),
            headline: pt(50.0),
            strapline: pt(21.0),
        },
    );
    let band_h = margin + header.height() + margin * 0.8;
    let stripe = Pt::mm(1.5) * k;

    // The middle: key points and the call to action.
    let kp_style = TextStyle::new(pt(KEY_POINT_PT), 1.28, p.ink);
    let points: Vec<&str> = a
        .key_points
        .get_ref()
        .iter()
        .map(|t| t.get_ref().trim())
        .collect();
    let key_points = parts::numbered_points(ctx, &points, w, &kp_style, pt(KEY_POINT_PT) * 0.7);
    let cta = crate::pack::model::given(&a.call_to_action)
        .map(|text| call_to_action(ctx, text, w, pt(21.0)));
    let cta_gap = pt(KEY_POINT_PT) * 1.2;
    let middle_h = key_points.height() + cta.as_ref().map_or(Pt::ZERO, |c| cta_gap + c.height());

    // The help zone.
    let zone = help_zone(ctx, w, s, small, margin);
    let zone_h = zone.height();

    let min_gap = pt(KEY_POINT_PT) * 1.1;
    let needed = band_h + stripe + min_gap * 2.0 + middle_h + zone_h;
    if needed > page.height {
        return Err(needed - page.height);
    }

    let mut items = Vec::new();
    let bleed = ctx.bleed;
    let full = |y: Pt, h: Pt| Rect::new(-bleed, y, page.width + bleed * 2.0, h);
    if p.paper != crate::colour::Colour::WHITE {
        items.push(Item::Shape(Shape::filled(
            Path::rect(full(-bleed, page.height + bleed * 2.0)),
            p.paper,
        )));
    }
    items.push(Item::Shape(Shape::filled(
        Path::rect(full(-bleed, band_h + bleed)),
        p.primary,
    )));
    items.push(Item::Shape(Shape::filled(
        Path::rect(full(band_h, stripe)),
        p.accent,
    )));
    let zone_top = page.height - zone_h;
    items.push(Item::Shape(Shape::filled(
        Path::rect(full(zone_top, zone_h + bleed)),
        p.tint,
    )));
    items.extend(place(header, Point::new(margin, margin)));

    // The middle sits centred in the space between band and zone.
    let free_top = band_h + stripe;
    let top = free_top + (zone_top - free_top - middle_h) / 2.0;
    let kp_h = key_points.height();
    items.extend(place(key_points, Point::new(margin, top)));
    if let Some(c) = cta {
        items.extend(place(c, Point::new(margin, top + kp_h + cta_gap)));
    }
    items.extend(place(zone, Point::new(margin, zone_top)));
    Ok(items)
}

fn place(f: Frame, at: Point) -> impl Iterator<Item = Item> {
    f.items.into_iter().map(move |i| i.translated(at.x, at.y))
}

/// The call to action: bold, in the primary colour, with an accent rule.
fn call_to_action(ctx: &Context, text: &str, width: Pt, size: Pt) -> Frame {
    let rule = size * 0.28;
    let indent = rule + size * 0.7;
    let style = TextStyle::new(size, 1.25, ctx.palette.primary);
    let block = ctx.ts.text(text, Weight::Bold, &style, width - indent);
    let h = block.height();
    let mut f = Frame::new(Size::new(width, h));
    f.shape(Shape::filled(
        Path::rounded_rect(Rect::new(Pt::ZERO, Pt::ZERO, rule, h), rule / 2.0),
        ctx.palette.accent,
    ));
    f.place(Point::new(indent, Pt::ZERO), block.into_frame());
    f
}

/// The tinted zone at the foot: helplines, emergency line, reviewed date and
/// sources. Its content starts `margin * 0.6` below its top and ends a
/// margin above the page's foot.
fn help_zone(ctx: &Context, w: Pt, s: f32, small: Pt, margin: Pt) -> Frame {
    let p = &ctx.palette;
    let pt = |x: f32| Pt(x * s);
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = margin * 0.6;

    let heading = ctx.ts.text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(pt(22.0), 1.15, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading.into_frame());
    y += hh + pt(6.0);

    if !others.is_empty() {
        let t = HelplineType {
            name: pt(14.0),
            number: pt(26.0),
            detail: pt(11.5).max(small),
            small: pt(10.5).max(small),
            leading: 1.3,
        };
        // Three across when that keeps numbers large; otherwise two.
        let columns = if others.len() % 3 == 0 || others.len() > 4 {
            3
        } else {
            2
        };
        let grid = parts::helpline_grid(ctx, &others, w, columns, &t, p.paper, pt(8.0));
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    for h in emergency {
        y += pt(8.0);
        let bar = parts::emergency_bar(ctx, h, w, pt(18.0), pt(34.0), pt(12.0).max(small));
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }

    let mut foot = vec![crate::text::StyledText::new(
        format!("{}. ", parts::reviewed_line(ctx)),
        Weight::Bold,
    )];
    foot.extend(parts::sources_text(ctx));
    let block = ctx.ts.set(
        &ctx.ts.prepare(&foot),
        &TextStyle::new(small, 1.3, p.ink),
        w,
    );
    y += pt(10.0);
    let bh = block.height();
    f.place(Point::new(Pt::ZERO, y), block.into_frame());
    y += bh + margin;
    f.size.height = y;
    f
}
