//! The other end of an IPSec tunnel: the remote site's configuration, made from the tunnel and
//! its gateway as the API holds them.
//!
//! [`RemoteSite`] is the remote site described in no daemon's syntax: the tunnel seen from the
//! other end (its local address is the tunnel's `remoteHost`, its peer the gateway's
//! `gatewayIP`, its networks the tunnel's `peerNetworkCIDRs` and the cloud's
//! `cloudNetworkCIDRs` its remote ones), with the IKE and ESP options resolved in the one
//! [`proposals`] table. A format renders it: [`RemoteSite::swanctl`] writes strongSwan's
//! `swanctl.conf`. Another daemon's format is a function over the same description and a
//! column of the table.
//!
//! The pre-shared key is write-only (the API never returns it), so it comes from the caller:
//! [`RemoteSite::new`] takes it, [`RemoteSite::from_sent`] takes the tunnel properties that
//! were sent with it. The rendered file holds it, so it is a [`SiteConfig`], whose `Debug`
//! prints `[redacted]` and which has no `Display`.
//!
//! ```
//! use vpn_api::ipsec::RemoteSite;
//! use vpn_api::models::*;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let gateway = IpSecGateway::new("gw", "203.0.113.20", vec![]);
//! let tunnel = IpSecTunnel::builder()
//!     .name("site-b")
//!     .remote_host("198.51.100.7")
//!     .auth(IpSecTunnelAuth::psk("correct horse"))
//!     .ike(IkeEncryption::new(
//!         EncryptionAlgorithm::Aes256Gcm16,
//!         IntegrityAlgorithm::Sha384,
//!         DiffieHellmanGroup::V20Ecp384,
//!     ))
//!     .esp(EspEncryption::new(
//!         EncryptionAlgorithm::Aes256,
//!         IntegrityAlgorithm::Sha256,
//!         DiffieHellmanGroup::V19Ecp256,
//!     ))
//!     .cloud_network_cidrs(["10.0.0.0/24"])
//!     .peer_network_cidrs(["192.168.10.0/24"])
//!     .build()?;
//! let config = RemoteSite::from_sent(&tunnel, &gateway)?.swanctl();
//! assert!(config.expose().contains("proposals = aes256gcm16-prfsha384-ecp384"));
//! assert!(config.expose().contains("esp_proposals = aes256-sha256-ecp256"));
//! assert_eq!(format!("{config:?}"), r#"SiteConfig { format: "swanctl.conf", text: [redacted] }"#);
//! # Ok(())
//! # }
//! ```

mod constructors;
pub mod proposals;
mod swanctl;

use crate::models::{
    Cidr, DiffieHellmanGroup, EncryptionAlgorithm, IntegrityAlgorithm, IpSecGateway, IpSecTunnel,
    IpSecTunnelAuth, IpSecTunnelAuthMethod, IpSecTunnelRemoteHost,
};
use crate::validation::{esp_encryption, ike_encryption};
use crate::Secret;
use proposals::{Encryption, Integrity, Transform};
use std::fmt;
use std::time::Duration;

/// One phase of the tunnel (IKE or ESP): its algorithms, each a row of the [`proposals`]
/// table, and its lifetime (the remote site rekeys when it ends).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Phase {
    /// The encryption algorithm.
    pub encryption: &'static Encryption,
    /// The integrity algorithm (left out of the proposal for an AEAD cipher; IKE's
    /// pseudo-random function still follows it).
    pub integrity: &'static Integrity,
    /// The Diffie-Hellman group (for ESP: the group of perfect forward secrecy).
    pub dh_group: &'static Transform<DiffieHellmanGroup>,
    /// The lifetime: the rekey time of the remote site.
    pub lifetime: Duration,
}

/// The remote site of an IPSec tunnel in no daemon's syntax; see the [module](self). `Debug`
/// shows the pre-shared key as `[redacted]`, also where a server put it in another value.
#[derive(Clone)]
#[non_exhaustive]
pub struct RemoteSite {
    /// The connection's name: the tunnel's name with every character but ASCII letters,
    /// digits, `-` and `_` turned into `-` (the daemons' section names allow no more), then
    /// `-` and 8 hex digits of a checksum of the tunnel (its name as given, both addresses and
    /// both network lists), so that tunnels with the same name, or names that read the same
    /// as a section name, are separate connections when their files are loaded together.
    pub name: String,
    /// The remote site's own public address (or host name): the tunnel's `remoteHost`.
    pub local_address: String,
    /// The IONOS gateway's address: its `gatewayIP`.
    pub remote_address: String,
    /// The networks behind the remote site: the tunnel's `peerNetworkCIDRs`.
    pub local_networks: Vec<Cidr>,
    /// The networks in the cloud: the tunnel's `cloudNetworkCIDRs`.
    pub remote_networks: Vec<Cidr>,
    /// The IKE phase.
    pub ike: Phase,
    /// The ESP (IPSec SA) phase.
    pub esp: Phase,
    psk: Secret,
}

