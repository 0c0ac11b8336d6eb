//! A line as runs of glyphs: one weight, one family, one direction each,
//! reordered for display (UAX #9 L2) and placed in ems.

use super::{LineSpan, Piece, Prepared, RunGlyph, TextRun};
use crate::text::bidi;
use crate::text::font::Weight;
use crate::text::script::{FontId, THEME};
use crate::text::shape::{Shaped, ShapedGlyph};

impl Prepared {
    /// The glyph runs of a line, left to right as read in a left-to-right
    /// layout: one per change of weight, family or direction.
    pub fn runs(&self, line: &LineSpan) -> Vec<TextRun> {
        self.runs_in(line, false)
    }

    /// The glyph runs of a line in reading order, each placed where it is
    /// seen: the line reordered by its bidi levels (UAX #9 L2), each run's
    /// glyphs already in visual order. With `mirror`, placed for a page
    /// that is mirrored once laid out (a right-to-left layout): a run at
    /// `x` moves to `width - x - advance`, so it is placed there, and the
    /// mirror puts it back where it is seen.
    pub fn runs_in(&self, line: &LineSpan, mirror: bool) -> Vec<TextRun> {
        let pieces = &self.pieces[line.start..line.end];
        if !mirror && self.theme_only {
            return theme_runs(pieces);
        }
        let mut runs: Vec<TextRun> = Vec::with_capacity(2);
        // Where the next word starts, summed word by word (as the line's
        // width is), so a run starts where the line measured it.
        let mut x = 0.0;
        for (k, p) in pieces.iter().enumerate() {
            let space = if k + 1 < pieces.len() {
                p.space.as_deref()
            } else {
                None
            };
            push_shaped(&mut runs, &p.word, p.weight, None, &pieces[k..], x);
            x += p.word.advance;
            if let Some(space) = space {
                let level = Some(p.space_level);
                push_shaped(&mut runs, space, p.weight, level, &pieces[k..], x);
                x += space.advance;
            }
        }
        // Visual order: runs of odd levels reversed (nothing to do in a
        // line all at level 0, every Latin line).
        if runs.iter().any(|r| r.level > 0) {
            let levels: Vec<u8> = runs.iter().map(|r| r.level).collect();
            let mut x = 0.0;
            for i in bidi::visual_order(&levels) {
                runs[i].x = x;
                x += runs[i].advance;
            }
        }
        if mirror {
            let width: f32 = runs.iter().map(|r| r.advance).sum();
            for r in &mut runs {
                r.x = width - r.x - r.advance;
            }
        }
        runs
    }
}

/// A line all in the theme font and left to right (every Latin line): one
/// run per change of weight, in one pass, as lines were set before there
/// were other scripts.
fn theme_runs(pieces: &[Piece]) -> Vec<TextRun> {
    let mut runs: Vec<TextRun> = Vec::with_capacity(2);
    let mut x = 0.0;
    for (k, p) in pieces.iter().enumerate() {
        let space = if k + 1 < pieces.len() {
            p.space.as_deref()
        } else {
            None
        };
        if runs.last().is_none_or(|r| r.weight != p.weight) {
            // Room for every glyph and byte of this weight to the end of
            // the line, so a run grows without reallocating.
            let (mut glyphs, mut bytes) = (0, 0);
            for q in pieces[k..].iter().take_while(|q| q.weight == p.weight) {
                glyphs += q.word.glyphs.len() + q.space.as_ref().map_or(0, |s| s.glyphs.len());
                bytes += q.word.text.len() + q.space.as_ref().map_or(0, |s| s.text.len());
            }
            runs.push(TextRun {
                weight: p.weight,
                font: THEME,
                level: 0,
                text: String::with_capacity(bytes),
                glyphs: Vec::with_capacity(glyphs),
                x,
                advance: 0.0,
            });
        }
        let Some(run) = runs.last_mut() else { break };
        for shaped in std::iter::once(&*p.word).chain(space) {
            let base = run.text.len() as u32;
            for g in &shaped.glyphs {
                let start = base + g.cluster;
                run.glyphs.push(RunGlyph {
                    id: g.id,
                    x: run.advance + g.x_offset,
                    y: g.y_offset,
                    text: (start, start + g.text_len),
                });
                run.advance += g.advance;
            }
            run.text.push_str(&shaped.text);
            x += shaped.advance;
        }
    }
    runs
}

