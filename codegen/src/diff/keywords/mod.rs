//! What the generator does not turn into Rust, compared on the documents themselves: the media
//! types of bodies and answers, nullability (3.0 `nullable`, 3.1 `type: [T, "null"]`),
//! `const`, `oneOf`/`anyOf`/`allOf` branches, discriminators, `x-extensible-enum`, and the
//! JSON Schema keywords of 3.1 (`if`/`then`/`else`, `prefixItems`, `contains`,
//! `dependentRequired`, `unevaluated*`, `not`, ...); and in full the operations the generator
//! does not read at all (webhooks', and those it skips in both versions). Schemas are walked
//! from where operations use them, so each change gets the side it is on (a `readOnly`
//! property lives in answers, a `writeOnly` one in requests); a schema reached from both sides
//! gets the more severe rule, as elsewhere in the review.

use super::identity::template;
use super::rules::by_side;
use super::{Change, Rule, RustEffect};
use crate::error::child;
use crate::resolve::schema_media_type;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How deep schemas are followed (`$ref` hops and nesting together).
const MAX_DEPTH: usize = 64;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The keywords of JSON Schema the bindings neither type nor check, each compared as a whole.
const UNCHECKED: [&str; 15] = [
    "if",
    "then",
    "else",
    "prefixItems",
    "contains",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedItems",
    "unevaluatedProperties",
    "not",
    "propertyNames",
    "patternProperties",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// A kind of change, before the side picks its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    MediaTypeAdded,
    MediaTypeRemoved,
    BecameNullable,
    BecameNotNullable,
    ConstAdded,
    ConstRemoved,
    ConstChanged,
    AlternativeAdded,
    AlternativeRemoved,
    AllOfAdded,
    AllOfRemoved,
    AllOfAnnotation,
    DiscriminatorChanged,
    KeywordAdded,
    KeywordRemoved,
    KeywordChanged,
    BoundTightened,
    BoundLoosened,
    RequiredPropertyAdded,
    OptionalPropertyAdded,
    PropertyRemoved,
    OptionalPropertyRemoved,
    BecameRequired,
    BecameOptional,
    DefaultChanged,
    BodyBecameRequired,
    BodyBecameOptional,
    ExtensibleValueAdded,
    ExtensibleValueRemoved,
    ForeignTypeChanged,
    EnumValueAdded,
    EnumValueRemoved,
}

impl Kind {
    /// (rule where clients send it, rule where they receive it).
    fn rules(self) -> (Rule, Rule) {
        use Rule::*;
        match self {
            Kind::MediaTypeAdded => (RequestMediaTypeAdded, ResponseMediaTypeAdded),
            Kind::MediaTypeRemoved => (RequestMediaTypeRemoved, ResponseMediaTypeRemoved),
            Kind::BecameNullable => (RequestBecameNullable, ResponseBecameNullable),
            Kind::BecameNotNullable => (RequestBecameNotNullable, ResponseBecameNotNullable),
            Kind::ConstAdded => (RequestConstAdded, ResponseConstAdded),
            Kind::ConstRemoved => (RequestConstRemoved, ResponseConstRemoved),
            Kind::ConstChanged => (ConstChanged, ConstChanged),
            Kind::AlternativeAdded => (RequestAlternativeAdded, ResponseAlternativeAdded),
            Kind::AlternativeRemoved => (RequestAlternativeRemoved, ResponseAlternativeRemoved),
            Kind::AllOfAdded => (RequestAllOfAdded, ResponseAllOfAdded),
            Kind::AllOfRemoved => (RequestAllOfRemoved, ResponseAllOfRemoved),
            Kind::AllOfAnnotation => (AllOfAnnotationChanged, AllOfAnnotationChanged),
            Kind::DiscriminatorChanged => (DiscriminatorChanged, DiscriminatorChanged),
            Kind::KeywordAdded => (RequestKeywordAdded, ResponseKeywordAdded),
            Kind::KeywordRemoved => (RequestKeywordRemoved, ResponseKeywordRemoved),
            Kind::KeywordChanged => (RequestKeywordChanged, ResponseKeywordChanged),
            Kind::BoundTightened => (RequestConstraintTightened, ResponseConstraintTightened),
            Kind::BoundLoosened => (RequestConstraintLoosened, ResponseConstraintLoosened),
            Kind::DefaultChanged => (RequestDefaultChanged, ResponseDefaultChanged),
            Kind::BodyBecameRequired => (RequestBodyBecameRequired, RequestBodyBecameRequired),
            Kind::BodyBecameOptional => (RequestBodyBecameOptional, RequestBodyBecameOptional),
            Kind::ExtensibleValueAdded => (ExtensibleEnumValueAdded, ExtensibleEnumValueAdded),
            Kind::ExtensibleValueRemoved => (RequestEnumValueRemoved, ResponseEnumValueRemoved),
            Kind::ForeignTypeChanged => (SchemaTypeChanged, SchemaTypeChanged),
            Kind::EnumValueAdded => (RequestEnumValueAdded, ResponseEnumValueAdded),
            Kind::EnumValueRemoved => (RequestEnumValueRemoved, ResponseEnumValueRemoved),
            Kind::RequiredPropertyAdded => {
                (RequiredRequestPropertyAdded, RequiredResponsePropertyAdded)
            }
            Kind::OptionalPropertyAdded => {
                (OptionalRequestPropertyAdded, OptionalResponsePropertyAdded)
            }
            Kind::PropertyRemoved => (RequestPropertyRemoved, ResponsePropertyRemoved),
            Kind::OptionalPropertyRemoved => {
                (RequestPropertyRemoved, ResponseOptionalPropertyRemoved)
            }
            Kind::BecameRequired => (
                RequestPropertyBecameRequired,
                ResponsePropertyBecameRequired,
            ),
            Kind::BecameOptional => (
                RequestPropertyBecameOptional,
                ResponsePropertyBecameOptional,
            ),
        }
    }
}

