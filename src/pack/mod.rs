//! Packs: reading the TOML files, checking them, and the labels layouts print.
//!
//! `load` reads every file and reports every error it finds (it does not stop
//! at the first); `validate` then checks the rules of pack-format.md that serde
//! cannot express.

pub mod align;
pub mod markup;
pub mod model;
pub mod phone;
pub mod placeholders;
pub mod readability;
pub mod schema;
pub mod site;
pub mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::labels::{BuiltinSet, Locale};
use crate::suggest::closest;

/// Kept at its old path for the layouts (`crate::pack::Date`); the type
/// lives in [`crate::date`], below `labels` and `pack` (issue 21).
pub use crate::date::Date;
use markup::Block;
use model::{AudienceFile, Helpline, PackFile, TranslationFile};

pub use crate::labels::Labels;

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

/// Reads a text file of at most `limit` bytes, reporting what goes wrong.
pub fn read_text(path: &Path, limit: u64, what: &str, report: &mut Report) -> Option<String> {
    let fail = |report: &mut Report, message: String, help: &str| {
        report.push(Diagnostic::error(message).help(help.to_string()));
        None
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return fail(
                report,
                format!("cannot read {what} {}: {e}", path.display()),
                "check the path; a pack is a folder with pack.toml and audiences/*.toml",
            )
        }
    };
    if !meta.is_file() {
        return fail(
            report,
            format!("{what} {} is not a file", path.display()),
            "give the path of a TOML file",
        );
    }
    if meta.len() > limit {
        return fail(
            report,
            format!(
                "{what} {} is {} KB; the limit is {} KB",
                path.display(),
                meta.len() / 1024,
                limit / 1024
            ),
            "a pack file holds prose; split it or check it is the right file",
        );
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                report,
                format!("cannot read {what} {}: {e}", path.display()),
                "check the file's permissions",
            )
        }
    };
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => fail(
            report,
            format!(
                "{what} {} is not UTF-8 text: invalid byte at offset {}",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
            "save the file as UTF-8 (every modern editor can)",
        ),
    }
}

/// Reads and parses a pack folder. Every file is read and every error
/// reported; `None` when the pack cannot be used.
pub fn load(dir: &Path, report: &mut Report) -> Option<Pack> {
    let pack_path = dir.join("pack.toml");
    if !dir.is_dir() {
        report.push(
            Diagnostic::error(format!("pack folder {} does not exist", dir.display()))
                .help("give the folder that holds pack.toml, for example packs/e2ee"),
        );
        return None;
    }
    let pack = read_text(&pack_path, MAX_TOML_BYTES, "pack file", report);
    let read = read_audiences(&dir.join("audiences"), report);
    let (translation_texts, translations_read) =
        read_translations(&dir.join("translations"), report);
    let pack_file = pack.map(|text| report.add_file(&pack_path, text));
    let audience_files: Vec<(String, FileId)> = read
        .own
        .into_iter()
        .map(|(id, path, text)| (id, report.add_file(&path, text)))
        .collect();
    let translated_files: Vec<TranslatedAudience> = read
        .translated
        .into_iter()
        .map(|(id, language, path, text)| TranslatedAudience {
            id,
            language,
            file: report.add_file(&path, text),
        })
        .collect();
    let translation_files: Vec<(String, FileId)> = translation_texts
        .into_iter()
        .map(|(tag, path, text)| (tag, report.add_file(&path, text)))
        .collect();
    let files = pack_file
        .iter()
        .chain(audience_files.iter().map(|(_, f)| f))
        .chain(translation_files.iter().map(|(_, f)| f))
        .chain(translated_files.iter().map(|t| &t.file));
    for file in files.copied().collect::<Vec<_>>() {
        placeholders::report(file, report);
    }
    // Every file that could be read is checked, even when another could not.
    let pack = from_sources(dir, pack_file, &audience_files, report)?;
    let pack = with_translations(pack, &translation_files, &translated_files, report);
    (read.all_read && translations_read).then_some(pack)
}

