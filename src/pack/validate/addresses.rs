//! Web addresses, email addresses and lengths: what is printed and made a
//! link or a QR code must be something a reader can use, and nothing a
//! message quotes may run to a megabyte.

use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::pack::model::Text;
use crate::pack::Pack;

/// The longest `url` of a pack, in bytes: the most a QR code holds (at
/// error correction level M, in byte mode) in version 13, 69 modules
/// across. Drawn 20 mm wide with its quiet zone (the smallest size any
/// output draws it), each module is then 0.26 mm, about the least a
/// phone's camera reads at arm's length; a longer address makes a denser
/// code that does not scan.
pub const QR_MAX_BYTES: usize = 331;

/// The schemes a web address may have. Anything else (`javascript:`,
/// `data:`, `file:`) is not somewhere a reader can go from a poster.
const SCHEMES: [&str; 2] = ["http", "https"];

/// Checks every web address of a pack: its own (printed and made a QR
/// code), its sources' and its helplines'.
pub(super) fn check_urls(pack: &Pack, report: &mut Report) {
    let file = pack.file;
    let meta = &pack.spec.pack;
    if let Some(url) = &meta.url {
        if check_url(report, file, url, "pack.url") {
            let len = url.get_ref().trim().len();
            if len > QR_MAX_BYTES {
                report.push(
                    Diagnostic::error(format!(
                        "pack.url is {len} characters long, too long for its QR code: a QR code drawn 20 mm wide holds at most {QR_MAX_BYTES} characters and still scans"
                    ))
                    .at(file, url.span())
                    .label(format!("{} …", crate::escape::terminal(url.get_ref().trim(), 40)))
                    .help(format!(
                        "give a shorter address for the pack (at most {QR_MAX_BYTES} characters): a page on the publisher's site, or a short link it controls"
                    )),
                );
            }
        }
    }
    for (i, source) in meta.sources.iter().enumerate() {
        if let Some(url) = &source.url {
            check_url(report, file, url, &format!("pack.sources[{i}].url"));
        }
    }
    for h in &pack.spec.helplines {
        let id = h.id.get_ref();
        if let Some(url) = &h.url {
            check_url(report, file, url, &format!("helplines.{id}.url"));
        }
        if let Some(email) = &h.email {
            check_email(report, file, email, &format!("helplines.{id}.email"));
        }
    }
}

/// Checks one web address: `http://` or `https://` and a host, or a bare
/// host (`childline.org.uk/remove`: `https://` is added where one is
/// needed); no spaces. True when it passes.
pub fn check_url(report: &mut Report, file: FileId, t: &Text, field: &str) -> bool {
    let url = t.get_ref().trim();
    // Text still to write from `packpress new` is reported as such where
    // it is found: saying also that it is not an address would say one
    // thing twice.
    if url.is_empty() || url.contains("TODO:") || url.contains("PLACEHOLDER") {
        return true;
    }
    let Some(why) = url_problem(url) else {
        return true;
    };
    report.push(
        Diagnostic::error(format!(
            "{field} `{}` is not a web address: {why}",
            crate::escape::terminal(url, 80)
        ))
        .at(file, t.span())
        .label("not a web address")
        .help("write the address as a browser shows it, starting https:// (or just the site, such as childline.org.uk): it is printed, and made a link and a QR code"),
    );
    false
}

/// Why `url` is not a web address a reader can go to, if it is not.
pub fn url_problem(url: &str) -> Option<String> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || crate::escape::hides(c))
    {
        return Some("it has a space or an invisible character in it".to_string());
    }
    // A scheme is letters (then letters, digits, `+`, `-`, `.`) before
    // the first `:`, if that comes before any `/`, `?` or `#`; a host
    // with a port (`example.org:8080`) has a dot and digits after.
    let head_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    let rest = match url[..head_end].split_once(':') {
        Some((scheme, after))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !(scheme.contains('.') && after.bytes().all(|b| b.is_ascii_digit())) =>
        {
            let lower = scheme.to_ascii_lowercase();
            if !SCHEMES.contains(&lower.as_str()) {
                return Some(format!(
                    "`{}:` addresses are not accepted, only http:// and https:// ones",
                    crate::escape::terminal(scheme, 20)
                ));
            }
            match url[scheme.len() + 1..].strip_prefix("//") {
                Some(rest) => rest,
                None => return Some(format!("`{lower}:` is not followed by //")),
            }
        }
        _ => url,
    };
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('@')
        .next()
        .unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let labels: Vec<&str> = host.split('.').collect();
    let good = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    (!good).then(|| {
        format!(
            "`{}` is not a site's name",
            crate::escape::terminal(host, 60)
        )
    })
}

