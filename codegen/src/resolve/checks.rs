//! Checks and constants: every bound, pattern and default becomes a named constant in the
//! module of the schema that declares it, and constructs the bindings cannot honour are refused.

use super::view::{num_f64, Num, View};
use super::{naming, unescape, Resolver};
use crate::error::{child, Error};
use crate::ir::*;
use crate::report::Loss;
use serde_json::Value;

/// Module a constant lives in and the name prefix it gets, from the pointer of the schema that
/// declares it: `#/components/schemas/IKEEncryption/properties/lifetime` -> (`ike_encryption`, `LIFETIME`).
pub(super) fn const_home(pointer: &str) -> Result<(Vec<String>, String), Error> {
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

impl<'a> Resolver<'a> {
    pub(super) fn constant(
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

    /// `enum` on a boolean (`[true]`: a flag that must be set): the plain `bool` with a
    /// `one_of` check against the allowed values.
    pub(super) fn bool_checks(&mut self, v: &View, pointer: &str) -> Result<Vec<Check>, Error> {
        let allowed: Vec<&Value> = v.enumeration.iter().filter(|e| !e.is_null()).collect();
        if allowed.is_empty() {
            return Ok(Vec::new());
        }
        let at = child(pointer, "enum");
        let mut values = Vec::new();
        for (i, value) in allowed.into_iter().enumerate() {
            let Value::Bool(b) = value else {
                return Err(Error::new(
                    child(&at, &i.to_string()),
                    format!("{value} is not a boolean"),
                ));
            };
            values.push(ConstValue::Bool(*b));
        }
        let list = ConstValue::List {
            values,
            ty: TypeRef::Bool,
        };
        Ok(vec![Check::OneOf(self.constant(pointer, "enum", list)?)])
    }

    pub(super) fn reject_unsupported(&self, v: &View, pointer: &str) -> Result<(), Error> {
        // On a plain object a discriminator only tells readers which subtypes exist (they
        // `allOf` it); the struct of its properties is the same. On a union it chooses the
        // variant (`define_union`); with both `oneOf` and `anyOf` it is unclear which.
        if v.data.discriminator.is_some() && !v.one_of.is_empty() && !v.any_of.is_empty() {
            return Err(Error::unsupported(
                child(pointer, "discriminator"),
                "discriminator on a schema with both oneOf and anyOf",
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
        // Numbers check `multipleOf` (see `number_checks`); on anything else it means nothing
        // the generator could check.
        if v.multiple_of.is_some() && !matches!(v.typ.as_deref(), Some("integer" | "number")) {
            return Err(Error::unsupported(
                child(pointer, "multipleOf"),
                "multipleOf",
            ));
        }
        // Number enums become a `one_of` check (see `number_checks`), array enums a
        // `one_of_json` check; on an object the plain type would silently drop the allowed
        // values.
        let checked_enum = matches!(
            v.typ.as_deref(),
            Some("string" | "integer" | "number" | "boolean" | "array")
        );
        if !v.enumeration.is_empty() && v.typ.is_some() && !checked_enum {
            return Err(Error::unsupported(
                child(pointer, "enum"),
                "enum on an object schema",
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

    pub(super) fn string_checks(&mut self, v: &View, pointer: &str) -> Result<Vec<Check>, Error> {
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
            // regex-lite when it can run the pattern; the full engine (look-around, Unicode
            // classes, back-references) when only it can; neither: not a regular expression.
            let engine = if regex_lite::Regex::new(p).is_ok() {
                Ok(Some(RegexEngine::Lite))
            } else {
                match fancy_regex::Regex::new(p) {
                    Ok(_) => Ok(Some(RegexEngine::Full)),
                    Err(e) => Err(Error::new(
                        child(pointer, "pattern"),
                        format!(
                            "pattern is not a regular expression: {}",
                            e.to_string().lines().next().unwrap_or_default()
                        ),
                    )),
                }
            };
            // A broken pattern (in a third-party document) stays a documented constant,
            // unchecked and reported.
            let engine = self.recover(engine, Loss::Unchecked, || None)?;
            let constant = self.constant(pointer, "pattern", ConstValue::Str(p.to_string()))?;
            if let Some(engine) = engine {
                // Raw keyword modules (`r#macro`) are plain words in a static's name.
                let module: Vec<&str> = constant
                    .module
                    .iter()
                    .map(|m| m.trim_start_matches("r#"))
                    .collect();
                let regex = format!("{}__{}", module.join("__"), constant.name).to_uppercase();
                let pattern = PatternDef {
                    constant: constant.clone(),
                    engine,
                };
                self.patterns.insert(regex.clone(), pattern);
                checks.push(Check::Pattern { constant, regex });
            }
        }
        if let Some(f) = v.format.as_deref() {
            if let Some(format) = Format::from_keyword(f) {
                checks.push(Check::Format(format));
            }
        }
        Ok(checks)
    }

    pub(super) fn number_checks(
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
        if let Some(divisor) = v.multiple_of {
            if num_f64(divisor) <= 0.0 {
                return Err(Error::new(
                    child(pointer, "multipleOf"),
                    "multipleOf must be greater than 0",
                ));
            }
            let value = self.number_const(divisor, ty, &child(pointer, "multipleOf"))?;
            checks.push(Check::MultipleOf(self.constant(
                pointer,
                "multipleOf",
                value,
            )?));
        }
        // `null` in an enum only says the value may be absent.
        let allowed: Vec<&Value> = v.enumeration.iter().filter(|e| !e.is_null()).collect();
        if !allowed.is_empty() {
            let at = child(pointer, "enum");
            let mut values = Vec::new();
            for (i, value) in allowed.into_iter().enumerate() {
                // `"1"` in a number enum (a quoted YAML value): its number.
                let quoted = value.as_str().and_then(|s| s.trim().parse::<Value>().ok());
                if quoted.as_ref().is_some_and(Value::is_number) {
                    self.infer(
                        &child(&at, &i.to_string()),
                        format!("{value} in the enum of a number schema: its number is used"),
                    );
                }
                let value = quoted.as_ref().filter(|q| q.is_number()).unwrap_or(value);
                let n = match (value.as_i64(), value.as_f64()) {
                    (Some(i), _) => Num::Int(i),
                    (None, Some(f)) => Num::Float(f),
                    _ => {
                        return Err(Error::new(
                            child(&at, &i.to_string()),
                            format!("{value} is not a number of this number schema"),
                        ))
                    }
                };
                values.push(self.number_const(n, ty, &child(&at, &i.to_string()))?);
            }
            let list = ConstValue::List {
                values,
                ty: ty.clone(),
            };
            let constant = self.constant(pointer, "enum", list)?;
            checks.push(Check::OneOf(constant));
        }
        Ok(checks)
    }

    pub(super) fn number_const(
        &self,
        n: Num,
        ty: &TypeRef,
        pointer: &str,
    ) -> Result<ConstValue, Error> {
        let (lo, hi): (i128, i128) = match ty {
            TypeRef::I32 => (i32::MIN.into(), i32::MAX.into()),
            TypeRef::I64 => (i64::MIN.into(), i64::MAX.into()),
            TypeRef::U32 => (0, u32::MAX.into()),
            TypeRef::U64 => (0, u64::MAX.into()),
            TypeRef::F32 => return Ok(ConstValue::Float32(num_f64(n))),
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

    pub(super) fn default_constant(
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
