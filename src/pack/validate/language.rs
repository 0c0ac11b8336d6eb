//! The pack's language: its locale, and the labels it prints (each key
//! given or built in, each pattern with its places).

use super::Coverage;
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::labels::KeyKind;
use crate::pack::model::Text;
use crate::pack::Pack;

/// The pack's language: a locale that can be read, a region that is a
/// country, every label given where the language has no built-in set (never
/// English in its place), the labels `[labels]` gives well formed, the
/// built-in ones printable in the pack's font, and a warning while the
/// built-in words it prints have not been checked by a native speaker.
pub(super) fn check_language(pack: &Pack, report: &mut Report, coverage: Option<&Coverage>) {
    let file = pack.file;
    let meta = &pack.spec.pack;
    let locale_at = meta.locale.as_ref().map(|t| t.span());
    let at = |d: Diagnostic, span: Option<std::ops::Range<usize>>| match span {
        Some(span) => d.at(file, span),
        None => d.in_file(file),
    };
    if let Some(bad) = pack.locale_problem() {
        let help = match bad.suggestion {
            Some(s) => format!("did you mean `locale = \"{s}\"`? {LOCALE_HELP}"),
            None => LOCALE_HELP.to_string(),
        };
        report.push(
            at(
                Diagnostic::error(format!("the locale is not a language tag: {}", bad.why)),
                locale_at.clone(),
            )
            .label("a language tag such as en-GB or cy")
            .help(help),
        );
    }
    if let Some(r) = &meta.region {
        let v = r.get_ref().trim();
        if !(v.len() == 2 && v.bytes().all(|b| b.is_ascii_alphabetic())) {
            report.push(
                Diagnostic::error(format!("region `{v}` is not a country code"))
                    .at(file, r.span())
                    .label("two letters, such as GB")
                    .help("write the two-letter code (ISO 3166) of the country whose phone numbers the pack prints, for example region = \"GB\""),
            );
        }
    }
    let Some(language) = pack.language() else {
        return;
    };
    check_labels(
        &LabelsIn {
            file,
            given: &pack.spec.labels,
            origin: pack.label_origin(),
            language,
            locale_at,
        },
        report,
        coverage,
    );
}

/// One language's labels: the file whose `[labels]` gives them, what it
/// gives, where the rest come from, and where the language is named.
pub(super) struct LabelsIn<'a> {
    /// The file with the `[labels]` table: `pack.toml`, or a translation's.
    pub(super) file: FileId,
    /// What its `[labels]` gives.
    pub(super) given: &'a crate::pack::model::Labels,
    /// Where the labels it does not give come from.
    pub(super) origin: &'a crate::pack::LabelOrigin,
    /// The language.
    pub(super) language: &'a crate::labels::Locale,
    /// Where the language is named in `file` (a translation's is its
    /// file's name, so nowhere in it).
    pub(super) locale_at: Option<std::ops::Range<usize>>,
}

