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
//!
//! A bilingual edition is the same poster in two columns ([`Languages`]):
//! the headlines side by side at one size, the key points paired row by
//! row, the calls to action paired; the zone at the foot is shared (each
//! helpline once, with both languages' words; each language's reviewed
//! date and sources side by side). A wall poster in two columns pairs
//! every key point in the middle rather than setting a main number apart:
//! there is no room for both.

use crate::colour::Colour;
use crate::layout::{Document, Frame, Item, Overflow, Page, Path, Role, Shape, Tags, TextStyle};
use crate::style::ReadingStyle;
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

mod design;

use super::fit::{self, GiveWay, Step};
use super::languages::{Languages, Short};
use super::parts::{self, HeaderType, HelplineType, Scaled, QR_MIN_MM};
use super::{marks, Context, Format, FormatError, Paper};
use design::Design;

/// The smallest scale tried; each element stops shrinking at its own floor
/// long before this.
const MIN_SCALE: f32 = 0.4;

/// Gap between two languages' columns, in millimetres on A4.
const GUTTER_MM: f32 = 10.0;

/// Lays out the poster. (In large print, every role of text is held to
/// the standard poster of the same job by the context's floors: see
/// [`crate::style::Floors`].)
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let langs = Languages::of(ctx);
    let mut tags = Tags::new();
    let fitted = layout(&langs, &mut tags).map_err(|o| {
        ctx.does_not_fit(
            Format::Poster,
            o.source.as_deref().unwrap_or("its content"),
            o.height,
        )
    })?;
    let notes = fitted.notes(&ctx.who(Format::Poster, None));
    let mut doc = ctx.document(Format::Poster, vec![fitted.value], tags.finish());
    doc.notes = notes;
    Ok(doc)
}

/// The poster at the largest type that fits, giving way by the rule.
fn layout(langs: &Languages, tags: &mut Tags) -> Result<fit::Fitted<(), Page>, Overflow> {
    let ctx = langs.first();
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
            attempt(langs, tags, page, &z, give_way)
        },
    )
}

/// True for the papers a poster is read from across a room (A3, A2,
/// tabloid): the key points stand larger, in one list at one size, and
/// the main number after them is the largest thing after the headline.
fn for_the_wall(paper: Paper) -> bool {
    matches!(paper, Paper::A3 | Paper::A2 | Paper::Tabloid)
}

/// A wall poster's main number is never under this many points times the
/// paper's scale: 51 pt on A3 (capitals about 12 mm), 72 pt on A2 (about
/// 17 mm), in every style and with any school.
const WALL_NUMBER_PT: f32 = 36.0;

/// The headlines' one size: as large as `largest` while every language's
/// headline sets in `lines` lines `width` wide (two lines more when that
/// cannot hold them at two thirds of it), whatever the rest of the poster
/// needs; the rest shrinks first, and the headline only once the type
/// scale `scale` has fallen below 0.6.
fn headline_size(langs: &Languages, width: Pt, largest: Pt, lines: usize, scale: f32) -> Pt {
    let fits = |size: Pt| {
        langs.iter().all(|ctx| {
            let style =
                TextStyle::new(TypeRole::Headline, size, 1.08, ctx.palette.on_primary).balanced();
            let set = ctx.ts().text(ctx.headline(), Weight::Bold, &style, width);
            set.lines.len() <= lines
        })
    };
    let in_lines = crate::layout::fit::largest(largest.0 * 0.6, largest.0, |s| {
        if fits(Pt(s)) {
            Ok(())
        } else {
            Err(())
        }
    });
    let full = match in_lines {
        Ok((s, ())) if s >= largest.0 * 0.66 => Pt(s),
        _ => largest * 0.8,
    };
    full * (scale / 0.6).min(1.0)
}

