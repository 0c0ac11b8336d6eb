//! A school makes the pack its own: its name, logo, colour and safeguarding
//! contacts on every format; a folder of sites built at once, a bad one
//! reported without stopping the rest; and logos and colours checked.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;

const AUDIENCES: [&str; 3] = ["parents", "professionals", "young-people"];
const FORMATS: [&str; 5] = ["poster", "handout", "leaflet", "booklet", "cards"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hillside() -> PathBuf {
    fixture("sites/hillside.toml")
}

/// The shipped pack built for Hillside Academy, once.
fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = packpress(
            repo(),
            &[
                "build",
                "--site",
                hillside().to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", describe(&o));
        (dir, out)
    })
    .1
}

fn pdf(audience: &str, format: &str) -> PathBuf {
    built()
        .join("e2ee/hillside")
        .join(audience)
        .join(format!("{format}-a4.pdf"))
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Unique image objects in a PDF, from `pdfimages -list` (soft masks aside).
fn images(pdf: &Path) -> Vec<(String, String)> {
    let out = Command::new("pdfimages")
        .args(["-list", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    let mut found: Vec<(String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // page num type width height color comp bpc enc interp object ID ...
            (cols.len() > 11 && cols[2] == "image")
                .then(|| (cols[10].to_string(), format!("{}x{}", cols[3], cols[4])))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_format_carries_the_schools_name_and_its_safeguarding_lead() {
    for a in AUDIENCES {
        for f in FORMATS {
            let p = pdf(a, f);
            // Lines may break anywhere: compare word by word.
            let text = pdf_text(&p)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            for s in ["Hillside Academy", "Ms A. Patel", "01632 960123"] {
                assert!(text.contains(s), "{a}/{f} lacks {s:?}");
            }
            // Every format names the deputy too, cards included.
            assert!(
                text.contains("Mr Dafydd ap Siôn"),
                "{a}/{f}: accents lost or contact missing"
            );
            assert!(text.contains("01632 960456"), "{a}/{f}");
            assert_eq!(info_field(&p, "Author"), "Hillside Academy", "{a}/{f}");
            assert!(
                info_field(&p, "Subject").contains("at Hillside Academy"),
                "{a}/{f}"
            );
            qpdf_check(&p);
            let problems = layout_problems(&p, 10.0);
            assert!(problems.is_empty(), "{a}/{f}: {problems:?}");
        }
    }
}

#[test]
fn posters_put_talk_to_us_above_the_national_helplines() {
    for a in AUDIENCES {
        let text = pdf_text(&pdf(a, "poster"));
        let talk = text.find("Talk to us").expect("a Talk to us box");
        let national = text.find("Where to get help").expect("the helplines");
        assert!(talk < national, "{a}: the school's contacts come first");
    }
}

#[test]
fn the_logo_is_embedded_once_per_document_however_often_it_is_drawn() {
    for a in AUDIENCES {
        for f in FORMATS {
            let list = images(&pdf(a, f));
            // The logo is 480 x 200; its alpha rides along as an smask.
            let logos: Vec<_> = list.iter().filter(|(_, size)| size == "480x200").collect();
            assert_eq!(logos.len(), 1, "{a}/{f}: {list:?}");
            // Its transparency is kept: the logo has rounded corners.
            let list = String::from_utf8_lossy(
                &Command::new("pdfimages")
                    .args(["-list", pdf(a, f).to_str().unwrap()])
                    .output()
                    .unwrap()
                    .stdout,
            )
            .into_owned();
            assert!(
                list.lines()
                    .any(|l| l.contains(" smask ") && l.contains("480   200")),
                "{a}/{f}: no soft mask\n{list}"
            );
            // Compressed, not raw: 480 x 200 RGB alone would be 288 KB.
            let size = fs::metadata(pdf(a, f)).unwrap().len();
            assert!(size < 100_000, "{a}/{f}: {size} bytes");
        }
    }
}

#[test]
fn the_site_colour_replaces_the_theme_primary() {
    // The poster's band (below the white strip with the school's logo and
    // name) is the site's green #00594F for the first audience.
    let rgb = pixel_rgb(&pdf("parents", "poster"), 1, 36, 20.0, 140.0);
    let near = |a: u8, b: u8| (a as i32 - b as i32).abs() <= 6;
    assert!(
        near(rgb[0], 0x00) && near(rgb[1], 0x59) && near(rgb[2], 0x4F),
        "{rgb:?}"
    );
}

/// A folder of sites: two good (a file, and a folder with site.toml) and
/// one with a dropped digit in a phone number.
fn site_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::copy(hillside(), root.join("hillside.toml")).unwrap();
    fs::copy(
        fixture("sites/hillside-logo.png"),
        root.join("hillside-logo.png"),
    )
    .unwrap();
    fs::create_dir(root.join("Riverside Youth Club")).unwrap();
    fs::write(
        root.join("Riverside Youth Club/site.toml"),
        "[site]\nname = \"Riverside Youth Club\"\n\n[[site.contacts]]\nrole = \"Youth worker\"\nname = \"Sam Okafor\"\nphone = \"07700 900123\"\n",
    )
    .unwrap();
    fs::write(
        root.join("broken.toml"),
        "[site]\nname = \"Broken School\"\n\n[[site.contacts]]\nrole = \"DSL\"\nname = \"Ms B\"\nphone = \"01632 9601\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_folder_of_sites_builds_each_one_and_reports_the_one_that_fails() {
    let sites = site_folder();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "-f",
            "poster",
            "-f",
            "cards",
            "--site",
            sites.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("broken.toml") && err.contains("`01632 9601` cannot be right"),
        "{err}"
    );
    for a in AUDIENCES {
        assert!(out
            .join("e2ee/hillside")
            .join(a)
            .join("poster-a4.pdf")
            .is_file());
        let riverside = out
            .join("e2ee/riverside-youth-club")
            .join(a)
            .join("poster-a4.pdf");
        assert!(pdf_text(&riverside).contains("Sam Okafor"), "{a}");
    }
    assert!(
        !out.join("e2ee/broken").exists(),
        "a site with errors wrote files"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("built 12 files") && stdout.contains("1 site failed"),
        "{stdout}"
    );
}

#[test]
fn a_site_file_with_an_error_builds_nothing() {
    let sites = site_folder();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let broken = sites.path().join("broken.toml");
    let o = packpress(
        repo(),
        &[
            "build",
            "--site",
            broken.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!out.exists());
}

/// A site file in its own folder with `logo` set to `logo_line`.
fn site_with_logo(logo_line: &str, files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site_dir = dir.path().join("site");
    fs::create_dir(&site_dir).unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let file = site_dir.join("school.toml");
    fs::write(&file, format!("[site]\nname = \"School\"\n{logo_line}\n")).unwrap();
    (dir, file)
}

fn check_site(site: &Path) -> std::process::Output {
    packpress(
        repo(),
        &["check", "packs/e2ee", "--site", site.to_str().unwrap()],
    )
}

#[test]
fn a_logo_outside_the_site_folder_is_refused() {
    let png = fs::read(fixture("sites/hillside-logo.png")).unwrap();
    let (_d, site) = site_with_logo("logo = \"../outside.png\"", &[("outside.png", png)]);
    let o = check_site(&site);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("leads outside"), "{}", stderr(&o));
    assert!(stderr(&o).contains("school.toml:3:"), "{}", stderr(&o));
}

#[test]
fn a_logo_that_is_not_png_or_jpeg_or_is_cut_short_is_refused_by_name() {
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let png = fs::read(fixture("sites/hillside-logo.png")).unwrap();
    let cut = png[..png.len() / 2].to_vec();
    for (name, bytes, want) in [
        ("logo.png", gif, "is not a PNG or JPEG image"),
        ("logo.png", cut, "is damaged or cut short"),
        ("logo.png", b"hello".to_vec(), "is not a PNG or JPEG image"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(name), &bytes).unwrap();
        let site = dir.path().join("school.toml");
        fs::write(
            &site,
            format!("[site]\nname = \"School\"\nlogo = \"{name}\"\n"),
        )
        .unwrap();
        let o = check_site(&site);
        assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
        let err = stderr(&o);
        assert!(err.contains(want) && err.contains("logo.png"), "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn a_jpeg_logo_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let img = image::RgbImage::from_fn(120, 60, |x, y| {
        image::Rgb([(x * 2) as u8, (y * 4) as u8, 90])
    });
    img.save(dir.path().join("logo.jpg")).unwrap();
    let site = dir.path().join("school.toml");
    fs::write(&site, "[site]\nname = \"School\"\nlogo = \"logo.jpg\"\n").unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "-a",
            "parents",
            "-f",
            "poster",
            "--site",
            site.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let list = images(&out.join("e2ee/school/parents/poster-a4.pdf"));
    assert!(list.iter().any(|(_, size)| size == "120x60"), "{list:?}");
}

#[test]
fn a_site_colour_with_poor_contrast_is_refused_by_check_and_by_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("pale.toml");
    fs::write(
        &site,
        "[site]\nname = \"Pale School\"\ncolour = \"#A8D8C8\"\n",
    )
    .unwrap();
    let o = check_site(&site);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("#A8D8C8")
            && err.contains("needs at least 4.5:1")
            && err.contains("pale.toml:3:"),
        "{err}"
    );
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            "--site",
            site.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!out.exists());
}

#[test]
fn qr_codes_on_posters_and_leaflets_read_back_with_a_real_scanner() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pack = fixture("spec-example");
    let o = packpress(
        repo(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "poster",
            "-f",
            "leaflet",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let poster = out.join("spec-example/generic/parents/poster-a4.pdf");
    let leaflet = out.join("spec-example/generic/parents/leaflet-a4.pdf");
    assert_eq!(qr_codes(&poster, 1), vec!["https://example.org/e2ee"]);
    assert_eq!(qr_codes(&leaflet, 1), vec!["https://example.org/e2ee"]);
    for p in [&poster, &leaflet] {
        let text = pdf_text(p);
        assert!(
            text.contains("Scan for more advice") && text.contains("example.org/e2ee"),
            "{text}"
        );
    }
}

#[test]
fn a_pack_without_a_url_prints_no_qr_code() {
    assert!(qr_codes(&pdf("parents", "poster"), 1).is_empty());
}

/// Issue 25: one school, one colour. With a site, the school's colour
/// (#00594F for the three-contact fixture) fills a share of every
/// audience's poster and handout, and is every audience's web page's
/// primary: never an audience's own turned hue.
#[test]
fn a_schools_colour_is_on_every_audiences_poster_handout_and_web_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let site = repo().join("tests/fixtures/sites/three-contacts.toml");
    let o = packpress(
        repo(),
        &[
            "build",
            "-f",
            "poster",
            "-f",
            "handout",
            "-f",
            "web",
            "--site",
            site.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let school = [0x00u8, 0x59, 0x4F];
    let near = |p: &[u8]| {
        p.iter()
            .zip(school)
            .all(|(a, b)| (i16::from(*a) - i16::from(b)).abs() <= 6)
    };
    for a in ["parents", "professionals", "young-people"] {
        let folder = out.join("e2ee/three-contacts").join(a);
        for name in ["poster-a4.pdf", "handout-a4.pdf"] {
            let (_, _, px) = render_page(&folder.join(name), 1, 20, false);
            let total = px.len() / 3;
            let ours = px.chunks(3).filter(|p| near(p)).count();
            assert!(
                ours * 20 > total,
                "{a} {name}: {ours} of {total} pixels in the school's colour"
            );
        }
        let web = fs::read_to_string(folder.join("web.html")).unwrap();
        assert!(
            web.contains("--primary: #00594F"),
            "{a}: the web page's primary"
        );
    }
}
