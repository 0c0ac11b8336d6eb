//! The web page's tests: content and order, escaping, links, styles.
use super::*;
use crate::colour::Colour;
use crate::diagnostics::Report;
use std::path::Path;

const PACK: &str = r#"
[pack]
id = "t"
title = "A <pack> & more"
locale = "LOCALE"
reviewed = 2026-03-05
url = "example.org/more"

[[pack.sources]]
publisher = "NSPCC"
title = "Reporting"
url = "https://www.nspcc.org.uk/"

[labels]
helplines = "Help here"
emergency = "Emergency: ring"
reviewed = "Checked"

[[helplines]]
id = "line"
name = "A Line"
phone = "0808 800 5000"
text = "85258"
url = "line.example"
for = "Anyone"
hours = "9 to 5"

[[helplines]]
id = "police"
name = "Police"
phone = "999"
for = "Danger now"
emergency = true
"#;

const AUDIENCE: &str = r#"
[audience]
name = "Parents"
headline = "Stay <safe> & \"well\""
key_points = ["One.", "Two.", "Three <b>."]
call_to_action = "Talk."

[[sections]]
kind = "explainer"
heading = "What it is"
body = """
Para **bold** here.

- first
- second

After.
"""

[[sections]]
kind = "tips"
heading = "Tips"
[[sections.items]]
title = "Stay calm"
text = "Breathe."
"#;

/// A pack in `locale`, read from text as `load` would read files.
fn pack(locale: &str) -> Pack {
    let mut report = Report::new();
    let dir = Path::new("/nowhere");
    let p = report.add_file(&dir.join("pack.toml"), PACK.replace("LOCALE", locale));
    let a = report.add_file(&dir.join("audiences/parents.toml"), AUDIENCE.to_string());
    let pack = crate::pack::from_sources(dir, Some(p), &[("parents".into(), a)], &mut report);
    assert_eq!(report.error_count(), 0, "{:?}", report.diagnostics());
    pack.expect("the test pack parses")
        .model()
        .expect("the test pack is a model")
}

fn page_of(pack: &Pack, style: ReadingStyle) -> String {
    let labels = &pack.labels;
    let palette = Palette::new(
        Colour::rgb(0x1F, 0x4E, 0x79),
        Colour::rgb(0xF2, 0xA9, 0x00),
        Colour::rgb(0x1A, 0x1A, 0x1A),
        style.paper(Colour::WHITE),
    );
    render(&WebPage {
        pack,
        audience: &pack.audiences[0],
        site: None,
        style,
        labels,
        palette,
        plain_paper: false,
    })
    .unwrap()
}

#[test]
fn a_page_carries_the_content_in_order_escaped() {
    let p = pack("en-GB");
    let h = page_of(&p, ReadingStyle::Standard);
    assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">\n"));
    assert_eq!(h.matches("<h1>").count(), 1);
    assert!(h.contains("<h1>Stay &lt;safe&gt; &amp; &quot;well&quot;</h1>"));
    assert!(h.contains("<title>A &lt;pack&gt; &amp; more: Stay &lt;safe&gt;"));
    assert!(h.contains("<li>Three &lt;b&gt;.</li>"));
    assert!(h.contains("<p>Para <strong>bold</strong> here.</p>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n<p>After.</p>"));
    assert!(h.contains("<ol class=\"steps\">\n<li><strong>Stay calm.</strong> Breathe.</li>"));
    // The pack's own labels, not English defaults.
    assert!(h.contains("<h2 id=\"help-heading\">Help here</h2>"));
    assert!(h.contains("Emergency: ring <span class=\"number\"><a href=\"tel:999\">999</a></span>"));
    assert!(h.contains("Checked <time datetime=\"2026-03-05\">5 March 2026</time>"));
    assert!(h.contains("<a href=\"tel:08088005000\">0808 800 5000</a>"));
    assert!(h.contains("Text <a href=\"sms:85258\">85258</a>"));
    assert!(h.contains("<a href=\"https://line.example\">line.example</a>"));
    assert!(h.contains("<a href=\"https://example.org/more\">example.org/more</a>"));
    // In print's order: key points, sections, call to action, help,
    // sources.
    let at = |needle: &str| h.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("class=\"key-points\"") < at("What it is"));
    assert!(at("What it is") < at("class=\"cta\""));
    // (The skip link, first, says "Help here" too.)
    assert!(at("<a class=\"skip\" href=\"#help\">Help here</a>") < at("<header"));
    assert!(at("class=\"cta\"") < at("<h2 id=\"help-heading\">"));
    assert!(at("<h2 id=\"help-heading\">") < at("Emergency: ring"));
    assert!(at("Emergency: ring") < at("<footer>"));
    assert!(!h.contains("<script") && !h.contains("<img"));
}

