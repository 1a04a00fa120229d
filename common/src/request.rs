//! What a request carries besides its message: the bearer token, and the
//! client's address and user agent (forwarded by the gateway when present).

use tonic::Request;

/// Set by the gateway to the browser's address; believed only from a
/// trusted peer (see `forwarding`).
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

/// The client's IP: the gateway's header, else the socket's peer. The
/// header only survives from a trusted peer (see `forwarding`).
pub fn client_ip<T>(request: &Request<T>) -> String {
    header(request, CLIENT_IP_HEADER)
        .or_else(|| request.remote_addr().map(|addr| addr.ip().to_string()))
        .unwrap_or_default()
}

pub fn user_agent<T>(request: &Request<T>) -> String {
    header(request, CLIENT_USER_AGENT_HEADER)
        .or_else(|| header(request, "user-agent"))
        .unwrap_or_default()
}

/// The token of `authorization: Bearer <token>`, if any.
pub fn bearer_token<T>(request: &Request<T>) -> Option<String> {
    let value = request.metadata().get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Request metadata the gateway sets (overwriting the caller's) on browser
/// calls: a new session token is to be delivered in the response header
/// [`SESSION_TOKEN_HEADER`] instead of the message body, so the gateway can
/// turn it into an HttpOnly cookie and no script ever sees it (README,
/// "Sessions in the browser").
pub const SESSION_DELIVERY_HEADER: &str = "x-portal-session-delivery";
/// The one value of [`SESSION_DELIVERY_HEADER`].
pub const SESSION_DELIVERY_COOKIE: &str = "cookie";
/// Response header metadata: a session token to keep (cookie delivery), or
/// the empty value when the caller's session has ended and any copy of it
/// should be forgotten.
pub const SESSION_TOKEN_HEADER: &str = "x-portal-session-token";

/// Whether the caller asked for cookie delivery of new session tokens.
pub fn wants_cookie_delivery<T>(request: &Request<T>) -> bool {
    request
        .metadata()
        .get(SESSION_DELIVERY_HEADER)
        .is_some_and(|value| value == SESSION_DELIVERY_COOKIE)
}
