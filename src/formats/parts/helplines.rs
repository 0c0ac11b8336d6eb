//! Helplines in boxes, in a grid, and in brief as a "More help" list.

use crate::colour::Colour;
use crate::layout::fit;
use crate::layout::{Frame, Path, Shape, TextBlock, TextStyle};
use crate::pack::model::Helpline;
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Size};

use crate::formats::Context;

use super::fit_line;

/// Sizes of the text in helpline boxes.
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
    /// Boxes in brief, where space is short: a few words of what each line
    /// is for (`short`), hours and cost on one line.
    pub compact: bool,
}

/// The main way to reach a helpline: its phone number, else its web address,
/// else its email.
fn main_contact(h: &Helpline) -> Option<&str> {
    h.phone().or(h.url()).or(h.email()).or(h.sms())
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

/// Helpline boxes in a grid, rows of equal height, `columns` across.
/// Every number is set at one size: the largest at which each fits its box
/// on one line (a phone number is never broken).
pub fn helpline_grid(
    ctx: &Context,
    helplines: &[&Helpline],
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
) -> Frame {
    let columns = columns.clamp(1, helplines.len().max(1));
    let box_w = (width - gap * (columns as f32 - 1.0)) / columns as f32;
    let pad = t.detail * 0.75;
    let inner = box_w - pad * 2.0;
    // Phone numbers share one size, web addresses another: the largest at
    // which every one fits its box on one line.
    let scale_for = |phones: bool| {
        helplines
            .iter()
            .filter(|h| h.phone().is_some() == phones)
            .filter_map(|h| main_contact(h))
            .map(|c| {
                let nominal = contact_size(t, phones);
                fit_line(ctx, c, Weight::Bold, nominal, inner) / nominal
            })
            .fold(1.0f32, f32::min)
    };
    let scales = (scale_for(true), scale_for(false));
    let boxes: Vec<Frame> = helplines
        .iter()
        .map(|h| helpline_box(ctx, h, box_w, t, scales, pad))
        .collect();
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;
    for (r, row) in boxes.chunks(columns).enumerate() {
        if r > 0 {
            y += gap;
        }
        let h = row.iter().map(Frame::height).fold(Pt::ZERO, Pt::max);
        for (c, b) in row.iter().enumerate() {
            let x = (box_w + gap) * c as f32;
            let rect = crate::units::Rect::new(x, y, box_w, h);
            f.shape(Shape::filled(Path::rounded_rect(rect, Pt::mm(2.0)), fill));
            f.shape(Shape::filled(
                Path::rounded_rect(crate::units::Rect::new(x, y, Pt::mm(1.6), h), Pt::mm(0.8)),
                ctx.palette.primary,
            ));
            f.place(Point::new(x, y), b.clone());
        }
        y += h;
    }
    f.size.height = y;
    f
}

/// What a layout gives up, step by step, when its helplines do not fit:
/// first the boxes go brief, then the sources, then the last helplines
/// leave their boxes for a "More help" paragraph. Nothing is left out.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Economy {
    /// Helpline boxes in brief.
    pub compact: bool,
    /// Sources in brief (publishers only).
    pub brief_sources: bool,
    /// How many helplines keep their boxes.
    pub boxed: usize,
}

impl Economy {
    /// The steps for `n` helplines, from giving up nothing to keeping
    /// `min_boxed` boxes.
    pub fn steps(n: usize, min_boxed: usize) -> Vec<Economy> {
        let mut steps = vec![
            Economy {
                compact: false,
                brief_sources: false,
                boxed: n,
            },
            Economy {
                compact: true,
                brief_sources: false,
                boxed: n,
            },
        ];
        for boxed in (min_boxed.min(n)..=n).rev() {
            steps.push(Economy {
                compact: true,
                brief_sources: true,
                boxed,
            });
        }
        steps
    }
}

/// Fits a layout of `n` helplines: for each economy in turn (see
/// [`Economy::steps`]), the largest scale from `min_scale` to 1 at which
/// `attempt` fits. Returns the first that fits, or the overflow of the most
/// economical attempt.
pub fn fit_economically<T>(
    n: usize,
    min_boxed: usize,
    min_scale: f32,
    mut attempt: impl FnMut(f32, Economy) -> Result<T, Pt>,
) -> Result<T, Pt> {
    let mut least: Option<Pt> = None;
    for economy in Economy::steps(n, min_boxed) {
        match fit::largest(min_scale, 1.0, |s| attempt(s, economy)) {
            Ok((_, t)) => return Ok(t),
            Err(over) => least = Some(least.map_or(over, |l| l.min(over))),
        }
    }
    Err(least.unwrap_or(Pt::ZERO))
}

