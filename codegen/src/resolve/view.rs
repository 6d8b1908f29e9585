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
            SchemaKind::Type(t) => v.set_type(t),
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => v.set_any(a),
        }
        v
    }

    /// What a schema of one `type` says.
    fn set_type(&mut self, t: &'a Type) {
        match t {
            Type::String(s) => {
                self.typ = Some("string".into());
                self.format = fmt_name(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                self.pattern = s.pattern.as_deref();
                self.min_length = s.min_length;
                self.max_length = s.max_length;
                self.enumeration = s
                    .enumeration
                    .iter()
                    .map(|e| e.clone().map(Value::String).unwrap_or(Value::Null))
                    .collect();
            }
            Type::Integer(i) => {
                self.typ = Some("integer".into());
                self.format = fmt_name(&i.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                self.minimum = i.minimum.map(Num::Int);
                self.maximum = i.maximum.map(Num::Int);
                self.exclusive_minimum = i.exclusive_minimum;
                self.exclusive_maximum = i.exclusive_maximum;
                self.multiple_of = i.multiple_of.map(Num::Int);
                self.enumeration = i
                    .enumeration
                    .iter()
                    .map(|e| e.map(Value::from).unwrap_or(Value::Null))
                    .collect();
            }
            Type::Number(n) => {
                self.typ = Some("number".into());
                self.format = fmt_name(&n.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
                self.minimum = n.minimum.map(Num::Float);
                self.maximum = n.maximum.map(Num::Float);
                self.exclusive_minimum = n.exclusive_minimum;
                self.exclusive_maximum = n.exclusive_maximum;
                self.multiple_of = n.multiple_of.map(Num::Float);
                self.enumeration = n
                    .enumeration
                    .iter()
                    .map(|e| e.map(Value::from).unwrap_or(Value::Null))
                    .collect();
            }
            Type::Boolean(b) => {
                self.typ = Some("boolean".into());
                self.enumeration = b
                    .enumeration
                    .iter()
                    .map(|e| e.map(Value::Bool).unwrap_or(Value::Null))
                    .collect();
            }
            Type::Object(o) => {
                self.typ = Some("object".into());
                self.properties = o.properties.iter().collect();
                self.required = o.required.iter().collect();
                self.additional = o.additional_properties.as_ref();
            }
            Type::Array(a) => {
                self.typ = Some("array".into());
                self.items = a.items.as_ref();
                self.min_items = a.min_items;
                self.max_items = a.max_items;
            }
        }
    }

    /// What a schema of no single variant says (keywords of several, or none).
    fn set_any(&mut self, a: &'a openapiv3::AnySchema) {
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
        self.typ = a.typ.clone();
        self.format = a.format.clone();
        self.pattern = a.pattern.as_deref();
        self.min_length = a.min_length;
        self.max_length = a.max_length;
        self.minimum = num(a.minimum);
        self.maximum = num(a.maximum);
        self.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
        self.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
        self.multiple_of = num(a.multiple_of);
        self.properties = a.properties.iter().collect();
        self.required = a.required.iter().collect();
        self.additional = a.additional_properties.as_ref();
        self.items = a.items.as_ref();
        self.min_items = a.min_items;
        self.max_items = a.max_items;
        self.enumeration = a.enumeration.clone();
        self.one_of = &a.one_of;
        self.all_of = &a.all_of;
        self.any_of = &a.any_of;
        self.not = a.not.is_some();
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
