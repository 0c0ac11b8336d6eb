//! `--png`: every page drawn by packpress's own renderer (fontdue and
//! tiny-skia) agrees with poppler's rendering of the PDF, pixel by pixel.

mod common;

use std::path::{Path, PathBuf};

use common::{describe, fixture, packpress, render_page, shipped_pack};

/// An RGB image: width, height, three bytes a pixel.
struct Rgb {
    width: usize,
    height: usize,
    px: Vec<u8>,
}

fn read_png(path: &Path) -> Rgb {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Rgb {
        width: info.width as usize,
        height: info.height as usize,
        px: buf,
    }
}

/// Page `page` of a PDF as pdftoppm renders it at `dpi`.
fn poppler(pdf: &Path, page: usize, dpi: u32) -> Rgb {
    let (width, height, px) = render_page(pdf, page, dpi, false);
    Rgb { width, height, px }
}

/// The share of pixels that differ by more than 64 levels in any channel,
/// with `b` moved right and down by `shift` pixels.
fn differing(a: &Rgb, b: &Rgb, shift: usize) -> f64 {
    assert_eq!(
        (a.width, a.height),
        (b.width, b.height),
        "page sizes differ"
    );
    let mut bad = 0usize;
    for y in 0..a.height {
        for x in 0..a.width {
            let i = (y * a.width + x) * 3;
            let j = match (x.checked_sub(shift), y.checked_sub(shift)) {
                (Some(bx), Some(by)) => (by * b.width + bx) * 3,
                _ => i,
            };
            if (0..3).any(|k| a.px[i + k].abs_diff(b.px[j + k]) > 64) {
                bad += 1;
            }
        }
    }
    bad as f64 / (a.width * a.height) as f64
}

/// Every PDF under `out` with its PNGs, checked page by page against
/// poppler at 72 DPI. Returns (png, share differing) for each page.
fn agreement(out: &Path) -> Vec<(PathBuf, f64)> {
    let mut pdfs: Vec<PathBuf> = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                pdfs.push(p);
            }
        }
    }
    pdfs.sort();
    assert!(!pdfs.is_empty());
    let mut results = Vec::new();
    for pdf in pdfs {
        let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let single = pdf.with_file_name(format!("{stem}.png"));
        let pages: Vec<PathBuf> = if single.is_file() {
            vec![single]
        } else {
            (1..)
                .map(|n| pdf.with_file_name(format!("{stem}-{n}.png")))
                .take_while(|p| p.is_file())
                .collect()
        };
        assert!(!pages.is_empty(), "no PNG beside {}", pdf.display());
        let count = common::info_field(&pdf, "Pages").parse::<usize>().unwrap();
        assert_eq!(pages.len(), count, "one PNG per page of {}", pdf.display());
        for (i, png) in pages.into_iter().enumerate() {
            let d = differing(&poppler(&pdf, i + 1, 72), &read_png(&png), 0);
            results.push((png, d));
        }
    }
    results
}

fn assert_agree(results: &[(PathBuf, f64)]) {
    let report: Vec<String> = results
        .iter()
        .map(|(p, d)| format!("{}: {:.2}%", p.display(), d * 100.0))
        .collect();
    eprintln!("{}", report.join("\n"));
    for (png, d) in results {
        assert!(
            *d <= 0.02,
            "{} differs from poppler's rendering in {:.2}% of pixels (at most 2%)",
            png.display(),
            d * 100.0
        );
    }
}

#[test]
fn png_pages_match_poppler_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pack = shipped_pack();
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-a",
            "parents",
            "-o",
            out.to_str().unwrap(),
            "--png",
            "72",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let base = out.join("e2ee/generic/parents");
    // Names beside the PDFs: one page plain, several numbered.
    for name in [
        "poster-a4.png",
        "handout-a4-1.png",
        "leaflet-a4-1.png",
        "leaflet-a4-2.png",
        "booklet-a4-1.png",
        "cards-a4-2.png",
    ] {
        assert!(base.join(name).is_file(), "{name} missing");
    }
    assert!(!base.join("poster-a4-1.png").exists());
    let results = agreement(&out);
    assert!(results.len() >= 11, "every page of five formats");
    assert_agree(&results);

    // The PNGs are in the manifest and the one-line-per-file output.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("e2ee/generic/parents/leaflet-a4-2.png"));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("leaflet-a4-2.png"), "{stdout}");
}

#[test]
fn png_pages_match_poppler_with_a_site_logo_and_cream_paper() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pack = shipped_pack();
    let site = fixture("sites/hillside.toml");
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-a",
            "young-people",
            "-f",
            "poster",
            "-f",
            "leaflet",
            "-s",
            "standard",
            "-s",
            "dyslexia",
            "--site",
            site.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--png",
            "72",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let base = out.join("e2ee/hillside/young-people");
    assert!(base.join("leaflet-a4-dyslexia-1.png").is_file());
    // The dyslexia style's cream paper is painted, not left white.
    let cream = read_png(&base.join("poster-a4-dyslexia.png"));
    let at = (cream.height - 5) * cream.width * 3 + cream.width / 2 * 3;
    assert_ne!(&cream.px[at..at + 3], &[255, 255, 255]);
    assert_agree(&agreement(&out));
}

#[test]
fn a_misplaced_rendering_fails_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pack = shipped_pack();
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "handout",
            "-o",
            out.to_str().unwrap(),
            "--png",
            "72",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let pdf = out.join("e2ee/generic/parents/handout-a4.pdf");
    let reference = poppler(&pdf, 1, 72);
    let png = read_png(&pdf.with_file_name("handout-a4-1.png"));
    let aligned = differing(&reference, &png, 0);
    let shifted = differing(&reference, &png, 2);
    assert!(aligned <= 0.02, "aligned: {:.2}%", aligned * 100.0);
    assert!(
        shifted > 0.02,
        "a rendering two pixels off must fail, but only {:.2}% differ",
        shifted * 100.0
    );
}

#[test]
fn png_output_is_deterministic_and_sized_by_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let pack = shipped_pack();
    let run = |out: &str| {
        let o = packpress(
            dir.path(),
            &[
                "build",
                pack.to_str().unwrap(),
                "-a",
                "parents",
                "-f",
                "poster",
                "-o",
                out,
                "--png",
                "150",
            ],
        );
        assert!(o.status.success(), "{}", describe(&o));
        dir.path()
            .join(out)
            .join("e2ee/generic/parents/poster-a4.png")
    };
    let (a, b) = (run("a"), run("b"));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let index = |out: &str| std::fs::read(dir.path().join(out).join("index.html")).unwrap();
    assert_eq!(index("a"), index("b"), "the contact sheet too");
    let img = read_png(&a);
    // A4 at 150 DPI, rounded up as poppler does.
    assert_eq!((img.width, img.height), (1241, 1754));
}

#[test]
fn an_impossible_png_resolution_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = packpress(dir.path(), &["build", "--png", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("dots per inch"), "{err}");

    // Allowed, but too many pixels for an A2 page: refused before drawing,
    // and nothing is written.
    let pack = shipped_pack();
    let args = [
        "build",
        pack.to_str().unwrap(),
        "-a",
        "parents",
        "-f",
        "poster",
        "-p",
        "a2",
    ];
    let o = packpress(dir.path(), &[&args[..], &["--png", "1200"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("choose a lower --png resolution"), "{err}");
    assert!(!err.contains("shorten the text"), "{err}");
    assert!(!dir.path().join("out").exists());
}
