//! All 20 operations against a real HTTP server on 127.0.0.1: what goes on the wire, what comes back.

mod support;

use serde_json::{json, Value};
use support::fixtures::*;
use support::{Recorded, Reply, Server};
use vpn_api::models::*;
use vpn_api::operations::*;
use vpn_api::{Client, Error, Region, RetryPolicy, Secret};

/// One attempt per request: this file checks what a single exchange does; `fault_drills.rs`
/// checks retries.
fn client(server: &Server) -> Client {
    support::drills::client_for(&server.base_url, RetryPolicy::never())
}

fn assert_common(req: &Recorded, method: &str, target: &str) {
    assert_eq!(req.method, method);
    assert_eq!(req.target, target);
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(req.header("accept"), Some("application/json"));
    if method == "POST" || method == "PUT" {
        assert_eq!(req.header("content-type"), Some("application/json"));
    }
}

fn body_of(req: &Recorded) -> Value {
    serde_json::from_str(&req.body).expect("request body is JSON")
}

#[tokio::test]
async fn all_twenty_operations_on_the_wire_through_the_handles() {
    let server = Server::start(api);
    let c = client(&server);
    let (gw, child) = ids();

    // WireGuard gateways
    let list = c
        .wireguard_gateways()
        .list()
        .offset(5)
        .limit(10)
        .send()
        .await
        .expect("list");
    assert_eq!(list.items.as_ref().map(Vec::len), Some(1));
    assert_eq!(list.links.next, None);
    let gateways = c.wireguard_gateways();
    let created = gateways.create(&wireguard_gateway()).await.expect("create");
    assert_eq!(created.metadata.status, Status::Available);
    assert_eq!(
        created.metadata.public_key,
        "no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI="
    );
    assert_eq!(
        created.properties.private_key, None,
        "write-only private key is absent from responses"
    );
    gateways.get(gw).await.expect("get");
    gateways
        .ensure(gw, &wireguard_gateway())
        .await
        .expect("ensure");
    gateways.delete(gw).await.expect("delete");

    // WireGuard peers
    let peers = c.wireguard_peers(gw);
    peers.list().send().await.expect("list peers");
    let peer = peers.create(&wireguard_peer()).await.expect("create peer");
    assert_eq!(peer.r#type, WireguardPeerReadType::Wireguardpeer);
    peers.get(child).await.expect("get peer");
    peers
        .ensure(child, &wireguard_peer())
        .await
        .expect("ensure peer");
    peers.delete(child).await.expect("delete peer");

    // IPSec gateways
    let ipsec = c.ipsec_gateways();
    ipsec.list().limit(1000).send().await.expect("list ipsec");
    ipsec.create(&ipsec_gateway()).await.expect("create ipsec");
    ipsec.get(gw).await.expect("get ipsec");
    ipsec
        .ensure(gw, &ipsec_gateway())
        .await
        .expect("ensure ipsec");
    ipsec.delete(gw).await.expect("delete ipsec");

    // IPSec tunnels
    let tunnels = c.ipsec_tunnels(gw);
    let page = tunnels.list().send().await.expect("list tunnels");
    let tunnel = &page.items.as_ref().expect("items")[0];
    assert_eq!(tunnel.properties.peer_network_cidrs[1].as_str(), "::/0");
    assert_eq!(
        tunnel.properties.ike.diffie_hellman_group,
        Some(DiffieHellmanGroup::V16Modp4096)
    );
    assert!(tunnel.properties.auth.psk.is_none(), "psk is write-only");
    tunnels
        .create(&ipsec_tunnel())
        .await
        .expect("create tunnel");
    tunnels.get(child).await.expect("get tunnel");
    tunnels
        .ensure(child, &ipsec_tunnel())
        .await
        .expect("ensure tunnel");
    tunnels.delete(child).await.expect("delete tunnel");

    let reqs = server.requests();
    assert_eq!(reqs.len(), 20);
    let expected = the_twenty_requests();
    for (req, (method, target)) in reqs.iter().zip(expected.iter()) {
        assert_common(req, method, target);
    }

    assert_the_bodies(&reqs);
}

/// What the handles put on the wire, in order: method and target of each operation.
fn the_twenty_requests() -> [(&'static str, String); 20] {
    [
        ("GET", "/wireguardgateways?offset=5&limit=10".to_string()),
        ("POST", "/wireguardgateways".to_string()),
        ("GET", format!("/wireguardgateways/{GW}")),
        ("PUT", format!("/wireguardgateways/{GW}")),
        ("DELETE", format!("/wireguardgateways/{GW}")),
        ("GET", format!("/wireguardgateways/{GW}/peers")),
        ("POST", format!("/wireguardgateways/{GW}/peers")),
        ("GET", format!("/wireguardgateways/{GW}/peers/{CHILD}")),
        ("PUT", format!("/wireguardgateways/{GW}/peers/{CHILD}")),
        ("DELETE", format!("/wireguardgateways/{GW}/peers/{CHILD}")),
        ("GET", "/ipsecgateways?limit=1000".to_string()),
        ("POST", "/ipsecgateways".to_string()),
        ("GET", format!("/ipsecgateways/{GW}")),
        ("PUT", format!("/ipsecgateways/{GW}")),
        ("DELETE", format!("/ipsecgateways/{GW}")),
        ("GET", format!("/ipsecgateways/{GW}/tunnels")),
        ("POST", format!("/ipsecgateways/{GW}/tunnels")),
        ("GET", format!("/ipsecgateways/{GW}/tunnels/{CHILD}")),
        ("PUT", format!("/ipsecgateways/{GW}/tunnels/{CHILD}")),
        ("DELETE", format!("/ipsecgateways/{GW}/tunnels/{CHILD}")),
    ]
}

/// Bodies: wire names, secrets sent in full, optional fields left out.
fn assert_the_bodies(reqs: &[Recorded]) {
    let wg = body_of(&reqs[1]);
    assert_eq!(wg["properties"]["privateKey"], PRIVATE_KEY);
    assert_eq!(wg["properties"]["interfaceIPv4CIDR"], "172.16.0.1/32");
    assert_eq!(
        wg["properties"]["connections"][0]["ipv4CIDR"],
        "192.168.1.100/24"
    );
    assert!(wg["properties"].get("tier").is_none() && wg.get("metadata").is_none());
    assert_eq!(body_of(&reqs[3])["id"], GW);
    assert_eq!(
        body_of(&reqs[6])["properties"]["allowedIPs"],
        json!(["198.51.100.0/24"])
    );
    assert_eq!(body_of(&reqs[11])["properties"]["version"], "IKEv2");
    let t = body_of(&reqs[16]);
    assert_eq!(
        t["properties"]["auth"],
        json!({"method": "PSK", "psk": {"key": PSK}})
    );
    assert_eq!(t["properties"]["ike"], json!({"lifetime": 86400}));
    assert_eq!(t["properties"]["remoteHost"], "vpn.example.com");
    assert_eq!(body_of(&reqs[18])["id"], CHILD);
}

/// The operation methods stay callable for what no handle covers; one exchange shows they put
/// the same request on the wire as the handle.
#[tokio::test]
async fn operation_methods_send_what_the_handles_send() {
    let server = Server::start(api);
    let c = client(&server);
    let (gw, child) = ids();
    c.ipsecgateways_tunnels_put(gw, child, &IpSecTunnelEnsure::new(child, ipsec_tunnel()))
        .await
        .expect("ensure through the operation");
    c.ipsec_tunnels(gw)
        .ensure(child, &ipsec_tunnel())
        .await
        .expect("ensure through the handle");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        (&reqs[0].method, &reqs[0].target),
        (&reqs[1].method, &reqs[1].target)
    );
    assert_eq!(body_of(&reqs[0]), body_of(&reqs[1]));
}

#[tokio::test]
async fn error_statuses_become_typed_errors_with_body_and_headers() {
    let server = Server::start(|req| match req.method.as_str() {
        "GET" => Reply::json(
            404,
            json!({"httpStatus": 404, "messages": [{"errorCode": "vpn-404", "message": "not found"}]}),
        ),
        "DELETE" => Reply::html(502, "<html><body>Bad gateway</body></html>"),
        _ => Reply::json(200, "{\"id\": 1"),
    });
    let c = client(&server);
    let (gw, _) = ids();
    match c.ipsecgateways_find_by_id(gw).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 404);
            let body = e.body.expect("parsed Error body");
            assert_eq!(body.http_status, Some(404));
            assert_eq!(
                body.messages.expect("messages")[0].error_code.as_deref(),
                Some("vpn-404")
            );
            assert_eq!(
                e.headers.get("x-request-id").and_then(|v| v.to_str().ok()),
                Some("test-1")
            );
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    match c.ipsecgateways_delete(gw).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 502);
            assert!(e.body.is_none());
            assert!(e.raw_body.contains("Bad gateway"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    match c
        .ipsecgateways_put(gw, &IpSecGatewayEnsure::new(gw, ipsec_gateway()))
        .await
    {
        Err(Error::Decode(e)) => {
            assert_eq!(e.status.as_u16(), 200);
            assert_eq!(e.raw_body, "{\"id\": 1");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending_with_every_violation() {
    let server = Server::start(api);
    let c = client(&server);
    let (gw, _) = ids();
    let mut tunnel = ipsec_tunnel();
    tunnel.name = "n".repeat(256);
    tunnel.auth.psk = Some(IpSecPsk::new(PSK));
    tunnel.ike = tunnel.ike.with_lifetime(100);
    tunnel.cloud_network_cidrs = (0..21)
        .map(|i| Cidr::new(format!("10.0.{i}.0/24")).expect("cidr"))
        .collect();
    tunnel.peer_network_cidrs = vec![
        Cidr::new("10.0.1.0/24").expect("cidr"),
        serde_json::from_value(json!("not-a-cidr")).expect("lenient decode"),
    ];
    let err = c
        .ipsecgateways_tunnels_post(gw, &IpSecTunnelCreate::new(tunnel))
        .await
        .expect_err("invalid");
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    let paths: Vec<&str> = v.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "properties.name",
            "properties.ike.lifetime",
            "properties.cloudNetworkCIDRs",
            "properties.peerNetworkCIDRs[1]"
        ]
    );
    assert!(!err.to_string().contains(PSK));

    let q = IpSecGatewaysListQuery::default()
        .with_limit(1001)
        .with_offset(-1);
    let err = c
        .ipsecgateways_get(&q)
        .await
        .expect_err("limit out of range");
    assert!(
        err.to_string().contains("query.limit") && err.to_string().contains("query.offset"),
        "{err}"
    );

    let mut wg = wireguard_gateway();
    wg.private_key = None;
    wg.connections.clear();
    let err = c
        .wireguardgateways_post(&WireguardGatewayCreate::new(wg))
        .await
        .expect_err("missing key");
    assert!(
        err.to_string()
            .contains("properties.privateKey: is required"),
        "{err}"
    );
    assert!(err.to_string().contains("properties.connections"), "{err}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn secrets_never_show_in_debug() {
    let tunnel = IpSecTunnelCreate::new(ipsec_tunnel());
    let gateway = WireguardGatewayCreate::new(wireguard_gateway());
    let client = Client::builder()
        .base_url("http://127.0.0.1:1")
        .token(TOKEN)
        .build()
        .expect("client");
    for text in [
        format!("{tunnel:?}"),
        format!("{gateway:?}"),
        format!("{client:?}"),
        format!("{:?}", Secret::new(PSK)),
    ] {
        for secret in [PSK, PRIVATE_KEY, TOKEN] {
            assert!(!text.contains(secret), "secret leaked in {text}");
        }
        assert!(text.contains("[redacted]") || text.contains("Client"));
    }
}

#[test]
fn open_option_lists_and_values_round_trip() {
    let v: DiffieHellmanGroup =
        serde_json::from_value(json!("99-NEW")).expect("unknown option decodes");
    assert_eq!(v, DiffieHellmanGroup::Unknown("99-NEW".into()));
    assert_eq!(serde_json::to_value(&v).expect("encode"), json!("99-NEW"));
    let t: IpSecTunnelReadType =
        serde_json::from_value(json!("ipsectunnel-v2")).expect("new type value decodes");
    assert_eq!(t.as_str(), "ipsectunnel-v2");
    assert_eq!(
        DiffieHellmanGroup::default().as_str(),
        vpn_api::validation::diffie_hellman_group::DEFAULT
    );
    let cidr = Cidr::new("2001:db8::/32").expect("v6 cidr");
    assert_eq!(
        serde_json::to_value(&cidr).expect("encode"),
        json!("2001:db8::/32")
    );
    assert!(Cidr::new("10.0.0.0/33").is_err() && Cidr::new("10.0.0.0").is_err());
    assert!(
        IpSecTunnelRemoteHost::new("203.0.113.5").is_ok()
            && IpSecTunnelRemoteHost::new("bad host!").is_err()
    );
    assert_eq!("gb-bhx".parse::<Region>().expect("region"), Region::GbBhx);
    assert_eq!(Region::ALL.len(), 9);
    assert_eq!(Region::FrPar.url(), "https://vpn.fr-par.ionos.com");
    assert_eq!(vpn_api::validation::ip_sec_tunnel::NAME_MAX_LENGTH, 255);
    assert_eq!(
        vpn_api::validation::parameters::pagination_limit::MAXIMUM,
        1000
    );
}

#[test]
fn builders_report_every_missing_and_invalid_value_with_its_path() {
    let err = IpSecTunnel::builder()
        .name("x".repeat(300))
        .remote_host("not a host!")
        .cloud_network_cidrs(["10.0.0.0/24", "10.0.0.0/99"])
        .build()
        .expect_err("invalid");
    let found: Vec<(&str, &str)> = err
        .violations
        .iter()
        .map(|v| (v.path.as_str(), v.message.as_str()))
        .collect();
    let paths: Vec<&str> = found.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        paths,
        [
            "remoteHost",
            "cloudNetworkCIDRs[1]",
            "name",
            "auth",
            "ike",
            "esp",
            "peerNetworkCIDRs"
        ],
        "{found:#?}"
    );
    assert!(found[2].1.contains("exceeds the maximum length 255"));
    assert!(found[3..].iter().all(|(_, m)| *m == "is required"));

    let built = IpSecTunnel::builder()
        .name("tunnel")
        .remote_host("vpn.example.com")
        .auth(IpSecTunnelAuth::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new(PSK)))
        .ike(IkeEncryption::default().with_lifetime(86_400))
        .esp(EspEncryption::default())
        .cloud_network_cidrs(["10.0.0.0/24"])
        .peer_network_cidrs(["10.0.1.0/24"])
        .build()
        .expect("valid");
    assert_eq!(built, ipsec_tunnel());
}

#[tokio::test]
async fn a_header_for_one_request() {
    let server = Server::start(api);
    let c = client(&server);
    let (gw, _) = ids();
    c.with_header("X-Request-Id", "req-42")
        .expect("valid header")
        .ipsec_gateways()
        .get(gw)
        .await
        .expect("get");
    c.ipsec_gateways().get(gw).await.expect("get");
    let reqs = server.requests();
    assert_eq!(reqs[0].header("x-request-id"), Some("req-42"));
    assert_eq!(
        reqs[1].header("x-request-id"),
        None,
        "only that client sends it"
    );
    assert!(c.with_header("bad header", "x").is_err());
    assert!(c.with_header("X-Ok", "line\nbreak").is_err());
}

#[test]
fn option_values_parse_strictly_and_suggest_what_was_meant() {
    use vpn_api::models::{EncryptionAlgorithm, IntegrityAlgorithm};
    assert_eq!(
        "AES256".parse::<EncryptionAlgorithm>(),
        Ok(EncryptionAlgorithm::Aes256)
    );
    // The how-to pages write `AES-256`: refused, with the listed spelling it means.
    let err = "AES-256"
        .parse::<EncryptionAlgorithm>()
        .expect_err("not listed");
    assert_eq!(err.suggestion.as_deref(), Some("AES256"));
    assert!(
        err.to_string().starts_with("\"AES-256\" is not one of ")
            && err.to_string().ends_with("; did you mean `AES256`?"),
        "{err}"
    );
    // A near spelling, and one that is nothing like a listed value.
    let near = "SHA257"
        .parse::<IntegrityAlgorithm>()
        .expect_err("not listed");
    assert!(near.suggestion.is_some(), "{near}");
    let far = "rot13"
        .parse::<EncryptionAlgorithm>()
        .expect_err("not listed");
    assert_eq!(far.suggestion, None, "{far}");
    // The values the error lists are the enum's own, in order, as `as_str` writes them.
    let wire: Vec<String> = EncryptionAlgorithm::KNOWN
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    assert_eq!(far.known, wire);
    let wire: Vec<String> = IntegrityAlgorithm::KNOWN
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    assert_eq!(near.known, wire);
    // Decoding an answer still keeps a value this version does not know.
    let unknown: EncryptionAlgorithm = serde_json::from_str("\"AES512\"").expect("open");
    assert_eq!(unknown, EncryptionAlgorithm::Unknown("AES512".into()));
}

#[test]
fn every_checked_type_is_given_as_text_and_checked_at_build() {
    use vpn_api::models::{WireguardEndpoint, WireguardPeer};
    // The peer's endpoint host is a checked type: its builder takes text.
    let endpoint = WireguardEndpoint::builder()
        .host("203.0.113.10")
        .port(51820)
        .build()
        .expect("a valid endpoint");
    let peer = WireguardPeer::builder()
        .name("laptop")
        .allowed_ips(["10.7.0.2/32"])
        .public_key("no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI=")
        .endpoint(endpoint)
        .build()
        .expect("a valid peer");
    assert_eq!(
        peer.endpoint.as_ref().map(|e| e.host.as_str()),
        Some("203.0.113.10")
    );
    let err = WireguardEndpoint::builder()
        .host("not a host!")
        .build()
        .expect_err("checked at build");
    let paths: Vec<&str> = err.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["host"], "{err}");
    let err = WireguardEndpoint::builder()
        .build()
        .expect_err("host is required");
    assert_eq!(err.violations[0].to_string(), "host: is required");
}

