//! The bilingual handout. Standard and dyslexia: parallel columns, the
//! first language on its reading-first side, each section starting level
//! in both so a reader looking across finds the same paragraph. Large print
//! (one column of running text): each pair stacked, the first language's
//! section, then the second's. The band pairs the headlines, the key points
//! are paired row by row (stacked in large print, flowing with the text),
//! and the help after the running text is shared: each helpline once, with
//! both languages' words.

use crate::layout::fit;
use crate::layout::flow::{self, Flowed, Galley};
use crate::layout::{Document, Frame, Item, NodeId, Page, Path, Role, Shape, TextStyle};
use crate::style::ReadingStyle;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::{for_direction, label_pair, mirror_in, split_sections, Pair, Short};
use crate::english;
use crate::formats::fit::{self as give_way, GiveWay, HelplineDetail, Step};
use crate::formats::parts::{self, BodyType, HeaderType, HelplineType};
use crate::formats::{marks, Context, Format, FormatError};

/// Page margin at the sides and top, as the handout's.
const MARGIN_MM: f32 = 13.0;
/// Distance from the foot of the page to the footer, as the handout's.
const FOOT_MM: f32 = 11.0;
/// Gap between the two languages' columns: wider than the handout's
/// gutter, since a reader must see at once where one language ends.
const GUTTER_MM: f32 = 9.0;
/// The most pages: two sheets, as the handout's.
const MAX_PAGES: usize = 4;
/// The most pages in large print: twice the handout's, for twice the text.
const MAX_LARGE_PRINT_PAGES: usize = 24;

/// Lays out the bilingual handout: on one page if everything fits there
/// with nothing given up, else two, giving way by the rule, then more.
pub fn make<'a, 'f>(
    ctx: &Context<'a, 'f>,
    second: &Context<'a, 'f>,
) -> Result<Document, FormatError> {
    let pair = Pair { first: ctx, second };
    let min = ctx.typo.body_min.0;
    let max = min + 1.0;
    if let Ok((_, pages)) = fit::largest(min, max, |body| {
        attempt(&pair, 1, Pt(body), GiveWay::NONE).map_err(|s| s.overflow())
    }) {
        return Ok(ctx.document(Format::Handout, pages));
    }
    let most = if ctx.style == ReadingStyle::LargePrint {
        MAX_LARGE_PRINT_PAGES
    } else {
        MAX_PAGES
    };
    let sizes: Vec<usize> = (2..=most).collect();
    // The give-way rule ranks attempts by how much is left over; the
    // least short one, in both languages, is the one the error tells of.
    let mut least: Option<Short> = None;
    let fitted = give_way::fit(&sizes, Step::HELP, (min, max), |pages, g, body| {
        attempt(&pair, pages, Pt(body), g).map_err(|s| {
            let o = s.overflow();
            if least
                .as_ref()
                .is_none_or(|l| o.height < l.overflow().height)
            {
                least = Some(s);
            }
            o
        })
    })
    .map_err(|o| {
        least
            .unwrap_or_else(|| Short::whole(o.height))
            .error(&pair, Format::Handout)
    })?;
    let notes = fitted.notes(&ctx.who(Format::Handout, None), |pages| {
        format!(
            "takes {} ({}) to hold both languages",
            english::count(*pages, "page"),
            english::count(pages.div_ceil(2), "sheet")
        )
    });
    let mut doc = ctx.document(Format::Handout, fitted.value);
    doc.notes = notes;
    Ok(doc)
}

/// Where the running text may go on each page.
struct Sheet {
    /// Each page's top of running text.
    tops: Vec<Pt>,
    /// Each page's foot of running text.
    bottoms: Vec<Pt>,
}

impl Sheet {
    /// The column at `x`, `w` wide, on `page` from `y` down, then the same
    /// column on every later page: where a piece of running text may flow.
    fn rects(&self, x: Pt, w: Pt, page: usize, y: Pt) -> Vec<Rect> {
        (page..self.tops.len())
            .map(|p| {
                let top = if p == page { y } else { self.tops[p] };
                Rect::new(x, top, w, (self.bottoms[p] - top).max(Pt::ZERO))
            })
            .collect()
    }
}

