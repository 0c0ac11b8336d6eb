//! Fonts: the built-in family compiled into the binary, and families a pack
//! brings in its `fonts/` folder. Read once per process.

use std::fs;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustybuzz::ttf_parser;

/// The built-in family's regular face (Atkinson Hyperlegible Next, OFL).
static BUILTIN_REGULAR: &[u8] =
    include_bytes!("../../fonts/AtkinsonHyperlegibleNext_400Regular.ttf");
/// The built-in family's bold face.
static BUILTIN_BOLD: &[u8] = include_bytes!("../../fonts/AtkinsonHyperlegibleNext_700Bold.ttf");

/// The built-in family's name, and the names packs may use for it.
pub const BUILTIN_FAMILY: &str = "Atkinson Hyperlegible Next";
const BUILTIN_ALIASES: [&str; 2] = ["atkinson hyperlegible next", "atkinson hyperlegible"];

/// Largest font file read from a pack.
const MAX_FONT_BYTES: u64 = 20 * 1024 * 1024;

/// Regular or bold: the only two weights the formats use.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    /// Running text.
    Regular,
    /// Headings, numbers and emphasis.
    Bold,
}

/// Vertical metrics in ems (fractions of the type size).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct VMetrics {
    /// Height above the baseline of the tallest ordinary glyphs.
    pub ascender: f32,
    /// Depth below the baseline (negative).
    pub descender: f32,
    /// Height of capital letters.
    pub cap_height: f32,
    /// Height of the lowercase x: what a fallback family is scaled by, so
    /// that its letters sit as large as the theme font's.
    pub x_height: f32,
}

/// One font face, its bytes kept for embedding.
#[derive(Debug)]
pub struct Font {
    /// The PostScript name, as written into the PDF.
    pub postscript_name: String,
    /// The font file.
    data: Arc<[u8]>,
    /// Font units per em.
    pub units_per_em: f32,
    /// Vertical metrics.
    pub metrics: VMetrics,
}

/// Why a font could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The bytes are not a font this program can read.
    #[error("{0} is not a TrueType or OpenType font")]
    NotAFont(String),
    /// The file could not be read.
    #[error("cannot read the font {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The family named by `theme.font` was not found.
    #[error("no font family called \"{name}\" is built in or in {folder}{found}")]
    UnknownFamily {
        /// The name asked for.
        name: String,
        /// Where pack fonts were looked for.
        folder: String,
        /// What was found there, for the message.
        found: String,
    },
    /// A font file leads outside the pack's folder.
    #[error("{0}: a pack's fonts must be inside its folder")]
    Outside(String),
    /// The family has no regular face.
    #[error("the font family \"{0}\" has no regular (400) face")]
    NoRegular(String),
}

impl Font {
    /// Reads a face from the bytes of a TTF or OTF file.
    pub fn from_bytes(data: Arc<[u8]>, what: &str) -> Result<Font, FontError> {
        let face =
            ttf_parser::Face::parse(&data, 0).map_err(|_| FontError::NotAFont(what.to_string()))?;
        let upem = face.units_per_em() as f32;
        let ascender = face.ascender() as f32 / upem;
        let descender = face.descender() as f32 / upem;
        let cap_height = face
            .capital_height()
            .map(|h| h as f32 / upem)
            .unwrap_or(ascender * 0.7);
        let x_height = face
            .x_height()
            .filter(|h| *h > 0)
            .map(|h| h as f32 / upem)
            .unwrap_or(cap_height * 0.7);
        let postscript_name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "Font".to_string());
        Ok(Font {
            postscript_name,
            units_per_em: upem,
            metrics: VMetrics {
                ascender,
                descender,
                cap_height,
                x_height,
            },
            data,
        })
    }

    /// The font file's bytes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The font file's bytes, shared.
    pub fn shared_data(&self) -> Arc<[u8]> {
        Arc::clone(&self.data)
    }

    /// A shaping face over this font. Parsing costs about 0.07 ms, so callers
    /// make one per job, not per word.
    pub fn face(&self) -> Option<rustybuzz::Face<'_>> {
        rustybuzz::Face::from_slice(&self.data, 0)
    }
}

/// A regular and a bold face of one family.
#[derive(Debug)]
pub struct FontFamily {
    /// Unique in the process, never reused: what caches of shaped and set
    /// text key the family by.
    id: u64,
    /// The family's name.
    pub name: String,
    /// The regular face.
    pub regular: Font,
    /// The bold face.
    pub bold: Font,
}

