//! Inside the keywords the generator does not read (`then`, `else`, `contains`,
//! `prefixItems`, `unevaluated*`, `propertyNames`, `contentSchema`, `dependentSchemas`,
//! `patternProperties`), in media types other than JSON, in webhooks and in operations the
//! generator skips, nothing else compares bounds, option lists, defaults, properties and
//! required-ness: they are compared here, with the side of the schema holding them; so are
//! bounds on a type they do not apply to, everywhere. `if` (a condition) and `not`
//! (where a tighter schema accepts more) are left whole.

use super::{Kind, Sides, Walk};
use crate::error::child;
use serde_json::Value;

/// Bounds whose higher value is tighter, then those whose lower value is.
const LOWER: [&str; 5] = [
    "minLength",
    "minimum",
    "exclusiveMinimum",
    "minItems",
    "minProperties",
];
const UPPER: [&str; 5] = [
    "maxLength",
    "maximum",
    "exclusiveMaximum",
    "maxItems",
    "maxProperties",
];

/// The one JSON type a schema declares (`type: string`, or a 3.1 list of one type and `null`).
fn declared_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(list) => {
            let mut types = list
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null");
            let first = types.next();
            types.next().is_none().then_some(first).flatten()
        }
        _ => None,
    }
}

/// The types a bound constrains.
fn applies_to(keyword: &str) -> &'static [&'static str] {
    match keyword {
        "minLength" | "maxLength" => &["string"],
        "minItems" | "maxItems" => &["array"],
        "minProperties" | "maxProperties" => &["object"],
        _ => &["number", "integer"],
    }
}

