//! The web format (`-f web`): one self-contained, accessible HTML page for
//! an audience, from the same content as the print formats and in their
//! reading order: the band (site, logo, audience, headline, strapline), the
//! key points, every section, the call to action, the school's contacts,
//! the helplines and the emergency line, then the sources and the reviewed
//! date.
//!
//! A school pastes it into its website or sends it in a newsletter, so the
//! page stands alone: its styles are inline, it has no script, and it
//! fetches nothing (no web fonts; a site's logo is a `data:` URI; the
//! pack's address is a link, not a QR code). Every phone number is a
//! `tel:` link, every email a `mailto:` link, every web address a real
//! link. Every word the page prints itself comes from the pack's
//! [`Labels`], so a pack in another language gets a page in it, with
//! `lang` (and `dir="rtl"` for right-to-left locales) set from its locale.
//!
//! Nothing here lays anything out: the browser does. The reading styles
//! become CSS: large print sets nothing under 16 pt, dyslexia sets running
//! text 1.5 apart, ragged, never italic, on the style's cream paper.

use std::fmt::Write as _;

use super::Context;
use crate::date::Date;
use crate::escape::html as esc;
use crate::labels::{Direction, Labels, Locale};
use crate::markup::{Block, Span};
use crate::model::{Audience, Helpline, Pack, Site};
use crate::style::{Palette, ReadingStyle};

/// The tallest a logo is kept, in pixels: twice the largest it is shown
/// (large print's 7.5 rem at 16 px), so it is sharp on a high-density
/// screen without making the page heavy.
const LOGO_MAX_HEIGHT_PX: u32 = 240;
/// The widest a logo is kept, in pixels.
const LOGO_MAX_WIDTH_PX: u32 = 720;

/// Everything one web page is made from: what a format's [`Context`]
/// holds, less what only print needs (paper, typesetter, bleed).
#[derive(Clone, Copy)]
pub struct WebPage<'a> {
    /// The pack.
    pub pack: &'a Pack,
    /// The audience.
    pub audience: &'a Audience,
    /// The school or club the page is made for, if any.
    pub site: Option<&'a Site>,
    /// The reading style.
    pub style: ReadingStyle,
    /// The words the page prints itself.
    pub labels: &'a Labels,
    /// The colours (a site's colour already in place of the primary).
    pub palette: Palette,
    /// The dyslexia style on white, saying "Print on cream paper".
    pub plain_paper: bool,
}

impl<'a> WebPage<'a> {
    /// The page for the output a format's context describes.
    pub fn of(ctx: &'a Context) -> WebPage<'a> {
        WebPage {
            pack: ctx.pack,
            audience: ctx.audience,
            site: ctx.site,
            style: ctx.style,
            labels: ctx.labels,
            palette: ctx.palette,
            plain_paper: ctx.plain_paper,
        }
    }
}

/// Why a web page could not be made.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The site's logo, good when the site was read, could not be decoded
    /// or encoded again.
    #[error("the site's logo cannot be used: {0}")]
    Logo(String),
}