/// One language's piece of running text, flowed.
struct Placed {
    /// The piece.
    galley: Galley,
    /// Where its blocks went.
    flowed: Flowed,
    /// The columns it was flowed into; column `c` is on page `page + c`.
    rects: Vec<Rect>,
    /// The page of its first column.
    page: usize,
    /// The language it is in: the pair's first (0) or second (1).
    language: usize,
}

impl Placed {
    /// True when its first block went into its first column: it starts
    /// where it was asked to (or it is empty).
    fn starts_here(&self) -> bool {
        let blocks = &self.galley.blocks;
        if blocks.is_empty() {
            return true;
        }
        let Some(&(last, _)) = self.flowed.columns.first().and_then(|c| c.last()) else {
            return false;
        };
        // A first column that ends on a heading, parted from what it is
        // kept with, has not really started the piece.
        blocks
            .get(last + 1)
            .is_none_or(|b| !(b.keep_with_previous && b.para != blocks[last].para))
    }

    /// The page and height where it ends.
    fn end(&self) -> (usize, Pt) {
        let last = (0..self.flowed.columns.len())
            .rev()
            .find(|&c| !self.flowed.columns[c].is_empty());
        match last {
            Some(c) => (
                self.page + c,
                self.rects[c].y + self.flowed.used_height(&self.galley, c),
            ),
            None => (self.page, self.rects.first().map_or(Pt::ZERO, |r| r.y)),
        }
    }
}

/// Flows the pieces of running text, pair by pair: in parallel columns
/// (`columns` holds each language's x, in pair order), every pair starting
/// level, on the page where both can start; or stacked in one column (one
/// entry in `columns`), the first language's piece, then the second's.
fn place_pairs(
    sheet: &Sheet,
    pairs: Vec<(Galley, Galley)>,
    columns: &[Pt],
    width: Pt,
    gap: Pt,
) -> Result<(Vec<Placed>, (usize, Pt)), Short> {
    let heights: Vec<(Pt, Pt)> = pairs
        .iter()
        .map(|(a, b)| (a.height(), b.height()))
        .collect();
    let rest = |k: usize| -> (Pt, Pt) {
        heights[k + 1..]
            .iter()
            .fold((Pt::ZERO, Pt::ZERO), |(x, y), (a, b)| (x + *a, y + *b))
    };
    let mut placed = Vec::new();
    let (mut page, mut y) = (0, sheet.tops[0]);
    let flow_one = |g: Galley, x: Pt, page: usize, y: Pt, language: usize| {
        let rects = sheet.rects(x, width, page, y);
        let turns = vec![true; rects.len()];
        let flowed = flow::flow_turning(&g, &rects, &turns);
        Placed {
            galley: g,
            flowed,
            rects,
            page,
            language,
        }
    };
    for (k, (a, b)) in pairs.into_iter().enumerate() {
        let names = (
            a.blocks
                .first()
                .and_then(|b| b.source.as_deref().map(str::to_string)),
            b.blocks
                .first()
                .and_then(|b| b.source.as_deref().map(str::to_string)),
        );
        let short = |fa: Pt, fb: Pt| {
            let (ra, rb) = rest(k);
            Short {
                section: names.clone(),
                first: if fa > Pt::ZERO { fa + ra } else { Pt::ZERO },
                second: if fb > Pt::ZERO { fb + rb } else { Pt::ZERO },
            }
        };
        let over = |p: &Placed| p.flowed.overflow.as_ref().map_or(Pt::ZERO, |o| o.height);
        if let [x] = columns {
            // Stacked: one piece after the other, in one column.
            for (language, g) in [(0, a), (1, b)] {
                if g.blocks.is_empty() {
                    continue;
                }
                let at = if y > sheet.tops[page] { y + gap } else { y };
                let mut p = flow_one(g, *x, page, at, language);
                // A piece whose first lines do not fit under the last
                // starts on the next page (flowing never leaves a column
                // empty to do so itself).
                if !p.starts_here() && at > sheet.tops[page] && page + 1 < sheet.tops.len() {
                    page += 1;
                    y = sheet.tops[page];
                    p = flow_one(p.galley, *x, page, y, language);
                }
                let o = over(&p);
                if o > Pt::ZERO {
                    let (fa, fb) = if language == 0 {
                        (o, heights[k].1)
                    } else {
                        (Pt::ZERO, o)
                    };
                    return Err(short(fa, fb));
                }
                (page, y) = p.end();
                placed.push(p);
            }
            continue;
        }
        // Parallel: both start at the same height, on the first page
        // where both can.
        let (xa, xb) = (columns[0], columns.get(1).copied().unwrap_or(columns[0]));
        loop {
            let at = if y > sheet.tops[page] { y + gap } else { y };
            let pa = flow_one(a.clone(), xa, page, at, 0);
            let pb = flow_one(b.clone(), xb, page, at, 1);
            // Both start here, or both on the next page (from the top of
            // a page there is nowhere better).
            let fresh = at <= sheet.tops[page];
            if !(fresh || pa.starts_here() && pb.starts_here()) && page + 1 < sheet.tops.len() {
                page += 1;
                y = sheet.tops[page];
                continue;
            }
            let (oa, ob) = (over(&pa), over(&pb));
            if oa > Pt::ZERO || ob > Pt::ZERO {
                return Err(short(oa, ob));
            }
            let (ea, eb) = (pa.end(), pb.end());
            // The next pair starts below whichever ends lower: on the
            // later page, or lower on the same one.
            (page, y) = match ea.0.cmp(&eb.0) {
                std::cmp::Ordering::Equal => (ea.0, ea.1.max(eb.1)),
                std::cmp::Ordering::Greater => ea,
                std::cmp::Ordering::Less => eb,
            };
            placed.push(pa);
            placed.push(pb);
            break;
        }
    }
    Ok((placed, (page, y)))
}

