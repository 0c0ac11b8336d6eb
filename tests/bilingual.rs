//! Bilingual editions (issue 16), read back from the PDFs: where each
//! language's words are (pdftotext's word boxes), that sections start
//! level across the columns, that the helplines are printed once, that
//! nothing of the safety content is lost in any style, paper or site, the
//! tagged structure's reading order and /Lang, and the error when the pair
//! does not fit. The Welsh fixture is test text (tests/fixtures/bilingual),
//! as is the Urdu one (tests/fixtures/bilingual-ur), whose tests wait for
//! a font with Urdu glyphs and say so when it is missing.

mod common;

use std::path::{Path, PathBuf};

use common::{
    describe, find_pdfs, fixture, layout_problems, packpress, qpdf_check, sized_text, words, Word,
};

/// Builds one output of a fixture and returns the PDF's path, or the
/// build's output when it failed.
fn build(
    dir: &Path,
    pack: &str,
    pair: &str,
    format: &str,
    extra: &[&str],
) -> Result<PathBuf, std::process::Output> {
    let p = fixture(pack);
    let out = dir.join("out");
    let mut args = vec![
        "build",
        p.to_str().unwrap(),
        "--bilingual",
        pair,
        "-f",
        format,
        "-a",
        "parents",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = packpress(dir, &args);
    if o.status.code() != Some(0) {
        return Err(o);
    }
    let mut found = Vec::new();
    find_pdfs(&out, &mut found);
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => panic!("one PDF expected, found {found:?}: {}", describe(&o)),
    }
}

fn built(dir: &Path, pack: &str, pair: &str, format: &str, extra: &[&str]) -> PathBuf {
    match build(dir, pack, pair, format, extra) {
        Ok(p) => p,
        Err(o) => panic!("the build failed: {}", describe(&o)),
    }
}

/// Where a phrase is: its page and its first and last words.
#[derive(Clone, Debug)]
struct Found {
    page: usize,
    first: Word,
    last: Word,
}

/// Every place `phrase` occurs as consecutive words (pdftotext's order).
fn find_all(pages: &[Vec<Word>], phrase: &str) -> Vec<Found> {
    let want: Vec<&str> = phrase.split_whitespace().collect();
    let mut out = Vec::new();
    for (page, ws) in pages.iter().enumerate() {
        for i in 0..ws.len() {
            if i + want.len() <= ws.len()
                && want.iter().enumerate().all(|(k, w)| ws[i + k].text == *w)
            {
                out.push(Found {
                    page,
                    first: ws[i].clone(),
                    last: ws[i + want.len() - 1].clone(),
                });
            }
        }
    }
    out
}

/// The one place `phrase` occurs.
fn find(pages: &[Vec<Word>], phrase: &str) -> Found {
    let all = find_all(pages, phrase);
    assert_eq!(all.len(), 1, "`{phrase}` once: {all:?}");
    all[0].clone()
}

/// The first page's trimmed width, in points.
fn page_width(pdf: &Path) -> f64 {
    let trim = common::page_boxes(pdf)[0].1;
    trim[2] - trim[0]
}

/// The fixture's phrases in reading order, Welsh then English: the
/// headline, the first key point, the two section headings, the call to
/// action.
const WELSH: [&str; 5] = [
    "TESTUN PRAWF: pennawd",
    "TESTUN PRAWF: y pwynt allweddol cyntaf.",
    "TESTUN PRAWF: yr adran gyntaf",
    "TESTUN PRAWF: y camau",
    "TESTUN PRAWF: beth i'w wneud nesaf.",
];
const ENGLISH: [&str; 5] = [
    "TEST TEXT: a headline",
    "TEST TEXT: the first key point.",
    "TEST TEXT: the first section",
    "TEST TEXT: the steps",
    "TEST TEXT: what to do next.",
];

/// The words above the shared help section (whose heading is "Ble i gael
/// help"): each language's own, by page.
fn above_help(pages: &[Vec<Word>]) -> Vec<Vec<Word>> {
    let help = find(pages, "Ble i gael help");
    pages
        .iter()
        .enumerate()
        .map(|(i, ws)| {
            ws.iter()
                .filter(|w| i < help.page || (i == help.page && w.y1 <= help.first.y0))
                .cloned()
                .collect()
        })
        .collect()
}

/// True for a word only the Welsh text has, or only the English.
fn welsh(w: &Word) -> bool {
    matches!(w.text.as_str(), "TESTUN" | "PRAWF:" | "PRAWF")
}
fn english(w: &Word) -> bool {
    matches!(w.text.as_str(), "TEST" | "TEXT:" | "TEXT")
}

fn in_order(pages: &[Vec<Word>], phrases: &[&str]) {
    let at: Vec<(usize, f64)> = phrases
        .iter()
        .map(|p| {
            let f = find(pages, p);
            (f.page, f.first.y0)
        })
        .collect();
    for (k, w) in at.windows(2).enumerate() {
        assert!(
            w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1),
            "`{}` comes before `{}`: {at:?}",
            phrases[k],
            phrases[k + 1]
        );
    }
}

