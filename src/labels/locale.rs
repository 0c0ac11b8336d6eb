//! Language tags (BCP 47) as a pack writes them: `cy`, `en-GB`, `ur-PK`,
//! `pa-Guru-GB`. Only the parts packpress acts on are kept: the language
//! (which words and which checks), the script (which words, and which way
//! the text runs) and the region (phone numbers and paper).

use std::fmt;

/// Which way a script's lines run.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Left to right: Latin, Bengali, Gurmukhi, ...
    LeftToRight,
    /// Right to left: Arabic, Hebrew, Thaana, ...
    RightToLeft,
}

impl Direction {
    /// `ltr` or `rtl`, as HTML's `dir` and the label files write it.
    pub fn name(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }
}

/// A parsed language tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    /// The language subtag, lowercase: `en`, `cy`, `ur`.
    language: String,
    /// The script subtag in title case (`Arab`, `Guru`), if written.
    script: Option<String>,
    /// The region subtag in uppercase (`GB`, `PK`) or three digits, if written.
    region: Option<String>,
}

/// Why a tag could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLocale {
    /// What is wrong, in a sentence.
    pub why: String,
    /// A tag the writer may have meant.
    pub suggestion: Option<&'static str>,
}

impl Locale {
    /// Reads a tag. Subtags may be separated by `-` or `_` and written in
    /// any case (`en_gb` is `en-GB`); extensions and variants after the
    /// region are allowed and ignored.
    pub fn parse(tag: &str) -> Result<Locale, BadLocale> {
        let tag = tag.trim();
        let bad = |why: String| BadLocale {
            why,
            suggestion: suggest(tag),
        };
        if tag.is_empty() {
            return Err(bad("the locale is empty".into()));
        }
        let mut parts = tag.split(['-', '_']);
        let language = parts.next().unwrap_or("");
        // Two or three letters (ISO 639-1 or 639-3); longer subtags are
        // reserved or registered for other uses and name no language a
        // school would print in.
        if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return Err(bad(format!(
                "`{tag}` does not start with a language code of two or three letters"
            )));
        }
        let mut locale = Locale {
            language: language.to_ascii_lowercase(),
            script: None,
            region: None,
        };
        let mut rest: Vec<&str> = parts.collect();
        if let Some(first) = rest.first() {
            if first.len() == 4 && first.bytes().all(|b| b.is_ascii_alphabetic()) {
                let mut s = first.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                locale.script = Some(s);
                rest.remove(0);
            }
        }
        if let Some(first) = rest.first() {
            let letters = first.len() == 2 && first.bytes().all(|b| b.is_ascii_alphabetic());
            let digits = first.len() == 3 && first.bytes().all(|b| b.is_ascii_digit());
            if letters || digits {
                locale.region = Some(first.to_ascii_uppercase());
                rest.remove(0);
            }
        }
        // Variants and extensions (`-valencia`, `-u-nu-arab`) are well-formed
        // runs of 1 to 8 letters and digits; anything else is a typo.
        if let Some(odd) = rest
            .iter()
            .find(|p| p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(bad(format!(
                "`{odd}` in `{tag}` is not part of a language tag"
            )));
        }
        Ok(locale)
    }

    /// The language subtag, lowercase.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The script subtag as written (title case), if any.
    pub fn script(&self) -> Option<&str> {
        self.script.as_deref()
    }

    /// The script the text is in: as written, else the language's usual
    /// one (`Arab` for Urdu, `Guru` for Punjabi, `Latn` when unknown).
    pub fn usual_script(&self) -> &str {
        self.script()
            .unwrap_or_else(|| usual_script(&self.language))
    }

    /// The region subtag (uppercase), if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// True for English, whatever the region.
    pub fn is_english(&self) -> bool {
        self.language == "en"
    }

    /// Which way the text runs, from its script ([`Locale::usual_script`]).
    /// The one place this is decided: the PDF, the PNG and the web page
    /// all ask here.
    pub fn direction(&self) -> Direction {
        if RIGHT_TO_LEFT_SCRIPTS.contains(&self.usual_script()) {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        }
    }

    /// True if the language is written with spaces between words, so that
    /// words can be counted by splitting at spaces. Chinese, Japanese, Thai,
    /// Lao, Khmer, Burmese and Tibetan are not.
    pub fn spaces_words(&self) -> bool {
        !matches!(
            self.language.as_str(),
            "zh" | "ja" | "th" | "lo" | "km" | "my" | "bo" | "dz" | "yue"
        ) && !matches!(
            self.usual_script(),
            "Hans" | "Hant" | "Hani" | "Jpan" | "Thai" | "Laoo" | "Khmr" | "Mymr" | "Tibt"
        )
    }

    /// The English name of the language, where packpress knows it.
    pub fn language_name(&self) -> Option<&'static str> {
        language_name(&self.language)
    }

    /// The language and its name for messages: "Welsh (`cy`)", or "`xx`".
    pub fn describe(&self) -> String {
        match self.language_name() {
            Some(name) => format!("{name} (`{}`)", self.language),
            None => format!("`{}`", self.language),
        }
    }
}

