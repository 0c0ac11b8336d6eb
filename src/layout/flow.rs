//! Flowing a galley (a vertical list of blocks) into columns: a paragraph may
//! break between lines, but never leaving a single line behind (orphan) or
//! carrying one over alone (widow), and a heading stays with what follows.
//!
//! A column is either followed by another on the same page side, or by a
//! turn: a fold, a page turn, the other side of the sheet. A paragraph may
//! continue into the next column only on the same side; across a turn it
//! moves whole. A list item never breaks, and a lead-in stays with its
//! list. A galley set strict (a leaflet: a panel is a unit) reports
//! overflow rather than break those rules; otherwise the rules give way,
//! in that order, before any text is lost.

use std::rc::Rc;

use super::document::{Frame, Item};
use super::text::TextBlock;
use crate::units::{Pt, Rect};

/// Slack for floating-point sums when asking "does it fit?".
const EPS: f32 = 0.01;

/// One unbreakable piece of the vertical list: a line, a box, a heading.
#[derive(Clone, Debug)]
pub struct Block {
    /// What is drawn, from the block's top-left corner.
    pub frame: Frame,
    /// Space above the block; dropped at the top of a column.
    pub space_before: Pt,
    /// True if a column may not end just before this block.
    pub keep_with_previous: bool,
    /// The section it comes from, for "does not fit" messages.
    pub source: Option<Rc<str>>,
    /// True for the first block of a section: a good place for a column to
    /// start.
    pub starts_section: bool,
    /// The paragraph (or list item, or box) it belongs to: blocks of one
    /// paragraph break across columns only on the same page side.
    pub para: u32,
    /// True if its paragraph never breaks at all (a list item, a box).
    pub whole: bool,
    /// The group it belongs to: a lead-in and its list, kept together.
    pub group: u32,
    /// True when the line before it, in its paragraph, ends a sentence: a
    /// paragraph may run over a turn here without breaking a sentence.
    pub after_sentence: bool,
}

/// A vertical list of blocks, built top to bottom.
#[derive(Clone, Debug, Default)]
pub struct Galley {
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
    /// Report overflow rather than break a paragraph across a turn or a
    /// list from its lead-in.
    pub strict: bool,
    /// Strict, but a list may run over a turn between two of its items.
    pub split_lists: bool,
    /// Strict, but a paragraph may run over a turn between two sentences
    /// (never inside one).
    pub split_sentences: bool,
    keep_next: bool,
    source: Option<Rc<str>>,
    section_started: bool,
    next_para: u32,
    group: Option<u32>,
}

impl Galley {
    /// An empty galley.
    pub fn new() -> Galley {
        Galley::default()
    }

    /// Names the section the next blocks come from.
    pub fn section(&mut self, name: &str) {
        self.source = Some(Rc::from(name));
        self.section_started = true;
    }

    /// The next block may not start a new column: a heading's last line
    /// calls this so it never ends a column alone.
    pub fn keep_with_next(&mut self) {
        self.keep_next = true;
    }

    /// Starts a group: the paragraphs and items pushed until
    /// [`Galley::end_group`] stay together (a lead-in and its list).
    pub fn begin_group(&mut self) {
        self.group = Some(self.next_para);
    }

    /// Ends the group begun by [`Galley::begin_group`].
    pub fn end_group(&mut self) {
        self.group = None;
    }

    fn block(
        &mut self,
        frame: Frame,
        space_before: Pt,
        keep: bool,
        para: u32,
        whole: bool,
    ) -> Block {
        let starts_section = std::mem::take(&mut self.section_started);
        Block {
            frame,
            space_before,
            keep_with_previous: keep,
            source: self.source.clone(),
            starts_section,
            para,
            whole,
            group: self.group.unwrap_or(para),
            after_sentence: false,
        }
    }

    fn new_para(&mut self) -> u32 {
        self.next_para += 1;
        self.next_para
    }

    /// Adds an unbreakable frame (a box, a heading line).
    pub fn push_frame(&mut self, frame: Frame, space_before: Pt) {
        let keep = std::mem::take(&mut self.keep_next);
        let para = self.new_para();
        let b = self.block(frame, space_before, keep, para, true);
        self.blocks.push(b);
    }

    /// Adds a paragraph's lines, breakable between them except where a break
    /// would leave one line alone at either end.
    pub fn push_lines(&mut self, lines: Vec<Frame>, space_before: Pt) {
        self.push_para(lines, space_before, false);
    }

    /// Adds a list item's lines: never broken.
    pub fn push_item(&mut self, lines: Vec<Frame>, space_before: Pt) {
        self.push_para(lines, space_before, true);
    }

