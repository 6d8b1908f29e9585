//! WireGuard keys: X25519 key pairs made from the OS's randomness, written and read in the
//! base64 text `wg genkey` and `wg pubkey` use (44 characters: 32 bytes with `=` padding).

use crate::Secret;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

/// The length of a key's base64 text: 32 bytes, padded.
const TEXT_LENGTH: usize = 44;

/// Why a text is not a WireGuard key. It never holds the text itself: for a private key
/// that would print the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The text is not 44 characters long.
    #[error("a WireGuard key is 44 characters of base64, this text has {0}")]
    Length(usize),
    /// The text is 44 characters long but not base64 of 32 bytes (as `wg` writes it: the
    /// standard alphabet, one `=` of padding).
    #[error("a WireGuard key is base64 of 32 bytes, this text of 44 characters is not")]
    NotBase64,
    /// The operating system gave no random bytes for a new key.
    #[error("no randomness from the operating system for a new key: {0}")]
    Randomness(String),
}

/// 32 bytes from the key's base64 text, zeroized when dropped (the text may be a secret).
fn decode(text: &str) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let text = text.trim();
    if text.len() != TEXT_LENGTH {
        return Err(KeyError::Length(text.chars().count()));
    }
    let mut bytes = Zeroizing::new([0u8; 32]);
    // The slice is one byte longer than the key: base64 of 44 characters may decode to 33
    // bytes' worth of room, and the engine wants that room before it knows the length.
    let mut room = Zeroizing::new([0u8; 33]);
    match STANDARD.decode_slice(text, room.as_mut_slice()) {
        Ok(32) => {
            bytes.copy_from_slice(&room[..32]);
            Ok(bytes)
        }
        _ => Err(KeyError::NotBase64),
    }
}

/// A WireGuard private key (X25519 static secret). Zeroized when dropped; `Debug` shows
/// `PrivateKey([redacted])` and there is no `Display`: the text comes out only as a
/// [`Secret`]. The generated models take the key itself where the spec wants a private key
/// (`WireguardGateway::new(.., key)`, or `&key` to keep it; [`to_secret`](Self::to_secret)
/// gives the `Secret` for other uses).
#[derive(Clone)]
pub struct PrivateKey(x25519_dalek::StaticSecret);

impl PrivateKey {
    /// A new key from the operating system's randomness, clamped as `wg genkey` writes it.
    pub fn generate() -> Result<PrivateKey, KeyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut_slice()).map_err(|e| KeyError::Randomness(e.to_string()))?;
        // The X25519 clamping `wg genkey` applies before printing (the curve operation
        // clamps anyway, so the public key is the same either way).
        bytes[0] &= 248;
        bytes[31] &= 127;
        bytes[31] |= 64;
        Ok(PrivateKey(x25519_dalek::StaticSecret::from(*bytes)))
    }

    /// Reads a key from its base64 text (as `wg genkey` writes it; surrounding whitespace
    /// is ignored). The error never holds the text.
    pub fn from_base64(text: &str) -> Result<PrivateKey, KeyError> {
        let bytes = decode(text)?;
        Ok(PrivateKey(x25519_dalek::StaticSecret::from(*bytes)))
    }

    /// The public key that belongs to this private key (what `wg pubkey` prints).
    pub fn public_key(&self) -> PublicKey {
        PublicKey(x25519_dalek::PublicKey::from(&self.0))
    }

    /// The key's base64 text, as a [`Secret`] (redacted in `Debug`). Call it where the text
    /// is needed: a gateway's `privateKey`, a configuration file.
    pub fn to_secret(&self) -> Secret {
        Secret::new(STANDARD.encode(self.0.as_bytes()))
    }

    /// The base64 text in a string that is zeroized when dropped.
    pub(crate) fn to_text(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(TEXT_LENGTH));
        STANDARD.encode_string(self.0.as_bytes(), &mut text);
        text
    }

    /// The raw 32 bytes, for another WireGuard implementation.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey([redacted])")
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes() == other.0.as_bytes()
    }
}

impl Eq for PrivateKey {}

impl FromStr for PrivateKey {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PrivateKey::from_base64(text)
    }
}

/// A gateway's `privateKey` takes the key as a [`Secret`]: `WireguardGateway::new(.., &key)`
/// keeps the key, `WireguardGateway::new(.., key)` moves it (the same text is sent).
impl From<&PrivateKey> for Secret {
    fn from(key: &PrivateKey) -> Secret {
        key.to_secret()
    }
}

impl From<PrivateKey> for Secret {
    fn from(key: PrivateKey) -> Secret {
        key.to_secret()
    }
}

/// A WireGuard public key. `Display` writes its base64 text, as `wg pubkey` does.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(x25519_dalek::PublicKey);

impl PublicKey {
    /// Reads a key from its base64 text (surrounding whitespace is ignored).
    pub fn from_base64(text: &str) -> Result<PublicKey, KeyError> {
        let bytes = decode(text)?;
        Ok(PublicKey(x25519_dalek::PublicKey::from(*bytes)))
    }

