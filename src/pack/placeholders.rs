//! What `packpress new` leaves for a person to fill in: `TODO:` (text)
//! and `PLACEHOLDER` (a phone number). A pack or site with one left is
//! never built, so a scaffold never reaches paper with a made-up helpline
//! number on it. Here in `pack`, which reads the files; `scaffold` writes
//! the markers and uses [`find`] in its own tests.

use crate::diagnostics::{Diagnostic, FileId, Report};

/// The markers of text still to write. Matched case-sensitively, outside
/// TOML comments.
pub const MARKERS: [&str; 2] = ["TODO:", "PLACEHOLDER"];

/// Where a marker is still in a pack file's text: byte offsets and the
/// marker. Comments (from an unquoted `#` to the end of the line) are
/// skipped: a commented-out example is never printed.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let code = &line[..comment_start(line)];
        for marker in MARKERS {
            let mut from = 0;
            while let Some(i) = code[from..].find(marker) {
                let at = line_start + from + i;
                found.push((at..at + marker.len(), marker));
                from += i + marker.len();
            }
        }
        line_start += line.len();
    }
    found.sort_by_key(|(r, _)| r.start);
    found
}

/// Where a line's comment starts: the first `#` outside a quoted string
/// (or the line's end). Multi-line strings are treated line by line, which
/// is right for prose: a `#` in a body is rare, and at worst a marker
/// after it goes unseen by this check but is still printed for a reader
/// to notice.
fn comment_start(line: &str) -> usize {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => return i,
                _ => {}
            },
        }
    }
    line.len()
}

/// Reports every `TODO:` and `PLACEHOLDER` left in a file from
/// `packpress new`: a pack with one is never built.
pub fn report(file: FileId, report: &mut Report) {
    let found = find(report.source(file));
    for (span, marker) in found {
        let (what, help) = if marker == "PLACEHOLDER" {
            (
                "a placeholder phone number is still here",
                "replace it with the service's real number, copied from its own website",
            )
        } else {
            (
                "text still to write (`TODO:`) is here",
                "replace the TODO with the words to print",
            )
        };
        report.push(
            Diagnostic::error(what)
                .at(file, span)
                .label("fill this in")
                .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_comments_are_not_found() {
        let text = "a = \"TODO: x\"  # TODO: not this\n# PLACEHOLDER\nb = \"#\" # PLACEHOLDER\nc = \"PLACEHOLDER\"\n";
        let found: Vec<&str> = find(text).iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(found, ["TODO:", "PLACEHOLDER"]);
        assert_eq!(
            find(text)[1].0.start,
            text.find("\"PLACEHOLDER").unwrap() + 1
        );
    }
}
