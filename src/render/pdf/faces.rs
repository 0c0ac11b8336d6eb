//! Which fonts and glyphs a document uses: each face's glyph set, the
//! text each glyph stands for (the ToUnicode map), and the faces' indexes.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::font::{Embedded, GlyphSet, PHANTOM};
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
}

/// What a reader is given for one glyph run: each glyph's text for the
/// face's Unicode map, and the clusters also given as /ActualText.
pub(super) struct RunText<'a> {
    /// Each glyph's text, where some glyph's is not its own cluster's
    /// text (`None` in every run of one-glyph clusters, every Latin run).
    pub(super) texts: Option<Vec<Cow<'a, str>>>,
    /// Clusters wrapped in an ActualText span: the first glyph, the glyph
    /// after the last, and the text.
    pub(super) spans: Vec<(usize, usize, String)>,
    /// Marks drawn as blank glyphs of no width beside glyphs.
    pub(super) phantoms: Vec<Phantom>,
}

/// A blank glyph of no width drawn beside a glyph to carry marks (see
/// [`PHANTOM`]).
pub(super) struct Phantom {
    /// The glyph of the run it is drawn beside.
    pub(super) glyph: usize,
    /// Drawn before that glyph (else after it).
    pub(super) before: bool,
    /// The glyph id drawn: the face's space.
    pub(super) id: u16,
    /// Its text, [`PHANTOM`] first.
    pub(super) text: String,
}

impl RunText<'_> {
    /// The text glyph `k` of `run` stands for in the Unicode map.
    pub(super) fn text<'b>(&'b self, run: &'b GlyphRun, k: usize) -> &'b str {
        match &self.texts {
            Some(texts) => texts.get(k).map_or("", |t| t.as_ref()),
            None => run.glyphs.get(k).map_or("", |g| cluster_text(run, g)),
        }
    }
}

/// The text a glyph's own range of the run covers.
fn cluster_text<'a>(run: &'a GlyphRun, g: &crate::layout::Glyph) -> &'a str {
    run.text
        .get(g.text.0 as usize..g.text.1 as usize)
        .unwrap_or("")
}

/// What a glyph with no letter of its own maps to: ZERO WIDTH JOINER, a
/// format character that pdf.js leaves out of its text (it skips every
/// glyph whose text is one, and falls back to the raw code for a glyph
/// with no entry or an empty one). PDFium and poppler never see it: the
/// cluster it belongs to carries an ActualText span, which they read
/// instead of the glyphs.
pub(super) const NO_LETTER: &str = "\u{200D}";

/// What a space inside a number in a right-to-left line maps to:
/// NO-BREAK SPACE. PDFium orders a line by its own bidi pass, which
/// reverses the order of the groups of "0808 157 0123" when they are
/// parted by spaces (neutral) but keeps them whole when parted by a
/// no-break space (a common separator, like the digits' own class).
/// poppler reads it as a space between words, pdf.js as a space, and
/// PDFium's own search matches it to a space; NFKC gives a space.
pub(super) const NUMBER_SPACE: &str = "\u{A0}";

