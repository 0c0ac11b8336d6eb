//! `OUT/manifest.json`: what the whole output folder holds, not only what
//! the last build made. Each build merges its outputs with the entries of
//! earlier builds whose files still exist, and marks each entry made (by
//! this build), earlier (by an earlier one, and still what it recorded) or
//! stale (out of date: an old phone number must not look current).
//!
//! Checking an earlier file costs one `stat`: its size and modification
//! time are compared with the record, and only a file whose differ is
//! read and hashed. A folder of thousands of earlier PDFs so does not slow
//! a one-poster build.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::output::{modified_ns, write_atomic, Output, WriteError, Written};
use super::plan::{About, Sources};
use crate::formats::{Format, Paper};
use crate::style::ReadingStyle;

/// The manifest's file name in the output folder.
pub const FILE_NAME: &str = "manifest.json";

/// The lock file that builds into one folder take turns on.
pub const LOCK_NAME: &str = ".packpress.lock";

/// Where the modification times of the files in the manifest are kept:
/// apart from the manifest, so that the same build gives the same
/// manifest, byte for byte.
pub const TIMES_NAME: &str = ".packpress-times.json";

/// The version of the manifest's layout, written as `"manifest"`.
pub const VERSION: u32 = 2;

/// An exclusive lock on an output folder, held while a build writes into
/// it and merges the manifest; let go when dropped.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

impl FolderLock {
    /// Makes the folder if need be and takes its lock, waiting while
    /// another build (or `watch`) holds it.
    pub fn acquire(root: &Path) -> Result<FolderLock, WriteError> {
        fs::create_dir_all(root).map_err(|source| WriteError {
            path: root.to_path_buf(),
            source,
        })?;
        let path = root.join(LOCK_NAME);
        let err = |source| WriteError {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(err)?;
        file.lock().map_err(err)?;
        Ok(FolderLock { _file: file })
    }
}

/// Whether an output is current.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Made by the build that wrote this manifest.
    Made,
    /// Made by an earlier build, still as it recorded, and nothing since
    /// says it is out of date.
    Earlier,
    /// Out of date, and why: its pack or site has changed since, it was
    /// changed by hand, or the last build could not make it again.
    Stale(String),
}

impl Status {
    fn name(&self) -> &'static str {
        match self {
            Status::Made => "made",
            Status::Earlier => "earlier",
            Status::Stale(_) => "stale",
        }
    }
}

/// One output in the folder: its PDF, its PNGs, and what it is.
#[derive(Clone, Debug)]
pub struct Entry {
    /// What it is.
    pub about: About,
    /// The PDF.
    pub pdf: Written,
    /// Its pages as PNGs (none unless built with `--png`).
    pub pngs: Vec<Written>,
    /// What it was built from.
    pub sources: Sources,
    /// What its format gave up to fit, as warned when it was built.
    pub notes: Vec<String>,
    /// Whether it is current.
    pub status: Status,
}

/// An output the last build could not make, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotBuilt {
    /// Where it would have gone, relative to the output folder.
    pub path: PathBuf,
    /// Why not.
    pub error: String,
}

/// The whole folder as the manifest records it.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// Every output, by the path of its PDF (relative, `/` separated).
    pub entries: BTreeMap<String, Entry>,
    /// What the last build could not make.
    pub not_built: Vec<NotBuilt>,
    /// Why the earlier manifest could not be used, if it could not.
    pub unreadable: Option<String>,
    /// Entries of the earlier manifest left out, each with why: a path
    /// that is not a name inside the output folder (`/etc/passwd`,
    /// `../x.pdf`) is never read, hashed or linked.
    pub ignored: Vec<String>,
}

