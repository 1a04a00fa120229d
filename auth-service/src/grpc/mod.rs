//! The gRPC edge: generated traits implemented by converting proto ⇄ domain
//! and domain errors → `Status`. No rule lives here.

mod account_support;
mod admin;
mod auth;
mod convert;
pub mod metadata;
mod parse;
mod password_reset;
mod registration;
mod session_delivery;

pub use account_support::AccountSupportApi;
pub use admin::AdminApi;
pub use auth::AuthApi;
pub use password_reset::PasswordResetApi;
pub use registration::RegistrationApi;

use std::future::Future;

use tracing::Instrument;

use crate::error::AuthError;

/// Runs `work` on its own task, in the caller's span, so a cancelled RPC
/// cannot stop it half-way (a counted attempt always gets its audit row
/// and email; a spent token always its new password).
pub(crate) async fn run_detached<T: Send + 'static>(
    work: impl Future<Output = Result<T, AuthError>> + Send + 'static,
) -> Result<T, AuthError> {
    tokio::spawn(work.instrument(tracing::Span::current()))
        .await
        .map_err(|error| AuthError::Internal(anyhow::anyhow!("request task failed: {error}")))?
}
