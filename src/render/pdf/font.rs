//! Fonts for the PDF: each face subset to the glyphs a document draws,
//! with exact widths and a Unicode map, cached for the process by glyph
//! set, so a batch of documents with the same words subsets once.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustybuzz::ttf_parser;
use sha2::{Digest, Sha256};

use super::compress::{deflate_fast, Cache};
use super::object::{self, Dict, Pdf, Ref};
use super::RenderError;
use crate::text::Font;

/// The glyphs a document draws in one face: each glyph id with the text it
/// stands for (the first text it was drawn with, for the Unicode map),
/// borrowed from the document's runs.
pub type GlyphSet<'a> = BTreeMap<u16, &'a str>;

/// A face subset for embedding: everything about it that does not depend
/// on the document's object numbers, ready to copy into a file.
pub struct Embedded {
    /// The face's bytes, held so that while the cache keeps this subset
    /// no other face can take their address (part of the cache key).
    _face: Arc<[u8]>,
    /// `ABCDEF+PostScriptName`: the subset tag comes from the glyph set.
    pub base_font: String,
    /// The subset's glyph id for each original glyph id (`u16::MAX` where
    /// the glyph is not in the subset).
    new_ids: Vec<u16>,
    /// Each original glyph's advance as /W gives it, in thousandths of an
    /// em (indexed like `new_ids`).
    widths: Vec<f32>,
    /// The /W array.
    w_array: Vec<u8>,
    /// True for CFF outlines (CIDFontType0 and FontFile3), false for
    /// TrueType (CIDFontType2 and FontFile2).
    cff: bool,
    /// The subset font file, deflated.
    file: Vec<u8>,
    /// The ToUnicode CMap, deflated.
    to_unicode: Vec<u8>,
    /// The descriptor's entries other than /FontFile: metrics and flags.
    descriptor: Vec<u8>,
}

impl Embedded {
    /// The subset's id for glyph `gid` (the CID written in content).
    pub fn cid(&self, gid: u16) -> u16 {
        self.new_ids.get(gid as usize).copied().unwrap_or(0)
    }

    /// Glyph `gid`'s advance as the PDF gives it, in thousandths of an em.
    pub fn width(&self, gid: u16) -> f32 {
        self.widths.get(gid as usize).copied().unwrap_or(0.0)
    }

    /// Writes the font's five objects; returns the Type0 font's number.
    pub fn write(&self, pdf: &mut Pdf) -> Ref {
        let [type0, cid_font, descriptor, file, cmap] = [(); 5].map(|_| pdf.alloc());
        pdf.object(type0, |b| {
            Dict::new(b)
                .name("Type", "Font")
                .name("Subtype", "Type0")
                .name("BaseFont", &self.base_font)
                .name("Encoding", "Identity-H")
                .with("DescendantFonts", |b| {
                    b.push(b'[');
                    object::reference(b, cid_font);
                    b.push(b']');
                })
                .reference("ToUnicode", cmap)
                .finish();
        });
        pdf.object(cid_font, |b| {
            let mut d = Dict::new(b);
            d.name("Type", "Font")
                .name(
                    "Subtype",
                    if self.cff {
                        "CIDFontType0"
                    } else {
                        "CIDFontType2"
                    },
                )
                .name("BaseFont", &self.base_font)
                .raw(
                    "CIDSystemInfo",
                    b"<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>",
                )
                .reference("FontDescriptor", descriptor)
                .raw("W", &self.w_array);
            if !self.cff {
                d.name("CIDToGIDMap", "Identity");
            }
            d.finish();
        });
        pdf.object(descriptor, |b| {
            b.extend_from_slice(b"<</Type /FontDescriptor");
            object::name(b, b"FontName");
            b.push(b' ');
            object::name(b, self.base_font.as_bytes());
            // The metrics were written once, when the subset was made.
            b.extend_from_slice(&self.descriptor);
            let key = if self.cff { "FontFile3" } else { "FontFile2" };
            name_ref(b, key, file);
            b.extend_from_slice(b">>");
        });
        pdf.stream(file, &self.file, true, |d| {
            if self.cff {
                d.name("Subtype", "OpenType");
            }
        });
        pdf.stream(cmap, &self.to_unicode, true, |_| {});
        type0
    }
}

