//! Checking a request body the way the client's own validation does, listing every violation
//! at once: the JSON is decoded into the generated type; where decoding stops (a missing
//! required field, a value of the wrong type) the problem is recorded with its JSON path and a
//! stand-in of the expected type takes the value's place, and decoding goes on; once the body
//! decodes, the type's constraints (lengths, bounds, patterns, formats) are checked too, except
//! on the stand-ins. So a body missing a required field, with a name too long and a port out
//! of range, gets all three in one answer, with the paths and words of the client's validation.

use super::super::validate::{Validate, Violation};
use super::Rejection;
use serde_json::{Map, Value};

/// How many decoding problems one body may have before the rest is not looked for.
const MAX_REPAIRS: usize = 64;

/// Checks a request body with the generated type `T`: every violation, or the accepted body.
pub(super) fn check<T>(body: &[u8]) -> Result<Value, Rejection>
where
    T: serde::de::DeserializeOwned + serde::Serialize + Validate,
{
    let mut value: Value = serde_json::from_slice(body)
        .map_err(|e| Rejection::Malformed(format!("the body is not JSON: {e}")))?;
    let mut violations = Vec::new();
    // Where a stand-in replaced what was sent: its own constraints say nothing.
    let mut stand_ins: Vec<String> = Vec::new();
    for _ in 0..MAX_REPAIRS {
        let error = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(parsed) => {
                let mut found = Vec::new();
                parsed.validate_into("", &mut found);
                violations.extend(
                    found
                        .into_iter()
                        .filter(|v| !stand_ins.iter().any(|s| within(&v.path, s))),
                );
                if violations.is_empty() {
                    return serde_json::to_value(&parsed)
                        .map_err(|e| Rejection::Malformed(e.to_string()));
                }
                return Err(Rejection::Invalid(violations));
            }
            Err(error) => error,
        };
        let mut steps: Vec<Step> = error.path().iter().filter_map(Step::of).collect();
        let message = error.inner().to_string();
        let stand_in = if let Some(field) = missing_field(&message) {
            steps.push(Step::Key(field.to_string()));
            push(&mut violations, &steps, "is required".into());
            // Its type is learnt on the next round (`invalid type: null, expected …`).
            Value::Null
        } else {
            let Some((_, expected)) = message.split_once(", expected ") else {
                push(&mut violations, &steps, "cannot be read".into());
                break;
            };
            // A stand-in of the wrong type was already reported as missing.
            if !stand_ins.contains(&path_text(&steps)) {
                let problem = format!("has the wrong type or value: expected {expected}");
                push(&mut violations, &steps, problem);
            }
            match stand_in(expected) {
                Some(v) if value_at(&value, &steps) != Some(&v) => v,
                // No stand-in fits, or it did not help: what was found so far is the answer.
                _ => break,
            }
        };
        if !set(&mut value, &steps, stand_in) {
            break;
        }
        stand_ins.push(path_text(&steps));
    }
    if violations.is_empty() {
        violations.push(Violation {
            path: String::new(),
            message: "cannot be read as the operation's body".into(),
        });
    }
    Err(Rejection::Invalid(violations))
}

fn push(violations: &mut Vec<Violation>, steps: &[Step], message: String) {
    let violation = Violation {
        path: path_text(steps),
        message,
    };
    if !violations.contains(&violation) {
        violations.push(violation);
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    fn of(segment: &serde_path_to_error::Segment) -> Option<Step> {
        match segment {
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            _ => None,
        }
    }
}

/// The path as the client's validation writes it (`properties.connections[0].lanId`).
fn path_text(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Whether `path` is `prefix` or lies below it.
fn within(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// The field serde says is missing (`missing field `name``).
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// A value of the type serde expected, to decode the rest of the body.
fn stand_in(expected: &str) -> Option<Value> {
    let e = expected.trim();
    let integer = [
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize", "isize",
    ];
    Some(
        if e.contains("string") || e.starts_with("a valid") || e.contains("UUID") {
            if e.to_ascii_lowercase().contains("uuid") {
                Value::from("00000000-0000-4000-8000-000000000000")
            } else if e.contains("date") {
                Value::from("1970-01-01T00:00:00Z")
            } else {
                Value::from("")
            }
        } else if integer.iter().any(|t| e.starts_with(t)) || e.contains("integer") {
            Value::from(0)
        } else if e.starts_with('f') && (e.starts_with("f32") || e.starts_with("f64")) {
            Value::from(0.0)
        } else if e.contains("bool") {
            Value::Bool(false)
        } else if e.contains("sequence") || e.contains("array") || e.contains("tuple") {
            Value::Array(Vec::new())
        } else if e.starts_with("struct") || e.contains("map") || e.contains("object") {
            Value::Object(Map::new())
        } else {
            return None;
        },
    )
}

fn value_at<'a>(value: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(i),
    })
}

/// Puts `new` at the path (objects on the way are there: serde walked them).
fn set(value: &mut Value, steps: &[Step], new: Value) -> bool {
    let Some((last, parents)) = steps.split_last() else {
        *value = new;
        return true;
    };
    let mut at = value;
    for step in parents {
        let next = match step {
            Step::Key(k) => at.get_mut(k),
            Step::Index(i) => at.get_mut(*i),
        };
        let Some(next) = next else { return false };
        at = next;
    }
    match (last, at) {
        (Step::Key(k), Value::Object(map)) => {
            map.insert(k.clone(), new);
            true
        }
        (Step::Index(i), Value::Array(items)) if *i < items.len() => {
            items[*i] = new;
            true
        }
        _ => false,
    }
}
