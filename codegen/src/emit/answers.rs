//! What an operation's method returns: one body, an optional one, an enum of answers (a
//! variant per status, `XAnswer` in `operations.rs`), or the raw answer.

use super::{ident, rust_type};
use crate::ir::{Answer, Media, Operation, Returns, SuccessStatus, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

fn status_pattern(status: &SuccessStatus) -> TokenStream {
    match status {
        SuccessStatus::Code(code) => quote!(#code),
        SuccessStatus::Range | SuccessStatus::Default => quote!(200..=299),
    }
}

/// How a body of the answer (the method's local `response`) is read.
fn read_body(ty: &TypeRef, media: &Media, response: &Ident) -> TokenStream {
    match (ty, media) {
        (TypeRef::Unit, _) => quote!(Ok(())),
        // Resolve refuses form responses.
        (_, Media::Json | Media::Form | Media::Multipart) => quote!(#response.json()),
        (_, Media::Text(_)) => quote!(#response.text()),
        (_, Media::Binary(_)) => quote!(Ok(#response.into_bytes())),
    }
}

/// The method's return type and the match arms of its success statuses (documenting on the
/// method what it returns for which status).
pub(super) fn answer(
    op: &Operation,
    models: &TokenStream,
    docs: &mut Vec<TokenStream>,
    response: &Ident,
) -> (TokenStream, TokenStream) {
    match &op.returns {
        Returns::Raw => {
            docs.extend([
                quote!(#[doc = ""]),
                quote!(#[doc = " The spec declares no success body: the answer comes as it is for every status below 400."]),
            ]);
            (quote!(rt::Response), quote!(100..=399 => Ok(#response),))
        }
        Returns::Answers { type_name, answers } => {
            let ty = ident(type_name);
            // Exact statuses first: a `2XX` range among them would take them.
            let mut answers: Vec<&Answer> = answers.iter().collect();
            answers.sort_by_key(|a| !matches!(a.status, SuccessStatus::Code(_)));
            let arms = answers.iter().map(|a| {
                let pattern = status_pattern(&a.status);
                let variant = ident(&a.variant);
                match &a.body {
                    None => quote!(#pattern => Ok(#ty::#variant),),
                    Some((body, media)) => {
                        let read = read_body(body, media, response);
                        quote!(#pattern => #read.map(#ty::#variant),)
                    }
                }
            });
            let note = format!(" The statuses answer with different bodies: [`{type_name}`] has one variant per status.");
            docs.extend([quote!(#[doc = ""]), quote!(#[doc = #note])]);
            (quote!(#ty), quote!(#(#arms)*))
        }
        Returns::Body {
            ty,
            media,
            statuses,
        } => {
            let patterns = statuses.iter().map(status_pattern);
            let read = read_body(ty, media, response);
            (rust_type(ty, models), quote!(#(#patterns)|* => #read,))
        }
        Returns::Optional {
            ty,
            media,
            statuses,
            without_body,
        } => {
            let codes: Vec<String> = without_body
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
            // Statuses without a body come first: a `2XX` range among the others would take them.
            let empty = without_body.iter().map(status_pattern);
            let patterns = statuses
                .iter()
                .filter(|s| !without_body.contains(s))
                .map(status_pattern);
            let read = read_body(ty, media, response);
            let ty = rust_type(ty, models);
            (
                quote!(Option<#ty>),
                quote!(#(#empty)|* => Ok(None), #(#patterns)|* => #read.map(Some),),
            )
        }
    }
}

/// The type an operation's method returns on success (what a handle method calling it returns).
pub(super) fn return_type(op: &Operation, models: &TokenStream) -> TokenStream {
    answer(op, models, &mut Vec::new(), &ident("response")).0
}

/// `pub enum XAnswer`: the success answers of an operation whose statuses carry different
/// bodies, a variant per status.
pub(super) fn answer_type(op: &Operation) -> Option<TokenStream> {
    let Returns::Answers { type_name, answers } = &op.returns else {
        return None;
    };
    let name = ident(type_name);
    let models = quote!(super::models::);
    let variants = answers.iter().map(|a| {
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
