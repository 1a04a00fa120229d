//! An auth-service started in-process on port 0, with a movable clock.

use std::net::SocketAddr;
use std::sync::Arc;

use auth_service::domain::AuthDomain;
use auth_service::domain::accounts::NewAccount;
use auth_service::domain::model::Role;
use auth_service::settings::{HashingSettings, MailSettings};
use auth_service::{Application, Settings};
use portal_common::ManualClock;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use secrecy::SecretString;
use tokio::sync::oneshot;
use tonic::transport::Channel;

use crate::TestDatabase;

/// How to start the service.
#[derive(Debug, Default)]
pub struct TestAuthOptions {
    /// `smtp://…` of the test's SMTP server; `None` writes `.eml` files.
    pub smtp_url: Option<String>,
    /// Share a clock between several instances.
    pub clock: Option<ManualClock>,
    /// Hashing pool size and queue; two workers by default.
    pub hashing: Option<HashingSettings>,
    /// A fixed address (to restart on the same one); port 0 by default.
    pub listen: Option<SocketAddr>,
    /// `[connections]`; the defaults when `None`.
    pub connections: Option<portal_common::connections::ConnectionSettings>,
}

/// A running auth-service; stops when dropped.
#[derive(Debug)]
pub struct TestAuth {
    pub addr: SocketAddr,
    pub clock: ManualClock,
    pub domain: Arc<AuthDomain>,
    _stop: oneshot::Sender<()>,
}

impl TestAuth {
    pub async fn spawn(db: &TestDatabase, options: TestAuthOptions) -> anyhow::Result<Self> {
        portal_common::telemetry::init("warn");
        let defaults = Settings::default();
        let settings = Settings {
            listen: options
                .listen
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 0))),
            data_dir: db.data_dir.path().to_path_buf(),
            database_url: db.url_secret(),
            database_max_connections: 8,
            mail: MailSettings {
                smtp_url: options.smtp_url.map(SecretString::from),
                poll_interval_ms: 50,
                retry_base_ms: crate::MAIL_RETRY_BASE.as_millis().try_into()?,
                retry_max_ms: crate::MAIL_RETRY_MAX.as_millis().try_into()?,
                ..defaults.mail
            },
            hashing: options.hashing.unwrap_or(HashingSettings {
                workers: 2,
                ..defaults.hashing
            }),
            connections: options.connections.unwrap_or_default(),
            ..defaults
        };
        let clock = options.clock.unwrap_or_default();
        let app = Application::build(settings, Arc::new(clock.clone())).await?;
        let addr = app.local_addr()?;
        let domain = app.domain();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(app.run_until_stopped(async move {
            let _ = stopped.await;
        }));
        Ok(Self {
            addr,
            clock,
            domain,
            _stop: stop,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn channel(&self) -> anyhow::Result<Channel> {
        Ok(Channel::from_shared(self.url())?.connect().await?)
    }

    pub async fn client(&self) -> anyhow::Result<AuthServiceClient<Channel>> {
        Ok(AuthServiceClient::new(self.channel().await?))
    }

    /// Creates an active account the way `auth-service user create` does.
    pub async fn create_user(
        &self,
        email: &str,
        password: &str,
        sites: &[&str],
    ) -> anyhow::Result<String> {
        self.create_user_with_roles(email, password, sites, &[])
            .await
    }

    pub async fn create_user_with_roles(
        &self,
        email: &str,
        password: &str,
        sites: &[&str],
        roles: &[Role],
    ) -> anyhow::Result<String> {
        self.create_user_in("Acme Health", email, password, sites, roles)
            .await
    }

    /// An active platform staff account (no organisation, no site).
    pub async fn create_staff(
        &self,
        email: &str,
        password: &str,
        roles: &[Role],
    ) -> anyhow::Result<String> {
        self.domain
            .create_account(NewAccount {
                email: portal_common::email::Email::parse(email, "email")?,
                password: SecretString::from(password),
                first_name: "Test".into(),
                last_name: "Staff".into(),
                organization: None,
                sites: Vec::new(),
                roles: roles.to_vec(),
            })
            .await
            .map_err(|error| anyhow::anyhow!("create_staff: {error:?}"))
    }

    /// An active account of `organization` (created when missing).
    pub async fn create_user_in(
        &self,
        organization: &str,
        email: &str,
        password: &str,
        sites: &[&str],
        roles: &[Role],
    ) -> anyhow::Result<String> {
        let id = self
            .domain
            .create_account(NewAccount {
                email: portal_common::email::Email::parse(email, "email")?,
                password: SecretString::from(password),
                first_name: "Test".into(),
                last_name: "User".into(),
                organization: Some(organization.into()),
                sites: sites.iter().map(|s| (*s).to_owned()).collect(),
                roles: roles.to_vec(),
            })
            .await
            .map_err(|error| anyhow::anyhow!("create_user: {error:?}"))?;
        Ok(id)
    }
}

impl TestAuth {
    /// Runs `auth-service bootstrap-admin --email <email>`'s logic.
    pub async fn bootstrap_admin(&self, email: &str) -> anyhow::Result<()> {
        self.domain
            .bootstrap_admin(&portal_common::email::Email::parse(email, "email")?)
            .await
            .map_err(|error| anyhow::anyhow!("bootstrap_admin: {error:?}"))?;
        Ok(())
    }

    /// The service clock's "now", in Unix seconds.
    pub fn clock_now_seconds(&self) -> i64 {
        use portal_common::Clock;
        self.clock.now().unix_millis() / 1000
    }
}

impl TestAuth {
    /// The id of the account `email` (for filters that take user ids).
    pub async fn domain_user_id(&self, email: &str) -> anyhow::Result<String> {
        let pool = self.domain.database().pool();
        let id: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(pool)
            .await?;
        Ok(id)
    }
}
