//! The email option: a link with a reset token, at most 1 a minute and 5 an
//! hour per account; anything beyond is dropped without a word.

use std::sync::Arc;
use std::time::Duration;

use secrecy::ExposeSecret;
use tokio::sync::{Notify, OwnedSemaphorePermit};
use tracing::{Instrument, instrument};

use super::TOKEN_LIFE;
use crate::domain::AuthDomain;
use crate::domain::mail_templates;
use crate::domain::model::audit::{AuditEvent, EventKind};
use crate::domain::model::{Account, AccountState, RequestContext};
use crate::error::AuthError;
use crate::store::{registration, reset as store, users};
use portal_common::UtcTime;
use portal_common::email::Email;

const MIN_GAP: Duration = Duration::from_secs(60);
const MAX_PER_HOUR: usize = 5;

/// Reset emails looked up and queued after their reply at one time. Past
/// that, a request is answered the same and its email silently dropped (as
/// the per-account limits drop theirs, README "Forgot password"): the reply
/// never waits for a slot, since how long a slot is held depends on the
/// account.
pub(crate) const RESET_MAIL_SLOTS: usize = 64;

/// A reset email's slot: freed, and `AuthDomain::flush_mail` told,
/// however its task ends.
struct ResetMailSlot {
    permit: Option<OwnedSemaphorePermit>,
    done: Arc<Notify>,
}

impl Drop for ResetMailSlot {
    fn drop(&mut self) {
        // Freed first, so a waiter woken next sees the slot free.
        drop(self.permit.take());
        self.done.notify_waiters();
    }
}

impl AuthDomain {
    /// Runs [`Self::send_reset_email`] on its own task and returns at once,
    /// so the caller's answer and its timing are the same whether or not
    /// the account exists. With [`RESET_MAIL_SLOTS`] sends in progress the
    /// email is dropped instead.
    pub fn spawn_reset_email(self: &Arc<Self>, email: Email, context: RequestContext) {
        let Ok(permit) = self.reset_mail_slots.clone().try_acquire_owned() else {
            tracing::warn!("reset email dropped: too many in progress");
            return;
        };
        let slot = ResetMailSlot {
            permit: Some(permit),
            done: self.reset_mail_done.clone(),
        };
        let domain = Arc::clone(self);
        tokio::spawn(
            async move {
                let _slot = slot;
                if let Err(error) = domain.send_reset_email(&email, None, &context).await {
                    tracing::error!(error = %format!("{error:#}"), "reset email not queued");
                }
            }
            .instrument(tracing::Span::current()),
        );
    }

    /// Queues the reset email when `email` has an enabled account and the
    /// per-account limits allow; otherwise does nothing, and says why (the
    /// self-service path keeps that to itself). `by` is the support agent
    /// who asked, named in the audit trail.
    #[instrument(skip_all)]
    pub async fn send_reset_email(
        &self,
        email: &Email,
        by: Option<&Account>,
        context: &RequestContext,
    ) -> Result<ResetEmail, AuthError> {
        let mut conn = self.db.pool().acquire().await?;
        let account = users::find_by_email(&mut conn, email.as_str()).await?;
        drop(conn);
        let Some((account, _)) = account.filter(|(a, _)| a.state != AccountState::Disabled) else {
            return Ok(ResetEmail::NoAccount);
        };
        let now = self.now();
        let mut tx = self.db.begin().await?;
        registration::lock_user(&mut tx, &account.id).await?;
        let sends = store::email_sends_since(
            &mut tx,
            &account.id,
            UtcTime::from_unix_millis(now.unix_millis() - 3_600_000),
        )
        .await?;
        if let Some(retry_after) = over_limit(&sends, now) {
            tracing::info!(user_id = %account.id, "reset email dropped by the per-account limit");
            return Ok(ResetEmail::Limited { retry_after });
        }
        store::record_email_send(&mut tx, &account.id, now).await?;
        let issued = self.issue_reset_token(&mut tx, &account.id).await?;
        let mail = mail_templates::password_reset(
            account.email.as_str(),
            issued.token.expose_secret(),
            &self.public_url,
            TOKEN_LIFE.as_secs() / 60,
        );
        self.queue_mail(&mut tx, &mail).await?;
        crate::store::audit::record_by(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::ResetTokenIssued,
                user_id: Some(&account.id),
                email: account.email.as_str(),
                context,
                detail: &by.map_or_else(
                    || "email".to_owned(),
                    |agent| format!("email, by {} ({})", agent.email, agent.id),
                ),
            },
            by.map(|agent| agent.id.as_str()),
        )
        .await?;
        tx.commit().await?;
        self.mail.wake();
        Ok(ResetEmail::Queued)
    }
}

/// What asking for a reset email did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetEmail {
    Queued,
    /// No enabled account has the address.
    NoAccount,
    /// The account's limit (1 a minute, 5 an hour) allows the next one
    /// after `retry_after`.
    Limited {
        retry_after: Duration,
    },
}

/// When sends at `sends` (oldest first, the last hour's) leave no room now:
/// how long until there is.
pub(crate) fn over_limit(sends: &[UtcTime], now: UtcTime) -> Option<Duration> {
    let gap = sends
        .last()
        .map(|last| now.until(last.plus(MIN_GAP)))
        .filter(|wait| !wait.is_zero());
    let hourly = (sends.len() >= MAX_PER_HOUR)
        .then(|| sends.get(sends.len() - MAX_PER_HOUR))
        .flatten()
        .map(|oldest| now.until(oldest.plus(Duration::from_secs(3600))));
    match (gap, hourly) {
        (None, None) => None,
        (a, b) => Some(
            a.unwrap_or_default()
                .max(b.unwrap_or_default())
                .max(Duration::from_secs(1)),
        ),
    }
}
