//! `packpress build`: lay out, render and write every output asked for,
//! then the manifest and (with PNGs) the contact sheet.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use packpress::build::{self, Selection};
use packpress::contact_sheet;
use packpress::diagnostics::Report;
use packpress::pack::Date;

use super::args::BuildArgs;
use super::output::{count, pack_dirs, Outcome};

/// What became of one site's outputs (or of the generic ones).
enum SiteOutcome {
    /// Every output was written; with what formats left out (warnings).
    Written(Vec<build::Output>, Vec<String>),
    /// Some outputs failed to lay out or render; nothing was written.
    Failed(Vec<(build::Job, build::JobError)>),
    /// Writing failed.
    WriteFailed(build::WriteError),
}

/// How a build reports: what goes to the terminal.
#[derive(Copy, Clone)]
pub struct Ui {
    /// Only warnings and errors.
    pub quiet: bool,
    /// A JSON summary on stdout instead of lines.
    pub json: bool,
}

impl Ui {
    /// A progress bar only for a person watching a terminal.
    fn wants_progress(self) -> bool {
        !self.quiet && !self.json && std::io::stderr().is_terminal()
    }
}

/// What one pass of building made.
#[derive(Default)]
pub struct Run {
    /// The outputs written.
    pub outputs: Vec<build::Output>,
    /// Warnings printed.
    pub warnings: usize,
    /// Sites (or the generic set) that failed to lay out or load.
    pub failed: usize,
    /// Sites whose files could not be written.
    pub write_failures: usize,
    /// Whether a site was asked for (for the summary's wording).
    pub with_sites: bool,
    /// Whether a progress bar stood in for the per-file lines.
    pub showed_progress: bool,
}

/// The selection a build's options ask for.
fn selection(args: &BuildArgs) -> Selection {
    Selection {
        audiences: args.audiences.clone(),
        formats: args.formats.clone(),
        papers: args.papers.clone(),
        styles: args.styles.clone(),
        print: build::PrintOptions {
            bleed: packpress::units::Pt::mm(args.bleed.unwrap_or(0.0)),
            impose: !args.no_impose,
        },
        png: args.png,
    }
}

/// Loads `dirs` and the sites at `site`, lays out, renders and writes every
/// output, printing errors and warnings as it goes. `Err` when nothing
/// could be attempted (pack errors, a selection the packs do not have).
pub fn build_set(
    dirs: &[PathBuf],
    site: Option<&Path>,
    args: &BuildArgs,
    ui: Ui,
) -> Result<Run, Outcome> {
    let started = Instant::now();
    let mut report = Report::new();
    let Some(packs) = build::load_packs(dirs, &mut report, Date::today()) else {
        report.emit_stderr();
        eprintln!(
            "error: nothing was built: {} in the pack",
            count(report.error_count(), "error")
        );
        return Err(Outcome::PackErrors);
    };
    let sites = site.map(|p| build::load_sites(p, &packs, &mut report));
    report.emit_stderr();
    let selection = selection(args);
    let all_jobs = match build::plan(&packs, &selection, None) {
        Ok(j) => j.len(),
        Err(e) => {
            eprintln!("error: {e}");
            return Err(Outcome::Usage);
        }
    };
    let targets: Vec<Option<&packpress::pack::site::Site>> = match &sites {
        None => vec![None],
        Some(s) => s.sites.iter().map(Some).collect(),
    };
    let failed_sites = sites.as_ref().map_or(0, |s| s.failed.len());
    let site_is_file = site.is_some_and(|p| !p.is_dir());
    if targets.is_empty() || (site_is_file && failed_sites > 0) {
        eprintln!("error: nothing was built: the site has errors");
        return Err(Outcome::PackErrors);
    }

    // A bar only once the build has taken a moment: a quick build prints
    // its lines and is done, with no flicker.
    let bar = ui.wants_progress().then(|| {
        let bar = ProgressBar::with_draw_target(
            Some((all_jobs * targets.len()) as u64),
            ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files, {elapsed}") {
            bar.set_style(style);
        }
        bar
    });
    let shown = AtomicBool::new(false);
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
            if started.elapsed() > PROGRESS_AFTER && !shown.swap(true, Ordering::Relaxed) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    };

    // Lay out, render and write, site by site in parallel. A site is
    // written only when every one of its outputs rendered: a build with
    // errors never leaves a half-made set, nor replaces a good one.
    let outcomes: Vec<SiteOutcome> = targets
        .par_iter()
        .map(|site| {
            let jobs = build::plan(&packs, &selection, *site).unwrap_or_default();
            let (rendered, failed) = build::render_jobs_with(&packs, *site, &jobs, &tick);
            if !failed.is_empty() {
                return SiteOutcome::Failed(failed);
            }
            let notes = rendered
                .iter()
                .flat_map(|r| r.notes.iter().cloned())
                .collect();
            match build::write_all(&args.out, &rendered) {
                Ok(w) => SiteOutcome::Written(w, notes),
                Err(e) => SiteOutcome::WriteFailed(e),
            }
        })
        .collect();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }

    let mut run = Run {
        warnings: report.warning_count(),
        failed: failed_sites,
        with_sites: sites.is_some(),
        showed_progress: shown.load(Ordering::Relaxed),
        ..Run::default()
    };
    for (site, outcome) in targets.iter().zip(outcomes) {
        let prefix = site
            .map(|s| format!("site `{}`: ", s.id))
            .unwrap_or_default();
        match outcome {
            SiteOutcome::Written(w, notes) => {
                run.outputs.extend(w);
                for note in notes {
                    eprintln!("warning: {prefix}{note}");
                    run.warnings += 1;
                }
            }
            SiteOutcome::Failed(failed) => {
                run.failed += 1;
                for (_, e) in &failed {
                    eprintln!("error: {prefix}{e}");
                    if let build::JobError::Layout(fe) = e {
                        eprintln!("  help: {}", fe.help());
                    }
                }
                if let Some(s) = site {
                    eprintln!("error: nothing was built for the site `{}`", s.id);
                }
            }
            SiteOutcome::WriteFailed(e) => {
                run.write_failures += 1;
                eprintln!("error: {e}");
                eprintln!("  help: check that the output folder can be written, or choose another with -o");
            }
        }
    }
    Ok(run)
}

