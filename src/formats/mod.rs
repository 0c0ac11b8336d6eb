//! Formats decide what goes where: one file per format, each turning a pack's
//! audience into a [`Document`] for one paper and reading style.

pub mod booklet;
pub mod cards;
pub mod fit;
pub mod handout;
pub mod languages;
pub mod leaflet;
pub mod marks;
pub mod parts;
pub mod poster;

use std::fmt;
use std::sync::Arc;

use crate::colour::Colour;
use crate::english;
use crate::labels::Locale;
use crate::layout::{Document, Metadata, NodeId, Role, Structure, Tags, Typesetter};
use crate::pack::site::Site;
use crate::pack::{model, Audience, Labels, Pack};
use crate::style::{Palette, ReadingStyle, Typography};
use crate::text::FontSet;
use crate::units::{Pt, Size};
pub use languages::Languages;

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
        /// fits, if there is one.
        fits_on: Option<Paper>,
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
                    // booklet can.
                    (None, Format::Handout | Format::Leaflet) => {
                        "shorten the text, or make the booklet (`-f booklet`), which grows pages to hold it".to_string()
                    }
                    (None, Format::Cards) if cause.is_some() => {
                        "put fewer contacts on cards (`cards = false` on a contact in the site file)".to_string()
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

/// Everything a format needs to lay out one output.
pub struct Context<'a, 'f> {
    /// The pack.
    pub pack: &'a Pack,
    /// The audience.
    pub audience: &'a Audience,
    /// The paper.
    pub paper: Paper,
    /// The reading style.
    pub style: ReadingStyle,
    /// The style's type rules.
    pub typo: Typography,
    /// The colours.
    pub palette: Palette,
    /// Words the layouts print.
    pub labels: Labels,
    /// The school or club the output is made for, if any.
    pub site: Option<&'a Site>,
    /// Shapes and sets text.
    typesetter: &'a Typesetter<'f>,
    /// The families the typesetter uses, for the document to embed.
    pub fonts: Arc<FontSet>,
    /// Bleed around each page (zero for office printing).
    pub bleed: Pt,
    /// Room for crop marks outside the bleed (zero without a bleed).
    pub slug: Pt,
    /// Booklets: impose pages for printing and folding (else reading order).
    pub impose: bool,
    /// The dyslexia style on white paper, saying "Print on cream paper",
    /// instead of painting a cream tint.
    pub plain_paper: bool,
    /// The language of the structure nodes this context makes
    /// ([`Context::tag`]), where it is not the document's: the second
    /// language's tag (BCP 47) in [`Context::in_second`]'s context, `None`
    /// in the output's own.
    tag_lang: Option<String>,
    /// True when the text is set right to left (Arabic, Urdu, ...): the
    /// format is laid out as for left to right and mirrored at the end.
    pub rtl: bool,
    /// The second language of a bilingual edition: `pack`, `audience`,
    /// `labels` and `rtl` above are the first language's (the one read
    /// first), this the second's. `None` for an output in one language.
    pub second: Option<Second<'a>>,
}

/// The second language of a bilingual edition: the same audience, and the
/// pack's words, in another of the pack's languages.
#[derive(Clone, Debug)]
pub struct Second<'a> {
    /// The pack in the second language: its title, sources and helplines'
    /// words (`name`, `for`, `short`, `hours`, `cost`) are that language's;
    /// its helplines are the first language's, in the same order, with the
    /// same ids, numbers and addresses.
    pub pack: &'a Pack,
    /// The audience in the second language: the same sections (kinds),
    /// items and key points as the first's, in the same order.
    pub audience: &'a Audience,
    /// The words layouts print, in the second language.
    pub labels: Labels,
    /// The second language.
    pub locale: Locale,
    /// True when the second language is set right to left.
    pub rtl: bool,
}