/// The text each glyph of `run` gives a reader, and the clusters that
/// need an ActualText span. Every glyph gets text (never a raw code), and
/// the glyphs' texts read in drawing order give the run's text:
///
/// - left to right, a cluster's text is parted among its glyphs in
///   drawing order (each glyph its own letter where the face says which;
///   a Bengali vowel sign drawn before its consonant takes the first
///   letter), since every reader reads a left-to-right run in drawing
///   order;
/// - right to left, the same with the cluster's letters reversed, since
///   every reader (PDFium, pdf.js, poppler) reverses a right-to-left run
///   character by character: a lam-alef ligature maps to "ال" and is read
///   "لا", its letters and not a presentation form;
/// - a cluster of more glyphs than letters gives its text to its first
///   glyph and [`NO_LETTER`] to the rest, and is wrapped in ActualText;
/// - with `in_rtl_line`, a number's spaces map to [`NUMBER_SPACE`].
pub(super) fn run_text<'a>(
    run: &'a GlyphRun,
    font: &[u8],
    in_rtl_line: bool,
    blank: Option<u16>,
) -> RunText<'a> {
    let glyphs = &run.glyphs;
    let rtl = run.text.chars().any(crate::text::script::maybe_rtl);
    let number = in_rtl_line
        && !rtl
        && run.text.contains(' ')
        && run.text.chars().any(|c| c.is_ascii_digit());
    let simple = glyphs.iter().all(|g| {
        let t = cluster_text(run, g);
        g.text.1 > g.text.0 && (!rtl || t.chars().nth(1).is_none())
    }) && glyphs.windows(2).all(|w| w[0].text.0 != w[1].text.0)
        && !number
        && (rtl || run.text.is_ascii() || !run.text.chars().any(nonspacing));
    if simple {
        return RunText {
            texts: None,
            spans: Vec::new(),
            phantoms: Vec::new(),
        };
    }
    let face = rustybuzz::ttf_parser::Face::parse(font, 0).ok();
    let mut texts: Vec<Cow<'a, str>> = Vec::with_capacity(glyphs.len());
    let mut spans = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].text.0 == glyphs[i].text.0 {
            j += 1;
        }
        let start = glyphs[i].text.0 as usize;
        let end = glyphs[i..j]
            .iter()
            .map(|g| g.text.1 as usize)
            .max()
            .unwrap_or(start);
        let cluster = run.text.get(start..end).unwrap_or("");
        let letters: Vec<&'a str> = cluster
            .char_indices()
            .map(|(at, c)| {
                run.text
                    .get(start + at..start + at + c.len_utf8())
                    .unwrap_or("")
            })
            .collect();
        let n = j - i;
        if n == 1 && !rtl {
            texts.push(Cow::Borrowed(cluster));
        } else if letters.len() >= n && n > 0 {
            let own = if rtl {
                None
            } else {
                face.as_ref()
                    .and_then(|f| own_letters(f, &glyphs[i..j], &letters))
            };
            match own {
                Some(own) => texts.extend(own.into_iter().map(Cow::Borrowed)),
                None => {
                    // In reading order for the readers: reversed where
                    // they reverse.
                    let order: Vec<&str> = match rtl {
                        true => letters.iter().rev().copied().collect(),
                        false => letters.clone(),
                    };
                    texts.extend(
                        part(face.as_ref(), &glyphs[i..j], &order)
                            .into_iter()
                            .map(Cow::Owned),
                    );
                    // A right-to-left cluster of several glyphs (a letter
                    // and its vowel marks, drawn above or below the line)
                    // is given whole as ActualText too: PDFium reads the
                    // span's first glyphs and skips the rest of it, where
                    // it would start a new line at each mark (measured on
                    // vowelled Arabic: 46 of 88 words whole in PDFium with
                    // the span, 20 without, 44 before the map was parted).
                    if rtl && n > 1 {
                        spans.push((i, j, cluster.to_string()));
                    }
                }
            }
        } else {
            let text: String = match rtl {
                true => cluster.chars().rev().collect(),
                false => cluster.to_string(),
            };
            // Decomposed, a cluster may have a letter for every glyph (a
            // Bengali o-kar is its e-kar and aa-kar, drawn either side of
            // the consonant): pdf.js then reads a letter from each glyph,
            // and moves on by each glyph's width (it skips a format
            // character without moving, and the gap it leaves reads as a
            // space). The span gives the others the text as written.
            let decomposed: Vec<char> = match rtl {
                true => text.nfd().collect(),
                false => cluster.nfd().collect(),
            };
            if decomposed.len() >= n {
                for k in 0..n {
                    let part: String = match k + 1 == n {
                        true => decomposed[k..].iter().collect(),
                        false => decomposed[k].to_string(),
                    };
                    texts.push(Cow::Owned(part));
                }
            } else {
                texts.push(Cow::Owned(text.clone()));
                texts.extend((1..n).map(|_| Cow::Borrowed(NO_LETTER)));
            }
            spans.push((i, j, text));
        }
        i = j;
    }
    if number {
        for (k, g) in glyphs.iter().enumerate() {
            // Only a space between two digits: one before or after the
            // number parts it from the words around it.
            let at = g.text.0 as usize;
            let before = run.text.get(..at).and_then(|t| t.chars().next_back());
            let after = run.text.get(at + 1..).and_then(|t| t.chars().next());
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            if cluster_text(run, g) == " " && digit(before) && digit(after) {
                texts[k] = Cow::Borrowed(NUMBER_SPACE);
            }
        }
    }
    // A glyph's marks on blanks of their own, its letters on it (see
    // PHANTOM): marks before its first letter on a blank before it, all
    // after its first run of letters on a blank after it.
    let mut phantoms = Vec::new();
    if let (false, Some(blank)) = (rtl, blank) {
        for (k, t) in texts.iter_mut().enumerate() {
            let text = t.as_ref();
            if !text.chars().any(nonspacing) || text.chars().all(nonspacing) {
                continue;
            }
            if spans.iter().any(|&(i, j, _)| (i..j).contains(&k)) {
                continue;
            }
            let first = text.find(|c| !nonspacing(c)).unwrap_or(0);
            let rest = text[first..]
                .find(nonspacing)
                .map_or(text.len(), |at| first + at);
            let (lead, letters, tail) = (&text[..first], &text[first..rest], &text[rest..]);
            if !lead.is_empty() {
                phantoms.push(Phantom {
                    glyph: k,
                    before: true,
                    id: blank,
                    text: format!("{PHANTOM}{lead}"),
                });
            }
            if !tail.is_empty() {
                phantoms.push(Phantom {
                    glyph: k,
                    before: false,
                    id: blank,
                    text: format!("{PHANTOM}{tail}"),
                });
            }
            *t = Cow::Owned(letters.to_string());
        }
    }
    RunText {
        texts: Some(texts),
        spans,
        phantoms,
    }
}

