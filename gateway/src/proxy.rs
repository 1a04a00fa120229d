//! Proxy mode: every call under `/portal.auth.…` goes to the auth service,
//! every call under `/portal.support.…` to the support service, unchanged.
//! No code per RPC: a new RPC passes through as soon as a service has it.

use std::time::Duration;

use http::{Request, Response};
use tonic::Status;
use tonic::body::Body;
use tonic::transport::{Channel, Endpoint};
use tower::ServiceExt;

use crate::edge::status_response;

/// The two upstream services.
#[derive(Debug, Clone)]
pub struct Upstreams {
    auth: Channel,
    support: Channel,
}

impl Upstreams {
    /// Lazily connected channels with short connect timeouts, so a service
    /// that is down answers `UNAVAILABLE` quickly and one that comes back is
    /// used again without a restart.
    pub fn new(
        auth_url: &str,
        support_url: &str,
        timeout: Duration,
        connect_timeout: Duration,
    ) -> anyhow::Result<Self> {
        let channel = |url: &str| -> anyhow::Result<Channel> {
            Ok(Endpoint::from_shared(url.to_owned())?
                .timeout(timeout)
                .connect_timeout(connect_timeout)
                .connect_lazy())
        };
        Ok(Self {
            auth: channel(auth_url)?,
            support: channel(support_url)?,
        })
    }

    pub fn auth(&self) -> Channel {
        self.auth.clone()
    }

    /// Forwards one call; failures to reach the upstream become a gRPC
    /// `UNAVAILABLE`.
    pub async fn forward(self, request: Request<axum::body::Body>) -> Response<Body> {
        let path = request.uri().path();
        let channel = if path.starts_with("/portal.auth.") {
            self.auth
        } else if path.starts_with("/portal.support.") {
            self.support
        } else {
            // Not a portal service: the gRPC answer for an unknown service.
            return status_response(Status::new(tonic::Code::Unimplemented, "no such service"));
        };
        match channel.oneshot(request.map(Body::new)).await {
            Ok(response) => response,
            Err(error) => {
                tracing::warn!(%error, "upstream unreachable");
                status_response(Status::unavailable(
                    "The service is unavailable. Please try again shortly.",
                ))
            }
        }
    }
}
