//! The output folder stays true (issue 12, point 1) and one failure never
//! costs the rest (issue 11, point 5): sequences of builds into one folder,
//! read back from the files, `manifest.json` and `index.html`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the shipped pack to change, and an output folder beside it.
struct Folder {
    _dir: tempfile::TempDir,
    pack: PathBuf,
    out: PathBuf,
}

impl Folder {
    fn new() -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("e2ee");
        copy_tree(&shipped_pack(), &pack);
        let out = dir.path().join("out");
        Folder {
            _dir: dir,
            pack,
            out,
        }
    }

    /// Runs `build PACK -o OUT ARGS...`.
    fn build(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec![
            "build",
            self.pack.to_str().unwrap(),
            "-o",
            self.out.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        packpress(repo(), &all)
    }

    /// Replaces text in one of the pack's files.
    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.pack.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from:?}");
        fs::write(&path, text.replace(from, to)).unwrap();
    }

    fn manifest(&self) -> serde_json::Value {
        let text = fs::read_to_string(self.out.join("manifest.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// The manifest's entry for a PDF path under OUT.
    fn entry(&self, path: &str) -> serde_json::Value {
        self.manifest()["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("no entry for {path} in {}", self.manifest()))
    }

    fn index(&self) -> String {
        fs::read_to_string(self.out.join("index.html")).unwrap()
    }
}

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", describe(o));
}

const POSTER: &str = "e2ee/generic/parents/poster-a4.pdf";

#[test]
fn issue_12_a_rebuild_without_png_removes_the_old_png_and_its_thumbnail() {
    let f = Folder::new();
    ok(&f.build(&["-a", "parents", "-f", "poster", "--png", "24"]));
    let png = f.out.join("e2ee/generic/parents/poster-a4.png");
    assert!(png.is_file());
    assert!(f.index().contains("poster-a4.png"));

    f.edit(
        "audiences/parents.toml",
        "Private chats can still be safe chats",
        "Private chats can be safe chats",
    );
    ok(&f.build(&["-a", "parents", "-f", "poster"]));
    assert!(
        !png.exists(),
        "the PNG of the old poster was left beside the new PDF"
    );
    let e = f.entry(POSTER);
    assert_eq!(e["status"], "made");
    assert_eq!(e["pngs"].as_array().map(Vec::len), Some(0));
    assert!(!f.index().contains("poster-a4.png"), "{}", f.index());
    let text = pdf_text(&f.out.join(POSTER))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Private chats can be safe chats"), "{text}");
}

#[test]
fn issue_12_fewer_pages_remove_the_extra_pngs() {
    let f = Folder::new();
    ok(&f.build(&[
        "-a",
        "parents",
        "-f",
        "handout",
        "-s",
        "large-print",
        "--png",
        "24",
    ]));
    let dir = f.out.join("e2ee/generic/parents");
    let pngs = |dir: &Path| {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".png"))
            .collect();
        v.sort();
        v
    };
    let before = pngs(&dir);
    assert!(before.len() >= 2, "{before:?}");
    // A PNG a build would not make again (as if the handout had had one
    // page more) goes when the PDF is rebuilt.
    let extra = dir.join(format!("handout-a4-large-print-{}.png", before.len() + 1));
    fs::write(&extra, b"old page").unwrap();
    // Another output's PNG with a similar name stays.
    let other = dir.join("handout-a4-large-print-notes.png");
    fs::write(&other, b"not ours").unwrap();
    ok(&f.build(&[
        "-a",
        "parents",
        "-f",
        "handout",
        "-s",
        "large-print",
        "--png",
        "24",
    ]));
    assert!(!extra.exists());
    assert!(other.exists());
    assert_eq!(
        pngs(&dir),
        [before, vec!["handout-a4-large-print-notes.png".to_string()]].concat()
    );
}

