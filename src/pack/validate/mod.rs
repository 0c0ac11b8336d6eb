//! The rules of pack-format.md that the TOML types cannot express. Every
//! finding is reported with its place; nothing stops at the first.

mod addresses;
mod glyphs;
mod helplines;
mod language;
mod theme;

use super::model::Text;
use super::Pack;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, FileId, Report};

use addresses::check_urls;
pub use addresses::{check_email, check_length, check_url, url_problem, QR_MAX_BYTES};
use glyphs::check_glyphs;
pub use glyphs::{check_glyphs_in, printed_texts, translation_texts, GlyphOwner};
use helplines::check_helplines;
pub use helplines::check_phone;
use language::{check_labels, check_language, LabelsIn};
use theme::check_theme;
pub use theme::{check_contrast, theme_colours};

/// Which characters the pack's font can draw.
pub struct Coverage<'a> {
    /// The font family's name, for messages.
    pub family: &'a str,
    /// True if every face of the family has a glyph for the character.
    pub covers: &'a dyn Fn(char) -> bool,
    /// The built-in fallback families, for the message when none of them
    /// has a character either. Given by the caller, which knows the
    /// fonts: `pack` comes before `text` and does not import it.
    pub fallbacks: &'a str,
}

/// Checks a loaded pack; findings go into `report`.
pub fn validate(pack: &Pack, report: &mut Report, coverage: Option<&Coverage>, today: Date) {
    let file = pack.file;
    let meta = &pack.spec.pack;

    check_id(report, file, &meta.id, "pack id");
    for a in &pack.audiences {
        if !is_id(&a.id) {
            report.push(
                Diagnostic::error(format!(
                    "audience file name `{}` is not a valid id",
                    a.id
                ))
                .in_file(a.file)
                .help("rename the file with lowercase letters, digits and '-', for example young-people.toml"),
            );
        }
    }
    require_text(report, file, &meta.title, "title");

    check_dates(pack, report, today);
    check_language(pack, report, coverage);
    check_theme(pack, report);
    check_helplines(pack, report);
    check_urls(pack, report);
    check_audiences(pack, report);
    if let Some(c) = coverage {
        check_glyphs(pack, report, c);
    }
    check_markup_unread(glyphs::printed_texts(pack), report);
    for t in pack.translations() {
        check_translation(pack, t, report, coverage);
    }
}

/// Checks one translation of a pack: its labels (as the pack's own are
/// checked, in its language), its audiences' content and glyphs, its
/// words for the helplines, and that it lines up with the pack's own
/// language ([`super::align`]).
fn check_translation(
    pack: &Pack,
    t: &super::Translation,
    report: &mut Report,
    coverage: Option<&Coverage>,
) {
    let view = &t.pack;
    check_labels(
        &LabelsIn {
            file: t.file,
            given: &t.spec.labels,
            origin: view.label_origin(),
            language: &t.locale,
            locale_at: None,
        },
        report,
        coverage,
    );
    require_text(report, t.file, &t.spec.pack.title, "title");
    for (id, words) in &t.spec.helplines {
        let what = format!("`for` of helpline `{}`", id.get_ref());
        require_text(report, t.file, &words.for_whom, &what);
    }
    for a in &view.audiences {
        // A translation's main_helpline is the pack's own (`align` refuses
        // another), checked there.
        check_audience(view, a, false, report);
    }
    super::align::check(pack, t, report);
    check_markup_unread(glyphs::translation_texts(t), report);
    if let Some(c) = coverage {
        check_glyphs_in(translation_texts(t), report, c, GlyphOwner::Pack);
    }
}

/// Refuses `**bold**` in every text but a section's `body`, the only one
/// read as markup: anywhere else the asterisks would be printed as they
/// are (a tips item's `text`, a key point, a contact's note).
pub fn check_markup_unread(texts: Vec<(FileId, String, &Text)>, report: &mut Report) {
    for (file, field, text) in texts {
        if field.ends_with(".body") {
            continue;
        }
        let Some(i) = text.get_ref().find("**") else {
            continue;
        };
        let at = crate::pack::value_offset(report.source(file), text.span(), i);
        let help = if field.contains(".items[") {
            format!(
                "remove the asterisks: {field} is printed as it is, and bold (`**...**`) is read only in a section's `body`; an item's `title` is printed in bold, so put the words to stress there"
            )
        } else {
            format!(
                "remove the asterisks: {field} is printed as it is, and bold (`**...**`) is read only in a section's `body`"
            )
        };
        report.push(
            Diagnostic::error(format!(
                "{field} has `**`, which would be printed as two asterisks: only a section's `body` is read as markup"
            ))
            .at(file, at..at + 2)
            .label("printed as it is")
            .help(help),
        );
    }
}

/// The checks of the writing itself, which only warn and never stop a
/// build: each audience's reading age and long sentences, in the pack's
/// language. `check` runs them; `build` does not.
pub fn analyse(pack: &Pack, report: &mut Report) {
    super::readability::check_pack(pack, report);
}

/// Ids are lowercase letters, digits and '-': they become folder names, so
/// they may not steer an output path anywhere else.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_id(report: &mut Report, file: FileId, id: &Text, what: &str) {
    if !is_id(id.get_ref()) {
        report.push(
            Diagnostic::error(format!(
                "{what} `{}` is not a valid id",
                crate::escape::terminal(id.get_ref(), 60)
            ))
                .at(file, id.span())
                .label("use lowercase letters, digits and '-'")
                .help("ids name output folders, so they may hold only a-z, 0-9 and '-', for example \"e2ee\""),
        );
    }
}

