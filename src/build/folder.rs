//! The output folder: each rendered output written (PDF and PNGs, each
//! atomically) under the folder's lock, then the manifest merged and the
//! contact sheet redrawn from it.
//!
//! What keeps the manifest true whatever happens (issue 24):
//! - when the lock is taken, a journal left by a build that stopped
//!   before its manifest is recovered ([`journal::recover`]: every output
//!   on disk listed, hashes verified), and temporary files are swept;
//! - before the first output is replaced, a manifest that would mark
//!   outputs out of date (their pack or site changed, or has errors now)
//!   is written with them marked, and with what this build will remake
//!   marked as being rebuilt: a build killed midway leaves no old phone
//!   number looking current;
//! - room for the manifest and contact sheet is set aside on the disk
//!   before the first output is written, and let go only to write them:
//!   a disk that fills with outputs still takes the manifest that lists
//!   them (a disk too full to set it aside is refused before anything is
//!   written);
//! - each output written is added to the journal, which goes once the
//!   manifest holds it.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::contact_sheet;
use super::journal::{self, Journal};
use super::manifest::{self, key, Broken, Entry, FolderLock, Manifest, Status};
use super::output::{
    modified_ns, remove_leftovers, write_atomic, Output, WriteError, Written, TEMP_PREFIX,
    TEMP_SUFFIX,
};
use super::render::Rendered;

/// What a build will read and make, known before it writes: what the
/// manifest needs to mark out of date before the first file is replaced.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// The packs read: id and source hash.
    pub packs: Vec<(String, String)>,
    /// The sites read (and those with errors, as they are now): id and
    /// source hash.
    pub sites: Vec<(String, String)>,
    /// Packs and sites with errors: their earlier outputs are out of date.
    pub broken: Vec<Broken>,
    /// Where this build's outputs go, relative to the folder.
    pub planned: Vec<PathBuf>,
}

/// The file that holds the room set aside for the manifest and contact
/// sheet while a build writes (a temporary file: a killed build's is
/// swept by the next).
pub const RESERVE_NAME: &str = ".packpress-reserve.tmp";

/// Room set aside per output this build makes, for its entry in the
/// manifest and its card on the contact sheet (each under 1 KB).
const RESERVE_PER_OUTPUT: u64 = 2 * 1024;

/// Room set aside besides: the times file, and a margin.
const RESERVE_EXTRA: u64 = 64 * 1024;

/// Writes outputs into one output folder, holding its lock from the first
/// file written until the manifest is merged ([`OutputFolder::finish`]):
/// two builds into one folder (a `watch` and a `build`) take turns, and
/// neither loses the other's entries. Nothing is created, not even the
/// folder, until there is something to write.
pub struct OutputFolder {
    root: PathBuf,
    inputs: Inputs,
    session: Mutex<Session>,
}

/// Where a build is with its folder.
enum Session {
    /// Nothing touched yet.
    Idle,
    /// Locked, the manifest read (and recovered), room set aside.
    Open(Open),
    /// The folder could not be made ready: nothing was written, and every
    /// write fails with this (path, kind, words).
    Refused(PathBuf, std::io::ErrorKind, String),
}

struct Open {
    _lock: FolderLock,
    /// The manifest as it stands: true to the folder and to this build's
    /// inputs, before this build's outputs.
    base: Manifest,
    journal: Journal,
}

impl OutputFolder {
    /// The output folder at `root` (not touched yet).
    pub fn new(root: &Path) -> OutputFolder {
        OutputFolder::with_inputs(root, Inputs::default())
    }

