//! Choices between values: `oneOf` unions, string option lists (open enums with their
//! `x-lifecycle` meaning), and `anyOf` over strings.

use super::naming::{self, Namespace};
use super::view::View;
use super::{pos, schema_name_of_ref, Resolver};
use crate::error::{child, Error};
use crate::ir::*;
use openapiv3::ReferenceOr;
use serde_json::Value;

impl<'a> Resolver<'a> {
    /// `oneOf`: one variant per branch, named after the branch's type (`Task`, `String`,
    /// `Array`); serde picks the first variant the value fits. With a `discriminator` (on
    /// `oneOf` or `anyOf`) the property's value chooses: each branch gets the values that
    /// name it (the `mapping`'s, else its schema name, else its own one-value `enum` of the
    /// property).
    pub(super) fn define_union(
        &mut self,
        owner: &str,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let (keyword, branches) = if v.one_of.is_empty() {
            ("anyOf", &v.any_of)
        } else {
            ("oneOf", &v.one_of)
        };
        if v.data.discriminator.is_none() {
            if let Some(options) = self.documented_options(branches, pointer) {
                let values: Vec<String> = options.iter().map(|(value, _)| value.clone()).collect();
                let mut kind = self.define_enum(&values, v, pointer)?;
                if let TypeKind::Enum { variants, .. } = &mut kind {
                    for (variant, (_, doc)) in variants.iter_mut().zip(options) {
                        variant.doc = doc;
                    }
                }
                return Ok(kind);
            }
        }
        let at = child(pointer, keyword);
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let branch_at = child(&at, &i.to_string());
            // An inline branch with a `title` is named after it (`PaymentCard`).
            let titled = match branch {
                ReferenceOr::Item(s) => s.schema_data.title.as_deref(),
                ReferenceOr::Reference { .. } => None,
            }
            .and_then(|t| naming::type_name(t, &branch_at).ok());
            let hint = match titled {
                Some(title) => format!("{owner}{title}"),
                None => format!("{owner}Variant{i}"),
            };
            let (ty, checks) = self.schema_ref(pos(branch), &branch_at, &hint)?;
            let tag = match &v.data.discriminator {
                Some(d) => Some(UnionTag {
                    property: d.property_name.clone(),
                    values: self.tag_values(d, branch, &branch_at)?,
                }),
                None => None,
            };
            let base = variant_base_name(&ty);
            let name = if names.claim(&base, &branch_at, &branch_at).is_ok() {
                base
            } else {
                let numbered = format!("{base}{i}");
                names.claim(&numbered, &branch_at, &branch_at)?;
                numbered
            };
            variants.push(UnionVariant {
                name,
                ty,
                checks,
                tag,
            });
        }
        if v.data.discriminator.is_some() {
            // `Unknown` keeps a value of a subtype added later.
            if variants.iter().any(|variant| variant.name == "Unknown") {
                return Err(Error::unsupported(
                    at,
                    "discriminated union with a variant named `Unknown`",
                ));
            }
            let mut seen = std::collections::BTreeSet::new();
            for variant in &variants {
                for value in variant.tag.iter().flat_map(|t| &t.values) {
                    if !seen.insert(value.clone()) {
                        return Err(Error::new(
                            child(pointer, "discriminator"),
                            format!("discriminator value {value:?} names two branches"),
                        ));
                    }
                }
            }
        }
        Ok(TypeKind::Union(variants))
    }

    /// A `oneOf` whose branches are all string option lists (the schemars style: one value
    /// per branch, each with its description): the values, in order, with their branch's
    /// description. `None` when any branch is something else or a value repeats.
    fn documented_options(
        &self,
        branches: &'a [ReferenceOr<openapiv3::Schema>],
        pointer: &str,
    ) -> Option<Vec<(String, Option<String>)>> {
        let mut options: Vec<(String, Option<String>)> = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let (schema, _) = self
                .deref(pos(branch), &child(pointer, &i.to_string()))
                .ok()?;
            let view = View::of(schema);
            if !view.is_string_like() || view.enumeration.is_empty() || view.pattern.is_some() {
                return None;
            }
            for value in &view.enumeration {
                let Value::String(value) = value else {
                    return None;
                };
                if options.iter().any(|(seen, _)| seen == value) {
                    return None;
                }
                options.push((value.clone(), super::doc_of(view.data)));
            }
        }
        Some(options)
    }

    /// The discriminator values that choose `branch`.
    fn tag_values(
        &self,
        d: &openapiv3::Discriminator,
        branch: &'a ReferenceOr<openapiv3::Schema>,
        at: &str,
    ) -> Result<Vec<String>, Error> {
        if let ReferenceOr::Reference { reference } = branch {
            let name = schema_name_of_ref(reference).unwrap_or_default();
            // Mapping values are `$ref`s or bare schema names.
            let mapped: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, target)| *target == reference || target.as_str() == name)
                .map(|(value, _)| value.clone())
                .collect();
            if !mapped.is_empty() {
                return Ok(mapped);
            }
            if !name.is_empty() {
                return Ok(vec![name.to_string()]);
            }
        }
        let (schema, _) = self.deref(pos(branch), at)?;
        let view = View::of(schema);
        let property = view
            .properties
            .iter()
            .find(|(name, _)| **name == d.property_name)
            .map(|(_, p)| p);
        if let Some(ReferenceOr::Item(p)) = property {
            if let [Value::String(value)] = View::of(p).enumeration.as_slice() {
                return Ok(vec![value.clone()]);
            }
        }
        Err(Error::unsupported(
            at,
            "discriminator branch without a schema name, a mapping or a one-value enum of the property",
        ))
    }

    pub(super) fn define_enum(
        &mut self,
        options: &[String],
        v: &View,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        // `null` only says the value may be absent (a nullable enum).
        let mut options = options.to_vec();
        if v.enumeration.iter().any(|e| !e.is_string() && !e.is_null()) {
            if v.typ.as_deref() != Some("string") {
                return Err(Error::unsupported(
                    child(pointer, "enum"),
                    "enum with non-string values",
                ));
            }
            // `type: string` with YAML's unquoted `1` or `true`: on the wire it is text.
            options = v
                .enumeration
                .iter()
                .filter(|e| !e.is_null())
                .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string))
                .collect();
            self.infer(
                &child(pointer, "enum"),
                "enum of a string schema with values that are not strings: their text is used",
            );
        }
        let options = options.as_slice();
        let mut names = Namespace::default();
        names.claim("Unknown", "(catch-all for values added later)", pointer)?;
        let mut variants = Vec::new();
        for (i, wire) in options.iter().enumerate() {
            let at = child(&child(pointer, "enum"), &i.to_string());
            // A value with nothing to build a name from (`+`, `<=`, ``) is named by position;
            // its wire value stays what it is.
            let name = naming::variant_name(wire, &at).unwrap_or_else(|_| format!("Value{i}"));
            let name = name.trim_start_matches("r#").to_string();
            let name = names.unique(&name, wire, &at)?;
            variants.push(Variant {
                name,
                wire: wire.clone(),
                doc: None,
            });
        }
        let default = match &v.data.default {
            Some(Value::String(s)) => {
                self.constant(pointer, "default", ConstValue::Str(s.clone()))?;
                Some(s.clone())
            }
            Some(other) => {
                return Err(Error::new(
                    child(pointer, "default"),
                    format!("default {other} of a string option list is not a string"),
                ))
            }
            None => None,
        };
        let lifecycle = match v.data.extensions.get(crate::extensions::LIFECYCLE) {
            Some(spec) => Some(enum_lifecycle(
                spec,
                &variants,
                &child(pointer, crate::extensions::LIFECYCLE),
            )?),
            None => None,
        };
        Ok(TypeKind::Enum {
            variants,
            default,
            lifecycle,
        })
    }

    /// `anyOf`: when every branch is a checked string, a string type that accepts what any
    /// branch accepts; otherwise (objects, numbers, plain strings among them) a union like
    /// `oneOf`'s, whose first fitting variant decodes the value.
    pub(super) fn define_any_of(
        &mut self,
        owner: &str,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let all_strings = v.is_string_like()
            && v.any_of.iter().enumerate().all(|(i, branch)| {
                let at = child(&child(pointer, "anyOf"), &i.to_string());
                self.deref(pos(branch), &at)
                    .is_ok_and(|(schema, _)| View::of(schema).is_string_like())
            });
        if !all_strings {
            return self.define_union(owner, v, pointer);
        }
        match self.define_string_alternatives(v, pointer) {
            Err(e) if e.kind == crate::error::ErrorKind::Unsupported => {
                self.define_union(owner, v, pointer)
            }
            other => other,
        }
    }

    fn define_string_alternatives(
        &mut self,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let checks = self.string_checks(v, pointer)?;
        let mut any_of = Vec::new();
        for (i, branch) in v.any_of.iter().enumerate() {
            let at = child(&child(pointer, "anyOf"), &i.to_string());
            match branch {
                ReferenceOr::Reference { reference } => {
                    let name = schema_name_of_ref(reference).ok_or_else(|| {
                        Error::new(&at, format!("unresolvable $ref {reference:?}"))
                    })?;
                    let (schema, _) = self.deref(pos(branch), &at)?;
                    if !View::of(schema).is_string_like() {
                        return Err(Error::unsupported(
                            &at,
                            "anyOf branch that is not a string schema",
                        ));
                    }
                    let ty = self.named_schema(name)?;
                    let Some(type_name) = ty.named().map(str::to_string) else {
                        return Err(Error::unsupported(
                            &at,
                            "anyOf branch referring to a plain string",
                        ));
                    };
                    match self.types.get(&type_name).map(|d| &d.kind) {
                        Some(TypeKind::Text { .. }) => any_of.push(Alternative {
                            label: name.to_string(),
                            test: AlternativeTest::Type(type_name),
                        }),
                        _ => {
                            return Err(Error::unsupported(
                                &at,
                                "anyOf branch referring to a string without constraints",
                            ))
                        }
                    }
                }
                ReferenceOr::Item(s) => {
                    let bv = View::of(s);
                    self.reject_unsupported(&bv, &at)?;
                    if !bv.is_string_like() || !bv.any_of.is_empty() {
                        return Err(Error::unsupported(
                            &at,
                            "anyOf branch that is not a plain string schema",
                        ));
                    }
                    let branch_checks = self.string_checks(&bv, &at)?;
                    let label = match (&bv.format, &bv.pattern) {
                        (Some(f), None) => format!("format {f}"),
                        (None, Some(_)) => "pattern".to_string(),
                        _ => format!("alternative {i}"),
                    };
                    any_of.push(Alternative {
                        label,
                        test: AlternativeTest::Checks(branch_checks),
                    });
                }
            }
        }
        Ok(TypeKind::Text { checks, any_of })
    }
}

