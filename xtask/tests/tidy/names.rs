//! The names a generated scope holds before the spec's go in come from one place,
//! `codegen::ir::names`, which resolve claims first; these tests hold each list to the source
//! that defines the methods: the runtime's (`api_client!`, its `Client`) and emit's.

use crate::source::exports;
use std::collections::BTreeSet;
use std::fs;
use xtask::workspace_root;

/// The methods (`fn name`) of every block of `file` that starts with the line `header`
/// (`impl Client {`), read up to the brace that closes it: every one for code that becomes part
/// of the generated crate (the macro's, emit's), the `pub` ones only of the runtime's own types
/// (`Deref` lets the generated crate see no other).
fn methods(file: &str, header: &str, public_only: bool) -> BTreeSet<String> {
    let text = fs::read_to_string(workspace_root().join(file)).expect("source file");
    let mut found = BTreeSet::new();
    let mut blocks = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != header {
            continue;
        }
        blocks += 1;
        let mut depth = 1;
        for line in lines.by_ref() {
            let code = line.trim();
            let visible =
                !public_only || code.starts_with("pub fn") || code.starts_with("pub async fn");
            if depth == 1 && visible {
                if let Some((before, after)) = code.split_once("fn ") {
                    let is_item = before
                        .split_whitespace()
                        .all(|w| matches!(w, "pub" | "pub(crate)" | "async" | "const" | "unsafe"));
                    let name: String = after
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if is_item && !name.is_empty() {
                        found.insert(name);
                    }
                }
            }
            depth += code.matches('{').count();
            depth -= code.matches('}').count().min(depth);
            if depth == 0 {
                break;
            }
        }
    }
    assert!(blocks > 0, "no `{header}` block in {file}");
    found
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn the_names_the_runtime_claims_are_the_runtime_s_methods() {
    let builder = methods(
        "codegen/runtime/src/api_client.rs",
        "impl ClientBuilder {",
        false,
    );
    assert_eq!(
        set(&codegen::ir::names::RUNTIME_CLIENT_BUILDER_METHODS),
        builder,
        "ir::names::RUNTIME_CLIENT_BUILDER_METHODS against api_client!'s ClientBuilder"
    );
    let mut client = methods("codegen/runtime/src/api_client.rs", "impl Client {", false);
    // What the runtime's `Client` adds through `Deref`: its public methods.
    client.extend(methods(
        "codegen/runtime/src/client.rs",
        "impl Client {",
        true,
    ));
    client.extend(methods(
        "codegen/runtime/src/sending.rs",
        "impl Client {",
        true,
    ));
    assert_eq!(
        set(&codegen::ir::names::RUNTIME_CLIENT_METHODS),
        client,
        "ir::names::RUNTIME_CLIENT_METHODS against api_client!'s Client and the runtime's"
    );
}

#[test]
fn the_names_emit_claims_on_the_client_are_emit_s_methods() {
    let mut client = BTreeSet::new();
    let mut builder = BTreeSet::new();
    for file in [
        "codegen/src/emit/environment.rs",
        "codegen/src/emit/regions.rs",
    ] {
        let path = workspace_root().join(file);
        let text = fs::read_to_string(&path).expect("source file");
        if text.lines().any(|l| l.trim() == "impl super::Client {") {
            client.extend(methods(file, "impl super::Client {", false));
        }
        if text
            .lines()
            .any(|l| l.trim() == "impl super::ClientBuilder {")
        {
            builder.extend(methods(file, "impl super::ClientBuilder {", false));
        }
    }
    assert_eq!(
        set(&codegen::ir::names::GENERATED_CLIENT_METHODS),
        client,
        "ir::names::GENERATED_CLIENT_METHODS against emit's `impl super::Client` blocks"
    );
    assert_eq!(
        set(&codegen::ir::names::GENERATED_CLIENT_BUILDER_METHODS),
        builder,
        "ir::names::GENERATED_CLIENT_BUILDER_METHODS against emit's `impl super::ClientBuilder` blocks"
    );
}

#[test]
fn the_root_items_ir_names_lists_are_the_runtime_s_and_emit_s() {
    let api_client = fs::read_to_string(workspace_root().join("codegen/runtime/src/api_client.rs"))
        .expect("api_client.rs");
    let runtime: BTreeSet<String> = api_client
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub struct "))
        .map(|rest| rest.chars().take_while(|c| c.is_alphanumeric()).collect())
        .collect();
    assert_eq!(
        set(&codegen::ir::names::RUNTIME_ROOT_ITEMS),
        runtime,
        "ir::names::RUNTIME_ROOT_ITEMS against api_client!'s items"
    );
    // The golden output's root: a spec with servers, so every item emit may put there.
    let root = fs::read_to_string(workspace_root().join("codegen/tests/golden/constructs/mod.rs"))
        .expect("the golden root");
    let mut generated = BTreeSet::new();
    for line in root.lines() {
        if let Some(rest) = line.strip_prefix("pub type ") {
            generated.insert(rest.chars().take_while(|c| c.is_alphanumeric()).collect());
        }
        if line == "pub use regions::*;" {
            generated.extend(regions_root_items());
        }
    }
    assert_eq!(
        set(&codegen::ir::names::GENERATED_ROOT_ITEMS),
        generated,
        "ir::names::GENERATED_ROOT_ITEMS against the items of the golden output's root"
    );
}

#[test]
fn the_prelude_items_ir_names_lists_are_the_golden_prelude_s_names_besides_models() {
    let root = fs::read_to_string(workspace_root().join("codegen/tests/golden/constructs/mod.rs"))
        .expect("the golden root");
    // The names the prelude's `pub use`s give, less the models' and the traits imported
    // without their names (`as _`).
    let models = ["super", "models"].map(String::from);
    let exported: BTreeSet<String> = exports(&root)
        .expect("the golden root is Rust")
        .uses
        .into_iter()
        .filter(|u| u.scope == ["prelude"] && u.name != "_" && !u.path.starts_with(&models))
        .map(|u| u.name)
        .collect();
    assert_eq!(
        set(&codegen::ir::names::PRELUDE_ITEMS),
        exported,
        "ir::names::PRELUDE_ITEMS against the golden prelude's names besides models"
    );
}

/// The items of the golden output's `regions.rs` (re-exported at the root) but the
/// multi-region handles, named after the handles (`MultiRegionJobs` after `Jobs`).
fn regions_root_items() -> BTreeSet<String> {
    let read = |file: &str| {
        fs::read_to_string(
            workspace_root()
                .join("codegen/tests/golden/constructs")
                .join(file),
        )
        .expect("golden file")
    };
    let items = |text: &str| -> BTreeSet<String> {
        text.lines()
            .filter_map(|l| {
                l.strip_prefix("pub struct ")
                    .or(l.strip_prefix("pub enum "))
            })
            .map(|rest| rest.chars().take_while(|c| c.is_alphanumeric()).collect())
            .collect()
    };
    let handles = items(&read("resources.rs"));
    items(&read("regions.rs"))
        .into_iter()
        .filter(|n| {
            !n.strip_prefix("MultiRegion")
                .is_some_and(|h| handles.contains(h))
        })
        .collect()
}
