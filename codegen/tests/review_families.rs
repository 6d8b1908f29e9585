//! The families the review reads from the documents as written, one case per rule: each edit
//! of a small 3.1 document must give that rule at that place (`xtask/REVIEW.md` has the table).

use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "families", "version": "1.0"},
        "paths": {"/items": {"get": {
            "operationId": "listItems",
            "description": "Lists items.",
            "tags": ["items"],
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "security": [{"oauth": ["read"]}],
            "responses": {
                "200": {"description": "ok",
                    "headers": {
                        "X-Rate": {"required": true, "schema": {"type": "integer", "maximum": 100}},
                        "X-Trace": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                "404": {"description": "missing"}}}}},
        "webhooks": {"itemCreated": {"post": {"operationId": "itemCreated",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
            "responses": {"200": {"description": "received"}}}}},
        "components": {
            "schemas": {"Item": {"type": "object", "properties": {"name": {"type": "string"}}}},
            "securitySchemes": {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://example.com/token",
                "scopes": {"read": "read items", "write": "write items"}}}}}}
    })
}

const GET: &str = "/paths/~1items/get";

/// (rule, place, edit of the old document, edit of the new one).
type Case = (&'static str, &'static str, fn(&mut Value), fn(&mut Value));

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
}

fn set(doc: &mut Value, pointer: &str, key: &str, value: Value) {
    at(doc, pointer)
        .as_object_mut()
        .expect("object")
        .insert(key.into(), value);
}

fn remove(doc: &mut Value, pointer: &str, key: &str) {
    at(doc, pointer)
        .as_object_mut()
        .expect("object")
        .shift_remove(key);
}

fn none(_: &mut Value) {}

fn deprecate(d: &mut Value) {
    set(d, GET, "deprecated", json!(true))
}

const PARAMETER: &str = "/paths/~1items/get/parameters/0";

fn deprecate_parameter(d: &mut Value) {
    set(d, PARAMETER, "deprecated", json!(true))
}

fn sunset_parameter(d: &mut Value, date: &str) {
    deprecate_parameter(d);
    set(d, PARAMETER, "x-sunset", json!(date))
}

fn drop_parameter(d: &mut Value) {
    set(d, GET, "parameters", json!([]))
}

fn drop_get(d: &mut Value) {
    remove(d, "/paths/~1items", "get")
}

