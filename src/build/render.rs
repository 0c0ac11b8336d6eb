//! Rendering: each job laid out and drawn (PDF, PNGs, or the web page),
//! the jobs of one site spread over the threads or made in turn, as the
//! caller says ([`Spread`]), one typesetter per thread and pack.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::load::LoadedPack;
use super::plan::{png_path, About, Job, Sources};
use crate::formats::{self, Context, Format, FormatError};
use crate::labels::Locale;
use crate::layout::{Document, Item, Typesetter};
use crate::model;
use crate::pack::site::Site;
use crate::render;
use crate::text::Shaper;

/// A rendered output, not yet written.
pub struct Rendered {
    /// Where it goes, relative to the output folder.
    pub path: PathBuf,
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Its page count.
    pub pages: usize,
    /// What its format left out to keep to its style (warnings).
    pub notes: Vec<String>,
    /// How it grew within its format's range (more pages, larger cards):
    /// notes, not warnings.
    pub remarks: Vec<String>,
    /// Its pages as PNGs (when asked for): where each goes, and its bytes.
    pub pngs: Vec<(PathBuf, Vec<u8>)>,
    /// What it is.
    pub about: About,
    /// What it is built from.
    pub sources: Sources,
}

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The content does not fit the format.
    #[error(transparent)]
    Layout(#[from] FormatError),
    /// The PDF could not be written.
    #[error(transparent)]
    Render(#[from] render::pdf::RenderError),
    /// A page could not be drawn as a PNG.
    #[error(transparent)]
    Png(#[from] render::png::PngError),
    /// The font could not be used for shaping.
    #[error("the font family {0} cannot be used for shaping")]
    Font(String),
    /// The site's logo, good when the site was read, no longer decodes.
    #[error("the site's logo cannot be read any more: {0}")]
    Logo(String),
    /// The job names a pack that was not loaded (a job made by hand).
    #[error("the job is for pack number {index}, and {loaded} packs were loaded")]
    NoPack {
        /// The job's pack index.
        index: usize,
        /// How many packs there are.
        loaded: usize,
    },
    /// A web or email address printed over two lines: addresses never
    /// break (a reader types what is printed).
    #[error("the {format} on {paper} for the audience `{audience}` has no room for the address `{shown}` on one line, and an address is never broken over two")]
    AddressBroken {
        /// The format's name.
        format: String,
        /// The paper's name.
        paper: String,
        /// The audience's id.
        audience: String,
        /// The address as printed, shortened for the message (with its
        /// length when it is cut).
        shown: String,
    },
    /// The pack has no text for the job's audience in its language.
    #[error("the pack has no text for the audience `{audience}` in {language}")]
    NotInLanguage {
        /// The audience's id.
        audience: String,
        /// The language, in words.
        language: String,
    },
}

impl JobError {
    /// What the user can do about it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            JobError::Layout(e) => Some(e.help()),
            JobError::Png(render::png::PngError::TooLarge { .. }) => {
                Some("choose a lower --png resolution, such as 150".to_string())
            }
            JobError::Logo(_) => Some(
                "the logo changed while the build ran: check the file, then build again"
                    .to_string(),
            ),
            JobError::NotInLanguage { .. } => Some(
                "add its translation, audiences/<id>.<lang>.toml, or build the languages it has (`packpress list` lists them)".to_string(),
            ),
            JobError::AddressBroken { .. } => Some(
                "give a shorter address (a page on the publisher's site, or a short link it controls), or build on larger paper with -p".to_string(),
            ),
            JobError::NoPack { .. } => Some(
                "make the job with build::plan, from the packs it is rendered with".to_string(),
            ),
            JobError::Render(_) | JobError::Png(_) | JobError::Font(_) => None,
        }
    }
}

