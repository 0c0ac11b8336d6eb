//! Rendering: each job laid out and drawn (PDF, PNGs, or the web page),
//! the jobs of one site spread over the threads, one typesetter per thread
//! and pack.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::load::LoadedPack;
use super::plan::{png_path, About, Job, Sources};
use crate::formats::{self, Context, Format, FormatError};
use crate::labels::Locale;
use crate::layout::Typesetter;
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
    let (mut done, mut failed) = render_jobs(packs, site, std::slice::from_ref(job));
    match failed.pop() {
        Some((_, e)) => Err(e),
        None => done.pop().ok_or_else(|| JobError::Font(String::new())),
    }
}

/// Lays out and renders jobs for one site, sharing one typesetter (and its
/// cache of shaped words) per pack. Returns what was made and what failed.
pub fn render_jobs(
    packs: &[LoadedPack],
    site: Option<&Site>,
    jobs: &[Job],
) -> (Vec<Rendered>, Vec<(Job, JobError)>) {
    render_jobs_with(packs, site, jobs, &|| {})
}

/// As [`render_jobs`], calling `on_done` as each job is made (or fails):
/// what a progress bar counts.
pub fn render_jobs_with(
    packs: &[LoadedPack],
    site: Option<&Site>,
    jobs: &[Job],
    on_done: &(dyn Fn() + Sync),
) -> (Vec<Rendered>, Vec<(Job, JobError)>) {
    let mut done = Vec::with_capacity(jobs.len());
    let mut failed = Vec::new();
    let alone = InFlight::enter();
    let site = site.map(Site::model);
    let site = site.as_ref();
    // Decode the logo once for all of this site's jobs, and let it go
    // when they are done.
    let _logo = match site.and_then(|s| s.logo.as_ref()).map(|l| l.image()) {
        Some(Err(e)) => {
            let failed = jobs
                .iter()
                .map(|j| (j.clone(), JobError::Logo(e.to_string())))
                .collect();
            return (done, failed);
        }
        Some(Ok(image)) => Some(image),
        None => None,
    };
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
        // A site built alone spreads its jobs over the threads, each with
        // its own typesetter (its caches are per thread), collected in the
        // jobs' order. Sites built side by side already fill the threads;
        // splitting their jobs too would let a waiting thread start yet
        // another site (rayon steals), and hold every site's logo at once.
        let made: Vec<Result<Rendered, JobError>> = if alone.first {
            mine.par_iter().map_init(typesetter, one).collect()
        } else {
            let mut ts = typesetter();
            mine.iter().map(|job| one(&mut ts, job)).collect()
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

/// How many sites are being rendered at this moment, in this process.
static SITES_IN_FLIGHT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One site being rendered; `first` if no other was when it began.
struct InFlight {
    first: bool,
}

impl InFlight {
    fn enter() -> InFlight {
        let before = SITES_IN_FLIGHT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        InFlight { first: before == 0 }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        SITES_IN_FLIGHT.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
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
        pngs,
        about: job.about.clone(),
        sources: job.sources.clone(),
    })
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
        pngs: Vec::new(),
        about: job.about.clone(),
        sources: job.sources.clone(),
    })
}
