//! The contact sheet: `OUT/index.html`, drawn from the manifest after every
//! build, so it shows the whole folder. One static page (no scripts, opens
//! from disk) showing each output's first page (when built with `--png`)
//! with what it is, linking its PDF and PNGs: what a safeguarding lead
//! opens to pick what to print. An output that is out of date says so
//! first, in words: an old phone number must not look current.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::manifest::{Entry, Manifest, Status};
use super::output::{write_atomic, WriteError};
use super::plan::About;
use crate::escape::html as esc;
use crate::formats::{Format, Paper};
use crate::style::ReadingStyle;

/// Outputs by (pack, site), then audience.
type Groups<'a> = BTreeMap<(&'a str, &'a str), BTreeMap<&'a str, Vec<&'a Entry>>>;

/// The contact sheet's file name in the output folder.
pub const FILE_NAME: &str = "index.html";

/// Writes `OUT/index.html` for the folder's manifest, atomically.
pub fn write(out: &Path, manifest: &Manifest) -> Result<(), WriteError> {
    write_atomic(&out.join(FILE_NAME), html(manifest).as_bytes())
}

/// The page for a manifest: grouped by pack and site, then audience, each
/// group in a stable order, so the same manifest gives the same page.
pub fn html(manifest: &Manifest) -> String {
    let outputs: Vec<&Entry> = manifest.outputs().collect();
    let mut groups: Groups = BTreeMap::new();
    for o in outputs.iter().copied() {
        groups
            .entry((o.about.pack.as_str(), o.about.site.as_str()))
            .or_default()
            .entry(o.about.audience.as_str())
            .or_default()
            .push(o);
    }
    let mut h = String::new();
    h.push_str(HEAD);
    let files: usize = outputs.iter().map(|o| 1 + o.pngs.len()).sum();
    let _ = writeln!(
        h,
        "<p>{}, {}. Click a picture or its PDF link to open the PDF; print PDFs, not the pictures.</p>",
        crate::english::count(outputs.len(), "output"),
        crate::english::count(files, "file"),
    );
    let stale = manifest.stale();
    if stale > 0 {
        let _ = writeln!(
            h,
            "<p class=\"warn\"><strong>{} {} out of date</strong>, marked below: do not print {} until {} rebuilt.</p>",
            crate::english::count(stale, "output"),
            crate::english::agree(stale > 1, "is", "are"),
            crate::english::agree(stale > 1, "it", "them"),
            crate::english::agree(stale > 1, "it is", "they are"),
        );
    }
    for ((pack, site), audiences) in &groups {
        let first = audiences.values().flatten().next().map(|o| &o.about);
        let site_title = match first.and_then(|a| a.site_name.as_deref()) {
            Some(name) => format!("for {}", esc(name)),
            None if *site == "generic" => "generic (no school's details)".to_string(),
            None => esc(site),
        };
        let title = first.map_or(*pack, |a| a.pack_title.as_str());
        let _ = writeln!(
            h,
            "<section>\n<h2>{} &middot; {}</h2>",
            esc(title),
            site_title
        );
        // Languages are named where the group has outputs in more than
        // one: a pack in one language reads as it always did.
        let mut languages: Vec<&Vec<String>> = audiences
            .values()
            .flatten()
            .map(|o| &o.about.languages)
            .collect();
        languages.sort();
        languages.dedup();
        let named = languages.len() > 1;
        for outs in audiences.values() {
            let mut outs = outs.clone();
            outs.sort_by(|a, b| {
                order(&a.about)
                    .cmp(&order(&b.about))
                    .then_with(|| a.about.languages.cmp(&b.about.languages))
            });
            let name = &outs[0].about.audience_name;
            let _ = writeln!(h, "<h3>{}</h3>\n<ul class=\"sheet\">", esc(name));
            for o in outs {
                card(&mut h, o, named);
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// Formats in the order a reader meets them, then paper, then style.
fn order(a: &About) -> (usize, usize, usize) {
    (
        Format::ALL.iter().position(|f| *f == a.format).unwrap_or(0),
        a.paper
            .and_then(|paper| Paper::ALL.iter().position(|p| *p == paper))
            .unwrap_or(0),
        ReadingStyle::ALL
            .iter()
            .position(|s| *s == a.style)
            .unwrap_or(0),
    )
}

/// The languages of an output in words: "Welsh", "Welsh and English
/// (bilingual)"; a language packpress has no name for by its tag.
pub fn language_names(tags: &[String]) -> String {
    let names: Vec<String> = tags
        .iter()
        .map(|t| {
            crate::labels::Locale::parse(t)
                .ok()
                .and_then(|l| l.language_name())
                .map_or_else(|| t.clone(), str::to_string)
        })
        .collect();
    match names.as_slice() {
        [one] => one.clone(),
        [] => String::new(),
        _ => format!("{} (bilingual)", names.join(" and ")),
    }
}

fn card(h: &mut String, o: &Entry, named: bool) {
    let a = &o.about;
    let stale = match &o.status {
        Status::Stale(why) => Some(why.as_str()),
        _ => None,
    };
    let mut style = a.style.name().replace('-', " ");
    if named && !a.languages.is_empty() {
        style = format!("{style}, {}", language_names(&a.languages));
    }
    let what = match a.paper {
        Some(paper) => format!(
            "{} ({}, {style})",
            title_case(a.format.name()),
            paper_name(paper),
        ),
        None => format!("Web page ({style})"),
    };
    if a.format == Format::Web {
        web_card(h, o, &what, stale);
        return;
    }
    let pdf = href(&o.pdf.path);
    h.push_str(if stale.is_some() {
        "<li class=\"stale\">\n"
    } else {
        "<li>\n"
    });
    // Said before the picture: a reader (or a screen reader) meets it first.
    if let Some(why) = stale {
        let _ = writeln!(
            h,
            "<p class=\"badge\"><strong>Out of date: do not print.</strong> {}.</p>",
            esc(why)
        );
    }
    if let Some(png) = o.pngs.first() {
        let _ = writeln!(
            h,
            "<a href=\"{pdf}\"><img src=\"{}\" alt=\"First page of the {} ({}, {}) for {}{}\"></a>",
            href(&png.path),
            a.format.name(),
            a.paper.map(paper_name).unwrap_or_default(),
            esc(&style),
            esc(&a.audience_name.to_lowercase()),
            if stale.is_some() { ", out of date" } else { "" }
        );
    }
    let _ = writeln!(h, "<h4>{}</h4>", esc(&what));
    let _ = writeln!(
        h,
        "<p class=\"when\">{}</p>",
        match o.status {
            Status::Made => "Made by the last build",
            Status::Earlier => "From an earlier build, still current",
            Status::Stale(_) => "From an earlier build, out of date",
        }
    );
    let _ = writeln!(h, "<p>{}, {}</p>", pages(o.pdf.pages), size(o.pdf.bytes));
    let _ = write!(h, "<p><a href=\"{pdf}\">PDF</a>");
    if !o.pngs.is_empty() {
        h.push_str(" &middot; PNG:");
        for (i, png) in o.pngs.iter().enumerate() {
            let label = if o.pngs.len() == 1 {
                "page".to_string()
            } else {
                format!("{}", i + 1)
            };
            let _ = write!(
                h,
                " <a href=\"{}\" aria-label=\"PNG of page {}\">{label}</a>",
                href(&png.path),
                i + 1
            );
        }
    }
    h.push_str("</p>\n</li>\n");
}

/// A web page's card: no picture (the page is its own), what it is, its
/// size, and the link to open it.
fn web_card(h: &mut String, o: &Entry, what: &str, stale: Option<&str>) {
    h.push_str(if stale.is_some() {
        "<li class=\"stale web\">\n"
    } else {
        "<li class=\"web\">\n"
    });
    if let Some(why) = stale {
        let _ = writeln!(
            h,
            "<p class=\"badge\"><strong>Out of date: do not use.</strong> {}.</p>",
            esc(why)
        );
    }
    let _ = writeln!(h, "<h4>{}</h4>", esc(what));
    let _ = writeln!(
        h,
        "<p class=\"when\">{}</p>",
        match o.status {
            Status::Made => "Made by the last build",
            Status::Earlier => "From an earlier build, still current",
            Status::Stale(_) => "From an earlier build, out of date",
        }
    );
    let _ = writeln!(
        h,
        "<p>One page for a website or newsletter, {}</p>",
        size(o.pdf.bytes)
    );
    let _ = writeln!(
        h,
        "<p><a href=\"{}\">Open the web page</a></p>\n</li>",
        href(&o.pdf.path)
    );
}

fn pages(n: usize) -> String {
    if n == 1 {
        "1 page".into()
    } else {
        format!("{n} pages")
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn paper_name(p: Paper) -> String {
    let n = p.name();
    if n.starts_with('a') && n[1..].chars().all(|c| c.is_ascii_digit()) {
        n.to_uppercase()
    } else {
        title_case(n)
    }
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A relative path as a URL: `/` between segments, everything but
/// unreserved characters percent-encoded.
fn href(path: &Path) -> String {
    path.components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>What was built: packpress contact sheet</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 75rem; padding: 1rem; color: #1a1a1a; background: #fff; line-height: 1.4; }
h2 { border-bottom: 2px solid #1f4e79; padding-bottom: .25rem; margin-top: 2rem; }
ul.sheet { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 1.25rem; }
ul.sheet li { border: 1px solid #ccc; border-radius: 6px; padding: .5rem; }
ul.sheet img { display: block; width: 100%; height: auto; border: 1px solid #ddd; }
h4 { margin: .5rem 0 .25rem; font-size: 1rem; }
p { margin: .25rem 0; }
a { color: #1f4e79; }
a:focus { outline: 3px solid #f2a900; }
p.warn, p.badge { background: #fde2e1; color: #7a0c06; border-left: 4px solid #b3261e; padding: .25rem .5rem; }
ul.sheet li.stale { border: 2px solid #b3261e; }
ul.sheet li.stale img { opacity: .45; filter: grayscale(1); }
p.when { color: #555; font-size: .875rem; }
</style>
</head>
<body>
<main>
<h1>What was built</h1>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_in_words() {
        assert_eq!(language_names(&["cy".into()]), "Welsh");
        assert_eq!(
            language_names(&["cy".into(), "en-GB".into()]),
            "Welsh and English (bilingual)"
        );
        assert_eq!(language_names(&["xx".into()]), "xx");
    }

    #[test]
    fn text_and_paths_are_escaped() {
        assert_eq!(
            esc("<b>\"Tom & Jo's\"</b>"),
            "&lt;b&gt;&quot;Tom &amp; Jo&#x27;s&quot;&lt;/b&gt;"
        );
        assert_eq!(
            href(Path::new("e2ee/st mary's/parents/poster-a4.pdf")),
            "e2ee/st%20mary%27s/parents/poster-a4.pdf"
        );
    }
}
