//! The words layouts print themselves ("Where to get help", "Page 1 of 2",
//! the months of the reviewed date), as data: one TOML file per language
//! under `labels/` in the repository, compiled into the binary, each saying
//! whether a native speaker has reviewed it. A pack may override any of
//! them in its `[labels]` table (see `crate::pack`), and a pack in a
//! language with no built-in set must give them all: English is never
//! filled in for another language.

mod builtin;
pub mod locale;
#[cfg(test)]
mod tests;

pub use builtin::{builtin, builtin_tags, BuiltinSet};
use builtin::{parse, SOURCES};
pub use locale::{Direction, Locale};

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
