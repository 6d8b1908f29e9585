//! The programs in `examples/`, run start to end against the fake of the API
//! (`vpn_api::testkit`): what a user copies must work, not only compile.

mod support;

use support::fixtures::TOKEN;
use vpn_api::prelude::*;
use vpn_api::testkit::FakeServer;

#[allow(dead_code)] // its `main` reads the environment; the test calls `run`
#[path = "../examples/workflow.rs"]
mod workflow;

async fn fake() -> FakeServer {
    vpn_api::testkit::start().await.expect("the fake")
}

fn client(fake: &FakeServer) -> Client {
    fake.client()
}

/// `(method, path)` of every request, ids replaced by `{id}`.
fn calls(server: &FakeServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| {
            let path: Vec<String> = r
                .target
                .split('?')
                .next()
                .unwrap_or_default()
                .split('/')
                .map(|s| {
                    if s.parse::<Uuid>().is_ok() {
                        "{id}".into()
                    } else {
                        s.to_string()
                    }
                })
                .collect();
            format!("{} {}", r.method, path.join("/"))
        })
        .collect()
}

#[tokio::test]
async fn the_workflow_example_runs_start_to_end() {
    let server = fake().await;
    workflow::run(&client(&server), "5a029f4a-72e5-11ec-90d6-0242ac120003")
        .await
        .expect("the workflow");
    let calls = calls(&server);
    for expected in [
        "POST /wireguardgateways",
        "POST /wireguardgateways/{id}/peers",
        "POST /ipsecgateways",
        "POST /ipsecgateways/{id}/tunnels",
        "GET /ipsecgateways",
        "GET /wireguardgateways",
        "GET /wireguardgateways/{id}/peers",
        "PUT /ipsecgateways/{id}/tunnels/{id}",
        "DELETE /wireguardgateways/{id}",
    ] {
        assert!(
            calls.iter().any(|c| c == expected),
            "{expected} in {calls:#?}"
        );
    }
    // Every wait for deletion ended at a 404, and nothing is left.
    assert_eq!(calls.iter().filter(|c| c.starts_with("DELETE")).count(), 4);
    let c = client(&server);
    assert!(c
        .ipsec_gateways()
        .list()
        .all()
        .await
        .expect("list")
        .is_empty());
    assert!(c
        .wireguard_gateways()
        .list()
        .all()
        .await
        .expect("list")
        .is_empty());
    // The PSK went out with the ensure; reads never carried it.
    let reqs = server.requests();
    let ensure = reqs.iter().find(|r| r.method == "PUT").expect("the ensure");
    assert!(ensure.body.to_string().contains("second pre-shared key"));
}

/// The how-to in at most 80 non-blank lines after rustfmt (BENCHMARKS.md compares it with the
/// Python SDK's 132): a step that grows the program shows up here first.
#[test]
fn the_workflow_example_stays_within_80_lines() {
    let source = include_str!("../examples/workflow.rs");
    let lines = source.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(
        lines <= 80,
        "examples/workflow.rs has {lines} non-blank lines"
    );
}

#[allow(dead_code)]
#[path = "../examples/ensure_ipsec_gateway.rs"]
mod ensure_ipsec_gateway;

#[allow(dead_code)]
#[path = "../examples/wireguard_peers.rs"]
mod wireguard_peers;

#[allow(dead_code)]
#[path = "../examples/list_everything.rs"]
mod list_everything;

#[tokio::test]
async fn ensuring_twice_leaves_one_gateway() {
    let server = fake().await;
    let c = client(&server);
    let id: Uuid = "3f1b8c36-3b07-4f5a-9d0c-6b8a5d2f0e11"
        .parse()
        .expect("uuid");
    ensure_ipsec_gateway::run(&c, id).await.expect("first run");
    ensure_ipsec_gateway::run(&c, id).await.expect("second run");
    let all = c.ipsec_gateways().list().all().await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, id);
}

#[tokio::test]
async fn peers_and_the_listing_examples_run() {
    let server = fake().await;
    let c = client(&server);
    wireguard_peers::run(&c).await.expect("gateway with peers");
    ensure_ipsec_gateway::run(&c, Uuid::from_u128(7))
        .await
        .expect("an ipsec gateway");
    let lines = list_everything::run(&c).await.expect("listing");
    assert_eq!(
        lines,
        [
            "IPSec gateway my-ipsec-gateway (AVAILABLE)",
            "WireGuard gateway team-vpn (AVAILABLE)",
            "  peer alice",
            "  peer bob",
            "  peer carol"
        ]
    );
}

