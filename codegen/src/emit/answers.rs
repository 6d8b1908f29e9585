//! What an operation's method returns: one body, an optional one, an enum of answers (a
//! variant per status, `XAnswer` in `operations.rs`), or the raw answer.

use super::{ident, rust_type};
use crate::ir::{Answer, Media, Operation, SuccessStatus, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

fn status_pattern(status: &SuccessStatus) -> TokenStream {
    match status {
        SuccessStatus::Code(code) => quote!(#code),
        SuccessStatus::Range | SuccessStatus::Default => quote!(200..=299),
    }
}

/// How a body of the answer is read.
fn read_body(ty: &TypeRef, media: &Media) -> TokenStream {
    match (ty, media) {
        (TypeRef::Unit, _) => quote!(Ok(())),
        // Resolve refuses form responses.
        (_, Media::Json | Media::Form | Media::Multipart) => quote!(response.json()),
        (_, Media::Text(_)) => quote!(response.text()),
        (_, Media::Binary(_)) => quote!(Ok(response.into_bytes())),
    }
}

/// The method's return type and the match arms of its success statuses (documenting on the
/// method what it returns for which status).
pub(super) fn answer(
    op: &Operation,
    models: &TokenStream,
    docs: &mut Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    if op.raw_answer {
        docs.extend([
            quote!(#[doc = ""]),
            quote!(#[doc = " The spec declares no success body: the answer comes as it is for every status below 400."]),
        ]);
        return (quote!(rt::Response), quote!(100..=399 => Ok(response),));
    }
    if let Some(answer_type) = &op.answer_type {
        let ty = ident(answer_type);
        // Exact statuses first: a `2XX` range among them would take them.
        let mut answers: Vec<&Answer> = op.answers.iter().collect();
        answers.sort_by_key(|a| !matches!(a.status, SuccessStatus::Code(_)));
        let arms = answers.iter().map(|a| {
            let pattern = status_pattern(&a.status);
            let variant = ident(&a.variant);
            match &a.body {
                None => quote!(#pattern => Ok(#ty::#variant),),
                Some((body, media)) => {
                    let read = read_body(body, media);
                    quote!(#pattern => #read.map(#ty::#variant),)
                }
            }
        });
        let note = format!(" The statuses answer with different bodies: [`{answer_type}`] has one variant per status.");
        docs.extend([quote!(#[doc = ""]), quote!(#[doc = #note])]);
        return (quote!(#ty), quote!(#(#arms)*));
    }
    let mut response_ty = rust_type(&op.response, models);
    let success_patterns = op
        .success
        .iter()
        .filter(|s| !op.success_without_body.contains(s))
        .map(status_pattern);
    let mut on_success = read_body(&op.response, &op.response_media);
    // Statuses without a body come first: a `2XX` range among the others would take them.
    let mut empty_arm = quote!();
    if !op.success_without_body.is_empty() {
        let empty = op.success_without_body.iter().map(status_pattern);
        empty_arm = quote!(#(#empty)|* => Ok(None),);
        let codes: Vec<String> = op
            .success_without_body
            .iter()
            .map(|s| match s {
                SuccessStatus::Code(code) => code.to_string(),
                SuccessStatus::Range | SuccessStatus::Default => "2XX".into(),
            })
            .collect();
        let note = format!(
            " `None` when the server answers {} (without a body).",
            codes.join(" or ")
        );
        docs.extend([quote!(#[doc = ""]), quote!(#[doc = #note])]);
        on_success = quote!(#on_success.map(Some));
        response_ty = quote!(Option<#response_ty>);
    }
    (
        response_ty,
        quote!(#empty_arm #(#success_patterns)|* => #on_success,),
    )
}

/// `pub enum XAnswer`: the success answers of an operation whose statuses carry different
/// bodies, a variant per status.
pub(super) fn answer_type(op: &Operation) -> Option<TokenStream> {
    let name = ident(op.answer_type.as_deref()?);
    let models = quote!(super::models::);
    let variants = op.answers.iter().map(|a| {
        let variant = ident(&a.variant);
        let status = match a.status {
            SuccessStatus::Code(code) => format!("`{code}`"),
            SuccessStatus::Range => "A `2XX` status not listed otherwise".into(),
            SuccessStatus::Default => "Any 2xx status (`default`)".into(),
        };
        // The first line: a variant's doc reads as one sentence.
        let what = a
            .doc
            .as_deref()
            .and_then(|d| d.lines().next())
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        match &a.body {
            None => {
                let d = format!(" {status}, without a body{what}");
                quote!(#[doc = #d] #variant,)
            }
            Some((body, _)) => {
                let d = format!(" {status}{what}");
                let ty = rust_type(body, &models);
                quote!(#[doc = #d] #variant(#ty),)
            }
        }
    });
    let d = format!(
        " What [`Client::{}`] answers: its success statuses carry different bodies.",
        op.fn_name
    );
    Some(quote! {
        #[doc = #d]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}
