//! Sites: a school or club makes a pack its own with its name, logo, colour
//! and the people to talk to, in a `site.toml` passed with `--site`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::model::{given, SiteFile, SiteSpec, Text};
use super::validate::{self, Coverage};
use super::{parse_toml, read_text, schema, Pack, MAX_TOML_BYTES};
use crate::colour::Colour;
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::images::{self, Logo};

/// A site, read and checked.
#[derive(Debug)]
pub struct Site {
    /// Its output folder's name: the file's name, or its folder's for
    /// `<folder>/site.toml`.
    pub id: String,
    /// The site file in the report's files.
    pub file: FileId,
    /// What the file says.
    pub spec: SiteSpec,
    /// The logo, if one is given: checked when the site is read.
    pub logo: Option<Arc<Logo>>,
    /// SHA-256 of the logo file as read (hex), if there is one: a new
    /// logo makes the outputs that show it out of date.
    pub logo_sha256: Option<String>,
}

/// The folder of the outputs made without a site: no site may use it.
pub const GENERIC: &str = "generic";

/// The longest a site's name may be, in characters: the longest school
/// names (a Welsh-medium voluntary-aided primary's, in both languages)
/// run to about 90, and the name is set on one line of a card.
pub const MAX_NAME_CHARS: usize = 150;

/// The longest a contact's role, name or note may be, in characters.
pub const MAX_CONTACT_CHARS: usize = 200;

impl Site {
    /// The site's colour, if it gives one (and it is valid).
    pub fn colour(&self) -> Option<Colour> {
        given(&self.spec.colour).and_then(Colour::parse)
    }

    /// The site's name.
    pub fn name(&self) -> &str {
        self.spec.name.get_ref().trim()
    }
}

