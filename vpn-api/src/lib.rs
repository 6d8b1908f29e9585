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

// Its `prelude` module is the one item no path reaches: the hand-written `prelude` below takes
// its place and re-exports all of it.
#[allow(unreachable_pub)]
#[rustfmt::skip]
mod generated;

// What the generated root module exports depends on the spec (`regions` only when it lists
// servers), so it is re-exported whole. It defines `Client` and `ClientBuilder`, and a
// `prelude` that the one below takes the place of.
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

/// What every program names, in one line: `use vpn_api::prelude::*;`. The client and its
/// builder, retries and waits, the regions and the multi-region client, the models the
/// resource handles write (and what they are made of), `Uuid` (ids), the traits whose methods
/// programs call (`StreamExt` for `.next().await` on list streams, `Found` for `.found()`,
/// `AcceptedFuture` and `DeletingFuture` for `create(..).ready()` and `delete(id).gone()`,
/// and `Validate`; imported without their names), and the other end of a tunnel: WireGuard
/// keys ([`PrivateKey`](wireguard::PrivateKey), [`PublicKey`](wireguard::PublicKey),
/// [`KeyPair`](wireguard::KeyPair)), a new peer ([`NewPeer`](wireguard::NewPeer)) and its
/// configuration ([`PeerConfig`](wireguard::PeerConfig)), and an IPSec tunnel's remote site
/// ([`RemoteSite`](ipsec::RemoteSite)).
///
/// It names nothing `std::fmt`, `std::error` or `reqwest` also name, except the client
/// (beside `reqwest::*`, name it once: `use vpn_api::Client;` wins over both globs); the
/// error and result types and every other model stay in the crate root and `models`.
pub mod prelude {
    // Two globs, not a glob and a list: a name both give (a model the spec adds one day named
    // like a key type) is then this lint's error, where a listed name would silently shadow
    // the generated one.
    #![deny(ambiguous_glob_reexports)]

    pub use crate::generated::prelude::*;
    pub use vpn::*;

    mod vpn {
        pub use crate::ipsec::RemoteSite;
        pub use crate::wireguard::{KeyPair, NewPeer, PeerConfig, PrivateKey, PublicKey};
    }
}

// The crates whose types appear in the API (checked by `tests/reexports.rs`), so users need
// not depend on them by hand.
pub use vpn_runtime::{bytes, chrono, reqwest, serde, serde_json, uuid};
