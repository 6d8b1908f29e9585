//! Where two documents differ, as written (overlay applied), after `$ref`s are followed: the
//! list the review must account for, each place by a change or a not-compared entry.
//!
//! The walk goes down both documents together. Two equal `$ref`s are not followed (their
//! target is compared where it lives); two different ones, or a `$ref` against an inline
//! value, are followed and compared where they are used, so renaming a component and every
//! reference to it is no difference there. Values that are data (`example`, `default`,
//! `enum`, `const`, extension values) and lists of plain values (`required`, `tags`, scopes)
//! differ as a whole; parameters are matched by place and name, not by position, and paths
//! by template with their parameters unnamed (`/books/{bookId}` is `/books/{id}` renamed).

use crate::error::child;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// How one place differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Only the new document has it.
    Added,
    /// Only the old document has it.
    Removed,
    /// Both have it, with another value.
    Changed,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        }
    }
}

/// One place where the documents differ.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Difference {
    /// JSON pointer (in the new document; in the old one for removals).
    pub pointer: String,
    pub kind: Kind,
    /// The last token is an OpenAPI keyword (`description`), not a name the document chose
    /// (a property called `description`).
    pub keyword: bool,
}

/// Keys whose value maps names the document chose to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "responses",
    "schemas",
    "paths",
    "headers",
    "content",
    "securitySchemes",
    "callbacks",
    "links",
    "encoding",
    "variables",
    "requestBodies",
    "webhooks",
    "definitions",
    "$defs",
    "dependentSchemas",
    "scopes",
    "mapping",
    "parameters",
];

/// Keys whose value is data (or examples of it), compared as a whole.
const DATA: &[&str] = &["example", "examples", "default", "enum", "const", "value"];

/// Lists of objects matched by what identifies each item, not by position.
const IDENTIFIED: &[(&str, &[&str])] = &[
    ("parameters", &["in", "name"]),
    ("servers", &["url"]),
    ("tags", &["name"]),
];

/// Beyond this depth of nesting and `$ref`s followed, a place that differs is named as a whole.
const MAX_DEPTH: usize = 256;

/// How many `$ref`s in a row are followed to a value.
const MAX_HOPS: usize = 64;

/// Every place where `old` and `new` differ, ordered by pointer.
pub(crate) fn differences(old: &Value, new: &Value) -> Vec<Difference> {
    let mut walk = Walk {
        old,
        new,
        followed: BTreeSet::new(),
        found: BTreeSet::new(),
    };
    walk.compare(old, new, "#", false, true, 0);
    walk.found.into_iter().collect()
}

/// Paths only one side has that are the same template with path parameters renamed
/// (`/books/{bookId}` and `/books/{id}`), paired (old, new) where the pairing is unambiguous:
/// on the wire they are one path, as operations are matched.
fn renamed_templates<'m>(
    a: &'m Map<String, Value>,
    b: &'m Map<String, Value>,
) -> Vec<(&'m String, &'m String)> {
    let only = |x: &'m Map<String, Value>, y: &Map<String, Value>| -> Vec<(String, &'m String)> {
        x.keys()
            .filter(|k| !y.contains_key(*k))
            .map(|k| (super::identity::template(k), k))
            .collect()
    };
    let (gone, new) = (only(a, b), only(b, a));
    let once = |list: &[(String, &String)], template: &str| {
        list.iter().filter(|(t, _)| t == template).count() == 1
    };
    gone.iter()
        .filter(|(t, _)| once(&gone, t) && once(&new, t))
        .filter_map(|(t, was)| {
            let (_, now) = new.iter().find(|(n, _)| n == t)?;
            Some((*was, *now))
        })
        .collect()
}

/// The target of a local `$ref` object.
pub(crate) fn reference(value: &Value) -> Option<&str> {
    value
        .as_object()?
        .get("$ref")?
        .as_str()
        .filter(|r| r.starts_with('#'))
}

/// The value a pointer (`#/a/b`) names, following `$ref`s on the way and at the end.
pub(crate) fn resolve<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut target = pointer.to_string();
    for _ in 0..MAX_HOPS {
        let path = target.strip_prefix('#')?;
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?;
        let value = root.pointer(&decoded)?;
        match reference(value) {
            Some(next) => target = next.to_string(),
            None => return Some(value),
        }
    }
    None
}

struct Walk<'a> {
    old: &'a Value,
    new: &'a Value,
    /// The places of both documents already compared after following a `$ref` (by address:
    /// recursive schemas meet the same two again).
    followed: BTreeSet<(usize, usize)>,
    found: BTreeSet<Difference>,
}

impl<'a> Walk<'a> {
    fn note(&mut self, pointer: &str, kind: Kind, keyword: bool) {
        self.found.insert(Difference {
            pointer: pointer.to_string(),
            kind,
            keyword,
        });
    }

