//! The command line as users meet it: packs written by others, mistakes in
//! packs, and mistakes on the command line. Every error names what, where
//! and what to do, exits with the documented code, and writes nothing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the shipped pack in a temporary folder, with `edit` applied
/// to one of its files (a plain text replacement that must match).
fn edited_pack(file: &str, from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let path = pack.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    (dir, pack)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_pack_written_from_the_format_examples_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            fixture("spec-example").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    for name in ["poster-a4.pdf", "handout-a4.pdf"] {
        let pdf = out.join("spec-example/generic/parents").join(name);
        qpdf_check(&pdf);
        let problems = layout_problems(&pdf, 10.0);
        assert!(problems.is_empty(), "{name}: {problems:?}");
        let text = pdf_text(&pdf);
        assert!(
            text.contains("0800 1111") && text.contains("999"),
            "{name}: {text}"
        );
        // Empty optional fields ("") print nothing.
        assert!(
            !text.contains("Text "),
            "{name}: an empty SMS field was printed"
        );
    }
    let handout = pdf_text(&out.join("spec-example/generic/parents/handout-a4.pdf"));
    assert!(
        handout.contains("Mae’r ŵyn yn y cae."),
        "Welsh letters: {handout}"
    );
    assert!(handout.contains("Two asterisks make bold."), "{handout}");
}

