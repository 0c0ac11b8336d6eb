//! Feeds arbitrary text through pack loading, validation and the layout of
//! every format. The input is a pack.toml and one audience file, joined by
//! a line of five equals signs. Nothing here may panic, hang or overflow
//! the stack, whatever the input.

#![no_main]

use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use packpress::diagnostics::Report;
use packpress::formats::{self, Context, Format, Paper};
use packpress::layout::Typesetter;
use packpress::pack::{self, validate, Date};
use packpress::style::ReadingStyle;
use packpress::text::{FontFamily, Shaper};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (pack_text, audience_text) = text.split_once("\n=====\n").unwrap_or((text, ""));
    let mut report = Report::new();
    let pack_file = report.add_file(Path::new("pack.toml"), pack_text.to_string());
    let audience_file = report.add_file(Path::new("audiences/parents.toml"), audience_text.to_string());
    let audiences = [("parents".to_string(), audience_file)];
    let Some(pack) = pack::from_sources(Path::new("fuzz"), Some(pack_file), &audiences, &mut report) else {
        return;
    };
    let fonts = FontFamily::builtin();
    let Some(shaper) = Shaper::new(&fonts) else { return };
    let covers = |c: char| shaper.covers(c);
    let coverage = validate::Coverage {
        family: &fonts.name,
        covers: &covers,
    };
    let today = Date { year: 2026, month: 11, day: 24 };
    validate::validate(&pack, &mut report, Some(&coverage), today);
    validate::analyse(&pack, &mut report);
    // Diagnostics must print, whatever they point at.
    let mut sink = Vec::new();
    for d in report.diagnostics() {
        sink.push(report.short(d));
    }
    if report.has_errors() {
        return;
    }
    let ts = Typesetter::new(shaper);
    for audience in &pack.audiences {
        for format in Format::ALL {
            for style in [ReadingStyle::Standard, ReadingStyle::LargePrint] {
                let ctx = Context::new(&pack, audience, Paper::A4, style, &ts, Arc::clone(&fonts));
                if let Ok(doc) = formats::make(&ctx, format) {
                    // Everything drawn must be a finite number on the page.
                    for page in &doc.pages {
                        for item in &page.items {
                            if let packpress::layout::Item::Text(run) = item {
                                assert!(run.origin.x.0.is_finite() && run.origin.y.0.is_finite());
                            }
                        }
                    }
                }
            }
        }
    }
});