/// Warns about an email address that cannot be one (it is printed and
/// made a `mailto:` link): one `@`, a name before it, and a domain with
/// a dot after it; no spaces.
pub fn check_email(report: &mut Report, file: FileId, t: &Text, field: &str) {
    let email = t.get_ref().trim();
    if email.is_empty() || email.contains("PLACEHOLDER") || email.contains("TODO:") {
        return;
    }
    let Some(why) = email_problem(email) else {
        return;
    };
    report.push(
        Diagnostic::warning(format!(
            "{field} `{}` cannot be an email address: {why}",
            crate::escape::terminal(email, 80)
        ))
        .at(file, t.span())
        .label("not an email address")
        .help("copy the address exactly from the service's own website: it is printed and made a link to write to"),
    );
}

/// Why `email` cannot be an email address, if it cannot.
pub fn email_problem(email: &str) -> Option<&'static str> {
    if email
        .chars()
        .any(|c| c.is_whitespace() || crate::escape::hides(c))
    {
        return Some("it has a space or an invisible character in it");
    }
    if email
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
    {
        return Some("write the address alone, without mailto: (the link is made from it)");
    }
    let mut parts = email.split('@');
    let (Some(name), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Some("an address has exactly one @");
    };
    if name.is_empty() || name.len() > 64 || name.starts_with('.') || name.ends_with('.') {
        return Some("the part before the @ is empty or malformed");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let good = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
    (!good).then_some("the part after the @ is not a domain, such as nspcc.org.uk")
}

/// Refuses text longer than `max` characters, quoting its start once.
/// True when it is short enough.
pub fn check_length(report: &mut Report, file: FileId, t: &Text, field: &str, max: usize) -> bool {
    let n = t.get_ref().chars().count();
    if n <= max {
        return true;
    }
    report.push(
        Diagnostic::error(format!(
            "{field} is {n} characters long; the longest it may be is {max}: \"{}\"",
            crate::escape::terminal(t.get_ref().trim(), 40)
        ))
        .at(file, t.span().start..t.span().start + 1)
        .label("this text is too long")
        .help(format!(
            "shorten it to {max} characters or fewer: it is printed on one line"
        )),
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_http_or_https_or_a_bare_site() {
        for ok in [
            "https://www.nspcc.org.uk/",
            "HTTPS://example.org/e2ee?from=poster#top",
            "http://example.org:8080/x",
            "childline.org.uk",
            "ceop.police.uk/safety-centre",
            "example.org:8080/x",
            "llyw.cymru",
            "bücher.de/x",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "data:text/html,<b>x</b>",
            "file:///etc/passwd",
            "mailto:help@nspcc.org.uk",
            "https:example.org",
            "https://",
            "https://localhost/",
            "example",
            "https://exa mple.org",
            "https://example.org/\u{202e}x",
        ] {
            assert!(url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn impossible_emails_are_found() {
        for ok in [
            "help@nspcc.org.uk",
            "safeguarding@hillside.example",
            "a.b+c@ysgol.cymru",
        ] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        for bad in [
            "help@@nspcc",
            "help",
            "@nspcc.org.uk",
            "help@nspcc",
            "help@nspcc.",
            "a b@x.org",
            "help@x.c",
            "mailto:help@nspcc.org.uk",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn the_longest_url_fits_a_version_13_qr_code_and_one_more_does_not() {
        let fits = "a".repeat(QR_MAX_BYTES);
        let code = qrcode::QrCode::with_error_correction_level(fits.as_bytes(), qrcode::EcLevel::M)
            .unwrap();
        assert_eq!(code.version(), qrcode::Version::Normal(13));
        let over = "a".repeat(QR_MAX_BYTES + 1);
        let code = qrcode::QrCode::with_error_correction_level(over.as_bytes(), qrcode::EcLevel::M)
            .unwrap();
        assert_eq!(code.version(), qrcode::Version::Normal(14));
        // 69 modules and a quiet zone of 4 on each side, 20 mm across.
        let module_mm = 20.0 / (69.0 + 8.0);
        assert!(module_mm > 0.25, "{module_mm}");
    }
}
