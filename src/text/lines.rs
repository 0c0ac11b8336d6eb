//! Breaking text into lines: at UAX #14 opportunities, ragged right, no
//! hyphenation. Text is shaped once into pieces (a word and the space after
//! it); breaking is then arithmetic in ems, so fitting can try many sizes and
//! widths cheaply.

use std::borrow::Cow;
use std::rc::Rc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::bidi::{self, BaseDirection};
use super::font::Weight;
use super::script::{FontId, THEME};
use super::shape::{Shaped, ShapedGlyph, Shaper};

/// A run of text in one weight: the input to line breaking.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StyledText {
    /// The text.
    pub text: String,
    /// Its weight.
    pub weight: Weight,
    /// True if no line may break inside it (a phone number).
    pub unbroken: bool,
}

impl StyledText {
    /// Text in one weight.
    pub fn new(text: impl Into<String>, weight: Weight) -> StyledText {
        StyledText {
            text: text.into(),
            weight,
            unbroken: false,
        }
    }

    /// Text that stays on one line: a phone number must never be split.
    pub fn unbroken(text: impl Into<String>, weight: Weight) -> StyledText {
        StyledText {
            unbroken: true,
            ..StyledText::new(text, weight)
        }
    }
}

/// May a line end after a piece?
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// No: the next piece continues the word (a change of weight inside a word).
    Never,
    /// Yes, if the line is full.
    Allowed,
    /// Yes, always (a newline in the source, or the end).
    Mandatory,
}

/// A word (or part of one) and the space after it.
#[derive(Clone, Debug)]
pub struct Piece {
    /// The word's glyphs.
    pub word: Rc<Shaped>,
    /// The white space after it, if any.
    pub space: Option<Rc<Shaped>>,
    /// The weight both are set in.
    pub weight: Weight,
    /// Whether a line may end after this piece.
    pub brk: Break,
    /// The bidi level of the space after it (the word's own glyphs carry
    /// theirs).
    pub space_level: u8,
}

impl Piece {
    /// True if the piece is all in the theme font, left to right.
    fn in_theme(&self) -> bool {
        self.word.uniform
            && self.space_level == 0
            && self
                .word
                .glyphs
                .first()
                .is_none_or(|g| g.font == THEME && g.level == 0)
    }

    fn space_advance(&self) -> f32 {
        self.space.as_ref().map_or(0.0, |s| s.advance)
    }

    /// True when a line may end here only because the word ends in a
    /// hyphen ("end-" of "end-to-end").
    fn ends_at_hyphen(&self) -> bool {
        self.brk == Break::Allowed && self.space.is_none() && self.word.text.ends_with('-')
    }
}

/// Byte ranges of `text` that must stay on one line: web addresses, emails,
/// and phone numbers written in groups ("0808 800 5000"). Trailing
/// punctuation stays outside, so a sentence may still end after them.
pub fn unbreakable_tokens(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    // Whitespace-separated tokens with their byte ranges, punctuation trimmed.
    let mut tokens: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let token = &text[s..i];
                let trimmed = token.trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '’', '"']);
                let trimmed = trimmed.trim_start_matches(['(', '‘', '"']);
                let lead = token.len() - token.trim_start_matches(['(', '‘', '"']).len();
                if !trimmed.is_empty() {
                    tokens.push(s + lead..s + lead + trimmed.len());
                }
                start = None;
            }
            _ => {}
        }
    }
    let is_address = |t: &str| {
        let lower = t.to_ascii_lowercase();
        if lower.contains("://") || lower.starts_with("www.") {
            return true;
        }
        if let Some((user, host)) = t.split_once('@') {
            return !user.is_empty() && host.contains('.');
        }
        // A domain: letters, a dot, letters, and a path or a second dot
        // ("iwf.org.uk/report", "childline.org.uk").
        let host = t.split('/').next().unwrap_or(t);
        let parts: Vec<&str> = host.split('.').collect();
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && parts
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
            && (parts.len() >= 3 || t.contains('/'))
    };
    let is_digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '+');
    let mut i = 0;
    while i < tokens.len() {
        let t = &text[tokens[i].clone()];
        if is_address(t) {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        }
        // Digit groups separated by single spaces: one number.
        let mut j = i;
        while is_digits(&text[tokens[j].clone()])
            && j + 1 < tokens.len()
            && is_digits(&text[tokens[j + 1].clone()])
            && text[tokens[j].end..tokens[j + 1].start] == *" "
        {
            j += 1;
        }
        if j > i {
            out.push(tokens[i].start..tokens[j].end);
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// A paragraph shaped and split into pieces, ready to break at any width.
#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// The pieces in reading order, shared: a copy of a prepared
    /// paragraph (from a cache) costs a reference count.
    pub pieces: Rc<[Piece]>,
    /// True when every piece is in the theme font and left to right
    /// (every Latin paragraph): its lines are set in one pass.
    pub theme_only: bool,
}

/// How lines should share the words.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Wrap {
    /// Even right edge, last line free but not a lone short word: running text.
    Pretty,
    /// Lines of similar length, last line included: headlines and headings.
    Balanced,
}

