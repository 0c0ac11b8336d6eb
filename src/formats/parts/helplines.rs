//! Helplines: boxes in a grid with everything, boxes in brief, or (where room
//! is short) a plain list of names and numbers. Every helpline is printed
//! at every level of detail; only what is said about it gives way.

use crate::colour::Colour;
use crate::formats::fit::HelplineDetail;
use crate::layout::{Frame, Path, Role, Shape, Tags, TextBlock, TextStyle};
use crate::model::Helpline;
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use crate::formats::Context;

use super::fit_line;

/// Sizes of the text in helpline boxes, and how much each box says.
#[derive(Copy, Clone, Debug)]
pub struct HelplineType {
    /// The service's name.
    pub name: Pt,
    /// The number to call (the largest text).
    pub number: Pt,
    /// Who it is for, and other ways to reach it.
    pub detail: Pt,
    /// Hours and cost: never below this.
    pub small: Pt,
    /// Line height factor.
    pub leading: f32,
    /// How much of each helpline is said (the give-way rule's helpline steps).
    pub level: HelplineDetail,
    /// True when the school's contacts are given by role, name and number
    /// (the give-way rule's last step).
    pub brief_contacts: bool,
}

/// The main way to reach a helpline: its phone number, else its web address,
/// else its email, else its text number.
pub fn main_contact(h: &Helpline) -> Option<&str> {
    h.phone
        .as_deref()
        .or(h.url.as_deref())
        .or(h.email.as_deref())
        .or(h.sms.as_deref())
}

/// The nominal size of a box's main contact: web addresses are long, so
/// they start smaller than phone numbers.
fn contact_size(t: &HelplineType, phone: bool) -> Pt {
    if phone {
        t.number
    } else {
        t.number * 0.62
    }
}

/// The helplines at the detail `t.level` asks for: boxes `columns` across
/// (full or brief), or a list.
#[allow(clippy::too_many_arguments)]
pub fn helplines_block(
    ctx: &Context,
    tags: &mut Tags,
    helplines: &[&Helpline],
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
) -> Frame {
    match t.level {
        HelplineDetail::Full | HelplineDetail::Brief => {
            helpline_grid(ctx, tags, helplines, width, columns, t, fill, gap)
        }
        HelplineDetail::List => helpline_list(ctx, tags, helplines, width, columns, t, gap),
    }
}

/// Helpline boxes in a grid, rows of equal height, `columns` across; a
/// short last row's boxes are wider. One list (L) of items.
#[allow(clippy::too_many_arguments)]
pub fn helpline_grid(
    ctx: &Context,
    tags: &mut Tags,
    helplines: &[&Helpline],
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
) -> Frame {
    let rows = helpline_rows(ctx, tags, helplines, width, columns, t, fill, gap);
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;
    for (r, row) in rows.into_iter().enumerate() {
        if r > 0 {
            y += gap;
        }
        let h = row.height();
        f.place(Point::new(Pt::ZERO, y), row);
        y += h;
    }
    f.size.height = y;
    f
}

/// The rows of a helpline grid (see [`helpline_grid`]), each its own frame
/// `gap` apart when stacked: for a galley that may turn a page or fold
/// between two rows. Every box is an item of one list (L).
#[allow(clippy::too_many_arguments)]
pub fn helpline_rows(
    ctx: &Context,
    tags: &mut Tags,
    helplines: &[&Helpline],
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
) -> Vec<Frame> {
    let columns = columns.clamp(1, helplines.len().max(1));
    let box_w = (width - gap * (columns as f32 - 1.0)) / columns as f32;
    let pad = t.detail * 0.75;
    let inner = box_w - pad * 2.0;
    let scales = number_scales(ctx, helplines, t, inner);
    // A list: each helpline's name, number and words together in one item.
    let list = ctx.tag(tags, Role::L);
    let mut out = Vec::new();
    for row in helplines.chunks(columns) {
        // A short last row's boxes are wider, at the same sizes.
        let w = (width - gap * (row.len() as f32 - 1.0)) / row.len() as f32;
        // Each box's item is made first, so that a bilingual edition's
        // second-language words are tagged inside it.
        let items: Vec<_> = row.iter().map(|_| list_item(ctx, tags, list)).collect();
        let boxes: Vec<Frame> = row
            .iter()
            .zip(&items)
            .map(|(h, &item)| {
                tags.within(item, |tags| helpline_box(ctx, tags, h, w, t, scales, pad))
            })
            .collect();
        let h = boxes.iter().map(Frame::height).fold(Pt::ZERO, Pt::max);
        let mut f = Frame::new(Size::new(width, h));
        for (c, b) in boxes.into_iter().enumerate() {
            let x = (w + gap) * c as f32;
            f.shape(Shape::filled(
                Path::rounded_rect(Rect::new(x, Pt::ZERO, w, h), Pt::mm(2.0)),
                fill,
            ));
            f.shape(Shape::filled(
                Path::rounded_rect(Rect::new(x, Pt::ZERO, Pt::mm(1.6), h), Pt::mm(0.8)),
                ctx.palette.primary,
            ));
            f.place(Point::new(x, Pt::ZERO), b.tagged(items[c]));
        }
        out.push(f);
    }
    out
}

