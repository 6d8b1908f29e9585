//! Every public future can be handed to `tokio::spawn` (it is `Send + 'static` once it owns
//! its client): the operations, each resource handle's calls, list streams, waits, and every
//! region at once. This file compiling is the test; running it spawns each against the
//! fake of the API (`vpn_api::testkit`) and joins them (their answers do not matter here).

mod support;

use futures_util::StreamExt;
use std::future::Future;
use std::time::Duration;
use support::fixtures::*;
use vpn_api::prelude::*;

/// Spawns `f` on the runtime, as a user does: compiles only for `Send + 'static` futures.
fn spawn<F>(f: F) -> tokio::task::JoinHandle<()>
where
    F: Future + Send + 'static,
{
    tokio::spawn(async move {
        let _ = f.await;
    })
}

#[tokio::test]
async fn every_public_future_can_be_spawned() {
    let server = vpn_api::testkit::start().await.expect("the fake");
    let client = server
        .client_builder()
        .retry(RetryPolicy::never())
        .wait(
            WaitOptions::default()
                .interval(Duration::from_millis(10))
                .timeout(Duration::from_millis(50)),
        )
        .build()
        .expect("client");
    let (gw, child) = ids();
    let regions = MultiRegionClient::new([
        (Region::DeFra, client.clone()),
        (Region::DeTxl, client.clone()),
    ]);
    let mut tasks = Vec::new();
    macro_rules! spawn_with {
        ($c:ident => $body:expr) => {{
            let $c = client.clone();
            tasks.push(spawn(async move { $body }));
        }};
    }
    // Every region at once: the multi-region listings and lookups, and any call.
    let r = regions.clone();
    tasks.push(spawn(async move { r.wireguard_gateways().all().await }));
    let r = regions.clone();
    tasks.push(spawn(async move { r.ipsec_gateways().all().await }));
    let r = regions.clone();
    tasks.push(spawn(async move { r.wireguard_gateways().find(gw).await }));
    let r = regions.clone();
    tasks.push(spawn(async move { r.ipsec_gateways().find(gw).await }));
    let r = regions.clone();
    tasks.push(spawn(async move {
        r.each(|c| async move { c.ipsec_tunnels(gw).list().all().await })
            .await
    }));
    // A top-level resource and a child resource: every call of their handles.
    spawn_with!(c => c.wireguard_gateways().list().all().await);
    spawn_with!(c => c.wireguard_gateways().list().limit(2).send().await);
    spawn_with!(c => c.wireguard_gateways().list().stream().collect::<Vec<_>>().await);
    spawn_with!(c => c.wireguard_gateways().get(gw).await);
    spawn_with!(c => c.wireguard_gateways().create(&wireguard_gateway()).await);
    spawn_with!(c => {
        let accepted = c.wireguard_gateways().create(&wireguard_gateway()).await;
        match accepted {
            Ok(accepted) => accepted.ready().await.map(|_| ()),
            Err(e) => Err(e),
        }
    });
    spawn_with!(c => c.wireguard_gateways().ensure(gw, &wireguard_gateway()).await);
    spawn_with!(c => c.wireguard_gateways().create_idempotent(&wireguard_gateway()).await);
    spawn_with!(c => c.wireguard_gateways().update(gw, |g| g.name = "renamed".into()).await);
    spawn_with!(c => c.wireguard_gateways().wait_until_ready(gw).await);
    spawn_with!(c => c.wireguard_gateways().wait_until_gone(gw).await);
    spawn_with!(c => c.wireguard_gateways().delete(gw).await);
    spawn_with!(c => match c.ipsec_tunnels(gw).delete(child).await {
        Ok(deleting) => deleting.gone().await,
        Err(e) => Err(e),
    });
    spawn_with!(c => c.ipsec_tunnels(gw).list().all().await);
    spawn_with!(c => c.ipsec_tunnels(gw).list().stream().collect::<Vec<_>>().await);
    spawn_with!(c => c.ipsec_tunnels(gw).get(child).await);
    spawn_with!(c => c.ipsec_tunnels(gw).create(&ipsec_tunnel()).await);
    spawn_with!(c => c.ipsec_tunnels(gw).ensure(child, &ipsec_tunnel()).await);
    spawn_with!(c => c.ipsec_tunnels(gw).create_idempotent(&ipsec_tunnel()).await);
    spawn_with!(c => c.ipsec_tunnels(gw).update(child, |t| t.name = "renamed".into()).await);
    spawn_with!(c => c.ipsec_tunnels(gw).wait_until_ready(child).await);
    spawn_with!(c => c.ipsec_tunnels(gw).wait_until_gone(child).await);
    spawn_with!(c => c.ipsec_tunnels(gw).delete(child).await);
    spawn_with!(c => c.wireguard_peers(gw).list().all().await);
    spawn_with!(c => c.ipsec_gateways().list().all().await);
    // The operations themselves.
    spawn_with!(c => c.wireguardgateways_find_by_id(gw).await);
    spawn_with!(c => c.ipsecgateways_tunnels_find_by_id(gw, child).await);
    for task in tasks {
        task.await.expect("the task ran to its end");
    }
    assert!(!server.requests().is_empty());
}
