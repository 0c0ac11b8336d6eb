//! A poster's design: its type sizes at A4, for one language across the
//! page or two side by side.

use crate::formats::Languages;

/// A poster's design on A4, at full scale: each text size as (nominal,
/// floor) in points, for [`Scaled::text`]. Two languages side by side have
/// half the width each, so their type is designed smaller.
pub(super) struct Design {
    /// The key points' size.
    pub(super) key_point: f32,
    /// Key points at least this much above the style's A4 minimum for
    /// body text.
    pub(super) over_body: f32,
    /// The headline's largest size.
    pub(super) headline: f32,
    /// The headline's floor.
    pub(super) headline_floor: f32,
    /// How many lines the headline may take at its largest.
    pub(super) headline_lines: usize,
    /// The audience tag.
    pub(super) tag: (f32, f32),
    /// The strapline.
    pub(super) strapline: (f32, f32),
    /// The call to action.
    pub(super) cta: (f32, f32),
    /// Helpline numbers.
    pub(super) number: (f32, f32),
    /// Helpline names.
    pub(super) name: (f32, f32),
    /// Who a helpline is for.
    pub(super) detail: (f32, f32),
    /// Hours and costs.
    pub(super) small: (f32, f32),
    /// The help zone's headings.
    pub(super) heading: (f32, f32),
    /// The emergency number.
    pub(super) emergency: (f32, f32),
    /// The emergency line's words.
    pub(super) emergency_label: (f32, f32),
    /// What the emergency line is for.
    pub(super) emergency_detail: (f32, f32),
    /// The QR code, in millimetres.
    pub(super) qr_mm: f32,
    /// The QR code's label.
    pub(super) qr_label: (f32, f32),
    /// The widest the QR block may be, in millimetres.
    pub(super) qr_max_mm: f32,
}

impl Design {
    /// One language across the page.
    pub(super) const ONE: Design = Design {
        key_point: 20.0,
        over_body: 1.17,
        headline: 50.0,
        headline_floor: 24.0,
        headline_lines: 2,
        tag: (13.0, 10.0),
        strapline: (21.0, 14.0),
        cta: (21.0, 15.0),
        number: (26.0, 16.0),
        name: (14.0, 11.0),
        detail: (11.5, 10.0),
        small: (10.5, 9.0),
        heading: (22.0, 15.0),
        emergency: (50.0, 28.0),
        emergency_label: (18.0, 14.0),
        emergency_detail: (12.0, 10.0),
        qr_mm: 24.0,
        qr_label: (11.0, 9.0),
        qr_max_mm: 70.0,
    };

    /// Two languages side by side.
    pub(super) const TWO: Design = Design {
        key_point: 17.0,
        over_body: 1.1,
        headline: 34.0,
        headline_floor: 20.0,
        headline_lines: 3,
        tag: (12.0, 10.0),
        strapline: (17.0, 13.0),
        cta: (19.0, 14.0),
        number: (24.0, 16.0),
        name: (13.0, 11.0),
        detail: (10.5, 9.5),
        small: (10.0, 9.0),
        heading: (20.0, 15.0),
        emergency: (40.0, 26.0),
        emergency_label: (17.0, 13.0),
        emergency_detail: (11.5, 10.0),
        qr_mm: 22.0,
        qr_label: (10.0, 9.0),
        qr_max_mm: 60.0,
    };

    /// The design for `langs`.
    pub(super) fn of(langs: &Languages) -> &'static Design {
        if langs.is_pair() {
            &Design::TWO
        } else {
            &Design::ONE
        }
    }
}