/// A new item of `list`: its body, which a helpline's words are tagged as.
pub fn list_item(
    ctx: &Context,
    tags: &mut Tags,
    list: crate::layout::NodeId,
) -> crate::layout::NodeId {
    tags.within(list, |tags| {
        ctx.group(tags, Role::LI, |tags, _| ctx.tag(tags, Role::LBody))
    })
}

/// The scale of phone numbers and of web addresses: each kind shares one
/// size, the largest at which every one fits `inner` on one line.
fn number_scales(
    ctx: &Context,
    helplines: &[&Helpline],
    t: &HelplineType,
    inner: Pt,
) -> (f32, f32) {
    let scale_for = |phones: bool| {
        helplines
            .iter()
            .filter(|h| h.phone.as_deref().is_some() == phones)
            .filter_map(|h| main_contact(h))
            .map(|c| {
                let nominal = contact_size(t, phones);
                fit_line(ctx, c, Weight::Bold, TypeRole::Number, nominal, inner) / nominal
            })
            .fold(1.0f32, f32::min)
    };
    (scale_for(true), scale_for(false))
}

/// Two different numbers or addresses on one line are at least this far
/// apart, or they read as one.
pub const DISTINCT_MM: f32 = 6.0;

/// Helplines as a list without boxes, `columns` across: each name in bold,
/// its number or address in the primary colour beside it (or under it,
/// where it does not fit), and at [`HelplineDetail::List`] a few words of
/// what it is for.
pub fn helpline_list(
    ctx: &Context,
    tags: &mut Tags,
    helplines: &[&Helpline],
    width: Pt,
    columns: usize,
    t: &HelplineType,
    gap: Pt,
) -> Frame {
    let columns = columns.clamp(1, helplines.len().max(1));
    // Without boxes, only the gap keeps one column's number or address
    // from the next's: two that close read as one (6 mm at least).
    let col_gap = gap.max(Pt::mm(DISTINCT_MM));
    let col_w = (width - col_gap * (columns as f32 - 1.0)) / columns as f32;
    let scales = number_scales(ctx, helplines, t, col_w);
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;
    let list = ctx.tag(tags, Role::L);
    for (r, row) in helplines.chunks(columns).enumerate() {
        if r > 0 {
            // Rows apart by half a line, or the layout's gap when tighter.
            y += (t.detail * 0.5).min(gap);
        }
        let beside = all_beside(ctx, row, col_w, t, scales);
        let items: Vec<_> = row.iter().map(|_| list_item(ctx, tags, list)).collect();
        let entries: Vec<Frame> = row
            .iter()
            .zip(&items)
            .map(|(h, &item)| {
                tags.within(item, |tags| {
                    list_entry(ctx, tags, h, col_w, t, scales, beside)
                })
            })
            .collect();
        let h = entries.iter().map(Frame::height).fold(Pt::ZERO, Pt::max);
        for (c, e) in entries.into_iter().enumerate() {
            f.place(
                Point::new((col_w + col_gap) * c as f32, y),
                e.tagged(items[c]),
            );
        }
        y += h;
    }
    f.size.height = y;
    f
}

/// Whether a helpline's number or address goes on its name's line: both
/// one line, a name's em apart, within `width`.
fn fits_beside(name: &TextBlock, contact: &TextBlock, t: &HelplineType, width: Pt) -> bool {
    name.lines.len() == 1
        && contact.lines.len() == 1
        && name.max_line_width() + t.name + contact.max_line_width() <= width
}

/// Whether every helpline of a list's row goes beside its name (see
/// [`fits_beside`]).
fn all_beside(
    ctx: &Context,
    helplines: &[&Helpline],
    width: Pt,
    t: &HelplineType,
    scales: (f32, f32),
) -> bool {
    helplines.iter().all(|h| {
        let name = ctx.ts().text(
            h.name.as_str(),
            Weight::Bold,
            &TextStyle::new(TypeRole::Name, t.name, t.leading, ctx.palette.ink),
            width,
        );
        main_contact(h).is_some_and(|c| {
            fits_beside(&name, &contact_block(ctx, h, c, t, scales, width), t, width)
        })
    })
}