    /// The output folder at `root`, for a build with these inputs.
    pub fn with_inputs(root: &Path, inputs: Inputs) -> OutputFolder {
        OutputFolder {
            root: root.to_path_buf(),
            inputs,
            session: Mutex::new(Session::Idle),
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes the folder ready, once; waits while another build holds it.
    fn ready(&self, session: &mut Session) -> Result<(), WriteError> {
        ready(&self.root, &self.inputs, session)
    }

    /// Writes one rendered output: its PDF and PNGs, each atomically, and
    /// removes any earlier PNG of the same PDF that this build did not
    /// draw again (a PNG never outlives a change to its PDF).
    pub fn write(&self, r: &Rendered) -> Result<Output, WriteError> {
        self.ready(&mut self.session())?;
        let write = |rel: &Path, bytes: &[u8], pages: usize| -> Result<Written, WriteError> {
            let path = self.root.join(rel);
            write_atomic(&path, bytes)?;
            Ok(Written {
                path: rel.to_path_buf(),
                pages,
                bytes: bytes.len() as u64,
                sha256: format!("{:x}", Sha256::digest(bytes)),
                modified_ns: fs::symlink_metadata(&path)
                    .ok()
                    .as_ref()
                    .and_then(modified_ns),
            })
        };
        let pdf = write(&r.path, &r.bytes, r.pages)?;
        let mut pngs = Vec::with_capacity(r.pngs.len());
        for (path, bytes) in &r.pngs {
            match write(path, bytes, 1) {
                Ok(w) => pngs.push(w),
                Err(e) => {
                    // The PDF is new: no earlier PNG may stay beside it.
                    let _ = remove_pngs_of(&self.root, &r.path, &[]);
                    return Err(e);
                }
            }
        }
        if r.pngs.is_empty() {
            pngs = self.unchanged_pngs(&r.path, &pdf);
        }
        let keep: Vec<&Path> = pngs.iter().map(|w| w.path.as_path()).collect();
        remove_pngs_of(&self.root, &r.path, &keep)?;
        let output = Output {
            pdf,
            pngs,
            about: r.about.clone(),
            sources: r.sources.clone(),
            notes: r.notes.clone(),
            remarks: r.remarks.clone(),
        };
        if let Session::Open(open) = &mut *self.session() {
            open.journal.record(&made(&output));
        }
        Ok(output)
    }

    /// The PNGs an earlier build drew of the PDF at `rel`, when the PDF
    /// just written is the same, byte for byte, as the one they were drawn
    /// from, and each is still as that build wrote it: a build without
    /// `--png` keeps the picture a club has posted until its PDF changes.
    /// Empty otherwise (they are then removed: a PNG never outlives a
    /// change to its PDF).
    fn unchanged_pngs(&self, rel: &Path, pdf: &Written) -> Vec<Written> {
        let session = self.session();
        let Session::Open(open) = &*session else {
            return Vec::new();
        };
        let Some(earlier) = open.base.entries.get(&key(rel)) else {
            return Vec::new();
        };
        if earlier.pdf.sha256 != pdf.sha256 || earlier.pngs.is_empty() {
            return Vec::new();
        }
        let intact = earlier.pngs.iter().all(|w| {
            fs::read(self.root.join(&w.path))
                .is_ok_and(|bytes| format!("{:x}", Sha256::digest(&bytes)) == w.sha256)
        });
        if intact {
            earlier.pngs.clone()
        } else {
            Vec::new()
        }
    }

    /// Merges this build into `manifest.json` and redraws the contact
    /// sheet (`index.html`) from it, then lets the folder go. When nothing
    /// was written and the folder does not exist, nothing is made.
    pub fn finish(
        self,
        build: &manifest::ThisBuild,
    ) -> Result<Option<manifest::Manifest>, WriteError> {
        let mut session = self.session.into_inner().unwrap_or_else(|p| p.into_inner());
        if let Session::Idle = session {
            if !self.root.is_dir() {
                return Ok(None);
            }
        }
        ready(&self.root, &self.inputs, &mut session)?;
        let Session::Open(open) = session else {
            return Ok(None);
        };
        let root = &self.root;
        let broken: Vec<Broken> = build
            .broken
            .iter()
            .chain(&self.inputs.broken)
            .cloned()
            .collect();
        let merged = manifest::merge(
            open.base,
            root,
            &manifest::ThisBuild {
                made: build.made,
                failed: build.failed,
                packs: build.packs.clone(),
                sites: build.sites.clone(),
                broken: &broken,
                verify: false,
            },
        );
        // The room set aside is for what follows.
        let _ = fs::remove_file(root.join(RESERVE_NAME));
        write_listing(root, &merged)?;
        journal::close(root);
        drop(open._lock);
        Ok(Some(merged))
    }
}

/// Makes the folder ready for a build, once: a folder that cannot be made
/// ready refuses every write after, with the same error.
fn ready(root: &Path, inputs: &Inputs, session: &mut Session) -> Result<(), WriteError> {
    if let Session::Idle = session {
        *session = match open(root, inputs) {
            Ok(open) => Session::Open(open),
            Err(e) => Session::Refused(e.path, e.source.kind(), reason_words(&e.source)),
        };
    }
    match session {
        Session::Refused(path, kind, words) => Err(WriteError {
            path: path.clone(),
            source: std::io::Error::new(*kind, words.clone()),
        }),
        _ => Ok(()),
    }
}

/// The entry of an output this build made.
fn made(o: &Output) -> Entry {
    Entry {
        about: o.about.clone(),
        pdf: o.pdf.clone(),
        pngs: o.pngs.clone(),
        sources: o.sources.clone(),
        notes: o.notes.clone(),
        status: Status::Made,
    }
}

/// The system's words for an error, without the path (the error names it).
fn reason_words(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.split_once(" at path ") {
        Some((what, _)) => what.to_string(),
        None => text,
    }
}

/// Takes the folder's lock and makes it ready for this build: temporary
/// files swept, the manifest read (and recovered after a build that
/// stopped before its own), outputs whose inputs changed marked out of
/// date, room set aside for the listing, and the journal opened.
fn open(root: &Path, inputs: &Inputs) -> Result<Open, WriteError> {
    let lock = FolderLock::acquire(root)?;
    let interrupted = journal::interrupted(root);
    remove_leftovers(root);
    let mut read = manifest::read_or_start(root);
    if interrupted {
        journal::recover(root, &mut read);
    }
    let before: Vec<(String, bool)> = read
        .entries
        .iter()
        .map(|(k, e)| (k.clone(), matches!(e.status, Status::Stale(_))))
        .collect();
    let base = manifest::merge(
        read,
        root,
        &manifest::ThisBuild {
            packs: inputs.packs.clone(),
            sites: inputs.sites.clone(),
            broken: &inputs.broken,
            verify: interrupted,
            ..manifest::ThisBuild::default()
        },
    );
    let newly_stale = base.entries.iter().any(|(k, e)| {
        matches!(e.status, Status::Stale(_)) && !before.iter().any(|(b, stale)| b == k && *stale)
    });
    if interrupted || newly_stale {
        write_listing(root, &marked(&base, &inputs.planned))?;
    }
    reserve(root, inputs.planned.len())?;
    let journal = Journal::open(root).map_err(|source| WriteError {
        path: root.join(journal::JOURNAL_NAME),
        source,
    })?;
    Ok(Open {
        _lock: lock,
        base,
        journal,
    })
}

/// `m` with every output this build is about to remake that is not out of
/// date already marked as being rebuilt: what the manifest says while a
/// build runs, and after one that was stopped.
fn marked(m: &Manifest, planned: &[PathBuf]) -> Manifest {
    let mut m = m.clone();
    for p in planned {
        if let Some(e) = m.entries.get_mut(&key(p)) {
            if !matches!(e.status, Status::Stale(_)) {
                e.status = Status::Stale(
                    "being rebuilt: a build started to make it again and has not finished (if no build is running, it was stopped: build again)".to_string(),
                );
            }
        }
    }
    m
}

/// Writes the manifest and the contact sheet. On a full disk, the old
/// ones (which no longer describe the folder) are removed to make room,
/// and each is tried once more; one that still cannot be written is gone
/// rather than wrong.
fn write_listing(root: &Path, m: &Manifest) -> Result<(), WriteError> {
    let write = || -> Result<(), WriteError> {
        manifest::write(root, m)?;
        contact_sheet::write(root, m)
    };
    match write() {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = fs::remove_file(root.join(manifest::FILE_NAME));
            let _ = fs::remove_file(root.join(contact_sheet::FILE_NAME));
            let _ = fs::remove_file(root.join(manifest::TIMES_NAME));
            remove_leftovers_at_root(root);
            write().map_err(|_| e)
        }
    }
}

/// Removes the temporary files at the folder's top (those of a listing
/// that could not be written).
fn remove_leftovers_at_root(root: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Sets room aside on the disk for the manifest and contact sheet: a
/// file as large as the old ones and an entry for each output to make,
/// written (not merely sized: a sparse file reserves nothing).
fn reserve(root: &Path, outputs: usize) -> Result<(), WriteError> {
    let size_of = |name: &str| fs::metadata(root.join(name)).map_or(0, |m| m.len());
    let want = size_of(manifest::FILE_NAME)
        + size_of(contact_sheet::FILE_NAME)
        + size_of(manifest::TIMES_NAME)
        + RESERVE_PER_OUTPUT * outputs as u64
        + RESERVE_EXTRA;
    let path = root.join(RESERVE_NAME);
    let err = |source| WriteError {
        path: path.clone(),
        source,
    };
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&path)?;
        let block = vec![0u8; 64 * 1024];
        let mut left = want;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            f.write_all(&block[..n])?;
            left -= n as u64;
        }
        // The room must be on the disk, not promised: flushed to the file
        // system (not synced to the platter), which counts it as used.
        f.flush()
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&path);
        err(e)
    })
}

