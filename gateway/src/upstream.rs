//! One upstream service, reached over one shared HTTP/2 connection that is
//! made on first use and made again after it breaks.
//!
//! This speaks `h2` directly rather than through hyper's client: hyper
//! sends a request's body from a task of its own once the new stream has
//! flow-control window, which a stream only gets after its headers have
//! gone out. So every forwarded call cost a spawned task and a write of
//! its own for its one small DATA frame. Here the body is queued with the
//! headers, and the connection writes the frames of all the calls waiting
//! at that moment together.
//!
//! Every portal RPC is unary, so the answer is read whole, inside the call
//! timeout, before it is handed on: a browser that reads slowly (or never)
//! then holds only its own connection, never the shared one's window.

use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{HeaderMap, Request, Response, Uri, Version};
use http_body::Frame;
use tokio::net::TcpStream;

/// Headers that mean something for one HTTP/1.1 hop only; HTTP/2 forbids
/// them (`host` becomes the `:authority` of the upstream URI). Headers that
/// a `Connection` header names are deliberately kept: honouring that list
/// would let a caller strip `x-client-ip` and the like.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// hyper's defaults, so that a large answer is not throttled by the 64 KiB
/// the HTTP/2 protocol starts with.
const STREAM_WINDOW: u32 = 2 * 1024 * 1024;
const CONNECTION_WINDOW: u32 = 5 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("cannot reach {0}")]
    Unreachable(String),
    #[error("no answer within {0:?}")]
    TimedOut(Duration),
    #[error(transparent)]
    Http2(#[from] h2::Error),
    #[error(transparent)]
    Uri(#[from] http::Error),
}

type Sender = h2::client::SendRequest<Bytes>;

#[derive(Debug)]
pub struct Upstream {
    authority: Authority,
    connect_timeout: Duration,
    timeout: Duration,
    /// The connection in use, with the generation it was made in, so that a
    /// late failure on an old connection does not throw away a new one.
    connection: Mutex<Option<(u64, Sender)>>,
    generations: AtomicU64,
    /// Held while connecting, so that a burst of calls after a break makes
    /// one connection, not one each.
    connecting: tokio::sync::Mutex<()>,
    /// When the last attempt to connect failed: calls that were waiting for
    /// it fail at once instead of each trying again in turn.
    failed_at: Mutex<Option<Instant>>,
}

impl Upstream {
    /// `url` is `http://host:port`.
    pub fn new(url: &str, connect_timeout: Duration, timeout: Duration) -> anyhow::Result<Self> {
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
            .filter(|a| a.port_u16().is_some())
            .ok_or_else(|| anyhow::anyhow!("upstream url {url:?} needs a host and a port"))?;
        Ok(Self {
            authority,
            connect_timeout,
            timeout,
            connection: Mutex::new(None),
            generations: AtomicU64::new(0),
            connecting: tokio::sync::Mutex::new(()),
            failed_at: Mutex::new(None),
        })
    }

    /// Sends one unary call (its headers and whole body at once) and reads
    /// the whole answer. A call that gets no answer in time also gives up
    /// the connection, which may be dead without having said so.
    pub async fn call(
        &self,
        parts: http::request::Parts,
        body: Bytes,
    ) -> Result<Response<Whole>, UpstreamError> {
        let mut generation = None;
        let exchange = self.exchange(parts, body, &mut generation);
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(answer) => answer,
            Err(_) => {
                if let Some(generation) = generation {
                    self.forget(generation);
                }
                Err(UpstreamError::TimedOut(self.timeout))
            }
        }
    }

    async fn exchange(
        &self,
        mut parts: http::request::Parts,
        body: Bytes,
        generation: &mut Option<u64>,
    ) -> Result<Response<Whole>, UpstreamError> {
        let path = parts
            .uri
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        parts.uri = Uri::builder()
            .scheme(Scheme::HTTP)
            .authority(self.authority.clone())
            .path_and_query(path)
            .build()?;
        parts.version = Version::HTTP_2;
        strip_hop_by_hop(&mut parts.headers);
        let request = Request::from_parts(parts, ());

        let (current, mut sender) = self.ready_sender().await?;
        *generation = Some(current);
        let broken = |error| self.broken(current, error);
        let (response, mut stream) = sender
            .send_request(request, body.is_empty())
            .map_err(broken)?;
        if !body.is_empty() {
            // Queued beside the headers; sent as the window allows.
            stream.send_data(body, true).map_err(broken)?;
        }
        let (parts, mut incoming) = response.await.map_err(broken)?.into_parts();
        let whole = Whole::read(&mut incoming).await.map_err(broken)?;
        Ok(Response::from_parts(parts, whole))
    }

    /// The shared connection, ready for one more stream; a new one if there
    /// is none or it has closed.
    async fn ready_sender(&self) -> Result<(u64, Sender), UpstreamError> {
        let asked = Instant::now();
        if let Some((generation, sender)) = self.current() {
            match sender.ready().await {
                Ok(sender) => return Ok((generation, sender)),
                Err(error) => {
                    tracing::debug!(%error, "upstream connection unusable; reconnecting");
                    self.forget(generation);
                }
            }
        }
        let _turn = self.connecting.lock().await;
        if let Some((generation, sender)) = self.current() {
            // Another call connected while this one waited.
            return Ok((generation, sender.ready().await?));
        }
        if self.lock_failed_at().is_some_and(|failed| failed >= asked) {
            return Err(UpstreamError::Unreachable(self.authority.to_string()));
        }
        match self.connect().await {
            Ok(sender) => {
                let generation = self.generations.fetch_add(1, Ordering::Relaxed);
                *self.lock_connection() = Some((generation, sender.clone()));
                *self.lock_failed_at() = None;
                Ok((generation, sender.ready().await?))
            }
            Err(error) => {
                *self.lock_failed_at() = Some(Instant::now());
                Err(error)
            }
        }
    }

    async fn connect(&self) -> Result<Sender, UpstreamError> {
        let address = self.authority.as_str();
        let unreachable = |why: String| {
            tracing::debug!(%address, %why, "cannot connect upstream");
            UpstreamError::Unreachable(address.to_owned())
        };
        let io = tokio::time::timeout(self.connect_timeout, TcpStream::connect(address))
            .await
            .map_err(|_| unreachable("connect timed out".into()))?
            .map_err(|e| unreachable(e.to_string()))?;
        io.set_nodelay(true)
            .map_err(|e| unreachable(e.to_string()))?;
        let (sender, connection) = h2::client::Builder::new()
            .enable_push(false)
            .initial_window_size(STREAM_WINDOW)
            .initial_connection_window_size(CONNECTION_WINDOW)
            .handshake(io)
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        let address = address.to_owned();
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%address, %error, "upstream connection closed");
            }
        });
        Ok(sender)
    }

    fn current(&self) -> Option<(u64, Sender)> {
        self.lock_connection().clone()
    }

    /// Forgets the connection unless the error belongs to one stream only
    /// (a reset), so that the next call makes a new one.
    fn broken(&self, generation: u64, error: h2::Error) -> UpstreamError {
        if !error.is_reset() {
            self.forget(generation);
        }
        UpstreamError::Http2(error)
    }

    fn forget(&self, generation: u64) {
        let mut slot = self.lock_connection();
        if slot
            .as_ref()
            .is_some_and(|(current, _)| *current == generation)
        {
            *slot = None;
        }
    }

    // A panic while holding these locks cannot leave them half written:
    // carry on with what is there.
    fn lock_connection(&self) -> std::sync::MutexGuard<'_, Option<(u64, Sender)>> {
        self.connection
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lock_failed_at(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.failed_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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

/// A whole answer: its data and its trailers. An answer that had neither (a
/// gRPC "trailers-only" error) stays one, since the body is empty from the
/// start.
#[derive(Debug, Default)]
pub struct Whole {
    data: Option<Bytes>,
    trailers: Option<HeaderMap>,
}

impl Whole {
    async fn read(incoming: &mut h2::RecvStream) -> Result<Self, h2::Error> {
        let mut data = BytesMut::new();
        while let Some(chunk) = incoming.data().await {
            let chunk = chunk?;
            // The window is given back as the answer is read, so the
            // upstream never waits on anyone but this call.
            let _ = incoming.flow_control().release_capacity(chunk.len());
            data.extend_from_slice(&chunk);
        }
        let trailers = incoming.trailers().await?;
        Ok(Self {
            data: Some(data.freeze()).filter(|d| !d.is_empty()),
            trailers,
        })
    }
}

impl http_body::Body for Whole {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        Poll::Ready(self.trailers.take().map(|t| Ok(Frame::trailers(t))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && self.trailers.is_none()
    }
}
