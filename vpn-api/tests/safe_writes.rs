//! Writes that are safe to repeat and keep what the caller did not touch, against the local
//! stateful server: `create_idempotent` survives an answer lost after the server acted (a reset
//! after the request was written, a 504) with exactly one item made, where `create` (a POST)
//! cannot; `update` sends back what the read gave plus the change, refuses before sending
//! when a write-only secret was not set again, and waits for a provisioning item.

mod support;

use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use support::drills::fast_retries;
use support::fixtures::*;
use support::{stateful, Fault, Recorded, Reply, Server};
use vpn_api::prelude::*;
use vpn_api::Error;

fn client(server: &Server) -> Client {
    support::drills::builder(&server.base_url)
        .retry(fast_retries(3))
        .build()
        .expect("client")
}

/// A stateful server whose first answer to `method` is replaced by `lost` (the write happened).
fn losing_first_answer(method: &'static str, lost: fn() -> Reply) -> Server {
    let seen = AtomicUsize::new(0);
    stateful::start_with(move |req, reply| {
        if req.method == method && seen.fetch_add(1, Ordering::SeqCst) == 0 {
            lost()
        } else {
            reply
        }
    })
}

fn gateway_504() -> Reply {
    Reply::json(504, json!({"httpStatus": 504, "messages": []}))
}

fn reset() -> Reply {
    Reply::fault(Fault::ResetAfterRequest)
}

fn puts(server: &Server) -> Vec<Recorded> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect()
}

#[tokio::test]
async fn create_idempotent_makes_one_item_when_the_answer_is_lost_after_the_write() {
    for lost in [reset as fn() -> Reply, gateway_504] {
        let server = losing_first_answer("PUT", lost);
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
    let server = losing_first_answer("POST", reset);
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

/// The read body of an item as the server stores it.
async fn read_json(server: &Server, path: &str) -> Value {
    let url = format!("{}{path}", server.base_url);
    let body = vpn_api::reqwest::get(url)
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    serde_json::from_str(&body).expect("json")
}

#[tokio::test]
async fn update_sends_back_what_the_read_gave_plus_the_change() {
    let server = stateful::start();
    let client = client(&server);
    let (gateway_id, tunnel_id) = ids();
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

    let sent: Value = serde_json::from_str(&puts(&server)[1].body).expect("json");
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
    let server = stateful::start();
    let client = client(&server);
    let (gateway_id, tunnel_id) = ids();
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
    let paths: Vec<&str> = invalid.violations.iter().map(|v| v.path.as_str()).collect();
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
    let reads = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&reads);
    let server = stateful::start_with(move |req, reply| {
        let is_item_read = req.method == "GET" && req.target.matches('/').count() == 2;
        if is_item_read && counted.fetch_add(1, Ordering::SeqCst) < 2 {
            let mut body: Value = serde_json::from_str(&reply.body).expect("json");
            body["metadata"]["status"] = json!("PROVISIONING");
            Reply::json(200, body)
        } else {
            reply
        }
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
    assert_eq!(reads.load(Ordering::SeqCst), 3);
}