/// Parses a pack from files already in the report: `pack.toml` (`None` if
/// it could not be read), and each audience's id and file. Every error in
/// every file is reported.
pub fn from_sources(
    dir: &Path,
    pack_file: Option<FileId>,
    audience_files: &[(String, FileId)],
    report: &mut Report,
) -> Option<Pack> {
    let spec = pack_file.and_then(|f| {
        if schema::check(f, schema::PACK_FILE, report) {
            parse_toml::<PackFile>(f, report)
        } else {
            None
        }
    });
    let mut audiences = Vec::new();
    let mut ok = true;
    for (id, file) in audience_files {
        let file = *file;
        if !schema::check(file, schema::AUDIENCE_FILE, report) {
            ok = false;
            continue;
        }
        match parse_toml::<AudienceFile>(file, report) {
            Some(spec) => {
                let bodies = parse_bodies(&spec, file, report);
                audiences.push(Audience {
                    id: id.clone(),
                    file,
                    spec,
                    bodies,
                });
            }
            None => ok = false,
        }
    }
    let (spec, pack_file) = (spec?, pack_file?);
    if !ok {
        return None;
    }
    audiences.sort_by(|a, b| a.id.cmp(&b.id));
    let language = Locale::parse(model::given(&spec.pack.locale).unwrap_or("en-GB"));
    let (labels, label_origin) = resolve_labels(language.as_ref().ok(), &spec.labels);
    let audience_order = audiences.iter().map(|a| a.id.clone()).collect();
    Some(Pack {
        dir: dir.to_path_buf(),
        file: pack_file,
        spec,
        audiences,
        language,
        labels,
        label_origin,
        translations: Vec::new(),
        audience_order,
    })
}

/// An audience file in another language: `audiences/<id>.<lang>.toml`.
#[derive(Clone, Debug)]
pub struct TranslatedAudience {
    /// The audience's id: the file name before the first dot.
    pub id: String,
    /// The language, as the file name writes it: after the first dot.
    pub language: String,
    /// The file in the report's files.
    pub file: FileId,
}

