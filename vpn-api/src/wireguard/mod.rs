//! Both ends of a WireGuard tunnel with this crate alone: key pairs made here
//! ([`KeyPair`], [`PrivateKey`], [`PublicKey`]), a new peer of a gateway in one step
//! ([`NewPeer::onboard`]) and its configuration as a wg-quick file ([`PeerConfig`]), or with
//! the feature `qr` as a QR code the WireGuard apps scan.
//!
//! The generated models take the keys where the spec does: a gateway's `privateKey` from a
//! [`PrivateKey`] (as a [`Secret`](crate::Secret)), a peer's `publicKey` from a [`PublicKey`].

mod config;
mod keys;
mod onboard;
#[cfg(feature = "qr")]
mod qr;

pub use config::{PeerConfig, DEFAULT_LISTEN_PORT};
pub use keys::{public_key_of, KeyError, KeyPair, PrivateKey, PublicKey};
pub use onboard::{GatewayRef, NewPeer, OnboardError};
#[cfg(feature = "qr")]
pub use qr::QrError;
