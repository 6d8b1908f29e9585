//! One case per kind of change the generator does not turn into Rust, each on both sides:
//! media types, nullability (3.0 and 3.1 spellings), `const`, `oneOf`/`anyOf`/`allOf`
//! branches, discriminator mappings, and the JSON Schema keywords of 3.1.

use codegen::diff::diff;
use serde_json::{json, Value};

/// `POST /things` sending `request` and answering `response` (3.1, so every keyword is valid).
fn exchange(request: Value, response: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "keywords", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "createThing",
            "requestBody": {"required": true,
                "content": {"application/json": {"schema": request}}},
            "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": response}}}}
        }}},
        "components": {"schemas": {
            "Cat": {"type": "object", "properties": {"meow": {"type": "string"}}},
            "Dog": {"type": "object", "properties": {"bark": {"type": "string"}}},
            "Bird": {"type": "object", "properties": {"tweet": {"type": "string"}}}
        }}
    })
}

fn verdicts(old: &Value, new: &Value) -> Vec<(&'static str, &'static str)> {
    let (old, new) = (old.to_string(), new.to_string());
    let input = |spec| codegen::Input {
        spec,
        overlay: None,
        spec_label: "test",
    };
    let mut found: Vec<_> = diff(&input(&old), &input(&new))
        .expect("both versions are read")
        .iter()
        .map(|c| (c.rule.id(), c.severity().as_str()))
        .collect();
    found.sort();
    found.dedup();
    found
}

fn object(properties: Value) -> Value {
    json!({"type": "object", "properties": properties})
}

/// The verdicts of one edit of a property `p`, made in the request and then in the answer.
fn both_sides(old: Value, new: Value) -> [Vec<(&'static str, &'static str)>; 2] {
    let (empty, a, b) = (
        object(json!({})),
        object(json!({"p": old})),
        object(json!({"p": new})),
    );
    [
        verdicts(
            &exchange(a.clone(), empty.clone()),
            &exchange(b.clone(), empty.clone()),
        ),
        verdicts(&exchange(empty.clone(), a), &exchange(empty, b)),
    ]
}

#[test]
fn nullability_in_both_spellings_on_both_sides() {
    let string = json!({"type": "string"});
    assert_eq!(
        both_sides(string.clone(), json!({"type": ["string", "null"]})),
        [
            vec![("request-became-nullable", "info")],
            vec![("response-became-nullable", "breaking")]
        ]
    );
    assert_eq!(
        both_sides(json!({"type": "string", "nullable": true}), string),
        [
            vec![("request-became-not-nullable", "breaking")],
            vec![("response-became-not-nullable", "info")]
        ]
    );
}

/// `rule` is among the changes and none is more severe than it (a `const` is also an option
/// list of one value to the generator: its Rust type changes too).
fn leads(found: &[(&'static str, &'static str)], rule: (&str, &str)) -> bool {
    let rank = |s: &str| ["info", "warning", "breaking"].iter().position(|x| *x == s);
    found.contains(&rule) && found.iter().all(|(_, s)| rank(s) <= rank(rule.1))
}

#[test]
fn const_added_removed_and_changed() {
    let string = json!({"type": "string"});
    let constant = |v: &str| json!({"type": "string", "const": v});
    let cases = [
        (
            string.clone(),
            constant("a"),
            ("request-const-added", "breaking"),
            ("response-const-added", "info"),
        ),
        (
            constant("a"),
            string,
            ("request-const-removed", "info"),
            ("response-const-removed", "breaking"),
        ),
        (
            constant("a"),
            constant("b"),
            ("const-changed", "breaking"),
            ("const-changed", "breaking"),
        ),
    ];
    for (old, new, request_rule, response_rule) in cases {
        let [request, response] = both_sides(old, new);
        assert!(leads(&request, request_rule), "{request:?}");
        assert!(leads(&response, response_rule), "{response:?}");
    }
}

fn refs(keyword: &str, names: &[&str]) -> Value {
    let branches: Vec<Value> = names
        .iter()
        .map(|n| json!({"$ref": format!("#/components/schemas/{n}")}))
        .collect();
    json!({ keyword: branches })
}

#[test]
fn one_of_and_any_of_branches_added_and_removed() {
    for keyword in ["oneOf", "anyOf"] {
        let (two, three) = (
            refs(keyword, &["Cat", "Dog"]),
            refs(keyword, &["Cat", "Dog", "Bird"]),
        );
        let [request, response] = both_sides(two.clone(), three.clone());
        assert!(
            request.contains(&("request-alternative-added", "info")),
            "{request:?}"
        );
        assert!(
            response.contains(&("response-alternative-added", "breaking")),
            "{response:?}"
        );
        let [request, response] = both_sides(three, two);
        assert!(
            request.contains(&("request-alternative-removed", "breaking")),
            "{request:?}"
        );
        assert!(
            response.contains(&("response-alternative-removed", "info")),
            "{response:?}"
        );
    }
}

