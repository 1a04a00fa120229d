//! Building the service: the shared foundation (database, migrations, mail
//! sender, janitor), then the hashing pool and the service's keys; and what
//! a server mounts of it. The only file that knows both the domain and the
//! API (ARCHITECTURE.md, "Layers").

use std::sync::Arc;

use portal_common::janitor::Sweep;
use portal_common::metrics::MetricsBuilder;
use portal_common::service::{Foundation, GrpcServices, Migrator, PortalService};
use portal_proto::auth::v1::account_support_service_server::AccountSupportServiceServer;
use portal_proto::auth::v1::admin_service_server::AdminServiceServer;
use portal_proto::auth::v1::auth_service_server::AuthServiceServer;
use portal_proto::auth::v1::password_reset_service_server::PasswordResetServiceServer;
use portal_proto::auth::v1::registration_service_server::RegistrationServiceServer;

use crate::domain::hashing::PasswordHasher;
use crate::domain::tokens::{KeyMaterial, random_secret};
use crate::domain::{AuthDomain, AuthDomainParts};
use crate::grpc::{AccountSupportApi, AdminApi, AuthApi, PasswordResetApi, RegistrationApi};
use crate::settings::{Settings, TermsSettings};
use crate::store;

/// The auth service as its own process, bound to its port, not yet serving.
pub type Application = portal_common::service::Application<AuthDomain>;

/// Key of the keyed email hash in `service_keys`.
const EMAIL_KEY_NAME: &str = "login-throttle-email-key";

impl PortalService for AuthDomain {
    const NAME: &'static str = "auth-service";
    type Settings = Settings;
    const MIGRATOR: &'static Migrator = &store::MIGRATOR;
    const SWEEPS: &'static [Sweep] = store::sweeps::SWEEPS;

    /// The hashing pool and the email key on the foundation.
    async fn build(settings: &Settings, foundation: Foundation) -> anyhow::Result<Arc<Self>> {
        let Foundation {
            db, mail, clock, ..
        } = foundation;
        let email_key =
            store::keys::load_or_create(db.pool(), EMAIL_KEY_NAME, &random_secret()).await?;
        let hasher = PasswordHasher::start(&settings.hashing)?;
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

    fn add_services(domain: &Arc<Self>, services: GrpcServices) -> GrpcServices {
        services
            .with(AuthServiceServer::new(AuthApi::new(domain.clone())))
            .with(RegistrationServiceServer::new(RegistrationApi::new(
                domain.clone(),
            )))
            .with(AdminServiceServer::new(AdminApi::new(domain.clone())))
            .with(AccountSupportServiceServer::new(AccountSupportApi::new(
                domain.clone(),
            )))
            .with(PasswordResetServiceServer::new(PasswordResetApi::new(
                domain.clone(),
            )))
    }

    /// The hashing queue depth and the mail outbox's gauges.
    fn gauges(domain: &Arc<Self>, metrics: MetricsBuilder) -> MetricsBuilder {
        let hasher = domain.hasher().clone();
        let metrics = metrics.gauge(
            "password_hash_queue_depth",
            "password hashing jobs waiting or running",
            move || {
                let depth = hasher.queue_depth();
                async move { i64::try_from(depth).unwrap_or(i64::MAX) }
            },
        );
        portal_common::mail::outbox_gauges(metrics, "auth", domain.database())
    }
}
