//! A build: packs loaded and checked, the command line expanded into jobs,
//! every job laid out and rendered, and every output that succeeded written
//! atomically; one that failed leaves its earlier file as it was. The
//! manifest (`manifest`) then describes the whole output folder.

pub mod manifest;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Report};
use crate::formats::{self, Context, Format, FormatError, Paper};
use crate::labels::Locale;
use crate::layout::Typesetter;
use crate::pack::site::{self as sites, Site};
use crate::pack::validate::{self, Coverage};
use crate::pack::{self, Pack};
use crate::render;
use crate::style::ReadingStyle;
use crate::text::{FontFamily, FontSet, Shaper};

/// A pack, checked, with the font family it is set in.
pub struct LoadedPack {
    /// The pack.
    pub pack: Pack,
    /// Its font families: the theme's, those it chose per script, its
    /// own, and the built-in fallbacks.
    pub fonts: Arc<FontSet>,
    /// SHA-256 of the files it was read from (pack.toml, the audience
    /// files and the translations, as read): an output built from other
    /// text is out of date.
    pub source_sha256: String,
}

/// Which checks a load runs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Checks {
    /// Every check that can stop a build, and the warnings about what is
    /// printed (a stale review date, words not checked by a native
    /// speaker): what `build` and `watch` run.
    Build,
    /// Those, and the analysis of the writing, which only warns: reading
    /// age and long sentences. What `check` runs.
    All,
}

/// Reads and checks packs with the checks a build runs. Every finding goes
/// into `report`; the packs are returned only if none has an error.
pub fn load_packs(dirs: &[PathBuf], report: &mut Report, today: Date) -> Option<Vec<LoadedPack>> {
    let (loaded, failed) = load_each(dirs, report, today, Checks::Build);
    failed.is_empty().then_some(loaded)
}

/// Reads and checks each pack on its own: the packs with no error, and the
/// folders of those with errors (every finding is in `report`). One pack's
/// errors do not stop the others being built.
pub fn load_each(
    dirs: &[PathBuf],
    report: &mut Report,
    today: Date,
    checks: Checks,
) -> (Vec<LoadedPack>, Vec<PathBuf>) {
    let mut loaded = Vec::new();
    let mut failed = Vec::new();
    for dir in dirs {
        let before = report.error_count();
        let Some(pack) = pack::load(dir, report) else {
            failed.push(dir.clone());
            continue;
        };
        let font_name = pack::model::given(&pack.spec.theme.font);
        let fonts = match FontFamily::resolve(font_name, &pack.dir) {
            Ok(f) => Some(f),
            Err(e) => {
                let d = Diagnostic::error(e.to_string())
                    .label("this font family")
                    .help("leave theme.font out to use the built-in font, or put the family's .ttf files in the pack's fonts/ folder");
                report.push(match &pack.spec.theme.font {
                    Some(t) => d.at(pack.file, t.span()),
                    None => d.in_file(pack.file),
                });
                None
            }
        };
        let fonts = fonts.and_then(|theme| font_set(&pack, theme, report));
        match &fonts {
            Some(f) => match Shaper::new(f) {
                Some(shaper) => {
                    let covers = |c: char| shaper.covers(c);
                    let names = covering_names(f);
                    let fallbacks = fallback_names();
                    let coverage = Coverage {
                        family: &names,
                        covers: &covers,
                        fallbacks: &fallbacks,
                    };
                    validate::validate(&pack, report, Some(&coverage), today);
                }
                None => report.push(Diagnostic::error(format!(
                    "the font family {} cannot be read",
                    f.theme().name
                ))),
            },
            None => validate::validate(&pack, report, None, today),
        }
        if checks == Checks::All {
            validate::analyse(&pack, report);
        }
        match fonts {
            Some(fonts) if report.error_count() == before => {
                let mut hash = Sha256::new();
                for file in pack.files() {
                    // The path too: moving text between audiences changes outputs.
                    hash.update(report.path(file).to_string_lossy().as_bytes());
                    hash.update([0]);
                    hash.update(report.source(file).as_bytes());
                    hash.update([0]);
                }
                hash.update(fonts.theme().name.as_bytes());
                loaded.push(LoadedPack {
                    pack,
                    fonts,
                    source_sha256: format!("{:x}", hash.finalize()),
                });
            }
            _ => failed.push(dir.clone()),
        }
    }
    (loaded, failed)
}

/// The pack's font set: its theme family, the families `[theme.fonts]`
/// chose per script and the rest of its `fonts/` folder. A family that
/// cannot be found is reported at its key.
fn font_set(pack: &Pack, theme: Arc<FontFamily>, report: &mut Report) -> Option<Arc<FontSet>> {
    let mut chosen = Vec::new();
    let mut ok = true;
    if let Some(fonts) = &pack.spec.theme.fonts {
        for (key, name) in fonts.chosen() {
            match crate::text::script::script_named(key) {
                Some(script) => {
                    // Each named family is looked for now, so an unknown
                    // one is reported at its own key.
                    if let Err(e) = FontFamily::resolve(Some(name.get_ref()), &pack.dir) {
                        ok = false;
                        report.push(
                            Diagnostic::error(format!("theme.fonts.{key}: {e}"))
                                .at(pack.file, name.span())
                                .label("this font family")
                                .help(format!(
                                    "put the family's .ttf files in the pack's fonts/ folder, or leave theme.fonts.{key} out to use the built-in fallback"
                                )),
                        );
                    } else {
                        chosen.push((script, name.get_ref().clone()));
                    }
                }
                None => ok = false,
            }
        }
    }
    if !ok {
        return None;
    }
    match FontSet::for_pack(theme, &chosen, &pack.dir) {
        Ok(set) => Some(Arc::new(set)),
        Err(e) => {
            report.push(
                Diagnostic::error(e.to_string())
                    .in_file(pack.file)
                    .help("every .ttf and .otf file in the pack's fonts/ folder must be a readable font: remove the others"),
            );
            None
        }
    }
}

