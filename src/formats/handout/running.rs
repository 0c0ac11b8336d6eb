//! Where a handout's running text goes: one language flows through its
//! pages' columns with the help at the last page's foot; two languages
//! are paired section by section (in parallel columns, or stacked in
//! large print), the shared help flowing after them.

use crate::layout::flow::{self, Flowed, Galley};
use crate::layout::{Item, Page};
use crate::style::ReadingStyle;
use crate::units::{Pt, Rect};

use super::{BodyType, GUTTER_MM};
use crate::formats::languages::{split_sections, Languages, Short};

/// The frames text flows into on each page.
pub(super) struct Columns {
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

/// Where the running text may go on each page.
pub(super) struct Sheet {
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

/// What places the running text: the context of one attempt.
pub(super) struct Running<'r, 'c, 'a, 'f> {
    pub(super) langs: &'r Languages<'c, 'a, 'f>,
    /// A language column's width.
    pub(super) width: Pt,
    /// The width of the text area.
    pub(super) full: Pt,
    pub(super) t: &'r BodyType,
    pub(super) pages: usize,
    /// Where running text starts on page one.
    pub(super) first_top: Pt,
    /// Where running text ends on every page.
    pub(super) content_bottom: Pt,
    pub(super) margin: Pt,
}

/// Galleys flowed into places on the pages.
pub(super) struct Placed {
    pieces: Vec<Piece>,
}

/// A galley flowed into columns, each on a known page.
struct Piece {
    /// The galley.
    galley: Galley,
    /// Where its blocks went.
    flowed: Flowed,
    /// The columns it was flowed into.
    rects: Vec<Rect>,
    /// The page of each column.
    page_of: Vec<usize>,
    /// The language it is in (an index into the output's languages), or
    /// `None` for what every language shares (the help).
    language: Option<usize>,
}

impl Piece {
    /// A galley flowed into `rects`, the first on `page` and each on the
    /// next page.
    fn on_pages(galley: Galley, rects: Vec<Rect>, page: usize, language: Option<usize>) -> Piece {
        let turns = vec![true; rects.len()];
        let flowed = flow::flow_turning(&galley, &rects, &turns);
        Piece {
            page_of: (page..page + rects.len()).collect(),
            galley,
            flowed,
            rects,
            language,
        }
    }

    /// True when it starts where it was asked to: its first block went
    /// into its first column, and that column does not end parting a
    /// heading from what follows it or a paragraph from its own next line
    /// (over the turn), or it is empty.
    fn starts_here(&self) -> bool {
        let blocks = &self.galley.blocks;
        if blocks.is_empty() {
            return true;
        }
        let Some(&(last, _)) = self.flowed.columns.first().and_then(|c| c.last()) else {
            return false;
        };
        blocks
            .get(last + 1)
            .is_none_or(|b| b.para != blocks[last].para && !b.keep_with_previous)
    }

    /// How much of it is left over.
    fn over(&self) -> Pt {
        self.flowed.overflow.as_ref().map_or(Pt::ZERO, |o| o.height)
    }

    /// The page and height where it ends.
    fn end(&self) -> (usize, Pt) {
        let last = (0..self.flowed.columns.len())
            .rev()
            .find(|&c| !self.flowed.columns[c].is_empty());
        match last {
            Some(c) => (
                self.page_of[c],
                self.rects[c].y + self.flowed.used_height(&self.galley, c),
            ),
            None => (
                self.page_of.first().copied().unwrap_or(0),
                self.rects.first().map_or(Pt::ZERO, |r| r.y),
            ),
        }
    }
}

impl Running<'_, '_, '_, '_> {
    /// Every page's running text area.
    fn sheet(&self) -> Result<Sheet, Short> {
        let sheet = Sheet {
            tops: (0..self.pages)
                .map(|i| if i == 0 { self.first_top } else { self.margin })
                .collect(),
            bottoms: vec![self.content_bottom; self.pages],
        };
        match (0..self.pages).find(|&i| sheet.bottoms[i] <= sheet.tops[i]) {
            Some(i) => Err(Short::whole(sheet.tops[i] - sheet.bottoms[i])),
            None => Ok(sheet),
        }
    }