impl fmt::Display for Locale {
    /// The canonical form: `en-GB`, `pa-Guru-GB`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.language)?;
        if let Some(s) = &self.script {
            write!(f, "-{s}")?;
        }
        if let Some(r) = &self.region {
            write!(f, "-{r}")?;
        }
        Ok(())
    }
}

/// The scripts written right to left (ISO 15924 codes, as
/// [`Locale::usual_script`] gives them) that a school might print in or
/// a tag might name: Arabic (and its Nastaliq form, `Aran`, which Urdu
/// is often tagged with), Hebrew, Syriac, Thaana, N'Ko, Adlam, Hanifi
/// Rohingya, Samaritan, Mandaic, Mende Kikakui, Imperial Aramaic and
/// Yezidi.
const RIGHT_TO_LEFT_SCRIPTS: [&str; 13] = [
    "Arab", "Aran", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand", "Mend", "Armi",
    "Yezi",
];

/// The script a language is usually written in, where it is not Latin.
/// Only what packpress needs: which way the text runs and which built-in
/// label set fits.
fn usual_script(language: &str) -> &'static str {
    match language {
        // Western Punjabi (Shahmukhi), Kashmiri and Balochi are written
        // in Arabic script too; `iw` is Hebrew's old code, still sent by
        // some systems; Aramaic's usual script is Imperial Aramaic.
        "ar" | "ur" | "fa" | "ps" | "sd" | "ug" | "ckb" | "prs" | "pnb" | "ks" | "bal" => "Arab",
        "he" | "iw" | "yi" => "Hebr",
        "arc" => "Armi",
        "dv" => "Thaa",
        "syr" => "Syrc",
        "bn" | "as" => "Beng",
        "pa" => "Guru",
        "hi" | "mr" | "ne" => "Deva",
        "gu" => "Gujr",
        "ta" => "Taml",
        "te" => "Telu",
        "ml" => "Mlym",
        "kn" => "Knda",
        "si" => "Sinh",
        "am" | "ti" => "Ethi",
        "el" => "Grek",
        "ru" | "uk" | "bg" | "mk" | "be" => "Cyrl",
        "zh" | "yue" => "Hani",
        "ja" => "Jpan",
        "ko" => "Kore",
        "th" => "Thai",
        "lo" => "Laoo",
        "km" => "Khmr",
        "my" => "Mymr",
        "bo" | "dz" => "Tibt",
        _ => "Latn",
    }
}

/// English names of the languages UK schools most often write home in,
/// and a few more, for messages.
fn language_name(language: &str) -> Option<&'static str> {
    Some(match language {
        "en" => "English",
        "cy" => "Welsh",
        "gd" => "Scottish Gaelic",
        "ga" => "Irish",
        "pl" => "Polish",
        "ro" => "Romanian",
        "pt" => "Portuguese",
        "so" => "Somali",
        "ur" => "Urdu",
        "ar" => "Arabic",
        "bn" => "Bengali",
        "pa" => "Punjabi",
        "es" => "Spanish",
        "fr" => "French",
        "de" => "German",
        "it" => "Italian",
        "lt" => "Lithuanian",
        "lv" => "Latvian",
        "bg" => "Bulgarian",
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "tr" => "Turkish",
        "ku" => "Kurdish",
        "fa" => "Persian",
        "ps" => "Pashto",
        "ta" => "Tamil",
        "gu" => "Gujarati",
        "hi" => "Hindi",
        "zh" => "Chinese",
        "ti" => "Tigrinya",
        "am" => "Amharic",
        "he" => "Hebrew",
        "el" => "Greek",
        _ => return None,
    })
}

