//! Faults (issue 24, point 7): a build killed at several moments, and a
//! build into a full disk. After each, the manifest is read back against
//! the files on disk, hash by hash: every output file under the folder is
//! listed, every entry's file is there with the size and SHA-256 it
//! records, nothing current prints an old number, and no temporary file
//! is left.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use sha2::{Digest, Sha256};

/// The parents' poster prints the NSPCC's number; the edit changes it.
const OLD_NUMBER: &str = "0808 800 5000";
const NEW_NUMBER: &str = "0808 800 5001";

struct Work {
    dir: tempfile::TempDir,
    pack: PathBuf,
    sites: PathBuf,
    out: PathBuf,
}

/// A copy of the shipped pack and `n` schools (the Hillside fixture under
/// other names, sharing its logo).
fn work(n: usize) -> Work {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let sites = dir.path().join("sites");
    fs::create_dir(&sites).unwrap();
    fs::copy(
        fixture("sites/hillside-logo.png"),
        sites.join("hillside-logo.png"),
    )
    .unwrap();
    let site = fs::read_to_string(fixture("sites/hillside.toml")).unwrap();
    for i in 0..n {
        fs::write(
            sites.join(format!("school-{i:03}.toml")),
            site.replace("Hillside Academy", &format!("School {i}")),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    Work {
        dir,
        pack,
        sites,
        out,
    }
}

impl Work {
    fn args<'a>(&'a self, extra: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec![
            "build",
            self.pack.to_str().unwrap(),
            "-o",
            self.out.to_str().unwrap(),
            "-q",
        ];
        all.extend_from_slice(extra);
        all
    }

    fn build(&self, extra: &[&str]) -> Output {
        packpress(self.dir.path(), &self.args(extra))
    }

    fn renumber(&self, from: &str, to: &str) {
        let path = self.pack.join("pack.toml");
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        fs::write(&path, text.replace(from, to)).unwrap();
    }
}

fn sha(path: &Path) -> String {
    format!("{:x}", Sha256::digest(fs::read(path).unwrap()))
}

/// Every output file under `out` (`<pack>/<site>/<audience>/<file>`), and
/// every name that is a temporary file anywhere under it.
fn on_disk(out: &Path) -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut temps = Vec::new();
    fn walk(
        root: &Path,
        dir: &Path,
        depth: usize,
        files: &mut Vec<String>,
        temps: &mut Vec<String>,
    ) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let e = e.unwrap();
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if e.file_type().unwrap().is_dir() {
                walk(root, &path, depth + 1, files, temps);
            } else if name.ends_with(".tmp") || name.contains(".packpress-reserve") {
                temps.push(rel);
            } else if depth == 3
                && (name.ends_with(".pdf") || name.ends_with(".html") || name.ends_with(".png"))
            {
                files.push(rel);
            }
        }
    }
    walk(out, out, 0, &mut files, &mut temps);
    files.sort();
    (files, temps)
}

/// Reads the manifest back against the disk, hash by hash. `current` is
/// the number a current parents' poster must print. Returns how many
/// entries are stale.
fn check_folder(out: &Path, current: &str, when: &str) -> usize {
    let text = fs::read_to_string(out.join("manifest.json"))
        .unwrap_or_else(|e| panic!("{when}: no manifest: {e}"));
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (files, temps) = on_disk(out);
    assert!(temps.is_empty(), "{when}: temporary files left: {temps:?}");
    let mut listed: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut stale = 0;
    for e in m["outputs"].as_array().unwrap() {
        let path = e["path"].as_str().unwrap().to_string();
        listed.insert(
            path.clone(),
            (
                e["sha256"].as_str().unwrap().into(),
                e["bytes"].as_u64().unwrap(),
            ),
        );
        for p in e["pngs"].as_array().unwrap() {
            listed.insert(
                p["path"].as_str().unwrap().into(),
                (
                    p["sha256"].as_str().unwrap().into(),
                    p["bytes"].as_u64().unwrap(),
                ),
            );
        }
        if e["status"] == "stale" {
            stale += 1;
        } else if path.ends_with("parents/poster-a4.pdf") {
            let text = pdf_text(&out.join(&path))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                text.contains(current),
                "{when}: {path} is {} but does not print {current}",
                e["status"]
            );
        }
    }
    for f in &files {
        assert!(
            listed.contains_key(f),
            "{when}: {f} is on disk but not listed"
        );
    }
    for (path, (sum, bytes)) in &listed {
        let full = out.join(path);
        assert!(full.is_file(), "{when}: {path} is listed but not on disk");
        assert_eq!(fs::metadata(&full).unwrap().len(), *bytes, "{when}: {path}");
        assert_eq!(&sha(&full), sum, "{when}: {path} does not match its record");
    }
    stale
}

/// How many output files under `out` were written since `since`.
fn written_since(out: &Path, since: std::time::SystemTime) -> usize {
    on_disk(out)
        .0
        .iter()
        .filter(|f| {
            fs::metadata(out.join(f))
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since)
        })
        .count()
}

