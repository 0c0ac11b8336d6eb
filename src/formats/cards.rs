//! Wallet cards: ten to a sheet, two across and five down, printed on both
//! sides and cut out along the crop marks.
//!
//! The front of each card carries the headline and the emergency line; the
//! back lists the audience's helplines, each with its name, its number and
//! a few words of what it is for. On the second page the columns are
//! mirrored, so that each back lands behind its front when the sheet is
//! printed double-sided and flipped on its long edge.
//!
//! Cards abut, so every cut is shared: nothing but white touches a card's
//! edge, and text keeps 6 mm from every cut.

use crate::layout::fit;
use crate::layout::{Document, Frame, Page, Path, Shape, TextStyle};
use crate::pack::model::Helpline;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::marks;
use super::parts::{self, Scaled};
use super::{Context, Format, FormatError, Paper};

/// Cards across a sheet.
const COLUMNS: usize = 2;
/// Cards down a sheet.
const ROWS: usize = 5;
/// Text keeps this far from a card's edges, the cut: 6 mm, plus room for
/// the font's ascenders, which reach above the line box.
const INSET_MM: f32 = 6.5;
/// Crop marks start this far from the block of cards.
const MARK_GAP_MM: f32 = 2.0;
/// Crop mark length.
const MARK_MM: f32 = 5.0;

/// A card's size: ISO/IEC 7810 ID-1 (85 x 55 mm) on A4, the US business
/// card (3.5 x 2 in) on letter, where five ID-1 cards would leave no margin.
fn card_size(paper: Paper) -> Size {
    match paper {
        Paper::Letter => Size::new(Pt(3.5 * 72.0), Pt(2.0 * 72.0)),
        _ => Size::new(Pt::mm(85.0), Pt::mm(55.0)),
    }
}

/// Lays out a sheet of fronts and a sheet of backs.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let sheet = ctx.paper.size();
    let card = card_size(ctx.paper);
    let block = Size::new(card.width * COLUMNS as f32, card.height * ROWS as f32);
    let origin = Point::new(
        (sheet.width - block.width) / 2.0,
        (sheet.height - block.height) / 2.0,
    );
    let inner = Rect::new(
        Pt::mm(INSET_MM),
        Pt::mm(INSET_MM),
        card.width - Pt::mm(INSET_MM) * 2.0,
        card.height - Pt::mm(INSET_MM) * 2.0,
    );
    // The helplines go on the back while they fit; when they do not, the
    // first ones move to the front, under the title, as few as need to.
    // Short of room, the card gives up, in order: the audience tag, the
    // headline (for the pack's shorter title), and last the final helplines
    // (reported, never silently).
    let (others, _) = ctx.helplines();
    let a = &ctx.audience.spec.audience;
    let titles = [
        a.headline.get_ref().trim(),
        ctx.pack.spec.pack.title.get_ref().trim(),
    ];
    let mut least: Option<FormatError> = None;
    let mut found = None;
    'search: for keep in (1.min(others.len())..=others.len()).rev() {
        for tag in [true, false] {
            for title in titles {
                for k in 0..=keep {
                    let (on_front, on_back) = others[..keep].split_at(k);
                    match (
                        front(ctx, card, inner, title, tag, on_front),
                        back(ctx, inner, on_back),
                    ) {
                        (Ok(f), Ok(b)) => {
                            found = Some((f, b, keep));
                            break 'search;
                        }
                        (Err(e), _) | (_, Err(e)) => {
                            if least
                                .as_ref()
                                .is_none_or(|l| overflow_mm(&e) < overflow_mm(l))
                            {
                                least = Some(e);
                            }
                        }
                    }
                }
            }
        }
    }
    let Some((front, back, kept)) = found else {
        return Err(least.unwrap_or_else(|| ctx.does_not_fit(Format::Cards, "the card", Pt::ZERO)));
    };
    let left_out: Vec<&str> = others[kept..]
        .iter()
        .map(|h| h.name.get_ref().trim())
        .collect();

    let mut pages = Vec::with_capacity(2);
    for (design, mirrored) in [(front, false), (back, true)] {
        let mut page = ctx.page(sheet);
        page.paint_paper(ctx.palette.paper);
        for row in 0..ROWS {
            for col in 0..COLUMNS {
                // Backs are mirrored left to right, to sit behind their fronts.
                let c = if mirrored { COLUMNS - 1 - col } else { col };
                let at = origin.offset(card.width * c as f32, card.height * row as f32);
                page.place(at, design.items.clone());
            }
        }
        crop_marks(&mut page, origin, card);
        pages.push(page);
    }
    let mut doc = ctx.document(Format::Cards, pages);
    if !left_out.is_empty() {
        doc.notes.push(format!(
            "{} has no room for {} at the {} style's sizes",
            ctx.describe(Format::Cards),
            left_out.join(", "),
            ctx.style
        ));
    }
    Ok(doc)
}

