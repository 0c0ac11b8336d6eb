//! The handout: one or two portrait pages with every section. Page one opens
//! with a band (headline, strapline) and the key points; the sections flow in
//! two columns; the last page closes with the helplines and sources. The
//! last page's columns are balanced.

use crate::layout::fit;
use crate::layout::flow::{self, Galley};
use crate::layout::{Document, Frame, Item, NodeId, Overflow, Page, Path, Role, Shape, TextStyle};
use crate::style::ReadingStyle;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::fit::{self as give_way, GiveWay, HelplineDetail, Step};
use super::parts::{self, BodyType, HeaderType, HelplineType};
use super::{marks, Context, Format, FormatError};
use crate::english;

/// Page margin at the sides and top.
const MARGIN_MM: f32 = 13.0;
/// Distance from the foot of the page to the footer's baseline area.
const FOOT_MM: f32 = 11.0;
/// Gap between the two columns.
const GUTTER_MM: f32 = 7.0;

/// The most pages a handout grows to: two sheets; past that, the booklet is
/// the format for the text. Large print grows further, as UKAAF asks.
const MAX_PAGES: usize = 4;
/// The most pages of a large-print handout.
const MAX_LARGE_PRINT_PAGES: usize = 12;

/// Lays out the handout: on one page if everything fits there as it is,
/// else two, giving way by the rule, then on more pages.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let min = ctx.typo.body_min.0;
    let max = min + 1.0;
    // One page when everything fits on it with nothing given up.
    if let Ok((_, pages)) = fit::largest(min, max, |body| attempt(ctx, 1, Pt(body), GiveWay::NONE))
    {
        return Ok(ctx.document(Format::Handout, pages));
    }
    let most = if ctx.style == ReadingStyle::LargePrint {
        MAX_LARGE_PRINT_PAGES
    } else {
        MAX_PAGES
    };
    let sizes: Vec<usize> = (2..=most).collect();
    let fitted = give_way::fit(&sizes, Step::HELP, (min, max), |pages, g, body| {
        attempt(ctx, pages, Pt(body), g)
    })
    .map_err(|o| {
        let section = match &o.source {
            Some(s) => format!("the section \"{s}\""),
            None => "its content".to_string(),
        };
        ctx.does_not_fit(Format::Handout, &section, o.height)
    })?;
    let notes = fitted.notes(&ctx.who(Format::Handout, None), |pages| {
        format!(
            "takes {} ({}) to hold everything",
            english::count(*pages, "page"),
            english::count(pages.div_ceil(2), "sheet")
        )
    });
    let mut doc = ctx.document(Format::Handout, fitted.value);
    doc.notes = notes;
    Ok(doc)
}

/// The frames text flows into on each page.
struct Columns {
    /// Every column, in reading order.
    rects: Vec<Rect>,
    /// The page each column is on.
    page_of: Vec<usize>,
}

impl Columns {
    /// For each column, whether the next is over a page turn: a paragraph
    /// may run on into the next column of its page, never over the turn.
    fn turns(&self) -> Vec<bool> {
        self.page_of
            .windows(2)
            .map(|w| w[0] != w[1])
            .chain(std::iter::once(true))
            .collect()
    }
}