#[test]
fn issue_24_7_a_200_site_build_killed_at_several_moments_leaves_a_folder_the_next_build_lists_truly(
) {
    let w = work(200);
    let sites = w.sites.to_str().unwrap().to_string();
    let first = w.build(&["--site", &sites, "-a", "parents", "-f", "poster"]);
    assert!(first.status.success(), "{}", describe(&first));
    check_folder(&w.out, OLD_NUMBER, "after the first build");

    // Each round changes the number (so every poster changes), and builds
    // the posters and cards (the cards new in the folder the first time),
    // killed (SIGKILL) after this many of its 400 files are written: 0 is
    // while it loads.
    let mut number = OLD_NUMBER.to_string();
    for (round, kill_after) in [0usize, 10, 150, 330].into_iter().enumerate() {
        let next = if round % 2 == 0 {
            NEW_NUMBER
        } else {
            OLD_NUMBER
        };
        w.renumber(&number, next);
        number = next.to_string();
        let args = w.args(&[
            "--site", &sites, "-a", "parents", "-f", "poster", "-f", "cards",
        ]);
        // File times are coarser than a clock read: start a little early.
        let started = std::time::SystemTime::now() - Duration::from_millis(20);
        let mut child = Command::new(env!("CARGO_BIN_EXE_packpress"))
            .args(&args)
            .current_dir(w.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut ended = false;
        loop {
            if child.try_wait().unwrap().is_some() {
                ended = true;
                break;
            }
            if kill_after == 0 || written_since(&w.out, started) >= kill_after {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the build wrote too little in 120 s"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let when = format!("after a kill at {kill_after} files written");
        eprintln!(
            "{when}{}",
            if ended { " (the build had ended)" } else { "" }
        );
        // Even before the next build, nothing the manifest calls current
        // is another file than the one it records.
        if w.out.join("manifest.json").is_file() {
            let m: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(w.out.join("manifest.json")).unwrap())
                    .unwrap();
            for e in m["outputs"].as_array().unwrap() {
                if e["status"] != "stale" {
                    let path = w.out.join(e["path"].as_str().unwrap());
                    assert_eq!(
                        sha(&path),
                        e["sha256"].as_str().unwrap(),
                        "{when}, before the next build: {} is {} with another file's hash",
                        e["path"],
                        e["status"]
                    );
                }
            }
        }
        // The next build makes something else (one school's web page):
        // every poster and card the killed build wrote is listed all the
        // same, each with its own hash.
        let one = w.sites.join("school-000.toml");
        let next = w.build(&[
            "--site",
            one.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "web",
        ]);
        assert!(next.status.success(), "{when}: {}", describe(&next));
        check_folder(&w.out, &number, &when);
    }
    // A full build then makes every output current again.
    let last = w.build(&[
        "--site", &sites, "-a", "parents", "-f", "poster", "-f", "cards",
    ]);
    assert!(last.status.success(), "{}", describe(&last));
    let web = w.build(&["--site", &sites, "-a", "parents", "-f", "web"]);
    assert!(web.status.success(), "{}", describe(&web));
    assert_eq!(check_folder(&w.out, &number, "after the last build"), 0);
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        fs::create_dir_all(at).ok()?;
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .ok()?;
        o.status.success().then(|| Mount(at.to_path_buf()))
    }

    fn resize(&self, size: &str) {
        let o = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", describe(&o));
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

#[test]
fn issue_24_7_a_full_disk_is_reported_and_the_manifest_stays_true() {
    if !is_root() {
        eprintln!("skipped: a full disk is made with a 300 KB tmpfs, which needs root to mount");
        return;
    }
    let w = work(0);
    let disk = w.dir.path().join("disk");
    let Some(mount) = Mount::tmpfs(&disk, "300k") else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let out = disk.join("out");
    let started = Instant::now();
    let o = packpress(
        w.dir.path(),
        &[
            "build",
            w.pack.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no space left") || err.contains("full"),
        "{err}"
    );
    assert!(err.contains("help:"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains(".packpress-"),
        "{err}"
    );
    // One full disk is said once, not once per file.
    assert!(err.matches("the disk is full").count() <= 2, "{err}");
    assert!(started.elapsed() < Duration::from_secs(60));
    // Whatever was written is listed, and true; what was not is not_built.
    if out.join("manifest.json").is_file() {
        check_folder(&out, OLD_NUMBER, "on a full disk");
        let m: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
        let made = m["outputs"].as_array().unwrap().len();
        let not_built = m["not_built"].as_array().unwrap().len();
        assert_eq!(made + not_built, 18, "{m}");
    } else {
        // Nothing written at all: the build said so before writing.
        let (files, temps) = on_disk(&out);
        assert!(files.is_empty() && temps.is_empty(), "{files:?} {temps:?}");
    }
    // With room again, the next build lists everything.
    mount.resize("4m");
    let again = packpress(
        w.dir.path(),
        &[
            "build",
            w.pack.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(again.status.success(), "{}", describe(&again));
    assert_eq!(check_folder(&out, OLD_NUMBER, "after space was freed"), 0);
}

#[test]
fn issue_24_7_a_disk_too_full_to_start_writes_nothing_and_says_so() {
    if !is_root() {
        eprintln!("skipped: needs root to mount a small tmpfs");
        return;
    }
    let w = work(0);
    let disk = w.dir.path().join("disk");
    let Some(_mount) = Mount::tmpfs(&disk, "300k") else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let out = disk.join("out");
    let ok = packpress(
        w.dir.path(),
        &[
            "build",
            w.pack.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "poster",
        ],
    );
    assert!(ok.status.success(), "{}", describe(&ok));
    // Someone else fills the disk.
    let mut filler = Vec::new();
    for i in 0.. {
        let path = disk.join(format!("filler-{i}"));
        if fs::write(&path, vec![7u8; 16 * 1024]).is_err() {
            let _ = fs::remove_file(&path);
            break;
        }
        filler.push(path);
    }
    w.renumber(OLD_NUMBER, NEW_NUMBER);
    let o = packpress(
        w.dir.path(),
        &[
            "build",
            w.pack.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no space left") || err.contains("full"),
        "{err}"
    );
    // The manifest is still true: the poster on disk prints the old
    // number, so it may not look current.
    check_folder(&out, NEW_NUMBER, "with the disk full from the start");
}