/// The changes found, merged by place and kind with every side each was reached from.
#[derive(Default)]
struct Found {
    at: BTreeMap<(String, Kind), (bool, bool, String)>,
}

/// Which side a schema is reached from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Sides {
    sent: bool,
    received: bool,
    /// Inside a keyword the generator does not read (`then`, `contains`, ...): bounds,
    /// properties and required-ness are compared here too, as nothing else sees them.
    hidden: bool,
}

const SENT: Sides = Sides {
    sent: true,
    received: false,
    hidden: false,
};
const RECEIVED: Sides = Sides {
    sent: false,
    received: true,
    hidden: false,
};

impl Found {
    fn push(&mut self, pointer: &str, kind: Kind, sides: Sides, description: String) {
        let entry =
            self.at
                .entry((pointer.to_string(), kind))
                .or_insert((false, false, description));
        entry.0 |= sides.sent;
        entry.1 |= sides.received;
    }
}

/// One document with `$ref`s followed.
struct Doc<'a> {
    pub(super) root: &'a Value,
}

impl<'a> Doc<'a> {
    /// The value at `pointer` and the place it really is, `$ref`s followed (a bounded chain).
    fn resolve(&self, mut value: &'a Value, mut pointer: String) -> Option<(&'a Value, String)> {
        for _ in 0..MAX_DEPTH {
            let Some(target) = value.get("$ref").and_then(Value::as_str) else {
                return Some((value, pointer));
            };
            let fragment = target.strip_prefix('#')?;
            value = self.root.pointer(fragment)?;
            pointer = target.to_string();
        }
        None
    }

    /// Every operation by method and path template (path parameters by position), then
    /// every webhook's by method and name.
    fn operations(&self) -> BTreeMap<(String, &'a str), (String, &'a Value, &'a Value)> {
        let mut out = BTreeMap::new();
        for root in ["paths", "webhooks"] {
            let Some(items) = self.root.get(root).and_then(Value::as_object) else {
                continue;
            };
            for (name, item) in items {
                let Some((item, _)) = self.resolve(item, String::new()) else {
                    continue;
                };
                for method in METHODS {
                    if let Some(op) = item.get(method) {
                        let pointer = child(&child(&format!("#/{root}"), name), method);
                        let key = match root {
                            "paths" => template(name),
                            _ => format!("webhook {name}"),
                        };
                        out.insert((key, method), (pointer, item, op));
                    }
                }
            }
        }
        out
    }
}

/// Both documents, walked side by side.
struct Walk<'a> {
    old: Doc<'a>,
    new: Doc<'a>,
    found: Found,
    /// Schema pairs already compared with these sides (recursive schemas end here).
    seen: BTreeSet<(String, String, Sides)>,
    /// The components that differ, directly or through their references.
    changed: BTreeSet<String>,
}

