//! Reading styles measured from the PDFs: large print (UKAAF) has body text
//! of 16 pt or more and nothing under 16 pt; dyslexia (BDA) has 1.5 line
//! spacing, cream paper and no italic; every style keeps to its rules in
//! every format it is made in. (What each keeps, and the sizes in every
//! format, paper and site, are in tests/no_loss.rs.)

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const AUDIENCES: [&str; 3] = ["parents", "professionals", "young-people"];
const FORMATS: [&str; 5] = ["poster", "handout", "leaflet", "booklet", "cards"];

/// The formats made in a style: the leaflet is not made in large print (the
/// large-print booklet is the folded edition).
fn formats(style: &str) -> Vec<&'static str> {
    FORMATS
        .into_iter()
        .filter(|f| !(style == "large-print" && *f == "leaflet"))
        .collect()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped pack in both styles, once; and what the build printed.
fn built() -> &'static (tempfile::TempDir, PathBuf, String) {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut stderr = String::new();
        for style in ["large-print", "dyslexia"] {
            let mut args = vec!["build", "-s", style, "-o", out.to_str().unwrap()];
            for f in formats(style) {
                args.extend(["-f", f]);
            }
            let o = packpress(repo(), &args);
            assert!(o.status.success(), "{}", describe(&o));
            stderr.push_str(&String::from_utf8_lossy(&o.stderr));
        }
        (dir, out, stderr)
    })
}

fn pdf(audience: &str, format: &str, style: &str) -> PathBuf {
    built()
        .1
        .join("e2ee/generic")
        .join(audience)
        .join(format!("{format}-a4-{style}.pdf"))
}

/// The size carrying the most words: the running text. Sizes are grouped
/// to the half point, then the median of the largest group is returned, so
/// a body fitted to 12.35 pt is 12.35, not 12.5.
fn body_size(sizes: &[(f64, String)]) -> f64 {
    let mut groups: std::collections::BTreeMap<i64, Vec<f64>> = Default::default();
    for (s, _) in sizes {
        groups.entry((s * 2.0).round() as i64).or_default().push(*s);
    }
    let Some(mut group) = groups.into_values().max_by_key(|g| g.len()) else {
        return 0.0;
    };
    group.sort_by(|a, b| a.partial_cmp(b).unwrap());
    group[group.len() / 2]
}

#[test]
fn large_print_has_nothing_under_16_pt_in_any_format() {
    for a in AUDIENCES {
        for f in formats("large-print") {
            let p = pdf(a, f, "large-print");
            let sizes = word_sizes(&p);
            assert!(!sizes.is_empty(), "{a}/{f}: no text");
            for (size, word) in &sizes {
                assert!(*size >= 15.95, "{a}/{f}: '{word}' at {size:.2} pt");
            }
        }
    }
}

#[test]
fn large_print_body_text_is_at_least_16_pt() {
    for a in AUDIENCES {
        for f in ["handout", "booklet", "poster"] {
            let p = pdf(a, f, "large-print");
            let pages = words(&p);
            let size = |w: &Word| ((w.y1 - w.y0) / 1.3, w.text.clone());
            let sizes: Vec<_> = match f {
                // A poster's running text is its key points, above "Where
                // to get help".
                "poster" => {
                    let help = pages[0]
                        .iter()
                        .find(|w| w.text == "Where")
                        .map_or(f64::MAX, |w| w.y0);
                    pages[0].iter().filter(|w| w.y1 < help).map(size).collect()
                }
                _ => word_sizes(&p),
            };
            let body = body_size(&sizes);
            assert!(body >= 15.99, "{a}/{f}: running text at {body} pt");
        }
    }
}

#[test]
fn large_print_handouts_and_booklets_grow_pages_instead_of_shrinking() {
    for a in AUDIENCES {
        let standard = page_boxes(&shipped_handout(a)).len();
        let large = page_boxes(&pdf(a, "handout", "large-print")).len();
        assert!(
            large > standard,
            "{a}: {large} large-print pages, {standard} standard"
        );
        // Every section is still there.
        let text = pdf_text(&pdf(a, "handout", "large-print"));
        assert!(text.contains("evidence"), "{a}: the evidence section");
    }
}

