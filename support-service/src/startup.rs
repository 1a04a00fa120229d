//! Building and running the support service: database and migrations, the
//! auth-service client, the mail sender, then gRPC with health and
//! reflection.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use portal_common::janitor::Sweep;
use portal_common::metrics::{Metrics, MetricsBuilder};
use portal_common::server::Listening;
use portal_common::{Clock, Database};
use portal_proto::support::v1::agent_service_server::AgentServiceServer;
use portal_proto::support::v1::support_service_server::SupportServiceServer;
use tokio_util::sync::CancellationToken;

use crate::auth_client::SessionChecker;
use crate::domain::SupportDomain;
use crate::grpc::{AgentApi, SupportApi};
use crate::settings::Settings;
use crate::store;

/// A built service, bound to its port, not yet serving.
#[derive(Debug)]
pub struct Application {
    listening: Listening,
    domain: Arc<SupportDomain>,
}

impl Application {
    /// Connects, migrates, starts the background workers and binds
    /// `settings.listen` (port 0 picks a free port).
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let stop = CancellationToken::new();
        let domain = build_domain(&settings, clock, stop.clone()).await?;
        let listening = Listening::bind(
            settings.listen,
            settings.trusted_proxies.clone(),
            settings.connections.clone(),
            stop,
        )
        .await?;
        Ok(Self { listening, domain })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        self.listening.local_addr()
    }

    pub fn domain(&self) -> Arc<SupportDomain> {
        self.domain.clone()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight calls and
    /// stops the background workers.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let (health_reporter, health) = tonic_health::server::health_reporter();
        report_serving(&health_reporter).await;
        let metrics = gauges(Metrics::builder(), &self.domain).build();
        let routes =
            add_services(tonic::service::Routes::default(), &self.domain).add_service(health);
        self.listening
            .serve("support-service", routes, metrics, shutdown)
            .await
    }
}

/// Both services of the support desk, ready to mount on a tonic server.
pub fn add_services(
    routes: tonic::service::Routes,
    domain: &Arc<SupportDomain>,
) -> tonic::service::Routes {
    routes
        .add_service(SupportServiceServer::new(SupportApi::new(domain.clone())))
        .add_service(AgentServiceServer::new(AgentApi::new(domain.clone())))
}

/// The support service's gauges: its mail outbox backlog.
pub fn gauges(metrics: MetricsBuilder, domain: &Arc<SupportDomain>) -> MetricsBuilder {
    let db = domain.database().clone();
    metrics
        .gauge(
            "support_mail_outbox_backlog",
            "support emails not delivered yet",
            {
                let db = db.clone();
                move || {
                    let db = db.clone();
                    async move {
                        portal_common::mail::pending_count(db.pool())
                            .await
                            .unwrap_or(-1)
                    }
                }
            },
        )
        .gauge(
            "support_mail_outbox_failed",
            "support emails given up after permanent refusals",
            move || {
                let db = db.clone();
                async move {
                    portal_common::mail::failed_count(db.pool())
                        .await
                        .unwrap_or(-1)
                }
            },
        )
}

pub async fn report_serving(reporter: &tonic_health::server::HealthReporter) {
    reporter
        .set_serving::<SupportServiceServer<SupportApi>>()
        .await;
    reporter.set_serving::<AgentServiceServer<AgentApi>>().await;
}

pub async fn build_domain(
    settings: &Settings,
    clock: Arc<dyn Clock>,
    stop: CancellationToken,
) -> anyhow::Result<Arc<SupportDomain>> {
    let db = Database::connect(
        settings.database_url.as_ref(),
        &settings.sqlite_file(),
        settings.database_max_connections,
    )
    .await?;
    db.migrate(&store::MIGRATOR).await?;
    db.spawn_checkpoints(Duration::from_secs(1), stop.clone());
    let mail = settings
        .mail
        .start_sender(&db, settings.mail_dir(), stop.clone())?;
    portal_common::janitor::spawn(
        db.clone(),
        clock.clone(),
        Duration::from_secs(600),
        vec![
            Sweep {
                statement: "DELETE FROM submission_log WHERE submitted_at < $1",
                keep: Duration::from_secs(2 * 3600),
            },
            Sweep {
                statement: "DELETE FROM limit_locks WHERE touched_at < $1",
                keep: Duration::from_secs(2 * 3600),
            },
            Sweep {
                statement: "DELETE FROM mail_outbox WHERE sent_at < $1",
                keep: Duration::from_secs(7 * 24 * 3600),
            },
            Sweep {
                statement: "DELETE FROM mail_outbox WHERE failed_at < $1",
                keep: Duration::from_secs(30 * 24 * 3600),
            },
        ],
        stop.clone(),
    );
    let sessions = SessionChecker::new(
        &settings.auth_url,
        Duration::from_secs(settings.session_cache_seconds),
    )?;
    Ok(Arc::new(SupportDomain::new(
        db,
        clock,
        mail,
        sessions,
        settings.limits.clone(),
    )))
}
