//! Bidirectional text (UAX #9, with `unicode-bidi`): embedding levels for
//! a paragraph, with phone numbers, web addresses and emails isolated as
//! left to right, and the reordering of a line's runs by their levels.
//!
//! A number inside right-to-left text is the reason for the isolates:
//! applied to the letter, UAX #9 gives the spaces between the groups of
//! `0808 800 5000` the paragraph's direction, and the groups come out as
//! `5000 800 0808`. Wrapped in LRI ... PDI, the number is one left-to-right
//! island and reads as it is dialled.

use std::ops::Range;

use unicode_bidi::{BidiInfo, Level};

use super::script::maybe_rtl;

/// A paragraph's base direction.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum BaseDirection {
    /// From the paragraph's first strong character (UAX #9 P2, P3): the
    /// default outside right-to-left locales.
    #[default]
    Auto,
    /// Right to left, whatever the text starts with: a right-to-left
    /// locale's paragraphs.
    RightToLeft,
}

/// The left-to-right isolate and its end.
const LRI: char = '\u{2066}';
const PDI: char = '\u{2069}';

/// The embedding level of each byte of `text`, with each range of
/// `isolates` (sorted, not overlapping, on character boundaries) set left
/// to right as an isolate. `None` when every level is 0: no right-to-left
/// character and an automatic base, the case of every Latin pack, which
/// costs one pass over the bytes.
pub fn levels(text: &str, base: BaseDirection, isolates: &[Range<usize>]) -> Option<Vec<u8>> {
    if base == BaseDirection::Auto && !text.chars().any(maybe_rtl) {
        return None;
    }
    // The text with LRI and PDI around each isolate, and for each of its
    // bytes the byte of `text` it came from (or none, for the marks).
    let mut marked = String::with_capacity(text.len() + isolates.len() * 6);
    let mut from: Vec<Option<usize>> = Vec::with_capacity(text.len() + isolates.len() * 6);
    let mut at = 0;
    let push_text = |marked: &mut String, from: &mut Vec<Option<usize>>, r: Range<usize>| {
        marked.push_str(&text[r.clone()]);
        from.extend(r.map(Some));
    };
    for r in isolates {
        if r.start < at || r.end > text.len() || r.start >= r.end {
            continue;
        }
        push_text(&mut marked, &mut from, at..r.start);
        marked.push(LRI);
        from.extend([None; 3]);
        push_text(&mut marked, &mut from, r.clone());
        marked.push(PDI);
        from.extend([None; 3]);
        at = r.end;
    }
    push_text(&mut marked, &mut from, at..text.len());
    let para = match base {
        BaseDirection::Auto => None,
        BaseDirection::RightToLeft => Some(Level::rtl()),
    };
    let info = BidiInfo::new(&marked, para);
    let mut out = vec![0u8; text.len()];
    for (i, level) in info.levels.iter().enumerate() {
        if let Some(Some(j)) = from.get(i) {
            out[*j] = level.number();
        }
    }
    // A line's trailing spaces and a paragraph's separators take the
    // paragraph's level (UAX #9 L1); what matters here is that the space
    // between two words of one direction keeps that direction, which the
    // resolved levels already give.
    Some(out)
}

/// The visual order of items with these levels, left to right (UAX #9
/// L2): from the highest level down to the lowest odd one, every maximal
/// run at that level or higher is reversed.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let Some(&max) = levels.iter().max() else {
        return order;
    };
    let Some(min_odd) = levels.iter().copied().filter(|l| l % 2 == 1).min() else {
        return order;
    };
    let mut level = max;
    while level >= min_odd && level > 0 {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < order.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines::unbreakable_tokens;

    /// The words of `text` in visual order, left to right, at word
    /// granularity: enough to see where a number's groups go.
    fn visual_words(text: &str, base: BaseDirection, isolate: bool) -> Vec<String> {
        let isolates = if isolate {
            unbreakable_tokens(text)
        } else {
            Vec::new()
        };
        let lv = levels(text, base, &isolates).unwrap_or_else(|| vec![0; text.len()]);
        // Words and the spaces between them, each with its level.
        let mut items: Vec<(usize, String)> = Vec::new();
        let mut at = 0;
        for (k, w) in text.split(' ').enumerate() {
            if k > 0 {
                items.push((at - 1, " ".to_string()));
            }
            items.push((at, w.to_string()));
            at += w.len() + 1;
        }
        let item_levels: Vec<u8> = items.iter().map(|(i, _)| lv[*i]).collect();
        visual_order(&item_levels)
            .into_iter()
            .map(|k| items[k].1.clone())
            .filter(|w| w != " ")
            .collect()
    }

    #[test]
    fn a_number_inside_urdu_reads_as_dialled_only_when_isolated() {
        let text = "براہ کرم 0808 800 5000 پر کال کریں";
        let isolated = visual_words(text, BaseDirection::RightToLeft, true);
        let pos = |w: &str, v: &[String]| v.iter().position(|x| x == w).unwrap();
        assert!(pos("0808", &isolated) < pos("800", &isolated));
        assert!(pos("800", &isolated) < pos("5000", &isolated));
        // The words around it still run right to left.
        assert!(pos("کال", &isolated) < pos("کرم", &isolated));
        // UAX #9 to the letter reverses the groups: what the isolate fixes.
        let plain = visual_words(text, BaseDirection::RightToLeft, false);
        assert!(pos("5000", &plain) < pos("0808", &plain), "{plain:?}");
    }

    #[test]
    fn a_latin_paragraph_needs_no_analysis_and_urdu_sets_its_own_direction() {
        assert_eq!(levels("Call 0808 800 5000", BaseDirection::Auto, &[]), None);
        let lv = levels("اردو text", BaseDirection::Auto, &[]).unwrap();
        assert_eq!(lv[0], 1);
        assert_eq!(*lv.last().unwrap(), 2);
        let lv = levels("English اردو", BaseDirection::Auto, &[]).unwrap();
        assert_eq!(lv[0], 0);
        assert_eq!(*lv.last().unwrap(), 1);
    }

    #[test]
    fn reordering_reverses_odd_runs_and_keeps_even_islands_in_order() {
        assert_eq!(visual_order(&[0, 0, 1, 1, 0]), [0, 1, 3, 2, 4]);
        assert_eq!(visual_order(&[1, 1, 2, 2, 1]), [4, 2, 3, 1, 0]);
        assert_eq!(visual_order(&[]), Vec::<usize>::new());
    }
}
