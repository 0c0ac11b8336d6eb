//! Planning: what the user asked for (a [`Selection`]) checked against the
//! packs and expanded, for one site, into [`Job`]s in a stable order, with
//! what the defaults asked for that a format does not make.

use std::path::{Path, PathBuf};

use super::load::{LoadedPack, LoadedSite};
use crate::formats::{Format, FormatError, Paper};
use crate::labels::Locale;
use crate::pack::Pack;
use crate::style::ReadingStyle;

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
    plan_for(
        packs,
        sel,
        site.map(|s| Target {
            id: &s.site.id,
            name: Some(s.site.name()),
            sha256: Some(&s.source_sha256),
        }),
    )
}

/// Whom a plan is for, when it is a site: its id (its folder), its name,
/// and the hash of what it was read from.
#[derive(Copy, Clone, Debug)]
pub struct Target<'a> {
    /// The site's id.
    pub id: &'a str,
    /// Its name, when it could be read.
    pub name: Option<&'a str>,
    /// [`LoadedSite::source_sha256`], when it loaded.
    pub sha256: Option<&'a str>,
}

/// As [`plan`], for a site given by its id alone: what a site file with
/// errors would have made (the outputs its errors cost).
pub fn plan_for(
    packs: &[LoadedPack],
    sel: &Selection,
    site: Option<Target>,
) -> Result<Plan, SelectionError> {
    let site_id = site.map_or("generic", |s| s.id);
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
            site_sha256: site.and_then(|s| s.sha256.map(str::to_string)),
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
                                    site_name: site.and_then(|s| s.name.map(str::to_string)),
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
}
