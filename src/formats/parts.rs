//! Pieces more than one format draws: the header, numbered points, helpline
//! boxes, the emergency bar, sections as flowing text, the footer.

use crate::colour::Colour;
use crate::layout::fit;
use crate::layout::{Align, Frame, Galley, Item, Page, Path, Shape, TextBlock, TextStyle};
use crate::pack::markup::{self, Block};
use crate::pack::model::{self, Helpline};
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Rect, Size};

use super::{Context, Format, FormatError};

/// Sizes for one fitting attempt: each text size is its nominal size times
/// the scale, but never under its floor; gaps scale with no floor. Floors
/// are given for 12 pt body text and rise by as much as the style's body
/// minimum does (large print adds 4 pt: a 24 pt headline is large print
/// already, so display type is not multiplied), and never go under the
/// style's smallest size. `paper` scales everything with the sheet
/// (posters).
#[derive(Copy, Clone, Debug)]
pub struct Scaled {
    /// How far the type is shrunk: 1 is nominal.
    pub scale: f32,
    /// How much larger than the design paper this paper is.
    pub paper: f32,
    /// The style's smallest body size, in points.
    pub body_min: f32,
    /// The style's smallest size of any text.
    pub small_min: Pt,
}

impl Scaled {
    /// Sizes at `scale` for a context, on a paper `paper` times the design's.
    pub fn new(ctx: &Context, scale: f32, paper: f32) -> Scaled {
        Scaled {
            scale,
            paper,
            body_min: ctx.typo.body_min.0,
            small_min: ctx.typo.small_min,
        }
    }

    /// A type size: `nominal` at full scale, never under `floor`.
    pub fn text(&self, nominal: f32, floor: f32) -> Pt {
        let floor = Pt(floor + (self.body_min - 12.0).max(0.0)).max(self.small_min);
        Pt(nominal * self.scale).max(floor) * self.paper
    }

    /// A gap or rule that scales with the type but has no floor.
    pub fn gap(&self, nominal: f32) -> Pt {
        Pt(nominal * self.scale * self.paper)
    }
}

/// Sizes of the header: the audience tag, the headline, the strapline.
#[derive(Copy, Clone, Debug)]
pub struct HeaderType {
    /// The "For parents and carers" tag.
    pub tag: Pt,
    /// The headline.
    pub headline: Pt,
    /// The strapline.
    pub strapline: Pt,
    /// Whether the strapline is shown at all.
    pub show_strapline: bool,
}

/// The header's content (tag, headline, strapline) in `on_primary`, to sit on
/// a band of the primary colour that the format draws.
pub fn header(ctx: &Context, width: Pt, t: &HeaderType) -> Frame {
    let a = &ctx.audience.spec.audience;
    let p = &ctx.palette;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;

    // A site's logo sits top right, its name above the tag.
    let plate = logo_plate(ctx, width * 0.3, t.tag * 4.2);
    let plate_w = plate.as_ref().map_or(Pt::ZERO, |p| p.width() + t.tag);
    if let Some(site) = ctx.site {
        let style = TextStyle::new(t.tag * 1.15, 1.2, p.on_primary);
        let name = ctx
            .ts
            .text(site.name(), Weight::Bold, &style, width - plate_w);
        let h = name.height();
        f.place(Point::new(Pt::ZERO, y), name.into_frame());
        y += h + t.tag * 0.4;
    }
    let tag = pill(
        ctx,
        &ctx.labels.for_audience(a.name.get_ref().trim()),
        t.tag,
        p.accent,
        p.on_accent,
        width - plate_w,
    );
    let tag_h = tag.height();
    f.place(Point::new(Pt::ZERO, y), tag);
    y += tag_h;
    if let Some(plate) = plate {
        let ph = plate.height();
        f.place(Point::new(width - plate.width(), Pt::ZERO), plate);
        y = y.max(ph);
    }
    y += t.headline * 0.35;

    let style = TextStyle::new(t.headline, 1.08, p.on_primary).balanced();
    let headline = ctx
        .ts
        .text(a.headline.get_ref().trim(), Weight::Bold, &style, width);
    let h = headline.height();
    f.place(Point::new(Pt::ZERO, y), headline.into_frame());
    y += h;

    if let Some(strap) = model::given(&a.strapline).filter(|_| t.show_strapline) {
        y += t.strapline * 0.45;
        let style = TextStyle::new(t.strapline, 1.25, p.on_primary);
        let block = ctx.ts.text(strap, Weight::Regular, &style, width);
        let h = block.height();
        f.place(Point::new(Pt::ZERO, y), block.into_frame());
        y += h;
    }
    f.size.height = y;
    f
}

