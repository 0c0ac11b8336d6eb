//! The give-way rule: what may make room when content does not fit, in what
//! order, and what never does. Every format asks this one rule; none keeps
//! its own list.
//!
//! Safety content never leaves an output, in any format, style, paper or
//! site: the headline, every key point, the call to action, every section
//! (where the format carries sections), each helpline the audience gets by
//! its name and its number (or address), the emergency line, and the
//! school's contacts. It may move within the output.
//!
//! When content does not fit:
//! 1. type shrinks, within the style's range, without a word;
//! 2. a format that can take more pages (the handout, the booklet) takes
//!    them ([`grow`]): a note, not a warning; only when its most pages
//!    cannot hold it does it set its spacing tighter and its decoration
//!    smaller. It never gives up a word.
//! 3. a format that cannot (a poster, the leaflet, cards) gives way, in
//!    order, each step a warning naming what happened ([`Step`]): tighter
//!    spacing; smaller decoration; sources in brief; then, the steps that
//!    leave words out, only when nothing else fits: helplines in brief, as
//!    a list, and the school's contacts by role, name and number. Whatever
//!    gives way, each helpline keeps who it is for (its `short` line), each
//!    contact their role, and the emergency line what it is for.
//! 4. the paper never changes. Past that, that one output fails with
//!    [`super::FormatError::DoesNotFit`].

use crate::english;
use crate::layout::{fit, Overflow};
use crate::units::Pt;

/// One thing a layout may give up to make room, in the order they are taken.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Gaps between blocks tighter.
    Spacing,
    /// Decoration smaller: bands, rules, the logo, the QR code (never under
    /// its 20 mm).
    Decoration,
    /// Sources in their short form: each publisher once, with its site.
    BriefSources,
    /// Helpline boxes in brief: a few words of what each is for, hours and
    /// cost on one line.
    BriefHelplines,
    /// Helplines as a list instead of boxes: name, number, a few words.
    HelplineList,
    /// The school's contacts by role, name and number: their email and
    /// note left out.
    BriefContacts,
}

impl Step {
    /// Every step, in the order they are taken.
    pub const ALL: [Step; 6] = [
        Step::Spacing,
        Step::Decoration,
        Step::BriefSources,
        Step::BriefHelplines,
        Step::HelplineList,
        Step::BriefContacts,
    ];

    /// The steps for a part that has helplines and sources.
    pub const HELP: &'static [Step] = &Step::ALL;

    /// The steps of a format that can take more pages instead: none leaves
    /// a word out (see [`grow`]).
    pub const GROWING: &'static [Step] = &[Step::Spacing, Step::Decoration];

    /// True for a step that leaves words out.
    pub fn cuts(self) -> bool {
        !matches!(self, Step::Spacing | Step::Decoration)
    }

    /// The steps for a part that has helplines and gives its sources in
    /// brief by design (posters and leaflets: the same sources serve every
    /// audience, and the handout and booklet give them in full).
    pub const HELP_BRIEF_SOURCES: &'static [Step] = &[
        Step::Spacing,
        Step::Decoration,
        Step::BriefHelplines,
        Step::HelplineList,
        Step::BriefContacts,
    ];

    /// The steps for a part of running text, without helplines or sources.
    pub const TEXT: &'static [Step] = &[Step::Spacing, Step::Decoration];

    /// What the step did, as a verb phrase after the output's name (the
    /// plural form after a plural name: "the cards set their ...").
    fn said(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Step::Spacing, false) => "sets its spacing tighter",
            (Step::Spacing, true) => "set their spacing tighter",
            // "Decoration", not "bands, logo and QR code": a warning names
            // only what the output has, and many have no logo or QR code.
            (Step::Decoration, false) => "draws its decoration smaller",
            (Step::Decoration, true) => "draw their decoration smaller",
            (Step::BriefSources, false) => "lists its sources in brief",
            (Step::BriefSources, true) => "list their sources in brief",
            (Step::BriefHelplines, false) => "gives its helplines in brief",
            (Step::BriefHelplines, true) => "give their helplines in brief",
            (Step::HelplineList, false) => "lists its helplines without boxes",
            (Step::HelplineList, true) => "list their helplines without boxes",
            (Step::BriefContacts, false) => {
                "gives the school's contacts by role, name and number only"
            }
            (Step::BriefContacts, true) => {
                "give the school's contacts by role, name and number only"
            }
        }
    }
}

