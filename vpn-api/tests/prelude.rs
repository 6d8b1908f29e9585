//! The prelude beside the globs programs already have: `std::error::Error`, `std::fmt::*`
//! and `reqwest::*`. This file compiling is the test: `Box<dyn Error>` is std's trait, `Result`
//! and `Error` of `std::fmt` and `reqwest` keep their meaning (the prelude names neither), and
//! the prelude's models, regions, ids and traits work beside them. Only the client shares a
//! name with `reqwest::*` (`Client`, `ClientBuilder`): with that glob too, one explicit `use`
//! of the crate's client settles it, because a named import wins over every glob.

use reqwest::*;
use std::error::Error;
use std::fmt::*;
use vpn_api::prelude::*;
use vpn_api::{Client, ClientBuilder};

struct Shown(Region);

impl Display for Shown {
    fn fmt(&self, f: &mut Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn boxed() -> std::result::Result<(), Box<dyn Error>> {
    let id: Uuid = "66a114c7-2ddd-5119-9ddf-5a789f5a5a44".parse()?;
    let tunnel = IpSecTunnel::builder()
        .name("t")
        .remote_host("vpn.example.com")
        .auth(IpSecTunnelAuth::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new("k")))
        .ike(IkeEncryption::default().with_encryption_algorithm("AES256".parse()?))
        .esp(EspEncryption::default())
        .cloud_network_cidrs(["10.0.0.0/24"])
        .peer_network_cidrs(["10.0.1.0/24"])
        .build()?;
    // `Validate` is in scope (without its name).
    tunnel.validate()?;
    let _ = (id, Method::GET, Shown(Region::DeFra).to_string());
    let builder: ClientBuilder = Client::builder().region(Region::DeFra);
    let _ = builder.token("t").build()?.base_url().to_owned();
    Ok(())
}

#[tokio::test]
async fn the_prelude_globs_beside_std_and_reqwest() {
    boxed().expect("everything above works");
    // `StreamExt` is in scope (without its name): list streams read with `.next()`.
    let mut empty = futures_util::stream::iter(Vec::<u8>::new());
    assert!(empty.next().await.is_none());
}

/// The other end of a tunnel needs no second import: the prelude's key, peer and remote-site
/// names are the types of `vpn_api::wireguard` and `vpn_api::ipsec` (the overlay's
/// `info.x-rust-prelude`; the generator claims them before any model, see
/// `codegen/tests/prelude.rs`).
#[test]
fn the_other_end_of_a_tunnel_comes_with_the_prelude() {
    let pair: KeyPair = KeyPair::generate().expect("keys");
    let private: vpn_api::wireguard::PrivateKey = PrivateKey::generate().expect("a key");
    let public: vpn_api::wireguard::PublicKey =
        PublicKey::from_base64(&pair.public_key.to_base64()).expect("a public key");
    assert_eq!(public, pair.public_key);
    let peer: vpn_api::wireguard::NewPeer = NewPeer::new("alice", "10.8.0.2/32");
    let config: vpn_api::wireguard::PeerConfig =
        PeerConfig::new(private, vec![], public, "192.0.2.1:51820", vec![]);
    let site: Option<vpn_api::ipsec::RemoteSite> = None::<RemoteSite>;
    let _ = (peer, config, site);
}
