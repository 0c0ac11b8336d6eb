//! Which fonts and glyphs a document uses: each face's glyph set, the
//! text each glyph stands for (the ToUnicode map), and the faces' indexes.

use super::font::{Embedded, GlyphSet};
use crate::layout::{Document, GlyphRun, Item};
use crate::text::Weight;

/// A face's number in the document: its family's id twice, plus its
/// weight.
pub(super) fn face_index(run: &GlyphRun) -> usize {
    run.font as usize * 2 + run.weight as usize
}

/// The face numbered `i` (see [`face_index`]).
pub(super) fn face_of(doc: &Document, i: usize) -> Option<&crate::text::Font> {
    let family = doc.fonts.family(u8::try_from(i / 2).ok()?)?;
    Some(family.font(if i.is_multiple_of(2) {
        Weight::Regular
    } else {
        Weight::Bold
    }))
}

/// The document's faces, by face number, as drawing needs them.
pub(super) struct Faces<'a> {
    /// Each face's subset.
    pub(super) embedded: &'a [Option<&'a Embedded>],
    /// Each face's glyphs with the text its Unicode map gives them.
    pub(super) maps: &'a [GlyphSet<'a>],
    /// True for a face with a glyph drawn for two texts: only then can a
    /// run of single-glyph clusters be mapped other than exactly.
    pub(super) conflicts: &'a [bool],
    /// Each face's font file.
    pub(super) data: &'a [&'a [u8]],
}

/// The glyphs drawn in each face, with the text each stands for, and for
/// each face whether a glyph of it was drawn for different texts.
pub(super) fn glyph_sets(doc: &Document) -> (Vec<GlyphSet<'_>>, Vec<bool>) {
    let mut sets = vec![GlyphSet::new(), GlyphSet::new()];
    let mut conflicts = vec![false, false];
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        let Item::Text(run) = item else { continue };
        let i = face_index(run);
        if sets.len() <= i {
            sets.resize_with(i + 1, GlyphSet::new);
            conflicts.resize(i + 1, false);
        }
        let set = &mut sets[i];
        let conflict = &mut conflicts[i];
        let own = face_of(doc, i).and_then(|f| own_texts(run, f.data()));
        for (k, g) in run.glyphs.iter().enumerate() {
            let text = match &own {
                Some(own) => own[k],
                None => run
                    .text
                    .get(g.text.0 as usize..g.text.1 as usize)
                    .unwrap_or(""),
            };
            let text = mapped(text);
            let t = set.entry(g.id).or_insert(text);
            if *t != text {
                *conflict = true;
            }
            // A glyph first seen as the tail of a cluster (no text of its
            // own) takes the first text it is drawn with.
            if t.is_empty() {
                *t = text;
            }
        }
    }
    (sets, conflicts)
}

/// Each glyph's own text in a left-to-right run where a cluster has
/// several glyphs, each the glyph of one of its letters (a Bengali
/// consonant and its vowel sign): that letter, so that a reader finds a
/// letter under every glyph (a glyph with no text of its own leaves a gap
/// that poppler reads as a space inside the word). A cluster whose glyphs
/// are not its letters one by one keeps its text on its first glyph.
/// `None` (the same as each glyph's cluster text) when every cluster is
/// one glyph, as in every Latin run, or when the run is right to left.
pub(super) fn own_texts<'a>(run: &'a GlyphRun, font: &[u8]) -> Option<Vec<&'a str>> {
    if run.glyphs.iter().all(|g| g.text.1 > g.text.0)
        || run.text.chars().any(crate::text::script::maybe_rtl)
    {
        return None;
    }
    let face = rustybuzz::ttf_parser::Face::parse(font, 0).ok()?;
    let glyphs = &run.glyphs;
    let text_of = |g: &crate::layout::Glyph| {
        run.text
            .get(g.text.0 as usize..g.text.1 as usize)
            .unwrap_or("")
    };
    let mut out: Vec<&str> = glyphs.iter().map(text_of).collect();
    let mut i = 0;
    while i < glyphs.len() {
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].text.0 == glyphs[i].text.0 {
            j += 1;
        }
        let cluster: &str = glyphs[i..j]
            .iter()
            .map(text_of)
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let start = glyphs[i].text.0 as usize;
        let letters: Vec<(usize, char)> = cluster.char_indices().collect();
        if j - i > 1 && letters.len() == j - i {
            let mut used = vec![false; letters.len()];
            let mut own: Vec<&str> = Vec::with_capacity(j - i);
            for g in &glyphs[i..j] {
                let found = letters.iter().enumerate().find(|(k, (_, c))| {
                    !used[*k] && face.glyph_index(*c).map(|id| id.0) == Some(g.id)
                });
                let Some((k, &(at, c))) = found else { break };
                used[k] = true;
                let from = start + at;
                own.push(run.text.get(from..from + c.len_utf8()).unwrap_or(""));
            }
            if own.len() == j - i {
                out[i..j].copy_from_slice(&own);
            }
        }
        i = j;
    }
    Some(out)
}

/// The text a glyph's Unicode map gives for a cluster: the cluster's own,
/// except an Arabic ligature (lam-alef, lam-alef maksura, ...), which maps
/// to its presentation form: one character, such as ﻻ, that NFKC gives
/// back as its letters. Readers put right-to-left words in reading order
/// character by character, and would turn a two-letter mapping round
/// ("ال" for "لا").
pub(super) fn mapped(text: &str) -> &str {
    if text.len() < 4 || !text.chars().all(|c| ('\u{600}'..='\u{6FF}').contains(&c)) {
        return text;
    }
    presentation_forms().get(text).map_or(text, |s| s.as_str())
}

/// Each Arabic presentation form that stands for several letters, by
/// those letters (the first form in code order, where several do).
pub(super) fn presentation_forms() -> &'static std::collections::HashMap<String, String> {
    use unicode_normalization::UnicodeNormalization;
    static FORMS: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms = std::collections::HashMap::new();
        for cp in (0xFB50..=0xFDFF).chain(0xFE70..=0xFEFF) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let letters: String = std::iter::once(c).nfkc().collect();
            if letters.chars().count() > 1
                && letters
                    .chars()
                    .all(|l| ('\u{600}'..='\u{6FF}').contains(&l))
            {
                forms.entry(letters).or_insert_with(|| c.to_string());
            }
        }
        forms
    })
}
