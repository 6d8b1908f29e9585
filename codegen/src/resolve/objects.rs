//! Objects: properties become fields, and `allOf` branches are merged into one struct.

use super::naming::{self, Namespace};
use super::view::View;
use super::{doc_of, pos, Pos, Resolver};
use crate::error::{child, Error};
use crate::ir::*;
use openapiv3::ReferenceOr;
use serde_json::Value;
use std::collections::BTreeSet;

impl<'a> Resolver<'a> {
    /// `allOf`: one branch with a shape (a `$ref` to any type, the others only annotations)
    /// is that type; otherwise the object branches are flattened into one struct.
    /// `wire` is the component schema name: references to it look its checks up by that name.
    pub(super) fn define_all_of(
        &mut self,
        rust: &str,
        wire: &str,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        if let (Some(i), true) = (
            self.only_shaped_branch(v, pointer)?,
            v.properties.is_empty(),
        ) {
            let branch_pointer = child(&child(pointer, "allOf"), &i.to_string());
            let (ty, checks) = self.schema_ref(pos(&v.all_of[i]), &branch_pointer, rust)?;
            if !checks.is_empty() {
                self.named_checks.insert(wire.to_string(), checks);
            }
            return Ok(TypeKind::Alias(ty));
        }
        let mut fields = Vec::new();
        let mut names = Namespace::default();
        self.flatten_into(
            rust,
            v,
            pointer,
            &mut fields,
            &mut names,
            &mut BTreeSet::new(),
        )?;
        Ok(TypeKind::Struct(fields))
    }

    pub(super) fn flatten_into(
        &mut self,
        owner: &str,
        v: &View<'a>,
        pointer: &str,
        fields: &mut Vec<Field>,
        names: &mut Namespace,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        self.reject_unsupported(v, pointer)?;
        let mut pending_required: Vec<String> = Vec::new();
        for (i, branch) in v.all_of.iter().enumerate() {
            let branch_pointer = child(&child(pointer, "allOf"), &i.to_string());
            let (schema, at) = self.deref(pos(branch), &branch_pointer)?;
            if !seen.insert(at.clone()) {
                return Err(Error::new(
                    &branch_pointer,
                    "cyclic allOf: a branch includes itself",
                ));
            }
            let bv = View::of(schema);
            if bv.is_annotation_only() {
                // `{required: [..]}` beside the object branches: applied below.
                for req in &bv.required {
                    if let Some(f) = fields.iter_mut().find(|f| &f.wire == *req) {
                        f.required = true;
                    }
                }
                pending_required.extend(bv.required.iter().map(|r| r.to_string()));
                continue;
            }
            if !bv.is_object_like() && bv.all_of.is_empty() {
                return Err(Error::unsupported(
                    &branch_pointer,
                    "allOf branch that is not an object schema",
                ));
            }
            self.flatten_into(owner, &bv, &at, fields, names, seen)?;
        }
        if !v.any_of.is_empty() {
            return Err(Error::unsupported(
                child(pointer, "anyOf"),
                "anyOf inside an allOf object",
            ));
        }
        for field in self.fields(owner, v, pointer)? {
            if let Some(existing) = fields.iter_mut().find(|f| f.wire == field.wire) {
                // A branch may narrow a free-form property of another (`{type: object}` to a
                // schema, items of `{}` to items of a schema): the narrower type wins.
                match narrower(&existing.ty, &field.ty) {
                    Some(Narrower::First) => {}
                    Some(Narrower::Second) => {
                        existing.ty = field.ty.clone();
                        existing.checks = field.checks.clone();
                        existing.doc = field.doc.clone().or(existing.doc.take());
                    }
                    // Unrelated types: no value satisfies both, so the document contradicts
                    // itself. The later branch wins, as an extension overrides its base (how
                    // these documents are meant), and the report says so.
                    None => {
                        self.infer(
                            &field.pointer,
                            format!(
                                "allOf branches give property {:?} two different types; the later one (here) is used, the earlier is at {}",
                                field.wire, existing.pointer
                            ),
                        );
                        existing.ty = field.ty.clone();
                        existing.checks = field.checks.clone();
                        existing.doc = field.doc.clone().or(existing.doc.take());
                    }
                }
                existing.required |= field.required;
                continue;
            }
            let mut field = field;
            field.name = names.unique(&field.name, &field.wire, &field.pointer)?;
            fields.push(field);
        }
        // `required` may name properties declared in another branch.
        let required = v.required.iter().map(|r| r.as_str());
        for req in required.chain(pending_required.iter().map(String::as_str)) {
            if let Some(f) = fields.iter_mut().find(|f| f.wire == req) {
                f.required = true;
            }
        }
        Ok(())
    }

