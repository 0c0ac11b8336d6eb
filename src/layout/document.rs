//! The Document: what layout decided, in points, for renderers to draw
//! exactly. Formats build it; renderers never change it.

use std::sync::Arc;

use crate::colour::Colour;
use crate::date::Date;
use crate::style::{Floors, TypeRole};
use crate::text::{FontId, FontSet, Weight};
use crate::units::{Point, Pt, Rect, Size};

/// A laid-out document: metadata, its fonts and its pages.
#[derive(Debug)]
pub struct Document {
    /// Title, author, language and date for the PDF's metadata.
    pub meta: Metadata,
    /// The families runs are set in: the theme font, the pack's, and the
    /// built-in fallbacks (by [`GlyphRun::font`]).
    pub fonts: Arc<FontSet>,
    /// The pages in output order.
    pub pages: Vec<Page>,
    /// What a format gave up to keep type at its style's sizes: printed as
    /// warnings, so nothing is given up silently.
    pub notes: Vec<String>,
    /// What a format did within its range by design (a handout taking three
    /// pages, a key point moving inside): printed as notes, not warnings.
    pub remarks: Vec<String>,
    /// The logical structure, in reading order (tagged PDF): what a screen
    /// reader reads, whatever order the sheet prints things in.
    pub structure: Structure,
}

impl Document {
    /// The least size each role of text is set at (a fallback family's
    /// runs at the size asked for, not the size they are drawn at to
    /// match the theme font's x-height): what another reading style's
    /// layout of the same job is held to (see [`Floors::for_style`]). A
    /// role with no text has no floor.
    pub fn role_sizes(&self) -> Floors {
        let mut roles = [Pt::ZERO; 17];
        let mut seen = [false; 17];
        let mut texts: rustc_hash::FxHashMap<(TypeRole, u64), Pt> = Default::default();
        for page in &self.pages {
            for item in &page.items {
                let Item::Text(run) = item else { continue };
                if run.text.trim().is_empty() {
                    continue;
                }
                let size = if run.font == crate::text::script::THEME {
                    run.size
                } else {
                    run.size / self.fonts.scale(run.font)
                };
                let r = run.role as usize;
                roles[r] = if seen[r] { roles[r].min(size) } else { size };
                seen[r] = true;
                texts
                    .entry((run.role, run.key))
                    .and_modify(|s| *s = s.min(size))
                    .or_insert(size);
            }
        }
        Floors::measured(roles, texts)
    }
}

/// A node of the document's [`Structure`].
pub type NodeId = u32;

/// The document's logical structure (a tagged PDF's structure tree): nodes
/// in reading order. A node's children are the nodes that name it as their
/// parent, in the order they were added. Content on a page belongs to a
/// node when it lies between [`Item::BeginTag`] and [`Item::EndTag`];
/// everything else (bands, rules, marks, repeated copies) is decoration, an
/// artifact a screen reader skips.
#[derive(Clone, Debug, Default)]
pub struct Structure {
    /// The nodes; node 0 is the document itself.
    pub nodes: Vec<Node>,
}

/// One structure element.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What it is.
    pub role: Role,
    /// The node it belongs to; `None` for the document.
    pub parent: Option<NodeId>,
    /// Alternative text (figures: "Hillside Academy logo").
    pub alt: Option<String>,
    /// Its language, where it differs from the document's (BCP 47).
    pub lang: Option<String>,
}

/// The standard structure types packpress uses.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The whole document.
    Document,
    /// A part read as a unit (a panel, a page's help area, one card).
    Sect,
    /// The headline.
    H1,
    /// A section heading.
    H2,
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's label (its number or bullet).
    Lbl,
    /// A list item's body.
    LBody,
    /// A picture with alternative text (a logo, a QR code).
    Figure,
    /// A note or aside (the reviewed date, sources).
    Note,
}

impl Structure {
    /// A structure with only the document node.
    pub fn new() -> Structure {
        Structure {
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                alt: None,
                lang: None,
            }],
        }
    }

    /// The document node.
    pub const ROOT: NodeId = 0;

    /// Adds a node under `parent`, after its other children; returns it.
    pub fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            alt: None,
            lang: None,
        });
        (self.nodes.len() - 1) as NodeId
    }

    /// The children of `node`, in reading order.
    pub fn children(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.parent == Some(node))
            .map(|(i, _)| i as NodeId)
    }
}

