//! The generated fake (`--features testkit`) used as users would: through the client, and raw
//! where the client would refuse to send. Lifecycle, pagination, validation, authentication,
//! scripted faults, several regions, inspection; and the project's own examples against it.
#![cfg(feature = "testkit")]

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::fixtures::*;
use vpn_api::models::*;
use vpn_api::prelude::*;
use vpn_api::testkit::{self, Fault, Lifecycle};
use vpn_api::Error;

async fn fake() -> testkit::FakeServer {
    testkit::start().await.expect("a fake on 127.0.0.1")
}

async fn new_gateway(client: &Client) -> WireguardGatewayRead {
    let created = client
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await;
    created.expect("a WireGuard gateway").into_inner()
}

#[tokio::test]
async fn new_items_provision_then_are_ready_and_never_show_their_secrets() {
    let fake = fake().await;
    let client = fake.client();
    let created = new_gateway(&client).await;
    assert_eq!(created.metadata.status.as_str(), "PROVISIONING");
    assert!(created.properties.private_key.is_none(), "write-only");
    let ready = client
        .wireguard_gateways()
        .wait_until_ready(created.id)
        .await
        .expect("ready");
    assert_eq!(ready.metadata.status.as_str(), "AVAILABLE");
    assert_eq!(ready.properties.name, "gw");
    assert!(ready.properties.private_key.is_none(), "write-only");

    let stored = fake.stored();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].kind, "WireguardGateway");
    assert_eq!(stored[0].status.as_deref(), Some("AVAILABLE"));
    assert_eq!(
        stored[0].properties["privateKey"],
        json!(PRIVATE_KEY),
        "kept, never answered"
    );
    let reads: Vec<Option<String>> = fake.requests().into_iter().map(|r| r.operation).collect();
    assert_eq!(
        reads,
        [
            Some("wireguardgatewaysPost".to_string()),
            Some("wireguardgatewaysFindById".to_string()),
            Some("wireguardgatewaysFindById".to_string())
        ],
        "one read still provisioning, the next ready"
    );
}

#[tokio::test]
async fn a_scripted_failure_ends_the_wait_with_its_message() {
    let fake = fake().await;
    fake.set_lifecycle(Lifecycle {
        busy_reads: 2,
        ..Lifecycle::default()
    });
    let client = fake.client();
    let (gateway_id, _) = ids();
    client
        .ipsec_gateways()
        .ensure(gateway_id, &ipsec_gateway())
        .await
        .expect("ensured");
    fake.fail(&gateway_id.to_string(), "no capacity in this datacenter");
    let err = client
        .ipsec_gateways()
        .wait_until_ready(gateway_id)
        .await
        .expect_err("failed");
    let Error::ResourceFailed(failed) = &err else {
        panic!("expected ResourceFailed, got {err:?}");
    };
    assert_eq!(failed.status, "FAILED");
    assert_eq!(
        failed.message.as_deref(),
        Some("no capacity in this datacenter")
    );
    assert_eq!(
        fake.requests().len(),
        4,
        "ensure, two provisioning reads, the failed one"
    );
}

