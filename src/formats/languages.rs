//! The languages of one output: one, or two side by side (a bilingual
//! edition, issue 16). Every format that makes bilingual editions (the
//! poster, the handout and the booklet) is one layout over a
//! [`Languages`]: the single-language output is its one-column case.
//!
//! A layout is made in its first language's terms: as for left to right,
//! the first language in the first column; [`super::make`] mirrors the
//! pages when the first language reads right to left, so its column ends
//! up on the right, where its reader starts. A frame set in a language of
//! the other direction is placed with [`Languages::place`] (reflected
//! within itself), so the mirror, or its absence, puts it right.
//!
//! Both languages are set at the same sizes; the longer sets the size.
//! What is given up when the pair does not fit follows the one rule in
//! [`super::fit`]; past that, the error names the section and how much
//! too long each language is ([`Short`]). Tagged reading order: all of
//! the first language, the shared help, then all of the second, whose
//! every element carries its /Lang (see [`Context::tag`]).

use crate::layout::flow::Galley;
use crate::layout::{Frame, NodeId, Role, Tags, TextStyle};
use crate::text::Weight;
use crate::units::{Point, Pt, Size};

use super::{Context, Format, FormatError};

/// The languages of one output, in the order they are read.
pub struct Languages<'c, 'a, 'f> {
    first: &'c Context<'a, 'f>,
    second: Option<Context<'a, 'f>>,
}

impl<'c, 'a, 'f> Languages<'c, 'a, 'f> {
    /// The output's languages: the context's own, and its second
    /// language's when it is a bilingual edition.
    pub fn of(ctx: &'c Context<'a, 'f>) -> Languages<'c, 'a, 'f> {
        Languages {
            first: ctx,
            second: ctx.in_second(),
        }
    }

    /// How many: one or two.
    pub fn count(&self) -> usize {
        1 + usize::from(self.second.is_some())
    }

    /// True for a bilingual edition.
    pub fn is_pair(&self) -> bool {
        self.second.is_some()
    }

    /// The language read first: the output's own context.
    pub fn first(&self) -> &Context<'a, 'f> {
        self.first
    }

    /// The language read second, in a bilingual edition.
    pub fn second(&self) -> Option<&Context<'a, 'f>> {
        self.second.as_ref()
    }

    /// Each language, first then second.
    pub fn iter(&self) -> impl Iterator<Item = &Context<'a, 'f>> {
        std::iter::once(self.first).chain(self.second.as_ref())
    }

    /// Language `i` (0 the first); the first for any other `i`.
    pub fn get(&self, i: usize) -> &Context<'a, 'f> {
        match (i, &self.second) {
            (1, Some(s)) => s,
            _ => self.first,
        }
    }

    /// A frame set in language `i`, ready to place among the first
    /// language's frames (see the module's doc).
    pub fn place(&self, i: usize, frame: Frame) -> Frame {
        self.first.placed_from(self.get(i), frame)
    }

    /// Where language `i`'s column is, in `width` from `x` with `gutter`
    /// between the columns: its left edge and its width. The first
    /// language's column comes first (the mirror moves it to the right for
    /// a right-to-left first language).
    pub fn column(&self, i: usize, x: Pt, width: Pt, gutter: Pt) -> (Pt, Pt) {
        let n = self.count() as f32;
        let w = (width - gutter * (n - 1.0)) / n;
        (x + (w + gutter) * i as f32, w)
    }

    /// The structure's part for each language, made now so that the
    /// reading order is all of the first, the shared help, then all of
    /// the second, whatever order they are laid out in: `[first, help,
    /// second]`. With one language there are no parts: each is the
    /// current parent of `tags`, and the reading order is the order laid
    /// out in.
    pub fn parts(&self, tags: &mut Tags) -> [NodeId; 3] {
        match &self.second {
            Some(second) => {
                let first = self.first.tag(tags, Role::Sect);
                let help = self.first.tag(tags, Role::Sect);
                [first, help, second.tag(tags, Role::Sect)]
            }
            None => [tags.current(); 3],
        }
    }

    /// Language `i`'s part of `parts` (see [`Languages::parts`]).
    pub fn part(parts: [NodeId; 3], i: usize) -> NodeId {
        if i == 0 {
            parts[0]
        } else {
            parts[2]
        }
    }

    /// A language's name in messages: "Welsh", "English".
    pub fn name(ctx: &Context) -> String {
        ctx.pack.language.name()
    }

    /// One label in every language, one under the other, each its own
    /// element of `role` in its language: "Ble i gael help" over "Where to
    /// get help". `width` wide; tagged in `tags`.
    pub fn label(
        &self,
        tags: &mut Tags,
        label: impl Fn(&crate::labels::Labels) -> &str,
        role: Role,
        weight: Weight,
        style: &TextStyle,
        width: Pt,
    ) -> Frame {
        let mut f = Frame::new(Size::new(width, Pt::ZERO));
        let mut y = Pt::ZERO;
        for (i, ctx) in self.iter().enumerate() {
            let block = ctx
                .ts()
                .text(label(ctx.labels).trim(), weight, style, width);
            let frame = self.place(i, block.into_frame().tagged(ctx.tag(tags, role)));
            let h = frame.height();
            f.place(Point::new(Pt::ZERO, y), frame);
            y += h;
        }
        f.size.height = y;
        f
    }
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
    pub fn amounts(&self, langs: &Languages) -> String {
        let too_long = |ctx: &Context, h: Pt| {
            let name = Languages::name(ctx);
            if h > Pt::ZERO {
                format!("{name} {:.0} mm too long", h.to_mm().max(0.5))
            } else {
                format!("{name} fits")
            }
        };
        match langs.second() {
            Some(second) => format!(
                "{}, {}",
                too_long(langs.first(), self.first),
                too_long(second, self.second)
            ),
            None => too_long(langs.first(), self.first),
        }
    }

    /// The error: the section (in both languages of a pair, with each
    /// language's excess: "Welsh 23 mm too long, English 11 mm too long").
    pub fn error(&self, langs: &Languages, format: Format) -> FormatError {
        let section = match &self.section {
            (Some(a), Some(b)) if a != b => format!("the section \"{a}\" (\"{b}\")"),
            (Some(a), _) | (None, Some(a)) => super::parts::part_name(a),
            (None, None) => "its content".to_string(),
        };
        let section = if langs.is_pair() {
            format!("{section}: {}", self.amounts(langs))
        } else {
            section
        };
        langs
            .first()
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