/// Which language a piece of the page is in: the help is both.
const SHARED: usize = 2;

/// Flows the shared help full width from `y` on `page` (or from the top
/// of the next page, when its first part does not fit there) to the end.
fn place_help(
    sheet: &Sheet,
    help: Galley,
    x: Pt,
    width: Pt,
    page: usize,
    y: Pt,
) -> Result<Placed, Short> {
    let flow_from = |galley: Galley, page: usize, y: Pt| {
        let rects = sheet.rects(x, width, page, y.min(sheet.bottoms[page]));
        let turns = vec![true; rects.len()];
        let flowed = flow::flow_turning(&galley, &rects, &turns);
        Placed {
            galley,
            flowed,
            rects,
            page,
            language: SHARED,
        }
    };
    let mut p = flow_from(help, page, y);
    if !p.starts_here() && y > sheet.tops[page] && page + 1 < sheet.tops.len() {
        p = flow_from(p.galley, page + 1, sheet.tops[page + 1]);
    }
    match &p.flowed.overflow {
        // The help is both languages': each is short by as much.
        Some(o) => Err(Short {
            section: (o.source.as_deref().map(str::to_string), None),
            first: o.height,
            second: o.height,
        }),
        None => Ok(p),
    }
}

/// Lays the handout out on exactly `pages` pages with body text at `body`,
/// having given up what `give_way` says.
fn attempt(pair: &Pair, pages: usize, body: Pt, give_way: GiveWay) -> Result<Vec<Page>, Short> {
    let ctx = pair.first;
    let p = &ctx.palette;
    let size = ctx.paper.size();
    let margin = Pt::mm(MARGIN_MM);
    let w = size.width - margin * 2.0;
    let scale = body / Pt(12.0);
    let t = BodyType::new(body, 1.3, ctx.typo.leading).spaced(give_way.spacing());
    let stacked = ctx.style == ReadingStyle::LargePrint;
    let gutter = Pt::mm(GUTTER_MM);
    let cw = if stacked { w } else { (w - gutter) / 2.0 };
    // Each language's column: its x, and whether it is on the left.
    let x_of = |left: bool| {
        if stacked || left {
            margin
        } else {
            margin + cw + gutter
        }
    };
    let decor = give_way.decoration();
    let small = ctx.typo.small_min.max(Pt(9.0));

    // Reading order: the school's strip, all of the first language, the
    // shared help, then all of the second.
    let strip_part = ctx.tags.node(Role::Sect);
    let first_part = ctx.tags.node(Role::Sect);
    let help_part = ctx.tags.node(Role::Sect);
    let second_part = pair.second.tags.node(Role::Sect);
    let part_of = |language: usize| {
        if language == 0 {
            first_part
        } else {
            second_part
        }
    };
    let tags_of = |c: &Context, language: usize, f: &mut dyn FnMut() -> Frame| {
        c.tags.within(part_of(language), f)
    };

    // The band: the two headers side by side at the same sizes (stacked in
    // large print).
    let ht = HeaderType {
        tag: (Pt(11.0) * scale).max(ctx.typo.small_min),
        headline: Pt(26.0) * scale,
        strapline: Pt(14.0) * scale,
        site_inline: None,
    };
    let headers: Vec<(Frame, bool)> = pair
        .sides()
        .iter()
        .enumerate()
        .map(|(i, &(c, left))| {
            let f = tags_of(c, i, &mut || for_direction(c, parts::header(c, cw, &ht)));
            (f, left)
        })
        .collect();
    let strip = ctx.tags.within(strip_part, || {
        parts::cobrand_strip(ctx, w, Pt::mm(20.0) * decor.max(0.8), Pt(14.0) * scale)
    });
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
    let header_gap = ht.headline * 0.6;
    let headers_h = if stacked {
        headers.iter().map(|(f, _)| f.height()).sum::<Pt>() + header_gap
    } else {
        headers
            .iter()
            .map(|(f, _)| f.height())
            .fold(Pt::ZERO, Pt::max)
    };
    let band_h = strip_h + band_pad + margin * 0.6 * decor + headers_h;

    // The key points, paired row by row (stacked: one list, then the other).
    let kp_pad = t.gap(0.9);
    let kp_style = TextStyle::new(body * 1.05, ctx.typo.leading, p.ink);
    let kp_w = cw - kp_pad * 2.0;
    let lists: Vec<Vec<Frame>> = pair
        .sides()
        .iter()
        .enumerate()
        .map(|(i, &(c, _))| c.tags.within(part_of(i), || key_points(c, kp_w, &kp_style)))
        .collect();
    let row_gap = t.gap(0.35);
    let kp_rows: Vec<Pt> = if stacked {
        Vec::new()
    } else {
        (0..lists[0].len().max(lists[1].len()))
            .map(|r| {
                lists
                    .iter()
                    .filter_map(|l| l.get(r))
                    .map(Frame::height)
                    .fold(Pt::ZERO, Pt::max)
            })
            .collect()
    };
    let stacked_h = |l: &Vec<Frame>| {
        l.iter().map(Frame::height).sum::<Pt>() + row_gap * (l.len().saturating_sub(1)) as f32
    };
    // Side by side, the key points sit in one box under the band; stacked
    // (large print), each language's list is a box of its own that flows
    // with the running text, first of the pairs, since two lists at 16 pt
    // and more may not leave room on page one for anything else.
    let (side_lists, lists) = if stacked {
        (None, lists)
    } else {
        (Some(lists), Vec::new())
    };
    let (kp_box_h, kp_pair) = if stacked {
        let boxed = |l: Vec<Frame>| {
            let mut f = Frame::new(Size::new(w, stacked_h(&l) + kp_pad * 2.0));
            f.shape(Shape::filled(
                Path::rounded_rect(Rect::new(Pt::ZERO, Pt::ZERO, w, f.height()), Pt::mm(2.5)),
                p.tint,
            ));
            let mut y = kp_pad;
            for row in l {
                let h = row.height();
                f.place(Point::new(kp_pad, y), row);
                y += h + row_gap;
            }
            let mut g = Galley::new();
            g.section("the key points");
            g.push_frame(f, Pt::ZERO);
            g
        };
        let mut l = lists.into_iter();
        let first = boxed(l.next().unwrap_or_default());
        let second = boxed(l.next().unwrap_or_default());
        (Pt::ZERO, Some((first, second)))
    } else {
        let inner = kp_rows.iter().copied().sum::<Pt>()
            + row_gap * (kp_rows.len().saturating_sub(1)) as f32;
        (inner + kp_pad * 2.0, None)
    };
    let kp_top = band_h + t.gap(1.2);
    let first_top = if stacked {
        kp_top
    } else {
        kp_top + kp_box_h + t.gap(1.3)
    };

    // Every section and the call to action, in each language, cut into
    // pieces that pair by section.
    let galleys: Vec<Vec<Galley>> = pair
        .sides()
        .iter()
        .enumerate()
        .map(|(i, &(c, _))| {
            c.tags.within(part_of(i), || {
                let mut g = parts::sections_galley(c, cw, &t);
                parts::push_call_to_action(c, &mut g, cw, &t, 1.4);
                split_sections(g)
            })
        })
        .collect();

    // The shared help after the running text, then each language's
    // reviewed date and sources: a galley of its own, full width, whose
    // parts (contacts, helplines, emergency line, sources) may go over a
    // page turn between them, never within one.
    let mut help = ctx
        .tags
        .within(help_part, || help_galley(pair, w, &t, small, give_way));
    let sources = sources_block(
        pair,
        w,
        gutter,
        stacked,
        small,
        give_way,
        [help_part, second_part],
    );
    help.push_frame(sources, t.gap(0.7));
    let footer_style = TextStyle::new(small, 1.3, p.muted);
    let footer_h = if stacked {
        footer_style.line_height() * 2.0
    } else {
        footer_style.line_height()
    };
    let content_bottom = size.height - Pt::mm(FOOT_MM) - footer_h - body;
    let sheet = Sheet {
        tops: (0..pages)
            .map(|i| if i == 0 { first_top } else { margin })
            .collect(),
        bottoms: vec![content_bottom; pages],
    };
    if let Some(i) = (0..pages).find(|&i| sheet.bottoms[i] <= sheet.tops[i]) {
        return Err(Short::whole(sheet.tops[i] - sheet.bottoms[i]));
    }
    let mut pieces = galleys.into_iter();
    let (a, b) = (
        pieces.next().unwrap_or_default(),
        pieces.next().unwrap_or_default(),
    );
    let n = a.len().max(b.len());
    let (mut a, mut b) = (a.into_iter(), b.into_iter());
    let pairs: Vec<(Galley, Galley)> = kp_pair
        .into_iter()
        .chain((0..n).map(|_| (a.next().unwrap_or_default(), b.next().unwrap_or_default())))
        .collect();
    let sides = pair.sides();
    let columns: Vec<Pt> = if stacked {
        vec![margin]
    } else {
        sides.iter().map(|&(_, left)| x_of(left)).collect()
    };
    let (mut placed, (page, y)) = place_pairs(&sheet, pairs, &columns, cw, t.gap(1.15))?;
    placed.push(place_help(&sheet, help, margin, w, page, y + t.gap(1.2))?);

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
    let mut hy = strip_h + band_pad;
    for (f, left) in headers {
        let h = f.height();
        first.place(Point::new(x_of(left), hy), f.items);
        if stacked {
            hy += h + header_gap;
        }
    }
    // A hairline between the two headers and the two columns: where one
    // language ends.
    if !stacked {
        let x = margin + cw + gutter / 2.0;
        first.items.push(Item::Shape(Shape::stroked(
            Path::line(
                Point::new(x, strip_h + band_pad),
                Point::new(x, band_h - margin * 0.3),
            ),
            p.on_primary,
            Pt(0.75),
        )));
    }
    if let Some(lists) = side_lists {
        let kp_rect = Rect::new(margin, kp_top, w, kp_box_h);
        first.items.push(Item::Shape(Shape::filled(
            Path::rounded_rect(kp_rect, Pt::mm(2.5)),
            p.tint,
        )));
        for (list, &(_, left)) in lists.into_iter().zip(sides.iter()) {
            let mut y = kp_top + kp_pad;
            for (r, f) in list.into_iter().enumerate() {
                first.place(Point::new(x_of(left) + kp_pad, y), f.items);
                y += kp_rows.get(r).copied().unwrap_or_default() + row_gap;
            }
        }
    }

    // How far down each page the running text reaches.
    let mut ends: Vec<Pt> = sheet.tops.clone();
    for piece in placed.iter().filter(|p| p.language != SHARED) {
        for (k, column) in piece.flowed.columns.iter().enumerate() {
            if !column.is_empty() {
                let end = piece.rects[k].y + piece.flowed.used_height(&piece.galley, k);
                if let Some(e) = ends.get_mut(piece.page + k) {
                    *e = e.max(end);
                }
            }
        }
    }
    for piece in placed {
        // The shared help is set as it is, whichever way the languages read.
        let c = sides.get(piece.language).map(|s| s.0);
        let items = flow::draw(piece.galley, &piece.flowed, &piece.rects);
        for (k, column) in items.into_iter().enumerate() {
            let rect = piece.rects[k];
            if let Some(page) = out.get_mut(piece.page + k) {
                match c {
                    Some(c) => page.items.extend(mirror_in(c, rect, column)),
                    None => page.items.extend(column),
                }
            }
        }
    }
    // A rule between the columns of running text, as far as they go.
    if !stacked {
        for (i, page) in out
            .iter_mut()
            .enumerate()
            .filter(|(i, _)| ends[*i] > sheet.tops[*i])
        {
            let x = margin + cw + gutter / 2.0;
            page.items.push(Item::Shape(Shape::stroked(
                Path::line(Point::new(x, sheet.tops[i]), Point::new(x, ends[i])),
                p.tint,
                Pt(0.5),
            )));
        }
    }
    for (i, page) in out.iter_mut().enumerate() {
        let reviewed = (i + 1 == pages).then_some([help_part, second_part]);
        footer(
            pair,
            page,
            i,
            pages,
            cw,
            gutter,
            stacked,
            &footer_style,
            reviewed,
        );
        marks::trim_marks(page);
    }
    Ok(out)
}

