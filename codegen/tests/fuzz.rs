//! Property test: mutate the bundled spec at random places (delete a node, swap its type, rename
//! a key, graft one part onto another) and require that the generator never panics and always
//! finishes quickly: each mutant yields files or an error with a JSON pointer.
//!
//! CI runs a small number of cases; run longer with e.g.
//! `PROPTEST_CASES=5000 cargo test --release -p vpn-codegen --test fuzz`.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

fn bundled_spec_value() -> Value {
    serde_json::from_str(&common::bundled_spec().0).expect("spec JSON")
}

/// Every node's address, as the list of keys/indices leading to it.
fn addresses(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(Value::String(k.clone()));
                addresses(v, at, out);
                at.pop();
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                at.push(Value::from(i));
                addresses(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(root: &'a mut Value, address: &[Value]) -> Option<&'a mut Value> {
    address
        .iter()
        .try_fold(root, |node, step| match (node, step) {
            (Value::Object(map), Value::String(k)) => map.get_mut(k),
            (Value::Array(list), Value::Number(i)) => list.get_mut(i.as_u64()? as usize),
            _ => None,
        })
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Replace(Value),
    RenameKey,
    /// Put a copy of another node here (e.g. a schema where a parameter was).
    Graft(usize),
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "[a-z{}#/~ ]{0,12}".prop_map(Value::String),
        Just(Value::Array(vec![])),
        Just(Value::Object(Default::default())),
        Just(serde_json::json!({"$ref": "#/components/schemas/Nowhere"})),
        Just(serde_json::json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Delete),
        replacement().prop_map(Mutation::Replace),
        Just(Mutation::RenameKey),
        any::<usize>().prop_map(Mutation::Graft),
    ]
}

fn apply(doc: &mut Value, all: &[Vec<Value>], target: usize, m: &Mutation) {
    let address = &all[target % all.len()];
    let Some((last, parent)) = address.split_last() else {
        return;
    };
    let graft = match m {
        Mutation::Graft(from) => {
            let source = &all[from % all.len()];
            node_mut(doc, source).map(|n| n.clone())
        }
        _ => None,
    };
    let Some(container) = node_mut(doc, parent) else {
        return;
    };
    match (container, last, m) {
        (Value::Object(map), Value::String(k), Mutation::Delete) => {
            map.shift_remove(k);
        }
        (Value::Array(list), Value::Number(i), Mutation::Delete) => {
            let i = i.as_u64().unwrap_or(0) as usize;
            if i < list.len() {
                list.remove(i);
            }
        }
        (Value::Object(map), Value::String(k), Mutation::RenameKey) => {
            if let Some(v) = map.shift_remove(k) {
                map.insert(format!("{k}X"), v);
            }
        }
        (container, _, Mutation::Replace(new)) => {
            if let Some(node) = node_mut(container, std::slice::from_ref(last)) {
                *node = new.clone();
            }
        }
        (container, _, Mutation::Graft(_)) => {
            if let (Some(node), Some(copy)) =
                (node_mut(container, std::slice::from_ref(last)), graft)
            {
                *node = copy;
            }
        }
        _ => {}
    }
}

/// Files, or an error with a pointer; a panic or a hang (a mutant that takes longer than
/// `common::HANG` has hit a loop, not slow code) is a failure.
fn generate_with_deadline(spec: String) -> Result<(), String> {
    match common::generate_with_deadline(spec, "mutant")? {
        Ok(files) if !files.is_empty() => Ok(()),
        Ok(_) => Err("generated no files".into()),
        Err(e) if e.pointer.starts_with('#') && !e.message.is_empty() => Ok(()),
        Err(e) => Err(format!("error without a pointer: {e}")),
    }
}

#[test]
fn mutated_specs_never_panic_or_hang() {
    let spec = bundled_spec_value();
    let mut all = Vec::new();
    addresses(&spec, &mut Vec::new(), &mut all);
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = proptest::collection::vec((any::<usize>(), mutation()), 1..4);
    let outcome = runner.run(&strategy, |mutations| {
        let mut doc = spec.clone();
        for (target, m) in &mutations {
            apply(&mut doc, &all, *target, m);
        }
        let text = serde_json::to_string(&doc).expect("serialize");
        generate_with_deadline(text).map_err(TestCaseError::fail)
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
