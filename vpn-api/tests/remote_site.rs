//! The remote site of an IPSec tunnel (`vpn_api::ipsec`): the tunnel mirrored, every option
//! through the one table, unknown options and bad server values refused with a clear error,
//! and the pre-shared key in no `Debug`, `Display` or error, also when a server put it in
//! another value. (`strongswan.rs` loads the files into a real charon.)

mod support;

use serde_json::json;
use support::trace::Captured;
use vpn_api::ipsec::{proposals, RemoteSite, RemoteSiteError};
use vpn_api::models::*;

const PSK: &str = r#"psk "quoted" \back/slash ünïcödé+plus"#;

fn gateway() -> IpSecGateway {
    IpSecGateway::new("gw", "203.0.113.20", vec![])
}

fn tunnel(ike: IkeEncryption, esp: EspEncryption) -> IpSecTunnel {
    IpSecTunnel::builder()
        .name("Site B / Köln")
        .remote_host("198.51.100.7")
        .auth(IpSecTunnelAuth::psk(PSK))
        .ike(ike)
        .esp(esp)
        .cloud_network_cidrs(["10.0.0.0/24", "10.0.1.0/24"])
        .peer_network_cidrs(["192.168.10.0/24"])
        .build()
        .expect("a tunnel")
}

/// A tunnel as a server sends it: values are kept as sent, unchecked.
fn read(properties: serde_json::Value) -> IpSecTunnel {
    serde_json::from_value(properties).expect("decodes")
}

fn wire_tunnel() -> serde_json::Value {
    json!({
        "name": "t",
        "remoteHost": "vpn.example.com",
        "auth": {"method": "PSK"},
        "ike": {},
        "esp": {},
        "cloudNetworkCIDRs": ["10.0.0.0/24"],
        "peerNetworkCIDRs": ["192.168.10.0/24"],
    })
}

#[test]
fn the_swanctl_file_mirrors_the_tunnel() {
    let ike = IkeEncryption::new(
        EncryptionAlgorithm::Aes256Gcm16,
        IntegrityAlgorithm::Sha384,
        DiffieHellmanGroup::V20Ecp384,
    )
    .with_lifetime(28800);
    let esp = EspEncryption::new(
        EncryptionAlgorithm::Aes128,
        IntegrityAlgorithm::AesXcbc,
        DiffieHellmanGroup::V28Ecp256Bp,
    )
    .with_lifetime(1800);
    let site = RemoteSite::from_sent(&tunnel(ike, esp), gateway()).expect("a site");
    let expected = r#"# The remote site of the IONOS IPSec tunnel Site-B-K-ln-3ee030c1, to the gateway 203.0.113.20.
# It holds the pre-shared key: keep the file private (mode 0600).
connections {
    Site-B-K-ln-3ee030c1 {
        version = 2
        local_addrs = "198.51.100.7"
        remote_addrs = "203.0.113.20"
        proposals = aes256gcm16-prfsha384-ecp384
        rekey_time = 28800s
        dpd_delay = 30s
        local {
            auth = psk
            id = "198.51.100.7"
        }
        remote {
            auth = psk
            id = "203.0.113.20"
        }
        children {
            Site-B-K-ln-3ee030c1 {
                local_ts = "192.168.10.0/24"
                remote_ts = "10.0.0.0/24,10.0.1.0/24"
                esp_proposals = aes128-aesxcbc-ecp256bp
                rekey_time = 1800s
                start_action = trap
                dpd_action = restart
            }
        }
    }
}
secrets {
    ike-Site-B-K-ln-3ee030c1 {
        id-site = "198.51.100.7"
        id-gateway = "203.0.113.20"
        secret = "psk \"quoted\" \\back/slash ünïcödé+plus"
    }
}
"#;
    assert_eq!(site.swanctl().expose(), expected);
}

/// Names are not unique in the API, and a section name keeps only some characters: the
/// connection name tells such tunnels apart (strongSwan merges sections of the same name, so
/// one file would override the other), and stays the same for the same tunnel.
#[test]
fn tunnels_with_the_same_name_get_different_connection_names() {
    let name_of = |name: &str, cloud: &str, host: &str| {
        let mut wire = wire_tunnel();
        wire["name"] = json!(name);
        wire["cloudNetworkCIDRs"] = json!([cloud]);
        wire["remoteHost"] = json!(host);
        let site = RemoteSite::new(read(wire), gateway(), "key").expect("a site");
        site.name
    };
    let first = name_of("site b", "10.0.0.0/24", "vpn.example.com");
    assert_eq!(first, name_of("site b", "10.0.0.0/24", "vpn.example.com"));
    assert!(first.starts_with("site-b-") && first.len() == "site-b-".len() + 8);
    let others = [
        name_of("site b", "10.0.1.0/24", "vpn.example.com"),
        name_of("site b", "10.0.0.0/24", "other.example.com"),
        name_of("site-b", "10.0.0.0/24", "vpn.example.com"),
    ];
    for other in &others {
        assert!(other.starts_with("site-b-"), "{other}");
        assert_ne!(&first, other);
    }
    let mut elsewhere = gateway();
    elsewhere.gateway_ip = "203.0.113.99".into();
    let mut wire = wire_tunnel();
    wire["name"] = json!("site b");
    let there = RemoteSite::new(read(wire), &elsewhere, "key").expect("a site");
    assert_ne!(there.name, first, "another gateway");
}

