//! `packpress check`: every error and warning in the packs and sites, and
//! every output `build` would make with the same options, laid out and
//! rendered in memory. Nothing is written, so "0 errors" means the same
//! `build` succeeds.

use rayon::prelude::*;

use packpress::build;
use packpress::english::count;

use super::args::CheckArgs;
use super::build::{in_pool, threads};
use super::config::{self, skip_notes};
use super::digest;
use super::output::{error, note, say, Outcome};

/// Runs `check`.
pub fn run(args: CheckArgs, quiet: bool) -> Outcome {
    let dirs = match config::precheck(&args.select) {
        Ok(d) => d,
        Err(refused) => return refused.outcome,
    };
    let load = config::Load {
        png: None,
        checks: packpress::build::Checks::All,
        quiet,
    };
    let config = match config::resolve(&args.select, &dirs, load) {
        Ok(c) => c,
        Err(refused) => {
            if refused.outcome == Outcome::PackErrors && !quiet {
                say(&format!(
                    "checked {}: {}, {}; nothing could be laid out",
                    count(dirs.len(), "pack"),
                    count(refused.errors.len(), "error"),
                    count(refused.warnings, "warning")
                ));
            }
            return refused.outcome;
        }
    };
    for (what, reason) in skip_notes(config.skipped()) {
        note(&format!("build would skip {what}: {reason}"), quiet);
    }
    // The same jobs as build, through the same layout and PDF renderer:
    // only the writing is left out.
    let threads = threads(args.select.jobs, config.job_count());
    let done: Vec<_> = in_pool(threads, || {
        config
            .plans
            .par_iter()
            .map(|(target, plan)| {
                let site = config.site(*target).map(|s| &s.site);
                let (rendered, failed) = build::render_jobs(&config.packs, site, &plan.jobs);
                let notes: Vec<(build::About, String)> = rendered
                    .into_iter()
                    .flat_map(|r| {
                        let about = r.about;
                        r.notes.into_iter().map(move |n| (about.clone(), n))
                    })
                    .collect();
                (notes, failed)
            })
            .collect()
    });
    let mut errors = config.report.error_count();
    let mut warnings = config.report.warning_count();
    let mut noted = Vec::new();
    for ((target, _), (notes, failed)) in config.plans.iter().zip(done) {
        let site = config.site(*target).map(|s| s.site.id.clone());
        for (about, note) in notes {
            let many_languages = config.many_languages(&about.pack);
            noted.push(digest::Noted {
                about,
                site: site.clone(),
                note,
                many_languages,
            });
        }
        for (job, e) in failed {
            let prefix = digest::prefix(
                site.as_deref(),
                &job.about,
                config.many_languages(&job.about.pack),
            );
            error(&format!("{prefix}{e}"), e.help().as_deref());
            errors += 1;
        }
    }
    warnings += digest::print(&noted, args.select.explain);
    if !quiet {
        let sites = config
            .sites
            .as_ref()
            .map(|s| format!(" and {}", count(s.sites.len() + s.failed.len(), "site")))
            .unwrap_or_default();
        say(&format!(
            "checked {}{sites}, {} laid out: {}, {}",
            count(config.packs.len() + config.failed_packs.len(), "pack"),
            count(config.job_count(), "output"),
            count(errors, "error"),
            count(warnings, "warning")
        ));
    }
    if errors > 0 {
        Outcome::PackErrors
    } else {
        Outcome::Ok
    }
}
