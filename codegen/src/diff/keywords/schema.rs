//! One schema against its other version: nullability, `const`, branches, discriminator, the
//! unchecked keywords; then into properties, items and matching branches.

use super::{Kind, Sides, Walk, MAX_DEPTH, UNCHECKED};
use crate::error::child;
use serde_json::Value;

/// The types JSON Schema knows.
const JSON_TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Nullable in either spelling: 3.0 `nullable: true`, 3.1 a type list naming `null`.
fn nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|t| t == "null"))
}

/// How a branch of `oneOf`/`anyOf`/`allOf` is known: the schema it names, or its text.
fn branch_key(branch: &Value) -> String {
    match branch.get("$ref").and_then(Value::as_str) {
        Some(target) => target.to_string(),
        None => branch.to_string(),
    }
}

/// The side of a property: a read-only one lives in answers, a write-only one in requests.
fn property_sides(property: &Value, sides: Sides) -> Sides {
    let flag = |key| property.get(key).and_then(Value::as_bool) == Some(true);
    match (flag("readOnly"), flag("writeOnly")) {
        (true, _) => Sides {
            sent: false,
            received: true,
            ..sides
        },
        (_, true) => Sides {
            sent: true,
            received: false,
            ..sides
        },
        _ => sides,
    }
}

impl<'a> Walk<'a> {
    pub(super) fn schema(
        &mut self,
        old: &'a Value,
        old_at: String,
        new: &'a Value,
        new_at: String,
        sides: Sides,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || self.unchanged(old, new) {
            return;
        }
        let (Some((a, a_at)), Some((b, at))) =
            (self.old.resolve(old, old_at), self.new.resolve(new, new_at))
        else {
            return;
        };
        if !self.seen.insert((a_at.clone(), at.clone(), sides)) {
            return;
        }
        self.nullability(a, b, &at, sides);
        self.constant(a, b, &at, sides);
        self.discriminator(a, b, &at, sides);
        self.extensible_enum(a, b, &at, sides);
        self.foreign_type(a, b, &at, sides);
        if sides.hidden {
            self.hidden(a, b, &at, sides);
        } else {
            self.misplaced_bounds(a, b, &at, sides);
        }
        self.unchecked((a, &a_at), (b, &at), sides, depth);
        for keywords in [&["oneOf", "anyOf"][..], &["allOf"]] {
            self.branches(keywords, (a, &a_at), (b, &at), sides, depth);
        }
        let props = |s: &'a Value| s.get("properties").and_then(Value::as_object);
        if let (Some(x), Some(y)) = (props(a), props(b)) {
            for (name, now) in y {
                let Some(was) = x.get(name) else { continue };
                let (a_at, b_at) = (
                    child(&child(&a_at, "properties"), name),
                    child(&child(&at, "properties"), name),
                );
                // The side follows the property's flags as the new version declares them.
                let resolved = self.new.resolve(now, b_at.clone()).map(|(v, _)| v);
                let here = property_sides(resolved.unwrap_or(now), sides);
                self.schema(was, a_at, now, b_at, here, depth + 1);
            }
        }
        for keyword in ["items", "additionalProperties"] {
            if let (Some(x @ Value::Object(_)), Some(y @ Value::Object(_))) =
                (a.get(keyword), b.get(keyword))
            {
                let (a_at, b_at) = (child(&a_at, keyword), child(&at, keyword));
                self.schema(x, a_at, y, b_at, sides, depth + 1);
            }
        }
    }

    fn nullability(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        match (nullable(a), nullable(b)) {
            (false, true) => {
                let text = "became nullable".to_string();
                self.found.push(at, Kind::BecameNullable, sides, text)
            }
            (true, false) => {
                let text = "is no longer nullable".to_string();
                self.found.push(at, Kind::BecameNotNullable, sides, text)
            }
            _ => {}
        }
    }

    fn constant(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        let at = child(at, "const");
        match (a.get("const"), b.get("const")) {
            (None, Some(v)) => {
                self.found
                    .push(&at, Kind::ConstAdded, sides, format!("const {v} added"))
            }
            (Some(v), None) => {
                self.found
                    .push(&at, Kind::ConstRemoved, sides, format!("const {v} removed"))
            }
            (Some(x), Some(y)) if x != y => {
                let text = format!("const {x} -> {y}");
                self.found.push(&at, Kind::ConstChanged, sides, text)
            }
            _ => {}
        }
    }

