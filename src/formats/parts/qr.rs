//! The QR code of the pack's address, with the scan label and the address.

use crate::colour::Colour;
use crate::layout::{Frame, Role, Tags, TextStyle};
use crate::style::TypeRole;
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Size};

use crate::formats::Context;

use super::display_url;

/// The smallest a QR code is drawn: phones read 20 mm codes from arm's
/// length.
pub const QR_MIN_MM: f32 = 20.0;

/// A QR code of the pack's address with the "scan" label and the address
/// printed beside it, for readers without a phone. `None` without a url.
pub fn qr_block(
    ctx: &Context,
    tags: &mut Tags,
    size: Pt,
    text: Pt,
    width: Pt,
    ink: Colour,
    paper: Colour,
) -> Option<Frame> {
    let url = ctx.pack.url.as_deref()?;
    let code = crate::layout::qr::qr(url, size, ink, paper).ok()?;
    // Drawn the other way round on a page that will be mirrored, so that it
    // is read the right way round: a mirrored QR code does not scan.
    let code = if ctx.rtl { code.premirrored() } else { code };
    let gap = text * 0.8;
    let text_w = (width - size - gap).max(width * 0.3);
    let mut spans = vec![StyledText::new(
        format!("{}\n", ctx.labels.scan.trim()),
        Weight::Bold,
    )];
    spans.push(StyledText::new(display_url(url), Weight::Regular));
    let block = ctx.ts().set(
        &ctx.ts().prepare(&spans),
        &TextStyle::new(TypeRole::Furniture, text, 1.3, ink),
        text_w,
    );
    let h = size.max(block.height());
    let mut f = Frame::new(Size::new(width, h));
    let text_top = (size - block.height()).max(Pt::ZERO) / 2.0;
    // A figure with the address as its alternative text; the scan line and
    // the address beside it, a paragraph.
    let figure = ctx.figure(tags, ctx.labels.qr_alt(&display_url(url)));
    f.place(Point::default(), code.tagged_all(figure));
    f.place(
        Point::new(size + gap, text_top),
        block.into_frame().tagged(ctx.tag(tags, Role::P)),
    );
    Some(f)
}