#[test]
fn options_left_out_take_the_specs_defaults() {
    let site = RemoteSite::new(read(wire_tunnel()), gateway(), "key").expect("a site");
    let text = site.swanctl();
    let text = text.expose();
    assert!(
        text.contains("proposals = aes256-sha256-prfsha256-modp4096\n"),
        "{text}"
    );
    assert!(
        text.contains("esp_proposals = aes256-sha256-modp4096\n"),
        "{text}"
    );
    assert!(text.contains("rekey_time = 86400s\n"), "{text}");
    assert!(text.contains("rekey_time = 3600s\n"), "{text}");
    assert!(
        text.contains(r#"local_addrs = "vpn.example.com""#),
        "{text}"
    );
}

/// Every row of the table, in both phases, reaches the file as its keyword; AEAD ciphers
/// leave the integrity algorithm out (but IKE keeps its PRF).
#[test]
fn every_option_value_reaches_the_file() {
    for cipher in proposals::ENCRYPTION {
        for integrity in proposals::INTEGRITY {
            let group = &proposals::DH_GROUPS[0];
            let settings = |lifetime| {
                (
                    cipher.transform.option.clone(),
                    integrity.transform.option.clone(),
                    group.option.clone(),
                    lifetime,
                )
            };
            let (e, i, g, l) = settings(3600);
            let ike = IkeEncryption::new(e, i, g).with_lifetime(l);
            let (e, i, g, l) = settings(600);
            let esp = EspEncryption::new(e, i, g).with_lifetime(l);
            let site = RemoteSite::from_sent(&tunnel(ike, esp), gateway()).expect("a site");
            let text = site.swanctl();
            let (c, i, prf, g) = (
                cipher.transform.strongswan,
                integrity.transform.strongswan,
                integrity.strongswan_prf,
                group.strongswan,
            );
            let (ike, esp) = if cipher.aead {
                (format!("{c}-{prf}-{g}"), format!("{c}-{g}"))
            } else {
                (format!("{c}-{i}-{prf}-{g}"), format!("{c}-{i}-{g}"))
            };
            let text = text.expose();
            assert!(text.contains(&format!("    proposals = {ike}\n")), "{text}");
            assert!(text.contains(&format!("esp_proposals = {esp}\n")), "{text}");
        }
    }
    for group in proposals::DH_GROUPS {
        let ike = IkeEncryption::default().with_diffie_hellman_group(group.option.clone());
        let esp = EspEncryption::default().with_diffie_hellman_group(group.option.clone());
        let site = RemoteSite::from_sent(&tunnel(ike, esp), gateway()).expect("a site");
        let text = site.swanctl();
        let g = group.strongswan;
        assert!(text.expose().contains(&format!("-prfsha256-{g}\n")));
        assert!(text
            .expose()
            .contains(&format!("esp_proposals = aes256-sha256-{g}\n")));
    }
}

#[test]
fn an_option_this_version_does_not_know_is_an_error_not_a_default() {
    for (phase, key, value) in [
        ("ike", "encryptionAlgorithm", "AES512-OCB"),
        ("ike", "integrityAlgorithm", "MD5"),
        ("ike", "diffieHellmanGroup", "31-CURVE25519"),
        ("esp", "encryptionAlgorithm", "CHACHA20"),
        ("esp", "integrityAlgorithm", "SHA3"),
        ("esp", "diffieHellmanGroup", "14-MODP2048"),
    ] {
        let mut wire = wire_tunnel();
        wire[phase][key] = json!(value);
        let err = RemoteSite::new(read(wire), gateway(), "key").expect_err("unknown");
        let RemoteSiteError::UnknownOption {
            field,
            value: got,
            known,
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(*field, format!("{phase}.{key}"));
        assert_eq!(got, value);
        assert!(
            known.contains("AES256") || known.contains("SHA256") || known.contains("16-MODP4096")
        );
        assert!(
            err.to_string()
                .starts_with(&format!("{phase}.{key} is \"{value}\"")),
            "{err}"
        );
    }
}

#[test]
fn bad_values_from_a_server_are_refused_by_name() {
    let cases = [
        (json!({"remoteHost": "vpn.example.com\n}"}), "remoteHost"),
        (
            json!({"cloudNetworkCIDRs": ["10.0.0.0/24\", 1.2.3.4"]}),
            "cloudNetworkCIDRs",
        ),
        (json!({"peerNetworkCIDRs": []}), "peerNetworkCIDRs"),
        (json!({"ike": {"lifetime": 0}}), "ike.lifetime"),
        (json!({"esp": {"lifetime": -5}}), "esp.lifetime"),
        (json!({"auth": {"method": "CERT"}}), "CERT"),
    ];
    for (patch, named) in cases {
        let mut wire = wire_tunnel();
        for (key, value) in patch.as_object().expect("object") {
            wire[key] = value.clone();
        }
        let err = RemoteSite::new(read(wire), gateway(), "key").expect_err("refused");
        assert!(err.to_string().contains(named), "{named}: {err}");
    }
    let mut bad_gateway = gateway();
    bad_gateway.gateway_ip = "203.0.113.20 }".into();
    let err = RemoteSite::new(read(wire_tunnel()), &bad_gateway, "key").expect_err("refused");
    assert_eq!(
        err.to_string(),
        r#"gatewayIP is "203.0.113.20 }", not an IP address"#
    );
    assert_eq!(
        RemoteSite::new(read(wire_tunnel()), gateway(), "")
            .expect_err("empty")
            .to_string(),
        "the pre-shared key is empty"
    );
}

/// A read never has the key (write-only), so `from_sent` says where to pass it.
#[test]
fn a_read_tunnel_needs_the_key_passed() {
    let err = RemoteSite::from_sent(&read(wire_tunnel()), gateway()).expect_err("no key");
    assert_eq!(err, RemoteSiteError::MissingPsk);
    assert!(
        err.to_string().contains("pass the key to RemoteSite::new"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn the_written_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let site = RemoteSite::new(read(wire_tunnel()), gateway(), "key").expect("a site");
    let dir = std::env::temp_dir().join(format!("vpn-api-remote-site-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("swanctl.conf");
    std::fs::write(&path, "old").expect("an existing file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    site.swanctl().write(&path).expect("written");
    let mode = std::fs::metadata(&path)
        .expect("metadata")
        .permissions()
        .mode();
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::remove_dir_all(&dir).expect("clean up");
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(text, site.swanctl().expose());
}

/// How a text may show the key: as is, Debug-escaped, JSON-escaped.
fn spellings(secret: &str) -> Vec<String> {
    let debug = format!("{secret:?}");
    let json = serde_json::to_string(secret).expect("json");
    vec![
        secret.to_string(),
        debug.trim_matches('"').to_string(),
        json.trim_matches('"').to_string(),
    ]
}

/// A hostile server that put the key in every string it answers: no `Debug` or error shows
/// it, nor any trace.
#[test]
fn the_key_is_in_no_debug_error_or_trace_even_where_a_server_echoed_it() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.clone());
    let echo = "k3y.example.com";
    let mut wire = wire_tunnel();
    wire["name"] = json!(format!("tunnel {echo}"));
    wire["remoteHost"] = json!(echo);
    let site = RemoteSite::new(read(wire.clone()), gateway(), echo).expect("a site");
    let config = site.swanctl();
    assert!(config.expose().contains(echo), "the file holds the key");
    let mut texts = vec![
        format!("{site:?}"),
        format!("{site:#?}"),
        format!("{config:?}"),
        format!("{:?}", site.psk()),
    ];
    wire["remoteHost"] = json!(format!("{PSK}.example.com"));
    let err = RemoteSite::new(read(wire.clone()), gateway(), PSK).expect_err("bad host");
    texts.extend([err.to_string(), format!("{err:?}")]);
    wire["remoteHost"] = json!("vpn.example.com");
    wire["auth"]["method"] = json!(PSK);
    let err = RemoteSite::new(read(wire.clone()), gateway(), PSK).expect_err("not psk");
    texts.extend([err.to_string(), format!("{err:?}")]);
    wire["auth"]["method"] = json!("PSK");
    wire["ike"]["encryptionAlgorithm"] = json!(format!("X{PSK}"));
    let err = RemoteSite::new(read(wire), gateway(), PSK).expect_err("unknown");
    texts.extend([err.to_string(), format!("{err:?}")]);
    let mut gateway = gateway();
    gateway.gateway_ip = PSK.into();
    let err = RemoteSite::new(read(wire_tunnel()), &gateway, PSK).expect_err("bad ip");
    texts.extend([err.to_string(), format!("{err:?}")]);
    // A server that echoed the key encoded: the error's value is scrubbed of every spelling
    // the client's own error text is (the runtime's `scrub`), not only the key as it is.
    let mut wire = wire_tunnel();
    for (i, spelled) in ["%6B3y.example.com", r"\u006b3y.example.com"]
        .iter()
        .enumerate()
    {
        wire["esp"]["encryptionAlgorithm"] = json!(format!("X-{spelled}"));
        let err = RemoteSite::new(read(wire.clone()), crate::gateway(), echo).expect_err("unknown");
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(
                !text.contains(&spelled[..4]),
                "spelling {i} leaked into: {text}"
            );
            assert!(text.contains("X-[redacted]"), "{text}");
        }
    }
    texts.push(captured.text());
    for text in &texts {
        for secret in [echo, PSK] {
            for shown in spellings(secret) {
                assert!(!text.contains(&shown), "{shown:?} leaked into: {text}");
            }
        }
    }
    assert!(
        texts.iter().filter(|t| t.contains("[redacted]")).count() >= 8,
        "{texts:#?}"
    );
}
