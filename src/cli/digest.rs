//! What gave way in the outputs, said so that it can be read: one line per
//! kind of warning, with how many outputs it touched and which, the kind
//! that leaves words out first; every warning in full with `--explain`.
//!
//! Twenty schools' posters each set their spacing tighter: that is one
//! thing to know, not sixty lines, and the poster that gives its helplines
//! in brief must not be lost among them. The manifest and the contact
//! sheet keep each output's notes in full.

use std::collections::BTreeMap;

use packpress::build::About;
use packpress::english::{count, join_and};
use packpress::labels::Locale;

use super::output::warning;

/// One output's warning: the output, its site (none for the generic
/// outputs) and what it says.
pub struct Noted {
    /// What the output is.
    pub about: About,
    /// Its site's id, when it is a site's.
    pub site: Option<String>,
    /// The warning, as its format wrote it.
    pub note: String,
    /// Whether its pack has more than one language: messages then name
    /// the output's.
    pub many_languages: bool,
}

/// The kinds of warning, in the order they are said: the one that leaves
/// words out first.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// Helplines in brief or as a list, or the school's contacts by role,
    /// name and number: words a reader might need are left out.
    LeavesOut,
    /// A paragraph or list runs over a leaflet's fold.
    OverAFold,
    /// Sources in their short form.
    BriefSources,
    /// Only tighter spacing and smaller decoration: nothing left out.
    Tighter,
    /// Anything else, said in full.
    Other,
}

/// The kind of a warning, from the words the give-way rule
/// (`formats/fit.rs`) uses for each step: the most serious step it names.
fn kind(note: &str) -> Kind {
    if note.contains("helplines in brief")
        || note.contains("helplines without boxes")
        || note.contains("by role, name and number only")
    {
        Kind::LeavesOut
    } else if note.contains("over a fold") {
        Kind::OverAFold
    } else if note.contains("sources in brief") {
        Kind::BriefSources
    } else if note.contains("spacing tighter") || note.contains("smaller") {
        Kind::Tighter
    } else {
        Kind::Other
    }
}

/// What a kind did, after "N outputs".
fn said(kind: Kind) -> &'static str {
    match kind {
        Kind::LeavesOut => {
            "leave words out of their helplines or the school's contacts to fit (helplines in brief or as a list, contacts by role, name and number)"
        }
        Kind::OverAFold => "run a paragraph or a list over a fold of the leaflet",
        Kind::BriefSources => "list their sources in brief to fit",
        Kind::Tighter => {
            "set their spacing tighter or draw their decoration smaller to keep the style's type sizes (nothing is left out)"
        }
        Kind::Other => "",
    }
}

/// The language of an output for a message, where its pack has more than
/// one: "Welsh", or "Welsh and English" for a bilingual edition.
pub fn language_of(about: &About) -> String {
    let names: Vec<String> = about
        .languages
        .iter()
        .map(|tag| {
            Locale::parse(tag)
                .ok()
                .and_then(|l| l.language_name())
                .map_or_else(|| format!("`{tag}`"), str::to_string)
        })
        .collect();
    join_and(&names)
}

/// What goes before a message about one output: its site, and its
/// language when its pack has more than one ("site `ysgol`, in Welsh: ").
pub fn prefix(site: Option<&str>, about: &About, many_languages: bool) -> String {
    let language = (many_languages && !about.languages.is_empty())
        .then(|| format!("in {}", language_of(about)));
    let site = site.map(|s| format!("site `{s}`"));
    let parts: Vec<String> = site.into_iter().chain(language).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}: ", parts.join(", "))
    }
}

/// An output as a digest names it, without its site: "the poster on a4
/// for `parents`", with its style and (where it has several) language.
fn describe(n: &Noted) -> String {
    let a = &n.about;
    let style = match a.style.name() {
        "standard" => String::new(),
        s => format!("{s} "),
    };
    let paper = a.paper.map(|p| format!(" on {p}")).unwrap_or_default();
    let language = if n.many_languages && !a.languages.is_empty() {
        format!(" in {}", language_of(a))
    } else {
        String::new()
    };
    format!(
        "the {style}{}{paper} for `{}`{language}",
        a.format.name(),
        a.audience
    )
}

/// How many outputs a digest line names before "and N more".
const NAMED: usize = 4;

/// Prints the warnings: in full with `explain` (or when a kind touched
/// one output only, where a digest would say less than the warning), else
/// one line per kind. Returns how many warnings there were.
pub fn print(noted: &[Noted], explain: bool) -> usize {
    let mut by_kind: BTreeMap<Kind, Vec<&Noted>> = BTreeMap::new();
    for n in noted {
        by_kind.entry(kind(&n.note)).or_default().push(n);
    }
    let full = |n: &Noted| {
        warning(&format!(
            "{}{}",
            prefix(n.site.as_deref(), &n.about, n.many_languages),
            n.note
        ));
    };
    for (kind, ns) in by_kind {
        if explain || kind == Kind::Other || ns.len() == 1 {
            ns.iter().for_each(|n| full(n));
            continue;
        }
        // The outputs touched, each (format, paper, style, audience,
        // language) once, with how many sites' copies of it.
        let mut outputs: BTreeMap<String, usize> = BTreeMap::new();
        for n in &ns {
            *outputs.entry(describe(n)).or_default() += 1;
        }
        let sites = ns.iter().filter(|n| n.site.is_some()).count();
        let mut named: Vec<String> = outputs
            .iter()
            .take(NAMED)
            .map(|(what, copies)| {
                if sites > 0 && *copies > 1 {
                    format!("{what} ({})", count(*copies, "site"))
                } else {
                    what.clone()
                }
            })
            .collect();
        if outputs.len() > NAMED {
            named.push(format!("{} more", outputs.len() - NAMED));
        }
        warning(&format!(
            "{} {}: {}; run with --explain for what each gave up",
            count(ns.len(), "output"),
            said(kind),
            join_and(&named)
        ));
    }
    noted.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_the_most_serious_step_named() {
        assert_eq!(
            kind("the poster on a4 for `professionals` sets its spacing tighter, draws its decoration smaller and gives its helplines in brief to keep everything at the style's type sizes"),
            Kind::LeavesOut
        );
        assert_eq!(
            kind("the poster on a4 for `parents` sets its spacing tighter and draws its decoration smaller to keep everything at the style's type sizes"),
            Kind::Tighter
        );
        assert_eq!(
            kind("the cards on a4 for `parents` give the school's contacts by role, name and number only to keep everything at the style's type sizes"),
            Kind::LeavesOut
        );
        assert_eq!(kind("something new"), Kind::Other);
    }
}