#[test]
fn welsh_and_english_handout_sets_welsh_left_english_right_each_section_level() {
    let tmp = tempfile::tempdir().unwrap();
    for paper in ["a4", "letter"] {
        let dir = tmp.path().join(paper);
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = built(&dir, "bilingual", "cy+en", "handout", &["-p", paper]);
        qpdf_check(&pdf);
        let pages = words(&pdf);
        let mid = page_width(&pdf) / 2.0;
        // Each language in its own column, above the shared help.
        let own = above_help(&pages);
        let (mut w, mut e) = (0, 0);
        for word in own.iter().flatten() {
            if welsh(word) {
                w += 1;
                assert!(word.x1 < mid, "{paper}: Welsh on the left: {word:?}");
            }
            if english(word) {
                e += 1;
                assert!(word.x0 > mid, "{paper}: English on the right: {word:?}");
            }
        }
        assert!(
            w >= 10 && e >= 10,
            "{paper}: both languages' words: {w} {e}"
        );
        // Both read in order, down their columns.
        in_order(&own, &WELSH);
        in_order(&own, &ENGLISH);
        // Each pair starts level: the headlines, the first key points, each
        // section's first line and the calls to action.
        for (cy, en) in WELSH.iter().zip(ENGLISH) {
            let (a, b) = (find(&own, cy), find(&own, en));
            assert_eq!(a.page, b.page, "{paper}: `{cy}` and `{en}` on one page");
            assert!(
                (a.first.y0 - b.first.y0).abs() < 1.0,
                "{paper}: `{cy}` level with `{en}`: {} {}",
                a.first.y0,
                b.first.y0
            );
        }
        let problems = layout_problems(&pdf, 10.0);
        assert!(problems.is_empty(), "{paper}: {problems:?}");
    }
}

#[test]
fn each_helpline_is_printed_once_in_the_handouts_help_with_both_languages_words() {
    let tmp = tempfile::tempdir().unwrap();
    for style in ["standard", "large-print", "dyslexia"] {
        let dir = tmp.path().join(style);
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = built(&dir, "bilingual", "cy+en", "handout", &["-s", style]);
        let pages = words(&pdf);
        let help = find(&pages, "Ble i gael help");
        let english_heading = find(&pages, "Where to get help");
        assert!(
            english_heading.page == help.page && english_heading.first.y0 > help.first.y0,
            "{style}: the help's heading in Welsh, then in English"
        );
        for number in ["0808 157 0123", "01632 960456"] {
            let all = find_all(&pages, number);
            assert_eq!(all.len(), 1, "{style}: {number} once: {all:?}");
            let at = &all[0];
            assert!(
                at.page == help.page && at.first.y0 > help.first.y0,
                "{style}: {number} in the help section"
            );
        }
        // Both languages' names and words, each once.
        for phrase in [
            "Llinell brawf",
            "Test line",
            "Ail linell brawf",
            "Second test line",
        ] {
            let f = find(&pages, phrase);
            assert!(
                f.page == help.page && f.first.y0 > help.first.y0,
                "{style}: {phrase}"
            );
        }
        // The emergency line, in both languages.
        let text = common::pdf_text(&pdf);
        assert!(text.contains("Mewn argyfwng"), "{style}: {text}");
        assert!(text.contains("In an emergency"), "{style}: {text}");
    }
}

#[test]
fn large_print_handout_stacks_each_pair_welsh_then_english() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = built(
        tmp.path(),
        "bilingual",
        "cy+en",
        "handout",
        &["-s", "large-print"],
    );
    let pages = words(&pdf);
    let own = above_help(&pages);
    // One column: section by section, Welsh then English.
    let order: Vec<&str> = WELSH
        .iter()
        .zip(ENGLISH.iter())
        .flat_map(|(a, b)| [*a, *b])
        .collect();
    in_order(&own, &order);
    // Every pair starts at the same left edge: one column.
    let lefts: Vec<f64> = order.iter().map(|p| find(&own, p).first.x0).collect();
    let min = lefts.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        lefts.iter().all(|x| x - min < 60.0),
        "one column (numbered points indent): {lefts:?}"
    );
    // Large print: no word under 16 pt.
    for t in sized_text(&pdf) {
        assert!(t.size >= 15.5, "{t:?}");
    }
    let problems = layout_problems(&pdf, 10.0);
    assert!(problems.is_empty(), "{problems:?}");
}

/// Everything that may never be lost, in both languages, with the site's
/// contacts when there is a site: compared without white space (a heading
/// may wrap).
fn assert_nothing_lost(pdf: &Path, what: &str, site: bool, sections: bool) {
    // In the order the page draws its text: a paragraph's lines together,
    // whichever column poppler would read first.
    let raw = std::process::Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&raw.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut must: Vec<&str> = Vec::new();
    // Posters carry no sections (by design, in either language).
    let own = |p: &str| {
        sections
            || !(p.contains("adran")
                || p.contains("camau")
                || p.contains("section")
                || p.contains("steps"))
    };
    must.extend(WELSH.iter().copied().filter(|p| own(p)));
    must.extend(ENGLISH.iter().copied().filter(|p| own(p)));
    must.extend([
        "TESTUN PRAWF: mae dŵr yn y tŷ.",
        "TESTUN PRAWF: y trydydd pwynt.",
        "TEST TEXT: the second key point.",
        "TEST TEXT: the third key point.",
        "Llinell brawf",
        "Test line",
        "0808 157 0123",
        "Ail linell brawf",
        "Second test line",
        "01632 960456",
        "999",
    ]);
    if site {
        must.extend([
            "Mrs Siân Prŷs-Jones",
            "01632 960123",
            "Mr Dafydd ap Siôn",
            "Ms Rhiannon Evans",
            "01632 960789",
        ]);
    }
    for m in must {
        let m: String = m.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&m), "{what}: `{m}` is lost");
    }
}

