//! The review's Rust surface (`diff::surface`): it names exactly what emit writes (every
//! public method of the handles, list requests, builders, the public helpers and the prelude's
//! names, with as many arguments), on the VPN spec and every construct fixture; the tag
//! renamed in the VPN spec is a Rust-breaking change that asks for a major step; and one case
//! per rule of the surface, oasdiff-style: an edit of the VPN spec, the rule at its place.

mod common;

use codegen::diff::{surface, SemverStep, SurfaceKind};
use codegen::ir::Api;
use codegen::Mode;
use serde_json::{json, Value};
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

fn bundled() -> Value {
    serde_json::from_str(&common::bundled_spec().0).expect("spec JSON")
}

/// The review of two versions of the VPN spec, with its overlay.
fn review(old: &Value, new: &Value) -> codegen::diff::Review {
    let overlay = common::bundled_spec().1;
    let (old, new) = (old.to_string(), new.to_string());
    let input = |spec| codegen::Input {
        spec,
        overlay: Some(&overlay),
        spec_label: "spec/openapi.json",
    };
    codegen::diff::review(&input(&old), &input(&new)).expect("both versions are read")
}

const PEERS: &str = "/wireguardgateways/{gatewayId}/peers";
const PEER: &str = "/wireguardgateways/{gatewayId}/peers/{peerId}";

fn path<'a>(doc: &'a mut Value, path: &str) -> &'a mut Value {
    &mut doc["paths"][path]
}

fn schema<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    &mut doc["components"]["schemas"][name]
}

fn none(_: &mut Value) {}

/// A second top-level resource, a copy of the WireGuard gateways under another tag.
fn vpn_gateways(doc: &mut Value) {
    for (from, to) in [
        ("/wireguardgateways", "/vpngateways"),
        ("/wireguardgateways/{gatewayId}", "/vpngateways/{gatewayId}"),
    ] {
        let mut item = path(doc, from).clone();
        for op in item.as_object_mut().expect("path item").values_mut() {
            let id = op["operationId"]
                .as_str()
                .expect("id")
                .replace("wireguard", "vpn");
            op["operationId"] = json!(id);
            op["tags"] = json!(["VpnGateways"]);
        }
        doc["paths"][to] = item;
    }
}

fn without_peer_delete(doc: &mut Value) {
    path(doc, PEER)
        .as_object_mut()
        .expect("path item")
        .shift_remove("delete");
}

fn renamed_tag(doc: &mut Value) {
    *doc = serde_json::from_str(
        &doc.to_string()
            .replace("\"WireguardPeers\"", "\"WireguardClients\""),
    )
    .expect("JSON");
}

/// Every path parameter `name` of the peers' operations in another type.
fn peer_parameter_typed(doc: &mut Value, name: &str, ty: Value) {
    for p in [PEERS, PEER] {
        for op in path(doc, p).as_object_mut().expect("item").values_mut() {
            for parameter in op["parameters"].as_array_mut().into_iter().flatten() {
                if parameter["name"] == name {
                    parameter["schema"] = ty.clone();
                }
            }
        }
    }
}

fn gateway_id_text(doc: &mut Value) {
    peer_parameter_typed(doc, "gatewayId", json!({"type": "string"}));
}

fn peer_id_text(doc: &mut Value) {
    peer_parameter_typed(doc, "peerId", json!({"type": "string"}));
}

/// An optional query parameter of the peers' list (its third, after offset and limit).
fn peer_filter(ty: &str) -> impl Fn(&mut Value) + '_ {
    move |doc: &mut Value| {
        path(doc, PEERS)["get"]["parameters"]
            .as_array_mut()
            .expect("parameters")
            .push(json!({"name": "filter", "in": "query", "schema": {"type": ty}}));
    }
}

fn peer_filter_text(doc: &mut Value) {
    peer_filter("string")(doc)
}

fn peer_filter_number(doc: &mut Value) {
    peer_filter("integer")(doc)
}

fn ike_two_required(doc: &mut Value) {
    schema(doc, "IKEEncryption")["required"] = json!(["diffieHellmanGroup", "encryptionAlgorithm"]);
}

fn peer_keepalive(ty: &str) -> impl Fn(&mut Value) + '_ {
    move |doc: &mut Value| {
        schema(doc, "WireguardPeer")["properties"]["keepalive"] = json!({"type": ty});
    }
}

fn peer_keepalive_number(doc: &mut Value) {
    peer_keepalive("integer")(doc)
}

fn peer_keepalive_text(doc: &mut Value) {
    peer_keepalive("string")(doc)
}

