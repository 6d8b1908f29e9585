//! A hostile server on 127.0.0.1 that echoes every secret of the request back, in every spelling
//! JSON, percent- and form-encoding allow: the bearer token, the Basic pair, an API key, a
//! PSK and a WireGuard private key (each with `"`, `\`, `/`, `+` and non-ASCII where a header
//! allows it), in a JSON error body, in an HTML body and in a response header. No spelling of
//! any secret may reach `Display`, `Debug`, `messages()`, the `source()` chain or the traces.

mod support;

use base64::Engine;
use serde_json::{json, Value};
use support::fixtures::*;
use support::trace::Captured;
use support::with_api_key;
use support::{Recorded, Reply, Server};
use vpn_api::models::*;
use vpn_api::prelude::*;
use vpn_api::Error;
use vpn_runtime::support::KeyPlace;

const TOKEN: &str = r#"tok"en\with/slash+plus="#;
const USERNAME: &str = "someone@example.com";
const PASSWORD: &str = r#"pa"ss\w/ord+ü Ω"#;
const API_KEY: &str = r#"api"key\with/slash+plus"#;
const PSK: &str = r#"psk "quoted" \back/slash ünïcödé+plus"#;
const PRIVATE_KEY: &str = r#"Wg/Key+With"Quote\Back=ü"#;

/// Every way the server spells a value.
const SPELLINGS: &[&str] = &[
    "literal",
    "json",
    "json-slashes",
    "unicode-lower",
    "unicode-upper",
    "percent-upper",
    "percent-lower",
    "form",
    "json-in-json",
];

fn spell(value: &str, spelling: &str) -> String {
    let json = serde_json::to_string(value).expect("json");
    let json = json.trim_matches('"').to_string();
    match spelling {
        "literal" => value.to_string(),
        "json" => json,
        "json-slashes" => json.replace('/', "\\/"),
        "unicode-lower" => value
            .encode_utf16()
            .map(|u| format!("\\u{u:04x}"))
            .collect(),
        "unicode-upper" => value
            .encode_utf16()
            .map(|u| format!("\\u{u:04X}"))
            .collect(),
        "percent-upper" => value.bytes().map(|b| format!("%{b:02X}")).collect(),
        "percent-lower" => value.bytes().map(|b| format!("%{b:02x}")).collect(),
        "form" => value
            .bytes()
            .map(|b| match b {
                b' ' => "+".to_string(),
                b if b.is_ascii_alphanumeric() => (b as char).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect(),
        "json-in-json" => serde_json::to_string(&json)
            .expect("json")
            .trim_matches('"')
            .to_string(),
        other => panic!("no spelling {other}"),
    }
}

/// The secret values the request carried, as the server received them.
fn received(req: &Recorded) -> Vec<String> {
    let mut values = Vec::new();
    if let Some(auth) = req.header("authorization") {
        if let Some(token) = auth.strip_prefix("Bearer ") {
            values.push(token.to_string());
        }
        if let Some(pair) = auth.strip_prefix("Basic ") {
            values.push(pair.to_string());
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(pair)
                .expect("base64");
            values.push(String::from_utf8(decoded).expect("utf-8"));
        }
    }
    values.extend(req.header("x-api-key").map(str::to_string));
    if let Ok(body) = serde_json::from_str::<Value>(&req.body) {
        let properties = &body["properties"];
        for secret in [&properties["auth"]["psk"]["key"], &properties["privateKey"]] {
            values.extend(secret.as_str().map(str::to_string));
        }
    }
    values
}

/// Echoes what it received, spelled `spelling`, in the body (JSON or HTML) and a header.
fn echoing(spelling: &'static str, html: bool) -> Server {
    Server::start(move |req| {
        let spelled: Vec<String> = received(req).iter().map(|v| spell(v, spelling)).collect();
        let echo = format!("you sent <{}>", spelled.join("> and <"));
        let reply = if html {
            Reply::html(422, &format!("<html><body><p>{echo}</p></body></html>"))
        } else {
            Reply::json(
                422,
                json!({"httpStatus": 422, "messages": [{"errorCode": "x", "message": echo}]}),
            )
        };
        let header_safe: String = spelled
            .join(" ")
            .chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .collect();
        reply.header("x-echo", &header_safe)
    })
}

fn clients(base_url: &str) -> Vec<Client> {
    let builder = || {
        Client::builder()
            .base_url(base_url)
            .retry(RetryPolicy::never())
    };
    vec![
        builder().token(TOKEN).build().expect("token client"),
        builder()
            .basic_auth(USERNAME, PASSWORD)
            .build()
            .expect("basic client"),
        with_api_key(builder(), KeyPlace::Header("X-API-Key"), API_KEY)
            .build()
            .expect("key client"),
    ]
}

/// Every text a program could print of an error.
fn texts(err: &Error) -> Vec<String> {
    let mut out = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    out.extend(err.messages().iter().map(|m| m.to_string()));
    out.push(format!("{:?}", err.api_body()));
    let mut cause = std::error::Error::source(err);
    while let Some(c) = cause {
        out.push(c.to_string());
        out.push(format!("{c:?}"));
        cause = c.source();
    }
    out
}

#[tokio::test]
async fn no_spelling_of_any_secret_reaches_any_error_text_or_trace() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.clone());
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USERNAME}:{PASSWORD}"));
    let secrets = [TOKEN, PASSWORD, basic.as_str(), API_KEY, PSK, PRIVATE_KEY];
    let mut echoed = 0;
    for &spelling in SPELLINGS {
        for html in [false, true] {
            let server = echoing(spelling, html);
            for client in clients(&server.base_url) {
                let (gw, child) = ids();
                let tunnel = IpSecTunnel::new(
                    "tunnel",
                    IpSecTunnelRemoteHost::new("vpn.example.com").expect("host"),
                    IpSecTunnelAuth::new(IpSecTunnelAuthMethod::Psk).with_psk(IpSecPsk::new(PSK)),
                    IkeEncryption::default(),
                    EspEncryption::default(),
                    vec![Cidr::new("10.0.0.0/24").expect("cidr")],
                    vec![Cidr::new("10.0.1.0/24").expect("cidr")],
                );
                let gateway = WireguardGateway::new(
                    "gw",
                    "192.0.2.10",
                    vec![connection_model()],
                    PRIVATE_KEY,
                );
                let errors = [
                    client
                        .ipsec_tunnels(gw)
                        .ensure(child, &tunnel)
                        .await
                        .expect_err("422"),
                    client
                        .wireguard_gateways()
                        .create(&gateway)
                        .await
                        .expect_err("422"),
                ];
                for err in &errors {
                    let texts = texts(err);
                    assert!(
                        texts.iter().any(|t| t.contains("[redacted]")),
                        "{spelling}: the echo was seen and redacted: {texts:#?}"
                    );
                    for text in &texts {
                        for secret in secrets {
                            for shown in SPELLINGS.iter().map(|s| spell(secret, s)) {
                                assert!(
                                    !text.contains(&shown),
                                    "{spelling} (html: {html}): {shown:?} leaked into: {text}"
                                );
                            }
                        }
                    }
                    echoed += 1;
                }
            }
            // The server did receive the secrets (and echo them).
            for req in server.requests() {
                assert!(!received(&req).is_empty(), "{req:?}");
            }
        }
    }
    assert_eq!(echoed, SPELLINGS.len() * 2 * 3 * 2);
    let trace = captured.text();
    for secret in secrets {
        for shown in SPELLINGS.iter().map(|s| spell(secret, s)) {
            assert!(!trace.contains(&shown), "{shown:?} leaked into the traces");
        }
    }
}

