//! Changes to schemas (types, fields, option values) and to their constraints and defaults.

use super::direction::{self, Direction};
use super::identity::enclosing_parameter;
use super::rules::by_side;
use super::{show, Change, Rule, RustEffect, Side};
use crate::ir::{Api, ConstValue, Constant, Field, TypeDef, TypeKind, UnionVariant};
use std::collections::{BTreeMap, BTreeSet};

fn model_item(def: &TypeDef) -> String {
    format!("models::{}", def.name)
}

pub(super) fn types(old: &Side, new: &Side, out: &mut Vec<Change>) {
    for (name, def) in &old.api.types {
        if !new.api.types.contains_key(name) {
            out.push(Change {
                rule: Rule::SchemaRemoved,
                location: def.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: vec![model_item(def)],
                description: format!("schema {name} removed"),
            });
        }
    }
    for (name, def) in &new.api.types {
        let Some(was) = old.api.types.get(name) else {
            out.push(Change {
                rule: Rule::SchemaAdded,
                location: def.pointer.clone(),
                rust: RustEffect::Additive,
                rust_items: vec![model_item(def)],
                description: format!("schema {name} added"),
            });
            continue;
        };
        let sent = new.usage.sent(name) || old.usage.sent(name);
        let received = new.usage.received(name) || old.usage.received(name);
        match (&was.kind, &def.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                let textual = |name: &str| {
                    direction::textual(&old.api, name) || direction::textual(&new.api, name)
                };
                field_changes(def, (a, b), sent, received, &textual, out)
            }
            (TypeKind::Enum { variants: a, .. }, TypeKind::Enum { variants: b, .. }) => {
                for v in a.iter().filter(|v| !b.iter().any(|w| w.wire == v.wire)) {
                    out.push(Change {
                        rule: by_side(
                            sent,
                            received,
                            Rule::RequestEnumValueRemoved,
                            Rule::ResponseEnumValueRemoved,
                        ),
                        location: def.pointer.clone(),
                        rust: RustEffect::Breaking,
                        rust_items: vec![format!("{}::{}", model_item(def), v.name)],
                        description: format!("{name}: value {:?} removed", v.wire),
                    });
                }
                for v in b.iter().filter(|v| !a.iter().any(|w| w.wire == v.wire)) {
                    out.push(Change {
                        rule: by_side(
                            sent,
                            received,
                            Rule::RequestEnumValueAdded,
                            Rule::ResponseEnumValueAdded,
                        ),
                        location: def.pointer.clone(),
                        // Open, `#[non_exhaustive]` enums: a new variant breaks no match.
                        rust: RustEffect::Additive,
                        rust_items: vec![format!("{}::{}", model_item(def), v.name)],
                        description: format!(
                            "{name}: value {:?} added (older bindings keep it as Unknown)",
                            v.wire
                        ),
                    });
                }
            }
            (a, b)
                if std::mem::discriminant(a) != std::mem::discriminant(b)
                    || was_alias_changed(a, b) =>
            {
                out.push(Change {
                    rule: Rule::SchemaTypeChanged,
                    location: def.pointer.clone(),
                    rust: RustEffect::Breaking,
                    rust_items: vec![model_item(def)],
                    description: format!("{name}: the schema's shape or type changed"),
                });
            }
            (TypeKind::Union(a), TypeKind::Union(b)) if a != b => {
                let rule = union_rule(old, new, (a, b), sent, received);
                out.push(Change {
                    rule,
                    location: def.pointer.clone(),
                    rust: RustEffect::Breaking,
                    rust_items: vec![model_item(def)],
                    description: format!("{name}: the oneOf branches changed"),
                })
            }
            _ => {}
        }
    }
}

