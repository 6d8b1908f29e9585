use super::validate::ValidationError;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;

/// Everything an operation can fail with. `E` is the API's error body type.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request broke the spec's constraints; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(#[from] ValidationError),
    /// The request body could not be serialized; nothing was sent.
    #[error("could not encode the request body: {0}")]
    Encode(String),
    /// The connection failed (DNS, connect, TLS, reset).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// No complete answer within the configured timeout.
    #[error("timed out: {0}")]
    Timeout(#[source] reqwest::Error),
    /// The server answered with a status the operation does not treat as success.
    #[error("{0}")]
    Api(ApiError<E>),
    /// A success status whose body does not decode into the operation's type.
    #[error("{0}")]
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }
}

/// A non-success answer: the status, the parsed error body when it parses, the raw body, and
/// the response headers.
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiError<E> {
    pub status: StatusCode,
    pub body: Option<E>,
    pub raw_body: String,
    pub headers: HeaderMap,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        if !self.raw_body.is_empty() {
            write!(f, ": {}", excerpt(&self.raw_body))?;
        }
        Ok(())
    }
}

/// A success status with a body that does not match the expected type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    pub status: StatusCode,
    pub raw_body: String,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response: {} (body: {})",
            self.status,
            self.message,
            excerpt(&self.raw_body)
        )
    }
}

/// The start of a body, for messages: bodies can be large HTML pages.
fn excerpt(body: &str) -> String {
    const MAX: usize = 300;
    match body.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &body[..end]),
        None => body.to_string(),
    }
}
