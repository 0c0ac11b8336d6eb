//! Text: fonts, shaping (rustybuzz) and line breaking (UAX #14). Everything
//! here works in ems; layout multiplies by the type size.

pub mod font;
pub mod lines;
pub mod shape;

pub use font::{Font, FontError, FontFamily, VMetrics, Weight};
pub use lines::{Prepared, StyledText, TextRun, Wrap};
pub use shape::Shaper;
