//! Documents that break a rule of OpenAPI 3.0 without being ambiguous, read anyway by the
//! review (the generator stays strict): each repair fills in the one reading the document
//! allows and is reported with its pointer, so the review says what it read past.
//!
//! - an operation without `responses`: no documented answer (`responses: {}`; valid in 3.1,
//!   where the generator reads it too, unreported);
//! - a response without `description`: an empty one;
//! - no `info.version`: an empty one;
//! - a parameter or header without `schema` or `content`: any value (`schema: {}`);
//! - a path parameter without `required: true`: required (every path parameter is);
//! - an OAuth flow without `scopes`: none;
//! - `content: null`: no content; `responses: null`: none;
//! - a link without `operationId` or `operationRef`: no link;
//! - in a schema, a `type` that is not a type name (an object, a number, ...): untyped; a
//!   `properties` that is not an object, an `items` that is not a schema, a `required` that
//!   is not a list of names: left out (nothing readable is lost). Schemas are found where
//!   OpenAPI puts them and through `$ref`s to any place, so the pointer names where the
//!   defect is written, not a copy of it;
//! - a schema `true` or `false` (JSON Schema, so 3.1; `additionalProperties` is left as it
//!   is, where 3.0 allows them): `{}` and `not: {}`.

use super::{refs, METHODS};
use crate::error::child;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// One thing the document lacked and what was read in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Where (`#/paths/~1a/get/responses`).
    pub pointer: String,
    /// What was missing and what the review read instead, in one line.
    pub message: String,
}

struct Repairs {
    found: Vec<Repair>,
}

impl Repairs {
    fn note(&mut self, pointer: String, message: &str) {
        self.found.push(Repair {
            pointer,
            message: message.to_string(),
        });
    }

    /// Inserts `key: value` into `map` when it is missing, noting it.
    fn fill(&mut self, map: &mut Map<String, Value>, at: &str, key: &str, value: Value, why: &str) {
        if !map.contains_key(key) {
            map.insert(key.to_string(), value);
            self.note(child(at, key), why);
        }
    }

    fn content(&mut self, map: &mut Map<String, Value>, at: &str) {
        if map.get("content").is_some_and(Value::is_null) {
            map.remove("content");
            self.note(child(at, "content"), "`content: null`: read as no content");
        }
    }

    fn parameter(&mut self, value: &mut Value, at: &str) {
        let Some(map) = value.as_object_mut().filter(|m| !m.contains_key("$ref")) else {
            return;
        };
        self.content(map, at);
        if !map.contains_key("content") {
            let why = "no `schema` (or `content`): read as any value";
            self.fill(map, at, "schema", Value::Object(Map::new()), why);
        }
        let in_path = map.get("in").and_then(Value::as_str) == Some("path");
        if in_path && map.get("required").and_then(Value::as_bool) != Some(true) {
            map.insert("required".into(), Value::Bool(true));
            let why = "a path parameter without `required: true`: read as required (a path \
                       parameter always is)";
            self.note(child(at, "required"), why);
        }
    }

    fn response(&mut self, value: &mut Value, at: &str) {
        let Some(map) = value.as_object_mut().filter(|m| !m.contains_key("$ref")) else {
            return;
        };
        let why = "no `description`: read as an empty one";
        self.fill(map, at, "description", Value::from(""), why);
        self.content(map, at);
        if let Some(headers) = map.get_mut("headers").and_then(Value::as_object_mut) {
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &child(&child(at, "headers"), name));
            }
        }
        if let Some(links) = map.get_mut("links").and_then(Value::as_object_mut) {
            self.links(links, &child(at, "links"));
        }
    }

    /// A link names the operation it leads to; one naming none leads nowhere.
    fn links(&mut self, links: &mut Map<String, Value>, at: &str) {
        let nowhere: Vec<String> = links
            .iter()
            .filter(|(_, link)| {
                link.as_object().is_some_and(|l| {
                    !["operationId", "operationRef", "$ref"]
                        .iter()
                        .any(|k| l.contains_key(*k))
                })
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in nowhere {
            links.shift_remove(&name);
            let why = "a link without `operationId` or `operationRef`: read as no link";
            self.note(child(at, &name), why);
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, at: &str) {
        let why = "no `responses`: read as an operation with no documented answer";
        if op.get("responses").is_some_and(Value::is_null) {
            op.remove("responses");
        }
        self.fill(op, at, "responses", Value::Object(Map::new()), why);
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for (code, response) in responses.iter_mut() {
                self.response(response, &child(&child(at, "responses"), code));
            }
        }
        self.parameters(op.get_mut("parameters"), &child(at, "parameters"));
        if let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) {
            self.content(body, &child(at, "requestBody"));
        }
    }

    fn parameters(&mut self, list: Option<&mut Value>, at: &str) {
        for (i, p) in list
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
            .enumerate()
        {
            self.parameter(p, &child(at, &i.to_string()));
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let at = "#/components";
        if let Some(links) = components.get_mut("links").and_then(Value::as_object_mut) {
            self.links(links, &child(at, "links"));
        }
        let mut each =
            |section: &str, repairs: &mut Repairs, f: fn(&mut Repairs, &mut Value, &str)| {
                if let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) {
                    for (name, item) in map.iter_mut() {
                        f(repairs, item, &child(&child(at, section), name));
                    }
                }
            };
        each("responses", self, Repairs::response);
        each("parameters", self, Repairs::parameter);
        each("headers", self, Repairs::parameter);
        each("requestBodies", self, |r, body, at| {
            if let Some(map) = body.as_object_mut() {
                r.content(map, at);
            }
        });
        each("securitySchemes", self, |r, scheme, at| {
            let flows = scheme.get_mut("flows").and_then(Value::as_object_mut);
            for (name, flow) in flows.into_iter().flatten() {
                if let Some(flow) = flow.as_object_mut() {
                    let why = "an OAuth flow without `scopes`: read as none";
                    let at = child(&child(at, "flows"), name);
                    r.fill(flow, &at, "scopes", Value::Object(Map::new()), why);
                }
            }
        });
    }
}

