//! What a request carries besides its message: the bearer token, and the
//! client's address and user agent (forwarded by the gateway when present).

use std::net::IpAddr;

use tonic::Request;

/// Set by the gateway to the browser's address; believed only from a peer
/// on this machine or a private network (where the gateway runs).
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

/// The client's IP: the gateway's header when the peer may set it, else
/// the socket's peer. A caller on a public address cannot choose the
/// address its limits and audit rows are kept under.
pub fn client_ip<T>(request: &Request<T>) -> String {
    let peer = request.remote_addr().map(|addr| addr.ip());
    let forwarded = header(request, CLIENT_IP_HEADER);
    match (peer, forwarded) {
        (Some(peer), Some(forwarded)) if may_forward(peer) => forwarded,
        (Some(peer), _) => peer.to_string(),
        // A transport without a peer address: nobody to believe.
        (None, _) => String::new(),
    }
}

/// Loopback, private (RFC 1918) and unique-local addresses: where a gateway
/// in front of the services runs.
fn may_forward(peer: IpAddr) -> bool {
    match peer.to_canonical() {
        IpAddr::V4(ip) => ip.is_loopback() || ip.is_private(),
        IpAddr::V6(ip) => ip.is_loopback() || ip.is_unique_local(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::transport::server::TcpConnectInfo;

    fn from(peer: &str, forwarded: Option<&str>) -> anyhow::Result<Request<()>> {
        let mut request = Request::new(());
        if let Some(forwarded) = forwarded {
            request
                .metadata_mut()
                .insert(CLIENT_IP_HEADER, forwarded.parse()?);
        }
        request.extensions_mut().insert(TcpConnectInfo {
            local_addr: None,
            remote_addr: Some(peer.parse()?),
        });
        Ok(request)
    }

    #[test]
    fn the_header_is_believed_from_the_machine_and_private_networks_only() -> anyhow::Result<()> {
        for gateway in [
            "127.0.0.1:4000",
            "10.1.2.3:4000",
            "192.168.0.9:4000",
            "[::1]:4000",
            "[fd00::7]:4000",
            "[::ffff:172.16.0.1]:4000",
        ] {
            assert_eq!(
                client_ip(&from(gateway, Some("203.0.113.9"))?),
                "203.0.113.9",
                "{gateway}"
            );
        }
        assert_eq!(
            client_ip(&from("198.51.100.4:4000", Some("203.0.113.9"))?),
            "198.51.100.4"
        );
        assert_eq!(
            client_ip(&from("[2001:db8::1]:4000", Some("203.0.113.9"))?),
            "2001:db8::1"
        );
        assert_eq!(client_ip(&from("10.1.2.3:4000", None)?), "10.1.2.3");
        Ok(())
    }
}
