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

use crate::layout::fit;
use crate::layout::flow::{self, Galley};
use crate::layout::{Document, Frame, Overflow, Page};

use crate::units::{Pt, Rect, Size};

use super::parts::{self, BodyType};
use super::{marks, Context, Format, FormatError, Paper};
use crate::layout::TextStyle;
use crate::style::ReadingStyle;
use crate::text::{StyledText, Weight};

/// Margin from the sheet's edges: office printers cannot print there.
const EDGE_MM: f32 = 11.0;
/// Margin each side of a fold: at least 6 mm keeps text off the crease.
const FOLD_MM: f32 = 7.0;
/// Margin at the top and bottom.
const TOP_MM: f32 = 12.0;

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

    let min = ctx.typo.body_min.0;
    let fit_with = |galley_at: &dyn Fn(&BodyType) -> Galley, max: f32| {
        fit::largest(min, max, |body| {
            let t = BodyType {
                body: Pt(body),
                heading: Pt(body * 1.25),
                leading: ctx.typo.leading,
            };
            let g = galley_at(&t);
            let f = flow::flow(&g, &frames);
            match f.overflow.clone() {
                None => Ok((g, f)),
                Some(o) => Err(o),
            }
        })
    };
    // Large print cannot hold every section in four panels: it gives the
    // key points instead (the handout and booklet grow pages and keep all).
    let full = fit_with(&|t| inside_galley(ctx, width, t), min + 0.5);
    let (abridged, fitted) = match full {
        // The key points alone leave room: their type grows into it.
        Err(_) if ctx.style == ReadingStyle::LargePrint => (
            true,
            fit_with(&|t| abridged_galley(ctx, width, t), min * 1.5),
        ),
        other => (false, other),
    };
    let (body, (galley, flowed)) = fitted.map_err(|o: Overflow| {
        let section = match &o.source {
            Some(s) => format!("the section \"{s}\""),
            None => "the leaflet's sections".to_string(),
        };
        ctx.does_not_fit(Format::Leaflet, &section, o.height)
    })?;

    let mut outside = ctx.page(sheet);
    let mut inside = ctx.page(sheet);
    outside.paint_paper(ctx.palette.paper);
    inside.paint_paper(ctx.palette.paper);

    parts::cover(
        ctx,
        &mut outside,
        front.area,
        front.text,
        Pt(body),
        Format::Leaflet,
        !abridged,
    )?;
    back_panel(ctx, &mut outside, back)?;

    // Turning over to the flap is like turning a page: start it on a section.
    let flowed = flow::prefer_section_start(&galley, &mut frames, flowed, 3);
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
    let mut doc = ctx.document(Format::Leaflet, vec![outside, inside]);
    if abridged {
        doc.notes.push(format!(
            "{} gives the key points in place of the sections, which do not fit its four panels at {} pt; the large-print handout and booklet have every section",
            ctx.describe(Format::Leaflet),
            min
        ));
    }
    Ok(doc)
}

/// The key points, the call to action, and a line saying where the rest is:
/// a leaflet for large print, at a glance.
fn abridged_galley(ctx: &Context, width: Pt, t: &BodyType) -> Galley {
    let mut g = Galley::new();
    g.section("key points");
    let style = TextStyle::new(t.body * 1.1, ctx.typo.leading, ctx.palette.ink);
    for (i, point) in ctx
        .audience
        .spec
        .audience
        .key_points
        .get_ref()
        .iter()
        .enumerate()
    {
        let spans = [StyledText::new(point.get_ref().trim(), Weight::Regular)];
        let gap = if i == 0 { Pt::ZERO } else { t.body * 0.9 };
        let before = g.blocks.len();
        parts::push_marked(
            ctx,
            &mut g,
            &spans,
            parts::Marker::Number(i + 1),
            width,
            &style,
            gap,
        );
        g.keep_last_together(g.blocks.len() - before);
    }
    if let Some(cta) = crate::pack::model::given(&ctx.audience.spec.audience.call_to_action) {
        g.section("call to action");
        g.push_frame(
            parts::call_to_action_box(ctx, cta, width, t.body),
            t.body * 1.3,
        );
    }
    g.section("note");
    let note = ctx.ts.text(
        ctx.labels.abridged.trim(),
        Weight::Regular,
        &TextStyle::new(t.body, ctx.typo.leading, ctx.palette.ink),
        width,
    );
    g.push_text(note, t.body * 1.3);
    g
}

/// Every section, then the call to action.
fn inside_galley(ctx: &Context, width: Pt, t: &BodyType) -> Galley {
    let mut g = parts::sections_galley(ctx, width, t);
    if let Some(cta) = crate::pack::model::given(&ctx.audience.spec.audience.call_to_action) {
        g.section("call to action");
        g.push_frame(
            parts::call_to_action_box(ctx, cta, width, t.body),
            t.body * 1.3,
        );
    }
    g
}

/// The back panel: helplines, the emergency line, the QR code, the reviewed
/// date and the sources, at the largest size that fits.
fn back_panel(ctx: &Context, page: &mut Page, panel: Panel) -> Result<(), FormatError> {
    let text = panel.text;
    let attempt = |s: f32, economy: parts::Economy| -> Result<Frame, Pt> {
        let f = parts::help_column(
            ctx,
            text.width,
            &parts::Scaled::new(ctx, s, 1.0),
            economy,
            1,
        );
        if f.height() <= text.height {
            Ok(f)
        } else {
            Err(f.height() - text.height)
        }
    };
    // Short of room: give up detail step by step (see parts::Economy).
    let frame =
        parts::fit_economically(ctx.helplines().0.len(), 1, 0.5, attempt).map_err(|over| {
            ctx.does_not_fit(
                Format::Leaflet,
                "the back panel's helplines and sources",
                over,
            )
        })?;
    page.place(text.origin(), frame.items);
    Ok(())
}
