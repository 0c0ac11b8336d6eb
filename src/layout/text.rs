//! Setting text into blocks of lines: sizes, leading, alignment. The widths
//! measured here are the widths drawn, glyph by glyph.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::rc::Rc;

use crate::colour::Colour;
use crate::style::{Floors, TypeRole};
use crate::text::lines::LineSpan;
use crate::text::{BaseDirection, Prepared, Shaper, StyledText, TextRun, VMetrics, Weight, Wrap};
use crate::units::{Point, Pt, Size};

use super::document::{Frame, Glyph, GlyphRun, Item};

/// Where lines sit in their box.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Align {
    /// Flush left, ragged right: how all running text is set.
    Left,
    /// Centred.
    Centre,
    /// Flush right.
    Right,
}

/// How a block of text is set.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct TextStyle {
    /// What the text is: a reading style's floors are per role.
    pub role: TypeRole,
    /// Type size.
    pub size: Pt,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Text colour.
    pub colour: Colour,
    /// How lines share the words.
    pub wrap: Wrap,
    /// Where lines sit in the box.
    pub align: Align,
}

impl TextStyle {
    /// Left-aligned text of `role`.
    pub fn new(role: TypeRole, size: Pt, leading: f32, colour: Colour) -> TextStyle {
        TextStyle {
            role,
            size,
            leading,
            colour,
            wrap: Wrap::Pretty,
            align: Align::Left,
        }
    }

    /// The same style with balanced lines (headings). Headings keep their
    /// own leading even where a reading style spaces running text wider
    /// (dyslexia's 1.5): display type set that far apart reads as broken.
    pub fn balanced(self) -> TextStyle {
        TextStyle {
            wrap: Wrap::Balanced,
            ..self
        }
    }

    /// The same style aligned differently.
    pub fn aligned(self, align: Align) -> TextStyle {
        TextStyle { align, ..self }
    }

    /// The distance from one baseline to the next.
    pub fn line_height(&self) -> Pt {
        self.size * self.leading
    }
}

/// One set line: its runs positioned from the block's top-left corner.
#[derive(Clone, Debug)]
pub struct SetLine {
    /// Width of what is drawn.
    pub width: Pt,
    /// The glyph runs.
    pub runs: Vec<GlyphRun>,
}

/// Lines of text set in a box.
#[derive(Clone, Debug)]
pub struct TextBlock {
    /// The box's width.
    pub width: Pt,
    /// The lines, top to bottom.
    pub lines: Vec<SetLine>,
    /// Distance between baselines.
    pub line_height: Pt,
    /// Distance from the block's top to the first baseline.
    pub first_baseline: Pt,
    /// Height of capitals, for aligning things with the text.
    pub cap_height: Pt,
}

impl TextBlock {
    /// The block's height: its lines' heights.
    pub fn height(&self) -> Pt {
        self.line_height * self.lines.len() as f32
    }

    /// True if line `i` ends a sentence (a full stop, question mark or
    /// exclamation mark, perhaps inside a closing quote or bracket).
    pub fn line_ends_sentence(&self, i: usize) -> bool {
        let Some(line) = self.lines.get(i) else {
            return false;
        };
        let text: String = line.runs.iter().map(|r| r.text.as_str()).collect();
        let t = text.trim_end().trim_end_matches(['"', '\'', '’', '”', ')']);
        t.ends_with(['.', '!', '?', '۔', '؟', '।'])
    }

    /// The widest line.
    pub fn max_line_width(&self) -> Pt {
        self.lines.iter().map(|l| l.width).fold(Pt::ZERO, Pt::max)
    }

    /// The block as one frame.
    pub fn into_frame(self) -> Frame {
        let size = Size::new(self.width, self.height());
        let mut f = Frame::new(size);
        for line in self.lines {
            f.items.extend(line.runs.into_iter().map(Item::Text));
        }
        f
    }

    /// Each line as its own frame, one line high: for flowing across columns.
    pub fn into_line_frames(self) -> Vec<Frame> {
        let lh = self.line_height;
        self.lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let mut f = Frame::new(Size::new(self.width, lh));
                let dy = -(lh * i as f32);
                f.items.extend(
                    line.runs
                        .into_iter()
                        .map(|r| Item::Text(r).translated(Pt::ZERO, dy)),
                );
                f
            })
            .collect()
    }
}

