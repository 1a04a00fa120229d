//! The few pieces both services need in the same shape: the injected clock,
//! the database pool over SQLite or PostgreSQL, the transactional mail outbox,
//! settings loading, telemetry and the shutdown signal.

pub mod clock;
pub mod connections;
pub mod db;
pub mod email;
pub mod forwarding;
pub mod framing;
pub mod ids;
pub mod janitor;
pub mod mail;
pub mod metrics;
pub mod paging;
pub mod request;
pub mod request_span;
pub mod server;
pub mod service;
pub mod settings;
pub mod shutdown;
pub mod status;
pub mod telemetry;
pub mod text;

pub use clock::{Clock, ManualClock, SystemClock, UtcTime};
pub use db::{Backend, Database};