impl RemoteSite {
    /// The remote site of `tunnel` on `gateway`, authenticated with `psk`: the key given when
    /// the tunnel was created, which the API never returns. Both may be the items as read
    /// (`IpSecTunnelRead`, `IpSecGatewayRead`) or their properties. Options the tunnel leaves
    /// out take the spec's defaults, as the API does.
    pub fn new(
        tunnel: impl AsRef<IpSecTunnel>,
        gateway: impl AsRef<IpSecGateway>,
        psk: impl Into<Secret>,
    ) -> Result<Self, RemoteSiteError> {
        let psk = psk.into();
        Self::describe(tunnel.as_ref(), gateway.as_ref(), &psk)
            .map_err(|err| err.redacted(psk.expose()))
    }

    fn describe(
        tunnel: &IpSecTunnel,
        gateway: &IpSecGateway,
        psk: &Secret,
    ) -> Result<Self, RemoteSiteError> {
        if let IpSecTunnelAuthMethod::Unknown(method) = &tunnel.auth.method {
            return Err(RemoteSiteError::NotPsk {
                method: method.clone(),
            });
        }
        if psk.expose().is_empty() {
            return Err(RemoteSiteError::EmptyPsk);
        }
        let remote_host = tunnel.remote_host.as_str();
        if !IpSecTunnelRemoteHost::is_valid(remote_host) {
            return Err(invalid(
                "remoteHost",
                remote_host,
                "an IPv4 address or host name",
            ));
        }
        let gateway_ip = gateway.gateway_ip.as_str();
        if gateway_ip.parse::<std::net::IpAddr>().is_err() {
            return Err(invalid("gatewayIP", gateway_ip, "an IP address"));
        }
        Ok(Self {
            name: connection_name(tunnel, gateway_ip, psk.expose()),
            local_address: remote_host.to_string(),
            remote_address: gateway_ip.to_string(),
            local_networks: networks("peerNetworkCIDRs", &tunnel.peer_network_cidrs)?,
            remote_networks: networks("cloudNetworkCIDRs", &tunnel.cloud_network_cidrs)?,
            ike: phase(
                PhaseOptions {
                    fields: &IKE_FIELDS,
                    encryption: tunnel.ike.encryption_algorithm.as_ref(),
                    integrity: tunnel.ike.integrity_algorithm.as_ref(),
                    dh_group: tunnel.ike.diffie_hellman_group.as_ref(),
                    lifetime: tunnel.ike.lifetime,
                },
                ike_encryption::LIFETIME_DEFAULT,
            )?,
            esp: phase(
                PhaseOptions {
                    fields: &ESP_FIELDS,
                    encryption: tunnel.esp.encryption_algorithm.as_ref(),
                    integrity: tunnel.esp.integrity_algorithm.as_ref(),
                    dh_group: tunnel.esp.diffie_hellman_group.as_ref(),
                    lifetime: tunnel.esp.lifetime,
                },
                esp_encryption::LIFETIME_DEFAULT,
            )?,
            psk: psk.clone(),
        })
    }

    /// The remote site of a tunnel whose properties still hold the pre-shared key: the
    /// properties that were sent to create it (a read never has the key: use [`Self::new`]).
    pub fn from_sent(
        tunnel: &IpSecTunnel,
        gateway: impl AsRef<IpSecGateway>,
    ) -> Result<Self, RemoteSiteError> {
        let psk = psk_of(&tunnel.auth).ok_or(RemoteSiteError::MissingPsk)?;
        Self::new(tunnel, gateway, psk.clone())
    }

    /// The pre-shared key both ends authenticate with.
    pub fn psk(&self) -> &Secret {
        &self.psk
    }

    /// strongSwan's `swanctl.conf` for the remote site (for `/etc/swanctl/conf.d/`): the
    /// connection (IKEv2, the proposals, lifetimes as rekey times, pre-shared key
    /// authentication both ways, the tunnel started when traffic for the cloud's networks
    /// appears) and the key in its `secrets` section.
    pub fn swanctl(&self) -> SiteConfig {
        SiteConfig {
            format: "swanctl.conf",
            text: Secret::new(swanctl::render(self)),
        }
    }
}

impl fmt::Debug for RemoteSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let psk = self.psk.expose();
        f.debug_struct("RemoteSite")
            .field("name", &redact(&self.name, psk))
            .field("local_address", &redact(&self.local_address, psk))
            .field("remote_address", &redact(&self.remote_address, psk))
            .field("local_networks", &self.local_networks)
            .field("remote_networks", &self.remote_networks)
            .field("ike", &self.ike)
            .field("esp", &self.esp)
            .field("psk", &self.psk)
            .finish()
    }
}