    /// `names`: the keys of these objects are names the document chose. `keyword`: whether
    /// `at`'s last token is a keyword.
    fn compare(
        &mut self,
        a: &'a Value,
        b: &'a Value,
        at: &str,
        names: bool,
        keyword: bool,
        depth: usize,
    ) {
        if a == b {
            return;
        }
        if depth > MAX_DEPTH {
            return self.note(at, Kind::Changed, keyword);
        }
        let (ra, rb) = (reference(a), reference(b));
        if (ra.is_some() || rb.is_some()) && ra != rb {
            let a = ra.map_or(Some(a), |r| resolve(self.old, r));
            let b = rb.map_or(Some(b), |r| resolve(self.new, r));
            let (Some(a), Some(b)) = (a, b) else {
                return self.note(at, Kind::Changed, keyword);
            };
            // The same two values met again: a recursion, compared once.
            let pair = (a as *const Value as usize, b as *const Value as usize);
            if !self.followed.insert(pair) {
                return;
            }
            return self.compare(a, b, at, names, keyword, depth + 1);
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => self.objects(x, y, at, names, depth),
            (Value::Array(x), Value::Array(y)) => self.arrays(x, y, at, keyword, depth),
            _ => self.note(at, Kind::Changed, keyword),
        }
    }

    fn objects(
        &mut self,
        a: &'a Map<String, Value>,
        b: &'a Map<String, Value>,
        at: &str,
        names: bool,
        depth: usize,
    ) {
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        let renamed = if at == "#/paths" {
            renamed_templates(a, b)
        } else {
            Vec::new()
        };
        for (was, now) in &renamed {
            self.compare(&a[*was], &b[*now], &child(at, now), false, false, depth + 1);
        }
        let paired = |key: &String| renamed.iter().any(|(x, y)| *x == key || *y == key);
        for key in keys.into_iter().filter(|k| !paired(k)) {
            let here = child(at, key);
            let keyword = !names;
            match (a.get(key), b.get(key)) {
                (Some(_), None) => self.note(&here, Kind::Removed, keyword),
                (None, Some(_)) => self.note(&here, Kind::Added, keyword),
                (Some(x), Some(y)) if x == y => {}
                (Some(x), Some(y)) if keyword && key == "required" => self.required(x, y, at),
                (Some(x), Some(y))
                    if keyword && (DATA.contains(&key.as_str()) || key.starts_with("x-")) =>
                {
                    if !same_data(x, y) {
                        self.note(&here, Kind::Changed, true);
                    }
                }
                (Some(x), Some(y))
                    if keyword && x.is_array() && IDENTIFIED.iter().any(|(k, _)| k == key) =>
                {
                    self.keyed(x, y, &here, key, depth)
                }
                (Some(x), Some(y)) => {
                    let inner = keyword && NAME_MAPS.contains(&key.as_str());
                    self.compare(x, y, &here, inner, keyword, depth + 1)
                }
                (None, None) => {}
            }
        }
    }

    fn arrays(&mut self, a: &'a [Value], b: &'a [Value], at: &str, keyword: bool, depth: usize) {
        let plain = |list: &[Value]| list.iter().all(|v| !v.is_object() && !v.is_array());
        if plain(a) && plain(b) {
            if !same_data(&Value::from(a.to_vec()), &Value::from(b.to_vec())) {
                self.note(at, Kind::Changed, keyword);
            }
            return;
        }
        for i in 0..a.len().max(b.len()) {
            let here = child(at, &i.to_string());
            match (a.get(i), b.get(i)) {
                (Some(x), Some(y)) => self.compare(x, y, &here, false, false, depth + 1),
                (Some(_), None) => self.note(&here, Kind::Removed, false),
                (None, Some(_)) => self.note(&here, Kind::Added, false),
                (None, None) => {}
            }
        }
    }

