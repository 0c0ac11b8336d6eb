//! The bilingual booklet, tête-bêche: the first language reads from one
//! cover, the second from the other, upside down to the first (its pages
//! turned half a turn), so each reader turns the booklet over and finds
//! their own front cover. Both halves have the same number of pages, set
//! at one body size (the longer language sets it). The help sits in the
//! middle spread, once: the helplines with both languages' words, on the
//! first half's last page; the facing page, the second half's last, is for
//! notes.
//!
//! Page `p` of `n` (in the first language's order) is the first's page `p`
//! for `p <= n / 2`, else the second's page `n - p + 1`, turned. The sheets
//! are imposed as the booklet's are ([`crate::formats::booklet::imposition`]):
//! every sheet side carries one page of each language, one of them turned.
//!
//! When one language reads right to left (Urdu with English), nothing is
//! turned: a right-to-left book is bound on its right, so its cover is
//! the left-to-right half's back cover, the right way up. The pages then
//! run in the left-to-right language's order (its half, then the other's
//! from its last page to its cover), each right-to-left page mirrored as
//! a right-to-left booklet's pages are, and the sheets are imposed as any
//! booklet's. Two right-to-left languages are not made yet
//! ([`Format::unmade_bilingual_pair`]).

use crate::layout::fit;
use crate::layout::flow::{self, Galley};
use crate::layout::{Document, Item, Overflow, Page, Role};
use crate::units::{Point, Pt, Rect};

use super::Pair;
use crate::formats::booklet::{
    back_cover, bleed_rect, galley, impose, notes_page, padded_pages, page_number, page_size,
    text_area,
};
use crate::formats::fit::Step;
use crate::formats::parts::{self, BodyType};
use crate::formats::{marks, Context, Format, FormatError};
use crate::style::ReadingStyle;

/// Most content pages a half may have.
const MAX_CONTENT_PAGES: usize = 20;

