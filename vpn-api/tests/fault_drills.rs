//! Fault drills: a real server on 127.0.0.1 misbehaves on purpose (rate limits, 5xx bursts,
//! resets, slow and broken answers, long lists, slow provisioning). Each drill checks the typed
//! outcome and exactly how many requests reached the server, so a POST is never sent twice.

mod support;

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::fixtures::*;
use support::trace::Captured;
use support::{closed_port_url, Fault, Recorded, Reply, Server};
use uuid::Uuid;
use vpn_api::models::*;
use vpn_api::operations::*;
use vpn_api::{Client, Error, Lifecycle, LifecycleState, RetryPolicy, WaitOptions};

/// Quick retries so drills take milliseconds; the decisions are the same as with the defaults.
fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(50))
        .max_elapsed(Duration::from_secs(20))
}

fn client_for(base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .retry(retry)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

/// Answers from a list of replies, one per request, then repeats the last one.
fn scripted(replies: Vec<Reply>) -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
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

fn tunnel_create() -> IpSecTunnelCreate {
    let tunnel: IpSecTunnel = serde_json::from_value(tunnel_properties(true)).expect("tunnel");
    IpSecTunnelCreate::new(tunnel)
}

fn wireguard_gateway_create() -> WireguardGatewayCreate {
    let mut gateway: WireguardGateway =
        serde_json::from_value(read_body("wireguardgateway")["properties"].clone()).expect("gw");
    gateway.private_key = Some(PRIVATE_KEY.into());
    WireguardGatewayCreate::new(gateway)
}

fn tunnel_with(status: &str, message: Option<&str>) -> Value {
    let mut body = read_body("ipsectunnel");
    body["metadata"]["status"] = json!(status);
    body["metadata"]["statusMessage"] = json!(message);
    body
}

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
        .ipsecgateways_tunnels_post(gw, &tunnel_create())
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
    c.ipsecgateways_find_by_id(ids().0).await.expect("found");
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
        .wireguardgateways_get(&WireguardgatewaysGetQuery::default())
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
    match c
        .ipsecgateways_tunnels_post(ids().0, &tunnel_create())
        .await
    {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 502);
            assert!(e.body.is_none());
            assert!(e.raw_body.contains("Bad gateway"));
        }
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
        .ipsecgateways_get(&IpsecgatewaysGetQuery::default())
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
    c.ipsecgateways_find_by_id(ids().0)
        .await
        .expect("GET retried on a new connection");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.connections(), 2);

    // A POST on a connection reset before the server read it: the HTTP stack may resend it only
    // when it knows nothing was written; either way the server must not see it twice.
    let server = Server::start(|_| Reply::json(201, read_body("ipsectunnel")));
    server.reset_next_connections(1);
    let c = client_for(&server.base_url, fast_retries(3));
    let outcome = c
        .ipsecgateways_tunnels_post(ids().0, &tunnel_create())
        .await;
    match (&outcome, server.requests().len()) {
        (Ok(_), 1) => assert_eq!(server.connections(), 2),
        (Err(Error::Transport(_)), 0) => assert_eq!(server.connections(), 1),
        (other, seen) => panic!("{seen} POSTs seen, outcome {other:?}"),
    }
}