/// `text` without the key: in every spelling the runtime's scrub knows (as it is, escaped,
/// encoded), and as a section name spells it.
fn redact(text: &str, psk: &str) -> String {
    let as_name: String = psk.chars().map(name_char).collect();
    vpn_runtime::support::scrub(text, &[psk, &as_name])
}

fn psk_of(auth: &IpSecTunnelAuth) -> Option<&Secret> {
    auth.psk.as_ref()?.key.as_ref()
}

/// A rendered configuration of the remote site. It holds the pre-shared key: `Debug` shows
/// only its format, and there is no `Display`.
#[derive(Clone)]
pub struct SiteConfig {
    format: &'static str,
    text: Secret,
}

impl SiteConfig {
    /// The file format (`"swanctl.conf"`).
    pub fn format(&self) -> &'static str {
        self.format
    }

    /// The file's text, pre-shared key included; call it only where the text is written.
    pub fn expose(&self) -> &str {
        self.text.expose()
    }

    /// Writes the file at `path`, replacing what is there, readable by its owner alone (mode
    /// 0600 on Unix: it holds the pre-shared key; an existing file's looser mode never
    /// applies, and the new text replaces the old one whole).
    pub fn write(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        crate::secret_file::write(path.as_ref(), self.expose().as_bytes())
    }
}

impl fmt::Debug for SiteConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiteConfig")
            .field("format", &self.format)
            .field("text", &self.text)
            .finish()
    }
}

/// Why a tunnel's remote site cannot be described. No variant carries the pre-shared key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RemoteSiteError {
    /// An IKE/ESP option this version of the crate has no keyword for: an option the API
    /// added later. Never replaced by a default, which would make the ends disagree.
    #[error("{field} is {value:?}, an option this version of vpn-api has no proposal keyword for (it knows {known}); update vpn-api")]
    UnknownOption {
        /// Where: `ike.encryptionAlgorithm`, `esp.diffieHellmanGroup`, ...
        field: &'static str,
        /// The option as the API sent it.
        value: String,
        /// The options this version knows, comma-separated.
        known: String,
    },
    /// The tunnel authenticates with something else than a pre-shared key.
    #[error("the tunnel authenticates with {method:?}; only PSK tunnels can be rendered")]
    NotPsk {
        /// The method as the API sent it.
        method: String,
    },
    /// [`RemoteSite::from_sent`] was given properties without the pre-shared key.
    #[error("the tunnel's pre-shared key is missing: the API never returns it, so pass the key to RemoteSite::new")]
    MissingPsk,
    /// The pre-shared key is empty.
    #[error("the pre-shared key is empty")]
    EmptyPsk,
    /// A value from the API that is not what the spec says (an address, a network, a
    /// lifetime).
    #[error("{field} is {value:?}, not {expected}")]
    Invalid {
        /// The property.
        field: &'static str,
        /// The value as the API sent it (at most 64 characters of it).
        value: String,
        /// What it should be.
        expected: &'static str,
    },
    /// The tunnel lists no network on one side.
    #[error("{field} lists no network")]
    NoNetworks {
        /// `peerNetworkCIDRs` or `cloudNetworkCIDRs`.
        field: &'static str,
    },
}

impl RemoteSiteError {
    /// The error without the key (a server may put it in any value) and with values cut to
    /// 64 characters.
    fn redacted(self, psk: &str) -> Self {
        let clean = |value: String| redact(&value, psk).chars().take(64).collect();
        match self {
            Self::UnknownOption {
                field,
                value,
                known,
            } => Self::UnknownOption {
                field,
                value: clean(value),
                known,
            },
            Self::NotPsk { method } => Self::NotPsk {
                method: clean(method),
            },
            Self::Invalid {
                field,
                value,
                expected,
            } => Self::Invalid {
                field,
                value: clean(value),
                expected,
            },
            other => other,
        }
    }
}

fn invalid(field: &'static str, value: &str, expected: &'static str) -> RemoteSiteError {
    RemoteSiteError::Invalid {
        field,
        value: value.to_string(),
        expected,
    }
}

fn networks(field: &'static str, cidrs: &[Cidr]) -> Result<Vec<Cidr>, RemoteSiteError> {
    if cidrs.is_empty() {
        return Err(RemoteSiteError::NoNetworks { field });
    }
    match cidrs.iter().find(|cidr| !Cidr::is_valid(cidr.as_str())) {
        Some(bad) => Err(invalid(field, bad.as_str(), "an IPv4 or IPv6 CIDR")),
        None => Ok(cidrs.to_vec()),
    }
}