/// One line: pieces `start..end` and its width in ems (without the space
/// after its last piece).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct LineSpan {
    /// First piece.
    pub start: usize,
    /// One past the last piece.
    pub end: usize,
    /// Width in ems.
    pub width: f32,
}

/// Running sums over a paragraph's pieces, so that any line's width and
/// whether a mandatory break falls inside it are one subtraction.
struct Sums {
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

/// Glyphs of one weight, one family and one direction on a line,
/// positioned in ems from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// The weight.
    pub weight: Weight,
    /// The family (its id in the shaper's font set).
    pub font: FontId,
    /// The bidi level: odd is right to left.
    pub level: u8,
    /// The text the glyphs come from.
    pub text: String,
    /// The glyphs.
    pub glyphs: Vec<RunGlyph>,
    /// Where the run starts, in ems from the line's start: its visual
    /// place, or for a line to be mirrored with its page, the place that
    /// mirroring moves to its visual place.
    pub x: f32,
    /// Its advance in ems.
    pub advance: f32,
}

/// A glyph of a run.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct RunGlyph {
    /// Glyph id.
    pub id: u16,
    /// Horizontal position in ems from the run's start.
    pub x: f32,
    /// Vertical offset in ems, upwards.
    pub y: f32,
    /// Byte range of the run's text this glyph stands for (empty for the
    /// second and later glyphs of one cluster).
    pub text: (u32, u32),
}

impl Prepared {
    /// Shapes styled text and splits it at its break opportunities, each
    /// paragraph taking its direction from its first strong character.
    pub fn new(shaper: &Shaper, spans: &[StyledText]) -> Prepared {
        Prepared::with_direction(shaper, spans, BaseDirection::Auto)
    }

