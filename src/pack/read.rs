//! Reading a pack's files: each TOML file read (within a size limit, as
//! UTF-8) and parsed, with every error reported at its place in the file.

use std::fs;
use std::path::{Path, PathBuf};

use super::model::AudienceFile;
use super::MAX_TOML_BYTES;
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::markup::{self, Block};
use crate::suggest::closest;

/// Reads a text file of at most `limit` bytes, reporting what goes wrong.
pub fn read_text(path: &Path, limit: u64, what: &str, report: &mut Report) -> Option<String> {
    let fail = |report: &mut Report, message: String, help: &str| {
        report.push(Diagnostic::error(message).help(help.to_string()));
        None
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return fail(
                report,
                format!("cannot read {what} {}: {e}", path.display()),
                "check the path; a pack is a folder with pack.toml and audiences/*.toml",
            )
        }
    };
    if !meta.is_file() {
        return fail(
            report,
            format!("{what} {} is not a file", path.display()),
            "give the path of a TOML file",
        );
    }
    if meta.len() > limit {
        return fail(
            report,
            format!(
                "{what} {} is {} KB; the limit is {} KB",
                path.display(),
                meta.len() / 1024,
                limit / 1024
            ),
            "a pack file holds prose; split it or check it is the right file",
        );
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                report,
                format!("cannot read {what} {}: {e}", path.display()),
                "check the file's permissions",
            )
        }
    };
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            fail(
                report,
                format!(
                    "{what} {} is not UTF-8 text{}",
                    path.display(),
                    not_utf8(&bytes, at)
                ),
                "save it as UTF-8: in Notepad, File > Save As and choose UTF-8 under Encoding; in TextEdit, Format > Make Plain Text, then save as Unicode (UTF-8); in Word, save as Plain Text and choose Unicode (UTF-8)",
            )
        }
    }
}

/// What a file that is not UTF-8 most likely is, from the word processor
/// or editor that saved it, and where the first byte that is not UTF-8
/// is: Notepad's and Word's UTF-16 ("Unicode") start with a byte order
/// mark; Windows' own Western encoding (1252) writes curly quotes and
/// dashes as single bytes from 0x80 to 0x9F.
fn not_utf8(bytes: &[u8], at: usize) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return ": it was saved as UTF-16 (\"Unicode\" in Notepad and Word)".to_string();
    }
    let line = bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1;
    match bytes.get(at) {
        Some(0x91..=0x94) => format!(
            ": line {line} has a curly quote saved in Windows' Western encoding (byte 0x{:02X}), as Notepad and Word save \"ANSI\" files",
            bytes[at]
        ),
        Some(0x96 | 0x97) => format!(
            ": line {line} has a dash saved in Windows' Western encoding (byte 0x{:02X}), as Notepad and Word save \"ANSI\" files",
            bytes[at]
        ),
        Some(b) => format!(
            ": line {line} has the byte 0x{b:02X} (byte {at} of the file), which UTF-8 does not have there"
        ),
        None => format!(": it ends in the middle of a character, on line {line}"),
    }
}

/// The audience files read from `audiences/`.
pub(super) struct AudienceTexts {
    /// In the pack's own language: (id, path, text), in name order.
    pub(super) own: Vec<(String, PathBuf, String)>,
    /// Translations, `<id>.<lang>.toml`: (id, language as written, path,
    /// text), in name order.
    pub(super) translated: Vec<(String, String, PathBuf, String)>,
    /// Whether every file could be read (and there was one in the pack's
    /// own language).
    pub(super) all_read: bool,
}

/// Reads the audience files, in name order: `<id>.toml` in the pack's own
/// language, `<id>.<lang>.toml` in another.
pub(super) fn read_audiences(dir: &Path, report: &mut Report) -> AudienceTexts {
    let mut out = AudienceTexts {
        own: Vec::new(),
        translated: Vec::new(),
        all_read: false,
    };
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            report.push(
                Diagnostic::error(format!(
                    "cannot read the audiences folder {}: {e}",
                    dir.display()
                ))
                .help("a pack needs an audiences/ folder with one .toml file per audience"),
            );
            return out;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if !paths.iter().any(|p| !stem(p).contains('.')) {
        report.push(
            Diagnostic::error(format!("{} has no audience files", dir.display()))
                .help("add one .toml file per audience, for example audiences/parents.toml"),
        );
        return out;
    }
    let root = dir.parent().unwrap_or(dir);
    out.all_read = true;
    for path in paths {
        if let Err(message) = crate::files::confined(&path, root) {
            report.push(
                Diagnostic::error(message)
                    .help("a pack's files must be inside its folder: copy the file in instead of linking to it"),
            );
            out.all_read = false;
            continue;
        }
        let name = stem(&path);
        match read_text(&path, MAX_TOML_BYTES, "audience file", report) {
            Some(text) => match name.split_once('.') {
                Some((id, language)) => {
                    out.translated
                        .push((id.to_string(), language.to_string(), path, text))
                }
                None => out.own.push((name, path, text)),
            },
            None => out.all_read = false,
        }
    }
    out
}