/// How much detail helplines keep.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HelplineDetail {
    /// Boxes with everything: who it is for, other ways to reach it, hours, cost.
    Full,
    /// Boxes with a few words of what it is for, hours and cost on one line.
    Brief,
    /// A list without boxes: name, number and a few words (who it is
    /// for, which no step takes away).
    List,
}

/// What a layout has given up: the steps taken so far, each keeping what
/// the ones before it gave up.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct GiveWay {
    /// The steps taken, in order.
    taken: &'static [Step],
}

impl GiveWay {
    /// Nothing given up.
    pub const NONE: GiveWay = GiveWay { taken: &[] };

    /// Every level from nothing given up to all of `steps`, in order.
    pub fn levels(steps: &'static [Step]) -> impl Iterator<Item = GiveWay> {
        (0..=steps.len()).map(move |n| GiveWay { taken: &steps[..n] })
    }

    /// Whether `step` has been taken.
    pub fn has(self, step: Step) -> bool {
        self.taken.contains(&step)
    }

    /// The steps taken.
    pub fn taken(self) -> &'static [Step] {
        self.taken
    }

    /// What gaps are multiplied by.
    pub fn spacing(self) -> f32 {
        if self.has(Step::Spacing) {
            0.6
        } else {
            1.0
        }
    }

    /// What decoration (bands' padding, rules, logos, QR codes) is
    /// multiplied by.
    pub fn decoration(self) -> f32 {
        if self.has(Step::Decoration) {
            0.75
        } else {
            1.0
        }
    }

    /// True when sources are given in their short form.
    pub fn brief_sources(self) -> bool {
        self.has(Step::BriefSources)
    }

    /// How much detail helplines keep.
    /// True when the school's contacts are given by role, name and number.
    pub fn brief_contacts(self) -> bool {
        self.has(Step::BriefContacts)
    }

    /// How much detail helplines keep.
    pub fn helplines(self) -> HelplineDetail {
        if self.has(Step::HelplineList) {
            HelplineDetail::List
        } else if self.has(Step::BriefHelplines) {
            HelplineDetail::Brief
        } else {
            HelplineDetail::Full
        }
    }
}

/// What a warning is about: "the handout on a4 for `parents`", or "the
/// back panel of the leaflet on a4 for `parents`".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    /// The name, as the subject of a sentence.
    pub name: String,
    /// True when the verb after it is plural ("the cards set").
    pub plural: bool,
}

/// A layout that fits, with what it took.
#[derive(Debug)]
pub struct Fitted<S, T> {
    /// What the attempt made.
    pub value: T,
    /// The type scale it fitted at.
    pub scale: f32,
    /// What was given up.
    pub give_way: GiveWay,
    /// The size it fitted at (pages, cards), from the format's list.
    pub size: S,
    /// True when that is not the first, nominal size: the output grew.
    pub grew: bool,
}

impl<S, T> Fitted<S, T> {
    /// The same fit, its value made into another.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fitted<S, U> {
        Fitted {
            value: f(self.value),
            scale: self.scale,
            give_way: self.give_way,
            size: self.size,
            grew: self.grew,
        }
    }

    /// The warning to print, if anything was given up: one naming every
    /// step taken, after `who` ("the handout on a4 for `parents`";
    /// `plural` for "the cards").
    pub fn notes(&self, who: &Who) -> Vec<String> {
        let said: Vec<&str> = self
            .give_way
            .taken()
            .iter()
            .map(|s| s.said(who.plural))
            .collect();
        if said.is_empty() {
            return Vec::new();
        }
        vec![format!(
            "{} {} to keep everything at the style's type sizes",
            who.name,
            english::join_and(&said)
        )]
    }

    /// What growing did, if the layout grew (`grown` says how, as a verb
    /// phrase: "takes 3 pages to hold everything"): a note, not a
    /// warning, since a format grows within its range by design.
    pub fn growth(&self, who: &Who, grown: impl FnOnce(&S) -> String) -> Vec<String> {
        if self.grew {
            vec![format!("{} {}", who.name, grown(&self.size))]
        } else {
            Vec::new()
        }
    }
}

