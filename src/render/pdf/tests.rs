//! The writer on hand-built documents, read back with lopdf (and the walk
//! of content and structure that tests/tagged.rs uses on real outputs).

use std::sync::Arc;

use super::render;
use super::tagged_walk::{walk, Element};
use crate::colour::Colour;
use crate::date::Date;
use crate::layout::{
    Document, Duplex, Item, Metadata, NodeId, Page, Path, Role, Shape, Structure, TextStyle,
    Typesetter,
};
use crate::text::{FontSet, Shaper, Weight};
use crate::units::{Point, Pt, Rect, Size};

fn meta() -> Metadata {
    Metadata {
        title: "Safe chats: a test".into(),
        author: "packpress tests".into(),
        subject: "Poster for testers (standard)".into(),
        keywords: vec!["test".into()],
        language: "en-GB".into(),
        date: Date {
            year: 2026,
            month: 11,
            day: 22,
        },
        duplex: Duplex::Unset,
    }
}

/// Builds pages of text and shapes with a typesetter over the built-in
/// family.
struct Builder {
    family: Arc<FontSet>,
    structure: Structure,
    pages: Vec<Page>,
}

impl Builder {
    fn new(pages: usize) -> Builder {
        let size = Size::new(Pt(300.0), Pt(400.0));
        Builder {
            family: FontSet::builtin(),
            structure: Structure::new(),
            pages: (0..pages)
                .map(|_| Page::new(size, Pt::ZERO, Pt::ZERO))
                .collect(),
        }
    }

    fn node(&mut self, parent: NodeId, role: Role) -> NodeId {
        self.structure.add(parent, role)
    }

    /// Sets `text` at `y` on `page`, inside `node`'s tag when given.
    fn text(&mut self, page: usize, node: Option<NodeId>, text: &str, y: f32) {
        let shaper = Shaper::new(&self.family).unwrap();
        let ts = Typesetter::new(shaper);
        let style = TextStyle::new(crate::style::TypeRole::Body, Pt(12.0), 1.2, Colour::BLACK);
        let block = ts.with(Default::default(), &Default::default()).text(
            text,
            Weight::Regular,
            &style,
            Pt(250.0),
        );
        let items = block.into_frame().items;
        let p = &mut self.pages[page];
        if let Some(n) = node {
            p.items.push(Item::BeginTag(n));
        }
        p.place(Point::new(Pt(20.0), Pt(y)), items);
        if node.is_some() {
            p.items.push(Item::EndTag);
        }
    }

    fn shape(&mut self, page: usize, node: Option<NodeId>, shape: Shape) {
        let p = &mut self.pages[page];
        if let Some(n) = node {
            p.items.push(Item::BeginTag(n));
        }
        p.items.push(Item::Shape(shape));
        if node.is_some() {
            p.items.push(Item::EndTag);
        }
    }

    fn finish(self, meta: Metadata) -> Document {
        Document {
            meta,
            fonts: self.family,
            pages: self.pages,
            notes: Vec::new(),
            remarks: Vec::new(),
            structure: self.structure,
        }
    }
}

fn band() -> Shape {
    Shape::filled(
        Path::rect(Rect::new(Pt(0.0), Pt(0.0), Pt(300.0), Pt(30.0))),
        Colour::rgb(31, 78, 121),
    )
}

fn crop_mark() -> Shape {
    Shape::stroked(
        Path::line(
            Point::new(Pt(0.0), Pt(395.0)),
            Point::new(Pt(10.0), Pt(395.0)),
        ),
        Colour::BLACK,
        Pt(0.25),
    )
}