/// How long a build runs before its progress bar appears.
const PROGRESS_AFTER: Duration = Duration::from_millis(400);

/// Writes the manifest and, with PNGs, the contact sheet for `outputs`.
/// Returns how many of them could not be written.
pub fn write_indexes(out: &Path, outputs: &[build::Output], png: bool) -> usize {
    if outputs.is_empty() {
        return 0;
    }
    let mut failures = 0;
    if let Err(e) = build::write_manifest(out, outputs) {
        eprintln!("error: {e}");
        failures += 1;
    }
    if png {
        if let Err(e) = contact_sheet::write(out, outputs) {
            eprintln!("error: {e}");
            failures += 1;
        }
    }
    failures
}

pub fn run(args: BuildArgs, quiet: bool) -> Outcome {
    let started = Instant::now();
    if let Some(n) = args.jobs {
        // Only fails if a pool exists already, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let ui = Ui {
        quiet,
        json: args.json,
    };
    let dirs = match pack_dirs(args.packs.clone()) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut run = match build_set(&dirs, args.site.as_deref(), &args, ui) {
        Ok(r) => r,
        Err(o) => {
            // A script reading --json gets an answer even when nothing was
            // built; the reasons are on stderr, as always.
            if ui.json {
                let summary = serde_json::json!({
                    "out": args.out.to_string_lossy().replace('\\', "/"),
                    "files": [],
                    "error": match o {
                        Outcome::Usage => "the command line is wrong",
                        _ => "nothing was built: the pack or site has errors",
                    },
                });
                println!("{summary}");
            }
            return o;
        }
    };
    run.write_failures += write_indexes(&args.out, &run.outputs, args.png.is_some());
    let files: usize = run.outputs.iter().map(|o| o.files().count()).sum();
    if ui.json {
        print_json(&args, &run);
    } else if !quiet {
        if !run.showed_progress {
            for w in run.outputs.iter().flat_map(build::Output::files) {
                println!(
                    "wrote {} ({}, {} KB)",
                    args.out.join(&w.path).display(),
                    count(w.pages, "page"),
                    w.bytes.div_ceil(1024)
                );
            }
        }
        if run.showed_progress && !run.outputs.is_empty() {
            println!(
                "wrote the files under {}; {} lists them",
                args.out.display(),
                args.out.join("manifest.json").display()
            );
        }
        if args.png.is_some() && !run.outputs.is_empty() {
            println!(
                "wrote {} (open it to pick what to print)",
                args.out.join("index.html").display()
            );
        }
    }
    if run.outputs.is_empty() && run.failed > 0 && run.write_failures == 0 {
        eprintln!("error: nothing was built");
    } else if !quiet && !ui.json {
        println!(
            "built {} in {:.2} s{}{}",
            count(files, "file"),
            started.elapsed().as_secs_f64(),
            match run.warnings {
                0 => String::new(),
                n => format!(", with {}", count(n, "warning")),
            },
            match (run.with_sites, run.failed) {
                (true, f) if f > 0 => format!("; {} failed", count(f, "site")),
                _ => String::new(),
            }
        );
    }
    if run.write_failures > 0 {
        Outcome::Io
    } else if run.failed > 0 {
        Outcome::PackErrors
    } else {
        Outcome::Ok
    }
}

/// The `--json` summary: every output with what it is and where its files
/// went, paths as written (under OUT).
fn print_json(args: &BuildArgs, run: &Run) {
    let slash = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let files: Vec<serde_json::Value> = run
        .outputs
        .iter()
        .map(|o| {
            let a = &o.about;
            serde_json::json!({
                "path": slash(&args.out.join(&o.pdf.path)),
                "pack": a.pack,
                "site": a.site,
                "audience": a.audience,
                "format": a.format.name(),
                "paper": a.paper.name(),
                "style": a.style.name(),
                "pages": o.pdf.pages,
                "bytes": o.pdf.bytes,
                "sha256": o.pdf.sha256,
                "pngs": o.pngs.iter().map(|p| slash(&args.out.join(&p.path))).collect::<Vec<_>>(),
            })
        })
        .collect();
    let has = !run.outputs.is_empty();
    let summary = serde_json::json!({
        "out": slash(&args.out),
        "files": files,
        "manifest": has.then(|| slash(&args.out.join("manifest.json"))),
        "index": (has && args.png.is_some()).then(|| slash(&args.out.join("index.html"))),
        "warnings": run.warnings,
        "failed": run.failed + run.write_failures,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&summary).unwrap_or_default()
    );
}