/// What the glyph check calls the fonts when none has a character: the
/// theme's (the message adds that no fallback has it either).
fn covering_names(fonts: &FontSet) -> String {
    fonts.theme().name.clone()
}

/// The built-in fallback families, for the glyph check's message.
fn fallback_names() -> String {
    crate::text::script::fallback_names()
        .collect::<Vec<_>>()
        .join(", ")
}

/// A site, checked, with a hash of the file it was read from.
#[derive(Debug)]
pub struct LoadedSite {
    /// The site.
    pub site: Site,
    /// SHA-256 of its site file as read: an output built from another
    /// version of it is out of date.
    pub source_sha256: String,
}

/// The sites a build makes outputs for.
#[derive(Debug, Default)]
pub struct Sites {
    /// The sites that loaded and checked cleanly.
    pub sites: Vec<LoadedSite>,
    /// Site files left out because of errors (already reported).
    pub failed: Vec<PathBuf>,
}

/// Loads the sites named by `--site`: one file, or every site in a folder.
/// Each is checked against every pack; a site with errors is reported and
/// left out, and does not stop the others.
pub fn load_sites(path: &Path, packs: &[LoadedPack], report: &mut Report) -> Sites {
    let files = if path.is_dir() {
        match sites::discover(path) {
            Ok(f) if !f.is_empty() => f,
            Ok(_) => {
                report.push(
                    Diagnostic::error(format!("{} has no site files", path.display())).help(
                        "a site folder holds *.toml site files, or folders each with a site.toml",
                    ),
                );
                return Sites::default();
            }
            Err(e) => {
                report.push(Diagnostic::error(format!(
                    "cannot read the site folder {}: {e}",
                    path.display()
                )));
                return Sites::default();
            }
        }
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Sites::default();
    let mut ids: Vec<String> = Vec::new();
    for file in files {
        let before = report.error_count();
        let site = sites::load(&file, report);
        if let Some(site) = &site {
            for lp in packs {
                if let Some(shaper) = Shaper::new(&lp.fonts) {
                    let covers = |c: char| shaper.covers(c);
                    let names = covering_names(&lp.fonts);
                    let fallbacks = fallback_names();
                    let coverage = Coverage {
                        family: &names,
                        covers: &covers,
                        fallbacks: &fallbacks,
                    };
                    sites::validate_for(site, &lp.pack, report, Some(&coverage));
                }
            }
            if ids.contains(&site.id) {
                report.push(
                    Diagnostic::error(format!(
                        "two site files make the same output folder `{}`",
                        site.id
                    ))
                    .in_file(site.file)
                    .help("rename one of the site files"),
                );
            }
        }
        match site {
            Some(site) if report.error_count() == before => {
                ids.push(site.id.clone());
                let source_sha256 =
                    format!("{:x}", Sha256::digest(report.source(site.file).as_bytes()));
                out.sites.push(LoadedSite {
                    site,
                    source_sha256,
                });
            }
            _ => out.failed.push(file),
        }
    }
    out
}

/// What to build, as the user asked for it (names still to be matched).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Audience ids; empty means all.
    pub audiences: Vec<String>,
    /// Formats; empty means all.
    pub formats: Vec<Format>,
    /// Papers; empty means the pack's locale's paper.
    pub papers: Vec<Paper>,
    /// Styles; empty means standard.
    pub styles: Vec<ReadingStyle>,
    /// Languages, each built on its own (`-l`); with no `bilingual`
    /// either, every language each pack has.
    pub languages: Vec<Locale>,
    /// Bilingual editions (`--bilingual FIRST+SECOND`): the language read
    /// first, then the second.
    pub bilingual: Vec<(Locale, Locale)>,
    /// How the outputs are printed.
    pub print: PrintOptions,
    /// Also draw every page as a PNG at this many dots per inch.
    pub png: Option<u32>,
}

/// Options that apply to every output of a build.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct PrintOptions {
    /// Bleed in points; zero for office printers.
    pub bleed: crate::units::Pt,
    /// Impose booklets for folding (else reading-order pages).
    pub impose: bool,
    /// Dyslexia style on white paper, with "Print on cream paper" printed,
    /// instead of a cream tint.
    pub plain_paper: bool,
}

impl Default for PrintOptions {
    fn default() -> PrintOptions {
        PrintOptions {
            bleed: crate::units::Pt::ZERO,
            impose: true,
            plain_paper: false,
        }
    }
}

/// One output to make.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Index into the loaded packs.
    pub pack: usize,
    /// Index into the pack's audiences.
    pub audience: usize,
    /// The format.
    pub format: Format,
    /// The paper.
    pub paper: Paper,
    /// The reading style.
    pub style: ReadingStyle,
    /// The language, or the two of a bilingual edition.
    pub languages: Languages,
    /// Where it goes, relative to the output folder.
    pub path: PathBuf,
    /// How it is printed.
    pub print: PrintOptions,
    /// Also draw its pages as PNGs at this many dots per inch.
    pub png: Option<u32>,
    /// What it is, in words, for reports and the contact sheet.
    pub about: About,
    /// What it is built from.
    pub sources: Sources,
}

/// The language of an output, or the two of a bilingual edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Languages {
    /// The language, or in a bilingual edition the one read first.
    pub first: Locale,
    /// The second language of a bilingual edition.
    pub second: Option<Locale>,
}

impl Languages {
    /// One language.
    pub fn one(first: Locale) -> Languages {
        Languages {
            first,
            second: None,
        }
    }

