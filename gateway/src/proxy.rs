//! Proxy mode: every call under `/portal.auth.…` goes to the auth service,
//! every call under `/portal.support.…` to the support service, unchanged.
//! No code per RPC: a new RPC passes through as soon as a service has it.
//!
//! Forwarding uses hyper's pooled HTTP/2 client directly: each call goes
//! from the connection task that read it onto the shared upstream
//! connection, with no queue and no worker task between them (a tonic
//! `Channel` adds both). Every portal RPC is unary, so the request body is
//! read whole first (it is already bounded by the body limit) and sent in
//! one go: the upstream connection then needs no extra task per call to
//! pump it.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{Request, Response, Uri, Version};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tonic::Status;
use tonic::body::Body;

use crate::edge::status_response;

/// The two upstream services, behind one connection pool.
#[derive(Debug, Clone)]
pub struct Upstreams {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: Client<HttpConnector, Full<Bytes>>,
    auth: Origin,
    support: Origin,
    timeout: Duration,
}

/// Where one service listens (`http://host:port`).
#[derive(Debug)]
struct Origin {
    scheme: Scheme,
    authority: Authority,
}

impl Origin {
    fn parse(url: &str) -> anyhow::Result<Self> {
        let uri: Uri = url
            .parse()
            .with_context(|| format!("upstream url {url:?}"))?;
        let parts = uri.into_parts();
        let scheme = parts.scheme.unwrap_or(Scheme::HTTP);
        anyhow::ensure!(
            scheme == Scheme::HTTP,
            "upstream url {url:?}: only http:// is supported (the services speak plaintext gRPC)"
        );
        let authority = parts
            .authority
            .with_context(|| format!("upstream url {url:?} has no host"))?;
        Ok(Self { scheme, authority })
    }

    /// The same path at this origin.
    fn with_path(&self, path: Option<PathAndQuery>) -> Option<Uri> {
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path.unwrap_or_else(|| PathAndQuery::from_static("/")))
            .build()
            .ok()
    }
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
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(connect_timeout));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .http2_only(true)
            .build(connector);
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                auth: Origin::parse(auth_url)?,
                support: Origin::parse(support_url)?,
                timeout,
            }),
        })
    }

    /// Forwards one call; failures to reach the upstream, or no answer
    /// within the timeout, become a gRPC `UNAVAILABLE`.
    pub async fn forward(self, request: Request<axum::body::Body>) -> Response<Body> {
        let timeout = self.inner.timeout;
        match tokio::time::timeout(timeout, self.send(request)).await {
            Ok(response) => response,
            Err(elapsed) => unavailable(&elapsed),
        }
    }

    async fn send(self, request: Request<axum::body::Body>) -> Response<Body> {
        let path = request.uri().path();
        let origin = if path.starts_with("/portal.auth.") {
            &self.inner.auth
        } else if path.starts_with("/portal.support.") {
            &self.inner.support
        } else {
            // Not a portal service: the gRPC answer for an unknown service.
            return status_response(Status::new(tonic::Code::Unimplemented, "no such service"));
        };
        let (mut parts, body) = request.into_parts();
        let body = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(error) => return unreadable(error),
        };
        let Some(uri) = origin.with_path(parts.uri.path_and_query().cloned()) else {
            return status_response(Status::new(tonic::Code::Unimplemented, "no such service"));
        };
        parts.uri = uri;
        // gRPC is HTTP/2 upstream, whatever the browser spoke to the gateway.
        parts.version = Version::HTTP_2;
        let request = Request::from_parts(parts, Full::new(body));
        match self.inner.client.request(request).await {
            Ok(response) => response.map(Body::new),
            Err(error) => unavailable(&error),
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

fn unavailable(error: &dyn std::fmt::Display) -> Response<Body> {
    tracing::warn!(%error, "upstream unreachable");
    status_response(Status::unavailable(
        "The service is unavailable. Please try again shortly.",
    ))
}
