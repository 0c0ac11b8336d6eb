//! The logical structure every format gives its Document (what a tagged PDF
//! and a screen reader follow), read in tree order from the layout itself:
//! the pack's order whatever the sheet's, every word of the content inside
//! a structure node, and one card's worth on a sheet of cards.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use packpress::build::{load_packs, LoadedPack};
use packpress::date::Date;
use packpress::diagnostics::Report;
use packpress::formats::{self, Context, Format, Paper};
use packpress::layout::{Document, Item, NodeId, Role, Typesetter};
use packpress::pack::site;
use packpress::style::ReadingStyle;
use packpress::text::Shaper;

fn shipped() -> Vec<LoadedPack> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("packs/e2ee");
    let mut report = Report::new();
    load_packs(&[dir], &mut report, Date::today()).expect("the shipped pack loads")
}

fn three_contacts() -> site::Site {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/three-contacts.toml");
    let mut report = Report::new();
    site::load(&file, &mut report).expect("the site loads")
}

/// Lays out one output.
fn lay_out(lp: &LoadedPack, audience: &str, format: Format, site: Option<&site::Site>) -> Document {
    let shaper = Shaper::new(&lp.fonts).expect("the font shapes");
    let ts = Typesetter::new(shaper);
    let pack = &lp.languages[0];
    let a = pack.audience(audience).expect("the audience");
    let site = site.map(site::Site::model);
    let ctx = Context::new(
        pack,
        a,
        Paper::A4,
        ReadingStyle::Standard,
        &ts,
        Arc::clone(&lp.fonts),
    )
    .with_site(site.as_ref());
    formats::make(&ctx, format).expect("it lays out")
}

/// The text of each node's content, and the text outside any node.
fn contents(doc: &Document) -> (HashMap<NodeId, String>, String) {
    let mut by_node: HashMap<NodeId, String> = HashMap::new();
    let mut outside = String::new();
    for page in &doc.pages {
        let mut open: Option<NodeId> = None;
        for item in &page.items {
            match item {
                Item::BeginTag(n) => open = Some(*n),
                Item::EndTag => open = None,
                Item::Text(run) => {
                    let into = match open {
                        Some(n) => by_node.entry(n).or_default(),
                        None => &mut outside,
                    };
                    into.push_str(&run.text);
                    into.push(' ');
                }
                _ => {}
            }
        }
    }
    (by_node, outside)
}

/// Everything tagged, in tree order, and the roles met on the way.
fn read_aloud(doc: &Document) -> (String, Vec<Role>) {
    let (by_node, _) = contents(doc);
    let mut text = String::new();
    let mut roles = Vec::new();
    fn walk(
        doc: &Document,
        n: NodeId,
        by: &HashMap<NodeId, String>,
        text: &mut String,
        roles: &mut Vec<Role>,
    ) {
        if let Some(t) = by.get(&n) {
            text.push_str(t);
            roles.push(doc.structure.nodes[n as usize].role);
        }
        for c in doc.structure.children(n) {
            walk(doc, c, by, text, roles);
        }
    }
    walk(doc, 0, &by_node, &mut text, &mut roles);
    (text.split_whitespace().collect::<Vec<_>>().join(" "), roles)
}

fn at(text: &str, what: &str) -> usize {
    text.find(what)
        .unwrap_or_else(|| panic!("{what:?} is not read: {text}"))
}