fn shipped_handout(audience: &str) -> PathBuf {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = packpress(
            repo(),
            &["build", "-f", "handout", "-o", out.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", describe(&o));
        (dir, out)
    });
    out.join("e2ee/generic")
        .join(audience)
        .join("handout-a4.pdf")
}

#[test]
fn the_large_print_leaflet_is_not_made_and_the_refusal_names_the_booklet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "-f",
            "leaflet",
            "-s",
            "large-print",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success(), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("large-print booklet"), "{err}");
    assert!(!out
        .join("e2ee/generic/parents/leaflet-a4-large-print.pdf")
        .exists());
}

#[test]
fn dyslexia_headlines_keep_display_leading_while_running_text_is_one_and_a_half() {
    // The leaflet cover's headline takes several lines in its narrow
    // panel: their baselines are closer than 1.3 em, where running text is
    // 1.5 em apart.
    let p = pdf("parents", "leaflet", "dyslexia");
    let page = &words(&p)[0];
    let headline = ["Private", "chats", "can", "still", "be", "safe"];
    let size = page
        .iter()
        .filter(|w| headline.contains(&w.text.as_str()))
        .map(|w| (w.y1 - w.y0) / 1.3)
        .fold(0.0, f64::max);
    let mut baselines: Vec<f64> = page
        .iter()
        .filter(|w| headline.contains(&w.text.as_str()) && (w.y1 - w.y0) / 1.3 > size - 0.5)
        .map(|w| w.y1)
        .collect();
    baselines.sort_by(|a, b| a.partial_cmp(b).unwrap());
    baselines.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    assert!(
        baselines.len() >= 2,
        "a headline of one line: {baselines:?}"
    );
    for w in baselines.windows(2) {
        let ratio = (w[1] - w[0]) / size;
        assert!(
            ratio < 1.3 && ratio > 0.9,
            "headline lines {ratio:.2} em apart"
        );
    }
}

#[test]
fn dyslexia_sets_body_lines_at_least_one_and_a_half_apart() {
    for a in AUDIENCES {
        for f in ["handout", "booklet", "leaflet"] {
            let p = pdf(a, f, "dyslexia");
            let sizes = word_sizes(&p);
            let body = body_size(&sizes);
            assert!(body >= 11.99, "{a}/{f}: body {body}");
            // Baselines of consecutive lines of one size in one column,
            // from the word boxes: the gap divided by the size.
            let mut ratios = Vec::new();
            for page in words(&p) {
                let mut by_column: std::collections::BTreeMap<(i64, i64), Vec<f64>> =
                    Default::default();
                for w in page
                    .iter()
                    .filter(|w| ((w.y1 - w.y0) / 1.3 - body).abs() < 0.2)
                {
                    let size = (w.y1 - w.y0) / 1.3;
                    by_column
                        .entry((w.x0.floor() as i64, (size * 20.0).round() as i64))
                        .or_default()
                        .push(w.y1);
                }
                for (&(_, size), ys) in by_column.iter_mut() {
                    let size = size as f64 / 20.0;
                    ys.sort_by(|a, b| a.partial_cmp(b).unwrap());
                    ys.dedup_by(|a, b| (*a - *b).abs() < 0.5);
                    for w in ys.windows(2) {
                        let gap = (w[1] - w[0]) / size;
                        // Lines of one paragraph, not the jump between paragraphs.
                        if gap < 2.0 {
                            ratios.push(gap);
                        }
                    }
                }
            }
            assert!(ratios.len() > 10, "{a}/{f}: too few lines measured");
            let least = ratios.iter().cloned().fold(f64::INFINITY, f64::min);
            assert!(least >= 1.49, "{a}/{f}: lines {least:.2} apart");
        }
    }
}

#[test]
fn dyslexia_pages_are_cream() {
    // A point of bare paper on each: the poster's middle margin, the
    // booklet's second sheet side (the first has both covers), and the
    // bottom-left corner of the rest.
    for (f, page, at) in [
        ("poster", 1, 0.4),
        ("handout", 1, 0.97),
        ("leaflet", 1, 0.97),
        ("booklet", 2, 0.97),
        ("cards", 1, 0.97),
    ] {
        let p = pdf("parents", f, "dyslexia");
        let (media, _) = page_boxes(&p)[page - 1];
        let height = media[3] - media[1];
        let rgb = pixel_rgb(&p, page, 36, 14.0, height * at);
        assert_eq!(rgb, [0xFD, 0xF6, 0xE3], "{f}: paper colour");
    }
}

