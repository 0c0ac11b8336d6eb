//! Writing a file into the output folder atomically (a temporary file,
//! then a rename), what was written, and the sweep of what a killed build
//! left.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::plan::{About, Sources};

/// An output folder or file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {}", .path.display(), reason(.source))]
pub struct WriteError {
    /// The path.
    pub path: PathBuf,
    /// What the system said.
    pub source: std::io::Error,
}

impl WriteError {
    /// What to do about it, for the folder `out`: the remedy for a full
    /// disk is not the remedy for a folder that cannot be written.
    pub fn help(&self, out: &Path) -> String {
        let out = out.display();
        match self.source.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => format!(
                "free some space on the disk that holds {out} (or choose a folder on another disk with -o), then build again"
            ),
            std::io::ErrorKind::ReadOnlyFilesystem => format!(
                "{out} is on a disk that cannot be written (mounted read-only, or a locked USB stick): choose another output folder with -o"
            ),
            std::io::ErrorKind::PermissionDenied => format!(
                "check that you may write into {out} (its permissions, or a file open in another program on Windows), or choose another output folder with -o"
            ),
            _ => format!(
                "check that {out} is a folder that can be written, or choose another output folder with -o"
            ),
        }
    }

    /// Whether it is the disk that is full: every later write into the
    /// folder fails the same way.
    pub fn disk_full(&self) -> bool {
        matches!(
            self.source.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        )
    }
}

/// What the system said, in words, without a library's own additions (the
/// temporary file's name, which nobody needs to see).
fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full (no space left on device)".to_string(),
        std::io::ErrorKind::QuotaExceeded => "the disk quota is used up".to_string(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            match text.split_once(" at path ") {
                Some((what, _)) => what.to_string(),
                None => text,
            }
        }
    }
}

/// A file written by a build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// Page count.
    pub pages: usize,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the contents, hex.
    pub sha256: String,
    /// When it was last modified, in nanoseconds since 1970, as the file
    /// system keeps it: with the size, how a later build tells that it is
    /// unchanged without reading it.
    pub modified_ns: Option<u64>,
}

/// An output written: its PDF, its PNGs, and what it is.
#[derive(Clone, Debug)]
pub struct Output {
    /// The PDF.
    pub pdf: Written,
    /// Its pages as PNGs, in page order (empty without `--png`).
    pub pngs: Vec<Written>,
    /// What it is.
    pub about: About,
    /// What it was built from.
    pub sources: Sources,
    /// What its format gave up to fit (each printed as a warning).
    pub notes: Vec<String>,
    /// How it grew within its format's range (each printed as a note).
    pub remarks: Vec<String>,
}

impl Output {
    /// The PDF and its PNGs.
    pub fn files(&self) -> impl Iterator<Item = &Written> {
        std::iter::once(&self.pdf).chain(&self.pngs)
    }
}

/// When a file was last modified, in nanoseconds since 1970.
pub fn modified_ns(meta: &fs::Metadata) -> Option<u64> {
    let since = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    u64::try_from(since.as_nanos()).ok()
}

/// What a temporary file of [`write_atomic`] is called: `.packpress-`,
/// random letters, `.tmp`. Fixed, so that [`remove_leftovers`] can find
/// what a killed build left; hidden, so that nobody prints one.
pub const TEMP_PREFIX: &str = ".packpress-";

/// The end of a temporary file's name (see [`TEMP_PREFIX`]).
pub const TEMP_SUFFIX: &str = ".tmp";