impl<'a> Second<'a> {
    /// The second language of an edition: the pack and the audience in it.
    pub fn new(pack: &'a Pack, audience: &'a Audience) -> Option<Second<'a>> {
        let locale = pack.language()?.clone();
        Some(Second {
            pack,
            audience,
            labels: pack.labels(),
            rtl: locale.direction() == crate::labels::locale::Direction::RightToLeft,
            locale,
        })
    }

    /// The audience's helplines in the second language, the emergency
    /// ones apart: the first language's, in the same order, with this
    /// language's words.
    pub fn helplines(&self) -> (Vec<&'a model::Helpline>, Vec<&'a model::Helpline>) {
        self.pack
            .helplines_for(&self.audience.id)
            .partition(|h| !h.emergency)
    }
}

impl<'a, 'f> Context<'a, 'f> {
    /// A context for one output.
    pub fn new(
        pack: &'a Pack,
        audience: &'a Audience,
        paper: Paper,
        style: ReadingStyle,
        ts: &'a Typesetter<'f>,
        fonts: Arc<FontSet>,
    ) -> Context<'a, 'f> {
        let theme = crate::pack::validate::theme_colours(pack);
        let [primary, accent, ink, paper_colour] = theme;
        // The audience's place in the pack's own language: the same colour
        // in every language.
        let index = pack.position(&audience.id);
        let own = crate::style::audience_colour(primary, index, theme);
        let palette = Palette::new(own, accent, ink, style.paper(paper_colour)).with_brand(primary);
        Context {
            pack,
            audience,
            paper,
            style,
            typo: style.typography(),
            palette,
            labels: pack.labels(),
            typesetter: ts,
            fonts,
            site: None,
            bleed: Pt::ZERO,
            slug: Pt::ZERO,
            impose: true,
            plain_paper: false,
            tag_lang: None,
            rtl: pack
                .language()
                .is_some_and(|l| l.direction() == crate::labels::locale::Direction::RightToLeft),
            second: None,
        }
    }

    /// Makes the output a bilingual edition: `second` is the pack and the
    /// audience in the language read second (`None`: one language).
    pub fn with_second(mut self, second: Option<(&'a Pack, &'a Audience)>) -> Self {
        self.second = second.and_then(|(pack, audience)| Second::new(pack, audience));
        self
    }

    /// The second language of a bilingual edition as a context of its own,
    /// for the parts to lay out in it: its pack, audience, labels and
    /// direction, with everything else (paper, style, colours, site) this
    /// one's; the structure nodes it makes ([`Context::tag`]) carry the
    /// second language. `None` for an output in one language.
    pub fn in_second(&self) -> Option<Context<'a, 'f>> {
        let s = self.second.as_ref()?;
        Some(Context {
            pack: s.pack,
            audience: s.audience,
            paper: self.paper,
            style: self.style,
            typo: self.typo,
            palette: self.palette,
            labels: s.labels.clone(),
            site: self.site,
            typesetter: self.typesetter,
            fonts: Arc::clone(&self.fonts),
            bleed: self.bleed,
            slug: self.slug,
            impose: self.impose,
            plain_paper: self.plain_paper,
            tag_lang: Some(s.locale.to_string()),
            rtl: s.rtl,
            second: None,
        })
    }

    /// A frame laid out in `other`'s direction (a bilingual edition's
    /// second language), ready to place among this context's: reflected
    /// when the two run opposite ways, since a right-to-left layout is
    /// drawn pre-mirrored for the mirror it gets as a whole, and its text
    /// with it.
    pub fn placed_from(
        &self,
        other: &Context,
        frame: crate::layout::Frame,
    ) -> crate::layout::Frame {
        self.placed_from_direction(other.rtl, frame)
    }

    /// As [`Context::placed_from`], for a frame laid out right to left or
    /// not (`rtl`).
    pub fn placed_from_direction(
        &self,
        rtl: bool,
        frame: crate::layout::Frame,
    ) -> crate::layout::Frame {
        if self.rtl == rtl {
            frame
        } else {
            frame.premirrored()
        }
    }

    /// What this context sets text with: the typesetter in its language's
    /// direction and at its style's floors. Every wrapped paragraph of a
    /// style that asks for wider lines (dyslexia) gets them, and no word is
    /// smaller than the style's smallest size, whatever a layout asks for.
    pub fn ts(&self) -> crate::layout::Setter<'a, 'f> {
        self.typesetter.with(crate::layout::Setting {
            rtl: self.rtl,
            min_leading: match self.style {
                ReadingStyle::Dyslexia => self.typo.leading,
                _ => 0.0,
            },
            min_size: self.typo.small_min,
        })
    }

