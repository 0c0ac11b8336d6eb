//! The handout: one or two portrait pages with every section. Page one opens
//! with a band (headline, strapline) and the key points; the sections flow
//! in two columns (one in large print); the last page closes with the help:
//! the school's contacts, the helplines, the emergency line and the
//! sources. The last page's columns are balanced.
//!
//! A bilingual edition is the same handout in two language columns
//! ([`Languages`]): the headers side by side, the key points paired row by
//! row, and each section starting level in both, so a reader looking
//! across finds the same paragraph; in large print (one column of running
//! text) each pair is stacked, the first language's section, then the
//! second's, and each language's key points are a box flowing with the
//! text. The help is shared (each helpline once, with both languages'
//! words) and flows after the running text, since two languages need the
//! room; each language's sources and footer sit in its own column.

use crate::layout::fit;
use crate::layout::flow::Galley;
use crate::layout::{Document, Frame, Item, NodeId, Page, Path, Role, Shape, Tags, TextStyle};
use crate::style::ReadingStyle;
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

mod running;

use super::fit::{self as give_way, GiveWay, Step};
use super::languages::{Languages, Short};
use super::parts::{self, BodyType, HeaderType, HelplineType};
use super::{marks, Context, Format, FormatError};
use crate::english;
use running::Running;

/// Page margin at the sides and top.
const MARGIN_MM: f32 = 13.0;
/// Distance from the foot of the page to the footer's baseline area.
const FOOT_MM: f32 = 11.0;
/// Gap between the two columns of one language.
const GUTTER_MM: f32 = 7.0;
/// Gap between two languages' columns: wider, since a reader must see at
/// once where one language ends.
const PAIR_GUTTER_MM: f32 = 9.0;

/// The most pages a handout grows to: two sheets (four for two
/// languages); past that, the booklet is the format for the text. Large
/// print grows further, as UKAAF asks.
const MAX_PAGES: usize = 4;
/// The most pages of a dyslexia handout: its wider lines and word spacing
/// take about a third more room than the standard style's.
const MAX_DYSLEXIA_PAGES: usize = 6;
/// The most pages of a large-print handout (twice as many for two
/// languages, which are twice the text).
const MAX_LARGE_PRINT_PAGES: usize = 12;