    /// The tags, the first first: `["cy"]`, `["cy", "en-GB"]`.
    pub fn tags(&self) -> Vec<String> {
        std::iter::once(&self.first)
            .chain(&self.second)
            .map(Locale::to_string)
            .collect()
    }

    /// What goes in a file name: `cy`, `cy+en-gb`.
    pub fn file_tag(&self) -> String {
        self.tags().join("+").to_ascii_lowercase()
    }
}

/// What an output is: the names a person picks a file by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct About {
    /// The pack's id.
    pub pack: String,
    /// The pack's title, in its own language (`languages` says which the
    /// output is in).
    pub pack_title: String,
    /// The site's id, or `generic`.
    pub site: String,
    /// The site's name, if any.
    pub site_name: Option<String>,
    /// The audience's id.
    pub audience: String,
    /// The audience's name, as the pack writes it in its own language.
    pub audience_name: String,
    /// The format.
    pub format: Format,
    /// The paper; `None` for the web page, which has none.
    pub paper: Option<Paper>,
    /// The reading style.
    pub style: ReadingStyle,
    /// The language tag of its text (`en-GB`, `cy`), or the two of a
    /// bilingual edition, the one read first first. Empty for an output
    /// recorded before packpress knew languages: the pack's own.
    pub languages: Vec<String>,
}

/// Where an output came from: the hashes of the pack and site files it was
/// built from, so a later build can tell when it is out of date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// SHA-256 of the pack's files ([`LoadedPack::source_sha256`]).
    pub pack_sha256: String,
    /// SHA-256 of the site file, for a site's outputs.
    pub site_sha256: Option<String>,
}

/// A selection that cannot be built as asked.
#[derive(Debug, thiserror::Error)]
pub enum SelectionError {
    /// An audience no pack has.
    #[error(
        "no pack has an audience called `{name}`; the audiences are: {}",
        crate::english::join_and(known)
    )]
    UnknownAudience {
        /// The name given.
        name: String,
        /// The audiences the packs have.
        known: Vec<String>,
    },
    /// Combinations the user named (with `-f` and `-p` or `-s`) that their
    /// format does not make.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    NotMade(Vec<FormatError>),
    /// A language (`-l`, `--bilingual`) no pack has.
    #[error(
        "{} no language `{name}`; {}",
        if .packs == &1 { "the pack has" } else { "no pack has" },
        if .packs == &1 { format!("its languages are: {}", crate::english::join_and(known)) } else { format!("the packs' languages are: {}", crate::english::join_and(known)) }
    )]
    UnknownLanguage {
        /// The tag given.
        name: String,
        /// The languages the packs have: "en-GB (English, the pack's own)".
        known: Vec<String>,
        /// How many packs there are.
        packs: usize,
    },
    /// A bilingual edition of one language twice.
    #[error("--bilingual {given} names {language} twice: a bilingual edition is in two languages")]
    SameLanguage {
        /// The pair as given.
        given: String,
        /// The language both name.
        language: String,
    },
    /// An audience and a language both named, and no pack has the
    /// audience in that language.
    #[error(
        "no pack has the audience `{audience}` in {language}; in {language}, {}",
        if has.is_empty() { "there is no audience".to_string() } else { format!("the audiences are: {}", crate::english::join_and(has)) }
    )]
    NotTranslated {
        /// The audience named.
        audience: String,
        /// The language, or both of a bilingual edition, in words.
        language: String,
        /// The audiences there are in it.
        has: Vec<String>,
    },
}

/// A combination left out of a build because a format does not make it,
/// and the user did not ask for it by name (it came from the defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// The format.
    pub format: Format,
    /// The paper.
    pub paper: Paper,
    /// The style.
    pub style: ReadingStyle,
    /// Why the format does not make it (its `help()` says what to use).
    pub reason: FormatError,
    /// The languages, where the reason is theirs (a bilingual edition's
    /// pair); empty where it is the paper's or the style's.
    pub languages: Vec<String>,
}