    /// A name added to or removed from `required` is a change of that property.
    fn required(&mut self, a: &Value, b: &Value, schema: &str) {
        let names = |v: &Value| -> BTreeSet<String> {
            v.as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(|n| n.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        if !a.is_array() || !b.is_array() {
            return self.note(&child(schema, "required"), Kind::Changed, true);
        }
        let (x, y) = (names(a), names(b));
        for name in x.symmetric_difference(&y) {
            let property = child(&child(schema, "properties"), name);
            self.note(&property, Kind::Changed, false);
        }
    }

    /// Lists whose items say who they are ([`IDENTIFIED`]) are matched by that, not by
    /// position: removing the first server is one removal, not every server changed.
    fn keyed(&mut self, a: &'a Value, b: &'a Value, at: &str, list: &str, depth: usize) {
        let (Some(x), Some(y)) = (a.as_array(), b.as_array()) else {
            return self.note(at, Kind::Changed, true);
        };
        let fields = IDENTIFIED
            .iter()
            .find(|(k, _)| *k == list)
            .map_or(&[][..], |(_, f)| *f);
        let key = |root: &'a Value, p: &'a Value| -> Option<Vec<String>> {
            let p = reference(p).map_or(Some(p), |r| resolve(root, r))?;
            fields
                .iter()
                .map(|f| Some(p.get(*f)?.as_str()?.to_string()))
                .collect()
        };
        let keyed = |root: &'a Value, list: &'a [Value]| {
            list.iter()
                .enumerate()
                .map(|(i, p)| (key(root, p), i))
                .collect::<Vec<_>>()
        };
        let (old, new) = (keyed(self.old, x), keyed(self.new, y));
        let unkeyed = old.iter().chain(&new).any(|(k, _)| k.is_none());
        if unkeyed {
            return self.arrays(x, y, at, true, depth);
        }
        for (k, i) in &old {
            match new.iter().find(|(n, _)| n == k) {
                Some((_, j)) => {
                    let here = child(at, &j.to_string());
                    self.compare(&x[*i], &y[*j], &here, false, false, depth + 1)
                }
                None => self.note(&child(at, &i.to_string()), Kind::Removed, false),
            }
        }
        for (k, j) in &new {
            if !old.iter().any(|(o, _)| o == k) {
                self.note(&child(at, &j.to_string()), Kind::Added, false);
            }
        }
    }
}

/// Equal as data: lists of plain values compare as sets (`required`, `enum`, `tags`).
fn same_data(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            let set = |l: &[Value]| l.iter().map(Value::to_string).collect::<BTreeSet<_>>();
            set(x) == set(y)
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(old: Value, new: Value) -> Vec<(String, &'static str)> {
        differences(&old, &new)
            .into_iter()
            .map(|d| (d.pointer, d.kind.as_str()))
            .collect()
    }

    #[test]
    fn each_place_that_differs_is_named_once() {
        let old = json!({"info": {"version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}, "401": {"description": "no"}}}}}});
        let new = json!({"info": {"version": "2"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "headers": {"X": {"schema": {"type": "string"}}}}}}}}});
        assert_eq!(
            found(old, new),
            vec![
                ("#/info/version".into(), "changed"),
                ("#/paths/~1a/get/responses/200/headers".into(), "added"),
                ("#/paths/~1a/get/responses/401".into(), "removed"),
            ]
        );
    }

    #[test]
    fn refs_are_followed_only_where_they_differ() {
        let old = json!({"components": {"schemas": {"A": {"type": "string"}}}, "x": {"$ref": "#/components/schemas/A"}, "y": {"$ref": "#/components/schemas/A"}});
        let renamed = json!({"components": {"schemas": {"B": {"type": "string"}}}, "x": {"$ref": "#/components/schemas/B"}, "y": {"type": "string"}});
        assert_eq!(
            found(old.clone(), renamed),
            vec![
                ("#/components/schemas/A".into(), "removed"),
                ("#/components/schemas/B".into(), "added"),
            ]
        );
        let inlined = json!({"components": {"schemas": {"A": {"type": "string"}}}, "x": {"$ref": "#/components/schemas/A"}, "y": {"type": "integer"}});
        assert_eq!(found(old, inlined), vec![("#/y/type".into(), "changed")]);
    }

    #[test]
    fn required_names_parameters_and_data_are_compared_as_what_they_are() {
        let old = json!({"s": {"required": ["a", "b"], "enum": [1, 2], "properties": {"default": {"type": "string"}}},
            "parameters": [{"in": "query", "name": "p", "schema": {"type": "string"}}, {"in": "query", "name": "q"}]});
        let new = json!({"s": {"required": ["b", "c"], "enum": [2, 1], "properties": {"default": {"type": "integer"}}},
            "parameters": [{"in": "query", "name": "q"}, {"in": "query", "name": "p", "schema": {"type": "integer"}}]});
        assert_eq!(
            found(old, new),
            vec![
                ("#/parameters/1/schema/type".into(), "changed"),
                ("#/s/properties/a".into(), "changed"),
                ("#/s/properties/c".into(), "changed"),
                ("#/s/properties/default/type".into(), "changed"),
            ]
        );
    }

    #[test]
    fn recursion_through_refs_ends() {
        let old = json!({"A": {"properties": {"next": {"$ref": "#/A"}}}, "x": {"$ref": "#/A"}});
        let new = json!({"B": {"properties": {"next": {"$ref": "#/B"}, "n": {"type": "integer"}}}, "x": {"$ref": "#/B"}});
        let found = found(old, new);
        assert!(
            found.contains(&("#/x/properties/n".into(), "added")),
            "{found:?}"
        );
    }
}
