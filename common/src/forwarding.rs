//! Who may tell a service the client's address.
//!
//! The gateway passes the browser's address and user agent on as
//! `x-client-ip` and `x-client-user-agent`. A service believes them only
//! from a peer in its trusted ranges (by default: this machine only, where
//! an embedded or neighbouring gateway runs; a gateway elsewhere is named
//! in `PORTAL_TRUSTED_PROXIES`); from anyone else they are removed before
//! any handler sees them, so a neighbour cannot choose the address its
//! limits and audit rows are kept under. The gateway uses the same ranges
//! type for the load balancers it believes (`GATEWAY_TRUSTED_PROXIES`).

use std::net::IpAddr;
use std::sync::Arc;

use http::Request;
use ipnet::IpNet;
use tonic::transport::server::TcpConnectInfo;
use tower::util::MapRequestLayer;

use crate::request::{CLIENT_IP_HEADER, CLIENT_USER_AGENT_HEADER};

/// Loopback only.
const DEFAULT: &[&str] = &["127.0.0.0/8", "::1/128"];

/// The peers whose forwarded client headers are believed. In settings, a
/// string read by [`TrustedProxies::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl<'de> serde::Deserialize<'de> for TrustedProxies {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Default for TrustedProxies {
    fn default() -> Self {
        Self(Arc::new(
            DEFAULT.iter().filter_map(|net| net.parse().ok()).collect(),
        ))
    }
}

impl TrustedProxies {
    /// Trusts nobody.
    pub fn none() -> Self {
        Self(Arc::new(Vec::new()))
    }

    /// Comma-separated CIDRs (`10.0.0.0/8, 100.64.0.0/10`); empty means
    /// loopback only, `none` trusts nobody.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Self::default());
        }
        if text.eq_ignore_ascii_case("none") {
            return Ok(Self::none());
        }
        let nets = text
            .split(',')
            .map(|net| {
                let net = net.trim();
                net.parse::<IpNet>()
                    .or_else(|_| net.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| anyhow::anyhow!("{net:?} is not an IP range like 10.0.0.0/8"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Self(Arc::new(nets)))
    }

    pub fn trusts(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.0.iter().any(|net| net.contains(&peer))
    }

    /// Removes the forwarded client headers of a request from an untrusted
    /// (or unknown) peer.
    pub fn sanitize<B>(&self, request: &mut Request<B>) {
        let trusted = request
            .extensions()
            .get::<TcpConnectInfo>()
            .and_then(TcpConnectInfo::remote_addr)
            .is_some_and(|peer| self.trusts(peer.ip()));
        if !trusted {
            let headers = request.headers_mut();
            headers.remove(CLIENT_IP_HEADER);
            headers.remove(CLIENT_USER_AGENT_HEADER);
        }
    }

    /// [`TrustedProxies::sanitize`] as a layer for a server.
    pub fn layer<B>(&self) -> MapRequestLayer<impl Fn(Request<B>) -> Request<B> + Clone + use<B>> {
        let trusted = self.clone();
        MapRequestLayer::new(move |mut request: Request<B>| {
            trusted.sanitize(&mut request);
            request
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(peer: &str) -> anyhow::Result<Request<()>> {
        let mut request = Request::new(());
        let headers = request.headers_mut();
        headers.insert(CLIENT_IP_HEADER, "203.0.113.9".parse()?);
        headers.insert(CLIENT_USER_AGENT_HEADER, "Firefox".parse()?);
        request.extensions_mut().insert(TcpConnectInfo {
            local_addr: None,
            remote_addr: Some(peer.parse()?),
        });
        Ok(request)
    }

    fn kept(trusted: &TrustedProxies, peer: &str) -> anyhow::Result<bool> {
        let mut request = from(peer)?;
        trusted.sanitize(&mut request);
        Ok(request.headers().contains_key(CLIENT_IP_HEADER)
            && request.headers().contains_key(CLIENT_USER_AGENT_HEADER))
    }

    #[test]
    fn by_default_only_this_machine_may_forward() -> anyhow::Result<()> {
        let trusted = TrustedProxies::default();
        for gateway in [
            "127.0.0.1:4000",
            "127.0.0.2:4000",
            "[::1]:4000",
            "[::ffff:127.0.0.1]:4000",
        ] {
            assert!(kept(&trusted, gateway)?, "{gateway}");
        }
        // A neighbour on the private network is no gateway until named.
        for stranger in [
            "10.1.2.3:4000",
            "172.20.0.5:4000",
            "192.168.0.9:4000",
            "[fd00::7]:4000",
            "198.51.100.4:4000",
            "[2001:db8::1]:4000",
        ] {
            assert!(!kept(&trusted, stranger)?, "{stranger}");
        }
        Ok(())
    }

    #[test]
    fn configured_ranges_replace_the_default() -> anyhow::Result<()> {
        let trusted = TrustedProxies::parse(" 100.64.0.0/10, 2001:db8::1 ")?;
        assert!(kept(&trusted, "100.64.3.4:4000")?);
        assert!(kept(&trusted, "[2001:db8::1]:4000")?);
        assert!(!kept(&trusted, "127.0.0.1:4000")?);
        assert!(!kept(&TrustedProxies::parse("none")?, "127.0.0.1:4000")?);
        assert_eq!(TrustedProxies::parse("")?, TrustedProxies::default());
        Ok(())
    }

    #[test]
    fn a_request_without_a_peer_keeps_nothing() -> anyhow::Result<()> {
        let mut request = from("127.0.0.1:4000")?;
        request.extensions_mut().remove::<TcpConnectInfo>();
        TrustedProxies::default().sanitize(&mut request);
        assert!(!request.headers().contains_key(CLIENT_IP_HEADER));
        Ok(())
    }

    #[test]
    fn settings_read_it_from_a_string() -> anyhow::Result<()> {
        #[derive(serde::Deserialize)]
        struct Settings {
            trusted_proxies: TrustedProxies,
        }
        let read = |toml: &str| {
            use figment::providers::Format;
            figment::Figment::from(figment::providers::Toml::string(toml))
                .extract::<Settings>()
                .map_err(Box::new)
        };
        let settings = read(r#"trusted_proxies = "100.64.0.0/10""#)?;
        assert_eq!(
            settings.trusted_proxies,
            TrustedProxies::parse("100.64.0.0/10")?
        );
        assert!(read(r#"trusted_proxies = "office""#).is_err());
        Ok(())
    }

    #[test]
    fn nonsense_is_refused() {
        assert!(TrustedProxies::parse("10.0.0.0/8, office").is_err());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }
}
