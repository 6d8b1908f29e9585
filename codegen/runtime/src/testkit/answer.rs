//! What the fake sends back (status, JSON body, headers, and the transport faults the HTTP
//! side applies), and the JSON and path helpers its answers are made with.

use super::Path;
use serde_json::{json, Map, Value};
use std::time::Duration;

/// What to send back, and how.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) body: Option<Value>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) delay: Duration,
    pub(super) reset: bool,
}

impl Answer {
    pub(super) fn status_only(status: u16) -> Answer {
        Answer {
            status,
            body: None,
            headers: Vec::new(),
            delay: Duration::ZERO,
            reset: false,
        }
    }

    pub(super) fn json(status: u16, body: Value) -> Answer {
        Answer {
            body: Some(body),
            ..Answer::status_only(status)
        }
    }
}

/// Whether `path` fits a template (`/things/{thingId}`): a variable takes one non-empty segment.
pub(super) fn matches(template: &str, path: &str) -> bool {
    let wanted: Vec<&str> = template.trim_matches('/').split('/').collect();
    let given: Vec<&str> = path.trim_matches('/').split('/').collect();
    wanted.len() == given.len()
        && wanted.iter().zip(&given).all(|(w, g)| {
            if w.starts_with('{') && w.ends_with('}') {
                !g.is_empty()
            } else {
                w == g
            }
        })
}

pub(super) fn query_value<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    target
        .split_once('?')?
        .1
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Sets the value at `path`, making the objects on the way.
pub(super) fn set(target: &mut Value, path: Path, value: Value) {
    let Some((last, parents)) = path.split_last() else {
        *target = value;
        return;
    };
    let mut at = target;
    for step in parents {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        at = map
            .entry(step.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    if let Value::Object(map) = at {
        map.insert(last.to_string(), value);
    }
}

pub(super) fn get(value: &Value, path: Path) -> Option<&Value> {
    path.iter().try_fold(value, |v, step| v.get(step))
}

pub(super) fn remove(value: &mut Value, path: Path) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = value;
    for step in parents {
        match at.get_mut(step) {
            Some(next) => at = next,
            None => return,
        }
    }
    if let Some(map) = at.as_object_mut() {
        map.remove(*last);
    }
}

pub(super) fn template(text: &str) -> Value {
    // Generated from the spec; an unreadable one would be a generator bug, answered as `{}`.
    serde_json::from_str(text).unwrap_or_else(|_| json!({}))
}

/// A name whose value is a credential (a header, or a JSON key such as `privateKey` or a
/// pre-shared `key`), kept out of the request log's headers and out of every `Debug`.
pub(super) fn is_credential(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["auth", "cookie", "key", "token", "secret", "password"]
        .iter()
        .any(|word| name.contains(word))
}

/// `value` with what sits under a credential's name replaced by `[redacted]`, for `Debug`: a
/// test that prints what the fake received or holds shows no key, while the fields themselves
/// keep the values for assertions.
pub(super) fn redacted(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, member)| {
                    let shown = if is_credential(name) {
                        json!("[redacted]")
                    } else {
                        redacted(member)
                    };
                    (name.clone(), shown)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}
