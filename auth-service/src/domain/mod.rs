//! The rules of the auth service. Everything here takes the clock as a
//! parameter and talks to the database only through `crate::store`.

pub mod access_policy;
pub mod account_support;
pub mod accounts;
pub mod admin;
mod attempts;
pub(crate) mod credential_change;
pub mod hashing;
pub mod login;
pub mod mail_templates;
pub mod messages;
pub mod model;
pub mod password;
pub mod password_change;
pub mod registration;
pub mod reset;
pub mod session_cache;
pub mod session_overview;
pub mod sessions;
pub mod tokens;

use std::sync::Arc;

use portal_common::db::Connection;
use portal_common::mail::{MailSender, OutgoingMail};
use portal_common::{Clock, Database, UtcTime};

use self::hashing::{HashError, PasswordHasher};
use self::model::audit::AuditEvent;
use self::password::PasswordPolicy;
use crate::error::AuthError;
use crate::settings::{LockoutSettings, SessionSettings, TermsSettings, VerificationSettings};

/// Everything a request handler needs, shared by all of them.
#[derive(Debug)]
pub struct AuthDomain {
    pub(crate) db: Database,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) hasher: PasswordHasher,
    pub(crate) policy: PasswordPolicy,
    pub(crate) mail: MailSender,
    pub(crate) email_key: tokens::KeyMaterial,
    pub(crate) lockout: LockoutSettings,
    pub(crate) sessions: SessionSettings,
    pub(crate) session_cache: session_cache::SessionCache,
    /// Sign-in attempts waiting for a pending verification of their key.
    pub(crate) attempt_waiters: Arc<attempts::AttemptWaiters>,
    /// With `text` already read from `text_file` when one is configured.
    pub(crate) terms: TermsSettings,
    pub(crate) verification: VerificationSettings,
    pub(crate) public_url: String,
    /// The domain of `PORTAL_MAIL_FROM`.
    pub(crate) mail_from_domain: String,
    /// Reset emails being looked up and queued after their reply.
    pub(crate) reset_mail_slots: Arc<tokio::sync::Semaphore>,
    /// Rung each time one of those finishes (see [`Self::flush_mail`]).
    pub(crate) reset_mail_done: Arc<tokio::sync::Notify>,
}

/// What `AuthDomain::new` needs.
#[derive(Debug)]
pub struct AuthDomainParts {
    pub db: Database,
    pub clock: Arc<dyn Clock>,
    pub hasher: PasswordHasher,
    pub mail: MailSender,
    pub email_key: tokens::KeyMaterial,
    pub lockout: LockoutSettings,
    pub sessions: SessionSettings,
    pub terms: TermsSettings,
    pub verification: VerificationSettings,
    pub public_url: String,
    pub mail_from_domain: String,
}

impl AuthDomain {
    pub fn new(parts: AuthDomainParts) -> Self {
        Self {
            db: parts.db,
            clock: parts.clock,
            hasher: parts.hasher,
            policy: PasswordPolicy::default(),
            mail: parts.mail,
            email_key: parts.email_key,
            lockout: parts.lockout,
            session_cache: session_cache::SessionCache::new(std::time::Duration::from_millis(
                parts.sessions.validate_cache_ms,
            )),
            sessions: parts.sessions,
            attempt_waiters: Arc::default(),
            terms: parts.terms,
            verification: parts.verification,
            public_url: parts.public_url.trim_end_matches('/').to_owned(),
            mail_from_domain: parts.mail_from_domain,
            reset_mail_slots: Arc::new(tokio::sync::Semaphore::new(reset::RESET_MAIL_SLOTS)),
            reset_mail_done: Arc::default(),
        }
    }

    pub(crate) fn now(&self) -> UtcTime {
        self.clock.now()
    }

    /// Sessions ended or principals changed: validated sessions must be
    /// looked up again.
    pub(crate) fn sessions_changed(&self) {
        self.session_cache.invalidate_all();
    }

    pub(crate) fn temporary_password_life(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.verification.temporary_password_minutes * 60)
    }

    pub fn hasher(&self) -> &PasswordHasher {
        &self.hasher
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Returns once the reset emails being looked up after their reply are
    /// queued and every email due by the service's clock has been tried
    /// (see `MailSender::flush`): what tests call instead of waiting.
    pub async fn flush_mail(&self) -> anyhow::Result<()> {
        // Waits without taking a slot, so reset requests meanwhile are
        // served as ever.
        loop {
            let done = self.reset_mail_done.notified();
            tokio::pin!(done);
            done.as_mut().enable();
            if self.reset_mail_slots.available_permits() == reset::RESET_MAIL_SLOTS {
                break;
            }
            done.await;
        }
        self.mail.flush().await
    }

    /// Writes an audit row on its own (outside any larger transaction).
    pub(crate) async fn audit(&self, event: AuditEvent<'_>) -> Result<(), AuthError> {
        self.audit_by(event, None).await
    }

    /// Writes an audit row of an action performed by `actor_user_id` (an
    /// administrator or agent) on its own.
    pub(crate) async fn audit_by(
        &self,
        event: AuditEvent<'_>,
        actor_user_id: Option<&str>,
    ) -> Result<(), AuthError> {
        let mut conn = self.db.write_connection().await?;
        crate::store::audit::record_by(&mut conn, &event, actor_user_id).await?;
        Ok(())
    }

    /// Queues `mail` inside the caller's transaction.
    pub(crate) async fn queue_mail(
        &self,
        conn: &mut Connection,
        mail: &OutgoingMail,
    ) -> Result<(), AuthError> {
        portal_common::mail::enqueue(conn, mail, self.now()).await?;
        Ok(())
    }
}

impl From<HashError> for AuthError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Overloaded { retry_after } => AuthError::Overloaded { retry_after },
            HashError::Failed(reason) => AuthError::Internal(anyhow::anyhow!(reason)),
        }
    }
}