#[test]
fn right_to_left_locales_set_dir_and_lang() {
    let h = page_of(&pack("ur-PK"), ReadingStyle::Standard);
    assert!(h.contains("<html lang=\"ur-PK\" dir=\"rtl\">"));
    let h = page_of(&pack("cy"), ReadingStyle::Standard);
    assert!(h.contains("<html lang=\"cy\">"));
}

#[test]
fn reading_styles_become_css() {
    let p = pack("en-GB");
    let standard = page_of(&p, ReadingStyle::Standard);
    let large = page_of(&p, ReadingStyle::LargePrint);
    let dyslexia = page_of(&p, ReadingStyle::Dyslexia);
    assert!(standard.contains("--paper: #FFFFFF;"));
    assert!(!standard.contains("max(16pt"));
    assert!(large.contains("--body: max(16pt, 1.500rem);"));
    assert!(dyslexia.contains("--paper: #FDF6E3;"));
    assert!(dyslexia.contains("--lead: 1.5;"));
    assert!(dyslexia.contains("--word-spacing: 0.12em;"));
    assert!(dyslexia.contains("max(12pt, "));
    // Same input, same bytes.
    assert_eq!(standard, page_of(&p, ReadingStyle::Standard));
}

#[test]
fn tel_links_dial_the_digits_and_show_the_number_as_written() {
    let tel = |s: &str| crate::pack::typed::phone(s).tel();
    assert_eq!(tel("0808 800 5000"), "tel:08088005000");
    assert_eq!(tel("0800 1111"), "tel:08001111");
    assert_eq!(tel("999"), "tel:999");
    assert_eq!(tel("+44 (0)20 7946 0000"), "tel:+442079460000");
    assert_eq!(tel("01632 960123 ext 4"), "tel:01632960123;ext=4");
    assert_eq!(tel("01632 960123 x12"), "tel:01632960123;ext=12");
    assert_eq!(
        tel_link(&crate::pack::typed::phone("0344 381 4772")),
        "<a href=\"tel:03443814772\">0344 381 4772</a>"
    );
}

#[test]
fn web_addresses_get_https_and_other_schemes_are_not_linked() {
    assert_eq!(
        web_href("childline.org.uk").as_deref(),
        Some("https://childline.org.uk")
    );
    assert_eq!(
        web_href("https://www.nspcc.org.uk/").as_deref(),
        Some("https://www.nspcc.org.uk/")
    );
    assert_eq!(
        web_href("example.org:8080/a b").as_deref(),
        Some("https://example.org:8080/a%20b")
    );
    assert_eq!(web_href("javascript:alert(1)"), None);
    assert_eq!(web_link("javascript:alert(1)"), "javascript:alert(1)");
    assert_eq!(
        web_link("iwf.org.uk/report"),
        "<a href=\"https://iwf.org.uk/report\">iwf.org.uk/report</a>"
    );
    // A quote cannot leave the attribute.
    assert!(!web_link("a.org/\"><script>").contains("<script>"));
}

#[test]
fn emails_are_mailto_links_and_escaped() {
    assert_eq!(
        mail_link("help@nspcc.org.uk"),
        "<a href=\"mailto:help@nspcc.org.uk\">help@nspcc.org.uk</a>"
    );
    assert!(!mail_link("a\"b@x.org").contains("a\"b"));
}

#[test]
fn right_to_left_follows_the_script_then_the_language() {
    for rtl in ["ar", "ur-PK", "fa-IR", "he", "ps", "pa-Arab", "ckb"] {
        assert!(is_rtl(rtl), "{rtl}");
    }
    for ltr in [
        "en-GB",
        "cy",
        "pl",
        "ku-Latn",
        "pa-Guru",
        "az-Latn-AZ",
        "zh-Hant",
    ] {
        assert!(!is_rtl(ltr), "{ltr}");
    }
    assert_eq!(lang_tag("en_GB"), "en-GB");
    assert_eq!(lang_tag("en\" onload=\"x"), "enonloadx");
}

#[test]
fn base64_matches_rfc_4648() {
    // RFC 4648, section 10.
    for (plain, coded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(plain.as_bytes()), coded);
    }
}

#[test]
fn escaping_covers_text_and_attributes() {
    assert_eq!(
        esc("<b>\"Tom & Jo's\"</b>"),
        "&lt;b&gt;&quot;Tom &amp; Jo&#x27;s&quot;&lt;/b&gt;"
    );
}

#[test]
fn step_titles_run_in_with_one_full_stop() {
    assert_eq!(run_in("Stay calm"), "Stay calm.");
    assert_eq!(run_in("Why? "), "Why?");
}
