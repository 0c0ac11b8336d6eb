//! The packpress command line: parse, resolve, run, and turn what happened
//! into messages and exit codes (0 success, 1 errors in a pack, 2 misuse of
//! the command line, 3 input/output failure).

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use packpress::build::{self, LoadedPack, Selection};
use packpress::contact_sheet;
use packpress::diagnostics::Report;
use packpress::formats::{Format, Paper};
use packpress::pack::Date;
use packpress::style::ReadingStyle;

/// Turns TOML resource packs into print-ready PDF posters, leaflets,
/// booklets and helpline cards (and PNGs of them).
#[derive(Parser)]
#[command(name = "packpress", version, about, long_about = None)]
struct Cli {
    /// Print only warnings and errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build PDFs (and with --png, PNGs and a contact sheet) from packs.
    ///
    /// Examples:
    ///   packpress build                      every pack under ./packs, every audience and format
    ///   packpress build packs/e2ee -a parents -f poster -p a3
    ///   packpress build -o handouts -f handout
    ///   packpress build --png 150            PNGs of every page, and out/index.html to pick from
    ///   packpress build --site hillside.toml a school's own name, logo and contacts
    ///   packpress build --json > built.json  a machine-readable list of what was written
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),
    /// Check packs and report every error and warning; writes nothing.
    ///
    /// Examples:
    ///   packpress check packs/e2ee
    ///   packpress check --site sites/        the packs and every school's site file
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),
    /// List a pack's audiences, formats, papers, styles and helplines.
    ///
    /// Example:
    ///   packpress list packs/e2ee
    #[command(verbatim_doc_comment)]
    List(PackArgs),
    /// Make a new pack to start from, in a folder that is new or empty.
    ///
    /// Every place to fill in says TODO or PLACEHOLDER; check and build
    /// refuse the pack, naming each one, until they are all replaced.
    ///
    /// Example:
    ///   packpress new packs/online-gaming
    ///   packpress check packs/online-gaming  lists what is left to fill in
    #[command(verbatim_doc_comment)]
    New(NewArgs),
    /// Build, then rebuild whenever a pack or site file changes (Ctrl-C stops).
    ///
    /// Only the outputs whose files changed are rebuilt: a pack's outputs
    /// when its files change, a site's when its file or logo does. Errors
    /// are printed and watching goes on.
    ///
    /// Examples:
    ///   packpress watch packs/e2ee -a parents -f poster
    ///   packpress watch --png 96 --site hillside.toml
    #[command(verbatim_doc_comment)]
    Watch(BuildArgs),
    /// Print a shell completion script to standard output.
    ///
    /// Examples:
    ///   packpress completions bash > ~/.local/share/bash-completion/completions/packpress
    ///   packpress completions zsh > ~/.zfunc/_packpress
    ///   packpress completions fish > ~/.config/fish/completions/packpress.fish
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    ///
    /// Examples:
    ///   packpress man > packpress.1 && man ./packpress.1
    ///   packpress man | sudo tee /usr/local/share/man/man1/packpress.1 >/dev/null
    #[command(verbatim_doc_comment)]
    Man,
}

#[derive(Args)]
struct PackArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    packs: Vec<PathBuf>,
}

#[derive(Args)]
struct NewArgs {
    /// The folder to make the pack in; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

#[derive(Args)]
struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    shell: clap_complete::Shell,
}

#[derive(Args, Clone)]
struct BuildArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    packs: Vec<PathBuf>,
    /// Only this audience (repeatable); default: every audience.
    #[arg(short, long = "audience", value_name = "AUDIENCE")]
    audiences: Vec<String>,
    /// Only this format (repeatable): poster, handout, leaflet, booklet, cards; default: all.
    #[arg(short, long = "format", value_name = "FORMAT", value_parser = parse_format)]
    formats: Vec<Format>,
    /// Paper (repeatable): a4, a3, a2, letter, tabloid; default: the pack locale's paper.
    #[arg(short, long = "paper", value_name = "PAPER", value_parser = parse_paper)]
    papers: Vec<Paper>,
    /// Reading style (repeatable): standard, large-print, dyslexia; default: standard.
    #[arg(short, long = "style", value_name = "STYLE", value_parser = parse_style)]
    styles: Vec<ReadingStyle>,
    /// Output folder.
    #[arg(short, long, value_name = "OUT", default_value = "out")]
    out: PathBuf,
    /// Bleed for a print shop, in mm (for example 3): backgrounds run past
    /// the trim, and crop marks are drawn outside it.
    #[arg(long, value_name = "MM", value_parser = parse_bleed)]
    bleed: Option<f32>,
    /// Write booklets as reading-order pages instead of imposed sheets.
    #[arg(long)]
    no_impose: bool,
    /// A school's or club's site file, or a folder of them (one build each,
    /// in parallel): their name, logo, colour and contacts on every output.
    #[arg(long, value_name = "FILE|DIR")]
    site: Option<PathBuf>,
    /// Also write every page as a PNG beside its PDF, at DPI dots per inch
    /// (96 for screens, 150 for a website, 300 for print), and OUT/index.html,
    /// a contact sheet of everything built.
    #[arg(long, value_name = "DPI", value_parser = parse_dpi)]
    png: Option<u32>,
    /// Print a JSON summary of what was written to standard output, instead
    /// of a line per file.
    #[arg(long)]
    json: bool,
    /// How many outputs to make at once; default: one per core.
    #[arg(short, long, value_name = "JOBS")]
    jobs: Option<usize>,
}