/// One entry of a helpline list, `width` wide; its number `beside` its
/// name or under it.
#[allow(clippy::too_many_arguments)]
fn list_entry(
    ctx: &Context,
    tags: &mut Tags,
    h: &Helpline,
    width: Pt,
    t: &HelplineType,
    scales: (f32, f32),
    beside: bool,
) -> Frame {
    let p = &ctx.palette;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let name = ctx.ts().text(
        h.name.as_str(),
        Weight::Bold,
        &TextStyle::new(TypeRole::Name, t.name, t.leading, p.ink),
        width,
    );
    let mut y = name.height();
    let contact = main_contact(h).map(|c| contact_block(ctx, h, c, t, scales, width));
    // The number beside its name, on its baseline, when every entry's in
    // its row does (a row reads one way); else under it.
    let beside = beside
        && contact
            .as_ref()
            .is_some_and(|c| fits_beside(&name, c, t, width));
    match contact {
        Some(block) if beside => {
            let baseline = name.first_baseline.max(block.first_baseline);
            let x = name.max_line_width() + t.name;
            let (name_top, block_top) = (
                baseline - name.first_baseline,
                baseline - block.first_baseline,
            );
            y = (name_top + name.height()).max(block_top + block.height());
            f.place(Point::new(Pt::ZERO, name_top), name.into_frame());
            f.place(Point::new(x, block_top), block.into_frame());
        }
        Some(block) => {
            f.place(Point::default(), name.into_frame());
            let bh = block.height();
            f.place(Point::new(Pt::ZERO, y), block.into_frame());
            y += bh;
        }
        None => f.place(Point::default(), name.into_frame()),
    }
    // Who it is for, in a few words: a list keeps them, whatever else gives
    // way.
    if t.level == HelplineDetail::List {
        let what = ctx.ts().text(
            h.short(),
            Weight::Regular,
            &TextStyle::new(TypeRole::Detail, t.detail, t.leading, p.ink),
            width,
        );
        let wh = what.height();
        f.place(Point::new(Pt::ZERO, y), what.into_frame());
        y += wh;
    }
    // A bilingual edition's second language: its name where it differs,
    // and its few words, each tagged in that language.
    if let Some(second) = in_second(ctx, h) {
        let mut words: Vec<(&str, Weight, TypeRole, Pt)> = Vec::new();
        if second.line.name.as_str() != h.name.as_str() {
            words.push((
                second.line.name.as_str(),
                Weight::Bold,
                TypeRole::Name,
                t.name,
            ));
        }
        if t.level == HelplineDetail::List {
            words.push((
                second.line.short(),
                Weight::Regular,
                TypeRole::Detail,
                t.detail,
            ));
        }
        for (text, weight, role, size) in words {
            let frame = second.set(
                ctx,
                text,
                weight,
                &TextStyle::new(role, size, t.leading, p.ink),
                width,
            );
            let bh = frame.height();
            f.place(Point::new(Pt::ZERO, y), frame.tagged(second.node(tags)));
            y += bh;
        }
    }
    f.size.height = y;
    f
}

/// A helpline in a bilingual edition's second language.
struct InSecond<'a> {
    /// The same helpline, with the second language's words.
    line: &'a Helpline,
    /// The second language (BCP 47): its nodes' /Lang.
    lang: String,
    /// Whether the second language reads right to left.
    rtl: bool,
}

impl InSecond<'_> {
    /// A paragraph in the second language, set in its direction and placed
    /// as `ctx`'s layout expects (see [`Context::placed_from`]).
    fn set(
        &self,
        ctx: &Context,
        text: &str,
        weight: Weight,
        style: &TextStyle,
        width: Pt,
    ) -> Frame {
        let frame = ctx
            .ts()
            .rtl(self.rtl)
            .text(text, weight, style, width)
            .into_frame();
        ctx.placed_from_direction(self.rtl, frame)
    }

    /// A paragraph node in the second language, under `tags`' current
    /// parent.
    fn node(&self, tags: &mut Tags) -> crate::layout::NodeId {
        tags.node(Role::P, Some(&self.lang))
    }
}

/// `h` in a bilingual edition's second language (the same id), or `None`
/// for an output in one language.
fn in_second<'a>(ctx: &Context<'a, '_>, h: &Helpline) -> Option<InSecond<'a>> {
    let second = ctx.second.as_ref()?;
    let id = h.id.as_str();
    let line = second
        .pack
        .helplines_for(&second.audience.id)
        .find(|x| x.id == id)?;
    Some(InSecond {
        line,
        lang: second.pack.language.locale.to_string(),
        rtl: second.pack.language.rtl,
    })
}

