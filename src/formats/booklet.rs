//! The booklet: half-size pages (A5 on A4 sheets, half-letter on letter),
//! printed double-sided, folded in half and stapled at the fold (saddle
//! stitch).
//!
//! The content is first laid out as reading-order pages: the cover, the
//! sections flowing from page 2, notes pages if the count needs padding,
//! and the helplines on the back cover. A saddle-stitched booklet needs a
//! multiple of four pages. Then [`imposition`] puts two pages on each side
//! of each sheet so that the folded stack reads in order. `--no-impose`
//! writes the reading-order pages instead, for a print shop that imposes
//! them itself.

use crate::layout::fit;
use crate::layout::flow::{self, Galley};
use crate::layout::{
    Document, Frame, Item, Overflow, Page, Path, Role, Shape, Structure, Tags, TextStyle,
};
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::fit::{self as give_way, Step};
use super::languages::{Languages, Short};
use super::parts::{self, BodyType, Inside, Sources};
use super::{marks, Context, Format, FormatError, Paper};

/// Margin on the outer edge: office printers cannot print near it.
const OUTER_MM: f32 = 12.0;
/// Margin at the spine: well over the 6 mm a fold needs.
const SPINE_MM: f32 = 13.0;
/// Margin at the top.
const TOP_MM: f32 = 14.0;
/// Distance from the foot of the page to the bottom of the page number.
const FOOT_MM: f32 = 11.0;
/// Most content pages tried before giving up.
const MAX_CONTENT_PAGES: usize = 24;
/// Most content pages each half of a tête-bêche booklet may have.
const MAX_HALF_CONTENT_PAGES: usize = 20;

/// One side of a sheet: which pages (numbered from 1 in reading order) go
/// on its left and right halves.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SheetSide {
    /// The page on the left half.
    pub left: usize,
    /// The page on the right half.
    pub right: usize,
}

/// The sides of the sheets in printing order (sheet 1 front, sheet 1 back,
/// sheet 2 front, ...) for a saddle-stitched booklet of `pages` pages, a
/// multiple of four. For 8 pages: 8|1, 2|7, 6|3, 4|5.
pub fn imposition(pages: usize) -> Vec<SheetSide> {
    debug_assert!(
        pages.is_multiple_of(4),
        "a saddle-stitched booklet has a multiple of four pages"
    );
    (0..pages / 4)
        .flat_map(|i| {
            [
                SheetSide {
                    left: pages - 2 * i,
                    right: 2 * i + 1,
                },
                SheetSide {
                    left: 2 * i + 2,
                    right: pages - 2 * i - 1,
                },
            ]
        })
        .collect()
}

/// The page count of a booklet with `content` pages between its covers:
/// the next multiple of four.
pub fn padded_pages(content: usize) -> usize {
    (content + 2).div_ceil(4) * 4
}

/// The size of one booklet page: half the sheet.
fn page_size(paper: Paper) -> Size {
    let sheet = paper.size();
    Size::new(sheet.height / 2.0, sheet.width)
}

/// True for pages on the right of a spread (odd page numbers), whose spine
/// is on their left.
fn is_right_hand(page: usize) -> bool {
    page % 2 == 1
}

/// Where text goes on a page, by which side its spine is on.
fn text_area(size: Size, page: usize) -> Rect {
    let (left, right) = if is_right_hand(page) {
        (Pt::mm(SPINE_MM), Pt::mm(OUTER_MM))
    } else {
        (Pt::mm(OUTER_MM), Pt::mm(SPINE_MM))
    };
    let top = Pt::mm(TOP_MM);
    let bottom = Pt::mm(FOOT_MM) + Pt(11.0) * 2.2;
    Rect::new(
        left,
        top,
        size.width - left - right,
        size.height - top - bottom,
    )
}

