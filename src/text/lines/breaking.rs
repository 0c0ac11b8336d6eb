//! Choosing the lines: greedy, or balanced and even-ragged (a small
//! dynamic program over the pieces), in ems, so fitting can try many
//! sizes and widths cheaply; a word wider than the box is split.

use std::borrow::Cow;
use std::rc::Rc;

use super::{Break, LineSpan, Piece, Prepared, Wrap};
use crate::text::shape::{Shaped, ShapedGlyph};

impl Prepared {
    /// Breaks into lines no wider than `max` ems. A word wider than `max` is
    /// split between characters: text never leaves its box. The pieces the
    /// lines index are this paragraph's, unless a word had to be split.
    pub fn break_lines(&self, max: f32, wrap: Wrap) -> (Cow<'_, Prepared>, Vec<LineSpan>) {
        let prepared = if self.pieces.iter().all(|p| p.word.advance <= max + 1e-4) {
            Cow::Borrowed(self)
        } else {
            Cow::Owned(self.split_oversized(max))
        };
        let lines = prepared.break_fitted(max, wrap);
        (prepared, lines)
    }

    fn break_fitted(&self, max: f32, wrap: Wrap) -> Vec<LineSpan> {
        let n = self.pieces.len();
        if n == 0 {
            return Vec::new();
        }
        // A heading never breaks at a hyphen ("end-to- / end"): a line
        // more, if it must.
        if wrap == Wrap::Balanced && self.pieces.iter().any(Piece::ends_at_hyphen) {
            let whole = Prepared {
                theme_only: self.theme_only,
                key: self.key,
                pieces: self
                    .pieces
                    .iter()
                    .map(|p| {
                        let mut p = p.clone();
                        if p.ends_at_hyphen() {
                            p.brk = Break::Never;
                        }
                        p
                    })
                    .collect(),
            };
            // Unless the words between hyphens cannot fit at all.
            if whole.widest_unbreakable() <= max + 1e-4 {
                return whole.break_fitted(max, wrap);
            }
        }
        let sums = self.prefix_sums();
        let greedy = self.greedy(max, &sums);
        // Optimal breaking costs O(pieces x lines x pieces-per-line); past a
        // few thousand pieces, greedy is good enough and bounded.
        if greedy.len() <= 1 || n > 3000 {
            return greedy;
        }
        self.optimal(max, wrap, greedy.len(), &sums)
            .unwrap_or(greedy)
    }

    pub(super) fn prefix_sums(&self) -> Sums {
        let n = self.pieces.len();
        let mut prefix = Vec::with_capacity(n + 1);
        let mut spaces = Vec::with_capacity(n);
        let mut mandatory = Vec::with_capacity(n + 1);
        let (mut sum, mut hard) = (0.0, 0u32);
        prefix.push(0.0);
        mandatory.push(0);
        for p in self.pieces.iter() {
            sum += p.word.advance + p.space_advance();
            prefix.push(sum);
            spaces.push(p.space_advance());
            hard += u32::from(p.brk == Break::Mandatory);
            mandatory.push(hard);
        }
        Sums {
            prefix,
            spaces,
            mandatory,
        }
    }

    /// First fit: as many pieces on each line as fit.
    pub(super) fn greedy(&self, max: f32, sums: &Sums) -> Vec<LineSpan> {
        let mut lines = Vec::new();
        let mut start = 0;
        let mut last_break: Option<usize> = None;
        let mut i = 0;
        let line = |lines: &mut Vec<LineSpan>, a: usize, b: usize| {
            lines.push(LineSpan {
                start: a,
                end: b,
                width: sums.width(a, b),
            })
        };
        while i < self.pieces.len() {
            let end = i + 1;
            let fits = sums.width(start, end) <= max + 1e-4;
            if !fits && i > start {
                // Full: end the line at the last break opportunity, or, when
                // the pieces on it are joined (a change of weight inside a
                // word), just before the piece that does not fit. Text never
                // crosses the box's edge.
                let b = last_break.unwrap_or(i);
                line(&mut lines, start, b);
                start = b;
                last_break = None;
                i = b;
                continue;
            }
            match self.pieces[i].brk {
                Break::Mandatory => {
                    line(&mut lines, start, end);
                    start = end;
                    last_break = None;
                }
                Break::Allowed => last_break = Some(end),
                Break::Never => {}
            }
            i += 1;
        }
        lines
    }

    /// The breaks that minimise raggedness with exactly `count` lines.
    fn optimal(&self, max: f32, wrap: Wrap, count: usize, sums: &Sums) -> Option<Vec<LineSpan>> {
        let n = self.pieces.len();
        // Break positions: after piece i-1, for i in candidates.
        let mut candidates: Vec<usize> = Vec::with_capacity(n + 1);
        candidates.push(0);
        for (i, p) in self.pieces.iter().enumerate() {
            if p.brk != Break::Never {
                candidates.push(i + 1);
            }
        }
        let m = candidates.len();
        const INF: f32 = f32::INFINITY;
        // cost[k * m + j]: best cost of setting the pieces before
        // candidates[j] in k lines; from[..]: the break before that line.
        let mut cost = vec![INF; (count + 1) * m];
        let mut from = vec![usize::MAX; (count + 1) * m];
        cost[0] = 0.0;
        for k in 1..=count {
            let (before, now) = cost.split_at_mut(k * m);
            let before = &before[(k - 1) * m..];
            let now = &mut now[..m];
            for j in 1..m {
                let b = candidates[j];
                let last = b == n;
                if k == count && !last {
                    continue;
                }
                // Walk back while the line still fits.
                for i in (0..j).rev() {
                    let a = candidates[i];
                    let w = sums.width(a, b);
                    if w > max + 1e-4 {
                        break;
                    }
                    // A mandatory break inside the line (before its last
                    // piece) rules it out.
                    if before[i] == INF || sums.mandatory[b - 1] > sums.mandatory[a] {
                        continue;
                    }
                    let c = before[i] + self.line_cost(a, b, w, max, last, wrap);
                    if c < now[j] {
                        now[j] = c;
                        from[k * m + j] = i;
                    }
                }
            }
        }
        if cost[count * m + m - 1] == INF {
            return None;
        }
        let mut lines = Vec::with_capacity(count);
        let mut j = m - 1;
        for k in (1..=count).rev() {
            let i = from[k * m + j];
            let (a, b) = (candidates[i], candidates[j]);
            lines.push(LineSpan {
                start: a,
                end: b,
                width: sums.width(a, b),
            });
            j = i;
        }
        lines.reverse();
        Some(lines)
    }

