//! Packs: reading the TOML files, checking them, and the labels layouts print.
//!
//! `load` reads every file and reports every error it finds (it does not stop
//! at the first); `validate` then checks the rules of pack-format.md that serde
//! cannot express.

pub mod align;
pub mod habits;
pub mod load;

pub mod model;
pub mod phone;
pub mod placeholders;
pub mod read;
pub mod readability;
pub mod schema;
pub mod site;
#[cfg(test)]
mod tests;
pub mod translate;
pub mod typed;
pub mod validate;

use std::path::PathBuf;

use crate::date::Date;
use crate::diagnostics::FileId;
use crate::labels::{BuiltinSet, Locale};
use crate::markup::Block;
use model::{AudienceFile, Helpline, PackFile, TranslationFile};

pub use crate::labels::Labels;
pub use load::{from_sources, load};
pub(crate) use read::{parse_toml, table_header};
pub use read::{read_text, value_offset};
pub use translate::{with_translations, TranslatedAudience};

/// Largest TOML file read: a pack is prose, not data.
pub const MAX_TOML_BYTES: u64 = 1024 * 1024;

/// A pack, read and parsed.
#[derive(Debug)]
pub struct Pack {
    /// The pack's folder.
    pub dir: PathBuf,
    /// `pack.toml` in the report's files.
    pub file: FileId,
    /// What `pack.toml` says.
    pub spec: PackFile,
    /// The audiences, sorted by id.
    pub audiences: Vec<Audience>,
    /// The locale, read (en-GB when the pack gives none); `Err` when the
    /// tag given cannot be read (validation reports it).
    language: Result<Locale, crate::labels::locale::BadLocale>,
    /// The words layouts print, resolved once.
    labels: Labels,
    /// Where those words came from.
    label_origin: LabelOrigin,
    /// The pack's other languages, in tag order (none in a translation's
    /// own view of the pack).
    translations: Vec<Translation>,
    /// The ids of the pack's audiences in its own language, in order: an
    /// audience's place here picks its colour, in every language.
    audience_order: Vec<String>,
}

/// One language of a pack besides its own: `translations/<lang>.toml`
/// (the words of `pack.toml`) and the audience files
/// `audiences/<id>.<lang>.toml`.
#[derive(Debug)]
pub struct Translation {
    /// The language, read from the file's name.
    pub locale: Locale,
    /// `translations/<lang>.toml` in the report's files.
    pub file: FileId,
    /// What it says.
    pub spec: TranslationFile,
    /// The pack in this language: its title, sources, helplines, labels
    /// and audiences are this language's, and everything else (ids,
    /// numbers, addresses, theme, dates) is the pack's own. Spans point
    /// into the file each value came from: the translation's words into
    /// [`Translation::file`] and the audiences' files, the rest into
    /// `pack.toml`.
    pub pack: Pack,
}

/// Where a pack's labels came from.
#[derive(Clone, Debug)]
pub struct LabelOrigin {
    /// The built-in set of the pack's language, if it has one.
    pub set: Option<BuiltinSet>,
    /// The keys printed from that set: those `[labels]` does not give.
    pub from_set: Vec<&'static str>,
    /// The keys neither gives (only where there is no built-in set).
    pub missing: Vec<&'static str>,
}

/// The labels of a pack in `language` that gives `given` in `[labels]`:
/// each key from `[labels]`, else the language's built-in set. With no
/// set (or a locale that cannot be read), the keys `[labels]` lacks are
/// missing: never English.
pub fn resolve_labels(language: Option<&Locale>, given: &model::Labels) -> (Labels, LabelOrigin) {
    let set = language.and_then(crate::labels::builtin);
    let from_set: Vec<&'static str> = crate::labels::KEYS
        .iter()
        .map(|k| k.name)
        .filter(|k| given.value(k).is_none() && set.is_some())
        .collect();
    let lowercase = match (&given.lowercase_audience, &set) {
        (Some(b), _) => *b.get_ref(),
        (None, Some(set)) => set.lowercase_audience(),
        (None, None) => false,
    };
    let (labels, missing) = Labels::from_lookup(
        |k| {
            given
                .value(k)
                .or_else(|| set.as_ref().and_then(|s| s.value(k)))
        },
        lowercase,
    );
    let origin = LabelOrigin {
        set,
        from_set,
        missing,
    };
    (labels, origin)
}

/// One audience of a pack.
#[derive(Debug)]
pub struct Audience {
    /// The file's stem.
    pub id: String,
    /// The audience file in the report's files.
    pub file: FileId,
    /// What the file says.
    pub spec: AudienceFile,
    /// Each section's body, parsed; same order as `spec.sections`.
    pub bodies: Vec<Vec<Block>>,
}