/// The page, as UTF-8 HTML. The same input gives the same bytes.
pub fn render(page: &WebPage) -> Result<String, HtmlError> {
    let a = page.audience;
    let pack = page.pack;
    let locale = lang_tag(&pack.language.tag);
    let mut h = String::with_capacity(24 * 1024);
    h.push_str("<!DOCTYPE html>\n");
    let dir = if is_rtl(&locale) { " dir=\"rtl\"" } else { "" };
    let _ = writeln!(h, "<html lang=\"{}\"{dir}>", esc(&locale));
    h.push_str("<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        h,
        "<title>{}: {}</title>",
        esc(&pack.title),
        esc(&a.headline)
    );
    if let Some(summary) = a.strapline.as_deref().or(pack.summary.as_deref()) {
        let _ = writeln!(
            h,
            "<meta name=\"description\" content=\"{}\">",
            esc(summary)
        );
    }
    h.push_str("<meta name=\"generator\" content=\"packpress\">\n");
    // No `referrer` is ever sent: nothing is fetched, and a link followed
    // from a safeguarding page tells the next site nothing.
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(h, "<style>\n{}</style>", css(page));
    h.push_str("</head>\n<body>\n");
    // The help, one keystroke away: the skip link's words are the
    // helplines' heading.
    let _ = writeln!(
        h,
        "<a class=\"skip\" href=\"#help\">{}</a>",
        esc(page.labels.helplines.trim())
    );

    band(&mut h, page)?;

    h.push_str("<main>\n");
    key_points(&mut h, page.audience);
    sections(&mut h, page.audience);
    if let Some(cta) = &a.call_to_action {
        let _ = writeln!(h, "<p class=\"cta\">{}</p>", esc(cta));
    }
    if let Some(url) = &pack.url {
        let _ = writeln!(
            h,
            "<p class=\"more\">{}: {}</p>",
            esc(&page.labels.more_advice),
            web_link(url)
        );
    }
    talk_to_us(&mut h, page, None);
    helplines(&mut h, page, None);
    h.push_str("</main>\n");

    footer(&mut h, page);
    h.push_str("</body>\n</html>\n");
    Ok(h)
}

/// A bilingual edition's page (issue 16): all of the first language (its
/// band, key points, sections and call to action), the help once with both
/// languages' words, then all of the second language, in the order a
/// screen reader reads the PDF. Each language's part and each of its
/// sections carries its `lang` and `dir`.
pub fn render_bilingual(first: &WebPage, second: &WebPage) -> Result<String, HtmlError> {
    let a = first.audience;
    let b = second.audience;
    let pack = first.pack;
    let locale = lang_tag(&pack.language.tag);
    let mut h = String::with_capacity(48 * 1024);
    h.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(h, "<html lang=\"{}\"{}>", esc(&locale), dir_attr(&locale));
    h.push_str("<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        h,
        "<title>{}: {} / {}</title>",
        esc(&pack.title),
        esc(&a.headline),
        esc(&b.headline)
    );
    h.push_str("<meta name=\"generator\" content=\"packpress\">\n");
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(h, "<style>\n{}</style>", css(first));
    h.push_str("</head>\n<body>\n");
    let _ = writeln!(
        h,
        "<a class=\"skip\" href=\"#help\">{}</a>",
        esc(first.labels.helplines.trim())
    );
    band(&mut h, first)?;
    h.push_str("<main>\n");
    language_part(&mut h, first, "")?;
    talk_to_us(&mut h, first, Some(second));
    helplines(&mut h, first, Some(second));
    // The second language's own band, without the site's name and logo
    // (they are the first's): a part of the page, not a second banner.
    let mut own = String::new();
    band(
        &mut own,
        &WebPage {
            site: None,
            ..*second
        },
    )?;
    let own = own
        .replacen("<header class=\"band\">", "<div class=\"band\">", 1)
        .replacen("</header>", "</div>", 1);
    let mut part = String::new();
    language_part(&mut part, second, &own)?;
    h.push_str(&part);
    h.push_str("</main>\n");
    footer(&mut h, first);
    let mut foot = String::new();
    footer(&mut foot, second);
    let tag = lang_tag(&second.pack.language.tag);
    // Ids once on the page: the second's sources heading is its own.
    let foot = foot.replace(
        "id=\"sources\"",
        &format!("id=\"{}-sources\"", esc(&tag).to_ascii_lowercase()),
    );
    h.push_str(&foot.replacen(
        "<footer>",
        &format!("<footer lang=\"{}\"{}>", esc(&tag), dir_attr(&tag)),
        1,
    ));
    h.push_str("</body>\n</html>\n");
    Ok(h)
}

/// ` dir="rtl"` or ` dir="ltr"` for a language tag.
fn dir_attr(tag: &str) -> &'static str {
    if is_rtl(tag) {
        " dir=\"rtl\""
    } else {
        " dir=\"ltr\""
    }
}

