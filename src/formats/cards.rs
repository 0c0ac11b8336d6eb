//! Wallet cards: ten to a sheet, two across and five down, printed on both
//! sides and cut out along the crop marks.
//!
//! The front is a panel of the theme colour, inset from the cut (cards sit
//! edge to edge, so colour run to the cut would leave white slivers on the
//! outer ones), with "Keep this card", the headline, and the audience's
//! main number large: the helpline the audience file names as
//! `main_helpline`, else its first with a phone. The emergency line is at
//! its foot. The back names the audience, lists every other helpline with
//! its number and a few words, the school's contacts with their roles
//! (those the site puts on cards), and the reviewed date. A number is on
//! its name's line, right-aligned, or directly under the name. On the
//! second page the columns are mirrored, so that each back lands behind its
//! front when the sheet is printed double-sided and flipped on its long edge.
//!
//! When a card cannot hold everything at the style's sizes, the give-way
//! rule makes room; past that the cards grow: four to a sheet, then two,
//! each sized to fit inside an office printer's margins with its crop marks.

use crate::layout::{Document, Frame, Overflow, Page, Path, Role, Shape, Tags, TextStyle};
use crate::model::{self, Helpline};
use crate::style::TypeRole;
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Rect, Size};

use super::fit::{self, Step};
use super::marks;
use super::parts::{self, Scaled};
use super::{Context, Format, FormatError, Paper, SAFE_MARGIN_MM};

/// Text keeps this far from a card's edges, the cut: 6 mm, plus room for
/// the font's ascenders, which reach above the line box.
const INSET_MM: f32 = 6.5;
/// The front's colour panel stops this far inside the cut.
const PANEL_INSET_MM: f32 = 3.0;
/// Crop marks start this far from the block of cards.
const MARK_GAP_MM: f32 = 2.0;
/// Crop mark length.
const MARK_MM: f32 = 5.0;
/// The wallet card's height, what sizes are designed for.
const DESIGN_HEIGHT_MM: f32 = 55.0;

/// How cards are laid on a sheet.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Sheet {
    /// One card's size.
    pub card: Size,
    /// Cards across.
    pub columns: usize,
    /// Cards down.
    pub rows: usize,
}

impl Sheet {
    /// Cards on one sheet.
    pub fn count(self) -> usize {
        self.columns * self.rows
    }
}

/// The sheets tried, smallest cards first: ten wallet cards (ISO/IEC 7810
/// ID-1, 85 x 55 mm, on A4; the US business card, 3.5 x 2 in, on letter,
/// where five ID-1 cards would leave no margin), then four and two larger
/// cards, each as large as fits inside the printer's margin with its crop
/// marks.
pub fn sheets(paper: Paper) -> [Sheet; 3] {
    let wallet = match paper {
        Paper::Letter => Size::new(Pt(3.5 * 72.0), Pt(2.0 * 72.0)),
        _ => Size::new(Pt::mm(85.0), Pt::mm(55.0)),
    };
    let sheet = paper.size();
    // Printer's margin, the marks and their gap, and a millimetre spare.
    let edge = Pt::mm(SAFE_MARGIN_MM + MARK_GAP_MM + MARK_MM + 1.0);
    let room = Size::new(sheet.width - edge * 2.0, sheet.height - edge * 2.0);
    let whole_mm = |p: Pt| Pt::mm(p.to_mm().floor());
    let four = Size::new(whole_mm(room.width / 2.0), whole_mm(room.height / 2.0));
    let two = Size::new(whole_mm(room.width), whole_mm(room.height / 2.0));
    [
        Sheet {
            card: wallet,
            columns: 2,
            rows: 5,
        },
        Sheet {
            card: four,
            columns: 2,
            rows: 2,
        },
        Sheet {
            card: two,
            columns: 1,
            rows: 2,
        },
    ]
}

/// How the cards are made: the sheet, and whether the school's contacts
/// have a card of their own (a third page, ten to a sheet like the rest)
/// rather than sharing the helplines' back.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Plan {
    /// The sheet the cards are laid on.
    pub sheet: Sheet,
    /// True when the school's contacts are on a card of their own.
    pub school_card: bool,
}

