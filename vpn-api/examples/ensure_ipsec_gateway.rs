//! "Ensure IPSec Gateway" from the how-to pages: a `PUT` with an id the program picks creates
//! the gateway, or replaces it when it exists, so running the program twice leaves one gateway.
//!
//! `IONOS_TOKEN=… cargo run -p vpn-api --example ensure_ipsec_gateway`

use vpn_api::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()?.region(Region::DeFra).build()?;
    let id: Uuid = "3f1b8c36-3b07-4f5a-9d0c-6b8a5d2f0e11".parse()?;
    run(&client, id).await
}

pub(crate) async fn run(client: &Client, id: Uuid) -> Result<(), Box<dyn std::error::Error>> {
    let datacenter = "5a029f4a-72e5-11ec-90d6-0242ac120003";
    let lan = Connection::new(datacenter, "1", "192.168.1.100/24".parse()?);
    let gateway = IpSecGateway::new("my-ipsec-gateway", "203.0.113.20", vec![lan])
        .with_description("Ensured from Rust")
        .with_version(IpSecGatewayVersion::Ikev2);
    let gateways = client.ipsec_gateways();
    let ensured = gateways.ensure(id, &gateway).await?;
    println!("gateway {} is {}", ensured.id, ensured.metadata.status);
    let ready = gateways.wait_until_ready(id).await?;
    println!("gateway {} is {}", ready.id, ready.metadata.status);
    Ok(())
}
