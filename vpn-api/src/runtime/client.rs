use super::error::{ApiError, DecodeError, Error};
use super::secret::Secret;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// Environment variable holding the bearer token for [`Client::from_env`].
pub const TOKEN_ENV: &str = "IONOS_TOKEN";
/// Environment variable overriding the base URL for [`Client::from_env`].
pub const API_URL_ENV: &str = "IONOS_API_URL";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A configured connection to the API; cheap to clone (the connection pool is shared).
/// One method per operation is generated on it.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Option<Secret>,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    #[error("no base URL: pick a region or set a base URL (or {API_URL_ENV})")]
    MissingBaseUrl,
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    #[error("{TOKEN_ENV} is not set")]
    MissingToken,
    #[error("could not set up the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// Builds a [`Client`]: where to send requests, how to authenticate, how long to wait.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token: Option<Secret>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            token: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"))
                .to_string(),
            http: None,
        }
    }
}

impl ClientBuilder {
    /// Sends requests to this base URL (a region's endpoint or any compatible server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The bearer token (JWT) sent as `Authorization: Bearer …`.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Upper bound for one request, from sending to the last byte of the answer (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Upper bound for opening a connection (default 10 s). Not applied to an injected client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header. Not applied to an injected client.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses this `reqwest::Client` (proxies, custom TLS roots, shared pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| BuildError::InvalidBaseUrl {
            url: base_url.clone(),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(BuildError::InvalidBaseUrl {
                url: base_url,
                reason: "needs an http or https URL".into(),
            });
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            token: self.token,
            timeout: self.timeout,
        })
    }
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from `IONOS_TOKEN` (required) and `IONOS_API_URL` (optional; the spec's first
    /// server otherwise).
    pub fn from_env() -> Result<Client, BuildError> {
        let token = std::env::var(TOKEN_ENV).map_err(|_| BuildError::MissingToken)?;
        let mut builder = Client::builder().token(token);
        match std::env::var(API_URL_ENV) {
            Ok(url) => builder = builder.base_url(url),
            Err(_) => {
                if let Some(url) = crate::generated::regions::DEFAULT_SERVER_URL {
                    builder = builder.base_url(url);
                }
            }
        }
        builder.build()
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends one request and reads the whole answer.
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|e| Error::Encode(format!("invalid request URL: {e}")))?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        let mut builder = self
            .http
            .request(request.method, url)
            .timeout(self.timeout)
            .header(ACCEPT, "application/json");
        if let Some(token) = &self.token {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    Error::Encode("the token contains characters not allowed in a header".into())
                })?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        if let Some(body) = request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = builder.send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

fn transport_error<E>(e: reqwest::Error) -> Error<E> {
    if e.is_timeout() {
        Error::Timeout(e)
    } else {
        Error::Transport(e)
    }
}

/// One request as generated operations describe it.
#[derive(Debug)]
pub struct Request {
    method: Method,
    path_template: &'static str,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

impl Request {
    /// `path_template` is the spec's path (`/things/{id}`), `path` the encoded one.
    pub fn new(method: Method, path_template: &'static str, path: String) -> Self {
        Request {
            method,
            path_template,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    pub fn query(mut self, name: &'static str, value: String) -> Self {
        self.query.push((name, value));
        self
    }

    pub fn json<B: Serialize, E>(mut self, body: &B) -> Result<Self, Error<E>> {
        self.body = Some(serde_json::to_vec(body).map_err(|e| Error::Encode(e.to_string()))?);
        Ok(self)
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn path_template(&self) -> &'static str {
        self.path_template
    }
}

/// A complete answer: status, headers and body.
#[derive(Debug)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl Response {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes a success body; a body that does not match becomes [`Error::Decode`] with the raw body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::Decode(DecodeError {
                status: self.status,
                raw_body: String::from_utf8_lossy(&self.body).into_owned(),
                message: e.to_string(),
            })
        })
    }

    /// A non-success answer as [`Error::Api`], with the error body parsed when it parses.
    pub fn into_error<E: DeserializeOwned>(self) -> Error<E> {
        Error::Api(ApiError {
            status: self.status,
            body: serde_json::from_slice(&self.body).ok(),
            raw_body: String::from_utf8_lossy(&self.body).into_owned(),
            headers: self.headers,
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
