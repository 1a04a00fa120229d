//! Whose call this is, when the gateway sits behind a load balancer.
//!
//! Only a peer in `GATEWAY_TRUSTED_PROXIES` (none by default: the gateway
//! is the edge) may name the client, through `Forwarded` (RFC 7239) or,
//! when that is absent, `X-Forwarded-For`. Each proxy appends the address
//! it saw, so the list is read from the right: trusted proxies are
//! skipped, and the first address that is not one of them is the client —
//! anything to its left was written by the client itself and is ignored.
//! From any other peer, the socket's address is the client's.

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;
use portal_common::forwarding::TrustedProxies;

/// The client of a call that reached the gateway from `peer`.
pub fn client_ip(headers: &HeaderMap, peer: IpAddr, trusted: &TrustedProxies) -> IpAddr {
    if !trusted.trusts(peer) {
        return peer;
    }
    let Some(hops) = forwarded_hops(headers) else {
        return peer;
    };
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        match hop {
            Some(ip) => {
                client = ip;
                if !trusted.trusts(ip) {
                    break;
                }
            }
            // An entry that is no address (`unknown`, an obfuscated name,
            // garbage): the chain cannot be followed further left.
            None => break,
        }
    }
    client
}

/// The hops of `Forwarded`, or of `X-Forwarded-For` when there is none, in
/// order (each header line after the one before). `None` when neither is
/// present; an entry that is not an address is `None` in the list.
fn forwarded_hops(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let forwarded: Vec<&str> = headers
        .get_all(http::header::FORWARDED)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return Some(
            forwarded
                .iter()
                .flat_map(|line| line.split(','))
                .map(|element| {
                    element
                        .split(';')
                        .filter_map(|pair| pair.split_once('='))
                        .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                        .and_then(|(_, value)| parse_node(value))
                })
                .collect(),
        );
    }
    let forwarded_for: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if forwarded_for.is_empty() {
        return None;
    }
    Some(
        forwarded_for
            .iter()
            .flat_map(|line| line.split(','))
            .map(parse_node)
            .collect(),
    )
}

/// An address as proxies write it: `192.0.2.1`, `"192.0.2.1:4711"`,
/// `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn parse_node(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    text.parse::<IpAddr>()
        .or_else(|_| text.parse::<SocketAddr>().map(|addr| addr.ip()))
        .or_else(|_| {
            text.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, http::HeaderValue::from_static(value));
        }
        map
    }

    fn balancer() -> TrustedProxies {
        TrustedProxies::parse("10.0.0.0/8").unwrap_or_else(|_| TrustedProxies::none())
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let claims = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            client_ip(&claims, ip("203.0.113.5"), &balancer()),
            ip("203.0.113.5")
        );
        assert_eq!(
            client_ip(&claims, ip("10.0.0.2"), &TrustedProxies::none()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        // The client wrote 1.2.3.4 itself; the balancer appended what it saw.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.9")]);
        assert_eq!(
            client_ip(&chain, ip("10.0.0.2"), &balancer()),
            ip("198.51.100.7")
        );
        let lines = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_ip(&lines, ip("10.0.0.2"), &balancer()),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn forwarded_is_read_before_x_forwarded_for() {
        let both = headers(&[
            (
                "forwarded",
                "for=1.2.3.4, for=\"[2001:db8::1]:4711\";proto=https",
            ),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_ip(&both, ip("10.0.0.2"), &balancer()),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn an_unreadable_hop_stops_the_walk_at_the_last_trusted_one() {
        let garbage = headers(&[("x-forwarded-for", "198.51.100.7, not-an-ip, 10.0.0.9")]);
        assert_eq!(
            client_ip(&garbage, ip("10.0.0.2"), &balancer()),
            ip("10.0.0.9")
        );
        let nothing = headers(&[]);
        assert_eq!(
            client_ip(&nothing, ip("10.0.0.2"), &balancer()),
            ip("10.0.0.2")
        );
    }
}
