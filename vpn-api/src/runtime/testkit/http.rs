//! The fake's HTTP/1.1 side: a listener on 127.0.0.1, keep-alive connections, requests with a
//! `Content-Length` body, and the transport faults (latency, resets) the state asks for.

use super::answer::Answer;
use super::state::Incoming;
use super::Shared;
use futures_util::future::{select, Either};
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// The largest body the fake reads; larger ones are refused with `413`.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// Listens on a random port; the accept loop ends when the returned sender is dropped.
pub(super) async fn serve(
    shared: Arc<Shared>,
) -> std::io::Result<(String, Arc<oneshot::Sender<()>>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut stopped = stopped;
        loop {
            let accepted = match select(Box::pin(listener.accept()), &mut stopped).await {
                Either::Left((accepted, _)) => accepted,
                Either::Right(_) => return,
            };
            let Ok((stream, _)) = accepted else { continue };
            tokio::spawn(connection(stream, Arc::clone(&shared)));
        }
    });
    Ok((base_url, Arc::new(stop)))
}

async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    let mut reader = BufReader::new(stream);
    while let Some(incoming) = read_request(&mut reader).await {
        let answer = match incoming {
            Ok(incoming) => shared.answer(incoming),
            Err(status) => Answer::status_only(status),
        };
        if !answer.delay.is_zero() {
            tokio::time::sleep(answer.delay).await;
        }
        if answer.reset {
            reset(reader.into_inner());
            return;
        }
        if reader.get_mut().write_all(&answer.bytes()).await.is_err() {
            return;
        }
    }
}

/// Closes with RST instead of FIN, like a proxy that crashed (a zero linger: nothing blocks).
fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

/// One request, `None` when the connection is closed, or the status of a request that
/// cannot be read (`400`, `413`).
async fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Result<Incoming, u16>> {
    let mut line = String::new();
    match reader.read_line(&mut line).await {
        Ok(0) | Err(_) => return None,
        Ok(_) => {}
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Some(Err(400));
    };
    let (method, target) = (method.to_string(), target.to_string());
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header).await {
            Ok(0) | Err(_) => return None,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = header.trim_end().split_once(':') {
                    headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
                }
            }
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map(|(_, value)| value.parse::<usize>());
    let length = match length {
        None => 0,
        Some(Ok(n)) if n <= MAX_BODY => n,
        Some(Ok(_)) => return Some(Err(413)),
        Some(Err(_)) => return Some(Err(400)),
    };
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).await.is_err() {
        return None;
    }
    Some(Ok(Incoming {
        method,
        target,
        headers,
        body,
    }))
}
