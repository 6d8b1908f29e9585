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

use super::naming::{self, Namespace};
use super::Resolved;
use crate::ir::names;
use crate::ir::{
    Delete, DerivedValue, Envelope, EnvelopeArgument, Helper, LifecycleShape, ListRequest, Media,
    Method, Operation, Param, Resource, TypeDef, TypeKind, TypeRef, Update, WaitId, WriteOnly,
};
use std::collections::{BTreeMap, BTreeSet};

/// The resources with a handle, by handle name, and the operations whose helpers the handles
/// hide; renames the list operations' query types after their handle
/// (`WireguardPeersListQuery`). `lifecycles` says where read types keep their status, for the
/// fake's layout.
pub(super) fn recognise(
    api: &mut Resolved,
    lifecycles: &BTreeMap<String, LifecycleShape>,
) -> (BTreeMap<String, Resource>, BTreeSet<String>) {
    let mut by_collection: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for op in api.operations.values() {
        let collection = match op.path.rsplit_once('/') {
            Some((parent, last)) if is_variable(last) => parent.to_string(),
            _ => op.path.clone(),
        };
        by_collection.entry(collection).or_default().push(op);
    }
    let mut resources: BTreeMap<String, Resource> = BTreeMap::new();
    let mut root = naming::root_items();
    for (collection, ops) in &by_collection {
        if let Some(resource) = resource(api, lifecycles, collection, ops) {
            // The handle is a method on `Client`, whose scope holds the runtime's, emit's and
            // the operations' methods, beside the operations' helpers
            // (`emit::operation_helpers`).
            let taken_by_client = api.client_methods.contains(&resource.handle);
            let taken_by_helper = api.operations.keys().any(|name| {
                Helper::ALL
                    .iter()
                    .any(|h| h.name_beside(name) == resource.handle)
            });
            // The handle's types (`Things`, `ThingsList`, `MultiRegionThings`) are items of
            // the crate root too.
            let root_items = [
                resource.type_name.clone(),
                format!("{}List", resource.type_name),
                format!("MultiRegion{}", resource.type_name),
            ];
            let taken_at_root = root_items.iter().any(|name| root.contains(name));
            if !taken_by_helper
                && !taken_by_client
                && !taken_at_root
                && !resources.contains_key(&resource.handle)
                && !api.types.contains_key(&resource.type_name)
                && !api
                    .types
                    .contains_key(&format!("{}List", resource.type_name))
            {
                for item in root_items {
                    root.claim(&item, &resource.handle, "").ok();
                }
                resources.insert(resource.handle.clone(), resource);
            }
        }
    }
    let renames: Vec<(String, String)> = resources
        .values()
        .filter_map(|r| {
            let list = api.operations.get(r.list.as_ref()?)?;
            Some((
                list.fn_name.clone(),
                list_query_name(api, &r.type_name, list)?,
            ))
        })
        .collect();
    for (list, name) in renames {
        if let Some(op) = api.operations.get_mut(&list) {
            op.query_type = Some(name);
        }
    }
    // The handle's `list()` request walks with the list's helpers, so they are its own; a list
    // whose query needs an argument has no `list()`, and keeps them public.
    let hidden_helpers = resources
        .values()
        .flat_map(|r| [r.list_request.as_ref().and(r.list.clone()), r.get.clone()])
        .flatten()
        .collect();
    (resources, hidden_helpers)
}

fn is_variable(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

fn resource(
    api: &Resolved,
    lifecycles: &BTreeMap<String, LifecycleShape>,
    collection: &str,
    ops: &[&Operation],
) -> Option<Resource> {
    let found = Found::find(collection, ops)?;
    let tag = found.item_op.tags.first();
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
            naming::field_name(&base, &found.item_op.pointer).ok()?
        }
    };
    let type_name = naming::type_name(
        tag.map(String::as_str)
            .unwrap_or(handle.trim_start_matches("r#")),
        &found.item_op.pointer,
    )
    .ok()?;
    // A keyword (`async`) gets a trailing underscore: `client.async_()` reads better than a
    // raw identifier, and works where one is not allowed.
    let handle = match handle.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => handle,
    };
    let doc = tag
        .and_then(|t| api.tags.get(t))
        .and_then(|t| t.description.clone());
    Some(found.resource(api, lifecycles, handle, type_name, doc))
}

/// The operations of a collection and its item that fit a handle's calls.
struct Found<'o> {
    get: Option<&'o Operation>,
    list: Option<&'o Operation>,
    delete: Option<&'o Operation>,
    post: Option<&'o Operation>,
    put: Option<&'o Operation>,
    /// The item operation the handle takes its parameters from.
    item_op: &'o Operation,
    id: Param,
    collection: String,
}

