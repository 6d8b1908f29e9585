//! Both ends of a WireGuard tunnel: a gateway created against the fake with a key made here, a
//! peer onboarded in one step, and its wg-quick text proven to fit the gateway's key by a real
//! Noise handshake (boringtun, in memory). Keys are parsed from the rendered text, not taken
//! from the struct, so what a user writes to disk is what is checked.

use boringtun::noise::{Tunn, TunnResult};
use boringtun::x25519;
use vpn_api::models::Ipv4Cidr;
use vpn_api::prelude::*;
use vpn_api::testkit;
use vpn_api::wireguard::{KeyPair, NewPeer, OnboardError, PeerConfig, PrivateKey, PublicKey};

const DATACENTER: &str = "5a029f4a-72e5-11ec-90d6-0242ac120003";

/// The value of `key` in a wg-quick text's `section`.
fn value<'t>(text: &'t str, section: &str, key: &str) -> &'t str {
    let body = text
        .split(&format!("[{section}]\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("no [{section}] in the file"));
    let body = body.split("\n[").next().unwrap_or_default();
    body.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in [{section}]"))
}

async fn gateway(client: &Client, keys: &KeyPair) -> Uuid {
    let connection = Connection::new(DATACENTER, "1", Ipv4Cidr::new("192.168.1.100/24").unwrap());
    let gateway = WireguardGateway::new("vpn", "203.0.113.10", vec![connection], &keys.private_key)
        .with_interface_ipv4_cidr(Ipv4Cidr::new("10.8.0.1/24").unwrap());
    client
        .wireguard_gateways()
        .create(&gateway)
        .await
        .expect("the gateway")
        .id
}

fn bytes(key: &str) -> [u8; 32] {
    let key = PublicKey::from_base64(key).expect("a key in the file");
    key.to_bytes()
}

/// A handshake started by the peer's tunnel, answered by the gateway's: whether a data packet
/// the peer sends afterwards comes out of the gateway's tunnel.
fn handshake(peer_private: [u8; 32], gateway_public: [u8; 32], gateway: &KeyPair) -> bool {
    let peer_key = x25519::StaticSecret::from(peer_private);
    let peer_public = x25519::PublicKey::from(&peer_key);
    let mut peer = Tunn::new(
        peer_key,
        x25519::PublicKey::from(gateway_public),
        None,
        None,
        1,
        None,
    );
    let gateway_key = x25519::StaticSecret::from(*gateway.private_key.to_bytes());
    let mut gateway = Tunn::new(gateway_key, peer_public, None, None, 2, None);
    let (mut a, mut b, mut c) = ([0u8; 2048], [0u8; 2048], [0u8; 2048]);
    let TunnResult::WriteToNetwork(initiation) = peer.format_handshake_initiation(&mut a, false)
    else {
        panic!("the peer starts a handshake");
    };
    let TunnResult::WriteToNetwork(response) = gateway.decapsulate(None, initiation, &mut b) else {
        return false;
    };
    // The peer's answer to the response is a keepalive: the gateway's side is then complete.
    let TunnResult::WriteToNetwork(keepalive) = peer.decapsulate(None, response, &mut c) else {
        return false;
    };
    let mut d = [0u8; 2048];
    if !matches!(
        gateway.decapsulate(None, keepalive, &mut d),
        TunnResult::Done
    ) {
        return false;
    }
    // An IPv4 header alone (20 bytes) from the peer's tunnel address.
    let mut packet = [0u8; 20];
    packet[0] = 0x45;
    packet[3] = 20;
    packet[12..16].copy_from_slice(&[10, 8, 0, 2]);
    let mut e = [0u8; 2048];
    let TunnResult::WriteToNetwork(sealed) = peer.encapsulate(&packet, &mut e) else {
        return false;
    };
    let mut f = [0u8; 2048];
    matches!(gateway.decapsulate(None, sealed, &mut f), TunnResult::WriteToTunnelV4(p, _) if p == packet)
}

#[tokio::test]
async fn a_peer_onboarded_against_the_fake_completes_a_handshake_with_its_gateway() {
    let fake = testkit::start().await.expect("the fake");
    let client = fake.client();
    let keys = KeyPair::generate().expect("keys");
    let gateway_id = gateway(&client, &keys).await;

    let config = NewPeer::new("alice", "10.8.0.2/32")
        .dns("10.8.0.1")
        .persistent_keepalive(25)
        .onboard(&client, gateway_id)
        .await
        .expect("onboarded");
    let text = config.to_wg_quick();

    assert_eq!(value(&text, "Interface", "Address"), "10.8.0.2/32");
    assert_eq!(value(&text, "Interface", "DNS"), "10.8.0.1");
    assert_eq!(value(&text, "Peer", "Endpoint"), "203.0.113.10:51820");
    assert_eq!(
        value(&text, "Peer", "AllowedIPs"),
        "10.8.0.0/24, 192.168.1.0/24"
    );
    assert_eq!(value(&text, "Peer", "PersistentKeepalive"), "25");
    // The fake answered the public key of the private key it was given, as the API does.
    assert_eq!(
        value(&text, "Peer", "PublicKey"),
        keys.public_key.to_base64()
    );

    let peer_private = PrivateKey::from_base64(value(&text, "Interface", "PrivateKey")).unwrap();
    // The gateway got the public key of the private key in the file.
    let stored = fake.stored();
    let peer = stored
        .iter()
        .find(|s| s.kind == "WireguardPeer")
        .expect("the peer");
    assert_eq!(
        peer.properties["publicKey"],
        peer_private.public_key().to_base64()
    );
    // The configuration names the peer's public key as the gateway holds it.
    assert_eq!(
        peer.properties["publicKey"],
        config.public_key().to_base64()
    );
    assert_eq!(peer.properties["allowedIPs"][0], "10.8.0.2/32");

    let gateway_public = bytes(value(&text, "Peer", "PublicKey"));
    assert!(handshake(*peer_private.to_bytes(), gateway_public, &keys));
}

/// `onboard(&client, &gateway)` with the gateway `create(..).ready()` answered takes its side
/// of the tunnel from there: the same configuration as by id, one request fewer.
#[tokio::test]
async fn the_gateway_as_answered_is_onboarded_without_reading_it_again() {
    let fake = testkit::start().await.expect("the fake");
    let client = fake.client();
    let keys = KeyPair::generate().unwrap();
    let connection = Connection::new(DATACENTER, "1", Ipv4Cidr::new("192.168.1.100/24").unwrap());
    let gateway = WireguardGateway::new("vpn", "203.0.113.10", vec![connection], &keys.private_key)
        .with_interface_ipv4_cidr(Ipv4Cidr::new("10.8.0.1/24").unwrap());
    let gateways = client.wireguard_gateways();
    let gateway = gateways.create(&gateway).ready().await.expect("ready");
    let item = format!("/wireguardgateways/{}", gateway.id);
    let reads = || {
        let requests = fake.requests();
        requests
            .iter()
            .filter(|r| r.method == "GET" && r.target.ends_with(&item))
            .count()
    };
    let before = reads();

    let alice = NewPeer::new("alice", "10.8.0.2/32");
    let by_read = alice.onboard(&client, &gateway).await.expect("onboarded");
    assert_eq!(reads(), before, "the gateway was not read again");
    let bob = NewPeer::new("bob", "10.8.0.3/32");
    let by_id = bob.onboard(&client, gateway.id).await.expect("onboarded");
    assert_eq!(reads(), before + 1, "by id, the gateway is read first");

    assert_eq!(by_read.gateway_public_key, by_id.gateway_public_key);
    assert_eq!(by_read.endpoint, by_id.endpoint);
    assert_eq!(by_read.routes, by_id.routes);
    let text = by_read.to_wg_quick();
    let peer_private = PrivateKey::from_base64(value(&text, "Interface", "PrivateKey")).unwrap();
    let gateway_public = bytes(value(&text, "Peer", "PublicKey"));
    assert!(handshake(*peer_private.to_bytes(), gateway_public, &keys));
    let peers = client.wireguard_peers(gateway.id).list().all().await;
    assert_eq!(peers.expect("the peers").len(), 2);
}

#[test]
fn a_configuration_with_another_gateway_key_fails_the_handshake() {
    let gateway = KeyPair::generate().unwrap();
    let stranger = KeyPair::generate().unwrap();
    let peer = PrivateKey::generate().unwrap();
    assert!(handshake(
        *peer.to_bytes(),
        gateway.public_key.to_bytes(),
        &gateway
    ));
    assert!(!handshake(
        *peer.to_bytes(),
        stranger.public_key.to_bytes(),
        &gateway
    ));
}

#[tokio::test]
async fn the_routes_can_be_given_and_a_gateway_without_a_key_makes_no_peer() {
    let fake = testkit::start().await.expect("the fake");
    let client = fake.client();
    let keys = KeyPair::generate().unwrap();
    let gateway_id = gateway(&client, &keys).await;
    let config = NewPeer::new("bob", "10.8.0.3/32")
        .address("fd00::3/128")
        .routes(["0.0.0.0/0", "::/0"])
        .onboard(&client, gateway_id)
        .await
        .expect("onboarded");
    let text = config.to_wg_quick();
    assert_eq!(
        value(&text, "Interface", "Address"),
        "10.8.0.3/32, fd00::3/128"
    );
    assert_eq!(value(&text, "Peer", "AllowedIPs"), "0.0.0.0/0, ::/0");
    assert!(!text.contains("DNS"), "{}", text.as_str());
    assert!(!text.contains("PersistentKeepalive"));

    // A gateway whose private key is no WireGuard key has no public key to give.
    let properties = serde_json::json!({
        "name": "broken", "gatewayIP": "203.0.113.11", "privateKey": "not a key",
        "connections": [{"datacenterId": DATACENTER, "lanId": "1", "ipv4CIDR": "192.168.2.1/24"}],
    });
    let broken = fake.seed("/wireguardgateways", properties, testkit::Seeded::Ready);
    let peers_before = fake.stored().len();
    let e = NewPeer::new("carol", "10.8.0.4/32")
        .onboard(&client, broken.parse::<Uuid>().unwrap())
        .await
        .expect_err("no key");
    assert!(matches!(e, OnboardError::GatewayPublicKey(_)), "{e:?}");
    assert_eq!(fake.stored().len(), peers_before, "no peer was created");
}

#[test]
fn the_file_is_made_for_its_owner_alone_also_when_it_replaces_one() {
    let dir = std::env::temp_dir().join(format!("vpn-api-wg-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir(&dir).unwrap();
    let config = PeerConfig::new(
        PrivateKey::generate().unwrap(),
        vec!["10.8.0.2/32".into()],
        PrivateKey::generate().unwrap().public_key(),
        "203.0.113.10:51820",
        vec!["10.8.0.0/24".into()],
    );
    let path = dir.join("wg0.conf");
    std::fs::write(&path, "an older file anyone may read").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    config.write_to(&path).expect("written");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        *config.to_wg_quick()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(
        left.len(),
        1,
        "no temporary file is left beside it: {left:?}"
    );
    // A file that cannot be written: the error says which, and holds nothing of the key.
    let nowhere = dir.join("no such folder").join("wg0.conf");
    let e = config.write_to(&nowhere).expect_err("no folder");
    assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    let text = e.to_string();
    assert!(text.contains(&nowhere.display().to_string()), "{text}");
    assert!(!text.contains(config.private_key.to_secret().expose()));
    std::fs::remove_dir_all(&dir).unwrap();
}