/// A tag for a language name written where a tag belongs (`English`,
/// `welsh`).
fn suggest(written: &str) -> Option<&'static str> {
    let w = written.trim().to_ascii_lowercase();
    Some(match w.as_str() {
        "english" | "british" | "uk" | "gb" => "en-GB",
        "american" | "us" => "en-US",
        "welsh" | "cymraeg" => "cy",
        "polish" | "polski" => "pl",
        "romanian" | "română" => "ro",
        "portuguese" | "português" => "pt",
        "somali" | "soomaali" => "so",
        "urdu" => "ur",
        "arabic" => "ar",
        "bengali" | "bangla" => "bn",
        "punjabi" | "panjabi" => "pa",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Locale {
        Locale::parse(s).unwrap_or_else(|e| panic!("{s}: {}", e.why))
    }

    #[test]
    fn tags_are_read_in_any_case_and_with_underscores() {
        let l = parse("en_gb");
        assert_eq!((l.language(), l.region()), ("en", Some("GB")));
        assert_eq!(l.to_string(), "en-GB");
        let l = parse("pa-guru-gb");
        assert_eq!(l.to_string(), "pa-Guru-GB");
        assert_eq!(l.script(), Some("Guru"));
        assert_eq!(parse("es-419").region(), Some("419"));
        assert_eq!(parse("ca-ES-valencia").region(), Some("ES"));
    }

    #[test]
    fn a_bare_language_has_no_region() {
        // `cy` is Welsh, not Cyprus; `pa` is Punjabi, not Panama.
        for tag in ["cy", "pa", "ur", "so"] {
            assert_eq!(parse(tag).region(), None, "{tag}");
        }
    }

    #[test]
    fn names_and_typos_are_refused_with_a_suggestion() {
        let e = Locale::parse("English").unwrap_err();
        assert_eq!(e.suggestion, Some("en-GB"));
        let e = Locale::parse("Welsh").unwrap_err();
        assert_eq!(e.suggestion, Some("cy"));
        for bad in ["", "e", "en--GB", "en-GB-", "1a", "en-G@"] {
            assert!(Locale::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn direction_follows_the_script() {
        for tag in ["ur", "ar", "ur-PK", "pa-Arab", "he", "fa-IR"] {
            assert_eq!(parse(tag).direction(), Direction::RightToLeft, "{tag}");
        }
        for tag in ["en-GB", "cy", "pa", "pa-Guru", "bn", "so", "ar-Latn"] {
            assert_eq!(parse(tag).direction(), Direction::LeftToRight, "{tag}");
        }
    }

    #[test]
    fn western_punjabi_kashmiri_balochi_aramaic_and_old_hebrew_run_right_to_left() {
        // Issue 21: the web page had these right to left and the PDF left
        // to right; both now ask `direction`.
        for (tag, script) in [
            ("pnb", "Arab"),
            ("ks", "Arab"),
            ("bal", "Arab"),
            ("arc", "Armi"),
            ("iw", "Hebr"),
        ] {
            let l = parse(tag);
            assert_eq!(l.usual_script(), script, "{tag}");
            assert_eq!(l.direction(), Direction::RightToLeft, "{tag}");
        }
        // A script subtag decides over the language.
        assert_eq!(parse("ks-Deva").direction(), Direction::LeftToRight);
    }

    #[test]
    fn mende_kikakui_and_nastaliq_run_right_to_left() {
        assert_eq!(parse("men-Mend").direction(), Direction::RightToLeft);
        assert_eq!(parse("men").direction(), Direction::LeftToRight);
        assert_eq!(parse("ur-Aran").direction(), Direction::RightToLeft);
    }

    #[test]
    fn languages_without_spaces_between_words_are_known() {
        assert!(parse("ur").spaces_words());
        assert!(parse("bn").spaces_words());
        assert!(!parse("zh-Hant").spaces_words());
        assert!(!parse("th").spaces_words());
    }
}
