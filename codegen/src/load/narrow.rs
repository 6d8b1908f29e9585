//! Where a document that does not deserialize really breaks. serde loses the path inside
//! untagged enums, and `openapiv3` reads every "`$ref` or a value" place as one
//! (`ReferenceOr<Schema>`, `ReferenceOr<Parameter>`, ...), so its error names the component or
//! path item around the problem. Below that place, each child that is itself such a place is
//! read on its own, down to the deepest that does not read; there, the keyword without which it
//! would read is named too. Only run on the error path: the document was not readable anyway.

use crate::error::child;
use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::Deserialize;
use serde_json::Value;

/// What a place of the document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Schema,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    /// A map of media types (`content`), each with a `schema`.
    Content,
    /// `#/paths`: path items by path.
    Paths,
}

/// The most precise pointer for an error serde reported at `pointer` (unchanged when nothing
/// below it is to blame alone).
pub(super) fn narrow(doc: &Value, pointer: &str) -> String {
    let Some(mut place) = place_of(pointer) else {
        return pointer.to_string();
    };
    let Some(mut node) = doc.pointer(pointer.trim_start_matches('#')) else {
        return pointer.to_string();
    };
    let mut at = pointer.to_string();
    if reads(node, place) {
        return at;
    }
    // Deeper while a child place does not read on its own.
    while let Some((child_at, child_node, child_place)) = children(node, place, &at)
        .into_iter()
        .find(|(_, value, kind)| !reads(value, *kind))
    {
        (at, node, place) = (child_at, child_node, child_place);
    }
    match culprit_key(node, place) {
        Some(key) => child(&at, key),
        None => at,
    }
}

/// The place a pointer serde can report names: a component or a path item.
fn place_of(pointer: &str) -> Option<Place> {
    let segments: Vec<&str> = pointer.trim_start_matches("#/").split('/').collect();
    match segments.as_slice() {
        ["components", "schemas", _] => Some(Place::Schema),
        ["components", "parameters", _] => Some(Place::Parameter),
        ["components", "requestBodies", _] => Some(Place::RequestBody),
        ["components", "responses", _] => Some(Place::Response),
        ["paths"] => Some(Place::Paths),
        ["paths", _] => Some(Place::PathItem),
        _ => None,
    }
}

/// Whether `value` reads as what `place` holds.
fn reads(value: &Value, place: Place) -> bool {
    match place {
        Place::Schema => ReferenceOr::<Schema>::deserialize(value).is_ok(),
        Place::PathItem => ReferenceOr::<PathItem>::deserialize(value).is_ok(),
        Place::Operation => openapiv3::Operation::deserialize(value).is_ok(),
        Place::Parameter => ReferenceOr::<Parameter>::deserialize(value).is_ok(),
        Place::RequestBody => ReferenceOr::<RequestBody>::deserialize(value).is_ok(),
        Place::Response => ReferenceOr::<Response>::deserialize(value).is_ok(),
        Place::Content => {
            indexmap::IndexMap::<String, openapiv3::MediaType>::deserialize(value).is_ok()
        }
        Place::Paths => openapiv3::Paths::deserialize(value).is_ok(),
    }
}

/// The places directly below `node`.
fn children<'v>(node: &'v Value, place: Place, at: &str) -> Vec<(String, &'v Value, Place)> {
    let Some(object) = node.as_object() else {
        return Vec::new();
    };
    let mut below = Below {
        object,
        at,
        out: Vec::new(),
    };
    match place {
        Place::Schema => {
            for key in ["items", "additionalProperties", "not"] {
                below.one(key, Place::Schema);
            }
            for key in ["properties", "allOf", "oneOf", "anyOf"] {
                below.each(key, Place::Schema);
            }
        }
        Place::Parameter => {
            below.one("schema", Place::Schema);
            below.one("content", Place::Content);
        }
        Place::RequestBody | Place::Response => below.one("content", Place::Content),
        Place::Operation => {
            below.one("requestBody", Place::RequestBody);
            below.each("parameters", Place::Parameter);
            below.each("responses", Place::Response);
        }
        Place::PathItem => {
            below.each("parameters", Place::Parameter);
            for method in super::METHODS {
                below.one(method, Place::Operation);
            }
        }
        Place::Paths => {
            for (path, value) in object {
                below.out.push((child(at, path), value, Place::PathItem));
            }
        }
        Place::Content => {
            for (media, value) in object {
                if let Some(schema) = value.get("schema") {
                    let schema_at = child(&child(at, media), "schema");
                    below.out.push((schema_at, schema, Place::Schema));
                }
            }
        }
    }
    below.out
}

