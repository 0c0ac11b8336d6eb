//! Building a document's structure tree (tagged PDF) while a layout is
//! made: [`Tags`], owned by the layout and passed to whatever tags.

use super::document::{NodeId, Role, Structure};

/// Builds a document's [`Structure`] while a format lays it out: nodes
/// are added under the current parent, so a format sets out its parts in
/// reading order (a leaflet's cover, inside and back) and fills each in
/// whatever order it lays them out. Nodes made by fitting attempts that
/// were thrown away hold no content and are pruned when the PDF is
/// written.
///
/// Each layout owns one, made empty, passes it as `&mut Tags` to every
/// function that tags, and hands the finished tree ([`Tags::finish`]) to
/// its document; a layout made only to measure (another style, another
/// paper) has its own. Nothing is shared: a context laid out twice makes
/// two trees.
///
/// A node's language is given where it is made: `None` for the document's
/// own, a BCP 47 tag for a bilingual edition's second language (the PDF
/// writes it as the element's /Lang).
#[derive(Debug)]
pub struct Tags {
    /// The tree so far.
    tree: Structure,
    /// Where a new node goes.
    parent: NodeId,
}

impl Default for Tags {
    fn default() -> Tags {
        Tags::new()
    }
}

impl Tags {
    /// An empty tree (the document node alone), the document node the
    /// current parent.
    pub fn new() -> Tags {
        Tags {
            tree: Structure::new(),
            parent: Structure::ROOT,
        }
    }

    /// A new node of `role` under the current parent, in `lang` where it
    /// is not the document's language.
    pub fn node(&mut self, role: Role, lang: Option<&str>) -> NodeId {
        let id = self.tree.add(self.parent, role);
        if let Some(n) = self.tree.nodes.get_mut(id as usize) {
            n.lang = lang.map(str::to_string);
        }
        id
    }

    /// A figure under the current parent, with its alternative text `alt`,
    /// in `lang` where it is not the document's language.
    pub fn figure(&mut self, alt: String, lang: Option<&str>) -> NodeId {
        let id = self.node(Role::Figure, lang);
        if let Some(n) = self.tree.nodes.get_mut(id as usize) {
            n.alt = Some(alt);
        }
        id
    }

    /// The current parent: where a new node goes.
    pub fn current(&self) -> NodeId {
        self.parent
    }

    /// Runs `f` with `parent` as the current parent: what it tags goes
    /// under `parent`. The current parent is as before afterwards.
    pub fn within<T>(&mut self, parent: NodeId, f: impl FnOnce(&mut Tags) -> T) -> T {
        let saved = std::mem::replace(&mut self.parent, parent);
        let out = f(self);
        self.parent = saved;
        out
    }

    /// A container node of `role` (in `lang`, as [`Tags::node`]) under the
    /// current parent, and `f` run inside it, given the node.
    pub fn group<T>(
        &mut self,
        role: Role,
        lang: Option<&str>,
        f: impl FnOnce(&mut Tags, NodeId) -> T,
    ) -> T {
        let id = self.node(role, lang);
        self.within(id, |tags| f(tags, id))
    }

    /// The finished tree, for the document.
    pub fn finish(self) -> Structure {
        self.tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_go_under_the_current_parent_in_order() {
        let mut tags = Tags::new();
        let sect = tags.node(Role::Sect, None);
        let (p, inner) = tags.within(sect, |tags| {
            let p = tags.node(Role::P, Some("cy"));
            let inner = tags.group(Role::L, None, |tags, list| {
                assert_eq!(tags.current(), list);
                tags.node(Role::LI, None)
            });
            (p, inner)
        });
        assert_eq!(tags.current(), Structure::ROOT);
        let fig = tags.figure("logo".to_string(), None);
        let tree = tags.finish();
        assert_eq!(
            tree.children(Structure::ROOT).collect::<Vec<_>>(),
            [sect, fig]
        );
        assert_eq!(tree.children(sect).count(), 2);
        assert_eq!(tree.nodes[p as usize].lang.as_deref(), Some("cy"));
        assert_eq!(tree.nodes[inner as usize].role, Role::LI);
        assert_eq!(tree.nodes[fig as usize].alt.as_deref(), Some("logo"));
    }
}
