//! The auth service's reading of request metadata (see
//! `portal_common::request`).

use portal_common::request;
use tonic::Request;

use crate::domain::model::RequestContext;
use crate::error::AuthError;

pub fn request_context<T>(request: &Request<T>) -> RequestContext {
    RequestContext {
        client_ip: request::client_ip(request),
        user_agent: request::user_agent(request),
        deadline: request::deadline(request),
    }
}

/// The bearer token, or `SessionInvalid` when there is none.
pub fn bearer_token<T>(request: &Request<T>) -> Result<String, AuthError> {
    request::bearer_token(request).ok_or(AuthError::SessionInvalid)
}
