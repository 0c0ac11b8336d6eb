//! Helpers for the integration tests: run the real binary, and read its PDFs
//! back with real PDF readers (poppler's pdftotext, pdfinfo, pdffonts,
//! pdftohtml, and qpdf). The tests need poppler-utils and qpdf installed;
//! `.ci/run` installs them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// The shipped pack.
pub fn shipped_pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/e2ee")
}

/// A test fixture pack.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs packpress with `args` in `cwd`.
pub fn packpress(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_packpress"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the packpress binary runs")
}

/// Standard output and error of a run, for assertion messages.
pub fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Copies a folder tree (for tests that change a pack).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} could not run ({e}): install poppler-utils and qpdf"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF as pdftotext gives it (reading order, no layout).
pub fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// `qpdf --check` passes.
pub fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .args(["--check", pdf.to_str().unwrap()])
        .output()
        .expect("qpdf runs: install qpdf");
    assert!(
        out.status.success(),
        "qpdf --check {}:\n{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// One row of pdffonts.
#[derive(Debug)]
pub struct FontRow {
    pub name: String,
    pub embedded: bool,
    pub subset: bool,
    pub unicode: bool,
}

/// The fonts pdffonts lists.
pub fn fonts(pdf: &Path) -> Vec<FontRow> {
    let out = tool("pdffonts", &[pdf.to_str().unwrap()]);
    out.lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type... encoding emb sub uni object ID: the flags are the
            // 5th, 4th and 3rd columns from the end.
            let n = cols.len();
            FontRow {
                name: cols[0].to_string(),
                embedded: cols[n - 5] == "yes",
                subset: cols[n - 4] == "yes",
                unicode: cols[n - 3] == "yes",
            }
        })
        .collect()
}