/// One language's part of a bilingual page: `lead` (its band, for the
/// second), its key points, sections (each with its `lang` and `dir`, ids
/// made unique by the language) and call to action.
fn language_part(h: &mut String, page: &WebPage, lead: &str) -> Result<(), HtmlError> {
    let tag = lang_tag(&page.pack.language.tag);
    let attrs = format!("lang=\"{}\"{}", esc(&tag), dir_attr(&tag));
    let _ = writeln!(h, "<div class=\"language\" {attrs}>");
    h.push_str(lead);
    key_points(h, page.audience);
    let mut own = String::new();
    sections(&mut own, page.audience);
    let id = esc(&tag).to_ascii_lowercase();
    let own = own
        .replace(
            "<section aria-labelledby=\"section-",
            &format!("<section {attrs} aria-labelledby=\"{id}-section-"),
        )
        .replace("<h2 id=\"section-", &format!("<h2 id=\"{id}-section-"));
    h.push_str(&own);
    if let Some(cta) = &page.audience.call_to_action {
        let _ = writeln!(h, "<p class=\"cta\">{}</p>", esc(cta));
    }
    h.push_str("</div>\n");
    Ok(())
}

/// The band: the site's name and logo, the audience, the headline (the
/// page's one `h1`) and the strapline.
fn band(h: &mut String, page: &WebPage) -> Result<(), HtmlError> {
    let a = page.audience;
    h.push_str("<header class=\"band\">\n<div class=\"inner\">\n");
    if let Some(site) = page.site {
        if let Some(logo) = &site.logo {
            let image = logo.image().map_err(|e| HtmlError::Logo(e.to_string()))?;
            let (png, w, ht) = logo_png(&image)?;
            let _ = writeln!(
                h,
                "<img class=\"logo\" src=\"data:image/png;base64,{}\" width=\"{w}\" height=\"{ht}\" alt=\"{}\">",
                base64(&png),
                esc(&page.labels.logo_alt(&site.name))
            );
        }
        let _ = writeln!(h, "<p class=\"site\">{}</p>", esc(&site.name));
    }
    let _ = writeln!(
        h,
        "<p class=\"tag\">{}</p>",
        esc(&page.labels.for_audience(&a.name))
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&a.headline));
    if let Some(strap) = &a.strapline {
        let _ = writeln!(h, "<p class=\"strap\">{}</p>", esc(strap));
    }
    h.push_str("</div>\n</header>\n");
    Ok(())
}

/// The key points, numbered as on print.
fn key_points(h: &mut String, audience: &Audience) {
    let points = &audience.key_points;
    if points.is_empty() {
        return;
    }
    h.push_str("<ol class=\"key-points\">\n");
    for p in points {
        let _ = writeln!(h, "<li>{}</li>", esc(p));
    }
    h.push_str("</ol>\n");
}

/// Every section: its heading, its paragraphs and bullets (runs of
/// bullets as one list), and its numbered steps.
fn sections(h: &mut String, audience: &Audience) {
    for (i, section) in audience.sections.iter().enumerate() {
        let blocks = &section.body;
        let id = format!("section-{}", i + 1);
        let _ = writeln!(
            h,
            "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
            esc(&section.heading)
        );
        let mut in_list = false;
        for block in blocks {
            match block {
                Block::Paragraph(spans) => {
                    if in_list {
                        h.push_str("</ul>\n");
                        in_list = false;
                    }
                    let _ = writeln!(h, "<p>{}</p>", spans_html(spans));
                }
                Block::Bullet(spans) => {
                    if !in_list {
                        h.push_str("<ul>\n");
                        in_list = true;
                    }
                    let _ = writeln!(h, "<li>{}</li>", spans_html(spans));
                }
            }
        }
        if in_list {
            h.push_str("</ul>\n");
        }
        if !section.items.is_empty() {
            h.push_str("<ol class=\"steps\">\n");
            for item in &section.items {
                let _ = writeln!(
                    h,
                    "<li><strong>{}</strong> {}</li>",
                    esc(&run_in(&item.title)),
                    esc(&item.text)
                );
            }
            h.push_str("</ol>\n");
        }
        h.push_str("</section>\n");
    }
}

