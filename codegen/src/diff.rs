//! What changed between two spec versions, for a client of the API, with the generated Rust
//! items each change touches. Both documents go through `load` and `resolve`, so the comparison
//! sees what the bindings see (flattened `allOf`, Rust names, named constants).
//!
//! Classification rules (`breaking` = a client written against the old version can fail):
//! - operations, parameters, schemas, fields, servers removed: breaking;
//!   added: not breaking, except a required parameter or a required field in something clients
//!   send (they do not send it yet);
//! - a type, media type or response body that changes: breaking;
//! - a new success status code: breaking (older bindings treat it as an error); one removed: not;
//! - required-ness: optional -> required in something clients send, or required -> optional in
//!   something they receive: breaking; the other directions: not;
//! - constraints (lengths, items, ranges, patterns): tightened on something clients send, or
//!   loosened on something they receive: breaking; a changed pattern counts as both; defaults
//!   changing: not breaking;
//! - option/enum values added: not breaking (enums are open: older bindings keep unknown values);
//!   removed from something clients send: breaking;
//! - security schemes or requirements changing: breaking.

use crate::error::Error;
use crate::ir::{Api, ConstValue, Constant, Field, Operation, Param, TypeDef, TypeKind, TypeRef};
use crate::{load, resolve, Input};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One difference between the two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Short machine-readable class: `operation-added`, `field-required-changed`, ...
    pub kind: &'static str,
    /// JSON pointer in the new document (the old one for removals).
    pub location: String,
    pub breaking: bool,
    /// Generated items affected (`models::IpSecTunnel::name`, `Client::ipsecgateways_get`).
    pub rust_items: Vec<String>,
    pub description: String,
}

impl Change {
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind,
            "location": self.location,
            "breaking": self.breaking,
            "rust_items": self.rust_items,
            "description": self.description,
        })
    }
}

/// Which input could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffError {
    pub side: &'static str,
    pub error: Error,
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} spec: {}", self.side, self.error)
    }
}

struct Side {
    api: Api,
    security: Value,
    usage: Usage,
}

fn side(input: &Input, name: &'static str) -> Result<Side, DiffError> {
    let fail = |error| DiffError { side: name, error };
    let doc = load::load(input.spec, input.overlay).map_err(fail)?;
    let security = json!({
        "requirements": serde_json::to_value(&doc.security).unwrap_or(Value::Null),
        "schemes": doc
            .components
            .as_ref()
            .map(|c| serde_json::to_value(&c.security_schemes).unwrap_or(Value::Null))
            .unwrap_or(Value::Null),
    });
    let api = resolve::resolve(&doc).map_err(fail)?;
    let usage = Usage::of(&api);
    Ok(Side {
        api,
        security,
        usage,
    })
}

/// Every change from `old` to `new`, ordered by location.
pub fn diff(old: &Input, new: &Input) -> Result<Vec<Change>, DiffError> {
    let old = side(old, "old")?;
    let new = side(new, "new")?;
    let mut out = Vec::new();
    operations(&old, &new, &mut out);
    types(&old, &new, &mut out);
    constants(&old, &new, &mut out);
    servers(&old, &new, &mut out);
    if old.security != new.security {
        out.push(Change {
            kind: "security-changed",
            location: "#/components/securitySchemes".into(),
            breaking: true,
            rust_items: vec!["Client".into()],
            description: "security schemes or requirements changed".into(),
        });
    }
    out.sort_by(|a, b| (a.location.as_str(), a.kind).cmp(&(b.location.as_str(), b.kind)));
    Ok(out)
}

/// Which generated types appear in what clients send and in what they receive.
#[derive(Default)]
struct Usage {
    sent: BTreeSet<String>,
    received: BTreeSet<String>,
}

impl Usage {
    fn of(api: &Api) -> Usage {
        let mut usage = Usage::default();
        for op in api.operations.values() {
            for p in op
                .path_params
                .iter()
                .chain(&op.query_params)
                .chain(&op.header_params)
            {
                reach(api, &p.ty, &mut usage.sent);
            }
            if let Some(body) = &op.body {
                reach(api, &body.ty, &mut usage.sent);
            }
            reach(api, &op.response, &mut usage.received);
        }
        usage
    }

    fn sent(&self, ty: &str) -> bool {
        self.sent.contains(ty)
    }

    fn received(&self, ty: &str) -> bool {
        self.received.contains(ty)
    }
}

