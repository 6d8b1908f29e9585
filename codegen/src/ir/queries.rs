//! Queries on the resolved model that answer in wire terms: the wire names along a path of
//! Rust fields, and a JSON value of a type with every required field (the templates of the
//! generated fake's answers).

use super::{Api, Field, FieldPath, Resource, TypeDef, TypeKind, TypeRef};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Deeper than any real schema nests; a type that contains itself stops here.
const MAX_DEPTH: usize = 16;

/// The fields of a struct type among `types` (through aliases); none for other types.
pub fn fields_of<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &TypeRef) -> &'t [Field] {
    match ty.named().and_then(|n| types.get(n)).map(|t| &t.kind) {
        Some(TypeKind::Struct(fields)) => fields,
        Some(TypeKind::Alias(inner)) => fields_of(types, inner),
        _ => &[],
    }
}

/// The wire names along a path of Rust fields from `ty`, among `types`.
pub fn wire_path_of(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    path: &FieldPath,
) -> Option<Vec<String>> {
    let mut at = ty.clone();
    let mut wire = Vec::new();
    for step in &path.0 {
        let field = fields_of(types, &at).iter().find(|f| f.name == step.name)?;
        wire.push(field.wire.clone());
        at = field.ty.clone();
    }
    Some(wire)
}

/// The first top-level field of `ty` among `types` with one of these wire names, as a path.
pub fn top_field_of(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    names: &[&str],
) -> Option<Vec<String>> {
    names.iter().find_map(|name| {
        fields_of(types, ty)
            .iter()
            .find(|f| f.wire == *name)
            .map(|f| vec![f.wire.clone()])
    })
}

impl Api {
    /// The fields of a struct type (through aliases); none for other types.
    pub fn fields(&self, ty: &TypeRef) -> &[Field] {
        fields_of(&self.types, ty)
    }

    /// The wire names along a path of Rust fields from `ty`.
    pub fn wire_path(&self, ty: &TypeRef, path: &FieldPath) -> Option<Vec<String>> {
        wire_path_of(&self.types, ty, path)
    }

    /// The item type of a resource handle's `list().all()`, when it has a `list()`.
    pub fn list_all_item(&self, r: &Resource) -> Option<&TypeRef> {
        r.list_request.as_ref()?;
        let op = self.operations.get(r.list.as_ref()?)?;
        Some(&op.pagination.as_ref()?.shape.item)
    }

    /// A JSON value of `ty` with every required field that answers carry (write-only ones
    /// left out), as compact JSON text.
    pub fn sample_json(&self, ty: &TypeRef) -> String {
        self.sample(ty, 0).to_string()
    }

    fn sample(&self, ty: &TypeRef, depth: usize) -> Value {
        match ty {
            TypeRef::String | TypeRef::Bytes | TypeRef::File => json!("string"),
            TypeRef::Secret => json!("secret"),
            TypeRef::Uuid => json!("00000000-0000-4000-8000-000000000000"),
            TypeRef::DateTime => json!("2026-01-01T00:00:00Z"),
            TypeRef::Bool => json!(false),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => json!(0),
            TypeRef::F32 | TypeRef::F64 => json!(0.0),
            TypeRef::Json | TypeRef::Map(_) => json!({}),
            TypeRef::Array(_) => json!([]),
            TypeRef::Unit => Value::Null,
            TypeRef::Boxed(inner) => self.sample(inner, depth),
            TypeRef::Named(name) => {
                let Some(def) = self.types.get(name).filter(|_| depth < MAX_DEPTH) else {
                    return json!({});
                };
                match &def.kind {
                    TypeKind::Struct(fields) => {
                        let mut object = Map::new();
                        for f in fields.iter().filter(|f| f.required && !f.write_only) {
                            object.insert(f.wire.clone(), self.sample(&f.ty, depth + 1));
                        }
                        Value::Object(object)
                    }
                    TypeKind::Enum {
                        variants, default, ..
                    } => default
                        .as_ref()
                        .and_then(|d| variants.iter().find(|v| v.name == *d))
                        .or(variants.first())
                        .map(|v| json!(v.wire))
                        .unwrap_or_else(|| json!("string")),
                    TypeKind::Text { .. } => json!("string"),
                    TypeKind::Alias(inner) => self.sample(inner, depth + 1),
                    TypeKind::Union(variants) => variants
                        .first()
                        .map(|v| self.sample(&v.ty, depth + 1))
                        .unwrap_or(Value::Null),
                }
            }
        }
    }
}
