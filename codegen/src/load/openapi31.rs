//! OpenAPI 3.1 documents whose difference from 3.0 is only in how schemas are written, rewritten
//! into their 3.0 spelling before the document is typed:
//!
//! - `type: [T, "null"]` -> `type: T, nullable: true`; several non-null types -> `oneOf` of
//!   one schema per type (a value has one JSON type, so exactly one matches); `type: "null"` alone -> `nullable: true`;
//! - `const: v` -> `enum: [v]` (with the `type` the value has, when none is given);
//! - `examples: [a, ..]` -> `example: a`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` -> `minimum`/`maximum` with the 3.0 flag;
//! - a document without `paths` (webhooks only) gets an empty one, so its schemas still
//!   generate (a crate of models).
//!
//! Everything else 3.1 adds (`webhooks`, `jsonSchemaDialect`, `$defs`, ...) is ignored.

use serde_json::{Map, Value};

/// Rewrites a 3.1 document in place into the 3.0 form the rest of the pipeline reads.
pub(super) fn downgrade(doc: &mut Value) {
    if let Some(root) = doc.as_object_mut() {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        root.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
        root.remove("webhooks");
    }
    walk(doc);
}

/// Finds the schemas of a document: component schemas and every `schema` value.
fn walk(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => schema(child),
                    "schemas" => {
                        if let Value::Object(schemas) = child {
                            schemas.values_mut().for_each(schema);
                        }
                    }
                    _ => walk(child),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(walk),
        _ => {}
    }
}

fn schema(value: &mut Value) {
    let Value::Object(map) = value else {
        return;
    };
    if let Some(types) = map.remove("type") {
        let mut names: Vec<Value> = match types {
            Value::Array(list) => list,
            other => vec![other],
        };
        let nullable = names.iter().any(|t| t == "null");
        names.retain(|t| t != "null");
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match names.len() {
            0 => {}
            1 => {
                map.insert("type".into(), names.remove(0));
            }
            _ => {
                let branches = names
                    .into_iter()
                    .map(|t| Value::Object(Map::from_iter([("type".to_string(), t)])))
                    .collect();
                map.insert("oneOf".into(), Value::Array(branches));
            }
        }
    }
    if let Some(value) = map.remove("const") {
        // `const` usually goes without `type`; the value says it.
        let implied = match &value {
            Value::String(_) => Some("string"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Bool(_) => Some("boolean"),
            _ => None,
        };
        if let (Some(t), false) = (implied, map.contains_key("oneOf")) {
            map.entry("type").or_insert(Value::String(t.into()));
        }
        map.entry("enum").or_insert(Value::Array(vec![value]));
    }
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !examples.is_empty() {
            map.entry("example").or_insert(examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "items" | "additionalProperties" | "not" => schema(child),
            "properties" | "$defs" | "patternProperties" => {
                if let Value::Object(properties) = child {
                    properties.values_mut().for_each(schema);
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Value::Array(list) = child {
                    list.iter_mut().for_each(schema);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_take_their_3_0_spelling() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"A": {
                "type": "object",
                "properties": {
                    "name": {"type": ["string", "null"], "examples": ["x", "y"]},
                    "kind": {"const": "a"},
                    "count": {"type": "integer", "exclusiveMinimum": 0},
                    "either": {"type": ["string", "integer"]},
                    "nothing": {"type": "null"},
                    "list": {"type": "array", "items": {"type": ["number", "null"]}}
                }
            }}},
            "webhooks": {}
        });
        downgrade(&mut doc);
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "paths": {},
                "components": {"schemas": {"A": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "nullable": true, "example": "x"},
                        "kind": {"type": "string", "enum": ["a"]},
                        "count": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                        "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                        "nothing": {"nullable": true},
                        "list": {"type": "array", "items": {"type": "number", "nullable": true}}
                    }
                }}}
            })
        );
    }
}
