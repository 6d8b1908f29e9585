//! The last step of resolving: recognise the API conventions the runtime has helpers for and
//! decide which operations get them, so emitting renders what the IR says and never decides.
//!
//! - Pagination: a `GET` with `offset` and `limit` query parameters of one integer type whose
//!   answer is an object with an `items` array, and no header parameters (the helpers take path
//!   and query arguments only). A `_links`/`links` object with a `next` field, when present,
//!   says whether another page exists.
//! - Lifecycle: a type with a status field (directly or one object down, e.g. `metadata.status`)
//!   whose enum carries `x-lifecycle`.
//! - Waiting: a `GET` of one resource (path parameters, no body, no header parameters, not a
//!   list) whose answer has a lifecycle.

use super::Resolved;
use crate::ir::{
    Api, Check, ErrorMessages, ErrorShape, Field, FieldPath, FieldStep, LifecycleShape, Method,
    Operation, PageShape, Pagination, Resource, TypeKind, TypeRef, WaitHelper,
};
use std::collections::BTreeMap;

/// The `Api`: what resolving found, and the conventions recognised in it (pages, lifecycles,
/// resources and the helpers they hide, the error body's shape, the prelude, builders), each
/// decided once here.
pub(super) fn recognise(mut resolved: Resolved) -> Api {
    let pages = resolved
        .operations
        .values()
        .filter_map(|op| op.pagination.as_ref())
        .map(|p| (p.page.clone(), p.shape.clone()))
        .collect();
    let lifecycles = resolved
        .types
        .keys()
        .filter_map(|name| Some((name.clone(), lifecycle(&resolved.types, name)?)))
        .collect();
    let (resources, hidden_helpers) = super::resources::recognise(&mut resolved, &lifecycles);
    let fake_states = super::fake::states(&resolved.types, &lifecycles);
    let error_shape = error_shape(&resolved.types, &resolved.error_body);
    let prelude_models = prelude_models(&mut resolved, &resources);
    let builders = super::builders::builders(&resolved.types);
    let Resolved {
        title,
        version,
        description,
        servers,
        types,
        operations,
        constants,
        patterns,
        error_body,
        security,
        environment,
        tags,
        crate_name,
        client_methods: _,
        prelude: _,
        prelude_extras,
    } = resolved;
    Api {
        title,
        version,
        description,
        servers,
        types,
        operations,
        constants,
        patterns,
        error_body,
        pages,
        lifecycles,
        fake_states,
        security,
        environment,
        tags,
        resources,
        hidden_helpers,
        prelude_models,
        prelude_extras,
        error_shape,
        builders,
        crate_name,
    }
}

/// The models the prelude exports: what the resource handles write (their create and ensure
/// bodies) and what those are made of (structs, option lists and unions, transitively;
/// checked strings are given as text, so they stay in `models`), or, without handles, what
/// the operations send. A model named like one of the prelude's runtime names
/// (`ir::names::PRELUDE_ITEMS`, `RetryPolicy`) or its hand-written items
/// (`info.x-rust-prelude`), which the prelude's scope holds, stays in `models`: one name, one
/// item.
fn prelude_models(api: &mut Resolved, resources: &BTreeMap<String, Resource>) -> Vec<String> {
    let mut stack: Vec<TypeRef> = resources
        .values()
        .flat_map(|r| [r.create.as_ref(), r.ensure.as_ref()])
        .flatten()
        .map(|e| e.properties.clone())
        .collect();
    if stack.is_empty() {
        stack = api
            .operations
            .values()
            .filter_map(|op| op.body.as_ref().map(|b| b.ty.clone()))
            .collect();
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(ty) = stack.pop() {
        let ty = match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => {
                stack.push(*inner);
                continue;
            }
            other => other,
        };
        let Some(name) = ty.named() else { continue };
        let Some(def) = api.types.get(name) else {
            continue;
        };
        match &def.kind {
            TypeKind::Struct(fields) => {
                if seen.insert(name.to_string()) {
                    stack.extend(fields.iter().map(|f| f.ty.clone()));
                }
            }
            TypeKind::Union(variants) => {
                if seen.insert(name.to_string()) {
                    stack.extend(variants.iter().map(|v| v.ty.clone()));
                }
            }
            TypeKind::Enum { .. } => {
                seen.insert(name.to_string());
            }
            TypeKind::Text { .. } | TypeKind::Alias(_) => {}
        }
    }
    seen.into_iter()
        .filter(|name| api.prelude.claim(name, name, "").is_ok())
        .collect()
}

/// The error body's messages: `messages[].message` (or `errors[].message`), else a `message`,
/// `detail` or `title` text field.
fn error_shape(types: &Types, body: &TypeRef) -> Option<ErrorShape> {
    let fields = struct_fields(types, body)?;
    let text_step = |fields: &[Field], names: &[&str]| {
        names.iter().find_map(|wire| {
            fields
                .iter()
                .find(|f| f.wire == *wire && is_text(types, &f.ty))
                .map(|f| FieldStep {
                    name: f.name.clone(),
                    optional: f.is_option(),
                })
        })
    };
    let list = ["messages", "errors"].iter().find_map(|wire| {
        let f = fields.iter().find(|f| f.wire == *wire)?;
        let TypeRef::Array(item) = &f.ty else {
            return None;
        };
        let text = text_step(struct_fields(types, item)?, &["message", "detail"])?;
        Some(ErrorMessages::List {
            list: FieldPath::field(f),
            text,
        })
    });
    let messages = list
        .or_else(|| {
            text_step(fields, &["message", "detail", "title"])
                .map(|step| ErrorMessages::One(FieldPath(vec![step])))
        })
        .unwrap_or(ErrorMessages::Unknown);
    let optional_fields = if fields.iter().all(Field::is_option) {
        fields.iter().map(|f| f.name.clone()).collect()
    } else {
        Vec::new()
    };
    Some(ErrorShape {
        type_name: body.named()?.to_string(),
        messages,
        optional_fields,
        status_wire: crate::ir::top_field_of(types, body, &["httpStatus", "status", "code"]),
    })
}

