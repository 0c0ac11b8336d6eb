//! Packs in other scripts and directions, checked from the PDFs with
//! poppler: Urdu and Arabic (right to left, Arabic script), Bengali and
//! Punjabi (Gurmukhi), Polish and Welsh. The fixtures are test text only.

mod common;

use std::path::{Path, PathBuf};

use common::{describe, fixture, packpress, pdf_text, qpdf_check, render_page, words, Word};
use unicode_normalization::UnicodeNormalization;

/// Every fixture with its pack folder, pack id and audience.
const FIXTURES: [(&str, &str, &str); 6] = [
    ("lang-ur", "test-ur", "parents"),
    ("lang-ar", "test-ar", "parents"),
    ("lang-bn", "test-bn", "parents"),
    ("lang-pa", "test-pa", "parents"),
    ("lang-pl", "test-pl", "parents"),
    ("lang-cy", "prawf-cy", "rhieni"),
];

const FORMATS: [&str; 5] = ["poster", "handout", "leaflet", "booklet", "cards"];

/// Builds a fixture in every format (and `extra` arguments) into a new
/// folder; returns the folder holding its outputs for the audience.
fn build(name: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (_, id, audience) = FIXTURES
        .iter()
        .find(|f| f.0 == name)
        .copied()
        .unwrap_or((name, name, "parents"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pack = fixture(name);
    let mut args = vec![
        "build",
        pack.to_str().unwrap(),
        "-a",
        audience,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = packpress(dir.path(), &args);
    assert!(o.status.success(), "{name}: {}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("error"), "{name}: {err}");
    let base = out.join(id).join("generic").join(audience);
    (dir, base)
}

/// pdftotext's words as a reader copies them: NFKC (Arabic presentation
/// forms back to their letters), without the bidi marks poppler adds,
/// whitespace collapsed.
fn reading(pdf: &Path) -> String {
    words_of(&pdf_text(pdf))
}

/// Text as words: NFKC, no bidi marks, whitespace collapsed, and a space
/// wherever right-to-left letters meet others. poppler gives the space
/// between a right-to-left word and a left-to-right one on either side of
/// it, or drops it ("0123پر"): where the words fall is what is compared.
fn words_of(text: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<bool> = None;
    for c in text
        .nfkc()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        if c.is_whitespace() {
            prev = None;
            out.push(' ');
            continue;
        }
        let rtl = arabic(&c.to_string());
        if prev.is_some_and(|p| p != rtl) {
            out.push(' ');
        }
        prev = Some(rtl);
        out.push(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key points and the call to action of a fixture's audience file.
fn printed_sentences(name: &str, audience: &str) -> Vec<String> {
    let file = fixture(name).join(format!("audiences/{audience}.toml"));
    let t: toml::Value = toml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let mut out: Vec<String> = t["audience"]["key_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    if let Some(cta) = t["audience"].get("call_to_action") {
        out.push(cta.as_str().unwrap().to_string());
    }
    out
}

#[test]
fn every_script_fixture_checks_and_builds_clean_in_every_format() {
    for (name, _, _) in FIXTURES {
        let o = packpress(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &["check", fixture(name).to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {}", describe(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("no glyph"), "{name}: {err}");
        let (_dir, base) = build(name, &[]);
        for f in FORMATS {
            let pdf = base.join(format!("{f}-a4.pdf"));
            assert!(pdf.is_file(), "{name}: no {f}");
            qpdf_check(&pdf);
        }
        // The web page names the family the PDF sets the script in.
        let web = std::fs::read_to_string(base.join("web.html")).unwrap();
        let family = match name {
            "lang-ur" | "lang-ar" => Some("\"Noto Sans Arabic\""),
            "lang-bn" => Some("\"Noto Sans Bengali\""),
            "lang-pa" => Some("\"Noto Sans Gurmukhi\""),
            _ => None,
        };
        match family {
            Some(f) => assert!(web.contains(f), "{name}: no {f} in the page's fonts"),
            None => assert!(!web.contains("Noto"), "{name}: a Latin page names Noto"),
        }
        // The fallback for the script is embedded, and only where needed.
        let fonts = common::fonts(&base.join("poster-a4.pdf"));
        let names: Vec<&str> = fonts.iter().map(|f| f.name.as_str()).collect();
        let want = match name {
            "lang-ur" | "lang-ar" => Some("NotoSansArabic"),
            "lang-bn" => Some("NotoSansBengali"),
            "lang-pa" => Some("NotoSansGurmukhi"),
            _ => None,
        };
        match want {
            Some(w) => assert!(names.iter().any(|n| n.contains(w)), "{name}: {names:?}"),
            None => assert!(
                names.iter().all(|n| !n.contains("Noto")),
                "{name}: {names:?}"
            ),
        }
    }
}

/// Every script word for word: a Bengali vowel sign drawn as a glyph of
/// its own maps to its letter (or the cluster to an ActualText), so no
/// word comes back split.
#[test]
fn words_come_back_in_reading_order_and_numbers_whole() {
    for (name, _, audience) in FIXTURES {
        let (_dir, base) = build(name, &["-f", "poster", "-f", "handout"]);
        for f in ["poster", "handout"] {
            let mut got = reading(&base.join(format!("{f}-a4.pdf")));
            // A full stop or colon ending a right-to-left sentence after a
            // number stands to the number's left, where it belongs; poppler
            // then reads it as the number's first character (".0808"). The
            // words are compared without them.
            let rtl = matches!(name, "lang-ur" | "lang-ar");
            let bare = |s: String| if rtl { s.replace(['.', ':'], " ") } else { s };
            got = words_of(&bare(got));
            for sentence in printed_sentences(name, audience) {
                let want = words_of(&bare(sentence));
                assert!(got.contains(&want), "{name} {f}: no {want:?} in {got:?}");
            }
            let second = match name {
                "lang-ur" => "0808 157 0123",
                "lang-cy" => "01632 960456",
                _ => "0808 157 0001",
            };
            for number in ["01632 960123", second] {
                assert!(got.contains(number), "{name} {f}: no {number} in {got:?}");
            }
        }
    }
}

#[test]
fn a_number_inside_urdu_reads_as_dialled_by_position() {
    let (_dir, base) = build("lang-ur", &["-f", "handout"]);
    let pages = words(&base.join("handout-a4.pdf"));
    // Each group of 0808 157 0123 on one line, left to right.
    let mut found = 0;
    for page in &pages {
        for w in page.iter().filter(|w| w.text == "0808") {
            let on_line = |t: &str| {
                page.iter()
                    .find(|v| v.text == t && (v.y1 - w.y1).abs() < 1.0)
                    .map(|v| v.x0)
            };
            let (Some(b), Some(c)) = (on_line("157"), on_line("0123")) else {
                continue;
            };
            assert!(
                w.x0 < b && b < c,
                "0808 at {}, 157 at {b}, 0123 at {c}",
                w.x0
            );
            found += 1;
        }
    }
    assert!(
        found >= 2,
        "the number in the body and in the call to action"
    );
}

/// Lines of a page: words whose boxes are centred at the same height
/// (within 3 pt: fonts of two scripts give a line's words boxes of
/// different heights), left to right.
fn lines(page: &[Word]) -> Vec<Vec<Word>> {
    let mut lines: Vec<Vec<Word>> = Vec::new();
    let mid = |w: &Word| (w.y0 + w.y1) / 2.0;
    for w in page {
        match lines.iter_mut().find(|l| (mid(&l[0]) - mid(w)).abs() < 3.0) {
            Some(l) => l.push(w.clone()),
            None => lines.push(vec![w.clone()]),
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// True if poppler's word is `text`: `-bbox-layout` gives a right-to-left
/// word's letters in visual order, so reversed.
fn is(w: &Word, text: &str) -> bool {
    w.text == text || w.text == text.chars().rev().collect::<String>()
}

fn arabic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

#[test]
fn urdu_paragraphs_are_right_aligned() {
    let (_dir, base) = build("lang-ur", &["-f", "handout"]);
    let page = &words(&base.join("handout-a4.pdf"))[0];
    // Lines of running Urdu (three words or more): their right edges
    // line up, their left edges do not.
    let urdu: Vec<(f64, f64)> = lines(page)
        .into_iter()
        .filter(|l| l.len() >= 3 && l.iter().all(|w| arabic(&w.text)))
        .map(|l| (l[0].x0, l[l.len() - 1].x1))
        .collect();
    assert!(urdu.len() >= 4, "{urdu:?}");
    let right = urdu.iter().map(|l| l.1).fold(0.0, f64::max);
    let flush: Vec<&(f64, f64)> = urdu.iter().filter(|l| right - l.1 < 1.0).collect();
    assert!(flush.len() >= 4, "right edges {urdu:?}");
    let lefts: Vec<f64> = flush.iter().map(|l| l.0).collect();
    let spread = lefts.iter().copied().fold(f64::MIN, f64::max)
        - lefts.iter().copied().fold(f64::MAX, f64::min);
    assert!(spread > 5.0, "ragged left: {urdu:?}");
    // And flush against the right margin of the page, not the left.
    assert!(right > 595.0 - 80.0, "right edge at {right}");
}

#[test]
fn an_urdu_phrase_in_an_english_pack_reads_right_to_left_on_a_left_to_right_page() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mixed");
    common::copy_tree(&fixture("spec-example"), &pack);
    let file = pack.join("audiences/parents.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "Ask your child who they talk to online.",
        "Ask in Urdu: یہ صرف جانچ ہے today.",
    );
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "poster",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let pdf = std::fs::read_dir(
        out.join(
            std::fs::read_dir(&out)
                .unwrap()
                .find_map(|e| {
                    let p = e.unwrap().path();
                    p.is_dir().then_some(p)
                })
                .unwrap()
                .join("generic/parents"),
        ),
    )
    .unwrap()
    .map(|e| e.unwrap().path())
    .find(|p| p.extension().is_some_and(|x| x == "pdf"))
    .unwrap();
    let got = reading(&pdf);
    assert!(
        got.contains(&words_of("Ask in Urdu: یہ صرف جانچ ہے today.")),
        "{got}"
    );
    let page = &words(&pdf)[0];
    let line = lines(page)
        .into_iter()
        .find(|l| l.iter().any(|w| w.text == "today."))
        .unwrap();
    let x = |t: &str| {
        line.iter()
            .find(|w| is(w, t))
            .map(|w| w.x0)
            .unwrap_or_else(|| panic!("no {t} in {line:?}"))
    };
    // English left to right, the Urdu between, its words right to left.
    assert!(x("Ask") < x("Urdu:") && x("Urdu:") < x("ہے"), "{line:?}");
    assert!(x("ہے") < x("جانچ") && x("جانچ") < x("صرف") && x("صرف") < x("یہ"));
    assert!(x("یہ") < x("today."), "{line:?}");
    // The page is not mirrored: the line starts at the left margin.
    assert!(line[0].x0 < 100.0, "{line:?}");
}

#[test]
fn the_rtl_leaflet_cover_is_the_left_panel_and_the_ltr_one_the_right() {
    for (name, word, left) in [
        ("lang-ur", "متن", true),
        ("lang-ar", "اختبار", true),
        ("lang-pl", "wyłącznie", false),
    ] {
        let (_dir, base) = build(name, &["-f", "leaflet"]);
        let page = &words(&base.join("leaflet-a4.pdf"))[0];
        // A word of the headline, in the largest type it has on the
        // outside of the sheet: the cover's.
        let head = page
            .iter()
            .filter(|w| is(w, word))
            .max_by(|a, b| (a.y1 - a.y0).total_cmp(&(b.y1 - b.y0)))
            .unwrap_or_else(|| panic!("{name}: no {word} on the outside"));
        let centre = (head.x0 + head.x1) / 2.0;
        let width = 842.0;
        if left {
            assert!(centre < width / 3.0, "{name}: cover at {centre}");
        } else {
            assert!(centre > width * 2.0 / 3.0, "{name}: cover at {centre}");
        }
    }
}

#[test]
fn the_rtl_booklet_is_imposed_mirrored_by_its_printed_page_numbers() {
    for (name, rtl) in [("lang-ur", true), ("lang-bn", false)] {
        let (_dir, base) = build(name, &["-f", "booklet"]);
        let pages = words(&base.join("booklet-a4.pdf"));
        // The inside of the sheet carries pages 2 and 3, numbered at the foot.
        let inside = &pages[1];
        let foot = |n: &str| {
            inside
                .iter()
                .filter(|w| w.text == n && w.y0 > 500.0)
                .map(|w| w.x0)
                .next_back()
                .unwrap_or_else(|| panic!("{name}: no page number {n}: {inside:?}"))
        };
        let (two, three) = (foot("2"), foot("3"));
        if rtl {
            assert!(three < two, "{name}: 3 at {three}, 2 at {two}");
        } else {
            assert!(two < three, "{name}: 2 at {two}, 3 at {three}");
        }
    }
}

#[test]
fn no_english_is_left_in_the_page_furniture() {
    let english = [
        "Where to get help",
        "In an emergency",
        "Scan for more",
        "Reviewed",
        "For parents",
        "Sources",
        "Notes",
        "Talk to us",
        "Page ",
        "Keep this card",
        "November",
    ];
    for (name, _, _) in FIXTURES {
        let (_dir, base) = build(name, &[]);
        for f in FORMATS {
            let got = reading(&base.join(format!("{f}-a4.pdf")));
            for word in english {
                assert!(!got.contains(word), "{name} {f}: {word:?} in {got}");
            }
        }
    }
}

/// Every glyph a PDF draws, page by page in drawing order: its font's
/// name, its glyph id (through the font's CIDToGIDMap) and the text its
/// ToUnicode entry gives.
fn drawn_glyphs(pdf: &Path) -> Vec<Vec<(String, u16, String)>> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let stream_of = |o: &lopdf::Object| -> Option<Vec<u8>> {
        let id = o.as_reference().ok()?;
        doc.get_object(id)
            .ok()?
            .as_stream()
            .ok()?
            .decompressed_content()
            .ok()
    };
    let mut pages = Vec::new();
    for (_, page) in doc.get_pages() {
        // Each font resource's CID -> (glyph id, text).
        let mut fonts = std::collections::HashMap::new();
        for (name, font) in doc.get_page_fonts(page).unwrap() {
            let mut texts = std::collections::HashMap::new();
            let cmap = stream_of(font.get(b"ToUnicode").unwrap()).unwrap();
            for line in String::from_utf8_lossy(&cmap).lines() {
                let parts: Vec<&str> = line.split(['<', '>']).collect();
                if !line.starts_with('<') || parts.len() < 4 {
                    continue;
                }
                let cid = u16::from_str_radix(parts[1], 16).unwrap();
                let units: Vec<u16> = (0..parts[3].len() / 4)
                    .map(|i| u16::from_str_radix(&parts[3][i * 4..i * 4 + 4], 16).unwrap())
                    .collect();
                texts.insert(cid, String::from_utf16_lossy(&units));
            }
            let kids = font.get(b"DescendantFonts").unwrap().as_array().unwrap();
            let cid_font = doc
                .get_object(kids[0].as_reference().unwrap())
                .unwrap()
                .as_dict()
                .unwrap();
            let map = cid_font.get(b"CIDToGIDMap").ok().and_then(stream_of);
            let base = String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap());
            fonts.insert(name, (base.to_string(), map, texts));
        }
        let content = doc.get_page_content(page);
        let ops = lopdf::content::Content::decode(&content)
            .unwrap()
            .operations;
        let mut font: Option<&(String, Option<Vec<u8>>, _)> = None;
        let mut drawn = Vec::new();
        for op in &ops {
            let mut strings: Vec<&[u8]> = Vec::new();
            match op.operator.as_str() {
                "Tf" => font = fonts.get(op.operands[0].as_name().unwrap()),
                "Tj" => strings.push(op.operands[0].as_str().unwrap()),
                "TJ" => {
                    for o in op.operands[0].as_array().unwrap() {
                        if let Ok(s) = o.as_str() {
                            strings.push(s);
                        }
                    }
                }
                _ => {}
            }
            let Some((base, map, texts)) = font else {
                continue;
            };
            for s in strings {
                for pair in s.chunks(2) {
                    let cid = u16::from_be_bytes([pair[0], pair[1]]);
                    let gid = match map {
                        Some(m) => {
                            u16::from_be_bytes([m[cid as usize * 2], m[cid as usize * 2 + 1]])
                        }
                        None => cid,
                    };
                    let text = texts.get(&cid).cloned().unwrap_or_default();
                    drawn.push((base.clone(), gid, text));
                }
            }
        }
        pages.push(drawn);
    }
    pages
}

#[test]
fn a_bengali_conjunct_is_one_shaped_glyph_with_no_visible_virama() {
    let (_dir, base) = build("lang-bn", &["-f", "poster"]);
    let pages = drawn_glyphs(&base.join("poster-a4.pdf"));
    let glyphs: Vec<&(String, u16, String)> = pages.iter().flatten().collect();
    // The glyph each Bengali face draws for a space: it has no outline,
    // and carries a glyph's marks for pdf.js where one draws a letter
    // with its marks (drawn at no width, so nothing moves).
    let blank = |font: &str| {
        glyphs
            .iter()
            .find(|g| g.0 == font && g.2 == " ")
            .map(|g| g.1)
    };
    let visible =
        |g: &&&(String, u16, String)| !g.0.contains("Bengali") || blank(&g.0) != Some(g.1);
    // পরীক্ষা: ক্ষ reads whole, and is drawn as one visible glyph.
    let mut found = 0;
    for i in 0..glyphs.len() {
        let mut text = String::new();
        let mut j = i;
        while j < glyphs.len() && text.len() < "\u{0995}\u{09CD}\u{09B7}".len() {
            text.push_str(&glyphs[j].2);
            j += 1;
        }
        if text == "\u{0995}\u{09CD}\u{09B7}" && glyphs[i].2.starts_with('\u{0995}') {
            assert_eq!(
                glyphs[i..j].iter().filter(visible).count(),
                1,
                "{:?}",
                &glyphs[i..j]
            );
            found += 1;
        }
    }
    assert!(found > 0, "no ক্ষ drawn");
    // No visible glyph is a lone virama.
    assert!(
        !glyphs.iter().filter(visible).any(|g| g.2 == "\u{09CD}"),
        "a virama is drawn"
    );
}

/// The share of pixels that differ by more than 64 levels in any channel.
fn differing(a: &(usize, usize, Vec<u8>), b: &image::RgbImage) -> f64 {
    assert_eq!(
        (a.0 as u32, a.1 as u32),
        b.dimensions(),
        "page sizes differ"
    );
    let bad =
        a.2.chunks_exact(3)
            .zip(b.pixels())
            .filter(|(p, q)| (0..3).any(|k| p[k].abs_diff(q.0[k]) > 64))
            .count();
    bad as f64 / (a.0 * a.1) as f64
}

#[test]
fn png_export_agrees_with_poppler_on_an_rtl_page_and_a_bengali_page() {
    for name in ["lang-ur", "lang-bn"] {
        let (_dir, base) = build(name, &["-f", "poster", "-f", "leaflet", "--png", "72"]);
        for (pdf, page, png) in [
            ("poster-a4.pdf", 1, "poster-a4.png"),
            ("leaflet-a4.pdf", 2, "leaflet-a4-2.png"),
        ] {
            let ours = image::open(base.join(png)).unwrap().to_rgb8();
            let theirs = render_page(&base.join(pdf), page, 72, false);
            let d = differing(&theirs, &ours);
            assert!(
                d <= 0.02,
                "{name} {png}: {:.2}% of pixels differ",
                d * 100.0
            );
        }
    }
}

#[test]
fn a_multi_script_build_is_byte_identical() {
    let (_a, first) = build("lang-ur", &[]);
    let (_b, second) = build("lang-ur", &[]);
    for f in FORMATS {
        let name = format!("{f}-a4.pdf");
        let (x, y) = (
            std::fs::read(first.join(&name)).unwrap(),
            std::fs::read(second.join(&name)).unwrap(),
        );
        assert!(x == y, "{name} differs between two builds");
    }
}

#[test]
fn a_pack_sets_a_script_in_a_family_of_its_own_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("nastaliq");
    common::copy_tree(&fixture("lang-ur"), &pack);
    let file = pack.join("pack.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "[[pack.sources]]",
        "[theme.fonts]\narabic = \"Noto Nastaliq Urdu\"\n\n[[pack.sources]]",
    );
    std::fs::write(&file, text).unwrap();
    // Without the family's files: an error at the key, saying what to do.
    let o = packpress(dir.path(), &["check", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("theme.fonts.arabic"), "{err}");
    assert!(err.contains("Noto Nastaliq Urdu"), "{err}");
    assert!(err.contains("fonts/ folder"), "{err}");
    // With them (Debian's fonts-noto-core has Nastaliq), Urdu is set in it.
    let system = Path::new("/usr/share/fonts/truetype/noto");
    if !system.join("NotoNastaliqUrdu-Regular.ttf").is_file() {
        eprintln!("Noto Nastaliq Urdu is not installed: the second half is not run");
        return;
    }
    std::fs::create_dir_all(pack.join("fonts")).unwrap();
    for face in ["Regular", "Bold"] {
        let name = format!("NotoNastaliqUrdu-{face}.ttf");
        std::fs::copy(system.join(&name), pack.join("fonts").join(&name)).unwrap();
    }
    let out = dir.path().join("out");
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "poster",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let pdf = out.join("test-ur/generic/parents/poster-a4.pdf");
    let names: Vec<String> = common::fonts(&pdf).into_iter().map(|f| f.name).collect();
    assert!(
        names.iter().any(|n| n.contains("NotoNastaliqUrdu-Regular")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("NotoNastaliqUrdu-Bold")),
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| !n.contains("NotoSansArabic")),
        "{names:?}"
    );
    // (Its text is not compared: Nastaliq's letters step down the line,
    // and poppler cannot follow them; see the README's known limits.)
}
