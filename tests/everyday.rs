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
    // As the README has it: the copy in example-site/, its name typed
    // from the folder above.
    let above = tempfile::tempdir().unwrap();
    fs::create_dir(above.path().join("example-site")).unwrap();
    fs::copy(
        fixture("sites/hillside.toml"),
        above.path().join("example-site/st-aidans.toml"),
    )
    .unwrap();
    let o = packpress(
        above.path(),
        &["check", pack.to_str().unwrap(), "--site", "st-aidans"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        stderr(&o).contains("did you mean --site example-site/st-aidans.toml?"),
        "{}",
        describe(&o)
    );
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

/// What the release archive holds, staged by `scripts/package
/// --stage-only` with the binary under test (nothing is compiled).
fn staged_archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let stage = dir.path().join("packpress");
    let o = std::process::Command::new("bash")
        .arg(repo().join("scripts/package"))
        .arg("--stage-only")
        .arg(&stage)
        .arg(env!("CARGO_BIN_EXE_packpress"))
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{}", describe(&o));
    dir
}

/// Every repository file a message of packpress names: `docs/*.md` in the
/// source's strings, and each built-in label file (`labels/<tag>.toml`,
/// named by the warning about words no native speaker has checked).
fn files_messages_name() -> Vec<String> {
    let mut named = std::collections::BTreeSet::new();
    let mut stack = vec![repo().join("src")];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = fs::read_to_string(&p).unwrap();
                for (i, _) in text.match_indices("docs/") {
                    let name: String = text[i..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || "/-_.".contains(*c))
                        .collect();
                    if let Some(end) = name.find(".md") {
                        named.insert(name[..end + 3].to_string());
                    }
                }
            }
        }
    }
    for e in fs::read_dir(repo().join("labels")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        named.insert(format!("labels/{name}"));
    }
    assert!(named.contains("docs/pack-format.md"), "{named:?}");
    assert!(named.contains("labels/cy.toml"), "{named:?}");
    named.into_iter().collect()
}

#[test]
fn issue_27_the_archive_holds_every_file_a_message_names() {
    let dir = staged_archive();
    let stage = dir.path().join("packpress");
    for name in files_messages_name() {
        assert!(stage.join(&name).is_file(), "the archive has no {name}");
    }
    // And the repository itself, for the README's steps from a clone.
    assert!(repo().join("example-site/hillside.toml").is_file());
    assert!(repo().join("example-site/hillside-logo.png").is_file());
}

/// The words of a command the README gives, in backticks or as a line of
/// a code block, split as a shell would (the README's commands have no
/// quotes).
fn readme_command(readme: &str, command: &str) -> Vec<String> {
    let in_block = readme.lines().any(|l| {
        l.strip_prefix(command)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    });
    assert!(
        in_block || readme.contains(&format!("`{command}`")),
        "the README no longer says `{command}`"
    );
    command
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn issue_27_the_readmes_first_steps_work_in_the_archive_as_written() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let dir = staged_archive();
    let stage = dir.path().join("packpress");
    let run = |args: &[String]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        packpress(&stage, &args)
    };

    // "Type `packpress build` and press Enter."
    let o = run(&readme_command(&readme, "packpress build"));
    assert!(o.status.success(), "{}", describe(&o));
    let listed: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("out/e2ee/generic/parents/"))
        .collect();
    assert_eq!(listed.len(), 6, "the README's list of outputs");
    for path in listed
        .iter()
        .chain(&["out/manifest.json", "out/index.html"])
    {
        assert!(
            stage.join(path).is_file(),
            "no {path} after `packpress build`"
        );
    }

    // "open the `example-site` folder, copy `hillside.toml` in it to a file
    // named after your school (for example `st-marys.toml`) ... and run
    // `packpress build --site example-site/st-marys.toml`".
    assert!(readme.contains("open\nthe `example-site` folder, copy `hillside.toml` in it"));
    fs::copy(
        stage.join("example-site/hillside.toml"),
        stage.join("example-site/st-marys.toml"),
    )
    .unwrap();
    let o = run(&readme_command(
        &readme,
        "packpress build --site example-site/st-marys.toml",
    ));
    assert!(o.status.success(), "{}", describe(&o));
    let poster = stage.join("out/e2ee/st-marys/parents/poster-a4.pdf");
    assert!(pdf_text(&poster).contains("Hillside Academy"));

    // The --site section's own example.
    let o = run(&readme_command(
        &readme,
        "packpress build --site example-site/hillside.toml",
    ));
    assert!(o.status.success(), "{}", describe(&o));
}