/// A paginated list no handle covers: its helpers (`…_pages`, `…_stream`, `…_all`) are public.
fn reports(page: &str) -> impl Fn(&mut Value) + '_ {
    move |doc: &mut Value| {
        doc["paths"]["/reports"] = json!({"get": {
            "operationId": "reportsGet",
            "parameters": [
                {"$ref": "#/components/parameters/paginationOffset"},
                {"$ref": "#/components/parameters/paginationLimit"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": format!("#/components/schemas/{page}")}}}}}}});
    }
}

fn reports_of_gateways(doc: &mut Value) {
    reports("WireguardGatewayReadList")(doc)
}

fn reports_of_tunnels(doc: &mut Value) {
    reports("IPSecTunnelReadList")(doc)
}

/// A new model the peers' properties are made of: the prelude exports it.
fn peer_label(doc: &mut Value) {
    schema(doc, "WireguardPeer")["properties"]["label"] =
        json!({"$ref": "#/components/schemas/PeerLabel"});
    doc["components"]["schemas"]["PeerLabel"] = json!({"type": "string", "enum": ["a", "b"]});
}

/// (rule, place, edit of the old document, edit of the new one).
type Case = (&'static str, &'static str, fn(&mut Value), fn(&mut Value));

const CASES: &[Case] = &[
    (
        "rust-handle-added",
        "#/paths/~1vpngateways/get",
        none,
        vpn_gateways,
    ),
    (
        "rust-handle-removed",
        "#/paths/~1vpngateways/get",
        vpn_gateways,
        none,
    ),
    (
        "rust-handle-renamed",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers/get",
        none,
        renamed_tag,
    ),
    (
        "rust-handle-changed",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers/get",
        none,
        gateway_id_text,
    ),
    (
        "rust-handle-method-added",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers~1{peerId}/delete",
        without_peer_delete,
        none,
    ),
    (
        "rust-handle-method-removed",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers~1{peerId}/delete",
        none,
        without_peer_delete,
    ),
    (
        "rust-handle-method-changed",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers~1{peerId}/get",
        none,
        peer_id_text,
    ),
    (
        "rust-list-request-method-added",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers/get/parameters/3",
        none,
        peer_filter_text,
    ),
    (
        "rust-list-request-method-removed",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers/get/parameters/3",
        peer_filter_text,
        none,
    ),
    (
        "rust-list-request-method-changed",
        "#/paths/~1wireguardgateways~1{gatewayId}~1peers/get/parameters/3",
        peer_filter_text,
        peer_filter_number,
    ),
    (
        "rust-builder-added",
        "#/components/schemas/IKEEncryption",
        none,
        ike_two_required,
    ),
    (
        "rust-builder-removed",
        "#/components/schemas/IKEEncryption",
        ike_two_required,
        none,
    ),
    (
        "rust-builder-setter-added",
        "#/components/schemas/WireguardPeer/properties/keepalive",
        none,
        peer_keepalive_number,
    ),
    (
        "rust-builder-setter-removed",
        "#/components/schemas/WireguardPeer/properties/keepalive",
        peer_keepalive_number,
        none,
    ),
    (
        "rust-builder-setter-changed",
        "#/components/schemas/WireguardPeer/properties/keepalive",
        peer_keepalive_number,
        peer_keepalive_text,
    ),
    (
        "rust-client-helper-added",
        "#/paths/~1reports/get",
        none,
        reports_of_gateways,
    ),
    (
        "rust-client-helper-removed",
        "#/paths/~1reports/get",
        reports_of_gateways,
        none,
    ),
    (
        "rust-client-helper-changed",
        "#/paths/~1reports/get",
        reports_of_gateways,
        reports_of_tunnels,
    ),
    (
        "rust-prelude-item-added",
        "#/components/schemas/PeerLabel",
        none,
        peer_label,
    ),
    (
        "rust-prelude-item-removed",
        "#/components/schemas/PeerLabel",
        peer_label,
        none,
    ),
];

#[test]
fn each_surface_rule_is_found_at_its_place_with_its_rust_effect() {
    let mut wrong = Vec::new();
    for (rule, place, edit_old, edit_new) in CASES {
        let (mut old, mut new) = (bundled(), bundled());
        edit_old(&mut old);
        edit_new(&mut new);
        let review = review(&old, &new);
        let found: Vec<_> = review
            .changes
            .iter()
            .filter(|c| c.rule.id() == *rule && c.location == *place)
            .collect();
        let expected = if rule.ends_with("-added") {
            ("additive", SemverStep::Minor)
        } else {
            ("breaking", SemverStep::Major)
        };
        match found.first() {
            None => wrong.push(format!(
                "{rule} at {place}: found {:?}",
                review
                    .changes
                    .iter()
                    .map(|c| (c.rule.id(), c.location.as_str()))
                    .collect::<Vec<_>>()
            )),
            Some(c) if c.rust.as_str() != expected.0 || c.severity().as_str() != "info" => wrong
                .push(format!(
                    "{rule}: {} in Rust, {} on the wire",
                    c.rust.as_str(),
                    c.severity()
                )),
            Some(_) if review.semver() < expected.1 => {
                wrong.push(format!("{rule}: semver step {}", review.semver()))
            }
            Some(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Every rule of the surface has its case.
    let surface_rules: BTreeSet<&str> = codegen::diff::Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| id.starts_with("rust-"))
        .collect();
    let cased: BTreeSet<&str> = CASES.iter().map(|c| c.0).collect();
    assert_eq!(surface_rules, cased);
}