/// A nonspacing mark (Mn), what pdf.js takes for a mark of no width.
fn nonspacing(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.general_category() == GeneralCategory::NonspacingMark
}

/// The face's space glyph where it draws nothing (no outline): what a
/// [`PHANTOM`] draws.
pub(super) fn blank_glyph(font: &[u8]) -> Option<u16> {
    let face = rustybuzz::ttf_parser::Face::parse(font, 0).ok()?;
    let id = face.glyph_index(' ')?;
    face.glyph_bounding_box(id).is_none().then_some(id.0)
}

/// A cluster's letters (`order`, at least one per glyph) parted among its
/// glyphs in drawing order: a glyph at either end that is the face's
/// glyph for the letter at that end takes that letter (the aa-kar after
/// a Bengali conjunct, so that the conjunct's glyph takes the conjunct's
/// letters), the glyphs between take one letter each and the first of
/// them the rest.
fn part(
    face: Option<&rustybuzz::ttf_parser::Face>,
    glyphs: &[crate::layout::Glyph],
    order: &[&str],
) -> Vec<String> {
    let is = |g: &crate::layout::Glyph, l: &str| {
        let c = l.chars().next();
        face.zip(c)
            .and_then(|(f, c)| f.glyph_index(c))
            .is_some_and(|id| id.0 == g.id && l.chars().nth(1).is_none())
    };
    let (mut gl, mut gr, mut ll, mut lr) = (0, glyphs.len(), 0, order.len());
    // Keep at least one letter for each glyph left.
    while gr - gl > 1 && lr - ll > gr - gl - 1 && is(&glyphs[gr - 1], order[lr - 1]) {
        gr -= 1;
        lr -= 1;
    }
    while gr - gl > 1 && lr - ll > gr - gl - 1 && is(&glyphs[gl], order[ll]) {
        gl += 1;
        ll += 1;
    }
    let mut out: Vec<String> = order[..ll].iter().map(|l| l.to_string()).collect();
    let middle = gr - gl;
    let spare = (lr - ll).saturating_sub(middle);
    for k in 0..middle {
        let from = ll + k + if k == 0 { 0 } else { spare };
        let to = ll + k + 1 + spare;
        out.push(order[from..to].concat());
    }
    out.extend(order[lr..].iter().map(|l| l.to_string()));
    out
}

/// Each glyph's own letter, where the glyphs of a cluster are its letters
/// one by one (by the face's character map) in the letters' order: what a
/// reader then highlights under each glyph is that glyph's letter.
fn own_letters<'a>(
    face: &rustybuzz::ttf_parser::Face,
    glyphs: &[crate::layout::Glyph],
    letters: &[&'a str],
) -> Option<Vec<&'a str>> {
    if glyphs.len() != letters.len() {
        return None;
    }
    glyphs
        .iter()
        .zip(letters)
        .map(|(g, l)| {
            let c = l.chars().next()?;
            (face.glyph_index(c).map(|id| id.0) == Some(g.id)).then_some(*l)
        })
        .collect()
}