/// A union variant's name from its type: the type's own name, or what kind of value it holds.
pub(super) fn variant_base_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Boxed(inner) => variant_base_name(inner),
        TypeRef::String | TypeRef::Secret => "String".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Json => "Any".into(),
        TypeRef::Map(_) => "Map".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::File => "File".into(),
        TypeRef::Unit => "Null".into(),
    }
}

/// `x-lifecycle: {ready: [..], failed: [..], messageField: "..", busy: [..], deleting: [..]}`:
/// which option values end provisioning, and (optional) which mean provisioning and deleting.
/// Values must be options of the enum.
pub(super) fn enum_lifecycle(
    spec: &Value,
    variants: &[Variant],
    pointer: &str,
) -> Result<EnumLifecycle, Error> {
    let Value::Object(map) = spec else {
        return Err(Error::new(pointer, "x-lifecycle must be an object"));
    };
    let names = |key: &str| -> Result<Vec<String>, Error> {
        let at = child(pointer, key);
        let Some(Value::Array(values)) = map.get(key) else {
            return Err(Error::new(at, "must be a list of the enum's values"));
        };
        values
            .iter()
            .enumerate()
            .map(|(i, value)| {
                variants
                    .iter()
                    .find(|v| Some(v.wire.as_str()) == value.as_str())
                    .map(|v| v.name.clone())
                    .ok_or_else(|| {
                        Error::new(
                            child(&at, &i.to_string()),
                            format!("{value} is not a value of this enum"),
                        )
                    })
            })
            .collect()
    };
    let message_field = match map.get("messageField") {
        None => None,
        Some(Value::String(field)) => Some(field.clone()),
        Some(_) => {
            return Err(Error::new(
                child(pointer, "messageField"),
                "must be the name of a sibling property",
            ))
        }
    };
    let optional = |key: &str| match map.get(key) {
        None => Ok(Vec::new()),
        Some(_) => names(key),
    };
    Ok(EnumLifecycle {
        ready: names("ready")?,
        failed: names("failed")?,
        busy: optional("busy")?,
        deleting: optional("deleting")?,
        message_field,
    })
}
