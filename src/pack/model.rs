//! The TOML files of a pack, exactly as pack-format.md describes them.
//!
//! Every string a reader may see keeps its byte span (`Spanned`), so that any
//! finding about it (a missing glyph, a bad phone number) can point at the
//! line and column it came from. Unknown keys are rejected everywhere.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A string from a pack file, with where it was written.
pub type Text = Spanned<String>;

/// Returns the text unless it is absent or blank: pack-format.md writes
/// optional fields as `""` in its examples, and those mean "not given".
pub fn given(t: &Option<Text>) -> Option<&str> {
    t.as_ref()
        .map(|t| t.get_ref().trim())
        .filter(|s| !s.is_empty())
}

/// `pack.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// What the pack is.
    pub pack: PackMeta,
    /// Colours and font.
    #[serde(default)]
    pub theme: Theme,
    /// Words the layouts print themselves.
    #[serde(default)]
    pub labels: Labels,
    /// Helplines and reporting routes.
    #[serde(default)]
    pub helplines: Vec<Helpline>,
}

/// The `[pack]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// Lowercase letters, digits and '-': used in output paths.
    pub id: Text,
    /// The pack's title, printed in document metadata and on covers.
    pub title: Text,
    /// One sentence on what the pack is for.
    pub summary: Option<Text>,
    /// Who publishes the pack: written as the PDF's author.
    pub publisher: Option<Text>,
    /// BCP 47 language tag, `en-GB` when absent.
    pub locale: Option<Text>,
    /// The country whose phone numbers and paper the outputs use (`GB`),
    /// where the locale names none or another: `cy` is Welsh, not Cyprus.
    pub region: Option<Text>,
    /// When the content (helplines above all) was last checked.
    pub reviewed: Spanned<toml::value::Datetime>,
    /// How often the content must be checked again; 12 when absent.
    pub review_every_months: Option<Spanned<i64>>,
    /// A page with more advice, printed and encoded as a QR code.
    pub url: Option<Text>,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One `[[pack.sources]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who published it.
    pub publisher: Text,
    /// Its title.
    pub title: Text,
    /// Where to find it.
    pub url: Option<Text>,
    /// The audiences it is cited for; every audience when absent.
    pub audiences: Option<Vec<Text>>,
}

impl Source {
    /// True if the source is cited for the audience `audience`.
    pub fn cited_for(&self, audience: &str) -> bool {
        match &self.audiences {
            None => true,
            Some(list) => list.iter().any(|a| a.get_ref() == audience),
        }
    }
}

/// The `[theme]` table; every key is optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Headings and bands.
    pub primary: Option<Text>,
    /// Highlights and helpline boxes.
    pub accent: Option<Text>,
    /// Body text.
    pub ink: Option<Text>,
    /// Page background.
    pub paper: Option<Text>,
    /// A font family: built in, or in the pack's `fonts/` folder.
    pub font: Option<Text>,
    /// A family per script (`[theme.fonts]`), for text in that script.
    pub fonts: Option<ThemeFonts>,
}

/// The `[theme.fonts]` table: a family (in the pack's `fonts/` folder, or
/// built in) for the text of one script, instead of the built-in fallback.
/// `arabic = "Noto Nastaliq Urdu"` sets Urdu in Nastaliq.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeFonts {
    /// Arabic script (Arabic, Urdu, Persian, Pashto).
    pub arabic: Option<Text>,
    /// Bengali script (Bengali, Assamese).
    pub bengali: Option<Text>,
    /// Gurmukhi script (Punjabi).
    pub gurmukhi: Option<Text>,
    /// Devanagari script (Hindi, Nepali, Marathi).
    pub devanagari: Option<Text>,
    /// Gujarati script.
    pub gujarati: Option<Text>,
    /// Tamil script.
    pub tamil: Option<Text>,
    /// Hebrew script.
    pub hebrew: Option<Text>,
    /// Greek script.
    pub greek: Option<Text>,
    /// Cyrillic script.
    pub cyrillic: Option<Text>,
}

impl ThemeFonts {
    /// Each script given a family, with the key and the family's name.
    pub fn chosen(&self) -> Vec<(&'static str, &Text)> {
        [
            ("arabic", &self.arabic),
            ("bengali", &self.bengali),
            ("gurmukhi", &self.gurmukhi),
            ("devanagari", &self.devanagari),
            ("gujarati", &self.gujarati),
            ("tamil", &self.tamil),
            ("hebrew", &self.hebrew),
            ("greek", &self.greek),
            ("cyrillic", &self.cyrillic),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
        .collect()
    }
}

/// The `[labels]` table: the words layouts print themselves. Every key is
/// optional where the pack's language has a built-in set (`labels/`), and
/// required where it has none. The keys are those of [`crate::labels::KEYS`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Heading over the helplines.
    pub helplines: Option<Text>,
    /// Lead-in to the emergency number.
    pub emergency: Option<Text>,
    /// Label beside the QR code.
    pub scan: Option<Text>,
    /// Lead-in to the reviewed date.
    pub reviewed: Option<Text>,
    /// Who an output is for: a pattern with `{audience}`.
    pub for_audience: Option<Text>,
    /// Lead-in to the sources.
    pub sources: Option<Text>,
    /// The page number: a pattern with `{page}` and `{pages}`.
    pub page: Option<Text>,
    /// Heading of a booklet's notes page.
    pub notes: Option<Text>,
    /// Heading over a site's own contacts.
    pub talk_to_us: Option<Text>,
    /// Lead-in to an SMS number.
    pub text: Option<Text>,
    /// On a wallet card's front.
    pub keep_card: Option<Text>,
    /// On a dyslexia-style output made for white paper.
    pub print_on_cream: Option<Text>,
    /// A logo's alternative text: a pattern with `{name}`.
    pub logo: Option<Text>,
    /// The QR code's alternative text: a pattern with `{address}`.
    pub qr_code: Option<Text>,
    /// The web page's lead-in to the pack's address.
    pub more_advice: Option<Text>,
    /// The twelve month names, January first, as a date uses them.
    pub months: Option<Spanned<Vec<Text>>>,
    /// The date: a pattern with `{day}`, `{month}` and `{year}`.
    pub date: Option<Text>,
    /// Whether an audience's name loses its capital after `for_audience`'s
    /// lead-in; the built-in set's choice when absent, else false.
    pub lowercase_audience: Option<Spanned<bool>>,
}

impl Labels {
    /// The text given for a key of words or a pattern (not `months`), if
    /// any: blank text counts as not given.
    pub fn text(&self, key: &str) -> Option<&Text> {
        let t = match key {
            "helplines" => &self.helplines,
            "emergency" => &self.emergency,
            "scan" => &self.scan,
            "reviewed" => &self.reviewed,
            "for_audience" => &self.for_audience,
            "sources" => &self.sources,
            "page" => &self.page,
            "notes" => &self.notes,
            "talk_to_us" => &self.talk_to_us,
            "text" => &self.text,
            "keep_card" => &self.keep_card,
            "print_on_cream" => &self.print_on_cream,
            "logo" => &self.logo,
            "qr_code" => &self.qr_code,
            "more_advice" => &self.more_advice,
            "date" => &self.date,
            _ => return None,
        };
        t.as_ref().filter(|t| !t.get_ref().trim().is_empty())
    }

    /// The value given for a key, trimmed, if any.
    pub fn value(&self, key: &str) -> Option<crate::labels::Value> {
        use crate::labels::Value;
        if key == "months" {
            return self.months.as_ref().map(|m| {
                Value::List(
                    m.get_ref()
                        .iter()
                        .map(|t| t.get_ref().trim().to_string())
                        .collect(),
                )
            });
        }
        self.text(key)
            .map(|t| Value::Text(t.get_ref().trim().to_string()))
    }
}

/// One `[[helplines]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helpline {
    /// Short id, unique in the pack.
    pub id: Text,
    /// Name as printed.
    pub name: Text,
    /// Phone number as printed.
    pub phone: Option<Text>,
    /// SMS short code or number.
    pub text: Option<Text>,
    /// Web address.
    pub url: Option<Text>,
    /// Email address.
    pub email: Option<Text>,
    /// Who it is for.
    #[serde(rename = "for")]
    pub for_whom: Text,
    /// A few words of what it is for, where space is tight (wallet cards);
    /// `for` when absent.
    pub short: Option<Text>,
    /// Opening hours.
    pub hours: Option<Text>,
    /// What it costs to call.
    pub cost: Option<Text>,
    /// The audiences it is shown to; all when absent.
    pub audiences: Option<Vec<Text>>,
    /// A 999-style line: printed apart, largest.
    #[serde(default)]
    pub emergency: bool,
}

impl Helpline {
    /// Whether this helpline is shown to the audience `id`.
    pub fn shown_to(&self, audience: &str) -> bool {
        match &self.audiences {
            None => true,
            Some(list) => list.iter().any(|a| a.get_ref() == audience),
        }
    }

    /// The phone number, if given.
    pub fn phone(&self) -> Option<&str> {
        given(&self.phone)
    }

    /// The SMS number, if given.
    pub fn sms(&self) -> Option<&str> {
        given(&self.text)
    }

    /// The web address, if given.
    pub fn url(&self) -> Option<&str> {
        given(&self.url)
    }

    /// The email address, if given.
    pub fn email(&self) -> Option<&str> {
        given(&self.email)
    }

    /// What it is for in a few words: `short`, else `for`.
    pub fn short(&self) -> &str {
        given(&self.short).unwrap_or(self.for_whom.get_ref().trim())
    }

    /// The opening hours, if given.
    pub fn hours(&self) -> Option<&str> {
        given(&self.hours)
    }

    /// The cost, if given.
    pub fn cost(&self) -> Option<&str> {
        given(&self.cost)
    }
}

/// `translations/<lang>.toml`: the words of `pack.toml` in another of the
/// pack's languages (the file's name is the language's tag). Only words:
/// ids, phone numbers, addresses, colours and dates are written once, in
/// `pack.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationFile {
    /// The pack's title, summary and sources in this language.
    pub pack: TranslatedMeta,
    /// Words the layouts print, in this language, over its built-in set.
    #[serde(default)]
    pub labels: Labels,
    /// Each helpline's words in this language, by the helpline's id
    /// (`[helplines.childline]`).
    #[serde(default)]
    pub helplines: BTreeMap<Spanned<String>, TranslatedHelpline>,
}

