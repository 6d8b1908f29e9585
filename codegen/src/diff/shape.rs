//! Types compared by structure, not by name: a type named after an operationId (a query's
//! option list, an inline body) is renamed with it while the wire stays the same.

use crate::ir::{Api, TypeKind, TypeRef};

/// How deep nested named types are followed before names alone decide.
const MAX_DEPTH: usize = 32;

/// Whether `a` (a type of `old`) and `b` (of `new`) accept and produce the same JSON.
pub(super) fn same(old: &Api, new: &Api, a: &TypeRef, b: &TypeRef) -> bool {
    same_at(old, new, a, b, 0)
}

fn same_at(old: &Api, new: &Api, a: &TypeRef, b: &TypeRef, depth: usize) -> bool {
    let recurse = |x: &TypeRef, y: &TypeRef| same_at(old, new, x, y, depth + 1);
    match (a, b) {
        (TypeRef::Named(x), TypeRef::Named(y)) if x != y && depth < MAX_DEPTH => {
            match (old.types.get(x), new.types.get(y)) {
                (Some(d), Some(e)) => same_kind(&d.kind, &e.kind, recurse),
                _ => false,
            }
        }
        (TypeRef::Boxed(x), TypeRef::Boxed(y))
        | (TypeRef::Array(x), TypeRef::Array(y))
        | (TypeRef::Map(x), TypeRef::Map(y)) => recurse(x, y),
        _ => a == b,
    }
}

fn same_kind(a: &TypeKind, b: &TypeKind, same: impl Fn(&TypeRef, &TypeRef) -> bool) -> bool {
    match (a, b) {
        (TypeKind::Struct(fs), TypeKind::Struct(gs)) => {
            fs.len() == gs.len()
                && fs.iter().all(|f| {
                    gs.iter().any(|g| {
                        g.wire == f.wire
                            && (g.required, g.read_only, g.write_only)
                                == (f.required, f.read_only, f.write_only)
                            && same(&f.ty, &g.ty)
                    })
                })
        }
        (TypeKind::Enum { variants: v, .. }, TypeKind::Enum { variants: w, .. }) => {
            v.len() == w.len() && v.iter().all(|x| w.iter().any(|y| y.wire == x.wire))
        }
        (TypeKind::Alias(x), TypeKind::Alias(y)) => same(x, y),
        (TypeKind::Union(v), TypeKind::Union(w)) => {
            v.len() == w.len() && v.iter().zip(w).all(|(x, y)| same(&x.ty, &y.ty))
        }
        // Checked strings: their bounds are compared as constants, by pointer.
        (
            TypeKind::Text {
                checks: c,
                any_of: x,
            },
            TypeKind::Text {
                checks: d,
                any_of: y,
            },
        ) => c.len() == d.len() && x.len() == y.len(),
        _ => false,
    }
}
