//! Shaping with rustybuzz: glyphs, advances, kerning and ligatures, in ems so
//! that one shaping serves every type size.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use std::cell::OnceCell;

use rustybuzz::{Direction, Face, ShapePlan, UnicodeBuffer};
use unicode_script::Script;

use super::font::{FontFamily, Weight};
use super::script::{own_script, FontId, FontSet, THEME};

/// One shaped glyph. Lengths are in ems.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the font.
    pub id: u16,
    /// How far the pen moves after this glyph.
    pub advance: f32,
    /// Horizontal displacement of this glyph from the pen.
    pub x_offset: f32,
    /// Vertical displacement (upwards) from the baseline.
    pub y_offset: f32,
    /// Byte offset in the shaped text where this glyph's cluster starts.
    pub cluster: u32,
    /// Length in bytes of the text this glyph stands for: its cluster's,
    /// for the first glyph of a cluster, and 0 for the rest.
    pub text_len: u32,
    /// The family it is set in (its id in the shaper's [`FontSet`]).
    pub font: FontId,
    /// Its bidi embedding level: odd is right to left.
    pub level: u8,
}

/// A shaped piece of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    /// The text that was shaped.
    pub text: String,
    /// Its glyphs: runs of one family and one level in reading order,
    /// each run's glyphs in visual order (a right-to-left run's last
    /// letter first).
    pub glyphs: Vec<ShapedGlyph>,
    /// Total advance in ems.
    pub advance: f32,
    /// True when every glyph is of one family and one level (every Latin
    /// word): a line takes it whole, in one pass.
    pub uniform: bool,
}

/// True if every glyph is of the first's family and level.
pub(crate) fn uniform(glyphs: &[ShapedGlyph]) -> bool {
    glyphs.first().is_none_or(|f| {
        glyphs
            .iter()
            .all(|g| g.font == f.font && g.level == f.level)
    })
}

impl Shaped {
    /// The source text of glyph `i`'s cluster: what it extracts as. Only the
    /// first glyph of a cluster carries it; later glyphs of the same cluster
    /// return "".
    pub fn cluster_text(&self, i: usize) -> &str {
        let Some(g) = self.glyphs.get(i) else {
            return "";
        };
        let start = g.cluster as usize;
        self.text
            .get(start..start + g.text_len as usize)
            .unwrap_or("")
    }
}

/// Shapes text in a set of families, caching each (weight, level, text):
/// a pack's words repeat, and fitting lays the same words out many times.
/// Each run of a word is shaped in the first family that covers it
/// ([`FontSet::candidates`]), in its direction and script.
pub struct Shaper<'f> {
    fonts: &'f FontSet,
    /// Each family's regular and bold faces, parsed the first time a run
    /// is set in it.
    faces: Vec<OnceCell<Option<[Face<'f>; 2]>>>,
    /// Shape plans made so far, by family, weight, script and direction:
    /// making one costs more than shaping a word with it.
    plans: RefCell<Vec<(PlanKey, Rc<ShapePlan>)>>,
    /// Spaces shaped in a family other than the theme's, by family,
    /// weight and level.
    spaces: RefCell<Vec<(SpaceKey, Rc<Shaped>)>>,
}

/// A space's family, weight and level.
type SpaceKey = (FontId, Weight, u8);

/// What a shape plan is made for.
type PlanKey = (FontId, Weight, rustybuzz::Script, bool);

/// Shaped words by family, weight and text. One per thread and shared by
/// every shaper on it, so a batch shapes the pack's words once per thread,
/// not once per site.
#[derive(Default)]
struct Words {
    map: HashMap<(u64, Weight, u8), WordMap, FxBuild>,
    count: usize,
}

/// Past this many words the cache starts again (a pack has a few
/// thousand distinct words; this bounds a pathological input).
const MAX_WORDS: usize = 100_000;

type FxBuild = std::hash::BuildHasherDefault<rustc_hash::FxHasher>;

/// Forgets this thread's shaped words: for benchmarks that measure
/// shaping from cold.
pub fn clear_cache() {
    WORDS.with(|w| *w.borrow_mut() = Words::default());
}

/// One face's shaped words by their text.
type WordMap = HashMap<Box<str>, Rc<Shaped>, FxBuild>;