/// Lays out and renders one job.
pub fn render_job(
    packs: &[LoadedPack],
    site: Option<&Site>,
    job: &Job,
) -> Result<Rendered, JobError> {
    let lp = packs.get(job.pack).ok_or(JobError::NoPack {
        index: job.pack,
        loaded: packs.len(),
    })?;
    let site = site.map(Site::model);
    let _logo = hold_logo(site.as_ref())?;
    let shaper =
        Shaper::new(&lp.fonts).ok_or_else(|| JobError::Font(lp.fonts.theme().name.clone()))?;
    render_one(lp, site.as_ref(), job, &Typesetter::new(shaper))
}

/// How a site's jobs are spread over the threads.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Spread {
    /// Over every thread of the pool (each with its own typesetter): for
    /// a site built alone, or sites built one after another.
    Threads,
    /// One after another on the calling thread: for sites built side by
    /// side, which already fill the threads. Splitting their jobs too
    /// would let a waiting thread start yet another site (rayon steals),
    /// and hold every site's logo at once.
    InTurn,
}

/// Lays out and renders jobs for one site, sharing one typesetter (and its
/// cache of shaped words) per pack and thread, spread over the threads.
/// Returns what was made and what failed.
pub fn render_jobs(
    packs: &[LoadedPack],
    site: Option<&Site>,
    jobs: &[Job],
) -> (Vec<Rendered>, Vec<(Job, JobError)>) {
    render_jobs_with(packs, site, jobs, Spread::Threads, &|| {})
}

/// As [`render_jobs`], spread as the caller says, calling `on_done` as
/// each job is made (or fails): what a progress bar counts.
pub fn render_jobs_with(
    packs: &[LoadedPack],
    site: Option<&Site>,
    jobs: &[Job],
    spread: Spread,
    on_done: &(dyn Fn() + Sync),
) -> (Vec<Rendered>, Vec<(Job, JobError)>) {
    let mut done = Vec::with_capacity(jobs.len());
    let mut failed = Vec::new();
    let site = site.map(Site::model);
    let site = site.as_ref();
    // Decode the logo once for all of this site's jobs, and let it go
    // when they are done.
    let _logo = match hold_logo(site) {
        Ok(l) => l,
        Err(e) => {
            let failed = jobs.iter().map(|j| (j.clone(), e.clone_logo())).collect();
            return (done, failed);
        }
    };
    for job in jobs.iter().filter(|j| j.pack >= packs.len()) {
        failed.push((
            job.clone(),
            JobError::NoPack {
                index: job.pack,
                loaded: packs.len(),
            },
        ));
    }
    for (pi, lp) in packs.iter().enumerate() {
        let mine: Vec<&Job> = jobs.iter().filter(|j| j.pack == pi).collect();
        if mine.is_empty() {
            continue;
        }
        let one = |ts: &mut Option<Typesetter>, job: &&Job| {
            let made = match ts {
                Some(ts) => render_one(lp, site, job, ts),
                None => Err(JobError::Font(lp.fonts.theme().name.clone())),
            };
            on_done();
            made
        };
        let typesetter = || Shaper::new(&lp.fonts).map(Typesetter::new);
        // Collected in the jobs' order either way.
        let made: Vec<Result<Rendered, JobError>> = match spread {
            Spread::Threads => mine.par_iter().map_init(typesetter, one).collect(),
            Spread::InTurn => {
                let mut ts = typesetter();
                mine.iter().map(|job| one(&mut ts, job)).collect()
            }
        };
        for (job, m) in mine.into_iter().zip(made) {
            match m {
                Ok(r) => done.push(r),
                Err(e) => failed.push((job.clone(), e)),
            }
        }
    }
    (done, failed)
}

/// The site's logo, decoded, held while its jobs are made (`None` without
/// one).
fn hold_logo(site: Option<&model::Site>) -> Result<Option<Arc<crate::images::Image>>, JobError> {
    match site.and_then(|s| s.logo.as_ref()).map(|l| l.image()) {
        Some(Err(e)) => Err(JobError::Logo(e.to_string())),
        Some(Ok(image)) => Ok(Some(image)),
        None => Ok(None),
    }
}

impl JobError {
    /// The same logo error again, for each job of a site.
    fn clone_logo(&self) -> JobError {
        JobError::Logo(match self {
            JobError::Logo(why) => why.clone(),
            other => other.to_string(),
        })
    }
}

