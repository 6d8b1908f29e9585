//! One case per rule of the review's Rust surface (`diff::surface`), oasdiff-style: an edit
//! of the VPN spec, the rule at its place, `info` on the wire, breaking (removed, renamed,
//! changed) or additive (added) in Rust, and the semver step that follows.

mod common;

use codegen::diff::SemverStep;
use serde_json::{json, Value};
use std::collections::BTreeSet;

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

/// An API-key security scheme the document's requirements offer beside its own: `ClientBuilder`
/// gets a setter for its key.
fn api_key(doc: &mut Value) {
    doc["components"]["securitySchemes"]["ApiKeyAuth"] =
        json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"});
    doc["security"]
        .as_array_mut()
        .expect("requirements")
        .push(json!({"ApiKeyAuth": []}));
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
    (
        "rust-model-setter-added",
        "#/components/schemas/WireguardPeer/properties/keepalive",
        none,
        peer_keepalive_number,
    ),
    (
        "rust-model-setter-removed",
        "#/components/schemas/WireguardPeer/properties/keepalive",
        peer_keepalive_number,
        none,
    ),
    (
        "rust-model-setter-changed",
        "#/components/schemas/WireguardPeer/properties/keepalive",
        peer_keepalive_number,
        peer_keepalive_text,
    ),
    (
        "rust-credential-setter-added",
        "#/components/securitySchemes/ApiKeyAuth",
        none,
        api_key,
    ),
    (
        "rust-credential-setter-removed",
        "#/components/securitySchemes/ApiKeyAuth",
        api_key,
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
