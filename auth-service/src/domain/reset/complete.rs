//! `CompletePasswordReset`: spend a token on a new password.

use secrecy::SecretString;
use tracing::instrument;

use crate::domain::AuthDomain;
use crate::domain::credential_change::CredentialChange;
use crate::domain::mail_templates;
use crate::domain::messages;
use crate::domain::model::audit::{AuditEvent, EventKind};
use crate::domain::model::{Account, AccountState, RequestContext};
use crate::domain::tokens;
use crate::error::{AuthError, Reason};
use crate::store::{reset as store, sessions, throttle, users};

fn token_invalid() -> AuthError {
    AuthError::InvalidField {
        reason: Reason::ResetTokenInvalid,
        message: messages::RESET_TOKEN_INVALID,
        field: "reset_token",
        description: "unknown, used, replaced or expired".into(),
    }
}

impl AuthDomain {
    /// The email of the account a live reset token belongs to, so the page
    /// can say whose password is being set (and password managers can
    /// save it) before one is typed. Only the token's holder learns it.
    #[instrument(skip_all)]
    pub async fn check_reset_token(&self, token: &str) -> Result<String, AuthError> {
        Ok(self.reset_token_account(token).await?.1.email.into_string())
    }

    /// The token's digest and its enabled account, or `RESET_TOKEN_INVALID`.
    async fn reset_token_account(&self, token: &str) -> Result<(String, Account), AuthError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(AuthError::invalid("reset_token", "must not be empty"));
        }
        let token_hash = tokens::token_digest(token);
        let user_id = store::live_token_user(self.db.pool(), &token_hash, self.now())
            .await?
            .ok_or_else(token_invalid)?;
        let mut conn = self.db.pool().acquire().await?;
        let (account, _) = users::find_by_id(&mut conn, &user_id)
            .await?
            .filter(|(account, _)| account.state != AccountState::Disabled)
            .ok_or_else(token_invalid)?;
        Ok((token_hash, account))
    }

    /// Sets the password, lifts the lockout, ends every session and emails
    /// the owner. No sign-in. For an INVITED account this is its PASSWORD
    /// registration step.
    #[instrument(skip_all)]
    pub async fn complete_password_reset(
        &self,
        token: &str,
        new_password: SecretString,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let (token_hash, account) = self.reset_token_account(token).await?;
        let now = self.now();
        let email = account.email.clone();
        let violations = self
            .policy
            .violations(&new_password, &email, "new_password");
        if !violations.is_empty() {
            return Err(AuthError::InvalidArgument(violations));
        }
        let hash = self.hasher.hash(new_password).await?;

        let mut tx = self.db.begin().await?;
        crate::store::registration::lock_user(&mut tx, &account.id).await?;
        if !store::use_token(&mut tx, &token_hash, now).await? {
            return Err(token_invalid());
        }
        // A completed reset unlocks both sign-in and the question option,
        // in the same transaction as the new password.
        let key = tokens::email_key(&self.email_key, &email);
        throttle::reset(&mut *tx, &key, now).await?;
        throttle::reset(&mut *tx, &Self::question_reset_key(&key), now).await?;
        self.credentials_changed(&mut tx, &account.id, CredentialChange::PasswordReset)
            .await?;
        store::set_reset_password(&mut tx, &account.id, &hash, now).await?;
        sessions::revoke_all_except(&mut tx, &account.id, None, now).await?;
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::PasswordReset,
                user_id: Some(&account.id),
                email: account.email.as_str(),
                context,
                detail: "",
            },
        )
        .await?;
        let mail = mail_templates::password_changed(account.email.as_str(), &self.public_url);
        self.queue_mail(&mut tx, &mail).await?;
        tx.commit().await?;
        self.sessions_changed();
        self.mail.wake();
        Ok(())
    }
}
