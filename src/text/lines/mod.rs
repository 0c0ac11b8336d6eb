//! Breaking text into lines: at UAX #14 opportunities, ragged right, no
//! hyphenation. Text is shaped once into pieces (a word and the space after
//! it); breaking is then arithmetic in ems, so fitting can try many sizes and
//! widths cheaply.
//!
//! One file per step: `tokens` finds what must stay on one line,
//! `prepare` shapes the text into pieces, `breaking` chooses the
//! lines, `runs` turns a line into positioned glyph runs.

mod breaking;
mod prepare;
mod runs;
#[cfg(test)]
mod tests;
mod tokens;

use std::rc::Rc;

use super::font::Weight;
use super::script::{FontId, THEME};
use super::shape::Shaped;

pub use prepare::text_key;
pub use tokens::unbreakable_tokens;

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

/// A paragraph shaped and split into pieces, ready to break at any width.
#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// The pieces in reading order, shared: a copy of a prepared
    /// paragraph (from a cache) costs a reference count.
    pub pieces: Rc<[Piece]>,
    /// True when every piece is in the theme font and left to right
    /// (every Latin paragraph): its lines are set in one pass.
    pub theme_only: bool,
    /// A hash of the paragraph's text, whatever its fonts and direction:
    /// the same words in another layout have the same key (a reading
    /// style holds each paragraph to the size the standard layout of the
    /// same job set it at).
    pub key: u64,
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
}
