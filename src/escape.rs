//! One escaping function per syntax that packpress writes: HTML (the web
//! page and the contact sheet), XML (the PDF's XMP metadata), TOML (the
//! pack `packpress new` writes) and a terminal (what a message quotes). Each is a crate's, so the rules live
//! where they are maintained, and every writer of a syntax calls the one
//! function here. A leaf module: `render`, `build` and `scaffold` use it.

/// Text for HTML: element content and attribute values in either kind of
/// quotes. `&`, `<`, `>`, `"` and `'` become character references
/// (html-escape's `encode_quoted_attribute`), so the same function is
/// right wherever the text goes.
pub fn html(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

/// Text for XML 1.0: element content and attribute values. The control
/// characters XML 1.0 does not allow (any below U+0020 but tab, line feed
/// and carriage return) are dropped, as no reference can carry them; then
/// `&`, `<`, `>`, `"` and `'` become the predefined entities (quick-xml's
/// `escape`).
pub fn xml(text: &str) -> String {
    let forbidden = |c: char| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r');
    if text.contains(forbidden) {
        let allowed: String = text.chars().filter(|&c| !forbidden(c)).collect();
        quick_xml::escape::escape(allowed.as_str()).into_owned()
    } else {
        quick_xml::escape::escape(text).into_owned()
    }
}

/// A TOML string value, quoted: always a one-line basic string (`"..."`),
/// with `"`, `\` and control characters escaped (the toml crate's own
/// writer, toml_writer). Always the same form, so that a file written
/// from a template reads the same whatever the words: never a literal or
/// multi-line string.
pub fn toml_string(text: &str) -> String {
    use toml_writer::ToTomlValue as _;
    toml_writer::TomlStringBuilder::new(text)
        .as_basic()
        .to_toml_value()
}

/// What a user wrote, as a message quotes it on a terminal: every
/// character that would act on the terminal instead of being shown (C0
/// and C1 controls: a bell, an escape sequence, a new line) and every
/// character that reorders or hides text (bidirectional overrides and
/// isolates, zero-width marks) written as `\u{202E}`; and cut after
/// `max` characters with an ellipsis, saying how long it was, so a value
/// of a million characters is never printed whole.
pub fn terminal(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (shown, c) in text.chars().enumerate() {
        if shown == max {
            let total = text.chars().count();
            out.push_str(&format!("… ({total} characters)"));
            return out;
        }
        if hides(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a character acts on a terminal or on the order or visibility
/// of text, rather than being a letter, digit, mark or space one sees.
pub fn hides(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width spaces and joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}' // line and paragraph separators, embeddings, overrides
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, isolates
            | '\u{FEFF}'               // byte order mark
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_controls_and_overrides_and_is_cut() {
        assert_eq!(
            terminal("01632\u{7}\u{1b}[31m\u{202e}960", 80),
            "01632\\u{0007}\\u{001B}[31m\\u{202E}960"
        );
        assert_eq!(terminal("Ysgol Tŷ Gwyn", 80), "Ysgol Tŷ Gwyn");
        let long = "Hillside ".repeat(1000);
        let cut = terminal(&long, 20);
        assert_eq!(cut, "Hillside Hillside Hi… (9000 characters)");
    }

    #[test]
    fn html_escapes_markup_and_both_quotes() {
        assert_eq!(
            html("<b>\"Tom & Jo's\"</b>"),
            "&lt;b&gt;&quot;Tom &amp; Jo&#x27;s&quot;&lt;/b&gt;"
        );
        assert_eq!(html("Ysgol Gymraeg ŵ"), "Ysgol Gymraeg ŵ");
    }

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml("A <pack> & \"more\"\u{1}\u{b}\tok\n"),
            "A &lt;pack&gt; &amp; &quot;more&quot;\tok\n"
        );
        assert_eq!(xml("Parents' guide"), "Parents&apos; guide");
        let text = format!("<t>{}</t>", xml("a\u{0}<&'\"b"));
        let parsed = roxmltree::Document::parse(&text).expect("well-formed XML");
        assert_eq!(parsed.root_element().text(), Some("a<&'\"b"));
    }

    #[test]
    fn toml_strings_are_one_line_basic_strings_that_read_back() {
        assert_eq!(toml_string("plain"), "\"plain\"");
        assert_eq!(toml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        for text in ["both ' and \"", "line\nbreak", "ŵ \u{7f}\u{1}", ""] {
            let quoted = toml_string(text);
            assert!(
                quoted.starts_with('"') && !quoted.contains('\n'),
                "{quoted}"
            );
            let read: toml::Table = toml::from_str(&format!("v = {quoted}")).unwrap();
            assert_eq!(read["v"].as_str(), Some(text));
        }
    }
}
