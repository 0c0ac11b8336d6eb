//! The web format (`-f web`): every audience's page, generic and for a
//! school with three contacts and a logo, in every reading style, opened in
//! headless Chromium with the network off and checked by axe-core (WCAG 2.2
//! A and AA, and axe's best practices) with zero violations; and read back
//! as a reader gets it: its headline, key points, sections, phone links,
//! language, logo, and what each reading style asks of its type.
//!
//! axe-core and puppeteer-core are pinned in tests/web/package-lock.json and
//! installed by scripts/test into tests/web/node_modules. Without them (or
//! without node or chromium) the browser checks are skipped with a note,
//! except in CI, where they must be there.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use common::{describe, fixture, packpress, shipped_pack};

use packpress::diagnostics::Report;
use packpress::pack::{self, Pack};

/// Where scripts/test installs the npm packages.
fn web_tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web")
}

/// Whether node, chromium, axe-core and puppeteer-core are all here. In
/// CI they must be: scripts/test installs them.
fn browser_ready() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok();
    let chromium = Command::new("chromium").arg("--version").output().is_ok();
    let modules = ["axe-core", "puppeteer-core"].iter().all(|m| {
        web_tools()
            .join("node_modules")
            .join(m)
            .join("package.json")
            .is_file()
    });
    let ready = node && chromium && modules;
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "in CI, scripts/test must install node, chromium and tests/web's npm packages \
             (node: {node}, chromium: {chromium}, node_modules: {modules})"
        );
        eprintln!(
            "skipped: the browser checks need node, chromium and `npm ci --prefix tests/web` \
             (scripts/test does all three)"
        );
    }
    ready
}

/// The shipped pack, as the library reads it: what the pages must say.
fn the_pack() -> Pack {
    let mut report = Report::new();
    pack::load(&shipped_pack(), &mut report).expect("the shipped pack loads")
}

const STYLES: [&str; 3] = ["standard", "large-print", "dyslexia"];

/// Every page built, once: generic and for the three-contacts site, every
/// audience, every style; then all of them opened in one browser.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    /// (site folder, audience, style) of each page of the shipped pack, in
    /// the order checked.
    pages: Vec<(String, String, String)>,
    /// Pages of other packs, checked after them: the pack-format example
    /// (its own labels, a `url`, Welsh letters) and the long-text pack.
    others: Vec<PathBuf>,
    /// What tests/web/check.mjs said, when the browser is here.
    browser: Option<Value>,
}

impl Built {
    fn path(&self, site: &str, audience: &str, style: &str) -> PathBuf {
        let name = if style == "standard" {
            "web.html".to_string()
        } else {
            format!("web-{style}.html")
        };
        self.out.join("e2ee").join(site).join(audience).join(name)
    }

    /// The browser's report on one page.
    fn report(&self, site: &str, audience: &str, style: &str) -> &Value {
        let browser = self.browser.as_ref().expect("the browser ran");
        let i = self
            .pages
            .iter()
            .position(|(s, a, st)| s == site && a == audience && st == style)
            .expect("the page was checked");
        &browser["pages"][i]
    }
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let pack = shipped_pack();
        let site = fixture("sites/three-contacts.toml");
        for with_site in [false, true] {
            let mut args = vec![
                "build",
                pack.to_str().unwrap(),
                "-f",
                "web",
                "-o",
                out.to_str().unwrap(),
            ];
            for s in STYLES {
                args.extend(["-s", s]);
            }
            if with_site {
                args.extend(["--site", site.to_str().unwrap()]);
            }
            let o = packpress(dir.path(), &args);
            assert!(o.status.success(), "{}", describe(&o));
        }
        for other in ["spec-example", "long-text"] {
            let o = packpress(
                dir.path(),
                &[
                    "build",
                    fixture(other).to_str().unwrap(),
                    "-f",
                    "web",
                    "-o",
                    out.to_str().unwrap(),
                ],
            );
            assert!(o.status.success(), "{}", describe(&o));
        }
        let others = vec![
            out.join("spec-example/generic/parents/web.html"),
            out.join("long-text/generic/parents/web.html"),
            out.join("long-text/generic/professionals/web.html"),
            out.join("long-text/generic/young-people/web.html"),
        ];
        let audiences: Vec<String> = the_pack().audiences.iter().map(|a| a.id.clone()).collect();
        let mut pages = Vec::new();
        for site in ["generic", "three-contacts"] {
            for a in &audiences {
                for s in STYLES {
                    pages.push((site.to_string(), a.clone(), s.to_string()));
                }
            }
        }
        let mut built = Built {
            _dir: dir,
            out,
            pages,
            others,
            browser: None,
        };
        if browser_ready() {
            let files: Vec<PathBuf> = built
                .pages
                .iter()
                .map(|(s, a, st)| built.path(s, a, st))
                .chain(built.others.iter().cloned())
                .collect();
            let o = Command::new("node")
                .arg(web_tools().join("check.mjs"))
                .args(&files)
                .current_dir(web_tools())
                .output()
                .expect("node runs");
            assert!(o.status.success(), "check.mjs: {}", describe(&o));
            built.browser = Some(serde_json::from_slice(&o.stdout).expect("check.mjs writes JSON"));
        }
        built
    })
}

