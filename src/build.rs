//! A build: packs loaded and checked, the command line expanded into jobs,
//! every job laid out and rendered, and only then, if nothing failed, every
//! file written atomically with a manifest.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Report};
use crate::formats::{self, Context, Format, FormatError, Paper};
use crate::layout::Typesetter;
use crate::pack::site::{self as sites, Site};
use crate::pack::validate::{self, Coverage};
use crate::pack::{self, Date, Pack};
use crate::render;
use crate::style::ReadingStyle;
use crate::text::{FontFamily, Shaper};

/// A pack, checked, with the font family it is set in.
pub struct LoadedPack {
    /// The pack.
    pub pack: Pack,
    /// Its font family.
    pub fonts: Arc<FontFamily>,
}

/// Reads and checks packs. Every finding goes into `report`; the packs are
/// returned only if none has an error.
pub fn load_packs(dirs: &[PathBuf], report: &mut Report, today: Date) -> Option<Vec<LoadedPack>> {
    let mut loaded = Vec::new();
    for dir in dirs {
        let Some(pack) = pack::load(dir, report) else {
            continue;
        };
        let font_name = pack::model::given(&pack.spec.theme.font);
        let fonts = match FontFamily::resolve(font_name, &pack.dir) {
            Ok(f) => Some(f),
            Err(e) => {
                let d = Diagnostic::error(e.to_string())
                    .label("this font family")
                    .help("leave theme.font out to use the built-in font, or put the family's .ttf files in the pack's fonts/ folder");
                report.push(match &pack.spec.theme.font {
                    Some(t) => d.at(pack.file, t.span()),
                    None => d.in_file(pack.file),
                });
                None
            }
        };
        match &fonts {
            Some(f) => match Shaper::new(f) {
                Some(shaper) => {
                    let covers = |c: char| shaper.covers(c);
                    let coverage = Coverage {
                        family: &f.name,
                        covers: &covers,
                    };
                    validate::validate(&pack, report, Some(&coverage), today);
                }
                None => report.push(Diagnostic::error(format!(
                    "the font family {} cannot be read",
                    f.name
                ))),
            },
            None => validate::validate(&pack, report, None, today),
        }
        if let Some(fonts) = fonts {
            loaded.push(LoadedPack { pack, fonts });
        }
    }
    let ok = !report.has_errors() && loaded.len() == dirs.len();
    ok.then_some(loaded)
}

/// The sites a build makes outputs for.
#[derive(Debug, Default)]
pub struct Sites {
    /// The sites that loaded and checked cleanly.
    pub sites: Vec<Site>,
    /// Site files left out because of errors (already reported).
    pub failed: Vec<PathBuf>,
}

/// Loads the sites named by `--site`: one file, or every site in a folder.
/// Each is checked against every pack; a site with errors is reported and
/// left out, and does not stop the others.
pub fn load_sites(path: &Path, packs: &[LoadedPack], report: &mut Report) -> Sites {
    let files = if path.is_dir() {
        match sites::discover(path) {
            Ok(f) if !f.is_empty() => f,
            Ok(_) => {
                report.push(
                    Diagnostic::error(format!("{} has no site files", path.display())).help(
                        "a site folder holds *.toml site files, or folders each with a site.toml",
                    ),
                );
                return Sites::default();
            }
            Err(e) => {
                report.push(Diagnostic::error(format!(
                    "cannot read the site folder {}: {e}",
                    path.display()
                )));
                return Sites::default();
            }
        }
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Sites::default();
    let mut ids: Vec<String> = Vec::new();
    for file in files {
        let before = report.error_count();
        let site = sites::load(&file, report);
        if let Some(site) = &site {
            for lp in packs {
                if let Some(shaper) = Shaper::new(&lp.fonts) {
                    let covers = |c: char| shaper.covers(c);
                    let coverage = Coverage {
                        family: &lp.fonts.name,
                        covers: &covers,
                    };
                    sites::validate_for(site, &lp.pack, report, Some(&coverage));
                }
            }
            if ids.contains(&site.id) {
                report.push(
                    Diagnostic::error(format!(
                        "two site files make the same output folder `{}`",
                        site.id
                    ))
                    .in_file(site.file)
                    .help("rename one of the site files"),
                );
            }
        }
        match site {
            Some(site) if report.error_count() == before => {
                ids.push(site.id.clone());
                out.sites.push(site);
            }
            _ => out.failed.push(file),
        }
    }
    out
}

/// What to build, as the user asked for it (names still to be matched).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Audience ids; empty means all.
    pub audiences: Vec<String>,
    /// Formats; empty means all.
    pub formats: Vec<Format>,
    /// Papers; empty means the pack's locale's paper.
    pub papers: Vec<Paper>,
    /// Styles; empty means standard.
    pub styles: Vec<ReadingStyle>,
    /// How the outputs are printed.
    pub print: PrintOptions,
    /// Also draw every page as a PNG at this many dots per inch.
    pub png: Option<u32>,
}

