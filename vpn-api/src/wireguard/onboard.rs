//! A new peer of a WireGuard gateway in one step: keys made here, the peer created and
//! waited for, and its configuration built from the gateway as the API describes it.

use super::config::{endpoint, network, PeerConfig, DEFAULT_LISTEN_PORT};
use super::keys::{KeyError, KeyPair, PublicKey};
use crate::models::{WireguardGatewayRead, WireguardPeer};
use crate::{AcceptedFuture as _, Client};

/// Why [`NewPeer::onboard`] gave no configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OnboardError {
    /// A call to the API failed, or the peer's properties broke the spec (nothing sent).
    #[error(transparent)]
    Api(Box<crate::Error>),
    /// No key pair could be made (the operating system gave no randomness).
    #[error("no key pair for the peer: {0}")]
    Keys(KeyError),
    /// The gateway's `metadata.publicKey` is not a WireGuard public key (no peer was created).
    #[error("the gateway's metadata.publicKey is not a WireGuard public key: {0}")]
    GatewayPublicKey(KeyError),
    /// The gateway's `listenPort` is not a port number (no peer was created).
    #[error("the gateway's listenPort {0} is not a port number")]
    ListenPort(i32),
    /// There is nothing to route through the tunnel: the gateway has no interface CIDR and
    /// no connection, and no routes were given (no peer was created).
    #[error("no routes through the tunnel: the gateway has no interface or LAN CIDRs; give them with NewPeer::routes")]
    NoRoutes,
}

impl From<crate::Error> for OnboardError {
    fn from(e: crate::Error) -> Self {
        OnboardError::Api(Box::new(e))
    }
}

/// The gateway a new peer joins ([`NewPeer::onboard`]): as the API answered it, or its id
/// alone. Both convert into it: `&gateway` (a [`WireguardGatewayRead`]) and `gateway.id` (a
/// [`Uuid`](uuid::Uuid)).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum GatewayRef<'a> {
    /// The gateway as the API answered it: its public key, endpoint and networks are taken
    /// from here, without a request.
    Read(&'a WireguardGatewayRead),
    /// The gateway's id: it is read first.
    Id(uuid::Uuid),
}

impl<'a> From<&'a WireguardGatewayRead> for GatewayRef<'a> {
    fn from(gateway: &'a WireguardGatewayRead) -> Self {
        GatewayRef::Read(gateway)
    }
}

impl From<uuid::Uuid> for GatewayRef<'_> {
    fn from(id: uuid::Uuid) -> Self {
        GatewayRef::Id(id)
    }
}

/// What a new peer needs: its name and its address in the tunnel (its `allowedIPs` on the
/// gateway); the rest is optional. [`onboard`](Self::onboard) does the rest. The peer is
/// created without an `endpoint` (optional in the spec): the peer dials the gateway, so the
/// gateway needs no address for it; a gateway that must dial out takes one with
/// [`WireguardPeer::with_endpoint`](crate::models::WireguardPeer::with_endpoint) on a peer
/// created by hand.
///
/// A gateway and a peer against the fake of the API (feature `testkit`; against the API, the
/// client is `ClientBuilder::from_env()?.build()?`):
///
/// ```
/// # #[cfg(feature = "testkit")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use vpn_api::prelude::*;
///
/// let client = vpn_api::testkit::start().await?.client();
/// let datacenter = "5a029f4a-72e5-11ec-90d6-0242ac120003";
/// let lan = Connection::new(datacenter, "1", "192.168.1.100/24".parse()?);
/// let key = PrivateKey::generate()?;
/// let gateway = WireguardGateway::new("team-vpn", "203.0.113.10", vec![lan], key)
///     .with_interface_ipv4_cidr("10.8.0.1/24".parse()?);
/// let gateway = client.wireguard_gateways().create(&gateway).ready().await?;
/// let alice = NewPeer::new("alice", "10.8.0.2/32").persistent_keepalive(25);
/// let config = alice.onboard(&client, &gateway).await?;
/// println!("{config}"); // addresses, endpoint, public keys, routes: no private key
/// assert!(config.to_string().contains("gateway 203.0.113.10:51820"));
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "testkit"))]
/// # fn main() {}
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a NewPeer does nothing until `onboard`"]
pub struct NewPeer {
    name: String,
    addresses: Vec<String>,
    description: Option<String>,
    routes: Option<Vec<String>>,
    dns: Vec<String>,
    persistent_keepalive: Option<u16>,
}

impl NewPeer {
    /// A peer named `name` with the tunnel address `address` (`10.8.0.2/32`).
    pub fn new(name: impl Into<String>, address: impl Into<String>) -> NewPeer {
        NewPeer {
            name: name.into(),
            addresses: vec![address.into()],
            description: None,
            routes: None,
            dns: Vec::new(),
            persistent_keepalive: None,
        }
    }

