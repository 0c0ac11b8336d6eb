//! Packs in several languages (issue 16, points 1 and 2): a translation's
//! files, `check`'s alignment of a translation with the text it
//! translates, and `-l` and `--bilingual` on the command line, read back
//! from the real binary's outputs with poppler and qpdf.
//!
//! The fixture, `tests/fixtures/bilingual`, is a small pack in English with
//! a Welsh translation, both plainly test text (not advice, and not a
//! translation of the shipped pack), with Ofcom's drama numbers.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn pack() -> PathBuf {
    fixture("bilingual")
}

/// A copy of the fixture to change, in a new temporary folder.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bilingual");
    copy_tree(&pack(), &dir);
    (tmp, dir)
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    let changed = f(text.clone());
    assert_ne!(
        changed,
        text,
        "the edit of {} changed nothing",
        path.display()
    );
    fs::write(path, changed).unwrap();
}

/// A PDF's text with every run of white space made one space: a line
/// break inside a sentence is not what is being tested.
fn flat_text(pdf: &Path) -> String {
    pdf_text(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Line and column (from 1) of the `nth` (from 0) occurrence of `needle`
/// in a file, as the file is now: where a finding must point.
fn place(path: &Path, needle: &str, nth: usize) -> String {
    let text = fs::read_to_string(path).unwrap();
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} is not in {}", path.display()))
        .0;
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{col}")
}

/// `check` on a pack: its output, which must be a failure naming both
/// places, each as `file:line:col`.
fn check_points_at(dir: &Path, want: &[(&str, String)], message: &str) {
    let o = packpress(dir.parent().unwrap(), &["check", "bilingual"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(err.contains(message), "no {message:?} in:\n{err}");
    for (file, at) in want {
        let loc = format!("{file}:{at}");
        assert!(err.contains(&loc), "no {loc} in:\n{err}");
    }
}

#[test]
fn an_aligned_translation_checks_clean_in_both_languages() {
    let o = packpress(&pack(), &["check", "."]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // 2 audiences x 6 formats, in each of 2 languages.
    assert!(
        out.contains("24 outputs laid out: 0 errors"),
        "{}",
        describe(&o)
    );
    // The Welsh is checked as Welsh: no reading age, said once, at the
    // translation.
    let err = stderr(&o);
    assert_eq!(
        err.matches("the reading age is not measured for Welsh")
            .count(),
        1,
        "{err}"
    );
}

#[test]
fn a_missing_section_points_at_the_first_place_in_both_files() {
    let (_tmp, dir) = copy();
    let cy = dir.join("audiences/parents.cy.toml");
    edit(&cy, |t| {
        let a = t.find("[[sections]]\nkind = \"explainer\"").unwrap();
        let b = t.find("[[sections]]\nkind = \"tips\"").unwrap();
        format!("{}{}", &t[..a], &t[b..])
    });
    let en = dir.join("audiences/parents.toml");
    check_points_at(
        &dir,
        &[
            ("audiences/parents.cy.toml", place(&cy, "\"tips\"", 0)),
            ("audiences/parents.toml", place(&en, "\"explainer\"", 0)),
        ],
        "the sections of `parents` stop lining up at section 1",
    );
}

#[test]
fn sections_out_of_order_point_at_both_files() {
    let (_tmp, dir) = copy();
    let cy = dir.join("audiences/parents.cy.toml");
    edit(&cy, |t| {
        let a = t.find("[[sections]]\nkind = \"explainer\"").unwrap();
        let b = t.find("[[sections]]\nkind = \"tips\"").unwrap();
        format!("{}{}\n{}", &t[..a], &t[b..], &t[a..b])
    });
    let en = dir.join("audiences/parents.toml");
    check_points_at(
        &dir,
        &[
            ("audiences/parents.cy.toml", place(&cy, "\"tips\"", 0)),
            ("audiences/parents.toml", place(&en, "\"explainer\"", 0)),
        ],
        "`explainer` (\"TEST TEXT: the first section\") in English, `tips` in Welsh",
    );
}

#[test]
fn a_missing_section_at_the_end_names_it() {
    let (_tmp, dir) = copy();
    let cy = dir.join("audiences/parents.cy.toml");
    edit(&cy, |t| {
        let b = t.find("[[sections]]\nkind = \"tips\"").unwrap();
        t[..b].to_string()
    });
    let en = dir.join("audiences/parents.toml");
    check_points_at(
        &dir,
        &[
            (
                "audiences/parents.cy.toml",
                place(&cy, "\"TESTUN PRAWF: yr adran gyntaf\"", 0),
            ),
            (
                "audiences/parents.toml",
                place(&en, "\"TEST TEXT: the steps\"", 0),
            ),
        ],
        "`parents` has 2 sections in English and 1 in Welsh",
    );
}

#[test]
fn a_missing_item_points_at_both_files() {
    let (_tmp, dir) = copy();
    let cy = dir.join("audiences/parents.cy.toml");
    edit(&cy, |t| {
        let a = t.rfind("[[sections.items]]").unwrap();
        t[..a].to_string()
    });
    let en = dir.join("audiences/parents.toml");
    check_points_at(
        &dir,
        &[
            (
                "audiences/parents.cy.toml",
                place(&cy, "\"TESTUN PRAWF: cam un\"", 0),
            ),
            (
                "audiences/parents.toml",
                place(&en, "\"TEST TEXT: step two\"", 0),
            ),
        ],
        "the section \"TEST TEXT: the steps\" of `parents` has 2 items in English and 1 in Welsh",
    );
}

#[test]
fn a_missing_key_point_points_at_both_files() {
    let (_tmp, dir) = copy();
    let cy = dir.join("audiences/young-people.cy.toml");
    edit(&cy, |t| t.replace("  \"TESTUN PRAWF: tri.\",\n", ""));
    let en = dir.join("audiences/young-people.toml");
    check_points_at(
        &dir,
        &[
            ("audiences/young-people.cy.toml", place(&cy, "[", 1)),
            (
                "audiences/young-people.toml",
                place(&en, "\"TEST TEXT: three.\"", 0),
            ),
        ],
        "`young-people` has 3 key points in English and 2 in Welsh",
    );
}

#[test]
fn a_helpline_without_words_points_at_both_files() {
    let (_tmp, dir) = copy();
    let cy = dir.join("translations/cy.toml");
    edit(&cy, |t| {
        let a = t.find("[helplines.second-line]").unwrap();
        let b = t.find("[helplines.police]").unwrap();
        format!("{}{}", &t[..a], &t[b..])
    });
    check_points_at(
        &dir,
        &[
            // Where its words belong: before the next helpline's.
            ("translations/cy.toml", place(&cy, "police]", 0)),
            (
                "pack.toml",
                place(&dir.join("pack.toml"), "\"second-line\"", 0),
            ),
        ],
        "helpline `second-line` has no words in Welsh, and `parents` in Welsh shows it",
    );
}

#[test]
fn helplines_out_of_order_point_at_both_files() {
    let (_tmp, dir) = copy();
    let cy = dir.join("translations/cy.toml");
    edit(&cy, |t| {
        let a = t.find("[helplines.test-line]").unwrap();
        let b = t.find("[helplines.second-line]").unwrap();
        let c = t.find("[helplines.police]").unwrap();
        format!("{}{}{}{}", &t[..a], &t[b..c], &t[a..b], &t[c..])
    });
    check_points_at(
        &dir,
        &[
            ("translations/cy.toml", place(&cy, "test-line]", 0)),
            (
                "pack.toml",
                place(&dir.join("pack.toml"), "\"test-line\"", 0),
            ),
        ],
        "`test-line` comes after `second-line` here, and before it in pack.toml",
    );
}

#[test]
fn a_helpline_detail_missing_from_a_translation_points_at_both_files() {
    let (_tmp, dir) = copy();
    let cy = dir.join("translations/cy.toml");
    edit(&cy, |t| {
        t.replace("hours = \"TESTUN PRAWF: unrhyw bryd\"\n", "")
    });
    check_points_at(
        &dir,
        &[
            ("translations/cy.toml", place(&cy, "test-line]", 0)),
            (
                "pack.toml",
                place(&dir.join("pack.toml"), "\"TEST TEXT: any time\"", 0),
            ),
        ],
        "helpline `test-line` has `hours` in pack.toml and none in",
    );
}

#[test]
fn translation_files_are_checked_for_shape_with_did_you_mean() {
    let (_tmp, dir) = copy();
    let cy = dir.join("translations/cy.toml");
    edit(&cy, |t| {
        t.replace("hours = ", "hour = ")
            .replace("[helplines.police]", "[helplines.polic]")
            .replace("name = \"Ail linell brawf\"", "phone = \"01632 960456\"")
    });
    let o = packpress(dir.parent().unwrap(), &["check", "bilingual"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    for want in [
        "unknown key `hour` in [helplines.test-line]",
        "did you mean `hours`?",
        "unknown key `phone` in [helplines.second-line]",
        "`phone` is the same in every language, and is written once, in pack.toml",
        &format!("translations/cy.toml:{}", place(&cy, "hour =", 0)),
    ] {
        assert!(err.contains(want), "no {want:?} in:\n{err}");
    }
    // Once the shape is right, an id the pack does not have is named.
    edit(&cy, |t| {
        t.replace("hour = ", "hours = ")
            .replace("phone = \"01632 960456\"", "name = \"Ail linell brawf\"")
    });
    let o = packpress(dir.parent().unwrap(), &["check", "bilingual"]);
    let err = stderr(&o);
    assert!(
        err.contains("the pack has no helpline `polic` to translate")
            && err.contains("did you mean `police`?"),
        "{err}"
    );
}

#[test]
fn translated_audience_files_must_match_an_audience_and_a_translation() {
    let (_tmp, dir) = copy();
    fs::copy(
        dir.join("audiences/parents.cy.toml"),
        dir.join("audiences/parnets.cy.toml"),
    )
    .unwrap();
    fs::copy(
        dir.join("audiences/parents.cy.toml"),
        dir.join("audiences/parents.pl.toml"),
    )
    .unwrap();
    let o = packpress(dir.parent().unwrap(), &["check", "bilingual"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    for want in [
        "this is a translation of an audience `parnets` that the pack does not have",
        "did you mean audiences/parents.cy.toml?",
        "this audience is in Polish (`pl`), and the pack has no translations/pl.toml",
    ] {
        assert!(err.contains(want), "no {want:?} in:\n{err}");
    }
}

#[test]
fn a_translation_with_no_audience_is_refused() {
    let (_tmp, dir) = copy();
    fs::remove_file(dir.join("audiences/parents.cy.toml")).unwrap();
    fs::remove_file(dir.join("audiences/young-people.cy.toml")).unwrap();
    let o = packpress(dir.parent().unwrap(), &["check", "bilingual"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("the pack has no audience in Welsh (`cy`)"),
        "{}",
        describe(&o)
    );
}

#[test]
fn a_todo_and_a_missing_glyph_in_a_translation_are_refused_where_they_are() {
    let (_tmp, dir) = copy();
    let cy = dir.join("audiences/young-people.cy.toml");
    edit(&cy, |t| {
        t.replace("TESTUN PRAWF: un.", "TODO: un")
            .replace("TESTUN PRAWF: dau.", "TESTUN PRAWF: \u{2603}")
    });
    let o = packpress(dir.parent().unwrap(), &["check", "bilingual"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    for want in [
        format!("young-people.cy.toml:{}", place(&cy, "TODO:", 0)),
        "has no glyph for '\u{2603}' (U+2603)".to_string(),
        format!("young-people.cy.toml:{}", place(&cy, "\u{2603}", 0)),
    ] {
        assert!(err.contains(&want), "no {want:?} in:\n{err}");
    }
}

#[test]
fn a_partial_translation_builds_what_it_has_and_says_what_it_has_not() {
    let (tmp, dir) = copy();
    fs::remove_file(dir.join("audiences/young-people.cy.toml")).unwrap();
    let o = packpress(tmp.path(), &["check", "bilingual"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(
        stderr(&o).contains("young-people is made in English only"),
        "{}",
        describe(&o)
    );
    let o = packpress(tmp.path(), &["build", "bilingual", "-f", "poster"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = tmp.path().join("out/bilingual-test/generic");
    assert!(out.join("parents/poster-a4-cy.pdf").is_file());
    assert!(out.join("young-people/poster-a4.pdf").is_file());
    assert!(!out.join("young-people/poster-a4-cy.pdf").exists());
    // Named together, an audience with no text in the language is refused.
    let o = packpress(
        tmp.path(),
        &["build", "bilingual", "-a", "young-people", "-l", "cy"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains(
            "no pack has the audience `young-people` in Welsh (`cy`); in Welsh (`cy`), the audiences are: parents"
        ),
        "{}",
        describe(&o)
    );
}

/// Every PDF of the Welsh build is in Welsh: its own words, the
/// helplines' Welsh words, the Welsh labels (with the translation's own
/// [labels] over the built-in set), the numbers as pack.toml gives them,
/// and no English test text or English furniture.
#[test]
fn l_cy_builds_the_welsh_outputs_in_welsh() {
    let tmp = tempfile::tempdir().unwrap();
    let o = packpress(
        tmp.path(),
        &[
            "build",
            pack().to_str().unwrap(),
            "-l",
            "cy",
            "-a",
            "parents",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let dir = tmp.path().join("out/bilingual-test/generic/parents");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "booklet-a4-cy.pdf",
            "cards-a4-cy.pdf",
            "handout-a4-cy.pdf",
            "leaflet-a4-cy.pdf",
            "poster-a4-cy.pdf",
            "web-cy.html"
        ]
    );
    for name in &names[..5] {
        let pdf = dir.join(name);
        qpdf_check(&pdf);
        let text = flat_text(&pdf);
        assert!(text.contains("TESTUN PRAWF: pennawd"), "{name}:\n{text}");
        assert!(text.contains("0808 157 0123"), "{name}:\n{text}");
        assert!(
            !text.contains("TEST TEXT"),
            "English text in {name}:\n{text}"
        );
        assert!(
            !text.contains("Where to get help") && !text.contains("In an emergency"),
            "English labels in {name}:\n{text}"
        );
        assert_eq!(catalog(&pdf)["/Lang"], "u:cy", "{name}");
        assert!(
            info_field(&pdf, "Title").starts_with("TESTUN PRAWF: pecyn mewn dwy iaith"),
            "{name}"
        );
    }
    let handout = flat_text(&dir.join("handout-a4-cy.pdf"));
    for want in [
        "TESTUN PRAWF: mae dŵr yn y tŷ.",
        "TESTUN PRAWF: yr adran gyntaf",
        "TESTUN PRAWF: cam dau",
        // The translation's [labels] over the built-in Welsh set.
        "Ble i gael help",
        // The built-in Welsh set where the translation gives none.
        "Mewn argyfwng, ffoniwch",
        "Llinell brawf",
        "TESTUN PRAWF: unrhyw bryd",
        "TESTUN PRAWF: am ddim",
        // A source cited in Welsh, and one as published.
        "TESTUN PRAWF: ail ffynhonnell",
        "Cyngor Prawf Cymru",
        "A test source, not a real one",
    ] {
        assert!(
            handout.contains(want),
            "no {want:?} in the handout:\n{handout}"
        );
    }
    assert!(!handout.contains("Ble i gael cymorth"), "{handout}");
    let web = fs::read_to_string(dir.join("web-cy.html")).unwrap();
    assert!(web.contains("<html lang=\"cy\""), "{web}");
    assert!(web.contains("TESTUN PRAWF: pennawd"), "{web}");
}

#[test]
fn by_default_every_language_is_built_each_on_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let o = packpress(
        tmp.path(),
        &[
            "build",
            pack().to_str().unwrap(),
            "-f",
            "poster",
            "-f",
            "handout",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut files: Vec<(String, Vec<String>)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_string();
            let audience = f["audience"].as_str().unwrap();
            let langs = f["languages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap().to_string())
                .collect();
            (format!("{audience}/{name}"), langs)
        })
        .collect();
    files.sort();
    let en = || vec!["en-GB".to_string()];
    let cy = || vec!["cy".to_string()];
    assert_eq!(
        files,
        [
            ("parents/handout-a4-cy.pdf".to_string(), cy()),
            ("parents/handout-a4.pdf".to_string(), en()),
            ("parents/poster-a4-cy.pdf".to_string(), cy()),
            ("parents/poster-a4.pdf".to_string(), en()),
            ("young-people/handout-a4-cy.pdf".to_string(), cy()),
            ("young-people/handout-a4.pdf".to_string(), en()),
            ("young-people/poster-a4-cy.pdf".to_string(), cy()),
            ("young-people/poster-a4.pdf".to_string(), en()),
        ]
    );
    let out = tmp.path().join("out");
    let dir = out.join("bilingual-test/generic/parents");
    let english = flat_text(&dir.join("poster-a4.pdf"));
    assert!(english.contains("TEST TEXT: a headline"), "{english}");
    assert!(!english.contains("TESTUN PRAWF"), "{english}");
    assert_eq!(catalog(&dir.join("poster-a4.pdf"))["/Lang"], "u:en-GB");
    // The manifest says the same, and the contact sheet names the languages.
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    for o in manifest["outputs"].as_array().unwrap() {
        let path = o["path"].as_str().unwrap();
        let want = if path.ends_with("-cy.pdf") {
            "cy"
        } else {
            "en-GB"
        };
        assert_eq!(o["languages"], serde_json::json!([want]), "{path}");
    }
    let sheet = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(sheet.contains("Poster (A4, standard, Welsh)"), "{sheet}");
    assert!(sheet.contains("Poster (A4, standard, English)"), "{sheet}");
}

/// One language of a pack builds alone exactly as today: the English
/// outputs of the pack with a translation are byte for byte those of the
/// same pack with its translation taken out.
#[test]
fn adding_a_translation_leaves_the_packs_own_outputs_byte_identical() {
    let (tmp, dir) = copy();
    let alone = tmp.path().join("alone");
    copy_tree(&dir, &alone);
    fs::remove_dir_all(alone.join("translations")).unwrap();
    fs::remove_file(alone.join("audiences/parents.cy.toml")).unwrap();
    fs::remove_file(alone.join("audiences/young-people.cy.toml")).unwrap();
    for (pack, out) in [("bilingual", "out-both"), ("alone", "out-alone")] {
        let o = packpress(
            tmp.path(),
            &["build", pack, "-l", "en", "-a", "parents", "-o", out],
        );
        assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    }
    let names = [
        "poster-a4.pdf",
        "handout-a4.pdf",
        "leaflet-a4.pdf",
        "booklet-a4.pdf",
        "cards-a4.pdf",
        "web.html",
    ];
    for name in names {
        let both = tmp
            .path()
            .join("out-both/bilingual-test/generic/parents")
            .join(name);
        let alone = tmp
            .path()
            .join("out-alone/bilingual-test/generic/parents")
            .join(name);
        assert_eq!(
            fs::read(&both).unwrap(),
            fs::read(&alone).unwrap(),
            "{name}"
        );
    }
    // `-l en` matched the pack's en-GB, and built nothing in Welsh.
    assert!(!tmp
        .path()
        .join("out-both/bilingual-test/generic/parents/poster-a4-cy.pdf")
        .exists());
}

#[test]
fn an_unknown_language_is_refused_with_the_languages_the_pack_has() {
    let tmp = tempfile::tempdir().unwrap();
    let o = packpress(tmp.path(), &["build", pack().to_str().unwrap(), "-l", "pl"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains(
            "the pack has no language `pl`; its languages are: en-GB (English, the pack's own) and cy (Welsh)"
        ),
        "{}",
        describe(&o)
    );
    assert!(!tmp.path().join("out").exists(), "nothing is written");
    // A name that is not a language tag is a command-line error too.
    let o = packpress(
        tmp.path(),
        &["build", pack().to_str().unwrap(), "-l", "Welsh"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains("did you mean `cy`?"),
        "{}",
        describe(&o)
    );
}

#[test]
fn bilingual_editions_are_refused_by_the_formats_that_do_not_make_them() {
    let tmp = tempfile::tempdir().unwrap();
    let p = pack();
    let p = p.to_str().unwrap();
    // Named with -f: an error before anything is read, naming the formats
    // that do make them.
    let o = packpress(
        tmp.path(),
        &["build", p, "--bilingual", "cy+en", "-f", "leaflet"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains(
            "the leaflet is not made as a bilingual edition: the formats that do are the poster, handout, booklet and web"
        ),
        "{}",
        describe(&o)
    );
    assert!(
        stderr(&o).contains("choose one of: poster, handout, booklet, web"),
        "{}",
        describe(&o)
    );
    assert!(!tmp.path().join("out").exists(), "nothing is written");
    // From the defaults: the poster, the handout, the booklet and the web
    // page in both languages, the other formats skipped with a note.
    let o = packpress(
        tmp.path(),
        &[
            "build",
            p,
            "--bilingual",
            "cy+en",
            "-a",
            "parents",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(files.len(), 4, "{json}");
    assert!(
        files.iter().any(|f| f.ends_with("poster-a4-cy+en-gb.pdf"))
            && files.iter().any(|f| f.ends_with("handout-a4-cy+en-gb.pdf"))
            && files.iter().any(|f| f.ends_with("booklet-a4-cy+en-gb.pdf"))
            && files.iter().any(|f| f.ends_with("web-cy+en-gb.html")),
        "{json}"
    );
    let skipped = json["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{json}");
    for s in skipped {
        assert_eq!(s["languages"], serde_json::json!(["cy", "en-GB"]), "{s}");
    }
    assert!(
        stderr(&o).contains(
            "skipped the leaflet and cards: not made as Welsh and English bilingual editions"
        ),
        "{}",
        describe(&o)
    );
    // The same language twice is a command-line error.
    let o = packpress(tmp.path(), &["build", p, "--bilingual", "cy+cy"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}

/// The seam the bilingual layouts build on: a plan asks for the pair, a
/// job's context reaches both languages, and `formats::make` refuses it
/// from one place until a layout exists.
#[test]
fn a_bilingual_job_reaches_both_languages_and_is_made_or_refused_by_make() {
    use packpress::build::{self, Job, Languages, Selection};
    use packpress::diagnostics::Report;
    use packpress::formats::{Context, Format, FormatError, Paper};
    use packpress::labels::Locale;
    use packpress::style::ReadingStyle;

    let mut report = Report::new();
    let packs = build::load_packs(&[pack()], &mut report, packpress::date::Date::today())
        .expect("the fixture loads");
    let lp = &packs[0];
    let cy = Locale::parse("cy").unwrap();
    let en = Locale::parse("en").unwrap();
    assert_eq!(
        lp.pack
            .languages()
            .iter()
            .map(Locale::to_string)
            .collect::<Vec<_>>(),
        ["en-GB", "cy"]
    );
    let sel = Selection {
        bilingual: vec![(cy.clone(), en.clone())],
        ..Selection::default()
    };
    let plan = build::plan(&packs, &sel, None).unwrap();
    // The poster, the handout, the booklet and the web page, for both
    // audiences; the rest skipped.
    assert_eq!(plan.jobs.len(), 8);
    assert!(plan.jobs.iter().all(|j| matches!(
        j.format,
        Format::Poster | Format::Handout | Format::Booklet | Format::Web
    )));
    assert!(plan
        .skipped
        .iter()
        .all(|s| s.languages == ["cy", "en-GB"]
            && matches!(s.reason, FormatError::NotBilingual { .. })));
    assert_eq!(plan.skipped.len(), Format::ALL.len() - 4);

    // A job as the plan makes it: the bilingual handout is made.
    let pair = Languages {
        first: cy.clone(),
        second: lp.pack.find_language(&en),
    };
    let sel_one = Selection {
        languages: vec![cy.clone()],
        formats: vec![Format::Handout],
        audiences: vec!["parents".into()],
        ..Selection::default()
    };
    let mut job: Job = build::plan(&packs, &sel_one, None).unwrap().jobs.remove(0);
    assert_eq!(job.languages, Languages::one(cy.clone()));
    job.languages = pair;
    assert!(build::render_job(&packs, None, &job).is_ok());

    // What a bilingual layout will read: the first language in the
    // context's own fields, the second in `second`.
    let welsh = lp
        .languages
        .iter()
        .find(|p| p.language.locale == cy)
        .unwrap();
    let english = &lp.languages[0];
    let shaper = packpress::text::Shaper::new(&lp.fonts).unwrap();
    let ts = packpress::layout::Typesetter::new(shaper);
    let ctx = Context::new(
        welsh,
        welsh.audience("parents").unwrap(),
        Paper::A4,
        ReadingStyle::Standard,
        &ts,
        std::sync::Arc::clone(&lp.fonts),
    )
    .with_second(Some((english, english.audience("parents").unwrap())));
    assert_eq!(ctx.labels.helplines, "Ble i gael help");
    assert_eq!(ctx.audience.headline, "TESTUN PRAWF: pennawd");
    let second = ctx.in_second().expect("a second language");
    assert_eq!(second.pack.language.locale.to_string(), "en-GB");
    assert_eq!(second.labels.helplines, "Where to get help");
    assert_eq!(second.audience.headline, "TEST TEXT: a headline");
    // The helplines line up: the same ids and numbers, each language's words.
    let (first_lines, _) = ctx.helplines();
    let (second_lines, _) = second.helplines();
    let ids = |l: &[&packpress::model::Helpline]| {
        l.iter()
            .map(|h| (h.id.clone(), h.phone.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&first_lines), ids(&second_lines));
    assert_eq!(first_lines[0].name, "Llinell brawf");
    assert_eq!(second_lines[0].name, "Test line");
    // The audience keeps its colour in every language.
    let english_ctx = Context::new(
        english,
        english.audience("parents").unwrap(),
        Paper::A4,
        ReadingStyle::Standard,
        &ts,
        std::sync::Arc::clone(&lp.fonts),
    );
    assert_eq!(ctx.palette, english_ctx.palette);
    assert!(matches!(
        packpress::formats::make(&ctx, Format::Leaflet),
        Err(FormatError::NotBilingual {
            format: Format::Leaflet
        })
    ));
}

#[test]
fn list_shows_the_translations_and_completion_offers_the_languages() {
    let o = packpress(&pack(), &["list", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("language: English (en-GB), left to right"),
        "{out}"
    );
    assert!(
        out.contains("cy               Welsh, left to right: parents, young-people"),
        "{out}"
    );
    let o = packpress(&pack(), &["__complete-languages", "."]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "cy\nen-GB\n");
    // Translated audience files are not audiences of their own.
    let o = packpress(&pack(), &["__complete-audiences", "."]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "parents\nyoung-people\n"
    );
}

/// A PNG never outlives its PDF, and never another language's: rebuilding
/// a changed English poster without --png removes its PNG, not the Welsh
/// one (whose PDF is the same; issue 27 keeps a PNG until its PDF changes).
#[test]
fn pngs_of_one_language_are_kept_apart_from_anothers() {
    let (tmp, p) = copy();
    let p = p.to_str().unwrap();
    let o = packpress(
        tmp.path(),
        &["build", p, "-a", "parents", "-f", "poster", "--png", "30"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let dir = tmp.path().join("out/bilingual-test/generic/parents");
    for name in ["poster-a4.png", "poster-a4-cy.png"] {
        assert!(dir.join(name).is_file(), "{name}");
    }
    let english = Path::new(p).join("audiences/parents.toml");
    let text = std::fs::read_to_string(&english).unwrap();
    std::fs::write(
        &english,
        text.replacen("TEST TEXT: a headline", "TEST TEXT: a new headline", 1),
    )
    .unwrap();
    let o = packpress(
        tmp.path(),
        &["build", p, "-a", "parents", "-f", "poster", "-l", "en"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(!dir.join("poster-a4.png").exists());
    assert!(dir.join("poster-a4-cy.png").is_file());
}