/// The value of every `name="..."` attribute in raw HTML.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn every_page_passes_axe_with_no_violation() {
    let b = built();
    let Some(browser) = &b.browser else { return };
    // The pins: what the README says is checked is what ran.
    assert_eq!(browser["axe"], "4.14.1");
    assert_eq!(browser["puppeteer"], "24.43.1");
    let tags: Vec<&str> = browser["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(
        tags,
        [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice"
        ]
    );
    let mut problems = Vec::new();
    let pages = browser["pages"].as_array().unwrap();
    assert_eq!(pages.len(), b.pages.len() + b.others.len());
    for page in pages {
        let file = page["file"].as_str().unwrap();
        // axe ran its rules (not none, as on an empty page).
        assert!(
            page["axe"]["rules_run"].as_u64().unwrap() > 50,
            "{file}: axe ran {}",
            page["axe"]["rules_run"]
        );
        for v in page["axe"]["violations"].as_array().unwrap() {
            problems.push(format!("{file}: {v}"));
        }
    }
    assert!(
        problems.is_empty(),
        "axe found violations:\n{}",
        problems.join("\n")
    );
    assert_eq!(
        b.pages.len(),
        18,
        "3 audiences x 3 styles x (generic, site)"
    );
}

#[test]
fn pages_render_with_the_network_off_and_fetch_nothing() {
    let b = built();
    let paths = b
        .pages
        .iter()
        .map(|(s, a, st)| b.path(s, a, st))
        .chain(b.others.iter().cloned());
    for path in paths {
        let html = std::fs::read_to_string(&path).unwrap();
        let at = path.display();
        // Nothing that runs or loads: no script, no stylesheet or font
        // fetched, no frame or object, no base to redirect links.
        for bad in [
            "<script", "<link", "<iframe", "<object", "<embed", "<base", "url(", "@import",
            "srcset", "<video", "<audio", "<source",
        ] {
            assert!(!html.contains(bad), "{at} has {bad}");
        }
        for src in attributes(&html, "src") {
            assert!(src.starts_with("data:image/png;base64,"), "{at}: src {src}");
        }
        // Links go to people and places, never load anything.
        for href in attributes(&html, "href") {
            assert!(
                ["tel:", "mailto:", "sms:", "https://", "http://", "#"]
                    .iter()
                    .any(|p| href.starts_with(p)),
                "{at}: href {href}"
            );
        }
    }
    let Some(browser) = &b.browser else { return };
    for p in browser["pages"].as_array().unwrap() {
        let who = p["file"].as_str().unwrap();
        assert_eq!(
            p["requests"],
            serde_json::json!([]),
            "{who} asked the network"
        );
        assert_eq!(p["failed"], serde_json::json!([]), "{who}: requests failed");
        assert_eq!(p["errors"], serde_json::json!([]), "{who}: page errors");
        assert_eq!(p["dom"]["scripts"], 0, "{who}");
        // It rendered: the headline has a box, and the page has text.
        assert!(
            p["dom"]["texts"].as_array().unwrap().len() > 30,
            "{who} rendered"
        );
        // Reflow (WCAG 1.4.10): at 320 CSS pixels nothing scrolls sideways.
        assert!(
            p["narrow"]["scroll_width"].as_u64() <= p["narrow"]["width"].as_u64(),
            "{who} scrolls sideways at 320 px: {}",
            p["narrow"]
        );
    }
}

