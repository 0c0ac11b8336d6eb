//! Where the time goes, stage by stage, on the shipped pack: `cargo bench`.
//! Loading and checking the pack; shaping, preparing and breaking its
//! paragraphs; laying out (and fitting) a poster and a handout; writing
//! their PDFs, with the font subsetting and compression inside that on
//! their own; and one site's fifteen PDFs end to end. A regression shows
//! in its stage.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};

use packpress::build::{load_packs, LoadedPack};
use packpress::date::Date;
use packpress::diagnostics::Report;
use packpress::formats::{self, Context, Format, Paper};
use packpress::layout::{Document, Item, Page, Structure, Typesetter};
use packpress::render;
use packpress::style::ReadingStyle;
use packpress::text::{Prepared, Shaper, StyledText, Weight, Wrap};

fn shipped() -> Vec<PathBuf> {
    vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("packs/e2ee")]
}

fn load() -> Vec<LoadedPack> {
    let mut report = Report::new();
    load_packs(&shipped(), &mut report, Date::today()).expect("the shipped pack loads")
}

/// The audience's running text, paragraph by paragraph.
fn paragraphs(lp: &LoadedPack) -> Vec<String> {
    lp.pack.audiences[0]
        .spec
        .sections
        .iter()
        .filter_map(|s| s.body.as_ref())
        .flat_map(|b| {
            b.get_ref()
                .split("\n\n")
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `doc` with its tags taken out: everything an artifact, as before the
/// formats tagged.
fn untagged(doc: &Document) -> Document {
    let pages = doc
        .pages
        .iter()
        .map(|p| {
            let mut page = Page::new(p.size, p.bleed, p.slug);
            page.items = p
                .items
                .iter()
                .filter(|i| !matches!(i, Item::BeginTag(_) | Item::EndTag))
                .cloned()
                .collect();
            page
        })
        .collect();
    Document {
        meta: doc.meta.clone(),
        fonts: Arc::clone(&doc.fonts),
        pages,
        notes: Vec::new(),
        remarks: Vec::new(),
        structure: Structure::new(),
    }
}

fn stages(c: &mut Criterion) {
    c.bench_function("pack: load and check", |b| b.iter(load));
    // The analysis of the writing (reading age, long sentences) only warns,
    // so `check` runs it and `build` does not: this is what a build saves.
    let mut report = Report::new();
    let loaded =
        load_packs(&shipped(), &mut report, Date::today()).expect("the shipped pack loads");
    c.bench_function("pack: analyse the writing (check only)", |b| {
        b.iter(|| packpress::pack::validate::analyse(&loaded[0].pack, &mut report))
    });

    let packs = load();
    let lp = &packs[0];
    let audience = &lp.languages[0].audiences[0];

    let paras = paragraphs(lp);
    let spans: Vec<[StyledText; 1]> = paras
        .iter()
        .map(|p| [StyledText::new(p.as_str(), Weight::Regular)])
        .collect();
    c.bench_function("text: shape and prepare the paragraphs (cold)", |b| {
        b.iter(|| {
            packpress::layout::text::clear_caches();
            let shaper = Shaper::new(&lp.fonts).expect("the font shapes");
            spans
                .iter()
                .map(|s| Prepared::new(&shaper, s).pieces.len())
                .sum::<usize>()
        })
    });
    let shaper = Shaper::new(&lp.fonts).expect("the font shapes");
    c.bench_function("text: prepare the paragraphs (warm shaping)", |b| {
        b.iter(|| {
            // Prepared::new itself caches nothing but the words.
            spans
                .iter()
                .map(|s| Prepared::new(&shaper, s).pieces.len())
                .sum::<usize>()
        })
    });
    let prepared: Vec<Prepared> = spans.iter().map(|s| Prepared::new(&shaper, s)).collect();
    c.bench_function("text: break the paragraphs into lines", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| {
                    let (p2, lines) = p.break_lines(30.0, Wrap::Pretty);
                    lines.iter().map(|l| p2.runs(l).len()).sum::<usize>()
                })
                .sum::<usize>()
        })
    });

    for format in [Format::Poster, Format::Handout] {
        // The caches of shaped words, paragraphs and line breaks emptied
        // each time: a first layout in a process.
        c.bench_function(&format!("layout: a {} (cold)", format.name()), |b| {
            b.iter(|| {
                packpress::layout::text::clear_caches();
                let ts = Typesetter::new(Shaper::new(&lp.fonts).expect("the font shapes"));
                let ctx = Context::new(
                    &lp.languages[0],
                    audience,
                    Paper::A4,
                    ReadingStyle::Standard,
                    &ts,
                    Arc::clone(&lp.fonts),
                );
                formats::make(&ctx, format).expect("it fits")
            })
        });
        let ts = Typesetter::new(Shaper::new(&lp.fonts).expect("the font shapes"));
        let ctx = Context::new(
            &lp.languages[0],
            audience,
            Paper::A4,
            ReadingStyle::Standard,
            &ts,
            Arc::clone(&lp.fonts),
        );
        // Warm: the same layout again, as every site after the first in a
        // batch makes it.
        c.bench_function(
            &format!("layout: a {} (warm, fitting included)", format.name()),
            |b| b.iter(|| formats::make(&ctx, format).expect("it fits")),
        );
        let doc = formats::make(&ctx, format).expect("it fits");
        c.bench_function(&format!("pdf: write a {}", format.name()), |b| {
            b.iter(|| render::pdf::render(&doc).expect("it renders"))
        });
        // What tagging costs: the same document with its tags taken out.
        let plain_doc = untagged(&doc);
        c.bench_function(
            &format!("pdf: write a {}, tags taken out", format.name()),
            |b| b.iter(|| render::pdf::render(&plain_doc).expect("it renders")),
        );
        let (plain, tagged) = (
            render::pdf::render(&plain_doc).expect("it renders").len(),
            render::pdf::render(&doc).expect("it renders").len(),
        );
        eprintln!(
            "{}: {tagged} bytes tagged, {plain} bytes with the tags taken out (tags +{:.1}%)",
            format.name(),
            (tagged as f64 / plain as f64 - 1.0) * 100.0
        );
        // The subset the write above takes from the cache, made afresh.
        let mut glyphs = BTreeMap::new();
        for item in doc.pages.iter().flat_map(|p| &p.items) {
            if let Item::Text(run) = item {
                if run.weight == Weight::Regular {
                    for g in &run.glyphs {
                        glyphs.entry(g.id).or_insert_with(|| vec!["x".to_string()]);
                    }
                }
            }
        }
        c.bench_function(
            &format!(
                "pdf: subset the {}'s regular face (uncached)",
                format.name()
            ),
            |b| {
                b.iter(|| {
                    render::pdf::font::subset(
                        lp.fonts.theme().font(Weight::Regular),
                        &glyphs,
                        &[0; 32],
                    )
                    .expect("it subsets")
                })
            },
        );
    }

    // Compression on its own: a page's worth of content-stream-like text.
    let content: Vec<u8> = (0..400)
        .flat_map(|i| {
            format!("BT /F0 12 Tf 1 0 0 1 42.52 {i}.5 Tm [<0003001A001C>-15.01<0011>]TJ ET\n")
                .into_bytes()
        })
        .collect();
    c.bench_function("pdf: deflate 28 KB of content", |b| {
        b.iter(|| render::pdf::compress::deflate(&content))
    });

    // One site's whole set, as a batch makes it.
    let jobs: Vec<packpress::build::Job> = {
        let sel = packpress::build::Selection::default();
        packpress::build::plan(&packs, &sel, None)
            .expect("the plan")
            .jobs
    };
    c.bench_function("batch: one site's fifteen PDFs", |b| {
        b.iter(|| {
            let (done, failed) = packpress::build::render_jobs(&packs, None, &jobs);
            assert!(failed.is_empty());
            done.len()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
