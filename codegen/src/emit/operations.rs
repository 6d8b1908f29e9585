//! `operations.rs`: one async method on `Client` per operation, plus query parameter structs.

use super::validation::{checks, field_checks, validate_impl, Limits};
use super::{doc, ident, is_by_ref, operation_helpers, path_argument, rust_type, Locals};
use crate::ir::{Api, Field, Media, Operation, Param, ParamStyle, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Operations per part of `operations.rs` on large specs: a part's tokens and syntax trees
/// are what the emitting threads hold at once.
pub(crate) const OPERATIONS_PER_PART: usize = 512;

/// The whole file: every part in order (what the threads emit and join, in one stream).
pub(crate) fn emit(api: &Api) -> TokenStream {
    let parts = parts(api);
    (0..parts).map(|part| emit_part(api, part, parts)).collect()
}

/// How many parts `operations.rs` has: a function of the spec alone, so the text is too.
pub(crate) fn parts(api: &Api) -> usize {
    api.operations.len().div_ceil(OPERATIONS_PER_PART).max(1)
}

/// Part `part` of `parts`: the operations of one slice (in name order), each part with its
/// own `impl Client` block; the first part has the module docs and imports.
pub(crate) fn emit_part(api: &Api, part: usize, parts: usize) -> TokenStream {
    let models = quote!(super::models::);
    let per_part = api.operations.len().div_ceil(parts.max(1));
    let slice = || api.operations.values().skip(part * per_part).take(per_part);
    let query_types = slice().filter_map(query_type);
    let answer_types = slice().filter_map(super::answers::answer_type);
    let methods = slice().map(|op| {
        let call = method(api, op, &models);
        // A handle covers the operation: its helpers are the handle's, not the API's; the
        // waits, which handles do themselves, are not generated at all.
        let covered = api.hidden_helpers.contains(&op.fn_name);
        let vis = if covered {
            quote!(pub(crate))
        } else {
            quote!(pub)
        };
        let stream = op
            .pagination
            .as_ref()
            .and_then(|p| operation_helpers::stream_methods(api, op, p, &models, vis));
        let wait = (!covered)
            .then(|| operation_helpers::wait_methods(op, &models))
            .flatten();
        quote!(#call #stream #wait)
    });
    if api.operations.is_empty() {
        return quote! {
            //! One method on the client per operation of the spec: the spec has none.
        };
    }
    if part > 0 {
        return quote! {
            #(#query_types)*
            #(#answer_types)*

            impl Client {
                #(#methods)*
            }
        };
    }
    quote! {
        //! One method on [`Client`] per operation of the spec.
        use super::Client;
        use rt::Request;
        #(#query_types)*
        #(#answer_types)*

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
        derived: None,
    }
}

fn query_type(op: &Operation) -> Option<TokenStream> {
    let name = ident(op.query_type.as_deref()?);
    let fields: Vec<Field> = op.query_params.iter().map(as_field).collect();
    let models = quote!(super::models::);
    let members = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = rust_type(&f.ty, &models);
        let docs = super::field_doc(f);
        if f.is_option() {
            quote!(#docs pub #fname: Option<#ty>,)
        } else {
            quote!(#docs pub #fname: #ty,)
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
        let d = " The query with its required parameters; set the optional ones with the setters.";
        (
            quote!(),
            quote!(#[doc = #d] pub fn new(#(#params),*) -> Self { Self { #(#inits),* } }),
        )
    };
    let setters: Vec<super::setters::Setter> = fields
        .iter()
        .filter(|f| f.is_option())
        .map(|f| super::setters::Setter {
            doc: format!("Sets the `{}` query parameter.", f.wire),
            name: super::setter_name(&f.name).to_string(),
            field: f.name.clone(),
            arg: rust_type(&f.ty, &models),
            conv: quote!(),
        })
        .collect();
    let methods = super::setters::impl_block(&name.to_string(), constructor, &setters);
    let validate = validate_impl(&name, field_checks(&fields));
    let d = format!(" Query parameters of [`Client::{}`].", op.fn_name);
    Some(quote! {
        #[doc = #d]
        #[derive(Clone, Debug, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        #methods

        #validate
    })
}

/// Expression turning one query value (a reference) into its wire text.
fn query_text(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        // A list in a path or header (`style: simple`): the items joined by commas.
        TypeRef::Array(item) => {
            let item = query_text(item, quote!(item));
            quote!(#value.iter().map(|item| #item).collect::<Vec<_>>().join(","))
        }
        _ => quote!(#value.to_string()),
    }
}

/// Expression turning an object (a reference) into its `simple` style text, or returning
/// `Error::Encode` from the method.
fn simple_text(style: ParamStyle, value: TokenStream) -> TokenStream {
    let style = query_style(style);
    quote!(rt::simple_text(#value, #style).map_err(super::Error::Encode)?)
}

/// The runtime's `QueryStyle` for a parameter's style (the contract: a variant of each name).
fn query_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple => quote!(rt::QueryStyle::Simple),
        ParamStyle::SimpleExploded => quote!(rt::QueryStyle::SimpleExploded),
        ParamStyle::FormExploded => quote!(rt::QueryStyle::FormExploded),
        ParamStyle::Form => quote!(rt::QueryStyle::Form),
        ParamStyle::SpaceDelimited => quote!(rt::QueryStyle::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(rt::QueryStyle::PipeDelimited),
        ParamStyle::DeepObject => quote!(rt::QueryStyle::DeepObject),
        ParamStyle::Json => quote!(rt::QueryStyle::Json),
    }
}

fn is_validated(api: &Api, ty: &TypeRef) -> bool {
    ty.named()
        .and_then(|n| api.types.get(n))
        .is_some_and(|d| d.kind.is_validated())
}

fn method(api: &Api, op: &Operation, models: &TokenStream) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let mut docs = method_docs(op);
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    };
    let limits = Limits::for_checks(
        op.path_params
            .iter()
            .chain(&op.header_params)
            .flat_map(|p| &p.checks),
    );
    let mut locals = Locals::new(
        op.path_params
            .iter()
            .chain(&op.header_params)
            .map(|p| p.name.as_str()),
    );
    let names = MethodLocals {
        query: locals.pick("query"),
        body: locals.pick("body"),
        out: locals.pick("out"),
        path: locals.pick("path"),
        request: locals.pick("request"),
        response: locals.pick("response"),
        value: locals.pick("value"),
    };
    let mut parts = Parts::default();
    parts.path_params(op, models, &limits, &names);
    parts.header_params(op, models, &limits, &names);
    parts.query(op, &names);
    parts.body(api, op, models, &names);
    let Parts {
        params,
        validate,
        query_pairs,
        headers,
        body,
    } = parts;
    let MethodLocals {
        out,
        path,
        request,
        response,
        ..
    } = &names;
    let (response_ty, success_arms) = super::answers::answer(op, models, &mut docs, response);
    let method = ident(op.method.as_str());
    let template = &op.path;
    let path_expr = path_expression(op, &mut locals, path);
    let validation = if validate.is_empty() {
        quote!()
    } else {
        let import = limits.import();
        quote! {
            #import
            let #out = &mut Vec::new();
            #(#validate)*
            rt::into_result(std::mem::take(#out))?;
        }
    };
    let credentials = super::credentials::for_operation(api, op, request);
    let request_mut =
        if query_pairs.is_empty() && body.is_none() && headers.is_empty() && credentials.is_empty()
        {
            quote!()
        } else {
            quote!(mut)
        };
    let many = super::allow_many_arguments(params.len() + 1);
    quote! {
        #(#docs)*
        #deprecated
        #many
        pub async fn #fn_name(&self, #(#params),*) -> Result<#response_ty, super::Error> {
            #validation
            #path_expr
            let #request_mut #request = Request::new(reqwest::Method::#method, #template, #path);
            #credentials
            #(#query_pairs)*
            #(#headers)*
            #body
            let #response = rt::send(self, #request).await?;
            match #response.status().as_u16() {
                #success_arms
                _ => Err(#response.into_error()),
            }
        }
    }
}

/// The method's rustdoc: summary, method and path, description, the validation promise.
fn method_docs(op: &Operation) -> Vec<TokenStream> {
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
    docs
}

/// The names emit gives its own arguments and locals in an operation's method, clear of the
/// spec's parameters (`Locals`).
struct MethodLocals {
    query: Ident,
    body: Ident,
    out: Ident,
    path: Ident,
    request: Ident,
    response: Ident,
    value: Ident,
}

/// What an operation's parameters and body add to its method, in the order they are taken:
/// the method's parameters, their checks, and the steps that put them on the request.
#[derive(Default)]
struct Parts {
    params: Vec<TokenStream>,
    validate: Vec<TokenStream>,
    query_pairs: Vec<TokenStream>,
    headers: Vec<TokenStream>,
    body: Option<TokenStream>,
}

impl Parts {
    fn path_params(
        &mut self,
        op: &Operation,
        models: &TokenStream,
        limits: &Limits,
        names: &MethodLocals,
    ) {
        let out = &names.out;
        for p in &op.path_params {
            let name = ident(&p.name);
            let ty = path_argument(&p.ty, models);
            self.params.push(quote!(#name: #ty));
            if !p.checks.is_empty() {
                let at = format!("path.{}", p.wire);
                let value = if matches!(p.ty, TypeRef::String | TypeRef::Named(_)) {
                    quote!(#name)
                } else {
                    quote!(&#name)
                };
                self.validate.push(checks(
                    &p.checks,
                    quote!(rt::value(#out, #at, #value)),
                    limits,
                ));
            }
        }
    }

    fn header_params(
        &mut self,
        op: &Operation,
        models: &TokenStream,
        limits: &Limits,
        names: &MethodLocals,
    ) {
        let MethodLocals {
            out,
            request,
            value,
            ..
        } = names;
        for h in &op.header_params {
            let name = ident(&h.name);
            let ty = path_argument(&h.ty, models);
            let wire = &h.wire;
            let text = match h.style {
                Some(style) => simple_text(style, quote!(#value)),
                None => query_text(&h.ty, quote!(#value)),
            };
            if h.required {
                self.params.push(quote!(#name: #ty));
                self.headers.push(
                    quote!({ let #value = &#name; #request = #request.header(#wire, #text); }),
                );
            } else {
                self.params.push(quote!(#name: Option<#ty>));
                self.headers.push(
                    quote!(if let Some(#value) = &#name { #request = #request.header(#wire, #text); }),
                );
            }
            if !h.checks.is_empty() {
                let at = format!("header.{}", h.wire);
                let checked = if is_by_ref(&h.ty) {
                    quote!(#value)
                } else {
                    quote!(&#value)
                };
                let each = checks(&h.checks, quote!(rt::value(#out, #at, #checked)), limits);
                self.validate.push(if h.required {
                    quote!({ let #value = #name; #each })
                } else {
                    quote!(if let Some(#value) = #name { #each })
                });
            }
        }
    }

    fn query(&mut self, op: &Operation, names: &MethodLocals) {
        let Some(query_type) = &op.query_type else {
            return;
        };
        let MethodLocals {
            query,
            out,
            request,
            value,
            ..
        } = names;
        let qt = ident(query_type);
        self.params.push(quote!(#query: &#qt));
        self.validate
            .push(quote!(rt::Validate::validate_into(#query, "query", #out);));
        for q in &op.query_params {
            let name = ident(&q.name);
            let wire = &q.wire;
            let push = |one: TokenStream, ty: &TypeRef| {
                let text = query_text(ty, one);
                quote!(#request = #request.query(#wire, #text);)
            };
            let (value_ty, is_array) = match &q.ty {
                TypeRef::Array(inner) => ((**inner).clone(), true),
                other => (other.clone(), false),
            };
            let one = push(quote!(item), &value_ty);
            let each = if let Some(style) = q.style {
                let style = query_style(style);
                quote!(#request = #request.query_value(#wire, #style, #value)?;)
            } else if is_array {
                quote!(for item in #value { #one })
            } else {
                push(quote!(#value), &value_ty)
            };
            // A plain scalar is one line: most parameters are these.
            let plain = q.style.is_none() && !is_array && value_ty != TypeRef::DateTime;
            self.query_pairs.push(if plain && q.required {
                quote!(#request = #request.query(#wire, #query.#name.to_string());)
            } else if plain {
                quote!(#request = #request.query_optional(#wire, #query.#name.as_ref());)
            } else if q.required {
                quote!({ let #value = &#query.#name; #each })
            } else {
                quote!(if let Some(#value) = &#query.#name { #each })
            });
        }
    }

    fn body(&mut self, api: &Api, op: &Operation, models: &TokenStream, names: &MethodLocals) {
        let Some(b) = &op.body else { return };
        let MethodLocals {
            body, out, request, ..
        } = names;
        let (ty, encode) = match &b.media {
            Media::Json => (rust_type(&b.ty, models), quote!(#request.json(#body)?)),
            Media::Text(content_type) => (
                quote!(str),
                quote!(#request.body(#content_type, #body.as_bytes().to_vec())),
            ),
            Media::Binary(content_type) => (
                quote!([u8]),
                quote!(#request.body(#content_type, #body.to_vec())),
            ),
            Media::Form => (rust_type(&b.ty, models), quote!(#request.form(#body)?)),
            Media::Multipart => (rust_type(&b.ty, models), quote!(#request.multipart(#body)?)),
        };
        let validated = matches!(b.media, Media::Json | Media::Form | Media::Multipart)
            && is_validated(api, &b.ty);
        if b.required {
            self.params.push(quote!(#body: &#ty));
            if validated {
                self.validate
                    .push(quote!(rt::Validate::validate_into(#body, "", #out);));
            }
            self.body = Some(quote!(#request = #encode;));
        } else {
            self.params.push(quote!(#body: Option<&#ty>));
            if validated {
                self.validate.push(quote!(if let Some(#body) = #body {
                    rt::Validate::validate_into(#body, "", #out);
                }));
            }
            self.body = Some(quote!(if let Some(#body) = #body {
                #request = #encode;
            }));
        }
    }
}

/// Statements binding `path`: each path parameter percent-encoded into a local of its own
/// name, then one `format!` with inline arguments (`"/things/{thing_id}"`), which the formatter
/// keeps on one line.
fn path_expression(op: &Operation, locals: &mut Locals, path: &Ident) -> TokenStream {
    if op.path_params.is_empty() {
        let template = &op.path;
        return quote!(let #path = #template.to_string(););
    }
    let mut template = String::new();
    let mut segments = Vec::new();
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
            // Inline format arguments cannot be raw identifiers (`r#type`).
            let local = match p.name.strip_prefix("r#") {
                Some(raw) => locals.pick(&format!("{raw}_")),
                None => ident(&p.name),
            };
            let local_name = local.to_string();
            let text = if let Some(style) = p.style {
                let text = simple_text(style, quote!(&#name));
                quote!(&#text)
            } else if p.ty == TypeRef::String {
                quote!(#name)
            } else {
                let text = query_text(&p.ty, quote!(#name));
                quote!(&#text)
            };
            segments.push(quote!(let #local = rt::encode_path_segment(#text);));
            template.push('{');
            template.push_str(&local_name);
            template.push('}');
        }
        rest = rest.get(end + 1..).unwrap_or_default();
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    quote! {
        #(#segments)*
        let #path = format!(#template);
    }
}
