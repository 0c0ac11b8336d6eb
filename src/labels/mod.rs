//! The words layouts print themselves ("Where to get help", "Page 1 of 2",
//! the months of the reviewed date), as data: one TOML file per language
//! under `labels/` in the repository, compiled into the binary, each saying
//! whether a native speaker has reviewed it. A pack may override any of
//! them in its `[labels]` table (see `crate::pack`), and a pack in a
//! language with no built-in set must give them all: English is never
//! filled in for another language.

pub mod locale;

pub use locale::{Direction, Locale};

use serde::Deserialize;

use crate::date::Date;

/// What a label's value is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// Words printed as they are.
    Words,
    /// Words with places to fill (`{audience}`), each of these exactly once.
    Pattern(&'static [&'static str]),
    /// The twelve month names, January first, in the form a date uses.
    Months,
}

/// One label a layout prints.
#[derive(Copy, Clone, Debug)]
pub struct Key {
    /// The key in a label file and in a pack's `[labels]`.
    pub name: &'static str,
    /// What its value is.
    pub kind: KeyKind,
    /// Where it is printed, for messages, docs and `packpress new`.
    pub what: &'static str,
    /// The British English words, as a guide for a translator.
    pub english: &'static str,
}

/// Every label, in the order documented and scaffolded.
pub const KEYS: &[Key] = &[
    Key {
        name: "helplines",
        kind: KeyKind::Words,
        what: "the heading over the helplines",
        english: "Where to get help",
    },
    Key {
        name: "emergency",
        kind: KeyKind::Words,
        what: "printed just before the emergency number (999)",
        english: "In an emergency, call",
    },
    Key {
        name: "scan",
        kind: KeyKind::Words,
        what: "beside the QR code",
        english: "Scan for more advice",
    },
    Key {
        name: "reviewed",
        kind: KeyKind::Words,
        what: "printed just before the date the pack was reviewed",
        english: "Reviewed",
    },
    Key {
        name: "for_audience",
        kind: KeyKind::Pattern(&["audience"]),
        what: "who an output is for; {audience} is the audience's name as its file writes it",
        english: "For {audience}",
    },
    Key {
        name: "sources",
        kind: KeyKind::Words,
        what: "before the list of sources (a colon follows)",
        english: "Sources",
    },
    Key {
        name: "page",
        kind: KeyKind::Pattern(&["page", "pages"]),
        what: "the page number of a handout of several pages",
        english: "Page {page} of {pages}",
    },
    Key {
        name: "notes",
        kind: KeyKind::Words,
        what: "the heading of a booklet's page for the reader's own notes",
        english: "Notes",
    },
    Key {
        name: "talk_to_us",
        kind: KeyKind::Words,
        what: "the heading over a school's own contacts (a colon and the school's name follow)",
        english: "Talk to us",
    },
    Key {
        name: "text",
        kind: KeyKind::Words,
        what: "printed just before a helpline's SMS number",
        english: "Text",
    },
    Key {
        name: "keep_card",
        kind: KeyKind::Words,
        what: "on the front of a wallet card",
        english: "Keep this card",
    },
    Key {
        name: "print_on_cream",
        kind: KeyKind::Words,
        what: "on a dyslexia-style output made for white paper (--plain-paper)",
        english: "Print on cream paper",
    },
    Key {
        name: "logo",
        kind: KeyKind::Pattern(&["name"]),
        what: "the alternative text of a school's logo, for screen readers",
        english: "{name} logo",
    },
    Key {
        name: "qr_code",
        kind: KeyKind::Pattern(&["address"]),
        what: "the alternative text of the QR code, for screen readers",
        english: "QR code: {address}",
    },
    Key {
        name: "more_advice",
        kind: KeyKind::Words,
        what: "on the web page, before the pack's address",
        english: "More advice",
    },
    Key {
        name: "months",
        kind: KeyKind::Months,
        what: "the month names, January first, in the form a date uses",
        english: "January, February, March, April, May, June, July, August, September, October, November, December",
    },
    Key {
        name: "date",
        kind: KeyKind::Pattern(&["day", "month", "year"]),
        what: "the reviewed date; {day} and {year} are numbers, {month} a month name",
        english: "{day} {month} {year}",
    },
];

/// The label key named `name`.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// A label's value, from a label file or a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Words or a pattern.
    Text(String),
    /// The month names.
    List(Vec<String>),
}

