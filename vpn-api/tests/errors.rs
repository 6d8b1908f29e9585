//! Errors as a program meets them, against a real server on 127.0.0.1: one line of Display with
//! the API's own messages or the root cause, no text repeated down the `source()` chain, typed
//! questions (`is_not_found`), named resources in wait errors, and no secret of the request in
//! any error text even when the server echoes the request back.

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::drills::*;
use support::fixtures::*;
use support::{closed_port_url, Reply, Server};
use vpn_api::prelude::*;
use vpn_api::reqwest::StatusCode;
use vpn_api::Error;

fn api_error(status: u16, message: &str) -> Value {
    json!({"httpStatus": status, "messages": [{"errorCode": "vpn-x", "message": message}]})
}

/// Every `source()` below an error, as text.
fn chain(e: &dyn std::error::Error) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push(c.to_string());
        cause = c.source();
    }
    out
}

#[tokio::test]
async fn api_errors_show_the_apis_messages_on_one_line() {
    let server = Server::start(|_| Reply::json(404, api_error(404, "The resource was not found")));
    let c = client_for(&server.base_url, RetryPolicy::never());
    let err = c.ipsec_gateways().get(ids().0).await.expect_err("404");
    assert!(err.is_not_found() && !err.is_rate_limited());
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.messages(), ["The resource was not found"]);
    assert_eq!(
        err.to_string(),
        "the API answered 404 Not Found: The resource was not found"
    );
    assert_eq!(chain(&err).len(), 1, "nothing below it to repeat");
}

#[tokio::test]
async fn a_body_of_another_format_stays_raw() {
    let server = Server::start(|_| {
        Reply::json(
            404,
            json!({"type": "about:blank", "title": "Not Found", "status": 404}),
        )
        .header("content-type", "application/problem+json")
    });
    let c = client_for(&server.base_url, RetryPolicy::never());
    let err = c.ipsec_gateways().get(ids().0).await.expect_err("404");
    let Error::Api(api) = &err else {
        panic!("an API error: {err:?}")
    };
    assert!(api.body.is_none(), "not parsed into an ErrorBody of Nones");
    assert!(api.raw_body.contains("about:blank"));
    assert!(err.to_string().contains("\"title\":\"Not Found\""), "{err}");
}

#[tokio::test]
async fn transport_errors_name_the_root_cause_once() {
    let c = client_for(&closed_port_url(), RetryPolicy::never());
    let err = c.ipsec_gateways().get(ids().0).await.expect_err("refused");
    let text = err.to_string();
    assert!(
        text.to_lowercase().contains("connection refused"),
        "the root cause is in the line itself: {text}"
    );
    assert!(!text.contains('\n'));
    assert_eq!(chain(&err).len(), 1);
}

#[tokio::test]
async fn exhausted_retries_say_the_last_cause_in_their_line() {
    let server = Server::start(|_| Reply::json(503, api_error(503, "Service unavailable")));
    let c = client_for(&server.base_url, fast_retries(3));
    let err = c.ipsec_gateways().get(ids().0).await.expect_err("503s");
    let lines = chain(&err);
    assert_eq!(
        lines.len(),
        1,
        "the cause is in the line, not repeated below: {lines:?}"
    );
    assert!(
        lines[0].starts_with("gave up after 3 attempts in ")
            && lines[0]
                .ends_with(" s: the API answered 503 Service Unavailable: Service unavailable"),
        "{lines:?}"
    );
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.messages(), ["Service unavailable"]);
    assert!(matches!(err.last_attempt(), Error::Api(_)));

    // Rate limited: the API's own words end the line.
    let server = Server::start(|_| Reply::json(429, api_error(429, "slow down")));
    let c = client_for(&server.base_url, fast_retries(2));
    let err = c.ipsec_gateways().get(ids().0).await.expect_err("429s");
    assert!(
        err.to_string()
            .ends_with(": the API answered 429 Too Many Requests: slow down"),
        "{err}"
    );
    // Nothing listening: the refused connection ends the line.
    let c = client_for(&closed_port_url(), fast_retries(2));
    let err = c.ipsec_gateways().get(ids().0).await.expect_err("refused");
    let text = err.to_string();
    assert!(
        text.starts_with("gave up after 2 attempts")
            && text.to_lowercase().contains("connection refused"),
        "{text}"
    );
}

