//! The hand-written, spec-agnostic runtime the generated code calls: client, errors, secrets and
//! validation helpers. Nothing here names a schema of the spec.

mod client;
mod error;
mod secret;
pub mod validate;

pub use client::{encode_path_segment, BuildError, Client, ClientBuilder, Request, Response};
pub use error::{ApiError, DecodeError, Error};
pub use secret::Secret;
pub use validate::{Validate, ValidationError, Violation};

/// A region name that is not one of the spec's servers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown region {0:?}")]
pub struct UnknownRegion(pub String);
