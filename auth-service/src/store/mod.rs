//! SQL, and nothing else. Every statement is portable between SQLite and
//! PostgreSQL; the domain decides what to run and in which transaction.

pub mod account_support;
pub mod admin;
pub mod audit;
pub mod credentials;
pub mod keys;
pub mod organizations;
pub mod registration;
pub mod reset;
pub mod sessions;
pub mod sweeps;
pub mod throttle;
pub mod users;

/// Embedded migrations of `migrations/auth`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/auth");
