//! A real HTTP/1.1 server on 127.0.0.1 that records every request and answers from a script,
//! including on purpose badly: slow, reset, truncated. Shared by the integration tests; not every
//! test binary uses every helper.
#![allow(dead_code)]

pub(crate) mod drills;
pub(crate) mod environment;
pub(crate) mod fixtures;
pub(crate) mod prism;
pub(crate) mod trace;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;
use vpn_runtime::support::KeyPlace;

#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Recorded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of one query parameter.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        let (_, query) = self.target.split_once('?')?;
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// How the server misbehaves instead of answering normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Read the request, then reset the connection without answering.
    ResetAfterRequest,
    /// Announce the whole body, send half of it, close.
    TruncatedBody,
}

pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: String,
    pub(crate) content_type: &'static str,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) delay: Duration,
    pub(crate) fault: Option<Fault>,
}

impl Reply {
    pub(crate) fn json(status: u16, body: impl ToString) -> Reply {
        Reply {
            status,
            body: body.to_string(),
            content_type: "application/json",
            headers: Vec::new(),
            delay: Duration::ZERO,
            fault: None,
        }
    }

    pub(crate) fn html(status: u16, body: &str) -> Reply {
        Reply {
            content_type: "text/html",
            ..Reply::json(status, body)
        }
    }

    pub(crate) fn empty(status: u16) -> Reply {
        Reply::json(status, "")
    }

    pub(crate) fn fault(fault: Fault) -> Reply {
        Reply {
            fault: Some(fault),
            ..Reply::json(200, "{}")
        }
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Answers only after this long.
    pub(crate) fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Script = dyn Fn(&Recorded) -> Reply + Send + Sync;

pub(crate) struct Server {
    pub(crate) base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
    reset_on_accept: Arc<AtomicUsize>,
}

impl Server {
    pub(crate) fn start(script: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let reset_on_accept = Arc::new(AtomicUsize::new(0));
        let (seen, opened, resets) = (
            Arc::clone(&requests),
            Arc::clone(&connections),
            Arc::clone(&reset_on_accept),
        );
        let script: Arc<Script> = Arc::new(script);
        // The thread ends with the test process; each connection is served to completion.
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                opened.fetch_add(1, Ordering::SeqCst);
                let reset_now = resets
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if reset_now {
                    reset(stream);
                    continue;
                }
                let seen = Arc::clone(&seen);
                let script = Arc::clone(&script);
                thread::spawn(move || serve(stream, &seen, &*script));
            }
        });
        Server {
            base_url,
            requests,
            connections,
            reset_on_accept,
        }
    }

    /// Resets the next `n` connections as soon as they are accepted, before reading anything.
    pub(crate) fn reset_next_connections(&self, n: usize) {
        self.reset_on_accept.store(n, Ordering::SeqCst);
    }

    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }

    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// A base URL where nothing listens: connecting fails before any byte is sent.
pub(crate) fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    url
}

/// Closes with RST instead of FIN, like a crashed proxy.
fn reset(stream: TcpStream) {
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Recorded>>, script: &Script) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, target) = (
            parts.next().unwrap_or_default().to_string(),
            parts.next().unwrap_or_default().to_string(),
        );
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                break;
            }
            if let Some((k, v)) = h.trim_end().split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let recorded = Recorded {
            method,
            target,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        seen.lock().expect("lock").push(recorded.clone());
        let reply = script(&recorded);
        thread::sleep(reply.delay);
        if reply.fault == Some(Fault::ResetAfterRequest) {
            reset(stream);
            return;
        }
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\nx-request-id: test-1\r\n",
            reply.status,
            reply.content_type,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let body = if reply.fault == Some(Fault::TruncatedBody) {
            &reply.body[..reply.body.len() / 2]
        } else {
            &reply.body
        };
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(body.as_bytes()).is_err()
        {
            return;
        }
        if reply.fault == Some(Fault::TruncatedBody) {
            return;
        }
    }
}

/// The builder with an API key in `place`: the VPN spec has no API-key scheme, so no generated
/// setter makes one; the runtime's builder, which generated setters call, does.
pub(crate) fn with_api_key(
    builder: vpn_api::ClientBuilder,
    place: KeyPlace,
    key: &str,
) -> vpn_api::ClientBuilder {
    vpn_runtime::support::ClientBuilder::from(builder)
        .api_key_in(place, key)
        .into()
}
