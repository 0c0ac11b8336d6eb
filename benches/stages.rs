//! Where the time goes, stage by stage, on the shipped pack: `cargo bench`.
//! Loading and checking the pack, laying out a poster and a handout
//! (shaping, line breaking, flow and fitting), and writing the PDF (printpdf,
//! font subsetting and compression). A regression shows in its stage.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};

use packpress::build::{load_packs, LoadedPack};
use packpress::diagnostics::Report;
use packpress::formats::{self, Context, Format, Paper};
use packpress::layout::Typesetter;
use packpress::pack::Date;
use packpress::render;
use packpress::style::ReadingStyle;
use packpress::text::Shaper;

fn shipped() -> Vec<PathBuf> {
    vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("packs/e2ee")]
}

fn load() -> Vec<LoadedPack> {
    let mut report = Report::new();
    load_packs(&shipped(), &mut report, Date::today()).expect("the shipped pack loads")
}

fn stages(c: &mut Criterion) {
    c.bench_function("load and check the pack", |b| b.iter(load));
    // The analysis of the writing (reading age, long sentences) only warns,
    // so `check` runs it and `build` does not: this is what a build saves.
    let mut report = Report::new();
    let packs = load_packs(&shipped(), &mut report, Date::today()).expect("the shipped pack loads");
    c.bench_function("analyse the writing (check only)", |b| {
        b.iter(|| packpress::pack::validate::analyse(&packs[0].pack, &mut report))
    });

    let packs = load();
    let lp = &packs[0];
    let audience = &lp.pack.audiences[0];
    for format in [Format::Poster, Format::Handout] {
        // A fresh typesetter each time: its cache of shaped words would
        // otherwise hide the shaping.
        c.bench_function(
            &format!("lay out a {} (cold shaping)", format.name()),
            |b| {
                b.iter(|| {
                    let ts = Typesetter::new(Shaper::new(&lp.fonts).expect("the font shapes"));
                    let ctx = Context::new(
                        &lp.pack,
                        audience,
                        Paper::A4,
                        ReadingStyle::Standard,
                        &ts,
                        Arc::clone(&lp.fonts),
                    );
                    formats::make(&ctx, format).expect("it fits")
                })
            },
        );
        let ts = Typesetter::new(Shaper::new(&lp.fonts).expect("the font shapes"));
        let ctx = Context::new(
            &lp.pack,
            audience,
            Paper::A4,
            ReadingStyle::Standard,
            &ts,
            Arc::clone(&lp.fonts),
        );
        c.bench_function(
            &format!("lay out a {} (warm shaping)", format.name()),
            |b| b.iter(|| formats::make(&ctx, format).expect("it fits")),
        );
        let doc = formats::make(&ctx, format).expect("it fits");
        c.bench_function(&format!("write a {} PDF", format.name()), |b| {
            b.iter(|| render::pdf::render(&doc).expect("it renders"))
        });
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
