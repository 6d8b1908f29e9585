//! Schema-to-type rules: which Rust type a schema becomes (named component schemas, inline
//! scalars with their checks, maps, and inline types named after where they appear).

use super::view::View;
use super::{doc_of, naming, pos, pos_boxed, schema_name_of_ref, unbox, Pos, Resolver, SCHEMAS};
use crate::error::{child, Error};
use crate::ir::*;
use crate::report::Loss;
use openapiv3::Schema;
use openapiv3::{AdditionalProperties, ReferenceOr};
use std::collections::BTreeMap;

/// How deep component schemas may nest in one another (a chain of `$ref`s, or properties whose
/// type is the next schema) before the document is refused: far beyond real documents, far
/// below what the stack holds (a 2,000-long chain used to overflow it).
pub(super) const MAX_SCHEMA_NESTING: usize = 256;

impl<'a> Resolver<'a> {
    /// Whether the component schema `name` is a list or a map (its alias is a `Vec` or a
    /// `BTreeMap`, which holds its items on the heap and has no `Validate` of its own).
    fn is_container_schema(&self, name: &str) -> bool {
        let pointer = child(SCHEMAS, name);
        self.component_schema(name, &pointer)
            .and_then(|schema| self.deref(pos(schema), &pointer))
            .is_ok_and(|(schema, _)| {
                let view = View::of(schema);
                view.effective_type() == "array"
                    || (view.is_object_like()
                        && view.properties.is_empty()
                        && view.additional.is_some())
            })
    }

    /// A component schema by name: its Rust type, creating the type definition on first use.
    /// Nesting is bounded ([`MAX_SCHEMA_NESTING`]): each level is a few frames of the stack.
    pub(super) fn named_schema(&mut self, name: &str) -> Result<TypeRef, Error> {
        if let Some(t) = self.named.get(name) {
            // A list or map (or an alias of one) already holds its items on the heap: only a
            // type that contains itself directly needs a box.
            if self.in_progress.iter().any(|n| n == name)
                && !matches!(t, TypeRef::Array(_) | TypeRef::Map(_))
                && !self.is_container_schema(name)
            {
                return Ok(TypeRef::Boxed(Box::new(t.clone())));
            }
            return Ok(t.clone());
        }
        let pointer = child(SCHEMAS, name);
        if self.in_progress.len() >= MAX_SCHEMA_NESTING {
            return Err(Error::limit(
                &pointer,
                format!(
                    "schemas nest more than {MAX_SCHEMA_NESTING} deep (through `$ref`s, from {} on); the generator follows no deeper",
                    self.in_progress.first().map_or(name, String::as_str)
                ),
            ));
        }
        if self.in_progress.iter().any(|n| n == name) {
            // Only chains of bare `$ref`s get here without a type to point to.
            let start = self.in_progress.iter().position(|n| n == name).unwrap_or(0);
            let chain: Vec<&str> = self.in_progress[start..]
                .iter()
                .map(String::as_str)
                .collect();
            return Err(Error::new(
                &pointer,
                format!(
                    "cyclic $ref: {} -> {name} never reaches a schema",
                    chain.join(" -> ")
                ),
            ));
        }
        let schema = self.component_schema(name, &pointer)?;
        let rust = match self.component_names.get(name) {
            Some(rust) => rust.clone(),
            None => naming::type_name(name, &pointer)?,
        };
        let (body, body_pointer) = match schema {
            ReferenceOr::Reference { reference } => {
                // A component that is only a $ref is that other type.
                let target = schema_name_of_ref(reference).ok_or_else(|| {
                    Error::new(&pointer, format!("unresolvable $ref {reference:?}"))
                })?;
                if target == name {
                    return Err(Error::new(
                        &pointer,
                        format!("cyclic $ref: {reference} refers to itself"),
                    ));
                }
                self.component_schema(target, &pointer)?;
                self.in_progress.push(name.to_string());
                let t = self.named_schema(target);
                self.in_progress.pop();
                let t = t?;
                self.named.insert(name.to_string(), t.clone());
                return Ok(t);
            }
            ReferenceOr::Item(s) => (s, pointer.clone()),
        };
        self.named
            .insert(name.to_string(), TypeRef::Named(rust.clone()));
        self.in_progress.push(name.to_string());
        let result = self.define(&rust, name, body, &body_pointer);
        self.in_progress.pop();
        // Given up, the type stays (references to it are already made) as untyped JSON.
        let gave_up = result.is_err();
        let kind = self.recover(result, Loss::Untyped, || TypeKind::Alias(TypeRef::Json))?;
        let mut doc = doc_of(&body.schema_data);
        if let Some(lost) = self.findings.last().filter(|_| gave_up) {
            let note = format!(
                "Untyped: the generator skipped this schema ({}: {}).",
                lost.pointer, lost.message
            );
            doc = Some(match doc {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            });
        }
        if matches!(&kind, TypeKind::Alias(target) if target.named() == Some(rust.as_str())) {
            return Err(Error::new(
                &pointer,
                "cyclic schema: the type is an alias of itself",
            ));
        }
        self.add_type(
            TypeDef {
                name: rust.clone(),
                pointer,
                doc,
                kind,
            },
            name,
        )?;
        Ok(TypeRef::Named(rust))
    }

