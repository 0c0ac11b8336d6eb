//! The everyday commands around `build`: `new`, `watch`, `completions`,
//! `man`, `-q`, `--json`, and the contact sheet opened in a real browser.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_tree, describe, fixture, packpress, shipped_pack};

#[test]
fn new_pack_is_refused_until_its_placeholders_are_filled_then_builds() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["new", "packs/online-gaming"]);
    assert!(o.status.success(), "{}", describe(&o));
    let pack = dir.path().join("packs/online-gaming");
    for f in ["pack.toml", "audiences/parents.toml", "README.md"] {
        assert!(pack.join(f).is_file(), "{f} missing");
    }
    let readme = std::fs::read_to_string(pack.join("README.md")).unwrap();
    assert!(readme.contains("TODO") && readme.contains("PLACEHOLDER"));

    // check names every placeholder with file:line:col; build refuses too.
    let o = packpress(dir.path(), &["check", "packs/online-gaming"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    let pack_toml = std::fs::read_to_string(pack.join("pack.toml")).unwrap();
    let line = pack_toml
        .lines()
        .position(|l| l.starts_with("phone = \"PLACEHOLDER\""))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("pack.toml:{line}:10")),
        "the phone placeholder at line {line}, column 10:\n{err}"
    );
    assert!(err.contains("audiences/parents.toml:"), "{err}");
    assert!(err.contains("placeholder phone number"), "{err}");
    let o = packpress(dir.path(), &["build", "packs/online-gaming"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!dir.path().join("out").exists(), "nothing written");

    // Fill them in as an author would, and it checks and builds.
    for f in ["pack.toml", "audiences/parents.toml"] {
        let path = pack.join(f);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("TODO: ", "")
            .replace("PLACEHOLDER", "0800 1111");
        std::fs::write(&path, text).unwrap();
    }
    let o = packpress(dir.path(), &["check", "packs/online-gaming"]);
    assert!(o.status.success(), "{}", describe(&o));
    let o = packpress(dir.path(), &["build"]);
    assert!(o.status.success(), "{}", describe(&o));
    let out = dir.path().join("out/online-gaming/generic/parents");
    for f in ["poster", "handout", "leaflet", "booklet", "cards"] {
        assert!(out.join(format!("{f}-a4.pdf")).is_file(), "{f} missing");
    }
    let text = common::pdf_text(&out.join("cards-a4.pdf"));
    assert!(text.contains("0800 1111"), "{text}");
}

#[test]
fn new_refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let o = packpress(dir.path(), &["new", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not empty"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn completions_and_man_page_describe_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["completions", "bash"]);
    assert!(o.status.success(), "{}", describe(&o));
    let bash = String::from_utf8_lossy(&o.stdout);
    assert!(bash.contains("build") && bash.contains("--site") && bash.contains("--png"));
    let o = packpress(dir.path(), &["completions", "zsh"]);
    assert!(o.status.success(), "{}", describe(&o));

    let o = packpress(dir.path(), &["man"]);
    assert!(o.status.success(), "{}", describe(&o));
    let man = String::from_utf8_lossy(&o.stdout);
    assert!(man.starts_with(".ie") || man.contains("\n.TH "), "{man}");
    assert!(man.contains(".TH packpress"), "roff with a title");
    for sub in [
        "BUILD",
        "CHECK",
        "LIST",
        "WATCH",
        "NEW",
        "COMPLETIONS",
        "MAN",
    ] {
        assert!(
            man.contains(&format!(".SH \"PACKPRESS {sub}\"")),
            "the page has a section for {sub}"
        );
    }
    // It names no other manual page: there is only this one.
    assert!(!man.contains("(1)"), "{man}");
    // What each exit code means.
    assert!(man.contains(".SH \"EXIT STATUS\""), "{man}");
    for code in ["0", "1", "2", "3"] {
        assert!(
            man.contains(&format!(".TP\n\\fB{code}\\fR\n")),
            "exit {code}: {man}"
        );
    }

    // Every command's --help has an example.
    for sub in [
        "build",
        "check",
        "list",
        "new",
        "watch",
        "completions",
        "man",
    ] {
        let o = packpress(dir.path(), &[sub, "--help"]);
        assert!(o.status.success(), "{}", describe(&o));
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(
            help.contains("packpress ") && help.contains("Example"),
            "{sub} --help:\n{help}"
        );
    }
}

/// Example lines keep their line breaks and spacing when the page is
/// rendered: roff would otherwise fill them into one paragraph.
#[test]
fn issue_12_man_page_keeps_examples_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["man"]);
    assert!(o.status.success(), "{}", describe(&o));
    let page = dir.path().join("packpress.1");
    std::fs::write(&page, &o.stdout).unwrap();
    let Ok(rendered) = Command::new("groff")
        .args(["-man", "-Tutf8", "-rLL=120n", page.to_str().unwrap()])
        .output()
    else {
        assert!(std::env::var_os("CI").is_none(), "groff is missing in CI");
        eprintln!("skipped: groff is not installed");
        return;
    };
    // groff marks bold by overstriking; the words are what matter.
    let text = String::from_utf8_lossy(&rendered.stdout);
    let text: String = text
        .lines()
        .map(|l| l.replace(['\u{2010}', '\u{2212}'], "-"))
        .map(|l| {
            let mut plain = String::new();
            for c in l.chars() {
                if c == '\u{8}' {
                    plain.pop();
                } else {
                    plain.push(c);
                }
            }
            plain
        })
        .collect::<Vec<_>>()
        .join("\n");
    for example in [
        "packpress build                      every pack under ./packs, every audience and format",
        "packpress build packs/e2ee -a parents -f poster -p a3",
        "packpress check packs/online-gaming  lists what is left to fill in",
    ] {
        assert!(
            text.lines().any(|l| l.trim() == example),
            "{example:?} is not a line of its own:\n{text}"
        );
    }
    assert!(text.contains("EXIT STATUS"), "{text}");
}

