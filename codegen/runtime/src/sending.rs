//! Sending a request: the URL and headers (credentials as the operation's security allows),
//! one attempt after another as the retry policy allows, the request's span and events, and
//! what the final outcome means (an answer lost to a request that is not safe to repeat).

use super::client::Client;
use super::credentials::{allows, Credential, KeyPlace};
use super::error::{AnswerLost, Error, ErrorBody, RetriesExhausted};
use super::request::{Request, Response};
use super::retry::{self, Retry};
use super::transport::TransportError;
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tracing::Instrument;

impl Client {
    /// Sends a request and reads the whole answer, repeating attempts as the retry policy
    /// allows. Each request is a `tracing` span `vpn_api.request` (method, path template) with
    /// one event per attempt (attempt, status or error kind, duration); headers, bodies and
    /// secrets are never recorded.
    pub(crate) async fn send<E: DeserializeOwned + ErrorBody>(
        &self,
        request: Request,
    ) -> Result<Response, Error<E>> {
        let span = tracing::debug_span!(
            "vpn_api.request",
            method = %request.method,
            path = request.path_template,
        );
        self.send_with_retries(request).instrument(span).await
    }

    async fn send_with_retries<E: DeserializeOwned + ErrorBody>(
        &self,
        request: Request,
    ) -> Result<Response, Error<E>> {
        let url = self.url(&request)?;
        let headers = self.headers(&request)?;
        let started = Instant::now();
        let deadline = started + self.retry.elapsed_budget();
        // Built on the first retry only: most requests never need it.
        let mut delays = None;
        let mut attempt = 1;
        loop {
            let attempt_started = Instant::now();
            let timeout = self
                .timeout
                .min(deadline.saturating_duration_since(attempt_started));
            let outcome = self.attempt(&request, &url, &headers, timeout).await;
            let duration_ms = attempt_started.elapsed().as_millis() as u64;
            let verdict = match &outcome {
                Ok(response) => {
                    tracing::debug!(
                        attempt,
                        status = response.status.as_u16(),
                        duration_ms,
                        "vpn_api.attempt"
                    );
                    retry::for_status(&request.method, response.status, &response.headers)
                }
                Err(error) => {
                    let kind = if error.is_timeout() {
                        "timeout"
                    } else {
                        "transport"
                    };
                    tracing::debug!(attempt, error = kind, duration_ms, "vpn_api.attempt");
                    retry::for_transport(&request.method, error)
                }
            };
            let Some(verdict) = verdict else {
                return lost_or_final(&request, outcome);
            };
            let delay = match verdict {
                Retry::After(wait) => self.retry.cap(wait),
                Retry::Backoff => delays
                    .get_or_insert_with(|| self.retry.delays())
                    .next()
                    .unwrap_or_default(),
            };
            let out_of_attempts = attempt >= self.retry.attempts();
            let out_of_time = Instant::now() + delay >= deadline;
            if out_of_attempts || out_of_time {
                if self.retry.attempts() == 1 {
                    return into_result(outcome);
                }
                tracing::warn!(attempt, "vpn_api.retries_exhausted");
                return Err(Error::RetriesExhausted(RetriesExhausted {
                    attempts: attempt,
                    elapsed: started.elapsed(),
                    last: Box::new(match into_result(outcome) {
                        Ok(response) => response.into_error(),
                        Err(error) => error,
                    }),
                }));
            }
            tracing::info!(
                attempt,
                delay_ms = delay.as_millis() as u64,
                "vpn_api.retry"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    fn url<E>(&self, request: &Request) -> Result<reqwest::Url, Error<E>> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|e| Error::Encode(format!("invalid request URL: {e}")))?;
        let keys = self.api_keys.iter().filter_map(|(place, key)| match place {
            KeyPlace::Query(name) if allows(request.credentials, Credential::Key(*place)) => {
                Some((*name, key.expose()))
            }
            _ => None,
        });
        let query: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_str()))
            .chain(keys)
            .collect();
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// The bearer token (unless the request brings its own `Authorization` header parameter)
    /// and the request's header parameters, all marked sensitive: they can be credentials.
    fn headers<E>(&self, request: &Request) -> Result<Vec<(HeaderName, HeaderValue)>, Error<E>> {
        let mut out = Vec::new();
        let own_authorization = request
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(AUTHORIZATION.as_str()));
        if let (Some(value), false) = (&self.authorization, own_authorization) {
            if allows(request.credentials, Credential::Authorization) {
                out.push((AUTHORIZATION, value.clone()));
            }
        }
        out.extend(self.extra_headers.iter().cloned());
        let mut cookies = Vec::new();
        let keys = self.api_keys.iter();
        for (place, key) in keys.filter(|(p, _)| allows(request.credentials, Credential::Key(*p))) {
            match place {
                KeyPlace::Header(name) => out.push(sensitive_header(name, key.expose(), "key")?),
                KeyPlace::Cookie(name) => cookies.push(format!("{name}={}", key.expose())),
                KeyPlace::Query(_) => {}
            }
        }
        if !cookies.is_empty() {
            let value = HeaderValue::from_str(&cookies.join("; "));
            out.push((COOKIE, sensitive(value, "a cookie key")?));
        }
        for (name, value) in &request.headers {
            out.push(sensitive_header(name, value, "header")?);
        }
        Ok(out)
    }

    /// One attempt: send, then read the whole body, both within `timeout`.
    async fn attempt(
        &self,
        request: &Request,
        url: &reqwest::Url,
        headers: &[(HeaderName, HeaderValue)],
        timeout: Duration,
    ) -> Result<Response, reqwest::Error> {
        let mut builder = self
            .http
            .request(request.method.clone(), url.clone())
            .timeout(timeout)
            .header(ACCEPT, "application/json");
        for (name, value) in headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, content_type.as_ref())
                .body(body.clone());
        }
        // A key in the query must not reach error text through the URL reqwest keeps.
        let keyed_url = self
            .api_keys
            .iter()
            .any(|(place, _)| matches!(place, KeyPlace::Query(_)));
        let hide_url = |e: reqwest::Error| if keyed_url { e.without_url() } else { e };
        let response = builder.send().await.map_err(hide_url)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(hide_url)?;
        // Everything the request carried that an echoing server could quote back: its own list
        // (empty for most requests) and the client's, shared.
        Ok(Response {
            status,
            headers,
            body,
            secrets: request.secrets.clone(),
            client_secrets: Arc::clone(&self.secrets),
        })
    }
}

