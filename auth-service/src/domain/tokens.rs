//! Random secrets handed to users and what is stored in their place.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use portal_common::email::Email;

const SESSION_PREFIX: &str = "ps_";
/// base64url without padding of 32 bytes.
const SESSION_BODY_LEN: usize = 43;

/// 32 random bytes, base64url.
pub fn random_secret() -> SecretString {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    SecretString::from(URL_SAFE_NO_PAD.encode(bytes))
}

/// A new session token: `ps_` + base64url(32 random bytes).
pub fn new_session_token() -> SecretString {
    SecretString::from(format!(
        "{SESSION_PREFIX}{}",
        random_secret().expose_secret()
    ))
}

/// True when `token` has the shape of a session token; anything else is
/// refused before it reaches the database.
pub fn is_session_token_shaped(token: &str) -> bool {
    token.strip_prefix(SESSION_PREFIX).is_some_and(|body| {
        body.len() == SESSION_BODY_LEN
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// What is stored for a token: hex SHA-256. Lookups go by this value, so no
/// token is ever compared byte by byte in the application.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Keyed hash of an email, the key of the login throttle: the same for
/// known and unknown emails, and useless to anyone without the key.
pub fn email_key(key: &[u8], email: &Email) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm cannot be reached.
        Err(_) => return token_digest(email.as_str()),
    };
    mac.update(email.as_str().as_bytes());
    hex(&mac.finalize().into_bytes())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_tokens_have_the_documented_shape() {
        let token = new_session_token();
        assert!(token.expose_secret().starts_with("ps_"));
        assert!(is_session_token_shaped(token.expose_secret()));
        assert_ne!(token.expose_secret(), new_session_token().expose_secret());
    }

    #[test]
    fn malformed_tokens_are_recognised() {
        for bad in [
            "",
            "ps_",
            "ps_short",
            "xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            assert!(!is_session_token_shaped(bad), "{bad}");
        }
        let with_bad_char = format!("ps_{}!", "A".repeat(42));
        assert!(!is_session_token_shaped(&with_bad_char));
    }

    #[test]
    fn email_keys_depend_on_the_key() -> Result<(), crate::error::AuthError> {
        let email = Email::parse("a@example.com", "email")?;
        assert_eq!(email_key(b"k1", &email), email_key(b"k1", &email));
        assert_ne!(email_key(b"k1", &email), email_key(b"k2", &email));
        assert_eq!(email_key(b"k1", &email).len(), 64);
        Ok(())
    }
}

/// Secret key bytes that never show in `Debug` output.
#[derive(Clone)]
pub struct KeyMaterial(Vec<u8>);

impl KeyMaterial {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl std::ops::Deref for KeyMaterial {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyMaterial(<redacted>)")
    }
}