/// Lays out and renders one job with a typesetter for its pack.
fn render_one(
    lp: &LoadedPack,
    site: Option<&model::Site>,
    job: &Job,
    ts: &Typesetter,
) -> Result<Rendered, JobError> {
    let (first, audience, second) = in_languages(lp, job)?;
    // Each contact's role in the output's language (or both of a
    // bilingual edition's), where the site file gives it per language.
    let resolved = site
        .filter(|s| s.has_roles())
        .map(|s| s.in_languages(&job.about.languages));
    let site = resolved.as_ref().or(site);
    let ctx = Context::new(
        first,
        audience,
        job.paper,
        job.style,
        ts,
        Arc::clone(&lp.fonts),
    )
    .with_site(site)
    .with_bleed(job.print.bleed)
    .with_impose(job.print.impose)
    .with_plain_paper(job.print.plain_paper)
    .with_second(second);
    // The web page is not laid out on pages: it is made from the pack.
    if job.format == Format::Web {
        if let Some(e) = ctx.second.as_ref().and(Format::Web.unmade_bilingual()) {
            return Err(JobError::Layout(e));
        }
        return web(&ctx, job);
    }
    let doc = formats::make(&ctx, job.format)?;
    addresses_whole(&doc, &addresses(first, site), job)?;
    let bytes = render::pdf::render(&doc)?;
    let pages = doc.pages.len();
    let pngs = match job.png {
        Some(dpi) => render::png::render(&doc, dpi)?
            .into_iter()
            .enumerate()
            .map(|(i, b)| (png_path(&job.path, i + 1, pages), b))
            .collect(),
        None => Vec::new(),
    };
    Ok(Rendered {
        path: job.path.clone(),
        bytes,
        pages,
        notes: doc.notes,
        remarks: doc.remarks,
        pngs,
        about: job.about.clone(),
        sources: job.sources.clone(),
    })
}

/// The addresses an output may print, as printed: the pack's (beside its
/// QR code), its sources' and helplines' web and email addresses, and a
/// site's contacts' emails.
fn addresses(pack: &model::Pack, site: Option<&model::Site>) -> Vec<String> {
    let mut out: Vec<String> = pack
        .url
        .iter()
        .chain(pack.sources.iter().filter_map(|s| s.url.as_ref()))
        .chain(pack.helplines.iter().filter_map(|h| h.url.as_ref()))
        .map(|u| formats::parts::display_url(u))
        .chain(pack.helplines.iter().filter_map(|h| h.email.clone()))
        .chain(
            site.iter()
                .flat_map(|s| &s.contacts)
                .filter_map(|c| c.email.clone()),
        )
        .filter(|a| !a.trim().is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Checks that every address an output prints is printed whole on one
/// line: one that its box is too narrow for would otherwise be broken
/// over two, and a reader would type it wrong. An address is printed when
/// its characters appear, spaces aside, in the page's text; whole when
/// one line (runs on one baseline) holds it all.
fn addresses_whole(doc: &Document, addresses: &[String], job: &Job) -> Result<(), JobError> {
    if addresses.is_empty() {
        return Ok(());
    }
    for page in &doc.pages {
        let mut lines: Vec<(i64, Vec<(f32, &str)>)> = Vec::new();
        for item in &page.items {
            if let Item::Text(run) = item {
                let y = (run.origin.y.0 * 10.0).round() as i64;
                let at = (run.origin.x.0, run.text.as_str());
                match lines.iter_mut().find(|(ly, _)| *ly == y) {
                    Some((_, runs)) => runs.push(at),
                    None => lines.push((y, vec![at])),
                }
            }
        }
        let texts: Vec<String> = lines
            .into_iter()
            .map(|(_, mut runs)| {
                runs.sort_by(|a, b| a.0.total_cmp(&b.0));
                runs.into_iter().map(|(_, t)| t).collect()
            })
            .collect();
        let all: String = texts
            .iter()
            .flat_map(|t| t.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        for a in addresses {
            // A short address is not looked for: its letters may be a
            // word of the text, and it fits any line.
            if a.chars().count() < 20 {
                continue;
            }
            let bare: String = a.chars().filter(|c| !c.is_whitespace()).collect();
            if all.contains(&bare) && !texts.iter().any(|t| t.contains(a.as_str())) {
                return Err(JobError::AddressBroken {
                    format: job.format.name().to_string(),
                    paper: job.paper.name().to_string(),
                    audience: job.about.audience.clone(),
                    shown: crate::escape::terminal(a, 40),
                });
            }
        }
    }
    Ok(())
}

/// The pack and the audience in a job's language, and in its second
/// language for a bilingual edition.
type InLanguages<'a> = (
    &'a model::Pack,
    &'a model::Audience,
    Option<(&'a model::Pack, &'a model::Audience)>,
);

/// Finds a job's audience in its languages (a plan only makes jobs for
/// those it has; a job made by hand may ask for others).
fn in_languages<'a>(lp: &'a LoadedPack, job: &Job) -> Result<InLanguages<'a>, JobError> {
    let id = lp
        .pack
        .audiences
        .get(job.audience)
        .map(|a| a.id.as_str())
        .unwrap_or_default();
    let find = |l: &Locale| {
        lp.languages
            .iter()
            .find(|p| p.language.locale == *l)
            .and_then(|p| p.audience(id).map(|a| (p, a)))
            .ok_or_else(|| JobError::NotInLanguage {
                audience: id.to_string(),
                language: l.describe(),
            })
    };
    let (pack, audience) = find(&job.languages.first)?;
    let second = job.languages.second.as_ref().map(find).transpose()?;
    Ok((pack, audience, second))
}