/// Writes to a temporary file beside `path`, then renames it into place: a
/// reader never sees half a file, and a failure leaves the old file intact
/// (the temporary file is removed when it is dropped).
///
/// The temporary file is made by `tempfile` in the same folder (a rename
/// does not cross file systems), with a random name and `O_EXCL`: a name
/// nobody can predict, and a link planted at it is never followed.
///
/// No fsync: waiting for the disk cost each file 1 to 4 ms here (most of a
/// poster build's wall time, and far more on an office PC's disk), and a
/// PDF lost to a power cut is rebuilt in milliseconds. Without it the
/// rename still replaces the old file whole: the file systems in use
/// (ext4's replace-by-rename, APFS, NTFS) write a renamed file's data
/// before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        source,
    })?;
    if path.is_dir() {
        return Err(err(std::io::Error::other("a folder is in the way")));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // tempfile makes its files 0600; an output is as readable as any file
    // the user makes (0666 less the umask), as it was before tempfile:
    // the school's shared drive or web server reads them.
    #[cfg(unix)]
    let everyone = {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(everyone);
    let mut tmp = builder.tempfile_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Whether a file name is one of packpress's temporary files: ours
/// ([`TEMP_PREFIX`]`*`[`TEMP_SUFFIX`]), or one that packpress before
/// version 0.1's atomic writes left (`.poster-a4.pdf.<pid>.tmp`: the
/// output's name, the process id).
pub fn is_leftover(name: &str) -> bool {
    if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
        return true;
    }
    let Some(inner) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    let Some((file, pid)) = inner.rsplit_once('.') else {
        return false;
    };
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && [".pdf", ".png", ".html", ".json"]
            .iter()
            .any(|ext| file.len() > ext.len() && file.ends_with(ext))
}

/// How deep below the output folder outputs are written:
/// `<pack>/<site>/<audience>/<file>`.
const OUTPUT_DEPTH: usize = 3;

/// Removes the temporary files ([`is_leftover`]) that a build killed
/// while writing left in the output folder `root`, down to
/// the folders outputs are written in, and returns how many it removed.
/// Only call it while holding the folder's lock: another build's files in
/// flight look the same. Best effort: what cannot be read or removed is
/// left, and a later build tries again.
pub fn remove_leftovers(root: &Path) -> usize {
    fn sweep(dir: &Path, depth: usize) -> usize {
        let Ok(entries) = fs::read_dir(dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            // The entry's own type: a link to a folder is not followed.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if kind.is_dir() {
                if depth < OUTPUT_DEPTH {
                    removed += sweep(&entry.path(), depth + 1);
                }
            } else if is_leftover(&name) && fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
    sweep(root, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("packpress-atomic-{}", std::process::id()));
        let path = dir.join("a/b.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_makes_files_as_readable_as_any_other() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster-a4.pdf");
        write_atomic(&path, b"%PDF").unwrap();
        let plain = dir.path().join("plain");
        fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
    }

    #[test]
    fn atomic_write_over_a_folder_fails_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("web.html")).unwrap();
        assert!(write_atomic(&dir.path().join("web.html"), b"x").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftovers_of_a_killed_build_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("e2ee/generic/parents");
        fs::create_dir_all(&deep).unwrap();
        let keep = [
            dir.path().join("manifest.json"),
            deep.join("poster-a4.pdf"),
            deep.join(".packpress-notes.txt"),
            deep.join("draft.tmp"),
        ];
        let gone = [
            dir.path().join(".packpress-a1B2c3.tmp"),
            deep.join(".packpress-x9Y8z7.tmp"),
        ];
        for p in keep.iter().chain(&gone) {
            fs::write(p, b"x").unwrap();
        }
        // Below the folders outputs go in: not ours to sweep.
        let deeper = deep.join("more");
        fs::create_dir(&deeper).unwrap();
        fs::write(deeper.join(".packpress-q.tmp"), b"x").unwrap();
        assert_eq!(remove_leftovers(dir.path()), 2);
        for p in &keep {
            assert!(p.exists(), "{}", p.display());
        }
        for p in &gone {
            assert!(!p.exists(), "{}", p.display());
        }
        assert!(deeper.join(".packpress-q.tmp").exists());
    }

    #[test]
    fn temporary_files_of_earlier_versions_are_recognised_and_nothing_else() {
        for yes in [
            ".packpress-a1B2c3.tmp",
            ".poster-a4.pdf.31337.tmp",
            ".manifest.json.7.tmp",
            ".leaflet-a4-2.png.12.tmp",
        ] {
            assert!(is_leftover(yes), "{yes}");
        }
        for no in [
            "poster-a4.pdf",
            ".poster-a4.pdf.tmp",
            ".notes.txt.1.tmp",
            ".pdf.1.tmp",
            ".poster-a4.pdf.12a.tmp",
            "draft.tmp",
        ] {
            assert!(!is_leftover(no), "{no}");
        }
    }
}
