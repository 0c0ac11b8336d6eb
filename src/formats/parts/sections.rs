//! The audience's sections as a galley of flowing text, list items with
//! their markers, and the call to action.

use crate::layout::{Frame, Galley, NodeId, Path, Role, Shape, Tags, TextStyle};
use crate::markup::Block;
use crate::style::TypeRole;
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Size};

use crate::formats::Context;

use super::key_points::number_marker;
use super::styled;

/// Sizes for running text: body, headings, markers.
#[derive(Copy, Clone, Debug)]
pub struct BodyType {
    /// Running text.
    pub body: Pt,
    /// Section headings.
    pub heading: Pt,
    /// Line height factor for running text.
    pub leading: f32,
    /// What the gaps between paragraphs and sections are multiplied by (the
    /// give-way rule's spacing step).
    pub space: f32,
}

impl BodyType {
    /// Body, headings and leading for `body` text in a style of `leading`,
    /// with headings `heading` times the body.
    pub fn new(body: Pt, heading: f32, leading: f32) -> BodyType {
        BodyType {
            body,
            heading: body * heading,
            leading,
            space: 1.0,
        }
    }

    /// The same, with gaps multiplied by `space`.
    pub fn spaced(self, space: f32) -> BodyType {
        BodyType { space, ..self }
    }

    /// A gap of `em` times the body size, given way as the spacing asks.
    pub fn gap(&self, em: f32) -> Pt {
        self.body * em * self.space
    }
}

/// Every section of the audience as a galley of flowing text, `width` wide.
pub fn sections_galley(ctx: &Context, tags: &mut Tags, width: Pt, t: &BodyType) -> Galley {
    let p = &ctx.palette;
    let body = TextStyle::new(TypeRole::Body, t.body, t.leading, p.ink);
    let list_style = TextStyle {
        role: TypeRole::ListItem,
        ..body
    };
    let heading_style = TextStyle::new(TypeRole::Heading, t.heading, 1.2, p.primary).balanced();
    let mut g = Galley::new();
    let audience = &ctx.audience;
    for (i, section) in audience.sections.iter().enumerate() {
        let blocks = &section.body;
        // Each section is a Sect: its heading (H2), paragraphs (P) and
        // lists (L), in order.
        let sect = ctx.tag(tags, Role::Sect);
        tags.within(sect, |tags| {
            let heading = section.heading.as_str();
            g.section(heading);
            let space = if i == 0 { Pt::ZERO } else { t.gap(1.15) };
            let block = ctx.ts().text(heading, Weight::Bold, &heading_style, width);
            let h2 = ctx.tag(tags, Role::H2);
            let lines = block.into_line_frames();
            let n = lines.len();
            for (k, line) in lines.into_iter().enumerate() {
                if k > 0 {
                    g.keep_with_next();
                }
                g.push_frame(line.tagged(h2), if k == 0 { space } else { Pt::ZERO });
            }
            if n > 0 {
                g.keep_with_next();
            }
            let mut first = true;
            let mut list: Option<NodeId> = None;
            for (k, b) in blocks.iter().enumerate() {
                let gap = if first { t.gap(0.3) } else { t.gap(0.45) };
                match b {
                    Block::Paragraph(spans) => {
                        if list.take().is_some() {
                            g.end_group();
                        }
                        // A lead-in stays with the list it introduces.
                        if matches!(blocks.get(k + 1), Some(Block::Bullet(_))) {
                            g.begin_group();
                        }
                        let block = ctx
                            .ts()
                            .set(&ctx.ts().prepare(&styled(spans)), &body, width);
                        let from = g.blocks.len();
                        g.push_text(block, gap);
                        tag_blocks(&mut g, from, ctx.tag(tags, Role::P));
                    }
                    Block::Bullet(spans) => {
                        let l = *list.get_or_insert_with(|| {
                            if !matches!(
                                k.checked_sub(1).and_then(|j| blocks.get(j)),
                                Some(Block::Paragraph(_))
                            ) {
                                g.begin_group();
                            }
                            ctx.tag(tags, Role::L)
                        });
                        let gap = if first { gap } else { t.gap(0.25) };
                        tags.within(l, |tags| {
                            push_marked(
                                ctx,
                                tags,
                                &mut g,
                                &styled(spans),
                                Marker::Bullet,
                                width,
                                &list_style,
                                gap,
                            )
                        });
                    }
                }
                first = false;
            }
            if list.is_some() {
                g.end_group();
            }
            // Numbered tips: one list, kept together where it fits.
            if !section.items.is_empty() {
                g.begin_group();
                let l = ctx.tag(tags, Role::L);
                for (n, item) in section.items.iter().enumerate() {
                    let gap = if first { t.gap(0.4) } else { t.gap(0.45) };
                    let spans = [
                        StyledText::new(run_in(&item.title), Weight::Bold),
                        StyledText::new(item.text.as_str(), Weight::Regular),
                    ];
                    tags.within(l, |tags| {
                        push_marked(
                            ctx,
                            tags,
                            &mut g,
                            &spans,
                            Marker::Number(n + 1),
                            width,
                            &list_style,
                            gap,
                        )
                    });
                    first = false;
                }
                g.end_group();
            }
        });
    }
    g
}