    /// The key's base64 text (44 characters).
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_bytes())
    }

    /// The raw 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_base64())
    }
}

impl FromStr for PublicKey {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PublicKey::from_base64(text)
    }
}

/// A peer's `publicKey` takes the key as text: `WireguardPeer::new(.., vec![..], key)`, and
/// so does the builder's `.public_key(key)` (any `impl Into<String>`).
impl From<PublicKey> for String {
    fn from(key: PublicKey) -> String {
        key.to_base64()
    }
}

impl From<&PublicKey> for String {
    fn from(key: &PublicKey) -> String {
        key.to_base64()
    }
}

/// A private key and its public key, made together: `let keys = KeyPair::generate()?;`, then
/// `keys.public_key` goes to the other side (a peer's `publicKey` on the gateway) and
/// `keys.private_key` stays with this one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyPair {
    /// The secret half: stays with the side it belongs to.
    pub private_key: PrivateKey,
    /// The half the other side is given.
    pub public_key: PublicKey,
}

impl KeyPair {
    /// A new key pair from the operating system's randomness (see [`PrivateKey::generate`]).
    pub fn generate() -> Result<KeyPair, KeyError> {
        Ok(KeyPair::from(PrivateKey::generate()?))
    }
}

impl From<PrivateKey> for KeyPair {
    fn from(private_key: PrivateKey) -> KeyPair {
        let public_key = private_key.public_key();
        KeyPair {
            private_key,
            public_key,
        }
    }
}

/// The base64 public key of a base64 private key, or `None` when the text is not a key: the
/// fake of the API (feature `testkit`) answers a gateway's `metadata.publicKey` with it, as
/// the API derives it from the `privateKey` it was given.
pub fn public_key_of(private_key: &str) -> Option<String> {
    PrivateKey::from_base64(private_key)
        .ok()
        .map(|key| key.public_key().to_base64())
}

/// RFC 7748 section 6.1's X25519 keys in base64, shared by the module's tests.
#[cfg(test)]
pub(super) mod rfc7748 {
    /// Alice's private key and its public key.
    pub(crate) const ALICE_PRIVATE: &str = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=";
    pub(crate) const ALICE_PUBLIC: &str = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";
    /// Bob's public key.
    pub(crate) const BOB_PUBLIC: &str = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=";
}

#[cfg(test)]
mod tests {
    use super::rfc7748::{ALICE_PRIVATE as RFC_PRIVATE, ALICE_PUBLIC as RFC_PUBLIC};
    use super::*;

    #[test]
    fn the_public_key_is_derived_as_rfc_7748_says() {
        let key = PrivateKey::from_base64(RFC_PRIVATE).unwrap();
        assert_eq!(key.public_key().to_base64(), RFC_PUBLIC);
        assert_eq!(public_key_of(RFC_PRIVATE).as_deref(), Some(RFC_PUBLIC));
        assert_eq!(key.to_secret().expose(), RFC_PRIVATE);
    }

    #[test]
    fn generated_keys_are_clamped_and_differ() {
        let (a, b) = (
            PrivateKey::generate().unwrap(),
            PrivateKey::generate().unwrap(),
        );
        assert_ne!(a, b);
        let bytes = a.to_bytes();
        assert_eq!(bytes[0] & 7, 0);
        assert_eq!(bytes[31] & 0xc0, 0x40);
        assert_eq!(a.to_secret().expose().len(), TEXT_LENGTH);
    }

    #[test]
    fn bad_text_is_refused_without_echoing_it() {
        let short = "c2VjcmV0LXRleHQ=";
        let e = PrivateKey::from_base64(short).unwrap_err();
        assert_eq!(e, KeyError::Length(16));
        let wrong = "!".repeat(43) + "=";
        let e = PrivateKey::from_base64(&wrong).unwrap_err();
        assert_eq!(e, KeyError::NotBase64);
        assert!(!e.to_string().contains('!'), "{e}");
        // 33 bytes of base64 without padding: 44 characters, not a key.
        let unpadded = STANDARD.encode([7u8; 33]);
        assert_eq!(unpadded.len(), TEXT_LENGTH);
        assert_eq!(PublicKey::from_base64(&unpadded), Err(KeyError::NotBase64));
        assert_eq!(public_key_of("string"), None);
    }

    #[test]
    fn a_private_key_never_prints() {
        let key = PrivateKey::from_base64(RFC_PRIVATE).unwrap();
        let pair = KeyPair::from(key.clone());
        for text in [
            format!("{key:?}"),
            format!("{pair:?}"),
            format!("{:?}", key.to_secret()),
        ] {
            assert!(!text.contains(RFC_PRIVATE), "{text}");
        }
        assert!(format!("{pair:?}").contains(RFC_PUBLIC));
    }
}
