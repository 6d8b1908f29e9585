//! `oneOf` beside `properties` or `allOf` in one schema, rewritten into a plain `oneOf`.
//!
//! `{properties: P, required: R, allOf: A, oneOf: [B1, B2]}` asks for a value that has the
//! shape of P/R/A and of exactly one of the branches. That is exactly one of
//! `{allOf: [{properties: P, required: R}, A.., Bi]}`: where the shared part holds, each
//! rewritten branch holds when its `Bi` does; where it does not, none holds. So the rewrite
//! keeps the meaning, and the later stages read a union of objects (each variant with the
//! shared properties) instead of refusing the schema. A `discriminator` names its variants by
//! the branches' own `$ref`s, which wrapping would hide, so such schemas are left as they are.

use serde_json::{Map, Value};

/// The keywords that make up the shared part (moved into every branch).
const SHARED: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

/// Rewrites every such schema in the document, in place.
pub(super) fn distribute(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if is_one_of_beside(map) {
                rewrite(map);
            }
            for (key, child) in map.iter_mut() {
                // Examples and defaults are data: a `oneOf` key there is just a key.
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    distribute(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(distribute),
        _ => {}
    }
}

fn is_one_of_beside(map: &Map<String, Value>) -> bool {
    let one_of = map.get("oneOf").and_then(Value::as_array);
    let has_properties = map
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    let has_all_of = map
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    one_of.is_some_and(|branches| !branches.is_empty())
        && (has_properties || has_all_of)
        && !map.contains_key("anyOf")
        && !map.contains_key("discriminator")
}

fn rewrite(map: &mut Map<String, Value>) {
    let mut shared = Map::new();
    for key in SHARED {
        if let Some(v) = map.remove(key) {
            shared.insert(key.to_string(), v);
        }
    }
    if !shared.is_empty() {
        shared.insert("type".into(), Value::String("object".into()));
    }
    let all_of = match map.remove("allOf") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let Some(Value::Array(branches)) = map.remove("oneOf") else {
        return;
    };
    let branches = branches
        .into_iter()
        .map(|branch| {
            let mut parts = Vec::new();
            if !shared.is_empty() {
                parts.push(Value::Object(shared.clone()));
            }
            parts.extend(all_of.iter().cloned());
            // The variant keeps the name of the schema the branch referred to.
            let title = branch
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .map(str::to_string);
            parts.push(branch);
            let mut wrapped = Map::new();
            if let Some(title) = title {
                wrapped.insert("title".into(), Value::String(title));
            }
            wrapped.insert("allOf".into(), Value::Array(parts));
            Value::Object(wrapped)
        })
        .collect();
    map.insert("oneOf".into(), Value::Array(branches));
    // `type: object` stays (it applies to every branch alike).
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shared_properties_go_into_every_branch() {
        let mut schema = json!({
            "type": "object",
            "description": "a payment",
            "properties": {"amount": {"type": "integer"}},
            "required": ["amount"],
            "oneOf": [{"$ref": "#/components/schemas/Card"}, {"required": ["iban"]}]
        });
        distribute(&mut schema);
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "description": "a payment",
                "oneOf": [
                    {"title": "Card", "allOf": [
                        {"type": "object", "properties": {"amount": {"type": "integer"}}, "required": ["amount"]},
                        {"$ref": "#/components/schemas/Card"}
                    ]},
                    {"allOf": [
                        {"type": "object", "properties": {"amount": {"type": "integer"}}, "required": ["amount"]},
                        {"required": ["iban"]}
                    ]}
                ]
            })
        );
    }

    #[test]
    fn all_of_goes_into_every_branch_and_discriminated_unions_stay() {
        let mut schema = json!({"allOf": [{"$ref": "#/components/schemas/Base"}], "oneOf": [{"$ref": "#/components/schemas/A"}]});
        distribute(&mut schema);
        assert_eq!(
            schema,
            json!({"oneOf": [{"title": "A", "allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/A"}]}]})
        );
        let before = json!({
            "properties": {"kind": {"type": "string"}},
            "oneOf": [{"$ref": "#/components/schemas/A"}],
            "discriminator": {"propertyName": "kind"}
        });
        let mut schema = before.clone();
        distribute(&mut schema);
        assert_eq!(schema, before);
    }
}