#[test]
fn all_of_branches_added_and_removed() {
    let (one, two) = (refs("allOf", &["Cat"]), refs("allOf", &["Cat", "Dog"]));
    let [request, response] = both_sides(one.clone(), two.clone());
    assert!(
        request.contains(&("request-all-of-added", "breaking")),
        "{request:?}"
    );
    assert!(
        response.contains(&("response-all-of-added", "info")),
        "{response:?}"
    );
    let [request, response] = both_sides(two, one);
    assert!(
        request.contains(&("request-all-of-removed", "warning")),
        "{request:?}"
    );
    assert!(
        response.contains(&("response-all-of-removed", "info")),
        "{response:?}"
    );
}

#[test]
fn a_discriminator_mapping_changed() {
    let union = |mapping: Value| {
        let mut v = refs("oneOf", &["Cat", "Dog"]);
        v["discriminator"] = json!({"propertyName": "kind", "mapping": mapping});
        v
    };
    let (a, b) = (
        union(json!({"cat": "#/components/schemas/Cat"})),
        union(json!({"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"})),
    );
    let [request, response] = both_sides(a, b);
    assert!(
        request.contains(&("discriminator-changed", "info")),
        "{request:?}"
    );
    assert!(
        response.contains(&("discriminator-changed", "info")),
        "{response:?}"
    );
}

#[test]
fn every_unchecked_keyword_of_3_1_has_a_side_and_a_severity() {
    let keywords = [
        ("if", json!({"properties": {"kind": {"const": "a"}}})),
        ("then", json!({"required": ["a"]})),
        ("else", json!({"required": ["b"]})),
        ("prefixItems", json!([{"type": "string"}])),
        ("contains", json!({"type": "string"})),
        ("dependentRequired", json!({"a": ["b"]})),
        ("dependentSchemas", json!({"a": {"required": ["b"]}})),
        ("unevaluatedItems", json!(false)),
        ("unevaluatedProperties", json!(false)),
        ("not", json!({"type": "null"})),
        ("propertyNames", json!({"maxLength": 8})),
        ("patternProperties", json!({"^x-": {"type": "string"}})),
        ("contentMediaType", json!("image/png")),
        ("contentEncoding", json!("base64")),
        ("contentSchema", json!({"type": "object"})),
    ];
    for (keyword, value) in keywords {
        let (without, mut with) = (json!({}), json!({}));
        with[keyword] = value;
        assert_eq!(
            both_sides(without.clone(), with.clone()),
            [
                vec![("request-keyword-added", "breaking")],
                vec![("response-keyword-added", "info")]
            ],
            "{keyword} added"
        );
        assert_eq!(
            both_sides(with, without),
            [
                vec![("request-keyword-removed", "info")],
                vec![("response-keyword-removed", "breaking")]
            ],
            "{keyword} removed"
        );
    }
}

#[test]
fn contains_bounds_are_tightened_or_loosened() {
    let bound =
        |min: u32| json!({"type": "array", "contains": {"type": "string"}, "minContains": min});
    assert_eq!(
        both_sides(bound(1), bound(2)),
        [
            vec![("request-constraint-tightened", "breaking")],
            vec![("response-constraint-tightened", "info")]
        ]
    );
}

#[test]
fn each_media_type_is_compared_on_its_own() {
    let content = |types: &[&str]| -> Value {
        types
            .iter()
            .map(|t| (t.to_string(), json!({"schema": {"type": "string"}})))
            .collect::<serde_json::Map<String, Value>>()
            .into()
    };
    let document = |request: &[&str], response: &[&str]| {
        let mut doc = exchange(json!({}), json!({}));
        let op = &mut doc["paths"]["/things"]["post"];
        op["requestBody"]["content"] = content(request);
        op["responses"]["200"]["content"] = content(response);
        doc
    };
    let json_only = document(&["application/json"], &["application/json"]);
    let both = document(
        &["application/json", "application/xml"],
        &["application/json", "application/xml"],
    );
    assert_eq!(
        verdicts(&json_only, &both),
        [
            ("request-media-type-added", "info"),
            ("response-media-type-added", "info")
        ]
    );
    assert_eq!(
        verdicts(&both, &json_only),
        [
            ("request-media-type-removed", "breaking"),
            ("response-media-type-removed", "breaking")
        ]
    );
}