/// The site files in a folder: every `*.toml`, and every `*/site.toml`.
pub fn discover(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let inner = path.join("site.toml");
            if inner.is_file() {
                found.push(inner);
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// A safe folder name from a file name: lowercase letters, digits and '-'.
/// Letters with accents and letters of other alphabets are written in
/// plain Latin letters first (`Ysgol Tŷ Gwyn` is `ysgol-ty-gwyn`, `ł` is
/// `l`, `ß` is `ss`), so that a school's name stays readable in its
/// folder's, and two names differing only in an accent still collide (and
/// are refused as such) rather than one losing letters.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(name)
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

/// The output folder's name a site file gives its site: the file's
/// name, or its folder's for `<folder>/site.toml`, made a safe folder
/// name ([`slug`]). Empty when no folder name can be made of it.
pub fn site_id(path: &Path) -> String {
    let stem = match path.file_stem().and_then(|s| s.to_str()) {
        Some("site") => path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str()),
        other => other,
    };
    slug(stem.unwrap_or(""))
}

/// Reads a site file and its logo, reporting every problem. The site is
/// returned whenever its file could be read as a site file, even with
/// errors in it (each reported), so that [`validate_for`] still checks
/// its numbers and colour: a missing logo must not hide an impossible
/// phone number until the logo is fixed. `None` only when the file could
/// not be read or is not a site file at all; a caller tells a site with
/// errors by the report's error count.
pub fn load(path: &Path, report: &mut Report) -> Option<Site> {
    let text = read_text(path, MAX_TOML_BYTES, "site file", report)?;
    let file = report.add_file(path, text);
    // A number copied from a `packpress new` pack must never be printed.
    for (span, marker) in super::placeholders::find(report.source(file)) {
        report.push(
            Diagnostic::error(if marker == "PLACEHOLDER" {
                "a placeholder phone number is still here"
            } else {
                "text still to write (`TODO:`) is here"
            })
            .at(file, span)
            .label("fill this in")
            .help("replace it with the school's own words or number"),
        );
    }
    if !schema::check(file, schema::SITE_FILE, report) {
        return None;
    }
    let spec = parse_toml::<SiteFile>(file, report)?.site;
    let id = site_id(path);
    if id == GENERIC {
        report.push(
            Diagnostic::error(format!(
                "the site file {} would write its outputs into `{GENERIC}`, the folder of the outputs made without a site",
                path.display()
            ))
            .in_file(file)
            .help("rename the site file (or its folder) after the school, for example hillside.toml: its outputs go in a folder of that name"),
        );
    }
    if id.is_empty() {
        report.push(
            Diagnostic::error(format!(
                "cannot make a folder name from the site file {}",
                path.display()
            ))
            .in_file(file)
            .help("name the file with letters or digits, for example hillside.toml"),
        );
    }
    if spec.name.get_ref().trim().is_empty() {
        report.push(
            Diagnostic::error("the site's name is empty")
                .at(file, spec.name.span())
                .help("write the school's or club's name as readers know it"),
        );
    }
    validate::check_length(report, file, &spec.name, "site.name", MAX_NAME_CHARS);
    for (i, c) in spec.contacts.iter().enumerate() {
        for (what, t) in [
            ("role", Some(&c.role)),
            ("name", Some(&c.name)),
            ("note", c.note.as_ref()),
        ] {
            if let Some(t) = t {
                let field = format!("site.contacts[{i}].{what}");
                validate::check_length(report, file, t, &field, MAX_CONTACT_CHARS);
            }
        }
        for (tag, role) in &c.roles {
            let field = format!("site.contacts[{i}].roles.{tag}");
            validate::check_length(report, file, role, &field, MAX_CONTACT_CHARS);
            if crate::labels::Locale::parse(tag).is_err() {
                report.push(
                    Diagnostic::error(format!("`{tag}` in {field} is not a language tag"))
                        .at(file, role.span())
                        .help("give each role by its language's tag, as the pack's languages are written: cy = \"...\", en = \"...\""),
                );
            }
        }
        if let Some(email) = &c.email {
            validate::check_email(report, file, email, &format!("site.contacts[{i}].email"));
        }
    }
    if let Some(c) = &spec.colour {
        if Colour::parse(c.get_ref().trim()).is_none() {
            report.push(
                Diagnostic::error(format!(
                    "site.colour `{}` is not a colour",
                    crate::escape::terminal(c.get_ref(), 40)
                ))
                .at(file, c.span())
                .label("expected #RRGGBB")
                .help("write a colour as # and six hex digits, for example \"#00594F\""),
            );
        }
    }
    for c in &spec.contacts {
        for (what, t) in [("contact role", &c.role), ("contact name", &c.name)] {
            if t.get_ref().trim().is_empty() {
                report.push(Diagnostic::error(format!("{what} is empty")).at(file, t.span()));
            }
        }
        if given(&c.phone).is_none() && given(&c.email).is_none() {
            report.push(
                Diagnostic::error(format!(
                    "the contact {} has no phone or email",
                    crate::escape::terminal(c.name.get_ref().trim(), 60)
                ))
                .at(file, c.name.span())
                .help("give a phone number or an email address so readers can reach them"),
            );
        }
    }
    let (logo, logo_sha256) = match &spec.logo {
        Some(t) if !t.get_ref().trim().is_empty() => match load_logo(path, t) {
            Ok((path, sha)) => (Some(Arc::new(Logo::new(path))), Some(sha)),
            Err((message, help)) => {
                report.push(
                    Diagnostic::error(message)
                        .at(file, t.span())
                        .label("this logo")
                        .help(help),
                );
                (None, None)
            }
        },
        _ => (None, None),
    };
    let site = Site {
        id,
        file,
        spec,
        logo,
        logo_sha256,
    };
    validate::check_markup_unread(printed_texts(&site), report);
    Some(site)
}

/// Reads a logo named in a site file: it must lie in the site file's
/// folder. Its path, and the SHA-256 of the file as read.
fn load_logo(
    site_path: &Path,
    name: &Text,
) -> Result<(std::path::PathBuf, String), (String, String)> {
    let folder = site_path.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let path = folder.join(name.get_ref().trim());
    if !path.exists() {
        return Err((
            format!("the logo {} does not exist", path.display()),
            "put the logo file beside the site file and give its name, for example logo = \"logo.png\"".into(),
        ));
    }
    crate::files::confined(&path, folder).map_err(|m| {
        (
            m,
            "put the logo in the site file's folder (or below it) and name it from there".into(),
        )
    })?;
    let (_checked, sha) = images::load_hashed(&path).map_err(|e| {
        (
            e.to_string(),
            "use a PNG or JPEG logo under 20 MB and 40 megapixels".into(),
        )
    })?;
    Ok((path, sha))
}

/// Checks a site against the pack it is built with: its phone numbers for
/// the pack's region, its colour's contrast in every style, and every
/// character it prints in the pack's font.
pub fn validate_for(site: &Site, pack: &Pack, report: &mut Report, coverage: Option<&Coverage>) {
    let file = site.file;
    for c in &site.spec.contacts {
        if let Some(phone) = &c.phone {
            validate::check_phone(report, file, phone, "contact phone", &pack.region());
        }
    }
    if let (Some(colour), Some(t)) = (site.colour(), &site.spec.colour) {
        let [_, accent, ink, paper] = validate::theme_colours(pack);
        let written = |_| ("colour", Some(t.span()));
        validate::check_contrast(
            report,
            [colour, accent, ink, paper],
            file,
            "[site]",
            &written,
        );
    }
    if let Some(coverage) = coverage {
        validate::check_glyphs_in(
            printed_texts(site),
            report,
            coverage,
            validate::GlyphOwner::Site,
        );
    }
}

/// Every string of a site a reader may see: (file, field name, text).
fn printed_texts(site: &Site) -> Vec<(FileId, String, &Text)> {
    let f = site.file;
    let mut out = vec![(f, "site.name".to_string(), &site.spec.name)];
    for (i, c) in site.spec.contacts.iter().enumerate() {
        out.push((f, format!("site.contacts[{i}].role"), &c.role));
        for (tag, role) in &c.roles {
            out.push((f, format!("site.contacts[{i}].roles.{tag}"), role));
        }
        out.push((f, format!("site.contacts[{i}].name"), &c.name));
        for (name, t) in [("phone", &c.phone), ("email", &c.email), ("note", &c.note)] {
            if let Some(t) = t {
                out.push((f, format!("site.contacts[{i}].{name}"), t));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_folder_names() {
        assert_eq!(slug("Hillside Academy"), "hillside-academy");
        assert_eq!(slug("St Mary's C of E"), "st-mary-s-c-of-e");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("***"), "");
    }

    #[test]
    fn issue_12_accented_site_names_are_transliterated_not_mangled() {
        assert_eq!(slug("Ysgol Tŷ Gwyn"), "ysgol-ty-gwyn");
        assert_eq!(slug("Tô Gwyn"), "to-gwyn");
        assert_eq!(slug("Ysgol Bro Ŵyn"), "ysgol-bro-wyn");
        assert_eq!(slug("Szkoła Łódź"), "szkola-lodz");
        assert_eq!(slug("Großstadt Schule"), "grossstadt-schule");
        assert_eq!(slug("Scoil Mhuire Gan Smál"), "scoil-mhuire-gan-smal");
        assert_eq!(slug("Æbeltoft"), "aebeltoft");
    }
}
