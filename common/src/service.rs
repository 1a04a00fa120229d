//! How every portal service starts, in one place: the parts its domain is
//! built on ([`Foundation`]), what a server mounts of it
//! ([`PortalService`], [`Mount`]), and the stand-alone process that binds
//! its port and serves it ([`Application`]). The gateway's embedded mode
//! mounts the same services through the same trait.

use std::fmt::Debug;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;

use crate::connections::ConnectionSettings;
use crate::forwarding::TrustedProxies;
use crate::janitor::Sweep;
use crate::mail::{MailSender, MailSettings};
use crate::metrics::{Metrics, MetricsBuilder};
use crate::server::Listening;
use crate::{Clock, Database};

/// Embedded migrations, as a service's store declares them.
pub use sqlx::migrate::Migrator;

/// How often the janitor sweeps.
const SWEEP_INTERVAL: Duration = Duration::from_secs(600);
/// How often a SQLite write-ahead log is checkpointed.
const CHECKPOINT_INTERVAL: Duration = Duration::from_secs(1);

/// A service as a server mounts it. Implemented by each service's domain in
/// its `startup.rs`, the only file that knows both the domain and the API.
pub trait PortalService: Debug + Send + Sync + Sized + 'static {
    /// Names the service in logs (`auth-service`).
    const NAME: &'static str;
    /// The service's own settings.
    type Settings: ServiceSettings + Send + Sync;
    /// The service's migrations.
    const MIGRATOR: &'static Migrator;
    /// What the service's janitor deletes, besides the mail outbox's.
    const SWEEPS: &'static [Sweep];

    /// Builds the domain on its started `foundation` (see [`build`]).
    fn build(
        settings: &Self::Settings,
        foundation: Foundation,
    ) -> impl Future<Output = anyhow::Result<Arc<Self>>> + Send;

    /// Adds the service's gRPC services, each once: it is routed and
    /// reported `SERVING` from that one entry.
    fn add_services(domain: &Arc<Self>, services: GrpcServices) -> GrpcServices;

    /// Adds the service's gauges to `metrics`.
    fn gauges(domain: &Arc<Self>, metrics: MetricsBuilder) -> MetricsBuilder;
}

/// What every service's settings hold for [`Foundation::start`] and a
/// stand-alone server. Implemented with [`service_settings!`].
pub trait ServiceSettings {
    /// Where and how a stand-alone process listens.
    fn server(&self) -> ServerSettings;

    /// The foundation of a service whose migrations are `migrator` and
    /// whose own sweeps are `sweeps`.
    fn foundation(
        &self,
        migrator: &'static Migrator,
        sweeps: &'static [Sweep],
    ) -> FoundationSettings<'_>;
}

/// Implements [`ServiceSettings`] for a settings struct with the fields
/// every service has (`listen`, `trusted_proxies`, `connections`,
/// `data_dir`, `database_url`, `database_max_connections`, `mail`); its
/// SQLite file is `sqlite_file` in `data_dir`, its `.eml` files go to
/// `data_dir/mail`.
#[macro_export]
macro_rules! service_settings {
    ($settings:ty, $sqlite_file:literal) => {
        impl $crate::service::ServiceSettings for $settings {
            fn server(&self) -> $crate::service::ServerSettings {
                $crate::service::ServerSettings {
                    listen: self.listen,
                    trusted_proxies: self.trusted_proxies.clone(),
                    connections: self.connections.clone(),
                }
            }

            fn foundation(
                &self,
                migrator: &'static $crate::service::Migrator,
                sweeps: &'static [$crate::janitor::Sweep],
            ) -> $crate::service::FoundationSettings<'_> {
                $crate::service::FoundationSettings {
                    database_url: self.database_url.as_ref(),
                    sqlite_file: self.data_dir.join($sqlite_file),
                    max_connections: self.database_max_connections,
                    migrator,
                    mail: &self.mail,
                    mail_dir: self.data_dir.join("mail"),
                    sweeps,
                }
            }
        }
    };
}

/// Where a stand-alone service listens, whom it believes, and how long it
/// keeps connections (README, "Configuration").
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// Port 0 picks a free port.
    pub listen: SocketAddr,
    pub trusted_proxies: TrustedProxies,
    pub connections: ConnectionSettings,
}

/// What [`Foundation::start`] needs.
#[derive(Debug)]
pub struct FoundationSettings<'a> {
    /// `None`: the SQLite file `sqlite_file`.
    pub database_url: Option<&'a SecretString>,
    pub sqlite_file: PathBuf,
    /// The pool's size (on SQLite, the readers').
    pub max_connections: u32,
    /// The service's migrations, run on start.
    pub migrator: &'static Migrator,
    /// How mail leaves: SMTP or `.eml` files.
    pub mail: &'a MailSettings,
    /// Where `.eml` files go when no SMTP server is configured.
    pub mail_dir: PathBuf,
    /// The service's own sweeps; the mail outbox's are added.
    pub sweeps: &'static [Sweep],
}

