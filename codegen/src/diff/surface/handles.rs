//! The surface of the resource handles: each handle (known by its collection's path
//! template), its methods, its multi-region handle's and its list request's.

use super::{returns, signature, text, Owner, SurfaceItem, SurfaceKind};
use crate::diff::identity::template;
use crate::ir::{Api, Envelope, ListRequest, Operation, Resource};

/// The path template of a resource's collection: an item path without its last `/{}`.
fn collection(api: &Api, r: &Resource) -> Option<String> {
    let names = [
        r.list.as_ref(),
        r.get.as_ref(),
        r.create.as_ref().map(|e| &e.operation),
        r.ensure.as_ref().map(|e| &e.operation),
        r.delete.as_ref().map(|d| &d.operation),
    ];
    let op = names
        .into_iter()
        .flatten()
        .find_map(|n| api.operations.get(n))?;
    let path = template(&op.path);
    Some(path.strip_suffix("/{}").unwrap_or(&path).to_string())
}

/// The resource's handle and every method of it, of its list request and of its multi-region
/// handle.
pub(super) fn handle(api: &Api, r: &Resource, out: &mut Vec<SurfaceItem>) {
    let Some(at) = collection(api, r) else { return };
    let op = |name: Option<&String>| name.and_then(|n| api.operations.get(n));
    let list = op(r.list.as_ref()).zip(r.list_request.as_ref());
    let get = op(r.get.as_ref()).filter(|_| r.read.is_some());
    let writes = [&r.create, &r.ensure]
        .into_iter()
        .flatten()
        .filter_map(|e| api.operations.get(&e.operation));
    let delete = r
        .delete
        .as_ref()
        .and_then(|d| api.operations.get(&d.operation));
    let calls: Vec<&Operation> = [list.map(|(op, _)| op), get]
        .into_iter()
        .flatten()
        .chain(writes)
        .chain(delete)
        .collect();
    let Some(first) = calls.first() else { return };
    let mut names = vec![r.type_name.clone()];
    names.extend(r.list_request.as_ref().map(|l| l.type_name.clone()));
    let every_region = r.every_region && !api.servers.is_empty();
    if every_region {
        names.push(format!("MultiRegion{}", r.type_name));
    }
    let parents: Vec<String> = r.parents.iter().map(|p| text(&p.ty)).collect();
    out.push(SurfaceItem {
        kind: SurfaceKind::Handle,
        path: format!("Client::{}", r.handle),
        names,
        signature: signature(&parents, &r.type_name),
        pointer: first.pointer.clone(),
        calls: calls.iter().map(|o| o.pointer.clone()).collect(),
        key: at.clone(),
        owner: None,
    });
    let error = text(&api.error_body);
    let mut methods = Methods {
        at: &at,
        ty: &r.type_name,
        id: text(&r.id.ty),
        error: &error,
        out,
    };
    if let Some((list, request)) = list {
        methods.push("list", signature(&[], &request.type_name), &[list]);
    }
    let read = r.read.as_ref().map(text);
    if let (Some(get), Some(read)) = (get, &read) {
        methods.reads(get, read, r.waits);
    }
    for (envelope, is_ensure) in [(&r.create, false), (&r.ensure, true)] {
        let Some(e) = envelope else { continue };
        let Some(write) = api.operations.get(&e.operation) else {
            continue;
        };
        methods.write(e, write, is_ensure);
        if let (true, Some(get), Some(read)) = (is_ensure, get, &read) {
            methods.safe_writes(r, e, write, get, read);
        }
    }
    if let (Some(d), Some(delete)) = (&r.delete, delete) {
        let answer = if d.deleting {
            format!("Deleting<{error}>")
        } else {
            returns(delete)
        };
        let id = methods.id.clone();
        methods.push("delete", signature(&[id], &answer), &[delete]);
    }
    if let (true, Some((list, _)), Some(get), Some(read)) = (every_region, list, get, &read) {
        methods.every_region(api, r, list, get, read);
    }
    if let Some((list, request)) = list {
        list_request(&at, list, request, &error, out);
    }
}

/// The methods of one handle as they are pushed: its collection, type and id's type.
struct Methods<'a> {
    at: &'a str,
    ty: &'a str,
    id: String,
    /// The error body's type, which `Accepted`, `Deleting` and the walks name.
    error: &'a str,
    out: &'a mut Vec<SurfaceItem>,
}

