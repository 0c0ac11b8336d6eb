//! What the user typed: the clap structs, with each flag's documentation
//! beside it (it feeds `--help` and the man page). Nothing here is
//! resolved; `build::Config` and friends turn it into what runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use packpress::formats::{Format, Paper};
use packpress::style::ReadingStyle;

/// Turns TOML resource packs into print-ready PDF posters, leaflets,
/// booklets and helpline cards (and PNGs of them).
#[derive(Parser)]
#[command(name = "packpress", version, about, long_about = None)]
pub struct Cli {
    /// Print only warnings and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
pub struct PackArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    pub packs: Vec<PathBuf>,
}

#[derive(Args)]
pub struct NewArgs {
    /// The folder to make the pack in; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Clone)]
pub struct BuildArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    pub packs: Vec<PathBuf>,
    /// Only this audience (repeatable); default: every audience.
    #[arg(short, long = "audience", value_name = "AUDIENCE")]
    pub audiences: Vec<String>,
    /// Only this format (repeatable): poster, handout, leaflet, booklet, cards; default: all.
    #[arg(short, long = "format", value_name = "FORMAT", value_parser = parse_format)]
    pub formats: Vec<Format>,
    /// Paper (repeatable): a4, a3, a2, letter, tabloid; default: the pack locale's paper.
    #[arg(short, long = "paper", value_name = "PAPER", value_parser = parse_paper)]
    pub papers: Vec<Paper>,
    /// Reading style (repeatable): standard, large-print, dyslexia; default: standard.
    #[arg(short, long = "style", value_name = "STYLE", value_parser = parse_style)]
    pub styles: Vec<ReadingStyle>,
    /// Output folder.
    #[arg(short, long, value_name = "OUT", default_value = "out")]
    pub out: PathBuf,
    /// Bleed for a print shop, in mm (for example 3): backgrounds run past
    /// the trim, and crop marks are drawn outside it.
    #[arg(long, value_name = "MM", value_parser = parse_bleed)]
    pub bleed: Option<f32>,
    /// Write booklets as reading-order pages instead of imposed sheets.
    #[arg(long)]
    pub no_impose: bool,
    /// A school's or club's site file, or a folder of them (one build each,
    /// in parallel): their name, logo, colour and contacts on every output.
    #[arg(long, value_name = "FILE|DIR")]
    pub site: Option<PathBuf>,
    /// Also write every page as a PNG beside its PDF, at DPI dots per inch
    /// (96 for screens, 150 for a website, 300 for print), and OUT/index.html,
    /// a contact sheet of everything built.
    #[arg(long, value_name = "DPI", value_parser = parse_dpi)]
    pub png: Option<u32>,
    /// Print a JSON summary of what was written to standard output, instead
    /// of a line per file.
    #[arg(long)]
    pub json: bool,
    /// How many outputs to make at once; default: one per core.
    #[arg(short, long, value_name = "JOBS")]
    pub jobs: Option<usize>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    pub packs: Vec<PathBuf>,
    /// Also check a site file, or a folder of them, against the packs.
    #[arg(long, value_name = "FILE|DIR")]
    pub site: Option<PathBuf>,
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
