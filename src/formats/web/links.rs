//! Links on the web page: phone numbers, text numbers, emails and web
//! addresses as people use them on a phone.

use std::fmt::Write as _;

use super::super::parts::display_url;
use crate::escape::html as esc;
use crate::labels::Labels;
use crate::model::Phone;

/// A phone number as a `tel:` link, shown as written (see
/// [`Phone::tel`]).
pub fn tel_link(phone: &Phone) -> String {
    format!("<a href=\"{}\">{}</a>", esc(&phone.tel()), esc(phone))
}

/// A text (SMS) number: "Text 85258", the number an `sms:` link.
pub fn sms_link(labels: &Labels, phone: &Phone) -> String {
    format!(
        "{} <a href=\"{}\">{}</a>",
        esc(labels.text.trim()),
        esc(&phone.sms()),
        esc(phone)
    )
}

/// An email address as a `mailto:` link.
pub fn mail_link(email: &str) -> String {
    let email = email.trim();
    format!(
        "<a href=\"mailto:{}\">{}</a>",
        esc(&percent(email, b"@.-_+~!$'*")),
        esc(email)
    )
}

/// A web address as a link, shown as people type it: `https://` is added
/// where the pack leaves it out. An address with another scheme is shown,
/// not linked: a page for parents links only to the web.
pub fn web_link(url: &str) -> String {
    let shown = esc(&display_url(url));
    match web_href(url) {
        Some(href) => format!("<a href=\"{}\">{shown}</a>", esc(&href)),
        None => shown,
    }
}

/// The link of a web address, `https://` added where it has no scheme;
/// `None` for another scheme (`javascript:`, `file:`).
pub fn web_href(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let href = if lower.starts_with("https://") || lower.starts_with("http://") {
        u.to_string()
    } else {
        // A scheme is letters before a colon that comes before any `/`:
        // `mailto:`, `javascript:`. A host and port (`example.org:8080`)
        // has a digit after its colon.
        let before_slash = u.split('/').next().unwrap_or("");
        if let Some((scheme, rest)) = before_slash.split_once(':') {
            let port = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
            if !port && scheme.bytes().all(|b| b.is_ascii_alphabetic()) {
                return None;
            }
        }
        format!("https://{u}")
    };
    Some(percent(&href, b":/?#[]@!$&'()*+,;=-._~%"))
}

/// Percent-encodes every byte that is not an ASCII letter or digit or in
/// `keep`: spaces, quotes, non-ASCII letters.
fn percent(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
