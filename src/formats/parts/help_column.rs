//! The help column: the back panel of a leaflet, the back cover of a booklet.

use crate::layout::flow::Galley;
use crate::layout::{Frame, Overflow, Role, Tags, TextStyle};
use crate::style::TypeRole;
use crate::text::{StyledText, Weight};
use crate::units::{Point, Pt, Rect, Size};

use crate::formats::fit::{self, GiveWay, HelplineDetail, Step};
use crate::formats::{Context, Format, FormatError};
use crate::style::ReadingStyle;

use super::contacts::talk_to_us;
use super::emergency::emergency_bar;
use super::helplines::{columns_for, push_helplines_block, HelplineType};
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

/// The nominal size of a helpline's details in a help column, at scale 1.
const HELP_DETAIL_PT: f32 = 10.5;
/// The design floor of a helpline's details.
const HELP_DETAIL_FLOOR_PT: f32 = 8.5;

/// What a help column holds and how.
#[derive(Copy, Clone, Debug)]
pub struct HelpColumn {
    /// Helpline boxes across.
    pub columns: usize,
    /// The school's contacts lead, under "Talk to us" (a leaflet or
    /// booklet may give them inside instead).
    pub contacts: bool,
    /// The helplines are here (a booklet may give them inside instead,
    /// keeping the emergency line, the QR code and the sources here).
    pub helplines: bool,
    /// How the sources are cited.
    pub sources: Sources,
    /// The format's body size: the help is the point of the leaflet, so
    /// no helpline word is smaller than the running text.
    pub body: Pt,
}

/// The helplines, emergency line, QR code, reviewed date and sources as one
/// column `w` wide, at the sizes `z` gives (never under `o.body`): the back
/// panel of a leaflet, the back cover of a booklet.
pub fn help_column(
    ctx: &Context,
    tags: &mut Tags,
    w: Pt,
    z: &Scaled,
    give_way: GiveWay,
    o: &HelpColumn,
) -> Frame {
    stacked(help_galley(ctx, tags, w, z, give_way, o), w)
}

/// A galley's blocks one under another in one frame `w` wide (the first
/// block's space above dropped).
fn stacked(g: Galley, w: Pt) -> Frame {
    let mut f = Frame::new(Size::new(w, Pt::ZERO));
    let mut y = Pt::ZERO;
    for (i, b) in g.blocks.into_iter().enumerate() {
        if i > 0 {
            y += b.space_before;
        }
        let h = b.frame.height();
        f.place(Point::new(Pt::ZERO, y), b.frame);
        y += h;
    }
    f.size.height = y;
    f
}

/// The help column's parts as a galley `w` wide, each part whole (the
/// school's contacts, the helplines' heading kept with them, the
/// helplines, the emergency line, the QR code, the reviewed date and
/// sources), at the sizes `z` gives (never under `o.body`): to stack on a
/// back panel or cover, or to flow from a leaflet's flap onto its back.
pub fn help_galley(
    ctx: &Context,
    tags: &mut Tags,
    w: Pt,
    z: &Scaled,
    give_way: GiveWay,
    o: &HelpColumn,
) -> Galley {
    let p = &ctx.palette;
    let small = ctx.typo.small_min;
    let body = o.body;
    let size = |nominal: f32, floor: f32| z.text(nominal, floor).max(body);
    let (others, emergency) = ctx.helplines();
    let mut g = Galley::new();
    g.section(ctx.labels.helplines.trim());
    // The school's contacts and the helplines at the same sizes.
    let t = HelplineType {
        name: size(12.0, 9.5),
        number: z.number(19.0, 13.0).max(body * 1.4),
        detail: size(HELP_DETAIL_PT, HELP_DETAIL_FLOOR_PT),
        small: size(9.5, 8.5),
        leading: 1.25,
        level: give_way.helplines(),
        brief_contacts: give_way.brief_contacts(),
    };
    let columns = o.columns;
    // Two contacts side by side even in a narrow column: a phone number fits.
    let talk = o
        .contacts
        .then(|| {
            talk_to_us(
                ctx,
                tags,
                w,
                columns.max(2),
                &t,
                p.tint,
                z.gap(6.0),
                size(17.0, 12.0) * 1.1,
            )
        })
        .flatten();
    let mut space = Pt::ZERO;
    if let Some(talk) = talk {
        g.push_frame(talk, Pt::ZERO);
        space = z.gap(10.0);
    }
    if o.helplines {
        let heading = ctx.ts().text(
            ctx.labels.helplines.trim(),
            Weight::Bold,
            &TextStyle::new(TypeRole::Heading, size(17.0, 12.0), 1.15, p.primary),
            w,
        );
        g.push_frame(heading.into_frame().tagged(ctx.tag(tags, Role::H2)), space);
        g.keep_with_next();
        space = z.gap(5.0);
        if !others.is_empty() {
            // Large print's numbers may not shrink to fit a box: fewer,
            // wider boxes instead.
            let shrink = ctx.style != ReadingStyle::LargePrint;
            let columns = columns_for(ctx, &others, w, columns, &t, z.gap(6.0), shrink);
            // A leaflet's help may turn from its flap to its back panel
            // between two rows of boxes.
            let gap = z.gap(6.0);
            push_helplines_block(
                ctx, tags, &mut g, &others, w, columns, &t, p.tint, gap, space,
            );
            space = z.gap(6.0);
        }
    }
    for h in emergency {
        let bar = emergency_bar(
            ctx,
            tags,
            h,
            w,
            size(13.0, 11.0),
            z.number(30.0, 22.0),
            Some(size(10.0, 9.0)),
            t.level >= HelplineDetail::Brief,
        );
        g.push_frame(bar, space);
        space = z.gap(6.0);
    }
    let qr_size = z.decoration(Pt::mm(22.0), Pt::mm(QR_MIN_MM));
    if let Some(qr) = qr_block(ctx, tags, qr_size, size(10.0, 9.0), w, p.ink, p.paper) {
        g.push_frame(qr, z.gap(8.0));
    }
    let mut foot = vec![StyledText::new(
        format!("{}. ", reviewed_line(ctx)),
        Weight::Bold,
    )];
    foot.extend(if o.sources == Sources::Brief || give_way.brief_sources() {
        sources_brief(ctx)
    } else {
        sources_text(ctx)
    });
    let block = ctx.ts().set(
        &ctx.ts().prepare(&foot),
        &TextStyle::new(TypeRole::Sources, small, 1.3, p.muted),
        w,
    );
    g.push_frame(
        block.into_frame().tagged(ctx.tag(tags, Role::Note)),
        z.gap(8.0),
    );
    g
}

