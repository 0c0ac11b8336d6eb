//! The journal a build keeps while it writes, and what the next build
//! does with it after a crash.
//!
//! A build holds the folder's lock from its first file to its manifest.
//! Meanwhile it appends one line to `OUT/.packpress-journal` for each
//! output it has written (PDF, PNGs, what it is, what it was built from,
//! their hashes), after the files are in place; the journal is removed
//! once the manifest and contact sheet are written. A journal found when
//! the lock is taken so means that the last build stopped before its
//! manifest (killed, a power cut, a full disk), and [`recover`] makes the
//! manifest true again before anything else: each journal line whose
//! files still hash to what it records becomes an entry again, and every
//! other output on disk that the manifest does not list is found, hashed
//! and listed, out of date, since nothing says what it was built from.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::manifest::{
    self, about_from_path, entry_from_line, entry_line, key, Entry, Manifest, Status,
};
use super::output::{is_leftover, modified_ns, Written};
use super::plan::Sources;

/// The journal's file name in the output folder.
pub const JOURNAL_NAME: &str = ".packpress-journal";

/// A journal being written: one line per output in place.
pub struct Journal {
    file: File,
}

impl Journal {
    /// Opens the folder's journal to append to (lines an interrupted build
    /// left stay, until a manifest holds them).
    pub fn open(root: &Path) -> std::io::Result<Journal> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(root.join(JOURNAL_NAME))?;
        Ok(Journal { file })
    }

    /// Records an output whose files are in place. Best effort: a line
    /// that cannot be written (a full disk) costs the next build some
    /// hashing after a crash, never a wrong entry, since every line is
    /// checked against the files it names.
    pub fn record(&mut self, entry: &Entry) {
        let _ = self.file.write_all(entry_line(entry).as_bytes());
    }
}

/// Whether the last build into `root` stopped before its manifest: its
/// journal is still there, or there is no manifest to trust.
pub fn interrupted(root: &Path) -> bool {
    root.join(JOURNAL_NAME).exists() || !root.join(manifest::FILE_NAME).is_file()
}

/// Removes the journal once a manifest holds everything it said.
pub fn close(root: &Path) {
    let _ = fs::remove_file(root.join(JOURNAL_NAME));
}

/// Makes `m` (the manifest as last written) true to the folder after an
/// interrupted build: the journal's outputs whose files still hash to
/// what it records are entries again; every PDF and web page on disk
/// that is not listed is found, hashed and listed as out of date; and
/// each listed output's PNGs are those on disk beside it.
pub fn recover(root: &Path, m: &mut Manifest) {
    let journal = fs::read_to_string(root.join(JOURNAL_NAME)).unwrap_or_default();
    // The last line for a path is the latest write.
    let mut lines: BTreeMap<String, Entry> = BTreeMap::new();
    for line in journal.lines() {
        if let Some(e) = entry_from_line(line) {
            lines.insert(key(&e.pdf.path), e);
        }
    }
    for (path, mut e) in lines {
        if verified(root, &mut e) {
            e.status = Status::Earlier;
            m.entries.insert(path, e);
        }
    }
    let on_disk = outputs_on_disk(root);
    for (pdf, pngs) in &on_disk {
        let path = key(pdf);
        match m.entries.get_mut(&path) {
            Some(e) => {
                // The pictures beside it are its own: a PNG another build
                // drew is listed (and hashed), one gone is dropped.
                let listed: BTreeSet<String> = e.pngs.iter().map(|p| key(&p.path)).collect();
                let found: BTreeSet<String> = pngs.iter().map(|p| key(p)).collect();
                if listed != found {
                    e.pngs = pngs.iter().filter_map(|p| hashed(root, p, 1)).collect();
                    if !matches!(e.status, Status::Stale(_)) {
                        e.status = Status::Stale(
                            "its PNGs are not those its build drew (a build was stopped while it wrote them): rebuild it".to_string(),
                        );
                    }
                }
            }
            None => {
                let Some(about) = about_from_path(&path) else {
                    continue;
                };
                let Some(pdf_file) = hashed(root, pdf, 0) else {
                    continue;
                };
                m.entries.insert(
                    path,
                    Entry {
                        about,
                        pdf: pdf_file,
                        pngs: pngs.iter().filter_map(|p| hashed(root, p, 1)).collect(),
                        sources: Sources::default(),
                        notes: Vec::new(),
                        status: Status::Stale(
                            "found in the output folder with no record of what it was built from (a build was stopped before it wrote its manifest): rebuild it before printing it".to_string(),
                        ),
                    },
                );
            }
        }
    }
}

/// Whether an entry's files are on disk as it records them, hashed in
/// full; its records then take the files' times.
fn verified(root: &Path, e: &mut Entry) -> bool {
    let check = |w: &mut Written| -> bool {
        match hashed(root, &w.path, w.pages) {
            Some(now) if now.sha256 == w.sha256 && now.bytes == w.bytes => {
                w.modified_ns = now.modified_ns;
                true
            }
            _ => false,
        }
    };
    check(&mut e.pdf) && e.pngs.iter_mut().all(check)
}