thread_local! {
    static WORDS: RefCell<Words> = RefCell::default();
}

impl<'f> Shaper<'f> {
    /// A shaper over a set of families; `None` if the theme font cannot
    /// be parsed.
    pub fn new(fonts: &'f FontSet) -> Option<Shaper<'f>> {
        let shaper = Shaper {
            fonts,
            faces: (0..fonts.len()).map(|_| OnceCell::new()).collect(),
            plans: RefCell::new(Vec::new()),
            spaces: RefCell::new(Vec::new()),
        };
        shaper.faces(THEME)?;
        Some(shaper)
    }

    /// The theme family: the one whose metrics set the lines.
    pub fn family(&self) -> &'f FontFamily {
        self.fonts.theme()
    }

    /// The families shaped with.
    pub fn fonts(&self) -> &'f FontSet {
        self.fonts
    }

    /// A family's two faces, parsed on first use.
    fn faces(&self, id: FontId) -> Option<&[Face<'f>; 2]> {
        let fonts = self.fonts;
        self.faces
            .get(id as usize)?
            .get_or_init(|| {
                let family = fonts.family(id)?;
                Some([family.regular.face()?, family.bold.face()?])
            })
            .as_ref()
    }

    /// True if both faces of family `id` have a glyph for `c`.
    fn family_covers(&self, id: FontId, c: char) -> bool {
        self.faces(id)
            .is_some_and(|f| f.iter().all(|f| f.glyph_index(c).is_some()))
    }

    /// The family that sets `c`, a character of `script` (the script of
    /// the text around it, for a space, digit or mark): the first that
    /// covers it. A character that no family covers gets `None`.
    pub fn font_for(&self, c: char, script: Option<Script>) -> Option<FontId> {
        if script.is_none() && self.family_covers(THEME, c) {
            return Some(THEME);
        }
        let script = script.unwrap_or(Script::Common);
        self.fonts
            .candidates(script)
            .find(|&id| self.family_covers(id, c))
    }

    /// True if some family has a glyph for `c` in both weights.
    pub fn covers(&self, c: char) -> bool {
        self.font_for(c, own_script(c)).is_some()
    }

    /// A space in family `font` (the theme's where that has none), at a
    /// bidi level: the space after a word set in that family.
    pub fn space(&self, weight: Weight, font: FontId, level: u8) -> Rc<Shaped> {
        if font == THEME || !self.family_covers(font, ' ') {
            return self.shape(" ", weight);
        }
        let key = (font, weight, level);
        if let Some((_, s)) = self.spaces.borrow().iter().find(|(k, _)| *k == key) {
            return Rc::clone(s);
        }
        let shaped = Rc::new(self.shape_run(" ", weight, font, level));
        self.spaces.borrow_mut().push((key, Rc::clone(&shaped)));
        shaped
    }

    /// Shapes `text` in `weight`, left to right.
    pub fn shape(&self, text: &str, weight: Weight) -> Rc<Shaped> {
        self.shape_at(text, weight, None)
    }

    /// Shapes `text` in `weight` with each byte's bidi level (`None`: all
    /// 0, left to right).
    pub fn shape_at(&self, text: &str, weight: Weight, levels: Option<&[u8]>) -> Rc<Shaped> {
        // One level for the whole word (nearly always): cached under it.
        let uniform = match levels {
            None => Some(0),
            Some(l) => match l.first() {
                Some(&first) if l.iter().all(|&x| x == first) => Some(first),
                Some(_) => None,
                None => Some(0),
            },
        };
        let Some(level) = uniform else {
            return Rc::new(self.shape_uncached(text, weight, levels));
        };
        let key = (self.fonts.id(), weight, level);
        let hit = WORDS.with(|w| {
            w.borrow()
                .map
                .get(&key)
                .and_then(|m| m.get(text))
                .map(Rc::clone)
        });
        if let Some(hit) = hit {
            return hit;
        }
        let shaped = Rc::new(self.shape_uncached(text, weight, levels));
        WORDS.with(|w| {
            let mut w = w.borrow_mut();
            if w.count >= MAX_WORDS {
                *w = Words::default();
            }
            w.count += 1;
            w.map
                .entry(key)
                .or_default()
                .insert(text.into(), Rc::clone(&shaped));
        });
        shaped
    }

    fn plan(
        &self,
        font: FontId,
        face: &Face<'f>,
        weight: Weight,
        script: rustybuzz::Script,
        rtl: bool,
    ) -> Rc<ShapePlan> {
        let key = (font, weight, script, rtl);
        if let Some((_, p)) = self.plans.borrow().iter().find(|(k, _)| *k == key) {
            return Rc::clone(p);
        }
        let direction = if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        let plan = Rc::new(ShapePlan::new(face, direction, Some(script), None, &[]));
        self.plans.borrow_mut().push((key, Rc::clone(&plan)));
        plan
    }

    /// Splits `text` into runs of one family and one level, in reading
    /// order: each character in the first family that covers it, a
    /// space, digit or mark in its neighbour's family where that has it
    /// (so a mark stays on its letter and punctuation with its words).
    fn itemise(
        &self,
        text: &str,
        levels: Option<&[u8]>,
    ) -> Vec<(std::ops::Range<usize>, FontId, u8)> {
        let level_at = |i: usize| levels.and_then(|l| l.get(i)).copied().unwrap_or(0);
        // Fast path: the theme font has every character, one level.
        let theme_only = levels.is_none_or(|l| l.iter().all(|&x| x == level_at(0)))
            && if self.fonts.has_chosen() {
                text.chars().all(|c| {
                    self.family_covers(THEME, c)
                        && own_script(c)
                            .is_none_or(|s| self.fonts.candidates(s).next() == Some(THEME))
                })
            } else {
                // No family chosen for any script: the theme comes first
                // for every character.
                text.chars().all(|c| self.family_covers(THEME, c))
            };
        if theme_only {
            return vec![(0..text.len(), THEME, level_at(0))];
        }
        // The script each character is set as: its own, or for one of no
        // script the one before it (or after it, at the start).
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut scripts: Vec<Option<Script>> = chars.iter().map(|(_, c)| own_script(*c)).collect();
        let mut last = None;
        for s in scripts.iter_mut() {
            match s {
                Some(_) => last = *s,
                None => *s = last,
            }
        }
        let mut next = None;
        for s in scripts.iter_mut().rev() {
            match s {
                Some(_) => next = *s,
                None => *s = next,
            }
        }
        let mut runs: Vec<(std::ops::Range<usize>, FontId, u8)> = Vec::new();
        let mut prev: Option<FontId> = None;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let end = i + c.len_utf8();
            let neutral = own_script(c).is_none();
            let font = match prev {
                Some(p) if neutral && self.family_covers(p, c) => p,
                _ => self.font_for(c, scripts[k]).unwrap_or(THEME),
            };
            prev = Some(font);
            let level = level_at(i);
            match runs.last_mut() {
                Some((r, f, l)) if *f == font && *l == level => r.end = end,
                _ => runs.push((i..end, font, level)),
            }
        }
        runs
    }

    fn shape_uncached(&self, text: &str, weight: Weight, levels: Option<&[u8]>) -> Shaped {
        let mut glyphs: Vec<ShapedGlyph> = Vec::with_capacity(text.len());
        // Fast path (every Latin word): left to right, no family chosen
        // for a script, and the theme font has every character, which the
        // shaping itself says (no glyph 0, .notdef). No character is
        // looked up twice.
        if levels.is_none() && !self.fonts.has_chosen() {
            let advance = self.shape_into(&mut glyphs, text, 0..text.len(), weight, THEME, 0);
            if glyphs.iter().all(|g| g.id != 0) {
                return Shaped {
                    text: text.to_string(),
                    uniform: true,
                    glyphs,
                    advance,
                };
            }
            glyphs.clear();
        }
        let mut advance = 0.0;
        for (range, font, level) in self.itemise(text, levels) {
            advance += self.shape_into(&mut glyphs, text, range, weight, font, level);
        }
        Shaped {
            text: text.to_string(),
            uniform: uniform(&glyphs),
            glyphs,
            advance,
        }
    }

    /// `text` shaped whole in one family and at one level.
    fn shape_run(&self, text: &str, weight: Weight, font: FontId, level: u8) -> Shaped {
        let mut glyphs = Vec::with_capacity(text.len());
        let advance = self.shape_into(&mut glyphs, text, 0..text.len(), weight, font, level);
        Shaped {
            text: text.to_string(),
            uniform: uniform(&glyphs),
            glyphs,
            advance,
        }
    }

    /// Shapes `text[range]` in family `font` at bidi `level` onto
    /// `glyphs`; returns its advance in ems.
    fn shape_into(
        &self,
        glyphs: &mut Vec<ShapedGlyph>,
        text: &str,
        range: std::ops::Range<usize>,
        weight: Weight,
        font: FontId,
        level: u8,
    ) -> f32 {
        let (font, faces) = match self.faces(font) {
            Some(f) => (font, f),
            None => match self.faces(THEME) {
                Some(f) => (THEME, f),
                None => return 0.0,
            },
        };
        let face = match weight {
            Weight::Regular => &faces[0],
            Weight::Bold => &faces[1],
        };
        let Some(family) = self.fonts.family(font) else {
            return 0.0;
        };
        // Advances in ems of the type size: a fallback's are scaled so
        // its x-height matches the theme font's.
        // Divided by the units per em first, as it always was, so a Latin
        // word's advances are the same to the last bit.
        let (upem, scale) = (family.font(weight).units_per_em, self.fonts.scale(font));
        let rtl = level % 2 == 1;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&text[range.clone()]);
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        // What `rustybuzz::shape` does, with the plan made once per
        // family, script and direction.
        buffer.guess_segment_properties();
        let script = buffer.script();
        let out = if script == rustybuzz::script::UNKNOWN || buffer.language().is_some() {
            rustybuzz::shape(face, &[], buffer)
        } else {
            let plan = self.plan(font, face, weight, script, rtl);
            rustybuzz::shape_with_plan(face, &plan, buffer)
        };
        let first = glyphs.len();
        let mut advance = 0.0;
        for (info, pos) in out.glyph_infos().iter().zip(out.glyph_positions()) {
            let g = ShapedGlyph {
                id: info.glyph_id as u16,
                advance: pos.x_advance as f32 / upem * scale,
                x_offset: pos.x_offset as f32 / upem * scale,
                y_offset: pos.y_offset as f32 / upem * scale,
                cluster: info.cluster + range.start as u32,
                text_len: 0,
                font,
                level,
            };
            advance += g.advance;
            glyphs.push(g);
        }
        set_run_text_lens(&mut glyphs[first..], range.end as u32);
        advance
    }
}

