//! What an output is: its format and its paper, and why one could not be
//! made.

use std::fmt;

use crate::english;
use crate::style::ReadingStyle;
use crate::units::{Pt, Size};

/// What kind of print an output is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// One sheet for a wall: headline, key points, helplines.
    Poster,
    /// One or two pages with every section.
    Handout,
    /// A tri-fold: one sheet, both sides, six panels.
    Leaflet,
    /// Half-size pages, imposed for folding and stapling.
    Booklet,
    /// Wallet cards, ten to a sheet, with crop marks.
    Cards,
    /// One accessible HTML page for a screen (`render::html`): no paper.
    Web,
}

impl Format {
    /// Every format, in build order: the web page after the print.
    pub const ALL: [Format; 6] = [
        Format::Poster,
        Format::Handout,
        Format::Leaflet,
        Format::Booklet,
        Format::Cards,
        Format::Web,
    ];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Format::Poster => "poster",
            Format::Handout => "handout",
            Format::Leaflet => "leaflet",
            Format::Booklet => "booklet",
            Format::Cards => "cards",
            Format::Web => "web",
        }
    }

    /// The format with this name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// True for a format read in the hand, close up (the handout, booklet,
    /// leaflet and cards), not from across a room or on a screen.
    pub fn in_hand(self) -> bool {
        matches!(
            self,
            Format::Handout | Format::Booklet | Format::Leaflet | Format::Cards
        )
    }

    /// True for a format that takes more pages rather than smaller type or
    /// fewer words (the handout, the booklet).
    pub fn can_grow(self) -> bool {
        matches!(self, Format::Handout | Format::Booklet)
    }

    /// True for a format named in the plural ("the cards have").
    pub fn is_plural(self) -> bool {
        self == Format::Cards
    }

    /// Why this format is not made on `paper` in `style`, or `None` when it
    /// is. A build skips such a combination, with a note, when it came from
    /// the defaults, and refuses it when the user named it.
    pub fn unmade(self, paper: Paper, style: ReadingStyle) -> Option<FormatError> {
        if !self.papers().contains(&paper) {
            return Some(FormatError::UnsupportedPaper {
                format: self,
                paper,
            });
        }
        match (self, style) {
            (Format::Leaflet, ReadingStyle::LargePrint) => Some(FormatError::NotMade {
                format: self,
                style,
                reason: "a tri-fold's panels are too narrow for 16 pt type; the large-print booklet is the folded edition, with every section",
            }),
            _ => None,
        }
    }

    /// Why this format does not make a bilingual edition (two languages on
    /// one output), or `None` when it does. A build skips a bilingual
    /// edition a format does not make, with a note, when the format came
    /// from the defaults, and refuses it when the user named the format;
    /// [`make`] refuses it too.
    ///
    /// This is the one place that says which formats make bilingual
    /// editions (their layouts are in [`bilingual`], the web page's in
    /// `render::html`): the poster, the handout, the tête-bêche booklet and
    /// the web page. The others are refused, naming the formats that do.
    pub fn unmade_bilingual(self) -> Option<FormatError> {
        match self {
            Format::Handout | Format::Poster | Format::Booklet | Format::Web => None,
            _ => Some(FormatError::NotBilingual { format: self }),
        }
    }

    /// Why this format does not make a bilingual edition of a first
    /// language and a second, each left to right or not (`*_rtl`), or
    /// `None` when it does: [`Format::unmade_bilingual`], and the
    /// tête-bêche booklet not (yet) of two right-to-left languages.
    pub fn unmade_bilingual_pair(self, first_rtl: bool, second_rtl: bool) -> Option<FormatError> {
        self.unmade_bilingual().or_else(|| {
            (self == Format::Booklet && first_rtl && second_rtl).then_some(
                FormatError::NotBilingualPair {
                    format: self,
                    reason: "two right-to-left languages would need both halves bound on the right, a layout not made yet",
                },
            )
        })
    }

    /// The papers this format is made on. The web page has no paper, so
    /// no paper rules it out: it is made once, whatever `-p` names.
    pub fn papers(self) -> &'static [Paper] {
        match self {
            Format::Web => &Paper::ALL,
            Format::Poster => &[
                Paper::A4,
                Paper::A3,
                Paper::A2,
                Paper::Letter,
                Paper::Tabloid,
            ],
            Format::Handout | Format::Leaflet | Format::Booklet | Format::Cards => {
                &[Paper::A4, Paper::Letter]
            }
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A paper size.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    A4,
    /// ISO A3, 297 x 420 mm.
    A3,
    /// ISO A2, 420 x 594 mm.
    A2,
    /// US Letter, 8.5 x 11 in.
    Letter,
    /// US Tabloid, 11 x 17 in.
    Tabloid,
}

