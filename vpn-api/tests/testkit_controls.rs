//! The fake as test authors drive it: every violation of a body in one answer, with the same
//! paths as the client's own validation; 415 and query bounds; lifecycles seen through lists;
//! ids unique across fakes; typed fault targets and misuse that fails loudly; faults by count,
//! always, or by seeded probability; `reset`, seeding, page sizes and the request log.
#![cfg(feature = "testkit")]

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use support::fixtures::*;
use vpn_api::models::*;
use vpn_api::prelude::*;
use vpn_api::reqwest::StatusCode;
use vpn_api::testkit::{self, Fault, Lifecycle, Operation, Seeded};

async fn fake() -> testkit::FakeServer {
    testkit::start().await.expect("a fake on 127.0.0.1")
}

/// A request as a test writes it by hand: (status, JSON answer).
async fn raw(
    fake: &testkit::FakeServer,
    method: &str,
    path: &str,
    body: &str,
    content_type: &str,
) -> (u16, Value) {
    let http = vpn_api::reqwest::Client::new();
    let method = vpn_api::reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let answer = http
        .request(method, format!("{}{path}", fake.base_url()))
        .header("content-type", content_type)
        .header("authorization", format!("Bearer {}", fake.token()))
        .header("x-request-id", "req-42")
        .body(body.to_string())
        .send()
        .await
        .expect("answered");
    let status = answer.status().as_u16();
    let text = answer.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A JSON body POSTed to the gateways' collection.
async fn post_gateway(fake: &testkit::FakeServer, body: &str) -> (u16, Value) {
    raw(fake, "POST", "/wireguardgateways", body, "application/json").await
}

/// A GET of `path`.
async fn get(fake: &testkit::FakeServer, path: &str) -> (u16, Value) {
    raw(fake, "GET", path, "", "application/json").await
}

/// Every WireGuard gateway, through the client.
async fn gateways(client: &Client) -> Vec<WireguardGatewayRead> {
    client
        .wireguard_gateways()
        .list()
        .all()
        .await
        .expect("list")
}

/// The paths the fake's error answer names, in order.
fn paths(answer: &Value) -> Vec<String> {
    answer["messages"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|m| m["message"].as_str())
                .map(|m| m.split(": ").next().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn gateway() -> Value {
    json!({"name": "gw", "gatewayIP": "192.0.2.10", "connections": [{"datacenterId": "5a029f4a-72e5-11ec-90d6-0242ac120003", "lanId": "2", "ipv4CIDR": "192.168.1.100/24"}], "privateKey": PRIVATE_KEY, "interfaceIPv4CIDR": "172.16.0.1/32", "listenPort": 51820})
}

#[tokio::test]
async fn every_violation_is_in_one_answer_with_the_clients_own_paths() {
    let fake = fake().await;
    // A table over the spec's constraints: the changed properties, and the paths both the
    // fake and the client's validation name.
    let rows: Vec<(Value, Vec<&str>)> = vec![
        (json!({"name": "x".repeat(256)}), vec!["properties.name"]),
        (json!({"listenPort": 70000}), vec!["properties.listenPort"]),
        (json!({"connections": []}), vec!["properties.connections"]),
        (
            json!({"interfaceIPv4CIDR": "not a cidr"}),
            vec!["properties.interfaceIPv4CIDR"],
        ),
        (
            json!({"name": "x".repeat(256), "listenPort": -1, "description": "d".repeat(1025)}),
            vec![
                "properties.name",
                "properties.description",
                "properties.listenPort",
            ],
        ),
    ];
    for (changes, expected) in rows {
        let mut properties = gateway();
        for (key, value) in changes.as_object().expect("changes") {
            properties[key] = value.clone();
        }
        let body = json!({"properties": properties});
        let (status, answer) = post_gateway(&fake, &body.to_string()).await;
        assert_eq!(status, 422, "{changes}: {answer}");
        let mut fake_paths = paths(&answer);
        fake_paths.sort();
        let mut want: Vec<String> = expected.iter().map(|p| p.to_string()).collect();
        want.sort();
        assert_eq!(fake_paths, want, "{changes}");
        // The client's validation of the same JSON names the same fields.
        let typed: WireguardGatewayCreate = serde_json::from_value(body).expect("decodes");
        let mut client_paths: Vec<String> = typed
            .validate()
            .expect_err("invalid")
            .violations
            .iter()
            .map(|v| v.path.clone())
            .collect();
        client_paths.sort();
        assert_eq!(client_paths, want, "{changes}: the client agrees");
    }

    // What stopped the old fake at the first problem: a missing field, a 256-character name
    // and port 70000 are three violations in one answer, as the client's builder finds them.
    let mut properties = gateway();
    properties
        .as_object_mut()
        .expect("object")
        .remove("gatewayIP");
    properties["name"] = json!("n".repeat(256));
    properties["listenPort"] = json!(70000);
    let body = json!({"properties": properties}).to_string();
    let (status, answer) = post_gateway(&fake, &body).await;
    assert_eq!(status, 422, "{answer}");
    let mut fake_paths = paths(&answer);
    fake_paths.sort();
    assert_eq!(
        fake_paths,
        [
            "properties.gatewayIP",
            "properties.listenPort",
            "properties.name"
        ]
    );
    let built = WireguardGateway::builder()
        .name("n".repeat(256))
        .connections([connection_model()])
        .private_key(PRIVATE_KEY)
        .listen_port(70000)
        .build()
        .expect_err("three problems");
    let mut builder_paths: Vec<String> = built
        .violations
        .iter()
        .map(|v| format!("properties.{}", v.path))
        .collect();
    builder_paths.sort();
    assert_eq!(fake_paths, builder_paths);
    // A wrong type is one more violation, never a different status.
    let body = json!({"properties": {"name": 42}}).to_string();
    let (status, answer) = post_gateway(&fake, &body).await;
    assert_eq!(status, 422);
    let named: BTreeSet<String> = paths(&answer).into_iter().collect();
    for path in [
        "properties.name",
        "properties.gatewayIP",
        "properties.connections",
        "properties.privateKey",
    ] {
        assert!(named.contains(path), "{path} in {answer}");
    }
    assert!(fake.stored().is_empty(), "nothing invalid is stored");
}

#[tokio::test]
async fn other_media_types_and_out_of_bound_queries_are_refused() {
    let fake = fake().await;
    let body = json!({"properties": gateway()}).to_string();
    for media in ["text/plain", "application/x-www-form-urlencoded"] {
        let (status, answer) = raw(&fake, "POST", "/wireguardgateways", &body, media).await;
        assert_eq!(status, 415, "{media}: {answer}");
    }
    assert!(fake.stored().is_empty());
    for (query, problem) in [
        ("limit=0", "limit: 0 is out of range: must be at least 1"),
        (
            "limit=5000",
            "limit: 5000 is out of range: must be at most 1000",
        ),
        ("limit=-1", "limit: -1 is out of range: must be at least 1"),
        (
            "offset=-3&limit=x",
            "offset: -3 is out of range: must be at least 0",
        ),
    ] {
        let (status, answer) = get(&fake, &format!("/wireguardgateways?{query}")).await;
        assert_eq!(status, 400, "{query}: {answer}");
        assert_eq!(answer["messages"][0]["message"], problem, "{query}");
    }
    let (_, answer) = get(&fake, "/wireguardgateways?offset=-3&limit=x").await;
    assert_eq!(
        answer["messages"].as_array().map(Vec::len),
        Some(2),
        "both problems: {answer}"
    );
}

#[tokio::test]
async fn lists_see_lifecycles_move_on_and_time_holds_for_every_read() {
    let fake = fake().await;
    fake.set_lifecycle(Lifecycle {
        busy_reads: 0,
        busy_for: Duration::from_millis(300),
        deleting_reads: 1,
    });
    let client = fake.client();
    let made = client
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await
        .expect("created");
    let status = |list: &[WireguardGatewayRead]| list[0].metadata.status.as_str().to_string();
    let listed = gateways(&client).await;
    assert_eq!(status(&listed), "PROVISIONING", "the time has not passed");
    tokio::time::sleep(Duration::from_millis(350)).await;
    let listed = gateways(&client).await;
    assert_eq!(status(&listed), "AVAILABLE", "a list is a read too");
    client
        .wireguard_gateways()
        .delete(made.id)
        .await
        .expect("deleted");
    let listed = gateways(&client).await;
    assert_eq!(status(&listed), "DESTROYING");
    let listed = gateways(&client).await;
    assert!(listed.is_empty(), "gone after the deleting reads");
}

#[tokio::test]
async fn ids_are_random_v4_uuids_unique_across_fakes() {
    let regions = testkit::start_regions([Region::DeFra, Region::DeTxl])
        .await
        .expect("two fakes");
    let mut ids = BTreeSet::new();
    for region in [Region::DeFra, Region::DeTxl] {
        let fake = regions.server(region).expect("a fake");
        for _ in 0..3 {
            let made = fake
                .client()
                .wireguard_gateways()
                .create(&wireguard_gateway())
                .await
                .expect("created");
            assert_eq!(made.id.get_version_num(), 4);
            assert!(ids.insert(made.id), "{} twice", made.id);
        }
    }
    let one = *ids.iter().next().expect("an id");
    let found = regions
        .client
        .wireguard_gateways()
        .find(one)
        .await
        .expect("found");
    assert!(found.is_some(), "exactly one region has it");
}

#[tokio::test]
async fn faults_are_scripted_by_typed_operation_count_always_or_probability() {
    let fake = fake().await;
    let client = fake
        .client_builder()
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    fake.fault(Operation::WireguardgatewaysGet, 2, Fault::Status(503));
    for _ in 0..2 {
        let err = client
            .wireguard_gateways()
            .list()
            .all()
            .await
            .expect_err("503");
        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    }
    client
        .wireguard_gateways()
        .list()
        .all()
        .await
        .expect("the script ran out");

    fake.fault_always(Operation::WireguardgatewaysGet, Fault::Status(503));
    for _ in 0..5 {
        client
            .wireguard_gateways()
            .list()
            .all()
            .await
            .expect_err("always");
    }
    fake.fault(Operation::WireguardgatewaysGet, 0, Fault::Status(503));
    client
        .wireguard_gateways()
        .list()
        .all()
        .await
        .expect("cleared by a count of 0");

    // The same seed, the same sequence of hits.
    let mut runs = Vec::new();
    for _ in 0..2 {
        fake.reset();
        fake.fault_sometimes("wireguardgatewaysGet", 0.5, 7, Fault::Status(503));
        let mut hits = Vec::new();
        for _ in 0..40 {
            hits.push(client.wireguard_gateways().list().all().await.is_err());
        }
        runs.push(hits);
    }
    assert_eq!(runs[0], runs[1], "reproducible with its seed");
    let hit = runs[0].iter().filter(|h| **h).count();
    assert!((8..=32).contains(&hit), "about half of 40: {hit}");
}

#[tokio::test]
async fn a_status_after_acting_answers_the_error_with_the_write_done() {
    let fake = fake().await;
    fake.fault(
        Operation::WireguardgatewaysPost,
        1,
        Fault::StatusAfterActing(504),
    );
    let body = json!({ "properties": gateway() }).to_string();
    let (status, answer) = post_gateway(&fake, &body).await;
    assert_eq!(status, 504, "{answer}");
    assert_eq!(answer["httpStatus"], 504);
    assert_eq!(fake.stored().len(), 1, "the gateway was made all the same");

    // A status without acting leaves nothing behind.
    fake.fault(Operation::WireguardgatewaysPost, 1, Fault::Status(504));
    let (status, _) = post_gateway(&fake, &body).await;
    assert_eq!(status, 504);
    assert_eq!(fake.stored().len(), 1);
}

#[tokio::test]
async fn a_token_of_the_programs_own_replaces_the_fakes() {
    let fake = fake().await;
    let before = fake.client();
    fake.accept_token("from-the-config-file");
    assert_eq!(fake.token(), "from-the-config-file");
    let err = gateways_or_error(&before).await.expect_err("the old token");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    let program = Client::builder()
        .base_url(fake.base_url())
        .token("from-the-config-file")
        .build()
        .expect("client");
    gateways_or_error(&program)
        .await
        .expect("the token it was told");
}

async fn gateways_or_error(client: &Client) -> Result<Vec<WireguardGatewayRead>, vpn_api::Error> {
    client.wireguard_gateways().list().all().await
}

#[test]
fn misuse_fails_loudly() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let fake = runtime.block_on(fake());
    let panics = |f: &dyn Fn()| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .expect_err("a panic")
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default()
    };
    let misspelt = panics(&|| fake.fault("ipsectunnelsGet", 1, Fault::Status(503)));
    assert!(
        misspelt.starts_with("the fake serves no operation \"ipsectunnelsGet\"; it serves ")
            && misspelt.contains("ipsecgatewaysTunnelsGet"),
        "{misspelt}"
    );
    let unknown = panics(&|| fake.fail("no-such-id", "x"));
    assert!(
        unknown.contains("the fake holds no item with this id"),
        "{unknown}"
    );
    let id = fake.seed("/wireguardgateways", gateway(), Seeded::Ready);
    let ready = panics(&|| fake.fail(&id, "x"));
    assert!(
        ready.contains("the item is AVAILABLE: only an item still provisioning can end failed"),
        "{ready}"
    );
    let nowhere = panics(&|| {
        fake.seed("/nothing/here", gateway(), Seeded::Ready);
    });
    assert!(
        nowhere.contains("no resource of the API lives at this path"),
        "{nowhere}"
    );
    let broken = panics(&|| {
        fake.seed("/wireguardgateways", json!({"name": "x"}), Seeded::Ready);
    });
    assert!(
        broken.contains("properties.gatewayIP: is required"),
        "{broken}"
    );
}

#[tokio::test]
async fn reset_seeding_page_sizes_and_the_request_log() {
    let fake = fake().await;
    let client = fake.client();
    // Seeded straight into the store, in the state asked for.
    let ready = fake.seed("/wireguardgateways", gateway(), Seeded::Ready);
    let failed = fake.seed(
        "/wireguardgateways",
        gateway(),
        Seeded::Failed("no capacity".into()),
    );
    let got = client
        .wireguard_gateways()
        .get(ready.parse().expect("uuid"))
        .await
        .expect("get");
    assert_eq!(got.metadata.status.as_str(), "AVAILABLE");
    assert!(
        got.properties.private_key.is_none(),
        "write-only even when seeded"
    );
    let err = client
        .wireguard_gateways()
        .wait_until_ready(failed.parse().expect("uuid"))
        .await
        .expect_err("failed");
    assert!(err.to_string().contains("no capacity"), "{err}");
    let below = fake.seed(&format!("/wireguardgateways/{ready}/peers"), json!({"name": "peer", "publicKey": "no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI=", "allowedIPs": ["198.51.100.0/24"]}), Seeded::Provisioning);
    assert_eq!(fake.stored().len(), 3, "{below}");

    // Page sizes: a default and a cap of the test's choosing (a server that caps pages).
    for _ in 0..3 {
        fake.seed("/wireguardgateways", gateway(), Seeded::Ready);
    }
    fake.set_page_sizes(2, 3);
    let (status, page) = get(&fake, "/wireguardgateways").await;
    assert_eq!(
        (status, page["items"].as_array().map(Vec::len)),
        (200, Some(2))
    );
    assert_eq!(page["limit"], 2);
    let (status, page) = get(&fake, "/wireguardgateways?limit=4").await;
    assert_eq!(
        (status, page["items"].as_array().map(Vec::len)),
        (200, Some(3))
    );
    assert_eq!(page["limit"], 3, "capped, and the page says so");
    // The client asks for 1000 a page and is still walked to the end.
    let all = client.wireguard_gateways().list().all().await;
    assert_eq!(all.expect("walked").len(), 5);

    // The log keeps headers, credentials redacted.
    let logged = fake.requests();
    let last_raw = logged
        .iter()
        .rev()
        .find(|r| r.headers.iter().any(|(n, _)| n == "x-request-id"))
        .expect("a raw request");
    assert!(last_raw
        .headers
        .contains(&("x-request-id".into(), "req-42".into())));
    assert!(last_raw
        .headers
        .contains(&("authorization".into(), "[redacted]".into())));
    assert!(logged
        .iter()
        .all(|r| r.headers.iter().all(|(_, v)| !v.contains(&fake.token()))));

    // reset: nothing held, nothing logged, nothing scripted; settings stay.
    fake.fault(Operation::WireguardgatewaysGet, 5, Fault::Status(503));
    fake.reset();
    assert!(fake.stored().is_empty() && fake.requests().is_empty());
    assert!(client
        .wireguard_gateways()
        .list()
        .all()
        .await
        .expect("no fault left")
        .is_empty());
    let (_, page) = get(&fake, "/wireguardgateways").await;
    assert_eq!(page["limit"], 2, "the page sizes stay");
}

#[tokio::test]
async fn create_then_ready_and_delete_then_gone_are_one_step_each() {
    let fake = fake().await;
    fake.set_lifecycle(Lifecycle {
        busy_reads: 2,
        ..Lifecycle::default()
    });
    let client = fake.client();
    let ready = client
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await
        .expect("created")
        .ready()
        .await
        .expect("ready");
    assert_eq!(ready.metadata.status.as_str(), "AVAILABLE");
    let accepted = client
        .wireguard_peers(ready.id)
        .create(&wireguard_peer())
        .await
        .expect("created");
    // Used as the item it is now, without waiting.
    assert_eq!(accepted.metadata.status.as_str(), "PROVISIONING");
    let peer = accepted.ready().await.expect("ready");
    // The answer owns what waiting needs: it can move to another task.
    let moved = client
        .wireguard_peers(ready.id)
        .ensure(peer.id, &wireguard_peer())
        .await
        .expect("replaced");
    let again = tokio::spawn(async move { moved.ready().await })
        .await
        .expect("joined")
        .expect("ready again");
    assert_eq!(again.id, peer.id);
    client
        .wireguard_gateways()
        .delete(ready.id)
        .await
        .expect("accepted")
        .gone()
        .await
        .expect("gone");
    assert!(client
        .wireguard_gateways()
        .get(ready.id)
        .await
        .expect_err("404")
        .is_not_found());
    assert!(fake.stored().is_empty(), "the peer went with its gateway");
}