/// Lays the handout out on exactly `pages` pages with body text at `body`,
/// having given up what `give_way` says.
fn attempt(
    ctx: &Context,
    pages: usize,
    body: Pt,
    give_way: GiveWay,
) -> Result<Vec<Page>, Overflow> {
    let p = &ctx.palette;
    let size = ctx.paper.size();
    let margin = Pt::mm(MARGIN_MM);
    let w = size.width - margin * 2.0;
    // The band grows with the body, from the standard style's 12 pt: a
    // large-print band is larger, never smaller, than the standard one.
    let scale = body / Pt(12.0);
    let t = BodyType::new(body, 1.3, ctx.typo.leading).spaced(give_way.spacing());
    // Large print keeps running text in one column (UKAAF); the others in two.
    let columns = if ctx.style == ReadingStyle::LargePrint {
        1
    } else {
        2
    };
    let decor = give_way.decoration();
    let small = ctx.typo.small_min.max(Pt(9.0));

    // Reading order: the school's strip, the band and the key points, the
    // sections, then the help, whatever order they are laid out in.
    let [strip_part, top_part, body_part, help_part] =
        [Role::Sect, Role::Sect, Role::Sect, Role::Sect].map(|r| ctx.tags.node(r));
    // Page one's top: the band and the key points.
    let header = ctx.tags.within(top_part, || {
        parts::header(
            ctx,
            w,
            &HeaderType {
                tag: (Pt(11.0) * scale).max(ctx.typo.small_min),
                headline: Pt(26.0) * scale,
                strapline: Pt(14.0) * scale,
                site_inline: None,
            },
        )
    });
    // A school's strip, on white, above the band.
    let strip = ctx.tags.within(strip_part, || {
        parts::cobrand_strip(ctx, w, Pt::mm(20.0) * decor.max(0.8), Pt(14.0) * scale)
    });
    // Nothing but colour within 10 mm of the edge: office printers.
    let strip_pad = (margin * 0.4 * decor).max(Pt::mm(10.5));
    let strip_below = margin * 0.4 * decor;
    let strip_h = strip
        .as_ref()
        .map_or(Pt::ZERO, |s| s.height() + strip_pad + strip_below);
    let band_pad = if strip.is_some() {
        margin * 0.6
    } else {
        margin * 0.8
    };
    let band_h = strip_h + band_pad + margin * 0.6 * decor + header.height();
    let points: Vec<&str> = ctx
        .audience
        .spec
        .audience
        .key_points
        .get_ref()
        .iter()
        .map(|t| t.get_ref().trim())
        .collect();
    let kp_pad = t.gap(0.9);
    let kp_style = TextStyle::new(body * 1.05, ctx.typo.leading, p.ink);
    let key_points = ctx.tags.within(top_part, || {
        parts::numbered_points(ctx, &points, w - kp_pad * 2.0, &kp_style, t.gap(0.35))
    });
    let kp_box_h = key_points.height() + kp_pad * 2.0;
    let kp_top = band_h + t.gap(1.2);
    let first_top = kp_top + kp_box_h + t.gap(1.3);

    // The last page's foot: helplines, call to action, sources.
    let panel = ctx
        .tags
        .within(help_part, || help_panel(ctx, w, &t, small, give_way));
    let panel_h = panel.height();
    let footer_h = small * 1.3;
    let content_bottom = size.height - Pt::mm(FOOT_MM) - footer_h - body;
    let last_bottom = content_bottom - panel_h - t.gap(1.2);

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
        for r in area.columns(columns, Pt::mm(GUTTER_MM)) {
            cols.rects.push(r);
            cols.page_of.push(page);
        }
    }

    let column_w = (w - Pt::mm(GUTTER_MM) * (columns as f32 - 1.0)) / columns as f32;
    let galley = ctx.tags.within(body_part, || galley(ctx, column_w, &t));
    let turns = cols.turns();
    let flowed = flow::flow_turning(&galley, &cols.rects, &turns);
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
    if let Some(strip) = strip {
        first.fill(
            first.band(-ctx.bleed, strip_h + ctx.bleed),
            crate::colour::Colour::WHITE,
        );
        first.place(Point::new(margin, strip_pad), strip.items);
        first.fill(first.band(strip_h, band_h - strip_h), p.primary);
    } else {
        first.fill(first.band(-ctx.bleed, band_h + ctx.bleed), p.primary);
    }
    first.place(Point::new(margin, strip_h + band_pad), header.items);
    let kp_rect = Rect::new(margin, kp_top, w, kp_box_h);
    first.items.push(Item::Shape(Shape::filled(
        Path::rounded_rect(kp_rect, Pt::mm(2.5)),
        p.tint,
    )));
    first.place(
        Point::new(margin + kp_pad, kp_top + kp_pad),
        key_points.items,
    );

    let rects = cols.rects.clone();
    for (c, items) in flow::draw(galley, &flowed, &rects).into_iter().enumerate() {
        out[cols.page_of[c]].items.extend(items);
    }
    let last_page = pages - 1;
    out[last_page].place(Point::new(margin, content_bottom - panel_h), panel.items);
    for (i, page) in out.iter_mut().enumerate() {
        // The reviewed date is read once, at the end; on the other
        // pages it repeats, as page numbers do: decoration.
        let reviewed =
            (i + 1 == pages).then(|| ctx.tags.within(help_part, || ctx.tags.node(Role::Note)));
        footer(ctx, page, i, pages, w, small, reviewed);
        marks::trim_marks(page);
    }
    Ok(out)
}

