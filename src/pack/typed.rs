//! From a checked pack and site to the typed model ([`crate::model`]):
//! the one place where their TOML (spans, optional blanks, text colours
//! and numbers) becomes the plain values formats read.

use super::model::{given, Text};
use super::site::Site;
use super::{phone, validate, Pack};
use crate::model;

/// Why a pack or site could not become the model: only ever something
/// `check` reports first, so a build that checked it never sees one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The pack's locale cannot be read.
    #[error("the pack's locale `{0}` cannot be read: run `packpress check` for what to write")]
    Locale(String),
    /// The reviewed date is not a plain date.
    #[error("the pack's `reviewed` is not a date such as 2026-11-22: run `packpress check`")]
    Reviewed,
}

/// Text as printed: trimmed.
fn text(t: &Text) -> String {
    t.get_ref().trim().to_string()
}

/// Optional text as printed: `None` when absent or blank.
fn opt(t: &Option<Text>) -> Option<String> {
    given(t).map(str::to_string)
}

/// A phone number as printed, with how it is dialled.
pub fn phone(printed: &str) -> model::Phone {
    let printed = printed.trim();
    let (number, extension) = phone::split_extension(printed).unwrap_or((printed, None));
    let number = number.trim();
    let mut digits = String::new();
    // A `(0)` after `+44` is not dialled.
    let number = if number.starts_with('+') {
        digits.push('+');
        number.replacen("(0)", "", 1)
    } else {
        number.to_string()
    };
    digits.extend(number.chars().filter(char::is_ascii_digit));
    model::Phone {
        printed: printed.to_string(),
        digits,
        extension: extension.map(|e| e.chars().filter(char::is_ascii_digit).collect()),
    }
}

impl Pack {
    /// The pack, in the language it is read in (its own, or a
    /// translation's view of it: see [`super::Translation::pack`]), as the
    /// typed model.
    pub fn model(&self) -> Result<model::Pack, ModelError> {
        let locale = self
            .language()
            .cloned()
            .ok_or_else(|| ModelError::Locale(self.locale().to_string()))?;
        let rtl = locale.direction() == crate::labels::locale::Direction::RightToLeft;
        let reviewed = self.reviewed().ok_or(ModelError::Reviewed)?;
        let [primary, accent, ink, paper] = validate::theme_colours(self);
        let p = &self.spec.pack;
        Ok(model::Pack {
            id: text(&p.id),
            title: text(&p.title),
            summary: opt(&p.summary),
            publisher: opt(&p.publisher),
            language: model::Language {
                locale,
                tag: self.locale().to_string(),
                rtl,
            },
            reviewed,
            url: opt(&p.url),
            sources: p
                .sources
                .iter()
                .map(|s| model::Source {
                    publisher: text(&s.publisher),
                    title: text(&s.title),
                    url: opt(&s.url),
                    audiences: s.audiences.as_ref().map(|l| l.iter().map(text).collect()),
                })
                .collect(),
            theme: model::Theme {
                primary,
                accent,
                ink,
                paper,
                script_families: self
                    .spec
                    .theme
                    .fonts
                    .as_ref()
                    .map(|f| f.chosen().into_iter().map(|(_, n)| text(n)).collect())
                    .unwrap_or_default(),
            },
            labels: self.labels(),
            helplines: self
                .spec
                .helplines
                .iter()
                .map(|h| model::Helpline {
                    id: text(&h.id),
                    name: text(&h.name),
                    for_whom: text(&h.for_whom),
                    short: opt(&h.short),
                    phone: h.phone().map(phone),
                    sms: h.sms().map(phone),
                    url: opt(&h.url),
                    email: opt(&h.email),
                    hours: opt(&h.hours),
                    cost: opt(&h.cost),
                    audiences: h.audiences.as_ref().map(|l| l.iter().map(text).collect()),
                    emergency: h.emergency,
                })
                .collect(),
            audiences: self
                .audiences
                .iter()
                .map(|a| {
                    let m = &a.spec.audience;
                    model::Audience {
                        id: a.id.clone(),
                        place: self.position(&a.id),
                        name: text(&m.name),
                        headline: text(&m.headline),
                        strapline: opt(&m.strapline),
                        key_points: m.key_points.get_ref().iter().map(text).collect(),
                        call_to_action: opt(&m.call_to_action),
                        main_helpline: opt(&m.main_helpline),
                        sections: a
                            .spec
                            .sections
                            .iter()
                            .zip(&a.bodies)
                            .map(|(s, body)| model::Section {
                                kind: *s.kind.get_ref(),
                                heading: text(&s.heading),
                                body: body.clone(),
                                items: s
                                    .items
                                    .iter()
                                    .map(|i| model::Step {
                                        title: text(&i.title),
                                        text: text(&i.text),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
    }
}

impl Site {
    /// The site as the typed model.
    pub fn model(&self) -> model::Site {
        model::Site {
            id: self.id.clone(),
            name: self.name().to_string(),
            colour: self.colour(),
            logo: self.logo.clone(),
            contacts: self
                .spec
                .contacts
                .iter()
                .map(|c| model::Contact {
                    role: text(&c.role),
                    roles: c
                        .roles
                        .iter()
                        .map(|(tag, role)| (tag.clone(), text(role)))
                        .collect(),
                    name: text(&c.name),
                    phone: given(&c.phone).map(phone),
                    email: opt(&c.email),
                    note: opt(&c.note),
                    on_cards: c.on_cards(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_number_is_dialled_by_its_digits() {
        let p = phone(" 0808 800 5000 ");
        assert_eq!(p.printed, "0808 800 5000");
        assert_eq!(p.tel(), "tel:08088005000");
        let p = phone("+44 (0)1632 960123 ext 4");
        assert_eq!(p.tel(), "tel:+441632960123;ext=4");
        assert_eq!(phone("85258").sms(), "sms:85258");
    }
}
