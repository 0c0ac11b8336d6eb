//! The poster: one portrait sheet for a wall. A band in the theme colour with
//! the headline, the key points as large numbered lines, the call to action,
//! and at the foot a tinted zone with the helplines in boxes, the emergency
//! line apart, and the reviewed date and sources in small type.
//!
//! Everything is designed at A4 and scaled by the paper's width; then one
//! factor shrinks all type together, down to the style's minimum, until the
//! whole poster fits.

use crate::colour::Colour;
use crate::layout::{Document, Frame, Page, Path, Shape, TextStyle};
use crate::style::ReadingStyle;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::parts::{self, Economy, HeaderType, HelplineType, Scaled};
use super::{marks, Context, Format, FormatError, Paper};

/// Key points' size on A4 at full scale.
const KEY_POINT_PT: f32 = 20.0;
/// Posters set their key points at least this much above the style's A4
/// minimum for body text.
const POSTER_OVER_BODY: f32 = 1.17;
/// The smallest scale tried; each element stops shrinking at its own floor
/// long before this.
const MIN_SCALE: f32 = 0.4;

/// Lays out the poster.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let page = ctx.paper.size();
    // Type scales with the paper, by whichever side is relatively shorter:
    // letter is wider than A4 but not as tall.
    let a4 = Paper::A4.size();
    let k = (page.width / a4.width).min(page.height / a4.height);
    // Everything at the largest size that fits; short of room, detail goes
    // step by step (see parts::Economy), down to one helpline boxed (the
    // rest still printed, in brief);
    // then, last, the key points from the end, never fewer than three.
    let helplines = ctx.helplines().0.len();
    let points = ctx.audience.spec.audience.key_points.get_ref().len();
    // Then, the very last thing to go, the strapline.
    let mut result = Err(Pt::ZERO);
    let tries = (points.min(3)..=points)
        .rev()
        .map(|shown| (shown, true))
        .chain(std::iter::once((points.min(3), false)));
    for (shown, strapline) in tries {
        let layout = Layout {
            points: shown,
            strapline,
        };
        result = parts::fit_economically(helplines, 1, MIN_SCALE, |s, economy| {
            attempt(ctx, page, &Scaled::new(ctx, s, k), k, economy, layout)
        })
        .map(|p| (p, layout));
        if result.is_ok() {
            break;
        }
    }
    let (page, layout) = result.map_err(|overflow| {
        ctx.does_not_fit(
            Format::Poster,
            "the poster's headline, key points and helplines",
            overflow,
        )
    })?;
    let mut doc = ctx.document(Format::Poster, vec![page]);
    let shown = layout.points;
    if !layout.strapline
        && crate::pack::model::given(&ctx.audience.spec.audience.strapline).is_some()
    {
        doc.notes.push(format!(
            "{} leaves out the strapline to keep its type at the {} style's sizes",
            ctx.describe(Format::Poster),
            ctx.style
        ));
    }
    if shown < points {
        let left: Vec<String> = (shown + 1..=points).map(|n| n.to_string()).collect();
        doc.notes.push(format!(
            "{} leaves out key point{} {} to keep its type at the {} style's sizes",
            ctx.describe(Format::Poster),
            if left.len() > 1 { "s" } else { "" },
            left.join(" and "),
            ctx.style
        ));
    }
    Ok(doc)
}

/// Lays the poster out with type scaled by `s` (paper included); the items,
/// or how much height is missing.
/// What of the audience's own text a poster shows.
#[derive(Copy, Clone, Debug)]
struct Layout {
    /// How many key points, from the first.
    points: usize,
    /// Whether the strapline is shown.
    strapline: bool,
}