const CASES: &[Case] = &[
    (
        "documentation-changed",
        "#/paths/~1items/get/description",
        none,
        |d| set(d, GET, "description", json!("Lists all items.")),
    ),
    ("api-version-changed", "#/info/version", none, |d| {
        set(d, "/info", "version", json!("1.1"))
    }),
    (
        "operation-tag-added",
        "#/paths/~1items/get/tags",
        none,
        |d| set(d, GET, "tags", json!(["items", "lists"])),
    ),
    (
        "operation-tag-removed",
        "#/paths/~1items/get/tags",
        none,
        |d| set(d, GET, "tags", json!([])),
    ),
    (
        "operation-deprecated",
        "#/paths/~1items/get/deprecated",
        none,
        deprecate,
    ),
    (
        "operation-reactivated",
        "#/paths/~1items/get/deprecated",
        deprecate,
        none,
    ),
    (
        "operation-sunset-changed",
        "#/paths/~1items/get/x-sunset",
        |d| set(d, GET, "x-sunset", json!("2030-01-01")),
        |d| set(d, GET, "x-sunset", json!("2031-01-01")),
    ),
    (
        "operation-sunset-moved-earlier",
        "#/paths/~1items/get/x-sunset",
        |d| set(d, GET, "x-sunset", json!("2031-01-01")),
        |d| set(d, GET, "x-sunset", json!("2030-01-01")),
    ),
    (
        "operation-stability-decreased",
        "#/paths/~1items/get/x-stability-level",
        |d| set(d, GET, "x-stability-level", json!("stable")),
        |d| set(d, GET, "x-stability-level", json!("beta")),
    ),
    (
        "operation-stability-increased",
        "#/paths/~1items/get/x-stability-level",
        |d| set(d, GET, "x-stability-level", json!("alpha")),
        |d| set(d, GET, "x-stability-level", json!("stable")),
    ),
    ("operation-removed", "#/paths/~1items/get", none, drop_get),
    (
        "deprecated-operation-removed",
        "#/paths/~1items/get",
        deprecate,
        drop_get,
    ),
    (
        "operation-removed-after-sunset",
        "#/paths/~1items/get",
        |d| {
            deprecate(d);
            set(d, GET, "x-sunset", json!("2001-01-01"))
        },
        drop_get,
    ),
    (
        "operation-removed-before-sunset",
        "#/paths/~1items/get",
        |d| {
            deprecate(d);
            set(d, GET, "x-sunset", json!("2999-01-01"))
        },
        drop_get,
    ),
    (
        "unstable-operation-removed",
        "#/paths/~1items/get",
        |d| set(d, GET, "x-stability-level", json!("alpha")),
        drop_get,
    ),
    (
        "request-parameter-deprecated",
        "#/paths/~1items/get/parameters/0/deprecated",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/parameters/0",
                "deprecated",
                json!(true),
            )
        },
    ),
    (
        "request-parameter-sunset-changed",
        "#/paths/~1items/get/parameters/0/x-sunset",
        |d| sunset_parameter(d, "2030-01-01"),
        |d| sunset_parameter(d, "2031-01-01"),
    ),
    (
        "request-parameter-sunset-moved-earlier",
        "#/paths/~1items/get/parameters/0/x-sunset",
        |d| sunset_parameter(d, "2031-01-01"),
        deprecate_parameter,
    ),
    (
        "deprecated-request-parameter-removed",
        "#/paths/~1items/get/parameters/0",
        deprecate_parameter,
        drop_parameter,
    ),
    (
        "request-parameter-removed-after-sunset",
        "#/paths/~1items/get/parameters/0",
        |d| sunset_parameter(d, "2001-01-01"),
        drop_parameter,
    ),
    (
        "request-parameter-removed-before-sunset",
        "#/paths/~1items/get/parameters/0",
        |d| sunset_parameter(d, "2999-01-01"),
        drop_parameter,
    ),
    (
        "request-parameter-reactivated",
        "#/paths/~1items/get/parameters/0/deprecated",
        |d| {
            set(
                d,
                "/paths/~1items/get/parameters/0",
                "deprecated",
                json!(true),
            )
        },
        none,
    ),
    (
        "property-deprecated",
        "#/components/schemas/Item/properties/name/deprecated",
        none,
        |d| {
            set(
                d,
                "/components/schemas/Item/properties/name",
                "deprecated",
                json!(true),
            )
        },
    ),
    (
        "property-reactivated",
        "#/components/schemas/Item/properties/name/deprecated",
        |d| {
            set(
                d,
                "/components/schemas/Item/properties/name",
                "deprecated",
                json!(true),
            )
        },
        none,
    ),
    (
        "response-header-added",
        "#/paths/~1items/get/responses/200/headers/X-Next",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/responses/200/headers",
                "X-Next",
                json!({"schema": {"type": "string"}}),
            )
        },
    ),
    (
        "required-response-header-removed",
        "#/paths/~1items/get/responses/200/headers/X-Rate",
        none,
        |d| remove(d, "/paths/~1items/get/responses/200/headers", "X-Rate"),
    ),
    (
        "optional-response-header-removed",
        "#/paths/~1items/get/responses/200/headers/X-Trace",
        none,
        |d| remove(d, "/paths/~1items/get/responses/200/headers", "X-Trace"),
    ),
    (
        "response-header-became-optional",
        "#/paths/~1items/get/responses/200/headers/X-Rate/required",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/responses/200/headers/X-Rate",
                "required",
                json!(false),
            )
        },
    ),
    (
        "response-header-became-required",
        "#/paths/~1items/get/responses/200/headers/X-Trace/required",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/responses/200/headers/X-Trace",
                "required",
                json!(true),
            )
        },
    ),
    (
        "response-header-type-changed",
        "#/paths/~1items/get/responses/200/headers/X-Rate/schema/type",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/responses/200/headers/X-Rate/schema",
                "type",
                json!("string"),
            )
        },
    ),
    (
        "response-header-constraint-changed",
        "#/paths/~1items/get/responses/200/headers/X-Rate/schema/maximum",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/responses/200/headers/X-Rate/schema",
                "maximum",
                json!(1000),
            )
        },
    ),
    (
        "response-non-success-status-added",
        "#/paths/~1items/get/responses/429",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/responses",
                "429",
                json!({"description": "slow down"}),
            )
        },
    ),
    (
        "response-non-success-status-removed",
        "#/paths/~1items/get/responses/404",
        none,
        |d| remove(d, "/paths/~1items/get/responses", "404"),
    ),
    (
        "security-scheme-scope-added",
        "#/components/securitySchemes/oauth/flows/clientCredentials/scopes/admin",
        none,
        |d| {
            set(
                d,
                "/components/securitySchemes/oauth/flows/clientCredentials/scopes",
                "admin",
                json!("everything"),
            )
        },
    ),
    (
        "security-scheme-scope-removed",
        "#/components/securitySchemes/oauth/flows/clientCredentials/scopes/write",
        none,
        |d| {
            remove(
                d,
                "/components/securitySchemes/oauth/flows/clientCredentials/scopes",
                "write",
            )
        },
    ),
    (
        "security-requirement-scope-added",
        "#/paths/~1items/get/security/0/oauth",
        none,
        |d| {
            set(
                d,
                "/paths/~1items/get/security/0",
                "oauth",
                json!(["read", "write"]),
            )
        },
    ),
    (
        "security-requirement-scope-removed",
        "#/paths/~1items/get/security/0/oauth",
        none,
        |d| set(d, "/paths/~1items/get/security/0", "oauth", json!([])),
    ),
    (
        "security-requirement-added",
        "#/paths/~1items/get/security/1",
        none,
        |d| {
            at(d, "/paths/~1items/get/security")
                .as_array_mut()
                .expect("list")
                .push(json!({}))
        },
    ),
    (
        "security-requirement-removed",
        "#/paths/~1items/get/security",
        none,
        |d| remove(d, GET, "security"),
    ),
    ("webhook-added", "#/webhooks/itemDeleted", none, |d| {
        set(
            d,
            "/webhooks",
            "itemDeleted",
            json!({"post": {"responses": {"200": {"description": "ok"}}}}),
        )
    }),
    ("webhook-removed", "#/webhooks/itemCreated", none, |d| {
        remove(d, "/webhooks", "itemCreated")
    }),
    // A webhook's operation is compared like a path's: what the API sends is the request.
    (
        "request-body-became-required",
        "#/webhooks/itemCreated/post/requestBody/required",
        none,
        |d| set(d, WEBHOOK_BODY, "required", json!(true)),
    ),
    (
        "optional-request-property-added",
        "#/webhooks/itemCreated/post/requestBody/content/application~1json/schema/properties/price",
        |d| set(d, WEBHOOK_BODY, "content", webhook_body(false)),
        |d| set(d, WEBHOOK_BODY, "content", webhook_body(true)),
    ),
    // What that comparison does not classify is still a change of the webhook.
    (
        "webhook-changed",
        "#/webhooks/itemCreated/post/parameters",
        none,
        |d| {
            let signature =
                json!([{"name": "X-Signature", "in": "header", "schema": {"type": "string"}}]);
            set(d, "/webhooks/itemCreated/post", "parameters", signature)
        },
    ),
    (
        "invalid-sunset-date",
        "#/paths/~1items/get/x-sunset",
        none,
        |d| {
            deprecate(d);
            set(d, GET, "x-sunset", json!("next spring"))
        },
    ),
    (
        "invalid-sunset-date",
        "#/paths/~1items/get/parameters/0/x-sunset",
        |d| sunset_parameter(d, "2031-13-01"),
        drop_parameter,
    ),
    (
        "invalid-stability-level",
        "#/paths/~1items/get/x-stability-level",
        |d| set(d, GET, "x-stability-level", json!("ga")),
        |d| set(d, GET, "description", json!("Lists all items.")),
    ),
];

