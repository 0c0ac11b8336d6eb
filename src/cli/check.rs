//! `packpress check`: every error and warning, writing nothing.

use packpress::build::{self, Selection};
use packpress::diagnostics::Report;
use packpress::pack::Date;

use super::args::CheckArgs;
use super::output::{count, pack_dirs, Outcome};

pub fn run(args: CheckArgs, quiet: bool) -> Outcome {
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