/// Words the layouts print themselves, resolved for one pack: from its
/// `[labels]`, else its language's built-in set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// Heading over the helplines.
    pub helplines: String,
    /// Lead-in to the emergency number.
    pub emergency: String,
    /// Label beside the QR code.
    pub scan: String,
    /// Lead-in to the reviewed date.
    pub reviewed: String,
    /// Lead-in to the audience's name ("For"): the words of
    /// `for_audience_pattern` before `{audience}`, empty in a language
    /// where they come after it. Use [`Labels::for_audience`] to print.
    pub for_audience: String,
    /// Heading over the sources.
    pub sources: String,
    /// "Page" in "Page 1 of 2": the words of `page_pattern` before
    /// `{page}`. Use [`Labels::page_of`] to print: not every language puts
    /// the words where English does.
    pub page: String,
    /// "of" in "Page 1 of 2": the words of `page_pattern` between `{page}`
    /// and `{pages}`.
    pub of: String,
    /// Heading of a booklet's notes page.
    pub notes: String,
    /// Heading over a site's own contacts.
    pub talk_to_us: String,
    /// Lead-in to a helpline's text (SMS) number: "Text 85258".
    pub text: String,
    /// The label on a wallet card's front.
    pub keep_card: String,
    /// What a dyslexia-style output left on white paper says.
    pub print_on_cream: String,
    /// "{name} logo": a logo's alternative text. Use [`Labels::logo_alt`].
    pub logo_pattern: String,
    /// "QR code: {address}": the QR code's alternative text. Use
    /// [`Labels::qr_alt`].
    pub qr_code_pattern: String,
    /// The web page's lead-in to the pack's address.
    pub more_advice: String,
    /// Month names, January first, in the form a date uses (Polish dates
    /// take the genitive: "22 listopada 2026").
    pub months: [String; 12],
    /// "For {audience}".
    pub for_audience_pattern: String,
    /// "Page {page} of {pages}".
    pub page_pattern: String,
    /// "{day} {month} {year}".
    pub date_pattern: String,
    /// Whether an audience's name loses its capital after the lead-in
    /// ("For parents and carers" from "Parents and carers"). False where a
    /// language capitalises nouns, or its pattern ends with a colon.
    pub lowercase_audience: bool,
}

impl Labels {
    /// Builds labels from a lookup of each key's value (see [`KEYS`]),
    /// returning the keys the lookup had no value for. A missing key is
    /// left empty, never filled with another language's words: a pack with
    /// missing labels is refused before anything is laid out.
    pub fn from_lookup(
        lookup: impl Fn(&'static str) -> Option<Value>,
        lowercase_audience: bool,
    ) -> (Labels, Vec<&'static str>) {
        let mut missing = Vec::new();
        let mut text = |key: &'static str| match lookup(key) {
            Some(Value::Text(s)) => s,
            _ => {
                missing.push(key);
                String::new()
            }
        };
        let helplines = text("helplines");
        let emergency = text("emergency");
        let scan = text("scan");
        let reviewed = text("reviewed");
        let for_audience_pattern = text("for_audience");
        let sources = text("sources");
        let page_pattern = text("page");
        let notes = text("notes");
        let talk_to_us = text("talk_to_us");
        let text_lead = text("text");
        let keep_card = text("keep_card");
        let print_on_cream = text("print_on_cream");
        let logo_pattern = text("logo");
        let qr_code_pattern = text("qr_code");
        let more_advice = text("more_advice");
        let months_given = lookup("months");
        let date_pattern = text("date");
        let mut months: [String; 12] = Default::default();
        match months_given {
            Some(Value::List(list)) => {
                for (slot, name) in months.iter_mut().zip(list) {
                    *slot = name;
                }
            }
            _ => missing.push("months"),
        }
        // Keep the documented order of KEYS in what is reported.
        missing.sort_by_key(|k| KEYS.iter().position(|key| key.name == *k));
        let (page, of) = page_words(&page_pattern);
        let labels = Labels {
            helplines,
            emergency,
            scan,
            reviewed,
            for_audience: before(&for_audience_pattern, "{audience}"),
            sources,
            page,
            of,
            notes,
            talk_to_us,
            text: text_lead,
            keep_card,
            print_on_cream,
            logo_pattern,
            qr_code_pattern,
            more_advice,
            months,
            for_audience_pattern,
            page_pattern,
            date_pattern,
            lowercase_audience,
        };
        (labels, missing)
    }

