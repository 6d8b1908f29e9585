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
    let (username, password) = match &environment.basic {
        Some((user, password)) => (quote!(Some(#user)), quote!(Some(#password))),
        None => (quote!(None), quote!(None)),
    };
    let config = match &environment.config {
        Some(c) => {
            let (path, default_path, product) = (&c.path_variable, &c.default_path, &c.product);
            let profile = match &c.profile_variable {
                Some(v) => quote!(Some(#v)),
                None => quote!(None),
            };
            quote!(Some(rt::ConfigVariables {
                path: #path,
                default_path: #default_path,
                profile: #profile,
                product: #product,
            }))
        }
        None => quote!(None),
    };
    let mut doc = match &environment.basic {
        Some((user, password)) => format!(
            " A client from `{token}` (the bearer token), or, when it is not set, `{user}` and \
             `{password}` (HTTP Basic credentials)"
        ),
        None => format!(" A client from `{token}` (the bearer token, required)"),
    };
    if let Some(name) = &environment.base_url {
        doc.push_str(&format!(
            "; the base URL from `{name}` when it is set, else {default_doc}"
        ));
    } else {
        doc.push_str(&format!("; the base URL is {default_doc}"));
    }
    doc.push('.');
    if let Some(c) = &environment.config {
        let profile = c
            .profile_variable
            .as_ref()
            .map(|v| format!(" (`{v}` picks another)"))
            .unwrap_or_default();
        doc.push_str(&format!(
            " What the environment leaves out comes from the config file (`{}`, else \
             `~/{}`): the current profile's credentials{profile}, and the `{}` product's \
             endpoint for the picked region, else its global one. Settings on the builder win \
             over both.",
            c.path_variable, c.default_path, c.product
        ));
    }
    quote! {
        //! A client configured from the environment variables the API's own tools read.

        impl super::Client {
            #[doc = #doc]
            pub fn from_env() -> Result<super::Client, rt::BuildError> {
                super::ClientBuilder::from_env()?.build()
            }
        }

        impl super::ClientBuilder {
            #[doc = #doc]
            ///
            /// A builder, so region, retries, timeouts and wait defaults can still be set before
            /// `build()`.
            pub fn from_env() -> Result<super::ClientBuilder, rt::BuildError> {
                let variables = rt::EnvVariables {
                    token: #token,
                    username: #username,
                    password: #password,
                    base_url: #base_url,
                    config: #config,
                };
                let builder = rt::ClientBuilder::from_env_variables(&variables, #default_url)?;
                Ok(builder.into())
            }
        }
    }
}
