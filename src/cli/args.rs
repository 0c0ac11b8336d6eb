//! What the user typed: the clap structs, with each flag's documentation
//! beside it (it feeds `--help` and the man page). Nothing here is
//! resolved; `build::Config` and friends turn it into what runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueHint};

use packpress::formats::{Format, Paper};
use packpress::labels::Locale;
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

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Build PDFs and web pages (and with --png, PNGs) from packs.
    ///
    /// Examples:
    ///   packpress build                      every pack under ./packs, every audience and format
    ///   packpress build packs/e2ee -a parents -f poster -p a3
    ///   packpress build -o handouts -f handout
    ///   packpress build --png 150            PNGs of every page, and out/index.html to pick from
    ///   packpress build --site hillside.toml a school's own name, logo and contacts
    ///   packpress build -f web               one accessible web page per audience
    ///   packpress build -l cy                the Welsh outputs of a pack with a Welsh translation
    ///   packpress build --json > built.json  a machine-readable list of what was written
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),
    /// Check packs and lay out what build would make; writes nothing.
    ///
    /// Takes build's -a, -f, -p, -s and --site and lays out the same
    /// outputs, so "0 errors" means the same build succeeds.
    ///
    /// Examples:
    ///   packpress check packs/e2ee
    ///   packpress check --site sites/        the packs and every school's site file
    ///   packpress check -s large-print -p a3 what `build -s large-print -p a3` would make
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
    /// refuse the pack, naming each one, until they are all replaced. With
    /// --locale, the pack is in that language: its [labels] hold packpress's
    /// built-in words for it, each marked to be checked by a reader of the
    /// language, or every label to write where there are none.
    ///
    /// Examples:
    ///   packpress new packs/online-gaming
    ///   packpress new packs/gemau-ar-lein --locale cy
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

/// `list`: the packs to describe.
#[derive(Args)]
pub struct PackArgs {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    pub packs: Vec<PathBuf>,
}

/// `new`: where to make a pack.
#[derive(Args)]
pub struct NewArgs {
    /// The folder to make the pack in; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The pack's language, as a BCP 47 tag: en-GB, cy, pl, ro, pt, so, ur,
    /// ar, bn, pa (built-in words), or any other (every label to write).
    #[arg(long, value_name = "LOCALE", default_value = "en-GB")]
    pub locale: String,
}

/// `completions`: for which shell.
#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// What to make: the packs, the sites, and which audiences, formats,
/// papers and styles. `build`, `check` and `watch` take the same, so that
/// `check` lays out exactly what `build` would make.
#[derive(Args, Clone, Debug)]
pub struct Select {
    /// Pack folders (each holds pack.toml); default: every pack under ./packs.
    #[arg(value_name = "PACK", value_hint = ValueHint::DirPath)]
    pub packs: Vec<PathBuf>,
    /// Only this audience (repeatable); default: every audience.
    #[arg(short, long = "audience", value_name = "AUDIENCE")]
    pub audiences: Vec<String>,
    /// Only this format (repeatable); default: every format (those not made
    /// on the paper or in the style asked for are skipped, with a note).
    /// `web` is one HTML page per audience, for a website or newsletter.
    #[arg(short, long = "format", value_name = "FORMAT", value_parser = named::<Format>())]
    pub formats: Vec<Format>,
    /// Paper (repeatable); default: the pack locale's paper (a4, or letter
    /// for en-US and en-CA). The web page has no paper: it is made once,
    /// whatever the papers named.
    #[arg(short, long = "paper", value_name = "PAPER", value_parser = named::<Paper>(), ignore_case = true)]
    pub papers: Vec<Paper>,
    /// Reading style (repeatable); default: standard.
    #[arg(short, long = "style", value_name = "STYLE", value_parser = named::<ReadingStyle>())]
    pub styles: Vec<ReadingStyle>,
    /// Only this language (repeatable): one the pack has, by its tag (cy,
    /// or en for a pack in en-GB); default: every language the pack has,
    /// each on its own. The pack's own language keeps its file names;
    /// another's end in its tag (handout-a4-cy.pdf).
    #[arg(short, long = "language", value_name = "LANG", value_parser = parse_language)]
    pub languages: Vec<Locale>,
    /// A bilingual edition of two of the pack's languages (repeatable),
    /// FIRST in the place read first: cy+en. Its files end in both tags
    /// (handout-a4-cy+en-gb.pdf). With --bilingual and no -l, only the
    /// bilingual editions are made. Formats that do not make bilingual
    /// editions are skipped, with a note (an error when named with -f).
    #[arg(long, value_name = "FIRST+SECOND", value_parser = parse_pair)]
    pub bilingual: Vec<(Locale, Locale)>,
    /// A school's or club's site file, or a folder of them (one build each,
    /// in parallel): their name, logo, colour and contacts on every output.
    #[arg(long, value_name = "FILE|DIR", value_hint = ValueHint::AnyPath)]
    pub site: Option<PathBuf>,
    /// Bleed for a print shop, in mm (for example 3): backgrounds run past
    /// the trim, and crop marks are drawn outside it.
    #[arg(long, value_name = "MM", value_parser = parse_bleed)]
    pub bleed: Option<f32>,
    /// Write booklets as reading-order pages instead of imposed sheets.
    #[arg(long)]
    pub no_impose: bool,
    /// Dyslexia style: leave the page white and print "Print on cream
    /// paper" beside the reviewed date, instead of a cream tint (an office
    /// printer leaves a white border round a tint that fills the page).
    #[arg(long)]
    pub plain_paper: bool,
    /// Print every warning about an output in full: which output gave up
    /// what to fit. Without it, the warnings of one kind are one line,
    /// with how many outputs they touched and which.
    #[arg(long)]
    pub explain: bool,
    /// How many outputs to make at once; default: one per core.
    #[arg(short, long, value_name = "JOBS", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// `build` and `watch`: what to make, and where and how to write it.
#[derive(Args, Clone, Debug)]
pub struct BuildArgs {
    /// What to make.
    #[command(flatten)]
    pub select: Select,
    /// Output folder.
    #[arg(short, long, value_name = "OUT", default_value = "out", value_hint = ValueHint::DirPath)]
    pub out: PathBuf,
    /// Also write every page as a PNG beside its PDF, at DPI dots per inch
    /// (96 for screens, 150 for a website, 300 for print); the contact
    /// sheet OUT/index.html then shows them.
    #[arg(long, value_name = "DPI", value_parser = parse_dpi)]
    pub png: Option<u32>,
    /// Print a JSON summary of what was written, and of what failed and
    /// why, to standard output instead of a line per file (watch: one
    /// line of JSON per rebuild).
    #[arg(long)]
    pub json: bool,
}

/// `check`: the same selection as `build`, laid out, nothing written.
#[derive(Args, Clone, Debug)]
pub struct CheckArgs {
    /// What `build` would make, to lay out.
    #[command(flatten)]
    pub select: Select,
}

/// A value parser for a type with a fixed set of names, offering them to
/// shell completion and listing them when one is wrong.
fn named<T: Named>() -> NamedParser<T> {
    NamedParser(std::marker::PhantomData)
}

/// A type the command line names by a fixed set of words.
pub trait Named: Copy + Send + Sync + 'static {
    /// What one is called in messages: "format".
    const WHAT: &'static str;
    /// Every name, in order.
    fn names() -> Vec<&'static str>;
    /// The value with this name.
    fn from_name(name: &str) -> Option<Self>;
}