/// Lays out the booklet: in one language, one run of pages from the front
/// cover to the back; as a bilingual edition, tête-bêche (see the
/// module's doc). Each language is a half of the booklet: its cover, its
/// content pages, and its last page, where the first half has the help
/// (the back cover of a booklet in one language, the middle spread of a
/// tête-bêche one) and the second half notes.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let langs = Languages::of(ctx);
    if let Some(second) = langs.second() {
        if let Some(e) = Format::Booklet.unmade_bilingual_pair(ctx.rtl, second.rtl) {
            return Err(e);
        }
    }
    let halves = langs.count();
    let size = page_size(ctx.paper);
    let min = ctx.typo.body_min.0;
    let width = text_area(size, 2).width;
    let who = ctx.describe(Format::Booklet);
    let mut notes = Vec::new();
    let mut remarks = Vec::new();
    let (help_page, where_help, covers_word) = if langs.is_pair() {
        ("middle spread", "each half", "covers")
    } else {
        ("back cover", "the inside", "cover")
    };

    // Reading order, page 1 to the back cover, whatever the sheets' order:
    // each half's cover and content, the help after the first's.
    // The booklet's structure: every attempt below tags into it (what a
    // thrown-away attempt tagged holds no content and is pruned when the
    // PDF is written); `tags` lends it to each.
    let mut structure = Tags::new();
    let tags = &mut structure;
    let mut cover_parts = Vec::new();
    let mut content_parts = Vec::new();
    let mut help_part = None;
    for c in langs.iter() {
        cover_parts.push(c.tag(tags, Role::Sect));
        content_parts.push(c.tag(tags, Role::Sect));
        if help_part.is_none() {
            help_part = Some(c.tag(tags, Role::Sect));
        }
    }
    let help_part = help_part.unwrap_or(Structure::ROOT);

    // The key points go on the covers where they all fit there at the
    // smallest body size; otherwise (large print) they open page 2.
    let cover_at = |tags: &mut Tags, i: usize, page: &mut Page, body: Pt, key_points: bool| {
        let c = langs.get(i);
        let fill = bleed_rect(c, size, 1, Pt::ZERO, size.height);
        tags.within(cover_parts[i], |tags| {
            parts::cover(
                c,
                tags,
                page,
                fill,
                text_area(size, 1),
                body,
                Format::Booklet,
                key_points,
            )
        })
    };
    let points_on_cover =
        (0..halves).all(|i| cover_at(tags, i, &mut langs.get(i).page(size), Pt(min), true).is_ok());
    if !points_on_cover {
        remarks.push(format!(
            "{who} moves its key points from the {covers_word} to page 2, to keep them at the style's sizes"
        ));
    }
    // The help holds the helplines at the body size or larger. A booklet
    // can take more pages, so nothing of the help is ever left out: the
    // school's contacts move inside, after the call to action, when the
    // page cannot hold them too, then the helplines, in full; only then do
    // the spacing and decoration give way. (The help's page is even in
    // either kind of booklet: its margins are page 4's.)
    let area = text_area(size, 4);
    let m = Pt(min);
    let plan = tags.within(help_part, |tags| {
        parts::plan_help(
            ctx,
            &[m + Pt(2.0), m + Pt(1.0), m],
            &[Inside::NOTHING, Inside::CONTACTS, Inside::HELP],
            |inside, body, steps| back_cover(ctx, tags, area, inside, body, steps),
            Step::GROWING,
        )
    })?;
    let (mut help, inside) = (plan.fitted, plan.inside);
    // The smallest helpline word in the help, as it fitted: the running
    // text may grow to it, and no further.
    // (The sources and the reviewed date at its foot are small print, set
    // at the style's smallest size, and do not count.)
    let help_body = help
        .value
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) if run.size > ctx.typo.small_min + Pt(0.01) => Some(run.size),
            _ => None,
        })
        .fold(m + Pt(4.0), Pt::min)
        .max(m);
    // Helplines moved inside are set at the running text's size, so the
    // back cover (the emergency line alone) sets no bound: the running
    // text grows at most a point, as when the help's type is largest.
    let help_body = if inside.helplines {
        m + Pt(1.0)
    } else {
        help_body
    };
    notes.extend(help.notes(&ctx.who(Format::Booklet, Some(help_page))));
    if inside.contacts && ctx.site.is_some() {
        remarks.push(format!(
            "{who} gives the school's contacts in {where_help}, after the call to action: the {help_page} has room for the helplines"
        ));
    }
    if inside.helplines {
        remarks.push(format!(
            "{who} gives its helplines in full in {where_help}, after the call to action: the {help_page} keeps the emergency line and the sources"
        ));
    }

    // Each half's running text, at one body size: the fewest content
    // pages that hold the longest at the smallest size. `air` (1 and up)
    // opens the spacing: between paragraphs most, between lines a little.
    let galley_air = |tags: &mut Tags, i: usize, body: f32, air: f32| {
        let c = langs.get(i);
        let leading = c.typo.leading * (1.0 + (air - 1.0) * 0.2);
        let t = BodyType::new(Pt(body), 1.3, leading).spaced(air);
        tags.within(content_parts[i], |tags| {
            galley(c, tags, width, &t, !points_on_cover, inside)
        })
    };
    let galley_at = |tags: &mut Tags, i: usize, body: f32| galley_air(tags, i, body, 1.0);
    let frames = |n: usize| -> Vec<Rect> { (2..n + 2).map(|p| text_area(size, p)).collect() };
    // The fewest content pages a half needs, or what is left over of it
    // at the most there may be: its section and how much.
    let most = if langs.is_pair() {
        MAX_HALF_CONTENT_PAGES
    } else {
        MAX_CONTENT_PAGES
    };
    let needed_for = |tags: &mut Tags, i: usize| -> Result<usize, Overflow> {
        let g = galley_at(tags, i, min);
        (1..=most)
            .find(|&n| flow::flow_turning(&g, &frames(n), &[]).fits())
            .ok_or_else(|| {
                flow::flow_turning(&g, &frames(most), &[])
                    .overflow
                    .unwrap_or(Overflow {
                        height: Pt::ZERO,
                        source: None,
                    })
            })
    };
    let needs: Vec<Result<usize, Overflow>> = (0..halves).map(|i| needed_for(tags, i)).collect();
    let needed = match needs
        .iter()
        .try_fold(0, |n, r| r.as_ref().ok().map(|&k| n.max(k)))
    {
        Some(n) => n,
        None if !langs.is_pair() => {
            let o = needs.into_iter().find_map(Result::err).unwrap_or(Overflow {
                height: Pt::ZERO,
                source: None,
            });
            return Err(ctx.does_not_fit(Format::Booklet, &section_name(&o), o.height));
        }
        // A half too long: its section, and how much of each language is
        // left over ("Welsh 40 mm too long, English fits").
        None => {
            let short = |i: usize| match needs.get(i) {
                Some(Err(o)) => (o.source.as_deref().map(str::to_string), o.height),
                _ => (None, Pt::ZERO),
            };
            let ((s0, h0), (s1, h1)) = (short(0), short(1));
            return Err(Short {
                section: (s0, s1),
                first: h0,
                second: h1,
            }
            .error(&langs, Format::Booklet));
        }
    };
    // Each half: its cover, its content and its last page; the whole a
    // multiple of four. The padding lets the type grow a little before any
    // page is left for notes.
    let total = padded_pages(halves * (needed + 2) - 2);
    let half = total / halves;
    let content_pages = half - 2;
    // The running text no larger than the help.
    let fits = |body: f32| {
        let made: Vec<(Galley, flow::Flowed)> = (0..halves)
            .map(|i| {
                let g = galley_at(tags, i, body);
                // Each frame is a page: a paragraph never runs over a page
                // turn.
                let f = flow::flow_turning(&g, &frames(content_pages), &[]);
                (g, f)
            })
            .collect();
        match made.iter().find_map(|(_, f)| f.overflow.clone()) {
            None => Ok(made),
            Some(o) => Err(o),
        }
    };
    let (body, flowed) = fit::largest(min, help_body.0, fits)
        .map_err(|o| ctx.does_not_fit(Format::Booklet, &section_name(&o), o.height))?;
    // The padding leaves pages over: fill all but at most one (for notes)
    // with air rather than filler.
    let used = |f: &flow::Flowed| f.columns.iter().filter(|c| !c.is_empty()).count();
    let flowed: Vec<(Galley, flow::Flowed)> = flowed
        .into_iter()
        .enumerate()
        .map(|(i, (galley, f))| {
            if used(&f) + 1 >= content_pages {
                return (galley, f);
            }
            fit::largest(1.0, 2.5, |air| {
                let g = galley_air(tags, i, body, air);
                let f = flow::flow_turning(&g, &frames(content_pages), &[]);
                match f.overflow {
                    None => Ok((g, f)),
                    Some(_) => Err(()),
                }
            })
            .map(|(_, made)| made)
            .unwrap_or((galley, f))
        })
        .collect();

    // Each half's pages, in its own reading order.
    let mut pages_of: Vec<Vec<Page>> = Vec::new();
    for (i, (galley, flowed)) in flowed.into_iter().enumerate() {
        let c = langs.get(i);
        let mut pages: Vec<Page> = (1..=half).map(|_| c.page(size)).collect();
        for page in &mut pages {
            page.paint_paper(c.palette.paper);
        }
        // Page 1: the cover, with the key points at the body size where
        // they fit, else at the smallest.
        if cover_at(tags, i, &mut pages[0], Pt(body), points_on_cover).is_err() {
            pages[0] = c.page(size);
            pages[0].paint_paper(c.palette.paper);
            cover_at(tags, i, &mut pages[0], Pt(min), points_on_cover)?;
        }
        let rects = frames(content_pages);
        let used = used(&flowed);
        for (k, items) in flow::draw(galley, &flowed, &rects).into_iter().enumerate() {
            pages[k + 1].items.extend(items);
        }
        // Pages the text does not reach are for notes; so is the second
        // half's last page, which faces the help.
        let last_notes = if i == 0 { half - 1 } else { half };
        for n in (used + 2)..=last_notes {
            notes_page(c, &mut pages[n - 1], text_area(size, n), Pt(body));
        }
        // The help on the first half's last page, on the tint.
        if i == 0 {
            if let Some(page) = pages.last_mut() {
                let fill = bleed_rect(ctx, size, half, Pt::ZERO, size.height);
                page.fill(fill, ctx.palette.tint);
                let area = text_area(size, half);
                page.place(area.origin(), std::mem::take(&mut help.value.items));
            }
        }
        for (k, page) in pages.iter_mut().enumerate().skip(1).take(half - 2) {
            page_number(c, page, k + 1);
        }
        pages_of.push(pages);
    }

    // In the first half's order: its pages, then the other half's from its
    // last page to its cover: turned half a turn about its centre when the
    // two read the same way; the right way up, and reflected as that
    // language's pages are, when they read opposite ways (it opens from
    // the other cover, bound on the other side).
    let mut halves_pages = pages_of.into_iter();
    let mut pages = halves_pages.next().unwrap_or_default();
    if let (Some(mut trailing), Some(second)) = (halves_pages.next(), langs.second()) {
        trailing.reverse();
        let turned = ctx.rtl == second.rtl;
        let centre = Point::new(size.width / 2.0, size.height / 2.0);
        for mut page in trailing {
            if turned {
                let items = std::mem::take(&mut page.items);
                page.items.push(Item::BeginTurn(centre));
                page.items.extend(items);
                page.items.push(Item::EndTurn);
            } else {
                page.mirror();
            }
            pages.push(page);
        }
    }

    let pages = if ctx.impose {
        impose(ctx, pages, size)
    } else {
        let mut pages = pages;
        for page in &mut pages {
            marks::trim_marks(page);
        }
        pages
    };
    let mut doc = ctx.document(Format::Booklet, pages, structure.finish());
    doc.notes = notes;
    doc.remarks = remarks;
    Ok(doc)
}

