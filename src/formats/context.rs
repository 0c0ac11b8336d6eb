//! What a layout knows of the output it makes: the pack and audience in
//! its language, the paper, the reading style and its colours, the site,
//! print settings, and the typesetter set for all of these.

use std::sync::Arc;

use crate::colour::Colour;
use crate::labels::Labels;
use crate::layout::{Document, Metadata, NodeId, Role, Structure, Tags, Typesetter};
use crate::model::{Audience, Helpline, Pack, Site};
use crate::style::{Floors, Palette, ReadingStyle, Typography};
use crate::text::FontSet;
use crate::units::{Pt, Size};

use super::{fit, marks, Format, FormatError, Paper};

/// The dyslexia style's extra space between words, in ems: as the web
/// page's `word-spacing: 0.12em`.
const DYSLEXIA_WORD_SPACE: f32 = 0.12;

/// Everything a format needs to lay out one output.
#[derive(Clone)]
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
    /// The least size of each role of text (see [`Floors::for_style`]):
    /// none in the standard style; in the others, measured from the
    /// standard layout of the same job.
    pub floors: Floors,
    /// The colours.
    pub palette: Palette,
    /// Words the layouts print, in this context's language.
    pub labels: &'a Labels,
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
#[derive(Copy, Clone, Debug)]
pub struct Second<'a> {
    /// The pack in the second language: its title, sources, labels and
    /// helplines' words (`name`, `for`, `short`, `hours`, `cost`) are that
    /// language's; its helplines are the first language's, in the same
    /// order, with the same ids, numbers and addresses.
    pub pack: &'a Pack,
    /// The audience in the second language: the same sections (kinds),
    /// items and key points as the first's, in the same order.
    pub audience: &'a Audience,
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
        let t = &pack.theme;
        let theme = [t.primary, t.accent, t.ink, t.paper];
        let [primary, accent, ink, paper_colour] = theme;
        // The audience's place in the pack's own language: the same colour
        // in every language.
        let own = crate::style::audience_colour(primary, audience.place, theme);
        let palette = Palette::new(own, accent, ink, style.paper(paper_colour)).with_brand(primary);
        Context {
            pack,
            audience,
            paper,
            style,
            typo: style.typography(),
            floors: Floors::none(),
            palette,
            labels: &pack.labels,
            typesetter: ts,
            fonts,
            site: None,
            bleed: Pt::ZERO,
            slug: Pt::ZERO,
            impose: true,
            plain_paper: false,
            tag_lang: None,
            rtl: pack.language.rtl,
            second: None,
        }
    }

    /// Makes the output a bilingual edition: `second` is the pack and the
    /// audience in the language read second (`None`: one language).
    pub fn with_second(mut self, second: Option<(&'a Pack, &'a Audience)>) -> Self {
        self.second = second.map(|(pack, audience)| Second { pack, audience });
        self
    }

    /// The second language of a bilingual edition as a context of its own,
    /// for the parts to lay out in it: its pack, audience, labels and
    /// direction, with everything else (paper, style, colours, site) this
    /// one's; the structure nodes it makes ([`Context::tag`]) carry the
    /// second language. `None` for an output in one language.
    pub fn in_second(&self) -> Option<Context<'a, 'f>> {
        let s = self.second?;
        Some(Context {
            pack: s.pack,
            audience: s.audience,
            paper: self.paper,
            style: self.style,
            typo: self.typo,
            floors: self.floors.clone(),
            palette: self.palette,
            labels: &s.pack.labels,
            site: self.site,
            typesetter: self.typesetter,
            fonts: Arc::clone(&self.fonts),
            bleed: self.bleed,
            slug: self.slug,
            impose: self.impose,
            plain_paper: self.plain_paper,
            tag_lang: Some(s.pack.language.locale.to_string()),
            rtl: s.pack.language.rtl,
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
    pub fn ts(&self) -> crate::layout::Setter<'_, 'f> {
        self.typesetter.with(
            crate::layout::Setting {
                rtl: self.rtl,
                min_leading: match self.style {
                    ReadingStyle::Dyslexia => self.typo.leading,
                    _ => 0.0,
                },
                min_size: self.typo.small_min,
                // BDA: a little more space between words; letters are
                // not tracked (extracted text breaks words apart where
                // glyphs are spaced: copy, search and read-aloud).
                word_space: match self.style {
                    ReadingStyle::Dyslexia => DYSLEXIA_WORD_SPACE,
                    _ => 0.0,
                },
            },
            &self.floors,
        )
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
        .with_second(self.second.map(|s| (s.pack, s.audience)))
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
        // One school, one colour: its own (or, without one, the pack's)
        // takes the primary's place on every audience, unturned. The
        // audiences' turns round the colour wheel tell the pack's own
        // posters apart; a school's are told apart by their headlines.
        if let Some(site) = site {
            let p = self.palette;
            let colour = site.colour.unwrap_or(self.pack.theme.primary);
            self.palette = Palette::new(colour, p.accent, p.ink, p.paper).with_brand(colour);
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
            self.palette = Palette::new(p.primary, p.accent, p.ink, self.pack.theme.paper);
        }
        self
    }

    /// The same output with each role of text at no less than `floors`.
    pub fn with_floors(mut self, floors: Floors) -> Self {
        self.floors = floors;
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
            remarks: Vec::new(),
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
            booklet_fits: false,
            cards_without: Vec::new(),
            bilingual: self.second.is_some(),
        }
    }

    /// Document metadata for a format.
    pub fn metadata(&self, format: Format) -> Metadata {
        let (a, p) = (self.audience, self.pack);
        Metadata {
            title: format!("{}: {}", p.title, a.headline),
            author: match self.site {
                Some(site) => site.name.clone(),
                None => p.publisher.as_deref().unwrap_or("packpress").to_string(),
            },
            subject: format!(
                "{} {}{} ({})",
                capitalise(format.name()),
                lower_first(&self.labels.for_audience(&a.name)),
                self.site
                    .map(|s| format!(" at {}", s.name))
                    .unwrap_or_default(),
                self.style.name()
            ),
            keywords: vec![p.id.clone(), a.id.clone(), format.name().to_string()],
            // The canonical tag ("en-GB"), however the pack wrote it.
            language: p.language.locale.to_string(),
            date: p.reviewed,
            duplex: crate::layout::Duplex::Unset,
        }
    }

    /// The audience's headline, in this context's language.
    pub fn headline(&self) -> &'a str {
        &self.audience.headline
    }

    /// The audience's key points, in this context's language.
    pub fn key_points(&self) -> Vec<&'a str> {
        self.audience
            .key_points
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// The audience's call to action, where the pack gives one.
    pub fn call_to_action(&self) -> Option<&'a str> {
        self.audience.call_to_action.as_deref()
    }

    /// The helpline whose number leads on a wallet card's front: the
    /// audience's `main_helpline`, else its first helpline with a phone
    /// number, else its first helpline.
    pub fn main_helpline(&self) -> Option<&'a Helpline> {
        let (others, _) = self.helplines();
        let named = self.audience.main_helpline.as_deref();
        named
            .and_then(|id| others.iter().find(|h| h.id == id))
            .or_else(|| others.iter().find(|h| h.phone.is_some()))
            .or(others.first())
            .copied()
    }

    /// The audience's helplines, the emergency ones apart.
    pub fn helplines(&self) -> (Vec<&'a Helpline>, Vec<&'a Helpline>) {
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