#[test]
fn a_misspelt_key_is_an_error_with_its_place_and_a_suggestion() {
    let (_d, pack) = edited_pack("audiences/parents.toml", "headline =", "headlin =");
    let o = packpress(repo(), &["check", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(err.contains("unknown key `headlin`"), "{err}");
    assert!(err.contains("did you mean `headline`?"), "{err}");
    assert!(err.contains("parents.toml:5:1"), "file:line:col in {err}");
}

#[test]
fn a_quoted_date_says_what_a_date_looks_like() {
    let (_d, pack) = edited_pack(
        "pack.toml",
        "reviewed = 2026-11-22",
        "reviewed = \"2026-11-22\"",
    );
    let o = packpress(repo(), &["check", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("like 2026-11-22"), "{}", stderr(&o));
}

#[test]
fn a_dropped_digit_in_a_phone_number_is_an_error() {
    let (_d, pack) = edited_pack("pack.toml", "phone = \"0800 1111\"", "phone = \"0800 111\"");
    let o = packpress(repo(), &["check", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(err.contains("`0800 111` cannot be right"), "{err}");
    assert!(err.contains("pack.toml:"), "{err}");
}

#[test]
fn a_character_the_font_lacks_is_named_with_its_file_and_field() {
    let (_d, pack) = edited_pack(
        "audiences/young-people.toml",
        "\"It is never your fault, and you won’t be blamed.\"",
        "\"It is never your fault → you won’t be blamed.\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &["build", pack.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no glyph for '→' (U+2192) in audience.key_points[4]"),
        "{err}"
    );
    assert!(err.contains("young-people.toml:"), "{err}");
    assert!(!out.exists(), "a build with errors wrote files");
}

#[test]
fn a_helpline_for_an_audience_that_does_not_exist_is_an_error() {
    let (_d, pack) = edited_pack(
        "pack.toml",
        "audiences = [\"young-people\"]",
        "audiences = [\"young-peple\"]",
    );
    let o = packpress(repo(), &["check", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("audience `young-peple` that does not exist"),
        "{err}"
    );
    assert!(err.contains("did you mean `young-people`?"), "{err}");
}

#[test]
fn errors_in_several_files_are_all_reported_in_one_run() {
    let (_d, pack) = edited_pack("audiences/parents.toml", "strapline =", "strapine =");
    let path = pack.join("audiences/professionals.toml");
    let text =
        fs::read_to_string(&path)
            .unwrap()
            .replacen("kind = \"risks\"", "kind = \"risk\"", 1);
    fs::write(&path, text).unwrap();
    let o = packpress(repo(), &["check", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(err.contains("unknown key `strapine`"), "{err}");
    assert!(
        err.contains("unknown value `risk`") && err.contains("did you mean `risks`?"),
        "{err}"
    );
}

#[test]
fn too_much_text_is_a_does_not_fit_error_naming_the_section() {
    let long = "This sentence is here to make the section far too long to fit. ".repeat(200);
    let (_d, pack) = edited_pack(
        "audiences/parents.toml",
        "Many people use it without knowing",
        &format!("{long} Many people use it without knowing"),
    );
    let o = packpress(
        repo(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "leaflet",
            "-o",
            "/nonexistent/never",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("the leaflet on a4 for the audience `parents` has no room for"),
        "{err}"
    );
    assert!(err.contains("mm short"), "{err}");
    assert!(
        err.contains("What is end-to-end encryption?"),
        "the section is named: {err}"
    );
}

#[test]
fn a_failed_build_leaves_the_earlier_outputs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let out = dir.path().join("out");
    let args = [
        "build",
        pack.to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "poster",
        "-o",
        out.to_str().unwrap(),
    ];
    assert!(packpress(repo(), &args).status.success());
    let poster = out.join("e2ee/generic/parents/poster-a4.pdf");
    let before = fs::read(&poster).unwrap();
    let modified = fs::metadata(&poster).unwrap().modified().unwrap();

    let file = pack.join("pack.toml");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("0808 800 5000", "0808 800 500");
    fs::write(&file, text).unwrap();
    let o = packpress(repo(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(fs::read(&poster).unwrap(), before);
    assert_eq!(fs::metadata(&poster).unwrap().modified().unwrap(), modified);
    let leftovers: Vec<_> = fs::read_dir(poster.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn an_unknown_paper_or_format_is_command_line_misuse() {
    for args in [
        ["build", "-p", "a5"],
        ["build", "-f", "flyer"],
        ["build", "-s", "bold"],
    ] {
        let o = packpress(repo(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", describe(&o));
        assert!(stderr(&o).contains("unknown"), "{}", stderr(&o));
    }
    let o = packpress(repo(), &["build", "-a", "teachers"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains("parents, professionals and young-people"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_handout_on_a3_is_refused_before_anything_is_built() {
    let o = packpress(
        repo(),
        &[
            "build",
            "-f",
            "handout",
            "-p",
            "a3",
            "-o",
            "/nonexistent/never",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains("the handout is not made on a3; it comes on a4, letter"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_an_io_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("out");
    fs::write(&blocker, "not a folder").unwrap();
    let o = packpress(
        repo(),
        &[
            "build",
            "-a",
            "parents",
            "-f",
            "poster",
            "-o",
            blocker.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    assert!(
        stderr(&o).contains(blocker.to_str().unwrap()),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn with_no_pack_and_no_packs_folder_it_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(stderr(&o).contains("packs/"), "{}", stderr(&o));
}

/// A pack folder that is not there is a mistake on the command line
/// (exit 2, as the README says), for every command that takes packs.
#[test]
fn a_missing_pack_folder_is_reported_by_name() {
    for cmd in ["check", "build", "list", "watch"] {
        let o = packpress(
            repo(),
            &[cmd, "packs/nope", "-o", "/nonexistent/never"][..if cmd == "check" || cmd == "list" {
                2
            } else {
                4
            }],
        );
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", describe(&o));
        let err = stderr(&o);
        assert!(
            err.contains("there is no pack at packs/nope"),
            "{cmd}: {err}"
        );
        assert!(
            err.contains("help: a pack is a folder with pack.toml"),
            "{err}"
        );
    }
    // A folder without pack.toml is not a pack either.
    let o = packpress(repo(), &["build", "tests", "-o", "/nonexistent/never"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains("tests is not a pack: it has no pack.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn list_shows_audiences_formats_and_helplines() {
    let o = packpress(repo(), &["list", "packs/e2ee"]);
    assert!(o.status.success(), "{}", describe(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    for s in [
        "young-people",
        "poster",
        "handout",
        "a4",
        "0808 800 5000",
        "(emergency)",
    ] {
        assert!(out.contains(s), "{s} missing from:\n{out}");
    }
}

#[test]
fn build_prints_one_line_per_file_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &["build", "-a", "parents", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let pdfs = fs::read_dir(out.join("e2ee/generic/parents"))
        .unwrap()
        .count();
    assert!(pdfs >= 3, "a poster, a handout and a leaflet at least");
    let wrote = stdout.lines().filter(|l| l.starts_with("wrote ")).count();
    assert_eq!(wrote, pdfs, "{stdout}");
    let summary = format!("built {pdfs} files");
    assert!(
        stdout.lines().last().unwrap().starts_with(&summary),
        "{stdout}"
    );
}

/// The geometry check must be able to fail: a 30 mm margin is wider than
/// the layouts keep, so words must be reported outside it.
#[test]
fn the_layout_check_catches_words_in_the_margin() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "-a",
            "parents",
            "-f",
            "poster",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    let poster = out.join("e2ee/generic/parents/poster-a4.pdf");
    assert!(!layout_problems(&poster, 30.0).is_empty());
}

/// The overlap rule must be able to fail too: a hand-written PDF with two
/// words drawn on top of each other.
#[test]
fn the_layout_check_catches_overlapping_words() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("overlap.pdf");
    let content = "BT /F1 24 Tf 100 400 Td (Overlap) Tj ET BT /F1 24 Tf 104 402 Td (Overlap) Tj ET";
    let body = format!(
        "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n\
         3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>> endobj\n\
         4 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj\n\
         5 0 obj <</Length {}>> stream\n{content}\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
        content.len()
    );
    fs::write(&pdf, body).unwrap();
    let problems = layout_problems(&pdf, 10.0);
    assert!(
        problems.iter().any(|p| p.contains("overlap")),
        "{problems:?}"
    );
}

/// Runs packpress with `args` and an output folder in a fresh temporary
/// folder; returns the run and the folder.
fn build_into(args: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut all = args.to_vec();
    all.extend(["-o", out.to_str().unwrap()]);
    (packpress(repo(), &all), dir)
}

#[test]
fn issue_12_a3_builds_the_formats_that_come_on_a3_and_notes_the_rest() {
    let (o, dir) = build_into(&["build", "-a", "parents", "-p", "a3", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "note: skipped the handout, leaflet, booklet and cards: they are not made on a3"
        ),
        "{err}"
    );
    let mut made: Vec<_> = fs::read_dir(dir.path().join("out/e2ee/generic/parents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    made.sort();
    // The web page has no paper, so a3 does not rule it out.
    assert_eq!(made, ["poster-a3.pdf", "web.html"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let skipped: Vec<&str> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["format"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["handout", "leaflet", "booklet", "cards"]);
    assert_eq!(v["failed"].as_array().map(Vec::len), Some(0));
}

#[test]
fn issue_11_large_print_skips_the_leaflet_with_a_note_naming_the_booklet() {
    let (o, dir) = build_into(&["build", "-a", "parents", "-s", "large-print"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("note: skipped the large-print leaflet:") && err.contains("booklet"),
        "{err}"
    );
    let parents = dir.path().join("out/e2ee/generic/parents");
    for f in ["poster", "handout", "booklet", "cards"] {
        assert!(
            parents.join(format!("{f}-a4-large-print.pdf")).is_file(),
            "{f}"
        );
    }
    assert!(parents.join("web-large-print.html").is_file());
    assert!(!parents.join("leaflet-a4-large-print.pdf").exists());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("built 5 files") && out.contains("skipped 1 combination"),
        "{out}"
    );
}

#[test]
fn issue_12_a_combination_the_user_named_and_a_format_does_not_make_is_misuse() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    for (args, want) in [
        (
            &["build", "-f", "leaflet", "-s", "large-print", "-o", out][..],
            "the leaflet is not made in the large-print style",
        ),
        (
            &["check", "-f", "handout", "-p", "a3"][..],
            "the handout is not made on a3",
        ),
        (
            &["watch", "-f", "booklet", "-p", "a2", "-o", out][..],
            "the booklet is not made on a2",
        ),
    ] {
        let o = packpress(repo(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", describe(&o));
        let err = stderr(&o);
        assert!(err.contains(want), "{err}");
        assert!(err.contains("  help: "), "{err}");
        assert!(!dir.path().join("out").exists(), "nothing built");
    }
}

/// `check` takes build's options and lays out the same outputs: for each
/// command line, it fails exactly when `build` does, with the same errors.
#[test]
fn issue_11_check_fails_exactly_when_build_does() {
    let long = "This sentence is here to make the section far too long to fit. ".repeat(200);
    let (_d, pack) = edited_pack(
        "audiences/parents.toml",
        "Many people use it without knowing",
        &format!("{long} Many people use it without knowing"),
    );
    let pack = pack.to_str().unwrap();
    for options in [
        &["-a", "parents", "-f", "poster"][..],
        &["-a", "parents", "-f", "handout"][..],
        &["-a", "parents", "-f", "handout", "-p", "a3"][..],
        &["-a", "young-people", "-s", "large-print"][..],
        &[
            "-a", "parents", "-p", "letter", "-f", "booklet", "-f", "handout",
        ][..],
    ] {
        let mut check = vec!["check", pack];
        check.extend_from_slice(options);
        let mut build = vec!["build", pack];
        build.extend_from_slice(options);
        let c = packpress(repo(), &check);
        let (b, _dir) = build_into(&build);
        assert_eq!(
            c.status.code(),
            b.status.code(),
            "{options:?}\ncheck: {}\nbuild: {}",
            describe(&c),
            describe(&b)
        );
        let lines = |o: &std::process::Output| -> Vec<String> {
            stderr(o)
                .lines()
                .filter(|l| l.starts_with("error: the ") || l.starts_with("warning: the "))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(lines(&c), lines(&b), "{options:?}");
        if c.status.code() == Some(1) {
            assert!(!lines(&c).is_empty(), "{options:?}: {}", describe(&c));
        }
    }
}

#[test]
fn issue_12_a_missing_site_file_gets_site_advice() {
    let (o, _d) = build_into(&["build", "--site", "hillside.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("there is no site file or folder at hillside.toml"),
        "{err}"
    );
    // Site advice: where a site file is, or what one is.
    assert!(
        err.contains("school's site file")
            || err.contains("did you mean --site example-site/hillside.toml"),
        "{err}"
    );
    assert!(!err.contains("pack.toml"), "pack advice for a site: {err}");
    let o = packpress(repo(), &["check", "--site", "nowhere/"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}

/// A school's site file in a fresh folder, with `body` after `[site]`.
fn site_file(name: &str, body: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs::write(&file, format!("[site]\n{body}")).unwrap();
    (dir, file)
}

#[test]
fn issue_12_a_character_the_font_lacks_in_a_site_file_gets_advice_a_school_can_use() {
    let (_d, site) = site_file("arrow.toml", "name = \"Hillside → Academy\"\n");
    let o = packpress(
        repo(),
        &["check", "packs/e2ee", "--site", site.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no glyph for '→' (U+2192) in site.name"),
        "{err}"
    );
    assert!(err.contains("arrow.toml:2:"), "{err}");
    assert!(err.contains("write this without '→'"), "{err}");
    assert!(
        err.contains("ask the pack's maker for a font that has it"),
        "{err}"
    );
    assert!(
        !err.contains("theme.font"),
        "a school cannot change the pack's font: {err}"
    );
}

#[test]
fn issue_12_a_placeholder_phone_number_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["new", "packs/p"]);
    assert!(o.status.success(), "{}", describe(&o));
    let o = packpress(dir.path(), &["check", "packs/p"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    let placeholders = fs::read_to_string(dir.path().join("packs/p/pack.toml"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("phone = \"PLACEHOLDER\""))
        .count();
    assert!(placeholders >= 1);
    assert_eq!(
        err.matches("error: a placeholder phone number is still here")
            .count(),
        placeholders,
        "{err}"
    );
    assert!(
        !err.contains("cannot be part of a phone number"),
        "reported twice: {err}"
    );
    assert!(!err.contains("cannot be right"), "reported twice: {err}");
    // A site file copied from one is refused too, once.
    let (_s, site) = site_file(
        "school.toml",
        "name = \"School\"\n\n[[site.contacts]]\nrole = \"DSL\"\nname = \"Ms B\"\nphone = \"PLACEHOLDER\"\n",
    );
    let o = packpress(
        repo(),
        &["check", "packs/e2ee", "--site", site.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(stderr(&o).matches("error: ").count(), 1, "{}", stderr(&o));
}

#[test]
fn issue_12_a_phone_extension_is_accepted_and_printed_as_given() {
    let (_d, site) = site_file(
        "school.toml",
        "name = \"Hillside Academy\"\n\n[[site.contacts]]\nrole = \"DSL\"\nname = \"Ms A. Patel\"\nphone = \"01632 960123 ext 4\"\n\n[[site.contacts]]\nrole = \"Deputy\"\nname = \"Mr B. Jones\"\nphone = \"01632 960456 x12\"\n",
    );
    let (o, dir) = build_into(&[
        "build",
        "-a",
        "parents",
        "-f",
        "poster",
        "-f",
        "handout",
        "--site",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", describe(&o));
    for f in ["poster", "handout"] {
        let text = pdf_text(
            &dir.path()
                .join(format!("out/e2ee/school/parents/{f}-a4.pdf")),
        );
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("01632 960123 ext 4"), "{f}: {text}");
        assert!(text.contains("01632 960456 x12"), "{f}: {text}");
    }
    // The number before the extension is still checked.
    let (_d, site) = site_file(
        "bad.toml",
        "name = \"School\"\n\n[[site.contacts]]\nrole = \"DSL\"\nname = \"Ms B\"\nphone = \"01632 9601 ext 4\"\n",
    );
    let o = packpress(
        repo(),
        &["check", "packs/e2ee", "--site", site.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("`01632 9601 ext 4` cannot be right"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn issue_12_site_folders_are_transliterated_and_collisions_still_refused() {
    let sites = tempfile::tempdir().unwrap();
    for name in ["Ysgol Tŷ Gwyn.toml", "Tô Gwyn.toml", "Szkoła Łódź.toml"] {
        fs::write(sites.path().join(name), "[site]\nname = \"A school\"\n").unwrap();
    }
    let (o, dir) = build_into(&[
        "build",
        "-a",
        "parents",
        "-f",
        "cards",
        "--site",
        sites.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", describe(&o));
    for folder in ["ysgol-ty-gwyn", "to-gwyn", "szkola-lodz"] {
        assert!(
            dir.path()
                .join(format!("out/e2ee/{folder}/parents/cards-a4.pdf"))
                .is_file(),
            "{folder}: {}",
            describe(&o)
        );
    }
    // Two names that differ only in an accent make one folder: refused.
    fs::write(
        sites.path().join("Ysgol Ty Gwyn.toml"),
        "[site]\nname = \"B\"\n",
    )
    .unwrap();
    let o = packpress(repo(), &["check", "--site", sites.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("two site files make the same output folder `ysgol-ty-gwyn`"),
        "{}",
        stderr(&o)
    );
}
