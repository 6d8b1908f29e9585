//! The modules of each stage use each other without a cycle: in `emit`, the modules of
//! generated files (`models`, `operations`, `resources`, ...) use the helpers they are
//! rendered with (`builders`, `answers`, `handle`, ...), a helper uses helpers, and no chain of
//! uses comes back; the same holds in `load`, `resolve` and `diff` (where a folder such as
//! `diff/keywords/` is one module).

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

/// The modules of a stage's folder (`codegen/src/<stage>`) and the text of each: a file, or a
/// folder's files together.
fn modules_of(stage: &str) -> BTreeMap<String, String> {
    let dir = workspace_root().join("codegen/src").join(stage);
    let mut sources = BTreeMap::new();
    for path in fs::read_dir(&dir)
        .expect("the stage's folder")
        .flatten()
        .map(|e| e.path())
    {
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        if path.is_dir() {
            let mut text = String::new();
            for file in fs::read_dir(&path).expect("a folder").flatten() {
                text += &fs::read_to_string(file.path()).unwrap_or_default();
            }
            sources.insert(name, text);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "mod" {
            sources.insert(name, fs::read_to_string(&path).expect("source"));
        }
    }
    sources
}

/// Which modules of `stage` each one uses: by `super::` from a file of the stage's folder,
/// by `crate::<stage>::` from anywhere in it.
fn uses_of(stage: &str) -> BTreeMap<String, BTreeSet<String>> {
    let sources = modules_of(stage);
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let by_crate_path = format!("crate::{stage}::");
    sources
        .iter()
        .map(|(name, text)| {
            let mut named = siblings_named(&text.replace(&by_crate_path, "super::"), &modules);
            named.remove(name);
            (name.clone(), named)
        })
        .collect()
}

/// Every cycle of uses among the modules of `stage`, each as `a -> b -> a`.
fn cycles_of(uses: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    // Depth-first: a module met again while on the path closes a cycle.
    fn visit<'a>(
        module: &'a str,
        uses: &'a BTreeMap<String, BTreeSet<String>>,
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
        visit(module, uses, &mut Vec::new(), &mut done, &mut cycles);
    }
    cycles
}

#[test]
fn emit_modules_use_each_other_without_a_cycle() {
    let uses = uses_of("emit");
    assert!(
        uses.get("resources").is_some_and(|u| u.contains("handle")),
        "the uses are read: {uses:?}"
    );
    let cycles = cycles_of(&uses);
    assert!(
        cycles.is_empty(),
        "emit modules use each other in a cycle: {cycles:?}"
    );
}

#[test]
fn the_modules_of_load_resolve_and_diff_use_each_other_without_a_cycle() {
    let diff = uses_of("diff");
    assert!(
        diff.get("operations")
            .is_some_and(|u| u.contains("identity"))
            && diff.get("keywords").is_some_and(|u| u.contains("identity")),
        "the uses are read, from files and folders: {diff:?}"
    );
    for stage in ["load", "resolve", "diff"] {
        let cycles = cycles_of(&uses_of(stage));
        assert!(
            cycles.is_empty(),
            "{stage} modules use each other in a cycle: {cycles:?}"
        );
    }
}
