//! The review's Rust surface (`diff::surface`): it names exactly what emit writes (every
//! public method of the handles, list requests, builders, the public helpers and the prelude's
//! names, with as many arguments), on the VPN spec and every construct fixture; the tag
//! renamed in the VPN spec is a Rust-breaking change that asks for a major step. One case per
//! rule of the surface: `surface_rules.rs`.

mod common;

use codegen::diff::{surface, SemverStep, SurfaceKind};
use codegen::ir::Api;
use codegen::Mode;
use std::collections::{BTreeMap, BTreeSet};
use syn::{FnArg, ImplItem, Item, UseTree, Visibility};

/// Public functions of inherent impls, by `SelfType::name`, with their count of arguments
/// besides `self`.
fn public_functions(file: &syn::File) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(path) = &*block.self_ty else {
            continue;
        };
        let owner = path.path.segments.last().expect("a type").ident.to_string();
        for member in &block.items {
            let ImplItem::Fn(f) = member else { continue };
            if !matches!(f.vis, Visibility::Public(_)) {
                continue;
            }
            let arguments = f
                .sig
                .inputs
                .iter()
                .filter(|a| matches!(a, FnArg::Typed(_)))
                .count();
            out.insert(format!("{owner}::{}", f.sig.ident), arguments);
        }
    }
    out
}

/// The names a `pub use` tree exports (not those imported as `_`).
fn exported(tree: &UseTree, out: &mut BTreeSet<String>) {
    match tree {
        UseTree::Path(p) => exported(&p.tree, out),
        UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        UseTree::Rename(r) if r.rename != "_" => {
            out.insert(r.rename.to_string());
        }
        UseTree::Group(g) => g.items.iter().for_each(|t| exported(t, out)),
        _ => {}
    }
}

/// How many arguments a surface signature (`(A, Map<String, B>) -> C`) names.
fn arity(signature: &str) -> usize {
    let inside = &signature[1..signature.find(") -> ").expect("a signature")];
    if inside.is_empty() {
        return 0;
    }
    let mut depth = 0;
    let mut count = 1;
    for c in inside.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => count += 1,
            _ => {}
        }
    }
    count
}

/// What emit wrote that the surface must name: `path -> arguments` (`None` for the prelude's
/// names, which take none).
fn written(api: &Api, files: &[codegen::GeneratedFile]) -> BTreeMap<String, Option<usize>> {
    let builders: BTreeSet<&str> = api.builders.values().map(|b| b.name.as_str()).collect();
    let operations: BTreeSet<String> = api
        .operations
        .values()
        .map(|o| format!("Client::{}", o.fn_name))
        .collect();
    // What every generated crate has, whatever its spec: not the spec's surface.
    let fixed = [
        "MultiRegionClient::from_env",
        "MultiRegionClient::new",
        "MultiRegionClient::concurrency",
        "MultiRegionClient::from_builder",
    ];
    let runtime_names = [
        "Uuid",
        "RetryPolicy",
        "WaitOptions",
        "Client",
        "ClientBuilder",
    ];
    let mut out = BTreeMap::new();
    for file in files {
        let name = file.path.rsplit('/').next().expect("a name");
        let parsed = syn::parse_file(&file.contents).expect("generated code parses");
        let functions = public_functions(&parsed);
        let keep: Box<dyn Fn(&str) -> bool> = match name {
            "resources.rs" => Box::new(|_| true),
            "regions.rs" => {
                Box::new(|path: &str| path.starts_with("MultiRegion") && !fixed.contains(&path))
            }
            "models.rs" => Box::new(|path: &str| {
                let owner = path.split("::").next().expect("owner");
                path.ends_with("::builder")
                    || (builders.contains(owner) && !path.ends_with("::build"))
            }),
            "operations.rs" => {
                Box::new(|path: &str| path.starts_with("Client::") && !operations.contains(path))
            }
            _ => Box::new(|_| false),
        };
        for (path, arguments) in functions {
            if keep(&path) {
                out.insert(path, Some(arguments));
            }
        }
        if name == "mod.rs" {
            for item in &parsed.items {
                let Item::Mod(m) = item else { continue };
                if m.ident != "prelude" {
                    continue;
                }
                let mut names = BTreeSet::new();
                for inner in m.content.iter().flat_map(|(_, items)| items) {
                    if let Item::Use(u) = inner {
                        exported(&u.tree, &mut names);
                    }
                }
                for n in names
                    .into_iter()
                    .filter(|n| !runtime_names.contains(&n.as_str()))
                {
                    out.insert(format!("prelude::{n}"), None);
                }
            }
        }
    }
    out
}