#[derive(Args)]
struct CheckArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    packs: Vec<PathBuf>,
    /// Also check a site file, or a folder of them, against the packs.
    #[arg(long, value_name = "FILE|DIR")]
    site: Option<PathBuf>,
}

fn parse_dpi(s: &str) -> Result<u32, String> {
    let range = packpress::render::png::DPI_RANGE;
    match s.parse::<u32>() {
        Ok(dpi) if range.contains(&dpi) => Ok(dpi),
        _ => Err(format!(
            "the PNG resolution is a whole number of dots per inch from {} to {}, like 150; got `{s}`",
            range.start(),
            range.end()
        )),
    }
}

fn parse_bleed(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(mm) if (0.0..=20.0).contains(&mm) => Ok(mm),
        _ => Err(format!(
            "bleed must be a number of millimetres from 0 to 20, like 3; got `{s}`"
        )),
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        let all: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format `{s}`; the formats are: {}", all.join(", "))
    })
}

fn parse_paper(s: &str) -> Result<Paper, String> {
    Paper::from_name(&s.to_lowercase()).ok_or_else(|| {
        let all: Vec<&str> = Paper::ALL.iter().map(|p| p.name()).collect();
        format!("unknown paper `{s}`; the papers are: {}", all.join(", "))
    })
}

fn parse_style(s: &str) -> Result<ReadingStyle, String> {
    ReadingStyle::from_name(s).ok_or_else(|| {
        let all: Vec<&str> = ReadingStyle::ALL.iter().map(|s| s.name()).collect();
        format!("unknown style `{s}`; the styles are: {}", all.join(", "))
    })
}

/// How a command ended.
enum Outcome {
    Ok,
    PackErrors,
    Usage,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build(args) => build(args, quiet),
        Command::Check(args) => check(args, quiet),
        Command::List(args) => list(args),
        Command::New(args) => new_pack(args, quiet),
        Command::Watch(args) => watch(args, quiet),
        Command::Completions(args) => completions(args),
        Command::Man => man(),
    }
    .into()
}