/// A step's title as print sets it, run in: a full stop unless it ends in
/// punctuation already.
fn run_in(title: &str) -> String {
    let t = title.trim();
    if t.ends_with(['.', '?', '!', ':']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Markup spans, `**bold**` as `strong`.
fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        if s.bold {
            let _ = write!(out, "<strong>{}</strong>", esc(&s.text));
        } else {
            out.push_str(&esc(&s.text));
        }
    }
    out
}

/// The school's contacts under "Talk to us: <school>".
fn talk_to_us(h: &mut String, page: &WebPage, second: Option<&WebPage>) {
    let Some(site) = page.site else {
        return;
    };
    if site.contacts.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section aria-labelledby=\"talk\">\n<h2 id=\"talk\">{}: {}{}</h2>\n<ul class=\"boxes contacts\">",
        esc(page.labels.talk_to_us.trim()),
        esc(&site.name),
        second.map(|s| in_language(s, &s.labels.talk_to_us)).unwrap_or_default()
    );
    for c in &site.contacts {
        h.push_str("<li>\n");
        let _ = writeln!(h, "<p class=\"role\">{}</p>", esc(&c.role));
        let _ = writeln!(h, "<h3 class=\"name\">{}</h3>", esc(&c.name));
        if let Some(phone) = &c.phone {
            let _ = writeln!(h, "<p class=\"number\">{}</p>", tel_link(phone));
        }
        if let Some(email) = &c.email {
            let _ = writeln!(h, "<p class=\"address\">{}</p>", mail_link(email));
        }
        if let Some(note) = &c.note {
            let _ = writeln!(h, "<p>{}</p>", esc(note));
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ul>\n</section>\n");
}

/// "Where to get help": every helpline the audience gets, with all it
/// says, then the emergency line apart.
fn helplines(h: &mut String, page: &WebPage, second: Option<&WebPage>) {
    let (others, emergency): (Vec<&Helpline>, Vec<&Helpline>) = page
        .pack
        .helplines_for(&page.audience.id)
        .partition(|h| !h.emergency);
    let _ = writeln!(
        h,
        "<section id=\"help\" aria-labelledby=\"help-heading\" tabindex=\"-1\">\n<h2 id=\"help-heading\">{}{}</h2>",
        esc(page.labels.helplines.trim()),
        second.map(|s| in_language(s, &s.labels.helplines)).unwrap_or_default()
    );
    if !others.is_empty() {
        h.push_str("<ul class=\"boxes helplines\">\n");
        for line in others {
            helpline(h, page, line, second);
        }
        h.push_str("</ul>\n");
    }
    for line in emergency {
        let number = line.phone.as_ref().map(tel_link).unwrap_or_default();
        let _ = writeln!(
            h,
            "<div class=\"emergency\">\n<p class=\"call\">{} <span class=\"number\">{number}</span></p>\n<p>{}</p>\n</div>",
            esc(page.labels.emergency.trim()),
            esc(&line.for_whom)
        );
        // A bilingual page says it in the second language too, inside the
        // same box.
        if let Some((s, l)) = second.and_then(|s| same_line(s, line).map(|l| (s, l))) {
            let tag = lang_tag(&s.pack.language.tag);
            let number = line.phone.as_ref().map(tel_link).unwrap_or_default();
            let insert = format!(
                "<div lang=\"{}\"{}>\n<p class=\"call\">{} <span class=\"number\">{number}</span></p>\n<p>{}</p>\n</div>\n</div>",
                esc(&tag),
                dir_attr(&tag),
                esc(s.labels.emergency.trim()),
                esc(&l.for_whom)
            );
            if h.ends_with("</div>\n") {
                h.truncate(h.len() - "</div>\n".len());
                h.push_str(&insert);
                h.push('\n');
            }
        }
    }
    h.push_str("</section>\n");
}

/// One helpline: its name, its main number or address large, the other
/// ways to reach it, who it is for, its hours and cost.
fn helpline(h: &mut String, page: &WebPage, line: &Helpline, second: Option<&WebPage>) {
    h.push_str("<li>\n");
    let _ = writeln!(h, "<h3>{}</h3>", esc(&line.name));
    // The main contact first and large, as print has it: the phone
    // number, else the web address, else the email, else the text number;
    // then the other ways to reach it.
    let ways = [
        line.phone.as_deref(),
        line.url.as_deref(),
        line.email.as_deref(),
        line.sms.as_deref(),
    ];
    let main = ways.iter().flatten().next().copied();
    let link = |kind: usize, s: &str| match kind {
        0 => line.phone.as_ref().map(tel_link).unwrap_or_default(),
        1 => web_link(s),
        2 => mail_link(s),
        _ => line
            .sms
            .as_ref()
            .map(|n| sms_link(page.labels, n))
            .unwrap_or_default(),
    };
    if let Some((kind, s)) = ways.iter().enumerate().find_map(|(k, w)| w.map(|s| (k, s))) {
        // A web address or email is long: smaller, and free to wrap on a
        // narrow screen; a phone number is never broken.
        let class = if kind == 0 {
            "number"
        } else {
            "number address"
        };
        let _ = writeln!(h, "<p class=\"{class}\">{}</p>", link(kind, s));
    }
    // In print's order: text, web, email.
    for kind in [3, 1, 2] {
        if let Some(s) = ways[kind].filter(|s| Some(*s) != main) {
            let _ = writeln!(h, "<p class=\"address\">{}</p>", link(kind, s));
        }
    }
    let _ = writeln!(h, "<p>{}</p>", esc(&line.for_whom));
    for extra in [&line.hours, &line.cost].into_iter().flatten() {
        let _ = writeln!(h, "<p class=\"small\">{}</p>", esc(extra));
    }
    // A bilingual page: the same helpline's words in the second language
    // (its number is given once, above).
    if let Some((s, l)) = second.and_then(|s| same_line(s, line).map(|l| (s, l))) {
        let tag = lang_tag(&s.pack.language.tag);
        let _ = writeln!(h, "<div lang=\"{}\"{}>", esc(&tag), dir_attr(&tag));
        if l.name != line.name {
            let _ = writeln!(h, "<p class=\"name\">{}</p>", esc(&l.name));
        }
        let _ = writeln!(h, "<p>{}</p>", esc(&l.for_whom));
        for extra in [&l.hours, &l.cost].into_iter().flatten() {
            let _ = writeln!(h, "<p class=\"small\">{}</p>", esc(extra));
        }
        h.push_str("</div>\n");
    }
    h.push_str("</li>\n");
}

/// The helpline of `page`'s pack with `line`'s id: the same helpline in
/// a bilingual page's second language.
fn same_line<'a>(page: &WebPage<'a>, line: &Helpline) -> Option<&'a Helpline> {
    page.pack
        .helplines_for(&page.audience.id)
        .find(|h| h.id == line.id)
}

