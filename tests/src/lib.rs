//! Test kit for the black-box suites: fresh databases on SQLite or
//! PostgreSQL, a real SMTP server, and services started on port 0.

pub mod auth;
pub mod database;
pub mod gateway;
pub mod grpc;
pub mod registration;
pub mod services;
pub mod smtp;
pub mod smtp_script;
pub mod support;
pub mod web;

/// The test services' first retry delay and their longest: moving a
/// service's clock by `MAIL_RETRY_MAX` makes every failed delivery due
/// again.
pub const MAIL_RETRY_BASE: std::time::Duration = std::time::Duration::from_millis(100);
pub const MAIL_RETRY_MAX: std::time::Duration = std::time::Duration::from_millis(400);

pub use auth::{TestAuth, TestAuthOptions};
pub use database::TestDatabase;
pub use services::Services;
pub use smtp::{ReceivedMail, SmtpServer};
pub use support::{TestSupport, TestSupportOptions};
