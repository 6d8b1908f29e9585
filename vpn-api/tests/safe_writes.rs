//! Writes that are safe to repeat and keep what the caller did not touch, against the fake of
//! the API (`vpn_api::testkit`): `create_idempotent` survives an answer lost after the server
//! acted (a reset after the request was written, a 504) with exactly one item made, where
//! `create` (a POST) cannot; `update` sends back what the read gave plus the change, refuses
//! before sending when a write-only secret was not set again, and waits for a provisioning
//! item.

mod support;

use serde_json::{json, Value};
use support::drills::fast_retries;
use support::fixtures::*;
use vpn_api::prelude::*;
use vpn_api::testkit::{self, FakeServer, Fault, Lifecycle, Operation, Received};
use vpn_api::Error;

async fn fake() -> FakeServer {
    testkit::start().await.expect("the fake")
}

fn client(fake: &FakeServer) -> Client {
    fake.client_builder()
        .retry(fast_retries(3))
        .build()
        .expect("client")
}

fn puts(fake: &FakeServer) -> Vec<Received> {
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect()
}

#[tokio::test]
async fn create_idempotent_makes_one_item_when_the_answer_is_lost_after_the_write() {
    for lost in [Fault::LoseAnswer, Fault::StatusAfterActing(504)] {
        let server = fake().await;
        server.fault(Operation::WireguardgatewaysPut, 1, lost);
        let client = client(&server);
        let created = client
            .wireguard_gateways()
            .create_idempotent(&wireguard_gateway())
            .await
            .expect("retried until it answered");
        let all = client
            .wireguard_gateways()
            .list()
            .all()
            .await
            .expect("list");
        assert_eq!(all.len(), 1, "exactly one gateway exists");
        assert_eq!(all[0].id, created.id);
        let puts = puts(&server);
        assert_eq!(puts.len(), 2, "the PUT was repeated once");
        assert_eq!(puts[0].target, puts[1].target, "to the same id");
        assert_eq!(puts[0].target, format!("/wireguardgateways/{}", created.id));
    }
}

#[tokio::test]
async fn a_post_whose_answer_is_lost_is_not_repeated_and_leaves_an_item_behind() {
    // The trap `create_idempotent` avoids: the POST made the item, the client cannot know.
    let server = fake().await;
    server.fault(Operation::WireguardgatewaysPost, 1, Fault::LoseAnswer);
    let client = client(&server);
    let err = client
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await
        .expect_err("a POST is not repeated after the request was written");
    assert!(
        matches!(&err, Error::AnswerLost(lost) if matches!(*lost.cause, Error::Transport(_))),
        "{err:?}"
    );
    let all = client
        .wireguard_gateways()
        .list()
        .all()
        .await
        .expect("list");
    assert_eq!(all.len(), 1, "the server made it anyway");
}

/// The IPSec gateway a tunnel lives below.
async fn the_gateway(client: &Client, id: Uuid) {
    client
        .ipsec_gateways()
        .ensure(id, &ipsec_gateway())
        .await
        .expect("ensure the gateway");
}

/// The read body of an item as the server answers it.
async fn read_json(server: &FakeServer, path: &str) -> Value {
    let url = format!("{}{path}", server.base_url());
    let body = vpn_api::reqwest::Client::new()
        .get(url)
        .bearer_auth(server.token())
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    serde_json::from_str(&body).expect("json")
}

#[tokio::test]
async fn update_sends_back_what_the_read_gave_plus_the_change() {
    let server = fake().await;
    let client = client(&server);
    let (gateway_id, tunnel_id) = ids();
    the_gateway(&client, gateway_id).await;
    let tunnels = client.ipsec_tunnels(gateway_id);
    tunnels
        .ensure(tunnel_id, &ipsec_tunnel())
        .await
        .expect("ensure");
    let path = format!("/ipsecgateways/{gateway_id}/tunnels/{tunnel_id}");
    let before = read_json(&server, &path).await;

    let updated = tunnels
        .update(tunnel_id, |tunnel| {
            tunnel.description = Some("moved to the new office".into());
            tunnel.auth.psk = Some(IpSecPsk::new(PSK));
        })
        .await
        .expect("update");

    let sent: Value = puts(&server).last().expect("the update's PUT").body.clone();
    let mut expected = before["properties"].clone();
    expected["description"] = json!("moved to the new office");
    expected["auth"]["psk"] = json!({"key": PSK});
    assert_eq!(sent["properties"], expected, "the read, plus the change");
    assert_eq!(sent["id"], json!(tunnel_id));
    assert_eq!(
        updated.properties.description.as_deref(),
        Some("moved to the new office")
    );
}

#[tokio::test]
async fn update_refuses_before_sending_when_a_write_only_secret_was_not_set_again() {
    let server = fake().await;
    let client = client(&server);
    let (gateway_id, tunnel_id) = ids();
    the_gateway(&client, gateway_id).await;
    client
        .ipsec_tunnels(gateway_id)
        .ensure(tunnel_id, &ipsec_tunnel())
        .await
        .expect("ensure tunnel");
    client
        .wireguard_gateways()
        .ensure(gateway_id, &wireguard_gateway())
        .await
        .expect("ensure gateway");
    let puts_before = puts(&server).len();

    let err = client
        .ipsec_tunnels(gateway_id)
        .update(tunnel_id, |tunnel| {
            tunnel.description = Some("x".repeat(1025));
        })
        .await
        .expect_err("no PSK");
    let Error::Validation(invalid) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    // The read answers `psk` without its write-only `key`: the key is not set again (and so
    // missing from the properties the update would send): one violation says it, once.
    let mut paths: Vec<&str> = invalid.violations.iter().map(|v| v.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        ["properties.auth.psk.key", "properties.description"],
        "every problem at once: {err}"
    );
    assert!(err.to_string().contains("write-only"), "{err}");

    let err = client
        .wireguard_gateways()
        .update(gateway_id, |gateway| gateway.name = "renamed".into())
        .await
        .expect_err("no private key");
    assert!(
        err.to_string()
            .contains("properties.privateKey: is write-only"),
        "{err}"
    );
    assert_eq!(puts(&server).len(), puts_before, "nothing was sent");

    client
        .wireguard_gateways()
        .update(gateway_id, |gateway| {
            gateway.name = "renamed".into();
            gateway.private_key = Some(PRIVATE_KEY.into());
        })
        .await
        .expect("with the key set again");
}

#[tokio::test]
async fn update_waits_while_the_item_is_provisioning() {
    let server = fake().await;
    // The item reads as provisioning twice after the ensure, then ready.
    server.set_lifecycle(Lifecycle {
        busy_reads: 2,
        ..Lifecycle::default()
    });
    let client = client(&server);
    let (gateway_id, _) = ids();
    client
        .ipsec_gateways()
        .ensure(gateway_id, &ipsec_gateway())
        .await
        .expect("ensure");

    client
        .ipsec_gateways()
        .update(gateway_id, |gateway| gateway.name = "renamed".into())
        .await
        .expect("update once available");

    let methods: Vec<String> = server.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["PUT", "GET", "GET", "GET", "PUT"]);
}
