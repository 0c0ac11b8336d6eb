//! The rules of pack-format.md that the TOML types cannot express. Every
//! finding is reported with its place; nothing stops at the first.

use std::collections::{BTreeMap, HashSet};

use super::model::Text;
use super::phone::{self, PhoneCheck};
use super::{value_offset, Pack};
use crate::colour::Colour;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::labels::KeyKind;
use crate::style::{nearest_passing, ContrastProblem, Palette, ReadingStyle, ThemeColour};

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
    check_audiences(pack, report);
    if let Some(c) = coverage {
        check_glyphs(pack, report, c);
    }
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
    if let Some(c) = coverage {
        check_glyphs_in(translation_texts(t), report, c, GlyphOwner::Pack);
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
            Diagnostic::error(format!("{what} `{}` is not a valid id", id.get_ref()))
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

/// The pack's language: a locale that can be read, a region that is a
/// country, every label given where the language has no built-in set (never
/// English in its place), the labels `[labels]` gives well formed, the
/// built-in ones printable in the pack's font, and a warning while the
/// built-in words it prints have not been checked by a native speaker.
fn check_language(pack: &Pack, report: &mut Report, coverage: Option<&Coverage>) {
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
struct LabelsIn<'a> {
    /// The file with the `[labels]` table: `pack.toml`, or a translation's.
    file: FileId,
    /// What its `[labels]` gives.
    given: &'a super::model::Labels,
    /// Where the labels it does not give come from.
    origin: &'a super::LabelOrigin,
    /// The language.
    language: &'a crate::labels::Locale,
    /// Where the language is named in `file` (a translation's is its
    /// file's name, so nowhere in it).
    locale_at: Option<std::ops::Range<usize>>,
}

/// A language's labels: every label given where the language has no
/// built-in set (never English in its place), the ones `[labels]` gives
/// well formed, the built-in ones printable in the pack's font, and a
/// warning while built-in words it prints have not been checked by a
/// native speaker.
fn check_labels(l: &LabelsIn, report: &mut Report, coverage: Option<&Coverage>) {
    let (file, language, origin) = (l.file, l.language, l.origin);
    let locale_at = l.locale_at.clone();
    let at = |d: Diagnostic, span: Option<std::ops::Range<usize>>| match span {
        Some(span) => d.at(file, span),
        None => d.in_file(file),
    };
    let labels_at = super::table_header(report.source(file), "labels");
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
const LOCALE_HELP: &str = "a locale is a language code, then a region where the pack is for one country's readers: \"en-GB\", \"cy\", \"pl\", \"ur-GB\", \"pa-Guru\"";

/// The characters a label prints: a pattern's places are filled in, not
/// printed.
fn printed_chars(text: &str) -> impl Iterator<Item = char> + '_ {
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
fn check_given_labels(file: FileId, given: &super::model::Labels, report: &mut Report) {
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

fn check_theme(pack: &Pack, report: &mut Report) {
    let theme = &pack.spec.theme;
    let file = pack.file;
    let d = Palette::default();
    let mut colour = |t: &Option<Text>, name: &str, default: Colour| -> Colour {
        let Some(t) = t else { return default };
        match Colour::parse(t.get_ref().trim()) {
            Some(c) => c,
            None => {
                report.push(
                    Diagnostic::error(format!("theme.{name} `{}` is not a colour", t.get_ref()))
                        .at(file, t.span())
                        .label("expected #RRGGBB")
                        .help("write a colour as # and six hex digits, for example \"#1F4E79\""),
                );
                default
            }
        }
    };
    let primary = colour(&theme.primary, "primary", d.primary);
    let accent = colour(&theme.accent, "accent", d.accent);
    let ink = colour(&theme.ink, "ink", d.ink);
    let paper = colour(&theme.paper, "paper", d.paper);
    let written = |key: ThemeColour| {
        let (name, t) = match key {
            ThemeColour::Primary => ("primary", &theme.primary),
            ThemeColour::Accent => ("accent", &theme.accent),
            ThemeColour::Ink => ("ink", &theme.ink),
        };
        (name, t.as_ref().map(|t| t.span()))
    };
    check_contrast(
        report,
        [primary, accent, ink, paper],
        file,
        "[theme]",
        &written,
    );
}

/// The theme's four colours, defaults where not given or not valid.
pub fn theme_colours(pack: &Pack) -> [Colour; 4] {
    let theme = &pack.spec.theme;
    let d = Palette::default();
    let pick = |t: &Option<Text>, default: Colour| {
        t.as_ref()
            .and_then(|t| Colour::parse(t.get_ref().trim()))
            .unwrap_or(default)
    };
    [
        pick(&theme.primary, d.primary),
        pick(&theme.accent, d.accent),
        pick(&theme.ink, d.ink),
        pick(&theme.paper, d.paper),
    ]
}

fn check_helplines(pack: &Pack, report: &mut Report) {
    let file = pack.file;
    let audience_ids: Vec<&str> = pack.audiences.iter().map(|a| a.id.as_str()).collect();
    let mut seen = HashSet::new();
    for h in &pack.spec.helplines {
        check_id(report, file, &h.id, "helpline id");
        if !seen.insert(h.id.get_ref().as_str()) {
            report.push(
                Diagnostic::error(format!("helpline id `{}` is used twice", h.id.get_ref()))
                    .at(file, h.id.span())
                    .help("give every helpline its own id"),
            );
        }
        require_text(report, file, &h.name, "helpline name");
        require_text(report, file, &h.for_whom, "helpline `for`");
        if h.phone().is_none() && h.sms().is_none() && h.url().is_none() && h.email().is_none() {
            report.push(
                Diagnostic::error(format!(
                    "helpline `{}` has no way to contact it",
                    h.id.get_ref()
                ))
                .at(file, h.id.span())
                .help("give at least one of phone, text, url or email"),
            );
        }
        if h.emergency && h.phone().is_none() {
            report.push(
                Diagnostic::error(format!(
                    "emergency line `{}` has no phone number",
                    h.id.get_ref()
                ))
                .at(file, h.id.span())
                .help("an emergency line is printed as a number to call: add phone = \"999\""),
            );
        }
        if let Some(t) = &h.phone {
            check_phone(report, file, t, "phone", &pack.region());
        }
        if let Some(t) = &h.text {
            check_number(report, file, t, "text", &pack.region(), phone::check_sms);
        }
        for a in h.audiences.iter().flatten() {
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
                        "helpline `{}` names an audience `{}` that does not exist",
                        h.id.get_ref(),
                        a.get_ref()
                    ))
                    .at(file, a.span())
                    .label("no audiences/ file has this name")
                    .help(help),
                );
            }
        }
    }
    for a in &pack.audiences {
        if pack.helplines_for(&a.id).next().is_none() {
            report.push(
                Diagnostic::warning(format!("no helpline is shown to the audience `{}`", a.id))
                    .in_file(a.file)
                    .help("add the audience to a helpline's `audiences`, or leave `audiences` out to show it to everyone"),
            );
        }
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

/// Every string of a pack a reader may see: (file, field name, text).
pub fn printed_texts(pack: &Pack) -> Vec<(FileId, String, &Text)> {
    let mut out: Vec<(FileId, String, &Text)> = Vec::new();
    let pf = pack.file;
    let p = &pack.spec;
    out.push((pf, "pack.title".into(), &p.pack.title));
    for (i, s) in p.pack.sources.iter().enumerate() {
        out.push((pf, format!("pack.sources[{i}].publisher"), &s.publisher));
        out.push((pf, format!("pack.sources[{i}].title"), &s.title));
        if let Some(u) = &s.url {
            out.push((pf, format!("pack.sources[{i}].url"), u));
        }
    }
    if let Some(u) = &p.pack.url {
        out.push((pf, "pack.url".into(), u));
    }
    for key in crate::labels::KEYS {
        if let Some(t) = p.labels.text(key.name) {
            out.push((pf, format!("labels.{}", key.name), t));
        }
    }
    if let Some(months) = &p.labels.months {
        for (i, t) in months.get_ref().iter().enumerate() {
            out.push((pf, format!("labels.months[{i}]"), t));
        }
    }
    for h in &p.helplines {
        let id = h.id.get_ref();
        out.push((pf, format!("helplines.{id}.name"), &h.name));
        out.push((pf, format!("helplines.{id}.for"), &h.for_whom));
        for (name, t) in [
            ("phone", &h.phone),
            ("text", &h.text),
            ("url", &h.url),
            ("email", &h.email),
            ("short", &h.short),
            ("hours", &h.hours),
            ("cost", &h.cost),
        ] {
            if let Some(t) = t {
                out.push((pf, format!("helplines.{id}.{name}"), t));
            }
        }
    }
    for a in &pack.audiences {
        audience_texts(a, &mut out);
    }
    out
}

/// Every string of a translation a reader may see: (file, field name,
/// text), from its file and its audiences' files.
pub fn translation_texts(t: &super::Translation) -> Vec<(FileId, String, &Text)> {
    let mut out: Vec<(FileId, String, &Text)> = Vec::new();
    let f = t.file;
    let s = &t.spec;
    out.push((f, "pack.title".into(), &s.pack.title));
    if let Some(x) = &s.pack.summary {
        out.push((f, "pack.summary".into(), x));
    }
    for (i, src) in s.pack.sources.iter().enumerate() {
        if let Some(x) = &src.publisher {
            out.push((f, format!("pack.sources[{i}].publisher"), x));
        }
        if let Some(x) = &src.title {
            out.push((f, format!("pack.sources[{i}].title"), x));
        }
    }
    for key in crate::labels::KEYS {
        if let Some(x) = s.labels.text(key.name) {
            out.push((f, format!("labels.{}", key.name), x));
        }
    }
    if let Some(months) = &s.labels.months {
        for (i, x) in months.get_ref().iter().enumerate() {
            out.push((f, format!("labels.months[{i}]"), x));
        }
    }
    for (id, w) in &s.helplines {
        let id = id.get_ref();
        out.push((f, format!("helplines.{id}.for"), &w.for_whom));
        for (name, x) in [
            ("name", &w.name),
            ("short", &w.short),
            ("hours", &w.hours),
            ("cost", &w.cost),
        ] {
            if let Some(x) = x {
                out.push((f, format!("helplines.{id}.{name}"), x));
            }
        }
    }
    for a in &t.pack.audiences {
        audience_texts(a, &mut out);
    }
    out
}

/// Every string of an audience file a reader may see.
fn audience_texts<'a>(a: &'a super::Audience, out: &mut Vec<(FileId, String, &'a Text)>) {
    let f = a.file;
    let m = &a.spec.audience;
    out.push((f, "audience.name".into(), &m.name));
    out.push((f, "audience.headline".into(), &m.headline));
    if let Some(t) = &m.strapline {
        out.push((f, "audience.strapline".into(), t));
    }
    if let Some(t) = &m.call_to_action {
        out.push((f, "audience.call_to_action".into(), t));
    }
    for (i, k) in m.key_points.get_ref().iter().enumerate() {
        out.push((f, format!("audience.key_points[{i}]"), k));
    }
    for (i, s) in a.spec.sections.iter().enumerate() {
        out.push((f, format!("sections[{i}].heading"), &s.heading));
        if let Some(b) = &s.body {
            out.push((f, format!("sections[{i}].body"), b));
        }
        for (j, item) in s.items.iter().enumerate() {
            out.push((f, format!("sections[{i}].items[{j}].title"), &item.title));
            out.push((f, format!("sections[{i}].items[{j}].text"), &item.text));
        }
    }
}

/// A character the font lacks would print as a blank or a box: refuse it,
/// naming the character and each field it is in.
fn check_glyphs(pack: &Pack, report: &mut Report, coverage: &Coverage) {
    check_glyphs_in(printed_texts(pack), report, coverage, GlyphOwner::Pack);
}

/// Whose text a missing character is in: that decides what its writer can
/// do about it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GlyphOwner {
    /// The pack's own files: its maker can change the text or its font.
    Pack,
    /// A site file: a school can change its own text, never the pack's font.
    Site,
}

