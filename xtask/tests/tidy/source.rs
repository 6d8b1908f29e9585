//! Reading the source tree: its Rust files, their lines, their functions, and the modules and
//! `pub use`s of a Rust file.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use syn::{Item, UseTree, Visibility};
use xtask::workspace_root;

/// Every `.rs` file of the repository that git would track (not `target/`, not tools' installs).
pub(crate) fn rust_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                if !matches!(name.as_ref(), "target" | "node_modules" | ".git") {
                    walk(&path, out);
                }
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&workspace_root(), &mut out);
    out.sort();
    out
}

pub(crate) fn relative(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

pub(crate) fn is_generated(text: &str) -> bool {
    text.starts_with("// @generated")
}

/// Lines of `dir`'s Rust files (recursively) that contain any of `needles`, as `file:line: text`.
pub(crate) fn lines_containing(dir: &str, needles: &[&str], case_insensitive: bool) -> Vec<String> {
    let root = workspace_root().join(dir);
    // A folder that moved would otherwise find nothing, and pass.
    assert!(root.is_dir(), "{} is not a folder", root.display());
    let mut hits = Vec::new();
    for path in rust_files().into_iter().filter(|p| p.starts_with(&root)) {
        let text = fs::read_to_string(&path).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let haystack = if case_insensitive {
                line.to_lowercase()
            } else {
                line.to_string()
            };
            if needles.iter().any(|n| haystack.contains(n)) {
                hits.push(format!("{}:{}: {}", relative(&path), i + 1, line.trim()));
            }
        }
    }
    hits
}

/// The functions of a rustfmt-formatted source as `(name, first line, lines)`: a `fn` line's
/// body ends at the `}` of its own indentation; declarations without a body are skipped.
pub(crate) fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut rest = trimmed;
        for prefix in [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(signature) = rest.strip_prefix("fn ") else {
            continue;
        };
        let name: String = signature
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The signature ends at the line opening the body, at `;` for a declaration, or at
        // `}` for a body on the same line.
        let Some(opens) = (i..lines.len()).find(|&j| {
            let t = lines[j].trim_end();
            t.ends_with('{') || t.ends_with(';') || t.ends_with('}')
        }) else {
            continue;
        };
        match lines[opens].trim_end().chars().last() {
            Some(';') => continue,
            Some('}') => {
                found.push((name, i + 1, opens - i + 1));
                continue;
            }
            _ => {}
        }
        let closing = " ".repeat(indent) + "}";
        if let Some(end) = (opens + 1..lines.len()).find(|&j| lines[j] == closing) {
            found.push((name, i + 1, end - i + 1));
        }
    }
    found
}

/// A `pub use` entry: the inline modules it is in, the path it names and the name it exports
/// (`*` for a glob, `_` for an anonymous import).
pub(crate) struct Use {
    pub(crate) scope: Vec<String>,
    pub(crate) path: Vec<String>,
    pub(crate) name: String,
}

/// The modules a file declares (each as its path), the public ones, and its `pub use`s.
#[derive(Default)]
pub(crate) struct Exports {
    pub(crate) modules: BTreeSet<Vec<String>>,
    pub(crate) public_modules: BTreeSet<Vec<String>>,
    pub(crate) uses: Vec<Use>,
}

/// The modules and `pub use`s of a Rust file, inline modules' included; `pub(crate)` and
/// narrower are not exports, and a `use` in a function body or a macro is not an item.
pub(crate) fn exports(text: &str) -> syn::Result<Exports> {
    let mut found = Exports::default();
    items_exports(&syn::parse_file(text)?.items, &[], &mut found);
    Ok(found)
}

fn items_exports(items: &[Item], scope: &[String], found: &mut Exports) {
    for item in items {
        match item {
            Item::Mod(module) => {
                let path: Vec<String> = scope
                    .iter()
                    .cloned()
                    .chain([module.ident.to_string()])
                    .collect();
                found.modules.insert(path.clone());
                if matches!(module.vis, Visibility::Public(_)) {
                    found.public_modules.insert(path.clone());
                }
                if let Some((_, content)) = &module.content {
                    items_exports(content, &path, found);
                }
            }
            Item::Use(used) if matches!(used.vis, Visibility::Public(_)) => {
                use_tree(&used.tree, &mut Vec::new(), scope, &mut found.uses);
            }
            _ => {}
        }
    }
}

/// The entries of one `use` tree below `prefix` (the path so far), into `out`.
fn use_tree(tree: &UseTree, prefix: &mut Vec<String>, scope: &[String], out: &mut Vec<Use>) {
    let mut entry = |path: Vec<String>, name: String| {
        out.push(Use {
            scope: scope.to_vec(),
            path,
            name,
        })
    };
    // `a::{self}` and `a::{self as b}` name the module `a` itself.
    let named = |prefix: &[String], ident: &syn::Ident| {
        if ident == "self" {
            prefix.to_vec()
        } else {
            [prefix, &[ident.to_string()]].concat()
        }
    };
    match tree {
        UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_tree(&path.tree, prefix, scope, out);
            prefix.pop();
        }
        UseTree::Name(name) => {
            let path = named(prefix, &name.ident);
            let name = path.last().cloned().unwrap_or_default();
            entry(path, name);
        }
        UseTree::Rename(rename) => entry(named(prefix, &rename.ident), rename.rename.to_string()),
        UseTree::Glob(_) => entry(prefix.clone(), "*".into()),
        UseTree::Group(group) => {
            for tree in &group.items {
                use_tree(tree, prefix, scope, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::functions;

    #[test]
    fn the_function_scanner_sees_bodies_and_skips_declarations() {
        let text = "trait T {\n    fn declared(&self);\n}\n\npub(crate) fn two(\n    a: u8,\n) -> u8 {\n    a\n}\n\nimpl X {\n    async fn one() {}\n    pub fn three() {\n        let _ = 1;\n    }\n}\n";
        assert_eq!(
            functions(text),
            [
                ("two".to_string(), 5, 5),
                ("one".to_string(), 12, 1),
                ("three".to_string(), 13, 3)
            ]
        );
    }
}
