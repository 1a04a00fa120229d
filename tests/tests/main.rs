//! Black-box suites over real sockets. One binary, so the services build
//! once. Runs on SQLite, or on PostgreSQL when `PORTAL_TEST_POSTGRES_URL`
//! is set.

mod auth;
mod gateway;
mod support;