/// Refuses every character of `texts` (file, field, text) the font lacks,
/// once per character and field, at its first use there.
pub fn check_glyphs_in(
    texts: Vec<(FileId, String, &Text)>,
    report: &mut Report,
    coverage: &Coverage,
    owner: GlyphOwner,
) {
    let mut missing: BTreeMap<(char, FileId, String), usize> = BTreeMap::new();
    // A pack uses a few dozen distinct characters tens of thousands of
    // times: ask the fonts once for each. Latin-1 (nearly every character
    // of a Latin pack) by a table, the rest by a hash map.
    let mut latin: [Option<bool>; 256] = [None; 256];
    let mut other: rustc_hash::FxHashMap<char, bool> = Default::default();
    let mut covers = |c: char| match latin.get_mut(c as usize) {
        Some(known) => *known.get_or_insert_with(|| (coverage.covers)(c)),
        None => *other.entry(c).or_insert_with(|| (coverage.covers)(c)),
    };
    for (file, field, text) in texts {
        for (i, c) in text.get_ref().char_indices() {
            if matches!(c, '\n' | '\r' | '\t') || covers(c) {
                continue;
            }
            let at = value_offset(report.source(file), text.span(), i);
            missing.entry((c, file, field.clone())).or_insert(at);
        }
    }
    for ((c, file, field), at) in missing {
        report.push(
            Diagnostic::error(format!(
                "the font {} has no glyph for '{c}' (U+{:04X}) in {field}, and neither has any other font of the pack nor the built-in fallbacks ({})",
                coverage.family,
                c as u32,
                coverage.fallbacks
            ))
            .at(file, at..at + c.len_utf8())
            .label("this character cannot be printed")
            .help(match owner {
                GlyphOwner::Pack => format!(
                    "replace '{c}' with a character the font has, or choose a font that covers it with theme.font"
                ),
                GlyphOwner::Site => format!(
                    "write this without '{c}' (for a name, the spelling the school uses where the character is not available), or ask the pack's maker for a font that has it; the pack is set in {}",
                    coverage.family
                ),
            }),
        );
    }
}