impl Methods<'_> {
    /// A method of the handle's type calling `calls` (the first is its place).
    fn push(&mut self, name: &str, signature: String, calls: &[&Operation]) {
        let owner = self.ty.to_string();
        self.push_on(&owner, "handle", name, signature, calls);
    }

    fn push_on(
        &mut self,
        owner: &str,
        role: &str,
        name: &str,
        signature: String,
        calls: &[&Operation],
    ) {
        self.out.push(SurfaceItem {
            kind: SurfaceKind::HandleMethod,
            path: format!("{owner}::{name}"),
            names: Vec::new(),
            signature,
            pointer: calls[0].pointer.clone(),
            calls: calls.iter().map(|o| o.pointer.clone()).collect(),
            key: format!("{} {role} {name}", self.at),
            owner: Some(Owner::Item(SurfaceKind::Handle, self.at.to_string())),
        });
    }

    /// `get` and, with a lifecycle, the waits.
    fn reads(&mut self, get: &Operation, read: &str, waits: bool) {
        let id = [self.id.clone()];
        self.push("get", signature(&id, read), &[get]);
        if !waits {
            return;
        }
        let with = [self.id.clone(), "WaitOptions".into()];
        self.push("wait_until_ready", signature(&id, read), &[get]);
        self.push("wait_until_ready_with", signature(&with, read), &[get]);
        self.push("wait_until_gone", signature(&id, "()"), &[get]);
        self.push("wait_until_gone_with", signature(&with, "()"), &[get]);
    }

    /// `create` or `ensure`: the properties in, the answer (or `Accepted`) out.
    fn write(&mut self, e: &Envelope, write: &Operation, is_ensure: bool) {
        let mut arguments = Vec::new();
        if is_ensure {
            arguments.push(self.id.clone());
        }
        arguments.push(text(&e.properties));
        let answer = match e.accepted {
            Some(_) => format!("Accepted<{}, {}>", returns(write), self.error),
            None => returns(write),
        };
        let name = if is_ensure { "ensure" } else { "create" };
        self.push(name, signature(&arguments, &answer), &[write]);
    }

    /// `create_idempotent` and `update`, over `ensure` and the read.
    fn safe_writes(
        &mut self,
        r: &Resource,
        e: &Envelope,
        ensure: &Operation,
        get: &Operation,
        read: &str,
    ) {
        let answer = match e.accepted {
            Some(_) => format!("Accepted<{read}, {}>", self.error),
            None => read.to_string(),
        };
        let properties = text(&e.properties);
        if r.create_idempotent {
            let arguments = [properties.clone()];
            self.push(
                "create_idempotent",
                signature(&arguments, &answer),
                &[ensure],
            );
        }
        if r.update.is_some() {
            let arguments = [self.id.clone(), format!("FnOnce(&mut {properties})")];
            self.push("update", signature(&arguments, &answer), &[ensure, get]);
        }
    }

    /// The multi-region client's method for the handle, and its handle's `all` and `find`.
    fn every_region(
        &mut self,
        api: &Api,
        r: &Resource,
        list: &Operation,
        get: &Operation,
        read: &str,
    ) {
        let multi = format!("MultiRegion{}", self.ty);
        let accessor = signature(&[], &multi);
        self.push_on(
            "MultiRegionClient",
            "multi-region",
            &r.handle,
            accessor,
            &[list, get],
        );
        if let Some(item) = api.list_all_item(r) {
            let all = format!("Gathered<Region, {}, {}>", text(item), self.error);
            let all = signature(&[], &all);
            self.push_on(&multi, "multi-region handle", "all", all, &[list]);
            let find = signature(
                std::slice::from_ref(&self.id),
                &format!(
                    "Result<Option<(Region, {read})>, Failures<Region, {}>>",
                    self.error
                ),
            );
            self.push_on(&multi, "multi-region handle", "find", find, &[list, get]);
        }
    }
}

/// The methods of a list request: a setter per query parameter, `send`, and the walks.
fn list_request(
    at: &str,
    op: &Operation,
    request: &ListRequest,
    error: &str,
    out: &mut Vec<SurfaceItem>,
) {
    let mut method = |name: &str, signature: String, pointer: &str| {
        out.push(SurfaceItem {
            kind: SurfaceKind::ListRequestMethod,
            path: format!("{}::{name}", request.type_name),
            names: Vec::new(),
            signature,
            pointer: pointer.to_string(),
            calls: vec![op.pointer.clone()],
            key: format!("{at} list {name}"),
            owner: Some(Owner::Item(
                SurfaceKind::HandleMethod,
                format!("{at} handle list"),
            )),
        });
    };
    for (q, setter) in op.query_params.iter().zip(&request.setters) {
        method(setter, signature(&[text(&q.ty)], "Self"), &q.pointer);
    }
    method("send", signature(&[], &returns(op)), &op.pointer);
    let Some(pagination) = &op.pagination else {
        return;
    };
    let item = text(&pagination.shape.item);
    if let Some(skip) = &request.skip {
        method(
            skip,
            signature(&["usize".into()], "Result<Self, ValidationError>"),
            &op.pointer,
        );
    }
    let pages = format!("Pages<{item}, {}, {error}>", text(&pagination.number));
    method(
        "stream",
        signature(&[], &format!("Items<{item}, {error}>")),
        &op.pointer,
    );
    method("pages", signature(&[], &pages), &op.pointer);
    method("all", signature(&[], &format!("Vec<{item}>")), &op.pointer);
}