/// Fits a layout by the rule: for each size in `sizes` (the nominal one
/// first, then more pages or larger cards), for each level of `steps` given
/// up (none first), the largest type scale in `scale` at which `attempt`
/// fits. Returns the first that fits, or the least overflow seen.
pub fn fit<S: Copy, T>(
    sizes: &[S],
    steps: &'static [Step],
    scale: (f32, f32),
    mut attempt: impl FnMut(S, GiveWay, f32) -> Result<T, Overflow>,
) -> Result<Fitted<S, T>, Overflow> {
    let mut least = Least::default();
    for (i, &size) in sizes.iter().enumerate() {
        // A size that cannot hold it even with everything given up and the
        // smallest type is passed over in one attempt, when a larger size
        // is left to try. The last size tries every level: giving up more
        // is not always shorter (large print's helpline list keeps its
        // numbers whole, in fewer columns than the boxes).
        if i + 1 < sizes.len() {
            if let Err(o) = attempt(size, GiveWay { taken: steps }, scale.0) {
                least.keep(o);
                continue;
            }
        }
        for give_way in GiveWay::levels(steps) {
            match at_largest((i, size), give_way, scale, &mut attempt) {
                Ok(fitted) => return Ok(fitted),
                Err(o) => least.keep(o),
            }
        }
    }
    Err(least.into_overflow())
}

/// Fits a layout that can take more room (pages) rather than give way:
/// for each level of `steps` given up (none first), for each size in
/// `sizes` (the nominal one first, then more pages), the largest type
/// scale in `scale` at which `attempt` fits. It grows before it sets its
/// spacing tighter; `steps` should leave no word out
/// ([`Step::GROWING`]). Returns the first that fits, or the least
/// overflow seen.
pub fn grow<S: Copy, T>(
    sizes: &[S],
    steps: &'static [Step],
    scale: (f32, f32),
    mut attempt: impl FnMut(S, GiveWay, f32) -> Result<T, Overflow>,
) -> Result<Fitted<S, T>, Overflow> {
    debug_assert!(
        steps.iter().all(|s| !s.cuts()),
        "a format that grows never cuts"
    );
    let mut least = Least::default();
    for give_way in GiveWay::levels(steps) {
        for (i, &size) in sizes.iter().enumerate() {
            match at_largest((i, size), give_way, scale, &mut attempt) {
                Ok(fitted) => return Ok(fitted),
                Err(o) => least.keep(o),
            }
        }
    }
    Err(least.into_overflow())
}

/// `attempt` at `size` (the `i`th of its list) with `give_way`, at the
/// largest scale in `scale` that fits.
fn at_largest<S: Copy, T>(
    (i, size): (usize, S),
    give_way: GiveWay,
    scale: (f32, f32),
    attempt: &mut impl FnMut(S, GiveWay, f32) -> Result<T, Overflow>,
) -> Result<Fitted<S, T>, Overflow> {
    let (s, value) = fit::largest(scale.0, scale.1, |s| attempt(size, give_way, s))?;
    Ok(Fitted {
        value,
        scale: s,
        give_way,
        size,
        grew: i > 0,
    })
}

/// The least overflow of the attempts that did not fit: what an error
/// tells of.
#[derive(Default)]
struct Least(Option<Overflow>);

impl Least {
    fn keep(&mut self, o: Overflow) {
        if self.0.as_ref().is_none_or(|l| o.height < l.height) {
            self.0 = Some(o);
        }
    }