#[allow(dead_code)]
#[path = "../examples/every_region.rs"]
mod every_region;

#[tokio::test]
async fn the_every_region_example_lists_regions_and_describes_gateways() {
    let (fra, txl) = (fake().await, fake().await);
    let (in_fra, in_txl) = (client(&fra), client(&txl));
    // Without a description, unlike the one `ensure_ipsec_gateway` makes.
    in_fra
        .ipsec_gateways()
        .ensure(Uuid::from_u128(1), &support::fixtures::ipsec_gateway())
        .await
        .expect("an ipsec gateway in fra");
    wireguard_peers::run(&in_txl)
        .await
        .expect("a wireguard gateway in txl");
    let down = Client::builder()
        .base_url(support::closed_port_url())
        .token(TOKEN)
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let regions = MultiRegionClient::new([
        (Region::DeFra, in_fra.clone()),
        (Region::DeTxl, in_txl),
        (Region::EsVit, down),
    ]);

    let lines = every_region::run(&regions).await.expect("the example");

    assert_eq!(
        lines[..2],
        [
            "de-txl: WireGuard gateway team-vpn",
            "de-fra: IPSec gateway gw"
        ]
    );
    assert!(
        lines[2].starts_with("es-vit: not listed: could not reach the API"),
        "{lines:#?}"
    );
    assert!(
        lines[3].starts_with("es-vit: not listed: could not reach the API"),
        "{lines:#?}"
    );
    assert_eq!(lines[4..], ["de-fra: described gw"]);
    let gateway = in_fra
        .ipsec_gateways()
        .get(Uuid::from_u128(1))
        .await
        .expect("read");
    assert_eq!(
        gateway.properties.description.as_deref(),
        Some("IPSec gateway in de-fra")
    );
    assert_eq!(gateway.properties.name, "gw", "kept as it was");
}

#[allow(dead_code)]
#[path = "../examples/ipsec_remote_side.rs"]
mod ipsec_remote_side;

