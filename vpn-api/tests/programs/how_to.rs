//! The VPN Gateway how-to (gateways, peers, tunnels, a new PSK, deletion) as one program, the
//! way a new user writes it from the crate's docs: every setting the how-to pages name, spelled
//! out. `tests/how_to.rs` runs it against the fake and counts its lines (issue 33: at most 110
//! non-blank, non-comment lines after rustfmt; the Python SDK needs 132).

use std::error::Error;
use vpn_api::prelude::*;

pub(crate) async fn run(client: &Client, datacenter_id: &str) -> Result<(), Box<dyn Error>> {
    // Both gateways sit in LAN 1 of the datacenter.
    let connection = Connection::new(datacenter_id, "1", "192.168.1.100/24".parse()?);

    // A WireGuard gateway.
    let wireguard = client.wireguard_gateways();
    let gateway = WireguardGateway::builder()
        .name("my-wireguard-gateway")
        .description("WireGuard gateway of the how-to")
        .gateway_ip("203.0.113.10")
        .interface_ipv4_cidr("10.7.0.1/24")
        .connections([connection.clone()])
        .private_key("0HpE4BNwGHabeaC4aY/GFxB6fBSc0d49Db0qAzRVSVc=")
        .listen_port(51820)
        .build()?;
    let gateway = wireguard.create(&gateway).ready().await?;
    println!(
        "WireGuard gateway {} is {}",
        gateway.id, gateway.metadata.status
    );

    // A peer of it, with its endpoint.
    let peers = client.wireguard_peers(gateway.id);
    let endpoint = WireguardEndpoint::new("198.51.100.7".parse()?).with_port(51820);
    let peer = WireguardPeer::builder()
        .name("laptop")
        .description("a peer of the how-to")
        .endpoint(endpoint)
        .allowed_ips(["10.7.0.2/32"])
        .public_key("no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI=")
        .build()?;
    let peer = peers.create(&peer).ready().await?;
    println!("peer {} is {}", peer.id, peer.metadata.status);

    // An IPSec gateway and a tunnel with the how-to's IKE and ESP settings and a PSK.
    let ipsec = client.ipsec_gateways();
    let site = IpSecGateway::new("my-ipsec-gateway", "203.0.113.20", vec![connection])
        .with_description("IPSec gateway of the how-to");
    let site = ipsec.create(&site).ready().await?;
    let tunnels = client.ipsec_tunnels(site.id);
    let ike = IkeEncryption::new("AES256", "SHA256", "16-MODP4096").with_lifetime(86400);
    let esp = EspEncryption::new("AES256", "SHA256", "16-MODP4096").with_lifetime(3600);
    let tunnel = IpSecTunnel::builder()
        .name("to-branch-office")
        .description("tunnel of the how-to")
        .remote_host("vpn.branch.example.com")
        .auth(IpSecTunnelAuth::psk("first pre-shared key"))
        .ike(ike)
        .esp(esp)
        .cloud_network_cidrs(["10.0.0.0/24"])
        .peer_network_cidrs(["192.168.10.0/24"])
        .build()?;
    let tunnel = tunnels.create(&tunnel).ready().await?;
    println!("tunnel {} is {}", tunnel.id, tunnel.metadata.status);

    // Everything there is, page by page: a rate-limited page only slows the walk down.
    let mut gateways = ipsec.list().limit(10).stream();
    while let Some(gateway) = gateways.next().await {
        let gateway = gateway?;
        let tunnels = client.ipsec_tunnels(gateway.id).list().all().await?;
        println!("{}: {} tunnels", gateway.properties.name, tunnels.len());
    }
    let mut gateways = wireguard.list().limit(10).stream();
    while let Some(gateway) = gateways.next().await {
        let gateway = gateway?;
        let peers = client.wireguard_peers(gateway.id).list().all().await?;
        println!("{}: {} peers", gateway.properties.name, peers.len());
    }

    // A new PSK (the API never returns the old one, so the whole auth is set again).
    let new_key = |t: &mut IpSecTunnel| t.auth = IpSecTunnelAuth::psk("second pre-shared key");
    tunnels.update(tunnel.id, new_key).ready().await?;

    // Deletion: the tunnel first, then a read finds nothing; then the rest.
    tunnels.delete(tunnel.id).gone().await?;
    match tunnels.get(tunnel.id).await.found()? {
        Some(t) => println!("tunnel {} is still {}", t.id, t.metadata.status),
        None => println!("tunnel {} is gone", tunnel.id),
    }
    peers.delete(peer.id).gone().await?;
    ipsec.delete(site.id).gone().await?;
    wireguard.delete(gateway.id).gone().await?;
    Ok(())
}
