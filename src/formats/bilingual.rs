//! Bilingual editions: one audience in two of a pack's languages on one
//! output, paired block by block (issue 16). The language read first (the
//! context's own) goes where a reader looks first: the left column for two
//! left-to-right languages, the right for a right-to-left one (Urdu beside
//! English). Both are set at the same sizes; the longer sets the size.
//!
//! - The handout sets the two side by side in parallel columns, each
//!   section starting level in both, or, in large print (one column of
//!   running text), stacks each pair: the first language's section, then
//!   the second's.
//! - The poster pairs the headlines, at one size, and the key points.
//! - The booklet is tête-bêche: each language from its own cover, the
//!   second upside down to the first, the help in the middle spread.
//! - The helplines are shared: each once, with both languages' words.
//!
//! What is given up when the pair does not fit follows the one rule in
//! [`super::fit`]; past that, the error names the section and how much too
//! long each language is. Tagged reading order: all of the first language,
//! the shared help, then all of the second, whose every element carries its
//! /Lang (see [`super::Tagger::in_language`]).

pub mod booklet;
pub mod handout;

use crate::layout::flow::Galley;
use crate::layout::{Document, Frame, Item, Role, TextStyle};
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use super::{Context, Format, FormatError};

/// Lays out a bilingual edition of `format`: the context's second language
/// is set. Formats that make none are refused ([`Format::unmade_bilingual`]).
pub fn lay_out(ctx: &Context, format: Format) -> Result<Document, FormatError> {
    if let Some(e) = format.unmade_bilingual() {
        return Err(e);
    }
    let Some(second) = ctx.in_second() else {
        return Err(FormatError::NotBilingual { format });
    };
    match format {
        Format::Handout => handout::make(ctx, &second),
        Format::Booklet => booklet::make(ctx, &second),
        _ => Err(FormatError::NotBilingual { format }),
    }
}

/// The two languages of an edition as a pair of contexts, with the side
/// each is read from.
pub struct Pair<'c, 'a, 'f> {
    /// The language read first.
    pub first: &'c Context<'a, 'f>,
    /// The language read second.
    pub second: &'c Context<'a, 'f>,
}

impl<'c, 'a, 'f> Pair<'c, 'a, 'f> {
    /// True when the first language goes on the right: it reads right to
    /// left, so its reader's eye starts there.
    pub fn first_right(&self) -> bool {
        self.first.rtl
    }

    /// Both contexts, first then second, with whether each sits on the
    /// left of a pair of columns.
    pub fn sides(&self) -> [(&'c Context<'a, 'f>, bool); 2] {
        let right = self.first_right();
        [(self.first, !right), (self.second, right)]
    }

    /// "Welsh", "English": a language's name in messages.
    pub fn name(ctx: &Context) -> String {
        ctx.pack
            .language()
            .map(|l| {
                l.language_name()
                    .map_or_else(|| l.to_string(), str::to_string)
            })
            .unwrap_or_else(|| ctx.pack.locale().to_string())
    }
}

/// A frame set for its language's direction: a right-to-left language's
/// frame is reflected within its width, so its lines, markers and bars
/// start on the right (its words keep their own order; see
/// [`crate::layout::Item::mirrored`]).
pub fn for_direction(ctx: &Context, frame: Frame) -> Frame {
    if ctx.rtl {
        frame.premirrored()
    } else {
        frame
    }
}

/// Items already placed in `column` of a page, reflected within that
/// column for a right-to-left language.
pub fn mirror_in(ctx: &Context, column: Rect, items: Vec<Item>) -> Vec<Item> {
    if !ctx.rtl {
        return items;
    }
    items
        .into_iter()
        .map(|i| {
            i.translated(-column.x, Pt::ZERO)
                .mirrored(column.width)
                .translated(column.x, Pt::ZERO)
        })
        .collect()
}

/// One label in both languages, one under the other, each its own
/// element of `role` in its language: "Ble i gael help" over "Where to get
/// help". `width` wide.
pub fn label_pair(
    pair: &Pair,
    label: impl Fn(&crate::pack::Labels) -> &str,
    role: Role,
    weight: Weight,
    style: &TextStyle,
    width: Pt,
) -> Frame {
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;
    for ctx in [pair.first, pair.second] {
        let block = ctx
            .ts()
            .text(label(&ctx.labels).trim(), weight, style, width);
        let frame = for_direction(ctx, block.into_frame().tagged(ctx.tags.node(role)));
        let h = frame.height();
        f.place(Point::new(Pt::ZERO, y), frame);
        y += h;
    }
    f.size.height = y;
    f
}

/// A galley cut into its sections: each piece starts where a section (or
/// the call to action) starts, so the two languages' pieces pair by index.
pub fn split_sections(galley: Galley) -> Vec<Galley> {
    let mut out: Vec<Galley> = Vec::new();
    for b in galley.blocks {
        if b.starts_section || out.is_empty() {
            out.push(Galley::new());
        }
        if let Some(last) = out.last_mut() {
            last.blocks.push(b);
        }
    }
    out
}

/// What did not fit in a bilingual layout: the section, in both languages,
/// and how much of each language was left over from it to the end.
#[derive(Clone, Debug, PartialEq)]
pub struct Short {
    /// The section's heading in the first and in the second language.
    pub section: (Option<String>, Option<String>),
    /// How much of the first language was left over.
    pub first: Pt,
    /// How much of the second language was left over.
    pub second: Pt,
}

impl Short {
    /// The larger of the two, as the give-way rule ranks attempts.
    pub fn overflow(&self) -> crate::layout::Overflow {
        crate::layout::Overflow {
            height: self.first.max(self.second),
            source: self
                .section
                .0
                .as_deref()
                .or(self.section.1.as_deref())
                .map(std::rc::Rc::from),
        }
    }