/// Starts `S`'s foundation and builds `S` on it: what a stand-alone
/// process, the gateway's embedded mode and the command line all call. The
/// background workers stop when `stop` is cancelled.
pub async fn build<S: PortalService>(
    settings: &S::Settings,
    clock: Arc<dyn Clock>,
    stop: CancellationToken,
) -> anyhow::Result<Arc<S>> {
    let built = async {
        let foundation = Foundation::start(
            settings.foundation(S::MIGRATOR, S::SWEEPS),
            clock,
            stop.clone(),
        )
        .await?;
        S::build(settings, foundation).await
    }
    .await;
    if built.is_err() {
        // The workers started so far must not outlive a service that never
        // came up.
        stop.cancel();
    }
    built
}

/// The parts every service's domain stands on, started: the database
/// (migrated; on SQLite, checkpointed), the mail sender, and the janitor;
/// with the clock they run on and the token that stops them.
#[derive(Debug)]
pub struct Foundation {
    /// Migrated.
    pub db: Database,
    /// Delivering the outbox of `db`.
    pub mail: MailSender,
    /// What every rule of the service reads the time from.
    pub clock: Arc<dyn Clock>,
    /// Cancelled when the service stops; the workers stop with it.
    pub stop: CancellationToken,
}

impl Foundation {
    /// Connects and migrates, then starts the background workers; they
    /// stop when `stop` is cancelled.
    pub async fn start(
        settings: FoundationSettings<'_>,
        clock: Arc<dyn Clock>,
        stop: CancellationToken,
    ) -> anyhow::Result<Self> {
        let db = Database::connect(
            settings.database_url,
            &settings.sqlite_file,
            settings.max_connections,
        )
        .await?;
        db.migrate(settings.migrator).await?;
        db.spawn_checkpoints(CHECKPOINT_INTERVAL, stop.clone());
        let mail =
            settings
                .mail
                .start_sender(&db, settings.mail_dir, clock.clone(), stop.clone())?;
        let sweeps = settings
            .sweeps
            .iter()
            .chain(crate::mail::OUTBOX_SWEEPS)
            .copied()
            .collect();
        crate::janitor::spawn(
            db.clone(),
            clock.clone(),
            SWEEP_INTERVAL,
            sweeps,
            stop.clone(),
        );
        Ok(Self {
            db,
            mail,
            clock,
            stop,
        })
    }
}

/// The gRPC services of one portal service, as [`PortalService::add_services`]
/// lists them.
#[derive(Debug)]
pub struct GrpcServices {
    routes: Routes,
    names: Vec<&'static str>,
}

impl GrpcServices {
    /// Routes `service` and has it reported `SERVING` with the others.
    pub fn with<S>(mut self, service: S) -> Self
    where
        S: tower::Service<http::Request<tonic::body::Body>, Error = std::convert::Infallible>
            + tonic::server::NamedService
            + Clone
            + Send
            + Sync
            + 'static,
        S::Response: axum::response::IntoResponse,
        S::Future: Send + 'static,
    {
        self.names.push(S::NAME);
        self.routes = self.routes.add_service(service);
        self
    }
}

/// The routes, gauges and gRPC health of the services one server mounts.
#[derive(Debug)]
pub struct Mount {
    /// gRPC health, then each service added.
    routes: Routes,
    metrics: MetricsBuilder,
    reporter: HealthReporter,
}

impl Default for Mount {
    fn default() -> Self {
        Self::with_routes(Routes::default())
    }
}

impl Mount {
    /// A mount over `routes` (a proxy's fallback, say), with gRPC health.
    pub fn with_routes(routes: Routes) -> Self {
        let (reporter, health) = tonic_health::server::health_reporter();
        Self {
            routes: routes.add_service(health),
            metrics: Metrics::builder(),
            reporter,
        }
    }

    /// Adds `domain`'s services and gauges, and reports them `SERVING`:
    /// migrations ran when it was built, and health is only answered once
    /// the server runs.
    pub async fn add<S: PortalService>(self, domain: &Arc<S>) -> Self {
        let services = S::add_services(
            domain,
            GrpcServices {
                routes: self.routes,
                names: Vec::new(),
            },
        );
        for name in &services.names {
            self.reporter
                .set_service_status(name, ServingStatus::Serving)
                .await;
        }
        Self {
            routes: services.routes,
            metrics: S::gauges(domain, self.metrics),
            ..self
        }
    }

    /// The routes, gRPC health included, and the metrics.
    pub fn finish(self) -> (Routes, Metrics) {
        (self.routes, self.metrics.build())
    }
}

/// A service built as its own process, bound to its port, not yet serving.
#[derive(Debug)]
pub struct Application<S> {
    listening: Listening,
    domain: Arc<S>,
}

impl<S: PortalService> Application<S> {
    /// Connects, migrates, starts the background workers and binds the
    /// service's `listen` address (port 0 picks a free port).
    pub async fn build(settings: S::Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let stop = CancellationToken::new();
        let domain = build::<S>(&settings, clock, stop.clone()).await?;
        let server = settings.server();
        let listening = Listening::bind(
            server.listen,
            server.trusted_proxies,
            server.connections,
            stop,
        )
        .await?;
        Ok(Self { listening, domain })
    }

    /// The bound address (with the port picked, when 0 was asked for).
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        self.listening.local_addr()
    }

    /// The service's domain, for tests and the command line.
    pub fn domain(&self) -> Arc<S> {
        self.domain.clone()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight calls and
    /// stops the background workers.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let (routes, metrics) = Mount::default().add(&self.domain).await.finish();
        self.listening
            .serve(S::NAME, routes, metrics, shutdown)
            .await
    }
}
