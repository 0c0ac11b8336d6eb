//! A page's content stream: each item drawn where layout put it, text in
//! runs with its marked content (structure element or artifact). What to
//! draw and in which marked sequence is decided here; pdf-writer's
//! `Content` writes the operators.

use std::sync::Arc;

use pdf_writer::{Content, Name, Str, TextStr};

use super::faces::{face_index, Faces, RunText};
use super::font::Embedded;
use super::object::{resource_name, rounded};
use super::tags::{role_name, Tagger};
use super::RenderError;
use crate::colour::Colour;
use crate::layout::{GlyphRun, Item, Page, PathOp, Shape};
use crate::units::Point;

/// Which marked-content sequence content belongs in.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(super) enum Mark {
    /// None open.
    None,
    /// Decoration: `/Artifact BMC`.
    Artifact,
    /// A structure node's content: `/Role <</MCID n>> BDC`.
    Node(crate::layout::NodeId),
}

/// What the content stream has set, so nothing is set twice.
pub(super) struct State {
    pub(super) in_text: bool,
    pub(super) font: Option<(usize, f32)>,
    pub(super) fill: Option<Colour>,
    pub(super) stroke: Option<Colour>,
    pub(super) line_width: Option<f32>,
    pub(super) open: Mark,
    /// A resource's name being written (`F0`, `Im1`).
    pub(super) name: Vec<u8>,
}

/// Compact operators: one space between them, no line per operator.
const SETTINGS: pdf_writer::Settings = pdf_writer::Settings { pretty: false };

/// Writes one page's content stream. Every painting operator lies inside
/// a marked-content sequence: a structure node's (with an MCID recorded in
/// `tagger`) or an artifact's. Refuses a page with a position or size that
/// is not a number.
pub(super) fn draw_page(
    page: &Page,
    index: usize,
    faces: &Faces,
    layer: &[Option<RunText>],
    images: &[&Arc<crate::images::Image>],
    tagger: &mut Tagger,
) -> Result<Vec<u8>, RenderError> {
    check(page, index)?;
    let media = page.media();
    // Layout: y down from the trim's top-left. PDF: y up from the media's
    // bottom-left. Every number is rounded to a thousandth of a point.
    let (ox, oy) = (media.x, media.bottom());
    let at = |p: Point| (rounded((p.x - ox).0), rounded((oy - p.y).0));
    let mut c = Content::with_settings_and_capacity(SETTINGS, page.items.len() * 48 + 256);
    let mut s = State {
        in_text: false,
        font: None,
        fill: None,
        stroke: None,
        line_width: None,
        open: Mark::None,
        name: Vec::with_capacity(8),
    };
    let mut want = Mark::Artifact;
    for (n, item) in page.items.iter().enumerate() {
        match item {
            Item::BeginTag(node) => {
                want = match tagger.role(*node) {
                    Some(_) => Mark::Node(*node),
                    None => Mark::Artifact,
                };
            }
            Item::EndTag => want = Mark::Artifact,
            // A turned half page: its own graphics state, which no text
            // object or marked-content sequence straddles.
            Item::BeginTurn(centre) => {
                leave_state(&mut c, &mut s);
                let (x, y) = at(*centre);
                c.save_state().transform([
                    -1.0,
                    0.0,
                    0.0,
                    -1.0,
                    rounded(2.0 * x),
                    rounded(2.0 * y),
                ]);
            }
            Item::EndTurn => {
                leave_state(&mut c, &mut s);
                c.restore_state();
            }
            Item::Text(run) => {
                let face = face_index(run);
                let (Some(Some(font)), Some(Some(text))) = (faces.embedded.get(face), layer.get(n))
                else {
                    continue;
                };
                if run.glyphs.is_empty() {
                    continue;
                }
                enter(&mut c, &mut s, want, index, tagger)?;
                if !s.in_text {
                    c.begin_text();
                    s.in_text = true;
                }
                draw_run(&mut c, &mut s, run, (face, *font), text, &at);
            }
            Item::Shape(shape) => {
                if shape.fill.is_none() && shape.stroke.is_none() || shape.path.ops.is_empty() {
                    continue;
                }
                enter(&mut c, &mut s, want, index, tagger)?;
                end_text(&mut c, &mut s);
                draw_shape(&mut c, &mut s, shape, &at);
            }
            Item::Image(picture) => {
                let Some(i) = images.iter().position(|im| im.id == picture.image.id) else {
                    continue;
                };
                enter(&mut c, &mut s, want, index, tagger)?;
                end_text(&mut c, &mut s);
                let r = picture.rect;
                let (x, y) = at(Point::new(r.x, r.bottom()));
                let (w, h) = (rounded(r.width.0), rounded(r.height.0));
                c.save_state()
                    .transform([w, 0.0, 0.0, h, x, y])
                    .x_object(resource_name(&mut s.name, b"Im", i))
                    .restore_state();
            }
        }
    }
    end_text(&mut c, &mut s);
    if s.open != Mark::None {
        c.end_marked_content();
    }
    Ok(c.finish().into_vec())
}