/// What bash offers after each option, from the script `completions bash`
/// prints, run in a real bash as Tab would run it.
#[test]
fn issue_12_bash_completes_values_and_audience_ids() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["completions", "bash"]);
    assert!(o.status.success(), "{}", describe(&o));
    let script = dir.path().join("packpress.bash");
    std::fs::write(&script, &o.stdout).unwrap();
    let complete = |line: &[&str]| -> String {
        // COMP_WORDS is the line; the word being completed is the last.
        let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
        let cur = line.last().unwrap();
        let prev = line[line.len() - 2];
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _packpress_audiences packpress '{cur}' '{prev}'; echo \"${{COMPREPLY[*]}}\"",
            script.display(),
            words.join(" "),
            line.len() - 1
        );
        let bin = Path::new(env!("CARGO_BIN_EXE_packpress")).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let o = Command::new("bash")
            .args(["-c", &program])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("PATH", path)
            .output()
            .expect("bash runs");
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(
        complete(&["packpress", "build", "-f", ""]),
        "poster handout leaflet booklet cards web"
    );
    assert_eq!(
        complete(&["packpress", "check", "--paper", ""]),
        "a4 a3 a2 letter tabloid"
    );
    assert_eq!(complete(&["packpress", "watch", "-s", "l"]), "large-print");
    // Audience ids of the packs under ./packs, and of a pack named on the line.
    assert_eq!(
        complete(&["packpress", "build", "-a", ""]),
        "parents professionals young-people"
    );
    assert_eq!(
        complete(&[
            "packpress",
            "build",
            "tests/fixtures/spec-example",
            "--audience",
            ""
        ]),
        "parents"
    );
    assert_eq!(complete(&["packpress", "build", "-a", "y"]), "young-people");
    // The helper is no command: not in help, the manual or the completions.
    let o = packpress(dir.path(), &["--help"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("complete-audiences"));
    assert!(
        !complete(&["packpress", ""]).contains("complete"),
        "{}",
        complete(&["packpress", ""])
    );
}

