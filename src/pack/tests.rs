//! Tests of a pack read with its translations: [`super::load`] and
//! [`super::translate`] together.

use std::path::Path;

use super::load::from_sources;
use super::translate::{with_translations, TranslatedAudience};
use super::Pack;
use crate::diagnostics::Report;
use crate::labels::Locale;

/// A pack read from text: `pack.toml`, one audience `parents`, and a
/// translation of both into each `(tag, words, audience)`.
fn pack_with(pack: &str, audience: &str, translations: &[(&str, &str, &str)]) -> (Pack, Report) {
    let mut r = Report::new();
    let p = r.add_file(Path::new("pack.toml"), pack.to_string());
    let a = r.add_file(Path::new("audiences/parents.toml"), audience.to_string());
    let own = from_sources(Path::new("."), Some(p), &[("parents".into(), a)], &mut r)
        .expect("the pack parses");
    let mut files = Vec::new();
    let mut audiences = Vec::new();
    for (tag, words, text) in translations {
        files.push((
            tag.to_string(),
            r.add_file(
                Path::new(&format!("translations/{tag}.toml")),
                words.to_string(),
            ),
        ));
        audiences.push(TranslatedAudience {
            id: "parents".into(),
            language: tag.to_string(),
            file: r.add_file(
                Path::new(&format!("audiences/parents.{tag}.toml")),
                text.to_string(),
            ),
        });
    }
    let pack = with_translations(own, &files, &audiences, &mut r);
    (pack, r)
}

const AUDIENCE: &str = "[audience]\nname = \"P\"\nheadline = \"H\"\nkey_points = [\"a\", \"b\", \"c\"]\n[[sections]]\nkind = \"note\"\nheading = \"x\"\nbody = \"y\"\n";

#[test]
fn a_translation_is_the_pack_in_its_language_with_the_packs_region() {
    let pack = "[pack]\nid = \"p\"\ntitle = \"Title\"\nlocale = \"en-US\"\nreviewed = 2026-01-01\n[[helplines]]\nid = \"line\"\nname = \"Line\"\nphone = \"911\"\nfor = \"Everyone\"\n";
    let words = "[pack]\ntitle = \"Titulo\"\n[helplines.line]\nfor = \"Todos\"\n";
    let (pack, r) = pack_with(pack, AUDIENCE, &[("es", words, AUDIENCE)]);
    assert!(!r.has_errors(), "{:?}", r.diagnostics());
    let langs: Vec<String> = pack.languages().iter().map(Locale::to_string).collect();
    assert_eq!(langs, ["en-US", "es"]);
    let es = Locale::parse("es").unwrap();
    let view = pack.in_language(&es).expect("the Spanish view");
    assert_eq!(view.locale(), "es");
    // The numbers are American in every language, and so is the paper.
    assert_eq!(view.region(), "US");
    assert_eq!(view.spec.pack.title.get_ref(), "Titulo");
    assert_eq!(view.spec.helplines[0].for_whom.get_ref(), "Todos");
    assert_eq!(view.spec.helplines[0].name.get_ref(), "Line");
    assert_eq!(view.spec.helplines[0].phone(), Some("911"));
    assert!(pack.in_language(&Locale::parse("cy").unwrap()).is_none());
}

#[test]
fn a_language_is_found_by_its_tag_or_its_first_part_when_that_is_one() {
    let pack = "[pack]\nid = \"p\"\ntitle = \"T\"\nlocale = \"en-GB\"\nreviewed = 2026-01-01\n";
    let words = "[pack]\ntitle = \"T\"\n";
    let (pack, _) = pack_with(
        pack,
        AUDIENCE,
        &[
            ("cy", words, AUDIENCE),
            ("pt", words, AUDIENCE),
            ("pt-BR", words, AUDIENCE),
        ],
    );
    let find = |t: &str| {
        pack.find_language(&Locale::parse(t).unwrap())
            .map(|l| l.to_string())
    };
    assert_eq!(find("en").as_deref(), Some("en-GB"));
    assert_eq!(find("EN_gb").as_deref(), Some("en-GB"));
    assert_eq!(find("cy-GB").as_deref(), Some("cy"));
    assert_eq!(find("pt-BR").as_deref(), Some("pt-BR"));
    // Two Portuguese: `pt` is one of them by its very tag...
    assert_eq!(find("pt").as_deref(), Some("pt"));
    // ...and `pt-PT` is neither.
    assert_eq!(find("pt-PT"), None);
    assert_eq!(find("pl"), None);
}

#[test]
fn a_translation_in_the_packs_own_language_is_refused() {
    let pack = "[pack]\nid = \"p\"\ntitle = \"T\"\nlocale = \"cy\"\nreviewed = 2026-01-01\n";
    let words = "[pack]\ntitle = \"T\"\n";
    let (pack, r) = pack_with(pack, AUDIENCE, &[("CY", words, AUDIENCE)]);
    assert!(pack.translations().is_empty());
    let all: Vec<String> = r.diagnostics().iter().map(|d| r.short(d)).collect();
    assert!(
        all.iter()
            .any(|d| d.contains("this translation is in the pack's own language, Welsh")),
        "{all:?}"
    );
}
