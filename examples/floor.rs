//! The floor under a build: a process that sets one paragraph of a
//! poster's length in the built-in font, writes it as a one-page PDF (one
//! subset font, compressed) and exits. No pack to read or check, no
//! fitting, no manifest. With a count, it writes that many such PDFs (each
//! numbered, so each is its own document) into a folder, on every core:
//! the floor under a batch. `bench/compare.sh` times it beside the real
//! builds.
//!
//! cargo run --release --example floor -- OUT.pdf
//! cargo run --release --example floor -- OUT_DIR 3000

use std::sync::Arc;

use packpress::colour::Colour;
use packpress::date::Date;
use packpress::layout::{Document, Duplex, Metadata, Page, Structure, TextStyle, Typesetter};
use packpress::render;
use packpress::text::{FontSet, Shaper, Weight};
use packpress::units::{Point, Pt, Size};

/// About as many words as the parents' poster sets.
const TEXT: &str =
    "Encrypted apps keep messages private, even from the company that runs the app. \
That also means the app cannot spot someone trying to harm your child. Talk with your child \
little and often, and let them lead. Know who to call: the NSPCC helpline on 0808 800 5000, \
Childline on 0800 1111, and 999 in an emergency. Keep evidence: screenshots with the date, the \
name and the number. Report to CEOP, and ask the school's designated safeguarding lead for help. ";

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "floor.pdf".into());
    let count: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if count == 0 {
        write(&out, 0);
        return;
    }
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("cannot make {out}: {e}");
        std::process::exit(3);
    }
    use rayon::prelude::*;
    (1..=count)
        .into_par_iter()
        .for_each(|i| write(&format!("{out}/floor-{i}.pdf"), i));
}

/// Writes one page numbered `n` to `out`.
fn write(out: &str, n: usize) {
    let family = FontSet::builtin();
    let Some(shaper) = Shaper::new(&family) else {
        eprintln!("the built-in font does not shape");
        std::process::exit(1);
    };
    let ts = Typesetter::new(shaper);
    let text = format!("{n} {}", TEXT.repeat(3));
    let block = ts.with(Default::default(), &Default::default()).text(
        &text,
        Weight::Regular,
        &TextStyle::new(
            packpress::style::TypeRole::Body,
            Pt(14.0),
            1.3,
            Colour::BLACK,
        ),
        Pt(500.0),
    );
    let mut page = Page::new(Size::new(Pt(595.28), Pt(841.89)), Pt::ZERO, Pt::ZERO);
    page.place(Point::new(Pt(48.0), Pt(48.0)), block.into_frame().items);
    let doc = Document {
        meta: Metadata {
            title: "Floor".into(),
            author: "packpress".into(),
            subject: "The least a poster costs".into(),
            keywords: Vec::new(),
            language: "en-GB".into(),
            date: Date {
                year: 2026,
                month: 11,
                day: 22,
            },
            duplex: Duplex::Unset,
        },
        fonts: Arc::clone(&family),
        pages: vec![page],
        notes: Vec::new(),
        remarks: Vec::new(),
        structure: Structure::new(),
    };
    match render::pdf::render(&doc) {
        Ok(bytes) => {
            if let Err(e) = std::fs::write(out, bytes) {
                eprintln!("cannot write {out}: {e}");
                std::process::exit(3);
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
