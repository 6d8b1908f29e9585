use super::transport::TransportError;
use super::validate::ValidationError;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// Everything an operation can fail with. `E` is the API's error body type.
///
/// `Display` is one line: what failed, with the API's own messages or the root cause of a
/// transport failure. No text is repeated down the `source()` chain: a variant either says
/// its cause or returns it as the source, never both. `Debug` reads the same (with the raw
/// error body for the API's messages), so `fn main() -> Result<(), Box<dyn Error>>` prints a
/// sentence; `{:#?}` shows the structure.
#[non_exhaustive]
pub enum Error<E> {
    /// The request broke the spec's constraints; nothing was sent.
    Validation(ValidationError),
    /// The request body could not be serialized; nothing was sent.
    Encode(String),
    /// The connection failed (DNS, connect, TLS, reset).
    Transport(TransportError),
    /// No complete answer within the configured timeout.
    Timeout(TransportError),
    /// The server answered with a status the operation does not treat as success.
    Api(ApiError<E>),
    /// A success status whose body does not decode into the operation's type.
    Decode(DecodeError),
    /// Every attempt the retry policy allows failed; the line ends with the last outcome
    /// ([`last_attempt`](Error::last_attempt) gives it as a value).
    RetriesExhausted(RetriesExhausted<E>),
    /// A request that is not safe to repeat (a POST) reached the server, but its answer was
    /// lost (the connection broke, or a proxy answered 502 or 504): the server may have
    /// carried it out. It was not repeated.
    AnswerLost(AnswerLost<E>),
    /// The resource reached a failed state while it was waited for.
    ResourceFailed(ResourceFailed),
    /// The resource did not reach the awaited state before the wait's deadline.
    WaitTimedOut(WaitTimedOut),
}

/// The API's error body, as the generated code reads it: the messages a person should see.
pub trait ErrorBody {
    /// The human-readable messages, in order (empty when the body has none).
    fn messages(&self) -> Vec<&str>;

    /// Whether the body holds nothing this type knows (another kind of body that happened to
    /// parse, such as a proxy's `problem+json`): then the error keeps only the raw body.
    fn is_empty(&self) -> bool {
        false
    }
}

/// Bodies the generator could not type: the usual places of a message in JSON error bodies.
impl ErrorBody for serde_json::Value {
    fn messages(&self) -> Vec<&str> {
        let listed = self
            .get("messages")
            .and_then(serde_json::Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|m| m.get("message").and_then(serde_json::Value::as_str))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if !listed.is_empty() {
            return listed;
        }
        ["message", "detail", "title", "error"]
            .iter()
            .find_map(|key| self.get(*key).and_then(serde_json::Value::as_str))
            .into_iter()
            .collect()
    }
}

/// How a line gets the messages of an error body: the API's own (`Display`, where `E` is an
/// [`ErrorBody`]), or none (`Debug`, for any `E`: the raw body shows instead).
type Messages<E> = for<'a> fn(&'a E) -> Vec<&'a str>;

fn no_messages<E>(_: &E) -> Vec<&str> {
    Vec::new()
}

impl<E> Error<E> {
    /// The one line `Display` and `Debug` print.
    fn line(&self, f: &mut fmt::Formatter<'_>, messages: Messages<E>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid request, nothing was sent: {e}"),
            Error::Encode(e) => write!(f, "could not encode the request body: {e}"),
            Error::Transport(e) if e.is_certificate() => write!(
                f,
                "could not reach the API: its TLS certificate was refused (not retried): {e}"
            ),
            Error::Transport(e) => write!(f, "could not reach the API: {e}"),
            Error::Timeout(e) => write!(f, "timed out: {e}"),
            Error::Api(e) => e.line(f, messages),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::RetriesExhausted(e) => e.line(f, messages),
            Error::AnswerLost(e) => e.line(f, messages),
            Error::ResourceFailed(e) => fmt::Display::fmt(e, f),
            Error::WaitTimedOut(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<E: ErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.line(f, <E as ErrorBody>::messages)
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return self.line(f, no_messages);
        }
        match self {
            Error::Validation(e) => f.debug_tuple("Validation").field(e).finish(),
            Error::Encode(e) => f.debug_tuple("Encode").field(e).finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
            Error::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Error::Decode(e) => f.debug_tuple("Decode").field(e).finish(),
            Error::RetriesExhausted(e) => f.debug_tuple("RetriesExhausted").field(e).finish(),
            Error::AnswerLost(e) => f.debug_tuple("AnswerLost").field(e).finish(),
            Error::ResourceFailed(e) => f.debug_tuple("ResourceFailed").field(e).finish(),
            Error::WaitTimedOut(e) => f.debug_tuple("WaitTimedOut").field(e).finish(),
        }
    }
}

impl<E: ErrorBody + fmt::Debug + 'static> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        // Every variant says its cause in its own line (a retry's or a lost answer's cause
        // included), so none is repeated as a source.
        match self {
            Error::Validation(_)
            | Error::Encode(_)
            | Error::Transport(_)
            | Error::Timeout(_)
            | Error::Api(_)
            | Error::Decode(_)
            | Error::RetriesExhausted(_)
            | Error::AnswerLost(_)
            | Error::ResourceFailed(_)
            | Error::WaitTimedOut(_) => None,
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::RetriesExhausted(e) => e.last.status(),
            Error::AnswerLost(e) => e.cause.status(),
            _ => None,
        }
    }

    /// Whether the server answered `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the server answered `429 Too Many Requests`: directly, or as the last attempt
    /// of [`Error::RetriesExhausted`] (every retry the policy allowed met rate limiting), so
    /// there is no need to look into [`last_attempt`](Self::last_attempt) first.
    /// [`is_not_found`](Self::is_not_found) and [`status`](Self::status) look through it too.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// The error of the last attempt, looking through [`Error::RetriesExhausted`].
    pub fn last_attempt(&self) -> &Error<E> {
        match self {
            Error::RetriesExhausted(e) => &e.last,
            Error::AnswerLost(e) => &e.cause,
            other => other,
        }
    }

    /// The API's error body, when the server sent one this crate understands.
    pub fn api_body(&self) -> Option<&E> {
        match self.last_attempt() {
            Error::Api(e) => e.body.as_ref(),
            _ => None,
        }
    }
}