/// Adds to a pack (read in its own language by [`from_sources`]) its
/// translations: each `translations/<lang>.toml` (the tag as written in
/// its file name, and the file), with the audience files in that
/// language. Every problem is reported; a translation that cannot be read
/// is left out (its errors stop the pack being built).
pub fn with_translations(
    mut pack: Pack,
    files: &[(String, FileId)],
    audiences: &[TranslatedAudience],
    report: &mut Report,
) -> Pack {
    let own = pack.language().cloned();
    let own_name = |l: &Locale| {
        l.language_name()
            .unwrap_or("the pack's language")
            .to_string()
    };
    // Each translation file's language, where its name is a tag.
    let mut declared: Vec<(Locale, FileId)> = Vec::new();
    for (tag, file) in files {
        let file = *file;
        let locale = match Locale::parse(tag) {
            Ok(l) => l,
            Err(bad) => {
                let help = match bad.suggestion {
                    Some(s) => format!("did you mean translations/{s}.toml? A translation file is named after its language's tag: cy.toml, pl.toml, ur-GB.toml"),
                    None => "a translation file is named after its language's tag: cy.toml, pl.toml, ur-GB.toml".to_string(),
                };
                report.push(
                    Diagnostic::error(format!(
                        "the name of this translation file is not a language tag: {}",
                        bad.why
                    ))
                    .in_file(file)
                    .help(help),
                );
                continue;
            }
        };
        if own.as_ref() == Some(&locale) {
            report.push(
                Diagnostic::error(format!(
                    "this translation is in the pack's own language, {}",
                    locale.describe()
                ))
                .in_file(file)
                .help("the pack's own words are in pack.toml and audiences/<id>.toml; a translation file holds another language's: rename it after that language, or remove it"),
            );
            continue;
        }
        if let Some((_, first)) = declared.iter().find(|(l, _)| *l == locale) {
            let first = report.path(*first).display().to_string();
            report.push(
                Diagnostic::error(format!(
                    "two translation files are in {}: this one and {first}",
                    locale.describe()
                ))
                .in_file(file)
                .help("keep one file per language"),
            );
            continue;
        }
        declared.push((locale, file));
    }
    let mut translations = Vec::new();
    for (locale, file) in &declared {
        let (locale, file) = (locale.clone(), *file);
        let spec = if schema::check_translation(file, report) {
            parse_toml::<TranslationFile>(file, report)
        } else {
            None
        };
        let mut translated: Vec<Audience> = Vec::new();
        let mut ok = true;
        for a in audiences {
            if Locale::parse(&a.language).ok().as_ref() != Some(&locale) {
                continue;
            }
            let Some(original) = pack.audience(&a.id) else {
                let ids: Vec<&str> = pack.audiences.iter().map(|a| a.id.as_str()).collect();
                let help = match closest(&a.id, &ids) {
                    Some(k) => format!("did you mean audiences/{k}.{}.toml? A translation is named after the audience it translates: the audiences are {}", a.language, ids.join(", ")),
                    None => format!("a translation is named after the audience it translates, audiences/<id>.{}.toml: the audiences are {}", a.language, ids.join(", ")),
                };
                report.push(
                    Diagnostic::error(format!(
                        "this is a translation of an audience `{}` that the pack does not have",
                        a.id
                    ))
                    .in_file(a.file)
                    .help(help),
                );
                ok = false;
                continue;
            };
            if translated.iter().any(|t| t.id == a.id) {
                report.push(
                    Diagnostic::error(format!(
                        "a second translation of `{}` into {}",
                        a.id,
                        locale.describe()
                    ))
                    .in_file(a.file)
                    .help("keep one file per audience and language"),
                );
                ok = false;
                continue;
            }
            if !schema::check(a.file, schema::AUDIENCE_FILE, report) {
                ok = false;
                continue;
            }
            let Some(mut spec) = parse_toml::<AudienceFile>(a.file, report) else {
                ok = false;
                continue;
            };
            // The wallet card leads with the same service in every
            // language: an id is written once, in the pack's own language.
            if spec.audience.main_helpline.is_none() {
                spec.audience.main_helpline = original.spec.audience.main_helpline.clone();
            }
            let bodies = parse_bodies(&spec, a.file, report);
            translated.push(Audience {
                id: a.id.clone(),
                file: a.file,
                spec,
                bodies,
            });
        }
        let Some(spec) = spec else { continue };
        if !ok {
            continue;
        }
        if translated.is_empty() {
            let tag = report
                .path(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| locale.to_string());
            let first = pack.audiences.first().map_or("parents", |a| a.id.as_str());
            report.push(
                Diagnostic::error(format!(
                    "the pack has no audience in {}: this file gives the words of pack.toml in it, but no audience file does",
                    locale.describe()
                ))
                .in_file(file)
                .help(format!(
                    "add the {} text of each audience translated as audiences/<id>.{tag}.toml (for example audiences/{first}.{tag}.toml), with the same sections as its {} file",
                    locale.language_name().unwrap_or("translated"),
                    own.as_ref().map(own_name).unwrap_or_else(|| "own".to_string())
                )),
            );
            continue;
        }
        translated.sort_by(|a, b| a.id.cmp(&b.id));
        let view = translate(&pack, &locale, &spec, translated);
        translations.push(Translation {
            locale,
            file,
            spec,
            pack: view,
        });
    }
    // Audience files in a language the pack has no translation file for.
    for a in audiences {
        let problem = match Locale::parse(&a.language) {
            Err(bad) => Some((
                format!(
                    "`{}` after the audience's id in this file's name is not a language tag: {}",
                    a.language, bad.why
                ),
                format!(
                    "an audience file is named after its audience (audiences/{}.toml); a translation of it after the audience and the language (audiences/{}.cy.toml for Welsh)",
                    a.id, a.id
                ),
            )),
            Ok(l) if own.as_ref() == Some(&l) => Some((
                format!(
                    "this file is named as a translation into {}, the pack's own language",
                    l.describe()
                ),
                format!(
                    "the audience's text in the pack's own language is audiences/{}.toml: rename this file, or remove it",
                    a.id
                ),
            )),
            Ok(l) if !declared.iter().any(|(d, _)| *d == l) => Some((
                format!(
                    "this audience is in {}, and the pack has no translations/{}.toml",
                    l.describe(),
                    a.language
                ),
                format!(
                    "a language's helplines, sources and title are in translations/{}.toml: add it (see docs/pack-format.md, Translations)",
                    a.language
                ),
            )),
            Ok(_) => None,
        };
        if let Some((message, help)) = problem {
            report.push(Diagnostic::error(message).in_file(a.file).help(help));
        }
    }
    translations.sort_by_key(|t| t.locale.to_string());
    pack.translations = translations;
    pack
}