/// The wait helpers of `op`, when it reads one resource with a lifecycle (`pagination`: the
/// operation's own, a list is no such read).
pub(super) fn wait(
    types: &Types,
    op: &Operation,
    pagination: Option<&Pagination>,
) -> Option<WaitHelper> {
    let resource = op.returns.body()?.named()?;
    let reads_one = op.method == Method::Get
        && op.body.is_none()
        && op.header_params.is_empty()
        && !op.path_params.is_empty()
        && pagination.is_none();
    (reads_one && lifecycle(types, resource).is_some()).then(|| WaitHelper {
        resource: resource.to_string(),
        kind: super::resources::item_kind(types, op.returns.body(), None)
            .unwrap_or_else(|| resource.to_string()),
    })
}

type Types = BTreeMap<String, crate::ir::TypeDef>;

fn struct_fields<'a>(types: &'a Types, ty: &TypeRef) -> Option<&'a [Field]> {
    match &types.get(ty.named()?)?.kind {
        TypeKind::Struct(fields) => Some(fields),
        _ => None,
    }
}

/// The pagination of `op`, when it returns one page of an `offset`/`limit` list.
pub(super) fn pagination(types: &Types, op: &Operation) -> Option<Pagination> {
    if op.method != Method::Get || !op.header_params.is_empty() {
        return None;
    }
    let answer = op.returns.body()?;
    let param = |wire: &str| op.query_params.iter().find(|p| p.wire == wire);
    let (offset, limit) = (param("offset")?, param("limit")?);
    let integer = matches!(
        offset.ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64
    );
    if !integer || offset.ty != limit.ty {
        return None;
    }
    let page = answer.named()?;
    let fields = struct_fields(types, answer)?;
    let items = fields.iter().find(|f| f.wire == "items")?;
    let TypeRef::Array(item) = &items.ty else {
        return None;
    };
    let next_link = fields
        .iter()
        .find(|f| f.wire == "_links" || f.wire == "links")
        .and_then(|links| {
            let next = struct_fields(types, &links.ty)?
                .iter()
                .find(|f| f.wire == "next")?;
            Some(FieldPath::field(links).then(next))
        });
    let bound = |pick: fn(&Check) -> Option<&crate::ir::ConstRef>| {
        limit.checks.iter().find_map(pick).cloned()
    };
    let shape = PageShape {
        item: (**item).clone(),
        items: FieldPath::field(items),
        offset: integer_field(types, fields, "offset"),
        limit: integer_field(types, fields, "limit"),
        next_link,
    };
    Some(Pagination {
        page: page.to_string(),
        offset_field: offset.name.clone(),
        limit_field: limit.name.clone(),
        number: offset.ty.clone(),
        limit_min: bound(|c| match c {
            Check::Minimum {
                constant,
                exclusive: false,
            } => Some(constant),
            _ => None,
        }),
        limit_max: bound(|c| match c {
            Check::Maximum {
                constant,
                exclusive: false,
            } => Some(constant),
            _ => None,
        }),
        shape,
    })
}

/// A top-level integer field of a page (`offset`, `limit`).
/// The field may be an alias of an integer (`offset: Offset`, `Offset = i64`).
fn integer_field(types: &Types, fields: &[Field], wire: &str) -> Option<FieldPath> {
    fn integer(types: &Types, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => true,
            TypeRef::Named(name) if depth < 8 => match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => integer(types, target, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }
    fields
        .iter()
        .find(|f| f.wire == wire && integer(types, &f.ty, 0))
        .map(FieldPath::field)
}

fn lifecycle(types: &Types, name: &str) -> Option<LifecycleShape> {
    let TypeKind::Struct(fields) = &types.get(name)?.kind else {
        return None;
    };
    if let Some(shape) = status_in(types, fields, &FieldPath(Vec::new())) {
        return Some(shape);
    }
    fields
        .iter()
        .filter(|f| !f.is_option())
        .find_map(|f| status_in(types, struct_fields(types, &f.ty)?, &FieldPath::field(f)))
}

/// A required status field among `fields`, reached through `prefix`.
fn status_in(types: &Types, fields: &[Field], prefix: &FieldPath) -> Option<LifecycleShape> {
    fields.iter().filter(|f| !f.is_option()).find_map(|f| {
        let status_type = f.ty.named()?;
        let TypeKind::Enum {
            lifecycle: Some(lifecycle),
            ..
        } = &types.get(status_type)?.kind
        else {
            return None;
        };
        let message = lifecycle.message_field.as_ref().and_then(|wire| {
            let m = fields.iter().find(|m| &m.wire == wire)?;
            is_text(types, &m.ty).then(|| prefix.then(m))
        });
        Some(LifecycleShape {
            status_path: prefix.then(f),
            status_type: status_type.to_string(),
            lifecycle: lifecycle.clone(),
            message,
        })
    })
}

fn is_text(types: &Types, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Named(n) => matches!(
            types.get(n).map(|d| &d.kind),
            Some(TypeKind::Alias(TypeRef::String))
        ),
        _ => false,
    }
}