impl<'o> Found<'o> {
    fn find(collection: &str, ops: &[&'o Operation]) -> Option<Found<'o>> {
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
        // Every operation of the resource has the same parent parameters (by wire name and
        // type: each operation declares its own), and no header parameters; only the list
        // takes a query (a handle passes path arguments, bodies and the list request's query
        // only).
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
        let found = Found {
            get: get.filter(fits),
            list: list.filter(fits),
            delete: delete.filter(fits),
            post: find(Method::Post, false).filter(fits),
            put: find(Method::Put, true).filter(fits),
            item_op,
            id,
            collection: collection.to_string(),
        };
        (found.get.is_some() || found.list.is_some()).then_some(found)
    }

    /// The handle over these operations, with every choice of what it generates made.
    fn resource(
        self,
        api: &Resolved,
        lifecycles: &BTreeMap<String, LifecycleShape>,
        handle: String,
        type_name: String,
        doc: Option<String>,
    ) -> Resource {
        let id = self.id;
        let read = self.get.and_then(|op| op.returns.body().cloned());
        // A resource that takes time to set up: writes that answer the read type answer
        // `rt::Accepted` (`.ready()` waits on the id), a delete without a body `rt::Deleting`.
        let waits = self.get.is_some_and(|g| g.wait.is_some());
        let accepted = |op: &Operation, on: Option<WaitId>| {
            (waits && read.is_some() && read.as_ref() == op.returns.body())
                .then_some(on)
                .flatten()
        };
        let read_id = read.as_ref().and_then(|t| {
            let f = api
                .fields(t)
                .iter()
                .find(|f| f.wire == "id" && f.ty == id.ty)?;
            Some(WaitId::AnswerField(f.name.clone()))
        });
        let create = self
            .post
            .and_then(|op| envelope(api, op, &id, None, accepted(op, read_id)));
        let ensure = self.put.and_then(|op| {
            envelope(
                api,
                op,
                &id,
                Some(&id),
                accepted(op, Some(WaitId::Argument)),
            )
        });
        let update = match (&read, &ensure) {
            (Some(read), Some(ensure)) => update(api, read, &ensure.properties),
            _ => None,
        };
        let written = create.as_ref().or(ensure.as_ref()).map(|e| &e.properties);
        let item_kind =
            item_kind(&api.types, read.as_ref(), written).unwrap_or_else(|| type_name.clone());
        let parents =
            fields_beside(&self.item_op.path_params[..self.item_op.path_params.len() - 1]);
        let list_request = self.list.and_then(|op| list_request(api, &type_name, op));
        let mut derived = Vec::new();
        if let Some(read) = &read {
            derived_values(api, read, &mut Vec::new(), &mut derived);
        }
        let served = super::fake::Served {
            collection: &self.collection,
            item: &self.item_op.path,
            list: self.list,
        };
        let fake = super::fake::wire(
            &api.types,
            lifecycles,
            read.as_ref(),
            ensure.as_ref().or(create.as_ref()).map(|e| &e.properties),
            &served,
        );
        Resource {
            fake,
            derived,
            every_region: parents.is_empty() && list_request.is_some() && self.get.is_some(),
            create_idempotent: id.ty == TypeRef::Uuid && ensure.is_some() && read.is_some(),
            handle,
            type_name,
            doc,
            parents,
            id,
            item_kind,
            read,
            list: self.list.map(|op| op.fn_name.clone()),
            list_request,
            get: self.get.map(|op| op.fn_name.clone()),
            waits,
            create,
            ensure,
            delete: self.delete.map(|op| Delete {
                operation: op.fn_name.clone(),
                fake_status: super::fake::delete_status(op),
                deleting: waits && op.returns.body() == Some(&TypeRef::Unit),
            }),
            update,
        }
    }
}

/// The request a handle's `list()` starts, when the list's query has no required parameter;
/// its query type is named after the handle (`WireguardPeersListQuery`) unless that name is
/// taken.
fn list_request(api: &Resolved, type_name: &str, op: &Operation) -> Option<ListRequest> {
    let own = op.query_type.clone()?;
    if op.query_params.iter().any(|q| q.required) {
        return None;
    }
    // The request's methods: its own first, then a setter per query parameter, named after it
    // unless the name is taken or raw (`with_send`, `with_type`).
    let mut methods = Namespace::holding(
        names::LIST_REQUEST_METHODS.map(|own| (own, "(generated)")),
        "",
    );
    let params = op
        .query_params
        .iter()
        .map(|q| (q.name.as_str(), q.wire.as_str(), q.pointer.as_str()));
    let setters = naming::setters(&mut methods, params, true);
    // A spec's own `skip` parameter keeps its setter; the walk's method steps aside
    // (`skip_items`, then `skip_items_2`, ...).
    let skip = op.pagination.as_ref().map(|_| {
        let wanted = if methods.contains("skip") {
            "skip_items"
        } else {
            "skip"
        };
        // Refused only for a query parameter whose wire name is the owner's.
        methods
            .unique(wanted, "(generated)", "")
            .unwrap_or_else(|_| wanted.to_string())
    });
    Some(ListRequest {
        type_name: format!("{type_name}List"),
        query_type: list_query_name(api, type_name, op).unwrap_or(own),
        setters,
        skip,
    })
}

/// The parents as fields of the handle and its list request, beside the fields every one has
/// (`client`, `query`): a parent of such a name is renamed (`client_2`).
fn fields_beside(parents: &[Param]) -> Vec<Param> {
    let mut fields = Namespace::holding(
        names::HANDLE_FIELDS
            .into_iter()
            .chain(names::LIST_REQUEST_FIELDS)
            .map(|own| (own, "(generated)")),
        "",
    );
    parents
        .iter()
        .map(|p| Param {
            name: fields
                .unique(&p.name, &p.wire, &p.pointer)
                // Refused only for a wire name met twice, and path parameters are distinct.
                .unwrap_or_else(|_| p.name.clone()),
            ..p.clone()
        })
        .collect()
}

/// The name a list operation's query type takes after its handle (`WireguardPeersListQuery`),
/// unless the name is taken.
fn list_query_name(api: &Resolved, type_name: &str, op: &Operation) -> Option<String> {
    let name = format!("{type_name}ListQuery");
    let taken = api.types.contains_key(&name)
        || api
            .operations
            .values()
            .any(|o| o.query_type.as_deref() == Some(&name));
    (op.query_type.is_some() && !taken).then_some(name)
}

/// An update when the read type has a required field of the properties' type.
fn update(api: &Resolved, read: &TypeRef, properties: &TypeRef) -> Option<Update> {
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
    api: &Resolved,
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

/// The values below `ty` (a read answer) that the server computes (`x-derived`), through
/// nested objects.
fn derived_values(api: &Resolved, ty: &TypeRef, at: &mut Vec<String>, out: &mut Vec<DerivedValue>) {
    // A type that contains itself would recurse without end; its depth is bounded here.
    if at.len() > 8 {
        return;
    }
    for f in api.fields(ty) {
        at.push(f.wire.clone());
        match &f.derived {
            Some(d) => out.push(DerivedValue {
                to: at.clone(),
                from: d.from.clone(),
                function: d.function.clone(),
            }),
            None => derived_values(api, &f.ty, at, out),
        }
        at.pop();
    }
}

/// The body of `op` when it is `{properties, metadata?}` (plus a required `id` of the item's id
/// type when `with_id`): what the handle builds from the properties alone.
fn envelope(
    api: &Resolved,
    op: &Operation,
    id: &Param,
    with_id: Option<&Param>,
    accepted: Option<WaitId>,
) -> Option<Envelope> {
    let with_id = with_id.is_some();
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
    let mut id_wire = None;
    for f in fields.iter().filter(|f| f.required && !f.read_only) {
        match f.wire.as_str() {
            "properties" if f.ty.named().is_some() && !f.is_option() => {
                properties = Some((f.ty.clone(), vec![f.wire.clone()]));
                arguments.push(EnvelopeArgument::Properties);
            }
            "id" if with_id && f.ty == id.ty && !f.is_option() => {
                id_wire = Some(vec![f.wire.clone()]);
                arguments.push(EnvelopeArgument::Id)
            }
            _ => return None,
        }
    }
    let (properties, properties_wire) = properties?;
    let has_id = arguments.contains(&EnvelopeArgument::Id);
    (has_id == with_id).then_some(())?;
    Some(Envelope {
        operation: op.fn_name.clone(),
        body: name.to_string(),
        properties: Some(properties).filter(|p| !matches!(p, TypeRef::Boxed(_)))?,
        arguments,
        properties_wire,
        id_wire,
        fake_status: match with_id {
            true => super::fake::ensure_status(op),
            false => super::fake::create_status(op),
        },
        accepted,
    })
}

/// What errors and waits call an item of a resource (`IpSecTunnel`), the same for a handle
/// and for a wait helper beside an operation: the type its writes send (`written`), else the
/// read type's `properties` (the envelope the writes' bodies wrap), else the read type itself.
pub(super) fn item_kind(
    types: &BTreeMap<String, TypeDef>,
    read: Option<&TypeRef>,
    written: Option<&TypeRef>,
) -> Option<String> {
    if let Some(name) = written.and_then(TypeRef::named) {
        return Some(name.to_string());
    }
    let read = read?;
    let properties = crate::ir::fields_of(types, read)
        .iter()
        .find(|f| f.wire == "properties")
        .and_then(|f| f.ty.named());
    properties.or(read.named()).map(str::to_string)
}
