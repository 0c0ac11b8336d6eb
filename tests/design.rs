//! The designer's pass, measured from the PDFs: a panel or page side never
//! starts mid-paragraph, no list is parted from its lead-in, the help is at
//! least as large as the running text, card fronts carry the main number
//! large, and a wall poster's main number can be read across a room.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const AUDIENCES: [&str; 3] = ["parents", "professionals", "young-people"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped pack's leaflets, booklets (reading order), handouts, cards
/// and A3 posters, generic and for a school with three contacts.
fn built() -> &'static PathBuf {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = out.to_str().unwrap();
        let site = fixture("sites/three-contacts.toml");
        let site = site.to_str().unwrap();
        for args in [
            vec![
                "build",
                "-f",
                "leaflet",
                "-f",
                "booklet",
                "-f",
                "handout",
                "-f",
                "cards",
                "--no-impose",
                "-o",
                o,
            ],
            vec![
                "build",
                "-f",
                "leaflet",
                "-f",
                "booklet",
                "-f",
                "handout",
                "-f",
                "cards",
                "--no-impose",
                "--site",
                site,
                "-o",
                o,
            ],
            vec!["build", "-f", "poster", "-p", "a3", "-o", o],
            vec!["build", "-f", "poster", "-p", "a3", "--site", site, "-o", o],
        ] {
            let r = packpress(repo(), &args);
            assert!(r.status.success(), "{args:?}: {}", describe(&r));
        }
        (dir, out)
    })
    .1
}

fn pdf(site: &str, audience: &str, name: &str) -> PathBuf {
    built().join("e2ee").join(site).join(audience).join(name)
}

/// The lines of a region of a page, top to bottom: words grouped by
/// baseline, each line's text in reading order.
fn lines_in(words: &[Word], x0: f64, x1: f64) -> Vec<(f64, String)> {
    let mut by_line: BTreeMap<i64, Vec<&Word>> = BTreeMap::new();
    for w in words.iter().filter(|w| w.x0 >= x0 && w.x1 <= x1) {
        by_line
            .entry((w.y1 * 2.0).round() as i64)
            .or_default()
            .push(w);
    }
    by_line
        .into_iter()
        .map(|(y, mut ws)| {
            ws.sort_by(|a, b| a.x0.partial_cmp(&b.x0).unwrap());
            let text: Vec<&str> = ws.iter().map(|w| w.text.as_str()).collect();
            (y as f64 / 2.0, text.join(" "))
        })
        .collect()
}

/// The running text's size on a page: the size most of its words have.
fn body_size(words: &[Word]) -> f64 {
    let mut count: BTreeMap<i64, usize> = BTreeMap::new();
    for w in words {
        *count
            .entry((((w.y1 - w.y0) / 1.3) * 10.0).round() as i64)
            .or_default() += 1;
    }
    count
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(0.0, |(s, _)| s as f64 / 10.0)
}

/// The text of each unit a reader turns to, in reading order: a leaflet's
/// inside panels 1 to 3 and then its flap; a booklet's content pages.
fn units(site: &str, audience: &str, format: &str) -> Vec<Vec<(f64, String)>> {
    match format {
        "leaflet" => {
            let p = pdf(site, audience, "leaflet-a4.pdf");
            let pages = words(&p);
            let mm = PT_PER_MM;
            // Inside: 100 | 100 | 97 mm; the flap is the outside's left 97 mm.
            vec![
                lines_in(&pages[1], 0.0, 100.0 * mm),
                lines_in(&pages[1], 100.0 * mm, 200.0 * mm),
                lines_in(&pages[1], 200.0 * mm, 297.0 * mm),
                lines_in(&pages[0], 0.0, 97.0 * mm),
            ]
        }
        _ => {
            let p = pdf(site, audience, "booklet-a4.pdf");
            let pages = words(&p);
            let n = pages.len();
            // Pages 2 to n-1, without their page numbers.
            pages[1..n - 1]
                .iter()
                .map(|ws| {
                    lines_in(ws, 0.0, 1e9)
                        .into_iter()
                        .filter(|(_, t)| t.parse::<u32>().is_err())
                        .collect()
                })
                .collect()
        }
    }
}

#[test]
fn no_leaflet_panel_or_booklet_page_starts_mid_paragraph_or_parts_a_list_from_its_lead_in() {
    for site in ["generic", "three-contacts"] {
        for a in AUDIENCES {
            for format in ["leaflet", "booklet"] {
                let units = units(site, a, format);
                for (i, pair) in units.windows(2).enumerate() {
                    let (Some((_, last)), Some((_, first))) = (pair[0].last(), pair[1].first())
                    else {
                        continue;
                    };
                    let what = format!("{site}/{a}/{format}: unit {} to {}", i + 1, i + 2);
                    assert!(
                        !last.ends_with(':'),
                        "{what}: ends on a lead-in {last:?}, its list after the turn"
                    );
                    let ends = last.ends_with(['.', '!', '?']);
                    let starts = first
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                    assert!(ends || starts, "{what}: {last:?} runs on into {first:?}");
                }
            }
        }
    }
}