/// Document metadata.
#[derive(Clone, Debug)]
pub struct Metadata {
    /// Document title.
    pub title: String,
    /// Author (the pack's publisher, or the site).
    pub author: String,
    /// Subject (the audience and format).
    pub subject: String,
    /// Search keywords.
    pub keywords: Vec<String>,
    /// BCP 47 language tag.
    pub language: String,
    /// The date written as the creation date: the pack's `reviewed` date,
    /// never the clock, so builds are byte-identical.
    pub date: Date,
    /// How the sheet is meant to be printed (the print dialog's default:
    /// /ViewerPreferences /Duplex).
    pub duplex: Duplex,
}

/// How a document is meant to be printed, for the print dialog's default
/// (/ViewerPreferences /Duplex). Printers that cannot print both sides
/// ignore it.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Duplex {
    /// Say nothing: the printer's own default.
    #[default]
    Unset,
    /// One side only (posters).
    Simplex,
    /// Both sides, turned over on the short edge (leaflets, booklets).
    FlipShortEdge,
    /// Both sides, turned over on the long edge (cards, handouts).
    FlipLongEdge,
}

/// One page: its trimmed size, its bleed, the room for printer's marks
/// around that, and what is on it.
#[derive(Debug)]
pub struct Page {
    /// The finished (trimmed) page size.
    pub size: Size,
    /// How far backgrounds extend past the trim on every side.
    pub bleed: Pt,
    /// Room outside the bleed for crop and fold marks (zero without marks).
    pub slug: Pt,
    /// What is drawn, in painting order. Coordinates are from the top-left
    /// corner of the trimmed page; the bleed and slug lie at negative
    /// coordinates and beyond `size`.
    pub items: Vec<Item>,
}

impl Page {
    /// An empty page.
    pub fn new(size: Size, bleed: Pt, slug: Pt) -> Page {
        Page {
            size,
            bleed,
            slug,
            items: Vec::new(),
        }
    }

    /// The trimmed page (the TrimBox).
    pub fn trim(&self) -> Rect {
        Rect::new(Pt::ZERO, Pt::ZERO, self.size.width, self.size.height)
    }

    /// The trimmed page plus its bleed (the BleedBox).
    pub fn bleed_box(&self) -> Rect {
        expand(self.trim(), self.bleed)
    }

    /// The whole sheet: trim, bleed and slug (the MediaBox).
    pub fn media(&self) -> Rect {
        expand(self.trim(), self.bleed + self.slug)
    }

    /// The page reflected left to right, for a right-to-left language: a
    /// layout made for left-to-right reading becomes its mirror image
    /// (columns, panels, markers and bars change sides; a booklet's binding
    /// and a tri-fold's opening too), while text and pictures keep their
    /// own direction (see [`Item::mirrored`]).
    pub fn mirror(&mut self) {
        let width = self.size.width;
        for item in std::mem::take(&mut self.items) {
            self.items.push(item.mirrored(width));
        }
    }

    /// A band across the whole width, bleed included, from `y` down `h`.
    pub fn band(&self, y: Pt, h: Pt) -> Rect {
        Rect::new(-self.bleed, y, self.size.width + self.bleed * 2.0, h)
    }

    /// Fills a rectangle with a colour.
    pub fn fill(&mut self, r: Rect, colour: Colour) {
        self.items
            .push(Item::Shape(Shape::filled(Path::rect(r), colour)));
    }

    /// Paints the paper colour over the page and its bleed, unless it is
    /// white (the paper itself).
    pub fn paint_paper(&mut self, colour: Colour) {
        if colour != Colour::WHITE {
            let b = self.bleed_box();
            self.fill(b, colour);
        }
    }

    /// Adds items laid out at `origin`.
    pub fn place(&mut self, origin: Point, items: impl IntoIterator<Item = Item>) {
        self.items
            .extend(items.into_iter().map(|i| i.translated(origin.x, origin.y)));
    }
}

/// Something drawn on a page.
#[derive(Clone, Debug)]
pub enum Item {
    /// Glyphs of one font, size and colour on one baseline.
    Text(GlyphRun),
    /// A filled and/or stroked path.
    Shape(Shape),
    /// A picture scaled into a rectangle.
    Image(Picture),
    /// What follows, until the matching [`Item::EndTag`], is the content of
    /// this structure node (marked content in the PDF). Tags do not nest.
    BeginTag(NodeId),
    /// Ends the content begun by the last [`Item::BeginTag`].
    EndTag,
    /// What follows, until the matching [`Item::EndTurn`], is drawn turned
    /// half a turn (180°) about this point: the upside-down half of a
    /// tête-bêche booklet's sheet. Turns do not nest.
    BeginTurn(Point),
    /// Ends the content begun by the last [`Item::BeginTurn`].
    EndTurn,
}

