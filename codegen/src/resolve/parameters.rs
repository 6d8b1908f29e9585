//! Parameters: the path-level and operation-level declarations merged, each resolved to a
//! [`Param`] in its place (path, query, header) with the style its value is written in, or
//! left out, reported, where the generated method cannot pass it.

use super::naming::{self, Namespace};
use super::{is_json, pos, Resolver};
use crate::error::{child, Error};
use crate::ir::{Param, ParamStyle, TypeKind, TypeRef};
use crate::report::Loss;
use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema,
};
use std::collections::{BTreeMap, BTreeSet};

/// An operation's parameters by place.
pub(super) struct Parameters {
    pub(super) path: Vec<Param>,
    pub(super) query: Vec<Param>,
    pub(super) header: Vec<Param>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    fn of(param: &Parameter) -> Location {
        match param {
            Parameter::Path { .. } => Location::Path,
            Parameter::Query { .. } => Location::Query,
            Parameter::Header { .. } => Location::Header,
            Parameter::Cookie { .. } => Location::Cookie,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// A parameter's schema: where it is, and whether the value is sent as its JSON text
/// (`content: application/json` in the query).
struct ValueSchema<'a> {
    schema: &'a ReferenceOr<Schema>,
    at: String,
    as_json: bool,
}

impl<'a> Resolver<'a> {
    pub(super) fn parameter(
        &self,
        p: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<(&'a Parameter, String), Error> {
        let components = self.doc.components.as_ref();
        super::component(p, pointer, "parameters", "parameter", |name| {
            components?.parameters.get(name)
        })
    }

    /// A parameter the generated method cannot pass: an optional one is left out (reported,
    /// in [`Mode::SkipUnsupported`](crate::Mode)), a required one takes the operation with it.
    fn unpassable(&mut self, problem: Error, required: bool) -> Result<(), Error> {
        if required {
            return Err(problem);
        }
        self.recover(Err(problem), Loss::SkippedParameter, || ())
    }

    /// The operation's parameters (path-level ones first, overridden by the operation's own of
    /// the same name and location), each in its place, path parameters in path order.
    pub(super) fn parameters(
        &mut self,
        path: &str,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
        pointer: &str,
        type_base: &str,
    ) -> Result<Parameters, Error> {
        let mut placed = Parameters {
            path: Vec::new(),
            query: Vec::new(),
            header: Vec::new(),
        };
        let mut names = Namespace::default();
        let shared_at = child(&child("#/paths", path), "parameters");
        let declared = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, child(&shared_at, &i.to_string())))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, child(&child(pointer, "parameters"), &i.to_string()))),
            );
        // Operation-level parameters override path-level ones with the same name and location.
        let mut seen = BTreeSet::new();
        let mut locations = BTreeMap::new();
        for (p, at) in declared.collect::<Vec<_>>().into_iter().rev() {
            let (param, home) = self.parameter(p, &at)?;
            let data = param.parameter_data_ref();
            let location = Location::of(param);
            if !seen.insert((location, data.name.clone())) {
                continue;
            }
            let Some(value) = self.value_schema(data, location, &home, &at)? else {
                continue;
            };
            // The method's own arguments and locals step aside for these (`emit::Locals`).
            let mut name = naming::field_name(&data.name, &at)?;
            // A parameter is its name and its location: `id` in the path and `id` in the
            // query are two, and the one met second is named after its location too.
            if let Some(first) = locations.insert(data.name.clone(), location) {
                if first != location && names.contains(&name) {
                    name = format!("{}_{}", name.trim_start_matches("r#"), location.name());
                }
            }
            let name = names.unique(&name, &data.name, &at)?;
            let hint = format!("{type_base}{}", naming::type_name(&data.name, &at)?);
            let (ty, checks) = self.schema_ref(pos(value.schema), &value.at, &hint)?;
            let style = match self.passing(param, data, &ty, value.as_json, &at)? {
                Passing::Unpassable => continue,
                Passing::Plain => None,
                Passing::Styled(style) => Some(style),
            };
            let param_ir = Param {
                style,
                name,
                wire: data.name.clone(),
                pointer: home,
                doc: super::non_empty(data.description.as_ref()),
                ty,
                required: data.required,
                checks,
            };
            match location {
                Location::Path => {
                    check_path_parameter(path, data, &at)?;
                    placed.path.push(param_ir);
                }
                Location::Query => placed.query.push(param_ir),
                Location::Header => placed.header.push(param_ir),
                Location::Cookie => return Err(Error::unsupported(&at, "cookie parameters")),
            }
        }
        placed.path.reverse();
        placed.query.reverse();
        placed.header.reverse();
        // Keep path parameters in path order, so positional arguments read like the URL.
        placed
            .path
            .sort_by_key(|p| path.find(&format!("{{{}}}", p.wire)));
        for segment in path.split('{').skip(1) {
            let name = segment.split('}').next().unwrap_or_default();
            if !placed.path.iter().any(|p| p.wire == name) {
                return Err(Error::new(
                    pointer,
                    format!("path template variable {{{name}}} has no path parameter"),
                ));
            }
        }
        Ok(placed)
    }

    /// The schema of a parameter's value, or `None` when it cannot be passed (reported).
    fn value_schema(
        &mut self,
        data: &'a ParameterData,
        location: Location,
        home: &str,
        at: &str,
    ) -> Result<Option<ValueSchema<'a>>, Error> {
        let value = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => ValueSchema {
                schema,
                at: child(home, "schema"),
                as_json: false,
            },
            ParameterSchemaOrContent::Content(content) => {
                let json = content
                    .iter()
                    .find(|(media, _)| is_json(media))
                    .and_then(|(media, mt)| Some((media, mt.schema.as_ref()?)));
                match json {
                    Some((media, schema)) if location == Location::Query => ValueSchema {
                        schema,
                        at: child(&child(&child(home, "content"), media), "schema"),
                        as_json: true,
                    },
                    _ => {
                        self.unpassable(
                            Error::unsupported(
                                at,
                                "parameter with `content` other than JSON in the query",
                            ),
                            data.required,
                        )?;
                        return Ok(None);
                    }
                }
            }
        };
        if location == Location::Cookie {
            self.unpassable(Error::unsupported(at, "cookie parameters"), data.required)?;
            return Ok(None);
        }
        Ok(Some(value))
    }

    /// How a parameter's value of type `ty` is written, or that the method cannot pass it
    /// (reported).
    fn passing(
        &mut self,
        param: &Parameter,
        data: &ParameterData,
        ty: &TypeRef,
        as_json: bool,
        at: &str,
    ) -> Result<Passing, Error> {
        let location = Location::of(param);
        let structured = self.is_structured(ty);
        let scalar_list = matches!(ty, TypeRef::Array(inner) if is_scalar(inner));
        // Objects in the path or a header only in the `simple` style (`a,1,b,2`).
        let simple = match param {
            Parameter::Path { style, .. } => matches!(style, openapiv3::PathStyle::Simple),
            Parameter::Header { .. } => true,
            _ => false,
        };
        let unpassable = if matches!(ty, TypeRef::File) {
            Some("a file (`format: binary`) as a parameter")
        } else if structured && location != Location::Query && !scalar_list && !simple {
            Some("object parameter in the path in the label or matrix style")
        } else {
            None
        };
        if let Some(construct) = unpassable {
            self.unpassable(Error::unsupported(at, construct), data.required)?;
            return Ok(Passing::Unpassable);
        }
        // How a structured query value is written; scalars (and lists of them, repeated
        // as the default style says) need none.
        let style = match param {
            _ if as_json => Some(ParamStyle::Json),
            Parameter::Query { style, .. } if structured => {
                let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                Some(match style {
                    QueryStyle::Form if explode => ParamStyle::FormExploded,
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                })
            }
            Parameter::Path { .. } | Parameter::Header { .. } if structured && !scalar_list => {
                Some(if data.explode.unwrap_or(false) {
                    ParamStyle::SimpleExploded
                } else {
                    ParamStyle::Simple
                })
            }
            _ => None,
        };
        // A list of scalars in the default style keeps the plain repeated form.
        Ok(
            match style.filter(|style| *style != ParamStyle::FormExploded || !scalar_list) {
                Some(style) => Passing::Styled(style),
                None => Passing::Plain,
            },
        )
    }
}