#[tokio::test]
async fn refused_connections_are_retried_for_every_method() {
    // Nothing listens: no byte reached a server, so even a POST may be tried again.
    let c = client_for(&closed_port_url(), fast_retries(3));
    match c
        .ipsecgateways_tunnels_post(ids().0, &tunnel_create())
        .await
    {
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
    c.wireguardgateways_find_by_id(ids().0)
        .await
        .expect("GET retried");
    assert_eq!(server.requests().len(), 2);

    let server = Server::start(scripted(vec![
        Reply::fault(Fault::ResetAfterRequest),
        Reply::json(201, read_body("wireguardgateway")),
    ]));
    let c = client_for(&server.base_url, fast_retries(3));
    let err = c
        .wireguardgateways_post(&wireguard_gateway_create())
        .await
        .expect_err("reset");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
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
    match c.ipsecgateways_find_by_id(ids().0).await {
        Err(Error::RetriesExhausted(e)) => {
            assert_eq!(e.attempts, 2);
            assert!(matches!(*e.last, Error::Timeout(_)), "{:?}", e.last);
        }
        other => panic!("expected timeouts, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 2);

    let err = c
        .ipsecgateways_tunnels_post(ids().0, &tunnel_create())
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
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
        match c.ipsecgateways_find_by_id(ids().0).await {
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
    c.ipsecgateways_find_by_id(ids().0).await.expect("first");
    c.ipsecgateways_find_by_id(ids().0)
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
    c.ipsecgateways_tunnels_delete(gw, id)
        .await
        .expect("deleted");
    c.wireguardgateways_delete(gw).await.expect("deleted");
    assert_eq!(server.requests().len(), 2);
}

/// A list of `n` tunnels, linking to a next page when `next` is set.
fn tunnel_page(offset: usize, n: usize, limit: usize, next: bool) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|i| {
            let mut t = read_body("ipsectunnel");
            t["id"] = json!(Uuid::from_u128((offset + i) as u128));
            t
        })
        .collect();
    let mut links = json!({"self": format!("https://vpn.example/t?offset={offset}&limit={limit}")});
    if next {
        links["next"] = json!(format!(
            "https://vpn.example/t?offset={}&limit={limit}",
            offset + n
        ));
    }
    json!({"id": CHILD, "type": "collection", "href": "/t", "items": items, "offset": offset, "limit": limit, "_links": links})
}

fn paged_server(total: usize) -> Server {
    Server::start(move |req| {
        let offset: usize = req
            .query("offset")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let limit: usize = req
            .query("limit")
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        let n = total.saturating_sub(offset).min(limit);
        Reply::json(200, tunnel_page(offset, n, limit, offset + n < total))
    })
}

#[tokio::test]
async fn a_list_of_1000_items_with_a_next_link_is_walked_to_the_end() {
    let server = paged_server(1003);
    let c = client_for(&server.base_url, fast_retries(1));
    let all = c
        .ipsecgateways_tunnels_get_all(ids().0, &IpsecgatewaysTunnelsGetQuery::default())
        .await
        .expect("all pages");
    assert_eq!(all.len(), 1003);
    assert_eq!(all[1002].id, Uuid::from_u128(1002));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].query("offset"), Some("0"));
    assert_eq!(
        reqs[0].query("limit"),
        Some("1000"),
        "the spec's maximum page size"
    );
    assert_eq!(reqs[1].query("offset"), Some("1000"));

    // Exactly 1,000 items with a next link, then an empty page.
    let server = paged_server(1000);
    let c = client_for(&server.base_url, fast_retries(1));
    let all = c
        .ipsecgateways_tunnels_get_all(ids().0, &IpsecgatewaysTunnelsGetQuery::default())
        .await
        .expect("all pages");
    assert_eq!(all.len(), 1000);
    assert_eq!(
        server.requests().len(),
        1,
        "no next link on a full last page ends the walk"
    );
}

#[tokio::test]
async fn pagination_keeps_the_limit_in_bounds_and_reads_lazily() {
    let server = paged_server(250);
    let c = client_for(&server.base_url, fast_retries(1));
    let query = IpsecgatewaysTunnelsGetQuery::default()
        .with_limit(50_000)
        .with_offset(200);
    let rest = c
        .ipsecgateways_tunnels_get_all(ids().0, &query)
        .await
        .expect("pages");
    assert_eq!(rest.len(), 50);
    assert_eq!(server.requests()[0].query("limit"), Some("1000"));
    assert_eq!(server.requests()[0].query("offset"), Some("200"));

    let server = paged_server(250);
    let c = client_for(&server.base_url, fast_retries(1));
    let query = IpsecgatewaysTunnelsGetQuery::default().with_limit(0);
    let first: Vec<IpSecTunnelRead> = c
        .ipsecgateways_tunnels_get_stream(ids().0, &query)
        .take(3)
        .try_collect()
        .await
        .expect("three items");
    assert_eq!(first.len(), 3);
    let reqs = server.requests();
    assert_eq!(
        reqs.len(),
        3,
        "one item per page, three pages read, no more"
    );
    assert_eq!(reqs[2].query("limit"), Some("1"));
    assert_eq!(reqs[2].query("offset"), Some("2"));
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = Server::start(|req| match req.query("offset") {
        Some("0") => Reply::json(200, tunnel_page(0, 2, 2, true)),
        _ => Reply::json(401, json!({"httpStatus": 401})),
    });
    let c = client_for(&server.base_url, fast_retries(2));
    let query = IpsecgatewaysTunnelsGetQuery::default().with_limit(2);
    let results: Vec<_> = c
        .ipsecgateways_tunnels_get_stream(ids().0, &query)
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert_eq!(
        results[2]
            .as_ref()
            .err()
            .and_then(|e| e.status())
            .map(|s| s.as_u16()),
        Some(401)
    );
    assert_eq!(server.requests().len(), 2);
}

