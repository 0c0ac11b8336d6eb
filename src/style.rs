//! Reading styles and colour palettes: the rules every format follows for
//! type size, line spacing and contrast.

use crate::colour::Colour;
use crate::units::Pt;

/// Who the print is for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReadingStyle {
    /// Everyone: RNIB clear print, body at least 12 pt on A4.
    Standard,
    /// Low vision (UKAAF): body and everything else at least 16 pt.
    LargePrint,
    /// Dyslexic readers (British Dyslexia Association): 1.5 line spacing,
    /// cream paper, bold as the only emphasis.
    Dyslexia,
}

impl ReadingStyle {
    /// Every style, in the order `list` prints them.
    pub const ALL: [ReadingStyle; 3] = [
        ReadingStyle::Standard,
        ReadingStyle::LargePrint,
        ReadingStyle::Dyslexia,
    ];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            ReadingStyle::Standard => "standard",
            ReadingStyle::LargePrint => "large-print",
            ReadingStyle::Dyslexia => "dyslexia",
        }
    }

    /// The style with this name.
    pub fn from_name(name: &str) -> Option<ReadingStyle> {
        ReadingStyle::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Type rules for this style.
    pub fn typography(self) -> Typography {
        match self {
            ReadingStyle::Standard => Typography {
                body_min: Pt(12.0),
                small_min: Pt(8.5),
                leading: 1.35,
            },
            // UKAAF: body 16 pt or more, and nothing under 16 pt.
            ReadingStyle::LargePrint => Typography {
                body_min: Pt(16.0),
                small_min: Pt(16.0),
                leading: 1.4,
            },
            // BDA: 12 pt or more everywhere, running text 1.5 apart.
            ReadingStyle::Dyslexia => Typography {
                body_min: Pt(12.0),
                small_min: Pt(12.0),
                leading: 1.5,
            },
        }
    }

    /// The paper colour this style asks for, replacing the theme's white.
    pub fn paper(self, theme_paper: Colour) -> Colour {
        match self {
            // A cream tint cuts the glare that blurs text for many dyslexic readers.
            ReadingStyle::Dyslexia if theme_paper == Colour::WHITE => Colour::rgb(0xFD, 0xF6, 0xE3),
            _ => theme_paper,
        }
    }
}

impl std::fmt::Display for ReadingStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a piece of text is. A reading style's size rules are per role:
/// large print sets every role at no less than the standard layout of the
/// same job does, and its running text larger still ([`Floors`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRole {
    /// The headline.
    Headline,
    /// The line under the headline.
    Strapline,
    /// Who the output is for ("For parents and carers"); the site's name.
    Tag,
    /// Section headings, and the help's headings.
    Heading,
    /// The key points.
    KeyPoint,
    /// A section's paragraphs.
    Body,
    /// Bullets and numbered steps.
    ListItem,
    /// The call to action.
    CallToAction,
    /// A helpline's or a contact's name.
    Name,
    /// What a helpline is for (`for`, `short`), its hours, cost and other
    /// ways to reach it; a contact's role, email and note.
    Detail,
    /// Phone numbers, and the addresses that stand in their place.
    Number,
    /// A wall poster's main number.
    MainNumber,
    /// The emergency line's number.
    Emergency,
    /// The emergency line's words ("In an emergency, call").
    EmergencyLabel,
    /// The sources.
    Sources,
    /// Page furniture: the reviewed date, page numbers, the QR code's
    /// label, a notes page's heading, a cover's pack title.
    Furniture,
    /// The digits in a numbered circle.
    Marker,
}

impl TypeRole {
    /// Every role.
    pub const ALL: [TypeRole; 17] = [
        TypeRole::Headline,
        TypeRole::Strapline,
        TypeRole::Tag,
        TypeRole::Heading,
        TypeRole::KeyPoint,
        TypeRole::Body,
        TypeRole::ListItem,
        TypeRole::CallToAction,
        TypeRole::Name,
        TypeRole::Detail,
        TypeRole::Number,
        TypeRole::MainNumber,
        TypeRole::Emergency,
        TypeRole::EmergencyLabel,
        TypeRole::Sources,
        TypeRole::Furniture,
        TypeRole::Marker,
    ];

    /// True for running text: what a reader reads line after line (the
    /// key points, a section's paragraphs and lists, a helpline's or
    /// contact's details, the sources). The styles' least sizes (16 pt in
    /// large print, 12 pt for dyslexia) are for running text.
    pub fn is_running(self) -> bool {
        matches!(
            self,
            TypeRole::KeyPoint
                | TypeRole::Body
                | TypeRole::ListItem
                | TypeRole::Detail
                | TypeRole::Sources
        )
    }