#[test]
fn every_format_reads_in_the_packs_order_not_the_sheets() {
    let packs = shipped();
    let lp = &packs[0];
    let site = three_contacts();
    for s in [None, Some(&site)] {
        for format in [
            Format::Poster,
            Format::Handout,
            Format::Leaflet,
            Format::Booklet,
        ] {
            let doc = lay_out(lp, "parents", format, s);
            let (text, roles) = read_aloud(&doc);
            let what = format!("{format} (site: {})", s.is_some());
            let headline = at(&text, "Private chats can still be safe chats");
            let help = at(&text, "Where to get help");
            assert!(headline < help, "{what}: the help before the headline");
            if format != Format::Poster {
                let first = at(&text, "What is end-to-end encryption?");
                let last = at(&text, "If you are worried");
                assert!(
                    headline < first && first < last && last < help,
                    "{what}: {text}"
                );
            }
            // The emergency line and the key points are read.
            at(&text, "In an emergency, call 999");
            at(&text, "Talk with your child little and often");
            assert!(roles.contains(&Role::H1), "{what}: no H1");
            assert!(roles.contains(&Role::LBody), "{what}: no list");
            if s.is_some() {
                let talk = at(&text, "Talk to us");
                assert!(
                    talk < help,
                    "{what}: the school's contacts after the national helplines"
                );
                at(&text, "Mrs Siân Prŷs-Jones");
                // The logo, an image, is inside a Figure node.
                let mut figure = false;
                for page in &doc.pages {
                    let mut open = None;
                    for item in &page.items {
                        match item {
                            Item::BeginTag(n) => open = Some(*n),
                            Item::EndTag => open = None,
                            Item::Image(_) => {
                                figure |= open.is_some_and(|n: NodeId| {
                                    doc.structure.nodes[n as usize].role == Role::Figure
                                })
                            }
                            _ => {}
                        }
                    }
                }
                assert!(figure, "{what}: the logo is not a figure");
                let alt = doc
                    .structure
                    .nodes
                    .iter()
                    .filter_map(|n| n.alt.clone())
                    .collect::<Vec<_>>();
                assert!(
                    alt.iter().any(|a| a == "Ysgol Uwchradd Tŷ Gwyn logo"),
                    "{what}: {alt:?}"
                );
            }
        }
    }
}

#[test]
fn content_is_tagged_and_only_repeats_and_furniture_are_not() {
    let packs = shipped();
    let lp = &packs[0];
    let site = three_contacts();
    for s in [None, Some(&site)] {
        for format in [
            Format::Poster,
            Format::Handout,
            Format::Leaflet,
            Format::Booklet,
        ] {
            let doc = lay_out(lp, "parents", format, s);
            let (_, outside) = contents(&doc);
            // What may be decoration: page numbers, the notes page's heading,
            // the reviewed date that a handout repeats on each page.
            let left: Vec<&str> = outside
                .split_whitespace()
                .filter(|w| w.parse::<u32>().is_err())
                .filter(|w| !["Notes", "Reviewed", "November", "2026", "Page", "of"].contains(w))
                .collect();
            assert!(
                left.is_empty(),
                "{format} (site: {}): untagged {left:?}",
                s.is_some()
            );
        }
    }
}

#[test]
fn a_sheet_of_cards_reads_as_one_card() {
    let packs = shipped();
    let lp = &packs[0];
    let doc = lay_out(lp, "parents", Format::Cards, None);
    let (text, _) = read_aloud(&doc);
    assert_eq!(text.matches("Keep this card").count(), 1, "{text}");
    assert_eq!(text.matches("Childline").count(), 1, "{text}");
    // Front first: the headline and main number, then the back.
    assert!(
        at(&text, "0808 800 5000") < at(&text, "Where to get help"),
        "{text}"
    );
    // The other nine are copies, never read.
    let (_, outside) = contents(&doc);
    assert_eq!(outside.matches("Keep this card").count(), 9);
}

/// A context may lay out its format again (a benchmark does, and so may a
/// later caller): each layout is a document of its own, with the same
/// structure, not the last one's nodes and more.
#[test]
fn laying_out_again_makes_the_same_structure() {
    let packs = shipped();
    let lp = &packs[0];
    let shaper = Shaper::new(&lp.fonts).expect("the font shapes");
    let ts = Typesetter::new(shaper);
    let pack = &lp.languages[0];
    let a = pack.audience("parents").expect("the audience");
    let ctx = Context::new(
        pack,
        a,
        Paper::A4,
        ReadingStyle::Standard,
        &ts,
        Arc::clone(&lp.fonts),
    );
    for format in [Format::Poster, Format::Leaflet, Format::Cards] {
        let first = formats::make(&ctx, format).expect("it lays out");
        let again = formats::make(&ctx, format).expect("it lays out");
        assert_eq!(
            first.structure.nodes,
            again.structure.nodes,
            "{}",
            format.name()
        );
    }
}
