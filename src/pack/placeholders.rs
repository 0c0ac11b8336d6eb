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
/// marker. Comments (from a `#` outside any string to the end of the
/// line) are skipped: a commented-out example is never printed.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let comments = comments(text);
    let mut found = Vec::new();
    for marker in MARKERS {
        for (at, _) in text.match_indices(marker) {
            if !comments.iter().any(|c| c.contains(&at)) {
                found.push((at..at + marker.len(), marker));
            }
        }
    }
    found.sort_by_key(|(r, _)| r.start);
    found
}

/// The comments of a TOML text, as byte ranges: each `#` that is outside
/// every kind of string (one-line and multi-line, basic and literal) to
/// the end of its line. A `#` in a section's body (`"""..."""`) is text,
/// and so is what follows it on the line.
fn comments(text: &str) -> Vec<std::ops::Range<usize>> {
    #[derive(PartialEq)]
    enum In {
        Code,
        Basic,
        Literal,
        MultiBasic,
        MultiLiteral,
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut state = In::Code;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        match state {
            In::Code => {
                if rest.starts_with(b"\"\"\"") {
                    state = In::MultiBasic;
                    i += 3;
                    continue;
                }
                if rest.starts_with(b"'''") {
                    state = In::MultiLiteral;
                    i += 3;
                    continue;
                }
                match bytes[i] {
                    b'"' => state = In::Basic,
                    b'\'' => state = In::Literal,
                    b'#' => {
                        let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                        out.push(i..end);
                        i = end;
                        continue;
                    }
                    _ => {}
                }
            }
            In::Basic | In::MultiBasic if bytes[i] == b'\\' => {
                i += 2;
                continue;
            }
            In::Basic if bytes[i] == b'"' || bytes[i] == b'\n' => state = In::Code,
            In::Literal if bytes[i] == b'\'' || bytes[i] == b'\n' => state = In::Code,
            In::MultiBasic if rest.starts_with(b"\"\"\"") => {
                state = In::Code;
                i += 3;
                continue;
            }
            In::MultiLiteral if rest.starts_with(b"'''") => {
                state = In::Code;
                i += 3;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
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

    #[test]
    fn a_hash_in_a_multi_line_body_does_not_hide_a_marker_after_it() {
        let text = "body = \"\"\"\nCall #1, then TODO: the rest.\n# not a comment TODO: this\n\"\"\"\n# TODO: a comment\nx = '''a # b TODO: c''' # TODO: no\n";
        let found: Vec<usize> = find(text).iter().map(|(r, _)| r.start).collect();
        let want: Vec<usize> = text
            .match_indices("TODO:")
            .map(|(i, _)| i)
            .take(2)
            .chain(text.match_indices("TODO: c").map(|(i, _)| i))
            .collect();
        assert_eq!(found, want);
    }
}
