//! Text: fonts, shaping (rustybuzz) and line breaking (UAX #14). Everything
//! here works in ems; layout multiplies by the type size.

pub mod bidi;
pub mod font;
pub mod lines;
pub mod script;
pub mod shape;

pub use bidi::BaseDirection;
pub use font::{Font, FontError, FontFamily, VMetrics, Weight};
pub use lines::{Prepared, StyledText, TextRun, Wrap};
pub use script::{FontId, FontSet};
pub use shape::Shaper;