#[test]
fn an_all_of_branch_of_annotations_only_changes_nothing_on_the_wire() {
    let cat = json!({"$ref": "#/components/schemas/Cat"});
    let (one, annotated) = (
        json!({"allOf": [cat.clone()]}),
        json!({"allOf": [cat, {"description": "a cat"}]}),
    );
    let [request, response] = both_sides(one, annotated);
    assert_eq!(request, [("all-of-annotation-changed", "info")]);
    assert_eq!(response, [("all-of-annotation-changed", "info")]);
}

#[test]
fn a_media_type_that_gains_a_schema_is_limited_on_the_request_side() {
    let document = |schema: Option<Value>| {
        let mut doc = exchange(json!({}), json!({}));
        let body = &mut doc["paths"]["/things"]["post"]["requestBody"]["content"];
        body["text/plain"] = match schema {
            Some(s) => json!({"schema": s}),
            None => json!({}),
        };
        doc
    };
    let (none, text) = (document(None), document(Some(json!({"type": "string"}))));
    let found = verdicts(&none, &text);
    assert!(
        found.contains(&("request-keyword-added", "breaking")),
        "{found:?}"
    );
    let found = verdicts(&text, &none);
    assert!(
        found.contains(&("request-keyword-removed", "info")),
        "{found:?}"
    );
}

#[test]
fn inside_the_keywords_the_generator_does_not_read_changes_keep_their_direction() {
    let then = |min: u32, required: Value| {
        json!({"type": "object",
        "if": {"properties": {"kind": {"const": "a"}}},
        "then": {"required": required, "properties": {
            "name": {"type": "string", "minLength": min},
            "size": {"type": "integer"}
        }}})
    };
    let [request, response] = both_sides(then(1, json!([])), then(3, json!([])));
    assert_eq!(request, [("request-constraint-tightened", "breaking")]);
    assert_eq!(response, [("response-constraint-tightened", "info")]);
    let [request, _] = both_sides(then(1, json!([])), then(1, json!(["size"])));
    assert_eq!(request, [("request-property-became-required", "breaking")]);
    // Inside `not` a tighter schema accepts more: the keyword is judged whole.
    let not = |min: u32| json!({"type": "string", "not": {"minLength": min}});
    let [request, _] = both_sides(not(1), not(3));
    assert_eq!(request, [("request-keyword-changed", "breaking")]);
}

#[test]
fn the_schema_of_a_media_type_other_than_json_is_compared_too() {
    let xml = |max: u32, note: bool| {
        let mut properties = json!({"name": {"type": "string", "maxLength": max}});
        if note {
            properties["note"] = json!({"type": "string"});
        }
        let mut doc = exchange(json!({}), json!({}));
        let op = &mut doc["paths"]["/things"]["post"];
        op["requestBody"]["content"]["application/xml"] =
            json!({"schema": object(properties.clone())});
        op["responses"]["200"]["content"]["application/xml"] =
            json!({"schema": object(properties)});
        doc
    };
    assert_eq!(
        verdicts(&xml(10, false), &xml(5, false)),
        [
            ("request-constraint-tightened", "breaking"),
            ("response-constraint-tightened", "info")
        ]
    );
    assert_eq!(
        verdicts(&xml(10, true), &xml(10, false)),
        [
            ("request-property-removed", "warning"),
            ("response-optional-property-removed", "warning")
        ]
    );
}

/// The default of a schema the generator does not read (here a `text/plain` body beside the
/// JSON one) is compared too, with its side.
#[test]
fn a_default_outside_json_is_compared() {
    let text = |default: &str| {
        let mut doc = exchange(json!({}), json!({}));
        let op = &mut doc["paths"]["/things"]["post"];
        op["requestBody"]["content"]["text/plain"] =
            json!({"schema": {"type": "string", "default": default}});
        op["responses"]["200"]["content"]["text/plain"] =
            json!({"schema": {"type": "string", "default": default}});
        doc
    };
    assert_eq!(
        verdicts(&text("Default"), &text("NewDefault")),
        [
            ("request-default-changed", "warning"),
            ("response-default-changed", "info")
        ]
    );
}

#[test]
fn a_one_of_that_becomes_an_any_of_keeps_its_branches() {
    let inline = |keyword: &str, types: &[&str]| {
        let branches: Vec<Value> = types.iter().map(|t| json!({"type": t})).collect();
        json!({ keyword: branches })
    };
    let [request, response] = both_sides(
        inline("oneOf", &["string", "integer"]),
        inline("anyOf", &["string", "integer"]),
    );
    assert!(
        request
            .iter()
            .chain(&response)
            .all(|(rule, _)| !rule.contains("alternative")),
        "{request:?} {response:?}"
    );
    // Integer widened to number, boolean added: more shapes in answers.
    let [_, response] = both_sides(
        inline("oneOf", &["string", "integer"]),
        inline("anyOf", &["string", "number", "boolean"]),
    );
    assert!(
        response.contains(&("response-alternative-added", "breaking")),
        "{response:?}"
    );
}

