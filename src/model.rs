//! The typed model: a pack in one of its languages, and a site, as
//! checked. It is what formats lay out and the web page writes: `pack/`
//! builds it once `check` has passed ([`crate::pack::Pack::model`],
//! [`crate::pack::site::Site::model`]), and nothing after it parses or
//! validates again: colours are colours, phone numbers carry how they are
//! dialled, the reviewed date is a date, the language knows its
//! direction. TOML spans stay in `pack/`.

use std::sync::Arc;

use crate::colour::Colour;
use crate::date::Date;
use crate::labels::{Labels, Locale};
use crate::markup::Block;

pub use crate::images::Logo;

/// A pack in one language: the pack's own, or a translation's (whose
/// words are that language's and whose ids, numbers, addresses, theme and
/// dates are the pack's).
#[derive(Clone, Debug)]
pub struct Pack {
    /// Lowercase letters, digits and '-': the output folder's name.
    pub id: String,
    /// The title: the PDF's title, with the audience's headline.
    pub title: String,
    /// One sentence on what the pack is for.
    pub summary: Option<String>,
    /// Who publishes the pack: the PDF's author when there is no site.
    pub publisher: Option<String>,
    /// The language these words are in.
    pub language: Language,
    /// When the content was last checked.
    pub reviewed: Date,
    /// A page with more advice: printed and encoded as a QR code.
    pub url: Option<String>,
    /// Where the facts come from, in pack order.
    pub sources: Vec<Source>,
    /// The colours.
    pub theme: Theme,
    /// The words layouts print themselves.
    pub labels: Labels,
    /// The helplines, in pack order.
    pub helplines: Vec<Helpline>,
    /// The audiences in this language, sorted by id.
    pub audiences: Vec<Audience>,
}

impl Pack {
    /// The audience with this id.
    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }

    /// The helplines shown to the audience `id`, in pack order.
    pub fn helplines_for<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Helpline> + 'a {
        self.helplines.iter().filter(move |h| h.shown_to(id))
    }
}

/// The language of a pack's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Language {
    /// The locale, read.
    pub locale: Locale,
    /// The tag as the pack wrote it (`en-GB` when it gave none): dates
    /// and labels are picked by it.
    pub tag: String,
    /// True when its text is set right to left (Arabic, Urdu, Hebrew,
    /// ...): its layouts are mirrored.
    pub rtl: bool,
}

impl Language {
    /// The language's name in English, for messages: "Welsh"; its tag
    /// where it has no known name.
    pub fn name(&self) -> String {
        self.locale
            .language_name()
            .map_or_else(|| self.locale.to_string(), str::to_string)
    }
}

/// A pack's colours, each checked (text on them is readable, WCAG AA),
/// and the families it chose per script.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Headings and bands.
    pub primary: Colour,
    /// Highlights and helpline boxes.
    pub accent: Colour,
    /// Body text.
    pub ink: Colour,
    /// The page.
    pub paper: Colour,
    /// The families `[theme.fonts]` names for scripts, in its keys'
    /// order: the web page names them after the theme's own.
    pub script_families: Vec<String>,
}

/// One source of the pack's facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Who published it.
    pub publisher: String,
    /// Its title.
    pub title: String,
    /// Where to find it.
    pub url: Option<String>,
    /// The audiences it is cited for; every audience when `None`.
    pub audiences: Option<Vec<String>>,
}

impl Source {
    /// True if the source is cited for the audience `id`.
    pub fn cited_for(&self, id: &str) -> bool {
        self.audiences
            .as_ref()
            .is_none_or(|list| list.iter().any(|a| a == id))
    }
}

/// A phone number, as printed and as dialled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// As written in the pack: printed exactly so ("0808 800 5000").
    pub printed: String,
    /// What is dialled: its digits, after a `+` for an international
    /// number (a `(0)` after the country code is not dialled).
    pub digits: String,
    /// The extension's digits, where one is written ("ext 4").
    pub extension: Option<String>,
}

impl Phone {
    /// The number as printed.
    pub fn as_str(&self) -> &str {
        &self.printed
    }

    /// Its `tel:` URI (RFC 3966): "tel:08088005000", with an extension as
    /// ";ext=4".
    pub fn tel(&self) -> String {
        match &self.extension {
            Some(ext) => format!("tel:{};ext={ext}", self.digits),
            None => format!("tel:{}", self.digits),
        }
    }

    /// Its `sms:` URI: "sms:85258".
    pub fn sms(&self) -> String {
        format!("sms:{}", self.digits)
    }
}

/// A phone number reads as it is printed.
impl std::ops::Deref for Phone {
    type Target = str;

    fn deref(&self) -> &str {
        &self.printed
    }
}