    /// One language: every section and the call to action flow through the
    /// pages' columns, and the help closes the last page, at its foot.
    pub(super) fn flowing(&self, galleys: Vec<Galley>, help: Galley) -> Result<Placed, Short> {
        let ctx = self.langs.first();
        let (t, w) = (self.t, self.full);
        let sheet = self.sheet()?;
        let columns = if ctx.style == ReadingStyle::LargePrint {
            1
        } else {
            2
        };
        let mut cols = Columns {
            rects: Vec::new(),
            page_of: Vec::new(),
        };
        for page in 0..self.pages {
            let (top, bottom) = (sheet.tops[page], sheet.bottoms[page]);
            let area = Rect::new(self.margin, top, w, bottom - top);
            for r in area.columns(columns, Pt::mm(GUTTER_MM)) {
                cols.rects.push(r);
                cols.page_of.push(page);
            }
        }
        let galley = galleys.into_iter().next().unwrap_or_default();
        let turns = cols.turns();
        let flowed = flow::flow_turning(&galley, &cols.rects, &turns);
        if let Some(o) = flowed.overflow {
            return Err(Short {
                section: (o.source.as_deref().map(str::to_string), None),
                first: o.height,
                second: o.height,
            });
        }
        // The running text ends on some page: its columns there are
        // balanced, and the help follows, full width, below the longer.
        let last = (0..cols.rects.len())
            .rev()
            .find(|&c| !flowed.columns[c].is_empty())
            .unwrap_or(0);
        let end_page = cols.page_of.get(last).copied().unwrap_or(0);
        let keep = cols
            .page_of
            .iter()
            .rposition(|&p| p == end_page)
            .map_or(0, |c| c + 1);
        cols.rects.truncate(keep);
        cols.page_of.truncate(keep);
        let mut flowed = flowed;
        flowed.columns.truncate(keep);
        let flowed = balance_last_page(&galley, &mut cols, flowed);
        let end = (0..cols.rects.len())
            .filter(|&c| cols.page_of[c] == end_page && !flowed.columns[c].is_empty())
            .map(|c| cols.rects[c].y + flowed.used_height(&galley, c))
            .fold(sheet.tops[end_page], Pt::max);
        let help = place_help(&sheet, help, self.margin, w, end_page, end + t.gap(1.2))?;
        Ok(Placed {
            pieces: vec![
                Piece {
                    galley,
                    flowed,
                    rects: cols.rects,
                    page_of: cols.page_of,
                    language: Some(0),
                },
                help,
            ],
        })
    }