/// The rule for a union whose branches changed: only added (only removed) branches accept
/// more (fewer) shapes; anything else changes the shape. The enum's variants change either way.
fn union_rule(
    old: &Side,
    new: &Side,
    (a, b): (&[UnionVariant], &[UnionVariant]),
    sent: bool,
    received: bool,
) -> Rule {
    // Each branch of `x` accepted by a branch of `y` (integer by number, ...).
    let textual =
        |name: &str| direction::textual(&old.api, name) || direction::textual(&new.api, name);
    let within = |x: &[UnionVariant], y: &[UnionVariant]| {
        x.iter().all(|v| {
            y.iter().any(|w| {
                matches!(
                    direction::of_types_with(&v.ty, &w.ty, &textual),
                    Direction::Same | Direction::Wider
                )
            })
        })
    };
    match (within(a, b), within(b, a)) {
        (true, false) => by_side(
            sent,
            received,
            Rule::RequestAlternativeAdded,
            Rule::ResponseAlternativeAdded,
        ),
        (false, true) => by_side(
            sent,
            received,
            Rule::RequestAlternativeRemoved,
            Rule::ResponseAlternativeRemoved,
        ),
        _ => Rule::SchemaTypeChanged,
    }
}

fn was_alias_changed(a: &TypeKind, b: &TypeKind) -> bool {
    matches!((a, b), (TypeKind::Alias(x), TypeKind::Alias(y)) if x != y)
}

/// A read-only property lives only in answers, a write-only one only in requests, whatever
/// the sides of the schema holding it.
fn field_sides(f: &Field, sent: bool, received: bool) -> (bool, bool) {
    match (f.read_only, f.write_only) {
        (true, _) => (false, true),
        (_, true) => (true, false),
        _ => (sent, received),
    }
}

/// `readOnly` or `writeOnly` changed: the property moves between requests and answers.
fn access_change(def: &TypeDef, old: &Field, f: &Field, out: &mut Vec<Change>) {
    if (old.read_only, old.write_only) == (f.read_only, f.write_only) {
        return;
    }
    let access = |f: &Field| match (f.read_only, f.write_only) {
        (true, _) => "read-only",
        (_, true) => "write-only",
        _ => "read-write",
    };
    out.push(Change {
        rule: Rule::PropertyAccessChanged,
        location: f.pointer.clone(),
        // A write-only string is a `Secret`, and optional in answers.
        rust: if old.ty != f.ty || old.is_option() != f.is_option() {
            RustEffect::Breaking
        } else {
            RustEffect::None
        },
        rust_items: vec![format!("{}::{}", model_item(def), f.name)],
        description: format!(
            "{}: field {} is now {} (was {})",
            def.name,
            f.wire,
            access(f),
            access(old)
        ),
    });
}

/// The rule for a changed type on the wire: widening what clients send or narrowing what they
/// receive breaks nobody; anything else is `changed` (the breaking rule of the place).
pub(super) fn type_rule(direction: Direction, sent: bool, received: bool, changed: Rule) -> Rule {
    match direction {
        Direction::Wider => by_side(sent, received, Rule::RequestTypeWidened, changed),
        Direction::Narrower => by_side(sent, received, changed, Rule::ResponseTypeNarrowed),
        Direction::Same | Direction::Other => changed,
    }
}

/// The fields of `was` that `now` lacks.
fn removed_fields(
    def: &TypeDef,
    (was, now): (&[Field], &[Field]),
    sent: bool,
    received: bool,
    out: &mut Vec<Change>,
) {
    for f in was.iter().filter(|f| !now.iter().any(|n| n.wire == f.wire)) {
        let (sent, received) = field_sides(f, sent, received);
        out.push(Change {
            rule: by_side(
                sent,
                received,
                Rule::RequestPropertyRemoved,
                // Clients of an optional property already handle its absence.
                if f.required {
                    Rule::ResponsePropertyRemoved
                } else {
                    Rule::ResponseOptionalPropertyRemoved
                },
            ),
            location: f.pointer.clone(),
            rust: RustEffect::Breaking,
            rust_items: vec![format!("{}::{}", model_item(def), f.name)],
            description: format!("{}: field {} removed", def.name, f.wire),
        });
    }
}

