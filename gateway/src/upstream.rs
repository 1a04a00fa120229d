//! One upstream service, reached over one shared HTTP/2 connection that is
//! made on first use and made again after it breaks.
//!
//! This speaks `h2` directly rather than through hyper's client: hyper
//! sends a request's body from a task of its own once the new stream has
//! flow-control capacity, which a stream only gets after its headers have
//! gone out. So every forwarded call cost a spawned task and a write of
//! its own for its one small DATA frame. Here the body is queued with the
//! headers, and the connection writes the frames of all the calls waiting
//! at that moment together.

use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{HeaderMap, Request, Response, Uri, Version};
use http_body::{Frame, SizeHint};
use tokio::net::TcpStream;

/// Headers that mean something for one HTTP/1.1 hop only; HTTP/2 forbids
/// them (`host` becomes the `:authority` of the upstream URI).
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "host",
];

#[derive(Debug)]
pub struct Upstream {
    authority: Authority,
    connect_timeout: Duration,
    connection: Mutex<Option<h2::client::SendRequest<Bytes>>>,
    /// Held while connecting, so that a burst of calls after a break makes
    /// one connection, not one each.
    connecting: tokio::sync::Mutex<()>,
}

impl Upstream {
    /// `url` is `http://host:port`.
    pub fn new(url: &str, connect_timeout: Duration) -> anyhow::Result<Self> {
        let uri: Uri = url
            .parse()
            .map_err(|e| anyhow::anyhow!("upstream url {url:?}: {e}"))?;
        let parts = uri.into_parts();
        anyhow::ensure!(
            parts.scheme.as_ref().is_none_or(|s| *s == Scheme::HTTP),
            "upstream url {url:?}: only http:// is supported (the services speak plaintext gRPC)"
        );
        let authority = parts
            .authority
            .ok_or_else(|| anyhow::anyhow!("upstream url {url:?} has no host"))?;
        Ok(Self {
            authority,
            connect_timeout,
            connection: Mutex::new(None),
            connecting: tokio::sync::Mutex::new(()),
        })
    }

    /// Sends one unary call: its headers and whole body at once.
    pub async fn call(
        &self,
        mut parts: http::request::Parts,
        body: Bytes,
    ) -> Result<Response<Incoming>, UpstreamError> {
        parts.uri = Uri::builder()
            .scheme(Scheme::HTTP)
            .authority(self.authority.clone())
            .path_and_query(
                parts
                    .uri
                    .path_and_query()
                    .cloned()
                    .unwrap_or_else(|| PathAndQuery::from_static("/")),
            )
            .build()
            .map_err(|e| UpstreamError(e.to_string()))?;
        parts.version = Version::HTTP_2;
        strip_hop_by_hop(&mut parts.headers);
        let request = Request::from_parts(parts, ());

        let mut sender = self.ready_sender().await?;
        let (response, mut stream) = sender
            .send_request(request, body.is_empty())
            .map_err(|e| self.broken(&e))?;
        if !body.is_empty() {
            // Queued beside the headers; sent as the window allows.
            stream.send_data(body, true).map_err(|e| self.broken(&e))?;
        }
        let response = response.await.map_err(|e| self.broken(&e))?;
        Ok(response.map(Incoming::new))
    }

    /// The shared connection, ready for one more stream; a new one if there
    /// is none or it has closed.
    async fn ready_sender(&self) -> Result<h2::client::SendRequest<Bytes>, UpstreamError> {
        if let Some(sender) = self.current() {
            match sender.ready().await {
                Ok(sender) => return Ok(sender),
                Err(error) => {
                    tracing::debug!(%error, "upstream connection unusable; reconnecting");
                    *self.slot() = None;
                }
            }
        }
        let _turn = self.connecting.lock().await;
        // Another call may have connected while this one waited.
        let sender = match self.current() {
            Some(sender) => sender,
            None => {
                let sender = self.connect().await?;
                *self.slot() = Some(sender.clone());
                sender
            }
        };
        sender.ready().await.map_err(|e| self.broken(&e))
    }

    async fn connect(&self) -> Result<h2::client::SendRequest<Bytes>, UpstreamError> {
        let address = self.authority.as_str();
        let io = tokio::time::timeout(self.connect_timeout, TcpStream::connect(address))
            .await
            .map_err(|_| UpstreamError(format!("connecting to {address} timed out")))?
            .map_err(|e| UpstreamError(format!("connecting to {address}: {e}")))?;
        io.set_nodelay(true)
            .map_err(|e| UpstreamError(e.to_string()))?;
        let (sender, connection) = h2::client::Builder::new()
            .enable_push(false)
            .handshake(io)
            .await
            .map_err(|e| UpstreamError(format!("HTTP/2 handshake with {address}: {e}")))?;
        let address = address.to_owned();
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%address, %error, "upstream connection closed");
            }
        });
        Ok(sender)
    }

    fn current(&self) -> Option<h2::client::SendRequest<Bytes>> {
        self.slot().clone()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<h2::client::SendRequest<Bytes>>> {
        // A panic while holding this lock cannot leave the slot half
        // written; carry on with what is there.
        self.connection
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Forgets the connection unless the error belongs to one stream only
    /// (a reset), so the next call makes a new one; the error is returned
    /// for the caller.
    fn broken(&self, error: &h2::Error) -> UpstreamError {
        if !error.is_reset() {
            *self.slot() = None;
        }
        UpstreamError(error.to_string())
    }
}

fn strip_hop_by_hop(headers: &mut HeaderMap) {
    for name in HOP_BY_HOP {
        headers.remove(*name);
    }
    if headers
        .get(http::header::TE)
        .is_some_and(|te| te != "trailers")
    {
        headers.remove(http::header::TE);
    }
}

#[derive(Debug)]
pub struct UpstreamError(String);

impl std::fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A response body read from the upstream stream, giving the window back as
/// each chunk is taken.
#[derive(Debug)]
pub struct Incoming {
    stream: h2::RecvStream,
    data_done: bool,
    done: bool,
}

impl Incoming {
    fn new(stream: h2::RecvStream) -> Self {
        Self {
            stream,
            data_done: false,
            done: false,
        }
    }
}

impl http_body::Body for Incoming {
    type Data = Bytes;
    type Error = h2::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, h2::Error>>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        if !this.data_done {
            match ready!(this.stream.poll_data(cx)) {
                Some(Ok(data)) => {
                    let _ = this.stream.flow_control().release_capacity(data.len());
                    return Poll::Ready(Some(Ok(Frame::data(data))));
                }
                Some(Err(error)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                None => this.data_done = true,
            }
        }
        let trailers = ready!(this.stream.poll_trailers(cx));
        this.done = true;
        match trailers {
            Ok(Some(trailers)) => Poll::Ready(Some(Ok(Frame::trailers(trailers)))),
            Ok(None) => Poll::Ready(None),
            Err(error) => Poll::Ready(Some(Err(error))),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}