/// Each key point of one language as its own frame, `width` wide: its
/// number in a circle and its words. One list (L) of items (LI).
fn key_points(ctx: &Context, width: Pt, style: &TextStyle) -> Vec<Frame> {
    let points: Vec<&str> = ctx
        .audience
        .spec
        .audience
        .key_points
        .get_ref()
        .iter()
        .map(|t| t.get_ref().trim())
        .collect();
    let list = ctx.tags.node(Role::L);
    points
        .iter()
        .enumerate()
        .map(|(i, point)| {
            ctx.tags.within(list, || {
                for_direction(ctx, parts::numbered_point(ctx, i + 1, point, width, style))
            })
        })
        .collect()
}

/// The help shared by both languages, `w` wide, as a galley of whole
/// parts: the school's contacts, the helplines' heading (kept with them),
/// the helplines (each once, with both languages' words), the emergency
/// line.
fn help_galley(pair: &Pair, w: Pt, t: &BodyType, small: Pt, give_way: GiveWay) -> Galley {
    let ctx = pair.first;
    let p = &ctx.palette;
    let body = t.body;
    let (others, emergency) = ctx.helplines();
    let mut g = Galley::new();
    g.section("the helplines");
    let ht = HelplineType {
        name: body,
        number: body * 1.5,
        detail: (body * 0.85).max(small),
        small: small.max(body * 0.8),
        leading: 1.25,
        level: give_way.helplines(),
    };
    let columns = if ctx.style == ReadingStyle::LargePrint {
        2
    } else {
        3
    };
    // The shared help is laid out as the first language's (its first
    // helpline where that language starts to read), each part set in that
    // direction (`for_direction`); the second's words in it come set in
    // theirs (`Context::placed_from`).
    if let Some(talk) = parts::talk_to_us(ctx, w, columns, &ht, p.tint, t.gap(0.6), body * 1.45) {
        g.push_frame(for_direction(ctx, talk), Pt::ZERO);
    }
    let heading = label_pair(
        pair,
        |l| l.helplines.as_str(),
        Role::H2,
        Weight::Bold,
        &TextStyle::new(body * 1.3, 1.2, p.primary),
        w,
    );
    g.push_frame(heading, t.gap(1.0));
    g.keep_with_next();
    if !others.is_empty() {
        let preferred = if others.len() == 4 { 2 } else { 3 };
        let columns = parts::columns_for(ctx, &others, w, preferred, &ht, t.gap(0.6), true);
        let grid = parts::helplines_block(ctx, &others, w, columns, &ht, p.tint, t.gap(0.6));
        g.push_frame(for_direction(ctx, grid), t.gap(0.4));
    }
    for h in emergency {
        let detail = (ht.level != HelplineDetail::Names).then_some(body * 0.9);
        let bar = parts::emergency_bar(ctx, h, w, body * 1.2, body * 2.6, detail);
        g.push_frame(for_direction(ctx, bar), t.gap(0.6));
    }
    g
}

