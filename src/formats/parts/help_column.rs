//! The help column: the back panel of a leaflet, the back cover of a booklet.

use crate::layout::{Frame, TextStyle};
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Size};

use crate::formats::fit::{GiveWay, HelplineDetail};
use crate::formats::Context;
use crate::style::ReadingStyle;

use super::contacts::talk_to_us;
use super::emergency::emergency_bar;
use super::helplines::{columns_for, helplines_block, HelplineType};
use super::qr::qr_block;
use super::sources::{reviewed_line, sources_brief, sources_text};
use super::{Scaled, QR_MIN_MM};

/// How a format cites its sources.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Sources {
    /// In full, unless the give-way rule has taken them to brief.
    Full,
    /// In brief, by design.
    Brief,
}

/// The helplines, emergency line, QR code, reviewed date and sources as one
/// column `w` wide, at the sizes `z` gives: the back
/// panel of a leaflet, the back cover of a booklet.
///
/// Helpline boxes are set `columns` across. The school's contacts lead,
/// under "Talk to us", when `contacts` (a booklet may give them inside).
pub fn help_column(
    ctx: &Context,
    w: Pt,
    z: &Scaled,
    give_way: GiveWay,
    columns: usize,
    contacts: bool,
    sources: Sources,
) -> Frame {
    let p = &ctx.palette;
    let small = ctx.typo.small_min;
    let size = |nominal: f32, floor: f32| z.text(nominal, floor);
    let (others, emergency) = ctx.helplines();
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    let contact_type = HelplineType {
        name: size(12.0, 9.5),
        number: z.number(19.0, 13.0),
        detail: size(10.5, 8.5),
        small: size(9.5, 8.5),
        leading: 1.25,
        level: give_way.helplines(),
    };
    // Two contacts side by side even in a narrow column: a phone number fits.
    let talk = contacts
        .then(|| talk_to_us(ctx, w, columns.max(2), &contact_type, p.tint, z.gap(6.0)))
        .flatten();
    if let Some(talk) = talk {
        let th = talk.height();
        f.place(Point::new(Pt::ZERO, y), talk);
        y += th + z.gap(10.0);
    }
    let heading = ctx.ts.text(
        ctx.labels.helplines.trim(),
        Weight::Bold,
        &TextStyle::new(size(17.0, 12.0), 1.15, p.primary),
        w,
    );
    let hh = heading.height();
    f.place(Point::new(Pt::ZERO, y), heading.into_frame());
    y += hh + z.gap(5.0);
    if !others.is_empty() {
        let t = HelplineType {
            name: size(12.0, 9.5),
            number: z.number(19.0, 13.0),
            detail: size(10.5, 8.5),
            small: size(9.5, 8.5),
            leading: 1.25,
            level: give_way.helplines(),
        };
        // Large print's numbers may not shrink to fit a box: fewer, wider
        // boxes instead.
        let shrink = ctx.style != ReadingStyle::LargePrint;
        let columns = columns_for(ctx, &others, w, columns, &t, z.gap(6.0), shrink);
        let grid = helplines_block(ctx, &others, w, columns, &t, p.tint, z.gap(6.0));
        let gh = grid.height();
        f.place(Point::new(Pt::ZERO, y), grid);
        y += gh;
    }
    for h in emergency {
        y += z.gap(6.0);
        let bar = emergency_bar(
            ctx,
            h,
            w,
            size(13.0, 11.0),
            z.number(30.0, 22.0),
            (give_way.helplines() != HelplineDetail::Names).then(|| size(10.0, 9.0)),
        );
        let bh = bar.height();
        f.place(Point::new(Pt::ZERO, y), bar);
        y += bh;
    }
    let qr_size = z.decoration(Pt::mm(22.0), Pt::mm(QR_MIN_MM));
    if let Some(qr) = qr_block(ctx, qr_size, size(10.0, 9.0), w, p.ink, p.paper) {
        y += z.gap(8.0);
        let qh = qr.height();
        f.place(Point::new(Pt::ZERO, y), qr);
        y += qh;
    }
    y += z.gap(8.0);
    let mut foot = vec![StyledText::new(
        format!("{}. ", reviewed_line(ctx)),
        Weight::Bold,
    )];
    foot.extend(if sources == Sources::Brief || give_way.brief_sources() {
        sources_brief(ctx)
    } else {
        sources_text(ctx)
    });
    let block = ctx.ts.set(
        &ctx.ts.prepare(&foot),
        &TextStyle::new(small, 1.3, p.muted),
        w,
    );
    let bh = block.height();
    f.place(Point::new(Pt::ZERO, y), block.into_frame());
    y += bh;
    f.size.height = y;
    f
}