fn field_changes(
    def: &TypeDef,
    (was, now): (&[Field], &[Field]),
    sent: bool,
    received: bool,
    textual: &dyn Fn(&str) -> bool,
    out: &mut Vec<Change>,
) {
    let item = |f: &Field| vec![format!("{}::{}", model_item(def), f.name)];
    removed_fields(def, (was, now), sent, received, out);
    for f in now {
        let Some(old) = was.iter().find(|o| o.wire == f.wire) else {
            let (sent, received) = field_sides(f, sent, received);
            // A required field is a new argument of the type's `new` (and builder); a
            // read-only one is never sent.
            let required = f.required && !f.read_only;
            out.push(Change {
                rule: by_side(
                    sent,
                    received,
                    if required {
                        Rule::RequiredRequestPropertyAdded
                    } else {
                        Rule::OptionalRequestPropertyAdded
                    },
                    if f.required {
                        Rule::RequiredResponsePropertyAdded
                    } else {
                        Rule::OptionalResponsePropertyAdded
                    },
                ),
                location: f.pointer.clone(),
                rust: if f.required {
                    RustEffect::Breaking
                } else {
                    RustEffect::Additive
                },
                rust_items: item(f),
                description: format!(
                    "{}: {} field {} added",
                    def.name,
                    if f.required { "required" } else { "optional" },
                    f.wire
                ),
            });
            continue;
        };
        // Where the property lives: where it lived before, or now (a property becoming
        // read-only still is one clients sent).
        let (sent, received) = {
            let (a, b) = (
                field_sides(old, sent, received),
                field_sides(f, sent, received),
            );
            (a.0 || b.0, a.1 || b.1)
        };
        access_change(def, old, f, out);
        let direction = direction::of_types_with(&old.ty, &f.ty, textual);
        if direction != Direction::Same {
            out.push(Change {
                rule: type_rule(direction, sent, received, Rule::PropertyTypeChanged),
                location: f.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: item(f),
                description: format!(
                    "{}: field {}: {} -> {}",
                    def.name,
                    f.wire,
                    show(&old.ty),
                    show(&f.ty)
                ),
            });
        }
        if old.required != f.required {
            out.push(Change {
                rule: if f.required {
                    by_side(
                        sent,
                        received,
                        Rule::RequestPropertyBecameRequired,
                        Rule::ResponsePropertyBecameRequired,
                    )
                } else {
                    by_side(
                        sent,
                        received,
                        Rule::RequestPropertyBecameOptional,
                        Rule::ResponsePropertyBecameOptional,
                    )
                },
                location: f.pointer.clone(),
                // `T` <-> `Option<T>`.
                rust: RustEffect::Breaking,
                rust_items: item(f),
                description: format!(
                    "{}: field {} is now {}",
                    def.name,
                    f.wire,
                    if f.required { "required" } else { "optional" }
                ),
            });
        }
    }
}

/// Where a constant's bound applies: sent (parameters, request schemas) and/or received. The
/// schema holding it decides, inline ones as much as components, and a read-only (write-only)
/// property holding it lives only in answers (requests); a bound outside every generated type
/// is placed by where it sits in the document.
fn constant_sides(side: &Side, pointer: &str) -> (bool, bool) {
    let inside = |owner: &str| pointer == owner || pointer.starts_with(&format!("{owner}/"));
    let owner = side
        .api
        .types
        .values()
        .filter(|d| inside(&d.pointer))
        .max_by_key(|d| d.pointer.len());
    if let Some(d) = owner {
        let holder = match &d.kind {
            TypeKind::Struct(fields) => fields.iter().find(|f| inside(&f.pointer)),
            _ => None,
        };
        let sides = (side.usage.sent(&d.name), side.usage.received(&d.name));
        return match holder {
            Some(f) => field_sides(f, sides.0, sides.1),
            None => sides,
        };
    }
    let tokens: Vec<&str> = pointer.split('/').collect();
    let position = |key: &str| tokens.iter().position(|t| *t == key);
    match (
        position("responses"),
        position("requestBody").or(position("parameters")),
    ) {
        (Some(r), Some(q)) if r < q => (false, true),
        (Some(_), None) => (false, true),
        (_, Some(_)) => (true, false),
        (None, None) if pointer.starts_with("#/components/parameters/") => (true, false),
        (None, None) if pointer.starts_with("#/components/responses/") => (false, true),
        (None, None) => (true, true),
    }
}

