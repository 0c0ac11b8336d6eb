//! The handout: one or two portrait pages with every section. Page one opens
//! with a band (headline, strapline) and the key points; the sections flow in
//! two columns; the last page closes with the helplines and sources. The
//! last page's columns are balanced.

use crate::layout::fit;
use crate::layout::flow::{self, Galley};
use crate::layout::{Document, Frame, Item, Overflow, Page, Path, Shape, TextStyle};
use crate::style::ReadingStyle;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::parts::{self, BodyType, HeaderType, HelplineType};
use super::{marks, Context, Format, FormatError};

/// Page margin at the sides and top.
const MARGIN_MM: f32 = 13.0;
/// Distance from the foot of the page to the footer's baseline area.
const FOOT_MM: f32 = 11.0;
/// Gap between the two columns.
const GUTTER_MM: f32 = 7.0;

/// Lays out the handout on as few pages as its style allows.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let max_pages = match ctx.style {
        // Large print grows pages rather than shrinking type.
        ReadingStyle::LargePrint => 4,
        _ => 2,
    };
    let min = ctx.typo.body_min.0;
    let max = min + 1.0;
    let mut last = Overflow {
        height: Pt::ZERO,
        source: None,
    };
    // Fewest pages first, giving up as little as possible: everything, then
    // helpline boxes in brief, then the key-points box (a summary of the
    // sections the handout prints anyway). Type never goes below the style.
    let tries = ECONOMIES
        .into_iter()
        .flat_map(|e| (1..=max_pages).map(move |p| (p, e)));
    for (pages, economy) in tries {
        match fit::largest(min, max, |body| attempt(ctx, pages, Pt(body), economy)) {
            Ok((_, pages)) => return Ok(ctx.document(Format::Handout, pages)),
            Err(o) => last = o,
        }
    }
    let section = match &last.source {
        Some(s) => format!("the section \"{s}\""),
        None => "the handout's content".to_string(),
    };
    Err(ctx.does_not_fit(Format::Handout, &section, last.height))
}

/// What the handout gives up when content is long.
#[derive(Copy, Clone, Debug)]
struct Economy {
    /// Helpline boxes in brief.
    compact: bool,
    /// Print the key-points box on page one.
    key_points: bool,
}

/// The economies tried, in order.
const ECONOMIES: [Economy; 3] = [
    Economy {
        compact: false,
        key_points: true,
    },
    Economy {
        compact: true,
        key_points: true,
    },
    Economy {
        compact: true,
        key_points: false,
    },
];

/// The frames text flows into on each page.
struct Columns {
    /// Every column, in reading order.
    rects: Vec<Rect>,
    /// The page each column is on.
    page_of: Vec<usize>,
}

/// Lays the handout out on exactly `pages` pages with body text at `body`.
fn attempt(ctx: &Context, pages: usize, body: Pt, economy: Economy) -> Result<Vec<Page>, Overflow> {
    let p = &ctx.palette;
    let size = ctx.paper.size();
    let margin = Pt::mm(MARGIN_MM);
    let w = size.width - margin * 2.0;
    let scale = body / ctx.typo.body_min;
    let t = BodyType {
        body,
        heading: body * 1.3,
        leading: ctx.typo.leading,
    };
    let small = ctx.typo.small_min.max(Pt(9.0));

    // Page one's top: the band and the key points.
    let header = parts::header(
        ctx,
        w,
        &HeaderType {
            tag: (Pt(11.0) * scale).max(ctx.typo.small_min),
            headline: Pt(26.0) * scale,
            strapline: Pt(14.0) * scale,
            show_strapline: true,
        },
    );
    let band_h = margin * 0.8 + header.height() + margin * 0.6;
    let points: Vec<&str> = ctx
        .audience
        .spec
        .audience
        .key_points
        .get_ref()
        .iter()
        .map(|t| t.get_ref().trim())
        .collect();
    let kp_pad = body * 0.9;
    let kp_style = TextStyle::new(body * 1.05, ctx.typo.leading, p.ink);
    let key_points = parts::numbered_points(ctx, &points, w - kp_pad * 2.0, &kp_style, body * 0.35);
    let kp_box_h = key_points.height() + kp_pad * 2.0;
    let kp_top = band_h + body * 1.2;
    let first_top = if economy.key_points {
        kp_top + kp_box_h + body * 1.3
    } else {
        band_h + body * 1.3
    };

    // The last page's foot: helplines, call to action, sources.
    let panel = help_panel(ctx, w, body, small, economy.compact);
    let panel_h = panel.height();
    let footer_h = small * 1.3;
    let content_bottom = size.height - Pt::mm(FOOT_MM) - footer_h - body;
    let last_bottom = content_bottom - panel_h - body * 1.2;

    let mut cols = Columns {
        rects: Vec::new(),
        page_of: Vec::new(),
    };
    for page in 0..pages {
        let top = if page == 0 { first_top } else { margin };
        let bottom = if page + 1 == pages {
            last_bottom
        } else {
            content_bottom
        };
        if bottom <= top {
            return Err(Overflow {
                height: top - bottom,
                source: None,
            });
        }
        let area = Rect::new(margin, top, w, bottom - top);
        for r in area.columns(2, Pt::mm(GUTTER_MM)) {
            cols.rects.push(r);
            cols.page_of.push(page);
        }
    }

    let galley = galley(ctx, (w - Pt::mm(GUTTER_MM)) / 2.0, &t);
    let flowed = flow::flow(&galley, &cols.rects);
    if let Some(o) = flowed.overflow {
        return Err(o);
    }
    let flowed = balance_last_page(&galley, &mut cols, flowed);

    // Draw.
    let mut out: Vec<Page> = (0..pages).map(|_| ctx.page(size)).collect();
    for page in &mut out {
        page.paint_paper(p.paper);
    }
    let first = &mut out[0];
    first.fill(first.band(-ctx.bleed, band_h + ctx.bleed), p.primary);
    first.place(Point::new(margin, margin * 0.8), header.items);
    if economy.key_points {
        let kp_rect = Rect::new(margin, kp_top, w, kp_box_h);
        first.items.push(Item::Shape(Shape::filled(
            Path::rounded_rect(kp_rect, Pt::mm(2.5)),
            p.tint,
        )));
        first.place(
            Point::new(margin + kp_pad, kp_top + kp_pad),
            key_points.items,
        );
    }

    let rects = cols.rects.clone();
    for (c, items) in flow::draw(galley, &flowed, &rects).into_iter().enumerate() {
        out[cols.page_of[c]].items.extend(items);
    }
    let last_page = pages - 1;
    out[last_page].place(Point::new(margin, content_bottom - panel_h), panel.items);
    for (i, page) in out.iter_mut().enumerate() {
        footer(ctx, page, i, pages, w, small);
        marks::trim_marks(page);
    }
    Ok(out)
}

