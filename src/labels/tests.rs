//! Tests of the labels: the keys, patterns, and every built-in set.

use super::builtin::{parse, SetFile, SOURCES};
use super::*;

fn set(tag: &str) -> BuiltinSet {
    builtin(&Locale::parse(tag).unwrap()).unwrap_or_else(|| panic!("no set for {tag}"))
}

#[test]
fn every_built_in_set_parses_and_says_what_it_is() {
    for s in SOURCES {
        let file: SetFile = toml::from_str(s.text).unwrap_or_else(|e| panic!("{}: {e}", s.path));
        assert_eq!(file.set.tag, s.tag, "{}", s.path);
        assert_eq!(file.set.script, s.script, "{}", s.path);
        let locale = Locale::parse(s.tag).unwrap();
        assert_eq!(locale.usual_script(), s.script, "{}", s.path);
        assert_eq!(file.set.direction, locale.direction().name(), "{}", s.path);
        assert_eq!(
            file.set.reviewed,
            !file.set.reviewed_by.is_empty(),
            "{}: a reviewed set names who reviewed it, an unreviewed one nobody",
            s.path
        );
        assert_eq!(parse(s).unwrap().tag, s.tag);
    }
}

#[test]
fn every_built_in_set_gives_every_label_well_formed() {
    for s in SOURCES {
        let set = parse(s).unwrap();
        let (labels, missing) = Labels::from_lookup(|k| set.value(k), set.lowercase_audience());
        assert!(missing.is_empty(), "{}: {missing:?}", s.path);
        assert_eq!(set.words.months.len(), 12, "{}", s.path);
        for k in KEYS {
            match (k.kind, set.value(k.name)) {
                (KeyKind::Pattern(places), Some(Value::Text(p))) => {
                    check_pattern(&p, places)
                        .unwrap_or_else(|e| panic!("{} {}: {e}", s.path, k.name));
                }
                (KeyKind::Words, Some(Value::Text(w))) => {
                    assert!(!w.trim().is_empty(), "{} {}", s.path, k.name);
                    assert!(!w.contains(['{', '}']), "{} {}", s.path, k.name);
                    assert_eq!(w, w.trim(), "{} {}: no spaces at the ends", s.path, k.name);
                }
                (KeyKind::Months, Some(Value::List(m))) => {
                    assert!(m.iter().all(|n| !n.trim().is_empty()), "{}", s.path);
                }
                (_, v) => panic!("{} {}: {v:?}", s.path, k.name),
            }
        }
        assert!(!labels.helplines.is_empty());
    }
}

#[test]
fn the_label_files_are_in_unicode_normal_form_c() {
    // A reviewer's editor, a search and the glyph check all see the
    // same characters only if they are composed the same way.
    use unicode_normalization::UnicodeNormalization;
    for s in SOURCES {
        let nfc: String = s.text.nfc().collect();
        assert!(nfc == s.text, "{} is not in NFC", s.path);
    }
}

#[test]
fn only_english_is_marked_reviewed() {
    for s in SOURCES {
        let set = parse(s).unwrap();
        assert_eq!(set.reviewed, s.tag.starts_with("en-"), "{}", s.path);
    }
}

#[test]
fn a_locale_falls_back_by_its_language_and_script() {
    assert_eq!(set("en-GB").tag, "en-GB");
    assert_eq!(set("en-US").tag, "en-US");
    for tag in ["en", "en-IE", "en-CA", "en-AU"] {
        assert_eq!(set(tag).tag, "en-GB", "{tag}");
    }
    assert_eq!(set("cy-GB").tag, "cy");
    assert_eq!(set("ur-PK").tag, "ur");
    assert_eq!(set("pa-Guru-GB").tag, "pa");
    assert_eq!(set("pt-BR").tag, "pt");
    // Punjabi in Shahmukhi is another script: no set, not Gurmukhi.
    assert!(builtin(&Locale::parse("pa-Arab").unwrap()).is_none());
    for tag in ["de", "fr-FR", "ar-Latn"] {
        assert!(builtin(&Locale::parse(tag).unwrap()).is_none(), "{tag}");
    }
}

#[test]
fn english_labels_read_as_they_did() {
    let l = Labels::english();
    assert_eq!(l.helplines, "Where to get help");
    assert_eq!(l.emergency, "In an emergency, call");
    assert_eq!(l.for_audience, "For");
    assert_eq!((l.page.as_str(), l.of.as_str()), ("Page", "of"));
    assert_eq!(l.page_of(1, 2), "Page 1 of 2");
    let d = Date {
        year: 2026,
        month: 11,
        day: 22,
    };
    assert_eq!(l.date(d, "en-GB"), "22 November 2026");
    assert_eq!(set("en-US").labels().date(d, "en-US"), "November 22, 2026");
    assert_eq!(
        l.for_audience("Parents and carers"),
        "For parents and carers"
    );
    assert_eq!(l.for_audience("DSLs and staff"), "For DSLs and staff");
}

#[test]
fn the_english_guide_of_each_key_is_the_british_english_set() {
    let set = set("en-GB");
    for k in KEYS {
        assert_eq!(set.value(k.name), Some(english_value(k)), "{}", k.name);
    }
}

#[test]
fn other_languages_set_dates_and_names_in_their_own_order() {
    let d = Date {
        year: 2026,
        month: 11,
        day: 22,
    };
    assert_eq!(set("cy").labels().date(d, "cy"), "22 Tachwedd 2026");
    assert_eq!(set("pl").labels().date(d, "pl"), "22 listopada 2026");
    assert_eq!(set("pt").labels().date(d, "pt"), "22 de novembro de 2026");
    assert_eq!(set("cy").labels().page_of(1, 2), "Tudalen 1 o 2");
    assert_eq!(
        set("cy").labels().for_audience("Rhieni a gofalwyr"),
        "Ar gyfer rhieni a gofalwyr"
    );
    // A language that capitalises nouns keeps the name as written.
    let german = Labels::from_lookup(
        |k| match k {
            "for_audience" => Some(Value::Text("Für {audience}".into())),
            _ => None,
        },
        false,
    )
    .0;
    assert_eq!(german.for_audience("Eltern"), "Für Eltern");
}

#[test]
fn patterns_are_checked_for_their_places() {
    assert!(check_pattern("Page {page} of {pages}", &["page", "pages"]).is_ok());
    assert!(check_pattern("{pages}: {page}", &["page", "pages"]).is_ok());
    let e = check_pattern("Page {page}", &["page", "pages"]).unwrap_err();
    assert!(e.contains("{pages}"), "{e}");
    let e = check_pattern("For {audiense}", &["audience"]).unwrap_err();
    assert!(e.contains("did you mean {audience}"), "{e}");
    assert!(check_pattern("For {audience", &["audience"]).is_err());
    assert!(check_pattern("For audience}", &["audience"]).is_err());
    assert!(check_pattern("{audience} {audience}", &["audience"]).is_err());
}

#[test]
fn a_missing_label_is_left_empty_and_reported_never_filled_with_english() {
    let (labels, missing) = Labels::from_lookup(
        |k| (k == "helplines").then(|| Value::Text("Hilfe".into())),
        false,
    );
    assert_eq!(labels.helplines, "Hilfe");
    assert_eq!(labels.emergency, "");
    assert_eq!(missing.len(), KEYS.len() - 1);
    assert_eq!(missing[0], "emergency");
    assert_eq!(*missing.last().unwrap(), "date");
}
