//! Fonts for the PDF: each face subset to the glyphs a document draws,
//! with exact widths and a Unicode map, cached for the process by glyph
//! set, so a batch of documents with the same words subsets once.

use std::collections::BTreeMap;
use std::sync::Arc;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::writers::{CidFont, FontDescriptor, Type0Font};
use pdf_writer::{Filter, Finish, Name, Rect, Ref, Str};
use rustybuzz::ttf_parser;
use sha2::{Digest, Sha256};

use super::compress::{deflate, deflate_fast, Cache};
use super::object::{rounded, Pdf};
use super::RenderError;
use crate::text::Font;

/// The first character of the text of a blank glyph drawn with no width
/// to carry a glyph's marks (never written: the Unicode map gives the
/// rest). pdf.js takes a glyph whose text holds a nonspacing mark for a
/// mark of no width, so it neither moves on by its width nor starts a
/// new word or line at it: a word that begins with a consonant and its
/// vowel sign drawn as one glyph (Bengali "শু") would read with a space
/// after that glyph, and one at a line's start on the line before. The
/// glyph then maps to its letter alone and the blank after it to the
/// marks, which pdf.js (and every reader) joins to the letter.
pub(super) const PHANTOM: char = '\u{0}';

/// The glyphs a document draws in one face: each glyph id with every text
/// it is drawn for, in order of first use. Each text of a glyph gets a CID
/// of its own (all drawing the glyph), so that the Unicode map gives every
/// glyph drawn the text it was drawn for: pdf.js reads only the map.
pub type GlyphSet = BTreeMap<u16, Vec<String>>;

/// A face subset for embedding: everything about it that does not depend
/// on the document's object numbers, ready to write into a file.
pub struct Embedded {
    /// The face's bytes, held so that while the cache keeps this subset
    /// no other face can take their address (part of the cache key).
    _face: Arc<[u8]>,
    /// `ABCDEF+PostScriptName`: the subset tag comes from the glyph set.
    pub base_font: String,
    /// The CID content writes for each original glyph id drawn for its
    /// first text (0 where the glyph is not in the subset).
    cids: Vec<u16>,
    /// The CIDs of glyphs drawn for other texts: by original glyph id,
    /// each text with its CID.
    more_cids: BTreeMap<u16, Vec<(String, u16)>>,
    /// Each original glyph id's first text (what its first CID maps to).
    texts: BTreeMap<u16, String>,
    /// True if every glyph is drawn for one text only (every Latin
    /// face): each glyph's CID then maps the text it is drawn for.
    pub one_text_each: bool,
    /// This face's own CIDToGIDMap (deflated), where it has CIDs beyond
    /// the document's shared map (a glyph drawn for several texts).
    own_cid_map: Option<Vec<u8>>,
    /// Each original glyph's advance as /W gives it, in thousandths of an
    /// em (indexed like `cids`).
    widths: Vec<f32>,
    /// The /W array: runs of consecutive CIDs, each from its first CID.
    w_runs: Vec<(u16, Vec<f32>)>,
    /// True where CIDs are printable (see [`printable_cid`]), and so map
    /// to glyph ids through the document's CIDToGIDMap ([`cid_map`]).
    pub printable: bool,
    /// How many glyphs the subset has, .notdef included.
    pub glyph_count: usize,
    /// True for CFF outlines (CIDFontType0 and FontFile3), false for
    /// TrueType (CIDFontType2 and FontFile2).
    cff: bool,
    /// The subset font file, deflated.
    file: Vec<u8>,
    /// The ToUnicode CMap, deflated.
    to_unicode: Vec<u8>,
    /// The descriptor's metrics and flags.
    metrics: Metrics,
}

/// What a font descriptor says of a face, in thousandths of an em.
struct Metrics {
    /// The face is italic.
    italic: bool,
    bbox: Rect,
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    stem_v: f32,
}

impl Embedded {
    /// The CID content writes for glyph `gid` drawn for `text`: the
    /// glyph's first CID where the face has none for that text (a CFF
    /// face, whose CIDs are its glyph ids; drawing then gives the text as
    /// ActualText).
    pub fn cid(&self, gid: u16, text: &str) -> u16 {
        self.more_cids
            .get(&gid)
            .and_then(|more| more.iter().find(|(t, _)| t == text))
            .map_or_else(
                || self.cids.get(gid as usize).copied().unwrap_or(0),
                |(_, cid)| *cid,
            )
    }

