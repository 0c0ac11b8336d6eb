//! The shipped E2EE pack, built as a user builds it, and read back with
//! poppler and qpdf: every audience gets a poster and a handout that are
//! valid, searchable, correctly sized and laid out inside the safe area.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const AUDIENCES: [&str; 3] = ["parents", "professionals", "young-people"];

/// One build of the shipped pack with default options, shared by the tests.
fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = packpress(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &["build", "-o", out.to_str().unwrap()],
        );
        assert!(o.status.success(), "build failed: {}", describe(&o));
        (dir, out)
    })
    .1
}

fn pdf(audience: &str, name: &str) -> PathBuf {
    built().join("e2ee/generic").join(audience).join(name)
}

/// Every format the default build makes, and its file name on A4.
const FORMATS: [&str; 5] = [
    "poster-a4.pdf",
    "handout-a4.pdf",
    "leaflet-a4.pdf",
    "booklet-a4.pdf",
    "cards-a4.pdf",
];

fn all_pdfs() -> Vec<PathBuf> {
    AUDIENCES
        .iter()
        .flat_map(|a| FORMATS.iter().map(move |f| pdf(a, f)))
        .collect()
}

#[test]
fn default_build_writes_every_format_per_audience_and_a_manifest() {
    for p in all_pdfs() {
        assert!(p.is_file(), "{} was not written", p.display());
    }
    let manifest = std::fs::read_to_string(built().join("manifest.json")).unwrap();
    for a in AUDIENCES {
        assert!(
            manifest.contains(&format!("e2ee/generic/{a}/poster-a4.pdf")),
            "{manifest}"
        );
    }
    // And, after the print, each audience's web page.
    for a in AUDIENCES {
        let web = built().join("e2ee/generic").join(a).join("web.html");
        assert!(web.is_file(), "{} was not written", web.display());
        assert!(manifest.contains(&format!("e2ee/generic/{a}/web.html")));
    }
    assert_eq!(
        manifest.matches("\"sha256\"").count(),
        all_pdfs().len() + AUDIENCES.len(),
        "{manifest}"
    );
}

#[test]
fn every_pdf_passes_qpdf_check() {
    for p in all_pdfs() {
        qpdf_check(&p);
    }
}

#[test]
fn fonts_are_embedded_subset_and_unicode_mapped() {
    for p in all_pdfs() {
        let rows = fonts(&p);
        assert!(!rows.is_empty(), "{}: no fonts", p.display());
        for f in rows {
            assert!(
                f.embedded && f.subset && f.unicode,
                "{}: {f:?}",
                p.display()
            );
            let (tag, name) = f.name.split_once('+').expect("subset fonts have a tag");
            assert!(
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
                "{}",
                f.name
            );
            assert!(name.starts_with("AtkinsonHyperlegibleNext"), "{}", f.name);
        }
    }
}

/// Helpline numbers and addresses each audience must be able to read and
/// copy, and ones meant for other audiences that must not appear.
#[test]
fn helpline_numbers_come_back_exactly_through_pdftotext() {
    let expect: [(&str, &[&str], &[&str]); 3] = [
        (
            "parents",
            &[
                "0808 800 5000",
                "0800 1111",
                "999",
                "ceop.police.uk/safety-centre",
            ],
            &["0344 381 4772", "childline.org.uk/remove"],
        ),
        (
            "professionals",
            &[
                "0808 800 5000",
                "0344 381 4772",
                "999",
                "101",
                "iwf.org.uk/report",
                "helpline@saferinternet.org.uk",
            ],
            &["0800 1111"],
        ),
        (
            "young-people",
            &[
                "0800 1111",
                "999",
                "childline.org.uk/remove",
                "ceop.police.uk/safety-centre",
            ],
            &["0808 800 5000", "0344 381 4772"],
        ),
    ];
    for (audience, present, absent) in expect {
        for name in FORMATS {
            let text = pdf_text(&pdf(audience, name));
            for s in present {
                // An email is a detail: the handout has every one; a card
                // gives each helpline one way in, and a leaflet's back
                // panel may give helplines in brief (with a warning, as
                // tests/no_loss.rs checks).
                if !name.starts_with("handout") && s.contains('@') {
                    continue;
                }
                assert!(text.contains(s), "{audience}/{name} lacks {s:?}:\n{text}");
            }
            for s in absent {
                assert!(
                    !text.contains(s),
                    "{audience}/{name} has {s:?}, meant for another audience"
                );
            }
        }
    }
}

#[test]
fn text_extracts_with_accents_apostrophes_and_ligature_free_spelling() {
    let text = pdf_text(&pdf("parents", "handout-a4.pdf"));
    for s in [
        "Private chats can still be safe chats",
        "can’t",
        "end-to-end encryption",
        "Internet Watch Foundation",
    ] {
        assert!(text.contains(s), "missing {s:?}");
    }
    assert!(
        !text.contains('\u{FFFD}'),
        "replacement characters in the text"
    );
}

