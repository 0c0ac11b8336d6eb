//! What word processors and autocorrect do to a TOML file, explained.
//!
//! A school's site file is often written in TextEdit, Word or Notepad with
//! autocorrect on: straight quotes become curly ones, a space becomes a
//! non-breaking one, `-` becomes a dash. The TOML parser then says
//! "string values must be quoted", about a value that is quoted, to the
//! eye. When a syntax error falls on a line with one of these characters
//! where TOML needs its own, the error says which character it is and
//! shows the line as it should be typed.
//!
//! A BOM, tabs between a key and its value, and Windows line endings are
//! read as they are (the TOML parser takes them), so they need no message.

use std::ops::Range;

/// One word-processor habit found on a line: what it is, where, and the
/// line as it should be typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Habit {
    /// The error's message: what the character is and why TOML does not
    /// take it.
    pub message: String,
    /// Where the character is, in the file.
    pub span: Range<usize>,
    /// A label under it.
    pub label: &'static str,
    /// What to type instead, with the line corrected.
    pub help: String,
}

/// Opening and closing curly quotes a word processor types for `"` and
/// `'` (English, German and Polish forms).
const CURLY_QUOTES: &[char] = &['“', '”', '„', '‘', '’', '‚'];

/// Spaces that look like a space and are not one to TOML.
const ODD_SPACES: &[char] = &[
    '\u{00A0}', '\u{2002}', '\u{2003}', '\u{2009}', '\u{200A}', '\u{200B}', '\u{202F}', '\u{3000}',
    '\u{FEFF}',
];

/// Dashes autocorrect makes of `-` (in a date, a negative number, a key).
const DASHES: &[char] = &['–', '—', '‑', '−'];

/// The habit, if any, on the line of `source` that holds byte `at` (where
/// the TOML parser stopped): the first such character outside a string
/// typed with straight quotes.
pub fn explain(source: &str, at: usize) -> Option<Habit> {
    let at = at.min(source.len());
    let start = source
        .get(..at)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = source
        .get(at..)
        .and_then(|s| s.find('\n'))
        .map_or(source.len(), |i| at + i);
    let line = source.get(start..end)?.trim_end_matches('\r');
    let (offset, c) = first_outside_strings(line)?;
    let span = start + offset..start + offset + c.len_utf8();
    let fixed = fix_line(line);
    let shown = fixed.trim();
    if CURLY_QUOTES.contains(&c) {
        Some(Habit {
            message: format!(
                "this value is in curly quotes ({c}), which TOML does not read as quotes"
            ),
            span,
            label: "a curly quote",
            help: format!(
                "type straight quotes (\"), as in: {shown} (a word processor or autocorrect turns \" into curly ones: write the file in Notepad, or TextEdit in plain text, with smart quotes off)"
            ),
        })
    } else if ODD_SPACES.contains(&c) {
        Some(Habit {
            message: format!(
                "there is a {} here, which TOML does not read as a space",
                space_name(c)
            ),
            span,
            label: "not an ordinary space",
            help: format!(
                "delete it and type an ordinary space, as in: {shown} (it often comes from copying from a web page or a word processor)"
            ),
        })
    } else {
        Some(Habit {
            message: format!("there is a dash ({c}) here where TOML needs a hyphen (-)"),
            span,
            label: "a dash, not a hyphen",
            help: format!(
                "type a hyphen-minus (the - key), as in: {shown} (autocorrect turns - into a dash)"
            ),
        })
    }
}

/// The name of a space character, as a reader would know it.
fn space_name(c: char) -> String {
    match c {
        '\u{00A0}' => "non-breaking space (U+00A0)".to_string(),
        '\u{200B}' => "zero-width space (U+200B)".to_string(),
        '\u{FEFF}' => "byte order mark (U+FEFF) in the middle of the file".to_string(),
        _ => format!("wide or narrow space (U+{:04X})", u32::from(c)),
    }
}

/// The first curly quote, odd space or dash outside a string typed with
/// straight quotes (and before a comment): its byte offset and the
/// character.
fn first_outside_strings(line: &str) -> Option<(usize, char)> {
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
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                } else if c == '#' {
                    return None;
                } else if CURLY_QUOTES.contains(&c)
                    || ODD_SPACES.contains(&c)
                    || DASHES.contains(&c)
                {
                    return Some((i, c));
                }
            }
        }
    }
    None
}

/// The line as it should be typed: outside straight-quoted strings, curly
/// quotes made straight (a value opened with one is closed at its last
/// curly quote, so an apostrophe inside, as in St Aidan’s, stays), odd
/// spaces made spaces and dashes hyphens.
fn fix_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while let Some(&(_, c)) = chars.get(i) {
        i += 1;
        if let Some(q) = quote {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
            out.push(c);
        } else if c == '#' {
            out.extend(chars[i - 1..].iter().map(|&(_, c)| c));
            break;
        } else if CURLY_QUOTES.contains(&c) {
            // A value in curly quotes: its text runs to the last curly
            // quote before a comment (or the line's end); quotes inside it
            // are apostrophes and stay as typed, and a straight " inside
            // is escaped.
            let rest = &chars[i..];
            let stop = rest
                .iter()
                .position(|&(_, c)| c == '#')
                .unwrap_or(rest.len());
            match rest[..stop]
                .iter()
                .rposition(|&(_, c)| CURLY_QUOTES.contains(&c))
            {
                Some(close) => {
                    out.push('"');
                    for &(_, c) in &rest[..close] {
                        if c == '"' || c == '\\' {
                            out.push('\\');
                        }
                        out.push(c);
                    }
                    out.push('"');
                    i += close + 1;
                }
                None => out.push('"'),
            }
        } else if ODD_SPACES.contains(&c) {
            if c != '\u{200B}' && c != '\u{FEFF}' {
                out.push(' ');
            }
        } else if DASHES.contains(&c) {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_quotes_are_named_and_the_line_shown_straight() {
        let src = "[site]\nname = “St Aidan’s High School”\n";
        let h = explain(src, 14).expect("a habit");
        assert!(h.message.contains("curly quotes"), "{}", h.message);
        assert_eq!(&src[h.span.clone()], "“");
        assert!(
            h.help.contains("name = \"St Aidan’s High School\""),
            "{}",
            h.help
        );
    }

    #[test]
    fn single_curly_quotes_and_an_apostrophe_inside() {
        assert_eq!(fix_line("name = ‘St Aidan’s’"), "name = \"St Aidan’s\"");
    }

    #[test]
    fn a_curly_apostrophe_inside_straight_quotes_is_fine() {
        assert_eq!(explain("name = \"St Aidan’s\"", 3), None);
    }

    #[test]
    fn a_non_breaking_space_and_a_dash() {
        let h = explain("name\u{a0}= \"x\"", 2).expect("a habit");
        assert!(h.message.contains("non-breaking space"), "{}", h.message);
        assert!(h.help.contains("name = \"x\""), "{}", h.help);
        let h = explain("reviewed = 2026–11–22", 12).expect("a habit");
        assert!(h.help.contains("reviewed = 2026-11-22"), "{}", h.help);
    }

    #[test]
    fn a_comment_is_left_alone() {
        assert_eq!(explain("x = 1 # “quoted”", 0), None);
    }
}