/// pdfinfo's fields for the document.
pub fn info(pdf: &Path) -> Vec<(String, String)> {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// One pdfinfo field.
pub fn info_field(pdf: &Path, key: &str) -> String {
    info(pdf)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

/// A rectangle in points: x0, y0, x1, y1.
pub type BoxPt = [f64; 4];

/// Each page's media and trim boxes (PDF coordinates, y up).
pub fn page_boxes(pdf: &Path) -> Vec<(BoxPt, BoxPt)> {
    let out = tool(
        "pdfinfo",
        &["-box", "-f", "1", "-l", "9999", pdf.to_str().unwrap()],
    );
    let mut pages: Vec<(Option<BoxPt>, Option<BoxPt>)> = Vec::new();
    for line in out.lines() {
        let Some(rest) = line.strip_prefix("Page") else {
            continue;
        };
        let mut parts = rest.split_whitespace();
        let Some(n) = parts.next().and_then(|n| n.parse::<usize>().ok()) else {
            continue;
        };
        let Some(kind) = parts.next() else { continue };
        let nums: Vec<f64> = parts.filter_map(|p| p.parse().ok()).collect();
        if nums.len() != 4 {
            continue;
        }
        while pages.len() < n {
            pages.push((None, None));
        }
        let b = [nums[0], nums[1], nums[2], nums[3]];
        match kind {
            "MediaBox:" => pages[n - 1].0 = Some(b),
            "TrimBox:" => pages[n - 1].1 = Some(b),
            _ => {}
        }
    }
    pages
        .into_iter()
        .map(|(m, t)| {
            let m = m.expect("every page has a media box");
            (m, t.unwrap_or(m))
        })
        .collect()
}

/// Poppler's XML without its DOCTYPE, which roxmltree refuses (the
/// DOCTYPE may share a line with the root element).
fn without_doctype(xml: &str) -> &str {
    match xml.find("<!DOCTYPE") {
        Some(i) => xml[i..].find('>').map_or(xml, |j| &xml[i + j + 1..]),
        None => xml,
    }
}

/// The document catalog as qpdf reads it (JSON v2 values: "u:..." strings,
/// "/Name" names).
pub fn catalog(pdf: &Path) -> serde_json::Value {
    let json = tool(
        "qpdf",
        &["--json=2", "--json-key=qpdf", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("qpdf writes JSON");
    let objects = &v["qpdf"][1];
    let root = objects["trailer"]["value"]["/Root"]
        .as_str()
        .unwrap_or("")
        .replace(" R", "");
    objects[format!("obj:{root} R")]["value"].clone()
}

/// The trailer's /ID strings.
pub fn trailer_id(pdf: &Path) -> serde_json::Value {
    let json = tool(
        "qpdf",
        &["--json=2", "--json-key=qpdf", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("qpdf writes JSON");
    v["qpdf"][1]["trailer"]["value"]["/ID"].clone()
}

/// A word as poppler sees it: its box (top-left origin, y down, points) and text.
#[derive(Clone, Debug)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// The words of each page, from `pdftotext -bbox-layout`.
pub fn words(pdf: &Path) -> Vec<Vec<Word>> {
    let xml = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let doc = roxmltree::Document::parse(without_doctype(&xml)).expect("pdftotext writes XML");
    let num = |n: &roxmltree::Node, a: &str| {
        n.attribute(a)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            page.descendants()
                .filter(|n| n.has_tag_name("word"))
                .map(|w| Word {
                    x0: num(&w, "xMin"),
                    y0: num(&w, "yMin"),
                    x1: num(&w, "xMax"),
                    y1: num(&w, "yMax"),
                    text: w.text().unwrap_or("").to_string(),
                })
                .collect()
        })
        .collect()
}

/// Everything wrong with a PDF's text geometry: words outside the safe area
/// (`margin_mm` inside the trim box) and words overlapping each other by more
/// than 35% of the smaller box. The same rules as ../shared/tools/pdf-layout-check.
pub fn layout_problems(pdf: &Path, margin_mm: f64) -> Vec<String> {
    let boxes = page_boxes(pdf);
    let pages = words(pdf);
    let margin = margin_mm * PT_PER_MM;
    let mut problems = Vec::new();
    for (n, ws) in pages.iter().enumerate() {
        let (media, trim) = boxes[n];
        let left = trim[0] - media[0] + margin;
        let right = trim[2] - media[0] - margin;
        let top = media[3] - trim[3] + margin;
        let bottom = media[3] - trim[1] - margin;
        for w in ws {
            if w.x0 < left - 0.5 || w.x1 > right + 0.5 || w.y0 < top - 0.5 || w.y1 > bottom + 0.5 {
                problems.push(format!(
                    "page {}: '{}' at ({:.1},{:.1})-({:.1},{:.1}) is outside the safe area ({left:.1},{top:.1})-({right:.1},{bottom:.1})",
                    n + 1,
                    w.text,
                    w.x0,
                    w.y0,
                    w.x1,
                    w.y1
                ));
            }
        }
        for (i, a) in ws.iter().enumerate() {
            for b in &ws[i + 1..] {
                let w = a.x1.min(b.x1) - a.x0.max(b.x0);
                let h = a.y1.min(b.y1) - a.y0.max(b.y0);
                if w <= 0.0 || h <= 0.0 {
                    continue;
                }
                let area = |x: &Word| (x.x1 - x.x0) * (x.y1 - x.y0);
                let smaller = area(a).min(area(b));
                if smaller > 0.0 && w * h / smaller > 0.35 {
                    problems.push(format!(
                        "page {}: '{}' and '{}' overlap near ({:.1},{:.1})",
                        n + 1,
                        a.text,
                        b.text,
                        a.x0,
                        a.y0
                    ));
                }
            }
        }
    }
    problems
}

/// A text element from `pdftohtml -xml`: its font size, font and text.
#[derive(Clone, Debug)]
pub struct SizedText {
    pub size: f64,
    /// The font's name with its subset tag, as pdftohtml gives it.
    pub family: String,
    pub text: String,
}

/// Every text element of a PDF with its font size, from `pdftohtml -xml`.
pub fn sized_text(pdf: &Path) -> Vec<SizedText> {
    let args = [
        "-xml",
        "-i",
        "-stdout",
        "-q",
        "-zoom",
        "1",
        pdf.to_str().unwrap(),
    ];
    let xml = tool("pdftohtml", &args);
    let doc = roxmltree::Document::parse(without_doctype(&xml)).expect("pdftohtml writes XML");
    let specs: std::collections::HashMap<String, (f64, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("fontspec"))
        .filter_map(|n| {
            let size = n.attribute("size")?.parse().ok()?;
            let family = n.attribute("family").unwrap_or("").to_string();
            Some((n.attribute("id")?.to_string(), (size, family)))
        })
        .collect();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            let (size, family) = specs.get(n.attribute("font")?)?.clone();
            let text: String = n.descendants().filter_map(|d| d.text()).collect();
            Some(SizedText { size, family, text })
        })
        .collect()
}

/// The subset tags (the six letters before '+') of the bold fonts.
pub fn bold_tags(pdf: &Path) -> Vec<String> {
    fonts(pdf)
        .into_iter()
        .filter(|f| f.name.contains("Bold"))
        .filter_map(|f| f.name.split_once('+').map(|(tag, _)| tag.to_string()))
        .collect()
}

/// A page as pdftoppm renders it at `dpi` (the whole media box): width,
/// height and the pixels, one byte each in grey (0 black, 255 white) or
/// three (RGB).
pub fn render_page(pdf: &Path, page: usize, dpi: u32, grey: bool) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("page");
    let (n, d) = (page.to_string(), dpi.to_string());
    let mut args = vec!["-r", &d, "-f", &n, "-l", &n, "-singlefile"];
    if grey {
        args.push("-gray");
    }
    args.extend([pdf.to_str().unwrap(), stem.to_str().unwrap()]);
    tool("pdftoppm", &args);
    let file = dir.path().join(if grey { "page.pgm" } else { "page.ppm" });
    let bytes = std::fs::read(file).expect("pdftoppm wrote a netpbm image");
    // P5/P6 header: magic, width, height and maxval, separated by white space.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[i + 1..].to_vec();
    assert_eq!(
        pixels.len(),
        w * h * if grey { 1 } else { 3 },
        "an image of {w} x {h}"
    );
    (w, h, pixels)
}

/// A page rendered in grey by pdftoppm: width, height and one byte per
/// pixel (0 black, 255 white), at `dpi`. The whole media box is rendered.
pub fn render_gray(pdf: &Path, page: usize, dpi: u32) -> (usize, usize, Vec<u8>) {
    render_page(pdf, page, dpi, true)
}

/// The darkest pixel in a rectangle given in points from the rendered
/// page's top-left corner.
pub fn darkest(img: &(usize, usize, Vec<u8>), dpi: u32, x0: f64, y0: f64, x1: f64, y1: f64) -> u8 {
    let (w, h, px) = img;
    let k = dpi as f64 / 72.0;
    let (a, b) = (
        (x0 * k).floor().max(0.0) as usize,
        (x1 * k).ceil().min(*w as f64) as usize,
    );
    let (c, d) = (
        (y0 * k).floor().max(0.0) as usize,
        (y1 * k).ceil().min(*h as f64) as usize,
    );
    let mut min = 255;
    for y in c..d {
        for x in a..b {
            min = min.min(px[y * w + x]);
        }
    }
    min
}

/// The colour of the pixel at (x, y) points from the rendered page's
/// top-left corner, rendered at `dpi` (the whole media box).
pub fn pixel_rgb(pdf: &Path, page: usize, dpi: u32, x: f64, y: f64) -> [u8; 3] {
    let (w, _, px) = render_page(pdf, page, dpi, false);
    let k = dpi as f64 / 72.0;
    let at = (((y * k) as usize) * w + (x * k) as usize) * 3;
    [px[at], px[at + 1], px[at + 2]]
}

/// What `zbarimg` reads from a page rendered at 150 DPI, if anything.
pub fn qr_codes(pdf: &Path, page: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("page");
    let n = page.to_string();
    tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    let out = Command::new("zbarimg")
        .args(["-q", "--raw", dir.path().join("page.png").to_str().unwrap()])
        .output()
        .expect("zbarimg runs: install zbar-tools");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Type sizes of a page's words, measured from poppler's word boxes: a
/// word box is the font's ascender to descender, 1.3 em in the built-in
/// family, so this is exact where pdftohtml rounds.
pub fn word_sizes(pdf: &Path) -> Vec<(f64, String)> {
    words(pdf)
        .into_iter()
        .flatten()
        .map(|w| ((w.y1 - w.y0) / 1.3, w.text))
        .collect()
}

/// Every PDF under `dir`, into `found`.
pub fn find_pdfs(dir: &Path, found: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            find_pdfs(&p, found);
        } else if p.extension().is_some_and(|x| x == "pdf") {
            found.push(p);
        }
    }
}
