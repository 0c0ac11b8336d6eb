//! How hard an audience's text is to read: the Flesch-Kincaid grade, as a
//! reading age (grade + 5), against the audience's `reading_age`; and every
//! sentence over 25 words, which plain-English guidance asks to split.

use super::markup;
use super::model::Text;
use super::{value_offset, Audience};
use crate::diagnostics::{Diagnostic, FileId, Report};

/// Sentences longer than this are warned.
pub const MAX_WORDS: usize = 25;
/// How many of the hardest sentences a reading-age warning lists.
const HARDEST: usize = 3;

/// A sentence of an audience's text and where it was written.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// The sentence, markup removed.
    pub text: String,
    /// The file.
    pub file: FileId,
    /// Byte range in the file.
    pub span: std::ops::Range<usize>,
}

impl Sentence {
    /// Its words (tokens with a letter in them).
    pub fn words(&self) -> Vec<&str> {
        words(&self.text)
    }
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

/// Syllables in an English word, by the usual vowel-group rule: each run of
/// vowels is one, a silent final 'e' is none, "-le" after a consonant is
/// one, and every word has at least one.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouyàáâäèéêëìíîïòóôöùúûüŵŷ".contains(c);
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    if n > 2 && w[n - 1] == 'e' && !vowel(w[n - 2]) {
        let le = w[n - 2] == 'l' && n > 3 && !vowel(w[n - 3]);
        if !le {
            count -= 1;
        }
    }
    if n > 2
        && w[n - 1] == 'd'
        && w[n - 2] == 'e'
        && !matches!(w[n - 3], 't' | 'd')
        && !vowel(w[n - 3])
    {
        // "asked", "helped": the -ed is not a syllable.
        count -= 1;
    }
    count.max(1)
}

/// The Flesch-Kincaid grade of some sentences.
pub fn grade(sentences: &[Sentence]) -> f64 {
    let (mut n_words, mut n_syll) = (0usize, 0usize);
    let mut n_sent = 0usize;
    for s in sentences {
        let ws = s.words();
        if ws.is_empty() {
            continue;
        }
        n_sent += 1;
        n_words += ws.len();
        n_syll += ws.iter().map(|w| syllables(w)).sum::<usize>();
    }
    if n_words == 0 || n_sent == 0 {
        return 0.0;
    }
    0.39 * (n_words as f64 / n_sent as f64) + 11.8 * (n_syll as f64 / n_words as f64) - 15.59
}

/// The grade of one sentence.
fn sentence_grade(s: &Sentence) -> f64 {
    grade(std::slice::from_ref(s))
}

/// Splits prose into sentences at '.', '?' and '!' followed by a space or
/// the end (so "childline.org.uk" and "10am" stay whole).
fn split(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '?' | '!') {
            let next = chars.get(k + 1).map(|&(_, n)| n);
            if next.is_none_or(char::is_whitespace) {
                let end = i + c.len_utf8();
                let s = text[start..end].trim();
                if !s.is_empty() {
                    out.push((
                        start + (text[start..end].len() - text[start..end].trim_start().len()),
                        s,
                    ));
                }
                start = end;
            }
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push((
            start + (text[start..].len() - text[start..].trim_start().len()),
            rest,
        ));
    }
    out
}

/// Every sentence an audience's readers read, with where it was written.
pub fn sentences(audience: &Audience, source: &str) -> Vec<Sentence> {
    let f = audience.file;
    let a = &audience.spec.audience;
    let mut texts: Vec<&Text> = vec![&a.headline];
    texts.extend(a.strapline.iter());
    texts.extend(a.key_points.get_ref().iter());
    texts.extend(a.call_to_action.iter());
    let mut out = Vec::new();
    let mut add = |text: &Text, plain: &str| {
        let raw = text.get_ref();
        for (_, s) in split(plain) {
            // Find the sentence in the raw text (markup aside) to point at it.
            let probe: String = s.chars().take(24).collect();
            let at = raw.find(probe.as_str()).unwrap_or(0);
            let start = value_offset(source, text.span(), at);
            let end = value_offset(
                source,
                text.span(),
                at + s.len().min(raw.len().saturating_sub(at)),
            );
            out.push(Sentence {
                text: s.to_string(),
                file: f,
                span: start..end.max(start + 1),
            });
        }
    };
    for t in texts {
        if !t.get_ref().trim().is_empty() {
            add(t, t.get_ref());
        }
    }
    for (section, blocks) in audience.spec.sections.iter().zip(&audience.bodies) {
        add(&section.heading, section.heading.get_ref());
        if let Some(body) = &section.body {
            for b in blocks {
                add(body, &markup::plain(b.spans()));
            }
        }
        for item in &section.items {
            add(&item.title, item.title.get_ref());
            add(&item.text, item.text.get_ref());
        }
    }
    out
}

/// Warns of sentences over 25 words, and of text that reads older than
/// the audience's `reading_age`, listing the hardest sentences.
pub fn check(audience: &Audience, report: &mut Report) {
    let source = report.source(audience.file).to_string();
    let all = sentences(audience, &source);
    for s in &all {
        let n = s.words().len();
        if n > MAX_WORDS {
            report.push(
                Diagnostic::warning(format!(
                    "a sentence of {n} words; plain English keeps them to {MAX_WORDS} or fewer"
                ))
                .at(s.file, s.span.clone())
                .label("this sentence")
                .help("split it in two, or cut what the reader does not need"),
            );
        }
    }
    let Some(target) = &audience.spec.audience.reading_age else {
        return;
    };
    let age = grade(&all) + 5.0;
    if age > *target.get_ref() as f64 + 0.5 {
        let mut hardest: Vec<&Sentence> = all.iter().filter(|s| s.words().len() >= 4).collect();
        hardest.sort_by(|a, b| sentence_grade(b).total_cmp(&sentence_grade(a)));
        let list: Vec<String> = hardest
            .iter()
            .take(HARDEST)
            .map(|s| {
                let (line, _) = report.line_col(s.file, s.span.start);
                format!("line {line}: \"{}\"", s.text)
            })
            .collect();
        report.push(
            Diagnostic::warning(format!(
                "the text for `{}` reads at about age {age:.0}; its reading_age is {}",
                audience.id,
                target.get_ref()
            ))
            .at(audience.file, target.span())
            .label("the target")
            .help(format!(
                "shorter sentences and shorter words bring it down; the hardest are: {}",
                list.join("; ")
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_follow_the_usual_rules() {
        for (w, n) in [
            ("cat", 1),
            ("privacy", 3),
            ("encryption", 3),
            ("make", 1),
            ("little", 2),
            ("asked", 1),
            ("wanted", 2),
            ("the", 1),
            ("don’t", 1),
            ("reporting", 3),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn sentences_split_at_stops_but_not_inside_addresses() {
        let parts: Vec<&str> = split("Call 0800 1111. Visit childline.org.uk today! Why? Because.")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            parts,
            vec![
                "Call 0800 1111.",
                "Visit childline.org.uk today!",
                "Why?",
                "Because."
            ]
        );
    }

    #[test]
    fn grade_of_plain_and_hard_text() {
        let s = |t: &str| Sentence {
            text: t.into(),
            file: 0,
            span: 0..1,
        };
        let easy = grade(&[s("The cat sat on the mat."), s("It was a big cat.")]);
        let hard = grade(&[s("Comprehensive safeguarding responsibilities necessitate institutional accountability mechanisms.")]);
        assert!(easy < 2.0, "{easy}");
        assert!(hard > 15.0, "{hard}");
    }
}