/// The surface's items as the same map.
fn claimed(api: &Api) -> BTreeMap<String, Option<usize>> {
    surface(api)
        .into_iter()
        .map(|item| {
            let arguments = match item.kind {
                SurfaceKind::PreludeItem => None,
                // The handle's `Client` method takes its parents; `builder()` nothing.
                _ => Some(arity(&item.signature)),
            };
            (item.path, arguments)
        })
        .collect()
}

fn check(label: &str, spec: &str, overlay: Option<&str>, wrong: &mut Vec<String>) {
    let input = codegen::Input {
        spec,
        overlay,
        spec_label: "surface",
    };
    let Ok(generated) = codegen::generate_in(&input, Mode::SkipUnsupported) else {
        return;
    };
    let doc = codegen::load::load(spec, overlay).expect("loads as it generated");
    let (api, _) = codegen::resolve::resolve_in(&doc, Mode::SkipUnsupported).expect("resolves");
    let (written, claimed) = (written(&api, &generated.files), claimed(&api));
    for (path, arguments) in &written {
        match claimed.get(path) {
            None => wrong.push(format!(
                "{label}: emit writes `{path}`, the surface lacks it"
            )),
            Some(a) if a != arguments => wrong.push(format!(
                "{label}: `{path}` takes {arguments:?} arguments, the surface says {a:?}"
            )),
            Some(_) => {}
        }
    }
    for path in claimed.keys().filter(|p| !written.contains_key(*p)) {
        wrong.push(format!(
            "{label}: the surface names `{path}`, emit does not write it"
        ));
    }
}

#[test]
fn the_surface_names_what_emit_writes() {
    let mut wrong = Vec::new();
    let (spec, overlay) = common::bundled_spec();
    check("spec/openapi.json", &spec, Some(&overlay), &mut wrong);
    let golden = common::read(&common::manifest_dir().join("tests/golden/constructs.yaml"));
    check("golden", &golden, None, &mut wrong);
    let constructs = common::manifest_dir().join("tests/constructs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&constructs).expect("constructs") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let spec = common::read(&path);
            check(&path.display().to_string(), &spec, None, &mut wrong);
            checked += 1;
        }
    }
    assert!(checked > 20, "the construct fixtures are read ({checked})");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_vpn_surface_has_every_kind() {
    let (spec, overlay) = common::bundled_spec();
    let doc = codegen::load::load(&spec, Some(&overlay)).expect("loads");
    let api = codegen::resolve::resolve(&doc).expect("resolves");
    let kinds: BTreeSet<SurfaceKind> = surface(&api).iter().map(|i| i.kind).collect();
    for kind in [
        SurfaceKind::Handle,
        SurfaceKind::HandleMethod,
        SurfaceKind::ListRequestMethod,
        SurfaceKind::Builder,
        SurfaceKind::BuilderSetter,
        SurfaceKind::PreludeItem,
    ] {
        assert!(kinds.contains(&kind), "{kind:?}");
    }
}

#[test]
fn a_renamed_tag_renames_the_handle_and_asks_for_a_major_step() {
    let (spec, overlay) = common::bundled_spec();
    let renamed = spec.replace("\"WireguardPeers\"", "\"WireguardClients\"");
    assert_ne!(renamed, spec, "the tag is in the spec");
    let input = |spec| codegen::Input {
        spec,
        overlay: Some(&overlay),
        spec_label: "spec/openapi.json",
    };
    let review = codegen::diff::review(&input(&spec), &input(&renamed)).expect("reviewed");
    let renames: Vec<_> = review
        .changes
        .iter()
        .filter(|c| c.rule.id() == "rust-handle-renamed")
        .collect();
    assert_eq!(renames.len(), 1, "{:#?}", review.changes);
    let items = &renames[0].rust_items;
    for name in [
        "Client::wireguard_peers",
        "WireguardPeers",
        "WireguardPeersList",
        "Client::wireguard_clients",
        "WireguardClients",
        "WireguardClientsList",
    ] {
        assert!(items.iter().any(|i| i == name), "{name} in {items:?}");
    }
    assert_eq!(review.semver(), SemverStep::Major);
    // Nothing changes on the wire: every change is `info`, and only the rename breaks Rust.
    assert!(
        review
            .changes
            .iter()
            .all(|c| c.severity().as_str() == "info"),
        "{:#?}",
        review.changes
    );
    let breaking: Vec<&str> = review
        .changes
        .iter()
        .filter(|c| c.rust.as_str() == "breaking")
        .map(|c| c.rule.id())
        .collect();
    assert_eq!(breaking, ["rust-handle-renamed"]);
}