    /// Shapes styled text in a base direction and splits it at its break
    /// opportunities. Lines are broken in this logical order; each line is
    /// reordered when its runs are made ([`Prepared::runs_in`]).
    pub fn with_direction(shaper: &Shaper, spans: &[StyledText], base: BaseDirection) -> Prepared {
        let mut full = String::new();
        let mut bounds = Vec::with_capacity(spans.len());
        let mut unbroken = Vec::new();
        for s in spans {
            let start = full.len();
            full.push_str(&s.text);
            bounds.push((full.len(), s.weight));
            if s.unbroken {
                unbroken.push(start..full.len());
            }
        }
        // Web addresses, emails and phone numbers are never broken, in any
        // text: "ceop.police.uk/ safety-centre" is misread, and a number
        // split across lines is misdialled.
        unbroken.extend(unbreakable_tokens(&full));
        // The same numbers and addresses stay left to right inside
        // right-to-left text, each as a whole (an isolate).
        let levels = bidi::levels(&full, base, &merged(&unbroken));
        let levels = levels.as_deref();
        let breaks: Vec<(usize, BreakOpportunity)> = linebreaks(&full).collect();
        let mut cuts: Vec<(usize, Break)> = breaks
            .iter()
            .map(|&(at, kind)| {
                let inside = unbroken.iter().any(|r| r.start < at && at < r.end);
                let brk = match kind {
                    BreakOpportunity::Mandatory => Break::Mandatory,
                    BreakOpportunity::Allowed if inside => Break::Never,
                    BreakOpportunity::Allowed => Break::Allowed,
                };
                (at, brk)
            })
            .collect();
        for &(at, _) in &bounds {
            if !cuts.iter().any(|&(c, _)| c == at) {
                cuts.push((at, Break::Never));
            }
        }
        cuts.sort_by_key(|&(at, _)| at);

        let mut pieces = Vec::new();
        let mut start = 0;
        for (end, brk) in cuts {
            if end <= start {
                continue;
            }
            let weight = bounds
                .iter()
                .find(|&&(b, _)| b > start)
                .map_or(Weight::Regular, |&(_, w)| w);
            let segment = &full[start..end];
            let word = segment.trim_end();
            let has_space = word.len() < segment.len()
                && segment[word.len()..].contains([' ', '\t', '\u{3000}']);
            let word_levels = levels.and_then(|l| l.get(start..start + word.len()));
            let shaped = shaper.shape_at(word, weight, word_levels);
            let space_level = levels
                .and_then(|l| l.get(start + word.len()))
                .copied()
                .unwrap_or(0);
            // A space set in its word's family, where that is not the
            // theme's: an Urdu line is then one run, not one per word.
            let space = has_space.then(|| match shaped.glyphs.last() {
                Some(g) if g.font != THEME => shaper.space(weight, g.font, space_level),
                _ => shaper.shape(" ", weight),
            });
            start = end;
            if word.is_empty() && space.is_none() {
                // A bare newline: it only ends the previous piece's line.
                if let Some(last) = pieces.last_mut() {
                    let last: &mut Piece = last;
                    last.brk = brk;
                }
                continue;
            }
            pieces.push(Piece {
                word: shaped,
                space,
                weight,
                brk,
                space_level,
            });
        }
        // The end of the text is the end of the last line, whatever UAX #14
        // says about a trailing weight change.
        if let Some(last) = pieces.last_mut() {
            last.brk = Break::Mandatory;
        }
        Prepared {
            theme_only: pieces.iter().all(Piece::in_theme),
            pieces: pieces.into(),
        }
    }

    /// True if there is nothing to set.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The widest run of pieces with no break between them, in ems.
    fn widest_unbreakable(&self) -> f32 {
        let mut widest: f32 = 0.0;
        let mut run = 0.0;
        for p in self.pieces.iter() {
            run += p.word.advance;
            if p.brk != Break::Never {
                widest = widest.max(run);
                run = 0.0;
            } else {
                run += p.space_advance();
            }
        }
        widest.max(run)
    }

    /// The widest piece, in ems: lines narrower than this must split a word.
    pub fn widest_word(&self) -> f32 {
        self.pieces
            .iter()
            .map(|p| p.word.advance)
            .fold(0.0, f32::max)
    }

    /// The width of the text on one line, in ems.
    pub fn natural_width(&self) -> f32 {
        let n = self.pieces.len();
        self.pieces
            .iter()
            .enumerate()
            .map(|(i, p)| p.word.advance + if i + 1 < n { p.space_advance() } else { 0.0 })
            .sum()
    }

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

    fn prefix_sums(&self) -> Sums {
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
    fn greedy(&self, max: f32, sums: &Sums) -> Vec<LineSpan> {
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
        }
    }

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

/// Ranges sorted and merged where they overlap or touch.
fn merged(ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut v: Vec<std::ops::Range<usize>> = ranges.to_vec();
    v.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
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
        uniform: super::shape::uniform(&glyphs),
        glyphs,
        advance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::script::FontSet;

    fn prepare(shaper: &Shaper, text: &str) -> Prepared {
        Prepared::new(shaper, &[StyledText::new(text, Weight::Regular)])
    }

    fn line_text(p: &Prepared, l: &LineSpan) -> String {
        p.runs(l)
            .iter()
            .map(|r| r.text.as_str())
            .collect::<String>()
    }

    const TEXT: &str = "Encrypted apps keep messages private, even from the app itself. \
        That also means the app cannot spot someone trying to harm your child, \
        so it matters more than ever that they know who to tell.";

    #[test]
    fn no_line_is_wider_than_its_box_and_no_word_is_lost() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = prepare(&s, TEXT);
        for max in [6.0, 10.0, 17.5, 25.0, 40.0, 400.0] {
            for wrap in [Wrap::Pretty, Wrap::Balanced] {
                let (p2, lines) = p.break_lines(max, wrap);
                for l in &lines {
                    assert!(l.width <= max + 1e-3, "{} > {max}", l.width);
                    let runs = p2.runs(l);
                    let drawn: f32 = runs.iter().map(|r| r.advance).sum();
                    // The last piece's trailing space is not drawn.
                    assert!(
                        (drawn - l.width).abs() < 1e-3,
                        "measured {} drawn {drawn}",
                        l.width
                    );
                }
                let words: Vec<String> = lines
                    .iter()
                    .map(|l| line_text(&p2, l).trim().to_string())
                    .collect();
                assert_eq!(words.join(" "), TEXT, "max {max}");
            }
        }
    }

