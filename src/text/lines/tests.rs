//! Tests of line breaking: shaping into pieces, the lines chosen, the runs.

use super::*;
use crate::text::bidi::BaseDirection;
use crate::text::font::Weight;
use crate::text::script::FontSet;
use crate::text::shape::Shaper;

fn prepare(shaper: &Shaper, text: &str) -> Prepared {
    Prepared::new(shaper, &[StyledText::new(text, Weight::Regular)])
}

fn line_text(p: &Prepared, l: &LineSpan) -> String {
    p.runs(l)
        .iter()
        .map(|r| r.text.as_str())
        .collect::<String>()
}

const TEXT: &str = "Encrypted apps keep messages private, even from the app itself. \
    That also means the app cannot spot someone trying to harm your child, \
    so it matters more than ever that they know who to tell.";

#[test]
fn no_line_is_wider_than_its_box_and_no_word_is_lost() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = prepare(&s, TEXT);
    for max in [6.0, 10.0, 17.5, 25.0, 40.0, 400.0] {
        for wrap in [Wrap::Pretty, Wrap::Balanced] {
            let (p2, lines) = p.break_lines(max, wrap);
            for l in &lines {
                assert!(l.width <= max + 1e-3, "{} > {max}", l.width);
                let runs = p2.runs(l);
                let drawn: f32 = runs.iter().map(|r| r.advance).sum();
                // The last piece's trailing space is not drawn.
                assert!(
                    (drawn - l.width).abs() < 1e-3,
                    "measured {} drawn {drawn}",
                    l.width
                );
            }
            let words: Vec<String> = lines
                .iter()
                .map(|l| line_text(&p2, l).trim().to_string())
                .collect();
            assert_eq!(words.join(" "), TEXT, "max {max}");
        }
    }
}

#[test]
fn optimal_never_uses_more_lines_than_greedy_and_evens_the_rag() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = prepare(&s, TEXT);
    let greedy = p.greedy(20.0, &p.prefix_sums());
    let (_, pretty) = p.break_lines(20.0, Wrap::Pretty);
    assert_eq!(greedy.len(), pretty.len());
    let ragged = |ls: &[LineSpan]| -> f32 {
        ls[..ls.len() - 1]
            .iter()
            .map(|l| (20.0 - l.width).powi(2))
            .sum()
    };
    assert!(ragged(&pretty) <= ragged(&greedy) + 1e-3);
}

#[test]
fn addresses_emails_and_grouped_numbers_are_found_whole() {
    let text = "Go to ceop.police.uk/safety-centre, mail help@nspcc.org.uk or call 0808 800 5000. See www.iwf.org.uk and childline.org.uk; it is 10am to 4pm, e.g. daily.";
    let found: Vec<&str> = unbreakable_tokens(text)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(
        found,
        [
            "ceop.police.uk/safety-centre",
            "help@nspcc.org.uk",
            "0808 800 5000",
            "www.iwf.org.uk",
            "childline.org.uk"
        ]
    );
}

#[test]
fn running_text_never_breaks_inside_an_address_or_a_number() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let text = "Report grooming to the CEOP Safety Centre at ceop.police.uk/safety-centre or call the NSPCC on 0808 800 5000 today.";
    let p = prepare(&s, text);
    // Every width the address fits on one line at.
    for max in [14.0, 16.0, 18.0, 22.0, 26.0] {
        let (p2, lines) = p.break_lines(max, Wrap::Pretty);
        let lines: Vec<String> = lines.iter().map(|l| line_text(&p2, l)).collect();
        assert!(
            lines
                .iter()
                .any(|l| l.contains("ceop.police.uk/safety-centre")),
            "{max}: {lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("0808 800 5000")),
            "{max}: {lines:?}"
        );
    }
}

#[test]
fn a_heading_never_breaks_at_a_hyphen() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = prepare(&s, "What is end-to-end encryption?");
    for max in [8.0, 9.0, 10.0, 11.0, 12.0, 13.0] {
        let (p2, lines) = p.break_lines(max, Wrap::Balanced);
        let texts: Vec<String> = lines.iter().map(|l| line_text(&p2, l)).collect();
        assert!(
            texts.iter().all(|t| !t.trim_end().ends_with('-')),
            "{max}: {texts:?}"
        );
    }
}

#[test]
fn balanced_lines_are_similar() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = prepare(&s, "Private chats can still be safe chats");
    let (_, lines) = p.break_lines(14.0, Wrap::Balanced);
    assert_eq!(lines.len(), 2);
    assert!((lines[0].width - lines[1].width).abs() < 4.0, "{lines:?}");
}