impl Paper {
    /// Every paper.
    pub const ALL: [Paper; 5] = [
        Paper::A4,
        Paper::A3,
        Paper::A2,
        Paper::Letter,
        Paper::Tabloid,
    ];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
            Paper::A2 => "a2",
            Paper::Letter => "letter",
            Paper::Tabloid => "tabloid",
        }
    }

    /// The paper with this name.
    pub fn from_name(name: &str) -> Option<Paper> {
        Paper::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The larger papers of the same family, smallest first: where a poster
    /// that does not fit might.
    pub fn larger(self) -> Vec<Paper> {
        match self {
            Paper::A4 => vec![Paper::A3, Paper::A2],
            Paper::A3 => vec![Paper::A2],
            Paper::Letter => vec![Paper::Tabloid],
            Paper::A2 | Paper::Tabloid => Vec::new(),
        }
    }

    /// Portrait size.
    pub fn size(self) -> Size {
        let (w, h) = match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
            Paper::A2 => (420.0, 594.0),
            Paper::Letter => (215.9, 279.4),
            Paper::Tabloid => (279.4, 431.8),
        };
        Size::new(Pt::mm(w), Pt::mm(h))
    }

    /// The default paper for a locale: letter in the US and Canada.
    pub fn for_locale(locale: &str) -> Paper {
        let region = locale
            .rsplit(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        if matches!(region.as_str(), "US" | "CA") {
            Paper::Letter
        } else {
            Paper::A4
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a format could not be laid out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormatError {
    /// Content is left over even at the smallest type the style allows, with
    /// every give-way step taken (see [`fit`]).
    #[error(
        "the {}{format} on {paper} for the audience `{audience}` {} no room for {section}: \
         {overflow_mm:.0} mm short, even at the smallest type the {style} style allows",
        style_prefix(*.style),
        crate::english::agree(format.is_plural(), "has", "have")
    )]
    DoesNotFit {
        /// The audience id.
        audience: String,
        /// The format.
        format: Format,
        /// The paper.
        paper: Paper,
        /// The reading style.
        style: ReadingStyle,
        /// What did not fit: "the section \"Keeping evidence\"".
        section: String,
        /// How much did not fit, in millimetres of height.
        overflow_mm: f32,
        /// What took the room, when it is not the pack's own text: "the
        /// school's 3 contacts and logo".
        cause: Option<String>,
        /// A larger paper of the same family on which the same content
        /// fits, if there is one (laid out on it: it does fit).
        fits_on: Option<Paper>,
        /// True when the booklet of the same job fits (laid out: a handout
        /// or leaflet that does not fit names it only then).
        booklet_fits: bool,
        /// The contacts to leave off the cards (`cards = false`) for the
        /// cards to fit, where leaving some off was tried and fits.
        cards_without: Vec<String>,
        /// True for a bilingual edition: each language on its own has the
        /// room the pair has not.
        bilingual: bool,
    },
    /// The format is not made on that paper.
    #[error(
        "the {format} {} not made on {paper}; {} on {}",
        crate::english::agree(format.is_plural(), "is", "are"),
        crate::english::agree(format.is_plural(), "it comes", "they come"),
        papers(*.format)
    )]
    UnsupportedPaper {
        /// The format.
        format: Format,
        /// The paper asked for.
        paper: Paper,
    },
    /// The format is not made in that reading style, by design.
    #[error(
        "the {format} {} not made in the {style} style: {reason}",
        crate::english::agree(format.is_plural(), "is", "are")
    )]
    NotMade {
        /// The format.
        format: Format,
        /// The reading style.
        style: ReadingStyle,
        /// Why, and what to use instead.
        reason: &'static str,
    },
    /// The format does not make a bilingual edition (see
    /// [`Format::unmade_bilingual`]).
    #[error(
        "the {format} {} not made as a bilingual edition: {}",
        crate::english::agree(format.is_plural(), "is", "are"),
        bilingual_formats_note()
    )]
    NotBilingual {
        /// The format.
        format: Format,
    },
    /// The format makes bilingual editions, but not of this pair: a
    /// tête-bêche booklet with a right-to-left language (see
    /// [`Format::unmade_bilingual_pair`]).
    #[error(
        "the {format} is not made as a bilingual edition with a right-to-left language yet: {reason}"
    )]
    NotBilingualPair {
        /// The format.
        format: Format,
        /// Why.
        reason: &'static str,
    },
}

