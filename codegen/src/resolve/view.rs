//! Schema flattening: every `openapiv3` schema variant seen as one flat [`View`] of the keywords
//! the generator understands, so the rules elsewhere never match on the parser's shapes.

use super::options::options_from_description;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Num {
    Int(i64),
    Float(f64),
}

/// One schema with every keyword the generator understands in one flat shape, whatever
/// `openapiv3` variant it came in.
pub(super) struct View<'a> {
    pub(super) data: &'a SchemaData,
    pub(super) typ: Option<String>,
    pub(super) format: Option<String>,
    pub(super) pattern: Option<&'a str>,
    pub(super) min_length: Option<usize>,
    pub(super) max_length: Option<usize>,
    pub(super) minimum: Option<Num>,
    pub(super) maximum: Option<Num>,
    pub(super) exclusive_minimum: bool,
    pub(super) exclusive_maximum: bool,
    pub(super) multiple_of: Option<Num>,
    pub(super) properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
    pub(super) required: Vec<&'a String>,
    pub(super) additional: Option<&'a AdditionalProperties>,
    pub(super) items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub(super) min_items: Option<usize>,
    pub(super) max_items: Option<usize>,
    pub(super) enumeration: Vec<Value>,
    pub(super) one_of: &'a [ReferenceOr<Schema>],
    pub(super) all_of: &'a [ReferenceOr<Schema>],
    pub(super) any_of: &'a [ReferenceOr<Schema>],
    pub(super) not: bool,
}

pub(super) fn fmt_name<T: std::fmt::Debug>(
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
    pub(super) fn of(schema: &'a Schema) -> View<'a> {
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
            multiple_of: None,
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
                v.multiple_of = i.multiple_of.map(Num::Int);
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
                v.multiple_of = n.multiple_of.map(Num::Float);
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
                v.multiple_of = num(a.multiple_of);
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

    /// Says nothing about the value's shape: no type and no keyword that implies one, only
    /// annotations (`description`, `nullable`, `example`) and `required` (an `allOf` branch
    /// that marks properties of its siblings required).
    pub(super) fn is_annotation_only(&self) -> bool {
        self.typ.is_none()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.format.is_none()
            && self.pattern.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.enumeration.is_empty()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && !self.not
    }

    pub(super) fn is_object_like(&self) -> bool {
        self.typ.as_deref() == Some("object") || !self.properties.is_empty()
    }

    /// Holds only string keywords (type string, or no type with format/pattern/lengths).
    pub(super) fn is_string_like(&self) -> bool {
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
    pub(super) fn effective_type(&self) -> &str {
        match self.typ.as_deref() {
            Some(t) => t,
            None if !self.properties.is_empty() => "object",
            None if self.items.is_some() => "array",
            None if self.is_string_like() => "string",
            None => "any",
        }
    }

    pub(super) fn options(&self) -> Option<Vec<String>> {
        if !self.enumeration.is_empty() {
            return Some(
                self.enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            );
        }
        if let Some(Value::Array(list)) = self.data.extensions.get(crate::extensions::OPTIONS) {
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

pub(super) fn num_f64(n: Num) -> f64 {
    match n {
        Num::Int(i) => i as f64,
        Num::Float(f) => f,
    }
}
