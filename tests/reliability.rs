//! An output folder that never lies, whatever happens (issue 24): failed
//! edits, collisions, hostile input, a pipe closed early. Each test is one
//! of the issue's findings, run against the real binary. Crashes and full
//! disks are in `faults.rs`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A copy of the shipped pack, a folder of two schools (Hillside and
/// Oakfield, both from the Hillside fixture) and an output folder.
struct Work {
    dir: tempfile::TempDir,
    pack: PathBuf,
    sites: PathBuf,
    out: PathBuf,
}

impl Work {
    fn new() -> Work {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("e2ee");
        copy_tree(&shipped_pack(), &pack);
        let sites = dir.path().join("sites");
        fs::create_dir(&sites).unwrap();
        for name in ["hillside", "oakfield"] {
            fs::copy(
                fixture("sites/hillside.toml"),
                sites.join(format!("{name}.toml")),
            )
            .unwrap();
        }
        fs::copy(
            fixture("sites/hillside-logo.png"),
            sites.join("hillside-logo.png"),
        )
        .unwrap();
        let out = dir.path().join("out");
        Work {
            dir,
            pack,
            sites,
            out,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        packpress(self.dir.path(), args)
    }

    /// `build PACK -o OUT ARGS...`
    fn build(&self, args: &[&str]) -> Output {
        let mut all = vec![
            "build",
            self.pack.to_str().unwrap(),
            "-o",
            self.out.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn edit(&self, path: &Path, from: &str, to: &str) {
        let text = fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{} lacks {from:?}", path.display());
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    fn manifest(&self) -> serde_json::Value {
        let text = fs::read_to_string(self.out.join("manifest.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn entries(&self) -> Vec<serde_json::Value> {
        self.manifest()["outputs"].as_array().unwrap().clone()
    }

    fn entry(&self, path: &str) -> serde_json::Value {
        self.entries()
            .into_iter()
            .find(|e| e["path"] == path)
            .unwrap_or_else(|| panic!("no entry for {path} in {}", self.manifest()))
    }

    fn index(&self) -> String {
        fs::read_to_string(self.out.join("index.html")).unwrap()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output, want: i32) {
    assert_eq!(o.status.code(), Some(want), "{}", describe(o));
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{err}");
}

/// The statuses of the entries whose path starts with `prefix`.
fn statuses(w: &Work, prefix: &str) -> Vec<(String, String)> {
    w.entries()
        .iter()
        .filter(|e| e["path"].as_str().unwrap().starts_with(prefix))
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- point 1

#[test]
fn issue_24_1_a_site_whose_edit_fails_has_its_outputs_marked_stale() {
    let w = Work::new();
    let sites = w.sites.to_str().unwrap();
    code(
        &w.build(&["--site", sites, "-a", "parents", "-f", "poster"]),
        0,
    );
    // One school's phone loses digits: the rebuild fails for that school.
    w.edit(&w.sites.join("oakfield.toml"), "01632 960123", "0163 296");
    let o = w.build(&["--site", sites, "-a", "parents", "-f", "poster"]);
    code(&o, 1);
    let oak = w.entry("e2ee/oakfield/parents/poster-a4.pdf");
    assert_eq!(oak["status"], "stale", "{oak}");
    let why = oak["stale_because"].as_str().unwrap();
    assert!(why.contains("oakfield.toml"), "{why}");
    assert_eq!(
        w.entry("e2ee/hillside/parents/poster-a4.pdf")["status"],
        "made"
    );
    let not_built = w.manifest()["not_built"].clone();
    assert!(
        not_built
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["path"] == "e2ee/oakfield/parents/poster-a4.pdf"),
        "{not_built}"
    );
    assert!(w.index().contains("Out of date: do not print."));
}

#[test]
fn issue_24_1_a_single_site_or_pack_that_fails_still_rewrites_the_manifest() {
    let w = Work::new();
    let site = w.sites.join("oakfield.toml");
    let site = site.to_str().unwrap();
    code(
        &w.build(&["--site", site, "-a", "parents", "-f", "poster"]),
        0,
    );
    code(&w.build(&["-a", "parents", "-f", "poster"]), 0);
    w.edit(&w.sites.join("oakfield.toml"), "01632 960123", "0163 296");
    code(
        &w.build(&["--site", site, "-a", "parents", "-f", "poster"]),
        1,
    );
    assert_eq!(
        w.entry("e2ee/oakfield/parents/poster-a4.pdf")["status"],
        "stale"
    );
    // The generic poster was not asked for and its inputs did not change.
    assert_eq!(
        w.entry("e2ee/generic/parents/poster-a4.pdf")["status"],
        "earlier"
    );
    // Childline's number loses a digit: every output of the pack is out
    // of date, and none can be rebuilt.
    w.edit(&w.pack.join("pack.toml"), "0800 1111", "0800 11111");
    code(&w.build(&["-a", "parents", "-f", "poster"]), 1);
    for (path, status) in statuses(&w, "e2ee/") {
        assert_eq!(status, "stale", "{path}");
    }
    let generic = w.entry("e2ee/generic/parents/poster-a4.pdf");
    assert!(
        generic["stale_because"]
            .as_str()
            .unwrap()
            .contains("the pack `e2ee`"),
        "{generic}"
    );
    assert!(
        w.index().contains("2 outputs are out of date"),
        "{}",
        w.index()
    );
}

#[test]
fn issue_24_1_an_output_that_could_not_be_written_is_stale_not_earlier() {
    if !is_root() {
        eprintln!("skipped: needs root to make one folder read-only (a bind mount)");
        return;
    }
    let w = Work::new();
    code(&w.build(&["-f", "poster"]), 0);
    // The NSPCC's number changes; the parents' folder cannot be written.
    w.edit(&w.pack.join("pack.toml"), "0808 800 5000", "0808 800 5001");
    let parents = w.out.join("e2ee/generic/parents");
    let Some(_bind) = Bind::read_only(&parents) else {
        eprintln!("skipped: cannot bind-mount a folder here");
        return;
    };
    let o = w.build(&["-f", "poster"]);
    code(&o, 3);
    let poster = w.entry("e2ee/generic/parents/poster-a4.pdf");
    assert_eq!(poster["status"], "stale", "{poster}");
    assert!(
        poster["stale_because"]
            .as_str()
            .unwrap()
            .contains("read-only"),
        "{poster}"
    );
    assert_eq!(
        w.manifest()["not_built"][0]["path"],
        "e2ee/generic/parents/poster-a4.pdf"
    );
    assert_eq!(
        w.entry("e2ee/generic/professionals/poster-a4.pdf")["status"],
        "made"
    );
}

// ---------------------------------------------------------------- point 2

#[test]
fn issue_24_2_a_site_named_generic_is_refused_and_the_generic_edition_kept() {
    let w = Work::new();
    code(&w.build(&["-a", "parents", "-f", "poster"]), 0);
    let generic = w.out.join("e2ee/generic/parents/poster-a4.pdf");
    let before = fs::read(&generic).unwrap();
    let file = w.sites.join("generic.toml");
    fs::copy(w.sites.join("hillside.toml"), &file).unwrap();
    let o = w.build(&[
        "--site",
        file.to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "poster",
    ]);
    code(&o, 1);
    assert!(stderr(&o).contains("generic"), "{}", stderr(&o));
    assert!(stderr(&o).contains("rename"), "{}", stderr(&o));
    assert_eq!(fs::read(&generic).unwrap(), before);
    // The folder form too: sites/generic/site.toml.
    let folder = w.dir.path().join("more/generic");
    fs::create_dir_all(&folder).unwrap();
    fs::copy(w.sites.join("hillside.toml"), folder.join("site.toml")).unwrap();
    fs::copy(
        w.sites.join("hillside-logo.png"),
        folder.join("hillside-logo.png"),
    )
    .unwrap();
    let o = w.build(&[
        "--site",
        w.dir.path().join("more").to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "poster",
    ]);
    code(&o, 1);
    assert_eq!(fs::read(&generic).unwrap(), before);
    assert!(!pdf_text(&generic).contains("Hillside Academy"));
}

// ---------------------------------------------------------------- point 3

#[test]
fn issue_24_3_two_packs_with_one_id_are_refused_before_anything_is_written() {
    let w = Work::new();
    let other = w.dir.path().join("other/e2ee");
    copy_tree(&w.pack, &other);
    let o = w.run(&[
        "build",
        w.pack.to_str().unwrap(),
        other.to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "poster",
        "-o",
        w.out.to_str().unwrap(),
    ]);
    code(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("`e2ee`"), "{err}");
    let (a, b) = (
        w.pack.join("pack.toml").display().to_string(),
        other.join("pack.toml").display().to_string(),
    );
    assert!(err.contains(&a) && err.contains(&b), "{err}");
    assert!(!w.out.join("e2ee").exists(), "something was written");
    assert!(!String::from_utf8_lossy(&o.stdout).contains("wrote"));
}

// ---------------------------------------------------------------- point 4

#[test]
fn issue_24_4_a_huge_j_starts_no_more_threads_than_there_is_work_or_cores() {
    // Not a timing: a bound on a build that, starting 65,535 threads, did
    // not end in a minute.
    let w = Work::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_packpress"))
        .args([
            "build",
            w.pack.to_str().unwrap(),
            "-o",
            w.out.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "poster",
            "-j",
            "65535",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("build -j 65535 had not ended after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    assert!(w.out.join("e2ee/generic/parents/poster-a4.pdf").is_file());
}

// ------------------------------------------------------------ points 5, 6

fn with_url(w: &Work, url: &str) {
    w.edit(
        &w.pack.join("pack.toml"),
        "review_every_months = 12\n",
        &format!("review_every_months = 12\nurl = {}\n", toml_string(url)),
    );
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn issue_24_5_javascript_and_data_urls_are_refused() {
    for url in [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
    ] {
        let w = Work::new();
        with_url(&w, url);
        let o = w.run(&["check", w.pack.to_str().unwrap()]);
        code(&o, 1);
        let err = stderr(&o);
        assert!(err.contains("pack.toml:8:"), "{url}: {err}");
        assert!(err.contains("https://"), "{url}: {err}");
    }
    // A helpline's and a source's too.
    let w = Work::new();
    w.edit(
        &w.pack.join("pack.toml"),
        "url = \"childline.org.uk\"",
        "url = \"javascript:void(0)\"",
    );
    w.edit(
        &w.pack.join("pack.toml"),
        "url = \"https://www.iwf.org.uk/\"",
        "url = \"data:,hello\"",
    );
    let o = w.run(&["check", w.pack.to_str().unwrap()]);
    code(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("javascript:") && err.contains("data:"),
        "{err}"
    );
}

#[test]
fn issue_24_5_web_addresses_people_write_are_still_accepted() {
    // Checked for the web page: whether a long address fits a poster's
    // line is the poster's question.
    let w = Work::new();
    with_url(&w, "HTTPS://www.example.org/e2ee?from=poster#top");
    let o = w.run(&[
        "check",
        w.pack.to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "web",
    ]);
    code(&o, 0);
}

#[test]
fn issue_24_5_an_address_too_long_for_its_line_is_an_error_never_broken() {
    let w = Work::new();
    with_url(
        &w,
        &format!("https://example.org/{}", "guidance-for-parents-".repeat(6)),
    );
    let o = w.run(&[
        "check",
        w.pack.to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "poster",
    ]);
    code(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("never broken"), "{err}");
    assert!(err.contains("help: give a shorter address"), "{err}");
}

#[test]
fn issue_24_6_a_url_too_long_for_its_qr_code_is_an_error_naming_the_limit() {
    let w = Work::new();
    let long = format!("https://example.org/{}", "a".repeat(2900));
    with_url(&w, &long);
    let o = w.run(&["check", w.pack.to_str().unwrap()]);
    code(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("QR code"), "{err}");
    assert!(err.contains("characters"), "{err}");
    assert!(err.contains("pack.toml:8:"), "{err}");
    // The message quotes the address shortened, not whole.
    assert!(err.len() < 4000, "{} bytes of messages", err.len());
}

// ---------------------------------------------------------------- point 8

#[test]
fn issue_24_8_temporary_files_of_earlier_packpress_versions_are_removed_too() {
    let w = Work::new();
    code(&w.build(&["-a", "parents", "-f", "poster"]), 0);
    let dir = w.out.join("e2ee/generic/parents");
    // What packpress before issue 21 left when it was killed.
    let old = dir.join(".poster-a4.pdf.31337.tmp");
    fs::write(&old, b"%PDF-1.7 half").unwrap();
    let other = dir.join(".notes.txt.1.tmp.keep");
    fs::write(&other, b"not ours").unwrap();
    code(&w.build(&["-a", "parents", "-f", "poster"]), 0);
    assert!(!old.exists());
    assert!(other.exists());
}

// ---------------------------------------------------------------- point 9

#[test]
fn issue_24_9_control_characters_are_refused_in_every_text_field_with_the_place() {
    for (value, shown) in [
        ("Hillside\\u0000Academy", "U+0000"),
        ("Hillside\\r\\nFAKE ok", "U+000D"),
        ("Hillside\\tAcademy", "U+0009"),
        ("Hillside\\nAcademy", "U+000A"),
    ] {
        let w = Work::new();
        let site = w.sites.join("hillside.toml");
        w.edit(
            &site,
            "name = \"Hillside Academy\"",
            &format!("name = \"{value}\""),
        );
        let o = w.run(&[
            "check",
            w.pack.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ]);
        code(&o, 1);
        let err = stderr(&o);
        assert!(err.contains("hillside.toml:4:8"), "{value}: {err}");
        assert!(err.contains(shown), "{value}: {err}");
        assert!(err.contains("site.name"), "{value}: {err}");
    }
    // A pack's one-line text, and NUL in a body; a body may hold new lines.
    let w = Work::new();
    let parents = w.pack.join("audiences/parents.toml");
    w.edit(
        &parents,
        "headline = \"Private chats can still be safe chats\"",
        "headline = \"Private chats\\ncan still be safe chats\"",
    );
    let o = w.run(&["check", w.pack.to_str().unwrap()]);
    code(&o, 1);
    assert!(stderr(&o).contains("audience.headline"), "{}", stderr(&o));
    let w = Work::new();
    let text = fs::read_to_string(w.pack.join("audiences/parents.toml")).unwrap();
    let body = text.find("body = \"\"\"").unwrap() + "body = \"\"\"".len();
    let mut edited = text.clone();
    edited.insert_str(body, "\nA bell\\u0007 here.\n");
    fs::write(w.pack.join("audiences/parents.toml"), edited).unwrap();
    let o = w.run(&["check", w.pack.to_str().unwrap()]);
    code(&o, 1);
    assert!(stderr(&o).contains("U+0007"), "{}", stderr(&o));
    assert!(!stderr(&o).contains('\u{7}'), "a raw BEL was printed");
}

// --------------------------------------------------------------- point 10

#[test]
fn issue_24_10_paths_in_a_manifest_outside_the_folder_are_ignored_with_a_warning() {
    let w = Work::new();
    code(&w.build(&["-a", "parents", "-f", "poster"]), 0);
    let mut m = w.manifest();
    let first = m["outputs"][0].clone();
    for path in [
        "/etc/passwd",
        "../../../../etc/hostname",
        "e2ee/../../x.pdf",
    ] {
        let mut e = first.clone();
        e["path"] = serde_json::Value::String(path.to_string());
        m["outputs"].as_array_mut().unwrap().push(e);
    }
    let mut png = first.clone();
    png["path"] = "e2ee/generic/parents/cards-a4.pdf".into();
    png["pngs"] =
        serde_json::json!([{"path": "/etc/hostname", "pages": 1, "bytes": 1, "sha256": "00"}]);
    m["outputs"].as_array_mut().unwrap().push(png);
    fs::write(
        w.out.join("manifest.json"),
        serde_json::to_string_pretty(&m).unwrap(),
    )
    .unwrap();
    let o = w.build(&["-a", "parents", "-f", "poster"]);
    code(&o, 0);
    let err = stderr(&o);
    assert!(err.contains("/etc/passwd"), "{err}");
    assert!(err.contains("outside"), "{err}");
    let text = fs::read_to_string(w.out.join("manifest.json")).unwrap();
    assert!(!text.contains("/etc/"), "{text}");
    assert!(!text.contains(".."), "{text}");
    assert!(!w.index().contains("/etc/"));
}

// --------------------------------------------------------------- point 11

#[test]
fn issue_24_11_a_huge_name_is_quoted_once_and_short() {
    let w = Work::new();
    let site = w.sites.join("hillside.toml");
    let huge = "Hillside Academy ".repeat(58_000);
    w.edit(
        &site,
        "name = \"Hillside Academy\"",
        &format!("name = \"{huge}\""),
    );
    let started = Instant::now();
    let o = w.build(&["--site", site.to_str().unwrap()]);
    code(&o, 1);
    let err = stderr(&o);
    assert!(err.len() < 20_000, "{} bytes of messages", err.len());
    assert!(err.contains('…'), "{err}");
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn issue_24_11_messages_escape_what_they_quote() {
    for (from, to, code_point) in [
        // A bell and an escape sequence in a number.
        (
            "phone = \"01632 960123\"",
            "phone = \"01632\\u0007\\u001b[31m960123\"",
            "U+0007",
        ),
        // A right-to-left override, which would print the number backwards.
        (
            "phone = \"01632 960123\"",
            "phone = \"01632 960123\\u202e\"",
            "U+202E",
        ),
        // One in a name, which no font draws: the message quotes it.
        (
            "name = \"Hillside Academy\"",
            "name = \"Hillside\\u202eAcademy\"",
            "U+202E",
        ),
    ] {
        let w = Work::new();
        let site = w.sites.join("hillside.toml");
        w.edit(&site, from, to);
        let o = w.run(&[
            "check",
            w.pack.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ]);
        code(&o, 1);
        let err = stderr(&o);
        for raw in ['\u{7}', '\u{1b}', '\u{202e}'] {
            assert!(!err.contains(raw), "{raw:?} printed raw: {err:?}");
        }
        assert!(err.contains(code_point), "{to}: {err}");
    }
}

#[test]
fn issue_24_a_number_too_large_is_explained_without_library_words() {
    let w = Work::new();
    w.edit(
        &w.pack.join("pack.toml"),
        "review_every_months = 12",
        "review_every_months = 99999999999999999999",
    );
    let o = w.run(&["check", w.pack.to_str().unwrap()]);
    code(&o, 1);
    let err = stderr(&o);
    assert!(!err.contains("i128") && !err.contains("i64"), "{err}");
    assert!(err.contains("review_every_months"), "{err}");
    assert!(err.contains("pack.toml:7:23"), "{err}");
}

// ------------------------------------------------------------------ also

#[test]
fn issue_24_a_new_logo_marks_the_outputs_that_show_it_stale() {
    let w = Work::new();
    let site = w.sites.join("hillside.toml");
    let site = site.to_str().unwrap();
    code(
        &w.build(&["--site", site, "-a", "parents", "-f", "poster"]),
        0,
    );
    code(
        &w.build(&["--site", site, "-a", "parents", "-f", "cards"]),
        0,
    );
    // Another valid logo under the same name.
    let logo = w.sites.join("hillside-logo.png");
    let img = image_bytes(64, 32);
    fs::write(&logo, img).unwrap();
    code(
        &w.build(&["--site", site, "-a", "parents", "-f", "cards"]),
        0,
    );
    let poster = w.entry("e2ee/hillside/parents/poster-a4.pdf");
    assert_eq!(poster["status"], "stale", "{poster}");
    assert_eq!(
        w.entry("e2ee/hillside/parents/cards-a4.pdf")["status"],
        "made"
    );
}

/// An opaque PNG of one colour.
fn image_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([0x33, 0x66, 0x99]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[test]
fn issue_24_no_output_draws_a_logo_larger_than_the_box_logos_are_kept_for() {
    // A very wide and a very tall logo, on the largest paper in every
    // style, and every format on A4: each drawn size (from the pixels and
    // resolution pdfimages reports) within images::LOGO_BOX_MM.
    let w = Work::new();
    let sites = w.dir.path().join("logos");
    fs::create_dir(&sites).unwrap();
    for (name, (pw, ph)) in [("wide", (6000, 300)), ("tall", (300, 3000))] {
        fs::write(sites.join(format!("{name}.png")), image_bytes(pw, ph)).unwrap();
        let text = fs::read_to_string(w.sites.join("hillside.toml"))
            .unwrap()
            .replace("hillside-logo.png", &format!("{name}.png"));
        fs::write(sites.join(format!("{name}.toml")), text).unwrap();
    }
    let sites = sites.to_str().unwrap();
    for args in [
        &[
            "-f",
            "poster",
            "-p",
            "a2",
            "-s",
            "standard",
            "-s",
            "large-print",
            "-s",
            "dyslexia",
        ][..],
        &["-p", "a4"][..],
    ] {
        let mut all = vec!["--site", sites, "-a", "parents"];
        all.extend_from_slice(args);
        let o = w.build(&all);
        assert!(
            o.status.code() == Some(0) || o.status.code() == Some(1),
            "{}",
            describe(&o)
        );
    }
    let (max_w, max_h) = packpress::images::LOGO_BOX_MM;
    let mut seen = 0;
    for site in ["wide", "tall"] {
        let dir = w.out.join("e2ee").join(site).join("parents");
        for pdf in fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            if pdf.extension().is_none_or(|e| e != "pdf") {
                continue;
            }
            let list = Command::new("pdfimages")
                .arg("-list")
                .arg(&pdf)
                .output()
                .expect("pdfimages runs: install poppler-utils");
            for line in String::from_utf8_lossy(&list.stdout).lines().skip(2) {
                let cols: Vec<&str> = line.split_whitespace().collect();
                // page num type width height color comp bpc enc interp object ID x-ppi y-ppi ...
                if cols.len() < 14 || cols[2] != "image" {
                    continue;
                }
                let (px_w, px_h): (f32, f32) = (cols[3].parse().unwrap(), cols[4].parse().unwrap());
                let (ppi_x, ppi_y): (f32, f32) =
                    (cols[12].parse().unwrap(), cols[13].parse().unwrap());
                let (mm_w, mm_h) = (px_w / ppi_x * 25.4, px_h / ppi_y * 25.4);
                assert!(
                    mm_w <= max_w && mm_h <= max_h,
                    "{}: a logo drawn {mm_w:.1} x {mm_h:.1} mm",
                    pdf.display()
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 8, "only {seen} logos found");
}

#[test]
fn issue_24_duplicate_helpline_numbers_and_impossible_emails_are_warned() {
    let w = Work::new();
    w.edit(
        &w.pack.join("pack.toml"),
        "phone = \"0800 1111\"",
        "phone = \"0808 800 5000\"",
    );
    w.edit(
        &w.pack.join("pack.toml"),
        "email = \"help@nspcc.org.uk\"",
        "email = \"help@@nspcc\"",
    );
    let o = w.run(&[
        "check",
        w.pack.to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "poster",
    ]);
    code(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("0808 800 5000") && err.contains("twice"),
        "{err}"
    );
    assert!(err.contains("help@@nspcc"), "{err}");
    assert!(err.contains("warning"), "{err}");
}

#[test]
fn issue_24_a_read_only_output_folder_is_reported_once() {
    if !is_root() {
        eprintln!("skipped: needs root to mount a read-only folder");
        return;
    }
    let w = Work::new();
    code(&w.build(&["-f", "poster"]), 0);
    let Some(_m) = Mount::tmpfs(&w.out, "size=2m") else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    code(&w.build(&["-f", "poster"]), 0);
    remount_ro(&w.out);
    let o = w.build(&["-f", "poster"]);
    code(&o, 3);
    let err = stderr(&o);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

// ----------------------------------------------------- the lead's findings

#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    // `packpress list | head -c 1`: head exits after one byte, and what
    // list prints after that goes to a closed pipe.
    for command in ["list", "check"] {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' {command} '{}' | head -c 1 >/dev/null",
                env!("CARGO_BIN_EXE_packpress"),
                shipped_pack().display()
            ))
            .output()
            .unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{command}: {err}");
        assert!(!err.contains("Broken pipe"), "{command}: {err}");
        assert!(o.status.success(), "{command}: {}", describe(&o));
    }
}

#[test]
fn a_todo_after_a_hash_in_a_body_is_still_found() {
    let w = Work::new();
    let parents = w.pack.join("audiences/parents.toml");
    let text = fs::read_to_string(&parents).unwrap();
    let body = text.find("body = \"\"\"").unwrap() + "body = \"\"\"".len();
    let mut edited = text.clone();
    edited.insert_str(body, "\nCall us on #1 then TODO: write the rest.\n");
    fs::write(&parents, edited).unwrap();
    let o = w.run(&["check", w.pack.to_str().unwrap()]);
    code(&o, 1);
    assert!(stderr(&o).contains("TODO:"), "{}", stderr(&o));
}

#[test]
fn new_killed_while_writing_leaves_no_half_written_pack() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("online-gaming");
    // A limit on the size of a file this process may write: the first
    // file larger than 1 KB kills it (SIGXFSZ), as a crash would.
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 2; exec '{}' new '{}'",
            env!("CARGO_BIN_EXE_packpress"),
            target.display()
        ))
        .output()
        .unwrap();
    assert!(!o.status.success(), "{}", describe(&o));
    let left: Vec<String> = match fs::read_dir(&target) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    assert!(left.is_empty(), "half a pack was left: {left:?}");
    let again = packpress(dir.path(), &["new", target.to_str().unwrap()]);
    code(&again, 0);
}

// ---------------------------------------------------------------- helpers

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A tmpfs mounted on a folder, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, options: &str) -> Option<Mount> {
        fs::create_dir_all(at).ok()?;
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .output()
            .ok()?;
        o.status.success().then(|| Mount(at.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

/// A folder bind-mounted read-only over itself, unmounted when dropped.
struct Bind(PathBuf);

impl Bind {
    fn read_only(at: &Path) -> Option<Bind> {
        let ok = |args: &[&str]| {
            Command::new("mount")
                .args(args)
                .arg(at)
                .arg(at)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !ok(&["--bind"]) {
            return None;
        }
        let bind = Bind(at.to_path_buf());
        let ro = Command::new("mount")
            .args(["-o", "remount,ro,bind"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ro.then_some(bind)
    }
}

impl Drop for Bind {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

fn remount_ro(at: &Path) {
    let o = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(at)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
}
