//! `credentials.rs` (when the spec has API-key security schemes): a builder method per scheme
//! that sets its key, sent where the scheme says (header, query parameter or cookie).

use super::ident;
use crate::ir::{Api, KeyLocation, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the spec has API-key schemes (and so this file).
pub(crate) fn has_keys(api: &Api) -> bool {
    api.security
        .schemes
        .values()
        .any(|s| matches!(s, SecurityScheme::ApiKey { .. }))
}

pub(crate) fn emit(api: &Api) -> TokenStream {
    let setters = api.security.schemes.iter().filter_map(|(scheme, s)| {
        let SecurityScheme::ApiKey {
            location,
            name,
            setter,
        } = s
        else {
            return None;
        };
        let where_ = match location {
            KeyLocation::Header => "header",
            KeyLocation::Query => "query parameter",
            KeyLocation::Cookie => "cookie",
        };
        let place = super::key_place(*location);
        let setter = ident(setter);
        let doc = format!(
            " The API key of the `{scheme}` security scheme, sent in the `{name}` {where_} \
             of every request. A `Secret`: never in `Debug`, traces or error text."
        );
        Some(quote! {
            #[doc = #doc]
            pub fn #setter(self, key: impl Into<rt::Secret>) -> Self {
                self.api_key_in(#place(#name), key)
            }
        })
    });
    quote! {
        //! Builder methods for the API keys of the spec's security schemes.

        impl super::ClientBuilder {
            #(#setters)*
        }
    }
}
