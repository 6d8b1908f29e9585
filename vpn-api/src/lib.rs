#![doc = include_str!("../README.md")]
//!
//! ## How the crate is made
//!
//! Everything spec-specific ([`models`], [`operations`] and the resource handles as methods on
//! [`Client`], [`validation`] constants, the regions and `Client::from_env`) is generated from
//! the OpenAPI document by `cargo xtask regenerate` in the project's repository; it compiles
//! against the hand-written runtime `vpn-runtime`, which knows nothing of the spec. Its types
//! are re-exported here. [`wireguard`] and [`ipsec`] are hand-written for the VPN: keys and the
//! peer's side of a WireGuard tunnel, and the remote site of an IPSec tunnel.
#![deny(missing_docs)]

pub mod ipsec;
mod secret_file;
pub mod wireguard;

#[rustfmt::skip]
mod generated;

// What the generated root module exports depends on the spec (`regions` only when it lists
// servers), so it is re-exported whole. It defines `Client` and `ClientBuilder`, and the
// `prelude`, which re-exports the VPN modules' everyday types too (the overlay's
// `x-rust-prelude`).
pub use generated::*;
pub use vpn_runtime::support::{
    Accepted, BuildError, Deleting, ErrorBody, Failures, Fanout, File, Gathered, Items, Lifecycle,
    LifecycleState, Page, Pages, ResourceRef, Response, Secret, UnknownOption, Validate,
    ValidationError, Violation, WaitOptions,
};

pub use vpn_runtime::{
    AcceptedFuture, AnswerLost, ApiError, DecodeError, DeletingFuture, Found, ListPage,
    ResourceFailed, RetriesExhausted, RetryPolicy, TransportError, WaitTimedOut,
};

// The crates whose types appear in the API (checked by `tests/reexports.rs`), so users need
// not depend on them by hand.
pub use vpn_runtime::{bytes, chrono, reqwest, serde, serde_json, uuid};
