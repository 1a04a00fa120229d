//! The auth service: accounts, sign-in with lockout, sessions, and (as they
//! land) provisioning, registration, password reset and the admin API.
//!
//! Three layers: [`grpc`] converts, [`domain`] decides, [`store`] talks SQL.

pub mod cli;
pub mod domain;
pub mod error;
pub mod grpc;
pub mod settings;
pub mod startup;
pub mod store;

pub use settings::Settings;
pub use startup::Application;
