//! Whose call this is, when the gateway sits behind a load balancer.
//!
//! Only a peer in `GATEWAY_TRUSTED_PROXIES` (none by default: the gateway
//! is the edge) may name the client, through the one header its balancers
//! write (`GATEWAY_FORWARDED_HEADER`: `X-Forwarded-For` by default, or
//! `Forwarded`, RFC 7239). Only that one is read: a balancer that appends
//! to `X-Forwarded-For` passes a client's own `Forwarded` through
//! untouched, so reading both would let the client choose. Each proxy
//! appends the address it saw, so the list is read from the right: trusted
//! proxies are skipped, and the first address that is not one of them is
//! the client — anything to its left was written by the client itself and
//! is ignored. From any other peer, the socket's address is the client's.

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;
use portal_common::forwarding::TrustedProxies;
use serde::Deserialize;

/// Which header the trusted balancers write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForwardedHeader {
    #[default]
    XForwardedFor,
    Forwarded,
}

/// The client of a call that reached the gateway from `peer`.
pub fn client_ip(
    headers: &HeaderMap,
    peer: IpAddr,
    trusted: &TrustedProxies,
    header: ForwardedHeader,
) -> IpAddr {
    if !trusted.trusts(peer) {
        return peer;
    }
    let Some(hops) = forwarded_hops(headers, header) else {
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

/// The hops of `header`, in order (each header line after the one before).
/// `None` when it is absent; an entry that is not an address is `None` in
/// the list.
fn forwarded_hops(headers: &HeaderMap, header: ForwardedHeader) -> Option<Vec<Option<IpAddr>>> {
    if header == ForwardedHeader::Forwarded {
        let forwarded: Vec<&str> = headers
            .get_all(http::header::FORWARDED)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect();
        if forwarded.is_empty() {
            return None;
        }
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

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;

    fn balancer() -> TrustedProxies {
        TrustedProxies::parse("10.0.0.0/8").unwrap_or_else(|_| TrustedProxies::none())
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let claims = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            client_ip(&claims, ip("203.0.113.5"), &balancer(), XFF),
            ip("203.0.113.5")
        );
        assert_eq!(
            client_ip(&claims, ip("10.0.0.2"), &TrustedProxies::none(), XFF),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        // The client wrote 1.2.3.4 itself; the balancer appended what it saw.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.9")]);
        assert_eq!(
            client_ip(&chain, ip("10.0.0.2"), &balancer(), XFF),
            ip("198.51.100.7")
        );
        let lines = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_ip(&lines, ip("10.0.0.2"), &balancer(), XFF),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn only_the_configured_header_is_read() {
        // The balancer appends X-Forwarded-For; the client forged Forwarded.
        let both = headers(&[
            (
                "forwarded",
                "for=1.2.3.4, for=\"[2001:db8::1]:4711\";proto=https",
            ),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_ip(&both, ip("10.0.0.2"), &balancer(), XFF),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(
                &both,
                ip("10.0.0.2"),
                &balancer(),
                ForwardedHeader::Forwarded
            ),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn an_unreadable_hop_stops_the_walk_at_the_last_trusted_one() {
        let garbage = headers(&[("x-forwarded-for", "198.51.100.7, not-an-ip, 10.0.0.9")]);
        assert_eq!(
            client_ip(&garbage, ip("10.0.0.2"), &balancer(), XFF),
            ip("10.0.0.9")
        );
        let nothing = headers(&[]);
        assert_eq!(
            client_ip(&nothing, ip("10.0.0.2"), &balancer(), XFF),
            ip("10.0.0.2")
        );
    }
}
