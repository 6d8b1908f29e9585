use super::validate::ValidationError;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

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
    /// Every attempt the retry policy allows failed; the last outcome is kept.
    #[error("{0}")]
    RetriesExhausted(RetriesExhausted<E>),
    /// The resource reached a failed state while it was waited for.
    #[error("{0}")]
    ResourceFailed(ResourceFailed),
    /// The resource did not reach the awaited state before the wait's deadline.
    #[error("{0}")]
    WaitTimedOut(WaitTimedOut),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::RetriesExhausted(e) => e.last.status(),
            _ => None,
        }
    }

    /// The error of the last attempt, looking through [`Error::RetriesExhausted`].
    pub fn last_attempt(&self) -> &Error<E> {
        match self {
            Error::RetriesExhausted(e) => &e.last,
            other => other,
        }
    }
}

/// Every allowed attempt failed with an error worth retrying.
#[derive(Debug)]
#[non_exhaustive]
pub struct RetriesExhausted<E> {
    /// Attempts sent (or tried to send).
    pub attempts: u32,
    /// Time from the start of the first attempt to the end of the last one.
    pub elapsed: Duration,
    /// The outcome of the last attempt.
    pub last: Box<Error<E>>,
}

impl<E> fmt::Display for RetriesExhausted<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gave up after {} attempt{} in {:.1} s; last: {}",
            self.attempts,
            if self.attempts == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64(),
            self.last
        )
    }
}

/// A resource reported a failed provisioning state (`FAILED` with its status message).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourceFailed {
    /// The state as sent by the server.
    pub status: String,
    /// The server's explanation, when it gave one.
    pub message: Option<String>,
}

impl fmt::Display for ResourceFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the resource is {}", self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {}", excerpt(message))?;
        }
        Ok(())
    }
}

/// Waiting ended at its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitTimedOut {
    /// How long was waited.
    pub waited: Duration,
    /// What the resource was doing at the last poll (its state, or `present` when waiting for
    /// deletion).
    pub last_state: String,
}

impl fmt::Display for WaitTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "still {} after waiting {:.1} s",
            self.last_state,
            self.waited.as_secs_f64()
        )
    }
}

/// A non-success answer: the status, the parsed error body when it parses, the raw body, and
/// the response headers.
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body parsed as the API's error type, when it parses.
    pub body: Option<E>,
    /// The body as received (lossy UTF-8).
    pub raw_body: String,
    /// The response headers (`Retry-After`, request ids).
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
    /// The (success) HTTP status.
    pub status: StatusCode,
    /// The body as received (lossy UTF-8).
    pub raw_body: String,
    /// What did not match, as serde reports it.
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