/// A label in a bilingual page's second language, after the first's:
/// " / <span lang="en-GB">Where to get help</span>".
fn in_language(page: &WebPage, text: &str) -> String {
    let tag = lang_tag(&page.pack.language.tag);
    format!(
        " / <span lang=\"{}\"{}>{}</span>",
        esc(&tag),
        dir_attr(&tag),
        esc(text.trim())
    )
}

/// The sources in full, and the reviewed date.
fn footer(h: &mut String, page: &WebPage) {
    h.push_str("<footer>\n<div class=\"inner\">\n");
    let mut list: Vec<String> = Vec::new();
    for s in page
        .pack
        .sources
        .iter()
        .filter(|s| s.cited_for(&page.audience.id))
    {
        let mut item = format!("{}, {}", esc(&s.publisher), esc(&s.title));
        if let Some(url) = &s.url {
            let _ = write!(item, " ({})", web_link(url));
        }
        if !list.contains(&item) {
            list.push(item);
        }
    }
    if !list.is_empty() {
        let _ = writeln!(
            h,
            "<h2 id=\"sources\">{}</h2>\n<ul class=\"sources\">",
            esc(page.labels.sources.trim())
        );
        for item in list {
            let _ = writeln!(h, "<li>{item}</li>");
        }
        h.push_str("</ul>\n");
    }
    let r = reviewed(page, page.pack.reviewed);
    if page.plain_paper {
        let c = esc(page.labels.print_on_cream.trim());
        let _ = writeln!(h, "<p class=\"reviewed\">{r}. {c}</p>");
    } else {
        let _ = writeln!(h, "<p class=\"reviewed\">{r}</p>");
    }
    h.push_str("</div>\n</footer>\n");
}