/// The most columns, up to `max`, at which every helpline's number or
/// address fits its box on one line at `size`: a large-print poster has
/// fewer, wider boxes rather than addresses broken across lines.
pub fn columns_for(
    ctx: &Context,
    helplines: &[&Helpline],
    width: Pt,
    max: usize,
    t: &HelplineType,
    gap: Pt,
) -> usize {
    let pad = t.detail * 0.75;
    (1..=max.max(1))
        .rev()
        .find(|&n| {
            let inner = (width - gap * (n as f32 - 1.0)) / n as f32 - pad * 2.0;
            // The grid shrinks numbers and addresses down to `t.small`, and
            // wraps them only below that.
            helplines
                .iter()
                .filter_map(|h| main_contact(h))
                .all(|c| ctx.ts.width_of(c, Weight::Bold, t.small) <= inner)
        })
        .unwrap_or(1)
}

/// Helplines as boxes, the first `boxed` of them, and the rest in one
/// paragraph after "More help:", each with its number and a few words:
/// every helpline is printed, in less room when room is short.
#[allow(clippy::too_many_arguments)]
pub fn helplines_block(
    ctx: &Context,
    helplines: &[&Helpline],
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
    boxed: usize,
) -> Frame {
    let (boxes, rest) = helplines.split_at(boxed.min(helplines.len()));
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;
    if !boxes.is_empty() {
        let grid = helpline_grid(ctx, boxes, width, columns, t, fill, gap);
        y = grid.height();
        f.place(Point::default(), grid);
    }
    if !rest.is_empty() {
        if y > Pt::ZERO {
            y += gap;
        }
        let mut spans = vec![StyledText::new(
            format!("{}: ", ctx.labels.more_help.trim()),
            Weight::Bold,
        )];
        for (i, h) in rest.iter().enumerate() {
            spans.push(StyledText::new(
                format!("{} ", h.name.get_ref().trim()),
                Weight::Bold,
            ));
            if let Some(c) = main_contact(h) {
                spans.push(StyledText::unbroken(c.to_string(), Weight::Bold));
            }
            let end = if i + 1 == rest.len() { "." } else { "; " };
            spans.push(StyledText::new(
                format!(" ({}){end}", h.short()),
                Weight::Regular,
            ));
        }
        let style = TextStyle::new(t.detail, t.leading, ctx.palette.ink);
        let block = ctx.ts.set(&ctx.ts.prepare(&spans), &style, width);
        let h = block.height();
        f.place(Point::new(Pt::ZERO, y), block.into_frame());
        y += h;
    }
    f.size.height = y;
    f
}

/// One helpline's box content (without its background), `width` wide.
fn helpline_box(
    ctx: &Context,
    h: &Helpline,
    width: Pt,
    t: &HelplineType,
    scales: (f32, f32),
    pad: Pt,
) -> Frame {
    let p = &ctx.palette;
    let inner = width - pad * 2.0;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = pad;
    let mut put = |f: &mut Frame, block: TextBlock, space: Pt| {
        y += space;
        let bh = block.height();
        f.place(Point::new(pad, y), block.into_frame());
        y += bh;
    };
    let name = ctx.ts.text(
        h.name.get_ref().trim(),
        Weight::Bold,
        &TextStyle::new(t.name, t.leading, p.ink),
        inner,
    );
    put(&mut f, name, Pt::ZERO);
    let main = main_contact(h);
    if let Some(contact) = main {
        let phone = h.phone().is_some();
        let scale = if phone { scales.0 } else { scales.1 };
        let size = (contact_size(t, phone) * scale).max(t.small);
        let style = TextStyle::new(size, 1.15, p.primary);
        let block = if ctx.ts.width_of(contact, Weight::Bold, size) <= inner {
            ctx.ts.line(contact, Weight::Bold, &style)
        } else {
            // Only reached when even the smallest size is too wide: wrap
            // rather than cross the box's edge.
            ctx.ts.text(contact, Weight::Bold, &style, inner)
        };
        put(&mut f, block, t.name * 0.15);
    }
    let detail = TextStyle::new(t.detail, t.leading, p.ink);
    let others: Vec<String> = [
        h.sms()
            .filter(|s| Some(*s) != main)
            .map(|s| format!("Text {s}")),
        h.url().filter(|s| Some(*s) != main).map(str::to_string),
        h.email().filter(|s| Some(*s) != main).map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .collect();
    for other in others {
        let size = fit_line(ctx, &other, Weight::Regular, t.detail, inner).max(t.small);
        let block = ctx.ts.text(
            &other,
            Weight::Regular,
            &TextStyle { size, ..detail },
            inner,
        );
        put(&mut f, block, Pt::ZERO);
    }
    let what = if t.compact {
        h.short()
    } else {
        h.for_whom.get_ref().trim()
    };
    let for_whom = ctx.ts.text(what, Weight::Regular, &detail, inner);
    put(&mut f, for_whom, t.detail * 0.3);
    let small = TextStyle::new(t.small, t.leading, p.ink);
    let extras: Vec<&str> = [h.hours(), h.cost()].into_iter().flatten().collect();
    let extras = if t.compact && !extras.is_empty() {
        vec![extras.join(". ")]
    } else {
        extras.into_iter().map(str::to_string).collect()
    };
    for extra in extras {
        let block = ctx.ts.text(&extra, Weight::Regular, &small, inner);
        put(&mut f, block, t.small * 0.2);
    }
    f.size.height = y + pad;
    f
}
