//! Helplines: each with a name, a way to reach it and a number that
//! dials from the pack's region.

use super::{check_id, require_text};
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::pack::model::Text;
use crate::pack::phone::{self, PhoneCheck};
use crate::pack::Pack;
use std::collections::HashSet;

pub(super) fn check_helplines(pack: &Pack, report: &mut Report) {
    let file = pack.file;
    let audience_ids: Vec<&str> = pack.audiences.iter().map(|a| a.id.as_str()).collect();
    let mut seen = HashSet::new();
    for h in &pack.spec.helplines {
        check_id(report, file, &h.id, "helpline id");
        if !seen.insert(h.id.get_ref().as_str()) {
            report.push(
                Diagnostic::error(format!(
                    "helpline id `{}` is used twice",
                    crate::escape::terminal(h.id.get_ref(), 60)
                ))
                .at(file, h.id.span())
                .help("give every helpline its own id"),
            );
        }
        require_text(report, file, &h.name, "helpline name");
        require_text(report, file, &h.for_whom, "helpline `for`");
        if h.phone().is_none() && h.sms().is_none() && h.url().is_none() && h.email().is_none() {
            report.push(
                Diagnostic::error(format!(
                    "helpline `{}` has no way to contact it",
                    h.id.get_ref()
                ))
                .at(file, h.id.span())
                .help("give at least one of phone, text, url or email"),
            );
        }
        if h.emergency && h.phone().is_none() {
            report.push(
                Diagnostic::error(format!(
                    "emergency line `{}` has no phone number",
                    h.id.get_ref()
                ))
                .at(file, h.id.span())
                .help("an emergency line is printed as a number to call: add phone = \"999\""),
            );
        }
        if let Some(t) = &h.phone {
            check_phone(report, file, t, "phone", &pack.region());
        }
        if let Some(t) = &h.text {
            check_number(report, file, t, "text", &pack.region(), phone::check_sms);
        }
        for a in h.audiences.iter().flatten() {
            if !audience_ids.contains(&a.get_ref().as_str()) {
                let help = match crate::suggest::closest(a.get_ref(), &audience_ids) {
                    Some(k) => format!(
                        "did you mean `{k}`? The audiences are: {}",
                        audience_ids.join(", ")
                    ),
                    None => format!("the audiences are: {}", audience_ids.join(", ")),
                };
                report.push(
                    Diagnostic::error(format!(
                        "helpline `{}` names an audience `{}` that does not exist",
                        h.id.get_ref(),
                        a.get_ref()
                    ))
                    .at(file, a.span())
                    .label("no audiences/ file has this name")
                    .help(help),
                );
            }
        }
    }
    check_duplicate_numbers(pack, report);
    for a in &pack.audiences {
        if pack.helplines_for(&a.id).next().is_none() {
            report.push(
                Diagnostic::warning(format!("no helpline is shown to the audience `{}`", a.id))
                    .in_file(a.file)
                    .help("add the audience to a helpline's `audiences`, or leave `audiences` out to show it to everyone"),
            );
        }
    }
}

/// Checks a printed phone number against the numbering plan of `region`
/// (the pack's, [`Pack::region`]), reporting at its place.
pub fn check_phone(report: &mut Report, file: FileId, t: &Text, field: &str, region: &str) {
    check_number(report, file, t, field, region, phone::check);
}

/// Checks a printed number with `rule` (a phone's or a text number's).
pub(super) fn check_number(
    report: &mut Report,
    file: FileId,
    t: &Text,
    field: &str,
    region: &str,
    rule: fn(&str, &str) -> PhoneCheck,
) {
    if t.get_ref().trim().is_empty() {
        return;
    }
    // A `packpress new` placeholder is reported as such where it is found
    // (pack files and site files are scanned for it): saying also that it
    // is not a phone number would report one thing twice.
    if t.get_ref().contains("PLACEHOLDER") {
        return;
    }
    match rule(t.get_ref(), region) {
        PhoneCheck::Valid => {}
        PhoneCheck::Unusual(why) => report.push(
            Diagnostic::warning(format!(
                "{field} number `{}` is unusual: {why}",
                crate::escape::terminal(t.get_ref(), 60)
            ))
            .at(file, t.span())
            .help("check the number against the service's own website before printing"),
        ),
        PhoneCheck::Invalid(why) => report.push(
            Diagnostic::error(format!(
                "{field} number `{}` cannot be right: {why}",
                crate::escape::terminal(t.get_ref(), 60)
            ))
            .at(file, t.span())
            .label("not a dialable number")
            .help("copy the number exactly from the service's own website"),
        ),
    }
}

/// Warns where two helplines give one number (a number copied into the
/// wrong helpline prints one service's number under another's name): at
/// the second, naming the first.
fn check_duplicate_numbers(pack: &Pack, report: &mut Report) {
    let mut seen: Vec<(String, &str, &Text)> = Vec::new();
    for h in &pack.spec.helplines {
        for t in [&h.phone, &h.text].into_iter().flatten() {
            let digits: String = t.get_ref().chars().filter(char::is_ascii_digit).collect();
            if digits.is_empty() || t.get_ref().contains("PLACEHOLDER") {
                continue;
            }
            let id = h.id.get_ref().as_str();
            match seen.iter().find(|(d, other, _)| *d == digits && *other != id) {
                Some((_, other, first)) => report.push(
                    Diagnostic::warning(format!(
                        "helplines `{other}` and `{id}` give the same number, {}: one number is used twice",
                        crate::escape::terminal(t.get_ref().trim(), 40)
                    ))
                    .at(pack.file, t.span())
                    .label(format!("the number of `{other}` too"))
                    .also(pack.file, first.span(), format!("`{other}`'s number"))
                    .help("check each number against the service's own website: one of them is probably copied from the other"),
                ),
                None => seen.push((digits, id, t)),
            }
        }
    }
}
