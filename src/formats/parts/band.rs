//! The header band (tag, headline, strapline, a site's name and logo) and
//! the front cover of leaflets and booklets.

use crate::colour::Colour;
use crate::layout::fit;
use crate::layout::{Frame, Item, Page, Path, Role, Shape, Tags, TextStyle};
use crate::style::TypeRole;
use crate::text::Weight;
use crate::units::{Point, Pt, Rect, Size};

use crate::formats::{Context, Format, FormatError};
use crate::style::ReadingStyle;

use super::key_points::numbered_points;
use super::pill;

/// Sizes of the header: the audience tag, the headline, the strapline.
#[derive(Copy, Clone, Debug)]
pub struct HeaderType {
    /// The "For parents and carers" tag.
    pub tag: Pt,
    /// The headline.
    pub headline: Pt,
    /// The strapline.
    pub strapline: Pt,
}

/// The co-branding strip a school's outputs open with, to sit on white:
/// its logo `logo` tall (its shape kept, no wider than 40% of `width`) and
/// its name beside it, bold in its colour at `name` size, centred on the
/// logo. `None` without a site.
pub fn cobrand_strip(
    ctx: &Context,
    tags: &mut Tags,
    width: Pt,
    logo: Pt,
    name: Pt,
) -> Option<Frame> {
    let site = ctx.site?;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let image = site.logo.as_ref().and_then(|l| l.image().ok());
    let (logo_w, logo_h) = match image {
        Some(image) => {
            let bounds = Rect::new(Pt::ZERO, Pt::ZERO, width * 0.4, logo);
            let picture = crate::layout::Picture::fit(image, bounds, false);
            let size = (picture.rect.width, picture.rect.height);
            f.push(Item::BeginTag(
                ctx.figure(tags, ctx.labels.logo_alt(site.name.as_str())),
            ));
            f.push(Item::Image(crate::layout::Picture {
                rect: Rect::new(Pt::ZERO, Pt::ZERO, size.0, size.1),
                image: picture.image,
            }));
            f.push(Item::EndTag);
            size
        }
        None => (Pt::ZERO, Pt::ZERO),
    };
    let gap = if logo_w > Pt::ZERO {
        name * 0.9
    } else {
        Pt::ZERO
    };
    let block = ctx.ts().text(
        site.name.as_str(),
        Weight::Bold,
        &TextStyle::new(TypeRole::Tag, name, 1.15, ctx.palette.brand).balanced(),
        width - logo_w - gap,
    );
    let height = logo_h.max(block.height());
    let top = (height - block.height()) / 2.0;
    f.place(
        Point::new(logo_w + gap, top),
        block.into_frame().tagged(ctx.tag(tags, Role::P)),
    );
    // The logo centred on the name, when the name is the taller.
    if logo_h < height {
        let dy = (height - logo_h) / 2.0;
        for item in &mut f.items {
            if let Item::Image(p) = item {
                p.rect.y += dy;
            }
        }
    }
    f.size.height = height;
    Some(f)
}

/// The header's content (tag, headline, strapline) in `on_primary`, to sit on
/// a band of the primary colour that the format draws.
pub fn header(ctx: &Context, tags: &mut Tags, width: Pt, t: &HeaderType) -> Frame {
    let a = &ctx.audience;
    let p = &ctx.palette;
    let mut f = Frame::new(Size::new(width, Pt::ZERO));
    let mut y = Pt::ZERO;

    let tag = pill(
        ctx,
        &ctx.labels.for_audience(a.name.as_str()),
        t.tag,
        p.accent,
        p.on_accent,
        width,
    );
    let tag_h = tag.height();
    f.place(Point::new(Pt::ZERO, y), tag.tagged(ctx.tag(tags, Role::P)));
    y += tag_h;
    y += t.headline * 0.35;

    let style = TextStyle::new(TypeRole::Headline, t.headline, 1.08, p.on_primary).balanced();
    let headline = ctx
        .ts()
        .text(a.headline.as_str(), Weight::Bold, &style, width);
    let h = headline.height();
    f.place(
        Point::new(Pt::ZERO, y),
        headline.into_frame().tagged(ctx.tag(tags, Role::H1)),
    );
    y += h;

    if let Some(strap) = a.strapline.as_deref() {
        y += t.strapline * 0.45;
        let style = TextStyle::new(TypeRole::Strapline, t.strapline, 1.25, p.on_primary);
        let block = ctx.ts().text(strap, Weight::Regular, &style, width);
        let h = block.height();
        f.place(
            Point::new(Pt::ZERO, y),
            block.into_frame().tagged(ctx.tag(tags, Role::P)),
        );
        y += h;
    }
    f.size.height = y;
    f
}

/// The site's logo on a white rounded plate (logos are made for white),
/// no larger than `max_w` by `max_h`. `None` without a logo.
pub fn logo_plate(ctx: &Context, tags: &mut Tags, max_w: Pt, max_h: Pt) -> Option<Frame> {
    // Held for the whole site's build by build::render_jobs, so this is
    // a shared copy, not a second decode.
    let image = ctx
        .site
        .and_then(|s| s.logo.as_ref())
        .and_then(|l| l.image().ok())?;
    let pad = max_h * 0.12;
    let inner = crate::units::Rect::new(pad, pad, max_w - pad * 2.0, max_h - pad * 2.0);
    let picture = crate::layout::Picture::fit(image, inner, false);
    let w = picture.rect.width + pad * 2.0;
    let h = picture.rect.height + pad * 2.0;
    let mut f = Frame::new(Size::new(w, h));
    f.shape(Shape::filled(
        Path::rounded_rect(crate::units::Rect::new(Pt::ZERO, Pt::ZERO, w, h), pad),
        Colour::WHITE,
    ));
    let site = ctx.site.map(|s| s.name.as_str()).unwrap_or_default();
    f.push(Item::BeginTag(ctx.figure(tags, ctx.labels.logo_alt(site))));
    f.push(Item::Image(crate::layout::Picture {
        rect: crate::units::Rect::new(pad, pad, picture.rect.width, picture.rect.height),
        image: picture.image,
    }));
    f.push(Item::EndTag);
    Some(f)
}