/// Lays out the tête-bêche booklet.
pub fn make<'a, 'f>(
    ctx: &Context<'a, 'f>,
    second: &Context<'a, 'f>,
) -> Result<Document, FormatError> {
    if let Some(e) = Format::Booklet.unmade_bilingual_pair(ctx.rtl, second.rtl) {
        return Err(e);
    }
    let pair = Pair { first: ctx, second };
    let size = page_size(ctx.paper);
    let min = ctx.typo.body_min.0;
    let width = text_area(size, 2).width;
    let who = ctx.describe(Format::Booklet);
    let mut notes = Vec::new();

    // Reading order: all of the first language, the shared help, all of
    // the second.
    let first_cover = ctx.tags.node(Role::Sect);
    let first_content = ctx.tags.node(Role::Sect);
    let help_part = ctx.tags.node(Role::Sect);
    let second_cover = second.tags.node(Role::Sect);
    let second_content = second.tags.node(Role::Sect);
    let covers = [first_cover, second_cover];
    let contents = [first_content, second_content];
    let sides = [pair.first, pair.second];

    // Each cover with its key points where both covers hold them at the
    // smallest body size; else both move them inside.
    let cover_at = |i: usize, page: &mut Page, body: Pt, key_points: bool| {
        let c = sides[i];
        let fill = bleed_rect(c, size, 1, Pt::ZERO, size.height);
        c.tags.within(covers[i], || {
            parts::cover(
                c,
                page,
                fill,
                text_area(size, 1),
                body,
                Format::Booklet,
                key_points,
            )
        })
    };
    let points_on_cover = (0..2).all(|i| cover_at(i, &mut ctx.page(size), Pt(min), true).is_ok());
    if !points_on_cover {
        notes.push(format!(
            "{who} moves its key points from the covers to page 2, to keep them at the style's sizes"
        ));
    }

    // The help, once, on the first half's last page (the middle spread's
    // first page), with both languages' words; the school's contacts move
    // inside each half when the page cannot hold them too.
    let m = Pt(min);
    let help_area = |pages: usize| text_area(size, pages / 2);
    let number_scale = match ctx.style {
        ReadingStyle::LargePrint => {
            let standard = ctx.in_style(ReadingStyle::Standard);
            let sm = standard.typo.body_min;
            let area = help_area(4);
            let scale = parts::plan_help(
                &standard,
                &[sm + Pt(2.0), sm + Pt(1.0), sm],
                |contacts, body, steps| back_cover(&standard, area, contacts, body, steps, 0.0),
                Step::HELP,
            )
            .map_or(0.0, |p| p.fitted.scale);
            scale
        }
        _ => 0.0,
    };
    let area = help_area(4);
    let plan = ctx.tags.within(help_part, || {
        parts::plan_help(
            ctx,
            &[m + Pt(2.0), m + Pt(1.0), m],
            |contacts, body, steps| back_cover(ctx, area, contacts, body, steps, number_scale),
            Step::HELP,
        )
    })?;
    let (mut help, contacts_inside) = (plan.fitted, plan.contacts_inside);
    notes.extend(
        help.notes(&ctx.who(Format::Booklet, Some("middle spread")), |_| {
            String::new()
        }),
    );
    if contacts_inside {
        notes.push(format!(
            "{who} moves the school's contacts from the middle spread to each half, after the call to action, to keep everything at the style's sizes"
        ));
    }

    // Each half's running text, at one body size: the fewest content
    // pages that hold the longer language at the smallest size.
    let galley_at = |i: usize, body: f32| {
        let c = sides[i];
        let t = BodyType::new(Pt(body), 1.3, c.typo.leading);
        c.tags.within(contents[i], || {
            galley(c, width, &t, !points_on_cover, contacts_inside)
        })
    };
    // A half's content pages are its pages 2 to one before its last.
    let frames = |n: usize| -> Vec<Rect> { (2..n + 2).map(|p| text_area(size, p)).collect() };
    // The fewest content pages each half needs, or what is left over of
    // it at the most there may be: its section and how much.
    let needed_for = |i: usize| -> Result<usize, (Option<String>, Pt)> {
        let g = galley_at(i, min);
        (1..=MAX_CONTENT_PAGES)
            .find(|&n| flow::flow_turning(&g, &frames(n), &[]).fits())
            .ok_or_else(|| {
                let o = flow::flow_turning(&g, &frames(MAX_CONTENT_PAGES), &[])
                    .overflow
                    .unwrap_or(Overflow {
                        height: Pt::ZERO,
                        source: None,
                    });
                (o.source.as_deref().map(str::to_string), o.height)
            })
    };
    let needed = match (needed_for(0), needed_for(1)) {
        (Ok(a), Ok(b)) => a.max(b),
        // Either half too long: the section in each language, and how much
        // of each is left over ("Welsh 40 mm too long, English fits").
        (a, b) => {
            let (s0, h0) = a.err().unwrap_or((None, Pt::ZERO));
            let (s1, h1) = b.err().unwrap_or((None, Pt::ZERO));
            return Err(super::Short {
                section: (s0, s1),
                first: h0,
                second: h1,
            }
            .error(&pair, Format::Booklet));
        }
    };
    // Each half: its cover, its content, and its last page (the help, or
    // notes); the whole a multiple of four.
    let total = padded_pages(2 * (needed + 2) - 2);
    let half = total / 2;
    let content_pages = half - 2;
    let fits = |body: f32| {
        let made: Vec<(Galley, flow::Flowed)> = (0..2)
            .map(|i| {
                let g = galley_at(i, body);
                let f = flow::flow_turning(&g, &frames(content_pages), &[]);
                (g, f)
            })
            .collect();
        match made.iter().find_map(|(_, f)| f.overflow.clone()) {
            None => Ok(made),
            Some(o) => Err(o),
        }
    };
    let (body, flowed) = fit::largest(min, min + 2.0, fits).map_err(|o| {
        let section = o.source.as_deref().map_or("its sections".to_string(), |s| {
            format!("the section \"{s}\"")
        });
        ctx.does_not_fit(Format::Booklet, &section, o.height)
    })?;

    // Each half's pages, in its own reading order.
    let mut halves: Vec<Vec<Page>> = Vec::new();
    for (i, (g, f)) in flowed.into_iter().enumerate() {
        let c = sides[i];
        let mut pages: Vec<Page> = (1..=half).map(|_| c.page(size)).collect();
        for page in &mut pages {
            page.paint_paper(c.palette.paper);
        }
        if cover_at(i, &mut pages[0], Pt(body), points_on_cover).is_err() {
            pages[0] = c.page(size);
            pages[0].paint_paper(c.palette.paper);
            cover_at(i, &mut pages[0], Pt(min), points_on_cover)?;
        }
        let rects = frames(content_pages);
        let used = f.columns.iter().filter(|col| !col.is_empty()).count();
        for (k, items) in flow::draw(g, &f, &rects).into_iter().enumerate() {
            pages[k + 1].items.extend(items);
        }
        // Pages the text does not reach are for notes; so is the second
        // half's last page, which faces the help.
        let last_notes = if i == 0 { half - 1 } else { half };
        for n in (used + 2)..=last_notes {
            notes_page(c, &mut pages[n - 1], text_area(size, n), Pt(body));
        }
        for (k, page) in pages.iter_mut().enumerate().skip(1).take(half - 2) {
            page_number(c, page, k + 1);
        }
        // The help on the first half's last page, on the tint.
        if i == 0 {
            if let Some(page) = pages.last_mut() {
                let fill = bleed_rect(ctx, size, half, Pt::ZERO, size.height);
                page.fill(fill, ctx.palette.tint);
                page.place(
                    help_area(total).origin(),
                    std::mem::take(&mut help.value.items),
                );
            }
        }
        // A right-to-left half is laid out as its mirror image, as a
        // right-to-left booklet's pages are (see `formats::make`): the
        // help with it, laid out as the first language's.
        if c.rtl {
            for page in &mut pages {
                page.mirror();
            }
        }
        halves.push(pages);
    }
    // With a right-to-left language, the left-to-right half leads the
    // pages, bound on the left; otherwise the first language does.
    let lead = if ctx.rtl { 1 } else { 0 };

    // In the leading half's order: its pages, then the other half's from
    // its last to its cover: turned half a turn about its centre when both
    // read the same way; the right way up when the other half reads right
    // to left (it opens from the other cover).
    let mut trailing = halves.remove(1 - lead);
    let mut pages = halves.pop().unwrap_or_default();
    trailing.reverse();
    let turned = !(ctx.rtl || second.rtl);
    let centre = Point::new(size.width / 2.0, size.height / 2.0);
    for mut page in trailing {
        if turned {
            let items = std::mem::take(&mut page.items);
            page.items.push(Item::BeginTurn(centre));
            page.items.extend(items);
            page.items.push(Item::EndTurn);
        }
        pages.push(page);
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
    let mut doc = ctx.document(Format::Booklet, pages);
    doc.notes = notes;
    Ok(doc)
}
