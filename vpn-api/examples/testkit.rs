//! Testing automation without an account: the fake of the API (feature `testkit`) in-process,
//! a gateway created and waited for, a 503 burst scripted and retried through, and the
//! requests the fake received looked at. What a user's own test does, as a program:
//!
//! `cargo run -p vpn-api --features testkit --example testkit`

use std::time::Duration;
use vpn_api::models::Ipv4Cidr;
use vpn_api::prelude::*;
use vpn_api::testkit::{self, Fault, Lifecycle, Operation};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    for line in run().await? {
        println!("{line}");
    }
    Ok(())
}

/// What happened, a line per step.
pub(crate) async fn run() -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let fake = testkit::start().await?;
    // New gateways provision for two reads, or 50 ms, whichever ends later.
    fake.set_lifecycle(Lifecycle {
        busy_reads: 2,
        busy_for: Duration::from_millis(50),
        ..Lifecycle::default()
    });
    let client = fake.client();
    let mut lines = Vec::new();

    let connection = Connection::new(
        "5a029f4a-72e5-11ec-90d6-0242ac120003",
        "1",
        Ipv4Cidr::new("10.7.222.6/24")?,
    );
    let gateway = IpSecGateway::new("office", "203.0.113.10", vec![connection]);
    let created = client.ipsec_gateways().create(&gateway).await?;
    lines.push(format!("created: {}", created.metadata.status));
    let ready = client.ipsec_gateways().wait_until_ready(created.id).await?;
    lines.push(format!("ready: {}", ready.metadata.status));

    // The next two reads of a gateway answer 503; the client's retries get through.
    fake.fault(Operation::IpsecgatewaysFindById, 2, Fault::Status(503));
    let before = fake.requests().len();
    let read = client.ipsec_gateways().get(created.id).await?;
    let attempts = fake.requests().len() - before;
    lines.push(format!(
        "read {} after {attempts} attempts",
        read.properties.name
    ));
    lines.push(format!("stored: {}", fake.stored().len()));
    Ok(lines)
}