#[tokio::test]
async fn the_remote_side_example_prints_the_tunnel_mirrored() {
    let server = fake().await;
    let c = client(&server);
    let gateway = c
        .ipsec_gateways()
        .create(&support::fixtures::ipsec_gateway())
        .await
        .expect("a gateway");
    let tunnel = IpSecTunnel::builder()
        .name("branch office")
        .remote_host("198.51.100.7")
        .auth(IpSecTunnelAuth::psk("the key"))
        .ike(IkeEncryption::new(
            EncryptionAlgorithm::Aes256Gcm16,
            IntegrityAlgorithm::Sha384,
            DiffieHellmanGroup::V20Ecp384,
        ))
        .esp(
            EspEncryption::new(
                EncryptionAlgorithm::Aes128Ctr,
                IntegrityAlgorithm::AesXcbc,
                DiffieHellmanGroup::V30Ecp512Bp,
            )
            .with_lifetime(1200),
        )
        .cloud_network_cidrs(["10.7.0.0/24"])
        .peer_network_cidrs(["192.168.10.0/24", "192.168.11.0/24"])
        .build()
        .expect("a tunnel");
    let tunnel = c
        .ipsec_tunnels(gateway.id)
        .create(&tunnel)
        .await
        .expect("a tunnel");

    let config = ipsec_remote_side::run(&c, gateway.id, tunnel.id, "the key")
        .await
        .expect("the example");

    let text = config.expose();
    for expected in [
        "local_addrs = \"198.51.100.7\"\n",
        "remote_addrs = \"192.0.2.10\"\n",
        "proposals = aes256gcm16-prfsha384-ecp384\n",
        "rekey_time = 86400s\n",
        "local_ts = \"192.168.10.0/24,192.168.11.0/24\"\n",
        "remote_ts = \"10.7.0.0/24\"\n",
        "esp_proposals = aes128ctr-aesxcbc-ecp512bp\n",
        "rekey_time = 1200s\n",
        "ike-branch-office-197cee7a {",
        "secret = \"the key\"\n",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    // A read never holds the key (write-only): it came from the caller.
    let read = c
        .ipsec_tunnels(gateway.id)
        .get(tunnel.id)
        .await
        .expect("read");
    let read_key = read
        .properties
        .auth
        .psk
        .as_ref()
        .and_then(|psk| psk.key.as_ref());
    assert!(read_key.is_none(), "a read answers no key");
    assert!(!format!("{config:?}").contains("the key"));
}

#[allow(dead_code)]
#[path = "../examples/wireguard_peer_config.rs"]
mod wireguard_peer_config;

#[tokio::test]
async fn the_wireguard_peer_config_example_prints_a_file_that_fits_the_gateway() {
    let fake = vpn_api::testkit::start().await.expect("the fake");
    let config = wireguard_peer_config::run(&fake.client())
        .await
        .expect("the example");
    let text = config.to_wg_quick();
    let stored = fake.stored();
    let gateway = stored
        .iter()
        .find(|s| s.kind == "WireguardGateway")
        .expect("the gateway");
    let gateway_private = gateway.properties["privateKey"].as_str().expect("its key");
    let gateway_public = vpn_api::wireguard::public_key_of(gateway_private).expect("a key");
    assert!(text.contains(&format!("PublicKey = {gateway_public}\n")));
    assert!(text.contains("Endpoint = 203.0.113.10:51820\n"));
    assert!(text.contains("AllowedIPs = 10.8.0.0/24, 192.168.1.0/24\n"));
    let peer = stored
        .iter()
        .find(|s| s.kind == "WireguardPeer")
        .expect("the peer");
    let peer_public = config.private_key.public_key().to_string();
    assert_eq!(peer.properties["publicKey"], peer_public);
    // What `main` prints: both public keys and the rest of what was made, no private key.
    let shown = config.to_string();
    for expected in [
        format!("WireGuard peer 10.8.0.2/32, public key {peer_public}\n"),
        format!("gateway 203.0.113.10:51820, public key {gateway_public}\n"),
        "routes 10.8.0.0/24, 192.168.1.0/24\n".to_string(),
        "DNS 10.8.0.1\n".to_string(),
        "keepalive every 25 s".to_string(),
    ] {
        assert!(shown.contains(&expected), "{expected:?} in:\n{shown}");
    }
    let peer_private = config.private_key.to_secret();
    assert!(!shown.contains(peer_private.expose()));
    assert!(!shown.contains(gateway_private));
}

/// Issue 33: from nothing to a new peer's wg-quick file in at most 25 non-blank lines after
/// rustfmt, as the README's "Configure the other end" shows it (the README's code is compiled
/// as a doctest). Counted as rustfmt lays it out, so a long line cannot hide lines. It takes
/// 16, a print of what was made and a keepalive included, with one import (the prelude has the
/// WireGuard types), the models' constructors, the gateway created and waited for in one step
/// (`create(..).ready()`) and onboarded as answered (`onboard(&client, &gateway)`): the bound
/// keeps it there.
#[test]
fn the_readme_takes_a_new_peer_to_its_file_in_at_most_16_lines() {
    use std::io::Write as _;
    let readme = include_str!("../README.md");
    let section = readme
        .split("## Configure the other end")
        .nth(1)
        .expect("the section");
    let program = section
        .split("```rust,no_run\n")
        .nth(1)
        .and_then(|code| code.split("\n```").next())
        .expect("its program");
    let imports = program.lines().filter(|l| l.starts_with("use ")).count();
    assert_eq!(imports, 1, "the prelude alone:\n{program}");
    let mut rustfmt = std::process::Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("rustfmt (rustup component add rustfmt)");
    rustfmt
        .stdin
        .take()
        .expect("its input")
        .write_all(program.as_bytes())
        .expect("the program written to rustfmt");
    let formatted = rustfmt.wait_with_output().expect("rustfmt's output");
    assert!(
        formatted.status.success(),
        "rustfmt refused the README's program"
    );
    let formatted = String::from_utf8(formatted.stdout).expect("UTF-8");
    let lines = formatted.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(
        lines <= 16,
        "the program has {lines} non-blank lines:\n{formatted}"
    );
}