fn name_ref(b: &mut Vec<u8>, key: &str, r: Ref) {
    object::name(b, key.as_bytes());
    b.push(b' ');
    object::reference(b, r);
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

fn glyph_set_hash(font: &Font, glyphs: &GlyphSet) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(font.postscript_name.as_bytes());
    h.update([0]);
    for (gid, text) in glyphs {
        h.update(gid.to_be_bytes());
        h.update(text.as_bytes());
        h.update([0]);
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
    let mut new_ids = vec![u16::MAX; max + 1];
    let mut widths = vec![0.0; max + 1];
    // New ids run 0 (.notdef) then 1, 2, ... in the order glyphs were
    // remapped: /W lists them all from 0.
    let mut by_new: Vec<(u16, f32)> = Vec::with_capacity(glyphs.len() + 1);
    by_new.push((0, advance(&face, 0, to_1000)));
    for &gid in glyphs.keys() {
        let Some(new) = remapper.get(gid) else {
            continue;
        };
        let w = advance(&face, gid, to_1000);
        new_ids[gid as usize] = new;
        widths[gid as usize] = w;
        if new as usize >= by_new.len() {
            by_new.resize(new as usize + 1, (0, 0.0));
        }
        by_new[new as usize] = (gid, w);
    }
    let mut w_array = Vec::with_capacity(by_new.len() * 5 + 8);
    w_array.extend_from_slice(b"[0[");
    for (i, (_, w)) in by_new.iter().enumerate() {
        if i > 0 {
            w_array.push(b' ');
        }
        object::real(&mut w_array, *w);
    }
    w_array.extend_from_slice(b"]]");

    let mut to_unicode = Vec::with_capacity(glyphs.len() * 24 + 400);
    write_cmap(
        &mut to_unicode,
        glyphs.iter().filter_map(|(gid, text)| {
            let new = remapper.get(*gid)?;
            (!text.is_empty()).then_some((new, *text))
        }),
    );

    let tag: String = digest
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    let bbox = face.global_bounding_box();
    let ascent = to_1000(f32::from(face.ascender()));
    let descent = to_1000(f32::from(face.descender()));
    let cap = to_1000(face.capital_height().map_or(ascent, f32::from));
    let weight = f32::from(face.weight().to_number());
    // Symbolic (4): the font's own encoding, as every CID font has; italic
    // (64) where it is.
    let flags = 4 | if face.is_italic() { 64 } else { 0 };
    let mut descriptor = Vec::with_capacity(160);
    {
        let mut d = Dict::new(&mut descriptor);
        d.int("Flags", flags)
            .rect(
                "FontBBox",
                [
                    to_1000(f32::from(bbox.x_min)),
                    to_1000(f32::from(bbox.y_min)),
                    to_1000(f32::from(bbox.x_max)),
                    to_1000(f32::from(bbox.y_max)),
                ],
            )
            .real("ItalicAngle", face.italic_angle())
            .real("Ascent", ascent)
            .real("Descent", descent)
            .real("CapHeight", cap)
            // No font table gives the stem width; this is the usual
            // estimate from the weight class.
            .real("StemV", 10.0 + 0.244 * (weight - 50.0));
    }
    // Drop the dictionary's opening "<<": these entries are spliced in.
    descriptor.drain(..2);

    Ok(Embedded {
        _face: font.shared_data(),
        base_font: format!("{tag}+{}", font.postscript_name),
        new_ids,
        widths,
        w_array,
        cff: face.tables().cff.is_some(),
        file: deflate_fast(&file),
        to_unicode: deflate_fast(&to_unicode),
        descriptor,
    })
}

/// A glyph's advance in thousandths of an em, as written in /W (so that
/// TJ offsets computed against it land each glyph exactly).
fn advance(face: &ttf_parser::Face, gid: u16, to_1000: impl Fn(f32) -> f32) -> f32 {
    let adv = face
        .glyph_hor_advance(ttf_parser::GlyphId(gid))
        .unwrap_or(0);
    object::rounded(to_1000(f32::from(adv)))
}

/// A ToUnicode CMap (Adobe technical note 5411) mapping each two-byte CID
/// to its text in UTF-16BE: a ligature maps to all its letters.
fn write_cmap<'a>(out: &mut Vec<u8>, entries: impl Iterator<Item = (u16, &'a str)>) {
    out.extend_from_slice(
        b"/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n\
/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(u16, &str)> = entries.collect();
    // At most 100 mappings to a block.
    for block in entries.chunks(100) {
        object::uint(out, block.len() as u64);
        out.extend_from_slice(b" beginbfchar\n");
        for (cid, text) in block {
            object::hex_string(out, &cid.to_be_bytes());
            let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            object::hex_string(out, &utf16);
            out.push(b'\n');
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
}
