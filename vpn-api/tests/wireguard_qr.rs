//! The QR codes of a peer's configuration (feature `qr`) read back by a real decoder, zbar's
//! `zbarimg`: the content is the wg-quick text, which the WireGuard apps import. Ignored by
//! default (the README's set-up does not install zbar-tools); `.ci/run` installs it and runs
//! `cargo test -p vpn-api --features qr --test wireguard_qr -- --ignored`. Without `zbarimg`
//! the tests fail with that message, never pass silently.

use std::process::Command;
use vpn_api::wireguard::{PeerConfig, PrivateKey};

fn config() -> PeerConfig {
    PeerConfig::new(
        PrivateKey::generate().expect("a key"),
        vec!["10.8.0.2/32".into()],
        PrivateKey::generate().expect("a key").public_key(),
        "203.0.113.10:51820",
        vec!["10.8.0.0/24".into(), "192.168.1.0/24".into()],
    )
    .with_dns(["10.8.0.1"])
    .with_persistent_keepalive(25)
}

/// What `zbarimg` reads in the image file `name` with `bytes`.
fn decoded(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("vpn-api-qr-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir(&dir).expect("a folder");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    let out = Command::new("zbarimg")
        .args(["--raw", "--quiet", "-Sbinary"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!("`zbarimg` did not start ({e}): install zbar-tools (Debian: apt-get install zbar-tools)")
        });
    std::fs::remove_dir_all(&dir).expect("removed");
    assert!(out.status.success(), "zbarimg found no code in {name}");
    String::from_utf8(out.stdout).expect("text")
}

#[test]
#[ignore = "needs zbar-tools' `zbarimg`; .ci/run installs it and runs this with --ignored"]
fn the_png_and_the_svg_hold_the_wg_quick_text() {
    let config = config();
    let png = config.to_qr_png().expect("a PNG");
    assert_eq!(decoded("peer.png", &png), *config.to_wg_quick());
    let svg = config.to_qr_svg().expect("an SVG");
    assert_eq!(decoded("peer.svg", svg.as_bytes()), *config.to_wg_quick());
}

#[test]
fn the_terminal_code_is_square_and_the_svg_is_an_svg_document() {
    let config = config();
    let terminal = config.to_qr_terminal().expect("text");
    let svg = config.to_qr_svg().expect("an SVG");
    assert!(svg.starts_with("<?xml"), "{}", &svg[..40]);
    assert!(svg.contains("<svg"));
    // Two rows of modules per line, the quiet zone included: a square code of 33 to 177
    // modules plus 8 gives at least 21 lines of equal width.
    let lines: Vec<&str> = terminal.lines().collect();
    let width = lines[0].chars().count();
    assert!(lines.len() >= 21 && lines.iter().all(|l| l.chars().count() == width));
    assert_eq!(lines.len(), width.div_ceil(2));
}
