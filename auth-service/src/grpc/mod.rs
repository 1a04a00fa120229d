//! The gRPC edge: generated traits implemented by converting proto ⇄ domain
//! and domain errors → `Status`. No rule lives here.

mod auth;
mod convert;
pub mod metadata;

pub use auth::AuthApi;