/// "Reviewed 22 November 2026", the date machine-readable too.
fn reviewed(page: &WebPage, d: Date) -> String {
    format!(
        "{} <time datetime=\"{}\">{}</time>",
        esc(page.labels.reviewed.trim()),
        d.iso(),
        esc(&page.labels.date(d, &page.pack.language.tag))
    )
}

/// A locale as an HTML `lang` value (BCP 47 uses `-`, not `_`).
/// The families the PDF sets the pack's script in, for the page's font
/// list after the theme font: those `[theme.fonts]` names, then the
/// built-in fallback for the locale's script (a reader who has them sees
/// the page as printed). Nothing for a Latin pack, whose page is as it was.
fn script_fonts(pack: &Pack) -> String {
    let mut names: Vec<String> = pack.theme.script_families.clone();
    let language = pack.language.locale.language().to_ascii_lowercase();
    let fallback = match language.as_str() {
        "ar" | "ur" | "fa" | "ps" | "ckb" | "sd" => Some("Noto Sans Arabic"),
        "bn" | "as" => Some("Noto Sans Bengali"),
        "pa" => Some("Noto Sans Gurmukhi"),
        _ => None,
    };
    names.extend(fallback.map(String::from));
    names
        .iter()
        .map(|n| {
            format!(
                "\"{}\", ",
                n.replace(['"', '\\', '<', '>', '{', '}', ';'], "")
            )
        })
        .collect()
}

fn lang_tag(locale: &str) -> String {
    let tag: String = locale
        .trim()
        .chars()
        .map(|c| if c == '_' { '-' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if tag.is_empty() {
        "en-GB".to_string()
    } else {
        tag
    }
}

/// Whether a language tag is written right to left: the locale's own
/// direction ([`Locale::direction`]), which the PDF and PNG follow too.
pub fn is_rtl(tag: &str) -> bool {
    Locale::parse(tag).is_ok_and(|l| l.direction() == Direction::RightToLeft)
}

/// The logo as PNG bytes, no larger than the page needs, with its size in
/// pixels.
fn logo_png(image: &crate::images::Image) -> Result<(Vec<u8>, u32, u32), HtmlError> {
    let bad = |e: &dyn std::fmt::Display| HtmlError::Logo(e.to_string());
    let rgba = image::RgbaImage::from_raw(image.width, image.height, image.rgba.clone())
        .ok_or_else(|| bad(&"its pixels do not match its size"))?;
    let scale = (LOGO_MAX_HEIGHT_PX as f64 / image.height.max(1) as f64)
        .min(LOGO_MAX_WIDTH_PX as f64 / image.width.max(1) as f64)
        .min(1.0);
    let rgba = if scale < 1.0 {
        let w = ((image.width as f64 * scale).round() as u32).max(1);
        let h = ((image.height as f64 * scale).round() as u32).max(1);
        image::imageops::resize(&rgba, w, h, image::imageops::FilterType::Triangle)
    } else {
        rgba
    };
    let (w, h) = rgba.dimensions();
    let mut png = Vec::new();
    if image.opaque {
        // No alpha channel to carry: a quarter smaller.
        image::DynamicImage::ImageRgba8(rgba)
            .to_rgb8()
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| bad(&e))?;
    } else {
        rgba.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| bad(&e))?;
    }
    Ok((png, w, h))
}