    /// The CID of glyph `gid` drawn for its first (in a face where every
    /// glyph has one, its only) text.
    pub fn first_cid(&self, gid: u16) -> u16 {
        self.cids.get(gid as usize).copied().unwrap_or(0)
    }

    /// True if the Unicode map gives `text` for glyph `gid` as drawn with
    /// [`Embedded::cid`].
    pub fn maps(&self, gid: u16, text: &str) -> bool {
        self.texts.get(&gid).is_some_and(|t| t == text)
            || self
                .more_cids
                .get(&gid)
                .is_some_and(|more| more.iter().any(|(t, _)| t == text))
    }

    /// Glyph `gid`'s advance as the PDF gives it, in thousandths of an em.
    pub fn width(&self, gid: u16) -> f32 {
        self.widths.get(gid as usize).copied().unwrap_or(0.0)
    }

    /// Writes the font's five objects, naming `cid_map` (the document's
    /// CIDToGIDMap) where its CIDs are printable; returns the Type0 font's
    /// number.
    pub fn write(&self, pdf: &mut Pdf, cid_map: Option<Ref>) -> Result<Ref, RenderError> {
        let [type0, cid_font, descriptor, file, cmap] = [
            pdf.alloc()?,
            pdf.alloc()?,
            pdf.alloc()?,
            pdf.alloc()?,
            pdf.alloc()?,
        ];
        let cid_map = cid_map.filter(|_| self.printable);
        let own_map = match &self.own_cid_map {
            Some(map) => {
                let r = pdf.alloc()?;
                Some((r, map))
            }
            None => None,
        };
        let cid_map = own_map.as_ref().map(|(r, _)| *r).or(cid_map);
        let base_font = Name(self.base_font.as_bytes());
        pdf.object(type0)
            .start::<Type0Font>()
            .base_font(base_font)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font)
            .to_unicode(cmap);
        let mut cid = pdf.object(cid_font).start::<CidFont>();
        cid.subtype(if self.cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(base_font)
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        })
        .font_descriptor(descriptor);
        let mut w = cid.widths();
        for (first, widths) in &self.w_runs {
            w.consecutive(*first, widths.iter().copied());
        }
        w.finish();
        match cid_map {
            Some(map) => cid.cid_to_gid_map_stream(map),
            None if !self.cff => cid.cid_to_gid_map_predefined(Name(b"Identity")),
            None => &mut cid,
        };
        cid.finish();
        let m = &self.metrics;
        // Symbolic: the font's own encoding, as every CID font has; italic
        // where it is.
        let mut flags = FontFlags::SYMBOLIC;
        if m.italic {
            flags |= FontFlags::ITALIC;
        }
        let mut d = pdf.object(descriptor).start::<FontDescriptor>();
        d.name(base_font)
            .flags(flags)
            .bbox(m.bbox)
            .italic_angle(m.italic_angle)
            .ascent(m.ascent)
            .descent(m.descent)
            .cap_height(m.cap_height)
            .stem_v(m.stem_v);
        if self.cff {
            d.font_file3(file);
        } else {
            d.font_file2(file);
        }
        d.finish();
        let mut s = pdf.stream(file, &self.file)?.stream(file, &self.file);
        s.filter(Filter::FlateDecode);
        if self.cff {
            s.pair(Name(b"Subtype"), Name(b"OpenType"));
        }
        s.finish();
        pdf.stream(cmap, &self.to_unicode)?
            .stream(cmap, &self.to_unicode)
            .filter(Filter::FlateDecode);
        if let Some((r, map)) = own_map {
            pdf.stream(r, map)?
                .stream(r, map)
                .filter(Filter::FlateDecode);
        }
        Ok(type0)
    }
}

/// Subsets cached by face and glyph set. The key holds the face's bytes
/// (so its address is never reused while the entry lives) and a hash of
/// the glyphs and their texts.
type Key = (usize, usize, [u8; 32]);
static SUBSETS: Cache<Key, Embedded> = Cache::new(64);

