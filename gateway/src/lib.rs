//! The gateway: one port for browsers (grpc-web, binary and text) and
//! internal callers (native gRPC), with CORS, per-IP rate limits, request
//! ids and the client's address passed on, browser sessions kept in an
//! HttpOnly cookie; and the portal's web front end on the same origin. It
//! proxies to the auth and support services, or, with none configured, runs
//! both in-process.

pub mod app;
pub mod body_limit;
pub mod client_address;
pub mod demo;
pub mod edge;
pub mod errors;
pub mod proxy;
pub mod scrape;
pub mod session_cookie;
pub mod settings;
pub mod upstream;
pub mod web;

pub use app::{Backends, Gateway};
pub use settings::Settings;
