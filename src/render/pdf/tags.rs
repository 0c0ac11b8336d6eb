//! Tagged PDF: which marked content on which page belongs to which
//! structure node (recorded while the content streams are written, in the
//! same pass), then the structure tree, the parent tree and the XMP
//! metadata that say so. The order and the shape of the tree are decided
//! here; pdf-writer and xmp-writer write their syntax.

use pdf_writer::types::StructRole;
use pdf_writer::writers::{StructElement, StructTreeRoot};
use pdf_writer::{Finish, Name, Ref, Str, TextStr};
use xmp_writer::{DateTime, LangId, Timezone, XmpWriter};

use super::object::{int, Pdf};
use super::RenderError;
use crate::layout::{Document, NodeId, Role, Structure};

/// The structure type a role is written as.
pub fn role_name(role: Role) -> StructRole {
    match role {
        Role::Document => StructRole::Document,
        Role::Sect => StructRole::Sect,
        Role::H1 => StructRole::H1,
        Role::H2 => StructRole::H2,
        Role::P => StructRole::P,
        Role::L => StructRole::L,
        Role::LI => StructRole::LI,
        Role::Lbl => StructRole::Lbl,
        Role::LBody => StructRole::LBody,
        Role::Figure => StructRole::Figure,
        Role::Note => StructRole::Note,
    }
}

/// Marked content recorded page by page while the content is written.
pub struct Tagger<'a> {
    structure: &'a Structure,
    /// For each page, the node of each of its MCIDs (MCIDs count from 0 on
    /// every page).
    pages: Vec<Vec<NodeId>>,
    /// For each node, its marked content: (page, MCID) in content order.
    content: Vec<Vec<(usize, i32)>>,
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

    /// A new MCID on `page` for content of `node` (a node: see
    /// [`Tagger::role`]).
    pub fn mark(&mut self, page: usize, node: NodeId) -> Result<i32, RenderError> {
        let (Some(mcids), Some(content)) = (
            self.pages.get_mut(page),
            self.content.get_mut(node as usize),
        ) else {
            return Err(RenderError::Internal("content marked for no page or node"));
        };
        let mcid = int(mcids.len(), "the number of tagged runs on a page")?;
        mcids.push(node);
        content.push((page, mcid));
        Ok(mcid)
    }

    /// True if any content was tagged: the document has a structure tree.
    pub fn is_tagged(&self) -> bool {
        self.pages.iter().any(|p| !p.is_empty())
    }

    /// True if page `page` has tagged content (and so a /StructParents).
    pub fn page_is_tagged(&self, page: usize) -> bool {
        self.pages.get(page).is_some_and(|p| !p.is_empty())
    }

    /// Writes the structure tree: the nodes in node order, each under its
    /// parent, a node with no content anywhere below it left out; each
    /// node's own content first, then its children. Every Note has an /ID
    /// (ISO 14289-1, 7.9), unique in the document and listed in the
    /// IDTree. Returns the StructTreeRoot. Call only when
    /// [`Tagger::is_tagged`].
    pub fn write(&self, pdf: &mut Pdf, page_refs: &[Ref]) -> Result<Ref, RenderError> {
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
        let root = pdf.alloc()?;
        let mut refs: Vec<Option<Ref>> = Vec::with_capacity(n);
        for &k in &kept {
            refs.push(if k { Some(pdf.alloc()?) } else { None });
        }
        let page_ref = |page: usize| {
            page_refs.get(page).copied().ok_or(RenderError::Internal(
                "content marked on a page not written",
            ))
        };
        // The Notes' ids, sorted as the IDTree's keys must be.
        let mut ids: Vec<(String, Ref)> = Vec::new();

        for (i, node) in nodes.iter().enumerate() {
            let Some(me) = refs[i] else { continue };
            let up = if i == 0 { Some(root) } else { refs[parent(i)] };
            // The page of the node's first content, if it has any: its own
            // MCIDs on that page need no /Pg of their own.
            let home = self.content[i].first().map(|&(page, _)| page);
            let home_ref = home.map(page_ref).transpose()?;
            let mcrs: Vec<(Option<Ref>, i32)> = self.content[i]
                .iter()
                .map(|&(page, mcid)| {
                    let pg = if Some(page) == home {
                        None
                    } else {
                        Some(page_ref(page)?)
                    };
                    Ok((pg, mcid))
                })
                .collect::<Result<_, RenderError>>()?;
            let id = (node.role == Role::Note).then(|| format!("note-{i}"));
            let mut e = pdf.object(me).start::<StructElement>();
            e.kind(role_name(node.role));
            if let Some(up) = up {
                e.parent(up);
            }
            if let Some(id) = &id {
                e.id(Str(id.as_bytes()));
            }
            if let Some(page) = home_ref {
                e.page(page);
            }
            if let Some(alt) = &node.alt {
                e.alt(TextStr(alt));
            }
            if let Some(lang) = &node.lang {
                e.lang(TextStr(lang));
            }
            let kids: Vec<Ref> = children[i].iter().filter_map(|&c| refs[c]).collect();
            // One kid stands alone, as most writers (and some checkers)
            // expect; more go in an array.
            match (&mcrs[..], &kids[..]) {
                ([(None, mcid)], []) => {
                    e.pair(Name(b"K"), *mcid);
                }
                ([(Some(pg), mcid)], []) => {
                    e.marked_content_child().page(*pg).marked_content_id(*mcid);
                }
                ([], [kid]) => {
                    e.child(*kid);
                }
                _ => {
                    let mut k = e.children();
                    for &(pg, mcid) in &mcrs {
                        match pg {
                            None => {
                                k.marked_content_id(mcid);
                            }
                            Some(pg) => {
                                k.marked_content_ref().page(pg).marked_content_id(mcid);
                            }
                        }
                    }
                    for &kid in &kids {
                        k.struct_element(kid);
                    }
                }
            }
            e.finish();
            if let Some(id) = id {
                ids.push((id, me));
            }
        }
        ids.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));

        let mut tree = pdf.object(root).start::<StructTreeRoot>();
        if let Some(e) = refs[0] {
            tree.child(e);
        }
        if !ids.is_empty() {
            let mut names = tree.id_tree();
            let mut entries = names.names();
            for (id, r) in &ids {
                entries.insert(Str(id.as_bytes()), *r);
            }
        }
        {
            let mut parent_tree = tree.insert(Name(b"ParentTree")).dict();
            let mut nums = parent_tree.insert(Name(b"Nums")).array();
            for (page, mcids) in self.pages.iter().enumerate() {
                if mcids.is_empty() {
                    continue;
                }
                nums.item(int(page, "the number of pages")?);
                let mut parents = nums.push().array();
                for node in mcids {
                    if let Some(Some(r)) = refs.get(*node as usize) {
                        parents.item(*r);
                    }
                }
            }
        }
        tree.parent_tree_next_key(int(self.pages.len(), "the number of pages")?);
        Ok(root)
    }
}

