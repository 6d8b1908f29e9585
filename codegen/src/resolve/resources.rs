//! Resources: a collection path and its item path (`/things`, `/things/{thingId}`) whose
//! operations have the usual shapes get one generated handle (`client.things()`):
//!
//! - `list`: a paginated `GET` of the collection;
//! - `create`: a `POST` to the collection whose body is `{properties, metadata?}`;
//! - `get`, `delete`: a `GET` (with a lifecycle, for the waits) and a `DELETE` of the item;
//! - `ensure`: a `PUT` of the item whose body is `{id, properties, metadata?}`.
//!
//! The handle is named after the operations' tag (`WireguardPeers` -> `wireguard_peers`, or the
//! tag's `x-rust-name`), else after the collection's last path segment. Operations of no
//! recognised shape keep only their operationId-named method.

use super::naming;
use crate::ir::{
    Api, Envelope, EnvelopeArgument, Helper, Media, Method, Operation, Param, Resource, TypeKind,
    TypeRef, Update, WriteOnly,
};
use std::collections::BTreeMap;

/// Fills `Api::resources` and renames the list operations' query types after their handle
/// (`WireguardPeersListQuery`).
pub(super) fn recognise(api: &mut Api) {
    let mut by_collection: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for op in api.operations.values() {
        let collection = match op.path.rsplit_once('/') {
            Some((parent, last)) if is_variable(last) => parent.to_string(),
            _ => op.path.clone(),
        };
        by_collection.entry(collection).or_default().push(op);
    }
    let mut resources = BTreeMap::new();
    for (collection, ops) in &by_collection {
        if let Some(resource) = resource(api, collection, ops) {
            // The handle is a method on `Client` beside the operations' own and their helpers
            // (`emit::operation_helpers`).
            let taken_by_operation = api.operations.keys().any(|name| {
                let name = name.trim_start_matches("r#");
                resource.handle.strip_prefix(name).is_some_and(|rest| {
                    rest.is_empty()
                        || rest
                            .strip_prefix('_')
                            .is_some_and(|suffix| Helper::ALL.iter().any(|h| h.suffix() == suffix))
                })
            });
            if !taken_by_operation
                && !resources.contains_key(&resource.handle)
                && !api.types.contains_key(&resource.type_name)
                && !api
                    .types
                    .contains_key(&format!("{}List", resource.type_name))
            {
                resources.insert(resource.handle.clone(), resource);
            }
        }
    }
    for resource in resources.values() {
        let Some(list) = &resource.list else { continue };
        let name = format!("{}ListQuery", resource.type_name);
        let taken = api.types.contains_key(&name)
            || api
                .operations
                .values()
                .any(|o| o.query_type.as_deref() == Some(&name));
        if let Some(op) = api.operations.get_mut(list) {
            if op.query_type.is_some() && !taken {
                op.query_type = Some(name);
            }
        }
    }
    api.resources = resources;
}