impl TranslationFile {
    /// The helplines' words as the file writes them: (id, words), in file
    /// order.
    pub fn helplines_in_order(&self) -> Vec<(&Spanned<String>, &TranslatedHelpline)> {
        let mut list: Vec<_> = self.helplines.iter().collect();
        list.sort_by_key(|(id, _)| id.span().start);
        list
    }

    /// The words for the helpline `id`, if the file gives them.
    pub fn helpline(&self, id: &str) -> Option<&TranslatedHelpline> {
        self.helplines
            .iter()
            .find(|(k, _)| k.get_ref() == id)
            .map(|(_, h)| h)
    }
}

/// The `[pack]` table of a translation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedMeta {
    /// The pack's title in this language.
    pub title: Text,
    /// Its summary in this language (given when `pack.toml` gives one).
    pub summary: Option<Text>,
    /// The sources, in the order of `pack.toml`'s `[[pack.sources]]`: each
    /// its title and publisher in this language where they have one, or
    /// empty to cite it as published.
    #[serde(default)]
    pub sources: Vec<TranslatedSource>,
}

/// One `[[pack.sources]]` entry of a translation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedSource {
    /// The publisher's name in this language, where it has one.
    pub publisher: Option<Text>,
    /// The title in this language, where the source has one.
    pub title: Option<Text>,
}

