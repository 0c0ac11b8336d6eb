//! Whether a translation lines up with the text it translates: the same
//! key points, sections (of the same kinds), items and helplines, in the
//! same order, and every word the pack's own language gives given in the
//! other too. Layouts pair the two languages block by block, and a school
//! prints one language as the other's equal: a section or a helpline's
//! hours missing from one is advice missing from it.
//!
//! Each finding points at the first place the two stop lining up, in both
//! files: the translation's, and the pack's own.

use std::ops::Range;

use super::model::{self, Text};
use super::{Audience, Pack, Translation};
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::english::{count, join_and};
use crate::labels::Locale;
use crate::markup::Block;
use crate::suggest::closest;

/// The two languages, named for messages, and the files' paths.
struct Pair<'r> {
    /// The pack's own language: "English".
    own: String,
    /// The translation's: "Welsh".
    theirs: String,
    /// The report, for paths and sources.
    report: &'r Report,
}

impl Pair<'_> {
    fn path(&self, file: FileId) -> String {
        self.report.path(file).display().to_string()
    }
}

/// A language's name for messages: "Welsh", or its tag.
fn name(l: Option<&Locale>) -> String {
    match l {
        Some(l) => l
            .language_name()
            .map_or_else(|| format!("`{l}`"), str::to_string),
        None => "the pack's language".to_string(),
    }
}

/// Checks that a translation lines up with the pack's own language:
/// every audience it translates, the helplines' words and the sources.
/// Notes the audiences it does not translate.
pub fn check(own: &Pack, t: &Translation, report: &mut Report) {
    let mut found = Vec::new();
    {
        let pair = Pair {
            own: name(own.language()),
            theirs: name(Some(&t.locale)),
            report,
        };
        for a in &t.pack.audiences {
            if let Some(original) = own.audience(&a.id) {
                audience(original, a, &pair, &mut found);
            }
        }
        helplines(own, t, &pair, &mut found);
        sources(own, t, &pair, &mut found);
        summary(own, t, &pair, &mut found);
        let left: Vec<&str> = own
            .audiences
            .iter()
            .filter(|a| t.pack.audience(&a.id).is_none())
            .map(|a| a.id.as_str())
            .collect();
        if !left.is_empty() {
            let done: Vec<&str> = t.pack.audiences.iter().map(|a| a.id.as_str()).collect();
            found.push(
                Diagnostic::note(format!(
                    "{} has {} of the pack's {} audiences ({}); {} {} made in {} only",
                    pair.theirs,
                    done.len(),
                    own.audiences.len(),
                    join_and(&done),
                    join_and(&left),
                    crate::english::agree(left.len() > 1, "is", "are"),
                    pair.own
                ))
                .in_file(t.file)
                .help(format!(
                    "a translation of an audience is audiences/<id>.{}.toml, with the same sections as audiences/<id>.toml",
                    file_tag(report, t)
                )),
            );
        }
    }
    for d in found {
        report.push(d);
    }
}