/// An image placed on a page.
#[derive(Clone, Debug)]
pub struct Picture {
    /// Where it goes: the image fills this rectangle exactly.
    pub rect: Rect,
    /// The decoded image, shared by every place it appears.
    pub image: Arc<crate::images::Image>,
}

impl Picture {
    /// The image scaled to fit inside `bounds`, keeping its aspect ratio,
    /// aligned to the box's left (or centre) and vertically centred.
    pub fn fit(image: Arc<crate::images::Image>, bounds: Rect, centre: bool) -> Picture {
        let aspect = image.aspect();
        let (w, h) = if bounds.width / bounds.height > aspect {
            (bounds.height * aspect, bounds.height)
        } else {
            (bounds.width, bounds.width / aspect)
        };
        let x = if centre {
            bounds.x + (bounds.width - w) / 2.0
        } else {
            bounds.x
        };
        let y = bounds.y + (bounds.height - h) / 2.0;
        Picture {
            rect: Rect::new(x, y, w, h),
            image,
        }
    }
}

impl Item {
    /// This item reflected left to right across a page `width` wide: a
    /// glyph run's box or a picture's box moves (its glyphs and pixels stay
    /// as they are: text is never written backwards, a logo never flipped);
    /// a path's points are reflected.
    pub fn mirrored(mut self, width: Pt) -> Item {
        match &mut self {
            Item::Text(run) => run.origin.x = width - run.origin.x - run.width,
            Item::Shape(shape) => {
                for op in &mut shape.path.ops {
                    op.reflect(width);
                }
            }
            Item::Image(p) => p.rect.x = width - p.rect.x - p.rect.width,
            Item::BeginTurn(c) => c.x = width - c.x,
            Item::BeginTag(_) | Item::EndTag | Item::EndTurn => {}
        }
        self
    }

    /// This item moved by (`dx`, `dy`).
    pub fn translated(mut self, dx: Pt, dy: Pt) -> Item {
        match &mut self {
            Item::Text(run) => run.origin = run.origin.offset(dx, dy),
            Item::Shape(shape) => {
                for op in &mut shape.path.ops {
                    op.translate(dx, dy);
                }
            }
            Item::Image(p) => {
                p.rect.x += dx;
                p.rect.y += dy;
            }
            Item::BeginTurn(c) => *c = c.offset(dx, dy),
            Item::BeginTag(_) | Item::EndTag | Item::EndTurn => {}
        }
        self
    }
}

/// Glyphs set on one baseline.
#[derive(Clone, Debug)]
pub struct GlyphRun {
    /// Where the baseline starts.
    pub origin: Point,
    /// What the text is (the headline, a key point, a phone number):
    /// what a reading style measures against another's.
    pub role: TypeRole,
    /// The key of its paragraph's words
    /// ([`crate::text::lines::text_key`]): the same paragraph in another
    /// layout of the same job has the same key.
    pub key: u64,
    /// Regular or bold face of its family.
    pub weight: Weight,
    /// Its family: an id in the document's [`FontSet`] (0, the theme
    /// font, unless a fallback sets another script).
    pub font: FontId,
    /// Type size.
    pub size: Pt,
    /// Fill colour.
    pub colour: Colour,
    /// The text the glyphs stand for (what a reader copies).
    pub text: String,
    /// The glyphs, positioned from `origin`.
    pub glyphs: Vec<Glyph>,
    /// The run's advance: where the next glyph would go.
    pub width: Pt,
}

/// A positioned glyph.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Distance from the run's origin along the baseline.
    pub x: Pt,
    /// Distance above the baseline.
    pub y: Pt,
    /// Byte range of the run's text that this glyph stands for.
    pub text: (u32, u32),
}

/// A path with its paint.
#[derive(Clone, Debug)]
pub struct Shape {
    /// The outline.
    pub path: Path,
    /// Fill colour, if filled.
    pub fill: Option<Colour>,
    /// Stroke, if stroked.
    pub stroke: Option<Stroke>,
}

impl Shape {
    /// A filled path.
    pub fn filled(path: Path, colour: Colour) -> Shape {
        Shape {
            path,
            fill: Some(colour),
            stroke: None,
        }
    }

    /// A stroked path.
    pub fn stroked(path: Path, colour: Colour, width: Pt) -> Shape {
        Shape {
            path,
            fill: None,
            stroke: Some(Stroke { colour, width }),
        }
    }
}

/// How a path's outline is drawn.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Stroke {
    /// Line colour.
    pub colour: Colour,
    /// Line width.
    pub width: Pt,
}

