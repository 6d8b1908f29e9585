#![doc = include_str!("../README.md")]
//!
//! ## How the crate is made
//!
//! Everything spec-specific ([`models`], [`operations`] and the resource handles as methods on
//! [`Client`], [`validation`] constants, the regions and `Client::from_env`) is generated from
//! the OpenAPI document by `cargo xtask regenerate` in the project's repository; the small
//! runtime in [`runtime`] is hand-written and knows nothing of the spec.
#![deny(missing_docs)]

#[path = "../../codegen/runtime/src/lib.rs"]
pub mod runtime;

#[doc(hidden)]
pub use runtime::__private;

#[rustfmt::skip]
mod generated;

// What the generated root module exports depends on the spec (`regions` only when it lists
// servers), so it is re-exported whole.
pub use generated::*;
pub use runtime::{
    Accepted, AnswerLost, ApiError, BuildError, Client, ClientBuilder, DecodeError, Deleting,
    ErrorBody, Failures, Fanout, File, Gathered, Items, Lifecycle, LifecycleState, ListPage, Page,
    Pages, ResourceFailed, Response, RetriesExhausted, RetryPolicy, Secret, TransportError,
    UnknownOption, Validate, ValidationError, Violation, WaitOptions, WaitTimedOut,
};

// The crates whose types appear in the API, so users need not depend on them by hand.
pub use reqwest;
pub use uuid;
