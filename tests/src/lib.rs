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

pub use auth::{TestAuth, TestAuthOptions};
pub use database::TestDatabase;
pub use services::Services;
pub use smtp::{ReceivedMail, SmtpServer};
pub use support::{TestSupport, TestSupportOptions};
