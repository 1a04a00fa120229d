//! The support service: contact-form tickets, call-back requests and the
//! agent desk. `grpc` parses and converts, `domain` decides, `store` talks
//! SQL, all three sharing `domain::model` (ARCHITECTURE.md, "Layers");
//! agent sessions are confirmed by the auth service (`auth_client`).

pub mod auth_client;
pub mod domain;
pub mod error;
pub mod grpc;
pub mod settings;
pub mod startup;
pub mod store;

pub use settings::Settings;
pub use startup::Application;
