//! The shape of the code itself (ARCHITECTURE.md): no source file over 600 lines, and no
//! import cycle between modules, read from the `use crate::…` paths of every file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::repo_root;

/// Each module of `src/` (by path: `site::linked`) and the text of its file, tests left out.
fn modules() -> BTreeMap<String, String> {
    let src = repo_root().join("src");
    let mut out = BTreeMap::new();
    for entry in walkdir(&src) {
        let rel = entry.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        if parts.last().is_some_and(|p| p == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let code = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .to_string();
        out.insert(parts.join("::"), code);
    }
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The module `path` names: the longest prefix of it that is a module.
fn resolve<'a>(path: &str, modules: &'a BTreeMap<String, String>) -> Option<&'a str> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len()).rev().find_map(|n| {
        let name = segments[..n].join("::");
        modules.get_key_value(&name).map(|(k, _)| k.as_str())
    })
}

/// Module → modules it uses through `crate::` paths (in `use` lists too). A module using its
/// own ancestors is not counted: that is how a folder module's files share its types.
fn dependencies(modules: &BTreeMap<String, String>) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut graph = BTreeMap::new();
    for (name, code) in modules {
        let mut used = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut targets = vec![path.trim_end_matches(':').to_string()];
            // `use crate::x::{a, b::c}`: each item may be a module of its own.
            if let Some(list) = rest[path.len()..].strip_prefix('{') {
                let inner = list.split('}').next().unwrap_or_default();
                let base = path.trim_end_matches(':');
                targets.extend(inner.split(',').map(|item| {
                    let item = item.trim().split("::{").next().unwrap_or_default();
                    if base.is_empty() {
                        item.to_string()
                    } else {
                        format!("{base}::{item}")
                    }
                }));
            }
            for target in targets {
                if let Some(t) = resolve(&target, modules)
                    && t != name
                    && !name.starts_with(&format!("{t}::"))
                {
                    used.insert(t);
                }
            }
        }
        graph.insert(name.as_str(), used);
    }
    graph
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = walkdir(&repo_root().join("src"))
        .into_iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(&f).unwrap().lines().count();
            (lines > 600).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by what a reader looks for: {long:?}"
    );
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let modules = modules();
    assert!(modules.contains_key("site::linked") && modules.contains_key("features::faq"));
    let graph = dependencies(&modules);
    // A cycle exists when a module can reach itself: follow every path from each.
    let mut cycles = Vec::new();
    for &start in graph.keys() {
        let mut stack: Vec<Vec<&str>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = *path.last().unwrap();
            for &next in &graph[last] {
                if next == start {
                    cycles.push(format!("{} -> {start}", path.join(" -> ")));
                } else if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let mut modules = BTreeMap::new();
    modules.insert("a".to_string(), "use crate::b::Thing;".to_string());
    modules.insert("b".to_string(), "use crate::{a::Other, c};".to_string());
    modules.insert("c".to_string(), String::new());
    let graph = dependencies(&modules);
    assert_eq!(graph["a"], BTreeSet::from(["b"]));
    assert_eq!(graph["b"], BTreeSet::from(["a", "c"]));
}