    /// The type definition for a schema body that gets its own Rust name.
    pub(super) fn define(
        &mut self,
        rust: &str,
        wire: &str,
        s: &'a Schema,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let v = View::of(s);
        self.reject_unsupported(&v, pointer)?;
        if !v.one_of.is_empty() || (v.data.discriminator.is_some() && !v.any_of.is_empty()) {
            return self.define_union(rust, &v, pointer);
        }
        if !v.all_of.is_empty() {
            return self.define_all_of(rust, wire, &v, pointer);
        }
        if !v.any_of.is_empty() {
            return self.define_any_of(rust, &v, pointer);
        }
        if v.is_object_like() {
            if v.properties.is_empty() {
                let ty = self.map_type(&v, pointer, rust)?;
                return Ok(TypeKind::Alias(ty));
            }
            let fields = self.fields(rust, &v, pointer)?;
            return Ok(TypeKind::Struct(fields));
        }
        if v.typ.as_deref() == Some("string") || (v.typ.is_none() && v.is_string_like()) {
            if let Some(options) = v.options() {
                return self.define_enum(&options, &v, pointer);
            }
            let checks = self.string_checks(&v, pointer)?;
            if !checks.is_empty() {
                return Ok(TypeKind::Text {
                    checks,
                    any_of: Vec::new(),
                });
            }
        }
        // Everything else is an alias of an inline type; its constraints travel with references.
        let (ty, checks) = self.inline(&v, pointer, rust, true)?;
        self.named_checks.insert(wire.to_string(), checks);
        if let Some(default) = &v.data.default {
            self.default_constant(default, &ty, pointer)?;
        }
        Ok(TypeKind::Alias(ty))
    }