/// Lays the poster out with type scaled by `z` (paper included); the page,
/// or how much height is missing.
fn attempt(
    langs: &Languages,
    tags: &mut Tags,
    page: Size,
    z: &Scaled,
    give_way: GiveWay,
) -> Result<Page, Overflow> {
    let ctx = langs.first();
    let d = Design::of(langs);
    let p = &ctx.palette;
    let k = z.paper;
    // A wall poster in two columns pairs every key point: no main number.
    let wall = for_the_wall(ctx.paper) && !langs.is_pair();
    // Large print needs every millimetre, and so does a poster that gives
    // way on decoration; 12 mm still clears the 10 mm that office printers
    // cannot print.
    // Large print given way on decoration comes to 10.5 mm: it must hold
    // the standard poster's type and more.
    let margin = Pt::mm(match (ctx.style, give_way.has(Step::Decoration)) {
        (ReadingStyle::LargePrint, true) => 10.5,
        (ReadingStyle::LargePrint, false) | (_, true) => 12.0,
        _ => 15.0,
    }) * k;
    let w = page.width - margin * 2.0;
    let gutter = Pt::mm(GUTTER_MM) * k;
    let columns: Vec<(Pt, Pt)> = (0..langs.count())
        .map(|i| langs.column(i, Pt::ZERO, w, gutter))
        .collect();
    let cw = columns[0].1;
    let small = Pt(8.5 * k).max(ctx.typo.small_min);
    // Large print's 16 pt body is already poster-sized for its readers.
    let over_body = if ctx.style == ReadingStyle::LargePrint {
        1.0
    } else {
        d.over_body
    };
    // On the wall, the key points are larger still.
    let kp_nominal = if wall { d.key_point * 1.3 } else { d.key_point };
    let body = z.text(kp_nominal, 12.0 * over_body);

    // Reading order: the strip, all of the first language, the shared
    // help, then all of the second.
    let parts = langs.parts(tags);

    // The school's strip, on white, above the band, on every poster (one
    // masthead): it never takes the headline's size. Given way on
    // decoration its logo and name are smaller.
    let strip = parts::cobrand_strip(
        ctx,
        tags,
        w,
        z.decoration(Pt::mm(22.0), Pt::mm(14.0)),
        z.text(21.0, 14.0),
    );
    // Nothing but colour within 10 mm of the edge: office printers.
    let strip_pad = (margin * 0.45).max(Pt::mm(10.5));
    let strip_below = margin * 0.45 * z.decor;
    let strip_h = strip
        .as_ref()
        .map_or(Pt::ZERO, |s| s.height() + strip_pad + strip_below);

    // The band: every language's header, at one size.
    let headline = headline_size(langs, cw, Pt(d.headline * k), d.headline_lines, z.scale)
        .max(z.text(d.headline_floor, d.headline_floor));
    let headers: Vec<Frame> = langs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let ht = HeaderType {
                tag: z.text(d.tag.0, d.tag.1),
                headline,
                strapline: z.text(d.strapline.0, d.strapline.1),
            };
            let part = Languages::part(parts, i);
            tags.within(part, |tags| langs.place(i, parts::header(c, tags, cw, &ht)))
        })
        .collect();
    let header_h = headers.iter().map(Frame::height).fold(Pt::ZERO, Pt::max);
    let band_top = strip_h;
    let band_h =
        margin * if strip.is_some() { 0.7 } else { 1.0 } + header_h + margin * 0.8 * z.decor;
    let stripe = Pt::mm(1.5) * k * z.decor;

    // The middle: the key points, one list at one size, paired row by row,
    // and the calls to action side by side; on the wall, the main number
    // after them.
    let kp_style = TextStyle::new(TypeRole::KeyPoint, body, 1.28, p.ink);
    let lists: Vec<Vec<&str>> = langs.iter().map(Context::key_points).collect();
    let part_nodes: Vec<_> = (0..langs.count())
        .map(|i| Languages::part(parts, i))
        .collect();
    let (key_points, own_points) = parts::numbered_rows(
        langs,
        tags,
        &lists,
        1,
        &columns,
        &kp_style,
        z.gap(kp_nominal * 0.7),
        &part_nodes,
    );
    let ctas: Vec<Option<Frame>> = langs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.call_to_action().map(|text| {
                tags.within(Languages::part(parts, i), |tags| {
                    langs.place(
                        i,
                        call_to_action(c, tags, text, cw, z.text(d.cta.0, d.cta.1)),
                    )
                })
            })
        })
        .collect();
    let cta_h = ctas
        .iter()
        .flatten()
        .map(Frame::height)
        .fold(Pt::ZERO, Pt::max);
    let cta_gap = z.gap(d.key_point * 1.2);
    let main = if wall {
        // Like the headline, it holds its size until the scale is low, and
        // never goes under the wall's floor.
        let size = (Pt(44.0 * k) * (z.scale / 0.6).min(1.0))
            .max(z.number(44.0, 24.0))
            .max(Pt(WALL_NUMBER_PT * k));
        main_number(ctx, tags, w, size, z.text(20.0, 14.0))
    } else {
        None
    };
    let main_h = main.as_ref().map_or(Pt::ZERO, |m| cta_gap + m.height());
    let middle_h = key_points.height()
        + if ctas.iter().any(Option::is_some) {
            cta_gap + cta_h
        } else {
            Pt::ZERO
        }
        + main_h;

    // The help zone.
    let zone = tags.within(parts[1], |tags| {
        help_zone(langs, tags, w, gutter, z, small, margin, give_way, parts)
    });
    let zone_h = zone.height();

    let min_gap = z.gap(d.key_point * 0.9);
    let needed = band_top + band_h + stripe + min_gap * 2.0 + middle_h + zone_h;
    if needed > page.height {
        let what = if langs.is_pair() {
            // How much each language's own column is too long: its header
            // and its key points and call to action in place of the
            // taller pair's.
            let own = |i: usize| {
                let header = headers.get(i).map_or(Pt::ZERO, Frame::height);
                let kp = own_points.get(i).copied().unwrap_or_default();
                let cta = ctas[i].as_ref().map_or(Pt::ZERO, |c| cta_gap + c.height());
                needed - (header_h - header) - (middle_h - kp - cta) - page.height
            };
            let short = Short {
                section: (None, None),
                first: own(0),
                second: own(1),
            };
            format!(
                "its headlines, key points and helplines ({})",
                short.amounts(langs)
            )
        } else {
            "its headline, key points and helplines".to_string()
        };
        return Err(Overflow {
            height: needed - page.height,
            source: Some(what.into()),
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
    for (f, &(x, _)) in headers.into_iter().zip(&columns) {
        out.place(Point::new(margin + x, header_top), f.items);
    }

    // The middle sits centred in the space between band and zone.
    let free_top = band_top + band_h + stripe;
    let top = free_top + (zone_top - free_top - middle_h) / 2.0;
    let kp_h = key_points.height();
    out.place(Point::new(margin, top), key_points.items);
    let mut y = top + kp_h;
    if cta_h > Pt::ZERO {
        for (c, &(x, _)) in ctas.into_iter().zip(&columns) {
            if let Some(c) = c {
                out.place(Point::new(margin + x, y + cta_gap), c.items);
            }
        }
        y += cta_gap + cta_h;
    }
    // A hairline between the two languages: where one ends.
    if langs.is_pair() {
        let divider = margin + cw + gutter / 2.0;
        let line = |a: Pt, b: Pt, colour| {
            Item::Shape(Shape::stroked(
                Path::line(Point::new(divider, a), Point::new(divider, b)),
                colour,
                Pt(0.75) * k,
            ))
        };
        out.items
            .push(line(header_top, header_top + header_h, p.on_primary));
        out.items.push(line(top, top + middle_h, p.tint));
    }
    if let Some(m) = main {
        out.place(Point::new(margin, y + cta_gap), m.items);
    }
    out.place(Point::new(margin, zone_top), zone.items);
    marks::trim_marks(&mut out);
    Ok(out)
}

/// The audience's main helpline as a wall poster shows it: its name, its
/// number as the largest thing after the headline, and who it is for.
fn main_number(ctx: &Context, tags: &mut Tags, width: Pt, number: Pt, name: Pt) -> Option<Frame> {
    let h = ctx.main_helpline()?;
    let contact = parts::main_contact(h)?;
    let p = &ctx.palette;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    // One paragraph: the name, the number and who it is for.
    let node = ctx.tag(tags, Role::P);
    let lead = ctx.ts().text(
        h.name.as_str(),
        Weight::Bold,
        &TextStyle::new(TypeRole::Name, name, 1.2, p.ink),
        width,
    );
    let size = parts::fit_line(
        ctx,
        contact,
        Weight::Bold,
        TypeRole::MainNumber,
        number,
        width,
    );
    let num = ctx.ts().line(
        contact,
        Weight::Bold,
        &TextStyle::new(TypeRole::MainNumber, size, 1.15, p.primary),
    );
    // The name on the number's baseline when both fit the line (an em of
    // the name apart); else above it.
    let gap = name;
    let (lh, nh) =
        if lead.lines.len() == 1 && lead.max_line_width() + gap + num.max_line_width() <= width {
            let baseline = lead.first_baseline.max(num.first_baseline);
            let x = lead.max_line_width() + gap;
            let (lead_top, num_top) = (
                baseline - lead.first_baseline,
                baseline - num.first_baseline,
            );
            let h = (lead_top + lead.height()).max(num_top + num.height());
            f.place(
                Point::new(Pt::ZERO, lead_top),
                lead.into_frame().tagged(node),
            );
            f.place(Point::new(x, num_top), num.into_frame().tagged(node));
            (Pt::ZERO, h)
        } else {
            let lh = lead.height();
            let nh = num.height();
            f.place(Point::default(), lead.into_frame().tagged(node));
            f.place(Point::new(Pt::ZERO, lh), num.into_frame().tagged(node));
            (lh, nh)
        };
    // Who it is for, as its box in the grid would say.
    let what = ctx.ts().text(
        h.for_whom.as_str(),
        Weight::Regular,
        &TextStyle::new(TypeRole::Detail, name * 0.9, 1.3, p.ink),
        width,
    );
    let wh = what.height();
    f.place(
        Point::new(Pt::ZERO, lh + nh),
        what.into_frame().tagged(node),
    );
    f.size.height = lh + nh + wh;
    Some(f)
}

/// Where a poster's bands lie, top to bottom: the co-branding strip (and
/// how far its content is from the sheet's top), the coloured band, the
/// accent stripe under it, and the tinted zone at the foot.
struct Bands {
    pub strip_h: Pt,
    pub strip_pad: Pt,
    pub band_top: Pt,
    pub band_h: Pt,
    pub stripe: Pt,
    pub zone_h: Pt,
    pub margin: Pt,
}

/// A poster's page with its paper, the co-branding strip (white, with its
/// content), the band, the stripe and the foot's tint painted (the
/// two columns' too).
fn backdrop(ctx: &Context, page: Size, strip: Option<Frame>, b: Bands) -> Page {
    let p = &ctx.palette;
    let mut out = ctx.page(page);
    out.paint_paper(p.paper);
    let bleed = ctx.bleed;
    if let Some(strip) = strip {
        // The strip is white whatever the paper: logos are made for white.
        out.fill(out.band(-bleed, b.strip_h + bleed), Colour::WHITE);
        out.place(Point::new(b.margin, b.strip_pad), strip.items);
    }
    let band_fill_top = if b.strip_h > Pt::ZERO {
        b.band_top
    } else {
        -bleed
    };
    out.fill(
        out.band(band_fill_top, b.band_top + b.band_h - band_fill_top),
        p.primary,
    );
    out.fill(out.band(b.band_top + b.band_h, b.stripe), p.accent);
    out.fill(out.band(page.height - b.zone_h, b.zone_h + bleed), p.tint);
    out
}

/// The call to action: bold, in the primary colour, with an accent rule
/// (one per language).
fn call_to_action(ctx: &Context, tags: &mut Tags, text: &str, width: Pt, size: Pt) -> Frame {
    let rule = size * 0.28;
    let indent = rule + size * 0.7;
    // Balanced: a call to action never ends on a word or two alone.
    let style = TextStyle::new(
        TypeRole::CallToAction,
        size,
        ctx.typo.leading.max(1.25),
        ctx.palette.primary,
    )
    .balanced();
    let block = ctx.ts().text(text, Weight::Bold, &style, width - indent);
    let h = block.height();
    let mut f = Frame::new(Size::new(width, h));
    f.shape(Shape::filled(
        Path::rounded_rect(Rect::new(Pt::ZERO, Pt::ZERO, rule, h), rule / 2.0),
        ctx.palette.accent,
    ));
    f.place(
        Point::new(indent, Pt::ZERO),
        block.into_frame().tagged(ctx.tag(tags, Role::P)),
    );
    f
}

/// The tinted zone at the foot: the school's contacts, helplines, emergency
/// line, and each language's reviewed date and sources (side by side in a
/// bilingual edition, the second's tagged under its part of `parts`) with
/// the QR code. Its content starts `margin * 0.6` below its top and ends a
/// margin above the page's foot.
#[allow(clippy::too_many_arguments)]
fn help_zone(
    langs: &Languages,
    tags: &mut Tags,
    w: Pt,
    gutter: Pt,
    z: &Scaled,
    small: Pt,
    margin: Pt,
    give_way: GiveWay,
    parts: [crate::layout::NodeId; 3],
) -> Frame {
    let ctx = langs.first();
    let d = Design::of(langs);
    let p = &ctx.palette;
    let wall = for_the_wall(ctx.paper) && !langs.is_pair();
    let (mut others, emergency) = ctx.helplines();
    // A wall poster gives its main number above: not twice.
    if wall {
        if let Some(main) = ctx.main_helpline() {
            others.retain(|h| !std::ptr::eq(*h, main));
        }
    }
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = margin * 0.6 * z.decor;
    let number = z.text(d.number.0, d.number.1);
    let t = HelplineType {
        name: z.text(d.name.0, d.name.1),
        number,
        detail: z.text(d.detail.0, d.detail.1).max(small),
        small: z.text(d.small.0, d.small.1).max(small),
        leading: 1.3,
        level: give_way.helplines(),
        brief_contacts: give_way.brief_contacts(),
    };

    // A school's own people come first: they are who a reader asks first.
    // The shared help is laid out as the first language's; the second's
    // words in it come set in theirs (`Context::placed_from`).
    let contact_type = t;
    let heading_size = z.text(d.heading.0, d.heading.1);
    if let Some(talk) = parts::talk_to_us(
        ctx,
        tags,
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

    let heading = langs.label(
        tags,
        |l| l.helplines.as_str(),
        Role::H2,
        Weight::Bold,
        &TextStyle::new(TypeRole::Heading, heading_size, 1.15, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading);
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
        // Numbers held to a floor (large print's) do not shrink to fit a
        // box: fewer columns give them the room.
        let shrink = ctx.floors.role(TypeRole::Number) == Pt::ZERO;
        let columns = parts::columns_for(ctx, &others, w, preferred, &t, z.gap(8.0), shrink);
        let grid = parts::helplines_block(ctx, tags, &others, w, columns, &t, p.paper, z.gap(8.0));
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    // On the wall, 999 stays smaller than the main number above it.
    let emergency_nominal = if wall { 38.0 } else { d.emergency.0 };
    let emergency_size = z.text(emergency_nominal, d.emergency.1);
    for h in emergency {
        y += z.gap(8.0);
        let bar = parts::emergency_bar(
            ctx,
            tags,
            h,
            w,
            z.text(d.emergency_label.0, d.emergency_label.1),
            emergency_size,
            // What the emergency line is for stays, whatever gives way.
            Some(
                z.text(d.emergency_detail.0, d.emergency_detail.1)
                    .max(small),
            ),
            give_way.has(Step::HelplineList),
        );
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }

    // With a url, the QR code (24 mm on A4, never under 20) and its label
    // sit at the foot's right, each language's reviewed date and sources
    // beside them. Posters cite their sources in brief: the handout and
    // booklet give them in full.
    let k = z.paper;
    let qr = parts::qr_block(
        ctx,
        tags,
        z.decoration(Pt::mm(d.qr_mm), Pt::mm(QR_MIN_MM)),
        z.text(d.qr_label.0, d.qr_label.1).max(small),
        Pt::mm(d.qr_max_mm) * k,
        p.ink,
        Colour::WHITE,
    );
    let text_w = qr.as_ref().map_or(w, |q| w - q.width() - Pt::mm(6.0) * k);
    y += z.gap(10.0);
    let mut bh = qr.as_ref().map_or(Pt::ZERO, Frame::height);
    for (i, c) in langs.iter().enumerate() {
        let mut foot = vec![crate::text::StyledText::new(
            format!("{}. ", parts::reviewed_line(c)),
            Weight::Bold,
        )];
        foot.extend(parts::sources_in(langs, i, true));
        let (x, col_w) = langs.column(i, Pt::ZERO, text_w, gutter);
        let block = c.ts().set(
            &c.ts().prepare(&foot),
            &TextStyle::new(TypeRole::Sources, small, 1.3, p.ink),
            col_w,
        );
        // The first language's is read with the help; the second's with
        // the rest of that language.
        let part = if i == 0 { parts[1] } else { parts[2] };
        let frame = tags.within(part, |tags| {
            block.into_frame().tagged(c.tag(tags, Role::Note))
        });
        bh = bh.max(frame.height());
        f.place(Point::new(x, y), langs.place(i, frame));
    }
    if let Some(qr) = qr {
        f.place(Point::new(w - qr.width(), y), qr);
    }
    // Given way on decoration, the foot comes down to the printer's 10 mm.
    y += bh
        + if z.decor < 1.0 {
            Pt::mm(10.5) * z.paper
        } else {
            margin
        };
    f.size.height = y;
    f
}