    /// The role's place in a [`Floors`] table.
    fn index(self) -> usize {
        self as usize
    }

    /// Its name in messages and notes: "key points".
    pub fn name(self) -> &'static str {
        match self {
            TypeRole::Headline => "headline",
            TypeRole::Strapline => "strapline",
            TypeRole::Tag => "audience tag",
            TypeRole::Heading => "headings",
            TypeRole::KeyPoint => "key points",
            TypeRole::Body => "body text",
            TypeRole::ListItem => "list items",
            TypeRole::CallToAction => "call to action",
            TypeRole::Name => "helpline and contact names",
            TypeRole::Detail => "helpline and contact details",
            TypeRole::Number => "phone numbers",
            TypeRole::MainNumber => "the main number",
            TypeRole::Emergency => "the emergency number",
            TypeRole::EmergencyLabel => "the emergency line's words",
            TypeRole::Sources => "sources",
            TypeRole::Furniture => "page furniture",
            TypeRole::Marker => "list numbers",
        }
    }
}

/// The size each role of text is set at, at least, and each paragraph
/// (by its role and the key of its words, [`crate::text::lines::text_key`]):
/// what a reading style holds a layout to. A role or paragraph with no
/// floor of its own is held to nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Floors {
    roles: [Pt; 17],
    texts: std::sync::Arc<rustc_hash::FxHashMap<(TypeRole, u64), Pt>>,
}

impl Floors {
    /// No floors.
    pub fn none() -> Floors {
        Floors::default()
    }

    /// The floor of text of `role` whose words have the key `key`.
    pub fn get(&self, role: TypeRole, key: u64) -> Pt {
        let own = self.texts.get(&(role, key)).copied().unwrap_or(Pt::ZERO);
        self.roles[role.index()].max(own)
    }

    /// These floors with `role`'s at least `size`.
    pub fn raised(mut self, role: TypeRole, size: Pt) -> Floors {
        let at = &mut self.roles[role.index()];
        *at = at.max(size);
        self
    }

    /// The floor of `role`, whatever the words.
    pub fn role(&self, role: TypeRole) -> Pt {
        self.roles[role.index()]
    }

    /// Floors from the least size each role and each paragraph was set at
    /// in a layout: `roles` by role, `texts` by role and key.
    pub fn measured(roles: [Pt; 17], texts: rustc_hash::FxHashMap<(TypeRole, u64), Pt>) -> Floors {
        Floors {
            roles,
            texts: std::sync::Arc::new(texts),
        }
    }

    /// The floors `style` sets on a layout whose standard edition (the
    /// same format, paper, site and languages, in the standard style) set
    /// each role and paragraph at `standard`'s sizes; `in_hand` for a
    /// format read in the hand (handout, booklet, leaflet, cards),
    /// `can_grow` for one that takes more pages rather than smaller type
    /// or fewer words (handout, booklet).
    ///
    /// - Large print: every role and paragraph at no less than standard's;
    ///   running text at 16 pt or more, and, in the hand, at 1.25 times
    ///   standard's.
    /// - Dyslexia: every role at no less than standard's where the format
    ///   can grow, else at 85% of it; running text at 12 pt or more.
    /// - Standard: none.
    pub fn for_style(
        style: ReadingStyle,
        standard: &Floors,
        in_hand: bool,
        can_grow: bool,
    ) -> Floors {
        let floor = |role: TypeRole, s: Pt| match style {
            ReadingStyle::Standard => Pt::ZERO,
            ReadingStyle::LargePrint if role.is_running() => {
                let hand = if in_hand { s * 1.25 } else { s };
                hand.max(Pt(16.0))
            }
            ReadingStyle::LargePrint => s,
            ReadingStyle::Dyslexia => {
                let relative = if can_grow { s } else { s * 0.85 };
                if role.is_running() {
                    relative.max(Pt(12.0))
                } else {
                    relative
                }
            }
        };
        let mut roles = [Pt::ZERO; 17];
        for role in TypeRole::ALL {
            roles[role.index()] = floor(role, standard.roles[role.index()]);
        }
        let texts = standard
            .texts
            .iter()
            .map(|(&(role, key), &s)| ((role, key), floor(role, s)))
            .collect();
        Floors::measured(roles, texts)
    }
}

/// The type rules of a reading style; formats scale up from these, never below.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Typography {
    /// Smallest body text on an A4 page.
    pub body_min: Pt,
    /// Smallest text of any kind (footers, sources).
    pub small_min: Pt,
    /// Line height as a multiple of the type size.
    pub leading: f32,
}