fn section_name(o: &Overflow) -> String {
    match &o.source {
        Some(s) => super::parts::part_name(s),
        None => "the booklet's sections".to_string(),
    }
}

/// A band from `y`, `h` high, across a page and into the bleed on its
/// outer side; into the spine side too unless the page will be imposed
/// (there, the next page begins).
fn bleed_rect(ctx: &Context, size: Size, page: usize, y: Pt, h: Pt) -> Rect {
    let b = ctx.bleed;
    let spine_bleed = if ctx.impose { Pt::ZERO } else { b };
    let (left, right) = if is_right_hand(page) {
        (spine_bleed, b)
    } else {
        (b, spine_bleed)
    };
    Rect::new(-left, y - b, size.width + left + right, h + b * 2.0)
}

/// The key points (when the cover has no room for them), every section,
/// the call to action, and what of the help goes `inside` (when the back
/// cover has no room for it).
fn galley(
    ctx: &Context,
    tags: &mut Tags,
    width: Pt,
    t: &BodyType,
    key_points: bool,
    inside: Inside,
) -> Galley {
    let mut g = Galley::new();
    if key_points {
        g.section("key points");
        let points = ctx.key_points();
        let style = TextStyle::new(TypeRole::KeyPoint, t.body, t.leading, ctx.palette.ink);
        let list = parts::numbered_points(ctx, tags, &points, width, &style, t.gap(0.45));
        g.push_frame(list, Pt::ZERO);
    }
    let sections = parts::sections_galley(ctx, tags, width, t);
    let first = g.blocks.len();
    g.blocks.extend(sections.blocks);
    if key_points {
        if let Some(b) = g.blocks.get_mut(first) {
            b.space_before = t.gap(1.15);
        }
    }
    parts::push_call_to_action(ctx, tags, &mut g, width, t, 1.4);
    if inside.contacts {
        parts::push_contacts(ctx, tags, &mut g, width, t);
    }
    if inside.helplines {
        parts::push_helplines(ctx, tags, &mut g, width, t);
    }
    g
}