/// Reads the translation files, `translations/<lang>.toml`, in name order:
/// (the tag as the name writes it, path, text), and whether every one
/// could be read. A pack without the folder has none.
pub(super) fn read_translations(
    dir: &Path,
    report: &mut Report,
) -> (Vec<(String, PathBuf, String)>, bool) {
    if !dir.exists() {
        return (Vec::new(), true);
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            report.push(
                Diagnostic::error(format!(
                    "cannot read the translations folder {}: {e}",
                    dir.display()
                ))
                .help("translations/ holds one <lang>.toml file per language besides the pack's own, such as translations/cy.toml"),
            );
            return (Vec::new(), false);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let root = dir.parent().unwrap_or(dir);
    let mut files = Vec::new();
    let mut ok = true;
    for path in paths {
        if let Err(message) = crate::files::confined(&path, root) {
            report.push(
                Diagnostic::error(message)
                    .help("a pack's files must be inside its folder: copy the file in instead of linking to it"),
            );
            ok = false;
            continue;
        }
        let tag = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match read_text(&path, MAX_TOML_BYTES, "translation file", report) {
            Some(text) => files.push((tag, path, text)),
            None => ok = false,
        }
    }
    (files, ok)
}

/// Parses each section's body; markup errors are reported at their place.
pub(super) fn parse_bodies(
    spec: &AudienceFile,
    file: FileId,
    report: &mut Report,
) -> Vec<Vec<Block>> {
    spec.sections
        .iter()
        .map(|s| match &s.body {
            None => Vec::new(),
            Some(body) => match markup::parse(body.get_ref()) {
                Ok(blocks) => blocks,
                Err(e) => {
                    let at = value_offset(report.source(file), body.span(), e.offset);
                    report.push(
                        Diagnostic::error(e.message)
                            .at(file, at..at + 2)
                            .label("opened here")
                            .help(e.help),
                    );
                    Vec::new()
                }
            },
        })
        .collect()
}

/// Where a `[name]` table header is in a TOML file: the brackets and what
/// is between them.
pub(crate) fn table_header(source: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let code: String = line
            .chars()
            .take_while(|c| *c != '#')
            .filter(|c| !c.is_whitespace())
            .collect();
        if code == format!("[{name}]") {
            let open = line.find('[').unwrap_or(0);
            let close = line.find(']').map_or(line.len(), |i| i + 1);
            return Some(start + open..start + close);
        }
        start += line.len();
    }
    None
}

/// The file offset of byte `offset` of a TOML string's value, given the
/// string's span (which includes its quotes). Exact for strings without
/// escapes, which is what prose is; clamped to the span otherwise.
pub fn value_offset(source: &str, span: std::ops::Range<usize>, offset: usize) -> usize {
    let raw = source.get(span.clone()).unwrap_or("");
    let mut start = span.start;
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if raw.starts_with(quote) {
            start += quote.len();
            if quote.len() == 3 {
                // A newline right after the opening quotes is not part of the value.
                if raw[3..].starts_with("\r\n") {
                    start += 2;
                } else if raw[3..].starts_with('\n') {
                    start += 1;
                }
            }
            break;
        }
    }
    (start + offset)
        .min(span.end.saturating_sub(1))
        .max(span.start)
}

/// Parses one TOML file into `T`, reporting a syntax or shape error at its place.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    file: FileId,
    report: &mut Report,
) -> Option<T> {
    match toml::from_str::<T>(report.source(file)) {
        Ok(v) => Some(v),
        Err(e) => {
            let habit = e
                .span()
                .and_then(|s| super::habits::explain(report.source(file), s.start));
            if let Some(h) = habit {
                report.push(
                    Diagnostic::error(h.message)
                        .at(file, h.span)
                        .label(h.label)
                        .help(h.help),
                );
                return None;
            }
            let (message, help) = explain_toml_error(e.message());
            let d = Diagnostic::error(message).label("here");
            let d = match e.span() {
                Some(span) => d.at(file, span),
                None => d.in_file(file),
            };
            report.push(match help {
                Some(h) => d.help(h),
                None => d,
            });
            None
        }
    }
}

/// Turns serde's and toml's wording into what a pack author needs: for an
/// unknown key, the closest known one.
fn explain_toml_error(message: &str) -> (String, Option<String>) {
    let message = message.trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match closest(key, &known) {
            Some(k) => format!("did you mean `{k}`?"),
            None if known.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", known.join(", ")),
        };
        return (format!("unknown key `{key}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("missing key `{key}`"),
            Some(format!(
                "add `{key} = ...` to this table (see pack-format.md)"
            )),
        );
    }
    if message.contains("TOML datetime") || message.contains("expected a date") {
        let found = message
            .strip_prefix("invalid type: ")
            .and_then(|m| m.split(", expected").next())
            .unwrap_or("something else");
        return (
            format!("expected a date like 2026-11-22, found {found}"),
            Some("write the date without quotes: reviewed = 2026-11-22".into()),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (v, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match closest(v, &known) {
            Some(k) => format!("did you mean `{k}`? The kinds are: {}", known.join(", ")),
            None => format!("use one of: {}", known.join(", ")),
        };
        return (format!("unknown value `{v}`"), Some(help));
    }
    (message, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let (m, help) = explain_toml_error(
            "unknown field `headlin`, expected one of `name`, `headline`, `strapline`",
        );
        assert_eq!(m, "unknown key `headlin`");
        assert_eq!(help.as_deref(), Some("did you mean `headline`?"));
    }

    #[test]
    fn value_offset_skips_quotes_and_first_newline() {
        let src = "body = \"\"\"\nabc **x\n\"\"\"";
        let span = 7..src.len();
        assert_eq!(&src[value_offset(src, span, 4)..][..2], "**");
    }
}