/// Marks on every cut line, in the margin around the block of cards.
fn crop_marks(page: &mut Page, origin: Point, card: Size) {
    let (gap, len) = (Pt::mm(MARK_GAP_MM), Pt::mm(MARK_MM));
    let block = Rect::new(
        origin.x,
        origin.y,
        card.width * COLUMNS as f32,
        card.height * ROWS as f32,
    );
    let mark = |a: Point, b: Point| {
        crate::layout::Item::Shape(Shape::stroked(
            Path::line(a, b),
            crate::colour::Colour::BLACK,
            Pt(0.25),
        ))
    };
    for c in 0..=COLUMNS {
        let x = block.x + card.width * c as f32;
        page.items.push(mark(
            Point::new(x, block.y - gap),
            Point::new(x, block.y - gap - len),
        ));
        page.items.push(mark(
            Point::new(x, block.bottom() + gap),
            Point::new(x, block.bottom() + gap + len),
        ));
    }
    for r in 0..=ROWS {
        let y = block.y + card.height * r as f32;
        page.items.push(mark(
            Point::new(block.x - gap, y),
            Point::new(block.x - gap - len, y),
        ));
        page.items.push(mark(
            Point::new(block.right() + gap, y),
            Point::new(block.right() + gap + len, y),
        ));
    }
    marks::trim_marks(page);
}

/// How much an error says did not fit.
fn overflow_mm(e: &FormatError) -> f32 {
    match e {
        FormatError::DoesNotFit { overflow_mm, .. } => *overflow_mm,
        _ => f32::INFINITY,
    }
}

/// The front: the audience tag, the title, any helplines the back has
/// no room for, and the emergency line.
fn front(
    ctx: &Context,
    card: Size,
    inner: Rect,
    title: &str,
    show_tag: bool,
    entries: &[&Helpline],
) -> Result<Frame, FormatError> {
    let p = &ctx.palette;
    let a = &ctx.audience.spec.audience;
    let (_, f) = fit::largest(0.5, 1.0, |s| {
        let z = Scaled::new(ctx, s, 1.0);
        let mut f = Frame::new(card);
        let mut y = inner.y;
        // The site's logo in the top corner; the tag beside it.
        let plate = parts::logo_plate(ctx, Pt::mm(22.0), Pt::mm(10.0));
        let plate_w = plate.as_ref().map_or(Pt::ZERO, |p| p.width() + Pt::mm(2.0));
        let tag = ctx.ts.text(
            &ctx.labels.for_audience(a.name.get_ref().trim()),
            Weight::Bold,
            &TextStyle::new(z.text(8.5, 8.0), 1.2, p.ink),
            inner.width - plate_w,
        );
        if show_tag {
            let th = tag.height();
            f.place(Point::new(inner.x, y), tag.into_frame());
            y += th;
        }
        if let Some(plate) = plate {
            let ph = plate.height();
            f.place(Point::new(inner.right() - plate.width(), inner.y), plate);
            y = y.max(inner.y + ph);
        }
        y += z.gap(1.5);
        let headline = ctx.ts.text(
            title,
            Weight::Bold,
            &TextStyle::new(z.text(14.0, 10.0), 1.1, p.primary).balanced(),
            inner.width,
        );
        let hh = headline.height();
        f.place(Point::new(inner.x, y), headline.into_frame());
        y += hh + z.gap(2.0);
        let rule = Rect::new(inner.x, y, Pt::mm(12.0), Pt::mm(1.0));
        f.shape(Shape::filled(Path::rect(rule), p.accent));
        y += Pt::mm(1.0);
        if !entries.is_empty() {
            y += z.gap(3.0);
            y = helpline_list(ctx, &mut f, entries, inner, y, &z);
        }
        let (_, emergency) = ctx.helplines();
        let mut bottom = inner.bottom();
        for h in emergency.iter().rev() {
            let line = emergency_line(ctx, h, inner.width, z.text(9.0, 8.5), z.text(16.0, 11.0));
            bottom -= line.height();
            f.place(Point::new(inner.x, bottom), line);
            bottom -= z.gap(2.0);
        }
        // One line for the site's first contact, just above.
        if let Some(line) = site_line(ctx) {
            let style = TextStyle::new(z.text(8.5, 8.5), 1.2, p.ink);
            let block = ctx.ts.set(&ctx.ts.prepare(&line), &style, inner.width);
            bottom -= block.height();
            f.place(Point::new(inner.x, bottom), block.into_frame());
            bottom -= z.gap(1.5);
        }
        if y <= bottom {
            Ok(f)
        } else {
            Err(y - bottom)
        }
    })
    .map_err(|over| {
        ctx.does_not_fit(
            Format::Cards,
            "the card's headline and emergency line",
            over,
        )
    })?;
    Ok(f)
}

/// "Hillside Academy: Ms A. Patel 01632 960123", the name and number bold.
fn site_line(ctx: &Context) -> Option<Vec<crate::text::StyledText>> {
    use crate::text::StyledText;
    let site = ctx.site?;
    let c = site.spec.contacts.first()?;
    let mut line = vec![
        StyledText::new(format!("{}: ", site.name()), Weight::Regular),
        StyledText::new(c.name.get_ref().trim().to_string(), Weight::Bold),
    ];
    let reach = crate::pack::model::given(&c.phone).or(crate::pack::model::given(&c.email));
    if let Some(reach) = reach {
        line.push(StyledText::new(" ", Weight::Regular));
        line.push(StyledText::unbroken(reach.to_string(), Weight::Bold));
    }
    Some(line)
}

