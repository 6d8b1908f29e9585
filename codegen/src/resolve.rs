//! Stage 2: follow every `$ref` and turn the document into the intermediate model ([`crate::ir`]).
//!
//! Every schema, typed or mixed, is first normalised into one flat [`View`]; the rules below
//! then decide what Rust type each schema becomes. Anything without a rule is an error naming
//! the construct and its JSON pointer.

use crate::error::{child, Error};
use crate::ir::*;
use crate::naming::{self, Namespace};
use crate::options::options_from_description;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaData, SchemaKind,
    StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const SCHEMAS: &str = "#/components/schemas";

/// Resolves a loaded document into the intermediate model.
pub fn resolve(doc: &OpenAPI) -> Result<Api, Error> {
    let mut r = Resolver {
        doc,
        types: BTreeMap::new(),
        type_names: Namespace::default(),
        named: BTreeMap::new(),
        in_progress: Vec::new(),
        named_checks: BTreeMap::new(),
        constants: BTreeMap::new(),
        patterns: BTreeMap::new(),
    };
    if let Some(components) = &doc.components {
        for name in components.schemas.keys() {
            r.named_schema(name)?;
        }
    }
    r.security()?;
    let mut operations = BTreeMap::new();
    let mut fn_names = Namespace::default();
    let mut error_bodies = BTreeSet::new();
    if doc.paths.paths.is_empty() {
        return Err(Error::new(
            "#/paths",
            "the document has no paths, so there is nothing to generate",
        ));
    }
    for (path, item) in doc.paths.iter() {
        let item_pointer = child("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Error::unsupported(item_pointer, "$ref path items"))
            }
        };
        for (method, op) in item.iter() {
            let pointer = child(&item_pointer, method);
            let op = r.operation(
                path,
                method,
                op,
                &item.parameters,
                &pointer,
                &mut error_bodies,
            )?;
            fn_names.claim(&op.fn_name, &op.operation_id, &pointer)?;
            if r.type_names
                .contains(op.query_type.as_deref().unwrap_or_default())
            {
                return Err(Error::new(
                    &pointer,
                    format!(
                        "query type name `{:?}` collides with a schema type",
                        op.query_type
                    ),
                ));
            }
            operations.insert(op.fn_name.clone(), op);
        }
    }
    let error_body = match error_bodies.len() {
        1 => error_bodies.into_iter().next().unwrap_or(TypeRef::Json),
        _ => TypeRef::Json,
    };
    reject_alias_cycles(&r.types)?;
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: servers(doc)?,
        types: r.types,
        operations,
        constants: r
            .constants
            .into_iter()
            .map(|(k, v)| (k, v.into_values().collect()))
            .collect(),
        patterns: r.patterns,
        error_body,
        pages: BTreeMap::new(),
        lifecycles: BTreeMap::new(),
    };
    crate::conventions::recognise(&mut api);
    Ok(api)
}

struct Resolver<'a> {
    doc: &'a OpenAPI,
    types: BTreeMap<String, TypeDef>,
    type_names: Namespace,
    /// Component schema name -> the Rust type it became (filled before its body is resolved, so
    /// self-references find it).
    named: BTreeMap<String, TypeRef>,
    /// Component schemas whose bodies are being resolved right now (for cycle handling).
    in_progress: Vec<String>,
    /// Checks a reference to a component schema brings along (aliases of constrained scalars).
    named_checks: BTreeMap<String, Vec<Check>>,
    constants: BTreeMap<Vec<String>, BTreeMap<String, Constant>>,
    patterns: BTreeMap<String, ConstRef>,
}

/// A schema position: a `$ref` (by its reference string) or an inline schema.
#[derive(Clone, Copy)]
enum Pos<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

fn pos(r: &ReferenceOr<Schema>) -> Pos<'_> {
    match r {
        ReferenceOr::Reference { reference } => Pos::Ref(reference),
        ReferenceOr::Item(s) => Pos::Item(s),
    }
}

fn pos_boxed(r: &ReferenceOr<Box<Schema>>) -> Pos<'_> {
    match r {
        ReferenceOr::Reference { reference } => Pos::Ref(reference),
        ReferenceOr::Item(s) => Pos::Item(s),
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Num {
    Int(i64),
    Float(f64),
}

/// One schema with every keyword the generator understands in one flat shape, whatever
/// `openapiv3` variant it came in.
struct View<'a> {
    data: &'a SchemaData,
    typ: Option<String>,
    format: Option<String>,
    pattern: Option<&'a str>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    minimum: Option<Num>,
    maximum: Option<Num>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
    multiple_of: bool,
    properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
    required: Vec<&'a String>,
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    enumeration: Vec<Value>,
    one_of: &'a [ReferenceOr<Schema>],
    all_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
    not: bool,
}

