//! The second layer of the command line: what was typed ([`Select`]),
//! resolved into what runs ([`Config`]): the packs found and loaded, the
//! sites loaded, the selection checked against them, and the jobs planned
//! for each site. `build`, `check` and `watch` all run from a `Config`, so
//! `check` lays out exactly what `build` would make.

use std::path::{Path, PathBuf};

use packpress::build::manifest::{Broken, NotBuilt};
use packpress::build::{
    self, Checks, Inputs, LoadedPack, LoadedSite, Plan, Selection, Sites, Skipped, Target,
};
use packpress::date::Date;
use packpress::diagnostics::{Report, Severity};
use packpress::english::{agree, count, join_and};

use super::args::Select;
use super::output::{error, Outcome};

/// A command line resolved: everything validated and loaded.
pub struct Config {
    /// The packs that loaded without errors.
    pub packs: Vec<LoadedPack>,
    /// Pack folders with errors (reported): their outputs are not made.
    pub failed_packs: Vec<PathBuf>,
    /// The sites, when `--site` was given.
    pub sites: Option<Sites>,
    /// The jobs for each target: the generic outputs (`None`), or each
    /// site (an index into `sites`).
    pub plans: Vec<(Option<usize>, Plan)>,
    /// Every finding from loading the packs and sites (already printed).
    pub report: Report,
    /// What the packs and sites with errors cost: their earlier outputs,
    /// out of date, and what they would have made.
    pub damage: Damage,
}

/// What packs and site files with errors cost the output folder: every
/// earlier output of them is out of date, and what the build would have
/// made of them is not built.
#[derive(Clone, Debug, Default)]
pub struct Damage {
    /// The packs and sites with errors, as the manifest marks them.
    pub broken: Vec<Broken>,
    /// What a site with errors would have made (where the packs loaded).
    pub not_built: Vec<NotBuilt>,
}

impl Config {
    /// The site of a target.
    pub fn site(&self, target: Option<usize>) -> Option<&LoadedSite> {
        target.and_then(|i| self.sites.as_ref().and_then(|s| s.sites.get(i)))
    }

    /// What the defaults asked for that a format does not make (the same
    /// for every target).
    pub fn skipped(&self) -> &[Skipped] {
        self.plans
            .first()
            .map(|(_, p)| p.skipped.as_slice())
            .unwrap_or_default()
    }

    /// How many jobs in all.
    pub fn job_count(&self) -> usize {
        self.plans.iter().map(|(_, p)| p.jobs.len()).sum()
    }

    /// The error findings about a file at or under `path`, one line each.
    pub fn errors_in(&self, path: &Path) -> Vec<String> {
        self.report
            .diagnostics()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter(|d| {
                d.file
                    .is_some_and(|f| self.report.path(f).starts_with(path))
            })
            .map(|d| self.report.short(d))
            .collect()
    }

    /// The packs read and their source hashes, for the manifest.
    pub fn pack_sources(&self) -> Vec<(String, String)> {
        self.packs
            .iter()
            .map(|p| (p.pack.id().to_string(), p.source_sha256.clone()))
            .collect()
    }

    /// The sites read and their source hashes, for the manifest.
    pub fn site_sources(&self) -> Vec<(String, String)> {
        site_sources(self.sites.as_ref())
    }

    /// What the output folder needs to know before this build writes.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            packs: self.pack_sources(),
            sites: self.site_sources(),
            broken: self.damage.broken.clone(),
            planned: self
                .plans
                .iter()
                .flat_map(|(_, p)| p.jobs.iter().map(|j| j.path.clone()))
                .collect(),
        }
    }
}

fn pack_sources(packs: &[LoadedPack]) -> Vec<(String, String)> {
    packs
        .iter()
        .map(|p| (p.pack.id().to_string(), p.source_sha256.clone()))
        .collect()
}