#[test]
fn helplines_on_the_back_are_at_least_as_large_as_the_running_text() {
    let mm = PT_PER_MM;
    for site in ["generic", "three-contacts"] {
        for a in AUDIENCES {
            // The leaflet: the back panel (outside, 97 to 197 mm) against
            // the inside's body.
            let p = pdf(site, a, "leaflet-a4.pdf");
            let pages = words(&p);
            let body = body_size(&pages[1]);
            let back: Vec<&Word> = pages[0]
                .iter()
                .filter(|w| w.x0 >= 97.0 * mm && w.x1 <= 197.0 * mm)
                .collect();
            // The help may start on the flap (outside, 0 to 97 mm, which
            // then opens on its heading) and run on to the back panel.
            let flap: Vec<&Word> = pages[0].iter().filter(|w| w.x1 <= 97.0 * mm).collect();
            let what = format!("{site}/{a}/leaflet");
            if !back.iter().any(|w| w.text == "Where" || w.text == "Talk") {
                let top = flap
                    .iter()
                    .filter(|w| w.text == "Talk" || w.text == "Where")
                    .map(|w| w.y0)
                    .fold(f64::MAX, f64::min);
                let foot = back
                    .iter()
                    .filter(|w| w.text == "Reviewed" || w.text.starts_with("Sources"))
                    .map(|w| w.y0)
                    .fold(f64::MAX, f64::min);
                assert!(
                    top < f64::MAX,
                    "{what}: no help found on the back or the flap"
                );
                let help: Vec<&Word> = flap
                    .into_iter()
                    .filter(|w| w.y0 >= top)
                    .chain(back.into_iter().filter(|w| w.y1 <= foot))
                    .collect();
                check_sizes(&help, body, &what);
            } else {
                check_help(&back, body, &what);
            }
            // The booklet: its back cover against its pages' body.
            let p = pdf(site, a, "booklet-a4.pdf");
            let pages = words(&p);
            // Page 2, the left half of the second side (2 | 7): running
            // text only, wherever the help is planned.
            let page_two: Vec<Word> = pages[1].iter().filter(|w| w.x1 < 421.0).cloned().collect();
            let body = body_size(&page_two);
            // The help's page (the back cover, or the pages before it
            // when it is planned there), on its half of the spread.
            let heading = |p: &Vec<Word>| {
                p.windows(4)
                    .find(|w| {
                        w.iter().map(|w| w.text.as_str()).collect::<Vec<_>>()
                            == ["Where", "to", "get", "help"]
                    })
                    .map(|w| w[0].x0)
            };
            let (page, x) = pages
                .iter()
                .find_map(|p| heading(p).map(|x| (p, x)))
                .unwrap_or_else(|| panic!("{site}/{a}/booklet: no help found"));
            // Its half, above the folio (page numbers sit in the foot's
            // last 15 mm).
            let half = |w: &&Word| (w.x0 < 421.0) == (x < 421.0) && w.y1 < 595.0 - 15.0 * mm;
            let back: Vec<&Word> = page.iter().filter(half).collect();
            check_help(&back, body, &format!("{site}/{a}/booklet"));
        }
    }
}

/// Every word from "Where to get help" (or "Talk to us") down to the
/// reviewed date is at least `body` (less a rounding hair).
fn check_help(words: &[&Word], body: f64, what: &str) {
    let top = words
        .iter()
        .filter(|w| w.text == "Talk" || w.text == "Where")
        .map(|w| w.y0)
        .fold(f64::MAX, f64::min);
    let foot = words
        .iter()
        .filter(|w| w.text == "Reviewed" || w.text.starts_with("Sources"))
        .map(|w| w.y0)
        .fold(f64::MAX, f64::min);
    assert!(top < foot, "{what}: no help found");
    let help: Vec<&&Word> = words
        .iter()
        .filter(|w| w.y0 >= top && w.y1 <= foot)
        .collect();
    let help: Vec<&Word> = help.into_iter().copied().collect();
    check_sizes(&help, body, what);
}

/// Every one of `help`'s words (more than ten) is at least `body`.
fn check_sizes(help: &[&Word], body: f64, what: &str) {
    assert!(help.len() > 10, "{what}: too few words");
    for w in help {
        let size = (w.y1 - w.y0) / 1.3;
        assert!(
            size >= body - 0.15,
            "{what}: {:?} at {size:.2} pt, body {body:.2}",
            w.text
        );
    }
}