/// Repairs what the review reads past (see the module's list) and says where.
pub(super) fn repair(doc: &mut Value) -> Vec<Repair> {
    let mut repairs = Repairs { found: Vec::new() };
    let Some(root) = doc.as_object_mut() else {
        return repairs.found;
    };
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        let why = "no `info.version`: read as an empty one";
        repairs.fill(info, "#/info", "version", Value::from(""), why);
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let at = child("#/paths", path);
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            repairs.parameters(item.get_mut("parameters"), &child(&at, "parameters"));
            for method in METHODS {
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    repairs.operation(op, &child(&at, method));
                }
            }
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        repairs.components(components);
    }
    for at in schema_places(doc) {
        match doc.pointer_mut(&at[1..]) {
            Some(Value::Object(schema)) => repairs.schema(schema, &at),
            Some(boolean @ Value::Bool(_)) => repairs.boolean_schema(boolean, &at),
            _ => {}
        }
    }
    repairs.found
}

impl Repairs {
    /// 3.1 (JSON Schema) allows `true` and `false` as schemas, 3.0 does not: `true` is any
    /// value, `false` none, spelled as 3.0 does (`not: {}`, which the review lists as not
    /// compared when the generator cannot read it).
    fn boolean_schema(&mut self, schema: &mut Value, at: &str) {
        let (spelled, why) = if schema.as_bool() == Some(true) {
            (json!({}), "the schema `true`: read as any value (`{}`)")
        } else {
            (
                json!({"not": {}}),
                "the schema `false`: read as no value (`not: {}`)",
            )
        };
        *schema = spelled;
        self.note(at.to_string(), why);
    }

    /// One schema's own keywords (the schemas inside it are places of their own).
    fn schema(&mut self, schema: &mut Map<String, Value>, at: &str) {
        // A string `type` is read by every stage (one it does not know is reported there).
        if schema.get("type").is_some_and(|t| !t.is_string()) {
            schema.remove("type");
            let why = "`type` is not a type name: read as untyped (any value)";
            self.note(child(at, "type"), why);
        }
        if schema.get("properties").is_some_and(|p| !p.is_object()) {
            schema.remove("properties");
            let why = "`properties` is not an object of schemas: read as no properties";
            self.note(child(at, "properties"), why);
        }
        if schema.get("items").is_some_and(|i| !i.is_object()) {
            schema.remove("items");
            let why = "`items` is not a schema: read as items of any value";
            self.note(child(at, "items"), why);
        }
        let is_names = |v: &Value| {
            v.as_array()
                .is_some_and(|names| names.iter().all(Value::is_string))
        };
        if schema.get("required").is_some_and(|r| !is_names(r)) {
            schema.remove("required");
            let why = "`required` is not a list of property names: read as none required";
            self.note(child(at, "required"), why);
        }
    }
}

/// Every place that holds a schema, outermost first: where OpenAPI puts one (`schema`,
/// `#/components/schemas`), the schemas inside those, and the targets of `$ref`s from them
/// to any place (a `$ref` to a component by name is reached at the component). Pointers are
/// escaped as pointers, not percent-encoded.
fn schema_places(doc: &Value) -> Vec<String> {
    let mut places = Places {
        doc,
        found: Vec::new(),
        seen: BTreeSet::new(),
    };
    places.document(doc, "#");
    places.found
}

struct Places<'a> {
    doc: &'a Value,
    found: Vec<String>,
    seen: BTreeSet<String>,
}

