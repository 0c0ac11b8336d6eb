//! `packpress list`: what a pack holds.

use packpress::build;
use packpress::date::Date;
use packpress::diagnostics::Report;
use packpress::formats::{Format, Paper};
use packpress::labels::Direction;
use packpress::style::ReadingStyle;

use super::args::PackArgs;
use super::config::pack_dirs;
use super::output::{say, Outcome};

/// Runs `list`.
pub fn run(args: PackArgs) -> Outcome {
    let Ok(dirs) = pack_dirs(&args.packs) else {
        return Outcome::Usage;
    };
    let mut report = Report::new();
    let packs = build::load_packs(&dirs, &mut report, Date::today());
    report.emit_stderr();
    let Some(packs) = packs else {
        return Outcome::PackErrors;
    };
    for lp in &packs {
        let p = &lp.pack;
        say(&format!(
            "{} ({}): {}",
            p.id(),
            p.dir.display(),
            p.spec.pack.title.get_ref().trim()
        ));
        say(&format!("  font: {}", lp.fonts.theme().name));
        let language = match p.language() {
            Some(l) => format!(
                "{} ({l}), {}",
                l.language_name().unwrap_or("a language"),
                direction(l.direction())
            ),
            None => format!("`{}` (not a language tag)", p.locale()),
        };
        say(&format!("  language: {language}"));
        say(&format!("  labels: {}", labels(p, "the pack's [labels]")));
        if !p.translations().is_empty() {
            say("  translations (build one with -l LANG, two together with --bilingual FIRST+SECOND):");
            for t in p.translations() {
                let l = &t.locale;
                let ids: Vec<&str> = t.pack.audiences.iter().map(|a| a.id.as_str()).collect();
                say(&format!(
                    "    {:<16} {}, {}: {}",
                    l.to_string(),
                    l.language_name().unwrap_or("a language"),
                    direction(l.direction()),
                    ids.join(", ")
                ));
                say(&format!(
                    "    {:<16} labels: {}",
                    "",
                    labels(&t.pack, "its [labels]")
                ));
            }
        }
        say(&format!("  phone numbers checked for: {}", p.region()));
        say("  audiences:");
        for a in &p.audiences {
            say(&format!(
                "    {:<16} {}",
                a.id,
                a.spec.audience.name.get_ref().trim()
            ));
        }
        say("  formats:");
        for f in Format::ALL {
            if f == Format::Web {
                say(&format!(
                    "    {:<16} one HTML page for a screen: no paper (made once, whatever -p names)",
                    f.name()
                ));
                continue;
            }
            let papers: Vec<&str> = f.papers().iter().map(|p| p.name()).collect();
            say(&format!("    {:<16} {}", f.name(), papers.join(", ")));
        }
        let styles: Vec<&str> = ReadingStyle::ALL.iter().map(|s| s.name()).collect();
        say(&format!("  styles: {}", styles.join(", ")));
        say(&format!(
            "  default paper: {}",
            Paper::for_locale(&p.region()).name()
        ));
        say("  helplines:");
        for h in &p.spec.helplines {
            let contact = h.phone().or(h.url()).or(h.email()).unwrap_or("");
            let who: Vec<&str> = p
                .audiences
                .iter()
                .filter(|a| h.shown_to(&a.id))
                .map(|a| a.id.as_str())
                .collect();
            say(&format!(
                "    {:<16} {:<32} {}{}",
                h.id.get_ref(),
                contact,
                who.join(", "),
                if h.emergency { " (emergency)" } else { "" }
            ));
        }
    }
    Outcome::Ok
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::LeftToRight => "left to right",
        Direction::RightToLeft => "right to left",
    }
}

/// Where a language's labels come from, in words.
fn labels(p: &packpress::pack::Pack, given: &str) -> String {
    match &p.label_origin().set {
        Some(set) if set.reviewed => format!("built in, {}", set.path),
        Some(set) => format!(
            "built in, {}, not yet checked by a native speaker",
            set.path
        ),
        None => format!("all from {given}"),
    }
}

/// Runs the hidden `complete-audiences`: the audience ids of the packs
/// among `words` (or under ./packs), one a line, for shell completion.
/// Quiet on every failure: a completion must never print an error.
pub fn audiences(words: &[String]) -> Outcome {
    complete(words, Complete::Audiences)
}

/// Runs the hidden `complete-languages`: the language tags of the packs
/// among `words` (or under ./packs), one a line: each pack's own and its
/// translations'.
pub fn languages(words: &[String]) -> Outcome {
    complete(words, Complete::Languages)
}

/// What a completion lists.
#[derive(Copy, Clone, PartialEq)]
enum Complete {
    Audiences,
    Languages,
}

fn complete(words: &[String], what: Complete) -> Outcome {
    let given: Vec<std::path::PathBuf> = words
        .iter()
        .map(std::path::PathBuf::from)
        .filter(|p| p.join("pack.toml").is_file())
        .collect();
    let dirs = if given.is_empty() {
        let mut found: Vec<std::path::PathBuf> = std::fs::read_dir("packs")
            .map(|e| {
                e.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.join("pack.toml").is_file())
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    } else {
        given
    };
    let mut ids: Vec<String> = Vec::new();
    let mut add = |id: String| {
        if !ids.contains(&id) {
            ids.push(id);
        }
    };
    for dir in dirs {
        // Only the file names (and a pack's locale): completion must be
        // quick, and must work on a pack that does not check yet.
        if what == Complete::Languages {
            if let Some(own) = own_locale(&dir.join("pack.toml")) {
                add(own);
            }
        }
        let folder = match what {
            Complete::Audiences => "audiences",
            Complete::Languages => "translations",
        };
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "toml") {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    // `parents.cy.toml` is a translation of `parents`.
                    if what == Complete::Languages || !stem.contains('.') {
                        add(stem.to_string());
                    }
                }
            }
        }
    }
    ids.sort();
    for id in ids {
        say(&id);
    }
    Outcome::Ok
}

/// The `locale` of a `pack.toml`, read as plainly as can be (`en-GB` when
/// it gives none); `None` when the file cannot be read.
fn own_locale(pack_toml: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(pack_toml).ok()?;
    let value: toml::Value = toml::from_str(&text).ok()?;
    Some(
        value
            .get("pack")
            .and_then(|p| p.get("locale"))
            .and_then(|l| l.as_str())
            .unwrap_or("en-GB")
            .to_string(),
    )
}
