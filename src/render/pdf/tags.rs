//! Tagged PDF: which marked content on which page belongs to which
//! structure node (recorded while the content streams are written, in the
//! same pass), then the structure tree, the parent tree and the XMP
//! metadata that say so.

use super::object::{self, Dict, Pdf, Ref};
use crate::layout::{Document, NodeId, Role, Structure};

/// The structure type a role is written as.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Document => "Document",
        Role::Sect => "Sect",
        Role::H1 => "H1",
        Role::H2 => "H2",
        Role::P => "P",
        Role::L => "L",
        Role::LI => "LI",
        Role::Lbl => "Lbl",
        Role::LBody => "LBody",
        Role::Figure => "Figure",
        Role::Note => "Note",
    }
}

/// Marked content recorded page by page while the content is written.
pub struct Tagger<'a> {
    structure: &'a Structure,
    /// For each page, the node of each of its MCIDs (MCIDs count from 0 on
    /// every page).
    pages: Vec<Vec<NodeId>>,
    /// For each node, its marked content: (page, MCID) in content order.
    content: Vec<Vec<(u32, u32)>>,
}

impl<'a> Tagger<'a> {
    /// Nothing marked yet.
    pub fn new(structure: &'a Structure, pages: usize) -> Tagger<'a> {
        Tagger {
            structure,
            pages: vec![Vec::new(); pages],
            content: vec![Vec::new(); structure.nodes.len()],
        }
    }

    /// The role to mark `node`'s content with, if `node` is a node.
    pub fn role(&self, node: NodeId) -> Option<Role> {
        self.structure.nodes.get(node as usize).map(|n| n.role)
    }

    /// A new MCID on `page` for content of `node`.
    pub fn mark(&mut self, page: usize, node: NodeId) -> u32 {
        let mcids = &mut self.pages[page];
        let mcid = mcids.len() as u32;
        mcids.push(node);
        self.content[node as usize].push((page as u32, mcid));
        mcid
    }

    /// True if any content was tagged: the document has a structure tree.
    pub fn is_tagged(&self) -> bool {
        self.pages.iter().any(|p| !p.is_empty())
    }

    /// True if page `page` has tagged content (and so a /StructParents).
    pub fn page_is_tagged(&self, page: usize) -> bool {
        !self.pages[page].is_empty()
    }

    /// Writes the structure tree: the nodes in node order, each under its
    /// parent, a node with no content anywhere below it left out; each
    /// node's own content first, then its children. Returns the
    /// StructTreeRoot. Call only when [`Tagger::is_tagged`].
    pub fn write(&self, pdf: &mut Pdf, page_refs: &[Ref]) -> Ref {
        let nodes = &self.structure.nodes;
        let n = nodes.len();
        // A parent is always added before its children, so one pass from
        // the end marks every node with content below it. A node whose
        // parent is missing or later is read as the document's child.
        let parent = |i: usize| -> usize {
            match nodes[i].parent {
                Some(p) if (p as usize) < i => p as usize,
                _ => 0,
            }
        };
        let mut kept = vec![false; n];
        for i in (0..n).rev() {
            if !self.content[i].is_empty() {
                kept[i] = true;
            }
            if kept[i] && i > 0 {
                kept[parent(i)] = true;
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 1..n {
            if kept[i] {
                children[parent(i)].push(i);
            }
        }
        let root = pdf.alloc();
        let refs: Vec<Option<Ref>> = kept.iter().map(|&k| k.then(|| pdf.alloc())).collect();

        for (i, node) in nodes.iter().enumerate() {
            let Some(me) = refs[i] else { continue };
            let up = if i == 0 { Some(root) } else { refs[parent(i)] };
            // The page of the node's first content, if it has any: its own
            // MCIDs on that page need no /Pg of their own.
            let home = self.content[i].first().map(|&(page, _)| page);
            pdf.object(me, |b| {
                let mut d = Dict::new(b);
                d.name("Type", "StructElem").name("S", role_name(node.role));
                if let Some(up) = up {
                    d.reference("P", up);
                }
                if let Some(page) = home {
                    d.reference("Pg", page_refs[page as usize]);
                }
                if let Some(alt) = &node.alt {
                    d.text("Alt", alt);
                }
                if let Some(lang) = &node.lang {
                    d.text("Lang", lang);
                }
                let kids = self.content[i].len() + children[i].len();
                d.with("K", |b| {
                    // One kid stands alone, as most writers (and some
                    // checkers) expect; more go in an array.
                    if kids != 1 {
                        b.push(b'[');
                    }
                    let mut first = true;
                    let mut sep = |b: &mut Vec<u8>| {
                        if !std::mem::take(&mut first) {
                            b.push(b' ');
                        }
                    };
                    for &(page, mcid) in &self.content[i] {
                        sep(b);
                        if Some(page) == home {
                            object::uint(b, u64::from(mcid));
                        } else {
                            let mut mcr = Dict::new(b);
                            mcr.name("Type", "MCR")
                                .reference("Pg", page_refs[page as usize])
                                .int("MCID", i64::from(mcid));
                            mcr.finish();
                        }
                    }
                    for &c in &children[i] {
                        if let Some(r) = refs[c] {
                            sep(b);
                            object::reference(b, r);
                        }
                    }
                    if kids != 1 {
                        b.push(b']');
                    }
                });
                d.finish();
            });
        }

        let doc_elem = refs[0];
        pdf.object(root, |b| {
            let mut d = Dict::new(b);
            d.name("Type", "StructTreeRoot");
            if let Some(e) = doc_elem {
                d.reference("K", e);
            }
            d.with("ParentTree", |b| {
                b.extend_from_slice(b"<</Nums[");
                for (page, mcids) in self.pages.iter().enumerate() {
                    if mcids.is_empty() {
                        continue;
                    }
                    object::uint(b, page as u64);
                    b.push(b'[');
                    for (k, node) in mcids.iter().enumerate() {
                        if k > 0 {
                            b.push(b' ');
                        }
                        if let Some(r) = refs[*node as usize] {
                            object::reference(b, r);
                        }
                    }
                    b.extend_from_slice(b"]");
                }
                b.extend_from_slice(b"]>>");
            })
            .int("ParentTreeNextKey", self.pages.len() as i64);
            d.finish();
        });
        root
    }
}

/// The XMP metadata packet: the same title, author, subject, keywords and
/// dates as the info dictionary, and, when the document is tagged, the
/// PDF/UA-1 identifier. An untagged document claims no conformance.
pub fn xmp(doc: &Document, date: &str, producer: &str, tagged: bool) -> Vec<u8> {
    let m = &doc.meta;
    let mut x = String::with_capacity(1600);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
    );
    if tagged {
        x.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    }
    x.push_str(">\n<dc:format>application/pdf</dc:format>\n");
    let alt = |x: &mut String, tag: &str, value: &str| {
        x.push_str(&format!(
            "<dc:{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:{tag}>\n",
            crate::escape::xml(value)
        ));
    };
    alt(&mut x, "title", &m.title);
    alt(&mut x, "description", &m.subject);
    x.push_str(&format!(
        "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
        crate::escape::xml(&m.author)
    ));
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        crate::escape::xml(&m.language)
    ));
    x.push_str(&format!(
        "<pdf:Keywords>{}</pdf:Keywords>\n<pdf:Producer>{}</pdf:Producer>\n",
        crate::escape::xml(&m.keywords.join(", ")),
        crate::escape::xml(producer)
    ));
    x.push_str(&format!(
        "<xmp:CreatorTool>packpress</xmp:CreatorTool>\n<xmp:CreateDate>{date}</xmp:CreateDate>\n\
         <xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
    ));
    if tagged {
        x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    x.into_bytes()
}
