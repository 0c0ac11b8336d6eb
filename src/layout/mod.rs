//! Layout: the box model. Text is set into blocks, blocks are stacked into
//! galleys and flowed into columns, and everything ends up as a
//! [`Document`] of positioned items in points.

pub mod document;
pub mod fit;
pub mod flow;
pub mod qr;
pub mod tags;
pub mod text;

pub use document::{
    Document, Duplex, Frame, Glyph, GlyphRun, Item, Metadata, Node, NodeId, Page, Path, PathOp,
    Picture, Role, Shape, Stroke, Structure,
};
pub use flow::{flow, Block, Flowed, Galley, Overflow};
pub use tags::Tags;
pub use text::{Align, Setter, Setting, TextBlock, TextStyle, Typesetter};