/// The colours a layout draws with, derived from a theme so that every text
/// colour has enough contrast with what it sits on.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Palette {
    /// Headings and bands.
    pub primary: Colour,
    /// Highlights and markers.
    pub accent: Colour,
    /// Body text.
    pub ink: Colour,
    /// Page background.
    pub paper: Colour,
    /// Text on `primary`: white or ink, whichever reads better.
    pub on_primary: Colour,
    /// Text on `accent`: white or ink, whichever reads better.
    pub on_accent: Colour,
    /// A pale tint of `primary` for boxes that hold ink text.
    pub tint: Colour,
    /// Quieter text (footers), still at least 7:1 on paper where the ink allows.
    pub muted: Colour,
    /// The school's or club's colour, for what is its own (its name, "Talk
    /// to us", its contacts): the theme's primary without a site.
    pub brand: Colour,
}

/// The least contrast text may have with its background (WCAG 2 AA).
pub const MIN_CONTRAST: f64 = 4.5;

impl Palette {
    /// A palette from the four theme colours.
    pub fn new(primary: Colour, accent: Colour, ink: Colour, paper: Colour) -> Palette {
        let better = |bg: Colour| {
            if Colour::WHITE.contrast(bg) >= ink.contrast(bg) {
                Colour::WHITE
            } else {
                ink
            }
        };
        let tint = primary.mix(paper, 0.9);
        // The lightest mix of ink towards paper that keeps 7:1, or ink itself.
        let muted = (0..=10)
            .rev()
            .map(|i| ink.mix(paper, i as f32 * 0.05))
            .find(|c| c.contrast(paper) >= 7.0)
            .unwrap_or(ink);
        Palette {
            primary,
            accent,
            ink,
            paper,
            on_primary: better(primary),
            on_accent: better(accent),
            tint,
            muted,
            brand: primary,
        }
    }

    /// The same palette with `brand` for a site's own things.
    pub fn with_brand(self, brand: Colour) -> Palette {
        Palette { brand, ..self }
    }

    /// Every (text, background) pair the layouts use, named for messages,
    /// with the theme colour to change when the pair reads poorly.
    fn text_pairs(&self) -> [(&'static str, Colour, &'static str, Colour, ThemeColour); 6] {
        use ThemeColour::*;
        [
            ("ink", self.ink, "paper", self.paper, Ink),
            (
                "primary (headings)",
                self.primary,
                "paper",
                self.paper,
                Primary,
            ),
            (
                "text on primary",
                self.on_primary,
                "primary",
                self.primary,
                Primary,
            ),
            (
                "text on accent",
                self.on_accent,
                "accent",
                self.accent,
                Accent,
            ),
            (
                "ink",
                self.ink,
                "the tint of primary (boxes)",
                self.tint,
                Ink,
            ),
            (
                "primary (numbers)",
                self.primary,
                "the tint of primary (boxes)",
                self.tint,
                Primary,
            ),
        ]
    }

    /// The pairs whose contrast is under [`MIN_CONTRAST`].
    pub fn contrast_problems(&self) -> Vec<ContrastProblem> {
        self.text_pairs()
            .into_iter()
            .filter_map(|(fg_name, fg, bg_name, bg, change)| {
                let ratio = fg.contrast(bg);
                (ratio < MIN_CONTRAST).then_some(ContrastProblem {
                    text: fg_name,
                    text_colour: fg,
                    background: bg_name,
                    background_colour: bg,
                    ratio,
                    change,
                })
            })
            .collect()
    }
}

/// One of the theme colours a pack or site chooses.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ThemeColour {
    /// `theme.primary` (or a site's `colour`).
    Primary,
    /// `theme.accent`.
    Accent,
    /// `theme.ink`.
    Ink,
}

/// A text colour that reads poorly on its background.
#[derive(Clone, Debug, PartialEq)]
pub struct ContrastProblem {
    /// What the text is ("ink", "text on primary").
    pub text: &'static str,
    /// The text's colour.
    pub text_colour: Colour,
    /// What it sits on ("paper").
    pub background: &'static str,
    /// The background's colour.
    pub background_colour: Colour,
    /// Its contrast ratio, under [`MIN_CONTRAST`].
    pub ratio: f64,
    /// The theme colour to change to mend it.
    pub change: ThemeColour,
}

