//! A pack's other languages: each `translations/<lang>.toml` with the
//! audience files in that language becomes a view of the pack in it
//! ([`super::Translation::pack`]).

use super::model::{AudienceFile, TranslationFile};
use super::read::{parse_bodies, parse_toml};
use super::{resolve_labels, schema, Audience, Pack, Translation};
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::labels::Locale;
use crate::suggest::closest;

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

/// Adds to a pack (read in its own language by [`super::load::from_sources`]) its
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