type FxBuild = BuildHasherDefault<rustc_hash::FxHasher>;

/// Paragraphs already prepared and blocks already set, for this thread:
/// fitting sets the same paragraphs at the same sizes many times over, and
/// in a batch every site repeats what the one before set (most of a
/// site's text is the pack's). Keys are the exact inputs, so a hit gives
/// exactly what setting afresh would.
#[derive(Default)]
struct SetCache {
    /// Prepared paragraphs by a hash of (family, spans); each bucket holds
    /// the spans to compare.
    prepared: HashMap<u64, Vec<PreparedEntry>, FxBuild>,
    /// Pieces held by `prepared`.
    prepared_pieces: usize,
    /// Line breaks by everything setting depends on. The value holds the
    /// pieces the key points at, so no other paragraph can take their
    /// address while the entry lives.
    breaks: HashMap<BlockKey, Breaks, FxBuild>,
    /// Roughly how many bytes the blocks kept in `breaks` hold.
    block_bytes: usize,
}

/// A paragraph's lines at one width: the pieces (split, where a word was
/// wider than the line) and where each line starts and ends. Small: the
/// glyphs are made again from the pieces on every use.
struct Breaks {
    /// The paragraph's own pieces (held for the key's sake).
    _pieces: Rc<[crate::text::lines::Piece]>,
    /// The pieces split to fit, when the paragraph's own did not.
    split: Option<Prepared>,
    /// The lines.
    lines: Vec<LineSpan>,
    /// The block set from them, while there is room to keep it: a copy
    /// costs less than making the glyph runs again.
    block: Option<TextBlock>,
}

/// Roughly the heap a set block holds.
fn block_bytes(b: &TextBlock) -> usize {
    64 + b
        .lines
        .iter()
        .map(|l| {
            48 + l
                .runs
                .iter()
                .map(|r| 96 + r.text.len() + r.glyphs.len() * std::mem::size_of::<Glyph>())
                .sum::<usize>()
        })
        .sum::<usize>()
}

/// A prepared paragraph with the font set, base direction (and word
/// spacing, as bits) and spans it was prepared from.
type PreparedEntry = (u64, (BaseDirection, u32), Vec<StyledText>, Prepared);

/// Past these the caches start again: enough for every attempt of one
/// site's fifteen outputs (the working set a batch repeats), small next to
/// the memory a build may use.
const MAX_PREPARED_PIECES: usize = 200_000;
const MAX_BREAKS: usize = 50_000;
/// Set blocks kept besides their breaks, per thread: about one site's
/// fifteen outputs, every fitting attempt included.
const MAX_BLOCK_BYTES: usize = 2 << 20;

/// What a set block depends on besides its paragraph's pieces.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct BlockKey {
    pieces: usize,
    size: u32,
    role: TypeRole,
    leading: u32,
    min_leading: u32,
    colour: Colour,
    wrap: Wrap,
    align: Align,
    width: u32,
    mirror: bool,
}

thread_local! {
    static CACHE: RefCell<SetCache> = RefCell::default();
}

/// Forgets this thread's shaped words, prepared paragraphs and line
/// breaks: for benchmarks that measure layout from cold.
pub fn clear_caches() {
    crate::text::shape::clear_cache();
    CACHE.with(|c| *c.borrow_mut() = SetCache::default());
}

/// `p` with `extra` ems more in every space between words (none when
/// `extra` is 0: the same pieces, shared).
fn widened(p: Prepared, extra: f32) -> Prepared {
    if extra <= 0.0 {
        return p;
    }
    let pieces: Vec<crate::text::lines::Piece> = p
        .pieces
        .iter()
        .map(|piece| {
            let mut piece = piece.clone();
            if let Some(space) = &piece.space {
                let mut wide = crate::text::shape::Shaped::clone(space);
                if let Some(last) = wide.glyphs.last_mut() {
                    last.advance += extra;
                    wide.advance += extra;
                }
                piece.space = Some(Rc::new(wide));
            }
            piece
        })
        .collect();
    Prepared {
        pieces: pieces.into(),
        ..p
    }
}

