//! The packpress command line: parse, resolve, run, and turn what happened
//! into messages and exit codes (0 success, 1 errors in a pack, 2 misuse of
//! the command line, 3 input/output failure).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use packpress::build::{self, LoadedPack, Selection};
use packpress::diagnostics::Report;
use packpress::formats::{Format, Paper};
use packpress::pack::Date;
use packpress::style::ReadingStyle;

/// Turns TOML resource packs into print-ready PDF posters and handouts.
#[derive(Parser)]
#[command(name = "packpress", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build PDFs from packs.
    ///
    /// Examples:
    ///   packpress build                      every pack under ./packs, every audience and format
    ///   packpress build packs/e2ee -a parents -f poster -p a3
    ///   packpress build -o handouts -f handout
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),
    /// Check packs and report every error and warning; writes nothing.
    ///
    /// Example:
    ///   packpress check packs/e2ee
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),
    /// List a pack's audiences, formats, papers, styles and helplines.
    ///
    /// Example:
    ///   packpress list packs/e2ee
    #[command(verbatim_doc_comment)]
    List(PackArgs),
}

#[derive(Args)]
struct PackArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    packs: Vec<PathBuf>,
}

#[derive(Args)]
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
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::List(args) => list(args),
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
    Written(Vec<build::Written>, Vec<String>),
    /// Some outputs failed to lay out or render; nothing was written.
    Failed(Vec<(build::Job, build::JobError)>),
    /// Writing failed.
    WriteFailed(build::WriteError),
}

fn build(args: BuildArgs) -> Outcome {
    let started = Instant::now();
    if let Some(n) = args.jobs {
        // Only fails if a pool exists already, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let dirs = match pack_dirs(args.packs) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut report = Report::new();
    let Some(packs) = build::load_packs(&dirs, &mut report, Date::today()) else {
        report.emit_stderr();
        eprintln!(
            "error: nothing was built: {} in the pack",
            count(report.error_count(), "error")
        );
        return Outcome::PackErrors;
    };
    let sites = args
        .site
        .as_deref()
        .map(|p| build::load_sites(p, &packs, &mut report));
    report.emit_stderr();
    let selection = Selection {
        audiences: args.audiences,
        formats: args.formats,
        papers: args.papers,
        styles: args.styles,
        print: build::PrintOptions {
            bleed: packpress::units::Pt::mm(args.bleed.unwrap_or(0.0)),
            impose: !args.no_impose,
        },
    };
    if let Err(e) = build::plan(&packs, &selection, None) {
        eprintln!("error: {e}");
        return Outcome::Usage;
    }
    let targets: Vec<Option<&packpress::pack::site::Site>> = match &sites {
        None => vec![None],
        Some(s) => s.sites.iter().map(Some).collect(),
    };
    let failed_sites = sites.as_ref().map_or(0, |s| s.failed.len());
    let site_is_file = args.site.as_ref().is_some_and(|p| !p.is_dir());
    if targets.is_empty() || (site_is_file && failed_sites > 0) {
        eprintln!("error: nothing was built: the site has errors");
        return Outcome::PackErrors;
    }

    // Lay out, render and write, site by site in parallel. A site is
    // written only when every one of its outputs rendered: a build with
    // errors never leaves a half-made set, nor replaces a good one.
    let outcomes: Vec<SiteOutcome> = targets
        .par_iter()
        .map(|site| {
            let jobs = build::plan(&packs, &selection, *site).unwrap_or_default();
            let (rendered, failed) = build::render_jobs(&packs, *site, &jobs);
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

    let mut written = Vec::new();
    let (mut layout_failures, mut write_failures) = (0, 0);
    let mut warnings = report.warning_count();
    for (site, outcome) in targets.iter().zip(outcomes) {
        match outcome {
            SiteOutcome::Written(w, notes) => {
                written.extend(w);
                let prefix = site
                    .map(|s| format!("site `{}`: ", s.id))
                    .unwrap_or_default();
                for note in notes {
                    eprintln!("warning: {prefix}{note}");
                    warnings += 1;
                }
            }
            SiteOutcome::Failed(failed) => {
                layout_failures += 1;
                let prefix = site
                    .map(|s| format!("site `{}`: ", s.id))
                    .unwrap_or_default();
                for (_, e) in &failed {
                    eprintln!("error: {prefix}{e}");
                    eprintln!(
                        "  help: shorten the text, or choose a larger paper; the type is already as small as the style allows"
                    );
                }
                if let Some(s) = site {
                    eprintln!("error: nothing was built for the site `{}`", s.id);
                }
            }
            SiteOutcome::WriteFailed(e) => {
                write_failures += 1;
                eprintln!("error: {e}");
                eprintln!("  help: check that the output folder can be written, or choose another with -o");
            }
        }
    }
    for w in &written {
        println!(
            "wrote {} ({}, {} KB)",
            args.out.join(&w.path).display(),
            count(w.pages, "page"),
            w.bytes.div_ceil(1024)
        );
    }
    if !written.is_empty() {
        if let Err(e) = build::write_manifest(&args.out, &written) {
            eprintln!("error: {e}");
            write_failures += 1;
        }
    }
    let failed = layout_failures + failed_sites;
    if written.is_empty() && failed > 0 && write_failures == 0 {
        eprintln!("error: nothing was built");
    } else {
        println!(
            "built {} in {:.2} s{}{}",
            count(written.len(), "file"),
            started.elapsed().as_secs_f64(),
            match warnings {
                0 => String::new(),
                n => format!(", with {}", count(n, "warning")),
            },
            match (&sites, failed) {
                (Some(_), f) if f > 0 => format!("; {} failed", count(f, "site")),
                _ => String::new(),
            }
        );
    }
    if write_failures > 0 {
        Outcome::Io
    } else if failed > 0 {
        Outcome::PackErrors
    } else {
        Outcome::Ok
    }
}

fn check(args: CheckArgs) -> Outcome {
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
