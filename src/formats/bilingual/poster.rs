//! The bilingual poster: the two headlines side by side at one size, the
//! first language on its reading-first side; the key points paired row by
//! row, each pair level; the calls to action paired; and the tinted zone at
//! the foot shared: the school's contacts, each helpline once with both
//! languages' words, the emergency line in both, each language's reviewed
//! date and sources, and the QR code.
//!
//! Scaled and given way as the poster is (see [`crate::formats::poster`]):
//! one factor shrinks all type, the longer language setting the size,
//! then the give-way rule. A wall poster (A3 and up) pairs every key point
//! in the middle rather than setting a main number apart: with two
//! languages there is no room for both.

use crate::layout::{Document, Frame, Item, Overflow, Page, Path, Role, Shape, TextStyle};
use crate::style::ReadingStyle;
use crate::text::Weight;
use crate::units::{Point, Pt, Size};

use super::{for_direction, label_pair, Pair};
use crate::formats::fit::{self, GiveWay, HelplineDetail, Step};
use crate::formats::parts::{self, HeaderType, HelplineType, Scaled, QR_MIN_MM};
use crate::formats::poster::{backdrop, call_to_action, Bands};
use crate::formats::{marks, Context, Format, FormatError, Paper};

/// Key points' size on A4 at full scale: smaller than the poster's 20 pt,
/// since each has half the width.
const KEY_POINT_PT: f32 = 17.0;
/// The headline's largest size on A4: each has half the width.
const HEADLINE_PT: f32 = 34.0;
/// The smallest scale tried; each element stops shrinking at its floor
/// long before this.
const MIN_SCALE: f32 = 0.4;
/// Gap between the two languages, in millimetres on A4.
const GUTTER_MM: f32 = 10.0;

/// The sizes the poster printed its most important type at: what large
/// print may not go under.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
struct Sizes {
    /// The headlines.
    headline: Pt,
    /// The helplines' numbers.
    number: Pt,
    /// The emergency number.
    emergency: Pt,
}

