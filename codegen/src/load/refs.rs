//! `$ref`s to any place in the document, not only to a component by name.
//!
//! JSON Reference lets a `$ref` point anywhere: bundlers write `#/paths/~1a/get/parameters/0`
//! (another operation's parameter), `#/paths/~1a/get/responses/200/content/..../schema`, or
//! `#/components/schemas/A/properties/b`. The later stages follow `#/components/<kind>/<name>`
//! only, so every other local `$ref` is replaced here by a copy of what it points at, before the
//! document is typed. A copy is exact: a `$ref` means "this value". A reference that leads back
//! into itself through such places (a recursive schema reached through `#/paths/...`) cannot be
//! copied: the schema it goes through becomes a component schema of its own (named after its
//! last pointer segment), and the recursion a `$ref` to it. Component `$ref`s are untouched.

use crate::error::Error;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Replaces every local `$ref` that is not `#/components/<kind>/<name>` by a copy of its
/// target. Costs one walk when there is none.
pub(super) fn inline_deep_refs(doc: &mut Value) -> Result<(), Error> {
    if !has_deep_ref(doc, "") {
        return Ok(());
    }
    let original = doc.clone();
    let taken = original
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut inliner = Inliner {
        original: &original,
        chain: Vec::new(),
        hoisted: BTreeMap::new(),
        taken,
    };
    inliner.inline(doc, "#")?;
    // Each schema a recursion went through becomes a component (which may find more).
    let mut done = BTreeSet::new();
    while let Some((target, name)) = inliner
        .hoisted
        .iter()
        .find(|(target, _)| !done.contains(*target))
        .map(|(t, n)| (t.clone(), n.clone()))
    {
        done.insert(target.clone());
        let mut schema = inliner.target(&target, &target)?;
        inliner.chain.push(target.clone());
        inliner.inline(&mut schema, &target)?;
        inliner.chain.pop();
        let components = doc
            .as_object_mut()
            .map(|root| root.entry("components").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut)
            .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| Error::new("#/components/schemas", "not an object"))?;
        components.insert(name, schema);
    }
    Ok(())
}

struct Inliner<'a> {
    /// The document as it was: what every `$ref` points at.
    original: &'a Value,
    /// The targets being copied, outermost first, to tell recursion.
    chain: Vec<String>,
    /// Targets a recursion went through, by the component name each becomes.
    hoisted: BTreeMap<String, String>,
    /// Component schema names in use.
    taken: BTreeSet<String>,
}