#[test]
fn card_fronts_carry_the_main_number_at_14_pt_or_more() {
    // The main number is the audience's first helpline with a phone.
    for (a, first_group) in [
        ("parents", "0808"),
        ("professionals", "0808"),
        ("young-people", "0800"),
    ] {
        for site in ["generic", "three-contacts"] {
            let p = pdf(site, a, "cards-a4.pdf");
            let front = &words(&p)[0];
            let sizes: Vec<f64> = front
                .iter()
                .filter(|w| w.text == first_group)
                .map(|w| (w.y1 - w.y0) / 1.3)
                .collect();
            assert!(
                !sizes.is_empty(),
                "{site}/{a}: no main number on the fronts"
            );
            for s in sizes {
                assert!(s >= 14.0, "{site}/{a}: main number at {s:.1} pt");
            }
            let text = pdf_text(&p);
            assert!(text.contains("Keep this card"), "{site}/{a}");
        }
    }
}

#[test]
fn an_a3_posters_main_number_has_capitals_12_mm_high() {
    for (site, a, first_group) in [
        ("generic", "parents", "0808"),
        ("generic", "young-people", "0800"),
        ("three-contacts", "professionals", "0808"),
    ] {
        let p = pdf(site, a, "poster-a3.pdf");
        let page = &words(&p)[0];
        // The main number: the largest setting of its first group.
        let w = page
            .iter()
            .filter(|w| w.text == first_group)
            .max_by(|x, y| (x.y1 - x.y0).partial_cmp(&(y.y1 - y.y0)).unwrap())
            .expect("the main number");
        // Its digits' height in ink, from a render: digits are cap-high.
        let dpi = 150;
        let img = render_gray(&p, 1, dpi);
        let k = dpi as f64 / 72.0;
        let (width, _, px) = &img;
        let (x0, x1) = ((w.x0 * k) as usize, (w.x1 * k) as usize);
        let (y0, y1) = ((w.y0 * k) as usize, (w.y1 * k) as usize);
        let inked: Vec<usize> = (y0..y1)
            .filter(|&y| (x0..x1).any(|x| px[y * width + x] < 128))
            .collect();
        let cap_mm = (inked.len() as f64 / k) / PT_PER_MM;
        assert!(cap_mm >= 12.0, "{site}/{a}: capitals {cap_mm:.1} mm high");
    }
}

/// Issue 25: a school's standard wallet cards stay 85 x 55 mm, ten to a
/// sheet, with three contacts: the contacts go on a school card of their
/// own (page 3, ten to a sheet), every name whole, each number directly
/// under its person (at the entry's left edge) or on their line.
#[test]
fn a_schools_standard_cards_are_wallet_sized_with_the_contacts_on_a_card_of_their_own() {
    let mm = PT_PER_MM;
    for a in ["parents", "young-people"] {
        let p = pdf("three-contacts", a, "cards-a4.pdf");
        let pages = words(&p);
        assert_eq!(pages.len(), 3, "{a}: fronts, backs and the school's cards");
        // Ten fronts, 85 mm apart across and 55 mm down.
        let keep: Vec<&Word> = pages[0].iter().filter(|w| w.text == "Keep").collect();
        assert_eq!(keep.len(), 10, "{a}: ten cards to a sheet");
        let mut xs: Vec<f64> = keep.iter().map(|w| w.x0).collect();
        let mut ys: Vec<f64> = keep.iter().map(|w| w.y0).collect();
        xs.sort_by(f64::total_cmp);
        ys.sort_by(f64::total_cmp);
        assert!(((xs[9] - xs[0]) / mm - 85.0).abs() < 0.5, "{a}: {xs:?}");
        assert!(
            ((ys[9] - ys[0]) / mm - 4.0 * 55.0).abs() < 0.5,
            "{a}: {ys:?}"
        );
        // The school's name on every front.
        let fronts: Vec<&str> = pages[0].iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            fronts.join(" ").matches("Uwchradd").count(),
            10,
            "{a}: the school's name on the fronts"
        );
        // The school's card: each contact's name whole, ten times.
        let school = &pages[2];
        let text: Vec<&str> = school.iter().map(|w| w.text.as_str()).collect();
        let joined = text.join(" ");
        for name in ["Prŷs-Jones", "ap Siôn", "Rhiannon Evans"] {
            assert_eq!(joined.matches(name).count(), 10, "{a}: {name} on ten cards");
        }
        assert!(
            !pages[1].iter().any(|w| w.text == "01632"),
            "{a}: contacts also on the back"
        );
        // Each number starts at its entry's left edge (under the role and
        // name), or is on the name's line.
        let lefts: Vec<f64> = school
            .iter()
            .filter(|w| w.text == "Designated" || w.text == "Deputy")
            .map(|w| w.x0)
            .collect();
        for n in school.iter().filter(|w| w.text == "01632") {
            let under = lefts.iter().any(|x| (x - n.x0).abs() < 0.5);
            let on_line = school
                .iter()
                .any(|w| w.text != "01632" && (w.y1 - n.y1).abs() < 2.0 && w.x1 < n.x0);
            assert!(
                under || on_line,
                "{a}: a number at x {:.1} away from its person",
                n.x0
            );
        }
    }
}