/// The name as a section name of the daemons' files (ASCII letters, digits, `-` and `_`),
/// made unique by a checksum of what tells tunnels apart. The checksum is taken of the name
/// without the key, so that it says nothing about a key a server put in the name.
fn connection_name(tunnel: &IpSecTunnel, gateway_ip: &str, psk: &str) -> String {
    let mut identity = crc32fast::Hasher::new();
    let name = redact(&tunnel.name, psk);
    let cidrs = [&tunnel.cloud_network_cidrs, &tunnel.peer_network_cidrs];
    let networks = cidrs.iter().map(|list| list.iter().map(|c| c.as_str()));
    for part in [name.as_str(), tunnel.remote_host.as_str(), gateway_ip]
        .into_iter()
        .chain(networks.flat_map(|list| list.chain([""])))
    {
        // Each part ends with a NUL, which none holds, so ("ab", "c") differs from ("a", "bc").
        identity.update(part.as_bytes());
        identity.update(b"\0");
    }
    format!("{}-{:08x}", section_name(&tunnel.name), identity.finalize())
}

/// ASCII letters, digits, `-` and `_`, at most 64 characters, runs of `-` as one.
fn section_name(tunnel_name: &str) -> String {
    let mut name = String::new();
    for c in tunnel_name.chars().take(64) {
        let c = name_char(c);
        if !(c == '-' && (name.is_empty() || name.ends_with('-'))) {
            name.push(c);
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "ionos-tunnel".to_string()
    } else {
        name.to_string()
    }
}

fn name_char(c: char) -> char {
    if c.is_ascii_alphanumeric() || c == '_' {
        c
    } else {
        '-'
    }
}

/// A phase's options as the tunnel has them (`None`: the spec's default), and where they are.
struct PhaseOptions<'a> {
    fields: &'static PhaseFields,
    encryption: Option<&'a EncryptionAlgorithm>,
    integrity: Option<&'a IntegrityAlgorithm>,
    dh_group: Option<&'a DiffieHellmanGroup>,
    lifetime: Option<i64>,
}

/// The names of a phase's properties, as errors name them.
struct PhaseFields {
    encryption: &'static str,
    integrity: &'static str,
    dh_group: &'static str,
    lifetime: &'static str,
}

const IKE_FIELDS: PhaseFields = PhaseFields {
    encryption: "ike.encryptionAlgorithm",
    integrity: "ike.integrityAlgorithm",
    dh_group: "ike.diffieHellmanGroup",
    lifetime: "ike.lifetime",
};

const ESP_FIELDS: PhaseFields = PhaseFields {
    encryption: "esp.encryptionAlgorithm",
    integrity: "esp.integrityAlgorithm",
    dh_group: "esp.diffieHellmanGroup",
    lifetime: "esp.lifetime",
};

fn phase(options: PhaseOptions<'_>, default_lifetime: i64) -> Result<Phase, RemoteSiteError> {
    let fields = options.fields;
    let encryption = options.encryption.cloned().unwrap_or_default();
    let integrity = options.integrity.cloned().unwrap_or_default();
    let dh_group = options.dh_group.cloned().unwrap_or_default();
    let lifetime = options.lifetime.unwrap_or(default_lifetime);
    let seconds = u64::try_from(lifetime).ok().filter(|seconds| *seconds > 0);
    let seconds = seconds.ok_or_else(|| {
        invalid(
            fields.lifetime,
            &lifetime.to_string(),
            "a positive number of seconds",
        )
    })?;
    Ok(Phase {
        encryption: proposals::encryption(&encryption).ok_or_else(|| {
            let known = proposals::ENCRYPTION
                .iter()
                .map(|r| r.transform.option.as_str());
            unknown(fields.encryption, encryption.as_str(), known)
        })?,
        integrity: proposals::integrity(&integrity).ok_or_else(|| {
            let known = proposals::INTEGRITY
                .iter()
                .map(|r| r.transform.option.as_str());
            unknown(fields.integrity, integrity.as_str(), known)
        })?,
        dh_group: proposals::dh_group(&dh_group).ok_or_else(|| {
            let known = proposals::DH_GROUPS.iter().map(|r| r.option.as_str());
            unknown(fields.dh_group, dh_group.as_str(), known)
        })?,
        lifetime: Duration::from_secs(seconds),
    })
}

fn unknown<'a>(
    field: &'static str,
    value: &str,
    known: impl Iterator<Item = &'a str>,
) -> RemoteSiteError {
    RemoteSiteError::UnknownOption {
        field,
        value: value.to_string(),
        known: known.collect::<Vec<_>>().join(", "),
    }
}
