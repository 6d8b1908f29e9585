//! The emit modules use each other without a cycle: the modules of generated files
//! (`models`, `operations`, `resources`, ...) use the helpers they are rendered with
//! (`builders`, `answers`, `handle`, ...), a helper uses helpers, and no chain of uses comes back.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use xtask::workspace_root;

/// The sibling modules a module's source names: in `use super::…` statements (grouped or not)
/// and in calls `super::module::function(…)` outside `use`. Paths inside `quote!` are the
/// generated code's (`super::models::Thing`) and name types, not functions, so they are not
/// read as uses.
fn siblings_named(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("use super::") {
        let statement = &rest[start + "use super::".len()..];
        let end = statement.find(';').unwrap_or(statement.len());
        let first = statement[..end]
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        named.insert(first.to_string());
        if statement.starts_with('{') {
            // `use super::{a, handle::Handle, b}`: every top-level name of the group.
            for item in statement[1..end].split(',') {
                let name = item.trim().split("::").next().unwrap_or_default();
                named.insert(name.trim_end_matches('}').trim().to_string());
            }
        }
        rest = &statement[end..];
    }
    let mut rest = text;
    while let Some(start) = rest.find("super::") {
        let path = &rest[start + "super::".len()..];
        let mut segments = path.splitn(3, "::");
        if let (Some(module), Some(function)) = (segments.next(), segments.next()) {
            let called = function
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default();
            let is_function = called.starts_with(|c: char| c.is_ascii_lowercase())
                && function[called.len()..].starts_with('(');
            if is_function {
                named.insert(module.to_string());
            }
        }
        rest = path;
    }
    named.retain(|name| modules.contains(name));
    named
}

#[test]
fn emit_modules_use_each_other_without_a_cycle() {
    let dir = workspace_root().join("codegen/src/emit");
    let sources: BTreeMap<String, String> = fs::read_dir(&dir)
        .expect("emit")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "mod"))
        .map(|p| {
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).expect("source"))
        })
        .collect();
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let uses: BTreeMap<&str, BTreeSet<String>> = sources
        .iter()
        .map(|(name, text)| {
            let mut named = siblings_named(text, &modules);
            named.remove(name);
            (name.as_str(), named)
        })
        .collect();
    assert!(
        uses.get("resources").is_some_and(|u| u.contains("handle")),
        "the uses are read: {uses:?}"
    );
    // Depth-first: a module met again while on the path closes a cycle.
    fn visit<'a>(
        module: &'a str,
        uses: &'a BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|m| *m == module) {
            cycles.push([&path[at..], &[module]].concat().join(" -> "));
            return;
        }
        if !done.insert(module) {
            return;
        }
        path.push(module);
        for next in uses.get(module).into_iter().flatten() {
            visit(next, uses, path, done, cycles);
        }
        path.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for module in uses.keys() {
        visit(module, &uses, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(
        cycles.is_empty(),
        "emit modules use each other in a cycle: {cycles:?}"
    );
}
