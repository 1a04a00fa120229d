//! A support-service started in-process on port 0, pointed at a test
//! auth-service, with a movable clock.

use std::net::SocketAddr;
use std::sync::Arc;

use portal_common::ManualClock;
use portal_proto::support::v1::agent_service_client::AgentServiceClient;
use portal_proto::support::v1::support_service_client::SupportServiceClient;
use secrecy::SecretString;
use support_service::domain::SupportDomain;
use support_service::settings::{LimitSettings, MailSettings};
use support_service::{Application, Settings};
use tokio::sync::oneshot;
use tonic::transport::Channel;

use crate::TestDatabase;

#[derive(Debug, Default, Clone)]
pub struct TestSupportOptions {
    pub smtp_url: Option<String>,
    /// Each SMTP step's timeout; the default when `None`.
    pub smtp_timeout_ms: Option<u64>,
    pub auth_url: String,
    pub clock: Option<ManualClock>,
    pub limits: Option<LimitSettings>,
    pub session_cache_seconds: Option<u64>,
    /// `Settings::trusted_proxies`; unset keeps the default.
    pub trusted_proxies: Option<String>,
}

/// A running support-service; stops when dropped.
#[derive(Debug)]
pub struct TestSupport {
    pub addr: SocketAddr,
    pub clock: ManualClock,
    pub domain: Arc<SupportDomain>,
    _stop: oneshot::Sender<()>,
}

impl TestSupport {
    pub async fn spawn(db: &TestDatabase, options: TestSupportOptions) -> anyhow::Result<Self> {
        portal_common::telemetry::init("warn");
        let defaults = Settings::default();
        let settings = Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: db.data_dir.path().to_path_buf(),
            database_url: db.url_secret(),
            database_max_connections: 8,
            auth_url: options.auth_url,
            mail: MailSettings {
                smtp_url: options.smtp_url.map(SecretString::from),
                poll_interval_ms: 50,
                retry_base_ms: crate::MAIL_RETRY_BASE.as_millis().try_into()?,
                retry_max_ms: crate::MAIL_RETRY_MAX.as_millis().try_into()?,
                smtp_timeout_ms: options
                    .smtp_timeout_ms
                    .unwrap_or(defaults.mail.smtp_timeout_ms),
                ..defaults.mail
            },
            limits: options.limits.unwrap_or(defaults.limits.clone()),
            session_cache_seconds: options.session_cache_seconds.unwrap_or(1),
            trusted_proxies: match options.trusted_proxies {
                Some(text) => portal_common::forwarding::TrustedProxies::parse(&text)?,
                None => defaults.trusted_proxies.clone(),
            },
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

    pub async fn channel(&self) -> anyhow::Result<Channel> {
        Ok(Channel::from_shared(format!("http://{}", self.addr))?
            .connect()
            .await?)
    }

    pub async fn client(&self) -> anyhow::Result<SupportServiceClient<Channel>> {
        Ok(SupportServiceClient::new(self.channel().await?))
    }

    pub async fn agent_client(&self) -> anyhow::Result<AgentServiceClient<Channel>> {
        Ok(AgentServiceClient::new(self.channel().await?))
    }
}
