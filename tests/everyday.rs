//! Issue 27: what a school and a youth club met on their first day, each
//! point run through the CLI as they ran it.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `check` of one quick output of the shipped pack for `site`, run from
/// the repository.
fn check_site(site: &Path) -> std::process::Output {
    packpress(
        repo(),
        &[
            "check",
            "packs/e2ee",
            "-a",
            "parents",
            "-f",
            "poster",
            "--site",
            site.to_str().unwrap(),
        ],
    )
}

/// Hillside's site file (and its logo) in a folder of its own, with
/// `edit` applied to the file's text.
fn hillside_edited(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("sites/hillside.toml")).unwrap();
    fs::copy(
        fixture("sites/hillside-logo.png"),
        dir.path().join("hillside-logo.png"),
    )
    .unwrap();
    let file = dir.path().join("school.toml");
    fs::write(&file, edit(text)).unwrap();
    (dir, file)
}

#[test]
fn issue_27_a_missing_logo_and_a_bad_colour_do_not_hide_an_impossible_number() {
    let (_dir, site) = hillside_edited(|t| {
        t.replace("logo = \"hillside-logo.png\"", "logo = \"crest.png\"")
            .replace("#00594F", "#00594")
            .replace("01632 960456", "0163 960")
    });
    let o = check_site(&site);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(err.contains("crest.png does not exist"), "{err}");
    assert!(err.contains("`#00594` is not a colour"), "{err}");
    assert!(
        err.contains("`0163 960` cannot be right"),
        "the bad number must be reported in the same run: {err}"
    );
    assert!(stdout(&o).contains("3 errors"), "{}", describe(&o));
}

#[test]
fn issue_27_curly_quotes_are_named_and_the_line_shown_with_straight_ones() {
    let (_dir, site) = hillside_edited(|t| {
        t.replace(
            "name = \"Hillside Academy\"",
            "name = “St Aidan’s High School”",
        )
        .replace("name = \"Ms A. Patel\"", "name = ‘Ms A. Patel’")
    });
    let o = check_site(&site);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(err.contains("curly quotes"), "{err}");
    assert!(
        err.contains("name = \"St Aidan’s High School\""),
        "the line with straight quotes: {err}"
    );
    assert!(
        err.contains("name = \"Ms A. Patel\""),
        "every line with curly quotes, in one run: {err}"
    );
    assert!(!err.contains("expected literal string"), "{err}");
}

#[test]
fn issue_27_a_non_breaking_space_is_named() {
    let (_dir, site) =
        hillside_edited(|t| t.replace("colour = \"#00594F\"", "colour\u{a0}= \"#00594F\""));
    let o = check_site(&site);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(err.contains("non-breaking space"), "{err}");
    assert!(err.contains("colour = \"#00594F\""), "{err}");
}

#[test]
fn issue_27_a_bom_tabs_and_windows_line_endings_are_read() {
    let (_dir, site) = hillside_edited(|t| {
        let t = t.replace("name = ", "name\t=\t");
        format!("\u{feff}{}", t.replace('\n', "\r\n"))
    });
    let o = check_site(&site);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(stdout(&o).contains("0 errors"), "{}", describe(&o));
}

#[test]
fn issue_27_site_without_toml_suggests_the_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        fixture("sites/hillside.toml"),
        dir.path().join("st-aidans.toml"),
    )
    .unwrap();
    let pack = shipped_pack();
    for typed in ["st-aidans", "st-aidan.toml"] {
        let o = packpress(
            dir.path(),
            &["check", pack.to_str().unwrap(), "--site", typed],
        );
        assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
        assert!(
            stderr(&o).contains("did you mean --site st-aidans.toml?"),
            "{typed}: {}",
            describe(&o)
        );
    }
}

#[test]
fn issue_27_a_web_page_is_reported_by_size_not_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "packs/e2ee",
            "-a",
            "parents",
            "-f",
            "web",
            "-f",
            "poster",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let said = stdout(&o);
    let web = said
        .lines()
        .find(|l| l.contains("web.html"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(!web.contains("page"), "{web}");
    assert!(web.ends_with(" KB)"), "{web}");
    let poster = said
        .lines()
        .find(|l| l.contains("poster-a4.pdf"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(poster.contains("(1 page, "), "{poster}");
}
