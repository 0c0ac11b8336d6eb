//! Messages in plain English: lists joined with commas and "and", verbs that
//! agree with their subject, and counted nouns. Every message the tool
//! prints goes through these, so "key points 4 and 5" and "the cards have"
//! read right everywhere.

/// Joins items as English does: "a", "a and b", "a, b and c".
pub fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "and")
}

/// Joins items with "or": "a, b or c".
pub fn join_or<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "or")
}

fn join<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let head: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", head.join(", "), last.as_ref())
        }
    }
}

/// A subject and its verb, agreeing: `agree("the key points", true, "does
/// not fit", "do not fit")`. Kept as a pair of forms rather than rules, so
/// irregular verbs ("has"/"have") need no special case.
pub fn agree(plural: bool, singular_form: &'static str, plural_form: &'static str) -> &'static str {
    if plural {
        plural_form
    } else {
        singular_form
    }
}

/// "1 file", "3 files"; nouns whose plural is not "+s" give it.
pub fn count(n: usize, noun: &str) -> String {
    count_as(n, noun, &format!("{noun}s"))
}

/// "1 copy", "2 copies": a count with an explicit plural.
pub fn count_as(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// "key point 4", "key points 4 and 5": a noun before a list of numbers or
/// names, plural when there is more than one.
pub fn noun_list<S: AsRef<str>>(singular: &str, plural: &str, items: &[S]) -> String {
    let noun = if items.len() == 1 { singular } else { plural };
    format!("{noun} {}", join_and(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_with_commas_and_a_final_and() {
        assert_eq!(join_and::<&str>(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["4", "5"]), "4 and 5");
        assert_eq!(join_and(&["4", "5", "6"]), "4, 5 and 6");
        assert_eq!(join_or(&["a3", "a2"]), "a3 or a2");
    }

    #[test]
    fn counts_and_noun_lists_agree_in_number() {
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(0, "file"), "0 files");
        assert_eq!(count_as(2, "copy", "copies"), "2 copies");
        assert_eq!(noun_list("key point", "key points", &["4"]), "key point 4");
        assert_eq!(
            noun_list("key point", "key points", &["4", "5", "6"]),
            "key points 4, 5 and 6"
        );
        assert_eq!(agree(true, "has", "have"), "have");
    }
}
