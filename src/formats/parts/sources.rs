//! The reviewed date and the sources.

use crate::text::{StyledText, Weight};

use crate::formats::{Context, Languages};
use crate::model;

use super::display_url;

/// "Reviewed 22 November 2026".
pub fn reviewed_line(ctx: &Context) -> String {
    let mut line = format!(
        "{} {}",
        ctx.labels.reviewed.trim(),
        ctx.labels.date(ctx.pack.reviewed, &ctx.pack.language.tag)
    );
    // A tinted style left on white paper says what to print it on.
    if ctx.plain_paper {
        line.push_str(". ");
        line.push_str(ctx.labels.print_on_cream.trim());
    }
    line
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

/// Language `i`'s sources in an output of `langs` (brief or in full): as
/// [`sources_text`], except that sources the second language cites just
/// as the first does are printed once, in the first's, labelled in both
/// languages ("Sources / Ffynonellau: ..."), and the second's is empty.
pub fn sources_in(langs: &Languages, i: usize, brief: bool) -> Vec<StyledText> {
    let ctx = langs.get(i);
    let Some(second) = langs.second() else {
        return sources(ctx, brief);
    };
    let shared = cited(langs.first(), brief) == cited(second, brief);
    match (i, shared) {
        (0, true) => {
            let mut text = sources(ctx, brief);
            if let Some(label) = text.first_mut() {
                label.text = format!(
                    "{} / {}: ",
                    ctx.labels.sources.trim(),
                    second.labels.sources.trim()
                );
            }
            text
        }
        (_, true) => Vec::new(),
        _ => sources(ctx, brief),
    }
}

fn sources(ctx: &Context, brief: bool) -> Vec<StyledText> {
    let list = cited(ctx, brief);
    if list.is_empty() {
        return Vec::new();
    }
    let joined = if brief {
        list.join(", ")
    } else {
        list.join("; ")
    };
    vec![
        StyledText::new(format!("{}: ", ctx.labels.sources), Weight::Bold),
        StyledText::new(joined + ".", Weight::Regular),
    ]
}

/// The sources cited for the context's audience, each as printed: in
/// brief, each publisher once; in full, "Publisher, Title (site)".
fn cited(ctx: &Context, brief: bool) -> Vec<String> {
    // Each audience's own sources: a source may name who it is cited for.
    let sources: Vec<&model::Source> = ctx
        .pack
        .sources
        .iter()
        .filter(|s| s.cited_for(&ctx.audience.id))
        .collect();
    let mut list: Vec<String> = Vec::new();
    for s in sources {
        let publisher = s.publisher.as_str();
        // In brief, each publisher once: the handout and booklet give the
        // titles and addresses.
        let t = if brief {
            publisher.to_string()
        } else {
            let mut t = format!("{publisher}, {}", s.title.as_str());
            if let Some(url) = s.url.as_deref() {
                t.push_str(&format!(" ({})", display_url(url)));
            }
            t
        };
        // "CEOP Education" once, where "CEOP Education (National Crime
        // Agency)" is listed too.
        let said = |u: &String| u.starts_with(&t) || t.starts_with(u.as_str());
        let already = list.contains(&t) || (brief && list.iter().any(said));
        if !already {
            list.push(t);
        }
    }
    list
}
