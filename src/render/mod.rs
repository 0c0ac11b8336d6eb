//! Renderers: a [`crate::layout::Document`] in, bytes out. They draw exactly
//! what layout decided and decide nothing themselves. (The web page is a
//! format, `formats::web`: a browser lays it out.)

pub mod pdf;
pub mod png;
