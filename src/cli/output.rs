//! How commands end and speak: exit codes, and the helpers every command
//! uses to find packs and print counts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use packpress::build::{self, LoadedPack};
use packpress::diagnostics::Report;
use packpress::pack::Date;

/// How a command ended.
pub enum Outcome {
    /// Everything asked for was done (exit 0).
    Ok,
    /// A pack, a site or an output has errors (exit 1).
    PackErrors,
    /// The command line is wrong (exit 2).
    Usage,
    /// Something could not be read or written (exit 3).
    Io,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Ok => 0,
            Outcome::PackErrors => 1,
            Outcome::Usage => 2,
            Outcome::Io => 3,
        })
    }
}

/// The pack folders given, or every pack under ./packs.
pub fn pack_dirs(given: Vec<PathBuf>) -> Result<Vec<PathBuf>, Outcome> {
    if !given.is_empty() {
        return Ok(given);
    }
    let root = Path::new("packs");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join("pack.toml").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    if dirs.is_empty() {
        eprintln!("error: no pack given, and no packs/*/pack.toml here");
        eprintln!("  help: run from a folder with a packs/ folder, or name a pack: packpress build path/to/pack");
        return Err(Outcome::Usage);
    }
    Ok(dirs)
}

/// Loads and checks packs, printing every finding.
pub fn load(dirs: &[PathBuf]) -> (Report, Option<Vec<LoadedPack>>) {
    let mut report = Report::new();
    let packs = build::load_packs(dirs, &mut report, Date::today());
    report.emit_stderr();
    (report, packs)
}

pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
