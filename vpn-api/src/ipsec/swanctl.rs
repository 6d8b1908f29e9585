//! strongSwan's `swanctl.conf` for the remote site (the syntax of swanctl.conf(5): sections in
//! braces, `key = value` lines, quoted strings with `\` escapes).

use super::{Phase, RemoteSite};
use base64::Engine;
use std::fmt::Write;

/// The file: one connection with one child, and the pre-shared key in `secrets`.
pub(super) fn render(site: &RemoteSite) -> String {
    let name = &site.name;
    let local = quoted(&site.local_address);
    let remote = quoted(&site.remote_address);
    let mut out = String::new();
    // `writeln!` into a String cannot fail.
    let mut line = |indent: usize, text: &str| {
        let _ = writeln!(out, "{:width$}{text}", "", width = indent * 4);
    };
    line(
        0,
        &format!(
            "# The remote site of the IONOS IPSec tunnel {name}, to the gateway {}.",
            site.remote_address
        ),
    );
    line(
        0,
        "# It holds the pre-shared key: keep the file private (mode 0600).",
    );
    line(0, "connections {");
    line(1, &format!("{name} {{"));
    line(2, "version = 2");
    line(2, &format!("local_addrs = {local}"));
    line(2, &format!("remote_addrs = {remote}"));
    line(2, &format!("proposals = {}", ike_proposal(&site.ike)));
    line(2, &format!("rekey_time = {}s", site.ike.lifetime.as_secs()));
    line(2, "dpd_delay = 30s");
    for (end, id) in [("local", &local), ("remote", &remote)] {
        line(2, &format!("{end} {{"));
        line(3, "auth = psk");
        line(3, &format!("id = {id}"));
        line(2, "}");
    }
    line(2, "children {");
    line(3, &format!("{name} {{"));
    line(
        4,
        &format!("local_ts = {}", quoted(&joined(&site.local_networks))),
    );
    line(
        4,
        &format!("remote_ts = {}", quoted(&joined(&site.remote_networks))),
    );
    line(4, &format!("esp_proposals = {}", esp_proposal(&site.esp)));
    line(4, &format!("rekey_time = {}s", site.esp.lifetime.as_secs()));
    line(4, "start_action = trap");
    line(4, "dpd_action = restart");
    line(3, "}");
    line(2, "}");
    line(1, "}");
    line(0, "}");
    line(0, "secrets {");
    line(1, &format!("ike-{name} {{"));
    line(2, &format!("id-site = {local}"));
    line(2, &format!("id-gateway = {remote}"));
    line(2, &format!("secret = {}", secret(site.psk().expose())));
    line(1, "}");
    line(0, "}");
    out
}

/// `encryption[-integrity]-prf-group`: IKE always names its pseudo-random function.
pub(super) fn ike_proposal(phase: &Phase) -> String {
    proposal(phase, Some(phase.integrity.strongswan_prf))
}

/// `encryption[-integrity]-group`, the group being the one of perfect forward secrecy.
pub(super) fn esp_proposal(phase: &Phase) -> String {
    proposal(phase, None)
}

/// An AEAD cipher has no integrity algorithm in the proposal.
fn proposal(phase: &Phase, prf: Option<&'static str>) -> String {
    let integrity = (!phase.encryption.aead).then_some(phase.integrity.transform.strongswan);
    let parts = [phase.encryption.transform.strongswan]
        .into_iter()
        .chain(integrity)
        .chain(prf)
        .chain([phase.dh_group.strongswan]);
    parts.collect::<Vec<_>>().join("-")
}

fn joined(cidrs: &[crate::models::Cidr]) -> String {
    let cidrs: Vec<&str> = cidrs.iter().map(|cidr| cidr.as_str()).collect();
    cidrs.join(",")
}

/// A quoted string: inside quotes the parser ends at `"`, reads `\` as an escape and drops a
/// bare carriage return, so those are escaped (newlines and tabs too, to keep one line).
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The key as swanctl reads it: a value starting with `0x` or `0s` (in any case) is read as
/// hex or base64, and a NUL cannot be in a quoted string, so such keys are written as base64
/// (`0s…`); every other key as a quoted string.
fn secret(key: &str) -> String {
    let prefix = key.get(..2).map(str::to_ascii_lowercase);
    if key.contains('\0') || matches!(prefix.as_deref(), Some("0x" | "0s")) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(key.as_bytes());
        format!("0s{encoded}")
    } else {
        quoted(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_what_the_parser_reads_specially() {
        assert_eq!(quoted("plain"), r#""plain""#);
        assert_eq!(quoted("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quoted("line\nnext\r\ttab"), r#""line\nnext\r\ttab""#);
        assert_eq!(quoted("# } { = ü"), r##""# } { = ü""##);
    }

    #[test]
    fn keys_that_swanctl_would_decode_are_written_as_base64() {
        assert_eq!(secret("0xdeadbeef"), "0sMHhkZWFkYmVlZg==");
        assert_eq!(secret("0SomeKey"), "0sMFNvbWVLZXk=");
        assert_eq!(secret("nul\0inside"), "0sbnVsAGluc2lkZQ==");
        assert_eq!(secret("0"), r#""0""#);
        assert_eq!(secret("x0s"), r#""x0s""#);
        assert_eq!(secret("ü"), r#""ü""#);
    }
}
