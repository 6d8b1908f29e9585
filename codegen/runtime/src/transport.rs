//! `TransportError`: no answer from the server (DNS, connect, TLS, reset, timeout). The HTTP
//! client's own error type stays inside, so it is not part of this crate's API (smithy-rs's
//! rule for error types): callers branch on the accessors, and the message says the cause.

use std::error::Error as StdError;
use std::fmt;

/// Why a request got no answer. Its message carries the whole cause chain, so
/// [`source`](StdError::source) is empty (nothing is said twice).
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(inner: reqwest::Error) -> Self {
        TransportError { inner }
    }

    /// The connection could not be made (DNS, refused, unreachable, TLS handshake).
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }

    /// The request or the connection ran out of time.
    pub fn is_timeout(&self) -> bool {
        self.inner.is_timeout()
    }

    /// The server's TLS certificate was refused (retrying cannot help; nothing retries it).
    pub fn is_certificate(&self) -> bool {
        is_certificate_error(&self.inner)
    }

    /// The whole cause chain, outermost first, each line once.
    fn chain(&self) -> String {
        let mut text = self.inner.to_string();
        let mut cause = self.inner.source();
        while let Some(c) = cause {
            let line = c.to_string();
            if !text.contains(&line) {
                text.push_str(": ");
                text.push_str(&line);
            }
            cause = c.source();
        }
        text
    }
}

/// Whether a transport error is a refused server certificate (retrying cannot fix it).
pub(crate) fn is_certificate_error(e: &reqwest::Error) -> bool {
    let mut cause: Option<&dyn StdError> = Some(e);
    while let Some(c) = cause {
        if c.to_string().to_ascii_lowercase().contains("certificate") {
            return true;
        }
        cause = c.source();
    }
    false
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.chain())
    }
}

impl fmt::Debug for TransportError {
    // The message, not the HTTP client's struct dump (which would show the URL of a request
    // whose query carries an API key; the message is built without it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("connect", &self.is_connect())
            .field("timeout", &self.is_timeout())
            .field("message", &self.chain())
            .finish()
    }
}

impl StdError for TransportError {}