/// A page for the reader's own notes: a heading and ruled lines.
fn notes_page(ctx: &Context, page: &mut Page, area: Rect, body: Pt) {
    let style = TextStyle::new(TypeRole::Furniture, body * 1.3, 1.2, ctx.palette.primary);
    let heading = ctx
        .ts()
        .text(ctx.labels.notes.trim(), Weight::Bold, &style, area.width);
    let mut y = area.y + heading.height() + body;
    page.place(area.origin(), heading.into_frame().items);
    let rule = ctx.palette.ink.mix(ctx.palette.paper, 0.75);
    let step = body * 2.2;
    while y + step <= area.bottom() {
        y += step;
        let line = Path::line(Point::new(area.x, y), Point::new(area.right(), y));
        page.items
            .push(Item::Shape(Shape::stroked(line, rule, Pt(0.5))));
    }
}

/// The back cover: the helplines column (with the school's contacts when
/// `contacts`), no helpline word under `body`, at the largest size that
/// fits `area` (larger than its design, to fill the cover, where it can),
/// giving way by `steps` of the rule.
fn back_cover(
    ctx: &Context,
    tags: &mut Tags,
    area: Rect,
    inside: Inside,
    body: Pt,
    steps: &'static [Step],
) -> Result<give_way::Fitted<(), Frame>, FormatError> {
    let o = parts::HelpColumn {
        columns: 2,
        contacts: !inside.contacts,
        helplines: !inside.helplines,
        sources: Sources::Full,
        body,
    };
    parts::fit_help_column(
        ctx,
        tags,
        area,
        &o,
        steps,
        (0.5, 1.6),
        Format::Booklet,
        "back cover",
    )
}