/// Whether a field, parameter or schema of `side` owns the constraint at `pointer`.
/// Does a side declare the field or parameter a constant's `key` ([`wire_key`]) belongs to?
fn declares(side: &Side, key: &str) -> bool {
    let owns = |owner: &str| key.starts_with(&format!("{}/", wire_key(owner)));
    let api = &side.api;
    api.types.values().any(|d| match &d.kind {
        TypeKind::Struct(fields) => fields.iter().any(|f| owns(&f.pointer)),
        _ => owns(&d.pointer),
    }) || api.operations.values().any(|op| {
        op.path_params
            .iter()
            .chain(&op.query_params)
            .chain(&op.header_params)
            .any(|p| owns(&p.pointer))
    })
}

fn number(v: &ConstValue) -> Option<f64> {
    match v {
        ConstValue::Usize(n) => Some(*n as f64),
        ConstValue::Int { value, .. } => Some(*value as f64),
        ConstValue::Float(f) | ConstValue::Float32(f) => Some(*f),
        _ => None,
    }
}

/// A pointer with its path template's parameters unnamed (`#/paths/~1a~1{}/get/...`): the
/// same place on the wire whatever the path parameters are called, as operations are matched.
fn wire_key(pointer: &str) -> String {
    let Some(rest) = pointer.strip_prefix("#/paths/") else {
        return pointer.to_string();
    };
    let end = rest.find('/').unwrap_or(rest.len());
    format!(
        "#/paths/{}{}",
        super::identity::template(&rest[..end]),
        &rest[end..]
    )
}

/// Tighter (`Some(true)`), looser (`Some(false)`), or neither (`None`) for a bound change.
fn tightened(name: &str, was: Option<&ConstValue>, now: Option<&ConstValue>) -> Option<bool> {
    let lower =
        name.ends_with("MIN_LENGTH") || name.ends_with("MINIMUM") || name.ends_with("MIN_ITEMS");
    let upper =
        name.ends_with("MAX_LENGTH") || name.ends_with("MAXIMUM") || name.ends_with("MAX_ITEMS");
    match (was, now) {
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some(a), Some(b)) => {
            let (a, b) = (number(a)?, number(b)?);
            if lower {
                Some(b > a)
            } else if upper {
                Some(b < a)
            } else {
                None
            }
        }
        (None, None) => None,
    }
}

