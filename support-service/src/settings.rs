//! Typed settings of the support service: defaults, then an optional TOML
//! file (`SUPPORT_CONFIG` or `--config`), then environment variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use portal_common::forwarding::TrustedProxies;
pub use portal_common::mail::MailSettings;
use secrecy::SecretString;
use serde::Deserialize;

const ENV_KEYS: &[(&str, &str)] = &[
    ("SUPPORT_LISTEN", "listen"),
    ("PORTAL_DATA_DIR", "data_dir"),
    ("PORTAL_TRUSTED_PROXIES", "trusted_proxies"),
    ("SUPPORT_DATABASE_URL", "database_url"),
    ("AUTH_URL", "auth_url"),
    ("PORTAL_PUBLIC_URL", "public_url"),
    ("PORTAL_SMTP_URL", "mail.smtp_url"),
    ("PORTAL_MAIL_FROM", "mail.from"),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub listen: SocketAddr,
    /// Peers whose `x-client-ip` / `x-client-user-agent` are believed:
    /// comma-separated CIDRs; empty means loopback only,
    /// `none` nobody.
    pub trusted_proxies: TrustedProxies,
    /// `[connections]`: the cap, idle and body timeouts of its port.
    pub connections: portal_common::connections::ConnectionSettings,
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite:…`; unset means `data_dir/support.db`.
    pub database_url: Option<SecretString>,
    pub database_max_connections: u32,
    /// The auth service that confirms sessions.
    pub auth_url: String,
    pub public_url: String,
    pub mail: MailSettings,
    pub limits: LimitSettings,
    /// How long a confirmed agent session is trusted before asking the auth
    /// service again.
    pub session_cache_seconds: u64,
}

/// Submissions accepted per hour.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitSettings {
    pub per_ip_per_hour: u32,
    pub per_email_per_hour: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            trusted_proxies: TrustedProxies::default(),
            connections: Default::default(),
            listen: SocketAddr::from(([127, 0, 0, 1], 50052)),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 16,
            auth_url: "http://127.0.0.1:50051".into(),
            public_url: "http://127.0.0.1:8080".into(),
            mail: MailSettings {
                from: "Portal Support <support@portal.localhost>".into(),
                ..MailSettings::default()
            },
            limits: LimitSettings::default(),
            session_cache_seconds: 5,
        }
    }
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            per_ip_per_hour: 20,
            per_email_per_hour: 5,
        }
    }
}

impl Settings {
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let env_file = std::env::var_os("SUPPORT_CONFIG").map(PathBuf::from);
        let file = file.map(Path::to_path_buf).or(env_file);
        portal_common::settings::load(file.as_deref(), ENV_KEYS)
            .map_err(|error| anyhow::anyhow!("invalid settings: {error}"))
    }
}

portal_common::service_settings!(Settings, "support.db");