impl Manifest {
    /// The entries in path order.
    pub fn outputs(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// How many entries are stale.
    pub fn stale(&self) -> usize {
        self.outputs()
            .filter(|e| matches!(e.status, Status::Stale(_)))
            .count()
    }
}

/// What one build did, to merge into the manifest.
#[derive(Default)]
pub struct ThisBuild<'a> {
    /// The outputs it wrote.
    pub made: &'a [Output],
    /// The outputs it could not make: where they go, and why.
    pub failed: &'a [NotBuilt],
    /// The packs it read: id and [`Sources::pack_sha256`].
    pub packs: Vec<(String, String)>,
    /// The sites it read: id and [`Sources::site_sha256`] (a site file
    /// with errors too, hashed as it is now: its outputs are out of date
    /// when it has changed).
    pub sites: Vec<(String, String)>,
    /// Packs and sites it could not use because they have errors now:
    /// every earlier output of them is out of date.
    pub broken: &'a [Broken],
    /// Hash every earlier file, whatever its size and time say: after a
    /// build that was stopped before it wrote its manifest.
    pub verify: bool,
}

/// A pack, or a site with a pack, that a build could not use: it has
/// errors now, so no earlier output of it can be taken as current.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The pack's id.
    pub pack: String,
    /// The site's id, or `None` for every site of the pack (the pack has
    /// errors).
    pub site: Option<String>,
    /// Why, in a few words, naming the file.
    pub why: String,
}

impl Broken {
    fn covers(&self, a: &About) -> bool {
        a.pack == self.pack && self.site.as_ref().is_none_or(|s| *s == a.site)
    }
}

/// A path as the manifest writes it: relative, with `/`.
pub fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reads the manifest in `root`, merges `build` into it and writes it back
/// atomically. The caller holds the folder's lock.
pub fn update(root: &Path, build: &ThisBuild) -> Result<Manifest, WriteError> {
    let old = read_or_start(root);
    let merged = merge(old, root, build);
    write(root, &merged)?;
    Ok(merged)
}

/// The manifest in `root`, or an empty one that says why the one there
/// could not be read.
pub fn read_or_start(root: &Path) -> Manifest {
    match read(root) {
        Ok(m) => m,
        Err(why) => Manifest {
            unreadable: Some(why),
            ..Manifest::default()
        },
    }
}

/// The manifest as its file says it, with a new line at the end.
pub fn text(m: &Manifest) -> String {
    let mut text = serde_json::to_string_pretty(&to_json(m)).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes `m` as the manifest of `root`, atomically, and the files'
/// modification times beside it. The caller holds the folder's lock.
pub fn write(root: &Path, m: &Manifest) -> Result<(), WriteError> {
    write_atomic(&root.join(FILE_NAME), text(m).as_bytes())?;
    let times: BTreeMap<String, u64> = m
        .outputs()
        .flat_map(|e| std::iter::once(&e.pdf).chain(&e.pngs))
        .filter_map(|w| Some((key(&w.path), w.modified_ns?)))
        .collect();
    // The times only spare the next build some hashing: when they cannot
    // be written, the old ones go (a file they no longer describe is
    // hashed), and the build carries on.
    let times = serde_json::to_string(&times).unwrap_or_default();
    if write_atomic(&root.join(TIMES_NAME), times.as_bytes()).is_err() {
        let _ = fs::remove_file(root.join(TIMES_NAME));
    }
    Ok(())
}

/// The manifest in `root`: empty when there is none, `Err` with the reason
/// when there is one that cannot be read.
pub fn read(root: &Path) -> Result<Manifest, String> {
    let path = root.join(FILE_NAME);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
        Err(e) => return Err(format!("{} cannot be read: {e}", path.display())),
    };
    let mut m = from_json(&text).map_err(|e| {
        format!(
            "{} is not a manifest packpress can read: {e}",
            path.display()
        )
    })?;
    // Without the times (deleted, or from another machine) every file is
    // hashed once: slower, never wrong.
    let times: BTreeMap<String, u64> = fs::read_to_string(root.join(TIMES_NAME))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    for e in m.entries.values_mut() {
        for w in std::iter::once(&mut e.pdf).chain(e.pngs.iter_mut()) {
            w.modified_ns = times.get(&key(&w.path)).copied();
        }
    }
    Ok(m)
}

