//! The gRPC edge: generated traits implemented by converting proto ⇄ domain
//! and domain errors → `Status`. No rule lives here.

mod admin;
mod auth;
mod convert;
pub mod metadata;
mod password_reset;
mod registration;

pub use admin::AdminApi;
pub use auth::AuthApi;
pub use password_reset::PasswordResetApi;
pub use registration::RegistrationApi;
