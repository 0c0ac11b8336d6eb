//! The emergency line, apart: a lead-in and a large number.

use crate::colour::Colour;
use crate::layout::{Frame, Path, Role, Shape, Tags, TextStyle};
use crate::model::Helpline;
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Size};

use crate::formats::Context;

use super::{fit_line, line_or_wrapped};

/// The emergency line, apart: a bar in the accent colour with the number
/// large, and who it is for in `detail` type (when given). `compact`: who
/// it is for goes on the number's line when it fits there (a layout that
/// is short of room; a bilingual bar keeps its lines).
#[allow(clippy::too_many_arguments)]
pub fn emergency_bar(
    ctx: &Context,
    tags: &mut Tags,
    h: &Helpline,
    width: Pt,
    label: Pt,
    number: Pt,
    detail: Option<Pt>,
    compact: bool,
) -> Frame {
    let p = &ctx.palette;
    // Short of room, the bar hugs its one line.
    let pad = label * if compact { 0.55 } else { 0.8 };
    let inner = width - pad * 2.0;
    let phone = h.phone.as_deref().unwrap_or_default();
    let mut bar = Frame::new(Size::new(width, Pt::ZERO));
    let mut content = Frame::new(Size::new(width, Pt::ZERO));
    let (line, one_line) = lead_and_number_measured(
        ctx,
        ctx.labels.emergency.trim(),
        label,
        phone,
        number,
        inner,
        p.on_accent,
        p.on_accent,
    );
    let mut y = pad + line.height();
    content.place(Point::new(pad, pad), line);
    let mut detail = detail;
    if let (true, Some(size), Some((used, baseline)), None) =
        (compact, detail, one_line, ctx.in_second())
    {
        let style = TextStyle::new(TypeRole::Detail, size, 1.3, p.on_accent);
        let gap = label;
        let text = h.for_whom.as_str();
        let w = ctx
            .ts()
            .width_of(text, Weight::Regular, TypeRole::Detail, size);
        if used + gap + w <= inner {
            let block = ctx.ts().line(text, Weight::Regular, &style);
            let top = pad + baseline - block.first_baseline;
            content.place(Point::new(pad + used + gap, top), block.into_frame());
            detail = None;
        }
    }
    // A bilingual edition's second language says it again, the number at
    // the lead-in's size, in a paragraph of its own in that language.
    let second = ctx.in_second();
    let second_line = second.as_ref().and_then(|s| {
        let (_, lines) = s.helplines();
        let l = lines.into_iter().find(|x| x.id == h.id)?;
        Some((s, l))
    });
    let mut second_content = Frame::new(Size::new(width, Pt::ZERO));
    if let Some((s, _)) = &second_line {
        let again = lead_and_number(
            s,
            s.labels.emergency.trim(),
            label,
            phone,
            label * 1.15,
            inner,
            p.on_accent,
            p.on_accent,
        );
        let ah = again.height();
        second_content.place(Point::new(pad, y), again);
        y += ah;
    }
    // Who it is for, unless the give-way rule has taken helplines to their
    // names and numbers.
    if let Some(detail) = detail {
        y += detail * 0.1;
        let style = TextStyle::new(TypeRole::Detail, detail, 1.3, p.on_accent);
        let for_whom = ctx
            .ts()
            .text(h.for_whom.as_str(), Weight::Regular, &style, inner);
        let fh = for_whom.height();
        content.place(Point::new(pad, y), for_whom.into_frame());
        y += fh;
        if let Some((_, l)) = &second_line {
            let again = ctx
                .ts()
                .text(l.for_whom.as_str(), Weight::Regular, &style, inner);
            let ah = again.height();
            second_content.place(Point::new(pad, y), again.into_frame());
            y += ah;
        }
    }
    y += pad * 0.6;
    bar.size.height = y;
    bar.shape(Shape::filled(
        Path::rounded_rect(
            crate::units::Rect::new(Pt::ZERO, Pt::ZERO, width, y),
            Pt::mm(2.0),
        ),
        p.accent,
    ));
    // The emergency line is one paragraph: "In an emergency, call 999. A
    // child in immediate danger."
    bar.place(Point::default(), content.tagged(ctx.tag(tags, Role::P)));
    if let Some((s, _)) = &second_line {
        let second_content = ctx.placed_from(s, second_content);
        bar.place(
            Point::default(),
            second_content.tagged(s.tag(tags, Role::P)),
        );
    }
    bar
}

/// A lead-in and a number on one baseline ("In an emergency, call 999"),
/// the number large; when the lead-in does not fit beside the number it
/// wraps, and the number goes on the line below. `width` wide at most.
#[allow(clippy::too_many_arguments)]
pub fn lead_and_number(
    ctx: &Context,
    lead: &str,
    lead_size: Pt,
    number: &str,
    number_size: Pt,
    width: Pt,
    lead_colour: Colour,
    number_colour: Colour,
) -> Frame {
    lead_and_number_measured(
        ctx,
        lead,
        lead_size,
        number,
        number_size,
        width,
        lead_colour,
        number_colour,
    )
    .0
}

/// [`lead_and_number`], with the width the line takes and its baseline
/// when lead-in and number went on one line.
#[allow(clippy::too_many_arguments)]
fn lead_and_number_measured(
    ctx: &Context,
    lead: &str,
    lead_size: Pt,
    number: &str,
    number_size: Pt,
    width: Pt,
    lead_colour: Colour,
    number_colour: Colour,
) -> (Frame, Option<(Pt, Pt)>) {
    // The number keeps its size where it can; the lead-in gives way. Both
    // are set 1.3 em high, the font's full height, so no glyph reaches
    // outside the frame.
    let number_size = fit_line(
        ctx,
        number,
        Weight::Bold,
        TypeRole::Emergency,
        number_size,
        width * 0.5,
    );
    let num = line_or_wrapped(
        ctx,
        number,
        Weight::Bold,
        &TextStyle::new(TypeRole::Emergency, number_size, 1.3, number_colour),
        width,
    );
    let space = ctx
        .ts()
        .width_of("x x", Weight::Bold, TypeRole::EmergencyLabel, lead_size)
        - ctx
            .ts()
            .width_of("xx", Weight::Bold, TypeRole::EmergencyLabel, lead_size);
    let room = width - num.max_line_width() - space;
    let size = fit_line(
        ctx,
        lead,
        Weight::Bold,
        TypeRole::EmergencyLabel,
        lead_size,
        room,
    );
    let style = TextStyle::new(TypeRole::EmergencyLabel, size, 1.3, lead_colour);
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    if ctx
        .ts()
        .width_of(lead, Weight::Bold, TypeRole::EmergencyLabel, size)
        <= room
    {
        let text = ctx.ts().line(lead, Weight::Bold, &style);
        let baseline = num.first_baseline.max(text.first_baseline);
        let lead_w = text.max_line_width() + space;
        let height = (baseline - num.first_baseline + num.height())
            .max(baseline - text.first_baseline + text.height());
        let (text_top, num_top) = (
            baseline - text.first_baseline,
            baseline - num.first_baseline,
        );
        let used = lead_w + num.max_line_width();
        f.place(Point::new(Pt::ZERO, text_top), text.into_frame());
        f.place(Point::new(lead_w, num_top), num.into_frame());
        f.size.height = height;
        (f, Some((used, baseline)))
    } else {
        let text = ctx.ts().text(lead, Weight::Bold, &style, width);
        let th = text.height();
        f.place(Point::default(), text.into_frame());
        let nh = num.height();
        f.place(Point::new(Pt::ZERO, th), num.into_frame());
        f.size.height = th + nh;
        (f, None)
    }
}