/// Adds a shaped word (or space) to a line's runs, in reading order:
/// onto the last run where weight, family and level are the same (a
/// right-to-left run grows to its left), else as a new run. `level`
/// overrides the glyphs' own (a space takes the level of its place).
/// `rest` (the pieces from this one on) sizes a new run's buffers; `at`
/// is where the word starts on the line.
#[inline]
fn push_shaped(
    runs: &mut Vec<TextRun>,
    shaped: &Shaped,
    weight: Weight,
    level: Option<u8>,
    rest: &[Piece],
    at: f32,
) {
    let glyphs = &shaped.glyphs;
    let Some(first) = glyphs.first() else { return };
    let run = Part {
        weight,
        font: first.font,
        level: level.unwrap_or(first.level),
    };
    if shaped.uniform {
        // One family, one level (every Latin word): whole, in one pass.
        push_part(
            runs,
            shaped,
            glyphs,
            (0, shaped.text.len() as u32),
            run,
            rest,
            at,
        );
        return;
    }
    let mut at = at;
    let mut k = 0;
    while k < glyphs.len() {
        let (font, own) = (glyphs[k].font, glyphs[k].level);
        let mut m = k + 1;
        while m < glyphs.len() && glyphs[m].font == font && glyphs[m].level == own {
            m += 1;
        }
        let part = &glyphs[k..m];
        k = m;
        // The part's own text: its clusters' bytes of the word.
        let from = part.iter().map(|g| g.cluster).min().unwrap_or(0);
        let to = part
            .iter()
            .map(|g| g.cluster + g.text_len)
            .max()
            .unwrap_or(from)
            .max(from);
        let key = Part {
            weight,
            font,
            level: level.unwrap_or(own),
        };
        push_part(runs, shaped, part, (from, to), key, rest, at);
        at += part.iter().map(|g| g.advance).sum::<f32>();
    }
}

/// What a run is made of: one weight, one family, one level.
#[derive(Copy, Clone, PartialEq)]
struct Part {
    weight: Weight,
    font: FontId,
    level: u8,
}

/// Adds glyphs `part` of `shaped`, standing for its bytes `from..to`, to
/// the line's runs (see [`push_shaped`]).
#[inline]
fn push_part(
    runs: &mut Vec<TextRun>,
    shaped: &Shaped,
    part: &[ShapedGlyph],
    (from, to): (u32, u32),
    key: Part,
    rest: &[Piece],
    at: f32,
) {
    let same = runs
        .last()
        .is_some_and(|r| r.weight == key.weight && r.font == key.font && r.level == key.level);
    if !same {
        // Room for every glyph and byte of this weight to the end of the
        // line, so a run grows without reallocating.
        let (mut n, mut bytes) = (0, 0);
        for q in rest.iter().take_while(|q| q.weight == key.weight) {
            n += q.word.glyphs.len() + q.space.as_ref().map_or(0, |s| s.glyphs.len());
            bytes += q.word.text.len() + q.space.as_ref().map_or(0, |s| s.text.len());
        }
        runs.push(TextRun {
            weight: key.weight,
            font: key.font,
            level: key.level,
            text: String::with_capacity(bytes),
            glyphs: Vec::with_capacity(n),
            x: at,
            advance: 0.0,
        });
    }
    let Some(run) = runs.last_mut() else { return };
    let base = run.text.len() as u32;
    if from == 0 && to as usize == shaped.text.len() {
        run.text.push_str(&shaped.text);
    } else {
        run.text
            .push_str(shaped.text.get(from as usize..to as usize).unwrap_or(""));
    }
    if key.level.is_multiple_of(2) {
        // Left to right, the part follows the run, the pen summed glyph
        // by glyph.
        for g in part {
            let start = base + g.cluster - from;
            run.glyphs.push(RunGlyph {
                id: g.id,
                x: run.advance + g.x_offset,
                y: g.y_offset,
                text: (start, start + g.text_len),
            });
            run.advance += g.advance;
        }
        return;
    }
    // Right to left, what comes later in reading order stands to the left
    // of what the run has.
    let advance: f32 = part.iter().map(|g| g.advance).sum();
    for g in &mut run.glyphs {
        g.x += advance;
    }
    let mut pen = 0.0;
    let new = part.iter().map(|g| {
        let start = base + g.cluster - from;
        let glyph = RunGlyph {
            id: g.id,
            x: pen + g.x_offset,
            y: g.y_offset,
            text: (start, start + g.text_len),
        };
        pen += g.advance;
        glyph
    });
    let old = std::mem::take(&mut run.glyphs);
    run.glyphs.extend(new);
    run.glyphs.extend(old);
    run.advance += advance;
}
