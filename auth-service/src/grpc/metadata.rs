//! What a request carries besides its message: the bearer token, and the
//! client's address and user agent (forwarded by the gateway when present).

use tonic::Request;

use crate::domain::model::RequestContext;
use crate::error::AuthError;

/// Set by the gateway to the browser's address; trusted because only the
/// gateway and internal services can reach this port.
pub const CLIENT_IP_HEADER: &str = "x-client-ip";
/// Set by the gateway to the browser's user agent.
pub const CLIENT_USER_AGENT_HEADER: &str = "x-client-user-agent";

const MAX_RECORDED_LEN: usize = 256;

fn header<T>(request: &Request<T>, name: &str) -> Option<String> {
    request
        .metadata()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.chars().take(MAX_RECORDED_LEN).collect())
}

pub fn request_context<T>(request: &Request<T>) -> RequestContext {
    let client_ip = header(request, CLIENT_IP_HEADER)
        .or_else(|| request.remote_addr().map(|addr| addr.ip().to_string()))
        .unwrap_or_default();
    let user_agent = header(request, CLIENT_USER_AGENT_HEADER)
        .or_else(|| header(request, "user-agent"))
        .unwrap_or_default();
    RequestContext {
        client_ip,
        user_agent,
    }
}

/// The token of `authorization: Bearer <token>`.
pub fn bearer_token<T>(request: &Request<T>) -> Result<String, AuthError> {
    let value = request
        .metadata()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .ok_or(AuthError::SessionInvalid)?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or(AuthError::SessionInvalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(AuthError::SessionInvalid);
    }
    Ok(token.trim().to_owned())
}
