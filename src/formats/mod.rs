//! Formats decide what goes where: one file per format, each turning a pack's
//! audience into a [`Document`] for one paper and reading style. What an
//! output is ([`Format`], [`Paper`]) is in `format.rs`, what a layout knows
//! of it ([`Context`]) in `context.rs`, and the languages of an edition in
//! `languages.rs`; here, [`make`] lays one out.

pub mod booklet;
pub mod cards;
mod context;
pub mod fit;
mod format;
pub mod handout;
pub mod languages;
pub mod leaflet;
pub mod marks;
pub mod parts;
pub mod poster;
pub mod web;

pub use context::{Context, Second};
pub use format::{bilingual_formats, Format, FormatError, Paper, SAFE_MARGIN_MM};
pub use languages::Languages;

use crate::english;
use crate::layout::{Document, Structure};
use crate::style::{Floors, ReadingStyle, TypeRole};

/// Lays out one output.
///
/// When it does not fit, the error says what took the room (a site's
/// contacts and logo, when the output fits without them) and names a larger
/// paper on which the same content fits, if there is one.
pub fn make(ctx: &Context, format: Format) -> Result<Document, FormatError> {
    if let Some(e) = format.unmade(ctx.paper, ctx.style) {
        return Err(e);
    }
    if ctx.second.is_some() {
        if let Some(e) = format.unmade_bilingual() {
            return Err(e);
        }
    }
    let mut doc = lay_out(ctx, format).map_err(|e| explain(ctx, format, e))?;
    if let Some(note) = logo_resolution(ctx, &doc) {
        doc.notes.push(note);
    }
    // A right-to-left language reads its layouts as their mirror image:
    // columns, panels, markers, bars, the tri-fold's opening and the
    // booklet's binding all change sides; text and pictures do not. A
    // bilingual edition is laid out in its first language's terms (see
    // `languages`), so it is mirrored when that one reads right to left.
    if ctx.rtl {
        for page in &mut doc.pages {
            page.mirror();
        }
    }
    Ok(doc)
}

/// The least resolution a logo should print at: under it, edges and small
/// lettering in a crest print soft or stepped.
const LOGO_MIN_PPI: f32 = 150.0;

/// A warning when the site's logo prints under [`LOGO_MIN_PPI`] at the
/// largest size it is drawn, naming the pixel size that would do.
fn logo_resolution(ctx: &Context, doc: &Document) -> Option<String> {
    let site = ctx.site?;
    let logo = site.logo.as_ref()?;
    let largest = doc
        .pages
        .iter()
        .flat_map(|page| &page.items)
        .filter_map(|item| match item {
            crate::layout::Item::Image(p) => Some(p),
            _ => None,
        })
        .max_by(|a, b| a.rect.width.0.total_cmp(&b.rect.width.0))?;
    let inches = largest.rect.width.0 / 72.0;
    let ppi = largest.image.width as f32 / inches;
    if ppi >= LOGO_MIN_PPI {
        return None;
    }
    let aspect = largest.image.aspect();
    let need_w = (inches * LOGO_MIN_PPI).ceil() as u32;
    let need_h = (need_w as f32 / aspect).ceil() as u32;
    Some(format!(
        "{}'s logo ({}, {} x {} pixels) prints {:.0} mm wide here, at {:.0} pixels per inch: \
         it will look soft or stepped. A logo of at least {} x {} pixels prints sharp \
         (150 per inch); ask the school for a larger file, or an SVG exported as a large PNG",
        site.name.as_str(),
        logo.path().display(),
        largest.image.width,
        largest.image.height,
        largest.rect.width.to_mm(),
        ppi,
        need_w,
        need_h,
    ))
}