/// The plans tried, in order: each sheet with the school's contacts on
/// the back, then (a school with contacts on its cards) the same sheet
/// with the contacts on a school card of their own, before any larger
/// card: a wallet card that grows no longer fits a wallet.
fn plans(ctx: &Context) -> Vec<Plan> {
    let contacts = ctx
        .site
        .is_some_and(|s| s.contacts.iter().any(|c| c.on_cards));
    let mut out = Vec::new();
    for sheet in sheets(ctx.paper) {
        out.push(Plan {
            sheet,
            school_card: false,
        });
        if contacts {
            out.push(Plan {
                sheet,
                school_card: true,
            });
        }
    }
    out
}

/// What a card gives up before it grows: its spacing. Who each helpline is
/// for stays: on a card it is what a reader must act on.
const STEPS: &[Step] = &[Step::Spacing];

/// Lays out a sheet of fronts and a sheet of backs.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let sheet_size = ctx.paper.size();
    // Every attempt tags into the one tree; a thrown-away attempt's nodes
    // hold no content and are pruned when the PDF is written.
    let mut tags = Tags::new();
    let fitted = fit::fit(&plans(ctx), STEPS, (0.5, 1.0), |plan, g, s| {
        let card = plan.sheet.card;
        let inner = Rect::new(
            Pt::mm(INSET_MM),
            Pt::mm(INSET_MM),
            card.width - Pt::mm(INSET_MM) * 2.0,
            card.height - Pt::mm(INSET_MM) * 2.0,
        );
        // Larger cards set larger type, by the card's height.
        let k = (card.height.to_mm() / DESIGN_HEIGHT_MM).clamp(1.0, 1.8);
        let z = Scaled::new(ctx, s, 1.0).giving_way(g);
        let size = |nominal: f32, floor: f32| z.text(nominal * k, floor);
        // Numbers never shrink in large print: never smaller than standard.
        let number = |nominal: f32, floor: f32| z.number(nominal * k, floor);
        // One card is read: its front, then its back.
        let f = ctx.group(&mut tags, Role::Sect, |tags, _| {
            front(ctx, tags, card, inner, &size, &number)
        })?;
        let b = ctx.group(&mut tags, Role::Sect, |tags, _| {
            back(ctx, tags, card, inner, &size, &z, !plan.school_card)
        })?;
        // The school's card is read after it.
        let school = if plan.school_card {
            Some(ctx.group(&mut tags, Role::Sect, |tags, _| {
                school_card(ctx, tags, card, inner, &size, &z)
            })?)
        } else {
            None
        };
        Ok((f, b, school))
    })
    .map_err(|o| {
        ctx.does_not_fit(
            Format::Cards,
            o.source.as_deref().unwrap_or("its helplines and contacts"),
            o.height,
        )
    })?;
    let plan = fitted.size;
    let sheet = plan.sheet;
    let who = ctx.who(Format::Cards, None);
    let notes = fitted.notes(&who);
    let wallet = sheets(ctx.paper)[0];
    let remarks = fitted.growth(&who, |p| {
        let larger = if p.sheet == wallet {
            String::new()
        } else {
            format!(
                "are printed {} to a sheet, larger ({:.0} x {:.0} mm)",
                p.sheet.count(),
                p.sheet.card.width.to_mm(),
                p.sheet.card.height.to_mm()
            )
        };
        let apart = if p.school_card {
            "give the school's contacts a card of their own (page 3, printed on one side)"
        } else {
            ""
        };
        let sep = if larger.is_empty() || apart.is_empty() {
            ""
        } else {
            " and "
        };
        format!("{larger}{sep}{apart}, to hold everything")
    });
    let (front, back, school) = fitted.value;
    let block = Size::new(
        sheet.card.width * sheet.columns as f32,
        sheet.card.height * sheet.rows as f32,
    );
    let origin = Point::new(
        (sheet_size.width - block.width) / 2.0,
        (sheet_size.height - block.height) / 2.0,
    );
    let mut pages = Vec::with_capacity(3);
    let mut designs = vec![(front, false), (back, true)];
    designs.extend(school.map(|s| (s, false)));
    for (design, mirrored) in designs {
        let mut page = ctx.page(sheet_size);
        page.paint_paper(ctx.palette.paper);
        for row in 0..sheet.rows {
            for col in 0..sheet.columns {
                // Backs are mirrored left to right, to sit behind their fronts.
                let c = if mirrored {
                    sheet.columns - 1 - col
                } else {
                    col
                };
                let at = origin.offset(sheet.card.width * c as f32, sheet.card.height * row as f32);
                // The first card is read; the rest are copies of it.
                let copy = if row == 0 && col == 0 {
                    design.clone()
                } else {
                    design.clone().untagged()
                };
                page.place(at, copy.items);
            }
        }
        crop_marks(&mut page, origin, sheet);
        pages.push(page);
    }
    let mut doc = ctx.document(Format::Cards, pages, tags.finish());
    doc.notes = notes;
    doc.remarks = remarks;
    Ok(doc)
}

