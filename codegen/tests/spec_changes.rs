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

/// Each change as (rule id, severity, Rust effect, Rust items).
fn summary(changes: &[Change]) -> Vec<(&'static str, &'static str, &'static str, String)> {
    changes
        .iter()
        .map(|c| {
            (
                c.rule.id(),
                c.severity().as_str(),
                c.rust.as_str(),
                c.rust_items.join(" "),
            )
        })
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
    // Both sides use the peer and the gateway: an option in what clients receive is a
    // warning (clients matching closed lists may refuse it), the rest is info (the tier's new
    // description too: documentation, no Rust item but its doc comment).
    assert_eq!(
        summary(&changes(&old, &new)),
        vec![
            (
                "response-enum-value-added",
                "warning",
                "additive",
                "models::IpSecGatewayTier::Ultra".into()
            ),
            ("documentation-changed", "info", "none", String::new()),
            (
                "optional-request-property-added",
                "info",
                "additive",
                "models::WireguardPeer::keepalive".into()
            ),
            (
                "rust-builder-setter-added",
                "info",
                "additive",
                "WireguardPeerBuilder::keepalive".into()
            ),
            (
                "rust-model-setter-added",
                "info",
                "additive",
                "WireguardPeer::with_keepalive".into()
            ),
            (
                "operation-added",
                "info",
                "additive",
                "Client::ipsecgateways_restart".into()
            ),
        ]
    );
}

#[test]
fn a_looser_bound_in_answers_breaks_clients_that_size_by_it() {
    let old = bundled();
    let mut new = old.clone();
    peer(&mut new)["properties"]["name"]["maxLength"] = json!(512);
    assert_eq!(
        summary(&changes(&old, &new)),
        vec![(
            "response-constraint-loosened",
            "breaking",
            "none",
            "validation::wireguard_peer::NAME_MAX_LENGTH".into()
        )]
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
                "request-property-became-required",
                "breaking",
                "breaking",
                "models::WireguardPeer::description".into()
            ),
            (
                "rust-model-setter-removed",
                "info",
                "breaking",
                "WireguardPeer::with_description".into()
            ),
            (
                "request-constraint-tightened",
                "breaking",
                "none",
                "validation::wireguard_peer::NAME_MAX_LENGTH".into()
            ),
            (
                "operation-removed",
                "breaking",
                "breaking",
                "Client::ipsecgateways_tunnels_delete".into()
            ),
            (
                "rust-handle-method-removed",
                "info",
                "breaking",
                "IpSecTunnels::delete".into()
            ),
            (
                "success-status-added",
                "warning",
                "none",
                "Client::wireguardgateways_put".into()
            ),
            (
                "server-removed",
                "breaking",
                "breaking",
                "Region::DeFra".into()
            ),
        ]
    );
    let review = codegen::diff::Review {
        changes: found,
        crate_name: Some("vpn_api".into()),
        ..Default::default()
    };
    assert_eq!(review.semver(), codegen::diff::SemverStep::Major);
    let report = codegen::diff::to_markdown(&review, "old", "new");
    assert!(
        report.contains("| breaking | 4 | 3 |\n| warning | 1 | 0 |\n| info | 2 | 2 |"),
        "{report}"
    );
    assert!(
        report.contains("**`vpn_api` needs a major release.**"),
        "{report}"
    );
    // The line names the crate the document names (`info.x-rust-crate`), not this project's.
    let anonymous = codegen::diff::Review {
        crate_name: None,
        ..review.clone()
    };
    let report = codegen::diff::to_markdown(&anonymous, "old", "new");
    assert!(
        report.contains("**The generated crate needs a major release.**"),
        "{report}"
    );
    let as_json = codegen::diff::to_json(&review, "old", "new");
    assert_eq!(as_json["schema_version"], 2);
    assert_eq!(as_json["semver"], "major");
    let first = &as_json["changes"][0];
    assert_eq!(
        first["location"],
        "#/components/schemas/WireguardPeer/properties/description"
    );
    assert_eq!(first["rule"], "request-property-became-required");
    assert_eq!(first["severity"], "breaking");
    assert_eq!(first["rust"], "breaking");
    assert_eq!(
        first["wire_effect"],
        "requests without the property are refused"
    );
}

#[test]
fn an_unchanged_spec_has_no_changes_and_a_broken_one_names_its_side() {
    let old = bundled();
    assert!(changes(&old, &old).is_empty());
    let overlay = overlay();
    let good = old.to_string();
    let err = diff(&input(&good, &overlay), &input("{ nope", &overlay)).expect_err("broken");
    assert_eq!(err.side, codegen::diff::OldOrNew::New);
    assert!(err.to_string().starts_with("new spec: "), "{err}");
    assert_eq!(err.error.pointer, "#");
}