fn site_sources(sites: Option<&Sites>) -> Vec<(String, String)> {
    sites
        .iter()
        .flat_map(|s| &s.sites)
        .map(|s| (s.site.id.clone(), s.source_sha256.clone()))
        .collect()
}

/// "the site file (sites/x.toml) has errors (its first)".
fn has_errors(what: &str, path: &Path, first: Option<String>) -> String {
    match first {
        Some(e) => format!("{what} ({}) has errors ({e})", path.display()),
        None => format!("{what} ({}) has errors", path.display()),
    }
}

/// What the packs and site files with errors cost: see [`Damage`].
fn damage(
    report: &Report,
    packs: &[LoadedPack],
    failed_packs: &[PathBuf],
    sites: Option<&Sites>,
    selection: &Selection,
) -> Damage {
    let mut d = Damage::default();
    let first_error = |path: &Path| {
        report
            .diagnostics()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .find(|d| d.file.is_some_and(|f| report.path(f).starts_with(path)))
            .map(|d| packpress::escape::terminal(&d.message, 160))
    };
    let mut pack_ids: Vec<String> = packs.iter().map(|p| p.pack.id().to_string()).collect();
    for dir in failed_packs {
        let Some(id) = packpress::pack::load::peek_id(dir) else {
            continue;
        };
        let why = format!(
            "not rebuilt: {}; this is the earlier file",
            has_errors(&format!("the pack `{id}`"), dir, first_error(dir))
        );
        d.broken.push(Broken {
            pack: id.clone(),
            site: None,
            why,
        });
        if !pack_ids.contains(&id) {
            pack_ids.push(id);
        }
    }
    for file in sites.iter().flat_map(|s| &s.failed) {
        let id = packpress::pack::site::site_id(file);
        if id.is_empty() || id == packpress::pack::site::GENERIC {
            continue;
        }
        let error = has_errors("the site file", file, first_error(file));
        let why = format!("not rebuilt: {error}; this is the earlier file");
        for pack in &pack_ids {
            d.broken.push(Broken {
                pack: pack.clone(),
                site: Some(id.clone()),
                why: why.clone(),
            });
        }
        let target = Target {
            id: &id,
            name: None,
            sha256: None,
        };
        if let Ok(plan) = build::plan_for(packs, selection, Some(target)) {
            for job in plan.jobs {
                d.not_built.push(NotBuilt {
                    path: job.path,
                    error: error.clone(),
                });
            }
        }
    }
    d
}

/// Why nothing at all can be made. Misuse of the command line has been
/// printed; errors in packs and sites have been printed, and `why` sums
/// them up for the command to say in its own words.
pub struct Refused {
    /// The exit code.
    pub outcome: Outcome,
    /// One line for a JSON summary: why nothing was made.
    pub why: String,
    /// The error findings, one line each, for a JSON summary.
    pub errors: Vec<String>,
    /// How many warnings were printed.
    pub warnings: usize,
    /// For packs and sites with errors: what the output folder must mark
    /// out of date (a build that makes nothing still keeps its manifest
    /// true). `None` for misuse of the command line.
    pub folder: Option<Box<(Inputs, Damage)>>,
}

/// The selection a command line asks for.
pub fn selection(select: &Select, png: Option<u32>) -> Selection {
    Selection {
        audiences: select.audiences.clone(),
        formats: select.formats.clone(),
        papers: select.papers.clone(),
        styles: select.styles.clone(),
        languages: select.languages.clone(),
        bilingual: select.bilingual.clone(),
        print: build::PrintOptions {
            bleed: packpress::units::Pt::mm(select.bleed.unwrap_or(0.0)),
            impose: !select.no_impose,
            plain_paper: select.plain_paper,
        },
        png,
    }
}

