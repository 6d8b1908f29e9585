//! What the generated fake answers, decided here from the conventions already recognised, so
//! the fake's model is rendered, never re-derived: the paths it routes, the success codes of
//! its writes, the lifecycle states it reports, and where it finds the parts of a resource's
//! answers, in wire names (the id, the URL and the properties of a read answer, its lifecycle
//! status and message, the parts of a list answer: items, links, the page's own offset and
//! limit).

use crate::ir::{
    top_field_of, wire_path_of, FakeStates, FakeWire, FieldPath, LifecycleShape, Operation,
    PageWire, SuccessStatus, TypeDef, TypeKind, TypeRef, WriteStatus,
};
use std::collections::BTreeMap;

type Types = BTreeMap<String, TypeDef>;

/// The paths of a resource the fake serves, and the handle's list operation.
pub(super) struct Served<'o> {
    pub collection: &'o str,
    pub item: &'o str,
    pub list: Option<&'o Operation>,
}

/// The codes the fake answers a create with: it makes the item or fails, so the same code
/// either way.
pub(super) fn create_status(op: &Operation) -> WriteStatus {
    let created = success_code(op, 201);
    WriteStatus {
        created,
        replaced: created,
    }
}

/// The codes the fake answers an ensure (a `PUT` by id) with: made, or replaced.
pub(super) fn ensure_status(op: &Operation) -> WriteStatus {
    WriteStatus {
        created: success_code(op, 201),
        replaced: success_code(op, 200),
    }
}

/// The code the fake answers a deletion with.
pub(super) fn delete_status(op: &Operation) -> u16 {
    success_code(op, 202)
}

/// The wire layout of a resource whose items read as `read` (free-form JSON when it has no
/// read), whose writes carry `properties`, served by `served`.
pub(super) fn wire(
    types: &Types,
    lifecycles: &BTreeMap<String, LifecycleShape>,
    read: Option<&TypeRef>,
    properties: Option<&TypeRef>,
    served: &Served,
) -> FakeWire {
    let read = read.cloned().unwrap_or(TypeRef::Json);
    let fields = crate::ir::fields_of(types, &read);
    // The read's field of the written properties' type; the envelope's own name otherwise.
    let properties = fields
        .iter()
        .find(|f| Some(&f.ty) == properties)
        .map(|f| vec![f.wire.clone()])
        .unwrap_or_else(|| vec!["properties".to_string()]);
    let lifecycle = read.named().and_then(|n| lifecycles.get(n));
    FakeWire {
        collection: served.collection.to_string(),
        item: served.item.to_string(),
        id: top_field_of(types, &read, &["id"]).unwrap_or_else(|| vec!["id".to_string()]),
        href: top_field_of(types, &read, &["href"]),
        properties,
        status: lifecycle.and_then(|l| wire_path_of(types, &read, &l.status_path)),
        message: lifecycle
            .and_then(|l| l.message.as_ref())
            .and_then(|m| wire_path_of(types, &read, m)),
        page: served
            .list
            .and_then(|op| op.pagination.as_ref())
            .map(|p| page(types, &TypeRef::Named(p.page.clone()), &p.shape)),
    }
}

fn page(types: &Types, page: &TypeRef, shape: &crate::ir::PageShape) -> PageWire {
    let next = shape
        .next_link
        .as_ref()
        .and_then(|n| wire_path_of(types, page, n));
    // `self` and `prev` beside `next`, when the links object has them.
    let sibling = |wire: &str| {
        let (_, parent) = next.as_ref()?.split_last()?;
        let mut at = page.clone();
        for step in parent {
            at = crate::ir::fields_of(types, &at)
                .iter()
                .find(|f| f.wire == *step)?
                .ty
                .clone();
        }
        crate::ir::fields_of(types, &at)
            .iter()
            .find(|f| f.wire == wire)?;
        let mut path = parent.to_vec();
        path.push(wire.to_string());
        Some(path)
    };
    // The page's own offset and limit: where conventions found them, else top-level fields
    // of those names (of an alias type conventions does not read).
    let repeated = |found: Option<&FieldPath>, wire: &str| {
        found
            .and_then(|p| wire_path_of(types, page, p))
            .or_else(|| top_field_of(types, page, &[wire]))
    };
    PageWire {
        items: wire_path_of(types, page, &shape.items).unwrap_or_default(),
        href: top_field_of(types, page, &["href"]),
        offset: repeated(shape.offset.as_ref(), "offset"),
        limit: repeated(shape.limit.as_ref(), "limit"),
        this: sibling("self"),
        previous: sibling("prev"),
        next,
    }
}

/// `preferred` when the operation declares it, else its first declared code, else
/// `preferred`.
fn success_code(op: &Operation, preferred: u16) -> u16 {
    let codes: Vec<u16> = op
        .returns
        .success()
        .iter()
        .filter_map(|s| match s {
            SuccessStatus::Code(code) => Some(*code),
            _ => None,
        })
        .collect();
    if codes.contains(&preferred) {
        preferred
    } else {
        codes.first().copied().unwrap_or(preferred)
    }
}

/// The states the fake reports: the first value of each meaning, of the first lifecycle
/// (by type name) whose status is an enum.
pub(super) fn states(
    types: &Types,
    lifecycles: &BTreeMap<String, LifecycleShape>,
) -> Option<FakeStates> {
    lifecycles.values().find_map(|shape| {
        let TypeKind::Enum { variants, .. } = &types.get(&shape.status_type)?.kind else {
            return None;
        };
        let wire = |names: &[String]| {
            let first = names.first()?;
            variants
                .iter()
                .find(|v| v.name == *first)
                .map(|v| v.wire.clone())
        };
        let lifecycle = &shape.lifecycle;
        Some(FakeStates {
            busy: wire(&lifecycle.busy),
            ready: wire(&lifecycle.ready),
            failed: wire(&lifecycle.failed),
            deleting: wire(&lifecycle.deleting),
        })
    })
}
