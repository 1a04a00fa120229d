//! Serving a service's routes the way every portal process does: gRPC
//! reflection over the portal's contracts, Prometheus `/metrics`, calls
//! measured and given a span with their request id (see `request_span`),
//! HTTP/1.1 accepted (for scrapers), framing errors answered
//! `INVALID_ARGUMENT`, forwarded client headers believed from trusted peers
//! only, connections capped and timed out (see `connections`), graceful
//! shutdown.

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;

use crate::connections::{BodyDeadlineLayer, ConnectionSettings};
use crate::forwarding::TrustedProxies;
use crate::metrics::Metrics;
use crate::request_span::RequestSpanLayer;

/// gRPC reflection for every portal service and gRPC health.
pub fn reflection() -> anyhow::Result<
    tonic_reflection::server::v1::ServerReflectionServer<
        impl tonic_reflection::server::v1::ServerReflection,
    >,
> {
    Ok(tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(portal_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?)
}

/// Serves `routes` (which should include health) on `listener` until
/// `shutdown` resolves; in-flight calls finish first.
pub async fn serve(
    listener: TcpListener,
    routes: Routes,
    metrics: Metrics,
    trusted: &TrustedProxies,
    connections: &ConnectionSettings,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let router = metrics.mount(routes.add_service(reflection()?).into_axum_router());
    tonic::transport::Server::builder()
        .accept_http1(true)
        .layer(RequestSpanLayer)
        .layer(metrics.layer())
        .layer(crate::framing::layer())
        .layer(trusted.layer())
        .layer(BodyDeadlineLayer::new(connections.body_timeout()))
        .add_routes(Routes::from(router))
        .serve_with_incoming_shutdown(connections.incoming(listener), shutdown)
        .await
        .context("serving gRPC")
}

/// A service bound to its port, with the token that stops its background
/// workers (mail sender, janitor, checkpoints) once serving ends.
#[derive(Debug)]
pub struct Listening {
    listener: TcpListener,
    /// Who may forward client headers to it.
    trusted: TrustedProxies,
    connections: ConnectionSettings,
    stop: CancellationToken,
}

impl Listening {
    /// Binds `address` (port 0 picks a free port).
    pub async fn bind(
        address: SocketAddr,
        trusted: TrustedProxies,
        connections: ConnectionSettings,
        stop: CancellationToken,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(address)
            .await
            .with_context(|| format!("binding {address}"))?;
        Ok(Self {
            listener,
            trusted,
            connections,
            stop,
        })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// [`serve`]s, then stops the background workers.
    pub async fn serve(
        self,
        name: &str,
        routes: Routes,
        metrics: Metrics,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        tracing::info!(address = %self.local_addr()?, "{name} listening");
        let result = serve(
            self.listener,
            routes,
            metrics,
            &self.trusted,
            &self.connections,
            shutdown,
        )
        .await;
        self.stop.cancel();
        result
    }
}
