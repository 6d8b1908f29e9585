//! The fake's HTTP/1.1 side, on hyper (already in every build through reqwest; the feature
//! turns on its server half): a listener on 127.0.0.1, keep-alive, pipelining, chunked
//! bodies, `HEAD` and `Expect: 100-continue` as HTTP says, and the transport faults
//! (latency, resets) the state asks for.

use super::answer::Answer;
use super::state::Incoming;
use super::Shared;
use futures_util::future::{select, Either};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::{Request, Response, StatusCode};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};

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

/// A connection that closes with RST instead of FIN when its `reset` flag is set as it is
/// dropped, like a proxy that crashed (a zero linger: nothing blocks).
struct Resettable {
    stream: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for Resettable {
    fn drop(&mut self) {
        if self.reset.load(Ordering::SeqCst) {
            let _ = self.stream.set_zero_linger();
        }
    }
}

impl AsyncRead for Resettable {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Resettable {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Serves one connection until the client closes it, or until an answer asks for a reset:
/// then the connection is dropped at once, with RST.
async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    let reset = Arc::new(AtomicBool::new(false));
    let resetting = Arc::new(Notify::new());
    let io = hyper_util::rt::TokioIo::new(Resettable {
        stream,
        reset: Arc::clone(&reset),
    });
    let service = {
        let (reset, resetting) = (Arc::clone(&reset), Arc::clone(&resetting));
        hyper::service::service_fn(move |request| {
            let (shared, reset, resetting) = (
                Arc::clone(&shared),
                Arc::clone(&reset),
                Arc::clone(&resetting),
            );
            async move {
                let answer = match read(request).await {
                    Ok(incoming) => shared.answer(incoming),
                    Err(status) => Answer::status_only(status),
                };
                if !answer.delay.is_zero() {
                    tokio::time::sleep(answer.delay).await;
                }
                if answer.reset {
                    reset.store(true, Ordering::SeqCst);
                    resetting.notify_one();
                    // The connection is dropped before this answer could be sent.
                    std::future::pending::<()>().await;
                }
                Ok::<_, Infallible>(response(answer))
            }
        })
    };
    let served = hyper::server::conn::http1::Builder::new()
        .pipeline_flush(true)
        .serve_connection(io, service);
    let _ = select(Box::pin(served), Box::pin(resetting.notified())).await;
}

/// The request as the state reads it, or the status of one that cannot be read (`413`, `400`).
async fn read(request: Request<hyper::body::Incoming>) -> Result<Incoming, u16> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => return Err(413),
        Err(_) => return Err(400),
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_ascii_lowercase(), value)
        })
        .collect();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    Ok(Incoming {
        method: parts.method.as_str().to_string(),
        target,
        headers,
        body: body.to_vec(),
    })
}

/// The answer as hyper sends it (hyper leaves the body out of a `HEAD` answer).
fn response(answer: Answer) -> Response<Full<Bytes>> {
    let body = answer
        .body
        .as_ref()
        .map(serde_json::Value::to_string)
        .unwrap_or_default();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if answer.body.is_some() {
        headers.insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
    }
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    response
}