/// The pack in another language: `pack.toml` with the translation's words
/// in place of its own, the audiences in that language, and the labels of
/// that language (its built-in set, under the translation's `[labels]`).
fn translate(
    own: &Pack,
    locale: &Locale,
    words: &TranslationFile,
    audiences: Vec<Audience>,
) -> Pack {
    let mut spec = own.spec.clone();
    // The view's locale is its language; its region stays the pack's, so
    // the same numbers are checked the same way and printed on the same
    // paper in every language.
    let at = own.spec.pack.locale.as_ref().map_or(0..0, |t| t.span());
    spec.pack.locale = Some(toml::Spanned::new(at.clone(), locale.to_string()));
    if spec.pack.region.is_none() {
        spec.pack.region = Some(toml::Spanned::new(at, own.region()));
    }
    spec.pack.title = words.pack.title.clone();
    spec.pack.summary = words.pack.summary.clone();
    for (source, given) in spec.pack.sources.iter_mut().zip(&words.pack.sources) {
        if let Some(p) = given
            .publisher
            .as_ref()
            .filter(|t| !t.get_ref().trim().is_empty())
        {
            source.publisher = p.clone();
        }
        if let Some(t) = given
            .title
            .as_ref()
            .filter(|t| !t.get_ref().trim().is_empty())
        {
            source.title = t.clone();
        }
    }
    spec.labels = words.labels.clone();
    for h in &mut spec.helplines {
        // A helpline with no words in this language keeps its own: `check`
        // refuses the pack if any audience in this language is shown it.
        let Some(w) = words.helpline(h.id.get_ref()) else {
            continue;
        };
        if let Some(name) = w.name.as_ref().filter(|t| !t.get_ref().trim().is_empty()) {
            h.name = name.clone();
        }
        h.for_whom = w.for_whom.clone();
        // Only this language's words: where it gives none, none are
        // printed, never the pack's own language's (`check` refuses a
        // translation that leaves out what pack.toml gives).
        h.short = w.short.clone();
        h.hours = w.hours.clone();
        h.cost = w.cost.clone();
    }
    let (labels, label_origin) = resolve_labels(Some(locale), &words.labels);
    Pack {
        dir: own.dir.clone(),
        file: own.file,
        spec,
        audiences,
        language: Ok(locale.clone()),
        labels,
        label_origin,
        translations: Vec::new(),
        audience_order: own.audience_order.clone(),
    }
}

/// The audience files read from `audiences/`.
struct AudienceTexts {
    /// In the pack's own language: (id, path, text), in name order.
    own: Vec<(String, PathBuf, String)>,
    /// Translations, `<id>.<lang>.toml`: (id, language as written, path,
    /// text), in name order.
    translated: Vec<(String, String, PathBuf, String)>,
    /// Whether every file could be read (and there was one in the pack's
    /// own language).
    all_read: bool,
}