#[test]
fn quiet_prints_only_warnings_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let pack = shipped_pack();
    let o = packpress(
        dir.path(),
        &[
            "build",
            "-q",
            pack.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "poster",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    assert!(o.stdout.is_empty(), "{}", describe(&o));
    assert!(dir
        .path()
        .join("out/e2ee/generic/parents/poster-a4.pdf")
        .is_file());
    let o = packpress(dir.path(), &["check", "--quiet", pack.to_str().unwrap()]);
    assert!(
        o.status.success() && o.stdout.is_empty(),
        "{}",
        describe(&o)
    );
    // Errors still show.
    let o = packpress(dir.path(), &["build", "-q", "no-such-pack"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-pack"));
}

#[test]
fn json_summary_lists_every_output_with_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let pack = shipped_pack();
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "poster",
            "-f",
            "handout",
            "-s",
            "large-print",
            "--png",
            "36",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON: {e}\n{}", describe(&o)));
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let handout = files
        .iter()
        .find(|f| f["format"] == "handout")
        .expect("the handout");
    assert_eq!(handout["pack"], "e2ee");
    assert_eq!(handout["site"], "generic");
    assert_eq!(handout["audience"], "parents");
    assert_eq!(handout["paper"], "a4");
    assert_eq!(handout["style"], "large-print");
    let pages = handout["pages"].as_u64().unwrap();
    assert!(pages >= 2, "{handout}");
    let path = dir.path().join(handout["path"].as_str().unwrap());
    assert!(path.ends_with("out/e2ee/generic/parents/handout-a4-large-print.pdf"));
    assert_eq!(
        handout["bytes"].as_u64().unwrap(),
        std::fs::metadata(&path).unwrap().len()
    );
    let pngs: Vec<&str> = handout["pngs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let want: Vec<String> = (1..=pages)
        .map(|n| format!("out/e2ee/generic/parents/handout-a4-large-print-{n}.png"))
        .collect();
    assert_eq!(pngs, want);
    for p in pngs {
        assert!(dir.path().join(p).is_file());
    }
    assert_eq!(v["index"], "out/index.html");
    assert_eq!(v["manifest"], "out/manifest.json");
}

#[test]
fn json_still_answers_when_nothing_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let file = pack.join("pack.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("reviewed = ", "reviewd = ", 1);
    std::fs::write(&file, text).unwrap();
    let o = packpress(dir.path(), &["build", pack.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON: {e}\n{}", describe(&o)));
    assert_eq!(v["files"].as_array().map(Vec::len), Some(0));
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|e| e.contains("nothing was built")),
        "{v}"
    );
    // The reasons are on stderr, with their place.
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("pack.toml:"),
        "{}",
        describe(&o)
    );
}

/// Every `attr="..."` value in some HTML.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

/// A relative URL back to a path (the contact sheet percent-encodes).
fn decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&url[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn chromium_dom(page: &Path) -> String {
    let url = format!("file://{}", page.display());
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
            "--dump-dom",
            &url,
        ])
        .output()
        .expect("chromium runs");
    assert!(o.status.success(), "chromium: {}", describe(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn contact_sheet_opens_in_a_browser_and_every_image_and_link_resolves() {
    if Command::new("chromium").arg("--version").output().is_err() {
        // .ci/run installs chromium, so CI always runs this test.
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing in CI: .ci/run must install it"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = shipped_pack();
    let site = fixture("sites/hillside.toml");
    for extra in [&[][..], &["--site", site.to_str().unwrap()][..]] {
        let mut args = vec![
            "build",
            pack.to_str().unwrap(),
            "-f",
            "poster",
            "-f",
            "leaflet",
            "--png",
            "24",
        ];
        args.extend_from_slice(extra);
        let o = packpress(dir.path(), &args);
        assert!(o.status.success(), "{}", describe(&o));
    }
    let out = dir.path().join("out");
    let index = out.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(!html.contains("<script"), "a static page");
    assert!(html.contains("<h2>") && html.contains("<h3>Young people"));

    // The DOM as the browser built it.
    let dom = chromium_dom(&index);
    let srcs = attributes(&dom, "src");
    let hrefs = attributes(&dom, "href");
    // Both builds into the folder (the generic and the site's), each of
    // 3 audiences x 2 formats, one thumbnail each: the contact sheet shows
    // the whole folder, not only the last build.
    assert_eq!(srcs.len(), 12, "{dom}");
    assert!(hrefs.len() >= 12 * 2, "PDF links and PNG links");
    assert!(srcs
        .iter()
        .all(|s| !s.contains("..") && !s.starts_with('/')));
    for url in srcs.iter().chain(&hrefs) {
        let path = out.join(decode(url));
        assert!(path.is_file(), "{url} does not resolve to a file");
    }
    for alt in attributes(&dom, "alt") {
        assert!(alt.starts_with("First page of the "), "{alt}");
    }

    // And the browser really decoded every image: a copy of the page with
    // a probe that records each image's natural width once all have loaded.
    let probe = out.join("probe.html");
    let probe_html = html.replace(
        "</body>",
        "<script>addEventListener('load', () => { document.body.dataset.widths = \
         Array.from(document.images, i => i.complete ? i.naturalWidth : -1).join(','); });</script></body>",
    );
    std::fs::write(&probe, probe_html).unwrap();
    let dom = chromium_dom(&probe);
    let widths = attributes(&dom, "data-widths");
    assert_eq!(widths.len(), 1, "the probe ran: {dom}");
    let widths: Vec<i64> = widths[0].split(',').map(|w| w.parse().unwrap()).collect();
    assert_eq!(widths.len(), 12);
    // A4 at 24 DPI is 199 pixels wide (portrait) or 281 (the leaflet).
    assert!(
        widths.iter().all(|w| *w == 199 || *w == 281),
        "every image decoded: {widths:?}"
    );
}

/// Waits for `done` to hold, up to `limit`.
fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

/// Kills the child when dropped, so a failed assertion never leaves a
/// watcher running.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `watch --json` prints one JSON summary per build on a line of its own,
/// and nothing else on standard output.
#[test]
fn issue_12_watch_prints_one_json_line_per_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_tree(&shipped_pack(), &pack);
    let (log, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let _child = Child(
        Command::new(env!("CARGO_BIN_EXE_packpress"))
            .args([
                "watch", "pack", "-a", "parents", "-f", "poster", "-o", "out", "--json",
            ])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .expect("packpress watch starts"),
    );
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    let limit = Duration::from_secs(60);
    assert!(
        wait_for(limit, || read(&err).contains("watching")),
        "{}\n{}",
        read(&log),
        read(&err)
    );
    let file = pack.join("audiences/parents.toml");
    let text = read(&file);
    std::fs::write(
        &file,
        text.replace(
            "Private chats can still be safe chats",
            "Private chats can be safe chats",
        ),
    )
    .unwrap();
    assert!(
        wait_for(limit, || read(&log).lines().count() >= 2),
        "{}\n{}",
        read(&log),
        read(&err)
    );
    for line in read(&log).lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        assert_eq!(v["files"].as_array().map(Vec::len), Some(1), "{v}");
        assert_eq!(v["files"][0]["format"], "poster");
        assert_eq!(v["failed"].as_array().map(Vec::len), Some(0), "{v}");
    }
}

#[test]
fn watch_rebuilds_what_changed_and_survives_errors() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_tree(&shipped_pack(), &pack);
    let out = dir.path().join("out");
    let (log, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let _child = Child(
        Command::new(env!("CARGO_BIN_EXE_packpress"))
            .args(["watch", "pack", "-f", "poster", "-o", "out"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .expect("packpress watch starts"),
    );
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    let limit = Duration::from_secs(60);
    let parents = out.join("e2ee/generic/parents/poster-a4.pdf");
    let young = out.join("e2ee/generic/young-people/poster-a4.pdf");
    assert!(
        wait_for(limit, || read(&log).contains("watching")),
        "the first build and the watch started:\n{}\n{}",
        read(&log),
        read(&err)
    );
    let before = std::fs::read(&parents).unwrap();
    let young_before = std::fs::metadata(&young).unwrap().modified().unwrap();

    // A change to one audience's file rebuilds that pack's outputs.
    let file = pack.join("audiences/parents.toml");
    let text = read(&file);
    let changed = text.replace(
        "Private chats can still be safe chats",
        "Private chats can be safe chats",
    );
    assert_ne!(text, changed);
    let saved = Instant::now();
    std::fs::write(&file, &changed).unwrap();
    assert!(
        wait_for(limit, || std::fs::read(&parents).is_ok_and(|b| b != before)),
        "the poster was rebuilt:\n{}\n{}",
        read(&log),
        read(&err)
    );
    eprintln!(
        "rebuilt within {} ms of saving",
        saved.elapsed().as_millis()
    );
    let text_now = common::pdf_text(&parents)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text_now.contains("Private chats can be safe chats"),
        "{text_now}"
    );
    assert!(
        wait_for(limit, || read(&log).contains("rebuilt 3 files in")),
        "{}",
        read(&log)
    );
    assert!(std::fs::metadata(&young).unwrap().modified().unwrap() >= young_before);

    // A broken file is reported, and watching goes on.
    std::fs::write(&file, changed.replace("[audience]", "[audience")).unwrap();
    assert!(
        wait_for(limit, || read(&err).contains("not rebuilt")),
        "the error is printed:\n{}",
        read(&err)
    );
    assert!(read(&err).contains("parents.toml"), "{}", read(&err));
    let good = std::fs::read(&parents).unwrap();
    std::fs::write(&file, changed.replace("safe chats", "safe chats!")).unwrap();
    assert!(
        wait_for(limit, || std::fs::read(&parents).is_ok_and(|b| b != good)),
        "fixed, it rebuilds:\n{}\n{}",
        read(&log),
        read(&err)
    );
    // One rebuild per save: reading the pack to rebuild it is not a change
    // (a watcher that counted it would rebuild for ever).
    // Given a second in which a looping watcher would rebuild again and
    // again, the count stays put.
    assert!(wait_for(limit, || read(&log).matches("rebuilt ").count() >= 3));
    let rebuilds = || read(&log).matches("rebuilt ").count();
    let _ = wait_for(Duration::from_secs(1), || rebuilds() > 4);
    let rebuilds = rebuilds();
    assert!(
        rebuilds <= 4,
        "the first build and two good saves, not {rebuilds}:\n{}",
        read(&log)
    );
}
