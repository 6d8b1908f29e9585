//! The helpers generated next to an operation method (in `operations.rs`): `…_pages`,
//! `…_stream` and `…_all` for a paginated list, `…_until_ready` and `…_until_gone` for a read
//! with a lifecycle, for callers of the operation methods. An operation a resource handle
//! covers (`Api::hidden_helpers`) is different: its list helpers are `pub(crate)`, called only
//! by the handle's list request (`stream`, `pages`, `all`); its wait helpers are not
//! generated, since the handle's `wait_until_…` poll its `get` themselves. A list whose query
//! needs an argument has no `list()` request, so its helpers stay public.

use super::{ident, rust_type, Locals};
use super::{is_by_ref, path_argument};
use crate::ir::{Api, Helper, Operation, Pagination};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A helper method named after the operation (`list_things_stream`; `r#match` gives `match_all`).
pub(super) fn derived_name(op: &Operation, helper: Helper) -> proc_macro2::Ident {
    ident(&helper.name_beside(&op.fn_name))
}

/// Path parameters as declared (`gateway_id: uuid::Uuid`) and as passed on (`gateway_id`).
fn path_params(op: &Operation, models: &TokenStream) -> (Vec<TokenStream>, Vec<TokenStream>) {
    op.path_params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = path_argument(&p.ty, models);
            (quote!(#name: #ty), quote!(#name))
        })
        .unzip()
}

/// `…_stream` (every item, page after page) and `…_all` (collected) for a list operation.
pub(super) fn stream_methods(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    models: &TokenStream,
    vis: TokenStream,
) -> Option<TokenStream> {
    let shape = &pagination.shape;
    let query_type = ident(op.query_type.as_deref()?);
    let error_body = rust_type(&api.error_body, models);
    let item = rust_type(&shape.item, models);
    let fn_name = ident(&op.fn_name);
    let stream_name = derived_name(op, Helper::Stream);
    let all_name = derived_name(op, Helper::All);
    let pages_name = derived_name(op, Helper::Pages);
    let number = rust_type(&pagination.number, models);
    let (declared, passed) = path_params(op, models);
    let names = PageLocals::new(op);
    let PageQuery {
        page_size,
        start: first,
        set_offset,
        set_limit,
    } = page_query(op, pagination, &names);
    let PageLocals {
        query,
        client,
        limit,
        start,
        offset,
    } = &names;
    let owned: Vec<TokenStream> = op
        .path_params
        .iter()
        .filter(|p| is_by_ref(&p.ty))
        .map(|p| {
            let name = ident(&p.name);
            quote!(let #name = #name.to_owned();)
        })
        .collect();
    let per_call: Vec<TokenStream> = op
        .path_params
        .iter()
        .filter(|p| is_by_ref(&p.ty))
        .map(|p| {
            let name = ident(&p.name);
            quote!(let #name = #name.clone();)
        })
        .collect();
    let call_args = op.path_params.iter().map(|p| {
        let name = ident(&p.name);
        if is_by_ref(&p.ty) {
            quote!(&#name)
        } else {
            quote!(#name)
        }
    });
    let allow = super::allow_deprecated(op);
    let many = super::allow_many_arguments(declared.len() + 2);
    let pages_doc = format!(
        " Every page of [`Client::{}`], one after the other (`{}` from the query, page size \
         `{}` kept inside the spec's bounds). Goes on while the server links a next page or a \
         page is full; an error ends the stream, but a page refused for rate limiting is asked \
         for again within the retry policy's `list_patience`. Pages are fetched as the stream \
         is read.",
        op.fn_name, pagination.offset_field, pagination.limit_field
    );
    let stream_doc = format!(
        " Every item of [`Client::{}`], page after page (see [`Client::{pages_name}`]).",
        op.fn_name
    );
    let all_doc = format!(
        " Every item of [`Client::{}`] across all pages (see [`Client::{stream_name}`]).",
        op.fn_name
    );
    Some(quote! {
        #[doc = #pages_doc]
        #allow
        #many
                #vis fn #pages_name(
            &self,
            #(#declared,)*
            #query: &#query_type,
        ) -> rt::Pages<#item, #number, #error_body> {
            let #client = self.clone();
            let #query = #query.clone();
            #(#owned)*
            let #limit = #page_size;
            let #start = #first;
            rt::pages(self.retry_policy(), #start, #limit, move |#offset, #limit| {
                let #client = #client.clone();
                let mut #query = #query.clone();
                #set_offset
                #set_limit
                #(#per_call)*
                async move { #client.#fn_name(#(#call_args,)* &#query).await }
            })
        }

        #[doc = #stream_doc]
        #many
                #vis fn #stream_name(
            &self,
            #(#declared,)*
            #query: &#query_type,
        ) -> rt::Items<#item, #error_body> {
            rt::items(self.#pages_name(#(#passed,)* #query))
        }

        #[doc = #all_doc]
        #many
                #vis async fn #all_name(
            &self,
            #(#declared,)*
            #query: &#query_type,
        ) -> Result<Vec<#item>, super::Error> {
            rt::collect_all(self.#stream_name(#(#passed,)* #query)).await
        }
    })
}

