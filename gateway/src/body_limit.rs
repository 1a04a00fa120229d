//! The cap on request bodies, answered in gRPC's own words.
//!
//! A body that declares a length over the cap is refused before anything
//! reads it. One that streams without a length (as a browser's fetch may)
//! is cut off when it passes the cap; whatever then fails downstream
//! (tonic reports it as an internal error, a forwarded call as an
//! unreadable body), the caller is told `RESOURCE_EXHAUSTED`, never
//! `INTERNAL`.
//!
//! The layer sits inside the grpc-web translation, CORS and the edge, so
//! this answer reaches a browser in grpc-web form with its CORS headers and
//! request id, and is counted like any other. (tonic-web drops a grpc-web
//! request's `Content-Length`, so there the cap applies as the body is
//! read.)

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Buf;
use http::{Request, Response};
use http_body::{Frame, SizeHint};
use tonic::Status;
use tonic::body::Body;
use tower::{Layer, Service};

use crate::edge::status_response;

#[derive(Debug, Clone, Copy)]
pub struct BodyLimitLayer {
    limit: u64,
}

impl BodyLimitLayer {
    pub fn new(limit: usize) -> Self {
        Self {
            limit: u64::try_from(limit).unwrap_or(u64::MAX),
        }
    }
}

impl<S> Layer<S> for BodyLimitLayer {
    type Service = BodyLimit<S>;

    fn layer(&self, inner: S) -> BodyLimit<S> {
        BodyLimit {
            inner,
            limit: self.limit,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BodyLimit<S> {
    inner: S,
    limit: u64,
}

impl<S, B> Service<Request<B>> for BodyLimit<S>
where
    S: Service<Request<Capped<B>>, Response = Response<Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let declared = request
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > self.limit) {
            return Box::pin(async { Ok(too_large()) });
        }
        let exceeded = Arc::new(AtomicBool::new(false));
        let limit = self.limit;
        let capped = request.map(|inner| Capped {
            inner,
            remaining: limit,
            exceeded: exceeded.clone(),
        });
        let future = self.inner.call(capped);
        Box::pin(async move {
            let response = future.await?;
            if exceeded.load(Ordering::Relaxed) {
                return Ok(too_large());
            }
            Ok(response)
        })
    }
}

fn too_large() -> Response<Body> {
    status_response(Status::resource_exhausted("The request is too large."))
}

/// A request body that fails once more than the cap has been read, and
/// notes that it did.
#[derive(Debug)]
pub struct Capped<B> {
    inner: B,
    remaining: u64,
    exceeded: Arc<AtomicBool>,
}

#[derive(Debug, thiserror::Error)]
#[error("request body over the limit")]
struct TooLarge;

impl<B> http_body::Body for Capped<B>
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
        if this.exceeded.load(Ordering::Relaxed) {
            // Nothing past the cap is read.
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let length = frame.data_ref().map_or(0, |data| data.remaining() as u64);
                match this.remaining.checked_sub(length) {
                    Some(left) => {
                        this.remaining = left;
                        Poll::Ready(Some(Ok(frame)))
                    }
                    None => {
                        this.exceeded.store(true, Ordering::Relaxed);
                        Poll::Ready(Some(Err(Box::new(TooLarge))))
                    }
                }
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
