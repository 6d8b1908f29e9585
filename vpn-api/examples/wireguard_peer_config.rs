//! The other end of a WireGuard tunnel: a gateway whose key pair is made here, a new peer
//! onboarded in one step (its keys made here too), and the peer's wg-quick file printed (with
//! the feature `qr`, also as a QR code the WireGuard apps scan).
//!
//! `IONOS_TOKEN=… cargo run -p vpn-api --example wireguard_peer_config`
//! `IONOS_TOKEN=… cargo run -p vpn-api --features qr --example wireguard_peer_config`

use vpn_api::prelude::*;
use vpn_api::wireguard::{NewPeer, PeerConfig, PrivateKey};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()?.build()?;
    let config = run(&client).await?;
    // The file holds the peer's private key: print it only where nobody else reads along.
    print!("{}", config.to_wg_quick().as_str());
    #[cfg(feature = "qr")]
    print!("{}", config.to_qr_terminal()?.as_str());
    Ok(())
}

pub(crate) async fn run(client: &Client) -> Result<PeerConfig, Box<dyn std::error::Error>> {
    let datacenter = "5a029f4a-72e5-11ec-90d6-0242ac120003";
    let lan = Connection::new(datacenter, "1", "192.168.1.100/24".parse()?);
    let key = PrivateKey::generate()?;
    let gateway = WireguardGateway::new("team-vpn", "203.0.113.10", vec![lan], key)
        .with_interface_ipv4_cidr("10.8.0.1/24".parse()?);
    let gateway = client.wireguard_gateways().create(&gateway).ready().await?;
    // The API answers the gateway's public key (derived from the private key it was given);
    // the peer's configuration takes it from there.
    let config = NewPeer::new("alice", "10.8.0.2/32")
        .dns("10.8.0.1")
        .persistent_keepalive(25)
        .onboard(client, gateway.id)
        .await?;
    Ok(config)
}