#[test]
fn an_over_wide_word_is_split_not_overflowed() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = prepare(&s, "see childline.org.uk/remove-a-nude-image-online today");
    let (p2, lines) = p.break_lines(5.0, Wrap::Pretty);
    assert!(lines.iter().all(|l| l.width <= 5.0 + 1e-3));
    let joined: String = lines.iter().map(|l| line_text(&p2, l)).collect();
    assert_eq!(
        joined.replace(' ', ""),
        "seechildline.org.uk/remove-a-nude-image-onlinetoday"
    );
}

#[test]
fn weights_become_separate_runs_on_one_line() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = Prepared::new(
        &s,
        &[
            StyledText::new("Call ", Weight::Regular),
            StyledText::new("0800 1111", Weight::Bold),
            StyledText::new(" now.", Weight::Regular),
        ],
    );
    let (p2, lines) = p.break_lines(100.0, Wrap::Pretty);
    assert_eq!(lines.len(), 1);
    let runs = p2.runs(&lines[0]);
    let parts: Vec<(&str, Weight)> = runs.iter().map(|r| (r.text.as_str(), r.weight)).collect();
    assert_eq!(
        parts,
        vec![
            ("Call ", Weight::Regular),
            ("0800 1111", Weight::Bold),
            (" now.", Weight::Regular)
        ]
    );
    assert!(runs[1].x > 0.0 && runs[2].x > runs[1].x);
}

/// Found by the property test: a word split across two spans of one
/// weight, in a box narrower than the word, overflowed by one glyph.
#[test]
fn a_word_split_across_spans_breaks_before_the_piece_that_does_not_fit() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = Prepared::new(
        &s,
        &[
            StyledText::new("aaaaaaaaaa", Weight::Regular),
            StyledText::new("aaaaafaaaa ", Weight::Regular),
        ],
    );
    let (_, lines) = p.break_lines(1.0, Wrap::Pretty);
    assert!(lines.iter().all(|l| l.width <= 1.0 + 1e-3), "{lines:?}");
}

#[test]
fn an_unbroken_span_stays_on_one_line() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = Prepared::new(
        &s,
        &[
            StyledText::new("Call the helpline on ", Weight::Regular),
            StyledText::unbroken("0808 800 5000", Weight::Bold),
            StyledText::new(" today.", Weight::Regular),
        ],
    );
    for max in [8.0, 10.0, 12.0, 15.0] {
        let (p2, lines) = p.break_lines(max, Wrap::Pretty);
        let texts: Vec<String> = lines.iter().map(|l| line_text(&p2, l)).collect();
        assert!(
            texts.iter().any(|t| t.contains("0808 800 5000")),
            "{max}: {texts:?}"
        );
    }
}

#[test]
fn a_newline_in_the_source_is_a_line_break() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let p = prepare(&s, "One\nTwo three");
    let (p2, lines) = p.break_lines(100.0, Wrap::Pretty);
    assert_eq!(lines.len(), 2);
    assert_eq!(line_text(&p2, &lines[0]).trim(), "One");
}

#[test]
fn a_mixed_line_is_reordered_and_placed_for_the_mirror() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    let spans = [StyledText::new("اردو 0808 157 text", Weight::Regular)];
    let p = Prepared::with_direction(&s, &spans, BaseDirection::RightToLeft);
    assert!(!p.theme_only);
    let (p2, lines) = p.break_lines(100.0, Wrap::Pretty);
    assert_eq!(lines.len(), 1);
    // Seen (no mirror): right to left, the Urdu word on the right, then
    // the number, then the English word, each island left to right.
    let seen = p2.runs_in(&lines[0], false);
    let x = |runs: &[TextRun], t: &str| {
        runs.iter()
            .find(|r| r.text.contains(t))
            .map(|r| r.x)
            .unwrap()
    };
    assert!(x(&seen, "اردو") > x(&seen, "0808"), "{seen:?}");
    assert!(x(&seen, "text") < x(&seen, "0808"), "{seen:?}");
    // In reading order, Urdu first.
    assert!(seen[0].text.contains("اردو"));
    assert_eq!(seen[0].level % 2, 1);
    // For a page mirrored once laid out, each run is where the mirror
    // (x -> width - x - advance) puts it back to where it is seen.
    let width: f32 = seen.iter().map(|r| r.advance).sum();
    let pre = p2.runs_in(&lines[0], true);
    for (a, b) in seen.iter().zip(&pre) {
        assert!((width - b.x - b.advance - a.x).abs() < 1e-4, "{a:?} {b:?}");
        assert_eq!(a.glyphs, b.glyphs, "glyphs are never written backwards");
    }
}

#[test]
fn a_latin_paragraph_is_set_in_the_theme_font_in_one_pass() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    assert!(prepare(&s, TEXT).theme_only);
    assert!(!prepare(&s, "Bengali বাংলা").theme_only);
}

#[test]
fn empty_text_has_no_lines() {
    let fam = FontSet::builtin();
    let s = Shaper::new(&fam).unwrap();
    assert!(prepare(&s, "").break_lines(10.0, Wrap::Pretty).1.is_empty());
}