impl Selection {
    /// The formats asked for: those named, or every format.
    pub fn formats(&self) -> Vec<Format> {
        if self.formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            self.formats.clone()
        }
    }

    /// The styles asked for: those named, or standard.
    pub fn styles(&self) -> Vec<ReadingStyle> {
        if self.styles.is_empty() {
            vec![ReadingStyle::Standard]
        } else {
            self.styles.clone()
        }
    }

    /// The papers for a pack: those named, or the paper of its region.
    pub fn papers(&self, pack: &Pack) -> Vec<Paper> {
        if self.papers.is_empty() {
            // `for_locale` reads the last subtag, which of a bare region
            // (`GB`, `US`) is the region itself.
            vec![Paper::for_locale(&pack.region())]
        } else {
            self.papers.clone()
        }
    }

    /// The combinations the user named that their format does not make: a
    /// format named with `-f` and a paper or style named with `-p` or `-s`
    /// that it does not come in. These are refused before anything is
    /// loaded. (Every format is made on the default papers, a4 and letter,
    /// and in the default style, so a refusal always names both.)
    pub fn refused(&self) -> Vec<FormatError> {
        let mut refused: Vec<FormatError> = Vec::new();
        for &format in &self.formats {
            for &paper in &self.papers {
                if let Some(e) = format.unmade(paper, ReadingStyle::Standard) {
                    if !refused.contains(&e) {
                        refused.push(e);
                    }
                }
            }
            for &style in &self.styles {
                // Only a style's own reason: the paper's is above.
                let paper = Paper::for_locale("");
                if let Some(e) = format.unmade(paper, style) {
                    if !refused.contains(&e) {
                        refused.push(e);
                    }
                }
            }
            if !self.bilingual.is_empty() {
                if let Some(e) = format.unmade_bilingual() {
                    if !refused.contains(&e) {
                        refused.push(e);
                    }
                }
            }
        }
        refused
    }

    /// The editions to make of a pack, in order: each language asked for
    /// on its own, then each bilingual pair, every tag matched to one the
    /// pack has ([`Pack::find_language`]); with neither asked for, every
    /// language of the pack on its own, its own first. Those the pack does
    /// not have are left out (another pack may have them).
    pub fn editions(&self, pack: &Pack) -> Vec<Languages> {
        if self.languages.is_empty() && self.bilingual.is_empty() {
            return pack.languages().into_iter().map(Languages::one).collect();
        }
        let mut out: Vec<Languages> = Vec::new();
        for l in &self.languages {
            if let Some(l) = pack.find_language(l) {
                let e = Languages::one(l);
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        for (a, b) in &self.bilingual {
            if let (Some(a), Some(b)) = (pack.find_language(a), pack.find_language(b)) {
                let e = Languages {
                    first: a,
                    second: Some(b),
                };
                if e.second.as_ref() != Some(&e.first) && !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// Checks the languages named against the packs: each is a language
    /// of at least one, and the two of a bilingual edition differ.
    fn check_languages(&self, packs: &[LoadedPack]) -> Result<(), SelectionError> {
        let named = self
            .languages
            .iter()
            .chain(self.bilingual.iter().flat_map(|(a, b)| [a, b]));
        for l in named {
            if !packs.iter().any(|p| p.pack.find_language(l).is_some()) {
                let mut known: Vec<String> = Vec::new();
                for p in packs {
                    for (i, lang) in p.pack.languages().iter().enumerate() {
                        let name = lang.language_name().unwrap_or("a language");
                        let own = if i == 0 { ", the pack's own" } else { "" };
                        let k = format!("{lang} ({name}{own})");
                        if !known.contains(&k) {
                            known.push(k);
                        }
                    }
                }
                return Err(SelectionError::UnknownLanguage {
                    name: l.to_string(),
                    known,
                    packs: packs.len(),
                });
            }
        }
        for (a, b) in &self.bilingual {
            for p in packs {
                if let (Some(x), Some(y)) = (p.pack.find_language(a), p.pack.find_language(b)) {
                    if x == y {
                        return Err(SelectionError::SameLanguage {
                            given: format!("{a}+{b}"),
                            language: x.describe(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks that each audience named is, in some pack, in each language
    /// (or pair) named: `-a young-people -l cy` with no Welsh text for
    /// young people is refused, not skipped in silence.
    fn check_translated(&self, packs: &[LoadedPack]) -> Result<(), SelectionError> {
        if self.audiences.is_empty() {
            return Ok(());
        }
        let asked: Vec<Vec<&Locale>> = self
            .languages
            .iter()
            .map(|l| vec![l])
            .chain(self.bilingual.iter().map(|(a, b)| vec![a, b]))
            .collect();
        for audience in &self.audiences {
            for langs in &asked {
                let has_it = |p: &Pack| {
                    langs.iter().all(|l| {
                        p.find_language(l)
                            .and_then(|l| p.in_language(&l).map(|v| v.audience(audience).is_some()))
                            .unwrap_or(false)
                    })
                };
                if packs.iter().any(|p| has_it(&p.pack)) {
                    continue;
                }
                let language = langs
                    .iter()
                    .map(|l| {
                        packs
                            .iter()
                            .find_map(|p| p.pack.find_language(l))
                            .map_or_else(|| l.to_string(), |l| l.describe())
                    })
                    .collect::<Vec<_>>()
                    .join(" and ");
                let mut has: Vec<String> = Vec::new();
                for p in packs {
                    let views: Vec<&Pack> = langs
                        .iter()
                        .filter_map(|l| p.pack.find_language(l))
                        .filter_map(|l| p.pack.in_language(&l))
                        .collect();
                    if views.len() != langs.len() {
                        continue;
                    }
                    for a in &views[0].audiences {
                        if views.iter().all(|v| v.audience(&a.id).is_some()) && !has.contains(&a.id)
                        {
                            has.push(a.id.clone());
                        }
                    }
                }
                return Err(SelectionError::NotTranslated {
                    audience: audience.clone(),
                    language,
                    has,
                });
            }
        }
        Ok(())
    }
}

/// What a selection expands to for one site: the jobs, and what was left
/// out because a format does not make it.
#[derive(Debug, Default)]
pub struct Plan {
    /// The outputs to make, in a stable order.
    pub jobs: Vec<Job>,
    /// Combinations from the defaults that a format does not make.
    pub skipped: Vec<Skipped>,
}

/// Expands a selection into jobs for one site (or none: "generic"), in a
/// stable order. A combination a format does not make is skipped when it
/// came from the defaults, and refused when the user named it.
pub fn plan(
    packs: &[LoadedPack],
    sel: &Selection,
    site: Option<&LoadedSite>,
) -> Result<Plan, SelectionError> {
    let site_id = site.map_or("generic", |s| s.site.id.as_str());
    for a in &sel.audiences {
        if !packs.iter().any(|p| p.pack.audience(a).is_some()) {
            let mut known: Vec<String> = Vec::new();
            for id in packs
                .iter()
                .flat_map(|p| p.pack.audiences.iter().map(|a| a.id.clone()))
            {
                if !known.contains(&id) {
                    known.push(id);
                }
            }
            return Err(SelectionError::UnknownAudience {
                name: a.clone(),
                known,
            });
        }
    }
    let refused = sel.refused();
    if !refused.is_empty() {
        return Err(SelectionError::NotMade(refused));
    }
    sel.check_languages(packs)?;
    sel.check_translated(packs)?;
    let formats = sel.formats();
    let styles = sel.styles();
    let mut plan = Plan::default();
    let skip = |plan: &mut Plan, s: Skipped| {
        if !plan.skipped.contains(&s) {
            plan.skipped.push(s);
        }
    };
    for (pi, lp) in packs.iter().enumerate() {
        let own = &lp.pack;
        let papers = sel.papers(own);
        let sources = Sources {
            pack_sha256: lp.source_sha256.clone(),
            site_sha256: site.map(|s| s.source_sha256.clone()),
        };
        for edition in sel.editions(own) {
            let (Some(first), second) = (
                own.in_language(&edition.first),
                edition.second.as_ref().map(|l| own.in_language(l)),
            ) else {
                continue;
            };
            let second = match second {
                Some(None) => continue,
                Some(Some(p)) => Some(p),
                None => None,
            };
            // The pack's own language keeps the file names it always had.
            let suffix = (edition.second.is_some() || !own.is_own_language(&edition.first))
                .then(|| edition.file_tag());
            for &format in &formats {
                for &paper in &papers {
                    // The web page has no paper: one page, whatever the
                    // papers named (made with the first, which it does not use).
                    if format == Format::Web && paper != papers[0] {
                        continue;
                    }
                    for &style in &styles {
                        if let Some(reason) = format.unmade(paper, style) {
                            skip(
                                &mut plan,
                                Skipped {
                                    format,
                                    paper,
                                    style,
                                    reason,
                                    languages: Vec::new(),
                                },
                            );
                            continue;
                        }
                        if let Some(second) = second {
                            let rtl = |p: &Pack| {
                                p.language().is_some_and(|l| {
                                    l.direction() == crate::labels::locale::Direction::RightToLeft
                                })
                            };
                            if let Some(reason) =
                                format.unmade_bilingual_pair(rtl(first), rtl(second))
                            {
                                skip(
                                    &mut plan,
                                    Skipped {
                                        format,
                                        paper,
                                        style,
                                        reason,
                                        languages: edition.tags(),
                                    },
                                );
                                continue;
                            }
                        }
                        for (ai, a) in own.audiences.iter().enumerate() {
                            if !sel.audiences.is_empty() && !sel.audiences.contains(&a.id) {
                                continue;
                            }
                            // Each language has the audiences translated
                            // into it; a bilingual edition, those in both.
                            if first.audience(&a.id).is_none() {
                                continue;
                            }
                            if second.is_some_and(|p| p.audience(&a.id).is_none()) {
                                continue;
                            }
                            plan.jobs.push(Job {
                                pack: pi,
                                audience: ai,
                                format,
                                paper,
                                style,
                                languages: edition.clone(),
                                path: output_path(
                                    own.id(),
                                    site_id,
                                    &a.id,
                                    format,
                                    paper,
                                    style,
                                    suffix.as_deref(),
                                ),
                                print: sel.print,
                                png: sel.png,
                                about: About {
                                    pack: own.id().to_string(),
                                    pack_title: own.spec.pack.title.get_ref().trim().to_string(),
                                    site: site_id.to_string(),
                                    site_name: site.map(|s| s.site.name().to_string()),
                                    audience: a.id.clone(),
                                    audience_name: a
                                        .spec
                                        .audience
                                        .name
                                        .get_ref()
                                        .trim()
                                        .to_string(),
                                    format,
                                    paper: (format != Format::Web).then_some(paper),
                                    style,
                                    languages: edition.tags(),
                                },
                                sources: sources.clone(),
                            });
                        }
                    }
                }
            }
        }
    }
    // Audience first, as before: a reader's set of outputs stays together,
    // each language's in turn.
    plan.jobs.sort_by_key(|j| (j.pack, j.audience));
    Ok(plan)
}

/// `<pack>/<site>/<audience>/<format>-<paper>[-<style>][-<lang>].pdf`, and
/// for the web page, which has no paper,
/// `<pack>/<site>/<audience>/web[-<style>][-<lang>].html`. `language` is
/// what [`Languages::file_tag`] gives (`cy`, `cy+en-gb`), and `None` for the
/// pack's own language, whose outputs keep the names they always had. It
/// comes last, after the style, so no name can be read two ways: no
/// language tag is a style's name.
pub fn output_path(
    pack: &str,
    site: &str,
    audience: &str,
    format: Format,
    paper: Paper,
    style: ReadingStyle,
    language: Option<&str>,
) -> PathBuf {
    let mut name = match format {
        Format::Web => format.name().to_string(),
        _ => format!("{}-{}", format.name(), paper.name()),
    };
    if style != ReadingStyle::Standard {
        name.push('-');
        name.push_str(style.name());
    }
    if let Some(language) = language {
        name.push('-');
        name.push_str(language);
    }
    name.push_str(if format == Format::Web {
        ".html"
    } else {
        ".pdf"
    });
    [pack, site, audience, &name].iter().collect()
}

/// Where page `page` (from 1) of `pages` goes as a PNG, beside its PDF:
/// `poster-a4.png` for a single page, `leaflet-a4-1.png`, `leaflet-a4-2.png`
/// for several.
pub fn png_path(pdf: &Path, page: usize, pages: usize) -> PathBuf {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if pages == 1 {
        format!("{stem}.png")
    } else {
        format!("{stem}-{page}.png")
    };
    pdf.with_file_name(name)
}

/// A rendered output, not yet written.
pub struct Rendered {
    /// Where it goes, relative to the output folder.
    pub path: PathBuf,
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Its page count.
    pub pages: usize,
    /// What its format left out to keep to its style (warnings).
    pub notes: Vec<String>,
    /// Its pages as PNGs (when asked for): where each goes, and its bytes.
    pub pngs: Vec<(PathBuf, Vec<u8>)>,
    /// What it is.
    pub about: About,
    /// What it is built from.
    pub sources: Sources,
}

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The content does not fit the format.
    #[error(transparent)]
    Layout(#[from] FormatError),
    /// The PDF could not be written.
    #[error(transparent)]
    Render(#[from] render::pdf::RenderError),
    /// A page could not be drawn as a PNG.
    #[error(transparent)]
    Png(#[from] render::png::PngError),
    /// The font could not be used for shaping.
    #[error("the font family {0} cannot be used for shaping")]
    Font(String),
    /// The site's logo, good when the site was read, no longer decodes.
    #[error("the site's logo cannot be read any more: {0}")]
    Logo(String),
    /// The pack has no text for the job's audience in its language.
    #[error("the pack has no text for the audience `{audience}` in {language}")]
    NotInLanguage {
        /// The audience's id.
        audience: String,
        /// The language, in words.
        language: String,
    },
}

impl JobError {
    /// What the user can do about it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            JobError::Layout(e) => Some(e.help()),
            JobError::Png(render::png::PngError::TooLarge { .. }) => {
                Some("choose a lower --png resolution, such as 150".to_string())
            }
            JobError::Logo(_) => Some(
                "the logo changed while the build ran: check the file, then build again"
                    .to_string(),
            ),
            JobError::NotInLanguage { .. } => Some(
                "add its translation, audiences/<id>.<lang>.toml, or build the languages it has (`packpress list` lists them)".to_string(),
            ),
            JobError::Render(_) | JobError::Png(_) | JobError::Font(_) => None,
        }
    }
}

/// Lays out and renders one job.
pub fn render_job(
    packs: &[LoadedPack],
    site: Option<&Site>,
    job: &Job,
) -> Result<Rendered, JobError> {
    let (mut done, mut failed) = render_jobs(packs, site, std::slice::from_ref(job));
    match failed.pop() {
        Some((_, e)) => Err(e),
        None => done.pop().ok_or_else(|| JobError::Font(String::new())),
    }
}

/// Lays out and renders jobs for one site, sharing one typesetter (and its
/// cache of shaped words) per pack. Returns what was made and what failed.
pub fn render_jobs(
    packs: &[LoadedPack],
    site: Option<&Site>,
    jobs: &[Job],
) -> (Vec<Rendered>, Vec<(Job, JobError)>) {
    render_jobs_with(packs, site, jobs, &|| {})
}

/// As [`render_jobs`], calling `on_done` as each job is made (or fails):
/// what a progress bar counts.
pub fn render_jobs_with(
    packs: &[LoadedPack],
    site: Option<&Site>,
    jobs: &[Job],
    on_done: &(dyn Fn() + Sync),
) -> (Vec<Rendered>, Vec<(Job, JobError)>) {
    let mut done = Vec::with_capacity(jobs.len());
    let mut failed = Vec::new();
    let alone = InFlight::enter();
    // Decode the logo once for all of this site's jobs, and let it go
    // when they are done.
    let _logo = match site.and_then(|s| s.logo.as_ref()).map(|l| l.image()) {
        Some(Err(e)) => {
            let failed = jobs
                .iter()
                .map(|j| (j.clone(), JobError::Logo(e.to_string())))
                .collect();
            return (done, failed);
        }
        Some(Ok(image)) => Some(image),
        None => None,
    };
    for (pi, lp) in packs.iter().enumerate() {
        let mine: Vec<&Job> = jobs.iter().filter(|j| j.pack == pi).collect();
        if mine.is_empty() {
            continue;
        }
        let one = |ts: &mut Option<Typesetter>, job: &&Job| {
            let made = match ts {
                Some(ts) => render_one(lp, site, job, ts),
                None => Err(JobError::Font(lp.fonts.theme().name.clone())),
            };
            on_done();
            made
        };
        let typesetter = || Shaper::new(&lp.fonts).map(Typesetter::new);
        // A site built alone spreads its jobs over the threads, each with
        // its own typesetter (its caches are per thread), collected in the
        // jobs' order. Sites built side by side already fill the threads;
        // splitting their jobs too would let a waiting thread start yet
        // another site (rayon steals), and hold every site's logo at once.
        let made: Vec<Result<Rendered, JobError>> = if alone.first {
            mine.par_iter().map_init(typesetter, one).collect()
        } else {
            let mut ts = typesetter();
            mine.iter().map(|job| one(&mut ts, job)).collect()
        };
        for (job, m) in mine.into_iter().zip(made) {
            match m {
                Ok(r) => done.push(r),
                Err(e) => failed.push((job.clone(), e)),
            }
        }
    }
    (done, failed)
}

/// How many sites are being rendered at this moment, in this process.
static SITES_IN_FLIGHT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One site being rendered; `first` if no other was when it began.
struct InFlight {
    first: bool,
}

impl InFlight {
    fn enter() -> InFlight {
        let before = SITES_IN_FLIGHT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        InFlight { first: before == 0 }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        SITES_IN_FLIGHT.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Lays out and renders one job with a typesetter for its pack.
fn render_one(
    lp: &LoadedPack,
    site: Option<&Site>,
    job: &Job,
    ts: &Typesetter,
) -> Result<Rendered, JobError> {
    let (first, audience, second) = in_languages(&lp.pack, job)?;
    ts.set_min_leading(match job.style {
        ReadingStyle::Dyslexia => job.style.typography().leading,
        _ => 0.0,
    });
    let ctx = Context::new(
        first,
        audience,
        job.paper,
        job.style,
        ts,
        Arc::clone(&lp.fonts),
    )
    .with_site(site)
    .with_bleed(job.print.bleed)
    .with_impose(job.print.impose)
    .with_plain_paper(job.print.plain_paper)
    .with_second(second);
    // The web page is not laid out on pages: it is made from the pack.
    if job.format == Format::Web {
        if let Some(e) = ctx.second.as_ref().and(Format::Web.unmade_bilingual()) {
            return Err(JobError::Layout(e));
        }
        return web(&ctx, job);
    }
    let doc = formats::make(&ctx, job.format)?;
    let bytes = render::pdf::render(&doc)?;
    let pages = doc.pages.len();
    let pngs = match job.png {
        Some(dpi) => render::png::render(&doc, dpi)?
            .into_iter()
            .enumerate()
            .map(|(i, b)| (png_path(&job.path, i + 1, pages), b))
            .collect(),
        None => Vec::new(),
    };
    Ok(Rendered {
        path: job.path.clone(),
        bytes,
        pages,
        notes: doc.notes,
        pngs,
        about: job.about.clone(),
        sources: job.sources.clone(),
    })
}

/// The pack and the audience in a job's language, and in its second
/// language for a bilingual edition.
type InLanguages<'a> = (
    &'a Pack,
    &'a pack::Audience,
    Option<(&'a Pack, &'a pack::Audience)>,
);

/// Finds a job's audience in its languages (a plan only makes jobs for
/// those it has; a job made by hand may ask for others).
fn in_languages<'a>(own: &'a Pack, job: &Job) -> Result<InLanguages<'a>, JobError> {
    let id = own
        .audiences
        .get(job.audience)
        .map(|a| a.id.as_str())
        .unwrap_or_default();
    let find = |l: &Locale| {
        own.in_language(l)
            .and_then(|p| p.audience(id).map(|a| (p, a)))
            .ok_or_else(|| JobError::NotInLanguage {
                audience: id.to_string(),
                language: l.describe(),
            })
    };
    let (pack, audience) = find(&job.languages.first)?;
    let second = job.languages.second.as_ref().map(find).transpose()?;
    // A bilingual job must be made as one, whatever a format can do with it.
    if let Some((p, _)) = second {
        if p.language().is_none() {
            return Err(JobError::NotInLanguage {
                audience: id.to_string(),
                language: "the second language".to_string(),
            });
        }
    }
    Ok((pack, audience, second))
}

/// The web page of a job: one page, no notes (nothing gives way on a
/// screen), no PNGs.
fn web(ctx: &Context, job: &Job) -> Result<Rendered, JobError> {
    let page = render::html::WebPage::of(ctx);
    // A bilingual edition: one page with both languages.
    let second = ctx.in_second();
    let html = match &second {
        Some(s) => render::html::render_bilingual(&page, &render::html::WebPage::of(s)),
        None => render::html::render(&page),
    }
    .map_err(|e| match e {
        render::html::HtmlError::Logo(why) => JobError::Logo(why),
    })?;
    Ok(Rendered {
        path: job.path.clone(),
        bytes: html.into_bytes(),
        pages: 1,
        notes: Vec::new(),
        pngs: Vec::new(),
        about: job.about.clone(),
        sources: job.sources.clone(),
    })
}

/// An output folder or file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    /// The path.
    pub path: PathBuf,
    /// What the system said.
    pub source: std::io::Error,
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

/// Writes outputs into one output folder, holding its lock from the first
/// file written until the manifest is merged ([`OutputFolder::finish`]):
/// two builds into one folder (a `watch` and a `build`) take turns, and
/// neither loses the other's entries. Nothing is created, not even the
/// folder, until there is something to write.
pub struct OutputFolder {
    root: PathBuf,
    lock: std::sync::Mutex<Option<manifest::FolderLock>>,
}

impl OutputFolder {
    /// The output folder at `root` (not touched yet).
    pub fn new(root: &Path) -> OutputFolder {
        OutputFolder {
            root: root.to_path_buf(),
            lock: std::sync::Mutex::new(None),
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Makes the folder and takes its lock, once; waits while another
    /// build holds it.
    fn locked(&self) -> Result<(), WriteError> {
        let mut lock = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        if lock.is_none() {
            *lock = Some(lock_and_sweep(&self.root)?);
        }
        Ok(())
    }

    /// Writes one rendered output: its PDF and PNGs, each atomically, and
    /// removes any earlier PNG of the same PDF that this build did not
    /// draw again (a PNG never outlives a change to its PDF).
    pub fn write(&self, r: &Rendered) -> Result<Output, WriteError> {
        self.locked()?;
        let write = |rel: &Path, bytes: &[u8], pages: usize| -> Result<Written, WriteError> {
            let path = self.root.join(rel);
            write_atomic(&path, bytes)?;
            Ok(Written {
                path: rel.to_path_buf(),
                pages,
                bytes: bytes.len() as u64,
                sha256: format!("{:x}", Sha256::digest(bytes)),
                modified_ns: fs::metadata(&path).ok().as_ref().and_then(modified_ns),
            })
        };
        let pdf = write(&r.path, &r.bytes, r.pages)?;
        let pngs: Vec<Written> = r
            .pngs
            .iter()
            .map(|(path, bytes)| write(path, bytes, 1))
            .collect::<Result<_, _>>()?;
        let keep: Vec<&Path> = pngs.iter().map(|w| w.path.as_path()).collect();
        remove_pngs_of(&self.root, &r.path, &keep)?;
        Ok(Output {
            pdf,
            pngs,
            about: r.about.clone(),
            sources: r.sources.clone(),
            notes: r.notes.clone(),
        })
    }

    /// Merges this build into `manifest.json` and redraws the contact
    /// sheet (`index.html`) from it, then lets the folder go. When nothing
    /// was written and the folder does not exist, nothing is made.
    pub fn finish(
        self,
        build: &manifest::ThisBuild,
    ) -> Result<Option<manifest::Manifest>, WriteError> {
        let mut lock = self.lock.into_inner().unwrap_or_else(|p| p.into_inner());
        if lock.is_none() {
            if !self.root.is_dir() {
                return Ok(None);
            }
            lock = Some(lock_and_sweep(&self.root)?);
        }
        let merged = manifest::update(&self.root, build)?;
        crate::contact_sheet::write(&self.root, &merged)?;
        drop(lock);
        Ok(Some(merged))
    }
}

/// Takes the output folder's lock, then removes what a killed build left
/// half-written ([`remove_leftovers`]): only now is no other build
/// writing there.
fn lock_and_sweep(root: &Path) -> Result<manifest::FolderLock, WriteError> {
    let lock = manifest::FolderLock::acquire(root)?;
    remove_leftovers(root);
    Ok(lock)
}

/// Removes the PNGs of the PDF at `pdf` (relative to `root`) that are not
/// in `keep`: `<stem>.png` and `<stem>-<n>.png` beside it.
fn remove_pngs_of(root: &Path, pdf: &Path, keep: &[&Path]) -> Result<(), WriteError> {
    let Some(stem) = pdf.file_stem().and_then(|s| s.to_str()) else {
        return Ok(());
    };
    let rel_dir = pdf.parent().unwrap_or(Path::new(""));
    let dir = root.join(rel_dir);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(stem).and_then(|r| r.strip_suffix(".png")) else {
            continue;
        };
        // `poster-a4.png`, or `leaflet-a4-2.png`; never another output's
        // (`poster-a4-large-print.png` has letters after the stem).
        let ours = rest.is_empty()
            || rest
                .strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let rel = rel_dir.join(name);
        if ours && !keep.contains(&rel.as_path()) {
            fs::remove_file(entry.path()).map_err(|source| WriteError {
                path: entry.path(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Writes rendered files under `out`, each atomically, PNGs beside their
/// PDF, and merges them into the manifest and contact sheet.
pub fn write_all(out: &Path, rendered: &[Rendered]) -> Result<Vec<Output>, WriteError> {
    let folder = OutputFolder::new(out);
    let written = rendered
        .iter()
        .map(|r| folder.write(r))
        .collect::<Result<Vec<_>, _>>()?;
    folder.finish(&manifest::ThisBuild {
        made: &written,
        ..manifest::ThisBuild::default()
    })?;
    Ok(written)
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

/// How deep below the output folder outputs are written:
/// `<pack>/<site>/<audience>/<file>`.
const OUTPUT_DEPTH: usize = 3;

/// Removes the temporary files ([`TEMP_PREFIX`]`*`[`TEMP_SUFFIX`]) that a
/// build killed while writing left in the output folder `root`, down to
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
            } else if name.starts_with(TEMP_PREFIX)
                && name.ends_with(TEMP_SUFFIX)
                && fs::remove_file(entry.path()).is_ok()
            {
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
    fn output_paths_follow_the_pack_format() {
        let p = output_path(
            "e2ee",
            "generic",
            "parents",
            Format::Poster,
            Paper::A4,
            ReadingStyle::Standard,
            None,
        );
        assert_eq!(p, PathBuf::from("e2ee/generic/parents/poster-a4.pdf"));
        let p = output_path(
            "e2ee",
            "generic",
            "parents",
            Format::Handout,
            Paper::Letter,
            ReadingStyle::LargePrint,
            None,
        );
        assert_eq!(
            p,
            PathBuf::from("e2ee/generic/parents/handout-letter-large-print.pdf")
        );
    }

    #[test]
    fn output_paths_name_a_translation_and_a_bilingual_edition_after_the_style() {
        let cy = Locale::parse("cy").unwrap();
        let en = Locale::parse("en-GB").unwrap();
        let one = Languages::one(cy.clone());
        let pair = Languages {
            first: cy,
            second: Some(en),
        };
        assert_eq!(pair.tags(), ["cy", "en-GB"]);
        let path = |l: &Languages, format, style| {
            output_path(
                "p",
                "generic",
                "parents",
                format,
                Paper::A4,
                style,
                Some(&l.file_tag()),
            )
        };
        let s = ReadingStyle::Standard;
        assert_eq!(
            path(&one, Format::Handout, s),
            PathBuf::from("p/generic/parents/handout-a4-cy.pdf")
        );
        assert_eq!(
            path(&one, Format::Handout, ReadingStyle::LargePrint),
            PathBuf::from("p/generic/parents/handout-a4-large-print-cy.pdf")
        );
        assert_eq!(
            path(&pair, Format::Handout, s),
            PathBuf::from("p/generic/parents/handout-a4-cy+en-gb.pdf")
        );
        assert_eq!(
            path(&one, Format::Web, s),
            PathBuf::from("p/generic/parents/web-cy.html")
        );
    }

    #[test]
    fn every_theme_fonts_key_names_a_script() {
        // The schema (in `pack`) lists the keys; `text` knows the scripts.
        for f in crate::pack::schema::THEME_FONTS {
            assert!(
                crate::text::script::script_named(f.key).is_some(),
                "{}",
                f.key
            );
        }
    }

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
    fn writing_into_an_output_folder_sweeps_a_killed_builds_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join("p/generic/parents/.packpress-k1ll3d.tmp");
        fs::create_dir_all(left.parent().unwrap()).unwrap();
        fs::write(&left, b"half a PDF").unwrap();
        let folder = OutputFolder::new(dir.path());
        let about = About {
            pack: "p".into(),
            pack_title: "P".into(),
            site: "generic".into(),
            site_name: None,
            audience: "parents".into(),
            audience_name: "Parents".into(),
            format: Format::Poster,
            paper: Some(Paper::A4),
            style: ReadingStyle::Standard,
            languages: vec!["en-GB".into()],
        };
        let rendered = Rendered {
            path: PathBuf::from("p/generic/parents/poster-a4.pdf"),
            bytes: b"%PDF-1.7".to_vec(),
            pages: 1,
            notes: Vec::new(),
            pngs: Vec::new(),
            about,
            sources: Sources::default(),
        };
        folder.write(&rendered).unwrap();
        assert!(!left.exists());
        assert!(dir.path().join("p/generic/parents/poster-a4.pdf").exists());
    }
}
