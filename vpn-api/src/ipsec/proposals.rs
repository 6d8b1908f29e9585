//! The one table from the spec's IKE/ESP options to the remote site's proposal keywords.
//!
//! Each option value of `EncryptionAlgorithm`, `IntegrityAlgorithm` and `DiffieHellmanGroup`
//! (the same lists for IKE and ESP) and its strongSwan proposal keyword. A proposal is the
//! encryption, then the integrity algorithm unless the cipher is an AEAD, then (IKE only) the
//! pseudo-random function that goes with the integrity algorithm, then the group:
//! `aes256-sha256-prfsha256-modp4096` (IKE), `aes256gcm16-ecp256` (ESP, the group for perfect
//! forward secrecy). A value not in this table (an option the API added after this version) is
//! an error, never a default. The last column is how charon names the algorithm once parsed; the
//! strongSwan test checks every row against a real charon.
//!
//! | spec option | kind | strongSwan keyword | charon's name |
//! |---|---|---|---|
//! | `AES128-CTR` | encryption | `aes128ctr` | `AES_CTR_128` |
//! | `AES256-CTR` | encryption | `aes256ctr` | `AES_CTR_256` |
//! | `AES128-GCM-16` | encryption (AEAD: no integrity algorithm) | `aes128gcm16` | `AES_GCM_16_128` |
//! | `AES256-GCM-16` | encryption (AEAD: no integrity algorithm) | `aes256gcm16` | `AES_GCM_16_256` |
//! | `AES128-GCM-12` | encryption (AEAD: no integrity algorithm) | `aes128gcm12` | `AES_GCM_12_128` |
//! | `AES256-GCM-12` | encryption (AEAD: no integrity algorithm) | `aes256gcm12` | `AES_GCM_12_256` |
//! | `AES128-CCM-12` | encryption (AEAD: no integrity algorithm) | `aes128ccm12` | `AES_CCM_12_128` |
//! | `AES256-CCM-12` | encryption (AEAD: no integrity algorithm) | `aes256ccm12` | `AES_CCM_12_256` |
//! | `AES128` | encryption | `aes128` | `AES_CBC_128` |
//! | `AES256` | encryption | `aes256` | `AES_CBC_256` |
//! | `SHA256` | integrity (and IKE PRF) | `sha256`, IKE PRF `prfsha256` | `HMAC_SHA2_256_128`, `PRF_HMAC_SHA2_256` |
//! | `SHA384` | integrity (and IKE PRF) | `sha384`, IKE PRF `prfsha384` | `HMAC_SHA2_384_192`, `PRF_HMAC_SHA2_384` |
//! | `SHA512` | integrity (and IKE PRF) | `sha512`, IKE PRF `prfsha512` | `HMAC_SHA2_512_256`, `PRF_HMAC_SHA2_512` |
//! | `AES-XCBC` | integrity (and IKE PRF) | `aesxcbc`, IKE PRF `prfaesxcbc` | `AES_XCBC_96`, `PRF_AES128_XCBC` |
//! | `15-MODP3072` | Diffie-Hellman group | `modp3072` | `MODP_3072` |
//! | `16-MODP4096` | Diffie-Hellman group | `modp4096` | `MODP_4096` |
//! | `19-ECP256` | Diffie-Hellman group | `ecp256` | `ECP_256` |
//! | `20-ECP384` | Diffie-Hellman group | `ecp384` | `ECP_384` |
//! | `21-ECP521` | Diffie-Hellman group | `ecp521` | `ECP_521` |
//! | `28-ECP256BP` | Diffie-Hellman group | `ecp256bp` | `ECP_256_BP` |
//! | `29-ECP384BP` | Diffie-Hellman group | `ecp384bp` | `ECP_384_BP` |
//! | `30-ECP512BP` | Diffie-Hellman group | `ecp512bp` | `ECP_512_BP` |

use crate::models::{DiffieHellmanGroup, EncryptionAlgorithm, IntegrityAlgorithm};

/// One option value of the spec and what the remote site's IPSec daemon calls it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transform<T: 'static> {
    /// The option as the spec lists it.
    pub option: T,
    /// strongSwan's proposal keyword (`swanctl.conf`'s `proposals` and `esp_proposals`).
    pub strongswan: &'static str,
    /// How charon names the algorithm once parsed (in its log and in `swanctl --list-sas`).
    pub charon: &'static str,
}

/// An encryption algorithm: AEAD ciphers (GCM, CCM) authenticate by themselves, so a
/// proposal with one has no separate integrity algorithm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Encryption {
    /// The keywords of the algorithm.
    pub transform: Transform<EncryptionAlgorithm>,
    /// Whether the cipher is an AEAD (GCM, CCM).
    pub aead: bool,
}