/// Every section, then the call to action, as one galley.
fn galley(ctx: &Context, width: Pt, t: &BodyType) -> Galley {
    let mut g = parts::sections_galley(ctx, width, t);
    if let Some(cta) = crate::pack::model::given(&ctx.audience.spec.audience.call_to_action) {
        g.section("call to action");
        g.push_frame(
            parts::call_to_action_box(ctx, cta, width, t.body),
            t.body * 1.4,
        );
    }
    g
}

/// Shortens the last page's two columns to the least height that still holds
/// their text, so they end level.
fn balance_last_page(galley: &Galley, cols: &mut Columns, flowed: flow::Flowed) -> flow::Flowed {
    let n = cols.rects.len();
    if n < 2 {
        return flowed;
    }
    let (a, b) = (n - 2, n - 1);
    if cols.page_of[a] != cols.page_of[b] {
        return flowed;
    }
    let full = cols.rects[b].height;
    let try_height = |h: Pt, rects: &mut Vec<Rect>| {
        rects[a].height = h;
        rects[b].height = h;
        flow::flow(galley, rects)
    };
    let mut rects = cols.rects.clone();
    let (mut lo, mut hi) = (Pt::ZERO, full);
    let mut best = (full, flowed);
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        let f = try_height(mid, &mut rects);
        if f.fits() {
            hi = mid;
            best = (mid, f);
        } else {
            lo = mid;
        }
    }
    cols.rects[a].height = best.0;
    cols.rects[b].height = best.0;
    best.1
}

/// The helplines, emergency line and sources, full width.
fn help_panel(ctx: &Context, w: Pt, body: Pt, small: Pt, compact: bool) -> Frame {
    let p = &ctx.palette;
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    let contact_type = HelplineType {
        name: body,
        number: body * 1.5,
        detail: (body * 0.85).max(small),
        small: small.max(body * 0.8),
        leading: 1.25,
        compact: false,
    };
    if let Some(talk) = parts::talk_to_us(ctx, w, 2, &contact_type, p.tint, body * 0.6) {
        let th = talk.height();
        f.place(Point::new(Pt::ZERO, y), talk);
        y += th + body;
    }
    let heading = ctx.ts.text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(body * 1.3, 1.2, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading.into_frame());
    y += hh + body * 0.4;
    if !others.is_empty() {
        let t = HelplineType {
            name: body,
            number: body * 1.5,
            detail: (body * 0.85).max(small),
            small: small.max(body * 0.8),
            leading: 1.25,
            compact,
        };
        let columns = if others.len() == 4 { 2 } else { 3 };
        let grid = parts::helpline_grid(ctx, &others, w, columns, &t, p.tint, body * 0.6);
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    for h in emergency {
        y += body * 0.6;
        let bar = parts::emergency_bar(ctx, h, w, body * 1.2, body * 2.6, body * 0.9);
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }
    let sources = parts::sources_text(ctx);
    if !sources.is_empty() {
        y += body * 0.7;
        let block = ctx.ts.set(
            &ctx.ts.prepare(&sources),
            &TextStyle::new(small, 1.3, p.muted),
            w,
        );
        let bh = block.height();
        f.place(Point::new(Pt::ZERO, y), block.into_frame());
        y += bh;
    }
    f.size.height = y;
    f
}

/// "Reviewed 22 November 2026" on the left, "Page 1 of 2" on the right.
fn footer(ctx: &Context, page: &mut Page, index: usize, pages: usize, w: Pt, size: Pt) {
    let margin = Pt::mm(MARGIN_MM);
    let style = TextStyle::new(size, 1.3, ctx.palette.muted);
    let y = page.size.height - Pt::mm(FOOT_MM) - style.line_height();
    let left = ctx
        .ts
        .line(&parts::reviewed_line(ctx), Weight::Regular, &style);
    page.place(Point::new(margin, y), left.into_frame().items);
    if pages > 1 {
        let text = format!(
            "{} {} {} {}",
            ctx.labels.page,
            index + 1,
            ctx.labels.of,
            pages
        );
        let right = ctx.ts.line(&text, Weight::Regular, &style);
        let x = margin + w - right.max_line_width();
        page.place(Point::new(x, y), right.into_frame().items);
    }
}