/// A helpline's number or address, bold in the primary colour, on one line
/// at the shared size; wrapped only when even the smallest size is too wide.
fn contact_block(
    ctx: &Context,
    h: &Helpline,
    contact: &str,
    t: &HelplineType,
    scales: (f32, f32),
    width: Pt,
) -> TextBlock {
    let phone = h.phone.as_deref().is_some();
    let scale = if phone { scales.0 } else { scales.1 };
    let size = (contact_size(t, phone) * scale).max(t.small);
    let style = TextStyle::new(TypeRole::Number, size, 1.15, ctx.palette.primary);
    if ctx
        .ts()
        .width_of(contact, Weight::Bold, TypeRole::Number, size)
        <= width
    {
        ctx.ts().line(contact, Weight::Bold, &style)
    } else {
        ctx.ts().text(contact, Weight::Bold, &style, width)
    }
}

/// The most columns, up to `max`, at which every helpline's number or
/// address fits its box on one line: at its full size unless `shrink`
/// (large print may not shrink its numbers), else at `t.small`. A
/// large-print poster has fewer, wider boxes rather than addresses broken
/// across lines.
pub fn columns_for(
    ctx: &Context,
    helplines: &[&Helpline],
    width: Pt,
    max: usize,
    t: &HelplineType,
    gap: Pt,
    shrink: bool,
) -> usize {
    // A list has no boxes to pad.
    let pad = match t.level {
        HelplineDetail::Full | HelplineDetail::Brief => t.detail * 0.75,
        HelplineDetail::List => Pt::ZERO,
    };
    (1..=max.max(1))
        .rev()
        .find(|&n| {
            let inner = (width - gap * (n as f32 - 1.0)) / n as f32 - pad * 2.0;
            // The grid shrinks numbers and addresses down to `t.small`, and
            // wraps them only below that.
            helplines.iter().all(|h| {
                let Some(c) = main_contact(h) else {
                    return true;
                };
                let size = if shrink {
                    t.small
                } else {
                    contact_size(t, h.phone.as_deref().is_some()).max(t.small)
                };
                ctx.ts().width_of(c, Weight::Bold, TypeRole::Number, size) <= inner
            })
        })
        .unwrap_or(1)
}

