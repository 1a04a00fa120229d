//! Building the gateway for either mode and serving it.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use auth_service::domain::AuthDomain;
use http::{HeaderName, Method};
use portal_common::Clock;
use portal_common::connections::BodyDeadlineLayer;
use portal_common::request_span::RequestSpanLayer;
use portal_common::service::{self, Mount};
use support_service::domain::SupportDomain;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::body_limit::BodyLimitLayer;
use crate::edge::{EdgeLayer, REQUEST_ID_HEADER};
use crate::proxy::Upstreams;
use crate::scrape::ScrapeLayer;
use crate::session_cookie::SessionCookieLayer;
use crate::settings::Settings;
use crate::web::WebFrontEndLayer;

/// Where the services are.
#[derive(Debug)]
pub enum Backends {
    /// Proxy to running services.
    Remote {
        auth_url: String,
        support_url: String,
    },
    /// Run both in-process with these settings (the support service's
    /// `auth_url` is pointed at the gateway itself).
    Embedded {
        auth: Box<auth_service::Settings>,
        support: Box<support_service::Settings>,
        clock: Arc<dyn Clock>,
    },
}

/// The in-process services of embedded mode.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub auth: Arc<AuthDomain>,
    pub support: Arc<SupportDomain>,
}

/// A built gateway, bound to its port, not yet serving.
#[derive(Debug)]
pub struct Gateway {
    listener: TcpListener,
    settings: Settings,
    /// The embedded services, or the proxy to the remote ones.
    mount: Mount,
    embedded: Option<Embedded>,
    stop: CancellationToken,
}

impl Gateway {
    pub async fn build(settings: Settings, backends: Backends) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("binding {}", settings.listen))?;
        let address = listener.local_addr()?;
        let stop = CancellationToken::new();
        let (mount, embedded) = match backends {
            Backends::Remote {
                auth_url,
                support_url,
            } => {
                let upstreams = Upstreams::new(
                    &auth_url,
                    &support_url,
                    Duration::from_millis(settings.upstream_timeout_ms),
                    Duration::from_millis(settings.upstream_connect_timeout_ms),
                )?;
                let router = axum::Router::new().fallback(move |request| {
                    let upstreams = upstreams.clone();
                    async move { upstreams.forward(request).await }
                });
                (Mount::with_routes(Routes::from(router)), None)
            }
            Backends::Embedded {
                auth,
                mut support,
                clock,
            } => {
                let auth = service::build::<AuthDomain>(&auth, clock.clone(), stop.clone()).await?;
                support.auth_url = format!("http://{address}");
                let support =
                    service::build::<SupportDomain>(&support, clock, stop.clone()).await?;
                let mount = Mount::default().add(&auth).await.add(&support).await;
                (mount, Some(Embedded { auth, support }))
            }
        };
        Ok(Self {
            listener,
            settings,
            mount,
            embedded,
            stop,
        })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The in-process services, in embedded mode.
    pub fn embedded(&self) -> Option<&Embedded> {
        self.embedded.as_ref()
    }

    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let reflection = portal_common::server::reflection()?;
        let (routes, metrics) = self.mount.finish();
        let routes = routes.add_service(reflection);

        tracing::info!(
            address = %self.listener.local_addr()?,
            mode = if self.embedded.is_some() { "embedded" } else { "proxy" },
            "gateway listening"
        );
        let result = tonic::transport::Server::builder()
            .accept_http1(true)
            .layer(cors(&self.settings))
            .layer(ScrapeLayer::new(metrics.clone()))
            .layer(WebFrontEndLayer)
            // Before grpc-web is unwrapped: the browser's content type and
            // cookie decide here.
            .layer(SessionCookieLayer::new(self.settings.cookie_policy()))
            .layer(tonic_web::GrpcWebLayer::new())
            .layer(metrics.layer())
            .layer(EdgeLayer::new(
                self.settings.rate_limit_per_minute,
                self.settings.trusted_proxies.clone(),
                self.settings.forwarded_header,
            ))
            // After the edge named the call: its span carries the request
            // id the browser sees.
            .layer(RequestSpanLayer)
            // Oversized and late bodies are cut off before a service reads
            // them.
            .layer(BodyLimitLayer::new(self.settings.max_body_bytes))
            .layer(BodyDeadlineLayer::new(
                self.settings.connections.body_timeout(),
            ))
            .add_routes(routes)
            .serve_with_incoming_shutdown(
                self.settings.connections.incoming(self.listener),
                shutdown,
            )
            .await;
        self.stop.cancel();
        result.context("serving")
    }
}

/// Browsers from the allowed origins may call, see gRPC's status headers,
/// and cache the preflight for a day.
fn cors(settings: &Settings) -> CorsLayer {
    let origins = settings.origins();
    let allow_origin = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| o.parse().ok()))
    };
    let header = HeaderName::from_static;
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::POST, Method::OPTIONS])
        .allow_headers([
            header("content-type"),
            header("x-grpc-web"),
            header("x-user-agent"),
            header("grpc-timeout"),
            header("authorization"),
            header(REQUEST_ID_HEADER),
        ])
        .expose_headers([
            header("grpc-status"),
            header("grpc-message"),
            header("grpc-status-details-bin"),
            header(REQUEST_ID_HEADER),
        ])
        .max_age(Duration::from_secs(24 * 3600))
}