/// The language's tag as the translation file's name writes it.
fn file_tag(report: &Report, t: &Translation) -> String {
    report.path(t.file).file_stem().map_or_else(
        || t.locale.to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Where a `[name]` table header is in a file, else its first byte.
fn header(report: &Report, file: FileId, table: &str) -> Range<usize> {
    super::table_header(report.source(file), table).unwrap_or(0..1)
}

fn audience(o: &Audience, t: &Audience, p: &Pair, out: &mut Vec<Diagnostic>) {
    let (om, tm) = (&o.spec.audience, &t.spec.audience);
    let id = &o.id;
    let (ok, tk) = (om.key_points.get_ref(), tm.key_points.get_ref());
    if ok.len() != tk.len() {
        let d = Diagnostic::error(format!(
            "`{id}` has {} in {} and {} in {}: a translation has the same key points, in the same order",
            count(ok.len(), "key point"),
            p.own,
            tk.len(),
            p.theirs
        ))
        .help(format!(
            "translate each key point of {} once, in its order, in {}",
            p.path(o.file),
            p.path(t.file)
        ));
        out.push(match (ok.get(tk.len()), tk.get(ok.len())) {
            (Some(missing), _) => d
                .at(t.file, tm.key_points.span())
                .label(format!("{} in {}", count(tk.len(), "key point"), p.theirs))
                .also(
                    o.file,
                    missing.span(),
                    format!("key point {} has no {} translation", tk.len() + 1, p.theirs),
                ),
            (_, Some(extra)) => d
                .at(t.file, extra.span())
                .label(format!("no {} key point matches this one", p.own))
                .also(
                    o.file,
                    om.key_points.span(),
                    format!("{} in {}", count(ok.len(), "key point"), p.own),
                ),
            _ => d,
        });
    }
    presence(o, t, &om.strapline, &tm.strapline, "strapline", p, out);
    presence(
        o,
        t,
        &om.call_to_action,
        &tm.call_to_action,
        "call_to_action",
        p,
        out,
    );
    // Absent, the translation takes the pack's own (see `with_translations`).
    if let (Some(tmain), Some(omain)) = (&tm.main_helpline, &om.main_helpline) {
        if tmain.get_ref().trim() != omain.get_ref().trim() {
            out.push(
                Diagnostic::error(format!(
                    "`{id}` leads its wallet card with `{}` in {} and `{}` in {}",
                    omain.get_ref().trim(),
                    p.own,
                    tmain.get_ref().trim(),
                    p.theirs
                ))
                .at(t.file, tmain.span())
                .label(format!("in {}", p.theirs))
                .also(o.file, omain.span(), format!("in {}", p.own))
                .help("main_helpline is an id, the same in every language: leave it out of the translation"),
            );
        }
    } else if let (Some(tmain), None) = (&tm.main_helpline, &om.main_helpline) {
        out.push(
            Diagnostic::error(format!(
                "`{id}` names a main_helpline in {} and none in {}",
                p.theirs, p.own
            ))
            .at(t.file, tmain.span())
            .label(format!("in {}", p.theirs))
            .also(o.file, header(p.report, o.file, "audience"), format!("no main_helpline in {}", p.own))
            .help("main_helpline is an id, the same in every language: give it in the pack's own language's file only"),
        );
    }
    sections(o, t, p, out);
}

/// The text, unless it is absent or blank.
fn given(x: &Option<Text>) -> Option<&Text> {
    x.as_ref().filter(|t| !t.get_ref().trim().is_empty())
}

/// A text one language gives and the other does not.
#[allow(clippy::too_many_arguments)]
fn presence(
    o: &Audience,
    t: &Audience,
    ours: &Option<Text>,
    theirs: &Option<Text>,
    key: &str,
    p: &Pair,
    out: &mut Vec<Diagnostic>,
) {
    match (given(ours), given(theirs)) {
        (Some(ours), None) => out.push(
            Diagnostic::error(format!(
                "`{}` has a {key} in {} and none in {}",
                o.id, p.own, p.theirs
            ))
            .at(t.file, header(p.report, t.file, "audience"))
            .label(format!("no {key} in this [audience]"))
            .also(o.file, ours.span(), format!("the {} {key}", p.own))
            .help(format!("give its {key} in {} in {}", p.theirs, p.path(t.file))),
        ),
        (None, Some(theirs)) => out.push(
            Diagnostic::error(format!(
                "`{}` has a {key} in {} and none in {}",
                o.id, p.theirs, p.own
            ))
            .at(t.file, theirs.span())
            .label(format!("the {} {key}", p.theirs))
            .also(
                o.file,
                header(p.report, o.file, "audience"),
                format!("no {key} in this [audience]"),
            )
            .help(format!(
                "a translation says what the pack's own language says: remove it, or give a {key} in {} too",
                p.path(o.file)
            )),
        ),
        _ => {}
    }
}

fn sections(o: &Audience, t: &Audience, p: &Pair, out: &mut Vec<Diagnostic>) {
    let (os, ts) = (&o.spec.sections, &t.spec.sections);
    let id = &o.id;
    let help = format!(
        "a translation has the same sections, of the same kinds, in the same order: add, remove or move sections of {} to match {}",
        p.path(t.file),
        p.path(o.file)
    );
    let kind = |s: &model::Section| crate::pack::schema::SECTION_KINDS[*s.kind.get_ref() as usize];
    for (i, (a, b)) in os.iter().zip(ts).enumerate() {
        if a.kind.get_ref() != b.kind.get_ref() {
            out.push(
                Diagnostic::error(format!(
                    "the sections of `{id}` stop lining up at section {}: `{}` (\"{}\") in {}, `{}` in {}",
                    i + 1,
                    kind(a),
                    a.heading.get_ref().trim(),
                    p.own,
                    kind(b),
                    p.theirs
                ))
                .at(t.file, b.kind.span())
                .label(format!("section {} in {}", i + 1, p.theirs))
                .also(o.file, a.kind.span(), format!("section {} in {}", i + 1, p.own))
                .help(help),
            );
            // Everything after one missing section is out of step: the
            // first place is what to fix.
            return;
        }
    }
    if os.len() != ts.len() {
        let d = Diagnostic::error(format!(
            "`{id}` has {} in {} and {} in {}",
            count(os.len(), "section"),
            p.own,
            ts.len(),
            p.theirs
        ))
        .help(help);
        out.push(match (os.get(ts.len()), ts.get(os.len())) {
            (Some(missing), _) => {
                let at = ts.last().map_or_else(
                    || header(p.report, t.file, "audience"),
                    |s| s.heading.span(),
                );
                d.at(t.file, at)
                    .label(format!("the last section in {}", p.theirs))
                    .also(
                        o.file,
                        missing.heading.span(),
                        format!(
                            "section {} (`{}`) has no {} translation",
                            ts.len() + 1,
                            kind(missing),
                            p.theirs
                        ),
                    )
            }
            (_, Some(extra)) => {
                let at = os.last().map_or_else(
                    || header(p.report, o.file, "audience"),
                    |s| s.heading.span(),
                );
                d.at(t.file, extra.heading.span())
                    .label(format!("no {} section matches this one", p.own))
                    .also(o.file, at, format!("the last section in {}", p.own))
            }
            _ => d,
        });
        return;
    }
    for (a, b) in os.iter().zip(ts) {
        section(o, t, a, b, p, out);
    }
    // Bullets may be reflowed by a translator, but a bullet dropped is
    // advice dropped: a difference is worth a look, not a refusal.
    let bullets = |bodies: &[Vec<Block>]| -> Vec<usize> {
        bodies
            .iter()
            .map(|b| b.iter().filter(|x| matches!(x, Block::Bullet(_))).count())
            .collect()
    };
    let (ob, tb) = (bullets(&o.bodies), bullets(&t.bodies));
    for (i, (a, b)) in ob.iter().zip(&tb).enumerate() {
        if a != b {
            let (Some(obody), Some(tbody)) = (&os[i].body, &ts[i].body) else {
                continue;
            };
            out.push(
                Diagnostic::warning(format!(
                    "the section \"{}\" of `{id}` has {} in {} and {b} in {}",
                    os[i].heading.get_ref().trim(),
                    count(*a, "bullet"),
                    p.own,
                    p.theirs
                ))
                .at(t.file, tbody.span())
                .label(format!("{} in {}", count(*b, "bullet"), p.theirs))
                .also(o.file, obody.span(), format!("{} in {}", count(*a, "bullet"), p.own))
                .help("check that nothing was left out or run together: a bullet is a line that starts with \"- \""),
            );
        }
    }
}

fn section(
    o: &Audience,
    t: &Audience,
    a: &model::Section,
    b: &model::Section,
    p: &Pair,
    out: &mut Vec<Diagnostic>,
) {
    let heading = a.heading.get_ref().trim();
    let body = |s: &model::Section| {
        s.body
            .as_ref()
            .filter(|b| !b.get_ref().trim().is_empty())
            .map(|b| b.span())
    };
    match (body(a), body(b)) {
        (Some(ours), None) => out.push(
            Diagnostic::error(format!(
                "the section \"{heading}\" of `{}` has a body in {} and none in {}",
                o.id, p.own, p.theirs
            ))
            .at(t.file, b.heading.span())
            .label(format!("no body in {}", p.theirs))
            .also(o.file, ours, format!("the {} body", p.own))
            .help(format!("translate its body into {}", p.theirs)),
        ),
        (None, Some(theirs)) => out.push(
            Diagnostic::error(format!(
                "the section \"{heading}\" of `{}` has a body in {} and none in {}",
                o.id, p.theirs, p.own
            ))
            .at(t.file, theirs)
            .label(format!("the {} body", p.theirs))
            .also(o.file, a.heading.span(), format!("no body in {}", p.own))
            .help("a translation says what the pack's own language says: remove the body, or give one in both"),
        ),
        _ => {}
    }
    let (oi, ti) = (&a.items, &b.items);
    if oi.len() != ti.len() {
        let d = Diagnostic::error(format!(
            "the section \"{heading}\" of `{}` has {} in {} and {} in {}",
            o.id,
            count(oi.len(), "item"),
            p.own,
            ti.len(),
            p.theirs
        ))
        .help(format!(
            "translate each [[sections.items]] of {} once, in its order",
            p.path(o.file)
        ));
        out.push(match (oi.get(ti.len()), ti.get(oi.len())) {
            (Some(missing), _) => {
                let at = ti
                    .last()
                    .map_or_else(|| b.heading.span(), |i| i.title.span());
                d.at(t.file, at)
                    .label(format!("the last item in {}", p.theirs))
                    .also(
                        o.file,
                        missing.title.span(),
                        format!("item {} has no {} translation", ti.len() + 1, p.theirs),
                    )
            }
            (_, Some(extra)) => {
                let at = oi
                    .last()
                    .map_or_else(|| a.heading.span(), |i| i.title.span());
                d.at(t.file, extra.title.span())
                    .label(format!("no {} item matches this one", p.own))
                    .also(o.file, at, format!("the last item in {}", p.own))
            }
            _ => d,
        });
    }
}

fn helplines(own: &Pack, t: &Translation, p: &Pair, out: &mut Vec<Diagnostic>) {
    let entries = t.spec.helplines_in_order();
    let ids: Vec<&str> = own
        .spec
        .helplines
        .iter()
        .map(|h| h.id.get_ref().as_str())
        .collect();
    let tpath = p.path(t.file);
    for (id, _) in &entries {
        if !ids.contains(&id.get_ref().as_str()) {
            let help = match closest(id.get_ref(), &ids) {
                Some(k) => format!("did you mean `{k}`? The helplines are: {}", ids.join(", ")),
                None => format!("the helplines are: {}", ids.join(", ")),
            };
            out.push(
                Diagnostic::error(format!(
                    "the pack has no helpline `{}` to translate",
                    id.get_ref()
                ))
                .at(t.file, id.span())
                .label("no helpline in pack.toml has this id")
                .help(help),
            );
        }
    }
    // Where a helpline's words go in the translation: before the first
    // helpline that comes after it in pack.toml, else after the last.
    let anchor = |index: usize, id: &str| -> (Range<usize>, String) {
        let next = entries.iter().find(|(e, _)| {
            ids.iter()
                .position(|i| *i == e.get_ref().as_str())
                .is_some_and(|j| j > index)
        });
        match (next, entries.last()) {
            (Some((e, _)), _) => (e.span(), format!("[helplines.{id}] belongs before this")),
            (None, Some((e, _))) => (e.span(), format!("[helplines.{id}] belongs after this")),
            (None, None) => (
                header(p.report, t.file, "pack"),
                format!("no [helplines.{id}] in this file"),
            ),
        }
    };
    for (index, h) in own.spec.helplines.iter().enumerate() {
        let id = h.id.get_ref();
        let shown: Vec<&str> = t
            .pack
            .audiences
            .iter()
            .filter(|a| h.shown_to(&a.id))
            .map(|a| a.id.as_str())
            .collect();
        if shown.is_empty() || t.spec.helpline(id).is_some() {
            continue;
        }
        let mut keys = vec!["`for`"];
        for (key, v) in [("short", &h.short), ("hours", &h.hours), ("cost", &h.cost)] {
            if model::given(v).is_some() {
                keys.push(match key {
                    "short" => "`short`",
                    "hours" => "`hours`",
                    _ => "`cost`",
                });
            }
        }
        out.push(
            Diagnostic::error(format!(
                "helpline `{id}` has no words in {}, and {} in {} {} it",
                p.theirs,
                join_and(&shown.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>()),
                p.theirs,
                crate::english::agree(shown.len() > 1, "shows", "show")
            ))
            .at(t.file, anchor(index, id).0)
            .label(anchor(index, id).1)
            .also(own.file, h.id.span(), format!("no {} words for this helpline", p.theirs))
            .help(format!(
                "add [helplines.{id}] to {tpath} with its {} in {} (its number and address are written once, in pack.toml)",
                join_and(&keys),
                p.theirs
            )),
        );
    }
    // The same order as pack.toml, so the two files read side by side.
    let placed: Vec<(usize, &toml::Spanned<String>)> = entries
        .iter()
        .filter_map(|(id, _)| {
            ids.iter()
                .position(|i| *i == id.get_ref().as_str())
                .map(|j| (j, *id))
        })
        .collect();
    if let Some(w) = placed.windows(2).find(|w| w[1].0 < w[0].0) {
        let (later, earlier) = (w[1].1.get_ref(), w[0].1.get_ref());
        out.push(
            Diagnostic::error(format!(
                "the helplines of {tpath} are not in the order of pack.toml: `{later}` comes after `{earlier}` here, and before it in pack.toml"
            ))
            .at(t.file, w[1].1.span())
            .label(format!("`{later}` after `{earlier}`"))
            .also(
                own.file,
                own.spec.helplines[w[1].0].id.span(),
                format!("`{later}` before `{earlier}`"),
            )
            .help("keep the helplines in the order pack.toml lists them, so the two files read side by side"),
        );
    }
    for (id, w) in &entries {
        let Some(h) = own
            .spec
            .helplines
            .iter()
            .find(|h| h.id.get_ref() == id.get_ref())
        else {
            continue;
        };
        let id = id.get_ref();
        for (key, ours, theirs) in [
            ("short", &h.short, &w.short),
            ("hours", &h.hours, &w.hours),
            ("cost", &h.cost, &w.cost),
        ] {
            let at_key = entries
                .iter()
                .find(|(k, _)| k.get_ref() == id)
                .map_or(0..1, |(k, _)| k.span());
            match (given(ours), given(theirs)) {
                (Some(ours), None) => out.push(
                    Diagnostic::error(format!(
                        "helpline `{id}` has `{key}` in pack.toml and none in {tpath}"
                    ))
                    .at(t.file, at_key)
                    .label(format!("no `{key}` in {}", p.theirs))
                    .also(own.file, ours.span(), format!("`{key}` in {}", p.own))
                    .help(format!(
                        "give its `{key}` in {}: a translation says all that pack.toml says, so no {} output leaves it out",
                        p.theirs, p.theirs
                    )),
                ),
                (None, Some(theirs)) => out.push(
                    Diagnostic::error(format!(
                        "helpline `{id}` has `{key}` in {tpath} and none in pack.toml"
                    ))
                    .at(t.file, theirs.span())
                    .label(format!("`{key}` in {}", p.theirs))
                    .also(own.file, h.id.span(), format!("no `{key}` in {}", p.own))
                    .help("a translation says what pack.toml says: remove it here, or give it in pack.toml too"),
                ),
                _ => {}
            }
        }
    }
}

/// Where each `[[<table>]]` header is in a file, in order.
fn array_headers(source: &str, table: &str) -> Vec<Range<usize>> {
    let want = format!("[[{table}]]");
    let mut out = Vec::new();
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let code: String = line
            .chars()
            .take_while(|c| *c != '#')
            .filter(|c| !c.is_whitespace())
            .collect();
        if code == want {
            let open = line.find('[').unwrap_or(0);
            out.push(start + open..start + open + want.len().min(line.len() - open));
        }
        start += line.len();
    }
    out
}

fn sources(own: &Pack, t: &Translation, p: &Pair, out: &mut Vec<Diagnostic>) {
    let (os, ts) = (&own.spec.pack.sources, &t.spec.pack.sources);
    // None given: every source is cited as published.
    if ts.is_empty() || ts.len() == os.len() {
        return;
    }
    let theirs = array_headers(p.report.source(t.file), "pack.sources");
    let at = theirs
        .get(os.len())
        .or(theirs.last())
        .cloned()
        .unwrap_or_else(|| header(p.report, t.file, "pack"));
    let d = Diagnostic::error(format!(
        "{} lists {} and pack.toml {}",
        p.path(t.file),
        count(ts.len(), "source"),
        os.len()
    ))
    .at(t.file, at)
    .help("a translation lists every [[pack.sources]] of pack.toml, in its order: each with its title (and publisher) in this language where it has one, or empty to cite it as published");
    out.push(match os.get(ts.len()).or(os.last()) {
        Some(s) => d
            .label(format!("{} in {}", count(ts.len(), "source"), p.theirs))
            .also(
                own.file,
                s.publisher.span(),
                if ts.len() < os.len() {
                    format!("source {} has no entry in {}", ts.len() + 1, p.theirs)
                } else {
                    format!("the last of {} in {}", count(os.len(), "source"), p.own)
                },
            ),
        None => d.label(format!("{} in {}", count(ts.len(), "source"), p.theirs)),
    });
}

fn summary(own: &Pack, t: &Translation, p: &Pair, out: &mut Vec<Diagnostic>) {
    match (given(&own.spec.pack.summary), given(&t.spec.pack.summary)) {
        (Some(ours), None) => out.push(
            Diagnostic::error(format!(
                "the pack has a summary in {} and none in {}",
                p.own, p.theirs
            ))
            .at(t.file, header(p.report, t.file, "pack"))
            .label("no summary in this [pack]")
            .also(own.file, ours.span(), format!("the {} summary", p.own))
            .help(format!("give its summary in {}", p.theirs)),
        ),
        (None, Some(theirs)) => out.push(
            Diagnostic::error(format!(
                "the pack has a summary in {} and none in {}",
                p.theirs, p.own
            ))
            .at(t.file, theirs.span())
            .label(format!("the {} summary", p.theirs))
            .also(own.file, header(p.report, own.file, "pack"), "no summary in this [pack]")
            .help("a translation says what pack.toml says: remove it, or give a summary in pack.toml too"),
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_headers_are_found_in_order_and_comments_ignored() {
        let src = "[pack]\n[[pack.sources]]\ntitle = \"a\"\n# [[pack.sources]]\n  [[ pack.sources ]] # b\n";
        let found = array_headers(src, "pack.sources");
        assert_eq!(found.len(), 2);
        assert_eq!(&src[found[0].clone()], "[[pack.sources]]");
        assert!(src[found[1].clone()].starts_with("[["));
    }
}