/// The site's logo on a white rounded plate (logos are made for white),
/// no larger than `max_w` by `max_h`. `None` without a logo.
pub fn logo_plate(ctx: &Context, max_w: Pt, max_h: Pt) -> Option<Frame> {
    // Held for the whole site's build by build::render_jobs, so this is
    // a shared copy, not a second decode.
    let image = ctx
        .site
        .and_then(|s| s.logo.as_ref())
        .and_then(|l| l.image().ok())?;
    let pad = max_h * 0.12;
    let inner = crate::units::Rect::new(pad, pad, max_w - pad * 2.0, max_h - pad * 2.0);
    let picture = crate::layout::Picture::fit(image, inner, false);
    let w = picture.rect.width + pad * 2.0;
    let h = picture.rect.height + pad * 2.0;
    let mut f = Frame::new(Size::new(w, h));
    f.shape(Shape::filled(
        Path::rounded_rect(crate::units::Rect::new(Pt::ZERO, Pt::ZERO, w, h), pad),
        Colour::WHITE,
    ));
    f.push(Item::Image(crate::layout::Picture {
        rect: crate::units::Rect::new(pad, pad, picture.rect.width, picture.rect.height),
        image: picture.image,
    }));
    Some(f)
}

/// The site's own contacts under "Talk to us", as boxes `columns` across,
/// `width` wide. `None` when there is no site or it names no one.
pub fn talk_to_us(
    ctx: &Context,
    width: Pt,
    columns: usize,
    t: &HelplineType,
    fill: Colour,
    gap: Pt,
) -> Option<Frame> {
    let site = ctx.site?;
    if site.spec.contacts.is_empty() {
        return None;
    }
    let p = &ctx.palette;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let heading = ctx.ts.text(
        &format!("{}: {}", ctx.labels.talk_to_us.trim(), site.name()),
        Weight::Bold,
        &TextStyle::new(t.name * 1.15, 1.2, p.primary),
        width,
    );
    let mut y = heading.height() + t.small * 0.3;
    f.place(Point::default(), heading.into_frame());
    let pad = t.detail * 0.75;
    // Side by side only if every number and address still fits on one line:
    // an email address split mid-way is easily misread.
    let fits_across = |n: usize| {
        let inner = (width - gap * (n as f32 - 1.0)) / n as f32 - pad * 2.0;
        site.spec.contacts.iter().all(|c| {
            let phone = model::given(&c.phone)
                .is_none_or(|s| ctx.ts.width_of(s, Weight::Bold, t.small) <= inner);
            let email = model::given(&c.email)
                .is_none_or(|s| ctx.ts.width_of(s, Weight::Regular, t.small) <= inner);
            phone && email
        })
    };
    let columns = (1..=columns.clamp(1, site.spec.contacts.len()))
        .rev()
        .find(|&n| fits_across(n))
        .unwrap_or(1);
    let box_w = (width - gap * (columns as f32 - 1.0)) / columns as f32;
    let inner = box_w - pad * 2.0;
    let number = site
        .spec
        .contacts
        .iter()
        .filter_map(|c| model::given(&c.phone))
        .map(|n| fit_line(ctx, n, Weight::Bold, t.number, inner))
        .fold(t.number, Pt::min)
        .max(t.small);
    for (r, row) in site.spec.contacts.chunks(columns).enumerate() {
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
                let small = TextStyle::new(t.small, t.leading, p.ink);
                put(
                    &mut b,
                    ctx.ts
                        .text(c.role.get_ref().trim(), Weight::Regular, &small, inner),
                );
                let name = TextStyle::new(t.name, t.leading, p.ink);
                put(
                    &mut b,
                    ctx.ts
                        .text(c.name.get_ref().trim(), Weight::Bold, &name, inner),
                );
                if let Some(phone) = model::given(&c.phone) {
                    put(
                        &mut b,
                        ctx.ts.line(
                            phone,
                            Weight::Bold,
                            &TextStyle::new(number, 1.15, p.primary),
                        ),
                    );
                }
                let detail = TextStyle::new(t.detail, t.leading, p.ink);
                for extra in [model::given(&c.email), model::given(&c.note)]
                    .into_iter()
                    .flatten()
                {
                    let size = fit_line(ctx, extra, Weight::Regular, t.detail, inner).max(t.small);
                    put(
                        &mut b,
                        ctx.ts
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
                p.accent,
            ));
            f.place(Point::new(x, y), b);
        }
        y += h;
    }
    f.size.height = y;
    Some(f)
}

