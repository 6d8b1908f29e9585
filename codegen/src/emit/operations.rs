//! `operations.rs`: one async method on `Client` per operation, plus query parameter structs.

use super::validation::{checks, field_checks};
use super::{doc, ident, rust_type};
use crate::ir::{Api, Field, Operation, Param, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api) -> TokenStream {
    let models = quote!(super::models::);
    let query_types = api.operations.values().filter_map(query_type);
    let methods = api.operations.values().map(|op| method(api, op, &models));
    quote! {
        //! One method on [`Client`] per operation of the spec.
        use crate::runtime::{Client, Request};
        #(#query_types)*

        impl Client {
            #(#methods)*
        }
    }
}

fn as_field(p: &Param) -> Field {
    Field {
        name: p.name.clone(),
        wire: p.wire.clone(),
        pointer: p.pointer.clone(),
        doc: p.doc.clone(),
        ty: p.ty.clone(),
        required: p.required,
        read_only: false,
        write_only: false,
        checks: p.checks.clone(),
    }
}

fn query_type(op: &Operation) -> Option<TokenStream> {
    let name = ident(op.query_type.as_deref()?);
    let fields: Vec<Field> = op.query_params.iter().map(as_field).collect();
    let models = quote!(super::models::);
    let members = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = rust_type(&f.ty, &models);
        let docs = f.doc.as_deref().map(doc).unwrap_or_default();
        if f.is_option() {
            quote!(#docs pub #fname: Option<#ty>,)
        } else {
            quote!(#docs pub #fname: #ty,)
        }
    });
    let setters = fields.iter().filter(|f| f.is_option()).map(|f| {
        let fname = ident(&f.name);
        let setter = ident(&format!("with_{}", f.name.trim_start_matches("r#")));
        let ty = rust_type(&f.ty, &models);
        let d = format!(" Sets the `{}` query parameter.", f.wire);
        quote! {
            #[doc = #d]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#fname = Some(value);
                self
            }
        }
    });
    let required: Vec<&Field> = fields.iter().filter(|f| !f.is_option()).collect();
    let (derive_default, constructor) = if required.is_empty() {
        (quote!(Default,), quote!())
    } else {
        let params = required.iter().map(|f| {
            let fname = ident(&f.name);
            let ty = rust_type(&f.ty, &models);
            quote!(#fname: #ty)
        });
        let inits = fields.iter().map(|f| {
            let fname = ident(&f.name);
            if f.is_option() {
                quote!(#fname: None)
            } else {
                quote!(#fname)
            }
        });
        (
            quote!(),
            quote!(pub fn new(#(#params),*) -> Self { Self { #(#inits),* } }),
        )
    };
    let validation = field_checks(&fields);
    let (at, out) = if validation.is_empty() {
        (quote!(_at), quote!(_out))
    } else {
        (quote!(at), quote!(out))
    };
    let d = format!(" Query parameters of [`Client::{}`].", op.fn_name);
    Some(quote! {
        #[doc = #d]
        #[derive(Clone, Debug, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        impl crate::runtime::Validate for #name {
            fn validate_into(&self, #at: &str, #out: &mut Vec<crate::runtime::Violation>) {
                #validation
            }
        }
    })
}

/// Path argument type: ids by value, strings and generated types by reference.
fn path_argument(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Named(_) => {
            let t = rust_type(ty, models);
            quote!(&#t)
        }
        other => rust_type(other, models),
    }
}

/// Expression turning one query value (a reference) into its wire text.
fn query_text(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        _ => quote!(#value.to_string()),
    }
}

fn is_validated(api: &Api, ty: &TypeRef) -> bool {
    ty.named()
        .and_then(|n| api.types.get(n))
        .is_some_and(|d| matches!(d.kind, TypeKind::Struct(_) | TypeKind::Text { .. }))
}

fn method(api: &Api, op: &Operation, models: &TokenStream) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let mut docs = Vec::new();
    if let Some(summary) = &op.summary {
        docs.push(doc(summary));
        docs.push(quote!(#[doc = ""]));
    }
    let line = format!(
        " `{} {}` (operation `{}`)",
        op.method, op.path, op.operation_id
    );
    docs.push(quote!(#[doc = #line]));
    if let Some(description) = &op.description {
        docs.push(quote!(#[doc = ""]));
        docs.push(doc(description));
    }
    docs.push(quote! {
        #[doc = ""]
        #[doc = " Arguments are validated first; an invalid request is never sent."]
    });
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    };

    let mut params = Vec::new();
    let mut validate = Vec::new();
    for p in &op.path_params {
        let name = ident(&p.name);
        let ty = path_argument(&p.ty, models);
        params.push(quote!(#name: #ty));
        if !p.checks.is_empty() {
            let at = format!("path.{}", p.wire);
            let value = if matches!(p.ty, TypeRef::String | TypeRef::Named(_)) {
                quote!(#name)
            } else {
                quote!(&#name)
            };
            validate.push(checks(&p.checks, &p.ty, value, quote!(#at)));
        }
    }
    let mut query_pairs = Vec::new();
    if let Some(query_type) = &op.query_type {
        let qt = ident(query_type);
        params.push(quote!(query: &#qt));
        validate.push(quote!(crate::runtime::Validate::validate_into(query, "query", out);));
        for q in &op.query_params {
            let name = ident(&q.name);
            let wire = &q.wire;
            let push = |value: TokenStream, ty: &TypeRef| {
                let text = query_text(ty, value);
                quote!(request = request.query(#wire, #text);)
            };
            let (value_ty, is_array) = match &q.ty {
                TypeRef::Array(inner) => ((**inner).clone(), true),
                other => (other.clone(), false),
            };
            let one = push(quote!(item), &value_ty);
            let each = if is_array {
                quote!(for item in value { #one })
            } else {
                push(quote!(value), &value_ty)
            };
            if q.required {
                query_pairs.push(quote!({ let value = &query.#name; #each }));
            } else {
                query_pairs.push(quote!(if let Some(value) = &query.#name { #each }));
            }
        }
    }
    let body = op.body.as_ref().map(|b| {
        let ty = rust_type(&b.ty, models);
        let validated = is_validated(api, &b.ty);
        if b.required {
            params.push(quote!(body: &#ty));
            if validated {
                validate.push(quote!(crate::runtime::Validate::validate_into(body, "", out);));
            }
            quote!(request = request.json(body)?;)
        } else {
            params.push(quote!(body: Option<&#ty>));
            if validated {
                validate.push(quote!(if let Some(body) = body {
                    crate::runtime::Validate::validate_into(body, "", out);
                }));
            }
            quote!(if let Some(body) = body {
                request = request.json(body)?;
            })
        }
    });
    let response_ty = rust_type(&op.response, models);
    let success_patterns: Vec<TokenStream> = op
        .success_codes
        .iter()
        .map(|c| match c {
            Some(code) => quote!(#code),
            None => quote!(200..=299),
        })
        .collect();
    let on_success = if op.response == TypeRef::Unit {
        quote!(Ok(()))
    } else {
        quote!(response.json())
    };
    let method = ident(&op.method);
    let template = &op.path;
    let path_expr = path_expression(op);
    let validation = if validate.is_empty() {
        quote!()
    } else {
        quote! {
            let out = &mut Vec::new();
            #(#validate)*
            crate::runtime::validate::into_result(std::mem::take(out))?;
        }
    };
    let request_mut = if query_pairs.is_empty() && body.is_none() {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        #(#docs)*
        #deprecated
        pub async fn #fn_name(&self, #(#params),*) -> Result<#response_ty, super::Error> {
            #validation
            let #request_mut request = Request::new(reqwest::Method::#method, #template, #path_expr);
            #(#query_pairs)*
            #body
            let response = self.send(request).await?;
            match response.status().as_u16() {
                #(#success_patterns)|* => #on_success,
                _ => Err(response.into_error()),
            }
        }
    }
}

/// `format!` building the request path, each path parameter percent-encoded.
fn path_expression(op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        let path = &op.path;
        return quote!(#path.to_string());
    }
    let mut template = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        template.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .unwrap_or(rest.len());
        let wire = &rest[start + 1..end];
        if let Some(p) = op.path_params.iter().find(|p| p.wire == wire) {
            let name = ident(&p.name);
            args.push(quote!(crate::runtime::encode_path_segment(&#name.to_string())));
        }
        template.push_str("{}");
        rest = rest.get(end + 1..).unwrap_or_default();
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    quote!(format!(#template, #(#args),*))
}