/// Every position and size on the page a number: pdf-writer would write
/// an infinity or NaN as it is, which no reader can read.
fn check(page: &Page, index: usize) -> Result<(), RenderError> {
    let point = |p: &Point| p.x.0.is_finite() && p.y.0.is_finite();
    let media = page.media();
    let mut ok = [media.x, media.y, media.width, media.height]
        .iter()
        .all(|v| v.0.is_finite());
    for item in &page.items {
        ok &= match item {
            Item::Text(run) => {
                point(&run.origin)
                    && run.width.0.is_finite()
                    && run.size.0.is_finite()
                    && run.size.0 > 0.0
                    && run
                        .glyphs
                        .iter()
                        .all(|g| g.x.0.is_finite() && g.y.0.is_finite())
            }
            Item::Shape(shape) => {
                shape.stroke.is_none_or(|s| s.width.0.is_finite())
                    && shape.path.ops.iter().all(|op| match op {
                        PathOp::Move(p) | PathOp::Line(p) => point(p),
                        PathOp::Cubic(a, b, c) => point(a) && point(b) && point(c),
                        PathOp::Close => true,
                    })
            }
            Item::Image(p) => [p.rect.x, p.rect.y, p.rect.width, p.rect.height]
                .iter()
                .all(|v| v.0.is_finite()),
            Item::BeginTurn(p) => point(p),
            Item::BeginTag(_) | Item::EndTag | Item::EndTurn => true,
        };
    }
    if ok {
        Ok(())
    } else {
        Err(RenderError::Number { page: index + 1 })
    }
}

/// Ends the text object and the marked-content sequence before a
/// graphics state is saved or restored, and forgets what the state held
/// (font, colours, line width): after a restore it is the older state's.
pub(super) fn leave_state(c: &mut Content, s: &mut State) {
    end_text(c, s);
    if s.open != Mark::None {
        c.end_marked_content();
        s.open = Mark::None;
    }
    s.font = None;
    s.fill = None;
    s.stroke = None;
    s.line_width = None;
}

pub(super) fn end_text(c: &mut Content, s: &mut State) {
    if s.in_text {
        c.end_text();
        s.in_text = false;
    }
}

/// Makes `want` the open marked-content sequence. A sequence never
/// straddles a text object: text is ended before and begun after.
pub(super) fn enter(
    c: &mut Content,
    s: &mut State,
    want: Mark,
    page: usize,
    tagger: &mut Tagger,
) -> Result<(), RenderError> {
    if s.open == want {
        return Ok(());
    }
    end_text(c, s);
    if s.open != Mark::None {
        c.end_marked_content();
    }
    match want {
        Mark::Node(node) => {
            let role = tagger
                .role(node)
                .map_or(pdf_writer::types::StructRole::P, role_name);
            let mcid = tagger.mark(page, node)?;
            c.begin_marked_content_with_properties(role.to_name())
                .properties()
                .identify(mcid);
        }
        Mark::Artifact | Mark::None => {
            c.begin_marked_content(Name(b"Artifact"));
        }
    }
    s.open = want;
    Ok(())
}

