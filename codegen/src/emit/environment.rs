//! `environment.rs` (only when the spec or its overlay names `info.x-environment`): a client
//! configured from the environment variables the API's own tools read.

use crate::ir::{Api, Environment};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(api: &Api, environment: &Environment) -> TokenStream {
    let token = &environment.token;
    let base_url = match &environment.base_url {
        Some(name) => quote!(Some(#name)),
        None => quote!(None),
    };
    let (default_url, default_doc) = match api.servers.first() {
        Some(server) => {
            let url = &server.url;
            (
                quote!(Some(#url)),
                format!("the spec's first server, `{url}`"),
            )
        }
        None => (quote!(None), "none: the spec lists no servers".to_string()),
    };
    let mut doc = format!(" A client from `{token}` (the bearer token, required)");
    if let Some(name) = &environment.base_url {
        doc.push_str(&format!(
            " and `{name}` (the base URL, optional; default: {default_doc})"
        ));
    } else {
        doc.push_str(&format!("; the base URL is {default_doc}"));
    }
    doc.push('.');
    quote! {
        //! A client configured from the environment variables the API's own tools read.

        impl rt::Client {
            #[doc = #doc]
            pub fn from_env() -> Result<rt::Client, rt::BuildError> {
                rt::ClientBuilder::from_env()?.build()
            }
        }

        impl rt::ClientBuilder {
            #[doc = #doc]
            ///
            /// A builder, so region, retries, timeouts and wait defaults can still be set before
            /// `build()`.
            pub fn from_env() -> Result<rt::ClientBuilder, rt::BuildError> {
                rt::ClientBuilder::from_env_variables(#token, #base_url, #default_url)
            }
        }
    }
}
