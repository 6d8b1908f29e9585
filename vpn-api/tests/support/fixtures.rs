//! API-shaped bodies and secrets the tests send and expect.

use super::{Recorded, Reply};
use serde_json::{json, Value};
use uuid::Uuid;
use vpn_api::models::*;

pub(crate) const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJraWQiO.test-token";
pub(crate) const GW: &str = "66a114c7-2ddd-5119-9ddf-5a789f5a5a44";
pub(crate) const CHILD: &str = "85c79b4b-5b40-570a-b788-58dd46ea71e2";
pub(crate) const PRIVATE_KEY: &str = "0HpE4BNwGHabeaC4aY/GFxB6fBSc0d49Db0qAzRVSVc=";
pub(crate) const PSK: &str = "psk-that-must-never-be-printed";

pub(crate) fn metadata(extra: Value) -> Value {
    let mut m = json!({
        "createdDate": "2020-12-10T13:37:50+01:00", "createdBy": "ionos:identity:::users/87f9",
        "createdByUserId": "87f9", "lastModifiedDate": "2020-12-11T13:37:50+01:00",
        "resourceURN": "ionos:vpn:de-fra:c:r", "status": "AVAILABLE", "statusMessage": null
    });
    if let (Some(m), Some(extra)) = (m.as_object_mut(), extra.as_object()) {
        m.extend(extra.clone());
    }
    m
}

pub(crate) fn connection() -> Value {
    json!({"datacenterId": "5a029f4a-72e5-11ec-90d6-0242ac120003", "lanId": "2", "ipv4CIDR": "192.168.1.100/24", "ipv6CIDR": "2001:0db8:85a3::/24"})
}

/// A `<X>Read` body as the server sends it (no write-only fields).
pub(crate) fn read_body(kind: &str) -> Value {
    let (properties, meta) = match kind {
        "wireguardgateway" => (
            json!({"name": "gw", "gatewayIP": "192.0.2.10", "interfaceIPv4CIDR": "172.16.0.1/32", "connections": [connection()], "listenPort": 51820, "tier": "STANDARD", "maintenanceWindow": {"time": "16:30:59", "dayOfTheWeek": "Monday"}}),
            json!({"publicKey": "no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI="}),
        ),
        "wireguardpeer" => (
            json!({"name": "peer", "endpoint": {"host": "203.0.113.10", "port": 51820}, "allowedIPs": ["198.51.100.0/24"], "publicKey": "no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI="}),
            json!({}),
        ),
        "ipsecgateway" => (
            json!({"name": "gw", "gatewayIP": "192.0.2.10", "connections": [connection()], "version": "IKEv2"}),
            json!({}),
        ),
        _ => (tunnel_properties(false), json!({})),
    };
    json!({"id": CHILD, "type": kind, "href": format!("/x/{CHILD}"), "metadata": metadata(meta), "properties": properties})
}

pub(crate) fn tunnel_properties(with_psk: bool) -> Value {
    let mut auth = json!({"method": "PSK"});
    if with_psk {
        auth["psk"] = json!({"key": PSK});
    }
    json!({
        "name": "tunnel", "remoteHost": "vpn.example.com", "auth": auth,
        "ike": {"diffieHellmanGroup": "16-MODP4096", "encryptionAlgorithm": "AES256", "integrityAlgorithm": "SHA256", "lifetime": 86400},
        "esp": {"diffieHellmanGroup": "16-MODP4096", "encryptionAlgorithm": "AES256", "integrityAlgorithm": "SHA256", "lifetime": 3600},
        "cloudNetworkCIDRs": ["10.0.0.0/24"], "peerNetworkCIDRs": ["10.0.1.0/24", "::/0"]
    })
}

pub(crate) fn list_body(kind: &str) -> Value {
    json!({"id": CHILD, "type": "collection", "href": "/x", "items": [read_body(kind)], "offset": 0, "limit": 100, "_links": {"self": "https://vpn.de-fra.ionos.com/x?offset=0&limit=100"}})
}

/// Answers like the API: resource kind from the path, status from the method.
pub(crate) fn api(req: &Recorded) -> Reply {
    let path = req.target.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let kind = match (segments.first().copied(), segments.get(2).copied()) {
        (Some("wireguardgateways"), Some("peers")) => "wireguardpeer",
        (Some("wireguardgateways"), _) => "wireguardgateway",
        (Some("ipsecgateways"), Some("tunnels")) => "ipsectunnel",
        _ => "ipsecgateway",
    };
    let is_collection = segments.len() % 2 == 1;
    match (req.method.as_str(), is_collection) {
        ("GET", true) => Reply::json(200, list_body(kind)),
        ("POST", _) | ("PUT", _) => Reply::json(201, read_body(kind)),
        ("DELETE", _) => Reply::empty(202),
        _ => Reply::json(200, read_body(kind)),
    }
}

/// Valid request models, built through the public constructors.
pub(crate) fn ids() -> (Uuid, Uuid) {
    (GW.parse().expect("uuid"), CHILD.parse().expect("uuid"))
}

pub(crate) fn connection_model() -> Connection {
    Connection::new(
        "5a029f4a-72e5-11ec-90d6-0242ac120003",
        "2",
        Ipv4Cidr::new("192.168.1.100/24").expect("cidr"),
    )
}

pub(crate) fn wireguard_gateway() -> WireguardGateway {
    WireguardGateway::new("gw", "192.0.2.10", vec![connection_model()], PRIVATE_KEY)
        .with_interface_ipv4_cidr(Ipv4Cidr::new("172.16.0.1/32").expect("cidr"))
        .with_listen_port(51820)
}

pub(crate) fn wireguard_peer() -> WireguardPeer {
    WireguardPeer::new(
        "peer",
        vec![Cidr::new("198.51.100.0/24").expect("cidr")],
        "no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI=",
    )
    .with_endpoint(WireguardEndpoint::new(
        WireguardEndpointHost::new("203.0.113.10").expect("host"),
    ))
}

pub(crate) fn ipsec_gateway() -> IpSecGateway {
    IpSecGateway::new("gw", "192.0.2.10", vec![connection_model()])
        .with_version(IpSecGatewayVersion::Ikev2)
}

pub(crate) fn ipsec_tunnel() -> IpSecTunnel {
    IpSecTunnel::new(
        "tunnel",
        IpSecTunnelRemoteHost::new("vpn.example.com").expect("host"),
        IpSecTunnelAuth::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new(PSK)),
        IkeEncryption::default().with_lifetime(86400),
        EspEncryption::default(),
        vec![Cidr::new("10.0.0.0/24").expect("cidr")],
        vec![Cidr::new("10.0.1.0/24").expect("cidr")],
    )
}