/// `font` subset to `glyphs`, made once per process for each glyph set.
pub fn embed(font: &Font, glyphs: &GlyphSet) -> Result<Arc<Embedded>, RenderError> {
    let data = font.shared_data();
    let digest = glyph_set_hash(font, glyphs);
    let key = (data.as_ptr() as usize, data.len(), digest);
    SUBSETS.get_or(key, || subset(font, glyphs, &digest))
}

/// The glyph set's digest: the cache key and the subset's tag. A set
/// whose glyphs each have one text hashes as it always has (so a
/// document's bytes, its subset tags among them, stay what they were);
/// one with a glyph of several texts is marked apart (a byte no
/// PostScript name starts with) and hashes every text with its length,
/// since a blank's texts begin with a zero byte.
fn glyph_set_hash(font: &Font, glyphs: &GlyphSet) -> [u8; 32] {
    let mut h = Sha256::new();
    let several = glyphs.values().any(|t| t.len() != 1);
    if several {
        h.update([0xFF]);
    }
    h.update(font.postscript_name.as_bytes());
    h.update([0]);
    for (gid, texts) in glyphs {
        h.update(gid.to_be_bytes());
        if several {
            h.update((texts.len() as u64).to_be_bytes());
            for text in texts {
                h.update((text.len() as u64).to_be_bytes());
                h.update(text.as_bytes());
            }
        } else {
            for text in texts {
                h.update(text.as_bytes());
                h.update([0]);
            }
        }
    }
    h.finalize().into()
}

