//! Typed, validated bindings for the IONOS Cloud VPN Gateway API: WireGuard gateways and peers,
//! IPSec gateways and tunnels.
//!
//! Everything spec-specific ([`models`], [`operations`] as methods on [`Client`], [`validation`]
//! constants, the regions and `Client::from_env`) is generated from `spec/openapi.json` by
//! `cargo xtask regenerate`; the small runtime in [`runtime`] is hand-written and knows nothing
//! of the spec.
//!
//! Request bodies and parameters are validated against the spec before anything is sent:
//! an invalid request fails with [`Error::Validation`] listing every violation.

#![deny(missing_docs)]

pub mod runtime;

#[doc(hidden)]
pub use runtime::__private;

#[rustfmt::skip]
mod generated;

// What the generated root module exports depends on the spec (`regions` only when it lists
// servers), so it is re-exported whole.
pub use generated::*;
pub use runtime::{
    ApiError, BuildError, Client, ClientBuilder, DecodeError, Items, Lifecycle, LifecycleState,
    Page, ResourceFailed, RetriesExhausted, RetryPolicy, Secret, Validate, ValidationError,
    Violation, WaitOptions, WaitTimedOut,
};

// The crates whose types appear in the API, so users need not depend on them by hand.
pub use reqwest;
pub use uuid;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
