//! The other end of a WireGuard tunnel: a gateway whose key pair is made here, a new peer
//! onboarded in one step (its keys made here too), a summary of what was made printed (public
//! keys only) and the peer's wg-quick file written (with the feature `qr`, also printed as a
//! QR code the WireGuard apps scan).
//!
//! `IONOS_TOKEN=… cargo run -p vpn-api --example wireguard_peer_config -- alice.conf`
//! `IONOS_TOKEN=… cargo run -p vpn-api --features qr --example wireguard_peer_config`

use vpn_api::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()?.build()?;
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "alice.conf".into());
    let config = run(&client).await?;
    println!("{config}");
    config.write_to(&path)?; // mode 0600: it holds alice's private key
    println!("wrote {path}");
    // The QR code holds the private key too: show it only where nobody else reads along.
    #[cfg(feature = "qr")]
    print!("{}", config.to_qr_terminal()?.as_str());
    Ok(())
}

pub(crate) async fn run(client: &Client) -> Result<PeerConfig, Box<dyn std::error::Error>> {
    let datacenter = "5a029f4a-72e5-11ec-90d6-0242ac120003";
    let lan = Connection::new(datacenter, "1", "192.168.1.100/24".parse()?);
    let key = PrivateKey::generate()?; // the API derives the gateway's public key from it
    let gateway = WireguardGateway::new("team-vpn", "203.0.113.10", vec![lan], key)
        .with_interface_ipv4_cidr("10.8.0.1/24".parse()?);
    let gateway = client.wireguard_gateways().create(&gateway).ready().await?;
    let alice = NewPeer::new("alice", "10.8.0.2/32")
        .dns("10.8.0.1")
        .persistent_keepalive(25);
    Ok(alice.onboard(client, &gateway).await?)
}
