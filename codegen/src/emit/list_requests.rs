//! The list request each handle's `list()` starts (in `resources.rs`): the query's setters,
//! then `send()` for one page, `pages()`, `stream()` and `all()` for every page or item.

use super::handle::Handle;
use super::operation_helpers::derived_name;
use super::{doc, ident, rust_type};
use crate::ir::{Helper, ListRequest, Operation};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The list request `list()` starts: a setter per query parameter, then `send`, `stream`, `all`.
pub(super) fn list_request(
    handle: &Handle,
    op: &Operation,
    request: &ListRequest,
    parents: &[(Ident, TokenStream)],
) -> TokenStream {
    let (r, models) = (handle.r, &handle.models);
    let list_type = ident(&request.type_name);
    let query_type = ident(&request.query_type);
    let fn_name = ident(&op.fn_name);
    let passed = &handle.passed;
    let parent_fields: Vec<TokenStream> = parents
        .iter()
        .map(|(name, ty)| quote!(#name: #ty,))
        .collect();
    let setters = op
        .query_params
        .iter()
        .zip(&request.setters)
        .map(|(q, setter)| {
            let field = ident(&q.name);
            let setter = ident(setter);
            let ty = rust_type(&q.ty, models);
            let text = q.doc.as_deref().map(doc).unwrap_or_else(|| {
                let d = format!(" Sets the `{}` query parameter.", q.wire);
                quote!(#[doc = #d])
            });
            quote! {
                #text
                pub fn #setter(mut self, value: #ty) -> Self {
                    self.query.#field = Some(value);
                    self
                }
            }
        });
    let page = super::answers::return_type(op, models);
    let allow = super::allow_deprecated(op);
    let streaming = op.pagination.as_ref().map(|p| {
        let item = rust_type(&p.shape.item, models);
        let error_body = &handle.error_body;
        let stream_name = derived_name(op, Helper::Stream);
        let all_name = derived_name(op, Helper::All);
        let pages_name = derived_name(op, Helper::Pages);
        let number = rust_type(&p.number, models);
        let skip = request
            .skip
            .as_ref()
            .map(|name| skip_method(op, &p.offset_field, name));
        quote! {
            #skip

            /// Every item, page after page, starting at the request's offset; pages are
            /// fetched as the stream is read, following the server's own offsets and links.
            /// A page refused for rate limiting (`429`) is asked for again within the retry
            /// policy's `list_patience`; any other error ends the stream.
            /// The stream is `Unpin`: read it with `while let Some(item) = items.next().await`.
            pub fn stream(self) -> rt::Items<#item, #error_body> {
                self.client.#stream_name(#(#passed,)* &self.query)
            }

            /// Every page, one after the other (see [`stream`](Self::stream)): each with its
            /// `items` (a `Vec`), its `offset` and `limit` in the type the setters take, and
            /// whether another follows. Read it with `while let Some(page) = pages.next().await`.
            pub fn pages(self) -> rt::Pages<#item, #number, #error_body> {
                self.client.#pages_name(#(#passed,)* &self.query)
            }

            /// Every item of every page (see [`stream`](Self::stream)), or the first error.
            pub async fn all(self) -> Result<Vec<#item>, super::Error> {
                self.client.#all_name(#(#passed,)* &self.query).await
            }
        }
    });
    let d = format!(
        " A list request of [`{}`]: set the query, then send it.",
        r.type_name
    );
    quote! {
        #[doc = #d]
        #[derive(Clone, Debug)]
        #[must_use = "a list request does nothing until it is sent, streamed or collected"]
        pub struct #list_type<'a> {
            client: &'a Client,
            #(#parent_fields)*
            query: super::operations::#query_type,
        }

        impl #list_type<'_> {
            #(#setters)*

            /// Sends the request: one page.
            #allow
            pub async fn send(self) -> Result<#page, super::Error> {
                self.client.#fn_name(#(#passed,)* &self.query).await
            }

            #streaming
        }
    }
}

/// The method that starts a walk after `count` items: the offset parameter from a `usize`.
fn skip_method(op: &Operation, offset_field: &str, name: &str) -> TokenStream {
    let wire = op
        .query_params
        .iter()
        .find(|q| q.name == offset_field)
        .map_or(offset_field, |q| q.wire.as_str());
    let at = format!("query.{wire}");
    let d = format!(
        " Starts the walk after the first `count` items (the `{wire}` query parameter, from a \
         count in the type Rust counts with), e.g. to go on where an ended walk stopped: pass \
         the number of items already seen. A count the parameter cannot hold is a validation \
         error, and nothing is sent."
    );
    let (name, field) = (ident(name), ident(offset_field));
    quote! {
        #[doc = #d]
        pub fn #name(mut self, count: usize) -> Result<Self, rt::ValidationError> {
            self.query.#field = Some(rt::skip_to(count, #at)?);
            Ok(self)
        }
    }
}
