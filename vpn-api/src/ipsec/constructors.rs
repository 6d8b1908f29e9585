//! Constructors the IPSec models lack in the generated code, whose fields are all optional
//! (so they get only `with_…` setters): a tunnel's IKE and ESP settings in one call, and
//! pre-shared key authentication in one call; and a tunnel or gateway as read standing for
//! its properties.

use crate::models::{
    DiffieHellmanGroup, EncryptionAlgorithm, EspEncryption, IkeEncryption, IntegrityAlgorithm,
    IpSecGateway, IpSecGatewayRead, IpSecPsk, IpSecTunnel, IpSecTunnelAuth, IpSecTunnelAuthMethod,
    IpSecTunnelRead,
};
use crate::validation::{esp_encryption, ike_encryption};
use crate::Secret;
use std::fmt;

/// The constructor and `Display` of a phase's settings: IKE and ESP are two generated types of
/// the same four optional fields, with their own default lifetime.
macro_rules! phase_settings {
    ($settings:ident, $lifetime_default:path, $new_doc:literal, $display_doc:literal) => {
        impl $settings {
            #[doc = $new_doc]
            pub fn new(
                encryption: impl Into<EncryptionAlgorithm>,
                integrity: impl Into<IntegrityAlgorithm>,
                dh_group: impl Into<DiffieHellmanGroup>,
            ) -> Self {
                Self::default()
                    .with_encryption_algorithm(encryption.into())
                    .with_integrity_algorithm(integrity.into())
                    .with_diffie_hellman_group(dh_group.into())
            }
        }

        #[doc = $display_doc]
        impl fmt::Display for $settings {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "{}, {}, {}, {} s",
                    self.encryption_algorithm.clone().unwrap_or_default(),
                    self.integrity_algorithm.clone().unwrap_or_default(),
                    self.diffie_hellman_group.clone().unwrap_or_default(),
                    self.lifetime.unwrap_or($lifetime_default),
                )
            }
        }
    };
}

phase_settings!(
    IkeEncryption,
    ike_encryption::LIFETIME_DEFAULT,
    "The IKE settings with the three algorithms, as enum values or as the spec spells them \
     (`IkeEncryption::new(\"AES256\", \"SHA256\", \"16-MODP4096\")`: a value the spec does not \
     list is refused by validation, naming the field, before anything is sent); the lifetime \
     is left to the server's default (86400 s) unless `with_lifetime` sets it.",
    "The settings as the API applies them, the spec's defaults in place of what is left out: \
     `AES256, SHA256, 16-MODP4096, 86400 s`."
);

phase_settings!(
    EspEncryption,
    esp_encryption::LIFETIME_DEFAULT,
    "The ESP settings with the three algorithms (the group is the one of perfect forward \
     secrecy), as enum values or as the spec spells them, like [`IkeEncryption::new`]; the \
     lifetime is left to the server's default (3600 s) unless `with_lifetime` sets it.",
    "The settings as the API applies them, the spec's defaults in place of what is left out: \
     `AES256, SHA256, 16-MODP4096, 3600 s`."
);

impl IpSecTunnelAuth {
    /// Authentication with a pre-shared key (the method `PSK` and the key).
    pub fn psk(key: impl Into<Secret>) -> Self {
        Self::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new(key))
    }
}

/// A tunnel as read or as sent: what `RemoteSite::new` takes.
impl AsRef<IpSecTunnel> for IpSecTunnel {
    fn as_ref(&self) -> &IpSecTunnel {
        self
    }
}

/// The read's properties.
impl AsRef<IpSecTunnel> for IpSecTunnelRead {
    fn as_ref(&self) -> &IpSecTunnel {
        &self.properties
    }
}

/// A gateway as read or as sent: what `RemoteSite::new` takes.
impl AsRef<IpSecGateway> for IpSecGateway {
    fn as_ref(&self) -> &IpSecGateway {
        self
    }
}

/// The read's properties.
impl AsRef<IpSecGateway> for IpSecGatewayRead {
    fn as_ref(&self) -> &IpSecGateway {
        &self.properties
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constructors_set_every_algorithm_and_leave_the_lifetime() {
        let ike = IkeEncryption::new(
            EncryptionAlgorithm::Aes128Gcm16,
            IntegrityAlgorithm::AesXcbc,
            DiffieHellmanGroup::V28Ecp256Bp,
        );
        let json = serde_json::to_value(&ike).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "encryptionAlgorithm": "AES128-GCM-16",
                "integrityAlgorithm": "AES-XCBC",
                "diffieHellmanGroup": "28-ECP256BP",
            })
        );
        let esp = EspEncryption::new(
            EncryptionAlgorithm::Aes256Ctr,
            IntegrityAlgorithm::Sha512,
            DiffieHellmanGroup::V15Modp3072,
        )
        .with_lifetime(600);
        let json = serde_json::to_value(&esp).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "encryptionAlgorithm": "AES256-CTR",
                "integrityAlgorithm": "SHA512",
                "diffieHellmanGroup": "15-MODP3072",
                "lifetime": 600,
            })
        );
    }

    /// The spec's spellings give the same values; one it does not list is refused where the
    /// tunnel is built, by field.
    #[test]
    fn the_specs_spellings_are_accepted_and_a_misspelling_is_refused() {
        let typed = IkeEncryption::new(
            EncryptionAlgorithm::Aes256,
            IntegrityAlgorithm::Sha256,
            DiffieHellmanGroup::V16Modp4096,
        );
        assert_eq!(IkeEncryption::new("AES256", "SHA256", "16-MODP4096"), typed);
        let tunnel = crate::models::IpSecTunnel::builder()
            .name("t")
            .remote_host("vpn.example.com")
            .auth(IpSecTunnelAuth::psk("key"))
            .ike(IkeEncryption::new("AES-256", "SHA256", "16-MODP4096"))
            .esp(EspEncryption::new("AES256", "SHA256", "14-MODP2048"))
            .cloud_network_cidrs(["10.0.0.0/24"])
            .peer_network_cidrs(["192.168.10.0/24"])
            .build();
        let err = tunnel.expect_err("refused").to_string();
        assert!(err.contains("ike.encryptionAlgorithm"), "{err}");
        assert!(err.contains("esp.diffieHellmanGroup"), "{err}");
    }

    #[test]
    fn a_phase_shows_what_the_api_applies() {
        let ike = IkeEncryption::new("AES128-GCM-16", "SHA384", "19-ECP256").with_lifetime(3600);
        assert_eq!(ike.to_string(), "AES128-GCM-16, SHA384, 19-ECP256, 3600 s");
        assert_eq!(
            IkeEncryption::default().to_string(),
            "AES256, SHA256, 16-MODP4096, 86400 s"
        );
        assert_eq!(
            EspEncryption::default().to_string(),
            "AES256, SHA256, 16-MODP4096, 3600 s"
        );
    }

    #[test]
    fn psk_auth_is_one_call_and_keeps_the_key_secret() {
        let auth = IpSecTunnelAuth::psk("s3cret \"key\"");
        let json = serde_json::to_value(&auth).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"method": "PSK", "psk": {"key": "s3cret \"key\""}})
        );
        assert!(!format!("{auth:?}").contains("s3cret"), "{auth:?}");
    }
}
