//! A walk of a tagged PDF with lopdf, independent of the writer: every
//! content stream's operators, the structure tree, and the parent tree.
//! Used by tests/tagged.rs on real outputs and by the writer's unit tests
//! on hand-built documents.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// A structure element, in tree order.
#[derive(Clone, Debug)]
pub struct Element {
    /// Its structure type (`P`, `H1`, ...).
    pub role: String,
    /// How deep it is: the document element is 0.
    pub depth: usize,
    /// /Alt, if any.
    pub alt: Option<String>,
    /// /Lang, if any.
    pub lang: Option<String>,
    /// /ID, if any: every Note has one (ISO 14289-1, 7.9).
    pub id: Option<String>,
    /// Its marked content: (page index from 0, MCID), in /K order.
    pub content: Vec<(usize, i64)>,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The catalog has /MarkInfo /Marked true and a /StructTreeRoot.
    pub tagged: bool,
    /// The structure elements, depth first in /K order.
    pub elements: Vec<Element>,
    /// Each page's marked-content sequences with an MCID: (tag, MCID), in
    /// content order.
    pub marked: Vec<Vec<(String, i64)>>,
    /// How many painting operators lay inside an /Artifact sequence.
    pub artifact_paints: usize,
    /// Everything wrong.
    pub problems: Vec<String>,
}

/// Operators that paint: text showing, path painting, XObjects, shadings
/// and inline images.
const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "BI",
];

#[derive(Clone, Debug, PartialEq)]
enum Mark {
    Mcid(i64),
    Artifact,
    Other,
}