impl<E: ErrorBody> Error<E> {
    /// The API's messages for a person (empty when there are none).
    pub fn messages(&self) -> Vec<&str> {
        self.api_body().map(ErrorBody::messages).unwrap_or_default()
    }
}

/// Reading something that may be gone without a `match` on the error: on the result of any
/// call, [`found`](Found::found) turns a `404 Not Found` answer into `Ok(None)` and keeps
/// every other error an error (a `410`, a `429`, a lost connection are not "not found").
/// In the prelude (as `Found as _`).
pub trait Found<T, E> {
    /// `Ok(Some(value))` for an answer, `Ok(None)` when the server answered `404 Not Found`,
    /// the error otherwise.
    fn found(self) -> Result<Option<T>, Error<E>>;
}

impl<T, E> Found<T, E> for Result<T, Error<E>> {
    fn found(self) -> Result<Option<T>, Error<E>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.is_not_found() => Ok(None),
            Err(error) => Err(error),
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

impl<E> RetriesExhausted<E> {
    fn line(&self, f: &mut fmt::Formatter<'_>, messages: Messages<E>) -> fmt::Result {
        write!(
            f,
            "gave up after {} attempt{} in {:.1} s: ",
            self.attempts,
            if self.attempts == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64(),
        )?;
        self.last.line(f, messages)
    }
}

/// `gave up after 4 attempts in 5.3 s: the API answered 429 Too Many Requests: slow down`.
impl<E: ErrorBody> fmt::Display for RetriesExhausted<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.line(f, <E as ErrorBody>::messages)
    }
}

/// A request that is not safe to repeat whose answer was lost; see [`Error::AnswerLost`].
#[derive(Debug)]
#[non_exhaustive]
pub struct AnswerLost<E> {
    /// The request: method and path template (`POST /things`).
    pub request: String,
    /// What ended the attempt: a transport error or the proxy's answer.
    pub cause: Box<Error<E>>,
}

impl<E> AnswerLost<E> {
    fn line(&self, f: &mut fmt::Formatter<'_>, messages: Messages<E>) -> fmt::Result {
        let method = self.request.split(' ').next().unwrap_or_default();
        write!(
            f,
            "{} may have been carried out, but its answer was lost (",
            self.request
        )?;
        self.cause.line(f, messages)?;
        write!(
            f,
            "); it was not repeated because {method} is not idempotent (a create sent with an \
             id of your choosing, such as a resource handle's `create_idempotent`, is safe to \
             repeat)"
        )
    }
}

impl<E: ErrorBody> fmt::Display for AnswerLost<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.line(f, <E as ErrorBody>::messages)
    }
}

/// Which resource a wait is about: its kind and the ids of its path. Handles and the
/// operations' wait helpers name it alike, so a program can match on it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourceRef {
    /// What the bindings call it (`Thing`).
    pub kind: String,
    /// The ids in its path, outermost first and its own last (`[parent id, thing id]`);
    /// none for a resource without ids.
    pub ids: Vec<String>,
}

impl ResourceRef {
    /// A resource of `kind` at these ids, outermost first.
    pub fn new(kind: &str, ids: Vec<String>) -> ResourceRef {
        ResourceRef {
            kind: kind.to_string(),
            ids,
        }
    }

    /// Its own id: the last of its path.
    pub fn id(&self) -> Option<&str> {
        self.ids.last().map(String::as_str)
    }
}

/// `Thing 85c79b4b-…/0f3a…`.
impl fmt::Display for ResourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.kind)?;
        if !self.ids.is_empty() {
            write!(f, " {}", self.ids.join("/"))?;
        }
        Ok(())
    }
}

/// A resource reported a failed provisioning state (with its status message).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourceFailed {
    /// Which resource.
    pub resource: ResourceRef,
    /// The state as sent by the server.
    pub status: String,
    /// The server's explanation, when it gave one.
    pub message: Option<String>,
}

impl fmt::Display for ResourceFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is {}", self.resource, self.status)?;
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
    /// Which resource.
    pub resource: ResourceRef,
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
            "{} is still {} after waiting {:.1} s",
            self.resource,
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

/// `the API answered 404 Not Found: <its messages>`, or an excerpt of the raw body when the
/// body has no messages this crate understands.
impl<E: ErrorBody> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.line(f, <E as ErrorBody>::messages)
    }
}

impl<E> ApiError<E> {
    fn line(&self, f: &mut fmt::Formatter<'_>, messages: Messages<E>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        let messages = self.body.as_ref().map(messages).unwrap_or_default();
        if !messages.is_empty() {
            write!(f, ": {}", messages.join("; "))
        } else if !self.raw_body.trim().is_empty() {
            write!(f, ": {}", excerpt(self.raw_body.trim()))
        } else {
            Ok(())
        }
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
