//! Email verification codes (README, "First-time access"): 6 digits from a CSPRNG, stored
//! as a keyed hash, valid 10 minutes, voided by 5 wrong entries or by a new
//! send; sends at least 60 s apart and at most 5 an hour. Each check runs
//! under the account's row lock, so the limits hold across replicas.

use portal_common::db::Connection;
use std::time::Duration;

use hmac::{Hmac, Mac};
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::RegistrationStep;
use crate::domain::AuthDomain;
use crate::domain::mail_templates;
use crate::domain::messages;
use crate::domain::model::RequestContext;
use crate::domain::model::audit::EventKind;
use crate::error::{AuthError, Reason};
use crate::settings::VerificationSettings;
use crate::store::registration as store;
use portal_common::UtcTime;

const HOUR: Duration = Duration::from_secs(3600);

/// When the user may ask again, and when the code stops working.
#[derive(Debug, Clone, Copy)]
pub struct CodeSent {
    pub resend_available_at: UtcTime,
    pub expires_at: UtcTime,
}

/// Which sending limit holds a new code back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SendLimit {
    /// Less than `resend_after_seconds` since the last send.
    TooSoon,
    /// `max_sends_per_hour` sends in the last hour.
    TooMany,
}

/// When the next code may be sent, given the sends of the last hour
/// (oldest first); `None` when one may be sent `now`.
pub(super) fn next_send_at(
    sends: &[UtcTime],
    now: UtcTime,
    limits: &VerificationSettings,
) -> Option<(SendLimit, UtcTime)> {
    let resend_gap = Duration::from_secs(limits.resend_after_seconds);
    if let Some(next) = sends.last().map(|last| last.plus(resend_gap))
        && now < next
    {
        return Some((SendLimit::TooSoon, next));
    }
    let max = limits.max_sends_per_hour as usize;
    (sends.len() >= max).then(|| (SendLimit::TooMany, sends[sends.len() - max].plus(HOUR)))
}

impl AuthDomain {
    /// The sends of `user_id` in the hour before `now`, oldest first.
    pub(super) async fn recent_sends(
        conn: &mut Connection,
        user_id: &str,
        now: UtcTime,
    ) -> Result<Vec<UtcTime>, AuthError> {
        let hour_ago = UtcTime::from_unix_millis(now.unix_millis() - HOUR.as_millis() as i64);
        Ok(store::sends_since(conn, user_id, hour_ago).await?)
    }

    pub async fn send_verification_code(
        &self,
        token: &str,
        context: &RequestContext,
    ) -> Result<CodeSent, AuthError> {
        let principal = self.require_registration_session(token).await?;
        let user_id = &principal.account.id;
        let limits = &self.verification;
        let resend_gap = Duration::from_secs(limits.resend_after_seconds);
        let now = self.now();
        let mut tx = self.db.begin().await?;
        store::lock_user(&mut tx, user_id).await?;
        let sends = Self::recent_sends(&mut tx, user_id, now).await?;
        if let Some((limit, next)) = next_send_at(&sends, now, limits) {
            let (reason, message) = match limit {
                SendLimit::TooSoon => (
                    Reason::VerificationCodeResendTooSoon,
                    messages::VERIFICATION_RESEND_TOO_SOON,
                ),
                SendLimit::TooMany => (
                    Reason::VerificationCodeTooManySends,
                    messages::VERIFICATION_TOO_MANY_SENDS,
                ),
            };
            return Err(AuthError::ResourceExhausted {
                reason,
                message,
                retry_after: now.until(next),
            });
        }
        let code = SecretString::from(format!("{:06}", rand::rng().random_range(0..1_000_000)));
        let expires_at = now.plus(Duration::from_secs(limits.code_minutes * 60));
        store::replace_code(
            &mut tx,
            user_id,
            &self.code_hash(user_id, &code),
            now,
            expires_at,
        )
        .await?;
        let mail = mail_templates::verification_code(
            principal.account.email.as_str(),
            code.expose_secret(),
            limits.code_minutes,
        );
        self.queue_mail(&mut tx, &mail).await?;
        crate::store::audit::record(
            &mut tx,
            &crate::domain::model::audit::AuditEvent {
                at: now,
                kind: EventKind::VerificationCodeSent,
                user_id: Some(user_id),
                email: principal.account.email.as_str(),
                context,
                detail: "",
            },
        )
        .await?;
        tx.commit().await?;
        self.mail.wake();
        Ok(CodeSent {
            resend_available_at: now.plus(resend_gap),
            expires_at,
        })
    }

    pub async fn verify_email(
        &self,
        token: &str,
        code: &str,
        context: &RequestContext,
    ) -> Result<Vec<RegistrationStep>, AuthError> {
        let principal = self.require_registration_session(token).await?;
        let code = code.trim();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AuthError::invalid(
                "code",
                "must be the 6 digits from the email",
            ));
        }
        let user_id = &principal.account.id;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        store::lock_user(&mut tx, user_id).await?;
        let expired = || AuthError::InvalidField {
            reason: Reason::VerificationCodeExpired,
            message: messages::VERIFICATION_CODE_EXPIRED,
            field: "code",
            description: "no live code: request a new one".into(),
        };
        let Some((stored, expires_at, failed)) = store::code(&mut tx, user_id).await? else {
            return Err(expired());
        };
        if now >= expires_at || failed >= i64::from(self.verification.max_attempts) {
            return Err(expired());
        }
        let given = self.code_hash(user_id, &SecretString::from(code.to_owned()));
        if !bool::from(given.as_bytes().ct_eq(stored.as_bytes())) {
            store::count_wrong_code(&mut tx, user_id).await?;
            crate::store::audit::record(
                &mut tx,
                &crate::domain::model::audit::AuditEvent {
                    at: now,
                    kind: EventKind::VerificationCodeRejected,
                    user_id: Some(user_id),
                    email: principal.account.email.as_str(),
                    context,
                    detail: "",
                },
            )
            .await?;
            tx.commit().await?;
            return Err(AuthError::InvalidField {
                reason: Reason::VerificationCodeIncorrect,
                message: messages::VERIFICATION_CODE_INCORRECT,
                field: "code",
                description: "does not match the code we sent".into(),
            });
        }
        store::delete_code(&mut tx, user_id).await?;
        store::set_email_verified(&mut tx, user_id, now).await?;
        self.finish_step(
            tx,
            &principal,
            EventKind::RegistrationEmailVerified,
            context,
        )
        .await
    }

    /// Keyed, so a copy of the database does not give the codes away by
    /// brute force over the million possibilities.
    fn code_hash(&self, user_id: &str, code: &SecretString) -> String {
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.email_key) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        mac.update(b"verification-code\0");
        mac.update(user_id.as_bytes());
        mac.update(b"\0");
        mac.update(code.expose_secret().as_bytes());
        crate::domain::tokens::hex(&mac.finalize().into_bytes())
    }
}