impl Named for Format {
    const WHAT: &'static str = "format";
    fn names() -> Vec<&'static str> {
        Format::ALL.iter().map(|f| f.name()).collect()
    }
    fn from_name(name: &str) -> Option<Self> {
        Format::from_name(name)
    }
}

impl Named for Paper {
    const WHAT: &'static str = "paper";
    fn names() -> Vec<&'static str> {
        Paper::ALL.iter().map(|p| p.name()).collect()
    }
    fn from_name(name: &str) -> Option<Self> {
        Paper::from_name(&name.to_lowercase())
    }
}

impl Named for ReadingStyle {
    const WHAT: &'static str = "style";
    fn names() -> Vec<&'static str> {
        ReadingStyle::ALL.iter().map(|s| s.name()).collect()
    }
    fn from_name(name: &str) -> Option<Self> {
        ReadingStyle::from_name(name)
    }
}

/// See [`named`].
#[derive(Clone)]
pub struct NamedParser<T>(std::marker::PhantomData<T>);

impl<T: Named> clap::builder::TypedValueParser for NamedParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        T::from_name(&text).ok_or_else(|| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!(
                    "unknown {} `{text}`; the {}s are: {}\n",
                    T::WHAT,
                    T::WHAT,
                    T::names().join(", ")
                ),
            )
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            T::names()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// A language tag given on the command line: `cy`, `en-GB`, `ur_pk`.
fn parse_language(s: &str) -> Result<Locale, String> {
    Locale::parse(s).map_err(|bad| {
        let hint = bad
            .suggestion
            .map(|t| format!("; did you mean `{t}`?"))
            .unwrap_or_default();
        format!(
            "{}{hint} A language is given by its tag: cy, en, pl, ur-GB",
            bad.why
        )
    })
}

/// Two language tags joined by `+`: `cy+en`, the first read first.
fn parse_pair(s: &str) -> Result<(Locale, Locale), String> {
    let parts: Vec<&str> = s.split('+').collect();
    let [first, second] = parts.as_slice() else {
        return Err(format!(
            "a bilingual edition is two language tags joined by +, the one read first first, like cy+en; got `{s}`"
        ));
    };
    let (first, second) = (parse_language(first)?, parse_language(second)?);
    if first == second {
        return Err(format!(
            "`{s}` names {} twice: a bilingual edition is in two languages, like cy+en",
            first.describe()
        ));
    }
    Ok((first, second))
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