/// Text in a rounded pill of colour `bg`, no wider than `max_w`: on one
/// line when it fits, wrapped (in a rounded box) when it does not.
pub fn pill(ctx: &Context, text: &str, size: Pt, bg: Colour, fg: Colour, max_w: Pt) -> Frame {
    let style = TextStyle::new(size, 1.2, fg);
    let (pad_x, pad_y) = (size * 0.6, size * 0.2);
    let block = ctx.ts.text(text, Weight::Bold, &style, max_w - pad_x * 2.0);
    let w = block.max_line_width() + pad_x * 2.0;
    let h = block.height() + pad_y * 2.0;
    let mut f = Frame::new(Size::new(w, h));
    let radius = (style.line_height() + pad_y * 2.0) / 2.0;
    f.shape(Shape::filled(
        Path::rounded_rect(crate::units::Rect::new(Pt::ZERO, Pt::ZERO, w, h), radius),
        bg,
    ));
    f.place(Point::new(pad_x, pad_y), block.into_frame());
    f
}

/// A filled circle with a number in it, centred on `centre`.
pub fn number_marker(
    ctx: &Context,
    n: usize,
    centre: Point,
    radius: Pt,
    fill: Colour,
    ink: Colour,
) -> Vec<Item> {
    let size = radius * 1.15;
    let style = TextStyle::new(size, 1.0, ink).aligned(Align::Centre);
    let block = ctx.ts.line(&n.to_string(), Weight::Bold, &style);
    // Centre the digits' cap height (digits are cap-high) on the circle.
    let x = centre.x - block.max_line_width() / 2.0;
    let y = centre.y + block.cap_height / 2.0 - block.first_baseline;
    let mut items = vec![Item::Shape(Shape::filled(
        Path::circle(centre, radius),
        fill,
    ))];
    items.extend(
        block
            .into_frame()
            .items
            .into_iter()
            .map(|i| i.translated(x, y)),
    );
    items
}

/// A list of points, each after a numbered circle; returns the frame.
pub fn numbered_points(
    ctx: &Context,
    points: &[&str],
    width: Pt,
    style: &TextStyle,
    gap: Pt,
) -> Frame {
    let radius = style.size * 0.78;
    let indent = radius * 2.0 + style.size * 0.6;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;
    for (i, point) in points.iter().enumerate() {
        if i > 0 {
            y += gap;
        }
        let block = ctx.ts.text(point, Weight::Regular, style, width - indent);
        let centre = Point::new(radius, y + block.first_baseline - block.cap_height / 2.0);
        let h = block.height().max(radius * 2.0);
        f.items.extend(number_marker(
            ctx,
            i + 1,
            centre,
            radius,
            ctx.palette.accent,
            ctx.palette.on_accent,
        ));
        f.place(Point::new(indent, y), block.into_frame());
        y += h;
    }
    f.size.height = y;
    f
}

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