/// Gives the first glyph of each cluster of one shaped run (in either
/// direction) the length of its cluster's text, to the next cluster's
/// start or the run's `end`, and the rest 0.
fn set_run_text_lens(glyphs: &mut [ShapedGlyph], end: u32) {
    let mut starts: Vec<u32> = glyphs.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut seen: Vec<u32> = Vec::with_capacity(starts.len());
    for g in glyphs.iter_mut() {
        if seen.contains(&g.cluster) {
            g.text_len = 0;
            continue;
        }
        seen.push(g.cluster);
        let at = starts.partition_point(|&s| s <= g.cluster);
        let next = starts.get(at).copied().unwrap_or(end);
        g.text_len = next.saturating_sub(g.cluster);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_is_applied() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        // "AV" kerns in Atkinson Hyperlegible Next: the pair is narrower than
        // its letters shaped apart.
        let pair = s.shape("AV", Weight::Regular).advance;
        let apart = s.shape("A", Weight::Regular).advance + s.shape("V", Weight::Regular).advance;
        assert!(pair < apart - 0.01, "pair {pair} apart {apart}");
    }

    #[test]
    fn clusters_give_back_the_source_text() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let shaped = s.shape("Safe ŵ’s office", Weight::Bold);
        let back: String = (0..shaped.glyphs.len())
            .map(|i| shaped.cluster_text(i))
            .collect();
        assert_eq!(back, "Safe ŵ’s office");
    }

    #[test]
    fn cache_returns_the_same_shaping() {
        let fam = FontSet::builtin();
        let s = Shaper::new(&fam).unwrap();
        let a = s.shape("helpline", Weight::Regular);
        let b = s.shape("helpline", Weight::Regular);
        assert!(Rc::ptr_eq(&a, &b));
    }
}