/// A heading, a paragraph, a two-item list, a figure, a paragraph that
/// runs onto a second page, decoration on both pages, and a section with
/// nothing in it.
fn sample() -> Document {
    let mut b = Builder::new(2);
    let root = Structure::ROOT;
    let h1 = b.node(root, Role::H1);
    let p = b.node(root, Role::P);
    let list = b.node(root, Role::L);
    let mut items = Vec::new();
    for _ in 0..2 {
        let li = b.node(list, Role::LI);
        items.push((b.node(li, Role::Lbl), b.node(li, Role::LBody)));
    }
    let figure = b.node(root, Role::Figure);
    b.structure.nodes[figure as usize].alt = Some("QR code: example.org".into());
    let split = b.node(root, Role::P);
    let empty = b.node(root, Role::Sect);
    let _nothing = b.node(empty, Role::P);

    b.shape(0, None, band());
    b.text(0, Some(h1), "Private chats can still be safe", 40.0);
    b.text(0, Some(p), "Encrypted apps keep messages private.", 80.0);
    for (k, (lbl, body)) in items.into_iter().enumerate() {
        let y = 110.0 + 20.0 * k as f32;
        b.text(0, Some(lbl), &format!("{}", k + 1), y);
        b.text(0, Some(body), "Talk little and often.", y + 5.0);
    }
    let qr = Shape::filled(
        Path::rect(Rect::new(Pt(20.0), Pt(200.0), Pt(40.0), Pt(40.0))),
        Colour::BLACK,
    );
    b.shape(0, Some(figure), qr);
    b.text(0, Some(split), "The first half of a paragraph", 300.0);
    b.shape(0, None, crop_mark());
    b.text(1, Some(split), "and its second half, overleaf.", 40.0);
    b.text(1, None, "2", 380.0);
    b.shape(1, None, crop_mark());
    b.finish(meta())
}

fn roles(elements: &[Element]) -> Vec<(usize, &str)> {
    elements
        .iter()
        .map(|e| (e.depth, e.role.as_str()))
        .collect()
}

fn catalog(bytes: &[u8]) -> (lopdf::Document, lopdf::Dictionary) {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let cat = doc.catalog().expect("a catalog").clone();
    (doc, cat)
}

fn xmp(doc: &lopdf::Document, cat: &lopdf::Dictionary) -> String {
    let id = cat.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    String::from_utf8(stream.content.clone()).unwrap()
}

#[test]
fn a_tagged_document_has_its_tree_in_node_order_and_nothing_unmarked() {
    let bytes = render(&sample()).unwrap();
    let w = walk(&bytes);
    assert!(w.problems.is_empty(), "{:#?}", w.problems);
    assert!(w.tagged);
    assert_eq!(
        roles(&w.elements),
        vec![
            (0, "Document"),
            (1, "H1"),
            (1, "P"),
            (1, "L"),
            (2, "LI"),
            (3, "Lbl"),
            (3, "LBody"),
            (2, "LI"),
            (3, "Lbl"),
            (3, "LBody"),
            (1, "Figure"),
            (1, "P"),
        ],
        "the empty section is left out"
    );
    let figure = w.elements.iter().find(|e| e.role == "Figure").unwrap();
    assert_eq!(figure.alt.as_deref(), Some("QR code: example.org"));
    // The split paragraph: one sequence on each page, in order.
    let split = w.elements.last().unwrap();
    assert_eq!(split.content.len(), 2);
    assert_eq!(split.content[0].0, 0);
    assert_eq!(split.content[1], (1, 0));
    // The band, the crop marks and the page number are artifacts.
    assert!(w.artifact_paints >= 4, "{}", w.artifact_paints);
    // Page 1 marks nine runs of content: heading, paragraph, two labels
    // and bodies, the figure and half the split paragraph.
    assert_eq!(w.marked[0].len(), 8);
    assert_eq!(w.marked[0][0].0, "H1");
    assert_eq!(w.marked[0][6], ("Figure".to_string(), 6));
}

#[test]
fn a_tagged_document_says_so_in_its_catalog_and_xmp() {
    let bytes = render(&sample()).unwrap();
    let (doc, cat) = catalog(&bytes);
    let get = |d: &lopdf::Dictionary, k: &[u8]| -> lopdf::Object {
        let o = d
            .get(k)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(k)));
        doc.dereference(o).unwrap().1.clone()
    };
    let mark_info = get(&cat, b"MarkInfo");
    assert!(mark_info
        .as_dict()
        .unwrap()
        .get(b"Marked")
        .unwrap()
        .as_bool()
        .unwrap());
    assert_eq!(get(&cat, b"Lang").as_str().unwrap(), b"en-GB");
    let prefs = get(&cat, b"ViewerPreferences");
    let prefs = prefs.as_dict().unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert_eq!(
        prefs.get(b"PrintScaling").unwrap().as_name().unwrap(),
        b"None"
    );
    assert!(
        prefs.get(b"Duplex").is_err(),
        "no duplex unless the format says"
    );
    let x = xmp(&doc, &cat);
    assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"), "{x}");
    assert!(x.contains(">Safe chats: a test</rdf:li>"), "{x}");
    assert!(x.contains("2026-11-22T00:00:00+00:00"), "{x}");
}

