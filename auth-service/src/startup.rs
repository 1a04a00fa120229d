//! Building and running the service: database and migrations, hashing pool,
//! mail sender, then the gRPC server with health and reflection.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use portal_common::janitor::Sweep;
use portal_common::metrics::{Metrics, MetricsBuilder};
use portal_common::server::Listening;
use portal_common::{Clock, Database};
use portal_proto::auth::v1::account_support_service_server::AccountSupportServiceServer;
use portal_proto::auth::v1::admin_service_server::AdminServiceServer;
use portal_proto::auth::v1::auth_service_server::AuthServiceServer;
use portal_proto::auth::v1::password_reset_service_server::PasswordResetServiceServer;
use portal_proto::auth::v1::registration_service_server::RegistrationServiceServer;
use tokio_util::sync::CancellationToken;

use crate::domain::hashing::PasswordHasher;
use crate::domain::tokens::KeyMaterial;
use crate::domain::{AuthDomain, AuthDomainParts};
use crate::grpc::{AccountSupportApi, AdminApi, AuthApi, PasswordResetApi, RegistrationApi};
use crate::settings::{Settings, TermsSettings};
use crate::store;

/// Key of the keyed email hash in `service_keys`.
const EMAIL_KEY_NAME: &str = "login-throttle-email-key";

/// A built service, bound to its port, not yet serving.
#[derive(Debug)]
pub struct Application {
    listening: Listening,
    domain: Arc<AuthDomain>,
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

    pub fn domain(&self) -> Arc<AuthDomain> {
        self.domain.clone()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight calls and
    /// stops the background workers.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let (health_reporter, health) = tonic_health::server::health_reporter();
        // Migrations ran in `build`: only now is the service ready.
        report_serving(&health_reporter).await;
        let metrics = gauges(Metrics::builder(), &self.domain).build();
        let routes =
            add_services(tonic::service::Routes::default(), &self.domain).add_service(health);
        self.listening
            .serve("auth-service", routes, metrics, shutdown)
            .await
    }
}

/// Every service of the auth service, ready to mount on a tonic server (its
/// own, or the gateway's).
pub fn add_services(
    routes: tonic::service::Routes,
    domain: &Arc<AuthDomain>,
) -> tonic::service::Routes {
    routes
        .add_service(AuthServiceServer::new(AuthApi::new(domain.clone())))
        .add_service(RegistrationServiceServer::new(RegistrationApi::new(
            domain.clone(),
        )))
        .add_service(AdminServiceServer::new(AdminApi::new(domain.clone())))
        .add_service(AccountSupportServiceServer::new(AccountSupportApi::new(
            domain.clone(),
        )))
        .add_service(PasswordResetServiceServer::new(PasswordResetApi::new(
            domain.clone(),
        )))
}

/// The auth service's gauges, added to `metrics`: the hashing queue depth
/// and the mail outbox backlog.
pub fn gauges(metrics: MetricsBuilder, domain: &Arc<AuthDomain>) -> MetricsBuilder {
    let hasher = domain.hasher().clone();
    let db = domain.database().clone();
    metrics
        .gauge(
            "password_hash_queue_depth",
            "password hashing jobs waiting or running",
            move || {
                let depth = hasher.queue_depth();
                async move { i64::try_from(depth).unwrap_or(i64::MAX) }
            },
        )
        .gauge(
            "auth_mail_outbox_backlog",
            "auth emails not delivered yet",
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
            "auth_mail_outbox_failed",
            "auth emails given up after permanent refusals",
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

/// Marks every service of the auth service `SERVING`.
pub async fn report_serving(reporter: &tonic_health::server::HealthReporter) {
    reporter.set_serving::<AuthServiceServer<AuthApi>>().await;
    reporter
        .set_serving::<RegistrationServiceServer<RegistrationApi>>()
        .await;
    reporter.set_serving::<AdminServiceServer<AdminApi>>().await;
    reporter
        .set_serving::<AccountSupportServiceServer<AccountSupportApi>>()
        .await;
    reporter
        .set_serving::<PasswordResetServiceServer<PasswordResetApi>>()
        .await;
}

const DAY: Duration = Duration::from_secs(24 * 3600);

/// What the auth service forgets, and when.
fn sweeps() -> Vec<Sweep> {
    vec![
        // Throttle rows of unlocked keys nobody tried for a day.
        Sweep {
            statement: "DELETE FROM login_throttle WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)",
            keep: DAY,
        },
        // Pending verifications a dead replica left behind on a key nobody
        // tried again (the next settle on a key deletes its own).
        Sweep {
            statement: "DELETE FROM login_pending WHERE lease_until < $1",
            keep: DAY,
        },
        Sweep {
            statement: "DELETE FROM reset_flows WHERE expires_at < $1",
            keep: DAY,
        },
        Sweep {
            statement: "DELETE FROM reset_tokens WHERE expires_at < $1",
            keep: DAY,
        },
        Sweep {
            statement: "DELETE FROM reset_email_sends WHERE sent_at < $1",
            keep: DAY,
        },
        Sweep {
            statement: "DELETE FROM verification_sends WHERE sent_at < $1",
            keep: DAY,
        },
        Sweep {
            statement: "DELETE FROM verification_codes WHERE expires_at < $1",
            keep: DAY,
        },
        Sweep {
            statement: "DELETE FROM sessions WHERE absolute_expires_at < $1 OR idle_expires_at < $1",
            keep: 7 * DAY,
        },
        Sweep {
            statement: "DELETE FROM mail_outbox WHERE sent_at < $1",
            keep: 7 * DAY,
        },
        Sweep {
            statement: "DELETE FROM mail_outbox WHERE failed_at < $1",
            keep: 30 * DAY,
        },
    ]
}

/// Database, migrations, hashing pool and mail sender; the sender stops when
/// `stop` is cancelled.
pub async fn build_domain(
    settings: &Settings,
    clock: Arc<dyn Clock>,
    stop: CancellationToken,
) -> anyhow::Result<Arc<AuthDomain>> {
    let db = Database::connect(
        settings.database_url.as_ref(),
        &settings.sqlite_file(),
        settings.database_max_connections,
    )
    .await?;
    db.migrate(&store::MIGRATOR).await?;
    db.spawn_checkpoints(Duration::from_secs(1), stop.clone());
    let email_key = store::keys::load_or_create(db.pool(), EMAIL_KEY_NAME).await?;
    let hasher = PasswordHasher::start(&settings.hashing)?;
    let mail = settings
        .mail
        .start_sender(&db, settings.mail_dir(), stop.clone())?;
    portal_common::janitor::spawn(
        db.clone(),
        clock.clone(),
        Duration::from_secs(600),
        sweeps(),
        stop.clone(),
    );
    Ok(Arc::new(AuthDomain::new(AuthDomainParts {
        db,
        clock,
        hasher,
        mail,
        email_key: KeyMaterial::new(email_key),
        lockout: settings.lockout.clone(),
        sessions: settings.sessions.clone(),
        terms: TermsSettings {
            text: settings.terms.resolved_text()?,
            ..settings.terms.clone()
        },
        verification: settings.verification.clone(),
        public_url: settings.public_url.clone(),
        mail_from_domain: settings.mail.from_domain()?,
    })))
}
