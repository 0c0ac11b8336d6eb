//! The print formats read back as a printer and a folder of paper would
//! meet them: leaflet panels in the order that folds right, booklet pages
//! imposed so the folded stack reads in order, text clear of every fold,
//! spine and cut, and crop, fold and bleed set up for a print shop.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const AUDIENCES: [&str; 3] = ["parents", "professionals", "young-people"];

fn mm(x: f64) -> f64 {
    x * PT_PER_MM
}

/// Builds the shipped pack with extra options once per option set.
fn build(key: &'static str, extra: &[&str]) -> PathBuf {
    static BUILDS: OnceLock<std::sync::Mutex<Vec<(&'static str, tempfile::TempDir)>>> =
        OnceLock::new();
    let builds = BUILDS.get_or_init(Default::default);
    let mut builds = builds.lock().unwrap();
    if let Some((_, dir)) = builds.iter().find(|(k, _)| *k == key) {
        return dir.path().join("out");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec![
        "build",
        "packs/e2ee",
        "-f",
        "leaflet",
        "-f",
        "booklet",
        "-f",
        "cards",
        "-p",
        "a4",
        "-o",
    ];
    args.push(out.to_str().unwrap());
    args.extend_from_slice(extra);
    let o = packpress(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    assert!(o.status.success(), "{}", describe(&o));
    builds.push((key, dir));
    out
}

fn office(audience: &str, name: &str) -> PathBuf {
    build("office", &[])
        .join("e2ee/generic")
        .join(audience)
        .join(name)
}

/// The words of a page whose left edges lie in [x0, x1) points from the
/// page's left (media box).
fn words_in(words: &[Word], x0: f64, x1: f64) -> Vec<String> {
    words
        .iter()
        .filter(|w| w.x0 >= x0 && w.x0 < x1)
        .map(|w| w.text.clone())
        .collect()
}

/// Words closer than `clearance` to the vertical line at `x`.
fn near_vertical(words: &[Word], x: f64, clearance: f64) -> Vec<String> {
    words
        .iter()
        .filter(|w| w.x1 > x - clearance && w.x0 < x + clearance)
        .map(|w| format!("'{}' at {:.1}-{:.1}", w.text, w.x0, w.x1))
        .collect()
}

/// Words closer than `clearance` to the horizontal line at `y`.
fn near_horizontal(words: &[Word], y: f64, clearance: f64) -> Vec<String> {
    words
        .iter()
        .filter(|w| w.y1 > y - clearance && w.y0 < y + clearance)
        .map(|w| format!("'{}' at y {:.1}-{:.1}", w.text, w.y0, w.y1))
        .collect()
}

// ---------------------------------------------------------------- leaflet

#[test]
fn leaflet_is_two_landscape_a4_pages() {
    for a in AUDIENCES {
        let boxes = page_boxes(&office(a, "leaflet-a4.pdf"));
        assert_eq!(boxes.len(), 2);
        for (media, _) in boxes {
            assert!(
                (media[2] - 841.89).abs() < 0.5 && (media[3] - 595.28).abs() < 0.5,
                "{media:?}"
            );
        }
    }
}

#[test]
fn leaflet_front_cover_is_the_right_panel_of_the_outside() {
    for (a, headline) in [
        ("parents", "Private chats can still be safe chats"),
        ("professionals", "End-to-end encryption and safeguarding"),
        ("young-people", "Private chats, and help when you need it"),
    ] {
        let pdf = office(a, "leaflet-a4.pdf");
        let pages = words(&pdf);
        let cover = words_in(&pages[0], mm(197.0), mm(297.0)).join(" ");
        assert!(cover.contains(headline), "{a}: the cover reads {cover:?}");
        let rest = words_in(&pages[0], 0.0, mm(197.0)).join(" ");
        assert!(
            !rest.contains(headline),
            "{a}: the headline is on another panel"
        );
    }
}

#[test]
fn leaflet_back_panel_carries_the_helplines_and_the_reviewed_date() {
    for a in AUDIENCES {
        let pdf = office(a, "leaflet-a4.pdf");
        let pages = words(&pdf);
        let back = words_in(&pages[0], mm(97.0), mm(197.0)).join(" ");
        // The help opens the back panel, or starts on the flap, which then
        // opens on its heading, and runs on to the back panel.
        let flap = words_in(&pages[0], mm(0.0), mm(97.0)).join(" ");
        assert!(
            back.contains("Where to get help") || flap.starts_with("Where to get help"),
            "{a}: neither the back panel nor the flap opens the help: {flap} | {back}"
        );
        for s in ["999", "Reviewed 22 November 2026", "Sources:"] {
            assert!(back.contains(s), "{a}: back panel lacks {s:?}: {back}");
        }
    }
}

#[test]
fn leaflet_sections_flow_through_panels_one_two_three_then_the_flap() {
    for a in AUDIENCES {
        let pdf = office(a, "leaflet-a4.pdf");
        let pages = words(&pdf);
        // Reading order of panels: inside 1, 2, 3 (page 2), then the flap (page 1, left).
        let panel_text = [
            words_in(&pages[1], 0.0, mm(100.0)).join(" "),
            words_in(&pages[1], mm(100.0), mm(200.0)).join(" "),
            words_in(&pages[1], mm(200.0), mm(297.0)).join(" "),
            words_in(&pages[0], 0.0, mm(97.0)).join(" "),
        ];
        assert!(
            panel_text[0].starts_with("What"),
            "{a}: panel 1 starts with the first section: {}",
            panel_text[0]
        );
        let joined = panel_text.join(" ");
        // The call to action closes the flow, after every section.
        let evidence = joined.find("evidence").expect("the evidence section");
        let cta = ["keep talking.", "and your DSL.", "an adult you trust."]
            .iter()
            .find_map(|c| joined.find(c))
            .expect("the call to action");
        assert!(
            evidence < cta,
            "{a}: the call to action comes after the sections"
        );
    }
}

#[test]
fn leaflet_text_keeps_6_mm_from_every_fold() {
    for a in AUDIENCES {
        let pdf = office(a, "leaflet-a4.pdf");
        let pages = words(&pdf);
        for (page, folds) in [(0, [97.0, 197.0]), (1, [100.0, 200.0])] {
            for f in folds {
                // 6 mm, to within what pdftotext's coordinates resolve.
                let near = near_vertical(&pages[page], mm(f), mm(5.95));
                assert!(
                    near.is_empty(),
                    "{a}: page {} fold at {f} mm: {near:?}",
                    page + 1
                );
            }
        }
    }
}

#[test]
fn leaflet_fold_marks_are_ticks_at_the_edges_without_bleed() {
    let pdf = office("parents", "leaflet-a4.pdf");
    let img = render_gray(&pdf, 1, 144);
    for f in [97.0, 197.0] {
        assert!(
            darkest(&img, 144, mm(f) - 1.0, 0.0, mm(f) + 1.0, mm(2.5)) < 128,
            "tick at {f} mm, top"
        );
        assert!(
            darkest(&img, 144, mm(f) - 1.0, mm(207.5), mm(f) + 1.0, mm(210.0)) < 128,
            "tick at {f} mm, foot"
        );
    }
}

// ---------------------------------------------------------------- booklet

/// Which booklet page is on each half of each sheet side: the number at
/// its foot; the back cover, which has none, by its helplines; the cover,
/// which has none either, by elimination.
fn halves(pdf: &Path, n: usize) -> Vec<(usize, usize)> {
    let boxes = page_boxes(pdf);
    words(pdf)
        .iter()
        .zip(boxes)
        .map(|(ws, (media, _))| {
            let half = (media[2] - media[0]) / 2.0;
            let height = media[3] - media[1];
            let page_of = |x0: f64, x1: f64| -> usize {
                let side: Vec<&Word> = ws.iter().filter(|w| w.x0 >= x0 && w.x1 <= x1).collect();
                let number = side
                    .iter()
                    .filter(|w| w.y0 > height - mm(25.0))
                    .find_map(|w| w.text.parse().ok());
                match number {
                    Some(p) => p,
                    None if side.iter().any(|w| w.text == "Reviewed") => n,
                    None => 1,
                }
            };
            (page_of(0.0, half), page_of(half, 2.0 * half))
        })
        .collect()
}

#[test]
fn booklet_sheets_are_imposed_so_the_folded_stack_reads_in_order() {
    for a in AUDIENCES {
        let pdf = office(a, "booklet-a4.pdf");
        let sides = page_boxes(&pdf).len();
        let n = sides * 2;
        assert_eq!(n % 4, 0, "{a}: {n} pages");
        let expected: Vec<(usize, usize)> = (0..n / 4)
            .flat_map(|i| [(n - 2 * i, 2 * i + 1), (2 * i + 2, n - 2 * i - 1)])
            .collect();
        assert_eq!(halves(&pdf, n), expected, "{a}");
    }
}

#[test]
fn booklet_text_keeps_6_mm_from_the_spine() {
    for a in AUDIENCES {
        let pdf = office(a, "booklet-a4.pdf");
        for (i, ws) in words(&pdf).iter().enumerate() {
            let near = near_vertical(ws, mm(148.5), mm(6.0));
            assert!(near.is_empty(), "{a}: sheet side {}: {near:?}", i + 1);
        }
    }
}

#[test]
fn booklet_without_imposition_is_half_a4_pages_in_reading_order() {
    let out = build("no-impose", &["--no-impose"]);
    for a in AUDIENCES {
        let pdf = out.join("e2ee/generic").join(a).join("booklet-a4.pdf");
        let boxes = page_boxes(&pdf);
        assert_eq!(boxes.len() % 4, 0, "{a}");
        for (media, _) in &boxes {
            assert!(
                (media[2] - 420.94).abs() < 0.5 && (media[3] - 595.28).abs() < 0.5,
                "{media:?}"
            );
        }
        let pages = words(&pdf);
        let n = pages.len();
        for (i, ws) in pages.iter().enumerate().skip(1).take(n - 2) {
            let number = ws
                .iter()
                .filter(|w| w.y0 > mm(185.0))
                .find_map(|w| w.text.parse::<usize>().ok());
            assert_eq!(
                number,
                Some(i + 1),
                "{a}: page {} is numbered {number:?}",
                i + 1
            );
        }
        assert!(problems_free(&pdf));
    }
}

fn problems_free(pdf: &Path) -> bool {
    let p = layout_problems(pdf, 10.0);
    assert!(p.is_empty(), "{}: {p:?}", pdf.display());
    true
}

// ------------------------------------------------------------------ cards

/// How many cards a sheet holds: the fronts that say "Keep this card".
fn cards_on_a_sheet(pdf: &Path) -> usize {
    let fronts = pdf_text(pdf);
    let first = fronts.split('\u{c}').next().unwrap_or_default();
    first.matches("Keep this card").count()
}

#[test]
fn cards_are_two_a4_pages_and_text_keeps_6_mm_from_every_cut() {
    let cuts_x = [20.0, 105.0, 190.0];
    let cuts_y = [11.0, 66.0, 121.0, 176.0, 231.0, 286.0];
    for a in AUDIENCES {
        let pdf = office(a, "cards-a4.pdf");
        let pages = words(&pdf);
        assert_eq!(pages.len(), 2);
        if cards_on_a_sheet(&pdf) != 10 {
            // The professionals' four helplines with who each is for do
            // not fit a wallet card yet: their cards grow, four to a sheet,
            // and the build says so (tests/no_loss.rs). Issue 25 keeps
            // them wallet-sized; until then their cuts are elsewhere.
            assert_eq!(a, "professionals", "{a}: cards not ten to a sheet");
            continue;
        }
        for (i, ws) in pages.iter().enumerate() {
            for x in cuts_x {
                let near = near_vertical(ws, mm(x), mm(6.0));
                assert!(
                    near.is_empty(),
                    "{a}: page {}: cut at x {x} mm: {near:?}",
                    i + 1
                );
            }
            for y in cuts_y {
                let near = near_horizontal(ws, mm(y), mm(6.0));
                assert!(
                    near.is_empty(),
                    "{a}: page {}: cut at y {y} mm: {near:?}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn every_card_carries_the_emergency_line_and_every_helpline() {
    for (a, numbers) in [
        (
            "parents",
            &["0808 800 5000", "0800 1111", "ceop.police.uk/safety-centre"][..],
        ),
        (
            "professionals",
            &["0808 800 5000", "0344 381 4772", "101", "iwf.org.uk/report"][..],
        ),
        (
            "young-people",
            &["0800 1111", "childline.org.uk/remove"][..],
        ),
    ] {
        let pdf = office(a, "cards-a4.pdf");
        let text = pdf_text(&pdf);
        // Each number on every card, across the two sides.
        let cards = cards_on_a_sheet(&pdf);
        assert_eq!(text.matches("999").count(), cards, "{a}");
        for n in numbers {
            assert!(
                text.matches(n).count() >= cards,
                "{a}: {n} on fewer than {cards} cards"
            );
        }
    }
}

#[test]
fn card_numbers_are_at_least_9_pt_and_names_are_bold() {
    for a in AUDIENCES {
        let pdf = office(a, "cards-a4.pdf");
        let bold = bold_tags(&pdf);
        let texts = sized_text(&pdf);
        let is_bold = |t: &SizedText| bold.iter().any(|b| t.family.starts_with(b.as_str()));
        for t in &texts {
            let digits = t.text.chars().filter(char::is_ascii_digit).count();
            if digits >= 3 && t.text.chars().all(|c| c.is_ascii_digit() || c == ' ') {
                assert!(t.size >= 9.0, "{a}: number {:?} at {} pt", t.text, t.size);
                assert!(is_bold(t), "{a}: number {:?} is not bold", t.text);
            }
            for name in ["NSPCC Helpline", "Childline", "CEOP Safety Centre"] {
                if t.text.trim() == name {
                    assert!(is_bold(t), "{a}: {name} is not bold");
                }
            }
        }
    }
}

#[test]
fn cards_always_have_crop_marks_at_the_cuts() {
    let pdf = office("parents", "cards-a4.pdf");
    let img = render_gray(&pdf, 1, 144);
    // Above the block, on the cut at x = 20 mm: a mark from 2 to 7 mm above it.
    assert!(darkest(&img, 144, mm(20.0) - 1.0, mm(4.5), mm(20.0) + 1.0, mm(8.5)) < 128);
    // Left of the block, on the cut at y = 66 mm.
    assert!(
        darkest(
            &img,
            144,
            mm(14.0),
            mm(66.0) - 1.0,
            mm(17.5),
            mm(66.0) + 1.0
        ) < 128
    );
    // And nothing drawn at random in the margin between marks.
    assert_eq!(
        darkest(&img, 144, mm(3.0), mm(30.0), mm(15.0), mm(50.0)),
        255
    );
}

// ------------------------------------------------------------------ bleed

#[test]
fn bleed_sets_the_page_boxes_and_draws_crop_marks_outside_the_trim() {
    let out = build("bleed", &["--bleed", "3", "-f", "poster", "-f", "handout"]);
    for name in [
        "poster-a4.pdf",
        "handout-a4.pdf",
        "leaflet-a4.pdf",
        "booklet-a4.pdf",
        "cards-a4.pdf",
    ] {
        let pdf = out.join("e2ee/generic/parents").join(name);
        qpdf_check(&pdf);
        assert!(problems_free(&pdf));
        for (media, trim) in page_boxes(&pdf) {
            // The media is the trim plus 3 mm of bleed and 8 mm of slug each side.
            let grow = mm(11.0);
            assert!(
                (trim[0] - media[0] - grow).abs() < 0.1,
                "{name}: {media:?} {trim:?}"
            );
            assert!(
                (media[2] - trim[2] - grow).abs() < 0.1,
                "{name}: {media:?} {trim:?}"
            );
        }
        // A crop mark at the top-left corner of the trim, in the slug.
        let img = render_gray(&pdf, 1, 144);
        let corner = mm(11.0);
        let mark = darkest(
            &img,
            144,
            corner - mm(8.0),
            corner - 1.0,
            corner - mm(3.5),
            corner + 1.0,
        );
        assert!(mark < 128, "{name}: no crop mark");
    }
    // The poster's band runs into the bleed: dark at 1.5 mm outside the trim.
    let poster = out.join("e2ee/generic/parents/poster-a4.pdf");
    let img = render_gray(&poster, 1, 144);
    let outside = darkest(
        &img,
        144,
        mm(11.0) - mm(2.0),
        mm(30.0),
        mm(11.0) - mm(1.0),
        mm(40.0),
    );
    assert!(outside < 160, "the band does not reach into the bleed");
}

#[test]
fn bleed_box_is_the_trim_grown_by_the_bleed() {
    let out = build("bleed", &["--bleed", "3", "-f", "poster", "-f", "handout"]);
    let pdf = out.join("e2ee/generic/parents/poster-a4.pdf");
    let raw = std::process::Command::new("pdfinfo")
        .args(["-box", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&raw.stdout);
    let field = |k: &str| -> Vec<f64> {
        info.lines()
            .find(|l| l.starts_with(k))
            .unwrap()
            .split_whitespace()
            .skip(1)
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let (bleed, trim) = (field("BleedBox:"), field("TrimBox:"));
    for i in 0..2 {
        assert!(
            (trim[i] - bleed[i] - mm(3.0)).abs() < 0.1,
            "{bleed:?} {trim:?}"
        );
        assert!(
            (bleed[i + 2] - trim[i + 2] - mm(3.0)).abs() < 0.1,
            "{bleed:?} {trim:?}"
        );
    }
}

// ------------------------------------------------------------ other packs

#[test]
fn a_pack_written_from_the_format_examples_builds_every_format_on_both_papers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pack = fixture("spec-example");
    let o = packpress(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "build",
            pack.to_str().unwrap(),
            "-p",
            "a4",
            "-p",
            "letter",
            "-f",
            "leaflet",
            "-f",
            "booklet",
            "-f",
            "cards",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    for name in [
        "leaflet-a4",
        "leaflet-letter",
        "booklet-a4",
        "booklet-letter",
        "cards-a4",
        "cards-letter",
    ] {
        let pdf = out.join(format!("spec-example/generic/parents/{name}.pdf"));
        qpdf_check(&pdf);
        assert!(problems_free(&pdf));
        assert!(pdf_text(&pdf).contains("0800 1111"), "{name}");
    }
    // The pack has a url: the leaflet's back panel prints it beside its QR code.
    let leaflet = pdf_text(&out.join("spec-example/generic/parents/leaflet-a4.pdf"));
    assert!(
        leaflet.contains("Scan for more advice") && leaflet.contains("example.org/e2ee"),
        "{leaflet}"
    );
}

/// The print dialog's first choices, read from /ViewerPreferences: no
/// "fit to page" (it shrinks cards off their size), and the flip edge each
/// format needs, or one side for a poster and a single page.
#[test]
fn print_settings_give_the_flip_edge_each_format_needs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "build",
            "packs/e2ee",
            "-a",
            "parents",
            "-p",
            "a4",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let dir = out.join("e2ee/generic/parents");
    let pages = |name: &str| {
        info_field(&dir.join(name), "Pages")
            .parse::<usize>()
            .unwrap()
    };
    let handout_duplex = if pages("handout-a4.pdf") > 1 {
        "/DuplexFlipLongEdge"
    } else {
        "/Simplex"
    };
    for (name, duplex) in [
        ("poster-a4.pdf", "/Simplex"),
        ("leaflet-a4.pdf", "/DuplexFlipShortEdge"),
        ("booklet-a4.pdf", "/DuplexFlipShortEdge"),
        ("cards-a4.pdf", "/DuplexFlipLongEdge"),
        ("handout-a4.pdf", handout_duplex),
    ] {
        let prefs = &catalog(&dir.join(name))["/ViewerPreferences"];
        assert_eq!(prefs["/PrintScaling"], "/None", "{name}: {prefs}");
        assert_eq!(prefs["/Duplex"], duplex, "{name}: {prefs}");
    }
}
