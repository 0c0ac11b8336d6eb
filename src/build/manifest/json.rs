//! The manifest as JSON: its layout on disk (version 2, and reading the
//! first version), and one entry as a line of the build journal.

use super::*;

#[derive(Serialize, Deserialize)]
pub(super) struct ManifestJson {
    manifest: u32,
    generator: String,
    outputs: Vec<EntryJson>,
    #[serde(default)]
    not_built: Vec<NotBuiltJson>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct NotBuiltJson {
    path: String,
    error: String,
}

#[derive(Serialize, Deserialize)]
pub(super) struct FileJson {
    path: String,
    #[serde(default = "one")]
    pages: usize,
    bytes: u64,
    sha256: String,
    #[serde(skip)]
    modified_ns: Option<u64>,
}

pub(super) fn one() -> usize {
    1
}

#[derive(Serialize, Deserialize)]
pub(super) struct EntryJson {
    path: String,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stale_because: Option<String>,
    pack: String,
    pack_title: String,
    site: String,
    site_name: Option<String>,
    audience: String,
    audience_name: String,
    format: String,
    /// `null` for the web page, which has no paper.
    #[serde(default)]
    paper: Option<String>,
    style: String,
    /// The language tags, the one read first first; absent in a manifest
    /// written before packpress knew languages (the pack's own).
    #[serde(default)]
    languages: Vec<String>,
    pages: usize,
    bytes: u64,
    sha256: String,
    #[serde(skip)]
    modified_ns: Option<u64>,
    pngs: Vec<FileJson>,
    #[serde(default)]
    notes: Vec<String>,
    pack_sha256: String,
    site_sha256: Option<String>,
}

pub(super) fn file_json(w: &Written) -> FileJson {
    FileJson {
        path: key(&w.path),
        pages: w.pages,
        bytes: w.bytes,
        sha256: w.sha256.clone(),
        modified_ns: w.modified_ns,
    }
}

pub(super) fn written(f: FileJson) -> Written {
    Written {
        path: PathBuf::from(f.path),
        pages: f.pages,
        bytes: f.bytes,
        sha256: f.sha256,
        modified_ns: f.modified_ns,
    }
}

pub(super) fn to_json(m: &Manifest) -> ManifestJson {
    ManifestJson {
        manifest: VERSION,
        generator: concat!("packpress ", env!("CARGO_PKG_VERSION")).to_string(),
        outputs: m.outputs().map(entry_json).collect(),
        not_built: m
            .not_built
            .iter()
            .map(|n| NotBuiltJson {
                path: key(&n.path),
                error: n.error.clone(),
            })
            .collect(),
    }
}

pub(super) fn entry_json(e: &Entry) -> EntryJson {
    let a = &e.about;
    EntryJson {
        path: key(&e.pdf.path),
        status: e.status.name().to_string(),
        stale_because: match &e.status {
            Status::Stale(why) => Some(why.clone()),
            _ => None,
        },
        pack: a.pack.clone(),
        pack_title: a.pack_title.clone(),
        site: a.site.clone(),
        site_name: a.site_name.clone(),
        audience: a.audience.clone(),
        audience_name: a.audience_name.clone(),
        format: a.format.name().to_string(),
        paper: a.paper.map(|p| p.name().to_string()),
        style: a.style.name().to_string(),
        languages: a.languages.clone(),
        pages: e.pdf.pages,
        bytes: e.pdf.bytes,
        sha256: e.pdf.sha256.clone(),
        modified_ns: e.pdf.modified_ns,
        pngs: e.pngs.iter().map(file_json).collect(),
        notes: e.notes.clone(),
        pack_sha256: e.sources.pack_sha256.clone(),
        site_sha256: e.sources.site_sha256.clone(),
    }
}

/// One entry as a line of JSON (for the journal a build keeps while it
/// writes, [`super::journal`]).
pub fn entry_line(e: &Entry) -> String {
    let mut line = serde_json::to_string(&entry_json(e)).unwrap_or_default();
    line.push('\n');
    line
}

/// An entry from a line [`entry_line`] wrote; `None` for a line that is
/// not one (cut short by a crash), or names a path outside the folder.
pub fn entry_from_line(line: &str) -> Option<Entry> {
    let e: EntryJson = serde_json::from_str(line).ok()?;
    entry_from_json(e).ok().flatten()
}

/// Why a manifest path is not a name inside the output folder, if it is
/// not: outputs are `<pack>/<site>/<audience>/<file>`, each part a plain
/// name. An absolute path, `..`, a drive, a hidden or empty part, or a
/// control character is never read, hashed or linked.
pub fn unsafe_path(path: &str, extensions: &[&str]) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').collect();
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return Some("it is not a name inside the output folder");
    }
    if parts.iter().any(|p| *p == ".." || *p == ".") {
        return Some("it leads outside the output folder");
    }
    if parts.len() != 4
        || parts
            .iter()
            .any(|p| p.is_empty() || p.starts_with('.') || p.chars().any(char::is_control))
    {
        return Some("it is not where packpress writes an output");
    }
    if !extensions.iter().any(|ext| path.ends_with(ext)) {
        return Some("it is not a file packpress writes");
    }
    None
}