    /// `x-extensible-enum`: the values a string takes today, in a list that may grow. A value
    /// removed is one removed from an enum; one added is what the list promised.
    fn extensible_enum(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        let values = |s: &Value| -> Vec<String> {
            let list = s.get("x-extensible-enum").and_then(Value::as_array);
            list.into_iter().flatten().map(Value::to_string).collect()
        };
        let (was, now) = (values(a), values(b));
        let here = child(at, "x-extensible-enum");
        let removed: Vec<&String> = was.iter().filter(|v| !now.contains(v)).collect();
        let added: Vec<&String> = now.iter().filter(|v| !was.contains(v)).collect();
        for (kind, list, what) in [
            (Kind::ExtensibleValueRemoved, removed, "removed"),
            (Kind::ExtensibleValueAdded, added, "added"),
        ] {
            if !list.is_empty() {
                let text = format!("x-extensible-enum value {} {what}", join(&list));
                self.found.push(&here, kind, sides, text);
            }
        }
    }

    /// A `type` changed to or from a name JSON Schema does not have (`int`): the generator
    /// leaves such a schema untyped, so nothing else sees that values of the old type no
    /// longer fit.
    fn foreign_type(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        let (x, y) = (a.get("type"), b.get("type"));
        let foreign = |t: Option<&Value>| {
            t.and_then(Value::as_str)
                .is_some_and(|t| !JSON_TYPES.contains(&t))
        };
        if x != y && (foreign(x) || foreign(y)) {
            let show = |t: Option<&Value>| t.map_or_else(|| "none".into(), Value::to_string);
            let text = format!("type {} -> {} (not a JSON type)", show(x), show(y));
            self.found
                .push(&child(at, "type"), Kind::ForeignTypeChanged, sides, text);
        }
    }

    fn discriminator(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        let (x, y) = (a.get("discriminator"), b.get("discriminator"));
        if x != y {
            let text = match (x, y) {
                (None, Some(_)) => "discriminator added".to_string(),
                (Some(_), None) => "discriminator removed".to_string(),
                _ => "discriminator's property or mapping changed".to_string(),
            };
            let at = child(at, "discriminator");
            self.found
                .push(&at, Kind::DiscriminatorChanged, sides, text);
        }
    }