    /// Two languages: the pieces of running text (the stacked key points,
    /// then each section and the call to action), pair by pair, in
    /// parallel columns (`columns` holds each language's x), every pair
    /// starting level, on the page where both can start; or stacked in one
    /// column (one entry in `columns`), the first language's piece, then
    /// the second's. The help flows after them, full width.
    pub(super) fn pairs(
        &self,
        galleys: Vec<Galley>,
        key_points: Option<(Galley, Galley)>,
        columns: &[Pt],
        help: Galley,
    ) -> Result<Placed, Short> {
        let sheet = self.sheet()?;
        let t = self.t;
        let mut pieces = galleys.into_iter().map(split_sections);
        let (a, b) = (
            pieces.next().unwrap_or_default(),
            pieces.next().unwrap_or_default(),
        );
        let n = a.len().max(b.len());
        let (mut a, mut b) = (a.into_iter(), b.into_iter());
        let pairs: Vec<(Galley, Galley)> = key_points
            .into_iter()
            .chain((0..n).map(|_| (a.next().unwrap_or_default(), b.next().unwrap_or_default())))
            .collect();
        let (mut placed, (page, y)) = place_pairs(&sheet, pairs, columns, self.width, t.gap(1.15))?;
        placed.push(place_help(
            &sheet,
            help,
            self.margin,
            self.full,
            page,
            y + t.gap(1.2),
        )?);
        Ok(Placed { pieces: placed })
    }
}

impl Placed {
    /// Draws every piece on its pages: a language's own words set its way
    /// (see [`Languages::place`]), the shared help as it is. Returns how
    /// far down each page the running text reaches.
    pub(super) fn draw(self, langs: &Languages, out: &mut [Page]) -> Vec<Pt> {
        let mut ends = vec![Pt::ZERO; out.len()];
        for piece in self.pieces {
            if piece.language.is_some() {
                for (k, column) in piece.flowed.columns.iter().enumerate() {
                    if !column.is_empty() {
                        let end = piece.rects[k].y + piece.flowed.used_height(&piece.galley, k);
                        if let Some(e) = ends.get_mut(piece.page_of[k]) {
                            *e = e.max(end);
                        }
                    }
                }
            }
            let items = flow::draw(piece.galley, &piece.flowed, &piece.rects);
            for (k, column) in items.into_iter().enumerate() {
                let rect = piece.rects[k];
                let Some(page) = piece.page_of.get(k).and_then(|&p| out.get_mut(p)) else {
                    continue;
                };
                match piece.language {
                    Some(i) if i > 0 => page.items.extend(place_in(langs, i, rect, column)),
                    _ => page.items.extend(column),
                }
            }
        }
        ends
    }
}

/// Items set in language `i` and drawn in `column` of a page, placed
/// among the first language's (reflected within the column when the two
/// read opposite ways).
fn place_in(langs: &Languages, i: usize, column: Rect, items: Vec<Item>) -> Vec<Item> {
    if langs.get(i).rtl == langs.first().rtl {
        return items;
    }
    items
        .into_iter()
        .map(|item| {
            item.translated(-column.x, Pt::ZERO)
                .mirrored(column.width)
                .translated(column.x, Pt::ZERO)
        })
        .collect()
}

/// Flows the pieces of running text, pair by pair: in parallel columns
/// (`columns` holds each language's x, in order), every pair starting
/// level, on the page where both can start; or stacked in one column (one
/// entry in `columns`), the first language's piece, then the second's.
fn place_pairs(
    sheet: &Sheet,
    pairs: Vec<(Galley, Galley)>,
    columns: &[Pt],
    width: Pt,
    gap: Pt,
) -> Result<(Vec<Piece>, (usize, Pt)), Short> {
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
        Piece::on_pages(g, sheet.rects(x, width, page, y), page, Some(language))
    };
    for (k, (a, b)) in pairs.into_iter().enumerate() {
        let name = |g: &Galley| {
            g.blocks
                .first()
                .and_then(|b| b.source.as_deref().map(str::to_string))
        };
        let names = (name(&a), name(&b));
        let short = |fa: Pt, fb: Pt| {
            let (ra, rb) = rest(k);
            Short {
                section: names.clone(),
                first: if fa > Pt::ZERO { fa + ra } else { Pt::ZERO },
                second: if fb > Pt::ZERO { fb + rb } else { Pt::ZERO },
            }
        };
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
                let o = p.over();
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
            let (oa, ob) = (pa.over(), pb.over());
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

/// Flows the shared help full width from `y` on `page` (or from the top
/// of the next page, when its first part does not fit there) to the end.
fn place_help(
    sheet: &Sheet,
    help: Galley,
    x: Pt,
    width: Pt,
    page: usize,
    y: Pt,
) -> Result<Piece, Short> {
    let flow_from = |galley: Galley, page: usize, y: Pt| {
        let rects = sheet.rects(x, width, page, y.min(sheet.bottoms[page]));
        Piece::on_pages(galley, rects, page, None)
    };
    let mut p = flow_from(help, page, y);
    if !p.starts_here() && y > sheet.tops[page] && page + 1 < sheet.tops.len() {
        p = flow_from(p.galley, page + 1, sheet.tops[page + 1]);
    }
    match &p.flowed.overflow {
        // The help is every language's: each is short by as much.
        Some(o) => Err(Short {
            section: (o.source.as_deref().map(str::to_string), None),
            first: o.height,
            second: o.height,
        }),
        None => Ok(p),
    }
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
