//! The output folder: each rendered output written (PDF and PNGs, each
//! atomically) under the folder's lock, then the manifest merged and the
//! contact sheet redrawn from it.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::contact_sheet;
use super::manifest;
use super::output::{modified_ns, remove_leftovers, write_atomic, Output, WriteError, Written};
use super::render::Rendered;

/// Writes outputs into one output folder, holding its lock from the first
/// file written until the manifest is merged ([`OutputFolder::finish`]):
/// two builds into one folder (a `watch` and a `build`) take turns, and
/// neither loses the other's entries. Nothing is created, not even the
/// folder, until there is something to write.
pub struct OutputFolder {
    root: PathBuf,
    lock: std::sync::Mutex<Option<manifest::FolderLock>>,
}

impl OutputFolder {
    /// The output folder at `root` (not touched yet).
    pub fn new(root: &Path) -> OutputFolder {
        OutputFolder {
            root: root.to_path_buf(),
            lock: std::sync::Mutex::new(None),
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Makes the folder and takes its lock, once; waits while another
    /// build holds it.
    fn locked(&self) -> Result<(), WriteError> {
        let mut lock = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        if lock.is_none() {
            *lock = Some(lock_and_sweep(&self.root)?);
        }
        Ok(())
    }

    /// Writes one rendered output: its PDF and PNGs, each atomically, and
    /// removes any earlier PNG of the same PDF that this build did not
    /// draw again (a PNG never outlives a change to its PDF).
    pub fn write(&self, r: &Rendered) -> Result<Output, WriteError> {
        self.locked()?;
        let write = |rel: &Path, bytes: &[u8], pages: usize| -> Result<Written, WriteError> {
            let path = self.root.join(rel);
            write_atomic(&path, bytes)?;
            Ok(Written {
                path: rel.to_path_buf(),
                pages,
                bytes: bytes.len() as u64,
                sha256: format!("{:x}", Sha256::digest(bytes)),
                modified_ns: fs::metadata(&path).ok().as_ref().and_then(modified_ns),
            })
        };
        let pdf = write(&r.path, &r.bytes, r.pages)?;
        let pngs: Vec<Written> = r
            .pngs
            .iter()
            .map(|(path, bytes)| write(path, bytes, 1))
            .collect::<Result<_, _>>()?;
        let keep: Vec<&Path> = pngs.iter().map(|w| w.path.as_path()).collect();
        remove_pngs_of(&self.root, &r.path, &keep)?;
        Ok(Output {
            pdf,
            pngs,
            about: r.about.clone(),
            sources: r.sources.clone(),
            notes: r.notes.clone(),
        })
    }

    /// Merges this build into `manifest.json` and redraws the contact
    /// sheet (`index.html`) from it, then lets the folder go. When nothing
    /// was written and the folder does not exist, nothing is made.
    pub fn finish(
        self,
        build: &manifest::ThisBuild,
    ) -> Result<Option<manifest::Manifest>, WriteError> {
        let mut lock = self.lock.into_inner().unwrap_or_else(|p| p.into_inner());
        if lock.is_none() {
            if !self.root.is_dir() {
                return Ok(None);
            }
            lock = Some(lock_and_sweep(&self.root)?);
        }
        let merged = manifest::update(&self.root, build)?;
        contact_sheet::write(&self.root, &merged)?;
        drop(lock);
        Ok(Some(merged))
    }
}

/// Takes the output folder's lock, then removes what a killed build left
/// half-written ([`remove_leftovers`]): only now is no other build
/// writing there.
fn lock_and_sweep(root: &Path) -> Result<manifest::FolderLock, WriteError> {
    let lock = manifest::FolderLock::acquire(root)?;
    remove_leftovers(root);
    Ok(lock)
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
    let folder = OutputFolder::new(out);
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
            pngs: Vec::new(),
            about,
            sources: Sources::default(),
        };
        folder.write(&rendered).unwrap();
        assert!(!left.exists());
        assert!(dir.path().join("p/generic/parents/poster-a4.pdf").exists());
    }
}
