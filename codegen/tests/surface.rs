//! The review's Rust surface (`diff::surface`): it names exactly what emit writes (every
//! public method of the handles, list requests, builders, the models' and queries' `with_…`
//! setters, `ClientBuilder`'s API-key setters, the public helpers and the prelude's names,
//! each with the types it takes and returns, read from the generated code with syn), on the
//! VPN spec and every construct fixture; the tag
//! renamed in the VPN spec is a Rust-breaking change that asks for a major step. One case per
//! rule of the surface: `surface_rules.rs`.

mod common;

use codegen::diff::{surface, SemverStep, SurfaceItem, SurfaceKind};
use codegen::ir::Api;
use codegen::Mode;
use std::collections::{BTreeMap, BTreeSet};
use syn::{FnArg, ImplItem, Item, UseTree, Visibility};

/// A type as the surface spells it: module paths and lifetimes left out, `&` dropped (`&mut`
/// kept), `impl Trait` as the trait, `Item = T` as `T`, a generic parameter as its bound, and
/// `Result<T, Error>` (the crate's error) as `T`.
fn spelled(ty: &syn::Type, bounds: &BTreeMap<String, String>) -> String {
    use syn::{Type, TypeParamBound};
    let path = |p: &syn::Path| spelled_path(p, bounds);
    match ty {
        Type::Path(p) => path(&p.path),
        Type::Reference(r) if r.mutability.is_some() => {
            format!("&mut {}", spelled(&r.elem, bounds))
        }
        Type::Reference(r) => match spelled(&r.elem, bounds).as_str() {
            "str" => "String".into(),
            other => other.into(),
        },
        Type::ImplTrait(i) => i
            .bounds
            .iter()
            .find_map(|b| match b {
                TypeParamBound::Trait(t) => Some(path(&t.path)),
                _ => None,
            })
            .expect("a trait"),
        Type::Tuple(t) => {
            let items: Vec<String> = t.elems.iter().map(|t| spelled(t, bounds)).collect();
            format!("({})", items.join(", "))
        }
        Type::Paren(p) => spelled(&p.elem, bounds),
        Type::Group(g) => spelled(&g.elem, bounds),
        // Slices and the like: in no item of the surface, kept as written.
        other => quote::quote!(#other).to_string(),
    }
}

/// A path as the surface spells it (see [`spelled`]).
fn spelled_path(p: &syn::Path, bounds: &BTreeMap<String, String>) -> String {
    use syn::{GenericArgument, PathArguments};
    let last = p.segments.last().expect("a segment");
    let name = last.ident.to_string();
    if p.segments.len() == 1 {
        if let Some(bound) = bounds.get(&name) {
            return bound.clone();
        }
    }
    match &last.arguments {
        PathArguments::None => name,
        PathArguments::AngleBracketed(a) => {
            let args: Vec<String> = a
                .args
                .iter()
                .filter_map(|g| match g {
                    GenericArgument::Type(t) => Some(spelled(t, bounds)),
                    GenericArgument::AssocType(t) => Some(spelled(&t.ty, bounds)),
                    _ => None,
                })
                .collect();
            match args.as_slice() {
                [ok, error] if name == "Result" && error == "Error" => ok.clone(),
                [] => name,
                _ => format!("{name}<{}>", args.join(", ")),
            }
        }
        PathArguments::Parenthesized(p) => {
            let args: Vec<String> = p.inputs.iter().map(|t| spelled(t, bounds)).collect();
            format!("{name}({})", args.join(", "))
        }
    }
}

/// A function's signature as the surface writes it: `(A, B) -> C`, without `self`.
fn signature_of(sig: &syn::Signature) -> String {
    let mut bounds = BTreeMap::new();
    for p in sig.generics.type_params() {
        if let Some(syn::TypeParamBound::Trait(t)) = p.bounds.first() {
            let bound = spelled_path(&t.path, &BTreeMap::new());
            bounds.insert(p.ident.to_string(), bound);
        }
    }
    let arguments: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => Some(spelled(&t.ty, &bounds)),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let output = match &sig.output {
        syn::ReturnType::Default => "()".into(),
        syn::ReturnType::Type(_, ty) => spelled(ty, &bounds),
    };
    format!("({}) -> {output}", arguments.join(", "))
}

/// Public functions of inherent impls, by `SelfType::name`, with their signatures as the
/// surface spells them.
fn public_functions(file: &syn::File) -> BTreeMap<String, String> {
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
            out.insert(format!("{owner}::{}", f.sig.ident), signature_of(&f.sig));
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

/// What emit wrote that the surface must name: `path -> signature` (`None` for the prelude's
/// names, which take none).
fn written(api: &Api, files: &[codegen::GeneratedFile]) -> BTreeMap<String, Option<String>> {
    let builders: BTreeSet<&str> = api.builders.values().map(|b| b.name.as_str()).collect();
    let queries: BTreeSet<&str> = api
        .operations
        .values()
        .filter_map(|o| o.query_type.as_deref())
        .collect();
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
                    || path.contains("::with_")
                    || (builders.contains(owner) && !path.ends_with("::build"))
            }),
            "operations.rs" => Box::new(|path: &str| {
                let owner = path.split("::").next().expect("owner");
                (path.starts_with("Client::") && !operations.contains(path))
                    || (queries.contains(owner) && path.contains("::with_"))
            }),
            "credentials.rs" => Box::new(|_| true),
            _ => Box::new(|_| false),
        };
        for (path, signature) in functions {
            if keep(&path) {
                out.insert(path, Some(signature));
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
fn claimed(items: &[SurfaceItem]) -> BTreeMap<String, Option<String>> {
    items
        .iter()
        .cloned()
        .map(|item| {
            let signature = match item.kind {
                SurfaceKind::PreludeItem => None,
                _ => Some(item.signature),
            };
            (item.path, signature)
        })
        .collect()
}

/// Holds the surface of one document to what emit writes; the kinds of item it had.
fn check(
    label: &str,
    spec: &str,
    overlay: Option<&str>,
    wrong: &mut Vec<String>,
) -> BTreeSet<SurfaceKind> {
    let input = codegen::Input {
        spec,
        overlay,
        spec_label: "surface",
    };
    let Ok(generated) = codegen::generate_in(&input, Mode::SkipUnsupported) else {
        return BTreeSet::new();
    };
    let doc = codegen::load::load(spec, overlay).expect("loads as it generated");
    let (api, _) = codegen::resolve::resolve_in(&doc, Mode::SkipUnsupported).expect("resolves");
    let items = surface(&api);
    let (written, claimed) = (written(&api, &generated.files), claimed(&items));
    for (path, signature) in &written {
        match claimed.get(path) {
            None => wrong.push(format!(
                "{label}: emit writes `{path}`, the surface lacks it"
            )),
            Some(s) if s != signature => wrong.push(format!(
                "{label}: `{path}` is `{signature:?}` as emit writes it, the surface says `{s:?}`"
            )),
            Some(_) => {}
        }
    }
    for path in claimed.keys().filter(|p| !written.contains_key(*p)) {
        wrong.push(format!(
            "{label}: the surface names `{path}`, emit does not write it"
        ));
    }
    items.iter().map(|i| i.kind).collect()
}

/// Every kind of item; the match makes a new kind a compile error here until it is listed.
const EVERY_KIND: [SurfaceKind; 9] = {
    use SurfaceKind as K;
    const fn listed(kind: SurfaceKind) -> SurfaceKind {
        match kind {
            K::Handle
            | K::HandleMethod
            | K::ListRequestMethod
            | K::Builder
            | K::BuilderSetter
            | K::ModelSetter
            | K::CredentialSetter
            | K::ClientHelper
            | K::PreludeItem => kind,
        }
    }
    [
        listed(K::Handle),
        listed(K::HandleMethod),
        listed(K::ListRequestMethod),
        listed(K::Builder),
        listed(K::BuilderSetter),
        listed(K::ModelSetter),
        listed(K::CredentialSetter),
        listed(K::ClientHelper),
        listed(K::PreludeItem),
    ]
};

#[test]
fn the_surface_names_what_emit_writes() {
    let mut wrong = Vec::new();
    let (spec, overlay) = common::bundled_spec();
    let mut kinds = check("spec/openapi.json", &spec, Some(&overlay), &mut wrong);
    let golden = common::read(&common::manifest_dir().join("tests/golden/constructs.yaml"));
    kinds.extend(check("golden", &golden, None, &mut wrong));
    let constructs = common::manifest_dir().join("tests/constructs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&constructs).expect("constructs") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let spec = common::read(&path);
            kinds.extend(check(&path.display().to_string(), &spec, None, &mut wrong));
            checked += 1;
        }
    }
    assert!(checked > 20, "the construct fixtures are read ({checked})");
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Every kind of item is held to the output somewhere.
    let every: BTreeSet<SurfaceKind> = EVERY_KIND.into_iter().collect();
    assert_eq!(kinds, every);
}

#[test]
fn the_vpn_surface_has_every_kind() {
    let (spec, overlay) = common::bundled_spec();
    let doc = codegen::load::load(&spec, Some(&overlay)).expect("loads");
    let api = codegen::resolve::resolve(&doc).expect("resolves");
    let kinds: BTreeSet<SurfaceKind> = surface(&api).iter().map(|i| i.kind).collect();
    // The VPN spec has no API-key scheme, and a handle covers each of its operations.
    let elsewhere = [SurfaceKind::CredentialSetter, SurfaceKind::ClientHelper];
    for kind in EVERY_KIND.into_iter().filter(|k| !elsewhere.contains(k)) {
        assert!(kinds.contains(&kind), "{kind:?}");
    }
}

/// What users write for each way a setter takes its value (`ir::SetterInput`, `ir::Argument`)
/// and for a type from another crate, as the review names it on the VPN spec: the spelling both
/// emit and the surface render (`ir::Spelling`), held here to what it should say.
#[test]
fn the_vpn_surface_spells_what_setters_take() {
    let (spec, overlay) = common::bundled_spec();
    let doc = codegen::load::load(&spec, Some(&overlay)).expect("loads");
    let api = codegen::resolve::resolve(&doc).expect("resolves");
    let signatures: BTreeMap<String, String> = surface(&api)
        .into_iter()
        .map(|i| (i.path, i.signature))
        .collect();
    let expected = [
        // A checked string type, taken as text.
        (
            "WireguardGatewayBuilder::interface_ipv4_cidr",
            "(Into<String>) -> Self",
        ),
        // A list of checked strings.
        (
            "IpSecTunnelBuilder::cloud_network_cidrs",
            "(IntoIterator<Into<String>>) -> Self",
        ),
        // A list of anything else.
        (
            "WireguardGatewayBuilder::connections",
            "(IntoIterator<Connection>) -> Self",
        ),
        // A secret, taken as what turns into one.
        (
            "WireguardGatewayBuilder::private_key",
            "(Into<Secret>) -> Self",
        ),
        ("WireguardGatewayBuilder::listen_port", "(i32) -> Self"),
        (
            "IpSecGatewayMetadata::with_created_date",
            "(DateTime<FixedOffset>) -> Self",
        ),
    ];
    for (path, signature) in expected {
        assert_eq!(
            signatures.get(path).map(String::as_str),
            Some(signature),
            "{path}"
        );
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