#[test]
fn issue_27_the_readmes_welsh_translation_sample_fits_the_shipped_pack() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("# translations/cy.toml")
        .expect("the README's sample translation");
    let sample = &readme[start..];
    let sample = &sample[..sample.find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    fs::create_dir(pack.join("translations")).unwrap();
    fs::write(pack.join("translations/cy.toml"), sample).unwrap();
    // The parents' text "in Welsh": the English, as a stand-in.
    fs::copy(
        pack.join("audiences/parents.toml"),
        pack.join("audiences/parents.cy.toml"),
    )
    .unwrap();
    let o = packpress(dir.path(), &["check", "e2ee"]);
    let err = stderr(&o);
    // The sample is a fragment (one helpline of several): what it gives
    // must fit the pack, so no error is about a table or key it has.
    for line in err.lines().filter(|l| l.starts_with("error")) {
        assert!(!line.contains("`childline`"), "{line}\n{err}");
        assert!(!line.contains("title"), "{line}\n{err}");
        assert!(!line.contains("summary"), "{line}\n{err}");
    }
    // It is read: the helplines it leaves out are named.
    assert!(
        err.contains("helpline `nspcc` has no words in Welsh"),
        "{err}"
    );
}

#[test]
fn issue_27_bold_where_markup_is_not_read_is_refused_by_check_and_build() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let file = pack.join("audiences/parents.toml");
    let text = fs::read_to_string(&file).unwrap();
    let from = "text = \"Have regular, balanced chats,";
    assert!(text.contains(from));
    fs::write(
        &file,
        text.replacen(from, "text = \"Have **regular**, balanced chats,", 1),
    )
    .unwrap();
    let o = packpress(dir.path(), &["check", "e2ee"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(err.contains("sections[3].items[0].text has `**`"), "{err}");
    assert!(err.contains("parents.toml:51:"), "{err}");
    assert!(err.contains("put the words to stress there"), "{err}");
    // A section's body reads it: the shipped pack's bold is not refused.
    assert_eq!(err.matches("has `**`").count(), 1, "{err}");
    let o = packpress(dir.path(), &["build", "e2ee", "-f", "poster"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));

    // A school's contact note, likewise.
    let (_d, site) = hillside_edited(|t| t.replace("Room 12", "**Room 12**"));
    let o = check_site(&site);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("site.contacts[0].note has `**`"),
        "{}",
        describe(&o)
    );
}

/// A folder of `n` schools, each Hillside's file (three contacts' worth
/// of room taken) under another name, with its logo.
fn schools(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("sites/three-contacts.toml")).unwrap();
    fs::copy(
        fixture("sites/hillside-logo.png"),
        dir.path().join("hillside-logo.png"),
    )
    .unwrap();
    for i in 1..=n {
        fs::write(dir.path().join(format!("school-{i}.toml")), &text).unwrap();
    }
    dir
}