#[test]
fn an_untagged_document_is_all_artifact_and_claims_no_pdf_ua() {
    let mut b = Builder::new(1);
    b.shape(0, None, band());
    b.text(0, None, "Nothing here is tagged.", 60.0);
    let bytes = render(&b.finish(meta())).unwrap();
    let w = walk(&bytes);
    assert!(w.problems.is_empty(), "{:#?}", w.problems);
    assert!(!w.tagged);
    assert!(w.artifact_paints >= 2);
    let (doc, cat) = catalog(&bytes);
    assert!(cat.get(b"StructTreeRoot").is_err());
    assert!(cat.get(b"MarkInfo").is_err());
    assert!(!xmp(&doc, &cat).contains("pdfuaid"));
}

#[test]
fn the_tree_follows_the_nodes_not_the_painting_order() {
    // A leaflet paints the back panel before the cover; the cover reads
    // first.
    let mut b = Builder::new(1);
    let cover = b.node(Structure::ROOT, Role::H1);
    let back = b.node(Structure::ROOT, Role::P);
    b.text(0, Some(back), "Back panel", 200.0);
    b.text(0, Some(cover), "Cover", 40.0);
    let w = walk(&render(&b.finish(meta())).unwrap());
    assert!(w.problems.is_empty(), "{:#?}", w.problems);
    assert_eq!(
        roles(&w.elements),
        vec![(0, "Document"), (1, "H1"), (1, "P")]
    );
    assert_eq!(w.elements[1].content, vec![(0, 1)]);
    assert_eq!(w.elements[2].content, vec![(0, 0)]);
}

#[test]
fn a_node_in_another_language_carries_its_lang() {
    let mut b = Builder::new(1);
    let p = b.node(Structure::ROOT, Role::P);
    b.structure.nodes[p as usize].lang = Some("cy".into());
    b.text(0, Some(p), "Sgyrsiau preifat", 40.0);
    let w = walk(&render(&b.finish(meta())).unwrap());
    assert!(w.problems.is_empty(), "{:#?}", w.problems);
    assert_eq!(w.elements[1].lang.as_deref(), Some("cy"));
}

#[test]
fn duplex_is_written_as_the_format_asks() {
    for (duplex, name) in [
        (Duplex::Simplex, &b"Simplex"[..]),
        (Duplex::FlipShortEdge, b"DuplexFlipShortEdge"),
        (Duplex::FlipLongEdge, b"DuplexFlipLongEdge"),
    ] {
        let mut b = Builder::new(1);
        b.text(0, None, "x", 40.0);
        let bytes = render(&b.finish(Metadata { duplex, ..meta() })).unwrap();
        let (doc, cat) = catalog(&bytes);
        let prefs = doc
            .dereference(cat.get(b"ViewerPreferences").unwrap())
            .unwrap()
            .1
            .as_dict()
            .unwrap()
            .clone();
        assert_eq!(prefs.get(b"Duplex").unwrap().as_name().unwrap(), name);
    }
}

#[test]
fn the_same_document_gives_the_same_bytes_and_another_a_different_id() {
    let a = render(&sample()).unwrap();
    let b = render(&sample()).unwrap();
    assert_eq!(a, b);
    let mut other = Builder::new(1);
    other.text(0, None, "Something else", 40.0);
    let c = render(&other.finish(meta())).unwrap();
    let id = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        format!("{:?}", doc.trailer.get(b"ID").unwrap())
    };
    assert_ne!(id(&a), id(&c));
}

#[test]
fn a_logo_with_transparency_is_deflated_with_its_own_soft_mask() {
    let mut b = Builder::new(1);
    let fig = b.node(Structure::ROOT, Role::Figure);
    b.structure.nodes[fig as usize].alt = Some("Hillside Academy logo".into());
    let rgba: Vec<u8> = (0..16 * 8)
        .flat_map(|i| [200, 30, (i % 255) as u8, if i % 2 == 0 { 255 } else { 0 }])
        .collect();
    let image = Arc::new(crate::images::Image {
        id: "test-logo".into(),
        width: 16,
        height: 8,
        rgba,
        opaque: false,
    });
    let page = &mut b.pages[0];
    page.items.push(Item::BeginTag(fig));
    page.items.push(Item::Image(crate::layout::Picture {
        rect: Rect::new(Pt(10.0), Pt(10.0), Pt(64.0), Pt(32.0)),
        image,
    }));
    page.items.push(Item::EndTag);
    let bytes = render(&b.finish(meta())).unwrap();
    assert!(walk(&bytes).problems.is_empty());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image"))
        .collect();
    assert_eq!(images.len(), 2, "the image and its mask");
    for s in &images {
        assert_eq!(
            s.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"FlateDecode"
        );
    }
    let rgb = images
        .iter()
        .find(|s| s.dict.get(b"SMask").is_ok())
        .expect("the colour image names its soft mask");
    assert_eq!(
        rgb.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceRGB"
    );
}