/// Merges what one build did into the earlier manifest: this build's
/// outputs replace their entries; every earlier entry whose PDF still
/// exists is kept, checked against its files and sources.
pub fn merge(old: Manifest, root: &Path, build: &ThisBuild) -> Manifest {
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let made: std::collections::BTreeSet<String> =
        build.made.iter().map(|o| key(&o.pdf.path)).collect();
    for (path, mut entry) in old.entries {
        if made.contains(&path) {
            continue;
        }
        let Some(status) = recheck(root, &mut entry, build) else {
            continue;
        };
        entry.status = status;
        entries.insert(path, entry);
    }
    for o in build.made {
        entries.insert(
            key(&o.pdf.path),
            Entry {
                about: o.about.clone(),
                pdf: o.pdf.clone(),
                pngs: o.pngs.clone(),
                sources: o.sources.clone(),
                notes: o.notes.clone(),
                status: Status::Made,
            },
        );
    }
    // What a pack or site with errors could not make again: its earlier
    // outputs, each once.
    let mut not_built = build.failed.to_vec();
    for e in entries.values() {
        if let Some(b) = build.broken.iter().find(|b| b.covers(&e.about)) {
            if !not_built.iter().any(|n| key(&n.path) == key(&e.pdf.path)) {
                not_built.push(NotBuilt {
                    path: e.pdf.path.clone(),
                    error: b.why.clone(),
                });
            }
        }
    }
    Manifest {
        entries,
        not_built,
        unreadable: old.unreadable,
        ignored: old.ignored,
    }
}

/// An earlier entry's status now, updating its records of files changed by
/// hand and dropping PNGs that are gone; `None` when its PDF is gone.
fn recheck(root: &Path, entry: &mut Entry, build: &ThisBuild) -> Option<Status> {
    let mut stale: Option<String> = None;
    let mut pdf_changed = false;
    match compare(root, &entry.pdf, build.verify) {
        Compared::Missing => return None,
        Compared::Same(now) => entry.pdf = now,
        Compared::Changed(now) => {
            entry.pdf = now;
            pdf_changed = true;
            stale = Some("the PDF was changed after packpress wrote it".to_string());
        }
    }
    let mut pngs = Vec::with_capacity(entry.pngs.len());
    for png in std::mem::take(&mut entry.pngs) {
        match compare(root, &png, build.verify) {
            Compared::Missing => {}
            Compared::Same(now) => pngs.push(now),
            Compared::Changed(now) => {
                stale.get_or_insert_with(|| {
                    "a PNG of it was changed after packpress wrote it".to_string()
                });
                pngs.push(now);
            }
        }
    }
    entry.pngs = pngs;
    let path = key(&entry.pdf.path);
    if let Some(f) = build.failed.iter().find(|f| key(&f.path) == path) {
        return Some(Status::Stale(if pdf_changed {
            format!(
                "not rebuilt: the last build could not finish it ({}); what is on disk may be partly new: rebuild it",
                f.error
            )
        } else {
            format!(
                "not rebuilt: the last build could not make it ({}); this is the earlier file",
                f.error
            )
        }));
    }
    let a = &entry.about;
    if let Some(b) = build.broken.iter().find(|b| b.covers(a)) {
        return Some(Status::Stale(b.why.clone()));
    }
    // Found on disk with no record of what it was built from: out of date
    // until rebuilt, whatever the packs say now.
    if entry.sources.pack_sha256.is_empty() {
        if let Status::Stale(why) = &entry.status {
            return Some(Status::Stale(why.clone()));
        }
    }
    let pack_changed = build
        .packs
        .iter()
        .any(|(id, sha)| *id == a.pack && *sha != entry.sources.pack_sha256);
    let site_changed = a.site != "generic"
        && build
            .sites
            .iter()
            .any(|(id, sha)| *id == a.site && Some(sha) != entry.sources.site_sha256.as_ref());
    if pack_changed {
        stale = Some(format!(
            "the pack `{}` has changed since this was built, and it was not rebuilt",
            a.pack
        ));
    } else if site_changed {
        stale = Some(format!(
            "the site file `{}` has changed since this was built, and it was not rebuilt",
            a.site
        ));
    }
    Some(match (stale, &entry.status) {
        (Some(why), _) => Status::Stale(why),
        // Once stale, stale until rebuilt: matching its record again does
        // not make an old phone number current.
        (None, Status::Stale(why)) => Status::Stale(why.clone()),
        (None, _) => Status::Earlier,
    })
}

