//! `ChangePassword`: a signed-in user replaces their password. The current
//! password is verified through the same throttle as sign-in, so a stolen
//! session cannot be used to guess it.

use secrecy::SecretString;
use tracing::instrument;

use super::AuthDomain;
use super::attempts::Admission;
use super::credential_change::CredentialChange;
use super::mail_templates;
use super::model::RequestContext;
use super::model::audit::{AuditEvent, EventKind};
use super::tokens;
use crate::error::AuthError;
use crate::store::{sessions, users};

impl AuthDomain {
    #[instrument(skip_all)]
    pub async fn change_password(
        &self,
        token: &str,
        current: SecretString,
        new: SecretString,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let principal = self.require_full_session(token).await?;
        let email = principal.account.email.clone();
        let violations = self.policy.violations(&new, &email, "new_password");
        if !violations.is_empty() {
            return Err(AuthError::InvalidArgument(violations));
        }
        let key = tokens::email_key(&self.email_key, &email);
        let mut attempt = match self.admit_attempt(&key, context).await? {
            Admission::Granted(attempt) => attempt,
            Admission::Locked { locked_until } => {
                return Err(AuthError::AccountLocked {
                    retry_after: self.now().until(locked_until),
                });
            }
        };
        let verify_slot = self
            .hasher
            .reserve(super::attempts::hashing_deadline(context))?;
        let mut conn = self.db.pool().acquire().await?;
        let (_, credentials) = users::find_by_id(&mut conn, &principal.account.id)
            .await?
            .ok_or(AuthError::SessionInvalid)?;
        drop(conn);
        let matched = verify_slot
            .verify(current, credentials.password_hash.as_deref())
            .await?;
        if !matched {
            let account = Some(&principal.account);
            return match self.record_failure(attempt, &email, account, context).await {
                // The count was not at the limit: just a wrong password.
                Err(AuthError::InvalidCredentials) | Ok(_) => {
                    Err(AuthError::CurrentPasswordIncorrect)
                }
                Err(other) => Err(other),
            };
        }
        let now = self.now();
        attempt
            .succeeded(&mut *self.db.write_connection().await?, now)
            .await?;
        attempt.committed();
        let new_hash = self.hasher.hash(new).await?;
        let mut tx = self.db.begin().await?;
        self.credentials_changed(
            &mut tx,
            &principal.account.id,
            CredentialChange::PasswordChanged,
        )
        .await?;
        users::set_password_hash(&mut tx, &principal.account.id, &new_hash, now).await?;
        sessions::revoke_all_except(
            &mut tx,
            &principal.account.id,
            Some(&principal.session_id),
            now,
        )
        .await?;
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::PasswordChanged,
                user_id: Some(&principal.account.id),
                email: email.as_str(),
                context,
                detail: "",
            },
        )
        .await?;
        let mail = mail_templates::password_changed(email.as_str(), &self.public_url);
        self.queue_mail(&mut tx, &mail).await?;
        tx.commit().await?;
        self.sessions_changed();
        self.mail.wake();
        Ok(())
    }
}
