//! An operation's own `security`, against a real HTTP server on 127.0.0.1: the generated
//! method names the client's credentials its schemes use (`Request::credentials`; construct
//! fixture `security-schemes`), and only those go out; `security: []` sends none.

mod support;

use support::fixtures::TOKEN;
use support::with_api_key;
use support::{Recorded, Reply, Server};
use vpn_api::{Client, RetryPolicy};
use vpn_runtime::support::{send, Credential, KeyPlace, Request};

async fn sent(credentials: Option<&'static [Credential]>) -> Recorded {
    let server = Server::start(|_| Reply::json(200, "{}"));
    let builder = Client::builder()
        .base_url(&server.base_url)
        .token(TOKEN)
        .retry(RetryPolicy::never());
    let builder = with_api_key(builder, KeyPlace::Header("X-Key"), "header-key");
    let client = with_api_key(builder, KeyPlace::Query("key"), "query-key")
        .build()
        .expect("client");
    let mut request = Request::new(reqwest::Method::GET, "/x", "/x".into());
    if let Some(allowed) = credentials {
        request = request.credentials(allowed);
    }
    let _ = send::<serde_json::Value>(&client, request)
        .await
        .expect("sent");
    server.requests().remove(0)
}

#[tokio::test]
async fn only_the_credentials_an_operation_names_are_sent() {
    let all = sent(None).await;
    assert_eq!(
        all.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(all.header("x-key"), Some("header-key"));
    assert_eq!(all.query("key"), Some("query-key"));

    let public = sent(Some(&[])).await;
    assert_eq!(public.header("authorization"), None);
    assert_eq!(public.header("x-key"), None);
    assert_eq!(public.target, "/x");

    let keyed = sent(Some(&[Credential::Key(KeyPlace::Query("key"))])).await;
    assert_eq!(keyed.header("authorization"), None);
    assert_eq!(keyed.header("x-key"), None);
    assert_eq!(keyed.query("key"), Some("query-key"));
}
