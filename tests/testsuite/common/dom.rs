//! Built pages read as a browser's parser reads them (html5ever), so tests assert on elements,
//! attributes and the text a reader sees, never on how the markup happens to be spelled.

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// The text directly inside (for `<script>`, `<title>`, `<text>`).
    pub text: String,
    /// All the text inside, children's included, with runs of white space made one space.
    pub all_text: String,
    /// The positions, in the list [`elements`] returns, of the elements this one is inside.
    pub ancestors: Vec<usize>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// Every element of `html` in document order.
pub fn elements(html: &str) -> Vec<Element> {
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .unwrap();
    let mut out = Vec::new();
    walk(&dom.document, &mut Vec::new(), &mut out);
    out
}

/// The elements of `all` inside the first one that `is_container` picks (none when none does).
pub fn inside(all: &[Element], is_container: impl Fn(&Element) -> bool) -> Vec<&Element> {
    match all.iter().position(is_container) {
        Some(i) => all.iter().filter(|e| e.ancestors.contains(&i)).collect(),
        None => Vec::new(),
    }
}

fn walk(node: &Handle, ancestors: &mut Vec<usize>, out: &mut Vec<Element>) {
    if let NodeData::Element { name, attrs, .. } = &node.data {
        let text = node
            .children
            .borrow()
            .iter()
            .filter_map(|c| match &c.data {
                NodeData::Text { contents } => Some(contents.borrow().to_string()),
                _ => None,
            })
            .collect();
        let mut all = String::new();
        descendant_text(node, &mut all);
        out.push(Element {
            name: name.local.to_string(),
            attrs: attrs
                .borrow()
                .iter()
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect(),
            text,
            all_text: all.split_whitespace().collect::<Vec<_>>().join(" "),
            ancestors: ancestors.clone(),
        });
        ancestors.push(out.len() - 1);
        for child in node.children.borrow().iter() {
            walk(child, ancestors, out);
        }
        ancestors.pop();
        return;
    }
    for child in node.children.borrow().iter() {
        walk(child, ancestors, out);
    }
}

fn descendant_text(node: &Handle, out: &mut String) {
    for child in node.children.borrow().iter() {
        match &child.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. }
                if matches!(&*name.local, "script" | "style" | "template") => {}
            NodeData::Element { .. } => {
                out.push(' ');
                descendant_text(child, out);
                out.push(' ');
            }
            _ => {}
        }
    }
}

/// The text a reader sees in the page's `<body>` (scripts and styles left out).
pub fn body_text(html: &str) -> String {
    elements(html)
        .into_iter()
        .find(|e| e.name == "body")
        .map(|b| b.all_text)
        .unwrap_or_default()
}

/// The page's JSON-LD blocks, parsed.
pub fn json_ld(html: &str) -> Vec<serde_json::Value> {
    elements(html)
        .iter()
        .filter(|e| e.name == "script" && e.attr("type") == Some("application/ld+json"))
        .map(|e| serde_json::from_str(&e.text).unwrap())
        .collect()
}
