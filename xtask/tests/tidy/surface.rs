//! vpn-api's public surface has no back door and one rule for third-party types: every crate
//! whose types appear in a public signature of the runtime or the generated code is
//! re-exported at the crate root, so users name it without depending on it by hand.

use crate::source::{exports, relative, rust_files};
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

/// Every public type of vpn-runtime and of vpn-api has one path in its crate: no `pub use`
/// re-exports a type at a second place (a root type again in `support`, an item of a public
/// module at the root, a public module's glob). The prelude is the one deliberate second path
/// (`use vpn_api::prelude::*`), and the only place left out.
#[test]
fn every_public_type_has_one_path() {
    let read = |path: &str| fs::read_to_string(workspace_root().join(path)).expect(path);
    let mut second = second_paths("vpn-runtime", &[read("codegen/runtime/src/lib.rs")]);
    // The generated root is re-exported whole at vpn-api's root (`pub use generated::*`).
    let vpn_api = [
        read("vpn-api/src/lib.rs"),
        read("vpn-api/src/generated/mod.rs"),
    ];
    second.extend(second_paths("vpn-api", &vpn_api));
    assert!(second.is_empty(), "types with a second path: {second:#?}");
    // The check itself sees each way to make a second path.
    let made = [
        "mod a; pub use a::Thing; pub mod support { pub use super::Thing; }",
        "pub mod models; pub use models::Thing;",
        "pub mod resources; pub use resources::*;",
        "pub use other::Thing; pub mod support { pub use other::Thing; }",
        "pub mod testkit; pub mod support { pub use super::testkit; }",
        // Literals a hand tokenizer misreads as the start of a string that never ends.
        "pub mod models; const QUOTE: char = '\"'; pub use models::Thing;",
        r##"pub mod models; const RAW: &str = r#"say "hi""#; pub use models::Thing;"##,
    ];
    for text in made {
        assert!(!second_paths("made", &[text.into()]).is_empty(), "{text}");
    }
    let fine = [
        "mod a; pub use a::Thing; pub mod prelude { pub use super::Thing; }",
        "pub mod a; pub mod prelude { pub use vpn::*; mod vpn { pub use crate::a::Thing; } }",
        // A use that is not public exports nothing.
        "mod a; pub use a::Thing; pub mod support { pub(crate) use super::Thing; }",
        // Code in a comment or a string is not code.
        "mod a; pub use a::Thing; /* pub mod support { pub use super::Thing; } */",
        "pub mod a; const Q: char = '\"'; const S: &str = \"pub use a::Thing;\";",
    ];
    for text in fine {
        assert!(second_paths("fine", &[text.into()]).is_empty(), "{text}");
    }
}

/// The second paths the root files of one crate make (see [`every_public_type_has_one_path`]).
fn second_paths(krate: &str, roots: &[String]) -> Vec<String> {
    let mut modules = BTreeSet::new();
    let mut public_modules = BTreeSet::new();
    let mut uses = Vec::new();
    for text in roots {
        let found = exports(text)
            .unwrap_or_else(|e| panic!("a root file of {krate} is not Rust that syn reads: {e}"));
        modules.extend(found.modules);
        public_modules.extend(found.public_modules);
        uses.extend(found.uses);
    }
    let at_root: BTreeSet<&String> = uses
        .iter()
        .filter(|u| u.scope.is_empty())
        .map(|u| &u.name)
        .collect();
    let mut places: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let mut second = Vec::new();
    for u in uses.iter().filter(|u| u.name != "_") {
        // The prelude and the modules inside it that it re-exports whole.
        if u.scope.iter().any(|m| m == "prelude") {
            continue;
        }
        let here = format!("{krate}::{}", u.scope.join("::"));
        let absolute: Vec<String> = match u.path.first().map(String::as_str) {
            Some("super") => u.scope[..u.scope.len().saturating_sub(1)]
                .iter()
                .chain(&u.path[1..])
                .cloned()
                .collect(),
            Some("self") => u.scope.iter().chain(&u.path[1..]).cloned().collect(),
            Some("crate") => u.path[1..].to_vec(),
            _ => u.path.clone(),
        };
        let local = absolute
            .first()
            .is_some_and(|first| modules.contains(&vec![first.clone()]) || at_root.contains(first));
        if local {
            let through = (1..=absolute.len())
                .map(|k| absolute[..k].to_vec())
                .find(|m| public_modules.contains(m));
            if let Some(module) = through {
                second.push(format!(
                    "{} at {here} is also in the public module {}",
                    u.name,
                    module.join("::")
                ));
            } else if absolute.len() == 1 && !u.scope.is_empty() && at_root.contains(&absolute[0]) {
                second.push(format!("{} at {here} is also at the root", u.name));
            }
        }
        if u.name.starts_with(|c: char| c.is_ascii_uppercase()) {
            places.entry(&u.name).or_default().push(here);
        }
    }
    for (name, at) in places.into_iter().filter(|(_, at)| at.len() > 1) {
        second.push(format!("{name} is exported at {at:?}"));
    }
    second
}
