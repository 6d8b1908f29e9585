//! What the drills share: quick retries, a client for a local server, scripted answers, and
//! request bodies and answers with given states.

use super::fixtures::*;
use super::{Recorded, Reply};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use vpn_api::{Client, ClientBuilder, RetryPolicy, WaitOptions};

/// Quick retries so drills take milliseconds; the decisions are the same as with the defaults.
pub(crate) fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(50))
        .max_elapsed(Duration::from_secs(20))
}

pub(crate) fn client_for(base_url: &str, retry: RetryPolicy) -> Client {
    builder(base_url).retry(retry).build().expect("client")
}

/// The one client set-up of the tests: the test token, this server, 5 s timeouts and waits
/// that poll every 10 ms; a test changes what it is about (retries, mostly).
pub(crate) fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .timeout(Duration::from_secs(5))
        .wait(
            WaitOptions::default()
                .interval(Duration::from_millis(10))
                .timeout(Duration::from_secs(5)),
        )
}

/// Answers from a list of replies, one per request, then repeats the last one.
pub(crate) fn scripted(replies: Vec<Reply>) -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
    let next = AtomicUsize::new(0);
    let replies: Vec<Arc<dyn Fn() -> Reply + Send + Sync>> = replies
        .into_iter()
        .map(|r| {
            let r = Arc::new(std::sync::Mutex::new(Some(r)));
            let f: Arc<dyn Fn() -> Reply + Send + Sync> = Arc::new(move || {
                r.lock()
                    .expect("lock")
                    .take()
                    .expect("each reply is used once")
            });
            f
        })
        .collect();
    move |_req| {
        let i = next.fetch_add(1, Ordering::SeqCst).min(replies.len() - 1);
        replies[i]()
    }
}

pub(crate) fn tunnel_with(status: &str, message: Option<&str>) -> Value {
    let mut body = read_body("ipsectunnel");
    body["metadata"]["status"] = json!(status);
    body["metadata"]["statusMessage"] = json!(message);
    body
}
