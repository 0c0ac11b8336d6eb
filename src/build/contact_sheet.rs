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
    let filters = Filters::of(&groups);
    let mut h = String::new();
    h.push_str(HEAD);
    filters.rules(&mut h);
    h.push_str(HEAD_END);
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
    let gave = outputs.iter().filter(|o| !o.notes.is_empty()).count();
    if gave > 0 {
        let _ = writeln!(
            h,
            "<p class=\"gave\">{} gave way to fit (tighter spacing, smaller decoration, or fewer words in their helplines): each says what beside it.</p>",
            crate::english::count(gave, "output"),
        );
    }
    filters.form(&mut h);
    for (i, ((pack, site), audiences)) in groups.iter().enumerate() {
        let first = audiences.values().flatten().next().map(|o| &o.about);
        let site_title = site_title(first, site);
        let title = first.map_or(*pack, |a| a.pack_title.as_str());
        let _ = writeln!(
            h,
            "<section data-site=\"{i}\">\n<h2>{} &middot; {}</h2>",
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
            let _ = writeln!(
                h,
                "<div data-audience=\"{}\">\n<h3>{}</h3>\n<ul class=\"sheet\">",
                filters.audience_index(&outs[0].about.audience),
                esc(name)
            );
            for o in outs {
                card(&mut h, o, named, &filters);
            }
            h.push_str("</ul>\n</div>\n");
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

/// A site group's title: "for Hillside Academy", or the generic outputs'.
fn site_title(first: Option<&About>, site: &str) -> String {
    match first.and_then(|a| a.site_name.as_deref()) {
        Some(name) => format!("for {}", esc(name)),
        None if site == "generic" => "generic (no school's details)".to_string(),
        None => esc(site),
    }
}

/// The filters at the top of the sheet: one group of radio buttons per
/// way of choosing (school, audience, format, style, language), each
/// with "All" first, shown where there is more than one to choose from.
/// They work with no script (the sheet has none): a CSS rule per choice
/// hides what it does not match (`:has()`, in every current browser).
struct Filters {
    /// The sites' titles, in the sheet's order (section `data-site`).
    sites: Vec<String>,
    /// The audiences: (id, name), by id (`data-audience`).
    audiences: Vec<(String, String)>,
    /// The formats there are, in the order a reader meets them.
    formats: Vec<Format>,
    /// The styles there are.
    styles: Vec<ReadingStyle>,
    /// The languages there are (a bilingual edition's two as one).
    languages: Vec<Vec<String>>,
}

impl Filters {
    fn of(groups: &Groups) -> Filters {
        let entries = || groups.values().flat_map(|a| a.values()).flatten();
        let packs: std::collections::BTreeSet<&str> = groups.keys().map(|(p, _)| *p).collect();
        let sites = groups
            .iter()
            .map(|((pack, site), audiences)| {
                let first = audiences.values().flatten().next().map(|o| &o.about);
                let title = match first.and_then(|a| a.site_name.as_deref()) {
                    Some(name) => esc(name),
                    None if *site == "generic" => "No school (generic)".to_string(),
                    None => esc(site),
                };
                if packs.len() > 1 {
                    let pack_title = first.map_or(*pack, |a| a.pack_title.as_str());
                    format!("{} &middot; {title}", esc(pack_title))
                } else {
                    title
                }
            })
            .collect();
        let mut audiences: Vec<(String, String)> = entries()
            .map(|o| (o.about.audience.clone(), o.about.audience_name.clone()))
            .collect();
        audiences.sort();
        audiences.dedup_by(|a, b| a.0 == b.0);
        let formats = Format::ALL
            .iter()
            .copied()
            .filter(|f| entries().any(|o| o.about.format == *f))
            .collect();
        let styles = ReadingStyle::ALL
            .iter()
            .copied()
            .filter(|s| entries().any(|o| o.about.style == *s))
            .collect();
        let mut languages: Vec<Vec<String>> =
            entries().map(|o| o.about.languages.clone()).collect();
        languages.sort();
        languages.dedup();
        Filters {
            sites,
            audiences,
            formats,
            styles,
            languages,
        }
    }

    fn audience_index(&self, id: &str) -> usize {
        self.audiences
            .iter()
            .position(|(a, _)| a == id)
            .unwrap_or(0)
    }

    fn language_index(&self, tags: &[String]) -> usize {
        self.languages.iter().position(|l| l == tags).unwrap_or(0)
    }

    /// Each group: its name (the radio group's and the data attribute's
    /// suffix), legend, the element it hides, and its choices' labels
    /// (already HTML).
    fn groups(&self) -> Vec<(&'static str, &'static str, &'static str, Vec<String>)> {
        vec![
            ("site", "School", "section", self.sites.clone()),
            (
                "audience",
                "Audience",
                "div",
                self.audiences.iter().map(|(_, n)| esc(n)).collect(),
            ),
            (
                "format",
                "Format",
                "li",
                self.formats
                    .iter()
                    .map(|f| match f {
                        Format::Web => "Web page".to_string(),
                        f => title_case(f.name()),
                    })
                    .collect(),
            ),
            (
                "style",
                "Style",
                "li",
                self.styles
                    .iter()
                    .map(|s| title_case(&s.name().replace('-', " ")))
                    .collect(),
            ),
            (
                "lang",
                "Language",
                "li",
                self.languages
                    .iter()
                    .map(|l| esc(&language_names(l)))
                    .collect(),
            ),
        ]
    }

    /// The CSS that hides what a checked choice does not match.
    fn rules(&self, h: &mut String) {
        for (name, _, element, choices) in self.groups() {
            if choices.len() < 2 {
                continue;
            }
            for i in 0..choices.len() {
                let _ = writeln!(
                    h,
                    "body:has(#f-{name}-{i}:checked) {element}[data-{name}]:not([data-{name}=\"{i}\"]) {{ display: none; }}"
                );
            }
        }
    }

    /// The form of radio buttons, where there is anything to choose.
    fn form(&self, h: &mut String) {
        let groups: Vec<_> = self
            .groups()
            .into_iter()
            .filter(|(_, _, _, c)| c.len() > 1)
            .collect();
        if groups.is_empty() {
            return;
        }
        h.push_str("<form class=\"filters\" aria-label=\"Show only\">\n");
        for (name, legend, _, choices) in groups {
            let _ = writeln!(h, "<fieldset>\n<legend>{legend}</legend>");
            let _ = writeln!(
                h,
                "<input type=\"radio\" name=\"{name}\" id=\"f-{name}-all\" checked><label for=\"f-{name}-all\">All</label>"
            );
            for (i, label) in choices.iter().enumerate() {
                let _ = writeln!(
                    h,
                    "<input type=\"radio\" name=\"{name}\" id=\"f-{name}-{i}\"><label for=\"f-{name}-{i}\">{label}</label>"
                );
            }
            h.push_str("</fieldset>\n");
        }
        h.push_str("</form>\n");
    }

    /// The data attributes of an output's card.
    fn data(&self, a: &About) -> String {
        format!(
            " data-format=\"{}\" data-style=\"{}\" data-lang=\"{}\"",
            self.formats
                .iter()
                .position(|f| *f == a.format)
                .unwrap_or(0),
            self.styles.iter().position(|s| *s == a.style).unwrap_or(0),
            self.language_index(&a.languages)
        )
    }
}

/// What an output gave up to fit, beside it, as its build said it.
fn notes(h: &mut String, o: &Entry) {
    if o.notes.is_empty() {
        return;
    }
    h.push_str("<div class=\"notes\"><p><strong>Gave way to fit:</strong></p>\n<ul>\n");
    for n in &o.notes {
        let _ = writeln!(h, "<li>{}</li>", esc(&n.replace('`', "")));
    }
    h.push_str("</ul></div>\n");
}

fn card(h: &mut String, o: &Entry, named: bool, filters: &Filters) {
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
    let data = filters.data(a);
    if a.format == Format::Web {
        web_card(h, o, &what, stale, &data);
        return;
    }
    let pdf = href(&o.pdf.path);
    let _ = writeln!(
        h,
        "<li{}{data}>",
        if stale.is_some() {
            " class=\"stale\""
        } else {
            ""
        }
    );
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
    notes(h, o);
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
fn web_card(h: &mut String, o: &Entry, what: &str, stale: Option<&str>, data: &str) {
    let _ = writeln!(
        h,
        "<li class=\"{}web\"{data}>",
        if stale.is_some() { "stale " } else { "" }
    );
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
div.notes { background: #fff4d6; border-left: 4px solid #8a5a00; padding: .25rem .5rem; margin: .25rem 0; font-size: .875rem; }
div.notes ul { margin: .25rem 0; padding-left: 1.1rem; }
p.gave { background: #fff4d6; border-left: 4px solid #8a5a00; padding: .25rem .5rem; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: 1rem 0; }
form.filters fieldset { border: 1px solid #ccc; border-radius: 6px; padding: .25rem .75rem .5rem; }
form.filters legend { font-weight: bold; }
form.filters label { margin-right: .75rem; white-space: nowrap; }
form.filters input:focus-visible + label { outline: 3px solid #f2a900; }
"#;

/// After the filter rules: the end of the head, and the page's heading.
const HEAD_END: &str = r#"</style>
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