    /// The same output in another reading style: what large print measures
    /// itself against ("headlines and numbers no smaller than standard").
    pub fn in_style(&self, style: ReadingStyle) -> Context<'a, 'f> {
        Context::new(
            self.pack,
            self.audience,
            self.paper,
            style,
            self.typesetter,
            Arc::clone(&self.fonts),
        )
        .with_site(self.site)
        .with_bleed(self.bleed)
        .with_impose(self.impose)
        .with_plain_paper(self.plain_paper)
        .with_second(self.second.as_ref().map(|s| (s.pack, s.audience)))
    }

    /// The same output on another paper.
    pub fn on_paper(&self, paper: Paper) -> Context<'a, 'f> {
        Context {
            paper,
            ..self.in_style(self.style)
        }
        .with_palette(self.palette)
    }

    /// The same output in these colours (a site's colour kept when the site
    /// itself is taken away, to see what it takes).
    pub fn with_palette(mut self, palette: Palette) -> Self {
        self.palette = palette;
        self
    }

    /// Makes the output a site's own: its colour replaces the theme's
    /// primary, and its name and contacts appear where formats put them.
    pub fn with_site(mut self, site: Option<&'a Site>) -> Self {
        self.site = site;
        // A site's colour is the base of the audience's colour, and the
        // colour of what is the site's own.
        if let Some(colour) = site.and_then(Site::colour) {
            let p = self.palette;
            let theme = crate::pack::validate::theme_colours(self.pack);
            let index = self.pack.position(&self.audience.id);
            let own = crate::style::audience_colour(
                colour,
                index,
                [colour, theme[1], theme[2], theme[3]],
            );
            self.palette = Palette::new(own, p.accent, p.ink, p.paper).with_brand(colour);
        }
        self
    }

    /// Prints for a print shop: backgrounds extend `bleed` past the trim,
    /// and crop marks are drawn outside it.
    pub fn with_bleed(mut self, bleed: Pt) -> Self {
        self.bleed = bleed.max(Pt::ZERO);
        self.slug = if self.bleed > Pt::ZERO {
            Pt::mm(marks::SLUG_MM)
        } else {
            Pt::ZERO
        };
        self
    }

    /// Leaves a tinted style's paper white, for the reader to print on
    /// tinted paper instead (the dyslexia style's cream): the outputs then
    /// say so beside their reviewed date.
    pub fn with_plain_paper(mut self, plain: bool) -> Self {
        let tinted = self.style.paper(Colour::WHITE) != Colour::WHITE;
        self.plain_paper = plain && tinted;
        if self.plain_paper {
            let p = self.palette;
            let [_, _, _, theme_paper] = crate::pack::validate::theme_colours(self.pack);
            self.palette = Palette::new(p.primary, p.accent, p.ink, theme_paper);
        }
        self
    }

    /// Booklets in reading order, for a print shop that imposes them itself.
    pub fn with_impose(mut self, impose: bool) -> Self {
        self.impose = impose;
        self
    }

    /// A new page of this output's bleed and slug.
    pub fn page(&self, size: Size) -> crate::layout::Page {
        crate::layout::Page::new(size, self.bleed, self.slug)
    }

    /// A new structure node of `role` under `tags`' current parent, in
    /// this context's language: the second language's nodes carry their
    /// /Lang, the output's own language's none.
    pub fn tag(&self, tags: &mut Tags, role: Role) -> NodeId {
        tags.node(role, self.tag_lang.as_deref())
    }

    /// A figure with its alternative text `alt`, as [`Context::tag`].
    pub fn figure(&self, tags: &mut Tags, alt: String) -> NodeId {
        tags.figure(alt, self.tag_lang.as_deref())
    }