    /// The one `allOf` branch that gives the value a shape when every other branch is only
    /// annotations (`allOf: [{$ref: Status}, {description: ..}]`); `None` otherwise.
    pub(super) fn only_shaped_branch(
        &self,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<Option<usize>, Error> {
        let mut shaped = None;
        for (i, branch) in v.all_of.iter().enumerate() {
            let branch_pointer = child(&child(pointer, "allOf"), &i.to_string());
            let (schema, _) = self.deref(pos(branch), &branch_pointer)?;
            let is_ref = matches!(branch, ReferenceOr::Reference { .. });
            let view = View::of(schema);
            // A branch that makes properties required changes the type: not an annotation.
            if !is_ref && view.is_annotation_only() && view.required.is_empty() {
                continue;
            }
            if shaped.is_some() {
                return Ok(None);
            }
            shaped = Some(i);
        }
        Ok(shaped)
    }

    pub(super) fn fields(
        &mut self,
        owner: &str,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<Vec<Field>, Error> {
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (wire, schema) in &v.properties {
            let field_pointer = child(&child(pointer, "properties"), wire);
            let name = naming::field_name(wire, &field_pointer)?;
            let name = names.unique(&name, wire, &field_pointer)?;
            let hint = format!("{owner}{}", naming::type_name(wire, &field_pointer)?);
            let (data, ty, checks) = match schema {
                ReferenceOr::Reference { reference } => {
                    let (ty, checks) =
                        self.schema_ref(Pos::Ref(reference), &field_pointer, &hint)?;
                    let (target, _) = self.deref(Pos::Ref(reference), &field_pointer)?;
                    (&target.schema_data, ty, checks)
                }
                ReferenceOr::Item(s) => {
                    let (ty, checks) = self.schema_ref(Pos::Item(s), &field_pointer, &hint)?;
                    (&s.schema_data, ty, checks)
                }
            };
            let write_only = data.write_only;
            let secret = write_only
                || data.extensions.get(crate::extensions::SECRET) == Some(&Value::Bool(true));
            let ty = if secret && ty == TypeRef::String {
                TypeRef::Secret
            } else {
                ty
            };
            // A `$ref` field is documented by the schema it refers to.
            let doc = doc_of(data);
            let derived = derivation(data, &field_pointer)?;
            out.push(Field {
                name,
                wire: wire.to_string(),
                pointer: field_pointer,
                doc,
                ty,
                required: v.required.iter().any(|r| r == wire) && !data.nullable,
                read_only: data.read_only,
                write_only,
                checks,
                derived,
            });
        }
        // A property only `required` names is still a property the value has: any JSON.
        for (i, req) in v.required.iter().enumerate() {
            if v.properties.iter().any(|(w, _)| w == req) || !v.all_of.is_empty() {
                continue;
            }
            let at = child(&child(pointer, "required"), &i.to_string());
            self.infer(
                &at,
                format!("{req:?} is required but not declared: a required field of any JSON"),
            );
            let name = naming::field_name(req, &at)?;
            out.push(Field {
                name: names.unique(&name, req, &at)?,
                wire: req.to_string(),
                pointer: at,
                doc: Some(
                    "Named in `required` but not declared in `properties`: any JSON value."
                        .to_string(),
                ),
                ty: TypeRef::Json,
                required: true,
                read_only: false,
                write_only: false,
                checks: Vec::new(),
                derived: None,
            });
        }
        Ok(out)
    }
}

/// Which of two types of one property is the narrower, when one refines the other.
#[derive(Debug, PartialEq, Eq)]
enum Narrower {
    First,
    Second,
}

/// `First` for equal types; a free-form value (`serde_json::Value`, a map of them) is wider
/// than any other type, lists and maps compare by their items; `None` when neither refines
/// the other.
fn narrower(first: &TypeRef, second: &TypeRef) -> Option<Narrower> {
    let free = |t: &TypeRef| match t {
        TypeRef::Json => true,
        TypeRef::Map(inner) => **inner == TypeRef::Json,
        _ => false,
    };
    match (first, second) {
        _ if first == second => Some(Narrower::First),
        _ if free(first) => Some(Narrower::Second),
        _ if free(second) => Some(Narrower::First),
        (TypeRef::Array(a), TypeRef::Array(b)) | (TypeRef::Map(a), TypeRef::Map(b)) => {
            narrower(a, b)
        }
        _ => None,
    }
}

/// A property's `x-derived` (`{"from": "a/b", "function": "crate::m::f"}`), checked: `from`
/// names wire names, `function` is a path of Rust identifiers.
fn derivation(data: &openapiv3::SchemaData, pointer: &str) -> Result<Option<Derivation>, Error> {
    let Some(value) = data.extensions.get(crate::extensions::DERIVED) else {
        return Ok(None);
    };
    let at = child(pointer, crate::extensions::DERIVED);
    let text = |key: &str| {
        value.get(key).and_then(Value::as_str).ok_or_else(|| {
            Error::new(
                child(&at, key),
                format!("x-derived needs `{key}`: a string"),
            )
        })
    };
    let from: Vec<String> = text("from")?.split('/').map(str::to_string).collect();
    if from.iter().any(String::is_empty) {
        return Err(Error::new(
            child(&at, "from"),
            "x-derived `from` is a path of wire names below the properties (`a/b`)",
        ));
    }
    let function: Vec<String> = text("function")?.split("::").map(str::to_string).collect();
    if !function
        .iter()
        .all(|s| super::given_names::is_ascii_word(s))
    {
        return Err(Error::new(
            child(&at, "function"),
            "x-derived `function` is a Rust path (`crate::module::function`)",
        ));
    }
    Ok(Some(Derivation { from, function }))
}
