//! The fake's HTTP as a raw socket sees it: a chunked body, `HEAD`, `Expect: 100-continue` and
//! pipelined requests on one connection each get exactly the answers HTTP/1.1 says, and the
//! connection stays in step for the next request.
#![cfg(feature = "testkit")]

mod support;

use serde_json::{json, Value};
use support::fixtures::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use vpn_api::testkit;

/// One answer read off the connection: status, headers (lower-case names), body.
async fn answer(reader: &mut BufReader<TcpStream>) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use tokio::io::AsyncBufReadExt;
    let mut status_line = String::new();
    reader
        .read_line(&mut status_line)
        .await
        .expect("status line");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a status line: {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.expect("header");
        if line.trim_end().is_empty() {
            break;
        }
        let (name, value) = line.trim_end().split_once(':').expect("name: value");
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    (status, headers, Vec::new())
}

async fn with_body(
    reader: &mut BufReader<TcpStream>,
    head: bool,
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let (status, headers, _) = answer(reader).await;
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().expect("length"));
    let mut body = vec![0; if head { 0 } else { length }];
    reader.read_exact(&mut body).await.expect("body");
    (status, headers, body)
}

fn gateway_body() -> String {
    json!({"properties": serde_json::to_value(wireguard_gateway()).expect("json")}).to_string()
}

async fn connect(fake: &testkit::FakeServer) -> BufReader<TcpStream> {
    let address = fake.base_url().trim_start_matches("http://");
    BufReader::new(TcpStream::connect(address).await.expect("connect"))
}

fn items(body: &[u8]) -> usize {
    let page: Value = serde_json::from_slice(body).expect("a JSON page");
    page["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_chunked_body_is_read_whole_and_the_connection_stays_in_step() {
    let fake = testkit::start().await.expect("fake");
    let mut conn = connect(&fake).await;
    let body = gateway_body();
    let (first, second) = body.split_at(body.len() / 2);
    let request = format!(
        "POST /wireguardgateways HTTP/1.1\r\nhost: fake\r\nauthorization: Bearer {token}\r\n\
         content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n\
         {:x}\r\n{first}\r\n{:x}\r\n{second}\r\n0\r\n\r\n\
         GET /wireguardgateways HTTP/1.1\r\nhost: fake\r\nauthorization: Bearer {token}\r\n\r\n",
        first.len(),
        second.len(),
        token = fake.token()
    );
    conn.get_mut()
        .write_all(request.as_bytes())
        .await
        .expect("write");
    let (status, _, created) = with_body(&mut conn, false).await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&created));
    let (status, _, page) = with_body(&mut conn, false).await;
    assert_eq!((status, items(&page)), (200, 1), "exactly one answer each");
    assert_eq!(fake.stored().len(), 1);
}

#[tokio::test]
async fn head_answers_without_a_body() {
    let fake = testkit::start().await.expect("fake");
    let mut conn = connect(&fake).await;
    let token = fake.token();
    let request = format!(
        "HEAD /wireguardgateways HTTP/1.1\r\nhost: fake\r\nauthorization: Bearer {token}\r\n\r\n\
         GET /wireguardgateways HTTP/1.1\r\nhost: fake\r\nauthorization: Bearer {token}\r\n\r\n"
    );
    conn.get_mut()
        .write_all(request.as_bytes())
        .await
        .expect("write");
    let (status, headers, _) = with_body(&mut conn, true).await;
    assert_eq!(status, 200);
    assert!(
        headers.iter().any(|(n, _)| n == "content-length"),
        "{headers:?}"
    );
    // No body bytes came: the next answer starts right here.
    let (status, _, page) = with_body(&mut conn, false).await;
    assert_eq!((status, items(&page)), (200, 0));
}

#[tokio::test]
async fn expect_100_continue_is_answered_before_the_body_is_sent() {
    let fake = testkit::start().await.expect("fake");
    let mut conn = connect(&fake).await;
    let body = gateway_body();
    let head = format!(
        "POST /wireguardgateways HTTP/1.1\r\nhost: fake\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nexpect: 100-continue\r\n\r\n",
        fake.token(),
        body.len()
    );
    conn.get_mut()
        .write_all(head.as_bytes())
        .await
        .expect("write");
    let (status, _, _) = answer(&mut conn).await;
    assert_eq!(status, 100, "the fake asks for the body");
    conn.get_mut()
        .write_all(body.as_bytes())
        .await
        .expect("body");
    let (status, _, created) = with_body(&mut conn, false).await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&created));
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order() {
    let fake = testkit::start().await.expect("fake");
    let client = fake.client();
    let made = client
        .wireguard_gateways()
        .create(&wireguard_gateway())
        .await
        .expect("created");
    let mut conn = connect(&fake).await;
    let token = fake.token();
    let get = |target: &str| {
        format!("GET {target} HTTP/1.1\r\nhost: fake\r\nauthorization: Bearer {token}\r\n\r\n")
    };
    let requests = [
        get(&format!("/wireguardgateways/{}", made.id)),
        get("/wireguardgateways/00000000-0000-4000-8000-000000000000"),
        get("/wireguardgateways"),
    ]
    .concat();
    conn.get_mut()
        .write_all(requests.as_bytes())
        .await
        .expect("write all three at once");
    let statuses = [
        with_body(&mut conn, false).await.0,
        with_body(&mut conn, false).await.0,
        with_body(&mut conn, false).await.0,
    ];
    assert_eq!(statuses, [200, 404, 200]);
}