    /// A schema position that may be a `$ref` or inline: its type and the checks it brings.
    pub(super) fn schema_ref(
        &mut self,
        schema: Pos<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<(TypeRef, Vec<Check>), Error> {
        let resolved = match schema {
            Pos::Ref(reference) => self.referenced(reference, pointer),
            Pos::Item(s) => {
                let v = View::of(s);
                self.inline(&v, pointer, hint, false)
            }
        };
        self.recover(resolved, Loss::Untyped, || (TypeRef::Json, Vec::new()))
    }

    fn referenced(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Result<(TypeRef, Vec<Check>), Error> {
        let name = schema_name_of_ref(reference)
            .ok_or_else(|| Error::new(pointer, format!("unresolvable $ref {reference:?}: only #/components/schemas/<name> is supported")))?;
        self.component_schema(name, pointer)?;
        let ty = self.named_schema(name)?;
        let mut checks = self.named_checks.get(name).cloned().unwrap_or_default();
        if self.is_validated(&ty) {
            checks.push(Check::Nested);
        }
        Ok((ty, checks))
    }

    /// Whether values of this type have a `Validate` impl to call.
    pub(super) fn is_validated(&self, ty: &TypeRef) -> bool {
        match ty.named().and_then(|n| self.types.get(n)) {
            Some(def) => def.kind.is_validated(),
            // Not defined yet (recursion): objects and unions recurse; an alias of a list or
            // map does too, but its checks (items, each nested) are only known once it is defined, so
            // the field that closes the cycle through it is not checked below its own level.
            None => ty.named().is_some_and(|n| !self.is_container_schema(n)),
        }
    }

    /// An inline schema: scalars map to Rust types with checks; enums, unions and objects get a
    /// generated type named `hint` (unless `is_named_body`, where the caller defines it).
    pub(super) fn inline(
        &mut self,
        v: &View<'a>,
        pointer: &str,
        hint: &str,
        is_named_body: bool,
    ) -> Result<(TypeRef, Vec<Check>), Error> {
        self.reject_unsupported(v, pointer)?;
        if !v.all_of.is_empty()
            || !v.any_of.is_empty()
            || !v.one_of.is_empty()
            || (v.is_object_like() && !v.properties.is_empty())
            || (v.options().is_some() && v.is_string_like())
        {
            if is_named_body {
                return Err(Error::unsupported(pointer, "schema shape"));
            }
            return self.inline_type(v, pointer, hint);
        }
        let mut checks = Vec::new();
        let ty = match v.effective_type() {
            "string" => {
                checks = self.string_checks(v, pointer)?;
                // The Rust type already guarantees these formats; a string with more checks
                // (lengths, a pattern) stays text, which they can check, format included.
                let only_format = checks.iter().all(|c| matches!(c, Check::Format(_)));
                match v.format.as_deref() {
                    Some("uuid") if only_format => {
                        checks.clear();
                        TypeRef::Uuid
                    }
                    Some("date-time") if only_format => {
                        checks.clear();
                        TypeRef::DateTime
                    }
                    // A file: a part of its own in a multipart body.
                    Some("binary") => {
                        checks.clear();
                        TypeRef::File
                    }
                    _ => TypeRef::String,
                }
            }
            "integer" => {
                let ty = match v.format.as_deref() {
                    Some("int32") => TypeRef::I32,
                    Some("uint32") => TypeRef::U32,
                    Some("uint64") => TypeRef::U64,
                    _ => TypeRef::I64,
                };
                checks = self.number_checks(v, pointer, &ty)?;
                ty
            }
            "number" => {
                let ty = if v.format.as_deref() == Some("float") {
                    TypeRef::F32
                } else {
                    TypeRef::F64
                };
                checks = self.number_checks(v, pointer, &ty)?;
                ty
            }
            "boolean" => {
                checks = self.bool_checks(v, pointer)?;
                TypeRef::Bool
            }
            "array" => {
                let items = v
                    .items
                    .ok_or_else(|| Error::new(pointer, "array schema without `items`"))?;
                let item_pointer = child(pointer, "items");
                let (item_ty, item_checks) =
                    self.schema_ref(pos_boxed(items), &item_pointer, &format!("{hint}Item"))?;
                if let Some(n) = v.min_items {
                    checks.push(Check::MinItems(self.constant(
                        pointer,
                        "minItems",
                        ConstValue::Usize(n),
                    )?));
                }
                if let Some(n) = v.max_items {
                    checks.push(Check::MaxItems(self.constant(
                        pointer,
                        "maxItems",
                        ConstValue::Usize(n),
                    )?));
                }
                if !item_checks.is_empty() {
                    checks.push(Check::Each(item_checks));
                }
                let allowed: Vec<&serde_json::Value> =
                    v.enumeration.iter().filter(|e| !e.is_null()).collect();
                if !allowed.is_empty() {
                    let list = serde_json::to_string(&allowed)
                        .map_err(|e| Error::internal(pointer, e.to_string()))?;
                    let constant = self.constant(pointer, "enum", ConstValue::JsonText(list))?;
                    checks.push(Check::OneOfJson(constant));
                }
                TypeRef::Array(Box::new(unbox(item_ty)))
            }
            "object" => self.map_type(v, pointer, hint)?,
            _ => TypeRef::Json,
        };
        if let Some(default) = &v.data.default {
            if !is_named_body {
                self.default_constant(default, &ty, pointer)?;
            }
        }
        Ok((ty, checks))
    }

    /// A free-form object, or a map when `additionalProperties` is a schema.
    pub(super) fn map_type(
        &mut self,
        v: &View<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeRef, Error> {
        match v.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let (ty, _checks) = self.schema_ref(
                    pos(s),
                    &child(pointer, "additionalProperties"),
                    &format!("{hint}Value"),
                )?;
                Ok(TypeRef::Map(Box::new(unbox(ty))))
            }
            _ => Ok(TypeRef::Map(Box::new(TypeRef::Json))),
        }
    }

    pub(super) fn inline_type(
        &mut self,
        v: &View<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<(TypeRef, Vec<Check>), Error> {
        let shaped = if v.properties.is_empty() {
            self.only_shaped_branch(v, pointer)?
        } else {
            None
        };
        if let Some(i) = shaped {
            // `{"description": ..., "allOf": [{"$ref": ...}, {"nullable": true}]}`: a
            // documented reference.
            let (ty, checks) = self.schema_ref(
                pos(&v.all_of[i]),
                &child(&child(pointer, "allOf"), &i.to_string()),
                hint,
            )?;
            if let Some(default) = &v.data.default {
                self.default_constant(default, &ty, pointer)?;
            }
            return Ok((ty, checks));
        }
        let kind =
            if !v.one_of.is_empty() || (v.data.discriminator.is_some() && !v.any_of.is_empty()) {
                self.define_union(hint, v, pointer)?
            } else if !v.all_of.is_empty() {
                self.define_all_of(hint, hint, v, pointer)?
            } else if !v.any_of.is_empty() {
                self.define_any_of(hint, v, pointer)?
            } else if v.is_object_like() {
                TypeKind::Struct(self.fields(hint, v, pointer)?)
            } else {
                let options = v.options().unwrap_or_default();
                self.define_enum(&options, v, pointer)?
            };
        let validated = kind.is_validated();
        let name = self.add_type(
            TypeDef {
                name: hint.to_string(),
                pointer: pointer.to_string(),
                doc: doc_of(v.data),
                kind,
            },
            hint,
        )?;
        Ok((
            TypeRef::Named(name),
            if validated {
                vec![Check::Nested]
            } else {
                Vec::new()
            },
        ))
    }
}

/// Aliases that lead back to themselves (`A = allOf[B]`, `B = allOf[A]`) would be an infinite
/// Rust type; they describe no value, so they are an error.
pub(super) fn reject_alias_cycles(types: &BTreeMap<String, TypeDef>) -> Result<(), Error> {
    for start in types.values() {
        let mut chain = vec![start.name.as_str()];
        let mut current = start;
        while let TypeKind::Alias(target) = &current.kind {
            let Some(next) = target.named().and_then(|n| types.get(n)) else {
                break;
            };
            if next.name == start.name {
                chain.push(&next.name);
                return Err(Error::new(
                    &start.pointer,
                    format!(
                        "cyclic schema: {} never reaches a schema",
                        chain.join(" -> ")
                    ),
                ));
            }
            if chain.contains(&next.name.as_str()) {
                break;
            }
            chain.push(&next.name);
            current = next;
        }
    }
    Ok(())
}
