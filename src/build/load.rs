//! Loading: each pack read and checked with its fonts, each site checked
//! against every pack, and a hash of the files each was read from (an
//! output built from other text is out of date).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Report};
use crate::model;
use crate::pack::site::{self as sites, Site};
use crate::pack::validate::{self, Coverage};
use crate::pack::{self, Pack};
use crate::text::{FontFamily, FontSet, Shaper};

/// A pack, checked, with the font family it is set in.
pub struct LoadedPack {
    /// The pack.
    pub pack: Pack,
    /// The pack in each of its languages, as the typed model layouts read:
    /// its own first, then each translation's, in tag order.
    pub languages: Vec<model::Pack>,
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
        // The typed model of each language, once checked.
        let languages = (report.error_count() == before)
            .then(|| {
                std::iter::once(&pack)
                    .chain(pack.translations().iter().map(|t| &t.pack))
                    .map(Pack::model)
                    .collect::<Result<Vec<_>, _>>()
            })
            .and_then(|made| match made {
                Ok(languages) => Some(languages),
                Err(e) => {
                    report.push(Diagnostic::error(e.to_string()).in_file(pack.file));
                    None
                }
            });
        match (fonts, languages) {
            (Some(fonts), Some(languages)) if report.error_count() == before => {
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
                    languages,
                    fonts,
                    source_sha256: format!("{:x}", hash.finalize()),
                });
            }
            _ => failed.push(dir.clone()),
        }
    }
    refuse_shared_ids(&mut loaded, &mut failed, report);
    (loaded, failed)
}

/// Two packs with one id would write the same files: both are refused,
/// each told of the other, before anything is written.
fn refuse_shared_ids(loaded: &mut Vec<LoadedPack>, failed: &mut Vec<PathBuf>, report: &mut Report) {
    let ids: Vec<String> = loaded.iter().map(|lp| lp.pack.id().to_string()).collect();
    let shared = |id: &str| ids.iter().filter(|i| *i == id).count() > 1;
    if !ids.iter().any(|id| shared(id)) {
        return;
    }
    let files: Vec<PathBuf> = loaded
        .iter()
        .map(|lp| report.path(lp.pack.file).to_path_buf())
        .collect();
    let (keep, refuse): (Vec<LoadedPack>, Vec<LoadedPack>) = std::mem::take(loaded)
        .into_iter()
        .partition(|lp| !shared(lp.pack.id()));
    *loaded = keep;
    for lp in refuse {
        let id = lp.pack.id();
        let others: Vec<String> = ids
            .iter()
            .zip(&files)
            .filter(|(i, f)| *i == id && f.as_path() != report.path(lp.pack.file))
            .map(|(_, f)| f.display().to_string())
            .collect();
        report.push(
            Diagnostic::error(format!(
                "two packs have the id `{id}`: {} and {}; their outputs would overwrite each other in {id}/",
                report.path(lp.pack.file).display(),
                crate::english::join_and(&others)
            ))
            .at(lp.pack.file, lp.pack.spec.pack.id.span())
            .label("this id")
            .help("give each pack its own id in pack.toml (the id names its output folder), or build them one at a time"),
        );
        failed.push(lp.pack.dir.clone());
    }
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
        }
        match site {
            Some(site) if report.error_count() == before => {
                let source_sha256 =
                    site_sha256(report.source(site.file), site.logo_sha256.as_deref());
                out.sites.push(LoadedSite {
                    site,
                    source_sha256,
                });
            }
            _ => out.failed.push(file),
        }
    }
    refuse_shared_folders(&mut out, report);
    out
}

/// What a site's outputs are built from, hashed: its file as read, and its
/// logo (a new logo makes the outputs that show it out of date). A site
/// without a logo hashes as it always did.
fn site_sha256(text: &str, logo_sha256: Option<&str>) -> String {
    let mut hash = Sha256::new();
    hash.update(text.as_bytes());
    if let Some(logo) = logo_sha256 {
        hash.update([0]);
        hash.update(b"logo ");
        hash.update(logo.as_bytes());
    }
    format!("{:x}", hash.finalize())
}

/// Two site files that make one output folder (`Hillside.toml` and
/// `hillside.toml`, `Ysgol Tŷ Gwyn.toml` and `Ysgol Ty Gwyn.toml`) would
/// overwrite each other's outputs: both are refused, each named.
fn refuse_shared_folders(sites: &mut Sites, report: &mut Report) {
    let ids: Vec<String> = sites.sites.iter().map(|s| s.site.id.clone()).collect();
    let shared = |id: &str| ids.iter().filter(|i| *i == id).count() > 1;
    let (keep, refuse): (Vec<LoadedSite>, Vec<LoadedSite>) = std::mem::take(&mut sites.sites)
        .into_iter()
        .partition(|s| !shared(&s.site.id));
    sites.sites = keep;
    let files: Vec<(String, PathBuf)> = refuse
        .iter()
        .map(|s| (s.site.id.clone(), report.path(s.site.file).to_path_buf()))
        .collect();
    for s in refuse {
        let me = report.path(s.site.file).to_path_buf();
        let others: Vec<String> = files
            .iter()
            .filter(|(id, f)| *id == s.site.id && *f != me)
            .map(|(_, f)| f.display().to_string())
            .collect();
        report.push(
            Diagnostic::error(format!(
                "two site files make the same output folder `{}`: {} and {}",
                s.site.id,
                me.display(),
                crate::english::join_and(&others)
            ))
            .in_file(s.site.file)
            .help("rename one of the site files: each site's outputs go in a folder named after its file"),
        );
        sites.failed.push(me);
    }
}

#[cfg(test)]
mod tests {
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
}
