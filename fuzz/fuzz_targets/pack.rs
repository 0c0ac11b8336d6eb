//! Feeds arbitrary text through pack loading, validation and the layout of
//! every format, by the same functions `packpress build` calls. The input
//! is a pack.toml and one audience file, joined by a line of five equals
//! signs. Nothing here may panic, hang or overflow the stack, whatever
//! the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use packpress::build::{self, Checks, Selection};
use packpress::date::Date;
use packpress::diagnostics::Report;
use packpress::style::ReadingStyle;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pack_text, audience_text) = text.split_once("\n=====\n").unwrap_or((text, ""));
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let pack = dir.path().join("fuzz");
    if std::fs::create_dir_all(pack.join("audiences")).is_err()
        || std::fs::write(pack.join("pack.toml"), pack_text).is_err()
        || std::fs::write(pack.join("audiences/parents.toml"), audience_text).is_err()
    {
        return;
    }
    let mut report = Report::new();
    let today = Date {
        year: 2026,
        month: 11,
        day: 24,
    };
    let (packs, _failed) = build::load_each(&[pack], &mut report, today, Checks::All);
    // Diagnostics must print, whatever they point at.
    let mut sink = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    let _ = report.emit(&mut sink);
    for d in report.diagnostics() {
        let _ = report.short(d);
    }
    if packs.is_empty() {
        return;
    }
    let selection = Selection {
        styles: vec![ReadingStyle::Standard, ReadingStyle::LargePrint],
        ..Selection::default()
    };
    let Ok(plan) = build::plan(&packs, &selection, None) else {
        return;
    };
    let (made, _failed) = build::render_jobs(&packs, None, &plan.jobs);
    for r in &made {
        // Every output is a whole file: a PDF starts as one, a page ends.
        assert!(r.bytes.starts_with(b"%PDF") || r.path.extension().is_some_and(|e| e == "html"));
    }
});