#[test]
fn issue_27_warnings_are_a_digest_with_what_leaves_words_out_first() {
    let sites = schools(5);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = [
        "build",
        "packs/e2ee",
        "-f",
        "poster",
        "-q",
        "--site",
        sites.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let o = packpress(repo(), &args);
    assert!(o.status.success(), "{}", describe(&o));
    let err = stderr(&o);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning")).collect();
    // 5 schools x 3 posters each give way: one line per kind, not 15.
    assert!(
        warnings.len() <= 3,
        "a digest, not a line per output:\n{err}"
    );
    assert!(
        warnings[0].contains("leave words out")
            && warnings[0].contains("the poster on a4 for `professionals` (5 sites)")
            && warnings[0].contains("--explain"),
        "what leaves words out comes first, with the outputs it touched:\n{err}"
    );
    // Warnings name only what an output has: no QR code or logo in a
    // warning about decoration (the web page has neither).
    assert!(!err.contains("QR code"), "{err}");

    // --explain gives each output's warning in full, with its site.
    let mut explain = args.to_vec();
    explain.push("--explain");
    let o = packpress(repo(), &explain);
    let err = stderr(&o);
    assert!(
        err.contains("warning: site `school-3`: the poster on a4 for `professionals`"),
        "{err}"
    );
    assert!(
        err.lines().filter(|l| l.starts_with("warning")).count() >= 10,
        "{err}"
    );

    // The manifest keeps each output's notes in full; the contact sheet
    // shows them beside it, and counts them at the top.
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let entry = manifest["outputs"]
        .as_array()
        .and_then(|o| {
            o.iter()
                .find(|e| e["path"] == "e2ee/school-2/professionals/poster-a4.pdf")
        })
        .unwrap_or_else(|| panic!("{manifest}"));
    let notes = entry["notes"]
        .as_array()
        .unwrap_or_else(|| panic!("{manifest}"));
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .contains("gives its helplines in brief"),
        "{entry}"
    );
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("15 outputs gave way to fit"), "{index}");
    assert_eq!(
        index.matches("<div class=\"notes\">").count(),
        15,
        "{index}"
    );
    assert!(
        index.contains("<li>the poster on a4 for professionals sets its spacing tighter, draws its decoration smaller"),
        "{index}"
    );
}

#[test]
fn issue_27_a_failed_output_of_a_pack_in_two_languages_names_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("bilingual");
    copy_tree(&fixture("bilingual"), &pack);
    let welsh = pack.join("audiences/parents.cy.toml");
    let text = fs::read_to_string(&welsh).unwrap();
    let long = "TESTUN PRAWF: paragraff hir o frawddegau prawf. ".repeat(120);
    fs::write(
        &welsh,
        text.replacen(
            "TESTUN PRAWF: paragraff o frawddegau prawf. Nid cyngor yw hwn.",
            &long,
            1,
        ),
    )
    .unwrap();
    let o = packpress(
        dir.path(),
        &["build", "bilingual", "-a", "parents", "-f", "leaflet"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    let failed = err
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        failed.starts_with("error: in Welsh: the leaflet on a4 for the audience `parents`"),
        "{failed}"
    );
    // The English one was written, and is not named as failed.
    assert!(stdout(&o).contains("leaflet-a4.pdf"), "{}", describe(&o));
    assert!(!err.contains("error: in English"), "{err}");
}

#[test]
fn issue_27_a_rebuild_without_png_keeps_the_png_until_its_pdf_changes() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let build = |png: bool| {
        let mut args = vec!["build", "e2ee", "-a", "parents", "-f", "poster"];
        if png {
            args.extend(["--png", "24"]);
        }
        let o = packpress(dir.path(), &args);
        assert!(o.status.success(), "{}", describe(&o));
        stdout(&o)
    };
    let said = build(true);
    assert!(said.contains("poster-a4.png ("), "{said}");
    assert!(
        !said.contains("png (1 page"),
        "a picture has no pages: {said}"
    );
    let png = dir.path().join("out/e2ee/generic/parents/poster-a4.png");
    let drawn = fs::read(&png).unwrap();
    let said = build(false);
    assert!(
        said.contains("kept out/e2ee/generic/parents/poster-a4.png (its PDF is the same"),
        "{said}"
    );
    assert!(said.contains("built 1 file "), "{said}");
    assert_eq!(
        fs::read(&png).ok(),
        Some(drawn),
        "the PNG of an unchanged PDF is kept"
    );
    let manifest = fs::read_to_string(dir.path().join("out/manifest.json")).unwrap();
    assert!(manifest.contains("poster-a4.png"), "{manifest}");
    assert!(fs::read_to_string(dir.path().join("out/index.html"))
        .unwrap()
        .contains("poster-a4.png"));
    // The PDF changes: its PNG goes.
    let file = pack.join("audiences/parents.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen(
            "Private chats can still be safe chats",
            "Private chats can be safe chats",
            1,
        ),
    )
    .unwrap();
    build(false);
    assert!(!png.exists(), "a PNG never outlives a change to its PDF");
}