/// Options that apply to every output of a build.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct PrintOptions {
    /// Bleed in points; zero for office printers.
    pub bleed: crate::units::Pt,
    /// Impose booklets for folding (else reading-order pages).
    pub impose: bool,
}

impl Default for PrintOptions {
    fn default() -> PrintOptions {
        PrintOptions {
            bleed: crate::units::Pt::ZERO,
            impose: true,
        }
    }
}

/// One output to make.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Index into the loaded packs.
    pub pack: usize,
    /// Index into the pack's audiences.
    pub audience: usize,
    /// The format.
    pub format: Format,
    /// The paper.
    pub paper: Paper,
    /// The reading style.
    pub style: ReadingStyle,
    /// Where it goes, relative to the output folder.
    pub path: PathBuf,
    /// How it is printed.
    pub print: PrintOptions,
    /// Also draw its pages as PNGs at this many dots per inch.
    pub png: Option<u32>,
    /// What it is, in words, for reports and the contact sheet.
    pub about: About,
}

/// What an output is: the names a person picks a file by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct About {
    /// The pack's id.
    pub pack: String,
    /// The pack's title.
    pub pack_title: String,
    /// The site's id, or `generic`.
    pub site: String,
    /// The site's name, if any.
    pub site_name: Option<String>,
    /// The audience's id.
    pub audience: String,
    /// The audience's name, as the pack writes it.
    pub audience_name: String,
    /// The format.
    pub format: Format,
    /// The paper.
    pub paper: Paper,
    /// The reading style.
    pub style: ReadingStyle,
}

/// A selection that names something the packs do not have.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SelectionError(pub String);

/// Expands a selection into jobs for one site (or none: "generic"), in a
/// stable order.
pub fn plan(
    packs: &[LoadedPack],
    sel: &Selection,
    site: Option<&Site>,
) -> Result<Vec<Job>, SelectionError> {
    let site_id = site.map_or("generic", |s| s.id.as_str());
    for a in &sel.audiences {
        if !packs.iter().any(|p| p.pack.audience(a).is_some()) {
            let known: Vec<&str> = packs
                .iter()
                .flat_map(|p| p.pack.audiences.iter().map(|a| a.id.as_str()))
                .collect();
            return Err(SelectionError(format!(
                "no pack has an audience called `{a}`; the audiences are: {}",
                known.join(", ")
            )));
        }
    }
    let formats = if sel.formats.is_empty() {
        Format::ALL.to_vec()
    } else {
        sel.formats.clone()
    };
    let styles = if sel.styles.is_empty() {
        vec![ReadingStyle::Standard]
    } else {
        sel.styles.clone()
    };
    for f in &formats {
        for p in &sel.papers {
            if !f.papers().contains(p) {
                return Err(SelectionError(
                    FormatError::UnsupportedPaper {
                        format: *f,
                        paper: *p,
                    }
                    .to_string(),
                ));
            }
        }
    }
    let mut jobs = Vec::new();
    for (pi, lp) in packs.iter().enumerate() {
        let papers = if sel.papers.is_empty() {
            vec![Paper::for_locale(lp.pack.locale())]
        } else {
            sel.papers.clone()
        };
        for (ai, a) in lp.pack.audiences.iter().enumerate() {
            if !sel.audiences.is_empty() && !sel.audiences.contains(&a.id) {
                continue;
            }
            for &format in &formats {
                for &paper in &papers {
                    for &style in &styles {
                        jobs.push(Job {
                            pack: pi,
                            audience: ai,
                            format,
                            paper,
                            style,
                            path: output_path(lp.pack.id(), site_id, &a.id, format, paper, style),
                            print: sel.print,
                            png: sel.png,
                            about: About {
                                pack: lp.pack.id().to_string(),
                                pack_title: lp.pack.spec.pack.title.get_ref().trim().to_string(),
                                site: site_id.to_string(),
                                site_name: site.map(|s| s.name().to_string()),
                                audience: a.id.clone(),
                                audience_name: a.spec.audience.name.get_ref().trim().to_string(),
                                format,
                                paper,
                                style,
                            },
                        });
                    }
                }
            }
        }
    }
    Ok(jobs)
}

/// `<pack>/<site>/<audience>/<format>-<paper>[-<style>].pdf`
pub fn output_path(
    pack: &str,
    site: &str,
    audience: &str,
    format: Format,
    paper: Paper,
    style: ReadingStyle,
) -> PathBuf {
    let mut name = format!("{}-{}", format.name(), paper.name());
    if style != ReadingStyle::Standard {
        name.push('-');
        name.push_str(style.name());
    }
    name.push_str(".pdf");
    [pack, site, audience, &name].iter().collect()
}