#[test]
fn nothing_is_lost_from_a_bilingual_handout_poster_or_booklet_in_any_style_paper_or_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture("sites/three-contacts.toml");
    let site = site.to_str().unwrap();
    let mut n = 0;
    for format in ["handout", "poster", "booklet"] {
        let papers: &[&str] = if format == "poster" {
            &["a4", "letter", "a3"]
        } else {
            &["a4", "letter"]
        };
        for style in ["standard", "large-print", "dyslexia"] {
            for paper in papers {
                for with_site in [false, true] {
                    n += 1;
                    let dir = tmp.path().join(n.to_string());
                    std::fs::create_dir_all(&dir).unwrap();
                    let mut extra = vec!["-s", style, "-p", paper];
                    if with_site {
                        extra.extend(["--site", site]);
                    }
                    let what = format!("{format} {style} {paper} site={with_site}");
                    let pdf = match build(&dir, "bilingual", "cy+en", format, &extra) {
                        Ok(pdf) => pdf,
                        // A one-sheet poster that cannot hold both
                        // languages and a school's three contacts at the
                        // style's sizes, or both languages at large
                        // print's 16 pt on A4 or letter, fails alone,
                        // naming the larger paper it fits on; that one
                        // holds everything.
                        Err(o) => {
                            let err = String::from_utf8_lossy(&o.stderr).to_string();
                            let allowed = with_site || (style == "large-print" && *paper != "a3");
                            assert!(
                                format == "poster" && allowed && o.status.code() == Some(1),
                                "{what}: {}",
                                describe(&o)
                            );
                            let larger = err
                                .split("the same content fits on ")
                                .nth(1)
                                .and_then(|r| r.split(':').next())
                                .unwrap_or_else(|| panic!("{what}: a larger paper named: {err}"))
                                .to_string();
                            let dir = dir.join(&larger);
                            std::fs::create_dir_all(&dir).unwrap();
                            let extra = ["-s", style, "-p", &larger, "--site", site];
                            built(&dir, "bilingual", "cy+en", format, &extra)
                        }
                    };
                    assert_nothing_lost(&pdf, &what, with_site, format != "poster");
                    let problems = layout_problems(&pdf, 10.0);
                    assert!(problems.is_empty(), "{what}: {problems:?}");
                }
            }
        }
    }
}

#[test]
fn bilingual_poster_sets_both_headlines_at_one_size_and_pairs_the_key_points() {
    let tmp = tempfile::tempdir().unwrap();
    for paper in ["a4", "a3"] {
        let dir = tmp.path().join(paper);
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = built(&dir, "bilingual", "cy+en", "poster", &["-p", paper]);
        qpdf_check(&pdf);
        let sized = sized_text(&pdf);
        let size_of = |needle: &str| {
            sized
                .iter()
                .find(|t| t.text.contains(needle))
                .map(|t| t.size)
                .unwrap_or_else(|| panic!("{paper}: `{needle}` in {sized:?}"))
        };
        let (cy, en) = (size_of("pennawd"), size_of("headline"));
        assert!(
            (cy - en).abs() < 0.01,
            "{paper}: one headline size: {cy} {en}"
        );
        let pages = words(&pdf);
        let mid = page_width(&pdf) / 2.0;
        let points = [
            (
                "TESTUN PRAWF: y pwynt allweddol",
                "TEST TEXT: the first key point.",
            ),
            ("TESTUN PRAWF: mae dŵr", "TEST TEXT: the second key point."),
            ("TESTUN PRAWF: y trydydd", "TEST TEXT: the third key point."),
            ("TESTUN PRAWF: pennawd", "TEST TEXT: a headline"),
        ];
        for (a, b) in points {
            let (a, b) = (find(&pages, a), find(&pages, b));
            assert!(
                a.last.x1 < mid && b.first.x0 > mid,
                "{paper}: Welsh left, English right"
            );
            assert!(
                (a.first.y0 - b.first.y0).abs() < 1.0,
                "{paper}: level: {} {}",
                a.first.y0,
                b.first.y0
            );
        }
        in_order(
            &pages,
            &[
                "TESTUN PRAWF: y pwynt allweddol cyntaf.",
                "TESTUN PRAWF: mae dŵr",
                "TESTUN PRAWF: y trydydd",
            ],
        );
        // The helplines once.
        for number in ["0808 157 0123", "01632 960456"] {
            assert_eq!(find_all(&pages, number).len(), 1, "{paper}: {number} once");
        }
    }
}