/// How a parameter's value is written.
enum Passing {
    /// The method cannot pass it (a file, an object in the label or matrix style): the
    /// parameter, or its operation when it is required, is left out and reported.
    Unpassable,
    /// As its text: a scalar, or a list of scalars in its default form (repeated in the
    /// query, joined by commas elsewhere).
    Plain,
    /// A structured value in this style.
    Styled(ParamStyle),
}

/// A path parameter is required and appears in the path.
fn check_path_parameter(path: &str, data: &ParameterData, at: &str) -> Result<(), Error> {
    if !data.required {
        return Err(Error::new(
            at,
            format!("path parameter {:?} must be `required: true`", data.name),
        ));
    }
    if !path.contains(&format!("{{{}}}", data.name)) {
        return Err(Error::new(
            at,
            format!(
                "path parameter {:?} does not appear in the path {path:?}",
                data.name
            ),
        ));
    }
    Ok(())
}

impl Resolver<'_> {
    /// Whether values of `ty` are objects or lists (through aliases), which only the query
    /// can carry (written as the parameter's style says).
    fn is_structured(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::File => true,
            TypeRef::Boxed(inner) => self.is_structured(inner),
            TypeRef::Named(name) => match self.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => self.is_structured(inner),
                Some(TypeKind::Struct(_) | TypeKind::Union(_)) | None => true,
                Some(TypeKind::Enum { .. } | TypeKind::Text { .. }) => false,
            },
            _ => false,
        }
    }
}

fn is_scalar(ty: &TypeRef) -> bool {
    !matches!(
        ty,
        TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::Json
            | TypeRef::Named(_)
            | TypeRef::Boxed(_)
            | TypeRef::File
    )
}
