//! `packpress watch`: build, then rebuild what a change touches.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use packpress::english::count;

use super::args::BuildArgs;
use super::build::{execute, refused_json, report, Ui};
use super::config;
use super::output::{error, note, say, say_err, Outcome};

/// How long a burst of file events is gathered before one rebuild: an
/// editor's save is often several writes and a rename.
const WATCH_DEBOUNCE: Duration = Duration::from_millis(150);

/// Waits for the next burst of changes and returns the paths it touched:
/// from the first change until none has come for [`WATCH_DEBOUNCE`].
/// Only changes count: files opened or read (by the rebuild itself, among
/// others) are not, or every rebuild would start the next. `None` when
/// the watcher has stopped.
fn next_changes(
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
) -> Option<Vec<PathBuf>> {
    use notify::EventKind;
    use std::sync::mpsc::RecvTimeoutError;
    let is_change = |e: &notify::Event| {
        matches!(
            e.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
        )
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    loop {
        let next = if paths.is_empty() {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            rx.recv_timeout(WATCH_DEBOUNCE)
        };
        match next {
            Ok(Ok(event)) if is_change(&event) => {
                for p in event.paths {
                    if !paths.contains(&p) {
                        paths.push(p);
                    }
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => super::output::warning(&format!("watching: {e}")),
            Err(RecvTimeoutError::Timeout) => return Some(paths),
            Err(RecvTimeoutError::Disconnected) => return (!paths.is_empty()).then_some(paths),
        }
    }
}

/// What a change asks to rebuild.
#[derive(Debug, Default, PartialEq)]
struct Changed {
    /// Pack folders whose files changed (all their outputs, every site).
    packs: Vec<PathBuf>,
    /// Site files whose file changed (that site's outputs, every pack).
    sites: Vec<PathBuf>,
    /// A site folder's shared file (a logo) changed: every site.
    all_sites: bool,
}

/// Sorts changed paths into what they belong to. `packs` and `site` are
/// canonical; paths under `out` are the build's own and ignored.
fn classify(paths: &[PathBuf], packs: &[PathBuf], site: Option<&Path>, out: &Path) -> Changed {
    let mut changed = Changed::default();
    for path in paths {
        if path.starts_with(out) {
            continue;
        }
        if let Some(p) = packs.iter().find(|p| path.starts_with(p)) {
            if !changed.packs.contains(p) {
                changed.packs.push(p.clone());
            }
            continue;
        }
        let Some(site) = site else { continue };
        if site.is_file() {
            // One site file: it, or its logo beside it.
            if path == site || path.parent() == site.parent() {
                changed.all_sites = true;
            }
        } else if path.starts_with(site) {
            let toml = path.extension().is_some_and(|e| e == "toml");
            let file = if path.parent() == Some(site) && toml {
                Some(path.clone())
            } else {
                // `<folder>/site.toml` owns everything in its folder.
                path.strip_prefix(site)
                    .ok()
                    .and_then(|rel| rel.components().next())
                    .map(|first| site.join(first).join("site.toml"))
                    .filter(|f| f.is_file() && path.parent() != Some(site))
            };
            match file {
                Some(f) if !changed.sites.contains(&f) => changed.sites.push(f),
                Some(_) => {}
                None => changed.all_sites = true,
            }
        }
    }
    changed
}

/// Runs `watch`.
pub fn run(args: BuildArgs, quiet: bool) -> Outcome {
    use notify::{RecursiveMode, Watcher};
    let ui = Ui {
        quiet,
        json: args.json,
    };
    let dirs = match config::precheck(&args.select) {
        Ok(d) => d,
        Err(refused) => return refused.outcome,
    };
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let pack_roots: Vec<PathBuf> = dirs.iter().map(|d| canonical(d)).collect();
    let site_root = args.select.site.as_deref().map(canonical);
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        error(
            &format!("cannot make the output folder {}: {e}", args.out.display()),
            Some("choose another output folder with -o"),
        );
        return Outcome::Io;
    }
    let out_root = canonical(&args.out);

    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(d) => d,
        Err(e) => {
            error(&format!("cannot watch for changes: {e}"), None);
            return Outcome::Io;
        }
    };
    let mut watched = Vec::new();
    for dir in &pack_roots {
        watched.push((dir.clone(), RecursiveMode::Recursive));
    }
    if let Some(site) = &site_root {
        match site.is_dir() {
            true => watched.push((site.clone(), RecursiveMode::Recursive)),
            // Editors replace a file by renaming another over it: watch the
            // folder, not the file, or the watch ends at the first save.
            false => watched.push((
                site.parent().unwrap_or(Path::new(".")).to_path_buf(),
                RecursiveMode::NonRecursive,
            )),
        }
    }
    for (path, mode) in &watched {
        if let Err(e) = watcher.watch(path, *mode) {
            error(&format!("cannot watch {}: {e}", path.display()), None);
            return Outcome::Io;
        }
    }

    // One pass is one build of some packs for some sites; the manifest
    // merges each pass with everything built before, so the contact sheet
    // lists it all.
    let pass = |packs: &[PathBuf], site: Option<&Path>| {
        let started = Instant::now();
        let mut select = args.select.clone();
        select.packs = packs.to_vec();
        select.site = site.map(Path::to_path_buf);
        match execute(&args, &select, packs, ui) {
            Ok(run) if ui.json => report(&args, &run, ui, started, true),
            Ok(run) => {
                let mut line = format!(
                    "rebuilt {} in {} ms",
                    count(run.files(), "file"),
                    started.elapsed().as_millis()
                );
                if run.warnings > 0 {
                    line.push_str(&format!(", with {}", count(run.warnings, "warning")));
                }
                if run.failed() > 0 || !run.write_errors.is_empty() {
                    let n = run.failed() + run.write_errors.len();
                    say_err(&format!("{line}; {} (see above)", count(n, "failure")));
                } else if !quiet {
                    say(&line);
                }
            }
            Err(refused) => {
                if ui.json {
                    say(&refused_json(&args.out, &refused).to_string());
                }
                say_err(&format!(
                    "not rebuilt: fix the errors above and save again ({} ms)",
                    started.elapsed().as_millis()
                ));
            }
        }
    };
    pass(&dirs, args.select.site.as_deref());
    let names: Vec<String> = watched
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    let watching = format!("watching {} for changes (Ctrl-C stops)", names.join(", "));
    // Standard output is one JSON summary a line with --json.
    if ui.json {
        note(&watching, quiet);
    } else if !quiet {
        say(&watching);
    }
    while let Some(paths) = next_changes(&rx) {
        // Nobody reads what it prints any more (`watch | head`): stop.
        if super::output::stdout_gone() {
            break;
        }
        let changed = classify(&paths, &pack_roots, site_root.as_deref(), &out_root);
        if !changed.packs.is_empty() {
            pass(&changed.packs, args.select.site.as_deref());
        }
        // Packs rebuilt above already made every site's outputs for them.
        let rest: Vec<PathBuf> = pack_roots
            .iter()
            .filter(|p| !changed.packs.contains(p))
            .cloned()
            .collect();
        if rest.is_empty() {
            continue;
        }
        if changed.all_sites {
            pass(&rest, args.select.site.as_deref());
        } else {
            for site in &changed.sites {
                pass(&rest, Some(site));
            }
        }
    }
    Outcome::Ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_rebuilds_only_the_pack_or_site_that_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["packs/a/audiences", "packs/b", "sites/st-anne", "out"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("sites/hillside.toml"), "").unwrap();
        std::fs::write(root.join("sites/st-anne/site.toml"), "").unwrap();
        let packs = [root.join("packs/a"), root.join("packs/b")];
        let sites = root.join("sites");
        let out = root.join("out");
        let changed = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
            classify(&paths, &packs, Some(&sites), &out)
        };
        let c = changed(&["packs/a/audiences/parents.toml", "out/x.pdf"]);
        assert_eq!(c.packs, [root.join("packs/a")]);
        assert!(c.sites.is_empty() && !c.all_sites);
        let c = changed(&["sites/hillside.toml", "sites/st-anne/logo.png"]);
        assert!(c.packs.is_empty());
        assert_eq!(
            c.sites,
            [
                root.join("sites/hillside.toml"),
                root.join("sites/st-anne/site.toml")
            ]
        );
        assert!(changed(&["sites/shared-logo.png"]).all_sites);
        assert_eq!(changed(&["out/index.html"]), Changed::default());
    }
}