/// Lays out the handout: on one page if everything fits there as it is,
/// else two, giving way by the rule, then on more pages.
pub fn make(ctx: &Context) -> Result<Document, FormatError> {
    let langs = Languages::of(ctx);
    // Every attempt tags into the one tree; what a thrown-away attempt
    // tagged holds no content and is pruned when the PDF is written.
    let mut tags = Tags::new();
    let min = ctx.typo.body_min.0;
    let max = min + 1.0;
    // One page when everything fits on it with nothing given up.
    if let Ok((_, pages)) = fit::largest(min, max, |body| {
        attempt(&langs, &mut tags, 1, Pt(body), GiveWay::NONE).map_err(|s| s.overflow())
    }) {
        return Ok(ctx.document(Format::Handout, pages, tags.finish()));
    }
    // Two languages are twice the text: twice the pages.
    let most = match ctx.style {
        ReadingStyle::LargePrint => MAX_LARGE_PRINT_PAGES,
        ReadingStyle::Dyslexia => MAX_DYSLEXIA_PAGES,
        ReadingStyle::Standard => MAX_PAGES,
    } * langs.count();
    let sizes: Vec<usize> = (2..=most).collect();
    // The give-way rule ranks attempts by how much is left over; the
    // least short one (in each language) is the one the error tells of.
    let mut least: Option<Short> = None;
    let fitted = give_way::grow(&sizes, Step::GROWING, (min, max), |pages, g, body| {
        attempt(&langs, &mut tags, pages, Pt(body), g).map_err(|s| {
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
            .error(&langs, Format::Handout)
    })?;
    let hold = if langs.is_pair() {
        "both languages"
    } else {
        "everything"
    };
    let who = ctx.who(Format::Handout, None);
    let notes = fitted.notes(&who);
    let remarks = fitted.growth(&who, |pages| {
        format!(
            "takes {} ({}) to hold {hold}",
            english::count(*pages, "page"),
            english::count(pages.div_ceil(2), "sheet")
        )
    });
    let mut doc = ctx.document(Format::Handout, fitted.value, tags.finish());
    doc.remarks = remarks;
    doc.notes = notes;
    Ok(doc)
}

/// The parts of the structure, made up front so that the reading order is
/// the school's strip, then the first language (its band and key points,
/// then its running text), the help, and the second language, whatever
/// order they are laid out in.
#[derive(Copy, Clone)]
struct Parts {
    strip: NodeId,
    top: NodeId,
    body: NodeId,
    help: NodeId,
    second: NodeId,
}

impl Parts {
    fn new(langs: &Languages, tags: &mut Tags) -> Parts {
        let ctx = langs.first();
        let strip = ctx.tag(tags, Role::Sect);
        match langs.second() {
            Some(second) => {
                let first = ctx.tag(tags, Role::Sect);
                let help = ctx.tag(tags, Role::Sect);
                Parts {
                    strip,
                    top: first,
                    body: first,
                    help,
                    second: second.tag(tags, Role::Sect),
                }
            }
            None => {
                let [top, body, help] = [Role::Sect; 3].map(|r| ctx.tag(tags, r));
                Parts {
                    strip,
                    top,
                    body,
                    help,
                    second: help,
                }
            }
        }
    }

    /// Language `i`'s own part of the band and running text.
    fn of(&self, i: usize, top: bool) -> NodeId {
        match (i, top) {
            (0, true) => self.top,
            (0, false) => self.body,
            _ => self.second,
        }
    }

    /// Where language `i`'s sources and reviewed date are read: the
    /// first's with the help, the second's with the rest of that language.
    fn note(&self, i: usize) -> NodeId {
        if i == 0 {
            self.help
        } else {
            self.second
        }
    }
}

/// Lays the handout out on exactly `pages` pages with body text at `body`,
/// having given up what `give_way` says.
fn attempt(
    langs: &Languages,
    tags: &mut Tags,
    pages: usize,
    body: Pt,
    give_way: GiveWay,
) -> Result<Vec<Page>, Short> {
    let ctx = langs.first();
    let p = &ctx.palette;
    let size = ctx.paper.size();
    let margin = Pt::mm(MARGIN_MM);
    let w = size.width - margin * 2.0;
    // The band grows with the body, from the standard style's 12 pt: a
    // large-print band is larger, never smaller, than the standard one.
    let scale = body / Pt(12.0);
    let t = BodyType::new(body, 1.3, ctx.typo.leading).spaced(give_way.spacing());
    let pair = langs.is_pair();
    // Large print keeps running text in one column (UKAAF): two languages
    // are then stacked, one after the other.
    let stacked = ctx.style == ReadingStyle::LargePrint;
    let gutter = Pt::mm(if pair { PAIR_GUTTER_MM } else { GUTTER_MM });
    // Each language's column: its x from the margin, and its width.
    let column = |i: usize| {
        if stacked {
            (Pt::ZERO, w)
        } else {
            langs.column(i, Pt::ZERO, w, gutter)
        }
    };
    let cw = column(0).1;
    let decor = give_way.decoration();
    let small = ctx.typo.small_min.max(Pt(9.0));
    let parts = Parts::new(langs, tags);

    // Page one's top: every language's band and key points.
    let ht = HeaderType {
        tag: (Pt(11.0) * scale).max(ctx.typo.small_min),
        headline: Pt(26.0) * scale,
        strapline: Pt(14.0) * scale,
    };
    let headers: Vec<Frame> = langs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            tags.within(parts.of(i, true), |tags| {
                langs.place(i, parts::header(c, tags, column(i).1, &ht))
            })
        })
        .collect();
    // A school's strip, on white, above the band.
    let strip = tags.within(parts.strip, |tags| {
        parts::cobrand_strip(
            ctx,
            tags,
            w,
            Pt::mm(20.0) * decor.max(0.8),
            Pt(14.0) * scale,
        )
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
    let header_gap = ht.headline * 0.6;
    let headers_h = if stacked && pair {
        headers.iter().map(Frame::height).sum::<Pt>() + header_gap
    } else {
        headers.iter().map(Frame::height).fold(Pt::ZERO, Pt::max)
    };
    let band_h = strip_h + band_pad + margin * 0.6 * decor + headers_h;

    // The key points, in a box under the band (paired row by row); two
    // languages stacked give each its own box, flowing with the running
    // text first, since two lists at 16 pt and more may not leave room on
    // page one for anything else.
    let kp_pad = t.gap(0.9);
    let kp_style = TextStyle::new(TypeRole::KeyPoint, body * 1.05, ctx.typo.leading, p.ink);
    let row_gap = t.gap(0.35);
    let points: Vec<Vec<&str>> = langs.iter().map(Context::key_points).collect();
    let (kp_box, kp_pieces) = if stacked && pair {
        let mut boxed = |i: usize| {
            let c = langs.get(i);
            let list = tags.within(parts.of(i, true), |tags| {
                parts::numbered_points(c, tags, &points[i], w - kp_pad * 2.0, &kp_style, row_gap)
            });
            let mut f = Frame::new(Size::new(w, list.height() + kp_pad * 2.0));
            f.shape(Shape::filled(
                Path::rounded_rect(Rect::new(Pt::ZERO, Pt::ZERO, w, f.height()), Pt::mm(2.5)),
                p.tint,
            ));
            f.place(Point::new(kp_pad, kp_pad), langs.place(i, list));
            let mut g = Galley::new();
            g.section("the key points");
            g.push_frame(f, Pt::ZERO);
            g
        };
        (None, Some((boxed(0), boxed(1))))
    } else {
        let columns: Vec<(Pt, Pt)> = (0..langs.count())
            .map(|i| {
                let (x, cw) = column(i);
                (x, cw - kp_pad * 2.0)
            })
            .collect();
        let nodes: Vec<NodeId> = (0..langs.count()).map(|i| parts.of(i, true)).collect();
        let (list, _) = parts::numbered_rows(
            langs, tags, &points, 1, &columns, &kp_style, row_gap, &nodes,
        );
        (Some(list), None)
    };
    let kp_box_h = kp_box
        .as_ref()
        .map_or(Pt::ZERO, |l| l.height() + kp_pad * 2.0);
    let kp_top = band_h + t.gap(1.2);
    let first_top = if kp_box.is_some() {
        kp_top + kp_box_h + t.gap(1.3)
    } else {
        kp_top
    };

    // Every section and the call to action, in each language: made before
    // the help, so that the second language's sources and reviewed date
    // are read after its running text. One language flows in two columns
    // of its own (one in large print); two languages have one each.
    let text_w = if pair || stacked {
        cw
    } else {
        (w - Pt::mm(GUTTER_MM)) / 2.0
    };
    let galleys: Vec<Galley> = langs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            tags.within(parts.of(i, false), |tags| {
                running_galley(c, tags, text_w, &t)
            })
        })
        .collect();

    // The help: the school's contacts, the helplines (each once, with
    // every language's words), the emergency line, then each language's
    // sources.
    let mut help = tags.within(parts.help, |tags| {
        help_galley(langs, tags, w, &t, small, give_way)
    });
    let sources = sources_block(langs, tags, w, gutter, stacked, small, give_way, parts);
    if let Some(sources) = sources {
        help.push_frame(sources, t.gap(0.7));
    }
    let footer_style = TextStyle::new(TypeRole::Furniture, small, 1.3, p.muted);
    let footer_lines = if stacked { langs.count() } else { 1 };
    let footer_h = footer_style.line_height() * footer_lines as f32;
    let content_bottom = size.height - Pt::mm(FOOT_MM) - footer_h - body;

    // The running text, and where it went.
    let running = Running {
        langs,
        width: text_w,
        full: w,
        t: &t,
        pages,
        first_top,
        content_bottom,
        margin,
    };
    let placed = if pair {
        let columns: Vec<Pt> = (0..langs.count()).map(|i| margin + column(i).0).collect();
        let columns = if stacked { vec![margin] } else { columns };
        running.pairs(galleys, kp_pieces, &columns, help)?
    } else {
        running.flowing(galleys, help)?
    };

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
    for (i, f) in headers.into_iter().enumerate() {
        let h = f.height();
        first.place(Point::new(margin + column(i).0, hy), f.items);
        if stacked {
            hy += h + header_gap;
        }
    }
    // A hairline between the two headers and the two columns: where one
    // language ends.
    let divider = margin + cw + gutter / 2.0;
    if pair && !stacked {
        first.items.push(Item::Shape(Shape::stroked(
            Path::line(
                Point::new(divider, strip_h + band_pad),
                Point::new(divider, band_h - margin * 0.3),
            ),
            p.on_primary,
            Pt(0.75),
        )));
    }
    if let Some(list) = kp_box {
        let kp_rect = Rect::new(margin, kp_top, w, kp_box_h);
        first.items.push(Item::Shape(Shape::filled(
            Path::rounded_rect(kp_rect, Pt::mm(2.5)),
            p.tint,
        )));
        first.place(Point::new(margin + kp_pad, kp_top + kp_pad), list.items);
    }
    let ends = placed.draw(langs, &mut out);
    // A rule between the languages' columns of running text, as far as
    // they go.
    if pair && !stacked {
        for (i, page) in out.iter_mut().enumerate() {
            let top = if i == 0 { first_top } else { margin };
            if ends[i] > top {
                page.items.push(Item::Shape(Shape::stroked(
                    Path::line(Point::new(divider, top), Point::new(divider, ends[i])),
                    p.tint,
                    Pt(0.5),
                )));
            }
        }
    }
    for (i, page) in out.iter_mut().enumerate() {
        footer(
            langs,
            tags,
            page,
            i,
            pages,
            &column,
            stacked,
            &footer_style,
            parts,
        );
        marks::trim_marks(page);
    }
    Ok(out)
}

