//! A peer's side of a WireGuard tunnel: what `wg-quick` (and the WireGuard apps) read.

use super::keys::{PrivateKey, PublicKey};
use std::fmt;
use std::net::IpAddr;
use zeroize::Zeroizing;

/// The listen port of a gateway that names none (the spec's default for `listenPort`).
// The spec's port range (checked by the generated validation) fits a `u16`.
pub const DEFAULT_LISTEN_PORT: u16 =
    crate::validation::wireguard_gateway::LISTEN_PORT_DEFAULT as u16;

/// The configuration of a peer of a WireGuard gateway: its private key, its address in the
/// tunnel, and the gateway as its one `[Peer]`. It holds a private key, so `Debug` redacts
/// it, and `Display` is a summary of what was made, not the file: the peer's addresses and
/// public key, the gateway's endpoint and public key, the routes, DNS and keepalive when set,
/// and never a private key. [`to_wg_quick`](Self::to_wg_quick) gives the file's text and
/// [`write_to`](Self::write_to) writes it.
///
/// ```text
/// WireGuard peer 10.8.0.2/32, public key hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=
///   gateway 203.0.113.10:51820, public key 3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=
///   routes 10.8.0.0/24, 192.168.1.0/24
///   DNS 10.8.0.1
///   keepalive every 25 s
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PeerConfig {
    /// The peer's private key (`[Interface] PrivateKey`).
    pub private_key: PrivateKey,
    /// The peer's addresses in the tunnel, with their prefix (`[Interface] Address`).
    pub addresses: Vec<String>,
    /// DNS servers the peer uses while the tunnel is up (`[Interface] DNS`; may be empty).
    pub dns: Vec<String>,
    /// The gateway's public key (`[Peer] PublicKey`).
    pub gateway_public_key: PublicKey,
    /// Where the gateway listens: `host:port`, an IPv6 host in brackets (`[Peer] Endpoint`).
    pub endpoint: String,
    /// The networks reached through the tunnel (`[Peer] AllowedIPs`).
    pub routes: Vec<String>,
    /// Seconds between keepalive packets, for a peer behind NAT (`[Peer]
    /// PersistentKeepalive`).
    pub persistent_keepalive: Option<u16>,
}

impl PeerConfig {
    /// A configuration with every required part; no DNS and no keepalive.
    pub fn new(
        private_key: PrivateKey,
        addresses: Vec<String>,
        gateway_public_key: PublicKey,
        endpoint: impl Into<String>,
        routes: Vec<String>,
    ) -> PeerConfig {
        PeerConfig {
            private_key,
            addresses,
            dns: Vec::new(),
            gateway_public_key,
            endpoint: endpoint.into(),
            routes,
            persistent_keepalive: None,
        }
    }

    /// The same configuration with DNS servers.
    pub fn with_dns(mut self, servers: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.dns = servers.into_iter().map(Into::into).collect();
        self
    }

    /// The same configuration with a keepalive every `seconds`.
    pub fn with_persistent_keepalive(mut self, seconds: u16) -> Self {
        self.persistent_keepalive = Some(seconds);
        self
    }

    /// The peer's public key, as the gateway knows the peer (derived from
    /// [`private_key`](Self::private_key); safe to log).
    pub fn public_key(&self) -> PublicKey {
        self.private_key.public_key()
    }

    /// The wg-quick file (`wg-quick up ./wg0.conf`, or imported into a WireGuard app). It
    /// holds the private key: zeroized when dropped; write it with [`write_to`](Self::write_to).
    pub fn to_wg_quick(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::from("[Interface]\n"));
        line(
            &mut text,
            "PrivateKey",
            Some(self.private_key.to_text().as_str()),
        );
        line(&mut text, "Address", list(&self.addresses).as_deref());
        line(&mut text, "DNS", list(&self.dns).as_deref());
        text.push_str("\n[Peer]\n");
        line(
            &mut text,
            "PublicKey",
            Some(&self.gateway_public_key.to_base64()),
        );
        line(&mut text, "Endpoint", Some(&self.endpoint));
        line(&mut text, "AllowedIPs", list(&self.routes).as_deref());
        let keepalive = self.persistent_keepalive.map(|s| s.to_string());
        line(&mut text, "PersistentKeepalive", keepalive.as_deref());
        text
    }

    /// Writes the wg-quick file at `path`, replacing what is there, readable by its owner alone
    /// (mode 0600 on Unix: it holds the private key; an existing file's looser mode never
    /// applies, and the new text replaces the old one whole).
    pub fn write_to(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        crate::secret_file::write(path.as_ref(), self.to_wg_quick().as_bytes())
    }
}

impl fmt::Debug for PeerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerConfig")
            .field("private_key", &self.private_key)
            .field("addresses", &self.addresses)
            .field("dns", &self.dns)
            .field("gateway_public_key", &self.gateway_public_key)
            .field("endpoint", &self.endpoint)
            .field("routes", &self.routes)
            .field("persistent_keepalive", &self.persistent_keepalive)
            .finish()
    }
}