/// Tags the blocks pushed since `from` as the content of `node`.
pub fn tag_blocks(g: &mut Galley, from: usize, node: NodeId) {
    for b in &mut g.blocks[from..] {
        b.frame = std::mem::take(&mut b.frame).tagged(node);
    }
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

/// What hangs to the left of a list item.
#[derive(Copy, Clone, Debug)]
pub enum Marker {
    /// A round bullet.
    Bullet,
    /// A numbered circle.
    Number(usize),
}

/// Adds a list item: the text indented, the marker hanging beside its first line.
#[allow(clippy::too_many_arguments)]
pub fn push_marked(
    ctx: &Context,
    tags: &mut Tags,
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
    let block = ctx
        .ts()
        .set(&ctx.ts().prepare(spans), style, width - indent);
    let first_baseline = block.first_baseline;
    let cap = block.cap_height;
    // A list item: its number, when it has one (Lbl), and its text (LBody),
    // under the list the caller opened.
    let item = ctx.tag(tags, Role::LI);
    let (label, body) = tags.within(item, |tags| {
        (ctx.tag(tags, Role::Lbl), ctx.tag(tags, Role::LBody))
    });
    let mut lines: Vec<Frame> = block
        .into_line_frames()
        .into_iter()
        .map(|l| l.tagged(body))
        .collect();
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
                let r = super::key_points::marker_radius(ctx, size, 0.72);
                let mut marker = Frame::new(Size::new(width, Pt::ZERO));
                marker.items = number_marker(
                    ctx,
                    n,
                    Point::new(r, cy),
                    r,
                    ctx.palette.primary,
                    ctx.palette.on_primary,
                );
                first.items.extend(marker.tagged(label).items);
            }
        }
    }
    // A list item is never broken.
    g.push_item(lines, space_before);
}

/// Adds the call to action, in its box, to the end of a galley of running
/// text, `space` ems of the body after what comes before it.
pub fn push_call_to_action(
    ctx: &Context,
    tags: &mut Tags,
    g: &mut Galley,
    width: Pt,
    t: &BodyType,
    space: f32,
) {
    if let Some(cta) = ctx.audience.call_to_action.as_deref() {
        g.section("call to action");
        g.push_frame(
            call_to_action_box(ctx, tags, cta, width, t.body),
            t.gap(space),
        );
    }
}

/// The call to action in a box of the primary colour, `width` wide.
pub fn call_to_action_box(
    ctx: &Context,
    tags: &mut Tags,
    text: &str,
    width: Pt,
    body: Pt,
) -> Frame {
    let pad = body * 0.7;
    // Balanced: a call to action never ends on a word or two alone.
    let style = TextStyle::new(
        TypeRole::CallToAction,
        body * 1.1,
        ctx.typo.leading,
        ctx.palette.on_primary,
    )
    .balanced();
    let block = ctx.ts().text(text, Weight::Bold, &style, width - pad * 2.0);
    let h = block.height() + pad * 2.0;
    let mut f = Frame::new(Size::new(width, h));
    f.shape(Shape::filled(
        Path::rounded_rect(
            crate::units::Rect::new(Pt::ZERO, Pt::ZERO, width, h),
            Pt::mm(2.0),
        ),
        ctx.palette.primary,
    ));
    f.place(
        Point::new(pad, pad),
        block.into_frame().tagged(ctx.tag(tags, Role::P)),
    );
    f
}

/// What the part a layout could not fit is called in its error: a part of
/// the layout by its own name ("the call to action", which is not a
/// section), a section of the pack by its heading.
pub fn part_name(source: &str) -> String {
    match source {
        "call to action" | "key points" => format!("the {source}"),
        "the key points" | "the helplines" | "the school's contacts" => source.to_string(),
        heading => format!("the section \"{heading}\""),
    }
}
