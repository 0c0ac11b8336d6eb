//! Tagged PDF (issue 14) on the shipped pack's real outputs, every format
//! in every style, with and without a site, read back with real readers:
//! poppler says each is tagged and reads its structure in the pack's
//! order; our own walk of every content stream (lopdf) finds nothing
//! painted outside a tagged or artifact sequence and every MCID in the
//! tree; and the `pdfua` checker (PyPI, pinned in scripts/test) reports
//! nothing.

mod common;
#[path = "support/tagged_walk.rs"]
mod tagged_walk;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;

const AUDIENCES: [&str; 3] = ["parents", "professionals", "young-people"];

/// The shipped pack in all three styles, and once more for a site.
fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let o = out.to_str().unwrap();
        let styles = ["-s", "standard", "-s", "large-print", "-s", "dyslexia"];
        let run = packpress(
            root,
            &[&["build", "packs/e2ee", "-o", o][..], &styles].concat(),
        );
        assert!(run.status.success(), "build failed: {}", describe(&run));
        let site = root.join("tests/fixtures/sites/hillside.toml");
        let run = packpress(
            root,
            &[
                "build",
                "packs/e2ee",
                "--site",
                site.to_str().unwrap(),
                "-o",
                o,
            ],
        );
        assert!(
            run.status.success(),
            "site build failed: {}",
            describe(&run)
        );
        (dir, out)
    })
    .1
}

fn all_pdfs() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![built().to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                found.push(p);
            }
        }
    }
    found.sort();
    // Five formats, three audiences, three styles less the one skipped
    // combination, and the site's fifteen.
    assert!(found.len() >= 50, "only {} PDFs", found.len());
    found
}

fn generic(audience: &str, name: &str) -> PathBuf {
    built().join("e2ee/generic").join(audience).join(name)
}

/// `pdfinfo -struct-text`: the text of the structure tree, in tree order,
/// as one string with its white space collapsed. Spaces are compared: a
/// screen reader reads this text, so two words joined across a line
/// ("canstill") or across two blocks ("Helpline0808") would be read as one.
fn struct_text(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .args(["-struct-text", pdf.to_str().unwrap()])
        .output()
        .expect("pdfinfo runs: install poppler-utils");
    assert!(out.status.success());
    let text: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"'))
        .map(|l| l.trim_matches('"').to_string())
        .collect();
    collapse(&text.join(" "))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The audience's headline and section headings, from its pack file.
fn pack_order(audience: &str) -> (String, Vec<String>) {
    let path = shipped_pack()
        .join("audiences")
        .join(format!("{audience}.toml"));
    let v: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let headline = collapse(v["audience"]["headline"].as_str().unwrap());
    let headings = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| collapse(s["heading"].as_str().unwrap()))
        .collect();
    (headline, headings)
}