#[test]
fn the_walk_finds_paint_outside_marked_content_and_an_orphan_mcid() {
    // The same file with its page's content replaced: a rectangle painted
    // bare, and an MCID the tree does not name.
    let bytes = render(&sample()).unwrap();
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let page = *doc.get_pages().get(&2).unwrap();
    let content = doc.get_page_contents(page)[0];
    let raw = b"0 0 10 10 re f\n/P <</MCID 7>> BDC 0 0 5 5 re f EMC\n".to_vec();
    doc.objects.insert(
        content,
        lopdf::Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), raw)),
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    let w = walk(&out);
    let all = w.problems.join("\n");
    assert!(all.contains("page 2: `f` paints outside"), "{all}");
    assert!(all.contains("page 2: /P MCID 7 is not reached"), "{all}");
    assert!(all.contains("page 2: the tree names MCID 0"), "{all}");
}

#[test]
fn every_note_has_an_id_unique_in_the_document_and_in_the_id_tree() {
    // ISO 14289-1, 7.9: a Note needs an /ID. The reviewed date and the
    // sources are Notes; a page may have both.
    let mut b = Builder::new(2);
    let p = b.node(Structure::ROOT, Role::P);
    let notes: Vec<NodeId> = (0..11)
        .map(|_| b.node(Structure::ROOT, Role::Note))
        .collect();
    b.text(0, Some(p), "Keep evidence safely.", 40.0);
    for (k, note) in notes.iter().enumerate() {
        b.text(
            k % 2,
            Some(*note),
            "Reviewed 22 November 2026",
            60.0 + 20.0 * k as f32,
        );
    }
    let bytes = render(&b.finish(meta())).unwrap();
    let w = walk(&bytes);
    assert!(w.problems.is_empty(), "{:#?}", w.problems);
    let ids: Vec<&str> = w
        .elements
        .iter()
        .filter(|e| e.role == "Note")
        .map(|e| e.id.as_deref().expect("a Note with its /ID"))
        .collect();
    assert_eq!(ids.len(), 11);
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(
        w.elements
            .iter()
            .filter(|e| e.role != "Note")
            .all(|e| e.id.is_none()),
        "only Notes need one"
    );
}

#[test]
fn a_position_that_is_not_a_number_is_refused_not_written() {
    for bad in [f32::NAN, f32::INFINITY] {
        let mut b = Builder::new(2);
        b.text(0, None, "Fine", 40.0);
        b.shape(
            1,
            None,
            Shape::filled(
                Path::rect(Rect::new(Pt(0.0), Pt(bad), Pt(10.0), Pt(10.0))),
                Colour::BLACK,
            ),
        );
        match render(&b.finish(meta())) {
            Err(super::RenderError::Number { page }) => assert_eq!(page, 2),
            other => panic!("{:?}", other.map(|b| b.len())),
        }
    }
}

#[test]
fn a_language_that_is_not_a_tag_is_refused_not_written_into_the_xmp() {
    for language in ["", "en GB", "en\"><x:y"] {
        let mut b = Builder::new(1);
        b.text(0, None, "x", 40.0);
        let doc = b.finish(Metadata {
            language: language.into(),
            ..meta()
        });
        assert!(
            matches!(render(&doc), Err(super::RenderError::Language(_))),
            "{language:?}"
        );
    }
}

#[test]
fn metadata_with_characters_xml_cannot_hold_still_gives_well_formed_xmp() {
    let mut b = Builder::new(1);
    b.text(0, None, "x", 40.0);
    let doc = b.finish(Metadata {
        title: "Safe <chats> & \"more\"\u{1}".into(),
        ..meta()
    });
    let bytes = render(&doc).unwrap();
    let (doc, cat) = catalog(&bytes);
    let x = xmp(&doc, &cat);
    roxmltree::Document::parse(&x).expect("well-formed XML");
    assert!(
        x.contains("Safe &lt;chats&gt; &amp; &quot;more&quot;<"),
        "{x}"
    );
}