#[test]
fn no_word_leaves_the_10_mm_safe_area_and_no_words_overlap() {
    for p in all_pdfs() {
        let problems = layout_problems(&p, 10.0);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            p.display(),
            problems.join("\n")
        );
    }
}

#[test]
fn pages_are_a4_in_the_right_orientation_and_number() {
    let (short, long) = (595.28, 841.89);
    for p in all_pdfs() {
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        let boxes = page_boxes(&p);
        let (pages, landscape): (&[usize], bool) = match name.split('-').next().unwrap() {
            "poster" => (&[1], false),
            "handout" => (&[1, 2], false),
            "leaflet" => (&[2], true),
            // Imposed: two sides per sheet, four booklet pages per sheet.
            "booklet" => (&[2, 4, 6, 8], true),
            "cards" => (&[2], false),
            other => panic!("unexpected format {other}"),
        };
        assert!(
            pages.contains(&boxes.len()),
            "{}: {} pages",
            p.display(),
            boxes.len()
        );
        let (w, h) = if landscape {
            (long, short)
        } else {
            (short, long)
        };
        for (media, trim) in boxes {
            let size = (media[2] - media[0], media[3] - media[1]);
            assert!(
                (size.0 - w).abs() < 0.5 && (size.1 - h).abs() < 0.5,
                "{name}: {size:?}"
            );
            assert_eq!(media, trim, "no bleed asked for, so the trim is the page");
        }
    }
}

#[test]
fn handout_body_text_is_at_least_12_pt() {
    for a in AUDIENCES {
        let p = pdf(a, "handout-a4.pdf");
        let texts = sized_text(&p);
        // Running text: the size carrying the most characters.
        let mut by_size: std::collections::BTreeMap<i64, usize> = Default::default();
        for t in &texts {
            *by_size.entry(t.size.round() as i64).or_default() += t.text.chars().count();
        }
        let (body, _) = by_size.iter().max_by_key(|(_, n)| **n).unwrap();
        assert!(*body >= 12, "{a}: running text is {body} pt: {by_size:?}");
        // The first section's first words are running text too.
        let first = texts
            .iter()
            .find(|t| t.text.starts_with("End-to-end encryption"))
            .expect("the explainer");
        assert!(first.size >= 12.0, "{a}: explainer at {} pt", first.size);
    }
}

#[test]
fn posters_set_key_points_larger_than_handouts() {
    for a in AUDIENCES {
        let texts = sized_text(&pdf(a, "poster-a4.pdf"));
        let key_point = texts
            .iter()
            .find(|t| t.text.contains("999") && !t.text.trim().eq("999"))
            .expect("a key point mentions 999");
        assert!(
            key_point.size >= 14.0,
            "{a}: key point at {} pt",
            key_point.size
        );
    }
}

#[test]
fn metadata_names_title_author_subject_and_language() {
    for p in all_pdfs() {
        assert!(
            info_field(&p, "Title").starts_with("End-to-end encryption: "),
            "{}",
            p.display()
        );
        assert!(!info_field(&p, "Author").is_empty());
        assert!(
            info_field(&p, "Subject").contains(" for "),
            "{}",
            info_field(&p, "Subject")
        );
        // The creation date is the pack's reviewed date, not the clock.
        assert!(
            info_field(&p, "CreationDate").contains("2026"),
            "{}",
            info_field(&p, "CreationDate")
        );
        assert_eq!(catalog(&p)["/Lang"], "u:en-GB", "{}", p.display());
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again");
    let o = packpress(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["build", "-o", again.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", describe(&o));
    for p in all_pdfs() {
        let rel = p.strip_prefix(built()).unwrap();
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(again.join(rel)).unwrap(),
            "{} differs",
            rel.display()
        );
    }
    assert_eq!(
        std::fs::read(built().join("manifest.json")).unwrap(),
        std::fs::read(again.join("manifest.json")).unwrap()
    );
}

#[test]
fn a3_poster_is_a3_and_scales_its_type_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "build",
            "packs/e2ee",
            "-a",
            "parents",
            "-f",
            "poster",
            "-p",
            "a3",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let a3 = out.join("e2ee/generic/parents/poster-a3.pdf");
    let (media, _) = page_boxes(&a3)[0];
    assert!(
        (media[2] - 841.89).abs() < 0.5 && (media[3] - 1190.55).abs() < 0.5,
        "{media:?}"
    );
    assert!(layout_problems(&a3, 10.0).is_empty());
    let size_of = |p: &Path| {
        sized_text(p)
            .into_iter()
            .find(|t| t.text.contains("Private chats"))
            .map(|t| t.size)
            .unwrap()
    };
    assert!(size_of(&a3) > size_of(&pdf("parents", "poster-a4.pdf")) * 1.3);
}

#[test]
fn the_shipped_pack_checks_clean() {
    let o = packpress(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "packs/e2ee"],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("0 errors"), "{out}");
}
