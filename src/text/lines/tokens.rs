//! What must stay on one line: web addresses, emails and phone numbers
//! written in groups.

/// Byte ranges of `text` that must stay on one line: web addresses, emails,
/// and phone numbers written in groups ("0808 800 5000"). Trailing
/// punctuation stays outside, so a sentence may still end after them.
pub fn unbreakable_tokens(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    // Whitespace-separated tokens with their byte ranges, punctuation trimmed.
    let mut tokens: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let token = &text[s..i];
                let trimmed = token.trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '’', '"']);
                let trimmed = trimmed.trim_start_matches(['(', '‘', '"']);
                let lead = token.len() - token.trim_start_matches(['(', '‘', '"']).len();
                if !trimmed.is_empty() {
                    tokens.push(s + lead..s + lead + trimmed.len());
                }
                start = None;
            }
            _ => {}
        }
    }
    let is_address = |t: &str| {
        let lower = t.to_ascii_lowercase();
        if lower.contains("://") || lower.starts_with("www.") {
            return true;
        }
        if let Some((user, host)) = t.split_once('@') {
            return !user.is_empty() && host.contains('.');
        }
        // A domain: letters, a dot, letters, and a path or a second dot
        // ("iwf.org.uk/report", "childline.org.uk").
        let host = t.split('/').next().unwrap_or(t);
        let parts: Vec<&str> = host.split('.').collect();
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && parts
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
            && (parts.len() >= 3 || t.contains('/'))
    };
    let is_digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '+');
    let mut i = 0;
    while i < tokens.len() {
        let t = &text[tokens[i].clone()];
        if is_address(t) {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        }
        // Digit groups separated by single spaces: one number.
        let mut j = i;
        while is_digits(&text[tokens[j].clone()])
            && j + 1 < tokens.len()
            && is_digits(&text[tokens[j + 1].clone()])
            && text[tokens[j].end..tokens[j + 1].start] == *" "
        {
            j += 1;
        }
        if j > i {
            out.push(tokens[i].start..tokens[j].end);
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}