#[test]
fn dyslexia_on_plain_paper_is_white_and_says_to_print_on_cream() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "-s",
            "dyslexia",
            "--plain-paper",
            "-a",
            "parents",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    for f in FORMATS {
        let p = out.join(format!("e2ee/generic/parents/{f}-a4-dyslexia.pdf"));
        let text = pdf_text(&p)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("Print on cream paper"), "{f}: {text}");
    }
    let p = out.join("e2ee/generic/parents/handout-a4-dyslexia.pdf");
    let (media, _) = page_boxes(&p)[0];
    let rgb = pixel_rgb(&p, 1, 36, 14.0, (media[3] - media[1]) * 0.97);
    assert_eq!(rgb, [0xFF, 0xFF, 0xFF], "white paper");
}

#[test]
fn no_style_uses_italic_or_any_face_but_regular_and_bold() {
    for style in ["large-print", "dyslexia"] {
        for a in AUDIENCES {
            for f in formats(style) {
                for font in fonts(&pdf(a, f, style)) {
                    assert!(
                        font.name.ends_with("-Regular") || font.name.ends_with("-Bold"),
                        "{a}/{f}/{style}: {}",
                        font.name
                    );
                }
            }
        }
    }
}

#[test]
fn every_style_output_is_laid_out_inside_the_safe_area() {
    for style in ["large-print", "dyslexia"] {
        for a in AUDIENCES {
            for f in formats(style) {
                let p = pdf(a, f, style);
                qpdf_check(&p);
                let problems = layout_problems(&p, 10.0);
                assert!(problems.is_empty(), "{a}/{f}/{style}: {problems:?}");
            }
        }
    }
}

#[test]
fn standard_handout_running_text_is_at_least_12_pt_measured_exactly() {
    for a in AUDIENCES {
        let body = body_size(&word_sizes(&shipped_handout(a)));
        assert!(body >= 12.0, "{a}: {body}");
    }
}

#[test]
fn reading_age_and_long_sentences_are_warned_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    let file = pack.join("audiences/young-people.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace("reading_age = 11", "reading_age = 7").replacen(
        "Lots of people use it without knowing.",
        "Lots of people use it without knowing, which is not surprising, because the apps that offer it rarely say so clearly and most people never look at the settings at all.",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let o = packpress(repo(), &["check", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "warnings only: {}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("a sentence of 31 words") && err.contains("young-people.toml:"),
        "{err}"
    );
    assert!(
        err.contains("the text for `young-people` reads at about age"),
        "{err}"
    );
    assert!(err.contains("the hardest are: line"), "{err}");
}

/// The dyslexia style sets a little more space between words (BDA), and no
/// extra space between letters (extracted text would break words apart):
/// the median gap between words on a line, as a share of the words'
/// height, is wider than the standard handout's by about 0.12 em, and every
/// word still comes back whole.
#[test]
fn dyslexia_sets_wider_word_spacing_and_keeps_words_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "-f",
            "handout",
            "-a",
            "parents",
            "-s",
            "standard",
            "-s",
            "dyslexia",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let gap = |name: &str| {
        let pages = words(&out.join("e2ee/generic/parents").join(name));
        let mut gaps: Vec<f64> = Vec::new();
        for page in &pages {
            for (a, b) in page.iter().zip(page.iter().skip(1)) {
                if (a.y1 - b.y1).abs() < 0.5 && b.x0 > a.x1 {
                    gaps.push((b.x0 - a.x1) / (a.y1 - a.y0));
                }
            }
        }
        gaps.sort_by(f64::total_cmp);
        (gaps[gaps.len() / 2], pages)
    };
    let (standard, _) = gap("handout-a4.pdf");
    let (dyslexia, pages) = gap("handout-a4-dyslexia.pdf");
    // 0.12 em is about 0.09 of a word's box (1.3 em high).
    assert!(
        dyslexia - standard > 0.06,
        "word gaps: standard {standard:.3}, dyslexia {dyslexia:.3}"
    );
    let text: Vec<&str> = pages.iter().flatten().map(|w| w.text.as_str()).collect();
    for word in ["encryption", "scrambles", "messages,", "Nobody"] {
        assert!(text.contains(&word), "{word} not whole: {text:?}");
    }
}