/// Draws a run: one absolute text position per baseline offset (almost
/// always one), then the glyphs, each followed by the adjustment that
/// puts the next glyph exactly where layout measured it. Each glyph is
/// written as the CID whose Unicode map entry is its text in `text`; a
/// cluster `text` gives as ActualText too (one of more glyphs than
/// letters, or a glyph the face has no CID for with that text) is wrapped
/// in an ActualText span, so that copying and searching give the words as
/// written.
pub(super) fn draw_run(
    c: &mut Content,
    s: &mut State,
    run: &GlyphRun,
    (face, font): (usize, &Embedded),
    text: &RunText,
    at: &impl Fn(Point) -> (f32, f32),
) {
    let size = rounded(run.size.0);
    if s.font != Some((face, size)) {
        c.set_font(resource_name(&mut s.name, b"F", face), size);
        s.font = Some((face, size));
    }
    if s.fill != Some(run.colour) {
        set_fill(c, run.colour);
        s.fill = Some(run.colour);
    }
    let glyphs = &run.glyphs;
    if font.one_text_each && text.spans.is_empty() && text.phantoms.is_empty() {
        // Every glyph of the face maps the one text it is drawn for (every
        // Latin run): no lookups by text, nothing to add.
        let cids: Vec<u16> = glyphs.iter().map(|g| font.first_cid(g.id)).collect();
        let drawn = Drawn {
            cids: &cids,
            blanks: &[],
        };
        show(c, run, &drawn, (0, glyphs.len()), None, (font, size), at);
        return;
    }
    let cids: Vec<u16> = (0..glyphs.len())
        .map(|k| font.cid(glyphs[k].id, text.text(run, k)))
        .collect();
    // Each glyph's blanks to draw before and after it, if any.
    let mut blanks: Vec<[Option<u16>; 2]> = vec![[None, None]; glyphs.len()];
    for p in &text.phantoms {
        if let Some(slot) = blanks.get_mut(p.glyph) {
            slot[usize::from(!p.before)] = Some(font.cid(p.id, &p.text));
        }
    }
    let cids = Drawn {
        cids: &cids,
        blanks: &blanks,
    };
    // The spans: the clusters `text` names, and any glyph the face cannot
    // map to its text (a CFF face has one CID per glyph).
    let mut spans: Vec<(usize, usize, String)> = text.spans.clone();
    for (k, g) in glyphs.iter().enumerate() {
        let t = text.text(run, k);
        let covered = spans.iter().any(|&(i, j, _)| (i..j).contains(&k));
        if !covered && !font.maps(g.id, t) {
            spans.push((k, k + 1, t.to_string()));
        }
    }
    if spans.is_empty() {
        show(c, run, &cids, (0, glyphs.len()), None, (font, size), at);
        return;
    }
    spans.sort_by_key(|&(i, _, _)| i);
    // A stretch of nothing but spaces between spans would be a text
    // object of its own with no width, which PDFium leaves out of its
    // text, space and all: it joins the span after it (or before it, at
    // the run's end), and the span's text takes the spaces.
    let blank = |from: usize, to: usize| {
        (from..to).all(|k| {
            let t = text.text(run, k);
            !t.is_empty() && t.chars().all(char::is_whitespace)
        })
    };
    let mut merged: Vec<(usize, usize, String)> = Vec::with_capacity(spans.len());
    let mut pos = 0;
    for (i, j, t) in spans {
        if i > pos && blank(pos, i) {
            let lead: String = (pos..i).map(|k| text.text(run, k)).collect();
            merged.push((pos, j, lead + &t));
        } else {
            merged.push((i, j, t));
        }
        pos = j;
    }
    if pos < glyphs.len() && blank(pos, glyphs.len()) {
        if let Some(last) = merged.last_mut() {
            let tail: String = (pos..glyphs.len()).map(|k| text.text(run, k)).collect();
            last.2.push_str(&tail);
            last.1 = glyphs.len();
        }
    }
    let mut k = 0;
    for (i, j, t) in &merged {
        if k < *i {
            show(c, run, &cids, (k, *i), None, (font, size), at);
        }
        show(c, run, &cids, (*i, *j), Some(t), (font, size), at);
        c.end_marked_content();
        k = *j;
    }
    if k < glyphs.len() {
        show(c, run, &cids, (k, glyphs.len()), None, (font, size), at);
    }
}

/// The CIDs a run's glyphs are drawn as, by glyph.
pub(super) struct Drawn<'a> {
    /// Each glyph's CID.
    pub(super) cids: &'a [u16],
    /// The CIDs of the blanks of no width drawn before and after each
    /// glyph, if any (empty where the run has none).
    pub(super) blanks: &'a [[Option<u16>; 2]],
}

