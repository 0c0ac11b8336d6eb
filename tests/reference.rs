//! Reference images: every page of every format of the shipped pack, generic
//! and for a school with three contacts, drawn by packpress's own PNG
//! renderer (which does not drift with the poppler version) and compared
//! with the PNGs under tests/ref/, within a small tolerance. A visual change
//! is then a decision made on purpose: regenerate with `UPDATE_REFS=1 cargo
//! test --test reference`, look at every changed image, and commit them with
//! the change, saying why. On a failure, the new render and a diff image
//! (changed pixels in red) are written to target/ref-diff/.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Dots per inch of the references: enough to see a layout change, small
/// enough to keep in the repository.
const DPI: &str = "30";
/// A channel differing by more than this counts the pixel as changed
/// (anti-aliasing noise stays under it).
const CHANNEL: i32 = 24;
/// The share of changed pixels allowed.
const SHARE: f64 = 0.002;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Decodes a PNG into width, height and RGB(A) rows as RGB.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let rgb: Vec<u8> = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|px| match channels {
            1 | 2 => [px[0], px[0], px[0]],
            _ => [px[0], px[1], px[2]],
        })
        .collect();
    (info.width, info.height, rgb)
}

fn encode(path: &Path, w: u32, h: u32, rgb: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut e = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    e.set_color(png::ColorType::Rgb);
    e.set_depth(png::BitDepth::Eight);
    e.write_header().unwrap().write_image_data(rgb).unwrap();
}

/// The pages to compare: (reference name, the render).
fn renders() -> Vec<(String, PathBuf)> {
    let dir = tempfile::tempdir().unwrap().keep();
    let out = dir.join("out");
    let o = out.to_str().unwrap();
    let site = fixture("sites/three-contacts.toml");
    for extra in [vec![], vec!["--site", site.to_str().unwrap()]] {
        let mut args = vec!["build", "-a", "parents", "--png", DPI, "-o", o];
        for f in ["poster", "handout", "leaflet", "booklet", "cards"] {
            args.extend(["-f", f]);
        }
        args.extend(extra);
        let r = packpress(repo(), &args);
        assert!(r.status.success(), "{}", describe(&r));
    }
    let mut found = Vec::new();
    for site in ["generic", "three-contacts"] {
        let folder = out.join("e2ee").join(site).join("parents");
        let mut pngs: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        pngs.sort();
        for p in pngs {
            let name = format!("{site}-{}", p.file_name().unwrap().to_string_lossy());
            found.push((name, p));
        }
    }
    found
}

#[test]
fn every_format_looks_as_its_reference_image() {
    let refs = repo().join("tests/ref");
    let update = std::env::var_os("UPDATE_REFS").is_some();
    let diffs = repo().join("target/ref-diff");
    let mut problems = Vec::new();
    let rendered = renders();
    assert!(rendered.len() >= 20, "{} pages", rendered.len());
    for (name, path) in &rendered {
        let new = std::fs::read(path).unwrap();
        let reference = refs.join(name);
        if update {
            std::fs::create_dir_all(&refs).unwrap();
            std::fs::write(&reference, &new).unwrap();
            continue;
        }
        let Ok(old) = std::fs::read(&reference) else {
            problems.push(format!("{name}: no reference (UPDATE_REFS=1 makes it)"));
            continue;
        };
        let (w, h, a) = decode(&new);
        let (w0, h0, b) = decode(&old);
        if (w, h) != (w0, h0) {
            problems.push(format!("{name}: {w}x{h}, the reference is {w0}x{h0}"));
            continue;
        }
        let mut changed = 0usize;
        let mut diff = Vec::with_capacity(a.len());
        for (pa, pb) in a.chunks(3).zip(b.chunks(3)) {
            let far = pa
                .iter()
                .zip(pb)
                .any(|(x, y)| (*x as i32 - *y as i32).abs() > CHANNEL);
            if far {
                changed += 1;
                diff.extend([255, 0, 0]);
            } else {
                diff.extend(pa.iter().map(|c| c / 2 + 127));
            }
        }
        let share = changed as f64 / (w as f64 * h as f64);
        if share > SHARE {
            std::fs::create_dir_all(&diffs).unwrap();
            std::fs::write(diffs.join(name), &new).unwrap();
            encode(&diffs.join(format!("diff-{name}")), w, h, &diff);
            problems.push(format!(
                "{name}: {:.2}% of pixels changed (see target/ref-diff/)",
                share * 100.0
            ));
        }
    }
    // A reference with no page to match it is a page that went away.
    if !update {
        if let Ok(entries) = std::fs::read_dir(&refs) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if !rendered.iter().any(|(name, _)| *name == n) {
                    problems.push(format!("{n}: a reference with no page"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