    /// One more tunnel address (an IPv6 one beside the IPv4 one, say).
    pub fn address(mut self, address: impl Into<String>) -> Self {
        self.addresses.push(address.into());
        self
    }

    /// The peer's description on the gateway.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The networks routed through the tunnel, instead of the gateway's interface CIDRs and
    /// its connections' LAN CIDRs (`0.0.0.0/0` sends everything through it).
    pub fn routes(mut self, routes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.routes = Some(routes.into_iter().map(Into::into).collect());
        self
    }

    /// One more DNS server the peer uses while the tunnel is up (each call adds one; they go
    /// to `[Interface] DNS` in the order given).
    pub fn dns(mut self, server: impl Into<String>) -> Self {
        self.dns.push(server.into());
        self
    }

    /// A keepalive every `seconds`, for a peer behind NAT (25 is usual).
    pub fn persistent_keepalive(mut self, seconds: u16) -> Self {
        self.persistent_keepalive = Some(seconds);
        self
    }

    /// Makes a key pair here, creates the peer on the gateway with its public key, waits until
    /// it is ready (with the client's wait options) and returns its configuration.
    ///
    /// The gateway is given as the API answered it (`&gateway`, from
    /// `create(..).ready().await?` or `get(id)`) or by its id (`gateway.id`: then it is read
    /// first). Either way, a gateway that cannot give a configuration (no public key, nothing
    /// to route) fails before any peer is created.
    pub async fn onboard<'g>(
        &self,
        client: &Client,
        gateway: impl Into<GatewayRef<'g>>,
    ) -> Result<PeerConfig, OnboardError> {
        let read;
        let gateway = match gateway.into() {
            GatewayRef::Read(gateway) => gateway,
            GatewayRef::Id(id) => {
                read = client.wireguard_gateways().get(id).await?;
                &read
            }
        };
        let (gateway_public_key, endpoint, routes) = self.gateway_side(gateway)?;
        let keys = KeyPair::generate().map_err(OnboardError::Keys)?;
        let mut peer = WireguardPeer::builder()
            .name(&self.name)
            .allowed_ips(self.addresses.iter().map(String::as_str))
            .public_key(keys.public_key);
        if let Some(description) = &self.description {
            peer = peer.description(description);
        }
        let peer = peer.build().map_err(crate::Error::from)?;
        client
            .wireguard_peers(gateway.id)
            .create(&peer)
            .ready()
            .await?;
        let config = PeerConfig {
            dns: self.dns.clone(),
            persistent_keepalive: self.persistent_keepalive,
            ..PeerConfig::new(
                keys.private_key,
                self.addresses.clone(),
                gateway_public_key,
                endpoint,
                routes,
            )
        };
        Ok(config)
    }

    /// The gateway's public key, its endpoint and the routes through it.
    fn gateway_side(
        &self,
        gateway: &WireguardGatewayRead,
    ) -> Result<(PublicKey, String, Vec<String>), OnboardError> {
        let public_key = PublicKey::from_base64(&gateway.metadata.public_key)
            .map_err(OnboardError::GatewayPublicKey)?;
        let properties = &gateway.properties;
        let port = match properties.listen_port {
            None => DEFAULT_LISTEN_PORT,
            Some(port) => u16::try_from(port).map_err(|_| OnboardError::ListenPort(port))?,
        };
        let routes = match &self.routes {
            Some(routes) => routes.clone(),
            None => gateway_routes(gateway),
        };
        if routes.is_empty() {
            return Err(OnboardError::NoRoutes);
        }
        Ok((public_key, endpoint(&properties.gateway_ip, port), routes))
    }
}

/// The gateway's interface networks and its connections' LAN networks, each once.
fn gateway_routes(gateway: &WireguardGatewayRead) -> Vec<String> {
    let properties = &gateway.properties;
    let interfaces = [
        properties.interface_ipv4_cidr.as_ref().map(|c| c.as_str()),
        properties.interface_ipv6_cidr.as_ref().map(|c| c.as_str()),
    ];
    let lans = properties.connections.iter().flat_map(|c| {
        [
            Some(c.ipv4_cidr.as_str()),
            c.ipv6_cidr.as_ref().map(|c| c.as_str()),
        ]
    });
    let mut routes: Vec<String> = Vec::new();
    for cidr in interfaces.into_iter().chain(lans).flatten() {
        let route = network(cidr);
        if !routes.contains(&route) {
            routes.push(route);
        }
    }
    routes
}