/// Standard base64 (RFC 4648), with padding.
fn base64(bytes: &[u8]) -> String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The stylesheet: the page's palette and its reading style's sizes and
/// spacing as custom properties, then `web.css`, which uses them. Only
/// the pairs of colours `check` has measured for contrast are put
/// together: ink, primary and muted text on paper; text on primary and on
/// accent; ink and primary on the tint.
fn css(page: &WebPage) -> String {
    let p = &page.palette;
    let large = page.style == ReadingStyle::LargePrint;
    let dyslexia = page.style == ReadingStyle::Dyslexia;
    // A size in rem (so the reader's own default size counts), scaled for
    // large print, and never under the style's smallest size whatever that
    // default: 16 pt in large print (UKAAF), 12 pt for dyslexia (BDA).
    let fs = |rem: f32| -> String {
        match page.style {
            ReadingStyle::LargePrint => format!("max(16pt, {:.3}rem)", rem * 4.0 / 3.0),
            ReadingStyle::Dyslexia => format!("max(12pt, {rem}rem)"),
            ReadingStyle::Standard => format!("{rem}rem"),
        }
    };
    // The British Dyslexia Association asks for more space between letters
    // and words than is usual.
    let (letters, words) = if dyslexia {
        ("0.03em", "0.12em")
    } else {
        ("normal", "normal")
    };
    let vars: [(&str, String); 25] = [
        ("paper", p.paper.to_string()),
        ("ink", p.ink.to_string()),
        ("primary", p.primary.to_string()),
        ("on-primary", p.on_primary.to_string()),
        ("accent", p.accent.to_string()),
        ("on-accent", p.on_accent.to_string()),
        ("tint", p.tint.to_string()),
        ("muted", p.muted.to_string()),
        (
            "fonts",
            format!(
                "\"Atkinson Hyperlegible Next\", \"Atkinson Hyperlegible\", {}Verdana, Tahoma, Arial, \"Helvetica Neue\", Helvetica, sans-serif",
                script_fonts(page.pack)
            ),
        ),
        ("body", fs(1.125)),
        ("small", fs(0.9375)),
        ("lead", if dyslexia { "1.5" } else { "1.45" }.to_string()),
        ("letter-spacing", letters.to_string()),
        ("word-spacing", words.to_string()),
        ("logo-h", if large { "7.5rem" } else { "5rem" }.to_string()),
        ("site", fs(1.0625)),
        ("tag", fs(0.9375)),
        // On a phone a large-print headline gives way to the screen's
        // width before a long word would run off it (WCAG 1.4.10), and is
        // still larger than the standard one there.
        (
            "h1",
            if large {
                "max(16pt, min(3rem, 13vw))".to_string()
            } else {
                fs(2.25)
            },
        ),
        ("strap", fs(1.25)),
        ("kp", fs(1.1875)),
        ("h2", fs(1.5)),
        ("cta", fs(1.1875)),
        ("number", fs(1.5)),
        ("web", fs(1.1875)),
        ("emergency", fs(2.25)),
    ];
    let mut out = String::from(":root {\n");
    for (name, value) in &vars {
        let _ = writeln!(out, "  --{name}: {value};");
    }
    out.push_str("}\n");
    out.push_str(include_str!("web.css"));
    out
}

mod links;
#[cfg(test)]
mod tests;

use links::{mail_link, sms_link, tel_link};
pub use links::{web_href, web_link};
