//! The list request each handle's `list()` starts (in `resources.rs`): the query's setters,
//! then `send()` for one page, `pages()`, `stream()` and `all()` for every page or item.

use super::resources::pass;
use super::{doc, ident, rust_type};
use crate::ir::{Api, Operation, Resource};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The list request `list()` starts: a setter per query parameter, then `send`, `stream`, `all`.
pub(super) fn list_request(
    api: &Api,
    r: &Resource,
    op: &Operation,
    query: &str,
    list_type: &Ident,
    parents: &[(Ident, TokenStream)],
) -> TokenStream {
    let models = quote!(super::models::);
    let query_type = format_ident!("{}", query);
    let fn_name = ident(&op.fn_name);
    let passed: Vec<TokenStream> = r.parents.iter().map(|p| pass(p, quote!(self))).collect();
    let parent_fields: Vec<TokenStream> = parents
        .iter()
        .map(|(name, ty)| quote!(#name: #ty,))
        .collect();
    let setters = op.query_params.iter().map(|q| {
        let field = ident(&q.name);
        let base = q.name.trim_start_matches("r#");
        let reserved = ["send", "stream", "all", "query", "client"].contains(&base);
        let setter = if reserved || q.name.starts_with("r#") {
            format_ident!("with_{}", base.trim_start_matches('_'))
        } else {
            ident(&q.name)
        };
        let ty = rust_type(&q.ty, &models);
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
    let page = super::answers::return_type(op, &models);
    let streaming = op.pagination.as_ref().and_then(|p| {
        let shape = api.pages.get(&p.page)?;
        let item = rust_type(&shape.item, &models);
        let error_body = rust_type(&api.error_body, &models);
        let stream_name = format_ident!("{}_stream", op.fn_name.trim_start_matches("r#"));
        let all_name = format_ident!("{}_all", op.fn_name.trim_start_matches("r#"));
        let pages_name = format_ident!("{}_pages", op.fn_name.trim_start_matches("r#"));
        let number = rust_type(&p.number, &models);
        Some(quote! {
            /// Every item, page after page, starting at the request's offset; pages are
            /// fetched as the stream is read, following the server's own offsets and links.
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
        })
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
            pub async fn send(self) -> Result<#page, super::Error> {
                self.client.#fn_name(#(#passed,)* &self.query).await
            }

            #streaming
        }
    }
}
