//! The auth service: accounts, sign-in with lockout, sessions,
//! provisioning, registration, password reset, the admin API and the
//! account context of the agent desk.
//!
//! Three layers pointing one way: [`grpc`] parses and converts, [`domain`]
//! decides, [`store`] talks SQL; all three share `domain::model`, and
//! [`startup`] puts them together (ARCHITECTURE.md, "Layers").

pub mod cli;
pub mod domain;
pub mod error;
pub mod grpc;
pub mod settings;
pub mod startup;
pub mod store;

pub use settings::Settings;
pub use startup::Application;