fn quick_wait() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(10))
        .timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn waiting_until_provisioned() {
    let server = Server::start(scripted(vec![
        Reply::json(200, tunnel_with("PROVISIONING", None)),
        Reply::json(200, tunnel_with("PROVISIONING", None)),
        Reply::json(200, tunnel_with("AVAILABLE", None)),
    ]));
    let c = client_for(&server.base_url, fast_retries(1));
    let (gw, id) = ids();
    let ready = c
        .ipsecgateways_tunnels_find_by_id_until_ready(gw, id, &quick_wait())
        .await
        .expect("available");
    assert_eq!(ready.metadata.status, Status::Available);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_failed_provisioning_is_a_typed_error_with_the_status_message() {
    let server = Server::start(scripted(vec![
        Reply::json(200, tunnel_with("PROVISIONING", None)),
        Reply::json(200, tunnel_with("FAILED", Some("remote host unreachable"))),
    ]));
    let c = client_for(&server.base_url, fast_retries(1));
    let (gw, id) = ids();
    match c
        .ipsecgateways_tunnels_find_by_id_until_ready(gw, id, &quick_wait())
        .await
    {
        Err(Error::ResourceFailed(f)) => {
            assert_eq!(f.status, "FAILED");
            assert_eq!(f.message.as_deref(), Some("remote host unreachable"));
        }
        other => panic!("expected a failed resource, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn waiting_ends_at_the_deadline() {
    let server = Server::start(|_| Reply::json(200, tunnel_with("PROVISIONING", None)));
    let c = client_for(&server.base_url, fast_retries(1));
    let (gw, id) = ids();
    let wait = WaitOptions::default()
        .interval(Duration::from_millis(20))
        .timeout(Duration::from_millis(100));
    match c
        .ipsecgateways_tunnels_find_by_id_until_ready(gw, id, &wait)
        .await
    {
        Err(Error::WaitTimedOut(t)) => {
            assert_eq!(t.last_state, "PROVISIONING");
            // No poll starts after the deadline; the last one may end a little after it.
            assert!(t.waited >= Duration::from_millis(80), "{:?}", t.waited);
            assert!(t.waited < Duration::from_secs(1), "{:?}", t.waited);
        }
        other => panic!("expected the deadline, got {other:?}"),
    }
    let polls = server.requests().len();
    assert!(
        (3..=6).contains(&polls),
        "{polls} polls in 100 ms at 20 ms intervals"
    );
}

#[tokio::test]
async fn waiting_for_deletion_ends_at_404() {
    let server = Server::start(scripted(vec![
        Reply::empty(202),
        Reply::json(200, tunnel_with("DESTROYING", None)),
        Reply::json(200, tunnel_with("DESTROYING", None)),
        Reply::json(404, json!({"httpStatus": 404, "messages": []})),
    ]));
    let c = client_for(&server.base_url, fast_retries(1));
    let (gw, id) = ids();
    c.ipsecgateways_tunnels_delete(gw, id)
        .await
        .expect("accepted");
    c.ipsecgateways_tunnels_find_by_id_until_gone(gw, id, &quick_wait())
        .await
        .expect("gone");
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn secrets_never_reach_debug_display_errors_or_traces() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.clone());
    let server = Server::start(scripted(vec![
        Reply::json(429, "{}").header("Retry-After", "0"),
        Reply::json(
            400,
            json!({"httpStatus": 400, "messages": [{"message": "bad"}]}),
        ),
        Reply::fault(Fault::ResetAfterRequest),
    ]));
    let c = client_for(&server.base_url, fast_retries(3));
    let create = wireguard_gateway_create();
    let mut texts = vec![
        format!("{c:?}"),
        format!("{create:?}"),
        format!("{:?}", tunnel_create()),
    ];
    let err = c.wireguardgateways_post(&create).await.expect_err("400");
    texts.push(format!("{err:?}"));
    texts.push(err.to_string());
    let err = c
        .ipsecgateways_tunnels_post(ids().0, &tunnel_create())
        .await
        .expect_err("reset");
    texts.push(format!("{err:?}"));
    texts.push(err.to_string());
    // The requests did carry the secrets: the check below is not vacuous.
    let reqs = server.requests();
    assert!(reqs[0].body.contains(PRIVATE_KEY));
    assert!(reqs[2].body.contains(PSK));
    assert_eq!(
        reqs[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    let trace = captured.text();
    assert!(
        trace.contains("span vpn_api.request method=POST path=\"/wireguardgateways\""),
        "{trace}"
    );
    assert!(trace.contains("attempt=2 status=400"), "{trace}");
    assert!(trace.contains("vpn_api.retry"), "{trace}");
    texts.push(trace);
    for text in &texts {
        for secret in [TOKEN, PRIVATE_KEY, PSK] {
            assert!(!text.contains(secret), "{secret} leaked into: {text}");
        }
    }
}

#[tokio::test]
async fn retry_policy_is_visible_on_the_client() {
    let c = Client::builder()
        .base_url("http://127.0.0.1:9")
        .retry(RetryPolicy::default().max_attempts(7))
        .build()
        .expect("client");
    assert_eq!(c.retry_policy().attempts(), 7);
    assert!(format!("{c:?}").contains("max_attempts: 7"));
    assert_eq!(RetryPolicy::never().attempts(), 1);
}