/// Each language's sources, in its own column (stacked in large print),
/// tagged under `parts` (the first's, the second's).
fn sources_block(
    pair: &Pair,
    w: Pt,
    gutter: Pt,
    stacked: bool,
    small: Pt,
    give_way: GiveWay,
    parts: [NodeId; 2],
) -> Frame {
    let cw = if stacked { w } else { (w - gutter) / 2.0 };
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    let mut tallest = Pt::ZERO;
    for (i, (c, left)) in pair.sides().into_iter().enumerate() {
        let sources = if give_way.brief_sources() {
            parts::sources_brief(c)
        } else {
            parts::sources_text(c)
        };
        if sources.is_empty() {
            continue;
        }
        let block = c.ts().set(
            &c.ts().prepare(&sources),
            &TextStyle::new(small, 1.3, c.palette.muted),
            cw,
        );
        let frame = c.tags.within(parts[i], || {
            block.into_frame().tagged(c.tags.node(Role::Note))
        });
        let frame = for_direction(c, frame);
        let h = frame.height();
        if stacked {
            f.place(Point::new(Pt::ZERO, y), frame);
            y += h + small * 0.5;
        } else {
            let x = if left { Pt::ZERO } else { cw + gutter };
            f.place(Point::new(x, Pt::ZERO), frame);
            tallest = tallest.max(h);
        }
    }
    f.size.height = if stacked {
        (y - small * 0.5).max(Pt::ZERO)
    } else {
        tallest
    };
    f
}

