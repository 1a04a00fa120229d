//! Typed settings of the gateway: defaults, optional TOML file
//! (`GATEWAY_CONFIG` or `--config`), environment.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

const ENV_KEYS: &[(&str, &str)] = &[
    ("GATEWAY_LISTEN", "listen"),
    ("GATEWAY_ALLOWED_ORIGINS", "allowed_origins"),
    ("AUTH_URL", "auth_url"),
    ("SUPPORT_URL", "support_url"),
    ("GATEWAY_RATE_LIMIT_PER_MINUTE", "rate_limit_per_minute"),
    ("PORTAL_PUBLIC_URL", "public_url"),
    ("GATEWAY_SESSION_COOKIE", "session_cookie"),
    ("GATEWAY_TRUSTED_PROXIES", "trusted_proxies"),
    ("GATEWAY_FORWARDED_HEADER", "forwarded_header"),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub listen: SocketAddr,
    /// Comma-separated origins browsers may call from, e.g.
    /// `https://portal.example.com`; `*` allows any.
    pub allowed_origins: String,
    /// Both set: proxy to these services. Neither: run both in-process.
    pub auth_url: Option<String>,
    pub support_url: Option<String>,
    /// Sign-in, reset and support submissions per client IP per minute.
    pub rate_limit_per_minute: u32,
    /// How long a proxied call may take before it is `UNAVAILABLE`.
    pub upstream_timeout_ms: u64,
    pub upstream_connect_timeout_ms: u64,
    /// Request bodies beyond this are refused.
    pub max_body_bytes: usize,
    /// The address people open (the same `PORTAL_PUBLIC_URL` the auth
    /// service puts in emails). Over `https://` the session cookie is
    /// `Secure` and `__Host-` prefixed, and this origin may make
    /// cookie-authenticated calls besides the one the browser reached.
    pub public_url: String,
    /// Name of the browser's HttpOnly session cookie.
    pub session_cookie: String,
    /// Load balancers whose forwarded header names the client
    /// (comma-separated CIDRs; `none`, the default, trusts nobody: the
    /// gateway is the edge; see `client_address`).
    pub trusted_proxies: portal_common::forwarding::TrustedProxies,
    /// The one header those balancers write: `x-forwarded-for` (default)
    /// or `forwarded`.
    pub forwarded_header: crate::client_address::ForwardedHeader,
    /// `[connections]`: the cap, idle and body timeouts of its port.
    pub connections: portal_common::connections::ConnectionSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            allowed_origins: "http://localhost:3000,http://127.0.0.1:3000".into(),
            auth_url: None,
            support_url: None,
            rate_limit_per_minute: 30,
            upstream_timeout_ms: 15_000,
            upstream_connect_timeout_ms: 1_000,
            max_body_bytes: 4 * 1024 * 1024,
            public_url: "http://127.0.0.1:8080".into(),
            session_cookie: "portal_session".into(),
            trusted_proxies: portal_common::forwarding::TrustedProxies::none(),
            forwarded_header: Default::default(),
            connections: Default::default(),
        }
    }
}

impl Settings {
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let env_file = std::env::var_os("GATEWAY_CONFIG").map(PathBuf::from);
        let file = file.map(Path::to_path_buf).or(env_file);
        portal_common::settings::load(file.as_deref(), ENV_KEYS)
            .map_err(|error| anyhow::anyhow!("invalid settings: {error}"))
    }

    /// The session cookie's rules: secure over https; trusted origins are
    /// the public address and the explicitly allowed ones.
    pub fn cookie_policy(&self) -> crate::session_cookie::CookiePolicy {
        let public = self.public_url.trim_end_matches('/');
        let public_origin = public.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        let mut trusted = self.origins();
        trusted.push(public_origin);
        crate::session_cookie::CookiePolicy::new(
            &self.session_cookie,
            public.starts_with("https://"),
            trusted,
        )
    }

    pub fn origins(&self) -> Vec<String> {
        self.allowed_origins
            .split(',')
            .map(str::trim)
            .filter(|origin| !origin.is_empty())
            .map(str::to_owned)
            .collect()
    }
}
