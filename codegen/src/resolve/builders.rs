//! Which structs get a builder, and the names its setters take (its private field is emit's,
//! picked like a local: `emit::Locals`).

use super::naming::{self, Namespace};
use crate::ir::names::BUILDER_METHODS;
use crate::ir::{Builder, Field, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Fewer required fields than this read fine as `new(..)`.
const MIN_REQUIRED: usize = 2;

/// The builders of every struct with several required fields or a field of a checked string
/// type (so every checked type can be given as text somewhere), unless a type already has the
/// builder's name.
pub(super) fn builders(types: &BTreeMap<String, TypeDef>) -> BTreeMap<String, Builder> {
    types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(fields) => {
                Some((def.name.clone(), builder(types, &def.name, fields)?))
            }
            _ => None,
        })
        .collect()
}

fn builder(types: &BTreeMap<String, TypeDef>, name: &str, fields: &[Field]) -> Option<Builder> {
    let required = fields.iter().filter(|f| f.required).count();
    let is_text = |ty: &TypeRef| {
        let ty = match ty {
            TypeRef::Array(inner) => inner,
            other => other,
        };
        ty.named()
            .is_some_and(|n| matches!(types.get(n).map(|d| &d.kind), Some(TypeKind::Text { .. })))
    };
    let checked_text = fields.iter().any(|f| is_text(&f.ty));
    let name = format!("{name}Builder");
    if (required < MIN_REQUIRED && !checked_text) || types.contains_key(&name) {
        return None;
    }
    // The builder's methods: its own first, then a setter per field, named after it unless
    // the name is taken (`with_build`, and `with_build_2` past a field named `with_build`).
    let fields = fields
        .iter()
        .map(|f| (f.name.as_str(), f.wire.as_str(), f.pointer.as_str()));
    let mut methods = Namespace::holding(BUILDER_METHODS.map(|own| (own, "(generated)")), "");
    let setters = naming::setters(&mut methods, fields, false);
    Some(Builder { name, setters })
}