    fn into_overflow(self) -> Overflow {
        self.0.unwrap_or(Overflow {
            height: Pt::ZERO,
            source: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(name: &str) -> Who {
        Who {
            name: name.to_string(),
            plural: false,
        }
    }

    #[test]
    fn plural_outputs_take_plural_verbs() {
        let f = fit(&[1], Step::HELP, (0.5, 1.0), |_, g, _| {
            if g.has(Step::Spacing) {
                Ok(())
            } else {
                Err(over(1.0))
            }
        })
        .unwrap();
        let cards = Who {
            name: "the cards".into(),
            plural: true,
        };
        assert_eq!(
            f.notes(&cards),
            ["the cards set their spacing tighter to keep everything at the style's type sizes"]
        );
    }

    fn over(h: f32) -> Overflow {
        Overflow {
            height: Pt(h),
            source: None,
        }
    }

    #[test]
    fn type_shrinks_before_anything_is_given_up() {
        // Fits at scale 0.8 with nothing given up.
        let f = fit(&[1], Step::HELP, (0.5, 1.0), |_, g, s| {
            let h = 100.0 * s * g.spacing();
            if h <= 80.0 {
                Ok(h)
            } else {
                Err(over(h - 80.0))
            }
        })
        .unwrap();
        assert_eq!(f.give_way, GiveWay::NONE);
        assert!(f.scale < 0.81 && f.scale > 0.78, "{}", f.scale);
        assert!(f.notes(&who("the poster")).is_empty());
    }

    #[test]
    fn steps_are_taken_in_order_and_each_is_named() {
        // Only brief sources make room: spacing and decoration come first.
        let f = fit(&[1], Step::HELP, (0.5, 1.0), |_, g, _| {
            if g.brief_sources() {
                Ok(())
            } else {
                Err(over(5.0))
            }
        })
        .unwrap();
        assert_eq!(
            f.give_way.taken(),
            &[Step::Spacing, Step::Decoration, Step::BriefSources]
        );
        let notes = f.notes(&who("the poster on a4 for `parents`"));
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("sets its spacing tighter, draws its decoration smaller and lists its sources in brief"),
            "{}",
            notes[0]
        );
    }

    #[test]
    fn growing_gives_everything_back_and_says_so() {
        // Two pages never fit; three fit with nothing given up.
        let f = fit(&[2, 3, 4], Step::HELP, (0.5, 1.0), |pages, _, _| {
            if pages >= 3 {
                Ok(())
            } else {
                Err(over(10.0))
            }
        })
        .unwrap();
        assert_eq!(f.size, 3);
        assert!(f.grew);
        assert_eq!(f.give_way, GiveWay::NONE);
        assert!(f.notes(&who("the handout")).is_empty());
        let growth = f.growth(&who("the handout"), |p| {
            format!("takes {p} pages to hold everything")
        });
        assert_eq!(growth, ["the handout takes 3 pages to hold everything"]);
    }

    #[test]
    fn a_format_that_grows_takes_pages_before_tighter_spacing_and_never_cuts() {
        // Two pages fit only with tighter spacing; three fit as they are.
        let f = grow(&[2, 3, 4], Step::GROWING, (0.5, 1.0), |pages, g, _| {
            if pages >= 3 || g.has(Step::Spacing) {
                Ok(())
            } else {
                Err(over(10.0))
            }
        })
        .unwrap();
        assert_eq!((f.size, f.give_way), (3, GiveWay::NONE));
        assert!(Step::GROWING.iter().all(|s| !s.cuts()));
        // Only tighter spacing holds it at the most pages: then it is taken.
        let f = grow(&[2, 3], Step::GROWING, (0.5, 1.0), |_, g, _| {
            if g.has(Step::Spacing) {
                Ok(())
            } else {
                Err(over(10.0))
            }
        })
        .unwrap();
        assert_eq!(f.size, 2);
        assert_eq!(f.give_way.taken(), &[Step::Spacing]);
    }

    #[test]
    fn the_least_overflow_is_reported_when_nothing_fits() {
        let e = fit(&[1, 2], Step::HELP, (0.5, 1.0), |size, g, _| {
            Err::<(), _>(over(50.0 - size as f32 * 10.0 - g.taken().len() as f32))
        })
        .unwrap_err();
        assert_eq!(e.height, Pt(50.0 - 20.0 - 6.0));
    }
}
