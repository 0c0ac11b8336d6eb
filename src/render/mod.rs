//! Renderers: a [`crate::layout::Document`] in, bytes out. They draw exactly
//! what layout decided and decide nothing themselves.

pub mod pdf;
pub mod png;
