//! sRGB colours as packs write them (`#RRGGBB`), and WCAG contrast.

use std::fmt;

/// An opaque sRGB colour.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Colour {
    /// Red, 0 to 255.
    pub r: u8,
    /// Green, 0 to 255.
    pub g: u8,
    /// Blue, 0 to 255.
    pub b: u8,
}

impl Colour {
    /// White.
    pub const WHITE: Colour = Colour::rgb(255, 255, 255);
    /// Black.
    pub const BLACK: Colour = Colour::rgb(0, 0, 0);

    /// A colour from its channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b }
    }

    /// Parses `#RRGGBB` (case-insensitive). Nothing else is accepted, so a
    /// typo never turns into a surprising colour on paper.
    pub fn parse(s: &str) -> Option<Colour> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let ch = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Colour::rgb(ch(0)?, ch(2)?, ch(4)?))
    }

    /// Mixes `self` with `other`: `t` = 0 gives `self`, 1 gives `other`.
    pub fn mix(self, other: Colour, t: f32) -> Colour {
        let m = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
        Colour::rgb(m(self.r, other.r), m(self.g, other.g), m(self.b, other.b))
    }

    /// Relative luminance as WCAG 2 defines it (0 for black, 1 for white).
    pub fn luminance(self) -> f64 {
        fn lin(c: u8) -> f64 {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// WCAG 2 contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// The same colour with its hue turned by `degrees` around the colour
    /// wheel, its lightness and saturation kept (HSL): a sibling colour of
    /// the same weight.
    pub fn rotate_hue(self, degrees: f32) -> Colour {
        let [r, g, b] = self.to_f32();
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let l = (max + min) / 2.0;
        let d = max - min;
        if d < 1e-6 {
            return self;
        }
        let s = d / (1.0 - (2.0 * l - 1.0).abs());
        let h = if max == r {
            60.0 * (((g - b) / d).rem_euclid(6.0))
        } else if max == g {
            60.0 * ((b - r) / d + 2.0)
        } else {
            60.0 * ((r - g) / d + 4.0)
        };
        let h = (h + degrees).rem_euclid(360.0);
        let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
        let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
        let m = l - c / 2.0;
        let (r, g, b) = match (h / 60.0) as u32 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let ch = |v: f32| ((v + m).clamp(0.0, 1.0) * 255.0).round() as u8;
        Colour::rgb(ch(r), ch(g), ch(b))
    }

    /// Channels as fractions from 0 to 1, for renderers.
    pub fn to_f32(self) -> [f32; 3] {
        [
            self.r as f32 / 255.0,
            self.g as f32 / 255.0,
            self.b as f32 / 255.0,
        ]
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_hash_rrggbb() {
        assert_eq!(
            Colour::parse("#1F4E79"),
            Some(Colour::rgb(0x1F, 0x4E, 0x79))
        );
        assert_eq!(
            Colour::parse("#1f4e79"),
            Some(Colour::rgb(0x1F, 0x4E, 0x79))
        );
        for bad in [
            "1F4E79",
            "#1F4E7",
            "#1F4E799",
            "#GGGGGG",
            "",
            "#",
            "#１２３４５６",
        ] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((Colour::BLACK.contrast(Colour::WHITE) - 21.0).abs() < 1e-9);
        assert!((Colour::WHITE.contrast(Colour::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1 boundary grey.
        let grey = Colour::rgb(0x76, 0x76, 0x76);
        assert!((grey.contrast(Colour::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn displays_as_pack_syntax() {
        assert_eq!(Colour::rgb(0x1F, 0x4E, 0x79).to_string(), "#1F4E79");
    }
}