/// Checks what can be checked before anything is read: the combinations
/// named, the pack folders and the site path. Misuse is exit 2.
pub fn precheck(select: &Select) -> Result<Vec<PathBuf>, Refused> {
    let usage = |why: &str| Refused {
        outcome: Outcome::Usage,
        why: why.to_string(),
        errors: Vec::new(),
        warnings: 0,
        folder: None,
    };
    let refused = selection(select, None).refused();
    if !refused.is_empty() {
        for e in &refused {
            error(&e.to_string(), Some(&e.help()));
        }
        return Err(usage(
            "the command line asks for a format in a paper, style or bilingual edition it is not made in",
        ));
    }
    let dirs = pack_dirs(&select.packs).map_err(|why| usage(&why))?;
    if let Some(site) = &select.site {
        if !site.exists() {
            let help = match site_meant(site) {
                Some(meant) => format!(
                    "did you mean --site {}? --site takes the site file's whole name, .toml and all",
                    meant.display()
                ),
                None => "--site takes a school's site file (a .toml file with a [site] table, see docs/pack-format.md) or a folder of them; check the path".to_string(),
            };
            error(
                &format!("there is no site file or folder at {}", site.display()),
                Some(&help),
            );
            return Err(usage("the site file does not exist"));
        }
    }
    Ok(dirs)
}

impl Config {
    /// Whether the pack `id` has more than one language: messages about
    /// its outputs then name each one's.
    pub fn many_languages(&self, id: &str) -> bool {
        self.packs
            .iter()
            .find(|p| p.pack.spec.pack.id.get_ref() == id)
            .is_some_and(|p| p.languages.len() > 1)
    }
}