/// The next family's id.
static NEXT_FAMILY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_family_id() -> u64 {
    NEXT_FAMILY.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl FontFamily {
    /// This family's id: unique in the process, so text shaped or set in
    /// it can be cached by it.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// A family of two faces, with a new id.
    pub fn new(name: &str, regular: Font, bold: Font) -> FontFamily {
        FontFamily {
            id: next_family_id(),
            name: name.to_string(),
            regular,
            bold,
        }
    }

    /// The family compiled into the binary, read once per process.
    pub fn builtin() -> Arc<FontFamily> {
        static FAMILY: OnceLock<Arc<FontFamily>> = OnceLock::new();
        Arc::clone(FAMILY.get_or_init(|| {
            let read = |bytes: &'static [u8], what| match Font::from_bytes(Arc::from(bytes), what) {
                Ok(f) => f,
                // The bytes are compiled in and covered by tests: this cannot fail
                // at run time unless the binary itself is corrupt.
                Err(e) => unreachable!("built-in font: {e}"),
            };
            Arc::new(FontFamily {
                id: next_family_id(),
                name: BUILTIN_FAMILY.to_string(),
                regular: read(BUILTIN_REGULAR, "built-in regular"),
                bold: read(BUILTIN_BOLD, "built-in bold"),
            })
        }))
    }

    /// The face of a weight.
    pub fn font(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Finds the family a pack asks for: the built-in one when `name` is absent
    /// or names it, otherwise a family in the pack's `fonts/` folder.
    pub fn resolve(name: Option<&str>, pack_dir: &Path) -> Result<Arc<FontFamily>, FontError> {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(FontFamily::builtin());
        };
        if BUILTIN_ALIASES.contains(&name.to_lowercase().as_str()) {
            return Ok(FontFamily::builtin());
        }
        let faces = read_faces(pack_dir)?;
        FontFamily::find(name, faces, pack_dir)
    }

    /// The family called `name` among a pack folder's faces.
    fn find(
        name: &str,
        faces: Vec<(String, u16, Font)>,
        pack_dir: &Path,
    ) -> Result<Arc<FontFamily>, FontError> {
        let folder = pack_dir.join("fonts");
        let wanted = name.to_lowercase();
        let mut matching: Vec<(u16, Font)> = Vec::new();
        let mut found: Vec<String> = Vec::new();
        for (family, weight, font) in faces {
            if family.to_lowercase() == wanted {
                matching.push((weight, font));
            } else if !found.contains(&family) {
                found.push(family);
            }
        }
        if matching.is_empty() {
            let found = if found.is_empty() {
                format!(
                    " (it has no .ttf or .otf files); the built-in family is \"{BUILTIN_FAMILY}\""
                )
            } else {
                format!(
                    " (it has: {}); the built-in family is \"{BUILTIN_FAMILY}\"",
                    found.join(", ")
                )
            };
            return Err(FontError::UnknownFamily {
                name: name.to_string(),
                folder: folder.display().to_string(),
                found,
            });
        }
        FontFamily::from_faces(name, matching)
    }

    /// A family from its faces: regular is the weight nearest 400, bold the
    /// nearest 700 (or the regular face again, when there is one face).
    fn from_faces(
        name: &str,
        mut matching: Vec<(u16, Font)>,
    ) -> Result<Arc<FontFamily>, FontError> {
        matching.sort_by_key(|(w, _)| *w);
        let regular_at =
            nearest(&matching, 400).ok_or_else(|| FontError::NoRegular(name.to_string()))?;
        let bold_at = nearest(&matching, 700).unwrap_or(regular_at);
        let mut fonts: Vec<Option<Font>> = matching.into_iter().map(|(_, f)| Some(f)).collect();
        let regular = fonts[regular_at]
            .take()
            .ok_or_else(|| FontError::NoRegular(name.to_string()))?;
        let bold = match fonts.get_mut(bold_at).and_then(Option::take) {
            Some(b) => b,
            // One face only: bold text is drawn with it too.
            None => Font::from_bytes(regular.shared_data(), name)?,
        };
        Ok(Arc::new(FontFamily {
            id: next_family_id(),
            name: name.to_string(),
            regular,
            bold,
        }))
    }

    /// Every family in a pack's `fonts/` folder, in the order of their
    /// names: the pack's own fallbacks, after the theme font.
    pub fn all_in(pack_dir: &Path) -> Result<Vec<Arc<FontFamily>>, FontError> {
        let faces = read_faces(pack_dir)?;
        let mut names: Vec<String> = faces.iter().map(|(f, _, _)| f.clone()).collect();
        names.sort();
        names.dedup();
        let mut by_name: Vec<(String, Vec<(u16, Font)>)> =
            names.into_iter().map(|n| (n, Vec::new())).collect();
        for (family, weight, font) in faces {
            if let Some((_, v)) = by_name.iter_mut().find(|(n, _)| *n == family) {
                v.push((weight, font));
            }
        }
        by_name
            .into_iter()
            .map(|(name, faces)| FontFamily::from_faces(&name, faces))
            .collect()
    }
}