/// The helplines' phone numbers from the pack file.
fn helpline_numbers() -> Vec<String> {
    let v: toml::Value =
        toml::from_str(&std::fs::read_to_string(shipped_pack().join("pack.toml")).unwrap())
            .unwrap();
    v["helplines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h.get("phone")?.as_str().map(str::to_string))
        .collect()
}

/// Asserts `needles` occur in `text` in this order; returns where the
/// last one starts.
fn in_order(text: &str, needles: &[String], what: &Path) -> usize {
    let mut from = 0;
    for n in needles {
        match text[from..].find(n.as_str()) {
            Some(i) => from += i + n.len(),
            None => panic!(
                "{}: {n:?} is missing from the structure text, or out of order:\n{text}",
                what.display()
            ),
        }
    }
    from
}

#[test]
fn every_output_is_tagged() {
    for p in all_pdfs() {
        assert_eq!(info_field(&p, "Tagged"), "yes", "{}", p.display());
    }
}

#[test]
fn nothing_is_painted_outside_tagged_or_artifact_content_and_every_mcid_is_in_the_tree() {
    for p in all_pdfs() {
        let w = tagged_walk::walk(&std::fs::read(&p).unwrap());
        assert!(
            w.problems.is_empty(),
            "{}:\n{}",
            p.display(),
            w.problems.join("\n")
        );
        assert!(w.tagged, "{}: not tagged", p.display());
    }
}

/// ISO 14289-1, 7.9: every Note structure element has an /ID, unique in
/// its document, and the structure tree's IDTree leads to it. Read back
/// with lopdf; every format has Notes (the reviewed date, the sources).
#[test]
fn every_note_has_an_id_that_the_id_tree_leads_to() {
    let mut notes = 0;
    for p in all_pdfs() {
        let doc = lopdf::Document::load(&p).unwrap();
        let root = doc
            .catalog()
            .and_then(|c| c.get(b"StructTreeRoot"))
            .and_then(|r| doc.dereference(r))
            .map(|(_, o)| o.clone())
            .unwrap();
        let tree = root.as_dict().unwrap().get(b"IDTree").unwrap();
        let names = doc.dereference(tree).unwrap().1.as_dict().unwrap();
        let names = names.get(b"Names").unwrap().as_array().unwrap();
        let in_tree: std::collections::BTreeMap<Vec<u8>, lopdf::ObjectId> = names
            .chunks(2)
            .map(|kv| {
                (
                    kv[0].as_str().unwrap().to_vec(),
                    kv[1].as_reference().unwrap(),
                )
            })
            .collect();
        let mut found = 0;
        for (id, object) in &doc.objects {
            let Ok(elem) = object.as_dict() else { continue };
            if elem.get(b"S").and_then(|s| s.as_name()).ok() != Some(b"Note") {
                continue;
            }
            let note_id = elem
                .get(b"ID")
                .and_then(|i| i.as_str())
                .unwrap_or_else(|_| panic!("{}: a Note without /ID", p.display()));
            assert_eq!(in_tree.get(note_id), Some(id), "{}", p.display());
            found += 1;
        }
        assert!(found > 0, "{}: no Note", p.display());
        assert_eq!(found, in_tree.len(), "{}", p.display());
        notes += found;
    }
    assert!(notes > 50);
}

#[test]
fn the_pdf_ua_checker_reports_nothing() {
    let pdfs = all_pdfs();
    let out = Command::new("pdfua")
        .arg("check")
        .args(&pdfs)
        .output()
        .expect("pdfua runs: scripts/test installs it (pip install pdfua==0.1.3)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pdfua found problems (exit {:?}):\n{report}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    // A rule that could not run is not a pass.
    assert!(!report.contains("[skip"), "{report}");
    assert_eq!(
        report.matches("result: PASS (no findings)").count(),
        pdfs.len(),
        "{report}"
    );
}

#[test]
fn handouts_read_in_the_pack_order() {
    for a in AUDIENCES {
        let p = generic(a, "handout-a4.pdf");
        let (headline, headings) = pack_order(a);
        let text = struct_text(&p);
        in_order(&text, &[&[headline][..], &headings].concat(), &p);
    }
}

#[test]
fn the_leaflet_reads_cover_then_inside_then_flap_then_back() {
    for a in AUDIENCES {
        let p = generic(a, "leaflet-a4.pdf");
        let (headline, headings) = pack_order(a);
        let text = struct_text(&p);
        // The sheet prints flap, back, cover first; the cover reads first:
        // the headline before every section, and the sections before the
        // back panel.
        let after_sections = in_order(&text, &[&[headline][..], &headings].concat(), &p);
        // The back panel's helplines come after every section. Only full
        // numbers count: the text itself says "call 999".
        let printed = pdf_text(&p);
        let on_back: Vec<String> = helpline_numbers()
            .into_iter()
            .filter(|n| n.len() > 5 && printed.contains(n.as_str()))
            .map(|n| collapse(&n))
            .collect();
        let first_number = on_back
            .iter()
            .filter_map(|n| text.find(n.as_str()))
            .min()
            .unwrap_or_else(|| panic!("{}: no helpline in the structure", p.display()));
        assert!(
            first_number > after_sections - headings.last().unwrap().len(),
            "{}: a helpline reads before the last section: {text}",
            p.display()
        );
    }
}

#[test]
fn the_imposed_booklet_reads_page_one_to_the_end() {
    for a in AUDIENCES {
        let p = generic(a, "booklet-a4.pdf");
        let (headline, headings) = pack_order(a);
        let text = struct_text(&p);
        in_order(&text, &[&[headline][..], &headings].concat(), &p);
    }
}

#[test]
fn a_sheet_of_cards_reads_as_one_card() {
    for a in AUDIENCES {
        let p = generic(a, "cards-a4.pdf");
        let printed = pdf_text(&p);
        let text = struct_text(&p);
        // Each number is printed once per card (or more, where the text
        // also says "call 999"); the structure reads one card, so every
        // number reads a same fraction of the times it is printed.
        let mut cards: Option<usize> = None;
        for n in helpline_numbers() {
            let on_sheet = printed.matches(n.as_str()).count();
            if on_sheet == 0 {
                continue;
            }
            let read = text.matches(collapse(&n).as_str()).count();
            assert!(read > 0, "{}: {n} is not read: {text}", p.display());
            assert_eq!(
                on_sheet % read,
                0,
                "{}: {n} printed {on_sheet}, read {read}",
                p.display()
            );
            let k = on_sheet / read;
            assert!(
                k >= 2,
                "{}: {n} read as often as printed: {text}",
                p.display()
            );
            assert_eq!(*cards.get_or_insert(k), k, "{}: {n}", p.display());
        }
        assert!(cards.is_some(), "{}: no helpline on the cards", p.display());
    }
}

#[test]
fn the_site_logo_and_the_qr_code_are_figures_with_alternative_text() {
    let site = built().join("e2ee/hillside");
    let mut logos = 0;
    for p in all_pdfs().into_iter().filter(|p| p.starts_with(&site)) {
        let w = tagged_walk::walk(&std::fs::read(&p).unwrap());
        let alts: Vec<&str> = w
            .elements
            .iter()
            .filter(|e| e.role == "Figure")
            .filter_map(|e| e.alt.as_deref())
            .collect();
        logos += alts
            .iter()
            .filter(|a| **a == "Hillside Academy logo")
            .count();
        // Every QR code printed is a figure that says where it leads.
        let pages = w.marked.len();
        for page in 1..=pages {
            for address in qr_codes(&p, page) {
                assert!(
                    alts.iter()
                        .any(|a| a.strip_prefix("QR code: ").is_some_and(|rest| {
                            address.contains(rest.trim()) || rest.contains(address.trim())
                        })),
                    "{} page {page}: a QR code for {address} without its figure: {alts:?}",
                    p.display()
                );
            }
        }
    }
    assert!(logos > 0, "no output names the site's logo");
}

/// A screen reader reads the structure's text: the words of two lines, and
/// of two blocks read one after the other (a helpline's name, then its
/// number), must stay two words.
#[test]
fn words_on_two_lines_or_in_two_blocks_are_read_as_two_words() {
    for a in AUDIENCES {
        let p = generic(a, "poster-a4.pdf");
        let text = struct_text(&p);
        let (headline, _) = pack_order(a);
        assert!(text.contains(&headline), "{}: {text}", p.display());
        for n in helpline_numbers() {
            let pos = text.find(&n);
            if let Some(i) = pos.filter(|&i| i > 0) {
                assert!(
                    text[..i].ends_with(' '),
                    "{}: {n} is read joined to the word before it: {text}",
                    p.display()
                );
            }
        }
    }
}
