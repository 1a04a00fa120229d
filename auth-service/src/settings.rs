//! Typed settings of the auth service: defaults, then an optional TOML file
//! (`AUTH_CONFIG` or `--config`), then environment variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use portal_common::forwarding::TrustedProxies;
pub use portal_common::mail::MailSettings;
use secrecy::SecretString;
use serde::Deserialize;

/// Environment variable → settings path.
const ENV_KEYS: &[(&str, &str)] = &[
    ("AUTH_LISTEN", "listen"),
    ("PORTAL_DATA_DIR", "data_dir"),
    ("PORTAL_TRUSTED_PROXIES", "trusted_proxies"),
    ("AUTH_DATABASE_URL", "database_url"),
    ("PORTAL_PUBLIC_URL", "public_url"),
    ("PORTAL_SMTP_URL", "mail.smtp_url"),
    ("PORTAL_MAIL_FROM", "mail.from"),
    ("AUTH_TERMS_VERSION", "terms.version"),
    ("AUTH_TERMS_FILE", "terms.text_file"),
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
    /// SQLite file and `.eml` mail live here on the embedded default.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite:…`; unset means `data_dir/auth.db`.
    pub database_url: Option<SecretString>,
    pub database_max_connections: u32,
    /// The portal's address, used in links inside emails.
    pub public_url: String,
    pub mail: MailSettings,
    pub lockout: LockoutSettings,
    pub sessions: SessionSettings,
    pub hashing: HashingSettings,
    pub terms: TermsSettings,
    pub verification: VerificationSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LockoutSettings {
    /// Consecutive failures that lock the account.
    pub max_failures: u32,
    pub lock_minutes: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSettings {
    /// How long this process trusts a validated FULL session without asking
    /// the database again; changes made through another replica show up
    /// after at most this long. 0 turns it off.
    pub validate_cache_ms: u64,
    pub idle_minutes: u64,
    pub absolute_minutes: u64,
    pub registration_minutes: u64,
}

/// The terms of use every user accepts during registration. Changing
/// `version` asks everyone still registering to accept the new text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TermsSettings {
    pub version: String,
    pub text: String,
    /// When set, the text is read from this file at start-up instead.
    pub text_file: Option<PathBuf>,
}

/// Email-verification codes (README, "First-time access").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VerificationSettings {
    /// How long an emailed temporary password works (README, "First-time access").
    pub temporary_password_minutes: u64,
    pub code_minutes: u64,
    /// Wrong entries that void a code.
    pub max_attempts: u32,
    pub resend_after_seconds: u64,
    pub max_sends_per_hour: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HashingSettings {
    /// Threads that run argon2; 0 means one per core.
    pub workers: usize,
    /// The most requests queued or running, whatever the estimate says: a
    /// guard on memory (a queued request holds a few KiB).
    pub queue_limit: usize,
    /// The longest a request may expect to wait: one whose estimated wait
    /// (README, "Passwords") is longer is refused at once with
    /// `UNAVAILABLE` and a `RetryInfo` (so is one whose own `grpc-timeout`
    /// is shorter); also bounds a sign-in waiting for a pending
    /// verification of the same account (README, "Sign-in and lockout").
    pub max_wait_ms: u64,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            trusted_proxies: TrustedProxies::default(),
            connections: Default::default(),
            listen: SocketAddr::from(([127, 0, 0, 1], 50051)),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 16,
            public_url: "http://127.0.0.1:8080".into(),
            mail: MailSettings::default(),
            lockout: LockoutSettings::default(),
            sessions: SessionSettings::default(),
            hashing: HashingSettings::default(),
            terms: TermsSettings::default(),
            verification: VerificationSettings::default(),
        }
    }
}

impl Default for TermsSettings {
    fn default() -> Self {
        Self {
            version: "2026-01".into(),
            text: "By using the portal you agree to keep your credentials secret, to use the \
                   portal only for your organisation's work, and to follow its acceptable use \
                   policy."
                .into(),
            text_file: None,
        }
    }
}

impl Default for VerificationSettings {
    fn default() -> Self {
        Self {
            temporary_password_minutes: 15,
            code_minutes: 10,
            max_attempts: 5,
            resend_after_seconds: 60,
            max_sends_per_hour: 5,
        }
    }
}

impl Default for LockoutSettings {
    fn default() -> Self {
        Self {
            max_failures: 3,
            lock_minutes: 30,
        }
    }
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            validate_cache_ms: 1000,
            idle_minutes: 30,
            absolute_minutes: 12 * 60,
            registration_minutes: 30,
        }
    }
}

impl Default for HashingSettings {
    fn default() -> Self {
        // OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane.
        Self {
            workers: 0,
            queue_limit: 4_096,
            max_wait_ms: 10_000,
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }
}

impl Settings {
    /// Defaults → `file` → environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let env_file = std::env::var_os("AUTH_CONFIG").map(PathBuf::from);
        let file = file.map(Path::to_path_buf).or(env_file);
        portal_common::settings::load(file.as_deref(), ENV_KEYS)
            .map_err(|error| anyhow::anyhow!("invalid settings: {error}"))
    }
}

portal_common::service_settings!(Settings, "auth.db");

impl TermsSettings {
    /// The text to show: the file's content when `text_file` is set.
    pub fn resolved_text(&self) -> anyhow::Result<String> {
        match &self.text_file {
            Some(file) => std::fs::read_to_string(file)
                .map_err(|error| anyhow::anyhow!("reading terms file {}: {error}", file.display())),
            None => Ok(self.text.clone()),
        }
    }
}

impl LockoutSettings {
    pub fn lock_duration(&self) -> Duration {
        Duration::from_secs(self.lock_minutes * 60)
    }
}

impl SessionSettings {
    pub fn idle(&self) -> Duration {
        Duration::from_secs(self.idle_minutes * 60)
    }
    pub fn absolute(&self) -> Duration {
        Duration::from_secs(self.absolute_minutes * 60)
    }
    pub fn registration(&self) -> Duration {
        Duration::from_secs(self.registration_minutes * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_toml(text: &str) -> anyhow::Result<Settings> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("auth.toml");
        std::fs::write(&file, text)?;
        Settings::load(Some(&file))
    }

    #[test]
    fn a_file_overrides_the_defaults() -> anyhow::Result<()> {
        let settings = load_toml("listen = \"127.0.0.1:6000\"\n[lockout]\nmax_failures = 5\n")?;
        assert_eq!(settings.listen.port(), 6000);
        assert_eq!(settings.lockout.max_failures, 5);
        assert_eq!(
            settings.lockout.lock_minutes, 30,
            "unset keys keep their default"
        );
        Ok(())
    }

    #[test]
    fn terms_text_comes_from_the_file_when_one_is_named() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let terms = dir.path().join("terms.txt");
        std::fs::write(&terms, "Be kind to the portal.")?;
        let settings = load_toml(&format!(
            "[terms]\nversion = \"2027-01\"\ntext_file = {:?}\n",
            terms.display().to_string()
        ))?;
        assert_eq!(settings.terms.version, "2027-01");
        assert_eq!(settings.terms.resolved_text()?, "Be kind to the portal.");
        Ok(())
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(load_toml("lisen = \"127.0.0.1:6000\"\n").is_err());
        assert!(load_toml("[lockout]\nmax_failure = 5\n").is_err());
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() -> anyhow::Result<()> {
        let settings = load_toml(
            "database_url = \"postgres://app:hunter2@db/auth\"\n[mail]\nsmtp_url = \"smtp://u:hunter2@mx\"\n",
        )?;
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        Ok(())
    }
}
