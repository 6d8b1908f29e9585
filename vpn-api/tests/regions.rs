//! Every region at once, and trust set in the config file, with regions wired to local servers
//! through a config file as IONOS tools read it: items tagged with their region, a region that
//! is down (connection refused, a 503 burst) reported beside the others' items, find-by-id,
//! bounded concurrency; a local TLS server whose CA (made here) is trusted only through
//! `certificateAuthData`, and `skipTlsVerify`. One test, in a binary of its own, because it
//! changes this process's environment.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::drills::fast_retries;
use support::environment::{config_dir, isolate, set};
use support::fixtures::*;
use support::{closed_port_url, Reply, Server};
use vpn_api::prelude::*;
use vpn_api::reqwest::StatusCode;

/// The process's environment is one for all steps: they run in order.
#[tokio::test]
async fn regions_and_trust_from_the_config_file() {
    isolate("regions-home");
    every_region_at_once().await;
    regions_are_asked_a_few_at_a_time().await;
    a_ca_trusted_through_the_config_file().await;
}

/// A config file whose `vpn` product has these endpoints (`location`, `name`) and a token;
/// `extra` is added to the environment (`certificateAuthData`) or endpoints verbatim.
fn config(endpoints: &[(&str, String)], environment_extra: &str) -> String {
    let mut text = format!(
        "version: 1.0\ncurrentProfile: ops\nprofiles:\n  - name: ops\n    environment: test\n    \
         credentials:\n      token: {TOKEN}\nenvironments:\n  - name: test\n{environment_extra}    \
         products:\n      - name: vpn\n        endpoints:\n"
    );
    for (location, name) in endpoints {
        if location.is_empty() {
            text.push_str(&format!("          - name: {name}\n"));
        } else {
            text.push_str(&format!(
                "          - location: {location}\n            name: {name}\n"
            ));
        }
    }
    text
}

/// Points `IONOS_CONFIG_FILE` at a new file with `text`; returns the file.
fn use_config(dir: &str, text: &str) -> std::path::PathBuf {
    let file = config_dir(dir, text).join(".ionos/config");
    set("IONOS_CONFIG_FILE", file.to_str());
    file
}

