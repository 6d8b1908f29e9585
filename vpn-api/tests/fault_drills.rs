//! Fault drills: a real server on 127.0.0.1 misbehaves on purpose (rate limits, 5xx bursts,
//! resets, slow and broken answers). Each drill checks the typed outcome and exactly how many
//! requests reached the server, so a POST is never sent twice. Long lists and slow provisioning
//! are in `long_running.rs`.

mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::drills::*;
use support::fixtures::*;
use support::{closed_port_url, Fault, Reply, Server};
use vpn_api::models::*;
use vpn_api::operations::*;
use vpn_api::{Client, Error, Lifecycle, LifecycleState, RetryPolicy};

#[tokio::test]
async fn rate_limited_request_waits_for_retry_after_then_succeeds() {
    let server = Server::start(scripted(vec![
        Reply::json(429, json!({"httpStatus": 429})).header("Retry-After", "1"),
        Reply::json(201, read_body("ipsectunnel")),
    ]));
    let c = client_for(
        &server.base_url,
        fast_retries(4).max_delay(Duration::from_secs(2)),
    );
    let (gw, _) = ids();
    let started = Instant::now();
    let created = c
        .ipsec_tunnels(gw)
        .create(&ipsec_tunnel())
        .await
        .expect("second attempt succeeds");
    assert_eq!(created.id.to_string(), CHILD);
    // A 429 means "not processed": repeating the POST is safe, and it waited as told.
    assert_eq!(server.requests().len(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_as_http_date_is_honoured() {
    let in_one_second =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let server = Server::start(scripted(vec![
        Reply::json(503, "{}").header("Retry-After", &in_one_second),
        Reply::json(200, read_body("ipsecgateway")),
    ]));
    let c = client_for(
        &server.base_url,
        fast_retries(3).max_delay(Duration::from_secs(5)),
    );
    let started = Instant::now();
    c.ipsec_gateways().get(ids().0).await.expect("found");
    assert_eq!(server.requests().len(), 2);
    // HTTP dates have whole seconds: at least one of the two seconds is waited.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_503_burst_longer_than_the_budget_exhausts_retries_and_keeps_the_last_answer() {
    let server = Server::start(|_| Reply::html(503, "<html>maintenance</html>"));
    let c = client_for(&server.base_url, fast_retries(3));
    match c
        .wireguardgateways_get(&WireguardGatewaysListQuery::default())
        .await
    {
        Err(Error::RetriesExhausted(e)) => {
            assert_eq!(e.attempts, 3);
            match *e.last {
                Error::Api(ref api) => {
                    assert_eq!(api.status.as_u16(), 503);
                    assert!(api.raw_body.contains("maintenance"));
                }
                ref other => panic!("last outcome should be the 503, got {other:?}"),
            }
        }
        other => panic!("expected exhausted retries, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);

    // The elapsed budget bounds the total even with attempts left.
    let server = Server::start(|_| Reply::json(503, "{}").header("Retry-After", "1"));
    let budget = RetryPolicy::default()
        .max_attempts(10)
        .max_delay(Duration::from_secs(1))
        .max_elapsed(Duration::from_millis(1500));
    let c = client_for(&server.base_url, budget);
    let started = Instant::now();
    let err = c
        .ipsecgateways_find_by_id(ids().0)
        .await
        .expect_err("exhausted");
    assert!(
        matches!(err, Error::RetriesExhausted(ref e) if e.attempts == 2),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 2);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn gateway_errors_are_not_retried_for_post() {
    let server = Server::start(|_| Reply::html(502, "<html><body>Bad gateway</body></html>"));
    let c = client_for(&server.base_url, fast_retries(4));
    // The tunnel may have been created behind the gateway: the error says so.
    match c.ipsec_tunnels(ids().0).create(&ipsec_tunnel()).await {
        Err(Error::AnswerLost(lost)) => match *lost.cause {
            Error::Api(e) => {
                assert_eq!(e.status.as_u16(), 502);
                assert!(e.body.is_none());
                assert!(e.raw_body.contains("Bad gateway"));
            }
            other => panic!("expected the 502, got {other:?}"),
        },
        other => panic!("expected the 502, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);

    // The same HTML page on a GET is retried.
    let server = Server::start(scripted(vec![
        Reply::html(502, "<html><body>Bad gateway</body></html>"),
        Reply::json(200, list_body("ipsecgateway")),
    ]));
    let c = client_for(&server.base_url, fast_retries(4));
    let list = c
        .ipsecgateways_get(&IpSecGatewaysListQuery::default())
        .await
        .expect("second attempt");
    assert_eq!(list.items.map(|i| i.len()), Some(1));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn reset_before_the_request_is_read() {
    let server = Server::start(|_| Reply::json(200, read_body("ipsecgateway")));
    server.reset_next_connections(1);
    let c = client_for(&server.base_url, fast_retries(3));
    c.ipsec_gateways()
        .get(ids().0)
        .await
        .expect("GET retried on a new connection");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.connections(), 2);

    // A POST on a connection reset before the server read it: the HTTP stack may resend it only
    // when it knows nothing was written; either way the server must not see it twice.
    let server = Server::start(|_| Reply::json(201, read_body("ipsectunnel")));
    server.reset_next_connections(1);
    let c = client_for(&server.base_url, fast_retries(3));
    let outcome = c.ipsec_tunnels(ids().0).create(&ipsec_tunnel()).await;
    match (&outcome, server.requests().len()) {
        (Ok(_), 1) => assert_eq!(server.connections(), 2),
        // The client cannot tell the request was not read: it may have been carried out.
        (Err(Error::AnswerLost(lost)), 0) => {
            assert!(matches!(*lost.cause, Error::Transport(_)), "{lost:?}");
            assert_eq!(server.connections(), 1)
        }
        (other, seen) => panic!("{seen} POSTs seen, outcome {other:?}"),
    }
}

#[tokio::test]
async fn refused_connections_are_retried_for_every_method() {
    // Nothing listens: no byte reached a server, so even a POST may be tried again.
    let c = client_for(&closed_port_url(), fast_retries(3));
    match c.ipsec_tunnels(ids().0).create(&ipsec_tunnel()).await {
        Err(Error::RetriesExhausted(e)) => {
            assert_eq!(e.attempts, 3);
            assert!(
                matches!(*e.last, Error::Transport(ref t) if t.is_connect()),
                "{:?}",
                e.last
            );
        }
        other => panic!("expected exhausted retries, got {other:?}"),
    }
}

#[tokio::test]
async fn reset_after_the_request_is_written() {
    let server = Server::start(scripted(vec![
        Reply::fault(Fault::ResetAfterRequest),
        Reply::json(200, read_body("wireguardgateway")),
    ]));
    let c = client_for(&server.base_url, fast_retries(3));
    c.wireguard_gateways()
        .get(ids().0)
        .await
        .expect("GET retried");
    assert_eq!(server.requests().len(), 2);

    let server = Server::start(scripted(vec![
        Reply::fault(Fault::ResetAfterRequest),
        Reply::json(201, read_body("wireguardgateway")),
    ]));
    let c = client_for(&server.base_url, fast_retries(3));
    let err = c
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await
        .expect_err("reset");
    assert!(
        matches!(&err, Error::AnswerLost(lost) if matches!(*lost.cause, Error::Transport(_))),
        "{err:?}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "the POST reached the server once and only once"
    );
}

#[tokio::test]
async fn answers_slower_than_the_timeout() {
    let slow = || Reply::json(200, read_body("ipsecgateway")).after(Duration::from_millis(800));
    let server = Server::start(move |_| slow());
    let c = Client::builder()
        .base_url(&server.base_url)
        .token(TOKEN)
        .timeout(Duration::from_millis(150))
        .retry(fast_retries(2))
        .build()
        .expect("client");
    match c.ipsec_gateways().get(ids().0).await {
        Err(Error::RetriesExhausted(e)) => {
            assert_eq!(e.attempts, 2);
            assert!(matches!(*e.last, Error::Timeout(_)), "{:?}", e.last);
        }
        other => panic!("expected timeouts, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 2);

    let err = c
        .ipsec_tunnels(ids().0)
        .create(&ipsec_tunnel())
        .await
        .expect_err("timeout");
    assert!(
        matches!(&err, Error::AnswerLost(lost) if matches!(*lost.cause, Error::Timeout(_))),
        "the POST may have been carried out: {err:?}"
    );
    assert_eq!(server.requests().len(), 3, "the slow POST was sent once");
}

#[tokio::test]
async fn malformed_and_truncated_json() {
    let server = Server::start(scripted(vec![
        Reply::json(200, "{\"id\": \"not even a uuid\", \"type\": "),
        Reply::json(200, "<<<>>>"),
    ]));
    let c = client_for(&server.base_url, fast_retries(3));
    for _ in 0..2 {
        match c.ipsec_gateways().get(ids().0).await {
            Err(Error::Decode(e)) => assert_eq!(e.status.as_u16(), 200),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
    assert_eq!(
        server.requests().len(),
        2,
        "a body that does not decode is not retried"
    );

    // A body cut off below its announced length is a broken transfer: retried for a GET.
    let server = Server::start(scripted(vec![
        Reply::json(200, read_body("ipsecgateway")),
        Reply::fault(Fault::TruncatedBody),
        Reply::json(200, read_body("ipsecgateway")),
    ]));
    let c = client_for(&server.base_url, fast_retries(3));
    c.ipsec_gateways().get(ids().0).await.expect("first");
    c.ipsec_gateways()
        .get(ids().0)
        .await
        .expect("retried after the cut");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn unknown_fields_and_option_values_decode() {
    let mut body = read_body("wireguardgateway");
    body["metadata"]["status"] = json!("MIGRATING");
    body["properties"]["tier"] = json!("ULTRA");
    body["properties"]["futureField"] = json!({"nested": [1, 2, 3]});
    body["somethingNew"] = json!(true);
    let server = Server::start(move |_| Reply::json(200, body.clone()));
    let c = client_for(&server.base_url, fast_retries(1));
    let gw = c
        .wireguardgateways_find_by_id(ids().0)
        .await
        .expect("decodes");
    assert_eq!(gw.metadata.status, Status::Unknown("MIGRATING".into()));
    assert_eq!(
        gw.properties.tier,
        Some(WireguardGatewayTier::Unknown("ULTRA".into()))
    );
    assert_eq!(gw.lifecycle(), LifecycleState::Pending("MIGRATING"));
}

#[tokio::test]
async fn psk_key_present_or_absent_in_responses() {
    let mut with_key = read_body("ipsectunnel");
    with_key["properties"] = tunnel_properties(true);
    let without_key = read_body("ipsectunnel");
    let server = Server::start(scripted(vec![
        Reply::json(200, with_key),
        Reply::json(200, without_key),
    ]));
    let c = client_for(&server.base_url, fast_retries(1));
    let (gw, id) = ids();
    let first = c
        .ipsecgateways_tunnels_find_by_id(gw, id)
        .await
        .expect("with key");
    let psk = first.properties.auth.psk.as_ref().expect("psk");
    assert_eq!(psk.key.as_ref().map(|k| k.expose()), Some(PSK));
    assert!(!format!("{first:?}").contains(PSK));
    let second = c
        .ipsecgateways_tunnels_find_by_id(gw, id)
        .await
        .expect("without key");
    assert!(second.properties.auth.psk.is_none());
}

#[tokio::test]
async fn empty_202_bodies() {
    let server = Server::start(|_| Reply::empty(202));
    let c = client_for(&server.base_url, fast_retries(1));
    let (gw, id) = ids();
    c.ipsec_tunnels(gw).delete(id).await.expect("deleted");
    c.wireguard_gateways().delete(gw).await.expect("deleted");
    assert_eq!(server.requests().len(), 2);
}
