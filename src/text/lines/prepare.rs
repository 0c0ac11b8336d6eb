//! Preparing a paragraph: shaped once into pieces (a word and the space
//! after it) with their bidi levels and where a line may end.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::{unbreakable_tokens, Break, Piece, Prepared, StyledText};
use crate::text::bidi::{self, BaseDirection};
use crate::text::font::Weight;
use crate::text::script::THEME;
use crate::text::shape::Shaper;

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
            key: text_key(&full),
        }
    }
}

/// The key of a paragraph's text (see [`Prepared::key`]).
pub fn text_key(text: &str) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(text)
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
