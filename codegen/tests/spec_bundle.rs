//! The bundled spec (`spec/openapi.json`): complete, resolvable, and faithful to the published tunnel documents in `spec/published/`.

mod common;

use common::{bundled_spec, read, workspace_root as root};
use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;
use std::collections::BTreeSet;

fn spec_text() -> String {
    bundled_spec().0
}

fn spec_value() -> Value {
    serde_json::from_str(&spec_text()).expect("spec/openapi.json is JSON")
}

#[test]
fn parses_with_openapiv3_and_has_every_operation_tag_and_server() {
    let doc: OpenAPI =
        serde_json::from_str(&spec_text()).expect("openapiv3 parses the bundled spec");
    assert_eq!(doc.openapi, "3.0.3");
    assert_eq!(doc.info.title, "IONOS Cloud VPN Gateway API");
    assert_eq!(doc.info.version, "1.0.0");

    let ids: BTreeSet<String> = doc
        .operations()
        .filter_map(|(_, _, op)| op.operation_id.clone())
        .collect();
    let mut expected = BTreeSet::new();
    for base in [
        "wireguardgateways",
        "wireguardgatewaysPeers",
        "ipsecgateways",
        "ipsecgatewaysTunnels",
    ] {
        for verb in ["Get", "Post", "FindById", "Put", "Delete"] {
            expected.insert(format!("{base}{verb}"));
        }
    }
    assert_eq!(ids, expected);
    assert_eq!(doc.operations().count(), 20);

    let tags: Vec<&str> = doc.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tags,
        [
            "WireguardGateways",
            "WireguardPeers",
            "IPSecGateways",
            "IPSecTunnels"
        ]
    );

    let regions = [
        "de-fra", "de-txl", "es-vit", "gb-bhx", "gb-lhr", "us-ewr", "us-las", "us-mci", "fr-par",
    ];
    let servers: Vec<&str> = doc.servers.iter().map(|s| s.url.as_str()).collect();
    let expected: Vec<String> = regions
        .iter()
        .map(|r| format!("https://vpn.{r}.ionos.com"))
        .collect();
    assert_eq!(servers, expected);

    let components = doc.components.as_ref().expect("components");
    match components.security_schemes.get("tokenAuth") {
        Some(ReferenceOr::Item(openapiv3::SecurityScheme::HTTP {
            scheme,
            bearer_format,
            ..
        })) => {
            assert_eq!(scheme, "bearer");
            assert_eq!(bearer_format.as_deref(), Some("JWT"));
        }
        other => panic!("tokenAuth must be an HTTP bearer scheme, got {other:?}"),
    }
    let responses: BTreeSet<&str> = components.responses.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = [
        "BadRequest",
        "Unauthorized",
        "NotAllowed",
        "NotFound",
        "Conflict",
        "UnsupportedMediaType",
        "UnprocessableEntity",
        "TooManyRequests",
        "InternalError",
        "ServiceUnavailable",
        "UnexpectedError",
    ]
    .into();
    assert_eq!(responses, expected);
    for resource in [
        "WireguardGateway",
        "WireguardPeer",
        "IPSecGateway",
        "IPSecTunnel",
    ] {
        for suffix in ["", "Create", "Ensure", "Read", "ReadList", "Metadata"] {
            let name = format!("{resource}{suffix}");
            assert!(
                components.schemas.contains_key(&name),
                "schema {name} is missing"
            );
        }
    }
}

fn collect_refs<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Some(r) = v.as_str() {
                        out.push((at.clone(), r));
                    }
                } else {
                    collect_refs(v, format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_refs(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let doc = spec_value();
    let mut refs = Vec::new();
    collect_refs(&doc, "#".into(), &mut refs);
    assert!(
        refs.len() > 100,
        "expected the spec to use shared components, found {} $refs",
        refs.len()
    );
    let unresolved: Vec<String> = refs
        .iter()
        .filter(|(_, r)| r.strip_prefix('#').and_then(|p| doc.pointer(p)).is_none())
        .map(|(at, r)| format!("{at}: {r}"))
        .collect();
    assert!(
        unresolved.is_empty(),
        "unresolved $refs:\n{}",
        unresolved.join("\n")
    );
}

/// The published tunnel documents, one per operation, kept byte for byte in `spec/published/`.
fn published_fragments() -> Vec<Value> {
    let dir = root().join("spec/published");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let fragments: Vec<Value> = files
        .iter()
        .map(|p| serde_json::from_str(&read(p)).expect("each fragment is JSON"))
        .collect();
    assert_eq!(
        fragments.len(),
        5,
        "spec/published holds the five tunnel operations"
    );
    fragments
}

#[test]
fn ipsec_tunnel_part_is_the_published_documents_unchanged() {
    let spec = spec_value();
    let mut compared_paths = 0;
    let mut compared_components = 0;
    for fragment in published_fragments() {
        for (path, item) in fragment["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                assert_eq!(
                    &spec["paths"][path][method], op,
                    "operation {method} {path} differs from spec/published"
                );
                compared_paths += 1;
            }
        }
        for (section, items) in fragment["components"].as_object().expect("components") {
            for (name, value) in items.as_object().expect("component section") {
                assert_eq!(
                    &spec["components"][section][name], value,
                    "#/components/{section}/{name} differs from spec/published"
                );
                compared_components += 1;
            }
        }
        assert_eq!(spec["servers"], fragment["servers"]);
        assert_eq!(spec["security"], fragment["security"]);
        assert_eq!(spec["info"]["title"], fragment["info"]["title"]);
        assert_eq!(spec["info"]["version"], fragment["info"]["version"]);
        let tag = &fragment["tags"][0];
        assert!(
            spec["tags"].as_array().expect("tags").contains(tag),
            "tag {tag} differs"
        );
    }
    assert_eq!(compared_paths, 5);
    assert!(compared_components > 50);
}