/// The names emit gives the pages helper's own argument and locals, clear of the path
/// parameters (`Locals`).
struct PageLocals {
    query: Ident,
    client: Ident,
    limit: Ident,
    start: Ident,
    offset: Ident,
}

impl PageLocals {
    fn new(op: &Operation) -> PageLocals {
        let mut locals = Locals::new(op.path_params.iter().map(|p| p.name.as_str()));
        PageLocals {
            query: locals.pick("query"),
            client: locals.pick("client"),
            limit: locals.pick("limit"),
            start: locals.pick("start"),
            offset: locals.pick("offset"),
        }
    }
}

/// How the pages helper reads and sets the list's query: the page size (inside the spec's
/// bounds), the first offset, and the statements that set a page's offset and limit.
struct PageQuery {
    page_size: TokenStream,
    start: TokenStream,
    set_offset: TokenStream,
    set_limit: TokenStream,
}

fn page_query(op: &Operation, pagination: &Pagination, names: &PageLocals) -> PageQuery {
    let offset = ident(&pagination.offset_field);
    let limit = ident(&pagination.limit_field);
    let query = &names.query;
    let field_of = |name: &str| op.query_params.iter().find(|p| p.name == name);
    let optional = |name: &str| field_of(name).is_some_and(|p| !p.required);
    let (requested, start) = (
        if optional(&pagination.limit_field) {
            quote!(#query.#limit)
        } else {
            quote!(Some(#query.#limit))
        },
        if optional(&pagination.offset_field) {
            quote!(#query.#offset.unwrap_or(0))
        } else {
            quote!(#query.#offset)
        },
    );
    let constant = super::validation::const_path;
    let page_size = match (&pagination.limit_min, &pagination.limit_max) {
        (min, Some(max)) => {
            let min = min.as_ref().map(constant).unwrap_or(quote!(1));
            let max = constant(max);
            quote!(rt::page_size(#requested, #min, #max))
        }
        // No bound in the spec: the caller's size or a moderate default.
        (_, None) => quote!(#requested.unwrap_or(100)),
    };
    let set = |name: &str, field: &proc_macro2::Ident, value: TokenStream| {
        if optional(name) {
            quote!(#query.#field = Some(#value);)
        } else {
            quote!(#query.#field = #value;)
        }
    };
    let (offset_local, limit_local) = (&names.offset, &names.limit);
    let set_offset = set(&pagination.offset_field, &offset, quote!(#offset_local));
    let set_limit = set(&pagination.limit_field, &limit, quote!(#limit_local));
    PageQuery {
        page_size,
        start,
        set_offset,
        set_limit,
    }
}

/// `…_until_ready` and `…_until_gone` for a `GET` of one resource that reports a lifecycle.
pub(super) fn wait_methods(op: &Operation, models: &TokenStream) -> Option<TokenStream> {
    let wait = op.wait.as_ref()?;
    let response_ty = super::answers::return_type(op, models);
    let fn_name = ident(&op.fn_name);
    let ready_name = derived_name(op, Helper::UntilReady);
    // The answer's type and the path's ids: `IpSecTunnelRead 85c7…/0f3a…`.
    let ids: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            quote!(#name.to_string())
        })
        .collect();
    let kind = wait.kind.as_str();
    let described = quote!(rt::ResourceRef::new(#kind, vec![#(#ids),*]));
    let gone_name = derived_name(op, Helper::UntilGone);
    let (mut declared, mut passed) = path_params(op, models);
    let mut locals = Locals::new(op.path_params.iter().map(|p| p.name.as_str()));
    if let Some(query_type) = &op.query_type {
        let (qt, query) = (ident(query_type), locals.pick("query"));
        declared.push(quote!(#query: &#qt));
        passed.push(quote!(#query));
    }
    let (wait, resource) = (locals.pick("wait"), locals.pick("resource"));
    let many = super::allow_many_arguments(declared.len() + 2);
    let allow = super::allow_deprecated(op);
    let ready_doc = format!(
        " Polls [`Client::{}`] until the resource is ready and returns it; a failed state ends \
         with [`Error::ResourceFailed`](vpn_runtime::support::Error::ResourceFailed) (carrying the \
         server's message), the deadline with \
         [`Error::WaitTimedOut`](vpn_runtime::support::Error::WaitTimedOut).",
        op.fn_name
    );
    let gone_doc = format!(
        " Polls [`Client::{}`] until the resource is gone (`404`), e.g. after a delete; a failed \
         state or the deadline ends the wait with an error.",
        op.fn_name
    );
    Some(quote! {
        #[doc = #ready_doc]
        #allow
        #many
        pub async fn #ready_name(
            &self,
            #(#declared,)*
            #wait: &rt::WaitOptions,
        ) -> Result<#response_ty, super::Error> {
            let #resource = #described;
            rt::until_ready(#wait, &#resource, || self.#fn_name(#(#passed),*)).await
        }

        #[doc = #gone_doc]
        #allow
        #many
        pub async fn #gone_name(
            &self,
            #(#declared,)*
            #wait: &rt::WaitOptions,
        ) -> Result<(), super::Error> {
            let #resource = #described;
            rt::until_gone(#wait, &#resource, || self.#fn_name(#(#passed),*)).await
        }
    })
}