/// Reads the audience files, in name order: `<id>.toml` in the pack's own
/// language, `<id>.<lang>.toml` in another.
fn read_audiences(dir: &Path, report: &mut Report) -> AudienceTexts {
    let mut out = AudienceTexts {
        own: Vec::new(),
        translated: Vec::new(),
        all_read: false,
    };
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            report.push(
                Diagnostic::error(format!(
                    "cannot read the audiences folder {}: {e}",
                    dir.display()
                ))
                .help("a pack needs an audiences/ folder with one .toml file per audience"),
            );
            return out;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if !paths.iter().any(|p| !stem(p).contains('.')) {
        report.push(
            Diagnostic::error(format!("{} has no audience files", dir.display()))
                .help("add one .toml file per audience, for example audiences/parents.toml"),
        );
        return out;
    }
    let root = dir.parent().unwrap_or(dir);
    out.all_read = true;
    for path in paths {
        if let Err(message) = crate::files::confined(&path, root) {
            report.push(
                Diagnostic::error(message)
                    .help("a pack's files must be inside its folder: copy the file in instead of linking to it"),
            );
            out.all_read = false;
            continue;
        }
        let name = stem(&path);
        match read_text(&path, MAX_TOML_BYTES, "audience file", report) {
            Some(text) => match name.split_once('.') {
                Some((id, language)) => {
                    out.translated
                        .push((id.to_string(), language.to_string(), path, text))
                }
                None => out.own.push((name, path, text)),
            },
            None => out.all_read = false,
        }
    }
    out
}

/// Reads the translation files, `translations/<lang>.toml`, in name order:
/// (the tag as the name writes it, path, text), and whether every one
/// could be read. A pack without the folder has none.
fn read_translations(dir: &Path, report: &mut Report) -> (Vec<(String, PathBuf, String)>, bool) {
    if !dir.exists() {
        return (Vec::new(), true);
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            report.push(
                Diagnostic::error(format!(
                    "cannot read the translations folder {}: {e}",
                    dir.display()
                ))
                .help("translations/ holds one <lang>.toml file per language besides the pack's own, such as translations/cy.toml"),
            );
            return (Vec::new(), false);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let root = dir.parent().unwrap_or(dir);
    let mut files = Vec::new();
    let mut ok = true;
    for path in paths {
        if let Err(message) = crate::files::confined(&path, root) {
            report.push(
                Diagnostic::error(message)
                    .help("a pack's files must be inside its folder: copy the file in instead of linking to it"),
            );
            ok = false;
            continue;
        }
        let tag = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match read_text(&path, MAX_TOML_BYTES, "translation file", report) {
            Some(text) => files.push((tag, path, text)),
            None => ok = false,
        }
    }
    (files, ok)
}

/// Parses each section's body; markup errors are reported at their place.
fn parse_bodies(spec: &AudienceFile, file: FileId, report: &mut Report) -> Vec<Vec<Block>> {
    spec.sections
        .iter()
        .map(|s| match &s.body {
            None => Vec::new(),
            Some(body) => match markup::parse(body.get_ref()) {
                Ok(blocks) => blocks,
                Err(e) => {
                    let at = value_offset(report.source(file), body.span(), e.offset);
                    report.push(
                        Diagnostic::error(e.message)
                            .at(file, at..at + 2)
                            .label("opened here")
                            .help(e.help),
                    );
                    Vec::new()
                }
            },
        })
        .collect()
}

/// Where a `[name]` table header is in a TOML file: the brackets and what
/// is between them.
pub(crate) fn table_header(source: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let code: String = line
            .chars()
            .take_while(|c| *c != '#')
            .filter(|c| !c.is_whitespace())
            .collect();
        if code == format!("[{name}]") {
            let open = line.find('[').unwrap_or(0);
            let close = line.find(']').map_or(line.len(), |i| i + 1);
            return Some(start + open..start + close);
        }
        start += line.len();
    }
    None
}