/// The page number at the foot, on the outer side.
fn page_number(ctx: &Context, page: &mut Page, n: usize) {
    let style = TextStyle::new(
        TypeRole::Furniture,
        ctx.typo.small_min.max(Pt(10.0)),
        1.2,
        ctx.palette.muted,
    );
    let block = ctx.ts().line(&n.to_string(), Weight::Regular, &style);
    let y = page.size.height - Pt::mm(FOOT_MM) - block.height();
    let x = if is_right_hand(n) {
        page.size.width - Pt::mm(OUTER_MM) - block.max_line_width()
    } else {
        Pt::mm(OUTER_MM)
    };
    page.place(Point::new(x, y), block.into_frame().items);
}

/// Puts reading-order pages two to a sheet side, in printing order.
fn impose(ctx: &Context, pages: Vec<Page>, size: Size) -> Vec<Page> {
    let sheet = Size::new(size.width * 2.0, size.height);
    let mut pages: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    imposition(pages.len())
        .into_iter()
        .map(|side| {
            let mut out = ctx.page(sheet);
            for (n, dx) in [(side.left, Pt::ZERO), (side.right, size.width)] {
                if let Some(page) = pages.get_mut(n - 1).and_then(Option::take) {
                    out.place(Point::new(dx, Pt::ZERO), page.items);
                }
            }
            marks::fold_mark_vertical(&mut out, size.width);
            marks::trim_marks(&mut out);
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sides(n: usize) -> Vec<(usize, usize)> {
        imposition(n)
            .into_iter()
            .map(|s| (s.left, s.right))
            .collect()
    }

    #[test]
    fn booklet_imposition_four_pages() {
        assert_eq!(sides(4), vec![(4, 1), (2, 3)]);
    }

    #[test]
    fn booklet_imposition_eight_pages() {
        // Sheet one front 8|1, back 2|7; sheet two front 6|3, back 4|5.
        assert_eq!(sides(8), vec![(8, 1), (2, 7), (6, 3), (4, 5)]);
    }

    #[test]
    fn booklet_imposition_twelve_pages() {
        assert_eq!(
            sides(12),
            vec![(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
        );
    }

    #[test]
    fn booklet_imposition_sixteen_pages() {
        assert_eq!(
            sides(16),
            vec![
                (16, 1),
                (2, 15),
                (14, 3),
                (4, 13),
                (12, 5),
                (6, 11),
                (10, 7),
                (8, 9)
            ]
        );
    }

    #[test]
    fn every_page_is_printed_once_and_facing_pages_sum_to_n_plus_one() {
        for n in [4, 8, 12, 16, 20, 40] {
            let s = imposition(n);
            let mut all: Vec<usize> = s.iter().flat_map(|x| [x.left, x.right]).collect();
            all.sort();
            assert_eq!(all, (1..=n).collect::<Vec<_>>());
            // Halves of a sheet side are pages that face across the fold.
            assert!(s.iter().all(|x| x.left + x.right == n + 1));
        }
    }

    #[test]
    fn padding_rounds_up_to_a_multiple_of_four_with_both_covers() {
        assert_eq!(padded_pages(1), 4);
        assert_eq!(padded_pages(2), 4);
        assert_eq!(padded_pages(3), 8);
        assert_eq!(padded_pages(6), 8);
        assert_eq!(padded_pages(7), 12);
    }
}
