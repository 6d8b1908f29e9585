//! A WireGuard gateway with three peers, each waited for until it is usable.
//!
//! `IONOS_TOKEN=… cargo run -p vpn-api --example wireguard_peers`

use vpn_api::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()?.build()?;
    run(&client).await
}

pub(crate) async fn run(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let datacenter = "5a029f4a-72e5-11ec-90d6-0242ac120003";
    let lan = Connection::new(datacenter, "1", "192.168.1.100/24".parse()?);
    let key = std::env::var("WIREGUARD_PRIVATE_KEY")
        .unwrap_or_else(|_| "0HpE4BNwGHabeaC4aY/GFxB6fBSc0d49Db0qAzRVSVc=".to_string());
    let gateway = WireguardGateway::new("team-vpn", "203.0.113.10", vec![lan], key)
        .with_interface_ipv4_cidr("10.8.0.1/24".parse()?);
    // Created, then waited for until AVAILABLE: one step.
    let gateways = client.wireguard_gateways();
    let gateway = gateways.create(&gateway).ready().await?;
    println!(
        "gateway {} ({})",
        gateway.properties.name, gateway.metadata.public_key
    );

    let peers = client.wireguard_peers(gateway.id);
    for (i, name) in ["alice", "bob", "carol"].into_iter().enumerate() {
        let peer = WireguardPeer::builder()
            .name(name)
            .allowed_ips([format!("10.8.0.{}/32", i + 2)])
            .public_key("no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI=")
            .build()?;
        let peer = peers.create(&peer).ready().await?;
        println!("peer {} is {}", peer.properties.name, peer.metadata.status);
    }
    Ok(())
}
