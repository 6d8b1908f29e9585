//! The hand-written, spec-agnostic runtime the generated code calls: client, retries, errors,
//! pagination, waiting, secrets and validation. Nothing here names a schema, an operation, a
//! server or an environment variable of the spec: those are generated.
//!
//! Each public type has one path. What generated code names (its client, `Accepted`, errors,
//! secrets, pages, waits, checks, requests, serde helpers) is in [`support`], which generated
//! files import as `rt`; the generated crate re-exports there the types users meet. The rest
//! users meet (parts of errors, `RetryPolicy`, the futures of waits) is at the crate root. A
//! generated crate defines its own client types with [`api_client!`].
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
mod testkit;
mod tls;
mod transport;
mod validate;
mod wait;
mod wire;

// Each public type has one path: the ones generated code names are in `support` (the
// generated crate re-exports those users meet at its root), the rest here.
pub use accepted::{AcceptedFuture, DeletingFuture};
pub use api_client::ApiClient;
pub use error::{
    AnswerLost, ApiError, DecodeError, Found, ResourceFailed, RetriesExhausted, WaitTimedOut,
};
pub use pagination::ListPage;
pub use retry::RetryPolicy;
pub use transport::TransportError;
// For the generated prelude: the trait list streams are read with (it reaches users only
// through the prelude).
pub use futures_util::StreamExt;
// The crates whose types appear in the runtime's public API (and the generated code's).
pub use {bytes, chrono, reqwest, serde, serde_json, uuid};

/// Every type and function generated code names, imported there as `rt`: the client and its
/// builder, answers that wait (`Accepted`, `Deleting`), errors, secrets, pages, waits and
/// checks, and what only generated code calls (requests and answers, the checks behind
/// `Validate`, the pagination and wait loops, serde helpers). A type here is at no other path
/// of the runtime; the generated crate re-exports the ones users meet at its root. Public
/// because generated code is another crate; it follows the runtime's version like the rest of
/// its API.
pub mod support {
    pub use super::accepted::{Accepted, Deleting};
    pub use super::build_error::BuildError;
    pub use super::client::{Client, ClientBuilder};
    pub use super::credentials::{Credential, KeyPlace};
    pub use super::environment::{ConfigVariables, EnvVariables};
    pub use super::error::{Error, ErrorBody, ResourceRef};
    pub use super::fanout::{Failures, Fanout, Gathered};
    pub use super::format::Format;
    pub use super::forms::File;
    pub use super::multiple::Multiple;
    pub use super::pagination::{
        collect_all, items, page_size, pages, skip_to, Items, Page, Pages, Stream,
    };
    pub use super::pattern::Pattern;
    pub use super::query::{simple_text, QueryStyle};
    pub use super::request::{encode_path_segment, Request, Response};
    pub use super::scrub::scrub;
    pub use super::secret::Secret;
    pub use super::sending::send;
    /// A stateful fake of the API for users' tests, served in-process on 127.0.0.1: the
    /// engine the generated `testkit` module gives a model of the API (feature `testkit`).
    #[cfg(feature = "testkit")]
    pub mod testkit {
        pub use crate::testkit::*;
    }
    pub use super::validate::{
        any_of, field, into_result, missing, optional, parse_into, required_field, unknown_option,
        value, written_again, AsText, Checks, Validate, ValidationError, Violation,
    };
    pub use super::wait::{until_gone, until_ready, Lifecycle, LifecycleState, WaitOptions};
    pub use super::wire::{open_enum, tagged, untag, variant, UnknownOption};
    pub use reqwest::StatusCode;
    pub use uuid::Uuid;
}