impl Pack {
    /// The pack's id.
    pub fn id(&self) -> &str {
        self.spec.pack.id.get_ref()
    }

    /// The pack's language tag, as written (`en-GB` when absent).
    pub fn locale(&self) -> &str {
        model::given(&self.spec.pack.locale).unwrap_or("en-GB")
    }

    /// The pack's locale, read; `None` when the tag cannot be read (an
    /// error `validate` reports).
    pub fn language(&self) -> Option<&Locale> {
        self.language.as_ref().ok()
    }

    /// Why the locale cannot be read, if it cannot.
    pub fn locale_problem(&self) -> Option<&crate::labels::locale::BadLocale> {
        self.language.as_ref().err()
    }

    /// The country whose phone numbers and paper the outputs use, in
    /// uppercase: `[pack] region` when given, else the locale's region,
    /// else `GB`. A bare language names no country: `cy` is Welsh, not
    /// Cyprus, and `pa` Punjabi, not Panama.
    pub fn region(&self) -> String {
        if let Some(r) = model::given(&self.spec.pack.region) {
            return r.to_ascii_uppercase();
        }
        self.language()
            .and_then(Locale::region)
            .filter(|r| r.len() == 2)
            .unwrap_or("GB")
            .to_string()
    }

    /// Where the pack's labels came from.
    pub fn label_origin(&self) -> &LabelOrigin {
        &self.label_origin
    }

    /// The pack's languages: its own first (the locale of `pack.toml`),
    /// then each translation's, in tag order. Empty only when the pack's
    /// own locale cannot be read (an error `validate` reports).
    pub fn languages(&self) -> Vec<Locale> {
        self.language()
            .into_iter()
            .cloned()
            .chain(self.translations.iter().map(|t| t.locale.clone()))
            .collect()
    }

    /// The pack in `language`: the pack itself for its own language, or a
    /// translation's view of it (see [`Translation::pack`]). `None` when
    /// the pack has no such language.
    pub fn in_language(&self, language: &Locale) -> Option<&Pack> {
        if self.is_own_language(language) {
            return Some(self);
        }
        self.translation(language).map(|t| &t.pack)
    }

    /// True if `language` is the pack's own (that of `pack.toml`).
    pub fn is_own_language(&self, language: &Locale) -> bool {
        self.language() == Some(language)
    }

    /// The translation into `language`, if the pack has one.
    pub fn translation(&self, language: &Locale) -> Option<&Translation> {
        self.translations.iter().find(|t| t.locale == *language)
    }

    /// The pack's translations, in tag order.
    pub fn translations(&self) -> &[Translation] {
        &self.translations
    }

    /// The language of the pack that `asked` names: the one with that very
    /// tag, else the only one in the same language (`en` finds `en-GB`,
    /// `cy-GB` finds `cy`). `None` when there is none, or several.
    pub fn find_language(&self, asked: &Locale) -> Option<Locale> {
        let all = self.languages();
        if let Some(exact) = all.iter().find(|l| *l == asked) {
            return Some(exact.clone());
        }
        let same: Vec<&Locale> = all
            .iter()
            .filter(|l| l.language() == asked.language())
            .collect();
        match same.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    /// The place of the audience `id` among the pack's audiences in its
    /// own language, which picks its colour: the same in every language.
    pub fn position(&self, id: &str) -> usize {
        self.audience_order
            .iter()
            .position(|a| a == id)
            .unwrap_or(0)
    }

    /// Every file the pack was read from, in the order read: `pack.toml`,
    /// the audiences, then each translation's file and its audiences.
    pub fn files(&self) -> Vec<FileId> {
        let mut files = vec![self.file];
        files.extend(self.audiences.iter().map(|a| a.file));
        for t in &self.translations {
            files.push(t.file);
            files.extend(t.pack.audiences.iter().map(|a| a.file));
        }
        files
    }

    /// The audience with this id.
    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }

    /// The helplines shown to an audience, in pack order.
    pub fn helplines_for<'a>(
        &'a self,
        audience: &'a str,
    ) -> impl Iterator<Item = &'a Helpline> + 'a {
        self.spec
            .helplines
            .iter()
            .filter(move |h| h.shown_to(audience))
    }

    /// The words layouts print: each from `[labels]`, else the built-in
    /// set of the pack's language (see [`resolve_labels`]).
    pub fn labels(&self) -> Labels {
        self.labels.clone()
    }

    /// The reviewed date as (year, month, day), if it is a plain date.
    pub fn reviewed(&self) -> Option<Date> {
        let dt = self.spec.pack.reviewed.get_ref();
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => None,
        }
    }
}