impl Places<'_> {
    /// A part of the document that is not a schema: schemas are under `schema` or in
    /// `#/components/schemas`; examples, defaults and extensions are data (but a response
    /// named `default` is a response).
    fn document(&mut self, value: &Value, at: &str) {
        match value {
            Value::Object(map) => {
                for (key, child_value) in map {
                    let place = child(at, key);
                    if key == "schema" {
                        self.schema(child_value, place);
                    } else if place == "#/components/schemas" {
                        for (name, schema) in child_value.as_object().into_iter().flatten() {
                            self.schema(schema, child(&place, name));
                        }
                    } else if !refs::holds_only_data(at, key) {
                        self.document(child_value, &place);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.document(item, &child(at, &i.to_string()));
                }
            }
            _ => {}
        }
    }

    fn schema(&mut self, value: &Value, at: String) {
        if value.is_boolean() {
            self.found.push(at);
            return;
        }
        let Some(map) = value.as_object() else {
            return;
        };
        // Also ends a `$ref` cycle through places that are not components.
        if !self.seen.insert(at.clone()) {
            return;
        }
        if let Some(target) = map.get("$ref").and_then(Value::as_str) {
            if !super::refs::is_deep(target) {
                return;
            }
            let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
            let place = decoded.strip_prefix('#').and_then(|p| self.doc.pointer(p));
            if let Some(place) = place {
                self.schema(place, decoded.into_owned());
            }
            return;
        }
        self.found.push(at.clone());
        for (name, property) in map
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            self.schema(property, child(&child(&at, "properties"), name));
        }
        if let Some(inner) = map.get("additionalProperties").filter(|a| a.is_object()) {
            self.schema(inner, child(&at, "additionalProperties"));
        }
        for key in ["items", "not"] {
            if let Some(inner) = map.get(key) {
                self.schema(inner, child(&at, key));
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for (i, branch) in map
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                self.schema(branch, child(&child(&at, key), &i.to_string()));
            }
        }
    }
}

/// A 3.1 operation may leave `responses` out: no documented answer (not a repair).
pub(super) fn responses_of_3_1(doc: &mut Value) {
    let paths = doc.get_mut("paths").and_then(Value::as_object_mut);
    for item in paths.into_iter().flat_map(|p| p.values_mut()) {
        for method in METHODS {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                op.entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_repair_names_its_place() {
        let mut doc = json!({"info": {"title": "t"}, "paths": {"/a": {"get": {
            "parameters": [{"name": "q", "in": "query"}],
            "responses": {"200": {"content": null}}},
            "post": {}, "put": {"responses": null}}},
            "components": {"securitySchemes": {"o": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "u"}}}},
                "links": {"nowhere": {"description": "d"}, "somewhere": {"operationId": "getA"}}}});
        let found: Vec<String> = repair(&mut doc).into_iter().map(|r| r.pointer).collect();
        assert_eq!(
            found,
            vec![
                "#/info/version",
                "#/paths/~1a/get/responses/200/description",
                "#/paths/~1a/get/responses/200/content",
                "#/paths/~1a/get/parameters/0/schema",
                "#/paths/~1a/put/responses",
                "#/paths/~1a/post/responses",
                "#/components/links/nowhere",
                "#/components/securitySchemes/o/flows/implicit/scopes",
            ]
        );
        assert_eq!(doc["paths"]["/a"]["post"]["responses"], json!({}));
        assert_eq!(repair(&mut doc), Vec::new(), "nothing left to repair");
    }

    #[test]
    fn a_response_named_default_is_repaired_and_an_example_named_schema_is_not() {
        let broken = json!({"type": "object", "required": "id"});
        let mut doc = json!({"info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
            "responses": {"default": {"description": "d", "content": {"application/json": {
                "schema": broken,
                "examples": {"e": {"value": {"schema": broken}}}}}}}}}}});
        let found: Vec<String> = repair(&mut doc).into_iter().map(|r| r.pointer).collect();
        let at = "#/paths/~1a/get/responses/default/content/application~1json";
        assert_eq!(found, vec![format!("{at}/schema/required")]);
        let media =
            &doc["paths"]["/a"]["get"]["responses"]["default"]["content"]["application/json"];
        assert_eq!(media["examples"]["e"]["value"]["schema"], broken);
        assert_eq!(repair(&mut doc), Vec::new(), "nothing left to repair");
    }

    #[test]
    fn schemas_are_reached_through_refs_to_any_place_once_and_data_is_left_alone() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"properties": {
                "loop": {"$ref": "#/components/schemas/A/properties/loop"},
                "b": {"$ref": "#/components/schemas/A/x-kinds/b"},
                "c": {"$ref": "#/components/schemas/A/x-kinds/b"}},
                "x-kinds": {"b": {"type": 1, "items": "string"}},
                "example": {"type": {}, "required": true},
                "additionalProperties": false}}}});
        let found: Vec<String> = repair(&mut doc).into_iter().map(|r| r.pointer).collect();
        assert_eq!(
            found,
            vec![
                "#/components/schemas/A/x-kinds/b/type",
                "#/components/schemas/A/x-kinds/b/items",
            ]
        );
        assert_eq!(doc["components"]["schemas"]["A"]["x-kinds"]["b"], json!({}));
        assert_eq!(
            doc["components"]["schemas"]["A"]["example"],
            json!({"type": {}, "required": true})
        );
    }
}