/// The file offset of byte `offset` of a TOML string's value, given the
/// string's span (which includes its quotes). Exact for strings without
/// escapes, which is what prose is; clamped to the span otherwise.
pub fn value_offset(source: &str, span: std::ops::Range<usize>, offset: usize) -> usize {
    let raw = source.get(span.clone()).unwrap_or("");
    let mut start = span.start;
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if raw.starts_with(quote) {
            start += quote.len();
            if quote.len() == 3 {
                // A newline right after the opening quotes is not part of the value.
                if raw[3..].starts_with("\r\n") {
                    start += 2;
                } else if raw[3..].starts_with('\n') {
                    start += 1;
                }
            }
            break;
        }
    }
    (start + offset)
        .min(span.end.saturating_sub(1))
        .max(span.start)
}

/// Parses one TOML file into `T`, reporting a syntax or shape error at its place.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    file: FileId,
    report: &mut Report,
) -> Option<T> {
    match toml::from_str::<T>(report.source(file)) {
        Ok(v) => Some(v),
        Err(e) => {
            let (message, help) = explain_toml_error(e.message());
            let d = Diagnostic::error(message).label("here");
            let d = match e.span() {
                Some(span) => d.at(file, span),
                None => d.in_file(file),
            };
            report.push(match help {
                Some(h) => d.help(h),
                None => d,
            });
            None
        }
    }
}

