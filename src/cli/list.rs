//! `packpress list`: what a pack holds.

use packpress::build;
use packpress::diagnostics::Report;
use packpress::formats::{Format, Paper};
use packpress::labels::Direction;
use packpress::pack::Date;
use packpress::style::ReadingStyle;

use super::args::PackArgs;
use super::config::pack_dirs;
use super::output::Outcome;

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
        println!(
            "{} ({}): {}",
            p.id(),
            p.dir.display(),
            p.spec.pack.title.get_ref().trim()
        );
        println!("  font: {}", lp.fonts.name);
        let language = match p.language() {
            Some(l) => {
                let direction = match l.direction() {
                    Direction::LeftToRight => "left to right",
                    Direction::RightToLeft => "right to left",
                };
                format!(
                    "{} ({l}), {direction}",
                    l.language_name().unwrap_or("a language")
                )
            }
            None => format!("`{}` (not a language tag)", p.locale()),
        };
        let labels = match &p.label_origin().set {
            Some(set) if set.reviewed => format!("built in, {}", set.path),
            Some(set) => format!(
                "built in, {}, not yet checked by a native speaker",
                set.path
            ),
            None => "all from the pack's [labels]".to_string(),
        };
        println!("  language: {language}");
        println!("  labels: {labels}");
        println!("  phone numbers checked for: {}", p.region());
        println!("  audiences:");
        for a in &p.audiences {
            println!("    {:<16} {}", a.id, a.spec.audience.name.get_ref().trim());
        }
        println!("  formats:");
        for f in Format::ALL {
            if f == Format::Web {
                println!(
                    "    {:<16} one HTML page for a screen: no paper (made once, whatever -p names)",
                    f.name()
                );
                continue;
            }
            let papers: Vec<&str> = f.papers().iter().map(|p| p.name()).collect();
            println!("    {:<16} {}", f.name(), papers.join(", "));
        }
        let styles: Vec<&str> = ReadingStyle::ALL.iter().map(|s| s.name()).collect();
        println!("  styles: {}", styles.join(", "));
        println!("  default paper: {}", Paper::for_locale(&p.region()).name());
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

/// Runs the hidden `complete-audiences`: the audience ids of the packs
/// among `words` (or under ./packs), one a line, for shell completion.
/// Quiet on every failure: a completion must never print an error.
pub fn audiences(words: &[String]) -> Outcome {
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
    for dir in dirs {
        // Only the file names: completion must be quick, and must work on
        // a pack that does not check yet.
        let Ok(entries) = std::fs::read_dir(dir.join("audiences")) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "toml") {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    if !ids.iter().any(|i| i == stem) {
                        ids.push(stem.to_string());
                    }
                }
            }
        }
    }
    ids.sort();
    for id in ids {
        println!("{id}");
    }
    Outcome::Ok
}