    fn push_para(&mut self, lines: Vec<Frame>, space_before: Pt, whole: bool) {
        let n = lines.len();
        let para = self.new_para();
        for (i, frame) in lines.into_iter().enumerate() {
            let keep = if i == 0 {
                std::mem::take(&mut self.keep_next)
            } else {
                // Line 1 keeps the first line company; the last line keeps
                // the one before it.
                whole || i == 1 || i == n - 1
            };
            let space = if i == 0 { space_before } else { Pt::ZERO };
            let b = self.block(frame, space, keep, para, whole);
            self.blocks.push(b);
        }
    }

    /// Keeps the last `n` blocks together in one column: a short item (a
    /// key point) reads as one thing.
    pub fn keep_last_together(&mut self, n: usize) {
        let len = self.blocks.len();
        for b in &mut self.blocks[len.saturating_sub(n).saturating_add(1).min(len)..] {
            b.keep_with_previous = true;
        }
    }

    /// Adds a text block as breakable lines, marking where its sentences
    /// end.
    pub fn push_text(&mut self, block: TextBlock, space_before: Pt) {
        let ends: Vec<bool> = (0..block.lines.len())
            .map(|i| block.line_ends_sentence(i))
            .collect();
        let first = self.blocks.len();
        self.push_lines(block.into_line_frames(), space_before);
        for (k, end) in ends.iter().enumerate().take(ends.len().saturating_sub(1)) {
            if let Some(b) = self.blocks.get_mut(first + k + 1) {
                b.after_sentence = *end;
            }
        }
    }

    /// The height of everything set one after another in one column.
    pub fn height(&self) -> Pt {
        self.blocks
            .iter()
            .enumerate()
            .map(|(i, b)| b.frame.height() + if i == 0 { Pt::ZERO } else { b.space_before })
            .sum()
    }
}

/// Where each block went.
#[derive(Clone, Debug)]
pub struct Flowed {
    /// Per column: (block index, top of the block from the column's top).
    pub columns: Vec<Vec<(usize, Pt)>>,
    /// What did not fit, if anything.
    pub overflow: Option<Overflow>,
}

/// Content left over when the columns are full.
#[derive(Clone, Debug, PartialEq)]
pub struct Overflow {
    /// How much height was left over.
    pub height: Pt,
    /// The section of the first block that did not fit.
    pub source: Option<Rc<str>>,
}

impl Flowed {
    /// True if everything was placed.
    pub fn fits(&self) -> bool {
        self.overflow.is_none()
    }

    /// How far down column `c` its content reaches.
    pub fn used_height(&self, galley: &Galley, c: usize) -> Pt {
        self.columns
            .get(c)
            .and_then(|col| col.last())
            .map_or(Pt::ZERO, |&(i, y)| y + galley.blocks[i].frame.height())
    }
}

/// How strictly a break between two blocks is judged.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Rules {
    /// Every rule.
    All,
    /// A lead-in may part from its list.
    Groups,
    /// A paragraph may break across a turn, and a list item anywhere.
    Paragraphs,
    /// Anywhere: better a broken rule than lost text.
    None,
}

/// May a column end before block `k`, with `turn` saying whether the next
/// column is over a turn?
fn may_break(galley: &Galley, k: usize, turn: bool, rules: Rules) -> bool {
    let blocks = &galley.blocks;
    let (a, b) = (&blocks[k - 1], &blocks[k]);
    if rules == Rules::None {
        return true;
    }
    if b.keep_with_previous && a.para != b.para {
        return false;
    }
    // Over a turn, a paragraph may run on only between sentences, and only
    // where the galley allows it.
    let between_sentences = galley.split_sentences && b.after_sentence && !b.whole;
    if a.para == b.para
        && (b.keep_with_previous
            || (b.whole && rules < Rules::Paragraphs)
            || (turn && !between_sentences && rules < Rules::Paragraphs))
    {
        return false;
    }
    !(a.group == b.group && a.para != b.para && rules < Rules::Groups && !galley.split_lists)
}

/// Flows a galley into columns in order, with no turns between them (one
/// page side).
pub fn flow(galley: &Galley, columns: &[Rect]) -> Flowed {
    flow_turning(galley, columns, &vec![false; columns.len()])
}