// A summary to print after onboarding: the private key is only used to derive the peer's
// public key, and its text is never formatted here, so no formatting flag can reach it.
impl fmt::Display for PeerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let addresses = list(&self.addresses).unwrap_or_default();
        write!(
            f,
            "WireGuard peer {addresses}, public key {}",
            self.public_key()
        )?;
        write!(
            f,
            "\n  gateway {}, public key {}",
            self.endpoint, self.gateway_public_key
        )?;
        if let Some(routes) = list(&self.routes) {
            write!(f, "\n  routes {routes}")?;
        }
        if let Some(dns) = list(&self.dns) {
            write!(f, "\n  DNS {dns}")?;
        }
        if let Some(seconds) = self.persistent_keepalive {
            write!(f, "\n  keepalive every {seconds} s")?;
        }
        Ok(())
    }
}

/// `key = value`, or nothing when there is no value.
fn line(text: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        text.push_str(key);
        text.push_str(" = ");
        text.push_str(value);
        text.push('\n');
    }
}

/// A wg-quick list value (`a, b`), or nothing for an empty list (the key is left out).
fn list(values: &[String]) -> Option<String> {
    (!values.is_empty()).then(|| values.join(", "))
}

/// `host:port`, the host in brackets when it is an IPv6 address (as wg-quick reads it).
pub(super) fn endpoint(host: &str, port: u16) -> String {
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => format!("[{v6}]:{port}"),
        _ => format!("{host}:{port}"),
    }
}

/// The network of an address with its prefix (`192.168.1.100/24` -> `192.168.1.0/24`): the
/// route a peer takes to reach it. Text that is not an address with a prefix is kept as is.
pub(super) fn network(cidr: &str) -> String {
    let Some((address, prefix)) = cidr.trim().split_once('/') else {
        return cidr.trim().to_string();
    };
    let (Ok(address), Ok(prefix)) = (address.parse::<IpAddr>(), prefix.parse::<u32>()) else {
        return cidr.trim().to_string();
    };
    match address {
        IpAddr::V4(v4) if prefix <= 32 => {
            let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
            format!(
                "{}/{prefix}",
                std::net::Ipv4Addr::from(u32::from(v4) & mask)
            )
        }
        IpAddr::V6(v6) if prefix <= 128 => {
            let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
            format!(
                "{}/{prefix}",
                std::net::Ipv6Addr::from(u128::from(v6) & mask)
            )
        }
        _ => cidr.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_drop_the_host_bits() {
        assert_eq!(network("192.168.1.100/24"), "192.168.1.0/24");
        assert_eq!(network("10.8.0.1/32"), "10.8.0.1/32");
        assert_eq!(network("10.8.0.1/0"), "0.0.0.0/0");
        assert_eq!(network("2001:db8::1/64"), "2001:db8::/64");
        assert_eq!(network("fd00::1/0"), "::/0");
        assert_eq!(network("not-an-address"), "not-an-address");
    }

    use crate::wireguard::keys::rfc7748::{ALICE_PRIVATE, BOB_PUBLIC};

    fn alice() -> PeerConfig {
        PeerConfig::new(
            PrivateKey::from_base64(ALICE_PRIVATE).unwrap(),
            vec!["10.8.0.2/32".into()],
            PublicKey::from_base64(BOB_PUBLIC).unwrap(),
            "203.0.113.10:51820",
            vec!["10.8.0.0/24".into(), "192.168.1.0/24".into()],
        )
    }

    // The example in `PeerConfig`'s docs, which must stay what `Display` prints.
    #[test]
    fn display_summarises_what_was_made() {
        let config = alice().with_dns(["10.8.0.1"]).with_persistent_keepalive(25);
        let docs = include_str!("config.rs")
            .split("/// ```text\n")
            .nth(1)
            .and_then(|rest| rest.split("/// ```").next())
            .unwrap()
            .lines()
            .map(|line| line.strip_prefix("/// ").unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(config.to_string(), docs);
        assert_eq!(
            alice().to_string(),
            docs.lines().take(3).collect::<Vec<_>>().join("\n"),
            "no DNS and no keepalive: no line for them"
        );
        assert!(!config.to_string().contains(ALICE_PRIVATE));
        // The README shows the same summary without DNS.
        let readme = include_str!("../../README.md");
        let shown = alice().with_persistent_keepalive(25).to_string();
        assert!(
            readme.contains(&format!("```text\n{shown}\n```")),
            "the README's sample of `println!(\"{{config}}\")` is not what it prints:\n{shown}"
        );
    }

    #[test]
    fn ipv6_endpoints_are_bracketed() {
        assert_eq!(endpoint("203.0.113.10", 51820), "203.0.113.10:51820");
        assert_eq!(endpoint("2001:db8::1", 443), "[2001:db8::1]:443");
        assert_eq!(endpoint("vpn.example.com", 1), "vpn.example.com:1");
    }
}
