//! Every character printed has a glyph in some font of the pack: the
//! texts each file prints, and the check of each against the fonts.

use super::Coverage;
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::pack::model::Text;
use crate::pack::{value_offset, Pack};
use std::collections::BTreeMap;

/// Every string of a pack a reader may see: (file, field name, text).
pub fn printed_texts(pack: &Pack) -> Vec<(FileId, String, &Text)> {
    let mut out: Vec<(FileId, String, &Text)> = Vec::new();
    let pf = pack.file;
    let p = &pack.spec;
    out.push((pf, "pack.title".into(), &p.pack.title));
    for (i, s) in p.pack.sources.iter().enumerate() {
        out.push((pf, format!("pack.sources[{i}].publisher"), &s.publisher));
        out.push((pf, format!("pack.sources[{i}].title"), &s.title));
        if let Some(u) = &s.url {
            out.push((pf, format!("pack.sources[{i}].url"), u));
        }
    }
    if let Some(u) = &p.pack.url {
        out.push((pf, "pack.url".into(), u));
    }
    for key in crate::labels::KEYS {
        if let Some(t) = p.labels.text(key.name) {
            out.push((pf, format!("labels.{}", key.name), t));
        }
    }
    if let Some(months) = &p.labels.months {
        for (i, t) in months.get_ref().iter().enumerate() {
            out.push((pf, format!("labels.months[{i}]"), t));
        }
    }
    for h in &p.helplines {
        let id = h.id.get_ref();
        out.push((pf, format!("helplines.{id}.name"), &h.name));
        out.push((pf, format!("helplines.{id}.for"), &h.for_whom));
        for (name, t) in [
            ("phone", &h.phone),
            ("text", &h.text),
            ("url", &h.url),
            ("email", &h.email),
            ("short", &h.short),
            ("hours", &h.hours),
            ("cost", &h.cost),
        ] {
            if let Some(t) = t {
                out.push((pf, format!("helplines.{id}.{name}"), t));
            }
        }
    }
    for a in &pack.audiences {
        audience_texts(a, &mut out);
    }
    out
}

/// Every string of a translation a reader may see: (file, field name,
/// text), from its file and its audiences' files.
pub fn translation_texts(t: &crate::pack::Translation) -> Vec<(FileId, String, &Text)> {
    let mut out: Vec<(FileId, String, &Text)> = Vec::new();
    let f = t.file;
    let s = &t.spec;
    out.push((f, "pack.title".into(), &s.pack.title));
    if let Some(x) = &s.pack.summary {
        out.push((f, "pack.summary".into(), x));
    }
    for (i, src) in s.pack.sources.iter().enumerate() {
        if let Some(x) = &src.publisher {
            out.push((f, format!("pack.sources[{i}].publisher"), x));
        }
        if let Some(x) = &src.title {
            out.push((f, format!("pack.sources[{i}].title"), x));
        }
    }
    for key in crate::labels::KEYS {
        if let Some(x) = s.labels.text(key.name) {
            out.push((f, format!("labels.{}", key.name), x));
        }
    }
    if let Some(months) = &s.labels.months {
        for (i, x) in months.get_ref().iter().enumerate() {
            out.push((f, format!("labels.months[{i}]"), x));
        }
    }
    for (id, w) in &s.helplines {
        let id = id.get_ref();
        out.push((f, format!("helplines.{id}.for"), &w.for_whom));
        for (name, x) in [
            ("name", &w.name),
            ("short", &w.short),
            ("hours", &w.hours),
            ("cost", &w.cost),
        ] {
            if let Some(x) = x {
                out.push((f, format!("helplines.{id}.{name}"), x));
            }
        }
    }
    for a in &t.pack.audiences {
        audience_texts(a, &mut out);
    }
    out
}

/// Every string of an audience file a reader may see.
pub(super) fn audience_texts<'a>(
    a: &'a crate::pack::Audience,
    out: &mut Vec<(FileId, String, &'a Text)>,
) {
    let f = a.file;
    let m = &a.spec.audience;
    out.push((f, "audience.name".into(), &m.name));
    out.push((f, "audience.headline".into(), &m.headline));
    if let Some(t) = &m.strapline {
        out.push((f, "audience.strapline".into(), t));
    }
    if let Some(t) = &m.call_to_action {
        out.push((f, "audience.call_to_action".into(), t));
    }
    for (i, k) in m.key_points.get_ref().iter().enumerate() {
        out.push((f, format!("audience.key_points[{i}]"), k));
    }
    for (i, s) in a.spec.sections.iter().enumerate() {
        out.push((f, format!("sections[{i}].heading"), &s.heading));
        if let Some(b) = &s.body {
            out.push((f, format!("sections[{i}].body"), b));
        }
        for (j, item) in s.items.iter().enumerate() {
            out.push((f, format!("sections[{i}].items[{j}].title"), &item.title));
            out.push((f, format!("sections[{i}].items[{j}].text"), &item.text));
        }
    }
}

/// A character the font lacks would print as a blank or a box: refuse it,
/// naming the character and each field it is in.
pub(super) fn check_glyphs(pack: &Pack, report: &mut Report, coverage: &Coverage) {
    check_glyphs_in(printed_texts(pack), report, coverage, GlyphOwner::Pack);
}

/// Whose text a missing character is in: that decides what its writer can
/// do about it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GlyphOwner {
    /// The pack's own files: its maker can change the text or its font.
    Pack,
    /// A site file: a school can change its own text, never the pack's font.
    Site,
}

/// Refuses every character of `texts` (file, field, text) the font lacks,
/// once per character and field, at its first use there.
pub fn check_glyphs_in(
    texts: Vec<(FileId, String, &Text)>,
    report: &mut Report,
    coverage: &Coverage,
    owner: GlyphOwner,
) {
    let mut missing: BTreeMap<(char, FileId, String), usize> = BTreeMap::new();
    // A pack uses a few dozen distinct characters tens of thousands of
    // times: ask the fonts once for each. Latin-1 (nearly every character
    // of a Latin pack) by a table, the rest by a hash map.
    let mut latin: [Option<bool>; 256] = [None; 256];
    let mut other: rustc_hash::FxHashMap<char, bool> = Default::default();
    let mut covers = |c: char| match latin.get_mut(c as usize) {
        Some(known) => *known.get_or_insert_with(|| (coverage.covers)(c)),
        None => *other.entry(c).or_insert_with(|| (coverage.covers)(c)),
    };
    for (file, field, text) in texts {
        for (i, c) in text.get_ref().char_indices() {
            if matches!(c, '\n' | '\r' | '\t') || covers(c) {
                continue;
            }
            let at = value_offset(report.source(file), text.span(), i);
            missing.entry((c, file, field.clone())).or_insert(at);
        }
    }
    for ((c, file, field), at) in missing {
        report.push(
            Diagnostic::error(format!(
                "the font {} has no glyph for '{c}' (U+{:04X}) in {field}, and neither has any other font of the pack nor the built-in fallbacks ({})",
                coverage.family,
                c as u32,
                coverage.fallbacks
            ))
            .at(file, at..at + c.len_utf8())
            .label("this character cannot be printed")
            .help(match owner {
                GlyphOwner::Pack => format!(
                    "replace '{c}' with a character the font has, or choose a font that covers it with theme.font"
                ),
                GlyphOwner::Site => format!(
                    "write this without '{c}' (for a name, the spelling the school uses where the character is not available), or ask the pack's maker for a font that has it; the pack is set in {}",
                    coverage.family
                ),
            }),
        );
    }
}