/// An entry of a manifest: `Ok(None)` for one that does not name a known
/// format, paper or style (a hand edit, left out), `Err` with why for a
/// path that is not inside the output folder.
pub(super) fn entry_from_json(e: EntryJson) -> Result<Option<Entry>, String> {
    let shown = |p: &str| crate::escape::terminal(p, 120);
    if let Some(why) = unsafe_path(&e.path, &[".pdf", ".html"]) {
        return Err(format!("the entry `{}`: {why}", shown(&e.path)));
    }
    for png in &e.pngs {
        if let Some(why) = unsafe_path(&png.path, &[".png"]) {
            return Err(format!(
                "the entry `{}`, whose picture `{}`: {why}",
                shown(&e.path),
                shown(&png.path)
            ));
        }
    }
    // An entry that does not name a known format, paper or style (a
    // hand edit) is left out rather than refusing the whole manifest.
    let (Some(format), Some(style)) = (
        Format::from_name(&e.format),
        ReadingStyle::from_name(&e.style),
    ) else {
        return Ok(None);
    };
    // Every output has a paper but the web page.
    let paper = e.paper.as_deref().and_then(Paper::from_name);
    if paper.is_none() != (format == Format::Web) {
        return Ok(None);
    }
    let status = match e.status.as_str() {
        "stale" => Status::Stale(
            e.stale_because
                .unwrap_or_else(|| "marked out of date".to_string()),
        ),
        "made" | "earlier" => Status::Earlier,
        _ => return Ok(None),
    };
    let pdf = Written {
        path: PathBuf::from(&e.path),
        pages: e.pages,
        bytes: e.bytes,
        sha256: e.sha256,
        modified_ns: e.modified_ns,
    };
    Ok(Some(Entry {
        about: About {
            pack: e.pack,
            pack_title: e.pack_title,
            site: e.site,
            site_name: e.site_name,
            audience: e.audience,
            audience_name: e.audience_name,
            format,
            paper,
            style,
            languages: e.languages,
        },
        pdf,
        pngs: e.pngs.into_iter().map(written).collect(),
        sources: Sources {
            pack_sha256: e.pack_sha256,
            site_sha256: e.site_sha256,
        },
        notes: e.notes,
        status,
    }))
}

/// The first manifests (packpress before manifest version 2) listed files
/// only: `{"generator", "files": [{"path", "pages", "bytes", "sha256"}]}`.
#[derive(Deserialize)]
pub(super) struct ManifestV1 {
    files: Vec<FileJson>,
}

pub(super) fn from_json(text: &str) -> Result<Manifest, String> {
    // Straight into the types (a manifest of thousands of outputs is
    // megabytes); only a file that is not version 2 is tried as version 1.
    let m: ManifestJson = match serde_json::from_str(text) {
        Ok(m) => m,
        Err(e) => {
            return match serde_json::from_str::<ManifestV1>(text) {
                Ok(v1) => Ok(from_v1(v1)),
                Err(_) => Err(e.to_string()),
            }
        }
    };
    if m.manifest > VERSION {
        return Err(format!(
            "it was written by a newer packpress (manifest version {})",
            m.manifest
        ));
    }
    let mut entries = BTreeMap::new();
    let mut ignored = Vec::new();
    for e in m.outputs {
        let path = e.path.clone();
        match entry_from_json(e) {
            Ok(Some(entry)) => {
                entries.insert(path, entry);
            }
            Ok(None) => {}
            Err(why) => ignored.push(why),
        }
    }
    let not_built = m
        .not_built
        .into_iter()
        .filter(|n| unsafe_path(&n.path, &[".pdf", ".html"]).is_none())
        .map(|n| NotBuilt {
            path: PathBuf::from(n.path),
            error: n.error,
        })
        .collect();
    Ok(Manifest {
        entries,
        not_built,
        unreadable: None,
        ignored,
    })
}

