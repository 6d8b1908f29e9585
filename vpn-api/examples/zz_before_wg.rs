use vpn_api::prelude::*;
use vpn_api::wireguard::{NewPeer, PrivateKey};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The fake of the API, as the testkit section shows it.
    let fake = vpn_api::testkit::start().await?;
    let client = fake.client();
    let lan = Connection::builder()
        .datacenter_id("5a029f4a-72e5-11ec-90d6-0242ac120003")
        .lan_id("1")
        .ipv4_cidr("192.168.1.100/24")
        .build()?;
    let gateway = WireguardGateway::builder()
        .name("team-vpn")
        .gateway_ip("203.0.113.10")
        .interface_ipv4_cidr("10.8.0.1/24")
        .connections([lan])
        .private_key(PrivateKey::generate()?)
        .build()?;
    let gateway = client
        .wireguard_gateways()
        .create(&gateway)
        .await?
        .ready()
        .await?;
    println!("gateway {} is {}", gateway.id, gateway.metadata.status);
    let config = NewPeer::new("alice", "10.8.0.2/32")
        .dns("10.8.0.1")
        .persistent_keepalive(25)
        .onboard(&client, gateway.id)
        .await?;
    println!("{}", config.to_wg_quick().as_str());
    Ok(())
}