/// Shows glyphs `from..to` of a run: one text position per baseline
/// offset, then the glyphs. With `actual`, they are one cluster: its
/// ActualText span begins once the pen is at its first glyph (a reader
/// takes the span's place from where the pen is when it begins), and its
/// last glyph moves the pen to where the next glyph of the run starts, so
/// the span covers the cluster and no more. The caller ends the span.
pub(super) fn show(
    c: &mut Content,
    run: &GlyphRun,
    cids: &Drawn,
    (from, to): (usize, usize),
    actual: Option<&str>,
    (font, size): (&Embedded, f32),
    at: &impl Fn(Point) -> (f32, f32),
) {
    let part = &run.glyphs[from..to];
    let end_x = match actual {
        Some(_) => run.glyphs.get(to).map_or(run.width, |g| g.x),
        None => run.width,
    };
    let mut i = 0;
    while i < part.len() {
        let y = part[i].y;
        let mut j = i + 1;
        while j < part.len() && part[j].y == y {
            j += 1;
        }
        let group = &part[i..j];
        let (x0, y0) = at(Point::new(run.origin.x + group[0].x, run.origin.y - y));
        c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x0, y0]);
        if let (Some(text), 0) = (actual, i) {
            c.begin_marked_content_with_properties(Name(b"Span"))
                .properties()
                .actual_text(TextStr(text));
        }
        let last_group = j == part.len();
        // How far (thousandths of an em) the pen has run ahead of layout's
        // positions: corrected once it reaches half a thousandth (0.006 pt
        // at 12 pt, 0.05 pt at 100 pt), so rounding of the size leaves no
        // trail of tiny adjustments and never adds up.
        let mut drift = 0.0f32;
        let mut tj = c.show_positioned();
        let mut items = tj.items();
        // Each glyph as its two-byte CID, in one string until the pen
        // needs moving.
        let mut bytes: Vec<u8> = Vec::with_capacity(group.len() * 2);
        let group_cids = &cids.cids[from + i..from + j];
        for (k, (g, cid)) in group.iter().zip(group_cids).enumerate() {
            let blank = cids.blanks.get(from + i + k).copied().unwrap_or_default();
            // The last glyph of a group is measured to the run's end (the
            // next group starts with its own absolute position anyway), or
            // a cluster's to the next glyph's start.
            let next_x = group
                .get(k + 1)
                .map_or(if last_group { end_x } else { run.width }, |n| n.x);
            let wanted = (next_x - g.x).0 * 1000.0 / size;
            drift += font.width(g.id) - wanted;
            if let Some(before) = blank[0] {
                bytes.extend_from_slice(&before.to_be_bytes());
            }
            bytes.extend_from_slice(&cid.to_be_bytes());
            if let Some(after) = blank[1] {
                bytes.extend_from_slice(&after.to_be_bytes());
            }
            // TJ numbers move the pen left, in thousandths of an em.
            if drift.abs() >= 0.5 {
                let a = rounded(drift);
                drift -= a;
                items.show(Str(&bytes));
                items.adjust(a);
                bytes.clear();
            }
        }
        if !bytes.is_empty() {
            items.show(Str(&bytes));
        }
        i = j;
    }
}

/// `r g b rg`: the fill colour.
fn set_fill(c: &mut Content, colour: Colour) {
    let [r, g, b] = colour.to_f32().map(rounded);
    c.set_fill_rgb(r, g, b);
}

pub(super) fn draw_shape(
    c: &mut Content,
    s: &mut State,
    shape: &Shape,
    at: &impl Fn(Point) -> (f32, f32),
) {
    if let Some(fill) = shape.fill {
        if s.fill != Some(fill) {
            set_fill(c, fill);
            s.fill = Some(fill);
        }
    }
    if let Some(stroke) = shape.stroke {
        if s.stroke != Some(stroke.colour) {
            let [r, g, b] = stroke.colour.to_f32().map(rounded);
            c.set_stroke_rgb(r, g, b);
            s.stroke = Some(stroke.colour);
        }
        let w = rounded(stroke.width.0);
        if s.line_width != Some(w) {
            c.set_line_width(w);
            s.line_width = Some(w);
        }
    }
    let ops = &shape.path.ops;
    // An axis-aligned rectangle (the commonest shape: bands, boxes, QR
    // modules) as one `re`.
    if let [PathOp::Move(a), PathOp::Line(b), PathOp::Line(cc), PathOp::Line(d), PathOp::Close] =
        ops[..]
    {
        if a.y == b.y && b.x == cc.x && cc.y == d.y && d.x == a.x {
            let (x0, y0) = at(Point::new(a.x.min(cc.x), a.y.max(cc.y)));
            let (w, h) = ((a.x - cc.x).0.abs(), (a.y - cc.y).0.abs());
            c.rect(x0, y0, rounded(w), rounded(h));
            paint(c, shape);
            return;
        }
    }
    // Where the pen is: a line to there draws nothing (a rounded box's
    // corners meet where its sides would be empty) and is left out.
    let mut pen = None;
    for op in ops {
        match *op {
            PathOp::Move(p) => {
                let (x, y) = at(p);
                c.move_to(x, y);
                pen = Some(p);
            }
            PathOp::Line(p) => {
                if pen != Some(p) {
                    let (x, y) = at(p);
                    c.line_to(x, y);
                    pen = Some(p);
                }
            }
            PathOp::Cubic(p1, p2, p3) => {
                let (a, b) = at(p1);
                let (cx, cy) = at(p2);
                let (d, e) = at(p3);
                c.cubic_to(a, b, cx, cy, d, e);
                pen = Some(p3);
            }
            PathOp::Close => {
                c.close_path();
                pen = None;
            }
        }
    }
    paint(c, shape);
}

/// Paints the path: `f` (fill), `S` (stroke) or `B` (both), nonzero.
fn paint(c: &mut Content, shape: &Shape) {
    match (shape.fill.is_some(), shape.stroke.is_some()) {
        (true, true) => c.fill_nonzero_and_stroke(),
        (true, false) => c.fill_nonzero(),
        (false, true) => c.stroke(),
        (false, false) => c.end_path(),
    };
}
