//! One request as generated operations describe it, and the complete answer to it.

use super::credentials::Credential;
use super::error::{ApiError, DecodeError, Error, ErrorBody};
use super::scrub::scrub;
use super::secret::Secret;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// One request as generated operations describe it.
pub struct Request {
    pub(super) method: Method,
    pub(super) path_template: &'static str,
    pub(super) path: String,
    pub(super) query: Vec<(Cow<'static, str>, String)>,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Option<(Cow<'static, str>, bytes::Bytes)>,
    /// What the request carries that must not show in error text: the body's secrets
    /// (collected while it was serialized) and header parameter values.
    pub(super) secrets: Vec<String>,
    /// The client's credentials the operation sends, when its own `security` says (`None`:
    /// all of them).
    pub(super) credentials: Option<&'static [Credential]>,
}

/// Bodies and header values can hold secrets (keys, credentials): only their shape shows.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field("headers", &header_names)
            .field("body_bytes", &self.body.as_ref().map(|(_, b)| b.len()))
            .finish_non_exhaustive()
    }
}

impl Request {
    /// `path_template` is the spec's path (`/things/{id}`), `path` the encoded one.
    pub fn new(method: Method, path_template: &'static str, path: String) -> Self {
        Request {
            method,
            path_template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            secrets: Vec::new(),
            credentials: None,
        }
    }

    /// Sends only these of the client's credentials (an operation's own `security`; none
    /// for `security: []`).
    pub fn credentials(mut self, allowed: &'static [Credential]) -> Self {
        self.credentials = Some(allowed);
        self
    }

    /// A query parameter, in the order given.
    pub fn query(mut self, name: &'static str, value: String) -> Self {
        self.query.push((name.into(), value));
        self
    }

    /// An optional query parameter: nothing when `None`.
    pub fn query_optional<T: ToString + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
    ) -> Self {
        match value {
            Some(value) => self.query(name, value.to_string()),
            None => self,
        }
    }

    /// A structured query parameter (an object, a list, or JSON text), written as its
    /// `style` says; a value that does not serialize is [`Error::Encode`].
    pub fn query_value<T: Serialize, E>(
        mut self,
        name: &'static str,
        style: super::query::QueryStyle,
        value: &T,
    ) -> Result<Self, Error<E>> {
        let pairs = super::query::pairs(name, style, value).map_err(Error::Encode)?;
        self.query
            .extend(pairs.into_iter().map(|(name, value)| (name.into(), value)));
        Ok(self)
    }

    /// A header parameter. An `Authorization` given here replaces the client's token.
    pub fn header(mut self, name: &'static str, value: String) -> Self {
        self.secrets.push(value.clone());
        self.headers.push((name, value));
        self
    }

    /// A JSON body; a value that does not serialize is [`Error::Encode`].
    pub fn json<B: Serialize, E>(mut self, body: &B) -> Result<Self, Error<E>> {
        let (encoded, secrets) = super::secret::collecting(|| serde_json::to_vec(body));
        let encoded = encoded.map_err(|e| Error::Encode(e.to_string()))?;
        self.body = Some(("application/json".into(), encoded.into()));
        self.secrets.extend(secrets);
        Ok(self)
    }

    /// An `application/x-www-form-urlencoded` body: each property of the serialized body is
    /// a field, arrays repeated, in the order written; a body that is not an object is
    /// [`Error::Encode`].
    pub fn form<B: Serialize, E>(mut self, body: &B) -> Result<Self, Error<E>> {
        let (value, files, secrets) = super::forms::serialize(body).map_err(Error::Encode)?;
        let encoded = super::forms::urlencoded(&value, &files);
        self.body = Some(("application/x-www-form-urlencoded".into(), encoded.into()));
        self.secrets.extend(secrets);
        Ok(self)
    }

    /// A `multipart/form-data` body: each property a part, each [`File`](crate::support::File) a file
    /// part; a body that is not an object is [`Error::Encode`].
    pub fn multipart<B: Serialize, E>(mut self, body: &B) -> Result<Self, Error<E>> {
        let (value, files, secrets) = super::forms::serialize(body).map_err(Error::Encode)?;
        let (content_type, encoded) = super::forms::multipart(&value, &files);
        self.body = Some((content_type.into(), encoded.into()));
        self.secrets.extend(secrets);
        Ok(self)
    }

    /// A body sent as it is (text or binary media types).
    pub fn body(mut self, content_type: &'static str, body: impl Into<bytes::Bytes>) -> Self {
        self.body = Some((content_type.into(), body.into()));
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The spec's path (`/things/{id}`), as traces record it.
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }
}

/// A complete answer: status, headers and body. Operations whose spec declares no success
/// body return it as it is.
pub struct Response {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: bytes::Bytes,
    /// What the request carried that must not show in error text (token, keys, passwords).
    pub(super) secrets: Vec<String>,
    /// The client's own (credentials, added headers), shared by every answer.
    pub(super) client_secrets: Arc<[Secret]>,
}

/// The request's secrets ride along for scrubbing, and bodies can quote them: only the
/// shape shows.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Response {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes a success body; a body that does not match becomes [`Error::Decode`] with the raw body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::Decode(DecodeError {
                status: self.status,
                raw_body: self.scrubbed_body(),
                // serde quotes the value it could not take.
                message: scrub(&e.to_string(), &self.secrets()),
            })
        })
    }

    /// Every secret the request carried: its own (body, header values) and the client's.
    fn secrets(&self) -> Vec<&str> {
        let client = self.client_secrets.iter().map(Secret::expose);
        self.secrets
            .iter()
            .map(String::as_str)
            .chain(client)
            .collect()
    }

    /// The body as text for an error, without the secrets the request carried in any
    /// spelling: servers often quote the input in their errors.
    fn scrubbed_body(&self) -> String {
        scrub(&String::from_utf8_lossy(&self.body), &self.secrets())
    }

    /// The headers for an error: a value that quotes a secret is marked sensitive, so that
    /// `Debug` does not show it.
    fn scrubbed_headers(&self) -> HeaderMap {
        let secrets = self.secrets();
        let mut headers = self.headers.clone();
        for value in headers.values_mut() {
            let text = String::from_utf8_lossy(value.as_bytes());
            if scrub(&text, &secrets) != text {
                value.set_sensitive(true);
            }
        }
        headers
    }

    /// A success body as text (`text/*` media types); invalid UTF-8 is [`Error::Decode`].
    pub fn text<E>(self) -> Result<String, Error<E>> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(e) => Err(Error::Decode(DecodeError {
                status: self.status,
                raw_body: self.scrubbed_body(),
                message: e.to_string(),
            })),
        }
    }

    /// The body as received (binary media types).
    pub fn into_bytes(self) -> bytes::Bytes {
        self.body
    }

    /// A non-success answer as [`Error::Api`], with the error body parsed when it parses.
    ///
    /// The body is scrubbed of the request's secrets before it is parsed, so neither the raw
    /// text nor the parsed messages can show them. A body that parses but holds nothing of the
    /// API's error type (another service's error format) stays raw only.
    pub fn into_error<E: DeserializeOwned + ErrorBody>(self) -> Error<E> {
        let raw_body = self.scrubbed_body();
        Error::Api(ApiError {
            status: self.status,
            // Bytes, as success bodies are read: one reader type, so generated crates compile
            // serde_json's parser once rather than a second time for error bodies.
            body: serde_json::from_slice::<E>(raw_body.as_bytes())
                .ok()
                .filter(|body| !body.is_empty()),
            raw_body,
            headers: self.scrubbed_headers(),
        })
    }
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub fn encode_path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
