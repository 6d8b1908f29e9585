//! Drills for what takes many requests: long lists walked page by page, resources waited for
//! while they provision, and the traces of it all (which never hold a secret). A real server on
//! 127.0.0.1 answers; each drill checks how many requests reached it.

mod support;

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use support::drills::*;
use support::fixtures::*;
use support::{Reply, Server};
use uuid::Uuid;
use vpn_api::models::*;
use vpn_api::{Client, Error, RetryPolicy, WaitOptions};

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

/// A server that answers at most `cap` items per page whatever the client asks for, and says so
/// in its own `limit`; it links the next page only when `links` is set (else only `self`).
fn capped_server(total: usize, cap: usize, links: bool) -> Server {
    Server::start(move |req| {
        let offset: usize = req
            .query("offset")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let n = total.saturating_sub(offset).min(cap);
        Reply::json(
            200,
            tunnel_page(offset, n, cap, links && offset + n < total),
        )
    })
}

#[tokio::test]
async fn a_server_that_caps_pages_below_the_asked_limit_is_followed_to_the_end() {
    for links in [true, false] {
        let server = capped_server(250, 100, links);
        let c = client_for(&server.base_url, fast_retries(1));
        let (gw, _) = ids();
        // The client asks for 1000 per page; the server sends 100, with or without a `next`.
        let all = c.ipsec_tunnels(gw).list().all().await.expect("all");
        assert_eq!(
            all.len(),
            250,
            "no item is lost to the server's cap (links: {links})"
        );
        let ids: Vec<u128> = all.iter().map(|t| t.id.as_u128()).collect();
        assert_eq!(ids, (0..250).collect::<Vec<u128>>(), "in order, none twice");
        let mut targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
        assert_eq!(
            targets[..3],
            [
                format!("/ipsecgateways/{GW}/tunnels?offset=0&limit=1000"),
                format!("/ipsecgateways/{GW}/tunnels?offset=100&limit=1000"),
                format!("/ipsecgateways/{GW}/tunnels?offset=200&limit=1000"),
            ]
        );
        assert_eq!(
            targets.len(),
            3,
            "the last page is not full: no further request"
        );
        let mut streamed = c.ipsec_tunnels(gw).list().stream();
        let mut n = 0;
        while let Some(item) = streamed.next().await {
            item.expect("an item");
            n += 1;
        }
        assert_eq!(n, 250, "the stream too (links: {links})");
        targets.clear();
    }
}

#[tokio::test]
async fn pages_come_one_by_one_with_their_items_offset_and_limit() {
    let server = paged_server(5);
    let c = client_for(&server.base_url, fast_retries(1));
    let mut pages = c.ipsec_tunnels(ids().0).list().limit(2).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        // The query's own integer type: what `.offset(..)` and `.limit(..)` take.
        let (offset, limit): (i32, i32) = (page.offset, page.limit);
        seen.push((page.items.len(), offset, limit, page.has_next));
    }
    assert_eq!(seen, [(2, 0, 2, true), (2, 2, 2, true), (1, 4, 2, false)]);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_list_stream_reads_in_a_plain_while_let_loop() {
    let server = paged_server(5);
    let c = client_for(&server.base_url, fast_retries(1));
    let (gw, _) = ids();
    let mut items = c.ipsec_tunnels(gw).list().limit(2).stream();
    let mut seen = 0;
    while let Some(item) = items.next().await {
        item.expect("item");
        seen += 1;
    }
    assert_eq!(seen, 5);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_list_of_1000_items_with_a_next_link_is_walked_to_the_end() {
    let server = paged_server(1003);
    let c = client_for(&server.base_url, fast_retries(1));
    let all = c
        .ipsec_tunnels(ids().0)
        .list()
        .all()
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

    // Exactly 1,000 items: a full page without a next link, then an empty page.
    let server = paged_server(1000);
    let c = client_for(&server.base_url, fast_retries(1));
    let all = c
        .ipsec_tunnels(ids().0)
        .list()
        .all()
        .await
        .expect("all pages");
    assert_eq!(all.len(), 1000);
    // A full page may be a cap, not the end: one more request, which answers empty.
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2, "a full page without a next link is checked");
    assert_eq!(reqs[1].query("offset"), Some("1000"));
}

#[tokio::test]
async fn pagination_keeps_the_limit_in_bounds_and_reads_lazily() {
    let server = paged_server(250);
    let c = client_for(&server.base_url, fast_retries(1));
    let rest = c
        .ipsec_tunnels(ids().0)
        .list()
        .limit(50_000)
        .offset(200)
        .all()
        .await
        .expect("pages");
    assert_eq!(rest.len(), 50);
    assert_eq!(server.requests()[0].query("limit"), Some("1000"));
    assert_eq!(server.requests()[0].query("offset"), Some("200"));

    let server = paged_server(250);
    let c = client_for(&server.base_url, fast_retries(1));
    let first: Vec<IpSecTunnelRead> = c
        .ipsec_tunnels(ids().0)
        .list()
        .limit(0)
        .stream()
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
    let results: Vec<_> = c
        .ipsec_tunnels(ids().0)
        .list()
        .limit(2)
        .stream()
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
        .ipsec_tunnels(gw)
        .wait_until_ready_with(id, &quick_wait())
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
        .ipsec_tunnels(gw)
        .wait_until_ready_with(id, &quick_wait())
        .await
    {
        Err(Error::ResourceFailed(f)) => {
            assert_eq!(f.status, "FAILED");
            assert_eq!(f.message.as_deref(), Some("remote host unreachable"));
            // The tunnel with its gateway's id, as the operations' wait helpers name it too.
            let ids = vec![gw.to_string(), id.to_string()];
            assert_eq!(f.resource, vpn_api::ResourceRef::new("IpSecTunnel", ids));
            assert_eq!(f.resource.id(), Some(id.to_string().as_str()));
            assert_eq!(
                f.to_string(),
                format!("IpSecTunnel {gw}/{id} is FAILED: remote host unreachable")
            );
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
    match c.ipsec_tunnels(gw).wait_until_ready_with(id, &wait).await {
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
    c.ipsec_tunnels(gw).delete(id).await.expect("accepted");
    c.ipsec_tunnels(gw)
        .wait_until_gone_with(id, &quick_wait())
        .await
        .expect("gone");
    assert_eq!(server.requests().len(), 4);
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
