//! Scripts and font fallback: which family sets each character. Text is
//! itemised by script, and each run set in the first family that covers
//! it: the family the pack chose for that script (`[theme.fonts]`), the
//! theme font, the pack's other families (its `fonts/` folder), then the
//! built-in fallback for the script (Noto Sans Arabic, Bengali and
//! Gurmukhi). The built-in fallbacks are compiled in but parsed only when a
//! run needs one, so a Latin pack never pays for them.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use unicode_script::{Script, UnicodeScript};

use super::font::{Font, FontError, FontFamily};

/// A family's place in a [`FontSet`]: 0 is the theme font.
pub type FontId = u8;

/// The theme font's id in every set.
pub const THEME: FontId = 0;

/// A built-in fallback family: its name, the script it is for, and its
/// regular and bold faces.
struct Fallback {
    name: &'static str,
    script: Script,
    regular: &'static [u8],
    bold: &'static [u8],
}

/// The built-in fallbacks, in the order they are tried for a character of
/// no script of its own (an Arabic comma is "Common").
const FALLBACKS: [Fallback; 3] = [
    Fallback {
        name: "Noto Sans Arabic",
        script: Script::Arabic,
        regular: include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
        bold: include_bytes!("../../fonts/NotoSansArabic-Bold.ttf"),
    },
    Fallback {
        name: "Noto Sans Bengali",
        script: Script::Bengali,
        regular: include_bytes!("../../fonts/NotoSansBengali-Regular.ttf"),
        bold: include_bytes!("../../fonts/NotoSansBengali-Bold.ttf"),
    },
    Fallback {
        name: "Noto Sans Gurmukhi",
        script: Script::Gurmukhi,
        regular: include_bytes!("../../fonts/NotoSansGurmukhi-Regular.ttf"),
        bold: include_bytes!("../../fonts/NotoSansGurmukhi-Bold.ttf"),
    },
];

/// The built-in fallback `k`, read the first time a run needs it.
fn fallback(k: usize) -> Option<&'static Arc<FontFamily>> {
    static READ: [OnceLock<Option<Arc<FontFamily>>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let spec = FALLBACKS.get(k)?;
    READ.get(k)?
        .get_or_init(|| {
            let read = |b: &'static [u8]| Font::from_bytes(Arc::from(b), spec.name).ok();
            Some(Arc::new(FontFamily::new(
                spec.name,
                read(spec.regular)?,
                read(spec.bold)?,
            )))
        })
        .as_ref()
}

/// The names of the built-in fallback families, for messages and docs.
pub fn fallback_names() -> impl Iterator<Item = &'static str> {
    FALLBACKS.iter().map(|f| f.name)
}

/// The script a pack's `[theme.fonts]` key names: `arabic`, `bengali`,
/// `gurmukhi`, or any other script's Unicode name in lower case.
pub fn script_named(key: &str) -> Option<Script> {
    let mut chars = key.chars();
    let first = chars.next()?;
    let full: String = first.to_uppercase().chain(chars).collect();
    Script::from_full_name(&full).filter(|s| !matches!(s, Script::Common | Script::Inherited))
}

/// Every family a document may set text in: the theme font, the families
/// a pack chose per script and the rest of its `fonts/` folder, and the
/// built-in fallbacks. Ids: 0 the theme, then the pack's families, then
/// the built-in fallbacks.
#[derive(Debug)]
pub struct FontSet {
    /// Unique in the process: caches of shaped text key the set by it.
    id: u64,
    /// The theme font and the pack's families, by id.
    families: Vec<Arc<FontFamily>>,
    /// The family chosen for each script named in `[theme.fonts]`.
    chosen: Vec<(Script, FontId)>,
}

