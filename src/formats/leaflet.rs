//! The tri-fold leaflet: one landscape sheet, printed on both sides and
//! folded twice into a DL leaflet (a roll fold).
//!
//! ```text
//!   outside (page 1)                       inside (page 2)
//!   +-------------+-----------+---------+  +---------+---------+-------------+
//!   | inside flap | back      | front   |  | panel 1 | panel 2 | panel 3     |
//!   | (97 mm)     | (100 mm)  | cover   |  | (100)   | (100)   | (97 mm)     |
//!   +-------------+-----------+---------+  +---------+---------+-------------+
//! ```
//!
//! The inside flap is 3 mm narrower so that it folds in without buckling;
//! print-shop practice for a roll fold. Printed double-sided, flipping on
//! the short edge, panel 1 lies behind the front cover and panel 3 behind
//! the flap. A reader sees the cover, then panel 1 and the flap, then
//! panels 1 to 3 side by side: so the sections flow through panels 1, 2 and
//! 3 and end on the flap. The back panel carries the helplines.

use crate::layout::flow::{self, Galley};
use crate::layout::{Document, Frame, Item, Overflow, Role, Tags};

use crate::units::{Pt, Rect, Size};

use super::fit::{self as give_way, Step};
use super::parts::{self, BodyType, Inside, Sources};
use super::{marks, Context, Format, FormatError, Paper};

/// Margin from the sheet's edges: office printers cannot print there.
const EDGE_MM: f32 = 11.0;
/// Margin each side of a fold: at least 6 mm keeps text off the crease.
const FOLD_MM: f32 = 6.0;
/// Margin at the top and bottom.
const TOP_MM: f32 = 11.0;

/// Panel widths in mm, left to right: (outside, inside).
fn panel_widths(paper: Paper) -> ([f32; 3], [f32; 3]) {
    match paper {
        // 3 11/16 in, 3 11/16 in and 3 5/8 in: the usual letter roll fold.
        Paper::Letter => ([92.075, 93.6625, 93.6625], [93.6625, 93.6625, 92.075]),
        _ => ([97.0, 100.0, 100.0], [100.0, 100.0, 97.0]),
    }
}

/// A panel: its place on the sheet and where text may go in it.
#[derive(Copy, Clone, Debug)]
struct Panel {
    /// The panel, from fold to fold (or sheet edge).
    area: Rect,
    /// Where text may go.
    text: Rect,
}

/// The three panels of one side, given their widths in mm.
fn panels(widths: [f32; 3], sheet: Size) -> [Panel; 3] {
    let mut x = Pt::ZERO;
    let top = Pt::mm(TOP_MM);
    let h = sheet.height - top * 2.0;
    let mut out = [Panel {
        area: Rect::default(),
        text: Rect::default(),
    }; 3];
    for (i, w) in widths.iter().enumerate() {
        let w = Pt::mm(*w);
        let left = if i == 0 {
            Pt::mm(EDGE_MM)
        } else {
            Pt::mm(FOLD_MM)
        };
        let right = if i == 2 {
            Pt::mm(EDGE_MM)
        } else {
            Pt::mm(FOLD_MM)
        };
        out[i] = Panel {
            area: Rect::new(x, Pt::ZERO, w, sheet.height),
            text: Rect::new(x + left, top, w - left - right, h),
        };
        x += w;
    }
    out
}