#[tokio::test]
async fn a_delete_takes_what_is_below_with_it() {
    let fake = fake().await;
    let client = fake.client();
    let gateway = new_gateway(&client).await;
    let peer = client
        .wireguard_peers(gateway.id)
        .create(&wireguard_peer())
        .await
        .expect("peer");
    client
        .wireguard_gateways()
        .delete(gateway.id)
        .await
        .expect("deleted");
    let deleting = client
        .wireguard_gateways()
        .get(gateway.id)
        .await
        .expect("still there");
    assert_eq!(deleting.metadata.status.as_str(), "DESTROYING");
    client
        .wireguard_gateways()
        .wait_until_gone(gateway.id)
        .await
        .expect("gone");
    let err = client
        .wireguard_peers(gateway.id)
        .get(peer.id)
        .await
        .expect_err("its peer is gone too");
    assert!(err.is_not_found(), "{err:?}");
    assert!(fake.stored().is_empty());
    // A child of a missing parent is refused.
    let err = client
        .wireguard_peers(gateway.id)
        .create(&wireguard_peer())
        .await
        .expect_err("no gateway");
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn lists_page_with_offset_limit_and_links() {
    let fake = fake().await;
    let client = fake.client();
    let gateway = new_gateway(&client).await;
    let peers = client.wireguard_peers(gateway.id);
    for _ in 0..7 {
        peers.create(&wireguard_peer()).await.expect("peer");
    }
    let page = peers
        .list()
        .offset(3)
        .limit(3)
        .send()
        .await
        .expect("a page");
    assert_eq!(page.items.as_ref().map(Vec::len), Some(3));
    assert_eq!(page.offset, 3);
    assert_eq!(page.limit, 3);
    let links = &page.links;
    assert!(links
        .next
        .as_deref()
        .is_some_and(|n| n.contains("offset=6&limit=3")));
    assert!(links
        .prev
        .as_deref()
        .is_some_and(|p| p.contains("offset=0&limit=3")));
    let all = peers.list().limit(2).all().await.expect("every page");
    assert_eq!(all.len(), 7);
    let lists = fake
        .requests()
        .iter()
        .filter(|r| r.operation.as_deref() == Some("wireguardgatewaysPeersGet"))
        .count();
    assert_eq!(lists, 1 + 4, "one page, then four pages of two");
}

/// A request the client would refuse to send, sent raw.
async fn raw(
    fake: &testkit::FakeServer,
    method: &str,
    path: &str,
    body: &str,
    auth: Option<&str>,
) -> (u16, Value) {
    let http = vpn_api::reqwest::Client::new();
    let method = vpn_api::reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = http
        .request(method, format!("{}{path}", fake.base_url()))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let answer = request.send().await.expect("answered");
    let status = answer.status().as_u16();
    let text = answer.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn bodies_are_checked_with_the_generated_types_and_every_violation_is_answered() {
    let fake = fake().await;
    let bearer = format!("Bearer {}", fake.token());
    let mut body = json!({"properties": {"name": "x".repeat(300), "gatewayIP": "192.0.2.10", "connections": [], "privateKey": PRIVATE_KEY}});
    let (status, answer) = raw(
        &fake,
        "POST",
        "/wireguardgateways",
        &body.to_string(),
        Some(&bearer),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["httpStatus"], json!(422));
    let messages: Vec<&str> = answer["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("properties.name:"), "{messages:?}");
    assert!(
        messages[1].starts_with("properties.connections:"),
        "{messages:?}"
    );

    body["properties"]["name"] = json!(42);
    let (status, answer) = raw(
        &fake,
        "POST",
        "/wireguardgateways",
        &body.to_string(),
        Some(&bearer),
    )
    .await;
    // A value of the wrong type is one more violation in the same answer, not a stop.
    assert_eq!(status, 422, "{answer}");
    let messages: Vec<&str> = answer["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "properties.name: has the wrong type or value: expected a string",
            "properties.connections: has 0 items, fewer than the minimum 1"
        ]
    );

    let (gateway_id, other) = ids();
    let ensure = json!({"id": other, "properties": {"name": "gw", "gatewayIP": "192.0.2.10", "connections": []}});
    let (status, _) = raw(
        &fake,
        "PUT",
        &format!("/ipsecgateways/{gateway_id}"),
        &ensure.to_string(),
        Some(&bearer),
    )
    .await;
    assert_eq!(status, 422, "the body's id must be the path's");
    assert!(fake.stored().is_empty());
}

#[tokio::test]
async fn credentials_are_required() {
    let fake = fake().await;
    let (status, answer) = raw(&fake, "GET", "/ipsecgateways", "", None).await;
    assert_eq!((status, &answer["httpStatus"]), (401, &json!(401)));
    let (status, _) = raw(&fake, "GET", "/ipsecgateways", "", Some("Bearer wrong")).await;
    assert_eq!(status, 401);
    fake.accept_basic_auth("user@example.com", "secret-password");
    let basic = Client::builder()
        .base_url(fake.base_url())
        .basic_auth("user@example.com", "secret-password")
        .build()
        .expect("client");
    basic
        .ipsec_gateways()
        .list()
        .all()
        .await
        .expect("Basic credentials");
    let schemes: Vec<Option<String>> = fake.requests().into_iter().map(|r| r.auth_scheme).collect();
    assert_eq!(schemes, [None, Some("Bearer".into()), Some("Basic".into())]);
    let (status, _) = raw(&fake, "GET", "/nothing-here", "", None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn scripted_faults_meet_the_client_retries() {
    let fake = fake().await;
    let client = fake.client();
    let (gateway_id, _) = ids();
    client
        .ipsec_gateways()
        .ensure(gateway_id, &ipsec_gateway())
        .await
        .expect("ensured");

    // A 503 burst on reads: retried through.
    fake.fault("ipsecgatewaysFindById", 2, Fault::Status(503));
    client
        .ipsec_gateways()
        .get(gateway_id)
        .await
        .expect("third attempt");
    // 429 with Retry-After on a POST: retried too (nothing was done).
    fake.fault(
        "ipsecgatewaysPost",
        1,
        Fault::RateLimited {
            retry_after: Duration::from_secs(1),
        },
    );
    client
        .ipsec_gateways()
        .create(&ipsec_gateway())
        .await
        .expect("after the wait");
    // A lost answer after the write: create_idempotent still makes one gateway.
    fake.fault("ipsecgatewaysPut", 1, Fault::LoseAnswer);
    client
        .ipsec_gateways()
        .create_idempotent(&ipsec_gateway())
        .await
        .expect("retried");
    // A reset before acting, and latency.
    fake.fault("ipsecgatewaysGet", 1, Fault::Reset);
    fake.fault(
        "ipsecgatewaysGet",
        1,
        Fault::Latency(Duration::from_millis(50)),
    );
    let all = client.ipsec_gateways().list().all().await.expect("listed");
    assert_eq!(
        all.len(),
        3,
        "ensured, posted, created idempotently: no duplicate"
    );

    let operations: Vec<String> = fake
        .requests()
        .into_iter()
        .filter_map(|r| r.operation)
        .collect();
    let count = |op: &str| operations.iter().filter(|o| *o == op).count();
    assert_eq!(count("ipsecgatewaysFindById"), 3);
    assert_eq!(count("ipsecgatewaysPost"), 2);
    assert_eq!(count("ipsecgatewaysPut"), 3);
    assert_eq!(
        count("ipsecgatewaysGet"),
        2,
        "reset, then slow but answered"
    );
}

#[tokio::test]
async fn several_regions_each_with_its_own_fake() {
    let fakes = testkit::start_regions([Region::DeFra, Region::GbLhr])
        .await
        .expect("fakes");
    let london = fakes.server(Region::GbLhr).expect("gb-lhr").client();
    let made = london
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await
        .expect("in london");
    let found = fakes
        .client
        .wireguard_gateways()
        .find(made.id)
        .await
        .expect("asked both");
    assert_eq!(
        found.map(|(region, g)| (region, g.id)),
        Some((Region::GbLhr, made.id))
    );
    let listing = fakes.client.wireguard_gateways().all().await;
    assert_eq!(listing.items.len(), 1);
    assert!(fakes
        .server(Region::DeFra)
        .expect("de-fra")
        .stored()
        .is_empty());
}

#[allow(dead_code)]
#[path = "../examples/workflow.rs"]
mod workflow;

#[tokio::test]
async fn the_workflow_example_runs_against_the_fake() {
    let fake = fake().await;
    workflow::run(&fake.client(), "5a029f4a-72e5-11ec-90d6-0242ac120003")
        .await
        .expect("the workflow");
    assert!(fake.stored().is_empty(), "it cleans up after itself");
    assert!(fake.requests().len() > 10);
}

/// Prism as a validating proxy in front of the fake: all 20 operations through the client, in
/// an order that makes each of them succeed; a request or answer breaking the spec would come
/// back as an error.
#[tokio::test]
async fn prism_in_front_of_the_fake_finds_no_violation() {
    let fake = fake().await;
    let spec = support::prism::overlaid_spec_path();
    let prism =
        support::prism::Prism::proxy(&spec, fake.base_url()).unwrap_or_else(|e| panic!("{e}"));
    let client = fake
        .client_builder()
        .base_url(&prism.base_url)
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let run = async {
        let wireguard = client.wireguard_gateways();
        let gateway = wireguard.create(&wireguard_gateway()).await?;
        wireguard.get(gateway.id).await?;
        wireguard.list().limit(10).send().await?;
        wireguard.ensure(gateway.id, &wireguard_gateway()).await?;
        let peers = client.wireguard_peers(gateway.id);
        let peer = peers.create(&wireguard_peer()).await?;
        peers.get(peer.id).await?;
        peers.list().send().await?;
        peers.ensure(peer.id, &wireguard_peer()).await?;
        peers.delete(peer.id).await?;
        wireguard.delete(gateway.id).await?;

        let ipsec = client.ipsec_gateways();
        let gateway = ipsec.create(&ipsec_gateway()).await?;
        ipsec.get(gateway.id).await?;
        ipsec.list().send().await?;
        ipsec.ensure(gateway.id, &ipsec_gateway()).await?;
        let tunnels = client.ipsec_tunnels(gateway.id);
        let tunnel = tunnels.create(&ipsec_tunnel()).await?;
        tunnels.get(tunnel.id).await?;
        tunnels.list().send().await?;
        tunnels.ensure(tunnel.id, &ipsec_tunnel()).await?;
        tunnels.delete(tunnel.id).await?;
        ipsec.delete(gateway.id).await?;
        // An error answer of the fake, checked too.
        let missing = ipsec.get(Uuid::from_u128(99)).await.expect_err("404");
        assert!(missing.is_not_found(), "{missing:?}");
        Ok::<_, Error>(())
    };
    if let Err(e) = run.await {
        panic!("{e:?}\nPrism's log:\n{}", prism.log_tail());
    }
    let operations: std::collections::BTreeSet<String> = fake
        .requests()
        .into_iter()
        .filter_map(|r| r.operation)
        .collect();
    assert_eq!(
        operations.len(),
        20,
        "every operation reached the fake: {operations:?}"
    );
}

#[allow(dead_code)]
#[path = "../examples/testkit.rs"]
mod testkit_example;

#[tokio::test]
async fn the_testkit_example_runs() {
    let lines = testkit_example::run().await.expect("the example");
    assert_eq!(
        lines,
        [
            "created: PROVISIONING",
            "ready: AVAILABLE",
            "read office after 3 attempts",
            "stored: 1"
        ]
    );
}

#[allow(dead_code)]
#[path = "../examples/every_region.rs"]
mod every_region;

#[tokio::test]
async fn the_every_region_example_runs_against_fakes_of_two_regions() {
    let fakes = testkit::start_regions([Region::DeFra, Region::DeTxl])
        .await
        .expect("fakes");
    let txl = fakes.server(Region::DeTxl).expect("de-txl");
    txl.client()
        .ipsec_gateways()
        .create(&ipsec_gateway())
        .await
        .expect("a gateway in de-txl");
    let lines = every_region::run(&fakes.client).await.expect("the example");
    assert_eq!(lines, ["de-txl: IPSec gateway gw", "de-txl: described gw"]);
    let stored = txl.stored();
    assert_eq!(
        stored[0].properties["description"],
        serde_json::json!("IPSec gateway in de-txl")
    );
}