fn reach(api: &Api, ty: &TypeRef, seen: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => {
            reach(api, inner, seen)
        }
        TypeRef::Named(name) => {
            if !seen.insert(name.clone()) {
                return;
            }
            match api.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(fields)) => {
                    for f in fields {
                        reach(api, &f.ty, seen);
                    }
                }
                Some(TypeKind::Alias(target)) => reach(api, target, seen),
                Some(TypeKind::Union(variants)) => {
                    for v in variants {
                        reach(api, &v.ty, seen);
                    }
                }
                Some(TypeKind::Text { any_of, .. }) => {
                    for alternative in any_of {
                        if let crate::ir::AlternativeTest::Type(t) = &alternative.test {
                            reach(api, &TypeRef::Named(t.clone()), seen);
                        }
                    }
                }
                Some(TypeKind::Enum { .. }) | None => {}
            }
        }
        _ => {}
    }
}

fn show(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(inner) => show(inner),
        TypeRef::Array(inner) => format!("[{}]", show(inner)),
        TypeRef::Map(inner) => format!("map of {}", show(inner)),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn client_item(op: &Operation) -> String {
    format!("Client::{}", op.fn_name)
}

fn operations(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let key = |op: &Operation| (op.path.clone(), op.method.clone());
    let before: BTreeMap<_, &Operation> =
        old.api.operations.values().map(|o| (key(o), o)).collect();
    let after: BTreeMap<_, &Operation> = new.api.operations.values().map(|o| (key(o), o)).collect();
    for (k, op) in &before {
        if !after.contains_key(k) {
            out.push(Change {
                kind: "operation-removed",
                location: op.pointer.clone(),
                breaking: true,
                rust_items: vec![client_item(op)],
                description: format!("{} {} ({}) removed", op.method, op.path, op.operation_id),
            });
        }
    }
    for (k, op) in &after {
        match before.get(k) {
            None => out.push(Change {
                kind: "operation-added",
                location: op.pointer.clone(),
                breaking: false,
                rust_items: vec![client_item(op)],
                description: format!("{} {} ({}) added", op.method, op.path, op.operation_id),
            }),
            Some(was) => operation_changes(was, op, out),
        }
    }
}

fn operation_changes(was: &Operation, op: &Operation, out: &mut Vec<Change>) {
    let mut push = |kind, breaking, description: String| {
        out.push(Change {
            kind,
            location: op.pointer.clone(),
            breaking,
            rust_items: vec![client_item(op)],
            description,
        })
    };
    if was.fn_name != op.fn_name {
        push(
            "operation-renamed",
            true,
            format!(
                "operationId {} is now {}",
                was.operation_id, op.operation_id
            ),
        );
    }
    let name = format!("{} {}", op.method, op.path);
    let body = |o: &Operation| {
        o.body
            .as_ref()
            .map(|b| (b.ty.clone(), b.media.clone(), b.required))
    };
    match (body(was), body(op)) {
        (None, Some((ty, _, required))) => push(
            "request-body-added",
            required,
            format!("{name}: request body {} added", show(&ty)),
        ),
        (Some(_), None) => push(
            "request-body-removed",
            true,
            format!("{name}: request body removed"),
        ),
        (Some(a), Some(b)) if a != b => push(
            "request-body-changed",
            a.0 != b.0 || a.1 != b.1 || (!a.2 && b.2),
            format!("{name}: request body {} -> {}", show(&a.0), show(&b.0)),
        ),
        _ => {}
    }
    if was.response != op.response || was.response_media != op.response_media {
        push(
            "response-changed",
            true,
            format!(
                "{name}: response {} -> {}",
                show(&was.response),
                show(&op.response)
            ),
        );
    }
    let codes = |o: &Operation| -> BTreeSet<String> {
        o.success_codes
            .iter()
            .map(|c| c.map_or("2XX".to_string(), |c| c.to_string()))
            .collect()
    };
    let (a, b) = (codes(was), codes(op));
    for added in b.difference(&a) {
        push(
            "success-status-added",
            true,
            format!("{name}: new success status {added} (older bindings report it as an error)"),
        );
    }
    for removed in a.difference(&b) {
        push(
            "success-status-removed",
            false,
            format!("{name}: success status {removed} removed"),
        );
    }
    for (location, a, b) in [
        ("path", &was.path_params, &op.path_params),
        ("query", &was.query_params, &op.query_params),
        ("header", &was.header_params, &op.header_params),
    ] {
        parameter_changes(op, location, a, b, out);
    }
}

fn parameter_changes(
    op: &Operation,
    location: &str,
    was: &[Param],
    now: &[Param],
    out: &mut Vec<Change>,
) {
    let item = |p: &Param| match (&op.query_type, location) {
        (Some(q), "query") => vec![format!("operations::{q}::{}", p.name), client_item(op)],
        _ => vec![client_item(op)],
    };
    for p in was {
        if !now.iter().any(|n| n.wire == p.wire) {
            out.push(Change {
                kind: "parameter-removed",
                location: p.pointer.clone(),
                breaking: true,
                rust_items: item(p),
                description: format!(
                    "{} {}: {location} parameter {} removed",
                    op.method, op.path, p.wire
                ),
            });
        }
    }
    for p in now {
        let Some(old) = was.iter().find(|o| o.wire == p.wire) else {
            out.push(Change {
                kind: "parameter-added",
                location: p.pointer.clone(),
                breaking: p.required,
                rust_items: item(p),
                description: format!(
                    "{} {}: {} {location} parameter {} added",
                    op.method,
                    op.path,
                    if p.required { "required" } else { "optional" },
                    p.wire
                ),
            });
            continue;
        };
        if old.ty != p.ty {
            out.push(Change {
                kind: "parameter-type-changed",
                location: p.pointer.clone(),
                breaking: true,
                rust_items: item(p),
                description: format!(
                    "{location} parameter {}: {} -> {}",
                    p.wire,
                    show(&old.ty),
                    show(&p.ty)
                ),
            });
        }
        if old.required != p.required {
            out.push(Change {
                kind: "parameter-required-changed",
                location: p.pointer.clone(),
                breaking: p.required,
                rust_items: item(p),
                description: format!(
                    "{location} parameter {} is now {}",
                    p.wire,
                    if p.required { "required" } else { "optional" }
                ),
            });
        }
    }
}

fn model_item(def: &TypeDef) -> String {
    format!("models::{}", def.name)
}

fn types(old: &Side, new: &Side, out: &mut Vec<Change>) {
    for (name, def) in &old.api.types {
        if !new.api.types.contains_key(name) {
            out.push(Change {
                kind: "schema-removed",
                location: def.pointer.clone(),
                breaking: true,
                rust_items: vec![model_item(def)],
                description: format!("schema {name} removed"),
            });
        }
    }
    for (name, def) in &new.api.types {
        let Some(was) = old.api.types.get(name) else {
            out.push(Change {
                kind: "schema-added",
                location: def.pointer.clone(),
                breaking: false,
                rust_items: vec![model_item(def)],
                description: format!("schema {name} added"),
            });
            continue;
        };
        let sent = new.usage.sent(name) || old.usage.sent(name);
        let received = new.usage.received(name) || old.usage.received(name);
        match (&was.kind, &def.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                field_changes(def, a, b, sent, received, out)
            }
            (TypeKind::Enum { variants: a, .. }, TypeKind::Enum { variants: b, .. }) => {
                for v in a.iter().filter(|v| !b.iter().any(|w| w.wire == v.wire)) {
                    out.push(Change {
                        kind: "option-removed",
                        location: def.pointer.clone(),
                        breaking: sent,
                        rust_items: vec![format!("{}::{}", model_item(def), v.name)],
                        description: format!("{name}: value {:?} removed", v.wire),
                    });
                }
                for v in b.iter().filter(|v| !a.iter().any(|w| w.wire == v.wire)) {
                    out.push(Change {
                        kind: "option-added",
                        location: def.pointer.clone(),
                        breaking: false,
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
                    kind: "schema-type-changed",
                    location: def.pointer.clone(),
                    breaking: true,
                    rust_items: vec![model_item(def)],
                    description: format!("{name}: the schema's shape or type changed"),
                });
            }
            (TypeKind::Union(a), TypeKind::Union(b)) if a != b => out.push(Change {
                kind: "schema-type-changed",
                location: def.pointer.clone(),
                breaking: true,
                rust_items: vec![model_item(def)],
                description: format!("{name}: the oneOf branches changed"),
            }),
            _ => {}
        }
    }
}

fn was_alias_changed(a: &TypeKind, b: &TypeKind) -> bool {
    matches!((a, b), (TypeKind::Alias(x), TypeKind::Alias(y)) if x != y)
}

fn field_changes(
    def: &TypeDef,
    was: &[Field],
    now: &[Field],
    sent: bool,
    received: bool,
    out: &mut Vec<Change>,
) {
    let item = |f: &Field| vec![format!("{}::{}", model_item(def), f.name)];
    for f in was.iter().filter(|f| !now.iter().any(|n| n.wire == f.wire)) {
        out.push(Change {
            kind: "field-removed",
            location: f.pointer.clone(),
            breaking: true,
            rust_items: item(f),
            description: format!("{}: field {} removed", def.name, f.wire),
        });
    }
    for f in now {
        let Some(old) = was.iter().find(|o| o.wire == f.wire) else {
            let required = f.required && !f.read_only;
            out.push(Change {
                kind: "field-added",
                location: f.pointer.clone(),
                breaking: required && sent,
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
        if old.ty != f.ty {
            out.push(Change {
                kind: "field-type-changed",
                location: f.pointer.clone(),
                breaking: true,
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
                kind: "field-required-changed",
                location: f.pointer.clone(),
                breaking: if f.required { sent } else { received },
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

/// Where a constant's bound applies: sent (parameters, request schemas) and/or received.
fn constant_sides(side: &Side, pointer: &str) -> (bool, bool) {
    if pointer.starts_with("#/components/parameters/") || pointer.starts_with("#/paths/") {
        return (true, false);
    }
    let owner = side
        .api
        .types
        .values()
        .filter(|d| pointer.starts_with(&format!("{}/", d.pointer)) || pointer == d.pointer)
        .max_by_key(|d| d.pointer.len());
    match owner {
        Some(d) => (side.usage.sent(&d.name), side.usage.received(&d.name)),
        None => (true, true),
    }
}

/// Whether a field, parameter or schema of `side` owns the constraint at `pointer`.
fn declares(side: &Side, pointer: &str) -> bool {
    let owns = |owner: &str| pointer.starts_with(&format!("{owner}/"));
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
        ConstValue::Float(f) => Some(*f),
        _ => None,
    }
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

fn constants(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let flat = |api: &Api| -> BTreeMap<String, (String, Constant)> {
        api.constants
            .iter()
            .flat_map(|(module, list)| {
                list.iter().map(move |c| {
                    let item = format!("validation::{}::{}", module.join("::"), c.name);
                    (c.pointer.clone(), (item, c.clone()))
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
        let (kind, breaking) = if name.ends_with("DEFAULT") {
            ("default-changed", false)
        } else if name.ends_with("PATTERN") {
            ("pattern-changed", sent || received)
        } else {
            match tightened(name, a.map(|x| &x.1.value), b.map(|x| &x.1.value)) {
                Some(true) => ("constraint-tightened", sent),
                Some(false) => ("constraint-loosened", received),
                None => ("constraint-changed", sent || received),
            }
        };
        out.push(Change {
            kind,
            location: pointer.clone(),
            breaking,
            rust_items: vec![item.clone()],
            description: format!("{}: {text}", constraint_name(pointer)),
        });
    }
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
        ConstValue::Float(f) => f.to_string(),
        ConstValue::Str(s) | ConstValue::JsonText(s) => format!("{s:?}"),
        ConstValue::Bool(b) => b.to_string(),
    }
}

fn servers(old: &Side, new: &Side, out: &mut Vec<Change>) {
    for (i, s) in old.api.servers.iter().enumerate() {
        if !new.api.servers.iter().any(|n| n.url == s.url) {
            out.push(Change {
                kind: "server-removed",
                location: format!("#/servers/{i}"),
                breaking: true,
                rust_items: vec![format!("Region::{}", s.variant)],
                description: format!("server {} removed", s.url),
            });
        }
    }
    for (i, s) in new.api.servers.iter().enumerate() {
        if !old.api.servers.iter().any(|o| o.url == s.url) {
            out.push(Change {
                kind: "server-added",
                location: format!("#/servers/{i}"),
                breaking: false,
                rust_items: vec![format!("Region::{}", s.variant)],
                description: format!("server {} added", s.url),
            });
        }
    }
}

/// The report for review: a summary line and a table, breaking changes first.
pub fn to_markdown(changes: &[Change], old_label: &str, new_label: &str) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = format!("## API changes: `{old_label}` -> `{new_label}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes a client can see.\n");
        return out;
    }
    out.push_str(&format!(
        "{} change{}, {breaking} breaking{}.\n\n| | change | where | Rust items |\n|---|---|---|---|\n",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        if breaking > 0 { " (a major release)" } else { "" }
    ));
    let mut ordered: Vec<&Change> = changes.iter().collect();
    ordered.sort_by_key(|c| !c.breaking);
    for c in ordered {
        let items: Vec<String> = c.rust_items.iter().map(|i| format!("`{i}`")).collect();
        out.push_str(&format!(
            "| {} | {} | `{}` | {} |\n",
            if c.breaking {
                "**breaking**"
            } else {
                "compatible"
            },
            c.description.replace('|', "\\|"),
            c.location,
            items.join(", ")
        ));
    }
    out
}

pub fn to_json(changes: &[Change]) -> Value {
    Value::Array(changes.iter().map(Change::to_json).collect())
}