impl Inliner<'_> {
    fn target(&self, target: &str, at: &str) -> Result<Value, Error> {
        let pointer = percent_encoding::percent_decode_str(&target[1..]).decode_utf8_lossy();
        self.original.pointer(&pointer).cloned().ok_or_else(|| {
            Error::new(
                at,
                format!("unresolvable $ref {target:?}: nothing at that place in the document"),
            )
        })
    }

    /// A component name for a recursive schema: its own name (the pointer's last segment)
    /// when free, else numbered.
    fn hoist(&mut self, target: &str) -> String {
        if let Some(name) = self.hoisted.get(target) {
            return name.clone();
        }
        let last = target.rsplit('/').next().unwrap_or_default();
        let last = percent_encoding::percent_decode_str(last)
            .decode_utf8_lossy()
            .replace("~1", "/")
            .replace("~0", "~");
        let base = if last.is_empty() {
            "Schema".to_string()
        } else {
            last
        };
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|n| !self.taken.contains(n))
            .unwrap_or(base);
        self.taken.insert(name.clone());
        self.hoisted.insert(target.to_string(), name.clone());
        name
    }

    fn inline(&mut self, value: &mut Value, at: &str) -> Result<(), Error> {
        if let Some(target) = reference(value).filter(|r| is_deep(r)).map(str::to_owned) {
            // A `$ref` inside its own target (in the document, or in a copy of it) recurses.
            let decoded = percent_encoding::percent_decode_str(&target).decode_utf8_lossy();
            let inside = at.starts_with(&format!("{decoded}/"));
            if inside || self.hoisted.contains_key(&target) || self.chain.contains(&target) {
                let name = self.hoist(&target);
                let escaped = name.replace('~', "~0").replace('/', "~1");
                *value = json!({ "$ref": format!("#/components/schemas/{escaped}") });
                return Ok(());
            }
            let mut copy = self.target(&target, at)?;
            // A path item copied to another path holds other operations: the operationIds
            // belong to the original, the copies are named after their own path.
            let is_path_item = target
                .strip_prefix("#/paths/")
                .is_some_and(|rest| !rest.contains('/'));
            if is_path_item {
                if let Some(item) = copy.as_object_mut() {
                    for operation in item.values_mut().filter_map(Value::as_object_mut) {
                        operation.remove("operationId");
                    }
                }
            }
            self.chain.push(target);
            self.inline(&mut copy, at)?;
            self.chain.pop();
            *value = copy;
            return Ok(());
        }
        match value {
            Value::Object(map) => {
                let parent = at.rsplit('/').next().unwrap_or_default().to_owned();
                for (key, child) in map.iter_mut() {
                    if !is_data(&parent, key) {
                        self.inline(child, &crate::error::child(at, key))?;
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.inline(child, &crate::error::child(at, &i.to_string()))?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether `reference` is a local `$ref` the later stages do not follow by name.
pub(super) fn is_deep(reference: &str) -> bool {
    let Some(fragment) = reference.strip_prefix("#/") else {
        return false;
    };
    let segments: Vec<&str> = fragment.split('/').collect();
    !(segments.len() == 3 && segments[0] == "components")
}

/// Maps whose every key is a name (a property `example`, the response `default`), never a
/// keyword.
const NAME_MAPS: [&str; 13] = [
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "responses",
    "schemas",
    "parameters",
    "requestBodies",
    "headers",
    "content",
    "paths",
    "callbacks",
    "examples",
];

/// Values that are data, not OpenAPI: a `$ref` key inside them is just a key. `parent` is the
/// key of the object holding `key`.
fn is_data(parent: &str, key: &str) -> bool {
    !NAME_MAPS.contains(&parent)
        && (matches!(key, "example" | "default" | "enum" | "const") || key.starts_with("x-"))
}

/// Whether the value at `key` of the object at `at` is data or a map of examples of data, not
/// a part of the document that holds schemas.
pub(super) fn holds_only_data(at: &str, key: &str) -> bool {
    let parent = at.rsplit('/').next().unwrap_or_default();
    is_data(parent, key) || (key == "examples" && !NAME_MAPS.contains(&parent))
}

fn reference(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

fn has_deep_ref(value: &Value, parent: &str) -> bool {
    match value {
        Value::Object(map) => {
            reference(value).is_some_and(is_deep)
                || map
                    .iter()
                    .any(|(k, v)| !is_data(parent, k) && has_deep_ref(v, k))
        }
        Value::Array(items) => items.iter().any(|v| has_deep_ref(v, "")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_ref_into_another_operation_becomes_a_copy() {
        let mut doc = json!({
            "paths": {
                "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]}},
                "/b/{id}": {"get": {"parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"}]}}
            }
        });
        inline_deep_refs(&mut doc).unwrap();
        assert_eq!(
            doc["paths"]["/b/{id}"]["get"]["parameters"][0],
            doc["paths"]["/a/{id}"]["get"]["parameters"][0]
        );
    }

    #[test]
    fn component_refs_and_data_stay_as_they_are() {
        let before = json!({
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
                "B": {"type": "object", "example": {"$ref": "#/paths/nowhere"}}
            }}
        });
        let mut doc = before.clone();
        inline_deep_refs(&mut doc).unwrap();
        assert_eq!(doc, before);
    }

    #[test]
    fn a_property_named_like_data_is_still_a_schema() {
        let mut doc = json!({
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "B": {"type": "object", "properties": {"example": {"$ref": "#/components/schemas/A/properties/n"}}}
            }}
        });
        inline_deep_refs(&mut doc).unwrap();
        assert_eq!(
            doc["components"]["schemas"]["B"]["properties"]["example"],
            json!({"type": "integer"})
        );
    }

    #[test]
    fn the_default_response_is_not_a_default_value() {
        let mut doc = json!({"paths": {
            "/a": {"get": {"responses": {"default": {"description": "error"}}}},
            "/b": {"get": {"responses": {"default": {"$ref": "#/paths/~1a/get/responses/default"}}}}
        }});
        inline_deep_refs(&mut doc).unwrap();
        assert_eq!(
            doc["paths"]["/b"]["get"]["responses"]["default"],
            json!({"description": "error"})
        );
    }

    #[test]
    fn nothing_to_do_leaves_the_document_alone() {
        let before = json!({
            "components": {"schemas": {"A": {"type": "string"}}}
        });
        let mut doc = before.clone();
        inline_deep_refs(&mut doc).unwrap();
        assert_eq!(doc, before);
    }

    #[test]
    fn a_ref_into_a_component_property_and_chains_of_them() {
        let mut doc = json!({
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"a": {"type": "integer", "minimum": 1}}},
                "B": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/A/properties/a"}}},
                "C": {"$ref": "#/components/schemas/B/properties/b"}
            }}
        });
        inline_deep_refs(&mut doc).unwrap();
        assert_eq!(
            doc["components"]["schemas"]["C"],
            json!({"type": "integer", "minimum": 1})
        );
    }

    #[test]
    fn recursion_through_a_path_makes_the_schema_a_component() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"next": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}}
            }}}}}}}},
            "components": {"schemas": {"schema": {"type": "string"}}}
        });
        inline_deep_refs(&mut doc).unwrap();
        let at = "/paths/~1a/get/responses/200/content/application~1json/schema";
        assert_eq!(
            doc.pointer(&format!("{at}/properties/next")).unwrap(),
            &json!({"$ref": "#/components/schemas/schema2"})
        );
        assert_eq!(
            doc["components"]["schemas"]["schema2"],
            json!({"type": "object", "properties": {"next": {"$ref": "#/components/schemas/schema2"}}})
        );
    }

    #[test]
    fn recursion_through_definitions_inside_a_component() {
        let mut doc = json!({"components": {"schemas": {
            "Push": {"type": "object", "properties": {"option": {"$ref": "#/components/schemas/Push/definitions/option"}},
                     "definitions": {"option": {"type": "object", "properties": {"more": {"$ref": "#/components/schemas/Push/definitions/option"}}}}}
        }}});
        inline_deep_refs(&mut doc).unwrap();
        assert_eq!(
            doc["components"]["schemas"]["option"]["properties"]["more"],
            json!({"$ref": "#/components/schemas/option"})
        );
    }

    #[test]
    fn a_ref_to_nothing_names_the_ref() {
        let mut doc = json!({"paths": {"/a": {"get": {"parameters": [{"$ref": "#/paths/~1b/get/parameters/0"}]}}}});
        let e = inline_deep_refs(&mut doc).unwrap_err().to_string();
        assert!(
            e.contains("#/paths/~1a/get/parameters/0") && e.contains("nothing at that place"),
            "{e}"
        );
    }
}
