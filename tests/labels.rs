//! Packs in other languages: every word a layout prints comes from labels
//! (built-in sets per language, overridable in `[labels]`), the checks know
//! the language (sentence ends, reading age, phone region), and `new
//! --locale` starts a pack in one. The PDFs are read back with pdftotext.
//! The packs under tests/fixtures/lang-* are test text, not advice.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{copy_tree, describe, fixture, packpress, pdf_text};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of a fixture pack in a temporary folder, with `edit` applied to
/// each of its files' text: (file, from, to).
fn edited(name: &str, edits: &[(&str, &str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join(name);
    copy_tree(&fixture(name), &pack);
    for (file, from, to) in edits {
        let path = pack.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    (dir, pack)
}

/// A PDF's text with every run of spaces and line breaks made one space,
/// so that words wrapped across lines still read as a phrase.
fn flat_text(pdf: &Path) -> String {
    pdf_text(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(pack: &Path) -> Output {
    packpress(repo(), &["check", pack.to_str().unwrap()])
}

/// The words the English labels print; none may appear on a Welsh page.
const ENGLISH_FURNITURE: &[&str] = &[
    "Where to get help",
    "In an emergency",
    "Scan for more",
    "Reviewed",
    "Sources",
    "Page ",
    "Notes",
    "Talk to us",
    "Text ",
    "Keep this card",
    "Print on cream",
    "November",
    "For ",
];

#[test]
fn a_welsh_pack_prints_welsh_furniture_in_every_format() {
    let out = tempfile::tempdir().unwrap();
    let o = packpress(
        repo(),
        &[
            "build",
            fixture("lang-cy").to_str().unwrap(),
            "--site",
            "tests/fixtures/sites/hillside.toml",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let folder = out.path().join("prawf-cy/hillside/rhieni");
    let text = |format: &str| flat_text(&folder.join(format!("{format}-a4.pdf")));
    let mut all = String::new();
    for (format, words) in [
        (
            "poster",
            &[
                "Ble i gael cymorth",
                "Mewn argyfwng, ffoniwch",
                "Sganiwch am ragor o gyngor",
                "Adolygwyd 22 Tachwedd 2026",
                "Ffynonellau:",
                "Ar gyfer rhieni a gofalwyr",
                "Siaradwch â ni: Hillside Academy",
                "Tecstiwch 61999",
            ][..],
        ),
        (
            "handout",
            &["Tudalen 1 o 2", "Tudalen 2 o 2", "Ble i gael cymorth"][..],
        ),
        ("leaflet", &["Ble i gael cymorth", "Adolygwyd"][..]),
        ("booklet", &["Ble i gael cymorth", "Ar gyfer rhieni"][..]),
        (
            "cards",
            &[
                "Cadwch y cerdyn hwn",
                "Mewn argyfwng, ffoniwch",
                "Adolygwyd 22 Tachwedd 2026",
            ][..],
        ),
    ] {
        let t = text(format);
        for w in words {
            assert!(t.contains(w), "{format} lacks {w:?}:\n{t}");
        }
        all.push_str(&t);
        all.push('\n');
    }
    // A short audience's booklet has a page for notes.
    let t = flat_text(
        &out.path()
            .join("prawf-cy/hillside/pobl-ifanc/booklet-a4.pdf"),
    );
    for w in ["Nodiadau", "Ar gyfer pobl ifanc", "Ble i gael cymorth"] {
        assert!(t.contains(w), "booklet lacks {w:?}:\n{t}");
    }
    all.push_str(&t);
    // The dyslexia style on white paper.
    let o = packpress(
        repo(),
        &[
            "build",
            fixture("lang-cy").to_str().unwrap(),
            "-f",
            "poster",
            "-s",
            "dyslexia",
            "--plain-paper",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let t = flat_text(
        &out.path()
            .join("prawf-cy/generic/rhieni/poster-a4-dyslexia.pdf"),
    );
    assert!(t.contains("Argraffwch ar bapur hufen"), "{t}");
    all.push_str(&t);
    for english in ENGLISH_FURNITURE {
        assert!(
            !all.contains(english),
            "English {english:?} on a Welsh page:\n{all}"
        );
    }
}

#[test]
fn the_unreviewed_warning_is_given_once_by_check_and_by_build() {
    let o = check(&fixture("lang-cy"));
    assert!(o.status.success(), "{}", describe(&o));
    let err = stderr(&o);
    let warning = "have not been checked by a native speaker";
    assert_eq!(err.matches(warning).count(), 1, "{err}");
    assert!(err.contains("the built-in Welsh words"), "{err}");
    assert!(err.contains("(the emergency line among them)"), "{err}");
    assert!(err.contains("pack.toml:9:10"), "at the locale:\n{err}");

    let out = tempfile::tempdir().unwrap();
    let o = packpress(
        repo(),
        &[
            "build",
            fixture("lang-cy").to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(stderr(&o).matches(warning).count(), 1, "{}", describe(&o));
}

#[test]
fn labels_given_in_the_pack_end_the_unreviewed_warning_for_those_words() {
    let (_dir, pack) = edited(
        "lang-cy",
        &[(
            "pack.toml",
            "[[helplines]]",
            "[labels]\nemergency = \"Mewn argyfwng, ffoniwch\"\n\n[[helplines]]",
        )],
    );
    let err = stderr(&check(&pack));
    assert!(
        err.contains("not been checked by a native speaker"),
        "{err}"
    );
    assert!(!err.contains("the emergency line among them"), "{err}");
    assert!(!err.contains("emergency,"), "{err}");
}

#[test]
fn an_english_pack_in_another_region_builds_with_the_english_labels() {
    for locale in ["en-IE", "en-AU", "en-CA"] {
        let (_dir, pack) = edited(
            "spec-example",
            &[(
                "pack.toml",
                "locale = \"en-GB\"",
                &format!("locale = \"{locale}\""),
            )],
        );
        let out = tempfile::tempdir().unwrap();
        let o = packpress(
            repo(),
            &[
                "build",
                pack.to_str().unwrap(),
                "-f",
                "poster",
                "-o",
                out.path().to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{locale}: {}", describe(&o));
        assert!(!stderr(&o).contains("native speaker"), "{}", describe(&o));
        let paper = if locale == "en-CA" { "letter" } else { "a4" };
        let t = flat_text(
            &out.path()
                .join(format!("spec-example/generic/parents/poster-{paper}.pdf")),
        );
        for w in [
            "Where to get help",
            "In an emergency, call",
            "Reviewed 22 November 2026",
        ] {
            assert!(t.contains(w), "{locale}: {w:?} missing:\n{t}");
        }
    }
}

#[test]
fn a_language_with_no_built_in_labels_must_give_every_one() {
    // The fixture's [labels] gives four (in English, which check cannot
    // tell from German): the other thirteen are listed where [labels] starts.
    let (_dir, pack) = edited(
        "spec-example",
        &[("pack.toml", "locale = \"en-GB\"", "locale = \"de\"")],
    );
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("pack.toml:24:1: error") || err.contains("pack.toml:24:1"),
        "at [labels]:\n{err}"
    );
    assert!(
        err.contains("packpress has no built-in labels in German (`de`), and [labels] does not give 13 of them: for_audience, sources, page, notes, talk_to_us, text, keep_card, print_on_cream, logo, qr_code, more_advice, months and date"),
        "{err}"
    );
    // The help gives each one to fill, with its English as a guide.
    assert!(err.contains("keep_card = \"\""), "{err}");
    assert!(err.contains("(English: \"Keep this card\")"), "{err}");
    assert!(err.contains("--locale de"), "{err}");

    // With no [labels] at all, all seventeen, at the locale.
    let (_dir, pack) = edited(
        "spec-example",
        &[
            ("pack.toml", "locale = \"en-GB\"", "locale = \"de\""),
            (
                "pack.toml",
                "[labels]\nhelplines = \"Where to get help\"\nemergency = \"In an emergency, call\"\nscan = \"Scan for more advice\"\nreviewed = \"Reviewed\"\n",
                "",
            ),
        ],
    );
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "does not give 17 of them: helplines, emergency, scan, reviewed, for_audience"
        ),
        "{err}"
    );
    assert!(err.contains("pack.toml:7:10"), "at the locale:\n{err}");
    // And nothing is built in English in their place.
    let out = tempfile::tempdir().unwrap();
    let o = packpress(
        repo(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!out.path().join("spec-example").exists());
}

#[test]
fn a_language_with_no_built_in_labels_builds_once_it_gives_them_all() {
    // Test words (German), not a reviewed translation.
    let labels = r#"[labels]
helplines = "Hier gibt es Hilfe"
emergency = "Im Notfall anrufen:"
scan = "Für mehr Rat scannen"
reviewed = "Geprüft am"
for_audience = "Für {audience}"
sources = "Quellen"
page = "Seite {page} von {pages}"
notes = "Notizen"
talk_to_us = "Sprechen Sie mit uns"
text = "SMS an"
keep_card = "Diese Karte aufbewahren"
print_on_cream = "Auf cremefarbenes Papier drucken"
logo = "Logo: {name}"
qr_code = "QR-Code: {address}"
more_advice = "Mehr Rat"
months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
date = "{day}. {month} {year}"
"#;
    let (_dir, pack) = edited(
        "spec-example",
        &[
            ("pack.toml", "locale = \"en-GB\"", "locale = \"de\""),
            (
                "pack.toml",
                "[labels]\nhelplines = \"Where to get help\"\nemergency = \"In an emergency, call\"\nscan = \"Scan for more advice\"\nreviewed = \"Reviewed\"\n",
                labels,
            ),
            ("audiences/parents.toml", "name = \"Parents and carers\"", "name = \"Eltern\""),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let o = packpress(
        repo(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "poster",
            "-f",
            "cards",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    assert!(!stderr(&o).contains("native speaker"), "{}", describe(&o));
    let folder = out.path().join("spec-example/generic/parents");
    let poster = flat_text(&folder.join("poster-a4.pdf"));
    let cards = flat_text(&folder.join("cards-a4.pdf"));
    for w in [
        "Hier gibt es Hilfe",
        "Geprüft am 22. November 2026",
        "Für Eltern",
    ] {
        assert!(poster.contains(w), "{w:?}:\n{poster}");
    }
    assert!(cards.contains("Diese Karte aufbewahren"), "{cards}");
}

#[test]
fn a_pack_overrides_any_label_and_its_patterns_are_checked() {
    let (_dir, pack) = edited(
        "spec-example",
        &[(
            "pack.toml",
            "reviewed = \"Reviewed\"\n",
            "reviewed = \"Checked\"\nkeep_card = \"Keep me safe\"\ndate = \"{month} {day}, {year}\"\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = packpress(
        repo(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "cards",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let t = flat_text(&out.path().join("spec-example/generic/parents/cards-a4.pdf"));
    assert!(t.contains("Keep me safe"), "{t}");
    assert!(t.contains("Checked November 22, 2026"), "{t}");
    assert!(!t.contains("Keep this card"), "{t}");

    let (_dir, pack) = edited(
        "spec-example",
        &[(
            "pack.toml",
            "reviewed = \"Reviewed\"\n",
            "reviewed = \"Reviewed\"\npage = \"Page {page}\"\nfor_audiense = \"For {audience}\"\n",
        )],
    );
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("unknown key `for_audiense` in [labels]"),
        "{err}"
    );
    assert!(err.contains("did you mean `for_audience`?"), "{err}");

    let (_dir, pack) = edited(
        "spec-example",
        &[(
            "pack.toml",
            "reviewed = \"Reviewed\"\n",
            "reviewed = \"Reviewed\"\npage = \"Page {page}\"\nmonths = [\"Jan\", \"Feb\"]\n",
        )],
    );
    let err = stderr(&check(&pack));
    assert!(
        err.contains("labels.page `Page {page}` cannot be filled in: it needs {pages}"),
        "{err}"
    );
    assert!(
        err.contains("labels.months has 2 names; it needs all twelve"),
        "{err}"
    );
}

#[test]
fn a_welsh_pack_gets_the_uk_phone_number_checks() {
    // Before, `cy` was read as Cyprus and any 3 to 15 digits passed.
    let (_dir, pack) = edited(
        "lang-cy",
        &[(
            "pack.toml",
            "phone = \"01632 960456\"",
            "phone = \"0800 111\"",
        )],
    );
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("phone number `0800 111` cannot be right"),
        "{err}"
    );

    // Punjabi is not Panama either.
    let (_dir, pack) = edited(
        "lang-cy",
        &[
            ("pack.toml", "locale = \"cy\"", "locale = \"pa\""),
            (
                "pack.toml",
                "phone = \"01632 960456\"",
                "phone = \"0800 111\"",
            ),
        ],
    );
    assert!(stderr(&check(&pack)).contains("`0800 111` cannot be right"));

    // A region names the country where the locale names another.
    let (_dir, pack) = edited(
        "lang-cy",
        &[
            (
                "pack.toml",
                "locale = \"cy\"",
                "locale = \"pl-PL\"\nregion = \"GB\"",
            ),
            (
                "pack.toml",
                "phone = \"01632 960456\"",
                "phone = \"0800 111\"",
            ),
        ],
    );
    assert!(stderr(&check(&pack)).contains("`0800 111` cannot be right"));
    let (_dir, pack) = edited(
        "lang-cy",
        &[(
            "pack.toml",
            "locale = \"cy\"",
            "locale = \"cy\"\nregion = \"Wales\"",
        )],
    );
    let err = stderr(&check(&pack));
    assert!(
        err.contains("region `Wales` is not a country code"),
        "{err}"
    );
}

#[test]
fn a_locale_that_is_not_a_language_tag_is_refused_with_a_suggestion() {
    let (_dir, pack) = edited(
        "lang-cy",
        &[("pack.toml", "locale = \"cy\"", "locale = \"Welsh\"")],
    );
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(err.contains("the locale is not a language tag"), "{err}");
    assert!(err.contains("did you mean `locale = \"cy\"`?"), "{err}");
}

#[test]
fn urdu_sentences_end_at_their_full_stop_and_no_reading_age_is_guessed() {
    // The Urdu fixture's paragraph is 39 words in three sentences ended by
    // ۔ and ؟: before UAX #29 it was one "sentence of 39 words".
    let o = check(&fixture("lang-ur"));
    let err = stderr(&o);
    assert!(!err.contains("a sentence of"), "{err}");
    assert!(!err.contains("reads at about age"), "{err}");
    assert_eq!(
        err.matches("the reading age is not measured for Urdu (`ur`)")
            .count(),
        1,
        "{err}"
    );
    assert_eq!(err.matches("native speaker").count(), 1, "{err}");
    // Arabic script is set in the built-in fallback (Noto Sans Arabic):
    // the pack's text and the Urdu labels check clean.
    assert!(!err.contains("no glyph"), "{err}");
    assert!(!err.contains("cannot print the built-in"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
    // No label is missing: Urdu has a built-in set.
    assert!(!err.contains("has no built-in labels"), "{err}");
}

#[test]
fn a_long_sentence_is_still_warned_in_another_language() {
    let long = "Testun prawf yw hwn ac mae'r frawddeg hon yn hir iawn er mwyn gweld a yw'r gwiriad yn dal i gyfrif y geiriau mewn iaith arall heblaw Saesneg.";
    let (_dir, pack) = edited(
        "lang-cy",
        &[(
            "audiences/rhieni.toml",
            "call_to_action = \"Testun prawf: beth i'w wneud nesaf.\"",
            &format!("call_to_action = \"{long}\""),
        )],
    );
    let err = stderr(&check(&pack));
    assert!(err.contains("a sentence of 28 words"), "{err}");
}

#[test]
fn no_reading_age_warning_for_a_welsh_pack_where_an_english_one_warns() {
    let (_dir, welsh) = edited(
        "lang-cy",
        &[(
            "audiences/rhieni.toml",
            "reading_age = 12",
            "reading_age = 5",
        )],
    );
    let err = stderr(&check(&welsh));
    assert!(!err.contains("reads at about age"), "{err}");
    assert!(
        err.contains("`reading_age` is not used in this language"),
        "{err}"
    );
    // The same target on an English pack is measured, and warned.
    let (_dir, english) = edited(
        "spec-example",
        &[(
            "audiences/parents.toml",
            "reading_age = 12",
            "reading_age = 5",
        )],
    );
    let err = stderr(&check(&english));
    assert!(err.contains("reads at about age"), "{err}");
    assert!(!err.contains("not measured"), "{err}");
}

#[test]
fn build_leaves_the_writing_analysis_to_check() {
    let long = "Lots of people use it without knowing, which is not surprising, because the apps that offer it rarely say so clearly and most people never look at the settings at all.";
    let (_dir, pack) = edited(
        "spec-example",
        &[
            (
                "audiences/parents.toml",
                "reading_age = 12",
                "reading_age = 6",
            ),
            (
                "audiences/parents.toml",
                "Short, regular chats work better than one big talk.",
                long,
            ),
        ],
    );
    let err = stderr(&check(&pack));
    assert!(err.contains("a sentence of 31 words"), "{err}");
    assert!(err.contains("reads at about age"), "{err}");
    let out = tempfile::tempdir().unwrap();
    let o = packpress(
        repo(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "poster",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let err = stderr(&o);
    assert!(!err.contains("a sentence of"), "{err}");
    assert!(!err.contains("reads at about age"), "{err}");
}

#[test]
fn quiet_leaves_out_the_note_but_not_the_warning() {
    let o = packpress(
        repo(),
        &["check", "-q", fixture("lang-cy").to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let err = stderr(&o);
    assert!(!err.contains("note:"), "{err}");
    assert!(err.contains("native speaker"), "{err}");
}

#[test]
fn new_with_a_locale_starts_a_pack_in_that_language_refused_until_checked() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["new", "gemau", "--locale", "cy"]);
    assert!(o.status.success(), "{}", describe(&o));
    let pack = dir.path().join("gemau");
    let toml = std::fs::read_to_string(pack.join("pack.toml")).unwrap();
    assert!(toml.contains("locale = \"cy\""), "{toml}");
    assert!(toml.contains("region = \"GB\""), "{toml}");
    assert!(
        toml.contains("helplines = \"TODO: Ble i gael cymorth\""),
        "{toml}"
    );
    assert!(
        toml.contains("emergency = \"TODO: Mewn argyfwng, ffoniwch\""),
        "{toml}"
    );

    // check names each label still to check, at its line.
    let o = packpress(dir.path(), &["check", "gemau"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    let line = toml
        .lines()
        .position(|l| l.starts_with("emergency = \"TODO:"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("pack.toml:{line}:14")),
        "line {line}:\n{err}"
    );

    // A Welsh speaker checks each, and the author writes the rest.
    for f in ["pack.toml", "audiences/parents.toml"] {
        let path = pack.join(f);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("TODO: ", "")
            .replace("PLACEHOLDER", "01632 960123");
        std::fs::write(&path, text).unwrap();
    }
    let o = packpress(dir.path(), &["check", "gemau"]);
    assert!(o.status.success(), "{}", describe(&o));
    // Every label is now the pack's own: nothing is left unreviewed.
    assert!(!stderr(&o).contains("native speaker"), "{}", describe(&o));
    let o = packpress(dir.path(), &["build", "gemau", "-f", "poster"]);
    assert!(o.status.success(), "{}", describe(&o));
    let t = flat_text(&dir.path().join("out/gemau/generic/parents/poster-a4.pdf"));
    assert!(t.contains("Ble i gael cymorth"), "{t}");
    assert!(t.contains("Mewn argyfwng, ffoniwch"), "{t}");
}

#[test]
fn new_in_a_language_with_no_built_in_set_leaves_every_label_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["new", "spiele", "--locale", "de"]);
    assert!(o.status.success(), "{}", describe(&o));
    let toml = std::fs::read_to_string(dir.path().join("spiele/pack.toml")).unwrap();
    for key in ["helplines", "emergency", "keep_card", "print_on_cream"] {
        assert!(
            toml.contains(&format!("\n{key} = \"TODO:\"")),
            "{key}:\n{toml}"
        );
    }
    assert!(toml.contains("page = \"TODO: {page} {pages}\""), "{toml}");
    // No English word is there to be printed once the TODOs go.
    assert!(!toml.contains("\nhelplines = \"Where"), "{toml}");
    let o = packpress(dir.path(), &["check", "spiele"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));

    let o = packpress(dir.path(), &["new", "x", "--locale", "English"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains("did you mean `--locale en-GB`?"),
        "{}",
        describe(&o)
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn list_names_the_language_its_labels_and_the_phone_region() {
    let o = packpress(repo(), &["list", fixture("lang-cy").to_str().unwrap()]);
    assert!(o.status.success(), "{}", describe(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("language: Welsh (cy), left to right"), "{out}");
    assert!(
        out.contains("labels: built in, labels/cy.toml, not yet checked by a native speaker"),
        "{out}"
    );
    assert!(out.contains("phone numbers checked for: GB"), "{out}");
}
