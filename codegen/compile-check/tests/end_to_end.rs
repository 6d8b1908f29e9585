//! The golden output's newer constructs run against a real HTTP server on 127.0.0.1: an enum
//! of answers (one variant per status), a raw answer, a discriminated union decoded from the
//! answer, a multipart body with a file part, a `deepObject` query, and an operation whose
//! `security: []` sends no credentials. The server answers each request with the next of a
//! list of canned answers and hands back what it received.

use codegen_compile_check::generated::models::{AdoptPetFilter, Pet, Upload};
use codegen_compile_check::generated::operations::{AdoptPetAnswer, AdoptPetQuery};
use codegen_compile_check::generated::Client;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use vpn_runtime::support::File;
use vpn_runtime::RetryPolicy;

/// What the server received: the request line, headers (lowercase names) and body.
struct Received {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Serves one connection per answer (`status`, JSON body), in order.
fn serve(answers: Vec<(u16, &'static str)>) -> (String, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    let (sender, received) = mpsc::channel();
    std::thread::spawn(move || {
        for (status, body) in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let mut headers = Vec::new();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.trim_end().split_once(": ") {
                    headers.push((name.to_ascii_lowercase(), value.to_string()));
                }
            }
            let length = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut content = vec![0; length];
            let _ = reader.read_exact(&mut content);
            let _ = sender.send(Received {
                line: line.trim_end().to_string(),
                headers,
                body: String::from_utf8_lossy(&content).into_owned(),
            });
            let reply = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = reader.get_mut().write_all(reply.as_bytes());
        }
    });
    (base_url, received)
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .token("token-of-the-test")
        .retry(RetryPolicy::never())
        .build()
        .expect("client")
}

fn upload() -> Upload {
    Upload::new(File::new(b"meow".to_vec()).with_name("cat.txt")).with_note("hello")
}

#[tokio::test(flavor = "current_thread")]
async fn each_status_is_its_variant_and_the_union_follows_its_discriminator() {
    let (base_url, received) = serve(vec![
        (200, r#"{"kind": "cat", "name": "Tom"}"#),
        (
            202,
            r#"{"id": "00000000-0000-4000-8000-000000000001", "meta": {"state": "RUNNING"}}"#,
        ),
        (204, ""),
        (200, r#"{"kind": "parrot", "words": 12}"#),
    ]);
    let c = client(&base_url);
    let query = AdoptPetQuery::default().with_filter(AdoptPetFilter::default().with_name("Tom"));

    let Ok(AdoptPetAnswer::Status200(Pet::Cat(cat))) = c.adopt_pet(&query, &upload()).await else {
        panic!("200 with kind cat is Status200(Pet::Cat)");
    };
    assert_eq!(cat.name, "Tom");
    let sent = received.recv().expect("request");
    assert_eq!(sent.line, "POST /pets?filter%5Bname%5D=Tom HTTP/1.1");
    assert_eq!(
        sent.header("authorization"),
        None,
        "security: [] sends no token"
    );
    let boundary = sent
        .header("content-type")
        .and_then(|t| t.strip_prefix("multipart/form-data; boundary="))
        .expect("a multipart body");
    assert!(sent.body.contains(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cat.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nmeow\r\n"
    )));
    assert!(sent
        .body
        .contains("Content-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"));

    let queued = c.adopt_pet(&query, &upload()).await;
    assert!(matches!(queued, Ok(AdoptPetAnswer::Status202(job)) if job.meta.note.is_none()));
    let nothing = c.adopt_pet(&query, &upload()).await;
    assert!(matches!(nothing, Ok(AdoptPetAnswer::Status204)));
    let unknown = c.adopt_pet(&query, &upload()).await;
    assert!(
        matches!(&unknown, Ok(AdoptPetAnswer::Status200(Pet::Unknown(value))) if value["words"] == 12),
        "{unknown:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_operation_without_a_success_body_hands_over_the_answer() {
    let (base_url, received) = serve(vec![(304, ""), (404, r#"{"code": 404}"#)]);
    let c = client(&base_url);
    let answer = c.open_stream().await.expect("304 is below 400");
    assert_eq!(answer.status().as_u16(), 304);
    let sent = received.recv().expect("request");
    assert_eq!(
        sent.header("authorization"),
        Some("Bearer token-of-the-test"),
        "the document's security applies"
    );
    assert!(c.open_stream().await.is_err(), "404 is an error");
}