/// Marks on every cut line, in the margin around the block of cards.
fn crop_marks(page: &mut Page, origin: Point, sheet: Sheet) {
    let (gap, len) = (Pt::mm(MARK_GAP_MM), Pt::mm(MARK_MM));
    let card = sheet.card;
    let block = Rect::new(
        origin.x,
        origin.y,
        card.width * sheet.columns as f32,
        card.height * sheet.rows as f32,
    );
    let mark = |a: Point, b: Point| {
        crate::layout::Item::Shape(Shape::stroked(
            Path::line(a, b),
            crate::colour::Colour::BLACK,
            Pt(0.25),
        ))
    };
    for c in 0..=sheet.columns {
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
    for r in 0..=sheet.rows {
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

/// The front: a colour panel inset from the cut, "Keep this card", the
/// site's logo, the headline, the main helpline's name and number large, and
/// the emergency line at the foot.
fn front(
    ctx: &Context,
    tags: &mut Tags,
    card: Size,
    inner: Rect,
    size: &dyn Fn(f32, f32) -> Pt,
    number: &dyn Fn(f32, f32) -> Pt,
) -> Result<Frame, Overflow> {
    let p = &ctx.palette;
    let a = &ctx.audience;
    let mut f = Frame::new(card);
    let panel = Pt::mm(PANEL_INSET_MM);
    f.shape(Shape::filled(
        Path::rounded_rect(
            Rect::new(
                panel,
                panel,
                card.width - panel * 2.0,
                card.height - panel * 2.0,
            ),
            Pt::mm(2.5),
        ),
        p.primary,
    ));
    let mut y = inner.y;
    // The site's logo in the top corner, on its white plate.
    let plate = parts::logo_plate(ctx, tags, inner.width * 0.35, size(26.0, 24.0));
    let plate_w = plate.as_ref().map_or(Pt::ZERO, |p| p.width() + Pt::mm(2.0));
    let keep = parts::pill(
        ctx,
        ctx.labels.keep_card.trim(),
        size(8.0, 8.0),
        p.accent,
        p.on_accent,
        inner.width - plate_w,
    );
    let kh = keep.height();
    f.place(Point::new(inner.x, y), keep.tagged(ctx.tag(tags, Role::P)));
    y += kh + size(2.0, 2.0);
    // Whose card it is: the school's or club's name beside its logo.
    if let Some(site) = ctx.site {
        let name = ctx.ts().text(
            site.name.as_str(),
            Weight::Bold,
            &TextStyle::new(TypeRole::Tag, size(8.0, 8.0), 1.15, p.on_primary),
            inner.width - plate_w,
        );
        let nh = name.height();
        f.place(
            Point::new(inner.x, y),
            name.into_frame().tagged(ctx.tag(tags, Role::P)),
        );
        y += nh + size(1.5, 1.5);
    }
    if let Some(plate) = plate {
        let ph = plate.height();
        f.place(Point::new(inner.right() - plate.width(), inner.y), plate);
        y = y.max(inner.y + ph);
    } else {
        y += size(1.0, 1.0);
    }
    let headline = ctx.ts().text(
        a.headline.as_str(),
        Weight::Bold,
        &TextStyle::new(TypeRole::Headline, size(10.5, 8.5), 1.1, p.on_primary).balanced(),
        inner.width,
    );
    let hh = headline.height();
    f.place(
        Point::new(inner.x, y),
        headline.into_frame().tagged(ctx.tag(tags, Role::H1)),
    );
    y += hh;
    if let Some(main) = ctx.main_helpline() {
        // One paragraph: the main helpline's name and number.
        let main_node = ctx.tag(tags, Role::P);
        y += size(3.0, 2.0);
        let name = ctx.ts().text(
            main.name.as_str(),
            Weight::Bold,
            &TextStyle::new(TypeRole::Name, size(11.0, 9.0), 1.15, p.on_primary),
            inner.width,
        );
        let nh = name.height();
        f.place(Point::new(inner.x, y), name.into_frame().tagged(main_node));
        y += nh;
        if let Some(contact) = parts::main_contact(main) {
            let nominal = if main.phone.is_some() {
                number(24.0, 14.0)
            } else {
                size(14.0, 11.0)
            };
            let number_size = parts::fit_line(
                ctx,
                contact,
                Weight::Bold,
                TypeRole::Number,
                nominal,
                inner.width,
            );
            let number = parts::line_or_wrapped(
                ctx,
                contact,
                Weight::Bold,
                &TextStyle::new(TypeRole::Number, number_size, 1.15, p.on_primary),
                inner.width,
            );
            let h = number.height();
            f.place(
                Point::new(inner.x, y),
                number.into_frame().tagged(main_node),
            );
            y += h;
        }
    }
    let (_, emergency) = ctx.helplines();
    let mut bottom = inner.bottom();
    for h in emergency.iter().rev() {
        let line = parts::lead_and_number(
            ctx,
            ctx.labels.emergency.trim(),
            size(9.0, 8.5),
            h.phone.as_deref().unwrap_or_default(),
            number(16.0, 11.0),
            inner.width,
            p.on_primary,
            p.on_primary,
        );
        bottom -= line.height();
        f.place(
            Point::new(inner.x, bottom),
            line.tagged(ctx.tag(tags, Role::P)),
        );
        bottom -= size(1.5, 1.0);
    }
    if y <= bottom {
        Ok(f)
    } else {
        Err(Overflow {
            height: y - bottom,
            source: Some("the main number and the emergency line on its front".into()),
        })
    }
}

/// The back: the audience, every helpline but the front's with its number
/// and a few words, the school's contacts for cards with their roles, and
/// the reviewed date.
fn back(
    ctx: &Context,
    tags: &mut Tags,
    card: Size,
    inner: Rect,
    size: &dyn Fn(f32, f32) -> Pt,
    z: &Scaled,
    with_contacts: bool,
) -> Result<Frame, Overflow> {
    let p = &ctx.palette;
    let mut f = Frame::new(card);
    let main = ctx.main_helpline();
    let (others, _) = ctx.helplines();
    let entries: Vec<&Helpline> = others
        .into_iter()
        .filter(|h| main.is_none_or(|m| !std::ptr::eq(*h, m)))
        .collect();
    let a = &ctx.audience;
    let tag = ctx.ts().text(
        &ctx.labels.for_audience(a.name.as_str()),
        Weight::Bold,
        &TextStyle::new(TypeRole::Tag, size(8.5, 8.0), 1.2, p.muted),
        inner.width,
    );
    let mut y = inner.y + tag.height() + z.gap(2.0);
    f.place(
        inner.origin(),
        tag.into_frame().tagged(ctx.tag(tags, Role::P)),
    );
    if !entries.is_empty() {
        y = heading(
            ctx,
            tags,
            &mut f,
            ctx.labels.helplines.trim(),
            inner,
            y,
            size,
        );
        let list = ctx.tag(tags, Role::L);
        for (i, h) in entries.iter().enumerate() {
            if i > 0 {
                y += z.gap(2.0);
            }
            let contact = parts::main_contact(h).unwrap_or_default();
            let row = entry(
                ctx,
                &[StyledText::new(h.name.as_str(), Weight::Bold)],
                contact,
                h.phone.as_deref().is_some(),
                Some(h.short()),
                inner.width,
                size,
            )?;
            let rh = row.height();
            f.place(
                Point::new(inner.x, y),
                row.tagged(parts::list_item(ctx, tags, list)),
            );
            y += rh;
        }
    }
    if with_contacts {
        if !entries.is_empty() && has_card_contacts(ctx) {
            y += z.gap(3.5);
        }
        y = school_contacts(ctx, tags, &mut f, inner, y, size, z)?;
    }
    finish_back(ctx, tags, f, inner, y, size, z)
}

/// True when the site puts any of its contacts on the cards.
fn has_card_contacts(ctx: &Context) -> bool {
    ctx.site
        .is_some_and(|s| s.contacts.iter().any(|c| c.on_cards))
}

/// The school's contacts (those it puts on cards) from `y`, under "Talk to
/// us: <school>"; returns where they end.
fn school_contacts(
    ctx: &Context,
    tags: &mut Tags,
    f: &mut Frame,
    inner: Rect,
    mut y: Pt,
    size: &dyn Fn(f32, f32) -> Pt,
    z: &Scaled,
) -> Result<Pt, Overflow> {
    let Some(site) = ctx.site else {
        return Ok(y);
    };
    let contacts: Vec<&model::Contact> = site.contacts.iter().filter(|c| c.on_cards).collect();
    if contacts.is_empty() {
        return Ok(y);
    }
    let title = format!("{}: {}", ctx.labels.talk_to_us.trim(), site.name.as_str());
    y = heading(ctx, tags, f, &title, inner, y, size);
    let list = ctx.tag(tags, Role::L);
    for (i, c) in contacts.iter().enumerate() {
        if i > 0 {
            y += z.gap(2.0);
        }
        // A person's name is never broken across lines.
        let who = [
            StyledText::new(format!("{}: ", c.role.as_str()), Weight::Regular),
            StyledText::unbroken(c.name.as_str(), Weight::Bold),
        ];
        let reach = c.phone.as_deref().or(c.email.as_deref());
        let row = entry(
            ctx,
            &who,
            reach.unwrap_or_default(),
            c.phone.as_deref().is_some(),
            None,
            inner.width,
            size,
        )?;
        let rh = row.height();
        f.place(
            Point::new(inner.x, y),
            row.tagged(parts::list_item(ctx, tags, list)),
        );
        y += rh;
    }
    Ok(y)
}

/// A school's card, when its contacts do not fit the helplines' back:
/// who the card is from, its contacts, and the reviewed date, on a card
/// the same size as the others.
fn school_card(
    ctx: &Context,
    tags: &mut Tags,
    card: Size,
    inner: Rect,
    size: &dyn Fn(f32, f32) -> Pt,
    z: &Scaled,
) -> Result<Frame, Overflow> {
    let mut f = Frame::new(card);
    let y = school_contacts(ctx, tags, &mut f, inner, inner.y, size, z)?;
    finish_back(ctx, tags, f, inner, y, size, z)
}

/// A card's back ended at `y`: the reviewed date at its foot, or how much
/// room is missing.
fn finish_back(
    ctx: &Context,
    tags: &mut Tags,
    mut f: Frame,
    inner: Rect,
    y: Pt,
    size: &dyn Fn(f32, f32) -> Pt,
    z: &Scaled,
) -> Result<Frame, Overflow> {
    let p = &ctx.palette;
    let reviewed = ctx.ts().text(
        &parts::reviewed_line(ctx),
        Weight::Regular,
        &TextStyle::new(TypeRole::Furniture, size(8.0, 8.0), 1.2, p.muted),
        inner.width,
    );
    let bottom = inner.bottom() - reviewed.height();
    let needed = y + z.gap(2.0);
    if needed > bottom {
        return Err(Overflow {
            height: (needed - bottom).max(Pt(1.0)),
            source: Some("the helplines and contacts on its back".into()),
        });
    }
    f.place(
        Point::new(inner.x, bottom),
        reviewed.into_frame().tagged(ctx.tag(tags, Role::Note)),
    );
    Ok(f)
}

/// A heading in the primary colour at `y`; returns where it ends.
fn heading(
    ctx: &Context,
    tags: &mut Tags,
    f: &mut Frame,
    text: &str,
    inner: Rect,
    y: Pt,
    size: &dyn Fn(f32, f32) -> Pt,
) -> Pt {
    let block = ctx.ts().text(
        text,
        Weight::Bold,
        &TextStyle::new(TypeRole::Heading, size(10.0, 8.5), 1.2, ctx.palette.primary),
        inner.width,
    );
    let h = block.height();
    f.place(
        Point::new(inner.x, y),
        block.into_frame().tagged(ctx.tag(tags, Role::H2)),
    );
    y + h + size(1.5, 1.0)
}

/// One entry: who (bold name, maybe a role before it) on the left, the
/// number or address right-aligned on the same line when both fit, else
/// right-aligned on the line below; then, if given, a few words. A number
/// or address is never broken: one too wide for the card even at the
/// smallest size is overflow, and the card grows.
fn entry(
    ctx: &Context,
    who: &[StyledText],
    contact: &str,
    phone: bool,
    words: Option<&str>,
    width: Pt,
    size: &dyn Fn(f32, f32) -> Pt,
) -> Result<Frame, Overflow> {
    let p = &ctx.palette;
    let name_size = size(9.5, 8.5);
    let nominal = if phone {
        size(11.0, 9.0)
    } else {
        size(9.5, 8.5)
    };
    let number_size = parts::fit_line(ctx, contact, Weight::Bold, TypeRole::Number, nominal, width);
    let too_wide = ctx
        .ts()
        .width_of(contact, Weight::Bold, TypeRole::Number, number_size)
        - width;
    if too_wide > Pt::ZERO {
        return Err(Overflow {
            height: too_wide,
            source: Some(format!("{contact} on one line").into()),
        });
    }
    let num = ctx.ts().line(
        contact,
        Weight::Bold,
        &TextStyle::new(TypeRole::Number, number_size, 1.15, p.primary),
    );
    let nw = num.max_line_width();
    let gap = name_size * 0.8;
    let prepared = ctx.ts().prepare(who);
    let name_w = name_size * prepared.natural_width();
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y;
    if name_w + gap + nw <= width {
        let lead = ctx.ts().set(
            &prepared,
            &TextStyle::new(TypeRole::Name, name_size, 1.15, p.ink),
            width,
        );
        let baseline = num.first_baseline.max(lead.first_baseline);
        let row_h = (baseline - lead.first_baseline + lead.height())
            .max(baseline - num.first_baseline + num.height());
        let (lead_top, num_top) = (
            baseline - lead.first_baseline,
            baseline - num.first_baseline,
        );
        f.place(Point::new(Pt::ZERO, lead_top), lead.into_frame());
        f.place(Point::new(width - nw, num_top), num.into_frame());
        y = row_h;
    } else {
        let lead = ctx.ts().set(
            &prepared,
            &TextStyle::new(TypeRole::Name, name_size, 1.15, p.ink),
            width,
        );
        // Directly under the name, where the eye goes next: right-aligned
        // on a line of its own it sat nearer the next person's role.
        y = lead.height();
        f.place(Point::default(), lead.into_frame());
        let nh = num.height();
        f.place(Point::new(Pt::ZERO, y), num.into_frame());
        y += nh;
    }
    if let Some(words) = words {
        let what = ctx.ts().text(
            words,
            Weight::Regular,
            &TextStyle::new(TypeRole::Detail, size(8.5, 8.0), 1.2, p.ink),
            width,
        );
        let wh = what.height();
        f.place(Point::new(Pt::ZERO, y), what.into_frame());
        y += wh;
    }
    f.size.height = y;
    Ok(f)
}