/// Flows a galley into columns in order; `turns[c]` is true when the column
/// after `c` is over a turn (a fold, a page turn). A missing entry is a
/// turn.
pub fn flow_turning(galley: &Galley, columns: &[Rect], turns: &[bool]) -> Flowed {
    let blocks = &galley.blocks;
    let n = blocks.len();
    let turn_after = |c: usize| turns.get(c).copied().unwrap_or(true);
    let mut placed: Vec<Vec<(usize, Pt)>> = vec![Vec::new(); columns.len()];
    let (mut col, mut y, mut start, mut i) = (0, Pt::ZERO, 0, 0);
    while i < n {
        let Some(column) = columns.get(col) else {
            return Flowed {
                columns: placed,
                overflow: Some(overflow_from(galley, i)),
            };
        };
        let b = &blocks[i];
        let space = if i == start { Pt::ZERO } else { b.space_before };
        if y + space + b.frame.height() <= column.height + Pt(EPS) {
            placed[col].push((i, y + space));
            y += space + b.frame.height();
            i += 1;
            continue;
        }
        // Full: end the column at the last place the rules allow a break,
        // relaxing them one by one; a strict galley would rather overflow
        // than break a paragraph across a turn.
        let turn = turn_after(col);
        // A strict galley relaxes only what its flags allow, everywhere
        // at once, not column by column.
        let most = if galley.strict {
            Rules::All
        } else {
            Rules::None
        };
        let brk = [Rules::All, Rules::Groups, Rules::Paragraphs, Rules::None]
            .into_iter()
            .filter(|&r| r <= most)
            .find_map(|rules| {
                (start + 1..=i)
                    .rev()
                    .find(|&k| may_break(galley, k, turn, rules))
            });
        let brk = match brk {
            Some(k) => k,
            // Nothing may move on: strict, the rest does not fit.
            None => {
                return Flowed {
                    columns: placed,
                    overflow: Some(overflow_from(galley, start)),
                }
            }
        };
        placed[col].retain(|&(k, _)| k < brk);
        col += 1;
        y = Pt::ZERO;
        start = brk;
        i = brk;
    }
    Flowed {
        columns: placed,
        overflow: None,
    }
}

fn overflow_from(galley: &Galley, first: usize) -> Overflow {
    let blocks = &galley.blocks[first..];
    let height = blocks
        .iter()
        .enumerate()
        .map(|(k, b)| b.frame.height() + if k == 0 { Pt::ZERO } else { b.space_before })
        .sum();
    Overflow {
        height,
        source: blocks.first().and_then(|b| b.source.clone()),
    }
}

/// When column `next` would begin in the middle of a section, ends the
/// column before it at the last section start instead, if everything still
/// fits: a column a reader turns to should open with a heading. Returns the
/// new flow; `columns` keeps the shortened height.
pub fn prefer_section_start(
    galley: &Galley,
    columns: &mut [Rect],
    turns: &[bool],
    flowed: Flowed,
    next: usize,
) -> Flowed {
    let Some(prev) = next.checked_sub(1) else {
        return flowed;
    };
    let Some(&(first, _)) = flowed.columns.get(next).and_then(|c| c.first()) else {
        return flowed;
    };
    if galley.blocks[first].starts_section {
        return flowed;
    }
    let Some(&(start, y)) = flowed.columns[prev]
        .iter()
        .skip(1)
        .rev()
        .find(|(i, _)| galley.blocks[*i].starts_section)
    else {
        return flowed;
    };
    let saved = columns[prev].height;
    // The content before the section ends where the section's space begins.
    columns[prev].height = y - galley.blocks[start].space_before;
    let shortened = flow_turning(galley, columns, turns);
    if shortened.fits() {
        shortened
    } else {
        columns[prev].height = saved;
        flowed
    }
}