async fn every_region_at_once() {
    let fra = vpn_api::testkit::start().await.expect("a fake");
    let txl = vpn_api::testkit::start().await.expect("a fake");
    // The token the config file names, which the fakes check.
    fra.accept_token(TOKEN);
    txl.accept_token(TOKEN);
    let busy = Server::start(|_| Reply::json(503, r#"{"httpStatus": 503, "messages": []}"#));
    let direct = |fake: &vpn_api::testkit::FakeServer| {
        fake.client_builder()
            .retry(fast_retries(1))
            .build()
            .expect("client")
    };
    let (fra_client, txl_client) = (direct(&fra), direct(&txl));
    let mut in_fra = Vec::new();
    for _ in 0..2 {
        let gateway = fra_client
            .wireguard_gateways()
            .create_idempotent(&wireguard_gateway())
            .await;
        in_fra.push(gateway.expect("in fra").id);
    }
    let in_txl = txl_client
        .wireguard_gateways()
        .create_idempotent(&wireguard_gateway())
        .await
        .expect("in txl")
        .id;
    use_config(
        "regions-config",
        &config(
            &[
                ("de/fra", fra.base_url().to_string()),
                ("de/txl", txl.base_url().to_string()),
                ("es/vit", closed_port_url()),
                ("gb/lhr", busy.base_url.clone()),
            ],
            "",
        ),
    );

    let builder = ClientBuilder::from_env()
        .expect("the config file's token")
        .retry(fast_retries(3));
    let all_four = [Region::DeFra, Region::DeTxl, Region::EsVit, Region::GbLhr];
    let regions = MultiRegionClient::from_builder(&builder, all_four).expect("clients");
    let listing = regions.wireguard_gateways().all().await;

    let tagged: Vec<(Region, Uuid)> = listing.items.iter().map(|(r, g)| (*r, g.id)).collect();
    assert_eq!(
        tagged,
        [
            (Region::DeFra, in_fra[0]),
            (Region::DeFra, in_fra[1]),
            (Region::DeTxl, in_txl)
        ]
    );
    let failed: Vec<Region> = listing.failures.iter().map(|(r, _)| *r).collect();
    assert_eq!(failed, [Region::EsVit, Region::GbLhr]);
    let refused = &listing.failures[0].1;
    assert!(
        refused.to_string().contains("could not reach the API"),
        "the cause is in the line: {refused}"
    );
    assert_eq!(
        listing.failures[1].1.status(),
        Some(StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(busy.requests().len(), 3, "the 503 burst was retried");
    // The fake answers `401` to any other token: the config file's reached it.
    let scheme = fra.requests().last().and_then(|r| r.auth_scheme.clone());
    assert_eq!(scheme.as_deref(), Some("Bearer"));

    // Found where it is, whatever the others answer.
    let found = regions
        .wireguard_gateways()
        .find(in_txl)
        .await
        .expect("found");
    assert_eq!(
        found.map(|(region, g)| (region, g.id)),
        Some((Region::DeTxl, in_txl))
    );
    // Not found anywhere that answered, but two regions could not say.
    let unknown = Uuid::from_u128(42);
    let failures = regions
        .wireguard_gateways()
        .find(unknown)
        .await
        .expect_err("two regions could not say");
    assert_eq!(failures.0.len(), 2, "{failures}");
    let text = failures.to_string();
    assert!(
        text.starts_with("2 server(s) failed; es-vit: gave up after 3 attempts"),
        "{text}"
    );
    assert!(text.contains("could not reach the API"), "{text}");
    assert!(text.contains("gb-lhr: gave up after 3 attempts"), "{text}");
    // Every region answered 404: not there.
    let healthy = MultiRegionClient::from_env([Region::DeFra, Region::DeTxl]).expect("clients");
    let none = healthy
        .wireguard_gateways()
        .find(unknown)
        .await
        .expect("answered");
    assert!(none.is_none());
}

async fn regions_are_asked_a_few_at_a_time() {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let servers: Vec<Server> = (0..5)
        .map(|_| {
            let (in_flight, most) = (Arc::clone(&in_flight), Arc::clone(&most));
            Server::start(move |_| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(100));
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Reply::json(200, list_body("wireguardgateway"))
            })
        })
        .collect();
    let locations = ["de/fra", "de/txl", "es/vit", "gb/bhx", "gb/lhr"];
    let endpoints: Vec<(&str, String)> = locations
        .iter()
        .zip(&servers)
        .map(|(location, server)| (*location, server.base_url.clone()))
        .collect();
    use_config("regions-concurrency", &config(&endpoints, ""));
    let regions = [
        Region::DeFra,
        Region::DeTxl,
        Region::EsVit,
        Region::GbBhx,
        Region::GbLhr,
    ];
    let client = MultiRegionClient::from_env(regions)
        .expect("clients")
        .concurrency(2);
    let listing = client.wireguard_gateways().all().await;
    assert!(listing.failures.is_empty(), "{:?}", listing.failures);
    let answered: Vec<Region> = listing.items.iter().map(|(r, _)| *r).collect();
    assert_eq!(
        answered, regions,
        "one item per region, in the regions' order"
    );
    assert!(
        most.load(Ordering::SeqCst) <= 2,
        "at most 2 regions at once"
    );
}

/// A CA and a certificate for 127.0.0.1 signed by it: the CA's PEM, and the server's config.
fn test_ca() -> (String, tokio_rustls::rustls::ServerConfig) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, SanType};
    use tokio_rustls::rustls;
    let ca_key = KeyPair::generate().expect("key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("params");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "vpn-api test CA");
    let ca = ca.self_signed(&ca_key).expect("ca");
    let server_key = KeyPair::generate().expect("key");
    let mut leaf = CertificateParams::new(Vec::<String>::new()).expect("params");
    leaf.subject_alt_names
        .push(SanType::IpAddress([127, 0, 0, 1].into()));
    let leaf = leaf.signed_by(&server_key, &ca, &ca_key).expect("leaf");
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(server_key.serialize_der());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], key.into())
        .expect("server config");
    (ca.pem(), config)
}