/// The formats that make bilingual editions, in words, for messages.
pub fn bilingual_formats() -> Vec<Format> {
    Format::ALL
        .into_iter()
        .filter(|f| f.unmade_bilingual().is_none())
        .collect()
}

fn bilingual_formats_note() -> String {
    let made: Vec<&str> = bilingual_formats().iter().map(|f| f.name()).collect();
    match made.as_slice() {
        [] => "no format makes bilingual editions yet".to_string(),
        [one] => format!("only the {one} does"),
        _ => format!("the formats that do are the {}", english::join_and(&made)),
    }
}

impl FormatError {
    /// What the user can do about it: only remedies that would work.
    pub fn help(&self) -> String {
        match self {
            FormatError::DoesNotFit {
                format,
                cause,
                fits_on,
                booklet_fits,
                cards_without,
                bilingual,
                ..
            } => {
                let took = cause
                    .as_ref()
                    .map(|c| format!("{c} take the room; "))
                    .unwrap_or_default();
                let remedy = match (fits_on, format) {
                    (Some(paper), _) => {
                        format!("the same content fits on {paper}: build it with `-p {paper}`")
                    }
                    // Two languages take twice the room: each fits alone.
                    (None, _) if *bilingual => {
                        "shorten the text, or build each language on its own with -l (for example `-l cy -l en`)".to_string()
                    }
                    // A handout and a leaflet cannot grow further; the
                    // booklet can, where it was tried and fits.
                    (None, Format::Handout | Format::Leaflet) if *booklet_fits => {
                        "shorten the text, or make the booklet (`-f booklet`), which holds it".to_string()
                    }
                    (None, Format::Cards) if !cards_without.is_empty() => {
                        format!(
                            "put fewer contacts on the cards: `cards = false` on {} in the site file (the cards then fit)",
                            english::join_and(
                                &cards_without.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>()
                            )
                        )
                    }
                    (None, _) if cause.is_some() => {
                        "shorten the pack's text, or give the site fewer contacts".to_string()
                    }
                    (None, _) => {
                        "shorten the text; the type is already as small as the style allows".to_string()
                    }
                };
                format!("{took}{remedy}")
            }
            FormatError::UnsupportedPaper { format, .. } => {
                format!("choose one of: {}", papers(*format))
            }
            FormatError::NotMade { .. } => {
                "leave the format out, or choose another style".to_string()
            }
            FormatError::NotBilingualPair { .. } => {
                "make the bilingual handout, poster or web page instead, or build each language on its own with -l".to_string()
            }
            FormatError::NotBilingual { .. } => {
                let made: Vec<&str> = bilingual_formats().iter().map(|f| f.name()).collect();
                if made.is_empty() {
                    "build each language on its own with -l instead (for example `-l cy -l en`)"
                        .to_string()
                } else {
                    format!(
                        "choose one of: {}; or build each language on its own with -l",
                        made.join(", ")
                    )
                }
            }
        }
    }
}

fn style_prefix(style: ReadingStyle) -> String {
    match style {
        ReadingStyle::Standard => String::new(),
        s => format!("{} ", s.name()),
    }
}

fn papers(f: Format) -> String {
    f.papers()
        .iter()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Margin kept clear of text on office papers: printers cannot print to the edge.
pub const SAFE_MARGIN_MM: f32 = 10.0;