/// The places found below one object.
struct Below<'v, 'a> {
    object: &'v serde_json::Map<String, Value>,
    at: &'a str,
    out: Vec<(String, &'v Value, Place)>,
}

impl<'v> Below<'v, '_> {
    /// The value under `key`.
    fn one(&mut self, key: &str, kind: Place) {
        if let Some(value) = self.object.get(key) {
            self.out.push((child(self.at, key), value, kind));
        }
    }

    /// Each value of the map or list under `key`.
    fn each(&mut self, key: &str, kind: Place) {
        let base = child(self.at, key);
        match self.object.get(key) {
            Some(Value::Object(map)) => {
                for (name, value) in map {
                    self.out.push((child(&base, name), value, kind));
                }
            }
            Some(Value::Array(list)) => {
                for (i, value) in list.iter().enumerate() {
                    self.out.push((child(&base, &i.to_string()), value, kind));
                }
            }
            _ => {}
        }
    }
}

/// The one key of an object place without which it would read (`maxLength: -1`).
fn culprit_key(node: &Value, place: Place) -> Option<&str> {
    let object = node.as_object()?;
    object.keys().map(String::as_str).find(|key| {
        let mut without = object.clone();
        without.remove(*key);
        reads(&Value::Object(without), place)
    })
}

#[cfg(test)]
mod tests {
    use super::narrow;
    use serde_json::json;

    #[test]
    fn a_nested_property_and_its_keyword_are_named() {
        let doc = json!({"components": {"schemas": {"A": {"type": "object", "properties": {
            "ok": {"type": "string"},
            "bad": {"allOf": [{"type": "object", "properties": {"deep": {"type": {"x": 1}}}}]}
        }}}}});
        assert_eq!(
            narrow(&doc, "#/components/schemas/A"),
            "#/components/schemas/A/properties/bad/allOf/0/properties/deep/type"
        );
    }

    #[test]
    fn a_parameter_schema_in_an_operation_is_named() {
        let doc = json!({"paths": {"/x": {"get": {
            "parameters": [{"name": "n", "in": "query", "schema": {"type": "string", "maxLength": -1}}],
            "responses": {"200": {"description": "ok"}}
        }}}});
        assert_eq!(
            narrow(&doc, "#/paths/~1x"),
            "#/paths/~1x/get/parameters/0/schema/maxLength"
        );
    }

    #[test]
    fn a_path_item_below_the_paths_is_named() {
        let doc = json!({"paths": {
            "/ok": {"get": {"responses": {"200": {"description": "ok"}}}},
            "/bad": {"post": {"requestBody": {"content": {"application/json": {"schema": false}}},
                "responses": {"200": {"description": "ok"}}}}
        }});
        assert_eq!(
            narrow(&doc, "#/paths"),
            "#/paths/~1bad/post/requestBody/content/application~1json/schema"
        );
    }

    #[test]
    fn a_place_that_reads_or_is_unknown_keeps_its_pointer() {
        let doc = json!({"components": {"schemas": {"A": {"type": "string"}}}, "info": {}});
        assert_eq!(
            narrow(&doc, "#/components/schemas/A"),
            "#/components/schemas/A"
        );
        assert_eq!(narrow(&doc, "#/info"), "#/info");
    }
}
