//! The command line, as a layer over the library: what was typed
//! (`args`), one module per command, and how commands end and speak
//! (`output`). `main.rs` only parses and dispatches.

pub mod args;
pub mod build;
pub mod check;
pub mod completions;
pub mod config;
pub mod digest;
pub mod list;
pub mod man;
pub mod new;
pub mod output;
pub mod watch;