/// A language's labels: every label given where the language has no
/// built-in set (never English in its place), the ones `[labels]` gives
/// well formed, the built-in ones printable in the pack's font, and a
/// warning while built-in words it prints have not been checked by a
/// native speaker.
pub(super) fn check_labels(l: &LabelsIn, report: &mut Report, coverage: Option<&Coverage>) {
    let (file, language, origin) = (l.file, l.language, l.origin);
    let locale_at = l.locale_at.clone();
    let at = |d: Diagnostic, span: Option<std::ops::Range<usize>>| match span {
        Some(span) => d.at(file, span),
        None => d.in_file(file),
    };
    let labels_at = crate::pack::table_header(report.source(file), "labels");
    if !origin.missing.is_empty() {
        let name = language.language_name().unwrap_or("the pack's language");
        let lines: Vec<String> = origin
            .missing
            .iter()
            .filter_map(|k| crate::labels::key(k))
            .map(|k| {
                let empty = match k.kind {
                    KeyKind::Months => "[\"\", ...]",
                    _ => "\"\"",
                };
                format!(
                    "  {} = {empty}    # {} (English: \"{}\")",
                    k.name, k.what, k.english
                )
            })
            .collect();
        report.push(
            at(
                Diagnostic::error(format!(
                    "packpress has no built-in labels in {}, and [labels] does not give {} of them: {}",
                    language.describe(),
                    origin.missing.len(),
                    crate::english::join_and(&origin.missing)
                )),
                labels_at.clone().or(locale_at.clone()),
            )
            .label("every word the layouts print must be given here")
            .help(format!(
                "give each in {name} in [labels] (English is never printed in its place); `packpress new DIR --locale {language}` writes the block to fill. Missing:\n{}",
                lines.join("\n")
            )),
        );
    }
    if let Some(set) = &origin.set {
        if !set.reviewed && !origin.from_set.is_empty() {
            let from_set = &origin.from_set;
            let emergency = if from_set.contains(&"emergency") {
                " (the emergency line among them)"
            } else {
                ""
            };
            report.push(
                at(
                    Diagnostic::warning(format!(
                        "the built-in {} words this pack prints{emergency} have not been checked by a native speaker: {}",
                        set.name,
                        crate::english::join_and(from_set)
                    )),
                    locale_at.clone(),
                )
                .label(format!("{} words from {}", set.name, set.path))
                .help(format!(
                    "ask a {} speaker to check them ({} in packpress says in English what each means); give any correction in [labels], and once every one is given there this warning ends",
                    set.name, set.path
                )),
            );
        }
        if let Some(c) = coverage {
            let mut lacking: std::collections::BTreeSet<char> = Default::default();
            let mut keys = Vec::new();
            for k in &origin.from_set {
                let text = match set.value(k) {
                    Some(crate::labels::Value::Text(t)) => t,
                    Some(crate::labels::Value::List(l)) => l.join(" "),
                    None => continue,
                };
                let before = lacking.len();
                lacking.extend(
                    printed_chars(&text).filter(|ch| !ch.is_whitespace() && !(c.covers)(*ch)),
                );
                if lacking.len() > before {
                    keys.push(*k);
                }
            }
            if !lacking.is_empty() {
                let shown: Vec<String> = lacking
                    .iter()
                    .take(6)
                    .map(|ch| format!("'{ch}' (U+{:04X})", *ch as u32))
                    .collect();
                let more = if lacking.len() > shown.len() {
                    format!(" and {} more", lacking.len() - shown.len())
                } else {
                    String::new()
                };
                report.push(
                    at(
                        Diagnostic::error(format!(
                            "the font {} cannot print the built-in {} labels: it has no glyph for {}{more}",
                            c.family,
                            set.name,
                            shown.join(", ")
                        )),
                        locale_at.clone(),
                    )
                    .label("these labels would print as blanks")
                    .help(format!(
                        "set the pack in a font that covers {} (theme.font, with its .ttf files in the pack's fonts/ folder), or give {} in [labels]",
                        set.name,
                        crate::english::join_and(&keys)
                    )),
                );
            }
        }
    }
    check_given_labels(file, l.given, report);
}

/// What a locale is, for its error's help.
pub(super) const LOCALE_HELP: &str = "a locale is a language code, then a region where the pack is for one country's readers: \"en-GB\", \"cy\", \"pl\", \"ur-GB\", \"pa-Guru\"";

/// The characters a label prints: a pattern's places are filled in, not
/// printed.
pub(super) fn printed_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut depth = 0;
    text.chars().filter(move |&c| match c {
        '{' => {
            depth += 1;
            false
        }
        '}' => {
            depth = 0;
            false
        }
        _ => depth == 0,
    })
}

/// The labels a `[labels]` table gives: patterns with their places,
/// twelve months.
pub(super) fn check_given_labels(
    file: FileId,
    given: &crate::pack::model::Labels,
    report: &mut Report,
) {
    for key in crate::labels::KEYS {
        if let KeyKind::Pattern(places) = key.kind {
            let Some(t) = given.text(key.name) else {
                continue;
            };
            if let Err(why) = crate::labels::check_pattern(t.get_ref(), places) {
                report.push(
                    Diagnostic::error(format!(
                        "labels.{} `{}` cannot be filled in: {why}",
                        key.name,
                        t.get_ref()
                    ))
                    .at(file, t.span())
                    .label("this pattern")
                    .help(format!(
                        "write it like \"{}\" in the pack's language: packpress puts {} in the place of each",
                        key.english,
                        match places {
                            ["audience"] => "the audience's name",
                            ["page", "pages"] => "the page's number and the number of pages",
                            _ => "the day, the month's name and the year",
                        }
                    )),
                );
            }
        }
    }
    if let Some(months) = &given.months {
        let list = months.get_ref();
        if list.len() != 12 {
            report.push(
                Diagnostic::error(format!(
                    "labels.months has {} names; it needs all twelve, January first",
                    list.len()
                ))
                .at(file, months.span())
                .label("twelve month names")
                .help("list every month, January first, in the form a date uses"),
            );
        }
        let empty: Vec<&Text> = list
            .iter()
            .filter(|t| t.get_ref().trim().is_empty())
            .collect();
        if let Some(first) = empty.first() {
            report.push(
                Diagnostic::error(format!(
                    "labels.months has {} without a name",
                    crate::english::count(empty.len(), "month")
                ))
                .at(file, first.span())
                .label("the first empty one")
                .help("write each month's name as a date prints it, January first"),
            );
        }
    }
}
