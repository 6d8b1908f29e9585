//! Operations: names, request bodies and their content, and the parts other files resolve
//! (parameters in `parameters.rs`, what the operation returns in `responses.rs`).

use super::parameters::Parameters;
use super::{essence, form, naming, pos, schema_media_type, Resolver};
use crate::error::{child, Error};
use crate::ir::*;
use openapiv3::{Parameter, ReferenceOr, RequestBody};
use std::collections::BTreeSet;

impl<'a> Resolver<'a> {
    pub(super) fn request_body(
        &self,
        b: &'a ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<(&'a RequestBody, String), Error> {
        let components = self.doc.components.as_ref();
        super::component(b, pointer, "requestBodies", "request body", |name| {
            components?.request_bodies.get(name)
        })
    }

    /// A body's type and encoding: the JSON media type when there is one, else a form
    /// (urlencoded or multipart/form-data), text or bytes.
    pub(super) fn content(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Result<Option<(TypeRef, Media)>, Error> {
        let Some(first) = content.keys().next() else {
            return Ok(None);
        };
        let at = |media: &str| child(&child(pointer, "content"), media);
        if let Some(media) = schema_media_type(content.keys().map(String::as_str)) {
            let ty = match &content[media].schema {
                Some(s) => {
                    self.schema_ref(pos(s), &child(&at(media), "schema"), hint)?
                        .0
                }
                None => TypeRef::Json,
            };
            return Ok(Some((ty, form(media).unwrap_or(Media::Json))));
        }
        let (media, essence) = (first, essence(first).to_ascii_lowercase());
        if essence.starts_with("multipart/") {
            return Err(Error::unsupported(
                at(media),
                &format!("multipart bodies other than multipart/form-data ({media})"),
            ));
        }
        Ok(Some(if essence.starts_with("text/") {
            (TypeRef::String, Media::Text(media.clone()))
        } else {
            (TypeRef::Bytes, Media::Binary(media.clone()))
        }))
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
            security: match &op.security {
                None => OperationSecurity::Document,
                Some(alternatives) if alternatives.is_empty() => OperationSecurity::Anonymous,
                Some(alternatives) => OperationSecurity::Own(
                    alternatives
                        .iter()
                        .map(|requirement| SchemeSet(requirement.keys().cloned().collect()))
                        .collect(),
                ),
            },
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
