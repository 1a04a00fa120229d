//! The gRPC edge: proto ⇄ domain and errors → `Status`; no rule lives here.

mod agent;
mod convert;
mod support;

pub use agent::AgentApi;
pub use support::SupportApi;