pub(super) fn constants(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let flat = |api: &Api| -> BTreeMap<String, (String, Constant)> {
        api.constants
            .iter()
            .flat_map(|(module, list)| {
                list.iter().map(move |c| {
                    let item = format!("validation::{}::{}", module.join("::"), c.name);
                    (wire_key(&c.pointer), (item, c.clone()))
                })
            })
            .collect()
    };
    let (before, after) = (flat(&old.api), flat(&new.api));
    let pointers: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for pointer in pointers {
        let (a, b) = (before.get(pointer), after.get(pointer));
        if a.map(|x| &x.1.value) == b.map(|x| &x.1.value) {
            continue;
        }
        let Some((item, constant)) = b.or(a) else {
            continue;
        };
        // Bounds of a field or parameter that is itself new (or gone) come with that change.
        let owner_is_new = a.is_none() && !declares(old, pointer);
        let owner_is_gone = b.is_none() && !declares(new, pointer);
        // Where it is written on the newer side that has it (a renamed path parameter's
        // template differs).
        let pointer = &constant.pointer;
        if owner_is_new || owner_is_gone {
            continue;
        }
        let describe = |v: Option<&(String, Constant)>| {
            v.map(|(_, c)| const_text(&c.value))
                .unwrap_or_else(|| "none".into())
        };
        let text = format!("{} -> {}", describe(a), describe(b));
        let side = if b.is_some() { new } else { old };
        let (sent, received) = constant_sides(side, pointer);
        let name = constant.name.as_str();
        let rule = if name.ends_with("DEFAULT") {
            let instant = |v: Option<&(String, Constant)>| match v.map(|x| &x.1.value) {
                Some(ConstValue::Str(t)) => super::lifecycle::is_date(t),
                _ => false,
            };
            // A default that is an instant names a moment, not a behaviour the server keeps:
            // document converters write the time of conversion there, anew each release.
            let request = if enclosing_parameter(pointer).is_some() && !(instant(a) && instant(b)) {
                Rule::RequestParameterDefaultChanged
            } else {
                Rule::RequestDefaultChanged
            };
            by_side(sent, received, request, Rule::ResponseDefaultChanged)
        } else if name.ends_with("PATTERN") {
            let text = |v: Option<&(String, Constant)>| match v.map(|x| &x.1.value) {
                Some(ConstValue::Str(p)) => Some(p.clone()),
                _ => None,
            };
            pattern_rule(
                direction::of_patterns(text(a).as_deref(), text(b).as_deref()),
                sent,
                received,
            )
        } else {
            match tightened(name, a.map(|x| &x.1.value), b.map(|x| &x.1.value)) {
                Some(true) => by_side(
                    sent,
                    received,
                    Rule::RequestConstraintTightened,
                    Rule::ResponseConstraintTightened,
                ),
                Some(false) => by_side(
                    sent,
                    received,
                    Rule::RequestConstraintLoosened,
                    Rule::ResponseConstraintLoosened,
                ),
                None => Rule::ConstraintChanged,
            }
        };
        // The constant is the Rust item: new, gone, or only its value changes.
        let rust = match (a, b) {
            (None, Some(_)) => RustEffect::Additive,
            (Some(_), None) => RustEffect::Breaking,
            _ => RustEffect::None,
        };
        out.push(Change {
            rule,
            location: pointer.clone(),
            rust,
            rust_items: vec![item.clone()],
            description: format!("{}: {text}", constraint_name(pointer)),
        });
    }
}

/// The rule for a changed pattern by the strings each accepts and the side.
fn pattern_rule(direction: Direction, sent: bool, received: bool) -> Rule {
    let (request, response) = match direction {
        Direction::Wider => (Rule::RequestPatternLoosened, Rule::ResponsePatternChanged),
        Direction::Narrower => (
            Rule::RequestPatternTightened,
            Rule::ResponsePatternTightened,
        ),
        // Spelled otherwise, the same strings.
        Direction::Same => (Rule::RequestPatternLoosened, Rule::ResponsePatternTightened),
        Direction::Other => (Rule::RequestPatternChanged, Rule::ResponsePatternChanged),
    };
    by_side(sent, received, request, response)
}

/// `#/components/schemas/WireguardPeer/properties/name/maxLength` -> `WireguardPeer.name maxLength`.
fn constraint_name(pointer: &str) -> String {
    let mut tokens: Vec<&str> = pointer.trim_start_matches("#/").split('/').collect();
    let keyword = tokens.pop().unwrap_or_default();
    let skip = [
        "components",
        "schemas",
        "properties",
        "schema",
        "parameters",
        "allOf",
        "paths",
    ];
    tokens.retain(|t| !skip.contains(t) && t.parse::<usize>().is_err());
    let owner: Vec<String> = tokens
        .iter()
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    format!("{} {keyword}", owner.join("."))
}

fn const_text(v: &ConstValue) -> String {
    match v {
        ConstValue::Usize(n) => n.to_string(),
        ConstValue::Int { value, .. } => value.to_string(),
        ConstValue::Float(f) | ConstValue::Float32(f) => f.to_string(),
        ConstValue::Str(s) | ConstValue::JsonText(s) => format!("{s:?}"),
        ConstValue::Bool(b) => b.to_string(),
        ConstValue::List { values, .. } => {
            let items: Vec<String> = values.iter().map(const_text).collect();
            format!("[{}]", items.join(", "))
        }
    }
}