/// Beside `items`, a `prefixItems` added or removed moves the first items to another schema:
/// values the old schema accepted are refused and answers may hold values it refused.
#[test]
fn prefix_items_beside_items_re_type_the_first_items() {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let mut mixed = strings.clone();
    mixed["prefixItems"] = json!([{"type": "integer"}]);
    for (old, new) in [(&strings, &mixed), (&mixed, &strings)] {
        assert_eq!(
            both_sides(old.clone(), new.clone()),
            [
                vec![("request-keyword-changed", "breaking")],
                vec![("response-keyword-changed", "breaking")]
            ]
        );
    }
}

/// A bound on a type it does not apply to (`maximum` on an array) is compared as the bound
/// its author meant, as oasdiff reads it.
#[test]
fn a_bound_on_a_type_it_does_not_apply_to_is_compared() {
    let array =
        |maximum: u32| json!({"type": "array", "items": {"type": "string"}, "maximum": maximum});
    assert_eq!(
        both_sides(array(10), array(5)),
        [
            vec![("request-constraint-tightened", "breaking")],
            vec![("response-constraint-tightened", "info")]
        ]
    );
    assert_eq!(
        both_sides(array(5), array(10)),
        [
            vec![("request-constraint-loosened", "info")],
            vec![("response-constraint-loosened", "breaking")]
        ]
    );
}

/// `x-extensible-enum` is an option list that may grow: a value removed is an option removed,
/// one added is what the list promised (info on both sides).
#[test]
fn an_extensible_enum_may_grow_but_not_shrink() {
    let list = |values: &[&str]| json!({"type": "string", "x-extensible-enum": values});
    assert_eq!(
        both_sides(list(&["a", "b"]), list(&["a"])),
        [
            vec![("request-enum-value-removed", "breaking")],
            vec![("response-enum-value-removed", "info")]
        ]
    );
    assert_eq!(
        both_sides(list(&["a"]), list(&["a", "b"])),
        [
            vec![("extensible-enum-value-added", "info")],
            vec![("extensible-enum-value-added", "info")]
        ]
    );
}

/// A `type` that names no JSON type (`int`) leaves the schema untyped for the generator; the
/// change is still one of type, on both sides.
#[test]
fn a_type_that_is_no_json_type_is_a_type_change() {
    let [request, response] = both_sides(json!({"type": "string"}), json!({"type": "int"}));
    assert!(
        request.contains(&("schema-type-changed", "breaking")),
        "{request:?}"
    );
    assert!(
        response.contains(&("schema-type-changed", "breaking")),
        "{response:?}"
    );
}

/// The generator reads one schema per body or answer (the first JSON media type): a second
/// JSON media type beside it is compared in full, and a `*/*` body, which the generator reads
/// as JSON, is compared once.
#[test]
fn the_media_type_the_generator_reads_is_compared_once_and_the_others_in_full() {
    let name = |max: u32| object(json!({"name": {"type": "string", "maxLength": max}}));
    let second_json = |max: u32| {
        let mut doc = exchange(json!({}), json!({}));
        let op = &mut doc["paths"]["/things"]["post"];
        op["requestBody"]["content"]["application/merge-patch+json"] = json!({"schema": name(max)});
        op["responses"]["200"]["content"]["application/problem+json"] =
            json!({"schema": name(max)});
        doc
    };
    assert_eq!(
        verdicts(&second_json(10), &second_json(5)),
        [
            ("request-constraint-tightened", "breaking"),
            ("response-constraint-tightened", "info")
        ]
    );
    let any = |max: u32| {
        let mut doc = exchange(json!({}), json!({}));
        let op = &mut doc["paths"]["/things"]["post"];
        op["requestBody"]["content"] = json!({"*/*": {"schema": name(max)}});
        doc
    };
    let (old, new) = (any(10).to_string(), any(5).to_string());
    let input = |spec| codegen::Input {
        spec,
        overlay: None,
        spec_label: "test",
    };
    let changes = diff(&input(&old), &input(&new)).expect("both versions are read");
    let tightened: Vec<_> = changes
        .iter()
        .filter(|c| c.rule.id() == "request-constraint-tightened")
        .collect();
    assert_eq!(tightened.len(), 1, "{changes:#?}");
}
