//! The reviewed date and the sources.

use crate::pack::model::{self};
use crate::text::{StyledText, Weight};

use crate::formats::Context;

use super::display_url;

/// "Reviewed 22 November 2026".
pub fn reviewed_line(ctx: &Context) -> String {
    match ctx.pack.reviewed() {
        Some(d) => format!(
            "{} {}",
            ctx.labels.reviewed.trim(),
            ctx.labels.date(d, ctx.pack.locale())
        ),
        None => String::new(),
    }
}

/// The sources as rich text: "Sources: Publisher, Title (site); ...".
pub fn sources_text(ctx: &Context) -> Vec<StyledText> {
    sources(ctx, false)
}

/// The sources in brief, for small panels: each publisher once, with its
/// site ("Sources: NSPCC (www.nspcc.org.uk); ...").
pub fn sources_brief(ctx: &Context) -> Vec<StyledText> {
    sources(ctx, true)
}

fn sources(ctx: &Context, brief: bool) -> Vec<StyledText> {
    let sources = &ctx.pack.spec.pack.sources;
    if sources.is_empty() {
        return Vec::new();
    }
    let mut list: Vec<String> = Vec::new();
    let mut sites: Vec<String> = Vec::new();
    for s in sources {
        let url = model::given(&s.url).map(display_url);
        // In brief, each site once.
        if brief && url.as_ref().is_some_and(|u| sites.contains(u)) {
            continue;
        }
        let mut t = s.publisher.get_ref().trim().to_string();
        if !brief {
            t = format!("{t}, {}", s.title.get_ref().trim());
        }
        if let Some(url) = url {
            t.push_str(&format!(" ({url})"));
            sites.push(url);
        }
        if !list.contains(&t) {
            list.push(t);
        }
    }
    vec![
        StyledText::new(format!("{}: ", ctx.labels.sources), Weight::Bold),
        StyledText::new(list.join("; ") + ".", Weight::Regular),
    ]
}