/// Lays out the leaflet.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let portrait = ctx.paper.size();
    let sheet = Size::new(portrait.height, portrait.width);
    let (outside_w, inside_w) = panel_widths(ctx.paper);
    let [flap, back, front] = panels(outside_w, sheet);
    let [p1, p2, p3] = panels(inside_w, sheet);

    // One text width for every flowing panel (the narrowest), so that lines
    // set once fit wherever the flow puts them.
    let width = [p1, p2, p3, flap]
        .iter()
        .map(|p| p.text.width)
        .fold(p1.text.width, Pt::min);
    let mut frames: Vec<Rect> = [p1, p2, p3, flap]
        .iter()
        .map(|p| Rect::new(p.text.x, p.text.y, width, p.text.height))
        .collect();

    // The back panel holds the helplines, giving way by the rule; a
    // school's contacts move inside, after the call to action, when the
    // back panel cannot hold them too.
    // Reading order, whatever the sheet's: the cover, the inside panels and
    // the flap, then the back panel.
    let mut tags = Tags::new();
    let [cover_part, inside_part, back_part] =
        [Role::Sect, Role::Sect, Role::Sect].map(|r| ctx.tag(&mut tags, r));

    // The help at the inside's body size or larger, where the panel holds
    // it: the help is the point of the leaflet. Where the back panel cannot
    // hold all of it in full, the school's contacts go inside, after the
    // call to action; or the help starts on the flap and runs on to the
    // back panel, the sections keeping to the three inside panels. Only
    // then does anything give way.
    let min = ctx.typo.body_min;
    let inside_frames = &frames[..3];
    let plan = tags.within(back_part, |tags| {
        parts::plan_help(
            ctx,
            &[min + Pt(0.5), min],
            &[Inside::NOTHING, Inside::CONTACTS, Inside::FLAP],
            |inside, body, steps| {
                if inside.flap {
                    // The sections must keep to the inside panels.
                    let t = BodyType::new(min, 1.25, ctx.typo.leading);
                    let galley = inside_galley(ctx, &mut Tags::new(), width, &t, false);
                    let flowed = flow::flow_turning(&galley, inside_frames, &TURNS);
                    if let Some(o) = flowed.overflow {
                        return Err(ctx.does_not_fit(Format::Leaflet, &section_name(&o), o.height));
                    }
                    help_over_flap(ctx, tags, flap, back, body, steps)
                } else {
                    back_panel(ctx, tags, back, !inside.contacts, body, steps)
                        .map(|f| f.map(|frame| (Vec::new(), frame.items)))
                }
            },
            Step::HELP_BRIEF_SOURCES,
        )
    })?;
    let (help, inside_help, help_body) = (plan.fitted, plan.inside, plan.body);
    let contacts_inside = inside_help.contacts;
    let mut notes = help.notes(&ctx.who(Format::Leaflet, Some("back panel")));
    let mut remarks = Vec::new();
    if contacts_inside {
        remarks.push(format!(
            "{} gives the school's contacts inside, after the call to action: the back panel has room for the helplines",
            ctx.describe(Format::Leaflet)
        ));
    }
    if inside_help.flap {
        remarks.push(format!(
            "{} gives its help on the flap and the back panel: the back panel alone cannot hold it in full",
            ctx.describe(Format::Leaflet)
        ));
        frames.truncate(3);
    }

    // Every section, at the largest size that fits the four panels and is
    // no larger than the help; short of room, the spacing gives way. A
    // panel is a unit: no paragraph or list item runs over a fold, and the
    // flap, turned to like a page, opens on a section (unless no size
    // allows it).
    let min = min.0;
    let fit_inside = |tags: &mut Tags, flap_on_section: bool, lists: bool, sentences: bool| {
        give_way::fit(
            &[()],
            &[Step::Spacing],
            (min, help_body.0),
            |(), g, body| {
                let t = BodyType::new(Pt(body), 1.25, ctx.typo.leading).spaced(g.spacing());
                let mut galley = inside_galley(ctx, tags, width, &t, contacts_inside);
                galley.split_lists = lists;
                galley.split_sentences = sentences;
                let (flowed, heights) = lay_inside(&galley, &frames, flap_on_section)?;
                Ok((galley, flowed, heights))
            },
        )
    };
    // Then a list may run over a fold between two items, and last a
    // paragraph between two sentences: never inside one.
    let mut over_fold = (false, false);
    let inside = tags.within(inside_part, |tags| {
        fit_inside(tags, true, false, false)
            .or_else(|_| fit_inside(tags, false, false, false))
            .or_else(|_| {
                over_fold.0 = true;
                fit_inside(tags, true, true, false)
                    .or_else(|_| fit_inside(tags, false, true, false))
            })
            .or_else(|_| {
                over_fold.1 = true;
                fit_inside(tags, true, true, true).or_else(|_| fit_inside(tags, false, true, true))
            })
            .map_err(|o: Overflow| ctx.does_not_fit(Format::Leaflet, &section_name(&o), o.height))
    })?;
    notes.extend(inside.notes(&ctx.who(Format::Leaflet, Some("inside"))));
    let split = match over_fold {
        (_, true) => Some("a paragraph between two sentences (never inside one)"),
        (true, false) => Some("a list between two of its items"),
        _ => None,
    };
    if let Some(split) = split {
        notes.push(format!(
            "{} runs {split} over a fold, to keep everything at the style's sizes",
            ctx.describe(Format::Leaflet)
        ));
    }
    let body = inside.scale;
    let (galley, flowed, heights) = inside.value;
    for (frame, h) in frames.iter_mut().zip(heights) {
        frame.height = h;
    }

    let mut outside = ctx.page(sheet);
    let mut inside = ctx.page(sheet);
    outside.paint_paper(ctx.palette.paper);
    inside.paint_paper(ctx.palette.paper);

    tags.within(cover_part, |tags| {
        parts::cover(
            ctx,
            tags,
            &mut outside,
            front.area,
            front.text,
            Pt(body),
            Format::Leaflet,
            true,
        )
    })?;
    let (flap_items, back_items) = help.value;
    outside.items.extend(flap_items);
    outside.items.extend(back_items);

    let drawn = flow::draw(galley, &flowed, &frames);
    for (i, items) in drawn.into_iter().enumerate() {
        // Frames 0 to 2 are inside; frame 3 is the flap, outside.
        if i < 3 {
            inside.items.extend(items);
        } else {
            outside.items.extend(items);
        }
    }

    for (page, panels) in [
        (&mut outside, [flap, back, front]),
        (&mut inside, [p1, p2, p3]),
    ] {
        for p in &panels[..2] {
            marks::fold_mark_vertical(page, p.area.right());
        }
        marks::trim_marks(page);
    }
    let mut doc = ctx.document(Format::Leaflet, vec![outside, inside], tags.finish());
    doc.notes = notes;
    doc.remarks = remarks;
    Ok(doc)
}