/// Every section, then the call to action, as one galley.
fn running_galley(ctx: &Context, tags: &mut Tags, width: Pt, t: &BodyType) -> Galley {
    let mut g = parts::sections_galley(ctx, tags, width, t);
    parts::push_call_to_action(ctx, tags, &mut g, width, t, 1.4);
    g
}

/// The help every language shares, `w` wide, as a galley of whole parts:
/// the school's contacts, the helplines' heading (kept with them, in every
/// language), the helplines (each once, with every language's words), the
/// emergency line. It is laid out as the first language's; the second's
/// words in it come set in theirs (`Context::placed_from`).
fn help_galley(
    langs: &Languages,
    tags: &mut Tags,
    w: Pt,
    t: &BodyType,
    small: Pt,
    give_way: GiveWay,
) -> Galley {
    let ctx = langs.first();
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
        brief_contacts: give_way.brief_contacts(),
    };
    let columns = if ctx.style == ReadingStyle::LargePrint {
        2
    } else {
        3
    };
    let mut space = Pt::ZERO;
    if let Some(talk) =
        parts::talk_to_us(ctx, tags, w, columns, &ht, p.tint, t.gap(0.6), body * 1.45)
    {
        g.push_frame(talk, Pt::ZERO);
        space = t.gap(1.0);
    }
    let heading = langs.label(
        tags,
        |l| l.helplines.as_str(),
        Role::H2,
        Weight::Bold,
        &TextStyle::new(TypeRole::Heading, body * 1.3, 1.2, p.primary),
        w,
    );
    g.push_frame(heading, space);
    g.keep_with_next();
    if !others.is_empty() {
        let preferred = if others.len() == 4 { 2 } else { 3 };
        let columns = parts::columns_for(ctx, &others, w, preferred, &ht, t.gap(0.6), true);
        let gap = t.gap(0.6);
        parts::push_helplines_block(
            ctx,
            tags,
            &mut g,
            &others,
            w,
            columns,
            &ht,
            p.tint,
            gap,
            t.gap(0.4),
        );
    }
    for h in emergency {
        let detail = Some(body * 0.9);
        let bar = parts::emergency_bar(ctx, tags, h, w, body * 1.2, body * 2.6, detail, false);
        g.push_frame(bar, t.gap(0.6));
    }
    g
}

