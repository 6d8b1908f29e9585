//! Form bodies and structured query parameters on the wire, against a real HTTP server on
//! 127.0.0.1: what the runtime sends for an operation whose body is
//! `application/x-www-form-urlencoded` or `multipart/form-data`, or whose query parameters are
//! objects or lists in a `style` (the generated method calls `Request::form`,
//! `Request::multipart` or `Request::query_value`; the generator's construct fixtures
//! `form-bodies` and `structured-query-parameters` show those calls, and
//! `xtask/tests/compiles.rs` compiles them).

mod support;

use serde::Serialize;
use support::{Reply, Server};
use vpn_api::{Client, File, RetryPolicy, Secret};
use vpn_runtime::support::{send, QueryStyle, Request};

#[derive(Serialize)]
struct Upload {
    description: String,
    tags: Vec<String>,
    retention_days: Option<u32>,
    password: Secret,
    content: File,
}

fn upload() -> Upload {
    Upload {
        description: "config for gw-1 & gw-2".into(),
        tags: vec!["wireguard".into(), "fra".into()],
        retention_days: None,
        password: Secret::new("hunter2 never&in=errors"),
        content: File::new(b"[Interface]\nPrivateKey = x\n".to_vec())
            .with_name("wg0.conf")
            .with_content_type("text/plain"),
    }
}

/// One attempt per request: these tests check what a single exchange sends.
fn client(server: &Server) -> Client {
    support::drills::client_for(&server.base_url, RetryPolicy::never())
}

#[tokio::test]
async fn a_multipart_body_sends_fields_in_order_and_files_as_file_parts() {
    let server = Server::start(|_| Reply::json(200, "{}"));
    let request = Request::new(reqwest::Method::POST, "/uploads", "/uploads".into())
        .multipart::<_, serde_json::Value>(&upload())
        .expect("encodes");
    let _ = send::<serde_json::Value>(&client(&server), request)
        .await
        .expect("sent");
    let seen = &server.requests()[0];
    let content_type = seen.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type with a boundary");
    let parts: Vec<&str> = seen
        .body
        .split(&format!("--{boundary}"))
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "--")
        .collect();
    assert_eq!(
        parts,
        [
            "Content-Disposition: form-data; name=\"description\"\r\n\r\nconfig for gw-1 & gw-2",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\nwireguard",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\nfra",
            "Content-Disposition: form-data; name=\"password\"\r\n\r\nhunter2 never&in=errors",
            "Content-Disposition: form-data; name=\"content\"; filename=\"wg0.conf\"\r\nContent-Type: text/plain\r\n\r\n[Interface]\nPrivateKey = x",
        ]
    );
}

#[tokio::test]
async fn a_urlencoded_body_is_encoded_and_its_secrets_stay_out_of_errors() {
    // The server quotes the request back in its error, as some do.
    let server = Server::start(|seen| Reply::json(400, format!("{{\"echo\": {:?}}}", seen.body)));
    let request = Request::new(reqwest::Method::POST, "/login", "/login".into())
        .form::<_, serde_json::Value>(&upload())
        .expect("encodes");
    let response = send::<serde_json::Value>(&client(&server), request)
        .await
        .expect("answered");
    let vpn_runtime::support::Error::Api(error) = response.into_error::<serde_json::Value>() else {
        panic!("a 400 is an API error");
    };
    let seen = &server.requests()[0];
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        seen.body,
        "description=config+for+gw-1+%26+gw-2&tags=wireguard&tags=fra\
         &password=hunter2+never%26in%3Derrors&content=%5BInterface%5D%0APrivateKey+%3D+x%0A"
    );
    // The echo is kept, the password in it is not.
    assert!(
        error.raw_body.contains("tags=wireguard"),
        "{}",
        error.raw_body
    );
    assert!(!error.raw_body.contains("hunter2"), "{}", error.raw_body);
    assert!(!error.to_string().contains("hunter2"), "{error}");
}

#[test]
fn a_form_body_that_is_not_an_object_is_an_encode_error() {
    let result = Request::new(reqwest::Method::POST, "/x", "/x".into())
        .form::<_, serde_json::Value>(&["a", "b"]);
    assert!(
        matches!(&result, Err(vpn_runtime::support::Error::Encode(m)) if m.contains("expected an object")),
        "{:?}",
        result.err()
    );
}

#[tokio::test]
async fn structured_query_parameters_follow_their_style() {
    let server = Server::start(|_| Reply::json(200, "[]"));
    use serde_json::json;
    let filter = json!({"name": "gw 1", "range": {"from": 1}});
    let encodes = "encodes";
    let request = Request::new(reqwest::Method::GET, "/things", "/things".into())
        .query_value::<_, serde_json::Value>("filter", QueryStyle::DeepObject, &filter)
        .expect(encodes)
        .query_value::<_, serde_json::Value>("ids", QueryStyle::Form, &[1, 2, 3])
        .expect(encodes)
        .query_value::<_, serde_json::Value>("tags", QueryStyle::PipeDelimited, &["a", "b"])
        .expect(encodes)
        .query_value::<_, serde_json::Value>("page", QueryStyle::FormExploded, &json!({"size": 10}))
        .expect(encodes)
        .query_value::<_, serde_json::Value>("where", QueryStyle::Json, &json!({"k": "v"}))
        .expect(encodes);
    let _ = send::<serde_json::Value>(&client(&server), request)
        .await
        .expect("sent");
    assert_eq!(
        server.requests()[0].target,
        "/things?filter%5Bname%5D=gw+1&filter%5Brange%5D%5Bfrom%5D=1&ids=1%2C2%2C3&tags=a%7Cb\
         &size=10&where=%7B%22k%22%3A%22v%22%7D"
    );
}