fn sensitive<E>(
    value: Result<HeaderValue, reqwest::header::InvalidHeaderValue>,
    what: &str,
) -> Result<HeaderValue, Error<E>> {
    let mut value = value.map_err(|_| {
        Error::Encode(format!(
            "{what} contains characters not allowed in a header"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// A header of this name and value, marked sensitive; `what` names it in the error.
fn sensitive_header<E>(
    name: &str,
    value: &str,
    what: &str,
) -> Result<(HeaderName, HeaderValue), Error<E>> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Encode(format!("invalid header name {name:?}")))?;
    let value = sensitive(HeaderValue::from_str(value), &format!("the {name} {what}"))?;
    Ok((header, value))
}

fn into_result<E>(outcome: Result<Response, reqwest::Error>) -> Result<Response, Error<E>> {
    outcome.map_err(transport_error)
}

/// The final outcome of a request; for one that is not safe to repeat, an answer lost after
/// the request may have reached the server (the connection broke after it was opened, or a
/// proxy answered 502 or 504; a 503 says the server did not take it) is
/// [`Error::AnswerLost`], which says so.
fn lost_or_final<E: DeserializeOwned + ErrorBody>(
    request: &Request,
    outcome: Result<Response, reqwest::Error>,
) -> Result<Response, Error<E>> {
    if retry::is_idempotent(&request.method) {
        return into_result(outcome);
    }
    let lost = match outcome {
        Err(e) if !e.is_connect() && !super::transport::is_certificate_error(&e) => {
            transport_error(e)
        }
        Ok(response) if matches!(response.status.as_u16(), 502 | 504) => response.into_error(),
        other => return into_result(other),
    };
    Err(Error::AnswerLost(AnswerLost {
        request: format!("{} {}", request.method, request.path_template),
        cause: Box::new(lost),
    }))
}

fn transport_error<E>(e: reqwest::Error) -> Error<E> {
    if e.is_timeout() {
        Error::Timeout(TransportError::new(e))
    } else {
        Error::Transport(TransportError::new(e))
    }
}

/// Sends a request with `client` and reads the whole answer, repeating attempts as its retry
/// policy allows (what every generated operation calls; see [`Request`]).
pub async fn send<E: DeserializeOwned + ErrorBody>(
    client: &Client,
    request: Request,
) -> Result<Response, Error<E>> {
    client.send(request).await
}
