//! What the client records with `tracing`, and that no secret reaches a trace, `Debug` or an
//! error. In a binary of its own: the capturing subscriber is the thread's default, and
//! `tracing` caches per call site whether anyone listens, so tests on other threads of the
//! same binary could make it miss events.

mod support;

use serde_json::json;
use support::drills::*;
use support::fixtures::*;
use support::trace::Captured;
use support::{Fault, Reply, Server};
use vpn_api::models::*;

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
    let gateway = wireguard_gateway();
    let mut texts = vec![
        format!("{c:?}"),
        format!("{gateway:?}"),
        format!("{:?}", ipsec_tunnel()),
        format!("{:?}", WireguardGateway::builder().private_key(PRIVATE_KEY)),
    ];
    let err = c
        .wireguard_gateways()
        .create(&gateway)
        .await
        .expect_err("400");
    texts.push(format!("{err:?}"));
    texts.push(err.to_string());
    let err = c
        .ipsec_tunnels(ids().0)
        .create(&ipsec_tunnel())
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
