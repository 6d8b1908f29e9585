//! What need not be walked: a part written the same in both documents whose `$ref`s lead only
//! to components written the same (directly or through other components). The walk then costs
//! in proportion to what changed, not to the size of the documents.

use serde_json::Value;
use std::collections::BTreeSet;

/// The components (`#/components/<kind>/<name>`) that differ between the documents, or that
/// refer to one that does.
pub(super) fn changed_components(old: &Value, new: &Value) -> BTreeSet<String> {
    let mut changed = BTreeSet::new();
    let mut all: Vec<(String, &Value)> = Vec::new();
    let kinds = |doc: &Value| doc.get("components").and_then(Value::as_object).cloned();
    let (before, after) = (
        kinds(old).unwrap_or_default(),
        kinds(new).unwrap_or_default(),
    );
    for (kind, entries) in &after {
        for (name, value) in entries.as_object().into_iter().flatten() {
            let pointer = format!("#/components/{kind}/{}", escape(name));
            let was = before.get(kind).and_then(|e| e.get(name));
            if was != Some(value) {
                changed.insert(pointer.clone());
            }
            all.push((pointer, value));
        }
    }
    // Through references: until nothing more changes (each round adds one at least).
    loop {
        let more: Vec<String> = all
            .iter()
            .filter(|(pointer, value)| !changed.contains(pointer) && !clean(value, &changed))
            .map(|(pointer, _)| pointer.clone())
            .collect();
        if more.is_empty() {
            return changed;
        }
        changed.extend(more);
    }
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Whether no `$ref` inside `value` leads into a changed component (a reference into another
/// document counts as changed: it cannot be told).
pub(super) fn clean(value: &Value, changed: &BTreeSet<String>) -> bool {
    match value {
        Value::Object(map) => map.iter().all(|(key, v)| match (key.as_str(), v) {
            ("$ref", Value::String(target)) => {
                let owner: Vec<&str> = target.splitn(5, '/').take(4).collect();
                target.starts_with("#/") && !changed.contains(&owner.join("/"))
            }
            _ => clean(v, changed),
        }),
        Value::Array(items) => items.iter().all(|v| clean(v, changed)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_component_referring_to_a_changed_one_is_changed_too() {
        let doc = |max: u32| {
            json!({"components": {"schemas": {
                "Leaf": {"type": "string", "maxLength": max},
                "Branch": {"properties": {"leaf": {"$ref": "#/components/schemas/Leaf"}}},
                "Other": {"type": "integer"}
            }}})
        };
        let changed = changed_components(&doc(5), &doc(6));
        assert!(changed.contains("#/components/schemas/Leaf"));
        assert!(changed.contains("#/components/schemas/Branch"));
        assert!(!changed.contains("#/components/schemas/Other"));
        let uses = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        assert!(!clean(&uses("Branch"), &changed));
        assert!(clean(&uses("Other"), &changed));
        assert!(!clean(&json!({"$ref": "other.yaml#/Thing"}), &changed));
    }
}