fn name_of(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn text_of(o: &Object) -> Option<String> {
    let bytes = o.as_str().ok()?;
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Walks a PDF's content streams and structure tree.
pub fn walk(bytes: &[u8]) -> Walk {
    let mut w = Walk::default();
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => {
            w.problems.push(format!("lopdf cannot read the file: {e}"));
            return w;
        }
    };
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let page_index: BTreeMap<ObjectId, usize> =
        pages.iter().enumerate().map(|(i, id)| (*id, i)).collect();

    // Content streams: every painting operator inside a marked-content
    // sequence with an MCID, or an artifact.
    for (pi, &page) in pages.iter().enumerate() {
        let mut marked = Vec::new();
        let data = doc.get_page_content(page);
        let content = match Content::decode(&data) {
            Ok(c) => c,
            Err(e) => {
                w.problems
                    .push(format!("page {}: content does not parse: {e}", pi + 1));
                w.marked.push(marked);
                continue;
            }
        };
        let mut stack: Vec<Mark> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    let tag = op.operands.first().and_then(name_of).unwrap_or_default();
                    let props = op.operands.get(1).and_then(|o| o.as_dict().ok());
                    let mcid = props
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    let mark = if tag == "Artifact" {
                        Mark::Artifact
                    } else if let Some(m) = mcid {
                        marked.push((tag.clone(), m));
                        Mark::Mcid(m)
                    } else {
                        Mark::Other
                    };
                    if mark != Mark::Other && stack.iter().any(|m| m != &Mark::Other) {
                        w.problems.push(format!(
                            "page {}: /{tag} begins inside another tagged or artifact sequence",
                            pi + 1
                        ));
                    }
                    stack.push(mark);
                }
                "BMC" => {
                    let tag = op.operands.first().and_then(name_of).unwrap_or_default();
                    let mark = if tag == "Artifact" {
                        Mark::Artifact
                    } else {
                        Mark::Other
                    };
                    if mark == Mark::Artifact && stack.iter().any(|m| m != &Mark::Other) {
                        w.problems.push(format!(
                            "page {}: /Artifact begins inside another tagged or artifact sequence",
                            pi + 1
                        ));
                    }
                    stack.push(mark);
                }
                "EMC" if stack.pop().is_none() => {
                    w.problems
                        .push(format!("page {}: EMC with no sequence open", pi + 1));
                }
                op_name if PAINTING.contains(&op_name) => {
                    if stack.contains(&Mark::Artifact) {
                        w.artifact_paints += 1;
                    } else if !stack.iter().any(|m| matches!(m, Mark::Mcid(_))) {
                        w.problems.push(format!(
                            "page {}: `{op_name}` paints outside any tagged or artifact sequence",
                            pi + 1
                        ));
                    }
                }
                _ => {}
            }
        }
        if !stack.is_empty() {
            w.problems.push(format!(
                "page {}: {} sequence(s) left open",
                pi + 1,
                stack.len()
            ));
        }
        let mut seen = BTreeSet::new();
        for (_, m) in &marked {
            if !seen.insert(*m) {
                w.problems
                    .push(format!("page {}: MCID {m} used twice", pi + 1));
            }
        }
        w.marked.push(marked);
    }

    let Ok(catalog) = doc.catalog() else {
        w.problems.push("no catalog".into());
        return w;
    };
    let marked_true = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|d| d.get(b"Marked").ok())
        .and_then(|m| m.as_bool().ok())
        == Some(true);
    let root = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let Some(root) = root else {
        if w.marked.iter().any(|m| !m.is_empty()) {
            w.problems
                .push("MCIDs in content but no structure tree".into());
        }
        return w;
    };
    w.tagged = marked_true;
    if !marked_true {
        w.problems
            .push("a structure tree but no /MarkInfo /Marked true".into());
    }

    // The tree, depth first.
    let mut holder: BTreeMap<(usize, i64), ObjectId> = BTreeMap::new();
    let mut stack: Vec<(ObjectId, usize)> = Vec::new();
    let kids = |o: &Object| -> Vec<Object> {
        match o {
            Object::Array(a) => a.clone(),
            other => vec![other.clone()],
        }
    };
    if let Ok(k) = root.get(b"K") {
        for kid in kids(k).into_iter().rev() {
            if let Ok(id) = kid.as_reference() {
                stack.push((id, 0));
            }
        }
    }
    let mut visited = BTreeSet::new();
    // Each element's /ID, and the element.
    let mut ids: BTreeMap<String, ObjectId> = BTreeMap::new();
    while let Some((id, depth)) = stack.pop() {
        if !visited.insert(id) {
            w.problems
                .push(format!("structure element {id:?} reached twice"));
            continue;
        }
        let Ok(elem) = doc.get_dictionary(id) else {
            w.problems
                .push(format!("structure element {id:?} is not a dictionary"));
            continue;
        };
        let role = elem.get(b"S").ok().and_then(name_of).unwrap_or_default();
        let home = elem.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
        let mut e = Element {
            role: role.clone(),
            depth,
            alt: elem.get(b"Alt").ok().and_then(text_of),
            lang: elem.get(b"Lang").ok().and_then(text_of),
            id: elem.get(b"ID").ok().and_then(text_of),
            content: Vec::new(),
        };
        if let Some(elem_id) = &e.id {
            if ids.insert(elem_id.clone(), id).is_some() {
                w.problems
                    .push(format!("the /ID {elem_id:?} is used twice"));
            }
        } else if role == "Note" {
            w.problems.push("a Note without /ID".into());
        }
        let mut children = Vec::new();
        if let Ok(k) = elem.get(b"K") {
            for kid in kids(k) {
                let page_mcid = match &kid {
                    Object::Integer(m) => Some((home, *m)),
                    Object::Dictionary(d) => mcr(d).map(|(p, m)| (p.or(home), m)),
                    Object::Reference(r) => match doc.get_dictionary(*r) {
                        Ok(d)
                            if d.get(b"Type").ok().and_then(name_of).as_deref() == Some("MCR") =>
                        {
                            mcr(d).map(|(p, m)| (p.or(home), m))
                        }
                        _ => {
                            children.push(*r);
                            None
                        }
                    },
                    _ => None,
                };
                if let Some((pg, mcid)) = page_mcid {
                    let Some(page) = pg.and_then(|p| page_index.get(&p).copied()) else {
                        w.problems
                            .push(format!("/{role}: MCID {mcid} with no page"));
                        continue;
                    };
                    if holder.insert((page, mcid), id).is_some() {
                        w.problems.push(format!(
                            "page {}: MCID {mcid} named twice in the tree",
                            page + 1
                        ));
                    }
                    e.content.push((page, mcid));
                }
            }
        }
        if role == "Figure" && e.alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            w.problems.push("a Figure without /Alt".into());
        }
        for c in children.into_iter().rev() {
            stack.push((c, depth + 1));
        }
        w.elements.push(e);
    }

    // The IDTree names each element with an /ID, and nothing else (a
    // tree of one node: a /Names array of ids and elements, in order).
    let id_tree: Vec<(String, Option<ObjectId>)> = root
        .get(b"IDTree")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|d| d.get(b"Names").ok())
        .and_then(|n| n.as_array().ok())
        .map(|names| {
            names
                .chunks(2)
                .filter_map(|kv| Some((text_of(&kv[0])?, kv.get(1)?.as_reference().ok())))
                .collect()
        })
        .unwrap_or_default();
    let listed: Vec<&String> = id_tree.iter().map(|(k, _)| k).collect();
    if !listed.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()) {
        w.problems
            .push("the IDTree's names are not in order".into());
    }
    if listed.len() != ids.len() || id_tree.iter().any(|(k, r)| ids.get(k) != r.as_ref()) {
        w.problems.push(format!(
            "the IDTree does not name exactly the elements with an /ID: {:?} against {:?}",
            id_tree, ids
        ));
    }

    // Every MCID in content reached from the tree, and every one the tree
    // names present in its page's content.
    for (page, marked) in w.marked.iter().enumerate() {
        for (tag, mcid) in marked {
            if !holder.contains_key(&(page, *mcid)) {
                w.problems.push(format!(
                    "page {}: /{tag} MCID {mcid} is not reached from the structure tree",
                    page + 1
                ));
            }
        }
    }
    for (page, mcid) in holder.keys() {
        if !w.marked[*page].iter().any(|(_, m)| m == mcid) {
            w.problems.push(format!(
                "page {}: the tree names MCID {mcid}, which is not in the page's content",
                page + 1
            ));
        }
    }

    // The parent tree: each page's /StructParents entry lists, by MCID,
    // the element that holds it.
    let nums = root
        .get(b"ParentTree")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|d| d.get(b"Nums").ok())
        .and_then(|n| n.as_array().ok())
        .cloned()
        .unwrap_or_default();
    let parents: BTreeMap<i64, Vec<Object>> = nums
        .chunks(2)
        .filter_map(|kv| {
            let key = kv.first()?.as_i64().ok()?;
            let value = doc.dereference(kv.get(1)?).ok()?.1.as_array().ok()?.clone();
            Some((key, value))
        })
        .collect();
    for (pi, &page) in pages.iter().enumerate() {
        if w.marked[pi].is_empty() {
            continue;
        }
        let dict = doc.get_dictionary(page).ok();
        let Some(key) = dict
            .and_then(|d| d.get(b"StructParents").ok())
            .and_then(|k| k.as_i64().ok())
        else {
            w.problems
                .push(format!("page {}: MCIDs but no /StructParents", pi + 1));
            continue;
        };
        if dict
            .and_then(|d| d.get(b"Tabs").ok())
            .and_then(name_of)
            .as_deref()
            != Some("S")
        {
            w.problems.push(format!("page {}: no /Tabs /S", pi + 1));
        }
        let Some(list) = parents.get(&key) else {
            w.problems
                .push(format!("page {}: no parent tree entry {key}", pi + 1));
            continue;
        };
        for (_, mcid) in &w.marked[pi] {
            let named = list.get(*mcid as usize).and_then(|o| o.as_reference().ok());
            if named != holder.get(&(pi, *mcid)).copied() {
                w.problems.push(format!(
                    "page {}: the parent tree gives MCID {mcid} another parent",
                    pi + 1
                ));
            }
        }
    }
    w
}

fn mcr(d: &Dictionary) -> Option<(Option<ObjectId>, i64)> {
    let mcid = d.get(b"MCID").ok()?.as_i64().ok()?;
    let pg = d.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
    Some((pg, mcid))
}
