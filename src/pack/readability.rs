//! How hard an audience's text is to read: the Flesch-Kincaid grade, as a
//! reading age (grade + 5), against the audience's `reading_age`; and every
//! sentence over 25 words, which plain-English guidance asks to split.
//!
//! Sentences end where Unicode's sentence rules (UAX #29) say, so the Urdu
//! and Arabic full stops and question marks (`۔`, `؟`) and the Bengali and
//! Gurmukhi danda (`।`) end them as `.` does. Flesch-Kincaid is a formula
//! for English: for other languages it is not run, and `check` says so
//! once. These checks only warn, so `build` leaves them to `check`.

use unicode_segmentation::UnicodeSegmentation;

use super::model::Text;
use super::{value_offset, Audience, Pack};
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::labels::Locale;
use crate::markup;

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

/// The words of a text in a language written with spaces between words
/// (Latin, Arabic, Urdu, Bengali, Gurmukhi, Cyrillic, ...): the runs
/// between spaces (any Unicode space, the no-break space too) that hold a
/// letter. Numbers are not words; "end-to-end" and "don't" are one each, and
/// a Bengali or Urdu word's vowel signs and marks stay part of it.
pub fn words(text: &str) -> Vec<&str> {
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

/// Splits prose into sentences by Unicode's sentence boundaries (UAX #29):
/// at `.`, `?`, `!`, `۔`, `؟`, `।` and the like followed by a space or the
/// end, but not inside `childline.org.uk` or `10.30am`. Each sentence is
/// trimmed and given with its byte offset.
fn split(text: &str) -> Vec<(usize, &str)> {
    text.split_sentence_bound_indices()
        .filter_map(|(at, s)| {
            let trimmed = s.trim();
            let lead = s.len() - s.trim_start().len();
            (!trimmed.is_empty()).then_some((at + lead, trimmed))
        })
        .collect()
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

/// What the writing checks can measure in a language.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Measures {
    /// Words are counted, and sentences over [`MAX_WORDS`] warned.
    pub sentence_length: bool,
    /// The Flesch-Kincaid reading age is measured (English only).
    pub reading_age: bool,
}

impl Measures {
    /// What can be measured in `locale`.
    pub fn for_locale(locale: &Locale) -> Measures {
        Measures {
            sentence_length: locale.spaces_words(),
            reading_age: locale.is_english(),
        }
    }
}

/// Runs the writing checks on every audience of a pack, in each of its
/// languages (a translation's audiences in the translation's), and notes
/// once per language what the language leaves out.
pub fn check_pack(pack: &Pack, report: &mut Report) {
    let locale_at = pack
        .spec
        .pack
        .locale
        .as_ref()
        .map(|t| (pack.file, t.span()));
    check_language(pack, pack.file, locale_at, report);
    for t in pack.translations() {
        check_language(&t.pack, t.file, None, report);
    }
}

/// The writing checks of one language of a pack: `pack` is the pack in it,
/// `file` the file that names it (and `named`, where), for the note.
fn check_language(
    pack: &Pack,
    file: FileId,
    named: Option<(FileId, std::ops::Range<usize>)>,
    report: &mut Report,
) {
    // A locale that cannot be read is an error of its own; measuring the
    // text as some other language would only add false findings.
    let Some(locale) = pack.language() else {
        return;
    };
    let measures = Measures::for_locale(locale);
    for a in &pack.audiences {
        check(a, measures, report);
    }
    if measures.reading_age {
        return;
    }
    let target = pack.audiences.iter().find_map(|a| {
        a.spec
            .audience
            .reading_age
            .as_ref()
            .map(|t| (a.file, t.span()))
    });
    let mut message = format!(
        "the reading age is not measured for {}: the Flesch-Kincaid formula is for English",
        locale.describe()
    );
    if !measures.sentence_length {
        message.push_str(&format!(
            ", and sentences are not counted in words: {} is written without spaces between words",
            locale.language_name().unwrap_or("the language")
        ));
    } else {
        message.push_str("; sentences over 25 words are still warned");
    }
    let d = Diagnostic::note(message);
    report.push(match target {
        Some((file, span)) => d
            .at(file, span)
            .label("`reading_age` is not used in this language")
            .help("have a reader of the language check that the text suits the audience"),
        None => match named {
            Some((file, span)) => d.at(file, span),
            None => d.in_file(file),
        },
    });
}

/// Warns of sentences over 25 words, and of text that reads older than
/// the audience's `reading_age`, listing the hardest sentences, as far as
/// `measures` allow.
pub fn check(audience: &Audience, measures: Measures, report: &mut Report) {
    let source = report.source(audience.file).to_string();
    let all = sentences(audience, &source);
    if measures.sentence_length {
        for s in &all {
            let n = s.words().len();
            if n > MAX_WORDS {
                report.push(
                    Diagnostic::warning(format!(
                        "a sentence of {n} words; plain language keeps them to {MAX_WORDS} or fewer"
                    ))
                    .at(s.file, s.span.clone())
                    .label("this sentence")
                    .help("split it in two, or cut what the reader does not need"),
                );
            }
        }
    }
    if !measures.reading_age {
        return;
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
    fn urdu_arabic_and_bengali_stops_end_sentences() {
        let parts =
            |t: &str| -> Vec<String> { split(t).into_iter().map(|(_, s)| s.to_string()).collect() };
        // Test text: "This is the first sentence. This is the second."
        let urdu = "یہ پہلا جملہ ہے۔ یہ دوسرا جملہ ہے۔";
        assert_eq!(parts(urdu), ["یہ پہلا جملہ ہے۔", "یہ دوسرا جملہ ہے۔"]);
        // "Is this a question? Yes."
        let arabic = "هل هذا سؤال؟ نعم.";
        assert_eq!(parts(arabic), ["هل هذا سؤال؟", "نعم."]);
        // "This is a sentence. This is another."
        let bengali = "এটি একটি বাক্য। এটি আরেকটি।";
        assert_eq!(parts(bengali), ["এটি একটি বাক্য।", "এটি আরেকটি।"]);
        let gurmukhi = "ਇਹ ਇੱਕ ਵਾਕ ਹੈ। ਇਹ ਦੂਜਾ ਹੈ।";
        assert_eq!(parts(gurmukhi).len(), 2);
    }

    #[test]
    fn an_urdu_sentence_ending_in_its_full_stop_is_one_sentence_of_its_words() {
        // Test text, not advice: "If you are worried about a child, speak
        // to the school's safeguarding lead today."
        let text =
            "اگر آپ کو کسی بچے کے بارے میں فکر ہے تو آج ہی اسکول کے حفاظتی سربراہ سے بات کریں۔";
        let sentences = split(text);
        assert_eq!(sentences.len(), 1, "{sentences:?}");
        assert_eq!(words(sentences[0].1).len(), 20);
    }

    #[test]
    fn words_are_counted_in_every_script_written_with_spaces() {
        assert_eq!(words("Call 0800 1111 any time, day or night.").len(), 6);
        assert_eq!(words("end-to-end encryption isn’t new").len(), 4);
        // Bengali: vowel signs and the virama are part of their word.
        assert_eq!(words("আপনার সন্তানের সঙ্গে কথা বলুন").len(), 5);
        // Gurmukhi with a no-break space between two words.
        assert_eq!(words("ਸਾਡੇ\u{a0}ਨਾਲ ਗੱਲ ਕਰੋ").len(), 4);
        // Arabic with its comma.
        assert_eq!(words("في حالات الطوارئ، اتصل").len(), 4);
    }

    #[test]
    fn reading_age_is_measured_only_in_english() {
        let m = |t: &str| Measures::for_locale(&Locale::parse(t).unwrap());
        assert!(m("en-GB").reading_age && m("en-US").reading_age && m("en").reading_age);
        for t in ["cy", "ur", "pl", "bn-GB"] {
            assert_eq!(
                m(t),
                Measures {
                    sentence_length: true,
                    reading_age: false
                },
                "{t}"
            );
        }
        assert!(!m("zh").sentence_length);
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
