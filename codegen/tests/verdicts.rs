//! One case per kind of change, oasdiff-style: a small document, one edit, the rule (and only
//! the rule) the review must give it. The side of a schema is where it is used, inline or not;
//! readOnly/writeOnly move a property to one side; types and patterns are judged by direction;
//! operations are known by method and path template.

use codegen::diff::diff;
use serde_json::{json, Value};

fn document(paths: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "verdicts", "version": "1"},
        "paths": paths,
        "components": {"schemas": {}}
    })
}

/// An operation sending `request` as its JSON body and answering `response`.
fn exchange(request: Value, response: Value) -> Value {
    document(json!({"/things": {"post": {
        "operationId": "createThing",
        "requestBody": {"required": true, "content": {"application/json": {"schema": request}}},
        "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": response}}}}
    }}}))
}

/// The (rule, severity) of every change from `old` to `new` on the wire: the Rust surface's
/// rules (`rust-…`, a builder that comes or goes with a required property) have their cases in
/// `surface.rs`.
fn verdicts(old: &Value, new: &Value) -> Vec<(&'static str, &'static str)> {
    let input = |spec: &str| codegen::Input {
        spec: Box::leak(spec.to_string().into_boxed_str()),
        overlay: None,
        spec_label: "test",
    };
    let (old, new) = (old.to_string(), new.to_string());
    let mut found: Vec<_> = diff(&input(&old), &input(&new))
        .expect("both versions are read")
        .iter()
        .map(|c| (c.rule.id(), c.severity().as_str()))
        .filter(|(id, _)| !id.starts_with("rust-"))
        .collect();
    found.dedup();
    found
}

fn object(properties: Value) -> Value {
    json!({"type": "object", "properties": properties})
}

#[test]
fn an_inline_response_bound_lowered_is_a_response_change() {
    let body = |min| object(json!({"count": {"type": "integer", "minimum": min}}));
    let old = exchange(object(json!({})), body(10));
    let new = exchange(object(json!({})), body(0));
    assert_eq!(
        verdicts(&old, &new),
        [("response-constraint-loosened", "breaking")]
    );
}

#[test]
fn an_inline_response_pattern_tightened_is_a_response_change() {
    let body = |p| object(json!({"code": {"type": "string", "pattern": p}}));
    let old = exchange(object(json!({})), body("^[a-z0-9]+$"));
    let new = exchange(object(json!({})), body("^[a-z]+$"));
    assert_eq!(
        verdicts(&old, &new),
        [("response-pattern-tightened", "info")]
    );
}

/// A component sent and received: `Thing` in the request and in the answer.
fn shared(thing: Value) -> Value {
    let mut doc = exchange(
        json!({"$ref": "#/components/schemas/Thing"}),
        json!({"$ref": "#/components/schemas/Thing"}),
    );
    doc["components"]["schemas"]["Thing"] = thing;
    doc
}

#[test]
fn a_read_only_property_made_required_is_no_request_break() {
    let thing = |required: Value| {
        json!({"type": "object", "required": required, "properties": {
            "id": {"type": "string", "readOnly": true},
            "name": {"type": "string"}
        }})
    };
    let (old, new) = (
        shared(thing(json!(["name"]))),
        shared(thing(json!(["name", "id"]))),
    );
    assert_eq!(
        verdicts(&old, &new),
        [("response-property-became-required", "info")]
    );
}

#[test]
fn write_only_added_is_an_access_change_not_a_type_change() {
    let thing =
        |write_only: bool| object(json!({"secret": {"type": "string", "writeOnly": write_only}}));
    let (old, new) = (shared(thing(false)), shared(thing(true)));
    assert_eq!(verdicts(&old, &new), [("property-access-changed", "info")]);
}

#[test]
fn a_request_type_widened_is_compatible_and_a_response_one_is_not() {
    let body = |ty: &str| object(json!({"size": {"type": ty}}));
    let request = |ty| exchange(body(ty), object(json!({})));
    assert_eq!(
        verdicts(&request("integer"), &request("number")),
        [("request-type-widened", "info")]
    );
    assert_eq!(
        verdicts(&request("number"), &request("integer")),
        [("property-type-changed", "breaking")]
    );
    let response = |ty| exchange(object(json!({})), body(ty));
    assert_eq!(
        verdicts(&response("integer"), &response("number")),
        [("property-type-changed", "breaking")]
    );
    assert_eq!(
        verdicts(&response("number"), &response("integer")),
        [("response-type-narrowed", "info")]
    );
}