/// The items of a flowed galley, at their places in the columns.
pub fn draw(galley: Galley, flowed: &Flowed, columns: &[Rect]) -> Vec<Vec<Item>> {
    let mut frames: Vec<Option<Frame>> = galley.blocks.into_iter().map(|b| Some(b.frame)).collect();
    flowed
        .columns
        .iter()
        .zip(columns)
        .map(|(placed, rect)| {
            placed
                .iter()
                .flat_map(|&(i, y)| {
                    let frame = frames.get_mut(i).and_then(Option::take).unwrap_or_default();
                    frame
                        .items
                        .into_iter()
                        .map(move |item| item.translated(rect.x, rect.y + y))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Size;

    fn line(h: f32) -> Frame {
        Frame::new(Size::new(Pt(100.0), Pt(h)))
    }

    fn col(h: f32) -> Rect {
        Rect::new(Pt::ZERO, Pt::ZERO, Pt(100.0), Pt(h))
    }

    fn indices(f: &Flowed) -> Vec<Vec<usize>> {
        f.columns
            .iter()
            .map(|c| c.iter().map(|&(i, _)| i).collect())
            .collect()
    }

    #[test]
    fn lines_fill_columns_in_order() {
        let mut g = Galley::new();
        g.push_lines((0..6).map(|_| line(10.0)).collect(), Pt::ZERO);
        let f = flow(&g, &[col(40.0), col(40.0)]);
        assert!(f.fits());
        assert_eq!(indices(&f), vec![vec![0, 1, 2, 3], vec![4, 5]]);
    }

    #[test]
    fn no_widow_a_last_line_never_goes_over_alone() {
        let mut g = Galley::new();
        g.push_lines((0..5).map(|_| line(10.0)).collect(), Pt::ZERO);
        let f = flow(&g, &[col(40.0), col(40.0)]);
        assert_eq!(indices(&f), vec![vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn no_orphan_a_first_line_never_stays_alone() {
        let mut g = Galley::new();
        g.push_frame(line(25.0), Pt::ZERO);
        g.push_lines((0..4).map(|_| line(10.0)).collect(), Pt::ZERO);
        let f = flow(&g, &[col(40.0), col(40.0)]);
        // One line would fit after the 25 pt box; it moves on with its paragraph.
        assert_eq!(indices(&f), vec![vec![0], vec![1, 2, 3, 4]]);
    }

    #[test]
    fn a_heading_stays_with_the_paragraph_after_it() {
        let mut g = Galley::new();
        g.push_lines((0..3).map(|_| line(10.0)).collect(), Pt::ZERO);
        g.push_frame(line(10.0), Pt(5.0)); // heading
        g.keep_with_next();
        g.push_lines((0..3).map(|_| line(10.0)).collect(), Pt::ZERO);
        let f = flow(&g, &[col(50.0), col(50.0)]);
        assert_eq!(indices(&f), vec![vec![0, 1, 2], vec![3, 4, 5, 6]]);
        // Space before a block is dropped at the top of a column.
        assert_eq!(f.columns[1][0].1, Pt::ZERO);
    }

    #[test]
    fn overflow_reports_the_height_left_and_its_section() {
        let mut g = Galley::new();
        g.section("Risks");
        g.push_lines((0..10).map(|_| line(10.0)).collect(), Pt::ZERO);
        let f = flow(&g, &[col(45.0)]);
        let o = f.overflow.unwrap();
        assert_eq!(o.height, Pt(60.0));
        assert_eq!(o.source.as_deref(), Some("Risks"));
    }

    #[test]
    fn a_block_taller_than_every_column_overflows_instead_of_looping() {
        let mut g = Galley::new();
        g.push_frame(line(100.0), Pt::ZERO);
        let f = flow(&g, &[col(40.0), col(40.0)]);
        assert_eq!(f.overflow.unwrap().height, Pt(100.0));
    }

    #[test]
    fn a_column_turned_to_starts_with_a_section_when_there_is_room() {
        let mut g = Galley::new();
        g.section("One");
        g.push_lines((0..4).map(|_| line(10.0)).collect(), Pt::ZERO);
        g.section("Two");
        g.push_lines((0..4).map(|_| line(10.0)).collect(), Pt(5.0));
        let mut cols = vec![col(70.0), col(100.0)];
        let f = flow(&g, &cols);
        // First fit splits section two across the columns...
        assert_eq!(indices(&f), vec![vec![0, 1, 2, 3, 4, 5], vec![6, 7]]);
        let f = prefer_section_start(&g, &mut cols, &[false], f, 1);
        // ...so the break moves back to its start.
        assert_eq!(indices(&f), vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
        assert_eq!(cols[0].height, Pt(40.0));
    }

    #[test]
    fn a_section_start_is_not_forced_when_the_rest_would_not_fit() {
        let mut g = Galley::new();
        g.section("One");
        g.push_lines((0..4).map(|_| line(10.0)).collect(), Pt::ZERO);
        g.section("Two");
        g.push_lines((0..8).map(|_| line(10.0)).collect(), Pt::ZERO);
        let mut cols = vec![col(70.0), col(60.0)];
        let f = flow(&g, &cols);
        let before = indices(&f);
        let f = prefer_section_start(&g, &mut cols, &[false], f, 1);
        assert_eq!(indices(&f), before);
        assert_eq!(cols[0].height, Pt(70.0));
    }

    #[test]
    fn spaces_between_blocks_count() {
        let mut g = Galley::new();
        g.push_frame(line(10.0), Pt::ZERO);
        g.push_frame(line(10.0), Pt(25.0));
        assert_eq!(g.height(), Pt(45.0));
        let f = flow(&g, &[col(40.0), col(40.0)]);
        assert_eq!(indices(&f), vec![vec![0], vec![1]]);
    }
}
