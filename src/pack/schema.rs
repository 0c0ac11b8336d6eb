//! The shape of the pack files, checked over the whole spanned TOML tree so
//! that every unknown key, wrong type and missing key in a file is reported
//! in one run. serde stops at the first error; this pass does not. The serde
//! types in `model` remain what the program reads: a test keeps the two in
//! step.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, FileId, Report};

/// What a key's value must be.
#[derive(Copy, Clone, Debug)]
pub enum Kind {
    /// A string on one line: no control character, no new line or tab.
    Text,
    /// Running text (a section's body): new lines and tabs allowed, no
    /// other control character.
    Prose,
    /// A phone number, email or web address: one line, and nothing that
    /// reorders or hides text (a right-to-left override would print a
    /// number backwards).
    Address,
    /// A date without a time: `2026-11-22`.
    Date,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// A list of strings.
    TextList,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A table with these keys.
    Table(&'static [Field]),
    /// A list of tables (`[[key]]`) with these keys.
    Tables(&'static [Field]),
    /// A table whose keys are ids (`[helplines.childline]`), each a table
    /// with these keys.
    Map(&'static [Field]),
    /// A table whose keys are language tags, each a string on one line:
    /// `roles = { cy = "...", en = "..." }`.
    TextByLanguage,
}

/// One key a table may have.
#[derive(Copy, Clone, Debug)]
pub struct Field {
    /// The key.
    pub key: &'static str,
    /// What its value must be.
    pub kind: Kind,
    /// Whether it must be there.
    pub required: bool,
}

const fn req(key: &'static str, kind: Kind) -> Field {
    Field {
        key,
        kind,
        required: true,
    }
}

const fn opt(key: &'static str, kind: Kind) -> Field {
    Field {
        key,
        kind,
        required: false,
    }
}

const SOURCE: &[Field] = &[
    req("publisher", Kind::Text),
    req("title", Kind::Text),
    opt("url", Kind::Address),
    opt("audiences", Kind::TextList),
];

const PACK_META: &[Field] = &[
    req("id", Kind::Text),
    req("title", Kind::Text),
    opt("summary", Kind::Text),
    opt("publisher", Kind::Text),
    opt("locale", Kind::Text),
    opt("region", Kind::Text),
    req("reviewed", Kind::Date),
    opt("review_every_months", Kind::Integer),
    opt("url", Kind::Address),
    opt("sources", Kind::Tables(SOURCE)),
];

/// `[theme.fonts]`: a family per script, by the script's name (a test
/// keeps these in step with the model and with `text::script`).
pub const THEME_FONTS: &[Field] = &[
    opt("arabic", Kind::Text),
    opt("bengali", Kind::Text),
    opt("gurmukhi", Kind::Text),
    opt("devanagari", Kind::Text),
    opt("gujarati", Kind::Text),
    opt("tamil", Kind::Text),
    opt("hebrew", Kind::Text),
    opt("greek", Kind::Text),
    opt("cyrillic", Kind::Text),
];

const THEME: &[Field] = &[
    opt("primary", Kind::Text),
    opt("accent", Kind::Text),
    opt("ink", Kind::Text),
    opt("paper", Kind::Text),
    opt("font", Kind::Text),
    opt("fonts", Kind::Table(THEME_FONTS)),
];

/// `[labels]`: one key per label of `crate::labels::KEYS` (a test keeps
/// them in step), and the audience-name switch.
pub const LABELS: &[Field] = &[
    opt("helplines", Kind::Text),
    opt("emergency", Kind::Text),
    opt("scan", Kind::Text),
    opt("reviewed", Kind::Text),
    opt("for_audience", Kind::Text),
    opt("sources", Kind::Text),
    opt("page", Kind::Text),
    opt("notes", Kind::Text),
    opt("talk_to_us", Kind::Text),
    opt("text", Kind::Text),
    opt("keep_card", Kind::Text),
    opt("print_on_cream", Kind::Text),
    opt("logo", Kind::Text),
    opt("qr_code", Kind::Text),
    opt("more_advice", Kind::Text),
    opt("months", Kind::TextList),
    opt("date", Kind::Text),
    opt("lowercase_audience", Kind::Bool),
];

const HELPLINE: &[Field] = &[
    req("id", Kind::Text),
    req("name", Kind::Text),
    opt("phone", Kind::Address),
    opt("text", Kind::Address),
    opt("url", Kind::Address),
    opt("email", Kind::Address),
    req("for", Kind::Text),
    opt("short", Kind::Text),
    opt("hours", Kind::Text),
    opt("cost", Kind::Text),
    opt("audiences", Kind::TextList),
    opt("emergency", Kind::Bool),
];

/// `pack.toml`.
pub const PACK_FILE: &[Field] = &[
    req("pack", Kind::Table(PACK_META)),
    opt("theme", Kind::Table(THEME)),
    opt("labels", Kind::Table(LABELS)),
    opt("helplines", Kind::Tables(HELPLINE)),
];

const AUDIENCE_META: &[Field] = &[
    req("name", Kind::Text),
    opt("reading_age", Kind::Integer),
    req("headline", Kind::Text),
    opt("strapline", Kind::Text),
    req("key_points", Kind::TextList),
    opt("call_to_action", Kind::Text),
    opt("main_helpline", Kind::Text),
];

/// The section kinds, as written.
pub const SECTION_KINDS: &[&str] = &[
    "explainer",
    "benefits",
    "risks",
    "tips",
    "signs",
    "action",
    "note",
];

const STEP: &[Field] = &[req("title", Kind::Text), req("text", Kind::Text)];

const SECTION: &[Field] = &[
    req("kind", Kind::OneOf(SECTION_KINDS)),
    req("heading", Kind::Text),
    opt("body", Kind::Prose),
    opt("items", Kind::Tables(STEP)),
];

/// `audiences/<id>.toml`, and a translation of it.
pub const AUDIENCE_FILE: &[Field] = &[
    req("audience", Kind::Table(AUDIENCE_META)),
    opt("sections", Kind::Tables(SECTION)),
];

const TRANSLATED_SOURCE: &[Field] = &[opt("publisher", Kind::Text), opt("title", Kind::Text)];

const TRANSLATED_META: &[Field] = &[
    req("title", Kind::Text),
    opt("summary", Kind::Text),
    opt("sources", Kind::Tables(TRANSLATED_SOURCE)),
];

const TRANSLATED_HELPLINE: &[Field] = &[
    opt("name", Kind::Text),
    req("for", Kind::Text),
    opt("short", Kind::Text),
    opt("hours", Kind::Text),
    opt("cost", Kind::Text),
];

/// `translations/<lang>.toml`: the words of `pack.toml` in another language.
pub const TRANSLATION_FILE: &[Field] = &[
    req("pack", Kind::Table(TRANSLATED_META)),
    opt("labels", Kind::Table(LABELS)),
    opt("helplines", Kind::Map(TRANSLATED_HELPLINE)),
];

/// Keys of `pack.toml` that a translation never restates: they are the
/// same in every language.
const SAID_ONCE: &[&str] = &[
    "id",
    "phone",
    "text",
    "url",
    "email",
    "audiences",
    "emergency",
    "locale",
    "region",
    "reviewed",
    "review_every_months",
    "theme",
    "primary",
    "accent",
    "ink",
    "paper",
    "font",
    "fonts",
];

const CONTACT: &[Field] = &[
    req("role", Kind::Text),
    opt("roles", Kind::TextByLanguage),
    req("name", Kind::Text),
    opt("phone", Kind::Address),
    opt("email", Kind::Address),
    opt("note", Kind::Text),
    opt("cards", Kind::Bool),
];

const SITE: &[Field] = &[
    req("name", Kind::Text),
    opt("logo", Kind::Text),
    opt("colour", Kind::Text),
    opt("contacts", Kind::Tables(CONTACT)),
];

/// `site.toml`.
pub const SITE_FILE: &[Field] = &[req("site", Kind::Table(SITE))];

/// Parses a file and checks it against `fields`, reporting every syntax
/// error and every key that is unknown, missing or of the wrong kind.
/// Returns true if there was nothing to report.
pub fn check(file: FileId, fields: &[Field], report: &mut Report) -> bool {
    check_file(file, fields, false, report)
}

/// As [`check`], for a translation file: a key that `pack.toml` holds
/// once for every language (a phone number, an id) is explained as such.
pub fn check_translation(file: FileId, report: &mut Report) -> bool {
    check_file(file, TRANSLATION_FILE, true, report)
}

fn check_file(file: FileId, fields: &[Field], translation: bool, report: &mut Report) -> bool {
    let source = report.source(file).to_string();
    let (root, errors) = DeTable::parse_recoverable(&source);
    let mut found: Vec<Diagnostic> = Vec::new();
    for e in &errors {
        // A curly quote, odd space or dash from a word processor: said as
        // such, once for its character however many errors it caused.
        if let Some(h) = e
            .span()
            .and_then(|s| super::habits::explain(&source, s.start))
        {
            if !found.iter().any(|d| d.span.as_ref() == Some(&h.span)) {
                found.push(
                    Diagnostic::error(h.message)
                        .at(file, h.span)
                        .label(h.label)
                        .help(h.help),
                );
            }
            continue;
        }
        let d = Diagnostic::error(syntax_message(e.message())).label("here").help(
            "check the TOML syntax here: strings in \"quotes\", one key = value a line, [table] headers on their own line",
        );
        found.push(match e.span() {
            Some(span) => d.at(file, span),
            None => d.in_file(file),
        });
    }
    // After a syntax error the tree is partial: keys it lost would be
    // reported as missing, so only the syntax errors are reported.
    if errors.is_empty() {
        let at = At { file, translation };
        check_table(root.get_ref(), root.span(), fields, "", at, &mut found);
    }
    // The tables iterate in key order; a reader wants them in file order.
    found.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    let ok = found.is_empty();
    for d in found {
        report.push(d);
    }
    ok
}

fn syntax_message(message: &str) -> String {
    let m = message.trim();
    if m.contains("recursion") {
        return "values are nested too deeply to be a pack file".to_string();
    }
    m.to_string()
}

/// The file being checked, and whether it is a translation.
#[derive(Copy, Clone)]
struct At {
    file: FileId,
    translation: bool,
}

fn check_table(
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
    fields: &[Field],
    path: &str,
    at_file: At,
    out: &mut Vec<Diagnostic>,
) {
    let file = at_file.file;
    for (key, value) in table.iter() {
        let name: &str = key.get_ref().as_ref();
        match fields.iter().find(|f| f.key == name) {
            Some(field) => check_value(value, field, &join(path, name), at_file, out),
            None => {
                let known: Vec<&str> = fields.iter().map(|f| f.key).collect();
                let help = match crate::suggest::closest(name, &known) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None if at_file.translation && SAID_ONCE.contains(&name) => format!(
                        "a translation gives only words: `{name}` is the same in every language, and is written once, in pack.toml; the keys allowed here are: {}",
                        known.join(", ")
                    ),
                    None if known.is_empty() => "remove this key".to_string(),
                    None => format!("the keys allowed here are: {}", known.join(", ")),
                };
                let at = if path.is_empty() {
                    String::new()
                } else {
                    format!(" in [{path}]")
                };
                let name = crate::escape::terminal(name, 60);
                out.push(
                    Diagnostic::error(format!("unknown key `{name}`{at}"))
                        .at(file, key.span())
                        .label("not a key of this table")
                        .help(help),
                );
            }
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        if !table.iter().any(|(k, _)| k.get_ref().as_ref() == f.key) {
            let table_name = if path.is_empty() {
                "the file".to_string()
            } else {
                format!("[{path}]")
            };
            // A table's span can cover the whole file: point at its start.
            let at = span.start
                ..span
                    .start
                    .saturating_add(1)
                    .min(span.end.max(span.start + 1));
            out.push(
                Diagnostic::error(format!("missing key `{}` in {table_name}", f.key))
                    .at(file, at)
                    .label(format!("{table_name} starts here"))
                    .help(format!(
                        "add `{} = {}` (see docs/pack-format.md)",
                        f.key,
                        example(&f.kind)
                    )),
            );
        }
    }
}

fn check_value(
    value: &Spanned<DeValue<'_>>,
    field: &Field,
    path: &str,
    at_file: At,
    out: &mut Vec<Diagnostic>,
) {
    let file = at_file.file;
    let v = value.get_ref();
    let wrong = |out: &mut Vec<Diagnostic>, what: &str| {
        out.push(
            Diagnostic::error(format!("`{path}` must be {what}, not {}", describe(v)))
                .at(file, value.span())
                .label(format!("expected {what}"))
                .help(format!("write it like {}", example(&field.kind))),
        );
    };
    match field.kind {
        Kind::Text | Kind::Prose | Kind::Address => match v {
            DeValue::String(text) => {
                check_characters(text, field.kind, path, value.span(), file, out)
            }
            _ => wrong(out, "text in quotes"),
        },
        Kind::Date => match v {
            DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => {}
            _ => wrong(out, "a date like 2026-11-22"),
        },
        Kind::Integer => match v {
            DeValue::Integer(n)
                if i64::from_str_radix(&n.as_str().replace('_', ""), n.radix()).is_err() =>
            {
                out.push(
                    Diagnostic::error(format!("`{path}` is too large a number"))
                        .at(file, value.span())
                        .label("too many digits")
                        .help(format!(
                            "write a small whole number, like {}",
                            example(&field.kind)
                        )),
                );
            }
            DeValue::Integer(_) => {}
            _ => wrong(out, "a whole number"),
        },
        Kind::Bool => {
            if !matches!(v, DeValue::Boolean(_)) {
                wrong(out, "true or false");
            }
        }
        Kind::TextList => match v {
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::String(text) = item.get_ref() {
                        check_characters(text, Kind::Text, path, item.span(), file, out);
                    } else {
                        out.push(
                            Diagnostic::error(format!(
                                "`{path}` must list text in quotes, not {}",
                                describe(item.get_ref())
                            ))
                            .at(file, item.span())
                            .label("expected text in quotes")
                            .help(format!("write it like {}", example(&field.kind))),
                        );
                    }
                }
            }
            _ => wrong(out, "a list of text"),
        },
        Kind::OneOf(words) => match v {
            DeValue::String(s) if words.contains(&s.as_ref()) => {}
            DeValue::String(s) => {
                let s = crate::escape::terminal(s, 60);
                let help = match crate::suggest::closest(&s, words) {
                    Some(k) => format!("did you mean `{k}`? The choices are: {}", words.join(", ")),
                    None => format!("use one of: {}", words.join(", ")),
                };
                out.push(
                    Diagnostic::error(format!("unknown value `{s}` for `{path}`"))
                        .at(file, value.span())
                        .label("not one of the choices")
                        .help(help),
                );
            }
            _ => wrong(out, &format!("one of {}", words.join(", "))),
        },
        Kind::Table(fields) => match v {
            DeValue::Table(t) => check_table(t, value.span(), fields, path, at_file, out),
            _ => wrong(out, "a table"),
        },
        Kind::TextByLanguage => match v {
            DeValue::Table(t) => {
                for (key, item) in t.iter() {
                    let name = join(path, key.get_ref().as_ref());
                    match item.get_ref() {
                        DeValue::String(text) => {
                            check_characters(text, Kind::Text, &name, item.span(), file, out)
                        }
                        other => out.push(
                            Diagnostic::error(format!(
                                "`{name}` must be text in quotes, not {}",
                                describe(other)
                            ))
                            .at(file, item.span())
                            .label("expected text in quotes")
                            .help(format!("write it like {}", example(&field.kind))),
                        ),
                    }
                }
            }
            _ => wrong(out, "a table of languages"),
        },
        Kind::Map(fields) => match v {
            DeValue::Table(t) => {
                for (key, item) in t.iter() {
                    let name = join(path, key.get_ref().as_ref());
                    match item.get_ref() {
                        DeValue::Table(inner) => {
                            check_table(inner, item.span(), fields, &name, at_file, out)
                        }
                        other => out.push(
                            Diagnostic::error(format!(
                                "`{name}` must be a table, not {}",
                                describe(other)
                            ))
                            .at(file, item.span())
                            .label("expected a table")
                            .help(format!("write it as [{name}] followed by its keys")),
                        ),
                    }
                }
            }
            _ => wrong(out, &format!("[{path}.<id>] tables")),
        },
        Kind::Tables(fields) => match v {
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => {
                            check_table(t, item.span(), fields, path, at_file, out)
                        }
                        other => out.push(
                            Diagnostic::error(format!(
                                "`{path}` must be tables, not {}",
                                describe(other)
                            ))
                            .at(file, item.span())
                            .help(format!("write each one as [[{path}]] followed by its keys")),
                        ),
                    }
                }
            }
            _ => wrong(out, &format!("a list of [[{path}]] tables")),
        },
    }
}