/// A path made of straight and cubic Bézier segments.
#[derive(Clone, Debug, Default)]
pub struct Path {
    /// The segments, in order.
    pub ops: Vec<PathOp>,
}

/// One path segment.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum PathOp {
    /// Start a new subpath.
    Move(Point),
    /// A straight line.
    Line(Point),
    /// A cubic Bézier curve: two control points and the end.
    Cubic(Point, Point, Point),
    /// Close the subpath.
    Close,
}

impl PathOp {
    fn reflect(&mut self, width: Pt) {
        let r = |p: &mut Point| p.x = width - p.x;
        match self {
            PathOp::Move(p) | PathOp::Line(p) => r(p),
            PathOp::Cubic(a, b, c) => {
                r(a);
                r(b);
                r(c);
            }
            PathOp::Close => {}
        }
    }

    fn translate(&mut self, dx: Pt, dy: Pt) {
        match self {
            PathOp::Move(p) | PathOp::Line(p) => *p = p.offset(dx, dy),
            PathOp::Cubic(a, b, c) => {
                *a = a.offset(dx, dy);
                *b = b.offset(dx, dy);
                *c = c.offset(dx, dy);
            }
            PathOp::Close => {}
        }
    }
}

/// How far a cubic's control points sit along the tangents to draw a
/// quarter circle (4/3 * (sqrt 2 - 1)).
const KAPPA: f32 = 0.552_284_8;

impl Path {
    /// A rectangle.
    pub fn rect(r: Rect) -> Path {
        Path::rounded_rect(r, Pt::ZERO)
    }

    /// A rectangle with corners rounded to `radius`.
    pub fn rounded_rect(r: Rect, radius: Pt) -> Path {
        let rad = radius.min(r.width / 2.0).min(r.height / 2.0).max(Pt::ZERO);
        let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
        let p = Point::new;
        if rad.0 <= 0.0 {
            return Path {
                ops: vec![
                    PathOp::Move(p(x0, y0)),
                    PathOp::Line(p(x1, y0)),
                    PathOp::Line(p(x1, y1)),
                    PathOp::Line(p(x0, y1)),
                    PathOp::Close,
                ],
            };
        }
        let k = rad * (1.0 - KAPPA);
        Path {
            ops: vec![
                PathOp::Move(p(x0 + rad, y0)),
                PathOp::Line(p(x1 - rad, y0)),
                PathOp::Cubic(p(x1 - k, y0), p(x1, y0 + k), p(x1, y0 + rad)),
                PathOp::Line(p(x1, y1 - rad)),
                PathOp::Cubic(p(x1, y1 - k), p(x1 - k, y1), p(x1 - rad, y1)),
                PathOp::Line(p(x0 + rad, y1)),
                PathOp::Cubic(p(x0 + k, y1), p(x0, y1 - k), p(x0, y1 - rad)),
                PathOp::Line(p(x0, y0 + rad)),
                PathOp::Cubic(p(x0, y0 + k), p(x0 + k, y0), p(x0 + rad, y0)),
                PathOp::Close,
            ],
        }
    }

    /// A circle.
    pub fn circle(centre: Point, radius: Pt) -> Path {
        let r = Rect::new(
            centre.x - radius,
            centre.y - radius,
            radius * 2.0,
            radius * 2.0,
        );
        Path::rounded_rect(r, radius)
    }

    /// A straight line from `a` to `b`.
    pub fn line(a: Point, b: Point) -> Path {
        Path {
            ops: vec![PathOp::Move(a), PathOp::Line(b)],
        }
    }
}

/// `r` grown by `d` on every side.
fn expand(r: Rect, d: Pt) -> Rect {
    Rect::new(r.x - d, r.y - d, r.width + d * 2.0, r.height + d * 2.0)
}

/// A box of items laid out from its own top-left corner.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// The box's size.
    pub size: Size,
    /// Its items, in painting order.
    pub items: Vec<Item>,
}

impl Frame {
    /// An empty frame.
    pub fn new(size: Size) -> Frame {
        Frame {
            size,
            items: Vec::new(),
        }
    }

    /// Adds the items of `other` with its top-left corner at `at`.
    pub fn place(&mut self, at: Point, other: Frame) {
        self.items
            .extend(other.items.into_iter().map(|i| i.translated(at.x, at.y)));
    }

    /// Adds one item.
    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// Adds a shape.
    pub fn shape(&mut self, shape: Shape) {
        self.items.push(Item::Shape(shape));
    }

