//! packpress: TOML resource packs in, print-ready PDFs out.
//!
//! The pipeline is the architecture, one way, one module per stage:
//! `pack` (TOML to a checked [`pack::Pack`]) -> `text` (fonts, shaping, line
//! breaking) -> `layout` (boxes to a [`layout::Document`]) -> `formats`
//! (what goes where on a poster, handout, ...) -> `render` (the Document to
//! PDF bytes). `build` ties them into jobs; the command line is `src/cli/`, and
//! `main.rs` only parses and dispatches.

#![forbid(unsafe_code)]

pub mod build;
pub mod colour;
pub mod date;
pub mod diagnostics;
pub mod english;
pub mod escape;
pub mod files;
pub mod formats;
pub mod images;
pub mod labels;
pub mod layout;
pub mod markup;
pub mod model;
pub mod pack;
pub mod render;
pub mod scaffold;
pub mod style;
pub mod suggest;
pub mod text;
pub mod units;