/// The texts of every run of the document, page by page and item by item
/// (`None` for items that are not text), with the glyphs drawn in each
/// face and every text each glyph is drawn for.
pub(super) fn glyph_sets(doc: &Document) -> (Vec<GlyphSet>, Vec<Vec<Option<RunText<'_>>>>) {
    let mut sets = vec![GlyphSet::new(), GlyphSet::new()];
    let mut layers = Vec::with_capacity(doc.pages.len());
    // Each face's blank glyph, once looked up.
    let mut blanks: Vec<Option<Option<u16>>> = Vec::new();
    for page in &doc.pages {
        let rtl_lines = rtl_baselines(page);
        let mut layer = Vec::with_capacity(page.items.len());
        for item in &page.items {
            let Item::Text(run) = item else {
                layer.push(None);
                continue;
            };
            let i = face_index(run);
            if sets.len() <= i {
                sets.resize_with(i + 1, GlyphSet::new);
            }
            let data = face_of(doc, i).map_or(&[][..], |f| f.data());
            let in_rtl = rtl_lines.iter().any(|y| (y - run.origin.y.0).abs() < 0.5);
            if blanks.len() <= i {
                blanks.resize(i + 1, None);
            }
            let blank = *blanks[i].get_or_insert_with(|| blank_glyph(data));
            let text = run_text(run, data, in_rtl, blank);
            let set = &mut sets[i];
            for p in &text.phantoms {
                let texts = set.entry(p.id).or_default();
                if !texts.contains(&p.text) {
                    texts.push(p.text.clone());
                }
            }
            for (k, g) in run.glyphs.iter().enumerate() {
                let t = text.text(run, k);
                let texts = set.entry(g.id).or_default();
                if !texts.iter().any(|have| have == t) {
                    texts.push(t.to_string());
                }
            }
            layer.push(Some(text));
        }
        layers.push(layer);
    }
    (sets, layers)
}

/// The baselines of a page's right-to-left runs.
fn rtl_baselines(page: &crate::layout::Page) -> Vec<f32> {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Text(run) if run.text.chars().any(crate::text::script::maybe_rtl) => {
                Some(run.origin.y.0)
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Glyph;
    use crate::units::Pt;

    fn glyphs(n: usize) -> Vec<Glyph> {
        (0..n)
            .map(|k| Glyph {
                id: k as u16 + 1,
                x: Pt(k as f32 * 10.0),
                y: Pt(0.0),
                text: (0, 0),
            })
            .collect()
    }

    #[test]
    fn a_cluster_of_fewer_glyphs_than_letters_gives_its_first_glyph_the_spare_letters() {
        // পরীক্ষা's ক্ষা drawn as the conjunct and the aa-kar: with no face
        // to say which glyph is the aa-kar, the conjunct takes what is
        // spare, and every glyph has a letter.
        let parts = part(None, &glyphs(2), &["ক", "্", "ষ", "া"]);
        assert_eq!(parts, ["ক্ষ", "া"]);
        let parts = part(None, &glyphs(3), &["a", "b", "c"]);
        assert_eq!(parts, ["a", "b", "c"]);
        // Read in drawing order, the parts are the letters as written.
        let parts = part(None, &glyphs(3), &["a", "b", "c", "d", "e"]);
        assert_eq!(parts.concat(), "abcde");
        assert!(parts.iter().all(|p| !p.is_empty()));
    }

    #[test]
    fn marks_are_what_pdf_js_takes_for_marks_of_no_width() {
        // Nonspacing marks: a Bengali u-kar and virama, an Arabic fatha.
        for c in ['\u{9C1}', '\u{9CD}', '\u{64E}'] {
            assert!(nonspacing(c), "{c:?}");
        }
        // Spacing vowel signs are not: pdf.js moves on by their width.
        for c in ['\u{9BE}', '\u{9BF}', '\u{9C7}', 'a', ' '] {
            assert!(!nonspacing(c), "{c:?}");
        }
    }
}
