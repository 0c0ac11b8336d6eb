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
    /// The sites it read: id and [`Sources::site_sha256`].
    pub sites: Vec<(String, String)>,
}

/// A path as the manifest writes it: relative, with `/`.
pub fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reads the manifest in `root`, merges `build` into it and writes it back
/// atomically. The caller holds the folder's lock.
pub fn update(root: &Path, build: &ThisBuild) -> Result<Manifest, WriteError> {
    let (old, unreadable) = match read(root) {
        Ok(m) => (m, None),
        Err(why) => (Manifest::default(), Some(why)),
    };
    let mut merged = merge(old, root, build);
    merged.unreadable = unreadable;
    let mut text = serde_json::to_string_pretty(&to_json(&merged)).unwrap_or_default();
    text.push('\n');
    let times: BTreeMap<String, u64> = merged
        .outputs()
        .flat_map(|e| std::iter::once(&e.pdf).chain(&e.pngs))
        .filter_map(|w| Some((key(&w.path), w.modified_ns?)))
        .collect();
    // The times first: a manifest newer than its times only costs the
    // next build some hashing, never a wrong answer.
    let times = serde_json::to_string(&times).unwrap_or_default();
    write_atomic(&root.join(TIMES_NAME), times.as_bytes())?;
    write_atomic(&root.join(FILE_NAME), text.as_bytes())?;
    Ok(merged)
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
    let made: Vec<String> = build.made.iter().map(|o| key(&o.pdf.path)).collect();
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
    Manifest {
        entries,
        not_built: build.failed.to_vec(),
        unreadable: None,
    }
}

