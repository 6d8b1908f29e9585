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
//!
//! [`render`] turns the changes into the Markdown and JSON reports.

mod operations;
pub mod render;
mod schemas;

use crate::error::Error;
use crate::ir::{Api, TypeKind, TypeRef};
use crate::{load, resolve, Input};
use std::collections::BTreeSet;

pub use render::{to_json, to_markdown};

/// One difference between the two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// JSON pointer in the new document (the old one for removals).
    pub location: String,
    pub breaking: bool,
    /// Generated items affected (`models::IpSecTunnel::name`, `Client::ipsecgateways_get`).
    pub rust_items: Vec<String>,
    pub description: String,
}

/// What kind of change a [`Change`] is; its [`as_str`](ChangeKind::as_str) is the stable
/// machine-readable name used in reports (`field-required-changed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyChanged,
    ResponseChanged,
    SuccessStatusAdded,
    SuccessStatusRemoved,
    ParameterAdded,
    ParameterRemoved,
    ParameterTypeChanged,
    ParameterRequiredChanged,
    SchemaAdded,
    SchemaRemoved,
    SchemaTypeChanged,
    OptionAdded,
    OptionRemoved,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldRequiredChanged,
    DefaultChanged,
    PatternChanged,
    ConstraintTightened,
    ConstraintLoosened,
    ConstraintChanged,
    ServerAdded,
    ServerRemoved,
    SecurityChanged,
}

impl ChangeKind {
    /// The kebab-case name used in the Markdown and JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::OperationAdded => "operation-added",
            ChangeKind::OperationRemoved => "operation-removed",
            ChangeKind::OperationRenamed => "operation-renamed",
            ChangeKind::RequestBodyAdded => "request-body-added",
            ChangeKind::RequestBodyRemoved => "request-body-removed",
            ChangeKind::RequestBodyChanged => "request-body-changed",
            ChangeKind::ResponseChanged => "response-changed",
            ChangeKind::SuccessStatusAdded => "success-status-added",
            ChangeKind::SuccessStatusRemoved => "success-status-removed",
            ChangeKind::ParameterAdded => "parameter-added",
            ChangeKind::ParameterRemoved => "parameter-removed",
            ChangeKind::ParameterTypeChanged => "parameter-type-changed",
            ChangeKind::ParameterRequiredChanged => "parameter-required-changed",
            ChangeKind::SchemaAdded => "schema-added",
            ChangeKind::SchemaRemoved => "schema-removed",
            ChangeKind::SchemaTypeChanged => "schema-type-changed",
            ChangeKind::OptionAdded => "option-added",
            ChangeKind::OptionRemoved => "option-removed",
            ChangeKind::FieldAdded => "field-added",
            ChangeKind::FieldRemoved => "field-removed",
            ChangeKind::FieldTypeChanged => "field-type-changed",
            ChangeKind::FieldRequiredChanged => "field-required-changed",
            ChangeKind::DefaultChanged => "default-changed",
            ChangeKind::PatternChanged => "pattern-changed",
            ChangeKind::ConstraintTightened => "constraint-tightened",
            ChangeKind::ConstraintLoosened => "constraint-loosened",
            ChangeKind::ConstraintChanged => "constraint-changed",
            ChangeKind::ServerAdded => "server-added",
            ChangeKind::ServerRemoved => "server-removed",
            ChangeKind::SecurityChanged => "security-changed",
        }
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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

pub(crate) struct Side {
    api: Api,
    usage: Usage,
}

fn side(input: &Input, name: &'static str) -> Result<Side, DiffError> {
    let fail = |error| DiffError { side: name, error };
    let doc = load::load(input.spec, input.overlay).map_err(fail)?;
    let api = resolve::resolve(&doc).map_err(fail)?;
    let usage = Usage::of(&api);
    Ok(Side { api, usage })
}

/// Every change from `old` to `new`, ordered by location.
pub fn diff(old: &Input, new: &Input) -> Result<Vec<Change>, DiffError> {
    let old = side(old, "old")?;
    let new = side(new, "new")?;
    let mut out = Vec::new();
    operations::operations(&old, &new, &mut out);
    schemas::types(&old, &new, &mut out);
    schemas::constants(&old, &new, &mut out);
    servers(&old, &new, &mut out);
    if old.api.security != new.api.security {
        out.push(Change {
            kind: ChangeKind::SecurityChanged,
            location: "#/components/securitySchemes".into(),
            breaking: true,
            rust_items: vec!["Client".into()],
            description: "security schemes or requirements changed".into(),
        });
    }
    out.sort_by(|a, b| {
        (a.location.as_str(), a.kind.as_str()).cmp(&(b.location.as_str(), b.kind.as_str()))
    });
    Ok(out)
}

/// Which generated types appear in what clients send and in what they receive.
#[derive(Default)]
pub(crate) struct Usage {
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

    pub(crate) fn sent(&self, ty: &str) -> bool {
        self.sent.contains(ty)
    }

    pub(crate) fn received(&self, ty: &str) -> bool {
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

pub(crate) fn show(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(inner) => show(inner),
        TypeRef::Array(inner) => format!("[{}]", show(inner)),
        TypeRef::Map(inner) => format!("map of {}", show(inner)),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn servers(old: &Side, new: &Side, out: &mut Vec<Change>) {
    for (i, s) in old.api.servers.iter().enumerate() {
        if !new.api.servers.iter().any(|n| n.url == s.url) {
            out.push(Change {
                kind: ChangeKind::ServerRemoved,
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
                kind: ChangeKind::ServerAdded,
                location: format!("#/servers/{i}"),
                breaking: false,
                rust_items: vec![format!("Region::{}", s.variant)],
                description: format!("server {} added", s.url),
            });
        }
    }
}
