//! What an operation returns on success ([`Returns`]), and the error bodies its other
//! statuses declare.

use super::Resolver;
use crate::error::{child, Error};
use crate::ir::{Answer, Media, Returns, SuccessStatus, TypeRef};
use openapiv3::{ReferenceOr, Response, StatusCode};
use std::collections::BTreeSet;

/// A success response: its status, its body (when it has one) and its description.
type Success = (SuccessStatus, Option<(TypeRef, Media)>, Option<String>);

impl<'a> Resolver<'a> {
    pub(super) fn response(
        &self,
        r: &'a ReferenceOr<Response>,
        pointer: &str,
    ) -> Result<(&'a Response, String), Error> {
        let components = self.doc.components.as_ref();
        super::component(r, pointer, "responses", "response", |name| {
            components?.responses.get(name)
        })
    }

    /// What `op` returns on success; the JSON bodies of its error statuses go to
    /// `error_bodies`.
    pub(super) fn returns(
        &mut self,
        op: &'a openapiv3::Operation,
        type_base: &str,
        pointer: &str,
        error_bodies: &mut BTreeSet<TypeRef>,
    ) -> Result<Returns, Error> {
        let responses_pointer = child(pointer, "responses");
        let mut successes: Vec<Success> = Vec::new();
        for (code, r) in &op.responses.responses {
            let at = child(&responses_pointer, &code.to_string());
            let (response, home) = self.response(r, &at)?;
            let body = self.content(&response.content, &home, &format!("{type_base}Response"))?;
            if let Some((_, Media::Form | Media::Multipart)) = &body {
                return Err(Error::unsupported(&home, "form responses"));
            }
            let status = match code {
                StatusCode::Code(c) => (200..300).contains(c).then_some(SuccessStatus::Code(*c)),
                StatusCode::Range(r) => (*r == 2).then_some(SuccessStatus::Range),
            };
            match (status, body) {
                (Some(code), body) => {
                    successes.push((code, body, super::non_empty(Some(&response.description))))
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
            if successes.is_empty() {
                // Without a 2xx, `default` is the only description of success.
                let doc = super::non_empty(Some(&response.description));
                successes.push((SuccessStatus::Default, body, doc));
            } else if let Some((ty, Media::Json)) = body {
                error_bodies.insert(ty);
            }
        }
        if op.responses.responses.is_empty() && op.responses.default.is_none() {
            // `responses: {}` (server frameworks write it for free-form answers): any 2xx,
            // handed over as the bytes received.
            return Ok(Returns::Body {
                ty: TypeRef::Bytes,
                media: Media::Binary("application/octet-stream".into()),
                statuses: vec![SuccessStatus::Default],
            });
        }
        Ok(returns(type_base, successes))
    }
}

/// The shape of what the success responses answer.
fn returns(type_base: &str, successes: Vec<Success>) -> Returns {
    if successes.is_empty() {
        // Only `101`, `3xx` or error statuses: what the server answers below 400 is handed
        // over as it is.
        return Returns::Raw;
    }
    let statuses: Vec<SuccessStatus> = successes.iter().map(|(status, ..)| *status).collect();
    let no_body = (TypeRef::Unit, Media::Json);
    let mut bodies: BTreeSet<(TypeRef, Media)> = successes
        .iter()
        .map(|(_, body, _)| body.clone().unwrap_or_else(|| no_body.clone()))
        .collect();
    // One body among statuses without any (`200` + `204`) is an optional answer.
    if bodies.len() == 2 && bodies.remove(&no_body) {
        let without_body = successes
            .iter()
            .filter(|(_, body, _)| body.is_none())
            .map(|(status, ..)| *status)
            .collect();
        let (ty, media) = bodies.pop_first().unwrap_or(no_body);
        return Returns::Optional {
            ty,
            media,
            statuses,
            without_body,
        };
    }
    if bodies.len() > 1 {
        // Different bodies: an enum of the answers, a variant per status.
        let answers = successes
            .into_iter()
            .map(|(status, body, doc)| Answer {
                variant: match status {
                    SuccessStatus::Code(code) => format!("Status{code}"),
                    SuccessStatus::Range => "Status2xx".into(),
                    SuccessStatus::Default => "Default".into(),
                },
                status,
                body,
                doc,
            })
            .collect();
        return Returns::Answers {
            type_name: format!("{type_base}Answer"),
            answers,
        };
    }
    let (ty, media) = bodies.pop_first().unwrap_or(no_body);
    Returns::Body {
        ty,
        media,
        statuses,
    }
}