/// The nearest colour to the theme's `change` colour (mixed towards black
/// or white in 5% steps) with which no pair fails in any reading style;
/// `None` if even black or white would not do.
pub fn nearest_passing(theme: [Colour; 4], change: ThemeColour) -> Option<Colour> {
    let [primary, accent, ink, paper] = theme;
    let start = match change {
        ThemeColour::Primary => primary,
        ThemeColour::Accent => accent,
        ThemeColour::Ink => ink,
    };
    let passes = |c: Colour| {
        let (p, a, i) = match change {
            ThemeColour::Primary => (c, accent, ink),
            ThemeColour::Accent => (primary, c, ink),
            ThemeColour::Ink => (primary, accent, c),
        };
        ReadingStyle::ALL.iter().all(|s| {
            Palette::new(p, a, i, s.paper(paper))
                .contrast_problems()
                .iter()
                .all(|problem| problem.change != change)
        })
    };
    (1..=20)
        .flat_map(|step| [Colour::BLACK, Colour::WHITE].map(|to| start.mix(to, step as f32 * 0.05)))
        .find(|&c| passes(c))
}

/// How far each audience's colour turns from the theme's primary, in
/// degrees: the first keeps it, the next turn either way.
const AUDIENCE_TURNS: [f32; 5] = [0.0, -50.0, 50.0, -100.0, 100.0];

/// A colour of its own for the audience at `index` in its pack, within the
/// theme: `base` (the theme's primary, or a site's colour) turned round the
/// colour wheel, then darkened in 5% steps until every text pair passes in
/// every style. Three posters on one noticeboard are told apart at a
/// glance. `base` itself when nothing turned passes.
pub fn audience_colour(base: Colour, index: usize, theme: [Colour; 4]) -> Colour {
    let turn = AUDIENCE_TURNS[index % AUDIENCE_TURNS.len()];
    if turn == 0.0 {
        return base;
    }
    let [_, accent, ink, paper] = theme;
    let passes = |c: Colour| {
        ReadingStyle::ALL.iter().all(|s| {
            Palette::new(c, accent, ink, s.paper(paper))
                .contrast_problems()
                .is_empty()
        })
    };
    let turned = base.rotate_hue(turn);
    (0..=12)
        .map(|i| turned.mix(Colour::BLACK, i as f32 * 0.05))
        .find(|&c| passes(c))
        .unwrap_or(base)
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::new(
            Colour::rgb(0x1F, 0x4E, 0x79),
            Colour::rgb(0xF2, 0xA9, 0x00),
            Colour::rgb(0x1A, 0x1A, 0x1A),
            Colour::WHITE,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_palette_passes_wcag_aa_in_every_style() {
        for style in ReadingStyle::ALL {
            let d = Palette::default();
            let p = Palette::new(d.primary, d.accent, d.ink, style.paper(d.paper));
            assert!(
                p.contrast_problems().is_empty(),
                "{style:?}: {:?}",
                p.contrast_problems()
            );
        }
    }

    #[test]
    fn a_pale_primary_is_refused() {
        let d = Palette::default();
        let p = Palette::new(Colour::rgb(0xA0, 0xC8, 0xF0), d.accent, d.ink, d.paper);
        let problems = p.contrast_problems();
        assert!(problems.iter().any(|p| p.text == "primary (headings)"
            && p.ratio < 4.5
            && p.change == ThemeColour::Primary));
    }

    #[test]
    fn the_nearest_passing_colour_passes_and_is_near() {
        let d = Palette::default();
        let pale = Colour::rgb(0xA0, 0xC8, 0xF0);
        let theme = [pale, d.accent, d.ink, d.paper];
        let fix = nearest_passing(theme, ThemeColour::Primary).unwrap();
        for style in ReadingStyle::ALL {
            let p = Palette::new(fix, d.accent, d.ink, style.paper(d.paper));
            assert!(p.contrast_problems().is_empty(), "{fix} in {style:?}");
        }
        // It is the nearest: one 5% step less dark still fails somewhere.
        let step = (1..=20)
            .find(|&k| pale.mix(Colour::BLACK, k as f32 * 0.05) == fix)
            .unwrap();
        let lighter = pale.mix(Colour::BLACK, (step - 1) as f32 * 0.05);
        assert!(ReadingStyle::ALL.iter().any(|s| !Palette::new(
            lighter,
            d.accent,
            d.ink,
            s.paper(d.paper)
        )
        .contrast_problems()
        .is_empty()));
        // A mid orange accent, too light for white and too dark for ink.
        let fix = nearest_passing(
            [d.primary, Colour::rgb(0xE0, 0x70, 0x20), d.ink, d.paper],
            ThemeColour::Accent,
        );
        assert!(fix.is_some());
    }

    #[test]
    fn text_on_amber_is_dark() {
        assert_eq!(Palette::default().on_accent, Colour::rgb(0x1A, 0x1A, 0x1A));
        assert_eq!(Palette::default().on_primary, Colour::WHITE);
    }

    #[test]
    fn style_names_round_trip() {
        for s in ReadingStyle::ALL {
            assert_eq!(ReadingStyle::from_name(s.name()), Some(s));
        }
    }
}
