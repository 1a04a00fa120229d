//! SQL, and nothing else; portable between SQLite and PostgreSQL.

pub mod agents;
pub mod events;
pub mod limits;
pub mod sweeps;
pub mod tickets;

/// Embedded migrations of `migrations/support`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/support");
