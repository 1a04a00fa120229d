//! The gateway: one port for browsers (grpc-web, binary and text) and
//! internal callers (native gRPC), with CORS, per-IP rate limits, request
//! ids and the client's address passed on. It proxies to the auth and
//! support services, or, with none configured, runs both in-process.

pub mod app;
pub mod body_limit;
pub mod demo;
pub mod edge;
pub mod proxy;
pub mod scrape;
pub mod settings;
pub mod upstream;

pub use app::{Backends, Gateway};
pub use settings::Settings;