/// The structure tree's elements as qpdf reads them: (role, /Lang, kids'
/// object ids).
fn struct_tree(pdf: &Path) -> (String, std::collections::HashMap<String, serde_json::Value>) {
    let out = std::process::Command::new("qpdf")
        .args(["--json=2", "--json-key=qpdf", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let objects = v["qpdf"][1].as_object().unwrap().clone();
    let catalog = common::catalog(pdf);
    let root = catalog["/StructTreeRoot"].as_str().unwrap().to_string();
    (
        root,
        objects
            .into_iter()
            .map(|(k, v)| (k, v["value"].clone()))
            .collect(),
    )
}

fn obj_key(r: &str) -> String {
    format!("obj:{r}")
}

/// The struct elements under `node`, depth first, with their /Lang.
fn elements(
    objects: &std::collections::HashMap<String, serde_json::Value>,
    node: &str,
    out: &mut Vec<(String, Option<String>)>,
) {
    let v = &objects[&obj_key(node)];
    if v["/Type"] == "/StructElem" {
        out.push((
            v["/S"].as_str().unwrap_or("").to_string(),
            v["/Lang"].as_str().map(str::to_string),
        ));
    }
    let kids: Vec<serde_json::Value> = match &v["/K"] {
        serde_json::Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    for k in kids {
        if let Some(r) = k.as_str().filter(|s| s.ends_with(" R")) {
            if objects
                .get(&obj_key(r))
                .is_some_and(|o| o["/Type"] == "/StructElem")
            {
                elements(objects, r, out);
            }
        }
    }
}

#[test]
fn the_second_language_is_tagged_in_its_language_and_read_after_the_first_and_the_help() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["handout", "poster", "booklet"] {
        let dir = tmp.path().join(format);
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = built(&dir, "bilingual", "cy+en", format, &[]);
        assert_eq!(common::catalog(&pdf)["/Lang"], "u:cy", "{format}");
        // Reading order: all of the Welsh, the shared help, all of the
        // English.
        let out = std::process::Command::new("pdfinfo")
            .args(["-struct-text", pdf.to_str().unwrap()])
            .output()
            .unwrap();
        let text: String = String::from_utf8_lossy(&out.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let at = |s: &str| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            text.find(&s)
                .unwrap_or_else(|| panic!("{format}: `{s}` in the structure: {text}"))
        };
        let order = [
            "TESTUN PRAWF: pennawd",
            "TESTUN PRAWF: beth i'w wneud nesaf.",
            "Ble i gael help",
            "0808 157 0123",
            "TEST TEXT: a headline",
            "TEST TEXT: what to do next.",
        ];
        for w in order.windows(2) {
            assert!(
                at(w[0]) < at(w[1]),
                "{format}: `{}` read before `{}`",
                w[0],
                w[1]
            );
        }
        let english_starts = at("TEST TEXT: a headline");
        assert!(
            !text[english_starts..].contains("TESTUN"),
            "{format}: no Welsh after the English begins"
        );
        // /Lang: the English part and everything in it is en-GB; nothing of
        // the Welsh part carries a /Lang (it is the document's).
        let (root, objects) = struct_tree(&pdf);
        let root_kids = &objects[&obj_key(&root)]["/K"];
        let document = match root_kids {
            serde_json::Value::Array(a) => a[0].as_str().unwrap().to_string(),
            other => other.as_str().unwrap().to_string(),
        };
        let parts: Vec<String> = match &objects[&obj_key(&document)]["/K"] {
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|k| k.as_str())
                .filter(|k| k.ends_with(" R"))
                .filter(|k| {
                    objects
                        .get(&obj_key(k))
                        .is_some_and(|o| o["/Type"] == "/StructElem")
                })
                .map(str::to_string)
                .collect(),
            _ => panic!("{format}: the document has several parts"),
        };
        let last = parts.last().unwrap();
        let mut english = Vec::new();
        elements(&objects, last, &mut english);
        assert!(english.len() > 10, "{format}: {english:?}");
        assert!(
            english.iter().all(|(_, l)| l.as_deref() == Some("u:en-GB")),
            "{format}: every English element has /Lang: {english:?}"
        );
        let mut first = Vec::new();
        elements(&objects, &parts[0], &mut first);
        assert!(
            first.iter().all(|(_, l)| l.is_none()),
            "{format}: the Welsh is the document's language: {first:?}"
        );
    }
}

#[test]
fn a_pair_that_does_not_fit_names_the_section_and_how_much_too_long_each_language_is() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = tmp.path().join("pack");
    common::copy_tree(&fixture("bilingual"), &pack);
    let file = pack.join("audiences/parents.cy.toml");
    let para = "TESTUN PRAWF: paragraff o frawddegau prawf. Nid cyngor yw hwn.";
    let text = std::fs::read_to_string(&file).unwrap();
    let long = vec![para; 400].join(" ");
    std::fs::write(&file, text.replace(para, &long)).unwrap();
    let o = packpress(
        tmp.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "--bilingual",
            "cy+en",
            "-f",
            "handout",
            "-a",
            "parents",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "the handout on a4 for the audience `parents` has no room for the section \"TESTUN PRAWF: yr adran gyntaf\" (\"TEST TEXT: the first section\"): Welsh "
        ) && err.contains("mm too long, English fits"),
        "{}",
        describe(&o)
    );
    assert!(
        err.contains("build each language on its own with -l"),
        "{}",
        describe(&o)
    );
}

#[test]
fn formats_without_a_bilingual_layout_are_refused_naming_those_with_one() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["leaflet", "cards"] {
        let e = build(tmp.path(), "bilingual", "cy+en", format, &[]).unwrap_err();
        assert_eq!(e.status.code(), Some(2), "{}", describe(&e));
        assert!(
            String::from_utf8_lossy(&e.stderr).contains(
                "not made as a bilingual edition: the formats that do are the poster, handout, booklet and web"
            ),
            "{}",
            describe(&e)
        );
    }
}

/// The layout of a right-to-left first language, whatever the fonts: the
/// Welsh set as if it read right to left goes on the right, its English
/// on the left (the Urdu fixture checks the same with Urdu once its font is
/// in).
#[test]
fn a_right_to_left_first_language_is_set_on_the_right() {
    use packpress::build;
    use packpress::diagnostics::Report;
    use packpress::formats::{self, Context, Format, Paper};
    use packpress::labels::Locale;
    use packpress::layout::Item;
    use packpress::style::ReadingStyle;

    let mut report = Report::new();
    let packs = build::load_packs(
        &[fixture("bilingual")],
        &mut report,
        packpress::date::Date::today(),
    )
    .expect("the fixture loads");
    let lp = &packs[0];
    let cy = Locale::parse("cy").unwrap();
    let welsh = lp
        .languages
        .iter()
        .find(|p| p.language.locale == cy)
        .unwrap();
    let english = &lp.languages[0];
    let shaper = packpress::text::Shaper::new(&lp.fonts).unwrap();
    let ts = packpress::layout::Typesetter::new(shaper);
    for format in [Format::Handout, Format::Poster] {
        let mut ctx = Context::new(
            welsh,
            welsh.audience("parents").unwrap(),
            Paper::A4,
            ReadingStyle::Standard,
            &ts,
            std::sync::Arc::clone(&lp.fonts),
        )
        .with_second(Some((english, english.audience("parents").unwrap())));
        ctx.rtl = true;
        let doc = formats::make(&ctx, format).expect("made");
        let mid = doc.pages[0].size.width.0 / 2.0;
        let runs: Vec<_> = doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(r) => Some(r),
                _ => None,
            })
            .collect();
        let side = |needle: &str| {
            let r = runs
                .iter()
                .find(|r| r.text.contains(needle))
                .unwrap_or_else(|| panic!("{format}: `{needle}`"));
            (r.origin.x.0, r.origin.x.0 + r.width.0)
        };
        for needle in ["pennawd", "y pwynt", "beth i'w wneud"] {
            let (x0, _) = side(needle);
            assert!(x0 > mid, "{format}: `{needle}` on the right: {x0}");
        }
        for needle in ["a headline", "the first key point.", "what to do next."] {
            let (_, x1) = side(needle);
            assert!(x1 < mid, "{format}: `{needle}` on the left: {x1}");
        }
        // Set right to left: a Welsh line ends at its column's right edge.
        let (_, x1) = side("pennawd");
        let (_, page_right) = (0.0, doc.pages[0].size.width.0);
        assert!(page_right - x1 < 60.0, "{format}: flush right: {x1}");
        if let Ok(dir) = std::env::var("PACKPRESS_LOOK") {
            let bytes = packpress::render::pdf::render(&doc).unwrap();
            std::fs::write(Path::new(&dir).join(format!("rtl-{format}.pdf")), bytes).unwrap();
        }
    }
}