#[test]
fn issue_27_the_contact_sheet_filters_by_school_audience_format_style_and_language() {
    let sites = schools(2);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for extra in [&[][..], &["--site", sites.path().to_str().unwrap()][..]] {
        let mut args = vec![
            "build",
            "packs/e2ee",
            "-f",
            "poster",
            "-f",
            "web",
            "-s",
            "standard",
            "-s",
            "large-print",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = packpress(repo(), &args);
        assert_ne!(o.status.code(), Some(2), "{}", describe(&o));
    }
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    for legend in ["School", "Audience", "Format", "Style"] {
        assert!(
            index.contains(&format!("<legend>{legend}</legend>")),
            "{legend}: {index}"
        );
    }
    // One language here: no language filter to choose from.
    assert!(!index.contains("<legend>Language</legend>"));
    // No script: each choice is a radio button and a CSS rule.
    assert!(!index.contains("<script"));
    assert!(index.contains("<label for=\"f-site-1\">Ysgol Uwchradd Tŷ Gwyn</label>"));
    assert!(index.contains(
        "body:has(#f-format-0:checked) li[data-format]:not([data-format=\"0\"]) { display: none; }"
    ));
    assert!(index.contains("<section data-site=\"2\">"));
}

#[test]
fn issue_27_the_call_to_action_is_called_so_not_a_section() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let file = pack.join("audiences/parents.toml");
    let text = fs::read_to_string(&file).unwrap();
    let from =
        "call_to_action = \"Talk with your child about the apps they use, and keep talking.\"";
    assert!(text.contains(from));
    let long = "Talk to your child about who they chat with online and why. ".repeat(60);
    fs::write(
        &file,
        text.replacen(from, &format!("call_to_action = \"{long}\""), 1),
    )
    .unwrap();
    let o = packpress(
        dir.path(),
        &["check", "e2ee", "-a", "parents", "-f", "leaflet"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "the leaflet on a4 for the audience `parents` has no room for the call to action:"
        ),
        "{err}"
    );
    assert!(!err.contains("section \"call to action\""), "{err}");
}

#[test]
fn issue_27_a_contacts_role_is_given_per_language_and_printed_in_each() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("ysgol.toml");
    fs::write(
        &site,
        "[site]\nname = \"Ysgol Prawf\"\n\n[[site.contacts]]\nrole = \"Designated Safeguarding Lead\"\nroles = { cy = \"Arweinydd Diogelu Dynodedig\" }\nname = \"Ms A. Patel\"\nphone = \"01632 960123\"\n",
    )
    .unwrap();
    let pack = fixture("bilingual");
    let build = |extra: &[&str]| {
        let mut args = vec![
            "build",
            pack.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "handout",
            "--site",
            site.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = packpress(dir.path(), &args);
        assert!(o.status.success(), "{}", describe(&o));
    };
    build(&["--bilingual", "cy+en"]);
    build(&["-l", "cy", "-l", "en"]);
    let folder = dir.path().join("out/bilingual-test/ysgol/parents");
    let text = |name: &str| {
        pdf_text(&folder.join(name))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let both = text("handout-a4-cy+en-gb.pdf");
    assert!(
        both.contains("Arweinydd Diogelu Dynodedig / Designated Safeguarding Lead"),
        "{both}"
    );
    let welsh = text("handout-a4-cy.pdf");
    assert!(welsh.contains("Arweinydd Diogelu Dynodedig"), "{welsh}");
    assert!(!welsh.contains("Designated Safeguarding Lead"), "{welsh}");
    let english = text("handout-a4.pdf");
    assert!(
        english.contains("Designated Safeguarding Lead"),
        "{english}"
    );
    assert!(!english.contains("Arweinydd"), "{english}");

    // A key that is not a language is refused, at its place.
    fs::write(
        &site,
        "[site]\nname = \"Ysgol Prawf\"\n\n[[site.contacts]]\nrole = \"Lead\"\nroles = { Welsh = \"Arweinydd\" }\nname = \"Ms A. Patel\"\nphone = \"01632 960123\"\n",
    )
    .unwrap();
    let o = packpress(
        dir.path(),
        &[
            "check",
            pack.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("`Welsh` in site.contacts[0].roles.Welsh is not a language tag"),
        "{}",
        describe(&o)
    );
}

/// Whether node, chromium and tests/web's npm packages are here (as
/// tests/web.rs asks; in CI they must be).
fn browser_ready() -> bool {
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok();
    let chromium = std::process::Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok();
    let modules = ["axe-core", "puppeteer-core"].iter().all(|m| {
        repo()
            .join("tests/web/node_modules")
            .join(m)
            .join("package.json")
            .is_file()
    });
    let ready = node && chromium && modules;
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "in CI, scripts/test must install node, chromium and tests/web's npm packages"
        );
        eprintln!(
            "skipped: the browser check needs node, chromium and `npm ci --prefix tests/web`"
        );
    }
    ready
}

