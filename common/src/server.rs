//! Serving a service's routes the way every portal process does: gRPC
//! reflection over the portal's contracts, Prometheus `/metrics`, calls
//! measured, HTTP/1.1 accepted (for scrapers), graceful shutdown.

use std::future::Future;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::service::Routes;

use crate::metrics::Metrics;

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
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let router = metrics.mount(routes.add_service(reflection()?).into_axum_router());
    tonic::transport::Server::builder()
        .accept_http1(true)
        .layer(metrics.layer())
        .add_routes(Routes::from(router))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
        .context("serving gRPC")
}