#[test]
fn what_one_side_cannot_read_is_listed_not_reported_as_a_change() {
    let old = bundled();
    let mut new = old.clone();
    // A required cookie parameter: the generator skips the operation on the new side only.
    let list = &mut new["paths"]["/wireguardgateways"]["get"];
    list["parameters"].as_array_mut().expect("parameters").push(
        json!({"name": "session", "in": "cookie", "required": true, "schema": {"type": "string"}}),
    );
    peer(&mut new)["properties"]["keepalive"] = json!({"type": "integer"});
    let (old_text, new_text, overlay) = (old.to_string(), new.to_string(), overlay());
    let review = codegen::diff::review(&input(&old_text, &overlay), &input(&new_text, &overlay))
        .expect("both versions are read");
    assert_eq!(
        summary(&review.changes),
        vec![
            (
                "optional-request-property-added",
                "info",
                "additive",
                "models::WireguardPeer::keepalive".into()
            ),
            (
                "rust-builder-setter-added",
                "info",
                "additive",
                "WireguardPeerBuilder::keepalive".into()
            ),
            (
                "rust-model-setter-added",
                "info",
                "additive",
                "WireguardPeer::with_keepalive".into()
            )
        ],
        "no `operation-removed` for the operation only the old side could read, nor a \
         handle method or multi-region item that calls it"
    );
    let lost: Vec<(&str, &str, &str)> = review
        .not_compared
        .iter()
        .map(|n| {
            (
                n.side.as_str(),
                n.finding.loss.as_str(),
                n.finding.pointer.as_str(),
            )
        })
        .collect();
    assert!(
        lost.contains(&(
            "new",
            "skipped operation",
            "#/paths/~1wireguardgateways/get"
        )),
        "{lost:?}"
    );
    let report = codegen::diff::to_markdown(&review, "old", "new");
    assert!(report.contains("could not be compared"), "{report}");
    assert!(report.contains("<summary>Not compared ("), "{report}");
}

#[test]
fn an_operation_skipped_for_a_shared_component_is_named_by_resolve_and_not_read_as_removed() {
    let old = bundled();
    let mut new = old.clone();
    // The problem lies in a shared parameter, not below the operation's own pointer.
    new["components"]["requestBodies"] = json!({"Mixed": {"required": true,
        "content": {"multipart/mixed": {"schema": {"type": "string"}}}}});
    new["paths"]["/wireguardgateways"]["post"]["requestBody"] =
        json!({"$ref": "#/components/requestBodies/Mixed"});
    let (old_text, new_text, overlay) = (old.to_string(), new.to_string(), overlay());
    let doc = codegen::load::load(&new_text, Some(&overlay)).expect("loads");
    let (_, report) = codegen::resolve::resolve_in(&doc, codegen::Mode::SkipUnsupported)
        .expect("resolves, skipping the operation");
    let skipped: Vec<(&str, Option<&str>)> = report
        .findings
        .iter()
        .filter(|f| f.loss == codegen::Loss::SkippedOperation)
        .map(|f| (f.pointer.as_str(), f.operation.as_deref()))
        .collect();
    assert_eq!(
        skipped,
        [(
            "#/components/requestBodies/Mixed/content/multipart~1mixed",
            Some("#/paths/~1wireguardgateways/post")
        )],
        "the finding points at the problem and names the operation"
    );

    let review = codegen::diff::review(&input(&old_text, &overlay), &input(&new_text, &overlay))
        .expect("both versions are read");
    let rules: Vec<&str> = review.changes.iter().map(|c| c.rule.id()).collect();
    assert!(!rules.contains(&"operation-removed"), "{rules:?}");
    assert!(
        review
            .not_compared
            .iter()
            .any(|n| n.side == codegen::diff::Which::New
                && n.finding.loss == codegen::Loss::SkippedOperation
                && n.finding.pointer == "#/paths/~1wireguardgateways/post"),
        "{:?}",
        review.not_compared
    );
}

#[test]
fn documents_without_paths_in_yaml_and_3_1_are_reviewed() {
    let old = "openapi: 3.1.0\ninfo: {title: hooks, version: '1'}\nwebhooks: {}\ncomponents:\n  schemas:\n    Event:\n      type: object\n      properties:\n        id: {type: [string, 'null']}\n";
    let new = format!("{old}        kind: {{type: string, enum: [a, b]}}\n");
    let plain = |spec| codegen::Input {
        spec,
        overlay: None,
        spec_label: "hooks.yaml",
    };
    let review = codegen::diff::review(&plain(old), &plain(&new)).expect("reviewed");
    let rules: Vec<&str> = review.changes.iter().map(|c| c.rule.id()).collect();
    assert!(
        rules.contains(&"optional-request-property-added"),
        "{rules:?}"
    );
    assert!(review.not_compared.is_empty(), "{:?}", review.not_compared);
    // Without operations, the bindings are the models.
    let files = codegen::generate(&plain(old)).expect("a crate of models");
    let models = files
        .iter()
        .find(|f| f.path == "models.rs")
        .expect("models.rs");
    assert!(
        models.contents.contains("pub struct Event"),
        "{}",
        models.contents
    );
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