fn require_text(report: &mut Report, file: FileId, t: &Text, what: &str) {
    if t.get_ref().trim().is_empty() {
        report.push(
            Diagnostic::error(format!("{what} is empty"))
                .at(file, t.span())
                .label("write something here")
                .help(format!("every {what} is printed; give it words")),
        );
    }
}

fn check_dates(pack: &Pack, report: &mut Report, today: Date) {
    let meta = &pack.spec.pack;
    let file = pack.file;
    let Some(reviewed) = pack.reviewed() else {
        report.push(
            Diagnostic::error("reviewed must be a date like 2026-11-22")
                .at(file, meta.reviewed.span())
                .label("a date without a time")
                .help("write the day the content was last checked, without quotes: reviewed = 2026-11-22"),
        );
        return;
    };
    if reviewed > today {
        report.push(
            Diagnostic::error(format!("reviewed date {} is in the future", reviewed.iso()))
                .at(file, meta.reviewed.span())
                .label("after today")
                .help("write the day the helplines and facts were actually checked"),
        );
    }
    let months = match &meta.review_every_months {
        Some(m) if !(1..=120).contains(m.get_ref()) => {
            report.push(
                Diagnostic::error("review_every_months must be between 1 and 120")
                    .at(file, m.span())
                    .help("helpline numbers change; 12 months is usual"),
            );
            return;
        }
        Some(m) => *m.get_ref() as u32,
        None => 12,
    };
    let due = reviewed.add_months(months);
    if due < today {
        report.push(
            Diagnostic::warning(format!(
                "helpline numbers were last checked on {}, more than {months} months ago",
                reviewed.iso()
            ))
            .at(file, meta.reviewed.span())
            .label(format!("review was due on {}", due.iso()))
            .help("check every number and fact against its source, then update `reviewed`"),
        );
    }
}

fn check_audiences(pack: &Pack, report: &mut Report) {
    for a in &pack.audiences {
        check_audience(pack, a, true, report);
    }
    check_source_audiences(pack, report);
}

/// One audience's content: what it must have, and (with `main`) a main
/// helpline it is shown. `pack` is the pack in the audience's language.
fn check_audience(pack: &Pack, a: &super::Audience, main: bool, report: &mut Report) {
    let f = a.file;
    let m = &a.spec.audience;
    require_text(report, f, &m.name, "audience name");
    require_text(report, f, &m.headline, "headline");
    let points = m.key_points.get_ref();
    if !(3..=6).contains(&points.len()) {
        report.push(
                Diagnostic::error(format!("key_points has {} points; it needs 3 to 6", points.len()))
                    .at(f, m.key_points.span())
                    .help("posters and covers print every key point in large type: keep 3 to 6 short sentences"),
            );
    }
    for p in points {
        require_text(report, f, p, "key point");
    }
    if a.spec.sections.is_empty() {
        report.push(
            Diagnostic::error("this audience has no sections")
                .in_file(f)
                .help("add [[sections]] with a kind, a heading and a body"),
        );
    }
    for s in &a.spec.sections {
        require_text(report, f, &s.heading, "section heading");
        let body_given = s
            .body
            .as_ref()
            .is_some_and(|b| !b.get_ref().trim().is_empty());
        if !body_given && s.items.is_empty() {
            report.push(
                Diagnostic::error(format!("section \"{}\" is empty", s.heading.get_ref()))
                    .at(f, s.heading.span())
                    .label("no body and no items")
                    .help("give the section a body, or [[sections.items]], or remove it"),
            );
        }
        for item in &s.items {
            require_text(report, f, &item.title, "item title");
            require_text(report, f, &item.text, "item text");
        }
    }
    if let Some(main) = m.main_helpline.as_ref().filter(|_| main) {
        let shown: Vec<&str> = pack
            .helplines_for(&a.id)
            .filter(|h| !h.emergency)
            .map(|h| h.id.get_ref().as_str())
            .collect();
        if !shown.contains(&main.get_ref().trim()) {
            let help = match crate::suggest::closest(main.get_ref(), &shown) {
                Some(k) => format!(
                    "did you mean `{k}`? This audience's helplines are: {}",
                    shown.join(", ")
                ),
                None => format!("this audience's helplines are: {}", shown.join(", ")),
            };
            report.push(
                Diagnostic::error(format!(
                    "main_helpline `{}` is not a helpline the audience `{}` is shown",
                    main.get_ref().trim(),
                    a.id
                ))
                .at(f, main.span())
                .label("the number on the front of the wallet card")
                .help(help),
            );
        }
    }
}

/// The audiences each source is cited for exist.
fn check_source_audiences(pack: &Pack, report: &mut Report) {
    let audience_ids: Vec<&str> = pack.audiences.iter().map(|a| a.id.as_str()).collect();
    for source in &pack.spec.pack.sources {
        for a in source.audiences.iter().flatten() {
            if !audience_ids.contains(&a.get_ref().as_str()) {
                let help = match crate::suggest::closest(a.get_ref(), &audience_ids) {
                    Some(k) => format!(
                        "did you mean `{k}`? The audiences are: {}",
                        audience_ids.join(", ")
                    ),
                    None => format!("the audiences are: {}", audience_ids.join(", ")),
                };
                report.push(
                    Diagnostic::error(format!(
                        "a source names an audience `{}` that does not exist",
                        a.get_ref()
                    ))
                    .at(pack.file, a.span())
                    .label("no audiences/ file has this name")
                    .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_folder_names() {
        for ok in ["e2ee", "young-people", "a1"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "..", "a/b", "a\\b", "Young", "-x", "a b", "é"] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
