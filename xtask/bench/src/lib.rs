//! Shared pieces of the benchmarks: the spec as each generator needs it, and a local server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn spec_text() -> String {
    std::fs::read_to_string(root().join("spec/openapi.json")).expect("spec")
}

pub fn overlay_text() -> String {
    std::fs::read_to_string(root().join("spec/overlay.json")).expect("overlay")
}

/// Ours: the whole pipeline, load to formatted files.
pub fn generate_ours(spec: &str, overlay: &str) -> Vec<codegen::GeneratedFile> {
    codegen::generate(&codegen::Input {
        spec,
        overlay: Some(overlay),
        spec_label: "spec/openapi.json",
    })
    .expect("our generator")
}

/// The bundled spec with the two edits progenitor needs to run at all: every `anyOf` branch
/// gets `"type": "string"` (typify has no answer for untyped branches) and `default` responses
/// are dropped (progenitor asserts on them).
pub fn progenitor_spec() -> openapiv3::OpenAPI {
    let mut doc: serde_json::Value = serde_json::from_str(&spec_text()).expect("spec JSON");
    fn edit(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Array(branches)) = map.get_mut("anyOf") {
                    for b in branches {
                        if let serde_json::Value::Object(b) = b {
                            if !b.contains_key("$ref") {
                                b.entry("type").or_insert("string".into());
                            }
                        }
                    }
                }
                if let Some(serde_json::Value::Object(responses)) = map.get_mut("responses") {
                    responses.shift_remove("default");
                }
                for child in map.values_mut() {
                    edit(child);
                }
            }
            serde_json::Value::Array(list) => list.iter_mut().for_each(edit),
            _ => {}
        }
    }
    edit(&mut doc);
    serde_json::from_value(doc).expect("openapiv3 document")
}

/// progenitor: tokens, then the same formatting step as ours (syn + prettyplease).
pub fn generate_progenitor(spec: &openapiv3::OpenAPI, builder: bool) -> String {
    let style = if builder {
        progenitor_impl::InterfaceStyle::Builder
    } else {
        progenitor_impl::InterfaceStyle::Positional
    };
    let mut settings = progenitor_impl::GenerationSettings::default();
    settings.with_interface(style);
    let mut generator = progenitor_impl::Generator::new(&settings);
    let tokens = generator
        .generate_tokens(spec)
        .expect("progenitor generates");
    let file: syn::File = syn::parse2(tokens).expect("progenitor output parses");
    prettyplease::unparse(&file)
}

pub fn lines(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

/// A list answer with `n` tunnels, as the API sends it.
pub fn tunnel_list(n: usize) -> String {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": uuid::Uuid::from_u128(i as u128), "type": "ipsectunnel", "href": format!("/ipsecgateways/x/tunnels/{i}"),
                "metadata": {"createdDate": "2020-12-10T13:37:50+01:00", "createdBy": "ionos:identity:::users/87f9", "createdByUserId": "87f9",
                    "lastModifiedDate": "2020-12-11T13:37:50+01:00", "lastModifiedBy": "a", "lastModifiedByUserId": "87f9",
                    "resourceURN": "ionos:vpn:de-fra:c:r", "status": "AVAILABLE", "statusMessage": null},
                "properties": {"name": format!("tunnel-{i}"), "description": "site to site", "remoteHost": "vpn.example.com",
                    "auth": {"method": "PSK"},
                    "ike": {"diffieHellmanGroup": "16-MODP4096", "encryptionAlgorithm": "AES256", "integrityAlgorithm": "SHA256", "lifetime": 86400},
                    "esp": {"diffieHellmanGroup": "16-MODP4096", "encryptionAlgorithm": "AES256", "integrityAlgorithm": "SHA256", "lifetime": 3600},
                    "cloudNetworkCIDRs": ["10.0.0.0/24", "10.0.1.0/24"], "peerNetworkCIDRs": ["192.168.0.0/24"]}
            })
        })
        .collect();
    serde_json::json!({"id": uuid::Uuid::nil(), "type": "collection", "href": "/ipsecgateways/x/tunnels", "items": items,
        "offset": 0, "limit": 1000, "_links": {"self": "https://vpn.example/t?offset=0&limit=1000"}})
    .to_string()
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering every request with `body`.
pub fn serve(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let body = body.clone();
            std::thread::spawn(move || answer(stream, &body));
        }
    });
    url
}

fn answer(stream: TcpStream, body: &str) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    loop {
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut skip = vec![0; length];
        if reader.read_exact(&mut skip).is_err() || stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}