/// The XMP metadata packet: the same title, author, subject, keywords and
/// dates as the info dictionary, and, when the document is tagged, the
/// PDF/UA-1 identifier. An untagged document claims no conformance.
/// Refuses a language that is not a language tag, which XMP would carry
/// unescaped.
pub fn xmp(doc: &Document, producer: &str, tagged: bool) -> Result<Vec<u8>, RenderError> {
    let m = &doc.meta;
    let lang = m.language.as_str();
    let is_tag = !lang.is_empty() && lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !is_tag {
        return Err(RenderError::Language(lang.to_string()));
    }
    // XML 1.0 has no way to carry most control characters: they are left
    // out, as in every XML packpress writes.
    let (title, subject, author) = (
        xml_text(&m.title),
        xml_text(&m.subject),
        xml_text(&m.author),
    );
    let keywords = xml_text(&m.keywords.join(", "));
    let date = DateTime::new(
        m.date.year,
        m.date.month,
        m.date.day,
        0,
        0,
        0,
        Timezone::Local { hour: 0, minute: 0 },
    );
    let mut x = XmpWriter::new();
    x.format("application/pdf")
        .title([(None, title.as_str())])
        .description([(None, subject.as_str())])
        .creator([author.as_str()])
        .language([LangId(lang)])
        .pdf_keywords(&keywords)
        .producer(producer)
        .creator_tool("packpress")
        .create_date(date)
        .modify_date(date)
        .metadata_date(date);
    if tagged {
        x.pdfua_part(1);
    }
    Ok(x.finish(None).into_bytes())
}

/// `text` without the characters XML 1.0 cannot hold.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}