#[test]
fn issue_12_a_generic_build_then_a_site_build_leave_both_in_the_manifest_and_contact_sheet() {
    let f = Folder::new();
    ok(&f.build(&["-f", "poster", "--png", "24"]));
    let site = fixture("sites/hillside.toml");
    ok(&f.build(&["-f", "poster", "--site", site.to_str().unwrap()]));
    let m = f.manifest();
    let outputs = m["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 6, "{m}");
    for a in ["parents", "professionals", "young-people"] {
        let generic = f.entry(&format!("e2ee/generic/{a}/poster-a4.pdf"));
        assert_eq!(generic["status"], "earlier", "{generic}");
        assert_eq!(generic["pngs"].as_array().map(Vec::len), Some(1));
        let hillside = f.entry(&format!("e2ee/hillside/{a}/poster-a4.pdf"));
        assert_eq!(hillside["status"], "made", "{hillside}");
        assert_eq!(hillside["site_name"], "Hillside Academy");
    }
    let index = f.index();
    assert!(index.contains("generic (no school's details)"), "{index}");
    assert!(index.contains("for Hillside Academy"), "{index}");
    assert!(index.contains("6 outputs, 9 files"), "{index}");
    assert!(!index.contains("Out of date"), "{index}");
}

#[test]
fn issue_12_a_changed_pack_marks_the_outputs_it_did_not_rebuild_as_stale() {
    let f = Folder::new();
    let site = fixture("sites/hillside.toml");
    ok(&f.build(&[
        "-a",
        "parents",
        "-f",
        "poster",
        "--site",
        site.to_str().unwrap(),
    ]));
    // A helpline's number changes, and only the generic poster is rebuilt:
    // the school's poster still prints the old number.
    f.edit("pack.toml", "0808 800 5000", "0808 800 5001");
    let o = f.build(&["-a", "parents", "-f", "poster"]);
    ok(&o);
    let stale = f.entry("e2ee/hillside/parents/poster-a4.pdf");
    assert_eq!(stale["status"], "stale", "{stale}");
    assert!(
        stale["stale_because"]
            .as_str()
            .unwrap()
            .contains("the pack `e2ee` has changed"),
        "{stale}"
    );
    assert_eq!(f.entry(POSTER)["status"], "made");
    let index = f.index();
    assert!(index.contains("Out of date: do not print."), "{index}");
    assert!(index.contains("1 output is out of date"), "{index}");
    // The build says so too.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("1 output in") && err.contains("is out of date"),
        "{err}"
    );
    // It stays stale until it is rebuilt, then it is current again.
    ok(&f.build(&["-a", "parents", "-f", "cards"]));
    assert_eq!(
        f.entry("e2ee/hillside/parents/poster-a4.pdf")["status"],
        "stale"
    );
    ok(&f.build(&[
        "-a",
        "parents",
        "-f",
        "poster",
        "--site",
        site.to_str().unwrap(),
    ]));
    assert_eq!(
        f.entry("e2ee/hillside/parents/poster-a4.pdf")["status"],
        "made"
    );
    assert!(!f.index().contains("Out of date"));
}

/// A pack whose parents' handout cannot fit (a section far too long) but
/// whose poster can.
fn overlong(f: &Folder) {
    let long = "This sentence is here to make the section far too long to fit. ".repeat(200);
    f.edit(
        "audiences/parents.toml",
        "Many people use it without knowing",
        &format!("{long} Many people use it without knowing"),
    );
}

