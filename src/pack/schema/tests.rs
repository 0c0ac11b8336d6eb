//! Tests of the schema checks.

use super::*;
use crate::pack::model::{AudienceFile, PackFile};
use std::path::Path;

fn run(text: &str, fields: &[Field]) -> Vec<String> {
    let mut r = Report::new();
    let f = r.add_file(Path::new("t.toml"), text.to_string());
    check(f, fields, &mut r);
    r.diagnostics().iter().map(|d| r.short(d)).collect()
}

/// A value for every key a schema has, as TOML.
fn every_key(fields: &[Field], path: &str, out: &mut String) {
    let mut tables = Vec::new();
    for f in fields {
        let v = match f.kind {
            Kind::Text | Kind::Prose | Kind::Address => "\"x\"".to_string(),
            Kind::Date => "2026-01-01".into(),
            Kind::Integer => "12".into(),
            Kind::Bool => "false".into(),
            Kind::TextList => "[\"a\", \"b\", \"c\"]".into(),
            Kind::OneOf(w) => format!("\"{}\"", w[0]),
            Kind::TextByLanguage => "{ cy = \"x\" }".into(),
            Kind::Table(_) | Kind::Tables(_) | Kind::Map(_) => {
                tables.push(f);
                continue;
            }
        };
        out.push_str(&format!("{} = {v}\n", f.key));
    }
    for f in tables {
        let name = join(path, f.key);
        match f.kind {
            Kind::Table(inner) => {
                out.push_str(&format!("[{name}]\n"));
                every_key(inner, &name, out);
            }
            Kind::Tables(inner) => {
                out.push_str(&format!("[[{name}]]\n"));
                every_key(inner, &name, out);
            }
            Kind::Map(inner) => {
                let name = format!("{name}.some-id");
                out.push_str(&format!("[{name}]\n"));
                every_key(inner, &name, out);
            }
            _ => {}
        }
    }
}

#[test]
fn the_schema_and_the_serde_model_agree_on_every_key() {
    // Every key the schema allows is one the model reads (the model
    // denies unknown keys, so an extra schema key would fail here).
    let mut pack = String::new();
    every_key(PACK_FILE, "", &mut pack);
    assert!(run(&pack, PACK_FILE).is_empty(), "{pack}");
    toml::from_str::<PackFile>(&pack).unwrap_or_else(|e| panic!("{e}\n{pack}"));
    let mut audience = String::new();
    every_key(AUDIENCE_FILE, "", &mut audience);
    assert!(run(&audience, AUDIENCE_FILE).is_empty(), "{audience}");
    toml::from_str::<AudienceFile>(&audience).unwrap_or_else(|e| panic!("{e}\n{audience}"));
    let mut site = String::new();
    every_key(SITE_FILE, "", &mut site);
    assert!(run(&site, SITE_FILE).is_empty(), "{site}");
    toml::from_str::<crate::pack::model::SiteFile>(&site).unwrap_or_else(|e| panic!("{e}\n{site}"));
    let mut translation = String::new();
    every_key(TRANSLATION_FILE, "", &mut translation);
    assert!(
        run(&translation, TRANSLATION_FILE).is_empty(),
        "{translation}"
    );
    toml::from_str::<crate::pack::model::TranslationFile>(&translation)
        .unwrap_or_else(|e| panic!("{e}\n{translation}"));
}

#[test]
fn a_phone_number_in_a_translation_is_explained_as_written_once() {
    let text = "[pack]\ntitle = \"Teitl\"\n\n[helplines.childline]\nfor = \"Pawb\"\nphone = \"0800 1111\"\n";
    let mut r = Report::new();
    let f = r.add_file(Path::new("cy.toml"), text.to_string());
    assert!(!check_translation(f, &mut r));
    let d = &r.diagnostics()[0];
    assert_eq!(
        r.short(d),
        "cy.toml:6:1: error: unknown key `phone` in [helplines.childline]"
    );
    let help = d.help.as_deref().unwrap_or("");
    assert!(help.contains("written once, in pack.toml"), "{help}");
}

#[test]
fn a_helpline_of_a_translation_that_is_not_a_table_is_an_error() {
    let found = run(
        "[pack]\ntitle = \"T\"\n[helplines]\nchildline = \"x\"\n",
        TRANSLATION_FILE,
    )
    .join("\n");
    assert!(
        found.contains("`helplines.childline` must be a table"),
        "{found}"
    );
}

#[test]
fn labels_has_a_key_for_every_label_and_no_other_word() {
    let schema: Vec<&str> = LABELS.iter().map(|f| f.key).collect();
    let words: Vec<&str> = crate::labels::KEYS.iter().map(|k| k.name).collect();
    assert_eq!(schema[..words.len()], words[..]);
    assert_eq!(schema[words.len()..], ["lowercase_audience"]);
}

#[test]
fn an_unknown_label_is_an_error_with_the_nearest_key() {
    let text =
        "[pack]\nid=\"a\"\ntitle=\"t\"\nreviewed = 2026-01-01\n[labels]\ntalk_to_su = \"x\"\n";
    let mut r = Report::new();
    let f = r.add_file(Path::new("t.toml"), text.to_string());
    assert!(!check(f, PACK_FILE, &mut r));
    let d = &r.diagnostics()[0];
    assert_eq!(
        r.short(d),
        "t.toml:6:1: error: unknown key `talk_to_su` in [labels]"
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `talk_to_us`?"));
}

#[test]
fn every_problem_in_a_file_is_reported_not_only_the_first() {
    let text = "[audience]\nnme = \"x\"\nheadline = 3\nkey_points = [\"a\", 2]\nextra = 1\n\n[[sections]]\nkind = \"risk\"\nheading = \"h\"\n";
    let found = run(text, AUDIENCE_FILE);
    let all = found.join("\n");
    for want in [
        "t.toml:2:1: error: unknown key `nme` in [audience]",
        "t.toml:3:12: error: `audience.headline` must be text in quotes, not a number",
        "t.toml:4:20: error: `audience.key_points` must list text in quotes, not a number",
        "t.toml:5:1: error: unknown key `extra` in [audience]",
        "error: missing key `name` in [audience]",
        "t.toml:8:8: error: unknown value `risk` for `sections.kind`",
    ] {
        assert!(all.contains(want), "missing {want:?} in:\n{all}");
    }
}

#[test]
fn a_date_in_quotes_and_a_date_with_a_time_are_refused() {
    for text in [
        "[pack]\nid=\"a\"\ntitle=\"t\"\nreviewed = \"2026-11-22\"\n",
        "[pack]\nid=\"a\"\ntitle=\"t\"\nreviewed = 2026-11-22T10:00:00\n",
    ] {
        let found = run(text, PACK_FILE).join("\n");
        assert!(found.contains("must be a date like 2026-11-22"), "{found}");
    }
}

#[test]
fn syntax_errors_are_reported_with_their_place() {
    let found = run("[pack]\nid = \"unclosed\ntitle = \"t\"\n", PACK_FILE).join("\n");
    assert!(found.contains("t.toml:2:"), "{found}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let found = run(&deep, PACK_FILE).join("\n");
    assert!(found.contains("nested too deeply"), "{found}");
}
