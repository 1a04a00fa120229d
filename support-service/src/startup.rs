//! Building the support service: the shared foundation (database,
//! migrations, mail sender, janitor), then the auth-service client; and
//! what a server mounts of it. The only file that knows both the domain and
//! the API (ARCHITECTURE.md, "Layers").

use std::sync::Arc;
use std::time::Duration;

use portal_common::janitor::Sweep;
use portal_common::metrics::MetricsBuilder;
use portal_common::service::{Foundation, GrpcServices, Migrator, PortalService};
use portal_proto::support::v1::agent_service_server::AgentServiceServer;
use portal_proto::support::v1::support_service_server::SupportServiceServer;

use crate::auth_client::SessionChecker;
use crate::domain::SupportDomain;
use crate::grpc::{AgentApi, SupportApi};
use crate::settings::Settings;
use crate::store;

/// The support service as its own process, bound to its port, not yet
/// serving.
pub type Application = portal_common::service::Application<SupportDomain>;

impl PortalService for SupportDomain {
    const NAME: &'static str = "support-service";
    type Settings = Settings;
    const MIGRATOR: &'static Migrator = &store::MIGRATOR;
    const SWEEPS: &'static [Sweep] = store::sweeps::SWEEPS;

    /// The auth-service client on the foundation.
    async fn build(settings: &Settings, foundation: Foundation) -> anyhow::Result<Arc<Self>> {
        let Foundation {
            db, mail, clock, ..
        } = foundation;
        let sessions = SessionChecker::new(
            &settings.auth_url,
            Duration::from_secs(settings.session_cache_seconds),
            clock.clone(),
        )?;
        Ok(Arc::new(SupportDomain::new(
            db,
            clock,
            mail,
            sessions,
            settings.limits.clone(),
        )))
    }

    fn add_services(domain: &Arc<Self>, services: GrpcServices) -> GrpcServices {
        services
            .with(SupportServiceServer::new(SupportApi::new(domain.clone())))
            .with(AgentServiceServer::new(AgentApi::new(domain.clone())))
    }

    /// The mail outbox's gauges.
    fn gauges(domain: &Arc<Self>, metrics: MetricsBuilder) -> MetricsBuilder {
        portal_common::mail::outbox_gauges(metrics, "support", domain.database())
    }
}