/// Where page `page` (from 1) of `pages` goes as a PNG, beside its PDF:
/// `poster-a4.png` for a single page, `leaflet-a4-1.png`, `leaflet-a4-2.png`
/// for several.
pub fn png_path(pdf: &Path, page: usize, pages: usize) -> PathBuf {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if pages == 1 {
        format!("{stem}.png")
    } else {
        format!("{stem}-{page}.png")
    };
    pdf.with_file_name(name)
}

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
        let Some(shaper) = Shaper::new(&lp.fonts) else {
            for j in mine {
                failed.push((j.clone(), JobError::Font(lp.fonts.name.clone())));
            }
            continue;
        };
        let ts = Typesetter::new(shaper);
        for job in mine {
            let audience = &lp.pack.audiences[job.audience];
            ts.set_min_leading(match job.style {
                ReadingStyle::Dyslexia => job.style.typography().leading,
                _ => 0.0,
            });
            let ctx = Context::new(
                &lp.pack,
                audience,
                job.paper,
                job.style,
                &ts,
                Arc::clone(&lp.fonts),
            )
            .with_site(site)
            .with_bleed(job.print.bleed)
            .with_impose(job.print.impose);
            let made = formats::make(&ctx, job.format)
                .map_err(JobError::from)
                .and_then(|doc| {
                    let pdf = render::pdf::render(&doc)?;
                    let pages = doc.pages.len();
                    let pngs = match job.png {
                        Some(dpi) => render::png::render(&doc, dpi)?
                            .into_iter()
                            .enumerate()
                            .map(|(i, b)| (png_path(&job.path, i + 1, pages), b))
                            .collect(),
                        None => Vec::new(),
                    };
                    Ok((pdf, pages, doc.notes, pngs))
                });
            match made {
                Ok((bytes, pages, notes, pngs)) => done.push(Rendered {
                    path: job.path.clone(),
                    bytes,
                    pages,
                    notes,
                    pngs,
                    about: job.about.clone(),
                }),
                Err(e) => failed.push((job.clone(), e)),
            }
            on_done();
        }
    }
    (done, failed)
}

/// An output folder or file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    /// The path.
    pub path: PathBuf,
    /// What the system said.
    pub source: std::io::Error,
}

/// A file written by a build.
#[derive(Clone, Debug)]
pub struct Written {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// Page count.
    pub pages: usize,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the contents, hex.
    pub sha256: String,
}

/// An output written: its PDF, its PNGs, and what it is.
#[derive(Clone, Debug)]
pub struct Output {
    /// The PDF.
    pub pdf: Written,
    /// Its pages as PNGs, in page order (empty without `--png`).
    pub pngs: Vec<Written>,
    /// What it is.
    pub about: About,
}

impl Output {
    /// The PDF and its PNGs.
    pub fn files(&self) -> impl Iterator<Item = &Written> {
        std::iter::once(&self.pdf).chain(&self.pngs)
    }
}

/// Writes rendered files under `out`, each atomically, PNGs beside their
/// PDF.
pub fn write_all(out: &Path, rendered: &[Rendered]) -> Result<Vec<Output>, WriteError> {
    let mut written = Vec::with_capacity(rendered.len());
    let write = |rel: &Path, bytes: &[u8], pages: usize| -> Result<Written, WriteError> {
        write_atomic(&out.join(rel), bytes)?;
        Ok(Written {
            path: rel.to_path_buf(),
            pages,
            bytes: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
        })
    };
    for r in rendered {
        let pdf = write(&r.path, &r.bytes, r.pages)?;
        let pngs = r
            .pngs
            .iter()
            .map(|(path, bytes)| write(path, bytes, 1))
            .collect::<Result<_, _>>()?;
        written.push(Output {
            pdf,
            pngs,
            about: r.about.clone(),
        });
    }
    Ok(written)
}

/// Writes `manifest.json` listing every file of `outputs`.
pub fn write_manifest(out: &Path, outputs: &[Output]) -> Result<(), WriteError> {
    let mut files: Vec<&Written> = outputs.iter().flat_map(Output::files).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let list: Vec<serde_json::Value> = files
        .iter()
        .map(|w| {
            serde_json::json!({
                "path": w.path.to_string_lossy().replace('\\', "/"),
                "pages": w.pages,
                "bytes": w.bytes,
                "sha256": w.sha256,
            })
        })
        .collect();
    let json = serde_json::json!({ "generator": concat!("packpress ", env!("CARGO_PKG_VERSION")), "files": list });
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    write_atomic(&out.join("manifest.json"), text.as_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Writes to a temporary file beside `path`, then renames it into place: a
/// reader never sees half a file, and a failure leaves the old file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        source,
    })?;
    if path.is_dir() {
        return Err(err(std::io::Error::other("a folder is in the way")));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_follow_the_pack_format() {
        let p = output_path(
            "e2ee",
            "generic",
            "parents",
            Format::Poster,
            Paper::A4,
            ReadingStyle::Standard,
        );
        assert_eq!(p, PathBuf::from("e2ee/generic/parents/poster-a4.pdf"));
        let p = output_path(
            "e2ee",
            "generic",
            "parents",
            Format::Handout,
            Paper::Letter,
            ReadingStyle::LargePrint,
        );
        assert_eq!(
            p,
            PathBuf::from("e2ee/generic/parents/handout-letter-large-print.pdf")
        );
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("packpress-atomic-{}", std::process::id()));
        let path = dir.join("a/b.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
        let _ = fs::remove_dir_all(&dir);
    }
}