fn attempt(
    ctx: &Context,
    page: Size,
    z: &Scaled,
    k: f32,
    economy: Economy,
    layout: Layout,
) -> Result<Page, Pt> {
    let p = &ctx.palette;
    let a = &ctx.audience.spec.audience;
    // Large print needs every millimetre; 12 mm still clears the 10 mm
    // that office printers cannot print.
    let margin = Pt::mm(if ctx.style == ReadingStyle::LargePrint {
        12.0
    } else {
        15.0
    }) * k;
    let w = page.width - margin * 2.0;
    let small = Pt(8.5 * k).max(ctx.typo.small_min);
    let body = z.text(KEY_POINT_PT, 12.0 * POSTER_OVER_BODY);

    // The band.
    let header = parts::header(
        ctx,
        w,
        &HeaderType {
            tag: z.text(13.0, 10.0),
            headline: z.text(50.0, 24.0),
            strapline: z.text(21.0, 14.0),
            show_strapline: layout.strapline,
        },
    );
    let band_h = margin + header.height() + margin * 0.8;
    let stripe = Pt::mm(1.5) * k;

    // The middle: key points and the call to action.
    let kp_style = TextStyle::new(body, 1.28, p.ink);
    let points: Vec<&str> = a
        .key_points
        .get_ref()
        .iter()
        .map(|t| t.get_ref().trim())
        .take(layout.points)
        .collect();
    let key_points = parts::numbered_points(ctx, &points, w, &kp_style, z.gap(KEY_POINT_PT * 0.7));
    let cta = crate::pack::model::given(&a.call_to_action)
        .map(|text| call_to_action(ctx, text, w, z.text(21.0, 15.0)));
    let cta_gap = z.gap(KEY_POINT_PT * 1.2);
    let middle_h = key_points.height() + cta.as_ref().map_or(Pt::ZERO, |c| cta_gap + c.height());

    // The help zone.
    let zone = help_zone(ctx, w, z, small, margin, economy);
    let zone_h = zone.height();

    let min_gap = z.gap(KEY_POINT_PT * 0.9);
    let needed = band_h + stripe + min_gap * 2.0 + middle_h + zone_h;
    if needed > page.height {
        return Err(needed - page.height);
    }

    let mut out = ctx.page(page);
    out.paint_paper(p.paper);
    let bleed = ctx.bleed;
    out.fill(out.band(-bleed, band_h + bleed), p.primary);
    out.fill(out.band(band_h, stripe), p.accent);
    let zone_top = page.height - zone_h;
    out.fill(out.band(zone_top, zone_h + bleed), p.tint);
    out.place(Point::new(margin, margin), header.items);

    // The middle sits centred in the space between band and zone.
    let free_top = band_h + stripe;
    let top = free_top + (zone_top - free_top - middle_h) / 2.0;
    let kp_h = key_points.height();
    out.place(Point::new(margin, top), key_points.items);
    if let Some(c) = cta {
        out.place(Point::new(margin, top + kp_h + cta_gap), c.items);
    }
    out.place(Point::new(margin, zone_top), zone.items);
    marks::trim_marks(&mut out);
    Ok(out)
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
fn help_zone(ctx: &Context, w: Pt, z: &Scaled, small: Pt, margin: Pt, economy: Economy) -> Frame {
    let p = &ctx.palette;
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = margin * 0.6;

    // A school's own people come first: they are who a reader asks first.
    let contact_type = HelplineType {
        name: z.text(14.0, 11.0),
        number: z.text(26.0, 16.0),
        detail: z.text(11.5, 10.0).max(small),
        small: z.text(10.5, 9.0).max(small),
        leading: 1.3,
        compact: false,
    };
    if let Some(talk) = parts::talk_to_us(ctx, w, 2, &contact_type, p.paper, z.gap(8.0)) {
        let th = talk.height();
        f.place(Point::new(Pt::ZERO, y), talk);
        y += th + z.gap(12.0);
    }

    let heading = ctx.ts.text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(z.text(22.0, 15.0), 1.15, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading.into_frame());
    y += hh + z.gap(6.0);

    if !others.is_empty() {
        let t = HelplineType {
            name: z.text(14.0, 11.0),
            number: z.text(26.0, 16.0),
            detail: z.text(11.5, 10.0).max(small),
            small: z.text(10.5, 9.0).max(small),
            leading: 1.3,
            compact: economy.compact,
        };
        // Three across when that keeps numbers large; otherwise two; fewer
        // when a number or address would not fit on one line.
        let boxed = economy.boxed.min(others.len());
        let preferred = if boxed % 3 == 0 || boxed > 4 { 3 } else { 2 };
        let columns = parts::columns_for(ctx, &others[..boxed], w, preferred, &t, z.gap(8.0));
        let grid = parts::helplines_block(
            ctx,
            &others,
            w,
            columns,
            &t,
            p.paper,
            z.gap(8.0),
            economy.boxed,
        );
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    for h in emergency {
        y += z.gap(8.0);
        let bar = parts::emergency_bar(
            ctx,
            h,
            w,
            z.text(18.0, 14.0),
            z.text(50.0, 28.0),
            z.text(12.0, 10.0).max(small),
        );
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }

    let mut foot = vec![crate::text::StyledText::new(
        format!("{}. ", parts::reviewed_line(ctx)),
        Weight::Bold,
    )];
    foot.extend(if economy.brief_sources {
        parts::sources_brief(ctx)
    } else {
        parts::sources_text(ctx)
    });
    // With a url, the QR code (24 mm on A4, never under 20) and its label
    // sit at the foot's right, the sources beside them.
    let k = z.paper;
    let qr = parts::qr_block(
        ctx,
        Pt::mm(24.0) * k,
        z.text(11.0, 9.0).max(small),
        Pt::mm(70.0) * k,
        p.ink,
        Colour::WHITE,
    );
    let text_w = qr.as_ref().map_or(w, |q| w - q.width() - Pt::mm(6.0) * k);
    let block = ctx.ts.set(
        &ctx.ts.prepare(&foot),
        &TextStyle::new(small, 1.3, p.ink),
        text_w,
    );
    y += z.gap(10.0);
    let mut bh = block.height();
    f.place(Point::new(Pt::ZERO, y), block.into_frame());
    if let Some(qr) = qr {
        bh = bh.max(qr.height());
        f.place(Point::new(w - qr.width(), y), qr);
    }
    y += bh + margin;
    f.size.height = y;
    f
}
