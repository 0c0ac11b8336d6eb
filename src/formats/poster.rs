//! The poster: one portrait sheet for a wall. A band in the theme colour with
//! the headline, the key points as large numbered lines, the call to action,
//! and at the foot a tinted zone with the school's contacts, the helplines
//! in boxes, the emergency line apart, and the reviewed date and sources.
//!
//! Everything is designed at A4 and scaled by the paper; then one factor
//! shrinks all type together, down to the style's minimum, and the
//! give-way rule ([`super::fit`]) makes room past that. Every key point,
//! every helpline and every contact is always on the poster.
//!
//! In large print the headline, the helpline numbers and the emergency
//! number are never smaller than on the same poster in the standard style.

use crate::colour::Colour;
use crate::layout::{Document, Frame, Overflow, Page, Path, Shape, TextStyle};
use crate::style::ReadingStyle;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::fit::{self, GiveWay, Step};
use super::parts::{self, HeaderType, HelplineType, Scaled, QR_MIN_MM};
use super::{marks, Context, Format, FormatError, Paper};

/// Key points' size on A4 at full scale.
const KEY_POINT_PT: f32 = 20.0;
/// Posters set their key points at least this much above the style's A4
/// minimum for body text.
const POSTER_OVER_BODY: f32 = 1.17;
/// The smallest scale tried; each element stops shrinking at its own floor
/// long before this.
const MIN_SCALE: f32 = 0.4;

/// The sizes a poster printed its most important type at: what large print
/// may not go under.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Sizes {
    /// The headline.
    pub headline: Pt,
    /// The helplines' phone numbers.
    pub number: Pt,
    /// The emergency number.
    pub emergency: Pt,
}

/// Lays out the poster.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let floors = match ctx.style {
        // Large print is never smaller where it matters than the standard
        // poster of the same job.
        ReadingStyle::LargePrint => layout(&ctx.in_style(ReadingStyle::Standard), Sizes::default())
            .map(|f| f.value.1)
            .unwrap_or_default(),
        _ => Sizes::default(),
    };
    ctx.apply_style();
    let fitted = layout(ctx, floors).map_err(|o| {
        ctx.does_not_fit(
            Format::Poster,
            o.source.as_deref().unwrap_or("its content"),
            o.height,
        )
    })?;
    let notes = fitted.notes(&ctx.who(Format::Poster, None), |_| String::new());
    let mut doc = ctx.document(Format::Poster, vec![fitted.value.0]);
    doc.notes = notes;
    Ok(doc)
}

/// The poster at the largest type that fits, giving way by the rule.
fn layout(ctx: &Context, floors: Sizes) -> Result<fit::Fitted<(), (Page, Sizes)>, Overflow> {
    let page = ctx.paper.size();
    // Type scales with the paper, by whichever side is relatively shorter:
    // letter is wider than A4 but not as tall.
    let a4 = Paper::A4.size();
    let k = (page.width / a4.width).min(page.height / a4.height);
    fit::fit(
        &[()],
        Step::HELP_BRIEF_SOURCES,
        (MIN_SCALE, 1.0),
        |(), give_way, s| {
            let z = Scaled::new(ctx, s, k).giving_way(give_way);
            attempt(ctx, page, &z, give_way, floors)
        },
    )
}

