//! Errors and warnings about what users wrote, with the file, line and column
//! they came from, printed like a compiler's (codespan-reporting).

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};

/// Identifies a source file held by [`Report`].
pub type FileId = usize;

/// How bad a finding is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something a check did not do, or did differently, and why: no
    /// fault in what was written. Left out with `-q`.
    Note,
    /// Worth knowing; the build goes ahead.
    Warning,
    /// The build cannot go ahead.
    Error,
}

/// Where in a source file a finding points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// Byte range in the file's text.
    pub span: Range<usize>,
}

/// One finding: what is wrong, where, and what to do about it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file it is in, when it is about a file.
    pub file: Option<FileId>,
    /// The span it points at, when known.
    pub span: Option<Range<usize>>,
    /// A short label under the span.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places the finding is about, each with its label: where a
    /// translation and the text it translates stop lining up, both files.
    pub also: Vec<(Location, String)>,
}

impl Diagnostic {
    /// An error about a place in a file.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            span: None,
            label: String::new(),
            help: None,
            also: Vec::new(),
        }
    }

    /// A warning.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// A note: what a check left out, and why.
    pub fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    /// Points the finding at a span of a file.
    pub fn at(mut self, file: FileId, span: Range<usize>) -> Diagnostic {
        self.file = Some(file);
        self.span = Some(span);
        self
    }

    /// Points the finding at a whole file (no span).
    pub fn in_file(mut self, file: FileId) -> Diagnostic {
        self.file = Some(file);
        self
    }

    /// Points the finding at a location, if there is one.
    pub fn at_location(self, loc: Option<&Location>) -> Diagnostic {
        match loc {
            Some(l) => self.at(l.file, l.span.clone()),
            None => self,
        }
    }

    /// The label printed under the span.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    /// How to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Points the finding at another place too (in the same file or
    /// another), with a label of its own: printed under its own file name,
    /// line and column.
    pub fn also(
        mut self,
        file: FileId,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Diagnostic {
        self.also.push((Location { file, span }, label.into()));
        self
    }
}

/// The source files read for a build, and every finding about them.
#[derive(Default)]
pub struct Report {
    /// The files as printed: control characters made spaces.
    files: SimpleFiles<String, String>,
    /// The files as read, for parsing and offsets.
    sources: Vec<String>,
    paths: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }

    /// Keeps a file's text so findings can quote it; returns its id.
    pub fn add_file(&mut self, path: &Path, text: String) -> FileId {
        self.paths.push(path.to_path_buf());
        // Control characters would garble the terminal, and overrides
        // reorder what it shows; each becomes as many spaces as it has
        // bytes, so byte offsets still point at the same places. Looked
        // for first: a file rarely has one, and copying every character
        // of every file cost a poster build 2% of its time.
        let hidden = |c: char| crate::escape::hides(c) && c != '\n' && c != '\t' && c != '\r';
        let shown: String = if text.chars().any(hidden) {
            text.chars()
                .flat_map(|c| {
                    let n = if hidden(c) { c.len_utf8() } else { 0 };
                    let keep = (n == 0).then_some(c);
                    keep.into_iter().chain(std::iter::repeat_n(' ', n))
                })
                .collect()
        } else {
            text.clone()
        };
        self.sources.push(text);
        self.files.add(path.display().to_string(), shown)
    }

    /// The text of a file added earlier, as read.
    pub fn source(&self, file: FileId) -> &str {
        self.sources.get(file).map(String::as_str).unwrap_or("")
    }

    /// The path of a file added earlier.
    pub fn path(&self, file: FileId) -> &Path {
        self.paths
            .get(file)
            .map(PathBuf::as_path)
            .unwrap_or(Path::new(""))
    }

    /// Line and column (both from 1) of a byte offset in a file.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let text = self.source(file);
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let col = before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        (line, col)
    }

    /// Records a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Every finding so far, in the order found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// How many errors were found.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings were found.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// True if any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// A one-line `file:line:col: message` form of a finding, for logs and
    /// tests; each other place it points at follows as `(file:line:col:
    /// label)`.
    pub fn short(&self, d: &Diagnostic) -> String {
        let mut s = self.short_primary(d);
        for (loc, label) in &d.also {
            let (line, col) = self.line_col(loc.file, loc.span.start);
            s.push_str(&format!(
                " ({}:{line}:{col}: {label})",
                self.path(loc.file).display()
            ));
        }
        s
    }

    fn short_primary(&self, d: &Diagnostic) -> String {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        match (d.file, &d.span) {
            (Some(f), Some(span)) => {
                let (line, col) = self.line_col(f, span.start);
                format!(
                    "{}:{line}:{col}: {kind}: {}",
                    self.path(f).display(),
                    shown(&d.message)
                )
            }
            (Some(f), None) => format!("{}: {kind}: {}", self.path(f).display(), shown(&d.message)),
            _ => format!("{kind}: {}", shown(&d.message)),
        }
    }

    /// Prints every finding to standard error, with colour on a terminal.
    pub fn emit_stderr(&self) {
        self.emit_stderr_from(Severity::Note);
    }

    /// Prints the findings of at least `least` severity to standard error
    /// (`Severity::Warning` for `-q`, which leaves notes out).
    pub fn emit_stderr_from(&self, least: Severity) {
        let mut out = StandardStream::stderr(if std::io::IsTerminal::is_terminal(&io::stderr()) {
            ColorChoice::Auto
        } else {
            ColorChoice::Never
        });
        // A failure to print to stderr leaves nothing better to do.
        let _ = self.emit_from(&mut out, least);
    }

    /// Prints every finding to `out`.
    pub fn emit(&self, out: &mut dyn WriteColor) -> io::Result<()> {
        self.emit_from(out, Severity::Note)
    }

    /// Prints the findings of at least `least` severity to `out`.
    pub fn emit_from(&self, out: &mut dyn WriteColor, least: Severity) -> io::Result<()> {
        let config = term::Config::default();
        for d in self.diagnostics.iter().filter(|d| d.severity >= least) {
            if let Some(clipped) = self.clipped(d) {
                writeln!(out, "{clipped}")?;
                continue;
            }
            let cs = self.to_codespan(d);
            if term::emit(out, &config, &self.files, &cs).is_err() {
                // The span no longer fits its file (it cannot, but never panic
                // while reporting): fall back to the one-line form.
                writeln!(out, "{}", self.short(d))?;
            }
        }
        Ok(())
    }

    /// For a span on a very long line (a minified or broken file), a short
    /// excerpt around the span instead of the whole line.
    fn clipped(&self, d: &Diagnostic) -> Option<String> {
        const MAX_LINE: usize = 160;
        const CONTEXT: usize = 40;
        let (file, span) = (d.file?, d.span.as_ref()?);
        let text = self.source(file);
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if line_end - line_start <= MAX_LINE {
            return None;
        }
        let from = floor_char_boundary(text, start.saturating_sub(CONTEXT).max(line_start));
        let to = floor_char_boundary(text, (start + CONTEXT).min(line_end));
        let excerpt: String = text[from..to]
            .chars()
            .map(|c| if crate::escape::hides(c) { ' ' } else { c })
            .collect();
        let lead = if from > line_start { "..." } else { "" };
        let tail = if to < line_end { "..." } else { "" };
        let caret = " ".repeat(lead.len() + text[from..start].chars().count());
        let mut s = format!(
            "{}\n  {lead}{excerpt}{tail}\n  {caret}^ {}",
            self.short(d),
            d.label
        );
        if let Some(help) = &d.help {
            s.push_str(&format!("\n  = help: {}", shown(help)));
        }
        s.push('\n');
        Some(s)
    }

    fn to_codespan(&self, d: &Diagnostic) -> CsDiagnostic<FileId> {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
            Severity::Note => CsDiagnostic::note(),
        }
        .with_message(shown(&d.message));
        match (d.file, &d.span) {
            (Some(f), Some(span)) => {
                let len = self.source(f).len();
                let span = span.start.min(len)..span.end.min(len).max(span.start.min(len));
                cs = cs.with_labels(vec![Label::primary(f, span).with_message(shown(&d.label))]);
            }
            (Some(f), None) => {
                cs = cs.with_notes(vec![format!("in {}", self.path(f).display())]);
            }
            _ => {}
        }
        for (loc, label) in &d.also {
            let len = self.source(loc.file).len();
            let start = loc.span.start.min(len);
            let span = start..loc.span.end.min(len).max(start);
            cs.labels
                .push(Label::secondary(loc.file, span).with_message(shown(label)));
        }
        if let Some(help) = &d.help {
            cs.notes.push(format!("help: {}", shown(help)));
        }
        cs
    }
}