/// The front cover: the theme colour to the sheet's edge, the audience tag,
/// the headline as large as fits, the strapline, the key points, and at the
/// foot the site's logo and name (or, with no site, the pack's title).
///
/// `fill` is the area painted in the theme colour (bleed included, as the
/// format decides); `text` is where text may go. `key_points` is false when
/// the key points are printed elsewhere (a large-print booklet moves them to
/// page 2).
#[allow(clippy::too_many_arguments)]
pub fn cover(
    ctx: &Context,
    tags: &mut Tags,
    page: &mut Page,
    fill: Rect,
    text: Rect,
    body: Pt,
    format: Format,
    key_points: bool,
) -> Result<(), FormatError> {
    let p = &ctx.palette;
    page.fill(fill, p.primary);
    let (x, w) = (text.x, text.width);
    let a = &ctx.audience;
    let title = cover_foot(ctx, tags, w);
    let points = ctx.key_points();
    let headline = a.headline.as_str();
    let strap = a.strapline.as_deref();
    let room = text.height - title.height() - Pt::mm(6.0);

    // Everything above the title, as large as fits: the headline from 30 pt,
    // the key points from the body size up. Large print keeps the headline
    // at its full size (never smaller than the standard cover's).
    let least = if ctx.style == ReadingStyle::LargePrint {
        1.0
    } else {
        0.0
    };
    let (_, content) = fit::largest(least, 1.0, |s| {
        let mut f = Frame::new(Size::new(w, Pt::ZERO));
        let mut y = Pt::mm(2.0);
        let tag = pill(
            ctx,
            &ctx.labels.for_audience(a.name.as_str()),
            Pt(10.0).max(ctx.typo.small_min),
            p.accent,
            p.on_accent,
            w,
        );
        let tag_h = tag.height();
        f.place(Point::new(Pt::ZERO, y), tag.tagged(ctx.tag(tags, Role::P)));
        y += tag_h + Pt::mm(6.0);
        let style =
            TextStyle::new(TypeRole::Headline, Pt(18.0 + 12.0 * s), 1.1, p.on_primary).balanced();
        let block = ctx.ts().text(headline, Weight::Bold, &style, w);
        let bh = block.height();
        f.place(
            Point::new(Pt::ZERO, y),
            block.into_frame().tagged(ctx.tag(tags, Role::H1)),
        );
        y += bh + Pt::mm(3.0);
        if let Some(strap) = strap {
            let block = ctx.ts().text(
                strap,
                Weight::Regular,
                &TextStyle::new(TypeRole::Strapline, body * 1.05, 1.3, p.on_primary),
                w,
            );
            let bh = block.height();
            f.place(
                Point::new(Pt::ZERO, y),
                block.into_frame().tagged(ctx.tag(tags, Role::P)),
            );
            y += bh;
        }
        y += Pt::mm(4.0);
        f.shape(Shape::filled(
            Path::rect(Rect::new(Pt::ZERO, y, Pt::mm(16.0), Pt::mm(1.2))),
            p.accent,
        ));
        y += Pt::mm(1.2);
        if key_points {
            y += Pt::mm(4.8);
            let style = TextStyle::new(
                TypeRole::KeyPoint,
                body * (1.0 + 0.1 * s),
                ctx.typo.leading,
                p.on_primary,
            );
            let list = numbered_points(ctx, tags, &points, w, &style, body * 0.45);
            let lh = list.height();
            f.place(Point::new(Pt::ZERO, y), list);
            y += lh;
        }
        f.size.height = y;
        if y <= room {
            Ok(f)
        } else {
            Err(y - room)
        }
    })
    .map_err(|over| ctx.does_not_fit(format, "the cover's headline and key points", over))?;
    page.place(text.origin(), content.items);
    let foot = text.bottom() - title.height();
    page.place(Point::new(x, foot), title.items);
    Ok(())
}

/// The foot of a cover, `w` wide: the site's logo and name, or the pack's
/// title when there is no site.
fn cover_foot(ctx: &Context, tags: &mut Tags, w: Pt) -> Frame {
    let p = &ctx.palette;
    // A school's logo and name on a white panel: logos are made for white.
    let pad = Pt::mm(3.0);
    if let Some(strip) = cobrand_strip(
        ctx,
        tags,
        w - pad * 2.0,
        Pt::mm(20.0),
        Pt(14.0).max(ctx.typo.small_min),
    ) {
        let h = strip.height() + pad * 2.0;
        let mut f = Frame::new(Size::new(w, h));
        f.shape(Shape::filled(
            Path::rounded_rect(Rect::new(Pt::ZERO, Pt::ZERO, w, h), Pt::mm(2.0)),
            Colour::WHITE,
        ));
        f.place(Point::new(pad, pad), strip);
        return f;
    }
    let size = Pt(11.0).max(ctx.typo.small_min);
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let block = ctx.ts().text(
        ctx.pack.title.as_str(),
        Weight::Bold,
        &TextStyle::new(TypeRole::Furniture, size, 1.3, p.on_primary),
        w,
    );
    let h = block.height();
    f.place(
        Point::default(),
        block.into_frame().tagged(ctx.tag(tags, Role::P)),
    );
    f.size.height = h;
    f
}