/// `GET /things/{id}` with a query parameter of `schema`.
fn query(operation_id: &str, path: &str, schema: Value) -> Value {
    let name = path
        .split('{')
        .nth(1)
        .unwrap_or("id}")
        .trim_end_matches('}');
    document(json!({path: {"get": {
        "operationId": operation_id,
        "parameters": [
            {"name": name, "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "size", "in": "query", "schema": schema}
        ],
        "responses": {"204": {"description": "done"}}
    }}}))
}

#[test]
fn a_query_parameter_widened_int32_to_int64_or_losing_its_format_is_compatible() {
    let int = |format| json!({"type": "integer", "format": format});
    assert_eq!(
        verdicts(
            &query("get", "/things/{id}", int("int32")),
            &query("get", "/things/{id}", int("int64"))
        ),
        [("request-type-widened", "info")]
    );
    assert_eq!(
        verdicts(
            &query(
                "get",
                "/things/{id}",
                json!({"type": "string", "format": "uuid"})
            ),
            &query("get", "/things/{id}", json!({"type": "string"}))
        ),
        [("request-type-widened", "info")]
    );
}

#[test]
fn request_patterns_are_judged_by_the_strings_they_accept() {
    let pattern = |p: &str| {
        query(
            "get",
            "/things/{id}",
            json!({"type": "string", "pattern": p}),
        )
    };
    let pair = |a, b| verdicts(&pattern(a), &pattern(b));
    assert_eq!(
        pair("^[a-z]+$", "^[a-z0-9]+$"),
        [("request-pattern-loosened", "info")]
    );
    assert_eq!(
        pair("^[a-z0-9]{1,8}$", "^[a-z]{1,8}$"),
        [("request-pattern-tightened", "breaking")]
    );
    assert_eq!(
        pair("^[a-z]+$", "^[0-9]+$"),
        [("request-pattern-changed", "breaking")]
    );
}

#[test]
fn a_renamed_operation_id_changes_no_type_on_the_wire() {
    let options = json!({"type": "string", "enum": ["small", "large"]});
    let (old, new) = (
        query("getThing", "/things/{id}", options.clone()),
        query("fetchThing", "/things/{id}", options),
    );
    let found = verdicts(&old, &new);
    assert!(
        found.contains(&("operation-id-changed", "info")),
        "{found:?}"
    );
    assert!(
        found.iter().all(|(_, severity)| *severity == "info"),
        "{found:?}"
    );
}

#[test]
fn a_renamed_path_parameter_is_the_same_operation() {
    let size = json!({"type": "integer"});
    let (old, new) = (
        query("get", "/things/{thingId}", size.clone()),
        query("get", "/things/{id}", size),
    );
    assert_eq!(verdicts(&old, &new), [("path-parameter-renamed", "info")]);
}

#[test]
fn an_optional_response_property_removed_is_a_warning_a_required_one_breaks() {
    let body = |required: Value, with: bool| {
        let mut properties = json!({"id": {"type": "string"}});
        if with {
            properties["note"] = json!({"type": "string"});
        }
        json!({"type": "object", "required": required, "properties": properties})
    };
    let answer = |schema| exchange(object(json!({})), schema);
    assert_eq!(
        verdicts(
            &answer(body(json!(["id"]), true)),
            &answer(body(json!(["id"]), false))
        ),
        [("response-optional-property-removed", "warning")]
    );
    assert_eq!(
        verdicts(
            &answer(body(json!(["id", "note"]), true)),
            &answer(body(json!(["id"]), false))
        ),
        [("response-property-removed", "breaking")]
    );
}

#[test]
fn a_path_parameter_renamed_breaks_rust_only_when_the_argument_is_renamed() {
    let rust = |old: &str, new: &str| {
        let size = json!({"type": "integer"});
        let (old, new) = (
            query("get", old, size.clone()).to_string(),
            query("get", new, size).to_string(),
        );
        let input = |spec| codegen::Input {
            spec,
            overlay: None,
            spec_label: "test",
        };
        let changes = diff(&input(&old), &input(&new)).expect("read");
        assert_eq!(changes.len(), 1, "{changes:?}");
        changes[0].rust.as_str()
    };
    assert_eq!(rust("/things/{thingId}", "/things/{id}"), "breaking");
    assert_eq!(rust("/things/{thingId}", "/things/{thing_id}"), "none");
}

#[test]
fn an_answer_that_gains_a_json_body_is_compatible_and_one_that_loses_it_is_not() {
    let answer = |with_body: bool| {
        let mut doc = exchange(object(json!({})), object(json!({})));
        let ok = &mut doc["paths"]["/things"]["post"]["responses"]["200"];
        if !with_body {
            ok.as_object_mut().expect("response").remove("content");
        }
        doc
    };
    assert_eq!(
        verdicts(&answer(false), &answer(true)),
        [("response-body-added", "info")]
    );
    assert_eq!(
        verdicts(&answer(true), &answer(false)),
        [("response-body-removed", "breaking")]
    );
}

/// A parameter the generator skips on one side hides only its own changes: the rest of the
/// operation is read on both sides, and a success status removed beside it is still reported.
#[test]
fn a_parameter_skipped_on_one_side_hides_only_itself() {
    let op = |parameters: Value, statuses: &[&str]| {
        let responses: serde_json::Map<String, Value> = statuses
            .iter()
            .map(|s| (s.to_string(), json!({"description": "ok"})))
            .collect();
        document(json!({"/things": {"get": {
            "operationId": "listThings",
            "parameters": parameters,
            "responses": responses
        }}}))
    };
    let unreadable = json!([{"in": "query", "name": "filter",
        "content": {"text/plain": {"schema": {"type": "string"}}}}]);
    let old = op(unreadable, &["200", "204"]);
    let new = op(json!([]), &["200"]);
    assert_eq!(
        verdicts(&old, &new),
        [("success-status-removed", "breaking")]
    );
    // A part of a parameter's schema the generator cannot type (`not`), on one side only.
    let param = |schema: Value| json!([{"in": "query", "name": "q", "schema": schema}]);
    let old = op(param(json!({"type": "string"})), &["200", "204"]);
    let new = op(param(json!({"not": {"type": "integer"}})), &["200"]);
    assert!(
        verdicts(&old, &new).contains(&("success-status-removed", "breaking")),
        "{:?}",
        verdicts(&old, &new)
    );
}

/// A path parameter renamed is the same place on the wire: a change of its default beside the
/// rename is still compared (the bounds and defaults of both versions are matched by place).
#[test]
fn a_renamed_path_parameter_keeps_its_constraints_compared() {
    let doc = |name: &str, default: &str| {
        document(json!({format!("/groups/{{{name}}}"): {"get": {
            "operationId": "getGroup",
            "parameters": [{"name": name, "in": "path", "required": true,
                "schema": {"type": "string", "default": default}}],
            "responses": {"200": {"description": "ok"}}
        }}}))
    };
    assert_eq!(
        verdicts(&doc("group_id", "2"), &doc("groupId", "1")),
        [
            ("path-parameter-renamed", "info"),
            ("request-parameter-default-changed", "breaking")
        ]
    );
}

/// The walk over the documents as written knows a renamed path parameter's path too: what
/// changes inside it (here the operation deprecated) is classified, and the path is not
/// named as removed and added.
#[test]
fn inside_a_path_with_a_renamed_parameter_changes_are_classified() {
    let doc = |name: &str, deprecated: bool| {
        document(json!({format!("/books/{{{name}}}"): {"get": {
            "operationId": "getBook",
            "deprecated": deprecated,
            "parameters": [{"name": name, "in": "path", "required": true,
                "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}}
        }}}))
    };
    let (old, new) = (
        doc("bookId", false).to_string(),
        doc("id", true).to_string(),
    );
    let input = |spec| codegen::Input {
        spec,
        overlay: None,
        spec_label: "test",
    };
    let review = codegen::diff::review(&input(&old), &input(&new)).expect("reviewed");
    let rules: Vec<&str> = review.changes.iter().map(|c| c.rule.id()).collect();
    assert_eq!(rules, ["path-parameter-renamed", "operation-deprecated"]);
    assert!(review.not_compared.is_empty(), "{:?}", review.not_compared);
}

/// A query parameter's default decides what a request that leaves it out gets (a page size):
/// changed, it breaks such requests, as oasdiff grades it. A default that is an instant is
/// the moment a converter wrote the document, not a behaviour: a warning, as for bodies.
#[test]
fn a_parameter_default_changed_breaks_requests_that_leave_it_out() {
    let doc = |default: Value| {
        document(json!({"/things": {"get": {
            "operationId": "listThings",
            "parameters": [{"name": "limit", "in": "query",
                "schema": {"type": "string", "default": default}}],
            "responses": {"200": {"description": "ok"}}
        }}}))
    };
    assert_eq!(
        verdicts(&doc(json!("10")), &doc(json!("100"))),
        [("request-parameter-default-changed", "breaking")]
    );
    assert_eq!(
        verdicts(
            &doc(json!("2025-05-15T13:50:19.036Z")),
            &doc(json!("2025-10-15T13:51:08.377Z"))
        ),
        [("request-default-changed", "warning")]
    );
}

/// An operation the generator skips in both versions (its path names a variable no parameter
/// declares) is compared on the documents in full: a property's option list added, a bound
/// loosened in its answer.
#[test]
fn an_operation_the_generator_skips_is_compared_on_the_documents() {
    let doc = |options: Option<Value>, maximum: u32| {
        let mut name = json!({"type": "string"});
        if let Some(options) = options {
            name["enum"] = options;
        }
        document(json!({"/things/{id}": {"post": {
            "requestBody": {"content": {"application/json": {"schema":
                object(json!({"name": name}))}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": object(json!({"count": {"type": "integer", "maximum": maximum}}))}}}}
        }}}))
    };
    assert_eq!(
        verdicts(&doc(None, 10), &doc(Some(json!(["a", "b"])), 10)),
        [("request-constraint-tightened", "breaking")]
    );
    assert_eq!(
        verdicts(
            &doc(Some(json!(["a", "b"])), 10),
            &doc(Some(json!(["a"])), 20)
        ),
        [
            ("request-enum-value-removed", "breaking"),
            ("response-constraint-loosened", "breaking")
        ]
    );
}
