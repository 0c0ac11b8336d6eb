//! Renderers: a [`crate::layout::Document`] in, bytes out. They draw exactly
//! what layout decided and decide nothing themselves. The web page
//! (`html`) is the exception: a browser lays it out, so it is made from
//! the pack's content in the formats' reading order.

pub mod html;
pub mod pdf;
pub mod png;