    /// The built-in British English labels.
    pub fn english() -> Labels {
        match SOURCES.first().map(parse) {
            Some(Ok(set)) => set.labels(),
            // The English set is compiled in and a unit test parses it, so
            // this is never reached; the words of `KEYS` are the same.
            _ => Labels::from_lookup(|k| key(k).map(english_value), true).0,
        }
    }

    /// A date as the language writes it in prose ("22 November 2026",
    /// "November 22, 2026", "22 de novembro de 2026"). The words come from
    /// the labels, so `_locale` is no longer needed; it is kept so callers
    /// need not change.
    pub fn date(&self, d: Date, _locale: &str) -> String {
        let month = &self.months[(d.month.clamp(1, 12) - 1) as usize];
        fill(
            &self.date_pattern,
            &[
                ("day", &d.day.to_string()),
                ("month", month),
                ("year", &d.year.to_string()),
            ],
        )
    }

    /// "For parents and carers" from "Parents and carers": the name's first
    /// letter is lowered (where the language does so, and unless the name
    /// starts with an abbreviation) and set in the pattern.
    pub fn for_audience(&self, name: &str) -> String {
        let mut chars = name.chars();
        let name = match (chars.next(), chars.next()) {
            (Some(first), Some(second))
                if self.lowercase_audience
                    && !self.for_audience_pattern.starts_with("{audience}")
                    && first.is_uppercase()
                    && !second.is_uppercase() =>
            {
                first.to_lowercase().chain(name.chars().skip(1)).collect()
            }
            _ => name.to_string(),
        };
        fill(&self.for_audience_pattern, &[("audience", &name)])
    }

    /// "Hillside Academy logo": a logo's alternative text.
    pub fn logo_alt(&self, name: &str) -> String {
        fill(&self.logo_pattern, &[("name", name)])
    }

    /// "QR code: example.org/e2ee": the QR code's alternative text.
    pub fn qr_alt(&self, address: &str) -> String {
        fill(&self.qr_code_pattern, &[("address", address)])
    }

    /// "Page 2 of 3", in the language's order.
    pub fn page_of(&self, page: usize, pages: usize) -> String {
        fill(
            &self.page_pattern,
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        )
    }
}

/// Fills each `{name}` of a pattern with its value.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// What is wrong with a pattern: a place it lacks or has twice, a place it
/// does not have, or a brace that is not part of one.
pub fn check_pattern(pattern: &str, places: &[&str]) -> Result<(), String> {
    let names: Vec<String> = places.iter().map(|p| format!("{{{p}}}")).collect();
    let mut rest = pattern;
    let mut seen: Vec<&str> = Vec::new();
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("it has a `}` that closes nothing".into());
        }
        let Some(close) = rest[open..].find('}') else {
            return Err("it has a `{` that is never closed".into());
        };
        let name = &rest[open + 1..open + close];
        match places.iter().find(|p| **p == name) {
            Some(p) if seen.contains(p) => return Err(format!("it has {{{name}}} twice")),
            Some(p) => seen.push(p),
            None => {
                let hint = match crate::suggest::closest(name, places) {
                    Some(k) => format!(" (did you mean {{{k}}}?)"),
                    None => String::new(),
                };
                return Err(format!(
                    "{{{name}}} is not a place packpress fills{hint}; this label has {}",
                    crate::english::join_and(&names)
                ));
            }
        }
        rest = &rest[open + close + 1..];
    }
    let lacking: Vec<String> = places
        .iter()
        .filter(|p| !seen.contains(p))
        .map(|p| format!("{{{p}}}"))
        .collect();
    if lacking.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "it needs {} where the {} go{}",
            crate::english::join_and(&lacking),
            if lacking.len() == 1 {
                "value"
            } else {
                "values"
            },
            if lacking.len() == 1 { "es" } else { "" }
        ))
    }
}

/// The words of a pattern before `place`, trimmed.
fn before(pattern: &str, place: &str) -> String {
    pattern
        .split_once(place)
        .map(|(b, _)| b.trim().to_string())
        .unwrap_or_default()
}

/// ("Page", "of") from "Page {page} of {pages}".
fn page_words(pattern: &str) -> (String, String) {
    let page = before(pattern, "{page}");
    let of = pattern
        .split_once("{page}")
        .and_then(|(_, after)| after.split_once("{pages}"))
        .map(|(between, _)| between.trim().to_string())
        .unwrap_or_default();
    (page, of)
}