#[tokio::test]
async fn a_request_with_an_option_the_spec_does_not_list_is_refused_before_sending() {
    use vpn_api::models::{EncryptionAlgorithm, IpSecGatewayTier};
    let server = support::Server::start(|_| support::Reply::json(201, read_body("ipsecgateway")));
    let client = support::drills::client_for(&server.base_url, RetryPolicy::never());
    // `From` keeps what it is given (answers must); validation refuses it in a request.
    let mut gateway = ipsec_gateway();
    gateway.tier = Some(IpSecGatewayTier::from("ULTRA"));
    let err = client
        .ipsec_gateways()
        .create(&gateway)
        .await
        .expect_err("refused");
    let Error::Validation(invalid) = &err else {
        panic!("refused before sending: {err:?}")
    };
    assert_eq!(invalid.violations[0].path, "properties.tier");
    assert_eq!(
        invalid.violations[0].message,
        "is not one of the listed values (STANDARD, STANDARD_HA, ENHANCED, ENHANCED_HA, \
         PREMIUM, PREMIUM_HA)",
        "{err}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
    // An answer with a value this version does not know still decodes.
    let decoded: EncryptionAlgorithm = serde_json::from_str("\"AES512\"").expect("open");
    assert!(matches!(decoded, EncryptionAlgorithm::Unknown(_)));
}

/// The README's table from the how-to pages' names to Rust: each line of it, compiled.
#[test]
fn the_how_to_names_table_compiles_as_written() {
    use vpn_api::models::*;
    let ike = IkeEncryption::default()
        .with_encryption_algorithm(EncryptionAlgorithm::Aes256)
        .with_integrity_algorithm(IntegrityAlgorithm::Sha256)
        .with_diffie_hellman_group(DiffieHellmanGroup::V16Modp4096)
        .with_lifetime(86400);
    let esp = EspEncryption::default()
        .with_encryption_algorithm("AES256".parse().expect("a listed value"))
        .with_integrity_algorithm(IntegrityAlgorithm::Sha256);
    let auth = IpSecTunnelAuth::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new("psk"));
    let tunnel = IpSecTunnel::builder()
        .name("t")
        .remote_host("vpn.example.com")
        .auth(auth)
        .ike(ike)
        .esp(esp)
        .cloud_network_cidrs(["10.0.0.0/24"])
        .peer_network_cidrs(["10.0.1.0/24"])
        .build()
        .expect("valid");
    let json = serde_json::to_value(&tunnel).expect("json");
    assert_eq!(json["ike"]["encryptionAlgorithm"], "AES256");
    assert_eq!(json["ike"]["integrityAlgorithm"], "SHA256");
    assert_eq!(json["auth"]["psk"]["key"], "psk");
}
