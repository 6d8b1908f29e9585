//! Where the generated fake finds the parts of a resource's answers, in wire names: the id,
//! the URL and the properties of a read answer, its lifecycle status and message, and the
//! parts of a list answer (items, links, the page's own offset and limit). Decided here from
//! the conventions already recognised, so the fake's model is rendered, never re-derived.

use crate::ir::{
    top_field_of, wire_path_of, FakeWire, FieldPath, LifecycleShape, Operation, PageWire, TypeDef,
    TypeRef,
};
use std::collections::BTreeMap;

type Types = BTreeMap<String, TypeDef>;

/// The wire layout of a resource whose items read as `read` (free-form JSON when it has no
/// read), whose writes carry `properties`, and whose list is `list`.
pub(super) fn wire(
    types: &Types,
    lifecycles: &BTreeMap<String, LifecycleShape>,
    read: Option<&TypeRef>,
    properties: Option<&TypeRef>,
    list: Option<&Operation>,
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
        id: top_field_of(types, &read, &["id"]).unwrap_or_else(|| vec!["id".to_string()]),
        href: top_field_of(types, &read, &["href"]),
        properties,
        status: lifecycle.and_then(|l| wire_path_of(types, &read, &l.status_path)),
        message: lifecycle
            .and_then(|l| l.message.as_ref())
            .and_then(|m| wire_path_of(types, &read, m)),
        page: list
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
