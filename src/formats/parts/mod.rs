//! Pieces more than one format draws, one component a file: the band and
//! covers, key points, the school's contacts, helpline boxes, the emergency
//! bar, the QR block, sections as flowing text, sources, and the help
//! column of leaflets and booklets. Here: sizes and small text helpers they
//! share.

mod band;
mod contacts;
mod emergency;
mod help_column;
mod helplines;
mod key_points;
mod qr;
mod sections;
mod sources;
pub use band::*;
pub use contacts::*;
pub use emergency::*;
pub use help_column::*;
pub use helplines::*;
pub use key_points::*;
pub use qr::*;
pub use sections::*;
pub use sources::*;

use crate::colour::Colour;
use crate::layout::{Frame, Path, Shape, TextBlock, TextStyle};
use crate::markup::{self};
use crate::style::TypeRole;
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Size};

use crate::formats::fit::GiveWay;
use crate::formats::Context;
use crate::style::ReadingStyle;

/// Sizes for one fitting attempt: each text size is its nominal size times
/// the scale, but never under its floor; gaps scale with no floor. Floors
/// are given for 12 pt body text and rise by as much as the style's body
/// minimum does (large print adds 4 pt: a 24 pt headline is large print
/// already, so display type is not multiplied), and never go under the
/// style's smallest size. `paper` scales everything with the sheet
/// (posters).
#[derive(Copy, Clone, Debug)]
pub struct Scaled {
    /// How far the type is shrunk: 1 is nominal.
    pub scale: f32,
    /// How much larger than the design paper this paper is.
    pub paper: f32,
    /// The style's smallest body size, in points.
    pub body_min: f32,
    /// The style's smallest size of any text.
    pub small_min: Pt,
    /// What design floors are multiplied by: the paper's scale, or 1 where
    /// the style's floors are absolute (large print).
    pub floor_scale: f32,
    /// What gaps are multiplied by (the give-way rule's spacing step).
    pub space: f32,
    /// What decoration is multiplied by (its decoration step).
    pub decor: f32,
}

impl Scaled {
    /// Sizes at `scale` for a context, on a paper `paper` times the design's.
    pub fn new(ctx: &Context, scale: f32, paper: f32) -> Scaled {
        Scaled {
            scale,
            paper,
            body_min: ctx.typo.body_min.0,
            small_min: ctx.typo.small_min,
            floor_scale: if ctx.style == ReadingStyle::LargePrint {
                1.0
            } else {
                paper
            },
            space: 1.0,
            decor: 1.0,
        }
    }

    /// The same sizes with what `give_way` has given up: tighter gaps,
    /// smaller decoration.
    pub fn giving_way(self, give_way: GiveWay) -> Scaled {
        Scaled {
            space: give_way.spacing(),
            decor: give_way.decoration(),
            ..self
        }
    }

    /// A type size: `nominal` at full scale, never under `floor`, and never
    /// under the style's smallest size. The nominal size and the design
    /// floor grow with the paper; in large print the floor is the reader's,
    /// so it does not (a larger paper then holds more at the same size).
    pub fn text(&self, nominal: f32, floor: f32) -> Pt {
        let floor = Pt(floor + (self.body_min - 12.0).max(0.0)) * self.floor_scale;
        (Pt(nominal * self.scale * self.paper).max(floor)).max(self.small_min)
    }

    /// A number's size (a helpline's, the emergency line's): as
    /// [`Scaled::text`]. (Large print holds numbers, as every role, to the
    /// standard layout of the same job: see [`crate::style::Floors`].)
    pub fn number(&self, nominal: f32, floor: f32) -> Pt {
        self.text(nominal, floor)
    }

    /// A gap or rule that scales with the type but has no floor.
    pub fn gap(&self, nominal: f32) -> Pt {
        Pt(nominal * self.scale * self.paper * self.space)
    }

    /// A decoration's size (a logo, a QR code, a band's padding) that scales
    /// with the paper and gives way with decoration, never under `floor`.
    pub fn decoration(&self, nominal: Pt, floor: Pt) -> Pt {
        // Given way, decoration goes to its floor at once: a logo half way
        // is neither its designed size nor the room the rest needs.
        let size = if self.decor < 1.0 { floor } else { nominal };
        size.max(floor) * self.paper
    }
}

/// The size at which `text` fits `width` on one line: `size`, or smaller,
/// but never under the style's smallest size (where it may not fit: set it
/// with [`line_or_wrapped`]).
pub fn fit_line(
    ctx: &Context,
    text: &str,
    weight: Weight,
    role: TypeRole,
    size: Pt,
    width: Pt,
) -> Pt {
    let w = ctx.ts().width_of(text, weight, role, size);
    let fitted = if w <= width {
        size
    } else {
        size * (width / w) * 0.999
    };
    ctx.ts().size(text, role, fitted)
}

/// Text on one line when it fits `width`, wrapped when it does not: text
/// never crosses its box.
pub fn line_or_wrapped(
    ctx: &Context,
    text: &str,
    weight: Weight,
    style: &TextStyle,
    width: Pt,
) -> TextBlock {
    if ctx.ts().width_of(text, weight, style.role, style.size) <= width {
        ctx.ts().line(text, weight, style)
    } else {
        ctx.ts().text(text, weight, style, width)
    }
}

/// Text in a rounded pill of colour `bg`, no wider than `max_w`: on one
/// line when it fits, wrapped (in a rounded box) when it does not.
pub fn pill(ctx: &Context, text: &str, size: Pt, bg: Colour, fg: Colour, max_w: Pt) -> Frame {
    let style = TextStyle::new(TypeRole::Tag, size, 1.2, fg);
    let (pad_x, pad_y) = (size * 0.6, size * 0.2);
    let block = ctx
        .ts()
        .text(text, Weight::Bold, &style, max_w - pad_x * 2.0);
    let w = block.max_line_width() + pad_x * 2.0;
    let h = block.height() + pad_y * 2.0;
    let mut f = Frame::new(Size::new(w, h));
    let radius = (style.line_height() + pad_y * 2.0) / 2.0;
    f.shape(Shape::filled(
        Path::rounded_rect(crate::units::Rect::new(Pt::ZERO, Pt::ZERO, w, h), radius),
        bg,
    ));
    f.place(Point::new(pad_x, pad_y), block.into_frame());
    f
}

/// A web address as people type it: without the scheme or a trailing slash.
pub fn display_url(url: &str) -> String {
    let u = url.trim();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    u.strip_suffix('/').unwrap_or(u).to_string()
}

/// Markup spans as styled text.
pub fn styled(spans: &[markup::Span]) -> Vec<StyledText> {
    spans
        .iter()
        .map(|s| {
            StyledText::new(
                s.text.clone(),
                if s.bold {
                    Weight::Bold
                } else {
                    Weight::Regular
                },
            )
        })
        .collect()
}