/// Where a format puts its help when its help column (the back panel or
/// cover) cannot hold all of it: what goes inside, among its running text,
/// and, in a leaflet, whether the help starts on the flap.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Inside {
    /// The school's contacts, after the call to action.
    pub contacts: bool,
    /// The helplines, after them.
    pub helplines: bool,
    /// A leaflet's help starts on its flap (which then opens on it) and
    /// runs on to its back panel; the sections keep to the three inside
    /// panels.
    pub flap: bool,
}

impl Inside {
    /// Everything in the help column.
    pub const NOTHING: Inside = Inside {
        contacts: false,
        helplines: false,
        flap: false,
    };
    /// The school's contacts inside.
    pub const CONTACTS: Inside = Inside {
        contacts: true,
        helplines: false,
        flap: false,
    };
    /// The contacts and the helplines inside.
    pub const HELP: Inside = Inside {
        contacts: true,
        helplines: true,
        flap: false,
    };
    /// All of the help on a leaflet's flap and back panel.
    pub const FLAP: Inside = Inside {
        contacts: false,
        helplines: false,
        flap: true,
    };
}

/// Where a help column's parts and body size ended up.
pub struct HelpPlan<T> {
    /// The fitted column.
    pub fitted: T,
    /// What goes inside instead.
    pub inside: Inside,
    /// The body size the help is set at: the running text is no larger.
    pub body: Pt,
}

/// Chooses how a back panel or cover holds its help, in order of
/// preference, trying `placements` (what goes inside instead; the school's
/// contacts are moved only when there is a site) in turn at each stage:
/// at the largest body size in `bodies` (largest first) with nothing given
/// up; then at the smallest, giving way by those of `steps` that leave no
/// word out; only then by all of `steps`. So a part moves inside before
/// anything is left out. `fit(placement, body, steps)` lays the column out.
pub fn plan_help<T, E>(
    ctx: &Context,
    bodies: &[Pt],
    placements: &[Inside],
    mut fit: impl FnMut(Inside, Pt, &'static [Step]) -> Result<T, E>,
    steps: &'static [Step],
) -> Result<HelpPlan<T>, E> {
    let smallest = bodies.last().copied().unwrap_or(ctx.typo.body_min);
    let placements: Vec<Inside> = placements
        .iter()
        .copied()
        .filter(|p| ctx.site.is_some() || !p.contacts || p.helplines || p.flap)
        .collect();
    let keeping = steps.iter().take_while(|s| !s.cuts()).count();
    let mut last = None;
    for &inside in &placements {
        for &body in bodies {
            if let Ok(fitted) = fit(inside, body, &[]) {
                return Ok(HelpPlan {
                    fitted,
                    inside,
                    body,
                });
            }
        }
    }
    for steps in [&steps[..keeping], steps] {
        if steps.is_empty() {
            continue;
        }
        for &inside in &placements {
            match fit(inside, smallest, steps) {
                Ok(fitted) => {
                    return Ok(HelpPlan {
                        fitted,
                        inside,
                        body: smallest,
                    })
                }
                Err(e) => last = Some(e),
            }
        }
    }
    match last {
        Some(e) => Err(e),
        None => fit(Inside::NOTHING, smallest, steps).map(|fitted| HelpPlan {
            fitted,
            inside: Inside::NOTHING,
            body: smallest,
        }),
    }
}

/// The help column `o` in `area`, at the largest scale in `scale` that
/// fits it, giving way by `steps` of the rule; past that, the error says
/// `where` it did not fit ("on its back cover").
#[allow(clippy::too_many_arguments)]
pub fn fit_help_column(
    ctx: &Context,
    tags: &mut Tags,
    area: Rect,
    o: &HelpColumn,
    steps: &'static [Step],
    scale: (f32, f32),
    format: Format,
    place: &str,
) -> Result<fit::Fitted<(), Frame>, FormatError> {
    fit::fit(&[()], steps, scale, |(), g, s| {
        let z = Scaled::new(ctx, s, 1.0).giving_way(g);
        let f = help_column(ctx, tags, area.width, &z, g, o);
        if f.height() <= area.height {
            Ok(f)
        } else {
            Err(Overflow {
                height: f.height() - area.height,
                source: None,
            })
        }
    })
    .map_err(|o| {
        ctx.does_not_fit(
            format,
            &format!("the helplines and sources on its {place}"),
            o.height,
        )
    })
}