    /// Something that is not a section: the room for the rest of the
    /// page, in both languages at once.
    pub fn whole(height: Pt) -> Short {
        Short {
            section: (None, None),
            first: height,
            second: height,
        }
    }

    /// Each language's excess: "Welsh 23 mm too long, English fits".
    pub fn amounts(&self, pair: &Pair) -> String {
        let too_long = |ctx: &Context, h: Pt| {
            let name = Pair::name(ctx);
            if h > Pt::ZERO {
                format!("{name} {:.0} mm too long", h.to_mm().max(0.5))
            } else {
                format!("{name} fits")
            }
        };
        format!(
            "{}, {}",
            too_long(pair.first, self.first),
            too_long(pair.second, self.second)
        )
    }

    /// The error: the section in both languages, and each language's
    /// excess ("Welsh 23 mm too long, English 11 mm too long").
    pub fn error(&self, pair: &Pair, format: Format) -> FormatError {
        let section = match &self.section {
            (Some(a), Some(b)) if a != b => format!("the section \"{a}\" (\"{b}\")"),
            (Some(a), _) | (None, Some(a)) => format!("the section \"{a}\""),
            (None, None) => "its content".to_string(),
        };
        let section = format!("{section}: {}", self.amounts(pair));
        pair.first
            .does_not_fit(format, &section, self.first.max(self.second))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tete_beche_booklet_is_not_made_of_two_right_to_left_languages() {
        assert_eq!(Format::Booklet.unmade_bilingual_pair(false, false), None);
        assert_eq!(Format::Booklet.unmade_bilingual_pair(true, false), None);
        assert_eq!(Format::Booklet.unmade_bilingual_pair(false, true), None);
        assert!(matches!(
            Format::Booklet.unmade_bilingual_pair(true, true),
            Some(FormatError::NotBilingualPair { .. })
        ));
        for (a, b) in [(true, false), (false, true), (true, true)] {
            // The handout and poster set each language's side themselves.
            assert_eq!(Format::Handout.unmade_bilingual_pair(a, b), None);
            assert_eq!(Format::Poster.unmade_bilingual_pair(a, b), None);
        }
        assert!(Format::Leaflet
            .unmade_bilingual_pair(false, false)
            .is_some());
    }

    #[test]
    fn sections_split_where_each_starts() {
        use crate::layout::Frame;
        let mut g = Galley::new();
        g.section("one");
        g.push_frame(Frame::default(), Pt::ZERO);
        g.push_frame(Frame::default(), Pt::ZERO);
        g.section("two");
        g.push_frame(Frame::default(), Pt::ZERO);
        let pieces = split_sections(g);
        assert_eq!(
            pieces.iter().map(|p| p.blocks.len()).collect::<Vec<_>>(),
            [2, 1]
        );
        assert_eq!(pieces[1].blocks[0].source.as_deref(), Some("two"));
    }
}
