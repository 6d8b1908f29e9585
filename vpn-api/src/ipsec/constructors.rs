//! Constructors the IPSec models lack in the generated code, whose fields are all optional
//! (so they get only `with_…` setters): a tunnel's IKE and ESP settings in one call, and
//! pre-shared key authentication in one call.

use crate::models::{
    DiffieHellmanGroup, EncryptionAlgorithm, EspEncryption, IkeEncryption, IntegrityAlgorithm,
    IpSecPsk, IpSecTunnelAuth, IpSecTunnelAuthMethod,
};
use crate::Secret;

impl IkeEncryption {
    /// The IKE settings with the three algorithms; the lifetime is left to the server's
    /// default (86400 s) unless `with_lifetime` sets it.
    pub fn new(
        encryption: EncryptionAlgorithm,
        integrity: IntegrityAlgorithm,
        dh_group: DiffieHellmanGroup,
    ) -> Self {
        Self::default()
            .with_encryption_algorithm(encryption)
            .with_integrity_algorithm(integrity)
            .with_diffie_hellman_group(dh_group)
    }
}

impl EspEncryption {
    /// The ESP settings with the three algorithms (the group is the one of perfect forward
    /// secrecy); the lifetime is left to the server's default (3600 s) unless
    /// `with_lifetime` sets it.
    pub fn new(
        encryption: EncryptionAlgorithm,
        integrity: IntegrityAlgorithm,
        dh_group: DiffieHellmanGroup,
    ) -> Self {
        Self::default()
            .with_encryption_algorithm(encryption)
            .with_integrity_algorithm(integrity)
            .with_diffie_hellman_group(dh_group)
    }
}

impl IpSecTunnelAuth {
    /// Authentication with a pre-shared key (the method `PSK` and the key).
    pub fn psk(key: impl Into<Secret>) -> Self {
        Self::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new(key))
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
