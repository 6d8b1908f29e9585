use super::build_error::BuildError;
use super::config::Endpoint;
use super::credentials::KeyPlace;
use super::retry::RetryPolicy;
use super::secret::Secret;
use super::tls::HttpSettings;
use super::wait::WaitOptions;
use reqwest::header::{HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A configured connection to the API; cheap to clone (the connection pool is shared).
/// One method per operation is generated on it.
#[derive(Clone)]
pub struct Client {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    /// `Bearer <token>`, built once (marked sensitive, so it is redacted in HTTP debug output).
    pub(super) authorization: Option<HeaderValue>,
    /// What must not show in error text should a server echo it: the token or password (and
    /// the encoded Basic pair) and the values of added headers. Built once, shared by answers.
    pub(super) secrets: Arc<[Secret]>,
    /// Headers added with [`Client::with_header`], sent with every request of this client.
    pub(super) extra_headers: Vec<(HeaderName, HeaderValue)>,
    /// API keys, each where its scheme puts it.
    pub(super) api_keys: Arc<[(KeyPlace, Secret)]>,
    pub(super) timeout: Duration,
    pub(super) retry: RetryPolicy,
    pub(super) wait: WaitOptions,
    /// What must live as long as the client: the fake of the API a test's client calls
    /// (`FakeServer::client`), so `testkit::start().await?.client()` keeps it running.
    pub(super) _keep_alive: KeepAlive,
}

/// Held, never read: dropping the last holder stops what it guards.
pub(super) type KeepAlive = Option<Arc<dyn std::any::Any + Send + Sync>>;

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authorization = self.authorization.as_ref().map(|_| "[redacted]");
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("authorization", &authorization)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("wait", &self.wait)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]: where to send requests, how to authenticate, how long to wait.
#[derive(Clone)]
pub struct ClientBuilder {
    pub(super) base_url: Option<String>,
    pub(super) token: Option<Secret>,
    pub(super) basic: Option<(String, Secret)>,
    /// The base URL from the environment (over the config file and the server's own URL).
    pub(super) env_base_url: Option<String>,
    /// The server picked by its short name (`eu-1`) and its URL from the spec.
    pub(super) location: Option<(String, String)>,
    /// The config file's endpoints for this API.
    pub(super) endpoints: Vec<Endpoint>,
    /// The spec's first server, when nothing else names one.
    pub(super) default_url: Option<String>,
    pub(super) timeout: Duration,
    pub(super) connect_timeout: Duration,
    pub(super) user_agent: String,
    pub(super) http: Option<reqwest::Client>,
    pub(super) retry: RetryPolicy,
    pub(super) wait: WaitOptions,
    /// CA bundles (PEM) trusted besides the built-in roots, each with where it came from.
    pub(super) root_certificates: Vec<(String, Vec<u8>)>,
    pub(super) api_keys: Vec<(KeyPlace, Secret)>,
    pub(super) accept_invalid_certs: bool,
    /// The config file environment's CA bundle, for whatever URL the client ends up with.
    pub(super) file_certificate: Option<String>,
    /// Handed to the client it builds (see [`Client`]'s field of that name).
    pub(super) keep_alive: KeepAlive,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("basic_auth", &self.basic)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            token: None,
            basic: None,
            env_base_url: None,
            location: None,
            endpoints: Vec::new(),
            default_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"))
                .to_string(),
            http: None,
            retry: RetryPolicy::default(),
            wait: WaitOptions::default(),
            root_certificates: Vec::new(),
            api_keys: Vec::new(),
            accept_invalid_certs: false,
            file_certificate: None,
            keep_alive: None,
        }
    }
}