#[test]
fn issue_27_one_schools_large_print_handout_is_found_on_the_sheet_without_script() {
    if !browser_ready() {
        return;
    }
    let sites = schools(2);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "packs/e2ee",
            "-f",
            "handout",
            "-f",
            "web",
            "-s",
            "standard",
            "-s",
            "large-print",
            "--site",
            sites.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--png",
            "20",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<label for=\"f-site-1\">"), "{index}");
    // School 2 (the second section), parents (the first audience), the
    // handout (the first format), large print (the second style).
    let o = std::process::Command::new("node")
        .arg(repo().join("tests/web/sheet.mjs"))
        .arg(out.join("index.html"))
        .args(["f-site-1", "f-audience-0", "f-format-0", "f-style-1"])
        .current_dir(repo().join("tests/web"))
        .output()
        .expect("node runs");
    assert!(o.status.success(), "sheet.mjs: {}", describe(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 2 schools x 3 audiences x 2 formats x 2 styles.
    assert_eq!(v["shown_before"], 24, "{}\n{v}", describe(&o));
    assert_eq!(
        v["shown"],
        serde_json::json!(["e2ee/school-2/parents/handout-a4-large-print.pdf"]),
        "{v}"
    );
    assert!(v["rules_run"].as_u64().unwrap() > 30, "{v}");
    assert_eq!(v["violations"], serde_json::json!([]), "{v}");
}

#[test]
fn issue_27_a_pack_with_errors_does_not_hide_the_site_files_errors() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let file = pack.join("audiences/parents.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("headline = ", "headlin = ", 1)).unwrap();
    let (_site_dir, site) = hillside_edited(|t| {
        t.replace("logo = \"hillside-logo.png\"", "logo = \"crest.png\"")
            .replace("#00594F", "#00594")
    });
    for command in ["check", "build"] {
        let o = packpress(
            dir.path(),
            &[command, "e2ee", "--site", site.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
        let err = stderr(&o);
        assert!(err.contains("unknown key `headlin`"), "{err}");
        assert!(err.contains("crest.png does not exist"), "{command}: {err}");
        assert!(err.contains("`#00594` is not a colour"), "{command}: {err}");
    }
}

#[test]
fn issue_27_a_site_file_saved_as_ansi_or_utf16_says_how_to_save_it() {
    let dir = tempfile::tempdir().unwrap();
    let ansi = dir.path().join("ansi.toml");
    // "St Aidan's" in curly quotes, as Notepad saves an "ANSI" file.
    fs::write(&ansi, b"[site]\nname = \x93St Aidan\x92s\x94\n").unwrap();
    let o = check_site(&ansi);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("line 2 has a curly quote saved in Windows' Western encoding (byte 0x93)"),
        "{err}"
    );
    assert!(err.contains("choose UTF-8 under Encoding"), "{err}");
    let utf16 = dir.path().join("utf16.toml");
    fs::write(&utf16, b"\xff\xfe[\x00s\x00").unwrap();
    let o = check_site(&utf16);
    assert!(
        stderr(&o).contains("it was saved as UTF-16"),
        "{}",
        describe(&o)
    );
}
