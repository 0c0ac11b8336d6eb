//! The `body` mini-markup: paragraphs separated by blank lines, lines that
//! start with "- " as bullets, and `**bold**`. Nothing else: no italic and no
//! underline, which are hard to read (British Dyslexia Association).

/// A run of text that is bold or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The words, with single spaces.
    pub text: String,
    /// Whether the run is bold.
    pub bold: bool,
}

/// A paragraph or a bullet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of running text.
    Paragraph(Vec<Span>),
    /// One bullet point.
    Bullet(Vec<Span>),
}

impl Block {
    /// The block's spans.
    pub fn spans(&self) -> &[Span] {
        match self {
            Block::Paragraph(s) | Block::Bullet(s) => s,
        }
    }
}

/// A problem in a body, at a byte offset of the body's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupError {
    /// Byte offset in the body text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Parses a body into blocks.
pub fn parse(body: &str) -> Result<Vec<Block>, MarkupError> {
    let mut blocks = Vec::new();
    // The lines of the block being read, with each line's offset in `body`.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut bullet = false;
    let mut offset = 0;
    for raw in body.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let trimmed = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        if trimmed.is_empty() {
            flush(&mut blocks, &mut lines, bullet)?;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("- ") {
            flush(&mut blocks, &mut lines, bullet)?;
            bullet = true;
            lines.push((line_start + lead + 2, rest));
        } else {
            if lines.is_empty() {
                bullet = false;
            }
            lines.push((line_start + lead, trimmed));
        }
    }
    flush(&mut blocks, &mut lines, bullet)?;
    Ok(blocks)
}

fn flush(
    blocks: &mut Vec<Block>,
    lines: &mut Vec<(usize, &str)>,
    bullet: bool,
) -> Result<(), MarkupError> {
    if lines.is_empty() {
        return Ok(());
    }
    let spans = inline(lines)?;
    lines.clear();
    if spans.is_empty() {
        return Ok(());
    }
    blocks.push(if bullet {
        Block::Bullet(spans)
    } else {
        Block::Paragraph(spans)
    });
    Ok(())
}

/// Joins a block's lines with single spaces and splits it at `**`.
fn inline(lines: &[(usize, &str)]) -> Result<Vec<Span>, MarkupError> {
    // The joined text, and where each line starts in it and in the body.
    let mut joined = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(lines.len());
    for &(source_start, line) in lines {
        if !joined.is_empty() {
            joined.push(' ');
        }
        starts.push((joined.len(), source_start));
        joined.push_str(line);
    }
    let to_source = |i: usize| {
        let (j, s) = starts
            .iter()
            .rev()
            .find(|(j, _)| *j <= i)
            .copied()
            .unwrap_or((0, 0));
        s + (i - j)
    };

    let mut spans: Vec<Span> = Vec::new();
    let mut bold = false;
    let mut at = 0;
    let mut open_at = 0;
    for (n, segment) in joined.split("**").enumerate() {
        if n > 0 {
            bold = !bold;
            if bold {
                open_at = at - 2;
            }
        }
        push_collapsed(&mut spans, segment, bold);
        at += segment.len() + 2;
    }
    if bold {
        return Err(MarkupError {
            offset: to_source(open_at),
            message: "`**` starts bold text that never ends".into(),
            help: "close the bold text with a second `**`, or remove the first".into(),
        });
    }
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    spans.retain(|s| !s.text.is_empty());
    Ok(spans)
}

/// Appends `text` with each run of white space made one space, merging it
/// into the last span when the weight is the same.
fn push_collapsed(spans: &mut Vec<Span>, text: &str, bold: bool) {
    let after_space = spans.last().is_some_and(|s| s.text.ends_with(' '));
    let mut collapsed = String::with_capacity(text.len());
    let mut space = after_space;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                collapsed.push(' ');
            }
            space = true;
        } else {
            collapsed.push(c);
            space = false;
        }
    }
    if collapsed.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.bold == bold => last.text.push_str(&collapsed),
        _ => spans.push(Span {
            text: collapsed,
            bold,
        }),
    }
}

/// The plain text of spans, as a reader would read it.
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Span {
        Span {
            text: text.into(),
            bold: false,
        }
    }
    fn b(text: &str) -> Span {
        Span {
            text: text.into(),
            bold: true,
        }
    }

    #[test]
    fn paragraphs_are_split_by_blank_lines_and_lines_joined() {
        let blocks = parse("One line\ncontinues here.\n\nSecond   paragraph.\n").unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![p("One line continues here.")]),
                Block::Paragraph(vec![p("Second paragraph.")]),
            ]
        );
    }

    #[test]
    fn bullets_start_with_dash_space_and_may_follow_a_paragraph() {
        let blocks = parse("Intro:\n- first\n- second\n  wraps\n\nAfter.").unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![p("Intro:")]),
                Block::Bullet(vec![p("first")]),
                Block::Bullet(vec![p("second wraps")]),
                Block::Paragraph(vec![p("After.")]),
            ]
        );
    }

    #[test]
    fn bold_keeps_the_spaces_around_it() {
        let blocks = parse("Say **never share** it, **now**.").unwrap();
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![
                p("Say "),
                b("never share"),
                p(" it, "),
                b("now"),
                p("."),
            ])]
        );
        assert_eq!(plain(blocks[0].spans()), "Say never share it, now.");
    }

    #[test]
    fn bold_across_a_line_break_joins_with_a_space() {
        let blocks = parse("a **b\nc** d").unwrap();
        assert_eq!(plain(blocks[0].spans()), "a b c d");
        assert_eq!(blocks[0].spans()[1], b("b c"));
    }

    #[test]
    fn unclosed_bold_is_an_error_at_the_marker() {
        let err = parse("Fine.\n\nNot **fine.").unwrap_err();
        assert_eq!(err.offset, "Fine.\n\nNot ".len());
    }

    #[test]
    fn a_lone_asterisk_and_dash_are_text() {
        let blocks = parse("5 * 3 - 2\n-not a bullet").unwrap();
        assert_eq!(plain(blocks[0].spans()), "5 * 3 - 2 -not a bullet");
    }

    #[test]
    fn empty_body_has_no_blocks() {
        assert!(parse("  \n\n ").unwrap().is_empty());
    }
}
