//! The setters of the surface: the model builders' (`WireguardPeerBuilder::name`), the
//! `with_…` setters of models and queries (one per optional field), and `ClientBuilder`'s
//! setters for the spec's API keys (named after their security schemes).

use super::{signature, text, Owner, SurfaceItem, SurfaceKind};
use crate::error::child;
use crate::ir::{names::with_setter, Api, Argument, SecurityScheme, TypeKind, TypeRef};

/// What a setter taking `argument` takes, as text: `Into<String>` for what turns into text.
fn taken(argument: Argument) -> String {
    let ty = text(argument.ty());
    match argument {
        Argument::Into(_) => format!("Into<{ty}>"),
        Argument::Exactly(_) => ty,
    }
}

/// Each builder and its setters. A setter takes a checked string type as text, so its
/// signature names what the caller passes, not the checked type.
pub(super) fn builders(api: &Api, out: &mut Vec<SurfaceItem>) {
    for (type_name, builder) in &api.builders {
        let Some(def) = api.types.get(type_name) else {
            continue;
        };
        let TypeKind::Struct(fields) = &def.kind else {
            continue;
        };
        let key = format!("{type_name} {}", builder.name);
        out.push(SurfaceItem {
            kind: SurfaceKind::Builder,
            path: format!("{type_name}::builder"),
            names: vec![builder.name.clone()],
            signature: signature(&[], &builder.name),
            pointer: def.pointer.clone(),
            calls: Vec::new(),
            key: key.clone(),
            owner: None,
        });
        for (field, setter) in fields.iter().zip(&builder.setters) {
            let input = api.setter_input(&field.ty);
            let value = taken(input.value());
            let takes = if input.is_list() {
                format!("IntoIterator<{value}>")
            } else {
                value
            };
            out.push(SurfaceItem {
                kind: SurfaceKind::BuilderSetter,
                path: format!("{}::{setter}", builder.name),
                names: Vec::new(),
                signature: signature(&[takes], "Self"),
                pointer: field.pointer.clone(),
                calls: Vec::new(),
                key: format!("{} {setter}", builder.name),
                owner: Some(Owner::Item(SurfaceKind::Builder, key.clone())),
            });
        }
    }
}

/// The `with_…` setter of each optional field of a model (taking text as `Into<String>`, a
/// secret as `Into<Secret>`) and of an operation's query struct (taking the field's type).
pub(super) fn with_setters(api: &Api, out: &mut Vec<SurfaceItem>) {
    let mut setter = |owner: &str, field: &str, takes: String, pointer: &str| {
        let name = with_setter(field);
        out.push(SurfaceItem {
            kind: SurfaceKind::ModelSetter,
            path: format!("{owner}::{name}"),
            names: Vec::new(),
            signature: signature(&[takes], "Self"),
            pointer: pointer.to_string(),
            calls: Vec::new(),
            key: format!("{owner} {name}"),
            owner: Some(Owner::Type(owner.to_string())),
        });
    };
    for (name, def) in &api.types {
        let TypeKind::Struct(fields) = &def.kind else {
            continue;
        };
        for f in fields.iter().filter(|f| !f.required) {
            setter(name, &f.name, taken(Argument::of(&f.ty)), &f.pointer);
        }
    }
    for op in api.operations.values() {
        let Some(query) = &op.query_type else {
            continue;
        };
        for p in op.query_params.iter().filter(|p| !p.required) {
            setter(query, &p.name, text(&p.ty), &p.pointer);
        }
    }
}

/// `ClientBuilder`'s setter for each API-key scheme, known by its name (renaming the scheme
/// can rename it).
pub(super) fn credentials(api: &Api, out: &mut Vec<SurfaceItem>) {
    for (scheme, s) in &api.security.schemes {
        let SecurityScheme::ApiKey { setter, .. } = s else {
            continue;
        };
        out.push(SurfaceItem {
            kind: SurfaceKind::CredentialSetter,
            path: format!("ClientBuilder::{setter}"),
            names: Vec::new(),
            signature: signature(&[taken(Argument::of(&TypeRef::Secret))], "Self"),
            pointer: child("#/components/securitySchemes", scheme),
            calls: Vec::new(),
            key: setter.clone(),
            owner: None,
        });
    }
}
