//! Spec changes as a maintainer meets them: the diff report classifies each change and names
//! the Rust items it touches, and a one-field change to the spec changes only the generated
//! lines of the type it belongs to.

mod common;

use codegen::diff::{diff, Change};
use serde_json::{json, Value};

fn bundled() -> Value {
    serde_json::from_str(&common::bundled_spec().0).expect("spec JSON")
}

fn overlay() -> String {
    common::bundled_spec().1
}

fn input<'a>(spec: &'a str, overlay: &'a str) -> codegen::Input<'a> {
    codegen::Input {
        spec,
        overlay: Some(overlay),
        spec_label: "spec/openapi.json",
    }
}

fn changes(old: &Value, new: &Value) -> Vec<Change> {
    let (old, new, overlay) = (old.to_string(), new.to_string(), overlay());
    diff(&input(&old, &overlay), &input(&new, &overlay)).expect("both versions resolve")
}

fn summary(changes: &[Change]) -> Vec<(&'static str, bool, String)> {
    changes
        .iter()
        .map(|c| (c.kind.as_str(), c.breaking, c.rust_items.join(" ")))
        .collect()
}

fn peer(doc: &mut Value) -> &mut Value {
    &mut doc["components"]["schemas"]["WireguardPeer"]
}

#[test]
fn compatible_changes_are_not_breaking() {
    let old = bundled();
    let mut new = old.clone();
    peer(&mut new)["properties"]["keepalive"] =
        json!({"type": "integer", "format": "int32", "minimum": 0, "maximum": 65535});
    let tier =
        &mut new["components"]["schemas"]["IPSecGateway"]["properties"]["tier"]["description"];
    *tier = Value::from(
        tier.as_str()
            .expect("text")
            .replace("- PREMIUM_HA\n", "- PREMIUM_HA\n- ULTRA\n"),
    );
    new["paths"]["/ipsecgateways/{gatewayId}/restart"] = json!({"post": {
        "operationId": "ipsecgatewaysRestart",
        "parameters": [{"name": "gatewayId", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
        "responses": {"202": {"description": "accepted"}}}});
    new["components"]["schemas"]["WireguardPeer"]["properties"]["name"]["maxLength"] = json!(512);
    assert_eq!(
        summary(&changes(&old, &new)),
        vec![
            (
                "option-added",
                false,
                "models::IpSecGatewayTier::Ultra".into()
            ),
            (
                "field-added",
                false,
                "models::WireguardPeer::keepalive".into()
            ),
            (
                "constraint-loosened",
                true,
                "validation::wireguard_peer::NAME_MAX_LENGTH".into()
            ),
            (
                "operation-added",
                false,
                "Client::ipsecgateways_restart".into()
            ),
        ]
    );
}

#[test]
fn breaking_changes_are_classified_with_their_rust_items() {
    let old = bundled();
    let mut new = old.clone();
    peer(&mut new)["properties"]["name"]["maxLength"] = json!(64);
    peer(&mut new)["required"]
        .as_array_mut()
        .expect("required")
        .push(json!("description"));
    let tunnel = &mut new["paths"]["/ipsecgateways/{gatewayId}/tunnels/{tunnelId}"];
    tunnel
        .as_object_mut()
        .expect("path item")
        .shift_remove("delete");
    new["servers"].as_array_mut().expect("servers").remove(0);
    let put = &mut new["paths"]["/wireguardgateways/{gatewayId}"]["put"]["responses"];
    let ok = put["200"].clone();
    put.as_object_mut()
        .expect("responses")
        .insert("206".into(), ok);
    let found = changes(&old, &new);
    assert_eq!(
        summary(&found),
        vec![
            (
                "field-required-changed",
                true,
                "models::WireguardPeer::description".into()
            ),
            (
                "constraint-tightened",
                true,
                "validation::wireguard_peer::NAME_MAX_LENGTH".into()
            ),
            (
                "operation-removed",
                true,
                "Client::ipsecgateways_tunnels_delete".into()
            ),
            (
                "success-status-added",
                true,
                "Client::wireguardgateways_put".into()
            ),
            ("server-removed", true, "Region::DeFra".into()),
        ]
    );
    let report = codegen::diff::to_markdown(&found, "old", "new");
    assert!(
        report.contains("5 changes, 5 breaking (a major release)"),
        "{report}"
    );
    let as_json = codegen::diff::to_json(&found);
    assert_eq!(
        as_json[0]["location"],
        "#/components/schemas/WireguardPeer/properties/description"
    );
    assert_eq!(as_json[0]["breaking"], true);
}

#[test]
fn an_unchanged_spec_has_no_changes_and_a_broken_one_names_its_side() {
    let old = bundled();
    assert!(changes(&old, &old).is_empty());
    let overlay = overlay();
    let good = old.to_string();
    let err = diff(&input(&good, &overlay), &input("{ nope", &overlay)).expect_err("broken");
    assert_eq!(err.side, "new");
    assert_eq!(err.error.pointer, "#");
}

/// The item a line of generated `models.rs` belongs to: doc comments and attributes belong to
/// the item below them, bodies to the item (or `impl … for` type) above them.
fn owners(lines: &[String]) -> Vec<Option<String>> {
    let header = |line: &str| -> Option<String> {
        let rest = ["pub struct ", "pub enum ", "pub type "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .or_else(|| {
                line.strip_prefix("impl ")
                    .map(|r| r.rsplit(" for ").next().unwrap_or(r))
            })?;
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty()).then_some(name)
    };
    let headers: Vec<Option<String>> = lines.iter().map(|l| header(l)).collect();
    let mut next = vec![None; lines.len()];
    let mut below = None;
    for i in (0..lines.len()).rev() {
        if headers[i].is_some() {
            below = headers[i].clone();
        }
        next[i] = below.clone();
    }
    let mut open = None;
    let mut owner = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if headers[i].is_some() {
            open = headers[i].clone();
        }
        let leading = line.starts_with("///") || line.starts_with("#[");
        owner.push(if leading {
            next[i].clone()
        } else {
            open.clone()
        });
    }
    owner
}

#[test]
fn a_one_field_change_changes_only_that_type() {
    let overlay = overlay();
    let old = bundled();
    let mut new = old.clone();
    peer(&mut new)["properties"]["keepalive"] =
        json!({"type": "integer", "format": "int32", "description": "Seconds between keepalives."});
    let generate = |doc: &Value| {
        let text = doc.to_string();
        codegen::generate(&input(&text, &overlay)).expect("generates")
    };
    let (before, after) = (generate(&old), generate(&new));
    for (a, b) in before.iter().zip(&after) {
        let strip = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| !l.starts_with("// "))
                .map(str::to_string)
                .collect()
        };
        let (x, y) = (strip(&a.contents), strip(&b.contents));
        if a.path != "models.rs" {
            assert_eq!(x, y, "{} changes only in its header", a.path);
            continue;
        }
        let prefix = x.iter().zip(&y).take_while(|(p, q)| p == q).count();
        let suffix = x
            .iter()
            .rev()
            .zip(y.iter().rev())
            .take_while(|(p, q)| p == q)
            .count();
        let changed = prefix..y.len() - suffix;
        assert!(!changed.is_empty(), "models.rs changed");
        let owner = owners(&y);
        let touched: std::collections::BTreeSet<Option<String>> =
            changed.clone().map(|i| owner[i].clone()).collect();
        // The type and its builder: both are the type's own items.
        assert_eq!(
            touched,
            [
                Some("WireguardPeer".to_string()),
                Some("WireguardPeerBuilder".to_string())
            ]
            .into_iter()
            .collect(),
            "changed lines {changed:?}:\n{}",
            y[changed.clone()].join("\n")
        );
    }
}
