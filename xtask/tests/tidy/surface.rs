//! vpn-api's public surface has no back door and one rule for third-party types: every crate
//! whose types appear in a public signature of the runtime or the generated code is
//! re-exported at the crate root, so users name it without depending on it by hand.

use crate::source::{relative, rust_files};
use std::collections::BTreeSet;
use std::fs;
use xtask::workspace_root;

/// Crates a public signature may name that users never need to depend on: the standard library
/// (`fmt` is `std::fmt`, imported by that name) and the generated code's own paths.
const NOT_THIRD_PARTY: &[&str] = &[
    "std",
    "core",
    "alloc",
    "fmt",
    "crate",
    "super",
    "self",
    "Self",
    "rt",
    "vpn_runtime",
];

/// The crates named by public lines (`pub fn`, `pub` fields, `pub type`) of these folders: the
/// first segment of each `name::` path.
fn crates_in_public_lines(dirs: &[&str]) -> BTreeSet<String> {
    let roots: Vec<_> = dirs.iter().map(|d| workspace_root().join(d)).collect();
    let mut names = BTreeSet::new();
    for path in rust_files()
        .into_iter()
        .filter(|p| roots.iter().any(|r| p.starts_with(r)))
    {
        let text = fs::read_to_string(&path).unwrap_or_default();
        for line in text.lines().map(str::trim_start) {
            if !line.starts_with("pub ")
                || line.starts_with("pub use")
                || line.starts_with("pub mod")
            {
                continue;
            }
            let code = line.split("//").next().unwrap_or_default();
            for (at, _) in code.match_indices("::") {
                let start = code[..at]
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .map_or(0, |i| i + 1);
                let name = &code[start..at];
                let leads_path = start < 2 || &code[start - 2..start] != "::";
                let lowercase = name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
                if leads_path && lowercase && !NOT_THIRD_PARTY.contains(&name) {
                    names.insert(format!("{name} ({})", relative(&path)));
                }
            }
        }
    }
    names
}

#[test]
fn every_third_party_crate_in_a_public_signature_is_reexported() {
    let lib = fs::read_to_string(workspace_root().join("vpn-api/src/lib.rs")).expect("lib.rs");
    let models = [
        "models",
        "operations",
        "resources",
        "validation",
        "regions",
        "testkit",
    ];
    let missing: Vec<String> =
        crates_in_public_lines(&["codegen/runtime/src", "vpn-api/src/generated"])
            .into_iter()
            .filter(|found| {
                let name = found.split(' ').next().unwrap_or_default();
                // The generated crate's own modules, and the runtime's (`testkit::Model`).
                !models.contains(&name)
                    && !lib.contains(&format!(" {name},"))
                    && !lib.contains(&format!("{{{name},"))
                    && !lib.contains(&format!(" {name}}}"))
            })
            .collect();
    assert!(
        missing.is_empty(),
        "vpn-api/src/lib.rs should re-export these crates (`pub use vpn_runtime::{{..}}`): \
         {missing:#?}"
    );
}

/// No `#[doc(hidden)]` on anything public in vpn-api, hand-written or generated: what users
/// may call is documented, the rest is not `pub`.
#[test]
fn nothing_public_in_vpn_api_is_hidden() {
    let root = workspace_root().join("vpn-api/src");
    let mut hidden = Vec::new();
    for path in rust_files().into_iter().filter(|p| p.starts_with(&root)) {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains("doc(hidden)") {
                continue;
            }
            // The item the attribute is on: the next line that is not an attribute or a doc.
            let item = lines[i + 1..]
                .iter()
                .map(|l| l.trim_start())
                .find(|l| !l.starts_with("#[") && !l.starts_with("///"))
                .unwrap_or_default();
            if item.starts_with("pub ") {
                hidden.push(format!("{}:{}: {item}", relative(&path), i + 1));
            }
        }
    }
    assert!(hidden.is_empty(), "hidden public items: {hidden:#?}");
}
