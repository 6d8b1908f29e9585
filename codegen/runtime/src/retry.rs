//! When a failed attempt is sent again, and after how long.
//!
//! The rules follow what the API promises: a `429` means the request was not processed, so it is
//! safe to repeat for every method; a `502`/`503`/`504`, a reset or a timeout may come after the
//! server acted, so only idempotent methods are repeated. A request that never reached the server
//! (the connection could not be opened) is repeated for every method.

use backon::BackoffBuilder;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use std::time::{Duration, SystemTime};

/// How a [`Client`](crate::support::Client) repeats failed attempts. Set it with
/// [`ClientBuilder::retry`](crate::support::ClientBuilder::retry).
///
/// The wait between attempts grows exponentially from `initial_delay` with random jitter and is
/// capped at `max_delay`; a `Retry-After` header (seconds or HTTP date) replaces the computed
/// wait, still capped at `max_delay`. No attempt starts once `max_elapsed` has passed since the
/// first one, and the last attempt's timeout is cut to what is left of it.
///
/// A list walk (a list request's `stream()`, `pages()` or `all()`) sends one request per page,
/// each with these retries. When a page's retries all met rate limiting (`429`), the walk
/// waits and asks for the same page again, for up to
/// [`list_patience`](Self::list_patience) per page, instead of ending: rate limiting slows a
/// long walk down but does not cut it short. Any other error ends the walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
    list_patience: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, 500 ms initial delay, 30 s cap per wait, 5 minutes in total; a list walk
    /// keeps asking for a rate-limited page for 15 minutes.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(300),
            list_patience: Duration::from_secs(900),
        }
    }
}

impl RetryPolicy {
    /// One attempt per request, no retries; a list walk ends at its first error, rate
    /// limiting included.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            list_patience: Duration::ZERO,
            ..RetryPolicy::default()
        }
    }

    /// Attempts per request, the first one included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; later waits double.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest single wait, also for a server's `Retry-After`.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest time from the first attempt to the end of the last one.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// How long a list walk keeps asking for one page again after its request's retries
    /// ended in rate limiting (`429`, directly or as the last attempt of
    /// [`Error::RetriesExhausted`](crate::support::Error::RetriesExhausted)), counted from the page's
    /// first request. It waits what the server's `Retry-After` asks (capped at
    /// [`max_delay`](Self::max_delay)), else a backoff delay, before each new request; a wait
    /// that would end past this budget ends the walk with the rate-limited error.
    /// `Duration::ZERO` ends the walk at the first such error.
    pub fn list_patience(mut self, patience: Duration) -> Self {
        self.list_patience = patience;
        self
    }

    /// How long a list walk keeps asking for a rate-limited page (see
    /// [`list_patience`](Self::list_patience)).
    pub fn list_patience_budget(&self) -> Duration {
        self.list_patience
    }

    /// The most attempts one request gets (the first included).
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The most time one request may take across all its attempts and waits.
    pub fn elapsed_budget(&self) -> Duration {
        self.max_elapsed
    }

    /// Computed waits between attempts: exponential with jitter, capped.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> {
        let cap = self.max_delay;
        backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_jitter()
            .without_max_times()
            .build()
            .map(move |delay| delay.min(cap))
    }

    pub(crate) fn cap(&self, delay: Duration) -> Duration {
        delay.min(self.max_delay)
    }
}

/// Why an attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// The server asked to come back after this long.
    After(Duration),
    /// Use the next computed delay.
    Backoff,
}

/// Methods whose repetition has the same effect as one request.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The verdict on an answer: `None` when it is final.
pub(crate) fn for_status(
    method: &Method,
    status: StatusCode,
    headers: &HeaderMap,
) -> Option<Retry> {
    let retryable = match status.as_u16() {
        429 => true,
        502..=504 => is_idempotent(method),
        _ => false,
    };
    retryable.then(|| match retry_after(headers, SystemTime::now()) {
        Some(wait) => Retry::After(wait),
        None => Retry::Backoff,
    })
}

/// The verdict on a failed connection or a timeout. A request that could not even connect
/// never reached the server; anything later may have.
/// A refused server certificate is never retried: the next attempt meets the same one.
pub(crate) fn for_transport(method: &Method, error: &reqwest::Error) -> Option<Retry> {
    if super::transport::is_certificate_error(error) {
        return None;
    }
    (is_idempotent(method) || error.is_connect()).then_some(Retry::Backoff)
}

/// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); a date in the past means
/// now. Anything unreadable is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:50:07 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn only_idempotent_methods_repeat_after_502_503_504() {
        let none = HeaderMap::new();
        for status in [502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                for_status(&Method::GET, status, &none),
                Some(Retry::Backoff)
            );
            assert_eq!(
                for_status(&Method::PUT, status, &none),
                Some(Retry::Backoff)
            );
            assert_eq!(
                for_status(&Method::DELETE, status, &none),
                Some(Retry::Backoff)
            );
            assert_eq!(for_status(&Method::POST, status, &none), None);
        }
        assert_eq!(
            for_status(&Method::POST, StatusCode::TOO_MANY_REQUESTS, &headers("2")),
            Some(Retry::After(Duration::from_secs(2)))
        );
        for status in [200, 201, 400, 401, 404, 409, 422, 500] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(for_status(&Method::GET, status, &none), None, "{status}");
        }
    }

    #[test]
    fn computed_delays_grow_and_stay_under_the_cap() {
        let policy = RetryPolicy::default()
            .initial_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(1000));
        let ms = |n: u64| Duration::from_millis(n);
        // Jitter adds up to the delay itself: attempt i waits in [100 * 2^i, 200 * 2^i) ms,
        // capped at 1000 ms. Many draws, so a jitter that broke growth would show.
        for _ in 0..200 {
            let delays: Vec<Duration> = policy.delays().take(8).collect();
            assert_eq!(delays.len(), 8);
            for (i, delay) in delays.iter().enumerate() {
                let base = ms(100 << i).min(ms(1000));
                assert!(*delay >= base && *delay <= ms(1000), "delay {i}: {delay:?}");
                assert!(i > 2 || *delay < ms(200 << i), "delay {i}: {delay:?}");
            }
            // Growth: the third wait is always longer than the first could be.
            assert!(delays[2] >= ms(400) && delays[0] < ms(200), "{delays:?}");
            assert_eq!(delays[7], ms(1000));
        }
    }
}