/// The help's items on the outside sheet: the flap's, and the back panel's.
type OutsideHelp = (Vec<Item>, Vec<Item>);

/// What did not fit, in words: "the section \"Keeping evidence\"".
fn section_name(o: &Overflow) -> String {
    match &o.source {
        Some(s) => super::parts::part_name(s),
        None => "its sections".to_string(),
    }
}

/// Every fold is a turn: the panels are read one at a time.
const TURNS: [bool; 4] = [true; 4];

/// Flows the inside galley into panels 1 to 3 and the flap: no paragraph
/// over a fold, the flap opening on a section when `flap_on_section`, and
/// panels 1 to 3 balanced (their text ends as level as the flow allows).
/// Returns the flow and each frame's height.
fn lay_inside(
    galley: &Galley,
    frames: &[Rect],
    flap_on_section: bool,
) -> Result<(flow::Flowed, Vec<Pt>), Overflow> {
    let try_with = |frames: &mut Vec<Rect>| -> Result<flow::Flowed, Overflow> {
        let flowed = flow::flow_turning(galley, frames, &TURNS);
        if let Some(o) = flowed.overflow.clone() {
            return Err(o);
        }
        // With the flap (the fourth frame) among them, it opens on a
        // section.
        if frames.len() < 4 {
            return Ok(flowed);
        }
        let flowed = flow::prefer_section_start(galley, frames, &TURNS, flowed, 3);
        let opens = flowed
            .columns
            .get(3)
            .and_then(|c| c.first())
            .is_none_or(|&(i, _)| galley.blocks[i].starts_section);
        if flap_on_section && !opens {
            return Err(Overflow {
                height: Pt(1.0),
                source: Some("the flap's first section".into()),
            });
        }
        Ok(flowed)
    };
    let mut rects = frames.to_vec();
    let mut best = (
        try_with(&mut rects)?,
        rects.iter().map(|r| r.height).collect::<Vec<_>>(),
    );
    // Balance: the least common height for panels 1 to 3 that still holds
    // everything, so no inside panel is left a third empty.
    let full = frames[0].height;
    let (mut lo, mut hi) = (Pt::ZERO, full);
    for _ in 0..10 {
        let mid = (lo + hi) / 2.0;
        let mut rects = frames.to_vec();
        for r in &mut rects[..3] {
            r.height = mid;
        }
        match try_with(&mut rects) {
            Ok(f) => {
                hi = mid;
                best = (f, rects.iter().map(|r| r.height).collect());
            }
            Err(_) => lo = mid,
        }
    }
    Ok(best)
}