#[test]
fn issue_11_one_failed_output_keeps_its_earlier_file_and_the_rest_are_written() {
    let f = Folder::new();
    ok(&f.build(&["-a", "parents", "-f", "poster", "-f", "handout"]));
    let handout = f.out.join("e2ee/generic/parents/handout-a4.pdf");
    let before = fs::read(&handout).unwrap();
    let poster_before = fs::read(f.out.join(POSTER)).unwrap();

    overlong(&f);
    f.edit(
        "audiences/parents.toml",
        "Private chats can still be safe chats",
        "Private chats can be safe chats",
    );
    let o = f.build(&["-a", "parents", "-f", "poster", "-f", "handout", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    // The poster was rebuilt; the handout kept its earlier file.
    assert_ne!(fs::read(f.out.join(POSTER)).unwrap(), poster_before);
    assert_eq!(fs::read(&handout).unwrap(), before);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the handout on a4 for the audience `parents` has no room"),
        "{err}"
    );
    assert!(err.contains("  help: "), "{err}");
    assert!(err.contains("not rebuilt: the earlier"), "{err}");

    // The JSON lists the failed output with its reason and help.
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"].as_array().map(Vec::len), Some(1), "{v}");
    let failed = v["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{v}");
    assert_eq!(failed[0]["format"], "handout");
    assert!(failed[0]["error"].as_str().unwrap().contains("has no room"));
    assert!(failed[0]["help"].as_str().is_some_and(|h| !h.is_empty()));
    assert_eq!(failed[0]["earlier_file_kept"], true);

    // The manifest says the handout was not rebuilt.
    let e = f.entry("e2ee/generic/parents/handout-a4.pdf");
    assert_eq!(e["status"], "stale");
    assert!(
        e["stale_because"].as_str().unwrap().contains("not rebuilt"),
        "{e}"
    );
    let m = f.manifest();
    assert_eq!(
        m["not_built"][0]["path"], "e2ee/generic/parents/handout-a4.pdf",
        "{m}"
    );
    assert!(f.index().contains("Out of date: do not print."));
}

#[test]
fn issue_11_every_failure_is_listed_in_json_and_counted() {
    let f = Folder::new();
    overlong(&f);
    // The parents' handout fails on a4 and on letter, each on its own; the
    // posters are still written.
    let o = f.build(&[
        "-a", "parents", "-f", "poster", "-f", "handout", "-p", "a4", "-p", "letter", "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let failed: Vec<(&str, &str)> = v["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["format"].as_str().unwrap(), f["paper"].as_str().unwrap()))
        .collect();
    assert_eq!(failed, [("handout", "a4"), ("handout", "letter")], "{v}");
    assert!(v["failed"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["earlier_file_kept"] == false && f["error"].as_str().is_some()));
    assert_eq!(v["files"].as_array().map(Vec::len), Some(2), "{v}");
    assert!(f.out.join(POSTER).is_file());
    assert!(f
        .out
        .join("e2ee/generic/parents/poster-letter.pdf")
        .is_file());
    assert!(!f.out.join("e2ee/generic/parents/handout-a4.pdf").exists());
    // And the summary without --json counts them.
    let o = f.build(&[
        "-a", "parents", "-f", "poster", "-f", "handout", "-p", "a4", "-p", "letter",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("built 2 files") && out.contains("; 2 outputs failed"),
        "{out}"
    );
}

#[test]
fn issue_12_a_file_changed_by_hand_is_stale_and_a_deleted_one_leaves_the_manifest() {
    let f = Folder::new();
    ok(&f.build(&["-a", "parents", "-f", "poster", "-f", "cards"]));
    let cards = f.out.join("e2ee/generic/parents/cards-a4.pdf");
    let mut bytes = fs::read(&cards).unwrap();
    bytes.extend_from_slice(b"\n% edited\n");
    fs::write(&cards, bytes).unwrap();
    fs::remove_file(f.out.join(POSTER)).unwrap();
    ok(&f.build(&["-a", "young-people", "-f", "poster"]));
    let e = f.entry("e2ee/generic/parents/cards-a4.pdf");
    assert_eq!(e["status"], "stale");
    assert!(
        e["stale_because"]
            .as_str()
            .unwrap()
            .contains("changed after"),
        "{e}"
    );
    let m = f.manifest();
    assert!(
        m["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["path"] != POSTER),
        "a deleted PDF is no longer listed: {m}"
    );
}

/// Earlier files are compared by size and modification time, and read only
/// when those differ: a file touched but not changed stays current, and
/// (the other side of the same rule) one rewritten with the same size and
/// time is not read at all.
#[test]
fn issue_12_earlier_files_are_hashed_only_when_their_size_or_time_changed() {
    let f = Folder::new();
    ok(&f.build(&["-a", "parents", "-f", "poster", "-f", "cards"]));
    let cards = f.out.join("e2ee/generic/parents/cards-a4.pdf");
    let poster = f.out.join(POSTER);

    // Touched: a new time, the same bytes. Read, found the same: current.
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(&cards)
        .unwrap()
        .set_modified(later)
        .unwrap();
    // Same size and time, other bytes: not read, so still "earlier".
    let meta = fs::metadata(&poster).unwrap();
    let len = meta.len() as usize;
    fs::write(&poster, vec![b'x'; len]).unwrap();
    fs::File::options()
        .write(true)
        .open(&poster)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();

    ok(&f.build(&["-a", "young-people", "-f", "poster"]));
    assert_eq!(
        f.entry("e2ee/generic/parents/cards-a4.pdf")["status"],
        "earlier"
    );
    assert_eq!(f.entry(POSTER)["status"], "earlier");
    // Without the times the manifest keeps (deleted by hand), every file
    // is read: the rewritten poster is found out.
    fs::remove_file(f.out.join(".packpress-times.json")).unwrap();
    ok(&f.build(&["-a", "young-people", "-f", "poster"]));
    assert_eq!(f.entry(POSTER)["status"], "stale");
    assert_eq!(
        f.entry("e2ee/generic/parents/cards-a4.pdf")["status"],
        "earlier"
    );
}

#[test]
fn issue_12_a_build_waits_for_another_holding_the_folder_and_both_are_listed() {
    let f = Folder::new();
    ok(&f.build(&["-a", "parents", "-f", "poster"]));
    // Hold the folder's lock as another build would while it writes.
    let lock = fs::File::options()
        .read(true)
        .write(true)
        .open(f.out.join(".packpress.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_packpress"))
        .args([
            "build",
            f.pack.to_str().unwrap(),
            "-o",
            f.out.to_str().unwrap(),
            "-a",
            "young-people",
            "-f",
            "cards",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build went ahead while the folder was locked"
    );
    assert!(!f
        .out
        .join("e2ee/generic/young-people/cards-a4.pdf")
        .exists());
    drop(lock);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(f.entry(POSTER)["status"], "earlier");
    assert_eq!(
        f.entry("e2ee/generic/young-people/cards-a4.pdf")["status"],
        "made"
    );
}

#[test]
fn issue_12_two_builds_at_once_into_one_folder_leave_a_manifest_listing_both() {
    for round in 0..3 {
        let f = Folder::new();
        let site = fixture("sites/hillside.toml");
        let spawn = |extra: &[&str]| {
            let mut args = vec![
                "build",
                f.pack.to_str().unwrap(),
                "-o",
                f.out.to_str().unwrap(),
                "-f",
                "poster",
            ];
            args.extend_from_slice(extra);
            Command::new(env!("CARGO_BIN_EXE_packpress"))
                .args(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        };
        let mut a = spawn(&[]);
        let mut b = spawn(&["--site", site.to_str().unwrap()]);
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
        let m = f.manifest();
        let outputs = m["outputs"].as_array().unwrap();
        assert_eq!(outputs.len(), 6, "round {round}: {m}");
    }
}

#[test]
fn issue_12_a_manifest_from_an_earlier_packpress_is_read_and_its_files_marked_stale() {
    let f = Folder::new();
    ok(&f.build(&["-a", "parents", "-f", "poster"]));
    let bytes = fs::metadata(f.out.join(POSTER)).unwrap().len();
    fs::write(
        f.out.join("manifest.json"),
        format!(
            r#"{{"generator": "packpress 0.1.0", "files": [{{"path": "{POSTER}", "pages": 1, "bytes": {bytes}, "sha256": "00"}}]}}"#
        ),
    )
    .unwrap();
    ok(&f.build(&["-a", "parents", "-f", "cards"]));
    let e = f.entry(POSTER);
    assert_eq!(e["status"], "stale", "{e}");
    assert_eq!(e["format"], "poster");
    assert_eq!(e["audience"], "parents");
}

#[test]
fn issue_21_a_build_removes_what_a_killed_build_left_half_written() {
    let f = Folder::new();
    let first = f.build(&["-a", "parents", "-f", "poster"]);
    assert!(first.status.success(), "{}", describe(&first));
    // What a build killed between writing a temporary file and renaming
    // it leaves: `.packpress-<random>.tmp` beside the output.
    let audience = f.out.join("e2ee/generic/parents");
    let left = [
        f.out.join(".packpress-Ab12Cd.tmp"),
        audience.join(".packpress-Zz9Yy8.tmp"),
    ];
    for p in &left {
        fs::write(p, b"%PDF-1.7 half").unwrap();
    }
    let mine = audience.join("notes.tmp");
    fs::write(&mine, b"not packpress's").unwrap();
    let again = f.build(&["-a", "parents", "-f", "poster"]);
    assert!(again.status.success(), "{}", describe(&again));
    for p in &left {
        assert!(!p.exists(), "{} is still there", p.display());
    }
    assert!(mine.exists(), "a file packpress did not make was removed");
    let names: Vec<String> = fs::read_dir(&audience)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".packpress-")),
        "{names:?}"
    );
}