#[test]
fn every_page_says_what_the_pack_says() {
    let b = built();
    let pack = the_pack();
    let Some(_) = &b.browser else {
        // Without the browser, the raw page still carries the content.
        for (site, audience, style) in &b.pages {
            let html = std::fs::read_to_string(b.path(site, audience, style)).unwrap();
            let a = pack.audience(audience).unwrap();
            assert_eq!(html.matches("<h1>").count(), 1);
            assert!(html.contains(&format!("<html lang=\"{}\">", pack.locale())));
            assert!(html.contains(a.spec.audience.headline.get_ref().trim()));
        }
        return;
    };
    for (site, audience, style) in &b.pages {
        let page = b.report(site, audience, style);
        let dom = &page["dom"];
        let who = format!("{site}/{audience}/{style}");
        let a = pack.audience(audience).unwrap();
        let spec = &a.spec.audience;
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(dom["lang"], "en-GB", "{who}");
        assert_eq!(dom["dir"], Value::Null, "{who}: English is left to right");
        assert!(
            dom["title"]
                .as_str()
                .unwrap()
                .contains(spec.headline.get_ref().trim()),
            "{who}"
        );
        // One h1, the headline.
        assert_eq!(
            strings(&dom["h1"]),
            [spec.headline.get_ref().trim()],
            "{who}"
        );
        // Every key point, in order, as an ordered list.
        let points: Vec<String> = spec
            .key_points
            .get_ref()
            .iter()
            .map(|p| p.get_ref().trim().to_string())
            .collect();
        assert_eq!(strings(&dom["key_points"]), points, "{who}");
        // Every section heading, then the help.
        let h2 = strings(&dom["h2"]);
        for s in &a.spec.sections {
            assert!(
                h2.contains(&s.heading.get_ref().trim().to_string()),
                "{who}: no heading {:?} in {h2:?}",
                s.heading.get_ref()
            );
        }
        assert!(h2.contains(&"Where to get help".to_string()), "{who}");
        assert!(h2.contains(&"Sources".to_string()), "{who}");
        // Every helpline's number a tel: link with its digits, shown as
        // written; every web address a link.
        let links: Vec<(String, String)> = dom["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["href"].as_str().unwrap().to_string(),
                    l["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let tel = |number: &str| {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            assert!(
                links.contains(&(format!("tel:{digits}"), number.to_string())),
                "{who}: no tel: link for {number} in {links:?}"
            );
        };
        let h3 = strings(&dom["h3"]);
        for h in pack.helplines_for(audience) {
            if let Some(phone) = h.phone() {
                tel(phone);
            }
            if let Some(url) = h.url() {
                assert!(
                    links.contains(&(format!("https://{url}"), url.to_string())),
                    "{who}: no link for {url}"
                );
            }
            if !h.emergency {
                assert!(h3.contains(&h.name.get_ref().trim().to_string()), "{who}");
            }
        }
        tel("999");
        // The school's contacts, by name and number, on the site's pages.
        if site == "three-contacts" {
            assert!(
                h2.contains(&"Talk to us: Ysgol Uwchradd Tŷ Gwyn".to_string()),
                "{who}: {h2:?}"
            );
            for (name, number) in [
                ("Mrs Siân Prŷs-Jones", "01632 960123"),
                ("Mr Dafydd ap Siôn", "01632 960456"),
                ("Ms Rhiannon Evans", "01632 960789"),
            ] {
                assert!(h3.contains(&name.to_string()), "{who}: {name}");
                tel(number);
            }
            assert!(links.contains(&(
                "mailto:safeguarding@tygwyn.example".to_string(),
                "safeguarding@tygwyn.example".to_string()
            )));
            // The logo, inlined, and decoded by the browser.
            let images = dom["images"].as_array().unwrap();
            assert_eq!(images.len(), 1, "{who}");
            let logo = &images[0];
            assert_eq!(logo["alt"], "Ysgol Uwchradd Tŷ Gwyn logo", "{who}");
            assert_eq!(logo["src_scheme"], "data", "{who}");
            assert_eq!(logo["complete"], true, "{who}");
            assert!(logo["natural_width"].as_u64().unwrap() > 0, "{who}");
            assert!(logo["shown_width"].as_f64().unwrap() > 20.0, "{who}");
            assert_eq!(page["decoded"], serde_json::json!(["ok"]), "{who}");
        } else {
            assert!(dom["images"].as_array().unwrap().is_empty(), "{who}");
            assert!(!h2.iter().any(|h| h.starts_with("Talk to us")), "{who}");
        }
    }
}

