//! Proxy mode: every call under `/portal.auth.…` goes to the auth service,
//! every call under `/portal.support.…` to the support service, unchanged.
//! No code per RPC: a new RPC passes through as soon as a service has it.
//!
//! Each call goes from the connection task that read it straight onto the
//! service's shared HTTP/2 connection (`upstream.rs`), with no queue or
//! worker task between them (a tonic `Channel` adds both). Every portal
//! RPC is unary, so the request body is read whole first (it is already
//! bounded by the body limit) and sent together with the headers.

use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response};
use http_body_util::BodyExt;
use tonic::Status;
use tonic::body::Body;

use crate::edge::status_response;
use crate::upstream::Upstream;

/// The two upstream services.
#[derive(Debug, Clone)]
pub struct Upstreams {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    auth: Upstream,
    support: Upstream,
    /// How long a caller may take to send its request body.
    body_timeout: Duration,
}

impl Upstreams {
    /// Connections are made on first use with a short connect timeout, so a
    /// service that is down answers `UNAVAILABLE` quickly, and one that
    /// comes back is used again without a restart.
    pub fn new(
        auth_url: &str,
        support_url: &str,
        timeout: Duration,
        connect_timeout: Duration,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            inner: Arc::new(Inner {
                auth: Upstream::new(auth_url, connect_timeout, timeout)?,
                support: Upstream::new(support_url, connect_timeout, timeout)?,
                body_timeout: timeout,
            }),
        })
    }

    /// Forwards one call. A body that does not arrive in time is
    /// `DEADLINE_EXCEEDED`; an upstream that cannot be reached or does not
    /// answer in time is `UNAVAILABLE`.
    pub async fn forward(self, request: Request<axum::body::Body>) -> Response<Body> {
        let path = request.uri().path();
        let upstream = if path.starts_with("/portal.auth.") {
            &self.inner.auth
        } else if path.starts_with("/portal.support.") {
            &self.inner.support
        } else {
            // Not a portal service: the gRPC answer for an unknown service.
            return status_response(Status::new(tonic::Code::Unimplemented, "no such service"));
        };
        let (parts, body) = request.into_parts();
        let body = match tokio::time::timeout(self.inner.body_timeout, body.collect()).await {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(error)) => return unreadable(error),
            Err(_) => {
                return status_response(Status::deadline_exceeded(
                    "The request did not arrive in time.",
                ));
            }
        };
        match upstream.call(parts, body).await {
            Ok(response) => response.map(Body::new),
            Err(error) => {
                tracing::warn!(%error, "upstream call failed");
                status_response(Status::unavailable(
                    "The service is unavailable. Please try again shortly.",
                ))
            }
        }
    }
}

/// The body could not be read: the client went away, sent something that
/// is not grpc-web, or passed the body limit (which the limit layer answers
/// with its own status). Nothing was forwarded.
fn unreadable(error: axum::Error) -> Response<Body> {
    tracing::debug!(%error, "request body unreadable");
    status_response(Status::invalid_argument(
        "The request body could not be read.",
    ))
}