impl ClientBuilder {
    /// What the HTTP client is built with.
    fn http_settings(&self) -> HttpSettings<'_> {
        HttpSettings {
            roots: &self.root_certificates,
            file_certificate: self.file_certificate.as_deref(),
            accept_invalid_certs: self.accept_invalid_certs,
            connect_timeout: self.connect_timeout,
            user_agent: &self.user_agent,
        }
    }

    /// Sends requests to this base URL (one of the API's servers or any compatible one).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The bearer token (JWT) sent as `Authorization: Bearer …`. It replaces any credentials
    /// set before, also those `from_env` found: the last credentials set on the builder win.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self.basic = None;
        self
    }

    /// Upper bound for one attempt, from sending to the last byte of the answer (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Upper bound for opening a connection (default 10 s). Not applied to an injected client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Picks one of the spec's servers by its short name (`eu-1`; generated code calls it):
    /// the config file's endpoint for that location when it has one, else `url`. An explicit [`base_url`](Self::base_url) or the environment's still win.
    pub fn location(mut self, name: &str, url: &str) -> Self {
        self.location = Some((name.to_string(), url.to_string()));
        self
    }

    /// The `User-Agent` header. Not applied to an injected client.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How failed attempts are repeated (default: [`RetryPolicy::default`]; switch off with
    /// [`RetryPolicy::never`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How the waits of the resource handles poll (`wait_until_ready`, `wait_until_gone`);
    /// default: [`WaitOptions::default`]. A call can still pass its own.
    pub fn wait(mut self, options: WaitOptions) -> Self {
        self.wait = options;
        self
    }

    /// Uses this `reqwest::Client` (proxies, custom TLS roots, shared pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Trusts the CA certificates of this PEM bundle besides the built-in roots, e.g. a
    /// company proxy's or a test server's (the config file's `certificateAuthData` does the
    /// same). Base64 of a PEM bundle is accepted too. Not applied to an injected client.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates
            .push(("the builder".to_string(), pem.into()));
        self
    }

    /// Accepts any server certificate, even an expired or self-signed one for another host (the
    /// config file's `skipTlsVerify`). Only for test set-ups: anyone between the client and
    /// the server can read the credentials. Not applied to an injected client.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// An API key, sent where its security scheme says (generated code calls it from a
    /// setter named after the scheme). Setting the same place again replaces the key.
    pub fn api_key_in(mut self, place: KeyPlace, key: impl Into<Secret>) -> Self {
        self.api_keys.retain(|(p, _)| *p != place);
        self.api_keys.push((place, key.into()));
        self
    }

    /// HTTP Basic credentials (`Authorization: Basic …`). They replace any credentials set
    /// before, also a token `from_env` found: the last credentials set on the builder win.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.basic = Some((username.into(), password.into()));
        self.token = None;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let (base_url, endpoint) = self.resolved_base_url().ok_or(BuildError::MissingBaseUrl)?;
        // A URL from the config file: the error says where it is written.
        let invalid = |reason: String| BuildError::InvalidBaseUrl {
            url: base_url.clone(),
            reason: match &endpoint {
                Some(endpoint) => format!("{reason} (the endpoint at {})", endpoint.origin),
                None => reason,
            },
        };
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| invalid(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(invalid("needs an http or https URL".into()));
        }
        let http = match &self.http {
            Some(http) => http.clone(),
            None => super::tls::http_client(&self.http_settings(), &base_url, endpoint.as_ref())?,
        };
        // One of them is set (each setter clears the other); a token first, as the API's
        // tools read their settings.
        let (authorization, credentials) = match (&self.token, &self.basic) {
            (Some(token), _) => (
                Some(format!("Bearer {}", token.expose())),
                vec![token.clone()],
            ),
            (None, Some((username, password))) => {
                use base64::Engine;
                let pair = format!("{username}:{}", password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                (
                    Some(format!("Basic {encoded}")),
                    vec![password.clone(), Secret::new(encoded)],
                )
            }
            (None, None) => (None, Vec::new()),
        };
        let authorization = match authorization {
            Some(text) => {
                let mut value =
                    HeaderValue::from_str(&text).map_err(|_| BuildError::InvalidToken)?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let mut credentials = credentials;
        credentials.extend(self.api_keys.iter().map(|(_, key)| key.clone()));
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            authorization,
            secrets: credentials.into(),
            extra_headers: Vec::new(),
            api_keys: self.api_keys.into(),
            timeout: self.timeout,
            retry: self.retry,
            wait: self.wait,
            _keep_alive: self.keep_alive,
        })
    }
}

impl Client {
    /// A builder with the defaults: no base URL yet, no token, 60 s per attempt, 10 s to
    /// connect, [`RetryPolicy::default`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every request goes to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// How failed attempts are repeated.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// A client that also sends this header with every request, e.g. for one call:
    /// `client.with_header("X-Request-Id", "42")?` followed by the call. Cheap: the
    /// connection pool and settings are shared. The value is treated as sensitive (never in
    /// traces, scrubbed from error text).
    pub fn with_header(&self, name: &str, value: &str) -> Result<Client, BuildError> {
        let invalid = || BuildError::InvalidHeader {
            name: name.to_string(),
        };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        header_value.set_sensitive(true);
        let mut client = self.clone();
        client.extra_headers.push((header, header_value));
        let secrets = self.secrets.iter().cloned().chain([Secret::from(value)]);
        client.secrets = secrets.collect();
        Ok(client)
    }

    /// How the waits of the resource handles poll unless a call passes its own.
    pub fn wait_options(&self) -> &WaitOptions {
        &self.wait
    }
}