fn english_value(k: &Key) -> Value {
    match k.kind {
        KeyKind::Months => Value::List(k.english.split(", ").map(str::to_string).collect()),
        _ => Value::Text(k.english.to_string()),
    }
}

/// A label file, as compiled in.
struct Source {
    /// Its tag: the language, and the region where the set is a region's.
    tag: &'static str,
    /// The script its words are in.
    script: &'static str,
    /// Its path in the repository, for messages.
    path: &'static str,
    /// Its text.
    text: &'static str,
}

macro_rules! set {
    ($tag:literal, $script:literal) => {
        Source {
            tag: $tag,
            script: $script,
            path: concat!("labels/", $tag, ".toml"),
            text: include_str!(concat!("../../labels/", $tag, ".toml")),
        }
    };
}

/// The built-in sets. For a bare language the first set of that language
/// is taken, so British English comes before American.
const SOURCES: &[Source] = &[
    set!("en-GB", "Latn"),
    set!("en-US", "Latn"),
    set!("cy", "Latn"),
    set!("pl", "Latn"),
    set!("ro", "Latn"),
    set!("pt", "Latn"),
    set!("so", "Latn"),
    set!("ur", "Arab"),
    set!("ar", "Arab"),
    set!("bn", "Beng"),
    set!("pa", "Guru"),
];

/// The tags of the built-in sets.
pub fn builtin_tags() -> Vec<&'static str> {
    SOURCES.iter().map(|s| s.tag).collect()
}

/// A built-in label set.
#[derive(Clone, Debug)]
pub struct BuiltinSet {
    /// Its tag (`cy`, `en-GB`).
    pub tag: &'static str,
    /// Its file in the repository (`labels/cy.toml`).
    pub path: &'static str,
    /// The language's name in English ("Welsh").
    pub name: String,
    /// The language's name in itself ("Cymraeg").
    pub native_name: String,
    /// Which way its script runs.
    pub direction: Direction,
    /// Whether a native speaker has checked every word.
    pub reviewed: bool,
    /// Who checked them.
    pub reviewed_by: Vec<String>,
    /// Its words.
    words: SetLabels,
}

impl BuiltinSet {
    /// The set's value for a key.
    pub fn value(&self, key: &str) -> Option<Value> {
        self.words.value(key)
    }

    /// Whether the set lowers an audience's capital after its lead-in.
    pub fn lowercase_audience(&self) -> bool {
        self.words.lowercase_audience
    }

    /// The set's labels, as they are.
    pub fn labels(&self) -> Labels {
        Labels::from_lookup(|k| self.value(k), self.lowercase_audience()).0
    }
}

/// The built-in set for a locale: the one for its language and region
/// (`en-US`), else the first for its language in its script (`en-IE` and
/// `en-AU` take `en-GB`; `pa-Arab` takes none, since the `pa` set is in
/// Gurmukhi).
pub fn builtin(locale: &Locale) -> Option<BuiltinSet> {
    let fits = |s: &&Source| {
        let tag = Locale::parse(s.tag).ok();
        tag.as_ref()
            .is_some_and(|t| t.language() == locale.language())
            && s.script == locale.usual_script()
    };
    let exact = SOURCES.iter().filter(fits).find(|s| {
        Locale::parse(s.tag)
            .ok()
            .is_some_and(|t| t.region().is_some() && t.region() == locale.region())
    });
    let source = exact.or_else(|| SOURCES.iter().find(fits))?;
    parse(source).ok()
}

/// A label file: `[set]` says what it is, `[labels]` gives every word.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    set: SetMeta,
    labels: SetLabels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetMeta {
    tag: String,
    name: String,
    native_name: String,
    script: String,
    direction: String,
    reviewed: bool,
    reviewed_by: Vec<String>,
}

/// Every label, required: a built-in set is complete.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetLabels {
    helplines: String,
    emergency: String,
    scan: String,
    reviewed: String,
    for_audience: String,
    sources: String,
    page: String,
    notes: String,
    talk_to_us: String,
    text: String,
    keep_card: String,
    print_on_cream: String,
    logo: String,
    qr_code: String,
    more_advice: String,
    months: Vec<String>,
    date: String,
    lowercase_audience: bool,
}

