//! Reading the source tree: its Rust files, their lines, and their functions.

use std::fs;
use std::path::{Path, PathBuf};
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