/// How one job sets its text beyond what each [`TextStyle`] asks: the
/// direction of its paragraphs and its reading style's least sizes. A value
/// each layout passes with the typesetter ([`Typesetter::with`]), never
/// state set on it: the two languages of a bilingual edition, or a large-
/// print layout measuring the standard one, each set text their own way.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Setting {
    /// True when the text is right to left and the page is mirrored once
    /// laid out: paragraphs are right to left whatever they start with,
    /// and each line is placed so that the mirror puts it right.
    pub rtl: bool,
    /// Least line height for text that wraps, whatever a layout asks: the
    /// dyslexia style's 1.5 applies to every paragraph, not just the body.
    pub min_leading: f32,
    /// Least type size, whatever a layout asks: a reading style's smallest
    /// size (large print's 16 pt) holds for every word, measured and drawn.
    pub min_size: Pt,
    /// Extra space between words, in ems of the type size (the dyslexia
    /// style's wider word spacing), measured and drawn.
    pub word_space: f32,
}

/// Shapes text in one font set, for any number of jobs at once: what a
/// job sets text with is a [`Setter`], this with the job's [`Setting`].
pub struct Typesetter<'f> {
    /// The shaper, with its cache of shaped words.
    pub shaper: Shaper<'f>,
    metrics: VMetrics,
    /// The theme font's space in each weight (glyph ids and text), shaped
    /// on first use: every line ends in one (see `Setter::hang_space`).
    space_cache: [std::cell::OnceCell<Rc<crate::text::shape::Shaped>>; 2],
}

impl<'f> Typesetter<'f> {
    /// A typesetter over a shaper.
    pub fn new(shaper: Shaper<'f>) -> Typesetter<'f> {
        let metrics = shaper.family().regular.metrics;
        Typesetter {
            shaper,
            metrics,
            space_cache: Default::default(),
        }
    }

    /// This typesetter setting text as `setting` says, each role and
    /// paragraph at no less than `floors` (large print's "no smaller than
    /// the standard layout of the same job"), measured and drawn.
    pub fn with<'t>(&'t self, setting: Setting, floors: &'t Floors) -> Setter<'t, 'f> {
        Setter {
            ts: self,
            setting,
            floors,
        }
    }
}

/// A typesetter with one job's [`Setting`]: what layouts set text with.
/// Copied freely; [`Setter::rtl`] gives the same in another direction.
#[derive(Copy, Clone)]
pub struct Setter<'t, 'f> {
    ts: &'t Typesetter<'f>,
    setting: Setting,
    floors: &'t Floors,
}

impl<'t, 'f> Setter<'t, 'f> {
    /// How this sets text.
    pub fn setting(&self) -> Setting {
        self.setting
    }

    /// The same, setting paragraphs right to left (`rtl`) or not.
    pub fn rtl(self, rtl: bool) -> Setter<'t, 'f> {
        Setter {
            setting: Setting {
                rtl,
                ..self.setting
            },
            ..self
        }
    }

    /// The shaper, with its cache of shaped words.
    pub fn shaper(&self) -> &'t Shaper<'f> {
        &self.ts.shaper
    }

    /// The base direction of paragraphs.
    fn base(&self) -> BaseDirection {
        if self.setting.rtl {
            BaseDirection::RightToLeft
        } else {
            BaseDirection::Auto
        }
    }

    /// A style for the paragraph with words `key` at no less than the
    /// least type size, and its role's and its own floor.
    fn floored(&self, style: &TextStyle, key: u64) -> TextStyle {
        TextStyle {
            size: self.size_of(style.role, key, style.size),
            ..*style
        }
    }

    /// The size `text` of `role` asked for at `size` is set at: no less
    /// than the least type size, nor than its floors.
    pub fn size(&self, text: &str, role: TypeRole, size: Pt) -> Pt {
        self.size_of(role, crate::text::lines::text_key(text), size)
    }

    fn size_of(&self, role: TypeRole, key: u64, size: Pt) -> Pt {
        size.max(self.setting.min_size)
            .max(self.floors.get(role, key))
    }