impl SetLabels {
    fn value(&self, key: &str) -> Option<Value> {
        let t = |s: &String| Some(Value::Text(s.clone()));
        match key {
            "helplines" => t(&self.helplines),
            "emergency" => t(&self.emergency),
            "scan" => t(&self.scan),
            "reviewed" => t(&self.reviewed),
            "for_audience" => t(&self.for_audience),
            "sources" => t(&self.sources),
            "page" => t(&self.page),
            "notes" => t(&self.notes),
            "talk_to_us" => t(&self.talk_to_us),
            "text" => t(&self.text),
            "keep_card" => t(&self.keep_card),
            "print_on_cream" => t(&self.print_on_cream),
            "logo" => t(&self.logo),
            "qr_code" => t(&self.qr_code),
            "more_advice" => t(&self.more_advice),
            "months" => Some(Value::List(self.months.clone())),
            "date" => t(&self.date),
            _ => None,
        }
    }
}

fn parse(source: &Source) -> Result<BuiltinSet, String> {
    let file: SetFile = toml::from_str(source.text).map_err(|e| format!("{}: {e}", source.path))?;
    if file.set.tag != source.tag || file.set.script != source.script {
        return Err(format!(
            "{} says it is {} in {}, not {} in {}",
            source.path, file.set.tag, file.set.script, source.tag, source.script
        ));
    }
    let direction = match file.set.direction.as_str() {
        "rtl" => Direction::RightToLeft,
        _ => Direction::LeftToRight,
    };
    Ok(BuiltinSet {
        tag: source.tag,
        path: source.path,
        name: file.set.name,
        native_name: file.set.native_name,
        direction,
        reviewed: file.set.reviewed,
        reviewed_by: file.set.reviewed_by,
        words: file.labels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(tag: &str) -> BuiltinSet {
        builtin(&Locale::parse(tag).unwrap()).unwrap_or_else(|| panic!("no set for {tag}"))
    }

    #[test]
    fn every_built_in_set_parses_and_says_what_it_is() {
        for s in SOURCES {
            let file: SetFile =
                toml::from_str(s.text).unwrap_or_else(|e| panic!("{}: {e}", s.path));
            assert_eq!(file.set.tag, s.tag, "{}", s.path);
            assert_eq!(file.set.script, s.script, "{}", s.path);
            let locale = Locale::parse(s.tag).unwrap();
            assert_eq!(locale.usual_script(), s.script, "{}", s.path);
            assert_eq!(file.set.direction, locale.direction().name(), "{}", s.path);
            assert_eq!(
                file.set.reviewed,
                !file.set.reviewed_by.is_empty(),
                "{}: a reviewed set names who reviewed it, an unreviewed one nobody",
                s.path
            );
            assert_eq!(parse(s).unwrap().tag, s.tag);
        }
    }

    #[test]
    fn every_built_in_set_gives_every_label_well_formed() {
        for s in SOURCES {
            let set = parse(s).unwrap();
            let (labels, missing) = Labels::from_lookup(|k| set.value(k), set.lowercase_audience());
            assert!(missing.is_empty(), "{}: {missing:?}", s.path);
            assert_eq!(set.words.months.len(), 12, "{}", s.path);
            for k in KEYS {
                match (k.kind, set.value(k.name)) {
                    (KeyKind::Pattern(places), Some(Value::Text(p))) => {
                        check_pattern(&p, places)
                            .unwrap_or_else(|e| panic!("{} {}: {e}", s.path, k.name));
                    }
                    (KeyKind::Words, Some(Value::Text(w))) => {
                        assert!(!w.trim().is_empty(), "{} {}", s.path, k.name);
                        assert!(!w.contains(['{', '}']), "{} {}", s.path, k.name);
                        assert_eq!(w, w.trim(), "{} {}: no spaces at the ends", s.path, k.name);
                    }
                    (KeyKind::Months, Some(Value::List(m))) => {
                        assert!(m.iter().all(|n| !n.trim().is_empty()), "{}", s.path);
                    }
                    (_, v) => panic!("{} {}: {v:?}", s.path, k.name),
                }
            }
            assert!(!labels.helplines.is_empty());
        }
    }

    #[test]
    fn the_label_files_are_in_unicode_normal_form_c() {
        // A reviewer's editor, a search and the glyph check all see the
        // same characters only if they are composed the same way.
        use unicode_normalization::UnicodeNormalization;
        for s in SOURCES {
            let nfc: String = s.text.nfc().collect();
            assert!(nfc == s.text, "{} is not in NFC", s.path);
        }
    }

    #[test]
    fn only_english_is_marked_reviewed() {
        for s in SOURCES {
            let set = parse(s).unwrap();
            assert_eq!(set.reviewed, s.tag.starts_with("en-"), "{}", s.path);
        }
    }

    #[test]
    fn a_locale_falls_back_by_its_language_and_script() {
        assert_eq!(set("en-GB").tag, "en-GB");
        assert_eq!(set("en-US").tag, "en-US");
        for tag in ["en", "en-IE", "en-CA", "en-AU"] {
            assert_eq!(set(tag).tag, "en-GB", "{tag}");
        }
        assert_eq!(set("cy-GB").tag, "cy");
        assert_eq!(set("ur-PK").tag, "ur");
        assert_eq!(set("pa-Guru-GB").tag, "pa");
        assert_eq!(set("pt-BR").tag, "pt");
        // Punjabi in Shahmukhi is another script: no set, not Gurmukhi.
        assert!(builtin(&Locale::parse("pa-Arab").unwrap()).is_none());
        for tag in ["de", "fr-FR", "ar-Latn"] {
            assert!(builtin(&Locale::parse(tag).unwrap()).is_none(), "{tag}");
        }
    }

    #[test]
    fn english_labels_read_as_they_did() {
        let l = Labels::english();
        assert_eq!(l.helplines, "Where to get help");
        assert_eq!(l.emergency, "In an emergency, call");
        assert_eq!(l.for_audience, "For");
        assert_eq!((l.page.as_str(), l.of.as_str()), ("Page", "of"));
        assert_eq!(l.page_of(1, 2), "Page 1 of 2");
        let d = Date {
            year: 2026,
            month: 11,
            day: 22,
        };
        assert_eq!(l.date(d, "en-GB"), "22 November 2026");
        assert_eq!(set("en-US").labels().date(d, "en-US"), "November 22, 2026");
        assert_eq!(
            l.for_audience("Parents and carers"),
            "For parents and carers"
        );
        assert_eq!(l.for_audience("DSLs and staff"), "For DSLs and staff");
    }

    #[test]
    fn the_english_guide_of_each_key_is_the_british_english_set() {
        let set = set("en-GB");
        for k in KEYS {
            assert_eq!(set.value(k.name), Some(english_value(k)), "{}", k.name);
        }
    }

    #[test]
    fn other_languages_set_dates_and_names_in_their_own_order() {
        let d = Date {
            year: 2026,
            month: 11,
            day: 22,
        };
        assert_eq!(set("cy").labels().date(d, "cy"), "22 Tachwedd 2026");
        assert_eq!(set("pl").labels().date(d, "pl"), "22 listopada 2026");
        assert_eq!(set("pt").labels().date(d, "pt"), "22 de novembro de 2026");
        assert_eq!(set("cy").labels().page_of(1, 2), "Tudalen 1 o 2");
        assert_eq!(
            set("cy").labels().for_audience("Rhieni a gofalwyr"),
            "Ar gyfer rhieni a gofalwyr"
        );
        // A language that capitalises nouns keeps the name as written.
        let german = Labels::from_lookup(
            |k| match k {
                "for_audience" => Some(Value::Text("Für {audience}".into())),
                _ => None,
            },
            false,
        )
        .0;
        assert_eq!(german.for_audience("Eltern"), "Für Eltern");
    }

    #[test]
    fn patterns_are_checked_for_their_places() {
        assert!(check_pattern("Page {page} of {pages}", &["page", "pages"]).is_ok());
        assert!(check_pattern("{pages}: {page}", &["page", "pages"]).is_ok());
        let e = check_pattern("Page {page}", &["page", "pages"]).unwrap_err();
        assert!(e.contains("{pages}"), "{e}");
        let e = check_pattern("For {audiense}", &["audience"]).unwrap_err();
        assert!(e.contains("did you mean {audience}"), "{e}");
        assert!(check_pattern("For {audience", &["audience"]).is_err());
        assert!(check_pattern("For audience}", &["audience"]).is_err());
        assert!(check_pattern("{audience} {audience}", &["audience"]).is_err());
    }

    #[test]
    fn a_missing_label_is_left_empty_and_reported_never_filled_with_english() {
        let (labels, missing) = Labels::from_lookup(
            |k| (k == "helplines").then(|| Value::Text("Hilfe".into())),
            false,
        );
        assert_eq!(labels.helplines, "Hilfe");
        assert_eq!(labels.emergency, "");
        assert_eq!(missing.len(), KEYS.len() - 1);
        assert_eq!(missing[0], "emergency");
        assert_eq!(*missing.last().unwrap(), "date");
    }
}