fn fmt_name<T: std::fmt::Debug>(
    f: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(&T) -> &'static str,
) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => Some(known(i).to_string()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

impl<'a> View<'a> {
    fn of(schema: &'a Schema) -> View<'a> {
        const NONE: &[ReferenceOr<Schema>] = &[];
        let mut v = View {
            data: &schema.schema_data,
            typ: None,
            format: None,
            pattern: None,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            exclusive_minimum: false,
            exclusive_maximum: false,
            multiple_of: false,
            properties: Vec::new(),
            required: Vec::new(),
            additional: None,
            items: None,
            min_items: None,
            max_items: None,
            enumeration: Vec::new(),
            one_of: NONE,
            all_of: NONE,
            any_of: NONE,
            not: false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.typ = Some("string".into());
                v.format = fmt_name(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                v.pattern = s.pattern.as_deref();
                v.min_length = s.min_length;
                v.max_length = s.max_length;
                v.enumeration = s
                    .enumeration
                    .iter()
                    .map(|e| e.clone().map(Value::String).unwrap_or(Value::Null))
                    .collect();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.typ = Some("integer".into());
                v.format = fmt_name(&i.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                v.minimum = i.minimum.map(Num::Int);
                v.maximum = i.maximum.map(Num::Int);
                v.exclusive_minimum = i.exclusive_minimum;
                v.exclusive_maximum = i.exclusive_maximum;
                v.multiple_of = i.multiple_of.is_some();
                v.enumeration = i
                    .enumeration
                    .iter()
                    .map(|e| e.map(Value::from).unwrap_or(Value::Null))
                    .collect();
            }
            SchemaKind::Type(Type::Number(n)) => {
                v.typ = Some("number".into());
                v.format = fmt_name(&n.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
                v.minimum = n.minimum.map(Num::Float);
                v.maximum = n.maximum.map(Num::Float);
                v.exclusive_minimum = n.exclusive_minimum;
                v.exclusive_maximum = n.exclusive_maximum;
                v.multiple_of = n.multiple_of.is_some();
                v.enumeration = n
                    .enumeration
                    .iter()
                    .map(|e| e.map(Value::from).unwrap_or(Value::Null))
                    .collect();
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                v.typ = Some("boolean".into());
                v.enumeration = b
                    .enumeration
                    .iter()
                    .map(|e| e.map(Value::Bool).unwrap_or(Value::Null))
                    .collect();
            }
            SchemaKind::Type(Type::Object(o)) => {
                v.typ = Some("object".into());
                v.properties = o.properties.iter().collect();
                v.required = o.required.iter().collect();
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.typ = Some("array".into());
                v.items = a.items.as_ref();
                v.min_items = a.min_items;
                v.max_items = a.max_items;
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => {
                let int = a.typ.as_deref() == Some("integer");
                let num = |x: Option<f64>| {
                    x.map(|x| {
                        if int && x.fract() == 0.0 && x.abs() < 9.0e15 {
                            Num::Int(x as i64)
                        } else {
                            Num::Float(x)
                        }
                    })
                };
                v.typ = a.typ.clone();
                v.format = a.format.clone();
                v.pattern = a.pattern.as_deref();
                v.min_length = a.min_length;
                v.max_length = a.max_length;
                v.minimum = num(a.minimum);
                v.maximum = num(a.maximum);
                v.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
                v.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
                v.multiple_of = a.multiple_of.is_some();
                v.properties = a.properties.iter().collect();
                v.required = a.required.iter().collect();
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.min_items = a.min_items;
                v.max_items = a.max_items;
                v.enumeration = a.enumeration.clone();
                v.one_of = &a.one_of;
                v.all_of = &a.all_of;
                v.any_of = &a.any_of;
                v.not = a.not.is_some();
            }
        }
        v
    }

    fn is_object_like(&self) -> bool {
        self.typ.as_deref() == Some("object") || !self.properties.is_empty()
    }

    /// Holds only string keywords (type string, or no type with format/pattern/lengths).
    fn is_string_like(&self) -> bool {
        match self.typ.as_deref() {
            Some("string") => true,
            Some(_) => false,
            None => {
                self.properties.is_empty()
                    && self.items.is_none()
                    && self.minimum.is_none()
                    && self.maximum.is_none()
                    && self.all_of.is_empty()
                    && self.one_of.is_empty()
                    && (self.format.is_some()
                        || self.pattern.is_some()
                        || self.min_length.is_some()
                        || self.max_length.is_some()
                        || !self.any_of.is_empty())
            }
        }
    }

    /// The type keyword, or the one the other keywords imply; untyped schemas are free-form JSON.
    fn effective_type(&self) -> &str {
        match self.typ.as_deref() {
            Some(t) => t,
            None if !self.properties.is_empty() => "object",
            None if self.items.is_some() => "array",
            None if self.is_string_like() => "string",
            None => "any",
        }
    }

    fn options(&self) -> Option<Vec<String>> {
        if !self.enumeration.is_empty() {
            return Some(
                self.enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            );
        }
        if let Some(Value::Array(list)) = self.data.extensions.get("x-options") {
            return Some(
                list.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            );
        }
        self.data
            .description
            .as_deref()
            .and_then(options_from_description)
    }
}

fn schema_name_of_ref(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .filter(|n| !n.contains('/'))
}

/// Module a constant lives in and the name prefix it gets, from the pointer of the schema that
/// declares it: `#/components/schemas/IKEEncryption/properties/lifetime` -> (`ike_encryption`, `LIFETIME`).
fn const_home(pointer: &str) -> Result<(Vec<String>, String), Error> {
    let (module, rest) = if let Some(rest) = pointer.strip_prefix("#/components/schemas/") {
        let (schema, rest) = rest.split_once('/').unwrap_or((rest, ""));
        (vec![naming::module_name(&unescape(schema), pointer)?], rest)
    } else if let Some(rest) = pointer.strip_prefix("#/components/parameters/") {
        let (param, rest) = rest.split_once('/').unwrap_or((rest, ""));
        (
            vec![
                "parameters".to_string(),
                naming::module_name(&unescape(param), pointer)?,
            ],
            rest,
        )
    } else if let Some(rest) = pointer.strip_prefix("#/paths/") {
        // Inline parameters and bodies of an operation: grouped under the operation.
        return Ok((
            vec!["operations".to_string()],
            naming::const_name(&unescape(rest)),
        ));
    } else {
        (vec!["other".to_string()], pointer)
    };
    let mut prefix = Vec::new();
    let mut segments = rest.split('/').filter(|s| !s.is_empty()).peekable();
    while let Some(seg) = segments.next() {
        match seg {
            "properties" | "schema" => {}
            "allOf" => {
                segments.next();
            }
            other => prefix.push(unescape(other)),
        }
    }
    Ok((module, naming::const_name(&prefix.join("_"))))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn doc_of(data: &SchemaData) -> Option<String> {
    data.description
        .clone()
        .or_else(|| data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

impl<'a> Resolver<'a> {
    fn component_schema(
        &self,
        name: &str,
        pointer: &str,
    ) -> Result<&'a ReferenceOr<Schema>, Error> {
        self.doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .ok_or_else(|| {
                Error::new(
                    pointer,
                    format!("unresolvable $ref: no schema `{name}` in #/components/schemas"),
                )
            })
    }

    /// Follows `$ref` chains to a schema body, with the pointer of that body.
    fn deref(&self, schema: Pos<'a>, pointer: &str) -> Result<(&'a Schema, String), Error> {
        let mut current = schema;
        let mut at = pointer.to_string();
        let mut seen = BTreeSet::new();
        loop {
            match current {
                Pos::Item(s) => return Ok((s, at)),
                Pos::Ref(reference) => {
                    let name = schema_name_of_ref(reference)
                        .ok_or_else(|| Error::new(&at, format!("unresolvable $ref {reference:?}: only #/components/schemas/<name> is supported here")))?;
                    if !seen.insert(name.to_string()) {
                        return Err(Error::new(
                            &at,
                            format!("cyclic $ref: {reference} refers back to itself"),
                        ));
                    }
                    current = pos(self.component_schema(name, &at)?);
                    at = child(SCHEMAS, name);
                }
            }
        }
    }

    fn add_type(&mut self, def: TypeDef, wire: &str) -> Result<(), Error> {
        self.type_names.claim(&def.name, wire, &def.pointer)?;
        self.types.insert(def.name.clone(), def);
        Ok(())
    }

    fn constant(
        &mut self,
        pointer: &str,
        keyword: &str,
        value: ConstValue,
    ) -> Result<ConstRef, Error> {
        let (module, prefix) = const_home(pointer)?;
        let kind = naming::const_name(keyword);
        let name = if prefix.is_empty() {
            kind
        } else {
            format!("{prefix}_{kind}")
        };
        let constant_pointer = child(pointer, keyword);
        let group = self.constants.entry(module.clone()).or_default();
        match group.get(&name) {
            Some(existing) if existing.pointer != constant_pointer => {
                return Err(Error::new(
                    &constant_pointer,
                    format!(
                        "name collision: constant `{name}` is also generated for {}",
                        existing.pointer
                    ),
                ))
            }
            _ => {
                group.insert(
                    name.clone(),
                    Constant {
                        name: name.clone(),
                        pointer: constant_pointer,
                        value,
                    },
                );
            }
        }
        Ok(ConstRef { module, name })
    }

    /// A component schema by name: its Rust type, creating the type definition on first use.
    fn named_schema(&mut self, name: &str) -> Result<TypeRef, Error> {
        if let Some(t) = self.named.get(name) {
            if self.in_progress.iter().any(|n| n == name) {
                return Ok(TypeRef::Boxed(Box::new(t.clone())));
            }
            return Ok(t.clone());
        }
        let pointer = child(SCHEMAS, name);
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
        let rust = naming::type_name(name, &pointer)?;
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
        let kind = result?;
        if matches!(&kind, TypeKind::Alias(target) if target.named() == Some(rust.as_str())) {
            return Err(Error::new(
                &pointer,
                "cyclic schema: the type is an alias of itself",
            ));
        }
        let doc = doc_of(&body.schema_data);
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
    fn define(
        &mut self,
        rust: &str,
        wire: &str,
        s: &'a Schema,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let v = View::of(s);
        self.reject_unsupported(&v, pointer)?;
        if !v.one_of.is_empty() {
            return self.define_union(rust, &v, pointer);
        }
        if !v.all_of.is_empty() {
            return self.define_all_of(rust, wire, &v, pointer);
        }
        if !v.any_of.is_empty() {
            return self.define_any_of(&v, pointer);
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

    fn reject_unsupported(&self, v: &View, pointer: &str) -> Result<(), Error> {
        if v.data.discriminator.is_some() {
            return Err(Error::unsupported(
                child(pointer, "discriminator"),
                "discriminator",
            ));
        }
        if !v.one_of.is_empty()
            && (!v.all_of.is_empty() || !v.any_of.is_empty() || !v.properties.is_empty())
        {
            return Err(Error::unsupported(
                child(pointer, "oneOf"),
                "oneOf together with allOf, anyOf or properties",
            ));
        }
        if v.not {
            return Err(Error::unsupported(child(pointer, "not"), "not"));
        }
        if v.multiple_of {
            return Err(Error::unsupported(
                child(pointer, "multipleOf"),
                "multipleOf",
            ));
        }
        if !v.enumeration.is_empty() && v.typ.as_deref().is_some_and(|t| t != "string") {
            // Generating the plain number would silently drop the allowed values.
            return Err(Error::unsupported(
                child(pointer, "enum"),
                "enum on a non-string schema",
            ));
        }
        if let (Some(min), Some(max)) = (v.min_length, v.max_length) {
            if min > max {
                return Err(Error::new(
                    child(pointer, "minLength"),
                    format!("contradictory constraints: minLength {min} > maxLength {max}"),
                ));
            }
        }
        if let (Some(min), Some(max)) = (v.min_items, v.max_items) {
            if min > max {
                return Err(Error::new(
                    child(pointer, "minItems"),
                    format!("contradictory constraints: minItems {min} > maxItems {max}"),
                ));
            }
        }
        if let (Some(min), Some(max)) = (v.minimum, v.maximum) {
            let (a, b) = (num_f64(min), num_f64(max));
            if a > b {
                return Err(Error::new(
                    child(pointer, "minimum"),
                    format!("contradictory constraints: minimum {a} > maximum {b}"),
                ));
            }
        }
        if let Some(t) = v.typ.as_deref() {
            if !["string", "integer", "number", "boolean", "object", "array"].contains(&t) {
                return Err(Error::new(
                    child(pointer, "type"),
                    format!("unknown type {t:?}"),
                ));
            }
        }
        Ok(())
    }

    /// `allOf`: one `$ref` alone is that type; otherwise the object branches are flattened into one struct.
    /// `wire` is the component schema name: references to it look its checks up by that name.
    fn define_all_of(
        &mut self,
        rust: &str,
        wire: &str,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        if v.all_of.len() == 1 && v.properties.is_empty() {
            let branch_pointer = child(&child(pointer, "allOf"), "0");
            let (ty, checks) = self.schema_ref(pos(&v.all_of[0]), &branch_pointer, rust)?;
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

    fn flatten_into(
        &mut self,
        owner: &str,
        v: &View<'a>,
        pointer: &str,
        fields: &mut Vec<Field>,
        names: &mut Namespace,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        self.reject_unsupported(v, pointer)?;
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
                if existing.ty != field.ty {
                    return Err(Error::new(
                        &field.pointer,
                        format!(
                            "allOf branches give property {:?} two different types",
                            field.wire
                        ),
                    ));
                }
                existing.required |= field.required;
                continue;
            }
            names.claim(&field.name, &field.wire, &field.pointer)?;
            fields.push(field);
        }
        // `required` may name properties declared in another branch.
        for req in &v.required {
            if let Some(f) = fields.iter_mut().find(|f| &f.wire == *req) {
                f.required = true;
            }
        }
        Ok(())
    }

    fn fields(&mut self, owner: &str, v: &View<'a>, pointer: &str) -> Result<Vec<Field>, Error> {
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (wire, schema) in &v.properties {
            let field_pointer = child(&child(pointer, "properties"), wire);
            let name = naming::field_name(wire, &field_pointer)?;
            names.claim(&name, wire, &field_pointer)?;
            let hint = format!("{owner}{}", naming::type_name(wire, &field_pointer)?);
            let (data, ty, checks) = match schema {
                ReferenceOr::Reference { reference } => {
                    let (ty, checks) =
                        self.schema_ref(Pos::Ref(reference), &field_pointer, &hint)?;
                    let (target, _) = self.deref(Pos::Ref(reference), &field_pointer)?;
                    (&target.schema_data, ty, checks)
                }
                ReferenceOr::Item(s) => {
                    let fv = View::of(s);
                    let (ty, checks) = self.inline(&fv, &field_pointer, &hint, false)?;
                    (&s.schema_data, ty, checks)
                }
            };
            let write_only = data.write_only;
            let secret = write_only || data.extensions.get("x-secret") == Some(&Value::Bool(true));
            let ty = if secret && ty == TypeRef::String {
                TypeRef::Secret
            } else {
                ty
            };
            let doc = match schema {
                ReferenceOr::Item(s) => doc_of(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
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
            });
        }
        for req in &v.required {
            if !v.properties.iter().any(|(w, _)| w == req) && v.all_of.is_empty() {
                return Err(Error::new(
                    child(pointer, "required"),
                    format!("required property {req:?} is not declared in properties"),
                ));
            }
        }
        Ok(out)
    }

    /// A schema position that may be a `$ref` or inline: its type and the checks it brings.
    fn schema_ref(
        &mut self,
        schema: Pos<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<(TypeRef, Vec<Check>), Error> {
        match schema {
            Pos::Ref(reference) => {
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
            Pos::Item(s) => {
                let v = View::of(s);
                self.inline(&v, pointer, hint, false)
            }
        }
    }

    /// Whether values of this type have a `Validate` impl to call.
    fn is_validated(&self, ty: &TypeRef) -> bool {
        match ty.named().and_then(|n| self.types.get(n)) {
            Some(def) => def.kind.is_validated(),
            // Not defined yet (recursion): structs are the only types that can recurse.
            None => ty.named().is_some(),
        }
    }

    /// An inline schema: scalars map to Rust types with checks; enums, unions and objects get a
    /// generated type named `hint` (unless `is_named_body`, where the caller defines it).
    fn inline(
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
                match v.format.as_deref() {
                    // The Rust type already guarantees these formats.
                    Some("uuid") => {
                        checks.retain(|c| !matches!(c, Check::Format(_)));
                        TypeRef::Uuid
                    }
                    Some("date-time") => {
                        checks.retain(|c| !matches!(c, Check::Format(_)));
                        TypeRef::DateTime
                    }
                    Some("binary") => {
                        return Err(Error::unsupported(
                            child(pointer, "format"),
                            "binary strings (file upload/download)",
                        ))
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
            "boolean" => TypeRef::Bool,
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
    fn map_type(&mut self, v: &View<'a>, pointer: &str, hint: &str) -> Result<TypeRef, Error> {
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

    fn inline_type(
        &mut self,
        v: &View<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<(TypeRef, Vec<Check>), Error> {
        if v.all_of.len() == 1 && v.properties.is_empty() {
            // `{"description": ..., "allOf": [{"$ref": ...}]}`: a documented reference.
            let (ty, checks) = self.schema_ref(
                pos(&v.all_of[0]),
                &child(&child(pointer, "allOf"), "0"),
                hint,
            )?;
            if let Some(default) = &v.data.default {
                self.default_constant(default, &ty, pointer)?;
            }
            return Ok((ty, checks));
        }
        let kind = if !v.one_of.is_empty() {
            self.define_union(hint, v, pointer)?
        } else if !v.all_of.is_empty() {
            self.define_all_of(hint, hint, v, pointer)?
        } else if !v.any_of.is_empty() {
            self.define_any_of(v, pointer)?
        } else if v.is_object_like() {
            TypeKind::Struct(self.fields(hint, v, pointer)?)
        } else {
            let options = v.options().unwrap_or_default();
            self.define_enum(&options, v, pointer)?
        };
        let validated = kind.is_validated();
        self.add_type(
            TypeDef {
                name: hint.to_string(),
                pointer: pointer.to_string(),
                doc: doc_of(v.data),
                kind,
            },
            hint,
        )?;
        Ok((
            TypeRef::Named(hint.to_string()),
            if validated {
                vec![Check::Nested]
            } else {
                Vec::new()
            },
        ))
    }

    /// `oneOf`: one variant per branch, named after the branch's type (`Task`, `String`,
    /// `Array`); serde picks the first variant the value fits.
    fn define_union(
        &mut self,
        owner: &str,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let at = child(pointer, "oneOf");
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (i, branch) in v.one_of.iter().enumerate() {
            let branch_at = child(&at, &i.to_string());
            let (ty, checks) =
                self.schema_ref(pos(branch), &branch_at, &format!("{owner}Variant{i}"))?;
            let base = variant_base_name(&ty);
            let name = if names.claim(&base, &branch_at, &branch_at).is_ok() {
                base
            } else {
                let numbered = format!("{base}{i}");
                names.claim(&numbered, &branch_at, &branch_at)?;
                numbered
            };
            variants.push(UnionVariant { name, ty, checks });
        }
        Ok(TypeKind::Union(variants))
    }

    fn define_enum(
        &mut self,
        options: &[String],
        v: &View,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        if !v.enumeration.is_empty() && v.enumeration.iter().any(|e| !e.is_string()) {
            return Err(Error::unsupported(
                child(pointer, "enum"),
                "enum with non-string values",
            ));
        }
        let mut names = Namespace::default();
        names.claim("Unknown", "(catch-all for values added later)", pointer)?;
        let mut variants = Vec::new();
        for (i, wire) in options.iter().enumerate() {
            let at = child(&child(pointer, "enum"), &i.to_string());
            let name = naming::variant_name(wire, &at)?;
            let name = name.trim_start_matches("r#").to_string();
            names.claim(&name, wire, &at)?;
            variants.push(Variant {
                name,
                wire: wire.clone(),
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
        let lifecycle = match v.data.extensions.get("x-lifecycle") {
            Some(spec) => Some(enum_lifecycle(
                spec,
                &variants,
                &child(pointer, "x-lifecycle"),
            )?),
            None => None,
        };
        Ok(TypeKind::Enum {
            variants,
            default,
            lifecycle,
        })
    }

    /// `anyOf` whose branches are all strings: a string type that accepts what any branch accepts.
    fn define_any_of(&mut self, v: &View<'a>, pointer: &str) -> Result<TypeKind, Error> {
        if !v.is_string_like() {
            return Err(Error::unsupported(
                child(pointer, "anyOf"),
                "anyOf over non-string schemas",
            ));
        }
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

    fn string_checks(&mut self, v: &View, pointer: &str) -> Result<Vec<Check>, Error> {
        let mut checks = Vec::new();
        if let Some(n) = v.min_length {
            checks.push(Check::MinLength(self.constant(
                pointer,
                "minLength",
                ConstValue::Usize(n),
            )?));
        }
        if let Some(n) = v.max_length {
            checks.push(Check::MaxLength(self.constant(
                pointer,
                "maxLength",
                ConstValue::Usize(n),
            )?));
        }
        if let Some(p) = v.pattern {
            if let Err(e) = regex_lite::Regex::new(p) {
                return Err(Error::new(
                    child(pointer, "pattern"),
                    format!(
                        "pattern does not compile as a regular expression: {}",
                        one_line_regex_error(&e)
                    ),
                ));
            }
            let constant = self.constant(pointer, "pattern", ConstValue::Str(p.to_string()))?;
            let regex = format!("{}__{}", constant.module.join("__"), constant.name).to_uppercase();
            self.patterns.insert(regex.clone(), constant.clone());
            checks.push(Check::Pattern { constant, regex });
        }
        if let Some(f) = v.format.as_deref() {
            if KNOWN_FORMATS.contains(&f) {
                checks.push(Check::Format(f.to_string()));
            }
        }
        Ok(checks)
    }

    fn number_checks(
        &mut self,
        v: &View,
        pointer: &str,
        ty: &TypeRef,
    ) -> Result<Vec<Check>, Error> {
        let mut checks = Vec::new();
        for (keyword, bound, exclusive) in [
            ("minimum", v.minimum, v.exclusive_minimum),
            ("maximum", v.maximum, v.exclusive_maximum),
        ] {
            let Some(bound) = bound else { continue };
            let value = self.number_const(bound, ty, &child(pointer, keyword))?;
            let constant = self.constant(pointer, keyword, value)?;
            checks.push(if keyword == "minimum" {
                Check::Minimum {
                    constant,
                    exclusive,
                }
            } else {
                Check::Maximum {
                    constant,
                    exclusive,
                }
            });
        }
        Ok(checks)
    }

    fn number_const(&self, n: Num, ty: &TypeRef, pointer: &str) -> Result<ConstValue, Error> {
        let (lo, hi): (i128, i128) = match ty {
            TypeRef::I32 => (i32::MIN.into(), i32::MAX.into()),
            TypeRef::I64 => (i64::MIN.into(), i64::MAX.into()),
            TypeRef::U32 => (0, u32::MAX.into()),
            TypeRef::U64 => (0, u64::MAX.into()),
            _ => return Ok(ConstValue::Float(num_f64(n))),
        };
        match n {
            Num::Int(i) if (lo..=hi).contains(&i128::from(i)) => Ok(ConstValue::Int {
                value: i.into(),
                ty: ty.clone(),
            }),
            _ => Err(Error::new(
                pointer,
                format!(
                    "bound {} does not fit the field's Rust type {ty:?}",
                    num_f64(n)
                ),
            )),
        }
    }

    fn default_constant(
        &mut self,
        default: &Value,
        ty: &TypeRef,
        pointer: &str,
    ) -> Result<(), Error> {
        let value = match (default, ty) {
            (Value::Number(n), TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64) => {
                let n = n.as_i64().map(Num::Int).ok_or_else(|| {
                    Error::new(
                        child(pointer, "default"),
                        "integer default is not an integer",
                    )
                })?;
                self.number_const(n, ty, &child(pointer, "default"))?
            }
            (Value::Number(n), _) => ConstValue::Float(n.as_f64().unwrap_or_default()),
            (Value::String(s), _) => ConstValue::Str(s.clone()),
            (Value::Bool(b), _) => ConstValue::Bool(*b),
            (Value::Null, _) => return Ok(()),
            (other, _) => ConstValue::JsonText(other.to_string()),
        };
        self.constant(pointer, "default", value)?;
        Ok(())
    }

    fn security(&self) -> Result<(), Error> {
        let Some(requirements) = &self.doc.security else {
            return Ok(());
        };
        let schemes = self.doc.components.as_ref().map(|c| &c.security_schemes);
        for (i, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                let at = child(&child("#/security", &i.to_string()), name);
                match schemes.and_then(|s| s.get(name)) {
                    Some(ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { scheme, .. })) if scheme.eq_ignore_ascii_case("bearer") => {}
                    Some(_) => return Err(Error::unsupported(at, "security scheme other than HTTP bearer")),
                    None => return Err(Error::new(at, format!("security scheme {name:?} is not defined in #/components/securitySchemes"))),
                }
            }
        }
        Ok(())
    }

    fn parameter(
        &self,
        p: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<(&'a Parameter, String), Error> {
        match p {
            ReferenceOr::Item(p) => Ok((p, pointer.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/parameters/")
                    .ok_or_else(|| Error::new(pointer, format!("unresolvable $ref {reference:?}: expected #/components/parameters/<name>")))?;
                let found = self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(p)) => Ok((p, child("#/components/parameters", name))),
                    Some(ReferenceOr::Reference { .. }) => {
                        Err(Error::unsupported(pointer, "parameter $ref chains"))
                    }
                    None => Err(Error::new(
                        pointer,
                        format!(
                            "unresolvable $ref: no parameter `{name}` in #/components/parameters"
                        ),
                    )),
                }
            }
        }
    }

    fn request_body(
        &self,
        b: &'a ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<(&'a RequestBody, String), Error> {
        match b {
            ReferenceOr::Item(b) => Ok((b, pointer.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/requestBodies/")
                    .ok_or_else(|| {
                        Error::new(pointer, format!("unresolvable $ref {reference:?}"))
                    })?;
                match self.doc.components.as_ref().and_then(|c| c.request_bodies.get(name)) {
                    Some(ReferenceOr::Item(b)) => Ok((b, child("#/components/requestBodies", name))),
                    _ => Err(Error::new(pointer, format!("unresolvable $ref: no request body `{name}` in #/components/requestBodies"))),
                }
            }
        }
    }

    fn response(
        &self,
        r: &'a ReferenceOr<Response>,
        pointer: &str,
    ) -> Result<(&'a Response, String), Error> {
        match r {
            ReferenceOr::Item(r) => Ok((r, pointer.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/responses/")
                    .ok_or_else(|| {
                        Error::new(pointer, format!("unresolvable $ref {reference:?}"))
                    })?;
                match self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(name))
                {
                    Some(ReferenceOr::Item(r)) => Ok((r, child("#/components/responses", name))),
                    _ => Err(Error::new(
                        pointer,
                        format!(
                            "unresolvable $ref: no response `{name}` in #/components/responses"
                        ),
                    )),
                }
            }
        }
    }

    /// A body's type and encoding: the JSON media type when there is one, else text or bytes.
    /// Forms (multipart, urlencoded) are unsupported.
    fn content(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Result<Option<(TypeRef, Media)>, Error> {
        if let Some((media, mt)) = content.iter().find(|(k, _)| is_json(k)) {
            let at = child(&child(pointer, "content"), media);
            let ty = match &mt.schema {
                Some(s) => self.schema_ref(pos(s), &child(&at, "schema"), hint)?.0,
                None => TypeRef::Json,
            };
            return Ok(Some((ty, Media::Json)));
        }
        let Some((media, _)) = content.iter().next() else {
            return Ok(None);
        };
        let essence = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
            return Err(Error::unsupported(
                child(&child(pointer, "content"), media),
                &format!("form bodies ({media})"),
            ));
        }
        Ok(Some(if essence.starts_with("text/") {
            (TypeRef::String, Media::Text(media.clone()))
        } else {
            (TypeRef::Bytes, Media::Binary(media.clone()))
        }))
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
        pointer: &str,
        error_bodies: &mut BTreeSet<TypeRef>,
    ) -> Result<Operation, Error> {
        let operation_id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method} {path}"));
        // Keeps `r#` for keywords (`r#match`); names built from it strip the prefix first.
        let fn_name = naming::field_name(&operation_id, &child(pointer, "operationId"))?;
        let type_base = naming::type_name(&operation_id, pointer)?;
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        let mut param_names = Namespace::default();
        let mut all: Vec<(&ReferenceOr<Parameter>, String)> = Vec::new();
        for (i, p) in shared.iter().enumerate() {
            all.push((
                p,
                child(
                    &child(&child("#/paths", path), "parameters"),
                    &i.to_string(),
                ),
            ));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            all.push((p, child(&child(pointer, "parameters"), &i.to_string())));
        }
        // Operation-level parameters override path-level ones with the same name and location.
        let mut seen = BTreeSet::new();
        for (p, at) in all.into_iter().rev() {
            let (param, home) = self.parameter(p, &at)?;
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Path { .. } => "path",
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            if !seen.insert((location, data.name.clone())) {
                continue;
            }
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(Error::unsupported(
                        &at,
                        "parameter with `content` instead of `schema`",
                    ))
                }
            };
            let name = naming::field_name(&data.name, &at)?;
            param_names.claim(&name, &data.name, &at)?;
            let hint = format!("{type_base}{}", naming::type_name(&data.name, &at)?);
            let (ty, checks) = self.schema_ref(pos(schema), &child(&home, "schema"), &hint)?;
            let structured = matches!(ty, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json)
                || ty.named().is_some_and(|n| {
                    matches!(
                        self.types.get(n).map(|d| &d.kind),
                        Some(TypeKind::Struct(_) | TypeKind::Union(_))
                    )
                });
            let scalar_list_in_query =
                location == "query" && matches!(&ty, TypeRef::Array(inner) if is_scalar(inner));
            if structured && !scalar_list_in_query {
                return Err(Error::unsupported(&at, "non-scalar parameter (only scalars and arrays of scalars in the query are supported)"));
            }
            let param_ir = Param {
                name,
                wire: data.name.clone(),
                pointer: home,
                doc: data.description.clone(),
                ty,
                required: data.required,
                checks,
            };
            match location {
                "path" => {
                    if !data.required {
                        return Err(Error::new(
                            &at,
                            format!("path parameter {:?} must be `required: true`", data.name),
                        ));
                    }
                    if !path.contains(&format!("{{{}}}", data.name)) {
                        return Err(Error::new(
                            &at,
                            format!(
                                "path parameter {:?} does not appear in the path {path:?}",
                                data.name
                            ),
                        ));
                    }
                    path_params.push(param_ir);
                }
                "query" => query_params.push(param_ir),
                "header" => header_params.push(param_ir),
                other => return Err(Error::unsupported(&at, &format!("{other} parameters"))),
            }
        }
        path_params.reverse();
        query_params.reverse();
        header_params.reverse();
        // Keep path parameters in path order, so positional arguments read like the URL.
        path_params.sort_by_key(|p| path.find(&format!("{{{}}}", p.wire)));
        for segment in path.split('{').skip(1) {
            let name = segment.split('}').next().unwrap_or_default();
            if !path_params.iter().any(|p| p.wire == name) {
                return Err(Error::new(
                    pointer,
                    format!("path template variable {{{name}}} has no path parameter"),
                ));
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(b) => {
                let (body, home) = self.request_body(b, &child(pointer, "requestBody"))?;
                let (ty, media) = self
                    .content(&body.content, &home, &format!("{type_base}Body"))?
                    .ok_or_else(|| Error::new(&home, "request body without content"))?;
                Some(Body {
                    media,
                    ty,
                    required: body.required,
                    doc: body.description.clone(),
                })
            }
        };

        let responses_pointer = child(pointer, "responses");
        let mut success_codes = Vec::new();
        let mut success_types = BTreeSet::new();
        for (code, r) in &op.responses.responses {
            let at = child(&responses_pointer, &code.to_string());
            let (response, home) = self.response(r, &at)?;
            let body = self.content(&response.content, &home, &format!("{type_base}Response"))?;
            let success = match code {
                StatusCode::Code(c) => (200..300).contains(c).then_some(Some(*c)),
                StatusCode::Range(r) => (*r == 2).then_some(None),
            };
            match (success, body) {
                (Some(code), body) => {
                    success_codes.push(code);
                    success_types.insert(body.unwrap_or((TypeRef::Unit, Media::Json)));
                }
                (None, Some((ty, Media::Json))) => {
                    error_bodies.insert(ty);
                }
                (None, _) => {}
            }
        }
        if let Some(r) = &op.responses.default {
            let (response, home) = self.response(r, &child(&responses_pointer, "default"))?;
            let body = self.content(&response.content, &home, &format!("{type_base}Default"))?;
            if success_codes.is_empty() {
                // Without a 2xx, `default` is the only description of success.
                success_codes.push(None);
                success_types.insert(body.unwrap_or((TypeRef::Unit, Media::Json)));
            } else if let Some((ty, Media::Json)) = body {
                error_bodies.insert(ty);
            }
        }
        if op.responses.responses.is_empty() && op.responses.default.is_none() {
            // `responses: {}` (server frameworks write it for free-form answers): any 2xx,
            // handed over as the bytes received.
            success_codes.push(None);
            success_types.insert((
                TypeRef::Bytes,
                Media::Binary("application/octet-stream".into()),
            ));
        }
        if success_codes.is_empty() {
            return Err(Error::new(
                &responses_pointer,
                "operation has no 2xx response",
            ));
        }
        if success_types.len() > 1 {
            return Err(Error::unsupported(
                &responses_pointer,
                "2xx responses with different body types",
            ));
        }
        let (response, response_media) = success_types
            .into_iter()
            .next()
            .unwrap_or((TypeRef::Unit, Media::Json));
        let query_type = (!query_params.is_empty()).then(|| format!("{type_base}Query"));
        Ok(Operation {
            operation_id,
            fn_name,
            method: method.to_uppercase(),
            path: path.to_string(),
            pointer: pointer.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            path_params,
            query_params,
            header_params,
            query_type,
            body,
            success_codes,
            response,
            response_media,
            pagination: None,
        })
    }
}

/// A union variant's name from its type: the type's own name, or what kind of value it holds.
fn variant_base_name(ty: &TypeRef) -> String {
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
        TypeRef::Unit => "Null".into(),
    }
}

/// Aliases that lead back to themselves (`A = allOf[B]`, `B = allOf[A]`) would be an infinite
/// Rust type; they describe no value, so they are an error.
fn reject_alias_cycles(types: &BTreeMap<String, TypeDef>) -> Result<(), Error> {
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

/// The regex crate explains syntax errors over several lines with a caret; keep the reason.
fn one_line_regex_error(e: &regex_lite::Error) -> String {
    let text = e.to_string();
    text.lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or_else(|| text.lines().next().unwrap_or_default())
        .to_string()
}

/// `x-lifecycle: {ready: [..], failed: [..], messageField: ".."}`: which option values end
/// provisioning. Values must be options of the enum.
fn enum_lifecycle(
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
    Ok(EnumLifecycle {
        ready: names("ready")?,
        failed: names("failed")?,
        message_field,
    })
}

/// String formats the bindings check before sending; others are documentation only.
pub const KNOWN_FORMATS: &[&str] = &[
    "ipv4",
    "ipv6",
    "hostname",
    "uuid",
    "date-time",
    "date",
    "email",
    "uri",
];

fn num_f64(n: Num) -> f64 {
    match n {
        Num::Int(i) => i as f64,
        Num::Float(f) => f,
    }
}

fn unbox(ty: TypeRef) -> TypeRef {
    // Collections already add the indirection a recursive type needs.
    match ty {
        TypeRef::Boxed(inner) => *inner,
        other => other,
    }
}

fn is_scalar(ty: &TypeRef) -> bool {
    !matches!(
        ty,
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Named(_) | TypeRef::Boxed(_)
    )
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn servers(doc: &OpenAPI) -> Result<Vec<Server>, Error> {
    let urls: Vec<&str> = doc
        .servers
        .iter()
        .map(|s| s.url.trim_end_matches('/'))
        .collect();
    let names = short_names(&urls);
    let mut variants = Namespace::default();
    let mut out = Vec::new();
    for (i, (server, name)) in doc.servers.iter().zip(names).enumerate() {
        let at = child("#/servers", &i.to_string());
        if server.variables.as_ref().is_some_and(|v| !v.is_empty()) {
            return Err(Error::unsupported(at, "server URL variables"));
        }
        let variant = naming::type_name(&name, &at)?;
        variants.claim(&variant, &server.url, &at)?;
        out.push(Server {
            url: urls[i].to_string(),
            description: server.description.clone(),
            name,
            variant,
        });
    }
    Ok(out)
}

/// The part of each URL that differs from the others, cut at `.`/`/` boundaries:
/// `https://vpn.de-fra.ionos.com` among its siblings -> `de-fra`.
fn short_names(urls: &[&str]) -> Vec<String> {
    if urls.len() < 2 {
        return urls.iter().map(|_| "default".to_string()).collect();
    }
    let first = urls[0];
    let mut prefix = first.len();
    let mut suffix = first.len();
    for u in &urls[1..] {
        prefix = prefix.min(
            first
                .bytes()
                .zip(u.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
        suffix = suffix.min(
            first
                .bytes()
                .rev()
                .zip(u.bytes().rev())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    let is_sep = |c: u8| c == b'.' || c == b'/' || c == b':';
    // Back off to separators so that "de-fra"/"de-txl" keep their shared "de-".
    while prefix > 0 && !is_sep(first.as_bytes()[prefix - 1]) {
        prefix -= 1;
    }
    urls.iter()
        .map(|u| {
            let mut s = suffix.min(u.len().saturating_sub(prefix));
            while s > 0 && !is_sep(u.as_bytes()[u.len() - s]) {
                s -= 1;
            }
            let name = &u[prefix.min(u.len())..u.len() - s];
            if name.is_empty() {
                u.to_string()
            } else {
                name.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_server_names_cut_at_separators() {
        let names = short_names(&[
            "https://vpn.de-fra.ionos.com",
            "https://vpn.de-txl.ionos.com",
            "https://vpn.fr-par.ionos.com",
        ]);
        assert_eq!(names, ["de-fra", "de-txl", "fr-par"]);
    }

    #[test]
    fn constant_homes_follow_the_declaring_schema() {
        let (m, p) = const_home("#/components/schemas/IKEEncryption/properties/lifetime").unwrap();
        assert_eq!(
            (m, p.as_str()),
            (vec!["ike_encryption".to_string()], "LIFETIME")
        );
        let (m, p) = const_home("#/components/parameters/paginationLimit/schema").unwrap();
        assert_eq!(
            (m, p.as_str()),
            (
                vec!["parameters".to_string(), "pagination_limit".to_string()],
                ""
            )
        );
        let (_, p) = const_home("#/components/schemas/X/allOf/0/properties/id").unwrap();
        assert_eq!(p, "ID");
    }
}
