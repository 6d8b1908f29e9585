//! The client types of a generated API. Generated operations are inherent methods of the
//! client (`client.things()`, `client.things_get(..)`), and Rust allows inherent methods only
//! in the crate that defines a type, so each generated crate defines its own `Client` and
//! `ClientBuilder` with [`api_client!`](crate::api_client): thin wrappers of the runtime's
//! [`Client`] and [`ClientBuilder`], written once here rather than emitted per spec.

use super::client::{Client, ClientBuilder};
use std::fmt;

/// A generated API's client: made from the runtime's [`Client`], built by its own builder.
/// Lets the runtime hand out the API's client where it makes one (the fake of `testkit`, the
/// clients of a [`Fanout`](crate::support::Fanout)). [`api_client!`](crate::api_client) implements it.
pub trait ApiClient: From<Client> + Clone + fmt::Debug {
    /// The API's client builder.
    type Builder: From<ClientBuilder> + Clone + fmt::Debug;
}

impl ApiClient for Client {
    type Builder = ClientBuilder;
}

/// Defines `Client` and `ClientBuilder` in the calling module: the generated API's client (the
/// runtime's [`Client`] inside, its methods reached through `Deref`) and its builder (every
/// setter of the runtime's [`ClientBuilder`]). Generated code invokes it once, in the crate
/// root; the generated operations, handles, servers and the environment's constructor are
/// inherent methods of these two types.
#[macro_export]
macro_rules! api_client {
    () => {
        /// The client of the API: cheap to clone (clones share connections). Every operation
        /// of the spec is a method; the resource handles (`client.things()`) are the
        /// convenient way in. Make one with [`ClientBuilder`].
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: $crate::support::Client,
        }

        impl ::core::ops::Deref for Client {
            type Target = $crate::support::Client;

            fn deref(&self) -> &$crate::support::Client {
                &self.inner
            }
        }

        impl ::core::convert::From<$crate::support::Client> for Client {
            fn from(inner: $crate::support::Client) -> Self {
                Client { inner }
            }
        }

        impl $crate::ApiClient for Client {
            type Builder = ClientBuilder;
        }

        impl Client {
            /// A builder with the defaults (no base URL, no credentials).
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// A clone of this client that sends one more header with every request (a
            /// tracing id, a tenant), as [`Client::with_header`]($crate::support::Client::with_header)
            /// does: the value is treated as sensitive (never in traces, scrubbed from errors).
            pub fn with_header(
                &self,
                name: &str,
                value: &str,
            ) -> ::core::result::Result<Client, $crate::support::BuildError> {
                self.inner.with_header(name, value).map(Client::from)
            }
        }

        /// Settings of a [`Client`]: where requests go, credentials, timeouts, retries, waits
        /// and TLS trust. Checked by [`build`](Self::build).
        #[derive(Clone, Debug, Default)]
        pub struct ClientBuilder {
            inner: $crate::support::ClientBuilder,
        }

        impl ::core::convert::From<$crate::support::ClientBuilder> for ClientBuilder {
            fn from(inner: $crate::support::ClientBuilder) -> Self {
                ClientBuilder { inner }
            }
        }

        impl ::core::convert::From<ClientBuilder> for $crate::support::ClientBuilder {
            fn from(builder: ClientBuilder) -> Self {
                builder.inner
            }
        }

        impl ClientBuilder {
            fn map(
                self,
                set: impl FnOnce($crate::support::ClientBuilder) -> $crate::support::ClientBuilder,
            ) -> Self {
                ClientBuilder {
                    inner: set(self.inner),
                }
            }

            /// Sends requests to this URL (no trailing `/` needed); it wins over a picked server and
            /// the environment.
            pub fn base_url(self, url: impl Into<String>) -> Self {
                self.map(|b| b.base_url(url))
            }

            /// The bearer token (`Authorization: Bearer …`); it replaces credentials set before.
            pub fn token(self, token: impl Into<$crate::support::Secret>) -> Self {
                self.map(|b| b.token(token))
            }

            /// HTTP Basic credentials (`Authorization: Basic …`); they replace credentials set
            /// before.
            pub fn basic_auth(
                self,
                username: impl Into<String>,
                password: impl Into<$crate::support::Secret>,
            ) -> Self {
                self.map(|b| b.basic_auth(username, password))
            }

            /// How long one attempt may take, from connecting to the last byte of the answer.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                self.map(|b| b.timeout(timeout))
            }

            /// How long connecting may take.
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                self.map(|b| b.connect_timeout(timeout))
            }

            /// The `User-Agent` header. Not applied to an injected client.
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                self.map(|b| b.user_agent(user_agent))
            }

            /// How failed attempts are repeated (see [`RetryPolicy`]($crate::RetryPolicy)).
            pub fn retry(self, policy: $crate::RetryPolicy) -> Self {
                self.map(|b| b.retry(policy))
            }

            /// How the waits of the resource handles poll unless a call passes its own.
            pub fn wait(self, options: $crate::support::WaitOptions) -> Self {
                self.map(|b| b.wait(options))
            }

            /// Uses this `reqwest::Client` (proxies, custom TLS roots, shared pools).
            pub fn http_client(self, client: $crate::reqwest::Client) -> Self {
                self.map(|b| b.http_client(client))
            }

            /// Trusts the CA certificates of this PEM bundle (or its base64) besides the
            /// built-in roots. Not applied to an injected client.
            pub fn add_root_certificate_pem(self, pem: impl Into<Vec<u8>>) -> Self {
                self.map(|b| b.add_root_certificate_pem(pem))
            }

            /// Accepts any server certificate. Only for test set-ups: anyone between the
            /// client and the server can read the credentials.
            pub fn danger_accept_invalid_certs(self, accept: bool) -> Self {
                self.map(|b| b.danger_accept_invalid_certs(accept))
            }

            /// Checks the settings and builds the client.
            pub fn build(self) -> ::core::result::Result<Client, $crate::support::BuildError> {
                self.inner.build().map(Client::from)
            }

            // Generated code calls these only for a spec with servers or API keys.
            #[allow(dead_code)]
            fn location(self, name: &str, url: &str) -> Self {
                self.map(|b| b.location(name, url))
            }

            #[allow(dead_code)]
            fn api_key_in(
                self,
                place: $crate::support::KeyPlace,
                key: impl Into<$crate::support::Secret>,
            ) -> Self {
                self.map(|b| b.api_key_in(place, key))
            }
        }
    };
}