/// Refuses the characters a field of `kind` may not hold, once per field,
/// naming the first and the field: control characters anywhere (a new
/// line or tab only in running text), and in an address anything that
/// reorders or hides text.
fn check_characters(
    text: &str,
    kind: Kind,
    path: &str,
    span: std::ops::Range<usize>,
    file: FileId,
    out: &mut Vec<Diagnostic>,
) {
    let refused = |c: char| match kind {
        Kind::Prose => c.is_control() && !matches!(c, '\n' | '\r' | '\t'),
        Kind::Address => crate::escape::hides(c),
        _ => c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'),
    };
    let Some(c) = text.chars().find(|&c| refused(c)) else {
        return;
    };
    let what = match c {
        '\0' => "a null character".to_string(),
        '\n' => "a new line".to_string(),
        '\r' => "a carriage return".to_string(),
        '\t' => "a tab".to_string(),
        c if c.is_control() => "a control character".to_string(),
        _ => "a character that changes the order or visibility of text".to_string(),
    };
    let help = match kind {
        Kind::Prose => "remove it: running text may hold new lines and tabs, and no other control character".to_string(),
        Kind::Address => "write the number or address with nothing else in it: copy it again from the service's own website".to_string(),
        _ => format!("remove it: `{path}` is printed on one line, so it may not hold new lines, tabs or other control characters"),
    };
    out.push(
        Diagnostic::error(format!(
            "`{path}` holds {what} (U+{:04X}), which cannot be printed",
            c as u32
        ))
        .at(file, span)
        .label(format!("U+{:04X} is in here", c as u32))
        .help(help),
    );
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// What a value is, in words.
fn describe(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// An example of a value of a kind, as it would be written.
fn example(kind: &Kind) -> String {
    match kind {
        Kind::Text | Kind::Prose | Kind::Address => "\"some text\"".into(),
        Kind::Date => "2026-11-22 (no quotes)".into(),
        Kind::Integer => "12".into(),
        Kind::Bool => "true".into(),
        Kind::TextList => "[\"first\", \"second\"]".into(),
        Kind::OneOf(words) => format!("\"{}\"", words.first().unwrap_or(&"")),
        Kind::Table(_) => "a [table] header and its keys".into(),
        Kind::Tables(_) => "[[table]] headers and their keys".into(),
        Kind::Map(_) => "a [table.<id>] header for each id, and its keys".into(),
        Kind::TextByLanguage => {
            "{ cy = \"Arweinydd Diogelu Dynodedig\", en = \"Designated Safeguarding Lead\" }".into()
        }
    }
}

#[cfg(test)]
mod tests;