/// The next set's id.
static NEXT_SET: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl FontSet {
    /// The theme font alone, with the built-in fallbacks behind it.
    pub fn new(theme: Arc<FontFamily>) -> FontSet {
        FontSet {
            id: NEXT_SET.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            families: vec![theme],
            chosen: Vec::new(),
        }
    }

    /// The built-in family with the built-in fallbacks, once per process.
    pub fn builtin() -> Arc<FontSet> {
        static SET: OnceLock<Arc<FontSet>> = OnceLock::new();
        Arc::clone(SET.get_or_init(|| Arc::new(FontSet::new(FontFamily::builtin()))))
    }

    /// A pack's fonts: `theme` (the family `theme.font` named), the
    /// families `[theme.fonts]` chose by script, and every other family in
    /// the pack's `fonts/` folder as a fallback before the built-in ones.
    /// `chosen` pairs a script with a family name; an unknown name is an
    /// error naming it.
    pub fn for_pack(
        theme: Arc<FontFamily>,
        chosen: &[(Script, String)],
        pack_dir: &Path,
    ) -> Result<FontSet, FontError> {
        let mut set = FontSet::new(theme);
        let pack = if pack_dir.join("fonts").is_dir() {
            FontFamily::all_in(pack_dir)?
        } else {
            Vec::new()
        };
        for (script, name) in chosen {
            let family = FontFamily::resolve(Some(name), pack_dir)?;
            let id = set.add(family);
            set.chosen.push((*script, id));
        }
        for family in pack {
            if !set.families.iter().any(|f| f.name == family.name) {
                set.add(family);
            }
        }
        Ok(set)
    }

    /// Adds a family unless one of its name is there; returns its id.
    fn add(&mut self, family: Arc<FontFamily>) -> FontId {
        if let Some(i) = self.families.iter().position(|f| f.name == family.name) {
            return i as FontId;
        }
        self.families.push(family);
        (self.families.len() - 1) as FontId
    }

    /// True if the pack chose a family for some script (`[theme.fonts]`).
    pub fn has_chosen(&self) -> bool {
        !self.chosen.is_empty()
    }

    /// This set's id: unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The theme font.
    pub fn theme(&self) -> &Arc<FontFamily> {
        &self.families[0]
    }

    /// How many ids the set has, the built-in fallbacks included.
    pub fn len(&self) -> usize {
        self.families.len() + FALLBACKS.len()
    }

    /// Never: a set always has its theme font.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The family of an id (a built-in fallback is read here, the first
    /// time it is asked for).
    pub fn family(&self, id: FontId) -> Option<&Arc<FontFamily>> {
        let i = id as usize;
        match self.families.get(i) {
            Some(f) => Some(f),
            None => fallback(i - self.families.len()),
        }
    }

    /// The ids to try for a character of `script`, best first.
    pub fn candidates(&self, script: Script) -> impl Iterator<Item = FontId> + '_ {
        let chosen = self
            .chosen
            .iter()
            .filter(move |(s, _)| *s == script)
            .map(|(_, id)| *id);
        let base = self.families.len();
        let own = FALLBACKS
            .iter()
            .position(|f| f.script == script)
            .map(|k| (base + k) as FontId);
        let others = (0..FALLBACKS.len())
            .filter(move |k| FALLBACKS[*k].script != script)
            .map(move |k| (base + k) as FontId);
        chosen.chain(0..base as FontId).chain(own).chain(others)
    }

    /// The scale that makes a family's x-height the theme font's: text set
    /// in a fallback sits as large as the text around it.
    pub fn scale(&self, id: FontId) -> f32 {
        if id == THEME {
            return 1.0;
        }
        let theme = self.theme().regular.metrics.x_height;
        match self.family(id) {
            Some(f) if f.regular.metrics.x_height > 0.0 && theme > 0.0 => {
                // Within reason: a font with a freak x-height is not
                // blown up or shrunk past recognition.
                (theme / f.regular.metrics.x_height).clamp(0.8, 1.25)
            }
            _ => 1.0,
        }
    }
}

/// A character's script, or `None` for one that takes its neighbours'
/// (spaces, digits, punctuation, combining marks).
pub fn own_script(c: char) -> Option<Script> {
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => None,
        s => Some(s),
    }
}

/// True if `c` is written right to left or may be (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko and their presentation forms): a paragraph
/// without any is left to right throughout, and needs no bidi analysis.
pub fn maybe_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
        | 0x200F | 0x202B | 0x202E | 0x2067)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallbacks_read_and_cover_their_scripts() {
        let set = FontSet::builtin();
        for (k, text) in ["اردو ،؟۔", "বাংলা ক্ষ।", "ਪੰਜਾਬੀ"].iter().enumerate()
        {
            let fam = set.family((1 + k) as FontId).unwrap();
            let face = fam.regular.face().unwrap();
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                assert!(face.glyph_index(c).is_some(), "{} lacks {c}", fam.name);
            }
        }
    }

    #[test]
    fn a_script_is_tried_in_its_own_fallback_first() {
        let set = FontSet::builtin();
        let ids: Vec<FontId> = set.candidates(Script::Bengali).collect();
        assert_eq!(ids, [0, 2, 1, 3]);
        assert_eq!(script_named("gurmukhi"), Some(Script::Gurmukhi));
        assert_eq!(script_named("common"), None);
        assert_eq!(script_named("klingon"), None);
    }

    #[test]
    fn fallbacks_are_scaled_to_the_theme_x_height() {
        let set = FontSet::builtin();
        assert_eq!(set.scale(0), 1.0);
        for id in 1..4 {
            let s = set.scale(id);
            assert!((0.8..=1.25).contains(&s), "{id}: {s}");
        }
    }
}