/// The WireGuard keys and configurations of `vpn_api::wireguard`: a gateway made with a
/// generated key against the echoing server, a peer onboarded against the fake, and every
/// text of the keys, the configuration and the errors: no private key in any spelling.
#[tokio::test]
async fn no_wireguard_private_key_reaches_any_text_or_trace() {
    use vpn_api::wireguard::{KeyPair, NewPeer, PrivateKey};
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.clone());
    let gateway_keys = KeyPair::generate().expect("keys");
    let mut texts_seen = Vec::new();
    for &spelling in SPELLINGS {
        let server = echoing(spelling, false);
        let client = &clients(&server.base_url)[0];
        let gateway = WireguardGateway::new(
            "gw",
            "192.0.2.10",
            vec![connection_model()],
            &gateway_keys.private_key,
        );
        let err = client
            .wireguard_gateways()
            .create(&gateway)
            .await
            .expect_err("422");
        texts_seen.extend(texts(&err));
        assert!(
            !received(&server.requests()[0]).is_empty(),
            "the key was sent and echoed"
        );
    }

    let fake = vpn_api::testkit::start().await.expect("the fake");
    let client = fake.client();
    let gateway = WireguardGateway::new(
        "gw",
        "192.0.2.10",
        vec![connection_model()],
        &gateway_keys.private_key,
    )
    .with_interface_ipv4_cidr(Ipv4Cidr::new("10.8.0.1/24").expect("cidr"));
    let created = client
        .wireguard_gateways()
        .create(&gateway)
        .await
        .expect("created");
    let config = NewPeer::new("alice", "10.8.0.2/32")
        .onboard(&client, created.id)
        .await
        .expect("onboarded");
    let onboard_error = NewPeer::new("bob", "not an address")
        .onboard(&client, created.id)
        .await
        .expect_err("a bad address");
    let key_error = PrivateKey::from_base64(&config.private_key.to_secret().expose()[1..])
        .expect_err("one character short");
    texts_seen.extend([
        format!("{config:?}"),
        format!("{config:#?}"),
        // `Display` is the summary a program prints after onboarding: public keys only.
        format!("{config}"),
        format!("{config:#}"),
        format!("{gateway_keys:?}"),
        format!("{gateway:?}"),
        format!("{onboard_error}"),
        format!("{onboard_error:?}"),
        format!("{key_error}"),
        format!("{key_error:?}"),
        // The fake's request log and store keep the keys for assertions; printing them does not.
        format!("{:?}", fake.requests()),
        format!("{:?}", fake.stored()),
    ]);
    assert!(texts_seen.iter().any(|t| t.contains("[redacted]")));

    let peer_key = config.private_key.to_secret();
    let gateway_key = gateway_keys.private_key.to_secret();
    let trace = captured.text();
    for secret in [peer_key.expose(), gateway_key.expose()] {
        for shown in SPELLINGS.iter().map(|s| spell(secret, s)) {
            assert!(!trace.contains(&shown), "{shown:?} leaked into the traces");
            for text in &texts_seen {
                assert!(!text.contains(&shown), "{shown:?} leaked into: {text}");
            }
        }
    }
    // The file's text holds the key: that is where it must be.
    assert!(config.to_wg_quick().contains(peer_key.expose()));
}
