//! The other end of an IPSec tunnel: reads the tunnel and its gateway and prints strongSwan's
//! `swanctl.conf` for the remote site (addresses, networks and proposals mirrored, the
//! pre-shared key in `secrets`). The API never returns the key, so it comes from `IPSEC_PSK`.
//!
//! `IONOS_TOKEN=… IPSEC_PSK=… cargo run -p vpn-api --example ipsec_remote_side -- GATEWAY_ID TUNNEL_ID`
//!
//! Then, on the remote site: save the output as `/etc/swanctl/conf.d/ionos.conf` (mode
//! 0600: it holds the key) and run `swanctl --load-all`.

use vpn_api::ipsec::SiteConfig;
use vpn_api::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()?.region(Region::DeFra).build()?;
    let mut args = std::env::args().skip(1);
    let usage = "usage: ipsec_remote_side GATEWAY_ID TUNNEL_ID (and IPSEC_PSK set)";
    let gateway_id: Uuid = args.next().ok_or(usage)?.parse()?;
    let tunnel_id: Uuid = args.next().ok_or(usage)?.parse()?;
    let psk = std::env::var("IPSEC_PSK").map_err(|_| usage)?;
    let config = run(&client, gateway_id, tunnel_id, &psk).await?;
    print!("{}", config.expose());
    Ok(())
}

pub(crate) async fn run(
    client: &Client,
    gateway_id: Uuid,
    tunnel_id: Uuid,
    psk: &str,
) -> Result<SiteConfig, Box<dyn std::error::Error>> {
    let gateway = client.ipsec_gateways().get(gateway_id).await?;
    let tunnel = client.ipsec_tunnels(gateway_id).get(tunnel_id).await?;
    let site = RemoteSite::new(&tunnel, &gateway, psk)?;
    Ok(site.swanctl())
}
