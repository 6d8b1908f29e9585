//! Operations and parameters: path, query and header parameters, request bodies, and the
//! success and error responses of every operation.

use super::naming::{self, Namespace};
use super::{pos, Resolver};
use crate::error::{child, Error};
use crate::ir::*;
use crate::report::Loss;
use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody};
use std::collections::{BTreeMap, BTreeSet};

/// Names the generated operation methods use for their own arguments and locals
/// (`emit::operations`); a path or header parameter of the same name is renamed.
const METHOD_LOCALS: &[&str] = &[
    "query", "body", "out", "request", "response", "path", "value",
];

impl<'a> Resolver<'a> {
    pub(super) fn parameter(
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

    pub(super) fn request_body(
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

    /// A body's type and encoding: the JSON media type when there is one, else a form
    /// (urlencoded or multipart/form-data), text or bytes.
    pub(super) fn content(
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
        let form = match essence.as_str() {
            "application/x-www-form-urlencoded" => Some(Media::Form),
            "multipart/form-data" => Some(Media::Multipart),
            _ if essence.starts_with("multipart/") => {
                return Err(Error::unsupported(
                    child(&child(pointer, "content"), media),
                    &format!("multipart bodies other than multipart/form-data ({media})"),
                ))
            }
            _ => None,
        };
        if let Some(form) = form {
            let at = child(&child(pointer, "content"), media);
            let ty = match &content[media].schema {
                Some(s) => self.schema_ref(pos(s), &child(&at, "schema"), hint)?.0,
                None => TypeRef::Json,
            };
            return Ok(Some((ty, form)));
        }
        Ok(Some(if essence.starts_with("text/") {
            (TypeRef::String, Media::Text(media.clone()))
        } else {
            (TypeRef::Bytes, Media::Binary(media.clone()))
        }))
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
    fn parameters(
        &mut self,
        path: &str,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
        pointer: &str,
        type_base: &str,
    ) -> Result<Parameters, Error> {
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
        let mut locations = BTreeMap::new();
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
            // `content: application/json` in the query: the value's JSON text.
            let (schema, schema_at, as_json) = match &data.format {
                ParameterSchemaOrContent::Schema(s) => (s, child(&home, "schema"), false),
                ParameterSchemaOrContent::Content(content) => {
                    let json = content
                        .iter()
                        .find(|(media, _)| is_json(media))
                        .and_then(|(media, mt)| Some((media, mt.schema.as_ref()?)));
                    match json {
                        Some((media, s)) if location == "query" => (
                            s,
                            child(&child(&child(&home, "content"), media), "schema"),
                            true,
                        ),
                        _ => {
                            self.unpassable(
                                Error::unsupported(
                                    &at,
                                    "parameter with `content` other than JSON in the query",
                                ),
                                data.required,
                            )?;
                            continue;
                        }
                    }
                }
            };
            if location == "cookie" {
                self.unpassable(Error::unsupported(&at, "cookie parameters"), data.required)?;
                continue;
            }
            let mut name = naming::field_name(&data.name, &at)?;
            // Path and header parameters are arguments of the generated method, beside the
            // locals and arguments it makes itself.
            if matches!(location, "path" | "header") && METHOD_LOCALS.contains(&name.as_str()) {
                name = format!("{name}_param");
            }
            // A parameter is its name and its location: `id` in the path and `id` in the
            // query are two, and the one met second is named after its location too.
            if let Some(first) = locations.insert(data.name.clone(), location) {
                if first != location && param_names.contains(&name) {
                    name = format!("{}_{location}", name.trim_start_matches("r#"));
                }
            }
            let name = param_names.unique(&name, &data.name, &at)?;
            let hint = format!("{type_base}{}", naming::type_name(&data.name, &at)?);
            let (ty, checks) = self.schema_ref(pos(schema), &schema_at, &hint)?;
            let structured = self.is_structured(&ty);
            let scalar_list = matches!(&ty, TypeRef::Array(inner) if is_scalar(inner));
            // Objects in the path or a header only in the `simple` style (`a,1,b,2`).
            let simple = match param {
                Parameter::Path { style, .. } => matches!(style, openapiv3::PathStyle::Simple),
                Parameter::Header { .. } => true,
                _ => false,
            };
            let unpassable = if matches!(ty, TypeRef::File) {
                Some("a file (`format: binary`) as a parameter")
            } else if structured && location != "query" && !scalar_list && !simple {
                Some("object parameter in the path in the label or matrix style")
            } else {
                None
            };
            if let Some(construct) = unpassable {
                self.unpassable(Error::unsupported(&at, construct), data.required)?;
                continue;
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
            let style = style.filter(|style| {
                *style != ParamStyle::FormExploded
                    || !matches!(&ty, TypeRef::Array(inner) if is_scalar(inner))
            });
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
        Ok(Parameters {
            path: path_params,
            query: query_params,
            header: header_params,
        })
    }

    pub(super) fn operation(
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
        // Two operationIds that convert to one name (`getItems`, `GetItems`) get numbered
        // names; the number goes into the names of the operation's types too.
        let wanted = naming::field_name(&operation_id, &child(pointer, "operationId"))?;
        let unique = self.fn_names.unique(&wanted, &operation_id, pointer)?;
        let name_source = match unique.strip_prefix(wanted.trim_start_matches("r#")) {
            Some(suffix) if unique != wanted => format!("{operation_id}{suffix}"),
            _ => operation_id.clone(),
        };
        let http_method = Method::from_key(method)
            .ok_or_else(|| Error::unsupported(pointer, &format!("HTTP method {method:?}")))?;
        // Keeps `r#` for keywords (`r#match`); names built from it strip the prefix first.
        let fn_name = naming::field_name(&name_source, &child(pointer, "operationId"))?;
        let type_base = naming::type_name(&name_source, pointer)?;
        let Parameters {
            path: path_params,
            query: query_params,
            header: header_params,
        } = self.parameters(path, op, shared, pointer, &type_base)?;

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
                    doc: super::non_empty(body.description.as_ref()),
                })
            }
        };

        let returns = self.returns(op, &type_base, pointer, error_bodies)?;
        let query_type = (!query_params.is_empty()).then(|| format!("{type_base}Query"));
        let op = Operation {
            operation_id,
            fn_name,
            type_base,
            method: http_method,
            path: path.to_string(),
            pointer: pointer.to_string(),
            summary: super::non_empty(op.summary.as_ref()),
            description: super::non_empty(op.description.as_ref()),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            security: op.security.as_ref().map(|alternatives| {
                alternatives
                    .iter()
                    .map(|requirement| requirement.keys().cloned().collect())
                    .collect()
            }),
            path_params,
            query_params,
            header_params,
            query_type,
            body,
            returns,
            pagination: None,
            wait: None,
        };
        // The helpers the runtime has for its shape: every type it answers with is resolved.
        let pagination = super::conventions::pagination(&self.types, &op);
        let wait = super::conventions::wait(&self.types, &op, pagination.as_ref());
        Ok(Operation {
            pagination,
            wait,
            ..op
        })
    }
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

pub(super) fn is_scalar(ty: &TypeRef) -> bool {
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

pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// An operation's parameters by place.
struct Parameters {
    path: Vec<Param>,
    query: Vec<Param>,
    header: Vec<Param>,
}