    /// The frame's content as the content of structure node `node`: its
    /// text and pictures between a [`Item::BeginTag`] and an
    /// [`Item::EndTag`]; its shapes (backgrounds, rules, markers) stay
    /// decoration. Content already tagged keeps its own node.
    pub fn tagged(mut self, node: NodeId) -> Frame {
        let mut out = Vec::with_capacity(self.items.len() + 4);
        let mut open = false;
        let mut depth = 0;
        for item in self.items.drain(..) {
            match item {
                Item::BeginTag(_) => {
                    if open {
                        out.push(Item::EndTag);
                        open = false;
                    }
                    depth += 1;
                    out.push(item);
                }
                Item::EndTag => {
                    depth -= 1;
                    out.push(item);
                }
                Item::Text(_) | Item::Image(_) if depth == 0 => {
                    if !open {
                        out.push(Item::BeginTag(node));
                        open = true;
                    }
                    out.push(item);
                }
                other => {
                    if open {
                        out.push(Item::EndTag);
                        open = false;
                    }
                    out.push(other);
                }
            }
        }
        if open {
            out.push(Item::EndTag);
        }
        self.items = out;
        self
    }

    /// The whole frame, shapes included, as the content of `node`: a
    /// figure drawn in vector shapes (a QR code).
    pub fn tagged_all(mut self, node: NodeId) -> Frame {
        let mut items = Vec::with_capacity(self.items.len() + 2);
        items.push(Item::BeginTag(node));
        items.extend(
            self.items
                .drain(..)
                .filter(|i| !matches!(i, Item::BeginTag(_) | Item::EndTag)),
        );
        items.push(Item::EndTag);
        self.items = items;
        self
    }

    /// The frame reflected left to right within its own width: drawn so
    /// that a page's [`Page::mirror`] puts it back the right way round (a
    /// QR code must never be read mirrored).
    pub fn premirrored(mut self) -> Frame {
        let width = self.size.width;
        self.items = self.items.into_iter().map(|i| i.mirrored(width)).collect();
        self
    }

    /// The frame with every tag taken off: a copy of content read once
    /// already (the nine other cards on a sheet), so decoration.
    pub fn untagged(mut self) -> Frame {
        self.items
            .retain(|i| !matches!(i, Item::BeginTag(_) | Item::EndTag));
        self
    }

    /// The frame's height.
    pub fn height(&self) -> Pt {
        self.size.height
    }

    /// The frame's width.
    pub fn width(&self) -> Pt {
        self.size.width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x: f32, width: f32) -> Item {
        Item::Text(GlyphRun {
            origin: Point::new(Pt(x), Pt(10.0)),
            role: TypeRole::Body,
            key: 0,
            weight: Weight::Regular,
            font: 0,
            size: Pt(12.0),
            colour: Colour::BLACK,
            text: "word".into(),
            glyphs: Vec::new(),
            width: Pt(width),
        })
    }

    #[test]
    fn a_mirrored_page_moves_boxes_not_what_is_in_them() {
        let mut page = Page::new(Size::new(Pt(100.0), Pt(100.0)), Pt::ZERO, Pt::ZERO);
        page.items.push(run(10.0, 30.0));
        page.fill(
            Rect::new(Pt(0.0), Pt(0.0), Pt(20.0), Pt(5.0)),
            Colour::BLACK,
        );
        page.mirror();
        // The run's box [10, 40] becomes [60, 90]; its glyphs are untouched.
        let Item::Text(r) = &page.items[0] else {
            panic!("a run")
        };
        assert_eq!(r.origin.x, Pt(60.0));
        // The bar at the left edge is now at the right edge.
        let Item::Shape(s) = &page.items[1] else {
            panic!("a shape")
        };
        let xs: Vec<Pt> = s
            .path
            .ops
            .iter()
            .filter_map(|op| match op {
                PathOp::Move(p) | PathOp::Line(p) => Some(p.x),
                _ => None,
            })
            .collect();
        assert!(xs.iter().all(|&x| x >= Pt(80.0)), "{xs:?}");
    }

    #[test]
    fn premirrored_then_mirrored_is_where_it_started() {
        let mut f = Frame::new(Size::new(Pt(50.0), Pt(50.0)));
        f.items.push(run(5.0, 10.0));
        let f = f.premirrored();
        let mut page = Page::new(Size::new(Pt(50.0), Pt(50.0)), Pt::ZERO, Pt::ZERO);
        page.items = f.items;
        page.mirror();
        let Item::Text(r) = &page.items[0] else {
            panic!("a run")
        };
        assert_eq!(r.origin.x, Pt(5.0));
    }
}