/// Lays out the bilingual poster.
pub fn make<'a, 'f>(
    ctx: &Context<'a, 'f>,
    second: &Context<'a, 'f>,
) -> Result<Document, FormatError> {
    let floors = match ctx.style {
        // Large print is never smaller where it matters than the standard
        // poster of the same pair.
        ReadingStyle::LargePrint => {
            let standard = ctx.in_style(ReadingStyle::Standard);
            let floors = match standard.in_second() {
                Some(s) => layout(
                    &Pair {
                        first: &standard,
                        second: &s,
                    },
                    Sizes::default(),
                )
                .map(|f| f.value.1)
                .unwrap_or_default(),
                None => Sizes::default(),
            };
            floors
        }
        _ => Sizes::default(),
    };
    let pair = Pair { first: ctx, second };
    let fitted = layout(&pair, floors).map_err(|o| {
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
fn layout(pair: &Pair, floors: Sizes) -> Result<fit::Fitted<(), (Page, Sizes)>, Overflow> {
    let ctx = pair.first;
    let page = ctx.paper.size();
    let a4 = Paper::A4.size();
    let k = (page.width / a4.width).min(page.height / a4.height);
    fit::fit(
        &[()],
        Step::HELP_BRIEF_SOURCES,
        (MIN_SCALE, 1.0),
        |(), give_way, s| {
            let z = Scaled::new(ctx, s, k).giving_way(give_way);
            attempt(pair, page, &z, give_way, floors)
        },
    )
}

/// The largest size, up to `largest`, at which both headlines set in at
/// most three lines `width` wide: one size for both.
fn headline_size(pair: &Pair, width: Pt, largest: Pt, smallest: Pt) -> Pt {
    let lines = |ctx: &Context, size: Pt| {
        let style = TextStyle::new(size, 1.08, ctx.palette.on_primary).balanced();
        let text = ctx.audience.spec.audience.headline.get_ref().trim();
        ctx.ts().text(text, Weight::Bold, &style, width).lines.len()
    };
    crate::layout::fit::largest(smallest.0, largest.0.max(smallest.0), |s| {
        if lines(pair.first, Pt(s)) <= 3 && lines(pair.second, Pt(s)) <= 3 {
            Ok(())
        } else {
            Err(())
        }
    })
    .map_or(smallest, |(s, ())| Pt(s))
}

/// Lays the poster out with type scaled by `z`; the page and the sizes it
/// used, or how much height is missing.
fn attempt(
    pair: &Pair,
    page: Size,
    z: &Scaled,
    give_way: GiveWay,
    floors: Sizes,
) -> Result<(Page, Sizes), Overflow> {
    let ctx = pair.first;
    let p = &ctx.palette;
    let k = z.paper;
    let margin = Pt::mm(
        if ctx.style == ReadingStyle::LargePrint || give_way.has(Step::Decoration) {
            12.0
        } else {
            15.0
        },
    ) * k;
    let w = page.width - margin * 2.0;
    let gutter = Pt::mm(GUTTER_MM) * k;
    let cw = (w - gutter) / 2.0;
    let x_of = |left: bool| if left { margin } else { margin + cw + gutter };
    let small = Pt(8.5 * k).max(ctx.typo.small_min);
    let over_body = if ctx.style == ReadingStyle::LargePrint {
        1.0
    } else {
        1.1
    };
    let body = z.text(KEY_POINT_PT, 12.0 * over_body);
    let sides = pair.sides();

    // Reading order: the strip, all of the first language, the shared
    // help, then all of the second.
    let strip_part = ctx.tags.node(Role::Sect);
    let first_part = ctx.tags.node(Role::Sect);
    let help_part = ctx.tags.node(Role::Sect);
    let second_part = pair.second.tags.node(Role::Sect);
    let part_of = |i: usize| if i == 0 { first_part } else { second_part };

    // As the poster does: once the helplines give way, the school's logo
    // and name move from the strip into the band (the first language's
    // header), giving the strip's height to the rest.
    let inline = give_way.has(Step::BriefHelplines) && ctx.site.is_some();
    let strip = if inline {
        None
    } else {
        ctx.tags.within(strip_part, || {
            parts::cobrand_strip(
                ctx,
                w,
                z.decoration(Pt::mm(22.0), Pt::mm(14.0)),
                z.text(21.0, 14.0),
            )
        })
    };
    let strip_pad = (margin * 0.45).max(Pt::mm(10.5));
    let strip_below = margin * 0.45 * z.decor;
    let strip_h = strip
        .as_ref()
        .map_or(Pt::ZERO, |s| s.height() + strip_pad + strip_below);

    // The band: both headers at one size.
    let headline = (headline_size(
        pair,
        cw,
        Pt(HEADLINE_PT * k) * (z.scale / 0.6).min(1.0),
        z.text(20.0, 20.0),
    ))
    .max(floors.headline);
    let ht = HeaderType {
        tag: z.text(12.0, 10.0),
        headline,
        strapline: z.text(17.0, 13.0),
        site_inline: None,
    };
    let headers: Vec<Frame> = sides
        .iter()
        .enumerate()
        .map(|(i, &(c, _))| {
            let ht = HeaderType {
                site_inline: (inline && i == 0).then(|| Pt::mm(14.0) * k),
                ..ht
            };
            c.tags
                .within(part_of(i), || for_direction(c, parts::header(c, cw, &ht)))
        })
        .collect();
    let header_h = headers.iter().map(Frame::height).fold(Pt::ZERO, Pt::max);
    let band_top = strip_h;
    let band_h =
        margin * if strip.is_some() { 0.7 } else { 1.0 } + header_h + margin * 0.8 * z.decor;
    let stripe = Pt::mm(1.5) * k * z.decor;

    // The middle: the key points paired row by row, then the calls to
    // action side by side.
    let kp_style = TextStyle::new(body, 1.28, p.ink);
    let points: Vec<Vec<Frame>> = sides
        .iter()
        .enumerate()
        .map(|(i, &(c, _))| {
            c.tags.within(part_of(i), || {
                let list = c.tags.node(Role::L);
                c.audience
                    .spec
                    .audience
                    .key_points
                    .get_ref()
                    .iter()
                    .enumerate()
                    .map(|(n, t)| {
                        c.tags.within(list, || {
                            for_direction(
                                c,
                                parts::numbered_point(c, n + 1, t.get_ref().trim(), cw, &kp_style),
                            )
                        })
                    })
                    .collect()
            })
        })
        .collect();
    let rows = points.iter().map(Vec::len).max().unwrap_or(0);
    let row_h: Vec<Pt> = (0..rows)
        .map(|r| {
            points
                .iter()
                .filter_map(|l| l.get(r))
                .map(Frame::height)
                .fold(Pt::ZERO, Pt::max)
        })
        .collect();
    let row_gap = z.gap(KEY_POINT_PT * 0.7);
    let kp_h = row_h.iter().copied().sum::<Pt>() + row_gap * rows.saturating_sub(1) as f32;
    let ctas: Vec<Option<Frame>> = sides
        .iter()
        .enumerate()
        .map(|(i, &(c, _))| {
            crate::pack::model::given(&c.audience.spec.audience.call_to_action).map(|text| {
                c.tags.within(part_of(i), || {
                    for_direction(c, call_to_action(c, text, cw, z.text(19.0, 14.0)))
                })
            })
        })
        .collect();
    let cta_h = ctas
        .iter()
        .flatten()
        .map(Frame::height)
        .fold(Pt::ZERO, Pt::max);
    let cta_gap = z.gap(KEY_POINT_PT * 1.2);
    let middle_h = kp_h
        + if cta_h > Pt::ZERO {
            cta_gap + cta_h
        } else {
            Pt::ZERO
        };

    let (zone, sizes) = ctx.tags.within(help_part, || {
        help_zone(
            pair,
            w,
            gutter,
            z,
            small,
            margin,
            give_way,
            floors,
            second_part,
        )
    });
    let zone_h = zone.height();

    let min_gap = z.gap(KEY_POINT_PT * 0.9);
    let needed = band_top + band_h + stripe + min_gap * 2.0 + middle_h + zone_h;
    if needed > page.height {
        // How much each language's own column is too long: its header and
        // its key points and call to action in place of the taller pair's.
        let own = |i: usize| {
            let header = headers.get(i).map_or(Pt::ZERO, Frame::height);
            let points = &points[i];
            let kp = points.iter().map(Frame::height).sum::<Pt>()
                + row_gap * points.len().saturating_sub(1) as f32;
            let cta = ctas[i].as_ref().map_or(Pt::ZERO, |c| cta_gap + c.height());
            needed - (header_h - header) - (middle_h - kp - cta) - page.height
        };
        let short = super::Short {
            section: (None, None),
            first: own(0),
            second: own(1),
        };
        return Err(Overflow {
            height: needed - page.height,
            source: Some(
                format!(
                    "its headlines, key points and helplines ({})",
                    short.amounts(pair)
                )
                .into(),
            ),
        });
    }

    let mut out = backdrop(
        ctx,
        page,
        strip,
        Bands {
            strip_h,
            strip_pad,
            band_top,
            band_h,
            stripe,
            zone_h,
            margin,
        },
    );
    let zone_top = page.height - zone_h;
    let header_top = band_top + margin * if strip_h > Pt::ZERO { 0.7 } else { 1.0 };
    for (f, &(_, left)) in headers.into_iter().zip(sides.iter()) {
        out.place(Point::new(x_of(left), header_top), f.items);
    }
    let divider = margin + cw + gutter / 2.0;
    out.items.push(Item::Shape(Shape::stroked(
        Path::line(
            Point::new(divider, header_top),
            Point::new(divider, header_top + header_h),
        ),
        p.on_primary,
        Pt(0.75) * k,
    )));

    let free_top = band_top + band_h + stripe;
    let top = free_top + (zone_top - free_top - middle_h) / 2.0;
    for (list, &(_, left)) in points.into_iter().zip(sides.iter()) {
        let mut y = top;
        for (r, f) in list.into_iter().enumerate() {
            out.place(Point::new(x_of(left), y), f.items);
            y += row_h.get(r).copied().unwrap_or_default() + row_gap;
        }
    }
    for (cta, &(_, left)) in ctas.into_iter().zip(sides.iter()) {
        if let Some(c) = cta {
            out.place(Point::new(x_of(left), top + kp_h + cta_gap), c.items);
        }
    }
    out.items.push(Item::Shape(Shape::stroked(
        Path::line(
            Point::new(divider, top),
            Point::new(divider, top + middle_h),
        ),
        p.tint,
        Pt(0.75) * k,
    )));
    out.place(Point::new(margin, zone_top), zone.items);
    marks::trim_marks(&mut out);
    Ok((out, Sizes { headline, ..sizes }))
}

/// The shared zone at the foot: the school's contacts, each helpline once
/// with both languages' words, the emergency line in both, then each
/// language's reviewed date and sources side by side (the second's tagged
/// under `second_part`) and the QR code.
#[allow(clippy::too_many_arguments)]
fn help_zone(
    pair: &Pair,
    w: Pt,
    gutter: Pt,
    z: &Scaled,
    small: Pt,
    margin: Pt,
    give_way: GiveWay,
    floors: Sizes,
    second_part: crate::layout::NodeId,
) -> (Frame, Sizes) {
    let ctx = pair.first;
    let p = &ctx.palette;
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = margin * 0.6 * z.decor;
    let number = z.text(24.0, 16.0).max(floors.number);
    let t = HelplineType {
        name: z.text(13.0, 11.0),
        number,
        detail: z.text(10.5, 9.5).max(small),
        small: z.text(10.0, 9.0).max(small),
        leading: 1.3,
        level: give_way.helplines(),
    };
    let heading_size = z.text(20.0, 15.0);
    // The shared help is laid out as the first language's, each part set
    // in its direction (`for_direction`); the second's words in it come
    // set in theirs (`Context::placed_from`).
    if let Some(talk) = parts::talk_to_us(ctx, w, 3, &t, p.paper, z.gap(8.0), heading_size * 1.1) {
        let talk = for_direction(ctx, talk);
        let th = talk.height();
        f.place(Point::new(Pt::ZERO, y), talk);
        y += th + z.gap(12.0);
    }
    let heading = label_pair(
        pair,
        |l| l.helplines.as_str(),
        Role::H2,
        Weight::Bold,
        &TextStyle::new(heading_size, 1.15, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading);
    y += hh + z.gap(6.0);
    if !others.is_empty() {
        let preferred = if others.len() % 3 == 0 || others.len() > 4 {
            3
        } else {
            2
        };
        let shrink = floors.number == Pt::ZERO;
        let columns = parts::columns_for(ctx, &others, w, preferred, &t, z.gap(8.0), shrink);
        let grid = parts::helplines_block(ctx, &others, w, columns, &t, p.paper, z.gap(8.0));
        let grid = for_direction(ctx, grid);
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    let emergency_size = z.text(40.0, 26.0).max(floors.emergency);
    for h in emergency {
        y += z.gap(8.0);
        let bar = parts::emergency_bar(
            ctx,
            h,
            w,
            z.text(17.0, 13.0),
            emergency_size,
            (t.level != HelplineDetail::Names).then(|| z.text(11.5, 10.0).max(small)),
        );
        let bar = for_direction(ctx, bar);
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }

    // Each language's reviewed date and sources (in brief, as posters
    // give them), side by side; the QR code at the right.
    let k = z.paper;
    let qr = parts::qr_block(
        ctx,
        z.decoration(Pt::mm(22.0), Pt::mm(QR_MIN_MM)),
        z.text(10.0, 9.0).max(small),
        Pt::mm(60.0) * k,
        p.ink,
        crate::colour::Colour::WHITE,
    )
    .map(|q| for_direction(ctx, q));
    let text_w = qr.as_ref().map_or(w, |q| w - q.width() - Pt::mm(6.0) * k);
    let col_w = (text_w - gutter) / 2.0;
    y += z.gap(10.0);
    let mut tallest = qr.as_ref().map_or(Pt::ZERO, Frame::height);
    for (i, (c, left)) in pair.sides().into_iter().enumerate() {
        let mut foot = vec![crate::text::StyledText::new(
            format!("{}. ", parts::reviewed_line(c)),
            Weight::Bold,
        )];
        foot.extend(parts::sources_brief(c));
        let block = c.ts().set(
            &c.ts().prepare(&foot),
            &TextStyle::new(small, 1.3, p.ink),
            col_w,
        );
        let frame = if i == 0 {
            block.into_frame().tagged(c.tags.node(Role::Note))
        } else {
            c.tags.within(second_part, || {
                block.into_frame().tagged(c.tags.node(Role::Note))
            })
        };
        let frame = for_direction(c, frame);
        tallest = tallest.max(frame.height());
        let x = if left { Pt::ZERO } else { col_w + gutter };
        f.place(Point::new(x, y), frame);
    }
    if let Some(qr) = qr {
        f.place(Point::new(w - qr.width(), y), qr);
    }
    y += tallest
        + if z.decor < 1.0 {
            Pt::mm(10.5) * k
        } else {
            margin
        };
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