impl Walk<'_> {
    /// Written the same on both sides, and every reference leads to an unchanged component.
    fn unchanged(&self, old: &Value, new: &Value) -> bool {
        old == new && unchanged::clean(new, &self.changed)
    }
}

/// The changes of what the generator does not read, between two raw documents. A change the
/// review of the generator's view already reports (same rule, at or around the place) is not
/// reported twice. `unread`: the operations the generator skipped in both versions, compared
/// here in full like webhooks.
pub(super) fn changes(old: &Value, new: &Value, unread: &BTreeSet<String>, out: &mut Vec<Change>) {
    let mut walk = Walk {
        old: Doc { root: old },
        new: Doc { root: new },
        found: Found::default(),
        seen: BTreeSet::new(),
        changed: unchanged::changed_components(old, new),
    };
    let before = walk.old.operations();
    for (key, (pointer, item, op)) in walk.new.operations() {
        if let Some((_, was_item, was)) = before.get(&key) {
            let same_parameters = walk.unchanged(
                was_item.get("parameters").unwrap_or(&Value::Null),
                item.get("parameters").unwrap_or(&Value::Null),
            );
            if !(same_parameters && walk.unchanged(was, op)) {
                // The generator reads no webhook (and skipped these operations): everything in
                // one is compared here (a webhook's request is what the API sends, as oasdiff
                // reads it).
                let hidden = pointer.starts_with("#/webhooks/") || unread.contains(&pointer);
                walk.operation((was_item, was), (item, op), &pointer, hidden);
            }
        }
    }
    for ((pointer, kind), (sent, received, description)) in walk.found.at {
        let (request, response) = kind.rules();
        let rule = by_side(sent, received, request, response);
        let around = |c: &Change| {
            c.rule == rule
                && pointer
                    .strip_prefix(c.location.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if out.iter().any(around) {
            continue;
        }
        out.push(Change {
            rule,
            location: pointer,
            rust: match kind {
                Kind::AlternativeAdded | Kind::AlternativeRemoved => RustEffect::Breaking,
                _ => RustEffect::None,
            },
            rust_items: Vec::new(),
            description,
        });
    }
}

impl<'a> Walk<'a> {
    /// One operation; `hidden`: nothing else compares it (a webhook's, or one the generator
    /// skipped), so bounds, option lists, properties, required-ness and the body's are
    /// compared here too.
    fn operation(
        &mut self,
        old: (&'a Value, &'a Value),
        new: (&'a Value, &'a Value),
        at: &str,
        hidden: bool,
    ) {
        let (sent, received) = (Sides { hidden, ..SENT }, Sides { hidden, ..RECEIVED });
        self.parameters(old, new, at, sent);
        if let (Some(a), Some(b)) = (old.1.get("requestBody"), new.1.get("requestBody")) {
            let at = child(at, "requestBody");
            let a = self.old.resolve(a, at.clone());
            let b = self.new.resolve(b, at);
            if let (Some((a, _)), Some((b, at))) = (a, b) {
                if hidden {
                    self.body_required(a, b, &at, sent);
                }
                self.content(a.get("content"), b.get("content"), &at, sent);
            }
        }
        let (Some(a), Some(b)) = (old.1.get("responses"), new.1.get("responses")) else {
            return;
        };
        let Some(statuses) = b.as_object() else {
            return;
        };
        for (status, answer) in statuses {
            let Some(was) = a.get(status) else { continue };
            let at = child(&child(at, "responses"), status);
            let was = self.old.resolve(was, at.clone());
            let now = self.new.resolve(answer, at);
            if let (Some((was, _)), Some((now, at))) = (was, now) {
                self.content(was.get("content"), now.get("content"), &at, received);
            }
        }
    }

    fn body_required(&mut self, a: &Value, b: &Value, at: &str, sides: Sides) {
        let required = |body: &Value| body.get("required").and_then(Value::as_bool) == Some(true);
        let kind = match (required(a), required(b)) {
            (false, true) => Kind::BodyBecameRequired,
            (true, false) => Kind::BodyBecameOptional,
            _ => return,
        };
        let text = match kind {
            Kind::BodyBecameRequired => "request body became required",
            _ => "request body became optional",
        };
        self.found
            .push(&child(at, "required"), kind, sides, text.to_string());
    }

    /// Parameters known by where they go and their name (path ones by position).
    fn parameters(
        &mut self,
        old: (&'a Value, &'a Value),
        new: (&'a Value, &'a Value),
        at: &str,
        sides: Sides,
    ) {
        // The path item's parameters, then the operation's (which override them).
        let list = |doc: &Doc<'a>, (item, op): (&'a Value, &'a Value)| {
            let mut found: Vec<(String, String, &'a Value)> = Vec::new();
            let mut position = 0;
            let path_item = at.rsplit_once('/').map_or(at, |(item, _)| item);
            for (owner, base) in [(item, path_item), (op, at)] {
                let declared = owner.get("parameters").and_then(Value::as_array);
                for (i, p) in declared.into_iter().flatten().enumerate() {
                    let Some((p, pointer)) = doc.resolve(p, format!("{base}/parameters/{i}"))
                    else {
                        continue;
                    };
                    let place = p.get("in").and_then(Value::as_str).unwrap_or_default();
                    let name = if place == "path" {
                        position += 1;
                        format!("#{position}")
                    } else {
                        p.get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .into()
                    };
                    found.retain(|(key, _, _)| key != &format!("{place} {name}"));
                    found.push((format!("{place} {name}"), pointer, p));
                }
            }
            found
        };
        let (before, after) = (list(&self.old, old), list(&self.new, new));
        for (key, pointer, p) in &after {
            if let Some((_, was_pointer, was)) = before.iter().find(|(k, _, _)| k == key) {
                if let (Some(a), Some(b)) = (was.get("schema"), p.get("schema")) {
                    let (a_at, b_at) = (child(was_pointer, "schema"), child(pointer, "schema"));
                    self.schema(a, a_at, b, b_at, sides, 0);
                }
                self.content(was.get("content"), p.get("content"), pointer, sides);
            }
        }
    }

    /// A body's or answer's media types, each compared on its own.
    fn content(&mut self, old: Option<&'a Value>, new: Option<&'a Value>, at: &str, sides: Sides) {
        let map = |v: Option<&'a Value>| v.and_then(Value::as_object);
        let (a, b) = (map(old), map(new));
        let has = |m: Option<&serde_json::Map<String, Value>>| m.is_some_and(|m| !m.is_empty());
        // The generator reads one schema per body or answer; the review compares the others in
        // full, as nothing else sees them.
        let read = |m: Option<&'a serde_json::Map<String, Value>>| {
            m.and_then(|m| schema_media_type(m.keys().map(String::as_str)))
        };
        let read = [read(a), read(b)];
        let at = child(at, "content");
        for (media, schema) in b.into_iter().flatten() {
            let here = child(&at, media);
            match a.and_then(|a| a.get(media)) {
                // A body or answer that had none: shown as its own change.
                None if !has(a) => {}
                None => self.found.push(
                    &here,
                    Kind::MediaTypeAdded,
                    sides,
                    format!("media type {media} added"),
                ),
                Some(was) => match (was.get("schema"), schema.get("schema")) {
                    (Some(x), Some(y)) => {
                        let a_at = child(&child(&at, media), "schema");
                        let sides = Sides {
                            hidden: sides.hidden || !read.contains(&Some(media.as_str())),
                            ..sides
                        };
                        self.schema(x, a_at, y, child(&here, "schema"), sides, 0);
                    }
                    // A schema where there was none limits what the media type holds.
                    (None, Some(_)) => self.found.push(
                        &child(&here, "schema"),
                        Kind::KeywordAdded,
                        sides,
                        format!("{media}: schema added"),
                    ),
                    (Some(_), None) => self.found.push(
                        &child(&here, "schema"),
                        Kind::KeywordRemoved,
                        sides,
                        format!("{media}: schema removed"),
                    ),
                    (None, None) => {}
                },
            }
        }
        if !has(b) {
            return;
        }
        for media in a.into_iter().flatten().map(|(m, _)| m) {
            if !b.is_some_and(|b| b.contains_key(media)) {
                self.found.push(
                    &child(&at, media),
                    Kind::MediaTypeRemoved,
                    sides,
                    format!("media type {media} removed"),
                );
            }
        }
    }
}

mod hidden;
mod schema;
mod unchanged;
