//! The VPN Gateway how-to as one program: WireGuard and IPSec gateways with a peer and a PSK
//! tunnel, listed page by page, a new PSK, a not-found answer, and everything deleted again.
//! Run it with `IONOS_TOKEN` set: `cargo run -p vpn-api --example workflow`.

use std::error::Error;
use vpn_api::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let client = vpn_api::Client::from_env()?;
    run(&client, "ab1c2d3e-0000-4000-8000-000000000001").await
}

pub(crate) async fn run(client: &Client, datacenter_id: &str) -> Result<(), Box<dyn Error>> {
    let connection = Connection::new(datacenter_id, "1", "192.168.1.100/24".parse()?);

    // A WireGuard gateway and a peer; `ready()` waits until each is AVAILABLE.
    let wireguard = client.wireguard_gateways();
    let gateway = WireguardGateway::builder()
        .name("office-wireguard")
        .gateway_ip("203.0.113.10")
        .interface_ipv4_cidr("10.7.0.1/24")
        .connections([connection.clone()])
        .private_key("0HpE4BNwGHabeaC4aY/GFxB6fBSc0d49Db0qAzRVSVc=")
        .build()?;
    let gateway = wireguard.create(&gateway).ready().await?;
    let peers = client.wireguard_peers(gateway.id);
    let peer = WireguardPeer::builder()
        .name("laptop")
        .allowed_ips(["10.7.0.2/32"])
        .public_key("no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI=")
        .build()?;
    let peer = peers.create(&peer).ready().await?;

    // An IPSec gateway and a tunnel authenticated with a pre-shared key.
    let ipsec = client.ipsec_gateways();
    let site = IpSecGateway::builder()
        .name("office-ipsec")
        .gateway_ip("203.0.113.20")
        .connections([connection])
        .build()?;
    let site = ipsec.create(&site).ready().await?;
    let tunnels = client.ipsec_tunnels(site.id);
    let psk = |key| IpSecTunnelAuth::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new(key));
    let tunnel = IpSecTunnel::builder()
        .name("to-branch")
        .remote_host("vpn.branch.example.com")
        .auth(psk("first pre-shared key"))
        .ike(IkeEncryption::default())
        .esp(EspEncryption::default())
        .cloud_network_cidrs(["10.0.0.0/24"])
        .peer_network_cidrs(["192.168.10.0/24"])
        .build()?;
    let tunnel = tunnels.create(&tunnel).ready().await?;

    // Every gateway, page by page for IPSec (a page is fetched when the loop needs it; a
    // rate-limited page is asked for again: see `RetryPolicy::list_patience`).
    let mut pages = ipsec.list().limit(50).pages();
    while let Some(page) = pages.next().await {
        for gateway in page?.items {
            let tunnels = client.ipsec_tunnels(gateway.id).list().all().await?;
            println!("{}: {} tunnels", gateway.properties.name, tunnels.len());
        }
    }
    for gateway in wireguard.list().all().await? {
        let peers = client.wireguard_peers(gateway.id).list().all().await?;
        println!("{}: {} peers", gateway.properties.name, peers.len());
    }

    // A new PSK: `update` reads the tunnel, applies the change and sends it back.
    let new_key = |t: &mut IpSecTunnel| t.auth = psk("second pre-shared key");
    let tunnel = tunnels.update(tunnel.id, new_key).ready().await?;

    // Once gone, the id answers 404: `found()` makes it `None` (any other error stays one).
    tunnels.delete(tunnel.id).gone().await?;
    if tunnels.get(tunnel.id).await.found()?.is_none() {
        println!("tunnel {} is gone", tunnel.id);
    }
    peers.delete(peer.id).gone().await?;
    ipsec.delete(site.id).gone().await?;
    wireguard.delete(gateway.id).gone().await?;
    Ok(())
}
