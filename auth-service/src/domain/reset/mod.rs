//! Forgot password (README, "Forgot password"): security questions or an emailed link, both
//! ending in a reset token that `CompletePasswordReset` spends. Nothing here
//! tells whether an account exists.

mod complete;
mod email;
mod questions;

pub use email::ResetEmail;
pub(crate) use email::{RESET_MAIL_SLOTS, over_limit};
pub use questions::{QuestionResetStarted, decoy_questions};

use std::time::Duration;

use portal_common::db::Connection;
use secrecy::{ExposeSecret, SecretString};

use super::AuthDomain;
use super::tokens;
use crate::error::AuthError;
use crate::store::reset as store;
use portal_common::UtcTime;

/// How long a reset token works (README, "Forgot password").
pub const TOKEN_LIFE: Duration = Duration::from_secs(60 * 60);
/// How long a security-question flow works.
pub const FLOW_LIFE: Duration = Duration::from_secs(10 * 60);

/// A token handed to the user, and when it stops working.
#[derive(Debug)]
pub struct IssuedToken {
    pub token: SecretString,
    pub expires_at: UtcTime,
}

impl AuthDomain {
    /// A new reset token for `user_id`, voiding the older ones, inside the
    /// caller's transaction.
    pub(crate) async fn issue_reset_token(
        &self,
        conn: &mut Connection,
        user_id: &str,
    ) -> Result<IssuedToken, AuthError> {
        let now = self.now();
        // Serialises token issues per account, so "a newer token voids the
        // older ones" holds across replicas.
        crate::store::registration::lock_user(conn, user_id).await?;
        let token = tokens::random_secret();
        let expires_at = now.plus(TOKEN_LIFE);
        store::replace_token(
            conn,
            user_id,
            &tokens::token_digest(token.expose_secret()),
            now,
            expires_at,
        )
        .await?;
        Ok(IssuedToken { token, expires_at })
    }

    /// The throttle key of the security-question option, apart from sign-in.
    pub(crate) fn question_reset_key(email_key: &str) -> String {
        format!("reset-questions:{email_key}")
    }
}