    fn line_cost(&self, a: usize, b: usize, w: f32, max: f32, last: bool, wrap: Wrap) -> f32 {
        let slack = (max - w) / max;
        let mut c = if !last || wrap == Wrap::Balanced {
            slack * slack
        } else {
            // A last line may be short, but not a stub.
            let short = (0.3 - w / max).max(0.0);
            short * short + if b - a == 1 { 0.2 } else { 0.0 }
        };
        // A line that ends a sentence is a place a paragraph may continue
        // over a fold or a page turn without breaking a sentence: where the
        // rag allows, prefer it.
        if !last && wrap == Wrap::Pretty {
            let word = self.pieces[b - 1]
                .word
                .text
                .trim_end_matches(['"', '\'', '’', '”', ')']);
            if word.ends_with(['.', '!', '?', '۔', '؟', '।']) {
                c -= 0.02;
            }
        }
        // A line that ends at a hard hyphen ("end-") reads worse than one
        // that ends at a space.
        if !last && self.pieces[b - 1].space.is_none() && self.pieces[b - 1].brk == Break::Allowed {
            c += 0.05;
        }
        c
    }

    /// Splits every piece wider than `max` ems between its clusters.
    fn split_oversized(&self, max: f32) -> Prepared {
        let mut pieces = Vec::with_capacity(self.pieces.len() + 4);
        for p in self.pieces.iter() {
            if p.word.advance <= max + 1e-4 {
                pieces.push(p.clone());
                continue;
            }
            let chunks = split_shaped(&p.word, max);
            let last = chunks.len() - 1;
            for (i, chunk) in chunks.into_iter().enumerate() {
                pieces.push(Piece {
                    word: Rc::new(chunk),
                    space: if i == last { p.space.clone() } else { None },
                    weight: p.weight,
                    brk: if i == last { p.brk } else { Break::Allowed },
                    space_level: p.space_level,
                });
            }
        }
        Prepared {
            theme_only: self.theme_only,
            pieces: pieces.into(),
            key: self.key,
        }
    }
}

/// Running sums over a paragraph's pieces, so that any line's width and
/// whether a mandatory break falls inside it are one subtraction.
pub(super) struct Sums {
    /// `prefix[i]`: the advance of pieces before `i`, spaces included.
    prefix: Vec<f32>,
    /// Each piece's trailing space.
    spaces: Vec<f32>,
    /// `mandatory[i]`: how many pieces before `i` end with a mandatory break.
    mandatory: Vec<u32>,
}

impl Sums {
    /// Width of pieces `a..b` set on one line: the last piece's space hangs
    /// outside it.
    fn width(&self, a: usize, b: usize) -> f32 {
        self.prefix[b] - self.prefix[a] - self.spaces[b - 1]
    }
}

/// Splits a shaped word into chunks no wider than `max` ems, between clusters.
fn split_shaped(word: &Shaped, max: f32) -> Vec<Shaped> {
    let mut chunks = Vec::new();
    let mut current: Vec<ShapedGlyph> = Vec::new();
    let mut width = 0.0;
    let mut i = 0;
    let glyphs = &word.glyphs;
    while i < glyphs.len() {
        // A cluster's glyphs stay together.
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].cluster == glyphs[i].cluster {
            j += 1;
        }
        let cluster_width: f32 = glyphs[i..j].iter().map(|g| g.advance).sum();
        if !current.is_empty() && width + cluster_width > max {
            chunks.push(make_chunk(
                word,
                std::mem::take(&mut current),
                glyphs.get(i).map(|g| g.cluster),
            ));
            width = 0.0;
        }
        current.extend_from_slice(&glyphs[i..j]);
        width += cluster_width;
        i = j;
    }
    if !current.is_empty() {
        chunks.push(make_chunk(word, current, None));
    }
    chunks
}

fn make_chunk(word: &Shaped, glyphs: Vec<ShapedGlyph>, next_cluster: Option<u32>) -> Shaped {
    let start = glyphs.first().map_or(0, |g| g.cluster) as usize;
    let end = next_cluster.map_or(word.text.len(), |c| c as usize);
    let text = word.text.get(start..end).unwrap_or("").to_string();
    let advance = glyphs.iter().map(|g| g.advance).sum();
    let glyphs: Vec<ShapedGlyph> = glyphs
        .into_iter()
        .map(|g| ShapedGlyph {
            cluster: g.cluster - start as u32,
            ..g
        })
        .collect();
    Shaped {
        text,
        uniform: crate::text::shape::uniform(&glyphs),
        glyphs,
        advance,
    }
}
