//! The hand-written, spec-agnostic runtime the generated code calls: client, retries, errors,
//! pagination, waiting, secrets and validation helpers. Nothing here names a schema of the spec.

mod client;
mod error;
pub mod pagination;
mod retry;
mod secret;
pub mod validate;
pub mod wait;
pub mod wire;

pub use client::{encode_path_segment, BuildError, Client, ClientBuilder, Request, Response};
pub use error::{ApiError, DecodeError, Error, ResourceFailed, RetriesExhausted, WaitTimedOut};
pub use pagination::Page;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use validate::{Validate, ValidationError, Violation};
pub use wait::{Lifecycle, LifecycleState, WaitOptions};

/// A region name that is not one of the spec's servers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown region {0:?}")]
pub struct UnknownRegion(pub String);
