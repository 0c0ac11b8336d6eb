//! A school's or club's own contacts: "Talk to us".

use crate::colour::Colour;
use crate::layout::{Frame, Path, Role, Shape, Tags, TextBlock, TextStyle};
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Size};

use crate::formats::fit::HelplineDetail;
use crate::formats::Context;
use crate::layout::Galley;

use super::sections::BodyType;

use super::fit_line;
use super::helplines::HelplineType;

/// The site's own contacts under "Talk to us", as boxes `columns` across,
/// `width` wide, in the site's colour. The heading is set at `heading`: the
/// strongest in the help area, since a school's own people are who a
/// reader asks first. `None` when there is no site or it names no one.
#[allow(clippy::too_many_arguments)]
pub fn talk_to_us(
    ctx: &Context,
    tags: &mut Tags,
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
    heading: Pt,
) -> Option<Frame> {
    let site = ctx.site?;
    if site.contacts.is_empty() {
        return None;
    }
    let p = &ctx.palette;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let heading_size = heading;
    let heading = ctx.ts().text(
        &format!("{}: {}", ctx.labels.talk_to_us.trim(), site.name.as_str()),
        Weight::Bold,
        &TextStyle::new(TypeRole::Heading, heading, 1.15, p.brand).balanced(),
        width,
    );
    let mut y = heading.height();
    f.place(
        Point::default(),
        heading.into_frame().tagged(ctx.tag(tags, Role::H2)),
    );
    // A bilingual edition says it in the second language too, on its own
    // line (the contacts are the school's, written once).
    if let Some(second) = ctx.in_second() {
        let again = second.ts().text(
            second.labels.talk_to_us.trim(),
            Weight::Bold,
            &TextStyle::new(TypeRole::Heading, heading_size, 1.15, p.brand).balanced(),
            width,
        );
        let ah = again.height();
        let again = ctx.placed_from(&second, again.into_frame());
        f.place(
            Point::new(Pt::ZERO, y),
            again.tagged(second.tag(tags, Role::H2)),
        );
        y += ah;
    }
    y += t.small * 0.3;
    // The contacts: a list, each one's role, name, number and words
    // together in one item.
    let list = ctx.tag(tags, Role::L);
    let pad = t.detail * 0.75;
    // Side by side only if every number and address still fits on one line:
    // an email address split mid-way is easily misread.
    let fits_across = |n: usize| {
        let inner = (width - gap * (n as f32 - 1.0)) / n as f32 - pad * 2.0;
        site.contacts.iter().all(|c| {
            let phone = c.phone.as_deref().is_none_or(|s| {
                ctx.ts()
                    .width_of(s, Weight::Bold, TypeRole::Number, t.small)
                    <= inner
            });
            let email = c.email.as_deref().is_none_or(|s| {
                ctx.ts()
                    .width_of(s, Weight::Regular, TypeRole::Detail, t.small)
                    <= inner
            });
            phone && email
        })
    };
    let columns = (1..=columns.clamp(1, site.contacts.len()))
        .rev()
        .find(|&n| fits_across(n))
        .unwrap_or(1);
    let box_w = (width - gap * (columns as f32 - 1.0)) / columns as f32;
    let inner = box_w - pad * 2.0;
    let number = site
        .contacts
        .iter()
        .filter_map(|c| c.phone.as_deref())
        .map(|n| fit_line(ctx, n, Weight::Bold, TypeRole::Number, t.number, inner))
        .fold(t.number, Pt::min)
        .max(t.small);
    for (r, row) in site.contacts.chunks(columns).enumerate() {
        if r > 0 {
            y += gap;
        }
        let boxes: Vec<Frame> = row
            .iter()
            .map(|c| {
                let mut b = Frame::new(Size::new(box_w, Pt::ZERO));
                let mut by = pad;
                let mut put = |b: &mut Frame, block: TextBlock| {
                    let h = block.height();
                    b.place(Point::new(pad, by), block.into_frame());
                    by += h;
                };
                let small = TextStyle::new(TypeRole::Detail, t.small, t.leading, p.ink);
                put(
                    &mut b,
                    ctx.ts()
                        .text(c.role.as_str(), Weight::Regular, &small, inner),
                );
                let name = TextStyle::new(TypeRole::Name, t.name, t.leading, p.ink);
                put(
                    &mut b,
                    ctx.ts().text(c.name.as_str(), Weight::Bold, &name, inner),
                );
                if let Some(phone) = c.phone.as_deref() {
                    put(
                        &mut b,
                        ctx.ts().line(
                            phone,
                            Weight::Bold,
                            &TextStyle::new(TypeRole::Number, number, 1.15, p.brand),
                        ),
                    );
                }
                let detail = TextStyle::new(TypeRole::Detail, t.detail, t.leading, p.ink);
                // By role, name and number only, when the give-way rule
                // has come that far: the email and the note go.
                let extras = if t.brief_contacts {
                    [None, None]
                } else {
                    [c.email.as_deref(), c.note.as_deref()]
                };
                for extra in extras.into_iter().flatten() {
                    let size = fit_line(
                        ctx,
                        extra,
                        Weight::Regular,
                        TypeRole::Detail,
                        t.detail,
                        inner,
                    )
                    .max(t.small);
                    put(
                        &mut b,
                        ctx.ts()
                            .text(extra, Weight::Regular, &TextStyle { size, ..detail }, inner),
                    );
                }
                b.size.height = by + pad;
                b
            })
            .collect();
        let h = boxes.iter().map(Frame::height).fold(Pt::ZERO, Pt::max);
        for (i, b) in boxes.into_iter().enumerate() {
            let x = (box_w + gap) * i as f32;
            let rect = crate::units::Rect::new(x, y, box_w, h);
            f.shape(Shape::filled(Path::rounded_rect(rect, Pt::mm(2.0)), fill));
            f.shape(Shape::filled(
                Path::rounded_rect(crate::units::Rect::new(x, y, Pt::mm(1.6), h), Pt::mm(0.8)),
                p.brand,
            ));
            let body = tags.within(list, |tags| {
                ctx.group(tags, Role::LI, |tags, _| ctx.tag(tags, Role::LBody))
            });
            f.place(Point::new(x, y), b.tagged(body));
        }
        y += h;
    }
    f.size.height = y;
    Some(f)
}

/// Adds the school's contacts to a galley of running text, at the body's
/// sizes, one box a row (where a leaflet or booklet gives them inside
/// because its back has no room).
pub fn push_contacts(ctx: &Context, tags: &mut Tags, g: &mut Galley, width: Pt, t: &BodyType) {
    let ht = HelplineType {
        name: t.body,
        number: t.body * 1.4,
        // Roles, emails and notes: what a reader acts on, never smaller
        // than the running text around them.
        detail: t.body,
        small: t.body,
        leading: 1.25,
        level: HelplineDetail::Full,
        brief_contacts: false,
    };
    if let Some(talk) = talk_to_us(
        ctx,
        tags,
        width,
        1,
        &ht,
        ctx.palette.tint,
        t.gap(0.6),
        t.heading,
    ) {
        g.section("the school's contacts");
        g.push_frame(talk, t.gap(1.4));
    }
}