/// The size of every piece of visible text, in points (CSS: 96 px = 72 pt).
fn sizes_pt(texts: &Value) -> Vec<(f64, String)> {
    texts
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["font_size_px"].as_f64().unwrap() * 0.75,
                t["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn large_print_sets_nothing_under_16_pt_on_screen_or_paper() {
    let b = built();
    let Some(_) = &b.browser else { return };
    for site in ["generic", "three-contacts"] {
        for audience in ["parents", "professionals", "young-people"] {
            let page = b.report(site, audience, "large-print");
            for media in [&page["dom"]["texts"], &page["print"]["texts"]] {
                let sizes = sizes_pt(media);
                let small: Vec<_> = sizes.iter().filter(|(pt, _)| *pt < 15.99).collect();
                assert!(
                    small.is_empty(),
                    "{site}/{audience}: under 16 pt: {small:?}"
                );
                // Running text is larger than the minimum, as UKAAF asks.
                let body = sizes
                    .iter()
                    .find(|(_, t)| t.starts_with("Encrypt") || t.starts_with("End-to-end"))
                    .map(|(pt, _)| *pt);
                assert!(
                    body.is_some_and(|pt| pt >= 16.0),
                    "{site}/{audience}: {body:?}"
                );
            }
            // The standard page does have smaller text: the test can fail.
            let standard = sizes_pt(&b.report(site, audience, "standard")["dom"]["texts"]);
            assert!(standard.iter().any(|(pt, _)| *pt < 15.0));
        }
    }
}

#[test]
fn dyslexia_is_cream_spaced_ragged_and_never_italic() {
    let b = built();
    let Some(_) = &b.browser else { return };
    for site in ["generic", "three-contacts"] {
        for audience in ["parents", "professionals", "young-people"] {
            let page = b.report(site, audience, "dyslexia");
            let who = format!("{site}/{audience}");
            let dom = &page["dom"];
            // #FDF6E3, the British Dyslexia Association's cream.
            assert_eq!(dom["body_background"], "rgb(253, 246, 227)", "{who}");
            let texts = dom["texts"].as_array().unwrap();
            let mut running = 0;
            for t in texts {
                assert_eq!(t["font_style"], "normal", "{who}: {t}");
                assert_ne!(t["text_align"], "justify", "{who}: {t}");
                // 12 pt or more everywhere.
                assert!(
                    t["font_size_px"].as_f64().unwrap() * 0.75 >= 11.99,
                    "{who}: {t}"
                );
                if t["running"] == true {
                    running += 1;
                    let size = t["font_size_px"].as_f64().unwrap();
                    let line = t["line_height_px"].as_f64().unwrap();
                    assert!(
                        line >= size * 1.5 - 0.01,
                        "{who}: leading {line}/{size}: {t}"
                    );
                }
            }
            assert!(running > 10, "{who}: {running} running texts");
            // The standard page is white: the test can fail.
            let standard = &b.report(site, audience, "standard")["dom"];
            assert_eq!(standard["body_background"], "rgb(255, 255, 255)");
        }
    }
}

#[test]
fn the_web_page_has_no_paper_and_is_made_once_whatever_p_names() {
    let dir = tempfile::tempdir().unwrap();
    let pack = shipped_pack();
    let out = dir.path().join("out");
    // Named with papers it does not use: not an error, one page each.
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-f",
            "web",
            "-p",
            "a3",
            "-p",
            "letter",
            "-o",
            out.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for (f, a) in files
        .iter()
        .zip(["parents", "professionals", "young-people"])
    {
        assert!(f.ends_with(&format!("e2ee/generic/{a}/web.html")), "{f}");
    }
    for f in v["files"].as_array().unwrap() {
        assert_eq!(f["format"], "web");
        assert_eq!(f["paper"], Value::Null, "a web page has no paper");
    }
    assert_eq!(v["skipped"], serde_json::json!([]));

    // The manifest lists it, without a paper, and the contact sheet links it.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 3);
    for e in outputs {
        assert_eq!(e["format"], "web");
        assert_eq!(e["paper"], Value::Null);
        assert!(e["path"].as_str().unwrap().ends_with("/web.html"));
        let bytes = std::fs::metadata(out.join(e["path"].as_str().unwrap()))
            .unwrap()
            .len();
        assert_eq!(e["bytes"].as_u64(), Some(bytes));
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(
        index
            .matches("<a href=\"e2ee/generic/parents/web.html\">Open the web page</a>")
            .count(),
        1,
        "{index}"
    );
    assert!(index.contains("<h4>Web page (standard)</h4>"));

    // A second build keeps the pages in the manifest (read back, merged).
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
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let formats: Vec<(&str, &str)> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["format"].as_str().unwrap(), e["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        formats
            .iter()
            .filter(|(f, s)| *f == "web" && *s == "earlier")
            .count(),
        3
    );
    assert_eq!(formats.iter().filter(|(f, _)| *f == "poster").count(), 1);
}

#[test]
fn a_build_with_no_format_makes_the_web_pages_after_the_print() {
    let dir = tempfile::tempdir().unwrap();
    let pack = shipped_pack();
    let out = dir.path().join("out");
    // On a3 only the poster is made of the print; the web page is too.
    let o = packpress(
        dir.path(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-a",
            "parents",
            "-p",
            "a3",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let wrote: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .collect();
    assert_eq!(wrote.len(), 2, "{stdout}");
    assert!(wrote[0].contains("parents/poster-a3.pdf"), "{stdout}");
    assert!(wrote[1].contains("parents/web.html"), "{stdout}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("skipped the handout, leaflet, booklet and cards: they are not made on a3"),
        "{stderr}"
    );

    // check lays the page out too, and writes nothing.
    let quiet = tempfile::tempdir().unwrap();
    let o = packpress(
        quiet.path(),
        &[
            "check",
            pack.to_str().unwrap(),
            "-f",
            "web",
            "-s",
            "large-print",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("3 outputs laid out: 0 errors"),
        "{}",
        describe(&o)
    );
    assert_eq!(std::fs::read_dir(quiet.path()).unwrap().count(), 0);
}

#[test]
fn list_and_help_name_the_web_format() {
    let pack = shipped_pack();
    let o = packpress(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["list", pack.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("web "))
        .unwrap_or_else(|| panic!("no web line in {stdout}"));
    assert!(line.contains("no paper"), "{line}");
    let o = packpress(Path::new("."), &["build", "-f", "webpage"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("the formats are: poster, handout, leaflet, booklet, cards, web"),
        "{}",
        describe(&o)
    );
}

#[test]
fn the_same_input_gives_the_same_page() {
    let dir = tempfile::tempdir().unwrap();
    let pack = shipped_pack();
    let site = fixture("sites/three-contacts.toml");
    let mut pages = Vec::new();
    for n in 0..2 {
        let out = dir.path().join(format!("out{n}"));
        let o = packpress(
            dir.path(),
            &[
                "build",
                pack.to_str().unwrap(),
                "-a",
                "parents",
                "-f",
                "web",
                "--site",
                site.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", describe(&o));
        pages.push(std::fs::read(out.join("e2ee/three-contacts/parents/web.html")).unwrap());
    }
    assert_eq!(pages[0], pages[1]);
    // The logo is there, and small: scaled to what the page shows.
    let html = String::from_utf8(pages.swap_remove(0)).unwrap();
    let src = attributes(&html, "src");
    assert_eq!(src.len(), 1);
    assert!(src[0].len() < 200_000, "{} bytes of logo", src[0].len());
}

#[test]
fn a_pack_s_own_labels_and_address_reach_its_page() {
    let b = built();
    let html = std::fs::read_to_string(&b.others[0]).unwrap();
    // spec-example: its labels, its `url` as a link, its Welsh letters.
    assert!(html.contains("<h2 id=\"help-heading\">Where to get help</h2>"));
    assert!(html.contains("<a href=\"https://example.org/e2ee\">example.org/e2ee</a>"));
    assert!(html.contains("Dŵr and ŷ: Welsh letters print"));
    let Some(browser) = &b.browser else { return };
    let page = &browser["pages"][b.pages.len()];
    let links = page["dom"]["links"].as_array().unwrap();
    assert!(links
        .iter()
        .any(|l| l["href"] == "https://example.org/e2ee"));
    assert!(links
        .iter()
        .any(|l| l["href"] == "tel:08001111" && l["text"] == "0800 1111"));
}