fn required(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

impl<'a> Walk<'a> {
    /// The schemas a keyword holds, compared inside (one schema, a list by position, or a map
    /// by name); `if` and `not` are left whole.
    pub(super) fn inside(
        &mut self,
        keyword: &str,
        (old, old_at): (&'a Value, &str),
        (new, at): (&'a Value, &str),
        sides: Sides,
        depth: usize,
    ) {
        let hidden = Sides {
            hidden: true,
            ..sides
        };
        match keyword {
            "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema"
                if old.is_object() && new.is_object() =>
            {
                self.schema(old, old_at.into(), new, at.into(), hidden, depth + 1)
            }
            "prefixItems" => {
                let (Some(x), Some(y)) = (old.as_array(), new.as_array()) else {
                    return;
                };
                for (i, (a, b)) in x.iter().zip(y).enumerate() {
                    let (a_at, b_at) = (child(old_at, &i.to_string()), child(at, &i.to_string()));
                    self.schema(a, a_at, b, b_at, hidden, depth + 1);
                }
            }
            "dependentSchemas" | "patternProperties" => {
                let (Some(x), Some(y)) = (old.as_object(), new.as_object()) else {
                    return;
                };
                for (name, b) in y {
                    if let Some(a) = x.get(name) {
                        let (a_at, b_at) = (child(old_at, name), child(at, name));
                        self.schema(a, a_at, b, b_at, hidden, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    /// A numeric bound `keyword` (a lower one when `lower`) changed between `a` and `b`:
    /// tightened (raised lower bound, lowered upper bound, a bound added) or loosened.
    pub(super) fn bound(
        &mut self,
        keyword: &str,
        lower: bool,
        (a, b): (&Value, &Value),
        at: &str,
        sides: Sides,
    ) {
        let number = |s: &Value| s.get(keyword).and_then(Value::as_f64);
        let (x, y) = (number(a), number(b));
        let tighter = match (x, y) {
            (Some(x), Some(y)) if x != y => (y > x) == lower,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            _ => return,
        };
        let kind = if tighter {
            Kind::BoundTightened
        } else {
            Kind::BoundLoosened
        };
        let text = format!("{keyword}: {x:?} -> {y:?}");
        self.found.push(&child(at, keyword), kind, sides, text);
    }

    /// Bounds written on a schema of a type they do not apply to (`maximum` on an array,
    /// `maxItems` on a string): JSON Schema ignores them and so does the generator, but the
    /// author meant a limit, and oasdiff (like its users) reads one: compared as bounds.
    pub(super) fn misplaced_bounds(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        let (Some(x), Some(y)) = (declared_type(a), declared_type(b)) else {
            return;
        };
        for (list, lower) in [(LOWER, true), (UPPER, false)] {
            for keyword in list {
                let applies = applies_to(keyword);
                if !applies.contains(&x) && !applies.contains(&y) {
                    self.bound(keyword, lower, (a, b), at, sides);
                }
            }
        }
    }

    /// An option list added (only its values are accepted now), removed, or with values added
    /// or removed.
    fn enumeration(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        let here = child(at, "enum");
        let values = |s: &Value| s.get("enum").and_then(Value::as_array).cloned();
        let (was, now) = match (values(a), values(b)) {
            (None, Some(_)) => {
                let text = "enum added: only its values are accepted".to_string();
                return self.found.push(&here, Kind::BoundTightened, sides, text);
            }
            (Some(_), None) => {
                let text = "enum removed: any value of the type is accepted".to_string();
                return self.found.push(&here, Kind::BoundLoosened, sides, text);
            }
            (Some(was), Some(now)) => (was, now),
            (None, None) => return,
        };
        let gone: Vec<String> = was
            .iter()
            .filter(|v| !now.contains(v))
            .map(Value::to_string)
            .collect();
        let new: Vec<String> = now
            .iter()
            .filter(|v| !was.contains(v))
            .map(Value::to_string)
            .collect();
        for (kind, list, what) in [
            (Kind::EnumValueRemoved, gone, "removed"),
            (Kind::EnumValueAdded, new, "added"),
        ] {
            if !list.is_empty() {
                let text = format!("enum value {} {what}", list.join(", "));
                self.found.push(&here, kind, sides, text);
            }
        }
    }

    /// Bounds, properties added or removed, and required-ness, for a schema nothing else
    /// compares.
    pub(super) fn hidden(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        for (list, lower) in [(LOWER, true), (UPPER, false)] {
            for keyword in list {
                self.bound(keyword, lower, (a, b), at, sides);
            }
        }
        self.enumeration(a, b, at, sides);
        if a.get("default") != b.get("default") {
            let text = format!("default: {:?} -> {:?}", a.get("default"), b.get("default"));
            self.found
                .push(&child(at, "default"), Kind::DefaultChanged, sides, text);
        }
        let props = |s: &Value| s.get("properties").and_then(Value::as_object).cloned();
        let (x, y) = (props(a).unwrap_or_default(), props(b).unwrap_or_default());
        let (was_required, now_required) = (required(a), required(b));
        let properties = child(at, "properties");
        for name in y.keys().filter(|n| !x.contains_key(*n)) {
            let (kind, text) = if now_required.contains(&name.as_str()) {
                (
                    Kind::RequiredPropertyAdded,
                    format!("required property {name} added"),
                )
            } else {
                (
                    Kind::OptionalPropertyAdded,
                    format!("optional property {name} added"),
                )
            };
            self.found
                .push(&child(&properties, name), kind, sides, text);
        }
        for name in x.keys().filter(|n| !y.contains_key(*n)) {
            let text = format!("property {name} removed");
            let here = child(&properties, name);
            // Clients of an optional property already handle its absence.
            let kind = if was_required.contains(&name.as_str()) {
                Kind::PropertyRemoved
            } else {
                Kind::OptionalPropertyRemoved
            };
            self.found.push(&here, kind, sides, text);
        }
        for name in y.keys().filter(|n| x.contains_key(*n)) {
            let (was, now) = (
                was_required.contains(&name.as_str()),
                now_required.contains(&name.as_str()),
            );
            let (kind, text) = match (was, now) {
                (false, true) => (Kind::BecameRequired, format!("{name} is now required")),
                (true, false) => (Kind::BecameOptional, format!("{name} is now optional")),
                _ => continue,
            };
            self.found
                .push(&child(&properties, name), kind, sides, text);
        }
    }
}