/// Urdu beside English: Urdu on the right (set in the built-in Noto
/// Sans Arabic, so it always builds).
#[test]
fn urdu_and_english_sets_urdu_on_the_right() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["handout", "poster"] {
        let dir = tmp.path().join(format);
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = built(&dir, "bilingual-ur", "ur+en", format, &[]);
        qpdf_check(&pdf);
        let pages = words(&pdf);
        let mid = page_width(&pdf) / 2.0;
        let arabic = |w: &Word| {
            w.text
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        };
        let help = find(&pages, "Where to get help");
        let (mut u, mut e) = (0, 0);
        for (i, ws) in pages.iter().enumerate() {
            for w in ws {
                if i > help.page || (i == help.page && w.y0 >= help.first.y0 - 40.0) {
                    continue;
                }
                if arabic(w) {
                    u += 1;
                    assert!(w.x0 > mid, "{format}: Urdu on the right: {w:?}");
                }
                if english(w) {
                    e += 1;
                    assert!(w.x1 < mid, "{format}: English on the left: {w:?}");
                }
            }
        }
        assert!(u > 5 && e > 5, "{format}: both languages: {u} {e}");
        assert_eq!(common::catalog(&pdf)["/Lang"], "u:ur", "{format}");
    }
}

/// Builds the bilingual web page of a fixture and returns its HTML.
fn web_page(dir: &Path, pack: &str, pair: &str) -> Result<String, std::process::Output> {
    let p = fixture(pack);
    let out = dir.join("out");
    let o = packpress(
        dir,
        &[
            "build",
            p.to_str().unwrap(),
            "--bilingual",
            pair,
            "-f",
            "web",
            "-a",
            "parents",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    if o.status.code() != Some(0) {
        return Err(o);
    }
    let page = out.join(format!(
        "{}/generic/parents/web-{}.html",
        if pack == "bilingual" {
            "bilingual-test"
        } else {
            "bilingual-ur-test"
        },
        if pair == "cy+en" {
            "cy+en-gb"
        } else {
            "ur+en-gb"
        }
    ));
    Ok(std::fs::read_to_string(&page)
        .unwrap_or_else(|e| panic!("{}: {e}: {}", page.display(), describe(&o))))
}

#[test]
fn the_bilingual_web_page_reads_welsh_then_the_help_then_english_each_section_in_its_language() {
    let tmp = tempfile::tempdir().unwrap();
    let html =
        web_page(tmp.path(), "bilingual", "cy+en").unwrap_or_else(|o| panic!("{}", describe(&o)));
    assert!(html.contains("<html lang=\"cy\" dir=\"ltr\">"), "{html}");
    let at = |s: &str| {
        html.find(s)
            .unwrap_or_else(|| panic!("`{s}` in the page: {html}"))
    };
    let order = [
        "<h1>TESTUN PRAWF: pennawd</h1>",
        "TESTUN PRAWF: yr adran gyntaf",
        "id=\"help\"",
        "tel:08081570123",
        "<div class=\"language\" lang=\"en-GB\" dir=\"ltr\">",
        "<h1>TEST TEXT: a headline</h1>",
        "TEST TEXT: the first section",
    ];
    for w in order.windows(2) {
        assert!(at(w[0]) < at(w[1]), "`{}` before `{}`", w[0], w[1]);
    }
    // Each helpline once, with both languages' words.
    assert_eq!(html.matches("tel:08081570123").count(), 1);
    assert_eq!(html.matches("tel:01632960456").count(), 1);
    assert!(html.contains("<div lang=\"en-GB\" dir=\"ltr\">\n<p class=\"name\">Test line</p>"));
    // Every section of the audience carries its language and direction,
    // and no id is given twice.
    let sections: Vec<&str> = html.split("<section ").skip(1).collect();
    let own: Vec<&&str> = sections
        .iter()
        .filter(|s| s.contains("-section-"))
        .collect();
    assert_eq!(own.len(), 4, "two sections in each language");
    for s in &own[..2] {
        assert!(s.starts_with("lang=\"cy\" dir=\"ltr\""), "{s}");
    }
    for s in &own[2..] {
        assert!(s.starts_with("lang=\"en-GB\" dir=\"ltr\""), "{s}");
    }
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids unique");
}

#[test]
fn the_urdu_and_english_web_page_marks_the_urdu_right_to_left() {
    let tmp = tempfile::tempdir().unwrap();
    let html = web_page(tmp.path(), "bilingual-ur", "ur+en")
        .unwrap_or_else(|o| panic!("the Urdu web page failed: {}", describe(&o)));
    assert!(html.contains("<html lang=\"ur\" dir=\"rtl\">"), "{html}");
    assert!(html.contains("<div class=\"language\" lang=\"ur\" dir=\"rtl\">"));
    assert!(html.contains("<div class=\"language\" lang=\"en-GB\" dir=\"ltr\">"));
}

/// True when the words of `ws` that read `a b` (consecutive) run left to
/// right: upright text. Turned half a turn, poppler gives the same words
/// in reading order, each to the left of the one before.
fn runs(ws: &[Word], a: &str, b: &str) -> Vec<bool> {
    // Only pairs on one line: a pair broken over two lines runs back.
    ws.windows(2)
        .filter(|w| w[0].text == a && w[1].text == b && (w[0].y0 - w[1].y0).abs() < 1.0)
        .map(|w| w[1].x0 > w[0].x0)
        .collect()
}

/// The printed page number on one booklet page, `top` to look for it
/// turned (at the top), else at the foot: a word that is only digits in
/// the band a page number sits in.
fn printed_number(ws: &[Word], x: (f64, f64), height: f64, top: bool) -> Option<String> {
    ws.iter()
        .filter(|w| w.x0 >= x.0 && w.x1 <= x.1)
        .filter(|w| {
            if top {
                w.y1 < height * 0.1
            } else {
                w.y0 > height * 0.9
            }
        })
        .find(|w| w.text.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.text.clone())
}

#[test]
fn the_tete_beche_booklet_reads_welsh_from_one_cover_and_english_turned_from_the_other() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = built(
        tmp.path(),
        "bilingual",
        "cy+en",
        "booklet",
        &["--no-impose"],
    );
    qpdf_check(&pdf);
    let pages = words(&pdf);
    let n = pages.len();
    assert!(n.is_multiple_of(4) && n >= 8, "{n} pages");
    let half = n / 2;
    let height = {
        let t = common::page_boxes(&pdf)[0].1;
        t[3] - t[1]
    };
    let width = page_width(&pdf);
    for (i, ws) in pages.iter().enumerate() {
        let p = i + 1;
        let welsh = runs(ws, "TESTUN", "PRAWF:");
        let english = runs(ws, "TEST", "TEXT:");
        if p <= half {
            // The Welsh half, upright; the help (page `half`) shares the
            // English words, upright too.
            assert!(welsh.iter().all(|&r| r), "page {p}: Welsh upright");
            if p < half {
                assert!(english.is_empty(), "page {p}: no English in the Welsh half");
            } else {
                assert!(english.iter().all(|&r| r), "page {p}: the help upright");
            }
        } else {
            // The English half, turned half a turn; no Welsh.
            assert!(welsh.is_empty(), "page {p}: no Welsh in the English half");
            assert!(english.iter().all(|&r| !r), "page {p}: English turned");
        }
    }
    // Each cover leads its half: the Welsh on page 1, the English on the
    // last page, turned.
    let first = find(&pages, "TESTUN PRAWF: pennawd");
    let second = find(&pages, "TEST TEXT: a headline");
    assert_eq!((first.page + 1, second.page + 1), (1, n));
    assert!(second.last.x0 < second.first.x0, "the English cover turned");
    // Printed page numbers: the Welsh half's at the foot, counting up from
    // its cover; the English half's at the top (the foot, turned), counting
    // up from the last page: turned over, the English reads in order.
    for p in 2..half {
        assert_eq!(
            printed_number(&pages[p - 1], (0.0, width), height, false).as_deref(),
            Some(p.to_string().as_str()),
            "page {p}: its number at the foot"
        );
        let turned = n - p + 1;
        assert_eq!(
            printed_number(&pages[turned - 1], (0.0, width), height, true).as_deref(),
            Some(p.to_string().as_str()),
            "page {turned}: the English page {p}, its number turned at the top"
        );
    }
    // The help in the middle spread, once, on the Welsh half's last page.
    for number in ["0808 157 0123", "01632 960456"] {
        let all = find_all(&pages, number);
        assert_eq!(all.len(), 1, "{number} once");
        assert_eq!(all[0].page + 1, half, "{number} in the middle spread");
    }
    let problems = layout_problems(&pdf, 10.0);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn the_imposed_tete_beche_booklet_puts_a_welsh_and_a_turned_english_page_on_each_side() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = built(tmp.path(), "bilingual", "cy+en", "booklet", &[]);
    qpdf_check(&pdf);
    let sheets = words(&pdf);
    let n = sheets.len() * 2;
    let half = n / 2;
    let trim = common::page_boxes(&pdf)[0].1;
    let (w, height) = (trim[2] - trim[0], trim[3] - trim[1]);
    let mid = w / 2.0;
    // Sheet side s holds pages (left, right) of the saddle-stitch
    // imposition: 8|1, 2|7, 6|3, 4|5 for eight pages.
    for (s, ws) in sheets.iter().enumerate() {
        let (left, right) = if s % 2 == 0 {
            (n - s, s + 1)
        } else {
            (s + 1, n - s)
        };
        for (p, x) in [(left, (0.0, mid)), (right, (mid, w))] {
            let on: Vec<Word> = ws
                .iter()
                .filter(|w| w.x0 >= x.0 && w.x1 <= x.1)
                .cloned()
                .collect();
            if p <= half {
                assert!(
                    runs(&on, "TESTUN", "PRAWF:").iter().all(|&r| r),
                    "side {s} page {p}: Welsh upright"
                );
                if (2..half).contains(&p) {
                    assert_eq!(
                        printed_number(&on, x, height, false),
                        Some(p.to_string()),
                        "side {s} page {p}"
                    );
                }
            } else {
                assert!(
                    runs(&on, "TESTUN", "PRAWF:").is_empty(),
                    "side {s} page {p}: no Welsh"
                );
                assert!(
                    runs(&on, "TEST", "TEXT:").iter().all(|&r| !r),
                    "side {s} page {p}: English turned"
                );
                let k = n - p + 1;
                if (2..half).contains(&k) {
                    assert_eq!(
                        printed_number(&on, x, height, true),
                        Some(k.to_string()),
                        "side {s} page {p}: English page {k}"
                    );
                }
            }
        }
    }
    // Both covers on the first side: the English (page n, turned) on the
    // left, the Welsh (page 1) on the right.
    let cover = find(&sheets, "TEST TEXT: a headline");
    let welsh = find(&sheets, "TESTUN PRAWF: pennawd");
    assert_eq!((cover.page, welsh.page), (0, 0));
    assert!(cover.first.x1 < mid && welsh.first.x0 > mid);
}

/// The shipped pack with its own English copied in as a "Welsh"
/// translation: a bilingual edition of real length (twice the shipped
/// text), for layout only.
fn shipped_in_two(dir: &Path) -> PathBuf {
    let pack = dir.join("e2ee");
    common::copy_tree(&common::shipped_pack(), &pack);
    let own: toml::Table = std::fs::read_to_string(pack.join("pack.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut words = toml::Table::new();
    let p = own["pack"].as_table().unwrap();
    let mut head = toml::Table::new();
    for key in ["title", "summary"] {
        if let Some(v) = p.get(key) {
            head.insert(key.into(), v.clone());
        }
    }
    let sources: Vec<toml::Value> = p
        .get("sources")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
        .map(|s| {
            let mut t = toml::Table::new();
            for key in ["title", "publisher"] {
                if let Some(v) = s.get(key) {
                    t.insert(key.into(), v.clone());
                }
            }
            toml::Value::Table(t)
        })
        .collect();
    head.insert("sources".into(), toml::Value::Array(sources));
    words.insert("pack".into(), toml::Value::Table(head));
    // The helplines in pack.toml's order (a table would sort them).
    let mut lines = String::new();
    for h in own["helplines"].as_array().unwrap() {
        lines.push_str(&format!("\n[helplines.{}]\n", h["id"].as_str().unwrap()));
        for key in ["name", "for", "short", "hours", "cost"] {
            if let Some(v) = h.get(key) {
                lines.push_str(&format!("{key} = {v}\n"));
            }
        }
    }
    std::fs::create_dir_all(pack.join("translations")).unwrap();
    std::fs::write(
        pack.join("translations/cy.toml"),
        toml::to_string(&words).unwrap() + &lines,
    )
    .unwrap();
    for e in std::fs::read_dir(pack.join("audiences")).unwrap().flatten() {
        let path = e.path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".toml") && name.matches('.').count() == 1 {
            std::fs::copy(
                &path,
                path.with_file_name(name.replace(".toml", ".cy.toml")),
            )
            .unwrap();
        }
    }
    pack
}

#[test]
fn a_bilingual_edition_of_the_shipped_packs_length_builds_in_every_style() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = shipped_in_two(tmp.path());
    let out = tmp.path().join("out");
    let o = packpress(
        tmp.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "--bilingual",
            "cy+en",
            "-f",
            "handout",
            "-f",
            "booklet",
            "-s",
            "standard",
            "-s",
            "large-print",
            "-s",
            "dyslexia",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let mut pdfs = Vec::new();
    find_pdfs(&out, &mut pdfs);
    // Three audiences, two formats, three styles.
    assert_eq!(pdfs.len(), 18, "{pdfs:?}");
    for pdf in &pdfs {
        let problems = layout_problems(pdf, 10.0);
        assert!(problems.is_empty(), "{}: {problems:?}", pdf.display());
    }
}

/// Urdu with English: a right-to-left book is bound on its right, so the
/// English half opens from the Urdu half's back cover the right way up.
/// Nothing is turned: in the Urdu order (the language read first leads),
/// the Urdu pages, then the English ones from its last page to its cover;
/// each half's printed numbers at its own foot; the help once, on the Urdu
/// half's last page, in the middle spread. Imposed, the first sheet side
/// holds both covers.
#[test]
fn the_urdu_and_english_booklet_opens_from_the_other_cover_with_nothing_turned() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = built(
        tmp.path(),
        "bilingual-ur",
        "ur+en",
        "booklet",
        &["--no-impose"],
    );
    qpdf_check(&pdf);
    let pages = words(&pdf);
    let n = pages.len();
    assert!(n.is_multiple_of(4) && n >= 8, "{n} pages");
    let half = n / 2;
    let height = {
        let t = common::page_boxes(&pdf)[0].1;
        t[3] - t[1]
    };
    let width = page_width(&pdf);
    let arabic = |w: &Word| {
        w.text
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    };
    for (i, ws) in pages.iter().enumerate() {
        let p = i + 1;
        let english = runs(ws, "TEST", "TEXT:");
        assert!(english.iter().all(|&r| r), "page {p}: English upright");
        let urdu = ws.iter().filter(|w| arabic(w)).count();
        if p > half {
            assert_eq!(urdu, 0, "page {p}: no Urdu in the English half");
        } else {
            assert!(urdu > 0, "page {p}: the Urdu half");
            // The help, on the Urdu half's last page, is both languages'.
            if p < half {
                assert!(english.is_empty(), "page {p}: no English in the Urdu half");
            }
        }
    }
    // The Urdu cover leads; the English cover is the last page.
    assert_eq!(find(&pages, "TEST TEXT: a headline").page + 1, n);
    assert!(
        pages[0].iter().filter(|w| arabic(w)).count() > 5,
        "the Urdu cover is page 1: {:?}",
        pages[0]
    );
    // Printed numbers, upright at each page's foot: the Urdu half's
    // counting up from page 1, the English half's from page n.
    for p in 2..half {
        assert_eq!(
            printed_number(&pages[p - 1], (0.0, width), height, false).as_deref(),
            Some(p.to_string().as_str()),
            "page {p}: the Urdu page {p}, its number at the foot"
        );
        let english_page = n - p + 1;
        assert_eq!(
            printed_number(&pages[english_page - 1], (0.0, width), height, false).as_deref(),
            Some(p.to_string().as_str()),
            "page {english_page}: the English page {p}, its number at the foot, upright"
        );
    }
    // The help once, in the middle spread, on the Urdu half's last page.
    for number in ["01632 960123", "01632 960456"] {
        let all = find_all(&pages, number);
        assert_eq!(all.len(), 1, "{number} once");
        assert_eq!(all[0].page + 1, half, "{number} in the middle spread");
    }
    // Poppler's boxes for Arabic-script words take the font's whole height
    // (taller than the line), so only the other words are measured here;
    // tests/scripts.rs checks where Urdu lines fall.
    let mut problems = layout_problems(&pdf, 10.0);
    problems.retain(|p| {
        !p.chars().any(|c| {
            ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{FB50}'..='\u{FEFF}').contains(&c)
        })
    });
    assert!(problems.is_empty(), "{problems:?}");

    // Imposed: the first side of the first sheet holds the Urdu cover on
    // the left and the English cover on the right.
    let imposed = built(tmp.path(), "bilingual-ur", "ur+en", "booklet", &[]);
    let sheets = words(&imposed);
    let mid = page_width(&imposed) / 2.0;
    let cover = find(&sheets, "TEST TEXT: a headline");
    assert_eq!(cover.page, 0);
    assert!(cover.first.x0 > mid, "the English cover on the right");
    let urdu_left = sheets[0].iter().filter(|w| arabic(w) && w.x1 < mid).count();
    let urdu_right = sheets[0].iter().filter(|w| arabic(w) && w.x0 > mid).count();
    assert!(
        urdu_left > 5 && urdu_right == 0,
        "the Urdu cover on the left: {urdu_left} {urdu_right}"
    );
}

/// Urdu with English: the shared help is laid out as the Urdu reads (its
/// first helpline on the right), and the English words in it still read
/// left to right: "In an emergency, call 999", not "999 In an emergency,
/// call". The other way round (English first), the first helpline is on
/// the left and the Urdu line says its number after its words.
#[test]
fn the_shared_help_of_urdu_and_english_reads_each_language_its_own_way() {
    let tmp = tempfile::tempdir().unwrap();
    for (pair, urdu_first) in [("ur+en", true), ("en+ur", false)] {
        for format in ["poster", "handout"] {
            let dir = tmp.path().join(pair).join(format);
            std::fs::create_dir_all(&dir).unwrap();
            let pdf = built(&dir, "bilingual-ur", pair, format, &[]);
            let pages = words(&pdf);
            let call = find(&pages, "In an emergency, call");
            assert!(
                call.last.x0 > call.first.x0,
                "{pair} {format}: the English emergency line reads left to right: {call:?}"
            );
            // Its number on its line, after "call".
            let number = pages[call.page]
                .iter()
                .filter(|w| w.text == "999" && w.x0 > call.last.x1)
                .find(|w| w.y0 < call.last.y1 && w.y1 > call.last.y0);
            assert!(
                number.is_some(),
                "{pair} {format}: 999 after \"call\" on its line: {call:?}"
            );
            let one = find(&pages, "01632 960123");
            let two = find(&pages, "01632 960456");
            assert_eq!(one.page, two.page, "{pair} {format}");
            assert_eq!(
                one.first.x0 > two.first.x0,
                urdu_first,
                "{pair} {format}: the first helpline on the {} side",
                if urdu_first { "right" } else { "left" }
            );
        }
    }
}

/// A bilingual poster that does not fit says how much too long each
/// language is, and names a paper that holds it.
#[test]
fn a_bilingual_poster_that_does_not_fit_says_how_much_too_long_each_language_is() {
    let tmp = tempfile::tempdir().unwrap();
    let site =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/three-contacts.toml");
    let r = build(
        tmp.path(),
        "bilingual",
        "cy+en",
        "poster",
        &[
            "-s",
            "large-print",
            "-p",
            "a4",
            "--site",
            site.to_str().unwrap(),
        ],
    );
    let Err(o) = r else {
        panic!("the large-print pair with three contacts was expected not to fit A4")
    };
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("has no room for its headlines, key points and helplines ("))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.contains("Welsh ") && line.contains("English "),
        "{line}"
    );
    assert!(line.contains("mm too long"), "{line}");
    assert!(err.contains("-p a3"), "{err}");
}

/// A tête-bêche booklet whose half is too long for the most pages a half
/// may have names the section and how much too long each language is.
#[test]
fn a_booklet_half_too_long_names_the_section_and_each_languages_excess() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = tmp.path().join("pack");
    common::copy_tree(&fixture("bilingual"), &pack);
    let file = pack.join("audiences/parents.cy.toml");
    let para = "TESTUN PRAWF: paragraff o frawddegau prawf. Nid cyngor yw hwn.";
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace(para, &vec![para; 1500].join(" "))).unwrap();
    let o = packpress(
        tmp.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "--bilingual",
            "cy+en",
            "-f",
            "booklet",
            "-a",
            "parents",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the booklet on a4 for the audience `parents` has no room for the section \"TESTUN PRAWF: yr adran gyntaf\": Welsh ")
            && err.contains("mm too long, English fits"),
        "{}",
        describe(&o)
    );
}