/// Removes the PNGs of the PDF at `pdf` (relative to `root`) that are not
/// in `keep`: `<stem>.png` and `<stem>-<n>.png` beside it.
fn remove_pngs_of(root: &Path, pdf: &Path, keep: &[&Path]) -> Result<(), WriteError> {
    let Some(stem) = pdf.file_stem().and_then(|s| s.to_str()) else {
        return Ok(());
    };
    let rel_dir = pdf.parent().unwrap_or(Path::new(""));
    let dir = root.join(rel_dir);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(stem).and_then(|r| r.strip_suffix(".png")) else {
            continue;
        };
        // `poster-a4.png`, or `leaflet-a4-2.png`; never another output's
        // (`poster-a4-large-print.png` has letters after the stem).
        let ours = rest.is_empty()
            || rest
                .strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let rel = rel_dir.join(name);
        if ours && !keep.contains(&rel.as_path()) {
            fs::remove_file(entry.path()).map_err(|source| WriteError {
                path: entry.path(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Writes rendered files under `out`, each atomically, PNGs beside their
/// PDF, and merges them into the manifest and contact sheet.
pub fn write_all(out: &Path, rendered: &[Rendered]) -> Result<Vec<Output>, WriteError> {
    let folder = OutputFolder::with_inputs(
        out,
        Inputs {
            planned: rendered.iter().map(|r| r.path.clone()).collect(),
            ..Inputs::default()
        },
    );
    let written = rendered
        .iter()
        .map(|r| folder.write(r))
        .collect::<Result<Vec<_>, _>>()?;
    folder.finish(&manifest::ThisBuild {
        made: &written,
        ..manifest::ThisBuild::default()
    })?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::plan::{About, Sources};
    use crate::formats::{Format, Paper};
    use crate::style::ReadingStyle;

    #[test]
    fn writing_into_an_output_folder_sweeps_a_killed_builds_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join("p/generic/parents/.packpress-k1ll3d.tmp");
        fs::create_dir_all(left.parent().unwrap()).unwrap();
        fs::write(&left, b"half a PDF").unwrap();
        let folder = OutputFolder::new(dir.path());
        let about = About {
            pack: "p".into(),
            pack_title: "P".into(),
            site: "generic".into(),
            site_name: None,
            audience: "parents".into(),
            audience_name: "Parents".into(),
            format: Format::Poster,
            paper: Some(Paper::A4),
            style: ReadingStyle::Standard,
            languages: vec!["en-GB".into()],
        };
        let rendered = Rendered {
            path: PathBuf::from("p/generic/parents/poster-a4.pdf"),
            bytes: b"%PDF-1.7".to_vec(),
            pages: 1,
            notes: Vec::new(),
            remarks: Vec::new(),
            pngs: Vec::new(),
            about,
            sources: Sources::default(),
        };
        folder.write(&rendered).unwrap();
        assert!(!left.exists());
        assert!(dir.path().join("p/generic/parents/poster-a4.pdf").exists());
    }
}