/// The pack folders given, or every pack under ./packs.
fn pack_dirs(given: Vec<PathBuf>) -> Result<Vec<PathBuf>, Outcome> {
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
fn load(dirs: &[PathBuf]) -> (Report, Option<Vec<LoadedPack>>) {
    let mut report = Report::new();
    let packs = build::load_packs(dirs, &mut report, Date::today());
    report.emit_stderr();
    (report, packs)
}

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
struct Ui {
    /// Only warnings and errors.
    quiet: bool,
    /// A JSON summary on stdout instead of lines.
    json: bool,
}

impl Ui {
    /// A progress bar only for a person watching a terminal.
    fn wants_progress(self) -> bool {
        !self.quiet && !self.json && std::io::stderr().is_terminal()
    }
}

/// What one pass of building made.
#[derive(Default)]
struct Run {
    /// The outputs written.
    outputs: Vec<build::Output>,
    /// Warnings printed.
    warnings: usize,
    /// Sites (or the generic set) that failed to lay out or load.
    failed: usize,
    /// Sites whose files could not be written.
    write_failures: usize,
    /// Whether a site was asked for (for the summary's wording).
    with_sites: bool,
    /// Whether a progress bar stood in for the per-file lines.
    showed_progress: bool,
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
fn build_set(
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
fn write_indexes(out: &Path, outputs: &[build::Output], png: bool) -> usize {
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

fn build(args: BuildArgs, quiet: bool) -> Outcome {
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

fn new_pack(args: NewArgs, quiet: bool) -> Outcome {
    match packpress::scaffold::create(&args.dir) {
        Ok(files) => {
            if !quiet {
                for f in &files {
                    println!("wrote {}", f.display());
                }
                println!(
                    "made a new pack in {}: replace every TODO and PLACEHOLDER (`packpress check {}` lists them), then build it",
                    args.dir.display(),
                    args.dir.display()
                );
            }
            Outcome::Ok
        }
        Err(e @ packpress::scaffold::ScaffoldError::NotEmpty(_)) => {
            eprintln!("error: {e}");
            eprintln!(
                "  help: name a new folder, or an empty one; packpress new never overwrites files"
            );
            Outcome::Usage
        }
        Err(e) => {
            eprintln!("error: {e}");
            Outcome::Io
        }
    }
}

fn completions(args: CompletionsArgs) -> Outcome {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "packpress", &mut std::io::stdout());
    Outcome::Ok
}

fn man() -> Outcome {
    let cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    let mut page = Vec::new();
    // The whole page but clap_mangen's list of sub-commands, which points
    // at packpress-build(1) and the like: pages that do not exist, since
    // each command is a section of this one.
    let top = clap_mangen::Man::new(cmd.clone());
    let head = top
        .render_title(&mut page)
        .and_then(|_| top.render_name_section(&mut page))
        .and_then(|_| top.render_synopsis_section(&mut page))
        .and_then(|_| top.render_description_section(&mut page))
        .and_then(|_| top.render_options_section(&mut page));
    if let Err(e) = head {
        eprintln!("error: cannot write the manual page: {e}");
        return Outcome::Io;
    }
    // Each command's own section: its options and examples, as --help
    // gives them, so the page is the whole manual.
    for sub in cmd.get_subcommands() {
        let man = clap_mangen::Man::new(sub.clone());
        let mut body = Vec::new();
        if man.render_synopsis_section(&mut body).is_ok()
            && man.render_description_section(&mut body).is_ok()
            && man.render_options_section(&mut body).is_ok()
        {
            // Each command is a section; its own sections, sub-sections.
            let text = String::from_utf8_lossy(&body).replace(".SH ", ".SS ");
            page.extend_from_slice(
                format!(".SH \"PACKPRESS {}\"\n", sub.get_name().to_uppercase()).as_bytes(),
            );
            page.extend_from_slice(text.as_bytes());
        }
    }
    match out.write_all(&page) {
        Ok(()) => Outcome::Ok,
        // A closed pipe (`packpress man | head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Ok,
        Err(e) => {
            eprintln!("error: cannot write the manual page: {e}");
            Outcome::Io
        }
    }
}

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
            Ok(Err(e)) => eprintln!("warning: watching: {e}"),
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

fn watch(args: BuildArgs, quiet: bool) -> Outcome {
    use notify::{RecursiveMode, Watcher};
    if let Some(n) = args.jobs {
        // Only fails if a pool exists already, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let ui = Ui { quiet, json: false };
    let dirs = match pack_dirs(args.packs.clone()) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let pack_roots: Vec<PathBuf> = dirs.iter().map(|d| canonical(d)).collect();
    let site_root = args.site.as_deref().map(canonical);
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!(
            "error: cannot make the output folder {}: {e}",
            args.out.display()
        );
        return Outcome::Io;
    }
    let out_root = canonical(&args.out);

    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot watch for changes: {e}");
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
            eprintln!("error: cannot watch {}: {e}", path.display());
            return Outcome::Io;
        }
    }

    // Everything built in this session, by PDF path: the manifest and the
    // contact sheet list it all, not only the last rebuild.
    let mut all: std::collections::BTreeMap<PathBuf, build::Output> = Default::default();
    let pass = |packs: &[PathBuf],
                site: Option<&Path>,
                all: &mut std::collections::BTreeMap<PathBuf, build::Output>| {
        let started = Instant::now();
        match build_set(packs, site, &args, ui) {
            Ok(run) => {
                let files: usize = run.outputs.iter().map(|o| o.files().count()).sum();
                for o in run.outputs {
                    all.insert(o.pdf.path.clone(), o);
                }
                let list: Vec<build::Output> = all.values().cloned().collect();
                let write_failures =
                    run.write_failures + write_indexes(&args.out, &list, args.png.is_some());
                let problems = run.failed + write_failures;
                if problems > 0 {
                    eprintln!(
                        "rebuilt {} in {} ms; {} failed (see above)",
                        count(files, "file"),
                        started.elapsed().as_millis(),
                        count(problems, "output set")
                    );
                } else if !quiet {
                    println!(
                        "rebuilt {} in {} ms{}",
                        count(files, "file"),
                        started.elapsed().as_millis(),
                        match run.warnings {
                            0 => String::new(),
                            n => format!(", with {}", count(n, "warning")),
                        }
                    );
                }
            }
            Err(_) => eprintln!(
                "not rebuilt: fix the errors above and save again ({} ms)",
                started.elapsed().as_millis()
            ),
        }
    };
    pass(&dirs, args.site.as_deref(), &mut all);
    if !quiet {
        println!("watching {} for changes (Ctrl-C stops)", {
            let names: Vec<String> = watched
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect();
            names.join(", ")
        });
    }
    while let Some(paths) = next_changes(&rx) {
        let changed = classify(&paths, &pack_roots, site_root.as_deref(), &out_root);
        if !changed.packs.is_empty() {
            pass(&changed.packs, args.site.as_deref(), &mut all);
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
            pass(&rest, args.site.as_deref(), &mut all);
        } else {
            for site in &changed.sites {
                pass(&rest, Some(site), &mut all);
            }
        }
    }
    Outcome::Ok
}

fn check(args: CheckArgs, quiet: bool) -> Outcome {
    let dirs = match pack_dirs(args.packs) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut report = Report::new();
    let packs = build::load_packs(&dirs, &mut report, Date::today());
    let sites = match (&packs, args.site.as_deref()) {
        (Some(packs), Some(p)) => Some(build::load_sites(p, packs, &mut report)),
        _ => None,
    };
    report.emit_stderr();
    let mut layout_errors = 0;
    if let Some(packs) = &packs {
        // A pack that loads may still not fit its formats: lay every
        // format out in memory, writing nothing.
        let targets: Vec<Option<&packpress::pack::site::Site>> = match &sites {
            None => vec![None],
            Some(s) => s.sites.iter().map(Some).collect(),
        };
        for site in targets {
            if let Ok(jobs) = build::plan(packs, &Selection::default(), site) {
                let (_, failed) = build::render_jobs(packs, site, &jobs);
                for (_, e) in failed {
                    layout_errors += 1;
                    eprintln!("error: {e}");
                }
            }
        }
    }
    let errors = report.error_count() + layout_errors;
    if !quiet {
        println!(
            "checked {}{}: {}, {}",
            count(dirs.len(), "pack"),
            sites
                .as_ref()
                .map(|s| format!(" and {}", count(s.sites.len() + s.failed.len(), "site")))
                .unwrap_or_default(),
            count(errors, "error"),
            count(report.warning_count(), "warning")
        );
    }
    if errors > 0 {
        Outcome::PackErrors
    } else {
        Outcome::Ok
    }
}

fn list(args: PackArgs) -> Outcome {
    let dirs = match pack_dirs(args.packs) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let (_, packs) = load(&dirs);
    let Some(packs) = packs else {
        return Outcome::PackErrors;
    };
    for lp in &packs {
        let p = &lp.pack;
        println!(
            "{} ({}): {}",
            p.id(),
            p.dir.display(),
            p.spec.pack.title.get_ref().trim()
        );
        println!("  font: {}", lp.fonts.name);
        println!("  audiences:");
        for a in &p.audiences {
            println!("    {:<16} {}", a.id, a.spec.audience.name.get_ref().trim());
        }
        println!("  formats:");
        for f in Format::ALL {
            let papers: Vec<&str> = f.papers().iter().map(|p| p.name()).collect();
            println!("    {:<16} {}", f.name(), papers.join(", "));
        }
        let styles: Vec<&str> = ReadingStyle::ALL.iter().map(|s| s.name()).collect();
        println!("  styles: {}", styles.join(", "));
        println!("  default paper: {}", Paper::for_locale(p.locale()).name());
        println!("  helplines:");
        for h in &p.spec.helplines {
            let contact = h.phone().or(h.url()).or(h.email()).unwrap_or("");
            let who: Vec<&str> = p
                .audiences
                .iter()
                .filter(|a| h.shown_to(&a.id))
                .map(|a| a.id.as_str())
                .collect();
            println!(
                "    {:<16} {:<32} {}{}",
                h.id.get_ref(),
                contact,
                who.join(", "),
                if h.emergency { " (emergency)" } else { "" }
            );
        }
    }
    Outcome::Ok
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
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