/// "In an emergency, call 999" on one baseline, the number large.
fn emergency_line(ctx: &Context, h: &Helpline, width: Pt, label: Pt, number: Pt) -> Frame {
    let phone = h.phone().unwrap_or_default();
    let p = &ctx.palette;
    parts::lead_and_number(
        ctx,
        ctx.labels.emergency.trim(),
        label,
        phone,
        number,
        width,
        p.ink,
        p.primary,
    )
}

/// The back: the helplines the front does not carry, each with its name
/// and number and a few words of what it is for, and the reviewed date.
fn back(ctx: &Context, inner: Rect, entries: &[&Helpline]) -> Result<Frame, FormatError> {
    let p = &ctx.palette;
    let (_, f) = fit::largest(0.5, 1.0, |s| {
        let z = Scaled::new(ctx, s, 1.0);
        let mut f = Frame::new(Size::new(inner.right() + inner.x, inner.bottom() + inner.y));
        let y = helpline_list(ctx, &mut f, entries, inner, inner.y, &z);
        let reviewed = ctx.ts.line(
            &parts::reviewed_line(ctx),
            Weight::Regular,
            &TextStyle::new(z.text(8.0, 8.0), 1.2, p.muted),
        );
        // The reviewed date goes at the foot when there is room for it.
        let bottom = inner.bottom() - reviewed.height();
        if y + z.gap(2.0) <= bottom && reviewed.max_line_width() <= inner.width {
            f.place(Point::new(inner.x, bottom), reviewed.into_frame());
        }
        if y <= inner.bottom() {
            Ok(f)
        } else {
            Err(y - inner.bottom())
        }
    })
    .map_err(|over| ctx.does_not_fit(Format::Cards, "the card's helplines", over))?;
    Ok(f)
}

/// The "Where to get help" heading and helpline entries from `y`; returns
/// where they end.
fn helpline_list(
    ctx: &Context,
    f: &mut Frame,
    entries: &[&Helpline],
    inner: Rect,
    mut y: Pt,
    z: &Scaled,
) -> Pt {
    let heading = ctx.ts.text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(z.text(10.0, 8.5), 1.2, ctx.palette.primary),
        inner.width,
    );
    let hh = heading.height();
    f.place(Point::new(inner.x, y), heading.into_frame());
    y += hh + z.gap(2.0);
    for (i, h) in entries.iter().enumerate() {
        if i > 0 {
            y += z.gap(2.5);
        }
        let entry = helpline_entry(
            ctx,
            h,
            inner.width,
            z.text(9.5, 8.5),
            z.text(11.0, 9.0),
            z.text(8.5, 8.0),
        );
        let eh = entry.height();
        f.place(Point::new(inner.x, y), entry);
        y += eh;
    }
    y
}

/// Name (bold) and number (bold, large) on one line when they fit, the
/// number on its own line when not; then what it is for.
fn helpline_entry(
    ctx: &Context,
    h: &Helpline,
    width: Pt,
    name: Pt,
    number: Pt,
    detail: Pt,
) -> Frame {
    let p = &ctx.palette;
    let contact = h.phone().or(h.url()).or(h.email()).unwrap_or_default();
    let number = if h.phone().is_some() {
        number
    } else {
        number * 0.85
    };
    let number = parts::fit_line(ctx, contact, Weight::Bold, number, width);
    let num = parts::line_or_wrapped(
        ctx,
        contact,
        Weight::Bold,
        &TextStyle::new(number, 1.15, p.primary),
        width,
    );
    let name_w = ctx.ts.width_of(h.name.get_ref().trim(), Weight::Bold, name);
    let gap = name * 0.8;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y;
    if name_w + gap + num.max_line_width() <= width {
        let lead = ctx.ts.line(
            h.name.get_ref().trim(),
            Weight::Bold,
            &TextStyle::new(name, 1.15, p.ink),
        );
        let baseline = num.first_baseline.max(lead.first_baseline);
        let row_h = num.height().max(lead.height());
        let (lead_top, num_top) = (
            baseline - lead.first_baseline,
            baseline - num.first_baseline,
        );
        let nw = num.max_line_width();
        f.place(Point::new(Pt::ZERO, lead_top), lead.into_frame());
        f.place(Point::new(width - nw, num_top), num.into_frame());
        y = row_h;
    } else {
        let lead = ctx.ts.text(
            h.name.get_ref().trim(),
            Weight::Bold,
            &TextStyle::new(name, 1.15, p.ink),
            width,
        );
        y = lead.height();
        f.place(Point::default(), lead.into_frame());
        let nh = num.height();
        f.place(Point::new(Pt::ZERO, y), num.into_frame());
        y += nh;
    }
    let what = ctx.ts.text(
        h.short(),
        Weight::Regular,
        &TextStyle::new(detail, 1.2, p.ink),
        width,
    );
    let wh = what.height();
    f.place(Point::new(Pt::ZERO, y), what.into_frame());
    y += wh;
    f.size.height = y;
    f
}