/// Lays the poster out with type scaled by `z` (paper included); the page
/// and the sizes it used, or how much height is missing.
fn attempt(
    ctx: &Context,
    page: Size,
    z: &Scaled,
    give_way: GiveWay,
    floors: Sizes,
) -> Result<(Page, Sizes), Overflow> {
    let p = &ctx.palette;
    let a = &ctx.audience.spec.audience;
    let k = z.paper;
    // Large print needs every millimetre, and so does a poster that gives
    // way on decoration; 12 mm still clears the 10 mm that office printers
    // cannot print.
    let margin = Pt::mm(
        if ctx.style == ReadingStyle::LargePrint || give_way.has(Step::Decoration) {
            12.0
        } else {
            15.0
        },
    ) * k;
    let w = page.width - margin * 2.0;
    let small = Pt(8.5 * k).max(ctx.typo.small_min);
    // Large print's 16 pt body is already poster-sized for its readers.
    let over_body = if ctx.style == ReadingStyle::LargePrint {
        1.0
    } else {
        POSTER_OVER_BODY
    };
    let body = z.text(KEY_POINT_PT, 12.0 * over_body);

    // The band.
    let tag = z.text(13.0, 10.0);
    let headline = z.text(50.0, 24.0).max(floors.headline);
    let header = parts::header(
        ctx,
        w,
        &HeaderType {
            tag,
            headline,
            strapline: z.text(21.0, 14.0),
            logo: z.decoration(tag * 4.2 / k, Pt::mm(12.0)),
        },
    );
    let band_h = margin + header.height() + margin * 0.8 * z.decor;
    let stripe = Pt::mm(1.5) * k * z.decor;

    // The middle: key points and the call to action.
    let kp_style = TextStyle::new(body, 1.28, p.ink);
    let points: Vec<&str> = a
        .key_points
        .get_ref()
        .iter()
        .map(|t| t.get_ref().trim())
        .collect();
    let key_points = parts::numbered_points(ctx, &points, w, &kp_style, z.gap(KEY_POINT_PT * 0.7));
    let cta = crate::pack::model::given(&a.call_to_action)
        .map(|text| call_to_action(ctx, text, w, z.text(21.0, 15.0)));
    let cta_gap = z.gap(KEY_POINT_PT * 1.2);
    let middle_h = key_points.height() + cta.as_ref().map_or(Pt::ZERO, |c| cta_gap + c.height());

    // The help zone.
    let (zone, sizes) = help_zone(ctx, w, z, small, margin, give_way, floors);
    let zone_h = zone.height();

    let min_gap = z.gap(KEY_POINT_PT * 0.9);
    let needed = band_h + stripe + min_gap * 2.0 + middle_h + zone_h;
    if needed > page.height {
        return Err(Overflow {
            height: needed - page.height,
            source: Some("its headline, key points and helplines".into()),
        });
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
    Ok((out, Sizes { headline, ..sizes }))
}

/// The call to action: bold, in the primary colour, with an accent rule.
fn call_to_action(ctx: &Context, text: &str, width: Pt, size: Pt) -> Frame {
    let rule = size * 0.28;
    let indent = rule + size * 0.7;
    // Balanced: a call to action never ends on a word or two alone.
    let style = TextStyle::new(size, ctx.typo.leading.max(1.25), ctx.palette.primary).balanced();
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

/// The tinted zone at the foot: the school's contacts, helplines, emergency
/// line, reviewed date and sources. Its content starts `margin * 0.6` below
/// its top and ends a margin above the page's foot. Returns the zone and
/// the number sizes it used.
fn help_zone(
    ctx: &Context,
    w: Pt,
    z: &Scaled,
    small: Pt,
    margin: Pt,
    give_way: GiveWay,
    floors: Sizes,
) -> (Frame, Sizes) {
    let p = &ctx.palette;
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = margin * 0.6;
    let number = z.text(26.0, 16.0).max(floors.number);
    let t = HelplineType {
        name: z.text(14.0, 11.0),
        number,
        detail: z.text(11.5, 10.0).max(small),
        small: z.text(10.5, 9.0).max(small),
        leading: 1.3,
        level: give_way.helplines(),
    };

    // A school's own people come first: they are who a reader asks first.
    let contact_type = t;
    let heading_size = z.text(22.0, 15.0);
    if let Some(talk) = parts::talk_to_us(
        ctx,
        w,
        3,
        &contact_type,
        p.paper,
        z.gap(8.0),
        heading_size * 1.1,
    ) {
        let th = talk.height();
        f.place(Point::new(Pt::ZERO, y), talk);
        y += th + z.gap(12.0);
    }

    let heading = ctx.ts.text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(heading_size, 1.15, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading.into_frame());
    y += hh + z.gap(6.0);

    if !others.is_empty() {
        // Three across when that keeps numbers large; otherwise two; fewer
        // when a number or address would not fit on one line (at its full
        // size in large print, which may not shrink it).
        let preferred =
            if others.len() % 3 == 0 || others.len() > 4 || t.level >= fit::HelplineDetail::List {
                3
            } else {
                2
            };
        let shrink = floors.number == Pt::ZERO;
        let columns = parts::columns_for(ctx, &others, w, preferred, &t, z.gap(8.0), shrink);
        let grid = parts::helplines_block(ctx, &others, w, columns, &t, p.paper, z.gap(8.0));
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    let emergency_size = z.text(50.0, 28.0).max(floors.emergency);
    for h in emergency {
        y += z.gap(8.0);
        let bar = parts::emergency_bar(
            ctx,
            h,
            w,
            z.text(18.0, 14.0),
            emergency_size,
            (t.level != fit::HelplineDetail::Names).then(|| z.text(12.0, 10.0).max(small)),
        );
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }

    let mut foot = vec![crate::text::StyledText::new(
        format!("{}. ", parts::reviewed_line(ctx)),
        Weight::Bold,
    )];
    // Posters cite their sources in brief: the handout and booklet give
    // them in full.
    foot.extend(parts::sources_brief(ctx));
    // With a url, the QR code (24 mm on A4, never under 20) and its label
    // sit at the foot's right, the sources beside them.
    let k = z.paper;
    let qr = parts::qr_block(
        ctx,
        z.decoration(Pt::mm(24.0), Pt::mm(QR_MIN_MM)),
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
    (
        f,
        Sizes {
            headline: Pt::ZERO,
            number,
            emergency: emergency_size,
        },
    )
}