/// Every section, then the call to action, as one galley.
fn galley(ctx: &Context, width: Pt, t: &BodyType) -> Galley {
    let mut g = parts::sections_galley(ctx, width, t);
    parts::push_call_to_action(ctx, &mut g, width, t, 1.4);
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
        flow::flow_turning(galley, rects, &cols.turns())
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

/// The school's contacts, the helplines, emergency line and sources, full
/// width, at the body's sizes.
fn help_panel(ctx: &Context, w: Pt, t: &BodyType, small: Pt, give_way: GiveWay) -> Frame {
    let p = &ctx.palette;
    let body = t.body;
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    let ht = HelplineType {
        name: body,
        number: body * 1.5,
        detail: (body * 0.85).max(small),
        small: small.max(body * 0.8),
        leading: 1.25,
        level: give_way.helplines(),
    };
    let contact_type = ht;
    let columns = if ctx.style == ReadingStyle::LargePrint {
        2
    } else {
        3
    };
    if let Some(talk) = parts::talk_to_us(
        ctx,
        w,
        columns,
        &contact_type,
        p.tint,
        t.gap(0.6),
        body * 1.45,
    ) {
        let th = talk.height();
        f.place(Point::new(Pt::ZERO, y), talk);
        y += th + t.gap(1.0);
    }
    let heading = ctx.ts().text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(body * 1.3, 1.2, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(
        Point::new(Pt::ZERO, y),
        heading.into_frame().tagged(ctx.tags.node(Role::H2)),
    );
    y += hh + t.gap(0.4);
    if !others.is_empty() {
        let preferred = if others.len() == 4 { 2 } else { 3 };
        let columns = parts::columns_for(ctx, &others, w, preferred, &ht, t.gap(0.6), true);
        let grid = parts::helplines_block(ctx, &others, w, columns, &ht, p.tint, t.gap(0.6));
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    for h in emergency {
        y += t.gap(0.6);
        let detail = (ht.level != HelplineDetail::Names).then_some(body * 0.9);
        let bar = parts::emergency_bar(ctx, h, w, body * 1.2, body * 2.6, detail);
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }
    let sources = if give_way.brief_sources() {
        parts::sources_brief(ctx)
    } else {
        parts::sources_text(ctx)
    };
    if !sources.is_empty() {
        y += t.gap(0.7);
        let block = ctx.ts().set(
            &ctx.ts().prepare(&sources),
            &TextStyle::new(small, 1.3, p.muted),
            w,
        );
        let bh = block.height();
        f.place(
            Point::new(Pt::ZERO, y),
            block.into_frame().tagged(ctx.tags.node(Role::Note)),
        );
        y += bh;
    }
    f.size.height = y;
    f
}

/// "Reviewed 22 November 2026" on the left, "Page 1 of 2" on the right.
fn footer(
    ctx: &Context,
    page: &mut Page,
    index: usize,
    pages: usize,
    w: Pt,
    size: Pt,
    reviewed: Option<NodeId>,
) {
    let margin = Pt::mm(MARGIN_MM);
    let style = TextStyle::new(size, 1.3, ctx.palette.muted);
    let y = page.size.height - Pt::mm(FOOT_MM) - style.line_height();
    let left = ctx
        .ts()
        .line(&parts::reviewed_line(ctx), Weight::Regular, &style);
    let left = match reviewed {
        Some(node) => left.into_frame().tagged(node),
        None => left.into_frame(),
    };
    page.place(Point::new(margin, y), left.items);
    if pages > 1 {
        let text = ctx.labels.page_of(index + 1, pages);
        let right = ctx.ts().line(&text, Weight::Regular, &style);
        let x = margin + w - right.max_line_width();
        page.place(Point::new(x, y), right.into_frame().items);
    }
}