/// Turns serde's and toml's wording into what a pack author needs: for an
/// unknown key, the closest known one.
fn explain_toml_error(message: &str) -> (String, Option<String>) {
    let message = message.trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match closest(key, &known) {
            Some(k) => format!("did you mean `{k}`?"),
            None if known.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", known.join(", ")),
        };
        return (format!("unknown key `{key}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("missing key `{key}`"),
            Some(format!(
                "add `{key} = ...` to this table (see pack-format.md)"
            )),
        );
    }
    if message.contains("TOML datetime") || message.contains("expected a date") {
        let found = message
            .strip_prefix("invalid type: ")
            .and_then(|m| m.split(", expected").next())
            .unwrap_or("something else");
        return (
            format!("expected a date like 2026-11-22, found {found}"),
            Some("write the date without quotes: reviewed = 2026-11-22".into()),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (v, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match closest(v, &known) {
            Some(k) => format!("did you mean `{k}`? The kinds are: {}", known.join(", ")),
            None => format!("use one of: {}", known.join(", ")),
        };
        return (format!("unknown value `{v}`"), Some(help));
    }
    (message, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let (m, help) = explain_toml_error(
            "unknown field `headlin`, expected one of `name`, `headline`, `strapline`",
        );
        assert_eq!(m, "unknown key `headlin`");
        assert_eq!(help.as_deref(), Some("did you mean `headline`?"));
    }

    #[test]
    fn value_offset_skips_quotes_and_first_newline() {
        let src = "body = \"\"\"\nabc **x\n\"\"\"";
        let span = 7..src.len();
        assert_eq!(&src[value_offset(src, span, 4)..][..2], "**");
    }

    /// A pack read from text: `pack.toml`, one audience `parents`, and a
    /// translation of both into each `(tag, words, audience)`.
    fn pack_with(
        pack: &str,
        audience: &str,
        translations: &[(&str, &str, &str)],
    ) -> (Pack, Report) {
        let mut r = Report::new();
        let p = r.add_file(Path::new("pack.toml"), pack.to_string());
        let a = r.add_file(Path::new("audiences/parents.toml"), audience.to_string());
        let own = from_sources(Path::new("."), Some(p), &[("parents".into(), a)], &mut r)
            .expect("the pack parses");
        let mut files = Vec::new();
        let mut audiences = Vec::new();
        for (tag, words, text) in translations {
            files.push((
                tag.to_string(),
                r.add_file(
                    Path::new(&format!("translations/{tag}.toml")),
                    words.to_string(),
                ),
            ));
            audiences.push(TranslatedAudience {
                id: "parents".into(),
                language: tag.to_string(),
                file: r.add_file(
                    Path::new(&format!("audiences/parents.{tag}.toml")),
                    text.to_string(),
                ),
            });
        }
        let pack = with_translations(own, &files, &audiences, &mut r);
        (pack, r)
    }

    const AUDIENCE: &str = "[audience]\nname = \"P\"\nheadline = \"H\"\nkey_points = [\"a\", \"b\", \"c\"]\n[[sections]]\nkind = \"note\"\nheading = \"x\"\nbody = \"y\"\n";

    #[test]
    fn a_translation_is_the_pack_in_its_language_with_the_packs_region() {
        let pack = "[pack]\nid = \"p\"\ntitle = \"Title\"\nlocale = \"en-US\"\nreviewed = 2026-01-01\n[[helplines]]\nid = \"line\"\nname = \"Line\"\nphone = \"911\"\nfor = \"Everyone\"\n";
        let words = "[pack]\ntitle = \"Titulo\"\n[helplines.line]\nfor = \"Todos\"\n";
        let (pack, r) = pack_with(pack, AUDIENCE, &[("es", words, AUDIENCE)]);
        assert!(!r.has_errors(), "{:?}", r.diagnostics());
        let langs: Vec<String> = pack.languages().iter().map(Locale::to_string).collect();
        assert_eq!(langs, ["en-US", "es"]);
        let es = Locale::parse("es").unwrap();
        let view = pack.in_language(&es).expect("the Spanish view");
        assert_eq!(view.locale(), "es");
        // The numbers are American in every language, and so is the paper.
        assert_eq!(view.region(), "US");
        assert_eq!(view.spec.pack.title.get_ref(), "Titulo");
        assert_eq!(view.spec.helplines[0].for_whom.get_ref(), "Todos");
        assert_eq!(view.spec.helplines[0].name.get_ref(), "Line");
        assert_eq!(view.spec.helplines[0].phone(), Some("911"));
        assert!(pack.in_language(&Locale::parse("cy").unwrap()).is_none());
    }

    #[test]
    fn a_language_is_found_by_its_tag_or_its_first_part_when_that_is_one() {
        let pack = "[pack]\nid = \"p\"\ntitle = \"T\"\nlocale = \"en-GB\"\nreviewed = 2026-01-01\n";
        let words = "[pack]\ntitle = \"T\"\n";
        let (pack, _) = pack_with(
            pack,
            AUDIENCE,
            &[
                ("cy", words, AUDIENCE),
                ("pt", words, AUDIENCE),
                ("pt-BR", words, AUDIENCE),
            ],
        );
        let find = |t: &str| {
            pack.find_language(&Locale::parse(t).unwrap())
                .map(|l| l.to_string())
        };
        assert_eq!(find("en").as_deref(), Some("en-GB"));
        assert_eq!(find("EN_gb").as_deref(), Some("en-GB"));
        assert_eq!(find("cy-GB").as_deref(), Some("cy"));
        assert_eq!(find("pt-BR").as_deref(), Some("pt-BR"));
        // Two Portuguese: `pt` is one of them by its very tag...
        assert_eq!(find("pt").as_deref(), Some("pt"));
        // ...and `pt-PT` is neither.
        assert_eq!(find("pt-PT"), None);
        assert_eq!(find("pl"), None);
    }

    #[test]
    fn a_translation_in_the_packs_own_language_is_refused() {
        let pack = "[pack]\nid = \"p\"\ntitle = \"T\"\nlocale = \"cy\"\nreviewed = 2026-01-01\n";
        let words = "[pack]\ntitle = \"T\"\n";
        let (pack, r) = pack_with(pack, AUDIENCE, &[("CY", words, AUDIENCE)]);
        assert!(pack.translations().is_empty());
        let all: Vec<String> = r.diagnostics().iter().map(|d| r.short(d)).collect();
        assert!(
            all.iter()
                .any(|d| d.contains("this translation is in the pack's own language, Welsh")),
            "{all:?}"
        );
    }
}