/// The site file `--site` most likely meant, when what was typed is not
/// there: the same name with `.toml` (`--site st-aidans`), or the nearest
/// name among the site files in the folder it names (a typo).
fn site_meant(typed: &Path) -> Option<PathBuf> {
    if typed.extension().is_none() {
        let with = typed.with_extension("toml");
        if with.is_file() {
            return Some(with);
        }
    }
    let folder = match typed.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let typed_name = typed.file_name()?.to_string_lossy().to_lowercase();
    let typed_stem = typed_name.strip_suffix(".toml").unwrap_or(&typed_name);
    // The file one folder down (the README has schools copy the example
    // into example-site/, then type only its name).
    let mut below: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path().join(format!("{typed_stem}.toml")))
        .filter(|p| p.is_file())
        .collect();
    below.sort();
    if let Some(found) = below.into_iter().next() {
        return Some(
            found
                .strip_prefix(".")
                .map(Path::to_path_buf)
                .unwrap_or(found),
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    // The same answer whatever order the folder lists its files in.
    names.sort();
    let stems: Vec<&str> = names
        .iter()
        .map(|n| n.strip_suffix(".toml").unwrap_or(n))
        .collect();
    let stem = packpress::suggest::closest(typed_stem, &stems)?;
    Some(typed.with_file_name(format!("{stem}.toml")))
}

/// The pack folders given, each checked to be a pack, or every pack under
/// ./packs. `Err` (printed) when one given is not a pack, or none is found.
pub fn pack_dirs(given: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !given.is_empty() {
        let mut bad = 0;
        for dir in given {
            let problem = if !dir.exists() {
                Some(format!(
                    "there is no pack at {}: no such folder",
                    dir.display()
                ))
            } else if !dir.is_dir() {
                Some(format!("{} is a file, not a pack folder", dir.display()))
            } else if !dir.join("pack.toml").is_file() {
                Some(format!(
                    "{} is not a pack: it has no pack.toml",
                    dir.display()
                ))
            } else {
                None
            };
            if let Some(p) = problem {
                error(
                    &p,
                    Some("a pack is a folder with pack.toml and an audiences/ folder, for example packs/e2ee; `packpress list` lists the packs under ./packs"),
                );
                bad += 1;
            }
        }
        if bad > 0 {
            return Err(format!(
                "{} given {} not a pack",
                count(bad, "folder"),
                agree(bad > 1, "is", "are")
            ));
        }
        return Ok(given.to_vec());
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
        error(
            "no pack given, and no packs/*/pack.toml here",
            Some("run from a folder with a packs/ folder, or name a pack: packpress build path/to/pack"),
        );
        return Err("no pack given, and none found under ./packs".to_string());
    }
    Ok(dirs)
}

/// How a command loads: what it checks, and what it prints.
#[derive(Copy, Clone, Debug)]
pub struct Load {
    /// Also draw PNGs at this many dots per inch (build).
    pub png: Option<u32>,
    /// `Checks::All` for `check`; `build` and `watch` leave out the
    /// analysis of the writing, which only warns.
    pub checks: Checks,
    /// `-q`: notes are not printed.
    pub quiet: bool,
}

/// Loads and plans: the second layer. Every finding is printed as it is
/// found; `Err` when nothing at all can be made.
pub fn resolve(select: &Select, dirs: &[PathBuf], load: Load) -> Result<Config, Refused> {
    let png = load.png;
    let mut report = Report::new();
    let (packs, failed_packs) = build::load_each(dirs, &mut report, Date::today(), load.checks);
    // The sites are read and checked even when no pack could be: every
    // error in every file in one run, so a school does not fix its site
    // file only after the pack's errors are fixed. (Without a pack, what
    // depends on one, its phone numbers' region and its font, waits.)
    let sites = select
        .site
        .as_ref()
        .map(|path| build::load_sites(path, &packs, &mut report));
    report.emit_stderr_from(if load.quiet {
        Severity::Warning
    } else {
        Severity::Note
    });
    let errors = |report: &Report| {
        report
            .diagnostics()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| report.short(d))
            .collect::<Vec<_>>()
    };
    let selection = selection(select, png);
    let folder = |report: &Report| {
        let damage = damage(report, &packs, &failed_packs, sites.as_ref(), &selection);
        let inputs = Inputs {
            packs: pack_sources(&packs),
            sites: site_sources(sites.as_ref()),
            broken: damage.broken.clone(),
            planned: Vec::new(),
        };
        Some(Box::new((inputs, damage)))
    };
    if packs.is_empty() {
        let with_sites = sites.as_ref().is_some_and(|s| !s.failed.is_empty());
        let why = format!(
            "nothing was built: {} in the {}{}",
            count(report.error_count(), "error"),
            if dirs.len() == 1 { "pack" } else { "packs" },
            if with_sites { " and site files" } else { "" }
        );
        return Err(Refused {
            outcome: Outcome::PackErrors,
            errors: errors(&report),
            warnings: report.warning_count(),
            why,
            folder: folder(&report),
        });
    }
    let site_is_file = select.site.as_deref().is_some_and(|p| !p.is_dir());
    if let Some(s) = &sites {
        if s.sites.is_empty() || (site_is_file && !s.failed.is_empty()) {
            let why = if site_is_file {
                "nothing was built: the site file has errors".to_string()
            } else {
                "nothing was built: every site file has errors".to_string()
            };
            return Err(Refused {
                outcome: Outcome::PackErrors,
                errors: errors(&report),
                warnings: report.warning_count(),
                why,
                folder: folder(&report),
            });
        }
    }
    let targets: Vec<Option<usize>> = match &sites {
        None => vec![None],
        Some(s) => (0..s.sites.len()).map(Some).collect(),
    };
    let mut plans = Vec::with_capacity(targets.len());
    for target in targets {
        let site = target.and_then(|i| sites.as_ref().and_then(|s| s.sites.get(i)));
        match build::plan(&packs, &selection, site) {
            Ok(plan) => plans.push((target, plan)),
            Err(e) => {
                let help = match &e {
                    build::SelectionError::UnknownAudience { known, .. } => {
                        format!(
                            "name one of {} with -a, or leave -a out for every audience",
                            join_and(known)
                        )
                    }
                    build::SelectionError::NotMade(list) => {
                        list.first().map(|e| e.help()).unwrap_or_default()
                    }
                    build::SelectionError::UnknownLanguage { .. } => {
                        "name one of those with -l or --bilingual (a language's tag, or its first part: en for en-GB), or leave -l out for every language; `packpress list` shows each pack's".to_string()
                    }
                    build::SelectionError::SameLanguage { .. } => {
                        "name two different languages, the one read first first: --bilingual cy+en".to_string()
                    }
                    build::SelectionError::NotTranslated { .. } => {
                        "leave -a out to build every audience in that language, or add the audience's translation (audiences/<id>.<lang>.toml)".to_string()
                    }
                };
                error(&e.to_string(), Some(&help));
                return Err(Refused {
                    outcome: Outcome::Usage,
                    why: e.to_string(),
                    errors: vec![e.to_string()],
                    warnings: report.warning_count(),
                    folder: None,
                });
            }
        }
    }
    // Everything asked for skipped (bilingual editions no format makes
    // yet): that is not a build, whatever the defaults were.
    if plans.iter().all(|(_, p)| p.jobs.is_empty()) {
        let skipped = plans
            .first()
            .map(|(_, p)| p.skipped.as_slice())
            .unwrap_or_default();
        let notes: Vec<String> = skip_notes(skipped)
            .into_iter()
            .map(|(what, why)| format!("{what}: {why}"))
            .collect();
        let why = if notes.is_empty() {
            "nothing to build: no output matches what was asked for".to_string()
        } else {
            format!("nothing to build: {}", notes.join("; "))
        };
        let help = skipped.first().map(|s| s.reason.help()).unwrap_or_else(|| {
            "`packpress list` shows each pack's audiences and languages".to_string()
        });
        error(&why, Some(&help));
        return Err(Refused {
            outcome: Outcome::Usage,
            errors: vec![why.clone()],
            why,
            warnings: report.warning_count(),
            folder: None,
        });
    }
    let damage = damage(&report, &packs, &failed_packs, sites.as_ref(), &selection);
    Ok(Config {
        packs,
        failed_packs,
        sites,
        plans,
        report,
        damage,
    })
}