    /// A container node of `role`, as [`Context::tag`], and `f` run inside
    /// it (what it tags goes under the node), given the node.
    pub fn group<T>(
        &self,
        tags: &mut Tags,
        role: Role,
        f: impl FnOnce(&mut Tags, NodeId) -> T,
    ) -> T {
        tags.group(role, self.tag_lang.as_deref(), f)
    }

    /// A document of this output's metadata and fonts, with the structure
    /// its layout built.
    pub fn document(
        &self,
        format: Format,
        pages: Vec<crate::layout::Page>,
        structure: Structure,
    ) -> Document {
        let mut meta = self.metadata(format);
        meta.duplex = self.duplex(format, pages.len());
        Document {
            meta,
            fonts: self.fonts.clone(),
            pages,
            notes: Vec::new(),
            structure,
        }
    }

    /// How a format is meant to be printed, for the print dialog's first
    /// choice: a wrong flip edge prints a leaflet's inside upside down.
    fn duplex(&self, format: Format, pages: usize) -> crate::layout::Duplex {
        use crate::layout::Duplex;
        match format {
            Format::Poster => Duplex::Simplex,
            Format::Web => Duplex::Unset,
            _ if pages < 2 => Duplex::Simplex,
            // A landscape sheet folded across its width, or the booklet's
            // imposed spreads: the back is upside down unless turned over
            // the short edge.
            Format::Leaflet => Duplex::FlipShortEdge,
            Format::Booklet if self.impose => Duplex::FlipShortEdge,
            // Portrait pages turned like a book's; the card sheet's backs
            // are mirrored left to right for this.
            Format::Booklet | Format::Handout | Format::Cards => Duplex::FlipLongEdge,
        }
    }

    /// Who the output is for, in a note: "the large-print poster on a4 for
    /// parents".
    pub fn describe(&self, format: Format) -> String {
        let style = match self.style {
            ReadingStyle::Standard => String::new(),
            s => format!("{} ", s.name()),
        };
        format!(
            "the {style}{format} on {} for `{}`",
            self.paper, self.audience.id
        )
    }

    /// Who a warning is about: the output, or a part of it ("back panel").
    pub fn who(&self, format: Format, part: Option<&str>) -> fit::Who {
        let whole = self.describe(format);
        match part {
            None => fit::Who {
                name: whole,
                plural: format.is_plural(),
            },
            Some(part) => fit::Who {
                name: format!("the {part} of {whole}"),
                plural: false,
            },
        }
    }

    /// The error for content left over at the smallest size.
    pub fn does_not_fit(&self, format: Format, section: &str, overflow: Pt) -> FormatError {
        FormatError::DoesNotFit {
            audience: self.audience.id.clone(),
            format,
            paper: self.paper,
            style: self.style,
            section: section.to_string(),
            overflow_mm: overflow.to_mm().max(0.5),
            cause: None,
            fits_on: None,
            bilingual: self.second.is_some(),
        }
    }

    /// Document metadata for a format.
    pub fn metadata(&self, format: Format) -> Metadata {
        let a = &self.audience.spec.audience;
        let p = &self.pack.spec.pack;
        Metadata {
            title: format!(
                "{}: {}",
                p.title.get_ref().trim(),
                a.headline.get_ref().trim()
            ),
            author: match self.site {
                Some(site) => site.name().to_string(),
                None => model::given(&p.publisher)
                    .unwrap_or("packpress")
                    .to_string(),
            },
            subject: format!(
                "{} {}{} ({})",
                capitalise(format.name()),
                lower_first(&self.labels.for_audience(a.name.get_ref().trim())),
                self.site
                    .map(|s| format!(" at {}", s.name()))
                    .unwrap_or_default(),
                self.style.name()
            ),
            keywords: vec![
                p.id.get_ref().clone(),
                self.audience.id.clone(),
                format.name().to_string(),
            ],
            // The canonical tag ("en-GB"), however the pack wrote it.
            language: self
                .pack
                .language()
                .map_or_else(|| self.pack.locale().to_string(), |l| l.to_string()),
            date: self.pack.reviewed().unwrap_or(crate::pack::Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            duplex: crate::layout::Duplex::Unset,
        }
    }

    /// The audience's headline, in this context's language.
    pub fn headline(&self) -> &'a str {
        self.audience.spec.audience.headline.get_ref().trim()
    }