/// The size at which `text` fits `width` on one line: `size`, or smaller,
/// but never under the style's smallest size (where it may not fit: set it
/// with [`line_or_wrapped`]).
pub fn fit_line(ctx: &Context, text: &str, weight: Weight, size: Pt, width: Pt) -> Pt {
    let w = ctx.ts.width_of(text, weight, size);
    let fitted = if w <= width {
        size
    } else {
        size * (width / w) * 0.999
    };
    fitted.max(ctx.typo.small_min)
}

/// Text on one line when it fits `width`, wrapped when it does not: text
/// never crosses its box.
pub fn line_or_wrapped(
    ctx: &Context,
    text: &str,
    weight: Weight,
    style: &TextStyle,
    width: Pt,
) -> TextBlock {
    if ctx.ts.width_of(text, weight, style.size) <= width {
        ctx.ts.line(text, weight, style)
    } else {
        ctx.ts.text(text, weight, style, width)
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

/// The emergency line, apart: a bar in the accent colour with the number large.
pub fn emergency_bar(
    ctx: &Context,
    h: &Helpline,
    width: Pt,
    label: Pt,
    number: Pt,
    detail: Pt,
) -> Frame {
    let p = &ctx.palette;
    let pad = label * 0.8;
    let inner = width - pad * 2.0;
    let phone = h.phone().unwrap_or_default();
    let mut bar = Frame::new(Size::new(width, Pt::ZERO));
    let mut content = Frame::new(Size::new(width, Pt::ZERO));
    let line = lead_and_number(
        ctx,
        ctx.labels.emergency.trim(),
        label,
        phone,
        number,
        inner,
        p.on_accent,
        p.on_accent,
    );
    let mut y = pad + line.height() + detail * 0.1;
    content.place(Point::new(pad, pad), line);
    let style = TextStyle::new(detail, 1.3, p.on_accent);
    let for_whom = ctx
        .ts
        .text(h.for_whom.get_ref().trim(), Weight::Regular, &style, inner);
    let fh = for_whom.height();
    content.place(Point::new(pad, y), for_whom.into_frame());
    y += fh + pad * 0.6;
    bar.size.height = y;
    bar.shape(Shape::filled(
        Path::rounded_rect(
            crate::units::Rect::new(Pt::ZERO, Pt::ZERO, width, y),
            Pt::mm(2.0),
        ),
        p.accent,
    ));
    bar.place(Point::default(), content);
    bar
}

/// A QR code of the pack's address with the "scan" label and the address
/// printed beside it, for readers without a phone. `None` without a url.
pub fn qr_block(
    ctx: &Context,
    size: Pt,
    text: Pt,
    width: Pt,
    ink: Colour,
    paper: Colour,
) -> Option<Frame> {
    let url = model::given(&ctx.pack.spec.pack.url)?;
    let code = crate::layout::qr::qr(url, size, ink, paper).ok()?;
    let gap = text * 0.8;
    let text_w = (width - size - gap).max(width * 0.3);
    let mut spans = vec![StyledText::new(
        format!("{}\n", ctx.labels.scan.trim()),
        Weight::Bold,
    )];
    spans.push(StyledText::new(display_url(url), Weight::Regular));
    let block = ctx.ts.set(
        &ctx.ts.prepare(&spans),
        &TextStyle::new(text, 1.3, ink),
        text_w,
    );
    let h = size.max(block.height());
    let mut f = Frame::new(Size::new(width, h));
    let text_top = (size - block.height()).max(Pt::ZERO) / 2.0;
    f.place(Point::default(), code);
    f.place(Point::new(size + gap, text_top), block.into_frame());
    Some(f)
}

/// The call to action in a box of the primary colour, `width` wide.
pub fn call_to_action_box(ctx: &Context, text: &str, width: Pt, body: Pt) -> Frame {
    let pad = body * 0.7;
    let style = TextStyle::new(body * 1.1, ctx.typo.leading, ctx.palette.on_primary);
    let block = ctx.ts.text(text, Weight::Bold, &style, width - pad * 2.0);
    let h = block.height() + pad * 2.0;
    let mut f = Frame::new(Size::new(width, h));
    f.shape(Shape::filled(
        Path::rounded_rect(
            crate::units::Rect::new(Pt::ZERO, Pt::ZERO, width, h),
            Pt::mm(2.0),
        ),
        ctx.palette.primary,
    ));
    f.place(Point::new(pad, pad), block.into_frame());
    f
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
    // The number keeps its size where it can; the lead-in gives way. Both
    // are set 1.3 em high, the font's full height, so no glyph reaches
    // outside the frame.
    let number_size = fit_line(ctx, number, Weight::Bold, number_size, width * 0.5);
    let num = line_or_wrapped(
        ctx,
        number,
        Weight::Bold,
        &TextStyle::new(number_size, 1.3, number_colour),
        width,
    );
    let space = ctx.ts.width_of("x x", Weight::Bold, lead_size)
        - ctx.ts.width_of("xx", Weight::Bold, lead_size);
    let room = width - num.max_line_width() - space;
    let size = fit_line(ctx, lead, Weight::Bold, lead_size, room);
    let style = TextStyle::new(size, 1.3, lead_colour);
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    if ctx.ts.width_of(lead, Weight::Bold, size) <= room {
        let text = ctx.ts.line(lead, Weight::Bold, &style);
        let baseline = num.first_baseline.max(text.first_baseline);
        let lead_w = text.max_line_width() + space;
        let height = (baseline - num.first_baseline + num.height())
            .max(baseline - text.first_baseline + text.height());
        let (text_top, num_top) = (
            baseline - text.first_baseline,
            baseline - num.first_baseline,
        );
        f.place(Point::new(Pt::ZERO, text_top), text.into_frame());
        f.place(Point::new(lead_w, num_top), num.into_frame());
        f.size.height = height;
    } else {
        let text = ctx.ts.text(lead, Weight::Bold, &style, width);
        let th = text.height();
        f.place(Point::default(), text.into_frame());
        let nh = num.height();
        f.place(Point::new(Pt::ZERO, th), num.into_frame());
        f.size.height = th + nh;
    }
    f
}

/// "Reviewed 22 November 2026".
pub fn reviewed_line(ctx: &Context) -> String {
    match ctx.pack.reviewed() {
        Some(d) => format!(
            "{} {}",
            ctx.labels.reviewed.trim(),
            ctx.labels.date(d, ctx.pack.locale())
        ),
        None => String::new(),
    }
}

/// The sources as rich text: "Sources: Publisher, Title (site); ...".
pub fn sources_text(ctx: &Context) -> Vec<StyledText> {
    sources(ctx, false)
}

/// The sources in brief, for small panels: each publisher once, with its
/// site ("Sources: NSPCC (www.nspcc.org.uk); ...").
pub fn sources_brief(ctx: &Context) -> Vec<StyledText> {
    sources(ctx, true)
}

fn sources(ctx: &Context, brief: bool) -> Vec<StyledText> {
    let sources = &ctx.pack.spec.pack.sources;
    if sources.is_empty() {
        return Vec::new();
    }
    let mut list: Vec<String> = Vec::new();
    let mut sites: Vec<String> = Vec::new();
    for s in sources {
        let url = model::given(&s.url).map(display_url);
        // In brief, each site once.
        if brief && url.as_ref().is_some_and(|u| sites.contains(u)) {
            continue;
        }
        let mut t = s.publisher.get_ref().trim().to_string();
        if !brief {
            t = format!("{t}, {}", s.title.get_ref().trim());
        }
        if let Some(url) = url {
            t.push_str(&format!(" ({url})"));
            sites.push(url);
        }
        if !list.contains(&t) {
            list.push(t);
        }
    }
    vec![
        StyledText::new(format!("{}: ", ctx.labels.sources), Weight::Bold),
        StyledText::new(list.join("; ") + ".", Weight::Regular),
    ]
}

/// A web address as people type it: without the scheme or a trailing slash.
pub fn display_url(url: &str) -> String {
    let u = url.trim();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    u.strip_suffix('/').unwrap_or(u).to_string()
}

/// Sizes for running text: body, headings, markers.
#[derive(Copy, Clone, Debug)]
pub struct BodyType {
    /// Running text.
    pub body: Pt,
    /// Section headings.
    pub heading: Pt,
    /// Line height factor for running text.
    pub leading: f32,
}

/// Every section of the audience as a galley of flowing text, `width` wide.
pub fn sections_galley(ctx: &Context, width: Pt, t: &BodyType) -> Galley {
    let p = &ctx.palette;
    let body = TextStyle::new(t.body, t.leading, p.ink);
    let heading_style = TextStyle::new(t.heading, 1.2, p.primary).balanced();
    let mut g = Galley::new();
    let audience = &ctx.audience;
    for (i, (section, blocks)) in audience
        .spec
        .sections
        .iter()
        .zip(&audience.bodies)
        .enumerate()
    {
        let heading = section.heading.get_ref().trim();
        g.section(heading);
        let space = if i == 0 { Pt::ZERO } else { t.body * 1.15 };
        let block = ctx.ts.text(heading, Weight::Bold, &heading_style, width);
        let lines = block.into_line_frames();
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            if k > 0 {
                g.keep_with_next();
            }
            g.push_frame(line, if k == 0 { space } else { Pt::ZERO });
        }
        if n > 0 {
            g.keep_with_next();
        }
        let mut first = true;
        for b in blocks {
            let gap = if first { t.body * 0.3 } else { t.body * 0.45 };
            match b {
                Block::Paragraph(spans) => {
                    let block = ctx.ts.set(&ctx.ts.prepare(&styled(spans)), &body, width);
                    g.push_text(block, gap);
                }
                Block::Bullet(spans) => {
                    let gap = if first { gap } else { t.body * 0.25 };
                    push_marked(
                        ctx,
                        &mut g,
                        &styled(spans),
                        Marker::Bullet,
                        width,
                        &body,
                        gap,
                    );
                }
            }
            first = false;
        }
        for (n, item) in section.items.iter().enumerate() {
            let gap = if first { t.body * 0.4 } else { t.body * 0.45 };
            let spans = [
                StyledText::new(run_in(item.title.get_ref()), Weight::Bold),
                StyledText::new(item.text.get_ref().trim(), Weight::Regular),
            ];
            push_marked(
                ctx,
                &mut g,
                &spans,
                Marker::Number(n + 1),
                width,
                &body,
                gap,
            );
            first = false;
        }
    }
    g
}

/// A run-in heading: the title, a full stop unless it already ends in
/// punctuation, and a space before the text that follows on the same line.
fn run_in(title: &str) -> String {
    let t = title.trim();
    let stop = if t.ends_with(['.', '?', '!', ':']) {
        ""
    } else {
        "."
    };
    format!("{t}{stop} ")
}

/// Markup spans as styled text.
pub fn styled(spans: &[markup::Span]) -> Vec<StyledText> {
    spans
        .iter()
        .map(|s| {
            StyledText::new(
                s.text.clone(),
                if s.bold {
                    Weight::Bold
                } else {
                    Weight::Regular
                },
            )
        })
        .collect()
}

/// What hangs to the left of a list item.
#[derive(Copy, Clone, Debug)]
pub enum Marker {
    /// A round bullet.
    Bullet,
    /// A numbered circle.
    Number(usize),
}

/// Adds a list item: the text indented, the marker hanging beside its first line.
pub fn push_marked(
    ctx: &Context,
    g: &mut Galley,
    spans: &[StyledText],
    marker: Marker,
    width: Pt,
    style: &TextStyle,
    space_before: Pt,
) {
    let size = style.size;
    let indent = match marker {
        Marker::Bullet => size * 1.1,
        Marker::Number(_) => size * 2.0,
    };
    let block = ctx.ts.set(&ctx.ts.prepare(spans), style, width - indent);
    let first_baseline = block.first_baseline;
    let cap = block.cap_height;
    let mut lines = block.into_line_frames();
    for line in &mut lines {
        line.size.width = width;
        for item in std::mem::take(&mut line.items) {
            line.items.push(item.translated(indent, Pt::ZERO));
        }
    }
    if let Some(first) = lines.first_mut() {
        let cy = first_baseline - cap / 2.0;
        match marker {
            Marker::Bullet => first.shape(Shape::filled(
                Path::circle(Point::new(size * 0.3, cy), size * 0.2),
                ctx.palette.primary,
            )),
            Marker::Number(n) => {
                let r = size * 0.72;
                first.items.extend(number_marker(
                    ctx,
                    n,
                    Point::new(r, cy),
                    r,
                    ctx.palette.primary,
                    ctx.palette.on_primary,
                ));
            }
        }
    }
    g.push_lines(lines, space_before);
}

/// The front cover: the theme colour to the sheet's edge, the audience tag,
/// the headline as large as fits, the strapline, the key points, and at the
/// foot the site's logo and name (or, with no site, the pack's title).
///
/// `fill` is the area painted in the theme colour (bleed included, as the
/// format decides); `text` is where text may go. `key_points` is false when
/// the key points are printed elsewhere (an abridged leaflet's inside).
pub fn cover(
    ctx: &Context,
    page: &mut Page,
    fill: Rect,
    text: Rect,
    body: Pt,
    format: Format,
    key_points: bool,
) -> Result<(), FormatError> {
    let p = &ctx.palette;
    page.fill(fill, p.primary);
    let (x, w) = (text.x, text.width);
    let a = &ctx.audience.spec.audience;
    let title = cover_foot(ctx, w);
    let points: Vec<&str> = a
        .key_points
        .get_ref()
        .iter()
        .map(|k| k.get_ref().trim())
        .collect();
    let headline = a.headline.get_ref().trim();
    let strap = crate::pack::model::given(&a.strapline);
    let room = text.height - title.height() - Pt::mm(6.0);

    // Everything above the title, as large as fits: the headline from 30 pt,
    // the key points from the body size up.
    let (_, content) = fit::largest(0.0, 1.0, |s| {
        let mut f = Frame::new(Size::new(w, Pt::ZERO));
        let mut y = Pt::mm(2.0);
        let tag = pill(
            ctx,
            &ctx.labels.for_audience(a.name.get_ref().trim()),
            Pt(10.0).max(ctx.typo.small_min),
            p.accent,
            p.on_accent,
            w,
        );
        let tag_h = tag.height();
        f.place(Point::new(Pt::ZERO, y), tag);
        y += tag_h + Pt::mm(6.0);
        let style = TextStyle::new(Pt(18.0 + 12.0 * s), 1.1, p.on_primary).balanced();
        let block = ctx.ts.text(headline, Weight::Bold, &style, w);
        let bh = block.height();
        f.place(Point::new(Pt::ZERO, y), block.into_frame());
        y += bh + Pt::mm(3.0);
        if let Some(strap) = strap {
            let block = ctx.ts.text(
                strap,
                Weight::Regular,
                &TextStyle::new(body * 1.05, 1.3, p.on_primary),
                w,
            );
            let bh = block.height();
            f.place(Point::new(Pt::ZERO, y), block.into_frame());
            y += bh;
        }
        y += Pt::mm(4.0);
        f.shape(Shape::filled(
            Path::rect(Rect::new(Pt::ZERO, y, Pt::mm(16.0), Pt::mm(1.2))),
            p.accent,
        ));
        y += Pt::mm(1.2);
        if key_points {
            y += Pt::mm(4.8);
            let style = TextStyle::new(body * (1.0 + 0.1 * s), ctx.typo.leading, p.on_primary);
            let list = numbered_points(ctx, &points, w, &style, body * 0.45);
            let lh = list.height();
            f.place(Point::new(Pt::ZERO, y), list);
            y += lh;
        }
        f.size.height = y;
        if y <= room {
            Ok(f)
        } else {
            Err(y - room)
        }
    })
    .map_err(|over| ctx.does_not_fit(format, "the cover's headline and key points", over))?;
    page.place(text.origin(), content.items);
    let foot = text.bottom() - title.height();
    page.place(Point::new(x, foot), title.items);
    Ok(())
}

/// The foot of a cover, `w` wide: the site's logo and name, or the pack's
/// title when there is no site.
fn cover_foot(ctx: &Context, w: Pt) -> Frame {
    let p = &ctx.palette;
    let size = Pt(11.0).max(ctx.typo.small_min);
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    if let Some(plate) = logo_plate(ctx, w * 0.6, Pt::mm(16.0)) {
        let h = plate.height();
        f.place(Point::default(), plate);
        y += h + size * 0.5;
    }
    let name = ctx
        .site
        .map_or(ctx.pack.spec.pack.title.get_ref().trim(), |s| s.name());
    let block = ctx.ts.text(
        name,
        Weight::Bold,
        &TextStyle::new(size, 1.3, p.on_primary),
        w,
    );
    let h = block.height();
    f.place(Point::new(Pt::ZERO, y), block.into_frame());
    f.size.height = y + h;
    f
}

/// The helplines, emergency line, QR code, reviewed date and sources as one
/// column `w` wide, at the sizes `z` gives: the back
/// panel of a leaflet, the back cover of a booklet.
///
/// Helpline boxes are set `columns` across.
pub fn help_column(ctx: &Context, w: Pt, z: &Scaled, economy: Economy, columns: usize) -> Frame {
    let p = &ctx.palette;
    let small = ctx.typo.small_min;
    let size = |nominal: f32, floor: f32| z.text(nominal, floor);
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    let contact_type = HelplineType {
        name: size(12.0, 9.5),
        number: size(19.0, 13.0),
        detail: size(10.5, 8.5),
        small: size(9.5, 8.5),
        leading: 1.25,
        compact: false,
    };
    // Two contacts side by side even in a narrow column: a phone number fits.
    if let Some(talk) = talk_to_us(ctx, w, columns.max(2), &contact_type, p.tint, z.gap(6.0)) {
        let th = talk.height();
        f.place(Point::new(Pt::ZERO, y), talk);
        y += th + z.gap(10.0);
    }
    let heading = ctx.ts.text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(size(17.0, 12.0), 1.15, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading.into_frame());
    y += hh + z.gap(5.0);
    if !others.is_empty() {
        let t = HelplineType {
            name: size(12.0, 9.5),
            number: size(19.0, 13.0),
            detail: size(10.5, 8.5),
            small: size(9.5, 8.5),
            leading: 1.25,
            compact: economy.compact,
        };
        let grid = helplines_block(
            ctx,
            &others,
            w,
            columns,
            &t,
            p.tint,
            z.gap(6.0),
            economy.boxed,
        );
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    for h in emergency {
        y += z.gap(6.0);
        let bar = emergency_bar(
            ctx,
            h,
            w,
            size(13.0, 11.0),
            size(30.0, 22.0),
            size(10.0, 9.0),
        );
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }
    if let Some(qr) = qr_block(ctx, Pt::mm(22.0), size(10.0, 9.0), w, p.ink, p.paper) {
        y += z.gap(8.0);
        let qh = qr.height();
        f.place(Point::new(Pt::ZERO, y), qr);
        y += qh;
    }
    y += z.gap(8.0);
    let mut foot = vec![StyledText::new(
        format!("{}. ", reviewed_line(ctx)),
        Weight::Bold,
    )];
    foot.extend(if economy.brief_sources {
        sources_brief(ctx)
    } else {
        sources_text(ctx)
    });
    let block = ctx.ts.set(
        &ctx.ts.prepare(&foot),
        &TextStyle::new(small, 1.3, p.muted),
        w,
    );
    let bh = block.height();
    f.place(Point::new(Pt::ZERO, y), block.into_frame());
    y += bh;
    f.size.height = y;
    f
}
