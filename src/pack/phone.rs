//! Phone numbers as printed, checked against the numbering plan of the
//! pack's region (its `region`, else its locale's region subtag, else GB:
//! see `Pack::region`). On a safeguarding poster a dropped digit is a harm, so an
//! impossible number is an error and an unusual one a warning.

/// What the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneCheck {
    /// A number of a known, ordinary shape.
    Valid,
    /// Possible, but not the usual shape: print it only if it is right.
    Unusual(String),
    /// Cannot be dialled as written.
    Invalid(String),
}

/// Splits an extension off a printed number: `01632 960123 ext 4`,
/// `ext. 4`, `extn 4`, `extension 4` or `x4` (any case) give the number and
/// `Some("4")`. Only the number is checked against the numbering plan; the
/// whole text is printed as written. `Err` when a word for an extension is
/// there but not followed by its digits alone.
pub fn split_extension(printed: &str) -> Result<(&str, Option<&str>), String> {
    let lower = printed.to_ascii_lowercase();
    // The last word for an extension that follows a digit (and spaces):
    // the "x" in "0800 1111" is not one, nor is a letter inside a word.
    for word in ["extension", "extn", "ext", "x"] {
        let Some(at) = lower.rfind(word) else {
            continue;
        };
        let before = printed[..at].trim_end();
        if !before.ends_with(|c: char| c.is_ascii_digit() || c == ')') {
            continue;
        }
        let rest = printed[at + word.len()..].trim_start_matches(['.', ':', ' ']);
        let digits = rest.trim_end();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 6 {
            return Err(format!(
                "an extension is written as digits after the number, like `01632 960123 ext 4`; `{}` is not",
                printed[at..].trim()
            ));
        }
        return Ok((before, Some(digits)));
    }
    Ok((printed, None))
}

/// Checks a printed phone number for a region (a country code such as
/// `GB`, in any case). An extension after it (`ext 4`, `x4`) is allowed;
/// only the number itself is checked. UK numbers are checked against the
/// numbering plan; elsewhere only the count of digits.
pub fn check(printed: &str, region: &str) -> PhoneCheck {
    let printed = match split_extension(printed) {
        Ok((number, _)) => number,
        Err(why) => return PhoneCheck::Invalid(why),
    };
    if let Some(bad) = printed
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '.')))
    {
        return PhoneCheck::Invalid(format!(
            "'{bad}' cannot be part of a phone number; use digits and spaces"
        ));
    }
    let digits: String = printed.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return PhoneCheck::Invalid("the number has no digits".into());
    }
    match region.trim().to_ascii_uppercase().as_str() {
        "GB" | "UK" => check_uk(printed, &digits),
        _ => match digits.len() {
            3..=15 => PhoneCheck::Valid,
            n => PhoneCheck::Invalid(format!("{n} digits is not a phone number")),
        },
    }
}

/// Checks a number printed for texting (a helpline's `text`): in the UK a
/// five-digit short code (60000 to 89999, such as Shout's 85258) or a
/// number a phone can text; elsewhere as [`check`].
pub fn check_sms(printed: &str, region: &str) -> PhoneCheck {
    let digits: String = printed.chars().filter(char::is_ascii_digit).collect();
    let only_digits = printed.chars().all(|c| c.is_ascii_digit() || c == ' ');
    let uk = matches!(region.trim().to_ascii_uppercase().as_str(), "GB" | "UK");
    if uk && only_digits && digits.len() == 5 && matches!(digits.as_bytes()[0], b'6'..=b'8') {
        return PhoneCheck::Valid;
    }
    check(printed, region)
}

