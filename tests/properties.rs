//! Properties of the layout engine over generated input: no line is wider
//! than its box, no text is lost, flowing never overfills a column or drops
//! a block, and parsers take any text without panicking.

use packpress::layout::flow::{flow, Galley};
use packpress::layout::Frame;
use packpress::markup;
use packpress::pack::phone;
use packpress::text::{FontSet, Prepared, Shaper, StyledText, Weight, Wrap};
use packpress::units::{Pt, Rect, Size};
use proptest::prelude::*;

/// Text made of words the shipped packs use, with hyphens, long words,
/// Welsh letters and runs of spaces.
fn prose() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Z]{1,12}",
        Just("end-to-end".to_string()),
        Just("childline.org.uk/remove".to_string()),
        Just("0800 1111".to_string()),
        Just("ŵyn".to_string()),
        Just("don’t".to_string()),
        "[a-z]{20,60}",
    ];
    prop::collection::vec(
        (word, prop_oneof![Just(" "), Just("  "), Just("\n")]),
        0..60,
    )
    .prop_map(|ws| {
        ws.into_iter()
            .map(|(w, s)| format!("{w}{s}"))
            .collect::<String>()
    })
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        // Failures are kept as named regression tests instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_line_is_wider_than_its_box_and_no_text_is_lost(
        text in prose(),
        bold in prop::collection::vec(any::<bool>(), 1..4),
        max in 1.0f32..60.0,
        balanced in any::<bool>(),
    ) {
        let fam = FontSet::builtin();
        let shaper = Shaper::new(&fam).unwrap();
        // Split the text into spans of alternating weight.
        let n = bold.len();
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<StyledText> = (0..n)
            .map(|i| {
                let part: String = chars[i * chars.len() / n..(i + 1) * chars.len() / n].iter().collect();
                StyledText::new(part, if bold[i] { Weight::Bold } else { Weight::Regular })
            })
            .collect();
        let p = Prepared::new(&shaper, &spans);
        let wrap = if balanced { Wrap::Balanced } else { Wrap::Pretty };
        let (set, lines) = p.break_lines(max, wrap);
        let mut drawn = String::new();
        for l in &lines {
            prop_assert!(l.width <= max + 1e-3, "line of {} em in a box of {max}", l.width);
            let runs = set.runs(l);
            let advance: f32 = runs.iter().map(|r| r.advance).sum();
            prop_assert!((advance - l.width).abs() < 1e-3, "measured {} drawn {advance}", l.width);
            for r in runs {
                drawn.push_str(&r.text);
            }
        }
        prop_assert_eq!(no_space(&drawn), no_space(&text));
    }

    #[test]
    fn flowing_never_overfills_a_column_or_loses_a_block(
        blocks in prop::collection::vec((1.0f32..80.0, 0.0f32..20.0, any::<bool>(), 1usize..6), 0..40),
        columns in prop::collection::vec(40.0f32..300.0, 1..6),
    ) {
        let mut g = Galley::new();
        for (h, space, keep, lines) in &blocks {
            if *keep {
                g.keep_with_next();
            }
            let frames = (0..*lines).map(|_| Frame::new(Size::new(Pt(100.0), Pt(*h)))).collect();
            g.push_lines(frames, Pt(*space));
        }
        let rects: Vec<Rect> = columns.iter().map(|h| Rect::new(Pt::ZERO, Pt::ZERO, Pt(100.0), Pt(*h))).collect();
        let f = flow(&g, &rects);
        let mut seen = Vec::new();
        for (c, placed) in f.columns.iter().enumerate() {
            for &(i, y) in placed {
                let bottom = y + g.blocks[i].frame.height();
                prop_assert!(bottom.0 <= rects[c].height.0 + 0.02, "block {i} ends at {} in a column of {}", bottom.0, rects[c].height.0);
                seen.push(i);
            }
        }
        // In order, each at most once; all of them when it fits.
        prop_assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        if f.fits() {
            prop_assert_eq!(seen.len(), g.blocks.len());
        } else {
            let o = f.overflow.unwrap();
            prop_assert!(o.height.0 > 0.0);
        }
    }

    #[test]
    fn markup_parses_any_text_and_keeps_every_word(body in "[a-z *\\-\n]{0,200}") {
        match markup::parse(&body) {
            Ok(blocks) => {
                let text: String = blocks.iter().map(|b| markup::plain(b.spans())).collect();
                // Only the bold markers and bullet dashes are markup.
                let letters = |s: &str| s.chars().filter(|c| c.is_ascii_lowercase()).collect::<String>();
                prop_assert_eq!(letters(&text), letters(&body));
            }
            Err(e) => prop_assert!(e.offset < body.len().max(1)),
        }
    }

    #[test]
    fn phone_checks_take_any_text(s in "\\PC{0,40}", locale in "[a-zA-Z\\-_]{0,8}") {
        let _ = phone::check(&s, &locale);
    }
}
