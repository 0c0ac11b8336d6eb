//! The built-in label sets: one TOML file per language under `labels/` in
//! the repository, compiled into the binary, each saying whether a native
//! speaker has reviewed it.

use serde::Deserialize;

use super::{Direction, Labels, Locale, Value};

/// A label file, as compiled in.
pub(super) struct Source {
    /// Its tag: the language, and the region where the set is a region's.
    pub(super) tag: &'static str,
    /// The script its words are in.
    pub(super) script: &'static str,
    /// Its path in the repository, for messages.
    pub(super) path: &'static str,
    /// Its text.
    pub(super) text: &'static str,
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
pub(super) const SOURCES: &[Source] = &[
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
    pub(super) words: SetLabels,
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
pub(super) struct SetFile {
    pub(super) set: SetMeta,
    pub(super) labels: SetLabels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SetMeta {
    pub(super) tag: String,
    pub(super) name: String,
    pub(super) native_name: String,
    pub(super) script: String,
    pub(super) direction: String,
    pub(super) reviewed: bool,
    pub(super) reviewed_by: Vec<String>,
}

/// Every label, required: a built-in set is complete.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SetLabels {
    pub(super) helplines: String,
    pub(super) emergency: String,
    pub(super) scan: String,
    pub(super) reviewed: String,
    pub(super) for_audience: String,
    pub(super) sources: String,
    pub(super) page: String,
    pub(super) notes: String,
    pub(super) talk_to_us: String,
    pub(super) text: String,
    pub(super) keep_card: String,
    pub(super) print_on_cream: String,
    pub(super) logo: String,
    pub(super) qr_code: String,
    pub(super) more_advice: String,
    pub(super) months: Vec<String>,
    pub(super) date: String,
    pub(super) lowercase_audience: bool,
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

pub(super) fn parse(source: &Source) -> Result<BuiltinSet, String> {
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