/// What became of a recorded file.
enum Compared {
    /// Gone.
    Missing,
    /// As recorded (the record, with the file's time now).
    Same(Written),
    /// Different: the file as it is now.
    Changed(Written),
}

/// Compares a file with its record: size and modification time first;
/// only when either differs is it read and hashed. (A file rewritten with
/// the same size within the file system's time resolution passes as the
/// same, as it would for make or rsync.)
fn compare(root: &Path, rec: &Written, verify: bool) -> Compared {
    let path = root.join(&rec.path);
    // The entry's own type: a link (to a file elsewhere) is not an output
    // packpress wrote, and is never read.
    let Ok(meta) = fs::symlink_metadata(&path) else {
        return Compared::Missing;
    };
    if !meta.is_file() {
        return Compared::Missing;
    }
    let modified = modified_ns(&meta);
    if !verify && meta.len() == rec.bytes && modified.is_some() && modified == rec.modified_ns {
        return Compared::Same(rec.clone());
    }
    let Ok(bytes) = fs::read(&path) else {
        return Compared::Missing;
    };
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let now = Written {
        sha256,
        bytes: bytes.len() as u64,
        modified_ns: modified,
        ..rec.clone()
    };
    if now.sha256 == rec.sha256 {
        // Touched, not changed: keep the new time so the next build need
        // not read it again.
        Compared::Same(now)
    } else {
        Compared::Changed(now)
    }
}

mod json;

pub(super) use json::about_from_path;
use json::*;
pub use json::{entry_from_line, entry_line, unsafe_path};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_folder_are_not_names_in_it() {
        let ok = |p: &str| unsafe_path(p, &[".pdf", ".html"]).is_none();
        assert!(ok("e2ee/generic/parents/poster-a4.pdf"));
        assert!(ok("e2ee/hillside/parents/web-cy.html"));
        for bad in [
            "/etc/passwd",
            "../../../../etc/hostname",
            "e2ee/../../x.pdf",
            "e2ee/generic/../poster-a4.pdf",
            "C:/x/y/z.pdf",
            "e2ee\\generic\\parents\\poster-a4.pdf",
            "e2ee/generic/parents/.hidden.pdf",
            "e2ee/generic/poster-a4.pdf",
            "e2ee/generic/parents/notes.txt",
            "e2ee//parents/poster-a4.pdf",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }

    #[test]
    fn a_manifest_entry_outside_the_folder_is_ignored_with_why() {
        let text = r#"{"manifest": 2, "generator": "x", "outputs": [
            {"path": "/etc/passwd", "status": "made", "pack": "e2ee", "pack_title": "E",
             "site": "generic", "site_name": null, "audience": "parents", "audience_name": "P",
             "format": "poster", "paper": "a4", "style": "standard", "pages": 1, "bytes": 1,
             "sha256": "00", "pngs": [], "pack_sha256": "x", "site_sha256": null}
        ]}"#;
        let m = from_json(text).unwrap();
        assert!(m.entries.is_empty());
        assert_eq!(m.ignored.len(), 1);
        assert!(m.ignored[0].contains("/etc/passwd"), "{:?}", m.ignored);
    }

    #[test]
    fn what_an_output_is_is_read_back_from_its_name() {
        let a = about_from_path("e2ee/generic/parents/handout-a4-large-print-cy.pdf").unwrap();
        assert_eq!(
            (a.format, a.paper, a.style, a.languages.as_slice()),
            (
                Format::Handout,
                Some(Paper::A4),
                ReadingStyle::LargePrint,
                ["cy".to_string()].as_slice()
            )
        );
        let w = about_from_path("e2ee/x/parents/web-dyslexia.html").unwrap();
        assert_eq!(
            (w.format, w.paper, w.style),
            (Format::Web, None, ReadingStyle::Dyslexia)
        );
        let b = about_from_path("e2ee/x/parents/booklet-a4-cy+en-gb.pdf").unwrap();
        assert_eq!(b.languages, ["cy", "en-GB"]);
        assert!(about_from_path("e2ee/x/parents/notes-a4.pdf").is_none());
        assert!(about_from_path("../x/parents/poster-a4.pdf").is_none());
    }
}