#[tokio::test]
async fn a_post_whose_answer_was_lost_says_it_may_have_been_carried_out() {
    use support::Fault;
    for reply in [
        Reply::fault(Fault::ResetAfterRequest),
        Reply::json(504, api_error(504, "upstream timed out")),
    ] {
        let status = reply.status;
        let fault = reply.fault;
        let server = Server::start(move |_| Reply {
            fault,
            ..Reply::json(status, api_error(status, "upstream timed out"))
        });
        let c = client_for(&server.base_url, fast_retries(3));
        let err = c
            .ipsec_gateways()
            .create(&ipsec_gateway())
            .await
            .expect_err("lost");
        assert_eq!(server.requests().len(), 1, "a POST is not repeated");
        let Error::AnswerLost(lost) = &err else {
            panic!("an AnswerLost: {err:?}")
        };
        assert_eq!(lost.request, "POST /ipsecgateways");
        let text = err.to_string();
        assert!(
            text.starts_with(
                "POST /ipsecgateways may have been carried out, but its answer was lost ("
            ) && text.contains("it was not repeated because POST is not idempotent")
                && text.contains("`create_idempotent`"),
            "{text}"
        );
        if fault.is_none() {
            assert!(
                text.contains("the API answered 504 Gateway Timeout: upstream timed out"),
                "{text}"
            );
            assert_eq!(err.status(), Some(StatusCode::GATEWAY_TIMEOUT));
        }
        assert_eq!(chain(&err).len(), 1);
    }
}

#[tokio::test]
async fn invalid_requests_say_what_is_wrong_once() {
    let server = Server::start(api);
    let c = client_for(&server.base_url, RetryPolicy::never());
    let mut tunnel = ipsec_tunnel();
    tunnel.name = "x".repeat(300);
    let err = c
        .ipsec_tunnels(ids().0)
        .create(&tunnel)
        .await
        .expect_err("invalid");
    let lines = chain(&err);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("properties.name: length 300 exceeds the maximum length 255"));
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn wait_errors_name_the_resource_and_its_id() {
    let (gw, tunnel) = ids();
    let server = Server::start(|_| {
        let mut body = read_body("ipsectunnel");
        body["metadata"]["status"] = json!("FAILED");
        body["metadata"]["statusMessage"] = json!("peer unreachable");
        Reply::json(200, body)
    });
    let c = client_for(&server.base_url, RetryPolicy::never());
    let err = c
        .ipsec_tunnels(gw)
        .wait_until_ready(tunnel)
        .await
        .expect_err("failed");
    assert_eq!(
        err.to_string(),
        format!("IpSecTunnel {gw}/{tunnel} is FAILED: peer unreachable")
    );

    let server = Server::start(|_| Reply::json(200, read_body("ipsectunnel")));
    let c = Client::builder()
        .base_url(&server.base_url)
        .token(TOKEN)
        .wait(
            WaitOptions::default()
                .interval(Duration::from_millis(20))
                .timeout(Duration::from_millis(50)),
        )
        .build()
        .expect("client");
    let err = c
        .ipsec_tunnels(gw)
        .wait_until_gone(tunnel)
        .await
        .expect_err("still there");
    assert!(
        err.to_string().starts_with(&format!(
            "IpSecTunnel {gw}/{tunnel} is still present after waiting"
        )),
        "{err}"
    );
}

/// A server that quotes the request in its error, as validation errors often do.
fn echoing_server() -> Server {
    Server::start(|req| {
        let echoed = format!("invalid input: {}", req.body);
        Reply::json(422, api_error(422, &echoed))
    })
}