    #[test]
    fn optimal_never_uses_more_lines_than_greedy_and_evens_the_rag() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = prepare(&s, TEXT);
        let greedy = p.greedy(20.0, &p.prefix_sums());
        let (_, pretty) = p.break_lines(20.0, Wrap::Pretty);
        assert_eq!(greedy.len(), pretty.len());
        let ragged = |ls: &[LineSpan]| -> f32 {
            ls[..ls.len() - 1]
                .iter()
                .map(|l| (20.0 - l.width).powi(2))
                .sum()
        };
        assert!(ragged(&pretty) <= ragged(&greedy) + 1e-3);
    }

    #[test]
    fn addresses_emails_and_grouped_numbers_are_found_whole() {
        let text = "Go to ceop.police.uk/safety-centre, mail help@nspcc.org.uk or call 0808 800 5000. See www.iwf.org.uk and childline.org.uk; it is 10am to 4pm, e.g. daily.";
        let found: Vec<&str> = unbreakable_tokens(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            [
                "ceop.police.uk/safety-centre",
                "help@nspcc.org.uk",
                "0808 800 5000",
                "www.iwf.org.uk",
                "childline.org.uk"
            ]
        );
    }

    #[test]
    fn running_text_never_breaks_inside_an_address_or_a_number() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let text = "Report grooming to the CEOP Safety Centre at ceop.police.uk/safety-centre or call the NSPCC on 0808 800 5000 today.";
        let p = prepare(&s, text);
        // Every width the address fits on one line at.
        for max in [14.0, 16.0, 18.0, 22.0, 26.0] {
            let (p2, lines) = p.break_lines(max, Wrap::Pretty);
            let lines: Vec<String> = lines.iter().map(|l| line_text(&p2, l)).collect();
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains("ceop.police.uk/safety-centre")),
                "{max}: {lines:?}"
            );
            assert!(
                lines.iter().any(|l| l.contains("0808 800 5000")),
                "{max}: {lines:?}"
            );
        }
    }

    #[test]
    fn a_heading_never_breaks_at_a_hyphen() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = prepare(&s, "What is end-to-end encryption?");
        for max in [8.0, 9.0, 10.0, 11.0, 12.0, 13.0] {
            let (p2, lines) = p.break_lines(max, Wrap::Balanced);
            let texts: Vec<String> = lines.iter().map(|l| line_text(&p2, l)).collect();
            assert!(
                texts.iter().all(|t| !t.trim_end().ends_with('-')),
                "{max}: {texts:?}"
            );
        }
    }

    #[test]
    fn balanced_lines_are_similar() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = prepare(&s, "Private chats can still be safe chats");
        let (_, lines) = p.break_lines(14.0, Wrap::Balanced);
        assert_eq!(lines.len(), 2);
        assert!((lines[0].width - lines[1].width).abs() < 4.0, "{lines:?}");
    }

    #[test]
    fn an_over_wide_word_is_split_not_overflowed() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = prepare(&s, "see childline.org.uk/remove-a-nude-image-online today");
        let (p2, lines) = p.break_lines(5.0, Wrap::Pretty);
        assert!(lines.iter().all(|l| l.width <= 5.0 + 1e-3));
        let joined: String = lines.iter().map(|l| line_text(&p2, l)).collect();
        assert_eq!(
            joined.replace(' ', ""),
            "seechildline.org.uk/remove-a-nude-image-onlinetoday"
        );
    }

    #[test]
    fn weights_become_separate_runs_on_one_line() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = Prepared::new(
            &s,
            &[
                StyledText::new("Call ", Weight::Regular),
                StyledText::new("0800 1111", Weight::Bold),
                StyledText::new(" now.", Weight::Regular),
            ],
        );
        let (p2, lines) = p.break_lines(100.0, Wrap::Pretty);
        assert_eq!(lines.len(), 1);
        let runs = p2.runs(&lines[0]);
        let parts: Vec<(&str, Weight)> = runs.iter().map(|r| (r.text.as_str(), r.weight)).collect();
        assert_eq!(
            parts,
            vec![
                ("Call ", Weight::Regular),
                ("0800 1111", Weight::Bold),
                (" now.", Weight::Regular)
            ]
        );
        assert!(runs[1].x > 0.0 && runs[2].x > runs[1].x);
    }

    /// Found by the property test: a word split across two spans of one
    /// weight, in a box narrower than the word, overflowed by one glyph.
    #[test]
    fn a_word_split_across_spans_breaks_before_the_piece_that_does_not_fit() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = Prepared::new(
            &s,
            &[
                StyledText::new("aaaaaaaaaa", Weight::Regular),
                StyledText::new("aaaaafaaaa ", Weight::Regular),
            ],
        );
        let (_, lines) = p.break_lines(1.0, Wrap::Pretty);
        assert!(lines.iter().all(|l| l.width <= 1.0 + 1e-3), "{lines:?}");
    }

    #[test]
    fn an_unbroken_span_stays_on_one_line() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = Prepared::new(
            &s,
            &[
                StyledText::new("Call the helpline on ", Weight::Regular),
                StyledText::unbroken("0808 800 5000", Weight::Bold),
                StyledText::new(" today.", Weight::Regular),
            ],
        );
        for max in [8.0, 10.0, 12.0, 15.0] {
            let (p2, lines) = p.break_lines(max, Wrap::Pretty);
            let texts: Vec<String> = lines.iter().map(|l| line_text(&p2, l)).collect();
            assert!(
                texts.iter().any(|t| t.contains("0808 800 5000")),
                "{max}: {texts:?}"
            );
        }
    }

    #[test]
    fn a_newline_in_the_source_is_a_line_break() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let p = prepare(&s, "One\nTwo three");
        let (p2, lines) = p.break_lines(100.0, Wrap::Pretty);
        assert_eq!(lines.len(), 2);
        assert_eq!(line_text(&p2, &lines[0]).trim(), "One");
    }

    #[test]
    fn a_mixed_line_is_reordered_and_placed_for_the_mirror() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let spans = [StyledText::new("اردو 0808 157 text", Weight::Regular)];
        let p = Prepared::with_direction(&s, &spans, BaseDirection::RightToLeft);
        assert!(!p.theme_only);
        let (p2, lines) = p.break_lines(100.0, Wrap::Pretty);
        assert_eq!(lines.len(), 1);
        // Seen (no mirror): right to left, the Urdu word on the right, then
        // the number, then the English word, each island left to right.
        let seen = p2.runs_in(&lines[0], false);
        let x = |runs: &[TextRun], t: &str| {
            runs.iter()
                .find(|r| r.text.contains(t))
                .map(|r| r.x)
                .unwrap()
        };
        assert!(x(&seen, "اردو") > x(&seen, "0808"), "{seen:?}");
        assert!(x(&seen, "text") < x(&seen, "0808"), "{seen:?}");
        // In reading order, Urdu first.
        assert!(seen[0].text.contains("اردو"));
        assert_eq!(seen[0].level % 2, 1);
        // For a page mirrored once laid out, each run is where the mirror
        // (x -> width - x - advance) puts it back to where it is seen.
        let width: f32 = seen.iter().map(|r| r.advance).sum();
        let pre = p2.runs_in(&lines[0], true);
        for (a, b) in seen.iter().zip(&pre) {
            assert!((width - b.x - b.advance - a.x).abs() < 1e-4, "{a:?} {b:?}");
            assert_eq!(a.glyphs, b.glyphs, "glyphs are never written backwards");
        }
    }

    #[test]
    fn a_latin_paragraph_is_set_in_the_theme_font_in_one_pass() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        assert!(prepare(&s, TEXT).theme_only);
        assert!(!prepare(&s, "Bengali বাংলা").theme_only);
    }

    #[test]
    fn empty_text_has_no_lines() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        assert!(prepare(&s, "").break_lines(10.0, Wrap::Pretty).1.is_empty());
    }
}
