//! Every gateway of every kind in the configured region, with its tunnels or peers, read page
//! by page (a stream fetches the next page only when the loop needs it).
//!
//! `IONOS_TOKEN=… cargo run -p vpn-api --example list_everything`

use vpn_api::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()?.build()?;
    for line in run(&client).await? {
        println!("{line}");
    }
    Ok(())
}

/// One line per gateway, tunnel and peer.
pub(crate) async fn run(client: &Client) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut lines = Vec::new();
    let mut gateways = client.ipsec_gateways().list().stream();
    while let Some(gateway) = gateways.next().await {
        let gateway = gateway?;
        lines.push(format!(
            "IPSec gateway {} ({})",
            gateway.properties.name, gateway.metadata.status
        ));
        let mut tunnels = client.ipsec_tunnels(gateway.id).list().stream();
        while let Some(tunnel) = tunnels.next().await {
            lines.push(format!("  tunnel {}", tunnel?.properties.name));
        }
    }
    let mut gateways = client.wireguard_gateways().list().stream();
    while let Some(gateway) = gateways.next().await {
        let gateway = gateway?;
        lines.push(format!(
            "WireGuard gateway {} ({})",
            gateway.properties.name, gateway.metadata.status
        ));
        for peer in client.wireguard_peers(gateway.id).list().all().await? {
            lines.push(format!("  peer {}", peer.properties.name));
        }
    }
    Ok(lines)
}