/// A message as printed: what it quotes written out where it would act on
/// the terminal (a bell, an escape sequence, an override), and a message
/// of runaway length cut.
fn shown(message: &str) -> String {
    crate::escape::terminal(message, 4000)
}

/// The largest char boundary at or below `i`.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let mut r = Report::new();
        let f = r.add_file(Path::new("a.toml"), "x = 1\nnamé = \"ŵ\"\n".into());
        assert_eq!(r.line_col(f, 0), (1, 1));
        let off = r.source(f).find('ŵ').unwrap();
        assert_eq!(r.line_col(f, off), (2, 9));
    }

    #[test]
    fn a_finding_on_a_huge_line_shows_an_excerpt_not_the_line() {
        let mut r = Report::new();
        let text = format!("x = \"{}\" y", "a".repeat(100_000));
        let f = r.add_file(Path::new("big.toml"), text.clone());
        let at = text.len() - 1;
        r.push(Diagnostic::error("bad").at(f, at..at + 1).label("here"));
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        r.emit(&mut out).unwrap();
        let printed = String::from_utf8(out.into_inner()).unwrap();
        assert!(printed.len() < 400, "{} bytes printed", printed.len());
        assert!(
            printed.contains("big.toml:1:100008: error: bad"),
            "{printed}"
        );
    }

    #[test]
    fn short_form_names_file_line_and_column() {
        let mut r = Report::new();
        let f = r.add_file(Path::new("p/pack.toml"), "[pack]\nid = \"Bad Id\"\n".into());
        let d = Diagnostic::error("bad id").at(f, 12..20);
        assert_eq!(r.short(&d), "p/pack.toml:2:6: error: bad id");
    }

    #[test]
    fn a_finding_about_two_files_names_both_with_line_and_column() {
        let mut r = Report::new();
        let a = r.add_file(Path::new("a.toml"), "x = 1\nkind = \"tips\"\n".into());
        let b = r.add_file(Path::new("b.toml"), "kind = \"risks\"\n".into());
        let d = Diagnostic::error("out of line")
            .at(b, 7..14)
            .label("here")
            .also(a, 13..19, "and there");
        assert_eq!(
            r.short(&d),
            "b.toml:1:8: error: out of line (a.toml:2:8: and there)"
        );
        r.push(d);
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        r.emit(&mut out).unwrap();
        let printed = String::from_utf8(out.into_inner()).unwrap();
        assert!(printed.contains("b.toml:1:8"), "{printed}");
        assert!(printed.contains("a.toml:2:8"), "{printed}");
        assert!(printed.contains("and there"), "{printed}");
    }
}
