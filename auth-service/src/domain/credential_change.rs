//! The one rule every credential or standing change follows (README,
//! "Forgot password"): a password chosen or changed (registration
//! included), a completed reset by either option, a new temporary
//! password, disabling the account or a change of its email voids every reset token, question-reset flow, temporary
//! password and verification code issued before it. Each path calls
//! [`AuthDomain::credentials_changed`] in the transaction that makes its
//! change, so a link mailed earlier can never undo it.

use portal_common::db::Connection;

use super::AuthDomain;
use crate::error::AuthError;
use crate::store::credentials;

/// Which change happened (kept for the reader and the logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CredentialChange {
    PasswordChanged,
    PasswordReset,
    TemporaryPasswordIssued,
    Disabled,
}

impl AuthDomain {
    /// Voids what `user_id` had outstanding before `change`. Call it inside
    /// the change's transaction, before anything the change itself issues
    /// (a new temporary password is set after it).
    pub(crate) async fn credentials_changed(
        &self,
        tx: &mut Connection,
        user_id: &str,
        change: CredentialChange,
    ) -> Result<(), AuthError> {
        credentials::void_outstanding(tx, user_id, self.now()).await?;
        tracing::debug!(?change, "outstanding one-time credentials voided");
        Ok(())
    }
}
