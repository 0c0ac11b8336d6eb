//! `packpress build`: lay out, render and write every output asked for.
//! Every output that succeeds is written; each that fails is reported with
//! its reason and leaves its earlier file as it was. The manifest and the
//! contact sheet then describe the whole output folder.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use packpress::build::manifest::{self, Manifest, NotBuilt};
use packpress::build::{self, About, Output, OutputFolder, Skipped, Spread};
use packpress::english::{agree, count, join_and};

use super::args::{BuildArgs, Select};
use super::config::{self, skip_notes, Refused};
use super::digest;
use super::output::{error, note, say, say_err, warning, Outcome};

/// How many growth notes a build prints in full before it sums them up.
const NOTES_IN_FULL: usize = 4;

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

/// An output that could not be made.
pub struct Failure {
    /// Where it would have gone, relative to the output folder.
    pub path: PathBuf,
    /// What it is.
    pub about: About,
    /// Why not.
    pub error: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Whether an earlier file of the same name is still there (kept, and
    /// marked out of date in the manifest).
    pub kept_earlier: bool,
}

/// What one build made, and what it could not.
pub struct Run {
    /// The outputs written.
    pub made: Vec<Output>,
    /// The outputs that failed to lay out or render.
    pub failures: Vec<Failure>,
    /// Files or folders that could not be written: the path and why.
    pub write_errors: Vec<(PathBuf, String)>,
    /// Site files with errors (left out): the file and its errors.
    pub failed_sites: Vec<(PathBuf, Vec<String>)>,
    /// Packs with errors (left out): the folder and its errors.
    pub failed_packs: Vec<(PathBuf, Vec<String>)>,
    /// What the defaults asked for that a format does not make.
    pub skipped: Vec<Skipped>,
    /// Warnings printed.
    pub warnings: usize,
    /// The output folder's manifest after this build, if one was written.
    pub manifest: Option<Manifest>,
    /// Whether a progress bar stood in for the per-file lines.
    pub showed_progress: bool,
    /// Whether this build drew PNGs (`--png`): without it, the PNGs an
    /// output lists are earlier ones kept beside an unchanged PDF.
    pub drew_pngs: bool,
}

impl Run {
    /// The exit code: 3 when something could not be written, 1 when
    /// anything failed, else 0.
    pub fn outcome(&self) -> Outcome {
        if !self.write_errors.is_empty() {
            Outcome::Io
        } else if self.failed() > 0 {
            Outcome::PackErrors
        } else {
            Outcome::Ok
        }
    }

    /// How many things failed: outputs, sites and packs.
    pub fn failed(&self) -> usize {
        self.failures.len() + self.failed_sites.len() + self.failed_packs.len()
    }

    /// How many files were written (a PNG kept from an earlier build is
    /// not).
    pub fn files(&self) -> usize {
        self.made
            .iter()
            .map(|o| 1 + if self.drew_pngs { o.pngs.len() } else { 0 })
            .sum()
    }
}

/// How long a build runs before its progress bar appears.
const PROGRESS_AFTER: Duration = Duration::from_millis(400);

/// How many threads a build or check uses: those asked for with `-j` (or
/// one per core), never more than the cores, nor than the outputs to
/// make: `-j 4096` on two cores starts two.
pub fn threads(asked: Option<u16>, work: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    asked
        .map_or(cores, usize::from)
        .min(cores)
        .min(work.max(1))
        .max(1)
}

/// Runs `f` on a pool of `n` threads of its own (no global pool: each
/// build, and each `watch` pass, sizes its own); on the calling thread if
/// no pool can be made.
pub fn in_pool<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Runs `build`.
pub fn run(args: BuildArgs, quiet: bool) -> Outcome {
    let started = Instant::now();
    let ui = Ui {
        quiet,
        json: args.json,
    };
    let result =
        config::precheck(&args.select).and_then(|dirs| execute(&args, &args.select, &dirs, ui));
    match result {
        Ok(run) => {
            report(&args, &run, ui, started, false);
            run.outcome()
        }
        Err(refused) => {
            if refused.outcome == Outcome::PackErrors {
                error(&refused.why, None);
            }
            if ui.json {
                print_refused(&args.out, &refused);
            }
            refused.outcome
        }
    }
}

/// Errors said once: one folder that cannot be written fails every file
/// in it, and is reported once; after a full disk has been reported, the
/// other files it stopped are counted, and said in one line at the end.
#[derive(Default)]
struct Said {
    said: std::sync::Mutex<Vec<String>>,
    full: std::sync::atomic::AtomicUsize,
}

impl Said {
    /// Prints an error with its help, unless the same was said already.
    fn error(&self, message: &str, help: &str) {
        let mut said = self.said.lock().unwrap_or_else(|p| p.into_inner());
        if !said.iter().any(|m| m == message) {
            said.push(message.to_string());
            error(message, Some(help));
        }
    }