/// One helpline's box content (without its background), `width` wide.
fn helpline_box(
    ctx: &Context,
    tags: &mut Tags,
    h: &Helpline,
    width: Pt,
    t: &HelplineType,
    scales: (f32, f32),
    pad: Pt,
) -> Frame {
    let p = &ctx.palette;
    let inner = width - pad * 2.0;
    let brief = t.level != HelplineDetail::Full;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = pad;
    let mut put = |f: &mut Frame, block: TextBlock, space: Pt| {
        y += space;
        let bh = block.height();
        f.place(Point::new(pad, y), block.into_frame());
        y += bh;
    };
    let name = ctx.ts().text(
        h.name.as_str(),
        Weight::Bold,
        &TextStyle::new(TypeRole::Name, t.name, t.leading, p.ink),
        inner,
    );
    put(&mut f, name, Pt::ZERO);
    let main = main_contact(h);
    if let Some(contact) = main {
        let block = contact_block(ctx, h, contact, t, scales, inner);
        put(&mut f, block, t.name * 0.15);
    }
    let detail = TextStyle::new(TypeRole::Detail, t.detail, t.leading, p.ink);
    let others: Vec<String> = [
        h.sms
            .as_deref()
            .filter(|s| Some(*s) != main)
            .map(|s| format!("{} {s}", ctx.labels.text.trim())),
        h.url
            .as_deref()
            .filter(|s| Some(*s) != main)
            .map(str::to_string),
        h.email
            .as_deref()
            .filter(|s| Some(*s) != main)
            .map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .collect();
    for other in others {
        let size = fit_line(
            ctx,
            &other,
            Weight::Regular,
            TypeRole::Detail,
            t.detail,
            inner,
        )
        .max(t.small);
        let block = ctx.ts().text(
            &other,
            Weight::Regular,
            &TextStyle { size, ..detail },
            inner,
        );
        put(&mut f, block, Pt::ZERO);
    }
    let what = if brief {
        h.short()
    } else {
        h.for_whom.as_str()
    };
    let for_whom = ctx.ts().text(what, Weight::Regular, &detail, inner);
    put(&mut f, for_whom, t.detail * 0.3);
    let small = TextStyle::new(TypeRole::Detail, t.small, t.leading, p.ink);
    let extras: Vec<&str> = [h.hours.as_deref(), h.cost.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let extras = if brief && !extras.is_empty() {
        vec![extras.join(". ")]
    } else {
        extras.into_iter().map(str::to_string).collect()
    };
    for extra in extras {
        let block = ctx.ts().text(&extra, Weight::Regular, &small, inner);
        put(&mut f, block, t.small * 0.2);
    }
    // A bilingual edition's second language: the same words again in it,
    // under a hairline, each block tagged in that language. The number is
    // printed once.
    if let Some(second) = in_second(ctx, h) {
        let l = second.line;
        y += t.detail * 0.35;
        f.shape(Shape::filled(
            Path::rect(Rect::new(pad, y, inner * 0.25, Pt(0.75))),
            p.primary,
        ));
        y += t.detail * 0.35;
        if l.name.as_str() != h.name.as_str() {
            let name = second.set(
                ctx,
                l.name.as_str(),
                Weight::Bold,
                &TextStyle::new(TypeRole::Name, t.name, t.leading, p.ink),
                inner,
            );
            let name = name.tagged(second.node(tags));
            let nh = name.height();
            f.place(Point::new(pad, y), name);
            y += nh;
        }
        let what = if brief {
            l.short()
        } else {
            l.for_whom.as_str()
        };
        let mut blocks = vec![(what.to_string(), detail)];
        let extras: Vec<&str> = [l.hours.as_deref(), l.cost.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if brief && !extras.is_empty() {
            blocks.push((extras.join(". "), small));
        } else {
            blocks.extend(extras.into_iter().map(|e| (e.to_string(), small)));
        }
        for (text, style) in blocks {
            let frame = second
                .set(ctx, &text, Weight::Regular, &style, inner)
                .tagged(second.node(tags));
            let bh = frame.height();
            f.place(Point::new(pad, y), frame);
            y += bh;
        }
    }
    f.size.height = y + pad;
    f
}

/// Adds the helplines to a galley of running text, at the body's sizes,
/// in full, boxes two across (where a booklet gives them inside because
/// its back cover has no room for them in full): a heading kept with them,
/// and the boxes, each row whole.
pub fn push_helplines(
    ctx: &Context,
    tags: &mut Tags,
    g: &mut crate::layout::flow::Galley,
    width: Pt,
    t: &super::BodyType,
) {
    let (others, _) = ctx.helplines();
    if others.is_empty() {
        return;
    }
    let ht = HelplineType {
        name: t.body,
        number: t.body * 1.4,
        // Who each is for, hours and cost: what a reader acts on, never
        // smaller than the running text around them.
        detail: t.body,
        small: t.body,
        leading: 1.25,
        level: HelplineDetail::Full,
        brief_contacts: false,
    };
    g.section(ctx.labels.helplines.trim());
    let sect = ctx.tag(tags, Role::Sect);
    tags.within(sect, |tags| {
        let heading = ctx.ts().text(
            ctx.labels.helplines.trim(),
            Weight::Bold,
            &TextStyle::new(TypeRole::Heading, t.heading, 1.2, ctx.palette.primary).balanced(),
            width,
        );
        g.push_frame(
            heading.into_frame().tagged(ctx.tag(tags, Role::H2)),
            t.gap(1.4),
        );
        g.keep_with_next();
        let gap = t.gap(0.6);
        let columns = columns_for(ctx, &others, width, 2, &ht, gap, false);
        // A row at a time, so that the rows may go over a page turn
        // between them, never within one.
        let fill = ctx.palette.tint;
        let space = t.gap(0.4);
        push_helplines_block(ctx, tags, g, &others, width, columns, &ht, fill, gap, space);
    });
}

/// Pushes helplines onto a galley, `space` after what is before them: a
/// list as one block; boxes a row at a time, `gap` apart, so that a page
/// turn or a fold may come between two rows, never inside one (a
/// bilingual edition's boxes can be taller than a page).
#[allow(clippy::too_many_arguments)]
pub fn push_helplines_block(
    ctx: &Context,
    tags: &mut Tags,
    g: &mut crate::layout::flow::Galley,
    helplines: &[&Helpline],
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
    space: Pt,
) {
    if t.level == HelplineDetail::List {
        let list = helpline_list(ctx, tags, helplines, width, columns, t, gap);
        g.push_frame(list, space);
        return;
    }
    let rows = helpline_rows(ctx, tags, helplines, width, columns, t, fill, gap);
    for (r, row) in rows.into_iter().enumerate() {
        g.push_frame(row, if r == 0 { space } else { gap });
    }
}
