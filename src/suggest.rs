//! "Did you mean ...?": the known name nearest to one that was mistyped.
//! A leaf module, so that `labels` (placeholder names) and `pack` (keys,
//! audience ids, section kinds) give the same hint for the same typo.

/// The known word nearest to `word`, if it is near enough to be a typo:
/// at most two edits away, or a third of the known word's length for
/// longer words. `word` is compared in lowercase, as the known names are
/// written; of two equally near, the first in `known` wins.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    known
        .iter()
        // Levenshtein counts characters, not bytes: a Welsh or Polish
        // letter is one edit.
        .map(|k| (strsim::levenshtein(&word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_nearest_known_word() {
        let known = ["name", "headline", "strapline"];
        assert_eq!(closest("headlin", &known), Some("headline"));
        assert_eq!(closest("Headline", &known), Some("headline"));
        assert_eq!(closest("straplnie", &known), Some("strapline"));
    }

    #[test]
    fn a_word_far_from_every_known_one_finds_none() {
        assert_eq!(closest("telephone", &["name", "headline"]), None);
        assert_eq!(closest("x", &[]), None);
    }

    #[test]
    fn edits_are_counted_in_characters() {
        // `ŵ` is two bytes and one edit.
        assert_eq!(closest("dwr", &["dŵr", "tân"]), Some("dŵr"));
    }

    #[test]
    fn of_two_equally_near_the_first_wins() {
        assert_eq!(closest("cat", &["bat", "hat"]), Some("bat"));
    }
}
