//! The hand-written, spec-agnostic runtime the generated code calls: client, retries, errors,
//! pagination, waiting, secrets and validation. Nothing here names a schema, an operation, a
//! server or an environment variable of the spec: those are generated.
//!
//! The types users meet are at the crate root; the generated crate re-exports them. What only
//! generated code calls (requests, checks, pagination and wait loops, serde helpers) is in
//! [`support`]. A generated crate defines its own client types with [`api_client!`].
#![deny(missing_docs)]

mod accepted;
mod api_client;
mod build_error;
mod client;
mod config;
mod credentials;
mod environment;
mod error;
mod fanout;
mod format;
mod forms;
mod multiple;
mod pagination;
mod pattern;
mod query;
mod request;
mod retry;
mod scrub;
mod secret;
mod sending;
#[cfg(feature = "testkit")]
pub mod testkit;
mod tls;
mod transport;
mod validate;
mod wait;
mod wire;

pub use accepted::{Accepted, AcceptedFuture, Deleting, DeletingFuture};
pub use api_client::ApiClient;
pub use build_error::BuildError;
pub use client::{Client, ClientBuilder};
pub use error::{
    AnswerLost, ApiError, DecodeError, Error, ErrorBody, Found, ResourceFailed, ResourceRef,
    RetriesExhausted, WaitTimedOut,
};
pub use fanout::{Failures, Fanout, Gathered};
pub use forms::File;
pub use pagination::{Items, ListPage, Page, Pages};
pub use request::Response;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use transport::TransportError;
pub use validate::{Validate, ValidationError, Violation};
pub use wait::{Lifecycle, LifecycleState, WaitOptions};
pub use wire::UnknownOption;
// For the generated prelude: the ids' type and the trait list streams are read with. The crate
// root re-exports `uuid` itself; `StreamExt` reaches users only through the prelude.
pub use futures_util::StreamExt;
pub use uuid::Uuid;
// The crates whose types appear in the runtime's public API (and the generated code's).
pub use {bytes, chrono, reqwest, serde, serde_json, uuid};

/// What generated code calls and programs rarely need: requests and answers, the checks behind
/// `Validate`, the pagination and wait loops, serde helpers, and the names generated files
/// import as `rt`. Public because generated code is another crate; it follows the runtime's
/// version like the rest of its API.
pub mod support {
    pub use super::credentials::{Credential, KeyPlace};
    pub use super::environment::{ConfigVariables, EnvVariables};
    pub use super::format::Format;
    pub use super::multiple::Multiple;
    pub use super::pagination::{
        collect_all, items, page_size, pages, skip_to, Items, Pages, Stream,
    };
    pub use super::pattern::Pattern;
    pub use super::query::{simple_text, QueryStyle};
    pub use super::request::{encode_path_segment, Request, Response};
    pub use super::scrub::scrub;
    pub use super::sending::send;
    #[cfg(feature = "testkit")]
    pub use super::testkit;
    pub use super::validate::{
        any_of, field, into_result, missing, optional, parse_into, required_field, unknown_option,
        value, written_again, AsText, Checks,
    };
    pub use super::wait::{until_gone, until_ready};
    pub use super::wire::{open_enum, tagged, untag, variant, UnknownOption};
    pub use super::{
        Accepted, BuildError, Client, ClientBuilder, Deleting, Error, ErrorBody, Failures, Fanout,
        File, Gathered, Lifecycle, LifecycleState, Page, ResourceRef, Secret, Validate,
        ValidationError, Violation, WaitOptions,
    };
    pub use futures_util::StreamExt;
    pub use reqwest::StatusCode;
    pub use uuid::Uuid;
}