    fn unchecked(
        &mut self,
        (a, a_at): (&'a Value, &str),
        (b, at): (&'a Value, &str),
        sides: Sides,
        depth: usize,
    ) {
        for keyword in UNCHECKED {
            let here = child(at, keyword);
            let (kind, text) = match (a.get(keyword), b.get(keyword)) {
                // Beside `items`, `prefixItems` takes the first items from `items`' schema:
                // they get another schema, neither only tighter nor only looser.
                (None, Some(_)) | (Some(_), None)
                    if keyword == "prefixItems" && retypes_first_items(a, b) =>
                {
                    (
                        Kind::KeywordChanged,
                        format!("{keyword} re-types the first items"),
                    )
                }
                (None, Some(_)) => (Kind::KeywordAdded, format!("{keyword} added")),
                (Some(_), None) => (Kind::KeywordRemoved, format!("{keyword} removed")),
                (Some(x), Some(y)) if x != y => {
                    // A schema that constrains the value itself is compared inside, where the
                    // direction of each change is known; else (or when nothing inside was
                    // classified) the keyword as a whole changed.
                    let before = self.found.at.len();
                    let old_at = child(a_at, keyword);
                    self.inside(keyword, (x, &old_at), (y, &here), sides, depth);
                    if self.found.at.len() > before {
                        continue;
                    }
                    (Kind::KeywordChanged, format!("{keyword} changed"))
                }
                _ => continue,
            };
            self.found.push(&here, kind, sides, text);
        }
        // Bounds on how many items `contains` must match: tighter or looser.
        for (keyword, lower) in [("minContains", true), ("maxContains", false)] {
            self.bound(keyword, lower, (a, b), at, sides);
        }
    }

    /// Branches of `keywords` added or removed (known by the schema they name, or their
    /// text); branches on both sides, or at the same place in lists of one length, compared
    /// inside. `oneOf` and `anyOf` are one list of alternatives: a `oneOf` that becomes an
    /// `anyOf` keeps the branches it had.
    fn branches(
        &mut self,
        keywords: &[&str],
        (a, a_at): (&'a Value, &str),
        (b, at): (&'a Value, &str),
        sides: Sides,
        depth: usize,
    ) {
        // Each branch with its place in its document.
        let list = |s: &'a Value, base: &str| -> Vec<(String, &'a Value)> {
            keywords
                .iter()
                .flat_map(|k| {
                    let items = s.get(*k).and_then(Value::as_array).into_iter().flatten();
                    let list_at = child(base, k);
                    items
                        .enumerate()
                        .map(move |(i, v)| (child(&list_at, &i.to_string()), v))
                })
                .collect()
        };
        let (x, y) = (list(a, a_at), list(b, at));
        if x.is_empty() && y.is_empty() {
            return;
        }
        let all_of = keywords == ["allOf"];
        let (added, removed) = if all_of {
            (Kind::AllOfAdded, Kind::AllOfRemoved)
        } else {
            (Kind::AlternativeAdded, Kind::AlternativeRemoved)
        };
        let name = keywords.join("/");
        let keys =
            |l: &[(String, &Value)]| l.iter().map(|(_, v)| branch_key(v)).collect::<Vec<_>>();
        let (before, after) = (keys(&x), keys(&y));
        // Inline branches at one place of lists of one length are one branch, changed inside.
        let paired = |i: usize| {
            x.len() == y.len() && x[i].1.get("$ref").is_none() && y[i].1.get("$ref").is_none()
        };
        for (i, key) in after.iter().enumerate() {
            let j = before.iter().position(|k| k == key);
            match j.or_else(|| paired(i).then_some(i)) {
                Some(j) => {
                    let (a_at, b_at) = (x[j].0.clone(), y[i].0.clone());
                    self.schema(x[j].1, a_at, y[i].1, b_at, sides, depth + 1);
                }
                None => {
                    let text = format!("{name} branch {} added", short(key));
                    let kind = self.annotation(all_of, y[i].1, false).unwrap_or(added);
                    self.found.push(&y[i].0, kind, sides, text);
                }
            }
        }
        for (j, key) in before.iter().enumerate() {
            if !after.contains(key) && !paired(j) {
                let text = format!("{name} branch {} removed", short(key));
                let kind = self.annotation(all_of, x[j].1, true).unwrap_or(removed);
                self.found.push(&x[j].0, kind, sides, text);
            }
        }
    }
}

impl Walk<'_> {
    /// `AllOfAnnotation` for an `allOf` branch (of the old document when `old`) holding only
    /// annotations, which change nothing on the wire.
    fn annotation(&self, all_of: bool, branch: &Value, old: bool) -> Option<Kind> {
        if !all_of {
            return None;
        }
        const ANNOTATIONS: [&str; 7] = [
            "description",
            "title",
            "example",
            "examples",
            "deprecated",
            "$comment",
            "externalDocs",
        ];
        let doc = if old { &self.old } else { &self.new };
        let (value, _) = doc.resolve(branch, String::new())?;
        let keys = value.as_object()?;
        (!keys.is_empty() && keys.keys().all(|k| ANNOTATIONS.contains(&k.as_str())))
            .then_some(Kind::AllOfAnnotation)
    }
}

/// A branch's key short enough for a description.
fn short(key: &str) -> String {
    match key.rsplit_once('/') {
        Some((_, name)) if key.starts_with('#') => name.to_string(),
        _ if key.chars().count() > 60 => format!("{}...", key.chars().take(60).collect::<String>()),
        _ => key.to_string(),
    }
}

/// `prefixItems` on one side only, beside an `items` schema on both: the first items move
/// between the two schemas (`items: true`, or `{}`, leaves them unconstrained on both sides).
fn retypes_first_items(a: &Value, b: &Value) -> bool {
    let constrains = |s: &Value| match s.get("items") {
        None | Some(Value::Bool(true)) => false,
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    };
    constrains(a) && constrains(b)
}

fn join(values: &[&String]) -> String {
    values
        .iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
