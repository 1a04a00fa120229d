//! What one connection may hold, on every port a portal process serves
//! (each service's own, and the gateway's in both modes): a cap on open
//! connections, an idle timeout, and a deadline for a request's body.
//! Without them, a client that sends headers and half a body — or nothing
//! at all — keeps a connection (and its memory) for as long as it likes.
//! hyper already closes an HTTP/1.1 connection whose request headers take
//! longer than 30 s.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Request, Response};
use http_body::Frame;
use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};
use tokio_stream::Stream;
use tonic::Status;
use tonic::transport::server::{Connected, TcpConnectInfo};
use tower::{Layer, Service};

/// The `[connections]` settings of every process.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnectionSettings {
    /// Connections open at once; further clients wait in the listen
    /// backlog until one closes.
    pub max_connections: usize,
    /// A connection with no byte read or written for this long is closed.
    /// Longer than any call may take (a sign-in may wait up to
    /// `hashing.max_wait_ms`, 10 s by default).
    pub idle_timeout_ms: u64,
    /// A request whose body has not fully arrived this long after it began
    /// is answered `DEADLINE_EXCEEDED`.
    pub body_timeout_ms: u64,
}

impl Default for ConnectionSettings {
    fn default() -> Self {
        Self {
            max_connections: 4096,
            idle_timeout_ms: 60_000,
            body_timeout_ms: 15_000,
        }
    }
}

impl ConnectionSettings {
    pub fn body_timeout(&self) -> Duration {
        Duration::from_millis(self.body_timeout_ms)
    }

    /// The connections `listener` accepts, at most `max_connections` open
    /// at once, each closed after `idle_timeout_ms` without traffic.
    pub fn incoming(
        &self,
        listener: TcpListener,
    ) -> impl Stream<Item = io::Result<GuardedStream>> + Send + 'static {
        let slots = Arc::new(Semaphore::new(self.max_connections.max(1)));
        let idle_timeout = Duration::from_millis(self.idle_timeout_ms.max(1));
        futures_util::stream::unfold((listener, slots), move |(listener, slots)| async move {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                return None;
            };
            let accepted = listener.accept().await.map(|(stream, _)| {
                // Replies are small and latency matters: no Nagle delay.
                let _ = stream.set_nodelay(true);
                GuardedStream {
                    inner: stream,
                    _slot: permit,
                    idle_timeout,
                    idle: Box::pin(tokio::time::sleep(idle_timeout)),
                }
            });
            Some((accepted, (listener, slots)))
        })
    }
}

/// An accepted connection holding its place under the cap, closed when it
/// has been idle too long.
#[derive(Debug)]
pub struct GuardedStream {
    inner: TcpStream,
    _slot: OwnedSemaphorePermit,
    idle_timeout: Duration,
    idle: Pin<Box<Sleep>>,
}

impl GuardedStream {
    fn active(&mut self) {
        self.idle.as_mut().reset(Instant::now() + self.idle_timeout);
    }
}

impl AsyncRead for GuardedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                self.active();
                Poll::Ready(result)
            }
            Poll::Pending => match self.idle.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "connection idle too long",
                ))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for GuardedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write(cx, buf);
        if written.is_ready() {
            self.active();
        }
        written
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if written.is_ready() {
            self.active();
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Connected for GuardedStream {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        self.inner.connect_info()
    }
}

/// Answers `DEADLINE_EXCEEDED` for a request whose body is still arriving
/// `timeout` after the request began (and stops reading it).
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadlineLayer {
    timeout: Duration,
}

impl BodyDeadlineLayer {
    pub fn new(timeout: Duration) -> Self {
        Self { timeout }
    }
}

impl<S> Layer<S> for BodyDeadlineLayer {
    type Service = BodyDeadline<S>;

    fn layer(&self, inner: S) -> BodyDeadline<S> {
        BodyDeadline {
            inner,
            timeout: self.timeout,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BodyDeadline<S> {
    inner: S,
    timeout: Duration,
}

impl<S, B> Service<Request<B>> for BodyDeadline<S>
where
    S: Service<Request<DeadlineBody<B>>, Response = Response<tonic::body::Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<tonic::body::Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let late = Arc::new(AtomicBool::new(false));
        let deadline = Box::pin(tokio::time::sleep(self.timeout));
        let request = request.map(|inner| DeadlineBody {
            inner,
            deadline,
            late: late.clone(),
            done: false,
        });
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            if late.load(Ordering::Relaxed) {
                return Ok(
                    Status::deadline_exceeded("The request did not arrive in time.").into_http(),
                );
            }
            Ok(response)
        })
    }
}

/// A request body that fails once its deadline passes before its end.
#[derive(Debug)]
pub struct DeadlineBody<B> {
    inner: B,
    deadline: Pin<Box<Sleep>>,
    late: Arc<AtomicBool>,
    done: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("request body did not arrive in time")]
struct BodyLate;

impl<B> http_body::Body for DeadlineBody<B>
where
    B: http_body::Body + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = B::Data;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = &mut *self;
        if this.late.load(Ordering::Relaxed) {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(None) => {
                this.done = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(frame)) => Poll::Ready(Some(frame.map_err(Into::into))),
            Poll::Pending if this.done => Poll::Pending,
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.late.store(true, Ordering::Relaxed);
                    Poll::Ready(Some(Err(Box::new(BodyLate))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