/// Checks a printed phone number against the numbering plan of `region`
/// (the pack's, [`Pack::region`]), reporting at its place.
pub fn check_phone(report: &mut Report, file: FileId, t: &Text, field: &str, region: &str) {
    check_number(report, file, t, field, region, phone::check);
}

/// Checks a printed number with `rule` (a phone's or a text number's).
fn check_number(
    report: &mut Report,
    file: FileId,
    t: &Text,
    field: &str,
    region: &str,
    rule: fn(&str, &str) -> PhoneCheck,
) {
    if t.get_ref().trim().is_empty() {
        return;
    }
    // A `packpress new` placeholder is reported as such where it is found
    // (pack files and site files are scanned for it): saying also that it
    // is not a phone number would report one thing twice.
    if t.get_ref().contains("PLACEHOLDER") {
        return;
    }
    match rule(t.get_ref(), region) {
        PhoneCheck::Valid => {}
        PhoneCheck::Unusual(why) => report.push(
            Diagnostic::warning(format!(
                "{field} number `{}` is unusual: {why}",
                t.get_ref()
            ))
            .at(file, t.span())
            .help("check the number against the service's own website before printing"),
        ),
        PhoneCheck::Invalid(why) => report.push(
            Diagnostic::error(format!(
                "{field} number `{}` cannot be right: {why}",
                t.get_ref()
            ))
            .at(file, t.span())
            .label("not a dialable number")
            .help("copy the number exactly from the service's own website"),
        ),
    }
}

