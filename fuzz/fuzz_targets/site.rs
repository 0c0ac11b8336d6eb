//! Feeds arbitrary text as a school's site file (schools write these, in
//! any editor) through site loading, checking against the shipped pack
//! and the layout of a poster and cards, by the same functions
//! `packpress build --site` calls. Nothing here may panic, hang or
//! overflow the stack, whatever the input.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use packpress::build::{self, LoadedPack, Selection};
use packpress::date::Date;
use packpress::diagnostics::Report;
use packpress::formats::Format;

/// The shipped pack, loaded once.
fn pack() -> &'static [LoadedPack] {
    static PACK: OnceLock<Vec<LoadedPack>> = OnceLock::new();
    PACK.get_or_init(|| {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../packs/e2ee"));
        let today = Date {
            year: 2026,
            month: 11,
            day: 24,
        };
        let mut report = Report::new();
        build::load_packs(&[dir], &mut report, today).unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let packs = pack();
    if packs.is_empty() {
        return;
    }
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let file = dir.path().join("school.toml");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    let mut report = Report::new();
    let sites = build::load_sites(&file, packs, &mut report);
    let mut sink = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    let _ = report.emit(&mut sink);
    for d in report.diagnostics() {
        let _ = report.short(d);
    }
    let selection = Selection {
        audiences: vec!["parents".to_string()],
        formats: vec![Format::Poster, Format::Cards],
        ..Selection::default()
    };
    for site in &sites.sites {
        let Ok(plan) = build::plan(packs, &selection, Some(site)) else {
            continue;
        };
        let _ = build::render_jobs(packs, Some(&site.site), &plan.jobs);
    }
});