/// An integrity algorithm; IKE also derives its pseudo-random function from it (IKE always
/// needs one, AEAD or not).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Integrity {
    /// The keywords of the algorithm.
    pub transform: Transform<IntegrityAlgorithm>,
    /// strongSwan's keyword for the IKE pseudo-random function that goes with it.
    pub strongswan_prf: &'static str,
    /// How charon names that pseudo-random function.
    pub charon_prf: &'static str,
}

const fn transform<T>(option: T, strongswan: &'static str, charon: &'static str) -> Transform<T> {
    Transform {
        option,
        strongswan,
        charon,
    }
}

const fn cipher(
    option: EncryptionAlgorithm,
    strongswan: &'static str,
    charon: &'static str,
    aead: bool,
) -> Encryption {
    Encryption {
        transform: transform(option, strongswan, charon),
        aead,
    }
}

/// Every `EncryptionAlgorithm` of the spec.
pub const ENCRYPTION: &[Encryption] = &[
    cipher(
        EncryptionAlgorithm::Aes128Ctr,
        "aes128ctr",
        "AES_CTR_128",
        false,
    ),
    cipher(
        EncryptionAlgorithm::Aes256Ctr,
        "aes256ctr",
        "AES_CTR_256",
        false,
    ),
    cipher(
        EncryptionAlgorithm::Aes128Gcm16,
        "aes128gcm16",
        "AES_GCM_16_128",
        true,
    ),
    cipher(
        EncryptionAlgorithm::Aes256Gcm16,
        "aes256gcm16",
        "AES_GCM_16_256",
        true,
    ),
    cipher(
        EncryptionAlgorithm::Aes128Gcm12,
        "aes128gcm12",
        "AES_GCM_12_128",
        true,
    ),
    cipher(
        EncryptionAlgorithm::Aes256Gcm12,
        "aes256gcm12",
        "AES_GCM_12_256",
        true,
    ),
    cipher(
        EncryptionAlgorithm::Aes128Ccm12,
        "aes128ccm12",
        "AES_CCM_12_128",
        true,
    ),
    cipher(
        EncryptionAlgorithm::Aes256Ccm12,
        "aes256ccm12",
        "AES_CCM_12_256",
        true,
    ),
    cipher(EncryptionAlgorithm::Aes128, "aes128", "AES_CBC_128", false),
    cipher(EncryptionAlgorithm::Aes256, "aes256", "AES_CBC_256", false),
];

/// Every `IntegrityAlgorithm` of the spec.
pub const INTEGRITY: &[Integrity] = &[
    Integrity {
        transform: transform(IntegrityAlgorithm::Sha256, "sha256", "HMAC_SHA2_256_128"),
        strongswan_prf: "prfsha256",
        charon_prf: "PRF_HMAC_SHA2_256",
    },
    Integrity {
        transform: transform(IntegrityAlgorithm::Sha384, "sha384", "HMAC_SHA2_384_192"),
        strongswan_prf: "prfsha384",
        charon_prf: "PRF_HMAC_SHA2_384",
    },
    Integrity {
        transform: transform(IntegrityAlgorithm::Sha512, "sha512", "HMAC_SHA2_512_256"),
        strongswan_prf: "prfsha512",
        charon_prf: "PRF_HMAC_SHA2_512",
    },
    Integrity {
        transform: transform(IntegrityAlgorithm::AesXcbc, "aesxcbc", "AES_XCBC_96"),
        strongswan_prf: "prfaesxcbc",
        charon_prf: "PRF_AES128_XCBC",
    },
];

/// Every `DiffieHellmanGroup` of the spec.
pub const DH_GROUPS: &[Transform<DiffieHellmanGroup>] = &[
    transform(DiffieHellmanGroup::V15Modp3072, "modp3072", "MODP_3072"),
    transform(DiffieHellmanGroup::V16Modp4096, "modp4096", "MODP_4096"),
    transform(DiffieHellmanGroup::V19Ecp256, "ecp256", "ECP_256"),
    transform(DiffieHellmanGroup::V20Ecp384, "ecp384", "ECP_384"),
    transform(DiffieHellmanGroup::V21Ecp521, "ecp521", "ECP_521"),
    transform(DiffieHellmanGroup::V28Ecp256Bp, "ecp256bp", "ECP_256_BP"),
    transform(DiffieHellmanGroup::V29Ecp384Bp, "ecp384bp", "ECP_384_BP"),
    transform(DiffieHellmanGroup::V30Ecp512Bp, "ecp512bp", "ECP_512_BP"),
];