/// Each language's footer: "Adolygwyd ... · Tudalen 1 o 2" under its own
/// column (one under the other in large print). The reviewed date is read
/// once, on the last page, under `reviewed` (the first's, the second's).
#[allow(clippy::too_many_arguments)]
fn footer(
    pair: &Pair,
    page: &mut Page,
    index: usize,
    pages: usize,
    cw: Pt,
    gutter: Pt,
    stacked: bool,
    style: &TextStyle,
    reviewed: Option<[NodeId; 2]>,
) {
    let margin = Pt::mm(MARGIN_MM);
    let lines = if stacked { 2.0 } else { 1.0 };
    let mut y = page.size.height - Pt::mm(FOOT_MM) - style.line_height() * lines;
    for (i, (c, left)) in pair.sides().into_iter().enumerate() {
        let mut text = parts::reviewed_line(c);
        if pages > 1 {
            if !text.is_empty() {
                text.push_str(" · ");
            }
            text.push_str(&c.labels.page_of(index + 1, pages));
        }
        let block = parts::line_or_wrapped(c, &text, Weight::Regular, style, cw);
        let frame = block.into_frame();
        // The page number repeats on every page, as decoration; the
        // reviewed date is read once, at the end.
        let frame = match reviewed {
            Some(parents) => c
                .tags
                .within(parents[i], || frame.tagged(c.tags.node(Role::Note))),
            None => frame,
        };
        let mut frame = frame;
        frame.size.width = cw;
        let frame = for_direction(c, frame);
        let x = if stacked || left {
            margin
        } else {
            margin + cw + gutter
        };
        page.place(Point::new(x, y), frame.items);
        if stacked {
            y += style.line_height();
        }
    }
}
