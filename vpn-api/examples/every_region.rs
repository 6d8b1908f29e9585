//! Every gateway in every region at once, tagged with its region; a region that does not
//! answer is reported and the others still listed. Then each IPSec gateway without a
//! description gets one through `update`, which sends back everything else as it was read.
//!
//! `IONOS_TOKEN=… cargo run -p vpn-api --example every_region`

use vpn_api::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let regions = MultiRegionClient::from_env(Region::ALL)?;
    for line in run(&regions).await? {
        println!("{line}");
    }
    Ok(())
}

/// One line per gateway and per region that failed, and one per gateway described.
pub(crate) async fn run(
    regions: &MultiRegionClient,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut lines = Vec::new();
    let wireguard = regions.wireguard_gateways().all().await;
    for (region, gateway) in &wireguard.items {
        lines.push(format!(
            "{region}: WireGuard gateway {}",
            gateway.properties.name
        ));
    }
    let ipsec = regions.ipsec_gateways().all().await;
    for (region, gateway) in &ipsec.items {
        lines.push(format!(
            "{region}: IPSec gateway {}",
            gateway.properties.name
        ));
    }
    for (region, error) in wireguard.failures.iter().chain(&ipsec.failures) {
        lines.push(format!("{region}: not listed: {error}"));
    }
    for (region, gateway) in &ipsec.items {
        let Some(client) = regions.client(*region) else {
            continue;
        };
        if gateway.properties.description.is_none() {
            let updated = client
                .ipsec_gateways()
                .update(gateway.id, |properties| {
                    properties.description = Some(format!("IPSec gateway in {region}"));
                })
                .await?;
            lines.push(format!("{region}: described {}", updated.properties.name));
        }
    }
    Ok(lines)
}
