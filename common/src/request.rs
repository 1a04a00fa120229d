//! What a request carries besides its message: the bearer token, and the
//! client's address and user agent (forwarded by the gateway when present).

use std::time::{Duration, Instant};

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

/// When the caller stops waiting: now plus its `grpc-timeout` (gRPC over
/// HTTP/2: up to 8 digits and a unit, `H` `M` `S` `m` `u` `n`), or `None`
/// when it set none or an unreadable one.
pub fn deadline<T>(request: &Request<T>) -> Option<Instant> {
    let value = request.metadata().get("grpc-timeout")?.to_str().ok()?;
    Instant::now().checked_add(parse_grpc_timeout(value)?)
}

fn parse_grpc_timeout(value: &str) -> Option<Duration> {
    let unit = value.chars().last()?;
    let digits = &value[..value.len() - unit.len_utf8()];
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        'H' => Duration::from_secs(amount * 3600),
        'M' => Duration::from_secs(amount * 60),
        'S' => Duration::from_secs(amount),
        'm' => Duration::from_millis(amount),
        'u' => Duration::from_micros(amount),
        'n' => Duration::from_nanos(amount),
        _ => return None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeouts_read_in_their_units() {
        assert_eq!(parse_grpc_timeout("2S"), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_grpc_timeout("1500m"),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_grpc_timeout("1H"), Some(Duration::from_secs(3600)));
        assert_eq!(
            parse_grpc_timeout("99999999u"),
            Some(Duration::from_micros(99_999_999))
        );
        for bad in ["", "S", "5", "123456789S", "-1S", "1.5S", "5s", "5é"] {
            assert_eq!(parse_grpc_timeout(bad), None, "{bad:?}");
        }
    }
}