#[tokio::test]
async fn secrets_the_server_echoes_are_scrubbed_from_every_error_text() {
    let server = echoing_server();
    let c = client_for(&server.base_url, RetryPolicy::never());
    let (gw, child) = ids();
    let mut texts = Vec::new();
    let err = c
        .ipsec_tunnels(gw)
        .ensure(child, &ipsec_tunnel())
        .await
        .expect_err("422");
    let err2 = c
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await
        .expect_err("422");
    for e in [&err, &err2] {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
        texts.extend(e.messages().iter().map(|m| m.to_string()));
        if let Error::Api(api) = e {
            texts.push(api.raw_body.clone());
        }
    }
    // The request did carry the secrets, and the server did echo them.
    let reqs = server.requests();
    assert!(reqs[0].body.contains(PSK) && reqs[1].body.contains(PRIVATE_KEY));
    assert!(texts.iter().any(|t| t.contains("[redacted]")), "{texts:#?}");
    for text in &texts {
        for secret in [PSK, PRIVATE_KEY, TOKEN] {
            assert!(!text.contains(secret), "{secret} leaked into: {text}");
        }
    }
}

/// API keys (the setters generated for apiKey schemes call `api_key_in`) go where their scheme
/// says, and never into error text: not from an echoing server, not from a failed connection's
/// URL when a key rides in the query.
#[tokio::test]
async fn api_keys_go_in_their_place_and_stay_out_of_errors() {
    use support::with_api_key;
    use vpn_runtime::support::KeyPlace;
    const HEADER_KEY: &str = "header-key-that-must-never-be-printed";
    const QUERY_KEY: &str = "query-key-that-must-never-be-printed";
    const COOKIE_KEY: &str = "cookie-key-that-must-never-be-printed";
    let server = Server::start(|req| {
        let echo = format!("{} {:?}", req.target, req.headers);
        Reply::json(401, api_error(401, &echo))
    });
    let keyed = |url: &str| {
        let builder = Client::builder().base_url(url).retry(RetryPolicy::never());
        let builder = with_api_key(builder, KeyPlace::Header("X-API-Key"), HEADER_KEY);
        let builder = with_api_key(builder, KeyPlace::Query("api_key"), QUERY_KEY);
        with_api_key(builder, KeyPlace::Cookie("SESSION"), COOKIE_KEY)
            .build()
            .expect("client")
    };
    let err = keyed(&server.base_url)
        .ipsec_gateways()
        .get(ids().0)
        .await
        .expect_err("401");
    let seen = &server.requests()[0];
    assert_eq!(seen.header("x-api-key"), Some(HEADER_KEY));
    assert_eq!(seen.query("api_key"), Some(QUERY_KEY));
    assert_eq!(
        seen.header("cookie"),
        Some(format!("SESSION={COOKIE_KEY}").as_str())
    );
    assert_eq!(seen.header("authorization"), None, "no token was set");

    let refused = keyed(&closed_port_url())
        .ipsec_gateways()
        .get(ids().0)
        .await
        .expect_err("nothing listens");
    for error in [&err, &refused] {
        for text in chain(error).into_iter().chain([format!("{error:?}")]) {
            for key in [HEADER_KEY, QUERY_KEY, COOKIE_KEY] {
                assert!(!text.contains(key), "a key leaked into: {text}");
            }
        }
    }
    assert!(err.to_string().contains("[redacted]"), "{err}");
}

#[tokio::test]
async fn an_error_returned_from_main_prints_a_sentence_not_a_struct_dump() {
    let server = Server::start(|_| Reply::json(503, api_error(503, "Service unavailable")));
    let c = client_for(&server.base_url, fast_retries(2));
    let err = c.ipsec_gateways().get(ids().0).await.expect_err("503s");
    let structure = format!("{err:#?}");
    // What `fn main() -> Result<(), Box<dyn Error>>` prints after `Error: `.
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    let shown = format!("{boxed:?}");
    assert!(
        shown.starts_with("gave up after 2 attempts in ")
            && shown.contains(": the API answered 503 Service Unavailable: ")
            && shown.contains("Service unavailable"),
        "{shown}"
    );
    assert!(
        !shown.contains('\n') && !shown.contains("RetriesExhausted {"),
        "{shown}"
    );
    assert!(
        structure.starts_with("RetriesExhausted(\n    RetriesExhausted {"),
        "the structure is one `#` away: {structure}"
    );
}