/// UK numbering (Ofcom's National Telephone Numbering Plan).
fn check_uk(printed: &str, digits: &str) -> PhoneCheck {
    use PhoneCheck::*;
    // +44 (0)20 ... and +44 20 ... both dial as 020 ...
    let national = if let Some(rest) = digits
        .strip_prefix("44")
        .filter(|_| printed.trim_start().starts_with('+'))
    {
        let rest = rest.strip_prefix('0').unwrap_or(rest);
        format!("0{rest}")
    } else {
        digits.to_string()
    };
    let n = national.len();
    let wrong_length = |kind: &str, want: &str| {
        Invalid(format!(
            "{kind} numbers have {want} digits; this one has {n}: check for a missing or extra digit"
        ))
    };
    match national.as_bytes() {
        b"999" | b"112" | b"101" | b"111" => Valid,
        [b'1', b'1', b'6', ..] if n == 6 => Valid,
        [b'1', ..] if n == 3 => Unusual("an unusual three-digit service number".into()),
        [b'1', ..] => Invalid(format!(
            "a UK number starting with 1 must be 999, 112, 101, 111 or 116 and three more digits; {printed} is none of these"
        )),
        // Childline's 0800 1111 is a real eight-digit freephone number.
        b"08001111" => Valid,
        [b'0', b'8', b'0', b'0', ..] => match n {
            10 | 11 => Valid,
            8 => Unusual("eight-digit 0800 numbers are rare: check it".into()),
            _ => wrong_length("0800 freephone", "10 or 11"),
        },
        [b'0', b'8', b'0', b'8', ..] => match n {
            11 => Valid,
            _ => wrong_length("0808 freephone", "11"),
        },
        [b'0', b'3', ..] => match n {
            11 => Valid,
            _ => wrong_length("03", "11"),
        },
        [b'0', b'1', ..] | [b'0', b'2', ..] => match n {
            11 => Valid,
            10 => Unusual("ten-digit geographic numbers exist only in a few areas: check it".into()),
            _ => wrong_length("geographic (01 and 02)", "11"),
        },
        [b'0', b'7', b'0', ..] | [b'0', b'7', b'6', ..] => match n {
            11 => Unusual("070 and 076 numbers are personal or pager numbers, often charged".into()),
            _ => wrong_length("07", "11"),
        },
        [b'0', b'7', ..] => match n {
            11 => Valid,
            _ => wrong_length("mobile (07)", "11"),
        },
        [b'0', b'8', ..] | [b'0', b'5', ..] => match n {
            11 => Unusual("this is a charged or corporate number: say what calls cost".into()),
            _ => wrong_length("08 and 05", "11"),
        },
        [b'0', b'9', ..] => match n {
            11 => Unusual("09 numbers are premium rate: callers may pay a lot".into()),
            _ => wrong_length("09", "11"),
        },
        _ => Invalid(format!("{printed} is not a UK phone number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gb(n: &str) -> PhoneCheck {
        check(n, "GB")
    }

    #[test]
    fn the_shipped_numbers_are_valid() {
        for n in [
            "0800 1111",
            "0808 800 5000",
            "0344 381 4772",
            "999",
            "101",
            "111",
            "112",
            "116 123",
        ] {
            assert_eq!(gb(n), PhoneCheck::Valid, "{n}");
        }
        assert_eq!(gb("01632 960123"), PhoneCheck::Valid);
        assert_eq!(gb("07700 900123"), PhoneCheck::Valid);
        assert_eq!(gb("+44 (0)20 7946 0958"), PhoneCheck::Valid);
        assert_eq!(gb("+44 20 7946 0958"), PhoneCheck::Valid);
    }

    #[test]
    fn a_dropped_or_extra_digit_is_an_error() {
        for n in [
            "0800 111",
            "0808 800 500",
            "0344 381 477",
            "0344 381 47722",
            "01632 9601",
            "07700 90012",
            "99",
            "1011",
        ] {
            assert!(
                matches!(gb(n), PhoneCheck::Invalid(_)),
                "{n} should be invalid"
            );
        }
    }

    #[test]
    fn issue_12_extensions_are_accepted_and_only_the_number_is_checked() {
        for n in [
            "01632 960123 ext 4",
            "01632 960123 ext. 4",
            "01632 960123 Ext: 12",
            "01632 960123 extn 4",
            "01632 960123 extension 204",
            "01632 960123 x4",
            "01632 960123 X 4",
            "01632 960123x4",
            "+44 (0)20 7946 0958 ext 3",
        ] {
            assert_eq!(gb(n), PhoneCheck::Valid, "{n}");
        }
        assert_eq!(
            split_extension("01632 960123 ext. 4"),
            Ok(("01632 960123", Some("4")))
        );
        assert_eq!(split_extension("0800 1111"), Ok(("0800 1111", None)));
        // The number before the extension is still checked.
        assert!(matches!(gb("01632 9601 ext 4"), PhoneCheck::Invalid(_)));
        // An extension word with no digits, or letters, is an error.
        for n in [
            "01632 960123 ext",
            "01632 960123 ext four",
            "01632 960123 x4a",
        ] {
            assert!(matches!(gb(n), PhoneCheck::Invalid(_)), "{n}");
        }
    }

    #[test]
    fn uk_text_numbers_may_be_five_digit_short_codes() {
        assert_eq!(check_sms("85258", "GB"), PhoneCheck::Valid);
        assert_eq!(check_sms("07700 900123", "GB"), PhoneCheck::Valid);
        // Not a short code, and a phone number of the wrong length.
        assert!(matches!(check_sms("8525", "GB"), PhoneCheck::Invalid(_)));
        assert!(matches!(check_sms("95258", "GB"), PhoneCheck::Invalid(_)));
        // A phone number is still checked as one.
        assert!(matches!(check("85258", "GB"), PhoneCheck::Invalid(_)));
    }

    #[test]
    fn letters_are_an_error() {
        assert!(matches!(gb("0800 11l1"), PhoneCheck::Invalid(_)));
    }

    #[test]
    fn unusual_shapes_warn() {
        assert!(matches!(gb("0800 1234"), PhoneCheck::Unusual(_)));
        assert!(matches!(gb("0845 123 4567"), PhoneCheck::Unusual(_)));
        assert!(matches!(gb("0909 123 4567"), PhoneCheck::Unusual(_)));
        assert!(matches!(gb("105"), PhoneCheck::Unusual(_)));
    }

    #[test]
    fn other_regions_check_only_the_digit_count() {
        assert_eq!(check("1800 66 66 66", "IE"), PhoneCheck::Valid);
        assert_eq!(check("1-800-843-5678", "US"), PhoneCheck::Valid);
        assert_eq!(check("000", "AU"), PhoneCheck::Valid);
        assert!(matches!(check("12", "AU"), PhoneCheck::Invalid(_)));
        // The UK rules are the UK's only: Cyprus has its own plan.
        assert_eq!(check("0800 111", "CY"), PhoneCheck::Valid);
        assert!(matches!(check("0800 111", "gb"), PhoneCheck::Invalid(_)));
    }
}