/// Reads every face in a pack's `fonts/` folder (none if there is none):
/// its family name, weight class and font.
fn read_faces(pack_dir: &Path) -> Result<Vec<(String, u16, Font)>, FontError> {
    let folder = pack_dir.join("fonts");
    let mut faces: Vec<(String, u16, Font)> = Vec::new();
    let Ok(entries) = fs::read_dir(&folder) else {
        return Ok(faces);
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        if !matches!(ext.as_deref(), Some("ttf" | "otf")) {
            continue;
        }
        let what = path.display().to_string();
        if let Err(message) = crate::files::confined(&path, pack_dir) {
            return Err(FontError::Outside(message));
        }
        let too_big = fs::metadata(&path)
            .map(|m| m.len() > MAX_FONT_BYTES)
            .unwrap_or(false);
        if too_big {
            return Err(FontError::NotAFont(format!("{what} (larger than 20 MB)")));
        }
        let bytes = fs::read(&path).map_err(|source| FontError::Io {
            path: what.clone(),
            source,
        })?;
        let data: Arc<[u8]> = Arc::from(bytes);
        let (family, weight) =
            family_and_weight(&data).ok_or_else(|| FontError::NotAFont(what.clone()))?;
        faces.push((family, weight, Font::from_bytes(data, &what)?));
    }
    Ok(faces)
}

/// Index of the face whose weight is nearest `target`.
fn nearest(faces: &[(u16, Font)], target: u16) -> Option<usize> {
    faces
        .iter()
        .enumerate()
        .min_by_key(|(_, (w, _))| (*w as i32 - target as i32).abs())
        .map(|(i, _)| i)
}

/// A face's family name (typographic family, else family with weight words
/// removed) and its weight class.
fn family_and_weight(data: &[u8]) -> Option<(String, u16)> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let name = |id| {
        face.names()
            .into_iter()
            .filter(|n| n.name_id == id)
            .find_map(|n| n.to_string())
    };
    let family = name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| {
        name(ttf_parser::name_id::FAMILY).map(|f| {
            let words: Vec<&str> = f
                .split_whitespace()
                .filter(|w| {
                    !matches!(
                        w.to_lowercase().as_str(),
                        "regular" | "bold" | "italic" | "medium" | "light"
                    )
                })
                .collect();
            words.join(" ")
        })
    })?;
    // A face marked bold (its style bits) but with a regular weight class,
    // as Debian's Noto Nastaliq Urdu Bold is, counts as bold: otherwise
    // it ties with the regular face and may be taken for it.
    let weight = face.weight().to_number();
    let weight = if face.is_bold() && weight < 600 {
        700
    } else {
        weight
    };
    Some((family, weight))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_family_reads_and_has_welsh_letters() {
        let fam = FontFamily::builtin();
        assert_eq!(fam.regular.units_per_em, 1000.0);
        let face = fam.regular.face().unwrap();
        for c in "ŵŷâ’–£".chars() {
            assert!(face.glyph_index(c).is_some(), "{c}");
        }
        assert!(face.glyph_index('→').is_none());
        assert!(fam
            .regular
            .postscript_name
            .starts_with("AtkinsonHyperlegibleNext"));
    }

    #[test]
    fn resolve_accepts_the_builtin_names() {
        let dir = Path::new("/nonexistent");
        for n in [
            None,
            Some("Atkinson Hyperlegible"),
            Some("atkinson hyperlegible next"),
        ] {
            assert_eq!(FontFamily::resolve(n, dir).unwrap().name, BUILTIN_FAMILY);
        }
        let err = FontFamily::resolve(Some("Comic Sans"), dir).unwrap_err();
        assert!(err.to_string().contains("Comic Sans"));
    }
}