/// A file under `root` as a record: read and hashed. `pages` is what the
/// record says (0: unknown, counted from the PDF). `None` when it is not
/// a plain file (a link is never followed) or cannot be read.
fn hashed(root: &Path, rel: &Path, pages: usize) -> Option<Written> {
    let path = root.join(rel);
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let bytes = fs::read(&path).ok()?;
    let pages = if pages > 0 {
        pages
    } else if rel.extension().is_some_and(|e| e == "pdf") {
        count_pages(&bytes)
    } else {
        1
    };
    Some(Written {
        path: rel.to_path_buf(),
        pages,
        bytes: bytes.len() as u64,
        sha256: format!("{:x}", Sha256::digest(&bytes)),
        modified_ns: modified_ns(&meta),
    })
}

/// The pages of a PDF packpress wrote, as its page tree's `/Count` says,
/// looked for in the file and in its compressed object streams (1 when it
/// cannot tell: the count is for the contact sheet only).
fn count_pages(pdf: &[u8]) -> usize {
    fn in_text(text: &str) -> Option<usize> {
        let i = text
            .find("/Type /Pages")
            .or_else(|| text.find("/Type/Pages"))?;
        // The dictionary around it: from the `<<` before to the `>>` after.
        let start = text[..i].rfind("<<").unwrap_or(0);
        let end = text[i..].find(">>").map_or(text.len(), |e| i + e);
        let n = text[start..end].split("/Count").nth(1)?;
        n.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    }
    if let Some(n) = in_text(&String::from_utf8_lossy(pdf)) {
        return n;
    }
    let mut rest = pdf;
    while let Some(i) = find(rest, b"stream") {
        let mut body = &rest[i + 6..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
        let Some(end) = find(body, b"endstream") else {
            break;
        };
        let mut inflated = Vec::new();
        let mut z = flate2::read::ZlibDecoder::new(&body[..end]);
        if std::io::Read::read_to_end(&mut z, &mut inflated).is_ok() {
            if let Some(n) = in_text(&String::from_utf8_lossy(&inflated)) {
                return n;
            }
        }
        rest = &body[end + 9..];
    }
    1
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Every PDF and web page under `root` where outputs go
/// (`<pack>/<site>/<audience>/`), each with the PNGs beside it named
/// after it, relative to `root`. Hidden files, temporary files and links
/// are left out.
pub fn outputs_on_disk(root: &Path) -> Vec<(PathBuf, Vec<PathBuf>)> {
    let mut out = Vec::new();
    let dirs = |dir: &Path| -> Vec<(String, PathBuf)> {
        let Ok(entries) = fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut v: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .filter(|(n, _)| !n.starts_with('.'))
            .collect();
        v.sort();
        v
    };
    for (pack, pack_dir) in dirs(root) {
        for (site, site_dir) in dirs(&pack_dir) {
            for (audience, dir) in dirs(&site_dir) {
                let Ok(entries) = fs::read_dir(&dir) else {
                    continue;
                };
                let mut names: Vec<String> = entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.') && !is_leftover(n))
                    .collect();
                names.sort();
                let rel = |n: &str| -> PathBuf { [&pack, &site, &audience, n].iter().collect() };
                for name in &names {
                    let stem = if let Some(s) = name.strip_suffix(".pdf") {
                        s
                    } else if name.starts_with("web") && name.ends_with(".html") {
                        out.push((rel(name), Vec::new()));
                        continue;
                    } else {
                        continue;
                    };
                    let pngs: Vec<PathBuf> = names
                        .iter()
                        .filter(|n| {
                            n.strip_prefix(stem)
                                .and_then(|r| r.strip_suffix(".png"))
                                .is_some_and(|r| {
                                    r.is_empty()
                                        || r.strip_prefix('-').is_some_and(|d| {
                                            !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
                                        })
                                })
                        })
                        .map(|n| rel(n))
                        .collect();
                    out.push((rel(name), pngs));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_on_disk_are_found_with_their_pngs_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("e2ee/generic/parents");
        fs::create_dir_all(&d).unwrap();
        for n in [
            "poster-a4.pdf",
            "poster-a4.png",
            "leaflet-a4.pdf",
            "leaflet-a4-1.png",
            "leaflet-a4-2.png",
            "poster-a4-large-print.png",
            "web.html",
            "notes.txt",
            ".packpress-x.tmp",
        ] {
            fs::write(d.join(n), n).unwrap();
        }
        fs::write(dir.path().join("manifest.json"), "{}").unwrap();
        let found = outputs_on_disk(dir.path());
        let names: Vec<(String, Vec<String>)> = found
            .iter()
            .map(|(p, pngs)| (key(p), pngs.iter().map(|p| key(p)).collect()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "e2ee/generic/parents/leaflet-a4.pdf".to_string(),
                    vec![
                        "e2ee/generic/parents/leaflet-a4-1.png".to_string(),
                        "e2ee/generic/parents/leaflet-a4-2.png".to_string()
                    ]
                ),
                (
                    "e2ee/generic/parents/poster-a4.pdf".to_string(),
                    vec!["e2ee/generic/parents/poster-a4.png".to_string()]
                ),
                ("e2ee/generic/parents/web.html".to_string(), vec![]),
            ]
        );
    }

    #[test]
    fn pages_are_counted_from_the_page_tree() {
        assert_eq!(
            count_pages(b"1 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
            2
        );
        assert_eq!(count_pages(b"not a pdf"), 1);
    }
}