/// Subsets `font` to `glyphs` and prepares everything the PDF needs from
/// it, uncached (what [`embed`] caches; public for the benches).
pub fn subset(font: &Font, glyphs: &GlyphSet, digest: &[u8; 32]) -> Result<Embedded, RenderError> {
    let bad = || RenderError::Font(font.postscript_name.clone());
    let face = ttf_parser::Face::parse(font.data(), 0).map_err(|_| bad())?;
    let mut remapper = subsetter::GlyphRemapper::new();
    for &gid in glyphs.keys() {
        remapper.remap(gid);
    }
    let file = subsetter::subset(font.data(), 0, &remapper).map_err(|_| bad())?;

    let upem = f32::from(face.units_per_em());
    let to_1000 = |v: f32| v * 1000.0 / upem;
    let max = glyphs.keys().next_back().copied().unwrap_or(0) as usize;
    let cff = face.tables().cff.is_some();
    let mut cids = vec![0u16; max + 1];
    let mut widths = vec![0.0; max + 1];
    // New glyph ids run 0 (.notdef) then 1, 2, ... in the order glyphs
    // were remapped. A TrueType subset's CIDs are printable pairs of bytes
    // (mapped to the glyph ids by a CIDToGIDMap), a CFF subset's are its
    // glyph ids.
    // Every text of a glyph after its first gets a CID of its own, past
    // the glyphs' (only where CIDs go through a CIDToGIDMap, as a
    // TrueType subset's do).
    let extra: usize = glyphs.values().map(|t| t.len().saturating_sub(1)).sum();
    let printable = !cff && glyphs.len() + extra <= PRINTABLE.len() * PRINTABLE.len();
    let mapped = !cff && glyphs.len() + extra < usize::from(u16::MAX);
    let cid_of = |new: u16| match printable {
        true => printable_cid(new),
        false => new,
    };
    // (CID, new glyph id, width), .notdef first.
    let mut by_cid: Vec<(u16, u16, f32)> = Vec::with_capacity(glyphs.len() + extra + 1);
    by_cid.push((0, 0, advance(&face, 0, to_1000)));
    let mut texts = BTreeMap::new();
    let mut more_cids: BTreeMap<u16, Vec<(String, u16)>> = BTreeMap::new();
    // (CID, text) for the Unicode map.
    let mut unicode: Vec<(u16, &str)> = Vec::with_capacity(glyphs.len() + extra);
    let mut next = u16::try_from(glyphs.len() + 1).unwrap_or(u16::MAX);
    for (&gid, all) in glyphs {
        let Some(new) = remapper.get(gid) else {
            continue;
        };
        let w = advance(&face, gid, to_1000);
        // A blank drawn only to carry marks moves the pen nowhere.
        let width_for = |text: &str| match text.starts_with(PHANTOM) {
            true => 0.0,
            false => w,
        };
        let Some((first, rest)) = all.split_first() else {
            continue;
        };
        cids[gid as usize] = cid_of(new);
        widths[gid as usize] = w;
        by_cid.push((cid_of(new), new, width_for(first)));
        texts.insert(gid, first.clone());
        unicode.push((cid_of(new), first.trim_start_matches(PHANTOM)));
        if !mapped {
            continue;
        }
        for text in rest {
            let cid = cid_of(next);
            more_cids.entry(gid).or_default().push((text.clone(), cid));
            by_cid.push((cid, new, width_for(text)));
            unicode.push((cid, text.trim_start_matches(PHANTOM)));
            next = next.saturating_add(1);
        }
    }
    // A CIDToGIDMap of this face's own where some CIDs draw a glyph that
    // another CID draws too (the shared map sends each CID to its own).
    let own_cid_map = (!more_cids.is_empty()).then(|| {
        let last = by_cid.iter().map(|&(cid, _, _)| cid).max().unwrap_or(0);
        let mut map = vec![0u8; (usize::from(last) + 1) * 2];
        for &(cid, new, _) in &by_cid {
            let at = usize::from(cid) * 2;
            if let Some(slot) = map.get_mut(at..at + 2) {
                slot.copy_from_slice(&new.to_be_bytes());
            }
        }
        deflate(&map)
    });
    by_cid.sort_by_key(|&(cid, _, _)| cid);
    let mut w_runs: Vec<(u16, Vec<f32>)> = Vec::new();
    for &(cid, _, w) in &by_cid {
        match w_runs.last_mut() {
            Some((first, run)) if usize::from(*first) + run.len() == usize::from(cid) => {
                run.push(w)
            }
            _ => w_runs.push((cid, vec![w])),
        }
    }
    let mut cmap = UnicodeCmap::new(
        Name(b"Adobe-Identity-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    unicode.sort_by_key(|&(cid, _)| cid);
    for (cid, text) in unicode {
        if !text.is_empty() {
            // A ligature maps to all its letters.
            cmap.pair_with_multiple(cid, text.chars());
        }
    }
    let to_unicode = cmap.finish();

    let tag: String = digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let bbox = face.global_bounding_box();
    let ascent = to_1000(f32::from(face.ascender()));
    let cap = to_1000(face.capital_height().map_or(ascent, f32::from));
    let weight = f32::from(face.weight().to_number());
    let metrics = Metrics {
        italic: face.is_italic(),
        bbox: Rect::new(
            rounded(to_1000(f32::from(bbox.x_min))),
            rounded(to_1000(f32::from(bbox.y_min))),
            rounded(to_1000(f32::from(bbox.x_max))),
            rounded(to_1000(f32::from(bbox.y_max))),
        ),
        italic_angle: rounded(face.italic_angle()),
        ascent: rounded(ascent),
        descent: rounded(to_1000(f32::from(face.descender()))),
        cap_height: rounded(cap),
        // No font table gives the stem width; this is the usual estimate
        // from the weight class.
        stem_v: rounded(10.0 + 0.244 * (weight - 50.0)),
    };
    let m = &metrics;
    let numbers = [
        m.bbox.x1,
        m.bbox.y1,
        m.bbox.x2,
        m.bbox.y2,
        m.italic_angle,
        m.ascent,
    ];
    if !numbers.iter().chain(&widths).all(|v| v.is_finite()) {
        return Err(bad());
    }

    Ok(Embedded {
        _face: font.shared_data(),
        base_font: format!("{tag}+{}", font.postscript_name),
        cids,
        more_cids,
        texts,
        one_text_each: extra == 0,
        own_cid_map,
        widths,
        w_runs,
        printable,
        glyph_count: by_cid.len(),
        cff,
        // Cached with the subset: compressed once, harder.
        file: deflate(&file),
        to_unicode: deflate_fast(&to_unicode),
        metrics,
    })
}

/// A glyph's advance in thousandths of an em, as written in /W (so that
/// TJ offsets computed against it land each glyph exactly).
fn advance(face: &ttf_parser::Face, gid: u16, to_1000: impl Fn(f32) -> f32) -> f32 {
    let adv = face
        .glyph_hor_advance(ttf_parser::GlyphId(gid))
        .unwrap_or(0);
    rounded(to_1000(f32::from(adv)))
}

/// The bytes a CID is made of where it is printable: the printable ASCII
/// characters but the three a PDF string escapes (`(`, `)`, `\`).
/// pdf-writer writes a string of ASCII bytes as a literal string with
/// every other byte escaped (four bytes for a zero): with CIDs of these
/// bytes each glyph is two bytes in the content stream, as compact to
/// deflate as it gets.
const PRINTABLE: [u8; 92] = {
    let mut out = [0u8; 92];
    let (mut b, mut i) = (0x20u8, 0);
    while b < 0x7f {
        if b != b'(' && b != b')' && b != b'\\' {
            out[i] = b;
            i += 1;
        }
        b += 1;
    }
    out
};

/// The printable CID for new glyph id `new` (.notdef keeps 0): the
/// (`new` - 1)th pair of [`PRINTABLE`] bytes. Only for subsets of at most
/// 92 x 92 glyphs.
fn printable_cid(new: u16) -> u16 {
    let Some(i) = usize::from(new).checked_sub(1) else {
        return 0;
    };
    let n = PRINTABLE.len();
    match (PRINTABLE.get(i / n), PRINTABLE.get(i % n)) {
        (Some(&hi), Some(&lo)) => u16::from_be_bytes([hi, lo]),
        _ => new,
    }
}

/// Maps cached by how many rows of [`PRINTABLE`] CIDs they cover.
static CID_MAPS: Cache<usize, Vec<u8>> = Cache::new(8);

/// The CIDToGIDMap every subset with printable CIDs shares (deflated),
/// for subsets of up to `glyphs` glyphs: [`printable_cid`] is one
/// function of the new glyph id, so one map serves every face of a
/// document. It covers whole rows of 92 CIDs, so that documents of a
/// batch share it; the entries past a face's glyphs are never used.
pub fn cid_map(glyphs: usize) -> Arc<Vec<u8>> {
    let n = PRINTABLE.len();
    let rows = glyphs.saturating_sub(1).div_ceil(n).clamp(1, n);
    let made = CID_MAPS.get_or(rows, || {
        let count = rows * n;
        let last = usize::from(printable_cid(u16::try_from(count).unwrap_or(u16::MAX)));
        let mut map = vec![0u8; (last + 1) * 2];
        for new in 1..=count {
            let new = u16::try_from(new).unwrap_or(u16::MAX);
            let at = usize::from(printable_cid(new)) * 2;
            if let Some(slot) = map.get_mut(at..at + 2) {
                slot.copy_from_slice(&new.to_be_bytes());
            }
        }
        Ok::<_, std::convert::Infallible>(deflate(&map))
    });
    match made {
        Ok(map) => map,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_cids_are_unique_two_byte_strings_with_nothing_to_escape() {
        let n = PRINTABLE.len() * PRINTABLE.len();
        let mut seen = std::collections::BTreeSet::new();
        for new in 1..=u16::try_from(n).unwrap() {
            let cid = printable_cid(new);
            assert!(seen.insert(cid), "{new}: {cid:#x} twice");
            for b in cid.to_be_bytes() {
                assert!(
                    (0x20..0x7f).contains(&b) && !b"()\\".contains(&b),
                    "{cid:#x}"
                );
            }
        }
        assert_eq!(printable_cid(0), 0, ".notdef keeps CID 0");
        assert_eq!(printable_cid(1), 0x2020);
    }

    #[test]
    fn the_shared_cid_map_sends_each_printable_cid_to_its_glyph() {
        use std::io::Read;
        let packed = cid_map(200);
        let mut map = Vec::new();
        flate2::read::ZlibDecoder::new(&packed[..])
            .read_to_end(&mut map)
            .unwrap();
        for new in 1..=200u16 {
            let at = usize::from(printable_cid(new)) * 2;
            assert_eq!(u16::from_be_bytes([map[at], map[at + 1]]), new);
        }
    }
}