/// Refuses every text colour that would read poorly on its background, in
/// every reading style, for a theme (with a site's colour in place of
/// primary, if given). `written` gives, for each theme colour, its key in
/// `table` and where it is written in `file` (if it is).
pub fn check_contrast(
    report: &mut Report,
    colours: [Colour; 4],
    file: FileId,
    table: &str,
    written: &dyn Fn(ThemeColour) -> (&'static str, Option<std::ops::Range<usize>>),
) {
    let [primary, accent, ink, paper] = colours;
    // A pair failing in several styles (their papers differ) is one
    // finding that gives each style's ratio.
    // Each failing pair with its ratios, each ratio with the styles it is in.
    type ByRatio = Vec<(String, Vec<&'static str>)>;
    let mut found: Vec<(ContrastProblem, ByRatio)> = Vec::new();
    for style in ReadingStyle::ALL {
        let palette = Palette::new(primary, accent, ink, style.paper(paper));
        for problem in palette.contrast_problems() {
            let ratio = format!("{:.2}:1", problem.ratio);
            let same =
                |p: &ContrastProblem| (p.text, p.background) == (problem.text, problem.background);
            match found.iter_mut().find(|(p, _)| same(p)) {
                Some((_, ratios)) => match ratios.iter_mut().find(|(r, _)| *r == ratio) {
                    Some((_, styles)) => styles.push(style.name()),
                    None => ratios.push((ratio, vec![style.name()])),
                },
                None => found.push((problem, vec![(ratio, vec![style.name()])])),
            }
        }
    }
    for (problem, ratios) in found {
        let ratios: Vec<String> = ratios
            .iter()
            .map(|(r, styles)| {
                let s = if styles.len() > 1 { "s" } else { "" };
                format!("{r} in the {} style{s}", crate::english::join_and(styles))
            })
            .collect();
        let (key, span) = written(problem.change);
        let fix = match nearest_passing(colours, problem.change) {
            Some(c) => format!(
                "the nearest {key} that passes in every style is {c}: `{key} = \"{c}\"` in {table}"
            ),
            None => format!("choose a darker or lighter {key} in {table}"),
        };
        let d = Diagnostic::error(format!(
            "{} {} on {} {} is too faint to read: a contrast of {}; text needs at least 4.5:1 (WCAG AA)",
            problem.text,
            problem.text_colour,
            problem.background,
            problem.background_colour,
            ratios.join(", "),
        ))
        .help(fix);
        report.push(match span {
            Some(span) => d.at(file, span).label(format!("this {key}")),
            None => d.in_file(file),
        });
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