    /// The audience's key points, in this context's language.
    pub fn key_points(&self) -> Vec<&'a str> {
        self.audience
            .spec
            .audience
            .key_points
            .get_ref()
            .iter()
            .map(|t| t.get_ref().trim())
            .collect()
    }

    /// The audience's call to action, where the pack gives one.
    pub fn call_to_action(&self) -> Option<&'a str> {
        model::given(&self.audience.spec.audience.call_to_action)
    }

    /// The helpline whose number leads on a wallet card's front: the
    /// audience's `main_helpline`, else its first helpline with a phone
    /// number, else its first helpline.
    pub fn main_helpline(&self) -> Option<&'a model::Helpline> {
        let (others, _) = self.helplines();
        let named = model::given(&self.audience.spec.audience.main_helpline);
        named
            .and_then(|id| others.iter().find(|h| h.id.get_ref().trim() == id))
            .or_else(|| others.iter().find(|h| h.phone().is_some()))
            .or(others.first())
            .copied()
    }

    /// The audience's helplines, the emergency ones apart.
    pub fn helplines(&self) -> (Vec<&'a model::Helpline>, Vec<&'a model::Helpline>) {
        self.pack
            .helplines_for(&self.audience.id)
            .partition(|h| !h.emergency)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "For parents" -> "for parents".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Lays out one output.
///
/// When it does not fit, the error says what took the room (a site's
/// contacts and logo, when the output fits without them) and names a larger
/// paper on which the same content fits, if there is one.
pub fn make(ctx: &Context, format: Format) -> Result<Document, FormatError> {
    if let Some(e) = format.unmade(ctx.paper, ctx.style) {
        return Err(e);
    }
    if ctx.second.is_some() {
        if let Some(e) = format.unmade_bilingual() {
            return Err(e);
        }
    }
    let mut doc = lay_out(ctx, format).map_err(|e| explain(ctx, format, e))?;
    // A right-to-left language reads its layouts as their mirror image:
    // columns, panels, markers, bars, the tri-fold's opening and the
    // booklet's binding all change sides; text and pictures do not. A
    // bilingual edition sets each language's side itself (the other
    // language may read left to right).
    if ctx.rtl {
        for page in &mut doc.pages {
            page.mirror();
        }
    }
    Ok(doc)
}

/// Lays out one output: each format's `make` owns the structure it
/// builds, so every layout starts with a tree of its own.
fn lay_out(ctx: &Context, format: Format) -> Result<Document, FormatError> {
    match format {
        Format::Poster => poster::make(ctx),
        Format::Handout => handout::make(ctx),
        Format::Leaflet => leaflet::make(ctx),
        Format::Booklet => booklet::make(ctx),
        Format::Cards => cards::make(ctx),
        // Not laid out on pages: render::html makes the page from the pack.
        Format::Web => Ok(ctx.document(Format::Web, Vec::new(), Structure::new())),
    }
}

/// Adds to a "does not fit" error what took the room and where it would fit.
fn explain(ctx: &Context, format: Format, mut e: FormatError) -> FormatError {
    let FormatError::DoesNotFit {
        paper,
        cause,
        fits_on,
        ..
    } = &mut e
    else {
        return e;
    };
    *cause = ctx.site.and_then(|site| {
        let without = ctx
            .in_style(ctx.style)
            .with_site(None)
            .with_palette(ctx.palette);
        lay_out(&without, format).ok()?;
        let n = site.spec.contacts.len();
        let mut what = Vec::new();
        if n > 0 {
            what.push(english::count(n, "contact"));
        }
        if site.logo.is_some() {
            what.push("logo".to_string());
        }
        Some(format!("{}'s {}", site.name(), english::join_and(&what)))
    });
    *fits_on = paper
        .larger()
        .into_iter()
        .filter(|p| format.papers().contains(p))
        .find(|&p| lay_out(&ctx.on_paper(p), format).is_ok());
    e
}