const WEBHOOK_BODY: &str = "/webhooks/itemCreated/post/requestBody";

/// A webhook body of its own (inline: the shared `Item` is the path's answer too).
fn webhook_body(with_price: bool) -> Value {
    let mut properties = json!({"name": {"type": "string"}});
    if with_price {
        properties["price"] = json!({"type": "number"});
    }
    json!({"application/json": {"schema": {"type": "object", "properties": properties}}})
}

#[test]
fn each_family_rule_is_found_at_its_place() {
    let mut wrong = Vec::new();
    for (rule, place, edit_old, edit_new) in CASES {
        let (mut old, mut new) = (base(), base());
        edit_old(&mut old);
        edit_new(&mut new);
        let (old, new) = (old.to_string(), new.to_string());
        let input = |spec| codegen::Input {
            spec,
            overlay: None,
            spec_label: "families.json",
        };
        let review =
            codegen::diff::review_on(&input(&old), &input(&new), "2026-12-06").expect("reviewed");
        let found: Vec<(&str, &str)> = review
            .changes
            .iter()
            .map(|c| (c.rule.id(), c.location.as_str()))
            .collect();
        if !found.contains(&(*rule, *place)) {
            wrong.push(format!("{rule} at {place}: found {found:?}"));
        }
        let rule = codegen::diff::Rule::from_id(rule).expect("a rule of the review");
        assert!(!rule.wire_effect().is_empty());
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