fn is_variable(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

fn resource(api: &Api, collection: &str, ops: &[&Operation]) -> Option<Resource> {
    let find = |method: Method, item: bool| {
        ops.iter()
            .copied()
            // An optional, enumerated or raw answer fits none of the handle's calls.
            .filter(|op| op.returns.body().is_some())
            .find(|op| op.method == method && (op.path != collection) == item)
    };
    let parents = |op: &Operation, item: bool| -> Vec<Param> {
        let n = op.path_params.len() - usize::from(item);
        op.path_params[..n].to_vec()
    };
    let get = find(Method::Get, true)
        .filter(|op| op.body.is_none() && op.returns.body().and_then(TypeRef::named).is_some());
    let list = find(Method::Get, false).filter(|op| op.pagination.is_some());
    let delete = find(Method::Delete, true).filter(|op| op.body.is_none());
    let item_op = get.or(delete).or_else(|| find(Method::Put, true))?;
    let id = item_op.path_params.last()?.clone();
    // Every operation of the resource has the same parent parameters (by wire name and type:
    // each operation declares its own), and no header parameters; only the list takes a query
    // (a handle passes path arguments, bodies and the list request's query only).
    let same = |a: &[Param], b: &[Param]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.wire == y.wire && x.ty == y.ty)
    };
    let fits = |op: &&Operation| {
        let item = op.path != collection;
        op.header_params.is_empty()
            && (op.query_params.is_empty() || (op.method == Method::Get && !item))
            && same(&parents(op, item), &parents(item_op, true))
            && (!item
                || same(
                    &op.path_params[op.path_params.len() - 1..],
                    std::slice::from_ref(&id),
                ))
    };
    let get = get.filter(fits);
    let list = list.filter(fits);
    let delete = delete.filter(fits);
    let create = find(Method::Post, false)
        .filter(fits)
        .and_then(|op| envelope(api, op, false, &id));
    let ensure = find(Method::Put, true)
        .filter(fits)
        .and_then(|op| envelope(api, op, true, &id));
    if get.is_none() && list.is_none() {
        return None;
    }
    let tag = item_op.tags.first();
    let handle = match tag
        .and_then(|t| api.tags.get(t))
        .and_then(|t| t.rust_name.clone())
    {
        Some(name) => name,
        None => {
            let base = tag.cloned().or_else(|| {
                collection
                    .rsplit('/')
                    .find(|s| !is_variable(s) && !s.is_empty())
                    .map(str::to_string)
            })?;
            naming::field_name(&base, &item_op.pointer).ok()?
        }
    };
    let type_name = naming::type_name(
        tag.map(String::as_str)
            .unwrap_or(handle.trim_start_matches("r#")),
        &item_op.pointer,
    )
    .ok()?;
    let read = get.and_then(|op| op.returns.body().cloned());
    let update = match (&read, &ensure) {
        (Some(read), Some(ensure)) => update(api, read, &ensure.properties),
        _ => None,
    };
    Some(Resource {
        // A keyword (`async`) gets a trailing underscore: `client.async_()` reads better
        // than a raw identifier, and works where one is not allowed.
        handle: match handle.strip_prefix("r#") {
            Some(keyword) => format!("{keyword}_"),
            None => handle,
        },
        type_name,
        doc: tag
            .and_then(|t| api.tags.get(t))
            .and_then(|t| t.description.clone()),
        parents: parents(item_op, true),
        id,
        read,
        list: list.map(|op| op.fn_name.clone()),
        get: get.map(|op| op.fn_name.clone()),
        create,
        ensure,
        delete: delete.map(|op| op.fn_name.clone()),
        update,
    })
}

/// An update when the read type has a required field of the properties' type.
fn update(api: &Api, read: &TypeRef, properties: &TypeRef) -> Option<Update> {
    let field = api
        .fields(read)
        .iter()
        .find(|f| f.ty == *properties && !f.is_option())?;
    let mut write_only = Vec::new();
    write_only_paths(api, properties, &mut Vec::new(), &mut write_only);
    Some(Update {
        field: field.name.clone(),
        write_only,
    })
}

/// The wire paths of write-only fields below `ty`, through nested objects (not through lists,
/// maps or unions: an update cannot tell which of their entries lacks the value).
fn write_only_paths(
    api: &Api,
    ty: &TypeRef,
    at: &mut Vec<(String, String)>,
    out: &mut Vec<WriteOnly>,
) {
    let fields = api.fields(ty);
    // A type that contains itself would recurse without end; its depth is bounded here.
    if at.len() > 8 {
        return;
    }
    for f in fields.iter().filter(|f| !f.read_only) {
        at.push((f.wire.clone(), f.name.trim_start_matches("r#").to_string()));
        if f.write_only {
            out.push(WriteOnly {
                wire: at.iter().map(|(wire, _)| wire.clone()).collect(),
                rust: at.iter().map(|(_, rust)| rust.clone()).collect(),
            });
        } else {
            write_only_paths(api, &f.ty, at, out);
        }
        at.pop();
    }
}

/// The body of `op` when it is `{properties, metadata?}` (plus a required `id` of the item's id
/// type when `with_id`): what the handle builds from the properties alone.
fn envelope(api: &Api, op: &Operation, with_id: bool, id: &Param) -> Option<Envelope> {
    let body = op
        .body
        .as_ref()
        .filter(|b| b.required && b.media == Media::Json)?;
    let name = body.ty.named()?;
    let TypeKind::Struct(fields) = &api.types.get(name)?.kind else {
        return None;
    };
    let mut arguments = Vec::new();
    let mut properties = None;
    for f in fields.iter().filter(|f| f.required && !f.read_only) {
        match f.wire.as_str() {
            "properties" if f.ty.named().is_some() && !f.is_option() => {
                properties = Some(f.ty.clone());
                arguments.push(EnvelopeArgument::Properties);
            }
            "id" if with_id && f.ty == id.ty && !f.is_option() => {
                arguments.push(EnvelopeArgument::Id)
            }
            _ => return None,
        }
    }
    let has_id = arguments.contains(&EnvelopeArgument::Id);
    (has_id == with_id).then_some(())?;
    Some(Envelope {
        operation: op.fn_name.clone(),
        body: name.to_string(),
        properties: properties.filter(|p| !matches!(p, TypeRef::Boxed(_)))?,
        arguments,
    })
}
