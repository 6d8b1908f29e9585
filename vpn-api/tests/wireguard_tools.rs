//! Our WireGuard keys against the real `wg` (wireguard-tools): the public key we derive is the
//! one `wg pubkey` prints, both for keys we make and for keys `wg genkey` makes. Ignored by
//! default (the README's set-up does not install wireguard-tools); `.ci/run` installs it and
//! runs `cargo test -p vpn-api --test wireguard_tools -- --ignored`. Without `wg` the tests fail
//! with that message, never pass silently.

use std::io::Write as _;
use std::process::{Command, Stdio};
use vpn_api::wireguard::{PrivateKey, PublicKey};

const KEYS: usize = 200;

/// `wg` with `args`, `input` on its standard input; its standard output.
fn wg(args: &[&str], input: &str) -> String {
    let mut child = Command::new("wg")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("`wg` did not start ({e}): install wireguard-tools (Debian: apt-get install wireguard-tools)")
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("written to wg");
    let out = child.wait_with_output().expect("wg ran");
    assert!(out.status.success(), "wg {args:?} failed");
    String::from_utf8(out.stdout)
        .expect("text")
        .trim()
        .to_string()
}

#[test]
#[ignore = "needs wireguard-tools' `wg`; .ci/run installs it and runs this with --ignored"]
fn our_public_keys_are_the_ones_wg_pubkey_prints() {
    for _ in 0..KEYS {
        let key = PrivateKey::generate().expect("a key");
        let text = key.to_secret();
        assert_eq!(wg(&["pubkey"], text.expose()), key.public_key().to_base64());
    }
}

#[test]
#[ignore = "needs wireguard-tools' `wg`; .ci/run installs it and runs this with --ignored"]
fn keys_wg_genkey_makes_are_read_and_derived_alike() {
    for _ in 0..KEYS / 4 {
        let text = wg(&["genkey"], "");
        let key: PrivateKey = text.parse().expect("wg's private key reads");
        let public = wg(&["pubkey"], &text);
        assert_eq!(
            key.public_key(),
            public.parse::<PublicKey>().expect("wg's public key reads")
        );
        assert_eq!(
            key.to_secret().expose(),
            text,
            "written back as wg writes it"
        );
    }
}