    /// Reports a file that could not be written.
    fn unwritten(&self, e: &build::WriteError, out: &Path) {
        if e.disk_full() && self.full.fetch_add(1, Ordering::Relaxed) > 0 {
            return;
        }
        self.error(&e.to_string(), &e.help(out));
    }

    /// The files a full disk stopped, after the first (said already).
    fn more_full(&self) -> usize {
        self.full.load(Ordering::Relaxed).saturating_sub(1)
    }
}

/// A build refused for errors in its packs or sites still keeps its output
/// folder's manifest true: their earlier outputs are marked out of date.
/// Returns the refusal, its outcome 3 when the manifest could not be
/// written.
fn record_refused(args: &BuildArgs, mut refused: Refused, ui: Ui) -> Refused {
    let Some(folder) = refused.folder.take() else {
        return refused;
    };
    let (inputs, damage) = *folder;
    if !args.out.is_dir() {
        return refused;
    }
    let packs = inputs.packs.clone();
    let sites = inputs.sites.clone();
    let folder = OutputFolder::with_inputs(&args.out, inputs);
    let this = manifest::ThisBuild {
        made: &[],
        failed: &damage.not_built,
        packs,
        sites,
        broken: &damage.broken,
        verify: false,
    };
    match folder.finish(&this) {
        Ok(Some(m)) => stale_note(&args.out, &m, ui),
        Ok(None) => {}
        Err(e) => {
            error(&e.to_string(), Some(&e.help(&args.out)));
            refused.outcome = Outcome::Io;
        }
    }
    refused
}

/// One build of `select` (whose packs are `dirs`): load, plan, lay out,
/// render, write, and merge the manifest. Errors and warnings are printed
/// as they are found; `Err` when nothing at all could be made.
pub fn execute(
    args: &BuildArgs,
    select: &Select,
    dirs: &[PathBuf],
    ui: Ui,
) -> Result<Run, Refused> {
    let started = Instant::now();
    // The analysis of the writing (reading age, long sentences) only warns:
    // it is `check`'s, and a build does not spend time on it.
    let load = config::Load {
        png: args.png,
        checks: packpress::build::Checks::Build,
        quiet: ui.quiet,
    };
    let config = match config::resolve(select, dirs, load) {
        Ok(c) => c,
        Err(refused) => return Err(record_refused(args, refused, ui)),
    };
    for (what, reason) in skip_notes(config.skipped()) {
        note(&format!("skipped {what}: {reason}"), ui.quiet);
    }
    let folder = OutputFolder::with_inputs(&args.out, config.inputs());
    let said = Said::default();

    // A bar only once the build has taken a moment: a quick build prints
    // its lines and is done, with no flicker.
    let bar = ui.wants_progress().then(|| {
        let bar = ProgressBar::with_draw_target(
            Some(config.job_count() as u64),
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

    // Lay out, render and write: each output that rendered is written,
    // whatever became of the others, and a site's rendered files are held
    // only until they are written. With as many sites as threads, sites
    // are built side by side, each in turn; with fewer, one after another,
    // each spread over the threads.
    let threads = threads(select.jobs, config.job_count());
    let spread = if config.plans.len() >= threads {
        Spread::InTurn
    } else {
        Spread::Threads
    };
    let one_site = |(target, plan): &(Option<usize>, build::Plan)| -> Done {
        let site = config.site(*target).map(|s| &s.site);
        let (rendered, failed) =
            build::render_jobs_with(&config.packs, site, &plan.jobs, spread, &tick);
        let mut made = Vec::with_capacity(rendered.len());
        let mut unwritten = Vec::new();
        for r in &rendered {
            match folder.write(r) {
                Ok(o) => made.push(o),
                Err(e) => {
                    said.unwritten(&e, &args.out);
                    unwritten.push((r.path.clone(), e));
                }
            }
        }
        (made, failed, unwritten)
    };
    let done: Vec<Done> = in_pool(threads, || match spread {
        Spread::InTurn => config.plans.par_iter().map(one_site).collect(),
        Spread::Threads => config.plans.iter().map(one_site).collect(),
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }

    let mut run = Run {
        made: Vec::new(),
        failures: Vec::new(),
        write_errors: Vec::new(),
        failed_sites: config
            .sites
            .iter()
            .flat_map(|s| &s.failed)
            .map(|f| (f.clone(), config.errors_in(f)))
            .collect(),
        failed_packs: config
            .failed_packs
            .iter()
            .map(|p| (p.clone(), config.errors_in(p)))
            .collect(),
        skipped: config.skipped().to_vec(),
        warnings: config.report.warning_count(),
        manifest: None,
        showed_progress: shown.load(Ordering::Relaxed),
        drew_pngs: args.png.is_some(),
    };
    let mut not_built: Vec<NotBuilt> = config.damage.not_built.clone();
    let mut noted = Vec::new();
    let mut remarks: Vec<String> = Vec::new();
    for ((target, _), (made, failed, unwritten)) in config.plans.iter().zip(done) {
        let site = config.site(*target).map(|s| s.site.id.clone());
        for o in &made {
            for note in &o.notes {
                noted.push(digest::Noted {
                    about: o.about.clone(),
                    site: site.clone(),
                    note: note.clone(),
                    many_languages: config.many_languages(&o.about.pack),
                });
            }
        }
        // Growing within a format's range is by design: said in notes,
        // not warned.
        for o in &made {
            let prefix = digest::prefix(
                site.as_deref(),
                &o.about,
                config.many_languages(&o.about.pack),
            );
            remarks.extend(o.remarks.iter().map(|r| format!("{prefix}{r}")));
        }
        for (job, e) in failed {
            let kept_earlier = args.out.join(&job.path).is_file();
            let prefix = digest::prefix(
                site.as_deref(),
                &job.about,
                config.many_languages(&job.about.pack),
            );
            error(&format!("{prefix}{e}"), e.help().as_deref());
            if kept_earlier {
                say_err(&format!(
                    "  note: not rebuilt: the earlier {} is kept, marked out of date in the manifest",
                    args.out.join(&job.path).display()
                ));
            }
            not_built.push(NotBuilt {
                path: job.path.clone(),
                error: e.to_string(),
            });
            run.failures.push(Failure {
                path: job.path.clone(),
                about: job.about.clone(),
                error: e.to_string(),
                help: e.help(),
                kept_earlier,
            });
        }
        for (rel, e) in unwritten {
            not_built.push(NotBuilt {
                path: rel,
                error: e.to_string(),
            });
            run.write_errors.push((e.path.clone(), e.to_string()));
        }
        run.made.extend(made);
    }
    run.warnings += digest::print(&noted, select.explain);
    // A few growth notes in full; many (a folder of schools) in one line.
    if select.explain || remarks.len() <= NOTES_IN_FULL {
        for r in &remarks {
            note(r, ui.quiet || ui.json);
        }
    } else {
        note(
            &format!(
                "{} made room within their format to hold everything (more pages, larger cards, help moved inside, or a card of the school's own); run with --explain for each",
                count(remarks.len(), "output")
            ),
            ui.quiet || ui.json,
        );
    }
    for (file, _) in &run.failed_sites {
        error(
            &format!(
                "nothing was built for the site file {}: it has errors (above)",
                file.display()
            ),
            None,
        );
    }
    for (dir, _) in &run.failed_packs {
        error(
            &format!(
                "nothing was built for the pack {}: it has errors (above)",
                dir.display()
            ),
            None,
        );
    }

    if said.more_full() > 0 {
        error(
            &format!(
                "{} more {} could not be written: the disk is full",
                said.more_full(),
                agree(said.more_full() > 1, "output", "outputs")
            ),
            Some("they are listed in the manifest's not_built, and their earlier files (if any) are marked out of date"),
        );
    }
    let this = manifest::ThisBuild {
        made: &run.made,
        failed: &not_built,
        packs: config.pack_sources(),
        sites: config.site_sources(),
        broken: &[],
        verify: false,
    };
    match folder.finish(&this) {
        Ok(m) => run.manifest = m,
        Err(e) => {
            said.error(&e.to_string(), &e.help(&args.out));
            if !run.made.is_empty() {
                say_err(&format!(
                    "  note: the {} written are not listed in a manifest yet: the next build into {} lists every file it finds there",
                    count(run.files(), "file"),
                    args.out.display()
                ));
            }
            run.write_errors.push((e.path.clone(), e.to_string()));
        }
    }
    if let Some(m) = &run.manifest {
        if let Some(why) = &m.unreadable {
            warning(&format!(
                "{why}; it was started again from the files in the folder"
            ));
            run.warnings += 1;
        }
        for why in &m.ignored {
            warning(&format!(
                "{}: {why}; it was left out of the manifest, and nothing at that path was read or linked",
                args.out.join(manifest::FILE_NAME).display()
            ));
            run.warnings += 1;
        }
    }
    Ok(run)
}

/// What one site's part of a build made: its outputs written, the jobs
/// that failed, and the outputs that rendered but could not be written
/// (where each would go, and why).
type Done = (
    Vec<Output>,
    Vec<(build::Job, build::JobError)>,
    Vec<(PathBuf, build::WriteError)>,
);

/// The note that outputs in the folder are out of date: a few by name.
fn stale_note(out: &Path, m: &Manifest, ui: Ui) {
    let stale: Vec<String> = m
        .outputs()
        .filter(|e| matches!(e.status, manifest::Status::Stale(_)))
        .map(|e| out.join(&e.pdf.path).display().to_string())
        .collect();
    if stale.is_empty() || ui.json {
        return;
    }
    // A few by name; a folder of hundreds would bury the build's own
    // lines.
    const NAMED: usize = 5;
    let mut named: Vec<String> = stale.iter().take(NAMED).cloned().collect();
    if stale.len() > NAMED {
        named.push(format!("{} more", stale.len() - NAMED));
    }
    note(
        &format!(
            "{} in {} {} out of date, and marked so in its manifest and contact sheet: {}",
            count(stale.len(), "output"),
            out.display(),
            agree(stale.len() > 1, "is", "are"),
            join_and(&named)
        ),
        ui.quiet,
    );
}

/// Prints what a build did: a line per file (or where they went, after a
/// progress bar), and a summary; or the JSON summary.
pub fn report(args: &BuildArgs, run: &Run, ui: Ui, started: Instant, one_line: bool) {
    if let Some(m) = &run.manifest {
        stale_note(&args.out, m, ui);
    }
    if ui.json {
        print_json(args, run, one_line);
        return;
    }
    if !ui.quiet {
        if !run.showed_progress {
            for o in &run.made {
                // A web page has no pages: it is one screen of any length.
                let paged = o.about.paper.is_some();
                for w in o.files() {
                    let png = w.path.extension().is_some_and(|e| e == "png");
                    if png && !run.drew_pngs {
                        say(&format!(
                            "kept {} (its PDF is the same as when it was drawn)",
                            args.out.join(&w.path).display()
                        ));
                        continue;
                    }
                    let size = format!("{} KB", w.bytes.div_ceil(1024));
                    // A PNG is a picture of one page; a web page has none.
                    let what = if paged && !png {
                        format!("{}, {size}", count(w.pages, "page"))
                    } else {
                        size
                    };
                    say(&format!(
                        "wrote {} ({what})",
                        args.out.join(&w.path).display()
                    ));
                }
            }
        }
        if run.showed_progress && !run.made.is_empty() {
            say(&format!(
                "wrote the files under {}; {} lists them",
                args.out.display(),
                args.out.join(manifest::FILE_NAME).display()
            ));
        }
        if args.png.is_some() && run.manifest.is_some() {
            say(&format!(
                "wrote {} (open it to pick what to print)",
                args.out
                    .join(packpress::build::contact_sheet::FILE_NAME)
                    .display()
            ));
        }
    }
    if run.made.is_empty() && run.failed() > 0 {
        error("nothing was built", None);
    } else if !ui.quiet {
        say(&summary(run, started));
    }
}

/// "built 12 files in 0.41 s, with 2 warnings; 3 outputs failed".
pub fn summary(run: &Run, started: Instant) -> String {
    let mut s = format!(
        "built {} in {:.2} s",
        count(run.files(), "file"),
        started.elapsed().as_secs_f64()
    );
    if run.warnings > 0 {
        s.push_str(&format!(", with {}", count(run.warnings, "warning")));
    }
    for (n, what) in [
        (run.failures.len(), "output"),
        (run.failed_sites.len(), "site"),
        (run.failed_packs.len(), "pack"),
    ] {
        if n > 0 {
            s.push_str(&format!("; {} failed", count(n, what)));
        }
    }
    if !run.skipped.is_empty() {
        s.push_str(&format!(
            "; skipped {}",
            count(run.skipped.len(), "combination")
        ));
    }
    s
}

/// A path as a script reads it: `/` between parts, on every system.
fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The `--json` summary: every output with what it is and where its files
/// went; what was skipped and why; and every failure with its reason.
pub fn json(args: &BuildArgs, run: &Run) -> serde_json::Value {
    let files: Vec<serde_json::Value> = run
        .made
        .iter()
        .map(|o| {
            let a = &o.about;
            serde_json::json!({
                "path": slash(&args.out.join(&o.pdf.path)),
                "pack": a.pack,
                "site": a.site,
                "audience": a.audience,
                "format": a.format.name(),
                "paper": a.paper.map(|p| p.name()),
                "style": a.style.name(),
                "languages": a.languages,
                "pages": o.pdf.pages,
                "bytes": o.pdf.bytes,
                "sha256": o.pdf.sha256,
                "pngs": o.pngs.iter().map(|p| slash(&args.out.join(&p.path))).collect::<Vec<_>>(),
                "warnings": o.notes,
            })
        })
        .collect();
    let mut failed: Vec<serde_json::Value> = run
        .failures
        .iter()
        .map(|f| {
            let a = &f.about;
            serde_json::json!({
                "path": slash(&args.out.join(&f.path)),
                "pack": a.pack,
                "site": a.site,
                "audience": a.audience,
                "format": a.format.name(),
                "paper": a.paper.map(|p| p.name()),
                "style": a.style.name(),
                "languages": a.languages,
                "error": f.error,
                "help": f.help,
                "earlier_file_kept": f.kept_earlier,
            })
        })
        .collect();
    for (file, errors) in &run.failed_sites {
        failed.push(serde_json::json!({ "site_file": slash(file), "errors": errors }));
    }
    for (dir, errors) in &run.failed_packs {
        failed.push(serde_json::json!({ "pack_folder": slash(dir), "errors": errors }));
    }
    for (path, e) in &run.write_errors {
        failed.push(serde_json::json!({ "path": slash(path), "error": e }));
    }
    let skipped: Vec<serde_json::Value> = run
        .skipped
        .iter()
        .map(|s| {
            serde_json::json!({
                "format": s.format.name(),
                "paper": s.paper.name(),
                "style": s.style.name(),
                "languages": s.languages,
                "reason": s.reason.to_string(),
            })
        })
        .collect();
    let has = run.manifest.is_some();
    serde_json::json!({
        "out": slash(&args.out),
        "files": files,
        "skipped": skipped,
        "failed": failed,
        "manifest": has.then(|| slash(&args.out.join(manifest::FILE_NAME))),
        "index": has.then(|| slash(&args.out.join(packpress::build::contact_sheet::FILE_NAME))),
        "stale": run.manifest.as_ref().map_or(0, Manifest::stale),
        "warnings": run.warnings,
    })
}

fn print_json(args: &BuildArgs, run: &Run, one_line: bool) {
    let v = json(args, run);
    let text = if one_line {
        serde_json::to_string(&v)
    } else {
        serde_json::to_string_pretty(&v)
    };
    say(&text.unwrap_or_default());
}

/// The `--json` answer when nothing could be made: no files, and why.
pub fn refused_json(out: &Path, refused: &Refused) -> serde_json::Value {
    serde_json::json!({
        "out": slash(out),
        "files": [],
        "skipped": [],
        "failed": [],
        "error": refused.why,
        "errors": refused.errors,
    })
}

fn print_refused(out: &Path, refused: &Refused) {
    say(&serde_json::to_string_pretty(&refused_json(out, refused)).unwrap_or_default());
}