/// A first-version manifest, as far as its paths tell: each PDF with the
/// PNGs named after it. What it was built from was not recorded, so each
/// is stale until rebuilt.
pub(super) fn from_v1(v1: ManifestV1) -> Manifest {
    let mut entries = BTreeMap::new();
    let (pdfs, pngs): (Vec<FileJson>, Vec<FileJson>) =
        v1.files.into_iter().partition(|f| f.path.ends_with(".pdf"));
    for f in pdfs {
        let Some(about) = about_from_path(&f.path) else {
            continue;
        };
        let stem = f.path.trim_end_matches(".pdf").to_string();
        let mine: Vec<Written> = pngs
            .iter()
            .filter(|p| {
                p.path.strip_prefix(&stem).is_some_and(|rest| {
                    rest == ".png"
                        || rest
                            .strip_prefix('-')
                            .and_then(|r| r.strip_suffix(".png"))
                            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                })
            })
            .map(|p| {
                written(FileJson {
                    path: p.path.clone(),
                    pages: 1,
                    bytes: p.bytes,
                    sha256: p.sha256.clone(),
                    modified_ns: None,
                })
            })
            .collect();
        let path = f.path.clone();
        entries.insert(
            path,
            Entry {
                about,
                pdf: written(f),
                pngs: mine,
                sources: Sources::default(),
                notes: Vec::new(),
                status: Status::Stale(
                    "built by an earlier version of packpress, which did not record what it was built from: rebuild it to be sure it is current".to_string(),
                ),
            },
        );
    }
    Manifest {
        entries,
        not_built: Vec::new(),
        unreadable: None,
        ignored: Vec::new(),
    }
}

/// What an output is, from its path
/// (`<pack>/<site>/<audience>/<format>-<paper>[-<style>][-<lang>].pdf`, or
/// `.../web[-<style>][-<lang>].html`), with its ids standing in for the
/// names. `None` for a path packpress does not write.
pub(in crate::build) fn about_from_path(path: &str) -> Option<About> {
    if unsafe_path(path, &[".pdf", ".html"]).is_some() {
        return None;
    }
    let parts: Vec<&str> = path.split('/').collect();
    let [pack, site, audience, name] = parts.as_slice() else {
        return None;
    };
    // `rest` is what follows the paper (or `web`), without its dash.
    let (format, paper, rest) = if let Some(stem) = name.strip_suffix(".html") {
        let rest = match stem.strip_prefix("web")? {
            "" => "",
            r => r.strip_prefix('-')?,
        };
        (Format::Web, None, rest)
    } else {
        let stem = name.strip_suffix(".pdf")?;
        let (format, rest) = stem.split_once('-')?;
        let format = Format::from_name(format).filter(|f| *f != Format::Web)?;
        let (paper, rest) = match rest.split_once('-') {
            Some((paper, rest)) => (paper, rest),
            None => (rest, ""),
        };
        (format, Some(Paper::from_name(paper)?), rest)
    };
    // What follows: `<style>`, then `-<lang>` (`cy`, `cy+en-gb`).
    let mut style = ReadingStyle::Standard;
    let mut language = rest;
    for s in ReadingStyle::ALL {
        if let Some(after) = rest.strip_prefix(s.name()) {
            if after.is_empty() || after.starts_with('-') {
                style = s;
                language = after.trim_start_matches('-');
                break;
            }
        }
    }
    let languages = if language.is_empty() {
        Vec::new()
    } else {
        let tags: Option<Vec<String>> = language
            .split('+')
            .map(|t| crate::labels::Locale::parse(t).ok().map(|l| l.to_string()))
            .collect();
        tags?
    };
    Some(About {
        pack: pack.to_string(),
        pack_title: pack.to_string(),
        site: site.to_string(),
        site_name: None,
        audience: audience.to_string(),
        audience_name: audience.to_string(),
        format,
        paper,
        style,
        languages,
    })
}
