//! Mail settings shared by both services, and starting the sender from them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::SecretString;
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use super::{MailSender, MailSenderSettings, MailTransport};
use crate::{Clock, Database};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    /// `smtp://host:port` (or `smtps://`); unset writes `.eml` files.
    pub smtp_url: Option<SecretString>,
    pub from: String,
    pub poll_interval_ms: u64,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// Each SMTP step (connecting, every reply) must come within this;
    /// one whole delivery within four times it.
    pub smtp_timeout_ms: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: "Portal <no-reply@portal.localhost>".into(),
            poll_interval_ms: 1000,
            retry_base_ms: 1000,
            retry_max_ms: 5 * 60 * 1000,
            smtp_timeout_ms: 10_000,
        }
    }
}

impl MailSettings {
    /// The domain of the `from` address (`portal.localhost` for
    /// `Portal <no-reply@portal.localhost>`).
    pub fn from_domain(&self) -> anyhow::Result<String> {
        let from: lettre::message::Mailbox = self
            .from
            .parse()
            .context("PORTAL_MAIL_FROM is not a valid mailbox")?;
        Ok(from.email.domain().to_owned())
    }

    /// Starts the outbox sender of `db`: SMTP when configured, else `.eml`
    /// files in `mail_dir`. It stops with `stop`.
    pub fn start_sender(
        &self,
        db: &Database,
        mail_dir: PathBuf,
        clock: Arc<dyn Clock>,
        stop: CancellationToken,
    ) -> anyhow::Result<MailSender> {
        let step_timeout = Duration::from_millis(self.smtp_timeout_ms.max(1));
        let transport = MailTransport::new(self.smtp_url.as_ref(), mail_dir, step_timeout)?;
        let settings = MailSenderSettings {
            from: self
                .from
                .parse()
                .context("PORTAL_MAIL_FROM is not a valid mailbox")?,
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            retry_base: Duration::from_millis(self.retry_base_ms),
            retry_max: Duration::from_millis(self.retry_max_ms),
            send_deadline: step_timeout.saturating_mul(4),
        };
        Ok(MailSender::spawn(
            db.clone(),
            transport,
            settings,
            clock,
            stop,
        ))
    }
}