/// The row of an encryption algorithm; `None` for a value this table does not know
/// (`EncryptionAlgorithm::Unknown`, an option added to the API after this version).
pub fn encryption(option: &EncryptionAlgorithm) -> Option<&'static Encryption> {
    ENCRYPTION
        .iter()
        .find(|row| row.transform.option == *option)
}

/// The row of an integrity algorithm; `None` for a value this table does not know.
pub fn integrity(option: &IntegrityAlgorithm) -> Option<&'static Integrity> {
    INTEGRITY.iter().find(|row| row.transform.option == *option)
}

/// The row of a Diffie-Hellman group; `None` for a value this table does not know.
pub fn dh_group(option: &DiffieHellmanGroup) -> Option<&'static Transform<DiffieHellmanGroup>> {
    DH_GROUPS.iter().find(|row| row.option == *option)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as the module's documentation shows it, made from the code.
    fn markdown() -> String {
        let mut out = String::from(
            "| spec option | kind | strongSwan keyword | charon's name |\n|---|---|---|---|\n",
        );
        for row in ENCRYPTION {
            let kind = if row.aead {
                "encryption (AEAD: no integrity algorithm)"
            } else {
                "encryption"
            };
            out += &line(&row.transform, kind, None);
        }
        for row in INTEGRITY {
            let prf = (row.strongswan_prf, row.charon_prf);
            out += &line(&row.transform, "integrity (and IKE PRF)", Some(prf));
        }
        for row in DH_GROUPS {
            out += &line(row, "Diffie-Hellman group", None);
        }
        out
    }

    fn line<T: std::fmt::Display>(
        row: &Transform<T>,
        kind: &str,
        prf: Option<(&str, &str)>,
    ) -> String {
        let (keyword, charon) = match prf {
            Some((prf, charon_prf)) => (
                format!("`{}`, IKE PRF `{prf}`", row.strongswan),
                format!("`{}`, `{charon_prf}`", row.charon),
            ),
            None => (format!("`{}`", row.strongswan), format!("`{}`", row.charon)),
        };
        format!("| `{}` | {kind} | {keyword} | {charon} |\n", row.option)
    }

    /// Every option value of the spec has its row, and no row names a value twice.
    #[test]
    fn every_option_value_of_the_spec_has_one_row() {
        for option in EncryptionAlgorithm::KNOWN {
            let rows = ENCRYPTION.iter().filter(|r| r.transform.option == *option);
            assert_eq!(rows.count(), 1, "{option}");
        }
        for option in IntegrityAlgorithm::KNOWN {
            let rows = INTEGRITY.iter().filter(|r| r.transform.option == *option);
            assert_eq!(rows.count(), 1, "{option}");
        }
        for option in DiffieHellmanGroup::KNOWN {
            assert_eq!(
                DH_GROUPS.iter().filter(|r| r.option == *option).count(),
                1,
                "{option}"
            );
        }
        assert_eq!(ENCRYPTION.len(), EncryptionAlgorithm::KNOWN.len());
        assert_eq!(INTEGRITY.len(), IntegrityAlgorithm::KNOWN.len());
        assert_eq!(DH_GROUPS.len(), DiffieHellmanGroup::KNOWN.len());
    }

    /// The option's own name says whether it is an AEAD: GCM and CCM are, CBC and CTR are not.
    #[test]
    fn gcm_and_ccm_are_the_aead_ciphers() {
        for row in ENCRYPTION {
            let name = row.transform.option.as_str();
            let aead = name.contains("GCM") || name.contains("CCM");
            assert_eq!(row.aead, aead, "{name}");
        }
    }

    #[test]
    fn unknown_values_have_no_row() {
        assert!(encryption(&EncryptionAlgorithm::from("AES512-OCB")).is_none());
        assert!(integrity(&IntegrityAlgorithm::from("MD5")).is_none());
        assert!(dh_group(&DiffieHellmanGroup::from("31-CURVE25519")).is_none());
    }

    /// The documentation shows the table the code has (`UPDATE_EXPECT=1` rewrites it).
    #[test]
    fn the_documented_table_is_the_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ipsec/proposals.rs");
        let source = std::fs::read_to_string(path).expect("proposals.rs");
        let table: String = markdown().lines().map(|l| format!("//! {l}\n")).collect();
        let start = source
            .find("//! | spec option")
            .expect("the table in the docs");
        let end = start + source[start..].find("\n\n").expect("the end of the docs") + 1;
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let updated = format!("{}{table}{}", &source[..start], &source[end..]);
            std::fs::write(path, updated).expect("write proposals.rs");
            return;
        }
        assert_eq!(
            source[start..end],
            table,
            "run with UPDATE_EXPECT=1 to rewrite the docs"
        );
    }
}