/// The skip notes: each reason once, with what it left out: ("the
/// handout, leaflet, booklet and cards", "they are not made on a3").
pub fn skip_notes(skipped: &[Skipped]) -> Vec<(String, String)> {
    use packpress::formats::FormatError;
    // Formats left out for one paper are one note; a style's reason is
    // its own note.
    let mut notes: Vec<(Vec<String>, Option<packpress::formats::Paper>, String)> = Vec::new();
    for s in skipped {
        let (what, paper, why) = match &s.reason {
            FormatError::UnsupportedPaper { paper, .. } => {
                (s.format.name().to_string(), Some(*paper), String::new())
            }
            // One note for every format a bilingual edition is skipped in.
            FormatError::NotBilingual { .. } => {
                let names: Vec<String> = s
                    .languages
                    .iter()
                    .map(|t| {
                        packpress::labels::Locale::parse(t)
                            .ok()
                            .and_then(|l| l.language_name())
                            .map_or_else(|| t.clone(), str::to_string)
                    })
                    .collect();
                let e = s.reason.to_string();
                let reason = e.split_once(": ").map_or(e.as_str(), |(_, r)| r);
                (
                    s.format.name().to_string(),
                    None,
                    format!(
                        "not made as {} bilingual editions ({}): {reason}",
                        names.join(" and "),
                        s.languages.join("+")
                    ),
                )
            }
            e => (
                format!("{} {}", s.style.name(), s.format.name()),
                None,
                e.to_string(),
            ),
        };
        match notes.iter_mut().find(|(_, p, w)| *p == paper && *w == why) {
            Some((list, _, _)) if !list.contains(&what) => list.push(what),
            Some(_) => {}
            None => notes.push((vec![what], paper, why)),
        }
    }
    notes
        .into_iter()
        .map(|(list, paper, why)| {
            let why = match paper {
                Some(p) => format!(
                    "{} not made on {p}",
                    agree(list.len() > 1, "it is", "they are")
                ),
                None => why,
            };
            (format!("the {}", join_and(&list)), why)
        })
        .collect()
}