/// A local HTTPS server answering every request with a WireGuard gateway; its address.
async fn tls_server(config: tokio_rustls::rustls::ServerConfig) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("addr").to_string();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that does not trust the certificate hangs up here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let body = read_body("wireguardgateway").to_string();
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    address
}

async fn a_ca_trusted_through_the_config_file() {
    use base64::Engine;
    let (ca_pem, server_config) = test_ca();
    // No scheme: the client puts `https://` in front, as IONOS tools do.
    let address = tls_server(server_config).await;
    let get = || async {
        let client = ClientBuilder::from_env()?
            .retry(RetryPolicy::never())
            .build()?;
        let gateway = client.wireguard_gateways().get(ids().0).await?;
        Ok::<_, Box<dyn std::error::Error>>(gateway)
    };

    // Not trusted without the config file's CA.
    use_config("tls-untrusted", &config(&[("", address.clone())], ""));
    let err = get().await.expect_err("an unknown CA");
    assert!(err.to_string().contains("could not reach the API"), "{err}");
    // With the default retry policy too, a refused certificate fails at once, and says so.
    let client = ClientBuilder::from_env()
        .expect("env")
        .build()
        .expect("client");
    let err = client
        .wireguard_gateways()
        .get(ids().0)
        .await
        .expect_err("an unknown CA");
    assert!(
        matches!(err, vpn_api::Error::Transport(_)),
        "not retried: {err:?}"
    );
    let text = err.to_string();
    assert!(
        text.starts_with(
            "could not reach the API: its TLS certificate was refused (not retried): "
        ) && text.contains("UnknownIssuer"),
        "{text}"
    );

    // The endpoint's own CA (PEM, a YAML block).
    let indented: String = ca_pem
        .lines()
        .map(|l| format!("\n              {l}"))
        .collect();
    let endpoint = format!("{address}\n            certificateAuthData: |{indented}");
    use_config("tls-endpoint", &config(&[("", endpoint)], ""));
    get()
        .await
        .expect("trusted through the endpoint's certificateAuthData");

    // The environment's CA, base64 of the PEM as some tools write it.
    let encoded = base64::engine::general_purpose::STANDARD.encode(&ca_pem);
    let environment = format!("    certificateAuthData: {encoded}\n");
    use_config(
        "tls-environment",
        &config(&[("", address.clone())], &environment),
    );
    get()
        .await
        .expect("trusted through the environment's certificateAuthData");

    // No CA, but the endpoint says not to verify.
    let skipping = format!("{address}\n            skipTlsVerify: true");
    use_config("tls-skip", &config(&[("", skipping)], ""));
    get().await.expect("not verified");

    // A CA that is not one: a clear error when the file is read, naming the file and where
    // in it.
    let broken = format!("{address}\n            certificateAuthData: not-a-certificate");
    let dir = use_config("tls-broken", &config(&[("", broken)], ""));
    let err = ClientBuilder::from_env().expect_err("no certificate");
    assert!(
        matches!(&err, vpn_api::BuildError::InvalidCertificate { origin, .. }
            if origin.ends_with("at environments[0].products[0].endpoints[0].certificateAuthData")
                && origin.starts_with(&dir.display().to_string())),
        "{err}"
    );
}

#[test]
fn regions_parse_from_their_name_and_the_config_files_location() {
    for text in ["de-fra", "DE-FRA", "de/fra", " De/Fra "] {
        assert_eq!(text.parse::<Region>(), Ok(Region::DeFra), "{text}");
    }
    let err = "de/xyz".parse::<Region>().expect_err("unknown");
    assert_eq!(err.to_string(), "unknown region \"de/xyz\"");
}