/// Every section, then the call to action, then (when `contacts`) the
/// school's contacts. Strict: a panel is a unit.
fn inside_galley(
    ctx: &Context,
    tags: &mut Tags,
    width: Pt,
    t: &BodyType,
    contacts: bool,
) -> Galley {
    let mut g = parts::sections_galley(ctx, tags, width, t);
    g.strict = true;
    parts::push_call_to_action(ctx, tags, &mut g, width, t, 1.3);
    if contacts {
        parts::push_contacts(ctx, tags, &mut g, width, t);
    }
    g
}

/// The back panel: helplines, the emergency line, the QR code, the reviewed
/// date and the sources (and the school's contacts, when `contacts`), with
/// no helpline word under `body`, at the largest size that fits, giving way
/// by `steps` of the rule.
fn back_panel(
    ctx: &Context,
    tags: &mut Tags,
    panel: Panel,
    contacts: bool,
    body: Pt,
    steps: &'static [Step],
) -> Result<give_way::Fitted<(), Frame>, FormatError> {
    let text = panel.text;
    let o = parts::HelpColumn {
        columns: 1,
        contacts,
        helplines: true,
        sources: Sources::Brief,
        body,
    };
    parts::fit_help_column(
        ctx,
        tags,
        text,
        &o,
        steps,
        (0.5, 1.0),
        Format::Leaflet,
        "back panel",
    )
    .map(|f| {
        f.map(|frame| {
            let mut placed = Frame::new(frame.size);
            placed.place(text.origin(), frame);
            placed
        })
    })
}

/// The whole help (the school's contacts, the helplines, the emergency
/// line, the QR code and the sources) starting on the flap, which opens on
/// it, and running on to the back panel, each part whole, at the largest
/// size that fits, giving way by `steps` of the rule: the flap's items and
/// the back panel's, placed on the outside sheet.
fn help_over_flap(
    ctx: &Context,
    tags: &mut Tags,
    flap: Panel,
    back: Panel,
    body: Pt,
    steps: &'static [Step],
) -> Result<give_way::Fitted<(), OutsideHelp>, FormatError> {
    let width = flap.text.width.min(back.text.width);
    let frames = [
        Rect::new(flap.text.x, flap.text.y, width, flap.text.height),
        Rect::new(back.text.x, back.text.y, width, back.text.height),
    ];
    let o = parts::HelpColumn {
        columns: 1,
        contacts: true,
        helplines: true,
        sources: Sources::Brief,
        body,
    };
    give_way::fit(&[()], steps, (0.5, 1.0), |(), g, s| {
        let z = parts::Scaled::new(ctx, s, 1.0).giving_way(g);
        let galley = parts::help_galley(ctx, tags, width, &z, g, &o);
        let flowed = flow::flow_turning(&galley, &frames, &[true, true]);
        if let Some(o) = flowed.overflow {
            return Err(o);
        }
        let mut drawn = flow::draw(galley, &flowed, &frames).into_iter();
        Ok((
            drawn.next().unwrap_or_default(),
            drawn.next().unwrap_or_default(),
        ))
    })
    .map_err(|o| {
        ctx.does_not_fit(
            Format::Leaflet,
            "the helplines and sources on its flap and back panel",
            o.height,
        )
    })
}