/// Each language's sources, in its own column (stacked in large print),
/// each tagged with its language's notes; `None` when no language cites
/// any.
#[allow(clippy::too_many_arguments)]
fn sources_block(
    langs: &Languages,
    tags: &mut Tags,
    w: Pt,
    gutter: Pt,
    stacked: bool,
    small: Pt,
    give_way: GiveWay,
    parts: Parts,
) -> Option<Frame> {
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    let mut tallest = Pt::ZERO;
    let mut any = false;
    let texts: Vec<_> = (0..langs.count())
        .map(|i| parts::sources_in(langs, i, give_way.brief_sources()))
        .collect();
    // One language's alone (the second cites them as the first does) take
    // the full width.
    let alone = texts.iter().filter(|t| !t.is_empty()).count() < 2;
    for (i, (c, sources)) in langs.iter().zip(texts).enumerate() {
        if sources.is_empty() {
            continue;
        }
        any = true;
        let (x, cw) = if stacked || alone {
            (Pt::ZERO, w)
        } else {
            langs.column(i, Pt::ZERO, w, gutter)
        };
        let block = c.ts().set(
            &c.ts().prepare(&sources),
            &TextStyle::new(TypeRole::Sources, small, 1.3, c.palette.muted),
            cw,
        );
        let frame = tags.within(parts.note(i), |tags| {
            block.into_frame().tagged(c.tag(tags, Role::Note))
        });
        let frame = langs.place(i, frame);
        let h = frame.height();
        if stacked {
            if i > 0 {
                y += small * 0.5;
            }
            f.place(Point::new(Pt::ZERO, y), frame);
            y += h;
        } else {
            f.place(Point::new(x, Pt::ZERO), frame);
            tallest = tallest.max(h);
        }
    }
    f.size.height = if stacked { y } else { tallest };
    any.then_some(f)
}