/// One `[helplines.<id>]` table of a translation: the helpline's words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedHelpline {
    /// Its name in this language, where the service has one; else the
    /// name `pack.toml` gives.
    pub name: Option<Text>,
    /// Who it is for.
    #[serde(rename = "for")]
    pub for_whom: Text,
    /// A few words of what it is for (given when `pack.toml` gives them).
    pub short: Option<Text>,
    /// Opening hours (given when `pack.toml` gives them).
    pub hours: Option<Text>,
    /// What it costs (given when `pack.toml` says).
    pub cost: Option<Text>,
}

/// `audiences/<id>.toml`, and a translation of it,
/// `audiences/<id>.<lang>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceFile {
    /// Who the audience is and what they are told first.
    pub audience: AudienceMeta,
    /// The sections, in print order.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// The `[audience]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceMeta {
    /// Printed as "For ..." where a layout wants it.
    pub name: Text,
    /// Target reading age; `check` warns where the text reads older.
    pub reading_age: Option<Spanned<i64>>,
    /// The one line a passer-by reads.
    pub headline: Text,
    /// The line under the headline.
    pub strapline: Option<Text>,
    /// Three to six short sentences: posters, covers, cards.
    pub key_points: Spanned<Vec<Text>>,
    /// What the reader should do.
    pub call_to_action: Option<Text>,
    /// The id of the helpline whose number leads on the wallet card's front;
    /// the first helpline with a phone number when absent.
    pub main_helpline: Option<Text>,
}

/// One `[[sections]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// What the section is, so layouts can choose.
    pub kind: Spanned<SectionKind>,
    /// Its heading.
    pub heading: Text,
    /// Paragraphs and bullets in the body mini-markup.
    pub body: Option<Text>,
    /// Numbered steps.
    #[serde(default)]
    pub items: Vec<Step>,
}

/// The kinds of section a pack may have: the model's.
pub use crate::model::SectionKind;

/// One `[[sections.items]]` entry: a numbered step.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Short bold title.
    pub title: Text,
    /// One or two sentences.
    pub text: Text,
}

/// `site.toml`: a school or club's name, logo, colour and contacts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The site.
    pub site: SiteSpec,
}

/// The `[site]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSpec {
    /// The school's or club's name.
    pub name: Text,
    /// A PNG or JPEG file beside the site file.
    pub logo: Option<Text>,
    /// Replaces the theme's primary colour.
    pub colour: Option<Text>,
    /// People to talk to, first.
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

/// One `[[site.contacts]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Their role ("Designated Safeguarding Lead").
    pub role: Text,
    /// Their role in other languages, by language tag (`cy`, `en`): an
    /// output in that language prints it instead of `role`, and a
    /// bilingual edition prints both languages' ("... / ...").
    #[serde(default)]
    pub roles: std::collections::BTreeMap<String, Text>,
    /// Their name.
    pub name: Text,
    /// Their phone number.
    pub phone: Option<Text>,
    /// Their email address.
    pub email: Option<Text>,
    /// Where or when to find them.
    pub note: Option<Text>,
    /// Whether this contact is printed on wallet cards (default: yes). A
    /// school with a lead and two deputies may put only the lead on cards.
    pub cards: Option<bool>,
}

impl Contact {
    /// True if the contact goes on wallet cards.
    pub fn on_cards(&self) -> bool {
        self.cards.unwrap_or(true)
    }
}