/// One helpline or reporting route.
#[derive(Clone, Debug, PartialEq)]
pub struct Helpline {
    /// Its id, the same in every language.
    pub id: String,
    /// Its name as printed.
    pub name: String,
    /// Who it is for.
    pub for_whom: String,
    /// What it is for in a few words, where the pack gives them.
    pub short: Option<String>,
    /// The phone number.
    pub phone: Option<Phone>,
    /// The SMS number or short code.
    pub sms: Option<Phone>,
    /// The web address, as printed.
    pub url: Option<String>,
    /// The email address.
    pub email: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
    /// What it costs to call.
    pub cost: Option<String>,
    /// The audiences it is shown to; every audience when `None`.
    pub audiences: Option<Vec<String>>,
    /// A 999-style line: printed apart, largest.
    pub emergency: bool,
}

impl Helpline {
    /// Whether it is shown to the audience `id`.
    pub fn shown_to(&self, id: &str) -> bool {
        self.audiences
            .as_ref()
            .is_none_or(|list| list.iter().any(|a| a == id))
    }

    /// What it is for in a few words: `short`, else `for`.
    pub fn short(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.for_whom)
    }
}

/// One audience of a pack, in one language.
#[derive(Clone, Debug)]
pub struct Audience {
    /// Its id, the same in every language.
    pub id: String,
    /// Its place among the pack's audiences in the pack's own language:
    /// picks its colour, the same in every language.
    pub place: usize,
    /// Its name: "Parents and carers".
    pub name: String,
    /// The one line a passer-by reads.
    pub headline: String,
    /// The line under the headline.
    pub strapline: Option<String>,
    /// Three to six short sentences.
    pub key_points: Vec<String>,
    /// What the reader should do.
    pub call_to_action: Option<String>,
    /// The id of the helpline whose number leads (a wallet card's front, a
    /// wall poster's main number), where the pack names one.
    pub main_helpline: Option<String>,
    /// The sections, in print order.
    pub sections: Vec<Section>,
}

/// One section of an audience.
#[derive(Clone, Debug)]
pub struct Section {
    /// What it is.
    pub kind: SectionKind,
    /// Its heading.
    pub heading: String,
    /// Its body: paragraphs and bullets, read from the mini-markup.
    pub body: Vec<Block>,
    /// Its numbered steps.
    pub items: Vec<Step>,
}

/// A numbered step of a section.
#[derive(Clone, Debug)]
pub struct Step {
    /// Its short bold title.
    pub title: String,
    /// One or two sentences.
    pub text: String,
}

/// The kinds of section a pack may have, so layouts can choose.
#[derive(Copy, Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// What something is.
    Explainer,
    /// What is good about it.
    Benefits,
    /// What can go wrong.
    Risks,
    /// Things to try.
    Tips,
    /// Signs to look out for.
    Signs,
    /// What to do.
    Action,
    /// Anything else.
    Note,
}

/// A school or club that makes a pack its own.
#[derive(Clone, Debug)]
pub struct Site {
    /// Its output folder's name.
    pub id: String,
    /// Its name as printed.
    pub name: String,
    /// Its colour, which takes the place of the pack's primary colour.
    pub colour: Option<Colour>,
    /// Its logo.
    pub logo: Option<Arc<Logo>>,
    /// The people to talk to, in order.
    pub contacts: Vec<Contact>,
}

impl Site {
    /// Whether any contact gives its role in other languages.
    pub fn has_roles(&self) -> bool {
        self.contacts.iter().any(|c| !c.roles.is_empty())
    }

    /// The site as an output in `languages` prints it (one tag, or a
    /// bilingual edition's two, the one read first first): each contact's
    /// role in each language, "Arweinydd Diogelu Dynodedig / Designated
    /// Safeguarding Lead" for two that differ, so that nobody has to type
    /// both into one `role` by hand.
    pub fn in_languages(&self, languages: &[String]) -> Site {
        let mut site = self.clone();
        for c in &mut site.contacts {
            let mut said: Vec<&str> = Vec::new();
            for tag in languages {
                let role = c.role_in(tag);
                if !said.contains(&role) {
                    said.push(role);
                }
            }
            if !said.is_empty() {
                c.role = said.join(" / ");
            }
        }
        site
    }
}

/// One of a site's own people.
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    /// Their role: "Designated Safeguarding Lead".
    pub role: String,
    /// Their role in other languages: (language tag as the site file
    /// writes it, role), in tag order. [`Site::in_languages`] puts the
    /// right one in `role` for an output.
    pub roles: Vec<(String, String)>,
    /// Their name.
    pub name: String,
    /// Their phone number.
    pub phone: Option<Phone>,
    /// Their email address.
    pub email: Option<String>,
    /// Where or when to find them.
    pub note: Option<String>,
    /// Whether they are printed on wallet cards.
    pub on_cards: bool,
}

impl Contact {
    /// Their role in the language `tag` (`cy`, `en-GB`): the one given for
    /// that tag, else for its language (`en` for `en-GB`), else `role`.
    pub fn role_in(&self, tag: &str) -> &str {
        let language = |t: &str| t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
        self.roles
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
            .or_else(|| {
                self.roles
                    .iter()
                    .find(|(t, _)| language(t) == language(tag))
            })
            .map_or(self.role.as_str(), |(_, r)| r.as_str())
    }
}