/// Each language's footer under its own column (one under the other when
/// stacked): the reviewed date on the left, "Page 1 of 2" on the right.
/// The reviewed date is read once, at the end (the page number repeats on
/// every page, as decoration).
#[allow(clippy::too_many_arguments)]
fn footer(
    langs: &Languages,
    tags: &mut Tags,
    page: &mut Page,
    index: usize,
    pages: usize,
    column: &dyn Fn(usize) -> (Pt, Pt),
    stacked: bool,
    style: &TextStyle,
    parts: Parts,
) {
    let margin = Pt::mm(MARGIN_MM);
    let lines = if stacked { langs.count() } else { 1 };
    let mut y = page.size.height - Pt::mm(FOOT_MM) - style.line_height() * lines as f32;
    for (i, c) in langs.iter().enumerate() {
        let (x, w) = column(i);
        let mut line = Frame::new(Size::new(w, style.line_height()));
        let left = c
            .ts()
            .line(&parts::reviewed_line(c), Weight::Regular, style)
            .into_frame();
        let left = if index + 1 == pages {
            tags.within(parts.note(i), |tags| left.tagged(c.tag(tags, Role::Note)))
        } else {
            left
        };
        line.place(Point::default(), left);
        if pages > 1 {
            let text = c.labels.page_of(index + 1, pages);
            let right = c.ts().line(&text, Weight::Regular, style);
            let rx = w - right.max_line_width();
            line.place(Point::new(rx, Pt::ZERO), right.into_frame());
        }
        page.place(Point::new(margin + x, y), langs.place(i, line).items);
        if stacked {
            y += style.line_height();
        }
    }
}