/// An earlier entry's status now, updating its records of files changed by
/// hand and dropping PNGs that are gone; `None` when its PDF is gone.
fn recheck(root: &Path, entry: &mut Entry, build: &ThisBuild) -> Option<Status> {
    let mut stale: Option<String> = None;
    match compare(root, &entry.pdf) {
        Compared::Missing => return None,
        Compared::Same(now) => entry.pdf = now,
        Compared::Changed(now) => {
            entry.pdf = now;
            stale = Some("the PDF was changed after packpress wrote it".to_string());
        }
    }
    let mut pngs = Vec::with_capacity(entry.pngs.len());
    for png in std::mem::take(&mut entry.pngs) {
        match compare(root, &png) {
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
        return Some(Status::Stale(format!(
            "not rebuilt: the last build could not make it ({}); this is the earlier file",
            f.error
        )));
    }
    let a = &entry.about;
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
fn compare(root: &Path, rec: &Written) -> Compared {
    let path = root.join(&rec.path);
    let Ok(meta) = fs::metadata(&path) else {
        return Compared::Missing;
    };
    if !meta.is_file() {
        return Compared::Missing;
    }
    let modified = modified_ns(&meta);
    if meta.len() == rec.bytes && modified.is_some() && modified == rec.modified_ns {
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

#[derive(Serialize, Deserialize)]
struct ManifestJson {
    manifest: u32,
    generator: String,
    outputs: Vec<EntryJson>,
    #[serde(default)]
    not_built: Vec<NotBuiltJson>,
}

#[derive(Serialize, Deserialize)]
struct NotBuiltJson {
    path: String,
    error: String,
}

#[derive(Serialize, Deserialize)]
struct FileJson {
    path: String,
    #[serde(default = "one")]
    pages: usize,
    bytes: u64,
    sha256: String,
    #[serde(skip)]
    modified_ns: Option<u64>,
}

fn one() -> usize {
    1
}

#[derive(Serialize, Deserialize)]
struct EntryJson {
    path: String,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stale_because: Option<String>,
    pack: String,
    pack_title: String,
    site: String,
    site_name: Option<String>,
    audience: String,
    audience_name: String,
    format: String,
    /// `null` for the web page, which has no paper.
    #[serde(default)]
    paper: Option<String>,
    style: String,
    /// The language tags, the one read first first; absent in a manifest
    /// written before packpress knew languages (the pack's own).
    #[serde(default)]
    languages: Vec<String>,
    pages: usize,
    bytes: u64,
    sha256: String,
    #[serde(skip)]
    modified_ns: Option<u64>,
    pngs: Vec<FileJson>,
    #[serde(default)]
    notes: Vec<String>,
    pack_sha256: String,
    site_sha256: Option<String>,
}

fn file_json(w: &Written) -> FileJson {
    FileJson {
        path: key(&w.path),
        pages: w.pages,
        bytes: w.bytes,
        sha256: w.sha256.clone(),
        modified_ns: w.modified_ns,
    }
}

fn written(f: FileJson) -> Written {
    Written {
        path: PathBuf::from(f.path),
        pages: f.pages,
        bytes: f.bytes,
        sha256: f.sha256,
        modified_ns: f.modified_ns,
    }
}

fn to_json(m: &Manifest) -> ManifestJson {
    ManifestJson {
        manifest: VERSION,
        generator: concat!("packpress ", env!("CARGO_PKG_VERSION")).to_string(),
        outputs: m
            .outputs()
            .map(|e| {
                let a = &e.about;
                EntryJson {
                    path: key(&e.pdf.path),
                    status: e.status.name().to_string(),
                    stale_because: match &e.status {
                        Status::Stale(why) => Some(why.clone()),
                        _ => None,
                    },
                    pack: a.pack.clone(),
                    pack_title: a.pack_title.clone(),
                    site: a.site.clone(),
                    site_name: a.site_name.clone(),
                    audience: a.audience.clone(),
                    audience_name: a.audience_name.clone(),
                    format: a.format.name().to_string(),
                    paper: a.paper.map(|p| p.name().to_string()),
                    style: a.style.name().to_string(),
                    languages: a.languages.clone(),
                    pages: e.pdf.pages,
                    bytes: e.pdf.bytes,
                    sha256: e.pdf.sha256.clone(),
                    modified_ns: e.pdf.modified_ns,
                    pngs: e.pngs.iter().map(file_json).collect(),
                    notes: e.notes.clone(),
                    pack_sha256: e.sources.pack_sha256.clone(),
                    site_sha256: e.sources.site_sha256.clone(),
                }
            })
            .collect(),
        not_built: m
            .not_built
            .iter()
            .map(|n| NotBuiltJson {
                path: key(&n.path),
                error: n.error.clone(),
            })
            .collect(),
    }
}

/// The first manifests (packpress before manifest version 2) listed files
/// only: `{"generator", "files": [{"path", "pages", "bytes", "sha256"}]}`.
#[derive(Deserialize)]
struct ManifestV1 {
    files: Vec<FileJson>,
}

fn from_json(text: &str) -> Result<Manifest, String> {
    // Straight into the types (a manifest of thousands of outputs is
    // megabytes); only a file that is not version 2 is tried as version 1.
    let m: ManifestJson = match serde_json::from_str(text) {
        Ok(m) => m,
        Err(e) => {
            return match serde_json::from_str::<ManifestV1>(text) {
                Ok(v1) => Ok(from_v1(v1)),
                Err(_) => Err(e.to_string()),
            }
        }
    };
    if m.manifest > VERSION {
        return Err(format!(
            "it was written by a newer packpress (manifest version {})",
            m.manifest
        ));
    }
    let mut entries = BTreeMap::new();
    for e in m.outputs {
        // An entry that does not name a known format, paper or style (a
        // hand edit) is left out rather than refusing the whole manifest.
        let (Some(format), Some(style)) = (
            Format::from_name(&e.format),
            ReadingStyle::from_name(&e.style),
        ) else {
            continue;
        };
        // Every output has a paper but the web page.
        let paper = e.paper.as_deref().and_then(Paper::from_name);
        if paper.is_none() != (format == Format::Web) {
            continue;
        }
        let status = match e.status.as_str() {
            "stale" => Status::Stale(
                e.stale_because
                    .unwrap_or_else(|| "marked out of date".to_string()),
            ),
            "made" | "earlier" => Status::Earlier,
            _ => continue,
        };
        let pdf = Written {
            path: PathBuf::from(&e.path),
            pages: e.pages,
            bytes: e.bytes,
            sha256: e.sha256,
            modified_ns: e.modified_ns,
        };
        entries.insert(
            e.path,
            Entry {
                about: About {
                    pack: e.pack,
                    pack_title: e.pack_title,
                    site: e.site,
                    site_name: e.site_name,
                    audience: e.audience,
                    audience_name: e.audience_name,
                    format,
                    paper,
                    style,
                    languages: e.languages,
                },
                pdf,
                pngs: e.pngs.into_iter().map(written).collect(),
                sources: Sources {
                    pack_sha256: e.pack_sha256,
                    site_sha256: e.site_sha256,
                },
                notes: e.notes,
                status,
            },
        );
    }
    let not_built = m
        .not_built
        .into_iter()
        .map(|n| NotBuilt {
            path: PathBuf::from(n.path),
            error: n.error,
        })
        .collect();
    Ok(Manifest {
        entries,
        not_built,
        unreadable: None,
    })
}

/// A first-version manifest, as far as its paths tell: each PDF with the
/// PNGs named after it. What it was built from was not recorded, so each
/// is stale until rebuilt.
fn from_v1(v1: ManifestV1) -> Manifest {
    let mut entries = BTreeMap::new();
    let (pdfs, pngs): (Vec<FileJson>, Vec<FileJson>) =
        v1.files.into_iter().partition(|f| f.path.ends_with(".pdf"));
    for f in pdfs {
        let Some(about) = about_from_path(&f.path) else {
            continue;
        };
        let stem = f.path.trim_end_matches(".pdf").to_string();
        let mine: Vec<Written> = pngs
            .iter()
            .filter(|p| {
                p.path.strip_prefix(&stem).is_some_and(|rest| {
                    rest == ".png"
                        || rest
                            .strip_prefix('-')
                            .and_then(|r| r.strip_suffix(".png"))
                            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                })
            })
            .map(|p| {
                written(FileJson {
                    path: p.path.clone(),
                    pages: 1,
                    bytes: p.bytes,
                    sha256: p.sha256.clone(),
                    modified_ns: None,
                })
            })
            .collect();
        let path = f.path.clone();
        entries.insert(
            path,
            Entry {
                about,
                pdf: written(f),
                pngs: mine,
                sources: Sources::default(),
                notes: Vec::new(),
                status: Status::Stale(
                    "built by an earlier version of packpress, which did not record what it was built from: rebuild it to be sure it is current".to_string(),
                ),
            },
        );
    }
    Manifest {
        entries,
        not_built: Vec::new(),
        unreadable: None,
    }
}

/// What an output is, from its path
/// (`<pack>/<site>/<audience>/<format>-<paper>[-<style>].pdf`), with its
/// ids standing in for the names.
fn about_from_path(path: &str) -> Option<About> {
    let parts: Vec<&str> = path.split('/').collect();
    let [pack, site, audience, name] = parts.as_slice() else {
        return None;
    };
    let name = name.strip_suffix(".pdf")?;
    let (format, rest) = name.split_once('-')?;
    let (paper, style) = match rest.split_once('-') {
        Some((paper, style)) => (paper, ReadingStyle::from_name(style)?),
        None => (rest, ReadingStyle::Standard),
    };
    let format = Format::from_name(format)?;
    let paper = Some(Paper::from_name(paper)?);
    Some(About {
        pack: pack.to_string(),
        pack_title: pack.to_string(),
        site: site.to_string(),
        site_name: None,
        audience: audience.to_string(),
        audience_name: audience.to_string(),
        format,
        paper,
        style,
        languages: Vec::new(),
    })
}