/// Lays out one output: each format's `make` owns the structure it
/// builds, so every layout starts with a tree of its own. A reading style
/// other than the standard one is held to the standard layout of the same
/// job: its floors per role of text are measured from that layout (see
/// [`crate::style::Floors::for_style`]), the one place this rule is kept.
fn lay_out(ctx: &Context, format: Format) -> Result<Document, FormatError> {
    let mut floors = match ctx.style {
        ReadingStyle::Standard => Floors::none(),
        style => {
            let standard = lay_out(&ctx.in_style(ReadingStyle::Standard), format)
                .map(|doc| doc.role_sizes())
                .unwrap_or_default();
            Floors::for_style(style, &standard, format.in_hand(), format.can_grow())
        }
    };
    // A school's poster never sets its headline smaller than the same
    // poster without the school: its contacts and logo take room from the
    // rest.
    if format == Format::Poster && ctx.site.is_some() {
        let without = ctx.clone().with_site(None);
        if let Ok(doc) = lay_out(&without, format) {
            let headline = doc.role_sizes().role(TypeRole::Headline);
            floors = floors.raised(TypeRole::Headline, headline);
        }
    }
    let floored;
    let ctx = if floors == Floors::none() {
        ctx
    } else {
        floored = ctx.clone().with_floors(floors);
        &floored
    };
    match format {
        Format::Poster => poster::make(ctx),
        Format::Handout => handout::make(ctx),
        Format::Leaflet => leaflet::make(ctx),
        Format::Booklet => booklet::make(ctx),
        Format::Cards => cards::make(ctx),
        // Not laid out on pages: render::html makes the page from the pack.
        Format::Web => Ok(ctx.document(Format::Web, Vec::new(), Structure::new())),
    }
}

/// Adds to a "does not fit" error what took the room and where it would fit.
fn explain(ctx: &Context, format: Format, mut e: FormatError) -> FormatError {
    let FormatError::DoesNotFit {
        paper,
        cause,
        fits_on,
        booklet_fits,
        cards_without,
        ..
    } = &mut e
    else {
        return e;
    };
    *cause = ctx.site.and_then(|site| {
        let without = ctx
            .in_style(ctx.style)
            .with_site(None)
            .with_palette(ctx.palette);
        lay_out(&without, format).ok()?;
        let n = site.contacts.len();
        let mut what = Vec::new();
        if n > 0 {
            what.push(english::count(n, "contact"));
        }
        if site.logo.is_some() {
            what.push("logo".to_string());
        }
        Some(format!(
            "{}'s {}",
            site.name.as_str(),
            english::join_and(&what)
        ))
    });
    *fits_on = paper
        .larger()
        .into_iter()
        .filter(|p| format.papers().contains(p))
        .find(|&p| lay_out(&ctx.on_paper(p), format).is_ok());
    // A remedy is named only where it was tried and works.
    if matches!(format, Format::Handout | Format::Leaflet) {
        *booklet_fits = Format::Booklet.unmade(ctx.paper, ctx.style).is_none()
            && lay_out(ctx, Format::Booklet).is_ok();
    }
    if format == Format::Cards {
        *cards_without = cards_that_fit(ctx).unwrap_or_default();
    }
    e
}

/// The fewest of a site's contacts to leave off the cards (the last ones
/// first: a school lists its lead first) for the cards to fit, by name;
/// `None` when leaving every one off does not make them fit either.
fn cards_that_fit(ctx: &Context) -> Option<Vec<String>> {
    let site = ctx.site?;
    let on: Vec<usize> = (0..site.contacts.len())
        .filter(|&i| site.contacts[i].on_cards)
        .collect();
    for leave in 1..=on.len() {
        let mut fewer = site.clone();
        let left: Vec<usize> = on[on.len() - leave..].to_vec();
        for &i in &left {
            fewer.contacts[i].on_cards = false;
        }
        let without: Context = ctx.clone().with_site(Some(&fewer));
        if lay_out(&without, Format::Cards).is_ok() {
            return Some(
                left.iter()
                    .map(|&i| site.contacts[i].name.clone())
                    .collect(),
            );
        }
    }
    None
}
