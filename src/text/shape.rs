//! Shaping with rustybuzz: glyphs, advances, kerning and ligatures, in ems so
//! that one shaping serves every type size.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rustybuzz::{Face, ShapePlan, UnicodeBuffer};

use super::font::{FontFamily, Weight};

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
}

/// A shaped piece of text.
#[derive(Debug, PartialEq)]
pub struct Shaped {
    /// The text that was shaped.
    pub text: String,
    /// Its glyphs in visual order.
    pub glyphs: Vec<ShapedGlyph>,
    /// Total advance in ems.
    pub advance: f32,
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

/// Shapes text in one family, caching each (weight, text) pair: a pack's
/// words repeat, and fitting lays the same words out many times.
pub struct Shaper<'f> {
    family: &'f FontFamily,
    faces: [Face<'f>; 2],
    /// Shape plans made so far, by weight and script: making one costs more
    /// than shaping a word with it.
    plans: RefCell<Vec<(Weight, rustybuzz::Script, Rc<ShapePlan>)>>,
}

/// Shaped words by family, weight and text. One per thread and shared by
/// every shaper on it, so a batch shapes the pack's words once per thread,
/// not once per site.
#[derive(Default)]
struct Words {
    map: HashMap<(u64, Weight), WordMap, FxBuild>,
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
    /// A shaper over a family; `None` if a face cannot be parsed.
    pub fn new(family: &'f FontFamily) -> Option<Shaper<'f>> {
        Some(Shaper {
            family,
            faces: [family.regular.face()?, family.bold.face()?],
            plans: RefCell::new(Vec::new()),
        })
    }

    /// The family shaped with.
    pub fn family(&self) -> &'f FontFamily {
        self.family
    }

    fn face(&self, weight: Weight) -> &Face<'f> {
        match weight {
            Weight::Regular => &self.faces[0],
            Weight::Bold => &self.faces[1],
        }
    }

    /// True if both faces have a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.faces.iter().all(|f| f.glyph_index(c).is_some())
    }

    /// Shapes `text` in `weight`.
    pub fn shape(&self, text: &str, weight: Weight) -> Rc<Shaped> {
        let key = (self.family.id(), weight);
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
        let shaped = Rc::new(self.shape_uncached(text, weight));
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

    fn plan(&self, weight: Weight, script: rustybuzz::Script) -> Rc<ShapePlan> {
        if let Some((_, _, p)) = self
            .plans
            .borrow()
            .iter()
            .find(|(w, s, _)| *w == weight && *s == script)
        {
            return Rc::clone(p);
        }
        let plan = Rc::new(ShapePlan::new(
            self.face(weight),
            rustybuzz::Direction::LeftToRight,
            Some(script),
            None,
            &[],
        ));
        self.plans
            .borrow_mut()
            .push((weight, script, Rc::clone(&plan)));
        plan
    }

    fn shape_uncached(&self, text: &str, weight: Weight) -> Shaped {
        let face = self.face(weight);
        let upem = self.family.font(weight).units_per_em;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        // What `rustybuzz::shape` does, with the plan made once per script.
        buffer.guess_segment_properties();
        let script = buffer.script();
        let out = if script == rustybuzz::script::UNKNOWN || buffer.language().is_some() {
            rustybuzz::shape(face, &[], buffer)
        } else {
            let plan = self.plan(weight, script);
            rustybuzz::shape_with_plan(face, &plan, buffer)
        };
        let mut advance = 0.0;
        let mut glyphs: Vec<ShapedGlyph> = out
            .glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| {
                let g = ShapedGlyph {
                    id: info.glyph_id as u16,
                    advance: pos.x_advance as f32 / upem,
                    x_offset: pos.x_offset as f32 / upem,
                    y_offset: pos.y_offset as f32 / upem,
                    cluster: info.cluster,
                    text_len: 0,
                };
                advance += g.advance;
                g
            })
            .collect();
        set_text_lens(&mut glyphs, text.len());
        Shaped {
            text: text.to_string(),
            glyphs,
            advance,
        }
    }
}

/// Gives the first glyph of each cluster the length of its cluster's
/// text (to the next cluster's start, or the end), and the rest 0.
pub(crate) fn set_text_lens(glyphs: &mut [ShapedGlyph], text_len: usize) {
    let mut end = text_len as u32;
    for i in (0..glyphs.len()).rev() {
        let start = glyphs[i].cluster;
        let first = i == 0 || glyphs[i - 1].cluster != start;
        glyphs[i].text_len = if first { end.saturating_sub(start) } else { 0 };
        if first {
            end = start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_is_applied() {
        let fam = FontFamily::builtin();
        let s = Shaper::new(&fam).unwrap();
        // "AV" kerns in Atkinson Hyperlegible Next: the pair is narrower than
        // its letters shaped apart.
        let pair = s.shape("AV", Weight::Regular).advance;
        let apart = s.shape("A", Weight::Regular).advance + s.shape("V", Weight::Regular).advance;
        assert!(pair < apart - 0.01, "pair {pair} apart {apart}");
    }

    #[test]
    fn clusters_give_back_the_source_text() {
        let fam = FontFamily::builtin();
        let s = Shaper::new(&fam).unwrap();
        let shaped = s.shape("Safe ŵ’s office", Weight::Bold);
        let back: String = (0..shaped.glyphs.len())
            .map(|i| shaped.cluster_text(i))
            .collect();
        assert_eq!(back, "Safe ŵ’s office");
    }

    #[test]
    fn cache_returns_the_same_shaping() {
        let fam = FontFamily::builtin();
        let s = Shaper::new(&fam).unwrap();
        let a = s.shape("helpline", Weight::Regular);
        let b = s.shape("helpline", Weight::Regular);
        assert!(Rc::ptr_eq(&a, &b));
    }
}