/// The web page of a job: one page, no notes (nothing gives way on a
/// screen), no PNGs.
fn web(ctx: &Context, job: &Job) -> Result<Rendered, JobError> {
    let page = formats::web::WebPage::of(ctx);
    // A bilingual edition: one page with both languages.
    let second = ctx.in_second();
    let html = match &second {
        Some(s) => formats::web::render_bilingual(&page, &formats::web::WebPage::of(s)),
        None => formats::web::render(&page),
    }
    .map_err(|e| match e {
        formats::web::HtmlError::Logo(why) => JobError::Logo(why),
    })?;
    Ok(Rendered {
        path: job.path.clone(),
        bytes: html.into_bytes(),
        pages: 1,
        notes: Vec::new(),
        remarks: Vec::new(),
        pngs: Vec::new(),
        about: job.about.clone(),
        sources: job.sources.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::plan::{About, Languages, PrintOptions};
    use crate::formats::Paper;
    use crate::style::ReadingStyle;

    fn job(pack: usize) -> Job {
        Job {
            pack,
            audience: 0,
            format: Format::Poster,
            paper: Paper::A4,
            style: ReadingStyle::Standard,
            languages: Languages::one(Locale::parse("en-GB").expect("a tag")),
            path: PathBuf::from("p/generic/parents/poster-a4.pdf"),
            print: PrintOptions::default(),
            png: None,
            about: About {
                pack: "p".into(),
                pack_title: "P".into(),
                site: "generic".into(),
                site_name: None,
                audience: "parents".into(),
                audience_name: "Parents".into(),
                format: Format::Poster,
                paper: Some(Paper::A4),
                style: ReadingStyle::Standard,
                languages: vec!["en-GB".into()],
            },
            sources: Sources::default(),
        }
    }

    #[test]
    fn a_job_for_a_pack_that_is_not_loaded_says_so() {
        let e = render_job(&[], None, &job(3)).err().expect("an error");
        let text = e.to_string();
        assert!(text.contains("pack number 3"), "{text}");
        assert!(!text.contains("font"), "{text}");
        let (made, failed) = render_jobs(&[], None, &[job(1)]);
        assert!(made.is_empty());
        assert!(matches!(failed[0].1, JobError::NoPack { index: 1, .. }));
    }
}
