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
use super::output::{error, note, say, warning, Outcome};

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
                let notes: Vec<String> = rendered.into_iter().flat_map(|r| r.notes).collect();
                (notes, failed)
            })
            .collect()
    });
    let mut errors = config.report.error_count();
    let mut warnings = config.report.warning_count();
    for ((target, _), (notes, failed)) in config.plans.iter().zip(done) {
        let prefix = config
            .site(*target)
            .map(|s| format!("site `{}`: ", s.site.id))
            .unwrap_or_default();
        for n in notes {
            warning(&format!("{prefix}{n}"));
            warnings += 1;
        }
        for (_, e) in failed {
            error(&format!("{prefix}{e}"), e.help().as_deref());
            errors += 1;
        }
    }
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