    /// Shapes styled text into pieces (once per thread for the same text
    /// in the same family).
    pub fn prepare(&self, spans: &[StyledText]) -> Prepared {
        let family = self.ts.shaper.fonts().id();
        let base = self.base();
        // A style's word spacing is part of what was prepared.
        let base = (base, self.setting.word_space.to_bits());
        let hash = FxBuild::default().hash_one((family, base, spans));
        let hit = CACHE.with(|c| {
            c.borrow().prepared.get(&hash).and_then(|bucket| {
                bucket
                    .iter()
                    .find(|(f, b, s, _)| *f == family && *b == base && s.as_slice() == spans)
                    .map(|(_, _, _, p)| p.clone())
            })
        });
        if let Some(p) = hit {
            return p;
        }
        let p = Prepared::with_direction(&self.ts.shaper, spans, base.0);
        let p = widened(p, self.setting.word_space);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.prepared_pieces > MAX_PREPARED_PIECES {
                c.prepared.clear();
                c.prepared_pieces = 0;
            }
            c.prepared_pieces += p.pieces.len() + 1;
            c.prepared
                .entry(hash)
                .or_default()
                .push((family, base, spans.to_vec(), p.clone()));
        });
        p
    }

    /// Sets plain text of one weight, wrapped to `width`.
    pub fn text(&self, text: &str, weight: Weight, style: &TextStyle, width: Pt) -> TextBlock {
        self.set(
            &self.prepare(&[StyledText::new(text, weight)]),
            style,
            width,
        )
    }

    /// Sets plain text on one line, however long: for phone numbers and
    /// other things that must never break. The caller checks it fits.
    pub fn line(&self, text: &str, weight: Weight, style: &TextStyle) -> TextBlock {
        let p = self.prepare(&[StyledText::new(text, weight)]);
        let style = &self.floored(style, p.key);
        let width = p.natural_width();
        let line = LineSpan {
            start: 0,
            end: p.pieces.len(),
            width,
        };
        let lines = if p.is_empty() { Vec::new() } else { vec![line] };
        self.set_lines(&p, &lines, style, style.size * width)
    }

    /// The width of `text` of `role` on one line, asked for at `size`.
    pub fn width_of(&self, text: &str, weight: Weight, role: TypeRole, size: Pt) -> Pt {
        let p = self.prepare(&[StyledText::new(text, weight)]);
        self.size_of(role, p.key, size) * p.natural_width()
    }

    /// Sets prepared text, wrapped to `width`.
    pub fn set(&self, prepared: &Prepared, style: &TextStyle, width: Pt) -> TextBlock {
        let style = &self.floored(style, prepared.key);
        let key = BlockKey {
            pieces: Rc::as_ptr(&prepared.pieces) as *const u8 as usize,
            size: style.size.0.to_bits(),
            role: style.role,
            leading: style.leading.to_bits(),
            min_leading: self.setting.min_leading.to_bits(),
            colour: style.colour,
            wrap: style.wrap,
            align: style.align,
            width: width.0.to_bits(),
            mirror: self.setting.rtl,
        };
        let cached = CACHE.with(|c| {
            let c = c.borrow();
            let b = c.breaks.get(&key)?;
            if let Some(block) = &b.block {
                return Some(block.clone());
            }
            let p = b.split.as_ref().unwrap_or(prepared);
            Some(self.set_lines(p, &b.lines, style, width))
        });
        if let Some(block) = cached {
            return block;
        }
        let max_em = (width / style.size).max(0.0);
        let (p, lines) = prepared.break_lines(max_em, style.wrap);
        let block = self.set_lines(&p, &lines, style, width);
        let split = match p {
            std::borrow::Cow::Owned(p) => Some(p),
            std::borrow::Cow::Borrowed(_) => None,
        };
        let bytes = block_bytes(&block);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.breaks.len() >= MAX_BREAKS {
                c.breaks.clear();
                c.block_bytes = 0;
            }
            // Past the budget, keep the breaks without the block.
            let keep = c.block_bytes + bytes <= MAX_BLOCK_BYTES;
            if keep {
                c.block_bytes += bytes;
            }
            c.breaks.insert(
                key,
                Breaks {
                    _pieces: Rc::clone(&prepared.pieces),
                    split,
                    lines,
                    block: keep.then(|| block.clone()),
                },
            );
        });
        block
    }

    /// Ends a line's last run with a space of no width, past its end where
    /// nothing shows: a screen reader, or a copy, reads the words of two
    /// lines as two words ("can still", not "canstill"), and one block on
    /// into the next ("NSPCC Helpline 0808 800 5000", not "Helpline0808").
    /// The space a line broke at is otherwise dropped with its width.
    fn hang_space(&self, run: &mut GlyphRun) {
        // The space is the theme font's: a run in a fallback family (set
        // in its own script and direction) is left as it is.
        if run.font != crate::text::script::THEME || run.text.ends_with(char::is_whitespace) {
            return;
        }
        let space = self.ts.space_cache[run.weight as usize]
            .get_or_init(|| self.ts.shaper.shape(" ", run.weight));
        let start = run.text.len() as u32;
        for g in &space.glyphs {
            run.glyphs.push(Glyph {
                id: g.id,
                x: run.width,
                y: Pt::ZERO,
                text: (start + g.cluster, start + g.cluster + g.text_len),
            });
        }
        run.text.push_str(&space.text);
    }

    fn set_lines(
        &self,
        p: &Prepared,
        lines: &[LineSpan],
        style: &TextStyle,
        width: Pt,
    ) -> TextBlock {
        let size = style.size;
        // A style's least leading holds for every line of running text,
        // stacked single lines included (they read as one column); display
        // headings keep theirs.
        let lh = if style.wrap != Wrap::Balanced {
            size * style.leading.max(self.setting.min_leading)
        } else {
            style.line_height()
        };
        let mirror = self.setting.rtl;
        let metrics = self.ts.metrics;
        let content = (metrics.ascender - metrics.descender) * size.0;
        // Half-leading, as CSS does: the glyphs' full height sits centred in
        // the line box, so neighbouring lines never collide.
        let first_baseline = Pt((lh.0 - content) / 2.0 + metrics.ascender * size.0);
        let set = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let line_width = size * l.width;
                let x0 = match style.align {
                    Align::Left => Pt::ZERO,
                    Align::Centre => (width - line_width) / 2.0,
                    Align::Right => width - line_width,
                };
                let baseline = first_baseline + lh * i as f32;
                let mut runs: Vec<GlyphRun> = p
                    .runs_in(l, mirror)
                    .into_iter()
                    .map(|r| {
                        let TextRun {
                            weight,
                            font,
                            text,
                            glyphs,
                            x,
                            advance,
                            ..
                        } = r;
                        GlyphRun {
                            origin: Point::new(x0 + size * x, baseline),
                            role: style.role,
                            key: p.key,
                            weight,
                            font,
                            // A fallback family is set larger or smaller so
                            // that its x-height matches (its advances are
                            // scaled already).
                            size: if font == crate::text::script::THEME {
                                size
                            } else {
                                size * self.ts.shaper.fonts().scale(font)
                            },
                            colour: style.colour,
                            // Same size and alignment: collected in place,
                            // no second allocation per run.
                            glyphs: glyphs
                                .into_iter()
                                .map(|g| Glyph {
                                    id: g.id,
                                    x: size * g.x,
                                    y: size * g.y,
                                    text: g.text,
                                })
                                .collect(),
                            width: size * advance,
                            text,
                        }
                    })
                    .collect();
                // A line that breaks at a space, and a block's last line,
                // end in a space (see `hang_space`); a line that breaks
                // after a hyphen ("end-" of "end-to-end") does not.
                let at_space = p
                    .pieces
                    .get(l.end.wrapping_sub(1))
                    .is_some_and(|q| q.space.is_some());
                if at_space || i + 1 == lines.len() {
                    if let Some(run) = runs.last_mut() {
                        self.hang_space(run);
                    }
                }
                SetLine {
                    width: line_width,
                    runs,
                }
            })
            .collect();
        TextBlock {
            width,
            lines: set,
            line_height: lh,
            first_baseline,
            cap_height: size * metrics.cap_height,
        }
    }
}
